"""The Shopify part of the control plane (never on a vendor path):

- ``GET  /_sim/tenants/<tenant>/shopify/rate-limit`` → ``{"rate_limit", "bucket_size", "leak_rate", "used"}``
- ``PUT  /_sim/tenants/<tenant>/shopify/rate-limit`` ``{"rate_limit"?: bool, "bucket_size"?: int|null,
  "leak_rate"?: number|null, "used"?: number}`` → the same; ``used`` sets how full the bucket is now
- ``GET  /_sim/tenants/<tenant>/shopify/webhooks/deliveries`` → ``{"deliveries": [...]}`` (the outbox)
- ``POST /_sim/tenants/<tenant>/shopify/webhooks/flush`` ``{"force"?: bool}`` → ``{"attempts": [...],
  "pending": n}``: sends every delivery that is due (every pending one with ``force``) and waits for them
- ``GET  /_sim/tenants/<tenant>/shopify/currency`` → ``{"currency": "USD", "rates": {"EUR": "1.085", ...}}``
- ``PUT  /_sim/tenants/<tenant>/shopify/currency`` ``{"currency"?: "USD", "rates"?: {"EUR": "1.085"}}`` → the
  same: the shop currency, and the presentment currencies the shop sells in with their rate (shop
  currency per unit: 1 EUR = 1.085 USD). A new currency without ``rates`` clears the rates. Orders
  keep the currency and rate they were placed with.
- ``GET  /_sim/tenants/<tenant>/shopify/refund-declines`` → ``{"count", "error_code", "parent_id", "status"}``
- ``POST /_sim/tenants/<tenant>/shopify/refund-declines`` ``{"count": n, "error_code"?: "card_declined",
  "parent_id"?: <payment transaction id>, "status"?: "failure"}`` → the same: the gateway declines the
  next ``n`` refunds that move money (``0`` disarms); each is made with its transactions ``failure``
  (or ``error``, the gateway could not process them; ``error_code`` then ``processing_error`` unless
  given) and that ``error_code``, and refunds nothing. With ``parent_id`` (a payment whose card was closed) only
  refunds with a transaction on that payment use a decline, and only that transaction fails: the
  refund's other transactions go through
- ``GET  /_sim/tenants/<tenant>/shopify/refund-pending`` → ``{"count", "hours"}``
- ``POST /_sim/tenants/<tenant>/shopify/refund-pending`` ``{"count": n, "hours": h}`` → the same: the
  gateway holds the next ``n`` refunds that move money pending (``0`` disarms; ``h`` a whole number
  from 1 to 720): each is made with its transactions ``pending``, its goods refunded and its money on
  its way, and they settle to ``success`` once the tenant's clock has moved ``h`` hours past the
  refund (checked before every Shopify request and after every move of the clock). A transaction
  the gateway declines (``refund-declines``) is not held

It also checks ``settings.shopify`` of ``POST /_sim/tenants`` (400 when a rate-limit value is
invalid) and, after ``POST /_sim/tenants/<tenant>/clock``, settles the refunds held pending whose time
has come and delivers the webhooks that became due.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from flask import Blueprint, Response, jsonify, request

from simulators.control.routes import control_body, tenant_or_404
from simulators.core.errors import ControlPlaneError
from simulators.core.http import json_body
from simulators.core.tenants import current_registry

from .ratelimit import SETTING_KEYS, RateLimitSettings

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

    from .models import Shop

SERVICE = "shopify"
blueprint = Blueprint("shopify_control", __name__, url_prefix="/_sim/tenants/<tenant_id>/shopify")


def _shop(tenant_id: str) -> "Shop":
    return tenant_or_404(tenant_id).state(SERVICE)


def existing_shop(tenant: "Tenant") -> "Shop | None":
    """The tenant's shop if Shopify has been used; never creates one (creating a shop draws ids
    from the tenant's seeded random source, which would shift the other services' ids)."""
    with tenant.lock:
        return tenant.peek(SERVICE)


def deliver_after(response: Response, shop: "Shop | None") -> None:
    """Deliver the shop's due webhooks once ``response`` has been sent (not under any lock)."""
    if shop is not None and shop.webhooks.has_due():
        response.call_on_close(shop.webhooks.deliver_due)


# ================================================================= rate limit
@blueprint.get("/rate-limit")
def read_rate_limit(tenant_id: str) -> Response:
    """The shop's REST leaky bucket: size, leak rate, calls in it."""
    tenant = tenant_or_404(tenant_id)
    shop: Shop = tenant.state(SERVICE)
    return jsonify(shop.rate_limit.status(tenant.clock.timestamp()))


@blueprint.put("/rate-limit")
def change_rate_limit(tenant_id: str) -> Response:
    """Change the shop's bucket (size, leak rate) or how full it is."""
    tenant = tenant_or_404(tenant_id)
    shop: Shop = tenant.state(SERVICE)
    body = control_body(SETTING_KEYS | {"used"})
    try:
        settings = RateLimitSettings.parse({k: v for k, v in body.items() if k in SETTING_KEYS}, shop.rate_limit.settings)
    except ValueError as exc:
        raise ControlPlaneError(str(exc).replace("settings.shopify.", ""), 400, "invalid_body") from None
    used = body.get("used")
    if used is not None and (isinstance(used, bool) or not isinstance(used, (int, float)) or used < 0
                             or used > settings.bucket_size):
        raise ControlPlaneError(f"used must be a number between 0 and {settings.bucket_size}.", 400, "invalid_body")
    shop.rate_limit.configure(settings, used)
    return jsonify(shop.rate_limit.status(tenant.clock.timestamp()))


# =================================================================== webhooks
@blueprint.get("/webhooks/deliveries")
def deliveries(tenant_id: str) -> Response:
    """Every webhook delivery attempt of the shop, with its outcome."""
    return jsonify(deliveries=[d.as_dict() for d in _shop(tenant_id).webhooks.deliveries()])


@blueprint.post("/webhooks/flush")
def flush(tenant_id: str) -> Response:
    """Deliver the webhooks that are due now (``force``: every pending one)."""
    shop = _shop(tenant_id)
    force = control_body({"force"}).get("force", False)
    if not isinstance(force, bool):
        raise ControlPlaneError("force must be true or false.", 400, "invalid_body")
    attempts = shop.webhooks.deliver_due(wait=True, force=force)
    pending = sum(1 for d in shop.webhooks.deliveries() if d.status == "pending")
    return jsonify(attempts=attempts, pending=pending)


# ====================================================== currency and declines
@blueprint.route("/currency", methods=["GET", "PUT"])
def currency(tenant_id: str) -> Response:
    """The shop currency and the presentment currencies it sells in, with their rates (shop currency
    per unit); PUT sets the currency and/or the rates."""
    if request.method == "GET":
        return jsonify(_shop(tenant_id).currency_settings())
    return _change(tenant_id, {"currency", "rates"}, lambda shop, body: shop.change_currency(body))


@blueprint.route("/refund-declines", methods=["GET", "POST"])
def refund_declines(tenant_id: str) -> Response:
    """How many more refunds the gateway declines, and with which error code; POST arms the next
    ``count`` (0 disarms)."""
    if request.method == "GET":
        return jsonify(_shop(tenant_id).armed_declines())
    return _change(tenant_id, {"count", "error_code", "parent_id", "status"}, lambda shop, body: shop.arm_declines(body))


@blueprint.route("/refund-pending", methods=["GET", "POST"])
def refund_pending(tenant_id: str) -> Response:
    """How many more refunds the gateway holds pending, and for how many hours; POST arms the next
    ``count`` (0 disarms)."""
    if request.method == "GET":
        return jsonify(_shop(tenant_id).armed_holds())
    return _change(tenant_id, {"count", "hours"}, lambda shop, body: shop.arm_holds(body))


def _change(tenant_id: str, fields: set[str], change: Callable[["Shop", dict[str, Any]], dict[str, Any]]) -> Response:
    """Apply a change of the shop's settings from a body naming only ``fields``; the change checks
    everything before it changes anything, and its ``ValueError`` is a 400 ``invalid_body``."""
    shop = _shop(tenant_id)
    body = control_body(fields)
    try:
        return jsonify(change(shop, body))
    except ValueError as exc:
        raise ControlPlaneError(str(exc), 400, "invalid_body") from None


# ============================================================ control hooks
@blueprint.before_app_request
def _check_tenant_settings() -> None:
    """``POST /_sim/tenants`` with invalid Shopify rate-limit settings is refused (400)."""
    if request.endpoint != "control.create_tenant":
        return
    try:
        body = json_body(lambda m: ControlPlaneError(m, 400, "invalid_json"), required=False)
    except ControlPlaneError:
        return  # not JSON: the route itself refuses it
    settings = body.get("settings") if isinstance(body, dict) else None
    if not isinstance(settings, dict) or "shopify" not in settings:
        return
    try:
        RateLimitSettings.from_tenant(settings)
    except ValueError as exc:
        raise ControlPlaneError(str(exc), 400, "invalid_body") from None


@blueprint.after_app_request
def _deliver_after_clock(response: Response) -> Response:
    """A move of a tenant's clock may make held refunds settle and webhook retries due: settle them,
    and deliver the webhooks after the answer."""
    if request.endpoint == "control.advance_clock" and response.status_code == 200:
        tenant = current_registry().get((request.view_args or {}).get("tenant_id", ""))
        if tenant is not None:
            shop = existing_shop(tenant)
            if shop is not None:
                shop.settle_due()  # the held refunds whose time has come settle as the clock moves
            deliver_after(response, shop)
    return response
