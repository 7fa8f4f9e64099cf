"""Shopify Admin API as a real app calls it: ``X-Shopify-Access-Token`` over requests (REST and
GraphQL)."""

from __future__ import annotations

from typing import Any


from .base import DEFAULT_TIMEOUT, _checked, new_session


def _flags(params: dict[str, Any]) -> dict[str, Any]:
    """Query parameters as Rails reads them: booleans as ``true``/``false``."""
    return {k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()}


class ShopifyClient:
    """Shopify Admin REST (and GraphQL) with ``X-Shopify-Access-Token``."""

    def __init__(self, base_url: str, credentials: dict[str, str], *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.root = f"{base_url.rstrip('/')}/admin/api/{credentials['api_version']}"
        self.timeout = timeout
        self.session = new_session()
        self.session.headers["X-Shopify-Access-Token"] = credentials["access_token"]

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.session.request(method, f"{self.root}{path}", timeout=self.timeout, **kwargs)
        return _checked("Shopify", response).json()

    def _every(self, path: str, key: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every item of a REST list, page after page: Shopify answers at most ``limit`` items (50
        unless given, 250 at most) and names the next page in the ``Link`` header (``rel="next"``,
        a ``page_info`` cursor), so one page is the whole list only when it names no next one.
        The next page's URL carries ``limit`` and the cursor (which holds the filters); ``fields``
        and ``in_shop_currency`` shape each page, so they go with every request.

        :raise VendorError: a page refused.
        """
        response = _checked("Shopify", self.session.get(f"{self.root}{path}", params=params, timeout=self.timeout))
        items: list[dict[str, Any]] = list(response.json()[key])
        shaping = {k: v for k, v in params.items() if k in ("fields", "in_shop_currency")}
        seen: set[str] = set()
        while "next" in response.links:
            url = response.links["next"]["url"]
            if url in seen:  # a server naming a page already read would loop for ever
                break
            seen.add(url)
            response = _checked("Shopify", self.session.get(url, params=shaping, timeout=self.timeout))
            items.extend(response.json()[key])
        return items

    # ------------------------------------------------------------------ orders
    def create_order(self, order: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/orders.json", json={"order": order})["order"]

    def order(self, order_id: int | str) -> dict[str, Any]:
        return self._call("GET", f"/orders/{order_id}.json")["order"]

    def orders(self, **params: Any) -> list[dict[str, Any]]:
        """Every order ``GET /orders.json`` lists with its filters (``status``, ``financial_status``,
        ``fields``, ...), every page read (``limit``: the page size)."""
        return self._every("/orders.json", "orders", params)

    # ------------------------------------------------------------ transactions
    def transactions(self, order_id: int | str, **params: Any) -> list[dict[str, Any]]:
        """``GET transactions.json`` (``in_shop_currency=True``: amounts in shop money, not the
        presentment currency's)."""
        return self._call("GET", f"/orders/{order_id}/transactions.json", params=_flags(params))["transactions"]

    def transaction(self, order_id: int | str, transaction_id: int | str) -> dict[str, Any]:
        return self._call("GET", f"/orders/{order_id}/transactions/{transaction_id}.json")["transaction"]

    def create_transaction(self, order_id: int | str, transaction: dict[str, Any]) -> dict[str, Any]:
        """A capture (of an authorization, or the payment of a pending order), a void or a refund."""
        return self._call("POST", f"/orders/{order_id}/transactions.json", json={"transaction": transaction})["transaction"]

    # ----------------------------------------------------------------- refunds
    def refunds(self, order_id: int | str, **params: Any) -> list[dict[str, Any]]:
        """Every refund of the order, oldest first, every page of ``GET refunds.json`` read (``limit``:
        the page size; ``in_shop_currency=True``: transactions in shop money)."""
        return self._every(f"/orders/{order_id}/refunds.json", "refunds", _flags(params))

    def refund(self, order_id: int | str, refund_id: int | str) -> dict[str, Any]:
        return self._call("GET", f"/orders/{order_id}/refunds/{refund_id}.json")["refund"]

    def calculate_refund(self, order_id: int | str, refund: dict[str, Any]) -> dict[str, Any]:
        """``refunds/calculate.json``: the refund Shopify suggests (nothing is saved)."""
        return self._call("POST", f"/orders/{order_id}/refunds/calculate.json", json={"refund": refund})["refund"]

    def create_refund(self, order_id: int | str, refund: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", f"/orders/{order_id}/refunds.json", json={"refund": refund})["refund"]

    def cancel_order(self, order_id: int | str, **params: Any) -> dict[str, Any]:
        """``orders/{id}/cancel.json``: the order, cancelled (``refund`` or ``amount``: refunded too)."""
        return self._call("POST", f"/orders/{order_id}/cancel.json", json=params)["order"]

    # ---------------------------------------------------------------- webhooks
    def create_webhook(self, topic: str, address: str, **fields: Any) -> dict[str, Any]:
        body = {"webhook": {"topic": topic, "address": address, "format": "json", **fields}}
        return self._call("POST", "/webhooks.json", json=body)["webhook"]

    def webhooks(self, **params: Any) -> list[dict[str, Any]]:
        """Every subscription ``GET /webhooks.json`` lists with its filters (``topic``, ``address``),
        every page read (``limit``: the page size)."""
        return self._every("/webhooks.json", "webhooks", params)

    def delete_webhook(self, webhook_id: int | str) -> None:
        self._call("DELETE", f"/webhooks/{webhook_id}.json")

    # ----------------------------------------------------------------- GraphQL
    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The GraphQL answer as JSON (``data`` and/or ``errors``); GraphQL errors come with 200,
        so only transport-level errors (401, 404, 429, 5xx) raise."""
        return self._call("POST", "/graphql.json", json={"query": query, "variables": variables or {}})
