"""``refundsim``: the installed package's command line (``pip install`` puts it on the PATH).

Each command is the one the repository's Makefile runs, from any folder:

- ``refundsim certify``  — ``make certify`` (:mod:`harness.certify`)
- ``refundsim serve``    — ``python -m simulators serve`` (:mod:`simulators.__main__`)
- ``refundsim selftest`` — ``make selftest`` (:mod:`harness.selftest`)
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
import shlex
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path

#: The distribution's top-level packages. Their names are generic, so another distribution in the
#: same environment may install one of them too and overwrite our files: :func:`clashes` says so.
TOP_LEVEL = ("simulators", "harness", "steps", "fixtures", "contracts")


def certify_command() -> str:
    """How this ``refundsim certify`` is run again from another terminal (a failure's replay line,
    the usage line): ``refundsim certify`` when ``refundsim`` on the PATH is the script that runs
    (an activated environment), else that script by its path — from the current folder when inside
    it (``venv/bin/refundsim certify``)."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is None or script.name != "refundsim" or not script.is_file():
        return "refundsim certify"
    found = shutil.which("refundsim")
    if found is not None and os.path.samefile(found, script):
        return "refundsim certify"
    path = Path(os.path.abspath(script))
    here = Path.cwd()
    shown = path.relative_to(here).as_posix() if path.is_relative_to(here) and here.parent != here else str(path)
    return f"{shlex.quote(shown)} certify"


def _certify(argv: list[str]) -> int:
    from harness.certify import main

    return main(argv, prog=certify_command())


def _serve(argv: list[str]) -> int:
    from simulators.__main__ import main

    return main(["serve", *argv], prog="refundsim")


def _selftest(argv: list[str]) -> int:
    from harness.selftest.__main__ import main

    return main(argv, prog="refundsim selftest")


COMMANDS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "certify": (_certify, "certify a connector: run the acceptance scenarios (a profile's, or all), render the "
                          "report, give the verdict; exit 0 only for CERTIFIED"),
    "serve": (_serve, "serve the simulators (NetSuite, Shopify, eBay, ...), their control plane and the reference "
                      "connector's API on one base URL"),
    "selftest": (_selftest, "prove the suite catches faulty connectors: run it once per fault of the catalogue"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name.ljust(width)}  {summary}" for name, (_, summary) in COMMANDS.items()]
    return ("usage: refundsim {" + ",".join(COMMANDS) + "} [options]\n\n"
            "Certify the refund sync of a NetSuite Connector against simulated NetSuite and storefronts.\n\n"
            "commands:\n" + "\n".join(lines) + "\n\n"
            "`refundsim <command> --help` says what each takes. The connector API a connector in any language "
            "serves: `refundsim serve`, then GET /connector/v1/openapi.json.")


def clashes() -> list[str]:
    """Our top-level packages that another installed distribution also provides (and may have
    overwritten): one line each, empty when there are none."""
    providers = importlib.metadata.packages_distributions()
    return [f"{name} (also from {', '.join(sorted(set(providers[name]) - {'refundsim'}))})"
            for name in TOP_LEVEL if len(set(providers.get(name, ())) - {"refundsim"}) > 0]


def _usage_error(message: str) -> int:
    """A mistake in ``refundsim``'s own command line, said as argparse says one (the usage line,
    then ``refundsim: error: ...``) but with the exit code certify gives a usage error (4, refused
    before any scenario ran: docs/ci.md), not argparse's 2, which that table reads as an
    interrupted run."""
    from harness.certify import USAGE_ERROR  # one number for every command's usage error

    print(usage().splitlines()[0], file=sys.stderr)
    print(f"refundsim: error: {message}", file=sys.stderr)
    return USAGE_ERROR


def _unknown(command: str) -> str:
    """Why ``command`` is not one of ours, in the words the user typed, with the one they likely meant."""
    names = ", ".join(COMMANDS)
    if not command.strip():  # refundsim "$COMMAND" with the variable unset
        return f"the command is empty: give one of {names}"
    if command.startswith("-"):  # refundsim --profile x certify: the command comes first
        return f"{command}: options follow the command (refundsim certify {command} ...)"
    if command == "report":  # `make report`'s, which is certify's
        return f"unknown command report: `refundsim certify --render-only` renders the report again (commands: {names})"
    near = difflib.get_close_matches(command, COMMANDS, n=1, cutoff=0.75)
    return f"unknown command {command}{f': did you mean {near[0]}?' if near else ''} (commands: {names})"


#: The exit code of a command whose reader closed its output: a command-line tool's, killed by
#: SIGPIPE, as the shell reports it (128 + 13).
CLOSED_OUTPUT = 128 + signal.SIGPIPE


def quiet_when_output_closed(run: Callable[[], int]) -> int:
    """``run()``'s exit code, its output flushed; :data:`CLOSED_OUTPUT` and nothing said when the
    reader of its output has gone (``refundsim --help | head -1``): Python ignores SIGPIPE and raises
    BrokenPipeError where a command-line tool ends quietly. What is left to print goes to the null
    device, so that Python's own flush at exit does not fail again ("Exception ignored ...").

    A Ctrl-C (or a SIGINT) that reaches the command before one of its own takes the signal over
    (certify while it starts, reads a profile; ``refundsim`` looking for packages of the same name)
    is said in a line, with the code of an interrupted run (docs/ci.md: 2), not Python's traceback."""
    try:
        try:
            return run()
        finally:  # a return or an exit (argparse's --help exits): what it printed is written now
            sys.stdout.flush()
    except KeyboardInterrupt:
        from harness.certify import INTERRUPTED  # one number for every command's interrupted run

        print(f"Interrupted (Ctrl-C or SIGINT); exit code {INTERRUPTED}", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
        return CLOSED_OUTPUT


def main(argv: list[str] | None = None) -> int:
    """``refundsim <command> [options]``: the command's exit code; 4 for a mistake in the command
    line itself (none given, one we have not, another distribution's packages in the way);
    :data:`CLOSED_OUTPUT` when the reader of its output has gone."""
    return quiet_when_output_closed(lambda: _main(argv))


def _main(argv: list[str] | None) -> int:
    """:func:`main`, but for a closed output."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        return _usage_error(f"no command given: give one of {', '.join(COMMANDS)}")
    if argv[0] in ("-h", "--help"):
        print(usage())
        return 0
    if argv[0] in ("-V", "--version"):
        print(f"refundsim {importlib.metadata.version('refundsim')}")
        return 0
    if argv[0] not in COMMANDS:
        return _usage_error(_unknown(argv[0]))
    clashing = clashes()
    if clashing:
        return _usage_error(f"another distribution in this environment installs packages of the same name: "
                            f"{'; '.join(clashing)}. Install refundsim in an environment of its own "
                            "(python -m venv, or pipx).")
    run, _ = COMMANDS[argv[0]]
    return run(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
