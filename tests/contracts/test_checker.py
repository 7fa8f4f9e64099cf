"""The contract checker itself: OpenAPI 3.0 read as JSON Schema, each service's contract catching
what it must (extra fields, wrong types, enumerations, error ids under the wrong status, a missing
Location), the FIDELITY.md allowances read as one source of truth, and a route replaced by a later
validator (how the GraphQL one plugs in)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from contracts.checker import REGISTRY, Answer, ContractError, Registry, ServiceContract, Violation, openapi
from contracts.checker.core import SchemaCheck, add_allowances, allowances, load_json

JSON = {"Content-Type": "application/json"}


def _check(method: str, path: str, status: int, body: Any, headers: dict[str, str] | None = None) -> Violation | None:
    raw = b"" if body is None else json.dumps(body).encode()
    return REGISTRY.check(Answer(method, path, status, {**(JSON if body is not None else {}), **(headers or {})}, raw))


def _problem(method: str, path: str, status: int, body: Any, headers: dict[str, str] | None = None) -> str:
    violation = _check(method, path, status, body, headers)
    assert violation is not None, "the checker let a violation through"
    return f"{violation.where}: {violation.problem}"


# ------------------------------------------------------------------ OpenAPI 3.0
def _valid(schema: dict[str, Any], defs: dict[str, Any], document: Any) -> bool:
    try:
        fastjsonschema.compile({**openapi.convert(schema), "definitions": defs})(document)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def test_nullable_means_or_null_for_a_type_an_enum_and_a_ref() -> None:
    defs = openapi.definitions({"Amount": {"type": "object", "properties": {"value": {"type": "string"}}}})
    assert _valid({"type": "string", "nullable": True}, defs, None)
    assert not _valid({"type": "string"}, defs, None)
    assert _valid({"type": "string", "enum": ["A"], "nullable": True}, defs, None)
    ref = {"$ref": "#/components/schemas/Amount", "nullable": True}
    assert _valid(ref, defs, None) and _valid(ref, defs, {"value": "1.00"})
    assert not _valid(ref, defs, {"value": 1})
    assert not _valid({"$ref": "#/components/schemas/Amount"}, defs, None)


def test_a_ref_ignores_its_siblings_and_formats_are_hints() -> None:
    converted = openapi.convert({"$ref": "#/components/schemas/X", "description": "d", "readOnly": True})
    assert converted == {"$ref": "#/definitions/X"}
    assert openapi.convert({"type": "integer", "format": "int32"}) == {"type": "integer"}


def test_an_object_that_lists_its_properties_takes_no_others() -> None:
    defs = openapi.definitions({"Thing": {"type": "object", "properties": {"a": {"type": "string"}}},
                                "Open": {"type": "object", "additionalProperties": {"type": "integer"}}})
    assert defs["Thing"]["additionalProperties"] is False and defs["Thing"]["title"] == "Thing"
    assert not _valid({"$ref": "#/components/schemas/Thing"}, defs, {"a": "x", "b": "y"})
    assert _valid({"$ref": "#/components/schemas/Open"}, defs, {"any": 3})
    assert not _valid({"$ref": "#/components/schemas/Open"}, defs, {"any": "3"})


def test_closure_keeps_only_what_a_root_reaches() -> None:
    defs = openapi.definitions({"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                                "B": {"type": "string"}, "C": {"type": "string"}})
    assert sorted(openapi.closure(defs, ["A"])) == ["A", "B"]


# --------------------------------------------------------------------- eBay
@pytest.fixture(scope="module")
def ebay_order(simulator_app) -> dict[str, Any]:
    """An order exactly as the simulator answers getOrder."""
    client = simulator_app.test_client()
    tenant = client.post("/_sim/tenants", json={}).get_json()
    order = client.post(f"/_sim/tenants/{tenant['tenant']}/ebay/orders", json={}).get_json()
    client.delete(f"/_sim/tenants/{tenant['tenant']}")
    return order


def test_ebay_order_answers_are_held_to_the_openapi_contract(ebay_order) -> None:
    path = f"/sell/fulfillment/v1/order/{ebay_order['orderId']}"
    assert _check("GET", path, 200, ebay_order) is None
    planted = copy.deepcopy(ebay_order)
    planted["lineItems"][0]["legacyOrderId"] = "1"
    assert _problem("GET", path, 200, planted) == "$.lineItems[0]: legacyOrderId is not a field of LineItem"
    planted = copy.deepcopy(ebay_order)
    planted["paymentSummary"]["totalDueSeller"]["value"] = 38.0
    assert _problem("GET", path, 200, planted) == "$.paymentSummary.totalDueSeller.value: must be string"
    planted = copy.deepcopy(ebay_order)
    planted["orderPaymentStatus"] = "REFUNDED"
    assert _problem("GET", path, 200, planted).startswith("$.orderPaymentStatus: must be one of")


@pytest.mark.parametrize("method, path, status, error_id, problem", [
    ("GET", "/sell/fulfillment/v1/order/1", 404, 32100, "getOrder lists error 32100 under HTTP 400, not 404"),
    ("POST", "/sell/fulfillment/v1/order/1/issue_refund", 400, 34913, "issueRefund lists error 34913 under HTTP 404, not 400"),
    ("POST", "/sell/fulfillment/v1/order/1/issue_refund", 400, 99999, "99999 is not an error of issueRefund"),
    ("POST", "/sell/fulfillment/v1/order/1/issue_refund", 500, 30500, "30500 is not an error of issueRefund (HTTP 500 lists 34900)"),
])
def test_an_ebay_error_id_must_sit_where_the_contract_lists_it(method, path, status, error_id, problem) -> None:
    body = {"errors": [{"errorId": error_id, "domain": "API_FULFILLMENT", "category": "REQUEST", "message": "m"}]}
    assert problem in _problem(method, path, status, body)


@pytest.mark.parametrize("status, error_id", [(400, 32100), (500, 30500), (503, 30500), (401, 1001), (429, 2001)])
def test_ebay_errors_the_contract_allows(status: int, error_id: int) -> None:
    """Listed ids under their status; statuses the operation does not list (the gateway's 401 and
    429, an armed 503) are held to the envelope only."""
    body = {"errors": [{"errorId": error_id, "domain": "API_FULFILLMENT", "category": "REQUEST", "message": "m"}]}
    assert _check("GET", "/sell/fulfillment/v1/order/1", status, body) is None


def test_an_allowed_error_id_passes_where_fidelity_md_allows_it() -> None:
    body = {"errors": [{"errorId": 32210, "domain": "API_FULFILLMENT", "category": "REQUEST", "message": "m"}]}
    assert _check("POST", "/sell/fulfillment/v1/order/1/issue_refund", 400, body) is None
    assert "32210 is not an error of getOrder" in _problem("GET", "/sell/fulfillment/v1/order/1", 400, body)


def test_post_order_answers_are_held_to_the_sdk_types() -> None:
    envelope = {"errorMessage": {"error": [{"errorId": 1304, "domain": "returnErrorDomain", "severity": "ERROR",
                                            "category": "REQUEST", "message": "m", "httpStatusCode": 404}]}}
    assert _check("GET", "/post-order/v2/return/1", 404, envelope) is None
    assert _problem("GET", "/post-order/v2/return/1", 404, {"error": envelope["errorMessage"]["error"]}) == (
        "$: must contain ['errorMessage'] properties (ErrorResponse)")
    assert _problem("POST", "/post-order/v2/return/1/issue_refund", 200, {"refundStatus": "DONE"}).startswith(
        "$.refundStatus: must be one of")
    assert _problem("GET", "/post-order/v2/return/search", 200, {"members": [{"returnId": "1", "orderId": "2"}]}) == (
        "$.members[0]: orderId is not a field of ReturnSummaryType")


def test_a_success_no_operation_answers_is_a_violation() -> None:
    assert "no operation" in _problem("GET", "/sell/fulfillment/v1/nothing", 200, {})
    assert _check("GET", "/sell/fulfillment/v1/nothing", 404, {"errors": [
        {"errorId": 2002, "domain": "ACCESS", "category": "REQUEST", "message": "Resource not found"}]}) is None


def test_a_path_with_a_line_break_after_an_operations_path_is_no_operation() -> None:
    """A route matches the whole path: ``issue_refund%0A`` is no operation, and the simulator's 404
    "Resource not found" for it is right (a regular expression's ``$`` also matches before a last
    line break, and the checker held that 404 to issueRefund's errors, turning it into a 500)."""
    not_found = {"errors": [{"errorId": 2002, "domain": "ACCESS", "category": "REQUEST", "message": "Resource not found"}]}
    path = "/sell/fulfillment/v1/order/1/issue_refund\n"
    assert _check("POST", path, 404, not_found) is None
    assert "no operation" in _problem("POST", path, 200, {"refundId": "1", "refundStatus": "PENDING"})


# ------------------------------------------------------------------ NetSuite
@pytest.fixture
def sales_order() -> dict[str, Any]:
    base = "http://ns.invalid/services/rest/record/v1"
    return {"links": [{"rel": "self", "href": f"{base}/salesOrder/7"}], "id": "7", "tranId": "1001",
            "tranDate": "2026-03-02", "entity": {"id": "3", "refName": "Ada", "links": []},
            "status": {"id": "B", "refName": "Pending Fulfillment"}, "total": 25.01,
            "item": {"links": [{"rel": "self", "href": f"{base}/salesOrder/7/item"}]}}


def test_netsuite_records_are_held_to_the_browser_by_type(sales_order) -> None:
    path = "/services/rest/record/v1/salesOrder/7"
    assert _check("GET", path, 200, sales_order) is None
    assert _problem("GET", path, 200, {**sales_order, "undepFunds": {"id": "T"}}) == "$: undepFunds is not a field of salesOrder"
    assert _problem("GET", path, 200, {**sales_order, "status": {"id": "Z"}}).startswith("$.status.id: must be one of")
    assert _problem("GET", path, 200, {**sales_order, "tranDate": "3/2/2026"}).startswith("$.tranDate: must match pattern")
    # A customer refund's status can only be R or V (the browser); an order's B is not one.
    assert _problem("GET", "/services/rest/record/v1/customerRefund/7", 200, sales_order) == (
        "$.status.id: must be one of ['R', 'V']")
    assert "no record type" in _problem("GET", "/services/rest/record/v1/vendorBill/7", 200, sales_order)


def test_netsuite_records_and_lines_are_held_to_the_browsers_definition_in_full() -> None:
    """Beyond the refund-central fields, a record may carry any property of its browser definition
    (a cash refund's ``shipDate`` and address), and a line any of its record's own line element's
    (``cashRefund-itemElement``); a name neither has is still a violation."""
    base = "/services/rest/record/v1/cashRefund/7"
    refund = {"links": [], "id": "7", "shipDate": "2026-03-02", "billAddress": "1 Main St",
              "billingAddress": {"addr1": "1 Main St"}, "handlingMode": {"id": "SAVE_ONLY", "refName": "Save Only"}}
    assert _check("GET", base, 200, refund) is None
    assert _problem("GET", base, 200, {**refund, "shipDate": "3/2/2026"}).startswith("$.shipDate: must match pattern")
    assert _problem("GET", base, 200, {**refund, "colour": "red"}) == "$: colour is not a field of cashRefund"
    line = {"links": [], "line": 1, "item": {"id": "3"}, "quantity": 1, "units": "Each", "isTaxable": False}
    assert _check("GET", f"{base}/item/1", 200, line) is None
    assert _problem("GET", f"{base}/item/1", 200, {**line, "colour": "red"}) == (
        "$: colour is not a field of cashRefund-itemElement")
    page = {"links": [], "count": 1, "hasMore": False, "offset": 0, "totalResults": 1, "items": [line]}
    assert _check("GET", f"{base}/item", 200, page) is None


def test_netsuite_writes_answer_204_with_the_records_location() -> None:
    path = "/services/rest/record/v1/salesOrder"
    location = {"Location": "http://ns.invalid/services/rest/record/v1/salesOrder/8"}
    assert _check("POST", path, 204, None, location) is None
    assert _problem("POST", path, 204, None).startswith("header Location: missing")
    assert _problem("POST", path, 204, None, {"Location": "http://ns.invalid/services/rest/record/v1/invoice/8"}).startswith(
        "header Location")
    assert _problem("POST", path, 204, {"id": "8"}, location) == "$: 204 No Content comes without a body"
    assert _problem("POST", path, 200, {"id": "8"}, location).startswith("HTTP status")
    transform = "/services/rest/record/v1/salesOrder/7/!transform/invoice"
    assert _check("POST", transform, 204, None, {"Location": "http://h/services/rest/record/v1/invoice/9"}) is None


def test_netsuite_errors_are_ns_errors() -> None:
    error = {"type": "https://x", "title": "Bad Request", "status": 400,
             "o:errorDetails": [{"detail": "d", "o:errorCode": "USER_ERROR"}]}
    assert _check("GET", "/services/rest/record/v1/salesOrder/7", 400, error) is None
    assert _problem("GET", "/services/rest/record/v1/salesOrder/7", 400, {"error": "x"}).startswith("$: ")
    conflict = {**error, "o:errorDetails": [{"detail": "d", "o:errorCode": "IDEMPOTENCY_ERROR"}]}
    assert _problem("POST", "/services/rest/record/v1/salesOrder", 400, conflict).startswith("header Location: missing")


# ------------------------------------------------------------------- Shopify
def test_shopify_resources_are_held_to_their_attributes_and_examples() -> None:
    path = "/admin/api/2025-01/orders/1/refunds.json"
    refund = {"id": 1, "order_id": 1, "note": None, "refund_line_items": [], "transactions": [
        {"id": 2, "kind": "refund", "amount": "1.00", "total_unsettled_set": {
            "shop_money": {"amount": "0.0", "currency": "USD"}, "presentment_money": {"amount": "0.0", "currency": "USD"}}}]}
    assert _check("GET", path, 200, {"refunds": [refund]}) is None
    assert _problem("GET", path, 200, {"refunds": [{**refund, "legacy": 1}]}) == "$.refunds[0]: legacy is not a field of refund"
    assert _problem("GET", path, 200, {"refunds": [{**refund, "transactions": [{"id": "2"}]}]}).startswith(
        "$.refunds[0].transactions[0].id: must be")
    assert _problem("GET", path, 200, {"refund": refund}).startswith('$: the answer is {"refunds": ...}')
    assert _check("GET", path, 404, {"errors": "Not Found"}) is None
    assert _problem("GET", path, 404, {"error": "Not Found"}).startswith("$: ")


def test_a_later_validator_replaces_a_route_as_the_graphql_one_does() -> None:
    registry = Registry()
    registry.register(("/x",), lambda: ServiceContract("x", "X", ("/x",)))
    registry.contracts()

    def always(answer: Answer, body: Any) -> Violation:
        return Violation("X GraphQL", "$.data", "planted")
    registry.extend("x", lambda contract: contract.route("POST", "/x/graphql.json", always))
    assert registry.check(Answer("POST", "/x/graphql.json", 200, JSON, b"{}")) == Violation("X GraphQL", "$.data", "planted")


# --------------------------------------------------------------- allowances
def test_every_contract_builds_and_every_check_compiles() -> None:
    contracts = list(REGISTRY.contracts())
    assert {c.service for c in contracts} == {"ebay", "netsuite", "shopify", "magento", "woocommerce", "ebay-control",
                                              "magento-control", "woocommerce-control"}
    for contract in contracts:
        assert contract.templates


def test_allowances_are_read_from_fidelity_md(tmp_path: Path) -> None:
    rows = {(a.field, a.where) for a in allowances("shopify")}
    assert ("tax_amount_set", ("refund.refund_shipping_lines[]",)) in rows
    fidelity = tmp_path / "FIDELITY.md"
    fidelity.write_text("# x\n\n## Beyond the contract\n\n| Field | Where | Reason |\n|---|---|---|\n"
                        "| `a` | `T`, `U` | why |\n\n## Next\n| `b` | `T` | not read |\n")
    [row] = allowances("x", fidelity)
    assert (row.field, row.where, row.reason) == ("a", ("T", "U"), "why")


@pytest.mark.parametrize("text, complaint", [
    ("# x\n", "no '## Beyond the contract' section"),
    ("## Beyond the contract\n\n| A | B |\n|---|---|\n", "needs one table"),
    ("## Beyond the contract\n\n| Field | Where | Reason |\n|---|---|---|\n| a | `T` | why |\n", "malformed"),
    ("## Beyond the contract\n\n| Field | Where | Reason |\n|---|---|---|\n| `a` | `T` |  |\n", "malformed"),
])
def test_a_malformed_allowance_table_is_refused(tmp_path: Path, text: str, complaint: str) -> None:
    fidelity = tmp_path / "FIDELITY.md"
    fidelity.write_text(text)
    with pytest.raises(ContractError, match=complaint):
        allowances("x", fidelity)


def test_a_stale_or_misplaced_allowance_is_refused() -> None:
    defs = {"Order": {"type": "object", "properties": {"orderId": {}}}}
    with pytest.raises(ContractError, match="already has"):
        add_allowances(copy.deepcopy(defs), {"Order": {"orderId"}}, "ebay")
    with pytest.raises(ContractError, match="not a type of the contract"):
        add_allowances(copy.deepcopy(defs), {"Ordr": {"x"}}, "ebay")


def test_vendored_contract_versions() -> None:
    assert load_json("ebay/sell_fulfillment_v1_oas3.v1.20.7.json")["info"]["version"] == "v1.20.7"
    assert load_json("shopify/rest/shopify_rest_2025_01_fixtures.json")["version"] == "2025_01"
    assert "2026.1" in load_json("netsuite/record_v1_2026_1_subset.json")["source"]


def test_a_schema_check_reports_the_path_inside_the_answer() -> None:
    check = SchemaCheck("C", {"title": "T", "type": "object", "properties": {"a": {"type": "integer"}},
                              "additionalProperties": False})
    assert check.validate({"a": "1"}, "$.x[2]") == Violation("C", "$.x[2].a", "must be integer")
    assert check.validate({"b": 1}) == Violation("C", "$", "b is not a field of T")
