"""eBay's Sell Fulfillment API and Post-Order API v2 as a seller's integration calls them: the
seller's user access token as ``Authorization: Bearer`` (Fulfillment) and ``Authorization: IAF``
(Post-Order), with ``X-EBAY-C-MARKETPLACE-ID``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote


from .base import DEFAULT_TIMEOUT, VendorError, new_session


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

    def get_return(self, return_id: str, *, fieldgroups: str | None = None) -> dict[str, Any]:
        """getReturn → ``{"summary", "detail"}`` (``fieldgroups="SUMMARY"``: the summary only)."""
        params = {"fieldgroups": fieldgroups} if fieldgroups else None
        return self._call("GET", f"{self.post_order_root}/return/{quote(return_id, safe='')}", "IAF", params=params)

    def issue_return_refund(self, return_id: str, refund: dict[str, Any]) -> dict[str, Any]:
        """issue_refund on a return with ``{"refundDetail": {"itemizedRefundDetail": [...],
        "totalAmount"}, "comments"?}`` → ``{"refundStatus": "PENDING"}``."""
        return self._call("POST", f"{self.post_order_root}/return/{quote(return_id, safe='')}/issue_refund",
                          "IAF", json=refund)
