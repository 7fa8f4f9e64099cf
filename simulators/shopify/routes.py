"""Shopify Admin API routes (``/admin/api/<version>/...``): HTTP in, model call, HTTP out.

Every request: the version must be one Shopify serves (else 404), the access token names the shop
(else 401), the refunds the gateway held pending whose time has come settle (``Shop.settle_due``),
a REST call takes a place in the shop's leaky bucket (else 429) and its answer says how
full the bucket is (``X-Shopify-Shop-Api-Call-Limit``). After the answer, webhooks that are due are
delivered (:mod:`.webhooks`).

REST: ``orders.json`` (create, list, count, get), ``orders/{id}/transactions.json`` (list, count,
get, create: capture / void / sale / refund), ``orders/{id}/refunds.json`` (create, list, get),
``orders/{id}/refunds/calculate.json``, ``webhooks.json`` (create, list, count, get, update, delete).
GraphQL: ``graphql.json`` (:mod:`.graphql`).
"""

from __future__ import annotations

import base64
import binascii
import json
from types import ModuleType
from typing import Any, Callable
from urllib.parse import urlencode

from flask import Blueprint, Response, g, jsonify, request

from simulators.core.http import allowed_methods, bind_tenant, current_tenant, json_body, last_values, parse_json
from simulators.core.numbers import whole_number
from simulators.core.service import ServiceSpec
from simulators.core.tenants import current_registry

from . import auth, control, errors, params
from .ratelimit import MIN_RETRY_AFTER
from .models import ORDER_TIME_FILTERS, WEBHOOK_TIME_FILTERS, Shop, check_order_times, within_times
from .schemas import (
    DEFAULT_LIMIT, FINANCIAL_STATUS_FILTERS, FULFILLMENT_STATUS_FILTERS, MAX_LIMIT, SUPPORTED_VERSIONS, calculated_refund_json, only_fields, order_json, refund_json,
    transaction_json, webhook_json,
)

SERVICE = "shopify"
GRAPHQL_ENDPOINT = f"{SERVICE}.graphql"

blueprint = Blueprint(SERVICE, __name__, url_prefix="/admin/api/<version>")


@blueprint.url_value_preprocessor
def _version(endpoint: str | None, values: dict[str, Any] | None) -> None:
    version = (values or {}).pop("version", None)
    if version not in SUPPORTED_VERSIONS:
        raise errors.NotFound()
    g.shopify_api_version = version


@blueprint.before_request
def _authenticate_and_throttle() -> None:
    tenant = bind_tenant(SERVICE, auth.authenticate(request, current_registry()))
    shop: Shop = tenant.state(SERVICE)
    shop.settle_due()  # refunds the gateway held pending whose time has come are settled first
    if request.endpoint == GRAPHQL_ENDPOINT:
        return  # GraphQL has its own, cost-based limit (:mod:`.graphql`)
    admission = shop.rate_limit.admit(tenant.clock.timestamp())
    g.shopify_call_limit = admission.header
    if not admission.allowed:
        raise errors.TooManyRequests(admission.leak_rate, admission.retry_after)


@blueprint.after_request
def _headers_and_webhooks(response: Response) -> Response:
    flask_g = g._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not six
    if "shopify_api_version" in flask_g:
        response.headers["X-Shopify-API-Version"] = flask_g.shopify_api_version
    if flask_g.get("shopify_call_limit"):
        response.headers["X-Shopify-Shop-Api-Call-Limit"] = flask_g.shopify_call_limit
    tenant = flask_g.get("refundsim_tenant")
    if tenant is not None and flask_g.get("refundsim_service") == SERVICE:
        control.deliver_after(response, tenant.state(SERVICE))
    return response


def _shop() -> Shop:
    return current_tenant().state(SERVICE)


def _bad_json(message: str) -> errors.ShopifyError:
    return errors.BadRequest(message)


#: The media types Rails parses as JSON (``Mime[:json]`` and its synonyms).
JSON_TYPES = frozenset({"application/json", "text/x-json", "application/jsonrequest"})
#: The media types Rack reads as form fields (``Rack::Request::FORM_DATA_MEDIA_TYPES``).
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _body() -> Any:
    """The request's parameters from its body, as Rails reads them by ``Content-Type`` (its type
    in any case): JSON for the JSON types; form fields, nested as Rack nests them
    (:mod:`.params`), for a form and for a POST without a type (Rack's ``form_data?``); nothing
    (``{}``) for any other type, so the route's root parameter is missing (400 ``Required parameter
    missing or invalid``, from the model).

    :raise BadRequest: a JSON body that is not JSON; form fields Rack refuses (``a=1&a[b]=2``).
    """
    mimetype = request.mimetype  # Werkzeug lower-cases it, as Rails' Mime lookup does
    if mimetype in JSON_TYPES:  # an empty one is no parameters (parse_formatted_parameters skips it)
        return json_body(_bad_json, required=False)
    if mimetype in FORM_TYPES or (not mimetype and request.method == "POST"):
        try:
            if mimetype == "multipart/form-data":
                return params.nest(request.form.items(multi=True))
            return params.parse_form(request.get_data(cache=True).decode("utf-8", "replace"))
        except params.ParameterError:
            raise errors.BadRequest("Bad Request") from None
    return {}


def _args() -> dict[str, str]:
    """The query string as Rails reads it (Rack's ``parse_nested_query``): a plain name given more
    than once has its last value (``limit=300&limit=2`` is 2), where Flask's ``args.get`` takes the
    first. Every route reads its query parameters here; computed once per request."""
    flask_g = g._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not two
    args: dict[str, str] | None = flask_g.get("shopify_args")
    if args is None:
        args = flask_g.shopify_args = last_values(request.args)
    return args


def _int_arg(name: str, default: int | None = None) -> int | None:
    raw = _args().get(name)
    if raw is None or raw == "":
        return default
    value = whole_number(raw.strip())
    if value is None:
        raise errors.BadRequest(f"Invalid {name}: {raw}", field=name)
    return value


def _in_shop_currency() -> bool:
    """``?in_shop_currency=true``: transactions' amounts in shop money instead of the presentment
    currency's (Transaction and Refund resources). Rails casts the flag by its list of false values
    (:func:`~.params.rails_boolean`): ``false``, ``0``, ``off``… and absent or empty are presentment
    money; any other text is true, ``False`` and ``no`` included."""
    return params.rails_boolean(_args().get("in_shop_currency")) is True


def _limit() -> int:
    limit = _int_arg("limit", DEFAULT_LIMIT)
    assert limit is not None
    if limit < 1 or limit > MAX_LIMIT:
        raise errors.BadRequest(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    return limit


def _page(items: list[Any], limit: int, id_of: Callable[[Any], int], filters: dict[str, Any]) -> tuple[list[Any], str | None]:
    """Cursor pagination as Shopify does it: ``page_info`` cursors in a ``Link`` header."""
    raw = _args().get("page_info")
    direction, anchor = "next", None
    if raw:
        try:
            cursor = parse_json(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)))
            direction, anchor, filters = cursor["direction"], int(cursor["anchor"]), cursor["filters"]
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise errors.BadRequest("Invalid page_info", field="page_info") from None
        items = [i for i in items if _matches(i, filters)]
    if anchor is not None:
        items = [i for i in items if id_of(i) > anchor] if direction == "next" else [i for i in items if id_of(i) < anchor]
    page = items[:limit] if direction == "next" else items[-limit:]
    links = []
    if page and (len(items) > limit and direction == "next" or anchor is not None and direction == "previous"):
        links.append(_link(limit, "next", id_of(page[-1]), filters))
    if page and (anchor is not None and direction == "next" or len(items) > limit and direction == "previous"):
        links.append(_link(limit, "previous", id_of(page[0]), filters))
    return page, ", ".join(links) or None


ORDER_LIST_FILTERS = ("ids", "since_id", "status", "financial_status", "fulfillment_status", *ORDER_TIME_FILTERS)
WEBHOOK_LIST_FILTERS = ("topic", "address", "since_id", *WEBHOOK_TIME_FILTERS)


def _no_filter_beside_page_info(filters: tuple[str, ...]) -> None:
    """A next or previous page is asked for by its cursor alone: "The page_info parameter can't be
    modified and must be used exactly as it appears in the link header URL", whose parameters are
    ``page_info``, ``limit`` and ``fields`` (shopify.dev, "Make paginated requests to the REST Admin
    API"); the cursor holds the first page's filters. A filter sent beside it is refused with the
    answer a store gave (``"created_at_min cannot be passed when page_info is present."``, Shopify
    community thread 178900), the first such parameter in the list's order; a connector that sends
    its filters again on every page is refused here as by Shopify, where it was served.

    :raise BadRequest: ``page_info`` and one of ``filters`` in the query.
    """
    if "page_info" not in _args():
        return
    for name in filters:
        if name in _args():
            raise errors.BadRequest(f"{name} cannot be passed when page_info is present.", field=name)


def _matches(item: Any, filters: dict[str, Any]) -> bool:
    times = {k: v for k, v in filters.items() if k in ORDER_TIME_FILTERS}
    return (all(getattr(item, key, None) in allowed for key, allowed in filters.items() if key not in times)
            and (not times or within_times(item, check_order_times(times))))


def _order_times(names: tuple[str, ...] = ORDER_TIME_FILTERS) -> dict[str, str]:
    """The list's time filters given (``created_at_min`` …), as sent (checked by the model)."""
    return {name: _args()[name] for name in names if _args().get(name, "").strip()}


def _link(limit: int, rel: str, anchor: int, filters: dict[str, Any]) -> str:
    token = base64.urlsafe_b64encode(json.dumps({"direction": rel, "anchor": anchor, "filters": filters}).encode())
    query = urlencode({"limit": limit, "page_info": token.decode().rstrip("=")})
    return f'<{request.base_url}?{query}>; rel="{rel}"'


# ==================================================================== orders
@blueprint.post("/orders.json")
def create_order() -> tuple[Response, int]:
    order = _shop().create_order(_body())
    return jsonify(order=order_json(order)), 201


@blueprint.get("/orders.json")
def list_orders() -> Response:
    _no_filter_beside_page_info(ORDER_LIST_FILTERS)
    shop = _shop()
    ids = _args().get("ids")
    id_list = None
    if ids:
        # ASCII digits, as a path's id: int() also reads "٥" or "５", which named the order.
        parsed = [whole_number(i.strip()) for i in ids.split(",") if i.strip()]
        if any(i is None for i in parsed):
            raise errors.BadRequest(f"Invalid ids: {ids}", field="ids")
        id_list = [i for i in parsed if i is not None]
    status = _args().get("status", "open")
    financial_status = _args().get("financial_status", "any")
    fulfillment_status = _args().get("fulfillment_status", "any")
    times = _order_times()
    orders = shop.orders(status=status, financial_status=financial_status, fulfillment_status=fulfillment_status,
                         since_id=_int_arg("since_id"), ids=id_list, times=times)
    filters: dict[str, Any] = dict(times)  # carried in the page_info cursors, re-applied on the next pages
    if financial_status != "any":
        filters["financial_status"] = list(FINANCIAL_STATUS_FILTERS[financial_status] or ())
    if fulfillment_status != "any":
        filters["fulfillment_status"] = list(FULFILLMENT_STATUS_FILTERS[fulfillment_status] or ())
    if id_list is not None:
        filters["id"] = id_list  # else a next page would list orders the first query did not ask for
    page, link = _page(orders, _limit(), lambda o: o.id, filters)
    response = jsonify(orders=[only_fields(order_json(o), _args().get("fields")) for o in page])
    if link:
        response.headers["Link"] = link
    return response


@blueprint.get("/orders/count.json")
def count_orders() -> Response:
    orders = _shop().orders(status=_args().get("status", "open"), financial_status=_args().get("financial_status", "any"),
                            fulfillment_status=_args().get("fulfillment_status", "any"), times=_order_times())
    return jsonify(count=len(orders))


@blueprint.get("/orders/<int:order_id>.json")
def get_order(order_id: int) -> Response:
    return jsonify(order=only_fields(order_json(_shop().order(order_id)), _args().get("fields")))


# ============================================================== transactions
@blueprint.get("/orders/<int:order_id>/transactions.json")
def list_transactions(order_id: int) -> Response:
    since_id = _int_arg("since_id")
    order = _shop().order(order_id)
    txns = [t for t in order.transactions if since_id is None or t.id > since_id]
    in_shop_currency = _in_shop_currency()
    return jsonify(transactions=[only_fields(transaction_json(t, order, in_shop_currency=in_shop_currency),
                                             _args().get("fields")) for t in txns])


@blueprint.get("/orders/<int:order_id>/transactions/count.json")
def count_transactions(order_id: int) -> Response:
    return jsonify(count=len(_shop().order(order_id).transactions))


@blueprint.get("/orders/<int:order_id>/transactions/<int:transaction_id>.json")
def get_transaction(order_id: int, transaction_id: int) -> Response:
    shop = _shop()
    txn = shop.transaction(order_id, transaction_id)
    return jsonify(transaction=only_fields(transaction_json(txn, shop.order(order_id), in_shop_currency=_in_shop_currency()),
                                           _args().get("fields")))


@blueprint.post("/orders/<int:order_id>/transactions.json")
def create_transaction(order_id: int) -> tuple[Response, int]:
    shop = _shop()
    txn = shop.create_transaction(order_id, _body())
    return jsonify(transaction=transaction_json(txn, shop.order(order_id))), 201


@blueprint.post("/orders/<int:order_id>/cancel.json")
def cancel_order(order_id: int) -> Response:
    """Cancel the order (its parameters optional: ``reason``, ``email``, ``refund`` or ``amount``,
    ``restock``, ``currency``): the order as it is now, a cancellation's refund among its refunds."""
    return jsonify(order=order_json(_shop().cancel_order(order_id, _body())))


# =================================================================== refunds
@blueprint.post("/orders/<int:order_id>/refunds/calculate.json")
def calculate_refund(order_id: int) -> Response:
    order, calc = _shop().calculate_refund(order_id, _body())
    return jsonify(refund=calculated_refund_json(calc, order))


@blueprint.post("/orders/<int:order_id>/refunds.json")
def create_refund(order_id: int) -> tuple[Response, int]:
    shop = _shop()
    refund = shop.create_refund(order_id, _body())
    return jsonify(refund=refund_json(refund, shop.order(order_id))), 201


@blueprint.get("/orders/<int:order_id>/refunds.json")
def list_refunds(order_id: int) -> Response:
    """A page of the order's refunds, oldest first: ``limit`` (1–250, default 50) and ``page_info``
    cursors in a ``Link`` header, as the orders list pages (a first page alone would hide the later
    refunds from a reader that checks what was already refunded)."""
    order = _shop().order(order_id)
    page, link = _page(list(order.refunds), _limit(), lambda r: r.id, {})
    in_shop_currency = _in_shop_currency()
    response = jsonify(refunds=[only_fields(refund_json(r, order, in_shop_currency=in_shop_currency), _args().get("fields"))
                                for r in page])
    if link:
        response.headers["Link"] = link
    return response


@blueprint.get("/orders/<int:order_id>/refunds/<int:refund_id>.json")
def get_refund(order_id: int, refund_id: int) -> Response:
    shop = _shop()
    refund = shop.refund(order_id, refund_id)
    return jsonify(refund=only_fields(refund_json(refund, shop.order(order_id), in_shop_currency=_in_shop_currency()),
                                      _args().get("fields")))


# ================================================================== webhooks
@blueprint.post("/webhooks.json")
def create_webhook() -> tuple[Response, int]:
    subscription = _shop().subscribe(_body(), g.shopify_api_version)
    return jsonify(webhook=webhook_json(subscription)), 201


@blueprint.get("/webhooks.json")
def list_webhooks() -> Response:
    """A page of the shop's subscriptions (``topic``, ``address``, ``since_id``, the time filters of
    :data:`WEBHOOK_TIME_FILTERS`), paged as the orders
    list: ``limit`` (1–250, default 50), ``page_info`` cursors in a ``Link`` header that keep the filters."""
    _no_filter_beside_page_info(WEBHOOK_LIST_FILTERS)
    topic, address = _args().get("topic"), _args().get("address")
    times = _order_times(WEBHOOK_TIME_FILTERS)
    bounds = check_order_times(times)
    subs = [s for s in _shop().webhooks.subscriptions(topic=topic, address=address, since_id=_int_arg("since_id"))
            if within_times(s, bounds)]
    filters: dict[str, Any] = {name: [value] for name, value in (("topic", topic), ("address", address)) if value is not None}
    filters.update(times)  # carried in the page_info cursors, as the orders list's
    page, link = _page(subs, _limit(), lambda s: s.id, filters)
    response = jsonify(webhooks=[only_fields(webhook_json(s), _args().get("fields")) for s in page])
    if link:
        response.headers["Link"] = link
    return response


@blueprint.get("/webhooks/count.json")
def count_webhooks() -> Response:
    return jsonify(count=len(_shop().webhooks.subscriptions(topic=_args().get("topic"),
                                                            address=_args().get("address"))))


@blueprint.get("/webhooks/<int:webhook_id>.json")
def get_webhook(webhook_id: int) -> Response:
    return jsonify(webhook=only_fields(webhook_json(_shop().webhooks.get(webhook_id)), _args().get("fields")))


@blueprint.put("/webhooks/<int:webhook_id>.json")
def update_webhook(webhook_id: int) -> Response:
    body = _body()
    data = body.get("webhook") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise errors.BadRequest("Required parameter missing or invalid", field="webhook")
    return jsonify(webhook=webhook_json(_shop().webhooks.update(webhook_id, data)))


@blueprint.delete("/webhooks/<int:webhook_id>.json")
def delete_webhook(webhook_id: int) -> Response:
    _shop().webhooks.delete(webhook_id)
    return jsonify({})


# =================================================================== GraphQL
@blueprint.post("/graphql.json", endpoint="graphql")
def graphql() -> Response:
    query: object  # a JSON body's "query" may be anything; checked below
    if (request.mimetype or "") == "application/graphql":
        query, variables, operation = request.get_data(as_text=True), None, None
    else:
        body = _body()
        if not isinstance(body, dict):
            raise errors.BadRequest("Required parameter missing or invalid", field="query")
        query, variables, operation = body.get("query"), body.get("variables"), body.get("operationName")
    if not isinstance(query, str) or not query.strip():
        raise errors.BadRequest("Required parameter missing or invalid", field="query")
    return jsonify(_graphql_api().execute(_shop(), g.shopify_api_version, query, variables, operation))


@blueprint.before_request
def _graphql_version() -> None:
    """GraphQL is served on the versions whose schema is vendored (FIDELITY.md); another version
    answers 404 as an unknown version does, before the body is read."""
    if request.endpoint == GRAPHQL_ENDPOINT and g.shopify_api_version not in _graphql_api().SERVED_VERSIONS:
        raise errors.NotFound()


def _graphql_api() -> ModuleType:
    """The GraphQL API (:mod:`.graphql`), imported at the first GraphQL request: graphql-core takes
    about 0.1 s to import, in every process that imports the app, and most runs (the feature
    suite's among them) call only REST."""
    from . import graphql

    return graphql



def error_for_status(status: int, description: str) -> errors.ShopifyError:
    """The Shopify-shaped error for a routing failure."""
    if status == 405:
        return errors.MethodNotAllowed(allowed_methods())
    if status == 404:
        return errors.NotFound()
    if status == 400:  # a request refused before any route (a Host that names no host: simulators/app.py)
        return errors.BadRequest(description)
    if status == 401:  # a token refused (the app uninstalled, the token revoked): as Shopify refuses any
        return errors.Unauthorized()
    return errors.InternalError(description)


service = ServiceSpec(
    name=SERVICE,
    state_factory=Shop,
    blueprints=(blueprint, control.blueprint),
    path_prefixes=("/admin/api",),
    error_for_status=error_for_status,
    throttled_retry_after=f"{MIN_RETRY_AFTER:.1f}",  # what Shopify sends (ratelimit)
)
