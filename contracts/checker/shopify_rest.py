"""Shopify's REST contract, 2025-01.

Shopify publishes no OpenAPI file for the Admin REST API. Its own ruby library is generated from the
REST reference: the resources' attribute lists (names and Sorbet types) and the example answers of
the reference (``contracts/shopify/rest/shopify_rest_2025_01_fixtures.json``) are the contract here.
A resource's fields are its attributes plus the fields its examples print; a nested object's fields
are the ones the examples print at that place; a field's JSON type is its attribute's type, or the
types the examples show (integers and decimals both count as numbers; a field the examples only
show as ``null`` may hold anything). Where Shopify prints one resource inside another (an order's
refunds, a refund's transactions) the inner one is checked as that resource (:data:`NESTED`).

GraphQL answers are not part of this module: :mod:`.shopify_graphql` routes ``graphql.json`` to its
schema-aware check (:meth:`contracts.checker.core.Registry.extend`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .core import SchemaCheck, ServiceContract, Violation, add_allowances, allowances, allowed_fields, load_json

REST = "Shopify Admin REST API 2025-01 (shopify-api-ruby resources and examples)"
PREFIX = "/admin/api"
#: Singular resource → the key of a list of them.
RESOURCES = {"order": "orders", "refund": "refunds", "transaction": "transactions", "webhook": "webhooks"}
#: Where one resource is printed inside another, as the ruby resources nest them.
NESTED = {
    "order.refunds[]": "refund",
    "refund.transactions[]": "transaction",
    "refund.refund_line_items[].line_item": "order.line_items[]",
    "refund.refund_shipping_lines[].shipping_line": "order.shipping_lines[]",
}
#: Shopify's REST error body (reference: "Status and error codes"): ``errors`` is a message, a
#: list of messages, or messages by field.
_ERRORS = {"title": "errors", "type": "object", "required": ["errors"], "additionalProperties": False,
           "properties": {"errors": {"type": ["string", "array", "object"]}}}
#: Shopify's REST error body, checked.
ERRORS = SchemaCheck(REST, _ERRORS)
_RUBY_TYPES = {"String": "string", "Integer": "integer", "Float": "number", "T::Boolean": "boolean"}


@dataclass
class Shape:
    """What the examples show at one place: JSON types, object fields, array items."""

    types: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)  # field name → the path of its shape
    items: str | None = None  # the path of the items' shape


class Examples:
    """The shapes of every place the examples print, by path (``order.line_items[]``)."""

    def __init__(self) -> None:
        self.shapes: dict[str, Shape] = {}

    def shape(self, path: str) -> Shape:
        return self.shapes.setdefault(NESTED.get(path, path), Shape())

    def observe(self, path: str, value: Any) -> None:
        path = NESTED.get(path, path)
        shape = self.shape(path)
        shape.types.add(_json_type(value))
        if isinstance(value, dict):
            for key, sub in value.items():
                shape.fields[key] = NESTED.get(f"{path}.{key}", f"{path}.{key}")
                self.observe(f"{path}.{key}", sub)
        elif isinstance(value, list):
            shape.items = NESTED.get(f"{path}[]", f"{path}[]")
            for sub in value:
                self.observe(f"{path}[]", sub)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object" if isinstance(value, dict) else "array"


def _ruby_type(sorbet: str) -> list[str] | None:
    """``T.nilable(String)`` → ``["string", "null"]``; ``None`` for an untyped value."""
    inner = re.fullmatch(r"T\.nilable\((.*)\)", sorbet)
    base = inner.group(1) if inner else sorbet
    if base.startswith("T::Hash") or re.fullmatch(r"[A-Z]\w*", base) and base not in _RUBY_TYPES:
        kind = "object"
    elif base.startswith("T::Array"):
        kind = "array"
    elif base in _RUBY_TYPES:
        kind = _RUBY_TYPES[base]
    else:
        return None
    return [kind, "null"] if inner else [kind]


def definitions() -> dict[str, Any]:
    """Every place's JSON Schema definition, by path, titled with it; allowances added."""
    source = load_json("shopify/rest/shopify_rest_2025_01_fixtures.json")
    examples = Examples()
    for resource, answers in source["examples"].items():
        for answer in answers:
            body = answer["response"]
            if not isinstance(body, dict):
                continue
            if resource in body:
                examples.observe(resource, body[resource])
            for item in body.get(RESOURCES[resource], []):
                examples.observe(resource, item)
    defs: dict[str, Any] = {}
    for path, shape in examples.shapes.items():
        if "object" in shape.types:
            defs[path] = {"title": path, "type": "object", "additionalProperties": False,
                          "properties": {name: _value(examples, sub) for name, sub in shape.fields.items()}}
    for resource, attributes in source["attributes"].items():
        properties = defs[resource]["properties"]
        for name, sorbet in attributes.items():
            declared = _ruby_type(sorbet)
            sub = f"{resource}.{name}"
            if declared is None or (name in properties and properties[name] == {}):
                properties[name] = {}
            else:
                properties[name] = _value(examples, sub, set(declared))
    add_allowances(defs, allowed_fields(allowances("shopify")), "shopify")
    return defs


def _value(examples: Examples, path: str, declared: set[str] | None = None) -> dict[str, Any]:
    """The schema of the values the examples show at ``path`` (plus the ``declared`` JSON types).

    An object is its definition (``$ref``) and anything else its types; both together are an
    if/then/else, not an anyOf, so that a violation inside the object is reported where it is."""
    shape = examples.shapes.get(NESTED.get(path, path))
    types = set(declared or ()) | (shape.types if shape else set())
    if not types - {"null"} or (declared is None and shape is None):
        return {}  # only ever null, or an empty list, in the examples: nothing to hold it to
    other: dict[str, Any] = {"type": sorted(types - {"object"})}
    if "array" in types:
        items = None if shape is None or shape.items is None else shape.items
        other["items"] = {} if items is None else _value(examples, items)
    if "object" not in types:
        return other
    target = NESTED.get(path, path)
    if shape is None or "object" not in shape.types:
        return {"type": sorted(types)}  # declared a Hash, never shown: any object
    ref = {"$ref": f"#/definitions/{target}"}
    return ref if types == {"object"} else {"if": {"type": "object"}, "then": ref, "else": other}


class Resource:
    """Answers that carry one resource, or a list of them, under ``key``: the resource's validator
    is compiled once and shared by every route that prints it."""

    def __init__(self, check: SchemaCheck, key: str, many: bool) -> None:
        self.check, self.key, self.many = check, key, many

    def validate(self, body: Any) -> Violation | None:
        if not isinstance(body, dict) or list(body) != [self.key]:
            found = ", ".join(body) if isinstance(body, dict) else type(body).__name__
            return Violation(REST, "$", f"the answer is {{\"{self.key}\": ...}}, not {found or 'empty'}")
        value = body[self.key]
        if not self.many:
            return self.check.validate(value, f"$.{self.key}")
        if not isinstance(value, list):
            return Violation(REST, f"$.{self.key}", "must be array")
        for index, item in enumerate(value):
            violation = self.check.validate(item, f"$.{self.key}[{index}]")
            if violation is not None:
                return violation
        return None


def build() -> ServiceContract:
    defs: dict[str, Any] = {}

    def resource_check(resource: str) -> SchemaCheck:
        def make() -> dict[str, Any]:
            if not defs:
                defs.update(definitions())
            return {"$ref": f"#/definitions/{resource}", "definitions": defs}
        return SchemaCheck(REST, make)

    checks = {resource: resource_check(resource) for resource in RESOURCES}

    def wrapped(key: str, resource: str, many: bool) -> Resource:
        return Resource(checks[resource], key, many)

    errors = ERRORS
    count = SchemaCheck(REST, {"title": "{count}", "type": "object", "required": ["count"], "additionalProperties": False,
                               "properties": {"count": {"type": "integer"}}})
    empty = SchemaCheck(REST, {"title": "{}", "type": "object", "maxProperties": 0})

    def answers(success: SchemaCheck | Resource) -> Any:
        return lambda answer, body: errors.validate(body) if answer.status >= 400 else success.validate(body)

    contract = ServiceContract("shopify", REST, (PREFIX,), fallback=lambda answer, body: errors.validate(body))
    version = f"{PREFIX}/{{version}}"
    order = f"{version}/orders/{{order_id}}"
    routes: list[tuple[str, str, SchemaCheck | Resource]] = [
        ("POST", f"{version}/orders.json", wrapped("order", "order", False)),
        ("GET", f"{version}/orders.json", wrapped("orders", "order", True)),
        ("GET", f"{version}/orders/count.json", count),
        ("GET", f"{order}.json", wrapped("order", "order", False)),
        ("POST", f"{order}/cancel.json", wrapped("order", "order", False)),
        ("GET", f"{order}/transactions.json", wrapped("transactions", "transaction", True)),
        ("POST", f"{order}/transactions.json", wrapped("transaction", "transaction", False)),
        ("GET", f"{order}/transactions/count.json", count),
        ("GET", f"{order}/transactions/{{transaction_id}}.json", wrapped("transaction", "transaction", False)),
        ("POST", f"{order}/refunds/calculate.json", wrapped("refund", "refund", False)),
        ("POST", f"{order}/refunds.json", wrapped("refund", "refund", False)),
        ("GET", f"{order}/refunds.json", wrapped("refunds", "refund", True)),
        ("GET", f"{order}/refunds/{{refund_id}}.json", wrapped("refund", "refund", False)),
        ("POST", f"{version}/webhooks.json", wrapped("webhook", "webhook", False)),
        ("GET", f"{version}/webhooks.json", wrapped("webhooks", "webhook", True)),
        ("GET", f"{version}/webhooks/count.json", count),
        ("GET", f"{version}/webhooks/{{webhook_id}}.json", wrapped("webhook", "webhook", False)),
        ("PUT", f"{version}/webhooks/{{webhook_id}}.json", wrapped("webhook", "webhook", False)),
        ("DELETE", f"{version}/webhooks/{{webhook_id}}.json", empty),
    ]
    for method, template, check in routes:
        contract.route(method, template, answers(check))
    return contract

