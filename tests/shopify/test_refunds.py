"""Shopify refunds over REST: calculate, create, list, get, and each rule Shopify applies — through
the REST client in-process. Every refused refund is Shopify-shaped and changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from simulators.clients import ShopifyClient, VendorError
from simulators.shopify.params import parse_form, rails_boolean

from .conftest import ORDER, sale_of


def _refused(shopify: ShopifyClient, order: dict[str, Any], refund: dict[str, Any]) -> VendorError:
    before = shopify.order(order["id"])
    with pytest.raises(VendorError) as refused:
        shopify.create_refund(order["id"], refund)
    after = shopify.order(order["id"])
    assert after == before, "a refused refund must leave the order as it was"
    return refused.value


# ------------------------------------------------------------------ calculate
def test_calculate_suggests_refund_transactions_and_saves_nothing(shopify, order) -> None:
    sale = sale_of(shopify, order)
    mug = order["line_items"][0]
    calc = shopify.calculate_refund(order["id"], {
        "shipping": {"full_refund": True},
        "refund_line_items": [{"line_item_id": mug["id"], "quantity": 1, "restock_type": "no_restock"}],
    })
    assert calc["shipping"] == {"amount": "5.00", "tax": "0.00", "maximum_refundable": "5.00"}
    line = calc["refund_line_items"][0]
    assert (line["line_item_id"], line["quantity"], line["price"], line["subtotal"], line["total_tax"]) == (
        mug["id"], 1, "12.50", "12.50", "0.00")
    assert calc["transactions"] == [{
        "order_id": order["id"], "kind": "suggested_refund", "gateway": "shopify_payments", "parent_id": sale["id"],
        "amount": "17.50", "currency": "USD", "maximum_refundable": "38.00",
    }]
    assert "id" not in calc and shopify.refunds(order["id"]) == []
    assert shopify.order(order["id"])["financial_status"] == "paid"


def test_a_shipping_amount_takes_precedence_over_full_refund(shopify, order) -> None:
    """The Refund resource's shipping.amount, and GraphQL's shippingAmount and shippingRefundAmount,
    override the full refund flag: 2.00 of 5.00 goes back, not all of it."""
    calc = shopify.calculate_refund(order["id"], {"shipping": {"full_refund": True, "amount": "2.00"}})
    assert calc["shipping"]["amount"] == "2.00"
    sale = sale_of(shopify, order)
    refund = shopify.create_refund(order["id"], {"shipping": {"full_refund": True, "amount": "2.00"}, "transactions": [
        {"parent_id": sale["id"], "amount": "2.00", "kind": "refund", "gateway": sale["gateway"]}]})
    assert [line["subtotal_amount_set"]["shop_money"]["amount"] for line in refund["refund_shipping_lines"]] == ["2.00"]


def test_a_suggested_refund_transaction_is_refused_until_its_kind_is_refund(shopify, order) -> None:
    """calculate answers kind suggested_refund, "which must be changed to refund for the refund to be
    accepted": posted as it came, the refund is refused and nothing is refunded."""
    suggested = shopify.calculate_refund(order["id"], {"shipping": {"full_refund": True}})["transactions"]
    with pytest.raises(VendorError) as refused:
        shopify.create_refund(order["id"], {"shipping": {"full_refund": True}, "transactions": suggested})
    assert refused.value.status == 422 and "transactions[0].kind" in refused.value.message
    assert shopify.refunds(order["id"]) == []


def test_calculate_of_a_shipping_amount_and_after_earlier_refunds(shopify, order) -> None:
    sale = sale_of(shopify, order)
    calc = shopify.calculate_refund(order["id"], {"shipping": {"amount": 2.0}})
    assert calc["shipping"] == {"amount": "2.00", "tax": "0.00", "maximum_refundable": "5.00"}
    assert calc["transactions"][0]["amount"] == "2.00"
    shopify.create_refund(order["id"], {"shipping": {"amount": "2.00"}, "transactions": [
        {"parent_id": sale["id"], "amount": "2.00", "kind": "refund", "gateway": sale["gateway"]}]})
    calc = shopify.calculate_refund(order["id"], {"shipping": {"full_refund": True}})
    assert calc["shipping"] == {"amount": "3.00", "tax": "0.00", "maximum_refundable": "3.00"}
    assert calc["transactions"][0]["maximum_refundable"] == "36.00"


def test_calculate_refuses_what_create_would_refuse(shopify, order) -> None:
    tea = order["line_items"][1]
    with pytest.raises(VendorError) as refused:
        shopify.calculate_refund(order["id"], {"refund_line_items": [{"line_item_id": tea["id"], "quantity": 2}]})
    assert refused.value.status == 422 and "refund_line_items[0].quantity" in refused.value.body["errors"]
    with pytest.raises(VendorError) as refused:
        shopify.calculate_refund(order["id"], {"shipping": {"amount": "5.01"}})
    assert refused.value.status == 422 and "maximum refundable 5.00" in refused.value.message


# --------------------------------------------------------------------- create
def test_partial_then_full_refund_moves_financial_status(shopify, order) -> None:
    sale = sale_of(shopify, order)
    mug = order["line_items"][0]
    refund = shopify.create_refund(order["id"], {
        "note": "damaged", "notify": False, "currency": "USD",
        "refund_line_items": [{"line_item_id": mug["id"], "quantity": 1, "restock_type": "no_restock"}],
        "transactions": [{"parent_id": sale["id"], "amount": "12.50", "kind": "refund", "gateway": sale["gateway"]}],
    })
    assert refund["note"] == "damaged" and refund["order_adjustments"] == []
    txn = refund["transactions"][0]
    assert (txn["kind"], txn["status"], txn["amount"], txn["parent_id"], txn["gateway"]) == (
        "refund", "success", "12.50", sale["id"], "shopify_payments")
    assert refund["refund_line_items"][0]["subtotal"] == 12.5 and refund["restock"] is False
    assert refund["admin_graphql_api_id"] == f"gid://shopify/Refund/{refund['id']}"
    assert shopify.order(order["id"])["financial_status"] == "partially_refunded"
    shopify.create_refund(order["id"], {
        "shipping": {"full_refund": True},
        "transactions": [{"parent_id": sale["id"], "amount": "25.50", "kind": "refund", "gateway": sale["gateway"]}],
    })
    after = shopify.order(order["id"])
    assert after["financial_status"] == "refunded" and after["current_total_price"] == "20.50"
    assert len(shopify.refunds(order["id"])) == 2 and len(after["refunds"]) == 2


def test_a_refund_is_listed_and_found_by_id_on_its_order_only(shopify, order) -> None:
    other = shopify.create_order(ORDER)
    refund = shopify.create_refund(order["id"], {"refund_line_items": [
        {"line_item_id": order["line_items"][1]["id"], "quantity": 1}]})
    assert shopify.refund(order["id"], refund["id"]) == refund
    assert [r["id"] for r in shopify.refunds(order["id"])] == [refund["id"]]
    assert refund["refund_duties"] == [] and refund["duties"] == []  # REST attributes; duties are not modelled
    for order_id, refund_id in ((other["id"], refund["id"]), (order["id"], 1)):
        with pytest.raises(VendorError) as missing:
            shopify.refund(order_id, refund_id)
        assert (missing.value.status, missing.value.body) == (404, {"errors": "Not Found"})


def test_refunds_are_paged_with_link_headers_as_orders_are(shopify, order) -> None:
    """``refunds.json`` takes ``limit`` (1–250, default 50) and pages with ``page_info`` cursors in a
    ``Link`` header, as every list of the Admin REST API: a page that is not the last says so, so a
    reader does not take the first page for every refund already made."""
    sale = sale_of(shopify, order)
    made = [shopify.create_refund(order["id"], {"transactions": [
        {"parent_id": sale["id"], "amount": "1.00", "kind": "refund"}]})["id"] for _ in range(3)]
    url = f"{shopify.root}/orders/{order['id']}/refunds.json"
    first = shopify.session.get(url, params={"limit": 2})
    assert [r["id"] for r in first.json()["refunds"]] == made[:2]
    assert set(first.links) == {"next"}, first.headers.get("Link")
    second = shopify.session.get(first.links["next"]["url"])
    assert [r["id"] for r in second.json()["refunds"]] == made[2:] and set(second.links) == {"previous"}
    back = shopify.session.get(second.links["previous"]["url"])
    assert [r["id"] for r in back.json()["refunds"]] == made[:2]
    for limit in (0, 251, "many"):
        refused = shopify.session.get(url, params={"limit": limit})
        assert refused.status_code == 400 and "limit" in refused.json()["errors"], limit


def test_the_client_reads_every_page_of_refunds_and_orders(shopify, order) -> None:
    """``ShopifyClient.refunds`` and ``orders`` follow the ``Link`` header to the last page (``limit``
    is the page size): the reference connector, its Shopify adapter and the harness ask the client
    for what an order already has refunded, and a first page alone hides the rest."""
    sale = sale_of(shopify, order)
    made = [shopify.create_refund(order["id"], {"transactions": [
        {"parent_id": sale["id"], "amount": "1.00", "kind": "refund"}]})["id"] for _ in range(3)]
    assert [r["id"] for r in shopify.refunds(order["id"], limit=1)] == made
    assert [set(r) for r in shopify.refunds(order["id"], limit=2, fields="id,note")] == [{"id", "note"}] * 3
    in_shop = shopify.refunds(order["id"], limit=1, in_shop_currency=True)
    assert [r["id"] for r in in_shop] == made
    others = [shopify.create_order(ORDER)["id"] for _ in range(2)]
    assert [o["id"] for o in shopify.orders(limit=1, fields="id")] == [order["id"], *others]


def test_the_51st_refund_is_on_the_second_page_and_every_reader_finds_it(simulators, control) -> None:
    """Shopify's default page is 50: the 51st refund of an order is not in the first answer of
    ``refunds.json``, which names the next page; the client (and so the reference connector and its
    Shopify adapter, which look there for a refund already posted) reads it."""
    created = control.create_tenant(seed=5, settings={"shopify": {"rate_limit": False}})
    shopify = ShopifyClient(simulators.base_url, created["shopify"])
    order = shopify.create_order({**ORDER, "transactions": [
        {"kind": "sale", "status": "success", "amount": "38.00", "gateway": "bogus"}]})
    sale = sale_of(shopify, order)
    for n in range(51):
        shopify.create_refund(order["id"], {"note": f"refund {n}", "transactions": [
            {"parent_id": sale["id"], "amount": "0.10", "kind": "refund"}]})
    first = shopify.session.get(f"{shopify.root}/orders/{order['id']}/refunds.json")
    assert len(first.json()["refunds"]) == 50 and "next" in first.links
    assert [r["note"] for r in shopify.refunds(order["id"])] == [f"refund {n}" for n in range(51)]


def test_a_shipping_refund_gets_a_shipping_line_and_a_shipping_adjustment(shopify, order) -> None:
    sale = sale_of(shopify, order)
    calculated = shopify.calculate_refund(order["id"], {"shipping": {"amount": "5.00"}})["refund_shipping_lines"][0]
    assert "tax_amount_set" not in calculated
    refund = shopify.create_refund(order["id"], {"shipping": {"amount": "5.00"}, "transactions": [
        {"parent_id": sale["id"], "amount": "5.00", "kind": "refund", "gateway": sale["gateway"]}]})
    line = refund["refund_shipping_lines"][0]
    assert line["shipping_line_id"] == order["shipping_lines"][0]["id"]
    assert line["subtotal_amount_set"]["shop_money"] == {"amount": "5.00", "currency_code": "USD"}
    assert [(a["kind"], a["amount"]) for a in refund["order_adjustments"]] == [("shipping_refund", "-5.00")]
    # Shipping without tax: a refunded shipping line has no tax_amount_set, as in Shopify's REST
    # examples (shopify_rest_2025_01_fixtures.json, refund POST and calculate), in every answer.
    listed = shopify.refunds(order["id"])[0]["refund_shipping_lines"][0]
    assert "tax_amount_set" not in line and "tax_amount_set" not in listed


def test_money_that_the_goods_do_not_explain_is_a_refund_discrepancy(shopify, order) -> None:
    sale = sale_of(shopify, order)
    tea = order["line_items"][1]
    refund = shopify.create_refund(order["id"], {
        "refund_line_items": [{"line_item_id": tea["id"], "quantity": 1}],
        "transactions": [{"parent_id": sale["id"], "amount": "6.00", "kind": "refund", "gateway": sale["gateway"]}]})
    assert [(a["kind"], a["amount"], a["refund_id"]) for a in refund["order_adjustments"]] == [
        ("refund_discrepancy", "2.00", refund["id"])]
    general = shopify.create_refund(order["id"], {"transactions": [
        {"parent_id": sale["id"], "amount": "10.00", "kind": "refund", "gateway": sale["gateway"]}]})
    assert [(a["kind"], a["amount"]) for a in general["order_adjustments"]] == [("refund_discrepancy", "-10.00")]


def test_taxes_and_discounts_are_refunded_in_proportion(shopify) -> None:
    order = shopify.create_order({
        "line_items": [{"title": "Lamp", "sku": "LAMP", "price": "30.00", "quantity": 3, "total_discount": "3.00",
                        "tax_lines": [{"title": "State Tax", "rate": 0.1, "price": "8.70"}]}],
        "discount_codes": [{"code": "FIVE", "amount": "5.00", "type": "fixed_amount"}],
        "shipping_lines": [{"title": "Express", "price": "10.00", "tax_lines": [{"title": "State Tax", "rate": 0.1}]}],
    })
    assert (order["subtotal_price"], order["total_discounts"], order["total_tax"], order["total_price"]) == (
        "82.00", "8.00", "9.70", "101.70")
    lamp = order["line_items"][0]
    assert lamp["discount_allocations"][0]["amount"] == "5.00"
    first = shopify.create_refund(order["id"], {"refund_line_items": [{"line_item_id": lamp["id"], "quantity": 1}]})
    assert (first["refund_line_items"][0]["subtotal"], first["refund_line_items"][0]["total_tax"]) == (27.33, 2.9)
    last = shopify.create_refund(order["id"], {"refund_line_items": [{"line_item_id": lamp["id"], "quantity": 2}],
                                               "shipping": {"full_refund": True}})
    # The last units take what is left, so the line's refunds add up to what it cost, to the cent.
    assert (last["refund_line_items"][0]["subtotal"], last["refund_line_items"][0]["total_tax"]) == (54.67, 5.8)
    assert last["refund_shipping_lines"][0]["tax_amount_set"]["shop_money"]["amount"] == "1.00"


# ---------------------------------------------------------------- restocking
def test_restock_types_follow_fulfillment(shopify) -> None:
    order = shopify.create_order({**ORDER, "line_items": [
        {"title": "Mug", "sku": "MUG", "price": "12.50", "quantity": 2, "fulfillment_status": "fulfilled"},
        {"title": "Tea", "sku": "TEA", "price": "8.00", "quantity": 1}]})
    mug, tea = order["line_items"]
    assert (mug["fulfillment_status"], tea["fulfillment_status"]) == ("fulfilled", None)
    for line, kind, why in ((mug, "cancel", "cannot cancel more items than are unfulfilled"),
                            (tea, "return", "cannot return items that were not fulfilled")):
        refused = _refused(shopify, order, {"refund_line_items": [
            {"line_item_id": line["id"], "quantity": 1, "restock_type": kind}]})
        assert refused.status == 422 and why in refused.message
        assert "refund_line_items[0].restock_type" in refused.body["errors"]
    returned = shopify.create_refund(order["id"], {"refund_line_items": [
        {"line_item_id": mug["id"], "quantity": 1, "restock_type": "return"},
        {"line_item_id": tea["id"], "quantity": 1, "restock_type": "cancel"}]})
    assert returned["restock"] is True
    assert all(r["location_id"] for r in returned["refund_line_items"])
    assert shopify.order(order["id"])["line_items"][1]["fulfillable_quantity"] == 0


def test_an_unknown_restock_type_or_location_is_refused(shopify, order) -> None:
    mug = order["line_items"][0]
    refused = _refused(shopify, order, {"refund_line_items": [
        {"line_item_id": mug["id"], "quantity": 1, "restock_type": "shelve"}]})
    assert refused.body == {"errors": {"refund_line_items[0].restock_type": ["is not included in the list"]}}
    refused = _refused(shopify, order, {"refund_line_items": [
        {"line_item_id": mug["id"], "quantity": 1, "restock_type": "no_restock", "location_id": 1}]})
    assert "refund_line_items[0].location_id" in refused.body["errors"]


# --------------------------------------------------------------------- rules
@pytest.mark.parametrize("refund, field", [
    ({"transactions": [{"parent_id": 1, "amount": "1.00", "kind": "refund"}]}, "base"),
    ({"transactions": [{"amount": "1.00", "kind": "refund"}]}, "base"),
    ({"refund_line_items": [{"line_item_id": 1, "quantity": 1}]}, "refund_line_items[0].line_item_id"),
    ({"refund_line_items": [{"line_item_id": "x", "quantity": 0}]}, "refund_line_items[0].line_item_id"),
    ({"shipping": {"amount": "5.01"}}, "shipping"),
    ({"shipping": {"amount": "abc"}}, "shipping.amount"),
    ({"shipping": "all"}, "shipping"),
    ({"refund_line_items": "all"}, "refund_line_items"),
    ({"transactions": {"amount": "1.00"}}, "transactions"),
    ({"note": 12}, "note"),
    ({"currency": "EUR"}, "currency"),
    ({}, "base"),
])
def test_refunds_that_break_a_rule_are_422_and_change_nothing(shopify, order, refund, field) -> None:
    refused = _refused(shopify, order, refund)
    assert refused.status == 422 and field in refused.body["errors"], refused.body
    assert isinstance(refused.body["errors"][field], list)
    assert shopify.refunds(order["id"]) == []


@pytest.mark.parametrize("quantity, message", [
    (0, "must be greater than 0"), (-1, "must be greater than 0"), ("0", "must be greater than 0"),
    # A quantity that is no whole number was "must be greater than 0" too, which 1.5 is.
    (1.5, "must be an integer"), ("1.5", "must be an integer"), ("two", "is not a number"), (True, "is not a number"),
    (None, "is not a number"), ([1], "is not a number"),
    ("1e999999999", "must be less than 100,000,000,000"),  # bounded before an integer of a billion digits is built
])
def test_a_refund_quantity_that_is_no_positive_integer_says_what_is_wrong(shopify, order, quantity, message) -> None:
    mug = order["line_items"][0]
    refused = _refused(shopify, order, {"refund_line_items": [{"line_item_id": mug["id"], "quantity": quantity}]})
    assert (refused.status, refused.body) == (422, {"errors": {"refund_line_items[0].quantity": [message]}})


def test_refund_cannot_exceed_what_was_captured_or_change_gateway(shopify, order) -> None:
    sale = sale_of(shopify, order)
    for txn in ({"amount": "38.01", "gateway": sale["gateway"]}, {"amount": "1.00", "gateway": "paypal"},
                {"amount": "0", "gateway": sale["gateway"]}, {"amount": "-1", "gateway": sale["gateway"]}):
        refused = _refused(shopify, order, {"transactions": [{"parent_id": sale["id"], "kind": "refund", **txn}]})
        assert refused.status == 422
    # Two transactions of one refund count together against their parent.
    refused = _refused(shopify, order, {"transactions": [
        {"parent_id": sale["id"], "kind": "refund", "amount": "20.00"},
        {"parent_id": sale["id"], "kind": "refund", "amount": "18.01"}]})
    assert "exceeds the refundable amount 38.00" in refused.message
    assert shopify.order(order["id"])["financial_status"] == "paid"


def test_what_was_refunded_is_no_longer_refundable(shopify, order) -> None:
    sale = sale_of(shopify, order)
    shopify.create_refund(order["id"], {"transactions": [
        {"parent_id": sale["id"], "amount": "30.00", "kind": "refund", "gateway": sale["gateway"]}]})
    refused = _refused(shopify, order, {"transactions": [
        {"parent_id": sale["id"], "amount": "8.01", "kind": "refund", "gateway": sale["gateway"]}]})
    assert "refundable amount 8.00" in refused.message


def test_a_refund_parent_must_be_a_sale_or_capture_of_this_order(shopify, order) -> None:
    other = shopify.create_order(ORDER)
    foreign = sale_of(shopify, other)
    refund = next(iter(shopify.create_refund(order["id"], {"transactions": [
        {"parent_id": sale_of(shopify, order)["id"], "amount": "1.00", "kind": "refund"}]})["transactions"]))
    for parent in (foreign["id"], refund["id"]):
        refused = _refused(shopify, order, {"transactions": [{"parent_id": parent, "amount": "1.00", "kind": "refund"}]})
        assert refused.body == {"errors": {"base": ["Parent transaction must be a successful sale or capture of this order"]}}


def test_quantities_cannot_exceed_what_remains(shopify, order) -> None:
    tea, mug = order["line_items"][1], order["line_items"][0]
    shopify.create_refund(order["id"], {"refund_line_items": [{"line_item_id": tea["id"], "quantity": 1}]})
    refused = _refused(shopify, order, {"refund_line_items": [{"line_item_id": tea["id"], "quantity": 1}]})
    assert "cannot refund more items" in refused.message
    refused = _refused(shopify, order, {"refund_line_items": [{"line_item_id": mug["id"], "quantity": 1},
                                                              {"line_item_id": mug["id"], "quantity": 2}]})
    assert "refund_line_items[1].quantity" in refused.body["errors"]


def test_a_pending_order_has_nothing_to_refund_but_can_cancel_items(shopify) -> None:
    order = shopify.create_order({**ORDER, "financial_status": "pending", "transactions": []})
    assert order["financial_status"] == "pending" and shopify.transactions(order["id"]) == []
    calc = shopify.calculate_refund(order["id"], {"refund_line_items": [
        {"line_item_id": order["line_items"][0]["id"], "quantity": 2, "restock_type": "cancel"}]})
    assert calc["transactions"] == [] and calc["refund_line_items"][0]["subtotal"] == "25.00"
    refund = shopify.create_refund(order["id"], {"refund_line_items": [
        {"line_item_id": order["line_items"][0]["id"], "quantity": 2, "restock_type": "cancel"}]})
    assert refund["transactions"] == []
    assert shopify.order(order["id"])["financial_status"] == "pending"


# --------------------------------------------------------------- error shapes
def test_errors_are_shopify_shaped(simulators, control, tenant, shopify) -> None:
    root = shopify.root
    token = {"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}
    unauthorized = requests.get(f"{root}/orders.json")
    assert (unauthorized.status_code, unauthorized.json()) == (401, {
        "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
    wrong = requests.get(f"{root}/orders.json", headers={"X-Shopify-Access-Token": "shpat_wrong"})
    assert wrong.status_code == 401
    missing = requests.get(f"{root}/orders/1.json", headers=token)
    assert (missing.status_code, missing.json()) == (404, {"errors": "Not Found"})
    unknown_path = requests.get(f"{root}/nothing.json", headers=token)
    assert (unknown_path.status_code, unknown_path.json()) == (404, {"errors": "Not Found"})
    bad_json = requests.post(f"{root}/orders.json", data="{", headers={**token, "Content-Type": "application/json"})
    assert bad_json.status_code == 400 and "errors" in bad_json.json()
    no_root = requests.post(f"{root}/orders.json", json={"line_items": []}, headers=token)
    assert (no_root.status_code, no_root.json()) == (400, {"errors": {"order": "Required parameter missing or invalid"}})
    no_refund_root = requests.post(f"{root}/orders/1/refunds.json", json={"transactions": []}, headers=token)
    assert no_refund_root.json() == {"errors": {"refund": "Required parameter missing or invalid"}}
    old = requests.get(f"{simulators.base_url}/admin/api/2019-01/orders.json", headers=token)
    assert (old.status_code, old.json()) == (404, {"errors": "Not Found"})
    wrong_method = requests.delete(f"{root}/orders.json", headers=token)
    assert wrong_method.status_code == 405 and "errors" in wrong_method.json()
    assert wrong_method.headers["Allow"] == "GET, HEAD, OPTIONS, POST"  # RFC 9110 §15.5.6: a 405 names the methods
    wrong_method_on_a_record = requests.post(f"{root}/orders/1/transactions/2.json", json={}, headers=token)
    assert (wrong_method_on_a_record.status_code, wrong_method_on_a_record.headers["Allow"]) == (405, "GET, HEAD, OPTIONS")
    armed = control.session.post(f"{control.root}/tenants/{tenant['tenant']}/faults",
                                 json={"service": "shopify", "status": 405, "count": 1}, timeout=5)
    assert armed.status_code == 201, armed.text
    armed_405 = requests.get(f"{root}/orders.json", headers=token)  # an armed 405 names the route's methods too
    assert (armed_405.status_code, armed_405.headers["Allow"]) == (405, "GET, HEAD, OPTIONS, POST")
    missing_order = requests.post(f"{root}/orders/1/refunds.json", json={"refund": {}}, headers=token)
    assert (missing_order.status_code, missing_order.json()) == (404, {"errors": "Not Found"})


def test_a_body_is_read_as_rails_reads_its_content_type(shopify, order) -> None:
    """Rails parses a body by its ``Content-Type``: JSON for its JSON types (any case), form fields
    (Rack's nested names, also for a POST without a type) for a form, nothing for anything else, so
    the refund's root is missing: 400 ``Required parameter missing or invalid``. Every body was read
    as JSON whatever its type said."""
    url = f"{shopify.root}/orders/{order['id']}/refunds.json"
    sale = sale_of(shopify, order)
    refund = json.dumps({"refund": {"transactions": [{"parent_id": sale["id"], "amount": "1.00", "kind": "refund"}]}})
    missing = (400, {"errors": {"refund": "Required parameter missing or invalid"}})
    for content_type in ("text/plain", "application/octet-stream", "application/vnd.api+json"):
        response = shopify.session.post(url, data=refund, headers={"Content-Type": content_type})
        assert (response.status_code, response.json()) == missing, content_type
    # An empty JSON body is no parameters to Rails (parse_formatted_parameters skips a body of length 0).
    empty = shopify.session.post(url, data=b"", headers={"Content-Type": "application/json"})
    assert (empty.status_code, empty.json()) == missing
    assert shopify.refunds(order["id"]) == []
    for content_type in ("Application/JSON; charset=utf-8", "text/x-json"):
        response = shopify.session.post(url, data=refund, headers={"Content-Type": content_type})
        assert response.status_code == 201, (content_type, response.text)
    form = {"refund[note]": "by form", "refund[transactions][][parent_id]": str(sale["id"]),
            "refund[transactions][][amount]": "2.00", "refund[transactions][][kind]": "refund"}
    by_form = shopify.session.post(url, data=form)
    assert by_form.status_code == 201, by_form.text
    assert by_form.json()["refund"]["note"] == "by form"
    assert [t["amount"] for t in by_form.json()["refund"]["transactions"]] == ["2.00"]
    clashing = shopify.session.post(url, data="refund[note]=a&refund[note][x]=b",
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (clashing.status_code, clashing.json()) == (400, {"errors": "Bad Request"})
    assert len(shopify.refunds(order["id"])) == 3


@pytest.mark.parametrize("form, params", [
    ("foo=1&foo=2", {"foo": "2"}),
    ("foo", {"foo": None}),
    ("foo[]=1&foo[]=2", {"foo": ["1", "2"]}),
    ("x[y][z]=1&x[y][w]=a+b", {"x": {"y": {"z": "1", "w": "a b"}}}),
    ("x[y][][z]=1&x[y][][w]=2", {"x": {"y": [{"z": "1", "w": "2"}]}}),
    ("x[y][][z]=1&x[y][][z]=2", {"x": {"y": [{"z": "1"}, {"z": "2"}]}}),
    ("x[][y][z]=1&x[][y][w]=2", {"x": [{"y": {"z": "1", "w": "2"}}]}),
])
def test_form_fields_nest_as_rack_nests_them(form: str, params: dict[str, Any]) -> None:
    """Examples from Rack's own spec of ``parse_nested_query``."""
    assert parse_form(form) == params


def test_a_boolean_parameter_is_cast_by_rails_false_values() -> None:
    """``rails_boolean`` is ActiveModel::Type::Boolean#cast_value: FALSE_VALUES (false, 0, "0", "f",
    "F", "false", "FALSE", "off", "OFF"; symbols arrive as text) are false, nil and "" none, every
    other value true: other cases of the false words too ("False", "Off"), "no", 0.0, a padded word."""
    table: list[tuple[Any, bool | None]] = [
        (False, False), (0, False), ("0", False), ("f", False), ("F", False), ("false", False), ("FALSE", False),
        ("off", False), ("OFF", False), (None, None), ("", None),
        (True, True), (1, True), ("1", True), ("t", True), ("true", True), ("on", True), ("yes", True), ("y", True),
        ("False", True), ("Off", True), ("no", True), ("n", True), (" false", True), (0.0, True), ("anything", True),
    ]
    assert [(value, rails_boolean(value)) for value, _ in table] == table


@pytest.mark.parametrize("full_refund, form, refunded", [
    (True, False, "5.00"), ("true", False, "5.00"), (1, False, "5.00"), ("1", False, "5.00"), ("t", False, "5.00"),
    ("true", True, "5.00"), ("1", True, "5.00"), ("on", True, "5.00"),
    (False, False, None), ("false", False, None), (0, False, None), ("0", False, None), ("off", False, None),
    ("false", True, None), ("0", True, None), ("", True, None),
])
def test_shipping_full_refund_is_read_as_rails_casts_a_boolean(shopify, order, full_refund: Any, form: bool,
                                                                refunded: str | None) -> None:
    """``shipping.full_refund`` (Refund resource: "Whether to refund all remaining shipping") is
    cast as Rails casts a boolean parameter (ActiveModel::Type::Boolean: false, 0, "0", "f",
    "false", "off" in either case are false, "" is none, anything else true), the way a form body
    sends it (``refund[shipping][full_refund]=true``): only JSON ``true`` refunded the shipping, so
    the form's refund was refused as having nothing to refund."""
    url = f"{shopify.root}/orders/{order['id']}/refunds.json"
    if form:
        response = shopify.session.post(url, data={"refund[shipping][full_refund]": full_refund})
    else:
        response = shopify.session.post(url, json={"refund": {"shipping": {"full_refund": full_refund}}})
    if refunded is None:
        assert (response.status_code, response.json()) == (
            422, {"errors": {"base": ["Refund must include line items, shipping or a transaction"]}}), response.text
        assert shopify.refunds(order["id"]) == []
        return
    assert response.status_code == 201, response.text
    lines = response.json()["refund"]["refund_shipping_lines"]
    assert [line["subtotal_amount_set"]["shop_money"]["amount"] for line in lines] == [refunded]
