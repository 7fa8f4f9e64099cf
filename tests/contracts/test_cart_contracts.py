"""Magento's and WooCommerce's contracts in the checker: each answer held to its operation, a field
the vendor's schema lacks refused unless the simulator's FIDELITY.md allows it, errors in the
vendor's shape — Magento by Adobe's admin REST schema, WooCommerce by its item schemas."""

from __future__ import annotations

import json
from typing import Any

from contracts.checker import REGISTRY, Answer, Violation

JSON = {"Content-Type": "application/json"}


def _check(method: str, path: str, status: int, body: Any) -> Violation | None:
    return REGISTRY.check(Answer(method, path, status, JSON, json.dumps(body).encode()))


def _problem(method: str, path: str, status: int, body: Any) -> str:
    violation = _check(method, path, status, body)
    assert violation is not None, "the checker let a violation through"
    return f"{violation.where}: {violation.problem}"


# ------------------------------------------------------------------ Magento
def test_magento_errors_and_the_deviations_adobes_schema_does_not_allow() -> None:
    error = {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
    assert _check("GET", "/rest/V1/orders/9", 404, error) is None
    assert _check("GET", "/rest/default/V1/orders/9", 404, error) is None  # a store code before V1
    # %1 placeholders: a list of strings (DEVIATIONS), not the schema's list of objects.
    assert _check("POST", "/rest/V1/order/1/refund", 400, {"message": "%1 is wrong", "parameters": ["qty"]}) is None
    assert _check("POST", "/rest/V1/order/1/refund", 400, {"message": "%name", "parameters": {"name": "qty"}}) is None
    assert _problem("GET", "/rest/V1/orders/9", 404, {"message": "x", "debug": "..."}) == \
        "$: debug is not a field of error-response"


def test_magento_answers_are_held_to_their_operation() -> None:
    assert _check("POST", "/rest/V1/order/1/refund", 200, 12) is None  # the credit memo's id
    assert _problem("POST", "/rest/V1/order/1/refund", 200, "12") == "$: must be integer"
    listed = {"items": [{"entity_id": 1, "order_id": 1, "items": [], "planted": True}], "search_criteria": {"filter_groups": []}, "total_count": 1}
    assert _problem("GET", "/rest/V1/creditmemos", 200, listed) == \
        "$.items[0]: planted is not a field of sales-data-creditmemo-interface"
    assert _problem("GET", "/rest/V1/carts/1", 200, {}) == \
        "GET /rest/V1/carts/1: the contract has no operation that answers this request"


# ------------------------------------------------------------------ WooCommerce
def test_woocommerce_errors_carry_their_http_status() -> None:
    error = {"code": "woocommerce_rest_shop_order_invalid_id", "message": "Invalid ID.", "data": {"status": 404}}
    assert _check("GET", "/wp-json/wc/v3/orders/9", 404, error) is None
    assert _problem("GET", "/wp-json/wc/v3/orders/9", 400, error) == "$.data.status: says 404, the answer is 400"
    assert _problem("GET", "/wp-json/wc/v3/orders/9", 404, {"message": "Invalid ID."}).startswith("$: must contain")


def test_woocommerce_refunds_take_every_field_and_only_the_allowed_others() -> None:
    assert _problem("GET", "/wp-json/wc/v3/orders/1/refunds", 200, [{"id": 3}]).startswith("$[0]: must contain")
    assert _problem("POST", "/wp-json/wc/v3/orders/1/refunds", 200, []).startswith("$: must be object")
    assert _problem("PUT", "/wp-json/wc/v3/orders/1", 200, {}) == \
        "PUT /wp-json/wc/v3/orders/1: the contract has no operation that answers this request"
