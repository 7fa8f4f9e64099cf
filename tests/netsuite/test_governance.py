"""Concurrency governance: requests in flight per account past the limit get 429, with threads
against the live simulator (latency faults keep requests in flight long enough to overlap)."""

from __future__ import annotations

import threading
from typing import Any, Callable

import requests

from simulators.clients import ControlPlaneClient, NetSuiteClient
from tests.conftest import assert_netsuite_error


def _burst(client: NetSuiteClient, url: str, n: int) -> list[requests.Response]:
    """``n`` GETs started together, each on its own connection."""
    barrier = threading.Barrier(n)
    answers: list[requests.Response] = []
    lock = threading.Lock()

    def one() -> None:
        with requests.Session() as session:
            session.auth = client.session.auth
            barrier.wait()
            response = session.get(url, timeout=10)
        with lock:
            answers.append(response)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    return answers


def _slow_gets(control: ControlPlaneClient, tenant: str, ms: int = 600, count: int = 50) -> None:
    response = control.session.post(f"{control.root}/tenants/{tenant}/faults",
                                    json={"service": "netsuite", "method": "GET", "path": "customer", "latency_ms": ms,
                                          "count": count})
    assert response.status_code == 201


def test_a_configured_limit_answers_429_past_it(live) -> None:
    control = ControlPlaneClient(live.base_url)
    tenant = control.create_tenant(settings={"netsuite": {"concurrency_limit": 3}})
    client = NetSuiteClient(live.base_url, tenant["netsuite"])
    customer = client.create("customer", {"lastName": "Busy"})
    _slow_gets(control, tenant["tenant"])
    answers = _burst(client, f"{client.root}/customer/{customer}", 8)
    ok = [a for a in answers if a.status_code == 200]
    limited = [a for a in answers if a.status_code == 429]
    assert len(ok) + len(limited) == 8 and 1 <= len(ok) <= 3 and len(limited) >= 5, [a.status_code for a in answers]
    detail = assert_netsuite_error(limited[0], 429, "CONCURRENCY_LIMIT_EXCEEDED")
    assert "Concurrent request limit exceeded" in detail["detail"]
    # Slots are given back: the account answers again once the burst is over.
    control.session.delete(f"{control.root}/tenants/{tenant['tenant']}/faults")
    assert client.get("customer", customer)["lastName"] == "Busy"
    notes = [e["note"] for e in control.journal(tenant["tenant"]) if e["status"] == 429]
    assert notes and "concurrency limit 3 exceeded" in notes[0]


def test_the_default_limit_is_15_and_other_accounts_are_not_affected(live) -> None:
    control = ControlPlaneClient(live.base_url)
    busy = control.create_tenant()
    quiet = control.create_tenant()
    client = NetSuiteClient(live.base_url, busy["netsuite"])
    customer = client.create("customer", {"lastName": "Busy"})
    _slow_gets(control, busy["tenant"], ms=1500)
    results: list[Any] = []
    burst = threading.Thread(target=lambda: results.extend(_burst(client, f"{client.root}/customer/{customer}", 16)))
    burst.start()
    # While the busy account is saturated (its 16th request already refused), another account is served.
    _wait_until(lambda: any(e["status"] == 429 for e in control.journal(busy["tenant"])))
    assert NetSuiteClient(live.base_url, quiet["netsuite"]).query("customer") == []
    burst.join(timeout=30)
    statuses = sorted(r.status_code for r in results)
    assert statuses.count(200) == 15 and statuses.count(429) == 1, statuses


def _wait_until(condition: Callable[[], bool], attempts: int = 200) -> None:
    """Wait for an event of the live server by asking, not by sleeping a guessed time."""
    for _ in range(attempts):
        if condition():
            return
        threading.Event().wait(0.02)
    raise AssertionError("the live server never reached the expected state")
