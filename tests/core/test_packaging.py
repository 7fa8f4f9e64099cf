"""The package's own configuration: the pytest configuration of an installed run says what the
repository's says, the tags are registered in one place, ``refundsim`` lists and runs its commands,
``--profile`` takes a packaged profile's name, and a clash of top-level names is said, not suffered.
(``make package-check`` installs the built wheel in a fresh environment and certifies from it.)"""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from harness import certify, cli
from harness.plugin import TAGS

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]


def test_an_installed_run_is_configured_as_the_repository_s() -> None:
    """harness/pytest.ini: the same forced plugins and options, the same features folder; plus the
    plugin that the repository's conftest.py loads, and no results folder (certify gives one)."""
    ini = configparser.ConfigParser()
    ini.read(ROOT / "harness" / "pytest.ini", encoding="utf-8")
    installed = ini["pytest"]
    repository_opts = [o for o in shlex.split(PYPROJECT["addopts"]) if not o.startswith("--alluredir")]
    assert shlex.split(installed["addopts"]) == [*repository_opts, "-p", "harness.plugin"]
    assert installed["minversion"] == PYPROJECT["minversion"]
    assert installed["bdd_features_base_dir"] == PYPROJECT["bdd_features_base_dir"]
    assert installed["filterwarnings"].split() == PYPROJECT["filterwarnings"]
    assert (ROOT / "conftest.py").read_text(encoding="utf-8").startswith('pytest_plugins = ["harness.plugin"]')


def test_the_tags_are_registered_by_the_plugin_only(tmp_path: Path) -> None:
    ini = configparser.ConfigParser()
    ini.read(ROOT / "harness" / "pytest.ini", encoding="utf-8")
    assert "markers" not in PYPROJECT and "markers" not in ini["pytest"]
    listed = subprocess.run([sys.executable, "-m", "pytest", "--markers", "-p", "no:cacheprovider", f"--alluredir={tmp_path}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120).stdout
    for name, meaning in TAGS.items():
        assert f"@pytest.mark.{name}: {meaning}" in listed


def test_refundsim_lists_its_commands_and_each_says_what_it_does(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    listed = capsys.readouterr().out
    for command in ("certify", "serve", "selftest"):
        assert f"  {command}" in listed
    for command in ("certify", "serve", "selftest"):
        shown = subprocess.run([sys.executable, "-m", "harness.cli", command, "--help"], capture_output=True, text=True,
                               timeout=60, cwd=ROOT)
        assert shown.returncode == 0 and len(shown.stdout) > 200, (command, shown.stdout, shown.stderr)


@pytest.mark.parametrize("argv, message", [
    (["certfy"], "refundsim: error: unknown command certfy: did you mean certify? (commands: certify, serve, "
                 "selftest)"),
    (["report"], "refundsim: error: unknown command report: `refundsim certify --render-only` renders the report "
                 "again (commands: certify, serve, selftest)"),
    (["sever"], "refundsim: error: unknown command sever: did you mean serve? (commands: certify, serve, selftest)"),
    (["run"], "refundsim: error: unknown command run (commands: certify, serve, selftest)"),
    ([], "refundsim: error: no command given: give one of certify, serve, selftest"),
    (["--profile", "shopify-from-netsuite", "certify"],
     "refundsim: error: --profile: options follow the command (refundsim certify --profile ...)"),
    ([""], "refundsim: error: the command is empty: give one of certify, serve, selftest"),  # "$COMMAND" unset
])
def test_a_command_refundsim_has_not_is_a_usage_error_exit_4(argv: list[str], message: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A mistake in the command line is refused as certify refuses its own (docs/ci.md: 4, refused
    before any scenario ran), not with argparse's 2, which the table reads as an interrupted run."""
    assert cli.main(argv) == certify.USAGE_ERROR
    shown = capsys.readouterr()
    assert shown.err.rstrip().splitlines()[-1] == message and "usage: refundsim" in shown.err and not shown.out


def test_a_profile_is_a_file_or_the_name_of_a_packaged_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert certify.profile_path("shopify-from-netsuite") == "fixtures/profiles/shopify-from-netsuite.yaml"
    assert certify.profile_path("ebay-to-netsuite.yaml") == "fixtures/profiles/ebay-to-netsuite.yaml"
    mine = tmp_path / "mine.yaml"
    mine.write_text("storefront: shopify\ndirection: from_netsuite\n", encoding="utf-8")
    assert certify.profile_path(str(mine)) == str(mine)
    monkeypatch.chdir(tmp_path)  # pytest runs in the checkout: a path relative to here must say where it is
    assert certify.profile_path("mine.yaml") == str(mine)
    monkeypatch.chdir(ROOT)
    assert certify.profile_path("fixtures/profiles/shopify-from-netsuite.yaml") == "fixtures/profiles/shopify-from-netsuite.yaml"
    with pytest.raises(ValueError, match=r"--profile shopify: no such file, nor a profile that ships with refundsim "
                                         r"\(ebay-to-netsuite, magento-from-netsuite, shopify-both-directions, shopify-from-netsuite"):
        certify.profile_path("shopify")
    with pytest.raises(ValueError, match="no such file"):
        certify.profile_path("../fixtures/profiles/shopify-from-netsuite")  # a name is a name, not a path
    with pytest.raises(ValueError, match=r"^--profile fixtures/profiles: a folder, not a profile file: give one of its "
                                         r"files \(fixtures/profiles/ebay-to-netsuite.yaml\) or a profile's name"):
        certify.profile_path("fixtures/profiles")  # the folder of the profiles, the file name forgotten


def test_the_suite_is_the_checkout_s_here() -> None:
    found = certify.suite()
    assert not found.installed and found.root == ROOT and found.features == ROOT / "features" and found.config == ()
    command, cwd = certify.pytest_command("-q")
    assert command == [sys.executable, "-m", "pytest", "-q"] and cwd == ROOT


def test_another_distribution_s_package_of_the_same_name_is_said(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """``fixtures`` (testing-cabal's) and ``contracts`` (PyContracts) exist on PyPI: installed in the
    same environment, one would overwrite our files. refundsim says so instead of failing oddly."""
    monkeypatch.setattr(cli.importlib.metadata, "packages_distributions",
                        lambda: {"fixtures": ["refundsim", "fixtures"], "harness": ["refundsim"], "yaml": ["PyYAML"]})
    assert cli.clashes() == ["fixtures (also from fixtures)"]
    assert cli.main(["certify", "--help"]) == certify.USAGE_ERROR
    assert "install refundsim in an environment of its own" in capsys.readouterr().err.lower()


def test_a_setting_s_default_tag_says_its_default_as_a_profile_writes_it() -> None:
    """``pytest --markers`` and docs/steps.md said 'at its default (False)', '(None)': Python's words.
    A profile (YAML) writes false, and an adjustment item left unset is not set."""
    assert "at its default (false):" in TAGS["default_scheduled_sync"]
    assert "at its default (not set):" in TAGS["default_positive_adjustment_item"]
    assert "at its default (4):" in TAGS["default_max_attempts"]
    assert not [name for name, meaning in TAGS.items() if "(False)" in meaning or "(None)" in meaning or "(True)" in meaning]


def test_a_replay_names_refundsim_as_it_can_be_run_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure's replay line is ``refundsim certify ...`` only when ``refundsim`` on the PATH is the
    one that ran: an environment not activated (``~/refundsim/bin/refundsim certify`` in CI) gave a
    replay line that runs another refundsim, or none ("command not found")."""
    script = tmp_path / "venv" / "bin" / "refundsim"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "certify"])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert cli.certify_command() == "venv/bin/refundsim certify"
    monkeypatch.chdir("/")
    assert cli.certify_command() == f"{script} certify"
    monkeypatch.setenv("PATH", str(script.parent))
    assert cli.certify_command() == "refundsim certify"
    monkeypatch.setattr(sys, "argv", ["-c"])  # not run as the script (python -c, a test): its name
    assert cli.certify_command() == "refundsim certify"


@pytest.mark.parametrize("command, code", [(["harness.cli", "--help"], 141), (["harness.cli", "selftest", "--help"], 141),
                                           (["harness.selftest", "--help"], 141), (["harness.certify", "--help"], 0)],
                         ids=["refundsim", "refundsim selftest", "selftest", "certify"])
def test_a_reader_that_closes_the_output_ends_the_command_quietly(command: list[str], code: int) -> None:
    """``refundsim --help | head -1``: the reader has gone before the command wrote, and it ended in a
    BrokenPipeError traceback. It stops as command-line tools do, killed by SIGPIPE to the shell:
    nothing on stderr, exit 141 (128 + SIGPIPE; docs/ci.md) — but for an argparse command's help
    (certify's, serve's), which argparse ends quietly with 0, its own way."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a byte is written: every write fails, whatever its size
    try:
        done = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=60, check=False)
    finally:
        os.close(write)
    assert done.stderr == "" and done.returncode == code, (done.returncode, done.stderr[-2000:])


def test_an_interrupt_where_a_command_starts_is_one_line_and_the_code_of_an_interrupted_run(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C while ``refundsim`` (certify, the self-test) starts — importing, looking for packages
    of the same name, reading a profile: before a command of its own takes the signal over — printed
    Python's KeyboardInterrupt traceback and died of the signal (130 to the shell, a code docs/ci.md
    does not give). It says it was interrupted, in a line, and exits 2 as an interrupted run does."""
    def interrupted() -> int:
        raise KeyboardInterrupt

    try:
        code = cli.quiet_when_output_closed(interrupted)
    except KeyboardInterrupt:  # not let through to stop this test run too
        pytest.fail("the interrupt went through, to end the command with Python's traceback")
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "Interrupted (Ctrl-C or SIGINT); exit code 2\n"
