"""Token-Based Authentication, verified as NetSuite does, driven by requests-oauthlib over a real
socket (the signature base string must come from the URL the client actually called)."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
from oauthlib.oauth1 import Client
from requests_oauthlib import OAuth1

from tests.conftest import assert_netsuite_error


def _auth(creds: dict[str, Any], **overrides: Any) -> OAuth1:
    values = dict(
        client_key=creds["consumer_key"], client_secret=creds["consumer_secret"],
        resource_owner_key=creds["token_id"], resource_owner_secret=creds["token_secret"],
        signature_method="HMAC-SHA256", realm=creds["account_id"],
    )
    values.update(overrides)
    return OAuth1(**values)


def _url(live, path: str = "/services/rest/record/v1/customer") -> str:
    return f"{live.base_url}{path}"


def test_a_signed_request_with_query_parameters_is_accepted(live, live_tenant) -> None:
    response = requests.get(_url(live), params={"limit": 5, "q": 'email IS "a@b.c"'}, auth=_auth(live_tenant["netsuite"]))
    assert response.status_code == 200, response.text
    assert response.json()["totalResults"] == 0


def test_a_create_is_signed_and_answers_204_with_location(live, live_tenant) -> None:
    response = requests.post(_url(live), json={"lastName": "Doe", "isPerson": True}, auth=_auth(live_tenant["netsuite"]))
    assert response.status_code == 204
    assert response.headers["Location"].startswith(f"{live.base_url}/services/rest/record/v1/customer/")


def _assert_rejected(response: requests.Response, realm: str) -> None:
    assert_netsuite_error(response, 401, "INVALID_LOGIN")
    assert response.headers["WWW-Authenticate"].startswith(f'OAuth realm="{realm}"')


@pytest.mark.parametrize("override", [
    {"client_secret": "wrong"},
    {"resource_owner_secret": "wrong"},
    {"resource_owner_key": "unknown-token"},
    {"client_key": "other-consumer"},
    {"signature_method": "HMAC-SHA1"},
], ids=["consumer-secret", "token-secret", "unknown-token", "consumer-key", "hmac-sha1"])
def test_wrong_credentials_or_method_are_rejected(live, live_tenant, override) -> None:
    response = requests.get(_url(live), auth=_auth(live_tenant["netsuite"], **override))
    _assert_rejected(response, live_tenant["netsuite"]["account_id"])


def test_wrong_realm_is_rejected(live, live_tenant) -> None:
    response = requests.get(_url(live), auth=_auth(live_tenant["netsuite"], realm="TSTDRV000000"))
    _assert_rejected(response, "TSTDRV000000")


def test_missing_and_malformed_headers_are_rejected(live) -> None:
    _assert_rejected(requests.get(_url(live)), "")
    _assert_rejected(requests.get(_url(live), headers={"Authorization": "Basic abc"}), "")
    _assert_rejected(requests.get(_url(live), headers={"Authorization": 'OAuth realm="X", oauth_token'}), "")


def test_a_signature_for_another_url_is_rejected(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"])
    _, headers, _ = client.sign(_url(live, "/services/rest/record/v1/salesOrder"), "GET")
    _assert_rejected(requests.get(_url(live), headers=headers), creds["account_id"])


def test_a_stale_timestamp_is_rejected(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"], timestamp=str(int(time.time()) - 301))
    _, headers, _ = client.sign(_url(live), "GET")
    _assert_rejected(requests.get(_url(live), headers=headers), creds["account_id"])


def test_a_replayed_nonce_is_rejected(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"])
    _, headers, _ = client.sign(_url(live), "GET")
    assert requests.get(_url(live), headers=headers).status_code == 200
    _assert_rejected(requests.get(_url(live), headers=headers), creds["account_id"])
