"""One implementation, two transports (DESIGN.md principle 3).

- :class:`InProcessTransport`: every ``requests`` call to :data:`INPROCESS_BASE_URL` is intercepted
  with ``responses`` and handed to the Flask app as a WSGI call — no socket. The ``.invalid`` host can
  never resolve, so a request that escapes interception fails loudly instead of leaving the machine.
- :class:`LiveTransport`: the same app served by waitress on loopback (port chosen by the OS).
"""

from __future__ import annotations

import re
import threading
from typing import Protocol
from urllib.parse import urlsplit

import requests
import responses
from flask import Flask
from waitress import create_server
from werkzeug.test import EnvironBuilder, run_wsgi_app

INPROCESS_BASE_URL = "http://refundsim.invalid"
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class Transport(Protocol):
    base_url: str
    name: str

    def start(self) -> None: ...

    def stop(self) -> None: ...


class InProcessTransport:
    """Dispatch intercepted ``requests`` calls to the WSGI app in the calling thread."""

    name = "inprocess"

    def __init__(self, app: Flask, base_url: str = INPROCESS_BASE_URL) -> None:
        self.app = app
        self.base_url = base_url
        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        pattern = re.compile(rf"^{re.escape(base_url)}(/.*)?$")
        for method in _METHODS:
            self._mock.add_callback(method, pattern, callback=self._dispatch)

    def start(self) -> None:
        self._mock.start()

    def stop(self) -> None:
        self._mock.stop()

    def _dispatch(self, prepared: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        url = urlsplit(prepared.url or "")
        body = prepared.body.encode() if isinstance(prepared.body, str) else (prepared.body or b"")
        environ = EnvironBuilder(
            path=url.path or "/",  # still percent-encoded: the builder decodes PATH_INFO itself
            base_url=f"{url.scheme}://{url.netloc}",
            query_string=url.query,
            method=prepared.method or "GET",
            # requests-oauthlib sets Authorization as bytes; a WSGI server sees latin-1 text.
            headers={k: v.decode("latin-1") if isinstance(v, bytes) else v for k, v in prepared.headers.items()},
            data=body,
        ).get_environ()
        app_iter, status, headers = run_wsgi_app(self.app, environ, buffered=True)
        content = b"".join(app_iter)
        return int(status.split(" ", 1)[0]), dict(headers), content


class LiveTransport:
    """Serve the app with waitress on ``127.0.0.1`` in a background thread."""

    name = "live"

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0, threads: int = 16) -> None:
        self._server = create_server(app, host=host, port=port, threads=threads)
        self.base_url = f"http://{host}:{self._server.effective_port}"
        self._thread = threading.Thread(target=self._server.run, name="simulators-live", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.close()
        self._thread.join(timeout=5)


def make_transport(name: str, app: Flask) -> Transport:
    """The transport called ``name`` (``inprocess`` or ``live``).

    :raise ValueError: any other name.
    """
    if name == "inprocess":
        return InProcessTransport(app)
    if name == "live":
        return LiveTransport(app)
    raise ValueError(f"unknown transport {name!r}: use inprocess or live")
