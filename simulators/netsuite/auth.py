"""NetSuite Token-Based Authentication: OAuth 1.0a with HMAC-SHA256, verified as NetSuite does.

The signature base string is rebuilt from the URL the client actually called (scheme, host, port,
path, query) with oauthlib's RFC 5849 functions, so any standard client (requests-oauthlib,
authlib) works unchanged. Refused with 401 ``INVALID_LOGIN`` and ``WWW-Authenticate``:
no or malformed header, a method other than HMAC-SHA256 (SHA-1 ended in 2023.1), unknown token or
consumer key, an ``oauth_*`` parameter sent more than once (in the header, or in the header and
the query or form body: RFC 5849 §3.1/§3.2), a realm that is not the account id, a timestamp more
than 5 minutes from the simulator clock, a nonce seen before, a wrong signature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Request

from simulators.core import oauth1
from simulators.core.clock import process_now
from simulators.core.numbers import whole_number

from .errors import InvalidLogin

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant, TenantRegistry

#: How far a client's oauth_timestamp may be from the simulator clock, in seconds.
TIMESTAMP_TOLERANCE = 300
_REQUIRED = ("oauth_consumer_key", "oauth_token", "oauth_nonce", "oauth_timestamp",
             "oauth_signature_method", "oauth_signature")


class NonceCache(oauth1.NonceCache):
    """Nonces seen within the timestamp window, per tenant: a replayed request is refused."""

    def __init__(self) -> None:
        super().__init__(horizon=2 * TIMESTAMP_TOLERANCE)


def authenticate(request: Request, registry: "TenantRegistry", nonces: NonceCache) -> "Tenant":
    """The tenant whose token signed ``request``.

    :raise InvalidLogin: for every reason listed in the module docstring.
    """
    params = oauth1.header_parameters(request)
    if params is None:
        raise InvalidLogin("missing or malformed OAuth Authorization header")
    realm = params.get("realm", "")
    # RFC 5849 §3.1/§3.2: a protocol parameter sent twice is refused, not read as one of its values
    # (the header parser keeps the last); before any lookup, so no nonce is used up.
    repeated = oauth1.repeated_protocol_parameters(request)
    if repeated:
        raise InvalidLogin(f"protocol parameter sent more than once: {', '.join(repeated)}", realm)
    missing = [name for name in _REQUIRED if not params.get(name)]
    if missing:
        raise InvalidLogin(f"missing {', '.join(missing)}", realm)
    if params.get("oauth_version", "1.0") != "1.0":
        raise InvalidLogin(f"unsupported oauth_version {params['oauth_version']}", realm)
    if params["oauth_signature_method"] != oauth1.HMAC_SHA256:
        raise InvalidLogin(f"unsupported signature method {params['oauth_signature_method']}", realm)
    tenant = registry.resolve("netsuite_token", params["oauth_token"])
    if tenant is None:
        raise InvalidLogin("unknown token", realm)
    creds = tenant.netsuite
    if params["oauth_consumer_key"] != creds.consumer_key:
        raise InvalidLogin("consumer key does not match the token", realm)
    if realm.upper() != creds.account_id.upper():
        raise InvalidLogin(f"realm {realm!r} is not account {creds.account_id}", realm)
    # The OAuth window is measured on the process clock, not the tenant's shifted clock: a
    # connector signs with its own wall clock, which time travel in a scenario does not move.
    now = process_now().timestamp()
    # ASCII digits only, few enough for a float: int() alone takes "-9", " 9" and 400 digits, and
    # the last made `now - stamp` an OverflowError (a 500) instead of a refusal.
    stamp = whole_number(params["oauth_timestamp"])
    if stamp is None:
        raise InvalidLogin("oauth_timestamp is not an integer number of seconds", realm)
    skew = abs(now - stamp)
    if skew > TIMESTAMP_TOLERANCE:
        raise InvalidLogin(f"oauth_timestamp is {int(skew)} s away from the server clock", realm)
    if not oauth1.signature_matches(request, params["oauth_signature"], creds.consumer_secret, creds.token_secret):
        raise InvalidLogin("signature does not match", realm)
    if not nonces.first_use((tenant.id, params["oauth_nonce"], params["oauth_timestamp"]), now):
        raise InvalidLogin("nonce already used", realm)
    return tenant

