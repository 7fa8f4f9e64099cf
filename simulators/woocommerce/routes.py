"""WooCommerce REST API v3 routes (``/wp-json/wc/v3/...``): HTTP in, model call, HTTP out.

The pipeline is WordPress's: authenticate (:mod:`.auth`; a bad credential is 401 before anything
else), match the route (else 404 ``rest_no_route``, also for a method the route does not have),
validate the arguments (400 ``rest_invalid_param`` / ``rest_invalid_json``), check the caller may do
this (401 ``woocommerce_rest_cannot_*`` for nobody), then the controller's own rules (:mod:`.models`).

Routes: ``GET``/``POST /orders``, ``GET /orders/{id}``, ``GET``/``POST /orders/{id}/refunds``,
``GET``/``DELETE /orders/{id}/refunds/{refund_id}``, ``GET /refunds`` (WooCommerce 9.0+).
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, Response, g, jsonify, request

from simulators.core.http import bind_tenant, current_tenant, parse_json
from simulators.core.service import ServiceSpec
from simulators.core.tenants import current_registry

from . import auth, control, errors
from .query import is_json_media_type, php_value, request_body_params, request_query
from .models import Store, find_orders, find_refunds
from .schemas import (
    API_ROOT, CREATE_ORDER_ARGS, CREATE_REFUND_ARGS, DELETE_REFUND_ARGS, GATEWAY_ARGS, ITEM_ARGS, MAX_DP, NAMESPACE,
    ORDER_COLLECTION_ARGS, REFUND_COLLECTION_ARGS, Arg, order_json, paginate, payment_gateway_json, refund_json,
    rest_url, validate_args,
)

SERVICE = "woocommerce"
#: PHP's ``json_decode`` nests at most 512 levels.
JSON_MAX_DEPTH = 512

blueprint = Blueprint(SERVICE, __name__, url_prefix=API_ROOT)


@blueprint.before_request
def _authenticate() -> None:
    caller = auth.authenticate(request, current_registry())
    g.woocommerce_caller = caller
    if caller is not None:
        bind_tenant(SERVICE, caller.tenant)


def _store() -> Store:
    return current_tenant().state(SERVICE)


def _base() -> str:
    return request.host_url


# ------------------------------------------------------------------ arguments
def _json_params() -> dict[str, Any]:
    """The JSON body's parameters (``WP_REST_Request::parse_json_params``): read only when the
    content type is ``application/json``; a body whose root is not an object has none.

    :raise InvalidJson: a body PHP's ``json_decode`` refuses.
    """
    if not is_json_media_type(request):
        return {}
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise errors.InvalidJson(5, "Malformed UTF-8 characters, possibly incorrectly encoded") from None
    try:
        body = parse_json(text)
    except ValueError as exc:
        if "nested" in str(exc):
            raise errors.InvalidJson(1, "Maximum stack depth exceeded") from None
        raise errors.InvalidJson(4, "Syntax error") from None
    if _depth(body) > JSON_MAX_DEPTH:
        raise errors.InvalidJson(1, "Maximum stack depth exceeded")
    return body if isinstance(body, dict) else {}


def _depth(value: Any) -> int:
    """How deeply ``value`` nests arrays and objects (without recursing)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, (list, dict)):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _query() -> dict[str, Any]:
    """The query string as PHP parses it into ``$_GET`` (:mod:`.query`): the last of a repeated
    name, ``name[]=`` and ``name[key]=`` arrays. Parsed once per request
    (:func:`~.query.request_query`): authentication, validation, the pagination links and a
    refund's ``id`` read the same dict, which none of them changes."""
    return request_query(request)


def _arguments(args: tuple[Arg, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The route's arguments, validated as WordPress does (``get_parameter_order``: the JSON body
    first, then the body's form fields, then the query string, the two as PHP parses them), and the
    body's parameters (JSON over form fields). A PHP array reaches validation as PHP built it, so an
    array for a scalar argument (``per_page[]=3``, ``page[a]=2``) is refused like any wrong type.

    :raise InvalidParams: 400 ``rest_invalid_param`` naming every invalid argument.
    """
    body = _json_params()
    form = request_body_params(request)
    query = _query()

    def lookup(name: str) -> Any:
        for source in (body, form):
            if source.get(name) is not None:  # WordPress's isset(): a null is as good as absent
                return php_value(source[name]) if source is form else source[name]
        return php_value(query.get(name))

    values, problems = validate_args(args, lookup)
    if problems:
        raise errors.InvalidParams({name: (code, message) for name, (code, message, _) in problems.items()})
    return values, {**{name: php_value(value) for name, value in form.items()}, **body}


def _permit(code: str, message: str) -> None:
    """The route's permission callback: nobody logged in is 401 (``rest_authorization_required_code``)."""
    if g.get("woocommerce_caller") is None:
        raise errors.NotPermitted(code, message)


def _dp(values: dict[str, Any]) -> int:
    return min(values.get("dp") or 0, MAX_DP)


def _page(records: list[Any], values: dict[str, Any], render: Callable[[Any], Any]) -> Response:
    page = paginate(records, values, request.base_url, _query())
    response = jsonify([render(r) for r in page.items])
    response.headers["X-WP-Total"] = str(page.total)
    response.headers["X-WP-TotalPages"] = str(page.pages)
    if page.links:  # WordPress sends one Link header per rel; one header with both means the same
        response.headers["Link"] = ", ".join(page.links)
    return response


# ==================================================================== orders
@blueprint.get("/orders", provide_automatic_options=False)
def list_orders() -> Response:
    values, _ = _arguments(ORDER_COLLECTION_ARGS)
    _permit("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    store = _store()
    return _page(find_orders(store, values), values,
                 lambda o: store.read(o, lambda order: order_json(order, store, _base(), _dp(values))))


@blueprint.post("/orders", provide_automatic_options=False)
def create_order() -> tuple[Response, int, dict[str, str]]:
    values, _ = _arguments(CREATE_ORDER_ARGS)
    _permit("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")
    store = _store()
    order = store.create_order(values)
    body = store.read(order, lambda o: order_json(o, store, _base()))
    return jsonify(body), 201, {"Location": rest_url(_base(), f"{NAMESPACE}/orders/{order.id}")}


@blueprint.get("/orders/<int:order_id>", provide_automatic_options=False)
def get_order(order_id: int) -> Response:
    values, _ = _arguments(ITEM_ARGS)
    _permit("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")
    store = _store()
    order = store.order(order_id)
    if order is None:
        raise errors.InvalidId("shop_order")
    return jsonify(store.read(order, lambda o: order_json(o, store, _base(), _dp(values))))


# =================================================================== refunds
@blueprint.get("/orders/<int:order_id>/refunds", provide_automatic_options=False)
def list_order_refunds(order_id: int) -> Response:
    values, _ = _arguments(REFUND_COLLECTION_ARGS)
    _permit("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    store = _store()
    return _page(find_refunds(store, values, order_id), values,
                 lambda r: refund_json(r, store, _base(), _dp(values)))


@blueprint.post("/orders/<int:order_id>/refunds", provide_automatic_options=False)
def create_refund(order_id: int) -> tuple[Response, int, dict[str, str]]:
    values, body = _arguments(CREATE_REFUND_ARGS)
    _permit("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")
    store = _store()
    raw = {"id": body.get("id", php_value(_query().get("id"))), "line_items": body.get("line_items")}
    refund = store.create_refund(order_id, values, raw)
    # The CRUD controller builds Location from the route's pattern, which it does not fill in.
    location = rest_url(_base(), f"{NAMESPACE}/orders/(?P<order_id>[\\d]+)/refunds/{refund.id}")
    return jsonify(refund_json(refund, store, _base())), 201, {"Location": location}


@blueprint.get("/orders/<int:order_id>/refunds/<int:refund_id>", provide_automatic_options=False)
def get_refund(order_id: int, refund_id: int) -> Response:
    values, _ = _arguments(ITEM_ARGS)
    _permit("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")
    store = _store()
    return jsonify(refund_json(store.order_refund(order_id, refund_id), store, _base(), _dp(values)))


@blueprint.delete("/orders/<int:order_id>/refunds/<int:refund_id>", provide_automatic_options=False)
def delete_refund(order_id: int, refund_id: int) -> Response:
    values, _ = _arguments(DELETE_REFUND_ARGS)
    _permit("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.")
    store = _store()
    refund = store.delete_refund(order_id, refund_id, values["force"])
    return jsonify(refund_json(refund, store, _base(), _dp(values)))


# =================================================================== payment gateways
@blueprint.get("/payment_gateways", provide_automatic_options=False)
def list_payment_gateways() -> Response:
    _arguments(GATEWAY_ARGS)
    _permit("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    return jsonify([payment_gateway_json(gateway, order) for order, gateway in _store().payment_gateways()])


@blueprint.get("/payment_gateways/<gateway_id>", provide_automatic_options=False)
def get_payment_gateway(gateway_id: str) -> Response:
    _arguments(GATEWAY_ARGS)
    _permit("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")
    order, gateway = _store().payment_gateway(gateway_id)
    return jsonify(payment_gateway_json(gateway, order))


@blueprint.get("/refunds", provide_automatic_options=False)
def list_refunds() -> Response:
    values, _ = _arguments(REFUND_COLLECTION_ARGS)
    _permit("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    store = _store()
    return _page(find_refunds(store, values, None), values,
                 lambda r: refund_json(r, store, _base(), _dp(values), with_parent=True))


# ================================================================ the service
def error_for_status(status: int, description: str) -> errors.WooCommerceError:
    """The WordPress-shaped error for a routing failure, an armed fault or a crash."""
    if status in (404, 405):
        return errors.NoRoute()
    if status == 401:
        return errors.AuthenticationError(description or "Unauthorized.")
    if status >= 500:
        return errors.ServerError(description or "Internal server error.", status=status)
    return errors.WooCommerceError(description or "The request failed.", status=status, code="rest_error")


service = ServiceSpec(
    name=SERVICE,
    state_factory=Store,
    blueprints=(blueprint, control.blueprint),
    path_prefixes=("/wp-json/",),
    error_for_status=error_for_status,
)
