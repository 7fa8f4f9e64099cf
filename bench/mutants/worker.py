"""A mutation-testing worker: one long-lived pytest session that runs scenarios on request, each
request with one mutant applied in memory, and puts the original code back after it.

``python -m bench.mutants.worker CONFIG_JSON`` is started by :mod:`bench.mutants.run`, in the
directory pytest must run from. It speaks JSON lines: requests on its standard input, answers on
the standard output it had at start (pytest's own output goes to the log file named in the
config). Requests::

    {"op": "run", "mutant": <id or null>, "items": [<node id>, ...], "trace": <bool>, "stop_on_failure": <bool>}
    {"op": "stop"}

Answers: ``{"event": "ready", "items": [...], "hashes": {...}}`` once collected;
``{"event": "start", "item": <node id>}`` before each scenario (the caller's clock for time
limits); ``{"event": "done", ...}`` after a run (see :meth:`WorkerPlugin.run`);
``{"event": "fatal", "message": ...}`` when the worker cannot go on (it then exits).

Isolation: a mutant is applied by swapping one function's ``__code__`` (or rebinding the names
of one module-level statement) and undone in a ``finally``; after every run the worker checks
that every function of the targets has its original code object and every module global of the
targets (and every rebound import) is the original object with the original contents. A
difference is fatal: the run stops rather than test the next mutant against a changed connector.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib
import json
import os
import resource
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType, FunctionType, ModuleType
from typing import IO, Any

import pytest

from .mutate import ModuleMutants, Mutant, Target, generate

#: Address space a worker may use: a mutant that allocates without end fails with MemoryError
#: (the scenario fails: killed) instead of taking the machine's memory from everyone else.
MEMORY_LIMIT = 4 * 1024**3


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _functions(module: ModuleType) -> Iterator[FunctionType]:
    """The functions and methods defined in ``module`` (not the ones it imported)."""
    def from_namespace(namespace: dict[str, Any], seen: set[int]) -> Iterator[FunctionType]:
        for value in list(namespace.values()):
            candidates: list[Any] = [value]
            if isinstance(value, (staticmethod, classmethod)):
                candidates = [value.__func__]
            elif isinstance(value, property):
                candidates = [value.fget, value.fset, value.fdel]
            for candidate in candidates:
                if isinstance(candidate, FunctionType) and candidate.__module__ == module.__name__:
                    yield candidate
                elif isinstance(candidate, type) and candidate.__module__ == module.__name__ and id(candidate) not in seen:
                    seen.add(id(candidate))
                    yield from from_namespace(dict(vars(candidate)), seen)
    yield from from_namespace(vars(module), set())


class LiveModule:
    """A target module as loaded in this process, and how to put a mutant into it and take it out."""

    def __init__(self, mutants: ModuleMutants) -> None:
        self.mutants = mutants
        self.module = importlib.import_module(mutants.target.module)
        self.functions = {(f.__code__.co_qualname, f.__code__.co_firstlineno): f for f in _functions(self.module)}
        self.original_codes = {key: f.__code__ for key, f in self.functions.items()}
        # What a mutant or its undoing could leave changed: the names module-level statements bind
        # (the classes, functions and constants defined here) and the contents of its containers.
        # Not every global: the suite's frozen clock patches the imported ``datetime`` while it runs.
        namespace = vars(self.module)
        bound = {name for mutant in mutants.mutants if mutant.unit[0] == "statement" for name in mutant.unit[2:]}
        bound |= {name for name, value in namespace.items()
                  if getattr(value, "__module__", None) == self.module.__name__ and not name.startswith("__")}
        self.original_globals = {name: namespace[name] for name in bound}
        self.original_contents = {name: copy.deepcopy(value) for name, value in namespace.items()
                                  if type(value) in (dict, list, set, tuple) and not name.startswith("__")}
        #: (module namespace, name, original value) of every binding a statement mutant changed.
        self.rebound: list[tuple[dict[str, Any], str, Any]] = []

    def apply(self, mutant: Mutant) -> Callable[[], None]:
        """Put ``mutant`` into the live module; return what takes it out again.

        :raise Exception: whatever compiling or executing the mutant raised (the mutant is then
            not applied: everything it changed is already undone).
        """
        code = self.mutants.code(mutant.id)
        if mutant.unit[0] == "function":
            function = self.functions[(mutant.unit[1], mutant.unit[2])]
            original = function.__code__
            function.__code__ = code

            def restore_function() -> None:
                function.__code__ = original
            return restore_function
        names = mutant.unit[2:]
        namespace = vars(self.module)
        before = {name: namespace[name] for name in names}
        self.rebound = [(namespace, name, value) for name, value in before.items()]
        try:
            exec(code, namespace)  # noqa: S102 - the mutant statement, in the module it belongs to
            package = self.module.__name__.split(".")[0] + "."
            for other in list(sys.modules.values()):
                other_namespace = getattr(other, "__dict__", None)
                if other is self.module or other_namespace is None or not getattr(other, "__name__", "").startswith(package):
                    continue
                for name, old in before.items():
                    if other_namespace.get(name, None) is old and old is not None:
                        self.rebound.append((other_namespace, name, old))
                        other_namespace[name] = namespace[name]
        except BaseException:
            self.restore_statement()
            raise
        return self.restore_statement

    def restore_statement(self) -> None:
        """Put back every binding the statement mutant changed (kept in ``rebound`` for :meth:`changes`)."""
        for namespace, name, value in self.rebound:
            namespace[name] = value

    def changes(self) -> list[str]:
        """What differs from the module as loaded (nothing, after every restore)."""
        found = [f"{'.'.join(map(str, key))} has mutated code" for key, function in self.functions.items()
                 if function.__code__ is not self.original_codes[key]]
        namespace = vars(self.module)
        found += [f"{self.module.__name__}.{name} is another object" for name, value in self.original_globals.items()
                  if namespace.get(name) is not value]
        found += [f"{self.module.__name__}.{name}'s contents changed" for name, value in self.original_contents.items()
                  if namespace.get(name) != value]
        found += [f"{namespace.get('__name__')}.{name} is still rebound" for namespace, name, value in self.rebound
                  if namespace.get(name) is not value]
        return found


class Tracer:
    """Records the lines of the target files each scenario executes (``sys.settrace`` and
    ``threading.settrace``, so threads a scenario starts are traced too; only frames of the
    target files get a line tracer, so the rest of the process runs at near full speed)."""

    def __init__(self, files: set[str]) -> None:
        self.files = files
        self.lines: dict[str, set[int]] = {}

    def __call__(self, frame: FrameType, event: str, arg: Any) -> Any:
        filename = frame.f_code.co_filename
        if filename not in self.files:
            return None
        lines = self.lines.setdefault(filename, set())

        def line_tracer(frame: FrameType, event: str, arg: Any) -> Any:
            if event == "line":
                lines.add(frame.f_lineno)
            return line_tracer
        lines.add(frame.f_lineno)
        return line_tracer

    def __enter__(self) -> Tracer:
        self.lines = {}
        threading.settrace(self)
        sys.settrace(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        sys.settrace(None)
        threading.settrace(None)  # type: ignore[arg-type]


class WorkerPlugin:
    """The pytest plugin that replaces the test loop with the request loop."""

    def __init__(self, targets: list[Target], requests: IO[str], answers: IO[str]) -> None:
        self.targets = targets
        self.requests = requests
        self.answers = answers
        self.reports: list[pytest.TestReport] = []

    def send(self, **message: Any) -> None:
        self.answers.write(json.dumps(message) + "\n")
        self.answers.flush()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.reports.append(report)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        if session.testsfailed:
            self.send(event="fatal", message=f"{session.testsfailed} error(s) during collection; see the worker log")
            return True
        self.session = session
        self.items = {item.nodeid: item for item in session.items}
        try:
            self.modules = {name: LiveModule(mutants) for name, mutants in generate(self.targets).items()}
            self.mutants = {m.id: (name, m) for name, live in self.modules.items() for m in live.mutants.mutants}
        except Exception as exc:  # noqa: BLE001 - reported to the caller, who stops the run
            self.send(event="fatal", message=f"cannot load the targets: {type(exc).__name__}: {exc}")
            return True
        #: co_filename of each target's code → the target's file name.
        self.files = {str(live.module.__file__): name for name, live in self.modules.items()}
        for live in self.modules.values():
            if not os.path.samefile(str(live.module.__file__), live.mutants.target.path):
                self.send(event="fatal", message=f"{live.module.__name__} was imported from {live.module.__file__}, "
                                                 f"not from {live.mutants.target.path}")
                return True
        _silence_allure_files()
        self.send(event="ready", items=list(self.items), hashes={t.name: file_hash(t.path) for t in self.targets})
        try:
            for line in self.requests:
                request = json.loads(line)
                if request["op"] == "stop":
                    break
                self.send(event="done", **self.run(request["mutant"], request["items"], request["trace"],
                                                   request["stop_on_failure"]))
                if broken := [change for live in self.modules.values() for change in live.changes()]:
                    self.send(event="fatal", message=f"isolation broken after {request['mutant']}: {'; '.join(broken)}")
                    break
        finally:
            session._setupstate.teardown_exact(None)
        return True

    def run(self, mutant_id: str | None, nodeids: list[str], trace: bool, stop_on_failure: bool) -> dict[str, Any]:
        """Run the scenarios ``nodeids`` with the mutant applied (none for ``None``).

        Answers ``outcome``: ``failed`` (a scenario failed or errored: ``item`` and ``message``
        say which and why), ``passed`` (all passed), or ``error`` (the mutant could not be
        applied); ``ran``: the node ids run; ``outcomes``: each one's outcome; ``lines``: with
        ``trace``, the lines of each target file each scenario executed.
        """
        restore: Callable[[], None] | None = None
        if mutant_id is not None:
            name, mutant = self.mutants[mutant_id]
            try:
                restore = self.modules[name].apply(mutant)
            except Exception as exc:  # noqa: BLE001 - a mutant that cannot even load is killed
                return {"outcome": "error", "item": None, "when": None, "message": f"{type(exc).__name__}: {exc}",
                        "ran": [], "outcomes": {}, "lines": {}}
        answer: dict[str, Any] = {"outcome": "passed", "item": None, "when": None, "message": "", "ran": [],
                                  "outcomes": {}, "lines": {}}
        try:
            for position, nodeid in enumerate(nodeids):
                item = self.items[nodeid]
                self.send(event="start", item=nodeid)
                following = self.items[nodeids[position + 1]] if position + 1 < len(nodeids) else self._sibling(item)
                if trace:
                    with Tracer(set(self.files)) as tracer:
                        failure = self._run_item(item, following)
                    answer["lines"][nodeid] = {self.files[f]: sorted(lines) for f, lines in tracer.lines.items()}
                else:
                    failure = self._run_item(item, following)
                answer["ran"].append(nodeid)
                answer["outcomes"][nodeid] = "failed" if failure is not None else "passed"
                if failure is not None and answer["outcome"] == "passed":
                    answer.update(outcome="failed", item=nodeid, when=failure[0], message=failure[1])
                    if stop_on_failure:
                        break
        finally:
            if restore is not None:
                restore()
        return answer

    def _run_item(self, item: pytest.Item, following: pytest.Item | None) -> tuple[str, str] | None:
        """Run one scenario through pytest's whole protocol (fixtures, hooks, the report); the
        phase that failed (setup, call, teardown) and why, or None when it passed."""
        # Tear down what the previous run kept and this item does not share (another module).
        self.session._setupstate.teardown_exact(item)
        self.reports = []
        with _fixtures_put_back(self.session, item):
            item.ihook.pytest_runtest_protocol(item=item, nextitem=following)
        self.session.shouldfail = self.session.shouldstop = False  # -x or --maxfail must not end the session
        for report in self.reports:
            if report.failed:
                crash = getattr(report.longrepr, "reprcrash", None)
                message = crash.message if crash is not None else (str(report.longrepr).strip().splitlines() or [""])[-1]
                return report.when, " ".join(message.split())[:400]
        return None

    def _sibling(self, item: pytest.Item) -> pytest.Item | None:
        """An item that shares ``item``'s module, so running it tears down only ``item``'s own
        fixtures: module and session fixtures (the app, the frozen clock) outlive the request."""
        return next((other for other in self.items.values() if other.parent is item.parent and other is not item), None)


@contextlib.contextmanager
def _fixtures_put_back(session: pytest.Session, item: pytest.Item) -> Iterator[None]:
    """Put the fixture definitions registered for ``item`` while it runs back as they were.

    pytest-bdd registers a fixture definition for each ``target_fixture`` step on the scenario's
    node (pytest >= 9.1: ``FixtureManager._register_fixture(node=item)``) and never removes it:
    harmless in one pass, but a session that runs a scenario thousands of times would keep every
    step's value alive and walk an ever longer list on every fixture lookup. Uses pytest's private
    maps; on a pytest without them it does nothing.
    """
    manager = session._fixturemanager
    maps = [m for m in (getattr(manager, "_arg2node2fixturedefs", None), getattr(manager, "_arg2nodeid2fixturedefs", None))
            if isinstance(m, dict)]
    keys = (item, item.nodeid)
    before = [{name: {key: list(by_owner[key]) for key in keys if key in by_owner} for name, by_owner in m.items()}
              for m in maps]
    try:
        yield
    finally:
        for mapping, kept in zip(maps, before, strict=True):
            for name in list(mapping):
                by_owner = mapping[name]
                for key in keys:
                    if key in by_owner:
                        if key in kept.get(name, {}):
                            by_owner[key][:] = kept[name][key]
                        else:
                            del by_owner[key]
                if not by_owner and name not in kept:
                    del mapping[name]


def _silence_allure_files() -> None:
    """Stop Allure writing result files in this process, when the suite uses it: a run would write
    tens of thousands nobody reads (a scenario's outcome never depends on them)."""
    try:
        import allure_commons
        from allure_commons.logger import AllureFileLogger
    except ImportError:
        return
    for plugin in list(allure_commons.plugin_manager.get_plugins()):
        if isinstance(plugin, AllureFileLogger):
            allure_commons.plugin_manager.unregister(plugin)


def main(argv: list[str]) -> int:
    config = json.loads(argv[0])
    os.chdir(config["cwd"])
    # Answers go to the standard output we were given; pytest's own output goes to the log.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    log = os.open(config["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    targets = [Target(module, Path(path)) for module, path in config["targets"]]
    plugin = WorkerPlugin(targets, requests, answers)
    code = pytest.main(config["pytest_args"], plugins=[plugin])
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
