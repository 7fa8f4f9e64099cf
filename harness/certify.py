"""``refundsim certify`` (``python -m harness.certify``, ``make certify``): certify a connector — run
the acceptance scenarios, render the single-file report, print where it is and the verdict, and
exit non-zero unless CERTIFIED.

Everything lands under the report folder (default ``reports/`` of the current folder):
``allure-results/`` (the raw results of this run only), ``certification.json`` (the verdict),
``allure-report/index.html`` (the report to attach to a ticket) and ``history/`` (trends, one file
per connector and profile). ``--render-only`` renders the results already there again (``make report``).

The suite is the repository's when this module runs from a checkout (features/, pyproject.toml),
else the installed package's (harness/features, harness/pytest.ini): :func:`suite`. Either way the
same plugin, the same features and the same verdict.

The report needs Node.js 20+ and the Allure npm package, pinned in harness/report/
(package-lock.json). Without the package, a run installs it there with ``npm ci`` (what ``make
certify`` does in a checkout); without Node.js, or when that fails, the run still certifies: the
verdict and the raw results are written, and it says that the HTML report was not rendered, why,
and what renders it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from harness.gate import NOT_A_VERDICT, read_verdict  # the verdict read as the gate reads it, in one place

HARNESS = Path(__file__).resolve().parent
ROOT = HARNESS.parent
#: The report's Node project: allurerc.mjs, package.json and the lock that pins Allure.
REPORT_PROJECT = HARNESS / "report"
#: The certification profiles that ship with the project (``--profile <name>``).
PROFILES = ROOT / "fixtures" / "profiles"
NODE_MAJOR = 20
#: pytest's exit code for a run that failed internally (an INTERNALERROR).
INTERNAL_ERROR = 3
#: pytest's exit code for a run refused before it starts (a bad option, profile or connector).
USAGE_ERROR = 4
#: pytest's exit code for a run interrupted on the way; certify's for one whose pytest was killed too.
INTERRUPTED = 2
#: What pytest's exit codes mean, in a user's words (docs/ci.md): said beside the code, which CI reads.
EXIT_MEANINGS = {1: "not certified", 2: "interrupted", 3: "pytest failed internally", 4: "refused: a usage error",
                 5: "no scenario was selected"}


def exit_meaning(code: int) -> str:
    """What pytest's (and certify's) exit ``code`` means, in words: "interrupted" for 2."""
    return EXIT_MEANINGS.get(code, f"pytest's exit code {code}")


@dataclass(frozen=True)
class Suite:
    """Where the features are, and how pytest must be started to run them."""

    #: pytest's root: node ids and the verdict's scenario files are relative to it (``features/...``).
    root: Path
    features: Path
    #: The arguments that give pytest the suite's configuration.
    config: tuple[str, ...]
    #: Whether this is an installed package (else the repository's checkout).
    installed: bool


def suite() -> Suite:
    """The repository's suite when the harness runs from a checkout, else the installed package's."""
    if (ROOT / "pyproject.toml").is_file() and (ROOT / "conftest.py").is_file() and (ROOT / "features").is_dir():
        return Suite(ROOT, ROOT / "features", (), installed=False)
    return Suite(HARNESS, HARNESS / "features", ("-c", str(HARNESS / "pytest.ini"), f"--rootdir={HARNESS}"),
                 installed=True)


def pytest_command(*args: str) -> tuple[list[str], Path]:
    """The command that runs the suite's pytest with ``args``, and the folder to run it in (a
    checkout's root, whose conftest.py loads the plugin; anywhere for an installed package).
    A pytest of its own: a run must not depend on what the calling process has imported."""
    found = suite()
    return [sys.executable, "-m", "pytest", *found.config, *args], (found.root if not found.installed else Path.cwd())


def suite_args(found: Suite, pytest_args: list[str]) -> list[str]:
    """What pytest is given to run: the suite's features, then ``pytest_args`` — but when those
    name scenarios of the suite by their node ids (``features/<file>.feature::<test>``, what a
    failure's replay line prints) or its feature files, each as its path in the suite (the
    package's, or the checkout's from any folder; a ``features/`` of the current folder that is not
    the suite's is left alone), or the suite's feature files (or scenarios) named from the folder
    certify was started in or by their full paths, and not the whole features folder besides: the
    run is those."""
    _, cwd = pytest_command()
    elsewhere = Path.cwd().resolve() != cwd.resolve()
    given, named = [], False
    for arg in pytest_args:
        path = arg.split("::")[0]
        ours = found.root / path
        inside = not arg.startswith("-") and path.startswith("features/") and ours.exists() and (
            not Path(path).exists() or Path(path).resolve() == ours.resolve())
        if inside:
            # As written where pytest runs in this folder (a checkout's root): the verdict's selection
            # says what the user typed (features/<file>); else by its path in the suite.
            given.append(arg if not elsewhere and Path(path).exists() else str(found.root / arg))
            named = True
        elif not arg.startswith("-") and path.endswith(".feature") and _is_file(path):
            # A feature file named from the folder certify was started in, or by its full path — as
            # pytest's FAILED lines name it when it runs outside the suite's folder (an installed
            # package's: ../venv/lib/.../harness/features/<file>::<test>) — which pytest, run in the
            # suite's folder, would not find: its full path. Only a `.feature`: an option's value
            # (`-k refund`, `-m shopify`) is never a path. One outside the suite's folder keeps the
            # features folder beside it, so that the suite's plugin loads and refuses it by name.
            full = Path(path).resolve()
            given.append(str(full) + arg[len(path):] if elsewhere else arg)
            named = named or full.is_relative_to(found.root)
        else:
            given.append(arg)
    return given if named else [str(found.features), *given]


def _is_file(path: str) -> bool:
    """Whether ``path`` is a file; False for a name no file can have (too long), as for none there."""
    try:
        return Path(path).is_file()
    except OSError:
        return False


def profile_path(value: str) -> str:
    """``--profile``: a YAML file, or the name of a profile that ships with the project
    (``shopify-from-netsuite``). A file is given to pytest as it was written (the verdict and the
    report's trends name it so), but for a relative path that pytest, run in another folder,
    would not find; a packaged profile as its path from the folder pytest runs in, when it is there.

    :raise ValueError: a folder, or neither a file nor a packaged profile; the message lists the
        packaged ones.
    """
    try:
        return _profile_path(value)
    except OSError as exc:  # a name no file can have (too long): said, not a traceback
        shown = value if len(value) <= 200 else f"{value[:200]}…"
        raise ValueError(f"--profile {shown}: {exc.strerror or exc}") from None


def _profile_path(value: str) -> str:
    """:func:`profile_path`, but for what the file system refuses to look up (``OSError``)."""
    given = Path(value)
    _, cwd = pytest_command()
    if given.is_file():
        return value if given.is_absolute() or Path.cwd().resolve() == cwd.resolve() else str(given.resolve())
    if given.is_dir():  # the profiles' folder, its file's name forgotten
        example = next((f for f in sorted(given.glob("*.yaml")) if f.is_file()), None)
        raise ValueError(f"--profile {value}: a folder, not a profile file: give one of its files"
                         f"{f' ({example})' if example else ''} or a profile's name")
    path = PROFILES / (value if value.endswith(".yaml") else f"{value}.yaml")
    if given.name != value or not path.is_file():
        names = ", ".join(sorted(p.stem for p in PROFILES.glob("*.yaml")))
        raise ValueError(f"--profile {value}: no such file, nor a profile that ships with refundsim ({names})")
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)


def own_connector(spec: str, environment: dict[str, str]) -> str:
    """``--connector`` as pytest, run in the suite's folder (a checkout's root), must be given it
    to load what the user meant from the folder they are in: a relative ``file.py:factory`` as
    its absolute path, and for ``module:factory`` that folder on ``PYTHONPATH`` in ``environment``
    (the README's "the current folder"). A file that is not there is left as written: the plugin
    refuses it, naming it as the user wrote it."""
    target, sep, attribute = spec.rpartition(":")
    _, cwd = pytest_command()
    if not sep or Path.cwd().resolve() == cwd.resolve():
        return spec
    if target.endswith(".py"):
        given = Path(target)
        try:
            found = not given.is_absolute() and given.is_file()
        except OSError:  # a name no file can have (too long): the plugin refuses it, by name
            return spec
        return f"{given.resolve()}:{attribute}" if found else spec
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path.cwd()), environment.get("PYTHONPATH")]))
    return spec


def _node_problem() -> str | None:
    """Why Node.js cannot render the report (absent, too old), or None."""
    node = shutil.which("node")
    if node is None:
        return f"the HTML report needs Node.js {NODE_MAJOR}+, which is not on the PATH (https://nodejs.org)"
    done = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    found = re.match(r"v(\d+)\.", done.stdout.strip())
    if found is None or int(found.group(1)) < NODE_MAJOR:
        return f"the HTML report needs Node.js {NODE_MAJOR}+, found {done.stdout.strip() or 'none that runs'}"
    return None


def _install_allure() -> str | None:
    """``npm ci`` in the report's Node project, once, as ``make certify`` does; why not, or None."""
    command = f"npm ci --prefix {REPORT_PROJECT}"
    npm = shutil.which("npm")
    if npm is None:
        return f"the HTML report needs the Allure npm package and npm is not on the PATH to install it ({command})"
    print(f"Installing the report's Node packages once (Allure, pinned by {REPORT_PROJECT / 'package-lock.json'}): "
          f"{command}", file=sys.stderr, flush=True)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=REPORT_PROJECT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return (f"installing the Allure npm package failed (`{command}`, exit {done.returncode}): "
                f"{done.stderr.strip()[-500:]}")
    return None


#: Why :func:`render` renders nothing when the results folder holds no scenario's results.
NOTHING_RAN = "no scenario ran"
#: How a verdict's reason starts when the run's selection (``-k``, ``-m``, a file) left no scenario
#: to run (harness/certification.py writes it; certify says it so).
NOTHING_SELECTED = "No scenario was selected"


def render_again(report_dir: Path, prog: str = "refundsim certify") -> str:
    """The command that renders ``report_dir``'s results again: ``make report`` in a checkout for its
    reports/ (the folder it renders), else ``prog`` (the certify that ran, by its path when it is not
    on the PATH) with ``--render-only --report <folder>``."""
    if not suite().installed and report_dir == ROOT / "reports":
        return "make report"
    return f"{prog} --render-only --report {shlex.quote(str(report_dir))}"


def render(report_dir: Path, again: str | None = None) -> tuple[Path | None, str]:
    """Render ``report_dir/allure-results`` into ``report_dir/allure-report/index.html``; the path,
    or None and why not (starting with "not rendered" when Node.js or Allure is missing, with how
    to render them later: ``again``, by default :func:`render_again`'s)."""
    results = report_dir / "allure-results"
    if not any(results.glob("*-result.json")):
        return None, NOTHING_RAN
    allure = REPORT_PROJECT / "node_modules" / ".bin" / "allure"
    problem = _node_problem() or (None if allure.exists() else _install_allure())
    if problem is not None:
        return None, (f"not rendered: {problem}; the raw results are in {results}, and "
                      f"`{again or render_again(report_dir)}` renders them")
    output = report_dir / "allure-report"
    environment = {**os.environ, "REFUNDSIM_CERTIFICATION": str(report_dir / "certification.json"),
                   "REFUNDSIM_REPORT": str(output), "REFUNDSIM_HISTORY_DIR": str(report_dir / "history")}
    done = subprocess.run([str(allure), "generate", str(results), "--config", str(REPORT_PROJECT / "allurerc.mjs")],
                          cwd=REPORT_PROJECT, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (output / "index.html").exists():
        # Allure says some of its errors on stdout: either, rather than an empty reason.
        said = done.stderr.strip() or done.stdout.strip()
        return None, f"Allure failed to render the report (exit {done.returncode}): {said[-500:]}"
    return output / "index.html", ""


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def verdict_line(report_dir: Path, none: str = "no scenario ran", listed_above: bool = True) -> str:
    """The verdict in ``report_dir`` as certify's last lines say it, or "none" and why (``none``).
    Its reasons are said to be listed above (the run printed them), or, when ``listed_above`` is
    false (rendering again, which prints nothing before it), listed on lines of their own."""
    path = report_dir / "certification.json"
    document, why = read_verdict(path)
    if document is None:  # none, or not JSON (a run that did not finish), or JSON of another shape
        return f"none ({why if why.startswith(NOT_A_VERDICT) else none})"
    reasons = document.get("reasons", [])
    if not reasons:
        return f"{document['verdict']} ({path})"
    if listed_above:
        return f"{document['verdict']} ({path}), {len(reasons)} reason(s), listed above"
    return f"{document['verdict']} ({path}), {len(reasons)} reason(s):" + "".join(f"\n  - {r}" for r in reasons)


def _why_nothing_to_render(verdict: Path) -> tuple[str, str]:
    """Why a run left no scenario's results to render, as its verdict tells — nothing selected (with
    the outcome to say: by what), or a run stopped in its first scenario before its results were
    written (a scenario ran: "no scenario ran" is not so) — and the outcome to say, if any."""
    document, _ = read_verdict(verdict)
    if document is None:
        return NOTHING_RAN, ""
    reasons = [reason for reason in document.get("reasons", []) if isinstance(reason, str)]
    if document.get("cases"):
        return (f"the run stopped in its first scenario, before its results were written; what happened is in the "
                f"verdict: {verdict}"), ""
    if any(reason.startswith(NOTHING_SELECTED) for reason in reasons):
        chosen = "; ".join(item for item in document.get("selection", []) if isinstance(item, str))
        return ("no scenario was selected: nothing ran, so there is nothing to report",
                f"no scenario was selected by {chosen}: nothing was certified")
    return NOTHING_RAN, ""


#: How certify starts its pytest: as ``python -m pytest`` does (the current folder first on the path,
#: pytest's own entry point), but a Ctrl-C (or a SIGTERM) that lands while pytest starts — importing
#: its plugins and the conftest, before the suite's plugin takes the signals over (harness/plugin.py,
#: ``--interrupt-passed-on``) — ends it quietly with pytest's code for an interrupted run, where
#: Python printed a KeyboardInterrupt traceback and died of the signal. Certify says what happened.
#: Only the first signal raises: the terminal's Ctrl-C reaches pytest twice (certify passes it on).
PYTEST_STARTING_QUIETLY = """\
import os
import runpy
import signal
import sys

interrupted = []


def interrupt(signum, frame):
    if not interrupted:
        interrupted.append(signum)
        raise KeyboardInterrupt


signal.signal(signal.SIGINT, interrupt)
signal.signal(signal.SIGTERM, interrupt)
sys.path[0] = os.getcwd()  # as -m puts it, where -c puts ""
try:
    import importlib.util

    # pytest's __main__.py as the process's argv[0], as -m gives it: runpy puts back the argv[0] it
    # found when pytest ends, which would be "-c" (ps, and whatever reads argv at exit, would show it)
    sys.argv[0] = importlib.util.find_spec("pytest.__main__").origin
    runpy.run_module("pytest", run_name="__main__", alter_sys=True)  # raises SystemExit with pytest's code
except KeyboardInterrupt:
    sys.exit(2)
"""


def _started_quietly(command: list[str]) -> list[str]:
    """``command`` (``[python, "-m", "pytest", ...]``) run through :data:`PYTEST_STARTING_QUIETLY`."""
    if command[1:3] != ["-m", "pytest"]:
        return command
    return [command[0], "-c", PYTEST_STARTING_QUIETLY, *command[3:]]


def _run_pytest(command: list[str], cwd: Path, environment: dict[str, str]) -> int:
    """Run the suite's pytest and give its exit code. Ctrl-C — a terminal's, or a cancelled CI
    job's signal to the job's process group — stops pytest, which writes the verdict that says it
    was interrupted and exits 2 (docs/ci.md); certify waits for it and goes on with that code,
    rather than die of the signal with a traceback of its own.

    A SIGINT or SIGTERM to certify is passed on to its pytest as a SIGINT: sent to certify's process
    alone (``kill -INT``, a CI runner or a supervisor stopping the command it started), it stops the
    run the same way, where certify killed by SIGTERM would leave its pytest running on; sent to the
    group, it reaches pytest twice, which pytest (told by ``--interrupt-passed-on``) takes as one. A
    second one to certify (a second Ctrl-C) kills pytest at once: certify says so, and the run is an
    interrupted one (2)."""
    started: list[subprocess.Popen[bytes]] = []
    interrupts = 0

    def pass_on(signum: int, frame: object) -> None:
        nonlocal interrupts
        interrupts += 1
        if started and started[0].poll() is None:
            started[0].send_signal(signal.SIGINT if interrupts == 1 else signal.SIGKILL)

    # Handlers pytest does not inherit (a caught signal is reset to its default by exec).
    previous = {signum: signal.signal(signum, pass_on) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        started.append(subprocess.Popen(_started_quietly(command), cwd=cwd, env=environment))
        return started[0].wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While the report renders: SIGTERM (a CI runner's, a supervisor's) interrupts as Ctrl-C does
    (a ``KeyboardInterrupt``), rather than kill certify silently and leave Node.js rendering on."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


#: certify's --help after its own options: the pytest options an implementer needs most, and the exit codes.
EPILOG = """\
Other arguments go to pytest, e.g.:
  -k EXPRESSION, -m TAGS, -n 2, -x     select scenarios (a partial run: NOT CERTIFIED), run in
                                       parallel, stop at the first failure
  --seed N                             seed every scenario (a failure's replay line gives its seed)
  --connector-token TOKEN              the bearer token a connector over HTTP requires (also
                                       $REFUNDSIM_CONNECTOR_TOKEN)
  --connector-timeout SECONDS          how long one call to it may take (default 60)
  --base-url URL, --admin-token TOKEN  simulators a `refundsim serve` runs elsewhere, and its token
                                       (also $REFUNDSIM_ADMIN_TOKEN)
  --transport live                     a Python connector that does not use `requests`
  --junitxml FILE, --cucumberjson FILE JUnit XML and Cucumber JSON for CI

Exit codes: 0 CERTIFIED; 1 NOT CERTIFIED (also when no scenario was selected); 2 interrupted
(Ctrl-C, SIGINT or SIGTERM, a cancelled job: the verdict says so; before any scenario ran, the
earlier verdict is kept), or 3 pytest failed internally;
4 refused before any scenario ran (the earlier verdict and report kept). docs/ci.md in refundsim's
repository says more."""


class _Parser(argparse.ArgumentParser):
    """certify's options: one misused (``--profile`` without a value, ``--connector`` with
    ``--connector-url``) is refused as pytest refuses its own, with its exit code for a usage error
    (docs/ci.md: 4, the earlier verdict left as it was), not argparse's 2, which CI reads as an
    interrupted run."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\nRefused before any scenario ran: the earlier verdict "
                               "and report are left as they were\n")


def command_name() -> str:
    """How this certify is run again from another terminal (a failure's replay line): ``python -m
    harness.certify`` when ``python`` on the PATH is the Python running it (an activated
    environment), else that Python by its path — from the current folder when inside it
    (``.venv/bin/python -m harness.certify``: ``make certify``'s, the environment not activated,
    where the PATH's ``python`` has not the harness's packages)."""
    found = shutil.which("python")
    if found is not None and os.path.abspath(found) == os.path.abspath(sys.executable):
        return "python -m harness.certify"
    python = Path(os.path.abspath(sys.executable))
    shown = python.relative_to(Path.cwd()).as_posix() if python.is_relative_to(Path.cwd()) else str(python)
    return f"{shlex.quote(shown)} -m harness.certify"


def parser(prog: str = "python -m harness.certify") -> argparse.ArgumentParser:
    described = _Parser(
        # No abbreviations: pytest's own --co (--collect-only) is not certify's --connector, and
        # whatever certify does not know goes to pytest as written.
        allow_abbrev=False, prog=prog, description="Certify a connector: run the acceptance scenarios (a profile's, or every one),\n"
                               "render the single-file report, print where it is and the verdict. The exit code is\n"
                               "0 only for CERTIFIED.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    described.add_argument("--profile", metavar="FILE|NAME",
                           help="the activation to certify: a profile's YAML file, or the name of one that ships "
                                f"with refundsim ({', '.join(sorted(p.stem for p in PROFILES.glob('*.yaml')))})")
    chosen = described.add_mutually_exclusive_group()
    chosen.add_argument("--connector", metavar="SPEC",
                        help="a Python connector: module:factory or file.py:factory (default: the reference connector)")
    chosen.add_argument("--connector-url", metavar="URL",
                        help="a connector in any language that serves the connector API (its OpenAPI document: "
                             "refundsim's simulators/connector/openapi.yaml) at URL; implies --transport live")
    described.add_argument("--report", metavar="DIR", default="reports",
                           help="where the results, the verdict and the report land (default ./reports)")
    described.add_argument("--render-only", action="store_true",
                           help="render the results already there again (make report); the exit code is still the "
                                "verdict's: 0 only for the report of a CERTIFIED run")
    return described


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """certify's command line; ``prog`` is how it was run (``refundsim certify``), else :func:`command_name`."""
    prog = prog or command_name()
    args, pytest_args = parser(prog).parse_known_args(argv)
    if not args.report.strip():  # "--report=$DIR" with DIR unset: a mistake, not the current folder
        print("error: --report: empty: give a folder for the results, the verdict and the report (default ./reports)",
              file=sys.stderr)
        return USAGE_ERROR
    # Empty ("--connector-url=$URL" with the variable unset): left out, the run certified the
    # reference connector, or every scenario instead of the profile's — a verdict about another run.
    for flag, value, wanted in (
            ("--connector", args.connector, "give module:factory or file.py:factory (leave the option out for the "
                                            "reference connector)"),
            ("--connector-url", args.connector_url, "give the URL the connector API is served at"),
            ("--profile", args.profile, "give a profile's YAML file or the name of one that ships with refundsim")):
        if value is not None and not value.strip():
            print(f"error: {flag}: empty: {wanted}", file=sys.stderr)
            return USAGE_ERROR
    report_dir = Path(args.report).resolve()
    given = [flag for flag, value in (("--profile", args.profile), ("--connector", args.connector),
                                      ("--connector-url", args.connector_url)) if value is not None]
    if args.render_only and (given or pytest_args):
        # Dropped silently, `--render-only -k ebay` rendered every result there as if it were the selection.
        print(f"error: --render-only renders the results already in {report_dir}: {' '.join(given or pytest_args)} is "
              "for a run, and it runs none; leave it out (or certify without --render-only)", file=sys.stderr)
        return USAGE_ERROR
    try:  # the folder must be one before the run starts: pytest would stop on it half-way (INTERNALERROR)
        if not args.render_only:  # rendering again makes nothing where there is nothing
            report_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = "not a folder" if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror
        print(f"error: --report {args.report}: {problem} ({report_dir}): give a folder for the results, the verdict "
              "and the report", file=sys.stderr)
        return USAGE_ERROR
    status = 0
    none = "no scenario ran"  # why there is no verdict, when there is none
    if args.render_only:  # no run to blame: what is there, or not
        verdict_file = report_dir / "certification.json"
        none = (read_verdict(verdict_file)[1] if verdict_file.exists() else
                "no certification.json beside the results: the run that wrote them gave no verdict")
    outcome = ""  # how pytest ended, when it did not exit (killed)
    if not args.render_only:
        # The earlier verdict and results are left to the plugin, which clears them once the run
        # starts: a run refused before (an option, a profile, a connector) leaves them as they were.
        options = ["--certify", "--interrupt-passed-on", f"--alluredir={report_dir / 'allure-results'}",
                   f"--certification-report={report_dir / 'certification.json'}",
                   # A failure's replay line is this command, run in this folder (pytest runs in the suite's).
                   f"--replay-as={prog}", f"--replay-from={Path.cwd()}"]
        if args.profile:
            try:
                options.append(f"--profile={profile_path(args.profile)}")
            except ValueError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return USAGE_ERROR
        environment = dict(os.environ)
        if args.connector:
            options.append(f"--connector={own_connector(args.connector, environment)}")
        if args.connector_url:
            options.append(f"--connector-url={args.connector_url}")
        found = suite()
        if found.installed:  # pytest's cache (--lf) beside the results, not in site-packages
            options += ["-o", f"cache_dir={report_dir / '.pytest_cache'}"]
        command, cwd = pytest_command(*options, *suite_args(found, pytest_args))
        environment["REFUNDSIM_PROG"] = prog  # pytest's refusal of an option names this command (harness/plugin.py)
        environment["REFUNDSIM_USAGE"] = " ".join(  # and gives its usage, not pytest's
            parser(prog).format_usage().removeprefix("usage:").split()) + " [pytest args]"
        verdict = report_dir / "certification.json"
        before = _read(verdict)
        status = _run_pytest(command, cwd, environment)
        print()
        # Refused before it started: the verdict is as it was (the plugin removes it when a run starts,
        # and a run stopped after that, by a connector refused in a scenario, writes its own).
        if status == USAGE_ERROR and _read(verdict) == before:
            print(f"Refused before any scenario ran (a usage error, the reason is above; exit code {status}); the "
                  f"earlier verdict and report in {report_dir} are left as they were")
            return status
        # pytest failed internally before the run began (an INTERNALERROR while it configured: the
        # traceback is above): the verdict there is the earlier run's, not this one's to show.
        if status == INTERNAL_ERROR and _read(verdict) == before:
            kept = (f"the earlier verdict and report in {report_dir} are left as they were, and are not this run's"
                    if before is not None else "no verdict was written")
            print(f"pytest failed internally before any scenario ran (the error is above; exit code {status}): nothing "
                  f"was certified; {kept}")
            return status
        # Interrupted while pytest started, before the run began (the plugin removes the verdict then):
        # the earlier verdict and results are not this run's, and its report must not be rendered again.
        if status in (INTERRUPTED, -signal.SIGINT, -signal.SIGTERM) and _read(verdict) == before:
            kept = (f"the earlier verdict and results in {report_dir} are left as they were" if before is not None
                    else "no verdict was written")
            print(f"Interrupted before any scenario ran (Ctrl-C, SIGINT or SIGTERM; exit code {INTERRUPTED}): nothing "
                  f"was certified; {kept}")
            return INTERRUPTED
        # The plugin removed the earlier verdict when the run started: none now is a run that did not finish.
        none = "the run did not finish: pytest wrote no verdict"
        if status < 0:  # killed by a signal (out of memory, SIGKILL): an interrupted run (docs/ci.md: 2)
            killed = f"pytest was killed by {signal.Signals(-status).name}"
            none = f"the run did not finish: {killed} and wrote no verdict"
            outcome, status = f"{exit_meaning(INTERRUPTED)}: {killed}", INTERRUPTED
        elif status == 0 and (read_verdict(verdict)[0] is None or _read(verdict) == before):
            # pytest succeeded at something that runs no scenario (--collect-only, --version, --markers,
            # --fixtures) and wrote no verdict: exit 0 is CERTIFIED's alone (docs/ci.md), never this.
            none = ("pytest ran no scenario and wrote no verdict: an option such as --collect-only or --version "
                    "lists, it does not certify")
            outcome, status = "no verdict: nothing was certified; only CERTIFIED exits 0", 1
            if before is not None and _read(verdict) == before:
                # The earlier run's, left as it was (pytest removes it only for a session: not for
                # --version or --markers): not this run's to show, nor its report to render again.
                print(f"Report:  none (no scenario ran)\nVerdict: none ({none}); the earlier verdict and report in "
                      f"{report_dir} are left as they were\nOutcome: FAILED ({outcome}; exit code {status})")
                return status
    again = render_again(report_dir, prog)
    try:
        with _signals_interrupt():
            report, why = render(report_dir, again)
    except KeyboardInterrupt:  # Node.js, which the signal reached too, is stopped (subprocess.run kills it)
        report, why = None, (f"interrupted while it was rendered: the results are in {report_dir / 'allure-results'}, "
                             f"and `{again}` renders them")
        outcome, status = f"{exit_meaning(INTERRUPTED)} while the report was rendered", INTERRUPTED
    if not args.render_only and why == NOTHING_RAN:
        why, said = _why_nothing_to_render(report_dir / "certification.json")
        outcome = outcome or said
    if args.render_only and why == NOTHING_RAN:
        # Rendering again is a step of its own (a CI job's, `make report`): nothing to render is a
        # mistake in its folder, not a report, and must not pass as one.
        print(f"error: --report {args.report}: no results to render ({report_dir / 'allure-results'} holds no "
              "scenario's results); give the folder a certification wrote (default ./reports)", file=sys.stderr)
        return USAGE_ERROR
    print(f"Report:  {report}" if report else f"Report:  none ({why})")
    print(f"Verdict: {verdict_line(report_dir, none, listed_above=not args.render_only)}")
    if not args.render_only:
        print("Outcome: PASSED" if status == 0 else f"Outcome: FAILED ({outcome or exit_meaning(status)}; exit code "
                                                    f"{status})")
    elif status == INTERRUPTED:  # the rendering interrupted: said as a run's, whatever the verdict
        print(f"Outcome: FAILED ({outcome}; exit code {status})")
    else:
        # The report of a failed run rendered again (`make report`) must not pass as the gate
        # passing: exit as the verdict it renders, 0 only for CERTIFIED (as harness.gate; none is not one).
        document, _ = read_verdict(report_dir / "certification.json")
        status = 0 if document is not None and document["verdict"] == "CERTIFIED" else 1
    return status if report or not why.startswith("Allure failed") else (status or 1)


if __name__ == "__main__":
    from harness.cli import quiet_when_output_closed  # `... --help | head -1`: no traceback

    sys.exit(quiet_when_output_closed(lambda: main()))
