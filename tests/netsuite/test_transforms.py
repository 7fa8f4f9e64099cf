"""Transforms and the money rules: what carries over, Decimal totals and currency rounding, the
createdFrom chain, refund/credit limits, applications and the statuses they move."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import NetSuiteClient, VendorError
from tests.conftest import assert_netsuite_error
from tests.netsuite.conftest import order_body, raw as _raw


def _code(exc: VendorError) -> str:
    return exc.body["o:errorDetails"][0]["o:errorCode"]


def _status(netsuite: NetSuiteClient, record_type: str, record_id: str) -> str:
    return netsuite.get(record_type, record_id)["status"]["refName"]


def _one_line(item: str, quantity: Any = 1, rate: Any = 10) -> dict[str, Any]:
    return {"item": {"items": [{"item": {"id": item}, "quantity": quantity, "rate": rate}]}}


def test_billing_carries_lines_prices_tax_and_shipping(netsuite, catalogue) -> None:
    so = netsuite.create("salesOrder", order_body(catalogue, taxTotal=1.6, memo="web order", externalId="SHOP-7"))
    for target in ("invoice", "cashSale"):
        billed_id = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue, taxTotal=1.6)), target)
        billed = netsuite.get(target, billed_id)
        assert billed["total"] == 26.61 and billed["shippingCost"] == 5.0 and billed["taxTotal"] == 1.6
        line = billed["item"]["items"][0]
        assert (line["quantity"], line["rate"], line["amount"], line["orderLine"]) == (2, 10.005, 20.01, 1)
    inv = netsuite.get("invoice", netsuite.transform("salesOrder", so, "invoice"))
    assert inv["createdFrom"]["id"] == so and inv["createdFrom"]["refName"].startswith("Sales Order #")
    assert inv["memo"] == "web order" and inv["entity"]["id"] == catalogue["customer"]
    assert "externalId" not in inv  # the external id stays with the order


def test_partial_billing_then_the_rest(netsuite, catalogue) -> None:
    so = netsuite.create("salesOrder", order_body(catalogue))
    first = netsuite.transform("salesOrder", so, "invoice", _one_line(catalogue["item"], 1, 10.005))
    assert netsuite.get("invoice", first)["total"] == 15.01  # 10.01 + shipping on the first bill
    assert _status(netsuite, "salesOrder", so) == "Pending Billing/Partially Fulfilled"
    with pytest.raises(VendorError) as over:
        netsuite.transform("salesOrder", so, "invoice", _one_line(catalogue["item"], 2, 10.005))
    assert _code(over.value) == "USER_ERROR"
    second = netsuite.get("invoice", netsuite.transform("salesOrder", so, "invoice"))
    assert second["item"]["items"][0]["quantity"] == 1 and second["shippingCost"] == 0 and second["total"] == 10.01
    assert _status(netsuite, "salesOrder", so) == "Billed"
    with pytest.raises(VendorError) as billed:
        netsuite.transform("salesOrder", so, "cashSale")
    assert billed.value.status == 400 and _code(billed.value) == "INVALID_TRANSFORM"


def test_a_line_billed_in_full_is_not_billed_again(netsuite, catalogue) -> None:
    """A bill's line of an item the order has, with nothing left to bill on its order line, is
    refused (USER_ERROR, nothing written), not billed again as a line the order does not have."""
    mug = netsuite.create("nonInventorySaleItem", {"itemId": "MUG-1", "basePrice": 4.0, "externalId": "MUG-1"})
    body = order_body(catalogue)
    body["item"]["items"].append({"item": {"id": mug}, "quantity": 1, "rate": 4})
    so = netsuite.create("salesOrder", body)
    netsuite.transform("salesOrder", so, "cashSale", _one_line(mug, 1, 4))
    for target in ("cashSale", "invoice"):
        with pytest.raises(VendorError) as again:
            netsuite.transform("salesOrder", so, target, _one_line(mug, 1, 4))
        assert again.value.status == 400 and _code(again.value) == "USER_ERROR"
        assert "quantity remaining on line 2" in again.value.body["o:errorDetails"][0]["detail"]
    assert len(netsuite.query("cashSale")) + len(netsuite.query("invoice")) == 1
    assert _status(netsuite, "salesOrder", so) == "Pending Billing/Partially Fulfilled"
    rest = netsuite.get("invoice", netsuite.transform("salesOrder", so, "invoice"))  # the first line is still to bill
    assert [(line["item"]["id"], line["quantity"]) for line in rest["item"]["items"]] == [(catalogue["item"], 2)]


def test_an_order_pending_approval_cannot_be_billed(netsuite, catalogue) -> None:
    """``orderStatus`` A (Pending Approval) or B (Pending Fulfillment, approved): the only two the
    browser lets a write set (``salesOrder.orderStatus.id`` enumerates A and B)."""
    so = netsuite.create("salesOrder", order_body(catalogue, orderStatus={"id": "A"}))
    assert _status(netsuite, "salesOrder", so) == "Pending Approval"
    with pytest.raises(VendorError) as refused:
        netsuite.transform("salesOrder", so, "invoice")
    assert _code(refused.value) == "INVALID_TRANSFORM" and "Pending Approval" in refused.value.message
    netsuite.patch("salesOrder", so, {"orderStatus": {"id": "B"}})
    netsuite.transform("salesOrder", so, "invoice")


def test_an_order_is_closed_by_closing_its_lines(netsuite, catalogue) -> None:
    """NetSuite closes a sales order by closing its lines (``item`` line ``isClosed``, what the UI's
    Close button does): with every line closed the order is Closed and cannot be billed; a closed
    line is not billed with the others, and reopening it makes it billable again. ``orderStatus`` C
    (Cancelled) or H (Closed) is no value a write can set (the browser enumerates A and B): both were
    taken, and the order became Cancelled or Closed."""
    for status in ("C", "H"):
        with pytest.raises(VendorError) as refused:
            netsuite.create("salesOrder", order_body(catalogue, orderStatus={"id": status}))
        assert refused.value.status == 400 and _code(refused.value) == "INVALID_CONTENT"
    mug = netsuite.create("nonInventorySaleItem", {"itemId": "MUG-2", "basePrice": 4.0})
    body = order_body(catalogue)
    body["item"]["items"].append({"item": {"id": mug}, "quantity": 1, "rate": 4})
    so = netsuite.create("salesOrder", body)
    for status in ("C", "H"):
        with pytest.raises(VendorError) as refused:
            netsuite.patch("salesOrder", so, {"orderStatus": {"id": status}})
        assert _code(refused.value) == "INVALID_CONTENT"
    close_all = {"item": {"items": [{"line": 1, "isClosed": True}, {"line": 2, "isClosed": True}]}}
    netsuite.patch("salesOrder", so, close_all)
    assert _status(netsuite, "salesOrder", so) == "Closed"
    assert [line["isClosed"] for line in netsuite.get("salesOrder", so)["item"]["items"]] == [True, True]
    with pytest.raises(VendorError) as refused:
        netsuite.transform("salesOrder", so, "invoice")
    assert _code(refused.value) == "INVALID_TRANSFORM" and "Closed" in refused.value.message
    netsuite.patch("salesOrder", so, {"item": {"items": [{"line": 2, "isClosed": False}]}})
    assert _status(netsuite, "salesOrder", so) == "Pending Fulfillment"
    invoice = netsuite.get("invoice", netsuite.transform("salesOrder", so, "invoice"))
    assert [(line["item"]["id"], line["quantity"]) for line in invoice["item"]["items"]] == [(mug, 1)]
    assert "isClosed" not in invoice["item"]["items"][0]
    assert _status(netsuite, "salesOrder", so) == "Billed"  # all that is not closed is billed (unconfirmed)


@pytest.mark.parametrize("source, target", [
    ("salesOrder", "cashRefund"), ("salesOrder", "creditMemo"), ("cashSale", "creditMemo"),
    ("invoice", "cashRefund"), ("cashRefund", "cashSale"), ("customer", "salesOrder"),
])
def test_transforms_netsuite_does_not_have_are_refused(netsuite, catalogue, source, target) -> None:
    so = netsuite.create("salesOrder", order_body(catalogue))
    ids = {"salesOrder": so, "customer": catalogue["customer"]}
    if source in ("cashSale", "invoice"):
        ids[source] = netsuite.transform("salesOrder", so, source)
    if source == "cashRefund":
        ids[source] = netsuite.transform("cashSale", netsuite.transform("salesOrder", so, "cashSale"), "cashRefund")
    with pytest.raises(VendorError) as refused:
        netsuite.transform(source, ids[source], target)
    assert refused.value.status == 400 and _code(refused.value) == "INVALID_TRANSFORM"


def test_cash_refund_limit_and_the_second_full_refund(netsuite, catalogue) -> None:
    cs = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "cashSale")
    assert _status(netsuite, "cashSale", cs) == "Not Deposited"
    partial = netsuite.transform("cashSale", cs, "cashRefund", {"shippingCost": 0, **_one_line(catalogue["item"], 1, 10.01)})
    assert netsuite.get("cashRefund", partial)["total"] == 10.01
    assert "status" not in netsuite.get("cashRefund", partial)  # NetSuite lists no cash refund statuses
    with pytest.raises(VendorError) as refused:
        netsuite.transform("cashSale", cs, "cashRefund")  # the full 25.01 no longer remains
    assert refused.value.status == 400 and _code(refused.value) == "USER_ERROR"
    assert "exceeds the amount remaining" in refused.value.message and "15.00" in refused.value.message
    rest = netsuite.transform("cashSale", cs, "cashRefund", {"shippingCost": 5, **_one_line(catalogue["item"], 1, 10)})
    assert netsuite.get("cashRefund", rest)["total"] == 15.0
    with pytest.raises(VendorError):
        netsuite.transform("cashSale", cs, "cashRefund", {"shippingCost": 0, **_one_line(catalogue["item"], 1, 0.01)})
    assert sorted(netsuite.query("cashRefund", f"createdFrom ANY_OF [{cs}]")) == sorted([partial, rest])


def test_a_second_full_cash_refund_is_refused_and_nothing_is_written(netsuite, catalogue) -> None:
    cs = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "cashSale")
    netsuite.transform("cashSale", cs, "cashRefund")
    with pytest.raises(VendorError) as refused:
        netsuite.transform("cashSale", cs, "cashRefund")
    assert refused.value.status == 400 and _code(refused.value) == "USER_ERROR"
    assert len(netsuite.query("cashRefund")) == 1


def test_an_application_is_dated_with_the_document_it_applies_to(netsuite, catalogue) -> None:
    """The Apply subtab's date is the applied invoice's date, not the credit memo's nor the day
    the application last changed."""
    so = netsuite.create("salesOrder", order_body(catalogue))
    inv = netsuite.transform("salesOrder", so, "invoice", {"tranDate": "2026-01-05"})
    cm = netsuite.transform("invoice", inv, "creditMemo", {"tranDate": "2026-02-01", **_one_line(catalogue["item"], 1, 10)})
    assert netsuite.get("creditMemo", cm)["apply"]["items"][0]["applyDate"] == "2026-01-05"
    netsuite.patch("creditMemo", cm, {"apply": {"items": [{"doc": {"id": inv}, "apply": True, "amount": 4}]}})
    row = netsuite.get("creditMemo", cm)["apply"]["items"][0]
    assert (row["amount"], row["applyDate"]) == (4.0, "2026-01-05")


def test_deposited_cash_sale(netsuite, catalogue) -> None:
    """``undepFunds`` is a select in REST, as the REST API Browser types it on cash sales and payments."""
    cs = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "cashSale",
                            {"undepFunds": {"id": "F"}})
    got = netsuite.get("cashSale", cs)
    assert got["undepFunds"] == {"id": "F", "refName": "Account"} and got["status"]["refName"] == "Deposited"
    undeposited = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "cashSale",
                                     {"undepFunds": {"id": "T"}})
    assert netsuite.get("cashSale", undeposited)["status"]["refName"] == "Not Deposited"


def test_undep_funds_is_not_a_boolean(netsuite, catalogue) -> None:
    so = netsuite.create("salesOrder", order_body(catalogue))
    response = _raw(netsuite, "POST", f"/salesOrder/{so}/!transform/cashSale", json={"undepFunds": False})
    assert assert_netsuite_error(response, 400, "INVALID_CONTENT")["o:errorPath"] == "undepFunds"
    assert netsuite.query("cashSale") == []


def test_credit_memo_from_an_open_invoice_is_applied_to_it(netsuite, catalogue) -> None:
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    assert _status(netsuite, "invoice", inv) == "Open"
    partial = netsuite.transform("invoice", inv, "creditMemo", {"shippingCost": 0, **_one_line(catalogue["item"], 1, 10)})
    memo = netsuite.get("creditMemo", partial)
    assert memo["apply"]["items"][0]["doc"]["id"] == inv and memo["apply"]["items"][0]["amount"] == 10.0
    assert memo["status"]["refName"] == "Fully Applied" and memo["unapplied"] == 0
    invoice = netsuite.get("invoice", inv)
    assert invoice["status"]["refName"] == "Open" and invoice["amountRemaining"] == 15.01
    rest = netsuite.transform("invoice", inv, "creditMemo", {**_one_line(catalogue["item"], 1, 10.01)})
    assert netsuite.get("creditMemo", rest)["total"] == 15.01
    assert _status(netsuite, "invoice", inv) == "Paid In Full"
    with pytest.raises(VendorError) as refused:  # nothing remains to credit
        netsuite.transform("invoice", inv, "creditMemo")
    assert _code(refused.value) == "USER_ERROR"
    assert len(netsuite.query("creditMemo", f"createdFrom ANY_OF [{inv}]")) == 2


def test_paid_invoice_credit_memo_refunded_with_a_customer_refund(netsuite, catalogue) -> None:
    """The documented flow: invoice paid, credited (the credit stays Open), refunded to the customer."""
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    pay = netsuite.transform("invoice", inv, "customerPayment")
    assert _status(netsuite, "invoice", inv) == "Paid In Full"
    assert netsuite.get("customerPayment", pay)["payment"] == 25.01
    cm = netsuite.transform("invoice", inv, "creditMemo")
    memo = netsuite.get("creditMemo", cm)
    assert memo["status"]["refName"] == "Open" and memo["unapplied"] == 25.01 and memo["apply"]["items"] == []
    with pytest.raises(VendorError) as too_much:
        netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                           "apply": {"items": [{"doc": {"id": cm}, "apply": True, "amount": 30}]}})
    assert _code(too_much.value) == "USER_ERROR"
    first = netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                               "apply": {"items": [{"doc": {"id": cm}, "apply": True, "amount": 20}]}})
    assert _status(netsuite, "creditMemo", cm) == "Open"
    second = netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                                "apply": {"items": [{"doc": {"id": cm}, "apply": True}]}})
    assert netsuite.get("customerRefund", second)["total"] == 5.01
    assert _status(netsuite, "creditMemo", cm) == "Fully Applied"
    with pytest.raises(VendorError) as nothing_left:
        netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                           "apply": {"items": [{"doc": {"id": cm}, "apply": True, "amount": 1}]}})
    assert _code(nothing_left.value) == "USER_ERROR"
    netsuite.delete("customerRefund", first)  # deleting a refund unapplies it
    assert netsuite.get("creditMemo", cm)["unapplied"] == 20.0
    with pytest.raises(VendorError) as dependent:
        netsuite.delete("creditMemo", cm)
    assert "dependent records" in dependent.value.message


def test_customer_refund_rules(netsuite, catalogue) -> None:
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    other = netsuite.create("customer", {"lastName": "Other"})
    with pytest.raises(VendorError) as not_a_credit:
        netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                           "apply": {"items": [{"doc": {"id": inv}, "apply": True, "amount": 1}]}})
    assert _code(not_a_credit.value) == "INVALID_KEY_OR_REF"
    loose = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, **_one_line(catalogue["item"])})
    assert _status(netsuite, "creditMemo", loose) == "Open"  # a standalone credit memo applies to nothing
    with pytest.raises(VendorError) as other_customer:
        netsuite.create("customerRefund", {"customer": {"id": other},
                                           "apply": {"items": [{"doc": {"id": loose}, "apply": True}]}})
    assert _code(other_customer.value) == "USER_ERROR"
    with pytest.raises(VendorError) as empty:
        netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]}, "apply": {"items": []}})
    assert _code(empty.value) == "USER_ERROR"
    assert netsuite.query("customerRefund") == []


def test_credit_memo_apply_can_be_overridden_and_patched(netsuite, catalogue) -> None:
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    cm = netsuite.transform("invoice", inv, "creditMemo", {"apply": {"items": [{"doc": {"id": inv}, "apply": False}]}})
    assert _status(netsuite, "creditMemo", cm) == "Open" and _status(netsuite, "invoice", inv) == "Open"
    netsuite.patch("creditMemo", cm, {"apply": {"items": [{"doc": {"id": inv}, "apply": True, "amount": 25.01}]}})
    assert _status(netsuite, "creditMemo", cm) == "Fully Applied" and _status(netsuite, "invoice", inv) == "Paid In Full"


def test_return_authorization_chain(netsuite, catalogue) -> None:
    so = netsuite.create("salesOrder", order_body(catalogue))
    with pytest.raises(VendorError) as unbilled:
        netsuite.transform("salesOrder", so, "returnAuthorization")
    assert _code(unbilled.value) == "INVALID_TRANSFORM"
    cs = netsuite.transform("salesOrder", so, "cashSale")
    ra = netsuite.transform("salesOrder", so, "returnAuthorization")
    auth = netsuite.get("returnAuthorization", ra)
    assert auth["status"]["refName"] == "Pending Receipt" and auth["total"] == 20.01  # goods, not shipping
    with pytest.raises(VendorError) as twice:
        netsuite.transform("salesOrder", so, "returnAuthorization")
    assert _code(twice.value) == "USER_ERROR"
    refund = netsuite.transform("returnAuthorization", ra, "cashRefund", _one_line(catalogue["item"], 1, 10.005))
    assert netsuite.get("cashRefund", refund)["createdFrom"]["id"] == ra
    assert _status(netsuite, "returnAuthorization", ra) == "Pending Receipt"
    netsuite.transform("returnAuthorization", ra, "creditMemo", _one_line(catalogue["item"], 1, 10.00))
    assert _status(netsuite, "returnAuthorization", ra) == "Refunded"
    with pytest.raises(VendorError) as over:
        netsuite.transform("returnAuthorization", ra, "cashRefund", _one_line(catalogue["item"], 1, 0.01))
    assert _code(over.value) == "USER_ERROR"
    pending = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "cashSale")
    source = netsuite.get("cashSale", pending)["createdFrom"]["id"]
    ra2 = netsuite.transform("salesOrder", source, "returnAuthorization", {"orderStatus": {"id": "A"}})
    with pytest.raises(VendorError) as not_approved:
        netsuite.transform("returnAuthorization", ra2, "creditMemo")
    assert _code(not_approved.value) == "INVALID_TRANSFORM"
    assert cs


def test_decimal_totals_and_currency_rounding(netsuite, catalogue) -> None:
    lines = {"item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 3, "rate": 0.1},
                                {"item": {"id": catalogue["item"]}, "quantity": 1, "rate": 0.2},
                                {"item": {"id": catalogue["item"]}, "quantity": 7, "rate": 1.115}]}}
    so = netsuite.get("salesOrder", netsuite.create("salesOrder", {"entity": {"id": catalogue["customer"]}, **lines}))
    assert [l["amount"] for l in so["item"]["items"]] == [0.3, 0.2, 7.81]  # 7.805 rounds half up
    assert so["total"] == 8.31  # Decimal: 0.3 + 0.2 is exactly 0.5
    yen = netsuite.get("salesOrder", netsuite.create("salesOrder", {
        "entity": {"id": catalogue["customer"]}, "currency": {"id": "6"},
        "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 3, "rate": 333.5}]}}))
    assert yen["currency"]["refName"] == "JPY" and yen["item"]["items"][0]["amount"] == 1001 and yen["total"] == 1001


def test_transform_body_overrides_fields_and_lines(netsuite, catalogue) -> None:
    cs = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "cashSale")
    refund = netsuite.get("cashRefund", netsuite.transform("cashSale", cs, "cashRefund", {
        "memo": "damaged", "shippingCost": 0, "taxTotal": 0, "externalId": "refundsim-1",
        "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1, "rate": 10.005, "description": "one"}]},
    }))
    assert (refund["memo"], refund["externalId"], refund["total"]) == ("damaged", "refundsim-1", 10.01)
    assert refund["item"]["items"][0]["description"] == "one"
