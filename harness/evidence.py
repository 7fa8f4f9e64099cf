"""Evidence in the Allure report: each HTTP exchange of a step, attached to that step, and the
categories the report files failures under.

The simulators journal every vendor-API exchange of a tenant, whoever made it (the harness or the
connector under test), so the harness reads the journal after each step and attaches what is new.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote_plus
from typing import Any

import allure
import orjson

from simulators.control.snapshot import step_evidence
from simulators.core.clock import iso

#: orjson's two-space indent is json.dumps(indent=2)'s layout (UTF-8 kept as is, not \u-escaped);
#: datetimes and dataclasses go through ``default=str`` as they did with json.dumps.
_INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def pretty_json(value: Any) -> str:
    """``value`` as indented JSON (orjson: a run pretty-prints thousands of bodies and records, and
    the standard library's pure-Python indenting encoder was a tenth of a scenario's time); what
    orjson refuses (integers beyond 64 bits, NaN) goes through the standard library."""
    try:
        return orjson.dumps(value, default=str, option=_INDENTED).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, indent=2, default=str, ensure_ascii=False)


def _finite(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):
        raise _NotFinite
    return value


def _not_finite(text: str) -> float:
    raise _NotFinite


class _NotFinite(ValueError):
    """A body with NaN or an infinite number: orjson would print it as null."""


def _pretty(body: str) -> str:
    # Parsed by the standard library (its C scanner keeps integers of any size exactly), printed by
    # orjson; a body with NaN or Infinity is printed back by the standard library as it came.
    try:
        value = json.loads(body, parse_float=_finite, parse_constant=_not_finite)
    except _NotFinite:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body
    return pretty_json(value)


def _notes(entry: dict[str, Any]) -> str:
    """What the simulator said of an exchange: its note (a fault fired, why it was refused) and the
    fields of its body the vendor ignored (harness/reporting.py fails the scenario on those)."""
    ignored = entry.get("ignored") or []
    return "; ".join(filter(None, [entry.get("note", ""), f"fields ignored: {', '.join(ignored)}" if ignored else ""]))


def exchange_text(entry: dict[str, Any]) -> str:
    """One journal entry as a readable HTTP exchange (secrets already masked by the simulator)."""
    request_headers = "\n".join(f"{k}: {v}" for k, v in entry["request_headers"].items())
    response_headers = "\n".join(f"{k}: {v}" for k, v in entry["response_headers"].items())
    parts = [
        f"{entry['method']} {entry['url']}",
        request_headers,
        "",
        _pretty(entry["request_body"]) if entry["request_body"] else "(no body)",
        "",
        f"HTTP {entry['status']}  ({entry['at']}{', ' + _notes(entry) if _notes(entry) else ''})",
        response_headers,
        "",
        _pretty(entry["response_body"]) if entry["response_body"] else "(no body)",
    ]
    return "\n".join(parts)


def exchange_title(entry: dict[str, Any]) -> str:
    """``service: METHOD /path?query → status (note)``: one line that names an exchange (its query
    string too: a connector's search filter is what the reader looks for); the note says which
    fault fired or why the request was refused, when either happened, and the fields the vendor
    ignored."""
    path = unquote_plus(entry["url"].split("/", 3)[-1])
    note = f" ({_notes(entry)})" if _notes(entry) else ""
    return f"{entry['service']}: {entry['method']} /{path} → {entry['status']}{note}"


def attach_exchanges(entries: Sequence[dict[str, Any]]) -> None:
    """Attach a step's HTTP exchanges as one text: an index of their titles, then each in full.

    One attachment per step, not per exchange: every attachment is a file, and at one file per
    exchange (two thousand a run) creating them took a third of a run's time on ext4 right after
    the previous results were deleted. The name still shows the count, any status that is not a
    success and whether a fault fired, so they are seen without opening it.
    """
    if not entries:
        return
    if len(entries) == 1:
        allure.attach(exchange_text(entries[0]), name=exchange_title(entries[0]),
                      attachment_type=allure.attachment_type.TEXT)
        return
    titles = [exchange_title(entry) for entry in entries]
    unusual = sorted({str(entry["status"]) for entry in entries if not 200 <= entry["status"] < 300})
    flags = ([f"status {', '.join(unusual)}"] if unusual else []) + (
        ["a fault fired"] if any("fault" in entry.get("note", "") for entry in entries) else []) + (
        ["fields ignored"] if any(entry.get("ignored") for entry in entries) else [])
    index = "\n".join(f"{n}. {title}" for n, title in enumerate(titles, 1))
    sections = "\n\n".join(f"{'=' * 8} {n}. {title}\n{exchange_text(entry)}"
                            for n, (title, entry) in enumerate(zip(titles, entries, strict=True), 1))
    allure.attach(f"{index}\n\n{sections}",
                  name=f"HTTP: {len(entries)} exchanges" + (f" ({'; '.join(flags)})" if flags else ""),
                  attachment_type=allure.attachment_type.TEXT)


def attach_json(name: str, value: Any) -> None:
    allure.attach(pretty_json(value), name=name, attachment_type=allure.attachment_type.JSON)


#: Allure's categories, first match wins: simulator errors, connector defects, harness errors. One
#: file for both readers: written beside the raw results as categories.json, and read by
#: allurerc.mjs (Allure 3 takes categories from its configuration, not from the results).
CATEGORIES: list[dict[str, Any]] = json.loads(Path(__file__).with_name("categories.json").read_text(encoding="utf-8"))


def category_of(status: str, message: str) -> str | None:
    """The category Allure files a result under: the first whose statuses include ``status`` and
    whose ``messageRegex`` (when it has one) matches ``message``; ``None`` for a passed result."""
    for category in CATEGORIES:
        if status in category["matchedStatuses"] and re.search(category.get("messageRegex", ""), message or ""):
            return category["name"]
    return None


def write_results_metadata(results_dir: str, environment: dict[str, str]) -> None:
    """categories.json and environment.properties beside the raw results."""
    results = Path(results_dir)
    results.mkdir(parents=True, exist_ok=True)
    (results / "categories.json").write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")
    (results / "environment.properties").write_text("".join(f"{key}={value}\n" for key, value in environment.items()),
                                                    encoding="utf-8")


class DirectEvidence:
    """Reads a tenant's journal, records and clock straight from an app in this process, and moves
    its clock: in-process, or served live by the harness itself (:class:`~harness.transports.LiveTransport`).

    Evidence and time are the harness's own business, not the system under test, so they skip the
    HTTP round trip of the control plane (a millisecond or more a call live; about twenty calls a
    scenario for the evidence, and one for each wait of the connector and each "When 90 minutes
    pass"). A server the harness did not start (``--base-url``) is read through
    :class:`~simulators.clients.ControlPlaneClient`, whose ``evidence``, ``clock`` and
    ``advance_clock`` have the same signatures.
    """

    def __init__(self, app: Any) -> None:
        self.registry = app.extensions["refundsim.tenants"]

    def evidence(self, tenant: str, since: int = 0, records: bool = False) -> dict[str, Any]:
        """The journal after ``since``, the clock and, when ``records``, the snapshot.

        :raise LookupError: no such tenant (the control plane answers 404).
        """
        return step_evidence(self._tenant(tenant), since, records)

    def clock(self, tenant: str) -> str:
        """The tenant's simulator clock, ISO-8601."""
        return iso(self._tenant(tenant).clock.now())

    def advance_clock(self, tenant: str, seconds: float) -> str:
        """Move the tenant's clock forward by ``seconds``; the new time, ISO-8601.

        :raise ValueError: ``seconds`` is negative, or past what a timestamp can show (the clock's
            own rules, :meth:`~simulators.core.clock.Clock.advance`).
        """
        return iso(self._tenant(tenant).clock.advance(seconds))

    def _tenant(self, tenant: str) -> Any:
        """:raise LookupError: no such tenant (the control plane answers 404)."""
        found = self.registry.get(tenant)
        if found is None:
            raise LookupError(f"no tenant {tenant}")
        return found
