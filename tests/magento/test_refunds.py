"""Credit memos through ``POST /V1/order/{id}/refund`` and ``POST /V1/invoice/{id}/refund``: Magento's
money rules with its exact messages (RULES.md §2, §3), and a refused refund leaves the order, its
invoices and the id sequences as they were."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import MagentoClient

from .conftest import ORDER, MagentoSim, items_of, refused, validation


def _unchanged(magento: MagentoClient, order: dict[str, Any]) -> None:
    assert magento.order(order["entity_id"]) == order, "a refused refund changed the order"
    assert magento.order_creditmemos(order["entity_id"]) == []


# ------------------------------------------------------------------------------ success
def test_a_partial_refund_creates_a_credit_memo_and_moves_the_order_totals(magento: MagentoClient, order) -> None:
    mug = items_of(order)["MUG-1"]
    memo_id = magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": mug, "qty": 1}], "notify": True,
        "arguments": {"shipping_amount": 0, "adjustment_positive": 2, "adjustment_negative": 1}})
    assert isinstance(memo_id, int)
    memo = magento.creditmemo(memo_id)
    # 12.50 + 1.25 tax (half of the mug's 2.50) + 2 adjustment refund - 1 adjustment fee.
    assert (memo["grand_total"], memo["subtotal"], memo["tax_amount"], memo["shipping_amount"]) == (14.75, 12.5, 1.25, 0)
    assert (memo["adjustment_positive"], memo["adjustment_negative"], memo["adjustment"]) == (2, 1, 1)
    assert memo["state"] == 2 and memo["order_id"] == order["entity_id"] and "invoice_id" not in memo
    assert [(i["order_item_id"], i["qty"], i["row_total"], i["tax_amount"]) for i in memo["items"]] == [(mug, 1, 12.5, 1.25)]
    after = magento.order(order["entity_id"])
    assert (after["state"], after["status"]) == ("processing", "processing")  # nothing shipped yet
    assert (after["total_refunded"], after["base_total_refunded"], after["total_offline_refunded"]) == (14.75, 14.75, 14.75)
    assert (after["subtotal_refunded"], after["tax_refunded"], after["shipping_refunded"]) == (12.5, 1.25, 0)
    assert (after["adjustment_positive"], after["adjustment_negative"]) == (2, 1)
    mug_after = next(i for i in after["items"] if i["item_id"] == mug)
    assert (mug_after["qty_refunded"], mug_after["amount_refunded"], mug_after["tax_refunded"]) == (1, 12.5, 1.25)
    assert "total_online_refunded" in after and after["total_online_refunded"] == 0


def test_an_empty_refund_refunds_everything_left_and_closes_the_order(magento: MagentoClient, order) -> None:
    magento.refund_order(order["entity_id"], {"items": [{"order_item_id": items_of(order)["TEA-1"], "qty": 1}],
                                              "arguments": {"shipping_amount": 0}})
    memo_id = magento.refund_order(order["entity_id"])  # no items, no shipping_amount: all that is left
    memo = magento.creditmemo(memo_id)
    assert memo["grand_total"] == 32.5 and memo["shipping_amount"] == 5  # 25 + 2.50 tax + 5 shipping
    closed = magento.order(order["entity_id"])
    assert (closed["state"], closed["status"]) == ("closed", "closed")
    assert closed["total_refunded"] == closed["total_paid"] == 40.5
    assert all(i["qty_refunded"] == i["qty_invoiced"] for i in closed["items"])
    error = refused(magento.refund_order, order["entity_id"])
    assert (error.status, error.raw_message) == (400, validation(
        "A creditmemo can not be created when an order has a status of closed",
        "We can't create creditmemo for the order.", "The credit memo's total must be positive."))


def test_a_partial_refund_of_a_shipped_order_leaves_it_complete(magento: MagentoClient, sim: MagentoSim) -> None:
    shipped = sim.order(**ORDER, ship=True)
    assert shipped["state"] == "complete"
    magento.refund_order(shipped["entity_id"], {"items": [{"order_item_id": items_of(shipped)["TEA-1"], "qty": 1}]})
    assert magento.order(shipped["entity_id"])["state"] == "complete"
    magento.refund_order(shipped["entity_id"])
    assert magento.order(shipped["entity_id"])["state"] == "closed"


def test_an_omitted_shipping_amount_refunds_the_remaining_shipping_and_zero_refunds_none(magento: MagentoClient,
                                                                                          order) -> None:
    tea = items_of(order)["TEA-1"]
    first = magento.creditmemo(magento.refund_order(order["entity_id"], {"items": [{"order_item_id": tea, "qty": 1}],
                                                                         "arguments": {"shipping_amount": 2}}))
    assert first["shipping_amount"] == 2
    second = magento.creditmemo(magento.refund_order(order["entity_id"], {"items": [
        {"order_item_id": items_of(order)["MUG-1"], "qty": 1}]}))
    assert second["shipping_amount"] == 3  # what was left of the 5.00
    assert magento.order(order["entity_id"])["shipping_refunded"] == 5


# ----------------------------------------------------------------------------- refusals
def test_more_than_the_unrefunded_quantity_is_refused_with_both_validators(magento: MagentoClient, order) -> None:
    mug = items_of(order)["MUG-1"]
    error = refused(magento.refund_order, order["entity_id"], {"items": [{"order_item_id": mug, "qty": 3}],
                                                               "arguments": {"shipping_amount": 0}})
    assert (error.status, error.raw_message) == (400, validation(
        'The quantity to creditmemo must not be greater than the unrefunded quantity for product SKU "MUG-1".',
        "The quantity to refund must not be greater than the unrefunded quantity."))
    assert "parameters" not in error.body
    _unchanged(magento, order)


def test_more_money_than_was_paid_is_refused_with_what_is_left(magento: MagentoClient, order) -> None:
    error = refused(magento.refund_order, order["entity_id"], {"arguments": {"adjustment_positive": 0.01}})
    assert error.raw_message == validation("The most money available to refund is 40.5.")
    magento.refund_order(order["entity_id"], {"items": [{"order_item_id": items_of(order)["TEA-1"], "qty": 1}],
                                              "arguments": {"shipping_amount": 0}})
    error = refused(magento.refund_order, order["entity_id"], {"arguments": {"adjustment_positive": 100}})
    assert error.raw_message == validation("The most money available to refund is 32.5.")


def test_shipping_above_what_remains_is_refused_with_the_formatted_maximum(magento: MagentoClient, order) -> None:
    error = refused(magento.refund_order, order["entity_id"], {"arguments": {"shipping_amount": 5.01}})
    assert (error.status, error.body) == (400, {"message": "Maximum shipping amount allowed to refund is: %1",
                                                "parameters": ["$5.00"]})
    assert error.message == "Maximum shipping amount allowed to refund is: $5.00"
    _unchanged(magento, order)


def test_a_total_that_is_not_positive_is_refused(magento: MagentoClient, order) -> None:
    error = refused(magento.refund_order, order["entity_id"], {
        "items": [{"order_item_id": items_of(order)["TEA-1"], "qty": 1}],
        "arguments": {"shipping_amount": 0, "adjustment_negative": 8}})
    assert error.raw_message == validation("The credit memo's total must be positive.")
    _unchanged(magento, order)


def test_adjustments_alone_need_shipping_left_to_refund(magento: MagentoClient, order) -> None:
    tea = items_of(order)["TEA-1"]
    # While shipping remains, an adjustment refund with no product goes through.
    magento.refund_order(order["entity_id"], {"items": [{"order_item_id": tea, "qty": 0}],
                                              "arguments": {"shipping_amount": 0, "adjustment_positive": 3}})
    magento.refund_order(order["entity_id"], {"items": [{"order_item_id": tea, "qty": 0}],
                                              "arguments": {"shipping_amount": 5}})
    error = refused(magento.refund_order, order["entity_id"], {"items": [{"order_item_id": tea, "qty": 0}],
                                                               "arguments": {"adjustment_positive": 3}})
    assert error.raw_message == validation("You can't create a creditmemo without products.")


def test_an_item_of_another_order_is_not_part_of_the_original_order(magento: MagentoClient, sim: MagentoSim,
                                                                    order) -> None:
    other = sim.order(**ORDER)
    error = refused(magento.refund_order, order["entity_id"], {"items": [
        {"order_item_id": items_of(other)["MUG-1"], "qty": 1}], "arguments": {"shipping_amount": 0}})
    # The factory ignores the foreign item, so no product and the shipping refunded by 0 leave a
    # credit memo of nothing.
    assert error.raw_message == validation(
        "The credit memo's total must be positive.",
        "The creditmemo contains product item that is not part of the original order.")


def test_an_order_not_invoiced_cannot_be_refunded(magento: MagentoClient, sim: MagentoSim) -> None:
    pending = sim.order(**ORDER, invoice="none")
    assert (pending["state"], pending["status"]) == ("new", "pending") and "total_paid" not in pending
    error = refused(magento.refund_order, pending["entity_id"])
    assert error.raw_message == validation(
        "The order does not allow a creditmemo to be created.", "We can't create creditmemo for the order.",
        "The most money available to refund is 0.")
    assert magento.order(pending["entity_id"]) == pending


def test_only_the_invoiced_quantity_is_refundable(magento: MagentoClient, sim: MagentoSim) -> None:
    order = sim.order(**ORDER, invoice="none")
    mug, tea = items_of(order)["MUG-1"], items_of(order)["TEA-1"]
    magento.invoice_order(order["entity_id"], {"capture": True, "items": [{"order_item_id": mug, "qty": 1}]})
    partly = magento.order(order["entity_id"])
    assert partly["total_paid"] == 18.75  # 12.50 + 1.25 tax + all 5.00 shipping on the first invoice
    error = refused(magento.refund_order, order["entity_id"], {"items": [{"order_item_id": tea, "qty": 1}],
                                                               "arguments": {"shipping_amount": 0}})
    assert 'unrefunded quantity for product SKU "TEA-1"' in error.raw_message
    memo = magento.creditmemo(magento.refund_order(order["entity_id"]))
    assert memo["grand_total"] == 18.75 and [i["qty"] for i in memo["items"]] == [1]
    assert magento.order(order["entity_id"])["state"] == "processing"  # more to invoice


def test_an_unknown_order_is_404(magento: MagentoClient) -> None:
    error = refused(magento.refund_order, 999_999)
    assert (error.status, error.body) == (404, {
        "message": "The entity that was requested doesn't exist. Verify the entity and try again."})


def test_a_refusal_draws_no_id(magento: MagentoClient, sim: MagentoSim) -> None:
    """Ids come from sequences: a refused refund must not advance them, or every later id shifts."""
    first, second = sim.order(**ORDER), sim.order(**ORDER)
    memo_a = magento.refund_order(first["entity_id"])
    refused(magento.refund_order, first["entity_id"])
    refused(magento.refund_order, second["entity_id"], {"arguments": {"shipping_amount": 99}})
    memo_b = magento.refund_order(second["entity_id"])
    assert memo_b == memo_a + 1
    assert int(magento.creditmemo(memo_b)["increment_id"]) == int(magento.creditmemo(memo_a)["increment_id"]) + 1


# -------------------------------------------------------------------------- return to stock
def test_return_to_stock_puts_the_refunded_units_back(magento: MagentoClient, sim: MagentoSim, order) -> None:
    mug = items_of(order)["MUG-1"]
    magento.refund_order(order["entity_id"], {"items": [{"order_item_id": mug, "qty": 2}], "arguments": {
        "shipping_amount": 0, "extension_attributes": {"return_to_stock_items": [mug]}}})
    assert sim.stock() == {"MUG-1": 2}


def test_return_to_stock_of_an_item_not_in_the_order_is_refused(magento: MagentoClient, sim: MagentoSim, order) -> None:
    error = refused(magento.refund_order, order["entity_id"], {"arguments": {
        "extension_attributes": {"return_to_stock_items": [123456789]}}})
    assert error.raw_message == validation(
        "The return to stock argument contains product item that is not part of the original order.")
    assert sim.stock() == {}
    _unchanged(magento, order)


# ------------------------------------------------------------------------------- invoices
def _invoice(magento: MagentoClient, order: dict[str, Any]) -> dict[str, Any]:
    [invoice] = magento.order_invoices(order["entity_id"])
    return invoice


def test_an_offline_payment_cannot_be_refunded_through_its_invoice(magento: MagentoClient, order) -> None:
    invoice = _invoice(magento, order)
    error = refused(magento.refund_invoice, invoice["entity_id"], {"isOnline": True})
    assert error.raw_message == validation("We can't create creditmemo for the invoice.")
    assert _invoice(magento, order) == invoice
    _unchanged(magento, order)


@pytest.mark.parametrize("online", [True, False])
def test_a_gateway_invoice_refunds_online_or_offline(magento: MagentoClient, sim: MagentoSim, online: bool) -> None:
    order = sim.order(**{**ORDER, "payment_method": "braintree"})
    invoice = _invoice(magento, order)
    assert invoice["transaction_id"] and invoice["state"] == 2
    memo_id = magento.refund_invoice(invoice["entity_id"], {"isOnline": online, "items": [
        {"order_item_id": items_of(order)["TEA-1"], "qty": 1}], "arguments": {"shipping_amount": 0}})
    memo = magento.creditmemo(memo_id)
    assert memo["invoice_id"] == invoice["entity_id"] and memo["grand_total"] == 8
    assert ("transaction_id" in memo) is online
    after = magento.order(order["entity_id"])
    assert (after["total_online_refunded"], after["total_offline_refunded"]) == ((8, 0) if online else (0, 8))
    refunded_invoice = _invoice(magento, order)
    assert (refunded_invoice["base_total_refunded"], refunded_invoice["is_used_for_refund"]) == (8, 1)
    rest = magento.creditmemo(magento.refund_invoice(invoice["entity_id"], {"isOnline": online, "items": [
        {"order_item_id": items_of(order)["MUG-1"], "qty": 2}]}))
    assert [i["qty"] for i in rest["items"]] == [2] and rest["shipping_amount"] == 5
    assert magento.order(order["entity_id"])["state"] == "closed"
    error = refused(magento.refund_invoice, invoice["entity_id"], {"isOnline": online})
    assert "We can't create creditmemo for the invoice." in error.raw_message


def test_a_gateway_refusing_an_online_refund_leaves_nothing_and_says_only_magento_s_words(
        magento: MagentoClient, sim: MagentoSim) -> None:
    """The gateway's refund runs inside the credit memo's transaction (``RefundInvoice::execute``):
    when it fails, Magento rolls it all back and answers 400 "Could not save a Creditmemo, see error
    log for details". An armed failure is used once; an offline refund never reaches the gateway."""
    order = sim.order(**{**ORDER, "payment_method": "braintree"})
    invoice = _invoice(magento, order)
    assert sim.gateway_failure(count=2) == {"remaining": 2}
    error = refused(magento.refund_invoice, invoice["entity_id"], {"isOnline": True})
    assert (error.status, error.body) == (400, {"message": "Could not save a Creditmemo, see error log for details"})
    assert _invoice(magento, order) == invoice
    _unchanged(magento, order)
    offline = magento.creditmemo(magento.refund_invoice(invoice["entity_id"], {"isOnline": False, "items": [
        {"order_item_id": items_of(order)["TEA-1"], "qty": 1}], "arguments": {"shipping_amount": 0}}))
    assert offline["grand_total"] == 8  # the offline refund did not use the second armed failure
    refused(magento.refund_invoice, invoice["entity_id"], {"isOnline": True})
    online = magento.creditmemo(magento.refund_invoice(invoice["entity_id"], {"isOnline": True}))
    assert "transaction_id" in online and magento.order(order["entity_id"])["state"] == "closed"


def test_an_online_refund_past_what_its_invoice_s_capture_has_left_is_refused_by_the_gateway(
        magento: MagentoClient, sim: MagentoSim) -> None:
    """``Payment::refund`` refunds the credit memo's whole ``base_grand_total`` against its invoice's
    capture, and the gateway refuses more than the capture has left (Braintree: "Refund amount
    cannot be greater than remaining non-refunded amount of the original transaction"): 400 "Could
    not save a Creditmemo", nothing written, though the order's other invoice has the money. It was
    written, the invoice's ``base_total_refunded`` past its ``base_grand_total``."""
    order = sim.order(**{**ORDER, "payment_method": "braintree"}, invoice="none")
    mug = items_of(order)["MUG-1"]
    first = magento.invoice(magento.invoice_order(order["entity_id"], {"capture": True, "items": [
        {"order_item_id": mug, "qty": 1}]}))  # a mug with its tax and the shipping: 18.75
    magento.invoice_order(order["entity_id"], {"capture": True})  # the rest
    before = magento.order(order["entity_id"])
    the_mug = [{"order_item_id": mug, "qty": 1}]  # 13.75 with its tax
    error = refused(magento.refund_invoice, first["entity_id"], {"isOnline": True, "items": the_mug,
                    "arguments": {"shipping_amount": 0, "adjustment_positive": 5.01}})
    assert (error.status, error.body) == (400, {"message": "Could not save a Creditmemo, see error log for details"})
    assert magento.invoice(first["entity_id"]) == first and magento.order(order["entity_id"]) == before
    within = magento.creditmemo(magento.refund_invoice(first["entity_id"], {"isOnline": True, "items": the_mug,
                                "arguments": {"shipping_amount": 0, "adjustment_positive": 5}}))
    assert within["base_grand_total"] == first["base_grand_total"] == 18.75


def test_shipping_refunded_through_an_invoice_that_billed_none_comes_back_without_its_tax(
        magento: MagentoClient, sim: MagentoSim) -> None:
    """``Creditmemo\\Total\\Tax`` against an invoice: the shipping's tax is that invoice's shipping
    tax times the part refunded (``taxFactor``), so none through an invoice that billed no shipping
    (Magento bills it on the first); the order's shipping tax was given back whichever invoice."""
    order = sim.order(**{**ORDER, "payment_method": "braintree", "shipping_tax_amount": "0.50"}, invoice="none")
    mug, tea = items_of(order)["MUG-1"], items_of(order)["TEA-1"]
    first = magento.invoice(magento.invoice_order(order["entity_id"], {"capture": True, "items": [
        {"order_item_id": mug, "qty": 2}]}))
    second = magento.invoice(magento.invoice_order(order["entity_id"], {"capture": True}))
    assert (first["shipping_amount"], second["shipping_amount"]) == (5, 0)
    # Offline: online, the gateway would refuse 10.00 of the second invoice's 8.00 capture.
    memo = magento.creditmemo(magento.refund_invoice(second["entity_id"], {"isOnline": False, "items": [
        {"order_item_id": tea, "qty": 1}], "arguments": {"shipping_amount": 2}}))
    assert (memo["shipping_amount"], memo["shipping_tax_amount"], memo["grand_total"]) == (2, 0, 10)
    memo = magento.creditmemo(magento.refund_invoice(first["entity_id"], {"isOnline": True, "items": [
        {"order_item_id": mug, "qty": 0}], "arguments": {"shipping_amount": 2}}))
    assert (memo["shipping_amount"], memo["shipping_tax_amount"]) == (2, 0.2)


@pytest.mark.parametrize("body", [{"count": 0}, {"count": 101}, {"count": "1"}, {"count": True}, {"count": 1.5},
                                  {"times": 1}, [1]])
def test_a_gateway_failure_armed_wrongly_is_refused_and_arms_nothing(magento: MagentoClient, sim: MagentoSim,
                                                                      body: Any) -> None:
    response = sim.control.session.post(f"{sim.control.root}/tenants/{sim.tenant}/magento/gateway_failures",
                                        json=body, timeout=10)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_body", response.text
    order = sim.order(**{**ORDER, "payment_method": "braintree"})
    assert magento.refund_invoice(_invoice(magento, order)["entity_id"], {"isOnline": True})


def test_an_open_invoice_cannot_be_refunded(magento: MagentoClient, sim: MagentoSim) -> None:
    order = sim.order(**{**ORDER, "payment_method": "braintree"}, invoice="open")
    invoice = _invoice(magento, order)
    assert invoice["state"] == 1 and "total_paid" in order and order["total_paid"] == 0
    error = refused(magento.refund_invoice, invoice["entity_id"], {"isOnline": True})
    # RefundInvoice merges order, credit memo, invoice, then item messages, in that order.
    assert error.raw_message == validation(
        "We can't create creditmemo for the order.", "The most money available to refund is 0.",
        "We can't create creditmemo for the invoice.")


def test_the_invoice_endpoint_reports_order_creditmemo_invoice_then_item_messages(magento: MagentoClient,
                                                                                    sim: MagentoSim) -> None:
    """``Order\\Validation\\RefundInvoice::validate`` merges CanRefund (order), Quantity and Totals
    (credit memo), the invoice's CanRefund, then CreationQuantityValidator per requested item."""
    order = sim.order(**{**ORDER, "payment_method": "braintree"}, invoice="open")
    other = sim.order(**ORDER)
    error = refused(magento.refund_invoice, _invoice(magento, order)["entity_id"], {"isOnline": True, "items": [
        {"order_item_id": items_of(other)["TEA-1"], "qty": 1}]})
    assert error.raw_message == validation(
        "We can't create creditmemo for the order.", "The most money available to refund is 0.",
        "We can't create creditmemo for the invoice.",
        "The creditmemo contains product item that is not part of the original order.")
    assert magento.order(order["entity_id"]) == order


def test_the_invoice_endpoint_refuses_more_than_the_unrefunded_quantity_of_a_requested_item(
        magento: MagentoClient, sim: MagentoSim) -> None:
    """The factory caps 3 mugs at the invoice's 2, but CreationQuantityValidator still checks each
    requested item against the order item's unrefunded quantity, as on the order endpoint."""
    order = sim.order(**{**ORDER, "payment_method": "braintree"})
    invoice = _invoice(magento, order)
    error = refused(magento.refund_invoice, invoice["entity_id"], {"isOnline": True, "items": [
        {"order_item_id": items_of(order)["MUG-1"], "qty": 3}], "arguments": {"shipping_amount": 0}})
    assert (error.status, error.raw_message) == (400, validation(
        "The quantity to refund must not be greater than the unrefunded quantity."))
    assert _invoice(magento, order) == invoice
    _unchanged(magento, order)


def test_the_invoice_endpoint_caps_quantities_at_what_the_invoice_billed(magento: MagentoClient,
                                                                         sim: MagentoSim) -> None:
    """Two mugs unrefunded on the order pass the item check; the first invoice billed one, so one is refunded."""
    order = sim.order(**{**ORDER, "payment_method": "braintree"}, invoice="none")
    mug = items_of(order)["MUG-1"]
    first = magento.invoice_order(order["entity_id"], {"capture": True, "items": [{"order_item_id": mug, "qty": 1}]})
    magento.invoice_order(order["entity_id"], {"capture": True})
    memo = magento.creditmemo(magento.refund_invoice(first, {"isOnline": True, "items": [
        {"order_item_id": mug, "qty": 2}], "arguments": {"shipping_amount": 0}}))
    assert [(i["order_item_id"], i["qty"]) for i in memo["items"]] == [(mug, 1)]


def test_an_unknown_invoice_is_404(magento: MagentoClient) -> None:
    assert refused(magento.refund_invoice, 999_999).status == 404


# ------------------------------------------------------------------------ item quantities
@pytest.mark.parametrize("qty", [1.5, "0.5", -1, "-2"])
def test_a_fractional_or_negative_item_quantity_is_refused(magento: MagentoClient, sim: MagentoSim, qty: Any) -> None:
    """Items are not sold in decimal quantities (``is_qty_decimal`` 0): QuantityValidator answers
    ``We found an invalid quantity to refund item "%1".`` with the SKU, in the aggregated body,
    on both refund endpoints; nothing is written."""
    order = sim.order(**{**ORDER, "payment_method": "braintree"})
    mug, tea = items_of(order)["MUG-1"], items_of(order)["TEA-1"]
    body = {"items": [{"order_item_id": mug, "qty": qty}, {"order_item_id": tea, "qty": 1}],
            "arguments": {"shipping_amount": 0}}
    for call, entity in ((magento.refund_order, order["entity_id"]),
                         (magento.refund_invoice, _invoice(magento, order)["entity_id"])):
        error = refused(call, entity, body)
        assert (error.status, error.body) == (400, {"message": validation(
            'We found an invalid quantity to refund item "MUG-1".')}), call.__name__
        _unchanged(magento, order)


# ------------------------------------------------------------------------------ rounding
def test_adjustments_are_rounded_to_cents_before_they_are_checked_and_stored(magento: MagentoClient, order) -> None:
    """``Creditmemo::setAdjustmentPositive`` / ``setAdjustmentNegative`` round with
    ``priceCurrency->round`` (2 decimals, half away from zero) before the totals are collected."""
    mug, tea = items_of(order)["MUG-1"], items_of(order)["TEA-1"]
    # 0.004 rounds to nothing: a credit memo of no product, no shipping and no money is refused.
    error = refused(magento.refund_order, order["entity_id"], {"items": [{"order_item_id": tea, "qty": 0}],
                                                               "arguments": {"shipping_amount": 0, "adjustment_positive": 0.004}})
    assert error.raw_message == validation("The credit memo's total must be positive.")
    _unchanged(magento, order)
    memo = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": mug, "qty": 1}],
        "arguments": {"shipping_amount": 1.005, "adjustment_positive": "2.005", "adjustment_negative": 1.004}}))
    assert (memo["adjustment_positive"], memo["adjustment_negative"], memo["adjustment"]) == (2.01, 1, 1.01)
    assert (memo["shipping_amount"], memo["grand_total"]) == (1.01, 15.77)  # 12.50 + 1.25 + 1.01 + 2.01 - 1
    after = magento.order(order["entity_id"])
    assert (after["adjustment_positive"], after["adjustment_negative"], after["total_refunded"]) == (2.01, 1, 15.77)


def test_every_validation_message_is_kept_even_when_two_items_give_the_same(magento: MagentoClient, sim: MagentoSim,
                                                                             order) -> None:
    """``ValidatorResultMerger::merge`` and ``ValidatorResult::addMessage`` append every message;
    nothing removes a repeated one, so each foreign item has its line."""
    other = sim.order(**ORDER)
    error = refused(magento.refund_order, order["entity_id"], {"items": [
        {"order_item_id": items_of(other)["MUG-1"], "qty": 1}, {"order_item_id": items_of(other)["TEA-1"], "qty": 1}],
        "arguments": {"shipping_amount": 0}})
    assert error.raw_message == validation(
        "The credit memo's total must be positive.",
        "The creditmemo contains product item that is not part of the original order.",
        "The creditmemo contains product item that is not part of the original order.")


# -------------------------------------------------------------------- two currencies
#: :data:`ORDER` paid in EUR in a store whose base currency is USD, at 0.80 EUR a dollar: each base
#: amount is kept and rounded on its own (12.50 EUR is 15.63 USD; the mug's tax 10 % of 31.26 is 3.13).
EUR_ORDER: dict[str, Any] = {**ORDER, "currency": "EUR", "base_currency": "USD", "base_to_order_rate": "0.8"}


def test_an_order_in_another_currency_than_the_stores_carries_both(sim: MagentoSim) -> None:
    order = sim.order(**EUR_ORDER)
    assert (order["order_currency_code"], order["base_currency_code"], order["base_to_order_rate"]) == ("EUR", "USD", 0.8)
    assert (order["global_currency_code"], order["store_currency_code"]) == ("USD", "USD")
    assert (order["grand_total"], order["base_grand_total"]) == (40.5, 50.64)  # 31.26 + 3.13 + 10 + 6.25
    assert (order["total_paid"], order["base_total_paid"], order["shipping_amount"], order["base_shipping_amount"]) == (
        40.5, 50.64, 5, 6.25)
    mug = next(i for i in order["items"] if i["sku"] == "MUG-1")
    assert (mug["price"], mug["base_price"], mug["row_total"], mug["base_row_total"]) == (12.5, 15.63, 25, 31.26)
    assert (mug["tax_amount"], mug["base_tax_amount"]) == (2.5, 3.13)
    assert (order["payment"]["amount_paid"], order["payment"]["base_amount_paid"]) == (40.5, 50.64)
    for bad, said in (({"base_currency": "USD"}, "base_to_order_rate is needed"),
                      ({"base_to_order_rate": "0.8"}, "base_to_order_rate must be 1"),
                      ({"base_currency": "USD", "base_to_order_rate": "0"}, "base_to_order_rate must be greater than 0"),
                      ({"base_currency": "usd", "base_to_order_rate": "0.8"}, "base_currency must be")):
        with pytest.raises(Exception, match=said):
            sim.order(**{**ORDER, "currency": "EUR", **bad})


def test_refund_amounts_are_in_the_base_currency_and_the_caps_are_checked_on_base_amounts(
        magento: MagentoClient, sim: MagentoSim) -> None:
    """``arguments`` amounts are the base currency's (``CreditmemoFactory`` sets ``shipping_amount``
    as ``base_shipping_amount``; ``Creditmemo::setAdjustmentPositive`` stores the amount as the base
    one and its order twin at ``base_to_order_rate``); items by quantity are priced in each currency."""
    order = sim.order(**EUR_ORDER)
    mug = items_of(order)["MUG-1"]
    memo = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": mug, "qty": 1}],
        "arguments": {"shipping_amount": 3.13, "adjustment_positive": 2, "adjustment_negative": 1}}))
    assert (memo["order_currency_code"], memo["base_currency_code"], memo["base_to_order_rate"]) == ("EUR", "USD", 0.8)
    # Shipping: 3.13 of 6.25 USD is the ratio 0.5008 of the 5.00 EUR, 2.50; adjustments at 0.80.
    assert (memo["shipping_amount"], memo["base_shipping_amount"]) == (2.5, 3.13)
    assert (memo["adjustment_positive"], memo["base_adjustment_positive"]) == (1.6, 2)
    assert (memo["adjustment_negative"], memo["base_adjustment_negative"]) == (0.8, 1)
    assert (memo["subtotal"], memo["base_subtotal"], memo["tax_amount"], memo["base_tax_amount"]) == (12.5, 15.63, 1.25, 1.57)
    assert (memo["grand_total"], memo["base_grand_total"]) == (17.05, 21.33)  # 12.50+1.25+2.50+1.60-0.80 / 15.63+1.57+3.13+2-1
    line = memo["items"][0]
    assert (line["row_total"], line["base_row_total"], line["tax_amount"], line["base_tax_amount"]) == (12.5, 15.63, 1.25, 1.57)
    after = magento.order(order["entity_id"])
    assert (after["total_refunded"], after["base_total_refunded"]) == (17.05, 21.33)
    assert (after["shipping_refunded"], after["base_shipping_refunded"]) == (2.5, 3.13)
    assert after["status_histories"][0]["comment"] == "We refunded $21.33 offline."
    # The shipping cap is the base shipping left (6.25 - 3.13), formatted in the base currency.
    error = refused(magento.refund_order, order["entity_id"], {"arguments": {"shipping_amount": 3.13}})
    assert (error.status, error.body) == (400, {"message": "Maximum shipping amount allowed to refund is: %1",
                                                "parameters": ["$3.12"]})
    # Never more than was paid, in the base currency: 50.64 - 21.33 (23.45 EUR).
    error = refused(magento.refund_order, order["entity_id"], {
        "items": [{"order_item_id": mug, "qty": 0}], "arguments": {"shipping_amount": 0, "adjustment_positive": 29.32}})
    assert (error.status, error.raw_message) == (400, validation("The most money available to refund is 29.31."))
    assert magento.order(order["entity_id"]) == after


def test_an_invoice_is_refundable_while_its_base_total_is_not_all_refunded(magento: MagentoClient, sim: MagentoSim) -> None:
    """``Invoice\\Validation\\CanRefund`` compares the invoice's ``base_grand_total`` with its
    ``base_total_refunded`` (the credit memos' ``base_grand_total``s): like with like."""
    order = sim.order(**{**EUR_ORDER, "payment_method": "braintree"})
    invoice = magento.order_invoices(order["entity_id"])[0]
    assert (invoice["grand_total"], invoice["base_grand_total"], invoice["base_to_order_rate"]) == (40.5, 50.64, 0.8)
    memo = magento.creditmemo(magento.refund_invoice(invoice["entity_id"], {"isOnline": True}))
    assert (memo["grand_total"], memo["base_grand_total"]) == (40.5, 50.64)
    refunded = magento.invoice(invoice["entity_id"])
    assert refunded["base_total_refunded"] == 50.64
    after = magento.order(order["entity_id"])
    assert (after["total_online_refunded"], after["base_total_online_refunded"]) == (40.5, 50.64)
    assert (after["payment"]["amount_refunded"], after["payment"]["base_amount_refunded"]) == (40.5, 50.64)
    error = refused(magento.refund_invoice, invoice["entity_id"], {"isOnline": True, "arguments": {"adjustment_positive": 1}})
    assert "We can't create creditmemo for the invoice." in error.raw_message.split("\n")


# ------------------------------------------------------------------- discount tax compensation
def test_a_discount_off_a_price_including_tax_gives_its_tax_part_back_in_every_total(magento: MagentoClient,
                                                                                     sim: MagentoSim) -> None:
    """A store that takes discounts off prices including tax: an item's ``discount_amount`` holds
    tax, its ``discount_tax_compensation_amount`` is that tax part, its tax is on the row total less
    the discount's own part, and every grand total gives the tax part back (subtotal + tax − discount
    + compensation). It is invoiced and refunded in proportion to the units, as the tax is; a
    compensation without a tax rate, or not below the discount, is refused and creates nothing."""
    lamp = {"sku": "LAMP-1", "name": "Desk lamp", "price": "11.00", "qty": 2, "tax_percent": "10",
            "discount_amount": "2.42", "discount_tax_compensation_amount": "0.22"}  # 10% off 24.20 with its tax
    order = sim.order(items=[lamp], shipping_amount="5.00", currency="USD", payment_method="checkmo")
    (item,) = order["items"]
    assert (item["tax_amount"], item["discount_amount"], item["discount_tax_compensation_amount"]) == (1.98, 2.42, 0.22)
    assert item["discount_tax_compensation_invoiced"] == 0.22
    # With their tax before the discount: 11.00 and 1.10, the row 22.00 and 2.20.
    assert (item["price_incl_tax"], item["row_total_incl_tax"]) == (12.1, 24.2)
    # 22.00 + 1.98 tax − 2.42 + 0.22: what 24.20 with its tax costs at 10% off, and the shipping.
    assert (order["grand_total"], order["discount_tax_compensation_amount"], order["total_paid"]) == (26.78, 0.22, 26.78)
    (invoice,) = magento.order_invoices(order["entity_id"])
    assert (invoice["grand_total"], invoice["discount_tax_compensation_amount"]) == (26.78, 0.22)
    one = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": item["item_id"], "qty": 1}], "arguments": {"shipping_amount": 0}}))
    assert (one["grand_total"], one["tax_amount"], one["discount_amount"], one["discount_tax_compensation_amount"]) == (
        10.89, 0.99, -1.21, 0.11)
    assert one["items"][0]["discount_tax_compensation_amount"] == 0.11
    assert one["items"][0]["row_total_incl_tax"] == 12.1  # Item::calcRowTotal: the order item's, its share
    rest = magento.creditmemo(magento.refund_order(order["entity_id"]))
    assert rest["grand_total"] == 15.89  # the other lamp, 10.89, and the shipping
    closed = magento.order(order["entity_id"])
    assert (closed["state"], closed["total_refunded"], closed["discount_tax_compensation_refunded"]) == ("closed", 26.78, 0.22)
    before = magento.orders()["total_count"]
    for wrong in ({**lamp, "tax_percent": "0"}, {**lamp, "discount_tax_compensation_amount": "2.42"},
                  {**lamp, "discount_tax_compensation_amount": "-0.22"}):
        response = sim.control.session.post(f"{sim.control.root}/tenants/{sim.tenant}/magento/orders",
                                            json={"items": [wrong]}, timeout=10)
        assert response.status_code == 400 and "discount_tax_compensation_amount" in response.json()["error"]["message"]
    assert magento.orders()["total_count"] == before


# ---------------------------------------------------------------------------- shipping discount
def test_a_shipping_discount_is_billed_on_the_first_invoice_and_refunded_with_the_shipping_in_proportion(
        magento: MagentoClient, sim: MagentoSim) -> None:
    r"""A cart price rule applied to the shipping leaves the order's ``shipping_amount`` as charged
    before it and carries what it took off as ``shipping_discount_amount``, inside ``discount_amount``
    (negative) and out of the grand total; the first invoice bills it. A credit memo's
    ``shipping_amount`` is the shipping before the discount, and gives up its share of it
    (``Creditmemo\Total\Discount``): 5.00 of a 10.00 shipping with 2.00 off refunds 4.00 of money;
    the credit memo that refunds the rest of the shipping takes the rest of the discount."""
    order = sim.order(**{**ORDER, "shipping_amount": "10.00", "shipping_discount_amount": "2.00"})
    assert (order["shipping_amount"], order["shipping_discount_amount"], order["base_shipping_discount_amount"]) == (10, 2, 2)
    assert (order["discount_amount"], order["grand_total"], order["total_paid"]) == (-2, 43.5, 43.5)  # 25 + 2.50 + 8 + 10 - 2
    assert order["extension_attributes"]["shipping_assignments"][0]["shipping"]["total"]["shipping_discount_amount"] == 2
    (invoice,) = magento.order_invoices(order["entity_id"])
    assert (invoice["shipping_amount"], invoice["discount_amount"], invoice["grand_total"]) == (10, -2, 43.5)
    tea = items_of(order)["TEA-1"]
    half = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": tea, "qty": 1}], "arguments": {"shipping_amount": 5}}))
    assert (half["shipping_amount"], half["discount_amount"], half["grand_total"]) == (5, -1, 12)  # 8 + 5 - 1
    rest = magento.creditmemo(magento.refund_order(order["entity_id"]))  # the mugs and the shipping left
    assert (rest["shipping_amount"], rest["discount_amount"], rest["grand_total"]) == (5, -1, 31.5)  # 25 + 2.50 + 5 - 1
    closed = magento.order(order["entity_id"])
    assert (closed["state"], closed["total_refunded"], closed["discount_refunded"]) == ("closed", 43.5, -2)


def test_a_shipping_discount_in_another_currency_than_the_stores_is_shared_in_both(magento: MagentoClient,
                                                                                   sim: MagentoSim) -> None:
    """The base shipping asked gives the base share of the shipping discount in proportion, and the
    order-currency share is that base share's ratio of the order's shipping, each rounded; all the
    shipping left takes all the discount left in both. An odd ratio rounds to the cent: 3.33 of a
    10.00 base shipping with 2.50 off gives up 0.83."""
    order = sim.order(**{**ORDER, "currency": "EUR", "base_currency": "USD", "base_to_order_rate": "0.8",
                         "shipping_amount": "8.00", "shipping_discount_amount": "2.00"})
    assert (order["base_shipping_amount"], order["base_shipping_discount_amount"], order["base_discount_amount"]) == (10, 2.5, -2.5)
    tea = items_of(order)["TEA-1"]
    part = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": tea, "qty": 1}], "arguments": {"shipping_amount": 3.33}}))
    # base: 3.33 less 3.33 × 2.50 / 10 = 0.8325 → 0.83; order: 8 × 0.8325 / 10 = 0.666 → 0.67 off 2.66
    assert (part["base_shipping_amount"], part["base_discount_amount"], part["shipping_amount"], part["discount_amount"]) == (
        3.33, -0.83, 2.66, -0.67)
    rest = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": tea, "qty": 0}], "arguments": {"shipping_amount": 6.67}}))
    assert (rest["base_discount_amount"], rest["discount_amount"]) == (-1.67, -1.33)
    after = magento.order(order["entity_id"])
    assert (after["discount_refunded"], after["base_discount_refunded"]) == (-2, -2.5)


def test_a_shipping_discount_off_a_shipping_price_including_tax_gives_its_tax_part_back(magento: MagentoClient,
                                                                                       sim: MagentoSim) -> None:
    r"""A store whose shipping prices include tax takes a shipping discount off the shipping with its
    tax: the order carries the discount's tax part as ``shipping_discount_tax_compensation_amount``
    (base twin ``base_shipping_discount_tax_compensation_amnt``), ``shipping_incl_tax`` is the shipping
    with its tax before the discount, and the grand total gives the part back; the invoice that bills
    the shipping bills it inside its ``discount_tax_compensation_amount``; each credit memo gives back
    its share with its shipping (``Creditmemo\Total\Tax``), the last the rest. 11.00 of shipping with
    its 10% tax at 20% off: 2.20 off, 0.20 of it tax, 0.80 of tax on what is left, 8.80 paid."""
    lamp = {"sku": "LAMP-1", "name": "Desk lamp", "price": "11.00", "qty": 1}
    order = sim.order(items=[lamp], shipping_amount="10.00", shipping_tax_amount="0.80", shipping_discount_amount="2.20",
                      shipping_discount_tax_compensation_amount="0.20", currency="USD", payment_method="checkmo")
    assert (order["shipping_discount_tax_compensation_amount"], order["base_shipping_discount_tax_compensation_amnt"],
            order["discount_tax_compensation_amount"]) == (0.2, 0.2, 0)
    assert (order["shipping_incl_tax"], order["grand_total"], order["total_paid"]) == (11, 19.8, 19.8)  # 11 + 8.80
    total = order["extension_attributes"]["shipping_assignments"][0]["shipping"]["total"]
    assert (total["shipping_discount_tax_compensation_amount"], total["base_shipping_discount_tax_compensation_amnt"]) == (0.2, 0.2)
    (invoice,) = magento.order_invoices(order["entity_id"])
    assert (invoice["shipping_discount_tax_compensation_amount"], invoice["discount_tax_compensation_amount"],
            invoice["grand_total"]) == (0.2, 0.2, 19.8)
    lamp_id = items_of(order)["LAMP-1"]
    half = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": lamp_id, "qty": 0}], "arguments": {"shipping_amount": 5}}))
    # 5.00 + 0.40 of tax − 1.10 of discount + 0.10 of its tax: half of the 8.80 paid
    assert (half["discount_amount"], half["discount_tax_compensation_amount"], half["grand_total"]) == (-1.1, 0.1, 4.4)
    assert "shipping_discount_tax_compensation_amount" not in half  # Magento sets no field of it on a credit memo
    rest = magento.creditmemo(magento.refund_order(order["entity_id"]))
    assert (rest["discount_tax_compensation_amount"], rest["grand_total"]) == (0.1, 15.4)
    closed = magento.order(order["entity_id"])
    assert (closed["state"], closed["total_refunded"], closed["discount_tax_compensation_refunded"]) == ("closed", 19.8, 0.2)
    before = magento.orders()["total_count"]
    for wrong in ({"shipping_discount_tax_compensation_amount": "2.20"}, {"shipping_discount_amount": "0",
                                                                          "shipping_discount_tax_compensation_amount": "0.20"}):
        response = sim.control.session.post(f"{sim.control.root}/tenants/{sim.tenant}/magento/orders", json={
            "items": [lamp], "shipping_amount": "10.00", "shipping_discount_amount": "2.20", **wrong}, timeout=10)
        assert response.status_code == 400, response.text
        assert "shipping_discount_tax_compensation_amount" in response.json()["error"]["message"]
    assert magento.orders()["total_count"] == before


@pytest.mark.parametrize(("body", "said"), [
    ({"shipping_amount": "5.00", "shipping_discount_amount": "5.01"}, "shipping_discount_amount needs a shipping_amount and must not exceed it."),
    ({"shipping_discount_amount": "1.00"}, "shipping_discount_amount needs a shipping_amount and must not exceed it."),
    ({"shipping_amount": "5.00", "shipping_discount_amount": "-1"}, "shipping_discount_amount must be at least 0"),
    ({"shipping_amount": "5.00", "shipping_discount_amount": "0.001"}, "shipping_discount_amount must be at least 0"),
])
def test_a_shipping_discount_beyond_the_shipping_is_refused(magento: MagentoClient, sim: MagentoSim, body: dict[str, Any],
                                                            said: str) -> None:
    before = magento.orders()["total_count"]
    response = sim.control.session.post(f"{sim.control.root}/tenants/{sim.tenant}/magento/orders",
                                        json={**{k: v for k, v in ORDER.items() if k != "shipping_amount"}, **body}, timeout=10)
    assert response.status_code == 400 and said in response.json()["error"]["message"], response.text
    assert magento.orders()["total_count"] == before


# ------------------------------------------------------------------------ configurable products
def test_an_item_sold_at_a_special_price_keeps_its_regular_price_as_original_price(magento: MagentoClient,
                                                                                    sim: MagentoSim) -> None:
    """An item sold below its product's regular price (a special price) has that regular price as
    ``original_price`` and what it sold at as ``price``, its row total and every amount after it;
    an item sold at its regular price has both the same. An ``original_price`` below the price, or
    without one, is refused 400 and creates nothing."""
    order = sim.order(**{**ORDER, "currency": "EUR", "base_currency": "USD", "base_to_order_rate": "0.8",
                         "items": [{**ORDER["items"][0], "original_price": "15.00"}, ORDER["items"][1]]})
    mug, tea = order["items"]
    assert (mug["price"], mug["original_price"], mug["base_original_price"], mug["row_total"]) == (12.5, 15, 18.75, 25)
    assert (tea["price"], tea["original_price"]) == (8, 8)
    assert order["grand_total"] == 40.5  # 25 + 2.50 tax + 8 + 5: the special price is what was charged
    before = magento.orders()["total_count"]
    for item, said in (({**ORDER["items"][0], "original_price": "12.49"}, "original_price needs a price and must be at least it"),
                       ({"sku": "MUG-1", "original_price": "15.00"}, "original_price needs a price"),
                       ({**ORDER["items"][0], "original_price": "0"}, "original_price must be greater than 0")):
        response = sim.control.session.post(f"{sim.control.root}/tenants/{sim.tenant}/magento/orders",
                                            json={**ORDER, "items": [item]}, timeout=10)
        assert response.status_code == 400 and said in response.json()["error"]["message"], response.text
    assert magento.orders()["total_count"] == before


def test_a_configurable_line_is_followed_by_the_product_chosen_which_is_invoiced_and_refunded_with_it(
        magento: MagentoClient, sim: MagentoSim) -> None:
    """A configurable product's line (``product_type`` configurable, the price and tax) is followed by
    the simple product chosen, a child item (``parent_item_id``, ``parent_item``) with the line's SKU
    and units and no money (``Item::isDummy``). It is invoiced with its line, its quantity to refund
    is 0, and a credit memo gives it its line's quantity whatever the request gives it
    (``CreditmemoFactory::canRefundItem``/``getQtyToRefund``); naming it alone refunds nothing."""
    order = sim.order(items=[{"sku": "TEE-M", "name": "Tee", "price": "20.00", "qty": 2, "tax_percent": "10",
                              "configurable": True},
                             {"sku": "MUG-1", "name": "Enamel mug", "price": "12.50", "qty": 1}],
                      shipping_amount="5.00", currency="USD", payment_method="checkmo")
    tee, child, mug = order["items"]
    assert (tee["product_type"], tee["sku"], tee["price"], tee["tax_amount"], "parent_item_id" in tee) == (
        "configurable", "TEE-M", 20, 4, False)
    assert (child["product_type"], child["sku"], child["price"], child["row_total"], child["qty_ordered"]) == (
        "simple", "TEE-M", 0, 0, 2)
    assert child["parent_item_id"] == tee["item_id"] and child["parent_item"]["item_id"] == tee["item_id"]
    assert (child["qty_invoiced"], mug["product_type"], order["grand_total"]) == (2, "simple", 61.5)  # 40 + 4 + 12.50 + 5
    (invoice,) = magento.order_invoices(order["entity_id"])
    assert [(i["order_item_id"], i["qty"], i["row_total"]) for i in invoice["items"]] == [
        (tee["item_id"], 2, 40), (child["item_id"], 2, 0), (mug["item_id"], 1, 12.5)]
    # The child alone: its line is not refunded, so neither is it, and nothing is left to refund.
    error = refused(magento.refund_order, order["entity_id"], {
        "items": [{"order_item_id": child["item_id"], "qty": 1}], "arguments": {"shipping_amount": 0}})
    assert (error.status, error.raw_message) == (400, validation("The credit memo's total must be positive."))
    assert magento.order_creditmemos(order["entity_id"]) == []
    # The line: its child goes with it at the line's quantity (the 5 given it is not read).
    memo = magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": [{"order_item_id": tee["item_id"], "qty": 1}, {"order_item_id": child["item_id"], "qty": 5}],
        "arguments": {"shipping_amount": 0}}))
    assert [(i["order_item_id"], i["qty"], i["row_total"], i["tax_amount"]) for i in memo["items"]] == [
        (tee["item_id"], 1, 20, 2), (child["item_id"], 1, 0, 0)]
    assert memo["grand_total"] == 22
    after = {i["item_id"]: i for i in magento.order(order["entity_id"])["items"]}
    assert (after[tee["item_id"]]["qty_refunded"], after[child["item_id"]]["qty_refunded"]) == (1, 1)


# --------------------------------------------------------------------- shipping displayed with tax
def test_a_store_that_displays_shipping_including_tax_reads_a_credit_memos_shipping_with_its_tax(
        magento: MagentoClient, sim: MagentoSim) -> None:
    r"""``Creditmemo\Total\Shipping``: a store that displays its sales documents' shipping including
    tax (the control plane's ``sales_display``) reads ``shipping_amount`` with its tax — its ratio to
    the order's base shipping with its tax gives the shipping — and measures the shipping left, and
    names it in its refusal, with its tax. 3.30 of a 6.00 shipping with 0.60 of tax refunds 3.00 and
    0.30 of tax; the same 3.30 in a store that displays it excluding tax refunds 3.30 and 0.33."""
    taxed = {**ORDER, "shipping_amount": "6.00", "shipping_tax_amount": "0.60"}
    plain = sim.order(**taxed)
    excluding = magento.creditmemo(magento.refund_order(plain["entity_id"], {
        "items": [{"order_item_id": i["item_id"], "qty": 0} for i in plain["items"]], "arguments": {"shipping_amount": 3.3}}))
    assert (excluding["shipping_amount"], excluding["shipping_tax_amount"], excluding["grand_total"]) == (3.3, 0.33, 3.63)
    assert sim.control.magento_sales_display(sim.tenant, "including_tax") == {"shipping": "including_tax"}
    order = sim.order(**taxed)
    nothing = [{"order_item_id": i["item_id"], "qty": 0} for i in order["items"]]
    part = magento.creditmemo(magento.refund_order(order["entity_id"], {"items": nothing, "arguments": {"shipping_amount": 3.3}}))
    assert (part["shipping_amount"], part["shipping_tax_amount"], part["shipping_incl_tax"], part["grand_total"]) == (
        3, 0.3, 3.3, 3.3)
    # What is left is 3.00 and its 0.30 of tax: more is refused naming it with its tax, and creates nothing.
    error = refused(magento.refund_order, order["entity_id"], {"items": nothing, "arguments": {"shipping_amount": 3.31}})
    assert (error.status, error.body) == (400, {"message": "Maximum shipping amount allowed to refund is: %1",
                                                "parameters": ["$3.30"]})
    assert len(magento.order_creditmemos(order["entity_id"])) == 1
    rest = magento.creditmemo(magento.refund_order(order["entity_id"], {"items": nothing, "arguments": {"shipping_amount": 3.3}}))
    assert (rest["shipping_amount"], rest["shipping_tax_amount"], rest["grand_total"]) == (3, 0.3, 3.3)
    # "both" displays it both ways: Magento reads the amount without its tax then, as by default.
    assert sim.control.magento_sales_display(sim.tenant, "both") == {"shipping": "both"}
    both = sim.order(**taxed)
    memo = magento.creditmemo(magento.refund_order(both["entity_id"], {
        "items": [{"order_item_id": i["item_id"], "qty": 0} for i in both["items"]], "arguments": {"shipping_amount": 3.3}}))
    assert (memo["shipping_amount"], memo["shipping_tax_amount"]) == (3.3, 0.33)


def test_the_stores_shipping_display_is_set_from_the_start_or_through_the_control_plane(simulators, sim: MagentoSim) -> None:
    """``settings.magento.shipping_display`` of a new tenant, or ``PUT .../magento/sales_display``:
    a value Magento's configuration has not, or a wrong body, is refused in the control plane's shape
    and changes nothing."""
    control = sim.control
    url = f"{control.root}/tenants/{sim.tenant}/magento/sales_display"
    assert control.session.get(url).json() == {"shipping": "excluding_tax"}
    for body, message in (({"shipping": "incl"}, 'shipping must be "excluding_tax", "including_tax" or "both".'),
                          ({"shipping": ["both"]}, 'shipping must be "excluding_tax", "including_tax" or "both".'),
                          ({}, 'shipping must be "excluding_tax", "including_tax" or "both".'),
                          ({"shipping": "both", "order": 1}, "Unknown field(s): order.")):
        refusal = control.session.put(url, json=body)
        assert (refusal.status_code, refusal.json()["error"]["message"]) == (400, message), body
    assert control.session.get(url).json() == {"shipping": "excluding_tax"}
    assert control.session.put(f"{control.root}/tenants/no-such-tenant/magento/sales_display",
                               json={"shipping": "both"}).status_code == 404
    created = control.create_tenant(seed=9, settings={"magento": {"shipping_display": "including_tax"}})
    assert control.session.get(f"{control.root}/tenants/{created['tenant']}/magento/sales_display").json() == {
        "shipping": "including_tax"}
    wrong = control.session.post(f"{control.root}/tenants", json={"settings": {"magento": {"shipping_display": True}}})
    assert (wrong.status_code, wrong.json()["error"]["message"]) == (
        400, 'settings.magento.shipping_display must be "excluding_tax", "including_tax" or "both".')


def test_an_order_shipped_to_someone_else_has_the_recipient_in_its_shipping_address(magento: MagentoClient,
                                                                                   sim: MagentoSim) -> None:
    """An order shipped to another person than the customer (a gift): the shipping assignment's
    address is the recipient's (the names given, the rest drawn); the order's customer and billing
    address stay the customer's. A ``ship_to`` with other fields is refused and makes no order."""
    gift = sim.order(**{**ORDER, "customer": {"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com"},
                        "ship_to": {"firstname": "Bea", "lastname": "Byron"}})
    shipping = gift["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]
    assert (shipping["firstname"], shipping["lastname"], shipping["address_type"]) == ("Bea", "Byron", "shipping")
    assert (gift["customer_firstname"], gift["billing_address"]["firstname"], gift["billing_address"]["lastname"]) == (
        "Ada", "Ada", "Lovelace")
    assert shipping["street"] != gift["billing_address"]["street"] or shipping["city"] != gift["billing_address"]["city"]
    home = sim.order(**ORDER)
    assert home["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]["firstname"] == home["customer_firstname"]
    before = magento.orders()["total_count"]
    for wrong in ({"email": "b@example.com"}, "Bea"):
        response = sim.control.session.post(f"{sim.control.root}/tenants/{sim.tenant}/magento/orders",
                                            json={**ORDER, "ship_to": wrong}, timeout=10)
        assert response.status_code == 400 and "ship_to" in response.json()["error"]["message"], response.text
    assert magento.orders()["total_count"] == before
