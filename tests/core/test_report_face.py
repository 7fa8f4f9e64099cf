"""The verdict on the report's face, and trends kept per connector and profile: what a person
opening ``reports/allure-report/index.html`` sees first (its name, its variables, its global errors
— the single file embeds each as base64 data), and what happens without Node.js."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "fixtures" / "profiles" / "shopify-from-netsuite.yaml"
FAULTY = "harness.selftest.catalogue:posts_the_wrong_amount"
SELECTION = ["-k", "cash_refund_of_a_paid or retrieved_refund_waits"]
#: The tests of ``two_connectors``: one xdist worker runs them all, so it certifies twice, not four times.
TWO_CONNECTORS = pytest.mark.runs_the_suite(seconds=2, run="two connectors, one report folder")


def certify(report: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness.certify", f"--report={report}", "-q", "-p", "no:cacheprovider",
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


def embedded(report: Path) -> dict[str, Any]:
    """The data files the single-file report embeds, by name (JSON ones decoded), and its options."""
    raw = (report / "allure-report" / "index.html").read_bytes()
    found: dict[str, Any] = {}
    for name, data in re.findall(rb'd\("([^"]+)","([A-Za-z0-9+/=]+)"', raw):
        text = base64.b64decode(data).decode("utf-8", "replace")
        found[name.decode()] = json.loads(text) if name.endswith(b".json") else text
    options = re.search(rb"window\.allureReportOptions = (\{.*?\})\s*</script>", raw, re.DOTALL)
    found["options"] = json.loads(options.group(1)) if options else {}
    return found


@pytest.fixture(scope="module")
def two_connectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A failing certification of a profile with a faulty connector, then one with the reference
    connector, into the same report folder."""
    report = tmp_path_factory.mktemp("report")
    failing = certify(report, f"--profile={PROFILE}", f"--connector={FAULTY}", *SELECTION)
    assert failing.returncode == 1, failing.stdout[-2000:]
    (report / "failing.json").write_text(json.dumps(embedded(report)), encoding="utf-8")
    passing = certify(report, f"--profile={PROFILE}", *SELECTION)
    assert "Report:  " in passing.stdout, passing.stdout[-2000:]
    return report


@TWO_CONNECTORS
def test_the_report_s_name_and_variables_carry_the_verdict(two_connectors: Path) -> None:
    face = json.loads((two_connectors / "failing.json").read_text(encoding="utf-8"))
    assert face["options"]["reportName"].startswith("Refund sync certification: NOT CERTIFIED")
    variables = face["widgets/variables.json"]
    assert variables["Verdict"] == "NOT CERTIFIED" and variables["Connector"] == FAULTY
    assert "shopify-from-netsuite.yaml" in variables["Profile"]
    assert variables["Selection"] == "-k cash_refund_of_a_paid or retrieved_refund_waits"


@TWO_CONNECTORS
def test_each_reason_is_a_global_error_on_the_overview(two_connectors: Path) -> None:
    face = json.loads((two_connectors / "failing.json").read_text(encoding="utf-8"))
    errors = [error["message"] for error in face["widgets/globals.json"]["errors"]]
    assert errors[0].startswith("NOT CERTIFIED: Partial run: 2 of ")
    assert any("A cash refund of a paid Shopify order is posted to Shopify" in e and "Amount differs" in e for e in errors)


@TWO_CONNECTORS
def test_trends_are_kept_per_connector_and_profile(two_connectors: Path) -> None:
    histories = sorted(path.name for path in (two_connectors / "history").iterdir())
    assert histories == [
        "harness.selftest.catalogue-posts_the_wrong_amount--" + _slug(PROFILE) + ".jsonl",
        "simulators.connector.reference-create_connector--" + _slug(PROFILE) + ".jsonl",
    ]
    latest = embedded(two_connectors)
    assert latest["options"]["reportName"].startswith("Refund sync certification: NOT CERTIFIED")  # partial: never certified
    assert "harness.selftest" not in json.dumps({k: v for k, v in latest.items() if k.startswith("data/history")})


def _slug(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(path)).strip("-")


def test_without_node_the_verdict_and_results_are_written_and_it_says_why(tmp_path: Path) -> None:
    bare = tmp_path / "bin"
    bare.mkdir()
    os.symlink(sys.executable, bare / "python3")
    environment = {**os.environ, "PATH": str(bare)}
    assert shutil.which("node", path=str(bare)) is None
    done = certify(tmp_path / "report", *SELECTION, env=environment)
    assert "Report:  none (not rendered: the HTML report needs Node.js 20+" in done.stdout, done.stdout[-2000:]
    assert (tmp_path / "report" / "certification.json").exists()
    assert list((tmp_path / "report" / "allure-results").glob("*-result.json"))



#: (what certification.json holds, or None for no file; the report's name; its variables).
FACES: list[tuple[str | None, str, dict[str, str]]] = [
    (None, "Refund sync certification: no verdict", {}),
    # A run killed while it wrote, a file edited by hand: the report is rendered all the same (Allure
    # stopped on the configuration's exception, and nothing was rendered), its face saying there is no verdict.
    ('{"verdict": "NOT CERT', "Refund sync certification: no verdict", {}),
    ("[]", "Refund sync certification: no verdict", {}),
    ('{"verdict": "PASSED", "reasons": []}', "Refund sync certification: no verdict", {}),
    # What the gate takes as a verdict (reasons, connector left out) is one on the report's face too.
    ('{"verdict": "CERTIFIED"}', "Refund sync certification: CERTIFIED",
     {"Verdict": "CERTIFIED", "Reasons": "none", "Connector": "not named", "Profile": "none: every scenario",
      "Selection": "", "Transport": "", "Seed": ""}),
]


def test_the_report_s_face_is_rendered_whatever_the_verdict_file_holds(tmp_path: Path) -> None:
    """The name and variables harness/report/allurerc.mjs gives the report for each verdict file of
    FACES: the configuration as Allure imports it, without rendering; one Node.js for them all."""
    paths = []
    for number, (content, _, _) in enumerate(FACES):
        paths.append(tmp_path / f"certification-{number}.json")
        if content is not None:
            paths[-1].write_text(content, encoding="utf-8")
    faces = tmp_path / "faces.json"
    # Given by the environment, written to a file: importing the allure package runs its command line,
    # which reads the arguments and prints its help on stdout. The configuration reads the verdict
    # when it is imported: imported again under another URL for each.
    script = """
(async () => {
  const faces = [];
  for (const [number, path] of JSON.parse(process.env.VERDICTS).entries()) {
    process.env.REFUNDSIM_CERTIFICATION = path;
    try {
      const { default: c } = await import(`${process.env.CONFIG}?${number}`);
      faces.push({ name: c.name, variables: c.variables });
    } catch (error) {
      faces.push({ error: String(error) });
    }
  }
  require("fs").writeFileSync(process.env.FACES, JSON.stringify(faces));
})();
"""
    done = subprocess.run([str(shutil.which("node")), "-e", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "VERDICTS": json.dumps([str(p) for p in paths]), "FACES": str(faces),
                               "REFUNDSIM_HISTORY_DIR": str(tmp_path),
                               "CONFIG": (ROOT / "harness" / "report" / "allurerc.mjs").as_uri()})
    assert done.returncode == 0 and faces.exists(), done.stderr[-2000:]
    assert json.loads(faces.read_text(encoding="utf-8")) == [{"name": name, "variables": variables}
                                                               for _, name, variables in FACES]


@TWO_CONNECTORS
def test_a_severity_tag_is_shown_once_as_the_severity(two_connectors: Path) -> None:
    """``@critical`` showed twice on every scenario: as its severity and as a tag (allure-pytest-bdd
    makes a tag of each of the scenario's marks). The severity stays; the other tags stay too."""
    from harness.reporting import SEVERITIES

    results = [json.loads(path.read_text(encoding="utf-8"))
               for path in (two_connectors / "allure-results").glob("*-result.json")]
    assert results
    for result in results:
        labels = [(label["name"], label["value"]) for label in result["labels"]]
        severity = [value for name, value in labels if name == "severity"]
        tags = [value for name, value in labels if name == "tag"]
        assert severity in (["critical"], ["normal"]), (result["name"], labels)
        assert not set(tags) & set(SEVERITIES), (result["name"], tags)
        assert "success" in tags, (result["name"], tags)
