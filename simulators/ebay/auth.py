"""eBay authentication: the ``Authorization`` header carries the seller's user access token.

- Sell APIs (Fulfillment): ``Authorization: Bearer <token>``.
- Post-Order API v2: eBay documents ``Authorization: TOKEN <Auth'n'Auth token>`` and
  ``Authorization: IAF <OAuth user token>``; ``Bearer`` is accepted too (FIDELITY.md).

The token → tenant lookup is :meth:`TenantRegistry.resolve` with the key ``ebay_token``, here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Request

from .errors import InvalidAccessToken, MissingAccessToken

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant, TenantRegistry

FULFILLMENT_SCHEMES = ("bearer",)
POST_ORDER_SCHEMES = ("iaf", "token", "bearer")


def authenticate(request: Request, registry: "TenantRegistry", schemes: tuple[str, ...]) -> "Tenant":
    """The tenant whose token the request carries under one of ``schemes`` (case-insensitive).

    :raise MissingAccessToken: no ``Authorization`` header.
    :raise InvalidAccessToken: another scheme, or a token no seller was issued.
    """
    header = request.headers.get("Authorization", "").strip()
    if not header:
        raise MissingAccessToken()
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in schemes or not token.strip():
        raise InvalidAccessToken()
    tenant = registry.resolve("ebay_token", token.strip())
    if tenant is None:
        raise InvalidAccessToken()
    return tenant
