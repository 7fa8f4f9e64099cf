"""Fixtures that apply to the feature scenarios only: features/conftest.py imports them, so they
override the suite's own (harness/plugin.py) for the feature files there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from harness.transports import Transport, frozen_process_clock


@pytest.fixture(scope="module")
def frozen_clock(transport: Transport) -> Iterator[Any]:
    """One frozen process clock for all the scenarios of this module, not one per scenario:
    freezing walks every loaded module (a few milliseconds), and ``simulators`` puts the clock back
    to the epoch before each scenario anyway. Torn down before any test outside features/ runs."""
    with frozen_process_clock(transport) as clock:
        yield clock
