"""bench/parity.py: the copies it makes of a scenario for a storefront the scenario lacks, and what a
run of them reports (README "The storefronts" rests on it)."""

from __future__ import annotations

from pathlib import Path

from pytest_bdd.feature import get_features

from bench import parity


def test_a_copied_block_speaks_of_the_missing_storefront_with_its_article_and_tag() -> None:
    block = ("    @shopify @to_storefront\n    Examples: Shopify\n      | A storefront | a storefront | value   |\n"
             "      | A Shopify    | a Shopify    | shopify |\n")
    ebay = parity.retarget(block, "shopify", "ebay")
    assert "@ebay @to_storefront" in ebay and "Examples: eBay" in ebay
    assert "A Shopify" not in ebay and "a Shopify" not in ebay and "shopify" not in ebay
    assert "| An eBay" in ebay and "| an eBay" in ebay
    magento = parity.retarget(parity.retarget(block, "shopify", "ebay"), "ebay", "magento")
    assert "| A Magento" in magento and "| a Magento" in magento and "An Magento" not in magento
    assert "Shopify's refund" in parity.retarget("eBay's refund", "ebay", "shopify")  # possessive kept


def test_each_copy_is_a_scenario_the_suite_parses_on_a_storefront_it_lacked(tmp_path: Path) -> None:
    """An outline's copy is the outline with one Examples block, the missing storefront's; a plain
    scenario's is the scenario, its storefront's name and tag made the other's."""
    headers, found = parity.copies(list(parity.NAMES), [])
    assert {bool(c.text.count("Examples:")) for c in found} == {True, False}, "outlines and plain scenarios both"
    features = {Path(f.filename).name: f for f in get_features([str(parity.FEATURES)])}
    for index, copy in enumerate(found):
        original = next(t for t in features[copy.feature].scenarios.values() if t.name == copy.scenario)
        have = ({tag for examples in original.examples for tag in examples.tags} | set(original.tags)
                | set(features[copy.feature].tags))
        assert copy.storefront not in have and copy.source in have, copy
        scratch = tmp_path / f"{copy.storefront}_{Path(copy.feature).stem}_{index}.feature"
        scratch.write_text(headers[copy.feature] + copy.text, encoding="utf-8")
        [parsed] = get_features([str(scratch)])
        [template] = parsed.scenarios.values()
        if original.examples:
            assert template.name == copy.scenario
            assert [set(e.tags) & set(parity.NAMES) for e in template.examples] == [{copy.storefront}], copy.text
        else:
            assert set(template.tags) & set(parity.NAMES) == {copy.storefront}, copy.text
            assert parity.NAMES[copy.source] not in template.name or parity.NAMES[copy.storefront] in template.name


def test_a_run_says_which_copies_pass_and_why_the_others_fail(capsys) -> None:
    """Magento's copy of "keeps failing: tries <attempts> times" passes with the reference connector
    (a candidate row the carts' other rows make redundant: bench/README.md); eBay's copy of the
    refusal of both directions fails, and says why in the scenario's words."""
    before = set(parity.ROOT.glob(".parity-*"))
    assert parity.main(["--feature", "resilience", "--feature", "account_settings", "--storefront", "magento",
                        "--storefront", "ebay"]) == 0
    table = capsys.readouterr().out
    keeps_failing = next(line for line in table.splitlines() if "keeps failing" in line and line.startswith("Magento"))
    assert "passes 2/2" in keeps_failing, table
    both_ways = next(line for line in table.splitlines() if "refused refunds both ways" in line)
    assert both_ways.startswith("eBay") and "FAILS 1/1" in both_ways and "refund_direction" in both_ways, table
    assert set(parity.ROOT.glob(".parity-*")) == before, "the scratch directory outlived the run"
