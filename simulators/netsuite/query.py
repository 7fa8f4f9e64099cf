"""The ``q`` filter of REST record collections (``GET /record/v1/<type>?q=...``).

A small tokenizer and recursive-descent parser for NetSuite's filter language ("Record Collection
Filtering"): conditions ``<field> <OPERATOR> [<value> | [<v>, ...]]`` joined with ``AND`` / ``OR``,
``()`` marking precedence, ``AND`` binding tighter than ``OR``. Operators are checked against the
field's type with NetSuite's table. Evaluation (and the use of indexes) is in
:mod:`simulators.netsuite.models`; this module only parses and compiles predicates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Union

from . import errors

#: NetSuite's table "available query operators with their associated field types".
OPERATORS_BY_KIND: dict[str, frozenset[str]] = {
    "boolean": frozenset({"IS", "IS_NOT"}),
    "number": frozenset({
        "ANY_OF", "ANY_OF_NOT", "BETWEEN", "BETWEEN_NOT", "EQUAL", "EQUAL_NOT", "GREATER", "GREATER_NOT",
        "GREATER_OR_EQUAL", "GREATER_OR_EQUAL_NOT", "LESS", "LESS_NOT", "LESS_OR_EQUAL", "LESS_OR_EQUAL_NOT",
        "WITHIN", "WITHIN_NOT",
    }),
    "string": frozenset({"CONTAIN", "CONTAIN_NOT", "IS", "IS_NOT", "START_WITH", "START_WITH_NOT",
                         "END_WITH", "END_WITH_NOT"}),
    "date": frozenset({"AFTER", "AFTER_NOT", "BEFORE", "BEFORE_NOT", "ON", "ON_NOT", "ON_OR_AFTER",
                       "ON_OR_AFTER_NOT", "ON_OR_BEFORE", "ON_OR_BEFORE_NOT"}),
    # List/record fields (references, statuses): N/query compares them by internal id.
    "select": frozenset({"ANY_OF", "ANY_OF_NOT", "EQUAL", "EQUAL_NOT", "IS", "IS_NOT"}),
}
UNARY = frozenset({"EMPTY", "EMPTY_NOT"})
#: Operators taking a range ``[low, high]``, both ends included: BETWEEN and WITHIN (N/query's
#: "within" of a number; Oracle's table lists it beside BETWEEN, the inclusive ends are inferred).
RANGE_OPERATORS = ("BETWEEN", "WITHIN")
ALL_OPERATORS = frozenset().union(*OPERATORS_BY_KIND.values()) | UNARY | {"ENDWITH"}

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>-?\d+(?:\.\d+)?(?![\w/]))
  | (?P<punct>[\[\](),])
  | (?P<word>[A-Za-z_][\w.:/-]*|\d[\w/.:-]*)
""", re.VERBOSE | re.ASCII)  # ASCII digits, letters and spaces: Python's \d also reads "٨٩٩" as 899


@dataclass(frozen=True)
class Token:
    kind: str  # string | number | punct | word | end
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """:raise InvalidParameter: a character that starts no token."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise _invalid(f"unexpected character {text[pos]!r} at position {pos}")
        kind = match.lastgroup or ""
        if kind != "ws":
            value = match.group()
            if kind == "string":
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            tokens.append(Token(kind, value, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    values: tuple[Any, ...]  # raw literals: str | Decimal | bool


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


Node = Union[Condition, And, Or]


def _invalid(message: str) -> errors.InvalidParameter:
    return errors.InvalidParameter(f"Invalid search query. Detailed unprocessed description follows. {message}.", path="q")


#: Parentheses nested deeper than this are refused (the parser recurses per level).
MAX_NESTING = 100


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def keyword(self, word: str) -> bool:
        token = self.current
        if token.kind == "word" and token.text.upper() == word:
            self.index += 1
            return True
        return False

    def expect(self, text: str) -> None:
        token = self.advance()
        if token.text != text or token.kind not in ("punct",):
            raise _invalid(f"expected '{text}' at position {token.pos}, found {token.text or 'the end'!r}")

    def parse(self) -> Node:
        node = self.disjunction()
        if self.current.kind != "end":
            raise _invalid(f"unexpected {self.current.text!r} at position {self.current.pos}; join conditions with AND or OR")
        return node

    def disjunction(self) -> Node:
        children = [self.conjunction()]
        while self.keyword("OR"):
            children.append(self.conjunction())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def conjunction(self) -> Node:
        children = [self.primary()]
        while self.keyword("AND"):
            children.append(self.primary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def primary(self) -> Node:
        if self.current.kind == "punct" and self.current.text == "(":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise _invalid(f"parentheses nested more than {MAX_NESTING} deep at position {self.current.pos}")
            self.advance()
            node = self.disjunction()
            self.expect(")")
            self.depth -= 1
            return node
        return self.condition()

    def condition(self) -> Condition:
        field = self.advance()
        if field.kind != "word":
            raise _invalid(f"expected a field name at position {field.pos}, found {field.text or 'the end'!r}")
        op = self.advance()
        operator = op.text.upper()
        if op.kind != "word" or operator not in ALL_OPERATORS:
            raise _invalid(f"unknown operator {op.text or '(none)'!r} after field '{field.text}'")
        if operator == "ENDWITH":
            operator = "END_WITH"
        if operator in UNARY:
            return Condition(field.text, operator, ())
        if self.current.kind == "punct" and self.current.text == "[":
            self.advance()
            values = [self.value()]
            while self.current.kind == "punct" and self.current.text == ",":
                self.advance()
                values.append(self.value())
            self.expect("]")
        else:
            values = [self.value()]
        arity = 2 if operator.startswith(RANGE_OPERATORS) else None
        if arity and len(values) != arity:
            raise _invalid(f"{operator} takes two values, [low, high]")
        if not operator.startswith(("ANY_OF", *RANGE_OPERATORS)) and len(values) != 1:
            raise _invalid(f"{operator} takes one value")
        return Condition(field.text, operator, tuple(values))

    def value(self) -> Any:
        token = self.advance()
        if token.kind == "string":
            return token.text
        if token.kind == "number":
            return Decimal(token.text)
        if token.kind == "word":
            lowered = token.text.lower()
            if lowered in ("true", "false"):
                return lowered == "true"
            return token.text  # unquoted words (ids, dates) are taken as text
        raise _invalid(f"expected a value at position {token.pos}, found {token.text or 'the end'!r}")


def parse(text: str) -> Node:
    """The AST of a ``q`` filter.

    :raise InvalidParameter: a syntax error, with its position.
    """
    return _Parser(text).parse()


# ------------------------------------------------------------------ compile
def parse_date(value: Any) -> date:
    """``YYYY-MM-DD`` or NetSuite's default ``M/D/YYYY``.

    :raise InvalidParameter: anything else.
    """
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise _invalid(f"invalid date value {text!r}; use YYYY-MM-DD or M/D/YYYY") from None


def _number(value: Any, field: str) -> Decimal:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise _invalid(f"invalid numeric value {value!r} for field '{field}'") from None


Getter = Callable[[Any], Any]


def compile_condition(cond: Condition, kind: str, get: Getter) -> Callable[[Any], bool]:
    """A predicate over records for one condition; ``get(record)`` returns the field's value
    (int id for references, letter for statuses, ISO text for dates, Decimal, bool, str).

    :raise InvalidParameter: an operator NetSuite does not allow for the field's type, or a value
    of the wrong type.
    """
    op = cond.operator
    negate = op.endswith("_NOT") and op not in ("IS_NOT",)
    base = op[:-4] if negate else op
    if op in UNARY:
        empty = op == "EMPTY"
        return lambda r: (get(r) in (None, "")) == empty
    allowed = OPERATORS_BY_KIND[kind]
    if op not in allowed:
        raise _invalid(f"operator {op} cannot be used with field '{cond.field}' of type {kind}; "
                       f"use one of {', '.join(sorted(allowed))}")
    test: Callable[[Any], bool]
    if kind == "boolean":
        wanted = cond.values[0]
        if not isinstance(wanted, bool):
            wanted = str(wanted).lower() == "true"
        test = (lambda v: bool(v) == wanted) if op == "IS" else (lambda v: bool(v) != wanted)
        return lambda r: test(get(r))
    if kind == "string":
        text = str(cond.values[0])
        lowered = text.lower()
        if base == "IS" or op == "IS_NOT":
            positive = op == "IS"
            return lambda r: ((get(r) or "").lower() == lowered) == positive
        matchers = {"CONTAIN": lambda v: lowered in v, "START_WITH": lambda v: v.startswith(lowered),
                    "END_WITH": lambda v: v.endswith(lowered)}
        m = matchers[base]
        return lambda r: m((get(r) or "").lower()) != negate
    if kind == "date":
        day = parse_date(cond.values[0])
        compare = {"AFTER": lambda d: d > day, "BEFORE": lambda d: d < day, "ON": lambda d: d == day,
                   "ON_OR_AFTER": lambda d: d >= day, "ON_OR_BEFORE": lambda d: d <= day}[base]

        def dated(r: Any) -> bool:
            value = get(r)
            if value is None:
                return negate
            return compare(date.fromisoformat(str(value)[:10])) != negate
        return dated
    if kind == "select":
        wanted_set = {str(v).split(":")[-1] for v in cond.values}
        positive = not (negate or op == "IS_NOT")
        return lambda r: (str(get(r)) in wanted_set) == positive if get(r) is not None else not positive
    # numbers (and references compared by internal id)
    values = [_number(v, cond.field) for v in cond.values]
    if base == "ANY_OF":
        wanted_numbers = set(values)
        return lambda r: (get(r) is not None and Decimal(get(r)) in wanted_numbers) != negate
    if base in RANGE_OPERATORS:
        low, high = values
        return lambda r: (get(r) is not None and low <= Decimal(get(r)) <= high) != negate
    target = values[0]
    compare_num = {"EQUAL": lambda v: v == target, "GREATER": lambda v: v > target,
                   "GREATER_OR_EQUAL": lambda v: v >= target, "LESS": lambda v: v < target,
                   "LESS_OR_EQUAL": lambda v: v <= target}[base]
    return lambda r: (get(r) is not None and compare_num(Decimal(get(r)))) != negate
