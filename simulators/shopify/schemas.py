"""Shopify REST field names, constants and the JSON shape of orders, transactions, refunds and
webhook subscriptions, as the Admin REST API prints them.

Amounts are strings with the currency's decimals (two for most; :mod:`.currency`); every amount
also comes as a ``*_set`` money bag (``{"shop_money": {"amount", "currency_code"}, "presentment_money":
{...}}``). The records hold presentment money; each record's :class:`~.currency.Exchange` gives its
shop money. Which plain amount is in which currency follows Shopify: an order's, its lines', its
refund lines' and adjustments' amounts are shop money; transactions (and a calculated refund, which
proposes them) are in the presentment currency, or shop money with ``in_shop_currency``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .currency import CENT

if TYPE_CHECKING:
    from .currency import Exchange
    from .models import DiscountCode, LineItem, Order, Refund, ShippingLine, Transaction
    from .webhooks import Subscription

#: The simulated shop's time zone (its ``iana_timezone``). The Admin REST API prints every time in the
#: shop's zone with its offset, as all 310 times of Shopify's REST examples do: "-05:00", and "-04:00"
#: under daylight saving time (specs/shopify/shopify_rest_2025_01_fixtures.json; the shop of the
#: examples is on Eastern Time). GraphQL's ``DateTime`` is UTC ("...Z": graphql/resolvers.py).
SHOP_TIMEZONE = ZoneInfo("America/New_York")


def shop_time(moment: datetime) -> str:
    """``moment`` as the REST API prints a time: ISO 8601 to the second, in the shop's time zone with
    its offset (``2026-12-05T04:22:00-05:00``), never ``Z``."""
    return moment.astimezone(SHOP_TIMEZONE).replace(microsecond=0).isoformat()


#: Admin API versions served (``/admin/api/<version>/``); any other version answers 404.
SUPPORTED_VERSIONS = ("2024-07", "2024-10", "2025-01", "2025-04", "2025-07", "2025-10", "2026-01", "2026-04")
#: From this version on, ``refundCreate`` must carry ``@idempotent(key:)`` (changelog, 2025-12-12).
IDEMPOTENCY_REQUIRED_FROM = "2026-04"
RESTOCK_TYPES = ("no_restock", "cancel", "return", "legacy_restock")
FINANCIAL_STATUSES = ("pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided")
#: ``financial_status`` filter values of ``GET /orders.json`` (``unpaid`` = not yet paid at all or in part).
FINANCIAL_STATUS_FILTERS = {
    "any": None, "unpaid": ("pending", "authorized", "partially_paid"), **{s: (s,) for s in FINANCIAL_STATUSES},
}
ORDER_STATUS_FILTERS = ("open", "closed", "cancelled", "any")
#: The orders list's ``fulfillment_status`` filter → the orders' ``fulfillment_status`` values it
#: lists (Order resource, GET orders.json: shipped "orders that have been shipped", partial,
#: unshipped "orders that have not yet been shipped", unfulfilled "fulfillment_status of null or
#: partial", any); ``None`` lists every order.
FULFILLMENT_STATUS_FILTERS: dict[str, tuple[str | None, ...] | None] = {
    "any": None, "shipped": ("fulfilled",), "partial": ("partial",), "unshipped": (None,), "unfulfilled": (None, "partial"),
}
#: A transaction's ``error_code`` values (Transaction resource: "A standardized error code,
#: independent of the payment provider"); GraphQL's ``OrderTransactionErrorCode`` has each upper-cased.
TRANSACTION_ERROR_CODES = ("incorrect_number", "invalid_number", "invalid_expiry_date", "invalid_cvc", "expired_card",
                           "incorrect_cvc", "incorrect_zip", "incorrect_address", "card_declined", "processing_error",
                           "call_issuer", "pick_up_card")
ZERO = Decimal("0.00")
DEFAULT_LIMIT = 50
MAX_LIMIT = 250


def amount(value: Decimal, unit: Decimal = CENT) -> str:
    """An amount as Shopify prints it: a string with the currency's decimals (``unit``)."""
    return str(value.quantize(unit))


def shop_amount(value: Decimal, exchange: "Exchange") -> str:
    """A presentment amount printed in shop money (:meth:`Exchange.shop` has rounded it to the shop
    currency's unit: printing it as is gives what ``amount(..., exchange.shop_unit)`` gives)."""
    return str(exchange.shop(value))


def money_set(value: Decimal, exchange: "Exchange") -> dict[str, Any]:
    """A ``*_set`` money bag of a presentment amount: shop money converted, presentment money as is."""
    return _money_set(shop_amount(value, exchange), value, exchange)


def _money_set(shop_text: str, value: Decimal, exchange: "Exchange") -> dict[str, Any]:
    """:func:`money_set` of ``value`` whose shop amount ``shop_text`` is already printed."""
    return {"shop_money": {"amount": shop_text, "currency_code": exchange.shop_currency},
            "presentment_money": {"amount": amount(value, exchange.unit), "currency_code": exchange.presentment_currency}}


def _priced(field: str, value: Decimal, exchange: "Exchange") -> dict[str, Any]:
    """``field`` (its shop amount) and ``field_set`` (its money bag) of one amount, worked out once."""
    shop_text = shop_amount(value, exchange)
    return {field: shop_text, f"{field}_set": _money_set(shop_text, value, exchange)}


def decimal_text(value: Decimal) -> str:
    """A Decimal as Ruby's BigDecimal prints it (``348.0``, ``41.94``): how REST prints
    ``total_unsettled_set`` amounts."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def gid(kind: str, record_id: int) -> str:
    """A GraphQL global id, as REST prints it in ``admin_graphql_api_id``."""
    return f"gid://shopify/{kind}/{record_id}"


def transaction_json(txn: "Transaction", order: "Order", *, in_shop_currency: bool = False) -> dict[str, Any]:
    """A transaction as REST prints it; its ``amount`` and ``currency`` are the presentment
    currency's (what the gateway moved), or shop money with ``in_shop_currency`` (Transaction
    resource). ``total_unsettled_set`` is what the order's authorizations still hold uncaptured, as
    of now (its money bags say ``currency``, not ``currency_code``, and print amounts like
    ``348.0``: Shopify's examples). No card data is modelled, so ``payment_details`` is null, as
    Shopify prints it for manual payments; ``authorization_expires_at`` is set by Shopify Payments
    only, which the simulator's gateways are not."""
    exchange = txn.exchange
    if in_shop_currency:
        money, currency = shop_amount(txn.amount, exchange), exchange.shop_currency
    else:
        money, currency = amount(txn.amount, exchange.unit), exchange.presentment_currency
    unsettled = {"presentment_money": {"amount": decimal_text(order.unsettled), "currency": exchange.presentment_currency},
                 "shop_money": {"amount": decimal_text(exchange.shop(order.unsettled)), "currency": exchange.shop_currency}}
    return {
        "id": txn.id,
        "order_id": txn.order_id,
        "kind": txn.kind,
        "gateway": txn.gateway,
        "status": txn.status,
        "message": txn.message,
        "created_at": shop_time(txn.created_at),
        "test": False,
        "authorization": txn.authorization,
        "location_id": None,
        "user_id": None,
        "parent_id": txn.parent_id,
        "processed_at": shop_time(txn.created_at),
        "device_id": None,
        "error_code": txn.error_code,
        "source_name": txn.source_name,
        "receipt": {},
        "amount": money,
        "currency": currency,
        "payment_id": f"#{txn.order_id}.{txn.id}",
        "manual_payment_gateway": txn.gateway == "manual",
        "payment_details": None,
        "total_unsettled_set": unsettled,
        "authorization_expires_at": None,
        "admin_graphql_api_id": gid("OrderTransaction", txn.id),
    }


def _tax_lines(tax_lines: list[Any], currency: "Exchange") -> list[dict[str, Any]]:
    return [
        {"title": t.title, "price": shop_amount(t.price, currency), "rate": float(t.rate), "channel_liable": False,
         "price_set": money_set(t.price, currency)}
        for t in tax_lines
    ]


def line_item_json(line: "LineItem", order: "Order") -> dict[str, Any]:
    currency = order.exchange
    refunded = order.refunded_quantity(line.id)
    return {
        "id": line.id,
        "admin_graphql_api_id": gid("LineItem", line.id),
        "title": line.title,
        "name": line.title,
        "sku": line.sku,
        "variant_id": None,
        "product_id": None,
        "variant_title": None,
        "vendor": None,
        "quantity": line.quantity,
        "current_quantity": line.quantity - refunded,
        "fulfillable_quantity": max(0, line.quantity - line.fulfilled - order.cancelled_quantity(line.id)),
        "fulfillment_status": ("fulfilled" if line.fulfilled >= line.quantity else "partial" if line.fulfilled else None),
        "fulfillment_service": "manual",
        "requires_shipping": True,
        "taxable": bool(line.tax_lines),
        "gift_card": False,
        "grams": 0,
        "properties": [],
        "product_exists": False,
        "price": shop_amount(line.price, currency),
        "price_set": money_set(line.price, currency),
        "total_discount": shop_amount(line.discount, currency),
        "total_discount_set": money_set(line.discount, currency),
        # Every discount on the line, its own and its share of each code: what was taken off it is
        # these alone. ``total_discount`` is its own again ("doesn't include order-level discounts",
        # LineItem.totalDiscountSet), so a connector taking off both takes its own discount twice.
        "discount_allocations": [allocation for index, share in enumerate(line.allocations)
                                 for allocation in _allocations(share, currency, index)]
        + _allocations(line.discount, currency, order.own_discount_index(line) or 0),
        "duties": [],
        "tax_lines": _tax_lines(line.tax_lines, currency),
    }


def _allocations(allocated: Decimal, currency: "Exchange", index: int = 0) -> list[dict[str, Any]]:
    """A ``discount_allocations`` entry: what the order's discount application ``index`` took off a
    line or a shipping line, or none when it took nothing off it."""
    return [{"amount": shop_amount(allocated, currency), "discount_application_index": index,
             "amount_set": money_set(allocated, currency)}] if allocated else []


def shipping_line_json(line: "ShippingLine", currency: "Exchange") -> dict[str, Any]:
    """A shipping line: what a free shipping code took off it is its discount allocation (the order's
    only discount application: a free shipping code is not combined with another code)."""
    return {
        "id": line.id,
        "title": line.title,
        "code": line.code,
        "source": "shopify",
        "carrier_identifier": None,
        "requested_fulfillment_service_id": None,
        "phone": None,
        "price": shop_amount(line.price, currency),
        "price_set": money_set(line.price, currency),
        "discounted_price": shop_amount(line.discounted_price, currency),
        "discounted_price_set": money_set(line.discounted_price, currency),
        "discount_allocations": _allocations(line.allocated, currency),
        "tax_lines": _tax_lines(line.tax_lines, currency),
    }


def _discount_application(code: "DiscountCode", currency: "Exchange") -> dict[str, Any]:
    """A discount code's ``discount_applications`` entry: a code on the lines spreads its amount
    across them; a free shipping code takes all of each shipping line it applies to (100 percent,
    each)."""
    if code.type == "shipping":
        return {"type": "discount_code", "code": code.code, "title": code.code, "description": code.code,
                "value": "100.0", "value_type": "percentage", "allocation_method": "each",
                "target_selection": "all", "target_type": "shipping_line"}
    return {"type": "discount_code", "code": code.code, "title": code.code, "description": code.code,
            "value": shop_amount(code.value, currency) if code.type != "percentage" else str(code.value),
            "value_type": "percentage" if code.type == "percentage" else "fixed_amount",
            "allocation_method": "across", "target_selection": "all", "target_type": "line_item"}


def _manual_application(line: "LineItem", currency: "Exchange") -> dict[str, Any]:
    """A line's own discount as its discount application: manual, "applied onto a particular line"
    (``ManualDiscountApplication``, allocation method ONE, target selection EXPLICIT)."""
    return {"type": "manual", "title": f"{line.title} discount", "description": f"{line.title} discount",
            "value": shop_amount(line.discount, currency), "value_type": "fixed_amount",
            "allocation_method": "one", "target_selection": "explicit", "target_type": "line_item"}


def refund_json(refund: "Refund", order: "Order", *, in_shop_currency: bool = False) -> dict[str, Any]:
    """A refund; its lines' and adjustments' plain amounts are shop money, its transactions as
    :func:`transaction_json` prints them (``in_shop_currency``: Refund resource)."""
    currency = order.exchange
    lines = {line.id: line for line in order.line_items}
    shipping_lines = {line.id: line for line in order.shipping_lines}
    return {
        "id": refund.id,
        "order_id": refund.order_id,
        "created_at": shop_time(refund.created_at),
        "note": refund.note,
        "user_id": None,
        "processed_at": shop_time(refund.created_at),
        "restock": any(r.restock_type != "no_restock" for r in refund.line_items),
        "duties": [],
        "refund_duties": [],  # duties are not modelled (FIDELITY.md): none refunded
        "total_duties_set": money_set(ZERO, currency),
        "additional_fees": [],
        "total_additional_fees_set": money_set(ZERO, currency),
        "return": None,
        "admin_graphql_api_id": gid("Refund", refund.id),
        "refund_line_items": [
            {
                "id": r.id,
                "quantity": r.quantity,
                "line_item_id": r.line_item_id,
                "location_id": r.location_id,
                "restock_type": r.restock_type,
                "subtotal": float(currency.shop(r.subtotal)),
                "total_tax": float(currency.shop(r.total_tax)),
                "subtotal_set": money_set(r.subtotal, currency),
                "total_tax_set": money_set(r.total_tax, currency),
                "line_item": line_item_json(lines[r.line_item_id], order),
            }
            for r in refund.line_items
        ],
        "refund_shipping_lines": [refund_shipping_line_json(s, s.id, shipping_lines, currency) for s in refund.shipping_lines],
        "transactions": [transaction_json(t, order, in_shop_currency=in_shop_currency) for t in refund.transactions],
        "order_adjustments": [
            {
                "id": a.id,
                "order_id": refund.order_id,
                "refund_id": refund.id,
                "amount": shop_amount(a.amount, currency),
                "tax_amount": shop_amount(a.tax_amount, currency),
                "kind": a.kind,
                "reason": a.reason,
                "amount_set": money_set(a.amount, currency),
                "tax_amount_set": money_set(a.tax_amount, currency),
            }
            for a in refund.adjustments
        ],
    }


def refund_shipping_line_json(line: Any, line_id: int | None, shipping_lines: dict[int, Any],
                              currency: "Exchange") -> dict[str, Any]:
    """One refunded shipping line, saved (with its id) or calculated (``id`` null).

    ``tax_amount_set`` only when the shipping line has tax: Shopify's REST examples of a refund and
    of a calculated refund of untaxed shipping print ``id``, ``shipping_line_id``,
    ``subtotal_amount_set`` and ``shipping_line``, and no tax (shopify_rest_2025_01_fixtures.json);
    with tax, it says how much (GraphQL's ``RefundShippingLine.taxAmountSet``; FIDELITY.md "Beyond
    the contract")."""
    shipping_line = shipping_lines[line.shipping_line_id]
    body: dict[str, Any] = {
        "id": line_id,
        "shipping_line_id": line.shipping_line_id,
        "subtotal_amount_set": money_set(line.amount, currency),
    }
    if shipping_line.tax_lines:
        body["tax_amount_set"] = money_set(line.tax, currency)
    body["shipping_line"] = shipping_line_json(shipping_line, currency)
    return body


def calculated_refund_json(calc: Any, order: "Order") -> dict[str, Any]:
    """``POST /refunds/calculate.json``: the refund Shopify would make (nothing is saved). Its plain
    amounts are in the refund's currency, the order's presentment currency (``currency``): the
    transactions it suggests are to be sent back as they are."""
    currency = order.exchange
    unit = currency.unit
    lines = {line.id: line for line in order.line_items}
    shipping_lines = {line.id: line for line in order.shipping_lines}
    return {
        "currency": currency.presentment_currency,
        "duties": [],
        "total_duties_set": money_set(ZERO, currency),
        "additional_fees": [],
        "total_additional_fees_set": money_set(ZERO, currency),
        "return": None,
        "shipping": {
            "amount": amount(calc.shipping, unit),
            "tax": amount(calc.shipping_tax, unit),
            "maximum_refundable": amount(calc.shipping_maximum, unit),
        },
        "refund_shipping_lines": [refund_shipping_line_json(s, None, shipping_lines, currency) for s in calc.shipping_lines],
        "refund_line_items": [
            {
                "quantity": r.quantity,
                "line_item_id": r.line_item_id,
                "location_id": r.location_id,
                "restock_type": r.restock_type,
                "price": amount(lines[r.line_item_id].price, unit),
                "subtotal": amount(r.subtotal, unit),
                "total_tax": amount(r.total_tax, unit),
                "discounted_price": amount(lines[r.line_item_id].unit_discounted_price, unit),
                # The line's own discounts only, as discounted_price: the cart's (the codes') are
                # total_cart_discount_amount ("price": "199.00", "subtotal": "195.67",
                # "discounted_total_price": "199.00", "total_cart_discount_amount": "3.33" in the
                # vendor's calculate example).
                "discounted_total_price": amount(lines[r.line_item_id].unit_discounted_price * r.quantity, unit),
                "total_cart_discount_amount": amount(lines[r.line_item_id].allocated_for(r.quantity), unit),
            }
            for r in calc.line_items
        ],
        "transactions": [
            {
                "order_id": order.id,
                "kind": "suggested_refund",
                "gateway": s.gateway,
                "parent_id": s.parent_id,
                "amount": amount(s.amount, unit),
                "currency": currency.presentment_currency,
                "maximum_refundable": amount(s.maximum_refundable, unit),
            }
            for s in calc.suggested
        ],
    }


def order_json(order: "Order") -> dict[str, Any]:
    c = order.exchange
    # Each total once: the properties sum the lines (and refunds) on every read, and most are printed
    # two or three times (as an amount, in a money bag, and inside another total).
    totals = order.totals()
    document = {
        "id": order.id,
        "admin_graphql_api_id": gid("Order", order.id),
        "name": order.name,
        "order_number": order.number,
        "number": order.number - 1000,
        "email": order.email,
        "contact_email": order.email or None,
        "note": order.note,
        "tags": order.tags,
        "test": False,
        "confirmed": True,
        "created_at": shop_time(order.created_at),
        "updated_at": shop_time(order.updated_at),
        "processed_at": shop_time(order.created_at),
        "closed_at": None,
        "cancelled_at": shop_time(order.cancelled_at) if order.cancelled_at else None,
        "cancel_reason": order.cancel_reason,
        "source_name": order.source_name,
        "currency": order.currency,
        "presentment_currency": c.presentment_currency,
        "financial_status": order.financial_status,
        "fulfillment_status": order.fulfillment_status,
        "payment_gateway_names": order.gateways(),
        "taxes_included": order.taxes_included,
        "estimated_taxes": False,
        **_priced("total_line_items_price", totals.line_items_price, c),
        **_priced("subtotal_price", totals.subtotal, c),
        **_priced("total_discounts", totals.discounts, c),
        **_priced("total_tax", totals.tax, c),
        "total_shipping_price_set": money_set(totals.shipping, c),
        **_priced("total_price", totals.price, c),
        "total_outstanding": shop_amount(totals.outstanding, c),
        **_priced("current_subtotal_price", totals.current_subtotal, c),
        **_priced("current_total_tax", totals.current_tax, c),
        **_priced("current_total_discounts", totals.discounts, c),
        **_priced("current_total_price", totals.current_price, c),
        "total_weight": 0,
        "discount_codes": [
            {"code": d.code, "amount": shop_amount(d.applied, c), "type": d.type} for d in order.discount_codes
        ],
        "discount_applications": [_discount_application(d, c) for d in order.discount_codes]
        + [_manual_application(line, c) for line in order.line_items if line.discount],
        "tax_lines": _tax_lines(order.tax_lines(), c),
        "line_items": [line_item_json(line, order) for line in order.line_items],
        "shipping_lines": [shipping_line_json(s, c) for s in order.shipping_lines],
        "refunds": [refund_json(r, order) for r in order.refunds],
    }
    if order.customer:  # Shopify leaves the key out of an order without a customer
        document["customer"] = {"id": order.customer_id, **order.customer}
    return document


def webhook_json(sub: "Subscription") -> dict[str, Any]:
    return {
        "id": sub.id,
        "address": sub.address,
        "topic": sub.topic,
        "created_at": shop_time(sub.created_at),
        "updated_at": shop_time(sub.updated_at),
        "format": sub.format,
        "fields": list(sub.fields),
        "metafield_namespaces": [],
        "api_version": sub.api_version,
        "private_metafield_namespaces": [],
    }


def only_fields(document: dict[str, Any], fields: str | None) -> dict[str, Any]:
    """``?fields=id,name``: keep only those top-level properties (Shopify ignores unknown names)."""
    if not fields:
        return document
    wanted = [f.strip() for f in fields.split(",") if f.strip()]
    return {k: document[k] for k in wanted if k in document}
