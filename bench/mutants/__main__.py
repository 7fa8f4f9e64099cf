"""``python -m bench.mutants`` (``make mutants``): mutation testing of the reference connector
against the feature suite.

Makes every mutant of ``simulators/connector/{reference,storefronts,models,schemas}.py`` (the operators are in
:mod:`bench.mutants.mutate`), runs the scenarios that execute each one against it, in memory (no
file is changed), and prints the score — killed / (total − equivalent) — and every survivor.
Writes every mutant's result to ``reports/mutants.json``.

Exit status: 0 when the score reaches ``--target`` (95%), 1 below it, 2 when the run could not
give a score (the original code fails a scenario, a worker could not start or broke isolation,
bad arguments). Arguments after ``--`` go to pytest (``-- -k refund_actions``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

from .equivalents import EquivalentsError
from .mutate import OPERATORS, Mutant, Target, generate
from .run import TOOL_ROOT, Config, Report, Result, RunError, run, select
from . import equivalents

ROOT = TOOL_ROOT
#: The code under mutation: the reference connector, its storefront adapters (how it reads an
#: order and posts a refund on each storefront), its book of orders and Other Transactions, and
#: its settings (their defaults are the retry count and the schedule; their validation decides
#: which activations can be saved).
TARGETS = [Target(f"simulators.connector.{name}", ROOT / "simulators" / "connector" / f"{name}.py")
           for name in ("reference", "storefronts", "models", "schemas")]
EQUIVALENTS = Path(__file__).resolve().with_name("equivalents.toml")
TARGET_SCORE = 95.0
#: Scenario names are shown without the module they are bound in.
SHOWN_SCENARIOS = 4


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    pytest_args: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, pytest_args = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(prog="python -m bench.mutants", description=__doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="list the mutants (after the filters below) and exit")
    parser.add_argument("--file", action="append", default=[], metavar="NAME",
                        help="only the mutants of this file, e.g. reference.py (repeatable)")
    parser.add_argument("--function", action="append", default=[], metavar="QUALNAME",
                        help="only the mutants in this function or class, e.g. ReferenceConnector._call (repeatable)")
    parser.add_argument("--id", action="append", default=[], metavar="ID", help="only this mutant (repeatable)")
    parser.add_argument("--operator", action="append", default=[], choices=OPERATORS, help="only this operator (repeatable)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="worker processes (default: one per core)")
    parser.add_argument("--target", type=float, default=TARGET_SCORE, help="score (%%) below which the exit status is 1")
    parser.add_argument("--time-limit", type=float, default=5.0, metavar="SECONDS",
                        help="a scenario's time limit is this plus --time-factor times its unmutated time (default 5)")
    parser.add_argument("--time-factor", type=float, default=10.0, help="see --time-limit (default 10)")
    parser.add_argument("--json", type=Path, default=ROOT / "reports" / "mutants.json", help="where to write the results")
    return parser.parse_args(argv), pytest_args


def main(argv: list[str]) -> int:
    args, pytest_args = parse_args(argv)
    config = Config(
        targets=TARGETS, cwd=ROOT, equivalents=EQUIVALENTS, workers=args.workers, time_limit=args.time_limit,
        time_factor=args.time_factor,
        # -p no:cacheprovider: these runs must not become the "last failed" of the user's next `pytest --lf`.
        pytest_args=["features/", "-q", "-p", "no:cacheprovider", *pytest_args],
        worker_args=lambda scratch: [f"--alluredir={scratch}/allure", f"--certification-report={scratch}/certification.json"],
        files=tuple(args.file), functions=tuple(args.function), ids=tuple(args.id), operators=tuple(args.operator),
    )
    try:
        if args.list:
            return list_mutants(config)
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        report = run(config, progress=lambda line: print(f"  {line}", file=sys.stderr, flush=True))
    except (RunError, EquivalentsError) as exc:
        print(f"MUTATION TESTING NOT DONE: {exc}", file=sys.stderr)
        return 2
    print_report(report, config, args.target)
    write_json(args.json, report, config, args.target, started, argv)
    score = report.score
    return 0 if score is not None and score * 100 >= args.target else 1


def list_mutants(config: Config) -> int:
    every = [m for module in generate(config.targets).values() for m in module.mutants]
    matched, stale = equivalents.match(equivalents.load(config.equivalents), every)
    chosen = select(every, config)
    for mutant in chosen:
        mark = "  (equivalent)" if mutant.id in matched else ""
        print(f"{mutant.id}  {_where(mutant)}{mark}\n    - {mutant.original}\n    + {mutant.mutated}")
    print(f"\n{len(chosen)} mutants", Counter(m.operator for m in chosen).most_common())
    _print_stale(stale)
    return 0


def _where(mutant: Mutant) -> str:
    return f"{os.path.relpath(mutant.target.path, ROOT)}:{mutant.line}"


def _scenario(nodeid: str) -> str:
    return nodeid.rpartition("::")[2]


def print_report(report: Report, config: Config, target: float) -> None:
    results = report.results
    print()
    print(f"Mutation testing of {', '.join(os.path.relpath(t.path, ROOT) for t in config.targets)}")
    print(f"against {' '.join(config.pytest_args)} ({report.scenarios} scenarios, {report.workers} workers)")
    print()
    header = f"{'operator':<12} {'mutants':>8} {'killed':>8} {'survived':>9} {'equivalent':>11}"
    print(header)
    print("-" * len(header))
    for operator in [*OPERATORS, "all"]:
        rows = [r for r in results if operator in ("all", r.mutant.operator)]
        if not rows:
            continue
        counts = Counter(r.status for r in rows)
        if operator == "all":
            print("-" * len(header))
        print(f"{operator:<12} {len(rows):>8} {counts['killed']:>8} {counts['survived']:>9} {counts['equivalent']:>11}")
    print()
    not_run = sum(1 for r in results if r.status == "survived" and not r.selected)
    print(f"killed      {report.count('killed'):>5}  (failure {report.count('killed', 'failure')}, "
          f"timeout {report.count('killed', 'timeout')}, error {report.count('killed', 'error')})")
    print(f"survived    {report.count('survived'):>5}" + (f"  ({not_run} executed by no scenario)" if not_run else ""))
    print(f"equivalent  {report.count('equivalent'):>5}  ({os.path.relpath(config.equivalents, ROOT)})")
    score = report.score
    if score is None:
        print("score       none: no mutant counts")
    else:
        verdict = "MET" if score * 100 >= target else "NOT MET"
        print(f"score       {score:.1%} = {report.count('killed')} / ({len(results)} - {report.count('equivalent')})"
              f"   target {target:g}%: {verdict}")
    s = report.seconds
    print(f"time        {_duration(s['total'])} (start-up {s['start-up']:.1f} s, baseline {s['baseline']:.1f} s, "
          f"mutants {_duration(s['mutants'])}, final isolation check {s['final check']:.1f} s); "
          f"{report.scenario_runs} scenario runs")
    survivors = [r for r in results if r.status == "survived"]
    if survivors:
        print(f"\nSurvivors ({len(survivors)}):")
        for result in survivors:
            _print_survivor(result)
    for warning in report.warnings:
        print(f"\nWARNING: {warning}")
    _print_stale(report.stale)


def _print_survivor(result: Result) -> None:
    mutant = result.mutant
    print(f"\n  {mutant.id}  {_where(mutant)}")
    print(f"    - {mutant.source_line}")
    print(f"    + {mutant.mutated_line}")
    if not result.selected:
        print("    no scenario executes this code")
        return
    names = [_scenario(n) for n in result.ran]
    more = f" (+{len(names) - SHOWN_SCENARIOS} more)" if len(names) > SHOWN_SCENARIOS else ""
    print(f"    ran {len(names)} scenario(s): {'; '.join(names[:SHOWN_SCENARIOS])}{more}")


def _print_stale(stale: list[str]) -> None:
    if stale:
        print(f"\nSTALE ENTRIES in {os.path.relpath(EQUIVALENTS, ROOT)} ({len(stale)}):")
        for line in stale:
            print(f"  {line}")


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{seconds:.1f} s"


def write_json(path: Path, report: Report, config: Config, target: float, started: str, argv: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    score = report.score
    path.write_text(json.dumps({
        "command": " ".join(["python -m bench.mutants", *argv]),
        "started": started,
        "targets": [os.path.relpath(t.path, ROOT) for t in config.targets],
        "pytest_args": config.pytest_args,
        "scenarios": report.scenarios,
        "workers": report.workers,
        "seconds": {k: round(v, 2) for k, v in report.seconds.items()},
        "scenario_runs": report.scenario_runs,
        "totals": {
            "mutants": len(report.results), "killed": report.count("killed"),
            "killed_by": {how: report.count("killed", how) for how in ("failure", "timeout", "error")},
            "survived": report.count("survived"), "equivalent": report.count("equivalent"),
        },
        "score": None if score is None else round(score * 100, 2),
        "target": target,
        "met": score is not None and score * 100 >= target,
        "stale_equivalents": report.stale,
        "warnings": report.warnings,
        "mutants": [{**r.as_dict(), "file": os.path.relpath(r.mutant.target.path, ROOT)} for r in report.results],
    }, indent=1), encoding="utf-8")
    print(f"\nresults     {os.path.relpath(path, ROOT) if path.is_absolute() else path}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
