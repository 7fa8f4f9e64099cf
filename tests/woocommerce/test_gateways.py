"""A store's payment gateways changed after its orders were placed, as a merchant changes them
(control plane ``PUT .../woocommerce/payment_gateways/<id>``, ``POST .../orders/<id>/payment`` with a
``transaction_id``), seen through the store's REST API (OAuth 1.0a in-process):

- switched off in WooCommerce > Settings > Payments, a gateway still refunds its orders
  (``wc_refund_payment`` takes it from every registered gateway, enabled or not);
- its plugin deactivated, the gateway does not exist (404, refunds through it refused, nothing kept);
  activated again, it refunds as before;
- an offline gateway's order marked paid with a reference typed in carries that ``transaction_id`` and
  still cannot be refunded through the gateway.

A connector that reads what a gateway can do once and keeps it, reads ``enabled`` for "can refund",
or takes a transaction id for a card payment, is caught by these states."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulators.clients import VendorError, WooCommerceClient, WooCommerceError

from .conftest import ORDER_TOTAL, WooSim
from .test_refunds import assert_vendor_500, refused

NOT_EXIST = "The payment gateway for this order does not exist."
NO_REFUNDS = "The payment gateway for this order does not support automatic refunds."


def _gateway(sim: WooSim, gateway_id: str, **body: Any) -> dict[str, Any]:
    return sim.control.woocommerce_payment_gateway(sim.tenant, gateway_id, **body)


def _put(sim: WooSim, gateway_id: str, body: Any) -> requests.Response:
    return sim.control.session.put(f"{sim.root}/payment_gateways/{gateway_id}", json=body, timeout=10)


def _listed(woo: WooCommerceClient) -> dict[str, dict[str, Any]]:
    return {g["id"]: g for g in woo.call("GET", "/payment_gateways").json()}


# ------------------------------------------------------------------ switched off in the settings
def test_a_gateway_switched_off_in_the_settings_still_refunds_its_orders(woo: WooCommerceClient, sim: WooSim,
                                                                         order) -> None:
    """``enabled: false`` in the REST API, checkout no longer offers it, and an ``api_refund`` refund of
    an order paid through it goes back to the card all the same: a connector reading ``enabled`` as
    "can refund" records a manual refund and the customer is never paid back."""
    answer = _gateway(sim, "stripe", enabled=False)
    assert answer == {"id": "stripe", "title": "Credit Card (Stripe)", "enabled": False, "active": True,
                      "plugin": True, "supports_refunds": True}
    stripe = woo.payment_gateway("stripe")
    assert (stripe["enabled"], stripe["method_supports"]) == (False, ["products", "refunds"])
    assert _listed(woo)["stripe"] == stripe  # still registered: listed, switched off
    refund = woo.create_refund(order["id"], {"amount": "10.00"})
    assert refund["refunded_payment"] is True
    # Checkout does not offer it: a new order through it is refused, nothing placed.
    before = sim.snapshot()
    response = sim.control.session.post(f"{sim.root}/orders", json={"payment_method": "stripe"}, timeout=10)
    assert response.status_code == 409 and "switched off" in response.json()["error"]["message"], response.text
    assert sim.snapshot() == before
    assert _gateway(sim, "stripe", enabled=True)["enabled"] is True
    assert woo.payment_gateway("stripe")["enabled"] is True
    assert sim.order()["payment_method"] == "stripe"


def test_an_offline_gateway_switched_off_still_cannot_refund(woo: WooCommerceClient, sim: WooSim) -> None:
    """Switching a gateway off changes nothing of what it can do: cheque still cannot refund."""
    cheque = sim.order(payment_method="cheque")
    _gateway(sim, "cheque", enabled=False)
    error = refused(lambda: woo.create_refund(cheque["id"], {"amount": "5.00"}), sim)
    assert_vendor_500(error, "woocommerce_rest_cannot_create_order_refund", NO_REFUNDS, 500)
    assert woo.create_refund(cheque["id"], {"amount": "5.00", "api_refund": False})["refunded_payment"] is False


# ------------------------------------------------------------------ the plugin deactivated
def test_a_deactivated_plugin_s_gateway_does_not_exist_until_activated_again(woo: WooCommerceClient, sim: WooSim,
                                                                             order) -> None:
    """Deactivated, WordPress does not load the plugin: ``GET /payment_gateways/<id>`` answers exactly
    what it answers for a gateway the store never had, the list leaves it out, and a refund through it
    fails "does not exist" with nothing kept (a manual one is still recorded). Activated again, it
    refunds as before: a connector that keeps the first answer it read either way is wrong once."""
    with pytest.raises(WooCommerceError) as never:
        woo.payment_gateway("retired_gateway")
    order_in_list = _listed(woo)["stripe"]["order"]
    answer = _gateway(sim, "stripe", active=False)
    assert (answer["active"], answer["enabled"]) == (False, True)
    with pytest.raises(WooCommerceError) as gone:
        woo.payment_gateway("stripe")
    assert (gone.value.status, gone.value.body) == (never.value.status, never.value.body) == (404, {
        "code": "woocommerce_rest_payment_gateway_invalid", "message": "Resource does not exist.",
        "data": {"status": 404}})
    assert "stripe" not in _listed(woo)
    error = refused(lambda: woo.create_refund(order["id"], {"amount": "10.00"}), sim)
    assert_vendor_500(error, "woocommerce_rest_cannot_create_order_refund", NOT_EXIST, 500)
    assert woo.order(order["id"])["refunds"] == [] and woo.refunds(order["id"]) == []
    # An armed gateway failure is not used up by a gateway that does not exist.
    sim.gateway_failure(message="Declined.")
    refused(lambda: woo.create_refund(order["id"], {"amount": "10.00"}), sim)
    before = sim.snapshot()
    response = sim.control.session.post(f"{sim.root}/orders", json={"payment_method": "stripe"}, timeout=10)
    assert response.status_code == 409 and "deactivated" in response.json()["error"]["message"], response.text
    assert sim.snapshot() == before

    assert _gateway(sim, "stripe", active=True)["active"] is True
    assert woo.payment_gateway("stripe")["order"] == order_in_list  # its place in the checkout order kept
    declined = refused(lambda: woo.create_refund(order["id"], {"amount": "10.00"}), sim)
    assert declined.body["message"] == "Declined."  # the armed failure, reached now
    refund = woo.create_refund(order["id"], {"amount": "10.00"})
    assert refund["refunded_payment"] is True
    manual = woo.create_refund(order["id"], {"amount": "1.00", "api_refund": False})
    assert [r["id"] for r in woo.order(order["id"])["refunds"]] == [manual["id"], refund["id"]]


def test_a_plugin_s_gateway_both_deactivated_and_switched_off(woo: WooCommerceClient, sim: WooSim, order) -> None:
    """The two switches are apart: activated again, a gateway switched off stays off (and refunds)."""
    answer = _gateway(sim, "stripe", enabled=False, active=False)
    assert (answer["enabled"], answer["active"]) == (False, False)
    _gateway(sim, "stripe", active=True)
    assert woo.payment_gateway("stripe")["enabled"] is False
    assert woo.create_refund(order["id"], {"amount": "2.00"})["refunded_payment"] is True


def test_a_plugin_installed_with_an_order_can_be_deactivated(woo: WooCommerceClient, sim: WooSim) -> None:
    """A plugin's gateway installed by the control plane (``gateway_supports_refunds``) is a plugin's too."""
    placed = sim.order(payment_method="klarna_payments", payment_method_title="Klarna", gateway_supports_refunds=True)
    assert _gateway(sim, "klarna_payments", active=False)["plugin"] is True
    assert_vendor_500(refused(lambda: woo.create_refund(placed["id"], {"amount": "3.00"}), sim),
                      "woocommerce_rest_cannot_create_order_refund", NOT_EXIST, 500)
    _gateway(sim, "klarna_payments", active=True)
    assert woo.create_refund(placed["id"], {"amount": "3.00"})["refunded_payment"] is True


# ------------------------------------------------------------------ offline gateways with a reference
def test_an_offline_order_marked_paid_with_a_reference_still_cannot_refund(woo: WooCommerceClient,
                                                                           sim: WooSim) -> None:
    """A cheque arrives; the merchant marks the order paid and types its number in the Transaction ID
    field: the order carries it, yet cheque cannot refund — a connector that takes a transaction id for
    a card payment asks the gateway and WooCommerce refuses; a manual refund is recorded."""
    waiting = sim.order(status="on-hold", payment_method="cheque")
    assert waiting["transaction_id"] == ""
    paid = sim.control.woocommerce_payment_received(sim.tenant, str(waiting["id"]), transaction_id="CHK-1042")
    assert (paid["status"], paid["transaction_id"]) == ("processing", "CHK-1042")
    assert woo.order(waiting["id"])["transaction_id"] == "CHK-1042"
    error = refused(lambda: woo.create_refund(waiting["id"], {"amount": ORDER_TOTAL}), sim)
    assert_vendor_500(error, "woocommerce_rest_cannot_create_order_refund", NO_REFUNDS, 500)
    manual = woo.create_refund(waiting["id"], {"amount": ORDER_TOTAL, "api_refund": False})
    assert manual["refunded_payment"] is False and woo.order(waiting["id"])["status"] == "refunded"


@pytest.mark.parametrize("gateway", ["bacs", "cod"])
def test_an_offline_order_placed_paid_carries_the_reference_given(woo: WooCommerceClient, sim: WooSim,
                                                                  gateway: str) -> None:
    """``transaction_id`` on a created order: the reference the merchant typed; without it an offline
    gateway's paid order has none (it records no transaction), a card gateway's its ``txn_…``."""
    placed = sim.order(payment_method=gateway, transaction_id="BANK-REF-77")
    assert woo.order(placed["id"])["transaction_id"] == "BANK-REF-77"
    assert_vendor_500(refused(lambda: woo.create_refund(placed["id"], {"amount": "1.00"}), sim),
                      "woocommerce_rest_cannot_create_order_refund", NO_REFUNDS, 500)
    assert sim.order(payment_method=gateway)["transaction_id"] == ""
    assert sim.order()["transaction_id"].startswith("txn_")  # stripe
    assert sim.order(status="on-hold")["transaction_id"] == ""  # not paid yet


def test_marking_paid_without_a_reference_leaves_the_transaction_id(woo: WooCommerceClient, sim: WooSim) -> None:
    waiting = sim.order(status="on-hold", payment_method="bacs")
    assert sim.control.woocommerce_payment_received(sim.tenant, str(waiting["id"]))["transaction_id"] == ""


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("gateway_id, body, status, words", [
    ("stripe", {}, 400, "enabled"),
    ("stripe", {"enabled": "no"}, 400, "enabled must be true or false"),
    ("stripe", {"active": 1}, 400, "active must be true or false"),
    ("stripe", {"enabled": None}, 400, "enabled must be true or false"),
    ("stripe", {"enabled": False, "supports_refunds": False}, 400, "Unknown field(s): supports_refunds"),
    ("stripe", [True], 400, "JSON object"),
    ("retired_gateway", {"enabled": False}, 404, "no payment gateway"),
    ("9" * 5000, {"active": True}, 404, "no payment gateway"),
    ("bacs", {"active": False}, 409, "cannot be deactivated"),
    ("cod", {"enabled": False, "active": False}, 409, "cannot be deactivated"),
])
def test_a_bad_gateway_change_is_refused_and_changes_nothing(woo: WooCommerceClient, sim: WooSim, gateway_id: str,
                                                             body: Any, status: int, words: str) -> None:
    before = _listed(woo)
    response = _put(sim, gateway_id, body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and words in error["message"], response.text
    assert _listed(woo) == before


def test_a_body_that_is_not_json_is_refused(woo: WooCommerceClient, sim: WooSim) -> None:
    before = _listed(woo)
    response = sim.control.session.put(f"{sim.root}/payment_gateways/stripe", data=b"{not json",
                                       headers={"Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 400 and response.json()["error"]["code"], response.text
    assert _listed(woo) == before


@pytest.mark.parametrize("body, words", [
    ({"transaction_id": ""}, "transaction_id must be a non-empty string"),
    ({"transaction_id": 1042}, "transaction_id must be a non-empty string"),
    ({"transaction_id": ["CHK-1042"]}, "transaction_id must be a non-empty string"),
    ({"transaction": "CHK-1042"}, "Unknown field(s): transaction"),
])
def test_a_bad_payment_reference_is_refused_and_the_order_stays_unpaid(woo: WooCommerceClient, sim: WooSim,
                                                                       body: dict[str, Any], words: str) -> None:
    waiting = sim.order(status="on-hold", payment_method="cheque")
    before = (sim.snapshot(), woo.order(waiting["id"]))
    response = sim.control.session.post(f"{sim.root}/orders/{waiting['id']}/payment", json=body, timeout=10)
    assert response.status_code == 400 and words in response.json()["error"]["message"], response.text
    assert (sim.snapshot(), woo.order(waiting["id"])) == before
    refused_order = sim.control.session.post(f"{sim.root}/orders", json={"transaction_id": body.get("transaction_id", 0)},
                                             timeout=10)
    assert refused_order.status_code == 400, refused_order.text
    assert sim.snapshot() == before[0]


def test_the_client_raises_the_control_plane_s_error(sim: WooSim) -> None:
    with pytest.raises(VendorError) as caught:
        sim.control.woocommerce_payment_gateway(sim.tenant, "bacs", active=False)
    assert caught.value.status == 409
