"""What the Allure report shows of each scenario: its labels and seed, each step's parameters (the
values the scenario wrote, nothing else), and the evidence of each step (its HTTP exchanges, the
records before and after a When step, the connector's Other Transactions).

A pytest plugin (harness/plugin.py loads it). Secrets never reach the report:
a step's fixtures (the tenant and its credentials among them) are not parameters, and the
simulators mask credentials in the journal before an exchange is stored.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import itertools
import os
import re
import shlex
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

import allure
import allure_commons
import pytest
import requests
from allure_commons.model2 import Parameter
from pytest_bdd.exceptions import StepDefinitionNotFoundError
from pytest_bdd.scenario import get_step_function, scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

from harness.collection import case_of
from harness.connector import DEFAULT_CONNECTOR, masked_url
from harness.evidence import attach_exchanges, attach_json
from harness.http_connector import DEFAULT_CONNECTOR_TIMEOUT, unanswered
from harness.expectations import ConnectorDefect, ScenarioError, check
from harness.secrets import scrubbed
from harness.seeds import seed_for
from harness.timeline import ScenarioJournal, Timeline

#: Case tags (docs/steps.md, "Tags") → the Allure story they stand for.
CASES = {
    "success": "Success", "missing_order": "Missing order", "missing_credit_memo": "Missing credit memo",
    "bidirectional_conflict": "Bidirectional conflict",
}
DIRECTIONS = {"to_storefront": "Refund sync to the storefront", "to_netsuite": "Refund sync to NetSuite"}
#: The epic of a scenario of no direction (the account's settings, order sync): the report groups by
#: epic, and a scenario of none was filed under no epic at all.
BEFORE_REFUNDS = "Account settings and order sync"
SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")

#: The scenario's journal (read from the app in-process, from the control plane live) and the
#: connector under test, set by harness/plugin.py's fixtures.
JOURNAL = pytest.StashKey[ScenarioJournal]()
TIMELINE = pytest.StashKey[Timeline]()
CONNECTOR = pytest.StashKey[Any]()

#: (step function, step text) → the names of the arguments its parser reads from the text.
_WRITTEN: dict[tuple[Any, str], tuple[str, ...]] = {}


def _allure_listener(config: pytest.Config) -> Any | None:
    """allure-pytest-bdd's listener (``None`` without ``--alluredir``)."""
    return next((p for p in config.pluginmanager.get_plugins() if type(p).__name__ == "PytestBDDListener"), None)


def _allure_lifecycle(config: pytest.Config) -> Any | None:
    """The lifecycle of allure-pytest-bdd's listener (``None`` without ``--alluredir``)."""
    return getattr(_allure_listener(config), "lifecycle", None)


#: How the report shows a parameter the scenario gave as empty text (an Examples cell, ``order ""``):
#: allure-python leaves an empty value out of the results, and the report showed the parameter with none.
EMPTY_TEXT = '""'


def written_arguments(request: pytest.FixtureRequest, step: Any, step_func: Any) -> tuple[str, ...]:
    """The names of the step's arguments that come from its text (what the scenario wrote), not
    from fixtures. Looked up once per step text: the lookup goes through pytest's fixtures."""
    key = (step_func, step.name)
    if key not in _WRITTEN:
        context = get_step_function(request, step)
        parsed = context.parser.parse_arguments(step.name) if context is not None else None
        _WRITTEN[key] = tuple(parsed or ())
    return _WRITTEN[key]


class OneSeverity:
    """An allure-commons plugin that leaves out the "tag" label of a scenario's severity as its
    result is written: allure-pytest-bdd makes a tag of each of the scenario's marks
    (``utils.iter_pytest_tags``, when the test case is written), so ``@critical`` was shown twice,
    as the severity and as a tag. The severity label says it; every other tag stays."""

    @allure_commons.hookimpl(tryfirst=True)  # before the file logger writes the result
    def report_result(self, result: Any) -> None:
        severity = {label.value for label in result.labels if label.name == "severity"}
        result.labels[:] = [label for label in result.labels if not (label.name == "tag" and label.value in severity)]


#: The failures a scenario is written to meet — the connector's defect (an ``AssertionError``:
#: :class:`ConnectorDefect`, a check's ``assert``) and the scenario's own mistake (:class:`ScenarioError`)
#: — whose message is said as written, in the scenario's words; any other exception is a bug of the
#: harness's or a step's, said after its class (``KeyError: 'summary'``), which is what tells it.
SAID_AS_WRITTEN: tuple[type[BaseException], ...] = (AssertionError, ScenarioError)


def failure_message(exc: BaseException) -> str:
    """What a failed scenario says first (the console, the verdict, the report's status): the
    message of a failure it was written to meet as it is (:data:`SAID_AS_WRITTEN`), anything else
    after its class's name."""
    message = str(exc).strip()
    if not message:
        return type(exc).__name__
    return message if isinstance(exc, SAID_AS_WRITTEN) else f"{type(exc).__name__}: {message}"


class PlainMessages:
    """An allure-commons plugin that writes a scenario's and its steps' status message as
    :func:`failure_message` says it: allure-pytest-bdd writes Python's line for the exception, its
    class first ("ScenarioError: ...", "ConnectorDefect: Amount differs: ..."), and a reader of the
    report would read a class of the harness's before the scenario's words. The two classes print
    as builtins (harness/expectations.py), so the name that starts the line is theirs alone.
    Each message and trace is masked too (:func:`~harness.secrets.scrubbed`): allure-pytest-bdd
    reads them off the exception, whose words may be the connector's."""

    PREFIXES = tuple(f"{cls.__name__}: " for cls in (ConnectorDefect, ScenarioError))

    @allure_commons.hookimpl(tryfirst=True)  # before the file logger writes the result
    def report_result(self, result: Any) -> None:
        pending = [result]
        while pending:
            item = pending.pop()
            details = getattr(item, "statusDetails", None)
            message = getattr(details, "message", None)
            if details is not None and message and message.startswith(self.PREFIXES):
                details.message = message.partition(": ")[2]
            if details is not None:  # allure-pytest-bdd reads the exception itself: masked here
                details.message = details.message and scrubbed(details.message)
                details.trace = details.trace and scrubbed(details.trace)
            pending.extend(getattr(item, "steps", None) or [])


_ONE_SEVERITY = OneSeverity()
_PLAIN_MESSAGES = PlainMessages()


def pytest_configure(config: pytest.Config) -> None:
    for plugin in (_ONE_SEVERITY, _PLAIN_MESSAGES):
        if not allure_commons.plugin_manager.is_registered(plugin):
            allure_commons.plugin_manager.register(plugin)


def pytest_unconfigure(config: pytest.Config) -> None:
    for plugin in (_ONE_SEVERITY, _PLAIN_MESSAGES):
        if allure_commons.plugin_manager.is_registered(plugin):
            allure_commons.plugin_manager.unregister(plugin)


@pytest.hookimpl(trylast=True)  # after allure-pytest-bdd has opened the test result
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Allure labels from the scenario's tags: epic = direction, story = case, severity; and its seed."""
    tags = set(scenario.tags) | set(feature.tags)
    for tag, epic in DIRECTIONS.items():
        if tag in tags:
            allure.dynamic.epic(epic)
    if not tags & DIRECTIONS.keys():
        allure.dynamic.epic(BEFORE_REFUNDS)
    for tag, story in CASES.items():
        if tag in tags:
            allure.dynamic.story(story)
    allure.dynamic.severity(next((s for s in SEVERITIES if s in tags), "normal"))
    listener = _allure_listener(request.config)
    if listener is not None:  # an Examples cell left empty: shown as such (EMPTY_TEXT)
        with listener.lifecycle.update_test_case(uuid=listener.nodeid_to_uuid[request.node.nodeid]) as result:
            for parameter in getattr(result, "parameters", None) or []:
                parameter.value = parameter.value or EMPTY_TEXT
    # Replay a failure with: pytest <this scenario> --seed <seed>
    allure.dynamic.parameter("seed", seed_for(request.node), excluded=True)


@pytest.hookimpl(trylast=True)  # after allure-pytest-bdd has listed every argument of the step
def pytest_bdd_before_step_call(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                                step_func: Any, step_func_args: dict[str, Any]) -> None:
    """A step's parameters in the report are the values its text gave (amounts, statuses, counts,
    names). allure-pytest-bdd lists every argument of the step function, fixtures included — the
    tenant with its credentials, clients, Python objects — so the list is replaced."""
    lifecycle = _allure_lifecycle(request.config)
    if lifecycle is None:
        return
    from allure_pytest_bdd.steps import get_step_uuid

    names = written_arguments(request, step, step_func)
    with lifecycle.update_step(uuid=get_step_uuid(step)) as step_result:
        if step_result is not None:
            step_result.parameters = [Parameter(name=name, value=str(step_func_args[name]) or EMPTY_TEXT)
                                      for name in names if step_func_args.get(name) is not None]


# ------------------------------------------------------------------ evidence
def by_people(step_func: Any) -> Any:
    """Marks a When step in which the merchant or a NetSuite user acts (a refund made while the
    connector runs), not the connector: its requests are not counted as the connector's."""
    step_func.refundsim_by_people = True
    return step_func


def _connector_acts(step: Any, step_func: Any) -> bool:
    return step.type == "when" and not getattr(step_func, "refundsim_by_people", False)


def _attach_step_evidence(request: pytest.FixtureRequest, step: Any, step_func: Any, *, failed: bool = False) -> None:
    """Attach to the current Allure step: its HTTP exchanges (from the tenant's journal, whoever
    made them; a When step's are the connector's), and after a When step (or a failure) the records
    and the connector's Other Transactions. Attaching never hides the scenario's own outcome, so
    its errors are reported, not raised."""
    node = request.node
    if JOURNAL not in node.stash:
        return
    journal = node.stash[JOURNAL]
    # Read whatever happens: the steps that count the connector's requests and time its waiting rely
    # on it. One read: the new exchanges, the clock and (after a When step or a failure) the records.
    records = step.type == "when" or failed
    read = journal.read_new(by_connector=_connector_acts(step, step_func), records=records)
    if TIMELINE in node.stash:
        node.stash[TIMELINE].connector_step_ended(read.clock_offset)
    try:
        attach_exchanges(read.entries)
        if records:
            attach_json("Records after", read.records)
            connector = node.stash.get(CONNECTOR, None)
            if connector is not None:
                attach_json("Connector: Other Transactions", [dataclasses.asdict(t) for t in connector.transactions()])
    except Exception as exc:  # noqa: BLE001 - evidence is best effort
        attach_json("Evidence unavailable", {"error": _unavailable(exc)})


def _unavailable(exc: BaseException) -> str:
    """Why evidence could not be read, in words: a connector defect as the scenario's failure says
    it, a failed connection as the network would (:func:`~harness.http_connector.unanswered`), not
    Python's class name or urllib3's "HTTPConnectionPool(...): Max retries exceeded"."""
    if isinstance(exc, ConnectorDefect):
        return str(exc)
    if isinstance(exc, requests.RequestException):
        url = getattr(exc.request, "url", None) or ""
        return unanswered(exc, url)
    return f"{type(exc).__name__}: {exc}"  # the harness's own failure: its class says what broke


@pytest.hookimpl(trylast=True)  # after allure-pytest-bdd has opened the step
def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any) -> None:
    if JOURNAL not in request.node.stash or step.type != "when":
        return
    journal = request.node.stash[JOURNAL]
    # What came before (a fixture the step needed) is read now, with the records and the clock the
    # connector starts from: only the connector's requests are read after it.
    earlier = journal.read_new(by_connector=False, records=True)
    if _connector_acts(step, step_func) and TIMELINE in request.node.stash:
        request.node.stash[TIMELINE].connector_step_started(earlier.clock_offset)
    try:
        attach_exchanges(earlier.entries)
        attach_json("Records before", earlier.records)
    except Exception as exc:  # noqa: BLE001 - evidence is best effort
        attach_json("Evidence unavailable", {"error": _unavailable(exc)})


@pytest.hookimpl(tryfirst=True)  # before allure-pytest-bdd closes the step
def pytest_bdd_after_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any,
                          step_func_args: dict[str, Any]) -> None:
    _attach_step_evidence(request, step, step_func)




# ------------------------------------------------------------------ failures
#: The step that failed, kept from pytest-bdd's step-error hook for the failure's text.
FAILED_STEP = pytest.StashKey[tuple[Any, Any]]()
#: The failure of a scenario as its reports carry it (xdist included): message and Allure status.
FAILURE_PROPERTY = "refundsim.failure"
#: Frames shown of the connector's own code when an exception escaped it.
_CAUSE_FRAMES = 8


def _where(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path


def _ours(path: str, root: Path) -> bool:
    resolved = Path(path).resolve()
    return root in resolved.parents and "site-packages" not in resolved.parts


def _frames(tb: TracebackType | None, root: Path, start: Any = None, limit: int | None = None) -> list[str]:
    """``file:line, in function`` and the source line of each frame, from the frame running
    ``start`` (a code object) on; the last ``limit`` frames when given."""
    entries: list[traceback.FrameSummary] = list(traceback.extract_tb(tb))
    index = None if start is None else next(
        (i for i, frame in enumerate(entries) if frame.name == start.co_name
         and Path(frame.filename).resolve() == Path(start.co_filename).resolve()), None)
    if index is not None:
        entries = entries[index:]
    else:  # the step did not run (what it needs failed first): the project's own frames only, not pytest's
        entries = [frame for frame in entries if _ours(frame.filename, root)]
    if limit is not None:
        entries = entries[-limit:]
    lines = []
    for frame in entries:
        lines.append(f"  {_where(frame.filename, root)}:{frame.lineno}, in {frame.name}")
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    return lines


def replay_command(config: Any, nodeid: str, seed: int) -> str:
    """The command that replays one scenario as the run met it: its node id, every option that
    shaped the run — the connector (``--connector`` unless the default, or ``--connector-url``),
    ``--profile``, ``--base-url``, ``--transport`` (unless a URL implied it), a connector timeout
    other than the default, ``--no-contract-checks`` — and its seed.

    Never a secret: the tokens are left out (the replay says which variable gives each), and a
    URL's credentials are masked.

    ``pytest`` replays in the folder the run was started in: the node id's file is named from there
    (pytest reads a path from where it starts; the node id's is from the project's root). A run
    certify started (``--replay-as``, ``--replay-from``: its pytest runs in the suite's folder) is
    replayed by that certify command when it was started elsewhere — or installed, where there is no
    checkout for pytest — in the folder it was started in: the suite's node id as it is (certify
    finds it from any folder), the paths pytest was given named from that folder."""
    from harness.certify import suite  # an installed suite has no checkout to run pytest in

    installed = suite().installed
    certify, started = _started_by_certify(config, installed)
    command = certify or ("refundsim certify" if installed else "pytest")
    node = _node_from(config, nodeid, started) if certify else _from_here(config, nodeid, installed)
    parts = [command, "'" + node.replace("'", "'\\''") + "'"]
    if command != "pytest":
        parts.append(f"--report={shlex.quote(_replay_folder(config, started))}")
    connector_url = config.getoption("--connector-url", None)
    base_url = config.getoption("--base-url", None)
    connector = config.getoption("--connector", None)
    if connector_url:
        parts.append(f"--connector-url={shlex.quote(masked_url(connector_url))}")
    elif connector and connector != DEFAULT_CONNECTOR:
        spec, colon, factory = connector.rpartition(":")
        if certify and colon and spec.endswith(".py"):  # a file, which certify's pytest was given from its folder
            connector = _path_from(config, spec, started) + colon + factory
        parts.append(f"--connector={shlex.quote(connector)}")
    if config.getoption("--profile", None):
        profile = config.getoption("--profile")
        parts.append(f"--profile={shlex.quote(_profile_for_certify(config, profile, started) if certify else profile)}")
    if base_url:
        parts.append(f"--base-url={shlex.quote(masked_url(base_url))}")
    if config.option.transport != "inprocess" and not (connector_url or base_url):
        parts.append(f"--transport={config.option.transport}")
    timeout = config.getoption("--connector-timeout", None)
    if timeout is not None and timeout != DEFAULT_CONNECTOR_TIMEOUT:
        parts.append(f"--connector-timeout={timeout}")
    if config.getoption("--no-contract-checks", False):
        parts.append("--no-contract-checks")
    parts.append(f"--seed {seed}")
    tokens = [f"the {what} from ${variable}" for option, what, variable in (
        ("--admin-token", "admin token", "REFUNDSIM_ADMIN_TOKEN"),
        ("--connector-token", "connector's token", "REFUNDSIM_CONNECTOR_TOKEN")) if config.getoption(option, None)]
    return " ".join(parts) + (f"  ({', '.join(tokens)})" if tokens else "")


def _profile_for_certify(config: Any, profile: str, started: Path) -> str:
    """``--profile`` as certify takes it: the name of a profile that ships with refundsim (its path
    in a checkout or in site-packages is long and says no more), else the file named from ``started``."""
    from harness.certify import PROFILES

    pytest_dir = Path(getattr(getattr(config, "invocation_params", None), "dir", None) or Path.cwd())
    path = Path(os.path.abspath(pytest_dir / profile))
    if path.suffix == ".yaml" and path.parent == PROFILES.resolve() and path.is_file():
        return path.stem
    return _path_from(config, profile, started)


#: The folder, inside a certification's report folder, where certify's replay line writes.
REPLAY_FOLDER = "replay"


def _replay_folder(config: Any, started: Path) -> str:
    """Where a certify replay line writes its results, verdict and report, named from ``started``:
    ``replay/`` in the run's report folder (the verdict's), or that folder when it is a replay's
    already. A replay of one scenario is a partial run: written in the certification's folder, it
    would replace the full run's verdict and report (docs/ci.md)."""
    from harness.certification import REPORT_PATH  # which imports this module

    pytest_dir = Path(getattr(getattr(config, "invocation_params", None), "dir", None) or Path.cwd())
    verdict = Path(os.path.abspath(pytest_dir / (config.getoption("--certification-report", None) or REPORT_PATH)))
    folder = verdict.parent if verdict.parent.name == REPLAY_FOLDER else verdict.parent / REPLAY_FOLDER
    return folder.relative_to(started).as_posix() if folder.is_relative_to(started) else str(folder)


def _from_here(config: Any, nodeid: str, installed: bool) -> str:
    """``nodeid`` with its file named from the folder pytest was started in (as it is when that
    folder is the project's root)."""
    root, started = getattr(config, "rootpath", None), getattr(getattr(config, "invocation_params", None), "dir", None)
    if installed or root is None or started is None or Path(started) == Path(root):
        return nodeid
    path, separator, rest = nodeid.partition("::")
    return Path(os.path.relpath(Path(root) / path, started)).as_posix() + separator + rest


def _started_by_certify(config: Any, installed: bool) -> tuple[str | None, Path]:
    """The certify command that started the run and the folder it was started in: a certification
    is replayed by certify, into a report folder of its own (:func:`_replay_folder`), from any
    folder. Else (a run pytest was started for) ``None`` and pytest's folder: ``pytest`` replays it."""
    pytest_dir = Path(getattr(getattr(config, "invocation_params", None), "dir", None) or Path.cwd())
    certify, started = config.getoption("--replay-as", None), config.getoption("--replay-from", None)
    if not certify or not started:
        return None, pytest_dir
    return certify, Path(started)


def _node_from(config: Any, nodeid: str, started: Path) -> str:
    """The node id certify is given to replay it from ``started``: the suite's (``features/...``) as
    it is, another file's named from ``started``."""
    path, separator, rest = nodeid.partition("::")
    root = getattr(config, "rootpath", None)
    if path.startswith("features/") or root is None:
        return nodeid
    return _path_from(config, str(Path(root) / path), started) + separator + rest


def _path_from(config: Any, value: str, started: Path) -> str:
    """A path pytest was given (from the folder it runs in) named from ``started``: relative when it
    is inside it, else absolute; as given when it is absolute already, or no file of pytest's folder."""
    given = Path(value)
    pytest_dir = Path(getattr(getattr(config, "invocation_params", None), "dir", None) or Path.cwd())
    if given.is_absolute() or not (pytest_dir / given).exists():
        return value
    full = Path(os.path.abspath(pytest_dir / given))
    return full.relative_to(started).as_posix() if full.is_relative_to(started) else str(full)


#: The step no definition reads, kept from pytest-bdd's lookup-error hook for the failure's text.
MISSING_STEP = pytest.StashKey[Any]()
#: How many phrases of the glossary a step that no definition reads is shown beside.
_CLOSEST = 3


@functools.cache
def _glossary() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(step type, phrase as docs/steps.md prints it, texts to compare with: the phrase and its
    example from the features) of every step definition; the phrases alone where the features
    cannot be read (an installed package)."""
    from harness import stepdocs

    try:
        found = [(e.keyword.lower(), e.phrase, e.example) for e in stepdocs.entries()]
    except Exception:  # noqa: BLE001 - the phrases are enough to point at the right one
        found = [((c.type or "step"), getattr(c.parser, "display", c.parser.name), None) for c in stepdocs._contexts()]
    return tuple((kind, phrase, (phrase, *([example.partition(" ")[2]] if example else [])))
                 for kind, phrase, example in found)


def closest_phrases(step_type: str, text: str, count: int = _CLOSEST) -> list[str]:
    """The ``count`` phrases of the glossary of ``step_type`` (given, when, then) nearest ``text``,
    by letters and by words, as docs/steps.md prints them ("Given a/an {payment} ...")."""
    def near(candidate: str) -> float:
        a, b = text.lower(), candidate.lower()
        return difflib.SequenceMatcher(None, a, b).ratio() + difflib.SequenceMatcher(None, a.split(), b.split()).ratio()

    scored = sorted(((max(map(near, texts)), phrase) for kind, phrase, texts in _glossary() if kind == step_type),
                    key=lambda pair: -pair[0])
    return [f"{step_type.capitalize()} {phrase}" for _, phrase in scored[:count]]


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                                      exception: BaseException) -> None:
    request.node.stash[MISSING_STEP] = step


@pytest.hookimpl(trylast=True)  # after every other plugin has closed the scenario (allure its result)
def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """A scenario whose steps all passed but none of them a Then checks nothing: it would pass
    whatever the connector did, so it fails as the scenario's mistake. A keyword misspelt
    (``Gven``, ``Thn``) is the usual cause: Gherkin reads the line as the scenario's description.

    :raise ScenarioError: no Then step (a step that failed, or that no definition reads, says more)."""
    node = request.node
    if FAILED_STEP in node.stash or MISSING_STEP in node.stash:
        return
    if any(s.type == "then" for s in scenario.steps):
        _check_no_field_ignored(node)
        return
    described = [line.strip() for line in (scenario.description or "").splitlines() if line.strip()]
    raise ScenarioError(
        "this scenario has no Then step: it checks nothing, so it would pass whatever the connector does. Add the "
        "Then steps that say what must be so (docs/steps.md, Then)" + (
            "; these lines are read as the scenario's description, not as steps (a keyword misspelt?): "
            + " | ".join(described) if described else ""))


def _check_no_field_ignored(node: pytest.Item) -> None:
    """A scenario passes only if the vendors took every field written to them: a field NetSuite
    does not have (a misspelt ``memo``, a line's ``rate`` under another name) or cannot write (a
    read-only one) is ignored under its default ``X-NetSuite-PropertyNameValidation: Warning``, and
    what the connector meant by it is lost without an error.

    :raise ConnectorDefect: ``ignored`` — a write of the scenario had fields ignored (each named)."""
    if JOURNAL not in node.stash:
        return
    ignored = node.stash[JOURNAL].ignored_fields()
    check(not ignored, "ignored", "expected the vendor to take every field written to it, found these ignored "
          "(no such field, or a read-only one): " + "; ".join(ignored), found=ignored)


def _no_step_reads(item: pytest.Item, step: Any) -> str:
    """A step that no definition reads (a typo, a phrase that does not exist), said in the
    feature's words: where, and the glossary's closest phrases to write instead."""
    case = case_of(item)
    where = f"{case.file}:{step.line_number}" if case is not None else f"line {step.line_number}"
    other = _keyword_that_reads(step)
    if other is not None:  # the phrase is right, its keyword is not (a Then check written as "And" after a When)
        going_on = " (And and But go on with the keyword before them)" if step.keyword in ("And", "But") else ""
        return (f'No step reads: {step.type.capitalize()} "{step.name}" ({where}); it is a {other} phrase: write it '
                f"under {other}{going_on}")
    closest = "".join(f"\n  {phrase}" for phrase in closest_phrases(step.type, step.name))
    # An outline's <placeholder> that no Examples column fills stays in the text as written.
    unfilled = "".join(f"; <{name}> is filled by {_why_unfilled(item, case)}"
                       for name in dict.fromkeys(re.findall(r"<([^<>\s]+)>", step.name)))
    if not unfilled:  # a phrase written right but for a value it cannot take ("1.5 minutes pass")
        unfilled = "".join(f"; {{{name}}} is {kind}, not \"{value}\"" for name, kind, value in _misfits(step))
    return (f'No step reads: {step.type.capitalize()} "{step.name}" ({where}){unfilled}: write it as a phrase of '
            f"docs/steps.md; the closest:{closest}")


def _keyword_that_reads(step: Any) -> str | None:
    """The keyword (Given, When, Then) of another type whose phrase reads the step's text, if one does."""
    from harness import stepdocs

    return next((context.type.capitalize() for context in stepdocs._contexts()
                 if context.type and context.type != step.type and context.parser.is_matching(step.name)), None)


def _misfits(step: Any) -> list[tuple[str, str, str]]:
    """(parameter, what it takes, the value written) of the first phrase of the step's type that
    reads its text but for values not of their kind (steps/phrases.py)."""
    from harness import stepdocs
    from steps.phrases import KIND_WORDS, phrase

    for context in stepdocs._contexts():
        parser = context.parser
        if context.type != step.type or not isinstance(parser, phrase):
            continue
        found = parser.misfits(step.name)
        if found:
            return [(name, KIND_WORDS.get(parser.kind_of(name) or "", "another kind of value"), value)
                    for name, value in found.items()]
    return []


def unfilled_placeholders(item: pytest.Item, text: str) -> str:
    """Each ``<placeholder>`` of an outline's step text that no Examples column filled, and why
    (``"<amount> is filled by no column of the scenario's Examples (its columns: qty)"``), joined
    by "; " — empty for a scenario that is no outline (its ``<...>`` is text it means)."""
    template = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "function", None))
    if template is None or not template.templated:
        return ""
    case = case_of(item)
    return "; ".join(f"<{name}> is filled by {_why_unfilled(item, case)}"
                     for name in dict.fromkeys(re.findall(r"<([^<>\s]+)>", text)))


def _why_unfilled(item: pytest.Item, case: Any) -> str:
    """Why a <placeholder> of the scenario's step stayed as written: its example row has other
    columns, its Examples have a header and no row (pytest-bdd then runs the outline once, with
    nothing to fill), or it has no Examples at all."""
    if case is not None and case.example:
        return f"no column of the scenario's Examples (its columns: {', '.join(name for name, _ in case.example)})"
    template = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "function", None))
    if template is not None and template.examples:
        return "no row: the scenario's Examples have none"
    return "nothing: the scenario has no Examples"


def failure_text(item: pytest.Item, excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    """A failed scenario, top-down: what was expected and what was found, in the scenario's words;
    where (scenario, file and line, the step); how to replay it; then the traceback from the step
    (and, for an exception that escaped the connector, from the connector) — never pytest's own
    frames or the fixtures' Python objects."""
    root = item.config.rootpath.resolve()
    exc = excinfo.value
    head = failure_message(exc)
    missing = item.stash.get(MISSING_STEP, None) if isinstance(exc, StepDefinitionNotFoundError) else None
    if missing is not None:
        head = _no_step_reads(item, missing)
    case = case_of(item)
    seed = seed_for(item)
    lines = [head, ""]
    if case is not None:
        lines.append(f"Scenario: {case.title}")
        lines.append(f"          {case.file}:{case.line}, seed {seed}")
    step_func = None
    if FAILED_STEP in item.stash:
        step, step_func = item.stash[FAILED_STEP]
        lines.append(f"Step:     {step.keyword} {step.name}" + (f"  (line {step.line_number})" if step.line_number else ""))
    lines.append("Evidence: the step's HTTP exchanges, the records and the connector's list are attached to it in the report")
    lines.append(f"Replay:   {replay_command(item.config, item.nodeid, seed)}")
    code = getattr(step_func, "__code__", None)
    frames = _frames(excinfo.tb, root, code)
    if code is not None and FAILED_STEP in item.stash and not any(
            frame.f_code is code for frame, _ in traceback.walk_tb(excinfo.tb)):
        # The step never ran: pytest failed to make what it needs (a step used too early). Where it
        # is in the feature and where it is defined say more than pytest's frames in between.
        step = item.stash[FAILED_STEP][0]
        feature = f"{case.file}:{step.line_number}" if case is not None and step.line_number else "the feature"
        frames = [f"  {feature}, in {step.keyword} {step.name}",
                  f"  {_where(code.co_filename, root)}:{code.co_firstlineno}, in {code.co_name} (the step: it did not run, "
                  "what it needs was missing)", *frames]
    if frames and missing is None:  # a step no definition reads has no code of its own to show
        lines += ["", "Traceback, from the step:" if step_func is not None else "Traceback:", *frames]
    cause = exc.__cause__
    if cause is not None and isinstance(exc, AssertionError) and getattr(exc, "kind", None) == "raised":
        shown = getattr(exc, "cause_text", None) or f"{type(cause).__module__}.{type(cause).__qualname__}: {cause}"
        lines += ["", f"Raised in the connector: {shown}"]  # cause_text: the tenant's credentials masked
        lines += _frames(cause.__traceback__, root, limit=_CAUSE_FRAMES)
    return "\n".join(lines)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any,
                          step_func_args: dict[str, Any], exception: BaseException) -> None:
    request.node.stash[FAILED_STEP] = (step, step_func)
    _attach_step_evidence(request, step, step_func, failed=True)


@dataclasses.dataclass(frozen=True)
class _CrashLine:
    """What pytest reads of a failure for a one-line mention (``reprcrash``): its message."""

    message: str

    def __str__(self) -> str:
        return self.message


class ScenarioFailure:
    """A failed scenario's report (:func:`failure_text`): whole where pytest shows failures; in one
    line where a failure is mentioned (the run's summary line, JUnit's ``message``): what differs,
    then the scenario, its file and line and its seed.

    A report that is plain text is repeated whole in that summary on CI (pytest reads the ``CI``
    variable) and with ``-vv``: every failure's story, replay line included, twice in a log.
    pytest serializes this to its text for pytest-xdist, so the controller wraps it again
    (:func:`pytest_runtest_logreport`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        lines = text.splitlines()
        where = [f"{line.strip()}, {after.strip()}" for line, after in itertools.pairwise(lines) if line.startswith("Scenario: ")]
        self.reprcrash = _CrashLine(" — ".join((lines[:1] or [""]) + where[:1]))

    def toterminal(self, tw: Any) -> None:
        for line in self.text.splitlines():
            tw.line(line)

    def __str__(self) -> str:
        return self.text


@pytest.hookimpl(tryfirst=True)  # before the terminal and the certification read the report
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A failed scenario's report is a :class:`ScenarioFailure` (a pytest-xdist worker's arrives as text)."""
    if report.failed and isinstance(report.longrepr, str) and any(
            name == FAILURE_PROPERTY for name, _ in report.user_properties):
        report.longrepr = ScenarioFailure(report.longrepr)  # type: ignore[assignment]


@pytest.hookimpl(wrapper=True, trylast=True)  # inside allure-pytest-bdd's wrapper: it reads what this leaves
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed scenario's report is :func:`failure_text` (the console and the report's trace),
    and it carries the failure's first line and Allure status for the verdict.

    pytest's own report of a failure, which this replaces, parses the source file of every frame
    again to print it (about a quarter of a run whose scenarios fail: bench/README.md), so for a
    failed call it is never built: the item's ``repr_failure``, which pytest asks for it, gives
    :func:`failure_text`. A setup or teardown failure (pytest formats those itself) is replaced after.
    """
    scenario = call.excinfo is not None and case_of(item) is not None
    if scenario and call.when == "call":
        item.repr_failure = functools.partial(failure_text, item)  # type: ignore[method-assign]
    report = yield
    # What the connector logged and printed, and the failure (a refusal of the connector's quoted
    # in it), as the report, the console, the verdict and JUnit read them: masked (harness.secrets).
    report.sections = [(title, scrubbed(content)) for title, content in report.sections]
    if isinstance(report.longrepr, str):
        report.longrepr = scrubbed(report.longrepr)
    if report.failed and scenario and call.excinfo is not None:
        if call.when != "call":
            report.longrepr = scrubbed(failure_text(item, call.excinfo))
        status = "failed" if isinstance(call.excinfo.value, AssertionError) else "broken"
        report.user_properties.append((FAILURE_PROPERTY, {"message": report.longreprtext.splitlines()[0][:500],
                                                          "status": status}))
    return report
