"""Nothing under a report folder holds a tenant's credential: not the raw results (step parameters,
labels, descriptions, attachments, error messages), not the rendered single-file report (whose data
is base64 inside the HTML), not the verdict or the history — after a certification that passes, one
that fails, and one that passes live. Every credential is planted (tests/core/plant_secrets.py) so that a scan
can recognise it anywhere; the scan itself is shown to find a planted value first.

The report never shows Python objects either: a step's parameters are the values its text gave.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.certified import EVERY_SCENARIO, EVERY_SCENARIO_LIVE, Certification, certify

#: The single-file report embeds each of its data files as ``d("<name>","<base64>")``.
_EMBEDDED = re.compile(rb'd\("([^"]+)","([A-Za-z0-9+/=]+)"')
#: What a fixture or a Python object looks like when printed: never a step parameter.
#: What every planted credential starts with (tests/core/plant_secrets.py; not imported here: it would
#: plant this process's credentials too).
MARKER = "PLANTEDSECRET"
_PYTHON_OBJECTS = re.compile(r"object at 0x|FixtureRequest|RetrieveResult\(|StorefrontOrder\(|DrivenConnector")


def texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every file under ``folder``, and of every data file embedded in an HTML report."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        yield str(path.relative_to(folder)), raw.decode("utf-8", "replace")
        if path.suffix == ".html":
            for name, data in _EMBEDDED.findall(raw):
                try:
                    yield f"{path.relative_to(folder)}#{name.decode()}", base64.b64decode(data).decode("utf-8", "replace")
                except (binascii.Error, ValueError):
                    continue


def parameters_without_a_value(results: Path) -> list[str]:
    """'step: parameter' of each parameter in ``results`` (a scenario's, a step's) that has no value:
    allure-python leaves an empty one out of the file, so an empty text a scenario gave (an Examples
    cell, order "") showed as nothing."""
    def walk(steps: list[dict]) -> Iterator[str]:
        for step in steps:
            yield from (f"{step['name']}: {p['name']}" for p in step.get("parameters", []) if "value" not in p)
            yield from walk(step.get("steps", []))
    return [found for path in sorted(results.glob("*-result.json"))
            for result in [json.loads(path.read_text(encoding="utf-8"))]
            for found in walk([result])]


#: What a PEM private key holds, whatever its kind (the tenant's NetSuite M2M key is not planted: it is no
#: text of TenantRegistry.secret, but a key that cryptography makes).
PRIVATE_KEY = "PRIVATE KEY-----"


#: A run of base64 long enough to hold a credential: HTTP Basic's ``base64(key:secret)``.
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,}={0,2}")


def holds_a_secret(text: str) -> bool:
    """A planted credential is in ``text`` as itself (percent-encoding leaves it as it is: letters
    and digits), or base64-encoded (HTTP Basic authentication's ``key:secret``), or a PEM private key is."""
    if MARKER in text or PRIVATE_KEY in text:
        return True
    for run in _BASE64.findall(text):
        try:
            if MARKER.encode() in base64.b64decode(run + "=" * (-len(run) % 4)):
                return True
        except (binascii.Error, ValueError):
            continue
    return False


def secrets_in(folder: Path) -> list[str]:
    return [where for where, text in texts(folder) if holds_a_secret(text)]


#: The three report folders: a passing certification of every scenario in-process and one live (the
#: session's ``every_scenario_certified`` and ``every_scenario_live``: faults, retries, the live
#: journal), and a failing one (a connector that refunds the wrong amount, so failures, tracebacks
#: and messages are in it).
RUNS: dict[str, str | list[str]] = {
    "certified": "every_scenario_certified",
    "not certified": ["--connector=harness.selftest.catalogue:posts_the_wrong_amount", "-k",
                      "refund_to_storefront or resilience or missing_order"],
    "live": "every_scenario_live",
    # A connector that says its credentials in its logs (at DEBUG, into a log file too), its output,
    # its refusal of settings and an exception, as themselves and as HTTP Basic's base64 of a key and
    # its secret, percent-encoded, in an OAuth header (tests/core/leaky_connector.py).
    "not certified, the connector leaking": ["--connector=tests.core.leaky_connector:create_connector", "-k",
                                             "account_settings or (WooCommerce and refund_to_storefront)",
                                             "--log-level=DEBUG", "--log-file={folder}/run.log"],
}


def test_the_scan_finds_a_planted_credential_wherever_it_is(tmp_path: Path) -> None:
    (tmp_path / "attachment.txt").write_text(f"Authorization: Bearer {MARKER}0001abc", encoding="utf-8")
    hidden = base64.b64encode(f'{{"token": "{MARKER}0002"}}'.encode()).decode()
    (tmp_path / "index.html").write_text(f'<script>d("data/x.json","{hidden}")</script>', encoding="utf-8")
    (tmp_path / "key.json").write_text('{"m2m_private_key": "-----BEGIN PRIVATE KEY-----\\nMIGHAgEA"}', encoding="utf-8")
    basic = base64.b64encode(f"ck_{MARKER}0003ab:cs_{MARKER}0004cd".encode()).decode()
    (tmp_path / "run.log").write_text(f"headers {{'Authorization': 'Basic {basic}'}}", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Basic authentication, 2025-01-01T00:00:00Z, abcdefghijklmnopqrstuvwxyz", encoding="utf-8")
    assert secrets_in(tmp_path) == ["attachment.txt", "index.html", "index.html#data/x.json", "key.json", "run.log"]


@pytest.mark.parametrize("run", [
    pytest.param("certified", marks=pytest.mark.runs_the_suite(seconds=3, run=EVERY_SCENARIO)),
    pytest.param("not certified", marks=pytest.mark.runs_the_suite(seconds=20)),
    pytest.param("live", marks=pytest.mark.runs_the_suite(seconds=3, run=EVERY_SCENARIO_LIVE)),
    pytest.param("not certified, the connector leaking", marks=pytest.mark.runs_the_suite(seconds=20)),
])
def test_a_report_folder_holds_no_credential_and_no_python_object(request: pytest.FixtureRequest, tmp_path: Path,
                                                                   run: str) -> None:
    """Every check is made on one certification, in one test: a certification is the costliest thing
    the suite does, and tests of one fixture would each build it again in every xdist worker.

    - The run's tenants had planted credentials (a run with ordinary ones would make the scans below
      prove nothing), and not one of those values is anywhere in its report folder.
    - Nothing shaped like a credential of any tenant is there either (the scan above).
    - Its steps' parameters are the values the scenario wrote, never a Python object.
    """
    shared = RUNS[run]
    if isinstance(shared, str):
        certification: Certification = request.getfixturevalue(shared)
        folder, done = certification.folder, certification.done
    else:
        folder = tmp_path / re.sub(r"\W+", "-", run)
        done = certify(folder, *(arg.format(folder=folder) for arg in shared))
    assert "Report:  " in done.stdout and (folder / "allure-report" / "index.html").exists(), (
        f"{run}: no rendered report\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    assert ("NOT CERTIFIED" in done.stdout) == run.startswith("not certified"), done.stdout[-2000:]

    planted = folder.with_suffix(".planted").read_text(encoding="utf-8").split()
    assert len(planted) >= 7, "every tenant gets at least seven credentials"
    assert all(value.startswith(MARKER) for value in planted)
    # One pattern of every value, each text read once: the runs plant thousands of values in thousands of files.
    anywhere = re.compile("|".join(map(re.escape, sorted(set(planted), key=len, reverse=True))))
    found = [where for where, text in [*texts(folder), ("the console", done.stdout + done.stderr)] if anywhere.search(text)]
    assert not found, f"planted credentials in {found[:5]}"

    found = secrets_in(folder) + (["the console"] if holds_a_secret(done.stdout + done.stderr) else [])
    assert not found, f"tenant credentials in {found}"

    results = folder / "allure-results"
    printed = [where for where, text in texts(results) if where.endswith("-result.json") and _PYTHON_OBJECTS.search(text)]
    assert not printed, f"Python objects in {printed[:5]}"
    empty = parameters_without_a_value(results)
    assert not empty, f"step parameters with no value (Allure shows none, not the empty text written): {empty[:5]}"
