"""The step glossary for QA who write scenarios without Python: ``docs/steps.md``.

Generated from the step definitions themselves — every phrase, its parameters, the first paragraph of
its docstring, and an example taken from a real feature file — so it cannot go stale:
``python -m harness.stepdocs > docs/steps.md``; tests/core/test_stepdocs.py fails when the committed
file differs from what this prints.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd import parsers
from pytest_bdd.feature import get_features
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

ROOT = Path(__file__).resolve().parents[1]
STEP_MODULES = ("steps.account_steps", "steps.netsuite_steps", "steps.storefront_steps",
                "steps.connector_steps", "steps.check_steps", "steps.fault_steps")


@dataclass(frozen=True)
class Entry:
    keyword: str
    phrase: str
    parameters: tuple[str, ...]
    summary: str
    module: str
    example: str | None
    parser: object = None

    def matches(self, line: str) -> bool:
        """Whether ``line`` ("Given ...") is this step, as pytest-bdd will match it."""
        keyword, _, text = line.partition(" ")
        return keyword == self.keyword and self.parser.is_matching(text)  # type: ignore[attr-defined]


def _phrase(context: StepFunctionContext) -> tuple[str, tuple[str, ...]]:
    parser = context.parser
    if isinstance(parser, parsers.re):
        pattern = parser.regex.pattern
        names = tuple(parser.regex.groupindex)
        readable = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern)
        readable = readable.replace("an?", "a/an").replace("s?", "(s)").replace("(?:es)?", "(es)").replace("\\d+", "N")
        return readable.replace("\\", ""), names
    if isinstance(parser, parsers.parse):
        names = tuple(re.findall(r"{(\w+)(?::\w+)?}", parser.name))
        return re.sub(r"{(\w+):\w+}", r"{\1}", parser.name), names
    return parser.name, ()


def _feature_lines() -> list[tuple[str, str]]:
    """(Given/When/Then, step text) of every step the features run, in file order, as pytest-bdd
    parses them: "And"/"But" resolved and each Scenario Outline rendered with its Examples rows,
    so an example is a step as written, never one with ``<placeholders>``."""
    lines: list[tuple[str, str]] = []
    for feature in sorted(get_features([str(ROOT / "features")]), key=lambda f: f.filename):
        for template in feature.scenarios.values():
            rows = [row for examples in template.examples for row in examples.as_contexts()] or [{}]
            for row in rows:
                lines += [(step.type.capitalize(), step.name) for step in template.render(row).steps]
    return list(dict.fromkeys(lines))


def entries() -> list[Entry]:
    for name in STEP_MODULES:
        importlib.import_module(name)
    contexts = [c for c in list(step_function_context_registry.values()) if c.step_func.__module__ in STEP_MODULES]
    used = _feature_lines()
    result = []
    for context in contexts:
        keyword = (context.type or "step").capitalize()
        phrase, params = _phrase(context)
        example = next((f"{kw} {text}" for kw, text in used
                        if kw.lower() == (context.type or kw.lower()) and context.parser.is_matching(text)), None)
        # The docstring's first paragraph, whole: its first line alone can stop mid-sentence.
        summary = " ".join((inspect.getdoc(context.step_func) or "").split("\n\n", 1)[0].split())
        result.append(Entry(keyword, phrase, params, summary, context.step_func.__module__, example, context.parser))
    order = {"Given": 0, "When": 1, "Then": 2}
    return sorted(result, key=lambda e: (order.get(e.keyword, 3), STEP_MODULES.index(e.module), e.phrase))


def render() -> str:
    out = [
        "# Step glossary",
        "",
        "Every step phrase the features may use, generated from the step definitions",
        "(`python -m harness.stepdocs > docs/steps.md`; a test fails when this file is stale).",
        "Write `{name}` parameters as the example shows; `a/an` accepts either article; `(s)` an optional plural.",
        "Start a scenario with the account (`Given a Shopify connector account that syncs refunds ...`),",
        "then the order, then what happened in NetSuite or on the storefront; `When` drives the connector;",
        "`Then` checks what the connector and both systems show. Tags: see the README.",
        "",
    ]
    current = None
    for entry in entries():
        if entry.keyword != current:
            current = entry.keyword
            out += [f"## {current}", ""]
        out.append(f"### {entry.keyword} {entry.phrase}")
        out.append("")
        if entry.summary:
            out.append(entry.summary)
            out.append("")
        if entry.parameters:
            out.append("Parameters: " + ", ".join(f"`{p}`" for p in entry.parameters))
            out.append("")
        out.append(f"Example: `{entry.example}`" if entry.example else "Example: (not used in any feature yet)")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.stdout.write(render())
