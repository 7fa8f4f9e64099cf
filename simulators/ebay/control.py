"""eBay additions to the ``/_sim/`` control plane (contracts; keep them stable). Errors are the
control plane's ``{"error": {"code", "message"}}``; a refused request changes nothing.

- ``POST /_sim/tenants/<tenant>/ebay/orders`` — body optional::

      {"lineItems": [{"title", "sku", "quantity", "price", "discount"}], "shipping": "10.00",
       "shippingDiscount": "2.00", "currency": "USD",
       "buyer": "<username>", "fullName": "<the buyer's name>", "shipTo": {"fullName": "<a recipient's name>"},
       "orderPaymentStatus": "PAID" | "PENDING" | "FAILED", "creationDate": "<ISO-8601, not after the tenant's now>",
       "orderFulfillmentStatus": "FULFILLED" (default) | "IN_PROGRESS" | "NOT_STARTED" (not shipped yet)}

  every field optional (generated with the tenant's faker and random source) → 201 with the order
  exactly as getOrder answers it. A line's ``discount`` is a seller's promotion off the whole line
  (``appliedPromotions``, ``discountedLineItemCost``, the order's ``priceDiscount``), or a list of
  them (``["1.00", "0.50"]``: several promotions on one line, an ``appliedPromotions`` entry each):
  with the line's ``price``, together less than its cost (price × quantity). ``shippingDiscount`` is a combined shipping
  discount off ``shipping`` (given, at most it): the order's ``deliveryCost`` stays ``shipping``, its
  ``deliveryDiscount`` takes it off, and the lines' ``deliveryCost`` show what is left of theirs
  with their ``discountAmount``. A buyer (``buyer``, a username) has one registration contact — name,
  address, email — drawn at the username's first order (its name ``fullName`` when given; a later
  order naming the buyer otherwise is 400), which every order of the buyer carries
  (``buyer.buyerRegistrationAddress``); the order ships to the buyer, or, with ``shipTo``, to a
  recipient at another address (a gift: ``{}`` draws the recipient's name), with the buyer's email.
- ``POST /_sim/tenants/<tenant>/ebay/orders/<orderId>/returns`` — body optional::

      {"lineItemId": "<default: the first line>", "quantity": <default: what remains returnable>,
       "reason": "<ReturnReasonEnum, default NOT_AS_DESCRIBED>", "comments": "<buyer's text>"}

  a buyer's return request → 201 with the return summary as the Post-Order API shows it plus
  ``orderId`` and ``lineItemId``; 404 for an unknown order.
- ``POST /_sim/tenants/<tenant>/ebay/orders/<orderId>/cancellations`` — body optional:
  ``{"cancelReason": "<CancelReasonEnum, default ORDER_MISTAKE>"}``: the buyer asks to cancel the
  whole order (a paid order the seller has not shipped, within an hour of its purchase) → 201 with
  the cancellation summary as the Post-Order API shows it plus ``orderId``; 404 for an unknown order,
  400 for an unpaid one, 409 for a shipped one, one past the hour, one with a cancellation request
  already or nothing left to refund. The seller answers it through the Post-Order API (approve, reject).
- ``POST /_sim/tenants/<tenant>/ebay/returns/<returnId>/close`` — body optional:
  ``{"buyerCloseReason": "<BuyerCloseReturnReasonEnum, default BUYER_NO_LONGER_WANTS_RETURN>"}``:
  the buyer closes a return the seller has not refunded; it is CLOSED without a refund → 200 with
  the return summary as the Post-Order API shows it plus ``orderId`` and ``lineItemId``; 404 for
  an unknown return, 409 for one the seller has refunded or that is closed already.
- ``POST /_sim/tenants/<tenant>/ebay/orders/<orderId>/cases`` — body optional:
  ``{"caseType": "ITEM_NOT_RECEIVED" | "RETURN"}`` (Post-Order ``CaseTypeEnum``, default
  ITEM_NOT_RECEIVED): the buyer opens a post-transaction case; while it is open issue_refund answers
  34916 → 201 ``{"caseId", "orderId", "caseType", "status": "OPEN"}``; 404 for an unknown order.
- ``DELETE /_sim/tenants/<tenant>/ebay/orders/<orderId>/cases/<caseId>`` — eBay closes the case →
  200 ``{"caseId", "orderId", "caseType", "status": "CLOSED"}``; 404 for an unknown order or case.
- ``POST /_sim/tenants/<tenant>/ebay/orders/<orderId>/settle`` (no body) — eBay finishes processing
  the order's pending refunds now, to their outcome, instead of their delay passing on the clock
  → 200 ``{"settled": [refundId, ...]}``; 404 for an unknown order.
- ``POST /_sim/tenants/<tenant>/ebay/settle_delay`` ``{"seconds": N}`` — refunds issued from now on
  settle N seconds after they were issued (1 to 30 days; default 60) → 200 ``{"seconds"}``.
- ``POST /_sim/tenants/<tenant>/ebay/refund_outcome`` ``{"outcome": "FAILED", "count": 1,
  "orderId"?: "..."}`` — the next ``count`` refunds (of that order, or of any order of the tenant)
  end FAILED instead of REFUNDED → 200 ``{"armed": [{"orderId", "outcome", "remaining"}]}``.
- ``POST /_sim/tenants/<tenant>/ebay/call_limit`` ``{"limit": N | null, "window_seconds"?: 86400}``
  — at most N eBay API calls per window of the tenant's clock, then 429 errorId 2001; ``null``
  removes the limit → 200 ``{"limit", "window_seconds", "used"}``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, jsonify

from simulators.control.routes import control_body, tenant_or_404
from simulators.control.values import amount as _money
from simulators.control.values import currency as _currency
from simulators.control.values import instant as _instant
from simulators.control.values import invalid as _invalid
from simulators.control.values import sku as _sku
from simulators.control.values import text as _text
from simulators.core.errors import ControlPlaneError
from simulators.core.numbers import MAX_MAGNITUDE

from .schemas import (
    BUYER_CLOSE_RETURN_REASONS, CANCEL_REASONS, CASE_TYPES, CREATABLE_PAYMENT_STATUSES, DEFAULT_BUYER_CLOSE_RETURN_REASON,
    DEFAULT_CALL_WINDOW_SECONDS, DEFAULT_CANCEL_REASON, ORDER_FULFILLMENT_STATUSES, RETURN_REASONS, ZERO, cancel_summary_json,
    case_json, order_json, return_summary_json,
)

SERVICE = "ebay"

blueprint = Blueprint("ebay_control", __name__, url_prefix="/_sim/tenants/<tenant_id>/ebay")


def _positive_int(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value >= MAX_MAGNITUDE:
        raise _invalid(f"{field} must be an integer from 1 to {MAX_MAGNITUDE - 1:,}.")
    return value


def _line(raw: Any, index: int) -> dict[str, Any]:
    where = f"lineItems[{index}]"
    if not isinstance(raw, dict):
        raise _invalid(f"{where} must be an object.")
    unknown = set(raw) - {"title", "sku", "quantity", "price", "discount"}
    if unknown:
        raise _invalid(f"Unknown field(s) in {where}: {', '.join(sorted(unknown))}.")
    quantity = _positive_int(raw.get("quantity"), f"{where}.quantity")
    price = _money(raw["price"], f"{where}.price", positive=True) if "price" in raw else None
    discounts = _promotions(raw["discount"], f"{where}.discount") if "discount" in raw else []
    if discounts:
        # A promotion takes money off a price the buyer saw: the line's, given; never all of it
        # (eBay's promotions discount an item, they do not give it away).
        if price is None:
            raise _invalid(f"{where}.discount needs {where}.price: a promotion takes money off a given price.")
        cost = price * (quantity or 1)
        if sum(discounts) >= cost:
            raise _invalid(f"{where}.discount must be less than the line's cost ({cost}: price × quantity).")
    return {
        "title": _text(raw.get("title"), f"{where}.title"),
        "sku": _sku(raw.get("sku"), f"{where}.sku"),  # "": listed without one (legacy listings may have none)
        "quantity": quantity, "price": price, "discounts": discounts,
    }


def _promotions(raw: Any, where: str) -> list[Decimal]:
    """A line's promotions: one amount, or a non-empty list of them (one promotion each)."""
    if not isinstance(raw, list):
        return [_money(raw, where, positive=True)]
    if not raw:
        raise _invalid(f"{where} must name at least one promotion's amount: leave it out for a line without one.")
    return [_money(amount, f"{where}[{index}]", positive=True) for index, amount in enumerate(raw)]


@blueprint.post("/orders")
def create_order(tenant_id: str) -> tuple[Response, int]:
    """A buyer's eBay order, paid at checkout (fields left out are generated); answered as getOrder answers it."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"lineItems", "shipping", "shippingDiscount", "currency", "buyer", "fullName", "orderPaymentStatus",
                         "creationDate", "orderFulfillmentStatus", "shipTo"})
    ship_to = body.get("shipTo")
    if ship_to is not None and (not isinstance(ship_to, dict) or set(ship_to) - {"fullName"}):
        raise _invalid("shipTo must be an object with at most fullName: the recipient of an order shipped to another "
                       "than the buyer ({} draws the name).")
    recipient = None if ship_to is None else (_text(ship_to.get("fullName"), "shipTo.fullName") or "")
    raw_lines = body.get("lineItems")
    if raw_lines is not None and (not isinstance(raw_lines, list) or not raw_lines):
        raise _invalid("lineItems must be a non-empty list.")
    lines = [_line(raw, i) for i, raw in enumerate(raw_lines or [])]
    shipping = _money(body["shipping"], "shipping", positive=False) if "shipping" in body else None
    shipping_discount = _money(body["shippingDiscount"], "shippingDiscount", positive=True) if "shippingDiscount" in body else None
    if shipping_discount is not None and (shipping is None or shipping_discount > shipping):
        # A discount comes off a delivery cost the buyer saw: the order's, given; at most all of it
        # (a shipping discount may make delivery free).
        raise _invalid("shippingDiscount needs shipping and must be at most it: a shipping discount comes off the "
                       "order's delivery cost.")
    currency = _currency(body.get("currency", "USD"))
    status = body.get("orderPaymentStatus", "PAID")
    if status not in CREATABLE_PAYMENT_STATUSES:
        raise _invalid(f"orderPaymentStatus must be one of {', '.join(CREATABLE_PAYMENT_STATUSES)}.")
    fulfillment = body.get("orderFulfillmentStatus", "FULFILLED")
    if fulfillment not in ORDER_FULFILLMENT_STATUSES:
        raise _invalid(f"orderFulfillmentStatus must be one of {', '.join(ORDER_FULFILLMENT_STATUSES)}.")
    created_at = None
    if "creationDate" in body:
        text = body["creationDate"]
        created_at = _instant(text) if isinstance(text, str) else None
        if created_at is None:
            raise _invalid("creationDate must be an ISO-8601 timestamp with a time zone.")
    seller = tenant.state(SERVICE)
    order = seller.create_order(lines=lines or None, shipping=shipping, currency=currency,
                                buyer_username=_text(body.get("buyer"), "buyer"),
                                full_name=_text(body.get("fullName"), "fullName"), payment_status=status,
                                created_at=created_at, fulfillment_status=fulfillment,
                                shipping_discount=shipping_discount or ZERO, recipient=recipient)
    body = seller.read_order(order.order_id, lambda o: order_json(
        o, seller_id=seller.username, marketplace_id=seller.marketplace_id, now=seller.now()),
        lambda: _gone(order.order_id))
    return jsonify(body), 201


def _gone(order_id: str) -> ControlPlaneError:
    # Only a concurrent reset of the tenant can remove the order just created.
    return ControlPlaneError(f"eBay order {order_id} vanished (tenant reset?).", 409, "conflict")


@blueprint.post("/orders/<order_id>/returns")
def create_return(tenant_id: str, order_id: str) -> tuple[Response, int]:
    """The buyer asks to return units of a line (Post-Order); answers the return's id."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"lineItemId", "quantity", "reason", "comments"})
    reason = body.get("reason")
    if reason is not None and reason not in RETURN_REASONS:
        raise _invalid("reason must be a ReturnReasonEnum value such as NOT_AS_DESCRIBED.")
    comments = body.get("comments", "")
    if not isinstance(comments, str):
        raise _invalid("comments must be a string.")
    seller = tenant.state(SERVICE)
    ret, order = seller.create_return(
        order_id, line_item_id=_text(body.get("lineItemId"), "lineItemId"),
        quantity=_positive_int(body.get("quantity"), "quantity"), reason=reason, comments=comments,
    )
    summary = seller.read_return(ret.return_id, lambda r, o: return_summary_json(r, o, seller_login=seller.username))
    return jsonify({**summary, "orderId": order.order_id, "lineItemId": ret.line_item_id}), 201


@blueprint.post("/orders/<order_id>/cancellations")
def request_cancellation(tenant_id: str, order_id: str) -> tuple[Response, int]:
    """The buyer asks to cancel the whole order (Post-Order); answers the cancellation's summary."""
    tenant = tenant_or_404(tenant_id)
    reason = control_body({"cancelReason"}).get("cancelReason", DEFAULT_CANCEL_REASON)
    if reason not in CANCEL_REASONS:
        raise _invalid("cancelReason must be a CancelReasonEnum value such as ORDER_MISTAKE.")
    seller = tenant.state(SERVICE)
    cancel, order = seller.request_cancellation(order_id, reason)
    summary = seller.read_cancellation(cancel.cancel_id, lambda c, o: cancel_summary_json(
        c, o, marketplace_id=seller.marketplace_id))
    return jsonify({**summary, "orderId": order.order_id}), 201


@blueprint.post("/returns/<return_id>/close")
def close_return(tenant_id: str, return_id: str) -> Response:
    """The buyer closes a return the seller has not refunded (no longer wants to return the item);
    answers the return's summary."""
    tenant = tenant_or_404(tenant_id)
    reason = control_body({"buyerCloseReason"}).get("buyerCloseReason", DEFAULT_BUYER_CLOSE_RETURN_REASON)
    if reason not in BUYER_CLOSE_RETURN_REASONS:
        raise _invalid("buyerCloseReason must be a BuyerCloseReturnReasonEnum value such as BUYER_NO_LONGER_WANTS_RETURN.")
    seller = tenant.state(SERVICE)
    ret, order = seller.close_return(return_id, reason)
    summary = seller.read_return(ret.return_id, lambda r, o: return_summary_json(r, o, seller_login=seller.username))
    return jsonify({**summary, "orderId": order.order_id, "lineItemId": ret.line_item_id})


@blueprint.post("/orders/<order_id>/cases")
def open_case(tenant_id: str, order_id: str) -> tuple[Response, int]:
    """The buyer opens a post-transaction case on the order: its refunds are refused (34916) while it is open."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"caseType"})
    case_type = body.get("caseType", CASE_TYPES[0])
    if case_type not in CASE_TYPES:
        raise _invalid(f"caseType must be one of {', '.join(CASE_TYPES)}.")
    return jsonify(case_json(tenant.state(SERVICE).open_case(order_id, case_type), order_id)), 201


@blueprint.delete("/orders/<order_id>/cases/<case_id>")
def close_case(tenant_id: str, order_id: str, case_id: str) -> Response:
    """eBay closes the case: the order can be refunded again."""
    tenant = tenant_or_404(tenant_id)
    return jsonify(case_json(tenant.state(SERVICE).close_case(order_id, case_id), order_id))


#: The longest settle delay the control plane sets: eBay's processing takes days at most.
MAX_SETTLE_SECONDS = 30 * 24 * 3600


@blueprint.post("/orders/<order_id>/settle")
def settle_order(tenant_id: str, order_id: str) -> Response:
    """eBay finishes processing the order's pending refunds now (REFUNDED, or FAILED when armed),
    instead of their delay passing on the clock; answers how many it settled."""
    tenant = tenant_or_404(tenant_id)
    control_body(set())
    settled = tenant.state(SERVICE).settle_now(order_id)
    return jsonify(settled=[r.refund_id for r in settled])


@blueprint.post("/settle_delay")
def set_settle_delay(tenant_id: str) -> Response:
    """How long eBay takes to settle the refunds issued from now on, in seconds (default 60, at
    most 30 days)."""
    tenant = tenant_or_404(tenant_id)
    seconds = control_body({"seconds"}).get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= MAX_SETTLE_SECONDS:
        raise _invalid(f"seconds must be an integer from 1 to {MAX_SETTLE_SECONDS:,} (30 days).")
    return jsonify(seconds=tenant.state(SERVICE).set_settle_seconds(seconds))


@blueprint.post("/refund_outcome")
def arm_refund_outcome(tenant_id: str) -> Response:
    """The next refunds eBay processes end FAILED instead of REFUNDED."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"outcome", "count", "orderId"})
    if body.get("outcome") != "FAILED":
        raise _invalid('outcome must be "FAILED".')
    count = _positive_int(body.get("count", 1), "count")
    order_id = _text(body.get("orderId"), "orderId")
    return jsonify(armed=tenant.state(SERVICE).arm_refund_outcome("FAILED", count, order_id))


@blueprint.post("/call_limit")
def set_call_limit(tenant_id: str) -> Response:
    """Set or remove the seller's daily call limit (errorId 2001 past it)."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"limit", "window_seconds"})
    if "limit" not in body:
        raise _invalid("limit is required (an integer >= 1, or null to remove the limit).")
    limit = _positive_int(body["limit"], "limit")
    # Only the limit may be null (no limit); a window is always some seconds long: a null one was
    # handed on to the model and failed there as a 500.
    window = _positive_int(body.get("window_seconds", DEFAULT_CALL_WINDOW_SECONDS), "window_seconds")
    if window is None:
        raise _invalid(f"window_seconds must be an integer from 1 to {MAX_MAGNITUDE - 1:,} (left out: "
                       f"{DEFAULT_CALL_WINDOW_SECONDS:,}).")
    return jsonify(tenant.state(SERVICE).set_call_limit(limit, window))
