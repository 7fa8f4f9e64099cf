"""Fixtures of the eBay simulator's tests.

Every response a test receives through these fixtures — eBay API or eBay control plane — is
validated against a schema derived from eBay's contract (``fulfillment_v1_schema.json`` from the
Fulfillment API's OpenAPI 3 file, ``post_order_v2_schema.json`` from the Post-Order reference), by a
``requests`` response hook, so no test can forget to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from jsonschema import Draft202012Validator

from simulators.clients import ControlPlaneClient, EbayClient

HERE = Path(__file__).parent
FULFILLMENT_SCHEMA = json.loads((HERE / "fulfillment_v1_schema.json").read_text())
POST_ORDER_SCHEMA = json.loads((HERE / "post_order_v2_schema.json").read_text())

_ORDER_PATH = re.compile(r"^/sell/fulfillment/v1/order/[^/]+$")
_REFUND_PATH = re.compile(r"^/sell/fulfillment/v1/order/[^/]+/issue_refund$")
_RETURN_PATH = re.compile(r"^/post-order/v2/return/[^/]+$")
_RETURN_REFUND_PATH = re.compile(r"^/post-order/v2/return/[^/]+/issue_refund$")
_CONTROL_ORDER_PATH = re.compile(r"^/_sim/tenants/[^/]+/ebay/orders$")


def validator(schema: dict[str, Any], name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})


def validate(schema: dict[str, Any], name: str, body: Any) -> None:
    errors = sorted(validator(schema, name).iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{name} does not match eBay's contract: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])


def schema_for(method: str, path: str, status: int, body: Any) -> tuple[dict[str, Any], str] | None:
    """Which derived schema type a response must match (None: not an eBay contract response)."""
    if path.startswith("/sell/fulfillment/v1"):
        if status >= 400:
            return FULFILLMENT_SCHEMA, "ErrorResponse"
        if method == "GET" and path == "/sell/fulfillment/v1/order":
            return FULFILLMENT_SCHEMA, "OrderSearchPagedCollection"
        if method == "GET" and _ORDER_PATH.match(path):
            return FULFILLMENT_SCHEMA, "Order"
        if method == "POST" and _REFUND_PATH.match(path):
            return FULFILLMENT_SCHEMA, "Refund"
        raise AssertionError(f"no schema for {method} {path}")
    if path.startswith("/post-order/v2"):
        if status >= 400:
            # Gateway errors (token, call limit, routing) use eBay's REST envelope on every API.
            is_gateway = isinstance(body, dict) and "errors" in body
            return (FULFILLMENT_SCHEMA, "ErrorResponse") if is_gateway else (POST_ORDER_SCHEMA, "ErrorMessage")
        if method == "GET" and path == "/post-order/v2/return/search":
            return POST_ORDER_SCHEMA, "GetSummaryResponse"
        if method == "POST" and _RETURN_REFUND_PATH.match(path):
            return POST_ORDER_SCHEMA, "IssueRefundResponse"
        if method == "GET" and _RETURN_PATH.match(path):
            return POST_ORDER_SCHEMA, "GetDetailResponse"
        raise AssertionError(f"no schema for {method} {path}")
    if method == "POST" and status == 201 and _CONTROL_ORDER_PATH.match(path):
        return FULFILLMENT_SCHEMA, "Order"
    return None


def check_contract(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """``requests`` response hook: the body matches eBay's contract for that call."""
    path = urlsplit(response.url).path
    body = response.json() if response.content else None
    target = schema_for(response.request.method or "GET", path, response.status_code, body)
    if target is not None:
        assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
        validate(*target, body)


def checked_session(session: requests.Session) -> requests.Session:
    session.hooks["response"].append(check_contract)
    return session


class EbaySim:
    """The eBay part of the control plane, plus the tenant clock, for one tenant."""

    def __init__(self, base_url: str, tenant: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.root = f"{self.base_url}/_sim/tenants/{tenant}/ebay"
        self.tenant = tenant
        self.session = checked_session(requests.Session())

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
    client = EbayClient(base_url, credentials)
    checked_session(client.session)
    return client


@pytest.fixture
def ebay(simulators, tenant: dict[str, Any]) -> EbayClient:
    """The seller's eBay APIs (in-process), every answer checked against eBay's contract."""
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
        self.session = checked_session(requests.Session())

    def request(self, method: str, path: str, *, scheme: str = "Bearer", token: str | None = None,
                **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if scheme:
            headers.setdefault("Authorization", f"{scheme} {token if token is not None else self.token}")
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
