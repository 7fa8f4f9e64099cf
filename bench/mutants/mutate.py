"""The mutants of a Python module: the operators, the mutants they make, and their stable ids.

Every mutant is one small change to the module's syntax tree, made by one of fourteen operators:

``compare``     ``==``↔``!=``, ``<``→``<=``, ``<=``→``<``, ``>``→``>=``, ``>=``→``>``,
                ``in``↔``not in``, ``is``↔``is not`` (each operator of a chain on its own)
``arithmetic``  ``+``↔``-``, ``*``↔``/``, ``//``→``/``, ``%``→``/``, ``**``→``*``, also in ``+=`` and the like
``constant``    a number ``n`` → ``n + 1``, and so a string that is a decimal number
                (``Decimal("0.01")``, a NetSuite internal id ``"1"``)
``boolean``     ``True``↔``False``
``and-or``      ``and``↔``or``
``negate``      the condition of ``if``, ``while``, ``x if c else y`` and a comprehension's
                ``if`` negated (unless it is ``a == b``, ``a in b`` or ``a is b``, whose
                ``compare`` mutant is already the negation); ``not x`` → ``x`` anywhere
``delete``      a simple statement of a function body (a call, an assignment, ``raise``,
                ``continue``, ``break``, ...) replaced by ``pass``
``return``      ``return <value>`` → ``return None``
``string``      a string that names something — a field, a state, a record type, a channel: one
                word of letters, digits and ``_ . : / -`` — where code uses it as data: a key
                of a dict display, a subscript, a value compared (or one of a tuple, list or set
                compared), an argument of a call → ``"XX<name>XX"``, as mutmut writes it. A
                misspelt key a vendor ignores, or a state compared that never matches, is a
                defect a suite can miss: a default takes the field's place, a branch is never taken.
``argument``    an argument of a call → ``None``; and, in a call given more than one, each
                argument left out — as mutmut does: a parameter the connector forgot to pass, a
                default it forgot to give (``get(key, "0")`` → ``get(key)``)
``assignment``  ``a = b`` → ``a = None`` (``a = None`` → ``a = ""``), and ``a += b`` → ``a = b``
                in a function — as mutmut does: a value never worked out, a total that keeps only
                its last part
``lambda``      a lambda's body → ``None`` (``None`` → ``0``), as mutmut does: a callback that
                answers nothing (a sort key, a retried call, a lookup of what committed)
``keyword``     ``break`` → ``return``, ``continue`` → ``break``, as mutmut 3 does: a loop left
                too early, a function left with the loop
``method``      a method's name swapped for its mirror: ``lower``↔``upper``, ``lstrip``↔``rstrip``,
                ``find``↔``rfind``, ``index``↔``rindex``, ``ljust``↔``rjust``,
                ``removeprefix``↔``removesuffix``, ``partition``↔``rpartition``, and ``split``↔``rsplit``
                when given a ``maxsplit`` (without one they split alike: mutmut's mutant would be
                equivalent by construction), as mutmut 3 does: a text read from the wrong end

What is never mutated: imports, docstrings, f-strings, annotations, decorators, and strings that
are words for people (a message with a space in it, a dataclass field's ``metadata`` documentation).

A mutant belongs to a *unit*, the code it is applied to in a running process:

- a **function** (a module-level function or a method, with everything nested in its body):
  the mutant is compiled and swapped into the live function as its ``__code__``;
- a **statement** run when the module is imported (a module-level assignment, a class body's
  field defaults, a parameter's default value): the mutant statement is executed again in the
  live module and the names it binds are rebound where the module's package imported them.

Ids survive unrelated edits: ``<file>:<scope>:<operator>#<n>``, where ``scope`` is the
function's qualified name (or the class's, or ``<module>``) and ``n`` counts the mutants of that
operator in that scope in source order — no line numbers. The original and mutated snippets
(``exc.status != 429`` → ``exc.status == 429``) go with the id, and the equivalents file matches
on them first, so an entry still finds its mutant when a new comparison shifts ``n``.
"""

from __future__ import annotations

import __future__
import ast
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import CodeType
from typing import Any

OPERATORS = ("compare", "arithmetic", "constant", "boolean", "and-or", "negate", "delete", "return", "string",
             "argument", "assignment", "lambda", "keyword", "method")

_COMPARE: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
_ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
    ast.Mod: ast.Div, ast.Pow: ast.Mult,
}
#: Comparisons whose ``compare`` mutant is their negation.
_NEGATED_BY_COMPARE = (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot)
_BOOL_OP: dict[type[ast.boolop], type[ast.boolop]] = {ast.And: ast.Or, ast.Or: ast.And}
#: The ``method`` operator's swaps (mutmut 3's ``operator_string_methods_swap``).
_MIRRORED = {"lower": "upper", "lstrip": "rstrip", "find": "rfind", "index": "rindex", "ljust": "rjust",
             "removeprefix": "removesuffix", "partition": "rpartition", "split": "rsplit"}
_MIRRORED.update({mirror: name for name, mirror in list(_MIRRORED.items())})
#: Simple statements the ``delete`` operator replaces by ``pass``.
_DELETABLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Raise, ast.Continue, ast.Break, ast.Assert,
              ast.Delete)
_DECIMAL_STRING = re.compile(r"-?\d+(\.\d+)?")
#: A string that names something (a field, a state, a record type, a path), not words for people.
_DATA_STRING = re.compile(r"[A-Za-z_][A-Za-z0-9_.:/\-]*")
_COLLECTIONS = (ast.Tuple, ast.List, ast.Set)
_MODULE_SCOPE = "<module>"


@dataclass(frozen=True)
class Target:
    """A module to mutate: its import name and its file."""

    module: str
    path: Path

    @property
    def name(self) -> str:
        """The file's name, as ids spell it (``reference.py``)."""
        return self.path.name


@dataclass(frozen=True)
class Mutant:
    """One mutant: what it changes, where, and the unit it is applied to.

    ``unit`` is ``("function", qualname, first line)`` or ``("statement", index of the module-level
    statement, names it binds...)``; ``lines`` are the first and last line of the changed code,
    which a scenario must execute for the mutant to matter (a statement unit matters to every
    scenario that imports the module: its lines are ``(0, 0)``).
    """

    id: str
    target: Target
    scope: str
    operator: str
    original: str
    mutated: str
    line: int
    source_line: str
    mutated_line: str
    unit: tuple[Any, ...]
    lines: tuple[int, int]

    @property
    def location(self) -> str:
        return f"{self.target.path.as_posix()}:{self.line}"

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What identifies the mutant when its number has shifted: file, scope, operator, snippets."""
        return (self.target.name, self.scope, self.operator, self.original, self.mutated)


@dataclass
class _Site:
    """Where a mutation is made: ``parent.attribute`` (or ``parent.attribute[index]``) becomes ``new``.
    ``context`` is the node whose source is shown before and after."""

    parent: ast.AST
    attribute: str
    index: int | None
    new: Any
    context: ast.AST
    operator: str
    scope: str
    unit: tuple[Any, ...]
    lines: tuple[int, int]
    old: Any = field(default=None)

    def apply(self) -> None:
        container = getattr(self.parent, self.attribute)
        if self.index is None:
            self.old = container
            setattr(self.parent, self.attribute, self.new)
        else:
            self.old = container[self.index]
            container[self.index] = self.new

    def revert(self) -> None:
        if self.index is None:
            setattr(self.parent, self.attribute, self.old)
        else:
            getattr(self.parent, self.attribute)[self.index] = self.old


def _is_docstring(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))


def _bound_names(statement: ast.stmt) -> tuple[str, ...]:
    """The names a module-level statement binds (none for one that binds no plain name)."""
    if isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return (statement.name,)
    targets: list[ast.expr] = []
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        targets = [statement.target]
    names = [node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)]
    every_target_is_a_name = all(isinstance(node, (ast.Name, ast.Tuple, ast.List, ast.Store))
                                 for target in targets for node in ast.walk(target))
    return tuple(names) if names and every_target_is_a_name else ()


def _new(node_type: type[ast.AST], like: ast.AST | None = None, **fields: Any) -> Any:
    node = node_type(**fields)
    if like is not None:
        ast.copy_location(node, like)
    return ast.fix_missing_locations(node) if like is not None else node


class _Collector:
    """Walks a module in source order and records every mutation site.

    ``lines`` passed along is the span a scenario must execute for a site to matter: the whole
    simple statement the site is in, or the header of a compound one (``if``/``while`` test,
    ``for`` iterable, ``with`` items); ``(0, 0)`` for code run on import.
    """

    def __init__(self) -> None:
        self.sites: list[_Site] = []
        # Collections compared (``state in ("A", "B")``): their strings are data. A field's
        # ``metadata`` dict: its strings are documentation. Nodes by id, seen on the way down.
        self._compared: set[int] = set()
        self._documentation: set[int] = set()

    # ------------------------------------------------------------ structure
    def module(self, tree: ast.Module) -> None:
        for index, statement in enumerate(tree.body):
            if isinstance(statement, (ast.Import, ast.ImportFrom)) or _is_docstring(statement):
                continue
            names = _bound_names(statement)
            if not names:
                continue  # nothing to rebind in the live module (an expression, a subscript assignment)
            unit = ("statement", index, *names)
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.function(statement, statement.name, _MODULE_SCOPE, unit)
            elif isinstance(statement, ast.ClassDef):
                self.class_body(statement, statement.name, unit)
            else:
                self.expressions(statement, _MODULE_SCOPE, unit, _ON_IMPORT)

    def class_body(self, node: ast.ClassDef, qualname: str, unit: tuple[Any, ...]) -> None:
        for statement in node.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom, ast.Pass)) or _is_docstring(statement):
                continue
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.function(statement, f"{qualname}.{statement.name}", qualname, unit)
            elif isinstance(statement, ast.ClassDef):
                self.class_body(statement, f"{qualname}.{statement.name}", unit)
            else:
                self.expressions(statement, qualname, unit, _ON_IMPORT)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, qualname: str, enclosing: str,
                 enclosing_unit: tuple[Any, ...]) -> None:
        # Default values are evaluated where the function is defined, by the enclosing unit.
        self.defaults(node, enclosing, enclosing_unit, _ON_IMPORT)
        first_line = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        self.body(node, "body", qualname, ("function", qualname, first_line))

    def defaults(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: str, unit: tuple[Any, ...],
                 lines: tuple[int, int]) -> None:
        self.expression(node.args.defaults, node.args, "defaults", None, scope, unit, lines)
        self.expression(node.args.kw_defaults, node.args, "kw_defaults", None, scope, unit, lines)

    def body(self, parent: ast.AST, field_name: str, scope: str, unit: tuple[Any, ...]) -> None:
        """The statements of a function body (or of a block in one)."""
        for index, statement in enumerate(getattr(parent, field_name)):
            if index == 0 and _is_docstring(statement) or isinstance(statement, ast.Pass):
                continue
            lines = _header_lines(statement)
            if isinstance(statement, _DELETABLE):
                self.add(parent, field_name, index, _new(ast.Pass, statement), statement, "delete", scope, unit, lines)
            if isinstance(statement, (ast.Break, ast.Continue)):
                new = _new(ast.Return, statement, value=None) if isinstance(statement, ast.Break) else _new(ast.Break, statement)
                self.add(parent, field_name, index, new, statement, "keyword", scope, unit, lines)
            if isinstance(statement, ast.AugAssign):
                self.add(parent, field_name, index, _new(ast.Assign, statement, targets=[statement.target],
                                                         value=statement.value), statement, "assignment", scope,
                         unit, lines)
            if isinstance(statement, ast.Return) and statement.value is not None and not (
                    isinstance(statement.value, ast.Constant) and statement.value.value is None):
                self.add(statement, "value", None, _new(ast.Constant, statement.value, value=None), statement,
                         "return", scope, unit, lines)
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):  # nested: part of this unit
                self.defaults(statement, scope, unit, lines)
                self.body(statement, "body", scope, unit)
                continue
            if isinstance(statement, ast.ClassDef):
                continue  # a class defined inside a function: not code under test here
            if isinstance(statement, (ast.If, ast.While)):
                self.condition(statement, "test", None, scope, unit, lines)
            self.expressions(statement, scope, unit, lines)
            for block in ("body", "orelse", "finalbody"):
                if getattr(statement, block, None):
                    self.body(statement, block, scope, unit)
            for handler in getattr(statement, "handlers", []):
                self.expression(handler.type, handler, "type", None, scope, unit, _header_lines(handler))
                self.body(handler, "body", scope, unit)

    def expressions(self, statement: ast.stmt, scope: str, unit: tuple[Any, ...], lines: tuple[int, int]) -> None:
        """The expressions a statement evaluates itself: not its annotations, nor its blocks."""
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            self.add(statement, "value", None, _new(ast.Constant, statement.value, value="" if _is_none(statement.value)
                                                    else None), statement, "assignment", scope, unit, lines)
        if isinstance(statement, ast.AugAssign) and type(statement.op) in _ARITHMETIC:
            self.add(statement, "op", None, _ARITHMETIC[type(statement.op)](), statement, "arithmetic", scope, unit,
                     lines)
        for name, value in ast.iter_fields(statement):
            if name not in ("annotation", "type_comment", "body", "orelse", "finalbody", "handlers"):
                self.expression(value, statement, name, None, scope, unit, lines)

    # ------------------------------------------------------------ expressions
    def condition(self, parent: ast.AST, field_name: str, index: int | None, scope: str, unit: tuple[Any, ...],
                  lines: tuple[int, int]) -> None:
        """The ``negate`` mutant of a condition (a test already written ``not x`` gets its ``not``
        dropped by :meth:`expression` instead)."""
        test = getattr(parent, field_name) if index is None else getattr(parent, field_name)[index]
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], _NEGATED_BY_COMPARE):
            return  # ``not a == b`` is the ``compare`` mutant ``a != b``: one mutant, not two
        self.add(parent, field_name, index, _new(ast.UnaryOp, test, op=ast.Not(), operand=test), test, "negate",
                 scope, unit, lines)

    def expression(self, value: Any, parent: ast.AST, field_name: str, index: int | None, scope: str,
                   unit: tuple[Any, ...], lines: tuple[int, int]) -> None:
        """The mutation sites of ``value``, found at ``parent.field_name[index]``, and of its children."""
        if isinstance(value, list):
            for i, element in enumerate(value):
                self.expression(element, parent, field_name, i, scope, unit, lines)
            return
        if not isinstance(value, ast.AST) or isinstance(value, (ast.JoinedStr, ast.stmt)):
            return
        node = value
        if isinstance(node, ast.Compare):
            self._compared.update(id(c) for c in [node.left, *node.comparators] if isinstance(c, _COLLECTIONS))
            for i, op in enumerate(node.ops):
                self.add(node, "ops", i, _COMPARE[type(op)](), node, "compare", scope, unit, lines)
        elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC and not (
                isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
            self.add(node, "op", None, _ARITHMETIC[type(node.op)](), node, "arithmetic", scope, unit, lines)
        elif isinstance(node, ast.BoolOp):
            self.add(node, "op", None, _BOOL_OP[type(node.op)](), node, "and-or", scope, unit, lines)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.add(parent, field_name, index, node.operand, node, "negate", scope, unit, lines)
        elif isinstance(node, ast.IfExp):
            self.condition(node, "test", None, scope, unit, lines)
        elif isinstance(node, ast.Constant):
            replacement = _constant_mutation(node.value)
            if replacement is None and self._names_data(node, parent, field_name):
                self.add(parent, field_name, index, _new(ast.Constant, node, value="XX" + str(node.value) + "XX"),
                         _constant_context(node, parent), "string", scope, unit, lines)
            elif replacement is not None:
                operator = "boolean" if isinstance(node.value, bool) else "constant"
                self.add(parent, field_name, index, _new(ast.Constant, node, value=replacement),
                         _constant_context(node, parent), operator, scope, unit, lines)
        elif isinstance(node, ast.comprehension):
            for i in range(len(node.ifs)):
                self.condition(node, "ifs", i, scope, unit, lines)
        elif isinstance(node, ast.Call):
            self.arguments(node, scope, unit, lines)
            self.method(node, scope, unit, lines)
        elif isinstance(node, ast.Lambda):
            self.add(node, "body", None, _new(ast.Constant, node.body, value=0 if _is_none(node.body) else None), node,
                     "lambda", scope, unit, lines)
        elif isinstance(node, ast.keyword) and node.arg == "metadata":
            self._documentation.add(id(node.value))
        for name, child in ast.iter_fields(node):
            if isinstance(node, ast.arguments) and name not in ("defaults", "kw_defaults"):
                continue  # a lambda's parameters: only their default values are code
            if name != "annotation":
                self.expression(child, node, name, None, scope, unit, lines)

    def arguments(self, node: ast.Call, scope: str, unit: tuple[Any, ...], lines: tuple[int, int]) -> None:
        """The ``argument`` mutants of a call: each argument ``None`` (not one already ``None``, nor
        ``*args`` or ``**kwargs``), then, when it is given more than one, each left out."""
        for i, arg in enumerate(node.args):
            if not isinstance(arg, ast.Starred) and not _is_none(arg):
                self.add(node, "args", i, _new(ast.Constant, arg, value=None), node, "argument", scope, unit, lines)
        for keyword in node.keywords:
            if keyword.arg is not None and not _is_none(keyword.value):
                self.add(keyword, "value", None, _new(ast.Constant, keyword.value, value=None), node, "argument",
                         scope, unit, lines)
        if len(node.args) + len(node.keywords) > 1:
            for i in range(len(node.args)):
                self.add(node, "args", None, node.args[:i] + node.args[i + 1:], node, "argument", scope, unit, lines)
            for i in range(len(node.keywords)):
                self.add(node, "keywords", None, node.keywords[:i] + node.keywords[i + 1:], node, "argument", scope,
                         unit, lines)

    def method(self, node: ast.Call, scope: str, unit: tuple[Any, ...], lines: tuple[int, int]) -> None:
        """The ``method`` mutant of a call of a mirrored method (``text.lower()`` → ``text.upper()``);
        ``split`` and ``rsplit`` only with a ``maxsplit``, without which they answer alike."""
        if not isinstance(node.func, ast.Attribute) or node.func.attr not in _MIRRORED:
            return
        if node.func.attr in ("split", "rsplit") and len(node.args) < 2 and not any(
                keyword.arg == "maxsplit" for keyword in node.keywords):
            return
        self.add(node.func, "attr", None, _MIRRORED[node.func.attr], node, "method", scope, unit, lines)

    def _names_data(self, node: ast.Constant, parent: ast.AST, field_name: str) -> bool:
        """Whether ``node`` (at ``parent.field_name``) is a string the ``string`` operator mutates."""
        if not isinstance(node.value, str) or not _DATA_STRING.fullmatch(node.value) or id(parent) in self._documentation:
            return False
        return (isinstance(parent, (ast.Dict, ast.Compare, ast.keyword))
                or isinstance(parent, ast.Subscript) and field_name == "slice"
                or isinstance(parent, ast.Call) and field_name == "args"
                or isinstance(parent, _COLLECTIONS) and id(parent) in self._compared)

    def add(self, parent: ast.AST, field_name: str, index: int | None, new: Any, context: ast.AST, operator: str,
            scope: str, unit: tuple[Any, ...], lines: tuple[int, int]) -> None:
        self.sites.append(_Site(parent, field_name, index, new, context, operator, scope, unit, lines))


_ON_IMPORT = (0, 0)
#: A constant's snippet shows the expression around it when that is short: ``ids[0]``, ``!= 429``.
_CONTEXT_LIMIT = 60


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _header_lines(statement: ast.stmt | ast.excepthandler) -> tuple[int, int]:
    """The lines a scenario executes when it runs ``statement`` itself (not its blocks)."""
    start = statement.lineno
    header: list[ast.expr]
    if isinstance(statement, (ast.If, ast.While)):
        header = [statement.test]
    elif isinstance(statement, (ast.For, ast.AsyncFor)):
        header = [statement.target, statement.iter]
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        header = [item.context_expr for item in statement.items]
    elif isinstance(statement, ast.ExceptHandler):
        header = [statement.type] if statement.type is not None else []
    elif isinstance(statement, (ast.Try, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return (start, start)
    else:
        return (start, statement.end_lineno or start)
    return (start, max([start, *(node.end_lineno or start for node in header)]))


def _constant_context(node: ast.Constant, parent: ast.AST) -> ast.AST:
    if isinstance(parent, (ast.Compare, ast.BinOp, ast.UnaryOp, ast.Subscript, ast.Call, ast.keyword)) \
            and len(_snippet(parent)) <= _CONTEXT_LIMIT:
        return parent
    return node


def _constant_mutation(value: Any) -> Any:
    """``True``↔``False``; a number plus one; a decimal string's number plus one; else None."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str) and _DECIMAL_STRING.fullmatch(value):
        return str(Decimal(value) + 1)
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _snippet(node: ast.AST) -> str:
    return _one_line(ast.unparse(node))


class ModuleMutants:
    """The mutants of one target module, and the code of each (:meth:`code`).

    :raise SyntaxError: the file does not parse.
    """

    def __init__(self, target: Target) -> None:
        self.target = target
        self.source = target.path.read_text(encoding="utf-8")
        self.tree = ast.parse(self.source, filename=str(target.path))
        self._lines = self.source.splitlines()
        self._future_flags = 0
        for statement in self.tree.body:
            if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
                for alias in statement.names:
                    self._future_flags |= getattr(__future__, alias.name).compiler_flag
        collector = _Collector()
        collector.module(self.tree)
        self._sites: dict[str, _Site] = {}
        self.mutants: list[Mutant] = []
        counts: Counter[tuple[str, str]] = Counter()
        for site in collector.sites:
            counts[site.scope, site.operator] += 1
            mutant_id = f"{target.name}:{site.scope}:{site.operator}#{counts[site.scope, site.operator]}"
            self.mutants.append(self._describe(mutant_id, site))
            self._sites[mutant_id] = site

    def _describe(self, mutant_id: str, site: _Site) -> Mutant:
        context = site.context
        line = getattr(context, "lineno", 0)
        original = _snippet(context)
        site.apply()
        try:
            if site.operator == "delete":
                mutated = "pass"
            elif site.old is context:  # the shown node itself was replaced (``not x`` → ``x``)
                mutated = _snippet(site.new)
            else:
                mutated = _snippet(context)
        finally:
            site.revert()
        source_line = self._lines[line - 1].strip()
        if site.operator == "delete":
            mutated_line = "pass"
        elif self._segment(context) is not None:
            # Put in where the node is, by its columns (UTF-8 bytes, as ast counts them): the first
            # text equal to it may be another node (``x / d if d else 0`` negated showed ``x / not d``).
            text = self._lines[line - 1].encode("utf-8")
            start, end = context.col_offset, context.end_col_offset  # type: ignore[attr-defined]
            mutated_line = (text[:start] + mutated.encode("utf-8") + text[end:]).decode("utf-8").strip()
        else:
            mutated_line = mutated
        return Mutant(mutant_id, self.target, site.scope, site.operator, original, mutated, line, source_line,
                      mutated_line, site.unit, site.lines)

    def _segment(self, node: ast.AST) -> str | None:
        """The node's source text when it fits on one line, else None."""
        if getattr(node, "end_lineno", None) != getattr(node, "lineno", None):
            return None
        return ast.get_source_segment(self.source, node)

    def code(self, mutant_id: str) -> CodeType:
        """The code to swap in for ``mutant_id``: the mutated function's code for a function unit;
        for a statement unit, a module of that one statement, to execute in the live module.

        :raise KeyError: no such mutant in this module.
        :raise LookupError: the function's code is not where the tree says (the file changed).
        """
        site = self._sites[mutant_id]
        site.apply()
        try:
            if site.unit[0] == "statement":
                statement = self.tree.body[site.unit[1]]
                module = ast.Module(body=[statement], type_ignores=[])
                return compile(module, str(self.target.path), "exec", flags=self._future_flags, dont_inherit=True)
            compiled = compile(self.tree, str(self.target.path), "exec", dont_inherit=True)
        finally:
            site.revert()
        _, qualname, first_line = site.unit
        for code in _code_objects(compiled):
            if code.co_qualname == qualname and code.co_firstlineno == first_line:
                return code
        raise LookupError(f"{mutant_id}: no code for {qualname} at line {first_line} in {self.target.path}")


def _code_objects(code: CodeType) -> Iterator[CodeType]:
    yield code
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            yield from _code_objects(constant)


def generate(targets: list[Target]) -> dict[str, ModuleMutants]:
    """Every target's mutants, by file name (``reference.py``).

    :raise ValueError: two targets have the same file name (ids would clash).
    """
    names = Counter(target.name for target in targets)
    if clashes := [name for name, count in names.items() if count > 1]:
        raise ValueError(f"targets must have distinct file names; clash: {', '.join(clashes)}")
    return {target.name: ModuleMutants(target) for target in targets}
