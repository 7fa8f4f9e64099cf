"""Every Magento answer the tests receive, checked against Adobe's own admin REST schema 2.4.9
(``contracts/magento/admin-schema-2.4.9.sales-subset.json``, Swagger 2.0).

Strict where Swagger is lenient: an object may carry only the properties its definition names
(``additionalProperties: false`` is added to every definition), so a field the simulator invents
fails. Where Magento itself answers otherwise than Adobe's schema says, the schema is widened here,
one entry per difference in :data:`DEVIATIONS`, each with its reason (and listed in the simulator's
FIDELITY.md). Small on purpose: one function, :func:`check`, that a shared contract checker can
call for the Magento paths.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "contracts" / "magento" / "admin-schema-2.4.9.sales-subset.json"
_STORE_PREFIX = re.compile(r"^/rest(?:/[^/]+)?(?=/V1/)")

#: definition → (how it is widened, why): Magento's real answers that Adobe's schema does not allow.
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


@cache
def _schema() -> dict[str, Any]:
    schema = json.loads(SCHEMA_FILE.read_text())
    definitions = schema["definitions"]
    for definition in definitions.values():
        if definition.get("type") == "object" and "properties" in definition:
            definition.setdefault("additionalProperties", False)
    for target, (widened, _reason) in DEVIATIONS.items():
        name, _, prop = target.partition(".")
        if prop:
            definitions[name]["properties"][prop] = widened
        else:
            definitions[name] = widened
    return schema


@cache
def _operations() -> list[tuple[re.Pattern[str], str, dict[str, Any]]]:
    out = []
    for template, methods in _schema()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        for method, operation in methods.items():
            out.append((pattern, method.upper(), operation))
    # Literal paths before templated ones (/V1/orders/items before /V1/orders/{id}).
    out.sort(key=lambda entry: entry[0].pattern.count("[^/]+"))
    return out


def response_schema(method: str, path: str, status: int) -> dict[str, Any]:
    """The schema of the answer to ``method path`` with ``status``.

    :raise AssertionError: the contract has no such operation (an error answer to a path no route
        matches is Magento's ``error-response``).
    """
    api_path = _STORE_PREFIX.sub("", path)
    for pattern, op_method, operation in _operations():
        if op_method == method.upper() and pattern.match(api_path):
            responses = operation["responses"]
            response = responses.get(str(status)) or responses.get("default")
            assert response is not None, f"the contract has no {status} answer for {method} {path}"
            return response["schema"]
    assert status >= 400, f"the contract has no operation {method} {path}"
    return {"$ref": "#/definitions/error-response"}


def check(method: str, path: str, status: int, body: Any, *, schema: dict[str, Any] | None = None) -> None:
    """Assert that ``body`` matches Adobe's contract for ``method path`` answered with ``status``
    (or ``schema``, a definition reference, for answers of the simulator's control plane)."""
    target = schema or response_schema(method, path, status)
    validator = Draft4Validator({**target, "definitions": _schema()["definitions"]})
    problems = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not problems, f"{method} {path} → {status} does not match Adobe's schema: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in problems[:5])


ORDER = {"$ref": "#/definitions/sales-data-order-interface"}
