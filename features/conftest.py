"""Fixtures that apply to the feature scenarios only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pathlib import Path

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

from harness.transports import Transport, frozen_process_clock


def pytest_itemcollected(item: pytest.Item) -> None:
    """A scenario's feature file name is one of its keywords, so ``pytest features/ -k
    refund_actions`` runs the scenarios of ``refund_actions.feature`` (pytest collects the one
    module that binds them all, not the .feature files)."""
    template = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "function", None))
    if template is not None:
        item.extra_keyword_matches.add(Path(template.feature.filename).stem)


@pytest.fixture(scope="module")
def frozen_clock(transport: Transport) -> Iterator[Any]:
    """One frozen process clock for all the scenarios of this module, not one per scenario:
    freezing walks every loaded module (a few milliseconds), and ``simulators`` puts the clock back
    to the epoch before each scenario anyway. Torn down before any test outside features/ runs."""
    with frozen_process_clock(transport) as clock:
        yield clock
