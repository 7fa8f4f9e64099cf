"""Which step definition runs a step is worked out once per feature file, step type and text
(harness/collection.py), and stays what pytest-bdd's own lookup gives: the definition of the
feature file's folder, where two folders define the same step differently."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.core.feature_runner import ROOT

STEP = "the folder's own definition of this step runs"
FEATURE = f"Feature: {{folder}}\n  Scenario: {{folder}}, first\n    Then {STEP}\n  Scenario: {{folder}}, again\n    Then {STEP}\n"
CONFTEST = f"from pytest_bdd import then\n\n\n@then(\"{STEP}\")\ndef _own() -> None:\n    {{body}}\n"


def test_each_folder_s_scenarios_run_its_own_definition_of_a_step() -> None:
    qa = ROOT / f".glossary-test-{os.getpid()}-lookup"  # .gitignore'd, inside the repository as a QA folder is
    try:
        for folder, body in (("a", "pass"), ("b", "raise AssertionError(\"b's definition ran\")")):
            (qa / folder).mkdir(parents=True)
            (qa / folder / "conftest.py").write_text(CONFTEST.format(body=body), encoding="utf-8")
            (qa / folder / f"{folder}.feature").write_text(FEATURE.format(folder=folder), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pytest", str(qa / "a"), str(qa / "b"), "-q", "-p", "no:cacheprovider",
                               f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"), "-o", f"bdd_features_base_dir={qa}",
                               "-rA", f"--alluredir={qa / 'allure'}", "--certification-report", str(qa / "c.json")],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(qa, ignore_errors=True)
    outcomes = sorted(line.split(" ")[0] + " " + line.rsplit("::", 1)[-1].split(" ")[0]
                      for line in done.stdout.splitlines() if line.startswith(("PASSED ", "FAILED ")))
    assert outcomes == ["FAILED test_b_again", "FAILED test_b_first", "PASSED test_a_again", "PASSED test_a_first"], done.stdout[-3000:]
    assert done.stdout.count("b's definition ran") >= 2
