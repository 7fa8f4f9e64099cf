"""WooCommerce's contract, REST API v3 (``contracts/woocommerce/``, PROVENANCE.md there): the refund
field summary derived from WooCommerce's ``get_item_schema()`` and the community OpenAPI's
``shop_order``.

Both are WordPress-style schemas (``date-time``, ``mixed``, ``context``, write-only fields);
:func:`jsonschema_of` turns them into JSON Schema where **every field is required and no other field
is allowed**, so a field the simulator drops, or one it adds, fails — unless the simulator's
FIDELITY.md lists it, with its reason, in its "Beyond the contract" table. Scalars may be null
(WooCommerce's introduction: "Blank fields are generally included as null or empty string instead
of being omitted."). The community file's known errors are corrected by :data:`ERRATA`, each with
its source. Errors are WordPress's ``{code, message, data}`` with the HTTP status in ``data``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Answer, SchemaCheck, ServiceContract, Violation, allowances, allowed_fields, load_json

CONTRACT = "WooCommerce REST API v3 (get_item_schema and the community OpenAPI)"
PREFIX = "/wp-json/wc/v3"

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
_ERROR = {"title": "WP_Error", "type": "object", "required": ["code", "message", "data"], "additionalProperties": False,
          "properties": {"code": {"type": "string", "minLength": 1}, "message": {"type": "string", "minLength": 1},
                         "data": {"oneOf": [{"type": "integer"},
                                            {"type": "object", "required": ["status"],
                                             "properties": {"status": {"type": "integer"}}}]},
                         "additional_errors": {"type": "array"}}}


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def jsonschema_of(node: dict[str, Any], where: str, extras: str, beyond: Mapping[str, set[str]]) -> dict[str, Any]:
    """JSON Schema of a WordPress-style schema node at ``where`` (dotted path), with the fields
    ``beyond`` (FIDELITY.md's allowances) allows at ``extras`` (the key of this level)."""
    if where in ERRATA:
        return ERRATA[where]
    kind = node.get("type")
    if "properties" in node:
        properties = {name: jsonschema_of(sub, f"{where}.{name}".strip("."), f"{extras}.{name}".strip("."), beyond)
                      for name, sub in node["properties"].items()
                      if name not in _WRITE_ONLY and sub.get("x-request-only") is not True and sub.get("context") != ["edit"]}
        for name in sorted(beyond.get(extras, ())):
            properties.setdefault(name, {})
        return {"title": extras, "type": "object", "properties": properties, "additionalProperties": False,
                "required": [name for name in properties if name not in OPTIONAL]}
    if kind == "array":
        items = node.get("items")
        return {"type": "array", "items": jsonschema_of(items, where, extras, beyond)} if items else {"type": "array"}
    if kind in ("string", "date-time"):
        return _nullable("string")
    if kind in ("integer", "number", "boolean"):
        return _nullable(kind)
    return {}  # 'mixed', or no type


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schemas of an order, a refund, a refund listed with its order (``GET /refunds``), a
    payment gateway and an error."""
    beyond = allowed_fields(allowances("woocommerce"))
    community = load_json("woocommerce/community-shop-order.v3.json")
    derived = load_json("woocommerce/order-refund.v3.derived-schema.json")
    order = jsonschema_of(community["shop_order"], "", "order", beyond)
    refund = jsonschema_of(derived, "", "refund", beyond)
    # The derived summary leaves the refund's shipping, tax and fee lines untyped: WooCommerce prints
    # them with the same get_order_item_data as the order's, so the order's item shapes apply.
    lines = {name: order["properties"][name] for name in ("shipping_lines", "tax_lines", "fee_lines")}
    refund["properties"].update(lines)
    with_parent = jsonschema_of(derived, "", "refund-with-parent", beyond)
    with_parent["properties"].update(lines)
    with_parent["properties"]["parent_id"] = _nullable("integer")
    with_parent["required"] = list(with_parent["properties"])
    gateway = jsonschema_of(community["payment_gateway"], "", "payment-gateway", beyond)
    gateway["properties"]["settings"] = {"type": "object"}  # a map of settings by id (PROVENANCE.md)
    return {"order": order, "refund": refund, "refund-with-parent": with_parent, "payment-gateway": gateway,
            "error": _ERROR}


def _error(check: SchemaCheck) -> Any:
    def validate(answer: Answer, body: Any) -> Violation | None:
        violation = check.validate(body)
        if violation is not None:
            return violation
        data = body["data"]
        status = 500 if isinstance(data, int) else data["status"]  # a bare code is a fatal error's
        if status != answer.status:
            return Violation(CONTRACT, "$.data.status" if isinstance(data, dict) else "$.data",
                             f"says {status}, the answer is {answer.status}")
        return None
    return validate


def build() -> ServiceContract:
    built: dict[str, dict[str, Any]] = {}

    def schema(kind: str, many: bool) -> SchemaCheck:
        def make() -> dict[str, Any]:
            if not built:
                built.update(schemas())
            one = built[kind]
            return {"type": "array", "items": one} if many else one
        return SchemaCheck(CONTRACT, make)

    error = _error(schema("error", False))
    contract = ServiceContract("woocommerce", CONTRACT, (PREFIX,), fallback=error)

    def answers(success: SchemaCheck) -> Any:
        return lambda answer, body: error(answer, body) if answer.status >= 400 else success.validate(body)

    order, refund = f"{PREFIX}/orders/{{order_id}}", f"{PREFIX}/orders/{{order_id}}/refunds/{{refund_id}}"
    for method, template, check in [
        ("GET", f"{PREFIX}/orders", schema("order", True)),
        ("POST", f"{PREFIX}/orders", schema("order", False)),
        ("GET", order, schema("order", False)),
        ("GET", f"{order}/refunds", schema("refund", True)),
        ("POST", f"{order}/refunds", schema("refund", False)),
        ("GET", refund, schema("refund", False)),
        ("DELETE", refund, schema("refund", False)),
        ("GET", f"{PREFIX}/refunds", schema("refund-with-parent", True)),
        ("GET", f"{PREFIX}/payment_gateways", schema("payment-gateway", True)),
        ("GET", f"{PREFIX}/payment_gateways/{{gateway_id}}", schema("payment-gateway", False)),
    ]:
        contract.route(method, template, answers(check))
    return contract


def build_control_echo() -> ServiceContract:
    """The WooCommerce control plane answers a created order as ``GET /orders/{id}`` does."""
    contract = build()
    order = contract.find("GET", f"{PREFIX}/orders/1")
    echo = ServiceContract("woocommerce-control", CONTRACT, ("/_sim/tenants/",), strict=False)
    echo.route("POST", "/_sim/tenants/{tenant}/woocommerce/orders",
               lambda answer, body: order(answer, body) if answer.status == 201 and order else None)
    return echo
