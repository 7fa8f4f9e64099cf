"""Magento 2's contract: Adobe's admin REST schema 2.4.9 (Swagger 2.0), the sales subset vendored in
``contracts/magento/admin-schema-2.4.9.sales-subset.json`` (provenance beside it).

Every operation by its path (``/rest/V1/...`` or ``/rest/<store code>/V1/...``) and method: an
answer is held to the operation's schema for its status (or ``default``, Magento's
``error-response``). Strict where Swagger is lenient: an object may carry only the properties its
definition names, so a field the simulator invents fails. Where Magento itself answers otherwise
than Adobe's schema says, the schema is widened by :data:`DEVIATIONS`, one entry per difference with
its reason (listed in the simulator's FIDELITY.md too).
"""

from __future__ import annotations

import copy
from typing import Any

from . import openapi
from .core import Answer, SchemaCheck, ServiceContract, Violation, load_json

CONTRACT = "Magento 2.4.9 admin REST schema (Adobe)"
PREFIX = "/rest/"
SCHEMA_FILE = "magento/admin-schema-2.4.9.sales-subset.json"

#: definition (or definition.property) → (how it is widened, why): Magento's real answers that
#: Adobe's schema does not allow.
DEVIATIONS: dict[str, tuple[dict[str, Any], str]] = {
    "error-parameters": (
        {"anyOf": [{"type": "array", "items": {"type": "string"}},
                   {"type": "object", "additionalProperties": {"type": "string"}}]},
        "Magento sends a message's parameters as a list of strings for %1-style placeholders and as an "
        "object for %name-style ones (Webapi Rest Response::_renderMessages); the schema's array of "
        "{resources, fieldName, fieldValue} objects matches neither.",
    ),
    "sales-data-order-payment-interface.account_status": (
        {"type": ["string", "null"]},
        "A required getter without a value is serialised as null (DataObjectProcessor); orders paid "
        "offline have no account status.",
    ),
    "sales-data-order-payment-interface.cc_last4": (
        {"type": ["string", "null"]},
        "As account_status: null for a payment that is not a card.",
    ),
}
ORDER = {"$ref": "#/definitions/sales-data-order-interface"}
ERROR = {"$ref": "#/definitions/error-response"}


def definitions() -> tuple[dict[str, Any], dict[str, Any]]:
    """The document's paths and its definitions, closed (no undeclared properties) and widened by
    :data:`DEVIATIONS`."""
    document = load_json(SCHEMA_FILE)
    defs = copy.deepcopy(document["definitions"])
    for name, definition in defs.items():
        definition.setdefault("title", name)  # names the type in a violation's message
        if definition.get("type") == "object" and "properties" in definition:
            definition.setdefault("additionalProperties", False)
    for target, (widened, _reason) in DEVIATIONS.items():
        name, _, prop = target.partition(".")
        if prop:
            defs[name]["properties"][prop] = widened
        else:
            defs[name] = widened
    return document["paths"], defs


class Operation:
    """One operation's answers: the schema of each status it lists, ``default`` for the others."""

    def __init__(self, responses: dict[str, Any], defs: dict[str, Any]) -> None:
        self.checks = {status: SchemaCheck(CONTRACT, _lazy(response["schema"], defs))
                       for status, response in responses.items() if "schema" in response}

    def __call__(self, answer: Answer, body: Any) -> Violation | None:
        check = self.checks.get(str(answer.status)) or self.checks.get("default")
        if check is None:
            return Violation(CONTRACT, f"status {answer.status}", "the operation lists no such answer")
        return check.validate(body)


def _lazy(root: dict[str, Any], defs: dict[str, Any]) -> Any:
    return lambda: openapi.schema_of(root, defs)


def build() -> ServiceContract:
    paths, defs = definitions()
    error = SchemaCheck(CONTRACT, _lazy(ERROR, defs))
    contract = ServiceContract("magento", CONTRACT, (PREFIX,), fallback=lambda answer, body: error.validate(body))
    # Literal paths before templated ones (/V1/orders/items before /V1/orders/{id}).
    for template in sorted(paths, key=lambda t: t.count("{")):
        for method, operation in paths[template].items():
            check = Operation(operation["responses"], defs)
            contract.route(method, f"/rest{template}", check)
            contract.route(method, f"/rest/{{store}}{template}", check)
    return contract


def build_control_echo() -> ServiceContract:
    """The Magento control plane answers a created order as ``GET /V1/orders/{id}`` does."""
    _, defs = definitions()
    order = SchemaCheck(CONTRACT, _lazy(ORDER, defs))
    contract = ServiceContract("magento-control", CONTRACT, ("/_sim/tenants/",), strict=False)
    contract.route("POST", "/_sim/tenants/{tenant}/magento/orders",
                   lambda answer, body: order.validate(body) if answer.status == 201 else None)
    return contract
