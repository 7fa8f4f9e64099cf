"""The ``Host`` a client sends (RFC 9112 §3.2, RFC 3986 §3.2.2): one that names no host is a 400
in the path's error shape that changes nothing; one RFC 3986 allows and werkzeug does not read (an
underscore, as in a Docker service's name) is the host the answers' URLs name."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.app import create_app


@pytest.fixture
def client() -> Any:
    return create_app().test_client()


@pytest.mark.parametrize("host", ["", " ", "a b", "é.example", '"x"', "%", "%zz", "x:99999", "[::1", "x:8a", "a" * 64,
                                  "a..b"])
def test_a_host_that_names_no_host_is_a_bad_request_that_changes_nothing(client, host: str) -> None:
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    before = client.get(f"/_sim/tenants/{tenant}/snapshot").get_json()
    answer = client.post(f"/_sim/tenants/{tenant}/woocommerce/orders", json={}, headers={"Host": host})
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["message"] == f"Bad Request: the Host header {host!r} names no host (RFC 9112 §3.2)."
    assert client.get(f"/_sim/tenants/{tenant}/snapshot").get_json() == before


@pytest.mark.parametrize("host, origin", [("refund_sim:8765", "http://refund_sim:8765"), ("refund_sim:80", "http://refund_sim"),
                                          ("sim.example", "http://sim.example"), ("[::1]:8080", "http://[::1]:8080")])
def test_a_host_rfc_3986_allows_is_the_host_the_answer_names(client, host: str, origin: str) -> None:
    """werkzeug reads a Host of anything but letters, digits, dots and dashes as none: an order's
    links were 'http:///wp-json/...' for a server called refund_sim."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    order = client.post(f"/_sim/tenants/{tenant}/woocommerce/orders", json={}, headers={"Host": host}).get_json()
    assert order["_links"]["self"][0]["href"].startswith(f"{origin}/wp-json/wc/v3/orders/"), order["_links"]


@pytest.mark.parametrize("path, shape", [("/sell/fulfillment/v1/order/12-34-56/issue_refund", "errors"),
                                         ("/services/rest/auth/oauth2/v1/token", "o:errorDetails"),
                                         ("/admin/api/2025-01/orders/1/refunds.json", "errors"),
                                         ("/rest/default/V1/order/1/refund", "message"),
                                         ("/wp-json/wc/v3/orders/1/refunds", "code"),
                                         ("/connector/v1/accounts/t-0/sync-order", "error")])
def test_on_a_vendor_path_the_refusal_is_the_front_end_s_and_not_held_to_the_api_s_contract(client, path: str,
                                                                                             shape: str) -> None:
    """No API contract lists the front end's 400 (issueRefund's lists only its own errorIds, the token
    endpoint only OAuth 2.0 errors): held to them, the refusal became a 500 "the answer breaks ...".
    A name label past 63 characters is refused here too: werkzeug's URL map cannot encode it."""
    assert client.application.config["CONTRACT_CHECKS"], "the tests hold every answer to its contract"
    for host in ("", "a" * 64):
        answer = client.post(path, json={}, headers={"Host": host})
        assert answer.status_code == 400 and shape in answer.get_json(), answer.get_data(as_text=True)[:300]
        assert "names no host" in answer.get_data(as_text=True)
