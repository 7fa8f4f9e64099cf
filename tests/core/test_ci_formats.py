"""What CI tools read of a certification: JUnit XML (pytest's ``--junitxml``), Cucumber JSON
(pytest-bdd's ``--cucumberjson``), the verdict, and the example pipeline that gates on it
(examples/ci/certify-refund-sync.yml, docs/ci.md)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from harness.expectations import KINDS
from tests.core.feature_runner import scratch_features

ROOT = Path(__file__).resolve().parents[2]
PIPELINE = ROOT / "examples" / "ci" / "certify-refund-sync.yml"
#: The tests of ``formats``: one xdist worker runs them both, so the feature file runs once.
BOTH_FORMATS = pytest.mark.runs_the_suite(seconds=2, run="one run, both CI formats")


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One run of a feature file with both formats written, some scenarios failing (a wrong connector).
    Two of its scenarios are enough, one that passes and one that fails with that connector (each
    under three storefronts): the whole file (32) costs some 2 s more of CPU for no other check."""
    folder = tmp_path_factory.mktemp("ci")
    subprocess.run([sys.executable, "-m", "pytest", "features/refund_actions.feature", "-q", "-p", "no:cacheprovider",
                    "-k", "waits_in_the_list_until_it_is_posted or deleted_and_retrieved_again",
                    "--connector=harness.selftest.catalogue:posts_twice_on_retry", f"--alluredir={folder / 'allure'}",
                    f"--certification-report={folder / 'certification.json'}", f"--junitxml={folder / 'junit.xml'}",
                    f"--cucumberjson={folder / 'cucumber.json'}"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    return folder


@BOTH_FORMATS
def test_junit_xml_lists_every_scenario_with_its_failure(formats: Path) -> None:
    suite = ET.parse(formats / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    verdict = json.loads((formats / "certification.json").read_text(encoding="utf-8"))
    assert len(cases) == len(verdict["cases"]) > 0
    failed = [case for case in cases if case.find("failure") is not None]
    assert len(failed) == sum(1 for case in verdict["cases"] if case["outcome"] == "failed") > 0
    # A CI tool's one-line summary is the expectation, in the scenario's words, then where.
    messages = {case.find("failure").get("message", "").split(":", 1)[0] for case in failed}  # type: ignore[union-attr]
    assert messages <= {f"{label}" for label in KINDS.values()}, messages
    # One line (the failure's whole story, replay included, is the element's text).
    assert all("Scenario: " in case.find("failure").get("message", "") for case in failed)  # type: ignore[union-attr]
    assert not any("\n" in case.find("failure").get("message", "") for case in failed)  # type: ignore[union-attr]
    assert all("Replay: " in (case.find("failure").text or "") for case in failed)  # type: ignore[union-attr]


@BOTH_FORMATS
def test_cucumber_json_names_features_scenarios_and_steps_as_written(formats: Path) -> None:
    features = json.loads((formats / "cucumber.json").read_text(encoding="utf-8"))
    (feature,) = features
    assert feature["name"] == "Statuses and actions on retrieved refunds, and the scheduled sync"
    titles = {element["name"] for element in feature["elements"]}
    assert "A retrieved refund waits in the list until it is posted" in titles
    steps = [step for element in feature["elements"] for step in element["steps"]]
    assert {step["result"]["status"] for step in steps} >= {"passed", "failed"}
    assert any(step["name"] == "the connector retrieves the refunds of the order from NetSuite" for step in steps)


def _gate(tmp_path: Path, document: dict | None) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "certification.json"
    if document is not None:
        path.write_text(json.dumps(document), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "harness.gate", str(path)], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("document, code", [
    ({"verdict": "CERTIFIED", "reasons": [], "cases": [{}], "connector": "c"}, 0),
    ({"verdict": "NOT CERTIFIED", "reasons": ["Partial run: 1 of 9"], "cases": [], "connector": "c"}, 1),
    (None, 1),
    # Not what a certification writes (edited, truncated, another tool's): no verdict, said so, no traceback.
    ({"verdict": "CERTIFIED", "reasons": None, "cases": [], "connector": "c"}, 1),
    ({"verdict": "CERTIFIED", "reasons": [], "cases": [], "connector": "c", "profile": "shopify"}, 1),
    ({"verdict": "CERTIFIED", "reasons": [], "cases": 3, "connector": "c"}, 1),
    ({"verdict": ["CERTIFIED"], "reasons": [], "cases": [], "connector": "c"}, 1),
    # CERTIFIED beside what says it is not (edited): no certification writes it so.
    ({"verdict": "CERTIFIED", "reasons": ["Partial run: 1 of 9"], "cases": [{}], "partial": True, "connector": "c"}, 1),
    ({"verdict": "CERTIFIED", "reasons": [], "cases": [{}], "partial": True, "connector": "c"}, 1),
    ({"verdict": "CERTIFIED", "reasons": [], "cases": [{"outcome": "failed"}], "connector": "c"}, 1),
    ({"verdict": "CERTIFIED", "reasons": [], "cases": [], "connector": "c"}, 1),
])
def test_the_gate_passes_only_a_certified_verdict(tmp_path: Path, document: dict | None, code: int) -> None:
    done = _gate(tmp_path, document)
    assert done.returncode == code, done.stdout
    assert done.stdout.startswith("CERTIFIED" if code == 0 else "NOT CERTIFIED")
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    if document and document["verdict"] == "NOT CERTIFIED" and document["reasons"]:
        assert "  - Partial run: 1 of 9" in done.stdout


@pytest.mark.parametrize("argv, code, said", [
    (["--help"], 0, "usage: python -m harness.gate [-h] [VERDICT]"),
    (["{folder}"], 0, "CERTIFIED: every scenario, connector c, 1 scenarios"),  # certify's --report folder: its verdict
    ([], 0, "CERTIFIED: every scenario, connector c, 1 scenarios"),  # reports/certification.json, from that folder
    ([""], 4, "error: the verdict file is empty: give its path (default reports/certification.json)"),  # "$VERDICT" unset
    (["{folder}", "reports/certification.json"], 4, "python -m harness.gate: error: unrecognized arguments: "
                                                     "reports/certification.json"),
    (["--verbose", "{folder}"], 4, "python -m harness.gate: error: unrecognized arguments: --verbose"),
])
def test_the_gate_s_command_line_is_refused_as_certify_s_and_never_read_as_a_file_s_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        argv: list[str], code: int, said: str) -> None:
    """``--help`` was read as a verdict file's name ("no verdict in --help"), a second file was
    ignored, and an empty name was the current folder: a usage mistake is refused with exit 4, as
    certify's (docs/ci.md); the report folder certify was given is taken as its verdict."""
    from harness import gate

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "certification.json").write_text(json.dumps(
        {"verdict": "CERTIFIED", "reasons": [], "cases": [{}], "connector": "c"}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ended: int | str | None
    try:
        ended = gate.main([arg.format(folder=tmp_path / "reports") for arg in argv])
    except SystemExit as exit_:  # --help, and argparse's usage errors
        ended = exit_.code
    shown = capsys.readouterr()
    assert ended == code and said in shown.out + shown.err, shown


def test_the_gate_names_no_connector_in_python_s_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from harness import gate

    path = tmp_path / "certification.json"
    path.write_text(json.dumps({"verdict": "NOT CERTIFIED", "reasons": ["x"], "cases": []}), encoding="utf-8")
    assert gate.main([str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "NOT CERTIFIED: every scenario, connector not named, 0 scenarios"


@pytest.mark.parametrize("content, said", [
    (None, "(cannot read it: No such file or directory)"),
    ("{nope", "(not JSON: Expecting property name enclosed in double quotes at line 1, column 2)"),
    ("[]", "(not a verdict a certification writes: a JSON array, not an object)"),
    ("null", "(not a verdict a certification writes: null, not an object)"),
    ('"CERTIFIED"', "(not a verdict a certification writes: a JSON string, not an object)"),
    ("3", "(not a verdict a certification writes: a JSON number, not an object)"),
    ('{"verdict": "PASSED"}', '(not a verdict a certification writes: verdict is "PASSED", not CERTIFIED or NOT CERTIFIED)'),
    ('{"verdict": null}', "(not a verdict a certification writes: verdict is null, not CERTIFIED or NOT CERTIFIED)"),
    ("{}", "(not a verdict a certification writes: verdict is missing, not CERTIFIED or NOT CERTIFIED)"),
    # json reads NaN and Infinity, which are no JSON (RFC 8259) and no certification writes.
    ('{"verdict": "CERTIFIED", "reasons": [], "x": NaN}', "(not JSON: NaN is not a JSON number)"),
])
def test_the_gate_says_why_a_file_is_no_verdict_in_json_s_words(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                content: str | None, said: str) -> None:
    """A CI log read the gate's refusal in Python's words: 'a JSON list', 'a JSON NoneType',
    "verdict is 'PASSED'", 'FileNotFoundError: [Errno 2] ...', 'JSONDecodeError: ...'. Now JSON's
    (array, null, "PASSED") and the reason in words; still NOT CERTIFIED, exit 1."""
    from harness import gate

    path = tmp_path / "certification.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert gate.main([str(path)]) == 1
    out = capsys.readouterr().out
    assert out == f"NOT CERTIFIED: no verdict in {path} {said}; did the certification run?\n"


@pytest.mark.parametrize("content, line", [
    ("[]", "none (not a verdict a certification writes: a JSON array, not an object)"),
    ("{}", "none (not a verdict a certification writes: verdict is missing, not CERTIFIED or NOT CERTIFIED)"),
    ('{"verdict": "CERTIFIED", "reasons": 3}', "none (not a verdict a certification writes: reasons is not a list of texts)"),
    ('{"verdict": "NOT CERTIFIED", "reasons": ["x"]}', "NOT CERTIFIED ({path}), 1 reason(s), listed above"),
])
def test_certify_s_verdict_line_reads_the_verdict_as_the_gate_does(tmp_path: Path, content: str, line: str) -> None:
    """certify's last line ('Verdict: ...', after --render-only too) broke with a traceback
    (AttributeError, KeyError, TypeError) on a certification.json not in a certification's shape;
    it now says what the gate says of it."""
    from harness.certify import verdict_line

    (tmp_path / "certification.json").write_text(content, encoding="utf-8")
    assert verdict_line(tmp_path) == line.format(path=tmp_path / "certification.json")


def test_the_example_pipeline_certifies_keeps_the_evidence_and_gates_on_the_verdict() -> None:
    pipeline = yaml.safe_load(PIPELINE.read_text(encoding="utf-8"))
    steps = pipeline["jobs"]["certify"]["steps"]
    profile = pipeline["jobs"]["certify"]["env"]["PROFILE"]
    assert (ROOT / profile).is_file(), f"the pipeline certifies {profile}, which does not exist"
    runs = [step.get("run", "") for step in steps]
    certify = next(run for run in runs if run.startswith("make certify"))
    assert "--junitxml=reports/junit.xml" in certify and "--cucumberjson=reports/cucumber.json" in certify
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    kept = upload["with"]["path"].split()
    assert upload["if"] == "always()"
    assert {"reports/allure-report/index.html", "reports/certification.json", "reports/junit.xml",
            "reports/cucumber.json"} <= set(kept)
    gate = steps[-1]
    assert gate["run"] == "python3 -m harness.gate reports/certification.json" and gate["if"] == "always()"


@pytest.mark.parametrize("selection", [["-k", "no_scenario_is_called_this"],
                                       ["--profile", "shopify-from-netsuite", "-m", "ebay"]])
def test_a_certification_that_selects_no_scenario_exits_as_not_certified(tmp_path: Path, selection: list[str]) -> None:
    """Nothing selected: the verdict is NOT CERTIFIED, and the exit code is the one docs/ci.md gives
    it, 1 — not pytest's 5 (no tests collected). It said "No scenario ran", "Report: none (no scenario
    ran)" and "Outcome: FAILED (pytest exit code 1)": now that no scenario was selected, and by what."""
    done = subprocess.run([sys.executable, "-m", "harness.certify", f"--report={tmp_path}", "-p", "no:cacheprovider",
                           *selection], cwd=ROOT, capture_output=True, text=True, timeout=120)
    verdict = json.loads((tmp_path / "certification.json").read_text(encoding="utf-8"))
    # It says plainly that nothing was selected, and by what: the verdict, the report line, the outcome.
    chosen = " ".join(selection[-2:])
    said = f"No scenario was selected: {chosen} selects none of the "
    assert verdict["verdict"] == "NOT CERTIFIED" and verdict["reasons"][-1].startswith(said), verdict["reasons"]
    assert re.fullmatch(re.escape(said) + r"\d+ scenarios that apply; nothing was certified\.", verdict["reasons"][-1])
    assert "Report:  none (no scenario was selected: nothing ran, so there is nothing to report)" in done.stdout, \
        done.stdout[-2000:]
    assert f"Outcome: FAILED (no scenario was selected by {chosen}: nothing was certified; exit code 1)" in done.stdout, \
        done.stdout[-2000:]
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]


@pytest.mark.parametrize("earlier", [False, True], ids=["no earlier verdict", "an earlier verdict"])
@pytest.mark.parametrize("option", ["--collect-only", "--co", "--version", "--markers", "--fixtures"])
def test_a_run_of_no_scenario_that_pytest_calls_a_success_is_no_certification(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], option: str,
        earlier: bool) -> None:
    """``make certify PYTEST_ARGS=--co`` (or --version, --markers, --fixtures): pytest lists, exits 0
    and writes no verdict, and certify said 'Outcome: PASSED' and exited 0 — a CI job gating on it
    passed though nothing was certified. ``--co`` was refused as an abbreviation of certify's own
    --connector. Now pytest is given the option, and certify exits 1: no verdict is no CERTIFIED.
    Where an earlier run left its verdict (pytest removes none for --version or --markers), it
    showed that verdict as this run's, rendered its report again and said 'Outcome: PASSED': the
    earlier verdict and report are left as they were, and said to be."""
    from harness import certify

    if earlier:
        (tmp_path / "certification.json").write_text(json.dumps({"verdict": "CERTIFIED", "reasons": [], "cases": [{"outcome": "passed"}]}),
                                                     encoding="utf-8")
        (tmp_path / "allure-results").mkdir()
        (tmp_path / "allure-results" / "a-result.json").write_text('{"name": "a", "status": "passed"}', encoding="utf-8")
        monkeypatch.setattr(certify, "render", lambda *args: pytest.fail("the earlier run's report rendered again"))
    given: list[list[str]] = []

    def run(command: list[str], cwd: Path, environment: dict[str, str]) -> int:
        given.append(command)
        return 0  # what pytest answers to these, having run nothing and written no verdict

    monkeypatch.setattr(certify, "_run_pytest", run)
    assert certify.main([f"--report={tmp_path}", option]) == 1
    assert given and given[0][-1] == option
    out = capsys.readouterr().out
    assert "Verdict: none (pytest ran no scenario and wrote no verdict: " in out, out
    assert "Outcome: FAILED (no verdict: nothing was certified; only CERTIFIED exits 0; exit code 1)" in out, out
    if earlier:
        assert (f"the earlier verdict and report in {tmp_path} are left as they were" in out
                and "CERTIFIED (" not in out), out


@pytest.mark.parametrize("verdict, exit_code, line", [
    ('{"verdict": "CERTIFIED", "reasons": []}', 0, "Verdict: CERTIFIED ({path})"),
    # Rendering again runs nothing that would have listed the reasons above: they are listed below.
    ('{"verdict": "NOT CERTIFIED", "reasons": ["x", "y"]}', 1, "Verdict: NOT CERTIFIED ({path}), 2 reason(s):\n  - x\n  - y"),
    (None, 1, "Verdict: none (no certification.json beside the results: the run that wrote them gave no verdict)"),
    ('{"verdict": "CERT', 1, "Verdict: none (not JSON: Unterminated string starting at line 1, column 13)"),
])
def test_render_only_exits_as_the_verdict_it_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], verdict: str | None,
                                                     exit_code: int, line: str) -> None:
    """``make report`` after a failed run renders its report, and exits 1 as its --help says (0 only
    for CERTIFIED, as the gate): a NOT CERTIFIED report rendered must not pass as a gate passing."""
    from harness import certify

    (tmp_path / "allure-results").mkdir()
    (tmp_path / "allure-results" / "a-result.json").write_text("{}", encoding="utf-8")
    if verdict is not None:
        (tmp_path / "certification.json").write_text(verdict, encoding="utf-8")
    index = tmp_path / "allure-report" / "index.html"
    monkeypatch.setattr(certify, "render", lambda report_dir, again=None: (index, ""))  # Node is another test's (test_evidence)
    assert certify.main(["--render-only", f"--report={tmp_path}"]) == exit_code
    shown = capsys.readouterr().out
    assert shown.endswith(f"Report:  {index}\n{line.format(path=tmp_path / 'certification.json')}\n"), shown


@pytest.mark.parametrize("argv, named", [
    (["--profile", "shopify-from-netsuite"], "--profile"),
    (["--connector=mine:create"], "--connector"),
    (["--connector-url", "http://127.0.0.1:9/connector/v1"], "--connector-url"),
    (["-k", "ebay", "-n", "2"], "-k ebay -n 2"),
])
def test_render_only_refuses_the_options_of_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], argv: list[str],
                                                       named: str) -> None:
    """``--render-only -k ebay`` rendered every result there, the selection silently dropped (and
    ``--profile``, ``--connector`` as silently): an option for a run, where none runs, is a mistake,
    exit 4, and nothing is rendered."""
    from harness import certify

    (tmp_path / "allure-results").mkdir()
    (tmp_path / "allure-results" / "a-result.json").write_text("{}", encoding="utf-8")
    rendered: list[Path] = []

    def render(report_dir: Path) -> tuple[Path | None, str]:
        rendered.append(report_dir)
        return None, "x"

    monkeypatch.setattr(certify, "render", render)
    assert certify.main(["--render-only", f"--report={tmp_path}", *argv]) == 4
    err = capsys.readouterr().err
    assert f"error: --render-only renders the results already in {tmp_path}: {named} is for a run, and it runs " \
           "none; leave it out (or certify without --render-only)" in err, err
    assert not rendered


@pytest.mark.parametrize("folder", ["empty", "mistyped"])
def test_render_only_with_no_results_to_render_is_refused(tmp_path: Path, folder: str) -> None:
    """``--render-only`` renders what a run left: a folder with no results (empty, or mistyped and so
    not there) renders nothing, and a CI step that renders must not pass on it — exit 4, the folder
    named, and nothing made there."""
    report = tmp_path / "reports" if folder == "empty" else tmp_path / "repotrs"
    if folder == "empty":
        report.mkdir()
    done = subprocess.run([sys.executable, "-m", "harness.certify", "--render-only", f"--report={report}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 4, done.stdout + done.stderr
    assert f"--report {report}: no results to render" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == (["reports"] if folder == "empty" else [])
    assert folder == "mistyped" or not any(report.iterdir())


ACCOUNT = "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
#: Feature files collection refuses, and what the refusal says (file:line, and what to write).
REFUSED_FEATURES: dict[str, tuple[str | bytes, str]] = {
    "tag typo": ("Feature: Refused\n  @success @to_storefront @shopfy\n  Scenario: A typo in a tag\n" + ACCOUNT,
                 "written.feature:2: unknown tag @shopfy (did you mean @shopify?)"),
    "unreadable": ("Feature: Refused\n  Scenario: Cells\n" + ACCOUNT + "    | a | b |\n    | 1 |\n",
                   "written.feature:5: the feature cannot be read: inconsistent cell count within the table"),
    "no scenario": ("Feature: Refused\n  Scenarioo: misspelt\n" + ACCOUNT,
                    "written.feature: no scenario in this file: each starts with 'Scenario:'"),
    "empty": ("# nothing yet\n", "written.feature: no feature in this file: it starts with 'Feature:'"),
    "not UTF-8": ("Feature: Caf\u00e9\n  Scenario: Un caf\u00e9\n".encode("latin-1") + ACCOUNT.encode(),
                  "written.feature:1: not UTF-8 text (at byte 12): save the file as UTF-8"),
}
RUNNERS = {
    "pytest": [sys.executable, "-m", "pytest", "--alluredir={report}/allure-results",
               "--certification-report={report}/certification.json"],
    "pytest -n 2": [sys.executable, "-m", "pytest", "-n", "2", "--alluredir={report}/allure-results",
                    "--certification-report={report}/certification.json"],
    "certify": [sys.executable, "-m", "harness.certify", "--report={report}"],
}


@pytest.mark.parametrize("runner", RUNNERS)
def test_a_feature_file_collection_refuses_is_a_run_refused_before_any_scenario(tmp_path: Path, runner: str) -> None:
    """A feature file with a tag that is not registered, or one Gherkin cannot read, is found before
    the run clears the earlier verdict: exit 4, the earlier verdict, results and report left as they
    were (docs/ci.md), and each file's line said — not exit 2 with the earlier verdict gone. One run
    a runner holds every kind of refused file (the refusal lists them all), so each kind is proved
    under each runner in three runs rather than fifteen. pytest is given the folder that holds
    them (a QA's own folder of features outside features/: ``pytest myfolder/``), the others the files."""
    _earlier_run(tmp_path)
    files = {kind.replace(" ", "-").replace("-8", "8") + ".feature": text for kind, (text, _) in REFUSED_FEATURES.items()}
    with scratch_features("") as features:
        (features / "written.feature").unlink()
        for name, text in files.items():
            (features / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        command = [arg.format(report=tmp_path) for arg in RUNNERS[runner]]
        given = [f"{features.relative_to(ROOT)}/"] if runner == "pytest" else [
            str((features / name).relative_to(ROOT)) for name in files]
        done = subprocess.run([*command, "-p", "no:cacheprovider", *given],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 4, output[-3000:]
    for name, (_, said) in zip(files, REFUSED_FEATURES.values(), strict=True):
        assert said.replace("written.feature", name) in output, (name, output[-3000:])
    assert "Traceback" not in output, output[-3000:]
    assert _left(tmp_path) == EARLIER_RUN


def test_a_feature_file_outside_the_project_is_refused_before_any_scenario(tmp_path: Path) -> None:
    """A feature file outside the project's folder cannot run (the report's plugin names a feature
    by its path in the project, and failed every scenario of it with a ValueError): certify, given
    one from the folder it was started in, refuses it before any scenario, exit 4, the earlier
    verdict kept, saying where to put it."""
    (tmp_path / "mine.feature").write_text("Feature: Mine\n  @success @to_storefront @shopify\n  Scenario: Mine\n"
                                           + ACCOUNT, encoding="utf-8")
    report = tmp_path / "report"
    report.mkdir()
    _earlier_run(report)
    done = subprocess.run([sys.executable, "-m", "harness.certify", f"--report={report}", "-p", "no:cacheprovider",
                           "mine.feature"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 4, output[-3000:]
    assert f"{tmp_path / 'mine.feature'}: outside the project's folder ({ROOT}): " in output, output[-3000:]
    assert "Traceback" not in output and "ValueError" not in output, output[-3000:]
    assert _left(report) == EARLIER_RUN


#: What an earlier certification left in a report folder.
EARLIER_RUN = {"certification.json": '{"verdict": "CERTIFIED"}\n', "allure-results/earlier-result.json": "{}\n",
               "allure-report/index.html": "<html>earlier</html>\n"}


def _earlier_run(report: Path) -> None:
    for name, content in EARLIER_RUN.items():
        (report / name).parent.mkdir(parents=True, exist_ok=True)
        (report / name).write_text(content, encoding="utf-8")


def _left(report: Path) -> dict[str, str]:
    """The report folder's files (but for the run's description, which a refused run may write)."""
    return {str(path.relative_to(report)): path.read_text(encoding="utf-8") for path in report.rglob("*")
            if path.is_file() and path.name not in ("categories.json", "environment.properties")}


#: Paths and node ids that are not there, and what the refusal says.
NOT_THERE = {
    "file": ("features/refund_actoins.feature", "file or directory not found: features/refund_actoins.feature"),
    "scenario": ("features/refund_actions.feature::test_a_refund_is_postd",
                 "not found: features/refund_actions.feature::test_a_refund_is_postd: features/refund_actions.feature "
                 "has no scenario test_a_refund_is_postd"),
    "example": ("features/refund_actions.feature::test_a_retrieved_refund_waits_in_the_list_until_it_is_posted[Shopfy]",
                "not found: features/refund_actions.feature::test_a_retrieved_refund_waits_in_the_list_until_it_is_"
                "posted[Shopfy]: the scenario has no example Shopfy (its examples: Shopify, Magento, WooCommerce)"),
}


# Every kind with pytest and certify (which resolves paths itself); with -n 2, the one that went
# another way there before the check (exit 5): the controller's check is the same for all three.
@pytest.mark.parametrize("runner, kind", [(runner, kind) for runner in RUNNERS for kind in NOT_THERE
                                          if runner != "pytest -n 2" or kind == "example"])
def test_a_feature_file_or_scenario_that_is_not_there_is_a_run_refused_before_any_scenario(
        tmp_path: Path, runner: str, kind: str) -> None:
    """A mistyped feature file or scenario (or a scenario's node id run from another folder) is
    pytest's usage error, 4 — which says the earlier verdict, results and report are left as they
    were, so they must be: not replaced by a verdict of no scenario."""
    _earlier_run(tmp_path)
    given, said = NOT_THERE[kind]
    command = [arg.format(report=tmp_path) for arg in RUNNERS[runner]]
    done = subprocess.run([*command, "-p", "no:cacheprovider", given], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 4, output[-3000:]
    assert said in output, output[-3000:]
    assert _left(tmp_path) == EARLIER_RUN


def test_a_run_of_one_feature_file_beside_one_that_cannot_be_read_gives_its_verdict(tmp_path: Path) -> None:
    """The verdict counts the scenarios of every feature file of the suite, read when the run ends:
    one that cannot be read (empty, not UTF-8) is not this run's (its own run is refused), and must
    not stop it with an INTERNALERROR after its scenarios ran."""
    good = ("Feature: Readable\n  @success @to_storefront @shopify\n  Scenario: Nothing refunded\n" + ACCOUNT
            + "    And a paid Shopify order has been synced to NetSuite\n    Then the storefront has refunded nothing\n")
    with scratch_features(good) as features:
        (features / "empty.feature").write_text("", encoding="utf-8")
        (features / "latin.feature").write_bytes("Feature: Caf\u00e9\n".encode("latin-1"))
        done = subprocess.run([sys.executable, "-m", "pytest", str(features / "written.feature"), "-q", "-p",
                               "no:cacheprovider", "-o", f"bdd_features_base_dir={features}",
                               f"--alluredir={tmp_path / 'allure'}", f"--certification-report={tmp_path / 'c.json'}"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "INTERNALERROR" not in done.stdout + done.stderr, done.stdout[-3000:]
    verdict = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert [case["outcome"] for case in verdict["cases"]] == ["passed"], verdict
    # Another folder's scenarios certify no activation, though every one of them passed.
    assert verdict["verdict"] == "NOT CERTIFIED" and verdict["reasons"] == [
        f"Partial run: the scenarios were read from {features} (-o bdd_features_base_dir), not the suite's own features "
        "folder: a certification runs the suite's."] and verdict["partial"], verdict


#: Stops the run as a user's Ctrl-C or a cancelled CI job does (SIGINT), once two scenarios ended.
INTERRUPT_PLUGIN = '''
ended = 0


def pytest_runtest_logfinish(nodeid, location):
    global ended
    ended += 1
    if ended == 2:
        raise KeyboardInterrupt
'''


def test_an_interrupted_run_says_it_was_interrupted_not_that_it_selected_some_scenarios(tmp_path: Path) -> None:
    """A run stopped on the way (Ctrl-C, a cancelled CI job) exits 2 with a verdict that says it was
    interrupted and how far it got — not "Partial run: 2 of 399 scenarios that apply were
    selected", which reads as if someone had chosen them (docs/ci.md: 2)."""
    (tmp_path / "interrupt_plugin.py").write_text(INTERRUPT_PLUGIN, encoding="utf-8")
    report = tmp_path / "certification.json"
    done = subprocess.run([sys.executable, "-m", "pytest", "features/", "-q", "-p", "no:cacheprovider", "-p",
                           "interrupt_plugin", f"--alluredir={tmp_path / 'results'}", f"--certification-report={report}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    verdict = json.loads(report.read_text(encoding="utf-8"))
    assert verdict["verdict"] == "NOT CERTIFIED", verdict
    assert verdict["reasons"][0].startswith("The run was interrupted before it ended: 2 of "), verdict["reasons"]
    assert not any(reason.startswith("Partial run:") for reason in verdict["reasons"]), verdict["reasons"]


@pytest.mark.parametrize("alone, sent", [(False, signal.SIGINT), (True, signal.SIGINT), (True, signal.SIGTERM)],
                         ids=["the process group", "certify alone", "SIGTERM to certify alone"])
def test_a_certification_interrupted_exits_with_pytest_s_code_not_a_traceback(tmp_path: Path, alone: bool,
                                                                              sent: signal.Signals) -> None:
    """Ctrl-C (SIGINT to the job's process group, as a terminal or a cancelled CI job sends it):
    pytest stops with its verdict saying so, and certify waits for it and exits with its code, 2
    (docs/ci.md) — not a KeyboardInterrupt traceback of its own, killed by the signal. SIGINT to
    certify's process alone (``kill -INT <pid>``, a supervisor that signals the command it started)
    stops the run the same way: certify passes it on to its pytest (which takes the group's Ctrl-C,
    reaching it twice, as one). So does SIGTERM to certify (what a CI runner or a supervisor sends to
    stop the command it started): certify, killed at once, would leave its pytest running on, alone.

    (Python 3.11 now and then leaves the frame the interrupt landed in without a line number, which
    pytest's report of the interrupt failed on, exiting 1: the test below.)"""
    process = subprocess.Popen([sys.executable, "-m", "harness.certify", f"--report={tmp_path}", "-q", "-p",
                                "no:cacheprovider"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    assert process.stdout is not None
    output = ""
    try:
        # The first scenario's mark (pytest -q prints one as each scenario ends, and flushes it):
        # scenarios are running. Waiting for the first full line of them ran some 70 more first.
        line = ""
        while not (line and set(line) <= set(".FEsxX")):
            char = process.stdout.read(1)
            assert char, output[-3000:]  # it ended before any scenario did
            output += char
            line = "" if char == "\n" else line + char
        (os.kill if alone else os.killpg)(process.pid, sent)
        output += process.stdout.read()
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "harness/certify.py" not in output, output[-3000:]  # no traceback of certify's own
    assert "Outcome: FAILED (interrupted; exit code 2)" in output and process.returncode == 2, output[-3000:]
    verdict = json.loads((tmp_path / "certification.json").read_text(encoding="utf-8"))
    assert verdict["verdict"] == "NOT CERTIFIED", verdict
    assert verdict["reasons"][0].startswith("The run was interrupted before it ended: "), verdict["reasons"]


#: Ctrl-C as it lands while pytest collects, once the session has started: raised in the collection.
INTERRUPT_COLLECTION_PLUGIN = '''
def pytest_collection_modifyitems(session, config, items):
    raise KeyboardInterrupt
'''


def test_a_run_interrupted_while_it_collects_says_it_was_interrupted_not_that_nothing_ran(tmp_path: Path) -> None:
    """Ctrl-C while pytest collected the scenarios gave the verdict "No scenario ran: nothing was
    certified.", as if the selection had left none: it says the run was interrupted, and how many
    of the scenarios that apply ran (none), as an interruption after some scenarios says it."""
    (tmp_path / "interrupt_collection.py").write_text(INTERRUPT_COLLECTION_PLUGIN, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "features/refund_actions.feature", "-q", "-p", "no:cacheprovider",
                           "-p", "interrupt_collection", f"--alluredir={tmp_path / 'allure'}",
                           f"--certification-report={tmp_path / 'certification.json'}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))})
    assert done.returncode == 2, done.stdout[-3000:] + done.stderr[-3000:]
    verdict = json.loads((tmp_path / "certification.json").read_text(encoding="utf-8"))
    assert verdict["verdict"] == "NOT CERTIFIED", verdict
    assert re.fullmatch(r"The run was interrupted before it ended: 0 of \d+ scenarios that apply ran\.", verdict["reasons"][0]), \
        verdict["reasons"]
    assert not any(reason.startswith("No scenario ran") for reason in verdict["reasons"]), verdict["reasons"]


#: Holds pytest where it starts — importing its plugins, before the suite's plugin takes the signals
#: over — and says so: the test interrupts it there, not at a time that could race.
HOLD_AT_START_PLUGIN = '''
import sys
import time

print("pytest is starting", flush=True)
time.sleep(120)
'''


@pytest.mark.parametrize("earlier", [True, False], ids=["an earlier verdict", "a first run"])
def test_a_certification_interrupted_while_pytest_starts_says_so_in_a_line(tmp_path: Path, earlier: bool) -> None:
    """Ctrl-C while pytest starts (importing its plugins and the conftest, before any scenario):
    pytest died of it with Python's traceback, and certify then said the earlier run's verdict was
    this run's and rendered the earlier run's results again. Now: one line that the run was
    interrupted before any scenario ran, the earlier verdict and results left as they were (as a run
    refused before it starts leaves them), and the code of an interrupted run, 2 (docs/ci.md)."""
    (tmp_path / "hold_at_start.py").write_text(HOLD_AT_START_PLUGIN, encoding="utf-8")
    report = tmp_path / "reports"
    earlier_verdict = json.dumps({"verdict": "CERTIFIED", "reasons": [], "cases": [{"outcome": "passed"}]})
    if earlier:
        (report / "allure-results").mkdir(parents=True)
        (report / "certification.json").write_text(earlier_verdict, encoding="utf-8")
        (report / "allure-results" / "earlier-result.json").write_text('{"name": "earlier", "status": "passed"}',
                                                                        encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "harness.certify", f"--report={report}", "-q", "-p",
                                "no:cacheprovider", "-p", "hold_at_start"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert process.stdout is not None
    output = ""
    try:
        while "pytest is starting" not in output:
            line = process.stdout.readline()
            assert line, output[-3000:]  # it ended before pytest got there
            output += line
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the terminal's process group
        output += process.stdout.read()
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output[-3000:]
    assert process.returncode == 2, output[-3000:]
    kept = f"the earlier verdict and results in {report} are left as they were" if earlier else "no verdict was written"
    assert output.strip().splitlines()[-1] == (
        f"Interrupted before any scenario ran (Ctrl-C, SIGINT or SIGTERM; exit code 2): nothing was certified; {kept}"), \
        output[-3000:]
    if earlier:
        assert (report / "certification.json").read_text(encoding="utf-8") == earlier_verdict
    else:
        assert not (report / "certification.json").exists()
    assert "Report:" not in output and not (report / "allure-report").exists(), output[-3000:]


#: A ``node`` that holds the report's rendering until the test interrupts it, and says when it got
#: there through the FIFO named by $HOLD_FIFO (its output is certify's to read, not the test's).
HOLDING_NODE = """#!/bin/sh
echo rendering > "$HOLD_FIFO"
exec sleep 120
"""


def _process_group_state(group: int) -> str:
    """Each process of ``group``: its command line, where it waits (wchan) and its signal masks
    (blocked, ignored, caught), from Linux's /proc; what a hung interrupt test needs to be read."""
    lines = []
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit() or os.getpgid(int(entry.name)) != group:
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            masks = [line for line in (entry / "status").read_text().splitlines() if line[:6] in ("SigBlk", "SigIgn", "SigCgt")]
            lines.append(f"  {entry.name} {command!r} waits in {(entry / 'wchan').read_text()!r}; {' '.join(masks)}")
        except OSError:  # ended meanwhile
            continue
    return "\n".join(lines) or "  (none left)"


def test_a_certification_interrupted_while_its_report_renders_says_so_not_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C while Node.js renders the report (``--render-only`` here, which is the same step of a
    run): certify died of it with a KeyboardInterrupt traceback and Python's own exit status. Now it
    says the report was not rendered because it was interrupted, and how to render it, gives the
    verdict, and exits 2 (interrupted, docs/ci.md)."""
    bin_folder, fifo = tmp_path / "bin", tmp_path / "held"
    bin_folder.mkdir()
    (bin_folder / "node").write_text(HOLDING_NODE, encoding="utf-8")
    (bin_folder / "node").chmod(0o755)
    os.mkfifo(fifo)
    report = tmp_path / "reports"
    (report / "allure-results").mkdir(parents=True)
    (report / "certification.json").write_text(json.dumps({"verdict": "CERTIFIED", "reasons": [], "cases": [{"outcome": "passed"}]}),
                                               encoding="utf-8")
    (report / "allure-results" / "a-result.json").write_text('{"name": "a", "status": "passed"}', encoding="utf-8")
    # Read and written by the test too, so that opening it never waits and reading waits for the line.
    held = os.open(fifo, os.O_RDWR)
    process = subprocess.Popen([sys.executable, "-m", "harness.certify", "--render-only", f"--report={report}"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True, env={**os.environ, "HOLD_FIFO": str(fifo),
                                                            "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"})
    try:
        import select

        assert select.select([held], [], [], 120)[0], "node was never started"
        os.killpg(process.pid, signal.SIGINT)
        try:
            output, _ = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:  # seen once in a loaded `make test`, never again: say where it hung
            pytest.fail(f"certify did not end within 120 s of the SIGINT; its process group then:\n"
                        f"{_process_group_state(process.pid)}")
    finally:
        os.close(held)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output[-3000:]
    assert process.returncode == 2, output[-3000:]
    assert re.search(re.escape(f"Report:  none (interrupted while it was rendered: the results are in "
                               f"{report / 'allure-results'}, and `") + r"\S*python\S* -m harness\.certify "
                     + re.escape(f"--render-only --report {report}` renders them)"), output), output
    assert f"Verdict: CERTIFIED ({report / 'certification.json'})" in output, output


@pytest.mark.parametrize("code, said", [(1, "not certified"), (2, "interrupted"), (3, "pytest failed internally"),
                                        (4, "refused: a usage error"), (5, "no scenario was selected"),
                                        (7, "pytest's exit code 7")])
def test_an_outcome_says_pytest_s_exit_code_in_words(code: int, said: str) -> None:
    """"Outcome: FAILED (pytest exit code 2)" told a user nothing; the code is kept, for CI."""
    from harness.certify import exit_meaning

    assert exit_meaning(code) == said


def test_an_interrupt_that_landed_where_python_keeps_no_line_is_reported_as_an_interrupt() -> None:
    """Python 3.11 now and then leaves the frame a signal's KeyboardInterrupt landed in without a
    line number (``tb_lineno`` None: a ``with`` statement's ``__enter__``); pytest's report of the
    interrupt failed on it with a TypeError, and the run exited 1 with a verdict that did not say it
    was interrupted. The plugin leaves such entries out of what pytest reports."""
    from types import SimpleNamespace

    from _pytest._code.code import ExceptionInfo, Traceback, TracebackEntry

    from harness.plugin import pytest_keyboard_interrupt

    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        excinfo = ExceptionInfo.from_current()
    real = excinfo.traceback[0]._rawentry
    lineless = TracebackEntry(SimpleNamespace(tb_frame=real.tb_frame, tb_lineno=None, tb_next=None))  # type: ignore[arg-type]
    excinfo.traceback = Traceback([*excinfo.traceback, lineless])
    with pytest.raises(TypeError):
        excinfo.getrepr(funcargs=True)  # what pytest's terminal does
    pytest_keyboard_interrupt(excinfo)
    assert "KeyboardInterrupt" in str(excinfo.getrepr(funcargs=True))


#: Kills the run's own process once two scenarios ended, as the out-of-memory killer or a job's
#: SIGKILL does: nothing after it runs, no verdict is written.
KILL_PLUGIN = '''
import os
import signal

ended = 0


def pytest_runtest_logfinish(nodeid, location):
    global ended
    ended += 1
    if ended == 2:
        os.kill(os.getpid(), signal.SIGKILL)
'''


def test_a_certification_whose_pytest_is_killed_exits_2_saying_the_run_did_not_finish(tmp_path: Path) -> None:
    """pytest killed on the way (out of memory, SIGKILL): certify exited with -9 as its status (247
    to the shell, a code docs/ci.md does not list) and said "Verdict: none (no scenario ran)" after
    scenarios had run. It is an interrupted run (2), and it says pytest was killed and wrote no verdict."""
    (tmp_path / "kill_plugin.py").write_text(KILL_PLUGIN, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "harness.certify", f"--report={tmp_path / 'reports'}", "-q", "-p",
                           "no:cacheprovider", "-p", "kill_plugin"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 2, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Verdict: none (the run did not finish: pytest was killed by SIGKILL and wrote no verdict)" in done.stdout, \
        done.stdout[-3000:]
    assert "Outcome: FAILED (interrupted: pytest was killed by SIGKILL; exit code 2)" in done.stdout, done.stdout[-3000:]
    assert not (tmp_path / "reports" / "certification.json").exists()


def test_a_run_stopped_at_its_first_failure_says_so_not_that_it_selected_some_scenarios(tmp_path: Path) -> None:
    """``-x`` (pytest stops at the first failure): the scenarios it selected and did not get to were
    not left out by a selection — the verdict says the run stopped after the first failure and how
    many ran, not "Partial run: 1 of 399 scenarios that apply were selected". With ``-n``, where
    pytest-xdist ends such a run as an interruption (2), it exits 1 as ``-x`` alone does."""
    report = tmp_path / "certification.json"
    done = subprocess.run([sys.executable, "-m", "pytest", "features/refund_to_storefront.feature", "-n", "2", "-x", "-q",
                           "-p", "no:cacheprovider", "--connector=harness.selftest.catalogue:posts_the_wrong_amount",
                           f"--alluredir={tmp_path / 'results'}", f"--certification-report={report}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and " failed" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    verdict = json.loads(report.read_text(encoding="utf-8"))
    assert verdict["verdict"] == "NOT CERTIFIED", verdict
    first = verdict["reasons"][0]
    assert re.fullmatch(r"The run stopped after the first failure \(-x\): \d+ of \d+ scenarios that apply ran "
                        r"\(\d+ were selected: features/refund_to_storefront\.feature\)\.", first), verdict["reasons"]
    assert not any(reason.startswith("Partial run:") for reason in verdict["reasons"]), verdict["reasons"]
    assert first in done.stdout  # the console's verdict says it too


@pytest.mark.parametrize("args, said", [
    (["-x"], "the first failure (-x)"),
    (["--exitfirst"], "the first failure (--exitfirst)"),
    (["-qx"], "the first failure (-x)"),
    (["--maxfail=1"], "the first failure (--maxfail=1)"),
    (["--maxfail", "1"], "the first failure (--maxfail=1)"),
    (["--maxfail=2"], "2 failures (--maxfail=2)"),
    (["-x", "--maxfail=3"], "3 failures (--maxfail=3)"),  # the last one given is pytest's
    (["--maxfail=3", "-x"], "the first failure (-x)"),
    (["-k", "x", "--maxfail=1"], "the first failure (--maxfail=1)"),  # -k's value is no option
])
def test_a_run_stopped_at_failures_names_the_option_given(args: list[str], said: str) -> None:
    """The verdict of a run ``-x`` or ``--maxfail`` stopped names what the user gave, as they gave it."""
    from types import SimpleNamespace

    from harness.certification import _stopped_at_failures

    parsed = SimpleNamespace(maxfail=0)
    for index, arg in enumerate(args):  # what pytest makes of them: the last one given wins
        if arg in ("-x", "--exitfirst") or (arg.startswith("-q") and "x" in arg):
            parsed.maxfail = 1
        elif arg.startswith("--maxfail"):
            parsed.maxfail = int(arg.partition("=")[2] or args[index + 1])
    config = SimpleNamespace(getoption=lambda name, default=None: getattr(parsed, name, default),
                             invocation_params=SimpleNamespace(args=tuple(args)), getini=lambda name: [])
    session = SimpleNamespace(config=config, testscollected=10)
    cases = [{"outcome": "failed"}] * parsed.maxfail
    assert _stopped_at_failures(session, cases) == said  # type: ignore[arg-type]


def test_certify_s_help_names_its_exit_codes_and_the_options_of_a_connector_over_http() -> None:
    """``refundsim certify --help`` is what an implementer reads first: the exit codes CI gates on
    (docs/ci.md's table, in short) and the pytest options a connector over HTTP needs (its token,
    its timeout, the simulators' server and admin token), which argparse alone would not list."""
    from harness.certify import parser

    shown = " ".join(parser("refundsim certify").format_help().split())
    for said in ("0 CERTIFIED", "1 NOT CERTIFIED", "2 interrupted", "4 refused before any scenario ran",
                 "--connector-token TOKEN", "--connector-timeout SECONDS", "--base-url URL", "--admin-token TOKEN",
                 "docs/ci.md"):
        assert said in shown, (said, shown)


@pytest.mark.parametrize("installed, folder, again", [
    (True, "reports", "/home/me/venv/bin/refundsim certify --render-only --report {folder}"),
    (False, "elsewhere", ".venv/bin/python -m harness.certify --render-only --report {folder}"),
], ids=["installed, refundsim not on the PATH", "a checkout, another report folder"])
def test_a_report_not_rendered_says_how_to_render_it_with_the_command_that_ran(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], installed: bool,
        folder: str, again: str) -> None:
    """Without Node.js, certify says how to render the report later. It said `refundsim certify ...`
    where refundsim is not on the PATH (the environment not activated: the run was
    ~/venv/bin/refundsim), and `make report` for a --report folder make report does not render (it
    renders reports/). It says the command that ran, with that folder."""
    from harness import certify

    if installed:
        found = certify.Suite(certify.ROOT, certify.ROOT / "features", (), installed=True)
        monkeypatch.setattr(certify, "suite", lambda: found)
    monkeypatch.setattr(certify, "_node_problem", lambda: "the HTML report needs Node.js 20+, which is not on the PATH")
    report = tmp_path / folder
    (report / "allure-results").mkdir(parents=True)
    (report / "allure-results" / "a-result.json").write_text('{"name": "a", "status": "passed"}', encoding="utf-8")
    (report / "certification.json").write_text(json.dumps({"verdict": "CERTIFIED", "reasons": [], "cases": [{"outcome": "passed"}]}),
                                               encoding="utf-8")
    prog = again.partition(" --render-only")[0]
    assert certify.main(["--render-only", f"--report={report}"], prog=prog) == 0
    out = capsys.readouterr().out
    assert f"`{again.format(folder=report)}` renders them" in out, out
