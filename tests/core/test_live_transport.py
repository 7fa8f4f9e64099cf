"""Every scenario over the live transport: ``make test``'s run of the features through real sockets.

``--transport live`` starts the simulators on a loopback port (waitress, as ``python -m simulators
serve`` serves them); the harness's calls and the Python connector's cross it as they would cross a
remote server. The run is the session's ``every_scenario_live`` (tests/core/conftest.py), which the
report-secrets test scans too.
"""

from __future__ import annotations

import pytest

from tests.core.certified import EVERY_SCENARIO_LIVE, Certification


@pytest.mark.runs_the_suite(seconds=55, run=EVERY_SCENARIO_LIVE)
def test_every_scenario_passes_live(every_scenario_live: Certification) -> None:
    """The certification is whole (no scenario left out) and CERTIFIED, and its evidence is the
    loopback server's: the exchanges name 127.0.0.1, never the in-process host."""
    done = every_scenario_live.done
    verdict = every_scenario_live.verdict
    failed = [f"{case['file']}:{case['line']} {case['scenario']}: {case['outcome']}"
              for case in verdict["cases"] if case["outcome"] != "passed"]
    assert not failed, "scenarios that did not pass live:\n" + "\n".join(failed)
    assert verdict["verdict"] == "CERTIFIED" and done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert verdict["transport"] == "live" and not verdict["partial"], verdict
    exchanges = [path.read_text(encoding="utf-8", errors="replace")
                 for path in every_scenario_live.results.glob("*-attachment*") if path.suffix in (".txt", ".json")]
    assert any("http://127.0.0.1:" in text for text in exchanges), "no exchange with a loopback server in the evidence"
    assert not any("refundsim.invalid" in text for text in exchanges), "scenarios ran in-process"
