"""Refund and credit rules a refused request must not get around: a refused create keeps its
transaction number for the next one, a refund record may not total less than zero, and a linked
transaction keeps its currency and its customer. Each refusal leaves the account as it was."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import NetSuiteClient
from tests.conftest import assert_netsuite_error
from tests.netsuite.conftest import order_body, raw


def _lines(item: str, quantity: Any = 1, rate: Any = 10) -> dict[str, Any]:
    return {"item": {"items": [{"item": {"id": item}, "quantity": quantity, "rate": rate}]}}


def _transactions(netsuite: NetSuiteClient) -> list[dict[str, Any]]:
    """What a client sees of every transaction: enough to tell that a refusal changed nothing."""
    return netsuite.suiteql("SELECT id, type, tranid, status, currency, foreigntotal, foreignamountremaining, "
                            "lastmodifieddate FROM transaction ORDER BY id")


# ---------------------------------------------------------------- tranId of a refused create
def test_a_refused_standalone_credit_memo_does_not_use_up_its_number(netsuite, catalogue) -> None:
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    first = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, **_lines(catalogue["item"])})
    number = int(netsuite.get("creditMemo", first)["tranId"])
    before = _transactions(netsuite)
    # Refused only once the record is built: the memo applies more to the invoice than is due on it.
    response = raw(netsuite, "POST", "/creditMemo", json={
        "entity": {"id": catalogue["customer"]}, **_lines(catalogue["item"], 1, 100),
        "apply": {"items": [{"doc": {"id": inv}, "apply": True, "amount": 90}]}})
    assert assert_netsuite_error(response, 400, "USER_ERROR")["o:errorPath"] == "apply.items[0].amount"
    assert _transactions(netsuite) == before
    second = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, **_lines(catalogue["item"])})
    assert netsuite.get("creditMemo", second)["tranId"] == str(number + 1)


def test_a_refused_credit_memo_transform_does_not_use_up_its_number(netsuite, catalogue) -> None:
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    first = netsuite.transform("invoice", inv, "creditMemo", {"shippingCost": 0, **_lines(catalogue["item"], 1, 5)})
    number = int(netsuite.get("creditMemo", first)["tranId"])
    before = _transactions(netsuite)
    response = raw(netsuite, "POST", f"/invoice/{inv}/!transform/creditMemo", json={
        "shippingCost": 0, **_lines(catalogue["item"], 1, 5),
        "apply": {"items": [{"doc": {"id": inv}, "apply": True, "amount": 7}]}})  # more than the memo's 5
    assert_netsuite_error(response, 400, "USER_ERROR")
    assert _transactions(netsuite) == before
    second = netsuite.transform("invoice", inv, "creditMemo", {"shippingCost": 0, **_lines(catalogue["item"], 1, 5)})
    assert netsuite.get("creditMemo", second)["tranId"] == str(number + 1)


def test_a_refused_customer_refund_does_not_use_up_its_number(netsuite, catalogue) -> None:
    memo = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, **_lines(catalogue["item"], 1, 30)})

    def refund(amount: float) -> dict[str, Any]:
        return {"customer": {"id": catalogue["customer"]},
                "apply": {"items": [{"doc": {"id": memo}, "apply": True, "amount": amount}]}}

    first = netsuite.create("customerRefund", refund(10))
    number = int(netsuite.get("customerRefund", first)["tranId"])
    assert_netsuite_error(raw(netsuite, "POST", "/customerRefund", json=refund(50)), 400, "USER_ERROR")
    second = netsuite.create("customerRefund", refund(10))
    assert netsuite.get("customerRefund", second)["tranId"] == str(number + 1)


# ------------------------------------------------------------- a refund may not total below zero
NEGATIVE_REFUNDS = [
    # (source to transform, or None for a POST; refund type; body)
    ("cashSale", "cashRefund", {"shippingCost": 0, "taxTotal": 0, "rate": -10}),
    ("invoice", "creditMemo", {"shippingCost": 0, "taxTotal": 0, "rate": -10}),
    ("cashSale", "cashRefund", {"shippingCost": -30, "taxTotal": 0, "rate": 10}),
    (None, "creditMemo", {"taxTotal": -15, "rate": 10}),
    (None, "cashRefund", {"rate": -0.01}),
]


@pytest.mark.parametrize("source_type, refund_type, amounts", NEGATIVE_REFUNDS)
def test_a_refund_record_that_would_total_below_zero_is_refused(netsuite, catalogue, source_type, refund_type,
                                                                 amounts) -> None:
    body = {**{k: v for k, v in amounts.items() if k != "rate"}, **_lines(catalogue["item"], 1, amounts["rate"])}
    if source_type is None:
        path = f"/{refund_type}"
        body["entity"] = {"id": catalogue["customer"]}
    else:
        source = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), source_type)
        path = f"/{source_type}/{source}/!transform/{refund_type}"
    before = _transactions(netsuite)
    detail = assert_netsuite_error(raw(netsuite, "POST", path, json=body), 400, "USER_ERROR")
    assert detail["detail"].startswith("Transaction total can not be negative.") and detail["o:errorPath"] == "total"
    assert _transactions(netsuite) == before


@pytest.mark.parametrize("source_type, refund_type", [("cashSale", "cashRefund"), ("invoice", "creditMemo")])
def test_a_refund_of_zero_is_accepted(netsuite, catalogue, source_type, refund_type) -> None:
    """Zero is allowed for both refund records. A credit memo made from an open invoice applies
    itself to it; one of zero has nothing to apply, and leaves the invoice as open as it was (it
    was refused: "Nothing remains to apply to Invoice #…", of an invoice with all of it due)."""
    source = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), source_type)
    due = netsuite.get(source_type, source).get("amountRemaining")
    assert due or source_type == "cashSale"  # an invoice has all of it due
    refund = netsuite.transform(source_type, source, refund_type, {"shippingCost": 0, "taxTotal": 0,
                                                                   **_lines(catalogue["item"], 1, 0)})
    assert netsuite.get(refund_type, refund)["total"] == 0
    assert netsuite.get(source_type, source).get("amountRemaining") == due


def test_a_patch_that_would_take_a_refund_below_zero_is_refused(netsuite, catalogue) -> None:
    cs = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "cashSale")
    refund = netsuite.transform("cashSale", cs, "cashRefund", {"shippingCost": 0, **_lines(catalogue["item"], 1, 10)})
    before = _transactions(netsuite)
    response = raw(netsuite, "PATCH", f"/cashRefund/{refund}", json={"taxTotal": -11})
    assert assert_netsuite_error(response, 400, "USER_ERROR")["o:errorPath"] == "total"
    assert _transactions(netsuite) == before
    netsuite.patch("cashRefund", refund, {"taxTotal": -10})  # down to zero is allowed
    assert netsuite.get("cashRefund", refund)["total"] == 0


# ----------------------------------------------------------- a linked transaction keeps its currency
def test_a_linked_transaction_cannot_change_its_currency(netsuite, catalogue) -> None:
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    memo = netsuite.transform("invoice", inv, "creditMemo", {"apply": {"items": [{"doc": {"id": inv}, "apply": False}]},
                                                             **_lines(catalogue["item"], 1, 5)})
    cs = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "cashSale")
    refund = netsuite.transform("cashSale", cs, "cashRefund", _lines(catalogue["item"], 1, 5))
    before = _transactions(netsuite)
    # Created from another record (the memo, the refund), or another record created from it (the cash sale).
    for path in (f"/creditMemo/{memo}", f"/cashRefund/{refund}", f"/cashSale/{cs}", f"/invoice/{inv}"):
        response = raw(netsuite, "PATCH", path, json={"currency": {"id": "2"}, "memo": "in pounds"})
        detail = assert_netsuite_error(response, 400, "USER_ERROR")
        assert detail["o:errorPath"] == "currency" and "currency" in detail["detail"], path
    assert _transactions(netsuite) == before
    assert "memo" not in netsuite.get("creditMemo", memo)
    netsuite.patch("creditMemo", memo, {"currency": {"id": "1"}, "memo": "same currency"})  # naming it unchanged is fine
    assert netsuite.get("creditMemo", memo)["memo"] == "same currency"


def test_an_unlinked_transaction_can_change_its_currency(netsuite, catalogue) -> None:
    so = netsuite.create("salesOrder", order_body(catalogue))
    netsuite.patch("salesOrder", so, {"currency": {"id": "2"}})
    assert netsuite.get("salesOrder", so)["currency"]["refName"] == "GBP"
    memo = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, **_lines(catalogue["item"])})
    netsuite.patch("creditMemo", memo, {"currency": {"id": "2"}})
    assert netsuite.get("creditMemo", memo)["currency"]["refName"] == "GBP"


# ----------------------------------------------------------- a linked transaction keeps its customer
def test_a_transaction_created_from_another_cannot_change_its_customer(netsuite, catalogue) -> None:
    """The transform copied the customer from its source (as it copied the currency): a credit memo
    of Ada's invoice, a refund of her cash sale or a bill of her order stays hers — whether or not
    anything applies to it or was created from it — and so does the source."""
    other = netsuite.create("customer", {"firstName": "Grace", "lastName": "Hopper", "isPerson": True,
                                         "email": "grace@example.com"})
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    memo = netsuite.transform("invoice", inv, "creditMemo", {"apply": {"items": [{"doc": {"id": inv}, "apply": False}]},
                                                             **_lines(catalogue["item"], 1, 5)})
    so = netsuite.create("salesOrder", order_body(catalogue))
    cs = netsuite.transform("salesOrder", so, "cashSale")
    refund = netsuite.transform("cashSale", cs, "cashRefund", _lines(catalogue["item"], 1, 5))
    billed = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    before = _transactions(netsuite)
    customers = {(t["type"], t["id"]): t["entity"] for t in
                 netsuite.suiteql("SELECT id, type, entity FROM transaction ORDER BY id")}
    # Created from another record, nothing applied to it nor created from it: the unapplied memo,
    # the refund, the bill of the third order; then sources other records were created from.
    for path in (f"/creditMemo/{memo}", f"/cashRefund/{refund}", f"/invoice/{billed}", f"/cashSale/{cs}",
                 f"/salesOrder/{so}"):
        response = raw(netsuite, "PATCH", path, json={"entity": {"id": other}, "memo": "Grace's now"})
        detail = assert_netsuite_error(response, 400, "USER_ERROR")
        assert detail["o:errorPath"] == "entity" and "customer" in detail["detail"], path
    assert _transactions(netsuite) == before
    assert {(t["type"], t["id"]): t["entity"] for t in
            netsuite.suiteql("SELECT id, type, entity FROM transaction ORDER BY id")} == customers
    assert "memo" not in netsuite.get("cashRefund", refund)
    netsuite.patch("cashRefund", refund, {"entity": {"id": catalogue["customer"]}, "memo": "still Ada's"})  # no change
    assert netsuite.get("cashRefund", refund)["memo"] == "still Ada's"


def test_an_unlinked_transaction_can_change_its_customer(netsuite, catalogue) -> None:
    other = netsuite.create("customer", {"firstName": "Grace", "lastName": "Hopper", "isPerson": True,
                                         "email": "grace@example.com"})
    so = netsuite.create("salesOrder", order_body(catalogue))
    netsuite.patch("salesOrder", so, {"entity": {"id": other}})
    assert netsuite.get("salesOrder", so)["entity"]["id"] == str(other)
    memo = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, **_lines(catalogue["item"])})
    netsuite.patch("creditMemo", memo, {"entity": {"id": other}})
    assert netsuite.get("creditMemo", memo)["entity"]["id"] == str(other)


# ------------------------------------------------ a transform keeps its source's currency and customer
TRANSFORM_SOURCES = [("cashSale", "cashRefund"), ("invoice", "creditMemo"), ("salesOrder", "invoice"),
                     ("salesOrder", "cashSale"), ("invoice", "customerPayment")]


@pytest.mark.parametrize("source_type, target_type", TRANSFORM_SOURCES)
def test_a_transform_cannot_give_its_record_another_currency_or_customer(netsuite, catalogue, source_type,
                                                                         target_type) -> None:
    """A record made by a transform takes its source's currency and customer (a refund of Ada's USD
    cash sale is Ada's, in USD): a body naming another currency (or null) or another customer is
    refused as a PATCH changing them would be, and nothing is written. A USD cash sale of 25.01 was
    refunded as a GBP cash refund of 25.01."""
    other = netsuite.create("customer", {"firstName": "Grace", "lastName": "Hopper", "isPerson": True,
                                         "email": "grace@example.com"})
    so = netsuite.create("salesOrder", order_body(catalogue))
    source = so if source_type == "salesOrder" else netsuite.transform("salesOrder", so, source_type)
    entity = "customer" if target_type == "customerPayment" else "entity"
    before = _transactions(netsuite)
    for body, path, what in (({"currency": {"id": "2"}}, "currency", "currency"),
                             ({"currency": None}, "currency", "currency"),
                             ({entity: {"id": other}}, entity, "customer")):
        response = raw(netsuite, "POST", f"/{source_type}/{source}/!transform/{target_type}", json=body)
        detail = assert_netsuite_error(response, 400, "USER_ERROR")
        assert detail["o:errorPath"] == path and what in detail["detail"], body
    assert _transactions(netsuite) == before
    # Naming the source's own currency and customer is no change.
    made = netsuite.transform(source_type, source, target_type,
                              {"currency": {"id": "1"}, entity: {"id": catalogue["customer"]}})
    record = netsuite.get(target_type, made)
    assert (record["currency"]["id"], record[entity]["id"]) == ("1", catalogue["customer"])


# ------------------------------------------------ a transaction always has a currency and a date
@pytest.mark.parametrize("name", ["currency", "tranDate"])
def test_a_transaction_cannot_be_left_without_a_currency_or_a_date(netsuite, catalogue, name) -> None:
    """``currency`` and ``tranDate`` are defaulted when a transaction is created without them, and
    mandatory: a null for either — created or patched — is refused like a null customer, and nothing
    is written. A null was taken: the record kept neither, yet was counted as USD, and
    ``currency ANY_OF [1]``, SuiteQL ``currency = 1`` and every date filter missed it."""
    before = _transactions(netsuite)
    detail = assert_netsuite_error(raw(netsuite, "POST", "/salesOrder", json=order_body(catalogue, **{name: None})),
                                   400, "USER_ERROR")
    assert detail["o:errorPath"] == name and f"Please enter value(s) for: {name}." in detail["detail"]
    assert _transactions(netsuite) == before
    so = netsuite.create("salesOrder", order_body(catalogue, currency={"id": "2"}))
    before, record = _transactions(netsuite), netsuite.get("salesOrder", so)
    detail = assert_netsuite_error(raw(netsuite, "PATCH", f"/salesOrder/{so}", json={name: None, "memo": "x"}),
                                   400, "USER_ERROR")
    assert detail["o:errorPath"] == name
    assert _transactions(netsuite) == before
    after = netsuite.get("salesOrder", so)
    assert (after["currency"]["refName"], after["tranDate"], "memo" in after) == \
        (record["currency"]["refName"], record["tranDate"], False)
    # Absent, they are defaulted: USD and today.
    made = netsuite.get("salesOrder", netsuite.create("salesOrder", order_body(catalogue)))
    assert (made["currency"]["refName"], made["tranDate"]) == ("USD", record["tranDate"])


def test_a_transaction_takes_its_customers_currency_by_default(netsuite, catalogue) -> None:
    """Oracle's "Currency on Customer Transactions": a transaction entered for a customer is in the
    customer's primary currency by default; and a customer's primary currency defaults to the
    company's ("Assigning Currencies to Entities"). A GBP customer's order, credit memo or refund
    left without a currency was USD — and a refund of the customer's GBP credit was refused for
    its currency — and a customer made without a currency had none."""
    assert netsuite.get("customer", catalogue["customer"])["currency"]["refName"] == "USD"
    pounds = netsuite.create("customer", {"lastName": "Brown", "currency": {"id": "2"},
                                          "currencyList": {"items": [{"currency": {"id": "1"}}]}})
    yen = netsuite.create("customer", {"lastName": "Sato", "currency": {"id": "6"}})
    order = netsuite.get("salesOrder", netsuite.create("salesOrder", order_body(catalogue, entity={"id": pounds})))
    assert (order["currency"]["refName"], order["total"]) == ("GBP", 25.01)
    order = netsuite.get("salesOrder", netsuite.create("salesOrder", order_body(catalogue, entity={"id": yen})))
    assert (order["currency"]["refName"], order["item"]["items"][0]["amount"], order["total"]) == ("JPY", 20, 25)
    memo = netsuite.create("creditMemo", {"entity": {"id": pounds}, **_lines(catalogue["item"], 1, 30.0)})
    refund = netsuite.create("customerRefund", {"customer": {"id": pounds},
                                                "apply": {"items": [{"doc": {"id": memo}, "apply": True}]}})
    assert netsuite.get("customerRefund", refund)["currency"]["refName"] == "GBP"
    named = netsuite.create("salesOrder", order_body(catalogue, entity={"id": pounds}, currency={"id": "1"}))
    assert netsuite.get("salesOrder", named)["currency"]["refName"] == "USD"  # a currency sent is kept
    detail = assert_netsuite_error(raw(netsuite, "PATCH", f"/customer/{pounds}", json={"currency": None}), 400, "USER_ERROR")
    assert detail["o:errorPath"] == "currency"
    assert netsuite.get("customer", pounds)["currency"]["refName"] == "GBP"


def _currencies(netsuite: NetSuiteClient, customer: str) -> list[str]:
    return [line["currency"]["refName"] for line in netsuite.get("customer", customer)["currencyList"]["items"]]


def test_a_transaction_of_an_inactive_customer_is_refused_and_a_search_can_leave_her_out(netsuite, catalogue) -> None:
    """A customer the merchant deactivated (``isInactive``) is no transaction's customer: "Invalid
    entity reference key" (Celigo's NetSuite Connector documentation: "no longer an Active Customer"),
    nothing written. A search by her email finds her unless it asks for active customers."""
    old = netsuite.create("customer", {"lastName": "Duplicate", "email": "ann@example.com", "isInactive": True})
    kept = netsuite.create("customer", {"lastName": "Lee", "email": "ann@example.com"})
    before = _transactions(netsuite)
    detail = assert_netsuite_error(raw(netsuite, "POST", "/salesOrder", json=order_body(catalogue, entity={"id": old})),
                                   400, "INVALID_KEY_OR_REF")
    assert (detail["detail"], detail["o:errorPath"]) == (f"Invalid entity reference key {old}.", "entity")
    assert _transactions(netsuite) == before
    assert netsuite.query("customer", 'email IS "ann@example.com"') == [old, kept]
    assert netsuite.query("customer", 'email IS "ann@example.com" AND isInactive IS false') == [kept]
    assert netsuite.create("salesOrder", order_body(catalogue, entity={"id": kept}))


def test_a_transaction_is_in_one_of_its_customers_currencies(netsuite, catalogue) -> None:
    """Multiple Currencies: a transaction names a currency of its customer's Currencies subtab
    (``currencyList``, her primary currency first) — Oracle, "Importing Currency Values for Sales
    Orders". A connector that made every customer in USD put EUR orders on her and the simulator
    took them; NetSuite refuses them. A line adds a currency; one she has transactions in stays."""
    brown = netsuite.create("customer", {"lastName": "Brown", "currency": {"id": "2"}})
    assert _currencies(netsuite, brown) == ["GBP"]
    line = raw(netsuite, "GET", f"/customer/{brown}/currencyList/1").json()
    assert (line["currency"]["refName"], line["displaySymbol"]) == ("GBP", "£")
    before = _transactions(netsuite)
    for path, body in (("/salesOrder", order_body(catalogue, entity={"id": brown}, currency={"id": "4"})),
                       ("/creditMemo", {"entity": {"id": brown}, "currency": {"id": "1"}, **_lines(catalogue["item"])})):
        detail = assert_netsuite_error(raw(netsuite, "POST", path, json=body), 400, "INVALID_KEY_OR_REF")
        assert (detail["detail"], detail["o:errorPath"]) == (f"Invalid currency reference key "
                                                             f"{body['currency']['id']} for entity {brown}.", "currency")
    assert _transactions(netsuite) == before
    # A line adds a currency (one she has is no change); her primary one stays first.
    for _ in range(2):
        netsuite.patch("customer", brown, {"currencyList": {"items": [{"currency": {"id": "4"}}, {"currency": {"id": "2"}}]}})
    assert _currencies(netsuite, brown) == ["GBP", "EUR"]
    euros = netsuite.create("salesOrder", order_body(catalogue, entity={"id": brown}, currency={"id": "4"}))
    assert netsuite.get("salesOrder", euros)["currency"]["refName"] == "EUR"
    # Nor may a PATCH put a transaction in a currency its customer lacks, or on a customer who lacks it.
    before = _transactions(netsuite)
    detail = assert_netsuite_error(raw(netsuite, "PATCH", f"/salesOrder/{euros}", json={"currency": {"id": "1"}}),
                                   400, "INVALID_KEY_OR_REF")
    assert detail["o:errorPath"] == "currency"
    pounds_only = netsuite.create("customer", {"lastName": "Grey", "currency": {"id": "2"}})
    assert_netsuite_error(raw(netsuite, "PATCH", f"/salesOrder/{euros}", json={"entity": {"id": pounds_only}}),
                          400, "INVALID_KEY_OR_REF")
    assert _transactions(netsuite) == before
    # A currency she has transactions in stays, and so does her primary currency.
    for body, path in (({"currencyList": {"items": []}}, "currencyList"), ({"currency": {"id": "4"}}, "currency")):
        response = raw(netsuite, "PATCH", f"/customer/{brown}?replace=currencyList", json=body)
        assert assert_netsuite_error(response, 400, "USER_ERROR")["o:errorPath"] == path
    assert _currencies(netsuite, brown) == ["GBP", "EUR"]
    netsuite.delete("salesOrder", euros)
    netsuite.patch("customer", brown, {"currencyList": {"items": [{"currency": {"id": "3"}}]}}, replace="currencyList")
    assert _currencies(netsuite, brown) == ["GBP", "CAD"]
    # A line's key is its currency; the balances NetSuite computes are taken and ignored.
    detail = assert_netsuite_error(raw(netsuite, "PATCH", f"/customer/{brown}", json={"currencyList": {"items": [{"balance": 1.0}]}}),
                                   400, "USER_ERROR")
    assert detail["o:errorPath"] == "currencyList.items[0].currency"
    netsuite.patch("customer", brown, {"currencyList": {"items": [{"currency": {"id": "5"}, "balance": 12.5}]}})
    assert _currencies(netsuite, brown) == ["GBP", "CAD", "AUD"]


def test_amounts_in_a_refusal_are_printed_to_the_currencys_cents(netsuite, catalogue) -> None:
    """Every amount a refusal names has the currency's decimals, as NetSuite prints money: a credit
    memo of 30.0 (a JSON float) said "unapplied on Credit Memo #1 (30.0)", beside "(50.00)"."""
    memo = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, **_lines(catalogue["item"], 1, 30.0)})
    response = raw(netsuite, "POST", "/customerRefund", json={
        "customer": {"id": catalogue["customer"]}, "apply": {"items": [{"doc": {"id": memo}, "amount": 50.0}]}})
    detail = assert_netsuite_error(response, 400, "USER_ERROR")["detail"]
    assert detail.startswith("The amount applied (50.00) exceeds the amount unapplied on ") and detail.endswith(" (30.00)."), detail
    lowered = raw(netsuite, "PATCH", f"/creditMemo/{memo}?replace=item", json={**_lines(catalogue["item"], 1, 5.0)})
    assert lowered.status_code == 204
    netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                       "apply": {"items": [{"doc": {"id": memo}, "amount": 5}]}})
    below = raw(netsuite, "PATCH", f"/creditMemo/{memo}?replace=item", json={**_lines(catalogue["item"], 1, 4.5)})
    detail = assert_netsuite_error(below, 400, "USER_ERROR")["detail"]
    assert "(4.50)" in detail and "(5.00)" in detail, detail


def test_two_apply_lines_naming_one_document_are_one_application(netsuite, catalogue) -> None:
    """The apply sublist is keyed by ``doc`` (FIDELITY.md): a second line naming the same credit
    memo addresses the same application, whose amount is the later line's."""
    memo = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, **_lines(catalogue["item"], 1, 30)})
    line = {"doc": {"id": memo}, "apply": True, "amount": 20}
    refund = netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                                "apply": {"items": [line, {**line, "amount": 15}]}})
    assert netsuite.get("customerRefund", refund)["total"] == 15.0
    assert [a["amount"] for a in netsuite.get("customerRefund", refund)["apply"]["items"]] == [15.0]
