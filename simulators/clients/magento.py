"""Magento 2's admin REST API as an integration calls it: every request signed with OAuth 1.0a
HMAC-SHA256 (requests-oauthlib) from the integration's four credentials, or, where the store allows
it, the integration's access token as ``Authorization: Bearer``."""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterable

from requests_oauthlib import OAuth1

from .base import DEFAULT_TIMEOUT, VendorError, new_session


class MagentoError(VendorError):
    """A Magento answer with an error status; ``message`` is Magento's message with its
    ``%1`` / ``%name`` placeholders filled in from ``parameters``."""

    @property
    def raw_message(self) -> str:
        body = self.body
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            return body["message"]
        return ""

    @property
    def message(self) -> str:
        body = self.body
        if not isinstance(body, dict) or not isinstance(body.get("message"), str):
            return super().message
        text = body["message"]
        parameters = body.get("parameters")
        if isinstance(parameters, dict):
            for name, value in parameters.items():
                text = text.replace(f"%{name}", str(value))
        elif isinstance(parameters, list):
            for index in range(len(parameters), 0, -1):  # %10 before %1
                text = text.replace(f"%{index}", str(parameters[index - 1]))
        return text


def search_criteria(*groups: Iterable[tuple[str, Any, str | None]], sort: Iterable[tuple[str, str]] = (),
                    page_size: int | None = None, current_page: int | None = None) -> dict[str, Any]:
    """Query parameters of a ``searchCriteria``: each group a list of ``(field, value, condition)``
    filters (ORed; groups ANDed; ``None`` for ``eq``), ``sort`` ``(field, ASC|DESC)`` pairs."""
    params: dict[str, Any] = {}
    for g, group in enumerate(groups):
        for f, (field, value, condition) in enumerate(group):
            prefix = f"searchCriteria[filter_groups][{g}][filters][{f}]"
            params[f"{prefix}[field]"] = field
            params[f"{prefix}[value]"] = value
            if condition:
                params[f"{prefix}[condition_type]"] = condition
    for s, (field, direction) in enumerate(sort):
        params[f"searchCriteria[sortOrders][{s}][field]"] = field
        params[f"searchCriteria[sortOrders][{s}][direction]"] = direction
    if page_size is not None:
        params["searchCriteria[pageSize]"] = page_size
    if current_page is not None:
        params["searchCriteria[currentPage]"] = current_page
    if not params:
        params["searchCriteria"] = ""
    return params


#: Results per page when the client reads a whole search (Magento's input limits allow up to 300).
PAGE_SIZE = 100
#: A caller's way of running one call (its retries): ``fetch(action)`` answers ``action()``.
Fetch = Callable[[Callable[[], Any]], Any]


class MagentoClient:
    """A store's admin REST API. ``credentials`` is the tenant's ``magento`` block (``store_code``,
    ``consumer_key``, ``consumer_secret``, ``access_token``, ``access_token_secret``); ``bearer``
    sends the access token as a bearer token instead of signing."""

    def __init__(self, base_url: str, credentials: dict[str, str], *, bearer: bool = False,
                 store_code: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.root = f"{base_url.rstrip('/')}/rest/{store_code or credentials['store_code']}/V1"
        self.timeout = timeout
        self.session = new_session()
        self.session.headers["Accept"] = "application/json"
        if bearer:
            self.session.headers["Authorization"] = f"Bearer {credentials['access_token']}"
        else:
            self.session.auth = OAuth1(
                credentials["consumer_key"], credentials["consumer_secret"],
                credentials["access_token"], credentials["access_token_secret"], signature_method="HMAC-SHA256",
            )

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, f"{self.root}{path}", timeout=self.timeout, **kwargs)
        if response.status_code >= 400:
            raise MagentoError("Magento", response)
        return response.json()

    # ------------------------------------------------------------------ orders
    def order(self, order_id: int | str) -> dict[str, Any]:
        """``GET /V1/orders/{id}`` by entity id (not the increment id customers see)."""
        return self._call("GET", f"/orders/{order_id}")

    def orders(self, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """``GET /V1/orders`` with ``searchCriteria`` params (:func:`search_criteria`):
        ``{"items", "search_criteria", "total_count"}``."""
        return self._call("GET", "/orders", params=params or search_criteria())

    def order_by_increment_id(self, increment_id: str) -> dict[str, Any] | None:
        items = self.orders(search_criteria([("increment_id", increment_id, "eq")]))["items"]
        return items[0] if items else None

    def invoice_order(self, order_id: int | str, body: dict[str, Any] | None = None) -> int:
        """``POST /V1/order/{id}/invoice`` (``{"capture": true}`` takes the money) → the invoice id."""
        return self._call("POST", f"/order/{order_id}/invoice", json=body or {"capture": True})

    # ---------------------------------------------------------------- invoices
    def invoice(self, invoice_id: int | str) -> dict[str, Any]:
        return self._call("GET", f"/invoices/{invoice_id}")

    def invoices(self, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._call("GET", "/invoices", params=params or search_criteria())

    def order_invoices(self, order_id: int | str, *, fetch: Fetch | None = None) -> list[dict[str, Any]]:
        """Every invoice of an order, oldest first (:meth:`every`)."""
        return self.every(self.invoices, [("order_id", order_id, "eq")], fetch=fetch)

    # ------------------------------------------------------------ credit memos
    def refund_order(self, order_id: int | str, body: dict[str, Any] | None = None) -> int:
        """``POST /V1/order/{id}/refund``, an offline refund (``items``, ``arguments``...) → the
        credit memo id. An empty body refunds everything refundable, shipping included."""
        return self._call("POST", f"/order/{order_id}/refund", json=body or {})

    def refund_invoice(self, invoice_id: int | str, body: dict[str, Any] | None = None) -> int:
        """``POST /V1/invoice/{id}/refund`` (``isOnline`` refunds through the gateway) → the credit memo id."""
        return self._call("POST", f"/invoice/{invoice_id}/refund", json=body or {})

    def creditmemo(self, creditmemo_id: int | str) -> dict[str, Any]:
        return self._call("GET", f"/creditmemo/{creditmemo_id}")

    def creditmemos(self, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._call("GET", "/creditmemos", params=params or search_criteria())

    def order_creditmemos(self, order_id: int | str, *, fetch: Fetch | None = None) -> list[dict[str, Any]]:
        """Every credit memo of an order, oldest first (the way a connector finds an order's
        refunds; :meth:`every`)."""
        return self.every(self.creditmemos, [("order_id", order_id, "eq")], fetch=fetch)

    @staticmethod
    def every(search: Callable[[dict[str, Any]], dict[str, Any]], group: list[tuple[str, Any, str | None]], *,
              fetch: Fetch | None = None) -> list[dict[str, Any]]:
        """Every result of a search with one filter group, read page by page: ``pageSize``
        :data:`PAGE_SIZE` and ``currentPage`` 1, 2… sorted by ``entity_id`` ascending (a record
        added meanwhile goes at the end), until ``total_count`` results are read. A store with
        Magento's web API input limits on answers a search without ``pageSize`` with its first 20
        results only (Adobe, "API security": default 20, at most 300); and a page past the last
        answers the last page again, so the count, not an empty page, ends the reading (a page
        that brings nothing new ends it too). ``fetch(action)`` runs each page (a caller's
        retries); None runs it once."""
        run = fetch or (lambda action: action())
        found: dict[Any, dict[str, Any]] = {}
        page = 1
        while True:
            criteria = search_criteria(group, sort=[("entity_id", "ASC")], page_size=PAGE_SIZE, current_page=page)
            answer = run(partial(search, criteria))
            before = len(found)
            for item in answer.get("items") or []:
                found.setdefault(item.get("entity_id"), item)
            if len(found) >= int(answer.get("total_count") or 0) or len(found) == before:
                return list(found.values())
            page += 1
