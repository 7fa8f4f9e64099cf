"""WooCommerce's refund rules (RULES.md §2–§4) with its exact codes and messages, through the
store's REST API (OAuth 1.0a in-process). Every refused request leaves the tenant as it was."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from simulators.clients import ControlPlaneClient, WooCommerceClient, WooCommerceError

from .conftest import API, ORDER, ORDER_TOTAL, WooSim, make_client, money


def refused(call: Any, sim: WooSim) -> WooCommerceError:
    """The error ``call()`` raises, checking it changed nothing."""
    before = sim.snapshot()
    with pytest.raises(WooCommerceError) as caught:
        call()
    assert sim.snapshot() == before, "a refused request changed the store"
    return caught.value


def assert_vendor_500(error: WooCommerceError, code: str, message: str, data: int) -> None:
    """WooCommerce's refund controllers put a bare integer in ``data``: WordPress answers HTTP 500."""
    assert (error.status, error.body) == (500, {"code": code, "message": message, "data": data})


def lines(order: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    mug, tea = order["line_items"]
    return mug, tea, order["shipping_lines"][0]


# ------------------------------------------------------------------ amounts
def test_a_full_refund_marks_the_order_refunded_and_lists_it_negative(woo: WooCommerceClient, order) -> None:
    refund = woo.create_refund(order["id"], {"amount": ORDER_TOTAL, "reason": "Damaged", "api_refund": False})
    assert (refund["amount"], refund["reason"], refund["refunded_by"], refund["refunded_payment"]) == \
        ("41.13", "Damaged", 1, False)
    after = woo.order(order["id"])
    assert after["status"] == "refunded"
    assert after["refunds"] == [{"id": refund["id"], "reason": "Damaged", "total": "-41.13"}]
    assert after["total"] == ORDER_TOTAL  # the order keeps its total; refunds are beside it


def test_partial_refunds_leave_the_status_until_nothing_remains(woo: WooCommerceClient, order) -> None:
    first = woo.create_refund(order["id"], {"amount": "20.00", "api_refund": False})
    assert woo.order(order["id"])["status"] == "processing"
    second = woo.create_refund(order["id"], {"amount": "21.13", "api_refund": False})
    after = woo.order(order["id"])
    assert after["status"] == "refunded"
    assert [r["id"] for r in after["refunds"]] == [second["id"], first["id"]]  # newest first


def test_more_than_remains_is_invalid_refund_amount_with_http_500(woo: WooCommerceClient, order, sim) -> None:
    woo.create_refund(order["id"], {"amount": "40.00", "api_refund": False})
    error = refused(lambda: woo.create_refund(order["id"], {"amount": "1.14", "api_refund": False}), sim)
    assert_vendor_500(error, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.", 500)
    assert woo.create_refund(order["id"], {"amount": "1.13", "api_refund": False})["amount"] == "1.13"


def test_a_negative_amount_is_refused_with_data_400_in_a_500(woo: WooCommerceClient, order, sim) -> None:
    error = refused(lambda: woo.create_refund(order["id"], {"amount": "-1"}), sim)
    assert_vendor_500(error, "woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.", 400)


def test_an_amount_sent_as_a_number_is_an_invalid_parameter(woo: WooCommerceClient, order, sim) -> None:
    error = refused(lambda: woo.create_refund(order["id"], {"amount": 10, "reason": 5}), sim)
    assert error.status == 400 and error.body["code"] == "rest_invalid_param"
    assert error.body["message"] == "Invalid parameter(s): amount, reason"
    assert error.body["data"]["params"] == {"amount": "amount is not of type string.",
                                            "reason": "reason is not of type string."}
    assert error.body["data"]["details"]["amount"]["code"] == "rest_invalid_type"


def test_an_unknown_order_is_invalid_order_id_with_data_404_in_a_500(woo: WooCommerceClient, order, sim) -> None:
    error = refused(lambda: woo.create_refund(999999, {"amount": "1.00"}), sim)
    assert_vendor_500(error, "woocommerce_rest_invalid_order_id", "Invalid order ID.", 404)


def test_a_body_with_an_id_cannot_create_an_existing_refund(woo: WooCommerceClient, order, sim) -> None:
    error = refused(lambda: woo.create_refund(order["id"], {"id": 5, "amount": "1.00"}), sim)
    assert (error.status, error.body) == (400, {"code": "woocommerce_rest_shop_order_refund_exists",
                                                "message": "Cannot create existing shop_order_refund.",
                                                "data": {"status": 400}})


# ------------------------------------------------------------------ line items
def test_without_an_amount_the_line_items_make_it_and_are_copied_negative(woo: WooCommerceClient, order) -> None:
    mug, _, shipping = lines(order)
    rate = mug["taxes"][0]["id"]
    refund = woo.create_refund(order["id"], {"api_refund": False, "line_items": [
        {"id": mug["id"], "quantity": 1, "refund_total": 12.5, "refund_tax": [{"id": rate, "refund_total": 1.03}]},
        {"id": shipping["id"], "refund_total": "5.00", "refund_tax": [{"id": rate, "refund_total": "0.41"}]}]})
    assert refund["amount"] == "18.94"  # 12.50 + 1.03 + 5.00 + 0.41
    [line] = refund["line_items"]
    assert (line["quantity"], line["total"], line["total_tax"], line["subtotal"], line["sku"]) == \
        (-1, "-12.50", "-1.03", "-12.50", "MUG-1")
    assert line["taxes"] == [{"id": rate, "total": "-1.03", "subtotal": "-1.03"}]
    assert [(m["key"], m["value"]) for m in line["meta_data"]] == [("_refunded_item_id", str(mug["id"]))]
    [ship] = refund["shipping_lines"]
    assert (ship["total"], ship["total_tax"], ship["method_id"]) == ("-5.00", "-0.41", "flat_rate")
    [tax] = refund["tax_lines"]
    assert (tax["rate_id"], tax["tax_total"], tax["shipping_tax_total"]) == (rate, "-1.03", "-0.41")


def test_a_refund_tax_of_a_rate_the_store_does_not_have_is_written_as_woocommerce_writes_it(woo: WooCommerceClient,
                                                                                             order) -> None:
    """A ``refund_tax`` naming a rate id the store has no rate for (another store's, a typo), or given
    as a bare number (PHP's ``(array)`` cast puts it under rate 0): WooCommerce writes the refund and
    its tax line anyway, with what ``WC_Order_Item_Tax::set_rate`` makes of a rate it cannot find (no
    code, the label "Tax", not compound). The simulator wrote the refund, then failed to print it:
    500 "Unexpected simulator error: KeyError", and every later read of the order's refunds too."""
    mug, _, _ = lines(order)
    rate = mug["taxes"][0]["id"]
    unknown = rate + 100
    refund = woo.create_refund(order["id"], {"api_refund": False, "line_items": [
        {"id": mug["id"], "quantity": 1, "refund_total": "12.50", "refund_tax": [{"id": unknown, "refund_total": "1.00"}]}]})
    assert refund["amount"] == "13.50" and refund["line_items"][0]["taxes"] == [
        {"id": unknown, "total": "-1", "subtotal": "-1"}]
    assert [(t["rate_id"], t["rate_code"], t["label"], t["compound"], t["tax_total"]) for t in refund["tax_lines"]] == [
        (unknown, "", "Tax", False, "-1.00")]
    bare = woo.create_refund(order["id"], {"amount": "1.00", "api_refund": False, "line_items": [
        {"id": mug["id"], "quantity": 0, "refund_total": "0.50", "refund_tax": "0.50"}]})
    assert [(t["rate_id"], t["rate_code"], t["tax_total"]) for t in bare["tax_lines"]] == [(0, "", "-0.50")]
    assert [r["id"] for r in woo.refunds(order["id"])] == [bare["id"], refund["id"]]


def test_an_amount_wins_over_the_line_items(woo: WooCommerceClient, order) -> None:
    mug, _, _ = lines(order)
    refund = woo.create_refund(order["id"], {"amount": "5.00", "api_refund": False,
                                             "line_items": [{"id": mug["id"], "quantity": 1, "refund_total": 12.5}]})
    assert refund["amount"] == "5.00" and refund["line_items"][0]["total"] == "-12.50"
    assert woo.order(order["id"])["refunds"][0]["total"] == "-5.00"


def test_a_line_amount_that_is_not_a_number_leaves_the_amount_unset_a_zero_refund(woo, order) -> None:
    mug, _, _ = lines(order)
    refund = woo.create_refund(order["id"], {"api_refund": False, "line_items": [
        {"id": mug["id"], "quantity": 1, "refund_total": 12.5, "refund_tax": [{"id": 1, "refund_total": "n/a"}]}]})
    assert refund["amount"] == "0.00"
    assert woo.order(order["id"])["status"] == "processing"


def test_no_per_line_cap_and_items_not_on_the_order_are_skipped(woo: WooCommerceClient, order) -> None:
    _, tea, _ = lines(order)
    refund = woo.create_refund(order["id"], {"amount": "30.00", "api_refund": False, "line_items": [
        {"id": tea["id"], "quantity": 5, "refund_total": 30}, {"id": 1, "quantity": 1, "refund_total": 1},
        {"id": order["line_items"][0]["id"]}]})
    [line] = refund["line_items"]
    assert (line["name"], line["quantity"], line["total"]) == ("Loose-leaf tea", -5, "-30.00")


def test_a_quantity_php_cannot_multiply_is_a_critical_error(woo: WooCommerceClient, order, sim) -> None:
    mug, _, _ = lines(order)
    error = refused(lambda: woo.create_refund(order["id"], {"amount": "1.00", "api_refund": False,
                                                            "line_items": [{"id": mug["id"], "quantity": "two"}]}), sim)
    assert error.status == 500 and error.body["code"] == "internal_server_error"
    assert "critical error" in error.body["message"] and error.body["data"] == {"status": 500}


def test_a_free_item_keeps_a_full_amount_refund_partial_while_items_remain(woo, sim) -> None:
    order = sim.order(line_items=[{"name": "Mug", "sku": "MUG-1", "price": "10.00", "quantity": 1},
                                  {"name": "Sample", "sku": "FREE-1", "price": "0.00", "quantity": 1}],
                      shipping_lines=[])
    mug = order["line_items"][0]
    woo.create_refund(order["id"], {"amount": "10.00", "api_refund": False,
                                    "line_items": [{"id": mug["id"], "quantity": 1, "refund_total": 10}]})
    assert woo.order(order["id"])["status"] == "processing"  # the free sample is not refunded yet


# ------------------------------------------------------------------ the gateway
def test_api_refund_defaults_to_true_and_goes_through_the_gateway(woo: WooCommerceClient, order) -> None:
    refund = woo.create_refund(order["id"], {"amount": "10.00"})
    assert refund["refunded_payment"] is True


@pytest.mark.parametrize("gateway, body, message", [
    ("bacs", {}, "The payment gateway for this order does not support automatic refunds."),
    ("cod", {"api_refund": "yes"}, None),
    ("retired_gateway", {}, "The payment gateway for this order does not exist."),
])
def test_a_gateway_that_cannot_refund_refuses_and_nothing_is_kept(woo, sim, gateway, body, message) -> None:
    order = sim.order(payment_method=gateway)
    error = refused(lambda: woo.create_refund(order["id"], {"amount": "10.00", **body}), sim)
    if message is None:  # "yes" is no boolean: WordPress refuses it before WooCommerce sees it
        assert error.status == 400 and error.body["data"]["params"] == {"api_refund": "api_refund is not of type boolean."}
        return
    assert_vendor_500(error, "woocommerce_rest_cannot_create_order_refund", message, 500)
    recorded = woo.create_refund(order["id"], {"amount": "10.00", "api_refund": False})
    assert recorded["refunded_payment"] is False


def test_the_store_says_which_of_its_gateways_refund(woo: WooCommerceClient, sim) -> None:
    """``GET /payment_gateways`` and ``/payment_gateways/<id>``: each gateway's ``method_supports``
    lists ``refunds`` when it gives money back through its API (what ``wc_refund_payment`` checks), a
    plugin's gateway as it was installed; an unknown id is 404. The store could not say, so a
    connector had to go by a list of the gateways it knew, and a plugin's offline gateway was asked
    to refund."""
    sim.order(payment_method="woocommerce_gateway_purchase_order", payment_method_title="Purchase Order",
              gateway_supports_refunds=False)
    listed = {g["id"]: g for g in woo.call("GET", "/payment_gateways").json()}
    assert [listed[g]["method_supports"] for g in ("stripe", "bacs", "woocommerce_gateway_purchase_order")] == [
        ["products", "refunds"], ["products"], ["products"]]
    plugin = woo.payment_gateway("woocommerce_gateway_purchase_order")
    assert (plugin["title"], plugin["enabled"], plugin == listed[plugin["id"]]) == ("Purchase Order", True, True)
    with pytest.raises(WooCommerceError) as unknown:
        woo.payment_gateway("retired_gateway")
    assert (unknown.value.status, unknown.value.body["code"]) == (404, "woocommerce_rest_payment_gateway_invalid")


def test_a_refused_refund_does_not_move_the_id_sequence(simulators, sim) -> None:
    """Two tenants with one seed: the one whose gateway refused first still numbers its refund alike."""
    control = ControlPlaneClient(simulators.base_url)
    twins = [control.create_tenant(seed=99) for _ in range(2)]
    ids = []
    for index, tenant in enumerate(twins):
        twin = WooSim(simulators.base_url, tenant["tenant"])
        client = make_client(simulators.base_url, tenant["woocommerce"])
        order = twin.order(payment_method="bacs")
        if index == 0:
            with pytest.raises(WooCommerceError):
                client.create_refund(order["id"], {"amount": "1.00"})
        ids.append(client.create_refund(order["id"], {"amount": "1.00", "api_refund": False})["id"])
    assert ids[0] == ids[1]


def test_an_armed_gateway_failure_and_a_zero_amount_are_the_gateways_messages(woo, order, sim) -> None:
    sim.gateway_failure(message="Stripe: charge already refunded", payment_method="stripe")
    error = refused(lambda: woo.create_refund(order["id"], {"amount": "5.00"}), sim)
    assert_vendor_500(error, "woocommerce_rest_cannot_create_order_refund", "Stripe: charge already refunded", 500)
    error = refused(lambda: woo.create_refund(order["id"], {"amount": "0"}), sim)
    assert error.body["message"] == "Refund Error: You need to specify a refund amount."
    assert woo.create_refund(order["id"], {"amount": "0", "api_refund": False})["amount"] == "0.00"


# ------------------------------------------------------------------ restock
def test_api_restock_puts_refunded_quantities_back_where_stock_was_reduced(woo, order, sim) -> None:
    mug, tea, _ = lines(order)
    assert sim.stock("MUG-1") == 8 and [m["key"] for m in mug["meta_data"]] == ["_reduced_stock"]
    woo.create_refund(order["id"], {"api_refund": False, "line_items": [
        {"id": mug["id"], "quantity": 1, "refund_total": 12.5}, {"id": tea["id"], "quantity": 1, "refund_total": 8}]})
    assert sim.stock("MUG-1") == 9 and sim.stock("TEA-1") is None  # TEA-1's stock is not managed
    meta = {m["key"]: m["value"] for m in woo.order(order["id"])["line_items"][0]["meta_data"]}
    assert meta == {"_reduced_stock": "1", "_restock_refunded_items": "1"}
    woo.create_refund(order["id"], {"api_refund": False, "api_restock": False,
                                    "line_items": [{"id": mug["id"], "quantity": 1, "refund_total": 12.5}]})
    assert sim.stock("MUG-1") == 9


def test_an_unpaid_order_has_no_stock_to_restock_and_can_still_be_refunded(woo, sim) -> None:
    order = sim.order(status="pending")
    mug = order["line_items"][0]
    assert order["date_paid"] is None and mug["meta_data"] == []
    woo.create_refund(order["id"], {"amount": "10.00", "api_refund": False,
                                    "line_items": [{"id": mug["id"], "quantity": 2}]})
    assert sim.stock("MUG-1") == 10


# ------------------------------------------------------------------ reading and deleting
def test_refunds_are_read_one_by_one_and_across_orders(woo: WooCommerceClient, order, sim) -> None:
    other = sim.order()
    mine = woo.create_refund(order["id"], {"amount": "1.00", "reason": "", "api_refund": False})
    theirs = woo.create_refund(other["id"], {"amount": "2.00", "api_refund": False})
    assert woo.refund(order["id"], mine["id"]) == {**mine, "reason": ""}
    assert [r["id"] for r in woo.refunds(order["id"])] == [mine["id"]]
    everywhere = woo.all_refunds(order="asc", orderby="id")
    assert [(r["id"], r["parent_id"]) for r in everywhere] == [(mine["id"], order["id"]), (theirs["id"], other["id"])]
    assert everywhere[0]["_links"]["refunded_by"][0]["href"].endswith("/wp-json/wp/v2/users/1")
    with pytest.raises(WooCommerceError) as wrong_order:
        woo.refund(other["id"], mine["id"])
    assert_vendor_500(wrong_order.value, "woocommerce_rest_invalid_order_refund_id", "Invalid order refund ID.", 404)
    with pytest.raises(WooCommerceError) as missing:
        woo.refund(order["id"], 999999)
    assert (missing.value.status, missing.value.code) == (404, "woocommerce_rest_shop_order_refund_invalid_id")
    assert woo.refunds(999999) == []  # an unknown order lists nothing, no error


def test_deleting_a_refund_gives_back_its_amount_but_not_the_status(woo: WooCommerceClient, order, sim) -> None:
    refund = woo.create_refund(order["id"], {"amount": ORDER_TOTAL, "api_refund": False})
    error = refused(lambda: woo.delete_refund(order["id"], refund["id"], force=False), sim)
    assert (error.status, error.code) == (501, "woocommerce_rest_trash_not_supported")
    assert error.body["message"] == "The shop_order_refund does not support trashing."
    deleted = woo.delete_refund(order["id"], refund["id"])
    assert deleted["id"] == refund["id"] and deleted["amount"] == ORDER_TOTAL
    after = woo.order(order["id"])
    assert after["refunds"] == [] and after["status"] == "refunded"
    assert woo.create_refund(order["id"], {"amount": ORDER_TOTAL, "api_refund": False})["amount"] == ORDER_TOTAL
    error = refused(lambda: woo.delete_refund(order["id"], 999999), sim)
    assert (error.status, error.code, error.body["message"]) == (404, "woocommerce_rest_shop_order_refund_invalid_id",
                                                                 "Invalid ID.")


def test_deleting_through_the_wrong_order_deletes_all_the_same_and_answers_500(woo, order, sim) -> None:
    other = sim.order()
    refund = woo.create_refund(order["id"], {"amount": "3.00", "api_refund": False})
    with pytest.raises(WooCommerceError) as caught:
        woo.delete_refund(other["id"], refund["id"])
    assert_vendor_500(caught.value, "woocommerce_rest_invalid_order_refund_id", "Invalid order refund ID.", 404)
    assert woo.refunds(order["id"]) == []


def test_dp_sets_the_decimals_of_every_amount(woo: WooCommerceClient, order) -> None:
    refund = woo.create_refund(order["id"], {"amount": "10.005", "api_refund": False})
    assert woo.refunds(order["id"], dp=3)[0]["amount"] == "10.005"
    assert woo.refunds(order["id"])[0]["amount"] == "10.01"
    assert woo.order(order["id"], dp=0)["total"] == "41"
    assert woo.refund(order["id"], refund["id"])["amount"] == "10.01"
    assert money(woo.order(order["id"])["refunds"][0]["total"]) == money("-10.01")


def test_meta_data_is_kept_on_the_refund(woo: WooCommerceClient, order) -> None:
    refund = woo.create_refund(order["id"], {"amount": "1.00", "api_refund": False,
                                             "meta_data": [{"key": "netsuite_id", "value": "CR-1001"}]})
    assert [(m["key"], m["value"]) for m in refund["meta_data"]] == [("netsuite_id", "CR-1001")]


def test_the_order_the_control_plane_creates_is_the_order_the_api_reads(woo: WooCommerceClient, order) -> None:
    assert woo.order(order["id"]) == order
    assert order["total"] == ORDER_TOTAL and order["status"] == "processing" and order["date_paid"]
    assert [i["sku"] for i in order["line_items"]] == [line["sku"] for line in ORDER["line_items"]]


@pytest.mark.parametrize("amount, code, message, data", [
    ("", "woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.", 400),
    ("abc", "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.", 500),
    ("1e400", "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.", 500),
])
def test_amounts_compare_as_php_compares_them(woo: WooCommerceClient, order, sim, amount, code, message, data) -> None:
    error = refused(lambda: woo.create_refund(order["id"], {"amount": amount, "api_refund": False}), sim)
    assert_vendor_500(error, code, message, data)


def test_a_leading_number_is_read_as_php_reads_it(woo: WooCommerceClient, order) -> None:
    assert woo.create_refund(order["id"], {"amount": "12abc", "api_refund": False})["amount"] == "12.00"


def test_a_body_is_read_as_wordpress_reads_its_content_type(https, tenant, order, woo: WooCommerceClient) -> None:
    """``WP_REST_Request``: JSON for a JSON media type (``wp_is_json_media_type``: any case, ``+json``
    too); form fields (``$_POST``; ``parse_body_params`` for another method than POST: a form or no
    type) as parameters after JSON and before the query; any other body is no parameters. Form
    fields were ignored, and ``application/vnd.api+json`` was not read."""
    creds = tenant["woocommerce"]
    token = base64.b64encode(f"{creds['consumer_key']}:{creds['consumer_secret']}".encode()).decode()
    auth = {"Authorization": f"Basic {token}"}
    url, https_base = f"{API}/orders/{order['id']}/refunds", "https://localhost"
    by_form = https.post(url, data={"amount": "2.00", "reason": "by form", "api_refund": "false"}, headers=auth,
                         base_url=https_base, query_string={"amount": "9.00"})
    assert by_form.status_code == 201, by_form.get_json()
    assert (by_form.get_json()["amount"], by_form.get_json()["reason"]) == ("2.00", "by form")
    by_json_type = https.post(url, data=json.dumps({"amount": "3.00", "api_refund": False}), base_url=https_base,
                              headers={**auth, "Content-Type": "Application/vnd.api+JSON"})
    assert by_json_type.status_code == 201 and by_json_type.get_json()["amount"] == "3.00", by_json_type.get_json()
    as_text = https.post(url, data=json.dumps({"amount": "4.00", "api_refund": False}), base_url=https_base,
                         headers={**auth, "Content-Type": "text/plain"}, query_string={"amount": "5.00", "api_refund": "false"})
    assert as_text.status_code == 201 and as_text.get_json()["amount"] == "5.00", as_text.get_json()
    refund_id = by_form.get_json()["id"]
    deleted = https.delete(f"{url}/{refund_id}", data="force=true", base_url=https_base,
                           headers={**auth, "Content-Type": "application/x-www-form-urlencoded"})
    assert deleted.status_code == 200, deleted.get_json()
    assert sorted(r["amount"] for r in woo.refunds(order["id"])) == ["3.00", "5.00"]
