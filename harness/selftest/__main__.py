"""Prove the suite catches faulty connectors (``make selftest``, ``refundsim selftest``): run the
acceptance suite once per faulty connector of the catalogue and once with the reference connector;
print a table of which scenarios caught each fault; exit 1 if any fault went uncaught, if a failure
it caused is not filed under "Connector defects" in the report, if every scenario that caught it
caught a Python error of the fault's own (a ``KeyError`` of a fault that broke proves nothing of what
it stands for), or if the reference connector failed a scenario; exit 4 if it is refused before any fault ran (pytest refused the arguments, or they
select nothing; a profile or a reference report it cannot take), as certify's usage errors
(docs/ci.md); exit 2 when it is interrupted (Ctrl-C, SIGINT or SIGTERM: the runs going on are
stopped and no other starts; a second interrupt kills them) and 3 when pytest's listing of the
scenarios broke.

``--profile FILE|NAME`` (a file, or the name of a profile that ships, as ``refundsim certify`` takes it)
proves the suite catches every fault *on that activation*: each run is a
certification of the profile (only its scenarios run: its storefront, direction and billing types),
and only the faults that can show there are plugged in — the catalogue says where each can
(each fault's storefronts and directions); the others are listed as
not applying. ``make selftest PROFILE=fixtures/profiles/magento-from-netsuite.yaml`` shows each fault
caught on Magento, ``...woocommerce-from-netsuite.yaml`` on WooCommerce, and so on.

``--first`` stops each faulty connector's run at the first scenario that catches it, trying the
feature files where the fault is usually caught first, and in them the scenarios that usually catch
it (``caught_in``, a hint for speed only: every scenario still runs while none has caught it). It
proves each fault is caught and that its first failure is filed as a connector defect, at a
fraction of the time; ``make test`` runs the self-test so. Without it every selected scenario runs for every fault, and the table counts them all.

``--reference-report JSON`` takes the reference connector's run from a certification report
(``--certification-report``) of the same scenarios instead of running it again: ``make test`` gives
its own in-process run's. The report must be the reference connector's, of the same profile and of
as many scenarios as the self-test selects; otherwise the self-test is not run (exit 4).

The reference connector and the faulty ones run two suites at a time (the machine has two cores),
each a pytest session in a process of its own, forked from a server that imported the libraries once
(harness/selftest/runs.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from harness.certification import ProfileError, load_profile
from harness.certify import INTERRUPTED, USAGE_ERROR, exit_meaning, profile_path, pytest_command, suite
from harness.evidence import category_of
from harness.gate import read_verdict
from harness.plugin import PROG_VARIABLE, USAGE_VARIABLE

from .catalogue import FAULTS
from .runs import interrupt_runs, interrupted, run_pytest

REFERENCE = "simulators.connector.reference:create_connector"
#: Every failure a faulty connector causes must be filed under one of these ("Connector defect: <kind>").
CONNECTOR_DEFECTS = "Connector defect"
#: Scratch results go under reports/ (git-ignored), beside the real ones; an installed package's in
#: the system's temporary folder.
SUITE = suite()
REPORTS = None if SUITE.installed else SUITE.root / "reports"
FEATURES = SUITE.features


@dataclass(frozen=True)
class SuiteRun:
    """One run of the suite, read from its Allure results as the report would show it."""

    exit_code: int
    total: int
    #: (scenario title, the category the report files its failure under) of each failed scenario.
    failures: list[tuple[str, str | None]]
    #: The Python errors (``KeyError: 'price'``) the connector raised in the scenarios that failed on one.
    crashes: tuple[str, ...] = ()

    @property
    def misfiled(self) -> list[tuple[str, str | None]]:
        return [(name, category) for name, category in self.failures
                if not (category or "").startswith(CONNECTOR_DEFECTS)]


#: How long a call of a fault of the catalogue may take before the scenario says it never returned.
FAULT_CALL_SECONDS = 5


def run_suite(connector: str, extra: list[str], scratch: Path, paths: list[str] | None = None) -> SuiteRun:
    """Run the features (``paths``, in that order; all of features/ by default) with ``connector``,
    its results in a new directory under ``scratch``."""
    tmp = Path(tempfile.mkdtemp(dir=scratch, prefix=connector.rsplit(":", 1)[-1] + "-"))
    # -p no:cacheprovider: these runs must not become the "last failed" of the user's next `pytest --lf`.
    # A fault's call that never returns (a lock it kept) is said within seconds, not the minute a
    # connector over HTTP is given: every call of an in-process fault returns in milliseconds.
    hurried = [] if connector == REFERENCE else [f"--connector-timeout={FAULT_CALL_SECONDS}"]
    command, cwd = pytest_command(*(paths or [str(FEATURES)]), f"--connector={connector}", "-q", "-p", "no:cacheprovider",
                                  f"--alluredir={tmp}/allure", f"--certification-report={tmp}/certification.json",
                                  *hurried, *extra)
    exit_code, printed = run_pytest(command, cwd)  # failures are the point
    results = [json.loads(path.read_text(encoding="utf-8")) for path in (tmp / "allure").glob("*-result.json")]
    if not results and connector == REFERENCE and not interrupted():  # why it ran none; interrupted, that is why
        print(printed[-6000:], file=sys.stderr)
    failed = [result for result in results if result["status"] in ("failed", "broken")]
    failures = sorted((result["name"], category_of(result["status"], result.get("statusDetails", {}).get("message", "")))
                      for result in failed)
    crashes = [found[1] for result in failed if (found := _CRASH.search(result.get("statusDetails", {}).get("message", "")))]
    return SuiteRun(exit_code, len(results), failures, tuple(crashes))


#: A connector that failed a scenario by raising one of Python's programming errors ("Connector
#: raised: ... it raised KeyError: 'price'", harness/connector.py): a fault of the catalogue that does
#: so broke, rather than did what it stands for, and a crash proves nothing of what it stands for.
_CRASH = re.compile(r"\bit raised ((?:KeyError|AttributeError|TypeError|NameError|IndexError|UnboundLocalError)\b.*)")


def _selected(extra: list[str], scratch: Path) -> tuple[int, int]:
    """pytest's exit code for collecting the features with ``extra`` (0 when some scenario is
    selected, 4 for arguments pytest refuses, 5 when none is selected), and how many it selects —
    for 5, how many there were to select from (what :func:`_run_all` says in its words, not pytest's
    listing: pytest's output is printed for the other codes)."""
    # Its own results folder too: pytest makes the default one (the user's reports/) when it starts.
    command, cwd = pytest_command(str(FEATURES), "--collect-only", "-q", "-p", "no:cacheprovider",
                                  f"--alluredir={scratch}/collected-allure", f"--certification-report={scratch}/collected.json",
                                  *extra)
    exit_code, printed = run_pytest(command, cwd)
    # A profile certifies even a listing (NOT CERTIFIED: nothing ran), so read what was collected.
    collected = re.search(r"^(\d+)(?:/\d+)? tests? collected", printed, re.MULTILINE)
    count = int(collected.group(1)) if collected else 0
    code = 0 if count else (exit_code if exit_code in (2, 3, 4) else 5)
    if code == 5:
        deselected = re.search(r"\b(\d+) deselected\b", printed)
        return code, int(deselected.group(1)) if deselected else 0
    if code:
        print(printed[-6000:], file=sys.stderr)
    return code, count


def reference_from_report(path: str, profile, selected: int) -> SuiteRun:
    """The reference connector's run as a certification report states it (``--reference-report``).

    :raises ValueError: (its message says why) the file is not a certification report, or not of the
        reference connector, the same profile and ``selected`` scenarios.
    """
    report, why = read_verdict(Path(path))  # read as the gate reads it: why not, in words
    if report is not None and not isinstance(report.get("connector"), str):
        report, why = None, "it names no connector"
    if report is not None and not all(isinstance(case, dict) and isinstance(case.get("scenario"), str)
                                      and isinstance(case.get("outcome"), str) for case in report.get("cases", [])):
        report, why = None, "a case without its scenario and outcome"
    if report is None:
        raise ValueError(f"{path} is not a certification report ({why})")
    connector, cases = report["connector"], report.get("cases", [])
    failed = [(case["scenario"], case["outcome"]) for case in cases if case["outcome"] != "passed"]
    named = report["profile"].get("name") if isinstance(report.get("profile"), dict) else None
    if connector != REFERENCE:
        raise ValueError(f"{path} is a run of {connector}, not of the reference connector ({REFERENCE})")
    if named != (profile.name if profile is not None else None):
        raise ValueError(f"{path} is a run of profile {named or '(none)'}, the self-test's is "
                         f"{profile.name if profile is not None else '(none)'}")
    if len(cases) != selected:
        raise ValueError(f"{path} holds {len(cases)} scenarios; the self-test selects {selected}")
    return SuiteRun(1 if failed else 0, len(cases), failed)


def _first_paths(caught_in: tuple[str, ...]) -> list[list[str]]:
    """Every feature file in two groups, the files of the fault's usual catchers (``stem`` or
    ``stem::test_function``) then the others (``--first``)."""
    files = sorted(FEATURES.glob("*.feature"))
    stems = dict.fromkeys(entry.split("::", 1)[0] for entry in caught_in)  # in order, each once
    first = [FEATURES / f"{stem}.feature" for stem in stems if (FEATURES / f"{stem}.feature").exists()]
    # As a checkout names them (features/...); an installed package's in full.
    return [[str(path if SUITE.installed else path.relative_to(SUITE.root)) for path in group]
            for group in (first, [f for f in files if f not in first]) if group]


def _run_first(caught_in: tuple[str, ...]) -> list[str]:
    """The pytest options that run the usual catchers named as scenarios (``stem::test_function``)
    before the rest of their files (harness/selftest/first.py)."""
    named = [entry.replace("::", ".feature::", 1) for entry in caught_in if "::" in entry]
    return ["-p", "harness.selftest.first", *(f"--run-first={node}" for node in named)] if named else []


def run_until_caught(connector: str, extra: list[str], scratch: Path, groups: list[list[str]]) -> SuiteRun:
    """Run the feature files of each group in turn (``-x`` in ``extra``), until one catches the fault:
    a run of the usual catchers alone collects a fraction of the suite, and most faults end there."""
    total, exit_code = 0, 5
    for paths in groups:
        run = run_suite(connector, extra, scratch, paths)
        if run.failures:
            return SuiteRun(run.exit_code, total + run.total, run.failures, run.crashes)
        total, exit_code = total + run.total, run.exit_code if run.exit_code != 5 else exit_code
    return SuiteRun(exit_code, total, [])


def _take(argv: list[str], option: str, what: str) -> str | None:
    """The value of ``option`` in ``argv`` — ``option VALUE`` or ``option=VALUE``, the last one
    when given twice, as pytest reads its own — taken out of ``argv``; None when it is not there.

    :raise ValueError: ``option`` is the last argument, or ``option=`` has no value (the message
        says it needs ``what``).
    """
    value = None
    at = 0
    while at < len(argv):
        if argv[at] == option:
            if at + 1 >= len(argv):
                raise ValueError(f"{option} needs {what}")
            value = argv[at + 1]
            del argv[at:at + 2]
        elif argv[at].startswith(f"{option}="):
            value = argv[at].partition("=")[2]
            if not value:
                raise ValueError(f"{option} needs {what}")
            del argv[at]
        else:
            at += 1
    return value


def _profile_file(value: str) -> str:
    """``--profile``'s file as certify takes it (a file, or the name of a profile that ships:
    :func:`harness.certify.profile_path`), absolute: the runs start in the project's folder.

    :raise ValueError: neither (the message lists the profiles that ship)."""
    given = profile_path(value)
    _, cwd = pytest_command()
    return str((cwd / given).resolve())


#: The self-test's own options; the rest go to pytest.
USAGE = "[--profile FILE|NAME] [--first] [--reference-report JSON] [pytest args]"


def help_text(prog: str) -> str:
    """The usage line as the self-test was run, then this module's docstring as plain text: the
    docstring's markup (``--first``, :attr:`~harness.selftest.catalogue.Fault.storefronts`) is for
    the documentation, not for a terminal."""
    text = re.sub(r":\w+:`~?(?:[\w.]+\.)?(\w+)`", r"\1", __doc__ or "").replace("``", "`")
    return f"usage: {prog} {USAGE}\n\n{text.strip()}\n"


def main(argv: list[str], prog: str = "python -m harness.selftest") -> int:
    if argv[:1] in (["-h"], ["--help"]):  # its own usage; pytest's help is one `pytest --help` away
        print(help_text(prog))
        return 0
    # pytest's refusal of an argument names the command that was run (harness/plugin.py), not
    # "pytest.main()": every run of the self-test is a pytest of its own, in this process or forked.
    given = {PROG_VARIABLE: prog, USAGE_VARIABLE: f"{prog} {USAGE}"}  # and its usage, not pytest's
    previous = {name: os.environ.get(name) for name in given}
    os.environ.update(given)
    try:
        with _signals_interrupt():
            return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C, SIGINT or SIGTERM: the runs are stopped, no verdict is given
        interrupt_runs()
        print(f"SELF-TEST INTERRUPTED (Ctrl-C, SIGINT or SIGTERM) before every fault was judged: no verdict on the "
              f"faults; exit code {INTERRUPTED}", file=sys.stderr)
        return INTERRUPTED
    finally:  # as it was: a caller in the same process (a test) runs pytest sessions of its own
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While the self-test runs: SIGTERM (a CI runner's, a supervisor's) interrupts it as Ctrl-C does
    (a ``KeyboardInterrupt``), where it killed the self-test and left its runs going on; after the
    first interrupt, another one kills the runs still going on (:func:`interrupt_runs`), rather than
    raise again while the self-test stops them."""
    def interrupt(signum: int, frame: object) -> None:
        if _interrupted_once:
            interrupt_runs(signal.SIGKILL)
            return
        _interrupted_once.append(signum)
        raise KeyboardInterrupt

    _interrupted_once: list[int] = []
    previous = {signum: signal.signal(signum, interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


#: pytest's options that list (or set up) the scenarios and run none: no fault can be caught by them.
LISTING_OPTIONS = ("--co", "--collect-only", "--version", "-V", "--markers", "--fixtures", "--funcargs",
                   "--fixtures-per-test", "--setup-only", "--setup-plan")


def _main(argv: list[str]) -> int:
    argv = list(argv)
    listing = next((arg for arg in argv if arg in LISTING_OPTIONS), None)
    if listing is not None:  # every fault's run would list the scenarios, and every fault be called uncaught
        print(f"SELF-TEST NOT RUN: {listing} makes pytest list, not run, the scenarios; the self-test runs them with "
              f"each faulty connector: leave it out; exit code {USAGE_ERROR}", file=sys.stderr)
        return USAGE_ERROR
    first = "--first" in argv
    argv = [arg for arg in argv if arg != "--first"]  # every one: given twice, pytest was given the second
    # The self-test's own options, in either form pytest takes: left to pytest, --profile=FILE would
    # certify the profile while the faults judged were the whole catalogue's.
    profile = None
    try:
        reference_report = _take(argv, "--reference-report", "a certification report")
        profile_given = _take(argv, "--profile", "a profile file or the name of one that ships")
        if profile_given is not None:
            profile_file = _profile_file(profile_given)
            profile = load_profile(profile_file)
            argv.append(f"--profile={profile_file}")
    except ValueError as exc:
        print(f"SELF-TEST NOT RUN: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except ProfileError as exc:
        print(f"SELF-TEST NOT RUN: profile refused: {exc}", file=sys.stderr)
        return USAGE_ERROR
    if REPORTS is not None:
        REPORTS.mkdir(exist_ok=True)
    # One scratch directory for every run, deleted at the end: on ext4, deleting a run's thousand
    # files slows file creation for the next few seconds (new inodes skip recently freed ones),
    # and the other runs would pay for it.
    with tempfile.TemporaryDirectory(dir=REPORTS, prefix=".selftest-") as scratch:
        return _run_all(argv, Path(scratch), profile, first, reference_report)


#: Why the self-test did not run, by pytest's exit code for its listing of the scenarios (docs/ci.md).
LISTING_STOPPED = {
    USAGE_ERROR: "pytest refused the arguments it was given (a usage error, said above)",
    INTERRUPTED: "interrupted while pytest listed the scenarios (Ctrl-C, SIGINT or SIGTERM)",
    3: "pytest failed internally while it listed the scenarios (its INTERNALERROR above)",
}


def _run_all(argv: list[str], scratch: Path, profile, first: bool, reference_report: str | None) -> int:
    code, selected = _selected(argv, scratch)
    if code == 5:  # the arguments select nothing: said in the self-test's words (pytest's listing says "deselected")
        words = " ".join(shlex.quote(arg) for arg in argv if not arg.startswith("--profile=")) or "the profile"
        print(f"SELF-TEST NOT RUN: no scenario was selected: {words} selects none of the "
              + (f"{selected} scenarios" if selected else "scenarios"), file=sys.stderr)
        return USAGE_ERROR
    if code:  # pytest refused the arguments, or its listing stopped: there is nothing to judge
        # Interrupted (2) or broken (3) is said as pytest and certify say it; the rest is refused (4).
        print(f"SELF-TEST NOT RUN: {LISTING_STOPPED.get(code, LISTING_STOPPED[USAGE_ERROR])}; exit code "
              f"{code if code in (2, 3) else USAGE_ERROR}", file=sys.stderr)
        return code if code in (2, 3) else USAGE_ERROR
    given = None
    if reference_report is not None:
        try:
            given = reference_from_report(reference_report, profile, selected)
        except ValueError as exc:
            print(f"SELF-TEST NOT RUN: --reference-report refused: {exc}", file=sys.stderr)
            return USAGE_ERROR
    applying = {name: fault for name, fault in FAULTS.items() if profile is None or fault.applies_to(profile)}
    if profile is not None:
        print(f"profile {profile.path}: {profile.storefront}, {profile.direction}")
        for name, fault in FAULTS.items():
            if name not in applying:
                print(f"  {name}: does not apply ({fault.where()})")
    jobs = ({} if given else {"(reference)": (REFERENCE, argv, None)}) | {
        name: (f"harness.selftest.catalogue:{name}", [*argv, "-x", *_run_first(fault.caught_in)] if first else argv,
               _first_paths(fault.caught_in) if first else None)
        for name, fault in applying.items()}

    def run_job(connector: str, args: list[str], groups: list[list[str]] | None) -> SuiteRun:
        return run_suite(connector, args, scratch) if groups is None else run_until_caught(connector, args, scratch, groups)

    # Two suites at a time, the reference among them: each is one pytest process, and the machine has two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            runs = dict(zip(jobs, pool.map(lambda job: run_job(*job), jobs.values()), strict=True))
        except KeyboardInterrupt:  # before the pool waits for its threads: they must start no other run
            interrupt_runs()
            raise
    reference = given or runs.pop("(reference)")
    reference_ok = not reference.failures and reference.total > 0 and (reference.exit_code == 0 or profile is not None)
    print(f"reference connector: {reference.total - len(reference.failures)}/{reference.total} scenarios passed"
          + ("" if reference_ok else f"  <-- MUST PASS ALL: {', '.join(name for name, _ in reference.failures)}"))
    width = max(len(name) for name in FAULTS)
    print()
    print(f"{'fault'.ljust(width)}  {'first caught by' if first else 'caught by'}")
    print(f"{'-' * width}  {'-' * 60}")
    uncaught, misfiled, crashed = [], [], []
    for name, run in runs.items():
        caught = [scenario for scenario, _ in run.failures]
        line = f"{name.ljust(width)}  {len(caught)} scenario(s)"
        line += f": {'; '.join(caught[:2])}{' ...' if len(caught) > 2 else ''}" if caught else "  <-- UNCAUGHT"
        if run.misfiled:
            counts = Counter(category or "no category" for _, category in run.misfiled)
            line += f"  <-- FILED AS {', '.join(f'{c} ({n})' for c, n in counts.items())}, NOT {CONNECTOR_DEFECTS}"
            misfiled.append(name)
        if caught and len(run.crashes) == len(caught):  # every scenario that caught it caught a crash of its own
            line += f"  <-- CAUGHT ONLY AS A CRASH ({run.crashes[0]}): the fault broke, it did not do what it stands for"
            crashed.append(name)
        print(line)
        if not caught:
            uncaught.append(name)
    print()
    where = f" on {profile.name}" if profile is not None else ""
    if uncaught or misfiled or crashed or not reference_ok:
        # What failed, and only that, in words (it said "reference passed all: False").
        problems = [f"uncaught faults: {', '.join(uncaught)}"] if uncaught else []
        if misfiled:
            problems.append(f"failures not filed as {CONNECTOR_DEFECTS}: {', '.join(misfiled)}")
        if crashed:
            problems.append(f"faults caught only as a Python error of their own, not by what they do: {', '.join(crashed)}")
        if reference.failures:
            problems.append(f"the reference connector failed {len(reference.failures)} of {reference.total} scenarios, "
                            "and must pass them all (listed above)")
        elif not reference_ok:
            problems.append("the reference connector ran no scenario" if not reference.total else
                            f"the reference connector's run did not end as a pass: {exit_meaning(reference.exit_code)} "
                            f"(pytest's exit code {reference.exit_code})")
        print(f"SELF-TEST FAILED{where}: {'; '.join(problems)}")
        return 1
    print(f"SELF-TEST PASSED{where}: all {len(runs)} faults that apply caught, every failure they caused filed under "
          f"{CONNECTOR_DEFECTS}; the reference connector passed all {reference.total} scenarios.")
    return 0


if __name__ == "__main__":
    from harness.cli import quiet_when_output_closed  # `... --help | head -1`: no traceback

    sys.exit(quiet_when_output_closed(lambda: main(sys.argv[1:])))
