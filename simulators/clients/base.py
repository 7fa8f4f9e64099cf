"""The error every vendor client raises, and the check that raises it."""

from __future__ import annotations

from typing import Any

import requests

DEFAULT_TIMEOUT = 10.0

class VendorError(Exception):
    """A vendor API answered with an error status."""

    def __init__(self, service: str, response: requests.Response) -> None:
        self.service = service
        self.status = response.status_code
        self.headers = response.headers
        try:
            self.body: Any = response.json()
        except ValueError:
            self.body = response.text
        super().__init__(f"{service} {response.request.method} {response.url} -> {self.status}: {self.message}")

    @property
    def message(self) -> str:
        """The human message of the vendor's error body."""
        body = self.body
        if isinstance(body, dict):
            details = body.get("o:errorDetails")
            if details:
                return "; ".join(d.get("detail", "") for d in details)
            errors = body.get("errors")
            if isinstance(errors, dict):
                return "; ".join(f"{k}: {' '.join(v) if isinstance(v, list) else v}" for k, v in errors.items())
            if isinstance(errors, list):
                return "; ".join(str(e.get("message", e)) for e in errors)
            if errors:
                return str(errors)
        return str(body)


def _checked(service: str, response: requests.Response) -> requests.Response:
    if response.status_code >= 400:
        raise VendorError(service, response)
    return response


def new_session() -> requests.Session:
    """A session for talking to the simulators. It ignores proxy and netrc settings from the
    environment: the simulators are on loopback (or in-process), and reading the environment on
    every request costs more than the in-process request itself."""
    session = requests.Session()
    session.trust_env = False
    return session
