"""Running the mutants: worker processes, the baseline, the schedule, the results.

The run, in order:

1. start one worker per core (:mod:`bench.mutants.worker`: a pytest session that collects once);
2. **baseline**: the workers run every scenario unmutated, tracing which lines of the target files
   each one executes and how long it takes; a scenario that fails here stops the run (the
   original code must pass before its mutants mean anything);
3. **mutants**: each mutant is sent to a free worker with the scenarios that execute its lines —
   those that killed other mutants of the same function first, then the fastest — and the
   worker stops at the first failing scenario. A scenario that runs past its
   time limit (``time_limit + time_factor`` × its baseline time) kills the worker: the mutant is
   killed by timeout and a new worker starts;
4. **final check**: every worker runs every scenario once more, unmutated, after all its mutants;
   a failure there means a mutant leaked into the session, and the run's results are void.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import equivalents
from .mutate import Mutant, Target, generate
from .worker import file_hash

#: Where ``python -m bench.mutants.worker`` is importable from.
TOOL_ROOT = Path(__file__).resolve().parents[2]


class RunError(Exception):
    """The run cannot give a result: the message says why (baseline failure, broken isolation,
    a worker that cannot start)."""


@dataclass
class Config:
    """What to mutate and how to test it. ``worker_args`` gives per-worker pytest options from the
    worker's scratch directory (report paths that must not be shared)."""

    targets: list[Target]
    pytest_args: list[str]
    cwd: Path
    equivalents: Path
    workers: int = 2
    time_limit: float = 5.0
    time_factor: float = 10.0
    baseline_time_limit: float = 120.0
    #: A worker is replaced by a fresh one after this many scenario runs: a session accumulates
    #: what the suite keeps per run (pytest's reports; the NetSuite simulator's nonce cache, which
    #: never prunes under the frozen clock and past 10,000 nonces rebuilds itself on every request).
    recycle_after: int = 250
    worker_args: Callable[[Path], list[str]] = field(default=lambda scratch: [])
    files: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()


@dataclass
class Result:
    """What became of one mutant. ``status``: killed | survived | equivalent; ``how`` (killed):
    failure | timeout | error; ``by``: the scenario that killed it; ``ran``: the scenarios run."""

    mutant: Mutant
    status: str
    how: str = ""
    by: str | None = None
    message: str = ""
    ran: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    equivalent: equivalents.Equivalent | None = None

    def as_dict(self) -> dict[str, Any]:
        m = self.mutant
        return {
            "id": m.id, "file": m.target.path.as_posix(), "line": m.line, "scope": m.scope, "operator": m.operator,
            "original": m.original, "mutated": m.mutated, "source_line": m.source_line,
            "mutated_line": m.mutated_line, "status": self.status, "how": self.how, "killed_by": self.by,
            "message": self.message, "scenarios_run": self.ran, "scenarios_selected": self.selected,
            "equivalent_reason": self.equivalent.reason if self.equivalent else None,
        }


@dataclass
class Report:
    results: list[Result]
    stale: list[str]
    scenarios: int
    seconds: dict[str, float]
    scenario_runs: int
    workers: int
    warnings: list[str] = field(default_factory=list)

    def count(self, status: str, how: str | None = None) -> int:
        return sum(1 for r in self.results if r.status == status and (how is None or r.how == how))

    @property
    def score(self) -> float | None:
        """killed / (total − equivalent), or None when nothing counts."""
        counted = len(self.results) - self.count("equivalent")
        return self.count("killed") / counted if counted else None


def select(mutants: list[Mutant], config: Config) -> list[Mutant]:
    """The mutants the filters keep (all when none is given)."""
    def keep(m: Mutant) -> bool:
        return ((not config.files or m.target.name in config.files)
                and (not config.functions or any(m.scope == f or m.scope.startswith(f + ".") for f in config.functions))
                and (not config.ids or m.id in config.ids)
                and (not config.operators or m.operator in config.operators))
    return [m for m in mutants if keep(m)]


class WorkerDied(Exception):
    pass


class Worker:
    """One worker process and the thread that reads its answers."""

    def __init__(self, number: int, config: Config, scratch: Path) -> None:
        self.number = number
        self.config = config
        self.scratch = scratch
        self.log = scratch / f"worker-{number}.log"
        self.starts = 0
        #: Scenario runs since the process started.
        self.runs = 0
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> dict[str, Any]:
        """Start (or restart) the process; its "ready" answer.

        :raise RunError: it did not get ready (pytest refused the arguments, collection failed).
        """
        self.starts += 1
        self.runs = 0
        scratch = self.scratch / f"worker-{self.number}-{self.starts}"
        scratch.mkdir()
        settings = {
            "cwd": str(self.config.cwd), "log": str(self.log),
            "targets": [[t.module, str(t.path)] for t in self.config.targets],
            "pytest_args": [*self.config.pytest_args, *self.config.worker_args(scratch)],
        }
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(TOOL_ROOT), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.mutants.worker", json.dumps(settings)], cwd=TOOL_ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        self.answers: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, args=(self.process, self.answers), daemon=True).start()
        try:
            ready = self._next(self.config.baseline_time_limit)
        except (WorkerDied, TimeoutError) as exc:
            raise RunError(f"worker {self.number} did not start ({exc}); its log ends:\n{self.log_tail()}") from None
        if ready["event"] != "ready":
            raise RunError(f"worker {self.number}: {ready.get('message', ready)}\n{self.log_tail()}")
        return ready

    @staticmethod
    def _read(process: subprocess.Popen[str], answers: queue.Queue[dict[str, Any]]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                answers.put(json.loads(line))
            except json.JSONDecodeError:
                continue  # something wrote to the answer channel that is not ours
        answers.put({"event": "eof"})

    def _next(self, timeout: float) -> dict[str, Any]:
        try:
            answer = self.answers.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            raise TimeoutError(f"no answer within {timeout:.1f} s") from None
        if answer["event"] == "eof":
            assert self.process is not None
            code = self.process.wait()
            raise WorkerDied(f"the worker exited with code {code}")
        if answer["event"] == "fatal":
            raise RunError(f"worker {self.number}: {answer['message']}")
        return answer

    def run(self, mutant: str | None, items: list[str], *, trace: bool, stop_on_failure: bool,
            limit: Callable[[str], float]) -> tuple[dict[str, Any], dict[str, float]]:
        """One request; its answer and the time each scenario took (measured here: the worker's
        clock is frozen by the scenarios). A scenario past ``limit(item)`` kills the process and
        answers ``{"outcome": "timeout", "item": ...}``; a process that dies answers ``"died"``.
        """
        assert self.process is not None and self.process.stdin is not None
        request = {"op": "run", "mutant": mutant, "items": items, "trace": trace, "stop_on_failure": stop_on_failure}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return {"outcome": "died", "item": None, "message": "the worker had exited", "ran": []}, {}
        durations: dict[str, float] = {}
        current: str | None = None
        started = time.monotonic()
        ran: list[str] = []
        while True:
            wait = limit(current) if current is not None else self.config.baseline_time_limit
            try:
                answer = self._next(started + wait - time.monotonic())
            except TimeoutError:
                self.kill()
                return {"outcome": "timeout", "item": current, "message": f"over {wait:.1f} s", "ran": ran}, durations
            except WorkerDied as exc:
                return {"outcome": "died", "item": current, "message": f"{exc}; log: {self.log_tail(3)}", "ran": ran}, durations
            now = time.monotonic()
            if current is not None:
                durations[current] = now - started
            if answer["event"] == "start":
                current, started = answer["item"], now
                ran.append(current)
                self.runs += 1
            elif answer["event"] == "done":
                return answer, durations

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps({"op": "stop"}) + "\n")
            self.process.stdin.close()
            self.process.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def run(config: Config, progress: Callable[[str], None] = lambda line: None) -> Report:
    """Mutate the targets, test every selected mutant, and report.

    :raise RunError: the baseline failed, a worker could not start or broke isolation, or the
        target files changed while the run was going on.
    :raise equivalents.EquivalentsError: the equivalents file cannot be read.
    """
    clock = time.monotonic()
    by_file = generate(config.targets)
    every = [m for module in by_file.values() for m in module.mutants]
    matched, stale = equivalents.match(equivalents.load(config.equivalents), every)
    mutants = select(every, config)
    hashes = {t.name: file_hash(t.path) for t in config.targets}
    seconds: dict[str, float] = {}
    # Scratch (worker logs, report files) beside the suite's reports when it has a reports/ folder.
    scratch_parent = config.cwd / "reports" if (config.cwd / "reports").is_dir() else None
    with tempfile.TemporaryDirectory(dir=scratch_parent, prefix=".mutants-") as scratch_dir:
        scratch = Path(scratch_dir)
        workers = [Worker(number, config, scratch) for number in range(1, max(1, config.workers) + 1)]
        try:
            readies = _on_each(workers, lambda w: w.start())
            for ready in readies:
                if ready["hashes"] != hashes:
                    raise RunError("the target files changed while the run started; run it again")
            nodeids: list[str] = readies[0]["items"]
            if not nodeids:
                raise RunError("no scenario was selected: check the pytest arguments")
            seconds["start-up"] = time.monotonic() - clock
            progress(f"{len(mutants)} mutants, {len(nodeids)} scenarios, {len(workers)} workers; baseline...")

            mark = time.monotonic()
            lines, durations = _baseline(workers, nodeids, config)
            seconds["baseline"] = time.monotonic() - mark

            mark = time.monotonic()
            results, scenario_runs = _test_mutants(workers, mutants, lines, durations, matched, config, progress)
            seconds["mutants"] = time.monotonic() - mark

            mark = time.monotonic()
            finals = _on_each(workers, lambda w: w.run(None, nodeids, trace=False, stop_on_failure=False,
                                                       limit=lambda item: config.baseline_time_limit)[0])
            for worker, final in zip(workers, finals, strict=True):
                if final["outcome"] != "passed":
                    raise RunError(f"isolation check failed: after its mutants, worker {worker.number} fails "
                                   f"{final['item']} with the original code ({final['message']}); results are void")
            seconds["final check"] = time.monotonic() - mark
            scenario_runs += len(nodeids) * (len(workers) + 1)
        finally:
            _on_each(workers, lambda w: w.stop())
        if {t.name: file_hash(t.path) for t in config.targets} != hashes:
            raise RunError("the target files changed during the run; run it again")
    seconds["total"] = time.monotonic() - clock
    warnings = [f"{r.mutant.id} is listed as equivalent but {r.by} kills it: remove it from {config.equivalents.name}"
                for r in results if r.status == "killed" and r.mutant.id in matched]
    return Report(results, stale, len(nodeids), seconds, scenario_runs, len(workers), warnings)


def _baseline(workers: list[Worker], nodeids: list[str], config: Config) -> tuple[dict[str, dict[str, set[int]]], dict[str, float]]:
    """Every scenario, unmutated and traced, split between the workers: the lines each executes
    (``{node id: {file name: lines}}``) and its time."""
    shares = [nodeids[i::len(workers)] for i in range(len(workers))]
    answers = _on_each(list(zip(workers, shares, strict=True)),
                       lambda pair: pair[0].run(None, pair[1], trace=True, stop_on_failure=False,
                                                limit=lambda item: config.baseline_time_limit))
    lines: dict[str, dict[str, set[int]]] = {}
    durations: dict[str, float] = {}
    for answer, times in answers:
        if answer["outcome"] != "passed":
            raise RunError(f"the original code fails {answer['item']}: {answer['message']} — every scenario "
                           "must pass before its mutants can be judged")
        durations.update(times)
        for nodeid, files in answer["lines"].items():
            lines[nodeid] = {name: set(numbers) for name, numbers in files.items()}
    return lines, durations


def _test_mutants(workers: list[Worker], mutants: list[Mutant], lines: dict[str, dict[str, set[int]]],
                  durations: dict[str, float], matched: dict[str, equivalents.Equivalent], config: Config,
                  progress: Callable[[str], None]) -> tuple[list[Result], int]:
    results: dict[str, Result] = {}
    todo: queue.Queue[tuple[Mutant, list[str]]] = queue.Queue()
    touches_targets = [n for n, files in lines.items() if files]
    for mutant in mutants:
        first, last = mutant.lines
        if mutant.unit[0] == "statement":
            selected = list(touches_targets)  # code run on import: its values reach everything
        else:
            selected = [n for n, files in lines.items()
                        if any(first <= line <= last for line in files.get(mutant.target.name, ()))]
        if selected:
            todo.put((mutant, selected))
        else:
            results[mutant.id] = Result(mutant, "survived", message="no scenario executes this code")
    total = todo.qsize()
    done = [0]
    runs = [0]
    lock = threading.Lock()
    fatal: list[BaseException] = []

    def limit(item: str) -> float:
        return config.time_limit + config.time_factor * durations.get(item, 1.0)

    #: The scenarios that killed mutants of each function so far: they go first for its next
    #: mutants (a scenario that catches one broken line of a function tends to catch the others).
    killers: dict[str, Counter[str]] = {}

    def serve(worker: Worker) -> None:
        while not fatal:
            try:
                mutant, selected = todo.get_nowait()
            except queue.Empty:
                return
            with lock:
                kills = killers.setdefault(mutant.scope, Counter())
                selected = sorted(selected, key=lambda n: (-kills[n], durations.get(n, 0.0)))
            try:
                answer, _ = worker.run(mutant.id, selected, trace=False, stop_on_failure=True, limit=limit)
                if answer["outcome"] in ("timeout", "died"):
                    worker.kill()
                    worker.start()
                elif worker.runs >= config.recycle_after:
                    worker.stop()
                    worker.start()
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which stops the run
                fatal.append(exc)
                return
            result = _result(mutant, selected, answer)
            with lock:
                results[mutant.id] = result
                if result.by is not None:
                    killers[mutant.scope][result.by] += 1
                runs[0] += len(answer.get("ran", []))
                done[0] += 1
                if done[0] % max(1, total // 10) == 0 or done[0] == total:
                    killed = sum(1 for r in results.values() if r.status == "killed")
                    progress(f"{done[0]}/{total} mutants tested, {killed} killed")

    _on_each(workers, serve)
    if fatal:
        raise fatal[0]
    ordered = []
    for mutant in mutants:
        result = results[mutant.id]
        if mutant.id in matched:
            result.equivalent = matched[mutant.id]
            if result.status == "survived":
                result.status = "equivalent"
        ordered.append(result)
    return ordered, runs[0]


def _result(mutant: Mutant, selected: list[str], answer: dict[str, Any]) -> Result:
    outcome = answer["outcome"]
    ran = answer.get("ran", [])
    if outcome == "passed":
        return Result(mutant, "survived", ran=ran, selected=selected)
    if outcome == "timeout":
        return Result(mutant, "killed", "timeout", answer["item"], answer["message"], ran, selected)
    if outcome == "failed" and answer["when"] == "call":
        return Result(mutant, "killed", "failure", answer["item"], answer["message"], ran, selected)
    # setup or teardown failed, the mutant could not be applied, or the worker died under it
    return Result(mutant, "killed", "error", answer.get("item"), answer["message"], ran, selected)


def _on_each(workers: list[Any], function: Callable[[Any], Any]) -> list[Any]:
    """``function`` on every element at once, one thread each (each waits on its own worker)."""
    with ThreadPoolExecutor(max_workers=len(workers)) as pool:
        return list(pool.map(function, workers))
