"""The self-test's pytest runs, each in a process of its own, started from a fork server.

Each faulty connector's run is a whole pytest session of the suite, as ``python -m pytest`` would
run it, but the process it runs in is forked from a server process (:mod:`multiprocessing`'s
``forkserver``) that imported the third-party libraries and the simulators once: a fresh Python
spent about half of a one-scenario run importing them, twenty-odd times a self-test. The suite's own
modules (the conftest, the harness's plugins, the steps) are imported by each run, so pytest rewrites
their asserts as in any run, and no state of a run outlives it.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

#: Imported once, in the fork server: libraries and the simulators, none of which pytest rewrites
#: (harness/plugin.py registers the harness's plugins and the steps for rewriting: never these).
PRELOAD = ["pytest", "_pytest.python", "_pytest.fixtures", "pytest_bdd.plugin", "allure_pytest_bdd.plugin",
           "xdist.plugin", "flask", "requests", "requests_oauthlib", "oauthlib.oauth1", "faker", "freezegun", "waitress",
           "yaml", "orjson", "simulators.app", "simulators.clients", "harness.selftest.catalogue"]

#: pytest's exit code for an interrupted run: what a run the self-test did not start, interrupted, gives.
INTERRUPTED = 2
#: Set once the self-test is interrupted: no run starts after it (:func:`interrupt_runs`).
_interrupted = threading.Event()
#: The runs going on (each a process), which an interrupt stops; guarded by the lock.
_running: set[multiprocessing.process.BaseProcess] = set()
_running_lock = threading.Lock()


def interrupt_runs(signum: int = signal.SIGINT) -> None:
    """Stop the self-test's runs (it was interrupted): each one going on is sent ``signum`` (SIGINT:
    pytest ends its session as for a Ctrl-C; SIGKILL at a second interrupt), and no run starts after
    this — :func:`run_pytest` answers :data:`INTERRUPTED` at once. Without it, the threads that run
    the faults went on starting every other fault's runs after a Ctrl-C, for minutes."""
    _interrupted.set()
    with _running_lock:
        for process in _running:
            if process.pid is not None:
                try:
                    os.kill(process.pid, signum)
                except ProcessLookupError:  # it ended meanwhile
                    pass


def interrupted() -> bool:
    """Whether the self-test was interrupted (:func:`interrupt_runs`): a run's output is no news then."""
    return _interrupted.is_set()


@functools.cache
def _forkserver() -> multiprocessing.context.ForkServerContext:
    """The fork server's context, told what to preload before the server starts (with its first run)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _pytest(args: list[str], cwd: str, output: str) -> None:
    """In the child: pytest with ``args`` in ``cwd``, everything it prints to the file ``output``;
    the process's exit code is pytest's."""
    # A Ctrl-C reaches the run twice (the terminal's, to the process group, and the self-test's,
    # interrupt_runs): the second would break pytest's report of the first with a traceback.
    def interrupt_once(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt_once)
    os.chdir(cwd)
    sys.path.insert(0, cwd)  # as `python -m pytest` puts the folder it starts in first
    sys.stdout.flush()
    sys.stderr.flush()
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    import pytest

    code = pytest.main(args)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(int(code))


def run_pytest(command: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``command`` (``[python, "-m", "pytest", *args]``, as :func:`harness.certify.pytest_command`
    makes it) in ``cwd`` in a forked process (a new one where there is no fork server: Windows);
    its exit code and what it printed (stdout and stderr).

    :raise ValueError: ``command`` is not a run of pytest's module.
    """
    if command[1:3] != ["-m", "pytest"]:
        raise ValueError(f"not a pytest command: {command[:3]}")
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows: a process of its own, as before
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout + done.stderr
    if _interrupted.is_set():
        return INTERRUPTED, ""
    with tempfile.NamedTemporaryFile(prefix="refundsim-run-", suffix=".txt", delete=False) as out:
        output = out.name
    try:
        process = _forkserver().Process(target=_pytest, args=(command[3:], str(cwd), output))
        with _running_lock:  # an interrupt now stops it too, and one before it is seen here
            if _interrupted.is_set():
                return INTERRUPTED, ""
            process.start()
            _running.add(process)
        process.join()  # interrupted (Ctrl-C in the main thread), it stays among those interrupt_runs stops
        with _running_lock:
            _running.discard(process)
        return (process.exitcode if process.exitcode is not None else 1), Path(output).read_text(encoding="utf-8", errors="replace")
    finally:
        os.unlink(output)
