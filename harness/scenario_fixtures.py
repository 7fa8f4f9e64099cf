"""Fixtures that apply to the feature scenarios only: features/conftest.py imports them, so they
override the suite's own (harness/plugin.py) for the feature files there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from harness.transports import Transport, frozen_process_clock
from simulators.clients import NetSuiteClient


@pytest.fixture(scope="module")
def frozen_clock(transport: Transport) -> Iterator[Any]:
    """One frozen process clock for all the scenarios of this module, not one per scenario:
    freezing walks every loaded module (a few milliseconds), and ``simulators`` puts the clock back
    to the epoch before each scenario anyway. Torn down before any test outside features/ runs."""
    with frozen_process_clock(transport) as clock:
        yield clock


@pytest.fixture
def netsuite(simulators: Transport, tenant: dict[str, Any]) -> NetSuiteClient:
    """NetSuite as the harness reaches it in the scenarios (a NetSuite user setting up orders and
    bills, the Then steps reading records): OAuth 2.0 bearer tokens, which cost a fraction of
    Token-Based Authentication to make and to check. The connector under test keeps its own
    authentication (the reference connector signs every request with TBA); bench/README.md says why."""
    return NetSuiteClient(simulators.base_url, tenant["netsuite"], auth="oauth2")
