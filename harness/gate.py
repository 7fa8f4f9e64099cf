"""``python -m harness.gate [reports/certification.json]``: print the verdict and its reasons, and
exit 0 only when it is CERTIFIED — the last step of a CI job that gates a release or an activation
(examples/ci/). A missing or unreadable verdict is not a certification: exit 1, saying why. So is a
document that is not in the shape a certification writes (edited, truncated, another tool's): it is
refused by what is wrong in it, never read half-way. The report folder certify was given (``reports``)
stands for the verdict it wrote there; a mistake in the command line (``--verbose``, two files, an
empty name) exits 4, as certify's."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn


def _json_kind(value: Any) -> str:
    """What ``value`` is in JSON's words (a CI log's reader knows JSON, not Python's type names)."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    kinds = ((dict, "a JSON object"), (list, "a JSON array"), (str, "a JSON string"), ((int, float), "a JSON number"))
    return next((kind for types, kind in kinds if isinstance(value, types)), "a JSON value")


def _shape_problem(document: Any) -> str | None:
    """What in ``document`` is not as harness/certification.py writes it, or None. Said in JSON's
    words: 'a JSON array', 'null', '"PASSED"' (not Python's 'list', 'NoneType', "'PASSED'")."""
    if not isinstance(document, dict):
        return f"{_json_kind(document)}, not an object"
    if document.get("verdict") not in ("CERTIFIED", "NOT CERTIFIED"):
        found = json.dumps(document["verdict"])[:100] if "verdict" in document else "missing"
        return f"verdict is {found}, not CERTIFIED or NOT CERTIFIED"
    if not isinstance(document.get("reasons", []), list) or not all(isinstance(r, str) for r in document.get("reasons", [])):
        return "reasons is not a list of texts"
    if not isinstance(document.get("cases", []), list):
        return "cases is not a list"
    if not isinstance(document.get("profile"), (dict, type(None))):
        return "profile is not an object"
    if document["verdict"] == "CERTIFIED":
        # A certification writes CERTIFIED only with no reason against it, every scenario that applies
        # run and passed: one that says otherwise beside it was edited, and certifies nothing.
        cases = document.get("cases", [])
        if document.get("reasons"):
            return "CERTIFIED with reasons against it"
        if document.get("partial"):
            return "CERTIFIED, yet a partial run"
        if "cases" in document and not cases:
            return "CERTIFIED with no scenario run"
        if any(not isinstance(case, dict) or case.get("outcome", "passed") != "passed" for case in cases):
            return "CERTIFIED with a scenario that did not pass"
    return None


def _not_a_number(constant: str) -> Any:
    """json's NaN, Infinity and -Infinity: not JSON (RFC 8259), and no certification writes them."""
    raise ValueError(f"{constant} is not a JSON number")


#: How :func:`read_verdict` begins its reason for a JSON document that is no verdict.
NOT_A_VERDICT = "not a verdict a certification writes"


def read_verdict(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The verdict document at ``path`` in the shape a certification writes, or None and why not,
    in words ('cannot read it: No such file or directory', 'not JSON: ...', 'not a verdict a
    certification writes: a JSON array, not an object'): never an exception's Python name."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, f"cannot read it: {exc.strerror or exc}"
    except UnicodeDecodeError as exc:
        return None, f"not JSON: not UTF-8 at byte {exc.start}"
    try:
        document = json.loads(text, parse_constant=_not_a_number)
    except json.JSONDecodeError as exc:
        # Some of json's messages end in "at" ("Unterminated string starting at"): not "at at line 1".
        return None, f"not JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno}, column {exc.colno}"
    except ValueError as exc:  # NaN or Infinity; or Python's own limit, an integer of more than 4,300 digits
        if "is not a JSON number" in str(exc):
            return None, f"not JSON: {exc}"
        return None, "not JSON that can be read: a number of too many digits"
    except RecursionError:
        return None, "not JSON that can be read: nested too deeply"
    problem = _shape_problem(document)
    if problem is not None:
        return None, f"{NOT_A_VERDICT}: {problem}"
    return document, ""


#: The exit code of a usage mistake: certify's and pytest's (docs/ci.md), not argparse's 2, which
#: that table reads as an interrupted run. (harness.certify imports this module: not from there.)
USAGE_ERROR = 4
DEFAULT = "reports/certification.json"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def main(argv: list[str]) -> int:
    """Exit 0 only for a CERTIFIED verdict, 1 for any other or none, 4 for a mistake in the command
    line (``--help`` is help, not a file's name; one file; a folder is certify's ``--report``
    folder, whose verdict is its ``certification.json``)."""
    parser = _Parser(prog="python -m harness.gate", description=(
        "Print a certification's verdict and its reasons; exit 0 only when it is CERTIFIED (the last step\n"
        "of a CI job that gates a release or an activation). A missing or unreadable verdict, or one not in\n"
        "the shape a certification writes, is not a certification: exit 1, saying why."),
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     epilog="Exit codes: 0 CERTIFIED; 1 NOT CERTIFIED, or no verdict; 4 a mistake in the command line.")
    parser.add_argument("verdict", metavar="VERDICT", nargs="?", default=DEFAULT,
                        help=f"the verdict a certification wrote, or the report folder it wrote it in (default {DEFAULT})")
    args = parser.parse_args(argv)
    if not args.verdict.strip():  # "$VERDICT" with the variable unset: not the current folder
        print(f"error: the verdict file is empty: give its path (default {DEFAULT})", file=sys.stderr)
        return USAGE_ERROR
    path = Path(args.verdict)
    if path.is_dir():  # certify's --report folder: the verdict it wrote there
        path = path / "certification.json"
    document, why = read_verdict(path)
    if document is None:
        print(f"NOT CERTIFIED: no verdict in {path} ({why}); did the certification run?")
        return 1
    verdict = document["verdict"]
    profile = (document.get("profile") or {}).get("name", "every scenario")
    print(f"{verdict}: {profile}, connector {document.get('connector') or 'not named'}, "
          f"{len(document.get('cases', []))} scenarios")
    for reason in document.get("reasons", []):
        print(f"  - {reason}")
    return 0 if verdict == "CERTIFIED" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
