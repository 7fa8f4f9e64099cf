"""How a step says that the connector under test did something wrong: an :class:`ConnectorDefect`
failure of one *kind* (the amount differs, the refund was not posted, a status differs, ...) whose
message reads "<Kind>: expected <what the scenario promised>, found <what happened>".

The kind is the first words of the message, so the report files the failure under "Connector
defect: <kind>" (harness/categories.json matches the message), and the console and the report both
start with what went wrong in the scenario's words. A mistake in the scenario itself is not an
ConnectorDefect: steps raise :class:`ScenarioError` for those ("Harness errors" in the report).
"""

from __future__ import annotations

from typing import Any

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
}


class ConnectorDefect(AssertionError):
    """The connector under test broke what the scenario expects of it. ``kind`` is a key of
    :data:`KINDS`; ``expected`` and ``found`` are kept for the report when the check has them.

    An ``AssertionError``, so the scenario *fails* (it does not break); the report prints it as
    "ConnectorDefect: <Kind>: expected ..." (its module is left out of that line, see below)."""

    def __init__(self, kind: str, message: str, *, expected: Any = None, found: Any = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown expectation kind {kind!r}: use one of {', '.join(KINDS)}")
        super().__init__(f"{KINDS[kind]}: {message}")
        self.kind = kind
        self.expected = expected
        self.found = found


# Reports print an exception as "<module>.<class>: message" unless it is a builtin: the line a
# reader sees first says what went wrong, not where the class lives.
ConnectorDefect.__module__ = "builtins"


class ScenarioError(ValueError):
    """The scenario cannot be run as written: a value a step does not know, a step without the
    step it needs before it, a step used on the wrong storefront. Filed under "Harness errors",
    never as a connector defect. The message says, in the scenario's words, what to write instead."""


ScenarioError.__module__ = "builtins"


def check(ok: bool, kind: str, message: str, *, expected: Any = None, found: Any = None) -> None:
    """Raise :class:`ConnectorDefect` of ``kind`` with ``message`` unless ``ok``."""
    if not ok:
        raise ConnectorDefect(kind, message, expected=expected, found=found)


def equal(kind: str, what: str, expected: Any, found: Any, detail: str = "") -> None:
    """``found`` must equal ``expected``: "<Kind>: expected <what> <expected>, found <found><detail>"."""
    if found != expected:
        raise ConnectorDefect(kind, f"expected {what} {expected}, found {found}{detail}", expected=expected, found=found)


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
