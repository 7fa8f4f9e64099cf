"""The app factory: every simulator, the control plane and the reference connector on one Flask app.

One request pipeline for all services:

1. route by path — vendor paths are spelled as the vendors spell them, so they never collide;
2. authenticate in the service's blueprint (``before_request``), which binds the tenant;
3. the route calls the model, the model applies the rules or raises a vendor-shaped error;
4. one error handler serialises every error in the shape of the service the path belongs to;
5. the exchange is written to the tenant's journal.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from .control import routes as control_routes
from .core.clock import iso
from .core.errors import ControlPlaneError, SimulatorError
from .core.journal import mask_headers
from .core.tenants import TenantRegistry
from .netsuite import routes as netsuite_routes
from .netsuite.auth import NonceCache
from .netsuite.models import NetSuiteAccount
from .shopify import routes as shopify_routes
from .shopify.models import Shop

log = logging.getLogger(__name__)

#: Path prefix → the function that shapes a routing error (404/405) as that vendor would.
_ERROR_SHAPES: list[tuple[str, Callable[[int, str], SimulatorError]]] = [
    ("/services/rest", netsuite_routes.error_for_status),
    ("/admin/api", shopify_routes.error_for_status),
]

DEFAULTS: dict[str, Any] = {
    "SHOPIFY_API_VERSION": "2025-01",
    "JOURNAL_BODY_LIMIT": 64_000,
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the simulator app. ``test_config`` overrides :data:`DEFAULTS`. No import-time state:
    each app has its own tenants."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(test_config or {})
    app.json.sort_keys = False  # vendors print fields in their own order, keep ours stable too

    registry = TenantRegistry(default_api_version=app.config["SHOPIFY_API_VERSION"])
    registry.register_service(netsuite_routes.SERVICE, NetSuiteAccount)
    registry.register_service(shopify_routes.SERVICE, Shop)
    app.extensions["refundsim.tenants"] = registry
    app.extensions["refundsim.netsuite.nonces"] = NonceCache()

    for blueprint in (control_routes.blueprint, netsuite_routes.blueprint, shopify_routes.blueprint):
        app.register_blueprint(blueprint)

    app.register_error_handler(SimulatorError, _simulator_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(_journal)
    return app


def _shape_for(status: int, description: str) -> SimulatorError:
    for prefix, shape in _ERROR_SHAPES:
        if request.path.startswith(prefix):
            return shape(status, description)
    code = {404: "not_found", 405: "method_not_allowed"}.get(status, "error")
    return ControlPlaneError(description, status, code)


def _simulator_error(exc: SimulatorError) -> Response:
    g.refundsim_error = exc
    return exc.to_response()


def _http_error(exc: HTTPException) -> Response:
    return _simulator_error(_shape_for(exc.code or 500, exc.description or exc.name))


def _unexpected_error(exc: Exception) -> Response:
    # A bug of the simulator: logged with its traceback here, answered in the vendor's shape
    # without one, so a connector never sees a stack trace.
    log.exception("simulator error on %s %s", request.method, request.path)
    return _simulator_error(_shape_for(500, f"Unexpected simulator error: {type(exc).__name__}."))


def _journal(response: Response) -> Response:
    tenant = g.get("refundsim_tenant")
    if tenant is None:
        return response
    limit = current_app.config["JOURNAL_BODY_LIMIT"]
    error = g.get("refundsim_error")
    tenant.journal.record(
        at=iso(tenant.clock.now()),
        service=g.refundsim_service,
        method=request.method,
        url=request.url,
        status=response.status_code,
        request_headers=mask_headers(dict(request.headers)),
        request_body=request.get_data(as_text=True)[:limit],
        response_headers=mask_headers(dict(response.headers)),
        response_body=response.get_data(as_text=True)[:limit] if not response.is_streamed else "",
        note=getattr(error, "reason", "") if error is not None else "",
    )
    return response
