"""The in-process transport's WSGI environ (harness/transports.py) is the one the long way builds:
every key worked out from the request, header by header (the transport copies the keys every
request shares and remembers each header name's key)."""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
import requests
from flask import Flask

from harness.transports import INPROCESS_BASE_URL, InProcessTransport
from simulators.core.faults import INPROCESS, TRANSPORT_KEY


def _long_way(request: requests.PreparedRequest) -> dict[str, Any]:
    target = (request.url or "")[len(INPROCESS_BASE_URL):].split("#", 1)[0] or "/"
    path, _, query = target.partition("?")
    body = request.body.encode() if isinstance(request.body, str) else request.body or b""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request.method, "SCRIPT_NAME": "", "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query, "REQUEST_URI": target, "RAW_URI": target, "SERVER_NAME": "refundsim.invalid",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_LENGTH": str(len(body)), "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": False,
        "wsgi.run_once": False, TRANSPORT_KEY: INPROCESS,
    }
    for name, value in request.headers.items():
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ[key] = text
        elif key != "CONTENT_LENGTH":
            environ["HTTP_" + key] = text
    environ.setdefault("HTTP_HOST", "refundsim.invalid")
    return environ


REQUESTS = [
    requests.Request("GET", INPROCESS_BASE_URL + "/services/rest/record/v1/salesOrder/1?expandSubResources=true",
                     headers={"Authorization": b"OAuth realm=\"1\"", "Prefer": "transient"}),
    requests.Request("GET", INPROCESS_BASE_URL + "/services/rest/record/v1/salesOrder/eid:SHOP-%231001%C3%A9#top"),
    requests.Request("POST", INPROCESS_BASE_URL + "/admin/api/2025-01/orders.json", json={"order": {"note": "é"}},
                     headers={"X-Shopify-Access-Token": "shpat", "x-custom-header": "1"}),
    requests.Request("PUT", INPROCESS_BASE_URL, data="a=1&b=2", headers={"Host": "elsewhere.invalid:8080"}),
    requests.Request("PATCH", INPROCESS_BASE_URL + "/x", data=b"raw", headers={"Content-Type": "text/plain"}),
]


@pytest.mark.parametrize("request_", REQUESTS)
def test_the_environ_is_the_long_ways(request_: requests.Request) -> None:
    transport = InProcessTransport(Flask(__name__))
    session = requests.Session()
    for _ in range(2):  # the second time with every header name's key remembered
        prepared = session.prepare_request(request_)
        environ, expected = transport.environ(prepared), _long_way(prepared)
        assert environ.pop("wsgi.input").read() == (prepared.body.encode() if isinstance(prepared.body, str)
                                                    else prepared.body or b"")
        assert environ == expected
        assert [key for key in environ if key.startswith("HTTP_")] == [key for key in expected if key.startswith("HTTP_")]
