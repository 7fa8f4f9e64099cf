"""Rules FIDELITY.md states that no other test exercised: the refund's ``Location``, the order's
``date_modified``, fee lines, tax breakdowns printed as stored, and the refunds collections'
``parent``, ``parent_exclude``, ``exclude``, ``search`` and ``orderby=include``."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest
import requests

from simulators.clients import ControlPlaneClient, VendorError, WooCommerceClient, WooCommerceError

from .conftest import WooSim


def _ids(records: list[dict[str, Any]]) -> list[int]:
    return [r["id"] for r in records]


def test_a_created_refund_answers_201_with_a_location_built_from_the_route_pattern(woo: WooCommerceClient,
                                                                                 order) -> None:
    """``create_item`` builds ``Location`` from ``rest_base``, whose ``(?P<order_id>[\\d]+)`` it never fills in."""
    response = woo.call("POST", f"/orders/{order['id']}/refunds", json={"amount": "1.00", "api_refund": False})
    assert response.status_code == 201
    assert unquote(response.headers["Location"]) == \
        f"{woo.root}/orders/(?P<order_id>[\\d]+)/refunds/{response.json()['id']}"


def test_each_refund_moves_the_order_s_date_modified(woo: WooCommerceClient, order, tenant, simulators) -> None:
    ControlPlaneClient(simulators.base_url).advance_clock(tenant["tenant"], 3600)
    woo.create_refund(order["id"], {"amount": "1.00", "api_refund": False})
    after = woo.order(order["id"])
    assert after["date_modified"] > order["date_modified"] and after["date_modified_gmt"] == after["date_modified"]
    assert after["date_created"] == order["date_created"]


def test_a_fee_line_is_refunded_into_fee_lines(woo: WooCommerceClient, sim: WooSim) -> None:
    order = sim.order(fee_lines=[{"name": "Gift wrap", "total": "2.00"}])
    [fee] = order["fee_lines"]
    refund = woo.create_refund(order["id"], {"api_refund": False, "line_items": [{"id": fee["id"], "refund_total": 2}]})
    assert refund["amount"] == "2.00" and refund["line_items"] == [] and refund["shipping_lines"] == []
    [copy] = refund["fee_lines"]
    assert (copy["name"], copy["total"]) == ("Gift wrap", "-2.00")
    assert [(m["key"], m["value"]) for m in copy["meta_data"]] == [("_refunded_item_id", str(fee["id"]))]


def test_a_negative_fee_is_a_discount_that_takes_the_order_to_nothing_at_most(sim: WooSim) -> None:
    """A discount entered as a fee (``WC_Cart::add_fee`` with a negative amount) takes its tax off too;
    "Negative fees should not make the order total go negative" (WC_Cart_Totals::get_fees_from_cart):
    one beyond the items and shipping takes them to 0.00, its tax in proportion. A tax of the other
    sign is refused, and nothing is placed."""
    discounted = sim.order(fee_lines=[{"name": "Payment discount", "total": "-3.00", "tax": "-0.24"}])
    [fee] = discounted["fee_lines"]
    assert (fee["total"], fee["total_tax"], discounted["total"]) == ("-3.00", "-0.24", "37.89")
    capped = sim.order(fee_lines=[{"name": "Staff", "total": "-100.00", "tax": "-8.00"}])
    [fee] = capped["fee_lines"]
    assert (fee["total"], fee["total_tax"]) == ("-38.00", "-3.04")  # 2 × 12.50 + 8.00 + 5.00; 8.00 × 0.38
    before = sim.control.session.get(f"{sim.root}/products", timeout=10).json()
    with pytest.raises(VendorError, match="must have the sign of its total") as refused:
        sim.order(fee_lines=[{"name": "Odd", "total": "-3.00", "tax": "0.24"}])
    assert refused.value.status == 400
    assert sim.control.session.get(f"{sim.root}/products", timeout=10).json() == before


def test_an_item_s_tax_breakdown_prints_as_stored_while_its_totals_take_dp(woo: WooCommerceClient, order) -> None:
    mug = order["line_items"][0]
    rate = mug["taxes"][0]["id"]
    refund = woo.create_refund(order["id"], {"api_refund": False, "line_items": [
        {"id": mug["id"], "refund_total": "10", "refund_tax": [{"id": rate, "refund_total": "0.9"}]}]})
    [line] = refund["line_items"]
    assert (line["total"], line["total_tax"]) == ("-10.00", "-0.90")
    assert line["taxes"] == [{"id": rate, "total": "-0.9", "subtotal": "-0.9"}]


def test_the_refunds_collections_filter_by_parent_exclude_search_and_order_by_include(
        woo: WooCommerceClient, order, sim: WooSim) -> None:
    other = sim.order()
    mine = woo.create_refund(order["id"], {"amount": "1.00", "reason": "Damaged mug", "api_refund": False})
    theirs = woo.create_refund(other["id"], {"amount": "2.00", "reason": "Late", "api_refund": False})
    more = woo.create_refund(order["id"], {"amount": "3.00", "api_refund": False})
    every = {"orderby": "id", "order": "asc"}
    assert _ids(woo.all_refunds(parent=order["id"], **every)) == [mine["id"], theirs["id"], more["id"]]  # ignored
    assert _ids(woo.all_refunds(parent_exclude=order["id"], **every)) == [theirs["id"]]
    assert _ids(woo.all_refunds(exclude=f"{mine['id']},{theirs['id']}", **every)) == [more["id"]]
    assert _ids(woo.all_refunds(search="damaged", **every)) == [mine["id"]]
    assert _ids(woo.refunds(order["id"], include=f"{more['id']},{mine['id']}", orderby="include")) == \
        [more["id"], mine["id"]]


def test_the_control_plane_makes_a_whole_order_from_an_empty_body(woo: WooCommerceClient, sim: WooSim) -> None:
    """Every field is generated when left out, the line too (it had no discount and crashed with 500)."""
    order = sim.place({})
    assert order["status"] == "processing" and len(order["line_items"]) == 1
    (line,) = order["line_items"]
    assert line["subtotal"] == line["total"] and order["discount_total"] == "0.00"
    assert woo.order(order["id"]) == order


# --------------------------------------------------------------- modelled (FIDELITY.md "Modelled")
@pytest.mark.parametrize("gateway", ["stripe", "ppcp-gateway", "woocommerce_payments"])
def test_the_installed_refund_capable_gateways_refund(woo: WooCommerceClient, sim: WooSim, gateway: str) -> None:
    order = sim.order(payment_method=gateway)
    refund = woo.create_refund(order["id"], {"amount": "1.00"})
    assert refund["refunded_payment"] is True


def test_a_rest_line_below_one_unit_is_an_invalid_quantity(woo: WooCommerceClient, sim: WooSim) -> None:
    sim.order()  # the catalogue has MUG-1
    with pytest.raises(WooCommerceError) as caught:
        woo.create_order({"line_items": [{"sku": "MUG-1", "quantity": 0}]})
    assert (caught.value.status, caught.value.body) == (400, {
        "code": "woocommerce_rest_invalid_quantity", "message": "Quantity must be at least 1.", "data": {"status": 400}})


def test_a_refund_line_beyond_the_simulator_s_bound_is_an_invalid_refund_amount(woo: WooCommerceClient,
                                                                                order) -> None:
    mug = order["line_items"][0]
    with pytest.raises(WooCommerceError) as caught:
        woo.create_refund(order["id"], {"amount": "1.00", "api_refund": False,
                                        "line_items": [{"id": mug["id"], "refund_total": "100000000000"}]})
    assert (caught.value.status, caught.value.body) == (500, {
        "code": "woocommerce_rest_cannot_create_order_refund", "message": "Invalid refund amount.", "data": 500})
    assert woo.order(order["id"])["refunds"] == []


def test_dp_above_fifty_prints_fifty_decimals(woo: WooCommerceClient, order) -> None:
    total = woo.call("GET", f"/orders/{order['id']}", params={"dp": "60"}).json()["total"]
    assert total == order["total"] + "0" * 48


def test_nobody_asking_for_an_order_that_does_not_exist_is_401(simulators) -> None:
    response = requests.get(f"{simulators.base_url}/wp-json/wc/v3/orders/987654")
    assert (response.status_code, response.json()["code"]) == (401, "woocommerce_rest_cannot_view")
