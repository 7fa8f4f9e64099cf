"""A scenario replays from its seed: the same seed gives byte-identical evidence (every request,
answer, id, amount and timestamp), a different seed different data, and a scenario run alone gives
the same evidence as within the whole suite (nothing leaks from one scenario into the next)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.certified import EVERY_SCENARIO, Certification

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "A_cash_refund_of_a_paid"
#: Late in the suite, after the scenarios of most other features.
LATE_SCENARIO = "A credit memo refunded with a customer refund is posted once"


def _run(results: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "pytest", "features/", "-q", *args, f"--alluredir={results}",
                    f"--certification-report={results / 'c.json'}"],
                   cwd=ROOT, capture_output=True, check=True, timeout=120)


def _evidence(tmp: Path, seed: int) -> list[str]:
    """Every text attached to the scenario's steps (the verdict the run also attaches says when it
    was given: not evidence)."""
    _run(tmp, "-k", SCENARIO, f"--seed={seed}")
    results = [json.loads(p.read_text()) for p in tmp.glob("*-result.json")]
    return sorted((tmp / a["source"]).read_text() for r in results for step in r["steps"]
                  for a in step.get("attachments", []))


def _attachments_of(results: Path, scenario: str) -> list[str]:
    """The texts attached to ``scenario``'s steps (its Shopify row), in step order."""
    (result,) = [r for r in map(json.loads, (p.read_text() for p in results.glob("*-result.json")))
                 if r["name"] == scenario
                 and {"name": "storefront", "value": "Shopify"} in [{k: p[k] for k in ("name", "value")}
                                                                   for p in r.get("parameters", [])]]
    return [(results / a["source"]).read_text() for step in result["steps"] for a in step.get("attachments", [])]


def test_the_same_seed_replays_the_same_scenario(tmp_path: Path) -> None:
    first, second, other = (_evidence(tmp_path / name, seed) for name, seed in (("a", 42), ("b", 42), ("c", 43)))
    assert first and first == second
    assert first != other


@pytest.mark.runs_the_suite(seconds=3, run=EVERY_SCENARIO)
def test_a_scenario_alone_replays_as_it_ran_within_the_suite(every_scenario_certified: Certification,
                                                              tmp_path: Path) -> None:
    """Within the suite: the certification of every scenario the tests share, its feature files in
    order, so the scenario ran after those of most other features. Its credentials were planted
    (tests/core/plant_secrets.py), and so are the run alone's; they are masked in the evidence, so
    they cannot make the two differ, and a credential that showed would fail the secrets test too."""
    assert every_scenario_certified.done.returncode == 0, every_scenario_certified.done.stdout[-2000:]
    # Its Shopify row alone, the one compared (its other rows would run for nothing).
    _run(tmp_path / "alone", "-p", "tests.core.plant_secrets", "-k", "credit_memo_refunded_with_a_customer_refund and Shopify")
    within = _attachments_of(every_scenario_certified.results, LATE_SCENARIO)
    alone = _attachments_of(tmp_path / "alone", LATE_SCENARIO)
    assert within and within == alone


@pytest.mark.parametrize("seed, message", [("-5", "must be an integer from 0 to 9,007,199,254,740,991, not -5"),
                                           ("abc", "must be an integer from 0 to 9,007,199,254,740,991, not abc")])
def test_a_seed_the_simulators_cannot_take_is_refused_before_anything_runs(seed: str, message: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pytest", "features/", f"--seed={seed}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 4  # pytest's usage error: no scenario ran
    assert f"argument --seed: {message}" in result.stderr
