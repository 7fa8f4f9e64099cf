"""Calls to the simulators' app without a socket: a ``requests`` call becomes a WSGI call.

:class:`WsgiDispatcher` answers a prepared request for its base URL with the app, building the
environ the way waitress builds it, and turns the app's answer into a ``requests.Response``. Two
users:

- the harness's in-process transport (harness/transports.py), for every call of a scenario;
- ``python -m simulators serve`` (:func:`answer_own_calls_in_process`), for the calls the served
  reference connector makes to the very server it runs in: they skip the loopback socket, as they
  would if the connector ran in-process, while every other call of that process leaves as usual.

Armed faults reach the caller as a real client would see them: a response the app marked ``drop``
raises ``requests.exceptions.ConnectionError``, one marked ``timeout`` raises ``ReadTimeout``, and
a ``latency`` longer than the read timeout the caller passed raises ``ReadTimeout`` (a shorter one
returns at once: nothing sleeps). The private mark never reaches the caller.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

import requests
from flask import Flask, has_app_context
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from .faults import FAULT_HEADER, INPROCESS, TRANSPORT_KEY


class WsgiDispatcher:
    """Answers ``requests``' prepared requests under ``base_url`` with ``app``, in the calling
    thread. Nothing is kept of a call once it is answered."""

    def __init__(self, app: Flask, base_url: str) -> None:
        self.app = app
        self.base_url = base_url
        self._prefix = base_url + "/"
        url = urlsplit(base_url)
        self._host = url.netloc
        self._fixed: dict[str, Any] = {
            "SCRIPT_NAME": "", "SERVER_NAME": url.hostname or "",
            "SERVER_PORT": str(url.port or (443 if url.scheme == "https" else 80)),
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.version": (1, 0), "wsgi.url_scheme": url.scheme,
            "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False, TRANSPORT_KEY: INPROCESS,
        }

    def handles(self, url: str) -> bool:
        """Whether ``url`` is under the base URL."""
        return url.startswith(self._prefix) or url == self.base_url

    def environ(self, request: requests.PreparedRequest) -> dict[str, Any]:
        """The WSGI environ a server would build for ``request`` (waitress's keys and decoding:
        ``PATH_INFO`` is the percent-decoded path as latin-1 text, ``REQUEST_URI`` the
        request-target as sent, query string included)."""
        target = (request.url or "")[len(self.base_url):].split("#", 1)[0] or "/"
        path, _, query = target.partition("?")
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif body is None:
            body = b""
        elif not isinstance(body, bytes):  # a file or an iterator of chunks
            body = body.read() if hasattr(body, "read") else b"".join(body)
        environ = self._fixed.copy()  # what every request shares: one copy, not a dict built key by key
        environ.update({
            "REQUEST_METHOD": request.method or "GET",
            "PATH_INFO": path if "%" not in path and path.isascii() else unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "REQUEST_URI": target,
            "RAW_URI": target,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": BytesIO(body),
            "wsgi.errors": sys.stderr,  # read per call: pytest swaps it while capturing
        })
        keys = _ENVIRON_KEYS
        for name, value in request.headers.items():
            # requests-oauthlib sets Authorization as bytes; a WSGI server sees latin-1 text.
            text = value.decode("latin-1") if isinstance(value, bytes) else value
            key = keys.get(name)
            if key is None:
                key = _environ_key(name)
            if key:
                environ[key] = text
        environ.setdefault("HTTP_HOST", self._host)
        return environ

    def send(self, adapter: HTTPAdapter, request: requests.PreparedRequest, timeout: Any) -> requests.Response:
        """The app's answer to ``request`` as ``requests`` gives a server's.

        :raise requests.exceptions.ConnectionError: the app dropped the connection (an armed fault).
        :raise requests.exceptions.ReadTimeout: the app held its answer past ``timeout`` (an armed fault).
        """
        environ = self.environ(request)
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started[:] = (status, headers)
            return _discard

        # A fresh app context when one is active (the served reference connector calling Shopify
        # while its own request is handled): the inner request must not share the outer one's
        # flask.g. Without one, the request context pushes its own.
        if has_app_context():
            with self.app.app_context():
                app_iter = self.app.wsgi_app(environ, start_response)
        else:
            app_iter = self.app.wsgi_app(environ, start_response)
        try:
            content = b"".join(app_iter)
        finally:
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()
        status, header_list = started
        if len({key.lower() for key, _ in header_list}) == len(header_list):  # no name twice: taken as they are
            headers: CaseInsensitiveDict[str] = CaseInsensitiveDict(header_list)
        else:
            headers = CaseInsensitiveDict()
            for key, value in header_list:
                if key in headers:  # repeated headers are folded, as urllib3 folds them
                    headers[key] = f"{headers[key]}, {value}"
                else:
                    headers[key] = value
        mark = headers.pop(FAULT_HEADER, None)
        if mark is not None:
            _realise(mark, request, timeout)
        response = requests.Response()
        response.status_code = int(status[:3])
        response.reason = status[4:]
        response.headers = headers
        response.encoding = get_encoding_from_headers(headers)
        response._content = content
        response._content_consumed = True  # type: ignore[attr-defined]
        response.url = request.url or ""
        response.request = request
        response.connection = adapter
        return response


def answer_own_calls_in_process(app: Flask, base_urls: Iterable[str]) -> Callable[[], None]:
    """From now on, in this process, a ``requests`` call under any of ``base_urls`` (the URLs this
    process's own server answers on) is answered by ``app`` without a socket; any other call goes
    out as before. Returns what puts ``requests`` back.

    ``serve`` installs it for the served reference connector, whose account names the server it
    runs in: its calls reach the same app, authentication, faults and journal either way, and the
    loopback round trip cost more than the call (bench/README.md). ``requests``' one way out,
    ``HTTPAdapter.send``, is where every session and auth handler meets, so that is what is wrapped.
    """
    dispatchers = [WsgiDispatcher(app, url.rstrip("/")) for url in dict.fromkeys(base_urls)]
    original = HTTPAdapter.send

    def send(adapter: HTTPAdapter, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        url = request.url or ""
        for dispatcher in dispatchers:
            if dispatcher.handles(url):
                return dispatcher.send(adapter, request, timeout)
        return original(adapter, request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies)

    HTTPAdapter.send = send  # type: ignore[method-assign,assignment]

    def restore() -> None:
        HTTPAdapter.send = original  # type: ignore[method-assign]
    return restore


#: Header name as sent → its WSGI environ key ("" for Content-Length, which the body's length gives),
#: worked out once per spelling: a client sends the same few names on every request.
_ENVIRON_KEYS: dict[str, str] = {}
_ENVIRON_KEYS_MAX = 1024


def _environ_key(name: str) -> str:
    """The environ key of header ``name`` as a WSGI server names it (``HTTP_`` + upper case, ``-`` as
    ``_``; ``CONTENT_TYPE`` without the prefix; ``""`` for ``Content-Length``), remembered."""
    key = name.upper().replace("-", "_")
    key = "" if key == "CONTENT_LENGTH" else key if key == "CONTENT_TYPE" else "HTTP_" + key
    if len(_ENVIRON_KEYS) < _ENVIRON_KEYS_MAX:
        _ENVIRON_KEYS[name] = key
    return key


def _discard(data: bytes) -> None:
    """The ``write`` callable of WSGI's start_response: nothing here writes through it."""


def _read_timeout(timeout: Any) -> float | None:
    """The read timeout of what the caller passed to ``requests`` (a number, or (connect, read))."""
    if isinstance(timeout, tuple):
        timeout = timeout[1]
    return float(timeout) if timeout is not None else None


def _realise(mark: str, prepared: requests.PreparedRequest, timeout: Any) -> None:
    """Raise what a real client would see for the fault ``mark``; return for harmless latency."""
    if mark == "drop":
        raise requests.exceptions.ConnectionError(
            f"('Connection aborted.', RemoteDisconnected('Remote end closed connection without response')) "
            f"[simulated fault on {prepared.method} {prepared.url}]", request=prepared)
    if mark == "timeout":
        raise requests.exceptions.ReadTimeout(
            f"Read timed out. [simulated fault on {prepared.method} {prepared.url}]", request=prepared)
    if mark.startswith("latency="):
        seconds = int(mark.split("=", 1)[1]) / 1000
        limit = _read_timeout(timeout)
        if limit is not None and seconds > limit:
            raise requests.exceptions.ReadTimeout(
                f"Read timed out. (read timeout={limit}) [simulated latency of {seconds:.3f} s on "
                f"{prepared.method} {prepared.url}]", request=prepared)
