"""SuiteQL (``POST /services/rest/query/v1/suiteql``): the SELECTs a connector runs.

A tokenizer, a recursive-descent parser producing a small AST, and an evaluator over the
account's records that uses the account's indexes for ``=`` / ``IN`` on ``id``, ``createdfrom``,
``externalid``, ``entity``, ``type`` and ``transaction`` instead of scanning.

Supported: ``SELECT [DISTINCT] [TOP n] <columns | * | COUNT(*)> FROM <table> [alias] [WHERE ...]
[ORDER BY ...]`` on ``transaction``, ``transactionline``, ``customer``, ``item`` and
``nexttransactionlinelink``; ``=``, ``<>``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``[NOT] IN
(...)``, ``[NOT] LIKE``, ``[NOT] BETWEEN ... AND ...``, ``IS [NOT] NULL``, ``AND``, ``OR``, ``NOT``,
parentheses; literals: numbers, ``'text'``, ``NULL``, ``TO_DATE('...', 'format')``,
``DATE 'YYYY-MM-DD'``; ``BUILTIN.DF(column)``, ``column AS alias``. Anything else — joins,
GROUP BY, subqueries, other functions — is refused with a NetSuite-shaped 400 naming what is not
supported. Column names come back lower-case, values as text, NULLs omitted, dates as M/D/YYYY
(NetSuite's default date preference); see FIDELITY.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from simulators.core.numbers import MAX_DIGITS, ascii_decimal, whole_number

from . import errors
from .schemas import CURRENCIES, RECORD_TYPES, STATUSES, TYPE_BY_CODE

if TYPE_CHECKING:
    from .models import NetSuiteAccount, Record


def _error(message: str) -> errors.InvalidParameter:
    return errors.InvalidParameter(
        f"Invalid search query. Detailed unprocessed description follows. Search error occurred: {message}", path="q")


# =================================================================== tokens
_TOKEN = re.compile(r"""
    (?P<ws>\s+|--[^\n]*|/\*(?s:.*?)\*/)  # Oracle's two comments; /*+ hints */ are comments too
  | (?P<open_comment>/\*)
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>\d+(?:\.\d+)?|\.\d+)
  | (?P<op><>|!=|<=|>=|[=<>*(),.;+\-/|])
  | (?P<word>[A-Za-z_][A-Za-z0-9_$#]*)
  | (?P<quoted>"[^"]+")
""", re.VERBOSE | re.ASCII)  # ASCII digits and spaces: Python's \d also reads "٨٩٩" as 899

KEYWORDS = frozenset({
    "SELECT", "DISTINCT", "TOP", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "BETWEEN",
    "ORDER", "BY", "ASC", "DESC", "AS", "DATE", "NULLS", "FIRST", "LAST",
})
UNSUPPORTED = {
    "JOIN": "JOIN", "INNER": "JOIN", "LEFT": "JOIN", "RIGHT": "JOIN", "FULL": "JOIN", "CROSS": "JOIN",
    "OUTER": "JOIN", "GROUP": "GROUP BY", "HAVING": "HAVING", "UNION": "UNION", "INTERSECT": "INTERSECT",
    "MINUS": "MINUS", "EXCEPT": "EXCEPT", "INSERT": "INSERT (SuiteQL is read-only)",
    "UPDATE": "UPDATE (SuiteQL is read-only)", "DELETE": "DELETE (SuiteQL is read-only)",
    "CASE": "CASE expressions", "WITH": "WITH (common table expressions)", "OFFSET": "OFFSET (use the offset query parameter)",
    "FETCH": "FETCH FIRST (use TOP or the limit query parameter)", "CONNECT": "CONNECT BY", "OVER": "analytic functions",
}


@dataclass(frozen=True)
class Token:
    kind: str  # string | number | op | word | end
    text: str
    pos: int

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokenize(sql: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(sql):
        match = _TOKEN.match(sql, pos)
        if match is None:
            raise _error(f"Unexpected character {sql[pos]!r} at position {pos}.")
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "open_comment":  # a /* never closed: Oracle's ORA-01742
            raise _error(f"The comment at position {pos} is never closed: comment not properly terminated.")
        if kind == "string":
            tokens.append(Token("string", text[1:-1].replace("''", "'"), pos))
        elif kind == "quoted":
            tokens.append(Token("word", text[1:-1], pos))
        elif kind != "ws":
            tokens.append(Token(kind, text, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(sql)))
    return tokens


# ====================================================================== AST
@dataclass(frozen=True)
class Column:
    name: str  # lower-case column name


@dataclass(frozen=True)
class Literal:
    value: Any  # Decimal | str | date | None


@dataclass(frozen=True)
class Display:
    """``BUILTIN.DF(column)``: the column's display value."""

    column: Column


@dataclass(frozen=True)
class CountAll:
    pass


@dataclass(frozen=True)
class Compare:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class InList:
    operand: Any
    values: tuple[Any, ...]
    negated: bool


@dataclass(frozen=True)
class Like:
    operand: Any
    pattern: str
    negated: bool


@dataclass(frozen=True)
class Between:
    operand: Any
    low: Any
    high: Any
    negated: bool


@dataclass(frozen=True)
class IsNull:
    operand: Any
    negated: bool


@dataclass(frozen=True)
class BoolOp:
    op: str  # AND | OR
    parts: tuple[Any, ...]


@dataclass(frozen=True)
class Not:
    part: Any


@dataclass(frozen=True)
class SelectItem:
    expr: Any
    alias: str | None


@dataclass(frozen=True)
class Select:
    items: tuple[SelectItem, ...]  # empty: *
    table: str
    alias: str | None
    where: Any
    order: tuple[tuple[Any, bool], ...]  # (expr, descending)
    distinct: bool
    top: int | None


_ORACLE_FORMATS = [("YYYY", "%Y"), ("HH24", "%H"), ("MM", "%m"), ("DD", "%d"), ("MI", "%M"), ("SS", "%S"),
                   ("YY", "%y"), ("MON", "%b")]


def _to_date(text: str, fmt: str) -> date:
    pattern = fmt.upper()
    for oracle, python in _ORACLE_FORMATS:
        pattern = pattern.replace(oracle, python)
    try:
        return datetime.strptime(text, pattern).date()
    except ValueError:
        raise _error(f"TO_DATE('{text}', '{fmt}'): the text does not match the format.") from None


#: Parentheses and NOTs nested deeper than this are refused (the parser recurses per level).
MAX_NESTING = 100


class Parser:
    def __init__(self, sql: str) -> None:
        self.tokens = tokenize(sql)
        self.i = 0
        self.depth = 0

    def _nest(self, delta: int) -> None:
        self.depth += delta
        if self.depth > MAX_NESTING:
            raise _error(f"Expressions nested more than {MAX_NESTING} deep (parentheses or NOT).")

    # ----------------------------------------------------------- helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def next(self) -> Token:
        """The current token, moving past it; never past the end token, which a query cut short
        (``... = TO_DATE(``) would otherwise read beyond (an IndexError, answered 500)."""
        token = self.tokens[self.i]
        if token.kind != "end":
            self.i += 1
        return token

    def at(self, *words: str) -> bool:
        return self.tok.kind == "word" and self.tok.upper in words

    def accept(self, word: str) -> bool:
        if self.at(word):
            self.i += 1
            return True
        return False

    def accept_op(self, op: str) -> bool:
        if self.tok.kind == "op" and self.tok.text == op:
            self.i += 1
            return True
        return False

    def expect(self, word: str) -> None:
        if not self.accept(word):
            self.fail(f"expected {word}")

    def expect_op(self, op: str) -> None:
        if not self.accept_op(op):
            self.fail(f"expected '{op}'")

    def fail(self, what: str) -> None:
        token = self.tok
        if token.kind == "word" and token.upper in UNSUPPORTED:
            raise _error(f"{UNSUPPORTED[token.upper]} is not supported by this simulator (at position {token.pos}).")
        found = repr(token.text) if token.kind != "end" else "the end of the query"
        raise _error(f"Syntax error at position {token.pos}: {what}, found {found}.")

    # ----------------------------------------------------------- grammar
    def parse(self) -> Select:
        if self.tok.kind == "word" and self.tok.upper in UNSUPPORTED:
            self.fail("SELECT")
        self.expect("SELECT")
        distinct = self.accept("DISTINCT")
        top = None
        if self.accept("TOP"):
            token = self.next()
            top = whole_number(token.text) if token.kind == "number" else None
            if top is None:
                raise _error(f"TOP takes a whole number (position {token.pos}).")
        items: list[SelectItem] = []
        if self.accept_op("*"):
            pass
        else:
            items.append(self.select_item())
            while self.accept_op(","):
                items.append(self.select_item())
        self.expect("FROM")
        table_token = self.next()
        if table_token.kind == "op" and table_token.text == "(":
            raise _error("Subqueries are not supported by this simulator.")
        if table_token.kind != "word":
            raise _error(f"Syntax error at position {table_token.pos}: expected a table name.")
        table = table_token.text.lower()
        alias = None
        if self.accept("AS") or (self.tok.kind == "word" and self.tok.upper not in KEYWORDS and self.tok.upper not in UNSUPPORTED):
            alias = self.next().text.lower()
        if self.accept_op(","):
            raise _error("Joins (several tables in FROM) are not supported by this simulator.")
        where = None
        if self.accept("WHERE"):
            where = self.expression()
        order: list[tuple[Any, bool]] = []
        if self.accept("ORDER"):
            self.expect("BY")
            while True:
                expr = self.operand()
                descending = False
                if self.accept("DESC"):
                    descending = True
                else:
                    self.accept("ASC")
                if self.accept("NULLS"):
                    if not (self.accept("FIRST") or self.accept("LAST")):
                        self.fail("expected FIRST or LAST")
                order.append((expr, descending))
                if not self.accept_op(","):
                    break
        self.accept_op(";")
        if self.tok.kind != "end":
            self.fail("expected the end of the query")
        return Select(tuple(items), table, alias, where, tuple(order), distinct, top)

    def select_item(self) -> SelectItem:
        if self.at("COUNT") and self.peek().text == "(":
            self.next()
            self.expect_op("(")
            if not self.accept_op("*"):
                raise _error("Only COUNT(*) is supported by this simulator.")
            self.expect_op(")")
            expr: Any = CountAll()
        else:
            expr = self.operand()
        alias = None
        if self.accept("AS"):
            alias = self.next().text.lower()
        elif self.tok.kind == "word" and self.tok.upper not in KEYWORDS and self.tok.upper not in UNSUPPORTED:
            alias = self.next().text.lower()
        return SelectItem(expr, alias)

    def expression(self) -> Any:
        parts = [self.conjunction()]
        while self.accept("OR"):
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else BoolOp("OR", tuple(parts))

    def conjunction(self) -> Any:
        parts = [self.negation()]
        while self.accept("AND"):
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else BoolOp("AND", tuple(parts))

    def negation(self) -> Any:
        if self.accept("NOT"):
            self._nest(+1)
            node = Not(self.negation())
            self._nest(-1)
            return node
        return self.predicate()

    def predicate(self) -> Any:
        if self.tok.kind == "op" and self.tok.text == "(":
            if self.peek().kind == "word" and self.peek().upper == "SELECT":
                raise _error("Subqueries are not supported by this simulator.")
            self._nest(+1)
            self.next()
            inner = self.expression()
            self.expect_op(")")
            self._nest(-1)
            return inner
        left = self.operand()
        if self.tok.kind == "op" and self.tok.text in ("=", "<>", "!=", "<", "<=", ">", ">="):
            op = self.next().text
            return Compare("<>" if op == "!=" else op, left, self.operand())
        negated = self.accept("NOT")
        if self.accept("IN"):
            self.expect_op("(")
            if self.at("SELECT"):
                raise _error("Subqueries are not supported by this simulator.")
            values = [self.operand()]
            while self.accept_op(","):
                values.append(self.operand())
            self.expect_op(")")
            return InList(left, tuple(values), negated)
        if self.accept("LIKE"):
            token = self.next()
            if token.kind != "string":
                raise _error(f"LIKE takes a text pattern (position {token.pos}).")
            return Like(left, token.text, negated)
        if self.accept("BETWEEN"):
            low = self.operand()
            self.expect("AND")
            return Between(left, low, self.operand(), negated)
        if not negated and self.accept("IS"):
            is_not = self.accept("NOT")
            self.expect("NULL")
            return IsNull(left, is_not)
        self.fail("expected a comparison (=, <>, <, >, IN, LIKE, BETWEEN, IS NULL)")
        raise AssertionError("unreachable")

    def operand(self) -> Any:
        token = self.tok
        if token.kind == "number":
            self.next()
            return Literal(Decimal(token.text))
        if token.kind == "op" and token.text == "-" and self.peek().kind == "number":
            self.next()
            return Literal(-Decimal(self.next().text))
        if token.kind == "string":
            self.next()
            return Literal(token.text)
        if token.kind != "word":
            self.fail("expected a column, a value or a function")
        upper = token.upper
        if upper == "NULL":
            self.next()
            return Literal(None)
        if upper == "DATE" and self.peek().kind == "string":
            self.next()
            text = self.next().text
            try:
                return Literal(date.fromisoformat(text))
            except ValueError:
                raise _error(f"DATE '{text}' is not a date literal YYYY-MM-DD.") from None
        if upper == "TO_DATE" and self.peek().text == "(":
            self.next()
            self.expect_op("(")
            operand = self.next()
            fmt = "YYYY-MM-DD"
            if self.accept_op(","):
                fmt = self.next().text
            self.expect_op(")")
            if operand.kind != "string":
                raise _error("TO_DATE takes a text value.")
            return Literal(_to_date(operand.text, fmt))
        if upper == "BUILTIN" and self.peek().text == ".":
            self.next()
            self.next()
            function = self.next()
            if function.upper != "DF":
                raise _error(f"BUILTIN.{function.text} is not supported by this simulator; only BUILTIN.DF is.")
            self.expect_op("(")
            column = self.column()
            self.expect_op(")")
            return Display(column)
        if upper in UNSUPPORTED or upper in ("SELECT",):
            self.fail("expected a column")
        if self.peek().text == "(":
            raise _error(f"The function {token.text.upper()} is not supported by this simulator "
                         "(supported: TO_DATE, BUILTIN.DF, COUNT(*)).")
        return self.column()

    def column(self) -> Column:
        token = self.next()
        if token.kind != "word":
            raise _error(f"Syntax error at position {token.pos}: expected a column name.")
        name = token.text.lower()
        if self.accept_op("."):
            name_token = self.next()
            if name_token.kind != "word":
                raise _error(f"Syntax error at position {name_token.pos}: expected a column name after '{token.text}.'.")
            return Column(f"{name}.{name_token.text.lower()}")
        return Column(name)


def parse(sql: str) -> Select:
    """The AST of one SELECT. :raise InvalidParameter: syntax errors and unsupported SQL, named."""
    if not isinstance(sql, str) or not sql.strip():
        raise _error("The query is empty.")
    return Parser(sql).parse()


# ==================================================================== tables
Getter = Callable[[Any], Any]


@dataclass
class Table:
    """A SuiteQL table: its columns (name → value getter over a row object), their display
    getters for ``BUILTIN.DF``, how to list every row, and the indexed columns."""

    name: str
    columns: dict[str, Getter]
    rows: Callable[["NetSuiteAccount"], Iterable[Any]]
    display: dict[str, Getter] = field(default_factory=dict)
    #: Column → the rows whose column may equal a value (a superset, the condition decides), or
    #: ``None`` when it cannot tell for that value (then every row is read).
    indexes: dict[str, Callable[["NetSuiteAccount", Any], Iterable[Any] | None]] = field(default_factory=dict)


def _tf(value: bool | None) -> str:
    return "T" if value else "F"


@dataclass(frozen=True)
class LineRow:
    """A row of ``transactionline``: line 0 is the transaction's main line."""

    record: "Record"
    line: Any  # Line | None for the main line
    sequence: int


@dataclass(frozen=True)
class LinkRow:
    previous: "Record"
    next: "Record"
    linktype: str
    amount: Decimal


def _transaction_table(account: "NetSuiteAccount") -> Table:
    def entity(r: "Record") -> Any:
        return r.fields.get(RECORD_TYPES[r.type].entity_field)

    def by_type(acc: "NetSuiteAccount", code: Any) -> Iterable[Any]:
        type_ = TYPE_BY_CODE.get(str(code))
        return acc.records(type_) if type_ else ()

    def by_id(acc: "NetSuiteAccount", value: Any) -> Iterable[Any]:
        record = acc.find_in_family("transaction", _int(value))
        return [record] if record is not None else []

    return Table(
        "transaction",
        {
            "id": lambda r: r.id,
            "tranid": lambda r: r.fields.get("tranId"),
            "trandate": lambda r: date.fromisoformat(r.fields["tranDate"]) if r.fields.get("tranDate") else None,
            "type": lambda r: RECORD_TYPES[r.type].code,
            "recordtype": lambda r: r.type.lower(),
            "status": account.status,
            "entity": entity,
            "externalid": lambda r: r.fields.get("externalId"),
            "memo": lambda r: r.fields.get("memo"),
            "currency": lambda r: r.fields.get("currency"),
            "foreigntotal": lambda r: r.total,
            "foreignamountremaining": lambda r: account.open_amount(r) if r.type in ("invoice", "creditMemo", "customerPayment") else None,
            "createdfrom": lambda r: r.fields.get("createdFrom"),
            "createddate": lambda r: r.fields.get("createdDate"),
            "lastmodifieddate": lambda r: r.fields.get("lastModifiedDate"),
            "otherrefnum": lambda r: r.fields.get("otherRefNum"),
        },
        lambda acc: acc.transactions(),
        display={
            "status": lambda r: (f"{RECORD_TYPES[r.type].label} : {STATUSES[r.type][s]}"
                                 if (s := account.status(r)) else None),
            "type": lambda r: RECORD_TYPES[r.type].label,
            "entity": lambda r: _ref_name(account, "entity", entity(r)),
            "createdfrom": lambda r: _ref_name(account, "transaction", r.fields.get("createdFrom")),
            "currency": lambda r: CURRENCIES.get(r.fields.get("currency") or 0),
        },
        indexes={
            "id": by_id,
            "createdfrom": lambda acc, v: acc.created_from(_int(v)),
            "entity": lambda acc, v: acc.of_entity(_int(v)),
            "externalid": _text_index("transaction", "externalId"),
            "tranid": _text_index("transaction", "tranId"),
            "type": by_type,
        },
    )


def _text_index(table: str, name: str) -> Callable[["NetSuiteAccount", Any], Iterable[Any] | None]:
    """An index on a text column (the account's :data:`~.models.TEXT_INDEXED`, matched ignoring
    case: a superset of ``=``'s exact matches, which the condition then keeps). ``None`` for a
    literal that is not text (``tranid = 1001`` compares as numbers: every row must be read)."""
    types = [table] if table in RECORD_TYPES else [t for t, s in RECORD_TYPES.items() if s.family == table]

    def lookup(acc: "NetSuiteAccount", value: Any) -> Iterable[Any] | None:
        if not isinstance(value, str):
            return None
        return [r for type_ in types for r in acc.by_text(type_, name, value)]
    return lookup


def _line_rows(record: "Record") -> Iterator[LineRow]:
    yield LineRow(record, None, 0)
    for line in record.lines:
        yield LineRow(record, line, line.line)


def _transactionline_table(account: "NetSuiteAccount") -> Table:
    def rows_of(records: Iterable["Record"]) -> Iterator[LineRow]:
        for record in records:
            yield from _line_rows(record)

    def line_value(attr: str) -> Getter:
        return lambda row: getattr(row.line, attr) if row.line is not None else None

    return Table(
        "transactionline",
        {
            "transaction": lambda row: row.record.id,
            "id": lambda row: row.sequence,
            "linesequencenumber": lambda row: row.sequence,
            "mainline": lambda row: _tf(row.line is None),
            "item": line_value("item"),
            "quantity": line_value("quantity"),
            "rate": line_value("rate"),
            "foreignamount": lambda row: row.line.amount if row.line is not None else row.record.total,
            "netamount": lambda row: row.line.amount if row.line is not None else row.record.total,
            "memo": lambda row: (row.line.description or None) if row.line is not None else row.record.fields.get("memo"),
            "createdfrom": lambda row: row.record.fields.get("createdFrom"),
            "entity": lambda row: row.record.fields.get(RECORD_TYPES[row.record.type].entity_field),
            "orderline": lambda row: row.line.order_line if row.line is not None else None,
        },
        lambda acc: rows_of(acc.transactions()),
        display={
            "item": lambda row: _ref_name(account, "item", row.line.item) if row.line is not None else None,
            "transaction": lambda row: account.ref_name(row.record),
            "createdfrom": lambda row: _ref_name(account, "transaction", row.record.fields.get("createdFrom")),
        },
        indexes={
            "transaction": lambda acc, v: rows_of([r] if (r := acc.find_in_family("transaction", _int(v))) else []),
            "createdfrom": lambda acc, v: rows_of(acc.created_from(_int(v))),
            "entity": lambda acc, v: rows_of(acc.of_entity(_int(v))),
        },
    )


def _customer_table(account: "NetSuiteAccount") -> Table:
    def by_id(acc: "NetSuiteAccount", v: Any) -> Iterable[Any]:
        record = acc.find("customer", _int(v))
        return [record] if record else []

    return Table(
        "customer",
        {
            "id": lambda r: r.id,
            "entityid": lambda r: r.fields.get("entityId") or account.ref_name(r),
            "firstname": lambda r: r.fields.get("firstName"),
            "lastname": lambda r: r.fields.get("lastName"),
            "companyname": lambda r: r.fields.get("companyName"),
            "email": lambda r: r.fields.get("email"),
            "phone": lambda r: r.fields.get("phone"),
            "externalid": lambda r: r.fields.get("externalId"),
            "isperson": lambda r: _tf(r.fields.get("isPerson")),
            "currency": lambda r: r.fields.get("currency"),
            "datecreated": lambda r: r.fields.get("dateCreated"),
            "lastmodifieddate": lambda r: r.fields.get("lastModifiedDate"),
        },
        lambda acc: acc.records("customer"),
        display={"currency": lambda r: CURRENCIES.get(r.fields.get("currency") or 0)},
        indexes={"id": by_id, "externalid": _text_index("customer", "externalId"), "email": _text_index("customer", "email")},
    )


def _item_table(account: "NetSuiteAccount") -> Table:
    item_types = [t for t, s in RECORD_TYPES.items() if s.family == "item"]

    def rows(acc: "NetSuiteAccount") -> Iterator[Any]:
        for type_ in item_types:
            yield from acc.records(type_)

    return Table(
        "item",
        {
            "id": lambda r: r.id,
            "itemid": lambda r: r.fields.get("itemId"),
            "displayname": lambda r: r.fields.get("displayName"),
            "itemtype": lambda r: RECORD_TYPES[r.type].code,
            "externalid": lambda r: r.fields.get("externalId"),
            "isinactive": lambda r: _tf(r.fields.get("isInactive")),
            "baseprice": lambda r: r.fields.get("rate"),
        },
        rows,
        indexes={"id": lambda acc, v: [r] if (r := acc.find_in_family("item", _int(v))) else [],
                 "itemid": _text_index("item", "itemId"), "externalid": _text_index("item", "externalId")},
    )


def _currency_table(account: "NetSuiteAccount") -> Table:
    """The account's currency records (the REST ``currency`` record), under the columns SuiteQL's
    ``Currency`` table gives them."""
    return Table(
        "currency",
        {
            "id": lambda r: r.id,
            "name": lambda r: r.fields.get("name"),
            "symbol": lambda r: r.fields.get("symbol"),
            "displaysymbol": lambda r: r.fields.get("displaySymbol"),
            "symbolplacement": lambda r: r.fields.get("symbolPlacement"),
            "currencyprecision": lambda r: r.fields.get("currencyPrecision"),
            "exchangerate": lambda r: Decimal(str(r.fields.get("exchangeRate"))),
            "isbasecurrency": lambda r: _tf(r.fields.get("isBaseCurrency")),
            "isinactive": lambda r: _tf(r.fields.get("isInactive")),
            "externalid": lambda r: r.fields.get("externalId"),
            "lastmodifieddate": lambda r: r.fields.get("lastModifiedDate"),
        },
        lambda acc: acc.records("currency"),
        indexes={"id": lambda acc, v: [r] if (r := acc.find("currency", _int(v))) else []},
    )


#: Link types of ``nexttransactionlinelink`` (the simulator's names, FIDELITY.md).
LINK_TYPES = {"bill": "OrdBill", "authorize": "RtnAuth", "refund": "Refund", "pay": "Payment"}


def _links_table(account: "NetSuiteAccount") -> Table:
    from .schemas import TRANSFORMS

    def rows(acc: "NetSuiteAccount") -> Iterator[LinkRow]:
        for record in acc.transactions():
            source = record.fields.get("createdFrom")
            if source is not None and (previous := acc.find_in_family("transaction", source)) is not None:
                rule = TRANSFORMS.get((previous.type, record.type))
                yield LinkRow(previous, record, LINK_TYPES.get(rule.kind if rule else "", "Other"), record.total)
        for app in acc.all_applications():
            owner = acc.find_in_family("transaction", app.owner)
            doc = acc.find_in_family("transaction", app.doc)
            if owner is not None and doc is not None:
                yield LinkRow(doc, owner, "Payment", app.amount)

    def on_previous(acc: "NetSuiteAccount", value: Any) -> Iterable[LinkRow]:
        doc_id = _int(value)
        doc = acc.find_in_family("transaction", doc_id)
        if doc is None:
            return []
        out = [LinkRow(doc, child, LINK_TYPES.get(r.kind if (r := TRANSFORMS.get((doc.type, child.type))) else "", "Other"),
                       child.total) for child in acc.created_from(doc_id)]
        for app in acc.applications_on(doc):
            owner = acc.find_in_family("transaction", app.owner)
            if owner is not None:
                out.append(LinkRow(doc, owner, "Payment", app.amount))
        return out

    return Table(
        "nexttransactionlinelink",
        {
            "previousdoc": lambda row: row.previous.id,
            "nextdoc": lambda row: row.next.id,
            "previousline": lambda row: 0,
            "nextline": lambda row: 0,
            "previoustype": lambda row: RECORD_TYPES[row.previous.type].code,
            "nexttype": lambda row: RECORD_TYPES[row.next.type].code,
            "linktype": lambda row: row.linktype,
            "foreignamount": lambda row: row.amount,
        },
        rows,
        display={"previousdoc": lambda row: account.ref_name(row.previous), "nextdoc": lambda row: account.ref_name(row.next)},
        indexes={"previousdoc": on_previous},
    )


TABLES: dict[str, Callable[["NetSuiteAccount"], Table]] = {
    "transaction": _transaction_table,
    "transactionline": _transactionline_table,
    "customer": _customer_table,
    "item": _item_table,
    "currency": _currency_table,
    "nexttransactionlinelink": _links_table,
}


def _int(value: Any) -> int:
    """An id compared with ``value``, or -1 (no id) for text that is no number in ASCII digits:
    Decimal() alone also read '٨٩٩' as 899."""
    number = value if isinstance(value, (int, Decimal)) else ascii_decimal(str(value))
    # Beyond any id: no id (and '1e999999999' read as an int would be a billion digits long).
    if number is None or (isinstance(number, Decimal) and (not number.is_finite() or number.adjusted() >= MAX_DIGITS)):
        return -1
    return int(number)


def _ref_name(account: "NetSuiteAccount", family: str, id_: Any) -> str | None:
    if id_ is None:
        return None
    record = account.find_in_family(family, id_)
    return account.ref_name(record) if record is not None else None


# ================================================================ evaluation
@dataclass
class Result:
    items: list[dict[str, Any]]
    total: int


class _Evaluator:
    def __init__(self, table: Table, alias: str | None) -> None:
        self.table = table
        self.prefixes = {table.name} | ({alias} if alias else set())

    def column(self, col: Column) -> str:
        name = col.name
        if "." in name:
            prefix, name = name.split(".", 1)
            if prefix not in self.prefixes:
                raise _error(f"Unknown table or alias '{prefix}' (joins are not supported by this simulator).")
        if name not in self.table.columns:
            raise _error(f"Field '{name}' for record '{self.table.name}' was not found. Reason: NOT_EXPOSED - "
                         "the simulator does not expose this field.")
        return name

    def getter(self, expr: Any) -> Getter:
        if isinstance(expr, Column):
            return self.table.columns[self.column(expr)]
        if isinstance(expr, Display):
            name = self.column(expr.column)
            display = self.table.display.get(name)
            if display is not None:
                return display
            return self.table.columns[name]
        if isinstance(expr, Literal):
            value = expr.value
            return lambda row: value
        raise _error("Unsupported expression.")

    def condition(self, expr: Any) -> Callable[[Any], bool]:
        if isinstance(expr, BoolOp):
            parts = [self.condition(p) for p in expr.parts]
            if expr.op == "AND":
                return lambda row: all(p(row) for p in parts)
            return lambda row: any(p(row) for p in parts)
        if isinstance(expr, Not):
            inner = self.condition(expr.part)
            return lambda row: not inner(row)
        if isinstance(expr, IsNull):
            get = self.getter(expr.operand)
            return lambda row: (get(row) is None) != expr.negated
        if isinstance(expr, Compare):
            left, right = self.getter(expr.left), self.getter(expr.right)
            op = _COMPARATORS[expr.op]
            return lambda row: _compare(left(row), right(row), op)
        if isinstance(expr, InList):
            get = self.getter(expr.operand)
            values = [self.getter(v) for v in expr.values]
            eq = _COMPARATORS["="]
            return lambda row: (any(_compare(get(row), v(row), eq) for v in values) != expr.negated) if get(row) is not None else False
        if isinstance(expr, Like):
            get = self.getter(expr.operand)
            # The whole value against the whole pattern (fullmatch: "$" would also match before a
            # last line break, and 'gift' would be LIKE "gift\n").
            regex = re.compile("".join(".*" if c == "%" else "." if c == "_" else re.escape(c)
                                       for c in expr.pattern), re.DOTALL)
            return lambda row: (get(row) is not None and bool(regex.fullmatch(str(get(row))))) != expr.negated
        if isinstance(expr, Between):
            get, low, high = self.getter(expr.operand), self.getter(expr.low), self.getter(expr.high)
            ge, le = _COMPARATORS[">="], _COMPARATORS["<="]
            return lambda row: (_compare(get(row), low(row), ge) and _compare(get(row), high(row), le)) != expr.negated
        if isinstance(expr, (Column, Literal, Display)):
            raise _error("A condition must compare a value (e.g. column = value).")
        raise _error("Unsupported condition.")

    def candidates(self, account: "NetSuiteAccount", where: Any) -> Iterable[Any] | None:
        """Rows from an index for an ``=`` / ``IN`` on an indexed column among the top-level
        ANDed conditions, or None when none applies."""
        conjuncts = where.parts if isinstance(where, BoolOp) and where.op == "AND" else (where,)
        for part in conjuncts:
            # Both are set together below; ``column`` stays None when this part uses no index.
            column: Column | None = None
            values: list[Any] = []
            if isinstance(part, Compare) and part.op == "=":
                if isinstance(part.left, Column) and isinstance(part.right, Literal):
                    column, values = part.left, [part.right.value]
                elif isinstance(part.right, Column) and isinstance(part.left, Literal):
                    column, values = part.right, [part.left.value]
            elif isinstance(part, InList) and not part.negated and isinstance(part.operand, Column) \
                    and all(isinstance(v, Literal) for v in part.values):
                column, values = part.operand, [v.value for v in part.values]
            if column is None:
                continue
            name = self.column(column)
            index = self.table.indexes.get(name)
            if index is None or any(v is None for v in values):
                continue
            found = [index(account, value) for value in values]
            if any(rows is None for rows in found):
                continue
            seen: dict[int, Any] = {}
            for rows in found:
                for row in rows or ():
                    seen[id(row) if not hasattr(row, "id") else (row.id if not isinstance(row, (LineRow, LinkRow)) else id(row))] = row
            return list(seen.values())
        return None


def _normalise(value: Any) -> Any:
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, int):
        return Decimal(value)
    return value


def _compare(left: Any, right: Any, op: Callable[[Any, Any], bool]) -> bool:
    if left is None or right is None:
        return False
    left, right = _normalise(left), _normalise(right)
    if isinstance(left, str) and len(left) >= 10 and left[4:5] == "-" and isinstance(right, date):
        left = date.fromisoformat(left[:10])
    if isinstance(left, date) and isinstance(right, str):
        right = _as_date(right)
    elif isinstance(right, date) and isinstance(left, str):
        left = _as_date(left)
    elif isinstance(left, Decimal) and isinstance(right, str):
        try:
            right = Decimal(right)
        except InvalidOperation:
            left = str(left)
    elif isinstance(right, Decimal) and isinstance(left, str):
        try:
            left = Decimal(left)
        except InvalidOperation:
            right = str(right)
    try:
        return op(left, right)
    except TypeError:
        return False


def _as_date(text: str) -> date:
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
    raise _error(f"'{text}' is not a date; use TO_DATE('{text}', 'format').")


_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _text(value: Any) -> str | None:
    """A value as SuiteQL's REST answer prints it."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return f"{value.month}/{value.day}/{value.year}"
    if isinstance(value, date):
        return f"{value.month}/{value.day}/{value.year}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    if isinstance(value, str) and len(value) == 20 and value.endswith("Z") and value[10] == "T":
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        hour = moment.hour % 12 or 12
        return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"
    return str(value)


def execute(account: "NetSuiteAccount", sql: str, limit: int, offset: int) -> Result:
    """Run one SELECT. :raise InvalidParameter: syntax errors, unknown tables or columns and
    unsupported SQL, each named in the message."""
    statement = parse(sql)
    make = TABLES.get(statement.table)
    if make is None:
        raise _error(f"Record '{statement.table}' was not found. Tables exposed by this simulator: "
                     f"{', '.join(TABLES)}.")
    table = make(account)
    evaluator = _Evaluator(table, statement.alias)
    condition = evaluator.condition(statement.where) if statement.where is not None else None
    columns: list[tuple[str, Getter | None]] = []
    counting = False
    if not statement.items:
        columns = [(name, getter) for name, getter in table.columns.items()]
    else:
        for position, item in enumerate(statement.items, start=1):
            if isinstance(item.expr, CountAll):
                counting = True
                columns.append((item.alias or f"expr{position}", None))
                continue
            if isinstance(item.expr, Column):
                default = evaluator.column(item.expr)
            else:
                default = f"expr{position}"
            columns.append((item.alias or default, evaluator.getter(item.expr)))
    if counting and any(getter is not None for _, getter in columns):
        raise _error("COUNT(*) with other columns needs GROUP BY, which is not supported by this simulator.")
    order = [(evaluator.getter(expr), descending) for expr, descending in statement.order]
    with account.lock:
        rows = evaluator.candidates(account, statement.where) if statement.where is not None else None
        if rows is None:
            rows = table.rows(account)
        matched = [row for row in rows if condition is None or condition(row)]
        if counting:
            items: list[dict[str, str | None]] = [{name: str(len(matched)) for name, _ in columns}]
        else:
            if order:
                for getter, descending in reversed(order):
                    matched.sort(key=lambda row: _sort_key(getter(row)), reverse=descending)
            elif statement.table != "nexttransactionlinelink":
                matched.sort(key=_row_order)
            items = []
            seen: set[tuple[Any, ...]] = set()
            for row in matched:
                values = {name: _text(getter(row)) for name, getter in columns if getter is not None}
                if statement.distinct:
                    key = tuple(sorted(values.items(), key=lambda kv: kv[0]))
                    if key in seen:
                        continue
                    seen.add(key)
                items.append(values)
            if statement.top is not None:
                items = items[:statement.top]
    total = len(items)
    page = []
    for values in items[offset:offset + limit]:
        row = {"links": []}
        row.update({name: values[name] for name in sorted(values) if values[name] is not None})
        page.append(row)
    return Result(page, total)


def _row_order(row: Any) -> tuple[int, int]:
    if isinstance(row, LineRow):
        return (row.record.id, row.sequence)
    return (getattr(row, "id", 0), 0)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (1, 0)
    value = _normalise(value)
    if isinstance(value, (Decimal, date)):
        return (0, value if isinstance(value, Decimal) else Decimal(value.toordinal()))
    return (0, Decimal(0)) if value == "" else (2, str(value))
