"""The step glossary for QA who write scenarios without Python: ``docs/steps.md``.

Generated from the step definitions themselves — every phrase as it is matched, what it does and
changes (its docstring's first paragraph), the steps it needs before it (from what it uses that other
steps make), and an example from a real feature file — together with the tags, the account
settings and the storefronts each scenario runs on, so it cannot go stale: ``python -m harness.stepdocs > docs/steps.md``;
tests/core/test_stepdocs.py fails when the committed file differs from what this prints.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_bdd.feature import get_features
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

ROOT = Path(__file__).resolve().parents[1]
STEP_MODULES = ("steps.account_steps", "steps.netsuite_steps", "steps.storefront_steps",
                "steps.connector_steps", "steps.check_steps", "steps.fault_steps")


@dataclass(frozen=True)
class Entry:
    keyword: str
    phrase: str
    summary: str
    module: str
    example: str | None
    needs: tuple[str, ...] = ()
    parser: Any = None

    def matches(self, line: str) -> bool:
        """Whether ``line`` ("Given ...") is this step, as pytest-bdd will match it."""
        keyword, _, text = line.partition(" ")
        return keyword == self.keyword and bool(self.parser.is_matching(text))


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


def _contexts() -> list[StepFunctionContext]:
    for name in STEP_MODULES:
        importlib.import_module(name)
    return [c for c in list(step_function_context_registry.values()) if c.step_func.__module__ in STEP_MODULES]


def entries() -> list[Entry]:
    from steps.prerequisites import providers

    contexts = _contexts()
    made = providers()
    used = _feature_lines()
    result = []
    for context in contexts:
        keyword = (context.type or "step").capitalize()
        example = next((f"{kw} {text}" for kw, text in used
                        if kw.lower() == (context.type or kw.lower()) and context.parser.is_matching(text)), None)
        # The docstring's first paragraph, whole: its first line alone can stop mid-sentence.
        summary = " ".join((inspect.getdoc(context.step_func) or "").split("\n\n", 1)[0].split())
        parameters = inspect.signature(context.step_func).parameters
        needs = tuple(sorted({phrase for name in parameters if name in made and name != context.target_fixture
                              for phrase in made[name]}))  # phrases as the glossary prints them
        result.append(Entry(keyword, getattr(context.parser, "display", context.parser.name), summary, context.step_func.__module__, example, needs,
                            context.parser))
    order = {"Given": 0, "When": 1, "Then": 2}
    return sorted(result, key=lambda e: (order.get(e.keyword, 3), STEP_MODULES.index(e.module), e.phrase))


def tags() -> list[tuple[str, str]]:
    """(tag, what it means) of every registered marker (harness/plugin.py), as the features use them."""
    from harness.plugin import TAGS

    return [(f"@{name}", meaning) for name, meaning in TAGS.items()]


def settings() -> list[tuple[str, str, str]]:
    """(setting, default, what it does) of every account setting a scenario may change."""
    from simulators.connector.schemas import ConnectorSettings

    rows = []
    for field in dataclasses.fields(ConnectorSettings):
        if field.name in ("storefront", "refund_direction"):
            continue  # set by "Given a ... connector account that syncs refunds ..."
        factory: Any = field.default_factory
        default: Any = field.default if field.default is not dataclasses.MISSING else factory()
        shown = "see schemas.py" if isinstance(default, dict) else {True: "on", False: "off", None: "none"}.get(default, default)
        rows.append((field.name, str(shown), field.metadata.get("doc", "")))
    return rows


INTRO = """# Step glossary

Every step a scenario may use, generated from the step definitions (`python -m harness.stepdocs >
docs/steps.md`; a test fails when this file is stale). A scenario written from this page alone runs:
put it in a `.feature` file anywhere in the project and run `pytest path/to/file.feature`.

## How a scenario is written

1. **The account**: `Given a Shopify connector account that syncs refunds from NetSuite to the storefront`
   (or eBay; or `from the storefront to NetSuite`), then any account settings (below). A
   certification profile may set any setting: a scenario whose outcome counts on a setting states
   it (`And the account setting "max_attempts" is 4` in every scenario that plans a fault; a test
   fails otherwise), or, when it checks the setting's default, carries `@default_<setting>` and
   does not run for a profile that sets it otherwise.
2. **The order**: `Given a paid Shopify order has been synced to NetSuite` (or one of the other order
   steps). The connector starts here, with the settings written so far; a setting written later is
   saved in the running connector at that point, as a user changing it would.
3. **What happened in NetSuite or on the storefront**: billing, refunds, returns, faults to come.
4. **`When`** drives the connector (Retrieve, Post, Cancel, time passing for the scheduled sync),
   or says what people do while it runs (a refund made later: those steps say so). Every request
   the simulators receive during a `When` step that drives the connector is the connector's; the
   other steps' own requests are never counted as the connector's.
5. **`Then`** checks what the connector lists and what NetSuite and the storefront show. A `Then`
   step only reads: it changes nothing (except "the order can be billed ...", which says so).

Each step below says what it needs before it ("Needs before it"): used without it, the scenario
stops with a message naming those steps. Nothing happens that a step's words and text do not say.
Each scenario of a file has a title of its own: a file with two of one title is refused, as is one
with a tag that is not registered (below), or with a Scenario Outline's Examples column that no
`<column>` of the outline uses (its values would be read by nothing), before any scenario runs; a
`<placeholder>` that no column fills stops the scenario at its step, naming the columns there are.

How phrases read: `{name}` is a value you write (a word, a number, or `"text in quotes"` where the
phrase shows quotes); `a/an`, `has/have`, `is/are` accept either word; `unit(s)` accepts `unit`,
`units` and `unit(s)`; `[words]` may be left out. Tables are Gherkin data tables under the step.
An amount of money is digits with at most two decimals (`5.00`, `12`, `7.35`) and no sign: the step
says which way the money goes. The one exception is the `negative adjustment` row of a table of
refunded lines, written with its minus sign (`-6.50`). Units are whole numbers of at least 1.

"""


#: The storefronts, in the order the table lists them, by their tags.
_STOREFRONT_TAGS = {"shopify": "Shopify", "ebay": "eBay", "magento": "Magento", "woocommerce": "WooCommerce"}


def storefront_rows() -> list[tuple[str, str, tuple[str, ...]]]:
    """(feature file, scenario title, the storefronts it runs on) for every scenario: an outline's
    storefronts are its Examples blocks' tags (with the scenario's and the feature's), a plain
    scenario's its own — so a behaviour checked on some storefronts only shows, row by row."""
    rows = []
    for feature in sorted(get_features([str(ROOT / "features")]), key=lambda f: f.filename):
        for template in feature.scenarios.values():
            blocks = [set(examples.tags) for examples in template.examples] or [set()]
            tags = {tag for block in blocks for tag in block} | set(template.tags) | set(feature.tags)
            stores = tuple(name for tag, name in _STOREFRONT_TAGS.items() if tag in tags)
            rows.append((Path(feature.filename).name, template.name, stores))
    return rows


def render() -> str:
    out = [INTRO, "## Tags", "",
           "Tags select scenarios (`pytest features/ -m \"missing_order and shopify\"`) and file them in the",
           "report (direction = epic, case = story, severity). Every tag must be registered: pytest refuses",
           "an unknown one (`--strict-markers`). A new tag goes in `harness/plugin.py` under `TAGS`,",
           "as `\"name\": \"what it means\"`. A scenario's storefront and direction tags are its account's:",
           "tagged `@magento` or `@to_netsuite` while its account is Shopify's or syncs from NetSuite, it stops",
           "at the account step (a profile would otherwise run it for an activation it does not test).", "",
           "| tag | meaning |", "|---|---|"]
    out += [f"| `{tag}` | {meaning} |" for tag, meaning in tags()]
    out += ["", "## Account settings", "",
            "Set with `Given the account setting \"name\" is value` (or `When ... is changed to value` once",
            "the connector runs). Values: `on` | `off` | a whole number | `\"text\"` | `none` | a JSON object",
            "(`{\"USD\": \"1\", \"EUR\": \"4\"}`, for `currency_ids`).", "",
            "| setting | default | what it does |", "|---|---|---|"]
    out += [f"| `{name}` | {default} | {doc} |" for name, default, doc in settings()]
    out.append("")
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
        if entry.needs:
            out.append("Needs before it: " + " — or — ".join(f"`{need}`" for need in entry.needs))
            out.append("")
        out.append(f"Example: `{entry.example}`" if entry.example else "Example: (not used in any feature yet)")
        out.append("")
    out += ["## The storefronts each scenario runs on", "",
            "A behaviour checked on some storefronts only shows here. An outline leaves a storefront out when",
            "its vendor cannot do it, when its expectation is another storefront's, or when that storefront's",
            "other rows already catch what it would (README, \"The storefronts\"); a new Shopify-only outline is",
            "worth running with the other storefronts' rows before it stays so.", "",
            "| feature | scenario | " + " | ".join(_STOREFRONT_TAGS.values()) + " |",
            "|---|---|" + "---|" * len(_STOREFRONT_TAGS)]
    for feature, title, stores in storefront_rows():
        marks = " | ".join("✓" if name in stores else "" for name in _STOREFRONT_TAGS.values())
        # In code: an outline's <placeholder> would be read as an HTML tag; a pipe would end the cell.
        title = title.replace("|", "\\|")
        out.append(f"| {feature} | `{title}` | {marks} |")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.stdout.write(render())
