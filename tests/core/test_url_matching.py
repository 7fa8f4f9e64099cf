"""The simulators' app remembers what each URL matched (simulators/app.py's ``_RememberingMatcher``):
every route matches what werkzeug's own matcher matches, the first time and again, with view
arguments of its own each time; a 404 or a 405 is answered again as the first time. The URL adapter
it remembers per environ is Flask's."""

from __future__ import annotations

import pytest
from flask import Flask, Request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map

from simulators.app import create_app

PATHS = [
    ("GET", "/services/rest/record/v1/salesOrder/12"),
    ("GET", "/services/rest/record/v1/salesOrder/eid:SHOP-1001"),
    ("POST", "/services/rest/record/v1/customer"),
    ("GET", "/admin/api/2025-01/orders/5716208170134.json"),
    ("POST", "/admin/api/2025-01/graphql.json"),
    ("GET", "/sell/fulfillment/v1/order/12-34567-89012"),
    ("GET", "/_sim/tenants/t-1/journal"),
]


def test_every_match_is_werkzeugs_and_its_own() -> None:
    app = create_app()
    plain = Map([rule.empty() for rule in app.url_map.iter_rules()]).bind("refundsim.invalid")
    ours = app.url_map.bind("refundsim.invalid")
    for method, path in PATHS:
        expected = plain.match(path, method)
        first = ours.match(path, method)
        assert first == expected, path
        values = first[1]
        assert isinstance(values, dict)
        values.clear()  # a hook changing the request's view_args changes no later request's
        assert ours.match(path, method) == expected, path


@pytest.mark.parametrize(("method", "path", "error"), [("GET", "/no/such/path", NotFound),
                                                        ("DELETE", "/_sim/health", MethodNotAllowed)])
def test_a_miss_is_answered_every_time(method: str, path: str, error: type[Exception]) -> None:
    ours = create_app().url_map.bind("refundsim.invalid")
    for _ in range(2):
        with pytest.raises(error):
            ours.match(path, method)


#: Each differs from the first in one of the values an adapter is made of (or a value of it is unusual).
ENVIRONS: list[dict[str, str | None]] = [
    {},
    {"PATH_INFO": "/services/rest/record/v1/salesOrder/eid:SHOP-#1001\xc3\xa9"},
    {"QUERY_STRING": "expandSubResources=true"},
    {"REQUEST_METHOD": "POST"},
    {"HTTP_HOST": "Shop.Example:8080"},
    {"HTTP_HOST": "[::1]:443", "wsgi.url_scheme": "https"},
    {"wsgi.url_scheme": "https"},
    {"HTTP_HOST": None},
    {"HTTP_HOST": None, "SERVER_NAME": "10.0.0.1"},
    {"HTTP_HOST": None, "SERVER_PORT": "81"},
    {"SCRIPT_NAME": "/x"},
    {"HTTP_CONNECTION": "keep-alive, Upgrade", "HTTP_UPGRADE": "websocket"},
    {"HTTP_CONNECTION": "keep-alive, Upgrade", "HTTP_UPGRADE": "h2c"},
    {"HTTP_UPGRADE": "websocket"},
    {"PATH_INFO": "/no/such/path", "REQUEST_METHOD": "DELETE"},
]


def _environ(values: dict[str, str | None]) -> dict[str, object]:
    environ: dict[str, object] = {"REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "QUERY_STRING": "", "PATH_INFO": "/_sim/health",
                                  "SERVER_NAME": "refundsim.invalid", "SERVER_PORT": "80", "wsgi.url_scheme": "http",
                                  "HTTP_HOST": "refundsim.invalid", "wsgi.input": None}
    environ.update(values)
    return {key: value for key, value in environ.items() if value is not None}


ADAPTER_FIELDS = ("server_name", "script_name", "subdomain", "url_scheme", "path_info", "default_method", "query_args",
                  "websocket")


def test_a_remembered_url_adapter_is_flasks() -> None:
    """The adapter the app remembers for an environ is the one Flask binds for it, and the request's
    host is Flask's, the first time and again (and for an environ that differs in one value)."""
    app = create_app()
    for values in ENVIRONS:
        for _ in range(2):
            ours, plain = Request(_environ(values)), Request(_environ(values))
            adapter, expected = app.create_url_adapter(ours), Flask.create_url_adapter(app, plain)
            assert adapter is not None and expected is not None
            assert [getattr(adapter, name) for name in ADAPTER_FIELDS] == [getattr(expected, name) for name in ADAPTER_FIELDS]
            assert ours.host == plain.host
    assert len({id(app.create_url_adapter(Request(_environ(values)))) for values in ENVIRONS}) == len(ENVIRONS)
