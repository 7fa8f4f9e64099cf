"""WooCommerce's own Python client (PyPI ``woocommerce``, ``woocommerce.API``), unchanged, against live
servers: over plain HTTP it signs with OAuth 1.0a in the query string; over HTTPS (a TLS server on
loopback) it sends the key and secret with Basic auth, or in the query string with
``query_string_auth``. Every answer is checked against the vendored contracts."""

from __future__ import annotations

from typing import Any

import pytest
from woocommerce import API

from simulators.clients import ControlPlaneClient

from .conftest import ORDER, ORDER_TOTAL, TlsServer, WooSim


def _api(base_url: str, creds: dict[str, str], **options: Any) -> Any:
    return API(url=base_url, consumer_key=creds["consumer_key"], consumer_secret=creds["consumer_secret"],
               version="wc/v3", timeout=10, **options)


def _refund_cycle(wcapi: Any, order_id: int) -> None:
    """What a connector does with a refund: read the order, refund part, list, read, delete."""
    order = wcapi.get(f"orders/{order_id}").json()
    assert order["total"] == ORDER_TOTAL
    mug = order["line_items"][0]
    created = wcapi.post(f"orders/{order_id}/refunds", {
        "amount": "12.50", "reason": "Returned mug", "api_refund": False,
        "line_items": [{"id": mug["id"], "quantity": 1, "refund_total": 12.5}]})
    assert created.status_code == 201, created.text
    refund = created.json()
    assert (refund["amount"], refund["line_items"][0]["quantity"]) == ("12.50", -1)
    listed = wcapi.get(f"orders/{order_id}/refunds", params={"per_page": 5})
    assert [r["id"] for r in listed.json()] == [refund["id"]] and listed.headers["X-WP-Total"] == "1"
    assert wcapi.get(f"orders/{order_id}/refunds/{refund['id']}").json()["reason"] == "Returned mug"
    over = wcapi.post(f"orders/{order_id}/refunds", {"amount": "100.00", "api_refund": False})
    assert (over.status_code, over.json()["message"]) == (500, "Invalid refund amount.")
    deleted = wcapi.delete(f"orders/{order_id}/refunds/{refund['id']}", params={"force": True})
    assert deleted.status_code == 200 and deleted.json()["id"] == refund["id"]
    assert wcapi.get(f"orders/{order_id}/refunds").json() == []
    orders = wcapi.get("orders", params={"per_page": 1, "status": "processing"})
    assert orders.status_code == 200 and orders.headers["X-WP-TotalPages"] == orders.headers["X-WP-Total"]


def test_over_http_the_client_signs_with_oauth(live, live_tenant) -> None:
    order = WooSim(live.base_url, live_tenant["tenant"]).order()
    wcapi = _api(live.base_url, live_tenant["woocommerce"])
    _refund_cycle(wcapi, order["id"])
    wrong = _api(live.base_url, {**live_tenant["woocommerce"], "consumer_secret": "cs_x"}).get("orders")
    assert (wrong.status_code, wrong.json()["message"]) == (401, "Invalid signature - provided signature does not match.")
    journal = ControlPlaneClient(live.base_url).journal(live_tenant["tenant"])
    assert all("oauth_signature=***" in e["url"] for e in journal), [e["url"] for e in journal][:2]
    assert live_tenant["woocommerce"]["consumer_secret"] not in str(journal)


@pytest.mark.parametrize("query_string_auth", [False, True])
def test_over_https_the_client_sends_the_key_and_secret(tls: TlsServer, tls_tenant, query_string_auth) -> None:
    control = ControlPlaneClient(tls.base_url)
    control.session.verify = tls.ca_path
    order = control.create_woocommerce_order(tls_tenant["tenant"], ORDER)
    wcapi = _api(tls.base_url, tls_tenant["woocommerce"], verify_ssl=tls.ca_path, query_string_auth=query_string_auth)
    _refund_cycle(wcapi, order["id"])
    wrong = _api(tls.base_url, {**tls_tenant["woocommerce"], "consumer_secret": "cs_x"},
                         verify_ssl=tls.ca_path, query_string_auth=query_string_auth).get("orders")
    assert (wrong.status_code, wrong.json()["message"]) == (401, "Consumer secret is invalid.")
    journal = control.journal(tls_tenant["tenant"])
    assert tls_tenant["woocommerce"]["consumer_secret"] not in str(journal)
    if query_string_auth:
        assert all("consumer_secret=***" in e["url"] for e in journal)
