"""Shopify Admin REST as a real app calls it: ``X-Shopify-Access-Token`` over requests."""

from __future__ import annotations

from typing import Any

import requests

from .base import DEFAULT_TIMEOUT, _checked


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
