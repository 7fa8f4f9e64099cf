"""bench/suite_bench.py's split of a scenario's CPU: the plugin that measures the CPU inside
requests' calls (bench/scenario_cost.py), and the line that sets it against the floor's parts (the
suite runs it times are a benchmark, not a test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.suite_bench import ROOT, where_the_cpu_goes

#: Two tests: one spends CPU inside a request that makes another while it is answered, one outside
#: any request.
TESTS = '''
import requests
from requests.adapters import BaseAdapter


def busy():
    return sum(i * i for i in range(200_000))


class Busy(BaseAdapter):
    """Answers after busy work; /outer first makes a request of its own (a call made while another
    is answered, as the served connector's are), which must not be counted twice."""

    def __init__(self, session):
        super().__init__()
        self.session = session

    def send(self, request, **kwargs):
        if request.url.endswith("/outer"):
            self.session.get("http://busy.invalid/inner")
        busy()
        response = requests.Response()
        response.status_code, response._content, response.request = 200, b"{}", request
        return response

    def close(self):
        pass


def test_inside_a_request():
    session = requests.Session()
    session.mount("http://busy.invalid/", Busy(session))
    assert session.get("http://busy.invalid/outer").status_code == 200


def test_outside_any_request():
    busy()
'''


def test_the_plugin_counts_the_cpu_inside_the_outermost_request_once_and_none_outside(tmp_path: Path) -> None:
    (tmp_path / "test_costs.py").write_text(TESTS, encoding="utf-8")
    out = tmp_path / "costs.json"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--disable-plugin-autoload", "-p", "pytest_bdd.plugin",
                           "-p", "bench.scenario_cost", "-c", os.devnull, f"--rootdir={tmp_path}", str(tmp_path)],
                          cwd=ROOT, env={**os.environ, "REFUNDSIM_BENCH_COSTS": str(out)}, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    costs = {node.rsplit("::", 1)[1]: cost for node, cost in json.loads(out.read_text(encoding="utf-8")).items()}

    inside, outside = costs["test_inside_a_request"], costs["test_outside_any_request"]
    assert inside["calls"] == 2 and outside["calls"] == 0
    assert 0 < inside["request_cpu"] <= inside["cpu"]
    assert inside["request_cpu"] > inside["cpu"] / 2  # both busy works are inside, each counted once
    assert outside["request_cpu"] == 0 and outside["cpu"] > 0


def test_the_split_line_sets_each_part_against_its_part_of_the_floor() -> None:
    runs = [
        {"a": {"cpu": 0.050, "request_cpu": 0.040, "calls": 40, "steps": 10},
         "b": {"cpu": 0.030, "request_cpu": 0.020, "calls": 20, "steps": 10}},
        {"a": {"cpu": 0.045, "request_cpu": 0.030, "calls": 40, "steps": 10},  # a's best run: the one of least CPU
         "b": {"cpu": 0.031, "request_cpu": 0.001, "calls": 20, "steps": 10}},
    ]
    line = where_the_cpu_goes(runs, bdd=(0.001, 0.0001), call_cpu=0.0005)
    # a: 30 ms in 40 requests (750 µs), 15 ms outside; b: 20 ms in 20 (1000 µs), 10 ms outside.
    assert "in its requests  25.0 ms (875 µs a request, 1.75x the GET of the floor)" in line
    assert "outside them  12.5 ms (6.2x pytest-bdd's own 2.0 ms" in line
