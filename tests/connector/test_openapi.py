"""The connector API's OpenAPI document (simulators/connector/openapi.yaml) and the Python protocol
say the same: every protocol method is one operation and back, every field of a result is a
property of its schema, the statuses and channels are the protocol's, the settings are the
account's, the credentials are the tenant's. And the served reference connector answers in it, and
the harness asks in it."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from openapi_spec_validator import validate

from harness.connector import PROTOCOL_METHODS
from harness.http_connector import DEFAULT_CONNECTOR_TIMEOUT, MAX_ANSWER, HttpConnector, HttpConnectorFactory
from harness.transports import LiveTransport
from simulators.app import create_app
from simulators.clients import ControlPlaneClient
from simulators.connector import contract
from simulators.connector.protocol import (ConnectorContext, OrderStatus, OrderSyncResult, OtherTransaction,
                                           RetrieveResult, Status)
from simulators.connector.errors import SettingsError
from simulators.connector.routes import CREDENTIALS
from simulators.connector.schemas import DIRECTIONS, STOREFRONTS, ConnectorSettings
from simulators.core import tenants

SCHEMAS = contract.document()["components"]["schemas"]
RESULTS = {"OrderSyncResult": OrderSyncResult, "OtherTransaction": OtherTransaction, "RetrieveResult": RetrieveResult}
CREDENTIAL_CLASSES = {"netsuite": tenants.NetSuiteCredentials, "shopify": tenants.ShopifyCredentials,
                      "ebay": tenants.EbayCredentials, "woocommerce": tenants.WooCommerceCredentials,
                      "magento": tenants.MagentoCredentials}


def _values(holder: type) -> set[str]:
    return {value for name, value in vars(holder).items() if not name.startswith("_") and isinstance(value, str)}


def test_the_document_is_valid_openapi_3_1() -> None:
    validate(contract.document())
    assert contract.document()["openapi"].startswith("3.1.")


def test_every_protocol_method_is_one_operation_and_every_operation_a_method() -> None:
    """``x-protocol`` names the method each operation is; the factory is the account's set-up."""
    methods = [operation["x-protocol"] for _, _, operation in contract.operations().values()]
    assert sorted(methods) == sorted([*PROTOCOL_METHODS, "factory"]), "operations and protocol methods differ"


@pytest.mark.parametrize("name", RESULTS)
def test_every_field_of_a_result_is_a_required_property_of_its_schema(name: str) -> None:
    fields = [field.name for field in dataclasses.fields(RESULTS[name])]
    assert sorted(SCHEMAS[name]["properties"]) == sorted(fields)
    assert sorted(SCHEMAS[name]["required"]) == sorted(fields)  # dataclasses.asdict writes every one


def test_the_statuses_and_channels_are_the_protocol_s() -> None:
    assert set(SCHEMAS["OtherTransaction"]["properties"]["status"]["enum"]) == _values(Status)
    assert set(SCHEMAS["OrderSyncResult"]["properties"]["status"]["enum"]) == _values(OrderStatus)
    assert SCHEMAS["Channel"]["enum"] == ["netsuite", *STOREFRONTS]


def test_the_settings_are_the_account_s_with_their_defaults_and_choices() -> None:
    settings = SCHEMAS["Settings"]["properties"]
    defaults = ConnectorSettings()
    assert sorted(settings) == sorted(field.name for field in dataclasses.fields(ConnectorSettings))
    for name, schema in settings.items():
        if "default" in schema:
            assert schema["default"] == getattr(defaults, name), name
    assert settings["storefront"]["enum"] == list(STOREFRONTS)
    assert settings["refund_direction"]["enum"] == list(DIRECTIONS)
    assert contract.problem("/components/schemas/Settings", defaults.as_dict()) is None


def test_the_credentials_are_the_tenant_answer_s() -> None:
    blocks = SCHEMAS["Credentials"]["properties"]
    answer = create_app().test_client().post("/_sim/tenants", json={}).get_json()
    assert sorted(blocks) == sorted(CREDENTIALS) == sorted(set(answer) - {"tenant", "seed", "settings"})
    for name, block in blocks.items():
        fields = sorted(field.name for field in dataclasses.fields(CREDENTIAL_CLASSES[name]))
        assert sorted(block["required"]) == fields, name
        # Every field of the answer, those it adds beside the class's too (NetSuite's M2M mapping:
        # m2m_certificate_id, m2m_private_key — left out when the certificate was uploaded).
        assert sorted(block["properties"]) == sorted(answer[name]), name
    # What every connector gets whatever its storefront: the blocks the Python protocol's context has.
    context = {field.name for field in dataclasses.fields(ConnectorContext) if field.type == "dict[str, str]"}
    assert set(SCHEMAS["Credentials"]["required"]) == context
    assert contract.problem("/components/schemas/Credentials", {k: answer[k] for k in CREDENTIALS}) is None


def test_the_served_document_is_this_one() -> None:
    served = create_app().test_client().get("/connector/v1/openapi.json")
    assert served.status_code == 200 and served.get_json() == json.loads(json.dumps(contract.document()))


# ------------------------------------------------------------------ real answers, real requests
@pytest.fixture
def exchanges(live: LiveTransport, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[requests.Response]]:
    """Every exchange the harness's HTTP driver has with a connector, recorded."""
    seen: list[requests.Response] = []
    original = requests.Session.request

    def recording(self: requests.Session, method: str, url: str, **kwargs: Any) -> requests.Response:
        response = original(self, method, url, **kwargs)
        if "/connector/v1/accounts/" in url:
            seen.append(response)
        return response

    monkeypatch.setattr(requests.Session, "request", recording)
    yield seen


def _operation(method: str, url: str) -> str:
    """The operationId a request is (its path matched against the document's, ``{...}`` any segment)."""
    path = url.split("/connector/v1", 1)[1].split("?")[0]
    for operation_id, (op_method, template, _) in contract.operations().items():
        parts, wanted = path.strip("/").split("/"), template.strip("/").split("/")
        if op_method == method and len(parts) == len(wanted) and all(
                w.startswith("{") or w == p for w, p in zip(wanted, parts, strict=True)):
            return operation_id
    raise AssertionError(f"{method} {url} is no operation of the connector API")


def test_the_reference_connector_answers_in_the_document_and_the_harness_asks_in_it(
        live: LiveTransport, exchanges: list[requests.Response]) -> None:
    """A whole account's life against the served reference connector, refusals included: each
    request's body holds to its operation's schema, and each answer to the one of its status."""
    control = ControlPlaneClient(live.base_url)
    tenant = control.create_tenant(seed=21)
    context = ConnectorContext(base_url=live.base_url, tenant=tenant["tenant"], netsuite=tenant["netsuite"],
                               shopify=tenant["shopify"], ebay=tenant["ebay"],
                               settings={"storefront": "shopify", "refund_direction": "from_netsuite"})
    connector = HttpConnectorFactory("/connector/v1")(context)
    assert isinstance(connector, HttpConnector)
    synced = connector.sync_order(" 1 ")
    assert connector.orders() == [synced]
    connector.retrieve_refunds("netsuite", "1")
    connector.retrieve_refunds("ebay", "")
    connector.transactions()
    with pytest.raises(ValueError, match="refund_direction"):
        connector.update_settings({"refund_direction": "both"})  # in the document, refused by the connector
    connector.update_settings({"storefront": "shopify", "refund_direction": "from_netsuite", "scheduled_sync": True})
    control.advance_clock(tenant["tenant"], 6 * 3600)
    connector.run_scheduled_sync()
    for action in (connector.post, connector.cancel, connector.uncancel, connector.delete):
        with pytest.raises(AssertionError, match="to know refund OT-99999"):
            action("OT-99999")
    connector.close()
    asked = {_operation(r.request.method or "", r.request.url or "") for r in exchanges}
    assert asked == set(contract.operations()), f"operations never exercised: {set(contract.operations()) - asked}"
    statuses = set()
    for response in exchanges:
        operation_id = _operation(response.request.method or "", response.request.url or "")
        if response.request.body:
            request_body = json.loads(response.request.body)
            assert contract.problem(contract.request_pointer(operation_id), request_body) is None, operation_id
        pointer = contract.response_pointer(operation_id, response.status_code)
        assert (pointer is None) == (not response.content), (operation_id, response.status_code)
        if pointer is not None:
            assert contract.problem(pointer, response.json()) is None, (operation_id, response.text)
        statuses.add(response.status_code)
    assert statuses == {200, 204, 400, 404}


def test_a_set_up_outside_the_document_is_refused_and_names_the_field() -> None:
    client = create_app().test_client()
    tenant = client.post("/_sim/tenants", json={}).get_json()
    account = f"/connector/v1/accounts/{tenant['tenant']}"
    simulators = {"base_url": "http://localhost", "admin_token": None, "tenant": tenant["tenant"],
                  "clock_url": f"http://localhost/_sim/tenants/{tenant['tenant']}/clock"}
    credentials = {name: tenant[name] for name in CREDENTIALS}
    refused = client.put(account, json={"settings": {}, "simulators": {**simulators, "base_url": "localhost"},
                                        "credentials": credentials})
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "simulators.base_url"
    netsuite = {k: v for k, v in tenant["netsuite"].items() if k != "token_secret"}
    refused = client.put(account, json={"settings": {}, "simulators": simulators,
                                        "credentials": {**credentials, "netsuite": netsuite}})
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "credentials.netsuite"
    assert "token_secret" in refused.get_json()["error"]["message"]
    other = client.put(account, json={"settings": {}, "simulators": {**simulators, "tenant": "t-other"},
                                      "credentials": credentials})
    assert other.status_code == 400 and other.get_json()["error"]["field"] == "simulators.tenant"
    assert client.get(f"{account}/transactions").get_json()["error"]["code"] == "no_account"  # nothing was set up
    accepted = client.put(account, json={"settings": {}, "simulators": simulators, "credentials": credentials})
    assert accepted.status_code == 200 and accepted.get_json()["account"] == tenant["tenant"]


@pytest.mark.parametrize("pointer, instance", [
    ("/components/schemas/Money", "12.00\n"),
    ("/components/schemas/Identifier", "OT-00001\n"),
    ("/components/schemas/Settings", {"currency_ids": {"USD\n": "1"}}),
    ("/components/schemas/Settings", {"currency_ids": {"USD": "1\n"}}),
    ("/components/schemas/Settings", {"currency_ids": {"USD": "١"}}),
    ("/components/schemas/Settings", {"positive_adjustment_item": "Refund Item"}),
    ("/components/schemas/Settings", {"negative_adjustment_item": "12\n"}),
    ("/components/schemas/Settings", {"positive_adjustment_item": -5}),
    ("/components/schemas/Settings", {"positive_adjustment_item": "١٢"}),
])
def test_the_document_refuses_what_its_patterns_refuse_as_json_schema_reads_them(pointer: str, instance: object) -> None:
    """JSON Schema's patterns are ECMA-262 regular expressions, where '$' is the end of the text;
    Python's re, which jsonschema uses, also matches '$' before a last line break, so the harness
    took an amount of '12.00\\n' from a connector, and a setting the reference refuses
    ('USD\\n') passed the document. The adjustment items are digits, as both connectors read them."""
    assert contract.problem(pointer, instance) is not None
    if pointer.endswith("Settings"):
        with pytest.raises(SettingsError):
            ConnectorSettings.parse(instance)  # type: ignore[arg-type]


@pytest.mark.parametrize("identifier", [".", ".."])
def test_an_identifier_is_never_a_dot_segment(identifier: str) -> None:
    """A transaction id of '.' or '..' matched the Identifier pattern, but no client can put it in a
    path: URLs remove dot segments (RFC 3986 §5.2.4), so the harness's Post of transaction '..'
    went to ``POST .../accounts/<account>/post`` and the connector was blamed for not knowing it."""
    assert contract.problem("/components/schemas/Identifier", identifier) is not None
    # Said so that any validator reads it: no lookahead (RE2, Go's, has none) in any pattern.
    patterns = re.findall(r'"pattern": "([^"]*)"', json.dumps(contract.document()))
    assert patterns and not [pattern for pattern in patterns if "(?" in pattern], patterns
    for fine in ("OT-00001", "a..b", ".x", "x.", "t-0123456789abcdef0123456789abcdef"):
        assert contract.problem("/components/schemas/Identifier", fine) is None, fine



_SETTINGS, _IDENTIFIER = "/components/schemas/Settings", "/components/schemas/Identifier"


@pytest.mark.parametrize("pointer, instance, said", [
    (_SETTINGS, {"max_attempts": "4"}, '$.max_attempts: "4" is not of type "integer"'),
    (_SETTINGS, {"scheduled_sync": None}, '$.scheduled_sync: null is not of type "boolean"'),
    (_SETTINGS, {"positive_adjustment_item": True},
     '$.positive_adjustment_item: true is not of type "string", "integer" or "null"'),
    (_SETTINGS, {"refund_direction": "sideways"},
     '$.refund_direction: "sideways" is not one of ["off", "to_netsuite", "from_netsuite", "both"]'),
    (_SETTINGS, {"max_attempts": 0}, "$.max_attempts: 0 is less than the minimum of 1"),
    (_SETTINGS, {"max_attempts": 11}, "$.max_attempts: 11 is greater than the maximum of 10"),
    (_SETTINGS, {"currency_ids": {}}, "$.currency_ids: {} should have at least 1 property"),
    (_SETTINGS, {"currency_ids": {"usd": "1"}}, '$.currency_ids: the property name "usd" does not match "^[A-Z]{3}$"'),
    (_SETTINGS, {"currency_ids": {"USD": "o'ne"}}, '$.currency_ids.USD: "o\'ne" does not match "^[0-9]+$"'),
    ("/components/schemas/Simulators", {"base_url": "http://x", "admin_token": None},
     '$: "tenant" and "clock_url" are required properties'),
    ("/components/schemas/Simulators", {"base_url": "http://x", "admin_token": None, "tenant": "t"},
     '$: "clock_url" is a required property'),
    (_IDENTIFIER, "..", '$: ".." should not be valid under {"enum": [".", ".."]}'),
    (_IDENTIFIER, "x" * 201, f'$: "{"x" * (contract.SHOWN - 1)}... (203 characters) should have at most 200 characters'),
    (_IDENTIFIER, 'OT-"1"\\', r'$: "OT-\"1\"\\" does not match "^[A-Za-z0-9._~-]+$"'),
])
def test_where_a_value_breaks_the_document_is_said_in_json(pointer: str, instance: object, said: str) -> None:
    """Implementers write JSON: the refusal of a value off the document quotes it, and the schema's
    values, as JSON writes them (``"4"``, ``true``, ``null``, ``["off", ...]``), not as Python
    prints them (``'4'``, ``True``, ``None``, ``['off', ...]``); a long one is cut short."""
    assert contract.problem(pointer, instance) == said


@pytest.mark.parametrize("schema, instance, said", [
    ({"const": "v1"}, "v2", '"v2" is not "v1", the only value allowed'),
    ({"properties": {"a": {}}, "additionalProperties": False}, {"a": 1, "b'": 2, "c": None},
     'additional properties are not allowed ("b\'" and "c" were unexpected)'),
    ({"patternProperties": {"^x": {}}, "additionalProperties": False}, {"y": 1}, '"y" does not match any of "^x"'),
    ({"minLength": 3}, "ab", '"ab" should have at least 3 characters'),
    ({"maxLength": 1}, "ab", '"ab" should have at most 1 character'),
    ({"minItems": 1}, [], "[] should have at least 1 item"),
    ({"maxItems": 1}, [None, True], "[null, true] should have at most 1 item"),
    ({"maxProperties": 1}, {"a": None, "b": False}, '{"a": null, "b": false} should have at most 1 property'),
    ({"format": "email"}, "x", '"x" is not of format "email"'),
    ({"exclusiveMinimum": 0}, 0, "0 is less than or equal to the minimum of 0"),
    ({"exclusiveMaximum": 1.5}, 2, "2 is greater than or equal to the maximum of 1.5"),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, None, "null is not valid under any of the given schemas"),
    ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, None, "null is not valid under any of the given schemas"),
    ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, 5, "5 is valid under more than one of the given schemas"),
    ({"multipleOf": 2}, 3, "3 is not a multiple of 2"),  # not rendered: jsonschema's own words
])
def test_every_keyword_is_said_in_json(schema: dict, instance: object, said: str) -> None:
    """The keywords the document does not use yet are said in JSON's words too (jsonschema's
    message is kept only for a keyword not rendered, and it names no quoted value)."""
    import jsonschema

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema, format_checker=checker)
                                             .iter_errors(instance))
    assert error is not None and contract.said(error) == said


def _said(text: str) -> str:
    return " ".join(text.split())


def test_the_document_says_what_the_harness_sends_and_reads() -> None:
    """An implementer writes a connector from the document alone, so it says what the harness does
    where a guess goes wrong: its limits (the harness's own constants), that settings are refused
    as settings whatever is wrong with them (the scenarios send unknown ones and values of another
    type: a connector that validated ``settings`` as a body answered ``invalid_request``), that a
    refused action is a 200 (the document listed 400 for Cancel and said "a posted refund cannot be
    canceled"), that createAccount may come again mid-scenario (it said "once per scenario"), that
    order ids come as typed, and that currency_ids maps each code to a currency of its own (no JSON
    Schema keyword says values are unique, and the scenarios refuse two codes on one id)."""
    document = contract.document()
    info = _said(document["info"]["description"])
    assert f"(`--connector-timeout`, {DEFAULT_CONNECTOR_TIMEOUT:g} s by default)" in info
    assert f"at most {MAX_ANSWER // 2**20} MiB" in info and "a redirect (3xx) is not followed" in info
    assert "UTF-8" in info and "properties the schema does not name are ignored" in info
    assert "may call one account twice at once" in info and "do not validate `settings` as a request body" in info
    refused = _said(document["components"]["responses"]["Refused"]["description"])
    assert "the only code the harness reads as a refusal of settings" in refused
    operations = contract.operations()
    for name in ("postTransaction", "cancelTransaction", "uncancelTransaction"):
        assert "a 200" in _said(operations[name][2]["description"]), name
    assert "once per scenario" not in _said(operations["createAccount"][2]["description"])
    for name in ("syncOrder", "retrieveRefunds"):
        order_id = document["paths"][operations[name][1]]["post"]["requestBody"]["content"]["application/json"][
            "schema"]["properties"]["order_id"]
        assert "spaces around it" in order_id["description"] and "minLength" not in order_id, name
    currency_ids = _said(document["components"]["schemas"]["Settings"]["properties"]["currency_ids"]["description"])
    assert "a NetSuite currency of its own" in currency_ids and "are refused" in currency_ids


def test_the_python_context_names_every_credential_it_carries() -> None:
    """ConnectorContext's docstring is the Python implementer's list of what each credential block
    holds (each block is the tenant answer's, whole): it left out Shopify's ``webhook_secret`` and
    WooCommerce's ``key_permissions`` and ``version``, which the connector API's Credentials list."""
    said = " ".join((ConnectorContext.__doc__ or "").split())
    for name, kind in CREDENTIAL_CLASSES.items():
        fields = ", ".join(field.name for field in dataclasses.fields(kind))
        assert f"``{name}``: ``{fields}``" in said, (name, fields)


def _examples(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every example of a schema in the document (JSON Schema's ``examples``, OpenAPI's ``example``),
    with the pointer to the schema it illustrates."""
    if isinstance(node, dict):
        for key in ("examples", "example"):
            if key in node and ("type" in node or "$ref" in node or "properties" in node):
                for example in (node[key] if key == "examples" else [node[key]]):
                    yield pointer, example
        for key, value in node.items():
            yield from _examples(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _examples(value, f"{pointer}/{index}")


def test_the_document_shows_each_shape_an_implementer_answers_by_an_example_that_holds_to_it() -> None:
    """An implementer reads an example before a schema: the set-up the harness sends, each result
    and an error, each example valid under the schema it illustrates."""
    found = list(_examples(contract.document()))
    shown = {pointer.rsplit("/", 1)[-1] for pointer, _ in found}
    assert {"AccountSetup", "OrderSyncResult", "OtherTransaction", "RetrieveResult", "Error"} <= shown, shown
    for pointer, example in found:
        assert contract.problem(pointer, example) is None, (pointer, contract.problem(pointer, example))
