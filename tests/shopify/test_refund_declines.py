"""A refund the gateway declines: armed through the control plane, made all the same (Shopify keeps
the record; its transactions say ``failure`` with an ``error_code``), and refunding nothing: the
order's money, goods and status are as they were, and a later refund succeeds. REST, GraphQL,
webhooks and the snapshot agree; a race of refunds against one decline never loses or doubles money."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest
import requests

from simulators.clients import ControlPlaneClient, ShopifyClient, VendorError
from simulators.shopify.models import Shop

from tests.conftest import make_writes_meet, race

from .conftest import ORDER, sale_of
from .test_graphql import REFUND_CREATE, _refund_input


def _full_refund(shopify: ShopifyClient, order: dict[str, Any]) -> dict[str, Any]:
    """One mug and the shipping back: 12.50 + 5.00 on the order's sale."""
    sale = sale_of(shopify, order)
    return {"note": "damaged", "shipping": {"full_refund": True},
            "refund_line_items": [{"line_item_id": order["line_items"][0]["id"], "quantity": 1, "restock_type": "no_restock"}],
            "transactions": [{"parent_id": sale["id"], "amount": "17.50", "kind": "refund", "gateway": sale["gateway"]}]}


def _state(shopify: ShopifyClient, order: dict[str, Any]) -> dict[str, Any]:
    """What a declined refund must not change: the order's money, goods and status, and what a refund would be."""
    current = shopify.order(order["id"])
    keys = ("financial_status", "current_total_price", "current_subtotal_price", "current_total_tax", "total_price")
    calc = shopify.calculate_refund(order["id"], {"shipping": {"full_refund": True}, "refund_line_items": [
        {"line_item_id": order["line_items"][0]["id"], "quantity": 2}]})
    return {**{k: current[k] for k in keys}, "quantities": [line["current_quantity"] for line in current["line_items"]],
            "suggested": calc["transactions"], "shipping": calc["shipping"]}


@pytest.fixture
def declines(control: ControlPlaneClient, tenant: dict[str, Any]) -> str:
    return f"{control.root}/tenants/{tenant['tenant']}/shopify/refund-declines"


def test_a_declined_refund_is_kept_with_its_failed_transaction_and_refunds_nothing(control, tenant, shopify, order) -> None:
    before = _state(shopify, order)
    assert control.decline_shopify_refunds(tenant["tenant"], 1, "card_declined") == {"count": 1, "error_code": "card_declined",
                                                                                   "parent_id": None, "status": "failure"}
    refund = shopify.create_refund(order["id"], _full_refund(shopify, order))  # 201: the refund exists
    txn = refund["transactions"][0]
    assert (txn["kind"], txn["status"], txn["error_code"], txn["amount"]) == ("refund", "failure", "card_declined", "17.50")
    assert txn["message"] and refund["order_adjustments"] == []
    assert _state(shopify, order) == before, "a declined refund moves no money and takes back no goods"
    assert [r["id"] for r in shopify.refunds(order["id"])] == [refund["id"]]
    listed = [t for t in shopify.transactions(order["id"]) if t["kind"] == "refund"]
    assert [(t["id"], t["status"], t["error_code"]) for t in listed] == [(txn["id"], "failure", "card_declined")]
    # The arm is used up: the next refund goes through.
    assert requests.get(f"{control.root}/tenants/{tenant['tenant']}/shopify/refund-declines", timeout=10).json() == {
        "count": 0, "error_code": "card_declined", "parent_id": None, "status": "failure"}
    again = shopify.create_refund(order["id"], _full_refund(shopify, order))
    assert again["transactions"][0]["status"] == "success" and again["transactions"][0]["error_code"] is None
    after = shopify.order(order["id"])
    assert (after["financial_status"], after["current_total_price"]) == ("partially_refunded", "20.50")
    snap = control.snapshot(tenant["tenant"])["shopify"][0]["refunds"]
    assert [(r["refunded"], r["declined"]) for r in snap] == [("0.00", True), ("17.50", False)]


def test_a_refund_the_gateway_could_not_process_is_kept_with_its_error_transaction_and_refunds_nothing(
        control, tenant, shopify, order) -> None:
    """Status ``error`` (OrderTransactionStatus ERROR: "There was an error while processing the
    transaction"): no money moved, as with a decline; its error code ``processing_error`` unless armed
    with another. REST and GraphQL say it, the snapshot counts the refund declined."""
    before = _state(shopify, order)
    assert control.decline_shopify_refunds(tenant["tenant"], 1, status="error")["error_code"] == "processing_error"
    refund = shopify.create_refund(order["id"], _full_refund(shopify, order))
    txn = refund["transactions"][0]
    assert (txn["status"], txn["error_code"], txn["amount"]) == ("error", "processing_error", "17.50")
    assert "could not process" in txn["message"] and refund["order_adjustments"] == []
    assert _state(shopify, order) == before, "a refund the gateway could not process moves no money"
    node = shopify.graphql('query($id: ID!) { order(id: $id) { transactions { kind status errorCode } } }',
                           {"id": f"gid://shopify/Order/{order['id']}"})["data"]["order"]["transactions"]
    assert {"kind": "REFUND", "status": "ERROR", "errorCode": "PROCESSING_ERROR"} in node
    assert [r["declined"] for r in control.snapshot(tenant["tenant"])["shopify"][0]["refunds"]] == [True]
    assert shopify.create_refund(order["id"], _full_refund(shopify, order))["transactions"][0]["status"] == "success"


def test_a_refund_transaction_over_rest_is_declined_the_same_way(control, tenant, shopify, order) -> None:
    control.decline_shopify_refunds(tenant["tenant"], 1, "processing_error")
    sale = sale_of(shopify, order)
    txn = shopify.create_transaction(order["id"], {"kind": "refund", "parent_id": sale["id"], "amount": "10.00"})
    assert (txn["status"], txn["error_code"]) == ("failure", "processing_error")
    assert shopify.order(order["id"])["financial_status"] == "paid"
    assert sale_of(shopify, order) == sale


def test_refused_refunds_and_refunds_without_money_leave_the_decline_armed(control, tenant, shopify, order) -> None:
    control.decline_shopify_refunds(tenant["tenant"], 1)
    sale = sale_of(shopify, order)
    with pytest.raises(VendorError):
        shopify.create_refund(order["id"], {"transactions": [
            {"parent_id": sale["id"], "amount": "99.00", "kind": "refund", "gateway": sale["gateway"]}]})
    goods_only = shopify.create_refund(order["id"], {"refund_line_items": [
        {"line_item_id": order["line_items"][1]["id"], "quantity": 1}]})
    assert goods_only["transactions"] == [] and goods_only["refund_line_items"][0]["quantity"] == 1
    declined = shopify.create_refund(order["id"], _full_refund(shopify, order))
    assert declined["transactions"][0]["status"] == "failure"


def test_the_refunds_create_webhook_of_a_declined_refund_shows_the_failure(control, tenant, shopify, order) -> None:
    shopify.create_webhook("refunds/create", "https://unreachable.example/hooks/refunds")
    control.decline_shopify_refunds(tenant["tenant"], 1, "call_issuer")
    refund = shopify.create_refund(order["id"], _full_refund(shopify, order))
    sent = [e for e in control.journal(tenant["tenant"]) if e["service"] == "shopify-webhook"]
    body = json.loads(sent[0]["request_body"])
    assert body == shopify.refund(order["id"], refund["id"])
    assert (body["transactions"][0]["status"], body["transactions"][0]["error_code"]) == ("failure", "call_issuer")


def test_graphql_refund_create_answers_the_refund_with_its_failed_transaction(control, tenant, shopify, order) -> None:
    control.decline_shopify_refunds(tenant["tenant"], 1, "card_declined")
    query = REFUND_CREATE.replace("status gateway", "status errorCode gateway") % ""
    answer = shopify.graphql(query, {"input": _refund_input(order, sale_of(shopify, order))})["data"]["refundCreate"]
    assert answer["userErrors"] == []
    txn = answer["refund"]["transactions"]["nodes"][0]
    assert (txn["kind"], txn["status"], txn["errorCode"]) == ("REFUND", "FAILURE", "CARD_DECLINED")
    assert answer["refund"]["totalRefundedSet"]["shopMoney"]["amount"] == "0.0"
    assert answer["order"]["displayFinancialStatus"] == "PAID"
    assert answer["order"]["totalRefundedSet"]["presentmentMoney"]["amount"] == "0.0"


def test_refunds_at_once_against_armed_declines_decline_exactly_that_many(live_control, live_shop, monkeypatch) -> None:
    """Eight 1.00 refunds meet inside the shop's write with three declines armed: three are declined,
    five go through, and the order has been refunded exactly 5.00 (the live server, one client each)."""
    tenant, shopify = live_shop
    order = shopify.create_order(ORDER)
    sale = sale_of(shopify, order)
    live_control.decline_shopify_refunds(tenant["tenant"], 3)
    root = live_control.root.rsplit("/_sim", 1)[0]
    clients = [ShopifyClient(root, tenant["shopify"]) for _ in range(8)]
    one = {"transactions": [{"parent_id": sale["id"], "amount": "1.00", "kind": "refund", "gateway": sale["gateway"]}]}
    make_writes_meet(monkeypatch, Shop, "_write_refund", 8)
    results = race([partial(c.create_refund, order["id"], one) for c in clients])
    assert sorted(r["transactions"][0]["status"] for r in results) == ["failure"] * 3 + ["success"] * 5
    calc = shopify.calculate_refund(order["id"], {})
    assert calc["transactions"][0]["maximum_refundable"] == "33.00"  # 38.00 - 5 x 1.00
    assert len(shopify.refunds(order["id"])) == 8


@pytest.mark.parametrize(("body", "words"), [
    ({}, "count must be"), ({"count": -1}, "count must be"), ({"count": True}, "count must be"), ({"count": 1001}, "count"),
    ({"count": "1"}, "count"), ({"count": 1, "error_code": "declined"}, "error_code must be one of"),
    ({"count": 1, "error_code": None}, "error_code"), ({"count": 1, "when": "now"}, "Unknown field"),
    ({"count": 1, "parent_id": 0}, "parent_id must be"), ({"count": 1, "parent_id": "12"}, "parent_id must be"),
    ({"count": 1, "parent_id": True}, "parent_id must be"), ({"count": 1, "parent_id": 1.5}, "parent_id must be"),
    ({"count": 1, "status": "declined"}, "status must be"), ({"count": 1, "status": "success"}, "status must be"),
    ({"count": 1, "status": None}, "status must be"),
])
def test_a_bad_decline_is_refused_and_arms_nothing(declines, body, words) -> None:
    response = requests.post(declines, json=body, timeout=10)
    assert response.status_code == 400 and words in response.json()["error"]["message"]
    assert requests.get(declines, timeout=10).json() == {"count": 0, "error_code": "card_declined", "parent_id": None, "status": "failure"}


def test_an_idempotent_retry_of_a_declined_refund_returns_it_and_a_new_key_refunds(control, simulators, tenant, shopify,
                                                                                  order) -> None:
    """The declined refund is the key's result: a retry does not ask the gateway again."""
    v2026 = ShopifyClient(simulators.base_url, {**tenant["shopify"], "api_version": "2026-01"})
    control.decline_shopify_refunds(tenant["tenant"], 1)
    refund_input = _refund_input(order, sale_of(shopify, order))
    query = REFUND_CREATE % '@idempotent(key: "%s")'
    first = v2026.graphql(query % "k-1", {"input": refund_input})["data"]["refundCreate"]["refund"]
    again = v2026.graphql(query % "k-1", {"input": refund_input})["data"]["refundCreate"]["refund"]
    assert again["id"] == first["id"] and again["transactions"]["nodes"][0]["status"] == "FAILURE"
    fresh = v2026.graphql(query % "k-2", {"input": refund_input})["data"]["refundCreate"]["refund"]
    assert fresh["id"] != first["id"] and fresh["transactions"]["nodes"][0]["status"] == "SUCCESS"
    assert len(shopify.refunds(order["id"])) == 2


def test_a_decline_of_one_payment_fails_only_its_transaction_and_the_refund_counts_the_rest(control, tenant,
                                                                                             shopify) -> None:
    """An order paid in two payments (10.00, then 28.00): the card of the second was closed. A
    refund of both fails on it only; the first payment's 10.00 goes back, the refund's goods and
    shipping count as refunded, and the money short of them is a refund discrepancy. A refund on
    the first payment alone does not use the decline."""
    order = shopify.create_order({**ORDER, "transactions": [
        {"kind": "sale", "status": "success", "amount": "10.00", "gateway": "shopify_payments"},
        {"kind": "sale", "status": "success", "amount": "28.00", "gateway": "shopify_payments"}]})
    first, second = (t for t in shopify.transactions(order["id"]) if t["kind"] == "sale")
    assert control.decline_shopify_refunds(tenant["tenant"], 1, "expired_card", parent_id=second["id"]) == {
        "count": 1, "error_code": "expired_card", "parent_id": second["id"], "status": "failure"}
    alone = shopify.create_refund(order["id"], {"transactions": [
        {"parent_id": first["id"], "amount": "1.00", "kind": "refund", "gateway": first["gateway"]}]})
    assert [t["status"] for t in alone["transactions"]] == ["success"]
    refund = shopify.create_refund(order["id"], {
        "shipping": {"full_refund": True},
        "refund_line_items": [{"line_item_id": order["line_items"][0]["id"], "quantity": 1, "restock_type": "no_restock"}],
        "transactions": [{"parent_id": first["id"], "amount": "9.00", "kind": "refund", "gateway": first["gateway"]},
                         {"parent_id": second["id"], "amount": "8.50", "kind": "refund", "gateway": second["gateway"]}]})
    assert [(t["parent_id"], t["status"], t["error_code"]) for t in refund["transactions"]] == [
        (first["id"], "success", None), (second["id"], "failure", "expired_card")]
    assert [(a["kind"], a["amount"]) for a in refund["order_adjustments"]] == [
        ("shipping_refund", "-5.00"), ("refund_discrepancy", "8.50")]
    after = shopify.order(order["id"])
    assert after["financial_status"] == "partially_refunded"
    assert [line["current_quantity"] for line in after["line_items"]] == [1, 1]
    assert requests.get(f"{control.root}/tenants/{tenant['tenant']}/shopify/refund-declines", timeout=10).json()["count"] == 0
