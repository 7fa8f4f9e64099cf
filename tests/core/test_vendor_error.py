"""``VendorError.message``: the human message of any vendor's error body, and never an exception of
its own when the body is malformed (a connector or a step reporting the error must not crash on it)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from simulators.clients import VendorError
from simulators.clients.ebay import EbayError


def _response(body: Any, status: int) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response.request = requests.Request("POST", "http://refundsim.invalid/x").prepare()
    response.url = "http://refundsim.invalid/x"
    return response


def _error(body: Any, status: int = 400) -> VendorError:
    return VendorError("Vendor", _response(body, status))


@pytest.mark.parametrize("body, message", [
    ({"o:errorDetails": [{"detail": "Invalid login attempt.", "o:errorCode": "INVALID_LOGIN"}]}, "Invalid login attempt."),
    ({"errors": {"base": ["Refund amount must be greater than 0"]}}, "base: Refund amount must be greater than 0"),
    ({"errors": "Not Found"}, "Not Found"),
    ({"errors": [{"errorId": 34913, "message": "Order not found."}]}, "Order not found."),
    ({"errorMessage": {"error": [{"errorId": 1304, "message": "The return id is invalid."}]}}, "The return id is invalid."),
])
def test_the_message_of_each_vendor_s_error_shape(body: Any, message: str) -> None:
    assert _error(body).message == message


@pytest.mark.parametrize("body", [{"o:errorDetails": "x"}, {"o:errorDetails": [5]}, {"errors": [5, None]},
                                  {"errors": {"base": [1, None]}}, {"errorMessage": "x"}, [], "text", b"<html>oops</html>", b""])
def test_a_malformed_error_body_still_gives_a_message(body: Any) -> None:
    error = _error(body, 503)
    assert isinstance(error.message, str) and "-> 503" in str(error)


@pytest.mark.parametrize("body", [{"errors": 5}, {"errors": "x"}, {"errorMessage": {"error": 5}}, {"errorMessage": "x"}])
def test_a_malformed_ebay_envelope_has_no_error_ids_and_still_a_message(body: Any) -> None:
    error = EbayError("eBay", _response(body, 500))
    assert error.error_ids == [] and isinstance(error.message, str)


@pytest.mark.parametrize("body, status, refused", [
    ({"code": "woocommerce_rest_cannot_create_order_refund", "message": "Invalid refund amount.", "data": 500}, 500, True),
    ({"code": "woocommerce_rest_invalid_order_id", "message": "Invalid order ID.", "data": 404}, 500, True),
    ({"code": "internal_server_error", "message": "Internal server error.", "data": {"status": 500}}, 500, False),
    ({"code": "internal_server_error", "message": "Service unavailable.", "data": {"status": 503}}, 503, False),
    ({"code": "rest_invalid_param", "message": "Invalid parameter(s): amount", "data": {"status": 400}}, 400, True),
    ({"code": "rest_error", "message": "Too many requests.", "data": {"status": 429}}, 429, False),
    ("<html>Bad gateway</html>", 502, False),
])
def test_a_woocommerce_refusal_is_told_from_a_server_failure(body: Any, status: int, refused: bool) -> None:
    """WooCommerce answers its own refusals with HTTP 500 and a bare integer as ``data``: not retried,
    unlike a server failure (``data: {"status": 500}``) or a 429."""
    from simulators.clients import WooCommerceError
    assert WooCommerceError("WooCommerce", _response(body, status)).refused is refused
    assert _error(body, status).refused is (status < 500 and status != 429)
