"""The reference connector's HTTP API, served beside the simulators (``python -m simulators serve``)
so that people and tools outside Python can drive it, and so the seam is proven with a second,
HTTP-only implementation (tests/http_connector.py).

All paths are under ``/connector/v1/accounts/<tenant>``; the tenant is the one from
``POST /_sim/tenants`` and the connector reaches the simulators at the URL the API was called on.

- ``PUT    .../``                               ``{"settings": {...}}`` → 200 the account (a new account, or the
                                                 existing one's settings saved: its orders and refunds stay); 400 a refused setting
- ``GET    .../``                               → 200 the account
- ``POST   .../orders/<order_id>/sync``         → 200 the order sync result
- ``POST   .../retrieve``                       ``{"source_channel", "order_id"}`` → 200 the Retrieve dialog's result
- ``GET    .../transactions``                   → 200 ``{"transactions": [...]}`` (Other Transactions)
- ``POST   .../transactions/<id>/post|cancel|uncancel`` → 200 the transaction; 404 unknown id
- ``DELETE .../transactions/<id>``              → 204
- ``POST   .../scheduled-sync``                 → 200, runs the syncs due at the tenant's clock
Bodies are JSON objects naming only the fields above (none where none are shown); a field the API
does not know is refused (400). Errors: ``{"error": {"code", "message", "field"?}}``.
A server bound beyond loopback requires its admin token on every path here, as on the control
plane: ``Authorization: Bearer <token>`` or ``X-Refundsim-Admin-Token``; without it 401
``unauthorized`` (simulators/core/admin.py).
"""

from __future__ import annotations

import dataclasses
import threading
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request

from simulators.control.routes import tenant_or_404
from simulators.core.http import json_body
from simulators.core.service import ServiceSpec

from .errors import ConnectorApiError, SettingsError
from .protocol import ConnectorContext
from .reference import ReferenceConnector

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

SERVICE = "connector"

blueprint = Blueprint(SERVICE, __name__, url_prefix="/connector/v1/accounts/<tenant_id>")


class ConnectorAccounts:
    """A tenant's connector account in the served reference connector."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.connector: ReferenceConnector | None = None
        self.lock = threading.Lock()

    def configure(self, base_url: str, settings: dict[str, Any]) -> ReferenceConnector:
        """The tenant's connector account with ``settings``: a new one, or the existing one's settings
        saved (Settings > Save keeps its orders and Other Transactions).

        :raise SettingsError: settings the connector refuses to save (nothing changes).
        """
        with self.lock:
            if self.connector is not None:
                self.connector.update_settings(settings)
                return self.connector
        tenant = self.tenant

        def sleep(seconds: float) -> None:
            tenant.clock.advance(seconds)  # the moved clock it returns is not part of sleep's contract

        context = ConnectorContext(
            base_url=base_url, tenant=tenant.id, netsuite=vars(tenant.netsuite).copy(),
            shopify=vars(tenant.shopify).copy(), ebay=vars(tenant.ebay).copy(), settings=settings,
            magento=vars(tenant.magento).copy(), woocommerce=vars(tenant.woocommerce).copy(),
            clock=lambda: tenant.clock.now(), sleep=sleep,
        )
        connector = ReferenceConnector(context)
        with self.lock:
            if self.connector is not None:
                self.connector.close()
            self.connector = connector
        return connector

    def close(self) -> None:
        """The tenant is reset, deleted or the server stops: close the connector's sessions."""
        with self.lock:
            if self.connector is not None:
                self.connector.close()
                self.connector = None

    def require(self) -> ReferenceConnector:
        if self.connector is None:
            raise ConnectorApiError("No connector account: PUT the account's settings first.", 404, "no_account")
        return self.connector


def _accounts(tenant_id: str) -> ConnectorAccounts:
    return tenant_or_404(tenant_id).state(SERVICE)


def _invalid(message: str) -> ConnectorApiError:
    return ConnectorApiError(message, 400, "invalid_json")


def _body(allowed: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The request's body: a JSON object (``{}`` when empty) naming only ``allowed`` fields — a
    misspelt field is refused, never ignored (a PUT would otherwise reset the account's settings)."""
    body = json_body(_invalid, required=False)
    if not isinstance(body, dict):
        raise ConnectorApiError("The body must be a JSON object.")
    unknown = set(body) - allowed
    if unknown:
        raise ConnectorApiError(f"Unknown field(s): {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    return body


def _account_json(connector: ReferenceConnector) -> dict[str, Any]:
    return {"tenant": connector.context.tenant, "settings": connector.settings.as_dict()}


@blueprint.put("/")
def configure(tenant_id: str) -> Response:
    body = _body(frozenset({"settings"}))
    settings = body.get("settings", {})
    if not isinstance(settings, dict):
        raise ConnectorApiError("settings must be an object.", field="settings")
    try:
        connector = _accounts(tenant_id).configure(request.host_url.rstrip("/"), settings)
    except SettingsError as exc:
        raise ConnectorApiError(exc.message, 400, "invalid_setting", field=exc.field) from None
    return jsonify(_account_json(connector))


@blueprint.get("/")
def account(tenant_id: str) -> Response:
    return jsonify(_account_json(_accounts(tenant_id).require()))


@blueprint.post("/orders/<order_id>/sync")
def sync_order(tenant_id: str, order_id: str) -> Response:
    _body()
    return jsonify(dataclasses.asdict(_accounts(tenant_id).require().sync_order(order_id)))


@blueprint.post("/retrieve")
def retrieve(tenant_id: str) -> Response:
    body = _body(frozenset({"source_channel", "order_id"}))
    channel, order_id = body.get("source_channel"), body.get("order_id")
    if not isinstance(channel, str) or not isinstance(order_id, str):
        raise ConnectorApiError("source_channel and order_id must be strings.", field="source_channel" if not isinstance(channel, str) else "order_id")
    return jsonify(dataclasses.asdict(_accounts(tenant_id).require().retrieve_refunds(channel, order_id)))


@blueprint.get("/transactions")
def transactions(tenant_id: str) -> Response:
    return jsonify(transactions=[dataclasses.asdict(t) for t in _accounts(tenant_id).require().transactions()])


@blueprint.post("/transactions/<transaction_id>/<action>")
def act(tenant_id: str, transaction_id: str, action: str) -> Response:
    _body()
    connector = _accounts(tenant_id).require()
    actions = {"post": connector.post, "cancel": connector.cancel, "uncancel": connector.uncancel}
    if action not in actions:
        raise ConnectorApiError(f"Unknown action {action!r}: use post, cancel or uncancel.", 404, "unknown_action")
    try:
        return jsonify(dataclasses.asdict(actions[action](transaction_id)))
    except KeyError:
        raise ConnectorApiError(f"No transaction {transaction_id!r}.", 404, "unknown_transaction") from None


@blueprint.delete("/transactions/<transaction_id>")
def delete(tenant_id: str, transaction_id: str) -> Response:
    try:
        _accounts(tenant_id).require().delete(transaction_id)
    except KeyError:
        raise ConnectorApiError(f"No transaction {transaction_id!r}.", 404, "unknown_transaction") from None
    return Response(status=204)


@blueprint.post("/scheduled-sync")
def scheduled_sync(tenant_id: str) -> Response:
    _body()
    _accounts(tenant_id).require().run_scheduled_sync()
    return jsonify(ran=True)


def error_for_status(status: int, description: str) -> ConnectorApiError:
    code = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}.get(status, "error")
    return ConnectorApiError(description, status, code)


service = ServiceSpec(
    name=SERVICE,
    state_factory=ConnectorAccounts,
    blueprints=(blueprint,),
    path_prefixes=("/connector/",),
    error_for_status=error_for_status,
)
