"""Shopify Admin API authentication: the ``X-Shopify-Access-Token`` header names the shop."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Request

from .errors import Unauthorized

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant, TenantRegistry


def authenticate(request: Request, registry: "TenantRegistry") -> "Tenant":
    """:raise Unauthorized: no token, or a token no shop issued."""
    token = request.headers.get("X-Shopify-Access-Token", "")
    tenant = registry.resolve("shopify_token", token) if token else None
    if tenant is None:
        raise Unauthorized()
    return tenant
