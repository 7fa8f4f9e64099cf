"""``python -m harness.gate [reports/certification.json]``: print the verdict and its reasons, and
exit 0 only when it is CERTIFIED — the last step of a CI job that gates a release or an activation
(examples/ci/). A missing or unreadable verdict is not a certification: exit 1, saying why."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "reports/certification.json")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
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
