"""The simulator clock: one per tenant.

A tenant's time is the process clock plus an offset that only the control plane moves
(``POST /_sim/tenants/<tenant>/clock``). In-process runs freeze the process clock with freezegun, so
every timestamp a scenario sees is reproducible; live runs use the real clock. Refund processing,
token expiry, rate-limit refill and scheduled syncs all read :meth:`Clock.now`.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone


def process_now() -> datetime:
    """The unshifted process clock (freezegun controls it in-process)."""
    return datetime.now(timezone.utc)


class Clock:
    """A tenant's clock: process time plus an offset that only moves forward."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The tenant's current time, timezone-aware UTC."""
        return process_now() + self._offset

    def timestamp(self) -> float:
        """:meth:`now` as POSIX seconds."""
        return self.now().timestamp()

    @property
    def offset_seconds(self) -> float:
        return self._offset.total_seconds()

    def reading(self) -> dict[str, str | float]:
        """What the control plane answers of the clock: ``{"now": ISO-8601, "offset_seconds"}``."""
        return {"now": iso(self.now()), "offset_seconds": self.offset_seconds}

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward by ``seconds`` (>= 0) and return the new time.

        :raise ValueError: if ``seconds`` is negative (time never runs backwards for a tenant), or
            would move the clock past the year 9999 (the last a timestamp can show).
        """
        if seconds < 0:
            raise ValueError("advance_seconds must be zero or positive")
        with self._lock:
            try:
                step = timedelta(seconds=seconds)
                self.now() + step  # noqa: B018 - raises OverflowError past the year 9999
            except OverflowError:
                raise ValueError("advance_seconds would move the clock past the year 9999") from None
            self._offset += step
        return self.now()


def iso(moment: datetime) -> str:
    """ISO-8601 with seconds precision and a ``Z`` suffix for UTC, as the vendors print it: what
    ``moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()`` prints with ``Z`` for
    ``+00:00``, in one formatting (every answer and journal entry prints a few)."""
    utc = moment.astimezone(timezone.utc)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
