"""Runs a feature file the way a QA engineer adds one: written into a folder inside the repository
and run by its path (``pytest <folder>``: a .feature file is a test module of its own), in its own
pytest process with its own Allure results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def scratch_features(text: str | bytes) -> Iterator[Path]:
    """A features folder inside the repository, as a QA engineer makes one, holding ``written.feature``
    with ``text`` (UTF-8, or the bytes given); removed afterwards."""
    features = ROOT / f".glossary-test-{os.getpid()}"  # .gitignore'd
    features.mkdir()
    try:
        (features / "written.feature").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        yield features
    finally:
        shutil.rmtree(features, ignore_errors=True)


def run_feature(text: str, results: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
    """pytest's outcome for the feature ``text`` (run with ``args`` too), and the Allure results it
    wrote under ``results``. The scratch features directory is removed afterwards."""
    with scratch_features(text) as features:
        process = subprocess.run(
            [sys.executable, "-m", "pytest", str(features), "-q", "-p", "no:cacheprovider", f"--rootdir={ROOT}",
             "-c", str(ROOT / "pyproject.toml"), "-o", f"bdd_features_base_dir={features}",
             f"--alluredir={results / 'allure'}", f"--certification-report={results / 'certification.json'}", *args],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
    found = [json.loads(path.read_text(encoding="utf-8")) for path in (results / "allure").glob("*-result.json")]
    return process, found
