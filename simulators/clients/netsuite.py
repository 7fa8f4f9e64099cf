"""NetSuite SuiteTalk REST as a real integration calls it: requests + requests-oauthlib (TBA).

Writes take an optional ``idempotency_key``. NetSuite honours ``X-NetSuite-Idempotency-Key`` on
asynchronous requests only (it ignores it on synchronous ones), so a write with a key is sent with
``Prefer: respond-async`` and the client waits for its job: a retry with the same key — after an
answer was lost — is refused with ``IDEMPOTENCY_ERROR`` naming the first request's job, whose
result the client then reads, so the write happens once.

Authentication is Token-Based Authentication (OAuth 1.0a, the connector's) by default, or with
``auth="oauth2"`` an OAuth 2.0 bearer token from the client credentials flow (:class:`BearerAuth`):
one token request, then a header that costs nothing to make or to check.
"""

from __future__ import annotations

import base64
import json
import time
from functools import lru_cache
from typing import Any, Callable
from urllib.parse import quote

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from requests.auth import AuthBase
from requests_oauthlib import OAuth1

from .base import DEFAULT_TIMEOUT, _checked, new_session

IDEMPOTENCY_HEADER = "X-NetSuite-Idempotency-Key"
#: How often the client asks whether a job is done before it gives up (``requests.Timeout``).
JOB_POLLS = 30


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


#: The alg a client signs with, by its key's EC curve (RFC 7518 §3.4); an RSA key signs PS256.
_EC_ALGS = {"secp256r1": ("ES256", hashes.SHA256), "secp384r1": ("ES384", hashes.SHA384),
            "secp521r1": ("ES512", hashes.SHA512)}


@lru_cache(maxsize=64)
def _private_key(pem: str) -> Any:
    """The key of a PEM (parsed once: a harness signs with one tenant's key a few times per scenario)."""
    return serialization.load_pem_private_key(pem.encode(), password=None)


def client_assertion(credentials: dict[str, str], token_url: str, now: int | None = None) -> str:
    """The JWT a NetSuite integration trades for an access token ("The Request Token Structure"):
    header ``typ`` JWT, ``alg`` ES256 (ES384, ES512 for a P-384 or P-521 key; PS256 for an RSA one),
    ``kid`` the certificate id of the M2M mapping; payload ``iss`` the client id, ``scope``, ``aud`` the
    token endpoint, ``iat`` and ``exp`` an hour later; signed with the mapping's private key
    (``credentials["m2m_private_key"]``, PEM), an ES signature as R and S (RFC 7518 §3.4, not DER).

    :raise KeyError: the credentials hold no ``m2m_private_key`` (its creator uploaded the
        certificate and kept the key).
    """
    key = _private_key(credentials["m2m_private_key"])
    if isinstance(key, ec.EllipticCurvePrivateKey):
        alg, hash_type = _EC_ALGS[key.curve.name]
    elif isinstance(key, rsa.RSAPrivateKey):
        alg, hash_type = "PS256", hashes.SHA256
    else:
        raise ValueError(f"m2m_private_key is a {type(key).__name__}: NetSuite takes EC or RSA keys")
    issued = int(time.time()) if now is None else now
    head = _b64(json.dumps({"typ": "JWT", "alg": alg, "kid": credentials.get("m2m_certificate_id")
                            or credentials["consumer_key"]}).encode())
    payload = _b64(json.dumps({"iss": credentials["consumer_key"], "scope": ["rest_webservices"], "aud": token_url,
                               "iat": issued, "exp": issued + 3600}).encode())
    signing_input = f"{head}.{payload}".encode()
    digest = hash_type()
    if isinstance(key, rsa.RSAPrivateKey):  # RFC 7518 §3.5: MGF1 of the same hash, a salt as long as the hash
        signature = key.sign(signing_input, padding.PSS(padding.MGF1(digest), digest.digest_size), digest)
    else:
        size = (key.curve.key_size + 7) // 8
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(digest)))
        signature = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return f"{head}.{payload}.{_b64(signature)}"


class BearerAuth(AuthBase):
    """OAuth 2.0 client credentials (machine to machine) as NetSuite documents them: a JWT
    assertion for the integration (:func:`client_assertion`: ``iss`` its client id, ``kid`` the
    certificate id of its M2M mapping, signed ES256 with the private key the tenant answer gives)
    traded at the token endpoint for an access token, sent as ``Authorization: Bearer``. The token
    is asked for on the first request and again when it is refused (it lives an hour of the
    account's clock, which a scenario moves); should the token endpoint refuse (or a fault hit it),
    or the credentials hold no private key (a certificate uploaded by its creator), the request is
    signed with TBA instead."""

    def __init__(self, base_url: str, credentials: dict[str, str], fallback: AuthBase, timeout: float) -> None:
        self.token_url = f"{base_url}/services/rest/auth/oauth2/v1/token"
        self.credentials = credentials
        self.fallback = fallback
        self.timeout = timeout
        self.token: str | None = None

    def _assertion(self) -> str:
        return client_assertion(self.credentials, self.token_url)

    def _new_token(self) -> str | None:
        if not self.credentials.get("m2m_private_key"):
            return None  # nothing to sign with: TBA
        form = {"grant_type": "client_credentials", "client_assertion": self._assertion(),
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}
        with new_session() as session:
            try:
                answer = session.post(self.token_url, data=form, timeout=self.timeout)
            except requests.RequestException:
                return None
        return answer.json().get("access_token") if answer.status_code == 200 else None

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        self.token = self.token or self._new_token()
        if self.token is None:
            return self.fallback(request)
        request.headers["Authorization"] = f"Bearer {self.token}"
        request.register_hook("response", self._refused)
        return request

    def _refused(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        """A token the account no longer takes (expired on its clock): a new one, the request once more."""
        if response.status_code != 401 or "bearer" not in response.headers.get("WWW-Authenticate", "").lower():
            return response
        self.token = None
        retry = response.request.copy()
        retry.hooks["response"] = []  # once
        self(retry)
        retry.hooks["response"] = []
        again = response.connection.send(retry, **kwargs)
        again.history.append(response)
        again.request = retry
        return again


class NetSuiteClient:
    """SuiteTalk REST with OAuth 1.0a HMAC-SHA256 (realm = account id), or OAuth 2.0 bearer tokens."""

    def __init__(self, base_url: str, credentials: dict[str, str], *, timeout: float = DEFAULT_TIMEOUT,
                 wait: Callable[[float], None] = time.sleep, auth: str = "tba") -> None:
        """``wait(seconds)`` passes time between two looks at an asynchronous job (a connector passes
        its clock's sleep, so a simulated account's jobs come due without real waiting). ``auth``:
        ``tba`` (Token-Based Authentication) or ``oauth2`` (:class:`BearerAuth`).

        :raise ValueError: another ``auth``.
        """
        if auth not in ("tba", "oauth2"):
            raise ValueError(f"auth must be tba or oauth2, not {auth!r}")
        self.base_url = base_url.rstrip("/")
        self.root = f"{self.base_url}/services/rest/record/v1"
        self.timeout = timeout
        self.wait = wait
        self.session = new_session()
        tba = OAuth1(
            credentials["consumer_key"], credentials["consumer_secret"],
            credentials["token_id"], credentials["token_secret"],
            signature_method="HMAC-SHA256", realm=credentials["account_id"],
        )
        self.session.auth = tba if auth == "tba" else BearerAuth(self.base_url, credentials, tba, timeout)

    def _call(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        return _checked("NetSuite", self.session.request(method, url, timeout=self.timeout, **kwargs))

    def _write(self, method: str, url: str, idempotency_key: str | None, **kwargs: Any) -> requests.Response:
        """A write, synchronous; or with ``idempotency_key``, asynchronous and waited for. Either way
        the answer is the request's own (its ``Location``), or a :class:`VendorError`."""
        if idempotency_key is None:
            return self._call(method, url, **kwargs)
        headers = {"Prefer": "respond-async", IDEMPOTENCY_HEADER: idempotency_key}
        response = self.session.request(method, url, timeout=self.timeout, headers=headers, **kwargs)
        if response.status_code == 400 and _error_code(response) == "IDEMPOTENCY_ERROR":
            return self.job_result(response.headers["Location"])  # an earlier attempt was submitted: its outcome
        return self.job_result(_checked("NetSuite", response).headers["Location"])

    def job_result(self, job_url: str) -> requests.Response:
        """The result of an asynchronous job, once it completed (polling the job, ``wait(1.0)``
        before each look): what the request would have answered synchronously.

        :raise VendorError: the job's request was refused (its result is the error).
        :raise requests.Timeout: the job did not complete in :data:`JOB_POLLS` looks.
        """
        for _ in range(JOB_POLLS):
            self.wait(1.0)  # a job is queued, not run at once: give it a second before each look
            if self._call("GET", job_url).json()["completed"]:
                break
        else:
            raise requests.Timeout(f"NetSuite job {job_url} did not complete")
        task_url = self._call("GET", f"{job_url}/task").json()["items"][0]["links"][0]["href"]
        return _checked("NetSuite", self.session.get(f"{task_url}/result", timeout=self.timeout))

    def create(self, record_type: str, body: dict[str, Any], *, idempotency_key: str | None = None) -> str:
        """Create a record; returns its internal id (from ``Location``)."""
        response = self._write("POST", f"{self.root}/{record_type}", idempotency_key, json=body)
        return response.headers["Location"].rsplit("/", 1)[-1]

    def get(self, record_type: str, key: str, *, expand: bool = True) -> dict[str, Any]:
        """A record by internal id or ``eid:<externalId>``."""
        params = {"expandSubResources": "true"} if expand else None
        return self._call("GET", f"{self.root}/{record_type}/{quote(str(key), safe=':')}", params=params).json()

    def transform(self, record_type: str, key: str, target_type: str, body: dict[str, Any] | None = None, *,
                  idempotency_key: str | None = None) -> str:
        """``!transform`` a record; returns the new record's internal id."""
        url = f"{self.root}/{record_type}/{key}/!transform/{target_type}"
        response = self._write("POST", url, idempotency_key, json=body or {})
        return response.headers["Location"].rsplit("/", 1)[-1]

    def query(self, record_type: str, q: str | None = None, *, limit: int = 1000) -> list[str]:
        """Ids of every ``record_type`` matching the ``q`` filter (follows the pages)."""
        ids: list[str] = []
        offset = 0
        while True:
            params: dict[str, Any] = {"limit": limit, "offset": offset}
            if q:
                params["q"] = q
            page = self._call("GET", f"{self.root}/{record_type}", params=params).json()
            ids.extend(item["id"] for item in page["items"])
            if not page["hasMore"]:
                return ids
            offset += limit

    def patch(self, record_type: str, key: str, body: dict[str, Any], *, replace: str | None = None,
              idempotency_key: str | None = None) -> None:
        """Update the fields ``body`` names (``replace="item"`` replaces the item lines)."""
        params = {"replace": replace} if replace else None
        self._write("PATCH", f"{self.root}/{record_type}/{quote(str(key), safe=':')}", idempotency_key,
                    json=body, params=params)

    def delete(self, record_type: str, key: str, *, idempotency_key: str | None = None) -> None:
        """Delete a record by internal id or ``eid:<externalId>``."""
        self._write("DELETE", f"{self.root}/{record_type}/{quote(str(key), safe=':')}", idempotency_key)

    def page(self, record_type: str, q: str | None = None, *, limit: int = 1000, offset: int = 0) -> dict[str, Any]:
        """One page of a record collection, as NetSuite answers it."""
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if q:
            params["q"] = q
        return self._call("GET", f"{self.root}/{record_type}", params=params).json()

    def suiteql_page(self, q: str, *, limit: int = 1000, offset: int = 0) -> dict[str, Any]:
        """One page of a SuiteQL SELECT (``Prefer: transient``), as NetSuite answers it."""
        return self._call("POST", f"{self.base_url}/services/rest/query/v1/suiteql", json={"q": q},
                          params={"limit": limit, "offset": offset}, headers={"Prefer": "transient"}).json()

    def suiteql(self, q: str, *, limit: int = 1000) -> list[dict[str, Any]]:
        """Every row of a SuiteQL SELECT (follows the pages); values are text, NULLs omitted."""
        rows: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = self.suiteql_page(q, limit=limit, offset=offset)
            rows.extend({k: v for k, v in item.items() if k != "links"} for item in page["items"])
            if not page["hasMore"]:
                return rows
            offset += limit


def _error_code(response: requests.Response) -> str | None:
    try:
        return response.json()["o:errorDetails"][0]["o:errorCode"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
