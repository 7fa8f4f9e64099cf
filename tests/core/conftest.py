"""Fixtures of the harness's own tests that more than one module uses."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.core.certified import VERDICT_FOR_THE_SELFTEST, Certification, certify


@pytest.fixture(scope="session")
def every_scenario_certified(tmp_path_factory: pytest.TempPathFactory) -> Certification:
    """One certification of every scenario with the reference connector, in-process, as ``make
    certify`` runs it (the feature files in order, each scenario's own seed), every credential
    planted: the tests that need such a run share it. Mark them
    ``@pytest.mark.runs_the_suite(seconds=..., run=EVERY_SCENARIO)`` so that one worker makes it.
    With :data:`VERDICT_FOR_THE_SELFTEST` set, its verdict is copied there too."""
    folder = tmp_path_factory.mktemp("every-scenario") / "certified"
    certification = Certification(folder, certify(folder))
    copy_to = os.environ.get(VERDICT_FOR_THE_SELFTEST)
    if copy_to and (folder / "certification.json").exists():
        Path(copy_to).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "certification.json", copy_to)
    return certification


@pytest.fixture(scope="session")
def every_scenario_live(tmp_path_factory: pytest.TempPathFactory) -> Certification:
    """The same certification over the live transport (``--transport live``: a real loopback server
    the run starts, every call of the harness and of the connector through a socket and waitress),
    every credential planted. Mark its tests ``run=EVERY_SCENARIO_LIVE``."""
    folder = tmp_path_factory.mktemp("every-scenario-live") / "certified"
    return Certification(folder, certify(folder, "--transport=live"))
