"""Post-Order cancellations: the buyer asks to cancel a whole order the seller has not shipped,
within the hour; the seller approves (eBay refunds the buyer what remains of the order, an
order-level BUYER_CANCEL refund) or rejects it; getOrder's ``cancelStatus`` follows."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import EbayClient, VendorError
from simulators.ebay.schemas import REFUND_SETTLE_SECONDS
from tests.ebay.conftest import ORDER, EbaySim, assert_ebay_error


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
