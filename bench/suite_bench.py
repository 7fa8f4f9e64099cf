"""Wall time of the whole feature suite in-process, live and with ``-n 2``, and the median time per
scenario; prints a table. Targets (issue 6, 2-core machine): median ≤ 50 ms in-process and ≤ 150 ms
live per scenario; ``-n 2`` at least 1.6× faster than serial for the whole suite.

    .venv/bin/python bench/suite_bench.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(label: str, *args: str) -> tuple[str, float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "features/", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}",
                        f"--alluredir={tmp}/allure", f"--certification-report={tmp}/certification.json", *args], cwd=ROOT, capture_output=True, check=False)
        wall = time.perf_counter() - started
        times = [float(c.get("time", 0)) for c in ET.parse(junit).getroot().iter("testcase")]
    return label, wall, statistics.median(times) if times else 0.0, len(times)


def main() -> None:
    rows = [run("in-process", "--transport", "inprocess"), run("live", "--transport", "live"),
            run("in-process -n 2", "-n", "2")]
    print(f"{'run':<18}{'scenarios':>10}{'wall s':>10}{'median ms':>12}")
    for label, wall, median, count in rows:
        print(f"{label:<18}{count:>10}{wall:>10.2f}{median * 1000:>12.1f}")
    serial, parallel = rows[0][1], rows[2][1]
    print(f"\nspeed-up of -n 2 over serial: {serial / parallel:.2f}x (target >= 1.6x)")
    print(f"median per scenario: in-process {rows[0][2] * 1000:.1f} ms (target <= 50), live {rows[1][2] * 1000:.1f} ms (target <= 150)")


if __name__ == "__main__":
    main()
