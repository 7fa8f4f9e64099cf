"""A Magento store's orders, invoices and credit memos, and the rules Magento applies to refunds
(RULES.md §2-§3; FIDELITY.md beside this file).

A refund is built the way ``CreditmemoFactory`` builds one — an empty item list means everything
still refundable, an omitted ``shipping_amount`` the remaining shipping — and then checked by the
validators of ``RefundOrder`` / ``RefundInvoice`` (order, invoice, quantities, totals, items, return
to stock), whose messages are aggregated into one ``Creditmemo Document Validation Error(s)``. Only
invoiced quantity is refundable, the total refunded never exceeds the total paid, and an order with
nothing left to refund, ship or invoice moves to ``closed``.

Every write checks everything first and only then changes state (:meth:`MagentoStore._write_creditmemo`
and :meth:`MagentoStore._write_invoice` cannot refuse), under the order's lock, so a refused request
changes nothing — not even the id sequences, which are drawn only when a record is written — and
concurrent refunds of one order never over-refund.

Locks: an order's lock may be held while taking the store's lock, never the other way round.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Callable

from simulators.core.errors import ControlPlaneError
from simulators.core.numbers import MAX_MAGNITUDE, ascii_decimal, whole_number

from . import errors, search
from .schemas import (
    CENT, CREDITMEMO_REFUNDED, DEFAULT_STATUS, OPTIONAL_COLUMNS, INVOICE_OPEN, INVOICE_PAID, NO_CREDITMEMO_STATES, STATE_CANCELED,
    STATE_CLOSED, STATE_COMPLETE, STATE_HOLDED, STATE_NEW, STATE_PAYMENT_REVIEW, STATE_PROCESSING, ZERO,
    PaymentMethod, creditmemo_json, invoice_json, money_text, order_item_json, order_json, php_float,
)

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant


def cents(value: Decimal) -> Decimal:
    """``priceCurrency->round()``: half away from zero, two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _share(remaining: Decimal, qty: Decimal, available: Decimal) -> Decimal:
    """The part of ``remaining`` (tax, discount) that ``qty`` of ``available`` units carries; the
    last units take the rest, so nothing is left over by rounding."""
    if available <= 0 or qty >= available:
        return remaining
    return cents(remaining * qty / available)


# ===================================================================================== records
class Totals:
    """The sums an order, an invoice and a credit memo all take over their lines (each line has a
    ``row_total``, a ``tax_amount`` and a ``discount_amount``), plus their shipping tax."""

    items: list[Any]
    shipping_tax_amount: Decimal
    #: The part of the discount a cart price rule took off the shipping ("Apply to Shipping
    #: Amount"): the order's ``shipping_discount_amount``, on the invoice that billed it and its
    #: share on each credit memo that refunds shipping; inside ``discount_amount`` on all three.
    shipping_discount_amount: Decimal

    @property
    def subtotal(self) -> Decimal:
        return sum((line.row_total for line in self.items), ZERO)

    @property
    def item_tax(self) -> Decimal:
        return sum((line.tax_amount for line in self.items), ZERO)

    @property
    def tax_amount(self) -> Decimal:
        return self.item_tax + self.shipping_tax_amount

    @property
    def discount_amount(self) -> Decimal:
        """The discount as a positive amount (Magento prints an order's, an invoice's and a credit
        memo's ``discount_amount`` negative, an item's positive)."""
        return sum((line.discount_amount for line in self.items), ZERO) + self.shipping_discount_amount

    #: The tax part of a shipping discount taken off a shipping price including tax (the order's
    #: ``shipping_discount_tax_compensation_amount``, on the invoice that bills the shipping, and its
    #: share inside each credit memo's ``discount_tax_compensation_amount``).
    shipping_discount_tax_compensation_amount: Decimal

    @property
    def item_discount_tax_compensation(self) -> Decimal:
        """The tax part of discounts taken off prices including tax (each line's
        ``discount_tax_compensation_amount``)."""
        return sum((line.discount_tax_compensation_amount for line in self.items), ZERO)

    @property
    def discount_tax_compensation_amount(self) -> Decimal:
        """The tax part of every discount taken off a price including tax, the shipping's with the
        items' (``Invoice\\Total\\Tax``, ``Creditmemo\\Total\\Tax``): the grand total gives it back
        beside the discount. An invoice and a credit memo print it as their
        ``discount_tax_compensation_amount``; an order prints its items' only, and the shipping's apart."""
        return self.item_discount_tax_compensation + self.shipping_discount_tax_compensation_amount

    # The same sums in the store's base currency: each kept and rounded on its own, as Magento
    # keeps every ``base_*`` column beside its order-currency twin (never converted from it).
    base_shipping_tax_amount: Decimal
    base_shipping_discount_amount: Decimal

    @property
    def base_subtotal(self) -> Decimal:
        return sum((line.base_row_total for line in self.items), ZERO)

    @property
    def base_item_tax(self) -> Decimal:
        return sum((line.base_tax_amount for line in self.items), ZERO)

    @property
    def base_tax_amount(self) -> Decimal:
        return self.base_item_tax + self.base_shipping_tax_amount

    @property
    def base_discount_amount(self) -> Decimal:
        return sum((line.base_discount_amount for line in self.items), ZERO) + self.base_shipping_discount_amount

    base_shipping_discount_tax_compensation_amount: Decimal

    @property
    def base_item_discount_tax_compensation(self) -> Decimal:
        return sum((line.base_discount_tax_compensation_amount for line in self.items), ZERO)

    @property
    def base_discount_tax_compensation_amount(self) -> Decimal:
        return self.base_item_discount_tax_compensation + self.base_shipping_discount_tax_compensation_amount


@dataclass
class OrderItem:
    item_id: int
    order_id: int
    sku: str
    name: str
    product_id: int
    price: Decimal
    qty_ordered: Decimal
    tax_percent: Decimal
    tax_amount: Decimal
    discount_amount: Decimal
    created_at: datetime
    updated_at: datetime
    #: ``simple``, or ``configurable`` for the line of a configurable product (a shirt sold in sizes):
    #: the customer's choice, a simple product, is then an item of its own right after it, its child
    #: (``parent_item_id``), with the line's SKU and units and no money of its own.
    product_type: str = "simple"
    parent_item_id: int | None = None
    #: The product's regular price (``original_price``): above ``price`` when the item sold at a
    #: special price (or a catalog price rule); ``price`` otherwise.
    original_price: Decimal = ZERO
    base_original_price: Decimal = ZERO
    qty_invoiced: Decimal = ZERO
    qty_refunded: Decimal = ZERO
    qty_shipped: Decimal = ZERO
    qty_canceled: Decimal = ZERO
    row_invoiced: Decimal = ZERO
    tax_invoiced: Decimal = ZERO
    discount_invoiced: Decimal = ZERO
    amount_refunded: Decimal = ZERO
    tax_refunded: Decimal = ZERO
    discount_refunded: Decimal = ZERO
    #: The base-currency twins (the store's base currency; equal to the above in a store whose
    #: base currency is the order's).
    base_price: Decimal = ZERO
    base_tax_amount: Decimal = ZERO
    base_discount_amount: Decimal = ZERO
    base_row_invoiced: Decimal = ZERO
    base_tax_invoiced: Decimal = ZERO
    base_discount_invoiced: Decimal = ZERO
    base_amount_refunded: Decimal = ZERO
    base_tax_refunded: Decimal = ZERO
    base_discount_refunded: Decimal = ZERO
    #: In a store whose catalog prices include tax, a discount comes off the price with its tax:
    #: ``discount_amount`` is with it, and this is its tax part, which the line's tax (worked out on
    #: what is left after the discount) no longer charges, so the totals give it back
    #: (``UnitBaseCalculator::calculateWithTaxInPrice``: the unit tax before the discount less after).
    discount_tax_compensation_amount: Decimal = ZERO
    discount_tax_compensation_invoiced: Decimal = ZERO
    discount_tax_compensation_refunded: Decimal = ZERO
    base_discount_tax_compensation_amount: Decimal = ZERO
    base_discount_tax_compensation_invoiced: Decimal = ZERO
    base_discount_tax_compensation_refunded: Decimal = ZERO

    @property
    def row_total(self) -> Decimal:
        return self.price * self.qty_ordered

    @property
    def base_row_total(self) -> Decimal:
        return self.base_price * self.qty_ordered

    # The price and row with their tax are before the discount: the tax on the row as if nothing
    # were taken off (``UnitBaseCalculator``: ``priceInclTax = price + unitTaxBeforeDiscount``,
    # ``rowTotalInclTax = priceInclTax * qty``), where ``tax_amount`` is on what is left after it.
    @property
    def base_price_incl_tax(self) -> Decimal:
        return cents(self.base_price + self._tax_before_discount(self.base_row_total) / self.qty_ordered)

    @property
    def base_row_total_incl_tax(self) -> Decimal:
        return self.base_row_total + self._tax_before_discount(self.base_row_total)

    @property
    def price_incl_tax(self) -> Decimal:
        return cents(self.price + self._tax_before_discount(self.row_total) / self.qty_ordered)

    @property
    def row_total_incl_tax(self) -> Decimal:
        return self.row_total + self._tax_before_discount(self.row_total)

    def _tax_before_discount(self, row: Decimal) -> Decimal:
        return cents(row * self.tax_percent / 100)

    @property
    def is_dummy(self) -> bool:
        """``Item::isDummy``: the child of a configurable line — its parent is invoiced, shipped and
        refunded, and it follows (a configurable product's price is not its children's to calculate)."""
        return self.parent_item_id is not None

    @property
    def qty_to_refund(self) -> Decimal:
        """``Item::getQtyToRefund``: what was invoiced and not yet refunded; 0 for a dummy item."""
        return ZERO if self.is_dummy else max(self.qty_invoiced - self.qty_refunded, ZERO)

    @property
    def qty_to_invoice(self) -> Decimal:
        """``Item::getQtyToInvoice``: 0 for a dummy item (it is invoiced with its parent)."""
        return ZERO if self.is_dummy else max(self.qty_ordered - self.qty_invoiced - self.qty_canceled, ZERO)

    @property
    def qty_to_ship(self) -> Decimal:
        """``Item::getSimpleQtyToShip``: refunded units need no shipping either; 0 for the child of a
        configurable line (``isDummy(true)``: the parent ships)."""
        if self.is_dummy:
            return ZERO
        return max(self.qty_ordered - max(self.qty_shipped, self.qty_refunded) - self.qty_canceled, ZERO)


@dataclass
class Payment:
    entity_id: int
    method: PaymentMethod
    amount_paid: Decimal = ZERO
    amount_refunded: Decimal = ZERO
    amount_refunded_online: Decimal = ZERO
    last_trans_id: str | None = None
    base_amount_paid: Decimal = ZERO
    base_amount_refunded: Decimal = ZERO
    base_amount_refunded_online: Decimal = ZERO


@dataclass
class HistoryEntry:
    entity_id: int
    comment: str
    status: str
    entity_name: str
    created_at: datetime
    is_customer_notified: int = 0
    is_visible_on_front: int = 0


@dataclass
class Order(Totals):
    entity_id: int
    increment_id: str
    created_at: datetime
    updated_at: datetime
    customer_email: str
    customer_firstname: str
    customer_lastname: str
    customer_id: int | None
    currency: str
    items: list[OrderItem]
    shipping_amount: Decimal
    shipping_tax_amount: Decimal
    shipping_description: str
    shipping_method: str
    payment: Payment
    address: dict[str, str]
    address_ids: dict[str, int]
    #: Where the order ships when not to the customer's address (a gift): the recipient's
    #: ``firstname``, ``lastname`` and address fields, as the shipping address prints them.
    ship_to: dict[str, str] | None
    protect_code: str
    quote_id: int
    remote_ip: str
    state: str = STATE_NEW
    status: str = "pending"
    total_invoiced: Decimal = ZERO
    subtotal_invoiced: Decimal = ZERO
    tax_invoiced: Decimal = ZERO
    shipping_invoiced: Decimal = ZERO
    shipping_tax_invoiced: Decimal = ZERO
    discount_invoiced: Decimal = ZERO
    total_paid: Decimal = ZERO
    total_refunded: Decimal = ZERO
    subtotal_refunded: Decimal = ZERO
    tax_refunded: Decimal = ZERO
    shipping_refunded: Decimal = ZERO
    shipping_tax_refunded: Decimal = ZERO
    discount_refunded: Decimal = ZERO
    shipping_discount_amount: Decimal = ZERO
    #: What credit memos refunded of ``shipping_discount_amount`` (inside ``discount_refunded``;
    #: Magento keeps no column of it): the credit memo that refunds the last of the shipping takes
    #: the rest of the shipping discount, as Magento's unrounded shares add up to it.
    shipping_discount_refunded: Decimal = ZERO
    shipping_discount_tax_compensation_amount: Decimal = ZERO
    #: What credit memos refunded of ``shipping_discount_tax_compensation_amount`` (inside their and
    #: the order's ``discount_tax_compensation_refunded``; Magento keeps no column of it either).
    shipping_discount_tax_compensation_refunded: Decimal = ZERO
    adjustment_positive: Decimal = ZERO
    adjustment_negative: Decimal = ZERO
    total_offline_refunded: Decimal = ZERO
    total_online_refunded: Decimal = ZERO
    #: The store's base currency (the website's) and how many units of the order's currency one
    #: unit of it bought at checkout (``base_to_order_rate``); the order's currency and 1 unless the
    #: customer paid in another currency than the store's base.
    base_currency: str = ""
    base_to_order_rate: Decimal = Decimal(1)
    base_shipping_amount: Decimal = ZERO
    base_shipping_tax_amount: Decimal = ZERO
    base_total_invoiced: Decimal = ZERO
    base_subtotal_invoiced: Decimal = ZERO
    base_tax_invoiced: Decimal = ZERO
    base_shipping_invoiced: Decimal = ZERO
    base_shipping_tax_invoiced: Decimal = ZERO
    base_discount_invoiced: Decimal = ZERO
    base_total_paid: Decimal = ZERO
    base_total_refunded: Decimal = ZERO
    base_subtotal_refunded: Decimal = ZERO
    base_tax_refunded: Decimal = ZERO
    base_shipping_refunded: Decimal = ZERO
    base_shipping_tax_refunded: Decimal = ZERO
    base_discount_refunded: Decimal = ZERO
    base_shipping_discount_amount: Decimal = ZERO
    base_shipping_discount_refunded: Decimal = ZERO
    base_shipping_discount_tax_compensation_amount: Decimal = ZERO
    base_shipping_discount_tax_compensation_refunded: Decimal = ZERO
    discount_tax_compensation_invoiced: Decimal = ZERO
    discount_tax_compensation_refunded: Decimal = ZERO
    base_discount_tax_compensation_invoiced: Decimal = ZERO
    base_discount_tax_compensation_refunded: Decimal = ZERO
    base_adjustment_positive: Decimal = ZERO
    base_adjustment_negative: Decimal = ZERO
    base_total_offline_refunded: Decimal = ZERO
    base_total_online_refunded: Decimal = ZERO
    invoice_ids: list[int] = field(default_factory=list)
    creditmemo_ids: list[int] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def subtotal_incl_tax(self) -> Decimal:
        return self.subtotal + self.item_tax

    @property
    def shipping_incl_tax(self) -> Decimal:
        """The shipping with its tax before any shipping discount (``getRowTotalInclTax``): the tax
        after it and the discount's own tax part."""
        return self.shipping_amount + self.shipping_tax_amount + self.shipping_discount_tax_compensation_amount

    @property
    def grand_total(self) -> Decimal:
        return (self.subtotal + self.tax_amount + self.shipping_amount - self.discount_amount
                + self.discount_tax_compensation_amount)

    @property
    def total_due(self) -> Decimal:
        return self.grand_total - self.total_paid

    @property
    def base_subtotal_incl_tax(self) -> Decimal:
        return self.base_subtotal + self.base_item_tax

    @property
    def base_shipping_incl_tax(self) -> Decimal:
        return (self.base_shipping_amount + self.base_shipping_tax_amount
                + self.base_shipping_discount_tax_compensation_amount)

    @property
    def base_grand_total(self) -> Decimal:
        return (self.base_subtotal + self.base_tax_amount + self.base_shipping_amount - self.base_discount_amount
                + self.base_discount_tax_compensation_amount)

    @property
    def base_total_due(self) -> Decimal:
        return self.base_grand_total - self.base_total_paid

    def children(self, item: OrderItem) -> list[OrderItem]:
        """The child items of ``item`` (its configurable product's chosen simple product)."""
        return [i for i in self.items if i.parent_item_id == item.item_id]

    def item(self, item_id: int) -> OrderItem | None:
        return next((i for i in self.items if i.item_id == item_id), None)

    # ------------------------------------------------------------ Order.php predicates
    def can_invoice(self) -> bool:
        if self.state in (STATE_PAYMENT_REVIEW, STATE_HOLDED, STATE_CANCELED, STATE_COMPLETE, STATE_CLOSED):
            return False
        return any(i.qty_to_invoice > 0 for i in self.items)

    def can_ship(self) -> bool:
        if self.state in (STATE_PAYMENT_REVIEW, STATE_HOLDED, STATE_CANCELED):
            return False
        return any(i.qty_to_ship > 0 for i in self.items)

    def can_creditmemo(self) -> bool:
        if self.state in (STATE_HOLDED, STATE_PAYMENT_REVIEW, STATE_CANCELED, STATE_CLOSED):
            return False
        return abs(cents(self.total_paid) - self.total_refunded) >= Decimal("0.0001")

    def resolve_state(self) -> None:
        """``StateResolver::getStateForOrder`` after an invoice or a refund, and the state's
        default status: complete when everything is invoiced and shipped and money remains
        refundable (or the order was free), closed when nothing does and something was refunded."""
        state = STATE_PROCESSING if self.state in (STATE_PROCESSING, STATE_NEW) and self.invoice_ids else self.state
        if self.state != STATE_CANCELED and not self.can_invoice() and not self.can_ship():
            if self.base_grand_total == 0 or self.can_creditmemo():
                state = STATE_COMPLETE
            elif self.total_refunded > 0:
                state = STATE_CLOSED
        self.state, self.status = state, DEFAULT_STATUS[state]


@dataclass
class DocumentLine:
    """An invoice or credit memo item: ``qty`` of an order item and its amounts."""

    entity_id: int
    item: OrderItem
    qty: Decimal
    row_total: Decimal
    tax_amount: Decimal
    discount_amount: Decimal
    base_row_total: Decimal
    base_tax_amount: Decimal
    base_discount_amount: Decimal
    discount_tax_compensation_amount: Decimal = ZERO
    base_discount_tax_compensation_amount: Decimal = ZERO


@dataclass
class Invoice(Totals):
    entity_id: int
    increment_id: str
    order_id: int
    state: int
    created_at: datetime
    updated_at: datetime
    items: list[DocumentLine]
    shipping_amount: Decimal
    shipping_tax_amount: Decimal
    base_shipping_amount: Decimal
    base_shipping_tax_amount: Decimal
    transaction_id: str | None = None
    #: What credit memos against the invoice gave back, in the base currency (Magento keeps no
    #: order-currency twin of it: ``RefundOperation`` adds the credit memo's ``base_grand_total``).
    base_total_refunded: Decimal = ZERO
    is_used_for_refund: bool = False
    shipping_discount_amount: Decimal = ZERO
    base_shipping_discount_amount: Decimal = ZERO
    shipping_discount_tax_compensation_amount: Decimal = ZERO
    base_shipping_discount_tax_compensation_amount: Decimal = ZERO

    @property
    def grand_total(self) -> Decimal:
        return (self.subtotal + self.tax_amount + self.shipping_amount - self.discount_amount
                + self.discount_tax_compensation_amount)

    @property
    def base_grand_total(self) -> Decimal:
        return (self.base_subtotal + self.base_tax_amount + self.base_shipping_amount - self.base_discount_amount
                + self.base_discount_tax_compensation_amount)


@dataclass
class Comment:
    entity_id: int
    comment: str
    is_visible_on_front: int
    is_customer_notified: int
    created_at: datetime


@dataclass
class Creditmemo(Totals):
    entity_id: int
    increment_id: str
    order_id: int
    invoice_id: int | None
    created_at: datetime
    updated_at: datetime
    items: list[DocumentLine]
    shipping_amount: Decimal
    shipping_tax_amount: Decimal
    adjustment_positive: Decimal
    adjustment_negative: Decimal
    base_shipping_amount: Decimal
    base_shipping_tax_amount: Decimal
    base_adjustment_positive: Decimal
    base_adjustment_negative: Decimal
    online: bool
    notified: bool
    state: int = CREDITMEMO_REFUNDED
    transaction_id: str | None = None
    comments: list[Comment] = field(default_factory=list)
    shipping_discount_amount: Decimal = ZERO
    base_shipping_discount_amount: Decimal = ZERO
    #: The shipping discount's tax part given back with the shipping (Magento adds it to the credit
    #: memo's ``discount_tax_compensation_amount`` and sets no field of its own for it).
    shipping_discount_tax_compensation_amount: Decimal = ZERO
    base_shipping_discount_tax_compensation_amount: Decimal = ZERO

    @property
    def adjustment(self) -> Decimal:
        return self.adjustment_positive - self.adjustment_negative

    @property
    def grand_total(self) -> Decimal:
        return (self.subtotal + self.tax_amount + self.shipping_amount - self.discount_amount
                + self.discount_tax_compensation_amount + self.adjustment_positive - self.adjustment_negative)

    @property
    def base_adjustment(self) -> Decimal:
        return self.base_adjustment_positive - self.base_adjustment_negative

    @property
    def base_grand_total(self) -> Decimal:
        return (self.base_subtotal + self.base_tax_amount + self.base_shipping_amount - self.base_discount_amount
                + self.base_discount_tax_compensation_amount + self.base_adjustment_positive - self.base_adjustment_negative)


# ============================================================================ request reading
@dataclass
class RefundRequest:
    """The body of ``POST /V1/order/{id}/refund`` and ``/V1/invoice/{id}/refund``, converted to the
    types Magento's service declares (``items``, ``notify``, ``appendComment``, ``comment``,
    ``arguments``; ``isOnline`` on the invoice endpoint)."""

    items: list[tuple[int | None, Decimal]]
    notify: bool = False
    append_comment: bool = False
    comment: tuple[str, int] | None = None
    shipping_amount: Decimal | None = None
    adjustment_positive: Decimal | None = None
    adjustment_negative: Decimal | None = None
    return_to_stock: list[int] = field(default_factory=list)
    is_online: bool = False

    @classmethod
    def read(cls, body: Any, *, invoice: bool) -> "RefundRequest":
        """:raise MagentoError: 400 for a value of the wrong type (Magento's type processor
        messages), a negative or absurd amount or quantity."""
        if isinstance(body, list):
            body = {}  # PHP reads a JSON list as an array without named parameters
        request = cls(items=[])
        for raw in _list(body.get("items"), "items"):
            if not isinstance(raw, dict):
                raise errors.InvalidType(raw, "Magento\\Sales\\Api\\Data\\CreditmemoItemCreationInterface", "items")
            item_id = _int(raw.get("order_item_id"), "order_item_id")
            # A quantity of the wrong sign or a fraction is the validators' business, not a type
            # error: QuantityValidator names the item ("We found an invalid quantity...").
            qty = _quantity(raw.get("qty"), "qty") if raw.get("qty") is not None else ZERO
            request.items.append((item_id, qty))
        request.notify = _bool(body.get("notify"), "notify")
        request.append_comment = _bool(body.get("appendComment"), "appendComment")
        if invoice:
            request.is_online = _bool(body.get("isOnline"), "isOnline")
        comment = body.get("comment")
        if comment is not None:
            if not isinstance(comment, dict):
                raise errors.InvalidType(comment, "Magento\\Sales\\Api\\Data\\CreditmemoCommentCreationInterface",
                                         "comment")
            text = comment.get("comment")
            if text is not None and not isinstance(text, (str, int, float)):
                raise errors.InvalidType(text, "string", "comment")
            request.comment = (str(text or ""), _int(comment.get("is_visible_on_front"), "is_visible_on_front") or 0)
        arguments = body.get("arguments")
        if arguments is not None:
            if not isinstance(arguments, dict):
                raise errors.InvalidType(arguments, "Magento\\Sales\\Api\\Data\\CreditmemoCreationArgumentsInterface",
                                         "arguments")
            for name in ("shipping_amount", "adjustment_positive", "adjustment_negative"):
                if arguments.get(name) is not None:
                    setattr(request, name, _amount(arguments[name], name))
            extension = arguments.get("extension_attributes")
            if extension is not None:
                if not isinstance(extension, dict):
                    raise errors.InvalidType(extension, "Magento\\Sales\\Api\\Data\\CreditmemoCreationArgumentsExtensionInterface",
                                             "extension_attributes")
                for raw_id in _list(extension.get("return_to_stock_items"), "return_to_stock_items"):
                    item_id = _int(raw_id, "return_to_stock_items")
                    if item_id is not None:
                        request.return_to_stock.append(item_id)
        return request


def _list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.values())  # a JSON object with keys "0", "1"... is a PHP array too
    if not isinstance(value, list):
        raise errors.InvalidType(value, "array", name)
    return value


def _bool(value: Any, name: str) -> bool:
    if value is None:
        return False
    if isinstance(value, (dict, list)):
        raise errors.InvalidType(value, "bool", name)
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false")
    return bool(value)


def _int(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and abs(value) < MAX_MAGNITUDE:
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < MAX_MAGNITUDE:
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        number = whole_number(text.lstrip("-")) if text else None
        if number is not None and number < MAX_MAGNITUDE:
            return -number if text.startswith("-") else number
    raise errors.InvalidType(value, "int", name)


def _out_of_range(text: str, name: str) -> errors.Localized:
    """The simulator's refusal of a negative or absurd amount or quantity ``text`` for ``name``
    (FIDELITY.md "Negative or absurd amounts")."""
    return errors.Localized('The "%1" value is invalid for "%2": use zero or a positive amount below %3.',
                            [text, name, f"{MAX_MAGNITUDE:,}"])


def _quantity(value: Any, name: str) -> Decimal:
    """A ``qty`` (a float parameter): a finite number whose size is below the bound every
    simulator keeps; negative and fractional quantities are read, and refused by the validators."""
    number = _number(value, name)
    if number.copy_abs() >= MAX_MAGNITUDE:
        raise _out_of_range(str(value), name)
    return number


def _number(value: Any, name: str) -> Decimal:
    """A float parameter as the web API converts it. :raise InvalidType: not a finite number."""
    number: Decimal | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
    elif isinstance(value, str):
        number = ascii_decimal(value)  # PHP's is_numeric: ASCII digits, no underscores
    if number is None or not number.is_finite():
        raise errors.InvalidType(value, "float", name)
    return number


def _amount(value: Any, name: str) -> Decimal:
    """An amount argument (``shipping_amount``, ``adjustment_positive``, ``adjustment_negative``)
    rounded to cents as Magento rounds it on arrival (``Creditmemo::setAdjustmentPositive`` /
    ``setAdjustmentNegative`` and ``Total\\Shipping`` call ``priceCurrency->round``), so every check
    and every stored total sees the rounded amount: a finite number, not negative once rounded,
    below the bound every simulator keeps (:data:`~simulators.core.numbers.MAX_MAGNITUDE`)."""
    number = _number(value, name)
    if number.copy_abs() < MAX_MAGNITUDE:
        number = cents(number) + 0  # "+ 0" turns a rounded -0.00 into 0.00
    if number < 0 or number >= MAX_MAGNITUDE:
        raise _out_of_range(str(value), name)
    return number


# =============================================================================== the plan
@dataclass
class PlanLine:
    """``qty`` of an order item on a credit memo, and the tax and discount it carries in the order's
    currency and in the base currency (each its own share, rounded on its own)."""

    item: OrderItem
    qty: Decimal
    tax: Decimal
    discount: Decimal
    base_tax: Decimal
    base_discount: Decimal
    compensation: Decimal = ZERO
    base_compensation: Decimal = ZERO


@dataclass
class Plan:
    """A credit memo as ``CreditmemoFactory`` builds it, before the validators look at it."""

    lines: list[PlanLine]
    shipping: Decimal
    shipping_tax: Decimal
    adjustment_positive: Decimal
    adjustment_negative: Decimal
    base_shipping: Decimal
    base_shipping_tax: Decimal
    base_adjustment_positive: Decimal
    base_adjustment_negative: Decimal
    #: The shipping discount's share of ``shipping`` (``Creditmemo\Total\Discount``).
    shipping_discount: Decimal = ZERO
    base_shipping_discount: Decimal = ZERO
    #: The shipping discount's tax part given back with ``shipping`` (``Creditmemo\Total\Tax``).
    shipping_compensation: Decimal = ZERO
    base_shipping_compensation: Decimal = ZERO
    #: Order item ids whose requested quantity is negative or a fraction (no item is sold in
    #: decimal quantities); their line carries what Magento counts: 0 for a negative quantity.
    invalid_qty: frozenset[int] = frozenset()

    @property
    def subtotal(self) -> Decimal:
        return sum((line.item.price * line.qty for line in self.lines), ZERO)

    @property
    def total_qty(self) -> Decimal:
        return sum((line.qty for line in self.lines), ZERO)

    @property
    def grand_total(self) -> Decimal:
        tax = sum((line.tax for line in self.lines), ZERO) + self.shipping_tax
        discount = (sum((line.discount - line.compensation for line in self.lines), ZERO) + self.shipping_discount
                    - self.shipping_compensation)
        return (self.subtotal + tax + self.shipping - discount + self.adjustment_positive
                - self.adjustment_negative)

    @property
    def base_grand_total(self) -> Decimal:
        """The credit memo's ``base_grand_total``: what the refund caps are checked on."""
        subtotal = sum((line.item.base_price * line.qty for line in self.lines), ZERO)
        tax = sum((line.base_tax for line in self.lines), ZERO) + self.base_shipping_tax
        discount = (sum((line.base_discount - line.base_compensation for line in self.lines), ZERO)
                    + self.base_shipping_discount - self.base_shipping_compensation)
        return (subtotal + tax + self.base_shipping - discount + self.base_adjustment_positive
                - self.base_adjustment_negative)


def shipping_entered_with_tax(settings: Any) -> bool:
    r"""Whether the store reads a credit memo's ``shipping_amount`` with its tax
    (``Creditmemo\Total\Shipping::isSuppliedShippingAmountInclTax``: ``Tax\Model\Config::
    displaySalesShippingInclTax``, the store displaying its sales documents' shipping including tax
    only): the tenant's ``settings.magento.shipping_display`` is ``including_tax``."""
    magento = settings.get("magento") if isinstance(settings, dict) else None
    return isinstance(magento, dict) and magento.get("shipping_display") == "including_tax"


def _shipping_discount_share(order: Order, base_shipping: Decimal, base_left: Decimal) -> tuple[Decimal, Decimal]:
    r"""``Creditmemo\Total\Discount``: what of the order's shipping discount a credit memo that
    refunds ``base_shipping`` of the base shipping (the credit memo's, before any discount) gives
    up, in the order's currency and the base one. Magento takes the base part in proportion to the
    base shipping (``base_shipping × base_shipping_discount_amount / base_shipping_amount``) and the
    order-currency part as that base part's ratio of the order's shipping, keeping both unrounded;
    here each is rounded to the cent, and the credit memo that refunds all the shipping left takes
    all the shipping discount left, as the unrounded parts add up to it. Refunding 5.00 of a 10.00
    shipping with 2.00 off it refunds 4.00 of shipping money: the 5.00 less 1.00."""
    if not base_shipping or not order.base_shipping_discount_amount or order.base_shipping_amount <= 0:
        return ZERO, ZERO
    if base_shipping >= base_left:
        return (order.shipping_discount_amount - order.shipping_discount_refunded,
                order.base_shipping_discount_amount - order.base_shipping_discount_refunded)
    base_part = base_shipping * order.base_shipping_discount_amount / order.base_shipping_amount
    return cents(order.shipping_amount * base_part / order.base_shipping_amount), cents(base_part)


def _shipping_compensation_share(order: Order, base_shipping: Decimal, base_left: Decimal) -> tuple[Decimal, Decimal]:
    r"""``Creditmemo\Total\Tax``: what of the shipping discount's tax part
    (``shipping_discount_tax_compensation_amount``) a credit memo that refunds ``base_shipping`` of the
    base shipping gives back, in the order's currency and the base one: each in proportion to the
    base shipping (``$taxFactor = base shipping refunded / base_shipping_amount``), rounded to the
    cent; all that is left with all the shipping left."""
    if not base_shipping or not order.base_shipping_discount_tax_compensation_amount or order.base_shipping_amount <= 0:
        return ZERO, ZERO
    if base_shipping >= base_left:
        return (order.shipping_discount_tax_compensation_amount - order.shipping_discount_tax_compensation_refunded,
                order.base_shipping_discount_tax_compensation_amount
                - order.base_shipping_discount_tax_compensation_refunded)
    factor = base_shipping / order.base_shipping_amount
    return (cents(order.shipping_discount_tax_compensation_amount * factor),
            cents(order.base_shipping_discount_tax_compensation_amount * factor))


# ============================================================================== the store
class MagentoStore:
    """One tenant's Magento store (one website, one store view). Ids are auto-increment sequences
    starting where the tenant's seeded random source puts them, so an order's ``entity_id`` never
    equals its ``increment_id`` number and a connector that confuses them is caught."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.store_code = tenant.magento.store_code
        rnd = tenant.random
        self._next = {kind: rnd.randint(low, low * 9) for kind, low in (
            ("order", 100), ("order_number", 1000), ("order_item", 1000), ("invoice", 100), ("invoice_number", 1000),
            ("invoice_item", 1000), ("creditmemo", 100), ("creditmemo_number", 1000), ("creditmemo_item", 1000),
            ("payment", 100), ("address", 100), ("history", 100), ("comment", 100), ("customer", 10), ("quote", 1000),
            ("product", 1),
        )}
        self._orders: dict[int, Order] = {}
        self._invoices: dict[int, Invoice] = {}
        self._creditmemos: dict[int, Creditmemo] = {}
        self._products: dict[str, int] = {}
        #: Units returned to stock by credit memos (``return_to_stock_items``), per SKU.
        self.stock_returned: dict[str, Decimal] = {}
        #: Online refunds the payment gateway will refuse next (control plane ``gateway_failures``).
        self.gateway_failures = 0
        self._reports = 0
        self._lock = threading.RLock()

    def _now(self) -> datetime:
        return self.tenant.clock.now()

    def _id(self, kind: str) -> int:
        with self._lock:
            value = self._next[kind]
            self._next[kind] += 1
            return value

    def _number(self, kind: str) -> str:
        return f"{self._id(kind):09d}"

    def report_id(self) -> str:
        """The next ``webapi-…`` id of an internal error: 13 hex digits from the tenant's seed and
        how many reports the store has made (Magento's ``uniqid`` is a clock; here a replayed
        scenario answers the same ids, DESIGN.md "Deterministic", without drawing from the
        seeded random source, which would shift every later generated id)."""
        with self._lock:
            self._reports += 1
            count = self._reports
        digest = hashlib.sha256(f"magento-report:{self.tenant.seed}:{count}".encode()).hexdigest()
        return f"webapi-{digest[:13]}"

    def _transaction_id(self) -> str:
        rnd = self.tenant.random
        with self._lock:
            return "".join(rnd.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(8))

    # ------------------------------------------------------------------ orders
    def create_order(self, spec: dict[str, Any]) -> Order:
        """An order as checkout leaves it (state ``new``, status ``pending``). ``spec`` is validated
        by the control plane: ``customer``, ``items`` (sku, name, price, original_price, qty,
        tax_percent, discount_amount), ``shipping_amount``, ``shipping_tax_amount``, ``shipping_discount_amount``
        (at most ``shipping_amount``), ``shipping_discount_tax_compensation_amount`` (less than the
        shipping discount), ``shipping_description``,
        ``currency``, ``payment_method`` (a :class:`PaymentMethod`), ``created_at``.

        :raise ControlPlaneError: ``created_at`` after the tenant's now.
        """
        faker, rnd = self.tenant.faker, self.tenant.random
        now = self._now()
        created = spec.get("created_at") or now
        if created > now:
            raise ControlPlaneError("created_at cannot be after the tenant's clock.", 400, "invalid_body")
        customer = spec.get("customer") or {}
        currency = spec.get("currency") or "USD"
        base_currency = spec.get("base_currency") or currency
        rate = spec.get("base_to_order_rate") or Decimal(1)

        def to_base(amount: Decimal) -> Decimal:
            """An amount of the order's currency in the base currency: the control plane is given
            what the customer saw, Magento's checkout had the base amounts it converted them from."""
            return cents(amount / rate)
        with self._lock:
            entity_id = self._id("order")
            lines = spec.get("items") or [{} for _ in range(rnd.randint(1, 3))]
            items = []
            for line in lines:
                sku = line.get("sku") or f"{faker.bothify('??-###').upper()}"
                price = line.get("price") if line.get("price") is not None else Decimal(rnd.randint(500, 9000)) / 100
                qty = Decimal(line.get("qty") or 1)
                discount = line.get("discount_amount") or ZERO
                # The tax part of a discount taken off the price including tax: the tax is on what
                # is left of the line without tax, its price less the discount's own part.
                compensation = line.get("discount_tax_compensation_amount") or ZERO
                percent = line.get("tax_percent") or ZERO
                base_price, base_discount, base_compensation = to_base(price), to_base(discount), to_base(compensation)
                original = line.get("original_price") or price  # sold at its regular price unless given
                configurable = bool(line.get("configurable"))
                name = line.get("name") or faker.catch_phrase()
                parent = OrderItem(
                    item_id=self._id("order_item"), order_id=entity_id, sku=sku, name=name,
                    product_id=self._products.setdefault(f"configurable:{sku}" if configurable else sku, self._id("product")),
                    price=price, qty_ordered=qty,
                    tax_percent=percent, tax_amount=cents((price * qty - discount + compensation) * percent / 100),
                    discount_amount=discount, created_at=created, updated_at=created, base_price=base_price,
                    base_tax_amount=cents((base_price * qty - base_discount + base_compensation) * percent / 100),
                    discount_tax_compensation_amount=compensation, base_discount_tax_compensation_amount=base_compensation,
                    base_discount_amount=base_discount, product_type="configurable" if configurable else "simple",
                    original_price=original, base_original_price=to_base(original),
                )
                items.append(parent)
                if configurable:  # the simple product chosen: the line's SKU, no money of its own
                    items.append(OrderItem(
                        item_id=self._id("order_item"), order_id=entity_id, sku=sku, name=f"{name}-{sku}",
                        product_id=self._products.setdefault(sku, self._id("product")), price=ZERO, qty_ordered=qty,
                        tax_percent=ZERO, tax_amount=ZERO, discount_amount=ZERO, created_at=created, updated_at=created,
                        parent_item_id=parent.item_id))
            shipping = spec.get("shipping_amount")
            if shipping is None:
                shipping = Decimal(rnd.choice(["0.00", "5.00", "10.00"]))
            method = spec["payment_method"]
            order = Order(
                entity_id=entity_id, increment_id=self._number("order_number"), created_at=created, updated_at=created,
                customer_email=customer.get("email") or faker.email(),
                customer_firstname=customer.get("firstname") or faker.first_name(),
                customer_lastname=customer.get("lastname") or faker.last_name(),
                customer_id=None if customer.get("guest") else self._id("customer"),
                currency=currency, items=items, shipping_amount=shipping,
                shipping_tax_amount=spec.get("shipping_tax_amount") or ZERO,
                shipping_discount_amount=spec.get("shipping_discount_amount") or ZERO,
                base_shipping_discount_amount=to_base(spec.get("shipping_discount_amount") or ZERO),
                shipping_discount_tax_compensation_amount=spec.get("shipping_discount_tax_compensation_amount") or ZERO,
                base_shipping_discount_tax_compensation_amount=to_base(
                    spec.get("shipping_discount_tax_compensation_amount") or ZERO),
                base_currency=base_currency, base_to_order_rate=rate, base_shipping_amount=to_base(shipping),
                base_shipping_tax_amount=to_base(spec.get("shipping_tax_amount") or ZERO),
                shipping_description=spec.get("shipping_description") or "Flat Rate - Fixed",
                shipping_method="flatrate_flatrate", payment=Payment(self._id("payment"), method),
                address={"street": faker.street_address(), "city": faker.city(), "region": faker.state(),
                         "region_code": faker.state_abbr(), "postcode": faker.postcode(), "country_id": "US",
                         "telephone": faker.numerify("###-###-####")},
                address_ids={"billing": self._id("address"), "shipping": self._id("address")},
                ship_to=None if spec.get("ship_to") is None else {
                    "firstname": faker.first_name(), "lastname": faker.last_name(), "street": faker.street_address(),
                    "city": faker.city(), "region": faker.state(), "region_code": faker.state_abbr(),
                    "postcode": faker.postcode(), **spec["ship_to"]},
                protect_code=faker.hexify("^^^^^^"), quote_id=self._id("quote"),
                # An address of TEST-NET-3 (RFC 5737, kept for documentation): never a real
                # shopper's, and Faker's ipv4_public() works out the public networks on every call.
                remote_ip=f"203.0.113.{faker.random_int(1, 254)}",
            )
            self._orders[entity_id] = order
            return order

    def _order(self, order_id: int) -> Order:
        """:raise NoSuchEntity: no such order in this store."""
        with self._lock:
            order = self._orders.get(order_id)
        if order is None:
            raise errors.NoSuchEntity()
        return order

    def read_order(self, order_id: int) -> dict[str, Any]:
        """``GET /V1/orders/{id}``. :raise NoSuchEntity: no such order."""
        order = self._order(order_id)
        with order.lock:
            return order_json(order)

    def ship_all(self, order_id: int) -> None:
        """Everything ordered and not refunded leaves the warehouse (a test's shortcut for
        ``POST /V1/order/{id}/ship``)."""
        order = self._order(order_id)
        with order.lock:
            for item in order.items:  # a configurable line's child ships with it
                item.qty_shipped = item.qty_ordered - item.qty_refunded - item.qty_canceled
            if order.invoice_ids:
                order.resolve_state()
            order.updated_at = self._now()

    # ---------------------------------------------------------------- searches
    def _search(self, raw_query: str, settings: Any, entity: str, entities: Callable[[], list[tuple[Any, Order]]],
                render: Callable[[Any, Order], dict[str, Any]]) -> dict[str, Any]:
        criteria = search.parse(raw_query)
        search.limit(criteria, settings)
        rows = []
        for record, order in entities():
            with order.lock:
                rows.append(render(record, order))
        page, total = search.apply(rows, criteria, OPTIONAL_COLUMNS[entity], _unknown_field)
        return {"items": page, "search_criteria": criteria.echo(), "total_count": total}

    def search_orders(self, raw_query: str, settings: Any) -> dict[str, Any]:
        """``GET /V1/orders?searchCriteria...`` (:mod:`.search`; ``settings`` are the tenant's, for
        the web API input limits).

        :raise MagentoError: 400 no ``searchCriteria``, a malformed one, or a field orders lack.
        """
        with self._lock:
            orders = [(o, o) for o in self._orders.values()]
        return self._search(raw_query, settings, "order", lambda: orders, lambda o, _: order_json(o))

    def search_order_items(self, raw_query: str, settings: Any) -> dict[str, Any]:
        """``GET /V1/orders/items?searchCriteria...`` (``OrderItemRepositoryInterface::getList``),
        every order's items, as :meth:`search_orders`."""
        return self._search(raw_query, settings, "order_item", self._order_items, lambda item, order: order_item_json(item, order))

    def _order_items(self) -> list[tuple[OrderItem, Order]]:
        with self._lock:
            return [(item, order) for order in self._orders.values() for item in order.items]

    def search_invoices(self, raw_query: str, settings: Any) -> dict[str, Any]:
        """``GET /V1/invoices?searchCriteria...``, as :meth:`search_orders`."""
        return self._search(raw_query, settings, "invoice", lambda: self._with_orders(self._invoices), invoice_json)

    def search_creditmemos(self, raw_query: str, settings: Any) -> dict[str, Any]:
        """``GET /V1/creditmemos?searchCriteria...``, as :meth:`search_orders`."""
        return self._search(raw_query, settings, "creditmemo", lambda: self._with_orders(self._creditmemos),
                            creditmemo_json)

    def _with_orders(self, table: dict[int, Any]) -> list[tuple[Any, Order]]:
        with self._lock:
            return [(record, self._orders[record.order_id]) for record in table.values()]

    def _read(self, table: dict[int, Any], entity_id: int, render: Callable[[Any, Order], dict[str, Any]]) -> dict[str, Any]:
        """An invoice or credit memo rendered under its order's lock. :raise NoSuchEntity: none has that id."""
        with self._lock:
            record = table.get(entity_id)
        if record is None:
            raise errors.NoSuchEntity()
        order = self._orders[record.order_id]
        with order.lock:
            return render(record, order)

    def read_invoice(self, invoice_id: int) -> dict[str, Any]:
        """``GET /V1/invoices/{id}``. :raise NoSuchEntity: no such invoice."""
        return self._read(self._invoices, invoice_id, invoice_json)

    def read_creditmemo(self, creditmemo_id: int) -> dict[str, Any]:
        """``GET /V1/creditmemo/{id}``. :raise NoSuchEntity: no such credit memo."""
        return self._read(self._creditmemos, creditmemo_id, creditmemo_json)

    # ---------------------------------------------------------------- invoices
    def invoice_order(self, order_id: int, body: Any) -> int:
        """``POST /V1/order/{id}/invoice`` with ``{"capture", "items": [{"order_item_id", "qty"}],
        "notify"}``: invoice what is listed (everything still to invoice when nothing is). An
        offline method's invoice is paid at once; a gateway's is captured (paid) when ``capture``
        is true and stays open otherwise. Answers the invoice id.

        :raise MagentoError: 400 a malformed body; 404 no such order; 400 ``Invoice Document
            Validation Error(s)`` when the order cannot be invoiced, there is nothing to invoice or
            more than remains of an item.
        """
        data = {} if isinstance(body, list) else body
        reading = RefundRequest.read({"items": data.get("items")}, invoice=False)
        for _, qty in reading.items:
            if qty < 0:  # the refund validators name a negative refund quantity; an invoice has none
                raise _out_of_range(format(qty.normalize(), "f"), "qty")
        return self.invoice(order_id, capture=_bool(data.get("capture"), "capture"), items=reading.items)

    def invoice(self, order_id: int, *, capture: bool, items: list[tuple[int | None, Decimal]]) -> int:
        """:meth:`invoice_order` with the request read (the control plane's way in)."""
        order = self._order(order_id)
        with order.lock:
            quantities = {item_id: qty for item_id, qty in items if item_id is not None}
            messages = []
            if order.state in (STATE_PAYMENT_REVIEW, STATE_HOLDED, STATE_CANCELED, STATE_COMPLETE, STATE_CLOSED):
                messages.append(f"An invoice cannot be created when an order has a status of {order.status}")
            elif not order.can_invoice():
                messages.append("The order does not allow an invoice to be created.")
            plan: list[tuple[OrderItem, Decimal]] = []
            for item in order.items:
                if item.qty_to_invoice <= 0:
                    continue  # InvoiceService::canInvoiceItem: nothing left of it to invoice
                qty = quantities.get(item.item_id, ZERO) if quantities else item.qty_to_invoice
                # setInvoiceItemQuantity: an item not sold in decimal quantities takes (int) $qty
                # (1.7 is 1, 0.5 is 0), then more than is left throws while the invoice is
                # prepared, before any validator runs.
                qty = max(qty.to_integral_value(rounding=ROUND_DOWN), ZERO)
                if qty > item.qty_to_invoice:
                    raise errors.Localized('We found an invalid quantity to invoice item "%1".', [item.name])
                if qty > 0:
                    plan.append((item, qty))
            # InvoiceService::prepareInvoice: a dummy item is invoiced as its parent is.
            plan += [(child, qty) for item, qty in list(plan) for child in order.children(item)]
            plan.sort(key=lambda pair: order.items.index(pair[0]))  # the order's order of its items
            if not plan and not messages:
                messages.append("The invoice can't be created without products. Add products and try again.")
            if messages:
                raise errors.DocumentValidation(messages, "Invoice")
            paid = capture or not order.payment.method.gateway
            return self._write_invoice(order, plan, paid=paid).entity_id

    def _write_invoice(self, order: Order, plan: list[tuple[OrderItem, Decimal]], *, paid: bool) -> Invoice:
        """Record an invoice every check has passed (call under the order's lock)."""
        now = self._now()
        lines = []
        for item, qty in plan:
            available = item.qty_to_invoice
            tax = _share(item.tax_amount - item.tax_invoiced, qty, available)
            discount = _share(item.discount_amount - item.discount_invoiced, qty, available)
            base_tax = _share(item.base_tax_amount - item.base_tax_invoiced, qty, available)
            base_discount = _share(item.base_discount_amount - item.base_discount_invoiced, qty, available)
            # Invoice\Total\Tax: the discount's tax part shared as the tax is.
            compensation = _share(item.discount_tax_compensation_amount - item.discount_tax_compensation_invoiced,
                                  qty, available)
            base_compensation = _share(item.base_discount_tax_compensation_amount
                                       - item.base_discount_tax_compensation_invoiced, qty, available)
            lines.append(DocumentLine(self._id("invoice_item"), item, qty, item.price * qty, tax, discount,
                                      item.base_price * qty, base_tax, base_discount, compensation, base_compensation))
        first = not any(self._invoices[i].shipping_amount for i in order.invoice_ids)
        # Invoice\Total\Discount: the shipping discount goes on the invoice when no earlier one
        # has a discount (the first: it takes the shipping discount, or has none to take).
        shipping_discount = not any(self._invoices[i].discount_amount for i in order.invoice_ids)
        invoice = Invoice(
            entity_id=self._id("invoice"), increment_id=self._number("invoice_number"), order_id=order.entity_id,
            state=INVOICE_PAID if paid else INVOICE_OPEN, created_at=now, updated_at=now, items=lines,
            shipping_amount=order.shipping_amount if first else ZERO,
            shipping_tax_amount=order.shipping_tax_amount if first else ZERO,
            base_shipping_amount=order.base_shipping_amount if first else ZERO,
            base_shipping_tax_amount=order.base_shipping_tax_amount if first else ZERO,
            shipping_discount_amount=order.shipping_discount_amount if shipping_discount else ZERO,
            base_shipping_discount_amount=order.base_shipping_discount_amount if shipping_discount else ZERO,
            # Invoice\Total\Tax: the shipping discount's tax part goes with the shipping's tax.
            shipping_discount_tax_compensation_amount=order.shipping_discount_tax_compensation_amount if first else ZERO,
            base_shipping_discount_tax_compensation_amount=(order.base_shipping_discount_tax_compensation_amount
                                                            if first else ZERO),
        )
        for line in lines:
            line.item.qty_invoiced += line.qty
            line.item.row_invoiced += line.row_total
            line.item.tax_invoiced += line.tax_amount
            line.item.discount_invoiced += line.discount_amount
            line.item.base_row_invoiced += line.base_row_total
            line.item.base_tax_invoiced += line.base_tax_amount
            line.item.base_discount_invoiced += line.base_discount_amount
            line.item.discount_tax_compensation_invoiced += line.discount_tax_compensation_amount
            line.item.base_discount_tax_compensation_invoiced += line.base_discount_tax_compensation_amount
            line.item.updated_at = now
        order.total_invoiced += invoice.grand_total
        order.subtotal_invoiced += invoice.subtotal
        order.tax_invoiced += invoice.tax_amount
        order.shipping_invoiced += invoice.shipping_amount
        order.shipping_tax_invoiced += invoice.shipping_tax_amount
        order.discount_invoiced += invoice.discount_amount
        order.base_total_invoiced += invoice.base_grand_total
        order.base_subtotal_invoiced += invoice.base_subtotal
        order.base_tax_invoiced += invoice.base_tax_amount
        order.base_shipping_invoiced += invoice.base_shipping_amount
        order.base_shipping_tax_invoiced += invoice.base_shipping_tax_amount
        order.base_discount_invoiced += invoice.base_discount_amount
        order.discount_tax_compensation_invoiced += invoice.discount_tax_compensation_amount
        order.base_discount_tax_compensation_invoiced += invoice.base_discount_tax_compensation_amount
        if paid:
            order.total_paid += invoice.grand_total
            order.payment.amount_paid += invoice.grand_total
            order.base_total_paid += invoice.base_grand_total
            order.payment.base_amount_paid += invoice.base_grand_total
            if order.payment.method.gateway:
                invoice.transaction_id = order.payment.last_trans_id = self._transaction_id()
        with self._lock:
            self._invoices[invoice.entity_id] = invoice
        order.invoice_ids.append(invoice.entity_id)
        order.resolve_state()
        order.updated_at = now
        return invoice

    # ---------------------------------------------------------------- refunds
    def refund_order(self, order_id: int, body: Any) -> int:
        """``POST /V1/order/{orderId}/refund``: an offline refund; answers the credit memo id.

        :raise MagentoError: 400 a malformed body; 404 no such order; 400 ``Maximum shipping amount
            allowed to refund is: %1``; 400 ``Creditmemo Document Validation Error(s)`` with every
            rule the refund breaks. Nothing is written when any is raised.
        """
        request = RefundRequest.read(body, invoice=False)
        order = self._order(order_id)
        with order.lock:
            plan = self._plan(order, request, None)
            messages = self._order_messages(order) + self._quantity_messages(order, plan, None)
            messages += self._totals_messages(order, plan) + self._item_messages(order, request)
            messages += self._return_to_stock_messages(order, plan, request)
            if messages:
                raise errors.DocumentValidation(messages)
            return self._write_creditmemo(order, plan, request, None).entity_id

    def refund_invoice(self, invoice_id: int, body: Any) -> int:
        """``POST /V1/invoice/{invoiceId}/refund``: a refund of what the invoice billed, through the
        payment gateway when ``isOnline`` is true; answers the credit memo id.

        :raise MagentoError: as :meth:`refund_order`, plus ``We can't create creditmemo for the
            invoice.`` when the invoice is not paid, is fully refunded, or its payment method
            cannot refund (offline methods never can); ``Could not save a Creditmemo, see error
            log for details`` when the payment gateway refuses an online refund (armed by the
            control plane: nothing is written). The messages come in the order
            ``Order\\Validation\\RefundInvoice`` merges them: the order's, the credit memo's
            (quantities, totals), the invoice's, then each requested item's
            (``CreationQuantityValidator``, which checks the order item's unrefunded quantity even
            though the factory caps it at what the invoice billed), then return to stock.
        """
        request = RefundRequest.read(body, invoice=True)
        with self._lock:
            invoice = self._invoices.get(invoice_id)
        if invoice is None:
            raise errors.NoSuchEntity()
        order = self._orders[invoice.order_id]
        with order.lock:
            plan = self._plan(order, request, invoice)
            messages = self._order_messages(order) + self._quantity_messages(order, plan, invoice)
            messages += self._totals_messages(order, plan) + self._invoice_messages(order, invoice)
            messages += self._item_messages(order, request) + self._return_to_stock_messages(order, plan, request)
            if messages:
                raise errors.DocumentValidation(messages)
            # Payment::refund refunds the credit memo's whole base_grand_total against the invoice's
            # capture ("TODO: implement multiple refunds per capture"), and the gateway refuses more
            # than the capture has left (Braintree: "Refund amount cannot be greater than remaining
            # non-refunded amount of the original transaction"; PayPal REFUND_AMOUNT_EXCEEDED).
            beyond = plan.base_grand_total - (invoice.base_grand_total - invoice.base_total_refunded) >= Decimal("0.0001")
            if request.is_online and (beyond or self._gateway_fails()):
                # RefundInvoice::execute runs the gateway's refund inside its transaction, and on
                # any exception rolls it all back and says only this (CouldNotRefundException, a
                # LocalizedException: 400); the gateway's own reason goes to Magento's log.
                raise errors.Localized("Could not save a Creditmemo, see error log for details")
            return self._write_creditmemo(order, plan, request, invoice).entity_id

    def arm_gateway_failures(self, count: int) -> int:
        """The payment gateway refuses the next ``count`` online refunds; answers how many are armed."""
        with self._lock:
            self.gateway_failures += count
            return self.gateway_failures

    def _gateway_fails(self) -> bool:
        """Whether the gateway refuses this online refund (an armed failure is used up)."""
        with self._lock:
            if not self.gateway_failures:
                return False
            self.gateway_failures -= 1
            return True

    def _invoice_limits(self, order: Order, invoice: Invoice) -> dict[int, Decimal]:
        """Per order item, what the invoice billed less what credit memos against it refunded."""
        refunded: dict[int, Decimal] = {}
        for memo_id in order.creditmemo_ids:
            memo = self._creditmemos[memo_id]
            if memo.invoice_id == invoice.entity_id:
                for line in memo.items:
                    refunded[line.item.item_id] = refunded.get(line.item.item_id, ZERO) + line.qty
        return {line.item.item_id: line.qty - refunded.get(line.item.item_id, ZERO) for line in invoice.items}

    def _plan(self, order: Order, request: RefundRequest, invoice: Invoice | None) -> Plan:
        """What the credit memo comes to (``CreditmemoFactory``).

        :raise Localized: ``Maximum shipping amount allowed to refund is: %1``.
        """
        quantities = {item_id: qty for item_id, qty in request.items if item_id is not None}
        listed = bool(request.items)
        limits = self._invoice_limits(order, invoice) if invoice is not None else None
        lines = []
        invalid = set()
        for item in order.items:
            if item.is_dummy:
                # canRefundItem / getQtyToRefund: a dummy item goes with its parent, at the quantity
                # the request gives the parent (its own is not read), else the parent's qty to refund.
                parent = order.item(item.parent_item_id)  # type: ignore[arg-type]
                assert parent is not None
                if listed and quantities.get(parent.item_id, ZERO) <= 0:
                    continue
                if not listed and limits is not None and limits.get(parent.item_id, ZERO) <= 0:
                    continue
                qty = max(quantities.get(parent.item_id, ZERO), ZERO) if listed else parent.qty_to_refund
                if limits is not None:
                    qty = min(qty, next((line.qty for line in invoice.items if line.item is item), ZERO))  # type: ignore[union-attr]
                lines.append(PlanLine(item, qty, ZERO, ZERO, ZERO, ZERO))
                continue
            if limits is not None and limits.get(item.item_id, ZERO) <= 0:
                continue  # not on this invoice, or all of it refunded already
            if listed:
                qty = quantities.get(item.item_id, ZERO)
                if qty < 0 or qty != qty.to_integral_value():
                    invalid.add(item.item_id)
                    qty = max(qty, ZERO)  # the credit memo item's processQty: max(0, qty)
            else:
                qty = item.qty_to_refund
            if limits is not None:
                qty = min(qty, limits[item.item_id])
            available = item.qty_invoiced - item.qty_refunded
            shares = [_share(invoiced - refunded, qty, available) if qty > 0 else ZERO for invoiced, refunded in (
                (item.tax_invoiced, item.tax_refunded), (item.discount_invoiced, item.discount_refunded),
                (item.base_tax_invoiced, item.base_tax_refunded),
                (item.base_discount_invoiced, item.base_discount_refunded),
                (item.discount_tax_compensation_invoiced, item.discount_tax_compensation_refunded),  # Creditmemo\Total\Tax
                (item.base_discount_tax_compensation_invoiced, item.base_discount_tax_compensation_refunded))]
            lines.append(PlanLine(item, qty, *shares))
        allowed = order.shipping_amount - order.shipping_refunded
        allowed_tax = order.shipping_tax_amount - order.shipping_tax_refunded
        base_allowed = order.base_shipping_amount - order.base_shipping_refunded
        base_allowed_tax = order.base_shipping_tax_amount - order.base_shipping_tax_refunded
        if request.shipping_amount is None:
            shipping, shipping_tax, base_shipping, base_shipping_tax = allowed, allowed_tax, base_allowed, base_allowed_tax
            if invoice is not None and invoice.base_shipping_amount < base_shipping:
                shipping, shipping_tax = invoice.shipping_amount, min(invoice.shipping_tax_amount, allowed_tax)
                base_shipping = invoice.base_shipping_amount
                base_shipping_tax = min(invoice.base_shipping_tax_amount, base_allowed_tax)
        else:
            # Creditmemo\Total\Shipping: the amount asked is the base currency's (the factory sets
            # it as base_shipping_amount), checked against the base shipping left, and its ratio to
            # the order's base shipping gives the order-currency shipping. A store that displays
            # shipping including tax reads it with its tax: checked against the base shipping left
            # with its tax, its ratio taken to the order's base shipping with its tax.
            desired = cents(request.shipping_amount)
            if shipping_entered_with_tax(self.tenant.settings):
                most = max(order.base_shipping_incl_tax - order.base_shipping_refunded - order.base_shipping_tax_refunded, ZERO)
                original = order.base_shipping_incl_tax
            else:
                most, original = base_allowed, order.base_shipping_amount
            if desired > cents(most) + Decimal("0.0001"):
                raise errors.Localized("Maximum shipping amount allowed to refund is: %1",
                                       [money_text(most, order.base_currency)])
            if desired > most - Decimal("0.0001"):
                shipping, shipping_tax, base_shipping, base_shipping_tax = (
                    allowed, allowed_tax, base_allowed, base_allowed_tax)
            else:
                ratio = desired / original if original else ZERO
                shipping, base_shipping = cents(order.shipping_amount * ratio), cents(order.base_shipping_amount * ratio)
                # Creditmemo\Total\Tax: the shipping's tax by the base shipping's part of the order's.
                factor = base_shipping / order.base_shipping_amount if order.base_shipping_amount else ZERO
                shipping_tax = min(cents(order.shipping_tax_amount * factor), allowed_tax)
                base_shipping_tax = min(cents(order.base_shipping_tax_amount * factor), base_allowed_tax)
        if invoice is not None and not invoice.base_shipping_amount:
            # Creditmemo\Total\Tax against an invoice: the shipping's tax is the invoice's shipping
            # tax times the part refunded (taxFactor): none through an invoice that billed no shipping.
            shipping_tax = base_shipping_tax = ZERO
        # Creditmemo::setAdjustmentPositive / setAdjustmentNegative: the amount asked is the base
        # currency's; its order-currency twin is it at the order's rate, rounded.
        base_positive = request.adjustment_positive or ZERO
        base_negative = request.adjustment_negative or ZERO
        rate = order.base_to_order_rate
        shipping_discount, base_shipping_discount = _shipping_discount_share(order, base_shipping, base_allowed)
        compensation, base_compensation = _shipping_compensation_share(order, base_shipping, base_allowed)
        return Plan(lines, shipping, shipping_tax, cents(base_positive * rate), cents(base_negative * rate),
                    base_shipping, base_shipping_tax, base_positive, base_negative, shipping_discount,
                    base_shipping_discount, compensation, base_compensation, frozenset(invalid))

    @staticmethod
    def _order_messages(order: Order) -> list[str]:
        """``Order\\Validation\\CanRefund``."""
        messages = []
        if order.state in NO_CREDITMEMO_STATES:
            messages.append(f"A creditmemo can not be created when an order has a status of {order.status}")
        elif not any(i.qty_to_refund > 0 for i in order.items):
            messages.append("The order does not allow a creditmemo to be created.")
        if abs(cents(order.total_paid) - order.total_refunded) < Decimal("0.0001"):
            messages.append("We can't create creditmemo for the order.")
        return messages

    @staticmethod
    def _invoice_messages(order: Order, invoice: Invoice) -> list[str]:
        """``Invoice\\Validation\\CanRefund``."""
        method, payment = order.payment.method, order.payment
        partial = method.can_refund and method.can_refund_partial_per_invoice and payment.amount_paid > payment.amount_refunded
        full = method.can_refund and not invoice.is_used_for_refund
        if (invoice.state == INVOICE_PAID and abs(invoice.base_grand_total - invoice.base_total_refunded) >= Decimal("0.0001")
                and (partial or full)):
            return []
        return ["We can't create creditmemo for the invoice."]

    @staticmethod
    def _quantity_messages(order: Order, plan: Plan, invoice: Invoice | None) -> list[str]:
        """``Creditmemo\\Validation\\QuantityValidator``: per item, a quantity that is negative or
        a fraction (no item is sold in decimal quantities), or more than is left to refund."""
        messages = []
        total_qty = ZERO
        for line in plan.lines:
            item, qty = line.item, line.qty
            if item.item_id in plan.invalid_qty:
                messages.append(f'We found an invalid quantity to refund item "{item.sku}".')
                total_qty += qty  # counted as the credit memo item holds it (0 when negative)
            elif qty > item.qty_to_refund and not item.is_dummy:  # isQtyAvailable: a dummy item always is
                messages.append("The quantity to creditmemo must not be greater than the unrefunded quantity "
                                f'for product SKU "{item.sku}".')
            else:
                total_qty += qty
        if plan.grand_total <= 0:
            messages.append("The credit memo's total must be positive.")
        elif total_qty <= 0 and abs(cents(order.shipping_amount) - order.shipping_refunded) < Decimal("0.0001"):
            messages.append("You can't create a creditmemo without products.")
        return messages

    @staticmethod
    def _totals_messages(order: Order, plan: Plan) -> list[str]:
        """``Creditmemo\\Validation\\TotalsValidator``: never more than was paid, in the base currency
        (``base_total_refunded + base_grand_total <= base_total_paid``)."""
        if cents(order.base_total_refunded + plan.base_grand_total) > cents(order.base_total_paid):
            return [f"The most money available to refund is {php_float(order.base_total_paid - order.base_total_refunded)}."]
        return []

    @staticmethod
    def _item_messages(order: Order, request: RefundRequest) -> list[str]:
        """``Creditmemo\\Item\\Validation\\CreationQuantityValidator``, per requested item."""
        messages = []
        for item_id, qty in request.items:
            if item_id is None:
                messages.append("An ID is needed. Set the ID and try again.")
                continue
            item = order.item(item_id)
            if item is None:
                messages.append("The creditmemo contains product item that is not part of the original order.")
            elif qty > item.qty_to_refund and not item.is_dummy:  # isQtyAvailable: a dummy item always is
                messages.append("The quantity to refund must not be greater than the unrefunded quantity.")
        return messages

    @staticmethod
    def _return_to_stock_messages(order: Order, plan: Plan, request: RefundRequest) -> list[str]:
        """``SalesInventory\\Model\\Order\\ReturnValidator``: the first problem only."""
        on_memo = {line.item.item_id for line in plan.lines}
        for item_id in request.return_to_stock:
            item = order.item(item_id)
            if item is None:
                return ["The return to stock argument contains product item that is not part of the original order."]
            if item_id not in on_memo:
                return [f'The "{item.sku}" product is not part of the current creditmemo.']
        return []

    def _write_creditmemo(self, order: Order, plan: Plan, request: RefundRequest, invoice: Invoice | None) -> Creditmemo:
        """Record a credit memo every check has passed and apply it to the order, its items, its
        payment and the invoice (call under the order's lock, as the checks were): nothing here
        can refuse, so a request never leaves half a refund behind."""
        now = self._now()
        online = request.is_online and invoice is not None
        lines = [DocumentLine(self._id("creditmemo_item"), line.item, line.qty, line.item.price * line.qty, line.tax,
                              line.discount, line.item.base_price * line.qty, line.base_tax, line.base_discount,
                              line.compensation, line.base_compensation)
                 for line in plan.lines if line.qty > 0]  # Magento deletes qty-0 items
        memo = Creditmemo(
            entity_id=self._id("creditmemo"), increment_id=self._number("creditmemo_number"), order_id=order.entity_id,
            invoice_id=invoice.entity_id if invoice is not None else None, created_at=now, updated_at=now, items=lines,
            shipping_amount=plan.shipping, shipping_tax_amount=plan.shipping_tax,
            adjustment_positive=plan.adjustment_positive, adjustment_negative=plan.adjustment_negative,
            base_shipping_amount=plan.base_shipping, base_shipping_tax_amount=plan.base_shipping_tax,
            base_adjustment_positive=plan.base_adjustment_positive, base_adjustment_negative=plan.base_adjustment_negative,
            online=online, notified=request.notify, shipping_discount_amount=plan.shipping_discount,
            base_shipping_discount_amount=plan.base_shipping_discount,
            shipping_discount_tax_compensation_amount=plan.shipping_compensation,
            base_shipping_discount_tax_compensation_amount=plan.base_shipping_compensation,
        )
        if request.comment is not None:
            text, visible = request.comment
            memo.comments.append(Comment(self._id("comment"), text, visible,
                                         1 if request.notify and request.append_comment else 0, now))
        for line in lines:
            item = line.item
            item.qty_refunded += line.qty
            item.amount_refunded += line.row_total
            item.tax_refunded += line.tax_amount
            item.discount_refunded += line.discount_amount
            item.base_amount_refunded += line.base_row_total
            item.base_tax_refunded += line.base_tax_amount
            item.base_discount_refunded += line.base_discount_amount
            item.discount_tax_compensation_refunded += line.discount_tax_compensation_amount
            item.base_discount_tax_compensation_refunded += line.base_discount_tax_compensation_amount
            item.updated_at = now
        total, base_total = memo.grand_total, memo.base_grand_total
        order.total_refunded += total
        order.subtotal_refunded += memo.subtotal
        order.tax_refunded += memo.tax_amount
        order.shipping_refunded += memo.shipping_amount
        order.shipping_tax_refunded += memo.shipping_tax_amount
        order.discount_refunded += memo.discount_amount
        order.shipping_discount_refunded += memo.shipping_discount_amount
        order.adjustment_positive += memo.adjustment_positive
        order.adjustment_negative += memo.adjustment_negative
        order.base_total_refunded += base_total
        order.base_subtotal_refunded += memo.base_subtotal
        order.base_tax_refunded += memo.base_tax_amount
        order.base_shipping_refunded += memo.base_shipping_amount
        order.base_shipping_tax_refunded += memo.base_shipping_tax_amount
        order.base_discount_refunded += memo.base_discount_amount
        order.base_shipping_discount_refunded += memo.base_shipping_discount_amount
        order.discount_tax_compensation_refunded += memo.discount_tax_compensation_amount
        order.base_discount_tax_compensation_refunded += memo.base_discount_tax_compensation_amount
        order.shipping_discount_tax_compensation_refunded += memo.shipping_discount_tax_compensation_amount
        order.base_shipping_discount_tax_compensation_refunded += memo.base_shipping_discount_tax_compensation_amount
        order.base_adjustment_positive += memo.base_adjustment_positive
        order.base_adjustment_negative += memo.base_adjustment_negative
        payment = order.payment
        payment.amount_refunded += total
        payment.base_amount_refunded += base_total
        if online:
            order.total_online_refunded += total
            order.base_total_online_refunded += base_total
            payment.amount_refunded_online += total
            payment.base_amount_refunded_online += base_total
            memo.transaction_id = payment.last_trans_id = self._transaction_id()
        else:
            order.total_offline_refunded += total
            order.base_total_offline_refunded += base_total
        if invoice is not None:
            invoice.is_used_for_refund = True
            invoice.base_total_refunded += base_total
            invoice.updated_at = now
        for item_id in request.return_to_stock:
            returned = next((li for li in lines if li.item.item_id == item_id), None)
            if returned is not None:
                self.stock_returned[returned.item.sku] = self.stock_returned.get(returned.item.sku, ZERO) + returned.qty
        with self._lock:
            self._creditmemos[memo.entity_id] = memo
        order.creditmemo_ids.append(memo.entity_id)
        order.resolve_state()
        order.history.append(HistoryEntry(
            self._id("history"), f"We refunded {money_text(base_total, order.base_currency)} "
            + ("online." if online else "offline."), order.status, "creditmemo", now,
            is_customer_notified=1 if request.notify else 0))
        order.updated_at = now
        return memo

    # ------------------------------------------------------------------ evidence
    def orders(self) -> list[Order]:
        with self._lock:
            return list(self._orders.values())

    def creditmemos_of(self, order: Order) -> list[Creditmemo]:
        with self._lock:
            return [self._creditmemos[i] for i in order.creditmemo_ids]


def _unknown_field(name: str) -> errors.MagentoError:
    # Magento's SQL fails on an unknown column and answers 500 "Internal Error"; a clear 400 in
    # Magento's own words is more use to a connector (FIDELITY.md, "Chosen").
    return errors.Localized('Invalid value of "%value" provided for the %fieldName field.',
                            {"value": name, "fieldName": "field"})
