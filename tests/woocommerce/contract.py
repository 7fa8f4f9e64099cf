"""Every WooCommerce answer the tests see, checked against the contracts vendored in
``contracts/woocommerce/`` (PROVENANCE.md there): the refund field summary derived from WooCommerce's
``get_item_schema()`` and the community OpenAPI's ``shop_order``.

Both are WordPress-style schemas (``date-time``, ``mixed``, ``context``, write-only fields); :func:`jsonschema_of`
turns them into JSON Schema where **every field is required and no other field is allowed**, so a field
the simulator drops, or one it adds, fails — unless :data:`BEYOND_CONTRACT` lists it with its reason (the
same list as FIDELITY.md "Beyond the contract"). Scalars may be null (WooCommerce's introduction: "Blank
fields are generally included as null or empty string instead of being omitted."). The community file's
known errors are corrected by :data:`ERRATA`, each with its source.

Small on purpose: one function per contract, so that it folds into a shared checker later.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "woocommerce"
API = "/wp-json/wc/v3"

#: Fields the simulator answers that the contract does not have, by where they are, with why.
BEYOND_CONTRACT: dict[str, dict[str, str]] = {
    "order": {"_links": "HAL links of every WordPress REST answer (docs examples show them)"},
    "refund": {"_links": "HAL links of every WordPress REST answer (docs examples show them)"},
    "refund-with-parent": {"_links": "as above, plus refunded_by (WC 9.0 refunds controller)",
                           "parent_id": "GET /refunds adds the order id after id (WC 9.0 refunds controller)"},
    "order.shipping_lines.taxes": {"subtotal": "get_order_item_data prints '' for a tax without subtotal"},
    "refund.line_items": {"parent_name": "get_order_item_data adds it to every product line (null: no variations)"},
    "refund-with-parent.line_items": {"parent_name": "as refund.line_items"},
}
#: Corrections to the community OpenAPI (its errors, RULES.md): path → replacement schema.
ERRATA: dict[str, dict[str, Any]] = {
    "version": {"type": "string"},  # docs property table: string; example "3.0.0"
    "line_items.product_id": {"type": "integer"},  # docs: integer
    "tax_lines.rate_id": {"type": "integer"},  # docs example 75; v2 item schema: integer
    "meta_data.value": {},  # 'mixed' in WooCommerce's schema
    "line_items.meta_data.value": {},
}
#: Fields that are only in some answers: meta data shows display_key/display_value for visible meta only.
OPTIONAL = {"display_key", "display_value"}
_WRITE_ONLY = {"set_paid", "api_refund", "api_restock", "refund_total", "refund_tax"}


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def jsonschema_of(node: dict[str, Any], where: str, extras: str) -> dict[str, Any]:
    """JSON Schema of a WordPress-style schema node at ``where`` (dotted path), with the fields
    :data:`BEYOND_CONTRACT` allows for ``extras`` (the key of this level)."""
    if where in ERRATA:
        return ERRATA[where]
    kind = node.get("type")
    if "properties" in node:
        properties = {name: jsonschema_of(sub, f"{where}.{name}".strip("."), f"{extras}.{name}".strip("."))
                      for name, sub in node["properties"].items()
                      if name not in _WRITE_ONLY and sub.get("x-request-only") is not True and sub.get("context") != ["edit"]}
        for name in BEYOND_CONTRACT.get(extras, {}):
            properties.setdefault(name, {})
        return {"type": "object", "properties": properties, "additionalProperties": False,
                "required": [name for name in properties if name not in OPTIONAL]}
    if kind == "array":
        items = node.get("items")
        return {"type": "array", "items": jsonschema_of(items, where, extras)} if items else {"type": "array"}
    if kind in ("string", "date-time"):
        return _nullable("string")
    if kind in ("integer", "number", "boolean"):
        return _nullable(kind)
    return {}  # 'mixed', or no type


@cache
def schemas() -> dict[str, Draft202012Validator]:
    community = json.loads((CONTRACTS / "community-shop-order.v3.json").read_text())
    derived = json.loads((CONTRACTS / "order-refund.v3.derived-schema.json").read_text())
    order = jsonschema_of(community["shop_order"], "", "order")
    refund = jsonschema_of(derived, "", "refund")
    # The derived summary leaves the refund's shipping, tax and fee lines untyped: WooCommerce prints
    # them with the same get_order_item_data as the order's, so the order's item shapes apply.
    for name in ("shipping_lines", "tax_lines", "fee_lines"):
        refund["properties"][name] = order["properties"][name]
    with_parent = jsonschema_of(derived, "", "refund-with-parent")
    with_parent["properties"].update({k: refund["properties"][k] for k in ("shipping_lines", "tax_lines", "fee_lines")})
    with_parent["properties"]["parent_id"] = _nullable("integer")
    with_parent["required"] = list(with_parent["properties"])
    error = {"type": "object", "required": ["code", "message", "data"], "additionalProperties": False,
             "properties": {"code": {"type": "string", "minLength": 1}, "message": {"type": "string", "minLength": 1},
                            "data": {"oneOf": [{"type": "integer"},
                                               {"type": "object", "required": ["status"],
                                                "properties": {"status": {"type": "integer"}}}]},
                            "additional_errors": {"type": "array"}}}
    return {name: Draft202012Validator(schema) for name, schema in
            {"order": order, "refund": refund, "refund-with-parent": with_parent, "error": error}.items()}


def validate(kind: str, body: Any) -> None:
    """Assert ``body`` matches the contract ``kind`` (order, refund, refund-with-parent, error)."""
    found = sorted(schemas()[kind].iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not found, f"{kind} does not match WooCommerce's contract: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in found[:5])


_ORDER = re.compile(rf"^{API}/orders/\d+$")
_REFUNDS = re.compile(rf"^{API}/orders/\d+/refunds$")
_REFUND = re.compile(rf"^{API}/orders/\d+/refunds/\d+$")
_CONTROL_ORDER = re.compile(r"^/_sim/tenants/[^/]+/woocommerce/orders$")


def kind_of(method: str, path: str, status: int) -> tuple[str, bool] | None:
    """Which contract an answer must match and whether it is a list; None when none applies."""
    if path.startswith(f"{API}/") or path == API:
        if status >= 400:
            return "error", False
        if path == f"{API}/orders":
            return "order", method == "GET"
        if _ORDER.match(path):
            return "order", False
        if _REFUNDS.match(path):
            return "refund", method == "GET"
        if _REFUND.match(path):
            return "refund", False
        if path == f"{API}/refunds":
            return "refund-with-parent", True
        raise AssertionError(f"no contract for {method} {path}")
    if method == "POST" and status == 201 and _CONTROL_ORDER.match(path):
        return "order", False
    return None


def check_response(response: Any, *args: Any, **kwargs: Any) -> None:
    """``requests`` response hook (or a plain call): the answer matches WooCommerce's contract.
    Error answers must carry WordPress's error shape, and the status in ``data`` is the HTTP one."""
    path = urlsplit(response.url).path
    target = kind_of(response.request.method or "GET", path, response.status_code)
    if target is None or response.request.method == "HEAD":
        return
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    body = response.json()
    kind, many = target
    if kind == "error":
        validate("error", body)
        data = body["data"]
        status = data if isinstance(data, int) else data["status"]
        assert response.status_code == (500 if isinstance(data, int) else status), (response.status_code, body)
        return
    if many:
        assert isinstance(body, list), body
        for item in body:
            validate(kind, item)
    else:
        validate(kind, body)
