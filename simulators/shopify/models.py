"""A Shopify shop's orders, transactions and refunds, and the rules Shopify applies to them.

Rules (DOMAIN.md §3, FIDELITY.md): a refund transaction needs a successful sale or capture of the
same order as its parent, on the same gateway, and cannot exceed what remains of that parent;
refunded quantities cannot exceed what remains of a line (``cancel`` only what is unfulfilled,
``return`` only what was fulfilled); shipping cannot exceed what remains of it (its
``maximum_refundable``); the order's ``financial_status`` follows its transactions.

Every write validates everything first and only then changes state, under the shop's lock, so a
refused request leaves the shop as it was and concurrent refunds of one order never over-refund.
Webhooks of a write are queued in the same critical section and delivered after the response
(:mod:`.webhooks`).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING, Any

from simulators.core.numbers import MAX_MAGNITUDE, whole_number

from . import errors
from .ratelimit import GRAPHQL_BUCKET_SIZE, GRAPHQL_RESTORE_RATE, LeakyBucket, RateLimitSettings
from .schemas import (
    CENT, FINANCIAL_STATUS_FILTERS, ORDER_STATUS_FILTERS, RESTOCK_TYPES, ZERO, order_json, refund_json,
    transaction_json,
)
from .webhooks import Webhooks

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

#: Why a refund's money differs from its goods and shipping (REST ``discrepancy_reason``, GraphQL
#: ``discrepancyReason``): the reason of the ``refund_discrepancy`` adjustment (Refund resource).
DISCREPANCY_REASONS = ("restock", "damage", "customer", "other")

def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ====================================================================== records
@dataclass
class TaxLine:
    title: str
    rate: Decimal
    price: Decimal


@dataclass
class LineItem:
    id: int
    title: str
    sku: str
    quantity: int
    price: Decimal
    tax_lines: list[TaxLine] = field(default_factory=list)
    discount: Decimal = ZERO  # the line's own total_discount
    allocated: Decimal = ZERO  # its share of the order's discount codes
    fulfilled: int = 0

    @property
    def tax(self) -> Decimal:
        return sum((t.price for t in self.tax_lines), ZERO)

    @property
    def total_discount(self) -> Decimal:
        return self.discount + self.allocated

    @property
    def discounted_total(self) -> Decimal:
        return self.price * self.quantity - self.total_discount

    @property
    def unit_discounted_price(self) -> Decimal:
        return _cents((self.price * self.quantity - self.discount) / self.quantity)

    def allocated_for(self, quantity: int) -> Decimal:
        return _cents(self.allocated * quantity / self.quantity)


@dataclass
class ShippingLine:
    id: int
    title: str
    code: str
    price: Decimal
    tax_lines: list[TaxLine] = field(default_factory=list)

    @property
    def tax(self) -> Decimal:
        return sum((t.price for t in self.tax_lines), ZERO)


@dataclass
class DiscountCode:
    code: str
    type: str  # fixed_amount | percentage | shipping (not applied)
    value: Decimal
    applied: Decimal = ZERO


@dataclass
class Transaction:
    id: int
    order_id: int
    kind: str
    status: str
    amount: Decimal
    gateway: str
    currency: str
    created_at: datetime
    parent_id: int | None = None
    message: str | None = None
    authorization: str | None = None
    source_name: str = "web"


@dataclass
class RefundLineItem:
    id: int | None
    line_item_id: int
    quantity: int
    restock_type: str
    location_id: int | None
    subtotal: Decimal
    total_tax: Decimal


@dataclass
class RefundShippingLine:
    id: int | None
    shipping_line_id: int
    amount: Decimal
    tax: Decimal


@dataclass
class OrderAdjustment:
    id: int
    kind: str  # shipping_refund | refund_discrepancy
    reason: str
    amount: Decimal
    tax_amount: Decimal


@dataclass
class Refund:
    id: int
    order_id: int
    created_at: datetime
    note: str | None
    line_items: list[RefundLineItem]
    shipping_lines: list[RefundShippingLine]
    transactions: list[Transaction]
    adjustments: list[OrderAdjustment]

    @property
    def shipping(self) -> Decimal:
        return sum((s.amount for s in self.shipping_lines), ZERO)

    @property
    def shipping_tax(self) -> Decimal:
        return sum((s.tax for s in self.shipping_lines), ZERO)

    @property
    def refunded_money(self) -> Decimal:
        return sum((t.amount for t in self.transactions if t.kind == "refund" and t.status == "success"), ZERO)


@dataclass
class Suggested:
    """A ``suggested_refund`` transaction of a calculation."""

    parent_id: int
    gateway: str
    amount: Decimal
    maximum_refundable: Decimal


@dataclass
class Calculation:
    """What a refund of some lines and shipping comes to (``refunds/calculate``, ``suggestedRefund``)."""

    line_items: list[RefundLineItem]
    shipping_lines: list[RefundShippingLine]
    shipping_maximum: Decimal
    suggested: list[Suggested]

    @property
    def shipping(self) -> Decimal:
        return sum((s.amount for s in self.shipping_lines), ZERO)

    @property
    def shipping_tax(self) -> Decimal:
        return sum((s.tax for s in self.shipping_lines), ZERO)

    @property
    def subtotal(self) -> Decimal:
        return sum((r.subtotal for r in self.line_items), ZERO)

    @property
    def total_tax(self) -> Decimal:
        return sum((r.total_tax for r in self.line_items), ZERO) + self.shipping_tax

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.total_tax + self.shipping

    @property
    def maximum_refundable(self) -> Decimal:
        return sum((s.maximum_refundable for s in self.suggested), ZERO)


@dataclass
class Order:
    id: int
    name: str
    number: int
    email: str
    currency: str
    created_at: datetime
    updated_at: datetime
    customer_id: int | None
    customer: dict[str, Any]
    line_items: list[LineItem]
    shipping_lines: list[ShippingLine]
    financial_status: str
    note: str | None = None
    tags: str = ""
    source_name: str = "web"
    discount_codes: list[DiscountCode] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)

    # --------------------------------------------------------------- totals
    @property
    def total_line_items_price(self) -> Decimal:
        return sum((line.price * line.quantity for line in self.line_items), ZERO)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.discounted_total for line in self.line_items), ZERO)

    @property
    def total_discounts(self) -> Decimal:
        return sum((line.total_discount for line in self.line_items), ZERO)

    @property
    def total_shipping(self) -> Decimal:
        return sum((s.price for s in self.shipping_lines), ZERO)

    @property
    def shipping_tax(self) -> Decimal:
        return sum((s.tax for s in self.shipping_lines), ZERO)

    @property
    def total_tax(self) -> Decimal:
        return sum((line.tax for line in self.line_items), ZERO) + self.shipping_tax

    @property
    def total_price(self) -> Decimal:
        return self.subtotal + self.total_tax + self.total_shipping

    @property
    def captured_total(self) -> Decimal:
        return sum((t.amount for t in self.captured()), ZERO)

    @property
    def refunded_total(self) -> Decimal:
        return sum((t.amount for t in self.transactions if t.kind == "refund" and t.status == "success"), ZERO)

    @property
    def total_outstanding(self) -> Decimal:
        return max(ZERO, self.total_price - self.captured_total)

    @property
    def current_subtotal(self) -> Decimal:
        return self.subtotal - sum((r.subtotal for refund in self.refunds for r in refund.line_items), ZERO)

    @property
    def current_total_tax(self) -> Decimal:
        refunded = sum((r.total_tax for refund in self.refunds for r in refund.line_items), ZERO)
        return self.total_tax - refunded - sum((r.shipping_tax for r in self.refunds), ZERO)

    @property
    def current_total_price(self) -> Decimal:
        return self.current_subtotal + self.current_total_tax + self.total_shipping - self.refunded_shipping()

    @property
    def fulfillment_status(self) -> str | None:
        fulfilled = sum(line.fulfilled for line in self.line_items)
        if not fulfilled:
            return None
        return "fulfilled" if all(line.fulfilled >= line.quantity for line in self.line_items) else "partial"

    def gateways(self) -> list[str]:
        return sorted({t.gateway for t in self.transactions if t.kind in ("sale", "authorization", "capture")})

    def tax_lines(self) -> list[TaxLine]:
        merged: dict[tuple[str, Decimal], Decimal] = {}
        for t in [t for line in self.line_items for t in line.tax_lines] + [t for s in self.shipping_lines for t in s.tax_lines]:
            merged[(t.title, t.rate)] = merged.get((t.title, t.rate), ZERO) + t.price
        return [TaxLine(title, rate, price) for (title, rate), price in merged.items()]

    # --------------------------------------------------------------- money
    def transaction(self, txn_id: Any) -> Transaction | None:
        return next((t for t in self.transactions if t.id == txn_id), None)

    def captured(self) -> list[Transaction]:
        return [t for t in self.transactions if t.kind in ("sale", "capture") and t.status == "success"]

    def refunded_against(self, parent_id: int) -> Decimal:
        return sum((t.amount for t in self.transactions
                    if t.kind == "refund" and t.status == "success" and t.parent_id == parent_id), ZERO)

    def refundable(self, parent: Transaction) -> Decimal:
        return parent.amount - self.refunded_against(parent.id)

    def open_authorizations(self) -> list[Transaction]:
        return [t for t in self.transactions if t.kind == "authorization" and t.status == "success"
                and not self.voided(t.id) and self.capturable(t) > 0]

    def voided(self, auth_id: int) -> bool:
        return any(t.kind == "void" and t.status == "success" and t.parent_id == auth_id for t in self.transactions)

    def capturable(self, auth: Transaction) -> Decimal:
        captured = sum((t.amount for t in self.transactions
                        if t.kind == "capture" and t.status == "success" and t.parent_id == auth.id), ZERO)
        return auth.amount - captured

    # --------------------------------------------------------------- goods
    def refunded_quantity(self, line_item_id: int, restock_type: str | None = None) -> int:
        return sum(r.quantity for refund in self.refunds for r in refund.line_items
                   if r.line_item_id == line_item_id and (restock_type is None or r.restock_type == restock_type))

    def cancelled_quantity(self, line_item_id: int) -> int:
        return self.refunded_quantity(line_item_id, "cancel")

    def refunded_line(self, line_item_id: int) -> tuple[Decimal, Decimal]:
        """Subtotal and tax already refunded on a line."""
        rows = [r for refund in self.refunds for r in refund.line_items if r.line_item_id == line_item_id]
        return sum((r.subtotal for r in rows), ZERO), sum((r.total_tax for r in rows), ZERO)

    def refunded_shipping(self, shipping_line_id: int | None = None) -> Decimal:
        return sum((s.amount for r in self.refunds for s in r.shipping_lines
                    if shipping_line_id is None or s.shipping_line_id == shipping_line_id), ZERO)

    def refunded_shipping_tax(self, shipping_line_id: int) -> Decimal:
        return sum((s.tax for r in self.refunds for s in r.shipping_lines if s.shipping_line_id == shipping_line_id), ZERO)

    def derive_financial_status(self) -> str:
        captured = self.captured_total
        refunded = self.refunded_total
        if refunded > 0:
            return "refunded" if refunded >= captured else "partially_refunded"
        if captured > 0:
            return "paid" if captured >= self.total_price else "partially_paid"
        if self.open_authorizations():
            return "authorized"
        if any(t.kind == "void" and t.status == "success" for t in self.transactions):
            return "voided"
        return "pending"


# ====================================================================== input helpers
def _money(value: Any, field_name: str, *, positive: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise errors.Unprocessable("is not a number", field_name)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise errors.Unprocessable("is not a number", field_name) from None
    if not number.is_finite():
        raise errors.Unprocessable("is not a number", field_name)
    if abs(number) >= MAX_MAGNITUDE:
        raise errors.Unprocessable(f"must be less than {MAX_MAGNITUDE:,}", field_name)
    if number < 0:
        raise errors.Unprocessable("must be greater than or equal to 0", field_name)
    if positive and number <= 0:
        raise errors.Unprocessable("must be greater than 0", field_name)
    return _cents(number)


def _positive_int(value: Any, field_name: str) -> int:
    if isinstance(value, str):
        value = whole_number(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise errors.Unprocessable("must be greater than 0", field_name)
    if value >= MAX_MAGNITUDE:
        raise errors.Unprocessable(f"must be less than {MAX_MAGNITUDE:,}", field_name)
    return value


def _int_id(value: Any) -> int | None:
    """A record id as clients send it: an integer or a string of digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return whole_number(value.strip())
    return None


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise errors.Unprocessable("must be an object", where)
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise errors.Unprocessable("must be an array", where)
    return value


def _root(body: Any, name: str) -> dict[str, Any]:
    data = body.get(name) if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise errors.BadRequest("Required parameter missing or invalid", field=name)
    return data


def _split(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Share ``total`` across ``weights`` in cents; the last share takes the rounding remainder."""
    whole = sum(weights, ZERO)
    if whole <= 0:
        return [ZERO for _ in weights]
    shares = [_cents(total * w / whole) for w in weights[:-1]]
    return [*shares, total - sum(shares, ZERO)]


# ====================================================================== the shop
class Shop:
    """One tenant's shop. Ids come from the tenant's seeded random source."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.domain = tenant.shopify.shop
        self._orders: dict[int, Order] = {}
        self._lock = threading.RLock()
        self._next_id = tenant.random.randint(5_000_000_000_000, 5_900_000_000_000)
        self._next_number = 1000
        self.location_id = self._id()
        self.rate_limit = LeakyBucket(RateLimitSettings.from_tenant(tenant.settings))
        #: GraphQL's cost-based bucket (:mod:`.graphql`); off when the tenant turns the rate limit off.
        self.graphql_cost = LeakyBucket(RateLimitSettings(bucket_size=GRAPHQL_BUCKET_SIZE, leak_rate=GRAPHQL_RESTORE_RATE))
        self.webhooks = Webhooks(tenant, self._lock, self._id)
        #: ``@idempotent`` keys of ``refundCreate``: key → (fingerprint of the input, refund id).
        self._idempotency: dict[str, tuple[str, int, int]] = {}

    def _id(self) -> int:
        self._next_id += self.tenant.random.randint(1, 9999)
        return self._next_id

    # ---------------------------------------------------------------- orders
    def create_order(self, body: Any) -> Order:
        """Create an order from ``{"order": {...}}``.

        :raise BadRequest: no ``order`` object. :raise Unprocessable: a field is invalid.
        """
        data = _root(body, "order")
        raw_lines = data.get("line_items")
        if not isinstance(raw_lines, list) or not raw_lines:
            raise errors.Unprocessable("must have at least one line item", "line_items")
        currency = data.get("currency", "USD")
        if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
            raise errors.Unprocessable("is not a valid ISO 4217 currency", "currency")
        status = data.get("financial_status")
        if status is not None and status not in ("paid", "pending", "authorized"):
            raise errors.Unprocessable("is not included in the list", "financial_status")
        note = data.get("note")
        if note is not None and not isinstance(note, str):
            raise errors.Unprocessable("must be a string", "note")
        tags = data.get("tags", "")
        if isinstance(tags, list):
            tags = ", ".join(str(t) for t in tags)
        whole_order_fulfilled = data.get("fulfillment_status") == "fulfilled"
        now = self.tenant.clock.now()
        with self._lock:
            lines = [self._line(raw, i, whole_order_fulfilled) for i, raw in enumerate(raw_lines)]
            codes = [self._discount_code(raw, i) for i, raw in enumerate(_list(data.get("discount_codes"), "discount_codes"))]
            self._allocate(codes, lines)
            for line in lines:
                self._tax_from_rates(line)
                if line.discounted_total < 0:
                    raise errors.Unprocessable("cannot exceed the line's price", "line_items.total_discount")
            shipping = [self._shipping(raw, i) for i, raw in enumerate(_list(data.get("shipping_lines"), "shipping_lines"))]
            raw_txns = _list(data.get("transactions"), "transactions")
            customer = self._customer(data.get("customer"))
            email = data.get("email") or customer.get("email") or ""
            if not isinstance(email, str):
                raise errors.Unprocessable("is invalid", "email")
            number = self._next_number + 1
            order = Order(
                id=0, name=f"#{number}", number=number, email=email, currency=currency.upper(),
                created_at=now, updated_at=now, customer_id=None, customer=customer,
                line_items=lines, shipping_lines=shipping, financial_status="pending", note=note,
                tags=str(tags or ""), source_name=str(data.get("source_name") or "web"), discount_codes=codes,
            )
            planned = self._order_transactions(order, raw_txns)
            # ------------------------------------------------- all valid: ids, then write
            for line in lines:
                line.id = self._id()
            for shipping_line in shipping:
                shipping_line.id = self._id()
            order.id = self._id()
            order.customer_id = self._id() if customer else None
            txns = [self._new_txn(order, kind, value, gateway, status=txn_status)
                    for kind, value, gateway, txn_status in planned]
            if not raw_txns and status in (None, "paid"):
                # Shopify records a manual sale for an order created as paid without transactions.
                txns = [self._new_txn(order, "sale", order.total_price, "manual")]
            elif not raw_txns and status == "authorized":
                txns = [self._new_txn(order, "authorization", order.total_price, "manual")]
            order.transactions = txns
            order.financial_status = order.derive_financial_status()
            self._next_number = number
            self._orders[order.id] = order
            self.webhooks.trigger("orders/create", order.id, lambda: order_json(order))
            if order.financial_status == "paid":
                self.webhooks.trigger("orders/paid", order.id, lambda: order_json(order))
            return order

    def _new_txn(self, order: Order, kind: str, value: Decimal, gateway: str, *, parent_id: int | None = None,
                 status: str = "success", source_name: str = "web") -> Transaction:
        return Transaction(self._id(), order.id, kind, status, value, gateway, order.currency, self.tenant.clock.now(),
                           parent_id=parent_id, authorization=None if kind == "refund" else f"auth-{order.id % 100000}",
                           message=f"{'Marked' if gateway == 'manual' else 'Processed'} {kind} of {value}",
                           source_name=source_name)

    def _line(self, raw: Any, index: int, fulfilled: bool) -> LineItem:
        where = f"line_items[{index}]"
        raw = _object(raw, where)
        title = raw.get("title") or raw.get("name")
        if not isinstance(title, str) or not title.strip():
            raise errors.Unprocessable("can't be blank", f"{where}.title")
        quantity = _positive_int(raw.get("quantity", 1), f"{where}.quantity")
        line = LineItem(
            id=0, title=title, sku=str(raw.get("sku") or ""), quantity=quantity,
            price=_money(raw.get("price", "0"), f"{where}.price"),
            discount=_money(raw.get("total_discount", "0"), f"{where}.total_discount"),
            fulfilled=quantity if fulfilled or raw.get("fulfillment_status") == "fulfilled" else 0,
        )
        for t_index, tax in enumerate(_list(raw.get("tax_lines"), f"{where}.tax_lines")):
            line.tax_lines.append(self._tax_line(tax, f"{where}.tax_lines[{t_index}]"))
        return line

    @staticmethod
    def _tax_line(raw: Any, where: str) -> TaxLine:
        raw = _object(raw, where)
        rate = raw.get("rate", 0)
        if isinstance(rate, bool) or not isinstance(rate, (int, float, str)):
            raise errors.Unprocessable("is not a number", f"{where}.rate")
        try:
            rate_value = Decimal(str(rate))
        except InvalidOperation:
            raise errors.Unprocessable("is not a number", f"{where}.rate") from None
        if not rate_value.is_finite() or rate_value < 0:
            raise errors.Unprocessable("must be greater than or equal to 0", f"{where}.rate")
        # A tax line without a price is priced from its rate once discounts are known (_tax_from_rates).
        price = _money(raw["price"], f"{where}.price") if raw.get("price") is not None else Decimal("-1")
        return TaxLine(str(raw.get("title") or "Tax"), rate_value, price)

    @staticmethod
    def _tax_from_rates(line: LineItem) -> None:
        for tax in line.tax_lines:
            if tax.price < 0:
                tax.price = _cents(line.discounted_total * tax.rate)

    @staticmethod
    def _discount_code(raw: Any, index: int) -> DiscountCode:
        where = f"discount_codes[{index}]"
        raw = _object(raw, where)
        code = raw.get("code")
        if not isinstance(code, str) or not code:
            raise errors.Unprocessable("can't be blank", f"{where}.code")
        kind = raw.get("type", "fixed_amount")
        if kind not in ("fixed_amount", "percentage"):
            raise errors.Unprocessable("is not included in the list", f"{where}.type")
        value = _money(raw.get("amount", "0"), f"{where}.amount")
        if kind == "percentage" and value > 100:
            raise errors.Unprocessable("must be less than or equal to 100", f"{where}.amount")
        return DiscountCode(code, kind, value)

    @staticmethod
    def _allocate(codes: list[DiscountCode], lines: list[LineItem]) -> None:
        """Spread each discount code over the lines in proportion to what they cost (``across``)."""
        for code in codes:
            bases = [line.price * line.quantity - line.total_discount for line in lines]
            base = sum(bases, ZERO)
            total = _cents(base * code.value / 100) if code.type == "percentage" else min(code.value, base)
            code.applied = total
            for line, share in zip(lines, _split(total, bases), strict=True):
                line.allocated += share

    def _shipping(self, raw: Any, index: int) -> ShippingLine:
        where = f"shipping_lines[{index}]"
        raw = _object(raw, where)
        line = ShippingLine(0, str(raw.get("title") or "Shipping"), str(raw.get("code") or raw.get("title") or "standard"),
                            _money(raw.get("price", "0"), f"{where}.price"))
        for t_index, tax in enumerate(_list(raw.get("tax_lines"), f"{where}.tax_lines")):
            line.tax_lines.append(self._tax_line(tax, f"{where}.tax_lines[{t_index}]"))
        for tax in line.tax_lines:
            if tax.price < 0:
                tax.price = _cents(line.price * tax.rate)
        return line

    @staticmethod
    def _customer(raw: Any) -> dict[str, Any]:
        if raw is None:
            return {}
        raw = _object(raw, "customer")
        return {k: raw.get(k) for k in ("first_name", "last_name", "email") if raw.get(k) is not None}

    @staticmethod
    def _order_transactions(order: Order, raw_txns: list[Any]) -> list[tuple[str, Decimal, str, str]]:
        """The order's transactions as (kind, amount, gateway, status), validated; ids come later."""
        result: list[tuple[str, Decimal, str, str]] = []
        for index, raw in enumerate(raw_txns):
            where = f"transactions[{index}]"
            raw = _object(raw, where)
            kind = raw.get("kind", "sale")
            if kind not in ("sale", "authorization", "capture"):
                raise errors.Unprocessable("is not included in the list", f"{where}.kind")
            status = raw.get("status", "success")
            if status not in ("success", "pending", "failure", "error"):
                raise errors.Unprocessable("is not included in the list", f"{where}.status")
            value = _money(raw.get("amount", str(order.total_price)), f"{where}.amount")
            result.append((kind, value, str(raw.get("gateway") or "manual"), status))
        captured = sum((v for k, v, _, st in result if k in ("sale", "capture") and st == "success"), ZERO)
        authorized = sum((v for k, v, _, st in result if k == "authorization" and st == "success"), ZERO)
        if captured + authorized > order.total_price:
            raise errors.Unprocessable(f"Transactions total {captured + authorized} exceeds the order total {order.total_price}",
                                       "transactions")
        return result

    def order(self, order_id: int) -> Order:
        """:raise NotFound: no such order in this shop."""
        order = self._orders.get(order_id)
        if order is None:
            raise errors.NotFound()
        return order

    def find_order(self, order_id: int) -> Order | None:
        return self._orders.get(order_id)

    def orders(self, *, status: str = "open", financial_status: str = "any", since_id: int | None = None,
               ids: list[int] | None = None) -> list[Order]:
        """Orders matching the ``GET /orders.json`` filters, by id ascending.

        :raise BadRequest: an unknown filter value (Shopify answers 400 for those).
        """
        if status not in ORDER_STATUS_FILTERS:
            raise errors.BadRequest(f"Invalid status: {status}", field="status")
        if financial_status not in FINANCIAL_STATUS_FILTERS:
            raise errors.BadRequest(f"Invalid financial_status: {financial_status}", field="financial_status")
        wanted = FINANCIAL_STATUS_FILTERS[financial_status]
        with self._lock:
            found = [
                o for o in self._orders.values()
                if status in ("open", "any")  # no order is ever closed or cancelled here
                and (wanted is None or o.financial_status in wanted)
                and (since_id is None or o.id > since_id)
                and (ids is None or o.id in ids)
            ]
        return sorted(found, key=lambda o: o.id)

    def refund(self, order_id: int, refund_id: int) -> Refund:
        """:raise NotFound: no such order, or no such refund on it."""
        refund = next((r for r in self.order(order_id).refunds if r.id == refund_id), None)
        if refund is None:
            raise errors.NotFound()
        return refund

    def find_refund(self, refund_id: int) -> tuple[Order, Refund] | None:
        with self._lock:
            for order in self._orders.values():
                for refund in order.refunds:
                    if refund.id == refund_id:
                        return order, refund
        return None

    # ---------------------------------------------------------- transactions
    def transaction(self, order_id: int, txn_id: int) -> Transaction:
        """:raise NotFound: no such order, or no such transaction on it."""
        txn = self.order(order_id).transaction(txn_id)
        if txn is None:
            raise errors.NotFound()
        return txn

    def create_transaction(self, order_id: int, body: Any) -> Transaction:
        """``POST /orders/{id}/transactions.json``: capture an authorization (or the outstanding
        amount of a pending order: marking it paid), void an authorization, or refund a capture
        (which creates a refund, as Shopify does).

        :raise NotFound: no such order. :raise BadRequest: no ``transaction`` object.
        :raise Unprocessable: a rule refused it; nothing was written.
        """
        data = _root(body, "transaction")
        kind = data.get("kind")
        if kind not in ("capture", "void", "refund", "sale"):
            raise errors.Unprocessable("is not included in the list", "kind")
        if kind == "refund":
            refund = self.create_refund(order_id, {"refund": {"transactions": [{**data, "kind": "refund"}]}})
            return refund.transactions[0]
        with self._lock:
            order = self.order(order_id)
            parent_id = data.get("parent_id")
            parent = order.transaction(_int_id(parent_id)) if parent_id is not None else None
            if parent_id is not None and parent is None:
                raise errors.Unprocessable("Parent transaction could not be found", "parent_id")
            if kind == "void":
                txn = self._void(order, parent)
            else:
                txn = self._capture(order, kind, parent, data)
            order.transactions.append(txn)
            was = order.financial_status
            self._touch(order, txn.created_at)
            self.webhooks.trigger("order_transactions/create", order.id, lambda: transaction_json(txn))
            if order.financial_status == "paid" and was != "paid":
                self.webhooks.trigger("orders/paid", order.id, lambda: order_json(order))
            self.webhooks.trigger("orders/updated", order.id, lambda: order_json(order))
            return txn

    def _void(self, order: Order, parent: Transaction | None) -> Transaction:
        if parent is None:
            opened = order.open_authorizations()
            if len(opened) != 1:
                raise errors.Unprocessable("parent_id must be given to void one of several authorizations"
                                           if opened else "There is no authorization to void", "parent_id")
            parent = opened[0]
        if parent.kind != "authorization" or parent.status != "success" or order.voided(parent.id):
            raise errors.Unprocessable("Only a successful authorization that is not voided can be voided", "parent_id")
        if order.capturable(parent) < parent.amount:
            raise errors.Unprocessable("An authorization that has been captured cannot be voided", "parent_id")
        return self._new_txn(order, "void", parent.amount, parent.gateway, parent_id=parent.id)

    def _capture(self, order: Order, kind: str, parent: Transaction | None, data: dict[str, Any]) -> Transaction:
        if kind == "capture" and parent is None:
            opened = order.open_authorizations()
            if len(opened) > 1:
                raise errors.Unprocessable("parent_id must be given to capture one of several authorizations", "parent_id")
            parent = opened[0] if opened else None
        if parent is not None:
            if kind != "capture" or parent.kind != "authorization" or parent.status != "success" or order.voided(parent.id):
                raise errors.Unprocessable("Parent transaction must be a successful authorization that is not voided", "parent_id")
            limit = order.capturable(parent)
            gateway = parent.gateway
        else:
            # No authorization: the payment of a pending (manual) order is recorded.
            limit = order.total_outstanding
            gateway = str(data.get("gateway") or "manual")
        value = _money(data["amount"], "amount", positive=True) if data.get("amount") is not None else limit
        if limit <= 0:
            raise errors.Unprocessable("There is nothing left to capture on this order", "base")
        if value > limit:
            raise errors.Unprocessable(f"Amount {value} exceeds the capturable amount {limit}", "amount")
        return self._new_txn(order, kind, value, gateway, parent_id=parent.id if parent else None,
                             source_name="external" if parent is None else "web")

    # --------------------------------------------------------------- refunds
    def calculate_refund(self, order_id: int, body: Any) -> tuple[Order, Calculation]:
        """``POST /orders/{id}/refunds/calculate.json``: nothing is saved.

        :raise NotFound: no such order. :raise BadRequest: no ``refund`` object.
        :raise Unprocessable: a line, quantity or shipping amount Shopify would refuse.
        """
        data = _root(body, "refund")
        with self._lock:
            order = self.order(order_id)
            self._check_currency(order, data)
            return order, self._calculate(order, data)

    def _calculate(self, order: Order, data: dict[str, Any]) -> Calculation:
        lines = self._refund_lines(order, data.get("refund_line_items"))
        shipping, maximum = self._refund_shipping(order, data.get("shipping"))
        calc = Calculation(lines, shipping, maximum, [])
        left = calc.total
        parents = [t for t in order.captured() if order.refundable(t) > 0]
        for parent in parents:
            if left <= 0 and calc.suggested:
                break
            remaining = order.refundable(parent)
            share = min(left, remaining)
            calc.suggested.append(Suggested(parent.id, parent.gateway, share, remaining))
            left -= share
        return calc

    def create_refund(self, order_id: int, body: Any, *, idempotency: tuple[str, str] | None = None) -> Refund:
        """Create a refund from ``{"refund": {...}}`` with Shopify's rules (module docstring).

        ``idempotency`` is ``(key, fingerprint)`` of a GraphQL ``@idempotent`` mutation: a retry with
        the same key and input returns the refund made the first time.

        :raise NotFound: no such order. :raise BadRequest: no ``refund`` object.
        :raise Unprocessable: a rule refused it; nothing was written.
        :raise IdempotencyMismatch: the key was used before with another input.
        """
        data = _root(body, "refund")
        with self._lock:
            if idempotency is not None and idempotency[0] in self._idempotency:
                fingerprint, stored_order, stored_refund = self._idempotency[idempotency[0]]
                if fingerprint != idempotency[1]:
                    raise errors.IdempotencyMismatch()
                return self.refund(stored_order, stored_refund)
            order = self.order(order_id)
            note = data.get("note")
            if note is not None and not isinstance(note, str):
                raise errors.Unprocessable("must be a string", "note")
            self._check_currency(order, data)
            reason = data.get("discrepancy_reason")
            if reason is not None and reason not in DISCREPANCY_REASONS:
                raise errors.Unprocessable(f"must be one of {', '.join(DISCREPANCY_REASONS)}", "discrepancy_reason")
            calc = self._calculate(order, data)
            transactions = self._refund_transactions(order, data.get("transactions"))
            if not calc.line_items and not calc.shipping_lines and not transactions:
                raise errors.Unprocessable("Refund must include line items, shipping or a transaction", "base")
            return self._write_refund(order, note, calc, transactions, idempotency, reason)

    def _write_refund(self, order: Order, note: str | None, calc: Calculation,
                      transactions: list[tuple[Transaction, Decimal]], idempotency: tuple[str, str] | None,
                      discrepancy_reason: str | None = None) -> Refund:
        """Add a refund every check has passed (call under the shop's lock, as the checks were):
        nothing here can refuse, so a request never leaves half a refund behind. A discrepancy's
        adjustment takes ``discrepancy_reason`` as its reason when one was given."""
        now = self.tenant.clock.now()
        for row in calc.line_items:
            row.id = self._id()
        for shipping_row in calc.shipping_lines:
            shipping_row.id = self._id()
        refund = Refund(self._id(), order.id, now, note, calc.line_items, calc.shipping_lines, [], [])
        refund.transactions = [self._new_txn(order, "refund", value, parent.gateway, parent_id=parent.id)
                               for parent, value in transactions]
        if calc.shipping:
            refund.adjustments.append(OrderAdjustment(self._id(), "shipping_refund", "Shipping refund",
                                                      -calc.shipping, -calc.shipping_tax))
        paid = refund.refunded_money
        if transactions and paid != calc.total:
            # Money that the refunded goods and shipping do not explain balances as a discrepancy.
            refund.adjustments.append(OrderAdjustment(self._id(), "refund_discrepancy",
                                                      discrepancy_reason or "Refund discrepancy", calc.total - paid, ZERO))
        order.refunds.append(refund)
        order.transactions.extend(refund.transactions)
        self._touch(order, now)
        if idempotency is not None:
            self._idempotency[idempotency[0]] = (idempotency[1], order.id, refund.id)
        self.webhooks.trigger("refunds/create", order.id, lambda: refund_json(refund, order))
        for txn in refund.transactions:
            self.webhooks.trigger("order_transactions/create", order.id, partial(transaction_json, txn))
        self.webhooks.trigger("orders/updated", order.id, lambda: order_json(order))
        return refund

    @staticmethod
    def _touch(order: Order, now: datetime) -> None:
        order.updated_at = now
        order.financial_status = order.derive_financial_status()

    @staticmethod
    def _check_currency(order: Order, data: dict[str, Any]) -> None:
        currency = data.get("currency")
        if currency is not None and (not isinstance(currency, str) or currency.upper() != order.currency):
            raise errors.Unprocessable(f"must match the order's currency ({order.currency})", "currency")

    def _refund_lines(self, order: Order, raw_lines: Any) -> list[RefundLineItem]:
        raw_lines = _list(raw_lines, "refund_line_items")
        by_id = {line.id: line for line in order.line_items}
        requested: dict[tuple[int, str | None], int] = {}
        result: list[RefundLineItem] = []
        planned: dict[int, tuple[Decimal, Decimal]] = {}
        for index, raw in enumerate(raw_lines):
            where = f"refund_line_items[{index}]"
            raw = _object(raw, where)
            line = by_id.get(_int_id(raw.get("line_item_id")))  # type: ignore[arg-type]
            if line is None:
                raise errors.Unprocessable("Line item does not belong to this order", f"{where}.line_item_id")
            quantity = _positive_int(raw.get("quantity", 1), f"{where}.quantity")
            restock_type = raw.get("restock_type", "no_restock")
            if restock_type not in RESTOCK_TYPES:
                raise errors.Unprocessable("is not included in the list", f"{where}.restock_type")
            requested[(line.id, None)] = requested.get((line.id, None), 0) + quantity
            remaining = line.quantity - order.refunded_quantity(line.id)
            if requested[(line.id, None)] > remaining:
                raise errors.Unprocessable(
                    f"cannot refund more items than were purchased (line {line.id}: {remaining} remaining)",
                    f"{where}.quantity")
            requested[(line.id, restock_type)] = requested.get((line.id, restock_type), 0) + quantity
            if restock_type == "cancel":
                unfulfilled = line.quantity - line.fulfilled - order.refunded_quantity(line.id, "cancel")
                if requested[(line.id, "cancel")] > unfulfilled:
                    raise errors.Unprocessable(
                        f"cannot cancel more items than are unfulfilled (line {line.id}: {max(unfulfilled, 0)} unfulfilled)",
                        f"{where}.restock_type")
            elif restock_type == "return":
                returnable = line.fulfilled - order.refunded_quantity(line.id, "return")
                if requested[(line.id, "return")] > returnable:
                    raise errors.Unprocessable(
                        f"cannot return items that were not fulfilled (line {line.id}: {max(returnable, 0)} fulfilled)",
                        f"{where}.restock_type")
            location = raw.get("location_id")
            location_id = _int_id(location) if location is not None else None
            if location is not None and location_id != self.location_id:
                raise errors.Unprocessable("Location could not be found", f"{where}.location_id")
            if restock_type in ("cancel", "return", "legacy_restock") and location_id is None:
                location_id = self.location_id
            # Amounts: a share of what the line cost after discounts; the last units take what is left.
            done_sub, done_tax = order.refunded_line(line.id)
            plan_sub, plan_tax = planned.get(line.id, (ZERO, ZERO))
            if requested[(line.id, None)] == remaining:
                subtotal = line.discounted_total - done_sub - plan_sub
                tax = line.tax - done_tax - plan_tax
            else:
                subtotal = _cents(line.discounted_total * quantity / line.quantity)
                tax = _cents(line.tax * quantity / line.quantity)
            planned[line.id] = (plan_sub + subtotal, plan_tax + tax)
            result.append(RefundLineItem(None, line.id, quantity, restock_type,
                                         location_id if restock_type != "no_restock" else None, subtotal, tax))
        return result

    def _refund_shipping(self, order: Order, raw: Any) -> tuple[list[RefundShippingLine], Decimal]:
        maximum = order.total_shipping - order.refunded_shipping()
        if raw is None:
            return [], maximum
        raw = _object(raw, "shipping")
        if raw.get("full_refund") is True:
            wanted = maximum
        elif raw.get("amount") is not None:
            wanted = _money(raw.get("amount"), "shipping.amount")
            if wanted > maximum:
                raise errors.Unprocessable(
                    f"Shipping refund amount must be less than or equal to maximum refundable {maximum}", "shipping")
        else:
            wanted = ZERO
        rows: list[RefundShippingLine] = []
        left = wanted
        for line in order.shipping_lines:
            line_left = line.price - order.refunded_shipping(line.id)
            if left <= 0 or line_left <= 0:
                continue
            share = min(left, line_left)
            tax_left = line.tax - order.refunded_shipping_tax(line.id)
            tax = tax_left if share == line_left else _cents(line.tax * share / line.price)
            rows.append(RefundShippingLine(None, line.id, share, tax))
            left -= share
        return rows, maximum

    def _refund_transactions(self, order: Order, raw_txns: Any) -> list[tuple[Transaction, Decimal]]:
        raw_txns = _list(raw_txns, "transactions")
        parents = {t.id: t for t in order.captured()}
        pending: dict[int, Decimal] = {}
        result: list[tuple[Transaction, Decimal]] = []
        for index, raw in enumerate(raw_txns):
            where = f"transactions[{index}]"
            raw = _object(raw, where)
            if raw.get("kind", "refund") not in ("refund", "suggested_refund"):
                raise errors.Unprocessable("is not included in the list", f"{where}.kind")
            if raw.get("parent_id") is None:
                raise errors.Unprocessable("Refund transactions require a parent transaction (parent_id)", "base")
            parent = parents.get(_int_id(raw.get("parent_id")))  # type: ignore[arg-type]
            if parent is None:
                raise errors.Unprocessable("Parent transaction must be a successful sale or capture of this order", "base")
            gateway = raw.get("gateway") or parent.gateway
            if gateway != parent.gateway:
                raise errors.Unprocessable(f"Gateway must match the parent transaction's gateway ({parent.gateway})", "base")
            value = _money(raw.get("amount"), f"{where}.amount", positive=True)
            pending[parent.id] = pending.get(parent.id, ZERO) + value
            remaining = order.refundable(parent)
            if pending[parent.id] > remaining:
                raise errors.Unprocessable(
                    f"Refund amount {pending[parent.id]} exceeds the refundable amount {remaining} of transaction {parent.id}",
                    "base")
            result.append((parent, value))
        return result

    # --------------------------------------------------------------- webhooks
    def subscribe(self, body: Any, api_version: str) -> Any:
        return self.webhooks.subscribe(_root(body, "webhook"), api_version)

    # --------------------------------------------------------------- helpers
    @staticmethod
    def fingerprint(value: Any) -> str:
        return json.dumps(value, sort_keys=True, default=str)

