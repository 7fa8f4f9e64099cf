"""Requests per second of ``python -m simulators serve`` against a bare Flask endpoint served the same way.

    .venv/bin/python bench/serve_bench.py [--duration 5] [--rounds 2] [--workers 2] [--threads 4]

Starts both servers as child processes on loopback — the simulators (``python -m simulators
serve``, waitress, 16 threads) and a one-route Flask app on waitress with the same thread count —
then drives each with the same bounded load generator: ``workers`` processes × ``threads``
keep-alive ``http.client`` connections issuing GETs for ``duration`` seconds, alternating the
targets for ``rounds`` rounds. The simulator request is ``GET /services/rest/record/v1/salesOrder/<id>``
(one record, OAuth 2.0 bearer token); a TBA (OAuth 1.0a, signed per request by oauthlib in the load
generator) run is printed for information. Target: the simulator sustains at least half the bare
endpoint's requests per second. Exits 1 if it does not.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
THREADS = 16


# ----------------------------------------------------------------- servers
def bare_server(port: int, threads: int) -> None:
    """A bare Flask endpoint served by waitress exactly as ``python -m simulators serve`` serves."""
    from flask import Flask, jsonify
    from waitress import create_server

    app = Flask("bare")

    @app.get("/record/<int:record_id>")
    def record(record_id: int) -> Any:
        return jsonify(id=str(record_id), tranId="1001", total=25.01)

    server = create_server(app, host="127.0.0.1", port=port, threads=threads)
    print(f"Bare Flask serving on http://127.0.0.1:{server.effective_port}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        server.run()
    except KeyboardInterrupt:
        pass


def start(command: list[str]) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline() if process.stdout else ""
    match = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not match:
        process.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return process, match.group()


# -------------------------------------------------------------- simulator data
def prepare_simulator(base: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """A tenant with one sales order; returns its path, a bearer header and the TBA credentials."""
    import requests

    from simulators.clients.netsuite import client_assertion

    tenant = requests.post(f"{base}/_sim/tenants", json={"seed": 1}, timeout=10).json()
    creds = tenant["netsuite"]
    token_url = f"{base}/services/rest/auth/oauth2/v1/token"
    # The assertion as NetSuite takes it: ES256 with the private key of the tenant's M2M mapping.
    token = requests.post(token_url, data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": client_assertion(creds, token_url)}, timeout=10).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    root = f"{base}/services/rest/record/v1"
    customer = requests.post(f"{root}/customer", json={"lastName": "Bench"}, headers=bearer, timeout=10)
    item = requests.post(f"{root}/nonInventorySaleItem", json={"itemId": "SKU-B", "basePrice": 12.5}, headers=bearer, timeout=10)
    order = requests.post(f"{root}/salesOrder", headers=bearer, timeout=10, json={
        "entity": {"id": customer.headers["Location"].rsplit("/", 1)[1]}, "shippingCost": 4.99,
        "item": {"items": [{"item": {"id": item.headers["Location"].rsplit("/", 1)[1]}, "quantity": 2}]}})
    path = urlsplit(order.headers["Location"]).path
    check = requests.get(f"{base}{path}", headers=bearer, timeout=10)
    assert check.status_code == 200, check.text
    return path, bearer, creds


# --------------------------------------------------------------- load generator
def _worker(base: str, path: str, headers: dict[str, str], creds: dict[str, str] | None, threads: int,
            duration: float, out: Any) -> None:
    url = urlsplit(base)
    host = url.hostname or "127.0.0.1"  # base is always http://127.0.0.1:<port>
    counts = [0] * threads
    errors = [0] * threads
    signer = None
    if creds is not None:
        from oauthlib.oauth1 import Client

        signer = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                        signature_method="HMAC-SHA256", realm=creds["account_id"])
    deadline = time.monotonic() + duration

    def loop(index: int) -> None:
        connection = http.client.HTTPConnection(host, url.port, timeout=10)
        while time.monotonic() < deadline:
            request_headers = dict(headers)
            if signer is not None:
                _, signed, _ = signer.sign(f"{base}{path}", "GET")
                request_headers.update(signed)
            try:
                connection.request("GET", path, headers=request_headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, url.port, timeout=10)
                continue
            if response.status == 200:
                counts[index] += 1
            else:
                errors[index] += 1
        connection.close()

    pool = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((sum(counts), sum(errors)))


def load(base: str, path: str, headers: dict[str, str], *, creds: dict[str, str] | None = None,
         workers: int, threads: int, duration: float) -> tuple[float, int]:
    """Requests per second sustained by ``workers`` × ``threads`` connections for ``duration`` s."""
    queue: Any = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_worker, args=(base, path, headers, creds, threads, duration, queue))
             for _ in range(workers)]
    started = time.monotonic()
    for p in procs:
        p.start()
    results = [queue.get(timeout=duration + 60) for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.monotonic() - started
    return sum(r[0] for r in results) / max(elapsed, duration), sum(r[1] for r in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement (default 5)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per target (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="load generator processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="connections per process (default 4)")
    parser.add_argument("--bare-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_server:
        bare_server(args.port, THREADS)
        return 0
    if not 0 < args.duration <= 60:
        parser.error("--duration must be in (0, 60]")

    simulator, sim_base = start([sys.executable, "-m", "simulators", "serve", "--port", "0", "--threads", str(THREADS)])
    bare, bare_base = start([sys.executable, str(Path(__file__).resolve()), "--bare-server"])
    try:
        path, bearer, creds = prepare_simulator(sim_base)
        runs: dict[str, list[float]] = {"bare": [], "bearer": [], "tba": []}
        errors = {"bare": 0, "bearer": 0, "tba": 0}
        for _ in range(args.rounds):
            for name, base, target, headers, signing in (
                ("bare", bare_base, "/record/1", {}, None),
                ("bearer", sim_base, path, bearer, None),
                ("tba", sim_base, path, {}, creds),
            ):
                rps, failed = load(base, target, headers, creds=signing, workers=args.workers, threads=args.threads,
                                   duration=args.duration)
                runs[name].append(rps)
                errors[name] += failed
    finally:
        for process in (simulator, bare):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    best = {name: max(values) for name, values in runs.items()}
    ratio = best["bearer"] / best["bare"]
    print(f"\nGET one record: python -m simulators serve vs a bare Flask endpoint, both on waitress "
          f"({THREADS} threads), loopback")
    print(f"load: {args.workers} processes x {args.threads} keep-alive connections, {args.duration:g} s per run, "
          f"{args.rounds} alternating rounds, best run shown\n")
    print(f"{'endpoint':<58} {'requests/s':>11} {'errors':>7} {'vs bare':>8}")
    print("-" * 88)
    print(f"{'bare Flask GET /record/1':<58} {best['bare']:>11.0f} {errors['bare']:>7} {'1.00x':>8}")
    print(f"{'simulator GET salesOrder/<id>, OAuth 2.0 bearer':<58} {best['bearer']:>11.0f} {errors['bearer']:>7} "
          f"{ratio:>7.2f}x")
    print(f"{'simulator GET salesOrder/<id>, TBA signed per request':<58} {best['tba']:>11.0f} {errors['tba']:>7} "
          f"{best['tba'] / best['bare']:>7.2f}x")
    ok = ratio >= 0.5
    print(f"\ntarget: simulator >= 0.5x bare: {'met' if ok else 'MISSED'} ({ratio:.2f}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
