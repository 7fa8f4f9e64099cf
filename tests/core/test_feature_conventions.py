"""The conventions QA rely on: every scenario is tagged by case, direction, storefront and severity;
Backgrounds hold only Given steps; there are at least 60 scenarios once outlines are expanded."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_bdd.parser import FeatureParser

FEATURES = Path(__file__).resolve().parents[2] / "features"
GROUPS = {
    "case": {"success", "missing_order", "missing_credit_memo", "bidirectional_conflict"},
    "direction": {"to_storefront", "to_netsuite"},
    "storefront": {"shopify", "ebay", "magento", "woocommerce"},
    "severity": {"blocker", "critical", "normal", "minor"},
}


def _features():
    return [FeatureParser(str(FEATURES), path.name).parse() for path in sorted(FEATURES.glob("*.feature"))]


def _scenarios():
    return [(feature, scenario) for feature in _features() for scenario in feature.scenarios.values()]


@pytest.mark.parametrize("feature, scenario", _scenarios(), ids=lambda v: getattr(v, "name", ""))
def test_every_scenario_is_tagged_in_every_group(feature, scenario) -> None:
    """Every scenario — every row of an outline, whose Examples block may carry tags of its own."""
    for examples in scenario.examples or [None]:
        tags = set(feature.tags) | set(scenario.tags) | set(examples.tags if examples else ())
        missing = [group for group, names in GROUPS.items() if not tags & names]
        assert not missing, f"{feature.rel_filename}: {scenario.name!r} has no {', '.join(missing)} tag"


def test_backgrounds_only_give() -> None:
    for feature in _features():
        if feature.background is not None:
            keywords = {step.type for step in feature.background.steps}
            assert keywords <= {"given"}, f"{feature.rel_filename}: its Background has {keywords - {'given'}} steps"


def _expanded(scenarios) -> int:
    """How many tests the scenarios make: one per Examples row of an outline, one otherwise."""
    return sum(max(1, sum(len(examples.examples) for examples in scenario.examples)) for scenario in scenarios)


def test_at_least_sixty_scenarios_once_outlines_are_expanded() -> None:
    count = _expanded(scenario for _, scenario in _scenarios())
    assert count >= 60, f"expected at least 60 scenarios, found {count}"


def test_a_feature_file_is_selected_by_its_name(tmp_path: Path) -> None:
    """``pytest features/ -k refund_actions`` runs exactly the scenarios of refund_actions.feature."""
    (feature,) = [f for f in _features() if Path(f.filename).stem == "refund_actions"]
    expected, total = _expanded(feature.scenarios.values()), _expanded(scenario for _, scenario in _scenarios())
    listed = subprocess.run([sys.executable, "-m", "pytest", "features/", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-k", "refund_actions", f"--alluredir={tmp_path}"], cwd=FEATURES.parent, capture_output=True, text=True, check=True)
    assert f"{expected}/{total} tests collected" in listed.stdout, listed.stdout[-500:]


#: A step that plans a vendor's failure (steps/fault_steps.py): what follows depends on how many times
#: the connector tries a call, the account setting max_attempts.
_PLANS_A_FAULT = re.compile(r"^\S+ will (answer the next |.+ on the next )")


def test_a_scenario_that_plans_a_fault_states_the_attempts_it_counts_on() -> None:
    """A profile may set ``max_attempts`` (1 to 10): a scenario whose outcome counts the connector's
    retries must say how many attempts it allows, or a profile that sets it otherwise fails the
    reference connector (with 1, every "answers 503 at first, the refund is posted" scenario did) —
    unless it is about the default (``@default_max_attempts``), which such a profile does not run."""
    unstated = [f"{feature.rel_filename}:{scenario.line_number}: {scenario.name}" for feature, scenario in _scenarios()
                if any(_PLANS_A_FAULT.match(step.name) for step in scenario.steps)
                and not any(step.name.startswith('the account setting "max_attempts" is ') for step in scenario.steps)
                and "default_max_attempts" not in set(feature.tags) | set(scenario.tags)]
    assert not unstated, ('each of these scenarios plans a fault but does not state the account setting "max_attempts" '
                          '(add: And the account setting "max_attempts" is 4):\n' + "\n".join(unstated))
