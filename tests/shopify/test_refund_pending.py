"""A refund the gateway holds pending: armed through the control plane (``refund-pending``), made
with its transactions ``pending`` (GraphQL ``PENDING``), its goods refunded and its money on its way
— not given back yet: the order stays ``paid`` and the refund's refunded money is 0 — and settled to
``success`` once the tenant's clock has moved the hours it was held. REST, GraphQL and the snapshot
agree; a bad body is refused with the control plane's 400 and arms nothing."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulators.clients import ControlPlaneClient, ShopifyClient, VendorError

from .conftest import sale_of
from .test_graphql import REFUND_CREATE, _refund_input, gid

ORDER_REFUNDS = """
query order($id: ID!) {
  order(id: $id) {
    displayFinancialStatus
    totalRefundedSet { presentmentMoney { amount } }
    refunds { id totalRefundedSet { presentmentMoney { amount } } transactions(first: 5) { nodes { status } } }
  }
}"""


def _one_mug(shopify: ShopifyClient, order: dict[str, Any], amount: str = "12.50") -> dict[str, Any]:
    sale = sale_of(shopify, order)
    return {"note": "held", "refund_line_items": [{"line_item_id": order["line_items"][0]["id"], "quantity": 1,
                                                   "restock_type": "no_restock"}],
            "transactions": [{"parent_id": sale["id"], "amount": amount, "kind": "refund", "gateway": sale["gateway"]}]}


@pytest.fixture
def holds(control: ControlPlaneClient, tenant: dict[str, Any]) -> str:
    return f"{control.root}/tenants/{tenant['tenant']}/shopify/refund-pending"


def _graphql_order(shopify: ShopifyClient, order: dict[str, Any]) -> dict[str, Any]:
    return shopify.graphql(ORDER_REFUNDS, {"id": gid("Order", order["id"])})["data"]["order"]


def test_a_held_refund_is_pending_until_the_clock_has_moved_its_hours_then_succeeds(control, tenant, shopify,
                                                                                    order) -> None:
    assert control.hold_shopify_refunds(tenant["tenant"], 1, 2) == {"count": 1, "hours": 2}
    refund = shopify.create_refund(order["id"], _one_mug(shopify, order))
    txn = refund["transactions"][0]
    assert (txn["kind"], txn["status"], txn["error_code"], txn["amount"]) == ("refund", "pending", None, "12.50")
    assert refund["order_adjustments"] == [], "the money is on its way: no discrepancy"
    pending = shopify.order(order["id"])
    assert pending["financial_status"] == "paid", "nothing has reached the customer yet"
    assert pending["line_items"][0]["current_quantity"] == 1, "the refund's goods are refunded"
    listed = [t for t in shopify.transactions(order["id"]) if t["kind"] == "refund"]
    assert [(t["id"], t["status"]) for t in listed] == [(txn["id"], "pending")]
    seen = _graphql_order(shopify, order)
    assert seen["displayFinancialStatus"] == "PAID"
    assert seen["totalRefundedSet"]["presentmentMoney"]["amount"] == "0.0"
    assert [(r["totalRefundedSet"]["presentmentMoney"]["amount"], [n["status"] for n in r["transactions"]["nodes"]])
            for r in seen["refunds"]] == [("0.0", ["PENDING"])]
    assert control.snapshot(tenant["tenant"])["shopify"][0]["refunds"][0]["pending"] == "12.50"
    # The arm is used up: the next refund goes through at once.
    assert requests.get(f"{control.root}/tenants/{tenant['tenant']}/shopify/refund-pending", timeout=10).json() == {
        "count": 0, "hours": 2}

    control.advance_clock(tenant["tenant"], 2 * 3600 - 60)
    assert shopify.refund(order["id"], refund["id"])["transactions"][0]["status"] == "pending"
    control.advance_clock(tenant["tenant"], 60)
    settled = shopify.refund(order["id"], refund["id"])["transactions"][0]
    assert (settled["id"], settled["status"], settled["amount"]) == (txn["id"], "success", "12.50")
    after = shopify.order(order["id"])
    assert (after["financial_status"], after["current_total_price"]) == ("partially_refunded", "25.50")
    seen = _graphql_order(shopify, order)
    assert seen["displayFinancialStatus"] == "PARTIALLY_REFUNDED"
    assert [n["status"] for r in seen["refunds"] for n in r["transactions"]["nodes"]] == ["SUCCESS"]
    assert seen["refunds"][0]["totalRefundedSet"]["presentmentMoney"]["amount"] == "12.5"
    assert control.snapshot(tenant["tenant"])["shopify"][0]["refunds"][0] | {"refund": 0, "note": ""} == {
        "refund": 0, "note": "", "refunded": "12.50", "declined": False, "pending": "0.00"}


def test_a_held_refund_settles_when_the_clock_moves_with_no_request_between(control, tenant, shopify, order) -> None:
    """The snapshot reads the shop without a Shopify request: the clock's move settled it."""
    control.hold_shopify_refunds(tenant["tenant"], 1, 1)
    shopify.create_refund(order["id"], _one_mug(shopify, order))
    control.advance_clock(tenant["tenant"], 3600)
    snap = control.snapshot(tenant["tenant"])["shopify"][0]
    assert (snap["financial_status"], snap["refunds"][0]["refunded"], snap["refunds"][0]["pending"]) == (
        "partially_refunded", "12.50", "0.00")


def test_money_held_pending_cannot_be_refunded_again(control, tenant, shopify, order) -> None:
    """What a pending refund takes from its payment is on its way: the payment has the rest left."""
    control.hold_shopify_refunds(tenant["tenant"], 1, 3)
    shopify.create_refund(order["id"], _one_mug(shopify, order, "30.00"))
    calc = shopify.calculate_refund(order["id"], {})
    assert calc["transactions"][0]["maximum_refundable"] == "8.00"  # 38.00 - 30.00 held
    sale = sale_of(shopify, order)
    with pytest.raises(VendorError) as refused:
        shopify.create_refund(order["id"], {"transactions": [
            {"parent_id": sale["id"], "amount": "8.01", "kind": "refund", "gateway": sale["gateway"]}]})
    assert refused.value.status == 422


def test_graphql_refund_create_answers_a_held_refund_pending(control, tenant, shopify, order) -> None:
    control.hold_shopify_refunds(tenant["tenant"], 1, 1)
    answer = shopify.graphql(REFUND_CREATE % "", {"input": _refund_input(order, sale_of(shopify, order))})["data"]["refundCreate"]
    assert answer["userErrors"] == []
    assert [n["status"] for n in answer["refund"]["transactions"]["nodes"]] == ["PENDING"]
    assert answer["refund"]["totalRefundedSet"]["shopMoney"]["amount"] == "0.0"
    assert answer["order"]["displayFinancialStatus"] == "PAID"


def test_refunds_without_money_and_declined_refunds_leave_the_hold_armed(control, tenant, shopify, order) -> None:
    control.hold_shopify_refunds(tenant["tenant"], 1, 1)
    control.decline_shopify_refunds(tenant["tenant"], 1)
    goods_only = shopify.create_refund(order["id"], {"refund_line_items": [
        {"line_item_id": order["line_items"][1]["id"], "quantity": 1}]})
    assert goods_only["transactions"] == []
    declined = shopify.create_refund(order["id"], _one_mug(shopify, order, "1.00"))
    assert [t["status"] for t in declined["transactions"]] == ["failure"]
    held = shopify.create_refund(order["id"], _one_mug(shopify, order, "1.00"))
    assert [t["status"] for t in held["transactions"]] == ["pending"]
    assert control.hold_shopify_refunds(tenant["tenant"], 0, 1) == {"count": 0, "hours": 1}


@pytest.mark.parametrize(("body", "words"), [
    ({}, "count must be"), ({"count": -1, "hours": 1}, "count must be"), ({"count": True, "hours": 1}, "count must be"),
    ({"count": 1001, "hours": 1}, "count"), ({"count": "1", "hours": 1}, "count"), ({"count": 1}, "hours must be"),
    ({"count": 1, "hours": 0}, "hours must be"), ({"count": 1, "hours": 721}, "hours must be"),
    ({"count": 1, "hours": 1.5}, "hours must be"), ({"count": 1, "hours": "2"}, "hours must be"),
    ({"count": 1, "hours": True}, "hours must be"), ({"count": 1, "hours": 2, "settles": "failure"}, "Unknown field"),
])
def test_a_bad_hold_is_refused_and_arms_nothing(holds, body, words) -> None:
    response = requests.post(holds, json=body, timeout=10)
    assert response.status_code == 400 and words in response.json()["error"]["message"], response.text
    assert response.json()["error"]["code"] == "invalid_body" or "Unknown field" in words
    assert requests.get(holds, timeout=10).json() == {"count": 0, "hours": 0}
