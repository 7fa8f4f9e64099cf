"""WooCommerce's REST API v3 as a store integration calls it: the consumer key and secret signed with
OAuth 1.0a (requests-oauthlib, HMAC-SHA256, no token) over plain HTTP, and sent over HTTP Basic on
HTTPS, as WooCommerce requires (``/wp-json/wc/v3``)."""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

import requests
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth1

from .base import DEFAULT_TIMEOUT, VendorError, new_session


#: The most items WooCommerce lists on one page (``per_page`` is 1 to 100).
MAX_PER_PAGE = 100


def every_page(read: Callable[[int], tuple[list[dict[str, Any]], int | None]],
               fetch: Callable[[Callable[[], Any]], Any] | None = None) -> list[dict[str, Any]]:
    """Every item of a WooCommerce collection read a page at a time: ``read(page)`` answers a page's
    items and the page count (``X-WP-TotalPages``), and pages are read until the last one the
    latest answer names (without the header: until a page that is not full). Read oldest first
    (``orderby=id&order=asc``), an item added meanwhile goes at the end and shifts nothing; an item
    seen twice (one deleted meanwhile shifts the rest back) is kept once.

    ``fetch(action)`` runs each read (a caller's retries); None runs it once."""
    run = fetch or (lambda action: action())
    items: dict[Any, dict[str, Any]] = {}
    page = 1
    while True:
        found, pages = run(partial(read, page))
        for item in found:
            items.setdefault(item.get("id"), item)
        if (pages is not None and page >= pages) or (pages is None and len(found) < MAX_PER_PAGE) or not found:
            return list(items.values())
        page += 1


class WooCommerceError(VendorError):
    """A WooCommerce answer with an error status: ``{"code", "message", "data"}``."""

    @property
    def code(self) -> str | None:
        return self.body.get("code") if isinstance(self.body, dict) else None

    @property
    def refused(self) -> bool:
        """Also WooCommerce's own refusals answered with HTTP 500: a ``WP_Error`` whose ``data`` is a
        bare integer ("Invalid refund amount.", a gateway that cannot refund; RULES.md §5), unlike
        a server failure, whose ``data`` is ``{"status": 500}``."""
        data = self.body.get("data") if isinstance(self.body, dict) else None
        return super().refused or (isinstance(data, int) and not isinstance(data, bool) and bool(self.code))

    @property
    def message(self) -> str:
        if isinstance(self.body, dict) and isinstance(self.body.get("message"), str):
            return f"{self.body.get('code')}: {self.body['message']}"
        return super().message


class WooCommerceClient:
    """A store's REST API. ``credentials`` is the tenant's ``woocommerce`` block (``consumer_key``,
    ``consumer_secret``, ``api_root``). ``auth`` is ``"oauth1"`` (the default over http),
    ``"basic"`` (the default over https) or ``"query"`` (the key and secret as query parameters,
    for servers that drop the Authorization header; https only)."""

    def __init__(self, base_url: str, credentials: dict[str, str], *, timeout: float = DEFAULT_TIMEOUT,
                 auth: str | None = None, verify: bool | str = True) -> None:
        self.root = f"{base_url.rstrip('/')}{credentials.get('api_root', '/wp-json/wc/v3')}"
        self.timeout = timeout
        self.session = new_session()
        self.session.verify = verify
        self.session.headers["Accept"] = "application/json"
        self._query: dict[str, str] = {}
        mode = auth or ("basic" if base_url.startswith("https:") else "oauth1")
        key, secret = credentials["consumer_key"], credentials["consumer_secret"]
        if mode == "oauth1":
            self.session.auth = OAuth1(key, secret, signature_method="HMAC-SHA256", signature_type="auth_header")
        elif mode == "basic":
            self.session.auth = HTTPBasicAuth(key, secret)
        elif mode == "query":
            self._query = {"consumer_key": key, "consumer_secret": secret}
        else:
            raise ValueError(f"unknown auth {mode!r}: use oauth1, basic or query")

    def call(self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None) -> requests.Response:
        """The raw response of ``method path`` (raises :class:`WooCommerceError` for 4xx/5xx)."""
        response = self.session.request(method, f"{self.root}{path}", params={**(params or {}), **self._query},
                                        json=json, timeout=self.timeout)
        if response.status_code >= 400:
            raise WooCommerceError("WooCommerce", response)
        return response

    # ------------------------------------------------------------------ orders
    def create_order(self, order: dict[str, Any]) -> dict[str, Any]:
        return self.call("POST", "/orders", json=order).json()

    def order(self, order_id: int | str, **params: Any) -> dict[str, Any]:
        return self.call("GET", f"/orders/{order_id}", params=params).json()

    def orders(self, **params: Any) -> list[dict[str, Any]]:
        """One page of ``GET /orders`` (``status``, ``modified_after``, ``page``, ``per_page``...)."""
        return self.call("GET", "/orders", params=params).json()

    # ----------------------------------------------------------------- refunds
    def create_refund(self, order_id: int | str, refund: dict[str, Any]) -> dict[str, Any]:
        """``POST /orders/{id}/refunds`` with ``amount`` (a string), ``reason``, ``line_items``,
        ``api_refund`` (send false to record a refund made elsewhere), ``api_restock``."""
        return self.call("POST", f"/orders/{order_id}/refunds", json=refund).json()

    def refunds(self, order_id: int | str, **params: Any) -> list[dict[str, Any]]:
        """ONE page of the order's refunds (10 by default, at most 100): see :meth:`refunds_page`
        and :meth:`every_refund` for an order that may have more."""
        return self.call("GET", f"/orders/{order_id}/refunds", params=params).json()

    def refunds_page(self, order_id: int | str, page: int, *, per_page: int = MAX_PER_PAGE,
                     **params: Any) -> tuple[list[dict[str, Any]], int | None]:
        """Page ``page`` (1-based) of the order's refunds and how many pages there are
        (``X-WP-TotalPages``; None if the server did not say). WooCommerce pages every collection,
        ``per_page`` at most 100 (RULES.md §7; DOCS ``_introduction.md`` "Pagination")."""
        response = self.call("GET", f"/orders/{order_id}/refunds",
                             params={**params, "page": page, "per_page": per_page})
        pages = response.headers.get("X-WP-TotalPages", "")
        return response.json(), int(pages) if pages.isdigit() else None

    def every_refund(self, order_id: int | str, *, fetch: Callable[[Callable[[], Any]], Any] | None = None
                     ) -> list[dict[str, Any]]:
        """Every refund of the order, oldest first: :func:`every_page` of :meth:`refunds_page`,
        each page read through ``fetch`` (a caller's retrying call; None: read once)."""
        return every_page(lambda page: self.refunds_page(order_id, page, orderby="id", order="asc"), fetch)

    def refund(self, order_id: int | str, refund_id: int | str) -> dict[str, Any]:
        return self.call("GET", f"/orders/{order_id}/refunds/{refund_id}").json()

    def delete_refund(self, order_id: int | str, refund_id: int | str, *, force: bool = True) -> dict[str, Any]:
        return self.call("DELETE", f"/orders/{order_id}/refunds/{refund_id}",
                         params={"force": "true" if force else "false"}).json()

    def payment_gateway(self, gateway_id: str) -> dict[str, Any]:
        """``GET /payment_gateways/<id>``: the gateway, its ``method_supports`` among its fields."""
        return self.call("GET", f"/payment_gateways/{gateway_id}").json()

    def all_refunds(self, **params: Any) -> list[dict[str, Any]]:
        """``GET /refunds`` (WooCommerce 9.0+): refunds of every order, each with ``parent_id``."""
        return self.call("GET", "/refunds", params=params).json()
