"""``make test`` against issue 14's target (at most 90 s of wall time on an idle 2-core machine), and
where its CPU goes; prints a table.

Each Python process that ``make test`` starts logs its own CPU time when it exits: a
``sitecustomize`` module in a scratch folder put first on ``PYTHONPATH``. It needs no change to the
project. A process that ends with ``os._exit`` logs nothing. Neither does one that is not Python
(node rendering the Allure report, ruff, make), nor mypy, which is compiled. Their CPU is the run's
total less what was logged, and it is shown as such. The table groups the processes by what they
run and names the costliest ones.

    .venv/bin/python bench/make_test_bench.py [--repeat N]   # about 3 minutes a run

Each run is a real ``make test`` in this checkout: it replaces ``reports/.make-test``, as ``make
test`` does. A sitecustomize already on ``PYTHONPATH`` is shadowed for the run's duration.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 90.0
LOG_ENV = "REFUNDSIM_BENCH_PROCESSES"

#: Written as sitecustomize.py: appends one JSON line per process at its exit (one ``write`` on a
#: file opened for appending, so lines from processes ending together do not interleave).
SITECUSTOMIZE = f'''\
import atexit, json, os, resource, sys


def _log_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    line = json.dumps({{"pid": os.getpid(), "parent": os.getppid(), "cpu": usage.ru_utime + usage.ru_stime,
                       "argv": sys.argv}}) + "\\n"
    with open(os.environ["{LOG_ENV}"], "a", encoding="utf-8") as log:
        log.write(line)


if os.environ.get("{LOG_ENV}"):
    atexit.register(_log_cpu)
'''


@dataclass(frozen=True)
class Process:
    """One logged process: its id, its parent's, its CPU seconds (user + system), its command line."""

    pid: int
    parent: int
    cpu: float
    argv: list[str]

    @property
    def is_pytest(self) -> bool:
        return bool(self.argv) and self.argv[0].endswith("pytest/__main__.py")


def kind(process: Process, controllers: set[int]) -> str:
    """What a process of ``make test`` runs, in the words of the table. ``controllers``: the ids of
    the ``pytest -n`` processes, whose children started with ``-c`` are their xdist workers."""
    argv = process.argv
    if argv[:1] == ["-c"] and process.parent in controllers:
        return "pytest -n: its xdist workers"
    if argv[:1] and argv[0].endswith("simulators/__main__.py") and "serve" in argv:
        return "python -m simulators serve"
    if argv[:1] and argv[0].endswith("selftest/__main__.py"):
        return "the self-test"
    if process.pid in controllers:
        return "pytest -n: the controller"
    if process.is_pytest and any(re.match(r"(.*/)?features(/.*)?$", a) for a in argv[1:]):
        return "pytest runs of the features that tests start"
    if process.is_pytest:
        return "other pytest runs that tests start"
    return "other Python"


def short(argv: list[str], width: int = 150) -> str:
    """A command line for the table: pytest named as such, an option's long scratch path cut to its
    last three parts, an admin token masked."""
    words = ["pytest" if w.endswith("pytest/__main__.py") else w for w in argv]
    words = ["***" if before == "--admin-token" else re.sub(r"^(--admin-token=).+", r"\1***", w)
             for before, w in zip(["", *words], words, strict=False)]
    words = [re.sub(r"^(--[\w-]+=)/\S+?((?:/[^/\s]+){3})$", r"\1…\2", w) for w in words]
    line = " ".join(words)
    return line if len(line) <= width else line[:width - 1] + "…"


def read_log(path: Path) -> list[Process]:
    """The processes the log holds; a line cut short by a killed process is skipped."""
    if not path.exists():
        return []
    processes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        processes.append(Process(int(entry["pid"]), int(entry["parent"]), float(entry["cpu"]), [str(a) for a in entry["argv"]]))
    return processes


def _controllers(processes: list[Process]) -> set[int]:
    """The ids of the ``pytest -n`` processes: their children started with ``-c`` are xdist workers."""
    return {p.pid for p in processes if p.is_pytest and "-n" in p.argv}


def census(processes: Iterable[Process]) -> dict[str, tuple[int, float]]:
    """Process count and CPU seconds per :func:`kind`, costliest first."""
    processes = list(processes)
    controllers = _controllers(processes)
    kinds: dict[str, tuple[int, float]] = {}
    for process in processes:
        name = kind(process, controllers)
        count, cpu = kinds.get(name, (0, 0.0))
        kinds[name] = (count + 1, cpu + process.cpu)
    return dict(sorted(kinds.items(), key=lambda item: -item[1][1]))


def run_make_test(scratch: Path) -> tuple[float, float, list[Process]]:
    """(wall s, CPU s of every process it started, the processes logged) of one ``make test``.
    Exits if it fails: a failing run's time means nothing."""
    (scratch / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = scratch / "processes.jsonl"
    log.unlink(missing_ok=True)
    env = {**os.environ, LOG_ENV: str(log),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(scratch), os.environ.get("PYTHONPATH")]))}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(["make", "test"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"make test failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, read_log(log)


def report(wall: float, cpu: float, processes: list[Process], top: int = 10) -> str:
    """The table of one run."""
    cores = os.cpu_count() or 1
    logged = sum(p.cpu for p in processes)
    lines = [f"make test: {wall:.1f} s wall (target <= {TARGET_S:.0f} s: {'met' if wall <= TARGET_S else 'MISSED'}), "
             f"{cpu:.1f} s CPU, {cpu / wall / cores:.0%} of {cores} CPUs busy; load average now {os.getloadavg()[0]:.2f}",
             "", f"{'CPU by what the process runs':<52}{'processes':>10}{'CPU s':>9}{'share':>8}", "-" * 79]
    for name, (count, seconds) in census(processes).items():
        lines.append(f"{name:<52}{count:>10}{seconds:>9.1f}{seconds / cpu:>8.0%}")
    lines.append(f"{'not logged (node, ruff, mypy, make, os._exit)':<52}{'':>10}{cpu - logged:>9.1f}{(cpu - logged) / cpu:>8.0%}")
    lines += ["", f"The {top} processes that cost the most CPU:"]
    controllers = _controllers(processes)
    lines += [f"{p.cpu:7.1f} s  {short(p.argv) if p.argv[1:] else kind(p, controllers)}"
              for p in sorted(processes, key=lambda p: -p.cpu)[:top]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs, one after the other; each is printed")
    args = parser.parse_args(argv)
    walls = []
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(args.repeat):
            wall, cpu, processes = run_make_test(Path(scratch))
            walls.append(wall)
            print(f"\nrun {n + 1} of {args.repeat}\n{report(wall, cpu, processes)}", flush=True)
    if args.repeat > 1:
        print(f"\nbest of {args.repeat}: {min(walls):.1f} s wall (target <= {TARGET_S:.0f} s: "
              f"{'met' if min(walls) <= TARGET_S else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
