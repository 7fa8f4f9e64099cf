"""Shopify Admin REST routes (``/admin/api/<version>/...``): HTTP in, model call, HTTP out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify, request

from simulators.core.http import bind_tenant, current_tenant, json_body
from simulators.core.service import ServiceSpec
from simulators.core.tenants import current_registry

from . import auth, errors
from .models import Shop
from .schemas import SUPPORTED_VERSIONS, order_json, refund_json, transaction_json

SERVICE = "shopify"

blueprint = Blueprint(SERVICE, __name__, url_prefix="/admin/api/<version>")


@blueprint.url_value_preprocessor
def _version(endpoint: str | None, values: dict[str, Any] | None) -> None:
    version = (values or {}).pop("version", None)
    if version not in SUPPORTED_VERSIONS:
        raise errors.NotFound()
    g.shopify_api_version = version


@blueprint.before_request
def _authenticate() -> None:
    bind_tenant(SERVICE, auth.authenticate(request, current_registry()))


@blueprint.after_request
def _version_header(response: Response) -> Response:
    if "shopify_api_version" in g:
        response.headers["X-Shopify-API-Version"] = g.shopify_api_version
    return response


def _shop() -> Shop:
    return current_tenant().state(SERVICE)


def _bad_json(message: str) -> errors.ShopifyError:
    return errors.BadRequest(message)


@blueprint.post("/orders.json")
def create_order() -> tuple[Response, int]:
    order = _shop().create_order(json_body(_bad_json))
    return jsonify(order=order_json(order)), 201


@blueprint.get("/orders.json")
def list_orders() -> Response:
    return jsonify(orders=[order_json(o) for o in _shop().orders()])


@blueprint.get("/orders/<int:order_id>.json")
def get_order(order_id: int) -> Response:
    return jsonify(order=order_json(_shop().order(order_id)))


@blueprint.get("/orders/<int:order_id>/transactions.json")
def list_transactions(order_id: int) -> Response:
    return jsonify(transactions=[transaction_json(t) for t in _shop().order(order_id).transactions])


@blueprint.post("/orders/<int:order_id>/refunds.json")
def create_refund(order_id: int) -> tuple[Response, int]:
    refund = _shop().create_refund(order_id, json_body(_bad_json))
    return jsonify(refund=refund_json(refund)), 201


@blueprint.get("/orders/<int:order_id>/refunds.json")
def list_refunds(order_id: int) -> Response:
    return jsonify(refunds=[refund_json(r) for r in _shop().order(order_id).refunds])


def error_for_status(status: int, description: str) -> errors.ShopifyError:
    """The Shopify-shaped error for a routing failure."""
    if status == 405:
        return errors.MethodNotAllowed()
    if status == 404:
        return errors.NotFound()
    return errors.InternalError(description)


service = ServiceSpec(
    name=SERVICE,
    state_factory=Shop,
    blueprints=(blueprint,),
    path_prefixes=("/admin/api",),
    error_for_status=error_for_status,
)
