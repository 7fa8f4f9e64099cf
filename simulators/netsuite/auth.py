"""NetSuite Token-Based Authentication: OAuth 1.0a with HMAC-SHA256, verified as NetSuite does.

The signature base string is rebuilt from the URL the client actually called (scheme, host, port,
path, query) with oauthlib's RFC 5849 functions, so any standard client (requests-oauthlib,
authlib) works unchanged. Refused with 401 ``INVALID_LOGIN`` and ``WWW-Authenticate``:
no or malformed header, a method other than HMAC-SHA256 (SHA-1 ended in 2023.1), unknown token or
consumer key, a realm that is not the account id, a timestamp more than 5 minutes from the simulator
clock, a nonce seen before, a wrong signature.
"""

from __future__ import annotations

import hmac
import threading
from typing import TYPE_CHECKING

from flask import Request
from oauthlib.oauth1.rfc5849 import signature as rfc5849
from oauthlib.oauth1.rfc5849 import utils as rfc5849_utils

from simulators.core import oauth1
from simulators.core.clock import process_now

from .errors import InvalidLogin

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant, TenantRegistry

#: How far a client's oauth_timestamp may be from the simulator clock, in seconds.
TIMESTAMP_TOLERANCE = 300
_REQUIRED = ("oauth_consumer_key", "oauth_token", "oauth_nonce", "oauth_timestamp",
             "oauth_signature_method", "oauth_signature")


class NonceCache:
    """Nonces seen within the timestamp window, per tenant: a replayed request is refused."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, str], float] = {}
        self._lock = threading.Lock()

    def first_use(self, tenant_id: str, nonce: str, timestamp: str, now: float) -> bool:
        with self._lock:
            if len(self._seen) > 10_000:  # forget nonces that fell out of the window
                self._seen = {k: t for k, t in self._seen.items() if now - t <= 2 * TIMESTAMP_TOLERANCE}
            key = (tenant_id, nonce, timestamp)
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


def authenticate(request: Request, registry: "TenantRegistry", nonces: NonceCache) -> "Tenant":
    """The tenant whose token signed ``request``.

    :raise InvalidLogin: for every reason listed in the module docstring.
    """
    header = request.headers.get("Authorization", "")
    try:
        params = dict(rfc5849_utils.parse_authorization_header(header))
    except ValueError:
        raise InvalidLogin("missing or malformed OAuth Authorization header") from None
    realm = params.get("realm", "")
    missing = [name for name in _REQUIRED if not params.get(name)]
    if missing:
        raise InvalidLogin(f"missing {', '.join(missing)}", realm)
    if params.get("oauth_version", "1.0") != "1.0":
        raise InvalidLogin(f"unsupported oauth_version {params['oauth_version']}", realm)
    if params["oauth_signature_method"] != "HMAC-SHA256":
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
    try:
        skew = abs(now - int(params["oauth_timestamp"]))
    except ValueError:
        raise InvalidLogin("oauth_timestamp is not an integer", realm) from None
    if skew > TIMESTAMP_TOLERANCE:
        raise InvalidLogin(f"oauth_timestamp is {int(skew)} s away from the server clock", realm)
    expected = _signature(request, creds.consumer_secret, creds.token_secret)
    if not hmac.compare_digest(expected, rfc5849_utils.unescape(params["oauth_signature"])):
        raise InvalidLogin("signature does not match", realm)
    if not nonces.first_use(tenant.id, params["oauth_nonce"], params["oauth_timestamp"], now):
        raise InvalidLogin("nonce already used", realm)
    return tenant


def _signature(request: Request, consumer_secret: str, token_secret: str) -> str:
    body = None
    if request.mimetype == "application/x-www-form-urlencoded":
        body = request.get_data(as_text=True)
    params = rfc5849.collect_parameters(
        uri_query=request.query_string.decode("latin-1"),
        body=body,
        headers={"Authorization": request.headers["Authorization"]},
    )
    base_string = rfc5849.signature_base_string(
        request.method, oauth1.base_string_uri(request), rfc5849.normalize_parameters(params),
    )
    return oauth1.hmac_signature("HMAC-SHA256", base_string, consumer_secret, token_secret)
