"""What a step needs before it, said in the scenario's words.

Steps hand each other what they made (the order, the billed record, the retrieve's result) as
pytest fixtures (``target_fixture``). A step used without the step that makes what it needs would
otherwise fail with pytest's "fixture 'retrieve_result' not found"; here each such value has a
stand-in that fails with a :class:`ScenarioError` naming the steps that make it. The list is built
from the step definitions themselves, so it never goes stale (the glossary prints the same).

Loaded last (root conftest ``pytest_plugins``): every step module is imported by then.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd.steps import step_function_context_registry

from harness.expectations import ScenarioError
from harness.reporting import unfilled_placeholders

#: What a step hands on that already has a starting value (no step needs to come first).
HAS_DEFAULT = frozenset({"connector_settings", "netsuite_refunds", "storefront_refunds"})


def providers() -> dict[str, list[str]]:
    """target fixture → the phrases of the steps that make it ("Given ...", "When ...")."""
    made: dict[str, list[str]] = {}
    for context in list(step_function_context_registry.values()):
        if context.target_fixture and context.step_func.__module__.startswith("steps."):
            phrase = getattr(context.parser, "display", context.parser.name)
            made.setdefault(context.target_fixture, []).append(f"{(context.type or 'step').capitalize()} {phrase}")
    return {name: sorted(set(phrases)) for name, phrases in made.items() if name not in HAS_DEFAULT}


def _stand_in(name: str, phrases: list[str]) -> Callable[..., Any]:
    def missing() -> Any:
        raise ScenarioError(f"this step needs one of these steps before it: {' | '.join(phrases)} "
                            "(see docs/steps.md for what each step needs)")

    missing.__doc__ = f"No step made {name} yet: the step using it needs one of {phrases} before it."
    return pytest.fixture(name=name)(missing)


for _name, _phrases in providers().items():
    globals()[f"_needs_{_name}"] = _stand_in(_name, _phrases)


@pytest.fixture(name="datatable")
def _needs_a_table() -> Any:
    """Asked for only when a step that reads a table has none under it (pytest-bdd hands the
    table itself to a step that has one): the scenario's mistake, said at the step, not pytest's
    "fixture 'datatable' not found"."""
    raise ScenarioError("this step reads a table written under it, and there is none: docs/steps.md gives its columns")


def pytest_bdd_before_step_call(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                                step_func: Callable[..., Any], step_func_args: dict[str, Any]) -> None:
    """A table or a doc string under a step that reads none would be left unread, and the scenario
    would pass as if it said something: the scenario's mistake, said at the step before it runs. So is an
    outline's ``<placeholder>`` that no Examples column filled, which a step reading any text
    (an amount, a line) would otherwise take as written ('"<amount>" is not an amount')."""
    unfilled = unfilled_placeholders(request.node, step.name)
    if unfilled:
        raise ScenarioError(f"{unfilled}: add an Examples column of that name, or write the value in the step")
    if step.datatable is not None and "datatable" not in inspect.signature(step_func).parameters:
        raise ScenarioError("this step reads no table: the table under it would be left unread (a table belongs "
                            "under the step that reads it, docs/steps.md)")
    if getattr(step, "docstring", None) is not None and "docstring" not in inspect.signature(step_func).parameters:
        raise ScenarioError('this step reads no doc string: the text between the """ under it would be left unread '
                            "(no step of docs/steps.md reads one: write what it says in the step, or as a # comment)")
