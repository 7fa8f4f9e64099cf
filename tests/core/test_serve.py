"""``python -m simulators serve``: a real process on loopback, stopped cleanly by SIGTERM, asking
for no token there (beyond loopback: tests/core/test_admin_token.py)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading

import pytest
import requests

from simulators.__main__ import main, own_base_urls
from simulators.app import create_app
from simulators.core.inprocess import answer_own_calls_in_process
from tests.core.served import ROOT, serving


def _answers_anyone_on_loopback(base: str) -> None:
    """As before the admin token existed: the control plane and the connector API answer anyone on
    this machine (no token sent)."""
    tenant = requests.post(f"{base}/_sim/tenants", json={}, timeout=5)
    assert tenant.status_code == 201 and tenant.json()["netsuite"]["account_id"]
    tenant_id = tenant.json()["tenant"]
    assert requests.get(f"{base}/_sim/tenants/{tenant_id}", timeout=5).json()["tenant"] == tenant_id
    account = requests.put(f"{base}/connector/v1/accounts/{tenant_id}/", timeout=5,
                           json={"settings": {"storefront": "shopify", "refund_direction": "from_netsuite"}})
    assert account.status_code == 200, account.text
    assert requests.post(f"{base}/_sim/tenants/{tenant_id}/reset", json={}, timeout=5).status_code == 200


def test_serve_answers_the_control_plane_and_stops_on_sigterm() -> None:
    """On 127.0.0.1 (one server for both checks: each start costs half a second of CPU): it answers
    the control plane, and the connector API, without a token and prints none; SIGTERM stops it."""
    with serving("--host", "127.0.0.1") as served:
        assert re.match(r"Simulators serving on http://127\.0\.0\.1:\d+ ", served.lines[0]), served.lines
        _answers_anyone_on_loopback(f"http://127.0.0.1:{served.port}")
        served.process.send_signal(signal.SIGTERM)
        assert served.process.wait(timeout=10) == 0
    assert "stopped" in served.stdout
    assert "token" not in served.stdout.lower(), served.stdout


def test_on_loopback_nothing_asks_for_a_token() -> None:
    """The same by the name ``localhost`` (127.0.0.1 is the test above)."""
    with serving("--host", "localhost") as served:
        _answers_anyone_on_loopback(f"http://localhost:{served.port}")
    assert "token" not in served.stdout.lower(), served.stdout


def test_serve_reports_a_busy_port_without_a_traceback() -> None:
    with serving() as first:
        second = subprocess.run([sys.executable, "-m", "simulators", "serve", "--port", str(first.port)], cwd=ROOT,
                                capture_output=True, text=True, timeout=20)
        assert second.returncode == 4  # refused before it served anything, as certify's usage errors (docs/ci.md)
        assert "cannot listen" in second.stderr and "Traceback" not in second.stderr
        assert second.stderr.strip() == f"error: cannot listen on 127.0.0.1:{first.port}: Address already in use: " \
                                        "another server listens there (stop it, or give another --port; --port 0 " \
                                        "takes a free one)", second.stderr


#: Ctrl-C as it lands while serve loads the simulators (importing simulators.app) or prepares to make
#: its app (logging.basicConfig, then create_app): raised there, with no signal to race. Put first on
#: the path as sitecustomize.
INTERRUPT_WHILE_LOADING = '''
import os
import sys


class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["INTERRUPT_AT"]:
            raise KeyboardInterrupt
        return None


def interrupt(*args, **kwargs):
    raise KeyboardInterrupt


if os.environ["INTERRUPT_AT"] == "logging.basicConfig":  # called by serve before it makes its app
    import logging
    logging.basicConfig = interrupt
else:
    sys.meta_path.insert(0, Interrupt())
'''


@pytest.mark.parametrize("where", ["simulators.app", "logging.basicConfig"])
def test_serve_interrupted_while_it_starts_says_so_in_a_line(where: str, tmp_path) -> None:
    """Ctrl-C in the second serve takes to load the simulators and make its app printed Python's
    KeyboardInterrupt traceback (and 130 to the shell): one line, and the code of an interrupted run."""
    (tmp_path / "sitecustomize.py").write_text(INTERRUPT_WHILE_LOADING, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "simulators", "serve", "--port", "0"], cwd=ROOT, capture_output=True,
                          text=True, timeout=20, env={**os.environ, "PYTHONPATH": str(tmp_path), "INTERRUPT_AT": where})
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "Interrupted (Ctrl-C or SIGINT); exit code 2\n"), done


@pytest.mark.parametrize("args, message", [
    (["--port", "99999"], "argument --port: must be a whole number from 0 to 65535, not 99999"),  # not wrapped to 34463
    (["--port", "-1"], "argument --port: must be a whole number from 0 to 65535, not -1"),
    (["--port", "http"], "argument --port: must be a whole number from 0 to 65535, not http"),
    (["--port", "8000.5"], "argument --port: must be a whole number from 0 to 65535, not 8000.5"),
    (["--threads", "0"], "argument --threads: must be a whole number from 1 to 1024, not 0"),
    (["--port"], "argument --port: expected one argument"),
    (["--bogus"], "usage: refundsim serve [-h]"),
    (["--bogus", "extra"], "refundsim serve: error: unrecognized arguments: --bogus extra"),
    # Said as the implementer meets it, not as waitress does ("Invalid host/port specified.").
    (["--host", "256.1.1.1", "--port", "0"], "error: cannot listen on 256.1.1.1:0: --host 256.1.1.1: not an address of "
                                             "this machine nor a name that resolves to one\n"),
    (["--host", "no-such-host.invalid", "--port", "0", "--admin-token", "a" * 20],
     "error: cannot listen on no-such-host.invalid:0: --host no-such-host.invalid: not an address of this machine nor a "
     "name that resolves to one\n"),
    (["--host", "", "--port", "0"], "error: --host: empty: give the interface to bind (default 127.0.0.1)"),
    # An IPv6 address in brackets, as a URL writes it: not "2001:db8::1:0", whose port is lost in the address.
    (["--host", "2001:db8::1", "--port", "0"], "error: cannot listen on [2001:db8::1]:0: "),
    (["--host", "192.0.2.7", "--port", "0", "--admin-token", "a" * 20], "error: cannot listen on 192.0.2.7:0: "
                                                                         "--host 192.0.2.7: not an address of this machine"),
    (["--host", " ", "--port", "0"], "error: --host: empty: give the interface to bind (default 127.0.0.1)"),
    (["--admin-token", ""], "error: --admin-token: the admin token must be letters, digits and"),
    (["--admin-token", "two words", "--host", "0.0.0.0"], "error: --admin-token: the admin token must be"),
])
def test_serve_refuses_what_it_cannot_listen_on_with_a_message(args: list[str], message: str, capsys) -> None:
    """Exit 4, as certify and ``refundsim`` refuse a usage mistake (docs/ci.md: refused before it
    started), not argparse's 2, which that table reads as an interrupted run."""
    code: int | str | None
    try:
        code = main(["serve", *args], prog="refundsim")
    except SystemExit as exit_:  # argparse's usage error
        code = exit_.code
    assert code == 4
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err


def test_stopping_lets_go_of_requests_a_fault_is_holding() -> None:
    """SIGTERM while a latency fault holds a request for a minute: the request is answered and the
    server stops cleanly, rather than waitress abandoning the thread after its own 5 s wait."""
    with serving() as served:
        base, process = served.base_url, served.process
        tenant = requests.post(f"{base}/_sim/tenants", json={}, timeout=5).json()
        armed = requests.post(f"{base}/_sim/tenants/{tenant['tenant']}/faults", timeout=5,
                              json={"service": "shopify", "latency_ms": 60_000})
        assert armed.status_code == 201
        answers: list[int] = []
        held = threading.Thread(target=lambda: answers.append(requests.get(
            f"{base}/admin/api/2025-01/orders.json", timeout=70,
            headers={"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}).status_code))
        held.start()
        for _ in range(500):  # until the fault holds the request
            fired = requests.get(f"{base}/_sim/tenants/{tenant['tenant']}/faults", timeout=5).json()["faults"][0]["fired"]
            if fired:
                break
            threading.Event().wait(0.01)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        held.join(timeout=30)
    assert answers == [200] and "still running" not in served.stderr, (answers, served.stderr)


# ------------------------------------------------------------------ the server's calls to itself
@pytest.mark.parametrize("host, own", [
    ("127.0.0.1", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"]),
    ("0.0.0.0", ["http://0.0.0.0:8000", "http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"]),
    ("::", ["http://[::]:8000", "http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"]),
    ("192.0.2.7", ["http://192.0.2.7:8000"]),
])
def test_the_server_knows_the_urls_it_is_reached_on_from_its_own_machine(host: str, own: list[str]) -> None:
    assert own_base_urls(host, 8000) == own


def test_its_own_calls_are_answered_by_its_app_and_every_other_call_goes_out() -> None:
    """What ``serve`` installs for the served reference connector: a call under one of its own URLs
    never reaches a socket (nothing listens on port 9 of this test), any other call still does, and
    once put back every call goes out again."""
    app = create_app()
    own, elsewhere = "http://127.0.0.1:9", "http://127.0.0.1:11/"
    restore = answer_own_calls_in_process(app, [own])
    try:
        health = requests.get(f"{own}/_sim/health", timeout=5)
        assert health.status_code == 200 and health.json()["status"] == "ok", health.text
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{elsewhere}_sim/health", timeout=5)
    finally:
        restore()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{own}/_sim/health", timeout=5)


def test_serve_answers_its_own_calls_in_process_while_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` installs it before it serves: a call made while the server runs (as the served
    reference connector's are) to the server's own URL is answered by its app, though no socket
    listens there (the server here is a stand-in that makes that call when it is run)."""
    made: list[requests.Response] = []

    class Server:
        effective_host, effective_port = "127.0.0.1", 9  # nothing listens on port 9 here

        def run(self) -> None:
            made.append(requests.get("http://localhost:9/_sim/health", timeout=5))

        def close(self) -> None:
            pass

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", requests.adapters.HTTPAdapter.send)  # put back after
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # pytest keeps its own handlers
    monkeypatch.setattr("simulators.__main__.create_server", lambda app, **options: Server())
    assert main(["serve", "--port", "0"]) == 0
    assert [answer.status_code for answer in made] == [200] and made[0].json()["status"] == "ok"
