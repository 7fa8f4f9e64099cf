"""``python -m harness.certify [--profile FILE] [--connector SPEC] [--report DIR] [pytest arguments]``
(``make certify``): certify a connector — run the acceptance scenarios, render the single-file
report, print where it is and the verdict, and exit non-zero unless CERTIFIED.

Everything lands under the report folder (default ``reports/``): ``allure-results/`` (the raw
results of this run only), ``certification.json`` (the verdict), ``allure-report/index.html`` (the
report to attach to a ticket) and ``history/`` (trends, one file per connector and profile).
``--render-only`` renders the results already there again (``make report``).

The report needs Node.js 20+ and the project's Node packages (``npm ci``; ``make certify`` installs
them). Without them the run still certifies: the verdict and the raw results are written, and it
says that the HTML report was not rendered and why.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "features"


def render(report_dir: Path) -> tuple[Path | None, str]:
    """Render ``report_dir/allure-results`` into ``report_dir/allure-report/index.html``; the path,
    or None and why not."""
    results = report_dir / "allure-results"
    if not any(results.glob("*-result.json")):
        return None, "no scenario ran"
    allure = ROOT / "node_modules" / ".bin" / "allure"
    node = shutil.which("node")
    if node is None or not allure.exists():
        return None, ("not rendered: the HTML report needs Node.js 20+ and the project's Node packages "
                      f"(run `npm ci` in {ROOT}, or `make certify`); the raw results are in {results}")
    output = report_dir / "allure-report"
    environment = {**os.environ, "REFUNDSIM_CERTIFICATION": str(report_dir / "certification.json"),
                   "REFUNDSIM_REPORT": str(output), "REFUNDSIM_HISTORY_DIR": str(report_dir / "history")}
    done = subprocess.run([str(allure), "generate", str(results), "--config", str(ROOT / "allurerc.mjs")],
                          cwd=ROOT, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (output / "index.html").exists():
        return None, f"Allure failed to render the report (exit {done.returncode}): {done.stderr.strip()[-500:]}"
    return output / "index.html", ""


def verdict_line(report_dir: Path) -> str:
    path = report_dir / "certification.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "none (no scenario ran)"
    reasons = document.get("reasons", [])
    return f"{document['verdict']} ({path})" + (f", {len(reasons)} reason(s), listed above" if reasons else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.certify", description=__doc__.splitlines()[0],
                                     epilog="Other arguments go to pytest (e.g. -k, -m, --transport live, --seed N).")
    parser.add_argument("--profile", metavar="YAML", help="the activation to certify (fixtures/profiles/*.yaml)")
    parser.add_argument("--connector", metavar="SPEC", help="module:factory or file.py:factory (default: the reference)")
    parser.add_argument("--report", metavar="DIR", default=str(ROOT / "reports"), help="where everything lands")
    parser.add_argument("--render-only", action="store_true", help="render the results already there again")
    args, pytest_args = parser.parse_known_args(argv)
    report_dir = Path(args.report).resolve()
    status = 0
    if not args.render_only:
        (report_dir / "certification.json").unlink(missing_ok=True)
        command = [str(FEATURES), "--certify", f"--alluredir={report_dir / 'allure-results'}",
                   f"--certification-report={report_dir / 'certification.json'}"]
        if args.profile:
            command.append(f"--profile={args.profile}")
        if args.connector:
            command.append(f"--connector={args.connector}")
        # A pytest of its own: the run must not depend on what this process has imported.
        status = subprocess.run([sys.executable, "-m", "pytest", *command, *pytest_args], cwd=ROOT, check=False).returncode
        print()
    report, why = render(report_dir)
    print(f"Report:  {report}" if report else f"Report:  none ({why})")
    print(f"Verdict: {verdict_line(report_dir)}")
    if not args.render_only:
        print("Outcome: PASSED" if status == 0 else f"Outcome: FAILED (pytest exit code {status})")
    return status if report or not why.startswith("Allure failed") else (status or 1)


if __name__ == "__main__":
    sys.exit(main())
