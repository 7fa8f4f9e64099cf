"""Concurrent refunds of one order never over-refund: threads against the live server, over REST and
GraphQL (the shop's lock makes validate-then-write atomic; the writes are made to meet, so without
the lock these tests fail: :func:`tests.conftest.make_writes_meet`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from simulators.clients import ShopifyClient, VendorError
from simulators.shopify.models import Shop
from tests.conftest import make_writes_meet, race

from .conftest import ORDER, money, sale_of

THREADS = 8


def _clients(base: ShopifyClient, tenant: dict[str, Any], live_control, version: str | None = None) -> list[ShopifyClient]:
    root = live_control.root.rsplit("/_sim", 1)[0]
    settings = {**tenant["shopify"], **({"api_version": version} if version else {})}
    return [ShopifyClient(root, settings) for _ in range(THREADS)]


def test_eight_full_refunds_at_once_refund_once(live_control, live_shop, monkeypatch) -> None:
    tenant, shopify = live_shop
    order = shopify.create_order(ORDER)
    sale = sale_of(shopify, order)
    clients = _clients(shopify, tenant, live_control)
    body = {"shipping": {"full_refund": True},
            "refund_line_items": [{"line_item_id": l["id"], "quantity": l["quantity"]} for l in order["line_items"]],
            "transactions": [{"parent_id": sale["id"], "amount": "38.00", "kind": "refund", "gateway": sale["gateway"]}]}
    make_writes_meet(monkeypatch, Shop, "_write_refund", THREADS)
    results = race([partial(c.create_refund, order["id"], body) for c in clients])
    made = [r for r in results if isinstance(r, dict)]
    refused = [r for r in results if isinstance(r, VendorError)]
    assert len(made) == 1 and len(refused) == THREADS - 1
    assert all(r.status == 422 for r in refused)
    refunds = shopify.refunds(order["id"])
    assert len(refunds) == 1 and shopify.order(order["id"])["financial_status"] == "refunded"


def test_partial_refunds_at_once_stop_at_what_was_captured(live_control, live_shop, monkeypatch) -> None:
    tenant, shopify = live_shop
    order = shopify.create_order(ORDER)
    sale = sale_of(shopify, order)
    clients = _clients(shopify, tenant, live_control)
    ten = {"transactions": [{"parent_id": sale["id"], "amount": "10.00", "kind": "refund", "gateway": sale["gateway"]}]}
    make_writes_meet(monkeypatch, Shop, "_write_refund", THREADS)
    results = race([partial(c.create_refund, order["id"], ten) for c in clients])
    assert sum(isinstance(r, dict) for r in results) == 3  # 3 x 10.00 fit in 38.00, a fourth does not
    refunded = sum((money(t["amount"]) for r in shopify.refunds(order["id"]) for t in r["transactions"]), money(0))
    assert refunded == money("30.00")


def test_graphql_refunds_at_once_never_over_refund_and_one_key_makes_one_refund(live_control, live_shop, monkeypatch) -> None:
    tenant, shopify = live_shop
    order = shopify.create_order(ORDER)
    sale = sale_of(shopify, order)
    clients = _clients(shopify, tenant, live_control, "2026-01")  # the first version with @idempotent
    mutation = """mutation ($input: RefundInput!) { refundCreate(input: $input) @idempotent(key: "%s") {
        refund { id } userErrors { field message } } }"""
    refund_input = {"orderId": f"gid://shopify/Order/{order['id']}", "transactions": [{
        "orderId": f"gid://shopify/Order/{order['id']}", "parentId": f"gid://shopify/OrderTransaction/{sale['id']}",
        "kind": "REFUND", "gateway": sale["gateway"], "amount": "38.00"}]}
    make_writes_meet(monkeypatch, Shop, "_write_refund", THREADS)
    same_key = race([partial(c.graphql, mutation % "one-key", {"input": refund_input}) for c in clients])
    ids = {r["data"]["refundCreate"]["refund"]["id"] for r in same_key}
    assert len(ids) == 1 and len(shopify.refunds(order["id"])) == 1

    other = shopify.create_order(ORDER)
    other_sale = sale_of(shopify, other)
    other_input = {"orderId": f"gid://shopify/Order/{other['id']}", "transactions": [{
        "orderId": f"gid://shopify/Order/{other['id']}", "parentId": f"gid://shopify/OrderTransaction/{other_sale['id']}",
        "kind": "REFUND", "gateway": other_sale["gateway"], "amount": "38.00"}]}
    make_writes_meet(monkeypatch, Shop, "_write_refund", THREADS)
    distinct = race([partial(c.graphql, mutation % f"key-{i}", {"input": other_input}) for i, c in enumerate(clients)])
    made = [r for r in distinct if r["data"]["refundCreate"]["refund"]]
    assert len(made) == 1 and len(shopify.refunds(other["id"])) == 1
    assert all(r["data"]["refundCreate"]["userErrors"] for r in distinct if r not in made)
