"""A scenario replays from its seed: the same seed gives byte-identical evidence (every request,
answer, id, amount and timestamp), a different seed different data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "A_cash_refund_of_a_paid"


def _evidence(tmp: Path, seed: int) -> list[str]:
    subprocess.run([sys.executable, "-m", "pytest", "features/", "-q", "-p", "no:cacheprovider", "-k", SCENARIO,
                    f"--seed={seed}", f"--alluredir={tmp}", f"--certification-report={tmp / 'c.json'}"],
                   cwd=ROOT, capture_output=True, check=True, timeout=120)
    return sorted(path.read_text() for path in tmp.glob("*-attachment.*"))


def test_the_same_seed_replays_the_same_scenario(tmp_path: Path) -> None:
    first, second, other = (_evidence(tmp_path / name, seed) for name, seed in (("a", 42), ("b", 42), ("c", 43)))
    assert first and first == second
    assert first != other
