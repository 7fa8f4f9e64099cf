"""Every scenario, whole and CERTIFIED, in-process and live: ``make test``'s runs of the features with
the reference connector (the third, against ``python -m simulators serve`` through its connector
API, is in test_admin_token.py).

Each run is a certification as ``make certify`` makes it, shared by the tests that read a report
folder (tests/core/conftest.py): ``every_scenario_certified`` in-process (no socket: the default),
``every_scenario_live`` over ``--transport live`` (the simulators on a loopback port, waitress as
``python -m simulators serve`` serves them, every call of the harness and of the connector through
a socket). When ``make test`` runs them, the in-process run's verdict is the reference connector's
run that its self-test judges (:data:`tests.core.certified.VERDICT_FOR_THE_SELFTEST`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.transports import INPROCESS_BASE_URL
from tests.core.certified import EVERY_SCENARIO, EVERY_SCENARIO_LIVE, Certification

#: What each transport's exchanges name as their origin in the evidence.
ORIGINS = {"inprocess": f"{INPROCESS_BASE_URL}/", "live": "http://127.0.0.1:"}


@pytest.mark.parametrize("shared, transport", [
    pytest.param("every_scenario_certified", "inprocess",
                 marks=pytest.mark.runs_the_suite(seconds=40, run=EVERY_SCENARIO), id="in-process"),
    pytest.param("every_scenario_live", "live",
                 marks=pytest.mark.runs_the_suite(seconds=55, run=EVERY_SCENARIO_LIVE), id="live"),
])
def test_every_scenario_passes(request: pytest.FixtureRequest, shared: str, transport: str) -> None:
    """The certification is whole (no scenario left out) and CERTIFIED, each scenario that did not
    pass is named with its file and line (its report, the folder named below, tells why), and the
    evidence is the transport's: its exchanges name its origin, never the other's."""
    certification: Certification = request.getfixturevalue(shared)
    done = certification.done
    assert (certification.folder / "certification.json").exists(), f"no verdict:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    verdict = certification.verdict
    failed = [f"{case['file']}:{case['line']} {case['scenario']}: {case['outcome']}"
              for case in verdict["cases"] if case["outcome"] != "passed"]
    assert not failed, f"scenarios that did not pass ({transport}; report in {certification.folder}):\n" + "\n".join(failed)
    assert verdict["verdict"] == "CERTIFIED" and done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert verdict["transport"] == transport and not verdict["partial"], verdict
    exchanges = [path.read_text(encoding="utf-8", errors="replace") for path in certification.results.glob("*-attachment.txt")]
    origin, (other,) = ORIGINS[transport], [url for name, url in ORIGINS.items() if name != transport]
    assert any(origin in text for text in exchanges), f"no exchange with {origin} in the evidence"
    assert not any(other in text for text in exchanges), f"exchanges with {other} in the evidence"


def unfiled(results: Path) -> list[str]:
    """The scenarios in ``results`` the report (grouped by epic, then story: harness/report/allurerc.mjs)
    files under no epic or no story."""
    missing = []
    for path in sorted(results.glob("*-result.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        names = {label["name"] for label in result.get("labels", [])}
        missing += [f"{result['fullName']}: no {name}" for name in ("epic", "story") if name not in names]
    return missing


@pytest.mark.runs_the_suite(seconds=1, run=EVERY_SCENARIO)
def test_every_scenario_is_filed_under_an_epic_and_a_story(every_scenario_certified: Certification) -> None:
    """The report groups scenarios by epic (the direction) and story (the case): the account's
    settings and order sync, which have no direction, were filed under no epic at all."""
    assert not unfiled(every_scenario_certified.results)
