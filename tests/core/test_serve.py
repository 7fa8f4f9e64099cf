"""``python -m simulators serve``: a real process on loopback, stopped cleanly by SIGTERM."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from simulators.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def test_serve_answers_the_control_plane_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "simulators", "serve", "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None  # stdout=PIPE
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, f"expected the base URL on the first line, got {line!r}"
        base = f"http://127.0.0.1:{match.group(1)}"
        tenant = requests.post(f"{base}/_sim/tenants", json={}, timeout=5)
        assert tenant.status_code == 201 and tenant.json()["netsuite"]["account_id"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert "stopped" in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()  # waits, and closes the pipes


def test_serve_reports_a_busy_port_without_a_traceback() -> None:
    first = subprocess.Popen([sys.executable, "-m", "simulators", "serve", "--port", "0"], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert first.stdout is not None  # stdout=PIPE
    try:
        found = re.search(r":(\d+)", first.stdout.readline())
        assert found, "expected the base URL on the first line"
        port = found.group(1)
        second = subprocess.run([sys.executable, "-m", "simulators", "serve", "--port", port], cwd=ROOT,
                                capture_output=True, text=True, timeout=20)
        assert second.returncode == 2
        assert "cannot listen" in second.stderr and "Traceback" not in second.stderr
    finally:
        first.terminate()
        first.communicate()  # waits, and closes the pipe


@pytest.mark.parametrize("args, message", [
    (["--port", "99999"], "argument --port: must be from 0 to 65535, not 99999"),  # not wrapped to 34463
    (["--port", "-1"], "argument --port: must be from 0 to 65535, not -1"),
    (["--port", "http"], "argument --port: invalid int value: 'http'"),
    (["--threads", "0"], "argument --threads: must be from 1 to 1024, not 0"),
    (["--host", "256.1.1.1", "--port", "0"], "error: cannot listen on 256.1.1.1:0: Invalid host/port specified."),
])
def test_serve_refuses_what_it_cannot_listen_on_with_a_message(args: list[str], message: str, capsys) -> None:
    code: int | str | None
    try:
        code = main(["serve", *args])
    except SystemExit as exit_:  # argparse's usage error
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_stopping_lets_go_of_requests_a_fault_is_holding() -> None:
    """SIGTERM while a latency fault holds a request for a minute: the request is answered and the
    server stops cleanly, rather than waitress abandoning the thread after its own 5 s wait."""
    process = subprocess.Popen([sys.executable, "-m", "simulators", "serve", "--port", "0"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None  # stdout=PIPE
    try:
        found = re.search(r"http://127\.0\.0\.1:(\d+)", process.stdout.readline())
        assert found, "expected the base URL on the first line"
        base = f"http://127.0.0.1:{found.group(1)}"
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
        _, err = process.communicate()
        assert answers == [200] and "still running" not in err, (answers, err)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
