"""Shopify Admin REST errors as Shopify returns them (DOMAIN.md §3, FIDELITY.md):
422 ``{"errors": {"<field>": ["..."]}}``, 400 ``{"errors": {"<root>": "Required parameter missing or
invalid"}}``, 401, 404 and 429 ``{"errors": "<text>"}``. GraphQL answers its own errors in its body
(:mod:`.graphql`); these are only its transport-level errors."""

from __future__ import annotations

from typing import Any, Iterable

from simulators.core.errors import SimulatorError


class ShopifyError(SimulatorError):
    """Base: ``{"errors": <message>}``."""

    def body(self) -> Any:
        return {"errors": self.message}


class Unprocessable(ShopifyError):
    """422: a rule refused the request; ``field`` keys the message (``base`` when no field)."""

    status = 422

    def __init__(self, message: str, field: str = "base") -> None:
        super().__init__(message)
        self.field = field

    def body(self) -> Any:
        return {"errors": {self.field: [self.message]}}


class BadRequest(ShopifyError):
    """400: the body is not JSON or lacks the required root (``{"errors": {"order": "Required parameter missing or invalid"}}``)."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    def body(self) -> Any:
        return {"errors": {self.field: self.message} if self.field else self.message}


class Unauthorized(ShopifyError):
    status = 401

    def __init__(self) -> None:
        super().__init__("[API] Invalid API key or access token (unrecognized login or wrong password)")


class NotFound(ShopifyError):
    status = 404

    def __init__(self) -> None:
        super().__init__("Not Found")


class MethodNotAllowed(ShopifyError):
    """405: the path is a route, the method is not one of its; ``Allow`` names the route's methods
    (RFC 9110 §15.5.6: a 405 "MUST generate an Allow header field")."""

    status = 405

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        super().__init__("Method Not Allowed")
        self.allowed = sorted(set(allowed))

    def headers(self) -> dict[str, str]:
        return {"Allow": ", ".join(self.allowed)}


class InternalError(ShopifyError):
    status = 500


class TooManyRequests(ShopifyError):
    """429: the shop's leaky bucket is full (:mod:`.ratelimit`)."""

    status = 429

    def __init__(self, leak_rate: float, retry_after: float) -> None:
        rate = int(leak_rate) if float(leak_rate).is_integer() else leak_rate
        super().__init__(f"Exceeded {rate} calls per second for api client. "
                         "Reduce request rates to resume uninterrupted service.")
        self.retry_after = retry_after
        self.reason = "rate limited: the shop's API call bucket is full"

    def headers(self) -> dict[str, str]:
        return {"Retry-After": f"{self.retry_after:.1f}"}


class IdempotencyMismatch(ShopifyError):
    """An ``@idempotent`` key reused with other parameters (a GraphQL user error, never an HTTP one)."""

    status = 422

    def __init__(self) -> None:
        super().__init__("The same idempotency key cannot be used with different operation parameters.")
