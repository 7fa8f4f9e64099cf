"""Concurrency governance: requests in flight per account past the limit get 429, with threads
against the live simulator. A long latency fault holds the requests in flight, and disarming it
lets them go once the test has seen the limit refuse the rest: nothing depends on a guessed delay."""

from __future__ import annotations

import threading
from functools import partial
from typing import Any, Callable

import requests

from simulators.clients import ControlPlaneClient, NetSuiteClient
from tests.conftest import assert_netsuite_error, race


def _burst(client: NetSuiteClient, url: str, n: int) -> list[requests.Response]:
    """``n`` GETs started together, each on its own connection."""
    sessions = [requests.Session() for _ in range(n)]
    for session in sessions:
        session.auth = client.session.auth
    try:
        return race([partial(session.get, url, timeout=10) for session in sessions])
    finally:
        for session in sessions:
            session.close()


def _hold_gets(control: ControlPlaneClient, tenant: str) -> None:
    """GETs of customers stay in flight (a minute at most) until :func:`_release`."""
    control.arm_fault(tenant, {"service": "netsuite", "method": "GET", "path": "customer", "latency_ms": 60_000,
                               "count": 50})


def _release(control: ControlPlaneClient, tenant: str) -> None:
    control.session.delete(f"{control.root}/tenants/{tenant}/faults")


def _refused(control: ControlPlaneClient, tenant: str) -> int:
    return sum(1 for e in control.journal(tenant) if e["status"] == 429)


def test_a_configured_limit_answers_429_past_it(live) -> None:
    control = ControlPlaneClient(live.base_url)
    tenant = control.create_tenant(settings={"netsuite": {"concurrency_limit": 3}})
    client = NetSuiteClient(live.base_url, tenant["netsuite"])
    customer = client.create("customer", {"lastName": "Busy"})
    _hold_gets(control, tenant["tenant"])
    answers: list[requests.Response] = []
    burst = threading.Thread(target=lambda: answers.extend(_burst(client, f"{client.root}/customer/{customer}", 8)))
    burst.start()
    try:
        _wait_until(lambda: _refused(control, tenant["tenant"]) == 5)  # three held, five refused
    finally:
        _release(control, tenant["tenant"])
        burst.join(timeout=30)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * 3 + [429] * 5, statuses
    detail = assert_netsuite_error(next(a for a in answers if a.status_code == 429), 429, "CONCURRENCY_LIMIT_EXCEEDED")
    assert "Concurrent request limit exceeded" in detail["detail"]
    # Oracle documents no Retry-After for the concurrency limit (an armed 429 fault sends none either).
    assert all("Retry-After" not in a.headers for a in answers if a.status_code == 429)
    # Slots are given back: the account answers again once the burst is over.
    assert client.get("customer", customer)["lastName"] == "Busy"
    notes = [e["note"] for e in control.journal(tenant["tenant"]) if e["status"] == 429]
    assert notes and "concurrency limit 3 exceeded" in notes[0]


def test_the_default_limit_is_15_and_other_accounts_are_not_affected(live) -> None:
    control = ControlPlaneClient(live.base_url)
    busy = control.create_tenant()
    quiet = control.create_tenant()
    client = NetSuiteClient(live.base_url, busy["netsuite"])
    customer = client.create("customer", {"lastName": "Busy"})
    _hold_gets(control, busy["tenant"])
    results: list[Any] = []
    burst = threading.Thread(target=lambda: results.extend(_burst(client, f"{client.root}/customer/{customer}", 16)))
    burst.start()
    try:
        # While the busy account is saturated (15 held, its 16th request refused), another is served.
        _wait_until(lambda: _refused(control, busy["tenant"]) == 1)
        assert NetSuiteClient(live.base_url, quiet["netsuite"]).query("customer") == []
    finally:
        _release(control, busy["tenant"])
        burst.join(timeout=30)
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] * 15 + [429], statuses


def _wait_until(condition: Callable[[], bool], attempts: int = 200) -> None:
    """Wait for an event of the live server by asking, not by sleeping a guessed time."""
    for _ in range(attempts):
        if condition():
            return
        threading.Event().wait(0.02)
    raise AssertionError("the live server never reached the expected state")
