"""Thin clients of the vendor APIs as a real integration calls them: requests + requests-oauthlib
for NetSuite Token-Based Authentication, an access-token header for Shopify.

Used by the reference connector and by the harness's action clients, so both speak exactly the
protocol a connector in production speaks. A non-2xx answer raises :class:`VendorError` carrying the
vendor's status and error body.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests
from requests_oauthlib import OAuth1

DEFAULT_TIMEOUT = 10.0


class VendorError(Exception):
    """A vendor API answered with an error status."""

    def __init__(self, service: str, response: requests.Response) -> None:
        self.service = service
        self.status = response.status_code
        self.headers = response.headers
        try:
            self.body: Any = response.json()
        except ValueError:
            self.body = response.text
        super().__init__(f"{service} {response.request.method} {response.url} -> {self.status}: {self.message}")

    @property
    def message(self) -> str:
        """The human message of the vendor's error body."""
        body = self.body
        if isinstance(body, dict):
            details = body.get("o:errorDetails")
            if details:
                return "; ".join(d.get("detail", "") for d in details)
            errors = body.get("errors")
            if isinstance(errors, dict):
                return "; ".join(f"{k}: {' '.join(v) if isinstance(v, list) else v}" for k, v in errors.items())
            if isinstance(errors, list):
                return "; ".join(str(e.get("message", e)) for e in errors)
            if errors:
                return str(errors)
        return str(body)


def _checked(service: str, response: requests.Response) -> requests.Response:
    if response.status_code >= 400:
        raise VendorError(service, response)
    return response


class NetSuiteClient:
    """SuiteTalk REST with OAuth 1.0a HMAC-SHA256 (realm = account id)."""

    def __init__(self, base_url: str, credentials: dict[str, str], *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.root = f"{self.base_url}/services/rest/record/v1"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.auth = OAuth1(
            credentials["consumer_key"], credentials["consumer_secret"],
            credentials["token_id"], credentials["token_secret"],
            signature_method="HMAC-SHA256", realm=credentials["account_id"],
        )

    def _call(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        return _checked("NetSuite", self.session.request(method, url, timeout=self.timeout, **kwargs))

    def create(self, record_type: str, body: dict[str, Any]) -> str:
        """Create a record; returns its internal id (from ``Location``)."""
        response = self._call("POST", f"{self.root}/{record_type}", json=body)
        return response.headers["Location"].rsplit("/", 1)[-1]

    def get(self, record_type: str, key: str, *, expand: bool = True) -> dict[str, Any]:
        """A record by internal id or ``eid:<externalId>``."""
        params = {"expandSubResources": "true"} if expand else None
        return self._call("GET", f"{self.root}/{record_type}/{quote(str(key), safe=':')}", params=params).json()

    def transform(self, record_type: str, key: str, target_type: str, body: dict[str, Any] | None = None) -> str:
        """``!transform`` a record; returns the new record's internal id."""
        url = f"{self.root}/{record_type}/{key}/!transform/{target_type}"
        response = self._call("POST", url, json=body or {})
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


class ShopifyClient:
    """Shopify Admin REST with ``X-Shopify-Access-Token``."""

    def __init__(self, base_url: str, credentials: dict[str, str], *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.root = f"{base_url.rstrip('/')}/admin/api/{credentials['api_version']}"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["X-Shopify-Access-Token"] = credentials["access_token"]

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.session.request(method, f"{self.root}{path}", timeout=self.timeout, **kwargs)
        return _checked("Shopify", response).json()

    def create_order(self, order: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/orders.json", json={"order": order})["order"]

    def order(self, order_id: int | str) -> dict[str, Any]:
        return self._call("GET", f"/orders/{order_id}.json")["order"]

    def transactions(self, order_id: int | str) -> list[dict[str, Any]]:
        return self._call("GET", f"/orders/{order_id}/transactions.json")["transactions"]

    def refunds(self, order_id: int | str) -> list[dict[str, Any]]:
        return self._call("GET", f"/orders/{order_id}/refunds.json")["refunds"]

    def create_refund(self, order_id: int | str, refund: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", f"/orders/{order_id}/refunds.json", json={"refund": refund})["refund"]


class ControlPlaneClient:
    """The simulators' ``/_sim/`` control plane."""

    def __init__(self, base_url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.root = f"{base_url.rstrip('/')}/_sim"
        self.timeout = timeout
        self.session = requests.Session()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, f"{self.root}{path}", timeout=self.timeout, **kwargs)
        _checked("Control plane", response)
        return response.json() if response.content else None

    def create_tenant(self, seed: int | None = None, settings: dict[str, Any] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if seed is not None:
            body["seed"] = seed
        if settings:
            body["settings"] = settings
        return self._call("POST", "/tenants", json=body)

    def delete_tenant(self, tenant: str) -> None:
        self._call("DELETE", f"/tenants/{tenant}")

    def journal(self, tenant: str, since: int = 0) -> list[dict[str, Any]]:
        return self._call("GET", f"/tenants/{tenant}/journal", params={"since": since})["entries"]

    def advance_clock(self, tenant: str, seconds: float) -> str:
        return self._call("POST", f"/tenants/{tenant}/clock", json={"advance_seconds": seconds})["now"]
