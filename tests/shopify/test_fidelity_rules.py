"""Rules FIDELITY.md states that no other test held the Shopify simulator to: every REST answer
names its API version, errors included; webhook deliveries come from ``Shopify-Captain-Hook``; the
retry schedule's steps; a ``legacy_restock`` refund line is refused on a new refund."""

from __future__ import annotations

import pytest
import requests

from simulators.clients import ShopifyClient, VendorError
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


def test_a_legacy_restock_is_refused_on_a_new_refund_and_nothing_is_refunded(shopify: ShopifyClient, order) -> None:
    """LEGACY_RESTOCK: "Deprecated. ... This value is not accepted when creating new refunds." It was
    taken, so a connector sending it (as the vendor's REST examples of older refunds show it) was
    certified though Shopify refuses its every refund; a calculation still takes it (nothing saved)."""
    mug, tea = order["line_items"][0], order["line_items"][1]
    legacy = {"refund_line_items": [{"line_item_id": mug["id"], "quantity": 1, "restock_type": "legacy_restock"},
                                    {"line_item_id": tea["id"], "quantity": 1, "restock_type": "no_restock"}]}
    assert shopify.calculate_refund(order["id"], legacy)["refund_line_items"][0]["restock_type"] == "legacy_restock"
    with pytest.raises(VendorError) as refused:
        shopify.create_refund(order["id"], legacy)
    assert (refused.value.status, refused.value.body) == (
        422, {"errors": {"refund_line_items[0].restock_type": ["is not accepted when creating new refunds"]}})
    assert shopify.refunds(order["id"]) == []
    cancelled = shopify.create_refund(order["id"], {"refund_line_items": [
        {"line_item_id": mug["id"], "quantity": 1, "restock_type": "cancel"}]})
    assert cancelled["refund_line_items"][0]["location_id"] is not None and cancelled["restock"] is True
