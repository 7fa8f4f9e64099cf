"""Magento REST routes: HTTP in, model call, HTTP out; the rules are in :mod:`.models`.

Every route answers under ``/rest/V1/...`` (the default store view), ``/rest/<store_code>/V1/...``
and ``/rest/all/V1/...``; any other store code is read by Magento as part of the path, so no route
matches (404 ``Request does not match any route.``), as does a method a path does not take.

- ``GET  /V1/orders/{id}`` (entity id), ``GET /V1/orders?searchCriteria...``
- ``GET  /V1/orders/items?searchCriteria...`` (every order's items)
- ``POST /V1/order/{orderId}/invoice`` → the invoice id
- ``POST /V1/order/{orderId}/refund`` (offline) → the credit memo id
- ``GET  /V1/invoices/{id}``, ``GET /V1/invoices?searchCriteria...``
- ``POST /V1/invoice/{invoiceId}/refund`` (``isOnline``) → the credit memo id
- ``GET  /V1/creditmemo/{id}``, ``GET /V1/creditmemos?searchCriteria...``

Each request authenticates first (:mod:`.auth`; a guest is refused the route's ACL resource), then
its path id and body are read as Magento's web API reads them.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Callable

from flask import Blueprint, Response, current_app, g, jsonify, request

from simulators.core.http import bind_tenant, current_tenant, parse_json
from simulators.core.numbers import MAX_DIGITS
from simulators.core.service import ServiceSpec
from simulators.core.tenants import current_registry

from . import auth, control, errors
from .models import MagentoStore
from .schemas import ACL_CREDITMEMOS, ACL_INVOICES, ACL_ORDER_INVOICE, ACL_ORDER_REFUND, ACL_ORDERS

SERVICE = "magento"
PREFIX = "/rest"
#: The store codes a path may name: the tenant's store view and ``all`` (every store).
STORE_CODES = ("default", "all")
NONCES = "refundsim.magento.nonces"

blueprint = Blueprint(SERVICE, __name__, url_prefix=PREFIX)
#: The ACL resource each endpoint needs (Magento_Sales ``webapi.xml``).
_RESOURCES: dict[str, str] = {}


def _route(method: str, path: str, resource: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view under ``/V1...`` and ``/<store_code>/V1...``."""
    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        blueprint.add_url_rule(path, view_func=view, methods=[method])
        blueprint.add_url_rule(f"/<store_code>{path}", endpoint=f"{view.__name__}_in_store", view_func=view,
                               methods=[method])
        _RESOURCES[f"{SERVICE}.{view.__name__}"] = _RESOURCES[f"{SERVICE}.{view.__name__}_in_store"] = resource
        return view
    return register


@blueprint.url_value_preprocessor
def _store(endpoint: str | None, values: dict[str, Any] | None) -> None:
    store_code = (values or {}).pop("store_code", None)
    if store_code is not None and store_code not in STORE_CODES:
        raise errors.RouteNotFound()


@blueprint.before_request
def _authenticate() -> None:
    resource = _RESOURCES.get(request.endpoint or "", ACL_ORDERS)
    bind_tenant(SERVICE, auth.authenticate(request, current_registry(), current_app.extensions[NONCES], resource))


def _store_of_tenant() -> MagentoStore:
    return current_tenant().state(SERVICE)


def _entity_id(text: str) -> int:
    """A path id as Magento's web API reads an ``int`` parameter.

    :raise MagentoError: 400 not an integer, 400 ``An ID is needed`` for 0, 404 an id no entity can
        have (negative, or longer than any id).
    """
    digits = text[1:] if text.startswith("-") else text
    if not digits or not digits.isascii() or not digits.isdigit():
        raise errors.InvalidType(text, "int")
    if text.startswith("-") or len(digits) > MAX_DIGITS:
        raise errors.NoSuchEntity()
    value = int(digits)
    if value == 0:
        raise errors.IdRequired()
    return value


def _body() -> Any:
    """The request's JSON body (``{}`` when empty), as Magento's web API reads it: the media type of
    ``Content-Type`` (``Rest\\Request::getContentType``), the deserializer configured for exactly
    that type (``DeserializerFactory::get``), then the JSON deserializer.

    :raise MagentoError: 400 ``Content-Type header is empty.`` / ``is invalid.`` / ``UTF-8 is the
        only supported charset.``; 400 ``Server cannot understand Content-Type HTTP header media type
        %1`` for a type without a deserializer (the simulator has none for XML: FIDELITY.md); 400
        ``Decoding error.`` for a body that is not JSON, or not an object or a list.
    """
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    media_type = _media_type(request.headers.get("Content-Type", ""))
    if media_type != JSON_MEDIA_TYPE:  # compared as given: "Application/JSON" has no deserializer
        raise errors.Localized("Server cannot understand Content-Type HTTP header media type %1", [media_type])
    try:
        body = parse_json(raw)
    except ValueError:
        raise errors.DecodingError() from None
    if not isinstance(body, (dict, list)):
        raise errors.DecodingError()
    return body


#: ``Rest\Request::getContentType``'s pattern (case-insensitive; PCRE's ``\d`` is ASCII).
_CONTENT_TYPE = re.compile(r"([a-z\d/\-+.]+)(?:; *charset=(.+))?", re.IGNORECASE | re.ASCII)
#: The JSON deserializer's type in Magento_Webapi's ``di.xml``.
JSON_MEDIA_TYPE = "application/json"


def _media_type(header: str) -> str:
    """The media type of a ``Content-Type`` header as ``Rest\\Request::getContentType`` reads it.

    :raise MagentoError: 400 when the header is empty, does not match the pattern (``type;`` or a
        parameter other than ``charset``), or names a charset other than UTF-8.
    """
    if not header:
        raise errors.Localized("Content-Type header is empty.")
    match = _CONTENT_TYPE.fullmatch(header)
    if match is None:
        raise errors.Localized("Content-Type header is invalid.")
    if match.group(2) is not None and match.group(2).lower() != "utf-8":
        raise errors.Localized("UTF-8 is the only supported charset.")
    return match.group(1)


def _query() -> str:
    return request.query_string.decode("latin-1")


# ------------------------------------------------------------------------------- orders
@_route("GET", "/V1/orders/<order_id>", ACL_ORDERS)
def get_order(order_id: str) -> Response:
    return jsonify(_store_of_tenant().read_order(_entity_id(order_id)))


@_route("GET", "/V1/orders/items", ACL_ORDERS)
def search_order_items() -> Response:
    return jsonify(_store_of_tenant().search_order_items(_query(), current_tenant().settings))


@_route("GET", "/V1/orders", ACL_ORDERS)
def search_orders() -> Response:
    return jsonify(_store_of_tenant().search_orders(_query(), current_tenant().settings))


@_route("POST", "/V1/order/<order_id>/invoice", ACL_ORDER_INVOICE)
def invoice_order(order_id: str) -> Response:
    entity_id = _entity_id(order_id)
    return jsonify(_store_of_tenant().invoice_order(entity_id, _body()))


@_route("POST", "/V1/order/<order_id>/refund", ACL_ORDER_REFUND)
def refund_order(order_id: str) -> Response:
    entity_id = _entity_id(order_id)
    return jsonify(_store_of_tenant().refund_order(entity_id, _body()))


# ------------------------------------------------------------------------------ invoices
@_route("GET", "/V1/invoices/<invoice_id>", ACL_INVOICES)
def get_invoice(invoice_id: str) -> Response:
    return jsonify(_store_of_tenant().read_invoice(_entity_id(invoice_id)))


@_route("GET", "/V1/invoices", ACL_INVOICES)
def search_invoices() -> Response:
    return jsonify(_store_of_tenant().search_invoices(_query(), current_tenant().settings))


@_route("POST", "/V1/invoice/<invoice_id>/refund", ACL_INVOICES)
def refund_invoice(invoice_id: str) -> Response:
    entity_id = _entity_id(invoice_id)
    return jsonify(_store_of_tenant().refund_invoice(entity_id, _body()))


# --------------------------------------------------------------------------- credit memos
@_route("GET", "/V1/creditmemo/<creditmemo_id>", ACL_CREDITMEMOS)
def get_creditmemo(creditmemo_id: str) -> Response:
    return jsonify(_store_of_tenant().read_creditmemo(_entity_id(creditmemo_id)))


@_route("GET", "/V1/creditmemos", ACL_CREDITMEMOS)
def search_creditmemos() -> Response:
    return jsonify(_store_of_tenant().search_creditmemos(_query(), current_tenant().settings))


# ------------------------------------------------------------------------------ the service
def _report_id() -> str:
    """The report id of an internal error: the tenant's store counts them (seeded per scenario);
    before any tenant is known, one derived from the request line, deterministic too."""
    tenant = g.get("refundsim_tenant")
    if tenant is not None:
        store: MagentoStore = tenant.state(SERVICE)
        return store.report_id()
    line = f"{request.method} {request.full_path}".encode()
    return f"webapi-{hashlib.sha256(line).hexdigest()[:13]}"


def error_for_status(status: int, description: str) -> errors.MagentoError:
    """The Magento-shaped error for a routing failure or an armed HTTP fault: no route (and no
    route for this method) is 404 ``Request does not match any route.``; 5xx the production-mode
    internal error; anything else Magento's body with the status's usual words."""
    if status in (404, 405):
        return errors.RouteNotFound()
    if status == 401:
        return errors.NotAuthorized(_RESOURCES.get(request.endpoint or "", ACL_ORDERS))
    if status >= 500:
        return errors.InternalError(_report_id(), status)
    return errors.MagentoError(description or "The request failed.", status=status)


service = ServiceSpec(
    name=SERVICE,
    state_factory=MagentoStore,
    blueprints=(blueprint, control.blueprint),
    path_prefixes=(f"{PREFIX}/",),
    error_for_status=error_for_status,
    extensions={NONCES: auth.NonceCache},
)
