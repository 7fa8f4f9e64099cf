"""The in-process transport (harness/transports.py; its dispatch, simulators/core/inprocess.py)
takes its short ways to the long ways' results: its WSGI environ is the one built key by key from
the request (it copies the keys every request shares and remembers each header name's key), and its
answer's headers are the app's, a name sent twice folded into one as urllib3 folds it (it takes a
list without repeats as it is)."""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
import requests
from flask import Flask, Response

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
        environ, expected = transport.dispatcher.environ(prepared), _long_way(prepared)
        assert environ.pop("wsgi.input").read() == (prepared.body.encode() if isinstance(prepared.body, str)
                                                    else prepared.body or b"")
        assert environ == expected
        assert [key for key in environ if key.startswith("HTTP_")] == [key for key in expected if key.startswith("HTTP_")]


HEADER_LISTS = [
    [("X-Shopify-Shop-Api-Call-Limit", "1/40"), ("X-Shopify-API-Version", "2025-01")],
    [("Link", "<a>; rel=next"), ("X-A", "1"), ("link", "<b>; rel=previous"), ("X-A", "2"), ("x-a", "3")],
    [],
]


def _folded(header_list: list[tuple[str, str]]) -> dict[str, str]:
    """The long way: every header in turn, a name already there (any case) gets ", value" added."""
    folded = requests.structures.CaseInsensitiveDict[str]()
    for key, value in header_list:
        folded[key] = f"{folded[key]}, {value}" if key in folded else value
    return dict(folded.lower_items())


@pytest.mark.parametrize("header_list", HEADER_LISTS)
def test_the_answers_headers_are_the_apps_folded(header_list: list[tuple[str, str]]) -> None:
    app = Flask(__name__)
    app.add_url_rule("/h", "h", lambda: Response(b"{}", headers=header_list, content_type="application/json"))
    transport = InProcessTransport(app)
    transport.start()
    try:
        response = requests.get(INPROCESS_BASE_URL + "/h", timeout=5)
    finally:
        transport.stop()
    expected = _folded([*header_list, ("Content-Type", "application/json"), ("Content-Length", "2")])
    assert dict(response.headers.lower_items()) == expected
