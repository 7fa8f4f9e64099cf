"""A sequential order numbers plugin (control plane ``PUT .../woocommerce/order_numbers``), seen through
the store's REST API (OAuth 1.0a in-process): orders placed after it carry ``number`` of their own
(``WC_Order::get_order_number`` through the ``woocommerce_order_number`` filter), while the REST API
knows each order by its ``id`` alone — ``/orders/<number>`` is no route, and a refund goes to the
order whose id the path names. A connector that takes the number for the ID syncs the order under
an external ID no retrieve finds, or posts its refund nowhere."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulators.clients import VendorError, WooCommerceClient

from .conftest import WooSim


def _put(sim: WooSim, body: Any) -> requests.Response:
    return sim.control.session.put(f"{sim.root}/order_numbers", json=body, timeout=10)


def test_orders_placed_after_the_plugin_carry_its_numbers_and_keep_their_ids(woo: WooCommerceClient, sim: WooSim) -> None:
    before = sim.order()
    assert before["number"] == str(before["id"])  # without a plugin, the number is the id
    assert sim.control.woocommerce_order_numbers(sim.tenant, "WT-", 1042) == {"prefix": "WT-", "next": 1042}
    first, second = sim.order(), sim.order()
    assert (first["number"], second["number"]) == ("WT-1042", "WT-1043")
    assert second["id"] > first["id"] > before["id"]  # the ids go on as before
    assert woo.order(first["id"])["number"] == "WT-1042"
    assert woo.order(before["id"])["number"] == str(before["id"])  # an order placed before keeps its number


def test_the_rest_api_knows_an_order_by_its_id_not_its_number(woo: WooCommerceClient, sim: WooSim) -> None:
    sim.control.woocommerce_order_numbers(sim.tenant, "WT-", 1042)
    order = sim.order()
    with pytest.raises(VendorError) as refused:
        woo.create_refund(order["number"], {"amount": "10.00", "api_refund": False})
    assert refused.value.status == 404
    assert woo.order(order["id"])["refunds"] == []
    refund = woo.create_refund(order["id"], {"amount": "10.00", "api_refund": False})
    assert woo.order(order["id"])["refunds"][0]["id"] == refund["id"]


def test_a_number_of_digits_alone_may_be_another_orders_id(woo: WooCommerceClient, sim: WooSim) -> None:
    """A plugin numbering from digits alone: an order's number can be another order's id, so a refund
    posted to /orders/<number> goes to that other customer's order."""
    other = sim.order()
    sim.control.woocommerce_order_numbers(sim.tenant, "", int(other["id"]))
    numbered = sim.order()
    assert numbered["number"] == str(other["id"]) and numbered["id"] != other["id"]
    woo.create_refund(numbered["number"], {"amount": "10.00", "api_refund": False})
    assert [r["total"] for r in woo.order(other["id"])["refunds"]] == ["-10.00"]
    assert woo.order(numbered["id"])["refunds"] == []


@pytest.mark.parametrize("body, words", [
    ({}, "next must be a whole number"),
    ({"next": 0}, "next must be a whole number"),
    ({"next": "1042"}, "next must be a whole number"),
    ({"next": True}, "next must be a whole number"),
    ({"next": 10 ** 12}, "next must be a whole number"),
    ({"next": 1042, "prefix": 7}, "prefix must be text"),
    ({"next": 1042, "prefix": "P" * 21}, "prefix must be text"),
    ({"next": 1042, "suffix": "-X"}, "Unknown field(s): suffix"),
])
def test_a_bad_plugin_setting_is_refused_and_numbers_stay_as_they_were(sim: WooSim, body: dict[str, Any], words: str) -> None:
    before = sim.snapshot()
    response = _put(sim, body)
    assert response.status_code == 400 and words in response.json()["error"]["message"], response.text
    assert sim.snapshot() == before
    order = sim.order()
    assert order["number"] == str(order["id"])
