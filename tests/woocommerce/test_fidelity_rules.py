"""Rules FIDELITY.md states that no other test exercised: the refund's ``Location``, the order's
``date_modified``, fee lines, tax breakdowns printed as stored, and the refunds collections'
``parent``, ``parent_exclude``, ``exclude``, ``search`` and ``orderby=include``."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from simulators.clients import ControlPlaneClient, WooCommerceClient

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
