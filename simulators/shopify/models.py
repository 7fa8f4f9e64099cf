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
import math
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from simulators.core.numbers import MAX_MAGNITUDE, ascii_decimal, whole_number

from . import errors
from .currency import CENT, Exchange, ShopCurrency, currency_code, round_to
from .params import rails_boolean
from .ratelimit import GRAPHQL_BUCKET_SIZE, GRAPHQL_RESTORE_RATE, LeakyBucket, RateLimitSettings
from .schemas import (
    FINANCIAL_STATUS_FILTERS, FULFILLMENT_STATUS_FILTERS, ORDER_STATUS_FILTERS, RESTOCK_TYPES, TRANSACTION_ERROR_CODES, ZERO, order_json,
    refund_json, transaction_json,
)
from .webhooks import Subscription, Webhooks

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

#: Why a refund's money differs from its goods and shipping (REST ``discrepancy_reason``, GraphQL
#: ``discrepancyReason``): the reason of the ``refund_discrepancy`` adjustment (Refund resource).
DISCREPANCY_REASONS = ("restock", "damage", "customer", "other")

#: What a declined refund transaction says (``message``), by gateway; the text is the gateway's own
#: (ActiveMerchant's Bogus gateway, Shopify's test gateway, for ``bogus``).
DECLINE_MESSAGES = {"bogus": "Bogus Gateway: Forced failure"}

#: The statuses of a refund transaction whose money goes to the customer: given back (``success``)
#: or held by the gateway on its way (``pending``, :class:`GatewayHolds`).
MOVING = ("success", "pending")

#: Why an order was cancelled (Order resource ``cancel_reason``; the cancel endpoint's ``reason``,
#: "other" when left out).
CANCEL_REASONS = ("customer", "fraud", "inventory", "declined", "other")

#: The note of the refund a cancellation makes (the Order resource's cancel examples: "Order canceled").
CANCELLATION_NOTE = "Order canceled"

#: The longest a gateway holds a refund pending (control plane): 30 days, as eBay's settle delay.
MAX_HOLD_HOURS = 720


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
    #: Its share of each of the order's discount codes on the lines, in the order of the order's
    #: discount applications: one ``discount_allocations`` entry each (a DiscountAllocation is "an
    #: amount that's allocated to a line based on an associated discount application").
    allocations: list[Decimal] = field(default_factory=list)
    fulfilled: int = 0
    unit: Decimal = CENT  # the minor unit of the order's (presentment) currency: amounts round to it

    @property
    def tax(self) -> Decimal:
        return sum((t.price for t in self.tax_lines), ZERO)

    @property
    def allocated(self) -> Decimal:
        """Its share of all the order's discount codes on the lines."""
        return sum(self.allocations, ZERO)

    @property
    def total_discount(self) -> Decimal:
        return self.discount + self.allocated

    @property
    def discounted_total(self) -> Decimal:
        return self.price * self.quantity - self.total_discount

    @property
    def unit_discounted_price(self) -> Decimal:
        return round_to((self.price * self.quantity - self.discount) / self.quantity, self.unit)

    def allocated_for(self, quantity: int) -> Decimal:
        return round_to(self.allocated * quantity / self.quantity, self.unit)


@dataclass
class ShippingLine:
    id: int
    title: str
    code: str
    price: Decimal
    tax_lines: list[TaxLine] = field(default_factory=list)
    #: What a free shipping code took off it (its ``discount_allocations``): all of its price, or nothing.
    allocated: Decimal = ZERO

    @property
    def tax(self) -> Decimal:
        return sum((t.price for t in self.tax_lines), ZERO)

    @property
    def discounted_price(self) -> Decimal:
        """``discounted_price``: what the customer pays for it, after a free shipping code."""
        return self.price - self.allocated


@dataclass
class DiscountCode:
    code: str
    type: str  # fixed_amount | percentage (on the lines) | shipping (free shipping up to ``value``)
    value: Decimal
    applied: Decimal = ZERO


@dataclass
class Transaction:
    """A transaction; ``amount`` is in the order's presentment currency (what the gateway moved),
    ``exchange`` converts it to shop money."""

    id: int
    order_id: int
    kind: str
    status: str
    amount: Decimal
    gateway: str
    exchange: Exchange
    created_at: datetime
    parent_id: int | None = None
    message: str | None = None
    authorization: str | None = None
    source_name: str = "web"
    error_code: str | None = None  # set when the gateway refused it (``status`` ``failure`` or ``error``)
    #: When a refund the gateway holds (``status`` ``pending``) settles to ``success`` on the
    #: tenant's clock (:class:`GatewayHolds`); None for a transaction that is not pending.
    settles_at: datetime | None = None

    @property
    def currency(self) -> str:
        return self.exchange.presentment_currency


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
        """The money that reached the customer: its successful refund transactions (a pending one's
        has not yet)."""
        return sum((t.amount for t in self.transactions if t.kind == "refund" and t.status == "success"), ZERO)

    @property
    def sent_money(self) -> Decimal:
        """The money the refund gives back: its refund transactions that succeeded or that the gateway
        holds pending (on its way to the customer), not those it declined."""
        return sum((t.amount for t in self.transactions if t.kind == "refund" and t.status in MOVING), ZERO)

    @property
    def declined(self) -> bool:
        """The gateway declined its money: it has refund transactions and none succeeded or is pending.
        Such a refund is listed (Shopify keeps the record; its transactions say ``failure``, or
        ``error`` when the gateway could not process them) but
        refunds nothing: no goods, shipping or money of the order count as refunded by it. A refund
        the gateway holds pending is not declined: its goods are refunded, its money on its way."""
        money = [t for t in self.transactions if t.kind == "refund"]
        return bool(money) and all(t.status not in MOVING for t in money)


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
    taxes_included: bool = False  # the order's prices include their tax: subtotals already hold it

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
        """The money this refund of goods and shipping comes to: what the customer paid for them."""
        return self.subtotal + self.shipping + (ZERO if self.taxes_included else self.total_tax)

    @property
    def maximum_refundable(self) -> Decimal:
        return sum((s.maximum_refundable for s in self.suggested), ZERO)


class OrderTotals(NamedTuple):
    """An order's totals (presentment money), as :meth:`Order.totals` works them out together."""

    line_items_price: Decimal
    subtotal: Decimal
    discounts: Decimal
    tax: Decimal
    shipping: Decimal
    price: Decimal
    outstanding: Decimal
    current_subtotal: Decimal
    current_tax: Decimal
    current_price: Decimal


def _refunded_shipping(refunds: list[Refund], shipping_line_id: int | None = None) -> Decimal:
    """The shipping ``refunds`` gave back (of one shipping line, or of all)."""
    return sum((s.amount for r in refunds for s in r.shipping_lines
                if shipping_line_id is None or s.shipping_line_id == shipping_line_id), ZERO)


@dataclass
class Order:
    """An order. Every amount is in its presentment currency (``exchange.presentment_currency``,
    the customer's); ``currency`` is the shop currency when it was placed, and ``exchange`` converts
    (:mod:`.currency`). With ``taxes_included`` the line and shipping prices hold their tax."""

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
    exchange: Exchange
    note: str | None = None
    tags: str = ""
    source_name: str = "web"
    discount_codes: list[DiscountCode] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    taxes_included: bool = False
    #: When the merchant cancelled it (``POST /orders/{id}/cancel.json``), and why (:data:`CANCEL_REASONS`).
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None

    @property
    def presentment_currency(self) -> str:
        return self.exchange.presentment_currency

    def settled_refunds(self) -> list[Refund]:
        """The refunds that count: all but those the gateway declined (:attr:`Refund.declined`)."""
        return [r for r in self.refunds if not r.declined]

    # --------------------------------------------------------------- totals
    @property
    def total_line_items_price(self) -> Decimal:
        return sum((line.price * line.quantity for line in self.line_items), ZERO)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.discounted_total for line in self.line_items), ZERO)

    @property
    def total_discounts(self) -> Decimal:
        """The lines' discounts and what a free shipping code took off the shipping."""
        return sum((line.total_discount for line in self.line_items), ZERO) + self.shipping_discount

    @property
    def total_shipping(self) -> Decimal:
        """``total_shipping_price_set``: the shipping lines' prices, "excluding discounts"."""
        return sum((s.price for s in self.shipping_lines), ZERO)

    @property
    def shipping_discount(self) -> Decimal:
        """What a free shipping code took off the shipping."""
        return sum((s.allocated for s in self.shipping_lines), ZERO)

    @property
    def shipping_paid(self) -> Decimal:
        """What the customer pays for shipping: the shipping lines' discounted prices."""
        return self.total_shipping - self.shipping_discount

    @property
    def shipping_tax(self) -> Decimal:
        return sum((s.tax for s in self.shipping_lines), ZERO)

    @property
    def total_tax(self) -> Decimal:
        return sum((line.tax for line in self.line_items), ZERO) + self.shipping_tax

    @property
    def total_price(self) -> Decimal:
        return self._price(self.subtotal, self.shipping_paid, self.total_tax)

    def _price(self, subtotal: Decimal, shipping: Decimal, tax: Decimal) -> Decimal:
        # Prices that include tax hold it already (subtotal and shipping); else it comes on top.
        return subtotal + shipping + (ZERO if self.taxes_included else tax)

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
        return self._current_subtotal(self.subtotal, self.settled_refunds())

    def _current_subtotal(self, subtotal: Decimal, refunds: list[Refund]) -> Decimal:
        return subtotal - sum((r.subtotal for refund in refunds for r in refund.line_items), ZERO)

    @property
    def current_total_tax(self) -> Decimal:
        return self._current_total_tax(self.total_tax, self.settled_refunds())

    @staticmethod
    def _current_total_tax(total_tax: Decimal, refunds: list[Refund]) -> Decimal:
        refunded = sum((r.total_tax for refund in refunds for r in refund.line_items), ZERO)
        return total_tax - refunded - sum((r.shipping_tax for r in refunds), ZERO)

    @property
    def current_total_price(self) -> Decimal:
        refunds = self.settled_refunds()
        return self._current_price(self._current_subtotal(self.subtotal, refunds),
                                   self._current_total_tax(self.total_tax, refunds), self.shipping_paid, refunds)

    def _current_price(self, current_subtotal: Decimal, current_tax: Decimal, shipping: Decimal,
                       refunds: list[Refund]) -> Decimal:
        tax = ZERO if self.taxes_included else current_tax
        return current_subtotal + tax + shipping - _refunded_shipping(refunds)

    def totals(self) -> OrderTotals:
        """Every total of the order at once, each sum worked out once (the properties above work
        out the totals they build on again on each read): what an order's REST JSON prints."""
        subtotal, shipping, tax = self.subtotal, self.total_shipping, self.total_tax
        paid = self.shipping_paid  # the shipping after a free shipping code: what the totals add
        price = self._price(subtotal, paid, tax)
        refunds = self.settled_refunds()
        current_subtotal = self._current_subtotal(subtotal, refunds)
        current_tax = self._current_total_tax(tax, refunds)
        return OrderTotals(
            line_items_price=self.total_line_items_price, subtotal=subtotal, discounts=self.total_discounts,
            tax=tax, shipping=shipping, price=price, outstanding=max(ZERO, price - self.captured_total),
            current_subtotal=current_subtotal, current_tax=current_tax,
            current_price=self._current_price(current_subtotal, current_tax, paid, refunds))

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
        """What the refunds of the payment took from it: given back, or held pending at the gateway
        (that money is on its way: it cannot be refunded a second time)."""
        return sum((t.amount for t in self.transactions
                    if t.kind == "refund" and t.status in MOVING and t.parent_id == parent_id), ZERO)

    def refundable(self, parent: Transaction) -> Decimal:
        return parent.amount - self.refunded_against(parent.id)

    def open_authorizations(self) -> list[Transaction]:
        return [t for t in self.transactions if t.kind == "authorization" and t.status == "success"
                and not self.voided(t.id) and self.capturable(t) > 0]

    def voided(self, auth_id: int) -> bool:
        return any(t.kind == "void" and t.status == "success" and t.parent_id == auth_id for t in self.transactions)

    @property
    def unsettled(self) -> Decimal:
        """What the order's open authorizations still hold uncaptured (REST ``total_unsettled_set``)."""
        return sum((self.capturable(auth) for auth in self.open_authorizations()), ZERO)

    def capturable(self, auth: Transaction) -> Decimal:
        captured = sum((t.amount for t in self.transactions
                        if t.kind == "capture" and t.status == "success" and t.parent_id == auth.id), ZERO)
        return auth.amount - captured

    # --------------------------------------------------------------- goods
    def refunded_quantity(self, line_item_id: int, restock_type: str | None = None) -> int:
        return sum(r.quantity for refund in self.settled_refunds() for r in refund.line_items
                   if r.line_item_id == line_item_id and (restock_type is None or r.restock_type == restock_type))

    def own_discount_index(self, line: LineItem) -> int | None:
        """Where a line's own discount (its ``total_discount``) is in the order's discount
        applications: a manual application of its own ("applied onto a particular line", allocation
        method ONE, target selection EXPLICIT), after the discount codes', one per discounted line in
        the order of the lines; None for a line without one."""
        if not line.discount:
            return None
        discounted = [other.id for other in self.line_items if other.discount]
        return len(self.discount_codes) + discounted.index(line.id)

    def cancelled_quantity(self, line_item_id: int) -> int:
        return self.refunded_quantity(line_item_id, "cancel")

    def refunded_line(self, line_item_id: int) -> tuple[Decimal, Decimal]:
        """Subtotal and tax already refunded on a line."""
        rows = [r for refund in self.settled_refunds() for r in refund.line_items if r.line_item_id == line_item_id]
        return sum((r.subtotal for r in rows), ZERO), sum((r.total_tax for r in rows), ZERO)

    def refunded_shipping(self, shipping_line_id: int | None = None) -> Decimal:
        return _refunded_shipping(self.settled_refunds(), shipping_line_id)

    def refunded_shipping_tax(self, shipping_line_id: int) -> Decimal:
        return sum((s.tax for r in self.settled_refunds() for s in r.shipping_lines
                    if s.shipping_line_id == shipping_line_id), ZERO)

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
def _money(value: Any, field_name: str, *, positive: bool = False, unit: Decimal = CENT) -> Decimal:
    """An amount as clients send it (number or string), rounded half up to ``unit`` (the minor unit
    of the currency it is in). Every rule that reads the amount reads the rounded one, as Shopify
    keeps money at its currency's precision: ``"10.004"`` is 10.00 when held to what is refundable,
    and with ``positive`` an amount that rounds to nothing (``"0.004"``) is refused like ``"0"``.

    :raise Unprocessable: not a finite number, negative, too large, or (``positive``) not above
        zero once rounded.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise errors.Unprocessable("is not a number", field_name)
    # ASCII digits only, as Ruby's BigDecimal reads them: Decimal() also takes "١.٠٠" or "１.００".
    number = ascii_decimal(str(value).strip())
    if number is None or not number.is_finite():
        raise errors.Unprocessable("is not a number", field_name)
    if number.copy_abs() >= MAX_MAGNITUDE:
        raise errors.Unprocessable(f"must be less than {MAX_MAGNITUDE:,}", field_name)
    if number < 0:
        raise errors.Unprocessable("must be greater than or equal to 0", field_name)
    rounded = round_to(number, unit)
    if positive and rounded <= 0:
        raise errors.Unprocessable("must be greater than 0", field_name)
    return rounded


def _positive_int(value: Any, field_name: str) -> int:
    """A quantity: a whole number above 0, as a JSON integer or ASCII text of one.

    :raise Unprocessable: Rails' numericality messages, each saying what is wrong: "is not a number"
        (text that is none, null, a boolean, a list), "must be an integer" (``1.5``), "must be greater
        than 0", "must be less than 100,000,000,000".
    """
    number: Decimal | None
    if isinstance(value, bool) or value is None:
        number = None
    elif isinstance(value, str):
        number = ascii_decimal(value) if value.strip() else None
    elif isinstance(value, (int, float)):
        number = Decimal(value) if not isinstance(value, float) or math.isfinite(value) else None
    else:
        number = None
    if number is None:
        raise errors.Unprocessable("is not a number", field_name)
    # Bounds before the integer check: int() of "1e999999999" would build a billion digits.
    if number < 1:
        raise errors.Unprocessable("must be greater than 0", field_name)
    if number >= MAX_MAGNITUDE:
        raise errors.Unprocessable(f"must be less than {MAX_MAGNITUDE:,}", field_name)
    if isinstance(value, float) or number != number.to_integral_value():
        raise errors.Unprocessable("must be an integer", field_name)
    return int(number)


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


def _shipping_amount(data: dict[str, Any]) -> Any:
    """The ``shipping.amount`` a refund body gives, if any (it makes ``currency`` required)."""
    shipping = data.get("shipping")
    return shipping.get("amount") if isinstance(shipping, dict) else None


def _root(body: Any, name: str) -> dict[str, Any]:
    data = body.get(name) if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise errors.BadRequest("Required parameter missing or invalid", field=name)
    return data


def _split(total: Decimal, weights: list[Decimal], unit: Decimal) -> list[Decimal]:
    """Share ``total`` across ``weights`` in ``unit``s; the last share takes the rounding remainder."""
    whole = sum(weights, ZERO)
    if whole <= 0:
        return [ZERO for _ in weights]
    shares = [round_to(total * w / whole, unit) for w in weights[:-1]]
    return [*shares, total - sum(shares, ZERO)]


@dataclass
class GatewayDeclines:
    """The next ``count`` refunds that move money are refused by the gateway with ``error_code``
    (armed through the control plane; each refused refund uses one): declined (``status``
    ``failure``) or not processed (``error``: "There was an error while processing the
    transaction", OrderTransactionStatus in the Admin GraphQL schema; ``status`` of the REST
    Transaction resource: pending, failure, success, error). Either way no money moved. With
    ``parent_id`` only the refund transactions on that payment are refused (its card was closed),
    and only refunds with one use a decline; the others' transactions go through: each transaction
    goes to its own payment's gateway."""

    count: int = 0
    error_code: str = "card_declined"
    parent_id: int | None = None
    status: str = "failure"

    def take(self, parents: list[int]) -> tuple[str, int | None, str] | None:
        """The error code of a decline of a refund on ``parents``, the payment it hits (None: all of
        them) and the status its transactions take, using it up; None when none is armed for them.
        Call under the shop's lock."""
        if self.count <= 0 or (self.parent_id is not None and self.parent_id not in parents):
            return None
        self.count -= 1
        return self.error_code, self.parent_id, self.status

    def view(self) -> dict[str, Any]:
        return {"count": self.count, "error_code": self.error_code, "parent_id": self.parent_id, "status": self.status}


@dataclass
class GatewayHolds:
    """The next ``count`` refunds that move money are held pending by the gateway for ``hours``
    (armed through the control plane; each held refund uses one): their transactions are made
    ``pending`` and settle to ``success`` once the tenant's clock has moved ``hours`` past their
    creation (:meth:`Shop.settle_due`). A transaction the gateway declines is not held."""

    count: int = 0
    hours: int = 0

    def take(self) -> int | None:
        """The hours a refund is held, using a hold up; None when none is armed. Call under the
        shop's lock."""
        if self.count <= 0:
            return None
        self.count -= 1
        return self.hours

    def view(self) -> dict[str, Any]:
        return {"count": self.count, "hours": self.hours}


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
        #: The shop currency and the presentment currencies it sells in (control plane).
        self.currencies = ShopCurrency()
        #: Refunds the gateway will decline (control plane): how many more, and with which error code.
        self.declines = GatewayDeclines()
        #: Refunds the gateway will hold pending (control plane): how many more, and for how long.
        self.holds = GatewayHolds()
        #: The refund transactions the gateway holds pending, with their order, oldest first.
        self._pending: list[tuple[Order, Transaction]] = []

    def _id(self) -> int:
        self._next_id += self.tenant.random.randint(1, 9999)
        return self._next_id

    # ----------------------------------------------------------- control plane
    def currency_settings(self) -> dict[str, Any]:
        """``{"currency", "rates"}``: the shop currency and its presentment currencies' rates."""
        with self._lock:
            return self.currencies.view()

    def change_currency(self, body: dict[str, Any]) -> dict[str, Any]:
        """Set the shop currency and/or its rates (:meth:`ShopCurrency.change`); orders already placed
        keep theirs. :raise ValueError: an invalid value; nothing changed."""
        with self._lock:
            self.currencies.change(body)
            return self.currencies.view()

    def arm_declines(self, body: dict[str, Any]) -> dict[str, Any]:
        """``{"count", "error_code"?, "parent_id"?, "status"?}``: the gateway declines the next
        ``count`` refunds (0 disarms) — with ``parent_id``, the next that give money back to that
        payment, and only their transactions on it; with ``status`` ``error`` it fails to process
        them instead (``error_code`` then ``processing_error`` unless given).

        :raise ValueError: a count that is not a whole number from 0 to 1000, an error code Shopify
        does not list, a parent_id that is not a positive whole number, or a status other than
        ``failure`` and ``error``; nothing changed.
        """
        count = body.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 1000:
            raise ValueError("count must be a whole number from 0 to 1000.")
        status = body.get("status", "failure")
        if status not in ("failure", "error"):
            raise ValueError("status must be failure (the gateway declined) or error (it could not process the refund).")
        code = body.get("error_code", "card_declined" if status == "failure" else "processing_error")
        if code not in TRANSACTION_ERROR_CODES:
            raise ValueError(f"error_code must be one of {', '.join(TRANSACTION_ERROR_CODES)}.")
        parent_id = body.get("parent_id")
        if parent_id is not None and (isinstance(parent_id, bool) or not isinstance(parent_id, int) or parent_id <= 0):
            raise ValueError("parent_id must be the id of a payment transaction (a positive whole number), or left out.")
        with self._lock:
            self.declines = GatewayDeclines(count, code, parent_id, status)
            return self.declines.view()

    def armed_declines(self) -> dict[str, Any]:
        with self._lock:
            return self.declines.view()

    def arm_holds(self, body: dict[str, Any]) -> dict[str, Any]:
        """``{"count", "hours"}``: the gateway holds the next ``count`` refunds that move money pending
        for ``hours`` on the tenant's clock (0 disarms), then settles them.

        :raise ValueError: a count that is not a whole number from 0 to 1000, or hours that are not a
        whole number from 1 to :data:`MAX_HOLD_HOURS`; nothing changed.
        """
        count = body.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 1000:
            raise ValueError("count must be a whole number from 0 to 1000.")
        hours = body.get("hours")
        if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= MAX_HOLD_HOURS:
            raise ValueError(f"hours must be a whole number from 1 to {MAX_HOLD_HOURS} (30 days).")
        with self._lock:
            self.holds = GatewayHolds(count, hours)
            return self.holds.view()

    def armed_holds(self) -> dict[str, Any]:
        with self._lock:
            return self.holds.view()

    def settle_due(self) -> int:
        """Settle the refund transactions the gateway held pending whose time has come on the
        tenant's clock: each becomes ``success`` as of its ``settles_at``, and its order's
        ``financial_status`` and ``updated_at`` follow (``orders/updated`` fires). Run before every
        Shopify request and after every move of the clock, so nothing reads a refund still pending
        that settled. Returns how many settled."""
        if not self._pending:  # read without the lock: a refund held later is not due yet anyway
            return 0
        with self._lock:
            now = self.tenant.clock.now()
            due = [(o, t) for o, t in self._pending if t.settles_at is not None and t.settles_at <= now]
            if not due:
                return 0
            settled = {id(t) for _, t in due}
            self._pending = [(o, t) for o, t in self._pending if id(t) not in settled]
            for order, txn in due:
                settled_at = txn.settles_at or now
                txn.status, txn.settles_at = "success", None
                txn.message = f"Processed {txn.kind} of {txn.amount}"
                order.updated_at = max(order.updated_at, settled_at)
                order.financial_status = order.derive_financial_status()
            for order in {id(o): o for o, _ in due}.values():
                self.webhooks.trigger("orders/updated", order.id, partial(order_json, order))
            return len(due)

    # ---------------------------------------------------------------- orders
    def create_order(self, body: Any) -> Order:
        """Create an order from ``{"order": {...}}``.

        :raise BadRequest: no ``order`` object. :raise Unprocessable: a field is invalid.
        """
        data = _root(body, "order")
        raw_lines = data.get("line_items")
        if not isinstance(raw_lines, list) or not raw_lines:
            raise errors.Unprocessable("must have at least one line item", "line_items")
        currency = data.get("currency")
        if currency is not None and (not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha()
                                     # Three letters are not enough: a code outside Shopify's CurrencyCode
                                     # (ABC, XTS) made an order GraphQL could not read back. The shop's
                                     # own currency is one; it is not looked up (the schema takes ~1 s to load).
                                     or currency.upper() != self.currencies.currency and currency_code(currency) is None):
            raise errors.Unprocessable("is not a valid ISO 4217 currency", "currency")
        raw_taxes_included = data.get("taxes_included")
        if isinstance(raw_taxes_included, (list, dict)):  # not a value Rails' boolean cast is meant for
            raise errors.Unprocessable("must be true or false", "taxes_included")
        taxes_included = rails_boolean(raw_taxes_included) is True  # a form's "1", JSON's "yes": as Rails casts them
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
            exchange = self._exchange(currency, data.get("presentment_currency"))
            unit = exchange.unit
            lines = [self._line(raw, i, whole_order_fulfilled, unit) for i, raw in enumerate(raw_lines)]
            codes = [self._discount_code(raw, i, unit)
                     for i, raw in enumerate(_list(data.get("discount_codes"), "discount_codes"))]
            free = [c for c in codes if c.type == "shipping"]
            if free and len(codes) > 1:  # as orderCreate's input says it
                raise errors.Unprocessable("Only one type of discount can be applied to an order", "discount_codes")
            self._allocate([c for c in codes if c.type != "shipping"], lines, unit)
            for line in lines:
                self._tax_from_rates(line.tax_lines, line.discounted_total, unit, taxes_included)
                if line.discounted_total < 0:
                    raise errors.Unprocessable("cannot exceed the line's price", "line_items.total_discount")
            shipping = [self._shipping(raw, i, unit, taxes_included, free[0].value if free else None)
                        for i, raw in enumerate(_list(data.get("shipping_lines"), "shipping_lines"))]
            for code in free[:1]:
                code.applied = sum((line.allocated for line in shipping), ZERO)
            raw_txns = _list(data.get("transactions"), "transactions")
            customer = self._customer(data.get("customer"))
            email = data.get("email") or customer.get("email") or ""
            if not isinstance(email, str):
                raise errors.Unprocessable("is invalid", "email")
            number = self._next_number + 1
            order = Order(
                id=0, name=f"#{number}", number=number, email=email, currency=exchange.shop_currency,
                created_at=now, updated_at=now, customer_id=None, customer=customer,
                line_items=lines, shipping_lines=shipping, financial_status="pending", exchange=exchange, note=note,
                tags=str(tags or ""), source_name=str(data.get("source_name") or "web"), discount_codes=codes,
                taxes_included=taxes_included,
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

    def _exchange(self, currency: str | None, presentment: Any) -> Exchange:
        """How the new order's money converts (call under the shop's lock).

        Without ``presentment_currency`` the order is in one currency: ``currency``, else the shop's.
        With one, shop money is in the shop currency (``currency``, if given, must be it) at the
        shop's rate for the presentment currency.

        :raise Unprocessable: not a currency Shopify sells in, or one the shop does not present.
        """
        shop_currency = self.currencies.currency
        if presentment is None:
            return Exchange.single(currency.upper() if currency else shop_currency)
        code = currency_code(presentment)
        if code is None:
            raise errors.Unprocessable("is not a valid ISO 4217 currency", "presentment_currency")
        if currency is not None and currency.upper() == code:
            return Exchange.single(code)
        if currency is not None and currency.upper() != shop_currency:
            raise errors.Unprocessable(f"must be the shop currency ({shop_currency}) when the presentment currency "
                                       f"is {code}", "currency")
        exchange = self.currencies.exchange(code)
        if exchange is None:
            enabled = ", ".join([shop_currency, *sorted(self.currencies.rates)])
            raise errors.Unprocessable(f"{code} is not one of the shop's presentment currencies ({enabled})",
                                       "presentment_currency")
        return exchange

    def _rate_now(self, order: Order) -> Exchange:
        """The exchange of a transaction made now: the shop's rate for the order's presentment currency
        today (a refund is converted at the current rate, not the order's: Help Center, "Refunds in
        multiple currencies"), or the order's when the shop no longer has one."""
        if not order.exchange.multi_currency or self.currencies.currency != order.currency:
            return order.exchange
        return self.currencies.exchange(order.presentment_currency) or order.exchange

    def _new_txn(self, order: Order, kind: str, value: Decimal, gateway: str, *, parent_id: int | None = None,
                 status: str = "success", source_name: str = "web", error_code: str | None = None,
                 settles_at: datetime | None = None) -> Transaction:
        if error_code is not None and status == "error":
            message = f"The {gateway} gateway could not process the {kind} ({error_code})"
        elif error_code is not None:
            message = DECLINE_MESSAGES.get(gateway, f"The {gateway} gateway declined the {kind} ({error_code})")
        elif status == "pending":
            message = f"The {gateway} gateway is processing the {kind} of {value}"
        else:
            message = f"{'Marked' if gateway == 'manual' else 'Processed'} {kind} of {value}"
        return Transaction(self._id(), order.id, kind, status, value, gateway, self._rate_now(order), self.tenant.clock.now(),
                           parent_id=parent_id, authorization=None if kind == "refund" else f"auth-{order.id % 100000}",
                           message=message, source_name=source_name, error_code=error_code, settles_at=settles_at)

    def _line(self, raw: Any, index: int, fulfilled: bool, unit: Decimal) -> LineItem:
        where = f"line_items[{index}]"
        raw = _object(raw, where)
        title = raw.get("title") or raw.get("name")
        if not isinstance(title, str) or not title.strip():
            raise errors.Unprocessable("can't be blank", f"{where}.title")
        quantity = _positive_int(raw.get("quantity", 1), f"{where}.quantity")
        line = LineItem(
            id=0, title=title, sku=str(raw.get("sku") or ""), quantity=quantity,
            price=_money(raw.get("price", "0"), f"{where}.price", unit=unit),
            discount=_money(raw.get("total_discount", "0"), f"{where}.total_discount", unit=unit),
            fulfilled=quantity if fulfilled or raw.get("fulfillment_status") == "fulfilled" else 0, unit=unit,
        )
        for t_index, tax in enumerate(_list(raw.get("tax_lines"), f"{where}.tax_lines")):
            line.tax_lines.append(self._tax_line(tax, f"{where}.tax_lines[{t_index}]", unit))
        return line

    @staticmethod
    def _tax_line(raw: Any, where: str, unit: Decimal) -> TaxLine:
        raw = _object(raw, where)
        rate = raw.get("rate", 0)
        if isinstance(rate, bool) or not isinstance(rate, (int, float, str)):
            raise errors.Unprocessable("is not a number", f"{where}.rate")
        # ASCII digits only, as amounts (Decimal() read "٣" as 3), and bounded as amounts are: a
        # rate of 1e999 priced a tax too large for the decimal context (a 500).
        rate_value = ascii_decimal(str(rate).strip())
        if rate_value is None or not rate_value.is_finite():
            raise errors.Unprocessable("is not a number", f"{where}.rate")
        if rate_value.copy_abs() >= MAX_MAGNITUDE:
            raise errors.Unprocessable(f"must be less than {MAX_MAGNITUDE:,}", f"{where}.rate")
        if rate_value < 0:
            raise errors.Unprocessable("must be greater than or equal to 0", f"{where}.rate")
        # A tax line without a price is priced from its rate once discounts are known (_tax_from_rates).
        price = _money(raw["price"], f"{where}.price", unit=unit) if raw.get("price") is not None else Decimal("-1")
        return TaxLine(str(raw.get("title") or "Tax"), rate_value, price)

    @staticmethod
    def _tax_from_rates(tax_lines: list[TaxLine], base: Decimal, unit: Decimal, taxes_included: bool) -> None:
        """Price the tax lines given by rate only, on ``base`` (what the line or shipping costs after
        discounts): ``base × rate`` on top of it, or, when prices include tax, the part of ``base``
        that is tax: ``base × rate / (1 + the sum of its rates)``."""
        divisor = 1 + sum((t.rate for t in tax_lines), ZERO) if taxes_included else Decimal(1)
        for tax in tax_lines:
            if tax.price < 0:
                tax.price = round_to(base * tax.rate / divisor, unit)

    @staticmethod
    def _discount_code(raw: Any, index: int, unit: Decimal) -> DiscountCode:
        where = f"discount_codes[{index}]"
        raw = _object(raw, where)
        code = raw.get("code")
        if not isinstance(code, str) or not code:
            raise errors.Unprocessable("can't be blank", f"{where}.code")
        kind = raw.get("type", "fixed_amount")
        if kind not in ("fixed_amount", "percentage", "shipping"):
            raise errors.Unprocessable("is not included in the list", f"{where}.type")
        value = _money(raw.get("amount", "0"), f"{where}.amount", unit=CENT if kind == "percentage" else unit)
        if kind == "percentage" and value > 100:
            raise errors.Unprocessable("must be less than or equal to 100", f"{where}.amount")
        return DiscountCode(code, kind, value)

    @staticmethod
    def _allocate(codes: list[DiscountCode], lines: list[LineItem], unit: Decimal) -> None:
        """Spread each discount code over the lines in proportion to what they cost (``across``),
        each line keeping its share of each code apart."""
        for code in codes:
            bases = [line.price * line.quantity - line.total_discount for line in lines]
            base = sum(bases, ZERO)
            total = round_to(base * code.value / 100, unit) if code.type == "percentage" else min(code.value, base)
            code.applied = total
            for line, share in zip(lines, _split(total, bases, unit), strict=True):
                line.allocations.append(share)

    def _shipping(self, raw: Any, index: int, unit: Decimal, taxes_included: bool,
                  free_up_to: Decimal | None) -> ShippingLine:
        """A shipping line; a free shipping code (``type`` shipping, of ``free_up_to``) makes it free
        when its price is at most the code's amount — "Applies a free shipping discount on orders
        that have a shipping rate less than or equal to amount" (REST Order, ``discount_codes``) —
        and its tax is then on what is left to pay: nothing."""
        where = f"shipping_lines[{index}]"
        raw = _object(raw, where)
        line = ShippingLine(0, str(raw.get("title") or "Shipping"), str(raw.get("code") or raw.get("title") or "standard"),
                            _money(raw.get("price", "0"), f"{where}.price", unit=unit))
        if free_up_to is not None and line.price <= free_up_to:
            line.allocated = line.price
        for t_index, tax in enumerate(_list(raw.get("tax_lines"), f"{where}.tax_lines")):
            line.tax_lines.append(self._tax_line(tax, f"{where}.tax_lines[{t_index}]", unit))
        self._tax_from_rates(line.tax_lines, line.discounted_price, unit, taxes_included)
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
            value = _money(raw.get("amount", str(order.total_price)), f"{where}.amount", unit=order.exchange.unit)
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

    def orders(self, *, status: str = "open", financial_status: str = "any", fulfillment_status: str = "any",
               since_id: int | None = None, ids: list[int] | None = None,
               times: dict[str, str] | None = None) -> list[Order]:
        """Orders matching the ``GET /orders.json`` filters, by id ascending; ``times`` holds the
        given ``created_at_min/max``, ``updated_at_min/max`` and ``processed_at_min/max``
        (:func:`check_order_times`).

        :raise BadRequest: an unknown filter value (Shopify answers 400 for those).
        """
        if status not in ORDER_STATUS_FILTERS:
            raise errors.BadRequest(f"Invalid status: {status}", field="status")
        if financial_status not in FINANCIAL_STATUS_FILTERS:
            raise errors.BadRequest(f"Invalid financial_status: {financial_status}", field="financial_status")
        if fulfillment_status not in FULFILLMENT_STATUS_FILTERS:
            raise errors.BadRequest(f"Invalid fulfillment_status: {fulfillment_status}", field="fulfillment_status")
        wanted = FINANCIAL_STATUS_FILTERS[financial_status]
        shipping = FULFILLMENT_STATUS_FILTERS[fulfillment_status]
        bounds = check_order_times(times or {})
        with self._lock:
            found = [
                o for o in self._orders.values()
                # Open: neither closed (archived; no order is closed here) nor cancelled.
                if (status == "any" or (status == "cancelled") == (o.cancelled_at is not None)) and status != "closed"
                and (wanted is None or o.financial_status in wanted)
                and (shipping is None or o.fulfillment_status in shipping)
                and (since_id is None or o.id > since_id)
                and (ids is None or o.id in ids)
                and within_times(o, bounds)
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
            root = {"currency": data["currency"]} if "currency" in data else {}
            try:
                refund = self.create_refund(order_id, {"refund": {**root, "transactions": [{**data, "kind": "refund"}]}})
            except errors.Unprocessable as refused:
                # The refund body is ours, not the caller's: its errors name the transaction's own
                # attributes (``amount``), as every other 422 of this endpoint does.
                refused.field = _transaction_attribute(refused.field)
                raise
            return refund.transactions[0]
        with self._lock:
            order = self.order(order_id)
            if kind != "void":
                # Multi-currency orders: captures name the presentment currency (Transaction resource).
                self._check_currency(order, data, required=True)
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
            self.webhooks.trigger("order_transactions/create", order.id, lambda: transaction_json(txn, order))
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
        value = _money(data["amount"], "amount", positive=True, unit=order.exchange.unit) if data.get("amount") is not None else limit
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
            self._check_currency(order, data, required=_shipping_amount(data) is not None)
            return order, self._calculate(order, data)

    def _calculate(self, order: Order, data: dict[str, Any], *, creating: bool = False) -> Calculation:
        lines = self._refund_lines(order, data.get("refund_line_items"), creating=creating)
        shipping, maximum = self._refund_shipping(order, data.get("shipping"))
        calc = Calculation(lines, shipping, maximum, [], order.taxes_included)
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

    def cancel_order(self, order_id: int, body: Any) -> Order:
        """Cancel an order as ``POST /orders/{id}/cancel.json`` does (Order resource): ``reason`` (one
        of :data:`CANCEL_REASONS`, "other" when left out) and ``email`` (notify the customer; nothing
        is sent here); ``refund``, a refund as :meth:`create_refund` takes it (its note
        :data:`CANCELLATION_NOTE` unless it names one); else ``amount`` (with ``currency`` for a
        multi-currency order): a refund of every unit not refunded yet (``restock``: put back,
        restock type ``cancel``; else ``no_restock``) and ``amount`` back on the order's payments in
        turn, each up to what it has left. Neither: nothing is refunded (the Order resource's
        example cancels a partly refunded order, its refunds as they were).

        :raise NotFound: no such order. :raise Unprocessable: cancelled already, an unknown reason,
            or a refund :meth:`create_refund` refuses; nothing was written.
        """
        data = body if isinstance(body, dict) else {}
        with self._lock:
            order = self.order(order_id)
            if order.cancelled_at is not None:
                raise errors.Unprocessable("Order has already been cancelled")  # text unconfirmed
            reason = data.get("reason", "other")
            if reason not in CANCEL_REASONS:
                raise errors.Unprocessable(f"must be one of {', '.join(CANCEL_REASONS)}", "reason")
            refund = data.get("refund")
            if refund is None and data.get("amount") is not None:
                refund = self._cancellation_refund(order, data)
            if refund is not None:
                if not isinstance(refund, dict):
                    raise errors.Unprocessable("must be an object", "refund")
                self.create_refund(order_id, {"refund": {"note": CANCELLATION_NOTE, **refund}})
            order.cancelled_at, order.cancel_reason = self.tenant.clock.now(), reason
            self._touch(order, order.cancelled_at)
            return order

    def _cancellation_refund(self, order: Order, data: dict[str, Any]) -> dict[str, Any]:
        """The refund a cancellation with ``amount`` makes: every unit not refunded yet, the amount on
        the order's payments in turn (each up to what it has left; the rest on the first, for
        :meth:`create_refund` to refuse)."""
        amount = ascii_decimal(str(data["amount"])) if isinstance(data["amount"], (str, int, float)) else None
        if amount is None or not amount.is_finite() or abs(amount) > MAX_MAGNITUDE or amount <= 0:
            raise errors.Unprocessable("must be a positive number", "amount")
        restock = "cancel" if rails_boolean(data.get("restock")) else "no_restock"
        lines = [{"line_item_id": line.id, "quantity": line.quantity - order.refunded_quantity(line.id), "restock_type": restock}
                 for line in order.line_items if line.quantity > order.refunded_quantity(line.id)]
        payments, rest, shares = order.captured(), amount, []
        for payment in payments:
            share = min(rest, order.refundable(payment))
            if share > 0:
                shares.append({"parent_id": payment.id, "amount": str(share), "kind": "refund", "gateway": payment.gateway})
                rest -= share
        if rest > 0 and payments:
            shares.append({"parent_id": payments[0].id, "amount": str(rest), "kind": "refund", "gateway": payments[0].gateway})
        refund: dict[str, Any] = {"refund_line_items": lines, "transactions": shares}
        if data.get("currency") is not None:
            refund["currency"] = data["currency"]
        return refund

    def create_refund(self, order_id: int, body: Any, *, idempotency: tuple[str, str] | None = None,
                      require_currency: bool = False) -> Refund:
        """Create a refund from ``{"refund": {...}}`` with Shopify's rules (module docstring).

        ``idempotency`` is ``(key, fingerprint)`` of a GraphQL ``@idempotent`` mutation: a retry with
        the same key and input returns the refund made the first time. A multi-currency order needs
        ``currency`` (its presentment currency) whenever an amount is given, and always with
        ``require_currency`` (GraphQL's rule). When the gateway declines (:class:`GatewayDeclines`),
        the refund is made all the same, its transactions ``failure`` with the error code, and it
        refunds nothing (:attr:`Refund.declined`).

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
            self._check_currency(order, data, required=require_currency or bool(data.get("transactions"))
                                 or _shipping_amount(data) is not None)
            reason = data.get("discrepancy_reason")
            if reason is not None and reason not in DISCREPANCY_REASONS:
                raise errors.Unprocessable(f"must be one of {', '.join(DISCREPANCY_REASONS)}", "discrepancy_reason")
            calc = self._calculate(order, data, creating=True)
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
        decline = self.declines.take([parent.id for parent, _ in transactions]) if transactions else None

        def declined(parent: Transaction) -> str | None:
            return decline[0] if decline and decline[1] in (None, parent.id) else None
        refused = decline[2] if decline else "failure"
        # A hold is used by a refund with money the gateway takes (not one it declines whole).
        held = self.holds.take() if any(not declined(parent) for parent, _ in transactions) else None
        settles_at = now + timedelta(hours=held) if held is not None else None
        refund.transactions = [self._new_txn(order, "refund", value, parent.gateway, parent_id=parent.id,
                                             status=refused if declined(parent) else "success" if held is None else "pending",
                                             error_code=declined(parent),
                                             settles_at=None if declined(parent) else settles_at)
                               for parent, value in transactions]
        self._pending.extend((order, t) for t in refund.transactions if t.status == "pending")
        if not refund.declined:  # a declined refund refunded nothing, so nothing needs balancing
            if calc.shipping:
                refund.adjustments.append(OrderAdjustment(self._id(), "shipping_refund", "Shipping refund",
                                                          -calc.shipping, -calc.shipping_tax))
            paid = refund.sent_money  # held pending, it is on its way: no discrepancy
            if transactions and paid != calc.total:
                # Money that the refunded goods and shipping do not explain balances as a discrepancy.
                refund.adjustments.append(OrderAdjustment(self._id(), "refund_discrepancy", discrepancy_reason
                                                          or "Refund discrepancy", calc.total - paid, ZERO))
        order.refunds.append(refund)
        order.transactions.extend(refund.transactions)
        self._touch(order, now)
        if idempotency is not None:
            self._idempotency[idempotency[0]] = (idempotency[1], order.id, refund.id)
        self.webhooks.trigger("refunds/create", order.id, lambda: refund_json(refund, order))
        for txn in refund.transactions:
            self.webhooks.trigger("order_transactions/create", order.id, partial(transaction_json, txn, order))
        self.webhooks.trigger("orders/updated", order.id, lambda: order_json(order))
        return refund

    @staticmethod
    def _touch(order: Order, now: datetime) -> None:
        order.updated_at = now
        order.financial_status = order.derive_financial_status()

    @staticmethod
    def _check_currency(order: Order, data: dict[str, Any], *, required: bool) -> None:
        """A refund's (or capture's) ``currency``: the order's presentment currency, and for a
        multi-currency order it must be given when ``required`` (Refund and Transaction resources).

        :raise Unprocessable: another currency, or none where one is required.
        """
        currency = data.get("currency")
        exchange = order.exchange
        if currency is None:
            if required and exchange.multi_currency:
                raise errors.Unprocessable(
                    f"is required for an order presented in {exchange.presentment_currency} (shop currency "
                    f"{exchange.shop_currency})", "currency")
            return
        if not isinstance(currency, str) or currency.upper() != exchange.presentment_currency:
            if exchange.multi_currency:
                raise errors.Unprocessable(
                    f"must be the order's presentment currency ({exchange.presentment_currency})", "currency")
            raise errors.Unprocessable(f"must match the order's currency ({order.currency})", "currency")

    def _refund_lines(self, order: Order, raw_lines: Any, *, creating: bool = False) -> list[RefundLineItem]:
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
            if creating and restock_type == "legacy_restock":
                # RefundLineItemRestockType.LEGACY_RESTOCK: "Deprecated. ... This value is not
                # accepted when creating new refunds." (older refunds still show it).
                raise errors.Unprocessable("is not accepted when creating new refunds", f"{where}.restock_type")
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
                # With prices that include tax the subtotal holds the tax too (the customer paid the
                # discounted total for the line): the refund gives it back, and names its tax part.
                subtotal = round_to(line.discounted_total * quantity / line.quantity, order.exchange.unit)
                tax = round_to(line.tax * quantity / line.quantity, order.exchange.unit)
            planned[line.id] = (plan_sub + subtotal, plan_tax + tax)
            result.append(RefundLineItem(None, line.id, quantity, restock_type,
                                         location_id if restock_type != "no_restock" else None, subtotal, tax))
        return result

    def _refund_shipping(self, order: Order, raw: Any) -> tuple[list[RefundShippingLine], Decimal]:
        maximum = order.shipping_paid - order.refunded_shipping()  # a free shipping code's part was never paid
        if raw is None:
            return [], maximum
        raw = _object(raw, "shipping")
        # An amount takes precedence over full_refund (the Refund resource's shipping.amount; GraphQL's
        # shippingRefundAmount "overrides the fullRefund argument"): a connector sending both with
        # NetSuite's shipping must get that, not what is left.
        if raw.get("amount") is not None:
            wanted = _money(raw.get("amount"), "shipping.amount", unit=order.exchange.unit)
            if wanted > maximum:
                raise errors.Unprocessable(
                    f"Shipping refund amount must be less than or equal to maximum refundable {maximum}", "shipping")
        elif rails_boolean(raw.get("full_refund")):  # a form sends "true" (Rails casts it)
            wanted = maximum
        else:
            wanted = ZERO
        rows: list[RefundShippingLine] = []
        left = wanted
        for line in order.shipping_lines:
            line_left = line.discounted_price - order.refunded_shipping(line.id)
            if left <= 0 or line_left <= 0:
                continue
            share = min(left, line_left)
            tax_left = line.tax - order.refunded_shipping_tax(line.id)
            tax = tax_left if share == line_left else round_to(line.tax * share / line.discounted_price, order.exchange.unit)
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
            # calculate's transactions say suggested_refund, "which must be changed to refund for the
            # refund to be accepted" (the Refund resource); GraphQL's refundCreate says "must be REFUND".
            if raw.get("kind", "refund") != "refund":
                raise errors.Unprocessable("is not included in the list", f"{where}.kind")
            if raw.get("parent_id") is None:
                raise errors.Unprocessable("Refund transactions require a parent transaction (parent_id)", "base")
            parent = parents.get(_int_id(raw.get("parent_id")))  # type: ignore[arg-type]
            if parent is None:
                raise errors.Unprocessable("Parent transaction must be a successful sale or capture of this order", "base")
            gateway = raw.get("gateway") or parent.gateway
            if gateway != parent.gateway:
                raise errors.Unprocessable(f"Gateway must match the parent transaction's gateway ({parent.gateway})", "base")
            value = _money(raw.get("amount"), f"{where}.amount", positive=True, unit=order.exchange.unit)
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


def _transaction_attribute(field: str) -> str:
    """The attribute of a ``transactions.json`` body that an error of the refund it became names:
    ``transactions[0].amount`` → ``amount``, the transaction as a whole (``transactions[0]``) → ``base``."""
    prefix = "transactions[0]"
    if field == prefix:
        return "base"
    return field[len(prefix) + 1:] if field.startswith(prefix + ".") else field


#: ``GET /orders.json`` / ``count.json`` time filters (Order resource): "Show orders created (last
#: updated, imported) at or after (before) date", ISO 8601; ``processed_at``'s pair compares the
#: order's creation, which is its ``processed_at`` here.
ORDER_TIME_FILTERS = ("created_at_min", "created_at_max", "updated_at_min", "updated_at_max", "processed_at_min",
                      "processed_at_max")


def check_order_times(times: dict[str, str]) -> dict[str, datetime]:
    """The time filters given (``2005-07-31T15:57:11-04:00``; without a zone: UTC, the shop's), as
    instants.

    :raise BadRequest: one that is no ISO 8601 time, 400 on its name.
    """
    bounds: dict[str, datetime] = {}
    for name, raw in times.items():
        try:  # (a forged page_info cursor may carry something other than text)
            moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except (ValueError, AttributeError):
            raise errors.BadRequest(f"Invalid {name}: {raw}", field=name) from None
        bounds[name] = moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
    return bounds


#: ``GET /webhooks.json`` time filters (Webhook resource; shopify-api-ruby 2025-01 ``Webhook.all``).
WEBHOOK_TIME_FILTERS = ("created_at_min", "created_at_max", "updated_at_min", "updated_at_max")


def within_times(order: "Order | Subscription", bounds: dict[str, datetime]) -> bool:
    """Whether ``order`` (or a webhook subscription) was created (processed: an order's
    ``processed_at`` is its creation here) and last updated within ``bounds``, ends included. Times
    are compared to the second, as REST prints them: a bound copied from ``updated_at`` names that
    record."""
    for name, bound in bounds.items():
        moment = (order.updated_at if name.startswith("updated") else order.created_at).replace(microsecond=0)
        if (moment < bound) if name.endswith("_min") else (moment > bound):
            return False
    return True
