"""The GraphQL Admin API subset: order { refunds, suggestedRefund }, refundCreate with userErrors
and @idempotent (from 2026-01, mandatory from 2026-04), and GraphQL's own errors as Shopify answers
them (graphql-ruby's words). Per-version schema differences: test_graphql_versions.py; cost and
throttle: test_graphql_cost.py; the served schema, introspection and a schema-loading client:
test_graphql_schema.py."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from simulators.clients import ShopifyClient

from .conftest import ORDER, sale_of

REFUND_CREATE = """
mutation refund($input: RefundInput!) {
  refundCreate(input: $input) %s {
    refund { id legacyResourceId note totalRefundedSet { shopMoney { amount currencyCode } }
             transactions(first: 5) { nodes { id kind status gateway amountSet { shopMoney { amount } }
                                              parentTransaction { id } } } }
    order { id displayFinancialStatus totalRefundedSet { presentmentMoney { amount currencyCode } } }
    userErrors { field message }
  }
}"""


def gid(kind: str, record_id: int) -> str:
    return f"gid://shopify/{kind}/{record_id}"


def _client(simulators, tenant: dict[str, Any], version: str) -> ShopifyClient:
    return ShopifyClient(simulators.base_url, {**tenant["shopify"], "api_version": version})


def _refund_input(order: dict[str, Any], sale: dict[str, Any], amount: str = "12.50", quantity: int = 1) -> dict[str, Any]:
    return {
        "orderId": gid("Order", order["id"]), "note": "GraphQL refund",
        "refundLineItems": [{"lineItemId": gid("LineItem", order["line_items"][0]["id"]), "quantity": quantity,
                             "restockType": "NO_RESTOCK"}],
        "transactions": [{"orderId": gid("Order", order["id"]), "parentId": gid("OrderTransaction", sale["id"]),
                          "kind": "REFUND", "gateway": sale["gateway"], "amount": amount}],
    }


def _create(shopify: ShopifyClient, refund_input: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    directive = f'@idempotent(key: "{key}")' if key else ""
    return shopify.graphql(REFUND_CREATE % directive, {"input": refund_input})


@pytest.fixture
def shopify_2026(simulators, tenant) -> ShopifyClient:
    """The tenant's shop on API 2026-01, the first version with ``@idempotent``."""
    return _client(simulators, tenant, "2026-01")


# ==================================================================== queries
def test_an_order_shows_its_refunds_and_a_suggested_refund(shopify, order) -> None:
    sale = sale_of(shopify, order)
    shopify.create_refund(order["id"], {"shipping": {"amount": "2.00"}, "transactions": [
        {"parent_id": sale["id"], "amount": "2.00", "kind": "refund"}]})
    answer = shopify.graphql("""
      query Order($id: ID!, $line: ID!) {
        order(id: $id) {
          id name legacyResourceId displayFinancialStatus currencyCode
          totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
          refunds { id note refundShippingLines(first: 5) { edges { node { subtotalAmountSet { shopMoney { amount } } } } } }
          suggestedRefund(refundShipping: true, refundLineItems: [{lineItemId: $line, quantity: 1}]) {
            amountSet { shopMoney { amount currencyCode } }
            subtotalSet { shopMoney { amount } }
            maximumRefundableSet { shopMoney { amount } }
            shipping { amountSet { shopMoney { amount } } maximumRefundableSet { shopMoney { amount } } }
            refundLineItems { quantity restockType lineItem { id sku } subtotalSet { shopMoney { amount } } }
            suggestedTransactions { kind gateway amountSet { shopMoney { amount } }
                                    maximumRefundableSet { shopMoney { amount } } parentTransaction { id kind } }
          }
        }
      }""", {"id": gid("Order", order["id"]), "line": gid("LineItem", order["line_items"][0]["id"])})
    assert "errors" not in answer, answer
    data = answer["data"]["order"]
    assert (data["id"], data["name"], data["legacyResourceId"], data["displayFinancialStatus"], data["currencyCode"]) == (
        gid("Order", order["id"]), "#1001", str(order["id"]), "PARTIALLY_REFUNDED", "USD")
    assert data["totalPriceSet"] == {"shopMoney": {"amount": "38.0", "currencyCode": "USD"},
                                     "presentmentMoney": {"amount": "38.0", "currencyCode": "USD"}}
    assert data["refunds"][0]["refundShippingLines"]["edges"][0]["node"]["subtotalAmountSet"]["shopMoney"]["amount"] == "2.0"
    suggested = data["suggestedRefund"]
    assert suggested["amountSet"]["shopMoney"] == {"amount": "15.5", "currencyCode": "USD"}
    assert suggested["subtotalSet"]["shopMoney"]["amount"] == "12.5"
    assert suggested["maximumRefundableSet"]["shopMoney"]["amount"] == "36.0"
    assert suggested["shipping"]["amountSet"]["shopMoney"]["amount"] == "3.0"
    assert suggested["refundLineItems"] == [{"quantity": 1, "restockType": "NO_RESTOCK",
                                             "lineItem": {"id": gid("LineItem", order["line_items"][0]["id"]), "sku": "MUG"},
                                             "subtotalSet": {"shopMoney": {"amount": "12.5"}}}]
    assert suggested["suggestedTransactions"] == [{
        "kind": "SUGGESTED_REFUND", "gateway": "shopify_payments", "amountSet": {"shopMoney": {"amount": "15.5"}},
        "maximumRefundableSet": {"shopMoney": {"amount": "36.0"}},
        "parentTransaction": {"id": gid("OrderTransaction", sale["id"]), "kind": "SALE"}}]
    assert len(shopify.refunds(order["id"])) == 1  # suggesting saved nothing


def test_aliases_fragments_directives_and_typename(shopify, order) -> None:
    answer = shopify.graphql("""
      query ($id: ID!, $withLines: Boolean = false) {
        first: order(id: $id) { ...Basics }
        second: order(id: $id) { ... on Order { __typename legacyResourceId }
                                 lineItems(first: 1) @include(if: $withLines) { nodes { sku } } }
        missing: order(id: "gid://shopify/Order/1") { id }
      }
      fragment Basics on Order { id total: totalPriceSet { shopMoney { amount } } }""",
        {"id": gid("Order", order["id"])})
    assert answer["data"] == {
        "first": {"id": gid("Order", order["id"]), "total": {"shopMoney": {"amount": "38.0"}}},
        "second": {"__typename": "Order", "legacyResourceId": str(order["id"])},
        "missing": None,
    }


def test_connections_page_with_cursors(shopify, order) -> None:
    query = """query ($id: ID!, $after: String) { order(id: $id) { lineItems(first: 1, after: $after) {
                 edges { cursor node { sku } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
    first = shopify.graphql(query, {"id": gid("Order", order["id"])})["data"]["order"]["lineItems"]
    assert [e["node"]["sku"] for e in first["edges"]] == ["MUG"] and first["pageInfo"]["hasNextPage"] is True
    second = shopify.graphql(query, {"id": gid("Order", order["id"]), "after": first["pageInfo"]["endCursor"]})
    page = second["data"]["order"]["lineItems"]
    assert [e["node"]["sku"] for e in page["edges"]] == ["TEA"]
    assert page["pageInfo"]["hasNextPage"] is False and page["pageInfo"]["hasPreviousPage"] is True
    unpaged = shopify.graphql("query ($id: ID!) { order(id: $id) { lineItems { nodes { sku } } } }",
                              {"id": gid("Order", order["id"])})
    # lineItems is LineItemConnection! in Shopify's schema: its null reaches the nullable order.
    assert unpaged["data"] == {"order": None}
    assert unpaged["errors"][0]["message"] == "you must provide one of first or last"
    assert unpaged["errors"][0]["path"] == ["order", "lineItems"]


# =============================================================== refundCreate
def test_refund_create_refunds_and_answers_refund_order_and_no_user_errors(shopify, order) -> None:
    sale = sale_of(shopify, order)
    answer = _create(shopify, _refund_input(order, sale))
    assert "errors" not in answer, answer
    payload = answer["data"]["refundCreate"]
    assert payload["userErrors"] == []
    refund = payload["refund"]
    assert refund["note"] == "GraphQL refund" and refund["totalRefundedSet"]["shopMoney"] == {"amount": "12.5",
                                                                                           "currencyCode": "USD"}
    txn = refund["transactions"]["nodes"][0]
    assert (txn["kind"], txn["status"], txn["gateway"], txn["amountSet"]["shopMoney"]["amount"]) == (
        "REFUND", "SUCCESS", "shopify_payments", "12.5")
    assert txn["parentTransaction"]["id"] == gid("OrderTransaction", sale["id"])
    assert payload["order"]["displayFinancialStatus"] == "PARTIALLY_REFUNDED"
    rest = shopify.refunds(order["id"])
    assert [gid("Refund", r["id"]) for r in rest] == [refund["id"]] and rest[0]["transactions"][0]["amount"] == "12.50"
    assert answer["extensions"]["cost"]["actualQueryCost"] > 0


@pytest.mark.parametrize("change, field, message", [
    (lambda i: i["transactions"][0].update(amount="38.01"), None, "exceeds the refundable amount"),
    (lambda i: i["transactions"][0].update(gateway="paypal"), None, "Gateway must match"),
    (lambda i: i["transactions"][0].update(parentId="gid://shopify/OrderTransaction/1"), None, "Parent transaction"),
    (lambda i: i["refundLineItems"][0].update(quantity=3), ["refundLineItems", "0", "quantity"], "cannot refund more items"),
    (lambda i: i["refundLineItems"][0].update(lineItemId="gid://shopify/LineItem/1"), ["refundLineItems", "0", "lineItemId"],
     "does not belong"),
    (lambda i: i.update(orderId="gid://shopify/Order/1"), ["orderId"], "Order does not exist"),
    (lambda i: i.update(shipping={"amount": "9.99"}), ["shipping"], "maximum refundable 5.00"),
])
def test_refund_create_refusals_are_user_errors_and_change_nothing(shopify, order, change, field, message) -> None:
    refund_input = _refund_input(order, sale_of(shopify, order))
    change(refund_input)
    answer = _create(shopify, refund_input)
    assert "errors" not in answer, answer
    payload = answer["data"]["refundCreate"]
    assert payload["refund"] is None and len(payload["userErrors"]) == 1
    assert payload["userErrors"][0]["field"] == field and message in payload["userErrors"][0]["message"]
    assert shopify.refunds(order["id"]) == [] and shopify.order(order["id"])["financial_status"] == "paid"


def test_a_retry_with_the_same_idempotency_key_returns_the_original_refund(shopify, shopify_2026, order) -> None:
    sale = sale_of(shopify, order)
    first = _create(shopify_2026, _refund_input(order, sale), key="4f5b6ebf-143c-4da5-8d0f-fb8553bfd85d")
    again = _create(shopify_2026, _refund_input(order, sale), key="4f5b6ebf-143c-4da5-8d0f-fb8553bfd85d")
    assert again["data"]["refundCreate"]["refund"]["id"] == first["data"]["refundCreate"]["refund"]["id"]
    assert again["data"]["refundCreate"]["userErrors"] == []
    assert len(shopify.refunds(order["id"])) == 1
    other = _create(shopify_2026, _refund_input(order, sale), key="another-key")
    assert other["data"]["refundCreate"]["refund"]["id"] != first["data"]["refundCreate"]["refund"]["id"]
    assert len(shopify.refunds(order["id"])) == 2
    mismatch = _create(shopify_2026, _refund_input(order, sale, amount="1.00"), key="4f5b6ebf-143c-4da5-8d0f-fb8553bfd85d")
    assert mismatch["data"]["refundCreate"] == {"refund": None, "order": None, "userErrors": [{
        "field": None, "message": "The same idempotency key cannot be used with different operation parameters."}]}
    assert len(shopify.refunds(order["id"])) == 2


def test_a_failed_attempt_is_not_remembered_under_its_key(shopify, shopify_2026, order) -> None:
    sale = sale_of(shopify, order)
    failed = _create(shopify_2026, _refund_input(order, sale, quantity=5), key="k-1")
    assert failed["data"]["refundCreate"]["userErrors"]
    retried = _create(shopify_2026, _refund_input(order, sale), key="k-1")
    assert retried["data"]["refundCreate"]["userErrors"] == [] and len(shopify.refunds(order["id"])) == 1


def test_from_2026_04_refund_create_requires_the_idempotent_directive(simulators, tenant, shopify, order) -> None:
    sale = sale_of(shopify, order)
    newest = _client(simulators, tenant, "2026-04")
    refused = _create(newest, _refund_input(order, sale))
    assert refused["data"] == {"refundCreate": None}
    error = refused["errors"][0]
    assert "@idempotent directive is required" in error["message"]
    assert error["path"] == ["refundCreate"] and error["locations"] and error["extensions"]["code"] == "BAD_REQUEST"
    assert shopify.refunds(order["id"]) == []
    made = _create(newest, _refund_input(order, sale), key="key-2026")
    assert made["data"]["refundCreate"]["userErrors"] == [] and len(shopify.refunds(order["id"])) == 1
    # Earlier versions accept the mutation without a key.
    assert _create(_client(simulators, tenant, "2026-01"), _refund_input(order, sale))["data"]["refundCreate"]["refund"]


def test_a_literal_input_works_as_well_as_variables(shopify, shopify_2026, order) -> None:
    sale = sale_of(shopify, order)
    answer = shopify_2026.graphql("""mutation { refundCreate(input: {orderId: "%s", shipping: {fullRefund: true},
        transactions: [{orderId: "%s", parentId: "%s", kind: REFUND, gateway: "shopify_payments", amount: "5.00"}]})
        @idempotent(key: "literal") { refund { refundShippingLines(first: 1) { nodes { subtotalAmountSet {
        shopMoney { amount } } } } orderAdjustments(first: 5) { nodes { reason amountSet { shopMoney { amount } } } } }
        userErrors { field message } } }""" % (gid("Order", order["id"]), gid("Order", order["id"]),
                                             gid("OrderTransaction", sale["id"])))
    refund = answer["data"]["refundCreate"]["refund"]
    assert refund["refundShippingLines"]["nodes"][0]["subtotalAmountSet"]["shopMoney"]["amount"] == "5.0"
    # OrderAdjustmentDiscrepancyReason has no shipping value: a shipping refund's adjustment has no reason.
    assert refund["orderAdjustments"]["nodes"] == [{"reason": None, "amountSet": {"shopMoney": {"amount": "-5.0"}}}]


# ================================================================ GraphQL errors
@pytest.mark.parametrize("query, variables, message, code", [
    ("{ order(id: \"x\") { id ", None, "Unexpected end of document", None),
    ("{ order(id: \"x\") } }", None, 'Parse error on "}" (RCURLY) at [1, 20]', None),
    ("{ shop { name colour } }", None, "Field 'colour' doesn't exist on type 'Shop'", "undefinedField"),
    ("{ order { id } }", None, "Field 'order' is missing required arguments: id", "missingRequiredArguments"),
    ("{ order(id: \"gid://shopify/Order/1\", first: 2) { id } }", None, "Field 'order' doesn't accept argument 'first'",
     "argumentNotAccepted"),
    ("{ shop { name { first } } }", None, "Selections can't be made on scalars", "selectionMismatch"),
    ("{ order(id: \"gid://shopify/Order/1\") }", None, "Field must have selections", "selectionMismatch"),
    ("query { order(id: $id) { id } }", None, "Variable $id is used by anonymous query but not declared", "variableNotDefined"),
    ("query ($id: ID!) { shop { name } }", {"id": "1"}, "Variable $id is declared by anonymous query but not used",
     "variableNotUsed"),
    ("query ($id: ID!) { order(id: $id) { id } }", {}, "Variable $id of type ID! was provided invalid value", "INVALID_VARIABLE"),
    ("mutation ($input: RefundInput!) { refundCreate(input: $input) { userErrors { message } } }",
     {"input": {"orderId": "gid://shopify/Order/1", "refundLineItems": [{"lineItemId": "x", "quantity": "two"}]}},
     "Variable $input of type RefundInput! was provided invalid value for refundLineItems.0.quantity", "INVALID_VARIABLE"),
    ("mutation ($input: RefundInput!) { refundCreate(input: $input) { userErrors { message } } }",
     {"input": {"orderId": "gid://shopify/Order/1", "colour": "red"}}, "(Field is not defined on RefundInput)",
     "INVALID_VARIABLE"),
    ("mutation { refundCreate(input: {orderId: 5, note: 7}) { userErrors { message } } }", None,
     "Argument 'input' on Field 'refundCreate' has an invalid value", "argumentLiteralsIncompatible"),
    ("{ shop @cached { name } }", None, "Directive @cached is not defined", "undefinedDirective"),
    ("{ shop @idempotent(key: \"k\") { name } }", None, "Directive @idempotent is not defined", "undefinedDirective"),  # 2025-01
    ("query ($a: ID! @skip(if: true)) { order(id: $a) { id } }", None, "'@skip' can't be applied to variable definitions",
     "directiveCannotBeApplied"),
    ("{ ...Missing }", None, "Fragment Missing was used, but not defined", "useAndDefineFragment"),
    ("fragment F on Shop { name } { shop { name } }", None, "Fragment F was defined, but not used", "useAndDefineFragment"),
    ("fragment F on Order { id } { shop { ...F } }", None, "Fragment F on Order can't be spread inside Shop",
     "cannotSpreadFragment"),
    ("{ shop { ... on Colour { name } } }", None, "No such type Colour, so it can't be a fragment condition",
     "undefinedType"),
    ("query ($x: Colour) { order(id: $x) { id } }", None, "Colour isn't a defined input type (on $x)", "variableRequiresValidType"),
    ("query ($x: Shop) { order(id: $x) { id } }", None, "Shop isn't a valid input type (on $x)", "variableRequiresValidType"),
    ("query ($x: ID) { order(id: $x) { id } }", None,
     "Nullability mismatch on variable $x and argument id (ID / ID!)", "variableMismatch"),
    ("query ($x: Int!) { order(id: $x) { id } }", None, "Type mismatch on variable $x and argument id (Int! / ID!)",
     "variableMismatch"),
    ("{ shop { name: myshopifyDomain name } }", None, "Field 'name' has a field conflict", "fieldConflict"),
    ("query ($a: Boolean = 1) { shop @include(if: $a) { name } }", None, "Default value for $a doesn't match type Boolean",
     "defaultValueInvalidType"),
    ("{ shop @include { name } }", None, "Directive 'include' is missing required arguments: if", "missingRequiredArguments"),
    ("query A { shop { name } } query A { shop { id } }", None, 'Operation name "A" must be unique',
     "uniquelyNamedOperations"),
    ("{ shop { name } } query B { shop { id } }", None,
     "Operation name is required when multiple operations are present", "uniquelyNamedOperations"),
    ("{ shop { % } }", None, 'Parse error on "%" (error) at [1, 10]', None),
    ("subscription { shop { name } }", None, "Schema is not configured for subscriptions", "missingSubscriptionConfiguration"),
    ("query A { shop { name } } query B { shop { name } }", None, "An operation name is required", None),
    # Nesting the simulator refuses before anything recurses over it (Shopify's own limit is not documented).
    ("{ " + "a { " * 150 + "b" + " }" * 150 + " }", None, "Query is nested too deeply (more than 100 levels)", None),
    ('{ order(id: ' + "[" * 150 + '"x"' + "]" * 150 + ") { id } }", None, "Query is nested too deeply", None),
    ("{ shop { ...F0 } } " + " ".join(f"fragment F{i} on Shop {{ ...F{i + 1} }}" for i in range(150))
     + " fragment F150 on Shop { name }", None, "nested too deeply (more than 100 levels, counting fragment spreads)", None),
    ("{ shop { ...A } } fragment A on Shop { ...B } fragment B on Shop { ...A }", None,
     "Fragment A contains an infinite loop", "infiniteLoop"),
    ('{ order(id: "gid://shopify/Order/1") { lineItems(first: ' + "9" * 5000 + ") { nodes { id } } } }", None,
     "Argument 'first' on Field 'lineItems' has an invalid value", "argumentLiteralsIncompatible"),  # not a 500
    # A literal of Shopify's own scalars (Money, DateTime, UnsignedInt64) that is none came without
    # locations, path or code ({"message": "Could not coerce value \"abc\" to Money"}).
    ('{ order(id: "gid://shopify/Order/1") { suggestedRefund(shippingAmount: "abc") { amountSet { shopMoney { amount } } } } }',
     None, "Argument 'shippingAmount' on Field 'suggestedRefund' has an invalid value (\"abc\"). Expected type 'Money'.",
     "argumentLiteralsIncompatible"),
    ('{ order(id: "gid://shopify/Order/1") { suggestedRefund(shippingAmount: true) { amountSet { shopMoney { amount } } } } }',
     None, "Argument 'shippingAmount' on Field 'suggestedRefund' has an invalid value (true)", "argumentLiteralsIncompatible"),
    ('mutation { refundCreate(input: {orderId: "gid://shopify/Order/1", shipping: {amount: "\u0663"}}) { userErrors { message } } }',
     None, "Argument 'input' on Field 'refundCreate' has an invalid value", "argumentLiteralsIncompatible"),
    ("query ($id: ID!) { order(id: $id) { id } }", "[" * 100_000 + "]" * 100_000,  # variables sent as a string
     "Variable $id of type ID! was provided invalid value", "INVALID_VARIABLE"),
])
def test_graphql_errors_are_answered_200_with_errors_and_no_data(shopify, query, variables, message, code) -> None:
    response = shopify.session.post(f"{shopify.root}/graphql.json", json={"query": query, "variables": variables})
    assert response.status_code == 200
    body = response.json()
    assert "data" not in body, body
    assert message in body["errors"][0]["message"], body
    if code:
        assert body["errors"][0]["extensions"]["code"] == code


@pytest.mark.parametrize("operation_name, message", [
    ("B", 'No operation named "B"'),
    ("", 'No operation named ""'),
    (5, 'No operation named "5"'),
    (["A"], 'No operation named "[\"A\"]"'),
])
def test_an_operation_name_the_document_has_not_is_named_in_the_error(shopify, operation_name: Any, message: str) -> None:
    """graphql-ruby (``Query#find_operation``) looks up any ``operationName`` but null and refuses
    one the document has not: ``No operation named "<name>"``, HTTP 200, nothing run. A number was
    taken for no name and the answer broke the contract (a 500), an empty name likewise."""
    response = shopify.session.post(f"{shopify.root}/graphql.json",
                                    json={"query": "query A { shop { name } }", "operationName": operation_name})
    assert (response.status_code, response.json()) == (200, {"errors": [{"message": message}]}), response.text


def test_a_mutation_asked_for_an_answer_nested_too_deeply_refunds_nothing(shopify, order) -> None:
    """Refused before it runs: a mutation must never write, then fail on the shape of its answer."""
    chain = " ".join(f"fragment F{i} on RefundCreatePayload {{ ...F{i + 1} }}" for i in range(150))
    query = ("mutation ($input: RefundInput!) { refundCreate(input: $input) { ...F0 } } "
             f"{chain} fragment F150 on RefundCreatePayload {{ userErrors {{ message }} }}")
    answer = shopify.graphql(query, {"input": _refund_input(order, sale_of(shopify, order))})
    assert "nested too deeply" in answer["errors"][0]["message"] and "data" not in answer
    assert shopify.refunds(order["id"]) == []


@pytest.mark.parametrize("global_id", ["5", "gid://shopify/Order/" + "9" * 5000])
def test_an_invalid_global_id_is_a_field_error(shopify, global_id: str) -> None:
    body = shopify.graphql('{ order(id: "%s") { id } }' % global_id)
    assert body["data"] == {"order": None}
    assert body["errors"][0]["message"] == f"Invalid global id '{global_id}'" and body["errors"][0]["path"] == ["order"]


def test_a_global_id_with_a_line_break_after_it_is_invalid(shopify, order) -> None:
    """The whole text must be a global id: one with a line break after the order's own (a regular
    expression's "$" matches before it) named the order."""
    global_id = f"gid://shopify/Order/{order['id']}\n"
    body = shopify.graphql("query ($id: ID!) { order(id: $id) { id } }", {"id": global_id})
    assert body["data"] == {"order": None}
    assert body["errors"][0]["message"] == f"Invalid global id '{global_id}'" and body["errors"][0]["path"] == ["order"]


def test_graphql_transport_errors(simulators, tenant, shopify) -> None:
    url = f"{shopify.root}/graphql.json"
    assert requests.post(url, json={"query": "{ shop { name } }"}).status_code == 401
    bodies: tuple[dict[str, Any], ...] = ({}, {"query": ""}, {"variables": {}})
    for body in bodies:
        missing = shopify.session.post(url, json=body)
        assert (missing.status_code, missing.json()) == (400, {"errors": {"query": "Required parameter missing or invalid"}})
    raw = shopify.session.post(url, data="{ shop { myshopifyDomain } }", headers={"Content-Type": "application/graphql"})
    assert raw.json()["data"] == {"shop": {"myshopifyDomain": tenant["shopify"]["shop"]}}
    named = shopify.session.post(url, json={"query": "query A { shop { name } } query B { shop { myshopifyDomain } }",
                                            "operationName": "B"})
    assert named.json()["data"] == {"shop": {"myshopifyDomain": tenant["shopify"]["shop"]}}
    # Rails reads a form's fields as parameters (FIDELITY.md): the contract checker read the body
    # as JSON alone, so a form's query answered a 500 "answered for a request whose query does not parse".
    order = shopify.create_order(ORDER)
    by_form = shopify.session.post(url, data={"query": "query ($id: ID!) { order(id: $id) { legacyResourceId } }",
                                              "variables": json.dumps({"id": f"gid://shopify/Order/{order['id']}"})})
    assert (by_form.status_code, by_form.json()) == (200, {**by_form.json(), "data": {"order": {
        "legacyResourceId": str(order["id"])}}}), by_form.text
    as_text = shopify.session.post(url, data='{"query": "{ shop { name } }"}', headers={"Content-Type": "text/plain"})
    assert (as_text.status_code, as_text.json()) == (400, {"errors": {"query": "Required parameter missing or invalid"}})
