"""Which scenarios run on a storefront they have no row for: every Scenario Outline, and every plain
scenario of one storefront, is run once with each storefront of its direction it lacks, with the
connector under test; prints a table.

    make parity                                                       # every copy (~6 s on two cores)
    .venv/bin/python -m bench.parity --storefront ebay --feature refund_to_netsuite
    .venv/bin/python -m bench.parity --connector harness.selftest.catalogue:keeps_cart_orders_once_read
    .venv/bin/python -m bench.parity --keep .parity-copies            # leave the copies, to read and run

The mutation score mutates the reference connector, whose code is shared between storefronts, so it
cannot tell whether the suite refuses a connector that is right on Shopify and wrong on eBay or
Magento. This probe finds where that can hide: a scenario that leaves a storefront out. For an
outline, one of its Examples blocks (another cart's for a cart, else Shopify's) is copied with the
missing storefront's name put in its cells — ``Shopify`` → ``eBay``, ``a Shopify`` → ``an eBay`` —
and tagged with it; a plain scenario of one storefront is copied whole, its name put in throughout.
The copies run in a scratch directory beside features/ (the suite's conftest copied in), never in
features/ itself.

With the reference connector a copy that **passes** is a candidate row: the scenario's behaviour holds
on that storefront, and only a connector faulty there alone can tell whether the suite needs the row
(README, "The storefronts"). Plug such a connector (``--connector``): it should fail the copy, and
pass the suite without it; then the row belongs in the feature file, and the faulty connector in the
self-test's catalogue (``harness/selftest/catalogue.py``, its last section). A copy that **fails**
with the reference connector says why in the scenario's words: a step that does not take the
storefront (its vendor has no such thing), or an expectation that is another storefront's.

Directions: a scenario tagged ``@to_storefront`` runs on Shopify, Magento and WooCommerce; one tagged
``@to_netsuite`` on Shopify and eBay; any other on all four. Exit status 0 unless pytest could not run.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.feature import get_features

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "features"
#: Each storefront's tag and its name in a scenario's words.
NAMES = {"shopify": "Shopify", "ebay": "eBay", "magento": "Magento", "woocommerce": "WooCommerce"}
#: Where each direction's refunds can go (README, "The storefronts").
DIRECTIONS = {"to_storefront": ("shopify", "magento", "woocommerce"), "to_netsuite": ("shopify", "ebay")}
#: The block copied for a missing storefront, first found first: a cart's twin for a cart.
SOURCES = {"shopify": ("magento", "woocommerce", "ebay"), "ebay": ("shopify", "magento", "woocommerce"),
           "magento": ("woocommerce", "shopify", "ebay"), "woocommerce": ("magento", "shopify", "ebay")}


@dataclass
class Copy:
    """One scenario run on a storefront it lacked: where it came from, and its scratch text."""

    feature: str  # the feature file's name
    scenario: str  # its title as written (an outline's with its placeholders)
    storefront: str
    source: str  # the storefront copied from
    text: str  # the outline with the copied block alone, or the plain scenario retargeted
    line: int = 0  # the scenario's line in the scratch file
    passed: int = 0
    failed: int = 0
    why: str = ""


def _article(name: str) -> str:
    return "an" if name[0].lower() in "aeiou" else "a"


def retarget(text: str, source: str, target: str) -> str:
    """``text`` (an Examples block, or a whole scenario) with storefront ``source``'s name and tag made ``target``'s, and
    the article before the name made the new name's (``a Shopify`` → ``an eBay``)."""
    old, new = NAMES[source], NAMES[target]
    text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    text = re.sub(rf"@{source}\b", f"@{target}", text)
    text = re.sub(rf"(?<![\w@]){source}\b", target, text)  # a storefront's key in a cell (a setting's value)
    return re.sub(rf"\b([Aa])n? (?={re.escape(new)}\b)",
                  lambda m: (_article(new).capitalize() if m.group(1) == "A" else _article(new)) + " ", text)


def _tagged(lines: list[str], line_number: int) -> int:
    """The 0-based line where what has its keyword on 1-based ``line_number`` starts: its tags above."""
    start = line_number - 1
    while start > 0 and lines[start - 1].strip().startswith("@"):
        start -= 1
    return start


def _block(lines: list[str], examples_line: int) -> tuple[int, int]:
    """The 0-based [start, end) of the Examples block whose keyword is on 1-based ``examples_line``:
    its tags above it, its table below it."""
    start = _tagged(lines, examples_line)
    end = examples_line
    while end < len(lines) and lines[end].strip().startswith(("|", "#")):
        end += 1
    return start, end


def copies(storefronts: list[str], features: list[str]) -> tuple[dict[str, str], list[Copy]]:
    """Each feature file's header (up to its first scenario: tags, description, Background), and a
    copy of every outline and plain scenario of one storefront for each of ``storefronts`` it lacks."""
    headers, found = {}, []
    for feature in sorted(get_features([str(FEATURES)]), key=lambda f: f.filename):
        path = Path(feature.filename)
        if features and path.stem not in features:
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        templates = sorted(feature.scenarios.values(), key=lambda t: t.line_number)
        if not templates:
            continue
        # A storefront's tag on the feature is left out: each copy carries its own storefront's.
        header = lines[:_tagged(lines, templates[0].line_number or 1)]
        keyword = next(i for i, line in enumerate(header) if line.lstrip().startswith("Feature:"))
        for i in range(keyword):
            header[i] = re.sub(rf"\s*@({'|'.join(NAMES)})\b", "", header[i]) if header[i].lstrip().startswith("@") else header[i]
        headers[path.name] = "".join(header)
        starts = [_tagged(lines, t.line_number or 1) for t in templates] + [len(lines)]
        for template, start, after in zip(templates, starts[:-1], starts[1:], strict=True):
            tags = set(template.tags) | set(feature.tags)
            allowed = next((stores for direction, stores in DIRECTIONS.items() if direction in tags), tuple(NAMES))
            if not template.examples:  # a plain scenario of one storefront: the whole of it, its name put in
                own = tags & set(NAMES)
                end = after
                while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                    end -= 1
                for storefront in storefronts:
                    if len(own) != 1 or storefront in own or storefront not in allowed:
                        continue
                    [source] = own
                    text = retarget("".join(lines[start:end]), source, storefront).rstrip("\n") + "\n"
                    if source not in template.tags:  # the feature's tag: the scratch header drops it
                        text = f"  @{storefront}\n{text}"
                    found.append(Copy(path.name, template.name, storefront, source, text))
                continue
            blocks = {tag: examples for examples in template.examples for tag in examples.tags if tag in NAMES}
            body_end = _block(lines, min(e.line_number or 0 for e in template.examples))[0]
            outline = "".join(lines[start:body_end]).rstrip("\n") + "\n\n"
            for storefront in storefronts:
                if storefront in blocks or storefront not in allowed or not blocks:
                    continue
                source = next(s for s in SOURCES[storefront] if s in blocks)
                block_start, block_end = _block(lines, blocks[source].line_number or 0)
                block = retarget("".join(lines[block_start:block_end]), source, storefront)
                found.append(Copy(path.name, template.name, storefront, source, outline + block.rstrip("\n") + "\n"))
    return headers, found


def run(found: list[Copy], headers: dict[str, str], connector: str | None, workers: int,
        keep: Path | None = None) -> int:
    """Run every copy and record each copy's outcome; pytest's exit code. The copies are written one
    file per feature file and storefront (a plain scenario's with the feature's Background speaking of
    its storefront too) to a scratch directory beside features/, removed after the run — or to
    ``keep``, left there to read and run again (``pytest <keep>``)."""
    scratch = Path(tempfile.mkdtemp(prefix=".parity-", dir=ROOT)) if keep is None else keep
    try:
        scratch.mkdir(parents=True, exist_ok=True)
        shutil.copy(FEATURES / "conftest.py", scratch / "conftest.py")
        by_file: dict[str, list[Copy]] = {}
        for copy in found:
            plain = "" if "Examples:" in copy.text else f"__from_{copy.source}"
            by_file.setdefault(f"{Path(copy.feature).stem}__{copy.storefront}{plain}.feature", []).append(copy)
        for name, group in by_file.items():
            first = group[0]
            text = headers[first.feature]
            if "__from_" in name:  # a Background of the storefront copied from ("Given an eBay connector account ...")
                text = retarget(text, first.source, first.storefront)
            for copy in group:
                copy.line = text.count("\n") + 1 + next(i for i, line in enumerate(copy.text.splitlines())
                                                        if line.strip().startswith("Scenario"))
                text += copy.text + "\n"
            (scratch / name).write_text(text, encoding="utf-8")
        report = scratch / "certification.json"
        command = [sys.executable, "-m", "pytest", str(scratch), "-q", "-p", "no:cacheprovider", "--no-header",
                   f"--alluredir={scratch / 'allure'}", f"--certification-report={report}"]
        command += ["-n", str(workers)] if workers > 1 else []
        command += [f"--connector={connector}"] if connector else []
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if not report.exists():
            print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
            return done.returncode or 3
        result = json.loads(report.read_text(encoding="utf-8"))
        why: dict[tuple[str, int], str] = {}
        for reason in result["reasons"]:
            hit = re.search(r"\((?:[^()]*/)?([^/()]+\.feature):(\d+)\) failed: (.*)", reason)
            if hit:
                why.setdefault((hit.group(1), int(hit.group(2))), hit.group(3))
        index = {(name, copy.line): copy for name, group in by_file.items() for copy in group}
        for case in result["cases"]:
            key = (Path(case["file"]).name, case["line"])
            if key not in index:
                continue
            copy = index[key]
            if case["outcome"] == "passed":
                copy.passed += 1
            else:
                copy.failed += 1
                copy.why = copy.why or why.get(key, case["outcome"])
        return done.returncode
    finally:
        if keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storefront", action="append", choices=list(NAMES),
                        help="only this storefront's copies (repeatable; default: every storefront)")
    parser.add_argument("--feature", action="append", default=[], help="only this feature file (its stem; repeatable)")
    parser.add_argument("--connector", help="the connector under test, as pytest's --connector (default: the reference)")
    parser.add_argument("-n", "--workers", type=int, default=2, help="pytest-xdist workers (default 2)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the copies to DIR (inside the project, for its conftest) and leave them there")
    args = parser.parse_args(argv)
    headers, found = copies(args.storefront or list(NAMES), args.feature)
    if not found:
        print("Every scenario runs on each storefront of its direction that was asked for.")
        return 0
    code = run(found, headers, args.connector, args.workers, args.keep)
    if code not in (0, 1):
        return code
    print(f"\nScenarios run on a storefront they have no row for ({args.connector or 'the reference connector'}):\n")
    width = min(max(len(c.scenario) for c in found), 90)
    print(f"{'storefront':<12} {'feature':<28} {'scenario (as written)'.ljust(width)}  result")
    print("-" * (12 + 1 + 28 + 1 + width + 2 + 40))
    for copy in sorted(found, key=lambda c: (c.storefront, c.feature, c.scenario)):
        title = copy.scenario if len(copy.scenario) <= width else copy.scenario[:width - 1] + "…"
        if not copy.passed + copy.failed:
            result = "not run (deselected or not collected)"
        elif copy.failed:
            result = f"FAILS {copy.failed}/{copy.passed + copy.failed}: {copy.why[:160]}"
        else:
            result = f"passes {copy.passed}/{copy.passed}"
        print(f"{NAMES[copy.storefront]:<12} {copy.feature:<28} {title.ljust(width)}  {result}")
    passing = sum(1 for c in found if c.passed and not c.failed)
    print(f"\n{len(found)} cop{'y' if len(found) == 1 else 'ies'}: {passing} pass, {sum(1 for c in found if c.failed)} fail. "
          "A copy that passes with the reference connector is a candidate row (see the module's doc).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
