"""How a step's words are matched: a phrase written as the glossary shows it.

``phrase("{quantity:d} unit(s) of the {line} line have been refunded in NetSuite")`` matches
"1 unit of the first line ...", "2 units of ...", "2 unit(s) of ...", and gives the step
``quantity=2`` and ``line="first"``. The glossary (docs/steps.md) prints the phrase exactly as
written here, so what QA reads is what the step accepts:

- ``{name}`` — a parameter: any words up to what follows it (``{name:d}`` a whole number, given to
  the step as an ``int``; ``{name:w}`` one word; ``{name:q}`` text in double quotes, given without them);
- ``a/an``, ``has/have``, ``is/are`` — either word;
- ``word(s)`` — the word, its plural, or the word with ``(s)``: "unit", "units" and "unit(s)" all match;
- ``[words]`` — optional words (a parameter inside them is ``None`` when they are left out).

A step whose words are wrong does not match; pytest-bdd then says the step is not defined, and the
glossary lists what is.
"""

from __future__ import annotations

import re
from typing import Any

from pytest_bdd.parsers import StepParser

_TOKEN = re.compile(r"\{(\w+)(?::(\w))?\}|\b(\w+)/(\w+)\b|(\w+)\(s\)|\[|\]|[^{\[\]\w]+|\w+|.", re.DOTALL)
# "d": ASCII digits, as int() and the vendors read them, at most 18 (more is no count a scenario
# means, and past 4,300 int() refuses them with a Python error).
_KINDS = {None: r".+?", "d": r"[0-9]{1,18}", "w": r"[\w'-]+", "q": r'"[^"]*"'}


#: What each kind of parameter is, as a failure says it to the scenario's author.
KIND_WORDS = {"d": "a whole number (such as 2) of at most 18 digits", "w": "one word",
              # Curly quotes (“...”, as word processors write them) look alike and are not read.
              "q": 'text in straight double quotes ("like this": “curly” ones are not read)'}


def _regex(template: str, kinds: dict[str | None, str] = _KINDS) -> str:
    """The regular expression of a phrase template (see the module docstring), its parameters
    read as ``kinds`` says."""
    out: list[str] = []
    for match in _TOKEN.finditer(template):
        text = match.group(0)
        name, kind, first, second, plural = match.group(1, 2, 3, 4, 5)
        if name:
            if kind not in _KINDS:
                raise ValueError(f"unknown parameter kind {kind!r} in {template!r}: use d, w or q")
            out.append(f"(?P<{name}>{kinds[kind]})")
        elif first:
            out.append(f"(?:{re.escape(first)}|{re.escape(second)})")
        elif plural:
            out.append(rf"{re.escape(plural)}(?:s|\(s\))?")
        elif text == "[":
            out.append("(?:")
        elif text == "]":
            out.append(")?")
        else:
            out.append(re.escape(text))
    return "".join(out)


class phrase(StepParser):  # noqa: N801 - named like pytest-bdd's own parsers (parsers.parse, parsers.re)
    """A step parser for a glossary phrase (see the module docstring)."""

    def __init__(self, template: str) -> None:
        self.name = template
        #: The phrase as the glossary prints it: ``{count}``, ``"{text}"`` (a quoted value keeps its quotes).
        self.display = re.sub(r"\{(\w+):q\}", r'"{\1}"', re.sub(r"\{(\w+):[dw]\}", r"{\1}", template))
        self.regex = re.compile(_regex(template))
        #: The phrase with every parameter reading any text: what a value of the wrong kind matches.
        self._loose = re.compile(_regex(template, {kind: _KINDS[None] for kind in _KINDS}))
        self._kinds = {m.group(1): m.group(2) for m in _TOKEN.finditer(template) if m.group(1)}

    def kind_of(self, parameter: str) -> str | None:
        """The kind of a parameter of the phrase: ``d``, ``w``, ``q`` or None (any words)."""
        return self._kinds.get(parameter)

    def misfits(self, name: str) -> dict[str, str]:
        """The parameters whose values in the step text ``name`` are not of their kind, when only
        they keep the phrase from reading it ("1.5 minutes pass": ``{"minutes": "1.5"}``); empty
        when the phrase reads it, or its words differ."""
        match = None if self.regex.fullmatch(name) else self._loose.fullmatch(name)
        if match is None:
            return {}
        return {key: value for key, value in match.groupdict().items()
                if value is not None and not re.fullmatch(_KINDS[self._kinds.get(key)], value)}

    def parse_arguments(self, name: str) -> dict[str, Any] | None:
        match = self.regex.fullmatch(name)
        if match is None:
            return None
        values: dict[str, Any] = {}
        for key, value in match.groupdict().items():
            kind = self._kinds.get(key)
            if value is not None and kind == "d":
                value = int(value)
            elif value is not None and kind == "q":
                value = value[1:-1]
            values[key] = value
        return values

    def is_matching(self, name: str) -> bool:
        return self.regex.fullmatch(name) is not None

    def __repr__(self) -> str:
        return f"phrase({self.name!r})"
