"""The version in the URL selects Shopify's schema of that version: what each one accepts, refuses
and answers where the versions differ (the mismatches of issue 13, each per version)."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import ShopifyClient
from simulators.shopify.graphql import SERVED_VERSIONS

from .conftest import sale_of

NEWER = ("2026-01", "2026-04")
MUTATION = """mutation ($input: RefundInput!) { refundCreate(input: $input) %s {
  refund { id orderAdjustments(first: 5) { nodes { reason amountSet { shopMoney { amount } } } } }
  userErrors { field message } } }"""


def gid(kind: str, record_id: int) -> str:
    return f"gid://shopify/{kind}/{record_id}"


def _client(simulators, tenant: dict[str, Any], version: str) -> ShopifyClient:
    return ShopifyClient(simulators.base_url, {**tenant["shopify"], "api_version": version})


def _money_back(order: dict[str, Any], sale: dict[str, Any], amount: str = "5.00", **extra: Any) -> dict[str, Any]:
    """A refund of money alone (no goods): Shopify balances it with a refund_discrepancy adjustment."""
    return {"orderId": gid("Order", order["id"]), **extra, "transactions": [{
        "orderId": gid("Order", order["id"]), "parentId": gid("OrderTransaction", sale["id"]), "kind": "REFUND",
        "gateway": sale["gateway"], "amount": amount}]}


def _refund(client: ShopifyClient, version: str, refund_input: dict[str, Any], key: str = "k") -> dict[str, Any]:
    return client.graphql(MUTATION % (f'@idempotent(key: "{key}")' if version != "2025-01" else ""), {"input": refund_input})


def _type(client: ShopifyClient, name: str) -> dict[str, Any]:
    """``__type`` of the served schema: field / input field name → printed type."""
    answer = client.graphql("""query ($name: String!) { __type(name: $name) { kind enumValues { name }
        fields { name type { ...T } args { name } } inputFields { name type { ...T } } } }
      fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }""", {"name": name})
    found = answer["data"]["__type"]
    assert found is not None, f"{name} is not in the served schema"

    def printed(ref: dict[str, Any]) -> str:
        if ref["kind"] == "NON_NULL":
            return printed(ref["ofType"]) + "!"
        if ref["kind"] == "LIST":
            return f"[{printed(ref['ofType'])}]"
        return ref["name"]

    fields = {f["name"]: printed(f["type"]) for f in found.get("fields") or found.get("inputFields") or []}
    fields.update({f"{f['name']}()": ",".join(a["name"] for a in f["args"]) for f in found.get("fields") or []})
    if found.get("enumValues"):
        fields["enum"] = ",".join(v["name"] for v in found["enumValues"])
    return fields


def test_the_served_versions_are_those_with_a_vendored_schema(simulators, tenant) -> None:
    assert SERVED_VERSIONS == ("2025-01", "2026-01", "2026-04")
    for version in SERVED_VERSIONS:
        assert _client(simulators, tenant, version).graphql("{ shop { name } }")["data"]["shop"]["name"]


@pytest.mark.parametrize("version", ["2024-10", "2025-04", "2025-07", "2025-10"])
def test_a_version_without_a_vendored_schema_answers_404(simulators, tenant, version: str) -> None:
    client = _client(simulators, tenant, version)
    response = client.session.post(f"{client.root}/graphql.json", json={"query": "{ shop { name } }"})
    assert (response.status_code, response.json()) == (404, {"errors": "Not Found"})
    assert client.session.get(f"{client.root}/orders.json").status_code == 200  # REST serves it


def test_idempotent_is_unknown_on_2025_01_and_real_from_2026_01(simulators, tenant, shopify, order) -> None:
    sale = sale_of(shopify, order)
    old = _client(simulators, tenant, "2025-01")
    refused = old.graphql(MUTATION % '@idempotent(key: "k")', {"input": _money_back(order, sale)})
    assert "data" not in refused and refused["errors"][0]["message"] == "Directive @idempotent is not defined"
    assert refused["errors"][0]["extensions"] == {"code": "undefinedDirective", "directiveName": "idempotent"}
    assert shopify.refunds(order["id"]) == []
    for version in NEWER:
        made = _refund(_client(simulators, tenant, version), version, _money_back(order, sale, "1.00"), key=version)
        assert made["data"]["refundCreate"]["userErrors"] == []
    assert len(shopify.refunds(order["id"])) == 2


@pytest.mark.parametrize("field", ["processedAt", "allowOverRefunding", "refundMethods"])
def test_2025_01_refund_input_has_no_processed_at_allow_over_refunding_or_refund_methods(simulators, tenant, shopify,
                                                                                       order, field: str) -> None:
    value: Any = {"processedAt": "2025-01-01T00:00:00Z", "allowOverRefunding": False, "refundMethods": []}[field]
    answer = _client(simulators, tenant, "2025-01").graphql(MUTATION % "", {
        "input": _money_back(order, sale_of(shopify, order), **{field: value})})
    error = answer["errors"][0]
    assert error["extensions"]["code"] == "INVALID_VARIABLE" and "data" not in answer
    assert error["extensions"]["problems"] == [{"path": [field], "explanation": "Field is not defined on RefundInput"}]
    assert shopify.refunds(order["id"]) == []


def test_refund_processed_at_is_served_from_2026_01_and_unknown_on_2025_01(simulators, tenant, shopify, order) -> None:
    sale = sale_of(shopify, order)
    shopify.create_refund(order["id"], {"transactions": [{"parent_id": sale["id"], "amount": "1.00", "kind": "refund"}]})
    refund_id = shopify.refunds(order["id"])[0]["id"]
    query = '{ refund(id: "%s") { createdAt processedAt } }' % gid("Refund", refund_id)
    old = _client(simulators, tenant, "2025-01").graphql(query)
    assert old["errors"][0]["message"] == "Field 'processedAt' doesn't exist on type 'Refund'"
    assert old["errors"][0]["extensions"]["code"] == "undefinedField" and "data" not in old
    for version in NEWER:
        refund = _client(simulators, tenant, version).graphql(query)["data"]["refund"]
        assert refund["processedAt"] == refund["createdAt"] and refund["processedAt"].endswith("Z")


@pytest.mark.parametrize("version", SERVED_VERSIONS)
@pytest.mark.parametrize("reason, shown", [("DAMAGE", "DAMAGE"), ("CUSTOMER", "CUSTOMER"), ("RESTOCK", "RESTOCK"),
                                           ("OTHER", "REFUND_DISCREPANCY"), (None, "REFUND_DISCREPANCY")])
def test_discrepancy_reason_is_accepted_on_every_version_and_explains_the_adjustment(
        simulators, tenant, shopify, order, version: str, reason: str | None, shown: str) -> None:
    extra = {"discrepancyReason": reason} if reason else {}
    answer = _refund(_client(simulators, tenant, version), version, _money_back(order, sale_of(shopify, order), **extra))
    assert answer["data"]["refundCreate"]["userErrors"] == [], answer
    assert answer["data"]["refundCreate"]["refund"]["orderAdjustments"]["nodes"] == [
        {"reason": shown, "amountSet": {"shopMoney": {"amount": "-5.0"}}}]


def test_a_discrepancy_reason_outside_the_enum_is_refused(simulators, tenant, shopify, order) -> None:
    answer = _refund(shopify, "2025-01", _money_back(order, sale_of(shopify, order), discrepancyReason="SHIPPING_REFUND"))
    explanation = answer["errors"][0]["extensions"]["problems"][0]["explanation"]
    assert explanation.startswith('Expected "SHIPPING_REFUND" to be one of: ')  # the values in the schema's order
    assert sorted(explanation.split(": ")[1].split(", ")) == ["CUSTOMER", "DAMAGE", "OTHER", "RESTOCK"]
    assert shopify.refunds(order["id"]) == []


@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_order_adjustment_reasons_are_the_real_enum_and_a_shipping_refund_has_none(simulators, tenant, shopify, order,
                                                                                   version: str) -> None:
    client = _client(simulators, tenant, version)
    assert _type(client, "OrderAdjustment")["reason"] == "OrderAdjustmentDiscrepancyReason"
    values = _type(client, "OrderAdjustmentDiscrepancyReason")["enum"].split(",")
    assert "SHIPPING_REFUND" not in values and "REFUND_DISCREPANCY" in values
    sale = sale_of(shopify, order)
    shopify.create_refund(order["id"], {"shipping": {"full_refund": True}, "transactions": [
        {"parent_id": sale["id"], "amount": "5.00", "kind": "refund"}]})
    answer = client.graphql('{ order(id: "%s") { refunds { orderAdjustments(first: 5) { nodes { reason } } } } }'
                            % gid("Order", order["id"]))
    assert answer["data"]["order"]["refunds"][0]["orderAdjustments"]["nodes"] == [{"reason": None}]


@pytest.mark.parametrize("version", NEWER)
def test_refund_methods_from_2026_01_accepted_empty_and_not_simulated_otherwise(simulators, tenant, shopify, order,
                                                                               version: str) -> None:
    client = _client(simulators, tenant, version)
    sale = sale_of(shopify, order)
    store_credit = [{"storeCreditRefund": {"amount": {"amount": "5.00", "currencyCode": "USD"}}}]
    refused = _refund(client, version, _money_back(order, sale, refundMethods=store_credit), key="a")
    assert refused["data"] == {"refundCreate": None}
    assert refused["errors"][0]["extensions"]["code"] == "NOT_SIMULATED" and refused["errors"][0]["path"] == ["refundCreate"]
    assert "RefundInput.refundMethods" in refused["errors"][0]["message"]
    assert shopify.refunds(order["id"]) == []
    made = _refund(client, version, _money_back(order, sale, refundMethods=[]), key="b")
    assert made["data"]["refundCreate"]["userErrors"] == [] and len(shopify.refunds(order["id"])) == 1


@pytest.mark.parametrize("field, value", [("processedAt", "2025-06-01T10:00:00Z"), ("allowOverRefunding", True),
                                          ("refundDuties", [{"dutyId": "gid://shopify/Duty/1", "refundType": "FULL"}])])
def test_inputs_the_simulator_does_not_reproduce_are_refused_not_ignored(simulators, tenant, shopify, order,
                                                                          field: str, value: Any) -> None:
    client = _client(simulators, tenant, "2026-01")
    answer = _refund(client, "2026-01", _money_back(order, sale_of(shopify, order), **{field: value}))
    assert answer["data"] == {"refundCreate": None} and answer["errors"][0]["extensions"]["code"] == "NOT_SIMULATED"
    assert f"RefundInput.{field}" in answer["errors"][0]["message"]
    assert shopify.refunds(order["id"]) == []
    default = _refund(client, "2026-01", _money_back(order, sale_of(shopify, order), allowOverRefunding=False), key="d")
    assert default["data"]["refundCreate"]["userErrors"] == []


@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_suggested_refund_takes_no_suppress_notifications(simulators, tenant, order, version: str) -> None:
    answer = _client(simulators, tenant, version).graphql(
        '{ order(id: "%s") { suggestedRefund(suppressNotifications: true) { amountSet { shopMoney { amount } } } } }'
        % gid("Order", order["id"]))
    assert answer["errors"][0]["message"] == "Field 'suggestedRefund' doesn't accept argument 'suppressNotifications'"
    assert answer["errors"][0]["extensions"]["code"] == "argumentNotAccepted" and "data" not in answer


@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_suggested_refund_answers_on_every_version(simulators, tenant, order, version: str) -> None:
    """From 2026-01 ``suggestedRefund`` has ``refundMethodAllocation`` with the default
    ORIGINAL_PAYMENT_METHODS (the schema), which graphql-core passes when the query leaves it out:
    every suggested refund answered NOT_SIMULATED. The default (and naming it) is what the
    simulator does; STORE_CREDIT is not simulated."""
    client = _client(simulators, tenant, version)
    query = '{ order(id: "%s") { suggestedRefund(shippingAmount: "2.00"%s) { amountSet { shopMoney { amount } } } } }'
    answer = client.graphql(query % (gid("Order", order["id"]), ""))
    assert "errors" not in answer, answer
    assert answer["data"]["order"]["suggestedRefund"]["amountSet"]["shopMoney"]["amount"] == "2.0"
    if version in NEWER:
        named = client.graphql(query % (gid("Order", order["id"]), ", refundMethodAllocation: ORIGINAL_PAYMENT_METHODS"))
        assert named["data"] == answer["data"], named
        credit = client.graphql(query % (gid("Order", order["id"]), ", refundMethodAllocation: STORE_CREDIT"))
        assert credit["errors"][0]["extensions"]["code"] == "NOT_SIMULATED", credit


#: Types and nullabilities the hand-written schema had wrong, as Shopify's schema has them.
REAL_TYPES = [
    ("SuggestedOrderTransaction", "kind", "SuggestedOrderTransactionKind!"),
    ("SuggestedOrderTransaction", "gateway", "String"),
    ("OrderTransaction", "errorCode", "OrderTransactionErrorCode"),
    ("RefundDutyInput", "refundType", "RefundDutyRefundType"),
    ("RefundShippingLine", "shippingLine", "ShippingLine!"),
    ("Order", "totalTaxSet", "MoneyBag"),
    ("Order", "subtotalPriceSet", "MoneyBag"),
    ("Order", "totalDiscountsSet", "MoneyBag"),
    ("Order", "totalPriceSet", "MoneyBag!"),
    ("Order", "refunds()", "first"),
    ("Order", "suggestedRefund()", "refundDuties,refundLineItems,refundShipping,shippingAmount,suggestFullRefund"),
]
#: What a version adds to the arguments above.
NEWER_ARGUMENTS = {("2026-01", "suggestedRefund()"): ",refundMethodAllocation",
                   ("2026-04", "suggestedRefund()"): ",refundMethodAllocation"}


@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_types_and_nullabilities_are_shopifys(simulators, tenant, version: str) -> None:
    client = _client(simulators, tenant, version)
    types = {name: _type(client, name) for name in {t for t, _, _ in REAL_TYPES}}
    for type_name, field, printed in REAL_TYPES:
        shown = types[type_name][field]
        if field.endswith("()"):  # argument names, in whatever order the version lists them
            printed += NEWER_ARGUMENTS.get((version, field), "")
            assert sorted(shown.split(",")) == sorted(printed.split(",")), (version, type_name, field, shown)
        else:
            assert shown == printed, (version, type_name, field, shown)


@pytest.mark.parametrize("version", SERVED_VERSIONS)
def test_payment_id_is_served_beside_the_deprecated_authorization_code(simulators, tenant, shopify, order,
                                                                        version: str) -> None:
    client = _client(simulators, tenant, version)
    answer = client.graphql('{ order(id: "%s") { transactions { kind paymentId authorizationCode } } }'
                            % gid("Order", order["id"]))
    assert "errors" not in answer, answer
    transaction = answer["data"]["order"]["transactions"][0]
    assert transaction["kind"] == "SALE" and transaction["paymentId"] == transaction["authorizationCode"]
    deprecated = client.graphql('{ __type(name: "OrderTransaction") { fields(includeDeprecated: true) { name '
                                'isDeprecated deprecationReason } } }')["data"]["__type"]["fields"]
    authorization = next(f for f in deprecated if f["name"] == "authorizationCode")
    if version == "2025-01":  # deprecated in favour of paymentId later
        assert not authorization["isDeprecated"]
    else:
        assert authorization["isDeprecated"] and "paymentId" in authorization["deprecationReason"]


def test_idempotent_on_another_field_is_accepted_from_2026_01(simulators, tenant) -> None:
    """The schema declares it on FIELD: graphql-ruby validates it anywhere; only refundCreate reads it."""
    answer = _client(simulators, tenant, "2026-01").graphql('{ shop @idempotent(key: "k") { name } }')
    assert "errors" not in answer and answer["data"]["shop"]["name"]


_ORDER = 'query ($id: ID!) { order(id: $id) { %s } }'


@pytest.mark.parametrize("version, query, code", [
    # A field each version has and the other has not (the vendored introspections): real where the
    # version has it (not simulated, or served), "doesn't exist" where it has not.
    ("2025-01", _ORDER % "exchangeV2s(first: 1) { nodes { id } }", "NOT_SIMULATED"),
    ("2026-01", _ORDER % "exchangeV2s(first: 1) { nodes { id } }", "undefinedField"),
    ("2026-04", _ORDER % "exchangeV2s(first: 1) { nodes { id } }", "undefinedField"),
    ("2025-01", _ORDER % "number", "undefinedField"),
    ("2026-04", _ORDER % "number", None),
    ("2025-01", "{ shop { draftOrders(first: 1) { nodes { id } } } }", "NOT_SIMULATED"),
    ("2026-04", "{ shop { draftOrders(first: 1) { nodes { id } } } }", "undefinedField"),
    ("2025-01", "{ shop { shopAddress { city } } }", "undefinedField"),
    ("2026-04", "{ shop { shopAddress { city } } }", "NOT_SIMULATED"),
    ("2025-01", _ORDER % "refunds { processedAt }", "undefinedField"),
    ("2026-04", _ORDER % "refunds { processedAt }", None),
    ("2025-01", _ORDER % "transactions { location { id } }", "undefinedField"),
    ("2026-04", _ORDER % "transactions { location { id } }", "NOT_SIMULATED"),
    # Wrong argument types and missing required arguments, on every version alike.
    *[(v, _ORDER % "lineItems(first: \"two\") { nodes { id } }", "argumentLiteralsIncompatible") for v in SERVED_VERSIONS],
    *[(v, "{ order { id } }", "missingRequiredArguments") for v in SERVED_VERSIONS],
    *[(v, "{ refund(id: true) { id } }", "argumentLiteralsIncompatible") for v in SERVED_VERSIONS],
])
def test_each_version_validates_against_its_own_schema(simulators, tenant, shopify, version: str, query: str,
                                                        code: str | None) -> None:
    """Shopify's error shape (message, locations, path, extensions.code) for what the version's
    schema refuses; ``None``: the version takes the query."""
    variables = None
    if "$id" in query:
        variables = {"id": gid("Order", shopify.create_order({"line_items": [{"title": "Mug", "price": "1.00", "quantity": 1}]})["id"])}
    answer = _client(simulators, tenant, version).graphql(query, variables)
    if code is None:
        assert "errors" not in answer and answer["data"]["order"] is not None, answer
        return
    [error] = answer["errors"]
    assert "data" not in answer and error["extensions"]["code"] == code, answer
    assert error["locations"] and error["path"][0] == "query" and error["message"], answer
