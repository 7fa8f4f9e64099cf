"""What the harness knows of a scenario's time and traffic, to check the connector's waiting and
its requests exactly.

- :class:`Timeline`: the tenant's simulator clock moves when the scenario says time passes (the
  harness), when eBay settles a refund in a Given step (the harness), and when the connector waits
  (backoff, Retry-After, NetSuite's jobs) — so the connector's waiting is what the clock moved during
  the steps that drive it, less what the harness moved there.
- :class:`ScenarioJournal`: the tenant's journal as the steps see it — which exchanges happened
  during the When steps (what the connector under test did: the harness only drives it there) and
  which during the Given and Then steps (the harness setting up and checking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol


class Timeline:
    """The scenario's simulator clock, and who moved it: harness/reporting.py marks the start and
    end of every step that drives the connector with the clock's offset it read with the step's
    evidence, so the connector's waiting is what the clock moved during those steps less what the
    harness moved in them ("When 90 minutes pass"). The clock is moved where the evidence is read
    (the app in this process, or the control plane)."""

    def __init__(self, tenant: str, source: JournalSource) -> None:
        self.tenant = tenant
        self.source = source
        self.moved_by_harness = 0.0
        self.waited = 0.0
        self._mark: tuple[float, float] | None = None

    def advance(self, seconds: float) -> None:
        """Time passes because the scenario says so (not the connector's waiting)."""
        self.source.advance_clock(self.tenant, seconds)
        self.moved_by_harness += seconds

    def connector_step_started(self, clock_offset: float) -> None:
        """A step that drives the connector starts; ``clock_offset``: how far the clock had moved then."""
        self._mark = (clock_offset, self.moved_by_harness)

    def connector_step_ended(self, clock_offset: float) -> None:
        """That step ended (or any step did: only a started one counts), the clock moved ``clock_offset`` in all."""
        if self._mark is None:
            return
        offset, harness = self._mark
        self.waited += (clock_offset - offset) - (self.moved_by_harness - harness)
        self._mark = None

    def connector_waited(self) -> float:
        """How long the connector waited on the simulator clock in all during the steps that drive
        it (backoff, Retry-After, polling NetSuite's jobs), in seconds."""
        return self.waited


class JournalSource(Protocol):
    """Where the harness reads a tenant's journal, records and clock, and moves its clock:
    :class:`~simulators.clients.ControlPlaneClient`, or :class:`~harness.evidence.DirectEvidence`
    for an app in this process."""

    def evidence(self, tenant: str, since: int = 0, records: bool = False) -> dict[str, Any]: ...

    def clock(self, tenant: str) -> str: ...

    def advance_clock(self, tenant: str, seconds: float) -> str: ...


@dataclass(frozen=True)
class StepEvidence:
    """One read of a tenant's evidence: the exchanges since the last read, how far the clock has
    been moved (seconds), and the records at a glance when they were asked for."""

    entries: list[dict[str, Any]]
    clock_offset: float
    records: dict[str, Any] | None


class ScenarioJournal:
    """The tenant's request journal, read step by step (harness/reporting.py reads it after every
    step to attach each step's exchanges, and marks those of When steps as the connector's)."""

    def __init__(self, source: JournalSource, tenant: str) -> None:
        self.source = source
        self.tenant = tenant
        self.seen = 0
        self.connector: list[dict[str, Any]] = []

    def read_new(self, *, by_connector: bool, records: bool = False) -> StepEvidence:
        """The exchanges since the last read, with the clock and (``records``) the records, in one
        read of the source; ``by_connector``: the exchanges happened during a When step."""
        read = self.source.evidence(self.tenant, since=self.seen, records=records)
        entries = read["entries"]
        if entries:
            self.seen = entries[-1]["seq"]
            if by_connector:
                self.connector.extend(entries)
        return StepEvidence(entries, read["clock"]["offset_seconds"], read.get("records"))

    def ignored_fields(self) -> list[str]:
        """Every write of the scenario, whoever made it, with the fields its vendor took and ignored,
        as ``"POST <url>: item.items[0].qty, total (read-only)"``, oldest first. One read of the
        whole journal, so a write run later (an async job) counts once it has run."""
        entries = self.source.evidence(self.tenant, since=0)["entries"]
        return [f"{e['method']} {e['url']}: {', '.join(e['ignored'])}" for e in entries if e.get("ignored")]

    def connector_requests(self, service: str, method: str | None = None, path: str | None = None) -> list[dict[str, Any]]:
        """The connector's requests to ``service`` (``method`` and ``path``, a regular expression
        matched against the URL's path, narrow them), oldest first."""
        pattern = re.compile(path) if path else None
        return [entry for entry in self.connector
                if entry["service"] == service and (method is None or entry["method"] == method)
                and (pattern is None or pattern.search(entry["url"].split("?", 1)[0]))]
