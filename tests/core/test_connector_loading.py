"""``--connector=module:factory``: loading and clear refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.connector import DEFAULT_CONNECTOR, ConnectorLoadError, load_factory
from simulators.connector.reference import create_connector

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_is_the_reference_connector() -> None:
    assert load_factory(DEFAULT_CONNECTOR) is create_connector


@pytest.mark.parametrize("spec, message", [
    ("simulators.connector.reference", "expected <module>:<factory>"),
    ("no_such_module:factory", "cannot import module"),
    ("simulators.connector.reference:nope", "has no callable 'nope'"),
])
def test_bad_specs_are_refused_with_a_message(spec: str, message: str) -> None:
    with pytest.raises(ConnectorLoadError, match=message):
        load_factory(spec)


def test_pytest_refuses_a_bad_connector_before_running_anything() -> None:
    result = subprocess.run([sys.executable, "-m", "pytest", "features/", "--connector=nope:x", "-p", "no:randomly"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 4  # pytest's usage error
    assert "cannot import module 'nope'" in result.stderr
