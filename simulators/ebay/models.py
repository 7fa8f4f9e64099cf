"""An eBay seller's orders, refunds and buyer returns, and the rules eBay applies to them.

Rules (DOMAIN.md §4, FIDELITY.md):

- issue_refund (Fulfillment) refunds an order or some of its line items; it answers PENDING and the
  refund becomes REFUNDED :data:`~.schemas.REFUND_SETTLE_SECONDS` later on the tenant's clock, or
  FAILED when the control plane armed that outcome. Refunds never exceed what remains of the order
  (34915) nor of a line item (34924); a refund is refused while another of the same order is still
  processing (34922), once the order is fully refunded (34917), and when the order is older than the
  refund window (34920).
- A buyer return (Post-Order) is refunded with issue_refund on the return: the money moves through
  the same refund pipeline as a line item level refund, so it shows in the line item's ``refunds``
  (not in the order's ``paymentSummary.refunds``, which holds order-level refunds only); when it
  settles the return closes. A refund the seller issues through the
  Fulfillment API has no return.
- A buyer may close a return the seller has not refunded (Post-Order's cancel of a return request):
  it is CLOSED (close reason BUYER_CLOSED) with no refund — no actual refund amount — and takes
  no refund any more.
- A buyer may ask to cancel a paid order the seller has not shipped, within
  :data:`~.schemas.CANCEL_REQUEST_CUTOFF` of the purchase (Post-Order cancellations act on the whole
  order). The seller approves it — eBay cancels the order and refunds the buyer what remains of it
  through the refund pipeline (an order-level refund, reason BUYER_CANCEL); the cancellation closes
  CANCEL_CLOSED_WITH_REFUND when the refund settles, CANCEL_CLOSED_NO_REFUND when it failed — or
  rejects it (CANCEL_REJECTED, no refund). The seller may also cancel an order itself up to
  :data:`~.schemas.SELLER_CANCEL_WINDOW` after the sale (reason SELLER_CANCEL, no buyer request). eBay
  cancels no order that has shipped, has a refund (in full or in part), a case, a return or a
  cancellation already (``EligibilityFailureReasonEnum``).

Every request is validated completely before anything is written, under the order's lock, so a
refused request changes nothing and concurrent refunds of one order never over-refund. Time is read
lazily: a PENDING refund settles the first time its order is read after the delay — and getOrders
with a filter settles every order before it filters, so an order the clock changed is found by
``lastmodifieddate``.

Locks: an order's lock may be held while taking the seller's lock, never the other way round.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable

from simulators.core.errors import ControlPlaneError
from simulators.core.numbers import MAX_MAGNITUDE, whole_number

from . import errors
from .schemas import (
    CANCEL_REASONS, CANCEL_REQUEST_CUTOFF, CENT, DEFAULT_RETURN_REASON, DEFAULT_SELLER_CANCEL_REASON, SELLER_CANCEL_WINDOW, MAX_COMMENT_LENGTH, MAX_ORDER_IDS, ORDER_FILTERS, SUPPORTED_FULFILLMENT_FILTERS,
    ORDERS_DEFAULT_LIMIT, ORDERS_MAX_LIMIT, REASONS_FOR_REFUND, REFUND_FEE_TYPES, REFUND_SETTLE_SECONDS,
    REFUND_WINDOW, RETURN_SORTS, RETURN_STATE_FILTERS, RETURN_STATES, RETURNS_DEFAULT_LIMIT, RETURNS_MAX_LIMIT,
    SHIP_TO_EMAIL_KEPT, SHIP_TO_NAME_KEPT, ZERO,
)

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

#: Refund statuses that hold money (a FAILED refund gives its amount back).
_HOLDING = ("PENDING", "REFUNDED")
#: What the control plane says of a buyer's cancellation request eBay would not take, by the first
#: ``EligibilityFailureReasonEnum`` value it fails on (UNPAID_ORDER is a 400 of its own).
_CANCEL_FAILURES = {
    "SHIPPED_ORDER": "Order {order.order_id} is {order.fulfillment_status}: a buyer asks to cancel only an order the "
                     "seller has not shipped (a return, once it has).",
    "CANCEL_WINDOW_ELAPSED": "Order {order.order_id} was bought more than an hour ago: eBay takes a buyer's "
                             "cancellation request within an hour of the purchase.",
    "CANCELLATION_EXIST": "Order {order.order_id} has a cancellation request already ({order.cancellations[0].cancel_id}, "
                          "{order.cancellations[0].status}).",
    "FULL_REFUNDED_ORDER": "Order {order.order_id} is refunded in full: nothing is left to cancel.",
    "PARTIAL_REFUNDED_ORDER": "Order {order.order_id} is partly refunded: eBay cancels only an order nothing was refunded of.",
    "CASE_EXIST": "Order {order.order_id} has a case open.",
    "RETURN_EXIST": "Order {order.order_id} has a return.",
}


# --------------------------------------------------------------------- records
@dataclass
class LineItem:
    line_item_id: str
    legacy_item_id: str
    legacy_transaction_id: str
    title: str
    sku: str  # "" when the listing has none (eBay then leaves ``sku`` out)
    quantity: int
    unit_price: Decimal
    #: What the buyer pays for the line's delivery (``deliveryCost.shippingCost``), after any
    #: shipping discount.
    shipping: Decimal
    #: The seller's promotions on the line, each (its ``promotionId``, what it takes off the whole
    #: line): one ``appliedPromotions`` entry each; none for a line sold at its price.
    promotions: list[tuple[str, Decimal]] = field(default_factory=list)
    #: What a shipping discount took off the line's delivery (``deliveryCost.discountAmount``).
    shipping_discount: Decimal = ZERO

    @property
    def cost(self) -> Decimal:
        """``lineItemCost``: unit price × quantity, "before applying any discounts" (OAS LineItem)."""
        return self.unit_price * self.quantity

    @property
    def discount(self) -> Decimal:
        """What the seller's promotions take off the whole line together."""
        return sum((amount for _, amount in self.promotions), ZERO)

    @property
    def discounted_cost(self) -> Decimal:
        """``discountedLineItemCost``: the cost less the promotion, what the buyer paid for the goods."""
        return self.cost - self.discount

    @property
    def total(self) -> Decimal:
        """``total``: what the buyer paid for the line — its discounted cost plus its shipping (no tax)."""
        return self.discounted_cost + self.shipping

    def paid_for(self, units: int) -> Decimal:
        """What the buyer paid for ``units`` of the line (its discounted cost pro rata, to the cent):
        what a return of them is estimated to refund."""
        return (self.discounted_cost * units / self.quantity).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Refund:
    refund_id: str
    order_id: str
    reason: str
    comment: str
    amount: Decimal
    created_at: datetime
    settles_at: datetime
    #: What the refund ends as when it settles: REFUNDED, or FAILED when armed.
    outcome: str
    #: Per line item, for an item-level refund; empty for an order-level refund.
    items: list[tuple[str, Decimal]] = field(default_factory=list)
    status: str = "PENDING"
    refund_date: datetime | None = None
    refund_reference_id: str | None = None
    return_id: str | None = None

    @property
    def line_level(self) -> bool:
        """A refund of line items (issueRefund ``refundItems``, a buyer return's refund): getOrder
        shows it in ``lineItems[].refunds`` only; an order-level refund in ``paymentSummary.refunds``
        only (OAS ``OrderRefund``: "This does not include line item level refunds.")."""
        return bool(self.items)

    def share_of(self, line_item_id: str) -> Decimal | None:
        """This refund's amount for ``line_item_id``, or None when it does not refund that line."""
        shares = [value for line_id, value in self.items if line_id == line_item_id]
        return sum(shares, ZERO) if shares else None


@dataclass
class HistoryEntry:
    activity: str
    author: str
    from_state: str
    to_state: str
    at: datetime


@dataclass
class Return:
    return_id: str
    order_id: str
    line_item_id: str
    quantity: int
    reason: str
    comments: str
    created_at: datetime
    estimated: Decimal
    state: str = "RETURN_REQUESTED"
    status: str = "RETURN_REQUESTED"
    refund_id: str | None = None
    itemized: list[tuple[str, Decimal]] = field(default_factory=list)
    refunded: Decimal | None = None
    close_reason: str | None = None
    #: ``BuyerCloseReturnReasonEnum``: why the buyer closed the return (only when the buyer did).
    buyer_close_reason: str | None = None
    history: list[HistoryEntry] = field(default_factory=list)

    def move(self, to_state: str, activity: str, author: str, at: datetime) -> None:
        self.history.append(HistoryEntry(activity, author, self.state, to_state, at))
        self.state = to_state


@dataclass
class Cancellation:
    """A cancellation of a whole order (Post-Order ``CancelDetail``): a buyer's request, or the
    seller's own. It starts INITIAL; :meth:`Seller._new_cancellation` moves a buyer's on."""

    cancel_id: str
    order_id: str
    reason: str
    created_at: datetime
    #: ``requestRefundAmount``: what the buyer gets back if the seller approves (what remains of the order).
    amount: Decimal
    #: ``requestorType``: BUYER (a request the seller answers) or SELLER (the seller cancelled the order itself).
    requestor: str = "BUYER"
    state: str = "INITIAL"
    status: str = "CANCEL_REQUESTED"
    approved_at: datetime | None = None
    closed_at: datetime | None = None
    close_reason: str | None = None
    refund_id: str | None = None
    history: list[HistoryEntry] = field(default_factory=list)

    def move(self, to_state: str, status: str, activity: str, author: str, at: datetime) -> None:
        self.history.append(HistoryEntry(activity, author, self.state, to_state, at))
        self.state, self.status = to_state, status

    def close(self, status: str, reason: str, activity: str, author: str, at: datetime) -> None:
        self.move("CLOSED", status, activity, author, at)
        self.closed_at, self.close_reason = at, reason


@dataclass
class Case:
    """A post-transaction case the buyer opened on an order (item not received, an escalated return):
    while it is open the seller cannot refund the order (34916)."""

    case_id: str
    case_type: str
    opened_at: datetime
    status: str = "OPEN"


@dataclass
class Order:
    order_id: str
    sales_record_reference: str
    payment_reference_id: str
    created_at: datetime
    modified_at: datetime
    currency: str
    buyer_username: str
    #: Where the order goes (``shipTo``): the buyer's own contact, or a recipient's (a gift).
    ship_to: dict[str, str]
    line_items: list[LineItem]
    #: The buyer's registration contact (``buyer.buyerRegistrationAddress``): the account's name,
    #: address and email, whoever the order ships to.
    buyer_contact: dict[str, str] = field(default_factory=dict)
    buyer_payment_status: str = "PAID"
    fulfillment_status: str = "FULFILLED"
    refunds: list[Refund] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)
    cancellations: list[Cancellation] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def subtotal(self) -> Decimal:
        """``priceSubtotal``: every line's cost "before any discount is applied" (OAS PricingSummary)."""
        return sum((line.cost for line in self.line_items), ZERO)

    @property
    def price_discount(self) -> Decimal:
        """What the seller's promotions take off the lines (``priceDiscount``, printed negative)."""
        return sum((line.discount for line in self.line_items), ZERO)

    @property
    def shipping(self) -> Decimal:
        """What the buyer pays for delivery: the lines' shipping, after the shipping discounts."""
        return sum((line.shipping for line in self.line_items), ZERO)

    @property
    def delivery_discount(self) -> Decimal:
        """What shipping discounts take off delivery (``deliveryDiscount``, printed negative)."""
        return sum((line.shipping_discount for line in self.line_items), ZERO)

    @property
    def total(self) -> Decimal:
        """``total``: the lines' costs less their discounts, plus the shipping (no tax, no fees)."""
        return self.subtotal - self.price_discount + self.shipping

    @property
    def refunded(self) -> Decimal:
        """What has reached the buyer (REFUNDED refunds)."""
        return sum((r.amount for r in self.refunds if r.status == "REFUNDED"), ZERO)

    @property
    def committed(self) -> Decimal:
        """What is refunded or being refunded."""
        return sum((r.amount for r in self.refunds if r.status in _HOLDING), ZERO)

    def line_committed(self, line_item_id: str) -> Decimal:
        return sum(
            (r.share_of(line_item_id) or ZERO for r in self.refunds if r.status in _HOLDING), ZERO,
        )

    @property
    def payment_status(self) -> str:
        """``orderPaymentStatus``: the buyer's payment, then what has been refunded of it."""
        if self.buyer_payment_status != "PAID":
            return self.buyer_payment_status
        refunded = self.refunded
        if refunded >= self.total:
            return "FULLY_REFUNDED"
        return "PARTIALLY_REFUNDED" if refunded > ZERO else "PAID"

    def shown_contact(self, now: datetime) -> frozenset[str]:
        """The buyer's contact fields eBay still answers at ``now`` (OAS ``ExtendedContact``): ``email``
        up to 14 days after the order, ``fullName`` up to 90 days; "more than" that, neither
        (:data:`~.schemas.SHIP_TO_EMAIL_KEPT`, :data:`~.schemas.SHIP_TO_NAME_KEPT`). A connector reading
        an older order names the buyer otherwise (``buyer.username``)."""
        age = now - self.created_at
        return frozenset(name for name, kept in (("email", SHIP_TO_EMAIL_KEPT), ("fullName", SHIP_TO_NAME_KEPT))
                         if age <= kept)

    def line(self, line_item_id: str) -> LineItem | None:
        return next((line for line in self.line_items if line.line_item_id == line_item_id), None)

    def refund(self, refund_id: str) -> Refund | None:
        return next((r for r in self.refunds if r.refund_id == refund_id), None)

    def settle(self, now: datetime) -> None:
        """Move every PENDING refund whose delay has passed to its outcome (call under ``lock``)."""
        for refund in self.refunds:
            if refund.status != "PENDING" or now < refund.settles_at:
                continue
            refund.status = refund.outcome
            self.modified_at = max(self.modified_at, refund.settles_at)
            if refund.status == "REFUNDED":
                refund.refund_date = refund.settles_at
            ret = next((r for r in self.returns if r.return_id == refund.return_id), None)
            if ret is not None:
                _settle_return(ret, refund)
            cancel = next((c for c in self.cancellations if c.refund_id == refund.refund_id), None)
            if cancel is not None:
                _settle_cancellation(cancel, refund)


def _drawn_sku(faker: Any) -> str:
    """A seller's SKU for a line the caller gave none for."""
    return f"SKU-{faker.bothify('??-####').upper()}"


def _shown(value: str | None) -> str:
    """A value a message names, bare as eBay's own messages give theirs ("Invalid order ID:
    {orderId}", "Invalid filter value {fieldvalue} for filter {fieldname}": the x-response-codes
    of the Fulfillment contract), never in Python's quotes; one of more than 60 characters is cut
    (a path segment or a body field can be of any length, and the message is not the place for it)."""
    text = str(value)
    return text if len(text) <= 60 else f"{text[:60]}…"


def _settle_return(ret: Return, refund: Refund) -> None:
    if refund.status == "REFUNDED":
        ret.refunded = refund.amount
        ret.close_reason = "FULL_REFUNDED" if refund.amount >= ret.estimated else "PARTIALLY_REFUNDED"
        ret.move("CLOSED", "NOTIFY_UPDATE_REFUND_STATUS", "SYSTEM", refund.settles_at)
        ret.status = "CLOSED"
    else:
        # The money did not move: the request is open again and the seller may retry.
        ret.move("RETURN_REQUESTED", "NOTIFY_UPDATE_REFUND_STATUS", "SYSTEM", refund.settles_at)


def _settle_cancellation(cancel: Cancellation, refund: Refund) -> None:
    # CancelStatusEnum: CANCEL_CLOSED_WITH_REFUND "closed and the buyer received a refund";
    # CancelCloseReasonEnum REFUND_FAILED for a refund eBay could not pay (the order stays cancelled).
    if refund.status == "REFUNDED":
        cancel.close("CANCEL_CLOSED_WITH_REFUND", "FULL_REFUNDED", "SYSTEM_REFUND", "SYSTEM", refund.settles_at)
    else:
        cancel.close("CANCEL_CLOSED_NO_REFUND", "REFUND_FAILED", "SYSTEM_NOTIFY_REFUND_STATUS", "SYSTEM",
                     refund.settles_at)


# ------------------------------------------------------------------ input helpers
def _refund_amount(raw: Any, currency: str, where: str) -> Decimal:
    """A Fulfillment ``SimpleAmount`` → Decimal.

    :raise EbayError: 34906 no value, 34907 not positive or more than two decimals, 34908 no
        currency, 34909 not the order's currency.
    """
    if not isinstance(raw, dict):
        raise errors.AmountValueRequired(parameters={"field": where})
    value = raw.get("value")
    if value is None or value == "":
        raise errors.AmountValueRequired(parameters={"field": f"{where}.value"})
    # The contract types the value a string, and eBay's amounts are decimal strings ("10.00"):
    # exponent notation ("1e0") or digits other than ASCII's are not one, whatever number they spell.
    number = None if isinstance(value, str) and not _DECIMAL_STRING.fullmatch(value) else _decimal(value)
    if number is None or number <= 0 or number != number.quantize(CENT):
        raise errors.AmountValueInvalid(parameters={"field": f"{where}.value", "value": value})
    given = raw.get("currency")
    if not given:
        raise errors.AmountCurrencyRequired(parameters={"field": f"{where}.currency"})
    if given != currency:
        raise errors.AmountCurrencyIncorrect(parameters={"field": f"{where}.currency", "value": given})
    return number.quantize(CENT)


#: An amount's ``value`` as text on the Fulfillment API: a decimal in ASCII digits, a sign and a point
#: at most (white space around it as before); no exponent, no other digits.
_DECIMAL_STRING = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")


def _decimal(value: Any) -> Decimal | None:
    """An amount as a Decimal; ``None`` when it is not a finite number below :data:`MAX_MAGNITUDE`
    (the callers refuse it as an invalid value)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() and number.copy_abs() < MAX_MAGNITUDE else None


def _check_field_types(body: dict[str, Any]) -> None:
    """Hold each field of issueRefund's body to the type its contract gives it, before any rule
    reads the body (eBay reads the whole body into its type first): ``string`` fields, the objects
    ``SimpleAmount`` / ``RefundItem`` / ``LegacyReference`` and the array ``refundItems``. JSON null
    is a field left out; an amount's ``value`` may also be a number (the simulator's leniency,
    FIDELITY.md).

    :raise EbayError: 2004 naming the first field that is something else (a list, an object, a
        boolean, a number where text is typed; text or a list where an object is): such a text was
        kept as Python's text of it (``"['a']"``), such a container answered as if left out.
    """
    def text(value: Any, where: str, *, number: bool = False) -> None:
        if value is None or isinstance(value, str):
            return
        if number and isinstance(value, (int, float)) and not isinstance(value, bool):
            return
        raise errors.InvalidRequest(where)

    def of_type(value: Any, kind: type, where: str) -> bool:
        """Whether there is a ``kind`` to read: null is none; another type is 2004."""
        if value is None:
            return False
        if not isinstance(value, kind):
            raise errors.InvalidRequest(where)
        return True

    def amount(raw: Any, where: str) -> None:
        if of_type(raw, dict, where):
            text(raw.get("value"), f"{where}.value", number=True)
            text(raw.get("currency"), f"{where}.currency")

    text(body.get("reasonForRefund"), "reasonForRefund")
    text(body.get("comment"), "comment")
    amount(body.get("orderLevelRefundAmount"), "orderLevelRefundAmount")
    items: list[Any] = body["refundItems"] if of_type(body.get("refundItems"), list, "refundItems") else []
    for index, item in enumerate(items):
        where = f"refundItems[{index}]"
        if not of_type(item, dict, where):
            continue  # a null entry names no line item: 34910 (the rules below)
        text(item.get("lineItemId"), f"{where}.lineItemId")
        amount(item.get("refundAmount"), f"{where}.refundAmount")
        legacy = item.get("legacyReference")
        if of_type(legacy, dict, f"{where}.legacyReference"):
            text(legacy.get("legacyItemId"), f"{where}.legacyReference.legacyItemId")
            text(legacy.get("legacyTransactionId"), f"{where}.legacyReference.legacyTransactionId")


def _parse_instant(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


_FILTER = re.compile(r"^(?P<name>[a-z]+):(?P<value>\[.*\]|\{.*\})$")


# getOrders filter predicates: factories rather than default-argument lambdas, so each predicate
# keeps the values of its own filter clause and the type checker can see its signature.
def _status_in(statuses: tuple[str, ...]) -> Callable[[Order], bool]:
    def predicate(order: Order) -> bool:
        return order.fulfillment_status in statuses
    return predicate


def _instant_between(attr: str, start: datetime, end: datetime | None) -> Callable[[Order], bool]:
    def predicate(order: Order) -> bool:
        return start <= getattr(order, attr) and (end is None or getattr(order, attr) <= end)
    return predicate


# ------------------------------------------------------------------------ seller
class Seller:
    """One tenant's eBay seller account. Ids come from the tenant's seeded random source."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.marketplace_id = tenant.ebay.marketplace_id
        self.username = tenant.faker.user_name()
        self._orders: dict[str, Order] = {}
        #: Each buyer's registration contact (by username): an eBay account has one name, address and
        #: email, and every order of the buyer carries them.
        self._buyers: dict[str, dict[str, str]] = {}
        self._returns: dict[str, Return] = {}
        self._cancellations: dict[str, Cancellation] = {}
        self._ids: set[str] = set()
        self._armed: list[dict[str, Any]] = []
        self._call_limit: int | None = None
        self._call_window = timedelta(0)
        self._call_window_start: datetime | None = None
        self._calls = 0
        #: How long eBay takes to settle a refund it accepted (the control plane may change it).
        self.settle_seconds = REFUND_SETTLE_SECONDS
        self._lock = threading.Lock()

    def _now(self) -> datetime:
        return self.tenant.clock.now()

    def now(self) -> datetime:
        """The seller's time: the tenant's clock (what an answer's age-dependent fields are read at)."""
        return self._now()

    # ------------------------------------------------------------------- ids
    def _unique(self, make: Callable[[], str]) -> str:
        """A fresh id from ``make`` (call under ``_lock``)."""
        while True:
            value = make()
            if value not in self._ids:
                self._ids.add(value)
                return value

    def _digits(self, count: int) -> str:
        rnd = self.tenant.random
        return str(rnd.randint(1, 9)) + "".join(str(rnd.randint(0, 9)) for _ in range(count - 1))

    def _order_id(self) -> str:
        # eBay's order id format since 2019: "12-34567-89012".
        return self._unique(lambda: f"{self._digits(2)}-{self._digits(5)}-{self._digits(5)}")

    # ----------------------------------------------------------------- orders
    def create_order(self, *, lines: list[dict[str, Any]] | None, shipping: Decimal | None, currency: str,
                     buyer_username: str | None, payment_status: str, created_at: datetime | None,
                     full_name: str | None = None, fulfillment_status: str = "FULFILLED",
                     shipping_discount: Decimal = ZERO, recipient: str | None = None) -> Order:
        """Create a paid order. ``lines`` are dicts with optional ``title``, ``sku`` ("" for a line
        listed without one), ``quantity``, ``price`` and ``discounts`` (the seller's promotions, each
        what it takes off the whole line, together less than its cost: validated by the caller); ``shipping`` is the delivery's cost
        before ``shipping_discount`` (a combined shipping discount, at most ``shipping``: validated by
        the caller), which goes on the lines in turn, each up to its shipping; ``full_name`` is the
        buyer's name; anything missing is generated with the tenant's faker. A buyer's orders carry
        the buyer's one registration contact (name, address, email): the first order of a username
        draws it (its name ``full_name`` when given), the later ones reuse it. The order ships to the
        buyer, or to ``recipient`` when given (a gift: "" draws the recipient's name), at another
        address, with the buyer's email (OAS ``shipTo.email``: "the email address of the buyer").

        :raise ControlPlaneError: ``created_at`` is in the future; ``full_name`` is not the name of
            the buyer's account, whose earlier order named it otherwise.
        """
        faker, rnd = self.tenant.faker, self.tenant.random
        now = self._now()
        if created_at is not None and created_at > now:
            raise ControlPlaneError("creationDate cannot be in the future of the tenant's clock.", 400, "invalid_body")
        created = created_at or now
        with self._lock:
            registered = self._buyers.get(buyer_username) if buyer_username else None
            if registered is not None and full_name is not None and full_name != registered["fullName"]:
                # Checked before anything is drawn: a refused order changes nothing.
                raise ControlPlaneError(f"Buyer {buyer_username} is registered as {registered['fullName']}, not "
                                        f"{full_name}: an eBay account has one name (ship the order to another with "
                                        "shipTo).", 400, "invalid_body")
            specs = lines if lines else [{} for _ in range(rnd.randint(1, 3))]
            if shipping is None:
                shipping = Decimal(rnd.choice(["0.00", "4.99", "7.50", "10.00"]))
            items = []
            for spec in specs:
                item_id = self._unique(lambda: self._digits(12))
                items.append(LineItem(
                    line_item_id=self._unique(lambda: self._digits(14)),
                    legacy_item_id=item_id,
                    legacy_transaction_id=self._unique(lambda: self._digits(13)),
                    title=spec.get("title") or faker.catch_phrase(),
                    sku=_drawn_sku(faker) if spec.get("sku") is None else spec["sku"],
                    quantity=spec.get("quantity") or 1,
                    unit_price=spec.get("price") or Decimal(rnd.randint(500, 15_000)) / 100,
                    shipping=ZERO,
                    promotions=[(self._unique(lambda: self._digits(11)), amount) for amount in spec.get("discounts") or ()],
                ))
            # Shipping is charged per line item on eBay: split it, the odd cents on the first line.
            share = (shipping / len(items)).quantize(CENT, rounding="ROUND_DOWN")
            for line in items:
                line.shipping = share
            items[0].shipping += shipping - share * len(items)
            # The discount comes off the lines' shipping in turn (eBay shows it on the line that
            # carries the delivery, deliveryCost.discountAmount), each up to what it costs.
            left = shipping_discount
            for line in items:
                line.shipping_discount = min(left, line.shipping)
                line.shipping -= line.shipping_discount
                left -= line.shipping_discount
            order_id = self._order_id()
            sales_record_reference = str(rnd.randint(1000, 99_999))
            payment_reference_id = self._unique(lambda: self._digits(17))
            username = buyer_username or faker.user_name()
            buyer = self._buyers.get(username)
            if buyer is None:
                buyer = {"fullName": full_name or faker.name(), "addressLine1": faker.street_address(), "city": faker.city(),
                         "stateOrProvince": faker.state_abbr(), "postalCode": faker.postcode(), "email": faker.email()}
            ship_to = dict(buyer) if recipient is None else {
                "fullName": recipient or faker.name(), "addressLine1": faker.street_address(), "city": faker.city(),
                "stateOrProvince": faker.state_abbr(), "postalCode": faker.postcode(), "email": buyer["email"]}
            order = Order(
                order_id=order_id, sales_record_reference=sales_record_reference,
                payment_reference_id=payment_reference_id, created_at=created, modified_at=created,
                currency=currency, buyer_username=username, ship_to=ship_to, line_items=items,
                buyer_payment_status=payment_status, fulfillment_status=fulfillment_status, buyer_contact=dict(buyer),
            )
            self._buyers.setdefault(username, buyer)
            self._orders[order_id] = order
            return order

    def find_order(self, order_id: str) -> Order | None:
        with self._lock:
            return self._orders.get(order_id)

    def known_order(self, order_id: str) -> Order:
        """The seller's order ``order_id``, for the control plane.

        :raise ControlPlaneError: 404 when the seller has no such order.
        """
        order = self.find_order(order_id)
        if order is None:
            raise ControlPlaneError(f"No eBay order {_shown(order_id)}.", 404, "unknown_order")
        return order

    def read_order(self, order_id: str, render: Callable[[Order], Any], missing: Callable[[], Exception]) -> Any:
        """``render(order)`` of the settled order, under its lock (a consistent snapshot).

        :raise: ``missing()`` when the seller has no such order.
        """
        order = self.find_order(order_id)
        if order is None:
            raise missing()
        with order.lock:
            order.settle(self._now())
            return render(order)

    def search_orders(self, *, order_ids: str | None, limit: str | None, offset: str | None,
                      filters: str | None) -> tuple[list[Order], int, int, int, list[str]]:
        """getOrders: the page of orders, the total, the limit, the offset and the ids not found.

        With ``order_ids`` naming one id or more every other parameter is ignored (eBay's
        contract); naming none (``orderIds=``) it is as if absent (:func:`requested_order_ids`).

        :raise EbayError: 30900 more than 50 ids, 31100 / 31000 bad limit or offset,
            30700 / 30800 / 30810 bad filter, 30820 no start date, 30840 start after end, 30850 a
            date after the tenant's now.
        """
        wanted = requested_order_ids(order_ids)
        if wanted:
            if len(wanted) > MAX_ORDER_IDS:
                raise errors.TooManyOrderIds()
            with self._lock:
                found = [self._orders[i] for i in dict.fromkeys(wanted) if i in self._orders]
            missing = [i for i in dict.fromkeys(wanted) if i not in {o.order_id for o in found}]
            return found, len(found), len(wanted), 0, missing
        page_size = self._int_param(limit, ORDERS_DEFAULT_LIMIT, 1, ORDERS_MAX_LIMIT, errors.InvalidLimit)
        start = self._int_param(offset, 0, 0, None, errors.InvalidOffset)
        predicates = self._order_filters(filters)
        with self._lock:
            # Oldest first (OAS OrderSearchPagedCollection.orders: "By default, orders are returned
            # according to creation date (oldest to newest)"); orders created at one instant keep
            # the order they were created in. A new order goes on the last page: pages read stay put.
            orders = sorted(self._orders.values(), key=lambda o: o.created_at)
        if predicates:
            # What the clock changed is settled before the filter reads it: a refund that settled
            # unread modified its order when it settled, so `lastmodifieddate` must see that time.
            # (Each order's lock is taken after the seller's was let go: the documented lock order.)
            now = self._now()
            for order in orders:
                with order.lock:
                    order.settle(now)
        matching = [o for o in orders if all(p(o) for p in predicates)]
        return matching[start:start + page_size], len(matching), page_size, start, []

    @staticmethod
    def _int_param(raw: str | None, default: int, low: int, high: int | None,
                   error: Callable[[str], errors.EbayError]) -> int:
        if raw is None:
            return default
        value = whole_number(raw)
        if value is None or value < low or (high is not None and value > high):
            raise error(raw)
        return value

    def _order_filters(self, raw: str | None) -> list[Callable[[Order], bool]]:
        """The predicates of getOrders' ``filter``; each criterion is checked (and refused) as
        written, but "If creationdate and lastmodifieddate are both included, only creationdate is
        used" (OAS ``filter``): then the lastmodifieddate predicate is dropped."""
        predicates: list[Callable[[Order], bool]] = []
        if not raw:
            return predicates
        modified: list[Callable[[Order], bool]] = []
        names = {p.strip().split(":", 1)[0] for p in raw.split(",")}
        for part in (p.strip() for p in raw.split(",") if p.strip()):
            match = _FILTER.match(part)
            name = part.split(":", 1)[0]
            if name not in ORDER_FILTERS:
                raise errors.InvalidFilterName(name)
            if match is None:
                raise errors.InvalidFilterValue(name, part.split(":", 1)[-1])
            value = match["value"]
            if name == "orderfulfillmentstatus":
                statuses = value.strip("{}").split("|")
                # "only the combinations shown here are currently supported" (OAS filter):
                # {NOT_STARTED|IN_PROGRESS} and {FULFILLED|IN_PROGRESS}, in either order.
                if not value.startswith("{") or frozenset(statuses) not in SUPPORTED_FULFILLMENT_FILTERS \
                        or len(statuses) != 2:
                    raise errors.InvalidFilterValue(name, value)
                predicates.append(_status_in(tuple(statuses)))
                continue
            if not value.startswith("[") or ".." not in value:
                raise errors.InvalidFilterValue(name, value)
            start_text, end_text = value[1:-1].split("..", 1)
            if not start_text:
                raise errors.StartDateMissing(parameters={"filter": name})
            start = _parse_instant(start_text)
            end = _parse_instant(end_text) if end_text else None
            if start is None or (end_text and end is None):
                raise errors.InvalidDateFormat(parameters={"filter": name})
            if end is not None and start > end:
                raise errors.StartDateAfterEndDate(parameters={"filter": name})
            now = self._now()
            if start > now or (end is not None and end > now):
                raise errors.DatesInTheFuture(parameters={"filter": name})
            attr = "created_at" if name == "creationdate" else "modified_at"
            (predicates if name == "creationdate" else modified).append(_instant_between(attr, start, end))
        return predicates + ([] if "creationdate" in names else modified)

    # ---------------------------------------------------------------- refunds
    def issue_refund(self, order_id: str, body: Any) -> Refund:
        """Fulfillment issue_refund with eBay's rules (module docstring).

        :raise EbayError: a field the contract types ``string`` is something else (2004), the
            request is malformed (349xx REQUEST), the order is unknown (34913) or a rule refuses
            it; nothing was written.
        """
        if not isinstance(body, dict) or not body:
            raise errors.RequestEmpty()
        _check_field_types(body)
        reason = body.get("reasonForRefund")
        if not reason:
            raise errors.RefundReasonRequired()
        if reason not in REASONS_FOR_REFUND:
            raise errors.RefundReasonRequired(
                long_message=f"Invalid reasonForRefund value: {_shown(reason)}. It must be a value of ReasonForRefundEnum.", parameters={"reasonForRefund": reason})
        comment: str = body.get("comment") or ""  # a string or null (_check_field_types)
        if len(comment) > MAX_COMMENT_LENGTH:
            raise errors.CommentTooLong()
        order_level, items = body.get("orderLevelRefundAmount"), body.get("refundItems")
        if (order_level is None) == (items is None) or (items is not None and (not isinstance(items, list) or not items)):
            raise errors.RefundAmountOrItemsRequired()
        order = self.find_order(order_id)
        if order is None:
            raise errors.OrderNotFound(parameters={"orderId": order_id})
        with order.lock:
            now = self._now()
            order.settle(now)
            if items is None:  # exactly one of the two is given (checked above): an order-level refund
                amount = _refund_amount(order_level, order.currency, "orderLevelRefundAmount")
                shares: list[tuple[str, Decimal]] = []
            else:
                shares = self._item_shares(order, items)
                amount = sum((value for _, value in shares), ZERO)
            self._check_refundable(order, now, amount, shares)
            return self._record_refund(order, now, amount, shares, reason=reason, comment=comment)

    def _item_shares(self, order: Order, items: list[Any]) -> list[tuple[str, Decimal]]:
        shares: list[tuple[str, Decimal]] = []
        for index, raw in enumerate(items):
            where = f"refundItems[{index}]"
            if not isinstance(raw, dict):
                raise errors.LineItemReferenceRequired(parameters={"field": where})
            line = self._refund_item_line(order, raw, where)
            if any(line.line_item_id == seen for seen, _ in shares):
                raise errors.DuplicateLineItem(parameters={"lineItemId": line.line_item_id})
            shares.append((line.line_item_id, _refund_amount(raw.get("refundAmount"), order.currency,
                                                             f"{where}.refundAmount")))
        return shares

    @staticmethod
    def _refund_item_line(order: Order, raw: dict[str, Any], where: str) -> LineItem:
        line_id, legacy = raw.get("lineItemId"), raw.get("legacyReference")
        if line_id:
            line = order.line(str(line_id))
        elif isinstance(legacy, dict):
            if not legacy.get("legacyItemId"):
                raise errors.LegacyItemIdRequired(parameters={"field": f"{where}.legacyReference.legacyItemId"})
            if not legacy.get("legacyTransactionId"):
                raise errors.LegacyTransactionIdRequired(
                    parameters={"field": f"{where}.legacyReference.legacyTransactionId"})
            line = next((li for li in order.line_items if li.legacy_item_id == str(legacy["legacyItemId"])
                         and li.legacy_transaction_id == str(legacy["legacyTransactionId"])), None)
        else:
            raise errors.LineItemReferenceRequired(parameters={"field": where})
        if line is None:
            raise errors.ItemNotInOrder(parameters={"field": where})
        return line

    def _check_refundable(self, order: Order, now: datetime, amount: Decimal,
                          shares: list[tuple[str, Decimal]]) -> None:
        """The business rules of a refund of ``amount`` (``shares`` per line item) — both APIs.

        :raise EbayError: 34929 / 34923 the buyer has not paid, 34916 a post-transaction case is
            open, 34920 too late, 34917 already fully refunded, 34922 a refund is processing, 34924
            more than a line item's remainder, 34915 more than the order's remainder.
        """
        if order.buyer_payment_status == "PENDING":
            raise errors.BuyerPaymentNotProcessed()
        if order.buyer_payment_status == "FAILED":
            raise errors.RefundNotSupportedForOrder()
        if any(case.status == "OPEN" for case in order.cases):
            raise errors.PostTransactionCaseOpen()
        if now - order.created_at > REFUND_WINDOW:
            raise errors.TooLateToRefund()
        if order.refunded >= order.total:
            raise errors.OrderAlreadyRefunded()
        if any(r.status == "PENDING" for r in order.refunds):
            raise errors.PreviousRefundProcessing()
        for line_id, value in shares:
            line = order.line(line_id)
            assert line is not None
            remaining = line.total - order.line_committed(line_id)
            if value > remaining:
                raise errors.ItemRefundExceedsRemaining(
                    parameters={"lineItemId": line_id, "remaining": remaining.quantize(CENT)})
        remaining = order.total - order.committed
        if amount > remaining:
            raise errors.RefundExceedsOrderAmount(parameters={"remaining": remaining.quantize(CENT)})

    def _record_refund(self, order: Order, now: datetime, amount: Decimal, shares: list[tuple[str, Decimal]], *,
                       reason: str, comment: str, return_id: str | None = None) -> Refund:
        with self._lock:
            outcome = self._take_outcome(order.order_id)
            refund = Refund(
                refund_id=self._unique(lambda: "5" + self._digits(9)),
                order_id=order.order_id, reason=reason, comment=comment, amount=amount,
                created_at=now, settles_at=now + timedelta(seconds=self.settle_seconds),
                outcome=outcome, items=shares, return_id=return_id,
                refund_reference_id=self._unique(lambda: self._digits(17)),
            )
        order.refunds.append(refund)
        order.modified_at = now
        return refund

    # ------------------------------------------------------------------ cases
    def open_case(self, order_id: str, case_type: str) -> Case:
        """The buyer opens a post-transaction case on the order.

        :raise ControlPlaneError: 404 when the seller has no such order.
        """
        order = self.known_order(order_id)
        with order.lock:
            with self._lock:
                case = Case(self._unique(lambda: "5" + self._digits(9)), case_type, self._now())
            order.cases.append(case)
            return case

    def close_case(self, order_id: str, case_id: str) -> Case:
        """Close a case (eBay decided it): refunds are possible again.

        :raise ControlPlaneError: 404 when the order has no such case.
        """
        order = self.find_order(order_id)
        case = next((c for c in order.cases if c.case_id == case_id), None) if order is not None else None
        if order is None or case is None:
            raise ControlPlaneError(f"eBay order {_shown(order_id)} has no case {_shown(case_id)}.", 404, "unknown_case")
        with order.lock:
            case.status = "CLOSED"
            return case

    # ------------------------------------------------------------ armed outcome
    def set_settle_seconds(self, seconds: int) -> int:
        """Refunds issued from now on settle ``seconds`` after they were issued (eBay's processing
        time varies: minutes to days). Refunds already pending keep their time."""
        with self._lock:
            self.settle_seconds = seconds
            return seconds

    def settle_now(self, order_id: str) -> list[Refund]:
        """eBay finishes processing the order's pending refunds now (to their armed outcome): what a
        test does instead of waiting out their delay on the clock. The refunds it settled.

        :raise ControlPlaneError: 404 when ``order_id`` names no order of this seller.
        """
        order = self.known_order(order_id)
        now = self._now()
        with order.lock:
            pending = [r for r in order.refunds if r.status == "PENDING"]
            for refund in pending:
                refund.settles_at = min(refund.settles_at, now)
            order.settle(now)
            return pending

    def arm_refund_outcome(self, outcome: str, count: int, order_id: str | None) -> list[dict[str, Any]]:
        """The next ``count`` refunds (of ``order_id``, or of any order) end as ``outcome``.

        :raise ControlPlaneError: 404 when ``order_id`` names no order of this seller.
        """
        if order_id is not None:
            self.known_order(order_id)
        with self._lock:
            self._armed.append({"orderId": order_id, "outcome": outcome, "remaining": count})
            return [dict(a) for a in self._armed]

    def _take_outcome(self, order_id: str) -> str:
        """The outcome of a new refund of ``order_id``, consuming an arming (under ``_lock``)."""
        for arming in self._armed:
            if arming["orderId"] in (None, order_id):
                arming["remaining"] -= 1
                if arming["remaining"] == 0:
                    self._armed.remove(arming)
                return arming["outcome"]
        return "REFUNDED"

    # -------------------------------------------------------------- call limit
    def set_call_limit(self, limit: int | None, window_seconds: int) -> dict[str, Any]:
        with self._lock:
            self._call_limit = limit
            self._call_window = timedelta(seconds=window_seconds)
            self._call_window_start = None
            self._calls = 0
            return {"limit": limit, "window_seconds": window_seconds, "used": 0}

    def count_call(self) -> None:
        """Count one API call against the seller's limit.

        :raise TooManyRequests: the limit of the current window is spent (the call is not counted).
        """
        with self._lock:
            if self._call_limit is None:
                return
            now = self._now()
            if self._call_window_start is None or now >= self._call_window_start + self._call_window:
                self._call_window_start, self._calls = now, 0
            if self._calls >= self._call_limit:
                raise errors.TooManyRequests()
            self._calls += 1

    # ---------------------------------------------------------------- returns
    def create_return(self, order_id: str, *, line_item_id: str | None, quantity: int | None, reason: str | None,
                      comments: str) -> tuple[Return, Order]:
        """A buyer's return request for ``quantity`` of a line item (the first line and its whole
        quantity by default).

        :raise ControlPlaneError: 404 unknown order; 400 unknown line item, unpaid order, or more
            than remains returnable; 409 an order the seller has not shipped (the buyer cancels it).
        """
        order = self.known_order(order_id)
        with order.lock:
            now = self._now()
            order.settle(now)
            line = order.line(line_item_id) if line_item_id else order.line_items[0]
            if line is None:
                raise ControlPlaneError(f"Order {order_id} has no line item {_shown(line_item_id)}.", 400, "invalid_body")
            if order.buyer_payment_status != "PAID":
                raise ControlPlaneError("The buyer has not paid for this order.", 400, "invalid_body")
            if order.fulfillment_status == "NOT_STARTED":
                # Once an order ships "the cancellation of the order is no longer possible. Instead, the
                # buyer will have to initiate a return request" (RejectCancelRequest): before, a cancellation.
                raise ControlPlaneError(f"Order {order_id} has not shipped: the buyer asks to cancel it, not to return "
                                        "its items.", 409, "conflict")
            open_quantity = sum(r.quantity for r in order.returns if r.line_item_id == line.line_item_id)
            quantity = quantity or line.quantity - open_quantity
            if quantity < 1 or open_quantity + quantity > line.quantity:
                raise ControlPlaneError(
                    f"Line item {line.line_item_id} has {line.quantity - open_quantity} unit(s) left to return.",
                    400, "invalid_body")
            with self._lock:
                ret = Return(
                    return_id=self._unique(lambda: "5" + self._digits(9)), order_id=order_id,
                    line_item_id=line.line_item_id, quantity=quantity, reason=reason or DEFAULT_RETURN_REASON,
                    comments=comments, created_at=now, estimated=line.paid_for(quantity),
                )
                ret.history.append(HistoryEntry("BUYER_CREATE_RETURN", "BUYER", "INITIAL", "RETURN_REQUESTED", now))
                self._returns[ret.return_id] = ret
            order.returns.append(ret)
            order.modified_at = now
            return ret, order

    def close_return(self, return_id: str, buyer_close_reason: str) -> tuple[Return, Order]:
        """The buyer closes a return the seller has not refunded (Post-Order ``CloseReturnRequest``,
        ``buyerCloseReason`` of ``BuyerCloseReturnReasonEnum``): it moves to CLOSED with
        ``CloseReturnReasonEnum`` BUYER_CLOSED and the activity BUYER_CLOSE_RETURN, and has no
        refund (``TotalRefundAmountType.actualRefundAmount``: "only returned after a refund has been
        issued to the buyer").

        :raise ControlPlaneError: 404 no such return; 409 the return is not open (the seller has
            issued its refund, or it is closed already).
        """
        with self._lock:
            ret = self._returns.get(return_id)
        if ret is None:
            raise ControlPlaneError(f"No eBay return {_shown(return_id)}.", 404, "unknown_return")
        order = self._orders[ret.order_id]
        with order.lock:
            now = self._now()
            order.settle(now)
            if ret.state != "RETURN_REQUESTED":
                raise ControlPlaneError(
                    f"Return {ret.return_id} is {ret.state}: the buyer closes only a return the seller has not refunded.",
                    409, "conflict")
            ret.close_reason, ret.buyer_close_reason = "BUYER_CLOSED", buyer_close_reason
            ret.move("CLOSED", "BUYER_CLOSE_RETURN", "BUYER", now)
            ret.status = "CLOSED"
            order.modified_at = now
            return ret, order

    def read_return(self, return_id: str, render: Callable[[Return, Order], Any]) -> Any:
        """``render(return, order)`` with the order settled, under the order's lock.

        :raise InvalidReturnId: no such return for this seller.
        """
        with self._lock:
            ret = self._returns.get(return_id)
        if ret is None:
            raise errors.InvalidReturnId(return_id)
        order = self._orders[ret.order_id]
        with order.lock:
            order.settle(self._now())
            return render(ret, order)

    def search_returns(self, params: dict[str, str], render: Callable[[Return, Order], Any]) -> tuple[list[Any], int, int, int]:
        """The return search: rendered members of the page, total, limit and offset.

        Filters: ``order_id``, ``return_id``, ``item_id``, ``transaction_id``, ``return_state``,
        ``states`` (:func:`_search_states`), ``creation_date_range_from`` / ``creation_date_range_to``
        (ISO 8601 with a zone, ends included; ``SearchReturnsRestRequest``); ``sort``
        (:func:`_search_sort`; newest first without it).

        :raise PageSizeTooLarge: a ``limit`` of more than :data:`RETURNS_MAX_LIMIT` (1401).
        :raise InvalidReturnRequest: another bad ``limit``, a bad ``offset``, ``return_state``,
            ``states``, ``sort`` or date, or a range that ends before it starts.
        """
        limit, offset = self._page_params(params)
        # "If no returnState query parameter is used, the default behavior is ... to return only those
        # return requests in the 'ALL_OPEN' state" (CountSummaryType): a closed return is found by asking.
        state_filter = params.get("return_state", "ALL_OPEN")
        if state_filter not in RETURN_STATE_FILTERS:
            raise errors.InvalidReturnRequest(f"Invalid return_state: {state_filter}", "return_state")
        states, (sort_key, descending) = _search_states(params.get("states")), _search_sort(params.get("sort"))
        since, until = self._search_range(params)
        with self._lock:
            # Newest first; of two made at the same instant, the one made later (by the order they
            # were made in, not by their random ids: the order of a listing is not the seed's).
            made = list(self._returns.values())
            candidates = [r for _, r in sorted(((n, r) for n, r in enumerate(made)
                                                if (since is None or r.created_at >= since)
                                                and (until is None or r.created_at <= until)),
                                               key=lambda pair: (pair[1].created_at, pair[0]), reverse=True)]
        members: list[tuple[Any, Any]] = []
        for ret in candidates:
            if params.get("order_id") not in (None, ret.order_id) or params.get("return_id") not in (None, ret.return_id):
                continue
            order = self._orders[ret.order_id]
            with order.lock:
                order.settle(self._now())
                line = order.line(ret.line_item_id)
                assert line is not None
                if params.get("item_id") not in (None, line.legacy_item_id):
                    continue
                if params.get("transaction_id") not in (None, line.legacy_transaction_id):
                    continue
                if ret.state not in RETURN_STATE_FILTERS[state_filter]:
                    continue
                if states is not None and ret.state not in states:
                    continue
                members.append((sort_key(ret, order), render(ret, order)))
        if sort_key is not _by_filing_date or not descending:  # else already newest first
            members.sort(key=lambda member: member[0], reverse=descending)  # stable: ties stay newest first
        return [rendered for _, rendered in members[offset:offset + limit]], len(members), limit, offset

    def _page_params(self, params: dict[str, str]) -> tuple[int, int]:
        """``limit`` and ``offset`` of a Post-Order search (returns, cancellations).

        :raise PageSizeTooLarge: a ``limit`` of more than :data:`RETURNS_MAX_LIMIT` (1401).
        :raise InvalidReturnRequest: another bad ``limit``, or a bad ``offset``.
        """
        raw_limit = params.get("limit")
        if raw_limit is not None and raw_limit.isascii() and raw_limit.isdigit():
            # More than a page holds is eBay's own 1401, whatever its digits' count (compared by their
            # count first: Python will not read an integer of thousands of digits).
            digits = raw_limit.lstrip("0")
            if len(digits) > len(str(RETURNS_MAX_LIMIT)) or int(digits or "0") > RETURNS_MAX_LIMIT:
                raise errors.PageSizeTooLarge(RETURNS_MAX_LIMIT, "limit")
        limit = self._int_param(raw_limit, RETURNS_DEFAULT_LIMIT, 1, RETURNS_MAX_LIMIT,
                                lambda v: errors.InvalidReturnRequest(f"Invalid limit: {v}", "limit"))
        offset = self._int_param(params.get("offset"), 0, 0, None,
                                 lambda v: errors.InvalidReturnRequest(f"Invalid offset: {v}", "offset"))
        return limit, offset

    def _search_range(self, params: dict[str, str]) -> tuple[datetime | None, datetime | None]:
        """``creation_date_range_from`` / ``creation_date_range_to`` of a Post-Order search (None: not given).

        :raise InvalidReturnRequest: a date that is not an ISO 8601 instant with a zone, or a range
            that ends before it starts.
        """
        since, until = (self._search_date(params, name) for name in ("creation_date_range_from", "creation_date_range_to"))
        if since is not None and until is not None and since > until:
            raise errors.InvalidReturnRequest("creation_date_range_from must not be after creation_date_range_to.",
                                              "creation_date_range_from")
        return since, until

    @staticmethod
    def _search_date(params: dict[str, str], name: str) -> datetime | None:
        """A date parameter of the return search (``2026-01-31T00:00:00.000Z``), None when not given.

        :raise InvalidReturnRequest: not an ISO 8601 instant with a zone.
        """
        raw = params.get(name)
        if raw is None:
            return None
        moment = _parse_instant(raw.strip())
        if moment is None:
            raise errors.InvalidReturnRequest(f"Invalid {name}: {raw}", name)
        return moment

    def issue_return_refund(self, return_id: str, body: Any) -> Refund:
        """Post-Order issue_refund: refund the returned line item through the refund pipeline.

        :raise PostOrderError: 1304 unknown return, a malformed body, a return that accepts no
            refund, a refund still processing, or more than remains of the line item; nothing written.
        """
        with self._lock:
            ret = self._returns.get(return_id)
        if ret is None:
            raise errors.InvalidReturnId(return_id)
        detail = body.get("refundDetail") if isinstance(body, dict) else None
        if not isinstance(detail, dict):
            raise errors.InvalidReturnRequest("refundDetail is required.", "refundDetail")
        itemized_raw = detail.get("itemizedRefundDetail")
        if not isinstance(itemized_raw, list) or not itemized_raw:
            raise errors.InvalidReturnRequest("At least one itemizedRefundDetail is required.",
                                              "refundDetail.itemizedRefundDetail")
        comment = self._po_comment(body.get("comments"))
        order = self._orders[ret.order_id]
        with order.lock:
            now = self._now()
            order.settle(now)
            itemized = [self._po_itemized(raw, order.currency, i) for i, raw in enumerate(itemized_raw)]
            total = self._po_amount(detail.get("totalAmount"), order.currency, "refundDetail.totalAmount")
            if total != sum((value for _, value in itemized), ZERO):
                raise errors.InvalidReturnRequest(
                    "totalAmount must equal the sum of the itemizedRefundDetail amounts.", "refundDetail.totalAmount")
            if ret.state != "RETURN_REQUESTED":
                raise errors.ReturnRefundNotAllowed(f"A refund can't be issued for a return in state {ret.state}.")
            try:
                self._check_refundable(order, now, total, [(ret.line_item_id, total)])
            except errors.PreviousRefundProcessing:
                raise errors.ReturnPreviousRefundProcessing() from None
            except (errors.ItemRefundExceedsRemaining, errors.RefundExceedsOrderAmount,
                    errors.OrderAlreadyRefunded) as exc:
                raise errors.ReturnRefundExceedsRemaining(parameters=exc.parameters) from None
            except errors.EbayError as exc:
                raise errors.ReturnRefundNotAllowed(exc.message) from None
            refund = self._record_refund(order, now, total, [(ret.line_item_id, total)], reason="BUYER_RETURN",
                                         comment=comment, return_id=ret.return_id)
            ret.refund_id, ret.itemized = refund.refund_id, itemized
            ret.move("REFUND_INITIATED", "SELLER_ISSUE_REFUND", "SELLER", now)
            return refund

    @staticmethod
    def _po_comment(raw: Any) -> str:
        """The seller's comment of a Post-Order issue_refund: ``comments`` is a ``Text``
        (``{"content": "..."}``); null or left out is no comment.

        :raise PostOrderError: 1700 naming ``comments`` (not an object) or ``comments.content`` (not
            a string): such a value was kept as Python's text of it.
        """
        if raw is None:
            return ""
        if not isinstance(raw, dict):
            raise errors.InvalidReturnRequest('comments must be an object such as {"content": "..."}.', "comments")
        content = raw.get("content")
        if content is not None and not isinstance(content, str):
            raise errors.InvalidReturnRequest("comments.content must be a string.", "comments.content")
        return content or ""

    @staticmethod
    def _po_amount(raw: Any, currency: str, where: str) -> Decimal:
        if not isinstance(raw, dict):
            raise errors.InvalidReturnRequest(f"{where} is required.", where)
        number = _decimal(raw.get("value"))
        if number is None or number <= 0 or number != number.quantize(CENT):
            raise errors.InvalidReturnRequest(f"{where}.value must be a positive amount with at most two decimals.",
                                              f"{where}.value")
        if raw.get("currency") != currency:
            raise errors.InvalidReturnRequest(f"{where}.currency must be {currency}.", f"{where}.currency")
        return number.quantize(CENT)

    def _po_itemized(self, raw: Any, currency: str, index: int) -> tuple[str, Decimal]:
        where = f"refundDetail.itemizedRefundDetail[{index}]"
        if not isinstance(raw, dict):
            raise errors.InvalidReturnRequest(f"{where} must be an object.", where)
        fee_type = raw.get("refundFeeType")
        if fee_type not in REFUND_FEE_TYPES:
            raise errors.InvalidReturnRequest(f"{where}.refundFeeType must be a RefundFeeTypeEnum value.",
                                              f"{where}.refundFeeType")
        return fee_type, self._po_amount(raw.get("refundAmount"), currency, f"{where}.refundAmount")


    # ---------------------------------------------------------- cancellations
    def request_cancellation(self, order_id: str, reason: str) -> tuple[Cancellation, Order]:
        """The buyer asks to cancel the whole order (Post-Order cancellations "act upon an entire
        order"): a paid order eligible for cancellation (:meth:`_cancel_failures`) within
        :data:`CANCEL_REQUEST_CUTOFF` of its purchase.

        :raise ControlPlaneError: 404 unknown order; 400 an unpaid order (not simulated); 409 an
            order eBay would not cancel, the failure named (``EligibilityFailureReasonEnum``).
        """
        order = self.known_order(order_id)
        with order.lock:
            now = self._now()
            order.settle(now)
            failures = self._cancel_failures(order, now, CANCEL_REQUEST_CUTOFF)
            if "UNPAID_ORDER" in failures:
                raise ControlPlaneError("The buyer has not paid for this order: the simulator cancels only paid orders.",
                                        400, "invalid_body")
            if failures:
                raise ControlPlaneError(f"{_CANCEL_FAILURES[failures[0]].format(order=order)} ({failures[0]})", 409,
                                        "conflict")
            return self._new_cancellation(order, now, reason, "BUYER"), order

    def cancel_order(self, body: Any) -> tuple[Cancellation | None, str, list[str], Order | None]:
        """The seller cancels an order itself (Post-Order ``POST /cancellation``, ``CreateCancelRequest``:
        ``legacyOrderId``, ``cancelReason``, ``buyerPaid``, ``buyerPaidDate``), "for up to 30 days
        after the sale": eBay cancels it and refunds the buyer (reason SELLER_CANCEL) at once. An
        order eBay would not cancel is no error: the answer names why (``orderEligibilityResult``).
        Returns (the cancellation or None, the order id asked for, the failures, the order or None).

        :raise InvalidReturnRequest: 1700, a body that is no ``CreateCancelRequest`` (not an object;
            ``legacyOrderId`` missing or not a string; a ``cancelReason`` not of ``CancelReasonEnum``;
            ``buyerPaid`` not a boolean; ``buyerPaidDate`` not a ``DateTime``); nothing written.
        """
        if not isinstance(body, dict):
            raise errors.InvalidReturnRequest("The request body must be a CreateCancelRequest object.")
        order_id = body.get("legacyOrderId")
        if not isinstance(order_id, str) or not order_id.strip():
            raise errors.InvalidReturnRequest("legacyOrderId is required.", "legacyOrderId")
        reason = body.get("cancelReason", DEFAULT_SELLER_CANCEL_REASON)
        if reason not in CANCEL_REASONS:
            raise errors.InvalidReturnRequest(f"Invalid cancelReason: {_shown(reason)}. It must be a value of "
                                              "CancelReasonEnum.", "cancelReason")
        if body.get("buyerPaid") is not None and not isinstance(body["buyerPaid"], bool):
            raise errors.InvalidReturnRequest("buyerPaid must be true or false.", "buyerPaid")
        paid_at = body.get("buyerPaidDate")
        if paid_at is not None and not (isinstance(paid_at, dict) and isinstance(paid_at.get("value"), str)
                                        and _parse_instant(paid_at["value"].strip()) is not None):
            raise errors.InvalidReturnRequest('buyerPaidDate must be a DateTime: {"value": "<ISO 8601 with a zone>"}.',
                                              "buyerPaidDate")
        order = self.find_order(order_id.strip())
        if order is None:
            return None, order_id, ["INVALID_ORDER"], None
        with order.lock:
            now = self._now()
            order.settle(now)
            failures = self._cancel_failures(order, now, SELLER_CANCEL_WINDOW)
            if failures:
                return None, order.order_id, failures, order
            cancel = self._new_cancellation(order, now, reason, "SELLER")
            self._refund_cancellation(cancel, order, now, "SELLER_CANCEL", "SELLER_CREATE_CANCEL")
            return cancel, order.order_id, [], order

    @staticmethod
    def _cancel_failures(order: Order, now: datetime, window: timedelta) -> list[str]:
        """Why eBay would not cancel ``order`` now (``EligibilityFailureReasonEnum`` values; none: it
        would): unpaid, shipped (a return, once it has), past ``window`` of the purchase (an hour for
        a buyer's request, 30 days for the seller), a cancellation already, refunded in full or in
        part (pending refunds count), a case or a return open."""
        failures = []
        if order.buyer_payment_status != "PAID":
            failures.append("UNPAID_ORDER")
        if order.fulfillment_status != "NOT_STARTED":
            failures.append("SHIPPED_ORDER")
        if now - order.created_at > window:
            failures.append("CANCEL_WINDOW_ELAPSED")
        if order.cancellations:
            failures.append("CANCELLATION_EXIST")
        if order.committed >= order.total:
            failures.append("FULL_REFUNDED_ORDER")
        elif order.committed > ZERO:
            failures.append("PARTIAL_REFUNDED_ORDER")
        if any(case.status == "OPEN" for case in order.cases):
            failures.append("CASE_EXIST")
        if order.returns:
            failures.append("RETURN_EXIST")
        return failures

    def _new_cancellation(self, order: Order, now: datetime, reason: str, requestor: str) -> Cancellation:
        """A cancellation of the whole order (call under the order's lock): a buyer's awaits the
        seller's answer (APPROVAL_PENDING); the seller's own is INITIAL until eBay refunds the buyer."""
        with self._lock:
            cancel = Cancellation(cancel_id=self._unique(lambda: "5" + self._digits(9)), order_id=order.order_id,
                                  reason=reason, created_at=now, amount=order.total - order.committed, requestor=requestor)
            if requestor == "BUYER":
                cancel.move("APPROVAL_PENDING", "CANCEL_REQUESTED", "BUYER_CREATE_CANCEL", "BUYER", now)
            self._cancellations[cancel.cancel_id] = cancel
        order.cancellations.append(cancel)
        order.modified_at = now
        return cancel

    def _refund_cancellation(self, cancel: Cancellation, order: Order, now: datetime, reason: str,
                             activity: str) -> Refund:
        """eBay cancels the order and refunds the buyer what remains of it (call under the order's
        lock, its refund rules checked): REFUND_INITIATED / CANCEL_PENDING until the refund settles."""
        amount = order.total - order.committed
        refund = self._record_refund(order, now, amount, [], reason=reason,
                                     comment=f"Cancellation {cancel.cancel_id} of the order")
        cancel.refund_id, cancel.amount, cancel.approved_at = refund.refund_id, amount, now
        cancel.move("REFUND_INITIATED", "CANCEL_PENDING", activity, "SELLER", now)  # the seller's doing, either way
        return refund

    def _cancellation(self, cancel_id: str) -> tuple[Cancellation, Order]:
        """:raise InvalidCancelId: no such cancellation for this seller."""
        with self._lock:
            cancel = self._cancellations.get(cancel_id)
        if cancel is None:
            raise errors.InvalidCancelId(cancel_id)
        return cancel, self._orders[cancel.order_id]

    def read_cancellation(self, cancel_id: str, render: Callable[[Cancellation, Order], Any]) -> Any:
        """``render(cancellation, order)`` with the order settled, under the order's lock.

        :raise InvalidCancelId: no such cancellation for this seller.
        """
        cancel, order = self._cancellation(cancel_id)
        with order.lock:
            order.settle(self._now())
            return render(cancel, order)

    def approve_cancellation(self, cancel_id: str) -> Refund:
        """The seller approves the buyer's request: eBay cancels the order and refunds the buyer what
        remains of it (an order-level refund, reason BUYER_CANCEL, through the refund pipeline and its
        rules); the cancellation is REFUND_INITIATED / CANCEL_PENDING until the refund settles.

        :raise PostOrderError: 1710 unknown cancellation; 1711 it is not awaiting the seller's answer,
            or eBay's refund rules refuse the refund (a case open, a refund processing...); nothing written.
        """
        cancel, order = self._cancellation(cancel_id)
        with order.lock:
            now = self._now()
            order.settle(now)
            if cancel.state != "APPROVAL_PENDING":
                raise errors.CancellationNotAwaitingSeller(cancel.cancel_id, cancel.status)
            try:
                self._check_refundable(order, now, order.total - order.committed, [])
            except errors.EbayError as exc:
                raise errors.CancellationNotAwaitingSeller(cancel.cancel_id, cancel.status, exc.message) from None
            return self._refund_cancellation(cancel, order, now, "BUYER_CANCEL", "SELLER_APPROVE")

    def reject_cancellation(self, cancel_id: str, body: Any) -> Cancellation:
        """The seller rejects the buyer's request (``RejectCancelRequest``: ``shipmentDate``, a
        ``DateTime``, and ``trackingNumber``, both optional, "you must submit a payload that consists
        of opening and closing braces"): CLOSED, CANCEL_REJECTED, close reason SELLER_DECLINE; no refund.

        :raise PostOrderError: 1710 unknown cancellation; 1700 a body that is not such an object;
            1711 the cancellation is not awaiting the seller's answer; nothing written.
        """
        cancel, order = self._cancellation(cancel_id)
        if not isinstance(body, dict):
            raise errors.InvalidReturnRequest("The request body must be a RejectCancelRequest object ({} at least).")
        shipped = body.get("shipmentDate")
        if shipped is not None and not (isinstance(shipped, dict) and isinstance(shipped.get("value"), str)
                                        and _parse_instant(shipped["value"].strip()) is not None):
            raise errors.InvalidReturnRequest('shipmentDate must be a DateTime: {"value": "<ISO 8601 with a zone>"}.',
                                              "shipmentDate")
        if body.get("trackingNumber") is not None and not isinstance(body["trackingNumber"], str):
            raise errors.InvalidReturnRequest("trackingNumber must be a string.", "trackingNumber")
        with order.lock:
            now = self._now()
            order.settle(now)
            if cancel.state != "APPROVAL_PENDING":
                raise errors.CancellationNotAwaitingSeller(cancel.cancel_id, cancel.status)
            cancel.close("CANCEL_REJECTED", "SELLER_DECLINE", "SELLER_REJECT", "SELLER", now)
            order.modified_at = now
            return cancel

    def search_cancellations(self, params: dict[str, str],
                             render: Callable[[Cancellation, Order], Any]) -> tuple[list[Any], int, int, int]:
        """The cancellation search: rendered members of the page, total, limit and offset, newest
        first. ``cancel_id`` (with it "any other query parameters that are included are ignored"),
        ``legacy_order_id``, ``item_id``, ``transaction_id``, ``creation_date_range_from`` /
        ``creation_date_range_to``, ``limit``, ``offset`` (as the return search's).

        :raise PostOrderError: a bad ``limit``, ``offset`` or date (as the return search's).
        """
        if "cancel_id" in params:
            params = {"cancel_id": params["cancel_id"]}
        limit, offset = self._page_params(params)
        since, until = self._search_range(params)
        with self._lock:
            candidates = sorted((c for c in self._cancellations.values()
                                 if params.get("cancel_id") in (None, c.cancel_id)
                                 and params.get("legacy_order_id") in (None, c.order_id)
                                 and (since is None or c.created_at >= since) and (until is None or c.created_at <= until)),
                                key=lambda c: (c.created_at, c.cancel_id), reverse=True)
        members = []
        for cancel in candidates:
            order = self._orders[cancel.order_id]
            with order.lock:
                order.settle(self._now())
                if params.get("item_id") not in (None, *(l.legacy_item_id for l in order.line_items)):
                    continue
                if params.get("transaction_id") not in (None, *(l.legacy_transaction_id for l in order.line_items)):
                    continue
                members.append(render(cancel, order))
        return members[offset:offset + limit], len(members), limit, offset


# ------------------------------------------------------------------ return search: states and sort
def _search_states(raw: str | None) -> frozenset[str] | None:
    """``states`` of the return search: ``ReturnStateEnum`` values, comma-separated (OR within the
    filter, as eBay's "Search Returns" says of its filters); ``None`` when not given.

    :raise InvalidReturnRequest: a value that is not in the enum (an empty one too).
    """
    if raw is None:
        return None
    values = [value.strip() for value in raw.split(",")]
    wrong = next((value for value in values if value not in RETURN_STATES), None)
    if wrong is not None:
        raise errors.InvalidReturnRequest(f"Invalid states: {raw}", "states")
    return frozenset(values)


def _by_filing_date(ret: Return, order: Order) -> Any:
    return ret.created_at


def _by_return_id(ret: Return, order: Order) -> Any:
    return (len(ret.return_id), ret.return_id)  # digit strings, compared as numbers


#: What each ``ReturnSortEnum`` value sorts by. REFUND_DUE_DATE is a fixed time after filing, so it
#: sorts as FILING_DATE; a return not refunded yet has no actual amount and sorts below any.
_RETURN_SORT_KEYS: dict[str, Callable[[Return, Order], Any]] = {
    "ACTUAL_AMOUNT": lambda ret, order: (ret.refunded is not None, ret.refunded or ZERO),
    "BUYER_LOGIN_NAME": lambda ret, order: order.buyer_username,
    "ESTIMATED_AMOUNT": lambda ret, order: ret.estimated,
    "FILING_DATE": _by_filing_date,
    "REASON": lambda ret, order: ret.reason,
    "REFUND_DUE_DATE": _by_filing_date,
    "RETURN_ID": _by_return_id,
    "STATUS": lambda ret, order: ret.status,
}
assert set(_RETURN_SORT_KEYS) == set(RETURN_SORTS)


def _search_sort(raw: str | None) -> tuple[Callable[[Return, Order], Any], bool]:
    """``sort`` of the return search: ``+`` (ascending) or ``-`` (descending) then a
    ``ReturnSortEnum`` value (``ReturnSortField``: "Either a (+) or a (-) operator must prepend the
    enumeration value"). A ``+`` sent unencoded arrives as a space (form encoding) and is read as
    ``+``. Without ``sort``: newest first. Returns the key and whether it is descending.

    :raise InvalidReturnRequest: no sign, or a value that is not one of the enum's ways to sort.
    """
    if raw is None:
        return _by_filing_date, True
    sign, name = raw[:1], raw[1:]
    if sign not in ("+", "-", " ") or name not in _RETURN_SORT_KEYS:
        raise errors.InvalidReturnRequest(f"Invalid sort: {raw}", "sort")
    return _RETURN_SORT_KEYS[name], sign == "-"


def requested_order_ids(raw: str | None) -> list[str]:
    """getOrders' ``orderIds``: the comma-separated ids it names, blanks dropped. An empty list
    (absent, ``orderIds=``, ``orderIds=,``) is no ``orderIds``: the OAS ignores the other query
    parameters only "if one or more order ID values are specified through the orderIds query
    parameter"."""
    return [i.strip() for i in (raw or "").split(",") if i.strip()]
