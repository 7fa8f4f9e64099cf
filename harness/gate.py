"""``python -m harness.gate [reports/certification.json]``: print the verdict and its reasons, and
exit 0 only when it is CERTIFIED — the last step of a CI job that gates a release or an activation
(examples/ci/). A missing or unreadable verdict is not a certification: exit 1, saying why. So is a
document that is not in the shape a certification writes (edited, truncated, another tool's): it is
refused by what is wrong in it, never read half-way."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _shape_problem(document: Any) -> str | None:
    """What in ``document`` is not as harness/certification.py writes it, or None."""
    if not isinstance(document, dict):
        return f"a JSON {type(document).__name__}, not an object"
    if document.get("verdict") not in ("CERTIFIED", "NOT CERTIFIED"):
        return f"verdict is {document.get('verdict')!r}, not CERTIFIED or NOT CERTIFIED"
    if not isinstance(document.get("reasons", []), list) or not all(isinstance(r, str) for r in document.get("reasons", [])):
        return "reasons is not a list of texts"
    if not isinstance(document.get("cases", []), list):
        return "cases is not a list"
    if not isinstance(document.get("profile"), (dict, type(None))):
        return "profile is not an object"
    return None


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "reports/certification.json")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        problem = _shape_problem(document)
        if problem is not None:
            raise ValueError(f"not a verdict a certification writes: {problem}")
        verdict = document["verdict"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"NOT CERTIFIED: no verdict in {path} ({type(exc).__name__}: {exc}); did the certification run?")
        return 1
    profile = (document.get("profile") or {}).get("name", "every scenario")
    print(f"{verdict}: {profile}, connector {document.get('connector')}, {len(document.get('cases', []))} scenarios")
    for reason in document.get("reasons", []):
        print(f"  - {reason}")
    return 0 if verdict == "CERTIFIED" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
