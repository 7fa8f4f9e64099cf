"""Shopify's cost-based GraphQL limit: every answer's ``extensions.cost`` (requested and actual cost,
``throttleStatus``), a query over 1,000 points refused before it runs (MAX_COST_EXCEEDED), THROTTLED
when the shop's bucket cannot pay (nothing runs), and the bucket restoring on the tenant's clock
(tests move the clock, they never sleep)."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import ControlPlaneClient, ShopifyClient

from .conftest import ORDER, sale_of

#: An order of 250 lines, so that a connection of 250 nodes really returns 250 (actual cost = requested).
BIG_ORDER = {**ORDER, "line_items": [{"title": f"Item {i}", "sku": f"SKU-{i}", "price": "1.00", "quantity": 1}
                                     for i in range(250)],
             "transactions": [{"kind": "sale", "status": "success", "amount": "255.00", "gateway": "shopify_payments"}]}


def gid(kind: str, record_id: int) -> str:
    return f"gid://shopify/{kind}/{record_id}"


def _lines(order: dict[str, Any], *sizes: int) -> str:
    """A query of ``order`` asking one ``lineItems`` page per size: 1 (the order) + Σ (2 + size) points."""
    pages = " ".join(f"p{i}: lineItems(first: {size}) {{ nodes {{ sku }} }}" for i, size in enumerate(sizes))
    return '{ order(id: "%s") { %s } }' % (gid("Order", order["id"]), pages)


def _cost(answer: dict[str, Any]) -> tuple[Any, Any, Any]:
    cost = answer["extensions"]["cost"]
    return cost["requestedQueryCost"], cost["actualQueryCost"], cost["throttleStatus"]["currentlyAvailable"]


def test_every_answer_reports_its_requested_and_actual_cost(shopify, order) -> None:
    shop = shopify.graphql("{ shop { name } }")
    assert shop["extensions"]["cost"] == {"requestedQueryCost": 1, "actualQueryCost": 1, "throttleStatus": {
        "maximumAvailable": 2000.0, "currentlyAvailable": 1999, "restoreRate": 100.0}}
    # 1 (order) + 2 + 10 (a connection sized by first) requested; the order has 2 lines, so 1 + 2 + 2 actual.
    lines = shopify.graphql(_lines(order, 10))
    assert _cost(lines) == (13, 5, 1994)
    # Scalars and enums cost nothing; each object 1; a list of objects sized by its `first`.
    nested = shopify.graphql('{ order(id: "%s") { id name displayFinancialStatus totalPriceSet { shopMoney { amount } } '
                             'refunds(first: 3) { id } } }' % gid("Order", order["id"]))
    assert _cost(nested)[:2] == (1 + 2 + 3, 1 + 2 + 0)
    missing = shopify.graphql('{ order(id: "gid://shopify/Order/1") { lineItems(first: 50) { nodes { sku } } } }')
    assert _cost(missing)[:2] == (53, 0)  # no order: nothing under it was looked up


def test_a_mutation_costs_ten(shopify, order) -> None:
    sale = sale_of(shopify, order)
    answer = shopify.graphql("""mutation ($input: RefundInput!) { refundCreate(input: $input) {
        refund { id transactions(first: 5) { nodes { id } } } userErrors { field message } } }""", {"input": {
        "orderId": gid("Order", order["id"]), "transactions": [{"orderId": gid("Order", order["id"]), "kind": "REFUND",
        "parentId": gid("OrderTransaction", sale["id"]), "gateway": sale["gateway"], "amount": "1.00"}]}})
    assert answer["data"]["refundCreate"]["userErrors"] == [] and _cost(answer) == (10, 10, 1990)


def test_a_query_over_1000_points_is_refused_before_it_runs(shopify, order) -> None:
    answer = shopify.graphql(_lines(order, 250, 250, 250, 250))  # 1 + 4 × 252 = 1009
    assert "data" not in answer
    error = answer["errors"][0]
    assert error["message"].startswith("Query cost is 1009, which exceeds the single query max cost limit (1000).")
    assert error["extensions"] == {"code": "MAX_COST_EXCEEDED", "cost": 1009, "maxCost": 1000}
    assert _cost(answer) == (1009, None, 2000)  # the bucket paid nothing


def test_an_empty_bucket_throttles_until_the_clock_restores_it(control: ControlPlaneClient, tenant, shopify) -> None:
    order = shopify.create_order(BIG_ORDER)
    big = _lines(order, 250, 250, 250)  # 1 + 3 × 252 = 757, all of it spent
    assert _cost(shopify.graphql(big)) == (757, 757, 1243)
    assert _cost(shopify.graphql(big)) == (757, 757, 486)
    throttled = shopify.graphql(big)
    assert throttled == {"errors": [{"message": "Throttled", "extensions": {
        "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
        "extensions": {"cost": {"requestedQueryCost": 757, "actualQueryCost": None, "throttleStatus": {
            "maximumAvailable": 2000.0, "currentlyAvailable": 486, "restoreRate": 100.0}}}}
    control.advance_clock(tenant["tenant"], 2.7)  # 100 points a second: 756 < 757
    assert shopify.graphql(big)["errors"][0]["extensions"]["code"] == "THROTTLED"
    control.advance_clock(tenant["tenant"], 0.1)
    assert _cost(shopify.graphql(big)) == (757, 757, 9)
    control.advance_clock(tenant["tenant"], 60)
    assert _cost(shopify.graphql("{ shop { name } }"))[2] == 1999  # never more than the bucket holds


def test_a_throttled_mutation_refunds_nothing(control: ControlPlaneClient, tenant, shopify) -> None:
    order = shopify.create_order(BIG_ORDER)
    sale = sale_of(shopify, order)
    for sizes in ((250, 250, 250), (250, 250, 250), (240, 240)):  # 757 + 757 + 485 of the 2,000 points
        shopify.graphql(_lines(order, *sizes))
    mutation = """mutation ($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { message } } }"""
    refund_input = {"orderId": gid("Order", order["id"]), "transactions": [{"orderId": gid("Order", order["id"]),
                    "kind": "REFUND", "parentId": gid("OrderTransaction", sale["id"]), "gateway": sale["gateway"],
                    "amount": "1.00"}]}
    throttled = shopify.graphql(mutation, {"input": refund_input})
    assert throttled["errors"][0]["extensions"]["code"] == "THROTTLED" and "data" not in throttled
    assert _cost(throttled) == (10, None, 1)
    assert shopify.refunds(order["id"]) == []
    control.advance_clock(tenant["tenant"], 0.1)
    made = shopify.graphql(mutation, {"input": refund_input})
    assert made["data"]["refundCreate"]["userErrors"] == [] and len(shopify.refunds(order["id"])) == 1


@pytest.mark.parametrize("errors", ['{ shop { colour } }', '{ order(id: "x") { id '])
def test_a_refused_document_costs_nothing(shopify, errors: str) -> None:
    assert "extensions" not in shopify.session.post(f"{shopify.root}/graphql.json", json={"query": errors}).json()
    assert _cost(shopify.graphql("{ shop { name } }"))[2] == 1999


def test_a_tenant_without_rate_limits_is_never_throttled(simulators, control: ControlPlaneClient) -> None:
    created = control.create_tenant(seed=3, settings={"shopify": {"rate_limit": False}})
    shopify = ShopifyClient(simulators.base_url, created["shopify"])
    order = shopify.create_order(BIG_ORDER)
    for _ in range(4):
        answer = shopify.graphql(_lines(order, 250, 250, 250))
        assert "errors" not in answer and _cost(answer)[:2] == (757, 757)
