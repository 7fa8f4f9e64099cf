"""Wall time of the feature suite in-process, live and with ``-n 2``, and the median time per
scenario; the same for the whole test suite (tests/ and features/); prints a table. Targets
(issue 6, 2-core machine): median ≤ 50 ms in-process and ≤ 150 ms live per scenario; ``-n 2`` at
least 1.6× faster than serial for the whole suite.

Each run is repeated (``--repeat``, default 3) and the best is kept: on a shared VM the system time
of a run varies by a factor of two from one run to the next, and the best run is the one least
disturbed by the rest of the machine. "start-up" is the wall time of ``pytest --collect-only`` on the
features: what every pytest process pays before its first test (Python, pytest and its plugins, the
conftest imports, collection); ``-n 2`` pays it twice in a row (the controller, then its workers).

    .venv/bin/python bench/suite_bench.py [--repeat N]    # about 3 minutes
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Scratch results go under reports/ (git-ignored), beside the real ones.
REPORTS = ROOT / "reports"


def run_once(scratch: Path, *args: str) -> tuple[float, float, float, int]:
    """(process wall s, pytest session s, median test s, tests) of one pytest run, its results in a
    new directory under ``scratch``. Exits if pytest fails: a failing run's time means nothing."""
    tmp = Path(tempfile.mkdtemp(dir=scratch))
    junit = tmp / "junit.xml"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", f"--alluredir={tmp}/allure",
                           f"--certification-report={tmp}/certification.json", *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"pytest {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    session = float(re.findall(r" in ([\d.]+)s", done.stdout)[-1])
    times = [float(c.get("time", 0)) for c in ET.parse(junit).getroot().iter("testcase")]
    return wall, session, statistics.median(times), len(times)


def best(scratch: Path, repeat: int, *args: str) -> tuple[float, float, float, int]:
    runs = [run_once(scratch, *args) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), min(r[2] for r in runs), runs[0][3]


def start_up(repeat: int) -> float:
    """Best wall time of ``pytest features/ --collect-only``."""
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "features/", "-q", "-p", "no:cacheprovider", "--collect-only"],
                       cwd=ROOT, capture_output=True, check=True)
        walls.append(time.perf_counter() - started)
    return min(walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    REPORTS.mkdir(exist_ok=True)
    # Every run's results are kept until the end: on ext4, deleting a run's thousand files slows
    # file creation for the next few seconds (new inodes skip recently freed ones), so deleting
    # them between runs would measure the benchmark's own clean-up.
    with tempfile.TemporaryDirectory(dir=REPORTS, prefix=".bench-") as tmp:
        scratch = Path(tmp)
        rows = {
            "features in-process": best(scratch, repeat, "features/"),
            "features live": best(scratch, repeat, "features/", "--transport", "live"),
            "features in-process -n 2": best(scratch, repeat, "features/", "-n", "2"),
            "features live -n 2": best(scratch, repeat, "features/", "--transport", "live", "-n", "2"),
            "all tests in-process": best(scratch, repeat),
            "all tests in-process -n 2": best(scratch, repeat, "-n", "2"),
        }
        fixed = start_up(repeat)
    print(f"{'run':<28}{'tests':>7}{'wall s':>9}{'session s':>11}{'median ms':>11}")
    for label, (wall, session, median, count) in rows.items():
        print(f"{label:<28}{count:>7}{wall:>9.2f}{session:>11.2f}{median * 1000:>11.1f}")
    print(f"\nstart-up of one pytest process (--collect-only): {fixed:.2f} s")
    for suite in ("features in-process", "features live", "all tests in-process"):
        one, two = rows[suite], rows[f"{suite} -n 2"]
        print(f"-n 2 vs serial, {suite}: {one[0] / two[0]:.2f}x wall, {one[1] / two[1]:.2f}x session (target >= 1.6x)")
    serial = rows["features in-process"][0]
    ceiling = serial / (2 * fixed + (serial - fixed) / 2)
    print(f"ceiling of -n 2 vs serial on the features in-process, from the start-up: {ceiling:.2f}x\n"
          "  (serial / (2 x start-up + (serial - start-up) / 2): the controller starts, then its workers do,"
          " and the tests split in two)")
    print(f"median per scenario: in-process {rows['features in-process'][2] * 1000:.1f} ms (target <= 50), "
          f"live {rows['features live'][2] * 1000:.1f} ms (target <= 150)")


if __name__ == "__main__":
    main()
