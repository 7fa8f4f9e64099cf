"""Small HTTP helpers every service's routes share: reading a JSON body, marking the tenant of a
request for the journal."""

from __future__ import annotations

import json
from typing import Any, Callable

from flask import g, request

from .errors import SimulatorError
from .tenants import Tenant


def json_body(invalid: Callable[[str], SimulatorError], *, required: bool = True) -> Any:
    """The request's JSON body; ``{}`` when empty and not ``required``.

    :raise SimulatorError: ``invalid(message)`` — the service's own error — when the body is not JSON.
    """
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise invalid("The request body is empty; a JSON document is required.")
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid(f"The request body is not valid JSON: {exc}.") from None


def bind_tenant(service: str, tenant: Tenant) -> Tenant:
    """Remember which tenant and service the current request belongs to (read by the journal)."""
    g.refundsim_service = service
    g.refundsim_tenant = tenant
    return tenant


def current_tenant() -> Tenant:
    """The tenant bound by the service's authentication for this request."""
    return g.refundsim_tenant
