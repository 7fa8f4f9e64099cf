"""``python -m harness.selftest [pytest args]`` (``make selftest``): run the acceptance suite once
per faulty connector and once with the reference connector; print a table of which scenarios caught
each fault; exit 1 if any fault went uncaught, if a failure it caused is not filed under "Connector
defects" in the report, or if the reference connector failed a scenario; exit 2 if no scenario ran
(pytest refused the arguments, or they selected nothing)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from harness.certify import pytest_command, suite
from harness.evidence import category_of

from .catalogue import FAULTS

REFERENCE = "simulators.connector.reference:create_connector"
#: Every failure a faulty connector causes must be filed under one of these ("Connector defect: <kind>").
CONNECTOR_DEFECTS = "Connector defect"
#: Scratch results go under reports/ (git-ignored), beside the real ones; an installed package's in
#: the system's temporary folder.
REPORTS = None if suite().installed else suite().root / "reports"


@dataclass(frozen=True)
class SuiteRun:
    """One run of the suite, read from its Allure results as the report would show it."""

    exit_code: int
    total: int
    #: (scenario title, the category the report files its failure under) of each failed scenario.
    failures: list[tuple[str, str | None]]

    @property
    def misfiled(self) -> list[tuple[str, str | None]]:
        return [(name, category) for name, category in self.failures
                if not (category or "").startswith(CONNECTOR_DEFECTS)]


def run_suite(connector: str, extra: list[str], scratch: Path) -> SuiteRun:
    """Run features/ with ``connector``, its results in a new directory under ``scratch``."""
    tmp = Path(tempfile.mkdtemp(dir=scratch, prefix=connector.rsplit(":", 1)[-1] + "-"))
    # -p no:cacheprovider: these runs must not become the "last failed" of the user's next `pytest --lf`.
    command, cwd = pytest_command(str(suite().features), f"--connector={connector}", "-q", "-p", "no:cacheprovider",
                                  f"--alluredir={tmp}/allure", f"--certification-report={tmp}/certification.json", *extra)
    process = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)  # failures are the point
    results = [json.loads(path.read_text(encoding="utf-8")) for path in (tmp / "allure").glob("*-result.json")]
    if not results:
        print(process.stdout[-3000:], process.stderr[-3000:], file=sys.stderr)
    failures = sorted((result["name"], category_of(result["status"], result.get("statusDetails", {}).get("message", "")))
                      for result in results if result["status"] in ("failed", "broken"))
    return SuiteRun(process.returncode, len(results), failures)


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):  # its own usage; pytest's help is one `pytest --help` away
        print(__doc__)
        return 0
    if REPORTS is not None:
        REPORTS.mkdir(exist_ok=True)
    # One scratch directory for every run, deleted at the end: on ext4, deleting a run's thousand
    # files slows file creation for the next few seconds (new inodes skip recently freed ones),
    # and the other runs would pay for it.
    with tempfile.TemporaryDirectory(dir=REPORTS, prefix=".selftest-") as scratch:
        return _run_all(argv, Path(scratch))


def _run_all(argv: list[str], scratch: Path) -> int:
    reference = run_suite(REFERENCE, argv, scratch)
    if reference.total == 0:  # pytest refused the arguments or selected nothing: there is nothing to judge
        print(f"SELF-TEST NOT RUN: no scenario ran with the reference connector (pytest exit code "
              f"{reference.exit_code}, its output above)", file=sys.stderr)
        return 2
    reference_ok = reference.exit_code == 0 and not reference.failures and reference.total > 0
    print(f"reference connector: {reference.total - len(reference.failures)}/{reference.total} scenarios passed"
          + ("" if reference_ok else f"  <-- MUST PASS ALL: {', '.join(name for name, _ in reference.failures)}"))
    # Two suites at a time: each is one pytest process, and the machine has two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip(FAULTS, pool.map(lambda name: run_suite(f"harness.selftest.catalogue:{name}", argv, scratch), FAULTS), strict=True))
    width = max(len(name) for name in FAULTS)
    print()
    print(f"{'fault'.ljust(width)}  caught by")
    print(f"{'-' * width}  {'-' * 60}")
    uncaught, misfiled = [], []
    for name, run in runs.items():
        caught = [scenario for scenario, _ in run.failures]
        line = f"{name.ljust(width)}  {len(caught)} scenario(s)"
        line += f": {'; '.join(caught[:2])}{' ...' if len(caught) > 2 else ''}" if caught else "  <-- UNCAUGHT"
        if run.misfiled:
            counts = Counter(category or "no category" for _, category in run.misfiled)
            line += f"  <-- FILED AS {', '.join(f'{c} ({n})' for c, n in counts.items())}, NOT {CONNECTOR_DEFECTS}"
            misfiled.append(name)
        print(line)
        if not caught:
            uncaught.append(name)
    print()
    if uncaught or misfiled or not reference_ok:
        print(f"SELF-TEST FAILED: uncaught faults: {', '.join(uncaught) or 'none'}; failures not filed as "
              f"{CONNECTOR_DEFECTS}: {', '.join(misfiled) or 'none'}; reference passed all: {reference_ok}")
        return 1
    print(f"SELF-TEST PASSED: all {len(runs)} faults caught, every failure they caused filed under "
          f"{CONNECTOR_DEFECTS}; the reference connector passed all {reference.total} scenarios.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
