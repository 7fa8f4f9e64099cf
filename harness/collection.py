"""A ``.feature`` file is a pytest module: ``pytest features/refund_actions.feature`` runs its
scenarios, ``pytest features/`` runs them all, and each scenario's id names its file
(``features/refund_actions.feature::test_...``), so ``--lf``, ``-k <file stem>``, ``-n`` and the
report all see scenarios by the file a QA wrote them in. No Python module is needed to bind them.

A pytest plugin (harness/plugin.py loads it); the steps it finds are the
suite's own (steps/), loaded for every scenario whatever folder its file is in.
"""

from __future__ import annotations

import difflib
import importlib
import json
import os
import re
import types
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.exceptions import GherkinParseError
from pytest_bdd.feature import get_features
from pytest_bdd.gherkin_parser import get_gherkin_document
from pytest_bdd.parser import render_string
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

#: What runs inside each feature file's module: pytest-bdd binds every scenario of the file to a
#: test function in the module that calls it (the caller's namespace is the module's).
_BIND = "from pytest_bdd import scenarios\nscenarios(__file__)\n"


class FeatureFile(pytest.Module):
    """A ``.feature`` file collected as the module of its scenarios."""

    def _getobj(self) -> types.ModuleType:
        problems = feature_problems(self.path, self.config)
        if problems:  # said at its line, in the feature's words, not as pytest-bdd's or pytest's traceback
            raise self.CollectError("\n".join(problems))
        return _bound(self.path)


def _bound(path: Path) -> types.ModuleType:
    """The module of the feature file at ``path``: each of its scenarios bound to a test function
    by pytest-bdd, under the name pytest knows it by (``test_<title>``, made unique in the module)."""
    module = types.ModuleType(path.stem)
    module.__file__ = str(path)
    exec(compile(_BIND, str(path), "exec"), module.__dict__)  # noqa: S102 - our own fixed code
    return module


class UnreadableFeature(Exception):
    """A feature file pytest-bdd cannot read: what is wrong, in the feature's words, and the line
    (None when it is the whole file's)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


#: Gherkin's parser names what it expected by its tokens (``#TagLine``): said as a QA writes them.
_GHERKIN_TOKENS = {"EOF": "the end of the file", "Language": "a '# language:' line", "TagLine": "a tag",
                   "FeatureLine": "'Feature:'", "RuleLine": "'Rule:'", "BackgroundLine": "'Background:'",
                   "ScenarioLine": "'Scenario:' or 'Scenario Outline:'", "ExamplesLine": "'Examples:'",
                   "StepLine": "a step", "DocStringSeparator": "a doc string's quotes", "TableRow": "a table row",
                   "Comment": "a comment", "Empty": "an empty line", "Other": "text"}


def _gherkin_tokens(tokens: str) -> str:
    """``#TagLine, #RuleLine, #Empty`` as words: ``a tag, 'Rule:' or an empty line``."""
    words = list(dict.fromkeys(_GHERKIN_TOKENS.get(token, token) for token in re.findall(r"#(\w+)", tokens)))
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def read_feature(path: Path) -> Any:
    """The feature file at ``path`` as pytest-bdd reads it (its ``Feature``, kept by pytest-bdd for
    the collection to use again).

    :raise UnreadableFeature: not UTF-8 text, no feature in it (empty, comments only), or Gherkin
        it cannot read — where pytest-bdd would raise UnicodeDecodeError, KeyError or its own
        GherkinParseError, tracebacks a QA cannot act on."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFeature(f"not UTF-8 text (at byte {exc.start}): save the file as UTF-8",
                                data[:exc.start].count(b"\n") + 1) from None
    try:
        (feature,) = get_features([str(path)])
    except GherkinParseError as exc:  # said in Gherkin's words, without pytest-bdd's prefix
        problem = " ".join(str(exc.message).replace("Unknown parsing error: Parser errors:", "").split())
        problem = re.sub(r"^\(\d+:\d+\):\s*", "", problem)
        problem = re.sub(r"expected: ((?:#\w+(?:, )?)+)", lambda found: "expected " + _gherkin_tokens(found[1]), problem)
        if problem.startswith("unexpected end of file") and "a tag" in problem:
            problem += (" (a tag tags the Scenario, Scenario Outline, Examples or Rule under it: write one under it, or "
                        "remove the tag)")
        content, line = str(exc.line_content or "").strip(), exc.line
        if problem.startswith("unexpected end of file"):  # Gherkin points past the last line: point at it
            written = data.decode("utf-8").splitlines()
            line = max((number for number, text in enumerate(written, 1) if text.strip()), default=line)
            content = written[line - 1].strip() if written else ""
        raise UnreadableFeature(f"the feature cannot be read: {problem}" + (f" (the line: '{content}')" if content else ""),
                                line) from None
    except KeyError as exc:  # pytest-bdd's reading of a Gherkin document that has no feature
        if exc.args != ("feature",):
            raise
        raise UnreadableFeature("no feature in this file: it starts with 'Feature:' and a title, then its scenarios",
                                None) from None
    return feature


def shown(path: Path, config: pytest.Config) -> str:
    """A file as the harness's messages name it: from the project's root when it is inside."""
    root = config.rootpath
    return str(path.relative_to(root) if path.is_relative_to(root) else path)


def registered_tags(config: pytest.Config) -> list[str]:
    """The tags registered with pytest (its ``markers`` ini lines, ``name(args): meaning``), sorted."""
    return sorted({marker.split(":")[0].split("(")[0].strip() for marker in config.getini("markers")})


def nearest_tag(config: pytest.Config, tag: str) -> list[str]:
    """The registered tag nearest ``tag`` (a typo's), as a list of none or one."""
    return difflib.get_close_matches(tag, registered_tags(config), 1)


def strict_tags(config: pytest.Config) -> bool:
    """Whether pytest refuses a tag (a marker) that is not registered, as its own reader of marks
    decides it (``--strict-markers``, the ``strict_markers`` or ``strict`` ini option)."""
    strict = config.getini("strict_markers")
    return bool(config.getini("strict") if strict is None else strict)


def feature_problems(path: Path, config: pytest.Config) -> list[str]:
    """Why the collection of the feature file at ``path`` fails, each ``<file>:<line>: <what is wrong>``
    with what to write instead (empty: it is collected): Gherkin cannot read it, it has no scenario,
    or (pytest refusing unknown marks) a tag of it is not registered.

    One reader for the collection (:class:`FeatureFile`) and for the check made before a run
    clears the earlier verdict (:func:`refuse_unreadable_features`), so the two cannot differ."""
    name = shown(path, config)
    try:
        feature = read_feature(path)
    except UnreadableFeature as exc:
        return [f"{name}{'' if exc.line is None else f':{exc.line}'}: {exc}"]
    if not feature.scenarios:
        return [f"{name}: no scenario in this file: each starts with 'Scenario:' or 'Scenario Outline:' (a keyword "
                "misspelt reads as description)"]
    problems = [f"{name}:{line}: the scenario title '{title}' is the title of line {first} too: give each scenario of "
                "a file a title of its own (pytest-bdd knows them by their titles, and would run only the last)"
                for title, line, first in _titles_written_twice(path)]
    problems += [f"{name}:{line}: the Examples column \"{column}\" is used by no step of the scenario '{title}' nor its "
                 f"title: write <{column}> where the scenario uses it, or remove the column"
                 for title, column, line in _columns_unused(feature, path)]
    if not strict_tags(config):
        return problems
    tags = set(feature.tags)
    for template in feature.scenarios.values():
        tags |= template.tags | (template.rule.tags if template.rule is not None else set())
        tags.update(*(examples.tags for examples in template.examples))
    text = path.read_text(encoding="utf-8").splitlines()
    unknown = {tag: [number for number, line in enumerate(text, 1)
                     if line.strip().startswith("@") and f"@{tag}" in line.split("#")[0].split()]
               for tag in tags - set(registered_tags(config))}
    return problems + [_unknown_tag(name, tag, lines, config)
                       for tag, lines in sorted(unknown.items(), key=lambda found: (found[1][:1], found[0]))]


def _columns_unused(feature: Any, path: Path) -> list[tuple[str, str, int]]:
    """Each Examples column of the file's outlines that no ``<placeholder>`` of the outline uses (in
    its title, its steps, their tables and doc strings): (the outline's title, the column, the line
    of the Examples' header). Its values are never read, so the scenario would pass as if it had
    checked them. An outline with a placeholder no column of the block fills is left to its step,
    whose failure names the placeholder and the columns (a name misspelt on one side)."""
    text = path.read_text(encoding="utf-8").splitlines()
    unused: list[tuple[str, str, int]] = []
    for template in feature.scenarios.values():
        if not template.templated:
            continue
        written = [template.name]
        for step in template._steps:
            written.append(step.name)
            if step.datatable is not None:
                written += [cell.value for row in step.datatable.rows for cell in row.cells]
            if step.docstring:
                written.append(step.docstring)
        used = set(re.findall(r"<([^<>]+)>", "\n".join(written)))
        for examples in template.examples:
            header = next((number for number, line in enumerate(text, 1)
                           if number > examples.line_number and line.strip().startswith("|")), examples.line_number)
            if used - set(examples.example_params):  # a placeholder misspelt: said at its step, with the columns
                continue
            unused += [(template.name, column, header) for column in examples.example_params if column not in used]
    return unused


def _titles_written_twice(path: Path) -> list[tuple[str, int, int]]:
    """Each scenario of the feature file (its rules' included) whose title an earlier one has:
    (title, its line, the earlier one's line). pytest-bdd keeps a file's scenarios by title, the
    last of one title only, so the others would never run and nothing would say so."""
    seen: dict[str, int] = {}
    twice: list[tuple[str, int, int]] = []

    def visit(children: list[Any]) -> None:
        for child in children:
            if child.rule is not None:
                visit(child.rule.children)
            elif child.scenario is not None:
                title, line = child.scenario.name, child.scenario.location.line
                if title in seen:
                    twice.append((title, line, seen[title]))
                else:
                    seen[title] = line

    visit(get_gherkin_document(str(path)).feature.children)
    return twice


def _unknown_tag(name: str, tag: str, lines: list[int], config: pytest.Config) -> str:
    """A tag that is not registered, said in the feature's words: where it is (the ``lines`` of
    the file ``name`` that hold it), the registered tag it is nearest, and where the tags are
    listed and a new one is registered."""
    nearest = "".join(f" (did you mean @{close}?)" for close in nearest_tag(config, tag))
    also = f" (also at line {', '.join(map(str, lines[1:]))})" if len(lines) > 1 else ""
    return (f"{name}:{lines[0] if lines else '?'}: unknown tag @{tag}{nearest}{also}. The tags are listed in "
            "docs/steps.md (Tags); a new one is registered in harness/plugin.py, under TAGS")


def feature_files(config: pytest.Config) -> list[Path]:
    """The feature files a run's collection reaches: each argument that is one (a node id's file
    included), and those under each argument that is a folder but for what the collection leaves
    out there (``--ignore``, ``--ignore-glob``, ``collect_ignore``, ``norecursedirs``, virtualenvs:
    pytest's own ``pytest_ignore_collect`` says)."""
    found: dict[Path, None] = {}

    def walk(folder: Path) -> None:
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            return  # the collection says what is wrong with it
        for entry in entries:
            if config.hook.pytest_ignore_collect(collection_path=entry, config=config):
                continue
            if entry.is_dir():
                walk(entry)
            elif entry.suffix == ".feature" and entry.is_file():
                found[entry] = None

    for arg in config.args:
        path = _argument_path(config, arg)
        if path.is_dir():
            walk(path)
        elif path.suffix == ".feature" and path.is_file():
            found[path] = None
    return list(found)


def _argument_path(config: pytest.Config, arg: str) -> Path:
    """The file or folder a path argument names, as pytest reads it: from the folder pytest was
    started in, without its ``::`` parts and ``[...]`` parametrization."""
    return Path(os.path.abspath(config.invocation_params.dir / arg.partition("[")[0].split("::")[0]))


def refuse_unreadable_features(config: pytest.Config) -> None:
    """Refuse the run, before it starts, when the collection would fail on a path it is given that
    is not there (a mistyped feature file, a scenario's node id given in another folder) or on a
    feature file (outside the project's folder, a tag that is not registered, Gherkin it cannot
    read, no scenario, a title twice):
    found at collection, it would fail the run after the earlier verdict and results were cleared,
    which a run refused before any scenario ran leaves as they were (docs/ci.md: exit code 4).
    With ``-n``, the workers collect and the controller does not: it reads them here, before they start.

    :raise pytest.UsageError: pytest's own "file or directory not found", or every problem of the
        feature files, each at its file and line."""
    if not config.option.pyargs:  # --pyargs: pytest looks the arguments up as modules too
        for arg in config.args:
            if not _argument_path(config, arg).exists():
                raise pytest.UsageError(f"file or directory not found: {arg}")
    files = feature_files(config)
    # allure-pytest-bdd names a feature by its path below the rootdir, and raises ValueError in every
    # scenario of a file outside it: said once, here, with where the file goes instead.
    problems = [f"{path}: outside the project's folder ({config.rootpath}): a feature file runs from inside it; "
                f"put it under {config.rootpath / 'features'}" for path in files if not path.is_relative_to(config.rootpath)]
    problems += [problem for path in files for problem in feature_problems(path, config)]
    if problems:
        raise pytest.UsageError("\n".join(problems))
    for arg in config.args:  # a scenario's node id (a replay line): its test, as pytest-bdd names it
        base, bracket, example = arg.partition("[")
        path, (_, *parts) = _argument_path(config, arg), base.split("::")
        if path.suffix != ".feature" or not parts or config.option.pyargs:
            continue
        tests = {name: template for name, value in vars(_bound(path)).items()
                 if (template := registry_get_safe(scenario_wrapper_template_registry, value)) is not None}
        name = shown(path, config)
        if parts[0] not in tests:
            raise pytest.UsageError(f"not found: {name}::{'::'.join(parts)}: {name} has no scenario {parts[0]} "
                                    f"(`pytest {name} --collect-only -q` lists its scenarios)")
        given = example.removesuffix("]")
        examples = ["-".join(row.values()) for block in tests[parts[0]].examples for row in block.as_contexts()]
        # pytest makes an example's id from these (a number added to one written twice, non-ASCII escaped,
        # another parametrization's joined): one that holds none of them is none of them.
        if bracket and examples and all(e and e not in given and _escaped(e) not in given for e in examples):
            raise pytest.UsageError(f"not found: {name}::{'::'.join(parts)}[{given}]: the scenario has no example "
                                    f"{given} (its examples: {', '.join(dict.fromkeys(examples))})")


def _escaped(text: str) -> str:
    """``text`` as pytest writes it in a test id: non-ASCII characters escaped."""
    return text.encode("unicode_escape").decode("ascii")


def _remember_step_definitions() -> None:
    """Work out once which step definitions can run a step, rather than at every step of every scenario.

    pytest-bdd finds them by asking pytest, for each of the eighty-odd fixture names of the session,
    which definitions the scenario can see: about a tenth of a scenario's time here. The answer
    depends only on the step's type and text and on the scenario's parent (its feature file: step
    definitions are fixtures of a conftest or a module, registered at collection), so it is kept per
    (session, parent, type, text). A definition pytest-bdd registers while a step runs is the
    step's value (``target_fixture``) or its own lookup's, never a step definition.
    """
    # The module, not the function of the same name that the package exports.
    module = importlib.import_module("pytest_bdd.scenario")
    find = module.find_fixturedefs_for_step
    found: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], list[Any]]] = weakref.WeakKeyDictionary()

    def find_once(step: Any, fixturemanager: Any, node: Any) -> Iterable[Any]:
        known = found.setdefault(fixturemanager, {})
        key = (node.parent, step.type, step.name)
        if key not in known:
            known[key] = list(find(step=step, fixturemanager=fixturemanager, node=node))
        return known[key]

    module.find_fixturedefs_for_step = find_once  # type: ignore[attr-defined]


_remember_step_definitions()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".feature":
        return FeatureFile.from_parent(parent, path=file_path)
    return None


@dataclass(frozen=True)
class ScenarioCase:
    """One scenario as a QA wrote it: its feature, file, title (an outline's with its example's
    values), the outline's own title, line, example values and tags."""

    feature: str
    file: str
    title: str
    outline: str
    line: int
    example: tuple[tuple[str, str], ...]
    tags: frozenset[str]

    @property
    def key(self) -> str:
        """What identifies the scenario whatever the selection or the machine (its node id does
        not: it depends on the command line's paths)."""
        return f"{self.file}::{self.outline}::{json.dumps(self.example)}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"feature": self.feature, "file": self.file, "scenario": self.title, "line": self.line}
        if self.example:
            out["example"] = dict(self.example)
        return out


def _case(template: Any, example: Mapping[str, str], root: Path, tags: frozenset[str] = frozenset()) -> ScenarioCase:
    feature = template.feature
    try:
        file = Path(feature.filename).resolve().relative_to(root).as_posix()
    except ValueError:  # a feature file outside the project
        file = Path(feature.filename).as_posix()
    return ScenarioCase(
        feature=feature.name, file=file, title=render_string(template.name, example), outline=template.name,
        line=template.line_number, example=tuple(sorted((str(k), str(v)) for k, v in example.items())),
        tags=frozenset(template.tags | feature.tags) | tags,
    )


def case_of(item: pytest.Item) -> ScenarioCase | None:
    """The scenario a collected item runs, or None for a test that is not a scenario."""
    template = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "function", None))
    if template is None:
        return None
    callspec = getattr(item, "callspec", None)
    example = dict(callspec.params.get("_pytest_bdd_example", {})) if callspec else {}
    # An Examples block's own tags are marks of its rows' items.
    marks = frozenset(mark.name for mark in item.iter_markers() if mark.name not in ("parametrize", "usefixtures"))
    return _case(template, example, item.config.rootpath.resolve(), marks)


def cases_in(folder: Path, root: Path) -> list[ScenarioCase]:
    """Every scenario of every feature file under ``folder``, each outline once per example row."""
    cases: list[ScenarioCase] = []
    features = []
    for path in sorted(folder.glob("**/*.feature")):
        try:
            features.append(read_feature(path))
        except UnreadableFeature:  # a run of it is refused, saying why; this run's verdict is still written
            continue
    for feature in features:
        for template in feature.scenarios.values():
            blocks = [(frozenset(examples.tags), row) for examples in template.examples for row in examples.as_contexts()]
            cases.extend(_case(template, row, root.resolve(), tags) for tags, row in blocks or [(frozenset(), {})])
    return cases
