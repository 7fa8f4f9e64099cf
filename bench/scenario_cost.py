"""A pytest plugin for bench/suite_bench.py (``-p bench.scenario_cost``): per test, its wall and CPU
time from setup to teardown, its pytest-bdd steps and the HTTP requests made during it (every
``requests`` session's ``send``: the harness's, the connector's, the control plane's); written as
JSON to the file named by ``REFUNDSIM_BENCH_COSTS`` when the session ends. CPU time is the
process's: live, the server's threads are in it too."""

from __future__ import annotations

import json
import os
import time
from typing import Any

import pytest
import requests

_COSTS: dict[str, dict[str, Any]] = {}
_CURRENT: list[dict[str, Any]] = []
_send = requests.Session.send


def _counting_send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
    if _CURRENT:
        _CURRENT[0]["calls"] += 1
    return _send(self, request, **kwargs)


requests.Session.send = _counting_send  # type: ignore[method-assign]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    cost: dict[str, Any] = {"calls": 0, "steps": 0}
    _CURRENT[:] = [cost]
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        return (yield)
    finally:
        cost["wall"] = time.perf_counter() - wall
        cost["cpu"] = time.process_time() - cpu
        _COSTS[item.nodeid] = cost
        _CURRENT.clear()


def pytest_bdd_before_step(request: Any, feature: Any, scenario: Any, step: Any, step_func: Any) -> None:
    if _CURRENT:
        _CURRENT[0]["steps"] += 1


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("REFUNDSIM_BENCH_COSTS")
    if path and not hasattr(session.config, "workerinput"):
        with open(path, "w", encoding="utf-8") as out:
            json.dump(_COSTS, out)
