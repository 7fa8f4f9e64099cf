"""The official ShopifyAPI Python client (module ``shopify``), unchanged, against the live simulator:
orders, transactions, refunds (calculate and create), webhooks, GraphQL and the errors it maps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import shopify as shopify_api
from pyactiveresource.connection import ClientError, ResourceNotFound, UnauthorizedAccess

from harness.transports import LiveTransport
from simulators.clients import ControlPlaneClient

from .conftest import ORDER


def _session(live: LiveTransport, creds: dict[str, Any], token: str | None = None) -> None:
    shopify_api.ShopifyResource.clear_session()
    shopify_api.ShopifyResource.set_site(f"{live.base_url}/admin/api/{creds['api_version']}")
    shopify_api.ShopifyResource.headers["X-Shopify-Access-Token"] = token or creds["access_token"]


@pytest.fixture
def api(live: LiveTransport, live_tenant: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The ShopifyAPI client pointed at the live simulator, as an app sets it up."""
    _session(live, live_tenant["shopify"])
    yield live_tenant
    shopify_api.ShopifyResource.clear_session()
    shopify_api.ShopifyResource.headers.pop("X-Shopify-Access-Token", None)


def test_orders_are_created_found_and_paged(api) -> None:
    order = shopify_api.Order.create(ORDER)
    assert order.errors.errors == {} and order.id and order.financial_status == "paid"
    fetched = shopify_api.Order.find(order.id)
    assert (fetched.total_price, fetched.currency, fetched.line_items[0].sku) == ("38.00", "USD", "MUG")
    for _ in range(2):
        shopify_api.Order.create(ORDER)
    page = shopify_api.Order.find(limit=2, financial_status="paid")
    assert len(page) == 2 and page.has_next_page()
    rest = page.next_page()
    assert len(rest) == 1 and not rest.has_next_page() and rest.has_previous_page()
    assert shopify_api.Order.count() == 3
    with pytest.raises(ResourceNotFound):
        shopify_api.Order.find(1)


def test_transactions_are_listed_found_and_captured(api) -> None:
    order = shopify_api.Order.create({**ORDER, "transactions": [{"kind": "authorization", "amount": "38.00",
                                                                 "gateway": "shopify_payments"}]})
    assert order.financial_status == "authorized"
    auth = shopify_api.Transaction.find(order_id=order.id)[0]
    assert shopify_api.Transaction.find(auth.id, order_id=order.id).kind == "authorization"
    capture = shopify_api.Transaction.create({"order_id": order.id, "kind": "capture", "parent_id": auth.id,
                                              "amount": "38.00"})
    assert capture.errors.errors == {} and capture.kind == "capture" and capture.status == "success"
    assert shopify_api.Order.find(order.id).financial_status == "paid"
    refused = shopify_api.Transaction.create({"order_id": order.id, "kind": "capture", "parent_id": auth.id,
                                              "amount": "1.00"})
    assert refused.errors.full_messages() and not refused.id


def test_refunds_are_calculated_then_created(api) -> None:
    order = shopify_api.Order.create(ORDER)
    mug = order.line_items[0]
    calc = shopify_api.Refund.calculate(order.id, shipping={"full_refund": True}, refund_line_items=[
        {"line_item_id": mug.id, "quantity": 2, "restock_type": "no_restock"}])
    suggested = calc.transactions[0]
    assert (suggested.kind, suggested.amount, suggested.maximum_refundable) == ("suggested_refund", "30.00", "38.00")
    assert shopify_api.Refund.find(order_id=order.id) == []
    refund = shopify_api.Refund.create({
        "order_id": order.id, "note": "from the calculation", "shipping": {"full_refund": True},
        "refund_line_items": [{"line_item_id": mug.id, "quantity": 2, "restock_type": "no_restock"}],
        "transactions": [{"parent_id": suggested.parent_id, "amount": suggested.amount, "kind": "refund",
                          "gateway": suggested.gateway}],
    })
    assert refund.errors.errors == {} and refund.id and refund.transactions[0].amount == "30.00"
    assert shopify_api.Refund.find(refund.id, order_id=order.id).note == "from the calculation"
    assert [r.id for r in shopify_api.Refund.find(order_id=order.id)] == [refund.id]
    assert shopify_api.Order.find(order.id).financial_status == "partially_refunded"


def test_a_refused_refund_reports_shopify_errors(api) -> None:
    order = shopify_api.Order.create(ORDER)
    sale = shopify_api.Transaction.find(order_id=order.id)[0]
    refund = shopify_api.Refund.create({
        "order_id": order.id,
        "transactions": [{"parent_id": sale.id, "amount": "38.01", "kind": "refund", "gateway": sale.gateway}]})
    assert refund.id is None
    assert any("exceeds the refundable amount" in m for m in refund.errors.full_messages())
    assert shopify_api.Refund.find(order_id=order.id) == []


def test_webhooks_are_subscribed_listed_and_removed(api) -> None:
    hook = shopify_api.Webhook.create({"topic": "refunds/create", "address": "https://app.example/hooks",
                                       "format": "json"})
    assert hook.errors.errors == {} and hook.id and hook.format == "json"
    assert [w.id for w in shopify_api.Webhook.find()] == [hook.id]
    duplicate = shopify_api.Webhook.create({"topic": "refunds/create", "address": "https://app.example/hooks"})
    assert duplicate.id is None and duplicate.errors.on("address")
    hook.destroy()
    assert shopify_api.Webhook.find() == []


def test_graphql_refund_create_through_the_client(live: LiveTransport, api) -> None:
    order = shopify_api.Order.create(ORDER)
    sale = shopify_api.Transaction.find(order_id=order.id)[0]
    mutation = """mutation ($input: RefundInput!) { refundCreate(input: $input) @idempotent(key: "client-1") {
        refund { id totalRefundedSet { shopMoney { amount currencyCode } } } userErrors { field message } } }"""
    variables = {"input": {"orderId": f"gid://shopify/Order/{order.id}", "transactions": [{
        "orderId": f"gid://shopify/Order/{order.id}", "parentId": f"gid://shopify/OrderTransaction/{sale.id}",
        "kind": "REFUND", "gateway": sale.gateway, "amount": "8.00"}]}}
    _session(live, {**api["shopify"], "api_version": "2026-01"})  # @idempotent exists from 2026-01
    first = json.loads(shopify_api.GraphQL().execute(mutation, variables))
    again = json.loads(shopify_api.GraphQL().execute(mutation, variables))
    assert first["data"]["refundCreate"]["userErrors"] == []
    assert first["data"]["refundCreate"]["refund"] == again["data"]["refundCreate"]["refund"]
    assert first["data"]["refundCreate"]["refund"]["totalRefundedSet"]["shopMoney"] == {"amount": "8.0",
                                                                                         "currencyCode": "USD"}
    assert len(shopify_api.Refund.find(order_id=order.id)) == 1


def test_the_client_sees_401_and_429(live: LiveTransport, api) -> None:
    _session(live, api["shopify"], token="shpat_not_a_token")
    with pytest.raises(UnauthorizedAccess):
        shopify_api.Order.find()
    small = ControlPlaneClient(live.base_url).create_tenant(settings={"shopify": {"bucket_size": 2, "leak_rate": 0.01}})
    _session(live, small["shopify"])
    shopify_api.Order.find()
    shopify_api.Order.find()
    with pytest.raises(ClientError) as throttled:
        shopify_api.Order.find()
    assert throttled.value.response.code == 429
    assert float(throttled.value.response.headers["Retry-After"]) >= 2.0


def test_a_multi_currency_refund_and_a_declined_one_through_the_client(live: LiveTransport, api) -> None:
    """What a connector built on ShopifyAPI sees: the order's two currencies, a refund calculated and
    made in the presentment currency, transactions in shop money when asked, and a declined refund."""
    control = ControlPlaneClient(live.base_url)
    control.shopify_currency(api["tenant"], rates={"EUR": "1.085"})
    order = shopify_api.Order.create({**ORDER, "currency": None, "presentment_currency": "EUR"})
    assert (order.currency, order.presentment_currency, order.total_price) == ("USD", "EUR", "41.23")
    mug = order.line_items[0]
    # ShopifyAPI's calculate sends no currency: none is needed without a shipping amount.
    calc = shopify_api.Refund.calculate(order.id, refund_line_items=[
        {"line_item_id": mug.id, "quantity": 1, "restock_type": "no_restock"}])
    suggested = calc.transactions[0]
    assert (calc.currency, suggested.amount, suggested.currency) == ("EUR", "12.50", "EUR")
    control.decline_shopify_refunds(api["tenant"], 1, "card_declined")
    body = {"order_id": order.id, "currency": "EUR", "transactions": [
        {"parent_id": suggested.parent_id, "amount": suggested.amount, "kind": "refund", "gateway": suggested.gateway}]}
    declined = shopify_api.Refund.create(body)
    assert (declined.transactions[0].status, declined.transactions[0].error_code) == ("failure", "card_declined")
    assert shopify_api.Order.find(order.id).financial_status == "paid"
    refund = shopify_api.Refund.create(body)
    assert refund.transactions[0].status == "success"
    in_shop = shopify_api.Transaction.find(order_id=order.id, in_shop_currency=True)
    assert [(t.kind, t.status, t.amount, t.currency) for t in in_shop] == [
        ("sale", "success", "41.23", "USD"), ("refund", "failure", "13.56", "USD"), ("refund", "success", "13.56", "USD")]
    assert shopify_api.Order.find(order.id).financial_status == "partially_refunded"
