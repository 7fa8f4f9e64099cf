"""Fulfillment issue_refund: PENDING, then REFUNDED (or FAILED when armed) on the tenant's clock,
eBay's limits on what remains, and each error of eBay's contract — every refused request leaves the
order as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from simulators.clients import EbayClient, VendorError
from simulators.ebay import errors
from simulators.ebay.routes import error_for_status
from simulators.ebay.schemas import REFUND_SETTLE_SECONDS
from contracts.checker import REGISTRY, Answer
from tests.ebay.conftest import EbaySim, assert_ebay_error, item_refund, order_refund, return_refund


def _refuse(ebay: EbayClient, order_id: str, body: dict[str, Any]) -> VendorError:
    with pytest.raises(VendorError) as refused:
        ebay.issue_refund(order_id, body)
    return refused.value


def _unchanged(ebay: EbayClient, order: dict[str, Any]) -> None:
    assert ebay.get_order(order["orderId"]) == order, "a refused refund changed the order"


# ---------------------------------------------------------------- the happy paths
def test_an_order_level_refund_is_pending_then_refunded_after_the_delay(ebay: EbayClient, sim: EbaySim, order) -> None:
    answer = ebay.issue_refund(order["orderId"], order_refund("10.00", "SHIPPING_DISCOUNT", comment="Late parcel"))
    assert answer["refundStatus"] == "PENDING" and answer["refundId"]

    pending = ebay.get_order(order["orderId"])
    [refund] = pending["paymentSummary"]["refunds"]
    assert refund == {"refundId": answer["refundId"], "refundStatus": "PENDING",
                      "amount": {"value": "10.00", "currency": "USD"}}
    assert pending["orderPaymentStatus"] == "PAID"  # nothing has reached the buyer yet
    assert all(line["refunds"] == [] for line in pending["lineItems"])  # an order-level refund

    sim.advance(REFUND_SETTLE_SECONDS - 1)
    assert ebay.get_order(order["orderId"])["paymentSummary"]["refunds"][0]["refundStatus"] == "PENDING"
    sim.advance(1)
    settled = ebay.get_order(order["orderId"])
    [refund] = settled["paymentSummary"]["refunds"]
    assert refund["refundStatus"] == "REFUNDED" and refund["refundDate"] and refund["refundReferenceId"]
    assert settled["orderPaymentStatus"] == "PARTIALLY_REFUNDED"
    assert settled["paymentSummary"]["totalDueSeller"]["value"] == "28.00"
    assert settled["lastModifiedDate"] > order["lastModifiedDate"]


def test_refunding_what_remains_makes_the_order_fully_refunded(ebay: EbayClient, sim: EbaySim, order) -> None:
    ebay.issue_refund(order["orderId"], order_refund("30.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    ebay.issue_refund(order["orderId"], order_refund("8.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    refunded = ebay.get_order(order["orderId"])
    assert refunded["orderPaymentStatus"] == "FULLY_REFUNDED"
    assert refunded["paymentSummary"]["totalDueSeller"]["value"] == "0.00"
    assert [r["amount"]["value"] for r in refunded["paymentSummary"]["refunds"]] == ["30.00", "8.00"]
    assert_ebay_error(_refuse(ebay, order["orderId"], order_refund("0.01")), 400, 34917)


def test_a_line_item_refund_shows_on_its_lines_and_not_in_the_payment_summary(ebay: EbayClient, sim: EbaySim, order) -> None:
    """OAS (v1.19.2 and v1.20.7), ``OrderRefund`` — the items of ``paymentSummary.refunds``: "This
    type contains information about a refund issued for an order. This does not include line item
    level refunds."; its ``refundId``: "If the issueRefund method was used to issue one or more
    refunds at the line item level, these refund identifiers are returned at the line item level
    instead (lineItems.refunds.refundId field)."
    """
    mug, tea = order["lineItems"]
    answer = ebay.issue_refund(order["orderId"], item_refund((mug["lineItemId"], "12.50"), (tea["lineItemId"], "10.50")))
    pending = ebay.get_order(order["orderId"])
    mug_after, tea_after = pending["lineItems"]
    # A LineItemRefund has no refundStatus: a pending one has no refundDate yet.
    assert mug_after["refunds"] == [{"amount": {"value": "12.50", "currency": "USD"}, "refundId": answer["refundId"]}]
    assert tea_after["refunds"] == [{"amount": {"value": "10.50", "currency": "USD"}, "refundId": answer["refundId"]}]
    assert pending["paymentSummary"]["refunds"] == []
    sim.advance(REFUND_SETTLE_SECONDS)
    settled = ebay.get_order(order["orderId"])
    assert settled["paymentSummary"]["refunds"] == []
    line_refund = settled["lineItems"][0]["refunds"][0]
    assert line_refund["refundId"] == answer["refundId"] and line_refund["refundDate"] and line_refund["refundReferenceId"]
    # The money still counts for the order as a whole.
    assert settled["orderPaymentStatus"] == "PARTIALLY_REFUNDED"
    assert settled["paymentSummary"]["totalDueSeller"]["value"] == "15.00"
    # What remains of the mug line is 27.50 - 12.50 = 15.00: one cent more is refused.
    assert_ebay_error(_refuse(ebay, order["orderId"], item_refund((mug["lineItemId"], "15.01"))), 409, 34924)
    ebay.issue_refund(order["orderId"], item_refund((mug["lineItemId"], "15.00")))


def test_order_level_and_line_item_refunds_each_show_where_the_oas_puts_them(ebay: EbayClient, sim: EbaySim, order) -> None:
    mug = order["lineItems"][0]
    by_order = ebay.issue_refund(order["orderId"], order_refund("5.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    by_line = ebay.issue_refund(order["orderId"], item_refund((mug["lineItemId"], "12.50")))
    sim.advance(REFUND_SETTLE_SECONDS)
    after = ebay.get_order(order["orderId"])
    assert [r["refundId"] for r in after["paymentSummary"]["refunds"]] == [by_order["refundId"]]
    assert [r["refundId"] for r in after["lineItems"][0]["refunds"]] == [by_line["refundId"]]
    assert after["lineItems"][1]["refunds"] == []
    assert after["paymentSummary"]["totalDueSeller"]["value"] == "20.50"


def test_a_line_item_can_be_named_by_its_legacy_reference(ebay: EbayClient, sim: EbaySim) -> None:
    single = sim.order(lineItems=[{"title": "Lamp", "price": "40.00"}], shipping="0.00")
    # The Fulfillment API (v1.20.7) prints no legacy transaction id: a seller reads it from the
    # buyer's return (Post-Order creationInfo.item).
    assert "legacyOrderId" not in single
    item = sim.buyer_return(single["orderId"])["creationInfo"]["item"]
    assert item["itemId"] == single["lineItems"][0]["legacyItemId"]
    body = {"reasonForRefund": "ITEM_NOT_RECEIVED", "refundItems": [{
        "legacyReference": {"legacyItemId": item["itemId"], "legacyTransactionId": item["transactionId"]},
        "refundAmount": {"value": "40.00", "currency": "USD"}}]}
    ebay.issue_refund(single["orderId"], body)
    sim.advance(REFUND_SETTLE_SECONDS)
    after = ebay.get_order(single["orderId"])
    assert after["orderPaymentStatus"] == "FULLY_REFUNDED"
    assert after["lineItems"][0]["refunds"][0]["amount"]["value"] == "40.00"


@pytest.mark.parametrize("reason", ["BUYER_CANCEL", "SELLER_CANCEL", "ITEM_NOT_RECEIVED", "BUYER_RETURN",
                                    "ITEM_NOT_AS_DESCRIBED", "OTHER_ADJUSTMENT", "SHIPPING_DISCOUNT"])
def test_every_reason_for_refund_is_accepted(ebay: EbayClient, order, reason: str) -> None:
    assert ebay.issue_refund(order["orderId"], order_refund("1.00", reason))["refundStatus"] == "PENDING"


_MUG = "__mug__"  # replaced by the order's first line item id


@pytest.mark.parametrize("body", [
    order_refund("0.01"),  # the smallest positive amount within two decimals
    order_refund("38.00"),  # all of the order
    order_refund("1.5"), order_refund("1"),
    {"reasonForRefund": "OTHER_ADJUSTMENT", "orderLevelRefundAmount": {"value": 1.25, "currency": "USD"}},
    order_refund("1.00", comment=""), order_refund("1.00", comment="x" * 100), order_refund("1.00", comment=None),
    order_refund("1.00", refundItems=None),  # null: the field left out
    item_refund((_MUG, "27.50")),  # all of the line (2 × 12.50 and its 2.50 of shipping)
    item_refund((_MUG, "1.00"), ("__tea__", "10.50")),
])
def test_issue_refund_takes_every_value_the_contract_gives(ebay: EbayClient, order, body: dict[str, Any]) -> None:
    """In-contract edges of ``IssueRefundRequest`` (OAS v1.20.7): amounts "positive and within two
    decimals" up to what remains, ``comment`` up to its "Max Length: 100", null fields as left out."""
    body = _replace(_replace(body, _MUG, order["lineItems"][0]["lineItemId"]), "__tea__", order["lineItems"][1]["lineItemId"])
    assert ebay.issue_refund(order["orderId"], body)["refundStatus"] == "PENDING"


# ------------------------------------------------------------- request errors


@pytest.mark.parametrize("body, status, error_id", [
    ({}, 400, 34902),
    ({"comment": "no reason"}, 400, 34903),
    (order_refund("1.00", "CHANGED_MY_MIND"), 400, 34903),
    ({"reasonForRefund": "OTHER_ADJUSTMENT"}, 400, 34905),
    ({**order_refund("1.00"), "refundItems": [{"lineItemId": _MUG, "refundAmount": {"value": "1.00", "currency": "USD"}}]}, 400, 34905),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": []}, 400, 34905),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "orderLevelRefundAmount": {"currency": "USD"}}, 400, 34906),
    (order_refund("-1.00"), 400, 34907),
    (order_refund("0"), 400, 34907),
    (order_refund("1.234"), 400, 34907),
    (order_refund("ten"), 400, 34907),
    (order_refund("1e0"), 400, 34907),  # eBay's amount values are decimal strings, not exponent notation
    (order_refund("1.5E1"), 400, 34907),
    (item_refund((_MUG, "1e0")), 400, 34907),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "orderLevelRefundAmount": {"value": "1.00"}}, 400, 34908),
    (order_refund("1.00", currency="EUR"), 400, 34909),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": [{"refundAmount": {"value": "1.00", "currency": "USD"}}]}, 400, 34910),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": [{"legacyReference": {"legacyTransactionId": "1"},
                                                              "refundAmount": {"value": "1.00", "currency": "USD"}}]}, 400, 34911),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": [{"legacyReference": {"legacyItemId": "1"},
                                                              "refundAmount": {"value": "1.00", "currency": "USD"}}]}, 400, 34912),
    (item_refund(("10000000000000", "1.00")), 400, 34914),
    (item_refund((_MUG, "1.00"), (_MUG, "1.00")), 400, 32210),
    (order_refund("1.00", comment="x" * 101), 400, 34921),
    (order_refund("38.01"), 400, 34915),
    (item_refund((_MUG, "27.51")), 409, 34924),
])
def test_requests_outside_the_contract_are_refused_and_change_nothing(
        ebay: EbayClient, order, body: dict[str, Any], status: int, error_id: int) -> None:
    mug = order["lineItems"][0]["lineItemId"]
    body = _replace(body, _MUG, mug)
    detail = assert_ebay_error(_refuse(ebay, order["orderId"], body), status, error_id)
    assert detail["domain"] == "API_FULFILLMENT"
    _unchanged(ebay, order)


def _replace(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    return new if value == old else value


def test_a_body_that_is_not_json_is_34902(api, ebay: EbayClient, order) -> None:
    """Text that is not JSON, and JSON that is not an object (no IssueRefundRequest can be read from
    it; eBay's answer to that is not published, FIDELITY.md: kept as the empty request), are 34902."""
    for body in ("{oops", "[]", '[{"reasonForRefund": "OTHER_ADJUSTMENT"}]', '"x"', "1", "true", "null"):
        response = api.request("POST", f"/sell/fulfillment/v1/order/{order['orderId']}/issue_refund",
                               data=body, headers={"Content-Type": "application/json"})
        assert (body, assert_ebay_error(response, 400, 34902)["message"]) == (body, "Request can't be empty.")
    _unchanged(ebay, order)


@pytest.mark.parametrize("content_type, error_id", [
    (None, 2005),
    ("text/plain", 2005),
    ("application/x-www-form-urlencoded", 2005),
    ("application/json", None),
    ("application/json; charset=utf-8", None),
    ("Application/JSON", None),
])
def test_a_body_is_read_only_as_application_json(api, ebay: EbayClient, order, content_type: str | None,
                                                 error_id: int | None) -> None:
    """issueRefund's contract requires the ``Content-Type`` header, "set to application/json"; eBay's
    gateway refuses a body of another or no media type with 2005 "Unsupported or not specified media
    type" (domain ACCESS; hendt/ebay-api issue #104), and nothing changes. Each was read as JSON."""
    headers = {} if content_type is None else {"Content-Type": content_type}
    response = api.request("POST", f"/sell/fulfillment/v1/order/{order['orderId']}/issue_refund",
                           data=json.dumps(order_refund("1.00")), headers=headers)
    if error_id is None:
        assert (response.status_code, response.json()["refundStatus"]) == (200, "PENDING"), response.text
        return
    detail = assert_ebay_error(response, 415, error_id)
    assert (detail["domain"], detail["category"], detail["message"], detail["longMessage"]) == (
        "ACCESS", "REQUEST", "Unsupported or not specified media type",
        "Media type in the request is either missing or unsupported.")
    _unchanged(ebay, order)


def test_an_empty_order_id_is_34901(api) -> None:
    """issueRefund's contract lists 400 34901 "Order id can't be null or empty." for its
    ``order_id`` path parameter: the path with no id (``/order//issue_refund``) was a 405 2003."""
    response = api.request("POST", "/sell/fulfillment/v1/order//issue_refund", json=order_refund("1.00"))
    detail = assert_ebay_error(response, 400, 34901)
    assert (detail["domain"], detail["category"], detail["message"]) == (
        "API_FULFILLMENT", "REQUEST", "Order id can't be null or empty.")


def test_refunding_an_unknown_order_is_404_34913(ebay: EbayClient) -> None:
    assert_ebay_error(_refuse(ebay, "12-34567-89012", order_refund("1.00")), 404, 34913)


def test_a_reason_for_refund_eBay_has_not_is_named_as_eBay_names_values(ebay: EbayClient, order) -> None:
    """eBay's messages give a value bare ("Invalid order ID: {orderId}", "Invalid filter value
    {fieldvalue} for filter {fieldname}": the contract's x-response-codes), never in Python's quotes."""
    detail = assert_ebay_error(_refuse(ebay, order["orderId"], order_refund("1.00", "CHANGED_MY_MIND")), 400, 34903)
    assert detail["longMessage"] == "Invalid reasonForRefund value: CHANGED_MY_MIND. It must be a value of " \
                                    "ReasonForRefundEnum."
    assert detail["parameters"] == [{"name": "reasonForRefund", "value": "CHANGED_MY_MIND"}]


# ------------------------------------------------------------- business rules
def test_no_refund_while_the_previous_one_is_processing(ebay: EbayClient, sim: EbaySim, order) -> None:
    ebay.issue_refund(order["orderId"], order_refund("5.00"))
    before = ebay.get_order(order["orderId"])
    detail = assert_ebay_error(_refuse(ebay, order["orderId"], order_refund("5.00")), 400, 34922)
    assert detail["message"] == "Refund can't be issued while previous refund is processing."
    _unchanged(ebay, before)
    sim.advance(REFUND_SETTLE_SECONDS)
    assert ebay.issue_refund(order["orderId"], order_refund("5.00"))["refundStatus"] == "PENDING"


def test_refunds_never_exceed_what_remains_of_the_order(ebay: EbayClient, sim: EbaySim, order) -> None:
    ebay.issue_refund(order["orderId"], order_refund("30.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    settled = ebay.get_order(order["orderId"])
    assert_ebay_error(_refuse(ebay, order["orderId"], order_refund("8.01")), 400, 34915)
    _unchanged(ebay, settled)


def test_an_order_older_than_the_refund_window_is_too_late(ebay: EbayClient, sim: EbaySim, order) -> None:
    sim.advance(61 * 86_400)
    detail = assert_ebay_error(_refuse(ebay, order["orderId"], order_refund("1.00")), 400, 34920)
    assert detail["category"] == "BUSINESS"
    old = sim.order(creationDate="2025-12-01T00:00:00+00:00")
    assert_ebay_error(_refuse(ebay, old["orderId"], order_refund("1.00")), 400, 34920)


def _legacy_refund(item_id: Any, transaction_id: Any) -> dict[str, Any]:
    return {"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": [
        {"legacyReference": {"legacyItemId": item_id, "legacyTransactionId": transaction_id},
         "refundAmount": {"value": "1.00", "currency": "USD"}}]}


@pytest.mark.parametrize("body, field", [
    (order_refund("1.00", comment=["a"]), "comment"),
    (order_refund("1.00", comment={"text": "a"}), "comment"),
    (order_refund("1.00", comment=5), "comment"),
    (order_refund("1.00", comment=True), "comment"),
    (order_refund("1.00", reason=["OTHER_ADJUSTMENT"]), "reasonForRefund"),  # type: ignore[arg-type]
    (order_refund("1.00", reason={"reason": "OTHER_ADJUSTMENT"}), "reasonForRefund"),  # type: ignore[arg-type]
    (order_refund(["1.00"]), "orderLevelRefundAmount.value"),  # type: ignore[arg-type]
    (order_refund({"amount": "1.00"}), "orderLevelRefundAmount.value"),  # type: ignore[arg-type]
    (order_refund(True), "orderLevelRefundAmount.value"),  # type: ignore[arg-type]
    (order_refund("1.00", currency=["USD"]), "orderLevelRefundAmount.currency"),  # type: ignore[arg-type]
    (order_refund("1.00", currency=840), "orderLevelRefundAmount.currency"),  # type: ignore[arg-type]
    (item_refund(([_MUG], "1.00")), "refundItems[0].lineItemId"),  # type: ignore[arg-type]
    (item_refund((7, "1.00")), "refundItems[0].lineItemId"),  # type: ignore[arg-type]
    (item_refund((_MUG, ["1.00"])), "refundItems[0].refundAmount.value"),  # type: ignore[arg-type]
    (_legacy_refund(["1"], "1"), "refundItems[0].legacyReference.legacyItemId"),
    (_legacy_refund("1", {"id": "1"}), "refundItems[0].legacyReference.legacyTransactionId"),
    # A container of another type: eBay's gateway names it as it names product.aspects sent as a
    # string (hendt/ebay-api issue #181). They were answered 34905 / 34906 / 34910 as if left out.
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "orderLevelRefundAmount": "1.00"}, "orderLevelRefundAmount"),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "orderLevelRefundAmount": [{"value": "1.00", "currency": "USD"}]},
     "orderLevelRefundAmount"),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": {"lineItemId": _MUG}}, "refundItems"),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": "MUG-1"}, "refundItems"),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": [_MUG]}, "refundItems[0]"),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": [{"lineItemId": _MUG, "refundAmount": "1.00"}]},
     "refundItems[0].refundAmount"),
    ({"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": [{"legacyReference": "1-2",
                                                              "refundAmount": {"value": "1.00", "currency": "USD"}}]},
     "refundItems[0].legacyReference"),
])
def test_a_text_field_of_another_type_is_2004_invalid_request_and_changes_nothing(
        ebay: EbayClient, order, body: dict[str, Any], field: str) -> None:
    """The contract types these fields ``string`` (or an object, an array: ``SimpleAmount``,
    ``RefundItem``, ``LegacyReference``); eBay refuses a body field it cannot read as its type with
    400 2004 "Invalid request", naming the field (FIDELITY.md). A comment of ``['a']`` was taken and
    kept as Python's text of it."""
    body = _replace(body, _MUG, order["lineItems"][0]["lineItemId"])
    detail = assert_ebay_error(_refuse(ebay, order["orderId"], body), 400, 2004)
    assert (detail["domain"], detail["category"], detail["message"]) == ("ACCESS", "REQUEST", "Invalid request")
    assert detail["parameters"] == [{"name": "reason", "value": f"Could not serialize field [{field}]"}]
    _unchanged(ebay, order)


def test_a_null_comment_is_no_comment(ebay: EbayClient, simulator_app, tenant, order) -> None:
    """JSON null in an optional text field is the field left out: not the text 'None'."""
    answer = ebay.issue_refund(order["orderId"], order_refund("1.00", comment=None))
    seller = simulator_app.extensions["refundsim.tenants"].get(tenant["tenant"]).state("ebay")
    [refund] = seller.find_order(order["orderId"]).refunds
    assert (refund.refund_id, refund.comment) == (answer["refundId"], "")


def test_a_comment_of_100_characters_is_taken_and_one_more_is_34921(ebay: EbayClient, order) -> None:
    """The contract types ``comment`` "Max Length: 100" while 34921's text says 1000: the stricter
    limit holds (FIDELITY.md), with eBay's text unchanged."""
    detail = assert_ebay_error(_refuse(ebay, order["orderId"], order_refund("1.00", comment="x" * 101)), 400, 34921)
    assert "1000 characters" in detail["message"]
    _unchanged(ebay, order)
    assert ebay.issue_refund(order["orderId"], order_refund("1.00", comment="x" * 100))["refundStatus"] == "PENDING"


def test_an_open_case_blocks_refunds_until_it_closes(ebay: EbayClient, sim: EbaySim, order) -> None:
    case = sim.open_case(order["orderId"], caseType="RETURN")
    assert (case["orderId"], case["caseType"], case["status"]) == (order["orderId"], "RETURN", "OPEN")
    for body in (order_refund("1.00"), item_refund((order["lineItems"][0]["lineItemId"], "1.00"))):
        detail = assert_ebay_error(_refuse(ebay, order["orderId"], body), 400, 34916)
        assert detail["category"] == "BUSINESS"
        assert detail["message"] == "A post-transaction case exists on this order, seller refund can't be triggered."
    _unchanged(ebay, order)
    assert sim.close_case(order["orderId"], case["caseId"])["status"] == "CLOSED"
    assert ebay.issue_refund(order["orderId"], order_refund("1.00"))["refundStatus"] == "PENDING"


def test_an_open_case_blocks_the_refund_of_a_return_too(ebay: EbayClient, sim: EbaySim, order) -> None:
    ret = sim.buyer_return(order["orderId"], quantity=1)
    sim.open_case(order["orderId"])
    with pytest.raises(VendorError) as refused:
        ebay.issue_return_refund(ret["returnId"], return_refund(12.5))
    detail = assert_ebay_error(refused.value, 400, 1701)
    assert "post-transaction case" in detail["message"]
    _unchanged(ebay, order)


@pytest.mark.parametrize("path, body, status", [
    ("/orders/99-99999-99999/cases", {}, 404),
    ("/orders/{order}/cases", {"caseType": "CHARGEBACK"}, 400),
    ("/orders/{order}/cases", {"reason": "x"}, 400),
])
def test_bad_case_requests_are_refused(sim: EbaySim, order, path: str, body: dict[str, Any], status: int) -> None:
    assert sim.post(path.format(order=order["orderId"]), body).status_code == status
    response = sim.session.delete(f"{sim.root}/orders/{order['orderId']}/cases/1", timeout=10)
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_case"
    assert response.json()["error"]["message"] == f"eBay order {order['orderId']} has no case 1."  # bare, as eBay's
    response = sim.post("/orders/99-99999-99999/cases", {})
    assert response.json()["error"]["message"] == "No eBay order 99-99999-99999."
    response = sim.post(f"/orders/{'9' * 5000}/cases", {})  # said, not echoed whole
    assert response.json()["error"]["message"] == f"No eBay order {'9' * 60}…."


def test_unpaid_orders_cannot_be_refunded(ebay: EbayClient, sim: EbaySim) -> None:
    pending = sim.order(orderPaymentStatus="PENDING")
    assert_ebay_error(_refuse(ebay, pending["orderId"], order_refund("1.00")), 409, 34929)
    failed = sim.order(orderPaymentStatus="FAILED")
    assert_ebay_error(_refuse(ebay, failed["orderId"], order_refund("1.00")), 400, 34923)


# -------------------------------------------------------------- armed FAILED
def test_an_armed_refund_ends_failed_and_gives_the_amount_back(ebay: EbayClient, sim: EbaySim, order) -> None:
    armed = sim.arm_failed_refund(order_id=order["orderId"])
    assert armed == {"armed": [{"orderId": order["orderId"], "outcome": "FAILED", "remaining": 1}]}
    answer = ebay.issue_refund(order["orderId"], order_refund("38.00"))
    assert answer["refundStatus"] == "PENDING"  # eBay does not know yet either
    sim.advance(REFUND_SETTLE_SECONDS)
    failed = ebay.get_order(order["orderId"])
    [refund] = failed["paymentSummary"]["refunds"]
    assert refund["refundStatus"] == "FAILED" and "refundDate" not in refund and "refundReferenceId" not in refund
    assert failed["orderPaymentStatus"] == "PAID" and failed["paymentSummary"]["totalDueSeller"]["value"] == "38.00"
    # The arming is spent and the money is still there: the retry goes through.
    ebay.issue_refund(order["orderId"], order_refund("38.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    assert ebay.get_order(order["orderId"])["orderPaymentStatus"] == "FULLY_REFUNDED"


def test_a_tenant_wide_arming_fails_the_next_refunds_of_any_order(ebay: EbayClient, sim: EbaySim, order) -> None:
    other = sim.order()
    assert sim.arm_failed_refund(count=2)["armed"] == [{"orderId": None, "outcome": "FAILED", "remaining": 2}]
    ebay.issue_refund(order["orderId"], order_refund("1.00"))
    ebay.issue_refund(other["orderId"], order_refund("1.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    ebay.issue_refund(order["orderId"], order_refund("1.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    statuses = [r["refundStatus"] for r in ebay.get_order(order["orderId"])["paymentSummary"]["refunds"]]
    assert statuses == ["FAILED", "REFUNDED"]
    assert ebay.get_order(other["orderId"])["paymentSummary"]["refunds"][0]["refundStatus"] == "FAILED"


def test_an_order_specific_arming_leaves_other_orders_alone(ebay: EbayClient, sim: EbaySim, order) -> None:
    other = sim.order()
    sim.arm_failed_refund(order_id=order["orderId"])
    ebay.issue_refund(other["orderId"], order_refund("1.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    assert ebay.get_order(other["orderId"])["paymentSummary"]["refunds"][0]["refundStatus"] == "REFUNDED"


@pytest.mark.parametrize("body, status", [
    ({"outcome": "REFUNDED"}, 400),
    ({}, 400),
    ({"outcome": "FAILED", "count": 0}, 400),
    ({"outcome": "FAILED", "count": "1"}, 400),
    ({"outcome": "FAILED", "orderId": "99-99999-99999"}, 404),
    ({"outcome": "FAILED", "when": "now"}, 400),
])
def test_bad_arming_requests_are_refused_and_arm_nothing(ebay: EbayClient, sim: EbaySim, order, body, status) -> None:
    response = sim.post("/refund_outcome", body)
    assert response.status_code == status and "error" in response.json()
    ebay.issue_refund(order["orderId"], order_refund("1.00"))
    sim.advance(REFUND_SETTLE_SECONDS)
    assert ebay.get_order(order["orderId"])["paymentSummary"]["refunds"][0]["refundStatus"] == "REFUNDED"


# ------------------------------------------------------------ authentication
@pytest.mark.parametrize("headers, error_id", [
    ({}, 1002),
    ({"Authorization": "Bearer not-a-token"}, 1001),
    ({"Authorization": "Bearer"}, 1001),
    ({"Authorization": "IAF {token}"}, 1001),  # IAF is the Post-Order scheme, not the Sell APIs'
    ({"Authorization": "Basic {token}"}, 1001),
])
def test_requests_without_a_valid_bearer_token_are_401(api, order, headers, error_id) -> None:
    headers = {k: v.format(token=api.token) for k, v in headers.items()}
    response = api.request("GET", f"/sell/fulfillment/v1/order/{order['orderId']}", scheme="", headers=headers)
    detail = assert_ebay_error(response, 401, error_id)
    assert detail["domain"] == "OAuth"


# ------------------------------------------------------------- call limits
def test_past_the_call_limit_eBay_answers_429_2001_until_the_window_ends(ebay: EbayClient, sim: EbaySim, order) -> None:
    assert sim.call_limit(2, window_seconds=3600) == {"limit": 2, "window_seconds": 3600, "used": 0}
    ebay.get_order(order["orderId"])
    ebay.search_returns(order["orderId"])  # both APIs count
    with pytest.raises(VendorError) as refused:
        ebay.issue_refund(order["orderId"], order_refund("1.00"))
    detail = assert_ebay_error(refused.value, 429, 2001)
    assert (detail["domain"], detail["message"]) == ("ACCESS", "Too many requests")
    sim.advance(3600)
    ebay.issue_refund(order["orderId"], order_refund("1.00"))
    sim.call_limit(None)
    for _ in range(3):
        ebay.get_order(order["orderId"])


@pytest.mark.parametrize("body", [{}, {"limit": 0}, {"limit": 1, "window_seconds": 0}, {"limit": "5"},
                                  {"limit": 1, "window_seconds": None}, {"limit": None, "window_seconds": None}])
def test_bad_call_limits_are_400(sim: EbaySim, ebay: EbayClient, order, body) -> None:
    """A refused call limit is a control-plane error and leaves the limit as it was (here: none).
    A window of null is refused like any other non-integer (it was a TypeError, a 500)."""
    response = sim.post("/call_limit", body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_body", response.text
    for _ in range(3):
        ebay.get_order(order["orderId"])


@pytest.mark.parametrize("path, status, error_id", [
    ("/sell/fulfillment/v1/order/1", 429, 2001),
    ("/sell/fulfillment/v1/order/1", 503, 30500),
    ("/sell/fulfillment/v1/order/1", 500, 30500),
    ("/sell/fulfillment/v1/order/1/issue_refund", 500, 34900),
    ("/sell/fulfillment/v1/order/1", 401, 1001),
    ("/sell/fulfillment/v1/order/1", 403, 1100),
    ("/sell/fulfillment/v1/order/1", 400, 32800),
    ("/post-order/v2/return/1", 500, 1001),
    ("/post-order/v2/return/1", 429, 2001),
])
def test_faults_armed_by_status_get_ebays_shape(path: str, status: int, error_id: int) -> None:
    """What the shared fault machinery answers when it arms an HTTP status on an eBay path."""
    with Flask(__name__).test_request_context(path):
        error = error_for_status(status, "")
        body = error.body()
    assert (error.status, errors.EbayError.detail(error)["errorId"]) == (status, error_id)
    method = "POST" if path.endswith("/issue_refund") else "GET"
    answer = Answer(method, path, status, {"Content-Type": "application/json"}, json.dumps(body).encode())
    assert REGISTRY.check(answer) is None, "the error breaks eBay's contract"


def test_a_simulator_bug_on_an_ebay_path_says_so() -> None:
    """The report files failures by the words "Unexpected simulator error": eBay's 5xx carries them."""
    with Flask(__name__).test_request_context("/sell/fulfillment/v1/order/1"):
        error = error_for_status(500, "Unexpected simulator error: KeyError.")
    assert (error.status, error.message) == (500, "Unexpected simulator error: KeyError.")
