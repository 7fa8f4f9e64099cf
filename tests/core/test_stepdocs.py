"""docs/steps.md cannot go stale, and a scenario written only from it runs."""

from __future__ import annotations

from pathlib import Path

from harness.stepdocs import entries, render, storefront_rows
from tests.core.feature_runner import run_feature

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_glossary_is_what_the_step_definitions_say() -> None:
    committed = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/steps.md is stale: run `make docs/steps.md` (python -m harness.stepdocs > docs/steps.md)"


def test_every_step_has_an_example_from_a_feature() -> None:
    missing = [f"{e.keyword} {e.phrase}" for e in entries() if e.example is None]
    assert not missing, f"steps no feature uses (so the glossary has no example): {missing}"


def test_a_scenario_written_only_from_the_glossary_runs(tmp_path: Path) -> None:
    """A QA engineer copies examples from docs/steps.md into a new feature; it must run green."""
    glossary = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    documented = entries()
    wanted = [
        "Given a Shopify connector account that syncs refunds from NetSuite to the storefront",
        "Given a paid Shopify order has been synced to NetSuite",
        "Given the order has been billed in NetSuite as a cash sale",
        "Given 1 unit(s) of the first line have been refunded in NetSuite",
        "When the connector retrieves the refunds of the order from NetSuite",
        "When the connector posts the retrieved refunds",
        'Then the refund\'s status is "Posted"',
        "Then the storefront refund total equals the NetSuite refund total",
        "Then the line-item refunds match between the storefront and NetSuite",
    ]
    for line in wanted:
        entry = next((e for e in documented if e.matches(line)), None)
        assert entry is not None and f"### {entry.keyword} {entry.phrase}" in glossary, f"the glossary does not document {line!r}"
    result, _ = run_feature("Feature: Written from the glossary\n  @success @to_storefront @shopify\n"
                            "  Scenario: A partial refund\n" + "".join(f"    {line}\n" for line in wanted), tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


def test_every_step_says_what_it_does() -> None:
    undocumented = [f"{e.keyword} {e.phrase}" for e in entries() if not e.summary]
    assert not undocumented, f"steps without a docstring (the glossary shows it): {undocumented}"


def test_examples_are_steps_as_written_never_outline_placeholders() -> None:
    placeholders = [e.example for e in entries() if e.example and "<" in e.example]
    assert not placeholders, f"examples with <placeholders> (use a row of the outline's Examples): {placeholders}"


def test_every_value_a_step_accepts_is_in_the_glossary() -> None:
    """QA find what they may write in docs/steps.md: each vocabulary the steps check is listed there."""
    from steps import account_steps, fault_steps, parameters

    glossary = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    vocabularies = {"billing": parameters.BILLING, "refund status": parameters.REFUND_STATUSES,
                    "order status": parameters.ORDER_STATUSES, "storefront": parameters.STOREFRONTS,
                    "direction": account_steps.DIRECTIONS, "source channel": parameters.CHANNELS,
                    "service": parameters.SERVICES, "fault": fault_steps.FAULTS, "payment": parameters.PAYMENTS,
                    "line": parameters.ORDINALS, "record type": parameters.RECORD_TYPES,
                    "request kind": {kind for kinds in fault_steps.REQUESTS.values() for kind in kinds}}
    missing = {kind: [v for v in values if v not in glossary] for kind, values in vocabularies.items()}
    assert not any(missing.values()), f"values the steps accept but the glossary never shows: {missing}"


def test_the_storefronts_of_a_scenario_are_its_examples_tags_or_its_own() -> None:
    """An outline runs on the storefronts its Examples blocks are tagged with; a plain scenario on its own."""
    rows = {title: stores for _, title, stores in storefront_rows()}
    assert rows["<A storefront> order with a line that has no SKU does not sync, and says why"] == (
        "Shopify", "eBay", "WooCommerce")
    assert rows["Magento's payment gateway refuses the online refund: Error with Magento's message, nothing "
                "refunded, and posted once later"] == ("Magento",)
    assert rows["An eBay order syncs to NetSuite line by line"] == ("eBay",)
