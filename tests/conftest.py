"""Fixtures for the simulators' own tests.

The root conftest's ``tenant``, ``netsuite``, ``shopify`` and ``control`` fixtures work here too,
always in-process: these tests choose their transport themselves (``--transport`` is for the
features), and ``live`` serves a fresh app on loopback for tests that use clients which only a real
socket reaches (ShopifyAPI uses urllib) or that test the wire itself.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from harness.certification import runs_features
from harness.transports import InProcessTransport, LiveTransport, Transport
from simulators.app import create_app
from simulators.clients import ControlPlaneClient, VendorError

#: What a machine's environment may set that changes how pytest writes its output (colours, extra
#: options, plugins). Many tests read the output of the commands they start: those commands run as
#: written, not as a CI machine's or a user's variables would change them (with FORCE_COLOR set, a
#: line no longer starts with "FAILED "). ``CI`` is left: a run on CI must read the same.
for _variable in ("PY_COLORS", "FORCE_COLOR", "NO_COLOR", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_THEME",
                  "PYTEST_THEME_MODE"):
    os.environ.pop(_variable, None)

#: A test that runs the feature suite, or part of it, in pytest processes of its own:
#: ``@pytest.mark.runs_the_suite(seconds=...)``, about how long it takes on a 2-core machine; with
#: ``run=<name>``, it shares a run (a session fixture) with the other tests of that name, and the
#: seconds are its own part: they are scheduled on one worker, one after the other, so the run is
#: made once.
RUNS_THE_SUITE = "runs_the_suite"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{RUNS_THE_SUITE}(seconds): runs the feature suite, or part of it, in "
                                      "pytest processes of its own, for about that long; scheduled first, longest first")


#: The user's own report folder: what ``make certify`` left there (the results, the verdict, the
#: rendered report) must still be there after ``make test``. Every pytest run a test starts has its
#: own results folder and verdict path; a run that falls back on the defaults would write here.
USER_REPORTS = Path(__file__).resolve().parents[1] / "reports"
_USER_REPORTS_BEFORE = pytest.StashKey[dict[str, tuple[int, int]]]()


def _user_reports(config: pytest.Config) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file under reports/, and each folder there (named with a
    trailing ``/``: a pytest run's allure plugin makes its ``--alluredir`` when it starts, empty if
    no scenario runs, so a run without one of its own leaves an empty ``reports/allure-results/``),
    but for the hidden folders that ``make test`` and the self-test keep there (``.make-test``,
    ``.selftest-*``), and, when the session runs scenarios itself (``pytest tests/ features/``), its
    own ``--alluredir`` and ``--certification-report``, which may be the defaults. A session of
    tests alone writes neither."""
    own = [Path(value).resolve() for value in (config.getoption("--alluredir", None),
                                               config.getoption("--certification-report", None))
           if value and runs_features(config)]
    found = {}
    for path in USER_REPORTS.rglob("*"):
        relative = path.relative_to(USER_REPORTS)
        if relative.parts[0].startswith(".") or any(path == o or o in path.parents for o in own):
            continue
        if path.is_dir():  # there or not: its time changes with what is written inside, said by its files
            found[f"{relative}/"] = (0, 0)
        elif path.is_file():
            stat = path.stat()
            found[str(relative)] = (stat.st_size, stat.st_mtime_ns)
    return found


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller: the workers' tests are all inside its session
        session.config.stash[_USER_REPORTS_BEFORE] = _user_reports(session.config)


@pytest.hookimpl(tryfirst=True)  # before the terminal summary, which shows the exit status
def pytest_sessionfinish(session: pytest.Session) -> None:
    before = session.config.stash.get(_USER_REPORTS_BEFORE, None)
    if before is None:
        return
    after = _user_reports(session.config)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    if changed:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (f"the tests changed the user's report folder {USER_REPORTS} ({len(changed)} files or folders: "
                   f"{', '.join(changed[:5])}): a pytest run a test starts needs its own --alluredir and --certification-report")
        if reporter is not None:
            reporter.write_line(f"ERROR: {message}", red=True)


def _seconds(item: pytest.Item) -> float:
    marker = item.get_closest_marker(RUNS_THE_SUITE)
    if marker is None:
        return 0.0
    if not isinstance(marker.kwargs.get("seconds"), (int, float)):
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{RUNS_THE_SUITE} needs seconds=<about how long it runs>")
    return float(marker.kwargs["seconds"])


def _shared_run(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker(RUNS_THE_SUITE)
    return None if marker is None else marker.kwargs.get("run")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that run the suite start each worker's share, shared out longest first.

    With ``-n N --dist worksteal``, xdist hands each worker an equal, contiguous share of the
    collection, and a worker left without tests takes half of what another still has queued, from
    the end of its queue and never its last two. In file order the three report certifications (a
    minute and a quarter) were among the last two of one queue, and the other worker sat idle for
    the last 38 s of a 203 s run; all at the front of one share they were more than one worker's
    part of the run, and the other worker waited 19 s at the end. So each long test goes to the front
    of the share with the fewest seconds so far, the short tests fill the shares in their order, and
    whatever is left at the end of a queue is short. Tests that share a run (``run=``) go to one
    share together, so a worker makes the run once. Without xdist this only reorders the tests.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    seconds = [(_seconds(item), item) for item in items]
    short = [item for length, item in seconds if not length]
    # The tests that share a run go together, as one long test of their seconds together.
    groups: dict[tuple[str, str], list[tuple[float, pytest.Item]]] = {}
    for length, item in seconds:
        if length:
            run = _shared_run(item)
            groups.setdefault(("run", run) if run else ("test", item.nodeid), []).append((length, item))
    shares: list[list[pytest.Item]] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for group in sorted(groups.values(), key=lambda members: -sum(length for length, _ in members)):
        lightest = loads.index(min(loads))
        shares[lightest].extend(item for _, item in sorted(group, key=lambda pair: -pair[0]))
        loads[lightest] += sum(length for length, _ in group)
    # xdist's split: the first worker gets len // N of the tests, the next len // (N - 1) of the rest...
    ordered: list[pytest.Item] = []
    remaining = len(items)
    for n, share in enumerate(shares):
        size = remaining // (workers - n)
        taken = max(0, size - len(share))
        share.extend(short[:taken])
        del short[:taken]
        ordered.extend(share)
        remaining -= len(share)
    items[:] = ordered + short


@pytest.fixture(scope="session")
def transport(simulator_app) -> Transport:
    """In-process whatever ``--transport`` says: these tests rely on the frozen process clock and on
    intercepting outbound webhooks, and test the live wire with ``live`` where it matters."""
    return InProcessTransport(simulator_app)


@pytest.fixture(scope="session")
def live() -> Iterator[LiveTransport]:
    server = LiveTransport(create_app())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_tenant(live: LiveTransport) -> dict[str, Any]:
    return ControlPlaneClient(live.base_url).create_tenant(seed=7)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def assert_netsuite_error(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    """Assert a NetSuite-shaped error body and return its first detail."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"].startswith("https://")
    detail = body["o:errorDetails"][0]
    assert detail["o:errorCode"] == code, body
    assert detail["detail"]
    return detail


def race(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` at the same moment, one thread each, released together by a barrier (give each
    its own client, as separate workers would have); each result is what the call returned or the
    :class:`VendorError` it raised."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        start.wait()
        try:
            return call()
        except VendorError as exc:
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def make_writes_meet(monkeypatch: pytest.MonkeyPatch, owner: type, write: str, parties: int) -> None:
    """From now on, ``owner.write`` (the method that writes what a request's checks allowed) waits
    until ``parties`` requests have reached it, or until the first has waited 50 ms; then the
    barrier breaks and nobody waits again.

    Requests released together still reach a simulator a little apart, and its checks take
    microseconds, so a race in a concurrency test would rarely show by itself. With this, a
    simulator without its lock lets every racing request pass its checks before any of them
    writes, and the test sees the over-refund; with the lock only one request is ever past its
    checks, and the cost is that one 50 ms wait.
    """
    barrier = threading.Barrier(parties)
    original = getattr(owner, write)

    def meeting(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            barrier.wait(timeout=0.05)
        except threading.BrokenBarrierError:
            pass
        return original(self, *args, **kwargs)

    monkeypatch.setattr(owner, write, meeting)
