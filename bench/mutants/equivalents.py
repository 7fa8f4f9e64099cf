"""The equivalents file: mutants that no scenario can kill because they cannot change anything
the connector does through its protocol, each with the reason.

TOML, one table per mutant::

    [[equivalent]]
    id = "reference.py:ReferenceConnector._call:delete#11"
    original = "raise AssertionError('unreachable')"
    mutated = "pass"
    reason = "The loop always returns or raises before it ends: ..."

``original`` and ``mutated`` are the snippets ``--list`` prints. An entry matches the mutant with
the same file, scope, operator and snippets, whatever its number (so inserting a comparison
earlier in the function does not unhook it); the number only chooses between mutants whose
snippets are identical. An entry that matches no mutant any more is *stale*: the tool says so.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .mutate import Mutant


class EquivalentsError(ValueError):
    """The equivalents file cannot be read: the message names the file and the entry."""


@dataclass(frozen=True)
class Equivalent:
    id: str
    original: str
    mutated: str
    reason: str


def load(path: Path) -> list[Equivalent]:
    """The entries of ``path`` (none when it does not exist).

    :raise EquivalentsError: not TOML, or an entry without a non-empty id, original, mutated, reason.
    """
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise EquivalentsError(f"{path}: {exc}") from None
    entries = []
    for number, entry in enumerate(data.get("equivalent", []), start=1):
        missing = [key for key in ("id", "original", "mutated", "reason")
                   if not isinstance(entry.get(key), str) or not entry[key].strip()]
        if missing:
            raise EquivalentsError(f"{path}: entry {number} ({entry.get('id', 'no id')}) needs {', '.join(missing)}")
        entries.append(Equivalent(entry["id"], entry["original"], entry["mutated"], " ".join(entry["reason"].split())))
    return entries


def match(entries: list[Equivalent], mutants: list[Mutant]) -> tuple[dict[str, Equivalent], list[str]]:
    """Which mutant each entry stands for: ``({mutant id: entry}, [what is stale, one line each])``."""
    by_key: dict[tuple[str, ...], list[Mutant]] = {}
    by_id = {mutant.id: mutant for mutant in mutants}
    for mutant in mutants:
        by_key.setdefault(mutant.key, []).append(mutant)
    matched: dict[str, Equivalent] = {}
    stale: list[str] = []
    for entry in entries:
        file, _, rest = entry.id.partition(":")
        scope, _, numbered = rest.rpartition(":")
        operator = numbered.partition("#")[0]
        candidates = by_key.get((file, scope, operator, entry.original, entry.mutated), [])
        if len(candidates) > 1:
            candidates = [mutant for mutant in candidates if mutant.id == entry.id]
        if len(candidates) == 1:
            matched[candidates[0].id] = entry
        elif entry.id in by_id:
            now = by_id[entry.id]
            stale.append(f"{entry.id}: the code changed (the entry says {entry.original!r} → {entry.mutated!r}, "
                         f"the mutant is now {now.original!r} → {now.mutated!r}); check it again")
        else:
            stale.append(f"{entry.id}: matches no mutant any more ({entry.original!r} → {entry.mutated!r})")
    return matched, stale
