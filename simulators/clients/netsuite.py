"""NetSuite SuiteTalk REST as a real integration calls it: requests + requests-oauthlib (TBA)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests
from requests_oauthlib import OAuth1

from .base import DEFAULT_TIMEOUT, _checked, new_session


class NetSuiteClient:
    """SuiteTalk REST with OAuth 1.0a HMAC-SHA256 (realm = account id)."""

    def __init__(self, base_url: str, credentials: dict[str, str], *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.root = f"{self.base_url}/services/rest/record/v1"
        self.timeout = timeout
        self.session = new_session()
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

    def patch(self, record_type: str, key: str, body: dict[str, Any], *, replace: str | None = None) -> None:
        """Update the fields ``body`` names (``replace="item"`` replaces the item lines)."""
        params = {"replace": replace} if replace else None
        self._call("PATCH", f"{self.root}/{record_type}/{quote(str(key), safe=':')}", json=body, params=params)

    def delete(self, record_type: str, key: str) -> None:
        """Delete a record by internal id or ``eid:<externalId>``."""
        self._call("DELETE", f"{self.root}/{record_type}/{quote(str(key), safe=':')}")

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
