"""Post-Order cancellations: the buyer asks to cancel a whole order the seller has not shipped,
within the hour; the seller approves (eBay refunds the buyer what remains of the order, an
order-level BUYER_CANCEL refund) or rejects it; getOrder's ``cancelStatus`` follows."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest

from simulators.clients import ControlPlaneClient, EbayClient, VendorError
from simulators.clients.ebay import EbayError
from simulators.ebay.models import Seller
from simulators.ebay.schemas import (
    CANCEL_REASONS, CANCEL_REQUEST_CUTOFF, CANCEL_RESPONSE_DUE, REFUND_SETTLE_SECONDS, RETURNS_MAX_LIMIT,
)
from tests.conftest import make_writes_meet, race
from tests.ebay.conftest import ORDER, EbaySim, assert_ebay_error, make_client, order_refund

THREADS = 8


@pytest.fixture
def unshipped(sim: EbaySim) -> dict[str, Any]:
    """A paid order of 38.00 the seller has not shipped yet."""
    return sim.order(**ORDER, orderFulfillmentStatus="NOT_STARTED")


def test_an_approved_cancellation_refunds_the_whole_order_and_closes_when_the_refund_settles(
        ebay: EbayClient, sim: EbaySim, unshipped: dict[str, Any]) -> None:
    order_id = unshipped["orderId"]
    asked = sim.buyer_cancellation(order_id, cancelReason="ORDER_MISTAKE")
    assert (asked["cancelState"], asked["cancelStatus"]) == ("APPROVAL_PENDING", "CANCEL_REQUESTED")
    assert asked["legacyOrderId"] == order_id and asked["requestRefundAmount"] == {"value": 38.0, "currency": "USD"}
    order = ebay.get_order(order_id)
    assert order["cancelStatus"]["cancelState"] == "IN_PROGRESS"
    assert [r["cancelRequestState"] for r in order["cancelStatus"]["cancelRequests"]] == ["REQUESTED"]
    assert order["paymentSummary"]["refunds"] == []

    ebay.approve_cancellation(asked["cancelId"])
    detail = ebay.get_cancellation(asked["cancelId"])["cancelDetail"]
    assert (detail["cancelState"], detail["cancelStatus"]) == ("REFUND_INITIATED", "CANCEL_PENDING")
    [refund] = ebay.get_order(order_id)["paymentSummary"]["refunds"]
    assert (refund["refundStatus"], refund["amount"]["value"]) == ("PENDING", "38.00")

    sim.advance(REFUND_SETTLE_SECONDS)
    detail = ebay.get_cancellation(asked["cancelId"])["cancelDetail"]
    assert (detail["cancelState"], detail["cancelStatus"], detail["cancelCloseReason"]) == (
        "CLOSED", "CANCEL_CLOSED_WITH_REFUND", "FULL_REFUNDED")
    assert [h["activityType"] for h in detail["activityHistories"]] == ["BUYER_CREATE_CANCEL", "SELLER_APPROVE", "SYSTEM_REFUND"]
    order = ebay.get_order(order_id)
    assert order["orderPaymentStatus"] == "FULLY_REFUNDED"
    assert order["cancelStatus"]["cancelState"] == "CANCELED" and "cancelledDate" in order["cancelStatus"]
    assert [r["cancelRequestState"] for r in order["cancelStatus"]["cancelRequests"]] == ["COMPLETED"]
    [found] = ebay.search_cancellations(legacy_order_id=order_id)["cancellations"]
    assert found["cancelId"] == asked["cancelId"] and found["cancelStatus"] == "CANCEL_CLOSED_WITH_REFUND"
    assert ebay.every_cancellation(order_id) == [found]


def test_a_rejected_cancellation_refunds_nothing(ebay: EbayClient, sim: EbaySim, unshipped: dict[str, Any]) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    ebay.reject_cancellation(asked["cancelId"])
    detail = ebay.get_cancellation(asked["cancelId"], fieldgroups="SUMMARY")["cancelDetail"]
    assert (detail["cancelState"], detail["cancelStatus"], detail["cancelCloseReason"]) == (
        "CLOSED", "CANCEL_REJECTED", "SELLER_DECLINE")
    assert "activityHistories" not in detail
    order = ebay.get_order(unshipped["orderId"])
    assert order["paymentSummary"]["refunds"] == [] and order["orderPaymentStatus"] == "PAID"
    assert order["cancelStatus"]["cancelState"] == "NONE_REQUESTED"
    with pytest.raises(VendorError) as refused:
        ebay.approve_cancellation(asked["cancelId"])
    assert_ebay_error(refused.value, 400, 1711)


# ------------------------------------------------------------------ helpers
def _whole(ebay: EbayClient, cancel_id: str) -> dict[str, Any]:
    return ebay.get_cancellation(cancel_id)["cancelDetail"]


def _refused(call: Callable[[], Any]) -> VendorError:
    with pytest.raises(VendorError) as refused:
        call()
    return refused.value


def _unshipped(sim: EbaySim, **body: Any) -> dict[str, Any]:
    return sim.order(**{**ORDER, "orderFulfillmentStatus": "NOT_STARTED", **body})


# ------------------------------------------------------- the buyer's request
def test_a_request_defaults_to_order_mistake_and_is_due_in_three_days(
        ebay: EbayClient, sim: EbaySim, unshipped: dict[str, Any]) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    assert asked["cancelReason"] == "ORDER_MISTAKE" and asked["requestorType"] == "BUYER"
    assert asked["marketplaceId"] == "EBAY_US" and asked["paymentStatus"] == "PAID"
    requested = datetime.fromisoformat(asked["cancelRequestDate"]["value"].replace("Z", "+00:00"))
    due = datetime.fromisoformat(asked["sellerResponseDueDate"]["value"].replace("Z", "+00:00"))
    assert due - requested == CANCEL_RESPONSE_DUE
    assert [(line["itemId"], line["transactionId"], line["cancelQuantity"]) for line in asked["lineItems"]] == [
        (line["legacyItemId"], asked["lineItems"][i]["transactionId"], line["quantity"])
        for i, line in enumerate(unshipped["lineItems"])]
    detail = _whole(ebay, asked["cancelId"])
    assert {k: v for k, v in detail.items() if k != "activityHistories"} == {
        k: v for k, v in asked.items() if k != "orderId"}
    assert [(h["activityType"], h["activityParty"], h["cancelStateFrom"], h["cancelStateTo"])
            for h in detail["activityHistories"]] == [("BUYER_CREATE_CANCEL", "BUYER", "INITIAL", "APPROVAL_PENDING")]
    [request] = ebay.get_order(unshipped["orderId"])["cancelStatus"]["cancelRequests"]
    assert (request["cancelRequestId"], request["cancelInitiator"], request["cancelReason"]) == (
        asked["cancelId"], "BUYER", "ORDER_MISTAKE")
    assert "cancelCompletedDate" not in request


def test_an_order_is_created_not_shipped_only_with_a_fulfillment_status_of_ebays(ebay: EbayClient, sim: EbaySim) -> None:
    for status in ("NOT_STARTED", "IN_PROGRESS", "FULFILLED"):
        assert sim.order(orderFulfillmentStatus=status)["orderFulfillmentStatus"] == status
    assert sim.order()["orderFulfillmentStatus"] == "FULFILLED"
    before = ebay.get_orders()["total"]
    for bad in ("SHIPPED", "not_started", None, 1):
        response = sim.post("/orders", {**ORDER, "orderFulfillmentStatus": bad})
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_body", response.text
    assert ebay.get_orders()["total"] == before


def _refuse_request(ebay: EbayClient, sim: EbaySim, order_id: str, body: dict[str, Any], status: int,
                    code: str) -> dict[str, Any]:
    """The control plane refuses the buyer's request with ``status`` / ``code`` and nothing changes."""
    before = ebay.get_order(order_id) if status != 404 else None
    searched = ebay.search_cancellations()
    response = sim.post(f"/orders/{order_id}/cancellations", body)
    assert response.status_code == status and response.json()["error"]["code"] == code, response.text
    if before is not None:
        assert ebay.get_order(order_id) == before
    assert ebay.search_cancellations() == searched
    return response.json()["error"]


def test_an_unknown_order_is_404(ebay: EbayClient, sim: EbaySim) -> None:
    error = _refuse_request(ebay, sim, "99-99999-99999", {}, 404, "unknown_order")
    assert error["message"] == "No eBay order 99-99999-99999."


@pytest.mark.parametrize("payment", ["PENDING", "FAILED"])
def test_an_unpaid_order_is_400(ebay: EbayClient, sim: EbaySim, payment: str) -> None:
    unpaid = _unshipped(sim, orderPaymentStatus=payment)
    _refuse_request(ebay, sim, unpaid["orderId"], {}, 400, "invalid_body")
    assert ebay.get_order(unpaid["orderId"])["cancelStatus"] == {"cancelState": "NONE_REQUESTED", "cancelRequests": []}


@pytest.mark.parametrize("fulfillment", ["FULFILLED", "IN_PROGRESS"])
def test_an_order_the_seller_has_started_to_ship_is_409(ebay: EbayClient, sim: EbaySim, fulfillment: str) -> None:
    shipped = sim.order(**ORDER, orderFulfillmentStatus=fulfillment)
    error = _refuse_request(ebay, sim, shipped["orderId"], {}, 409, "conflict")
    assert fulfillment in error["message"]


def test_a_request_past_the_hour_is_409(ebay: EbayClient, sim: EbaySim) -> None:
    on_time, late = _unshipped(sim), _unshipped(sim)
    sim.advance(3600)
    sim.buyer_cancellation(on_time["orderId"])  # the hour's last second still counts
    sim.advance(1)
    error = _refuse_request(ebay, sim, late["orderId"], {}, 409, "conflict")
    assert "an hour" in error["message"]
    assert ebay.get_order(late["orderId"])["cancelStatus"]["cancelState"] == "NONE_REQUESTED"


def test_a_request_dated_back_past_the_hour_is_409(ebay: EbayClient, sim: EbaySim) -> None:
    now = datetime.fromisoformat(sim.advance(0).replace("Z", "+00:00"))
    old = _unshipped(sim, creationDate=(now - CANCEL_REQUEST_CUTOFF - timedelta(seconds=1)).isoformat())
    _refuse_request(ebay, sim, old["orderId"], {}, 409, "conflict")


def test_a_second_request_is_409_whatever_became_of_the_first(ebay: EbayClient, sim: EbaySim,
                                                              unshipped: dict[str, Any]) -> None:
    order_id = unshipped["orderId"]
    first = sim.buyer_cancellation(order_id)
    error = _refuse_request(ebay, sim, order_id, {}, 409, "conflict")
    assert first["cancelId"] in error["message"]
    ebay.reject_cancellation(first["cancelId"])
    _refuse_request(ebay, sim, order_id, {"cancelReason": "OTHER"}, 409, "conflict")
    assert [r["cancelRequestState"] for r in ebay.get_order(order_id)["cancelStatus"]["cancelRequests"]] == ["REJECTED"]


def test_an_order_refunded_in_full_has_nothing_to_cancel(ebay: EbayClient, sim: EbaySim,
                                                         unshipped: dict[str, Any]) -> None:
    ebay.issue_refund(unshipped["orderId"], order_refund("38.00"))
    _refuse_request(ebay, sim, unshipped["orderId"], {}, 409, "conflict")  # pending counts too
    sim.advance(REFUND_SETTLE_SECONDS)
    _refuse_request(ebay, sim, unshipped["orderId"], {}, 409, "conflict")


def test_a_partly_refunded_order_is_not_cancelled(ebay: EbayClient, sim: EbaySim, unshipped: dict[str, Any]) -> None:
    """``EligibilityFailureReasonEnum`` PARTIAL_REFUNDED_ORDER: eBay cancels only an order nothing was
    refunded of (a pending refund counts)."""
    ebay.issue_refund(unshipped["orderId"], order_refund("10.00"))
    error = _refuse_request(ebay, sim, unshipped["orderId"], {}, 409, "conflict")
    assert error["message"].endswith("(PARTIAL_REFUNDED_ORDER)"), error
    sim.advance(REFUND_SETTLE_SECONDS)
    _refuse_request(ebay, sim, unshipped["orderId"], {}, 409, "conflict")


@pytest.mark.parametrize("body", [
    {"cancelReason": "CHANGED_MY_MIND"}, {"cancelReason": "order_mistake"}, {"cancelReason": None},
    {"cancelReason": ["ORDER_MISTAKE"]}, {"reason": "ORDER_MISTAKE"}, {"cancelReason": "OTHER", "amount": "1.00"},
])
def test_a_bad_request_body_is_400(ebay: EbayClient, sim: EbaySim, unshipped: dict[str, Any], body) -> None:
    _refuse_request(ebay, sim, unshipped["orderId"], body, 400, "invalid_body")
    sim.buyer_cancellation(unshipped["orderId"], cancelReason="OTHER")  # the refusals spent nothing


@pytest.mark.parametrize("reason", CANCEL_REASONS)
def test_every_cancel_reason_of_the_contract_is_taken(ebay: EbayClient, sim: EbaySim, reason: str) -> None:
    asked = sim.buyer_cancellation(_unshipped(sim)["orderId"], cancelReason=reason)
    assert _whole(ebay, asked["cancelId"])["cancelReason"] == reason


# ------------------------------------------------------------- getCancellation
@pytest.mark.parametrize("fieldgroups, history", [(None, True), ("FULL", True), ("SUMMARY", False)])
def test_get_cancellation_answers_the_field_group_asked_for(ebay: EbayClient, sim: EbaySim, unshipped: dict[str, Any],
                                                            fieldgroups: str | None, history: bool) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    detail = ebay.get_cancellation(asked["cancelId"], fieldgroups=fieldgroups)["cancelDetail"]
    assert ("activityHistories" in detail) is history and detail["cancelId"] == asked["cancelId"]


@pytest.mark.parametrize("fieldgroups", ["NONE", "ALL", "full", "summary", "FULL,SUMMARY", ""])
def test_get_cancellation_refuses_another_field_group(ebay: EbayClient, api, sim: EbaySim, unshipped: dict[str, Any],
                                                      fieldgroups: str) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    response = api.request("GET", f"/post-order/v2/cancellation/{asked['cancelId']}", scheme="IAF",
                           params={"fieldgroups": fieldgroups})
    assert_ebay_error(response, 400, 1700)


def test_an_unknown_cancellation_is_404_1710(ebay: EbayClient, api, sim: EbaySim, unshipped: dict[str, Any]) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    before = _whole(ebay, asked["cancelId"])
    for call in (lambda: ebay.get_cancellation("5999999999"), lambda: ebay.approve_cancellation("5999999999"),
                 lambda: ebay.reject_cancellation("5999999999"), lambda: ebay.get_cancellation(unshipped["orderId"])):
        detail = assert_ebay_error(_refused(call), 404, 1710)
        assert (detail["domain"], detail["severity"], detail["httpStatusCode"]) == ("returnErrorDomain", "ERROR", 404)
    # An unknown id is 404 before its body is read: a bad body does not make it 400.
    sent: list[dict[str, Any]] = [{"json": []}, {}]  # a list, and no body at all
    for body in sent:
        response = api.request("POST", "/post-order/v2/cancellation/5999999999/reject", scheme="IAF", **body)
        assert_ebay_error(response, 404, 1710)
    assert _whole(ebay, asked["cancelId"]) == before


def test_another_sellers_cancellation_is_404(ebay: EbayClient, simulators, unshipped: dict[str, Any],
                                             sim: EbaySim) -> None:
    other_tenant = ControlPlaneClient(simulators.base_url).create_tenant(seed=11)
    other = make_client(simulators.base_url, other_tenant["ebay"])
    asked = sim.buyer_cancellation(unshipped["orderId"])
    assert_ebay_error(_refused(lambda: other.get_cancellation(asked["cancelId"])), 404, 1710)
    assert_ebay_error(_refused(lambda: other.approve_cancellation(asked["cancelId"])), 404, 1710)
    assert other.search_cancellations()["total"] == 0
    assert _whole(ebay, asked["cancelId"])["cancelState"] == "APPROVAL_PENDING"


# ------------------------------------------------------------------- approve
def test_an_approval_is_an_order_level_buyer_cancel_refund(ebay: EbayClient, sim: EbaySim,
                                                           unshipped: dict[str, Any]) -> None:
    order_id = unshipped["orderId"]
    asked = sim.buyer_cancellation(order_id)
    ebay.approve_cancellation(asked["cancelId"])
    order = ebay.get_order(order_id)
    [refund] = order["paymentSummary"]["refunds"]
    assert refund["amount"] == {"value": "38.00", "currency": "USD"} and refund["refundStatus"] == "PENDING"
    assert all(line.get("refunds", []) == [] for line in order["lineItems"])  # not a line item level refund
    assert order["cancelStatus"]["cancelState"] == "IN_PROGRESS" and "cancelledDate" not in order["cancelStatus"]
    [request] = order["cancelStatus"]["cancelRequests"]
    assert request["cancelRequestState"] == "COMPLETED" and request["cancelCompletedDate"]
    # The refund is eBay's: while it processes the seller's own refund waits (34922), and once
    # settled there is nothing left (34917).
    assert_ebay_error(_refused(lambda: ebay.issue_refund(order_id, order_refund("1.00"))), 400, 34922)
    detail = _whole(ebay, asked["cancelId"])
    assert "sellerResponseDueDate" not in detail and "cancelCloseDate" not in detail
    sim.advance(REFUND_SETTLE_SECONDS)
    assert_ebay_error(_refused(lambda: ebay.issue_refund(order_id, order_refund("1.00"))), 400, 34917)
    closed = _whole(ebay, asked["cancelId"])
    assert closed["cancelCloseDate"] and closed["requestRefundAmount"] == {"value": 38.0, "currency": "USD"}


def test_a_cancellation_is_approved_once(ebay: EbayClient, sim: EbaySim, unshipped: dict[str, Any]) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    ebay.approve_cancellation(asked["cancelId"])
    before = _whole(ebay, asked["cancelId"])
    assert_ebay_error(_refused(lambda: ebay.approve_cancellation(asked["cancelId"])), 400, 1711)
    assert_ebay_error(_refused(lambda: ebay.reject_cancellation(asked["cancelId"])), 400, 1711)
    assert _whole(ebay, asked["cancelId"]) == before
    sim.advance(REFUND_SETTLE_SECONDS)
    for call in (ebay.approve_cancellation, ebay.reject_cancellation):
        detail = assert_ebay_error(_refused(partial(call, asked["cancelId"])), 400, 1711)
        assert "CANCEL_CLOSED_WITH_REFUND" in detail["message"]
    order = ebay.get_order(unshipped["orderId"])
    assert [r["amount"]["value"] for r in order["paymentSummary"]["refunds"]] == ["38.00"]
    assert order["paymentSummary"]["totalDueSeller"]["value"] == "0.00"


def test_an_open_case_refuses_the_approval_and_writes_nothing(ebay: EbayClient, sim: EbaySim,
                                                              unshipped: dict[str, Any]) -> None:
    order_id = unshipped["orderId"]
    asked = sim.buyer_cancellation(order_id)
    case = sim.open_case(order_id)
    before, order_before = _whole(ebay, asked["cancelId"]), ebay.get_order(order_id)
    detail = assert_ebay_error(_refused(lambda: ebay.approve_cancellation(asked["cancelId"])), 400, 1711)
    assert "case" in detail["message"]
    assert _whole(ebay, asked["cancelId"]) == before and ebay.get_order(order_id) == order_before
    sim.close_case(order_id, case["caseId"])
    ebay.approve_cancellation(asked["cancelId"])  # still awaiting the seller: approved once the case is closed
    assert _whole(ebay, asked["cancelId"])["cancelStatus"] == "CANCEL_PENDING"


def test_a_refund_processing_refuses_the_approval(ebay: EbayClient, sim: EbaySim, unshipped: dict[str, Any]) -> None:
    order_id = unshipped["orderId"]
    asked = sim.buyer_cancellation(order_id)
    ebay.issue_refund(order_id, order_refund("5.00"))
    before = _whole(ebay, asked["cancelId"])
    assert_ebay_error(_refused(lambda: ebay.approve_cancellation(asked["cancelId"])), 400, 1711)
    assert _whole(ebay, asked["cancelId"]) == before
    sim.advance(REFUND_SETTLE_SECONDS)
    ebay.approve_cancellation(asked["cancelId"])
    sim.advance(REFUND_SETTLE_SECONDS)
    order = ebay.get_order(order_id)
    assert [r["amount"]["value"] for r in order["paymentSummary"]["refunds"]] == ["5.00", "33.00"]
    assert _whole(ebay, asked["cancelId"])["requestRefundAmount"]["value"] == 33.0  # what remained when approved


def test_a_failed_refund_closes_the_cancellation_without_a_refund(ebay: EbayClient, sim: EbaySim,
                                                                  unshipped: dict[str, Any]) -> None:
    order_id = unshipped["orderId"]
    asked = sim.buyer_cancellation(order_id)
    sim.arm_failed_refund(order_id=order_id)
    ebay.approve_cancellation(asked["cancelId"])
    assert _whole(ebay, asked["cancelId"])["cancelStatus"] == "CANCEL_PENDING"  # eBay does not know yet either
    sim.advance(REFUND_SETTLE_SECONDS)
    detail = _whole(ebay, asked["cancelId"])
    assert (detail["cancelState"], detail["cancelStatus"], detail["cancelCloseReason"]) == (
        "CLOSED", "CANCEL_CLOSED_NO_REFUND", "REFUND_FAILED")
    assert [h["activityType"] for h in detail["activityHistories"]] == [
        "BUYER_CREATE_CANCEL", "SELLER_APPROVE", "SYSTEM_NOTIFY_REFUND_STATUS"]
    order = ebay.get_order(order_id)
    assert order["orderPaymentStatus"] == "PAID" and order["paymentSummary"]["totalDueSeller"]["value"] == "38.00"
    [refund] = order["paymentSummary"]["refunds"]
    assert refund["refundStatus"] == "FAILED" and "refundDate" not in refund
    assert order["cancelStatus"]["cancelState"] == "CANCELED"
    assert ebay.search_cancellations(legacy_order_id=order_id)["cancellations"][0]["cancelStatus"] == (
        "CANCEL_CLOSED_NO_REFUND")
    assert_ebay_error(_refused(lambda: ebay.approve_cancellation(asked["cancelId"])), 400, 1711)


# -------------------------------------------------------------------- reject
def test_a_rejection_takes_a_shipment_date_and_tracking_number(ebay: EbayClient, sim: EbaySim,
                                                               unshipped: dict[str, Any]) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    ebay.reject_cancellation(asked["cancelId"], {"shipmentDate": {"value": "2026-12-04T10:00:00.000Z"},
                                                 "trackingNumber": "9400100000000000000000"})
    detail = _whole(ebay, asked["cancelId"])
    assert detail["cancelStatus"] == "CANCEL_REJECTED" and detail["cancelCloseDate"]
    assert "sellerResponseDueDate" not in detail
    assert [(h["activityType"], h["activityParty"], h["cancelStateTo"]) for h in detail["activityHistories"]] == [
        ("BUYER_CREATE_CANCEL", "BUYER", "APPROVAL_PENDING"), ("SELLER_REJECT", "SELLER", "CLOSED")]
    assert [r["cancelRequestState"] for r in ebay.get_order(unshipped["orderId"])["cancelStatus"]["cancelRequests"]] == [
        "REJECTED"]


@pytest.mark.parametrize("body", [
    [], [{}], "{}", 1, None,
    {"shipmentDate": "2026-12-04T10:00:00.000Z"}, {"shipmentDate": {"value": "yesterday"}},
    {"shipmentDate": {"value": "2026-12-04T10:00:00"}}, {"shipmentDate": {"value": 1764842400}}, {"shipmentDate": {}},
    {"trackingNumber": 9400100000}, {"trackingNumber": ["94001"]}, {"trackingNumber": {"value": "94001"}},
])
def test_a_bad_rejection_body_is_400_1700_and_changes_nothing(ebay: EbayClient, api, sim: EbaySim,
                                                              unshipped: dict[str, Any], body: Any) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    before, order_before = _whole(ebay, asked["cancelId"]), ebay.get_order(unshipped["orderId"])
    response = api.request("POST", f"/post-order/v2/cancellation/{asked['cancelId']}/reject", scheme="IAF",
                           data=json.dumps(body), headers={"Content-Type": "application/json"})
    assert_ebay_error(response, 400, 1700)
    assert _whole(ebay, asked["cancelId"]) == before and ebay.get_order(unshipped["orderId"]) == order_before


@pytest.mark.parametrize("data", [None, "", "  ", "{", "nope"])
def test_a_rejection_without_a_json_object_is_400_1700(ebay: EbayClient, api, sim: EbaySim,
                                                       unshipped: dict[str, Any], data: str | None) -> None:
    """RejectCancelRequest: "you must submit a payload that consists of opening and closing braces: { }".
    A request with no body at all was read as ``{}`` and rejected the cancellation (200)."""
    asked = sim.buyer_cancellation(unshipped["orderId"])
    before = _whole(ebay, asked["cancelId"])
    kwargs: dict[str, Any] = {} if data is None else {"data": data, "headers": {"Content-Type": "application/json"}}
    response = api.request("POST", f"/post-order/v2/cancellation/{asked['cancelId']}/reject", scheme="IAF", **kwargs)
    assert_ebay_error(response, 400, 1700)
    assert _whole(ebay, asked["cancelId"]) == before


def test_approve_answers_200_with_no_payload_and_takes_no_body(api, sim: EbaySim, unshipped: dict[str, Any]) -> None:
    asked = sim.buyer_cancellation(unshipped["orderId"])
    response = api.request("POST", f"/post-order/v2/cancellation/{asked['cancelId']}/approve", scheme="IAF")
    assert (response.status_code, response.content) == (200, b"")


# -------------------------------------------------------------------- search
def _three(ebay: EbayClient, sim: EbaySim) -> list[dict[str, Any]]:
    """Three cancellations of three orders, a minute apart, oldest first."""
    asked = []
    for _ in range(3):
        asked.append(sim.buyer_cancellation(_unshipped(sim)["orderId"]))
        sim.advance(60)
    return asked


def _ids(page: dict[str, Any]) -> list[str]:
    return [c["cancelId"] for c in page["cancellations"]]


def test_search_lists_newest_first_and_finds_by_order(ebay: EbayClient, sim: EbaySim) -> None:
    first, second, third = _three(ebay, sim)
    page = ebay.search_cancellations()
    assert _ids(page) == [third["cancelId"], second["cancelId"], first["cancelId"]]
    assert page["total"] == 3 and page["paginationOutput"] == {"limit": 25, "offset": 0, "totalEntries": 3,
                                                                "totalPages": 1}
    assert _ids(ebay.search_cancellations(legacy_order_id=second["orderId"])) == [second["cancelId"]]
    assert ebay.search_cancellations(legacy_order_id="99-99999-99999") == {
        "cancellations": [], "paginationOutput": {"limit": 25, "offset": 0, "totalEntries": 0, "totalPages": 0},
        "total": 0}
    assert ebay.search_cancellations(legacy_order_id=sim.order()["orderId"])["total"] == 0


def test_search_by_cancel_id_ignores_every_other_parameter(ebay: EbayClient, sim: EbaySim) -> None:
    """Search Cancellations: with ``cancel_id`` "any other query parameters that are included are ignored"."""
    first, second, _ = _three(ebay, sim)
    found = ebay.search_cancellations(cancel_id=first["cancelId"], legacy_order_id=second["orderId"],
                                      item_id="1", limit="0", offset="7", creation_date_range_from="yesterday")
    assert _ids(found) == [first["cancelId"]] and found["total"] == 1
    assert ebay.search_cancellations(cancel_id="5999999999")["total"] == 0


@pytest.mark.parametrize("params", [{"sort": "+CANCEL_ID"}, {"sort": "CANCEL_REQUEST_DATE"}, {"role": "BUYER"},
                                    {"buyer_login_name": "nobody"}, {"seller_login_name": "nobody"}])
def test_search_reads_neither_sort_nor_role_nor_login_names(ebay: EbayClient, sim: EbaySim,
                                                            params: dict[str, str]) -> None:
    """Chosen (FIDELITY.md): the search's ``sort`` (``CancelSortField``), ``role`` and the login
    names are not read; every cancellation of the seller is listed newest first whatever they say."""
    asked = _three(ebay, sim)
    assert _ids(ebay.search_cancellations(**params)) == [c["cancelId"] for c in reversed(asked)]


def test_search_by_item_and_transaction(ebay: EbayClient, sim: EbaySim) -> None:
    first, second, _ = _three(ebay, sim)
    line = second["lineItems"][1]
    assert _ids(ebay.search_cancellations(item_id=line["itemId"])) == [second["cancelId"]]
    assert _ids(ebay.search_cancellations(transaction_id=line["transactionId"])) == [second["cancelId"]]
    assert _ids(ebay.search_cancellations(item_id=line["itemId"], transaction_id=line["transactionId"])) == [
        second["cancelId"]]
    # Filters are ANDed: an item of one order and the transaction of another find nothing.
    assert ebay.search_cancellations(item_id=line["itemId"],
                                     transaction_id=first["lineItems"][0]["transactionId"])["total"] == 0
    assert ebay.search_cancellations(item_id="999999999999")["total"] == 0


def test_search_by_creation_date_range(ebay: EbayClient, sim: EbaySim) -> None:
    first, second, third = _three(ebay, sim)
    at = [c["cancelRequestDate"]["value"] for c in (first, second, third)]
    assert _ids(ebay.search_cancellations(creation_date_range_from=at[1])) == [third["cancelId"], second["cancelId"]]
    assert _ids(ebay.search_cancellations(creation_date_range_to=at[1])) == [second["cancelId"], first["cancelId"]]
    assert _ids(ebay.search_cancellations(creation_date_range_from=at[1], creation_date_range_to=at[1])) == [
        second["cancelId"]]


def test_search_pages_and_every_cancellation_reads_them_all(ebay: EbayClient, sim: EbaySim) -> None:
    first, second, third = _three(ebay, sim)
    page = ebay.search_cancellations(limit=2, offset=1)
    assert _ids(page) == [second["cancelId"], first["cancelId"]]
    assert page["paginationOutput"] == {"limit": 2, "offset": 1, "totalEntries": 3, "totalPages": 2}
    assert ebay.search_cancellations(limit=2, offset=3)["cancellations"] == []
    fetched: list[Any] = []

    def fetch(action: Callable[[], Any]) -> Any:
        fetched.append(action)
        return action()

    every = ebay.every_cancellation(limit=1, fetch=fetch)
    assert [c["cancelId"] for c in every] == [third["cancelId"], second["cancelId"], first["cancelId"]]
    assert len(fetched) == 3  # one page of one at a time
    assert [c["cancelId"] for c in ebay.every_cancellation(first["orderId"])] == [first["cancelId"]]


def test_a_cancellation_search_page_larger_than_200_is_1401(ebay: EbayClient) -> None:
    assert ebay.search_cancellations(limit=RETURNS_MAX_LIMIT)["paginationOutput"]["limit"] == RETURNS_MAX_LIMIT
    for limit in (str(RETURNS_MAX_LIMIT + 1), "9" * 500):
        detail = assert_ebay_error(_refused(partial(ebay.search_cancellations, limit=limit)), 400, 1401)
        assert detail["message"] == f"The maximum number of records supported per page is {RETURNS_MAX_LIMIT}."


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "-1"}, {"limit": "x"}, {"offset": "-1"}, {"offset": "1.5"},
                                    {"creation_date_range_from": "yesterday"},
                                    {"creation_date_range_from": "2026-02-01T00:00:00.000Z",
                                     "creation_date_range_to": "2026-01-01T00:00:00.000Z"}])
def test_bad_cancellation_search_parameters_are_400_1700(ebay: EbayClient, params: dict[str, str]) -> None:
    assert_ebay_error(_refused(lambda: ebay.search_cancellations(**params)), 400, 1700)


# ---------------------------------------------------------- getOrders / getOrder
def test_get_orders_answers_no_cancel_requests_while_get_order_lists_them(ebay: EbayClient, sim: EbaySim,
                                                                         unshipped: dict[str, Any]) -> None:
    """OAS ``CancelStatus.cancelRequests``: "For the getOrders call: This array is returned but is always empty"."""
    order_id = unshipped["orderId"]
    asked = sim.buyer_cancellation(order_id)
    [listed] = ebay.get_orders([order_id])["orders"]
    assert listed["cancelStatus"] == {"cancelState": "IN_PROGRESS", "cancelRequests": []}
    assert [r["cancelRequestId"] for r in ebay.get_order(order_id)["cancelStatus"]["cancelRequests"]] == [
        asked["cancelId"]]
    ebay.approve_cancellation(asked["cancelId"])
    sim.advance(REFUND_SETTLE_SECONDS)
    [listed] = ebay.get_orders([order_id])["orders"]
    shown = ebay.get_order(order_id)
    assert listed["cancelStatus"]["cancelRequests"] == [] and len(shown["cancelStatus"]["cancelRequests"]) == 1
    assert listed["cancelStatus"]["cancelState"] == shown["cancelStatus"]["cancelState"] == "CANCELED"
    assert listed["cancelStatus"]["cancelledDate"] == shown["cancelStatus"]["cancelledDate"]
    assert {k: v for k, v in listed.items() if k != "cancelStatus"} == {
        k: v for k, v in shown.items() if k != "cancelStatus"}


# --------------------------------------------------------------- concurrency
def test_simultaneous_approvals_refund_once(live, live_tenant, live_sim: EbaySim, live_ebay: EbayClient,
                                            monkeypatch) -> None:
    order = live_sim.order(**ORDER, orderFulfillmentStatus="NOT_STARTED")
    asked = live_sim.buyer_cancellation(order["orderId"])
    clients = [make_client(live.base_url, live_tenant["ebay"]) for _ in range(THREADS)]
    make_writes_meet(monkeypatch, Seller, "_record_refund", THREADS)
    results = [r.error_ids[0] if isinstance(r, EbayError) else r
               for r in race([partial(c.approve_cancellation, asked["cancelId"]) for c in clients])]
    assert results.count(None) == 1 and set(results) == {None, 1711}, results
    live_sim.advance(REFUND_SETTLE_SECONDS)
    settled = live_ebay.get_order(order["orderId"])
    assert [r["amount"]["value"] for r in settled["paymentSummary"]["refunds"]] == ["38.00"]
    assert settled["orderPaymentStatus"] == "FULLY_REFUNDED"
    assert live_ebay.get_cancellation(asked["cancelId"])["cancelDetail"]["cancelStatus"] == "CANCEL_CLOSED_WITH_REFUND"


def test_simultaneous_approval_and_rejection_settle_on_one(live, live_tenant, live_sim: EbaySim,
                                                           live_ebay: EbayClient) -> None:
    order = live_sim.order(**ORDER, orderFulfillmentStatus="NOT_STARTED")
    asked = live_sim.buyer_cancellation(order["orderId"])
    clients = [make_client(live.base_url, live_tenant["ebay"]) for _ in range(THREADS)]
    calls = [partial(c.approve_cancellation if i % 2 else c.reject_cancellation, asked["cancelId"])
             for i, c in enumerate(clients)]
    results = [r.error_ids[0] if isinstance(r, EbayError) else r for r in race(calls)]
    assert results.count(None) == 1 and set(results) == {None, 1711}, results
    status = live_ebay.get_cancellation(asked["cancelId"])["cancelDetail"]["cancelStatus"]
    refunds = live_ebay.get_order(order["orderId"])["paymentSummary"]["refunds"]
    assert (status, len(refunds)) in {("CANCEL_PENDING", 1), ("CANCEL_REJECTED", 0)}


def test_a_buyer_returns_no_item_of_an_order_that_has_not_shipped(ebay: EbayClient, sim: EbaySim,
                                                                  unshipped: dict[str, Any]) -> None:
    """Before an order ships the buyer cancels it; "if the seller has already shipped an order, the
    cancellation of the order is no longer possible. Instead, the buyer will have to initiate a return
    request" (RejectCancelRequest): a return request of an unshipped order is 409 and opens nothing."""
    refused = sim.post(f"/orders/{unshipped['orderId']}/returns", {"quantity": 1})
    assert refused.status_code == 409 and "has not shipped" in refused.json()["error"]["message"], refused.text
    assert ebay.search_returns(unshipped["orderId"], return_state="ALL_OPEN")["total"] == 0


# ----------------------------------------------------- the seller's own cancellation
def test_the_seller_cancels_an_order_itself_and_ebay_refunds_the_buyer(ebay: EbayClient, sim: EbaySim,
                                                                       unshipped: dict[str, Any]) -> None:
    """``POST /cancellation`` on the seller's behalf: eBay cancels the order at once and refunds the
    buyer (an order-level SELLER_CANCEL refund); the cancellation is the seller's (``requestorType``
    SELLER, SELLER_CREATE_CANCEL) and closes with the refund."""
    order_id = unshipped["orderId"]
    created = ebay.create_cancellation({"legacyOrderId": order_id, "cancelReason": "OUT_OF_STOCK_OR_CANNOT_FULFILL"})
    assert set(created) == {"cancelId"}
    detail = ebay.get_cancellation(created["cancelId"])["cancelDetail"]
    assert (detail["requestorType"], detail["cancelState"], detail["cancelStatus"]) == (
        "SELLER", "REFUND_INITIATED", "CANCEL_PENDING")
    assert [(h["activityType"], h["activityParty"], h["cancelStateFrom"], h["cancelStateTo"])
            for h in detail["activityHistories"]] == [("SELLER_CREATE_CANCEL", "SELLER", "INITIAL", "REFUND_INITIATED")]
    sim.advance(REFUND_SETTLE_SECONDS)
    detail = ebay.get_cancellation(created["cancelId"])["cancelDetail"]
    assert (detail["cancelStatus"], detail["requestRefundAmount"]) == ("CANCEL_CLOSED_WITH_REFUND", {"value": 38.0, "currency": "USD"})
    order = ebay.get_order(order_id)
    assert order["orderPaymentStatus"] == "FULLY_REFUNDED" and order["cancelStatus"]["cancelState"] == "CANCELED"
    assert [(r["cancelInitiator"], r["cancelRequestState"]) for r in order["cancelStatus"]["cancelRequests"]] == [
        ("SELLER", "COMPLETED")]
    assert ebay.create_cancellation({"legacyOrderId": order_id})["orderEligibilityResult"]["failureReason"] == [
        "CANCELLATION_EXIST", "FULL_REFUNDED_ORDER"]


def test_a_seller_cancellation_without_a_reason_is_for_the_item_out_of_stock(ebay: EbayClient, sim: EbaySim,
                                                                              unshipped: dict[str, Any]) -> None:
    created = ebay.create_cancellation({"legacyOrderId": unshipped["orderId"]})
    assert ebay.get_cancellation(created["cancelId"])["cancelDetail"]["cancelReason"] == "OUT_OF_STOCK_OR_CANNOT_FULFILL"


def _ineligible(ebay: EbayClient, order_id: str) -> list[str]:
    """eBay's answer to the seller's cancellation of an order it would not cancel: no cancellation, no
    refund, the order as it was; the failure reasons."""
    before = ebay.get_order(order_id) if order_id != "99-99999-99999" else None
    answer = ebay.create_cancellation({"legacyOrderId": order_id})
    assert "cancelId" not in answer, answer
    result = answer["orderEligibilityResult"]
    assert result["eligible"] is False and result["legacyOrderId"] == order_id
    if before is not None:
        assert ebay.get_order(order_id) == before
        assert all(item["eligible"] is False for item in result["itemEligibilityResult"])
    return list(result["failureReason"])


def test_an_order_ebay_would_not_cancel_is_answered_with_why(ebay: EbayClient, sim: EbaySim) -> None:
    assert _ineligible(ebay, "99-99999-99999") == ["INVALID_ORDER"]
    assert _ineligible(ebay, sim.order(**ORDER)["orderId"]) == ["SHIPPED_ORDER"]
    assert _ineligible(ebay, _unshipped(sim, orderPaymentStatus="PENDING")["orderId"]) == ["UNPAID_ORDER"]
    partly = _unshipped(sim)["orderId"]
    ebay.issue_refund(partly, order_refund("10.00"))
    assert _ineligible(ebay, partly) == ["PARTIAL_REFUNDED_ORDER"]
    cased = _unshipped(sim)["orderId"]
    sim.open_case(cased)
    assert _ineligible(ebay, cased) == ["CASE_EXIST"]
    asked = _unshipped(sim)["orderId"]
    sim.buyer_cancellation(asked)
    assert _ineligible(ebay, asked) == ["CANCELLATION_EXIST"]  # the seller answers the buyer's request instead


def test_the_seller_cancels_up_to_30_days_after_the_sale(ebay: EbayClient, sim: EbaySim) -> None:
    late, in_time = _unshipped(sim)["orderId"], None
    sim.advance(30 * 24 * 3600)
    in_time = _unshipped(sim)["orderId"]
    sim.advance(1)
    assert _ineligible(ebay, late) == ["CANCEL_WINDOW_ELAPSED"]
    assert "cancelId" in ebay.create_cancellation({"legacyOrderId": in_time})


@pytest.mark.parametrize("body", [
    [], "x", {}, {"legacyOrderId": ""}, {"legacyOrderId": 12}, {"legacyOrderId": "{order}", "cancelReason": "CHANGED_MY_MIND"},
    {"legacyOrderId": "{order}", "buyerPaid": "yes"}, {"legacyOrderId": "{order}", "buyerPaidDate": "2026-12-04T10:00:00Z"},
    {"legacyOrderId": "{order}", "buyerPaidDate": {"value": "yesterday"}},
])
def test_a_bad_seller_cancellation_is_400_1700_and_changes_nothing(ebay: EbayClient, unshipped: dict[str, Any],
                                                                    body: Any) -> None:
    if isinstance(body, dict) and body.get("legacyOrderId") == "{order}":
        body = {**body, "legacyOrderId": unshipped["orderId"]}
    before = ebay.get_order(unshipped["orderId"])
    assert_ebay_error(_refused(lambda: ebay.create_cancellation(body)), 400, 1700)
    assert ebay.get_order(unshipped["orderId"]) == before and ebay.search_cancellations()["total"] == 0


def test_simultaneous_seller_cancellations_cancel_and_refund_once(live, live_tenant, live_sim: EbaySim,
                                                                   live_ebay: EbayClient, monkeypatch) -> None:
    """The seller's cancellation writes under the order's lock: of racing ones, one cancels and
    refunds, the others are told the order has a cancellation already (CANCELLATION_EXIST)."""
    order = live_sim.order(**ORDER, orderFulfillmentStatus="NOT_STARTED")
    clients = [make_client(live.base_url, live_tenant["ebay"]) for _ in range(THREADS)]
    make_writes_meet(monkeypatch, Seller, "_new_cancellation", THREADS)
    answers = race([partial(c.create_cancellation, {"legacyOrderId": order["orderId"]}) for c in clients])
    created = [a for a in answers if isinstance(a, dict) and "cancelId" in a]
    refused = [a["orderEligibilityResult"]["failureReason"] for a in answers if isinstance(a, dict) and "cancelId" not in a]
    assert len(created) == 1 and refused == [["CANCELLATION_EXIST", "FULL_REFUNDED_ORDER"]] * (THREADS - 1), answers
    live_sim.advance(REFUND_SETTLE_SECONDS)
    settled = live_ebay.get_order(order["orderId"])
    assert [r["amount"]["value"] for r in settled["paymentSummary"]["refunds"]] == ["38.00"]
    assert live_ebay.search_cancellations(legacy_order_id=order["orderId"])["total"] == 1
