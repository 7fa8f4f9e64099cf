"""``python -m harness.selftest [pytest args]`` refuses to judge when no scenario ran, rather than
calling every fault uncaught (the whole self-test itself runs in ``make test``)."""

from __future__ import annotations

import pytest

from harness.selftest.__main__ import main


def test_help_is_the_self_test_s_own(capsys) -> None:
    assert main(["--help"]) == 0
    assert "python -m harness.selftest [pytest args]" in capsys.readouterr().out


@pytest.mark.parametrize("args, exit_code", [(["--no-such-option"], 4), (["-k", "no_scenario_is_called_this"], 5)])
def test_arguments_that_run_no_scenario_stop_it_before_any_verdict(args: list[str], exit_code: int, capsys) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"SELF-TEST NOT RUN: no scenario ran with the reference connector (pytest exit code {exit_code}" in err
