"""eBay's Sell Fulfillment API and Post-Order API v2 as a seller's integration calls them: the
seller's user access token as ``Authorization: Bearer`` (Fulfillment) and ``Authorization: IAF``
(Post-Order), with ``X-EBAY-C-MARKETPLACE-ID``."""

from __future__ import annotations

from functools import partial
from typing import Any, Callable
from urllib.parse import quote

from .base import DEFAULT_TIMEOUT, VendorError, new_session

#: How a caller runs each call of a listing (its retries): ``fetch(action)`` returns ``action()``'s answer.
Fetch = Callable[[Callable[[], Any]], Any]


class EbayError(VendorError):
    """An eBay API answered with an error; ``message`` reads both eBay envelopes
    (``{"errors": [...]}`` and the Post-Order ``{"errorMessage": {"error": [...]}}``)."""

    @property
    def error_ids(self) -> list[int | None]:
        """Each error's ``errorId``, ``None`` for an error that has none."""
        return [e.get("errorId") for e in self._details()]

    def _details(self) -> list[dict[str, Any]]:
        body = self.body
        if not isinstance(body, dict):
            return []
        details = body.get("errors")
        if details is None and isinstance(body.get("errorMessage"), dict):
            details = body["errorMessage"].get("error")
        if not isinstance(details, list):  # a malformed envelope: no details to read, never a crash
            return []
        return [d for d in details if isinstance(d, dict)]

    @property
    def message(self) -> str:
        details = self._details()
        if details:
            return "; ".join(f"{d.get('errorId')} {d.get('message', '')}".strip() for d in details)
        return super().message


class IncompleteListing(Exception):
    """A paged eBay listing could not be read whole: its pages held fewer distinct records than the
    ``total`` it announced. What was read is not handed over, for a reader that acts on part of a
    list (an order's returns) misses what the rest holds."""


def _count(*values: Any) -> int:
    """The first of ``values`` that is a whole number (eBay's ``total``, then
    ``paginationOutput.totalEntries``); 0 when none is."""
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
    return 0


class EbayClient:
    """A seller's eBay APIs. ``credentials`` is the tenant's ``ebay`` block
    (``access_token``, ``marketplace_id``)."""

    def __init__(self, base_url: str, credentials: dict[str, str], *, timeout: float = DEFAULT_TIMEOUT) -> None:
        root = base_url.rstrip("/")
        self.fulfillment_root = f"{root}/sell/fulfillment/v1"
        self.post_order_root = f"{root}/post-order/v2"
        self.timeout = timeout
        self.token = credentials["access_token"]
        self.session = new_session()
        self.session.headers["X-EBAY-C-MARKETPLACE-ID"] = credentials.get("marketplace_id", "EBAY_US")
        self.session.headers["Accept"] = "application/json"

    def _call(self, method: str, url: str, scheme: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"{scheme} {self.token}"}
        response = self.session.request(method, url, headers=headers, timeout=self.timeout, **kwargs)
        if response.status_code >= 400:
            raise EbayError("eBay", response)
        return response.json() if response.content else None

    # ---------------------------------------------------------------- Fulfillment
    def get_order(self, order_id: str) -> dict[str, Any]:
        """getOrder: the ``Order`` (``orderPaymentStatus``, ``paymentSummary.refunds``,
        ``lineItems[].refunds``)."""
        return self._call("GET", f"{self.fulfillment_root}/order/{quote(order_id, safe='')}", "Bearer")

    def get_orders(self, order_ids: list[str] | None = None, *, limit: int | None = None,
                   offset: int | None = None, filter: str | None = None) -> dict[str, Any]:
        """getOrders: the ``OrderSearchPagedCollection`` (``orders``, ``total``, ``warnings``...)."""
        params: dict[str, Any] = {}
        if order_ids is not None:
            params["orderIds"] = ",".join(order_ids)
        for name, value in (("limit", limit), ("offset", offset), ("filter", filter)):
            if value is not None:
                params[name] = value
        return self._call("GET", f"{self.fulfillment_root}/order", "Bearer", params=params)

    def issue_refund(self, order_id: str, refund: dict[str, Any]) -> dict[str, Any]:
        """issue_refund with an ``IssueRefundRequest`` (``reasonForRefund``, ``comment``,
        ``orderLevelRefundAmount`` or ``refundItems``) → ``{"refundId", "refundStatus": "PENDING"}``."""
        return self._call("POST", f"{self.fulfillment_root}/order/{quote(order_id, safe='')}/issue_refund",
                          "Bearer", json=refund)

    # ----------------------------------------------------------------- Post-Order
    def search_returns(self, order_id: str | None = None, **params: Any) -> dict[str, Any]:
        """Return search (``order_id``, ``return_state``, ``limit``, ``offset``...) →
        ``{"members": [ReturnSummary], "paginationOutput", "total"}``."""
        if order_id is not None:
            params["order_id"] = order_id
        return self._call("GET", f"{self.post_order_root}/return/search", "IAF", params=params)

    def every_return(self, order_id: str | None = None, *, fetch: Fetch | None = None,
                     **params: Any) -> list[dict[str, Any]]:
        """Every return the search finds (``members`` of every page), read page by page: the search
        answers one page at a time (``paginationOutput {limit, offset, totalEntries, totalPages}``,
        ``total``), so its first page alone hides the rest. No ``limit`` is sent (eBay's default
        page is taken: the Post-Order types give no default or maximum); each next page asks for
        ``offset`` = the entries read so far (the simulator's reading of ``offset``, unconfirmed:
        FIDELITY.md). Reading ends when ``total`` distinct returns are read, or a page brings
        nothing new; a reading short of ``total`` (a return opened meanwhile) is made once more.
        ``fetch(action)`` runs each page (a caller's retries); None runs it once.

        :raise IncompleteListing: two readings held fewer distinct returns than ``total`` (a reading
            of ``offset`` eBay does not share, or returns created while each was read), or a page
            was no listing at all.
        :raise EbayError: eBay refused a page.
        """
        return self._every(partial(self.search_returns, order_id), "members", "returnId", "return", order_id,
                           fetch, params)

    def every_cancellation(self, order_id: str | None = None, *, fetch: Fetch | None = None,
                           **params: Any) -> list[dict[str, Any]]:
        """Every cancellation the search finds (``cancellations`` of every page; ``legacy_order_id``
        ``order_id``), read as :meth:`every_return` reads returns.

        :raise IncompleteListing: as :meth:`every_return`'s.
        :raise EbayError: eBay refused a page.
        """
        if order_id is not None:
            params["legacy_order_id"] = order_id
        return self._every(self.search_cancellations, "cancellations", "cancelId", "cancellation", order_id,
                           fetch, params)

    def _every(self, search: Callable[..., Any], key: str, id_field: str, noun: str, order_id: str | None,
               fetch: Fetch | None, params: dict[str, Any]) -> list[dict[str, Any]]:
        run = fetch or (lambda action: action())
        # A record opened while the pages are read is listed first (newest first) and pushes each
        # later page back by one, so one reading misses it: read it all once more.
        for _ in range(2):
            found, total = self._read_pages(run, search, key, id_field, noun, params)
            if len(found) >= total:
                return list(found.values())
        raise IncompleteListing(f"eBay's {noun} search listed {len(found)} of its {total} {noun}s"
                                + (f" of order {order_id}" if order_id else "") + ": nothing was read from it.")

    @staticmethod
    def _read_pages(run: Fetch, search: Callable[..., Any], key: str, id_field: str, noun: str,
                    params: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], int]:
        """One reading of a search's pages (:meth:`_every`): the distinct records by id, and the
        ``total`` the last page gave."""
        found: dict[str, dict[str, Any]] = {}
        offset, total = 0, 0
        while True:
            paging = {**params, "offset": offset} if offset else dict(params)
            page = run(partial(search, **paging))
            if not isinstance(page, dict) or not isinstance(page.get(key, []), list):
                raise IncompleteListing(f"eBay's {noun} search answered no list of {noun}s: {str(page)[:200]}")
            # A member without its id is not counted: it cannot be read further.
            members = [m for m in page.get(key) or [] if isinstance(m, dict) and m.get(id_field)]
            pagination = page.get("paginationOutput")
            total = _count(page.get("total"), pagination.get("totalEntries") if isinstance(pagination, dict) else None)
            before = len(found)
            for member in members:
                found.setdefault(str(member.get(id_field)), member)
            if len(found) >= total or len(found) == before:
                return found, total
            offset += len(members)

    def get_return(self, return_id: str, *, fieldgroups: str | None = None) -> dict[str, Any]:
        """getReturn → ``{"detail"}`` (FULL, eBay's default), or ``{"summary"}`` with ``fieldgroups="SUMMARY"``:
        one container per call, never both."""
        params = {"fieldgroups": fieldgroups} if fieldgroups else None
        return self._call("GET", f"{self.post_order_root}/return/{quote(return_id, safe='')}", "IAF", params=params)

    def issue_return_refund(self, return_id: str, refund: dict[str, Any]) -> dict[str, Any]:
        """issue_refund on a return with ``{"refundDetail": {"itemizedRefundDetail": [...],
        "totalAmount"}, "comments"?}`` → ``{"refundStatus": "PENDING"}``."""
        return self._call("POST", f"{self.post_order_root}/return/{quote(return_id, safe='')}/issue_refund",
                          "IAF", json=refund)

    def search_cancellations(self, **params: Any) -> dict[str, Any]:
        """Cancellation search (``legacy_order_id``, ``cancel_id``, ``limit``, ``offset``...) →
        ``{"cancellations": [CancelSummary], "paginationOutput", "total"}``."""
        return self._call("GET", f"{self.post_order_root}/cancellation/search", "IAF", params=params)

    def get_cancellation(self, cancel_id: str, *, fieldgroups: str | None = None) -> dict[str, Any]:
        """getCancellation → ``{"cancelDetail"}`` (FULL, eBay's default, with the activity history; or SUMMARY)."""
        params = {"fieldgroups": fieldgroups} if fieldgroups else None
        return self._call("GET", f"{self.post_order_root}/cancellation/{quote(cancel_id, safe='')}", "IAF",
                          params=params)

    def create_cancellation(self, request: dict[str, Any]) -> dict[str, Any]:
        """The seller cancels an order itself (``CreateCancelRequest``: ``legacyOrderId``, ``cancelReason``...)
        → ``{"cancelId"}``, or ``{"orderEligibilityResult"}`` when eBay would not cancel it."""
        return self._call("POST", f"{self.post_order_root}/cancellation", "IAF", json=request)

    def approve_cancellation(self, cancel_id: str) -> None:
        """The seller approves a buyer's cancellation request: eBay cancels the order and refunds the buyer."""
        self._call("POST", f"{self.post_order_root}/cancellation/{quote(cancel_id, safe='')}/approve", "IAF")

    def reject_cancellation(self, cancel_id: str, body: dict[str, Any] | None = None) -> None:
        """The seller rejects a buyer's cancellation request (``RejectCancelRequest``, ``{}`` at least)."""
        self._call("POST", f"{self.post_order_root}/cancellation/{quote(cancel_id, safe='')}/reject", "IAF",
                   json=body or {})
