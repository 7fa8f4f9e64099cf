"""Rules FIDELITY.md states that no other test held the Shopify simulator to: every REST answer
names its API version, errors included; webhook deliveries come from ``Shopify-Captain-Hook``; the
retry schedule's steps; a ``legacy_restock`` refund line restocks at the shop's location."""

from __future__ import annotations

import pytest
import requests

from simulators.clients import ShopifyClient
from simulators.shopify.webhooks import RETRY_DELAYS

from .conftest import ORDER, Receiver


@pytest.mark.parametrize("version", ["2025-01", "2025-04", "2026-01"])
def test_every_rest_answer_names_the_api_version_of_its_path(shopify: ShopifyClient, order, version: str) -> None:
    base = shopify.root.rsplit("/admin/api/", 1)[0] + f"/admin/api/{version}"
    answers = {
        "ok": shopify.session.get(f"{base}/orders/{order['id']}.json"),
        "not found": shopify.session.get(f"{base}/orders/1.json"),
        "unprocessable": shopify.session.post(f"{base}/orders/{order['id']}/refunds.json",
                                              json={"refund": {"transactions": [{"amount": "1.00"}]}}),
        "bad request": shopify.session.post(f"{base}/orders/{order['id']}/refunds.json", json={}),
        "unauthorized": requests.get(f"{base}/orders.json", headers={"X-Shopify-Access-Token": "nope"}, timeout=10),
    }
    assert {name: r.status_code for name, r in answers.items()} == {
        "ok": 200, "not found": 404, "unprocessable": 422, "bad request": 400, "unauthorized": 401}
    assert {name: r.headers.get("X-Shopify-API-Version") for name, r in answers.items()} == dict.fromkeys(answers, version)


def test_deliveries_come_from_shopify_captain_hook(live_shop, live_control, receiver: Receiver) -> None:
    tenant, shopify = live_shop
    shopify.create_webhook("orders/create", receiver.url("orders"))
    shopify.create_order(ORDER)
    requests.post(f"{live_control.root}/tenants/{tenant['tenant']}/shopify/webhooks/flush", json={}, timeout=30)
    [(headers, _)] = receiver.received
    assert headers["User-Agent"] == "Shopify-Captain-Hook"


def test_the_retry_schedule_doubles_from_a_minute_and_fills_four_hours() -> None:
    assert [delay // 60 for delay in RETRY_DELAYS] == [1, 2, 4, 8, 16, 32, 64, 113]
    assert all(delay % 60 == 0 for delay in RETRY_DELAYS)


def test_a_legacy_restock_restocks_at_the_shop_s_location(shopify: ShopifyClient, order) -> None:
    mug, tea = order["line_items"][0], order["line_items"][1]
    refund = shopify.create_refund(order["id"], {"refund_line_items": [
        {"line_item_id": mug["id"], "quantity": 1, "restock_type": "legacy_restock"},
        {"line_item_id": tea["id"], "quantity": 1, "restock_type": "no_restock"}]})
    legacy, plain = refund["refund_line_items"]
    assert legacy["restock_type"] == "legacy_restock" and plain["location_id"] is None
    cancelled = shopify.create_refund(order["id"], {"refund_line_items": [
        {"line_item_id": mug["id"], "quantity": 1, "restock_type": "cancel"}]})
    assert legacy["location_id"] == cancelled["refund_line_items"][0]["location_id"] is not None
    assert refund["restock"] is True
