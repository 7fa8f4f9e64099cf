"""A Shopify shop's orders, transactions and refunds, and the rules Shopify applies to refunds.

Rules (DOMAIN.md §3): a refund transaction needs a successful sale or capture of the same order as
its parent, on the same gateway, and cannot exceed what remains of that parent; refunded quantities
cannot exceed what remains of a line; shipping cannot exceed what remains of it; the order's
financial_status follows what has been refunded. Everything is validated before anything is
written, under the shop's lock, so concurrent refunds of one order never over-refund.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from . import errors
from .schemas import CENT, RESTOCK_TYPES

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

ZERO = Decimal("0.00")


@dataclass
class LineItem:
    id: int
    title: str
    sku: str
    quantity: int
    price: Decimal
    tax: Decimal = ZERO
    discount: Decimal = ZERO


@dataclass
class ShippingLine:
    id: int
    title: str
    code: str
    price: Decimal


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


@dataclass
class RefundLineItem:
    id: int
    line_item_id: int
    quantity: int
    restock_type: str
    subtotal: Decimal
    total_tax: Decimal


@dataclass
class Refund:
    id: int
    order_id: int
    created_at: datetime
    note: str
    line_items: list[RefundLineItem]
    shipping: Decimal
    transactions: list[Transaction]
    adjustments: list[tuple[int, Decimal]]


@dataclass
class Order:
    id: int
    name: str
    number: int
    email: str
    currency: str
    created_at: datetime
    updated_at: datetime
    customer: dict[str, Any]
    line_items: list[LineItem]
    shipping_lines: list[ShippingLine]
    financial_status: str
    transactions: list[Transaction] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((l.price * l.quantity - l.discount for l in self.line_items), ZERO)

    @property
    def total_tax(self) -> Decimal:
        return sum((l.tax for l in self.line_items), ZERO)

    @property
    def total_discounts(self) -> Decimal:
        return sum((l.discount for l in self.line_items), ZERO)

    @property
    def total_shipping(self) -> Decimal:
        return sum((s.price for s in self.shipping_lines), ZERO)

    @property
    def total_price(self) -> Decimal:
        return self.subtotal + self.total_tax + self.total_shipping

    def captured(self) -> list[Transaction]:
        return [t for t in self.transactions if t.kind in ("sale", "capture") and t.status == "success"]

    def refunded_against(self, parent_id: int) -> Decimal:
        return sum(
            (t.amount for t in self.transactions if t.kind == "refund" and t.status == "success" and t.parent_id == parent_id),
            ZERO,
        )

    def refunded_quantity(self, line_item_id: int) -> int:
        return sum(r.quantity for refund in self.refunds for r in refund.line_items if r.line_item_id == line_item_id)

    def refunded_shipping(self) -> Decimal:
        return sum((r.shipping for r in self.refunds), ZERO)


def _money(value: Any, field_name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise errors.Unprocessable("is not a number", field_name)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise errors.Unprocessable("is not a number", field_name) from None
    if not number.is_finite() or number < 0:
        raise errors.Unprocessable("must be greater than or equal to 0", field_name)
    return number.quantize(CENT)


def _positive_int(value: Any, field_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise errors.Unprocessable("must be greater than 0", field_name)
    return value


class Shop:
    """One tenant's shop. Ids come from the tenant's seeded random source."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.domain = tenant.shopify.shop
        self._orders: dict[int, Order] = {}
        self._lock = threading.RLock()
        self._next_id = tenant.random.randint(5_000_000_000_000, 5_900_000_000_000)
        self._next_number = 1000

    def _id(self) -> int:
        self._next_id += self.tenant.random.randint(1, 9999)
        return self._next_id

    # ---------------------------------------------------------------- orders
    def create_order(self, body: Any) -> Order:
        """Create an order from ``{"order": {...}}``.

        :raise BadRequest: no ``order`` object. :raise Unprocessable: a field is invalid.
        """
        data = body.get("order") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise errors.BadRequest("Required parameter missing or invalid", field="order")
        raw_lines = data.get("line_items")
        if not isinstance(raw_lines, list) or not raw_lines:
            raise errors.Unprocessable("must have at least one line item", "line_items")
        currency = data.get("currency", "USD")
        if not isinstance(currency, str) or len(currency) != 3:
            raise errors.Unprocessable("is not a valid ISO 4217 currency", "currency")
        status = data.get("financial_status", "paid")
        if status not in ("paid", "pending", "authorized"):
            raise errors.Unprocessable("is not included in the list", "financial_status")
        now = self.tenant.clock.now()
        with self._lock:
            lines = [self._line(raw, i) for i, raw in enumerate(raw_lines)]
            shipping = [self._shipping(raw, i) for i, raw in enumerate(data.get("shipping_lines") or [])]
            raw_txns = data.get("transactions") or []
            if not isinstance(raw_txns, list):
                raise errors.Unprocessable("must be a list", "transactions")
            self._next_number += 1
            order = Order(
                id=self._id(), name=f"#{self._next_number}", number=self._next_number,
                email=str(data.get("email") or (data.get("customer") or {}).get("email") or ""),
                currency=currency.upper(), created_at=now, updated_at=now,
                customer=self._customer(data.get("customer")),
                line_items=lines, shipping_lines=shipping, financial_status=status,
            )
            txns = [self._order_transaction(order, raw, i) for i, raw in enumerate(raw_txns)]
            if not txns and status == "paid":
                # Shopify records a manual sale for an order created as paid without transactions.
                txns = [Transaction(self._id(), order.id, "sale", "success", order.total_price, "manual",
                                    order.currency, now)]
            order.transactions = txns
            self._orders[order.id] = order
            return order

    def _line(self, raw: Any, index: int) -> LineItem:
        where = f"line_items[{index}]"
        if not isinstance(raw, dict):
            raise errors.Unprocessable("must be an object", where)
        title = raw.get("title")
        if not isinstance(title, str) or not title:
            raise errors.Unprocessable("can't be blank", f"{where}.title")
        tax = sum((_money(t.get("price", 0), f"{where}.tax_lines") for t in raw.get("tax_lines") or [] if isinstance(t, dict)), ZERO)
        return LineItem(
            id=self._id(), title=title, sku=str(raw.get("sku") or ""),
            quantity=_positive_int(raw.get("quantity", 1), f"{where}.quantity"),
            price=_money(raw.get("price", "0"), f"{where}.price"), tax=tax,
            discount=_money(raw.get("total_discount", "0"), f"{where}.total_discount"),
        )

    def _shipping(self, raw: Any, index: int) -> ShippingLine:
        where = f"shipping_lines[{index}]"
        if not isinstance(raw, dict):
            raise errors.Unprocessable("must be an object", where)
        return ShippingLine(self._id(), str(raw.get("title") or "Shipping"), str(raw.get("code") or "standard"),
                            _money(raw.get("price", "0"), f"{where}.price"))

    @staticmethod
    def _customer(raw: Any) -> dict[str, Any]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise errors.Unprocessable("must be an object", "customer")
        return {k: raw.get(k) for k in ("first_name", "last_name", "email") if raw.get(k) is not None}

    def _order_transaction(self, order: Order, raw: Any, index: int) -> Transaction:
        where = f"transactions[{index}]"
        if not isinstance(raw, dict):
            raise errors.Unprocessable("must be an object", where)
        kind = raw.get("kind", "sale")
        if kind not in ("sale", "authorization", "capture"):
            raise errors.Unprocessable("is not included in the list", f"{where}.kind")
        return Transaction(self._id(), order.id, kind, str(raw.get("status", "success")),
                           _money(raw.get("amount", order.total_price), f"{where}.amount"),
                           str(raw.get("gateway") or "manual"), order.currency, order.created_at)

    def order(self, order_id: int) -> Order:
        """:raise NotFound: no such order in this shop."""
        order = self._orders.get(order_id)
        if order is None:
            raise errors.NotFound()
        return order

    def orders(self) -> list[Order]:
        return sorted(self._orders.values(), key=lambda o: o.id)

    # --------------------------------------------------------------- refunds
    def create_refund(self, order_id: int, body: Any) -> Refund:
        """Create a refund from ``{"refund": {...}}`` with Shopify's rules (module docstring).

        :raise NotFound: no such order. :raise BadRequest: no ``refund`` object.
        :raise Unprocessable: a rule refused it; nothing was written.
        """
        data = body.get("refund") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise errors.BadRequest("Required parameter missing or invalid", field="refund")
        with self._lock:
            order = self.order(order_id)
            line_items = self._refund_lines(order, data.get("refund_line_items") or [])
            shipping = self._refund_shipping(order, data.get("shipping"))
            transactions = self._refund_transactions(order, data.get("transactions") or [])
            note = data.get("note") or ""
            if not isinstance(note, str):
                raise errors.Unprocessable("must be a string", "note")
            if not line_items and not shipping and not transactions:
                raise errors.Unprocessable("Refund must include line items, shipping or a transaction")
            goods = sum((r.subtotal + r.total_tax for r in line_items), ZERO) + shipping
            paid = sum((t.amount for t in transactions), ZERO)
            refund = Refund(self._id(), order.id, self.tenant.clock.now(), note, line_items, shipping, transactions, [])
            if transactions and paid != goods:
                # Shopify balances a refund whose money differs from its goods with an adjustment.
                refund.adjustments.append((self._id(), goods - paid))
            order.refunds.append(refund)
            order.transactions.extend(transactions)
            order.updated_at = refund.created_at
            order.financial_status = self._financial_status(order)
            return refund

    def _refund_lines(self, order: Order, raw_lines: Any) -> list[RefundLineItem]:
        if not isinstance(raw_lines, list):
            raise errors.Unprocessable("must be a list", "refund_line_items")
        requested: dict[int, int] = {}
        result: list[RefundLineItem] = []
        by_id = {line.id: line for line in order.line_items}
        for index, raw in enumerate(raw_lines):
            where = f"refund_line_items[{index}]"
            if not isinstance(raw, dict):
                raise errors.Unprocessable("must be an object", where)
            line = by_id.get(raw.get("line_item_id"))  # type: ignore[arg-type]
            if line is None:
                raise errors.Unprocessable("Line item does not belong to this order", f"{where}.line_item_id")
            quantity = _positive_int(raw.get("quantity", 1), f"{where}.quantity")
            restock_type = raw.get("restock_type", "no_restock")
            if restock_type not in RESTOCK_TYPES:
                raise errors.Unprocessable("is not included in the list", f"{where}.restock_type")
            requested[line.id] = requested.get(line.id, 0) + quantity
            if requested[line.id] > line.quantity - order.refunded_quantity(line.id):
                raise errors.Unprocessable(
                    f"cannot refund more items than were purchased (line {line.id}: "
                    f"{line.quantity - order.refunded_quantity(line.id)} remaining)", f"{where}.quantity"
                )
            unit = (line.price * line.quantity - line.discount) / line.quantity
            unit_tax = line.tax / line.quantity
            result.append(RefundLineItem(self._id(), line.id, quantity, restock_type,
                                         (unit * quantity).quantize(CENT), (unit_tax * quantity).quantize(CENT)))
        return result

    def _refund_shipping(self, order: Order, raw: Any) -> Decimal:
        if raw is None:
            return ZERO
        if not isinstance(raw, dict):
            raise errors.Unprocessable("must be an object", "shipping")
        remaining = order.total_shipping - order.refunded_shipping()
        if raw.get("full_refund") is True:
            return remaining
        value = _money(raw.get("amount", "0"), "shipping.amount")
        if value > remaining:
            raise errors.Unprocessable(
                f"Shipping refund amount must be less than or equal to maximum refundable {remaining}", "shipping"
            )
        return value

    def _refund_transactions(self, order: Order, raw_txns: Any) -> list[Transaction]:
        if not isinstance(raw_txns, list):
            raise errors.Unprocessable("must be a list", "transactions")
        parents = {t.id: t for t in order.captured()}
        pending: dict[int, Decimal] = {}
        result: list[Transaction] = []
        now = self.tenant.clock.now()
        for index, raw in enumerate(raw_txns):
            where = f"transactions[{index}]"
            if not isinstance(raw, dict):
                raise errors.Unprocessable("must be an object", where)
            if raw.get("kind", "refund") != "refund":
                raise errors.Unprocessable("must be refund", f"{where}.kind")
            parent = parents.get(raw.get("parent_id"))  # type: ignore[arg-type]
            if parent is None:
                raise errors.Unprocessable("Parent transaction must be a successful sale or capture of this order")
            gateway = raw.get("gateway", parent.gateway)
            if gateway != parent.gateway:
                raise errors.Unprocessable(f"Gateway must match the parent transaction's gateway ({parent.gateway})")
            value = _money(raw.get("amount"), f"{where}.amount")
            if value <= 0:
                raise errors.Unprocessable("must be greater than 0", f"{where}.amount")
            pending[parent.id] = pending.get(parent.id, ZERO) + value
            remaining = parent.amount - order.refunded_against(parent.id)
            if pending[parent.id] > remaining:
                raise errors.Unprocessable(f"Refund amount {value} exceeds the refundable amount {remaining}")
            result.append(Transaction(self._id(), order.id, "refund", "success", value, parent.gateway,
                                      order.currency, now, parent_id=parent.id))
        return result

    @staticmethod
    def _financial_status(order: Order) -> str:
        captured = sum((t.amount for t in order.captured()), ZERO)
        refunded = sum((t.amount for t in order.transactions if t.kind == "refund" and t.status == "success"), ZERO)
        if refunded <= 0:
            return order.financial_status
        return "refunded" if refunded >= captured else "partially_refunded"
