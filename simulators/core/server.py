"""The server the simulators answer from over a socket: waitress, for ``python -m simulators
serve`` and the harness's live transport alike, with one difference from waitress as it ships.

**A response that has no body keeps the connection open.** waitress closes an HTTP/1.1 connection
after every response without a ``Content-Length``, and a 204 No Content or a 304 may not carry one
(RFC 9110 §8.6): so every NetSuite create, update, delete and ``!transform`` (204 and a
``Location``) and every ``DELETE /_sim/tenants/...`` answered ``Connection: close`` and cost the
client a new connection. An HTTP/1.1 server keeps a connection open unless one side asks to close it
(RFC 9112 §9.3), and the vendors' servers do; so here a bodiless answer closes the connection only
where waitress would close any other: the client sent ``Connection: close``, spoke HTTP/1.0, or
the request could not be parsed. Everything else is waitress's own.
"""

from __future__ import annotations

from typing import Any

import waitress
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer
from waitress.task import WSGITask


class _BodilessAnswerKeepsAlive(WSGITask):
    def set_close_on_finish(self) -> None:
        if (self.version == "1.1" and not self.has_body and self.request.error is None
                and self.request.headers.get("CONNECTION", "").lower() != "close"):
            return  # asked for only because there is no Content-Length, which a 204 or 304 cannot have
        super().set_close_on_finish()


class _Channel(HTTPChannel):
    task_class = _BodilessAnswerKeepsAlive


def create_server(app: Any, **options: Any) -> Any:
    """``waitress.create_server(app, **options)``, its connections answering as described above."""
    server = waitress.create_server(app, **options)
    for listener in server.map.values() if isinstance(server, MultiSocketServer) else (server,):
        listener.channel_class = _Channel  # each accepted connection's channel is made from it
    return server
