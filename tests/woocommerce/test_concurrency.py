"""Concurrent refunds of one order never over-refund: threads against the live server (waitress, 16
threads), each with its own OAuth-signing client. The writes are made to meet
(:func:`tests.conftest.make_writes_meet`), so without the order's lock these tests fail."""

from __future__ import annotations

from functools import partial
from typing import Any

from simulators.clients import WooCommerceClient, WooCommerceError
from simulators.woocommerce.models import Store
from tests.conftest import make_writes_meet, race

from .conftest import ORDER_TOTAL, WooSim, make_client, money

THREADS = 8


def _clients(live, live_tenant: dict[str, Any]) -> list[WooCommerceClient]:
    return [make_client(live.base_url, live_tenant["woocommerce"]) for _ in range(THREADS)]


def test_eight_full_refunds_at_once_refund_once(live, live_tenant, monkeypatch) -> None:
    order = WooSim(live.base_url, live_tenant["tenant"]).order()
    clients = _clients(live, live_tenant)
    make_writes_meet(monkeypatch, Store, "_write_refund", THREADS)
    results = race([partial(c.create_refund, order["id"], {"amount": ORDER_TOTAL, "api_refund": False})
                    for c in clients])
    made = [r for r in results if isinstance(r, dict)]
    refused = [r for r in results if isinstance(r, WooCommerceError)]
    assert len(made) == 1 and len(refused) == THREADS - 1, results
    assert {(r.status, r.body["message"]) for r in refused} == {(500, "Invalid refund amount.")}
    after = clients[0].order(order["id"])
    assert after["status"] == "refunded" and [r["total"] for r in after["refunds"]] == ["-41.13"]


def test_partial_refunds_at_once_stop_at_the_order_total(live, live_tenant, monkeypatch) -> None:
    order = WooSim(live.base_url, live_tenant["tenant"]).order()
    clients = _clients(live, live_tenant)
    make_writes_meet(monkeypatch, Store, "_write_refund", THREADS)
    results = race([partial(c.create_refund, order["id"], {"amount": "10.00"}) for c in clients])
    assert sum(isinstance(r, dict) for r in results) == 4  # 4 × 10.00 fit in 41.13, a fifth does not
    refunded = sum((money(r["amount"]) for r in clients[0].refunds(order["id"])), money(0))
    assert refunded == money("40.00") and clients[0].order(order["id"])["status"] == "processing"
