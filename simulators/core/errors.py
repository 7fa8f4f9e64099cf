"""The one error mechanism of every simulator.

A rule that refuses a request raises a :class:`SimulatorError` subclass from the service's
``errors`` module; the single handler installed by :func:`simulators.app.create_app` turns it into
the vendor's response. Models raise, routes never build error bodies by hand.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response


class SimulatorError(Exception):
    """Base of all vendor-shaped errors.

    Subclasses set ``status`` and implement :meth:`body`; :meth:`headers` adds vendor headers.
    """

    status: int = 400

    def __init__(self, message: str = "", **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def body(self) -> Any:
        return {"error": {"code": type(self).__name__, "message": self.message}}

    def headers(self) -> dict[str, str]:
        return {}

    def to_response(self) -> Response:
        response = Response(json.dumps(self.body()), status=self.status, mimetype="application/json")
        for name, value in self.headers().items():
            response.headers[name] = value
        return response


class ControlPlaneError(SimulatorError):
    """An error of the ``/_sim/`` control plane: ``{"error": {"code", "message"}}``."""

    def __init__(self, message: str, status: int = 400, code: str = "bad_request") -> None:
        super().__init__(message)
        self.status = status
        self.code = code

    def body(self) -> Any:
        return {"error": {"code": self.code, "message": self.message}}
