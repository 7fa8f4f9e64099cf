"""``--connector-url``: a connector that answers outside the connector API fails the scenario as a
connector defect that quotes what it answered — a 5xx, a status the operation does not answer, the
wrong shape, no JSON, no answer in time, a refused connection — and an answer the protocol has a word
for (settings refused, a transaction it made itself unknown) reads as it would from a Python
connector. The connectors here are stubs on loopback in front of the served reference connector:
each passes every call through but the one it breaks."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from harness.connector import DrivenConnector, connector_under_test, masked_url, start_connector
from harness.expectations import ConnectorDefect
from harness.http_connector import (PROBE_ACCOUNT, QUOTED, HttpConnector, HttpConnectorFactory, check_url, connector_session,
                                    probe)
from harness.transports import LiveTransport, frozen_process_clock
from simulators.clients import ControlPlaneClient
from simulators.connector.protocol import ConnectorContext

ROOT = Path(__file__).resolve().parents[2]
#: (method, path below the account) → what the stub answers instead of the reference connector:
#: (status, body bytes, content type), or a callable of the request body that returns it.
Breakage = dict[tuple[str, str], Any]


#: What a server answers: (status, body bytes, content type) for (method, path, the request's
#: headers, its body).
Answer = Callable[[str, str, Any, bytes], tuple[int, bytes, str]]


@contextmanager
def answering(answer: Answer) -> Iterator[str]:
    """A web server on loopback that answers every request with ``answer``; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, content, kind = answer(self.command, self.path, self.headers, body)
            try:
                self.send_response(status)
                if kind:
                    self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
            except (BrokenPipeError, ConnectionResetError):
                pass  # a held call's client gave up first (its timeout): there is no one to answer

        do_GET = do_PUT = do_POST = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # shutdown() waits for the loop to look again: every poll interval (half a second unless told).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _forwarded(method: str, url: str, body: bytes = b"") -> tuple[int, bytes, str]:
    """What ``url`` (the served reference connector) answers to the request, as an :data:`Answer`."""
    answer = requests.request(method, url, data=body or None, headers={"Content-Type": "application/json"},
                              timeout=30)
    return answer.status_code, answer.content, answer.headers.get("Content-Type", "")


@dataclass
class Stub:
    """A connector on loopback: the served reference connector (``/connector/v1`` of ``upstream``)
    behind it, but for the calls ``broken`` names."""

    upstream: str
    broken: Breakage = field(default_factory=dict)
    hold: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def answer(self, method: str, path: str, body: bytes) -> tuple[int, bytes, str]:
        account_path = "/".join(path.partition("?")[0].split("/")[5:])  # /connector/v1/accounts/<t>/<rest>[?query]
        breakage = self.broken.get((method, account_path))
        if breakage == "hold":
            self.hold.wait(timeout=30)  # until the test is over: the client gives up first
            return 200, b"{}", "application/json"
        if callable(breakage):
            return breakage(body)
        if breakage is not None:
            return breakage
        return _forwarded(method, f"{self.upstream}{path}", body)


@pytest.fixture
def stub(live: LiveTransport) -> Iterator[Stub]:
    found = Stub(live.base_url)
    with answering(lambda method, path, headers, body: found.answer(method, path, body)) as url:
        found.url = f"{url}/connector/v1"
        try:
            yield found
        finally:
            found.hold.set()  # a held call answers (no one) and its thread ends


@pytest.fixture
def context(live: LiveTransport) -> ConnectorContext:
    tenant = ControlPlaneClient(live.base_url).create_tenant(seed=3)
    control = ControlPlaneClient(live.base_url)
    return ConnectorContext(base_url=live.base_url, tenant=tenant["tenant"], netsuite=tenant["netsuite"],
                            shopify=tenant["shopify"], ebay=tenant["ebay"],
                            settings={"storefront": "shopify", "refund_direction": "from_netsuite"},
                            clock=lambda: control.clock(tenant["tenant"]),  # type: ignore[arg-type,return-value]
                            sleep=lambda seconds: None)


def _json(status: int, body: Any) -> tuple[int, bytes, str]:
    return status, json.dumps(body).encode(), "application/json"


def drive(stub: Stub, context: ConnectorContext, timeout: float = 10.0) -> DrivenConnector:
    return start_connector(HttpConnectorFactory(stub.url, timeout=timeout), context)


def test_a_connector_that_keeps_the_contract_is_driven_through_every_operation(stub: Stub, context: ConnectorContext) -> None:
    """The reference connector behind the stub: every operation, each answer held to the document."""
    connector = drive(stub, context)
    try:
        assert connector.sync_order("424242").status == "Error Posting to NetSuite"  # no such Shopify order
        retrieved = connector.retrieve_refunds("netsuite", "424242")
        # Its sync failed: nothing of it in NetSuite is the connector's to retrieve.
        assert not retrieved.success and "did not sync to NetSuite" in retrieved.message
        assert connector.transactions() == []
        connector.update_settings({"storefront": "shopify", "refund_direction": "from_netsuite", "scheduled_sync": True})
        connector.run_scheduled_sync()
    finally:
        connector.close()


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_is_the_connector_raising_and_quotes_the_exchange(stub: Stub, context: ConnectorContext,
                                                                         status: int) -> None:
    stub.broken[("GET", "transactions")] = _json(status, {"error": "database unavailable"})
    connector = drive(stub, context)
    with pytest.raises(ConnectorDefect) as failed:
        connector.transactions()
    message = str(failed.value)
    assert failed.value.kind == "raised" and message.startswith("Connector raised: expected the connector's list of Other Transactions")
    assert f"GET {stub.url}/accounts/{context.tenant}/transactions → {status} " in message
    assert '{"error": "database unavailable"}' in message


def test_the_wrong_shape_is_a_record_that_differs_and_says_where(stub: Stub, context: ConnectorContext) -> None:
    stub.broken[("POST", "retrieve")] = _json(200, {"success": True, "message": "ok", "transactions": [
        {"id": "OT-1", "source_channel": "netsuite", "order_id": "1", "amount": 12.5, "currency": "USD",
         "status": "Retrieved", "error_message": "", "source_record": "cashRefund:1", "target_record": ""}]})
    connector = drive(stub, context)
    with pytest.raises(ConnectorDefect) as failed:
        connector.retrieve_refunds("netsuite", "1")
    message = str(failed.value)
    assert failed.value.kind == "record" and message.startswith("Record differs: expected the connector's "
                                                                "retrieve of the refunds of order 1 from NetSuite to "
                                                                "answer in the shape")
    assert f"POST {stub.url}/accounts/{context.tenant}/retrieve → 200 " in message
    assert message.endswith('$.transactions[0].amount: 12.5 is not of type "string"')


@pytest.mark.parametrize("answer, expected", [
    ((200, b"<html>Posted</html>", "text/html"), "Record differs: expected the connector's post of refund OT-00001 to answer JSON"),
    (_json(200, {"id": "OT-00001", "status": "Done"}), "Record differs:"),
    (_json(201, {}), "to answer 200, 400, 404 (the connector API's postTransaction), it answered POST"),
    (_json(404, {"error": {"code": "unknown_transaction", "message": "No transaction."}}),
     "to know refund OT-00001, which it listed, it answered POST"),
])
def test_each_answer_outside_the_contract_is_named(stub: Stub, context: ConnectorContext,
                                                   answer: tuple[int, bytes, str], expected: str) -> None:
    stub.broken[("POST", "transactions/OT-00001/post")] = answer
    connector = drive(stub, context)
    with pytest.raises(ConnectorDefect, match=re.escape(expected)):
        connector.post("OT-00001")


def test_no_answer_in_time_is_the_connector_raising(stub: Stub, context: ConnectorContext) -> None:
    stub.broken[("POST", "scheduled-sync")] = "hold"
    connector = drive(stub, context)  # the account's set-up with the usual time to answer, on a busy machine too
    assert isinstance(connector.connector, HttpConnector)
    connector.connector.timeout = 0.3  # only the call that is held
    with pytest.raises(ConnectorDefect, match=r"^Connector raised: expected the connector's scheduled refund sync to "
                                              r"answer within 0.3 s, it did not: POST .*/scheduled-sync timed out$"):
        connector.run_scheduled_sync()


def test_a_refused_connection_is_the_connector_raising(context: ConnectorContext) -> None:
    with socket.socket() as probe:  # a port nothing listens on: held, so no other test's server takes it meanwhile
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        with pytest.raises(ConnectorDefect, match=r"^Connector raised: expected the connector's set-up of the account to "
                                                  rf"answer, PUT http://127.0.0.1:{port}/connector/v1/accounts/.* got no "
                                                  rf"answer: nothing listens at 127.0.0.1:{port}: connection refused$"):
            start_connector(HttpConnectorFactory(f"http://127.0.0.1:{port}/connector/v1"), context)


def test_settings_refused_read_as_from_a_python_connector(stub: Stub, context: ConnectorContext) -> None:
    connector = drive(stub, context)
    with pytest.raises(ConnectorDefect, match=r"^Settings differ: expected the connector to save the account settings "
                                              r".*, it refused them: max_attempts: must be a whole number from 1 to 10$"):
        connector.update_settings({"storefront": "shopify", "refund_direction": "from_netsuite", "max_attempts": 99})
    refused: Callable[[bytes], tuple[int, bytes, str]] = lambda body: _json(  # noqa: E731
        400, {"error": {"code": "invalid_setting", "message": "this connector syncs Shopify only", "field": "storefront"}})
    stub.broken[("PUT", "")] = refused
    with pytest.raises(ConnectorDefect, match=r"^Settings differ: .* it refused them: storefront: this connector syncs "
                                              r"Shopify only$"):
        drive(stub, context)


def test_an_error_s_field_written_as_null_is_no_field(stub: Stub, context: ConnectorContext) -> None:
    """``"field": null``: what many Java, Go and C# serializers write for an optional field left
    unset. It was refused as "Record differs" (the document's Error had ``field`` a string only);
    it is read as no field, the refusal's message alone, as a field left out is."""
    connector = drive(stub, context)
    stub.broken[("PUT", "settings")] = _json(400, {"error": {"code": "invalid_setting",
                                                             "message": "max_attempts must be 1 to 10", "field": None}})
    with pytest.raises(ConnectorDefect, match=r"^Settings differ: .*, it refused them: max_attempts must be 1 to 10$"):
        connector.update_settings({"storefront": "shopify", "refund_direction": "from_netsuite", "max_attempts": 99})
    stub.broken[("GET", "transactions")] = _json(404, {"error": {"code": "no_account", "message": "gone", "field": None}})
    with pytest.raises(ConnectorDefect, match=r"^Connector raised: expected the connector's list of Other Transactions to know its "
                                              r"account, it answered GET .* → 404 "):
        connector.transactions()


def _refusal(code: str, message: str, field: str | None = None) -> tuple[int, bytes, str]:
    error = {"code": code, "message": message, **({"field": field} if field else {})}
    return _json(400, {"error": error})


_SETTINGS = {"storefront": "shopify", "refund_direction": "from_netsuite"}


@pytest.mark.parametrize("method, path, call, answer, expected", [
    # A 400 to a request that holds to the document: the connector refused it, it did not lose its account.
    ("POST", "sync-order", lambda c: c.sync_order("1001"), _refusal("invalid_request", "order_id must be digits"),
     r"^Connector raised: expected the connector's sync of order 1001 to take the request the connector API's "
     r"syncOrder describes \(the harness sent \{\"order_id\": \"1001\"\}\), it refused it: POST .*/sync-order → 400 "),
    ("POST", "retrieve", lambda c: c.retrieve_refunds("netsuite", ""), _refusal("invalid_request", "order_id is empty"),
     r"^Connector raised: expected the connector's retrieve of the refunds of order \"\" from NetSuite to take the request .* it refused it"),
    ("POST", "transactions/OT-00001/post", lambda c: c.post("OT-00001"), _refusal("invalid_request", "no body"),
     r"^Connector raised: expected the connector's post of refund OT-00001 to take the request the connector API's "
     r"postTransaction describes \(the harness sent no body\), it refused it"),
    # Settings refused under another code than the document's: said as such, naming the code to answer.
    ("PUT", "settings", lambda c: c.update_settings({**_SETTINGS, "max_attempts": 2}),
     _refusal("invalid_request", "max_attempts: not in the enum", "settings.max_attempts"),
     r"^Settings differ: expected the connector's save of the account settings .* to save the settings, or refuse them with 400 "
     r"and error code \"invalid_setting\" \(the connector API's Refused\), it answered error code \"invalid_request\": "
     r"PUT "),
])
def test_a_request_refused_says_it_was_refused_not_that_the_account_is_unknown(
        stub: Stub, context: ConnectorContext, method: str, path: str, call: Callable[[DrivenConnector], Any],
        answer: tuple[int, bytes, str], expected: str) -> None:
    """A 400 to a request the harness sent as the document says: it was "to know its account",
    which blamed the wrong thing (the account is known; the request was refused)."""
    connector = drive(stub, context)
    stub.broken[(method, path)] = answer
    with pytest.raises(ConnectorDefect, match=expected):
        call(connector)


def test_an_account_the_connector_will_not_set_up_is_said_so(stub: Stub, context: ConnectorContext) -> None:
    stub.broken[("PUT", "")] = _json(404, {"error": {"code": "no_account", "message": "No such shop."}})
    with pytest.raises(ConnectorDefect, match=r"^Connector raised: expected the connector to set up account "
                                              rf"{context.tenant} \(the connector API's createAccount\), it "
                                              r"answered 404 \(an account it cannot have\): PUT "):
        drive(stub, context)


def test_a_settings_refusal_without_a_field_reads_as_its_message(stub: Stub, context: ConnectorContext) -> None:
    """``field`` is optional in the Error schema: a refusal without it was read as "None: <message>"."""
    connector = drive(stub, context)
    stub.broken[("PUT", "settings")] = _refusal("invalid_setting", "max_attempts must be 1 to 10")
    with pytest.raises(ConnectorDefect, match=r"it refused them: max_attempts must be 1 to 10$"):
        connector.update_settings({**_SETTINGS, "max_attempts": 99})


#: What a raw connector writes on its socket for one request (it reads the request first).
Raw = bytes | Callable[[socket.socket], None]


@contextmanager
def raw_connector(breakage: dict[tuple[str, str], Raw]) -> Iterator[str]:
    """A connector on loopback that writes bytes as they are (no HTTP library between): the
    account's set-up and close are answered as the document says, each request ``breakage`` names
    (method, path below the account) with what it gives. Yields the connector's base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            method, target = head.decode().split(" ")[:2]
            declared = re.search(r"(?i)content-length: *(\d+)", head.decode())
            length = int(declared.group(1)) if declared else 0
            while len(rest) < length:
                rest += conn.recv(65536)
            tail = target.split("?")[0].split("/accounts/", 1)[1].partition("/")[2]
            given = breakage.get((method, tail))
            if given is None:
                status, body = ("200 OK", json.dumps({"account": "a", "settings": {}}).encode()) if method == "PUT" \
                    else ("204 No Content", b"")
                given = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n" \
                        "Connection: close\r\n\r\n".encode() + body
            try:
                given(conn) if callable(given) else conn.sendall(given)
            except OSError:
                pass  # the harness gave up first

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/connector/v1"
    finally:
        stop.set()
        listener.close()


def _http(status: str, body: bytes, headers: str = "Content-Type: application/json\r\n") -> bytes:
    return f"HTTP/1.1 {status}\r\n{headers}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body


_ONE = {"id": "OT-00001", "source_channel": "netsuite", "order_id": "1001", "amount": "12.00", "currency": "EUR",
        "status": "Retrieved", "error_message": "Rückerstattung offen", "source_record": "", "target_record": ""}


def _trickled(conn: socket.socket) -> None:
    """A whole answer, a byte every 0.1 s: each read comes in time, the answer does not."""
    body = json.dumps({"transactions": []}).encode()
    conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode())
    for byte in body:
        time.sleep(0.1)
        conn.sendall(bytes([byte]))


def _endless(conn: socket.socket) -> None:
    """A 200 whose chunked body never ends (a loop in the connector writing its list)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b'{"transactions": ['
    while True:
        conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        chunk = b'"x' + b"x" * 65534 + b'",'


@pytest.mark.parametrize("given, expected", [
    # JSON is UTF-8 (RFC 8259 §8.1): a Latin-1 body was read with U+FFFD in place of the letter, and passed.
    (_http("200 OK", json.dumps({"transactions": [_ONE]}, ensure_ascii=False).encode("latin-1")),
     r"^Record differs: expected the connector's list of Other Transactions to answer JSON \(the connector API's "
     r"listTransactions\), found GET .* → 200 .*: it is not UTF-8 \(byte 0xFC at offset \d+\); JSON is UTF-8"),
    (_http("200 OK", json.dumps({"transactions": [_ONE]}, ensure_ascii=False).encode("latin-1"),
           "Content-Type: application/json; charset=iso-8859-1\r\n"), r"it is not UTF-8 \(byte 0xFC"),
    # Why it is not JSON, not only that it is not: a byte order mark is invisible in the quote.
    (_http("200 OK", b'\xef\xbb\xbf{"transactions": []}'), r"to answer JSON .*: it begins with a byte order mark \(EF BB "
     r"BF\): JSON sent over a network has none \(RFC 8259\)$"),
    # Where the text breaks as the gate says it (line, column), not Python's "(char 8)".
    (_http("200 OK", b'{"transactions": []} x'), r"to answer JSON .*: extra data at line 1, column 22$"),
    (_http("200 OK", b'{"transactions": [}'), r"to answer JSON .*: expecting value at line 1, column 19$"),
    (_http("200 OK", b''), r"to answer JSON .*: the body is empty$"),
    (_http("200 OK", b'{"transactions": [], "total": NaN}'), r"to answer JSON .*: NaN is not JSON"),
    # Nested too deep for the parser: it was a RecursionError, filed as an exception of the connector's.
    (_http("200 OK", b"[" * 100_000 + b"]" * 100_000), r"^Record differs: .* to answer JSON .*: it nests deeper than"),
    # The transfer broke off: a body shorter than its Content-Length, a gzip body that is not gzip.
    (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"transactions\"",
     r"^Connector raised: expected the connector's list of Other Transactions to answer, GET .*/transactions → 200 broke off: "
     r"the body stopped after 15 bytes of the 100 its Content-Length says$"),
    (_http("200 OK", b"not gzip", "Content-Type: application/json\r\nContent-Encoding: gzip\r\n"),
     r"^Connector raised: expected the connector's list of Other Transactions to answer, GET .* → 200 broke off: its body is not "
     r"gzip, as its Content-Encoding says \(incorrect header check\)$"),
    # A redirect: the harness does not follow it, and says where it pointed.
    (_http("307 Temporary Redirect", b"", "Location: http://elsewhere.example/connector/v1/accounts/x/transactions\r\n"),
     r"it answered GET .* → 307 \(no body\) \(it redirects to http://elsewhere.example/.*: the harness does not follow "
     r"redirects\)$"),
])
def test_an_answer_the_harness_cannot_read_is_named_with_why(context: ConnectorContext, given: Raw, expected: str) -> None:
    with raw_connector({("GET", "transactions"): given}) as url:
        connector = start_connector(HttpConnectorFactory(url, timeout=10), context)
        with pytest.raises(ConnectorDefect, match=expected):
            connector.transactions()


@pytest.mark.parametrize("transport", ["live", "inprocess"])
def test_an_answer_that_takes_longer_than_the_timeout_is_late_however_it_trickles(context: ConnectorContext,
                                                                                 transport: str) -> None:
    """``--connector-timeout`` bounds the whole answer: it bounded each read, so a body that came a
    byte at a time took as long as it liked (20 bytes, 0.1 s each: 2 s for a 0.5 s timeout). Also
    while an in-process scenario has frozen the process clock: the deadline read that frozen clock,
    never came, and the whole answer was waited for."""
    with raw_connector({("GET", "transactions"): _trickled}) as url, \
            frozen_process_clock(SimpleNamespace(name=transport)):  # type: ignore[arg-type]
        connector = start_connector(HttpConnectorFactory(url, timeout=0.5), context)
        started = time.perf_counter()
        with pytest.raises(ConnectorDefect, match=r"^Connector raised: expected the connector's list of Other Transactions to "
                                                  r"answer within 0.5 s, it did not: GET .*/transactions → 200 was not "
                                                  r"whole after 0.5 s$"):
            connector.transactions()
        if transport == "live":  # frozen, the test's own clock stands still too
            assert time.perf_counter() - started < 1.5


def test_an_answer_without_end_is_cut_at_the_most_the_harness_reads(context: ConnectorContext) -> None:
    """A body that never ends was read into memory until the machine ran out of it."""
    with raw_connector({("GET", "transactions"): _endless}) as url:
        connector = start_connector(HttpConnectorFactory(url, timeout=30), context)
        with pytest.raises(ConnectorDefect, match=r"^Record differs: expected the connector's list of Other Transactions to "
                                                  r"answer at most 16 MiB, GET .*/transactions → 200 sent more"):
            connector.transactions()


def test_what_the_connector_answers_is_quoted_without_the_tenant_s_secrets(stub: Stub, context: ConnectorContext) -> None:
    """A connector that echoes its set-up in an error: the defect quotes it, the credentials masked."""
    stub.broken[("PUT", "")] = lambda body: (500, body, "application/json")
    with pytest.raises(ConnectorDefect) as failed:
        drive(stub, context)
    message = str(failed.value)
    assert '"token_secret": "***"' in message and '"access_token": "***"' in message
    for secret in (context.netsuite["token_secret"], context.netsuite["consumer_secret"], context.shopify["access_token"]):
        assert secret not in message


@pytest.mark.parametrize("url, said", [
    # Said as the option's value is retyped in a shell (bare unless it needs quotes), not as Python prints it.
    ("ftp://host/connector", "ftp://host/connector"), ("localhost:9000/connector/v1", "localhost:9000/connector/v1"),
    ("http://", "http://"), ("", "''"), ("http:/x y", "'http:/x y'"),
])
def test_a_connector_url_is_an_http_url_or_a_path(url: str, said: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(said)} is neither an http"):
        check_url(url)
    assert check_url("http://127.0.0.1:9000/connector/v1/") == "http://127.0.0.1:9000/connector/v1"
    assert check_url("/connector/v1") == "/connector/v1"


def test_a_broken_answer_fails_its_scenario_filed_as_a_connector_defect(stub: Stub, tmp_path: Path) -> None:
    """Through pytest, as a certification meets it: the scenario fails (not breaks), the report
    files it under "Connector defect: connector raised", and the message quotes the answer."""
    stub.broken.update({(method, path): _json(502, {"message": "Bad gateway from the connector's proxy"})
                        for method, path in [("POST", "transactions/OT-00001/post")]})
    # A gateway's key in the query, its name spelled in a percent-escape (as the gateway reads it:
    # "token"): masked in the console, the replay line, the verdict and the results, as the journal masks it.
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "features/refund_to_storefront.feature", "-k", "cash_refund_of_a_paid and Shopify",
         f"--base-url={stub.upstream}", f"--connector-url={stub.url}?%74oken={SECRET_KEY}", "-q", "-p", "no:cacheprovider",
         f"--alluredir={tmp_path / 'allure'}", f"--certification-report={tmp_path / 'certification.json'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Replay:" in done.stdout and "%74oken=***" in done.stdout, done.stdout[-3000:]
    written = [path for path in tmp_path.rglob("*") if path.is_file() and SECRET_KEY in path.read_text("utf-8", "replace")]
    assert SECRET_KEY not in done.stdout + done.stderr and not written, written
    [result] = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "allure").glob("*-result.json")]
    assert result["status"] == "failed"
    assert "Connector raised: expected the connector's post of refund OT-00001" in result["statusDetails"]["message"]
    assert "→ 502 {\"message\": \"Bad gateway from the connector's proxy\"}" in result["statusDetails"]["message"]
    verdict = json.loads((tmp_path / "certification.json").read_text(encoding="utf-8"))
    assert verdict["connector"] == f"{stub.url}?%74oken=***" and verdict["transport"] == "live"
    assert verdict["cases"][0]["category"] == "Connector defect: connector raised"


#: A connector URL that carries credentials: a password in its user info, a key in its query.
SECRET_PASSWORD, SECRET_KEY = "s3cret-pw-0042", "k3y-0042-abcdef"


def _with_credentials(url: str) -> str:
    return url.replace("http://", f"http://bob:{SECRET_PASSWORD}@") + f"?api_key={SECRET_KEY}"


def test_a_connector_url_s_credentials_never_reach_a_message(stub: Stub, context: ConnectorContext) -> None:
    """The URL a connector is given with (``http://user:password@host/...?api_key=...``) is quoted
    in every defect of the exchange: its password and key masked, as the replay line masks them."""
    stub.broken[("GET", "transactions")] = _json(500, {"error": "database unavailable"})
    connector = start_connector(HttpConnectorFactory(stub.url.replace("http://", f"http://bob:{SECRET_PASSWORD}@")),
                                context)
    with pytest.raises(ConnectorDefect) as failed:
        connector.transactions()
    message = str(failed.value)
    assert "GET http://bob:***@127.0.0.1:" in message and SECRET_PASSWORD not in message, message
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        with pytest.raises(ValueError) as unreachable:
            probe(_with_credentials(f"http://127.0.0.1:{held.getsockname()[1]}/connector/v1"))
    assert SECRET_PASSWORD not in str(unreachable.value) and SECRET_KEY not in str(unreachable.value)
    assert "bob:***@" in str(unreachable.value) and "api_key=***" in str(unreachable.value)


@pytest.mark.parametrize("name", [
    # Each is a credential's name as a server reads it: percent-decoded, `+` a space, a PHP array's
    # `[]` left off, case-blind: as the journal reads names (simulators/core/journal.py).
    "%74oken", "T%4FKEN", "access%5Ftoken", "k%65y", "api%5Fkey[]", "assertion", "client%5Fassertion",
    "code+verifier", "Pass%77ord", "x-api-key", "consumer.secret", "sig",
])
def test_a_url_s_credential_is_masked_however_its_name_is_spelled(name: str) -> None:
    assert masked_url(f"http://127.0.0.1:9/x?a=1&{name}={SECRET_KEY}&b=2") == f"http://127.0.0.1:9/x?a=1&{name}=***&b=2"


def test_a_token_given_as_a_url_s_user_name_is_masked() -> None:
    """``https://<token>@gateway/...`` (a token as the user name, no password: how many gateways and
    Git hosts take one) shows no part of it; a user name beside a password is kept, as the report's
    reader needs to see which account it was."""
    assert masked_url(f"https://{SECRET_KEY}@gw.example/connector/v1") == "https://***@gw.example/connector/v1"
    assert masked_url(f"https://bob:{SECRET_PASSWORD}@gw.example/v1") == "https://bob:***@gw.example/v1"
    assert masked_url("https://gw.example/v1?next=a@b") == "https://gw.example/v1?next=a@b"


def test_the_connector_the_verdict_names_carries_no_credentials() -> None:
    """certification.json's "connector", the report's variables and its trends' file name come from
    :func:`connector_under_test`: a connector URL's credentials are masked there too."""
    url = _with_credentials("http://127.0.0.1:9000/connector/v1")
    options = {"--connector-url": url, "--connector": "simulators.connector.reference:create_connector"}
    config = SimpleNamespace(getoption=lambda name, default=None: options.get(name, default))
    named = connector_under_test(config)
    assert named == "http://bob:***@127.0.0.1:9000/connector/v1?api_key=***", named


def test_a_base_url_s_credentials_never_reach_a_refusal() -> None:
    """``--base-url`` refused (not the base URL of a server, nothing there): the message names the
    URL the user gave, its password and credential-named query values masked."""
    from harness.transports import RemoteTransport

    with pytest.raises(ValueError) as not_a_base:
        RemoteTransport(f"http://127.0.0.1:9/?token={SECRET_KEY}", None)
    assert SECRET_KEY not in str(not_a_base.value) and "token=***" in str(not_a_base.value), not_a_base.value
    # As the option is written (quoted as a shell would retype it, as --connector-url's), not Python's repr.
    for given, said in (("ftp://127.0.0.1:9", "ftp://127.0.0.1:9"), ("http://127.0.0.1:9/it's", """'http://127.0.0.1:9/it'"'"'s'""")):
        with pytest.raises(ValueError) as not_a_base:
            RemoteTransport(given, None)
        # The command as an installed user has it too, not in quotes: "(the URL 'python -m simulators serve' prints)".
        assert str(not_a_base.value) == (f"{said} is not the base URL of a server: use http://host:port (the URL "
                                         "refundsim serve, or python -m simulators serve, prints first)"), not_a_base.value
    # A user name and password: requests would send them as Basic authentication in place of each
    # vendor's credentials (every eBay call answered 401), and a vendor's error quoted the URL whole.
    with pytest.raises(ValueError) as with_user:
        RemoteTransport(f"http://bob:{SECRET_PASSWORD}@127.0.0.1:9", None)
    assert str(with_user.value) == (
        "'http://bob:***@127.0.0.1:9' carries a user name or password: the vendors' clients would send it as HTTP Basic "
        "authentication in place of each vendor's own credentials. Give the server's address alone (http://host:port), "
        "and its admin token with --admin-token"), with_user.value
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        remote = RemoteTransport(f"http://127.0.0.1:{probe.getsockname()[1]}", None)
        with pytest.raises(ConnectionError) as unreachable:
            remote.check()
        port = probe.getsockname()[1]
    # In words, not urllib3's "HTTPConnectionPool(host=...): Max retries exceeded ... [Errno 111] ...".
    assert str(unreachable.value) == (f"cannot reach the simulators at http://127.0.0.1:{port}: nothing listens "
                                      f"at 127.0.0.1:{port}: connection refused"), unreachable.value


def test_the_connector_s_own_token_is_masked_in_what_it_answers(stub: Stub, context: ConnectorContext) -> None:
    """A connector that echoes the bearer token it was sent (``--connector-token``) in an error: the
    defect quotes the answer with the token masked, as the tenant's credentials are."""
    token = "conn-T0ken-0042-secret"
    stub.broken[("GET", "transactions")] = _json(500, {"error": f"Authorization: Bearer {token} is not allowed here"})
    connector = start_connector(HttpConnectorFactory(stub.url, token=token), context)
    with pytest.raises(ConnectorDefect) as failed:
        connector.transactions()
    assert token not in str(failed.value) and "Bearer ***" in str(failed.value), failed.value


# ------------------------------------------------------------------ the up-front check (--connector-url)
def _guarded(upstream: str, token: str) -> Answer:
    """A connector that requires ``token``: 401 without it, the served reference connector with it."""
    def answer(method: str, path: str, headers: Any, body: bytes) -> tuple[int, bytes, str]:
        if headers.get("Authorization") != f"Bearer {token}":
            return _json(401, {"error": {"code": "unauthorized", "message": "Send the connector's token."}})
        return _forwarded(method, f"{upstream}{path}", body)
    return answer


def test_the_connector_api_is_proven_where_the_url_says(live: LiveTransport) -> None:
    """The served reference connector at /connector/v1 and a connector that requires its token
    (given it) pass: each answers the document's 404 ``no_account`` for an account it does not have."""
    probe(f"{live.base_url}/connector/v1")
    probe(f"{live.base_url}/connector/v1/")
    with answering(_guarded(live.base_url, "conn-T0ken-0042")) as guarded:
        probe(f"{guarded}/connector/v1", token="conn-T0ken-0042")


def test_the_server_s_root_is_not_the_connector_api_and_the_refusal_names_the_right_url(live: LiveTransport) -> None:
    """``--connector-url http://host:port`` (the server's root) or a typo in the path: the server
    answers, but not as the connector API. The refusal says what was called, what came back and the
    URL where the connector API does answer."""
    for given in (live.base_url, f"{live.base_url}/connectr/v1"):
        with pytest.raises(ValueError) as refused:
            probe(given)
        message = str(refused.value)
        assert f"GET {given}/accounts/{PROBE_ACCOUNT}/transactions answered 404 application/json" in message, message
        assert '"code": "not_found"' in message and "not the connector API" in message, message
        # What the connector API answers, as it is written (JSON), not in Python's quotes ('no_account').
        assert ('which answers an account it does not have with 404 {"error": {"code": "no_account", ...}}. '
                in message and "'no_account'" not in message), message
        assert f"It answers at {live.base_url}/connector/v1: give --connector-url {live.base_url}/connector/v1" in message, message


def test_an_unrelated_web_server_is_refused_with_what_it_answered() -> None:
    page = b"<html>\n  <body>Welcome to nginx!</body>\n</html>\n" + b"x" * 2000
    with answering(lambda method, path, headers, body: (200, page, "text/html")) as url:
        with pytest.raises(ValueError) as refused:
            probe(f"{url}/connector/v1")
    message = str(refused.value)
    assert f"GET {url}/connector/v1/accounts/{PROBE_ACCOUNT}/transactions answered 200 text/html " in message, message
    assert "<html> <body>Welcome to nginx!</body> </html>" in message and "x" * 300 not in message, message
    assert "/connector/v1 on `refundsim serve`" in message, message


def test_a_connector_that_requires_a_token_is_told_apart(live: LiveTransport) -> None:
    """A 401: the API may well be there, but no scenario could pass without the token: say which
    option gives it (none sent), or that the one sent is refused — never the token itself."""
    with answering(_guarded(live.base_url, "conn-T0ken-0042")) as guarded:
        with pytest.raises(ValueError, match=r"answered 401 application/json .*unauthorized.*: it requires a token, "
                                             r"and none was sent: give it with --connector-token"):
            probe(f"{guarded}/connector/v1")
        with pytest.raises(ValueError, match=r"answered 401 .*: it refuses the token sent \(--connector-token\)") as wrong:
            probe(f"{guarded}/connector/v1", token="not-the-T0ken-4242")
    assert "not-the-T0ken-4242" not in str(wrong.value)


def test_a_redirect_is_refused_with_where_it_points() -> None:
    with answering(lambda method, path, headers, body: (301, b"", "")) as url:
        with pytest.raises(ValueError, match=r"answered 301 \(no body\)"):
            probe(f"{url}/connector/v1")


@pytest.mark.parametrize("where", ["root", "typo"])
def test_a_connector_url_that_is_not_the_api_is_refused_before_any_scenario(live: LiveTransport, tmp_path: Path,
                                                                         where: str) -> None:
    """Through pytest: refused with exit code 4 and the earlier run's verdict and results left as
    they were, not a run of "Connector defect" failures — for a URL, and for a path on --base-url."""
    from tests.core.test_connector_loading import EARLIER, _plant_earlier_run

    _plant_earlier_run(tmp_path)
    url = live.base_url if where == "root" else "/connectr/v1"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "features/", f"--base-url={live.base_url}", f"--connector-url={url}",
         "-p", "no:cacheprovider", f"--alluredir={tmp_path / 'results'}",
         f"--certification-report={tmp_path / 'certification.json'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    assert "--connector-url: " in result.stderr and "not the connector API" in result.stderr, result.stderr[-2000:]
    assert {name: (tmp_path / name).read_text(encoding="utf-8") for name in EARLIER} == EARLIER


def test_a_connector_url_with_a_query_keeps_it_on_every_call(live: LiveTransport, context: ConnectorContext) -> None:
    """A gateway that takes its key in the query (``.../connector/v1?api_key=K``): each operation's
    path goes below the URL's path and the query stays a query, on every call as in the check."""
    seen: list[str] = []

    def gateway(method: str, path: str, headers: Any, body: bytes) -> tuple[int, bytes, str]:
        seen.append(path)
        where, _, query = path.partition("?")
        if query != f"api_key={SECRET_KEY}":
            return _json(403, {"error": {"code": "forbidden", "message": "api_key required"}})
        return _forwarded(method, f"{live.base_url}{where}", body)

    with answering(gateway) as url:
        given = f"{url}/connector/v1?api_key={SECRET_KEY}"
        probe(given)
        connector = start_connector(HttpConnectorFactory(given), context)
        try:
            assert connector.transactions() == []
        finally:
            connector.close()
    assert all(path.endswith(f"?api_key={SECRET_KEY}") for path in seen), seen


def test_a_served_reference_connector_needs_its_own_server_s_simulators(live: LiveTransport, tmp_path: Path) -> None:
    """``refundsim serve``'s reference connector (``http://host:port/connector/v1``) keeps its accounts
    as that server's tenants: certified against other simulators (the harness's own, without
    --base-url) every scenario would fail on "No tenant". Refused before any scenario, naming the
    --base-url to give; with it, the run goes on (here: to collecting)."""
    url = f"{live.base_url}/connector/v1"
    common = ["-p", "no:cacheprovider", f"--alluredir={tmp_path / 'results'}",
              f"--certification-report={tmp_path / 'certification.json'}"]
    refused = subprocess.run([sys.executable, "-m", "pytest", "features/", f"--connector-url={url}", *common],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 4, refused.stdout[-2000:] + refused.stderr[-2000:]
    assert (f"--connector-url: {url} is the reference connector of the simulators at {live.base_url}, whose accounts "
            f"are that server's tenants: give --base-url {live.base_url}") in refused.stderr, refused.stderr[-2000:]
    for base in (live.base_url, live.base_url.replace("127.0.0.1", "localhost")):  # the server, by any name
        # One feature file is collecting enough (features/ collected 399 scenarios, twice).
        taken = subprocess.run([sys.executable, "-m", "pytest", "features/refund_actions.feature", "--collect-only", "-q",
                                f"--base-url={base}",
                                f"--connector-url={url}", *common], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert taken.returncode == 0, taken.stdout[-2000:] + taken.stderr[-2000:]


@pytest.mark.parametrize("given, expected", [
    (_endless, r"answered 200 but sent more than 16 MiB; the connector API answers this call at once"),
    (_trickled, r"answered 200 but its answer was not whole within 0.5 s \(--connector-timeout\)"),
    (_http("200 OK", b"[" * 100_000 + b"]" * 100_000), r"answered 200 application/json \[\[\[.*: not the connector API"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}", r"answered 200 but its answer broke off: the body stopped after 2 bytes of the 100"),
])
def test_the_up_front_check_reads_an_answer_as_the_calls_do(given: Raw, expected: str) -> None:
    """An answer without end, one that trickles, one nested too deep, one cut short: the check
    refused with a usage error saying what came, where it read the endless one into memory, waited
    for the trickle, and met the deep one as a RecursionError (pytest's internal error)."""
    with raw_connector({("GET", "transactions"): given}) as url:
        started = time.monotonic()
        with pytest.raises(ValueError, match=expected):
            probe(url, timeout=0.5)
        assert time.monotonic() - started < 5


def test_a_connector_over_https_is_trusted_as_requests_ca_bundle_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--connector-url https://...`` with a certificate of the implementer's own CA: the check said
    "nothing answers ... start the connector first", and nothing could make the harness trust the
    CA (its sessions do not read the environment, so REQUESTS_CA_BUNDLE was ignored)."""
    from tests.woocommerce.conftest import TlsServer

    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    server = TlsServer()
    server.start()
    try:
        url = f"{server.base_url}/connector/v1"
        with pytest.raises(ValueError, match=r"transactions: the TLS handshake with 127.0.0.1:\d+ failed: its certificate is not trusted "
                                             r"\(unable to get local issuer certificate\): "
                                             r"the harness trusts the certificate authorities of "
                                             r"requests \(certifi's\), or instead those of the bundle REQUESTS_CA_BUNDLE names"):
            probe(url, timeout=5)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", server.ca_path)
        probe(url, timeout=5)  # the connector API, trusted
        assert connector_session(None).verify == server.ca_path  # every call of the run, as the check
    finally:
        server.stop()


_DOCS_QUOTING_DEFECTS = [ROOT / "README.md", ROOT / "examples" / "node-connector" / "README.md"]


@pytest.mark.parametrize("doc", _DOCS_QUOTING_DEFECTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_defects_the_readmes_quote_are_what_the_harness_says(stub: Stub, context: ConnectorContext, doc: Path) -> None:
    """An implementer reads what a broken answer will say in the READMEs: each quoted defect ("…"
    standing for what varies) is what the harness says of a Post answered 500, and of one answered
    with status 'Done'. The Node example's said "to answer 200, 404 …", though postTransaction
    lists 400 too."""
    connector = drive(stub, context)
    said = {}
    for kind, answer in (("Connector raised", _json(500, {"error": "boom"})),
                         ("Record differs", _json(200, {**_ONE, "status": "Done"}))):
        stub.broken[("POST", "transactions/OT-00001/post")] = answer
        with pytest.raises(ConnectorDefect) as failed:
            connector.post("OT-00001")
        said[kind] = str(failed.value)
    text = " ".join(doc.read_text(encoding="utf-8").split())
    # Quoted in "..." or, when the quote holds double quotes itself (JSON's "Done"), in “...”.
    quotes = [plain or curly for plain, curly in
              re.findall(r'"((?:Connector raised|Record differs): [^"]*)"|“((?:Connector raised|Record differs): [^”]*)”', text)]
    assert {quote.split(":")[0] for quote in quotes} == set(said), quotes
    for quote in quotes:
        pattern = ".*".join(re.escape(part) for part in quote.replace("...", "…").split("…"))
        assert re.fullmatch(pattern, said[quote.split(":")[0]]), (quote, said[quote.split(":")[0]])


@pytest.mark.parametrize("answer", [_json(400, {"error": {"code": "invalid_setting", "message": "no", "field": "storefront"}}),
                                    _json(500, {"error": "boom"})], ids=["refused", "broken"])
def test_an_account_not_set_up_leaves_no_connection_open(stub: Stub, context: ConnectorContext,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         answer: tuple[int, bytes, str]) -> None:
    """The settings scenarios set up accounts the connector must refuse, over and over: each left
    its session's kept-alive connection to the connector open until the garbage collector came."""
    import harness.http_connector as http_connector

    made: list[requests.Session] = []
    original = http_connector.connector_session

    def recorded(token: str | None) -> requests.Session:
        made.append(original(token))
        return made[-1]

    closed: list[requests.Session] = []
    monkeypatch.setattr(http_connector, "connector_session", recorded)
    monkeypatch.setattr(requests.Session, "close", lambda self: closed.append(self))
    stub.broken[("PUT", "")] = answer
    with pytest.raises((ValueError, ConnectorDefect)):
        HttpConnectorFactory(stub.url, timeout=10)(context)
    assert made and all(session in closed for session in made)


def test_the_readme_names_every_variable_that_gives_a_connector_option() -> None:
    """README's "Plugging in your connector" is where an implementer learns how to name their
    connector to the harness: each environment variable the plugin reads for a ``--connector*``
    option is named there (REFUNDSIM_CONNECTOR_URL was not: only the option's --help said it)."""
    plugin = (ROOT / "harness" / "plugin.py").read_text(encoding="utf-8")
    variables = set(re.findall(r'addoption\("--connector[\w-]*", default=os\.environ\.get\("(\w+)"\)', plugin))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Plugging in your connector", 1)[1].split("\n## ", 1)[0]
    assert variables >= {"REFUNDSIM_CONNECTOR", "REFUNDSIM_CONNECTOR_URL", "REFUNDSIM_CONNECTOR_TOKEN"}, variables
    assert not [name for name in variables if f"`{name}`" not in section], variables


def test_where_an_answer_breaks_the_document_is_quoted_short(stub: Stub, context: ConnectorContext) -> None:
    """The first place an answer breaks its schema is said with the value found there: a large one
    (a list written as one long text) made the message, and the report, as long as the answer."""
    stub.broken[("GET", "transactions")] = _json(200, {"transactions": "OT-00001," * 50_000})
    connector = drive(stub, context)
    with pytest.raises(ConnectorDefect) as failed:
        connector.transactions()
    message = str(failed.value)
    assert '... (450002 characters) is not of type "array"' in message and len(message) < 3 * QUOTED, len(message)


def test_a_set_up_refused_for_what_is_not_a_setting_is_not_said_to_be_settings(stub: Stub, context: ConnectorContext) -> None:
    """createAccount carries more than settings: a connector that refuses the set-up for one of its
    credential blocks was told "expected ... to save the settings" and filed under Settings differ."""
    stub.broken[("PUT", "")] = _refusal("invalid_request", "Unknown field credentials.magento.", "credentials.magento")
    with pytest.raises(ConnectorDefect, match=r"^Connector raised: expected the connector's set-up of the account to take "
                                              r"the request the connector API's createAccount describes \(the harness "
                                              r"sent \{\"settings\": .*\), it refused it with error code "
                                              r"\"invalid_request\" \(settings it refuses are 400 \"invalid_setting\"\): "
                                              r"PUT "):
        drive(stub, context)



#: What no message to an implementer holds: Python's exception class names, errno text, OpenSSL's
#: source location, urllib3's reprs (``IncompleteRead(2 bytes read, ...)``).
_PYTHON_TEXT = re.compile(r"[A-Z]\w*(Error|Exception|Disconnected|Line)\b|Errno|_ssl\.c|IncompleteRead|gaierror")


@contextmanager
def _failing(how: str) -> Iterator[str]:
    """A connector URL whose connection fails as ``how`` says; the set-up of its account, when it
    gets that far, is answered (:func:`raw_connector`), its listing fails."""
    if how == "refused":
        with socket.socket() as held:  # nothing listens: the port held, so no other test's server takes it
            held.bind(("127.0.0.1", 0))
            yield f"http://127.0.0.1:{held.getsockname()[1]}/connector/v1"
    elif how == "dns":
        yield "http://no-such-host.invalid/connector/v1"
    elif how == "plain to TLS":  # a server of plain HTTP, given as https://: it answers the handshake with HTTP
        with answering(lambda method, path, headers, body: (200, b"{}", "application/json")) as url:
            yield url.replace("http://", "https://")
    else:
        given = {"closed": b"", "not HTTP": b"garbage\r\n\r\n", "cut short":
                 b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}",
                 "not gzip": _http("200 OK", b"not gzip", "Content-Type: application/json\r\nContent-Encoding: gzip\r\n"),
                 }.get(how, b"")
        with raw_connector({("GET", "transactions"): given}) as url:
            yield url


@pytest.mark.parametrize("how, expected", [
    ("refused", r"nothing listens at {hostport}: connection refused"),
    ("dns", r"the host no-such-host\.invalid is not known \(DNS: "),
    ("closed", r"{hostport} closed the connection without answering"),
    ("not HTTP", r"{hostport} answered something that is not HTTP \(it began 'garbage'\)"),
    ("plain to TLS", r"the TLS handshake with {hostport} failed: wrong version number"),
    ("cut short", r"the body stopped after 2 bytes of the 100 its Content-Length says"),
    ("not gzip", r"its body is not gzip, as its Content-Encoding says \(incorrect header check\)"),
])
def test_a_connection_that_fails_is_said_in_words_not_python_s(how: str, expected: str,
                                                              context: ConnectorContext) -> None:
    """``--connector-url`` that nothing answers: the refusal quoted Python's exception,
    "(ConnectionRefusedError: [Errno 111] Connection refused)". Now it says what happened in the
    words of the network, with the URL: as the up-front check says it, and as a call of a scenario."""
    with _failing(how) as url:
        hostport = re.escape(urlsplit(url).netloc)
        with pytest.raises(ValueError) as refused:
            probe(url, timeout=5)
        with pytest.raises(ConnectorDefect) as failed:
            start_connector(HttpConnectorFactory(url, timeout=5), context).transactions()
    for message in (str(refused.value), str(failed.value)):
        assert re.search(expected.format(hostport=hostport), message), message
        assert not _PYTHON_TEXT.search(message), message
        assert urlsplit(url).netloc in message, message


@pytest.mark.parametrize("transactions, said", [
    ([{**_ONE, "target_record": True}], '$.transactions[0].target_record: true is not of type "string"'),
    ([{**_ONE, "target_record": None}], '$.transactions[0].target_record: null is not of type "string"'),
    ([{k: v for k, v in _ONE.items() if k not in ("status", "currency")}],
     '$.transactions[0]: "currency" and "status" are required properties'),
    ([{**_ONE, "amount": "12.5"}], r'$.transactions[0].amount: "12.5" does not match "^[0-9]+\\.[0-9]{2}$"'),
    ([{**_ONE, "id": 'OT-"1"'}], r'$.transactions[0].id: "OT-\"1\"" does not match "^[A-Za-z0-9._~-]+$"'),
    ([{**_ONE, "id": ".."}], '$.transactions[0].id: ".." should not be valid under {"enum": [".", ".."]}'),
    ({"OT-00001": _ONE}, '$.transactions: {"OT-00001": {'),
    ([{**_ONE, "status": "Done"}], '$.transactions[0].status: "Done" is not one of ["Retrieved", "Posted", "Error", '
                                   '"Canceled"]'),
])
def test_an_answer_off_the_schema_is_said_in_json_not_python(context: ConnectorContext, transactions: Any,
                                                             said: str) -> None:
    """Where an answer breaks the document, the value found is written as the connector wrote it
    (JSON: true, null, "text"), not as Python prints it (True, None, 'text')."""
    with raw_connector({("GET", "transactions"): _http("200 OK", json.dumps({"transactions": transactions}).encode())}) as url:
        connector = start_connector(HttpConnectorFactory(url, timeout=10), context)
        with pytest.raises(ConnectorDefect) as failed:
            connector.transactions()
    assert said in str(failed.value), failed.value
    assert "True" not in str(failed.value) and "None" not in str(failed.value), failed.value
