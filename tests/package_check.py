"""``python -m tests.package_check [--python PYTHON]`` (``make package-check``): the package as a new
user meets it. Builds the sdist and the wheel (``python -m build``), creates a fresh virtual
environment in a temporary folder outside the repository, installs the wheel there, and from an
empty folder:

1. ``refundsim --help`` and each command's ``--help``;
2. ``refundsim serve --port 0``: the simulators answer, and so does the connector API's OpenAPI
   document; stopped with SIGTERM;
3. ``refundsim certify --profile shopify-from-netsuite`` (the reference connector, every scenario of
   the profile): exit code 0, ``CERTIFIED`` in ``reports/certification.json``, and — when Node.js is
   on the PATH — ``reports/allure-report/index.html`` (the Allure package installed by the run itself).

Prints each step and its time, and exits non-zero at the first step that fails, with its output.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class CheckFailed(Exception):
    """A step did not do what a new user expects; the message says what it did instead."""


def run(step: str, command: list[str], *, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run one step, print its time; :raise CheckFailed: a non-zero exit (with the output's end)."""
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    print(f"  {time.monotonic() - started:6.1f} s  {step}", flush=True)
    if done.returncode != 0:
        raise CheckFailed(f"{step}: `{' '.join(command)}` exited {done.returncode}\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done


def serve_smoke(refundsim: Path, cwd: Path) -> None:
    """``refundsim serve --port 0`` prints its URL first; the control plane's health and the
    connector API's document answer there; SIGTERM stops it."""
    started = time.monotonic()
    server = subprocess.Popen([str(refundsim), "serve", "--port", "0"], cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        found = re.search(r"http://\S+?:\d+", first)
        if found is None:
            raise CheckFailed(f"refundsim serve printed no base URL first: {first!r}")
        url = found.group(0)
        with urllib.request.urlopen(f"{url}/_sim/health", timeout=10) as answer:
            if json.load(answer) != {"status": "ok"}:
                raise CheckFailed(f"refundsim serve: {url}/_sim/health did not answer ok")
        with urllib.request.urlopen(f"{url}/connector/v1/openapi.json", timeout=10) as answer:
            document = json.load(answer)
            if not str(document.get("openapi", "")).startswith("3."):
                raise CheckFailed("refundsim serve: /connector/v1/openapi.json is not an OpenAPI 3 document")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            raise CheckFailed("refundsim serve did not stop on SIGTERM") from None
    print(f"  {time.monotonic() - started:6.1f} s  refundsim serve --port 0: {url} answers, stops on SIGTERM", flush=True)


def check(python: str, scratch: Path) -> None:
    dist, venv, empty = scratch / "dist", scratch / "venv", scratch / "empty"
    empty.mkdir()
    run("python -m build (sdist, then the wheel from it)", [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
        cwd=ROOT)
    wheel = next(dist.glob("refundsim-*.whl"))
    run(f"{python} -m venv (a fresh environment outside the repository)", [python, "-m", "venv", str(venv)], cwd=empty)
    run(f"pip install {wheel.name}", [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                      "--disable-pip-version-check", str(wheel)], cwd=empty)
    refundsim = venv / "bin" / "refundsim"
    for command in ([], ["certify"], ["serve"], ["selftest"]):
        shown = run(f"refundsim {' '.join(command)} --help".replace("  ", " "), [str(refundsim), *command, "--help"], cwd=empty)
        if not shown.stdout.strip():
            raise CheckFailed(f"refundsim {' '.join(command)} --help printed nothing")
    serve_smoke(refundsim, empty)
    done = run("refundsim certify --profile shopify-from-netsuite (the reference connector)",
               [str(refundsim), "certify", "--profile", "shopify-from-netsuite", "-q"], cwd=empty)
    verdict = json.loads((empty / "reports" / "certification.json").read_text(encoding="utf-8"))
    if verdict["verdict"] != "CERTIFIED":
        raise CheckFailed(f"refundsim certify: {verdict['verdict']}: {verdict['reasons']}")
    report = empty / "reports" / "allure-report" / "index.html"
    if shutil.which("node"):
        if not report.is_file():
            raise CheckFailed(f"refundsim certify rendered no report although Node.js is here:\n{done.stdout[-2000:]}")
        rendered = f"and {report.relative_to(empty)}"
    else:
        if "not rendered: the HTML report needs Node.js" not in done.stdout:
            raise CheckFailed(f"without Node.js, refundsim certify did not say why there is no report:\n{done.stdout[-2000:]}")
        rendered = "(no Node.js here: it said the report was not rendered, and why)"
    print(f"           CERTIFIED: {len(verdict['cases'])} scenarios, reports/certification.json {rendered}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.package_check", description=__doc__.splitlines()[0])
    parser.add_argument("--python", default="python3", help="the interpreter of the fresh environment (default python3)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    # Outside the repository, as a new user's folder is; not inherited: VIRTUAL_ENV of the caller's.
    os.environ.pop("VIRTUAL_ENV", None)
    with tempfile.TemporaryDirectory(prefix="refundsim-package-check-") as scratch:
        print(f"package check in {scratch}:", flush=True)
        try:
            check(args.python, Path(scratch))
        except CheckFailed as exc:
            print(f"PACKAGE CHECK FAILED: {exc}", file=sys.stderr)
            return 1
    print(f"PACKAGE CHECK PASSED in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
