"""The shared faults on WooCommerce's routes: an armed status answers in WordPress's error shape and
commits nothing; a connection dropped before the commit leaves no refund; one dropped after it leaves
exactly one (and a blind retry makes a second, the double refund a connector must avoid); a timeout
commits once."""

from __future__ import annotations

import pytest
import requests

from simulators.clients import ControlPlaneClient, WooCommerceClient, WooCommerceError

from .conftest import API


@pytest.fixture
def faults(control: ControlPlaneClient, tenant):
    def arm(**fault) -> dict:
        return control.arm_fault(tenant["tenant"], {"service": "woocommerce", "method": "POST",
                                                    "path": r"/refunds$", **fault})
    return arm


def test_an_armed_status_is_a_wordpress_error_and_commits_nothing(woo: WooCommerceClient, order, faults) -> None:
    faults(status=503)
    with pytest.raises(WooCommerceError) as caught:
        woo.create_refund(order["id"], {"amount": "5.00", "api_refund": False})
    assert caught.value.status == 503 and caught.value.body["data"] == {"status": 503}
    assert caught.value.body["code"] and caught.value.body["message"]
    assert woo.refunds(order["id"]) == []


def test_a_drop_before_the_commit_leaves_no_refund(woo: WooCommerceClient, order, faults) -> None:
    faults(drop="before")
    with pytest.raises(requests.ConnectionError):
        woo.create_refund(order["id"], {"amount": "5.00", "api_refund": False})
    assert woo.refunds(order["id"]) == []


def test_a_drop_after_the_commit_leaves_exactly_one_refund(woo: WooCommerceClient, order, faults) -> None:
    faults(drop="after_commit")
    with pytest.raises(requests.ConnectionError):
        woo.create_refund(order["id"], {"amount": "5.00", "reason": "dropped", "api_refund": False})
    [refund] = woo.refunds(order["id"])
    assert (refund["amount"], refund["reason"]) == ("5.00", "dropped")
    assert woo.order(order["id"])["refunds"][0]["total"] == "-5.00"
    # WooCommerce has no idempotency key: a blind retry refunds again — what the connector must check first.
    woo.create_refund(order["id"], {"amount": "5.00", "reason": "dropped", "api_refund": False})
    assert len(woo.refunds(order["id"])) == 2


def test_a_timeout_commits_once(simulators, tenant, order, faults) -> None:
    faults(timeout=True)
    client = WooCommerceClient(simulators.base_url, tenant["woocommerce"], timeout=2)
    with pytest.raises(requests.ReadTimeout):
        client.create_refund(order["id"], {"amount": "7.00", "api_refund": False})
    assert [r["amount"] for r in client.refunds(order["id"])] == ["7.00"]


def test_faults_fire_on_the_armed_path_only(woo: WooCommerceClient, order, control, tenant) -> None:
    control.arm_fault(tenant["tenant"], {"service": "woocommerce", "method": "GET", "path": rf"^{API}/orders$",
                                         "status": 500})
    assert woo.order(order["id"])["id"] == order["id"]
    with pytest.raises(WooCommerceError) as caught:
        woo.orders()
    assert caught.value.status == 500 and "Unexpected" not in caught.value.body["message"]
