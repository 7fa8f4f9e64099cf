"""The reference connector's HTTP API: configuration, refusals and error shapes."""

from __future__ import annotations

import pytest

from simulators.app import create_app
from simulators.connector import contract


@pytest.fixture
def client():
    return create_app().test_client()


@pytest.fixture
def account(client) -> str:
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    return f"/connector/v1/accounts/{tenant}"


def test_configure_and_read_the_account(client, account) -> None:
    response = client.put(f"{account}/", json={"settings": {"storefront": "shopify", "refund_direction": "to_netsuite"}})
    assert response.status_code == 200
    assert response.get_json()["settings"]["refund_direction"] == "to_netsuite"
    assert client.get(f"{account}/").get_json()["settings"]["storefront"] == "shopify"


@pytest.mark.parametrize("settings, field", [
    ({"refund_direction": "both"}, "refund_direction"),
    ({"colour": "red"}, "colour"),
    ({"scheduled_sync": "yes"}, "scheduled_sync"),
])
def test_refused_settings_name_the_field_and_change_nothing(client, account, settings, field) -> None:
    client.put(f"{account}/", json={"settings": {"refund_direction": "to_netsuite"}})
    response = client.put(f"{account}/", json={"settings": settings})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_setting" and response.get_json()["error"]["field"] == field
    assert client.get(f"{account}/").get_json()["settings"]["refund_direction"] == "to_netsuite"


def test_errors_have_the_api_shape(client, account) -> None:
    assert client.get(f"{account}/transactions").get_json()["error"]["code"] == "no_account"
    client.put(f"{account}/", json={})
    assert client.post(f"{account}/transactions/OT-99999/post").status_code == 404
    assert client.post(f"{account}/transactions/OT-99999/explode").get_json()["error"]["code"] == "unknown_action"
    assert client.delete(f"{account}/transactions/OT-99999").get_json()["error"]["code"] == "unknown_transaction"
    bad = client.post(f"{account}/retrieve", data="{", content_type="application/json")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_request"  # openapi.yaml: Refused
    assert client.post(f"{account}/retrieve", json={"source_channel": 3}).get_json()["error"]["field"] == "source_channel"
    assert client.get("/connector/v1/accounts/t-nobody/").status_code == 404
    assert client.get("/connector/v1/nothing").get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method, path, message", [
    ("POST", "/transactions/OT-99999/post", 'No transaction "OT-99999".'),
    ("DELETE", "/transactions/OT-%22x%22", 'No transaction "OT-\\"x\\"".'),
    ("POST", "/transactions/OT-99999/explode", 'Unknown action "explode": use post, cancel or uncancel.'),
    ("POST", "/transactions/OT-1/it%27s", 'Unknown action "it\'s": use post, cancel or uncancel.'),
])
def test_what_the_api_does_not_know_is_named_in_json_s_words(client, account, method: str, path: str, message: str) -> None:
    """An id or action the API does not know is quoted as JSON writes a string, not as Python
    prints it (``'OT-99999'``; ``'OT-"x"'``)."""
    assert client.get("/connector/v1/accounts/t-%22x%22/").get_json()["error"]["message"].startswith(
        'No connector account "t-\\"x\\"": here an account is a tenant of this server')
    client.put(f"{account}/", json={})
    assert client.open(f"{account}{path}", method=method).get_json()["error"]["message"] == message


@pytest.mark.parametrize("method, path", [("GET", "transactions"), ("GET", "orders"), ("PUT", "settings"),
                                          ("POST", "scheduled-sync"), ("DELETE", "")])
def test_an_account_of_no_tenant_is_no_account_as_the_document_says(client, method: str, path: str) -> None:
    """Here an account is a tenant: no tenant is no account, answered as openapi.yaml's NotFound
    says (``no_account``) — what ``--connector-url``'s up-front check asks every connector for."""
    response = client.open(f"/connector/v1/accounts/t-nobody/{path}".rstrip("/"), method=method,
                           json={"settings": {}} if method == "PUT" else None)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "no_account", response.get_json()


def test_a_channel_the_account_does_not_have_is_named_in_json_s_words(client, account) -> None:
    """The reference connector quotes what it was given as JSON writes a string, as the connector
    API does (``"the \\"shop\\""``), not as Python prints it (``'the "shop"'``)."""
    client.put(f"{account}/", json={})
    body = client.post(f"{account}/retrieve", json={"source_channel": 'the "shop"', "order_id": "42"}).get_json()
    assert body["message"] == 'This account has no source channel "the \\"shop\\"".', body


def test_a_failed_retrieve_is_a_result_not_an_error(client, account) -> None:
    client.put(f"{account}/", json={})
    response = client.post(f"{account}/retrieve", json={"source_channel": "netsuite", "order_id": "42"})
    # The connector calls the simulators over HTTP at the URL it was called on; with the Flask test
    # client there is no server behind it, so the retrieve fails — as a result with a message.
    body = response.get_json()
    assert response.status_code == 200 and body["success"] is False and body["message"]


_MALFORMED = {"data": "{", "content_type": "application/json"}
_NOT_UTF8 = {"data": b'{"order_id": "\xff"}', "content_type": "application/json"}
_NAN = {"data": '{"order_id": NaN}', "content_type": "application/json"}
#: Every operation that reads a body: (operationId, method, path below the account).
_READERS = [("createAccount", "PUT", ""), ("updateSettings", "PUT", "/settings"), ("syncOrder", "POST", "/sync-order"),
            ("retrieveRefunds", "POST", "/retrieve"), ("postTransaction", "POST", "/transactions/OT-00001/post"),
            ("cancelTransaction", "POST", "/transactions/OT-00001/cancel"),
            ("uncancelTransaction", "POST", "/transactions/OT-00001/uncancel"),
            ("runScheduledSync", "POST", "/scheduled-sync")]


@pytest.mark.parametrize("operation, method, path", _READERS)
@pytest.mark.parametrize("request_kwargs", [_MALFORMED, _NOT_UTF8, _NAN, {"json": ["order_id"]}, {"json": "x"},
                                            {"json": {"zzz": 1}}], ids=["malformed", "not-utf8", "NaN", "array",
                                                                        "string", "unknown-field"])
def test_a_body_the_connector_cannot_read_is_400_invalid_request_in_the_document(
        client, account, operation: str, method: str, path: str, request_kwargs: dict) -> None:
    """openapi.yaml's Refused: "a body it cannot read (`invalid_request`). Nothing changes." — a
    status the operation lists, in its Error shape. Malformed JSON was ``invalid_json``, and
    syncOrder, retrieveRefunds and the actions listed no 400 at all."""
    _refused_as_the_document_says(client, account, operation, method, path, request_kwargs, "invalid_request")


@pytest.mark.parametrize("operation, path, body, field", [
    ("createAccount", "", {"settings": "shopify"}, "settings"),
    ("updateSettings", "/settings", {}, "settings"),  # was 200: every setting back to its default
    ("updateSettings", "/settings", {"settings": None}, "settings"),
    ("updateSettings", "/settings", {"settings": []}, "settings"),
    ("syncOrder", "/sync-order", {}, "order_id"),
    ("syncOrder", "/sync-order", {"order_id": 5}, "order_id"),
    ("syncOrder", "/sync-order", {"order_id": None}, "order_id"),
    ("syncOrder", "/sync-order", {"order_id": ["1"]}, "order_id"),
    ("retrieveRefunds", "/retrieve", {"order_id": "1"}, "source_channel"),
    ("retrieveRefunds", "/retrieve", {"source_channel": 3, "order_id": "1"}, "source_channel"),
    ("retrieveRefunds", "/retrieve", {"source_channel": "netsuite"}, "order_id"),
    ("retrieveRefunds", "/retrieve", {"source_channel": "netsuite", "order_id": 1}, "order_id"),
])
def test_a_field_missing_or_of_another_type_is_400_invalid_request_naming_it(
        client, account, operation: str, path: str, body: dict, field: str) -> None:
    method = "PUT" if operation in ("createAccount", "updateSettings") else "POST"
    answer = _refused_as_the_document_says(client, account, operation, method, path, {"json": body}, "invalid_request")
    assert answer["error"]["field"] == field


def _error_schema(operation: str, status: int) -> str:
    """The pointer to the schema of ``operation``'s ``status`` answer; :raise KeyError: the
    document does not list that status for the operation."""
    pointer = contract.response_pointer(operation, status)
    assert pointer is not None, f"{operation} answers {status} without a body"
    return pointer


def _refused_as_the_document_says(client, account: str, operation: str, method: str, path: str,
                                  request_kwargs: dict, code: str) -> dict:
    client.put(account, json={"settings": {"refund_direction": "to_netsuite", "max_attempts": 2}})
    before = client.get(account).get_json(), client.get(f"{account}/transactions").get_json()
    response = client.open(f"{account}{path}", method=method, **request_kwargs)
    answer = response.get_json()
    assert response.status_code == 400 and answer["error"]["code"] == code, answer
    assert contract.problem(_error_schema(operation, 400), answer) is None
    assert (client.get(account).get_json(), client.get(f"{account}/transactions").get_json()) == before
    return answer


def test_setting_up_an_account_of_no_tenant_is_no_account_as_the_document_says(client) -> None:
    """createAccount of an account the server cannot have (here an account is a tenant): 404
    ``no_account``, openapi.yaml's NotFound — it was the control plane's ``unknown_tenant``, a
    status the document did not list."""
    response = client.put("/connector/v1/accounts/t-nobody", json={"settings": {}})
    answer = response.get_json()
    assert response.status_code == 404 and answer["error"]["code"] == "no_account", answer
    assert contract.problem(_error_schema("createAccount", 404), answer) is None



_GONE = object()  # the field left out


@pytest.mark.parametrize("changes, field, message", [
    ({("simulators", "clock_url"): None}, "simulators.clock_url", 'null is not of type "string"'),
    ({("simulators", "admin_token"): True}, "simulators.admin_token", 'true is not of type "string" or "null"'),
    ({("simulators", "base_url"): "ftp://127.0.0.1"}, "simulators.base_url",
     '"ftp://127.0.0.1" does not match "^https?://"'),
    ({("simulators", "tenant"): ["t"]}, "simulators.tenant", '["t"] is not of type "string"'),
    ({("credentials", "netsuite", "account_id"): 5}, "credentials.netsuite.account_id", '5 is not of type "string"'),
    ({("credentials", "ebay"): None}, "credentials.ebay", 'null is not of type "object"'),
    ({("credentials", "shopify", "api_version"): _GONE, ("credentials", "shopify", "webhook_secret"): _GONE},
     "credentials.shopify", '"api_version" and "webhook_secret" are required properties'),
])
def test_a_set_up_off_the_document_is_refused_in_json_s_words(client, changes: dict, field: str, message: str) -> None:
    """Implementers write JSON (many in Node.js): where the set-up breaks the document, the refusal
    quotes values and names as JSON writes them (``"x"``, ``true``, ``null``, ``["t"]``), never
    as Python prints them (``'x'``, ``True``, ``None``, ``['t']``)."""
    tenant = client.post("/_sim/tenants", json={}).get_json()
    setup: dict = {
        "simulators": {"base_url": "http://127.0.0.1", "admin_token": None, "tenant": tenant["tenant"],
                       "clock_url": f"http://127.0.0.1/_sim/tenants/{tenant['tenant']}/clock"},
        "credentials": {name: tenant[name] for name in ("netsuite", "shopify", "ebay", "woocommerce", "magento")}}
    for (*where, name), value in changes.items():
        block = setup
        for key in where:
            block = block[key]
        if value is _GONE:
            del block[name]
        else:
            block[name] = value
    response = client.put(f"/connector/v1/accounts/{tenant['tenant']}", json=setup)
    error = response.get_json()["error"]
    assert (response.status_code, error["code"], error["field"]) == (400, "invalid_request", field), error
    assert error["message"] == f"{field}: {message}", error
