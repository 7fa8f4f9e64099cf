"""A pytest plugin for bench/suite_bench.py (``-p bench.scenario_cost``): per test, its wall and CPU
time from setup to teardown, its pytest-bdd steps, the HTTP requests made during it (every
``requests`` session's ``send``: the harness's, the connector's, the control plane's) and the CPU
time spent inside them; written as JSON to the file named by ``REFUNDSIM_BENCH_COSTS`` when the
session ends. CPU time is the process's: live, the server's threads are in it too, so a request's
CPU is both sides of it.

The CPU inside requests (``request_cpu``) is the process CPU time between entering and leaving the
outermost ``requests.Session.request`` of the thread that runs the test: the client preparing and
signing, the transport, the app's answer. It is read with ``time.process_time``, which freezegun
leaves alone; a scenario's frozen clock stops ``perf_counter`` inside it, so no wall time is
measured there."""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

import pytest
import requests

_COSTS: dict[str, dict[str, Any]] = {}
_CURRENT: list[dict[str, Any]] = []
_TEST_THREAD: list[int] = []
_DEPTH = threading.local()
_send = requests.Session.send
_request = requests.Session.request


def _counting_send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
    if _CURRENT:
        _CURRENT[0]["calls"] += 1
    return _send(self, request, **kwargs)


def _timed_request(self: requests.Session, *args: Any, **kwargs: Any) -> requests.Response:
    depth = getattr(_DEPTH, "value", 0)
    if depth or not _CURRENT or threading.get_ident() not in _TEST_THREAD:
        return _request(self, *args, **kwargs)  # made while another is answered, or no test running here
    _DEPTH.value = 1
    cost, started = _CURRENT[0], time.process_time()
    try:
        return _request(self, *args, **kwargs)
    finally:
        cost["request_cpu"] += time.process_time() - started
        _DEPTH.value = 0


requests.Session.send = _counting_send  # type: ignore[method-assign]
requests.Session.request = _timed_request  # type: ignore[method-assign]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    cost: dict[str, Any] = {"calls": 0, "steps": 0, "request_cpu": 0.0}
    _CURRENT[:] = [cost]
    _TEST_THREAD[:] = [threading.get_ident()]
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
