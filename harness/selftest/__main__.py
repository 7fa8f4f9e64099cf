"""``python -m harness.selftest [pytest args]`` (``make selftest``): run the acceptance suite once
per faulty connector and once with the reference connector; print a table of which scenarios caught
each fault; exit 1 if any fault went uncaught or the reference connector failed a scenario."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from .catalogue import FAULTS

REFERENCE = "simulators.connector.reference:create_connector"
#: Scratch results go under reports/ (git-ignored), beside the real ones.
REPORTS = Path(__file__).resolve().parents[2] / "reports"


def run_suite(connector: str, extra: list[str], scratch: Path) -> tuple[int, list[str], int]:
    """Run features/ with ``connector``, its results in a new directory under ``scratch``; returns
    (exit code, failed scenario names, scenarios run)."""
    tmp = tempfile.mkdtemp(dir=scratch, prefix=connector.rsplit(":", 1)[-1] + "-")
    junit = Path(tmp) / "junit.xml"
    command = [sys.executable, "-m", "pytest", "features/", f"--connector={connector}", "-q",
               f"--junitxml={junit}", f"--alluredir={tmp}/allure", f"--certification-report={tmp}/certification.json", *extra]
    process = subprocess.run(command, capture_output=True, text=True)
    if not junit.exists():
        print(process.stdout[-3000:], process.stderr[-3000:], file=sys.stderr)
        return process.returncode, [], 0
    cases = ET.parse(junit).getroot().iter("testcase")
    failed, total = [], 0
    for case in cases:
        total += 1
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(case.get("name", "?"))
    return process.returncode, failed, total


def main(argv: list[str]) -> int:
    REPORTS.mkdir(exist_ok=True)
    # One scratch directory for every run, deleted at the end: on ext4, deleting a run's thousand
    # files slows file creation for the next few seconds (new inodes skip recently freed ones),
    # and the other runs would pay for it.
    with tempfile.TemporaryDirectory(dir=REPORTS, prefix=".selftest-") as scratch:
        return _run_all(argv, Path(scratch))


def _run_all(argv: list[str], scratch: Path) -> int:
    rows: list[tuple[str, str, list[str]]] = []
    code, failed, total = run_suite(REFERENCE, argv, scratch)
    reference_ok = code == 0 and not failed and total > 0
    print(f"reference connector: {total - len(failed)}/{total} scenarios passed" + ("" if reference_ok else "  <-- MUST PASS ALL"))
    # Two suites at a time: each is one pytest process, and the machine has two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.map(lambda name: run_suite(f"harness.selftest.catalogue:{name}", argv, scratch), FAULTS)
        for (name, cls), (_, caught, _) in zip(FAULTS.items(), runs):
            rows.append((name, (cls.__doc__ or "").strip().splitlines()[0], caught))
    width = max(len(name) for name, _, _ in rows)
    print()
    print(f"{'fault'.ljust(width)}  caught by")
    print(f"{'-' * width}  {'-' * 60}")
    uncaught = []
    for name, doc, caught in rows:
        print(f"{name.ljust(width)}  {len(caught)} scenario(s)" + (f": {', '.join(caught[:3])}{' ...' if len(caught) > 3 else ''}" if caught else "  <-- UNCAUGHT"))
        if not caught:
            uncaught.append(name)
    print()
    if uncaught or not reference_ok:
        print(f"SELF-TEST FAILED: uncaught faults: {', '.join(uncaught) or 'none'}; reference passed all: {reference_ok}")
        return 1
    print(f"SELF-TEST PASSED: all {len(rows)} faults caught; the reference connector passed all {total} scenarios.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
