"""The "Replay" line of a failure: every option that shaped the run, and never a secret."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from harness.reporting import replay_command
from tests.core.feature_runner import run_feature, scratch_features

NODE = "features/refund_actions.feature::test_a_refund_is_posted[Shopify]"


class _Config:
    """What replay_command reads of a pytest config: the options as the plugin leaves them."""

    def __init__(self, **given: Any) -> None:
        self.values = {"--connector": "simulators.connector.reference:create_connector", "--connector-url": None,
                       "--profile": None, "--base-url": None, "--transport": "inprocess", "--connector-timeout": 60.0,
                       "--no-contract-checks": False, "--admin-token": None, "--connector-token": None, **given}
        self.option = SimpleNamespace(transport=self.values["--transport"])

    def getoption(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@pytest.mark.parametrize("given, replay", [
    ({}, f"pytest '{NODE}' --seed 7"),
    ({"--connector": "mine/conn.py:create", "--profile": "fixtures/profiles/shopify-from-netsuite.yaml",
      "--transport": "live"},
     f"pytest '{NODE}' --connector=mine/conn.py:create --profile=fixtures/profiles/shopify-from-netsuite.yaml "
     "--transport=live --seed 7"),
    # --connector-url and --base-url imply --transport live: it is not repeated.
    ({"--connector-url": "http://127.0.0.1:9000/connector/v1", "--base-url": "http://build-host:8765",
      "--transport": "live", "--connector-timeout": 5.0, "--no-contract-checks": True},
     f"pytest '{NODE}' --connector-url=http://127.0.0.1:9000/connector/v1 --base-url=http://build-host:8765 "
     "--connector-timeout=5.0 --no-contract-checks --seed 7"),
])
def test_the_replay_repeats_every_option_that_shaped_the_run(given: dict[str, Any], replay: str) -> None:
    assert replay_command(_Config(**given), NODE, 7) == replay


def test_the_replay_never_shows_a_secret() -> None:
    """Tokens are never repeated (the replay says where they are read from instead), and the
    credentials a URL may carry are masked."""
    config = _Config(**{"--connector-url": "https://me:hunter2@conn.example/v1?api_key=s3cret&region=eu",
                        "--base-url": "http://admin:pa55@build-host:8765", "--transport": "live",
                        "--admin-token": "ADMIN-SECRET", "--connector-token": "CONNECTOR-SECRET"})
    replay = replay_command(config, NODE, 7)
    for secret in ("hunter2", "s3cret", "pa55", "ADMIN-SECRET", "CONNECTOR-SECRET"):
        assert secret not in replay, replay
    assert "--connector-url='https://me:***@conn.example/v1?api_key=***&region=eu'" in replay
    assert "--base-url='http://admin:***@build-host:8765'" in replay
    assert replay.endswith("--seed 7  (the admin token from $REFUNDSIM_ADMIN_TOKEN, the connector's token from "
                           "$REFUNDSIM_CONNECTOR_TOKEN)"), replay


def test_a_failure_s_replay_line_holds_the_run_s_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The line as a failing run prints it: its connector, profile and transport, and not the admin token.
    Once, on CI too (``CI`` set), where pytest would repeat a failure's whole text in the summary."""
    monkeypatch.setenv("CI", "true")
    feature = ("Feature: Replayed\n  @success @to_storefront @shopify\n  Scenario: A wrong amount\n"
               "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
               "    And a paid Shopify order has been synced to NetSuite\n"
               "    Then the storefront has refunded exactly 1.00\n")
    process, _ = run_feature(feature, tmp_path, "--transport=live", "--connector=simulators.connector.reference:create_connector",
                             "--admin-token=PLANTEDADMINTOKEN", "--seed=11")
    assert process.returncode == 1, process.stdout[-2000:]
    (line,) = [line for line in process.stdout.splitlines() if line.startswith("Replay:")]
    assert line.endswith("::test_a_wrong_amount' --transport=live --seed 11  (the admin token from "
                         "$REFUNDSIM_ADMIN_TOKEN)"), line
    assert "PLANTEDADMINTOKEN" not in process.stdout + process.stderr
    summary = process.stdout.splitlines()
    (at,) = [index for index, text in enumerate(summary) if text.startswith("FAILED ")]
    told = ("neither NetSuite nor Shopify has a refund of the order: the scenario made none, so the "
            "connector had none to sync and this check has nothing to find; refund the order first (such as 'Given the "
            "order has been refunded in full in NetSuite', or '... on the storefront'), or leave the check out")
    assert f" - {told} — Scenario: A wrong amount, " in summary[at], summary[at]
    assert summary[at].endswith("/written.feature:3, seed 11"), summary[at]
    assert summary[at + 1].startswith("1 failed"), summary[at:]


def test_a_failure_replays_from_the_folder_the_run_was_started_in(tmp_path: Path) -> None:
    """A QA in the folder of their feature file (``cd qa && pytest written.feature``): the replay
    line names the scenario from there, and run there it fails again the same way — a node id from
    the project's root would be "file or directory not found" there."""
    feature = ("Feature: Replayed\n  @success @to_storefront @shopify\n  Scenario: A wrong amount\n"
               "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
               "    And a paid Shopify order has been synced to NetSuite\n"
               "    And the order has been billed in NetSuite as a cash sale\n"
               "    And 1 unit of the first line has been refunded in NetSuite\n"
               "    When the connector retrieves the refunds of the order from NetSuite\n"
               "    And the connector posts the retrieved refunds\n"
               "    Then the storefront has refunded exactly 1.00\n")
    options = ["-p", "no:cacheprovider", f"--alluredir={tmp_path / 'allure'}",
               f"--certification-report={tmp_path / 'certification.json'}"]
    with scratch_features(feature) as folder:
        first = subprocess.run([sys.executable, "-m", "pytest", "written.feature", *options], cwd=folder,
                               capture_output=True, text=True, timeout=120)
        (line,) = [line for line in first.stdout.splitlines() if line.startswith("Replay:")]
        assert line.startswith("Replay:   pytest 'written.feature::test_a_wrong_amount' --seed "), line
        command = shlex.split(line.removeprefix("Replay:"))
        again = subprocess.run([sys.executable, "-m", *command, *options], cwd=folder, capture_output=True, text=True,
                               timeout=120)
    failure = [text for text in first.stdout.splitlines() if text.startswith("Amount differs")]
    assert again.returncode == 1 and failure, again.stdout[-3000:] + again.stderr[-3000:]
    assert failure == [text for text in again.stdout.splitlines() if text.startswith("Amount differs")]


def test_the_replay_of_an_installed_suite_is_a_refundsim_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed (``pip install refundsim``), the features are inside the package and there is no
    checkout to run ``pytest features/...`` in: the replay is ``refundsim certify`` with the node id,
    which runs that one scenario from any folder."""
    from harness import certify

    installed = certify.Suite(certify.HARNESS, certify.HARNESS / "features", (), installed=True)
    monkeypatch.setattr(certify, "suite", lambda: installed)
    assert replay_command(_Config(**{"--connector": "/home/me/conn.py:create"}), NODE, 7) == (
        f"refundsim certify '{NODE}' --report=reports/replay --connector=/home/me/conn.py:create --seed 7")


def test_certify_given_a_scenario_of_the_suite_runs_that_scenario_only(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """``refundsim certify 'features/<file>::<test>'`` (the replay), from any folder: the node id is
    the suite's, given to pytest by its path, and the run is that scenario, not the whole suite too."""
    from harness import certify

    monkeypatch.chdir(tmp_path)
    found = certify.suite()
    args = certify.suite_args(found, [NODE, "--seed", "7", "-q"])
    assert args == [str(found.root / NODE), "--seed", "7", "-q"], args
    assert certify.suite_args(found, ["-k", "refund", "-q"]) == [str(found.features), "-k", "refund", "-q"]
    # From the checkout's root, where pytest runs, as written: the verdict's "Partial run: ... selected
    # (features/refund_actions.feature)" says what the user typed, not /home/me/refundsim/features/...
    monkeypatch.chdir(found.root)
    assert certify.suite_args(found, [NODE, "-q"]) == [NODE, "-q"]


def test_certify_given_a_feature_file_by_its_path_from_where_it_was_started_runs_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """certify's pytest runs in the checkout's root: a feature file (or a scenario of it) named from
    the folder certify was started in is given to pytest by its full path — ``refund_actions.feature``
    from ``features/`` is that file, not "file or directory not found" — and the run is that file only.
    An option's value is never read as a path, and a ``.feature`` that is not there is left as written
    (pytest names it)."""
    from harness import certify

    found = certify.suite()
    monkeypatch.chdir(found.features)
    file = str(found.features / "refund_actions.feature")
    assert certify.suite_args(found, ["refund_actions.feature", "-q"]) == [file, "-q"]
    assert certify.suite_args(found, ["refund_actions.feature::test_a_refund_is_posted[Shopify]"]) == [
        f"{file}::test_a_refund_is_posted[Shopify]"]
    assert certify.suite_args(found, ["-k", "refund", "nowhere.feature"]) == [
        str(found.features), "-k", "refund", "nowhere.feature"]


def test_certify_given_a_scenario_by_the_path_pytest_printed_runs_that_scenario_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed, pytest runs in the folder certify was started in and its FAILED lines name a
    scenario by its path from there (``../venv/lib/python3.11/site-packages/harness/features/<file>::<test>``).
    Given back to ``refundsim certify`` (or by its full path, from anywhere), that ran the whole
    suite besides — 431 scenarios and CERTIFIED, for a replay of one that failed. Now the run is that
    scenario; a path that is not there is still left to pytest, with the suite's features."""
    from harness import certify

    installed = certify.Suite(certify.ROOT, certify.ROOT / "features", (), installed=True)
    monkeypatch.setattr(certify, "suite", lambda: installed)
    monkeypatch.chdir(tmp_path)
    printed = os.path.relpath(installed.features / "refund_actions.feature", tmp_path) + "::test_a_refund[Shopify]"
    assert printed.startswith("../")
    assert certify.suite_args(installed, [printed, "-q"]) == [printed, "-q"]
    full = f"{installed.features / 'refund_actions.feature'}::test_a_refund[Shopify]"
    assert certify.suite_args(installed, [full]) == [full]
    assert certify.suite_args(installed, ["../nowhere.feature"]) == [str(installed.features), "../nowhere.feature"]
    assert certify.suite_args(installed, ["x" * 300 + ".feature"]) == [str(installed.features), "x" * 300 + ".feature"]


def test_a_replay_names_the_python_that_ran_certify_unless_it_is_the_one_on_the_path(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A replay line is pasted into another terminal: ``python -m harness.certify`` there is the
    Python on its PATH, which — the environment not activated (``make certify`` runs
    .venv/bin/python) — has not the harness's packages. The replay names the Python that ran it,
    as a path, unless ``python`` on the PATH is that one."""
    from harness import certify

    monkeypatch.chdir(tmp_path)
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text("", encoding="utf-8")
    (venv / "python").chmod(0o755)
    monkeypatch.setattr(certify.sys, "executable", str(venv / "python"))
    monkeypatch.setenv("PATH", "/nowhere")
    assert certify.command_name() == ".venv/bin/python -m harness.certify"
    monkeypatch.setenv("PATH", str(venv))
    assert certify.command_name() == "python -m harness.certify"
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    monkeypatch.setenv("PATH", "/nowhere")
    assert certify.command_name() == f"{venv / 'python'} -m harness.certify"


def test_a_certification_started_outside_the_checkout_replays_from_where_it_was_started(tmp_path: Path) -> None:
    """``python -m harness.certify`` run in the implementer's own folder (pytest runs in the
    checkout): the replay line is a certify command that runs in that folder — ``pytest
    'features/...'`` would be "file or directory not found" there, and a packaged profile named
    from the checkout's root would be no profile — and run there it fails again the same way."""
    options = ["-p", "no:cacheprovider", "-q"]
    first = subprocess.run([sys.executable, "-m", "harness.certify", "--profile=shopify-from-netsuite",
                            "--connector=harness.selftest.catalogue:posts_the_wrong_amount",
                            "-k", "cash_refund_of_a_paid and not invoice", *options],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
    failures = [line for line in first.stdout.splitlines() if line.startswith("Replay:")]
    assert first.returncode == 1 and failures, first.stdout[-3000:] + first.stderr[-3000:]
    line = failures[0]
    command = shlex.split(line.removeprefix("Replay:"))
    # The Python that ran certify (this one), by its path unless it is the PATH's `python`.
    assert command[0] in ("python", sys.executable) and command[1:3] == ["-m", "harness.certify"], line
    assert command[3].startswith("features/"), line
    # Run as printed, the replay writes its verdict and report beside the certification's, in
    # reports/replay/: the certification's own verdict (the full run's) is kept (docs/ci.md).
    verdict = (tmp_path / "reports" / "certification.json").read_bytes()
    again = subprocess.run([sys.executable, *command[1:], *options], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    said = [text for text in first.stdout.splitlines() if text.startswith("Amount differs")]
    assert again.returncode == 1 and "1 failed" in again.stdout, again.stdout[-3000:] + again.stderr[-3000:]
    assert said[:1] == [text for text in again.stdout.splitlines() if text.startswith("Amount differs")], again.stdout
    assert (tmp_path / "reports" / "certification.json").read_bytes() == verdict
    assert json.loads((tmp_path / "reports" / "replay" / "certification.json").read_text(encoding="utf-8"))["partial"]
    assert f"Verdict: NOT CERTIFIED ({tmp_path / 'reports' / 'replay' / 'certification.json'})" in again.stdout, again.stdout
    # The replay's own replay line writes there again, not in reports/replay/replay/.
    assert any(text.startswith("Replay:") and " --report=reports/replay " in text for text in again.stdout.splitlines())


def test_a_certification_s_replay_names_its_options_from_the_folder_it_was_started_in() -> None:
    """certify's pytest runs in the checkout's root: the replay is certify's own command (the one
    that started the run), the suite's node id as it is (certify finds it from any folder), and a
    path pytest was given from the root named from the folder certify was started in."""
    root = Path(__file__).resolve().parents[2]
    config = _Config(**{"--profile": "fixtures/profiles/shopify-from-netsuite.yaml", "--replay-as": "refundsim certify",
                        "--replay-from": "/home/me/conn", "--certification-report": "/home/me/conn/out/certification.json"})
    config.rootpath = root  # type: ignore[attr-defined]
    config.invocation_params = SimpleNamespace(dir=root)  # type: ignore[attr-defined]
    assert replay_command(config, NODE, 7) == (
        f"refundsim certify '{NODE}' --report=out/replay --profile=shopify-from-netsuite --seed 7")
    # A profile that ships is named by its name (certify takes it from any folder, installed or not),
    # not by its path in the checkout or in site-packages; one of the user's own by its path.
    config.values["--profile"] = "/home/me/conn/profiles/mine.yaml"
    assert replay_command(config, NODE, 7) == (
        f"refundsim certify '{NODE}' --report=out/replay --profile=/home/me/conn/profiles/mine.yaml --seed 7")
    # From the root too, a certification's replay is certify's, into a folder of its own: the
    # certification's verdict and report are kept (`pytest` would replace them in reports/).
    at_root = _Config(**{"--replay-as": "python -m harness.certify", "--replay-from": str(root),
                         "--certification-report": str(root / "reports" / "certification.json")})
    at_root.rootpath, at_root.invocation_params = root, SimpleNamespace(dir=root)  # type: ignore[attr-defined]
    assert replay_command(at_root, NODE, 7) == f"python -m harness.certify '{NODE}' --report=reports/replay --seed 7"
