"""eBay errors, shaped as eBay returns them (DOMAIN.md §4, FIDELITY.md beside this file).

Two envelopes:

- the Sell REST APIs (Fulfillment) and eBay's API gateway (authentication, call limits) answer
  ``{"errors": [{"errorId", "domain", "category", "message", "longMessage"?, "parameters"?}]}``
  — the ``ErrorDetailV3`` type of eBay's OpenAPI contracts;
- the Post-Order API v2 answers ``{"errorMessage": {"error": [{"errorId", "domain", "severity",
  "category", "message", "parameter"?, "longMessage"?, "httpStatusCode"}]}}`` (eBay's "Error
  Response" page of the Post-Order reference).

One class per error condition; ids, categories, statuses and messages of the Fulfillment API come
from the ``x-response-codes`` of ``sell_fulfillment_v1_oas3.json`` (v1.20.7, ``contracts/ebay/``). Where a value is not
in eBay's published material it is marked *unconfirmed* here and in FIDELITY.md.
"""

from __future__ import annotations

from typing import Any, Iterable

from simulators.core.errors import SimulatorError

FULFILLMENT = "API_FULFILLMENT"
#: Authentication errors of eBay's gateway (observed in live answers: ``"domain": "OAuth"``).
OAUTH = "OAuth"
#: Call-limit and routing errors of eBay's gateway.
ACCESS = "ACCESS"
#: Post-Order return errors ("For example, cancelErrorDomain or returnErrorDomain").
RETURN_DOMAIN = "returnErrorDomain"


class EbayError(SimulatorError):
    """Base: one ``ErrorDetailV3`` in ``{"errors": [...]}``.

    Subclasses set ``error_id``, ``domain``, ``category``, ``status`` and the default ``message``;
    an instance may add a ``long_message`` and ``parameters`` (name → value).
    """

    error_id: int = 30500
    domain: str = FULFILLMENT
    category: str = "REQUEST"
    default_message: str = ""

    def __init__(self, message: str | None = None, *, long_message: str | None = None,
                 parameters: dict[str, Any] | None = None, status: int | None = None) -> None:
        super().__init__(message or self.default_message)
        self.long_message = long_message
        self.parameters = {k: str(v) for k, v in (parameters or {}).items()}
        if status is not None:
            self.status = status

    @property
    def reason(self) -> str:
        """What the journal notes for this exchange."""
        return f"{self.error_id} {self.message}"

    def detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {
            "errorId": self.error_id, "domain": self.domain, "category": self.category, "message": self.message,
        }
        if self.long_message:
            detail["longMessage"] = self.long_message
        if self.parameters:
            detail["parameters"] = [{"name": k, "value": v} for k, v in self.parameters.items()]
        return detail

    def body(self) -> dict[str, Any]:
        return {"errors": [self.detail()]}


# --------------------------------------------------------------- gateway (both APIs)
class InvalidAccessToken(EbayError):
    status = 401
    error_id = 1001
    domain = OAUTH
    default_message = "Invalid access token"

    def __init__(self) -> None:
        super().__init__(long_message="Invalid access token. Check the value of the Authorization HTTP request header.")


class MissingAccessToken(EbayError):
    status = 401
    error_id = 1002
    domain = OAUTH
    default_message = "Missing access token"

    def __init__(self) -> None:
        super().__init__(long_message="Access token is missing in the Authorization HTTP request header.")


class TooManyRequests(EbayError):
    """429: the seller's call limit for the window is spent (or a fault armed it)."""

    status = 429
    error_id = 2001
    domain = ACCESS
    default_message = "Too many requests"

    def __init__(self, long_message: str = "The request limit has been reached for the resource.") -> None:
        super().__init__(long_message=long_message)


class ResourceNotFound(EbayError):
    """404 on a path no resource answers: 2002 with the gateway's texts, observed in live answers
    (davidtsadler/ebay-sdk-php issue #259: "404 2002: Resource not found A resource (URI) associated
    with the request could not be resolved."; YosefHayim/ebay-mcp issue #136)."""

    status = 404
    error_id = 2002
    domain = ACCESS
    default_message = "Resource not found"

    def __init__(self) -> None:
        super().__init__(long_message="A resource (URI) associated with the request could not be resolved.")


class AccessDenied(EbayError):
    """403 (and any other 4xx a fault arms without an eBay error of its own)."""

    status = 403
    error_id = 1100
    domain = ACCESS
    default_message = "Access denied"


class MethodNotAllowed(EbayError):
    """405 (unconfirmed id): ``Allow`` names the path's methods (RFC 9110 §15.5.6: a 405 "MUST
    generate an Allow header field")."""

    status = 405
    error_id = 2003
    domain = ACCESS
    default_message = "Method not allowed"

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        super().__init__()
        self.allowed = sorted(set(allowed))

    def headers(self) -> dict[str, str]:
        return {**super().headers(), "Allow": ", ".join(self.allowed)}


class InvalidRequest(EbayError):
    """400 2004 "Invalid request" (domain ACCESS): a body field eBay cannot read as the type its
    contract gives it (a list, an object or a number where a ``string`` is typed), named in the
    ``reason`` parameter — observed in live answers of the Sell APIs: ``{"errorId": 2004, "domain":
    "ACCESS", "category": "REQUEST", "message": "Invalid request", "longMessage": "The request has
    errors. For help, see the documentation for this API.", "parameters": [{"name": "reason",
    "value": "Could not serialize field [product.aspects]"}]}`` (hendt/ebay-api issue #181)."""

    error_id = 2004
    domain = ACCESS
    default_message = "Invalid request"

    def __init__(self, field: str) -> None:
        super().__init__(long_message="The request has errors. For help, see the documentation for this API.",
                         parameters={"reason": f"Could not serialize field [{field}]"})


class UnsupportedMediaType(EbayError):
    """2005 (domain ACCESS): a body of another media type than the operation reads, or of none —
    observed in live answers: ``{"errorId": 2005, "domain": "ACCESS", "category": "REQUEST",
    "message": "Unsupported or not specified media type", "longMessage": "Media type in the request
    is either missing or unsupported."}`` (hendt/ebay-api issue #104). Its HTTP status is not
    quoted there: 415, HTTP's status for it (chosen)."""

    status = 415
    error_id = 2005
    domain = ACCESS
    default_message = "Unsupported or not specified media type"

    def __init__(self) -> None:
        super().__init__(long_message="Media type in the request is either missing or unsupported.")


# ---------------------------------------------------------------- Fulfillment API
class FulfillmentSystemError(EbayError):
    """500 30500 "System error" (getOrder / getOrders)."""

    status = 500
    error_id = 30500
    category = "APPLICATION"
    default_message = "System error"


class InvalidOrderId(EbayError):
    """getOrder: the order does not exist for this seller — 32100, which the contract lists under
    HTTP 400 (its 404 has no error ids); also a warning of getOrders for an id not found."""

    status = 400
    error_id = 32100

    def __init__(self, order_id: str) -> None:
        super().__init__(f"Invalid order ID: {order_id}", parameters={"orderId": order_id})


class InvalidFieldGroup(EbayError):
    error_id = 32800

    def __init__(self, field_group: str) -> None:
        super().__init__(f"Invalid field group: {field_group}", parameters={"fieldGroups": field_group})


class InvalidFilterName(EbayError):
    error_id = 30700

    def __init__(self, name: str) -> None:
        super().__init__(f"Invalid filter name: {name}", parameters={"filter": name})


class InvalidFilterValue(EbayError):
    error_id = 30800

    def __init__(self, name: str, value: str) -> None:
        super().__init__(f"Invalid filter value {value} for filter {name}", parameters={name: value})


class InvalidDateFormat(EbayError):
    error_id = 30810
    default_message = "Invalid date format"


class StartDateMissing(EbayError):
    error_id = 30820
    default_message = "Start date is missing"


class StartDateAfterEndDate(EbayError):
    error_id = 30840
    default_message = "Start date should be before end date"


class DatesInTheFuture(EbayError):
    error_id = 30850
    default_message = "Start and end dates can't be in the future"


class TooManyOrderIds(EbayError):
    error_id = 30900
    default_message = "Exceeded maximum number of order IDs (the current limit is 50)"


class InvalidOffset(EbayError):
    error_id = 31000

    def __init__(self, value: str) -> None:
        super().__init__(f"Invalid offset: {value}", parameters={"offset": value})


class InvalidLimit(EbayError):
    error_id = 31100

    def __init__(self, value: str) -> None:
        super().__init__(f"Invalid limit: {value}", parameters={"limit": value})


class DuplicateLineItem(EbayError):
    error_id = 32210
    default_message = "Duplicate line item in the request"


# issue_refund: 400 REQUEST
class RefundInternalError(EbayError):
    status = 500
    error_id = 34900
    category = "APPLICATION"
    default_message = ("There was a problem with an eBay internal system or process. "
                       "Contact eBay developer support for assistance.")


class RequestEmpty(EbayError):
    error_id = 34902
    default_message = "Request can't be empty."


class RefundReasonRequired(EbayError):
    error_id = 34903
    default_message = "The refund reason must be specified."


class RefundAmountOrItemsRequired(EbayError):
    error_id = 34905
    default_message = "Either orderLevelRefundAmount or refundItems must be specified."


class AmountValueRequired(EbayError):
    error_id = 34906
    default_message = "The amount value must be specified."


class AmountValueInvalid(EbayError):
    error_id = 34907
    default_message = "The amount value must be positive and within two decimals."


class AmountCurrencyRequired(EbayError):
    error_id = 34908
    default_message = "The amount currency must be specified."


class AmountCurrencyIncorrect(EbayError):
    error_id = 34909
    default_message = "The amount currency isn't correct."


class LineItemReferenceRequired(EbayError):
    error_id = 34910
    default_message = "Either legacyReference or lineItemId must be specified for item level refund."


class LegacyItemIdRequired(EbayError):
    error_id = 34911
    default_message = "Legacy item id must be specified for item level refund if you use legacyReference."


class LegacyTransactionIdRequired(EbayError):
    error_id = 34912
    default_message = "Legacy transaction id must be specified for item level refund if you use legacyReference."


class OrderIdRequired(EbayError):
    """issue_refund: 400 34901, the path's ``order_id`` empty."""

    error_id = 34901
    default_message = "Order id can't be null or empty."


class OrderNotFound(EbayError):
    """issue_refund: 404 34913."""

    status = 404
    error_id = 34913
    default_message = "Can not find the order."


class ItemNotInOrder(EbayError):
    error_id = 34914
    default_message = "Can't find the item in the order."


class RefundExceedsOrderAmount(EbayError):
    error_id = 34915
    default_message = "The refund amount exceeds order amount."


class PostTransactionCaseOpen(EbayError):
    """34916: a post-transaction case (item not received, return escalated) is open on the order."""

    error_id = 34916
    category = "BUSINESS"
    default_message = "A post-transaction case exists on this order, seller refund can't be triggered."


class OrderAlreadyRefunded(EbayError):
    error_id = 34917
    category = "BUSINESS"
    default_message = "This order was already refunded."


class TooLateToRefund(EbayError):
    """34920 — listed under HTTP 400 (category BUSINESS) in eBay's contract."""

    error_id = 34920
    category = "BUSINESS"
    default_message = "It's too late to issue a refund for this order."


class CommentTooLong(EbayError):
    error_id = 34921
    default_message = ("The comment exceeds the length limit, please make sure it doesn't exceed "
                       "1000 characters.")


class PreviousRefundProcessing(EbayError):
    error_id = 34922
    default_message = "Refund can't be issued while previous refund is processing."


class RefundNotSupportedForOrder(EbayError):
    error_id = 34923
    default_message = "Refund cannot be issued for this type of order."


# issue_refund: 409
class ItemRefundExceedsRemaining(EbayError):
    status = 409
    error_id = 34924
    category = "BUSINESS"
    default_message = "The item refund amount exceeds the item remaining amount."


class BuyerPaymentNotProcessed(EbayError):
    status = 409
    error_id = 34929
    default_message = ("You cannot refund this order yet since the buyer payment has not been processed. "
                       "Please try again later.")


# ------------------------------------------------------------------ Post-Order API
class PostOrderError(EbayError):
    """Base of Post-Order errors: ``{"errorMessage": {"error": [...]}}``."""

    domain = RETURN_DOMAIN
    error_id = 1001

    def detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {
            "errorId": self.error_id, "domain": self.domain, "severity": "ERROR", "category": self.category,
            "message": self.message,
        }
        if self.parameters:
            detail["parameter"] = [{"name": k, "value": v} for k, v in self.parameters.items()]
        if self.long_message:
            detail["longMessage"] = self.long_message
        detail["httpStatusCode"] = self.status
        return detail

    def body(self) -> dict[str, Any]:
        return {"errorMessage": {"error": [self.detail()]}}


class PostOrderInternalError(PostOrderError):
    status = 500
    error_id = 1001
    category = "APPLICATION"
    default_message = "Application encountered an internal error."


class InvalidReturnId(PostOrderError):
    """1304, confirmed in the Post-Order "Errors by Number" table."""

    status = 404
    error_id = 1304
    default_message = "Invalid return id. No records found with requested returnId."

    def __init__(self, return_id: str) -> None:
        super().__init__(parameters={"returnId": return_id})


class InvalidReturnRequest(PostOrderError):
    """400: the issue_refund or search input is malformed (unconfirmed id)."""

    status = 400
    error_id = 1700

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, parameters={"field": field} if field else None)


class PageSizeTooLarge(PostOrderError):
    """400: a search page asked larger than eBay serves: 1401 and its text are eBay's (Post-Order
    "Errors by Number": "The maximum number of records supported per page is {0}."); the maximum
    itself is the simulator's (unconfirmed)."""

    status = 400
    error_id = 1401

    def __init__(self, maximum: int, field: str) -> None:
        super().__init__(f"The maximum number of records supported per page is {maximum}.",
                         parameters={"field": field})


class MarketplaceIdInvalid(InvalidReturnRequest):
    """400: a Post-Order call without the ``X-EBAY-C-MARKETPLACE-ID`` header eBay requires on each of
    them, or with a value that is not a ``MarketplaceIdEnum`` one. The requirement is eBay's
    (Post-Order "Making a Call"); its answer is not published: the simulator's malformed-request
    1700 naming the header (unconfirmed)."""

    def __init__(self, header: str, value: str | None) -> None:
        message = (f"The {header} header is required." if not value else
                   f"Invalid {header}: {value if len(value) <= 60 else value[:60] + '…'}. "
                   "It must be a value of MarketplaceIdEnum.")
        PostOrderError.__init__(self, message, parameters={"header": header})


class ReturnRefundNotAllowed(PostOrderError):
    """400: the return is not in a state that accepts a refund (unconfirmed id)."""

    status = 400
    error_id = 1701
    category = "APPLICATION"


class ReturnRefundExceedsRemaining(PostOrderError):
    """400: the refund exceeds what remains of the returned line item (unconfirmed id)."""

    status = 400
    error_id = 1702
    category = "APPLICATION"
    default_message = "The refund amount exceeds the amount that remains refundable for this item."


class ReturnPreviousRefundProcessing(PostOrderError):
    """400: a refund of the same order is still processing (unconfirmed id)."""

    status = 400
    error_id = 1703
    category = "APPLICATION"
    default_message = "A refund can't be issued while a previous refund of this order is processing."


class InvalidCancelId(PostOrderError):
    """404: no cancellation of the seller has this id. eBay's id and text for it are not published
    (the "Errors by Number" table names none for a cancellation): chosen, worded as 1304 is for a
    return."""

    status = 404
    error_id = 1710
    default_message = "Invalid cancel id. No records found with requested cancelId."

    def __init__(self, cancel_id: str) -> None:
        super().__init__(parameters={"cancelId": cancel_id})


class CancellationNotAwaitingSeller(PostOrderError):
    """400: the seller approves or rejects a cancellation that is not awaiting the seller's answer
    (approved, rejected or closed already), or eBay's refund rules refuse the approval's refund
    (a case open, a refund of the order processing): chosen id, as 1701 for a return."""

    status = 400
    error_id = 1711
    category = "APPLICATION"

    def __init__(self, cancel_id: str, status: str, reason: str | None = None) -> None:
        message = (f"Cancellation {cancel_id} can't be approved: {reason}" if reason else
                   f"Cancellation {cancel_id} is {status}: only a request awaiting the seller's approval can be "
                   "approved or rejected.")
        super().__init__(message, parameters={"cancelId": cancel_id})
