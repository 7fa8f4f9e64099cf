"""A certification as ``python -m harness.certify`` makes it, with every tenant credential planted
(tests/core/plant_secrets.py), for the tests that read a report folder; and the one certification
of every scenario that several of them share (the ``every_scenario_certified`` fixture of
tests/core/conftest.py): it is the costliest thing the tests do, so it is made once a session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: The ``run=`` of ``@pytest.mark.runs_the_suite`` for the tests that use ``every_scenario_certified``:
#: they go to one xdist worker, which makes the run once (tests/conftest.py).
EVERY_SCENARIO = "every scenario certified"
#: The same for the tests that use ``every_scenario_live``.
EVERY_SCENARIO_LIVE = "every scenario certified live"
#: An environment variable: where ``every_scenario_certified`` leaves a copy of its verdict. ``make test``
#: sets it to the file its self-test reads as the reference connector's run (``--reference-report``),
#: so that the tests' in-process run of every scenario is the only one ``make test`` makes.
VERDICT_FOR_THE_SELFTEST = "REFUNDSIM_VERDICT_FOR_THE_SELFTEST"


def certify(report: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m harness.certify`` with every credential planted, into ``report``; the planted
    values are logged to ``report/../<name>.planted``."""
    command = [sys.executable, "-m", "harness.certify", f"--report={report}", "-q", "-p", "tests.core.plant_secrets",
               "-p", "no:cacheprovider", *args]
    environment = {**os.environ, "REFUNDSIM_PLANTED_LOG": str(report.with_suffix(".planted"))}
    # A bound, not a target: the live certification runs every scenario through sockets in one
    # process, beside make test's other workers (about 240 s idle at 872 scenarios).
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False, env=environment)


@dataclass(frozen=True)
class Certification:
    """A certification's report folder and what its command printed and returned."""

    folder: Path
    done: subprocess.CompletedProcess[str]

    @property
    def results(self) -> Path:
        return self.folder / "allure-results"

    @property
    def verdict(self) -> dict[str, Any]:
        """The run's ``certification.json``."""
        return json.loads((self.folder / "certification.json").read_text(encoding="utf-8"))
