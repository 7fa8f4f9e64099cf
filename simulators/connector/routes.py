"""The reference connector's HTTP API, served beside the simulators (``python -m simulators serve``):
the connector API (openapi.yaml, answered as JSON at ``GET /connector/v1/openapi.json``), which any
connector serves to be certified with ``--connector-url``, implemented by the reference connector.

Paths are under ``/connector/v1/accounts/<account>``, and an account here is a tenant of this
server (``POST /_sim/tenants``); the document says what each operation does and answers:

- ``PUT    .../``                           ``{"settings", "simulators", "credentials"}`` → 200 the account
- ``DELETE .../``                           → 204, the account closed
- ``PUT    .../settings``                   ``{"settings"}`` → 200 the account; 400 a refused setting
- ``POST   .../sync-order``                 ``{"order_id"}`` → 200 the order sync result
- ``POST   .../retrieve``                   ``{"source_channel", "order_id"}`` → 200 the Retrieve dialog's result
- ``GET    .../orders``                     → 200 ``{"orders": [...]}`` (each synced order's latest outcome)
- ``GET    .../transactions``               → 200 ``{"transactions": [...]}`` (Other Transactions)
- ``POST   .../transactions/<id>/post|cancel|uncancel`` → 200 the transaction; 404 unknown id
- ``DELETE .../transactions/<id>``          → 204
- ``POST   .../scheduled-sync``             → 204, the syncs due at the tenant's clock run

Beyond the document, for people and tools: ``GET .../`` answers the account, and the set-up may
leave out ``simulators`` and ``credentials`` — the reference then reaches this server at the URL it
was called on with the tenant's own credentials. It lives in the simulators' process, so it reads
and moves the tenant's clock directly rather than at ``simulators.clock_url`` (the same clock).

Bodies are JSON objects naming only the fields above; a field the API does not know is refused
(400 ``invalid_request``, as a body that is not a JSON object, a required field left out or a
field of another type). Errors: ``{"error": {"code", "message", "field"?}}``. A server bound beyond loopback
requires its admin token on every path here, as on the control plane: ``Authorization: Bearer
<token>`` or ``X-Refundsim-Admin-Token``; without it 401 ``unauthorized`` (simulators/core/admin.py).
"""

from __future__ import annotations

import dataclasses
import json
import threading
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request

from simulators.core.http import json_body
from simulators.core.service import ServiceSpec
from simulators.core.tenants import current_registry

from . import contract
from .errors import ConnectorApiError, SettingsError
from .protocol import ConnectorContext
from .reference import ReferenceConnector

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

SERVICE = "connector"
#: The storefront credential blocks a tenant has beside NetSuite's, as ``POST /_sim/tenants`` answers them.
CREDENTIALS = ("netsuite", "shopify", "ebay", "woocommerce", "magento")

blueprint = Blueprint(SERVICE, __name__, url_prefix="/connector/v1")


class ConnectorAccounts:
    """A tenant's connector account in the served reference connector."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.connector: ReferenceConnector | None = None
        self.lock = threading.Lock()

    def configure(self, setup: dict[str, Any]) -> ReferenceConnector:
        """A new connector for the account from its set-up (``settings``, ``simulators``,
        ``credentials``: the document's AccountSetup), replacing the one it had.

        :raise SettingsError: settings the connector refuses to save (nothing changes).
        """
        tenant = self.tenant

        def sleep(seconds: float) -> None:
            tenant.clock.advance(seconds)  # the moved clock it returns is not part of sleep's contract

        credentials = setup["credentials"]
        context = ConnectorContext(
            base_url=setup["simulators"]["base_url"].rstrip("/"), tenant=tenant.id, netsuite=dict(credentials["netsuite"]),
            shopify=dict(credentials["shopify"]), ebay=dict(credentials["ebay"]), settings=setup["settings"],
            magento=dict(credentials.get("magento", {})), woocommerce=dict(credentials.get("woocommerce", {})),
            clock=lambda: tenant.clock.now(), sleep=sleep,
        )
        connector = ReferenceConnector(context)
        with self.lock:
            previous, self.connector = self.connector, connector
        if previous is not None:
            previous.close()
        return connector

    def close(self) -> None:
        """The account is closed, the tenant is reset or deleted, or the server stops: close the
        connector's sessions."""
        with self.lock:
            connector, self.connector = self.connector, None
        if connector is not None:
            connector.close()

    def require(self) -> ReferenceConnector:
        if self.connector is None:
            raise ConnectorApiError("No connector account: PUT the account's set-up first.", 404, "no_account")
        return self.connector


def _quoted(name: str) -> str:
    """A name from the request's path as JSON writes a string (``"OT-99999"``): implementers write
    JSON, and Python's repr (``'OT-99999'``, ``'OT-"x"'``) is not how it quotes."""
    return json.dumps(name, ensure_ascii=False)


def _tenant(tenant_id: str) -> "Tenant":
    """The account's tenant. :raise ConnectorApiError: 404 ``no_account`` when no tenant has that
    id — an account here is a tenant, and the document answers an account the connector does not
    have (or, on createAccount, cannot have) so (its NotFound); ``--connector-url``'s up-front
    check asks for one to prove the API is there."""
    tenant = current_registry().get(tenant_id)
    if tenant is None:
        raise ConnectorApiError(f"No connector account {_quoted(tenant_id)}: here an account is a tenant of this server "
                                "(POST /_sim/tenants); PUT its set-up first.", 404, "no_account")
    return tenant


def _accounts(tenant_id: str) -> ConnectorAccounts:
    """The account's state. :raise ConnectorApiError: 404 ``no_account`` (:func:`_tenant`)."""
    return _tenant(tenant_id).state(SERVICE)


def _invalid(message: str) -> ConnectorApiError:
    # openapi.yaml's Refused: a body the connector cannot read is `invalid_request` (it was
    # `invalid_json`, a code the document does not name; the Node example answers the document's).
    return ConnectorApiError(message, 400, "invalid_request")


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


def _settings(body: dict[str, Any], *, required: bool = False) -> dict[str, Any]:
    """The body's ``settings`` object; left out, ``{}`` (every setting its default) unless
    ``required`` — updateSettings requires it (openapi.yaml), as a body without it would otherwise
    put every setting of the account back to its default."""
    if required and "settings" not in body:
        raise ConnectorApiError("settings is required: the account's settings, the whole set.", field="settings")
    settings = body.get("settings", {})
    if not isinstance(settings, dict):
        raise ConnectorApiError("settings must be an object.", field="settings")
    return settings


def _conforming(pointer: str, value: Any, field: str) -> None:
    """:raise ConnectorApiError: ``value`` breaks the document's schema at ``pointer`` (the field
    named is the first wrong one, as a dotted path from ``field``)."""
    found = contract.problem(pointer, value)
    if found is not None:
        where, _, message = found.partition(": ")
        path = field + where[1:] if where != "$" else field
        raise ConnectorApiError(f"{path}: {message}", field=path)


def _account_json(connector: ReferenceConnector) -> dict[str, Any]:
    return {"account": connector.context.tenant, "settings": connector.settings.as_dict()}


def _transaction_error(transaction_id: str) -> ConnectorApiError:
    return ConnectorApiError(f"No transaction {_quoted(transaction_id)}.", 404, "unknown_transaction")


@blueprint.get("/openapi.json")
def openapi() -> Response:
    """The connector API's OpenAPI document."""
    return jsonify(contract.document())


@blueprint.put("/accounts/<tenant_id>", strict_slashes=False)
def configure(tenant_id: str) -> Response:
    # The connector API's own NotFound (no_account), not the control plane's unknown_tenant.
    tenant = _tenant(tenant_id)
    body = _body(frozenset({"settings", "simulators", "credentials"}))
    settings = _settings(body)
    # Left out: this server, at the URL it was called on, with the tenant's own credentials.
    described = tenant.describe()
    setup = {
        "settings": settings,
        "simulators": body.get("simulators", {
            "base_url": request.host_url.rstrip("/"), "admin_token": None, "tenant": tenant.id,
            "clock_url": f"{request.host_url.rstrip('/')}/_sim/tenants/{tenant.id}/clock"}),
        "credentials": body.get("credentials", {name: described[name] for name in CREDENTIALS if name in described}),
    }
    for field in ("simulators", "credentials"):
        _conforming(f"/components/schemas/{field.capitalize()}", setup[field], field)
    if setup["simulators"]["tenant"] != tenant.id:
        raise ConnectorApiError("simulators.tenant: the reference connector serves the accounts of this server's "
                                f"tenants, and account {tenant.id} is tenant {tenant.id}.", field="simulators.tenant")
    try:
        connector = _accounts(tenant_id).configure(setup)
    except SettingsError as exc:
        raise ConnectorApiError(exc.message, 400, "invalid_setting", field=exc.field) from None
    return jsonify(_account_json(connector))


@blueprint.get("/accounts/<tenant_id>", strict_slashes=False)
def account(tenant_id: str) -> Response:
    return jsonify(_account_json(_accounts(tenant_id).require()))


@blueprint.delete("/accounts/<tenant_id>", strict_slashes=False)
def close(tenant_id: str) -> Response:
    accounts = _accounts(tenant_id)
    accounts.require()
    accounts.close()
    return Response(status=204)


@blueprint.put("/accounts/<tenant_id>/settings")
def update_settings(tenant_id: str) -> Response:
    settings = _settings(_body(frozenset({"settings"})), required=True)
    connector = _accounts(tenant_id).require()
    try:
        connector.update_settings(settings)
    except SettingsError as exc:
        raise ConnectorApiError(exc.message, 400, "invalid_setting", field=exc.field) from None
    return jsonify(_account_json(connector))


@blueprint.post("/accounts/<tenant_id>/sync-order")
def sync_order(tenant_id: str) -> Response:
    order_id = _body(frozenset({"order_id"})).get("order_id")
    if not isinstance(order_id, str):
        raise ConnectorApiError("order_id must be a string.", field="order_id")
    return jsonify(dataclasses.asdict(_accounts(tenant_id).require().sync_order(order_id)))


@blueprint.post("/accounts/<tenant_id>/retrieve")
def retrieve(tenant_id: str) -> Response:
    body = _body(frozenset({"source_channel", "order_id"}))
    channel, order_id = body.get("source_channel"), body.get("order_id")
    if not isinstance(channel, str) or not isinstance(order_id, str):
        raise ConnectorApiError("source_channel and order_id must be strings.", field="source_channel" if not isinstance(channel, str) else "order_id")
    return jsonify(dataclasses.asdict(_accounts(tenant_id).require().retrieve_refunds(channel, order_id)))


@blueprint.get("/accounts/<tenant_id>/transactions")
def transactions(tenant_id: str) -> Response:
    return jsonify(transactions=[dataclasses.asdict(t) for t in _accounts(tenant_id).require().transactions()])


@blueprint.get("/accounts/<tenant_id>/orders")
def orders(tenant_id: str) -> Response:
    return jsonify(orders=[dataclasses.asdict(o) for o in _accounts(tenant_id).require().orders()])


@blueprint.post("/accounts/<tenant_id>/transactions/<transaction_id>/<action>")
def act(tenant_id: str, transaction_id: str, action: str) -> Response:
    _body()
    connector = _accounts(tenant_id).require()
    actions = {"post": connector.post, "cancel": connector.cancel, "uncancel": connector.uncancel}
    if action not in actions:
        raise ConnectorApiError(f"Unknown action {_quoted(action)}: use post, cancel or uncancel.", 404, "unknown_action")
    try:
        return jsonify(dataclasses.asdict(actions[action](transaction_id)))
    except KeyError:
        raise _transaction_error(transaction_id) from None


@blueprint.delete("/accounts/<tenant_id>/transactions/<transaction_id>")
def delete(tenant_id: str, transaction_id: str) -> Response:
    try:
        _accounts(tenant_id).require().delete(transaction_id)
    except KeyError:
        raise _transaction_error(transaction_id) from None
    return Response(status=204)


@blueprint.post("/accounts/<tenant_id>/scheduled-sync")
def scheduled_sync(tenant_id: str) -> Response:
    _body()
    _accounts(tenant_id).require().run_scheduled_sync()
    return Response(status=204)


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
