"""One implementation, three transports: the scenarios make the same calls whichever serves them.

- :class:`InProcessTransport`: every ``requests`` call to :data:`INPROCESS_BASE_URL` is intercepted
  (at ``requests``' transport adapter) and handed to the Flask app as a WSGI call — no socket. The ``.invalid`` host can
  never resolve, so a request that escapes interception fails loudly instead of leaving the machine.
- :class:`LiveTransport`: the same app served by waitress on loopback (port chosen by the OS).
- :class:`RemoteTransport`: a server the harness did not start (``python -m simulators serve``
  elsewhere, ``--base-url``), with its admin token when it requires one (``--admin-token``);
  live in every other respect.

Armed faults (:mod:`simulators.core.faults`) reach the client as they would from a real server:
in-process, a response the app marked ``drop`` raises ``requests.exceptions.ConnectionError``, one
marked ``timeout`` raises ``ReadTimeout``, and a ``latency`` longer than the read timeout the caller
passed to ``requests`` raises ``ReadTimeout`` (shorter latency returns at once: nothing sleeps);
live, waitress closes the connection without a byte (the app's ``FaultRealiser``) and really waits
out latency and timeouts. The private mark never reaches the caller.
"""

from __future__ import annotations

import shlex
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from flask import Flask
from freezegun import freeze_time
from requests.adapters import HTTPAdapter
from waitress import wasyncore

from harness.connector import masked_url
from simulators.clients.base import new_session
from simulators.core.admin import ENV as ADMIN_TOKEN_ENV
from simulators.core.inprocess import WsgiDispatcher
from simulators.core.server import create_server

INPROCESS_BASE_URL = "http://refundsim.invalid"
#: In-process, every scenario starts at this instant (freezegun), so every timestamp replays.
SCENARIO_EPOCH = "2026-03-02T15:00:00+00:00"
#: Code that keeps real time while the process clock is frozen: Allure and pytest, so that the
#: durations in the report stay true; the verdict, so that it says when it was given; and the HTTP
#: connector's reading of an answer, whose ``--connector-timeout`` deadline never came on a frozen clock.
REAL_TIME_MODULES = ("allure", "allure_commons", "allure_pytest_bdd", "_pytest", "harness.certification",
                     "harness.http_connector")


class Transport(Protocol):
    base_url: str
    name: str
    #: What the control plane and the connector API of the server require (simulators/core/admin.py).
    admin_token: str | None

    def start(self) -> None: ...

    def stop(self) -> None: ...


class InProcessTransport:
    """Dispatch intercepted ``requests`` calls to the WSGI app in the calling thread.

    While started, ``requests``' one way out (``HTTPAdapter.send``, which every session, auth
    handler and client library built on ``requests`` goes through) is replaced: a call to
    :attr:`base_url` becomes a WSGI call to the app with an environ built the way a server builds
    it, and its answer a ``requests.Response`` (:class:`simulators.core.inprocess.WsgiDispatcher`);
    any other URL is refused with ``ConnectionError``, as ``responses`` (which this replaces:
    bench/README.md says why) refused what no mock matched.
    """

    name = "inprocess"
    admin_token: str | None = None  # the harness's own app: create_app() asks for none

    def __init__(self, app: Flask, base_url: str = INPROCESS_BASE_URL) -> None:
        self.app = app
        self.base_url = base_url
        self.dispatcher = WsgiDispatcher(app, base_url)
        self._original: Any = None

    def start(self) -> None:
        if self._original is not None:
            return
        self._original = HTTPAdapter.send
        base, dispatcher = self.base_url, self.dispatcher

        def send(adapter: HTTPAdapter, request: requests.PreparedRequest, stream: bool = False,
                 timeout: Any = None, verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
            url = request.url or ""
            if dispatcher.handles(url):
                return dispatcher.send(adapter, request, timeout)
            raise requests.exceptions.ConnectionError(
                f"Connection refused by the in-process transport: {request.method} {url} is not under {base}",
                request=request)

        HTTPAdapter.send = send  # type: ignore[method-assign,assignment]

    def stop(self) -> None:
        if self._original is not None:
            HTTPAdapter.send = self._original  # type: ignore[method-assign]
            self._original = None


class LiveTransport:
    """Serve the app with waitress on ``127.0.0.1`` in a background thread."""

    name = "live"
    admin_token: str | None = None  # the harness's own app, on loopback

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0, threads: int = 16) -> None:
        self.app = app  # served in this process: the harness reads its evidence straight from it
        # A look-ahead of 1 lets waitress notice a client that gave up while its request is held
        # (a timeout fault), so the held thread is freed as soon as the client is gone.
        self._server = create_server(app, host=host, port=port, threads=threads, channel_request_lookahead=1)
        self.base_url = f"http://{host}:{self._server.effective_port}"
        self._thread = threading.Thread(target=self._server.run, name="simulators-live", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        # Close every socket from inside the server's own loop, between two selects: closing them
        # from this thread races the loop's select() (EBADF in the server thread).
        server = self._server
        try:
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        except OSError:
            server.close()
        self._thread.join(timeout=5)
        server.task_dispatcher.shutdown()


class RemoteTransport:
    """Simulators served by a process the harness did not start, at ``base_url`` (``http(s)://host:port``);
    ``admin_token`` is sent to its control plane and connector API. Live in every respect (real
    HTTP, real time), so ``name`` is ``live``; starting and stopping it is the server owner's business.

    :raise ValueError: ``base_url`` is not an ``http`` or ``https`` URL with a host, or names a path.
    """

    name = "live"

    def __init__(self, base_url: str, admin_token: str | None = None) -> None:
        url = urlsplit(base_url.strip())
        if url.scheme not in ("http", "https") or not url.hostname or url.path.strip("/") or url.query:
            # As the option is written, quoted as a shell would retype it (as --connector-url's), not repr.
            raise ValueError(f"{shlex.quote(masked_url(base_url))} is not the base URL of a server: use http://host:port "
                             "(the URL refundsim serve, or python -m simulators serve, prints first)")
        if url.username is not None or url.password is not None:
            # requests sends a URL's user info as Basic authentication, in place of each vendor's own.
            raise ValueError(f"{shlex.quote(masked_url(base_url))} carries a user name or password: the vendors' "
                             "clients would send it as HTTP Basic authentication in place of each vendor's own "
                             "credentials. Give the server's address alone (http://host:port), and its admin token "
                             "with --admin-token")
        self.base_url = f"{url.scheme}://{url.netloc}"
        #: As messages show it: a password in the URL masked (harness.connector.masked_url).
        self.shown = masked_url(self.base_url)
        self.admin_token = admin_token

    def check(self) -> None:
        """Make sure the server answers and takes the token, so that a wrong URL or token is said
        once instead of failing every scenario.

        :raise ConnectionError: the server cannot be reached, is not the simulators, or refuses the token.
        """
        session = new_session(self.admin_token)
        try:
            # Two calls: the health check is open to all (it proves the server is there), the
            # control plane's index is not (it proves the token, or that none is needed).
            for path in ("/_sim/health", "/_sim/"):
                response = session.get(f"{self.base_url}{path}", timeout=10)
                if response.status_code == 401:
                    given = "the admin token given is not the server's" if self.admin_token else \
                        f"it requires an admin token: pass --admin-token or set {ADMIN_TOKEN_ENV}"
                    raise ConnectionError(f"the simulators at {self.shown} refused the harness: {given}")
                if response.status_code != 200:
                    raise ConnectionError(f"{self.shown}{path} answered {response.status_code}: "
                                          "is it 'python -m simulators serve'?")
        except requests.RequestException as exc:  # said in words, not urllib3's "HTTPConnectionPool(...): Max retries"
            from harness.http_connector import unanswered

            raise ConnectionError(f"cannot reach the simulators at {self.shown}: {unanswered(exc, self.base_url)}") from None
        finally:
            session.close()

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def make_transport(name: str, app: Flask) -> Transport:
    """The transport called ``name`` (``inprocess`` or ``live``).

    :raise ValueError: any other name.
    """
    if name == "inprocess":
        return InProcessTransport(app)
    if name == "live":
        return LiveTransport(app)
    raise ValueError(f"unknown transport {name!r}: use inprocess or live")


@contextmanager
def frozen_process_clock(transport: Transport) -> Iterator[Any]:
    """In-process, freeze the process clock at :data:`SCENARIO_EPOCH` and yield freezegun's clock
    (``move_to(SCENARIO_EPOCH)`` puts it back); live, yield ``None`` and leave time alone (the
    server's threads keep real time and the simulator clock shifts it per tenant)."""
    if transport.name != "inprocess":
        yield None
        return
    with freeze_time(SCENARIO_EPOCH, ignore=list(REAL_TIME_MODULES)) as clock:
        yield clock
