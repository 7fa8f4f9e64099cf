"""Shopify's GraphQL contract: an answer is held to its own query and to Shopify's introspection of
the version — selected keys, aliases, fragments, directives, nullability, enums and Shopify's
scalars — and each way of breaking it is named."""

from __future__ import annotations

import json
from typing import Any

import pytest

from contracts.checker import REGISTRY, Answer, Violation
from contracts.checker.shopify_graphql import schema

PATH = "/admin/api/2026-04/graphql.json"
ORDER = "gid://shopify/Order/1"
REFUND_QUERY = """
query Order($id: ID!, $lines: Boolean = false) {
  order(id: $id) {
    id
    total: totalRefundedSet { shopMoney { amount currencyCode } }
    displayFinancialStatus
    createdAt
    lineItems(first: 5) @include(if: $lines) { nodes { sku } }
    ...Refunds
  }
}
fragment Refunds on Order { refunds { id note } }
"""
VALID = {"order": {"id": ORDER, "total": {"shopMoney": {"amount": "12.5", "currencyCode": "USD"}},
                   "displayFinancialStatus": "PARTIALLY_REFUNDED", "createdAt": "2026-12-01T10:00:00Z",
                   "refunds": [{"id": "gid://shopify/Refund/7", "note": None}]}}


def _answer(data: Any, query: str = REFUND_QUERY, variables: dict[str, Any] | None = None, *,
            errors: list[dict[str, Any]] | None = None, status: int = 200, path: str = PATH,
            content_type: str = "application/json") -> Violation | None:
    body: dict[str, Any] = {} if data is Ellipsis else {"data": data}
    if errors is not None:
        body["errors"] = errors
    request = (query if content_type == "application/graphql"
               else json.dumps({"query": query, "variables": variables or {"id": ORDER}}))
    return REGISTRY.check(Answer("POST", path, status, {"Content-Type": "application/json"}, json.dumps(body).encode(),
                                 request.encode(), content_type))


def _problem(data: Any, *args: Any, **kwargs: Any) -> str:
    violation = _answer(data, *args, **kwargs)
    assert violation is not None, "the checker let a violation through"
    return f"{violation.where}: {violation.problem}"


def _with(**changes: Any) -> dict[str, Any]:
    return {"order": {**VALID["order"], **changes}}


def test_an_answer_that_fits_its_query_holds() -> None:
    assert _answer(VALID) is None
    assert _answer({"order": None}) is None  # order is nullable: no such order
    lines = _with(lineItems={"nodes": [{"sku": "A-1"}, {"sku": None}]})
    assert _answer(lines, variables={"id": ORDER, "lines": True}) is None


@pytest.mark.parametrize("data, problem", [
    ({"order": {k: v for k, v in VALID["order"].items() if k != "total"}},
     "$.data.order: total selected but not answered (Order)"),
    (_with(totalRefundedSet=VALID["order"]["total"]), "$.data.order: totalRefundedSet answered but not selected (Order)"),
    (_with(lineItems={"nodes": []}), "$.data.order: lineItems answered but not selected (Order)"),  # @include false
    (_with(id=None), "$.data.order.id: is null, but its type ID! is non-null"),
    (_with(refunds=None), "$.data.order.refunds: is null, but its type [Refund!]! is non-null"),
    (_with(refunds=[None]), "$.data.order.refunds[0]: is null, but its type Refund! is non-null"),
    (_with(refunds={"id": "x"}), "$.data.order.refunds: must be a list ([Refund!])"),
    (_with(displayFinancialStatus="REFUNDISH"), '$.data.order.displayFinancialStatus: "REFUNDISH" is not a value of the '
                                                "enum OrderDisplayFinancialStatus"),
    (_with(total={"shopMoney": {"amount": 12.5, "currencyCode": "USD"}}),
     "$.data.order.total.shopMoney.amount: 12.5 is not a decimal number as a string (Decimal)"),
    (_with(total={"shopMoney": {"amount": "12.5", "currencyCode": "usd"}}),
     '$.data.order.total.shopMoney.currencyCode: "usd" is not a value of the enum CurrencyCode'),
    (_with(createdAt="01/12/2026"), '$.data.order.createdAt: "01/12/2026" is not an ISO 8601 date and time (DateTime)'),
    (_with(id=1), "$.data.order.id: 1 is not a ID"),
    ({"shop": {}}, "$.data: order selected but not answered (QueryRoot)"),
])
def test_each_way_of_breaking_the_query_or_the_schema_is_named(data: Any, problem: str) -> None:
    assert _problem(data) == problem


def test_abstract_types_are_checked_as_the_type_they_name() -> None:
    query = "query ($id: ID!) { node(id: $id) { __typename id ... on Order { name } ... on Refund { note } } }"
    assert _answer({"node": {"__typename": "Order", "id": ORDER, "name": "#1001"}}, query) is None
    assert _answer({"node": {"__typename": "Refund", "id": "gid://shopify/Refund/7", "note": "x"}}, query) is None
    assert _problem({"node": {"__typename": "Order", "id": ORDER, "note": "x"}}, query) == \
        "$.data.node: name selected but not answered (Order)"
    untyped = "query ($id: ID!) { node(id: $id) { id ... on Order { name } } }"
    assert _answer({"node": {"id": ORDER, "name": "#1001"}}, untyped) is None
    assert _problem({"node": {"id": ORDER, "name": 5}}, untyped).endswith("5 is not a String")


def test_errors_without_data_hold_and_data_needs_a_query_that_parses() -> None:
    assert _answer(None, errors=[{"message": "Field 'x' doesn't exist on type 'Order'",
                                  "locations": [{"line": 1, "column": 3}], "path": ["query", "x"],
                                  "extensions": {"code": "undefinedField"}}]) is None
    assert _answer(..., errors=[{"message": "Parse error"}]) is None
    assert _problem(None) == "$: no data and no errors"
    assert _problem(None, errors=[]).startswith("$.errors: must contain at least 1 items")
    assert _problem(None, errors=[{"code": 1}]).startswith("$.errors[0]: must contain ['message']")
    assert _problem(VALID, "query { order(") == "$.data: answered for a request whose query does not parse"


def test_a_raw_graphql_body_the_version_and_http_errors() -> None:
    raw = 'query { shop { name } }'
    assert _answer({"shop": {"name": "Store"}}, raw, content_type="application/graphql") is None
    assert _problem({"shop": {"name": None}}, raw, content_type="application/graphql") == \
        "$.data.shop.name: is null, but its type String! is non-null"
    assert _answer(..., status=401, errors="[API] Invalid API key or access token") is None  # type: ignore[arg-type]
    assert _problem({"x": 1}, status=404).startswith("$: ")
    old = "/admin/api/2025-01/graphql.json"
    assert _answer(VALID, path=old) is None


def test_the_checker_reads_shopifys_full_schema_not_the_served_one() -> None:
    from simulators.shopify.graphql.schema import served

    full, pruned = schema("2026-04"), served("2026-04").schema
    assert len(full.type_map) > 3 * len(pruned.type_map)
