"""The cost of one JSON GET through the in-process transport, beside Flask's own test client and
beside the same GET from Python to WireMock standalone on loopback serving the same body; prints a
table. Target (issue 14): in-process at most half of the Python→WireMock time.

    .venv/bin/python bench/dispatch_bench.py [--rounds 15] [--calls 200]    # about a minute

Two GETs, each as a connector sends it: a NetSuite sales order (``expandSubResources``, signed
with Token-Based Authentication by requests-oauthlib on every call) and a Shopify order (its
``X-Shopify-Access-Token``). Every mode uses the same ``requests`` session code and signs the same
way, so what differs is what happens after the request is prepared:

- *in-process*: the harness's transport hands the call to the simulators' app (authentication,
  governance, faults, the model, JSON, the vendor-contract check when on, the journal; no socket);
- *Flask test client*: the same app through ``app.test_client()`` (the request signed by the same
  session, then sent by werkzeug's client);
- *requests alone*: the same session with an adapter that answers at once with the stored answer
  (what the client side costs in every mode: preparing and signing the request, the session's
  hooks, the response object); in-process minus this is what the app and the transport cost;
- *a bare Flask route*: a one-route Flask app answering the same body through the same transport
  (what Flask and the transport cost with none of the simulators' work);
- *WireMock*: ``requests`` over a real loopback socket to WireMock standalone (the npm package
  ``wiremock``, locked in bench/package-lock.json, run with Java 17), which serves the body the simulator
  answered for the same URL, without checking the signature.

Rounds are interleaved (each round runs every mode in turn) so a change in the machine's load hits
every mode alike; each figure is the median over the rounds of the mean µs per call in a round,
wall time and this process's CPU time (WireMock's own CPU is in its Java process and not counted).
The vendor-contract checks are on, as in the test runs (``--no-contract-checks`` to compare).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable

import requests
from flask import Flask, Response
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests_oauthlib import OAuth1

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.transports import INPROCESS_BASE_URL, InProcessTransport, LiveTransport  # noqa: E402
from simulators.app import CONTRACT_CHECKS_ENV, create_app  # noqa: E402
from simulators.clients import ControlPlaneClient, NetSuiteClient, ShopifyClient  # noqa: E402

TARGET = 0.5
WIREMOCK_JAR = ROOT / "bench" / "node_modules" / "wiremock" / "build"


def _wiremock_jar() -> Path:
    jars = sorted(WIREMOCK_JAR.glob("wiremock-standalone-*.jar"))
    if not jars or shutil.which("java") is None:
        sys.exit("WireMock standalone is needed: `cd bench && npm ci` (bench/package.json locks the npm package wiremock) and Java 17+")
    return jars[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CANNED_BASE_URL = "http://canned.invalid"
BARE_BASE_URL = "http://bare.invalid"


def _bare_app(answers: dict[str, bytes]) -> Flask:
    """A Flask app with one route that answers the stored body of a path: what Flask and the
    in-process transport cost with nothing of the simulators (no authentication, model, check or journal)."""
    app = Flask("bare")

    @app.get("/<path:path>")
    def answer(path: str) -> Response:
        return Response(answers["/" + path], content_type="application/json")
    return app



class CannedAdapter(BaseAdapter):
    """Answers every request at once with one stored answer: what ``requests`` itself costs (the
    session, preparing and signing the request, building the response), with no server at all."""

    def __init__(self, answer: requests.Response) -> None:
        super().__init__()
        self.answer = answer

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None, verify: Any = True,
             cert: Any = None, proxies: Any = None) -> requests.Response:
        response = requests.Response()
        response.status_code, response.reason = self.answer.status_code, self.answer.reason
        response.headers = CaseInsensitiveDict(self.answer.headers)
        response.encoding = self.answer.encoding
        response._content = self.answer.content
        response.url, response.request, response.connection = request.url or "", request, self  # type: ignore[assignment]
        return response

    def close(self) -> None:
        pass


class WireMock:
    """WireMock standalone on loopback, started and stopped by the benchmark."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        # Its own root folder: WireMock makes mappings/ and __files/ in it, by default in the working directory.
        self.root = tempfile.TemporaryDirectory(prefix="wiremock-")
        self.process = subprocess.Popen(
            ["java", "-jar", str(_wiremock_jar()), "--port", str(self.port), "--bind-address", "127.0.0.1",
             "--disable-banner", "--no-request-journal", "--root-dir", self.root.name],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base_url}/__admin/health", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        sys.exit("WireMock did not start within 60 s")

    def serve(self, path_and_query: str, response: requests.Response) -> None:
        """Answer GET ``path_and_query`` with ``response``'s status, content type and body."""
        stub = {"request": {"method": "GET", "url": path_and_query},
                "response": {"status": response.status_code, "body": response.text,
                             "headers": {"Content-Type": response.headers.get("Content-Type", "application/json")}}}
        requests.post(f"{self.base_url}/__admin/mappings", json=stub, timeout=10).raise_for_status()

    def cpu_seconds(self) -> float:
        """The CPU time WireMock's Java process has used so far (Linux /proc; all its threads)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.root.cleanup()


def _session(auth: Any = None, headers: dict[str, str] | None = None) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.auth = auth
    session.headers.update(headers or {})
    return session


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def prepare(base_url: str) -> dict[str, tuple[str, Any, dict[str, str]]]:
    """A tenant with a NetSuite sales order and a Shopify order; each GET's path, auth and headers."""
    control = ControlPlaneClient(base_url)
    tenant = control.create_tenant(seed=14)
    netsuite = NetSuiteClient(base_url, tenant["netsuite"])
    customer = netsuite.create("customer", {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"})
    item = netsuite.create("nonInventorySaleItem", {"itemId": "SKU-1", "basePrice": 10})
    order_id = netsuite.create("salesOrder", {"entity": {"id": customer}, "externalId": "SHOP-1001", "shippingCost": 4.99,
                                              "item": {"items": [{"item": {"id": item}, "quantity": 2, "rate": 10}]}})
    shop_order = ShopifyClient(base_url, tenant["shopify"]).create_order(
        {"email": "ada@example.com", "line_items": [{"title": "Mug", "price": "10.00", "quantity": 2}]})
    # The leaky bucket stays on (its check is part of every call's cost) but never fills: a 429
    # would measure the error path, and a connector would slow down instead.
    requests.put(f"{base_url}/_sim/tenants/{tenant['tenant']}/shopify/rate-limit",
                 json={"bucket_size": 10_000_000}, timeout=10).raise_for_status()
    creds = tenant["netsuite"]
    tba = OAuth1(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                 signature_method="HMAC-SHA256", realm=creds["account_id"])
    paths = {
        "NetSuite salesOrder, TBA": (f"/services/rest/record/v1/salesOrder/{order_id}?expandSubResources=true", tba, {}),
        "Shopify order, access token": (f"/admin/api/{tenant['shopify']['api_version']}/orders/{shop_order['id']}.json",
                                        None, {"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}),
    }
    return paths


def per_call(app: Any, transport: InProcessTransport, paths: dict[str, tuple[str, Any, dict[str, str]]],
             name: str, calls: int) -> tuple[float, float]:
    """Mean wall and CPU seconds of one of the GETs (the two alternately) through ``name``:
    inprocess or live (whose server threads are in this process, so in its CPU time)."""
    live = LiveTransport(app) if name == "live" else None
    base_url = live.base_url if live is not None else INPROCESS_BASE_URL
    (live or transport).start()
    try:
        sessions = [(_session(auth, headers), base_url + path) for path, auth, headers in paths.values()]
        for session, url in sessions * 50:
            session.get(url, timeout=10)
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(calls // 2):
            for session, url in sessions:
                session.get(url, timeout=10)
        return (time.perf_counter() - started) / (calls // 2 * 2), (time.process_time() - cpu) / (calls // 2 * 2)
    finally:
        (live or transport).stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=200, help="calls per mode in a round")
    parser.add_argument("--warm-up", type=int, default=5000, help="requests to WireMock before measuring (its JIT)")
    parser.add_argument("--no-contract-checks", action="store_true")
    parser.add_argument("--per-call", choices=("inprocess", "live"),
                        help="print only the mean wall and CPU seconds of one GET through this transport (bench/suite_bench.py)")
    args = parser.parse_args(argv)
    os.environ[CONTRACT_CHECKS_ENV] = "0" if args.no_contract_checks else "1"

    app = create_app()
    transport = InProcessTransport(app)
    transport.start()
    paths = prepare(INPROCESS_BASE_URL)
    if args.per_call:
        transport.stop()
        print(*per_call(app, transport, paths, args.per_call, args.calls * args.rounds))
        return 0
    transport.stop()  # the transport refuses every other URL while it is on: it is on only for its own rounds
    bare_answers: dict[str, bytes] = {}
    bare = InProcessTransport(_bare_app(bare_answers), BARE_BASE_URL)
    wiremock = WireMock()
    client = app.test_client()
    modes: dict[tuple[str, str], Callable[[], Any]] = {}
    try:
        for label, (path, auth, headers) in paths.items():
            inprocess = _session(auth, headers)
            transport.start()
            answer = inprocess.get(INPROCESS_BASE_URL + path, timeout=10)
            transport.stop()
            assert answer.status_code == 200, answer.text
            wiremock.serve(path, answer)
            remote = _session(auth, headers)
            assert remote.get(wiremock.base_url + path, timeout=10).json() == answer.json()
            request = requests.Request("GET", INPROCESS_BASE_URL + path)

            def test_client_get(session: requests.Session = inprocess, request: requests.Request = request,
                                path: str = path) -> Any:
                prepared = session.prepare_request(request)
                response = client.get(path, headers=[(k, _text(v)) for k, v in prepared.headers.items()],
                                      base_url=INPROCESS_BASE_URL)
                assert response.status_code == 200, response.get_data(as_text=True)
                return response

            test_client_get()
            modes[(label, "in-process transport")] = partial(inprocess.get, INPROCESS_BASE_URL + path, timeout=10)
            modes[(label, "Flask test client")] = test_client_get
            modes[(label, "requests → WireMock (loopback)")] = partial(remote.get, wiremock.base_url + path, timeout=10)
            canned = _session(auth, headers)
            canned.mount(CANNED_BASE_URL, CannedAdapter(answer))
            modes[(label, "requests alone, no server")] = partial(canned.get, CANNED_BASE_URL + path, timeout=10)
            bare_session = _session(auth, headers)
            modes[(label, "a bare Flask route, in-process")] = partial(bare_session.get, BARE_BASE_URL + path, timeout=10)
            bare_answers[path.split("?", 1)[0]] = answer.content
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in modes}
        server_cpu: dict[str, float] = {label: 0.0 for label in paths}  # WireMock's, over the measured rounds
        for label in paths:  # the JVM compiles its hot paths after some thousands of requests
            for _ in range(args.warm_up):
                modes[(label, "requests → WireMock (loopback)")]()
        for round_ in range(args.rounds + 1):  # the first round warms up (caches, connection pools)
            for key, call in modes.items():
                if key[1] == "in-process transport":
                    transport.start()
                elif key[1] == "a bare Flask route, in-process":
                    bare.start()
                java = wiremock.cpu_seconds()
                wall, cpu = time.perf_counter(), time.process_time()
                for _ in range(args.calls):
                    call()
                wall, cpu = (time.perf_counter() - wall) / args.calls, (time.process_time() - cpu) / args.calls
                transport.stop()
                bare.stop()
                samples[key].append((wall, cpu))
                if key[1] == "requests → WireMock (loopback)" and round_:
                    server_cpu[key[0]] += wiremock.cpu_seconds() - java
        samples = {key: values[1:] for key, values in samples.items()}
    finally:
        wiremock.stop()
        transport.stop()

    load = os.getloadavg()[0]
    print(f"\nOne JSON GET, µs per call: median of {args.rounds} interleaved rounds of {args.calls} calls; "
          f"contract checks {'off' if args.no_contract_checks else 'on'}; load average {load:.2f} "
          f"on {os.cpu_count()} CPUs\n")
    print("CPU is this process's; for WireMock, + its Java process's (both sides of the exchange). On a busy machine the")
    print("wall time is mostly waiting for a core: compare CPU there; on an idle one wall and CPU agree.\n")
    print(f"{'GET':<30}{'mode':<34}{'wall µs':>9}{'CPU µs':>9}{'wall ratio':>12}{'CPU ratio':>11}")
    print("-" * 106)
    ok = True
    for label in paths:
        wiremock_key = (label, "requests → WireMock (loopback)")
        wiremock_wall = statistics.median(w for w, _ in samples[wiremock_key])
        java = server_cpu[label] / (args.rounds * args.calls)
        wiremock_cpu = statistics.median(c for _, c in samples[wiremock_key]) + java
        for (row, mode), values in samples.items():
            if row != label:
                continue
            wall = statistics.median(w for w, _ in values)
            cpu = statistics.median(c for _, c in values) + (java if (row, mode) == wiremock_key else 0.0)
            ratio, cpu_ratio = wall / wiremock_wall, cpu / wiremock_cpu
            mark = ""
            if mode == "in-process transport":
                good = min(ratio, cpu_ratio) <= TARGET
                ok &= good
                mark = (f"  target <= {TARGET:.2f}: " + ("met" if ratio <= TARGET else "met on CPU" if good else "MISSED"))
            name = mode + (" + Java" if (row, mode) == wiremock_key else "")
            print(f"{label:<30}{name:<34}{wall * 1e6:>9.0f}{cpu * 1e6:>9.0f}{ratio:>11.2f}x{cpu_ratio:>10.2f}x{mark}")
        app_cost = [statistics.median(c for _, c in samples[(label, mode)])
                    for mode in ("in-process transport", "requests alone, no server")]
        print(f"{label:<30}{'  of in-process: app + transport':<34}{'':>9}{(app_cost[0] - app_cost[1]) * 1e6:>9.0f}"
              f"   (CPU: in-process less requests alone)")
    print(f"\n{'all targets met' if ok else 'TARGET MISSED'} (load average {load:.2f}: figures on a busy machine are high)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
