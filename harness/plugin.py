"""The pytest plugin of the acceptance suite: options, transports, tenants, the connector under test
and the evidence hooks; it loads the harness's other plugins and the step definitions (``steps/``),
which receive everything here as fixtures. The repository's root conftest.py loads it; so does
``refundsim certify`` from an installed package, where there is no conftest.

Options (``pytest --help``, group "refundsim"):
  --transport inprocess|live   how clients reach the simulators (default inprocess)
  --base-url URL               the simulators of a server the harness did not start
                               (``python -m simulators serve``); implies live
  --admin-token TOKEN          that server's admin token, when it requires one (also
                               REFUNDSIM_ADMIN_TOKEN)
  --connector module:factory   the connector under test (default: the reference connector;
                               also REFUNDSIM_CONNECTOR)
  --connector-url URL          a connector in any language serving the connector API at URL
                               (harness/http_connector.py); implies live; refused before any
                               scenario unless the API answers there (check_connector_url)
  --seed N                     seed every scenario with N (replays a failure; default: derived
                               from the scenario's id, shown in the report as "seed")
  --profile YAML               certify an activation (harness/certification.py), verdict in
                               reports/certification.json (--certification-report to move it)
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import math
import os
import platform
import re
import shlex
import signal
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from faker import Faker

pytest_plugins = [
    "harness.certification",
    "harness.collection",
    "harness.reporting",
    "steps.account_steps",
    "steps.netsuite_steps",
    "steps.storefront_steps",
    "steps.connector_steps",
    "steps.check_steps",
    "steps.fault_steps",
    "steps.prerequisites",
]
# Pytest rewrites the asserts of the plugins it imports; these are imported below, before it does.
pytest.register_assert_rewrite(*pytest_plugins)

from harness.actors import STOREFRONT_NAMES, MagentoMerchant, NetSuiteUser, merchant_of
from harness.connector import (
    DEFAULT_CONNECTOR, ConnectorFactory, ConnectorLoadError, DrivenConnector, connector_under_test, load_factory, masked_url,
    start_connector,
)
from harness.secrets import LIVE, ScrubbingFilter, credential_texts
from harness.http_connector import (
    DEFAULT_CONNECTOR_TIMEOUT, REFERENCE_PATH, HttpConnectorFactory, check_url, probe, served_reference,
)
from harness.collection import nearest_tag, registered_tags, strict_tags
from harness.certification import DEFAULT_SETTING_TAG, SETTING_DEFAULTS, active_profile, runs_features, stop_run
from harness.expectations import ScenarioError
from harness.evidence import DirectEvidence, write_results_metadata
from harness.reporting import CONNECTOR, JOURNAL, TIMELINE
from harness.timeline import ScenarioJournal, Timeline
from harness.seeds import parse_seed, seed_for
from harness.transports import SCENARIO_EPOCH, RemoteTransport, Transport, frozen_process_clock, make_transport
from simulators.app import CONTRACT_CHECKS_ENV, create_app
from simulators.clients import ControlPlaneClient, NetSuiteClient, ShopifyClient
from simulators.connector.protocol import ConnectorContext
from simulators.connector.schemas import FROM_NETSUITE_ONLY
from simulators.core import admin
from simulators.core.journal import given_url_secrets


def _as_a_profile_writes(value: object) -> str:
    """A setting's default as a profile (YAML) writes it, for the tags' descriptions (``pytest
    --markers``, docs/steps.md): ``false``, ``4``; an item left unset is ``not set`` (not Python's
    ``False``, ``None``)."""
    if value is None:
        return "not set"
    return str(value).lower() if isinstance(value, bool) else str(value)


#: The tags the features may use, each a registered marker: pytest refuses any other
#: (``--strict-markers``). A new tag goes here, as ``name: what it means`` (docs/steps.md lists them).
TAGS = {
    # case
    "success": "the refund syncs and the amounts match",
    "missing_order": "the order is not in NetSuite (never synced, wrong ID, deleted)",
    "missing_credit_memo": "the billed record has no cash refund or credit memo created from it",
    "bidirectional_conflict": "both refund sync directions enabled",
    # direction
    "to_storefront": "refund sync from NetSuite to the storefront",
    "to_netsuite": "refund sync from the storefront to NetSuite",
    # storefront
    "shopify": "the storefront is Shopify",
    "ebay": "the storefront is eBay",
    "magento": "the storefront is Magento 2 (Adobe Commerce)",
    "woocommerce": "the storefront is WooCommerce",
    # severity (Allure)
    "blocker": "Allure severity blocker",
    "critical": "Allure severity critical",
    "normal": "Allure severity normal",
    "minor": "Allure severity minor",
    # applicability (harness/certification.py)
    **{f"{DEFAULT_SETTING_TAG}{name}": f"checks the connector with {name} at its default ({_as_a_profile_writes(default)}): "
       "a profile that sets it otherwise does not run it" for name, default in SETTING_DEFAULTS.items()},
}

_FACTORY = pytest.StashKey[ConnectorFactory]()
_REMOTE = pytest.StashKey[RemoteTransport]()


#: The longest --connector-timeout: a day.
MOST_CONNECTOR_TIMEOUT = 86400.0


def _seconds(text: str) -> float:
    """``--connector-timeout``: a finite number of seconds greater than 0. Zero or less fails every
    call at once, ``nan`` compares with nothing and ``inf`` waits for ever on a connector that hangs:
    each is a usage error (exit code 4) before any scenario runs, not a run of connector defects."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0 or value > MOST_CONNECTOR_TIMEOUT:
        # Past a day is no timeout a run can wait out, and a socket takes none past about 9.2e9 s
        # (OverflowError: an INTERNALERROR before any scenario ran).
        raise pytest.UsageError(f"--connector-timeout {shlex.quote(text)}: not a number of seconds greater than 0 "
                                f"and at most {MOST_CONNECTOR_TIMEOUT:g} (a day; default {DEFAULT_CONNECTOR_TIMEOUT:g})")
    return value


#: The transports ``--transport`` takes.
TRANSPORTS = ("inprocess", "live")
#: The command that runs this pytest for the user (``refundsim certify``, ``python -m harness.certify``):
#: certify sets it, so that pytest's refusal of an option names the command that was typed.
PROG_VARIABLE = "REFUNDSIM_PROG"
#: That command's usage line (after "usage: "), set with it: pytest's refusal starts with its usage.
USAGE_VARIABLE = "REFUNDSIM_USAGE"


def _transport(text: str) -> str:
    if text not in TRANSPORTS:  # argparse's choices said it in Python's quotes: "invalid choice: 'smoke'"
        raise argparse.ArgumentTypeError(f"must be {' or '.join(TRANSPORTS)}, not {text}")
    return text


def pytest_addoption(parser: pytest.Parser) -> None:
    if os.environ.get(PROG_VARIABLE):
        parser.prog = os.environ[PROG_VARIABLE]
        # pytest's refusal of an option ends with its "inifile:" and "rootdir:" lines: paths of the
        # suite's folder (an installed package's in site-packages) the user never typed. They go, and
        # its usage is the command's ("[file_or_dir]" is pytest's).
        parser.extra_info.pop("inifile", None)
        parser.extra_info.pop("rootdir", None)
        optparser = getattr(parser, "optparser", None)
        if os.environ.get(USAGE_VARIABLE) and optparser is not None:
            optparser.usage = os.environ[USAGE_VARIABLE].replace("%", "%%")
    group = parser.getgroup("refundsim", "refund sync certification")
    group.addoption("--transport", type=_transport, default="inprocess", metavar="{inprocess,live}",
                    help="inprocess: intercept requests, no socket (default); live: real HTTP on loopback "
                         "(the features; the simulators' own tests in tests/ choose theirs)")
    group.addoption("--connector", default=os.environ.get("REFUNDSIM_CONNECTOR") or DEFAULT_CONNECTOR,
                    help=f"connector under test as module:factory (default {DEFAULT_CONNECTOR})")
    group.addoption("--connector-url", default=os.environ.get("REFUNDSIM_CONNECTOR_URL") or None, metavar="URL",
                    help="the connector under test is one in any language that serves the connector API "
                         "(simulators/connector/openapi.yaml) at URL, or at a path (/connector/v1) of the "
                         "simulators' own server; implies --transport live (also REFUNDSIM_CONNECTOR_URL)")
    group.addoption("--connector-token", default=os.environ.get("REFUNDSIM_CONNECTOR_TOKEN") or None, metavar="TOKEN",
                    help="the bearer token that connector requires, if any (default $REFUNDSIM_CONNECTOR_TOKEN; "
                         "a path on the simulators' server takes their admin token)")
    group.addoption("--connector-timeout", type=_seconds, default=DEFAULT_CONNECTOR_TIMEOUT, metavar="SECONDS",
                    help="how long one call to that connector may take before it fails the scenario "
                         f"(default {DEFAULT_CONNECTOR_TIMEOUT:g})")
    group.addoption("--base-url", default=None, metavar="URL",
                    help="test the simulators a server the harness did not start serves at URL (the one "
                         "'python -m simulators serve' prints); implies --transport live")
    group.addoption("--admin-token", default=os.environ.get(admin.ENV) or None, metavar="TOKEN",
                    help=f"the admin token of that server, when it requires one (default ${admin.ENV})")
    group.addoption("--seed", type=parse_seed, default=None,
                    help="seed for every scenario's data (default: derived from the scenario id)")
    group.addoption("--no-contract-checks", action="store_true", default=False,
                    help="do not hold the simulators' answers to the vendors' contracts (contracts/); "
                         "by default a violating answer fails as an 'Unexpected simulator error'")
    # Set by certify for the pytest it starts in the suite's folder: the command that started the
    # run and the folder it was started in, so that a failure's replay line runs there (not shown in
    # --help: nobody types them).
    group.addoption("--replay-as", default=None, help=argparse.SUPPRESS)
    group.addoption("--replay-from", default=None, help=argparse.SUPPRESS)
    # Set by certify, which passes on to its pytest a SIGINT or SIGTERM sent to certify: see _OneInterrupt.
    group.addoption("--interrupt-passed-on", action="store_true", default=False, help=argparse.SUPPRESS)


class _OneInterrupt:
    """The SIGINT and SIGTERM handler of a pytest certify started (``--interrupt-passed-on``):
    Python's own for SIGINT (a ``KeyboardInterrupt``) for the first of them, and nothing for any
    later one. A terminal's Ctrl-C (or a job's SIGINT or SIGTERM to its process group) reaches
    certify and its pytest both, and certify passes it on: raised again, the second would stop
    pytest's shutdown before the verdict that says the run was interrupted is written. A SIGTERM is
    an interrupt too: killed by it, pytest would write no verdict. (A second Ctrl-C of a person's
    reaches certify, which then stops pytest at once: harness/certify.py.)"""

    def __init__(self) -> None:
        self.interrupted = False

    def __call__(self, signum: int, frame: Any) -> None:
        if not self.interrupted:
            self.interrupted = True
            raise KeyboardInterrupt


def check_selection(config: pytest.Config) -> None:
    """``-m`` and ``-k`` read now, as pytest would read them once it has collected: a tag that is
    not registered (a typo: ``-m shopfy``) or an expression pytest cannot parse is refused here,
    before the run starts — pytest's own refusal comes after the session started, when the last
    run's verdict and results are already cleared, with a message that names no tag to write.

    :raise pytest.UsageError: the expression and what is wrong with it (exit code 4)."""
    from _pytest.mark.expression import Expression  # pytest's own reader of -m and -k

    for flag, text in (("-m", config.option.markexpr), ("-k", config.option.keyword)):
        if not text:
            continue
        try:
            expression = Expression.compile(text)
        except SyntaxError as exc:
            # The option as it would be retyped (shell quoting), not Python's repr of it.
            raise pytest.UsageError(f"{flag} {shlex.quote(text)}: {_unreadable(flag, text, exc)}") from None
        if flag != "-m" or not strict_tags(config):
            continue
        unknown = sorted(set(expression.idents()) - set(registered_tags(config)))
        if unknown:
            tags = "; ".join(f"unknown tag {name}" + "".join(
                f" (did you mean {close}?)" for close in nearest_tag(config, name)) for name in unknown)
            raise pytest.UsageError(f"-m {shlex.quote(text)}: {tags}. The tags are listed {_where_tags_are()}")


def _where_tags_are() -> str:
    """Where a user reads the tags: the glossary and pytest's listing in a checkout; from an installed
    package, which ships no docs/, certify's listing (``refundsim certify --markers``)."""
    from harness.certify import suite

    return "by refundsim certify --markers" if suite().installed else "in docs/steps.md (Tags), and by pytest --markers"


def _unreadable(flag: str, text: str, exc: SyntaxError) -> str:
    """Where ``-m`` or ``-k``'s expression ``text`` cannot be read and what may come there, said in
    the product's words (pytest's parser says "expected not OR left parenthesis OR identifier; got
    end of input"), then how an expression is written — for ``-m``, with the tags there are (:data:`TAGS`)."""
    column = exc.offset or 1
    before = text[:column - 1].rstrip()
    operand = ("a tag" if flag == "-m" else "a word of the scenarios' names") + ", not or ("
    parsed = re.fullmatch(r"expected (.+); got (.+)", exc.msg or "")
    if parsed is None:  # a character it cannot read, a quote not closed: pytest's own words say it plainly
        problem = f"at column {column}: {exc.msg}"
    else:
        expected, found = parsed[1].split(" OR "), parsed[2]
        token = re.match(r"\(|\)|[^\s()]+", text[column - 1:])
        shown = token.group(0) if token else found
        where = f'cannot follow "{before}"' if before else "cannot come first"
        if found == "end of input":
            problem = (f'the expression ends after "{before}", where '
                       + (f"{operand} must follow" if "identifier" in expected else ") must close its ("))
        elif "identifier" in expected:
            problem = f'"{shown}" (column {column}) {where}: {operand} must come there'
        elif shown == ")":
            problem = f'")" (column {column}) closes no ('
        else:
            problem = f'"{shown}" (column {column}) {where}: join them with and or or' + (
                ", or close the ( with )" if "right parenthesis" in expected else "")
    if flag == "-m":
        return (f"{problem}. Tags are joined with and, or, not and parentheses (-m \"shopify and success\"); "
                f"the tags: {', '.join(TAGS)} (listed {_where_tags_are()})")
    return (f"{problem}. -k matches words of the scenarios' names (their test names: test_<title>), joined with and, "
            "or, not and parentheses (-k \"refund and shopify\")")


@pytest.hookimpl(trylast=True)  # after harness.certification has read the profile
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--interrupt-passed-on") and not hasattr(config, "workerinput"):
        interrupt = _OneInterrupt()
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, interrupt)
    for name, meaning in TAGS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")
    check_selection(config)
    # Through the environment, so every app of the run has it: create_app() anywhere, and the
    # servers and pytest runs that tests start as subprocesses.
    os.environ[CONTRACT_CHECKS_ENV] = "0" if config.getoption("--no-contract-checks") else "1"
    url = config.getoption("--connector-url")
    if url is not None and not url.strip():  # "--connector-url=$URL", unset: not the reference connector
        raise pytest.UsageError("--connector-url: empty: give the URL the connector API is served at (leave the "
                                "option out for the reference connector)")
    if url:
        if config.getoption("--connector") != DEFAULT_CONNECTOR:
            given = config.getoption("--connector")
            # Given by the environment, the command line does not show it: name the variable.
            written = any(arg == "--connector" or arg.startswith("--connector=") for arg in config.invocation_params.args)
            origin = f"--connector={given}" if written or os.environ.get("REFUNDSIM_CONNECTOR") != given else \
                f"REFUNDSIM_CONNECTOR={given} in the environment gives --connector"
            if not any(arg.startswith("--connector-url") for arg in config.invocation_params.args):
                origin += f"; REFUNDSIM_CONNECTOR_URL={masked_url(url)} in the environment gives --connector-url"
            raise pytest.UsageError("give --connector (a Python connector) or --connector-url (one over HTTP), "
                                    f"not both ({origin})")
        try:
            config.option.connector_url = check_url(url)
        except ValueError as exc:
            raise pytest.UsageError(f"--connector-url: {exc}") from None
        config.option.transport = "live"  # a connector in another process reaches the simulators over a socket
    else:
        try:
            config.stash[_FACTORY] = load_factory(config.getoption("--connector"))
        except ConnectorLoadError as exc:
            raise pytest.UsageError(str(exc)) from None
    if config.getoption("--base-url"):
        try:
            remote = RemoteTransport(config.getoption("--base-url"), config.getoption("--admin-token"))
            if not hasattr(config, "workerinput"):
                remote.check()  # a wrong URL or token is said once, before any scenario runs
        except (ValueError, ConnectionError) as exc:
            raise pytest.UsageError(f"--base-url: {exc}") from None
        config.stash[_REMOTE] = remote
        config.option.transport = "live"
        if remote.admin_token:  # for the servers and pytest runs that tests start
            os.environ[admin.ENV] = remote.admin_token
    if url and not hasattr(config, "workerinput"):
        check_connector_url(config, config.option.connector_url, config.stash.get(_REMOTE, None))
    # The run's own credentials, masked wherever it writes (harness.secrets), as the tenants' are.
    LIVE.add("run", credential_texts((), config.getoption("--admin-token"), config.getoption("--connector-token"),
                                     *given_url_secrets(config.getoption("--base-url")), *given_url_secrets(url)))


def pytest_runtest_logfinish(nodeid: str) -> None:
    """The scenario's report is written (its teardown's too): its tenant's credentials are no longer live."""
    LIVE.discard(nodeid)


def check_connector_url(config: pytest.Config, url: str, remote: RemoteTransport | None) -> None:
    """Prove, once and before any scenario runs, that the connector API answers at ``--connector-url``
    as the run will call it (:func:`harness.http_connector.probe`, with the token the run sends): a URL
    where nothing answers, or something that is not the connector API (a server's root, a typo in the
    path), would otherwise fail every scenario as a connector defect. A path is on ``--base-url``'s
    server, or on the server this run starts, whose one connector API is the reference's.

    :raise pytest.UsageError: the refusal (exit code 4; the last run's verdict and results kept)."""
    token = config.getoption("--connector-token")
    token_option = "--connector-token"
    if url.startswith("/"):
        if remote is None:
            if url != REFERENCE_PATH:
                raise pytest.UsageError(f"--connector-url: the simulators' own server serves the connector API at "
                                        f"{REFERENCE_PATH} only, not at {masked_url(url)} (give --base-url for another server's)")
            return
        if not token:
            token, token_option = remote.admin_token, "--admin-token"
        url = f"{remote.base_url}{url}"
    try:
        probe(url, token, secrets=(config.getoption("--admin-token"),), timeout=config.getoption("--connector-timeout"),
              token_option=token_option)
    except ValueError as exc:
        raise pytest.UsageError(f"--connector-url: {exc}") from None
    # A server's reference connector keeps its accounts as that server's tenants: certified against
    # the simulators this run starts, every scenario would fail on "No tenant". (With --base-url
    # the two may be one server behind a proxy: left to the run.)
    origin = served_reference(url) if remote is None else None
    if origin is not None:
        raise pytest.UsageError(f"--connector-url: {masked_url(url)} is the reference connector of the simulators at "
                                f"{masked_url(origin)}, whose accounts are that server's tenants: give --base-url "
                                f"{masked_url(origin)} (without it the harness starts simulators of its own), or "
                                f"--connector-url {REFERENCE_PATH} with it")


def pytest_sessionstart(session: pytest.Session) -> None:
    """The run's environment and the report's categories beside its results, once the run starts
    (after every option was checked) and only for a run of the features: a refused run, a listing
    (``--collect-only``) or a run of other tests leaves an earlier run's description as it was.

    Every log record pytest keeps is masked before it is written from now on: captured for the
    report, into ``--log-file``, live on the console (pytest's logging plugin is registered by then)."""
    config = session.config
    logging_plugin = config.pluginmanager.get_plugin("logging-plugin")
    for name in ("caplog_handler", "report_handler", "log_file_handler", "log_cli_handler"):
        handler = getattr(logging_plugin, name, None)
        if handler is not None and not any(isinstance(f, ScrubbingFilter) for f in handler.filters):
            handler.addFilter(ScrubbingFilter())
    results = config.getoption("--alluredir", None)
    if results and not hasattr(config, "workerinput") and runs_features(config):
        profile = active_profile(config)
        write_results_metadata(results, {
            "connector": connector_under_test(config),
            "profile": profile.path if profile else "(none)",
            "transport": config.getoption("--transport"),
            "seed": str(config.getoption("--seed") or "per scenario (see each scenario's parameters)"),
            "python": platform.python_version(),
            "pytest": pytest.__version__,
            "pytest-bdd": importlib.metadata.version("pytest-bdd"),
            "simulators": importlib.metadata.version("refundsim"),
        })


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what is alive after collection (modules, the app, the parsed features) out of the
    garbage collector's reach: it would otherwise walk all of it on every full collection, about a
    tenth of a run's time. Whatever the scenarios allocate is collected as usual."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(tryfirst=True)  # before the terminal's, which renders the interrupt's traceback
def pytest_keyboard_interrupt(excinfo: pytest.ExceptionInfo[BaseException]) -> None:
    """Python 3.11 now and then leaves the frame a signal's ``KeyboardInterrupt`` landed in without
    a line number (``tb_lineno`` None, in a ``with`` statement's ``__enter__``), and pytest's report
    of the interrupt fails on it with a ``TypeError``: an interrupted run (Ctrl-C, certify's SIGINT)
    then exits 1, its verdict not saying it was interrupted, instead of 2 (docs/ci.md). Such entries
    are left out of what pytest reports: they have no line to show."""
    excinfo.traceback = excinfo.traceback.filter(lambda entry: entry._rawentry.tb_lineno is not None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A connector that lacks protocol methods, found where a step builds it first (harness/connector.py
    :func:`build_connector`), stops the run as the connector fixture does: no scenario can certify it."""
    try:
        return (yield)
    except ConnectorLoadError as exc:
        stop_run(item.config, f"connector refused: {exc}")


# ------------------------------------------------------------------ simulators
@pytest.fixture(scope="session")
def simulator_app():
    """The simulators' Flask app, one per test session (tenants isolate scenarios)."""
    return create_app()


@pytest.fixture(scope="session")
def transport(request: pytest.FixtureRequest, simulator_app) -> Iterator[Transport]:
    """``--transport``: a live server runs for the whole session; in-process interception is
    switched on per scenario by :func:`simulators`. ``--base-url``: the server given."""
    if _REMOTE in request.config.stash:
        yield request.config.stash[_REMOTE]
        return
    t = make_transport(request.config.getoption("--transport"), simulator_app)
    if t.name == "live":
        t.start()
        yield t
        t.stop()
    else:
        yield t


@pytest.fixture
def frozen_clock(transport: Transport) -> Iterator[Any]:
    """In-process, the process clock frozen at :data:`SCENARIO_EPOCH` for one test (``None`` live).
    The feature scenarios share one for their whole module instead (harness/scenario_fixtures.py)."""
    with frozen_process_clock(transport) as clock:
        yield clock


@pytest.fixture
def simulators(transport: Transport, frozen_clock: Any) -> Iterator[Transport]:
    """The simulators, reachable at ``simulators.base_url`` for the length of one scenario.

    In-process the interception is active only inside a scenario and the process clock stands at
    :data:`SCENARIO_EPOCH` when it starts, so every scenario sees the same timestamps.
    """
    if transport.name != "inprocess":
        yield transport
        return
    frozen_clock.move_to(SCENARIO_EPOCH)
    transport.start()
    try:
        yield transport
    finally:
        transport.stop()


@pytest.fixture
def scenario_seed(request: pytest.FixtureRequest) -> int:
    """The scenario's seed (:func:`seed_for`); the report shows it as the parameter "seed"."""
    return seed_for(request.node)


@pytest.fixture(scope="session")
def _session_faker() -> Faker:
    return Faker("en_US")  # building one costs milliseconds: reseed it per scenario instead


@pytest.fixture
def faker(_session_faker: Faker, scenario_seed: int) -> Faker:
    """The scenario's Faker, seeded: every generated value replays from the seed (its "unique"
    memory is cleared too, so a scenario never depends on the ones before it)."""
    _session_faker.seed_instance(scenario_seed)
    _session_faker.unique.clear()
    return _session_faker


@pytest.fixture
def control(simulators: Transport) -> ControlPlaneClient:
    return ControlPlaneClient(simulators.base_url, simulators.admin_token)


@pytest.fixture
def tenant(request: pytest.FixtureRequest, control: ControlPlaneClient, scenario_seed: int,
           simulators: Transport) -> Iterator[dict[str, Any]]:
    """A fresh tenant (NetSuite account, Shopify shop, eBay seller) for one scenario."""
    created = control.create_tenant(seed=scenario_seed)
    # Masked wherever the run writes until the scenario's report is written (harness.secrets).
    LIVE.add(request.node.nodeid, credential_texts((block for block in created.values() if isinstance(block, dict)), named=True))
    served_here = getattr(simulators, "app", None)  # in-process, or a live server this run started
    source = DirectEvidence(served_here) if served_here is not None else control
    request.node.stash[JOURNAL] = ScenarioJournal(source, created["tenant"])
    request.node.stash[TIMELINE] = Timeline(created["tenant"], source)
    yield created
    # The item outlives the scenario (pytest keeps every item to the end): let go of the clients.
    del request.node.stash[JOURNAL], request.node.stash[TIMELINE]
    control.delete_tenant(created["tenant"])


@pytest.fixture
def scenario_journal(request: pytest.FixtureRequest, tenant: dict[str, Any]) -> ScenarioJournal:
    """The tenant's journal as the steps see it: the connector's requests are those of When steps."""
    return request.node.stash[JOURNAL]


@pytest.fixture
def timeline(request: pytest.FixtureRequest, tenant: dict[str, Any]) -> Timeline:
    """The scenario's simulator clock: what the harness moved, and so what the connector waited."""
    return request.node.stash[TIMELINE]


@pytest.fixture
def netsuite(simulators: Transport, tenant: dict[str, Any]) -> NetSuiteClient:
    """NetSuite as a NetSuite user (the harness) reaches it: REST with Token-Based Authentication."""
    return NetSuiteClient(simulators.base_url, tenant["netsuite"])


@pytest.fixture
def shopify(simulators: Transport, tenant: dict[str, Any]) -> ShopifyClient:
    """The Shopify shop's Admin REST API, as the merchant's tools reach it."""
    return ShopifyClient(simulators.base_url, tenant["shopify"])


@pytest.fixture
def connector_settings() -> dict[str, Any]:
    """The connector account's settings; scenarios override them with steps."""
    return {"storefront": "shopify", "refund_direction": "from_netsuite"}


@pytest.fixture
def connector_factory(request: pytest.FixtureRequest, simulators: Transport) -> ConnectorFactory:
    """The factory of the connector under test: ``--connector``, or ``--connector-url`` (which
    hands the connector the simulators' admin token, and takes it for itself on their server)."""
    url = request.config.getoption("--connector-url")
    if not url:
        return request.config.stash[_FACTORY]
    token = request.config.getoption("--connector-token") or (simulators.admin_token if url.startswith("/") else None)
    return HttpConnectorFactory(url, token, simulators.admin_token, request.config.getoption("--connector-timeout"))


@pytest.fixture
def connector_context(request: pytest.FixtureRequest, simulators: Transport, tenant: dict[str, Any]):
    """Builds the :class:`ConnectorContext` of this scenario's tenant for given settings."""
    clocks = request.node.stash[JOURNAL].source  # the tenant's clock, where its evidence is read
    tenant_id = tenant["tenant"]

    # The connector's clock is the simulator clock, and its waits move it: no real sleeping.
    def clock() -> datetime:
        return datetime.fromisoformat(clocks.clock(tenant_id).replace("Z", "+00:00"))

    def sleep(seconds: float) -> None:
        clocks.advance_clock(tenant_id, seconds)

    def build(settings: dict[str, Any]) -> ConnectorContext:
        return ConnectorContext(
            base_url=simulators.base_url, tenant=tenant_id, netsuite=tenant["netsuite"],
            shopify=tenant["shopify"], ebay=tenant["ebay"], magento=tenant["magento"],
            woocommerce=tenant["woocommerce"], settings=settings, clock=clock, sleep=sleep,
        )

    return build


@pytest.fixture
def connector(request: pytest.FixtureRequest, connector_factory: ConnectorFactory, connector_context,
              connector_settings: dict[str, Any]) -> Iterator[DrivenConnector]:
    """The connector under test (``--connector``), bound to this scenario's tenant; what it does
    wrong fails the scenario as a connector defect (:class:`DrivenConnector`).

    :raise ScenarioError: the scenario's account is one no connector can have (a shopping cart that
        syncs refunds to NetSuite): the connector refusing it is right, not its defect."""
    _possible_account(connector_settings)
    try:
        driven = start_connector(connector_factory, connector_context(connector_settings))
    except ConnectorLoadError as exc:  # no scenario can run with it: say so once and stop
        stop_run(request.config, f"connector refused: {exc}")
    request.node.stash[CONNECTOR] = driven
    yield driven
    del request.node.stash[CONNECTOR]  # as for the tenant: the item outlives the scenario
    driven.close()


def _possible_account(settings: dict[str, Any]) -> None:
    """Refuse, as the scenario's mistake, an account whose storefront has no refund sync in its
    direction: a shopping cart's connector syncs refunds from NetSuite only (schemas.py
    FROM_NETSUITE_ONLY). The account step takes it — a scenario may check that the connector refuses
    it ("an account that syncs refunds in both directions is refused ...") — but a connector started
    with it refuses rightly, and that refusal read as its defect ("Settings differ").

    :raise ScenarioError: the storefront is a cart and the direction is to NetSuite or both."""
    storefront = settings.get("storefront")
    if storefront in FROM_NETSUITE_ONLY and settings.get("refund_direction") in ("to_netsuite", "both"):
        name = STOREFRONT_NAMES.get(storefront, storefront)
        raise ScenarioError(f"the account of the scenario's first step cannot be: {name} syncs refunds from NetSuite to "
                            "the storefront only (a shopping cart's connector has no refund sync to NetSuite): write "
                            f"'Given a {name} connector account that syncs refunds from NetSuite to the storefront'")


# ------------------------------------------------------------------- actors
@pytest.fixture
def netsuite_user(netsuite: NetSuiteClient) -> NetSuiteUser:
    return NetSuiteUser(netsuite)


@pytest.fixture
def storefront_user(connector_settings: dict[str, Any], faker: Faker, control: ControlPlaneClient,
                    tenant: dict[str, Any], simulators: Transport):
    """The merchant on the account's storefront (harness/actors.py): a :class:`ShopifyMerchant`, an
    :class:`EbaySeller`, a :class:`MagentoMerchant` or a :class:`WooCommerceMerchant`."""
    merchant = merchant_of(connector_settings.get("storefront", "shopify"), simulators.base_url, tenant, control, faker)
    display = connector_settings.get("magento_shipping_display")
    if isinstance(merchant, MagentoMerchant) and display:
        # The store is as the account says it is: the implementer set the account to match it.
        merchant.display_shipping(display)
    return merchant


@pytest.fixture
def netsuite_refunds() -> list:
    """Refunds made in NetSuite in this scenario (steps append to it)."""
    return []


@pytest.fixture
def storefront_refunds() -> list:
    """Refunds made on the storefront in this scenario (steps append to it)."""
    return []
