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


def test_a_cancellation_with_a_refund_refunds_what_is_left_and_the_order_leaves_the_open_list(shopify: ShopifyClient, order) -> None:
    """``POST /orders/{id}/cancel.json`` (Order resource): cancelled_at and cancel_reason set; a
    ``refund`` goes back in a refund noted "Order canceled" (the vendor's example); the order is no
    longer listed as open (``status`` filter), but as cancelled."""
    mug = order["line_items"][0]
    shopify.create_refund(order["id"], {"refund_line_items": [{"line_item_id": mug["id"], "quantity": 1, "restock_type": "no_restock"}],
                                        "transactions": [{"parent_id": shopify.transactions(order["id"])[0]["id"],
                                                          "amount": "12.50", "kind": "refund", "gateway": "shopify_payments"}]})
    left = [{"line_item_id": l["id"], "quantity": l["quantity"] - (1 if l["id"] == mug["id"] else 0), "restock_type": "cancel"}
            for l in order["line_items"]]
    calculated = shopify.calculate_refund(order["id"], {"refund_line_items": left, "shipping": {"full_refund": True}})
    cancelled = shopify.cancel_order(order["id"], reason="customer", refund={
        "refund_line_items": left, "shipping": {"full_refund": True},
        "transactions": [{"parent_id": t["parent_id"], "amount": t["amount"], "kind": "refund", "gateway": t["gateway"]}
                         for t in calculated["transactions"]]})
    assert cancelled["cancelled_at"] is not None and cancelled["cancel_reason"] == "customer"
    assert [r["note"] for r in cancelled["refunds"]] == [None, "Order canceled"]
    assert cancelled["financial_status"] == "refunded"
    assert order["id"] not in [o["id"] for o in shopify.orders()]
    assert order["id"] in [o["id"] for o in shopify.orders(status="cancelled")]


def test_a_cancellation_without_a_refund_keeps_the_refunds_and_a_second_is_refused_unchanged(shopify: ShopifyClient, order) -> None:
    """Without ``refund`` or ``amount`` nothing goes back (the vendor's example cancels a partly
    refunded order, its refunds as they were); a second cancellation is refused (422) and changes
    nothing; an unknown reason is refused before anything is written."""
    with pytest.raises(VendorError) as unknown:
        shopify.cancel_order(order["id"], reason="bored")
    assert (unknown.value.status, shopify.order(order["id"])["cancelled_at"]) == (422, None)
    cancelled = shopify.cancel_order(order["id"])
    assert (cancelled["cancel_reason"], cancelled["refunds"], cancelled["financial_status"]) == ("other", [], "paid")
    with pytest.raises(VendorError) as again:
        shopify.cancel_order(order["id"], amount="38.00")
    assert (again.value.status, again.value.body) == (422, {"errors": {"base": ["Order has already been cancelled"]}})
    assert shopify.order(order["id"]) == cancelled


def test_a_cancellation_with_an_amount_refunds_every_unit_left_for_that_amount(shopify: ShopifyClient, order) -> None:
    """``amount`` (the older parameter): every unit not refunded yet goes back (``restock``: put back
    as ``cancel``), the amount on the order's payment; what it does not cover is the refund's
    discrepancy, as the vendor's example shows (an ``order_adjustments`` row)."""
    cancelled = shopify.cancel_order(order["id"], amount="20.00", restock=True)
    [refund] = cancelled["refunds"]
    assert sorted((r["line_item_id"], r["quantity"], r["restock_type"]) for r in refund["refund_line_items"]) == sorted(
        (l["id"], l["quantity"], "cancel") for l in order["line_items"])
    assert [(t["kind"], t["amount"]) for t in refund["transactions"]] == [("refund", "20.00")]
    other = shopify.create_order(ORDER)
    with pytest.raises(VendorError) as beyond:
        shopify.cancel_order(other["id"], amount="38.01")
    assert beyond.value.status == 422
    assert shopify.order(other["id"]) == other  # neither cancelled nor refunded
