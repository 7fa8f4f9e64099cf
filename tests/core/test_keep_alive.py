"""A bodiless answer (204 No Content) keeps the client's HTTP/1.1 connection open, as an HTTP/1.1
server does unless one side asks to close it (simulators/core/server.py; waitress alone closes it):
a NetSuite create answers 204, and a connector's next request reuses the connection. It still closes
when the client asks, speaks HTTP/1.0, or sends what cannot be parsed."""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest

from harness.transports import LiveTransport
from simulators.clients import ControlPlaneClient


@pytest.fixture
def world(live: LiveTransport) -> dict[str, Any]:
    tenant = ControlPlaneClient(live.base_url).create_tenant(seed=7)
    url = urlsplit(live.base_url)
    return {"host": url.hostname, "port": url.port, "tenant": tenant["tenant"]}


def _clear_faults(connection: http.client.HTTPConnection, tenant: str, extra: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """``DELETE /_sim/tenants/<t>/faults`` (204) on ``connection``, read whole."""
    connection.request("DELETE", f"/_sim/tenants/{tenant}/faults", headers=extra or {})
    response = connection.getresponse()
    response.read()
    return response


def test_a_204_keeps_the_connection_and_the_next_request_uses_it(world: dict[str, Any]) -> None:
    connection = http.client.HTTPConnection(world["host"], world["port"], timeout=5)
    answered = _clear_faults(connection, world["tenant"])
    assert answered.status == 204 and answered.getheader("Connection") is None and not answered.will_close
    first = connection.sock
    connection.request("GET", f"/_sim/tenants/{world['tenant']}/clock")
    again = connection.getresponse()
    assert again.status == 200 and json.loads(again.read())["offset_seconds"] == 0
    assert connection.sock is first, "the client had to open a new connection"
    connection.close()


def test_a_204_still_closes_when_the_client_asks(world: dict[str, Any]) -> None:
    connection = http.client.HTTPConnection(world["host"], world["port"], timeout=5)
    answered = _clear_faults(connection, world["tenant"], {"Connection": "close"})
    assert answered.status == 204 and answered.getheader("Connection") == "close" and answered.will_close
    connection.close()


def test_an_http_1_0_request_is_answered_and_closed_as_waitress_does(world: dict[str, Any]) -> None:
    with socket.create_connection((world["host"], world["port"]), timeout=5) as raw:
        raw.sendall(f"DELETE /_sim/tenants/{world['tenant']}/faults HTTP/1.0\r\nHost: x\r\n\r\n".encode())
        answer = b""
        while chunk := raw.recv(4096):  # the server closes: recv returns b"" at the end
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 204") and b"Connection: close" in answer
