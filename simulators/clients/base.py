"""The error every vendor client raises, and the check that raises it."""

from __future__ import annotations

from typing import Any

import requests

from simulators.core.journal import mask_given_url

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
        # The URL as a message may show it: a password in it, a credential in its query masked.
        super().__init__(f"{service} {response.request.method} {mask_given_url(response.url)} -> {self.status}: "
                         f"{self.message}")

    @property
    def refused(self) -> bool:
        """The vendor refused the request (a business answer, not a passing fault): a 4xx other
        than 429. Trying the same request again would only be refused again."""
        return self.status < 500 and self.status != 429

    @property
    def message(self) -> str:
        """The human message of the vendor's error body, whatever its shape: NetSuite's
        ``o:errorDetails``, Shopify's ``errors`` (text, list or field map), eBay's ``errors`` and
        Post-Order's ``errorMessage.error``; the body as text when it is none of these. Never
        raises: a malformed error body is itself something a test must be able to report."""
        body = self.body
        if isinstance(body, dict):
            errors = body.get("o:errorDetails") or body.get("errors")
            post_order = body.get("errorMessage")
            if not errors and isinstance(post_order, dict):
                errors = post_order.get("error")
            if isinstance(errors, dict):
                return "; ".join(f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in errors.items())
            if isinstance(errors, list) and errors:
                return "; ".join(_detail(e) for e in errors)
            if errors:
                return str(errors)
        return str(body)


def _detail(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("detail") or error.get("message") or error)
    return str(error)


def _checked(service: str, response: requests.Response) -> requests.Response:
    if response.status_code >= 400:
        raise VendorError(service, response)
    return response


def new_session(admin_token: str | None = None) -> requests.Session:
    """A session for talking to the simulators. It ignores proxy and netrc settings from the
    environment: the simulators are on loopback (or in-process), and reading the environment on
    every request costs more than the in-process request itself.

    ``admin_token``: the server's admin token, sent as ``Authorization: Bearer`` on every request
    (simulators/core/admin.py) — only for the control plane and the connector API: the vendor
    APIs take their own credentials in that header."""
    session = requests.Session()
    session.trust_env = False
    if admin_token:
        session.headers["Authorization"] = f"Bearer {admin_token}"
    return session
