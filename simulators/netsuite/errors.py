"""NetSuite REST errors, shaped as SuiteTalk returns them:

``{"type": <RFC 7231 link>, "title", "status", "o:errorDetails": [{"detail", "o:errorCode",
"o:errorPath"?}]}`` — see DOMAIN.md §2.
"""

from __future__ import annotations

from typing import Any

from simulators.core.errors import SimulatorError

from .schemas import ASYNC_ROOT

_TYPES = {
    400: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
    401: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2",
    404: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5",
    405: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6",
    406: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.7",
    409: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.10",
    415: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.16",
    429: "https://www.rfc-editor.org/rfc/rfc6585.html#section-4",
    500: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1",
    502: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.3",
    503: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4",
    504: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.5",
}
_TITLES = {
    400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
    406: "Not Acceptable", 409: "Conflict", 415: "Unsupported Media Type", 429: "Too Many Requests",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}


class NetSuiteError(SimulatorError):
    """Base: one ``o:errorDetails`` entry with ``code`` and optional ``path``."""

    code = "USER_ERROR"

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def body(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"detail": self.message, "o:errorCode": self.code}
        if self.path:
            detail["o:errorPath"] = self.path
        return {
            "type": _TYPES.get(self.status, _TYPES[400]),
            "title": _TITLES.get(self.status, "Error"),
            "status": self.status,
            "o:errorDetails": [detail],
        }


class UserError(NetSuiteError):
    """A business rule refused the request (e.g. refunding more than remains)."""

    code = "USER_ERROR"


class InvalidContent(NetSuiteError):
    """The body is not valid JSON or not the shape of the record."""

    code = "INVALID_CONTENT"


class InvalidKeyOrRef(NetSuiteError):
    """A reference field names a record that does not exist."""

    code = "INVALID_KEY_OR_REF"


class NonexistentId(NetSuiteError):
    """The record addressed in the URL does not exist."""

    status = 404
    code = "NONEXISTENT_ID"


class InvalidRecordType(NetSuiteError):
    """The URL names a record type the REST API does not expose."""

    status = 404
    code = "INVALID_RECORD_TYPE"


class InvalidTransform(NetSuiteError):
    """The record cannot be transformed into the requested type (or not in its state)."""

    code = "INVALID_TRANSFORM"


class NotFound(NetSuiteError):
    """No such REST resource."""

    status = 404
    code = "NONEXISTENT_PATH"


class MethodNotAllowed(NetSuiteError):
    status = 405
    code = "METHOD_NOT_ALLOWED"


class InternalError(NetSuiteError):
    status = 500
    code = "UNEXPECTED_ERROR"


class InvalidParameter(NetSuiteError):
    """A query parameter (``q``, ``limit``, a SuiteQL statement) this API refuses."""

    code = "INVALID_PARAMETER"


class InvalidHeader(NetSuiteError):
    """A required header is missing or has a wrong value (SuiteQL without ``Prefer: transient``)."""

    code = "INVALID_HEADER"


class ConcurrencyLimitExceeded(NetSuiteError):
    """429: more requests in flight for the account than its concurrency limit allows.
    The REST body is not documented by Oracle; this one is the simulator's (FIDELITY.md)."""

    status = 429
    code = "CONCURRENCY_LIMIT_EXCEEDED"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"Concurrent request limit exceeded. Request blocked. The account allows {limit} "
            "concurrent web services and RESTlet requests."
        )
        self.reason = f"concurrency limit {limit} exceeded"


class IdempotencyConflict(NetSuiteError):
    """An asynchronous request repeats the ``X-NetSuite-Idempotency-Key`` of a job already submitted:
    400 with the title "Conflict", ``Location`` naming that job (Oracle, "Sending an Asynchronous
    Request Using an Idempotency Key")."""

    code = "IDEMPOTENCY_ERROR"

    def __init__(self, job_id: int) -> None:
        super().__init__("A request with the same idempotency key is already submitted. See the \"Location\" "
                         "header for a link to the previously submitted job")
        self.job_id = job_id
        self.reason = f"idempotency key of job {job_id}"

    def body(self) -> dict[str, Any]:
        return {**super().body(), "type": _TYPES[409], "title": "Conflict"}

    def headers(self) -> dict[str, str]:
        from flask import request  # the job's URL as the client called the API

        return {"Location": f"{request.scheme}://{request.host}{ASYNC_ROOT}/job/{self.job_id}",
                "Preference-Applied": "respond-async"}


class StatusError(NetSuiteError):
    """Any other HTTP status in NetSuite's shape (used by armed faults: 429, 5xx)."""

    CODES = {429: "CONCURRENCY_LIMIT_EXCEEDED", 500: "UNEXPECTED_ERROR", 502: "UNEXPECTED_ERROR",
             503: "SERVICE_UNAVAILABLE", 504: "UNEXPECTED_ERROR"}

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = self.CODES.get(status, "UNEXPECTED_ERROR")


class InvalidLogin(NetSuiteError):
    """Authentication failed: 401 with ``WWW-Authenticate`` naming the realm."""

    status = 401
    code = "INVALID_LOGIN"

    def __init__(self, reason: str, realm: str = "", scheme: str = "OAuth") -> None:
        super().__init__(
            "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI "
            "at Setup > Users/Roles > User Management > View Login Audit Trail."
        )
        #: Why the login failed; kept for the journal, never sent (NetSuite does not say why).
        self.reason = reason
        self.realm = realm
        self.scheme = scheme

    def headers(self) -> dict[str, str]:
        error = "token_rejected" if self.scheme == "OAuth" else "invalid_token"
        # The realm echoes what the client sent: a quoted-string (RFC 9110 §5.6.4) escapes '\' and
        # '"', or a realm ending in '\' would swallow the closing quote and break the challenge.
        realm = self.realm.replace("\\", "\\\\").replace('"', '\\"')
        return {
            "WWW-Authenticate": (
                f'{self.scheme} realm="{realm}", error="{error}", '
                'error_description="Invalid login attempt."'
            )
        }
