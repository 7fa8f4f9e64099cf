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
