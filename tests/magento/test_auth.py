"""Integration authentication as Magento checks it (RULES.md §7): OAuth 1.0a HMAC-SHA256 signed with
the integration's four credentials, the access token as a bearer token only where the store allows
it, the 400 / 401 bodies Magento answers; the store code in the path; one tenant never sees
another's orders; the journal never holds a credential."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from oauthlib import oauth1

from simulators.clients import ControlPlaneClient, MagentoClient
from simulators.core.clock import process_now

from .conftest import ORDER, MagentoSim, make_client, refused

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."


def _signed(base_url: str, creds: dict[str, str], path: str, *, method: str = "GET", **overrides: Any) -> dict[str, str]:
    """The OAuth 1.0a header for one request, signed by oauthlib with any parameter overridden."""
    client = oauth1.Client(
        overrides.pop("consumer_key", creds["consumer_key"]), client_secret=overrides.pop("consumer_secret", creds["consumer_secret"]),
        resource_owner_key=overrides.pop("access_token", creds["access_token"]),
        resource_owner_secret=overrides.pop("access_token_secret", creds["access_token_secret"]),
        signature_method=overrides.pop("signature_method", oauth1.SIGNATURE_HMAC_SHA256), **overrides)
    _, headers, _ = client.sign(f"{base_url}{path}", http_method=method)
    return headers


def _get(base_url: str, path: str, headers: dict[str, str]) -> requests.Response:
    return requests.get(f"{base_url}{path}", headers=headers, timeout=10)


@pytest.fixture
def path(order: dict[str, Any]) -> str:
    return f"/rest/default/V1/orders/{order['entity_id']}"


def test_a_signed_request_reads_the_order(simulators, tenant, path: str, order) -> None:
    response = _get(simulators.base_url, path, _signed(simulators.base_url, tenant["magento"], path))
    assert response.status_code == 200 and response.json() == order


def test_the_integration_token_as_bearer_is_refused_unless_the_store_allows_it(simulators, tenant, control,
                                                                               order) -> None:
    bearer = make_client(simulators.base_url, tenant["magento"], bearer=True)
    error = refused(bearer.order, order["entity_id"])
    assert (error.status, error.body) == (401, {"message": NOT_AUTHORIZED,
                                                "parameters": {"resources": "Magento_Sales::actions_view"}})
    allowed = control.create_tenant(seed=3, settings={"magento": {"integration_as_bearer": True}})
    store = MagentoSim(simulators.base_url, allowed["tenant"]).order(**ORDER)
    assert make_client(simulators.base_url, allowed["magento"], bearer=True).order(store["entity_id"]) == store


@pytest.mark.parametrize(("spelling", "served"), [
    ("Bearer {token}", True), ("bearer {token}", True), ("BEARER {token}", True),
    ("Bearer  {token}", False),  # explode(" ") gives three pieces: no token read
    ("Bearer {token} x", False), ("Bearer\t{token}", False), ("Token {token}", False),
])
def test_a_bearer_header_is_split_as_magento_splits_it(simulators, control, spelling: str, served: bool) -> None:
    """``TokenUserContext``: the header split on single spaces must give exactly two pieces, the
    first ``bearer`` in any case; anything else is a guest (401), never the token's integration."""
    allowed = control.create_tenant(seed=3, settings={"magento": {"integration_as_bearer": True}})
    store = MagentoSim(simulators.base_url, allowed["tenant"]).order(**ORDER)
    path = f"/rest/V1/orders/{store['entity_id']}"
    response = _get(simulators.base_url, path, {"Authorization": spelling.format(token=allowed["magento"]["access_token"])})
    if served:
        assert response.status_code == 200, response.text
    else:
        assert (response.status_code, response.json()) == (401, {"message": NOT_AUTHORIZED,
                                                                 "parameters": {"resources": "Magento_Sales::actions_view"}})


@pytest.mark.parametrize(("path", "resource"), [
    ("/rest/V1/orders/1", "Magento_Sales::actions_view"), ("/rest/default/V1/invoices?searchCriteria", "Magento_Sales::sales_invoice"),
    ("/rest/all/V1/creditmemos?searchCriteria", "Magento_Sales::sales_creditmemo"),
])
def test_a_guest_is_refused_the_resource_the_endpoint_needs(simulators, path: str, resource: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        response = _get(simulators.base_url, path, headers)
        assert (response.status_code, response.json()) == (401, {"message": NOT_AUTHORIZED,
                                                                 "parameters": {"resources": resource}})


@pytest.mark.parametrize(("overrides", "status", "body"), [
    ({"consumer_secret": "0" * 32}, 401, {"message": "The signature is invalid. Verify and try again."}),
    ({"access_token_secret": "0" * 32}, 401, {"message": "The signature is invalid. Verify and try again."}),
    ({"signature_method": oauth1.SIGNATURE_HMAC_SHA1}, 400,
     {"message": "Signature method %1 is not supported", "parameters": ["HMAC-SHA1"]}),
    ({"consumer_key": "short"}, 401, {"message": "Consumer key is not the correct length"}),
    ({"consumer_key": "f" * 32}, 401, {"message": "A consumer having the specified key does not exist"}),
    ({"access_token": "short"}, 400, {"message": "The token length is invalid. Check the length and try again."}),
    ({"access_token": "a" * 32}, 401, {"message": "Specified token does not exist"}),
    ({"timestamp": str(int(process_now().timestamp()) + 3600)}, 401, {"message": "An error occurred validating the nonce"}),
])
def test_oauth_refusals_answer_as_magento(simulators, tenant, path: str, overrides, status: int, body) -> None:
    response = _get(simulators.base_url, path, _signed(simulators.base_url, tenant["magento"], path, **overrides))
    assert (response.status_code, response.json()) == (status, body)


def test_an_old_timestamp_is_accepted_as_magento_only_bounds_the_future(simulators, tenant, path: str) -> None:
    headers = _signed(simulators.base_url, tenant["magento"], path, timestamp=str(int(process_now().timestamp()) - 86_400))
    response = _get(simulators.base_url, path, headers)
    assert response.status_code == 200, response.text


def test_a_replayed_nonce_is_refused(simulators, tenant, path: str) -> None:
    headers = _signed(simulators.base_url, tenant["magento"], path, nonce="n" * 32)
    assert _get(simulators.base_url, path, headers).status_code == 200
    again = _get(simulators.base_url, path, headers)
    assert again.status_code == 401
    assert again.json()["message"] == "The nonce is already being used by the consumer with ID %1"
    assert again.json()["parameters"][0].isdigit()


def test_a_token_of_another_integration_is_not_the_consumers(simulators, tenant, control, path: str) -> None:
    other = control.create_tenant(seed=4)["magento"]
    headers = _signed(simulators.base_url, tenant["magento"], path, access_token=other["access_token"],
                      access_token_secret=other["access_token_secret"])
    response = _get(simulators.base_url, path, headers)
    assert (response.status_code, response.json()) == (401, {"message": "Token is not associated with the specified consumer"})


def test_missing_oauth_parameters_are_each_named(simulators, tenant, path: str) -> None:
    one = _get(simulators.base_url, path, {"Authorization": 'OAuth oauth_consumer_key="a", oauth_signature="b", '
                                           'oauth_signature_method="HMAC-SHA256", oauth_nonce="c", oauth_timestamp="1"'})
    assert (one.status_code, one.json()) == (400, {"message": '"%fieldName" is required. Enter and try again.',
                                                   "parameters": {"fieldName": "oauth_token"}})
    several = _get(simulators.base_url, path, {"Authorization": 'OAuth oauth_consumer_key="a"'})
    assert several.status_code == 400
    assert several.json()["message"] == "One or more input exceptions have occurred."
    assert [e["parameters"]["fieldName"] for e in several.json()["errors"]] == [
        "oauth_signature", "oauth_signature_method", "oauth_nonce", "oauth_timestamp", "oauth_token"]


def test_another_tenants_credentials_see_none_of_its_orders(simulators, control, order) -> None:
    stranger = make_client(simulators.base_url, control.create_tenant(seed=5)["magento"])
    assert refused(stranger.order, order["entity_id"]).status == 404
    assert stranger.orders()["total_count"] == 0


@pytest.mark.parametrize("store", ["default", "all", None])
def test_every_store_path_answers(simulators, tenant, order, store: str | None) -> None:
    client = make_client(simulators.base_url, tenant["magento"], store_code=store or "default")
    if store is None:
        client.root = client.root.replace("/rest/default/V1", "/rest/V1")
    assert client.order(order["entity_id"])["entity_id"] == order["entity_id"]


def test_an_unknown_store_or_method_matches_no_route(simulators, tenant, order, raw) -> None:
    base = simulators.base_url
    for method, path in (("GET", f"/rest/nope/V1/orders/{order['entity_id']}"),
                         ("DELETE", f"/rest/default/V1/orders/{order['entity_id']}"),
                         ("GET", "/rest/default/V1/no-such-thing")):
        response = raw.request(method, f"{base}{path}")
        assert (response.status_code, response.json()) == (404, {"message": "Request does not match any route."}), path


def test_the_journal_keeps_no_credential(simulators, tenant, control, magento: MagentoClient, order) -> None:
    magento.order(order["entity_id"])
    entries = control.journal(tenant["tenant"])
    assert entries and all(e["service"] == "magento" for e in entries)
    text = str(entries)
    for secret in tenant["magento"].values():
        if len(secret) == 32:
            assert secret not in text
    assert entries[-1]["request_headers"]["Authorization"] == "OAuth ***"


def test_the_tenant_answer_carries_the_integration(control: ControlPlaneClient) -> None:
    creds = control.create_tenant()["magento"]
    assert creds["store_code"] == "default"
    assert {k: len(v) for k, v in creds.items() if k != "store_code"} == {
        "consumer_key": 32, "consumer_secret": 32, "access_token": 32, "access_token_secret": 32}
