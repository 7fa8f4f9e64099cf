"""Control plane routes: what only a test does (create tenants, read the journal, move the clock,
arm faults). Never on a vendor path. ``GET /_sim/`` lists every route with a line on what it does.

**The admin token** (simulators/core/admin.py). A server bound to loopback (``127.0.0.0/8``,
``::1``, ``localhost``; ``python -m simulators serve``'s default) asks for nothing, as the
in-process and live transports of the harness never do. Bound to any other address (``--host
0.0.0.0``, ``::``, a LAN address) every route here and of the connector API (``/connector/``)
requires the server's admin token — ``--admin-token``, else ``REFUNDSIM_ADMIN_TOKEN``, else one
generated and printed once when the server starts; a token given is enforced on loopback too.
Send it as ``Authorization: Bearer <token>`` (or ``X-Refundsim-Admin-Token: <token>`` when
``Authorization`` carries something else)::

    curl -s -X POST http://host:8000/_sim/tenants -H "Authorization: Bearer $REFUNDSIM_ADMIN_TOKEN" \
         -H 'Content-Type: application/json' -d '{}'

Without it, or with another, 401 ``{"error": {"code": "unauthorized", "message"}}`` and
``WWW-Authenticate: Bearer realm="refundsim"``; nothing changes. ``GET /_sim/health`` stays open
for liveness probes (it answers nothing but ``{"status": "ok"}``). The vendor APIs keep their own
authentication and never take the token.

- ``POST /_sim/tenants`` ``{"seed"?: int (0 to 2**53 - 1), "settings"?: {...}}`` → 201 the tenant and its credentials;
  ``settings`` holds only the services' known settings (:data:`TENANT_SETTINGS`), else 400;
  ``settings.netsuite.m2m_certificate`` (PEM) is the certificate of NetSuite's OAuth 2.0 M2M mapping,
  refused (400) as NetSuite refuses an upload; without it the answer's ``netsuite.m2m_private_key``
  signs the client assertion (simulators/netsuite/certificates.py)
- ``GET /_sim/tenants/<tenant>`` → 200 the same
- ``DELETE /_sim/tenants/<tenant>`` → 204 (requests its faults hold are let go)
- ``POST /_sim/tenants/<tenant>/reset`` → 200, that tenant's records, journal, clock and faults
  forgotten (requests its faults hold are let go)
- ``GET /_sim/tenants/<tenant>/journal?since=<seq>`` → 200 ``{"entries": [...]}``
- ``POST /_sim/tenants/<tenant>/clock`` ``{"advance_seconds": N}`` → 200 ``{"now": ISO-8601}``
- ``GET /_sim/tenants/<tenant>/clock`` → 200 ``{"now": ISO-8601}``
- ``GET /_sim/tenants/<tenant>/snapshot`` → 200 the tenant's records at a glance (evidence)
- ``GET /_sim/tenants/<tenant>/evidence?since=<seq>&records=true|false`` → 200 ``{"entries": [...],
  "clock": {"now", "offset_seconds"}, "records"?: {...}}``: the journal, the clock and (with
  ``records=true``) the snapshot in one read — what the harness attaches around a step
- ``GET /_sim/health`` → 200 ``{"status": "ok"}``
- ``POST /_sim/tenants/<tenant>/faults`` ``{"service", "method"?, "path"? (regex), "count"? (1), and one
  of "status" (+ "headers"?, "body"?, "after_commit"?) | "latency_ms" | "drop": "before"|"after_commit" |
  "timeout": true (+ "hold_ms"?)}`` → 201 the fault with its ``id`` (see :mod:`simulators.core.faults`);
  400 ``invalid_fault`` outside the bounds :mod:`simulators.core.faults` states: ``count`` 1 to
  10,000, ``method`` DELETE|GET|HEAD|OPTIONS|PATCH|POST|PUT, ``path`` at most 200 characters with
  no backreference, no nested quantifier and at most 3 quantifiers that vary, ``Retry-After`` 0 to
  10,000 seconds
- ``GET /_sim/tenants/<tenant>/faults`` → 200 ``{"faults": [...]}`` with ``remaining`` and ``fired`` counts
- ``DELETE /_sim/tenants/<tenant>/faults`` → 204, every fault of the tenant disarmed (the waits they cause end)
- ``DELETE /_sim/tenants/<tenant>/faults/<id>`` → 204, that fault disarmed (the waits it causes end)

Bodies (here and in each service's ``control.py``) are JSON objects naming only the fields shown;
anything else is 400 ``{"error": {"code", "message"}}``: ``invalid_json``, or ``invalid_body`` for
a body that is not an object or names a field the route does not know (:func:`control_body`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from simulators.core import faults
from simulators.core.clock import iso
from simulators.core.errors import ControlPlaneError
from simulators.core.http import json_body
from simulators.core.numbers import whole_number
from simulators.core.tenants import MAX_SEED, Tenant, current_registry
from simulators.magento.schemas import SHIPPING_DISPLAYS
from simulators.netsuite.certificates import CertificateRefused

from .snapshot import snapshot, step_evidence

blueprint = Blueprint("control", __name__, url_prefix="/_sim")


def _invalid(message: str) -> ControlPlaneError:
    return ControlPlaneError(message, 400, "invalid_json")


def tenant_or_404(tenant_id: str) -> Tenant:
    """:raise ControlPlaneError: 404 when no such tenant exists."""
    tenant = current_registry().get(tenant_id)
    if tenant is None:
        raise ControlPlaneError(f"No tenant {json.dumps(tenant_id)}.", 404, "unknown_tenant")
    return tenant


def control_body(allowed: AbstractSet[str]) -> dict[str, Any]:
    """A control-plane request's body: a JSON object (``{}`` when empty) naming only ``allowed``
    fields. Every control route reads its body here, so every one refuses the same way.

    :raise ControlPlaneError: 400 ``invalid_json`` (not JSON) or ``invalid_body`` (not an object,
        or an unknown field).
    """
    body = json_body(_invalid, required=False)
    if not isinstance(body, dict):
        raise ControlPlaneError("The body must be a JSON object.", 400, "invalid_body")
    unknown = set(body) - allowed
    if unknown:
        raise ControlPlaneError(f"Unknown field(s): {', '.join(sorted(unknown))}.", 400, "invalid_body")
    return body


@blueprint.get("/")
def index() -> Response:
    """This list: every control-plane route, what it does, and where the rest is documented."""
    routes = []
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(blueprint.url_prefix or "/_sim"):
            continue
        view = current_app.view_functions[rule.endpoint]
        summary = " ".join((view.__doc__ or "").strip().split("\n\n")[0].split())
        routes.append({"methods": sorted(m for m in rule.methods or () if m not in ("HEAD", "OPTIONS")),
                       "path": rule.rule, "summary": summary})
    return jsonify(
        control_plane=routes,
        documentation={
            "control plane": "simulators/control/routes.py and each service's control.py",
            "connector API": "/connector/v1/accounts/<tenant_id> (its OpenAPI document: /connector/v1/openapi.json)",
            "admin token": "required here and on the connector API when the server is bound beyond "
                           "loopback (simulators/core/admin.py)",
            "fidelity": "simulators/<service>/FIDELITY.md",
        },
    )


@blueprint.get("/health")
def health() -> Response:
    """The simulators are up."""
    return jsonify(status="ok")


def _whole_from_1(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _non_empty_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


#: The tenant settings the simulators read (``POST /_sim/tenants`` ``{"settings": {...}}``), by
#: service: name → (is it valid, what it must be). Shopify's values are checked by its own hook
#: (simulators/shopify/control.py, RateLimitSettings); here only their names. A setting nothing
#: reads, or of a type its reader ignores, was taken and the tenant ran on the defaults.
TENANT_SETTINGS: dict[str, dict[str, tuple[Callable[[Any], bool], str]]] = {
    "shopify": {name: (lambda value: True, "") for name in ("rate_limit", "bucket_size", "leak_rate")},
    "netsuite": {
        "concurrency_limit": (_whole_from_1, "an integer >= 1 (requests in flight at once)"),
        "m2m_certificate_id": (_non_empty_text, "a non-empty string (the OAuth 2.0 M2M certificate id)"),
        # What NetSuite's M2M setup takes of it is checked when the tenant is made (TenantRegistry.create).
        "m2m_certificate": (lambda value: isinstance(value, str),
                            "an X.509 certificate in PEM, its public part (-----BEGIN CERTIFICATE-----)"),
    },
    "magento": {
        "integration_as_bearer": (lambda value: isinstance(value, bool), "true or false"),
        "input_limits": (lambda value: isinstance(value, bool), "true or false"),
        "shipping_display": (lambda value: isinstance(value, str) and value in SHIPPING_DISPLAYS,
                             '"excluding_tax", "including_tax" or "both"'),
    },
}


def _tenant_settings(settings: Any) -> dict[str, Any]:
    """``settings`` of a new tenant: an object of the services' known settings (:data:`TENANT_SETTINGS`).

    :raise ControlPlaneError: 400 ``invalid_body`` naming the first setting outside them.
    """
    if not isinstance(settings, dict):
        raise ControlPlaneError("settings must be an object.", 400, "invalid_body")
    for service, values in settings.items():
        known = TENANT_SETTINGS.get(service)
        if known is None:
            raise ControlPlaneError(f"settings.{service}: no simulator has settings of that name; known: "
                                    f"{', '.join(sorted(TENANT_SETTINGS))}.", 400, "invalid_body")
        if not isinstance(values, dict):
            raise ControlPlaneError(f"settings.{service} must be an object.", 400, "invalid_body")
        for name, value in values.items():
            if name not in known:
                raise ControlPlaneError(f"settings.{service}.{name}: unknown setting; known: "
                                        f"{', '.join(sorted(known))}.", 400, "invalid_body")
            valid, expected = known[name]
            if not valid(value):
                raise ControlPlaneError(f"settings.{service}.{name} must be {expected}.", 400, "invalid_body")
    return settings


@blueprint.post("/tenants")
def create_tenant() -> tuple[Response, int]:
    """Create a tenant (a NetSuite account, a Shopify shop, an eBay seller...) and answer its credentials."""
    body = control_body({"seed", "settings"})
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED):
        raise ControlPlaneError(f"seed must be an integer from 0 to {MAX_SEED:,}.", 400, "invalid_body")
    settings = _tenant_settings(body.get("settings", {}))
    try:
        tenant = current_registry().create(seed=seed, settings=settings)
    except CertificateRefused as refused:
        raise ControlPlaneError(f"settings.netsuite.m2m_certificate {refused}.", 400, "invalid_body") from None
    return jsonify(tenant.describe()), 201


@blueprint.get("/tenants/<tenant_id>")
def get_tenant(tenant_id: str) -> Response:
    """A tenant and its credentials."""
    return jsonify(tenant_or_404(tenant_id).describe())


@blueprint.delete("/tenants/<tenant_id>")
def delete_tenant(tenant_id: str) -> Response:
    """Delete a tenant (requests its faults hold are let go)."""
    tenant_or_404(tenant_id)
    current_registry().delete(tenant_id)
    return Response(status=204)


@blueprint.post("/tenants/<tenant_id>/reset")
def reset_tenant(tenant_id: str) -> Response:
    """Forget a tenant's records, journal, clock and faults; keep its credentials and seed."""
    tenant = tenant_or_404(tenant_id)
    control_body(set())
    tenant.reset()
    return jsonify(tenant=tenant.id, reset=True)


def _since() -> int:
    """The ``since`` query parameter (default 0).

    :raise ControlPlaneError: 400 ``invalid_query``, not a whole number.
    """
    since = whole_number(request.args.get("since", "0"))
    if since is None:
        raise ControlPlaneError("since must be a non-negative integer.", 400, "invalid_query")
    return since


@blueprint.get("/tenants/<tenant_id>/journal")
def journal(tenant_id: str) -> Response:
    """The tenant's vendor-API exchanges after sequence number ``since`` (secrets masked)."""
    tenant = tenant_or_404(tenant_id)
    return jsonify(entries=[e.as_dict() for e in tenant.journal.since(_since())])


@blueprint.get("/tenants/<tenant_id>/evidence")
def evidence(tenant_id: str) -> Response:
    """The journal's exchanges after ``since``, the clock and, with ``records=true``, the records at
    a glance: one read where a step's evidence took three (a harness against a served server reads
    this around every step, so each round trip saved is one per step of every scenario)."""
    tenant = tenant_or_404(tenant_id)
    since = _since()
    records = request.args.get("records", "false")
    if records not in ("true", "false"):
        raise ControlPlaneError("records must be true or false.", 400, "invalid_query")
    return jsonify(step_evidence(tenant, since, records == "true"))


@blueprint.get("/tenants/<tenant_id>/snapshot")
def tenant_snapshot(tenant_id: str) -> Response:
    """The tenant's records at a glance (simulators/control/snapshot.py), for report evidence."""
    return jsonify(snapshot(tenant_or_404(tenant_id)))


@blueprint.get("/tenants/<tenant_id>/clock")
def read_clock(tenant_id: str) -> Response:
    """The tenant's simulator clock."""
    tenant = tenant_or_404(tenant_id)
    return jsonify(tenant.clock.reading())


@blueprint.post("/tenants/<tenant_id>/clock")
def advance_clock(tenant_id: str) -> Response:
    """Move the tenant's simulator clock forward by ``advance_seconds``."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"advance_seconds"})
    seconds = body.get("advance_seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise ControlPlaneError("advance_seconds must be a number >= 0.", 400, "invalid_body")
    try:
        now = tenant.clock.advance(seconds)
    except ValueError as exc:
        raise ControlPlaneError(f"{exc}.", 400, "invalid_body") from None
    return jsonify(now=iso(now), offset_seconds=tenant.clock.offset_seconds)


# ------------------------------------------------------------------ faults
@blueprint.post("/tenants/<tenant_id>/faults")
def arm_fault(tenant_id: str) -> tuple[Response, int]:
    """Arm a fault on the tenant's next matching requests (simulators/core/faults.py)."""
    tenant = tenant_or_404(tenant_id)
    body = json_body(_invalid, required=True)
    fault = faults.book(tenant).arm(body, current_app.extensions["refundsim.services"])
    return jsonify(fault.describe()), 201


@blueprint.get("/tenants/<tenant_id>/faults")
def list_faults(tenant_id: str) -> Response:
    """The tenant's armed faults, with how often each fired."""
    tenant = tenant_or_404(tenant_id)
    return jsonify(faults=[f.describe() for f in faults.book(tenant).all()])


@blueprint.delete("/tenants/<tenant_id>/faults")
def clear_faults(tenant_id: str) -> Response:
    """Disarm every fault of the tenant."""
    faults.book(tenant_or_404(tenant_id)).clear()
    return Response(status=204)


@blueprint.delete("/tenants/<tenant_id>/faults/<fault_id>")
def disarm_fault(tenant_id: str, fault_id: str) -> Response:
    """Disarm one fault."""
    if not faults.book(tenant_or_404(tenant_id)).remove(fault_id):
        raise ControlPlaneError(f"No fault {json.dumps(fault_id)} for tenant {json.dumps(tenant_id)}.", 404, "unknown_fault")
    return Response(status=204)
