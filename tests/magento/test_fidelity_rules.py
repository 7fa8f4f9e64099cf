"""Rules FIDELITY.md states that no other test exercised: search conditions, shares of tax and
discount, return to stock, the invoice endpoint's refusal, how a body is read, comments and
notifications, the online refund's transaction id."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulators.clients import MagentoClient
from simulators.clients.magento import search_criteria

from .conftest import ORDER, MagentoSim, items_of, refused, validation


def _ids(result: dict[str, Any]) -> list[int]:
    return sorted(item["entity_id"] for item in result["items"])


# --------------------------------------------------------------------------- searches
def test_set_and_pattern_conditions_and_an_unknown_condition_compares_for_equality(magento: MagentoClient,
                                                                                  sim: MagentoSim) -> None:
    ann = sim.order(**ORDER, customer={"email": "ann@example.com"})
    bob = sim.order(**ORDER, customer={"email": "bob@example.org"})
    a, b = ann["entity_id"], bob["entity_id"]
    cases = {
        ("customer_email", "ann@example.com", "finset"): [a],
        ("customer_email", "ann@example.com", "nfinset"): [b],
        ("customer_email", "%.org", "nlike"): [a],
        ("entity_id", str(b), "moreq"): [b],
        ("customer_email", "BOB@example.org", "no_such_condition"): [b],  # Magento's SQL falls back to "="
    }
    for (name, value, condition), expected in cases.items():
        assert _ids(magento.orders(search_criteria([(name, value, condition)]))) == expected, condition


# ------------------------------------------------------------------ shares of the amounts
def test_a_partial_shipping_refund_takes_its_share_of_the_shipping_tax(magento: MagentoClient, sim: MagentoSim) -> None:
    order = sim.order(**{**ORDER, "shipping_tax_amount": "0.50"})
    memo = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": items_of(order)["TEA-1"], "qty": 1}], "arguments": {"shipping_amount": 2}}))
    assert (memo["shipping_amount"], memo["shipping_tax_amount"]) == (2, 0.2)  # 2/5 of 0.50
    rest = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": items_of(order)["TEA-1"], "qty": 0}]}))
    assert (rest["shipping_amount"], rest["shipping_tax_amount"]) == (3, 0.3)  # what is left of both


def test_item_tax_and_discount_are_refunded_in_proportion_the_last_units_taking_the_rest(
        magento: MagentoClient, sim: MagentoSim) -> None:
    # 3 × 10.00 less 1.00 discount, 10 % tax on 29.00: 2.90.
    order = sim.order(items=[{"sku": "CUP", "price": "10.00", "qty": 3, "tax_percent": "10", "discount_amount": "1.00"}],
                      shipping_amount="0.00", payment_method="checkmo")
    cup = items_of(order)["CUP"]
    shares = []
    for _ in range(3):
        memo = magento.creditmemo(magento.refund_order(order["entity_id"], {"items": [{"order_item_id": cup, "qty": 1}]}))
        [line] = memo["items"]
        shares.append((line["tax_amount"], line["discount_amount"]))
    assert shares == [(0.97, 0.33), (0.97, 0.34), (0.96, 0.33)]  # 2.90 and 1.00 in all, nothing lost to rounding


# ------------------------------------------------------------------------ return to stock
def test_return_to_stock_of_an_item_not_on_this_credit_memo_names_it_and_only_the_first_problem(
        magento: MagentoClient, sim: MagentoSim) -> None:
    """An invoice's credit memo holds only what the invoice billed (the factory adds every other
    order item with qty 0 on the order endpoint, so there they are "on" the credit memo)."""
    order = sim.order(**{**ORDER, "payment_method": "braintree"}, invoice="none")
    mug, tea = items_of(order)["MUG-1"], items_of(order)["TEA-1"]
    first = magento.invoice_order(order["entity_id"], {"capture": True, "items": [{"order_item_id": mug, "qty": 1}]})
    magento.invoice_order(order["entity_id"], {"capture": True})
    error = refused(magento.refund_invoice, first, {
        "arguments": {"extension_attributes": {"return_to_stock_items": [tea, 987654321]}}})
    assert error.raw_message == validation('The "TEA-1" product is not part of the current creditmemo.')
    assert sim.stock() == {}


# ------------------------------------------------------------------------------ invoices
def test_invoicing_an_order_with_nothing_left_to_invoice_is_an_invoice_document_error(magento: MagentoClient,
                                                                                      order) -> None:
    error = refused(magento.invoice_order, order["entity_id"], {"capture": True})
    assert (error.status, error.body) == (400, {
        "message": "Invoice Document Validation Error(s):\nThe order does not allow an invoice to be created."})
    assert magento.order(order["entity_id"]) == order


def test_an_invoice_quantity_is_whole_units_and_no_more_than_is_left_to_invoice(magento: MagentoClient,
                                                                                sim: MagentoSim) -> None:
    """``InvoiceService::setInvoiceItemQuantity``: an item not sold in decimal quantities takes
    ``(int) $qty`` (1.7 mugs invoice 1, half a mug none), and more than is left to invoice throws
    ``We found an invalid quantity to invoice item "%1".`` (the item's name) while the invoice is
    prepared, before any validator; nothing is written. Half a mug was invoiced (and paid), and the
    refusal was a document validation error naming the SKU."""
    order = sim.order(**ORDER, invoice="none")
    mug, tea = items_of(order)["MUG-1"], items_of(order)["TEA-1"]
    error = refused(magento.invoice_order, order["entity_id"], {"capture": True, "items": [
        {"order_item_id": tea, "qty": 1}, {"order_item_id": mug, "qty": 3}]})
    assert (error.status, error.body) == (400, {"message": 'We found an invalid quantity to invoice item "%1".',
                                                "parameters": ["Enamel mug"]})
    assert magento.order(order["entity_id"]) == order
    error = refused(magento.invoice_order, order["entity_id"], {"capture": True, "items": [
        {"order_item_id": mug, "qty": 0.5}]})
    assert (error.status, error.body) == (400, {"message": "Invoice Document Validation Error(s):\n"
                                                           "The invoice can't be created without products. Add "
                                                           "products and try again."})
    assert magento.order(order["entity_id"]) == order
    invoice = magento.invoice(magento.invoice_order(order["entity_id"], {"capture": True, "items": [
        {"order_item_id": mug, "qty": 1.7}, {"order_item_id": tea, "qty": "0.9"}]}))
    assert [(line["sku"], line["qty"]) for line in invoice["items"]] == [("MUG-1", 1)]
    after = {item["sku"]: item["qty_invoiced"] for item in magento.order(order["entity_id"])["items"]}
    assert after == {"MUG-1": 1, "TEA-1": 0}


def test_an_online_refund_records_the_gateway_transaction_on_the_payment(magento: MagentoClient,
                                                                         sim: MagentoSim) -> None:
    order = sim.order(**{**ORDER, "payment_method": "braintree"})
    [invoice] = magento.order_invoices(order["entity_id"])
    memo = magento.creditmemo(magento.refund_invoice(invoice["entity_id"], {"isOnline": True}))
    payment = magento.order(order["entity_id"])["payment"]
    assert memo["transaction_id"] and payment["last_trans_id"] == memo["transaction_id"]
    assert payment["last_trans_id"] != invoice["transaction_id"]


# ------------------------------------------------------------------------- reading a body
@pytest.mark.parametrize("data, content_type, status, body", [
    (b"{not json", "application/json", 400, {"message": "Decoding error."}),
    (b'"a string"', "application/json", 400, {"message": "Decoding error."}),
    (b"<xml/>", "text/plain", 400, {"message": "Server cannot understand Content-Type HTTP header media type %1",
                                    "parameters": ["text/plain"]}),
    # Magento's Rest\Request::getContentType, then DeserializerFactory::get, which compares the type
    # with each deserializer's exactly: these were read as JSON (any type with "json" in it, none).
    (b"{}", None, 400, {"message": "Content-Type header is empty."}),
    (b"{}", "application/json;", 400, {"message": "Content-Type header is invalid."}),
    (b"{}", "application/json; charset=ISO-8859-1", 400, {"message": "UTF-8 is the only supported charset."}),
    (b"{}", "application/vnd.api+json", 400, {"message": "Server cannot understand Content-Type HTTP header media type %1",
                                              "parameters": ["application/vnd.api+json"]}),
    (b"{}", "Application/JSON", 400, {"message": "Server cannot understand Content-Type HTTP header media type %1",
                                      "parameters": ["Application/JSON"]}),
])
def test_a_body_magento_cannot_read_is_refused(raw: requests.Session, simulators, order, data: bytes,
                                               content_type: str | None, status: int, body: dict[str, Any]) -> None:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    response = raw.post(f"{simulators.base_url}/rest/default/V1/order/{order['entity_id']}/refund", data=data,
                        headers=headers)
    assert (response.status_code, response.json()) == (status, body)
    assert [m for m in raw.get(f"{simulators.base_url}/rest/default/V1/creditmemos?searchCriteria=").json()["items"]] == []


def test_a_json_body_with_the_utf8_charset_is_read(raw: requests.Session, simulators, order) -> None:
    """``; charset=utf-8`` (any case) is the one charset Magento takes beside the JSON type."""
    response = raw.post(f"{simulators.base_url}/rest/default/V1/order/{order['entity_id']}/refund", data=b"{}",
                        headers={"Content-Type": "application/json; charset=UTF-8"})
    assert response.status_code == 200


def test_a_json_list_as_the_body_is_no_parameters_and_refunds_everything(raw: requests.Session, simulators,
                                                                         magento: MagentoClient, order) -> None:
    response = raw.post(f"{simulators.base_url}/rest/default/V1/order/{order['entity_id']}/refund", json=[])
    assert response.status_code == 200
    assert magento.creditmemo(response.json())["grand_total"] == 40.5


def test_an_item_without_an_order_item_id_needs_an_id(magento: MagentoClient, order) -> None:
    error = refused(magento.refund_order, order["entity_id"], {"items": [{"qty": 1}]})
    assert (error.status, error.raw_message) == (400, validation("An ID is needed. Set the ID and try again."))


# ------------------------------------------------------------------- comments and emails
@pytest.mark.parametrize("notify, append, notified", [(True, True, 1), (True, False, 0), (False, True, 0)])
def test_the_comment_is_sent_to_the_customer_only_with_notify_and_append_comment(
        magento: MagentoClient, sim: MagentoSim, notify: bool, append: bool, notified: int) -> None:
    order = sim.order(**ORDER)
    memo = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "notify": notify, "appendComment": append, "comment": {"comment": "Sorry", "is_visible_on_front": 1}}))
    [comment] = memo["comments"]
    assert (comment["comment"], comment["is_visible_on_front"], comment["is_customer_notified"]) == ("Sorry", 1, notified)
    assert memo["email_sent"] == (1 if notify else 0)


# ------------------------------------------------------------------ chosen (FIDELITY.md "Chosen")
@pytest.mark.parametrize("arguments, parameters", [
    ({"adjustment_negative": -1}, ["-1", "adjustment_negative", "100,000,000,000"]),
    ({"shipping_amount": "-0.5"}, ["-0.5", "shipping_amount", "100,000,000,000"]),
    ({"adjustment_positive": 1e11}, ["100000000000.0", "adjustment_positive", "100,000,000,000"]),
])
def test_a_negative_or_absurd_amount_is_refused_by_the_simulator(magento: MagentoClient, order,
                                                                 arguments: dict[str, Any], parameters: list[str]) -> None:
    error = refused(magento.refund_order, order["entity_id"], {"arguments": arguments})
    assert (error.status, error.body) == (400, {
        "message": 'The "%1" value is invalid for "%2": use zero or a positive amount below %3.', "parameters": parameters})
    assert magento.order(order["entity_id"]) == order


def test_a_negative_invoice_quantity_is_refused_by_the_simulator(magento: MagentoClient, sim: MagentoSim) -> None:
    order = sim.order(**ORDER, invoice="none")
    error = refused(magento.invoice_order, order["entity_id"], {"capture": True, "items": [
        {"order_item_id": items_of(order)["MUG-1"], "qty": -1}]})
    assert (error.status, error.body) == (400, {
        "message": 'The "%1" value is invalid for "%2": use zero or a positive amount below %3.',
        "parameters": ["-1", "qty", "100,000,000,000"]})
    assert magento.order(order["entity_id"]) == order
