"""Fixtures of the Shopify simulator's tests: a paid order, live clients, and a webhook receiver
(a tiny Flask app served on loopback) that records what it receives and answers what it is told."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask, Response, request

from harness.transports import LiveTransport
from simulators.clients import ControlPlaneClient, ShopifyClient

ORDER = {
    "currency": "USD",
    "line_items": [{"title": "Mug", "sku": "MUG", "price": "12.50", "quantity": 2},
                   {"title": "Tea", "sku": "TEA", "price": "8.00", "quantity": 1}],
    "shipping_lines": [{"title": "Standard", "price": "5.00"}],
    "transactions": [{"kind": "sale", "status": "success", "amount": "38.00", "gateway": "shopify_payments"}],
}


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def sale_of(shopify: ShopifyClient, order: dict[str, Any]) -> dict[str, Any]:
    return next(t for t in shopify.transactions(order["id"]) if t["kind"] in ("sale", "capture"))


@pytest.fixture
def order(shopify: ShopifyClient) -> dict[str, Any]:
    """A paid order: 2 x 12.50 + 8.00 + 5.00 shipping = 38.00, captured on shopify_payments."""
    return shopify.create_order(ORDER)


@pytest.fixture
def live_control(live: LiveTransport) -> ControlPlaneClient:
    return ControlPlaneClient(live.base_url)


@pytest.fixture
def live_shop(live_control: ControlPlaneClient) -> Iterator[tuple[dict[str, Any], ShopifyClient]]:
    """A fresh tenant on the live server and a REST client of its shop."""
    tenant = live_control.create_tenant(seed=11)
    client = ShopifyClient(live_control.root.rsplit("/_sim", 1)[0], tenant["shopify"])
    yield tenant, client
    client.session.close()
    live_control.delete_tenant(tenant["tenant"])


class Receiver:
    """An app's webhook endpoint: records every delivery, answers ``statuses`` in turn (then 200)."""

    def __init__(self) -> None:
        self.app = Flask("webhook-receiver")
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        self._lock = threading.Lock()
        self.app.add_url_rule("/hooks/<path:name>", "hook", self._hook, methods=["POST"])
        self.server = LiveTransport(self.app, threads=4)

    def _hook(self, name: str) -> Response:
        with self._lock:
            self.received.append((dict(request.headers), request.get_data()))
            status = self.statuses.pop(0) if self.statuses else 200
        return Response("ok" if status < 300 else "receiver failure", status=status)

    def url(self, name: str = "shopify") -> str:
        return f"{self.server.base_url}/hooks/{name}"


@pytest.fixture(scope="session")
def _receiver_server() -> Iterator[Receiver]:
    server = Receiver()
    server.server.start()
    yield server
    server.server.stop()


@pytest.fixture
def receiver(_receiver_server: Receiver) -> Receiver:
    """The receiver, emptied: nothing received, every answer 200 until told otherwise."""
    with _receiver_server._lock:
        _receiver_server.received.clear()
        _receiver_server.statuses.clear()
    return _receiver_server
