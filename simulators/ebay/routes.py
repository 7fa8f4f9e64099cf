"""eBay routes: the Fulfillment API under ``/sell/fulfillment/v1`` and the Post-Order API under
``/post-order/v2``. HTTP in, model call, HTTP out; the rules are in :mod:`.models`."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request

from simulators.core.http import allowed_methods, bind_tenant, current_tenant, json_body
from simulators.core.service import ServiceSpec
from simulators.core.tenants import current_registry

from . import auth, control, errors
from .models import Cancellation, Order, Return, Seller, requested_order_ids
from .schemas import (
    GET_CANCELLATION_FIELD_GROUPS, GET_RETURN_FIELD_GROUPS, MARKETPLACE_HEADER, MARKETPLACE_IDS, cancel_detail_json,
    cancel_eligibility_json, cancel_summary_json, cancellations_page_json, order_json, orders_page_json, refund_json, return_detail_json,
    return_summary_json, returns_page_json,
)

SERVICE = "ebay"
#: How a simulator bug's description starts (simulators/app.py).
UNEXPECTED = "Unexpected simulator error"
FULFILLMENT_PREFIX = "/sell/fulfillment/v1"
POST_ORDER_PREFIX = "/post-order/v2"

fulfillment = Blueprint("ebay_fulfillment", __name__, url_prefix=FULFILLMENT_PREFIX)
post_order = Blueprint("ebay_post_order", __name__, url_prefix=POST_ORDER_PREFIX)


def _seller() -> Seller:
    return current_tenant().state(SERVICE)


@fulfillment.before_request
def _authenticate_fulfillment() -> None:
    bind_tenant(SERVICE, auth.authenticate(request, current_registry(), auth.FULFILLMENT_SCHEMES))
    _seller().count_call()


@post_order.before_request
def _authenticate_post_order() -> None:
    bind_tenant(SERVICE, auth.authenticate(request, current_registry(), auth.POST_ORDER_SCHEMES))
    _seller().count_call()
    # "Each Post-Order API call requires the Authorization and X-EBAY-C-MARKETPLACE-ID HTTP headers"
    # (Post-Order "Making a Call"): a call without a MarketplaceIdEnum value there is not served.
    marketplace = request.headers.get(MARKETPLACE_HEADER, "").strip()
    if marketplace not in MARKETPLACE_IDS:
        raise errors.MarketplaceIdInvalid(MARKETPLACE_HEADER, marketplace)


# ------------------------------------------------------------------ Fulfillment
def _render_order(seller: Seller, *, listed_cancel_requests: bool = True) -> Any:
    return lambda order: order_json(order, seller_id=seller.username, marketplace_id=seller.marketplace_id,
                                    now=seller.now(), listed_cancel_requests=listed_cancel_requests)


def _check_field_groups() -> None:
    """``fieldGroups`` of getOrder and getOrders: "The only presently supported value is
    TAX_BREAKDOWN" (OAS); another is 400 32800, listed under both operations' 400.

    :raise InvalidFieldGroup: any other value.
    """
    field_groups = request.args.get("fieldGroups")
    if field_groups not in (None, "TAX_BREAKDOWN"):
        raise errors.InvalidFieldGroup(field_groups)


@fulfillment.get("/order/<order_id>")
def get_order(order_id: str) -> Response:
    _check_field_groups()
    seller = _seller()
    return jsonify(seller.read_order(order_id, _render_order(seller), lambda: errors.InvalidOrderId(order_id)))


@fulfillment.get("/order")
def get_orders() -> Response:
    by_ids = bool(requested_order_ids(request.args.get("orderIds")))
    if not by_ids:  # with order ids "all other query parameters will be ignored" (OAS)
        _check_field_groups()
    seller = _seller()
    orders, total, limit, offset, missing = seller.search_orders(
        order_ids=request.args.get("orderIds"), limit=request.args.get("limit"),
        offset=request.args.get("offset"), filters=request.args.get("filter"),
    )
    # getOrders' cancelStatus.cancelRequests "is returned but is always empty" (OAS CancelStatus).
    rendered = [seller.read_order(o.order_id, _render_order(seller, listed_cancel_requests=False),
                                  lambda: errors.FulfillmentSystemError())
                for o in orders]
    page = orders_page_json(rendered, total=total, limit=limit, offset=offset, href=request.url,
                            warnings=[errors.InvalidOrderId(i).detail() for i in missing])
    if not by_ids:
        base = {k: v for k, v in request.args.items() if k not in ("limit", "offset")}
        if offset + limit < total:
            page["next"] = f"{request.base_url}?{urlencode({**base, 'limit': limit, 'offset': offset + limit})}"
        if offset > 0:
            page["prev"] = f"{request.base_url}?{urlencode({**base, 'limit': limit, 'offset': max(0, offset - limit)})}"
    return jsonify(page)


@fulfillment.post("/order/<order_id>/issue_refund")
def issue_refund(order_id: str) -> Response:
    # The contract's required Content-Type header, "set to application/json": a body of another
    # media type, or of none, is not read (2005); no body at all is the empty request (34902).
    if request.get_data(cache=True) and request.mimetype != "application/json":
        raise errors.UnsupportedMediaType()
    body = json_body(lambda message: errors.RequestEmpty(long_message=message), required=False)
    return jsonify(refund_json(_seller().issue_refund(order_id, body)))


@fulfillment.post("/order//issue_refund", merge_slashes=False)
def issue_refund_without_order_id() -> Response:
    """The path with its ``order_id`` left empty: 400 34901, the contract's error for it (werkzeug
    would merge the two slashes into ``/order/issue_refund``, getOrder's path: a 405)."""
    raise errors.OrderIdRequired()


# ------------------------------------------------------------------- Post-Order
_SEARCH_PARAMS = ("order_id", "return_id", "item_id", "transaction_id", "return_state", "states", "sort", "limit",
                  "offset", "creation_date_range_from", "creation_date_range_to")


def _render_summary(seller: Seller) -> Any:
    return lambda ret, order: return_summary_json(ret, order, seller_login=seller.username)


def _field_groups(allowed: tuple[str, ...]) -> str:
    """The ``fieldgroups`` a Post-Order read asks for (FULL, eBay's default, when left out).

    :raise InvalidReturnRequest: 1700, a value the call does not take.
    """
    field_groups = request.args.get("fieldgroups", "FULL")
    if field_groups not in allowed:
        raise errors.InvalidReturnRequest(f"Invalid fieldgroups: {field_groups}", "fieldgroups")
    return field_groups


@post_order.get("/return/search")
def search_returns() -> Response:
    seller = _seller()
    params = {k: request.args[k] for k in _SEARCH_PARAMS if k in request.args}
    members, total, limit, offset = seller.search_returns(params, _render_summary(seller))
    return jsonify(returns_page_json(members, total=total, limit=limit, offset=offset))


@post_order.get("/return/<return_id>")
def get_return(return_id: str) -> Response:
    field_groups = _field_groups(GET_RETURN_FIELD_GROUPS)
    seller = _seller()

    def render(ret: Return, order: Order) -> dict[str, Any]:
        # One container, as asked: FULL (the default) the detail "and not the summary", SUMMARY the summary.
        if field_groups == "SUMMARY":
            return {"summary": return_summary_json(ret, order, seller_login=seller.username)}
        return {"detail": return_detail_json(ret, order, seller_login=seller.username,
                                             marketplace_id=seller.marketplace_id)}

    return jsonify(seller.read_return(return_id, render))


@post_order.post("/return/<return_id>/issue_refund")
def issue_return_refund(return_id: str) -> Response:
    body = json_body(lambda message: errors.InvalidReturnRequest(message), required=False)
    _seller().issue_return_refund(return_id, body)
    return jsonify(refundStatus="PENDING")


_CANCEL_SEARCH_PARAMS = ("cancel_id", "legacy_order_id", "item_id", "transaction_id", "limit", "offset",
                         "creation_date_range_from", "creation_date_range_to")


@post_order.get("/cancellation/search")
def search_cancellations() -> Response:
    seller = _seller()
    params = {k: request.args[k] for k in _CANCEL_SEARCH_PARAMS if k in request.args}
    members, total, limit, offset = seller.search_cancellations(
        params, lambda cancel, order: cancel_summary_json(cancel, order, marketplace_id=seller.marketplace_id))
    return jsonify(cancellations_page_json(members, total=total, limit=limit, offset=offset))


@post_order.post("/cancellation")
def create_cancellation() -> Response:
    """The seller cancels an order itself: ``{"cancelId"}``, or, for an order eBay would not cancel,
    ``{"orderEligibilityResult"}`` naming why ("cancelId ... is returned unless the order is not
    eligible for cancellation"; CreateCancelResponse)."""
    body = json_body(lambda message: errors.InvalidReturnRequest(message), required=False)
    cancel, order_id, failures, order = _seller().cancel_order(body)
    return jsonify({"cancelId": cancel.cancel_id} if cancel is not None else cancel_eligibility_json(order_id, failures, order))


@post_order.get("/cancellation/<cancel_id>")
def get_cancellation(cancel_id: str) -> Response:
    field_groups = _field_groups(GET_CANCELLATION_FIELD_GROUPS)
    seller = _seller()

    def render(cancel: Cancellation, order: Order) -> dict[str, Any]:
        return cancel_detail_json(cancel, order, marketplace_id=seller.marketplace_id, full=field_groups == "FULL")

    return jsonify(seller.read_cancellation(cancel_id, render))


@post_order.post("/cancellation/<cancel_id>/approve")
def approve_cancellation(cancel_id: str) -> Response:
    """"This method has no request or response payloads ... an HTTP status code of 200 is returned"."""
    _seller().approve_cancellation(cancel_id)
    return Response(status=200)


@post_order.post("/cancellation/<cancel_id>/reject")
def reject_cancellation(cancel_id: str) -> Response:
    # "you must submit a payload that consists of opening and closing braces: { }" (RejectCancelRequest):
    # no body at all is None (1700 once the cancellation is found), not read as {}.
    body = (json_body(lambda message: errors.InvalidReturnRequest(message))
            if request.get_data(cache=True).strip() else None)
    _seller().reject_cancellation(cancel_id, body)
    return Response(status=200)


# ------------------------------------------------------------------- the service

def error_for_status(status: int, description: str) -> errors.EbayError:
    """The eBay-shaped error for a routing failure, an armed HTTP fault or a simulator bug (5xx with
    the operation's own system error id: 34900 on issue_refund, 30500 on the other Fulfillment
    calls; a 400 on getOrder or getOrders: 32800, the one of their two 400s that is not an unknown
    order)."""
    post_order_path = request.path.startswith(POST_ORDER_PREFIX)
    if status == 401:
        return errors.InvalidAccessToken()
    if status == 404:
        return errors.ResourceNotFound()
    if status == 405:
        return errors.MethodNotAllowed(allowed_methods())
    if status == 429:
        return errors.TooManyRequests()
    if status == 400 and request.method == "GET" and re.fullmatch(rf"{FULFILLMENT_PREFIX}/order(/[^/]+)?", request.path):
        # getOrder and getOrders list two errors under 400 (OAS v1.20.7): 32100, an order the
        # seller does not have, and 32800, a field group. An armed 400 is a refusal of the request,
        # not an unknown order (those are real ones): the field group, as the request gave it.
        return errors.InvalidFieldGroup(request.args.get("fieldGroups", ""))
    if status >= 500:
        # A simulator bug reports itself, so the report files it under "Simulator errors"; an armed
        # 5xx answers eBay's own message.
        message = description if description.startswith(UNEXPECTED) else None
        if post_order_path:
            return errors.PostOrderInternalError(message, status=status)
        if request.path.endswith("/issue_refund"):
            return errors.RefundInternalError(message, status=status)
        return errors.FulfillmentSystemError(message, status=status)
    return errors.AccessDenied(description or None, status=status)


service = ServiceSpec(
    name=SERVICE,
    state_factory=Seller,
    blueprints=(fulfillment, post_order, control.blueprint),
    path_prefixes=(FULFILLMENT_PREFIX, POST_ORDER_PREFIX),
    error_for_status=error_for_status,
)
