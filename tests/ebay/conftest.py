"""Fixtures of the eBay simulator's tests.

Every answer these tests receive is held to eBay's contracts by the app itself (the contract checker,
``contracts/checker``, on in every test run): an answer outside them arrives as a 500 "Unexpected
simulator error" naming the contract and the JSON path, and fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from simulators.clients import ControlPlaneClient, EbayClient


class EbaySim:
    """The eBay part of the control plane, plus the tenant clock, for one tenant."""

    def __init__(self, base_url: str, tenant: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.root = f"{self.base_url}/_sim/tenants/{tenant}/ebay"
        self.tenant = tenant
        self.session = requests.Session()

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        if body is not None:
            kwargs["json"] = body
        return self.session.post(f"{self.root}{path}", timeout=10, **kwargs)

    def _ok(self, response: requests.Response, status: int) -> dict[str, Any]:
        assert response.status_code == status, response.text
        return response.json()

    def order(self, **body: Any) -> dict[str, Any]:
        return self._ok(self.post("/orders", body), 201)

    def buyer_return(self, order_id: str, **body: Any) -> dict[str, Any]:
        return self._ok(self.post(f"/orders/{order_id}/returns", body), 201)

    def buyer_cancellation(self, order_id: str, **body: Any) -> dict[str, Any]:
        return self._ok(self.post(f"/orders/{order_id}/cancellations", body), 201)

    def close_return(self, return_id: str, **body: Any) -> dict[str, Any]:
        return self._ok(self.post(f"/returns/{return_id}/close", body), 200)

    def open_case(self, order_id: str, **body: Any) -> dict[str, Any]:
        return self._ok(self.post(f"/orders/{order_id}/cases", body), 201)

    def close_case(self, order_id: str, case_id: str) -> dict[str, Any]:
        return self._ok(self.session.delete(f"{self.root}/orders/{order_id}/cases/{case_id}", timeout=10), 200)

    def arm_failed_refund(self, count: int = 1, order_id: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"outcome": "FAILED", "count": count}
        if order_id:
            body["orderId"] = order_id
        return self._ok(self.post("/refund_outcome", body), 200)

    def call_limit(self, limit: int | None, window_seconds: int | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"limit": limit}
        if window_seconds is not None:
            body["window_seconds"] = window_seconds
        return self._ok(self.post("/call_limit", body), 200)

    def advance(self, seconds: float) -> str:
        response = self.session.post(f"{self.base_url}/_sim/tenants/{self.tenant}/clock",
                                     json={"advance_seconds": seconds}, timeout=10)
        return self._ok(response, 200)["now"]


def make_client(base_url: str, credentials: dict[str, str]) -> EbayClient:
    return EbayClient(base_url, credentials)


@pytest.fixture
def ebay(simulators, tenant: dict[str, Any]) -> EbayClient:
    """The seller's eBay APIs (in-process)."""
    return make_client(simulators.base_url, tenant["ebay"])


@pytest.fixture
def sim(simulators, tenant: dict[str, Any]) -> EbaySim:
    return EbaySim(simulators.base_url, tenant["tenant"])


@pytest.fixture
def api(simulators, tenant: dict[str, Any]) -> Iterator["RawApi"]:
    """Raw HTTP to the eBay paths with the seller's token, for requests a client would never send."""
    raw = RawApi(simulators.base_url, tenant["ebay"]["access_token"])
    yield raw
    raw.session.close()


class RawApi:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = requests.Session()

    def request(self, method: str, path: str, *, scheme: str = "Bearer", token: str | None = None,
                marketplace: str | None = "EBAY_US", **kwargs: Any) -> requests.Response:
        """``marketplace``: the ``X-EBAY-C-MARKETPLACE-ID`` every Post-Order call carries (``None``: none)."""
        headers = kwargs.pop("headers", {})
        if scheme:
            headers.setdefault("Authorization", f"{scheme} {token if token is not None else self.token}")
        if marketplace is not None:
            headers.setdefault("X-EBAY-C-MARKETPLACE-ID", marketplace)
        return self.session.request(method, f"{self.base_url}{path}", headers=headers, timeout=10, **kwargs)


@pytest.fixture
def live_ebay(live, live_tenant: dict[str, Any]) -> EbayClient:
    return make_client(live.base_url, live_tenant["ebay"])


@pytest.fixture
def live_sim(live, live_tenant: dict[str, Any]) -> Iterator[EbaySim]:
    yield EbaySim(live.base_url, live_tenant["tenant"])
    ControlPlaneClient(live.base_url).delete_tenant(live_tenant["tenant"])


def ebay_error(body: Any) -> dict[str, Any]:
    """The first error detail of either eBay envelope."""
    if "errors" in body:
        return body["errors"][0]
    return body["errorMessage"]["error"][0]


def assert_ebay_error(error: Any, status: int, error_id: int) -> dict[str, Any]:
    """Assert an eBay error (a ``VendorError`` or a ``requests.Response``); return its detail."""
    if isinstance(error, requests.Response):
        actual_status, body = error.status_code, error.json()
    else:
        actual_status, body = error.status, error.body
    detail = ebay_error(body)
    assert (actual_status, detail["errorId"]) == (status, error_id), body
    assert detail["message"]
    return detail


ORDER = {
    "lineItems": [
        {"title": "Enamel mug", "sku": "MUG-1", "quantity": 2, "price": "12.50"},
        {"title": "Loose-leaf tea", "sku": "TEA-1", "quantity": 1, "price": "8.00"},
    ],
    "shipping": "5.00",
    "currency": "USD",
}


@pytest.fixture
def order(sim: EbaySim) -> dict[str, Any]:
    """A paid two-line order: 2 × 12.50 + 8.00 + 5.00 shipping = 38.00 (2.50 shipping per line)."""
    return sim.order(**ORDER)


def order_refund(value: str, reason: str = "OTHER_ADJUSTMENT", currency: str = "USD", **extra: Any) -> dict[str, Any]:
    return {"reasonForRefund": reason, "orderLevelRefundAmount": {"value": value, "currency": currency}, **extra}


def item_refund(*items: tuple[str, str], reason: str = "ITEM_NOT_AS_DESCRIBED") -> dict[str, Any]:
    return {"reasonForRefund": reason,
            "refundItems": [{"lineItemId": line_id, "refundAmount": {"value": value, "currency": "USD"}}
                            for line_id, value in items]}


def return_refund(value: float, currency: str = "USD", fee_type: str = "PURCHASE_PRICE") -> dict[str, Any]:
    return {"refundDetail": {"itemizedRefundDetail": [{"refundAmount": {"value": value, "currency": currency},
                                                       "refundFeeType": fee_type}],
                             "totalAmount": {"value": value, "currency": currency}},
            "comments": {"content": "Refund for the returned item"}}
