"""Errors of the reference connector. Business failures never escape the protocol as exceptions:
they become a transaction's Error status and message (what the UI shows on hover)."""

from __future__ import annotations

from typing import Any

from simulators.core.errors import SimulatorError


class SyncError(Exception):
    """A business reason the connector cannot sync; the message is shown to the user as is."""


class SettingsError(ValueError):
    """Connector account settings that the connector refuses to save. ``field`` names the setting."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ConnectorApiError(SimulatorError):
    """An error of the reference connector's HTTP API: ``{"error": {"code", "message", "field"?}}``."""

    def __init__(self, message: str, status: int = 400, code: str = "invalid_request", field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.field = field

    def body(self) -> Any:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        return {"error": error}
