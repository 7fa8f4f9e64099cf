"""What each simulated field of the Admin GraphQL schema answers: plain functions over the shop's
records (:mod:`..models` holds the rules; this is serialisation, like :mod:`..schemas` for REST).

:data:`RESOLVERS` maps ``type → field → resolver``; a resolver is called ``fn(parent, args, context)``
(:class:`Context`: the shop and the API version of the request). It is also the list of what the
simulator implements: ``contracts/shopify/graphql/prune.py`` keeps exactly the object types named
here (and every real field of them whose type is kept), so a real field without a resolver is in
the served schema but answers ``NOT_SIMULATED`` (:mod:`.schema`). A resolver of a field that only
some versions have (``Refund.processedAt`` from 2026-01) is simply unused where the field is absent.

A resolver refuses with :class:`FieldError` (the field becomes null and the error is listed with its
path, as GraphQL does).
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from graphql import GraphQLError, GraphQLResolveInfo
from graphql.execution.values import get_directive_values

from simulators.core.clock import iso
from simulators.core.http import parse_json
from simulators.core.numbers import whole_number

from .. import errors
from ..schemas import IDEMPOTENCY_REQUIRED_FROM, ZERO

if TYPE_CHECKING:
    from ..currency import Exchange
    from ..models import Calculation, Order, Refund, Shop, Transaction

#: The error code of a real field, argument or input the simulator does not reproduce.
NOT_SIMULATED = "NOT_SIMULATED"


class FieldError(GraphQLError):
    """A resolver's refusal: the field becomes null and the error is listed with its path."""

    def __init__(self, message: str, code: str | None = None, **extensions: Any) -> None:
        super().__init__(message, extensions={**({"code": code} if code else {}), **extensions})


@dataclass
class Context:
    """One request's context: the shop and the API version in the URL."""

    shop: "Shop"
    version: str


#: ``fn(parent, args, context)``; ``refundCreate`` alone is a graphql-core resolver (it reads its directives).
Resolver = Callable[[Any, Any, Any], Any]


# ====================================================================== values
@dataclass(frozen=True)
class Money:
    """A ``MoneyV2``: an amount in one currency."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Bag:
    """A ``MoneyBag``: a presentment amount and the exchange that gives its shop money, or the shop
    money itself when it is a sum of transactions, each converted at its own day's rate."""

    amount: Decimal
    exchange: "Exchange"
    shop: Decimal | None = None

    @property
    def shop_money(self) -> Decimal:
        return self.exchange.shop(self.amount) if self.shop is None else self.shop


@dataclass
class Payload:
    refund: Any = None
    order: Any = None
    user_errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SuggestedRefund:
    order: "Order"
    calc: "Calculation"


@dataclass
class Row:
    """A record that needs its order to be printed (money in the order's currency, its lines)."""

    row: Any
    order: "Order"


@dataclass
class Page:
    items: list[Any]
    cursors: list[str]
    has_next: bool
    has_previous: bool


def decimal_text(value: Decimal) -> str:
    """Shopify prints a Decimal as Ruby's BigDecimal does: ``10.0``, ``41.94``, ``0.5``."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def gid(kind: str, record_id: Any) -> str:
    return f"gid://shopify/{kind}/{record_id}"


_GID = re.compile(r"^gid://shopify/(?P<kind>[A-Za-z]+)/(?P<id>\d+)(?:\?.*)?$")


def parse_gid(value: Any, kind: str) -> int | None:
    """The numeric id of a global id of ``kind``, or None when it is not one (a number of more
    digits than any id has is not one either: :func:`whole_number`)."""
    match = _GID.fullmatch(value) if isinstance(value, str) else None  # all of it: "$" matches before a last "\n"
    if match is None or match.group("kind") != kind:
        return None
    return whole_number(match.group("id"))


def not_simulated(what: str) -> FieldError:
    return FieldError(f"{what} is part of Shopify's Admin API but is not simulated", NOT_SIMULATED)


def iso_time(value: Any) -> str:
    """``DateTime`` as Shopify prints it (``2025-01-02T03:04:05Z``)."""
    return iso(value) if not isinstance(value, str) else value


# ====================================================================== connections
def _cursor(index: int) -> str:
    return base64.b64encode(json.dumps({"last_id": index}).encode()).decode()


def _uncursor(cursor: str) -> int:
    try:
        return int(parse_json(base64.b64decode(cursor.encode()))["last_id"])
    except (ValueError, KeyError, TypeError):
        raise FieldError(f"Invalid cursor for current pagination: {cursor}", "argumentLiteralsIncompatible") from None


def paginate(items: list[Any], args: dict[str, Any]) -> Page:
    """One page of a connection (``first``/``last``, ``after``/``before``, ``reverse``), as Shopify
    pages: one of ``first`` and ``last`` is required, each at most 250."""
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise FieldError("you must provide one of first or last", "missingRequiredArguments")
    if first is not None and last is not None:
        raise FieldError("providing both first and last is not supported", "argumentLiteralsIncompatible")
    indexed = list(enumerate(items))
    if args.get("reverse"):
        indexed.reverse()
    if args.get("after"):
        after = _uncursor(args["after"])
        position = next((i for i, (index, _) in enumerate(indexed) if index == after), len(indexed))
        indexed = indexed[position + 1:]
    if args.get("before"):
        before = _uncursor(args["before"])
        position = next((i for i, (index, _) in enumerate(indexed) if index == before), len(indexed))
        indexed = indexed[:position]
    total = len(indexed)
    if first is not None:
        if first < 0 or first > 250:
            raise FieldError("first must be between 0 and 250", "argumentLiteralsIncompatible")
        chosen = indexed[:first]
        has_next, has_previous = total > first, bool(args.get("after"))
    else:
        assert last is not None  # one of first and last is given (checked above)
        if last < 0 or last > 250:
            raise FieldError("last must be between 0 and 250", "argumentLiteralsIncompatible")
        chosen = indexed[max(0, total - last):] if last else []
        has_next, has_previous = bool(args.get("before")), total > last
    return Page([item for _, item in chosen], [_cursor(index) for index, _ in chosen], has_next, has_previous)


def _connection(resolve: Resolver) -> Resolver:
    return lambda o, a, c: paginate(resolve(o, a, c), a)


def _first(items: list[Any], args: dict[str, Any]) -> list[Any]:
    first = args.get("first")
    return items if first is None else items[:max(first, 0)]


# ====================================================================== helpers
def _order_money(getter: Callable[["Order"], Decimal]) -> Resolver:
    return lambda o, a, c: Bag(getter(o), o.exchange)


def _order_shop_money(getter: Callable[["Order"], Decimal]) -> Resolver:
    """A deprecated ``Money`` field of an order: shop money, as its ``*Set`` field's ``shopMoney``."""
    return lambda o, a, c: o.exchange.shop(getter(o))


def _row_money(getter: Callable[[Any], Decimal]) -> Resolver:
    return lambda r, a, c: Bag(getter(r.row), r.order.exchange)


def _transactions_money(pick: Callable[["Transaction"], bool]) -> Callable[[list["Transaction"], "Exchange"], Bag]:
    """A sum of an order's (or refund's) successful transactions of some kinds, each converted at
    the rate of its day: ``fn(transactions, exchange of the order)``."""
    def bag(transactions: list["Transaction"], exchange: "Exchange") -> Bag:
        chosen = [t for t in transactions if t.status == "success" and pick(t)]
        return Bag(sum((t.amount for t in chosen), ZERO), exchange, sum((t.exchange.shop(t.amount) for t in chosen), ZERO))
    return bag


_refunded = _transactions_money(lambda t: t.kind == "refund")
_received = _transactions_money(lambda t: t.kind in ("sale", "capture"))


def _net_payment(o: "Order") -> Bag:
    received, refunded = _received(o.transactions, o.exchange), _refunded(o.transactions, o.exchange)
    return Bag(received.amount - refunded.amount, o.exchange, received.shop_money - refunded.shop_money)


def _suggested_money(getter: Callable[["SuggestedRefund"], Decimal]) -> Resolver:
    return lambda s, a, c: Bag(getter(s), s.order.exchange)


def _error_code(txn: "Transaction") -> str | None:
    """``OrderTransaction.errorCode``: the REST ``error_code`` as GraphQL's enum spells it."""
    return txn.error_code.upper() if txn.error_code else None


def _parent(txn: "Transaction", c: Context) -> "Transaction | None":
    order = c.shop.find_order(txn.order_id)
    return order.transaction(txn.parent_id) if order and txn.parent_id else None


def _node(value: str, kind: str, c: Context) -> Any:
    record_id = parse_gid(value, kind)
    if record_id is None:
        raise FieldError(f"Invalid global id '{value}'", "argumentLiteralsIncompatible")
    if kind == "Order":
        return c.shop.find_order(record_id)
    found = c.shop.find_refund(record_id)
    return found[1] if found else None


def _refund_order(refund: "Refund", c: Context) -> "Order":
    order = c.shop.find_order(refund.order_id)
    assert order is not None  # a refund belongs to an order of its shop
    return order


def _line_of(order: "Order", line_item_id: int) -> Any:
    return next(line for line in order.line_items if line.id == line_item_id)


def _fulfillment_enum(order: "Order") -> str:
    return {"fulfilled": "FULFILLED", "partial": "PARTIALLY_FULFILLED"}.get(order.fulfillment_status or "", "UNFULFILLED")


#: ``OrderAdjustment.reason`` (``OrderAdjustmentDiscrepancyReason``) of a ``refund_discrepancy``
#: adjustment, from the ``discrepancyReason`` it was given (``OrderAdjustmentInputDiscrepancyReason``:
#: CUSTOMER, DAMAGE, RESTOCK, OTHER); OTHER and none are "not one of the predefined reasons".
_DISCREPANCY_REASONS = {"customer": "CUSTOMER", "damage": "DAMAGE", "restock": "RESTOCK"}


def _adjustment_reason(row: Any) -> str | None:
    """A shipping refund's adjustment has no discrepancy reason: the enum has no value for it
    (null, which the field allows); a discrepancy says why, ``REFUND_DISCREPANCY`` by default."""
    if row.kind != "refund_discrepancy":
        return None
    return _DISCREPANCY_REASONS.get(row.reason, "REFUND_DISCREPANCY")


def _suggested_refund(order: "Order", args: dict[str, Any], c: Context) -> SuggestedRefund:
    for name in ("refundDuties", "suggestFullRefund"):
        if args.get(name):
            raise not_simulated(f"suggestedRefund({name}:)")
    # From 2026-01 the argument exists with the default ORIGINAL_PAYMENT_METHODS, which graphql-core
    # passes when the query leaves it out: that is what the simulator suggests; store credit is not.
    if args.get("refundMethodAllocation", "ORIGINAL_PAYMENT_METHODS") != "ORIGINAL_PAYMENT_METHODS":
        raise not_simulated("suggestedRefund(refundMethodAllocation:)")
    lines = []
    for item in args.get("refundLineItems") or []:
        line_id = parse_gid(item["lineItemId"], "LineItem")
        lines.append({"line_item_id": line_id if line_id is not None else item["lineItemId"],
                      "quantity": item["quantity"], "restock_type": (item.get("restockType") or "NO_RESTOCK").lower()})
    # GraphQL's amounts are in the order's presentment currency, which REST wants named.
    body: dict[str, Any] = {"refund_line_items": lines, "currency": order.presentment_currency}
    if args.get("shippingAmount") is not None:  # "Overrides the refundShipping argument" (suggestedRefund)
        body["shipping"] = {"amount": str(args["shippingAmount"])}
    elif args.get("refundShipping"):
        body["shipping"] = {"full_refund": True}
    try:
        _, calc = c.shop.calculate_refund(order.id, {"refund": body})
    except errors.Unprocessable as exc:
        path = user_error_field(exc.field)
        raise FieldError(f"{'.'.join(path) + ': ' if path else ''}{exc.message}", "BAD_REQUEST") from None
    return SuggestedRefund(order, calc)


def user_error_field(rest_field: str | None) -> list[str] | None:
    """A REST error field (``refund_line_items[0].quantity``) as a GraphQL userErrors path."""
    if not rest_field or rest_field == "base":
        return None
    parts: list[str] = []
    for piece in rest_field.split("."):
        match = re.match(r"^([a-z_]+)((?:\[\d+\])*)$", piece)
        if match is None:
            parts.append(piece)
            continue
        head = match.group(1).split("_")
        parts.append(head[0] + "".join(word.title() for word in head[1:]))
        parts.extend(re.findall(r"\d+", match.group(2)))
    return parts


# ====================================================================== refundCreate
def _refund_body(data: dict[str, Any], order_id: int) -> dict[str, Any]:
    """RefundInput as the REST body the model understands.

    :raise Unprocessable: for what the GraphQL input can say but the refund rules refuse.
    """
    body: dict[str, Any] = {}
    for name, rest in (("note", "note"), ("currency", "currency")):
        if data.get(name) is not None:
            body[rest] = data[name]
    if data.get("discrepancyReason") is not None:
        body["discrepancy_reason"] = data["discrepancyReason"].lower()
    lines = []
    for index, item in enumerate(data.get("refundLineItems") or []):
        line_id = parse_gid(item["lineItemId"], "LineItem")
        if line_id is None:
            raise errors.Unprocessable("Line item does not exist", f"refund_line_items[{index}].line_item_id")
        row: dict[str, Any] = {"line_item_id": line_id, "quantity": item["quantity"],
                               "restock_type": (item.get("restockType") or "NO_RESTOCK").lower()}
        if item.get("locationId") is not None:
            location = parse_gid(item["locationId"], "Location")
            if location is None:
                raise errors.Unprocessable("Location could not be found", f"refund_line_items[{index}].location_id")
            row["location_id"] = location
        lines.append(row)
    body["refund_line_items"] = lines
    shipping = data.get("shipping")
    if shipping:
        if shipping.get("amount") is not None:  # the amount overrides fullRefund (RefundShippingInput)
            body["shipping"] = {"amount": str(shipping["amount"])}
        elif shipping.get("fullRefund"):
            body["shipping"] = {"full_refund": True}
    transactions = []
    for index, item in enumerate(data.get("transactions") or []):
        if item["kind"] != "REFUND":
            raise errors.Unprocessable("must be REFUND", f"transactions[{index}].kind")
        if parse_gid(item["orderId"], "Order") != order_id:
            raise errors.Unprocessable("must be the order being refunded", f"transactions[{index}].order_id")
        parent = parse_gid(item["parentId"], "OrderTransaction") if item.get("parentId") is not None else None
        if item.get("parentId") is not None and parent is None:
            raise errors.Unprocessable("Parent transaction must be a successful sale or capture of this order", "base")
        if item["amount"] < 0:
            raise errors.Unprocessable("must be greater than 0", f"transactions[{index}].amount")
        transactions.append({"kind": "refund", "gateway": item["gateway"], "amount": str(item["amount"]),
                             "parent_id": parent})
    body["transactions"] = transactions
    return body


#: RefundInput fields whose effect the simulator does not reproduce: refused (nothing is written)
#: unless they are left at their default, never silently ignored.
_UNSIMULATED_INPUT = {"refundDuties": "duties", "refundMethods": "refund methods (store credit)",
                      "processedAt": "a processing time other than now",
                      "allowOverRefunding": "refunding more than was paid"}


def refund_create(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> Payload:  # noqa: A002 - the argument's name
    """``refundCreate(input:) @idempotent(key:)``: the rules are :meth:`Shop.create_refund`'s; a
    refusal is a ``userErrors`` entry with the input's path; the directive is required from
    :data:`IDEMPOTENCY_REQUIRED_FROM`."""
    c: Context = info.context
    for name, what in _UNSIMULATED_INPUT.items():
        if input.get(name):
            raise not_simulated(f"RefundInput.{name} ({what})")
    directive = info.schema.get_directive("idempotent")
    key = None
    if directive is not None:
        key = (get_directive_values(directive, info.field_nodes[0], info.variable_values) or {}).get("key")
    if key is None and c.version >= IDEMPOTENCY_REQUIRED_FROM:
        raise FieldError("The @idempotent directive is required for this mutation. Add @idempotent(key: \"<unique key>\") "
                         "to refundCreate.", "BAD_REQUEST")
    order_id = parse_gid(input["orderId"], "Order")
    order = c.shop.find_order(order_id) if order_id is not None else None
    if order is None:
        return Payload(user_errors=[{"field": ["orderId"], "message": "Order does not exist"}])
    try:
        body = _refund_body(input, order.id)
        fingerprint = c.shop.fingerprint(input)
        refund = c.shop.create_refund(order.id, {"refund": body}, require_currency=True,
                                      idempotency=(key, fingerprint) if key is not None else None)
    except errors.IdempotencyMismatch as exc:
        return Payload(user_errors=[{"field": None, "message": exc.message}])
    except errors.Unprocessable as exc:
        return Payload(user_errors=[{"field": user_error_field(exc.field), "message": exc.message}])
    except errors.NotFound:
        return Payload(user_errors=[{"field": ["orderId"], "message": "Order does not exist"}])
    return Payload(refund=refund, order=c.shop.find_order(order.id))


# ====================================================================== the fields
RESOLVERS: dict[str, dict[str, Resolver]] = {
    "QueryRoot": {
        "order": lambda o, a, c: _node(a["id"], "Order", c),
        "refund": lambda o, a, c: _node(a["id"], "Refund", c),
        "shop": lambda o, a, c: c.shop,
    },
    "Mutation": {
        "refundCreate": refund_create,  # a graphql-core resolver: it reads the field's directives
    },
    "Shop": {
        "id": lambda s, a, c: gid("Shop", zlib.crc32(s.domain.encode())),
        "name": lambda s, a, c: s.domain.split(".")[0],
        "myshopifyDomain": lambda s, a, c: s.domain,
        "currencyCode": lambda s, a, c: s.currency_settings()["currency"],
        "enabledPresentmentCurrencies": lambda s, a, c: [s.currency_settings()["currency"],
                                                         *s.currency_settings()["rates"]],
    },
    "Order": {
        "id": lambda o, a, c: gid("Order", o.id),
        "legacyResourceId": lambda o, a, c: o.id,
        "name": lambda o, a, c: o.name,
        "number": lambda o, a, c: o.number,
        "email": lambda o, a, c: o.email or None,
        "note": lambda o, a, c: o.note,
        "tags": lambda o, a, c: [t.strip() for t in o.tags.split(",") if t.strip()],
        "sourceName": lambda o, a, c: o.source_name,
        "test": lambda o, a, c: False,
        "taxesIncluded": lambda o, a, c: o.taxes_included,
        "createdAt": lambda o, a, c: o.created_at,
        "updatedAt": lambda o, a, c: o.updated_at,
        "processedAt": lambda o, a, c: o.created_at,
        "currencyCode": lambda o, a, c: o.currency,
        "presentmentCurrencyCode": lambda o, a, c: o.presentment_currency,
        "displayFinancialStatus": lambda o, a, c: o.financial_status.upper(),
        "displayFulfillmentStatus": lambda o, a, c: _fulfillment_enum(o),
        "refundable": lambda o, a, c: o.captured_total - o.refunded_total > 0,
        "paymentGatewayNames": lambda o, a, c: o.gateways,
        "totalPriceSet": _order_money(lambda o: o.total_price),
        "subtotalPriceSet": _order_money(lambda o: o.subtotal),
        "totalTaxSet": _order_money(lambda o: o.total_tax),
        "totalDiscountsSet": _order_money(lambda o: o.total_discounts),
        "totalShippingPriceSet": _order_money(lambda o: o.total_shipping),
        "totalRefundedSet": lambda o, a, c: _refunded(o.transactions, o.exchange),
        "totalRefundedShippingSet": _order_money(lambda o: o.refunded_shipping()),
        "totalReceivedSet": lambda o, a, c: _received(o.transactions, o.exchange),
        "netPaymentSet": lambda o, a, c: _net_payment(o),
        "totalOutstandingSet": _order_money(lambda o: o.total_outstanding),
        "totalCapturableSet": _order_money(lambda o: sum((o.capturable(t) for t in o.open_authorizations()), ZERO)),
        "currentTotalPriceSet": _order_money(lambda o: o.current_total_price),
        "currentSubtotalPriceSet": _order_money(lambda o: o.current_subtotal),
        "currentTotalTaxSet": _order_money(lambda o: o.current_total_tax),
        "totalPrice": _order_shop_money(lambda o: o.total_price),
        "totalRefunded": lambda o, a, c: _refunded(o.transactions, o.exchange).shop_money,
        "totalReceived": lambda o, a, c: _received(o.transactions, o.exchange).shop_money,
        "netPayment": lambda o, a, c: _net_payment(o).shop_money,
        "refunds": lambda o, a, c: _first(list(o.refunds), a),
        "transactions": lambda o, a, c: _first(list(o.transactions), a),
        "lineItems": _connection(lambda o, a, c: [Row(line, o) for line in o.line_items]),
        "shippingLines": _connection(lambda o, a, c: [Row(s, o) for s in o.shipping_lines]),
        "suggestedRefund": _suggested_refund,
    },
    "LineItem": {
        "id": lambda r, a, c: gid("LineItem", r.row.id),
        "name": lambda r, a, c: r.row.title,
        "title": lambda r, a, c: r.row.title,
        "sku": lambda r, a, c: r.row.sku or None,
        "quantity": lambda r, a, c: r.row.quantity,
        "currentQuantity": lambda r, a, c: r.row.quantity - r.order.refunded_quantity(r.row.id),
        "refundableQuantity": lambda r, a, c: r.row.quantity - r.order.refunded_quantity(r.row.id),
        "unfulfilledQuantity": lambda r, a, c: max(0, r.row.quantity - r.row.fulfilled
                                                   - r.order.cancelled_quantity(r.row.id)),
        "originalUnitPriceSet": _row_money(lambda line: line.price),
        "discountedUnitPriceAfterAllDiscountsSet": _row_money(lambda line: line.discounted_total / line.quantity),
        "originalTotalSet": _row_money(lambda line: line.price * line.quantity),
        # Both leave out the order's discount codes (order-level: allocated "across" the lines) unless
        # asked: "Code-based discounts aren't included by default", "doesn't include order-level
        # discounts" (LineItem). A connector taking them for what was paid would refund too much.
        "discountedTotalSet": lambda r, a, c: Bag(r.row.price * r.row.quantity - r.row.discount
                                                  - (r.row.allocated if a.get("withCodeDiscounts") else ZERO),
                                                  r.order.exchange),
        "totalDiscountSet": _row_money(lambda line: line.discount),
        "taxLines": lambda r, a, c: _first([Row(t, r.order) for t in r.row.tax_lines], a),
    },
    "ShippingLine": {
        "id": lambda r, a, c: gid("ShippingLine", r.row.id),
        "title": lambda r, a, c: r.row.title,
        "code": lambda r, a, c: r.row.code,
        "isRemoved": lambda r, a, c: False,
        "originalPriceSet": _row_money(lambda s: s.price),
        "discountedPriceSet": _row_money(lambda s: s.discounted_price),
        "taxLines": lambda r, a, c: [Row(t, r.order) for t in r.row.tax_lines],
    },
    "TaxLine": {
        "title": lambda t, a, c: t.row.title,
        "rate": lambda t, a, c: float(t.row.rate),
        "ratePercentage": lambda t, a, c: float(t.row.rate * 100),
        "priceSet": _row_money(lambda t: t.price),
    },
    "Refund": {
        "id": lambda r, a, c: gid("Refund", r.id),
        "legacyResourceId": lambda r, a, c: r.id,
        "note": lambda r, a, c: r.note,
        "createdAt": lambda r, a, c: r.created_at,
        "updatedAt": lambda r, a, c: r.created_at,
        "processedAt": lambda r, a, c: r.created_at,
        "totalRefundedSet": lambda r, a, c: _refunded(r.transactions, _refund_order(r, c).exchange),
        "order": lambda r, a, c: _refund_order(r, c),
        "refundLineItems": _connection(lambda r, a, c: [Row(x, _refund_order(r, c)) for x in r.line_items]),
        "refundShippingLines": _connection(lambda r, a, c: [Row(x, _refund_order(r, c)) for x in r.shipping_lines]),
        "orderAdjustments": _connection(lambda r, a, c: [Row(x, _refund_order(r, c)) for x in r.adjustments]),
        "transactions": _connection(lambda r, a, c: list(r.transactions)),
    },
    "RefundLineItem": {
        "id": lambda r, a, c: gid("RefundLineItem", r.row.id) if r.row.id else None,
        "lineItem": lambda r, a, c: Row(_line_of(r.order, r.row.line_item_id), r.order),
        "quantity": lambda r, a, c: r.row.quantity,
        "restockType": lambda r, a, c: r.row.restock_type.upper(),
        "restocked": lambda r, a, c: r.row.restock_type != "no_restock" and r.row.id is not None,
        "priceSet": lambda r, a, c: Bag(_line_of(r.order, r.row.line_item_id).price, r.order.exchange),
        "subtotalSet": _row_money(lambda x: x.subtotal),
        "totalTaxSet": _row_money(lambda x: x.total_tax),
    },
    "RefundShippingLine": {
        "id": lambda r, a, c: gid("RefundShippingLine", r.row.id),
        "shippingLine": lambda r, a, c: Row(next(s for s in r.order.shipping_lines if s.id == r.row.shipping_line_id),
                                            r.order),
        "subtotalAmountSet": _row_money(lambda x: x.amount),
        "taxAmountSet": _row_money(lambda x: x.tax),
    },
    "OrderAdjustment": {
        "id": lambda r, a, c: gid("OrderAdjustment", r.row.id),
        "amountSet": _row_money(lambda x: x.amount),
        "taxAmountSet": _row_money(lambda x: x.tax_amount),
        "reason": lambda r, a, c: _adjustment_reason(r.row),
    },
    "OrderTransaction": {
        "id": lambda t, a, c: gid("OrderTransaction", t.id),
        "kind": lambda t, a, c: t.kind.upper(),
        "status": lambda t, a, c: t.status.upper(),
        "gateway": lambda t, a, c: t.gateway,
        "formattedGateway": lambda t, a, c: t.gateway.replace("_", " ").title(),
        "test": lambda t, a, c: False,
        "manualPaymentGateway": lambda t, a, c: t.gateway == "manual",
        "errorCode": lambda t, a, c: _error_code(t),
        "authorizationCode": lambda t, a, c: t.authorization,
        "paymentId": lambda t, a, c: t.authorization,
        "createdAt": lambda t, a, c: t.created_at,
        "processedAt": lambda t, a, c: t.created_at,
        "amountSet": lambda t, a, c: Bag(t.amount, t.exchange),
        # "Only available for transactions of type SuggestedRefund" (every schema): an order's
        # transactions are sales, captures and refunds, so null (a payment's money left is
        # suggestedRefund's suggestedTransactions).
        "maximumRefundableV2": lambda t, a, c: None,
        "parentTransaction": lambda t, a, c: _parent(t, c),
        "order": lambda t, a, c: c.shop.find_order(t.order_id),
    },
    "SuggestedRefund": {
        "amountSet": _suggested_money(lambda s: sum((x.amount for x in s.calc.suggested), ZERO) if s.calc.suggested
                                      else s.calc.total),
        "subtotalSet": _suggested_money(lambda s: s.calc.subtotal),
        "discountedSubtotalSet": _suggested_money(lambda s: s.calc.subtotal),
        "totalTaxSet": _suggested_money(lambda s: s.calc.total_tax),
        "totalCartDiscountAmountSet": _suggested_money(lambda s: sum(
            (_line_of(s.order, r.line_item_id).allocated_for(r.quantity) for r in s.calc.line_items), ZERO)),
        "totalDutiesSet": _suggested_money(lambda s: ZERO),
        "maximumRefundableSet": _suggested_money(lambda s: s.calc.maximum_refundable),
        "refundLineItems": lambda s, a, c: [Row(r, s.order) for r in s.calc.line_items],
        "shipping": lambda s, a, c: s,
        "suggestedTransactions": lambda s, a, c: [Row(x, s.order) for x in s.calc.suggested],
    },
    "ShippingRefund": {
        "amountSet": _suggested_money(lambda s: s.calc.shipping),
        "maximumRefundableSet": _suggested_money(lambda s: s.calc.shipping_maximum),
        "taxSet": _suggested_money(lambda s: s.calc.shipping_tax),
    },
    "SuggestedOrderTransaction": {
        "amountSet": _row_money(lambda x: x.amount),
        "maximumRefundableSet": _row_money(lambda x: x.maximum_refundable),
        "gateway": lambda x, a, c: x.row.gateway,
        "kind": lambda x, a, c: "SUGGESTED_REFUND",
        "parentTransaction": lambda x, a, c: x.order.transaction(x.row.parent_id),
    },
    "RefundCreatePayload": {
        "refund": lambda p, a, c: p.refund,
        "order": lambda p, a, c: p.order,
        "userErrors": lambda p, a, c: p.user_errors,
    },
    "UserError": {
        "field": lambda e, a, c: e["field"],
        "message": lambda e, a, c: e["message"],
    },
    "MoneyBag": {
        "shopMoney": lambda b, a, c: Money(b.shop_money, b.exchange.shop_currency),
        "presentmentMoney": lambda b, a, c: Money(b.amount, b.exchange.presentment_currency),
    },
    "MoneyV2": {
        "amount": lambda m, a, c: m.amount,
        "currencyCode": lambda m, a, c: m.currency,
    },
    "PageInfo": {
        "hasNextPage": lambda p, a, c: p.has_next,
        "hasPreviousPage": lambda p, a, c: p.has_previous,
        "startCursor": lambda p, a, c: p.cursors[0] if p.cursors else None,
        "endCursor": lambda p, a, c: p.cursors[-1] if p.cursors else None,
    },
}
for _item in ("LineItem", "ShippingLine", "RefundLineItem", "RefundShippingLine", "OrderAdjustment", "OrderTransaction"):
    RESOLVERS[f"{_item}Connection"] = {
        "edges": lambda p, a, c: list(zip(p.cursors, p.items, strict=True)),
        "nodes": lambda p, a, c: p.items,
        "pageInfo": lambda p, a, c: p,
    }
    RESOLVERS[f"{_item}Edge"] = {
        "cursor": lambda e, a, c: e[0],
        "node": lambda e, a, c: e[1],
    }

#: Arguments a resolver does not reproduce: asked with a value other than their default, the field
#: answers NOT_SIMULATED before anything runs (:mod:`.schema`), instead of being silently ignored.
UNSIMULATED_ARGUMENTS: dict[str, dict[str, frozenset[str]]] = {
    "Order": {"transactions": frozenset({"capturable", "manuallyResolvable"}),
              "shippingLines": frozenset({"includeRemovals"})},
}
