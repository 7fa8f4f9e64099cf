"""A run keeps nothing of its scenarios alive: pytest keeps every test item to the end of the
session, so whatever a scenario leaves on its item or in a session-wide object (the in-process
interception records every call it intercepts) would pile up for the whole run, sockets included."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("transport", ["inprocess", "live"])
def test_no_http_session_or_intercepted_call_outlives_its_scenario(tmp_path: Path, transport: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "features/", "-q", "-s", "-k", "refund_in_", "-p",
                           "tests.core.leak_probe", f"--transport={transport}", f"--alluredir={tmp_path}",
                           f"--certification-report={tmp_path / 'c.json'}"],
                          cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
    assert re.search(r"\b[1-9]\d* passed", done.stdout) and "failed" not in done.stdout, done.stdout[-2000:]
    probe = re.search(r"leak probe: sessions=(\d+) calls=(\d+)", done.stdout)
    assert probe, done.stdout[-2000:]
    assert (int(probe.group(1)), int(probe.group(2))) == (0, 0)
