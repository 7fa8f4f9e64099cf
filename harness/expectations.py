"""How a step says that the connector under test did something wrong: an :class:`ConnectorDefect`
failure of one *kind* (the amount differs, the refund was not posted, a status differs, ...) whose
message reads "<Kind>: expected <what the scenario promised>, found <what happened>".

The kind is the first words of the message, so the report files the failure under "Connector
defect: <kind>" (harness/categories.json matches the message), and the console and the report both
start with what went wrong in the scenario's words. A mistake in the scenario itself is not an
ConnectorDefect: steps raise :class:`ScenarioError` for those ("Harness errors" in the report).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

#: kind → the words that start its message and name its category ("Connector defect: amount differs").
KINDS: dict[str, str] = {
    "amount": "Amount differs",
    "currency": "Currency differs",
    "lines": "Lines differ",
    "not_posted": "Refund not posted",
    "doubled": "Refund doubled",
    "count": "Count differs",
    "record": "Record differs",
    "status": "Status differs",
    "message": "Message differs",
    "retrieve": "Retrieve differs",
    "retries": "Retries differ",
    "settings": "Settings differ",
    "raised": "Connector raised",
    "ignored": "Fields ignored",
    "credential": "Credential shown",
}


class ConnectorDefect(AssertionError):
    """The connector under test broke what the scenario expects of it. ``kind`` is a key of
    :data:`KINDS`; ``expected`` and ``found`` are kept for the report when the check has them.

    An ``AssertionError``, so the scenario *fails* (it does not break); the console and the report
    say its message alone, "<Kind>: expected ..." (harness/reporting.py :func:`failure_message`)."""

    def __init__(self, kind: str, message: str, *, expected: Any = None, found: Any = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown expectation kind {kind!r}: use one of {', '.join(KINDS)}")
        super().__init__(f"{KINDS[kind]}: {message}")
        self.kind = kind
        self.expected = expected
        self.found = found


# Python's line for an exception is "<module>.<class>: message" unless it is a builtin: where a tool
# prints that line (a traceback, a plugin), it says what went wrong, not where the class lives; the
# console and the report say the message alone (harness/reporting.py PlainMessages).
ConnectorDefect.__module__ = "builtins"


class ScenarioError(ValueError):
    """The scenario cannot be run as written: a value a step does not know, a step without the
    step it needs before it, a step used on the wrong storefront. Filed under "Harness errors",
    never as a connector defect. The message says, in the scenario's words, what to write instead."""


ScenarioError.__module__ = "builtins"


class Refunded(NamedTuple):
    """What refunds hold of one line, added up: its units (0 for shipping, tax and adjustments,
    which have none) and its money. Printed as a scenario's table says it: "2 units for 25.00",
    or the money alone."""

    units: int
    amount: Decimal

    def __str__(self) -> str:
        if not self.units:
            return str(self.amount)
        return f"{self.units} unit{'' if self.units == 1 else 's'} for {self.amount}"


def said(value: Any) -> str:
    """``value`` as a scenario says it, never as Python prints it: an amount as its digits
    (``25.00``, not ``Decimal('25.00')``), a table as ``key: value; key: value`` (``nothing`` when
    empty), a record the connector answers (a dataclass: an order's sync, a listed refund) as the
    table of its fields, a set or list as its items joined by commas (``none`` when empty; an item
    that is itself a tuple in parentheses, so that its values stay together), nothing as
    ``nothing``, a truth as JSON writes it (``true``, ``false``: how the vendors' fields show it), a
    text as itself."""
    if isinstance(value, str):
        return value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return said({field.name: getattr(value, field.name) for field in dataclasses.fields(value)})
    if isinstance(value, Mapping):
        return "; ".join(f"{said(key)}: {said(item)}" for key, item in value.items()) or "nothing"
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(_item(item) for item in value)) or "none"
    if isinstance(value, list) or (isinstance(value, tuple) and not hasattr(value, "_fields")):
        return ", ".join(_item(item) for item in value) or "none"
    return str(value)


def quoted(text: str) -> str:
    """A text as a scenario writes it in a step, in double quotes (``"already refunded"``; Python's
    ``'...'`` is not how a scenario quotes), or ``nothing`` when there is none."""
    return f'"{text}"' if text else "nothing"


def _item(value: Any) -> str:
    """An item of a list or set as :func:`said` says it: a tuple of values in parentheses."""
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return f"({said(value)})"
    return said(value)


def _table(value: Any) -> Any:
    """A record (a dataclass) as the table of its fields, to say where two differ; else ``value``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    return value


def _differences(expected: Mapping[Any, Any], found: Mapping[Any, Any]) -> str:
    """Where two tables differ, key by key in the expected table's order: "; where they differ:
    tax: expected nothing, found 2.50"."""
    keys = [*expected, *(key for key in found if key not in expected)]
    parts = [f"{said(key)}: expected {said(expected[key]) if key in expected else 'nothing'}, "
             f"found {said(found[key]) if key in found else 'nothing'}"
             for key in keys if expected.get(key) != found.get(key)]
    return f" (where they differ: {'; '.join(parts)})"


def check(ok: bool, kind: str, message: str, *, expected: Any = None, found: Any = None) -> None:
    """Raise :class:`ConnectorDefect` of ``kind`` with ``message`` unless ``ok``."""
    if not ok:
        raise ConnectorDefect(kind, message, expected=expected, found=found)


def equal(kind: str, what: str, expected: Any, found: Any, detail: str = "") -> None:
    """``found`` must equal ``expected``: "<Kind>: expected <what> <expected>, found <found><detail>",
    each value as a scenario says it (:func:`said`); two tables also say where they differ."""
    if found != expected:
        if isinstance(_table(expected), Mapping) and isinstance(_table(found), Mapping):
            detail = _differences(_table(expected), _table(found)) + detail
        raise ConnectorDefect(kind, f"expected {what} {said(expected)}, found {said(found)}{detail}",
                              expected=expected, found=found)


def categories() -> list[dict[str, Any]]:
    """Allure's categories, first match wins: simulator errors, one per kind of connector defect,
    a connector defect of no kind (an "expected ..." message of a step written elsewhere), then
    harness errors. ``python -m harness.expectations`` prints them as harness/categories.json (a
    test keeps that file current: allurerc.mjs reads it, JavaScript has no Python)."""
    prefix = r"^(?:[\w.]+: )?"  # the exception's class, as allure-pytest-bdd writes the message
    found: list[dict[str, Any]] = [{
        "name": "Simulator errors",
        "description": "A simulator answered 500 \"Unexpected simulator error\" (a bug of the simulators, or an "
                       "answer that breaks the vendor's contract), whoever made the request.",
        "matchedStatuses": ["failed", "broken"],
        "messageRegex": r"[\s\S]*Unexpected simulator error[\s\S]*",
    }]
    for label in KINDS.values():
        found.append({
            "name": f"Connector defect: {label[0].lower()}{label[1:]}",
            "description": f"The connector under test failed a check of this kind ({label}: expected ..., found ...).",
            "matchedStatuses": ["failed"],
            "messageRegex": prefix + label + r": [\s\S]*",
        })
    found.append({
        "name": "Connector defect: other",
        "description": "An expectation about the connector failed without a kind (\"expected ...\").",
        "matchedStatuses": ["failed"],
        "messageRegex": prefix + r"expected [\s\S]*",
    })
    found.append({
        "name": "Harness errors",
        "description": "Anything else that failed or broke: a scenario the harness cannot run as written (a value a "
                       "step does not know, a step missing the step it needs), a bug of the harness.",
        "matchedStatuses": ["failed", "broken"],
    })
    return found


if __name__ == "__main__":
    import json

    print(json.dumps(categories(), indent=2))
