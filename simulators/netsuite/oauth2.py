"""NetSuite OAuth 2.0 client credentials (machine-to-machine) flow.

``POST /services/rest/auth/oauth2/v1/token`` with ``application/x-www-form-urlencoded``
``grant_type=client_credentials``,
``client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`` and
``client_assertion=<JWT>``, as NetSuite documents ("POST Request to the Token Endpoint", "The
Request Token Structure"): header ``typ: JWT``, ``alg`` PS256, PS384, PS512, ES256, ES384 or ES512,
``kid`` = the certificate id of the M2M mapping; payload ``iss`` = the integration's client id,
``scope`` containing ``rest_webservices`` (a list or a comma-separated text), ``aud`` = the token
endpoint URL, ``iat`` and ``exp`` at most one hour apart. Answers ``{"access_token", "expires_in":
"3600", "token_type": "bearer"}``.

The signature is verified as NetSuite verifies it, with the public part of the certificate of the
integration's "OAuth 2.0 Client Credentials (M2M) Setup" mapping (the tenant's ``netsuite_m2m``:
uploaded as ``settings.netsuite.m2m_certificate``, or made with the tenant, its private key in the
tenant answer): an HS256 assertion signed with the client secret, ``none``, RS256, a signature by
another key or an alg that is not the certificate's key (ES384 for a P-256 key, PS256 for an EC
one) get ``invalid_grant``, as does a mapping whose certificate has expired on the tenant's clock
(simulators/netsuite/certificates.py). The client id is the tenant's ``consumer_key`` (NetSuite
shows one "Consumer Key / Client ID" per integration record); the certificate id is
``settings.netsuite.m2m_certificate_id`` or one the simulator made, in the tenant answer's
``netsuite.m2m_certificate_id``.

Access tokens expire 3600 s after issue on the tenant's simulator clock; requests with an expired
or unknown bearer token get the same 401 INVALID_LOGIN as a bad TBA signature.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import Request

from simulators.core.clock import process_now
from simulators.core.errors import SimulatorError
from simulators.core.http import parse_json

from . import certificates
from .errors import InvalidLogin

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant, TenantRegistry

GRANT_TYPE = "client_credentials"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TOKEN_LIFETIME = 3600
#: Credential kinds in the tenant registry (core/tenants.py).
CLIENT_KIND = "netsuite_client"
BEARER_KIND = "netsuite_bearer"
SCOPE = "rest_webservices"
ASSERTION_MAX_LIFETIME = 3600
ASSERTION_SKEW = 300
#: The largest NumericDate taken, either way from the epoch: 9999-12-31T23:59:59Z, the last second
#: a client's date type can name (a simulator bound; RFC 7519 sets none).
NUMERIC_DATE_MAX = 253_402_300_799


class OAuthError(SimulatorError):
    """An RFC 6749 §5.2 error of the token endpoint: ``{"error": "<code>"}`` (NetSuite adds no
    description; the simulator's reason goes to the journal only)."""

    def __init__(self, code: str, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.status = status
        self.code = code
        self.reason = reason

    def body(self) -> Any:
        return {"error": self.code}

    def headers(self) -> dict[str, str]:
        return {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclass(frozen=True)
class IssuedToken:
    tenant_id: str
    expires_at: datetime


class TokenStore:
    """Access tokens issued by this app: token → tenant and expiry (the tenant's clock)."""

    def __init__(self) -> None:
        self._tokens: dict[str, IssuedToken] = {}
        self._lock = threading.Lock()

    def issue(self, tenant: "Tenant") -> str:
        # Shaped as NetSuite's (a JWT it signs RS256, "OAuth 2.0 Access and Refresh Token Structure");
        # its signature is random bytes: the token is opaque to clients, and only this store knows it.
        token = _b64(json.dumps({"kid": "refundsim", "typ": "JWT", "alg": "RS256"}).encode()) + "." + \
            _b64(json.dumps({"sub": tenant.netsuite.account_id, "jti": secrets.token_hex(16)}).encode()) + "." + \
            _b64(secrets.token_bytes(32))
        with self._lock:
            self._tokens[token] = IssuedToken(tenant.id, tenant.clock.now() + timedelta(seconds=TOKEN_LIFETIME))
        return token

    def get(self, token: str) -> IssuedToken | None:
        with self._lock:
            return self._tokens.get(token)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _numeric_date(payload: dict[str, Any], name: str) -> float:
    """The claim ``name`` as an RFC 7519 §2 NumericDate: a JSON number of seconds since the epoch,
    within :data:`NUMERIC_DATE_MAX` of it either way.

    :raise OAuthError: ``invalid_grant`` when it is missing, not a JSON number (text such as
        ``"nan"`` or ``"1e400"``, a boolean, null) or no time at all (an integer too large for a
        float, ±1e308): never a 500 (``float(10**400)`` raises OverflowError) nor a token signed with
        a NaN that every comparison lets through.
    """
    value = payload.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise OAuthError("invalid_grant", f"{name} must be a NumericDate (a JSON number of seconds)")
    # Compared as given (an int is exact, so 10**400 is out of range rather than an OverflowError);
    # a NaN fails every comparison, so it is out of range too. Only a value within it becomes a float.
    if not -NUMERIC_DATE_MAX <= value <= NUMERIC_DATE_MAX:
        raise OAuthError("invalid_grant", f"{name} is out of range (more than {NUMERIC_DATE_MAX} s from the epoch)")
    return float(value)


def issue_token(request: Request, registry: "TenantRegistry", store: TokenStore) -> tuple["Tenant", dict[str, Any]]:
    """Verify a client credentials request and mint an access token.

    :raise OAuthError: ``unsupported_grant_type``, ``invalid_request`` (also a parameter given more
        than once), ``invalid_client`` or ``invalid_grant`` with the reason (journal only).
    """
    if request.mimetype != "application/x-www-form-urlencoded":
        raise OAuthError("invalid_request", "the body must be application/x-www-form-urlencoded")
    form = request.form
    repeated = next((name for name, values in form.lists() if len(values) > 1), None)
    if repeated is not None:  # RFC 6749 §3.2: "MUST NOT be included more than once" (§5.2 invalid_request)
        raise OAuthError("invalid_request", f"{repeated} is included more than once")
    if form.get("grant_type") != GRANT_TYPE:
        raise OAuthError("unsupported_grant_type", f"grant_type {form.get('grant_type')!r} is not client_credentials")
    if form.get("client_assertion_type") != ASSERTION_TYPE:
        raise OAuthError("invalid_request", "client_assertion_type must be " + ASSERTION_TYPE)
    assertion = form.get("client_assertion", "")
    try:
        head_b64, payload_b64, signature_b64 = assertion.split(".")
        header = parse_json(_unb64(head_b64))
        payload = parse_json(_unb64(payload_b64))
        signature = _unb64(signature_b64)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise OAuthError("invalid_request", "client_assertion is not a JWT") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise OAuthError("invalid_request", "client_assertion is not a JWT")
    tenant = registry.resolve(CLIENT_KIND, str(payload.get("iss", "")))
    if tenant is None:
        raise OAuthError("invalid_client", "iss is not the client id of any integration", 401)
    mapping = tenant.netsuite_m2m
    alg = header.get("alg")
    # HS256 with the client secret, RS256, none: never NetSuite's; a list or object (unhashable) no alg at all.
    if not isinstance(alg, str) or alg not in certificates.ALGORITHMS:
        raise OAuthError("invalid_grant", f"alg {json.dumps(alg)} is not one NetSuite takes "
                                          "(PS256, PS384, PS512, ES256, ES384, ES512)")
    if header.get("kid") != mapping.certificate_id:
        raise OAuthError("invalid_grant", "kid is not the certificate id of the M2M mapping")
    refused = certificates.verify(mapping, alg, f"{head_b64}.{payload_b64}".encode(), signature)
    if refused is not None:
        raise OAuthError("invalid_grant", refused)
    if tenant.clock.now() >= mapping.expires_at:  # the account's time: a scenario may move it past the end
        raise OAuthError("invalid_grant", "the certificate of the M2M mapping has expired")
    audience = payload.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if request.base_url not in audiences:
        raise OAuthError("invalid_grant", f"aud must be the token endpoint {request.base_url}")
    scope = payload.get("scope")
    scopes = scope if isinstance(scope, list) else str(scope or "").replace(",", " ").split()
    # A member that is not text names no scope (it was a 500: .strip() of a number or null).
    if SCOPE not in [s.strip().lower() for s in scopes if isinstance(s, str)]:
        raise OAuthError("invalid_scope", "scope must include rest_webservices")
    # The assertion is signed with the client's wall clock, like a TBA timestamp.
    now = process_now().timestamp()
    iat, exp = _numeric_date(payload, "iat"), _numeric_date(payload, "exp")
    if exp - iat > ASSERTION_MAX_LIFETIME or exp <= iat:
        raise OAuthError("invalid_grant", "exp must be after iat and at most 60 minutes later")
    if iat > now + ASSERTION_SKEW or exp < now - ASSERTION_SKEW:
        raise OAuthError("invalid_grant", "the client_assertion is expired or not yet valid")
    token = store.issue(tenant)
    registry.register_credential(BEARER_KIND, token, tenant)
    return tenant, {"access_token": token, "expires_in": str(TOKEN_LIFETIME), "token_type": "bearer"}


def authenticate_bearer(token: str, registry: "TenantRegistry", store: TokenStore) -> "Tenant":
    """The tenant of a bearer access token.

    :raise InvalidLogin: unknown or expired (on the tenant's simulator clock).
    """
    tenant = registry.resolve(BEARER_KIND, token)
    issued = store.get(token)
    if tenant is None or issued is None:
        raise InvalidLogin("unknown bearer token", scheme="Bearer")
    if tenant.clock.now() >= issued.expires_at:
        raise InvalidLogin("the access token has expired", tenant.netsuite.account_id, scheme="Bearer")
    return tenant
