"""bench/make_test_bench.py's census: the process log its sitecustomize writes, and how the table
groups what was logged (the full ``make test`` it times is a benchmark, not a test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench import make_test_bench as bench
from bench.make_test_bench import Process

PYTEST = "/venv/lib/python3.11/site-packages/pytest/__main__.py"


def test_each_python_process_started_with_the_sitecustomize_logs_its_cpu_and_command_line(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(bench.SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "processes.jsonl"
    env = {**os.environ, bench.LOG_ENV: str(log), "PYTHONPATH": str(tmp_path)}
    busy = "sum(i * i for i in range(300_000))"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", busy], env=env, check=True)
    subprocess.run([sys.executable, "-c", "pass"], env={**env, bench.LOG_ENV: ""}, check=True)  # not asked: no line

    logged = bench.read_log(log)
    assert [p.argv for p in logged] == [["-c"], ["-c"]]
    assert all(p.cpu > 0 and p.parent == os.getpid() for p in logged)


def test_the_pytest_certify_starts_is_logged_as_a_pytest_run(tmp_path: Path) -> None:
    """certify starts its pytest through a few lines given to ``python -c`` (harness/certify.py,
    PYTEST_STARTING_QUIETLY); runpy put back the ``-c`` it found as argv[0] when pytest ended, so the
    census counted every certification the tests make (the three runs of every scenario among them,
    some 110 s of CPU) as "other Python". It is logged as ``python -m pytest`` is."""
    from harness.certify import PYTEST_STARTING_QUIETLY

    (tmp_path / "sitecustomize.py").write_text(bench.SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "processes.jsonl"
    env = {**os.environ, bench.LOG_ENV: str(log), "PYTHONPATH": str(tmp_path)}
    subprocess.run([sys.executable, "-c", PYTEST_STARTING_QUIETLY, "--version"], env=env, check=True, capture_output=True)
    (logged,) = bench.read_log(log)
    assert logged.is_pytest and logged.argv[1:] == ["--version"], logged.argv


def test_a_line_cut_short_is_skipped_and_a_missing_log_is_no_process(tmp_path: Path) -> None:
    log = tmp_path / "processes.jsonl"
    log.write_text('{"pid": 1, "parent": 0, "cpu": 1.5, "argv": ["x"]}\n{"pid": 2, "par', encoding="utf-8")
    assert bench.read_log(log) == [Process(1, 0, 1.5, ["x"])]
    assert bench.read_log(tmp_path / "none.jsonl") == []


def test_the_census_groups_processes_by_what_they_run() -> None:
    controller = Process(10, 1, 2.0, [PYTEST, "-n", "2", "tests/"])
    processes = [
        controller,
        Process(11, 10, 30.0, ["-c"]), Process(12, 10, 20.0, ["-c"]),  # its xdist workers
        Process(13, 11, 1.0, ["-c"]),  # started by a test, not by the controller
        Process(14, 11, 35.0, [PYTEST, "/repo/features", "--certify"]),
        Process(15, 12, 3.0, [PYTEST, "features/refund_actions.feature", "-q"]),
        Process(16, 12, 0.5, [PYTEST, "tests/core/test_step_parameters.py", "-k", "amount"]),
        Process(17, 11, 20.0, ["/repo/simulators/__main__.py", "serve", "--port", "0"]),
        Process(18, 1, 0.5, ["/repo/harness/selftest/__main__.py", "--first"]),
    ]
    assert bench.census(processes) == {
        "pytest runs of the features that tests start": (2, 38.0),
        "pytest -n: its xdist workers": (2, 50.0),
        "python -m simulators serve": (1, 20.0),
        "pytest -n: the controller": (1, 2.0),
        "other Python": (1, 1.0),
        "the self-test": (1, 0.5),
        "other pytest runs that tests start": (1, 0.5),
    }
    assert list(bench.census(processes))[:2] == ["pytest -n: its xdist workers",
                                                  "pytest runs of the features that tests start"]


def test_the_table_states_the_target_and_what_was_not_logged() -> None:
    table = bench.report(wall=120.0, cpu=200.0, processes=[Process(1, 0, 150.0, [PYTEST, "features/"])], top=1)
    assert "120.0 s wall (target <= 90 s: MISSED)" in table
    assert "not logged" in table and " 50.0" in table
    assert "150.0 s  pytest features/" in table
    assert "target <= 90 s: met" in bench.report(wall=80.0, cpu=100.0, processes=[])


def test_a_command_line_is_shortened_and_its_admin_token_masked() -> None:
    line = bench.short([PYTEST, "features/", "--alluredir=/tmp/pytest-of-root/pytest-9/popen-gw0/every-scenario-live0/certified/results",
                        "--admin-token=s3cr3t-token", "--seed=42"])
    assert line == "pytest features/ --alluredir=…/every-scenario-live0/certified/results --admin-token=*** --seed=42"
    assert bench.short(["/repo/simulators/__main__.py", "serve", "--admin-token", "s3cr3t"]) == (
        "/repo/simulators/__main__.py serve --admin-token ***")
    assert bench.short([PYTEST, "x" * 200], width=20) == "pytest " + "x" * 12 + "…"
