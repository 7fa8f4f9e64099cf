"""``--connector=module:factory``: loading and clear refusals; a refused run leaves the last run's report."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.connector import (
    DEFAULT_CONNECTOR, PROTOCOL_METHODS, ConnectorLoadError, DrivenConnector, build_connector, load_factory,
    start_connector,
)
from harness.evidence import category_of
from harness.expectations import ConnectorDefect
from tests.core.feature_runner import run_feature
from simulators.connector.protocol import ConnectorContext, OrderSyncResult, OtherTransaction, RetrieveResult
from simulators.connector.reference import create_connector

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_is_the_reference_connector() -> None:
    assert load_factory(DEFAULT_CONNECTOR) is create_connector


@pytest.mark.parametrize("spec, message", [
    ("simulators.connector.reference", "expected <module>:<factory>"),
    # Said in words, with what to give (it said "cannot import module 'no_such_module': No module named
    # 'no_such_module'" and "has no callable 'nope'", Python's quotes and nothing to give instead).
    ("no_such_module:factory", r"^--connector=no_such_module:factory: no module no_such_module on the Python path \(the "
                               r"current folder and PYTHONPATH\); give the file instead: "
                               r"--connector=path/to/connector.py:factory$"),
    ("simulators.connector.reference:nope", r"^--connector=simulators.connector.reference:nope: "
                                            r"simulators.connector.reference has no function nope: give the one that "
                                            r"makes the connector \(it has: .*\bcreate_connector\b.*\)$"),
    ("simulators.connector.reference:STAMP_PREFIX", r": simulators.connector.reference.STAMP_PREFIX is not a function: "
                                                    r"give the one that makes the connector \(it has: "),
    # A faulty connector of the self-test's catalogue misspelt, as a QA making a failure on purpose does.
    ("harness.selftest.catalogue:drops_shiping", r"has no function drops_shiping \(did you mean drops_shipping\?\): give "),
    # A file name no file can have: an OSError traceback (File name too long), from certify too.
    ("x" * 5000 + ".py:create", "cannot look the file up: File name too long"),
    # Quoted as the option is retyped in a shell, not as Python prints it (a path of Windows' backslashes doubled).
    ("my connectors\\conn.py:create", r"^--connector='my connectors\\conn.py:create': no such file "
                                       r"'my connectors\\conn.py'$"),
    ("./conn.py:create", r"^--connector=./conn.py:create: no such file ./conn.py$"),
])
def test_bad_specs_are_refused_with_a_message(spec: str, message: str) -> None:
    with pytest.raises(ConnectorLoadError, match=message):
        load_factory(spec)


@pytest.mark.parametrize("source, problem", [
    ("def create(context)\n    pass\n", r"SyntaxError: expected ':' \(at {path}:1\)"),
    ("import os\nTOKEN = os.environ['NO_SUCH_VARIABLE_0042']\n", r"KeyError: 'NO_SUCH_VARIABLE_0042' \(at {path}:2\)"),
    ("raise RuntimeError('configure me first')\n", r"RuntimeError: configure me first \(at {path}:1\)"),
    # A library it imports is missing: its import failed, the module was found (it said "cannot import
    # module ...; give the file instead", which fails the same).
    ("import no_such_library_0042\n", r"ModuleNotFoundError: No module named 'no_such_library_0042' \(at {path}:1\)"),
])
@pytest.mark.parametrize("given", ["module", "file"])
def test_a_connector_whose_import_fails_is_refused_with_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              source: str, problem: str, given: str) -> None:
    """A connector module that does not import — a syntax error, a setting it reads at import time,
    anything it raises — is refused naming the error and the file and line, as a module or a file:
    never pytest's INTERNALERROR and a traceback (exit code 3, "interrupted" to CI)."""
    name = f"broken_connector_{given}_{abs(hash(source))}"
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    spec = f"{name}:create" if given == "module" else f"{path}:create"
    with pytest.raises(ConnectorLoadError, match=f"^--connector={re.escape(shlex.quote(spec))}: importing .*{re.escape(name)}.* "
                                                 f"failed: {problem.format(path=re.escape(str(path)))}$"):
        load_factory(spec)


@pytest.mark.parametrize("source, takes", [
    ("def create():\n    return None\n", "create() takes none"),
    ("def create(context, region):\n    return None\n", "create() requires two: context, region"),
    ("def create(*, context):\n    return None\n", "create() takes none by position, context only by name"),
    ("def create(context, *, region):\n    return None\n", "create() also requires region by name"),
    ("class create:\n    def __init__(self):\n        pass\n", "create() takes none"),
])
def test_a_factory_that_cannot_take_the_context_is_refused_before_any_scenario(
        tmp_path: Path, source: str, takes: str) -> None:
    """The harness calls the factory with one argument, the scenario's ConnectorContext: a factory
    that cannot be called so is refused when it is loaded, saying what a factory takes and what this
    one takes, in the implementer's words (not inspect's "too many positional arguments") — not met
    in every scenario as the connector raising a TypeError."""
    path = tmp_path / "conn.py"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(ConnectorLoadError) as refused:
        load_factory(f"{path}:create")
    assert str(refused.value) == (f"--connector={shlex.quote(f'{path}:create')}: the factory must take one argument, the "
                                  "connector context (ConnectorContext, simulators/connector/protocol.py), and return the "
                                  f"connector; {takes}")


def test_a_factory_that_takes_the_context_and_options_with_defaults_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "conn.py"
    path.write_text("def create(context, region='eu', *rest, **options):\n    return None\n", encoding="utf-8")
    assert callable(load_factory(f"{path}:create"))
    assert load_factory("builtins:print") is print  # no signature to read: left to the scenario


#: What an earlier run left: a result, an attachment and the run's environment in the results
#: folder, and its verdict.
EARLIER = {"results/earlier-result.json": '{"name": "an earlier run"}', "results/earlier-attachment.txt": "evidence",
           "results/environment.properties": "connector=an earlier connector\n",
           "certification.json": '{"verdict": "CERTIFIED"}'}


def _plant_earlier_run(folder: Path) -> None:
    for name, text in EARLIER.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("args, refusal", [
    (["--connector=nope:x"], "no module nope on the Python path"),
    # Nothing listens on port 9 (discard) of loopback here: refused before any scenario, as a bad module is.
    # A key in its query is masked in the refusal, under any spelling of its name (percent-escapes).
    (["--connector-url=http://127.0.0.1:9/connector/v1?%74oken=PLANTEDURLSECRET"], "/connector/v1?%74oken=***"),
    # A path on the harness's own server other than its reference connector's (a typo): no connector API there.
    (["--connector-url=/connectr/v1?%61ssertion=PLANTEDURLSECRET"],
     "--connector-url: the simulators' own server serves the connector API at /connector/v1 only, not at "
     "/connectr/v1?%61ssertion=***"),
    (["--connector-url=ftp://127.0.0.1:9/c?%6Bey=PLANTEDURLSECRET"], "'ftp://127.0.0.1:9/c?%6Bey=***' is neither"),
    (["--connector=harness.selftest.catalogue:posts_the_wrong_amount", "--connector-url=http://127.0.0.1:9/c"],
     "give --connector (a Python connector) or --connector-url"),
    (["--base-url=http://127.0.0.1:9"], "--base-url:"),  # the simulators are not there either
    # A connector timeout that no call could meet, or that never ends.
    # Said as the option is written (a value a shell would split quoted as it would be retyped), not Python's repr.
    *[([f"--connector-timeout={value}"], f"--connector-timeout {said}: not a number of seconds greater than 0")
      for value, said in (("0", "0"), ("-5", "-5"), ("nan", "nan"), ("inf", "inf"), ("in 5 s", "'in 5 s'"))],
    # A tag that is not registered, or an expression pytest cannot read: refused before the run
    # starts, not once it has cleared the last run's verdict and results.
    (["-m", "shopfy"], "-m shopfy: unknown tag shopfy (did you mean shopify?)"),
    (["-m", "shopify and"], "-m 'shopify and': the expression ends after \"shopify and\", where a tag, not or ( "
                            "must follow. Tags are joined with and, or, not and parentheses (-m \"shopify and success\"); "
                            "the tags: success, missing_order, "),
    (["-k", "refund and ("], "-k 'refund and (': the expression ends after \"refund and (\", where a word of the "
                             "scenarios' names, not or ( must follow"),
    (["-k", "customer's and ("], """-k 'customer'"'"'s and (': at column"""),
    # Empty (``--connector-url=$URL`` with the variable unset): the run went on without it, with the
    # reference connector, or certified every scenario instead of the profile's activation.
    (["--connector-url="], "--connector-url: empty: give the URL"),
    (["--profile="], "--profile: empty: give a profile"),
])
def test_a_run_refused_before_any_scenario_leaves_the_last_run_s_report(
        tmp_path: Path, args: list[str], refusal: str) -> None:
    """A connector (or simulators) the run cannot use is pytest's usage error before any scenario,
    and it changes nothing: the results folder and the verdict of the run before it are still there
    to render and read."""
    _plant_earlier_run(tmp_path)
    result = subprocess.run([sys.executable, "-m", "pytest", "features/", *args, "-p", "no:cacheprovider",
                             f"--alluredir={tmp_path / 'results'}", f"--certification-report={tmp_path / 'certification.json'}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]  # pytest's usage error
    assert refusal in result.stderr and "PLANTEDURLSECRET" not in result.stdout + result.stderr, result.stderr[-2000:]
    assert {name: (tmp_path / name).read_text(encoding="utf-8") for name in EARLIER} == EARLIER
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == [
        "earlier-attachment.txt", "earlier-result.json", "environment.properties"]


@pytest.mark.parametrize("flag, text, said", [
    ("-m", "ebay and", "-m 'ebay and': the expression ends after \"ebay and\", where a tag, not or ( must follow"),
    ("-m", "ebay shopify", "-m 'ebay shopify': \"shopify\" (column 6) cannot follow \"ebay\": join them with and or or"),
    ("-m", "(ebay or shopify", "-m '(ebay or shopify': the expression ends after \"(ebay or shopify\", where ) must "
                               "close its ("),
    ("-m", "and ebay", "-m 'and ebay': \"and\" (column 1) cannot come first: a tag, not or ( must come there"),
    ("-m", "ebay)", "-m 'ebay)': \")\" (column 5) closes no ("),
    ("-m", "ebay !", "-m 'ebay !': at column 6: unexpected character \"!\""),
    ("-k", "refund or", "-k 'refund or': the expression ends after \"refund or\", where a word of the scenarios' names, "
                        "not or ( must follow"),
])
def test_an_expression_of_tags_that_cannot_be_read_is_said_in_the_product_s_words(flag: str, text: str, said: str) -> None:
    """``-m "ebay and"`` was refused in the words of pytest's parser ("expected not OR left parenthesis
    OR identifier; got end of input"): now where the expression is wrong and what may come there, and
    for -m how tags are joined and which there are (harness/plugin.py TAGS)."""
    from harness.plugin import TAGS

    message = _refused_selection(flag, text)
    assert message.startswith(said + "."), message
    assert " OR " not in message and "identifier" not in message and "end of input" not in message, message
    if flag == "-m":
        assert message.endswith(f"the tags: {', '.join(TAGS)} (listed in docs/steps.md (Tags), and by pytest --markers)"), message


@pytest.mark.parametrize("text", ["shopfy", "ebay and"])
def test_an_installed_user_is_told_where_the_tags_are_listed_for_them(text: str, monkeypatch) -> None:
    """From an installed package (``refundsim certify -m shopfy``), a refused -m said to read the tags
    in docs/steps.md, which the package does not ship, and by pytest --markers, which is not how they
    run it: they are listed by refundsim certify --markers."""
    import harness.certify

    installed = harness.certify.Suite(Path("/site-packages/harness"), Path("/site-packages/harness/features"), (), True)
    monkeypatch.setattr(harness.certify, "suite", lambda: installed)
    message = _refused_selection("-m", text)
    assert "by refundsim certify --markers" in message and "docs/steps.md" not in message, message


def _refused_selection(flag: str, text: str) -> str:
    """How the suite refuses ``flag text`` (-m or -k), its tags registered and strict, as pytest.ini has them."""
    from types import SimpleNamespace

    from harness.plugin import TAGS, check_selection

    option = SimpleNamespace(markexpr=text if flag == "-m" else "", keyword=text if flag == "-k" else "")
    ini = {"strict_markers": True, "markers": [f"{tag}: {meaning}" for tag, meaning in TAGS.items()]}
    with pytest.raises(pytest.UsageError) as refused:
        check_selection(SimpleNamespace(option=option, getini=ini.__getitem__))  # type: ignore[arg-type]
    return str(refused.value)


def test_a_run_that_starts_replaces_the_last_run_s_results(tmp_path: Path) -> None:
    """The other side of the test above: once the run starts, the earlier run's results are gone
    (they would be rendered with this run's), and the folder holds this run's own."""
    _plant_earlier_run(tmp_path)
    result = subprocess.run([sys.executable, "-m", "pytest", "features/refund_to_storefront.feature", "-q", "-k",
                             "cash_refund_of_a_paid and Shopify", "-p", "no:cacheprovider", f"--alluredir={tmp_path / 'results'}",
                             f"--certification-report={tmp_path / 'certification.json'}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    left = sorted(p.name for p in (tmp_path / "results").iterdir())
    assert not {"earlier-attachment.txt", "earlier-result.json"} & set(left), left
    assert any(name.endswith("-result.json") for name in left), left
    environment = (tmp_path / "results" / "environment.properties").read_text(encoding="utf-8")
    assert "connector=simulators.connector.reference:create_connector" in environment.splitlines(), environment
    assert (tmp_path / "certification.json").read_text(encoding="utf-8") != EARLIER["certification.json"]


#: What an earlier ``python -m harness.certify`` left in its report folder: results, the verdict and the report.
EARLIER_CERTIFICATION = {**EARLIER, "allure-report/index.html": "<html>the earlier report</html>"}


@pytest.mark.parametrize("args, refusal", [
    (["--profile=no-such-profile"], "no such file, nor a profile that ships"),
    (["--profile={folder}/bad.yaml"], "profile refused:"),
    (["--connector=nope:x"], "no module nope on the Python path"),
    (["--connector-timeout=0"], "--connector-timeout 0: not a number of seconds greater than 0"),
    # A timeout no socket takes (OverflowError, an INTERNALERROR that showed the earlier verdict as this run's).
    (["--connector-timeout=10000000000", "--connector-url=http://127.0.0.1:9/c"],
     "--connector-timeout 10000000000: not a number of seconds greater than 0 and at most 86400"),
    # Where pytest's log and pytest-bdd's Cucumber JSON cannot be written: before any scenario, not a traceback.
    (["--log-file={folder}"], "--log-file {folder}: a folder; give the file the log is written to"),
    (["--cucumberjson={folder}"], "--cucumberjson {folder}: a folder; give the file the Cucumber JSON is written to"),
    # The scenarios of another folder: a partial run of the suite's would have been CERTIFIED.
    (["-k", "cancel", "-o", "bdd_features_base_dir=/nonexistent"],
     "-o bdd_features_base_dir=/nonexistent: a certification runs the suite's own scenarios"),
    # certify's own options, misused: a usage error as pytest's are (docs/ci.md: 4), not 2 ("interrupted").
    (["--connector=a:b", "--connector-url=http://127.0.0.1:9/c"], "argument --connector-url: not allowed with argument --connector"),
    (["--profile"], "argument --profile: expected one argument"),
    # An option pytest refuses, said for the command that was run (it said "python -m pytest: error:
    # argument --transport: invalid choice: 'smoke' (choose from 'inprocess', 'live')").
    (["--transport=smoke"], "python -m harness.certify: error: argument --transport: must be inprocess or live, not smoke"),
])
def test_a_certification_refused_before_it_runs_leaves_the_last_verdict_and_report(
        tmp_path: Path, args: list[str], refusal: str) -> None:
    """``python -m harness.certify`` refused for a bad option, profile or connector runs no
    scenario: the earlier verdict, results and report are left exactly as they were (not deleted,
    not rendered again), and it says why, with pytest's exit code for a usage error."""
    for name, text in EARLIER_CERTIFICATION.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("storefront: shopify\ndirection: sideways\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "harness.certify", f"--report={tmp_path}", "-p", "no:cacheprovider",
                             *(arg.format(folder=tmp_path) for arg in args)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]  # the usage error's code
    assert refusal.format(folder=tmp_path) in result.stdout + result.stderr
    if args[0].startswith(("--connector=nope", "--connector-timeout", "--transport", "--log-file", "--cucumberjson", "-k")):
        # pytest's refusals: certify's line
        assert (f"Refused before any scenario ran (a usage error, the reason is above; exit code 4); the earlier verdict "
                f"and report in {tmp_path} are left as they were") in result.stdout, result.stdout[-2000:]
    # Said for what the user typed: not pytest's "inifile:" and "rootdir:" lines (an installed package's
    # are paths in site-packages), nor pytest's usage ("[file_or_dir]").
    for noise in ("inifile:", "rootdir:", "file_or_dir"):
        assert noise not in result.stdout + result.stderr, (noise, result.stdout[-2000:] + result.stderr[-2000:])
    assert {name: (tmp_path / name).read_text(encoding="utf-8") for name in EARLIER_CERTIFICATION} == EARLIER_CERTIFICATION
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == [
        "earlier-attachment.txt", "earlier-result.json", "environment.properties"]


def test_a_certification_that_fails_internally_before_it_runs_does_not_show_the_earlier_verdict_as_its_own(
        tmp_path: Path) -> None:
    """pytest failing internally while it configures (a plugin's error: an INTERNALERROR, exit code 3)
    runs no scenario: the earlier verdict and report are kept, not rendered again nor printed as this
    run's ("Verdict: CERTIFIED" under a traceback)."""
    report = tmp_path / "report"
    for name, text in EARLIER_CERTIFICATION.items():
        (report / name).parent.mkdir(parents=True, exist_ok=True)
        (report / name).write_text(text, encoding="utf-8")
    (tmp_path / "breaks_at_configure.py").write_text(
        "def pytest_configure(config):\n    raise RuntimeError('a plugin broke')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "harness.certify", f"--report={report}", "-p", "no:cacheprovider",
                             "-p", "breaks_at_configure"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert result.returncode == 3, result.stdout[-2000:] + result.stderr[-2000:]
    assert (f"pytest failed internally before any scenario ran (the error is above; exit code 3): nothing was "
            f"certified; the earlier verdict and report in {report} are left as they were, and are not this run's"
            ) in result.stdout, result.stdout[-2000:]
    assert "Verdict:" not in result.stdout and "Report:" not in result.stdout, result.stdout[-2000:]
    assert {name: (report / name).read_text(encoding="utf-8") for name in EARLIER_CERTIFICATION} == EARLIER_CERTIFICATION


@pytest.mark.parametrize("given", ["--report=", "--report=  "])
def test_an_empty_report_folder_is_refused_not_the_current_folder(tmp_path: Path, given: str) -> None:
    """``--report ""`` (``--report=$REPORT_DIR`` with the variable unset, in a CI script) is a
    mistake, not "here": refused before any scenario, rather than scattering the results, the
    verdict, the report and the trends over the folder the command runs in."""
    result = subprocess.run([sys.executable, "-m", "harness.certify", given, "-k", "no_scenario_is_named_so",
                             "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    assert "--report: empty: give a folder for the results, the verdict and the report" in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("given, refusal", [
    (["--connector-url="], "--connector-url: empty: give the URL"),
    (["--connector="], "--connector: empty: give module:factory"),
    (["--profile="], "--profile: empty: give a profile"),
    (["--profile", " "], "--profile: empty: give a profile"),
    # A name longer than a file's can be broke certify with a traceback (OSError: File name too long).
    (["--profile", "x" * 5000], "--profile xxxxxxxxxx"),
    (["--profile", "x" * 5000], "…: File name too long"),
])
def test_an_empty_connector_or_profile_is_refused_not_the_reference_connector_certified(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], given: list[str],
        refusal: str) -> None:
    """``--connector-url "$URL"`` with the variable unset certified the reference connector — a
    CERTIFIED verdict for a connector nobody wrote, which a CI gate let through — and ``--profile
    "$PROFILE"`` every scenario instead of the activation's. Refused before any scenario (4)."""
    from harness import certify

    monkeypatch.setattr(certify, "_run_pytest", lambda *args: pytest.fail(f"the run started: {args[0]}"))
    assert certify.main([*given, f"--report={tmp_path / 'out'}"]) == 4
    assert refusal in capsys.readouterr().err


CRASH_PLUGIN = '''
import os


def pytest_collection_finish(session):
    os._exit(3)  # the run dies after it started, before any scenario ends (killed, out of memory, ...)
'''


def test_a_run_that_starts_and_crashes_leaves_no_earlier_verdict_looking_current(tmp_path: Path) -> None:
    """The verdict of the run before is removed when a session that runs the features starts, not
    when it ends: a run that dies on the way leaves no verdict, rather than the last one."""
    _plant_earlier_run(tmp_path)
    (tmp_path / "crash_plugin.py").write_text(CRASH_PLUGIN, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "features/refund_to_storefront.feature", "-q",
                             "-p", "no:cacheprovider", "-p", "crash_plugin", f"--alluredir={tmp_path / 'results'}",
                             f"--certification-report={tmp_path / 'certification.json'}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert result.returncode == 3, result.stdout[-2000:] + result.stderr[-2000:]
    assert not (tmp_path / "certification.json").exists()


#: A connector whose factory (a plain function: nothing to check before it is called) builds an
#: object that lacks most of the protocol.
PARTIAL_CONNECTOR = '''
class Partial:
    def __init__(self, context):
        self.context = context

    def sync_order(self, order_id):
        raise NotImplementedError


def create(context):
    return Partial(context)
'''


@pytest.mark.parametrize("step", [
    'Then the connector refuses to save the account with "max_attempts" set to 0',
    "Then the connector refuses to save the account with an unknown setting \"colour\"",
    "Then an account that syncs refunds in both directions is refused without the override",
])
def test_a_connector_that_lacks_protocol_methods_is_refused_before_a_step_uses_it(tmp_path: Path, step: str) -> None:
    """The account steps that build the connector themselves (to see it refuse settings) hold it to
    the protocol as the connector fixture does: a run of a connector that lacks methods stops there,
    once, naming what is missing — not an AttributeError of whichever method a step called first."""
    (tmp_path / "partial.py").write_text(PARTIAL_CONNECTOR, encoding="utf-8")
    feature = ("Feature: A partial connector\n  @success @to_storefront @shopify\n  Scenario: Settings first\n"
               "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
               f"    {step}\n")
    process, _ = run_feature(feature, tmp_path, f"--connector={tmp_path / 'partial.py'}:create")
    output = process.stdout + process.stderr
    assert process.returncode == 4, output[-3000:]  # pytest's usage error: the connector cannot be certified
    assert "connector refused: " in output and "lacks retrieve_refunds, post, cancel" in output, output[-3000:]
    assert "AttributeError" not in output, output[-3000:]


def test_a_certification_stopped_once_it_started_does_not_claim_the_earlier_verdict(tmp_path: Path) -> None:
    """A connector whose lack of methods shows only once a scenario builds it stops the run with a
    usage error after it started: the earlier verdict is gone (the run's own says NOT CERTIFIED), and
    certify does not say it left the earlier one in place."""
    for name, text in EARLIER_CERTIFICATION.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "partial.py").write_text(PARTIAL_CONNECTOR, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "harness.certify", f"--report={tmp_path}", "-p", "no:cacheprovider",
                             f"--connector={tmp_path / 'partial.py'}:create", "-q"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 4, output[-3000:]
    assert "connector refused: " in output and "left as they were" not in output, output[-3000:]
    assert (tmp_path / "certification.json").read_text(encoding="utf-8") != EARLIER_CERTIFICATION["certification.json"]
    written = json.loads((tmp_path / "certification.json").read_text(encoding="utf-8"))
    assert written["verdict"] == "NOT CERTIFIED"
    assert written["reasons"][0].startswith("The run was stopped: connector refused: the object its factory create "
                                            "returned (Partial) lacks retrieve_refunds"), written["reasons"]
    # Every scenario was selected: the run was stopped, not partial. The scenario it was stopped in
    # did not pass, and pytest's own name for the stop (_pytest.outcomes.Exit) is not the user's.
    assert not [reason for reason in written["reasons"] if reason.startswith("Partial run")], written["reasons"]
    assert re.search(r"\(1 of \d+ scenarios that apply ran\)$", written["reasons"][0]), written["reasons"]
    assert [case["outcome"] for case in written["cases"]] == ["error"], written["cases"]
    assert written["cases"][0]["message"] == written["reasons"][0].removeprefix("The run was stopped: ").rpartition(
        " (1 of")[0], written["cases"]
    assert "_pytest" not in output and "outcomes.Exit" not in output, output[-3000:]
    # A scenario ran (stopped in it, before its results were written): not "none (no scenario ran)".
    assert (f"Report:  none (the run stopped in its first scenario, before its results were written; what happened "
            f"is in the verdict: {tmp_path / 'certification.json'})") in result.stdout, result.stdout[-3000:]
    assert "no scenario ran" not in output, output[-3000:]


@pytest.mark.parametrize("built, what", [
    (None, "its factory create returned nothing: it must return the connector, which"),
    (42, "the object its factory create returned (int) lacks sync_order"),
])
def test_a_factory_that_returns_no_connector_is_refused_in_words(built: object, what: str) -> None:
    """A factory that forgot its return was refused as "the object its factory returned (NoneType)
    lacks sync_order, ...": Python's name for nothing."""
    from harness.connector import ConnectorLoadError

    def create(context: object) -> object:
        return built

    with pytest.raises(ConnectorLoadError) as refused:
        build_connector(create, None)  # type: ignore[arg-type]
    assert str(refused.value).startswith(what) and "NoneType" not in str(refused.value), str(refused.value)


class _WrongTypes:
    """A connector whose methods return what the protocol does not: plain dicts, None, a list of dicts."""

    def sync_order(self, order_id: str) -> object:
        return {"order_id": order_id, "status": "Posted"}

    def retrieve_refunds(self, source_channel: str, order_id: str) -> object:
        return RetrieveResult(True, "done", ({"id": "T1"},))  # type: ignore[arg-type]

    def transactions(self) -> object:
        return None

    def orders(self) -> object:
        return [{"order_id": "1001"}]


@pytest.mark.parametrize("call, found", [
    (lambda c: c.sync_order("1001"), "sync of order 1001 (method sync_order) to return an OrderSyncResult, it returned "
                                     "a dict (order_id: 1001; status: Posted)"),
    (lambda c: c.retrieve_refunds("shopify", "1001"),
     "retrieve of the refunds of order 1001 from Shopify (method retrieve_refunds) to return a RetrieveResult whose "
     "transactions are OtherTransaction, it returned a RetrieveResult whose transactions are a tuple of dict (id: T1)"),
    (lambda c: c.transactions(), "list of Other Transactions (method transactions) to return a list of "
                                 "OtherTransaction, it returned nothing"),
    (lambda c: c.orders(), "list of orders (method orders) to return a list of OrderSyncResult, it returned a list of "
                           "dict (order_id: 1001)"),
])
def test_a_python_connector_that_returns_the_wrong_type_is_a_connector_defect(call: Any, found: str) -> None:
    """The protocol's methods return its dataclasses: a Python connector that returns anything else
    (a dict, None) fails as a connector defect naming the call and what it returned — never as an
    AttributeError in a step, filed under "Harness errors" as if the scenario were wrong."""
    with pytest.raises(ConnectorDefect) as raised:
        call(DrivenConnector(_WrongTypes()))  # type: ignore[arg-type]
    assert str(raised.value).startswith("Record differs: expected the connector's "), raised.value
    assert found in str(raised.value), raised.value
    # The call and what it returned in words, not as Python prints them (sync_order('1001'), {'...': ...}, None).
    assert not re.search(r"\w\(['\[{)]|\{'|'\}|None", str(raised.value)), raised.value
    assert category_of("failed", str(raised.value)) == "Connector defect: record differs"


class _WrongFieldTypes:
    """A connector whose dataclasses hold values of other types than their fields': a success that
    is None (falsy, as a failure is), an error message None, an amount as a number."""

    def sync_order(self, order_id: str) -> object:
        return OrderSyncResult(order_id, "Error Posting to NetSuite", None, None)  # type: ignore[arg-type]

    def retrieve_refunds(self, source_channel: str, order_id: str) -> object:
        return RetrieveResult(None, "Order 1001 was not found.")  # type: ignore[arg-type]

    def transactions(self) -> object:
        return [OtherTransaction("T1", "shopify", "1001", 10, "USD", "Retrieved")]  # type: ignore[arg-type]

    def orders(self) -> object:
        return [OrderSyncResult(1001, "Order Posted, Pending Fulfillment", "5402")]  # type: ignore[arg-type]


@pytest.mark.parametrize("call, found", [
    (lambda c: c.sync_order("1001"), "sync of order 1001 (method sync_order) to return an OrderSyncResult whose "
                                     "error_message is a str, it is nothing"),
    (lambda c: c.retrieve_refunds("shopify", "1001"), "to return a RetrieveResult whose success is a bool, it is nothing"),
    (lambda c: c.transactions(), "to return an OtherTransaction whose amount is a str, it is an int"),
    (lambda c: c.orders(), "to return an OrderSyncResult whose order_id is a str, it is an int"),
])
def test_a_python_connector_whose_results_hold_values_of_other_types_is_a_connector_defect(call: Any, found: str) -> None:
    """The connector API's JSON says a success is true or false, never null, and a message a
    string: a Python connector's dataclass holding None (or a number) where its field's type says
    otherwise is refused the same way, as a connector defect naming the field, before a check
    reads a None as the failure the connector never said."""
    with pytest.raises(ConnectorDefect) as raised:
        call(DrivenConnector(_WrongFieldTypes()))  # type: ignore[arg-type]
    assert found in str(raised.value), raised.value
    assert category_of("failed", str(raised.value)) == "Connector defect: record differs"


#: A connector of the user's own folder: the reference connector under another name.
OWN_CONNECTOR = '''
from simulators.connector.reference import create_connector


def create(context):
    return create_connector(context)
'''


@pytest.mark.parametrize("spec", ["mine.py:create", "mine:create"])
def test_a_certification_from_another_folder_finds_the_connector_of_that_folder(tmp_path: Path, spec: str) -> None:
    """``python -m harness.certify --connector mine.py:create`` (or ``mine:create``) run in the
    implementer's own folder, with a checkout's environment: the file, or the module, is the one in
    that folder (README: "the current folder"), though pytest runs in the checkout."""
    (tmp_path / "mine.py").write_text(OWN_CONNECTOR, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "harness.certify", f"--connector={spec}", "--report=out",
                             "-p", "no:cacheprovider", "-q", "-k", "cash_refund_of_a_paid and Shopify"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert "passed" in output and "failed" not in output, output[-3000:]
    verdict = json.loads((tmp_path / "out" / "certification.json").read_text(encoding="utf-8"))
    assert verdict["cases"] and {case["outcome"] for case in verdict["cases"]} == {"passed"}, verdict
    assert result.returncode == 1 and verdict["partial"], output[-3000:]  # some scenarios only: not certified


def test_a_report_folder_that_cannot_be_one_is_refused_before_any_scenario(tmp_path: Path) -> None:
    """``--report`` naming a file (or a folder inside one): refused with what to change, pytest's
    exit code for a usage error — never an INTERNALERROR traceback (exit 3) once the run started."""
    (tmp_path / "conn.py").write_text("# my connector\n", encoding="utf-8")
    for report in ("conn.py", "conn.py/reports"):
        result = subprocess.run([sys.executable, "-m", "harness.certify", f"--report={report}", "-p", "no:cacheprovider",
                                 "-k", "no_scenario_is_called_this"], cwd=tmp_path, capture_output=True, text=True,
                                timeout=60)
        output = result.stdout + result.stderr
        assert result.returncode == 4, output[-3000:]
        assert f"--report {report}: " in output and "not a folder" in output and "INTERNALERROR" not in output, output[-3000:]
    assert (tmp_path / "conn.py").read_text(encoding="utf-8") == "# my connector\n"


def test_a_verdict_path_that_is_a_folder_is_refused_before_any_scenario(tmp_path: Path) -> None:
    """``--certification-report`` naming a folder (``reports/``) or a file inside a file: refused as
    a usage error that says what to give, never an INTERNALERROR traceback when the run starts."""
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for given in (tmp_path, tmp_path / "a-file" / "certification.json"):
        result = subprocess.run([sys.executable, "-m", "pytest", "features/refund_actions.feature", "-q",
                                 "-p", "no:cacheprovider", f"--alluredir={tmp_path / 'results'}",
                                 f"--certification-report={given}"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        output = result.stdout + result.stderr
        assert result.returncode == 4, output[-3000:]
        assert f"--certification-report {given}: " in output and "INTERNALERROR" not in output, output[-3000:]


def test_a_results_folder_that_is_a_file_is_refused_before_any_scenario(tmp_path: Path) -> None:
    """``--alluredir`` naming a file: a usage error that says so, not allure's INTERNALERROR."""
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "features/refund_actions.feature", "-q",
                             "-p", "no:cacheprovider", f"--alluredir={tmp_path / 'a-file'}",
                             f"--certification-report={tmp_path / 'certification.json'}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 4, output[-3000:]
    assert f"--alluredir {tmp_path / 'a-file'}: " in output and "INTERNALERROR" not in output, output[-3000:]


class _Leaky:
    """A Python connector whose errors carry the tenant's credentials (a URL with its token, a header)."""

    def __init__(self, context: Any) -> None:
        self.context = context

    def __getattr__(self, name: str) -> Any:
        if name in PROTOCOL_METHODS:
            return lambda *args: None
        raise AttributeError(name)

    def sync_order(self, order_id: str) -> Any:
        raise RuntimeError(f"401 for https://shop/admin?access_token={self.context.shopify['access_token']} "
                           f"(consumer secret {self.context.netsuite['consumer_secret']})")


def test_an_exception_that_escapes_a_python_connector_is_quoted_without_the_tenant_s_secrets() -> None:
    """What a Python connector raises is quoted in its defect (console, report, verdict) with the
    tenant's credentials masked, as a connector over HTTP has its answers quoted."""
    context = ConnectorContext(base_url="http://refundsim.invalid", tenant="t-1",
                               netsuite={"account_id": "TSTDRV1", "consumer_secret": "ns-consumer-secret-0042"},
                               shopify={"shop": "s", "access_token": "shpat_access_token_0042"}, ebay={},
                               settings={"storefront": "shopify", "refund_direction": "from_netsuite"})
    connector = start_connector(_Leaky, context)
    with pytest.raises(ConnectorDefect) as raised:
        connector.sync_order("1001")
    message = str(raised.value)
    assert message.startswith("Connector raised: expected the connector's sync of order 1001 (method sync_order) to "
                              "return a result, it raised "), message
    assert "shpat_access_token_0042" not in message and "ns-consumer-secret-0042" not in message, message
    assert "access_token=***" in message and getattr(raised.value, "cause_text", "").count("***") == 2


def test_a_connector_given_by_the_environment_and_a_connector_url_name_the_variable(tmp_path: Path) -> None:
    """REFUNDSIM_CONNECTOR set in the environment and --connector-url on the command line: the
    refusal names the variable, which the command line does not show."""
    result = subprocess.run([sys.executable, "-m", "pytest", "features/", "-p", "no:cacheprovider",
                             "--connector-url=http://127.0.0.1:9/connector/v1", f"--alluredir={tmp_path / 'results'}",
                             f"--certification-report={tmp_path / 'certification.json'}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "REFUNDSIM_CONNECTOR": "mine.py:create"})
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    assert "REFUNDSIM_CONNECTOR=mine.py:create" in result.stderr, result.stderr[-2000:]


SECRET = "PLANTEDTOKENSECRET0123456789"


class _Quoting:
    """A connector that quotes the tenant's token secret in everything it says (as one that puts a
    failed request's headers in its Error message would)."""

    def _txn(self, transaction_id: str = "7") -> Any:
        from simulators.connector.protocol import OtherTransaction
        return OtherTransaction(transaction_id, "netsuite", "1001", "10.00", "USD", "Error",
                                error_message=f"NetSuite said 401 to token {SECRET}")

    def sync_order(self, order_id: str) -> Any:
        from simulators.connector.protocol import OrderSyncResult
        return OrderSyncResult(order_id, "Error", error_message=f"401 for {SECRET}")

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        return RetrieveResult(False, f"check the token {SECRET}", (self._txn(),))

    def post(self, transaction_id: str) -> Any:
        return self._txn(transaction_id)

    def transactions(self) -> list[Any]:
        return [self._txn()]

    def orders(self) -> list[Any]:
        return [self.sync_order("1001")]

    def update_settings(self, settings: dict[str, Any]) -> None:
        raise ValueError(f"settings refused for token {SECRET}")


def test_what_the_connector_says_reaches_the_report_without_the_tenant_s_credentials() -> None:
    """A connector's Error messages reach the report — the 'Connector: Other Transactions'
    attachment after each step, and the checks' failure messages that quote them — and so did a
    tenant credential one of them quoted, and a refusal of settings (ValueError) quoted whole. The
    harness now masks the tenant's credentials in what it takes from the connector, as it did in
    what escaped it."""
    driven = DrivenConnector(_Quoting(), [SECRET])  # type: ignore[arg-type]
    said = [driven.sync_order("1001"), driven.retrieve_refunds("netsuite", "1001"), driven.post("7"),
            driven.transactions(), driven.orders()]
    assert SECRET not in repr(said) and "***" in repr(said), said
    assert driven.post("7").id == "7" and driven.transactions()[0].amount == "10.00"  # the rest as it was
    with pytest.raises(ConnectorDefect) as refused:
        driven.update_settings({"max_attempts": 2})
    assert SECRET not in str(refused.value) and "settings refused for token ***" in str(refused.value)


def test_a_verdict_or_results_path_no_file_can_have_is_said_not_a_traceback() -> None:
    """--certification-report or --alluredir of a name longer than a file's can be broke the run
    with an INTERNALERROR (OSError: File name too long) where their other mistakes are refused."""
    from harness.certification import _path_problem

    assert _path_problem("x" * 5000, folder=False) == "File name too long"
    assert _path_problem(f"reports/{'x' * 5000}/results", folder=True) == "File name too long"


def test_a_factory_that_raises_is_a_connector_defect_wherever_it_is_built() -> None:
    """The account steps build the connector themselves to see it refuse settings: a factory that
    raised there anything but a refusal (ValueError) failed the scenario as a bare "RuntimeError:
    ...", filed under Harness errors; it is the connector's defect, said as the connector fixture
    says it."""

    def create(context: object) -> object:
        raise RuntimeError("cannot log in to NetSuite")

    context = ConnectorContext(base_url="http://127.0.0.1:9", tenant="t", netsuite={}, shopify={}, ebay={},
                               settings={"max_attempts": 0})
    with pytest.raises(ConnectorDefect) as raised:
        build_connector(create, context)  # type: ignore[arg-type]
    assert raised.value.kind == "raised" and str(raised.value).endswith(
        "(its factory) to return a result, it raised RuntimeError: cannot log in to NetSuite"), str(raised.value)

    def refuses(context: object) -> object:
        raise ValueError("max_attempts must be from 1 to 10")

    with pytest.raises(ValueError, match="max_attempts must be"):  # a refusal of the settings, as it is
        build_connector(refuses, context)  # type: ignore[arg-type]
