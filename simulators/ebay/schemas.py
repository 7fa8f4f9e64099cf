"""eBay's wire shapes and the constants of its rules, in one place (easy to change; FIDELITY.md
says which are confirmed).

Fulfillment API bodies follow the ``Order`` / ``Refund`` types of eBay's OpenAPI contract
(``contracts/ebay/sell_fulfillment_v1_oas3.v1.20.7.json``): amounts are ``{"value": "12.50", "currency": "USD"}``
with the value a string, timestamps ISO-8601 UTC with milliseconds. Post-Order API v2 bodies follow
the Post-Order types (``contracts/ebay/post_order_v2_types.json``): amounts are
``{"value": 12.5, "currency": "USD"}`` with a number, and timestamps are ``{"value": "<ISO-8601>"}`` objects.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Cancellation, Case, LineItem, Order, Refund, Return

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# ------------------------------------------------------------------ rule constants
#: ``ReasonForRefundEnum`` (eBay's enum page for the Fulfillment API).
REASONS_FOR_REFUND = (
    "BUYER_CANCEL", "SELLER_CANCEL", "ITEM_NOT_RECEIVED", "BUYER_RETURN", "ITEM_NOT_AS_DESCRIBED",
    "OTHER_ADJUSTMENT", "SHIPPING_DISCOUNT",
)
#: A refund answered PENDING becomes REFUNDED (or FAILED, when armed) this long after it was
#: issued, on the tenant's clock. eBay documents the processing as asynchronous without a duration.
REFUND_SETTLE_SECONDS = 60
#: issue_refund answers 34920 for an order older than this on the tenant's clock (unconfirmed:
#: eBay publishes the error, not the window).
REFUND_WINDOW = timedelta(days=60)
#: How long getOrder / getOrders answer the buyer's contact data (OAS v1.20.7 ``ExtendedContact``):
#: ``email`` "will be returned for up to 14 days from order creation. If an order is more than 14 days
#: old, no address is returned"; ``fullName`` "will not be returned for any order that is more than 90
#: days old" (``Order.shown_contact``).
SHIP_TO_EMAIL_KEPT = timedelta(days=14)
SHIP_TO_NAME_KEPT = timedelta(days=90)
#: issue_refund's ``comment``: the contract types it "Max Length: 100" while error 34921's own text
#: says 1000 characters. The stricter reading is kept (a connector that stays within 100 works
#: under both; FIDELITY.md), and 34921 answers eBay's text unchanged.
MAX_COMMENT_LENGTH = 100
#: getOrders: at most 50 ``orderIds``; ``limit`` default 50, maximum 200 (OAS v1.20.7 getOrders
#: ``limit``: "If a requested limit is more than 200, the call fails and returns an error";
#: v1.19.2 allowed 1000: a reader that asks for more than 200 gets 31100 from eBay today).
MAX_ORDER_IDS = 50
ORDERS_DEFAULT_LIMIT = 50
ORDERS_MAX_LIMIT = 200
ORDER_FILTERS = ("creationdate", "lastmodifieddate", "orderfulfillmentstatus")
ORDER_FULFILLMENT_STATUSES = ("NOT_STARTED", "IN_PROGRESS", "FULFILLED")
#: The ``orderfulfillmentstatus`` filter values getOrders supports, in either order (OAS ``filter``:
#: "only the combinations shown here are currently supported").
SUPPORTED_FULFILLMENT_FILTERS = (frozenset({"NOT_STARTED", "IN_PROGRESS"}), frozenset({"FULFILLED", "IN_PROGRESS"}))
#: ``OrderPaymentStatusEnum`` values an order can be created with through the control plane.
CREATABLE_PAYMENT_STATUSES = ("PAID", "PENDING", "FAILED")

#: Post-Order ``ReturnReasonEnum``.
RETURN_REASONS = (
    "ARRIVED_DAMAGED", "ARRIVED_LATE", "BUYER_CANCEL_ORDER", "DEFECTIVE_ITEM", "DIFFERENT_FROM_LISTING",
    "EXPIRED_ITEM", "FAKE_OR_COUNTERFEIT", "FOUND_BETTER_PRICE", "MISSING_PARTS", "NOT_AS_DESCRIBED",
    "NO_LONGER_NEED_ITEM", "NO_REASON", "ORDERED_ACCIDENTALLY", "ORDERED_DIFFERENT_ITEM", "ORDERED_WRONG_ITEM",
    "OTHER", "OUT_OF_STOCK", "RETURNING_GIFT", "WRONG_SIZE",
)
DEFAULT_RETURN_REASON = "NOT_AS_DESCRIBED"
#: How a line's seller promotion describes itself (``AppliedPromotion.description``: "A description
#: of the applied sales promotion"); the seller names a promotion in Seller Hub's Marketing tab.
SELLER_PROMOTION = "Seller promotion: save on this item"
#: Post-Order ``BuyerCloseReturnReasonEnum``: why a buyer closes a return the seller has not refunded.
BUYER_CLOSE_RETURN_REASONS = (
    "BUYER_NO_LONGER_WANTS_RETURN", "BUYER_RECEIVED_REFUND", "BUYER_RECEIVED_REPLACEMENT",
    "BUYER_STARTED_RETURN_ACCIDENTALLY", "OTHER", "UNKNOWN",
)
DEFAULT_BUYER_CLOSE_RETURN_REASON = "BUYER_NO_LONGER_WANTS_RETURN"
#: Post-Order ``CaseTypeEnum``: the post-transaction cases a buyer can open (34916 while open).
CASE_TYPES = ("ITEM_NOT_RECEIVED", "RETURN")
#: Post-Order ``RefundFeeTypeEnum``.
REFUND_FEE_TYPES = (
    "DOMESTIC_SHIPPING", "IMPORT_CHARGE", "INTERNATIONAL_SHIPPING", "ORDER_ADJUSTMENT", "ORIGINAL_SHIPPING",
    "OTHER", "PURCHASE_PRICE", "REFUND_FROM_PAYPAL", "RESTOCKING_FEE", "RETURN_SHIPPING",
)
#: The seller has this long to act on a return request (``sellerResponseDue``; unconfirmed).
RETURN_RESPONSE_DUE = timedelta(days=3)
#: The header every Post-Order call carries (Post-Order "Making a Call": "Each Post-Order API call
#: requires the Authorization and X-EBAY-C-MARKETPLACE-ID HTTP headers").
MARKETPLACE_HEADER = "X-EBAY-C-MARKETPLACE-ID"
#: Its values: Post-Order ``MarketplaceIdEnum`` (post_order_sdk_components.json).
MARKETPLACE_IDS = frozenset({
    "EBAY_AT", "EBAY_AU", "EBAY_BE", "EBAY_CA", "EBAY_CH", "EBAY_CN", "EBAY_CZ", "EBAY_DE", "EBAY_DK", "EBAY_ES",
    "EBAY_FI", "EBAY_FR", "EBAY_GB", "EBAY_GR", "EBAY_HALF_US", "EBAY_HK", "EBAY_HU", "EBAY_ID", "EBAY_IE",
    "EBAY_IL", "EBAY_IN", "EBAY_IT", "EBAY_JP", "EBAY_MOTORS_US", "EBAY_MY", "EBAY_NL", "EBAY_NO", "EBAY_NZ",
    "EBAY_PE", "EBAY_PH", "EBAY_PL", "EBAY_PR", "EBAY_PT", "EBAY_RU", "EBAY_SE", "EBAY_SG", "EBAY_TH", "EBAY_TW",
    "EBAY_US", "EBAY_VN", "EBAY_ZA",
})
#: Post-Order return search paging (unconfirmed defaults).
RETURNS_DEFAULT_LIMIT = 25
RETURNS_MAX_LIMIT = 200
#: ``return_state`` filters (``ReturnCountFilterEnum``) this simulator implements, by the return
#: states they select. Without ``return_state`` the search is ALL_OPEN's, as eBay's (FIDELITY.md).
OPEN_RETURN_STATES = ("RETURN_REQUESTED", "REFUND_INITIATED")
RETURN_STATE_FILTERS: dict[str, tuple[str, ...]] = {
    "ALL_OPEN": OPEN_RETURN_STATES,
    "ALL_OPEN_RETURN": OPEN_RETURN_STATES,
    "RETURN_STARTED": ("RETURN_REQUESTED",),
    "CLOSED": ("CLOSED",),
    # The other values of the enum: no return is a replacement and none tracks the item's way
    # back (neither is simulated), so they select no return — but they are eBay's, not a 400.
    "ALL_OPEN_REPLACEMENT": (),
    "ITEM_SHIPPED": (),
    "ITEM_DELIVERED": (),
}

#: ``states`` of the return search: ``ReturnStateEnum`` (contracts/ebay/post_order_v2_types.json),
#: comma-separated; a return matches when its ``state`` is one of them.
RETURN_STATES = frozenset({
    "AUTO_REFUND_INITIATED", "CLOSED", "INITIAL", "ITEM_DELIVERED", "ITEM_KEPT", "ITEM_READY_TO_SHIP",
    "ITEM_SHIPPED", "LESS_THAN_A_FULL_REFUND_ISSUED", "PARTIAL_REFUNDED", "PARTIAL_REFUND_DECLINED",
    "PARTIAL_REFUND_FAILED", "PARTIAL_REFUND_INITIATED", "PARTIAL_REFUND_NON_PAYPAL_INITIATED",
    "PARTIAL_REFUND_REQUESTED", "PAYOUT_INITIATED", "REFUND_INITIATED", "REFUND_SENT_PENDING_CONFIRMATION",
    "REFUND_TIMEOUT", "REPLACED", "REPLACEMENT_CLOSED", "REPLACEMENT_DELIVERED", "REPLACEMENT_LABEL_REQUESTED",
    "REPLACEMENT_LABEL_REQUESTED_TIMEOUT", "REPLACEMENT_REQUESTED", "REPLACEMENT_REQUEST_TIMEOUT",
    "REPLACEMENT_RMA_PENDING", "REPLACEMENT_SHIPPED", "REPLACEMENT_STARTED", "RETURN_LABEL_PENDING",
    "RETURN_LABEL_PENDING_TIMEOUT", "RETURN_LABEL_REQUESTED", "RETURN_LABEL_REQUESTED_TIMEOUT", "RETURN_REJECTED",
    "RETURN_REQUESTED", "RETURN_REQUEST_TIMEOUT", "RMA_PENDING", "UNKNOWN",
})
#: ``sort`` of the return search: a ``ReturnSortEnum`` value after ``+`` (ascending) or ``-``
#: (descending) (``ReturnSortField``). ``UNKNOWN`` is the enum's placeholder, not a way to sort.
#: getReturn's ``fieldgroups``: ``GetReturnFieldGroupEnum`` (post_order_sdk_components.json) but NONE,
#: which its reference says is "not supported by the GET /post-order/v2/return/{returnId} method".
GET_RETURN_FIELD_GROUPS = ("FULL", "SUMMARY")
RETURN_SORTS = ("ACTUAL_AMOUNT", "BUYER_LOGIN_NAME", "ESTIMATED_AMOUNT", "FILING_DATE", "REASON", "REFUND_DUE_DATE",
                "RETURN_ID", "STATUS")

#: Post-Order ``CancelReasonEnum`` (post_order_sdk_components.json): why a cancellation was asked for.
CANCEL_REASONS = (
    "ADDRESS_ISSUE", "BUYER_ASKED_CANCEL", "BUYER_CANCEL_OR_ADDRESS_ISSUE", "FOUND_CHEAPER_PRICE", "ORDER_MISTAKE",
    "ORDER_UNPAID", "OTHER", "OUT_OF_STOCK_OR_CANNOT_FULFILL", "PRICE_TOO_HIGH", "WONT_ARRIVE_IN_TIME",
)
DEFAULT_CANCEL_REASON = "ORDER_MISTAKE"
#: A buyer asks to cancel within this long of the purchase ("buyers must initiate an order
#: cancellation within one hour after purchase": Post-Order user guide, Cancellations; "the cutoff
#: for EBAY_US is 1 hour after purchase": Create Cancellation Request). Every marketplace is given
#: EBAY_US's (the others' are not published).
CANCEL_REQUEST_CUTOFF = timedelta(hours=1)
#: The seller may cancel an order itself "for up to 30 days after the sale" (Post-Order Create Cancellation).
SELLER_CANCEL_WINDOW = timedelta(days=30)
#: A seller's cancellation without a ``cancelReason`` ("highly recommended", not required): the reason
#: the reference gives a seller for it (the item out of stock).
DEFAULT_SELLER_CANCEL_REASON = "OUT_OF_STOCK_OR_CANNOT_FULFILL"
#: The seller has this long to approve or reject a buyer's cancellation request (``sellerResponseDueDate``;
#: eBay's figure is not published: chosen).
CANCEL_RESPONSE_DUE = timedelta(days=3)
#: getCancellation's ``fieldgroups`` (the reference's "Applicable values": FULL, the default, and SUMMARY).
GET_CANCELLATION_FIELD_GROUPS = ("FULL", "SUMMARY")

#: Seller call limit window when a limit is set without one (eBay's limits are daily).
DEFAULT_CALL_WINDOW_SECONDS = 86_400


# ------------------------------------------------------------------------ helpers
def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def amount(value: Decimal, currency: str) -> dict[str, str]:
    """A Fulfillment ``Amount``: the value as a two-decimal string."""
    return {"value": money(value), "currency": currency}


def po_amount(value: Decimal, currency: str) -> dict[str, Any]:
    """A Post-Order ``Amount``: the value as a number."""
    return {"value": float(value.quantize(CENT)), "currency": currency}


def ebay_date(moment: datetime) -> str:
    """``2015-08-04T19:09:02.768Z``, as eBay prints timestamps."""
    # isoformat, not strftime: glibc's %Y does not pad a year below 1000 to four digits.
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def po_date(moment: datetime) -> dict[str, str]:
    """A Post-Order ``DateTime``."""
    return {"value": ebay_date(moment)}


# ------------------------------------------------------------------ Fulfillment
def _line_refunds(order: "Order", line: "LineItem") -> list[dict[str, Any]]:
    # Line level shows the line item level refunds that were or are being paid for this line (not
    # FAILED ones): LineItemRefund has no refundStatus; refundDate "is not returned until the refund
    # has been issued" (OAS), so a pending one has amount and refundId only.
    entries = []
    for refund in order.refunds:
        share = refund.share_of(line.line_item_id)
        if share is None or refund.status == "FAILED":
            continue
        entry: dict[str, Any] = {"amount": amount(share, order.currency), "refundId": refund.refund_id}
        if refund.status == "REFUNDED":
            entry["refundDate"] = ebay_date(refund.refund_date)  # type: ignore[arg-type]
            entry["refundReferenceId"] = refund.refund_reference_id
        entries.append(entry)
    return entries


def _order_refund(refund: "Refund", currency: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"refundId": refund.refund_id, "refundStatus": refund.status,
                             "amount": amount(refund.amount, currency)}
    if refund.status == "REFUNDED":
        entry["refundDate"] = ebay_date(refund.refund_date)  # type: ignore[arg-type]
        entry["refundReferenceId"] = refund.refund_reference_id
    return entry


def line_item_json(order: "Order", line: "LineItem", marketplace_id: str) -> dict[str, Any]:
    c = order.currency
    # sku is optional (OAS LineItem.sku): a listing made through the legacy/Trading API may have none,
    # and eBay then leaves the field out rather than sending it empty.
    sku = {"sku": line.sku} if line.sku else {}
    return {
        "lineItemId": line.line_item_id,
        "legacyItemId": line.legacy_item_id,
        **sku,
        "title": line.title,
        "lineItemCost": amount(line.cost, c),
        # "only returned if the order line item was discounted through a promotion" (OAS LineItem).
        **({"discountedLineItemCost": amount(line.discounted_cost, c)} if line.discount else {}),
        "quantity": line.quantity,
        "soldFormat": "FIXED_PRICE",
        "listingMarketplaceId": marketplace_id,
        "purchaseMarketplaceId": marketplace_id,
        "lineItemFulfillmentStatus": order.fulfillment_status,
        "total": amount(line.total, c),
        # shippingCost is what the line's delivery costs the buyer (the line's total holds it);
        # discountAmount, "returned only if a shipping discount applies to the line item" (OAS).
        "deliveryCost": {"shippingCost": amount(line.shipping, c),
                         **({"discountAmount": amount(line.shipping_discount, c)} if line.shipping_discount else {})},
        # "always returned, but ... an empty array if no special sales promotions or discounts apply";
        # its discountAmount is what the promotion took off, positive as eBay's answers show it.
        "appliedPromotions": [{"discountAmount": amount(taken, c), "promotionId": promotion_id,
                               "description": SELLER_PROMOTION} for promotion_id, taken in line.promotions],
        "taxes": [],
        "properties": {"buyerProtection": True},
        "lineItemFulfillmentInstructions": {
            "minEstimatedDeliveryDate": ebay_date(order.created_at + timedelta(days=2)),
            "maxEstimatedDeliveryDate": ebay_date(order.created_at + timedelta(days=5)),
            "shipByDate": ebay_date(order.created_at + timedelta(days=1)),
            "guaranteedDelivery": False,
        },
        "refunds": _line_refunds(order, line),
    }


def order_json(order: "Order", *, seller_id: str, marketplace_id: str, now: datetime,
               listed_cancel_requests: bool = True) -> dict[str, Any]:
    """The ``Order`` getOrder answers (and the control plane echoes) at ``now`` on the tenant's
    clock: ``shipTo`` and ``buyer.buyerRegistrationAddress`` hold only the contact data eBay still answers for an order that old
    (:meth:`Order.shown_contact`). ``listed_cancel_requests`` False for getOrders, whose
    ``cancelStatus.cancelRequests`` "is returned but is always empty" (OAS ``CancelStatus``)."""
    c = order.currency
    payment: dict[str, Any] = {
        "paymentMethod": "EBAY",
        "paymentReferenceId": order.payment_reference_id,
        "amount": amount(order.total, c),
        "paymentStatus": order.buyer_payment_status,
    }
    if order.buyer_payment_status == "PAID":
        payment["paymentDate"] = ebay_date(order.created_at)
    ship_to = order.ship_to
    return {
        "orderId": order.order_id,
        "creationDate": ebay_date(order.created_at),
        "lastModifiedDate": ebay_date(order.modified_at),
        "orderFulfillmentStatus": order.fulfillment_status,
        "orderPaymentStatus": order.payment_status,
        "sellerId": seller_id,
        # The buyer's own contact (OAS Buyer.buyerRegistrationAddress, an ExtendedContact, so with
        # shipTo's limits on age): the order may ship to someone else (a gift).
        "buyer": {"username": order.buyer_username,
                  "buyerRegistrationAddress": _ship_to_json(order.buyer_contact, order.shown_contact(now))},
        "pricingSummary": {
            "priceSubtotal": amount(order.subtotal, c),
            # "only returned if special discounts are being applied", "a negative real number" (OAS).
            **({"priceDiscount": amount(-order.price_discount, c)} if order.price_discount else {}),
            # "before any shipping/delivery discount is applied"; the discount "a negative real number",
            # "only returned if delivery discounts are being applied to the order" (OAS PricingSummary).
            "deliveryCost": amount(order.shipping + order.delivery_discount, c),
            **({"deliveryDiscount": amount(-order.delivery_discount, c)} if order.delivery_discount else {}),
            "total": amount(order.total, c),
        },
        "cancelStatus": cancel_status_json(order, listed=listed_cancel_requests),
        "paymentSummary": {
            "totalDueSeller": amount(order.total - order.refunded, c),
            "payments": [payment],
            # Order-level refunds only: OAS OrderRefund "does not include line item level refunds"
            # (their refundIds are "returned at the line item level instead"): those are in lineItems[].refunds.
            "refunds": [_order_refund(r, c) for r in order.refunds if not r.line_level],
        },
        "fulfillmentStartInstructions": [{
            "fulfillmentInstructionsType": "SHIP_TO",
            "minEstimatedDeliveryDate": ebay_date(order.created_at + timedelta(days=2)),
            "maxEstimatedDeliveryDate": ebay_date(order.created_at + timedelta(days=5)),
            "ebaySupportedFulfillment": False,
            "shippingStep": {
                "shippingCarrierCode": "USPS",
                "shippingServiceCode": "USPSPriority",
                "shipTo": _ship_to_json(ship_to, order.shown_contact(now)),
            },
        }],
        "fulfillmentHrefs": [],
        "salesRecordReference": order.sales_record_reference,
        "lineItems": [line_item_json(order, line, marketplace_id) for line in order.line_items],
    }


def _ship_to_json(ship_to: dict[str, str], shown: frozenset[str]) -> dict[str, Any]:
    """``ExtendedContact`` (``shipTo``, ``buyerRegistrationAddress``): the address always, ``fullName``
    and ``email`` while ``shown`` has them."""
    body: dict[str, Any] = {}
    if "fullName" in shown:
        body["fullName"] = ship_to["fullName"]
    body["contactAddress"] = {k: ship_to[k] for k in ("addressLine1", "city", "stateOrProvince", "postalCode")}
    if "email" in shown:
        body["email"] = ship_to["email"]
    return body


def refund_json(refund: "Refund") -> dict[str, str]:
    """The ``Refund`` issue_refund answers."""
    return {"refundId": refund.refund_id, "refundStatus": "PENDING"}


def orders_page_json(orders: list[dict[str, Any]], *, total: int, limit: int, offset: int, href: str,
                     warnings: list[dict[str, Any]]) -> dict[str, Any]:
    """``OrderSearchPagedCollection``."""
    page: dict[str, Any] = {"href": href, "total": total, "limit": limit, "offset": offset, "orders": orders}
    if warnings:
        page["warnings"] = warnings
    return page


# ------------------------------------------------------------------- Post-Order
def _refund_amounts(ret: "Return", currency: str) -> dict[str, Any]:
    totals: dict[str, Any] = {"estimatedRefundAmount": po_amount(ret.estimated, currency)}
    if ret.refunded is not None:
        totals["actualRefundAmount"] = po_amount(ret.refunded, currency)
    return totals


def _creation_info(ret: "Return", line: "LineItem") -> dict[str, Any]:
    info: dict[str, Any] = {
        "item": {"itemId": line.legacy_item_id, "transactionId": line.legacy_transaction_id,
                 "returnQuantity": ret.quantity},
        "type": "MONEY_BACK",
        "reason": ret.reason,
        "creationDate": po_date(ret.created_at),
    }
    if ret.comments:
        info["comments"] = {"content": ret.comments}
    return info


def return_summary_json(ret: "Return", order: "Order", *, seller_login: str) -> dict[str, Any]:
    """``ReturnSummaryType``: one ``members`` entry of the search, ``summary`` of getReturn."""
    line = order.line(ret.line_item_id)
    assert line is not None
    summary: dict[str, Any] = {
        "returnId": ret.return_id,
        "buyerLoginName": order.buyer_username,
        "sellerLoginName": seller_login,
        "currentType": "MONEY_BACK",
        "state": ret.state,
        "status": ret.status,
        "creationInfo": _creation_info(ret, line),
        "sellerTotalRefund": _refund_amounts(ret, order.currency),
        "buyerTotalRefund": _refund_amounts(ret, order.currency),
        "sellerAvailableOptions": (
            [{"actionType": "SELLER_ISSUE_REFUND"}] if ret.state == "RETURN_REQUESTED" else []
        ),
    }
    if ret.state == "RETURN_REQUESTED":
        summary["sellerResponseDue"] = {"activityDue": "SELLER_ISSUE_REFUND",
                                        "respondByDate": po_date(ret.created_at + RETURN_RESPONSE_DUE)}
    return summary


def return_detail_json(ret: "Return", order: "Order", *, seller_login: str, marketplace_id: str) -> dict[str, Any]:
    """``ReturnDetailType``: who, the item, the refund, the history and how it closed (the summary's
    fields are in ``summary``, not repeated here)."""
    line = order.line(ret.line_item_id)
    assert line is not None
    c = order.currency
    refund_info: dict[str, Any] = {"estimatedRefundDetail": {"itemizedRefundDetails": [
        {"refundFeeType": "PURCHASE_PRICE", "estimatedAmount": po_amount(ret.estimated, c)},
    ]}}
    refund = order.refund(ret.refund_id) if ret.refund_id else None
    if refund is not None:
        actual: dict[str, Any] = {
            "actualRefund": {
                "totalAmount": po_amount(refund.amount, c),
                "itemizedRefundDetail": [{"refundFeeType": fee, "refundAmount": po_amount(value, c)}
                                         for fee, value in ret.itemized],
            },
            "refundStatus": {"PENDING": "PENDING", "REFUNDED": "SUCCESS", "FAILED": "FAILED"}[refund.status],
            "refundInitiationType": "SELLER_INITIATED",
        }
        if refund.status == "REFUNDED":
            actual["refundIssuedDate"] = po_date(refund.refund_date)  # type: ignore[arg-type]
        refund_info["actualRefundDetail"] = actual
    detail: dict[str, Any] = {
        "buyerLoginName": order.buyer_username,
        "sellerLoginName": seller_login,
        "marketplaceId": marketplace_id,
        "itemDetail": {"itemId": line.legacy_item_id, "transactionId": line.legacy_transaction_id,
                       "returnQuantity": ret.quantity},
        "refundInfo": refund_info,
        "responseHistory": [
            {"activity": h.activity, "author": h.author, "fromState": h.from_state, "toState": h.to_state,
             "creationDate": po_date(h.at)}
            for h in ret.history
        ],
    }
    if ret.close_reason:
        detail["closeInfo"] = {"returnCloseReason": ret.close_reason}
        if ret.buyer_close_reason:
            detail["closeInfo"]["buyerCloseReason"] = ret.buyer_close_reason
    return detail


def case_json(case: "Case", order_id: str) -> dict[str, str]:
    """A case as the control plane shows it."""
    return {"caseId": case.case_id, "orderId": order_id, "caseType": case.case_type, "status": case.status}


def cancel_status_json(order: "Order", *, listed: bool) -> dict[str, Any]:
    """The Fulfillment ``CancelStatus``: ``cancelState`` NONE_REQUESTED (no request, or only
    rejected ones), IN_PROGRESS (a request the seller has not answered, or approved and its refund
    not settled), CANCELED (``cancelledDate``); ``cancelRequests`` (``CancelRequest``: state
    REQUESTED / REJECTED / COMPLETED, ``cancelCompletedDate`` once approved) when ``listed``."""
    state, cancelled = "NONE_REQUESTED", None
    for cancel in order.cancellations:
        if cancel.approved_at is not None and cancel.closed_at is not None:
            state, cancelled = "CANCELED", cancel.closed_at
        elif cancel.status in ("CANCEL_REQUESTED", "CANCEL_PENDING"):
            state = "IN_PROGRESS"
    body: dict[str, Any] = {"cancelState": state, "cancelRequests": []}
    if cancelled is not None:
        body["cancelledDate"] = ebay_date(cancelled)
    if listed:
        for cancel in order.cancellations:
            request: dict[str, Any] = {
                "cancelInitiator": cancel.requestor, "cancelReason": cancel.reason, "cancelRequestId": cancel.cancel_id,
                "cancelRequestedDate": ebay_date(cancel.created_at),
                "cancelRequestState": {"CANCEL_REQUESTED": "REQUESTED", "CANCEL_REJECTED": "REJECTED"}.get(cancel.status, "COMPLETED"),
            }
            if cancel.approved_at is not None:
                request["cancelCompletedDate"] = ebay_date(cancel.approved_at)
            body["cancelRequests"].append(request)
    return body


def cancel_summary_json(cancel: "Cancellation", order: "Order", *, marketplace_id: str) -> dict[str, Any]:
    """``CancelSummary``: one ``cancellations`` entry of the search (and the fields getCancellation's
    ``cancelDetail`` starts with)."""
    summary: dict[str, Any] = {
        "cancelId": cancel.cancel_id,
        "marketplaceId": marketplace_id,
        "legacyOrderId": order.order_id,
        "requestorType": cancel.requestor,
        "cancelReason": cancel.reason,
        "cancelState": cancel.state,
        "cancelStatus": cancel.status,
        "cancelRequestDate": po_date(cancel.created_at),
        "paymentStatus": order.buyer_payment_status,
        "requestRefundAmount": po_amount(cancel.amount, order.currency),
        "lineItems": [{"itemId": line.legacy_item_id, "transactionId": line.legacy_transaction_id,
                       "itemTitle": line.title, "cancelQuantity": line.quantity} for line in order.line_items],
    }
    if cancel.status == "CANCEL_REQUESTED":
        summary["sellerResponseDueDate"] = po_date(cancel.created_at + CANCEL_RESPONSE_DUE)
    if cancel.closed_at is not None:
        summary["cancelCloseDate"] = po_date(cancel.closed_at)
        summary["cancelCloseReason"] = cancel.close_reason
    return summary


def cancel_eligibility_json(order_id: str, failures: list[str], order: "Order | None") -> dict[str, Any]:
    """``CreateCancelResponse`` of an order eBay would not cancel: ``orderEligibilityResult`` (eligible
    false, the ``EligibilityFailureReasonEnum`` values, each line item's result), no ``cancelId``."""
    result: dict[str, Any] = {"eligible": False, "legacyOrderId": order_id, "failureReason": failures}
    if order is not None:
        result["itemEligibilityResult"] = [
            {"itemId": line.legacy_item_id, "transactionId": line.legacy_transaction_id, "eligible": False,
             "failureReason": failures} for line in order.line_items]
    return {"orderEligibilityResult": result}


def cancel_detail_json(cancel: "Cancellation", order: "Order", *, marketplace_id: str, full: bool) -> dict[str, Any]:
    """getCancellation's ``{"cancelDetail"}``: the summary's fields, and with FULL (eBay's default)
    "a history of each cancellation request" (``activityHistories``)."""
    detail = cancel_summary_json(cancel, order, marketplace_id=marketplace_id)
    if full:
        detail["activityHistories"] = [
            {"activityType": h.activity, "activityParty": h.author, "actionDate": po_date(h.at),
             "cancelStateFrom": h.from_state, "cancelStateTo": h.to_state}
            for h in cancel.history
        ]
    return {"cancelDetail": detail}


def _page(key: str, members: list[dict[str, Any]], *, total: int, limit: int, offset: int) -> dict[str, Any]:
    """A Post-Order search's page: ``members`` under ``key``, ``paginationOutput``, ``total``."""
    pages = (total + limit - 1) // limit if total else 0
    return {
        key: members,
        "paginationOutput": {"limit": limit, "offset": offset, "totalEntries": total, "totalPages": pages},
        "total": total,
    }


def returns_page_json(members: list[dict[str, Any]], *, total: int, limit: int, offset: int) -> dict[str, Any]:
    """``GetSummaryResponse`` of the return search."""
    return _page("members", members, total=total, limit=limit, offset=offset)


def cancellations_page_json(members: list[dict[str, Any]], *, total: int, limit: int, offset: int) -> dict[str, Any]:
    """``SearchCancellationsRestResponse`` of the cancellation search."""
    return _page("cancellations", members, total=total, limit=limit, offset=offset)
