"""The served schema is Shopify's: regenerated from the vendored introspection by the project's prune
script (nobody edits it by hand), every kept type's fields exactly the vendor's, introspection served,
a schema-loading client (gql with fetch_schema_from_transport) running refundCreate on every version,
and real fields the simulator does not resolve answering NOT_SIMULATED, never "doesn't exist"."""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport
from graphql import build_client_schema, get_introspection_query, is_interface_type, is_object_type, print_type

from harness.transports import LiveTransport
from simulators.clients import ControlPlaneClient, ShopifyClient
from simulators.shopify.graphql import SERVED_VERSIONS
from simulators.shopify.graphql.resolvers import RESOLVERS
from simulators.shopify.graphql.schema import served

from .conftest import ORDER, sale_of

ROOT = Path(__file__).resolve().parents[2]
PRUNE = ROOT / "contracts" / "shopify" / "graphql" / "prune.py"


def gid(kind: str, record_id: int) -> str:
    return f"gid://shopify/{kind}/{record_id}"


def _prune() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shopify_graphql_prune", PRUNE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _vendor(version: str) -> Any:
    """Shopify's full schema of ``version``, as vendored."""
    raw = json.loads(gzip.decompress((PRUNE.parent / f"admin_{version}.json.gz").read_bytes()))
    return build_client_schema(raw["data"])


def _client(simulators, tenant: dict[str, Any], version: str) -> ShopifyClient:
    return ShopifyClient(simulators.base_url, {**tenant["shopify"], "api_version": version})


# ====================================================================== the pruned schema
@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_the_committed_schema_is_what_the_prune_script_makes_of_the_vendored_one(version: str) -> None:
    prune = _prune()
    assert prune.VERSIONS == SERVED_VERSIONS
    for name, text in prune.build(version).items():
        committed = (prune.OUTPUT / name).read_text()
        assert committed == text, f"{name} differs from what prune.py makes: run python {PRUNE.relative_to(ROOT)}"


@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_every_kept_type_is_the_vendors_and_every_pruned_field_is_indexed(version: str) -> None:
    vendor, mine = _vendor(version), served(version)
    for name, graphql_type in mine.schema.type_map.items():
        if name.startswith("__"):
            continue
        original = vendor.type_map[name]
        kept = getattr(graphql_type, "fields", None) if is_object_type(graphql_type) or is_interface_type(graphql_type) else None
        if kept is None:  # enums, inputs, scalars: whole
            assert print_type(graphql_type) == print_type(original), name
            continue
        for field_name, definition in original.fields.items():  # type: ignore[union-attr]
            if field_name in kept:
                assert str(kept[field_name].type) == str(definition.type), (name, field_name)
                assert {a: str(d.type) for a, d in kept[field_name].args.items()} == \
                       {a: str(d.type) for a, d in definition.args.items()}, (name, field_name)
                assert [str(d.default_value) for d in kept[field_name].args.values()] == \
                       [str(d.default_value) for d in definition.args.values()], (name, field_name)
            else:
                assert mine.pruned_fields[name][field_name] == str(definition.type), (name, field_name)
    assert set(mine.pruned_types) == set(vendor.type_map) - set(mine.schema.type_map)
    assert {d.name for d in mine.schema.directives} == {d.name for d in vendor.directives}


def test_every_resolver_is_a_real_field_of_some_version() -> None:
    real = {(t, f) for v in SERVED_VERSIONS for t, graphql_type in served(v).schema.type_map.items()
            for f in getattr(graphql_type, "fields", {})}
    unknown = {(t, f) for t, fields in RESOLVERS.items() for f in fields} - real
    assert not unknown, f"resolvers of fields no served version has: {sorted(unknown)}"


# ====================================================================== introspection
@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_introspection_answers_the_served_schema(simulators, tenant, version: str) -> None:
    answer = _client(simulators, tenant, version).graphql(get_introspection_query(descriptions=True))
    assert "errors" not in answer
    schema = build_client_schema(answer["data"])
    vendor = _vendor(version)
    assert (schema.query_type.name, schema.mutation_type.name) == ("QueryRoot", "Mutation")  # type: ignore[union-attr]
    for name in ("RefundInput", "RefundCreatePayload", "OrderAdjustmentDiscrepancyReason", "MoneyBag"):
        assert print_type(schema.type_map[name]) == print_type(vendor.type_map[name])
    assert ("idempotent" in {d.name for d in schema.directives}) == (version != "2025-01")


@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_a_schema_loading_client_runs_refund_create(live: LiveTransport, version: str) -> None:
    """gql loads the schema by introspection, validates the document against it client-side, and sends it."""
    created = ControlPlaneClient(live.base_url).create_tenant(seed=21)
    rest = ShopifyClient(live.base_url, created["shopify"])
    order = rest.create_order(ORDER)
    sale = sale_of(rest, order)
    transport = RequestsHTTPTransport(url=f"{live.base_url}/admin/api/{version}/graphql.json",
                                      headers={"X-Shopify-Access-Token": created["shopify"]["access_token"]})
    directive = "" if version == "2025-01" else '@idempotent(key: "gql-1")'
    with Client(transport=transport, fetch_schema_from_transport=True) as session:
        request = gql("""mutation ($input: RefundInput!) { refundCreate(input: $input) %s {
            refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
            userErrors { field message } } }""" % directive)
        request.variable_values = {"input": {
            "orderId": gid("Order", order["id"]), "note": "gql", "transactions": [{
                "orderId": gid("Order", order["id"]), "parentId": gid("OrderTransaction", sale["id"]),
                "kind": "REFUND", "gateway": sale["gateway"], "amount": "3.00"}]}}
        answer = session.execute(request)
        assert session.client.schema is not None and "RefundInput" in session.client.schema.type_map
    assert answer["refundCreate"]["userErrors"] == []
    assert answer["refundCreate"]["refund"]["totalRefundedSet"]["shopMoney"] == {"amount": "3.0", "currencyCode": "USD"}
    assert [r["note"] for r in rest.refunds(order["id"])] == ["gql"]
    rest.session.close()


# ====================================================================== not simulated
@pytest.mark.parametrize("query, message, path", [
    # In the served schema (introspection shows it) but not resolved.
    ('{ order(id: "gid://shopify/Order/1") { id poNumber } }',
     "Field 'poNumber' on type 'Order' is part of Shopify's Admin API 2025-01 but is not simulated",
     ["query", "order", "poNumber"]),
    # Pruned: its type (Return) is not simulated; the index names it.
    ('{ order(id: "gid://shopify/Order/1") { returns(first: 1) { nodes { id } } } }',
     "Field 'returns' on type 'Order' is part of Shopify's Admin API 2025-01 but is not simulated",
     ["query", "order", "returns"]),
    ('query Products { products(first: 1) { nodes { id } } }',
     "Field 'products' on type 'QueryRoot' is part of Shopify's Admin API 2025-01 but is not simulated",
     ["query Products", "products"]),
    ('{ order(id: "gid://shopify/Order/1") { ... on Product { id } } }',
     "Type 'Product' is part of Shopify's Admin API 2025-01 but is not simulated", ["query", "order", "... on Product"]),
    ('{ order(id: "gid://shopify/Order/1") { transactions(capturable: true) { id } } }',
     "Argument 'capturable' of field 'Order.transactions' is part of Shopify's Admin API 2025-01 but is not simulated",
     ["query", "order", "transactions", "capturable"]),
])
def test_a_real_field_the_simulator_does_not_resolve_answers_not_simulated(shopify, query: str, message: str,
                                                                            path: list[str]) -> None:
    body = shopify.graphql(query)
    assert "data" not in body, body
    assert body["errors"][0]["message"] == message and body["errors"][0]["path"] == path
    assert body["errors"][0]["extensions"]["code"] == "NOT_SIMULATED" and body["errors"][0]["locations"]


def test_an_unsimulated_argument_given_its_default_is_what_the_simulator_does(shopify, order) -> None:
    """UNSIMULATED_ARGUMENTS are refused "with a value other than their default": written out at
    the schema's default (``includeRemovals: false``) the field answers as without them — they were
    refused as soon as they appeared."""
    query = """{ order(id: "%s") { shippingLines(first: 5%s) { nodes { title } } } }"""
    order_id = gid("Order", order["id"])
    plain = shopify.graphql(query % (order_id, ""))
    assert "errors" not in plain, plain
    defaults = shopify.graphql(query % (order_id, ", includeRemovals: false"))
    assert "errors" not in defaults and defaults["data"] == plain["data"], defaults
    other = shopify.graphql(query % (order_id, ", includeRemovals: true"))
    assert other["errors"][0]["extensions"]["code"] == "NOT_SIMULATED" and "data" not in other


def test_a_field_no_version_has_still_does_not_exist(shopify) -> None:
    body = shopify.graphql("{ shop { colour } }")
    assert body["errors"][0]["extensions"] == {"code": "undefinedField", "typeName": "Shop", "fieldName": "colour"}


def test_a_mutation_asking_for_a_field_that_is_not_simulated_refunds_nothing(shopify, order) -> None:
    """Refused before it runs: the connector would otherwise see an error for a refund that was made."""
    sale = sale_of(shopify, order)
    answer = shopify.graphql("""mutation ($input: RefundInput!) { refundCreate(input: $input) {
        refund { id staffMember { id } } order { poNumber } userErrors { message } } }""", {"input": {
        "orderId": gid("Order", order["id"]), "transactions": [{"orderId": gid("Order", order["id"]), "kind": "REFUND",
        "parentId": gid("OrderTransaction", sale["id"]), "gateway": sale["gateway"], "amount": "1.00"}]}})
    assert "data" not in answer and {e["extensions"]["code"] for e in answer["errors"]} == {"NOT_SIMULATED"}
    assert [e["path"][-1] for e in answer["errors"]] == ["staffMember", "poNumber"]
    assert shopify.refunds(order["id"]) == []


def test_a_query_text_is_parsed_and_validated_once_per_version() -> None:
    from simulators.shopify.graphql import prepare

    query = "{ shop { name myshopifyDomain } }"
    assert prepare("2026-01", query) is prepare("2026-01", query)
    assert prepare("2026-01", query) is not prepare("2025-01", query)
