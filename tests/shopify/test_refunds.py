"""Shopify orders and refunds: the rules and the error shapes, through the REST client in-process
and the official ShopifyAPI client over a real socket."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import shopify as shopify_api

from simulators.clients import ShopifyClient, VendorError

ORDER = {
    "currency": "USD",
    "line_items": [{"title": "Mug", "sku": "MUG", "price": "12.50", "quantity": 2},
                   {"title": "Tea", "sku": "TEA", "price": "8.00", "quantity": 1}],
    "shipping_lines": [{"title": "Standard", "price": "5.00"}],
    "transactions": [{"kind": "sale", "status": "success", "amount": "38.00", "gateway": "shopify_payments"}],
}


@pytest.fixture
def order(shopify: ShopifyClient) -> dict[str, Any]:
    return shopify.create_order(ORDER)


def _sale(shopify: ShopifyClient, order: dict[str, Any]) -> dict[str, Any]:
    return next(t for t in shopify.transactions(order["id"]) if t["kind"] == "sale")


def test_order_totals_and_status(order) -> None:
    assert order["financial_status"] == "paid"
    assert (order["subtotal_price"], order["total_price"]) == ("33.00", "38.00")


def test_partial_then_full_refund_moves_financial_status(shopify, order) -> None:
    sale = _sale(shopify, order)
    mug = order["line_items"][0]
    refund = shopify.create_refund(order["id"], {
        "refund_line_items": [{"line_item_id": mug["id"], "quantity": 1, "restock_type": "no_restock"}],
        "transactions": [{"parent_id": sale["id"], "amount": "12.50", "kind": "refund", "gateway": sale["gateway"]}],
    })
    assert refund["transactions"][0]["amount"] == "12.50" and refund["order_adjustments"] == []
    assert shopify.order(order["id"])["financial_status"] == "partially_refunded"
    shopify.create_refund(order["id"], {
        "shipping": {"full_refund": True},
        "transactions": [{"parent_id": sale["id"], "amount": "25.50", "kind": "refund", "gateway": sale["gateway"]}],
    })
    assert shopify.order(order["id"])["financial_status"] == "refunded"
    assert len(shopify.refunds(order["id"])) == 2


@pytest.mark.parametrize("refund, field", [
    ({"transactions": [{"parent_id": 1, "amount": "1.00", "kind": "refund"}]}, "base"),
    ({"refund_line_items": [{"line_item_id": 1, "quantity": 1}]}, "refund_line_items[0].line_item_id"),
    ({"shipping": {"amount": "5.01"}}, "shipping"),
    ({}, "base"),
])
def test_refunds_that_break_a_rule_are_422_and_change_nothing(shopify, order, refund, field) -> None:
    with pytest.raises(VendorError) as refused:
        shopify.create_refund(order["id"], refund)
    assert refused.value.status == 422 and field in refused.value.body["errors"]
    assert shopify.refunds(order["id"]) == []


def test_refund_cannot_exceed_what_was_captured_or_change_gateway(shopify, order) -> None:
    sale = _sale(shopify, order)
    for txn in ({"amount": "38.01", "gateway": sale["gateway"]}, {"amount": "1.00", "gateway": "paypal"}):
        with pytest.raises(VendorError) as refused:
            shopify.create_refund(order["id"], {"transactions": [{"parent_id": sale["id"], "kind": "refund", **txn}]})
        assert refused.value.status == 422
    assert shopify.order(order["id"])["financial_status"] == "paid"


def test_quantities_cannot_exceed_what_remains(shopify, order) -> None:
    tea = order["line_items"][1]
    shopify.create_refund(order["id"], {"refund_line_items": [{"line_item_id": tea["id"], "quantity": 1}]})
    with pytest.raises(VendorError) as refused:
        shopify.create_refund(order["id"], {"refund_line_items": [{"line_item_id": tea["id"], "quantity": 1}]})
    assert "cannot refund more items" in refused.value.message


def test_errors_are_shopify_shaped(simulators, tenant, shopify) -> None:
    root = shopify.root
    token = {"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}
    assert requests.get(f"{root}/orders.json").json() == {
        "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}
    missing = requests.get(f"{root}/orders/1.json", headers=token)
    assert (missing.status_code, missing.json()) == (404, {"errors": "Not Found"})
    bad_json = requests.post(f"{root}/orders.json", data="{", headers={**token, "Content-Type": "application/json"})
    assert bad_json.status_code == 400 and "errors" in bad_json.json()
    no_root = requests.post(f"{root}/orders.json", json={"line_items": []}, headers=token)
    assert (no_root.status_code, no_root.json()) == (400, {"errors": {"order": "Required parameter missing or invalid"}})
    old = requests.get(f"{simulators.base_url}/admin/api/2019-01/orders.json", headers=token)
    assert old.status_code == 404


def test_the_official_shopifyapi_client_works_against_the_live_simulator(live, live_tenant) -> None:
    creds = live_tenant["shopify"]
    shopify_api.ShopifyResource.set_site(f"{live.base_url}/admin/api/{creds['api_version']}")
    shopify_api.ShopifyResource.headers["X-Shopify-Access-Token"] = creds["access_token"]
    try:
        order = shopify_api.Order.create(ORDER)
        assert order.errors.errors == {} and order.id
        fetched = shopify_api.Order.find(order.id)
        assert fetched.total_price == "38.00"
        sale = shopify_api.Transaction.find(order_id=order.id)[0]
        refund = shopify_api.Refund.create({
            "order_id": order.id,
            "transactions": [{"parent_id": sale.id, "amount": "10.00", "kind": "refund", "gateway": sale.gateway}],
        })
        assert refund.id and refund.transactions[0].amount == "10.00"
        assert shopify_api.Order.find(order.id).financial_status == "partially_refunded"
    finally:
        shopify_api.ShopifyResource.clear_session()
