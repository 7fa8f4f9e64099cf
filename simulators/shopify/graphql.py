"""A small GraphQL Admin API (``POST /admin/api/<version>/graphql.json``) for refunds.

Hand-written, for exactly these operations (FIDELITY.md says what is not supported):

- ``query { order(id: "gid://shopify/Order/<id>") { ... refunds { ... } suggestedRefund(...) { ... } } }``
  (also ``refund(id:)`` and ``shop``);
- ``mutation { refundCreate(input: RefundInput!) @idempotent(key: "...") { refund order userErrors } }``:
  a retry with the same key and input returns the refund made the first time; from API version
  2026-04 the mutation is refused without the directive.

The document is parsed (operations, variables, aliases, fragments, inline fragments, ``@include``
/ ``@skip``), validated against the schema below — unknown fields and arguments, missing required
arguments, selections on leaves, undeclared or unused variables are refused with no ``data``, as
Shopify's graphql-ruby does — and executed. Errors are ``{"errors": [{"message", "locations",
"path", "extensions": {"code", ...}}]}`` with HTTP 200. Ids are global ids
(``gid://shopify/<Type>/<id>``), money is ``MoneyBag`` / ``MoneyV2`` (``{amount, currencyCode}``).
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable

from simulators.core.clock import iso
from simulators.core.http import parse_json
from simulators.core.numbers import whole_number

from . import errors
from .schemas import IDEMPOTENCY_REQUIRED_FROM, ZERO

if TYPE_CHECKING:
    from .models import Calculation, Order, Refund, Shop, Transaction


# ====================================================================== lexer
class GraphQLSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


@dataclass(frozen=True)
class Token:
    kind: str  # NAME INT FLOAT STRING PUNCT EOF
    value: str
    line: int
    column: int


_TOKEN = re.compile(r"""
    (?P<ignored>[\s,\ufeff]+|\#[^\n\r]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[!$()\:=@\[\]{}|&])
  | (?P<float>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+))
  | (?P<int>-?(?:0|[1-9][0-9]*))
  | (?P<block>\"\"\"(?:\\\"\"\"|[^"]|"(?!""))*\"\"\")
  | (?P<string>"(?:\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})|[^"\\\n\r])*")
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
""", re.VERBOSE)
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _unescape(raw: str) -> str:
    return re.sub(r'\\(u[0-9A-Fa-f]{4}|["\\/bfnrt])',
                  lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "u" else _ESCAPES[m.group(1)], raw)


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    pos, line, line_start = 0, 1, 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        column = pos - line_start + 1
        if match is None:
            raise GraphQLSyntaxError(f'Parse error on "{source[pos]}" (error) at [{line}, {column}]', line, column)
        text = match.group(0)
        kind = match.lastgroup or ""
        if kind == "string":
            tokens.append(Token("STRING", _unescape(text[1:-1]), line, column))
        elif kind == "block":
            tokens.append(Token("STRING", text[3:-3].replace('\\"""', '"""').strip("\n"), line, column))
        elif kind in ("punct", "spread"):
            tokens.append(Token("PUNCT", text, line, column))
        elif kind != "ignored":
            tokens.append(Token(kind.upper(), text, line, column))
        newlines = text.count("\n")
        if newlines:
            line += newlines
            line_start = pos + text.rfind("\n") + 1
        pos = match.end()
    tokens.append(Token("EOF", "", line, pos - line_start + 1))
    return tokens


# ====================================================================== AST
@dataclass
class Node:
    line: int
    column: int

    @property
    def location(self) -> dict[str, int]:
        return {"line": self.line, "column": self.column}


@dataclass
class Variable(Node):
    name: str


@dataclass
class EnumLiteral(Node):
    value: str


@dataclass
class ListLiteral(Node):
    values: list[Any]


@dataclass
class ObjectLiteral(Node):
    fields: dict[str, Any]


@dataclass
class Literal(Node):
    value: Any  # str, int, float, bool, None


@dataclass
class Directive(Node):
    name: str
    arguments: dict[str, Any]


@dataclass
class TypeNode(Node):
    name: str | None = None  # a named type
    of: "TypeNode | None" = None  # a list's item type
    non_null: bool = False

    def __str__(self) -> str:
        text = f"[{self.of}]" if self.of is not None else str(self.name)
        return text + ("!" if self.non_null else "")


@dataclass
class Field(Node):
    alias: str | None
    name: str
    arguments: dict[str, Any]
    directives: list[Directive]
    selections: list[Any] | None

    @property
    def key(self) -> str:
        return self.alias or self.name


@dataclass
class FragmentSpread(Node):
    name: str
    directives: list[Directive]


@dataclass
class InlineFragment(Node):
    type_condition: str | None
    directives: list[Directive]
    selections: list[Any]


@dataclass
class VariableDefinition(Node):
    name: str
    type: TypeNode
    default: Any = None
    has_default: bool = False


@dataclass
class Operation(Node):
    kind: str
    name: str | None
    variables: list[VariableDefinition]
    directives: list[Directive]
    selections: list[Any]


@dataclass
class Fragment(Node):
    name: str
    type_condition: str
    directives: list[Directive]
    selections: list[Any]


#: Selection sets and input values nested deeper than this are refused while parsing (the parser
#: and the executor recurse once per level; Shopify's own limit is not documented).
MAX_DEPTH = 100


class Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0

    def _nest(self, delta: int) -> None:
        self.depth += delta
        if self.depth > MAX_DEPTH:
            t = self.token
            raise GraphQLSyntaxError(f"Query is nested too deeply (more than {MAX_DEPTH} levels) at [{t.line}, {t.column}]",
                                     t.line, t.column)

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def _error(self) -> GraphQLSyntaxError:
        t = self.token
        if t.kind == "EOF":
            return GraphQLSyntaxError("Unexpected end of document", t.line, t.column)
        kind = {"NAME": "IDENTIFIER", "PUNCT": {"{": "LCURLY", "}": "RCURLY", "(": "LPAREN", ")": "RPAREN",
                                                 "[": "LBRACKET", "]": "RBRACKET", ":": "COLON", "!": "BANG",
                                                 "$": "VAR_SIGN", "@": "DIR_SIGN", "=": "EQUALS",
                                                 "...": "ELLIPSIS"}.get(t.value, "PUNCT")}.get(t.kind, t.kind)
        return GraphQLSyntaxError(f'Parse error on "{t.value}" ({kind}) at [{t.line}, {t.column}]', t.line, t.column)

    def _peek(self, value: str) -> bool:
        return self.token.kind == "PUNCT" and self.token.value == value

    def _expect(self, value: str) -> Token:
        if not self._peek(value):
            raise self._error()
        token = self.token
        self.pos += 1
        return token

    def _name(self) -> Token:
        if self.token.kind != "NAME":
            raise self._error()
        token = self.token
        self.pos += 1
        return token

    def document(self) -> tuple[list[Operation], dict[str, Fragment]]:
        operations: list[Operation] = []
        fragments: dict[str, Fragment] = {}
        while self.token.kind != "EOF":
            if self._peek("{"):
                t = self.token
                operations.append(Operation(t.line, t.column, "query", None, [], [], self._selections()))
            elif self.token.kind == "NAME" and self.token.value in ("query", "mutation", "subscription"):
                operations.append(self._operation())
            elif self.token.kind == "NAME" and self.token.value == "fragment":
                fragment = self._fragment()
                fragments[fragment.name] = fragment
            else:
                raise self._error()
        if not operations and not fragments:
            raise self._error()
        return operations, fragments

    def _operation(self) -> Operation:
        t = self._name()
        name = self._name().value if self.token.kind == "NAME" else None
        variables: list[VariableDefinition] = []
        if self._peek("("):
            self._expect("(")
            while not self._peek(")"):
                v = self._expect("$")
                var_name = self._name().value
                self._expect(":")
                type_node = self._type()
                definition = VariableDefinition(v.line, v.column, var_name, type_node)
                if self._peek("="):
                    self._expect("=")
                    definition.default, definition.has_default = self._value(const=True), True
                self._directives()
                variables.append(definition)
            self._expect(")")
        directives = self._directives()
        return Operation(t.line, t.column, t.value, name, variables, directives, self._selections())

    def _fragment(self) -> Fragment:
        t = self._name()
        name = self._name()
        if name.value == "on":
            raise self._error()
        if self._name().value != "on":
            self.pos -= 1
            raise self._error()
        condition = self._name().value
        return Fragment(t.line, t.column, name.value, condition, self._directives(), self._selections())

    def _type(self) -> TypeNode:
        t = self.token
        if self._peek("["):
            self._nest(+1)
            self._expect("[")
            node = TypeNode(t.line, t.column, of=self._type())
            self._expect("]")
            self._nest(-1)
        else:
            node = TypeNode(t.line, t.column, name=self._name().value)
        if self._peek("!"):
            self._expect("!")
            node.non_null = True
        return node

    def _directives(self) -> list[Directive]:
        directives: list[Directive] = []
        while self._peek("@"):
            t = self._expect("@")
            directives.append(Directive(t.line, t.column, self._name().value, self._arguments()))
        return directives

    def _arguments(self) -> dict[str, Any]:
        arguments: dict[str, Any] = {}
        if self._peek("("):
            self._expect("(")
            while not self._peek(")"):
                name = self._name().value
                self._expect(":")
                arguments[name] = self._value()
            self._expect(")")
        return arguments

    def _selections(self) -> list[Any]:
        self._nest(+1)
        self._expect("{")
        selections: list[Any] = []
        while not self._peek("}"):
            selections.append(self._selection())
        self._expect("}")
        self._nest(-1)
        if not selections:
            raise self._error()
        return selections

    def _selection(self) -> Any:
        t = self.token
        if self._peek("..."):
            self._expect("...")
            if self.token.kind == "NAME" and self.token.value != "on":
                return FragmentSpread(t.line, t.column, self._name().value, self._directives())
            condition = None
            if self.token.kind == "NAME" and self.token.value == "on":
                self._name()
                condition = self._name().value
            return InlineFragment(t.line, t.column, condition, self._directives(), self._selections())
        name = self._name()
        alias = None
        if self._peek(":"):
            self._expect(":")
            alias, name = name.value, self._name()
        arguments = self._arguments()
        directives = self._directives()
        selections = self._selections() if self._peek("{") else None
        return Field(name.line, name.column, alias, name.value, arguments, directives, selections)

    def _value(self, const: bool = False) -> Any:
        t = self.token
        if self._peek("$") and not const:
            self._expect("$")
            return Variable(t.line, t.column, self._name().value)
        if self._peek("["):
            self._nest(+1)
            self._expect("[")
            values = []
            while not self._peek("]"):
                values.append(self._value(const))
            self._expect("]")
            self._nest(-1)
            return ListLiteral(t.line, t.column, values)
        if self._peek("{"):
            self._nest(+1)
            self._expect("{")
            fields: dict[str, Any] = {}
            while not self._peek("}"):
                name = self._name().value
                self._expect(":")
                fields[name] = self._value(const)
            self._expect("}")
            self._nest(-1)
            return ObjectLiteral(t.line, t.column, fields)
        self.pos += 1
        if t.kind == "INT":
            # Past 19 digits no Int or ID fits; kept as text, it fails coercion as an invalid value
            # (int() itself refuses more than 4,300 digits).
            return Literal(t.line, t.column, int(t.value) if len(t.value.lstrip("-")) <= 19 else t.value)
        if t.kind == "FLOAT":
            return Literal(t.line, t.column, float(t.value))
        if t.kind == "STRING":
            return Literal(t.line, t.column, t.value)
        if t.kind == "NAME":
            if t.value in ("true", "false"):
                return Literal(t.line, t.column, t.value == "true")
            if t.value == "null":
                return Literal(t.line, t.column, None)
            return EnumLiteral(t.line, t.column, t.value)
        self.pos -= 1
        raise self._error()


# ====================================================================== schema
@dataclass(frozen=True)
class TypeRef:
    name: str | None = None
    of: "TypeRef | None" = None
    non_null: bool = False

    @property
    def named(self) -> str:
        ref: TypeRef = self
        while ref.of is not None:
            ref = ref.of
        return str(ref.name)

    def __str__(self) -> str:
        text = f"[{self.of}]" if self.of is not None else str(self.name)
        return text + ("!" if self.non_null else "")


def type_ref(text: str) -> TypeRef:
    text = text.strip()
    if text.endswith("!"):
        inner = type_ref(text[:-1])
        return TypeRef(inner.name, inner.of, True)
    if text.startswith("["):
        return TypeRef(of=type_ref(text[1:-1]))
    return TypeRef(text)


def _from_node(node: TypeNode) -> TypeRef:
    return TypeRef(node.name, _from_node(node.of) if node.of else None, node.non_null)


@dataclass
class FieldDef:
    type: TypeRef
    resolve: Callable[[Any, dict[str, Any], "Context"], Any]
    args: dict[str, tuple[TypeRef, Any]] = field(default_factory=dict)


SCALARS = {"ID", "String", "Int", "Float", "Boolean", "DateTime", "Money", "Decimal", "UnsignedInt64", "URL"}
ENUMS: dict[str, tuple[str, ...]] = {
    "CurrencyCode": ("USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF", "SEK", "NOK", "DKK", "NZD", "MXN", "BRL", "PLN",
                     "CZK", "HUF", "INR", "SGD", "HKD", "ZAR"),
    "OrderDisplayFinancialStatus": ("AUTHORIZED", "EXPIRED", "PAID", "PARTIALLY_PAID", "PARTIALLY_REFUNDED",
                                    "PENDING", "REFUNDED", "VOIDED"),
    "OrderDisplayFulfillmentStatus": ("FULFILLED", "IN_PROGRESS", "ON_HOLD", "OPEN", "PARTIALLY_FULFILLED",
                                      "PENDING_FULFILLMENT", "RESTOCKED", "SCHEDULED", "UNFULFILLED"),
    "OrderTransactionKind": ("AUTHORIZATION", "CAPTURE", "CHANGE", "EMV_AUTHORIZATION", "REFUND", "SALE",
                             "SUGGESTED_REFUND", "VOID"),
    "OrderTransactionStatus": ("AWAITING_RESPONSE", "ERROR", "FAILURE", "PENDING", "SUCCESS", "UNKNOWN"),
    "RefundLineItemRestockType": ("CANCEL", "LEGACY_RESTOCK", "NO_RESTOCK", "RETURN"),
    "OrderAdjustmentKind": ("REFUND_DISCREPANCY", "SHIPPING_REFUND"),
    "OrderAdjustmentDiscrepancyReason": ("CUSTOMER", "DAMAGE", "FULL_RETURN_BALANCING_ADJUSTMENT", "PENDING_REFUND_DISCREPANCY",
                                         "REFUND_DISCREPANCY", "RESTOCK"),
}
INPUTS: dict[str, dict[str, str]] = {
    "RefundInput": {
        "orderId": "ID!", "note": "String", "notify": "Boolean", "currency": "CurrencyCode",
        "refundLineItems": "[RefundLineItemInput!]", "shipping": "ShippingRefundInput",
        "transactions": "[OrderTransactionInput!]", "refundDuties": "[RefundDutyInput!]", "processedAt": "DateTime",
        "allowOverRefunding": "Boolean",
    },
    "RefundLineItemInput": {"lineItemId": "ID!", "quantity": "Int!", "restockType": "RefundLineItemRestockType",
                            "locationId": "ID"},
    "ShippingRefundInput": {"amount": "Money", "fullRefund": "Boolean"},
    "OrderTransactionInput": {"amount": "Money!", "gateway": "String!", "kind": "OrderTransactionKind!",
                              "orderId": "ID!", "parentId": "ID"},
    "RefundDutyInput": {"dutyId": "ID!", "refundType": "String"},
}
DIRECTIVES: dict[str, dict[str, TypeRef]] = {
    "include": {"if": type_ref("Boolean!")}, "skip": {"if": type_ref("Boolean!")},
    "idempotent": {"key": type_ref("String!")},
}
CONNECTION_ARGS = {"first": "Int", "after": "String", "last": "Int", "before": "String", "reverse": "Boolean"}


# ====================================================================== values
class FieldError(Exception):
    """A resolver's error: the field becomes null and the error is listed with its path."""

    def __init__(self, message: str, code: str | None = None, **extensions: Any) -> None:
        super().__init__(message)
        self.code = code
        self.extensions = extensions


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass
class Payload:
    refund: Any = None
    order: Any = None
    user_errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SuggestedRefund:
    order: "Order"
    calc: "Calculation"


def decimal_text(value: Decimal) -> str:
    """Shopify prints a Decimal as Ruby's BigDecimal does: ``10.0``, ``41.94``, ``0.5``."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def gid(kind: str, record_id: Any) -> str:
    return f"gid://shopify/{kind}/{record_id}"


_GID = re.compile(r"^gid://shopify/(?P<kind>[A-Za-z]+)/(?P<id>\d+)(?:\?.*)?$")


def parse_gid(value: Any, kind: str) -> int | None:
    """The numeric id of a global id of ``kind``, or None when it is not one."""
    match = _GID.match(value) if isinstance(value, str) else None
    if match is None or match.group("kind") != kind:
        return None
    return whole_number(match.group("id"))


class CoercionError(Exception):
    def __init__(self, path: list[Any], explanation: str) -> None:
        super().__init__(explanation)
        self.path = path
        self.explanation = explanation


def _coerce_scalar(name: str, value: Any, path: list[Any]) -> Any:
    def fail() -> CoercionError:
        return CoercionError(path, f"Could not coerce value {json.dumps(value)} to {name}")

    if name in ENUMS:
        text = value.value if isinstance(value, EnumLiteral) else value
        if not isinstance(text, str) or text not in ENUMS[name]:
            raise CoercionError(path, f"Expected {json.dumps(text)} to be one of: {', '.join(ENUMS[name])}")
        return text
    if isinstance(value, EnumLiteral):
        raise fail()
    if name == "ID":
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise fail()
        return str(value)
    if name in ("String", "DateTime", "URL"):
        if not isinstance(value, str):
            raise fail()
        return value
    if name == "Int":
        if isinstance(value, bool) or not isinstance(value, int) or not -2**31 <= value < 2**31:
            raise fail()
        return value
    if name == "Float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail()
        return float(value)
    if name == "Boolean":
        if not isinstance(value, bool):
            raise fail()
        return value
    if name in ("Money", "Decimal", "UnsignedInt64"):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise fail()
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise fail() from None
        if not number.is_finite():
            raise fail()
        return number
    raise fail()


def coerce(value: Any, ref: TypeRef, path: list[Any], variables: dict[str, Any] | None = None) -> Any:
    """An input value (JSON from the variables, or a literal node) coerced to ``ref``.

    Variables inside literals are replaced by their (already coerced) values.
    :raise CoercionError: with the path of the offending part.
    """
    if isinstance(value, Variable):
        return (variables or {}).get(value.name)
    if isinstance(value, Literal):
        value = value.value
    if value is None:
        if ref.non_null:
            raise CoercionError(path, "Expected value to not be null")
        return None
    if ref.of is not None:
        items = value.values if isinstance(value, ListLiteral) else value if isinstance(value, list) else [value]
        return [coerce(item, ref.of, [*path, i], variables) for i, item in enumerate(items)]
    name = str(ref.name)
    if name in INPUTS:
        fields = value.fields if isinstance(value, ObjectLiteral) else value
        if not isinstance(fields, dict):
            raise CoercionError(path, f"Expected {json.dumps(fields) if not isinstance(fields, Node) else 'value'} "
                                      f"to be a key-value object.")
        spec = INPUTS[name]
        for key in fields:
            if key not in spec:
                raise CoercionError([*path, key], f"Field is not defined on {name}")
        result = {}
        for key, text in spec.items():
            if key in fields:
                result[key] = coerce(fields[key], type_ref(text), [*path, key], variables)
            elif text.endswith("!"):
                raise CoercionError([*path, key], "Expected value to not be null")
        return result
    if isinstance(value, (ListLiteral, ObjectLiteral)):
        raise CoercionError(path, f"Could not coerce value to {name}")
    return _coerce_scalar(name, value, path)


# ====================================================================== context
@dataclass
class Context:
    shop: "Shop"
    version: str
    current: Field | None = None
    directive_args: dict[str, dict[str, Any]] = field(default_factory=dict)


def _money_bag(value: Decimal, currency: str) -> Money:
    return Money(value, currency)


def _order_money(getter: Callable[["Order"], Decimal]) -> FieldDef:
    return FieldDef(type_ref("MoneyBag!"), lambda o, a, c: _money_bag(getter(o), o.currency))


def _connection(item_type: str, resolve: Callable[[Any, dict[str, Any], Context], list[Any]]) -> FieldDef:
    return FieldDef(type_ref(f"{item_type}Connection!"),
                    lambda o, a, c: _paginate(resolve(o, a, c), a),
                    {k: (type_ref(v), None) for k, v in CONNECTION_ARGS.items()})


@dataclass
class Page:
    items: list[Any]
    cursors: list[str]
    has_next: bool
    has_previous: bool


def _cursor(index: int) -> str:
    return base64.b64encode(json.dumps({"last_id": index}).encode()).decode()


def _uncursor(cursor: str) -> int:
    try:
        return int(parse_json(base64.b64decode(cursor.encode()))["last_id"])
    except (ValueError, KeyError, TypeError):
        raise FieldError(f"Invalid cursor for current pagination: {cursor}", "argumentLiteralsIncompatible") from None


def _paginate(items: list[Any], args: dict[str, Any]) -> Page:
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise FieldError("you must provide one of first or last", "missingRequiredArguments")
    if first is not None and last is not None:
        raise FieldError("providing both first and last is not supported", "argumentLiteralsIncompatible")
    indexed = list(enumerate(items))
    if args.get("reverse"):
        indexed.reverse()
    if args.get("after"):
        after = _uncursor(args["after"])
        position = next((i for i, (index, _) in enumerate(indexed) if index == after), len(indexed))
        indexed = indexed[position + 1:]
    if args.get("before"):
        before = _uncursor(args["before"])
        position = next((i for i, (index, _) in enumerate(indexed) if index == before), len(indexed))
        indexed = indexed[:position]
    total = len(indexed)
    if first is not None:
        if first < 0 or first > 250:
            raise FieldError("first must be between 0 and 250", "argumentLiteralsIncompatible")
        chosen = indexed[:first]
        has_next, has_previous = total > first, bool(args.get("after"))
    else:
        assert last is not None  # one of first and last is given (checked above)
        if last < 0 or last > 250:
            raise FieldError("last must be between 0 and 250", "argumentLiteralsIncompatible")
        chosen = indexed[max(0, total - last):] if last else []
        has_next, has_previous = bool(args.get("before")), total > last
    return Page([item for _, item in chosen], [_cursor(index) for index, _ in chosen], has_next, has_previous)


def _first(items: list[Any], args: dict[str, Any]) -> list[Any]:
    first = args.get("first")
    return items if first is None else items[:max(first, 0)]


def _transaction_kind(txn: "Transaction") -> str:
    return txn.kind.upper()


def _refundable_v2(txn: "Transaction", c: Context) -> Money | None:
    order = c.shop.find_order(txn.order_id)
    if order is None or txn.kind not in ("sale", "capture") or txn.status != "success":
        return None
    return Money(order.refundable(txn), txn.currency)


def _suggested_refund(order: "Order", args: dict[str, Any], c: Context) -> SuggestedRefund:
    lines = []
    for item in args.get("refundLineItems") or []:
        line_id = parse_gid(item["lineItemId"], "LineItem")
        lines.append({"line_item_id": line_id if line_id is not None else item["lineItemId"],
                      "quantity": item["quantity"], "restock_type": (item.get("restockType") or "NO_RESTOCK").lower()})
    body: dict[str, Any] = {"refund_line_items": lines}
    if args.get("refundShipping"):
        body["shipping"] = {"full_refund": True}
    elif args.get("shippingAmount") is not None:
        body["shipping"] = {"amount": str(args["shippingAmount"])}
    try:
        _, calc = c.shop.calculate_refund(order.id, {"refund": body})
    except errors.Unprocessable as exc:
        raise FieldError(f"{_graphql_path_text(exc.field)}{exc.message}", "BAD_REQUEST") from None
    return SuggestedRefund(order, calc)


def _graphql_path_text(rest_field: str) -> str:
    path = user_error_field(rest_field)
    return f"{'.'.join(path)}: " if path else ""


def user_error_field(rest_field: str | None) -> list[str] | None:
    """A REST error field (``refund_line_items[0].quantity``) as a GraphQL userErrors path."""
    if not rest_field or rest_field == "base":
        return None
    parts: list[str] = []
    for piece in rest_field.split("."):
        match = re.match(r"^([a-z_]+)((?:\[\d+\])*)$", piece)
        if match is None:
            parts.append(piece)
            continue
        head = match.group(1).split("_")
        parts.append(head[0] + "".join(word.title() for word in head[1:]))
        parts.extend(re.findall(r"\d+", match.group(2)))
    return parts


def _status_enum(order: "Order") -> str:
    return order.financial_status.upper()


def _fulfillment_enum(order: "Order") -> str:
    return {"fulfilled": "FULFILLED", "partial": "PARTIALLY_FULFILLED"}.get(order.fulfillment_status or "", "UNFULFILLED")


def _refund_total(refund: "Refund", c: Context) -> Money:
    order = c.shop.find_order(refund.order_id)
    return Money(refund.refunded_money, order.currency if order else "USD")


def _line_of(order_id: int, line_item_id: int, c: Context) -> Any:
    order = c.shop.find_order(order_id)
    return next((line for line in order.line_items if line.id == line_item_id), None) if order else None


@dataclass
class RefundLineRow:
    """A refund line with the order it belongs to (its money needs the order's currency)."""

    row: Any
    order: "Order"


@dataclass
class ShippingRow:
    row: Any
    order: "Order"


@dataclass
class AdjustmentRow:
    row: Any
    order: "Order"


@dataclass
class TaxRow:
    row: Any
    currency: str


@dataclass
class LineRow:
    row: Any
    order: "Order"


def _refund_order(refund: "Refund", c: Context) -> "Order":
    order = c.shop.find_order(refund.order_id)
    assert order is not None
    return order


TYPES: dict[str, dict[str, FieldDef]] = {
    "QueryRoot": {
        "order": FieldDef(type_ref("Order"), lambda o, a, c: _node(a["id"], "Order", c), {"id": (type_ref("ID!"), None)}),
        "refund": FieldDef(type_ref("Refund"), lambda o, a, c: _node(a["id"], "Refund", c), {"id": (type_ref("ID!"), None)}),
        "shop": FieldDef(type_ref("Shop!"), lambda o, a, c: c.shop),
    },
    "Mutation": {
        "refundCreate": FieldDef(type_ref("RefundCreatePayload"), lambda o, a, c: _refund_create(a["input"], c),
                                 {"input": (type_ref("RefundInput!"), None)}),
    },
    "Shop": {
        "id": FieldDef(type_ref("ID!"), lambda s, a, c: gid("Shop", zlib.crc32(s.domain.encode()))),
        "name": FieldDef(type_ref("String!"), lambda s, a, c: s.domain.split(".")[0]),
        "myshopifyDomain": FieldDef(type_ref("String!"), lambda s, a, c: s.domain),
        "currencyCode": FieldDef(type_ref("CurrencyCode!"), lambda s, a, c: "USD"),
    },
    "Order": {
        "id": FieldDef(type_ref("ID!"), lambda o, a, c: gid("Order", o.id)),
        "legacyResourceId": FieldDef(type_ref("UnsignedInt64!"), lambda o, a, c: str(o.id)),
        "name": FieldDef(type_ref("String!"), lambda o, a, c: o.name),
        "email": FieldDef(type_ref("String"), lambda o, a, c: o.email or None),
        "note": FieldDef(type_ref("String"), lambda o, a, c: o.note),
        "createdAt": FieldDef(type_ref("DateTime!"), lambda o, a, c: iso(o.created_at)),
        "updatedAt": FieldDef(type_ref("DateTime!"), lambda o, a, c: iso(o.updated_at)),
        "processedAt": FieldDef(type_ref("DateTime!"), lambda o, a, c: iso(o.created_at)),
        "currencyCode": FieldDef(type_ref("CurrencyCode!"), lambda o, a, c: o.currency),
        "presentmentCurrencyCode": FieldDef(type_ref("CurrencyCode!"), lambda o, a, c: o.currency),
        "displayFinancialStatus": FieldDef(type_ref("OrderDisplayFinancialStatus"), lambda o, a, c: _status_enum(o)),
        "displayFulfillmentStatus": FieldDef(type_ref("OrderDisplayFulfillmentStatus!"), lambda o, a, c: _fulfillment_enum(o)),
        "refundable": FieldDef(type_ref("Boolean!"), lambda o, a, c: o.captured_total - o.refunded_total > 0),
        "totalPriceSet": _order_money(lambda o: o.total_price),
        "subtotalPriceSet": _order_money(lambda o: o.subtotal),
        "totalTaxSet": _order_money(lambda o: o.total_tax),
        "totalDiscountsSet": _order_money(lambda o: o.total_discounts),
        "totalShippingPriceSet": _order_money(lambda o: o.total_shipping),
        "totalRefundedSet": _order_money(lambda o: o.refunded_total),
        "totalRefundedShippingSet": _order_money(lambda o: o.refunded_shipping()),
        "totalReceivedSet": _order_money(lambda o: o.captured_total),
        "netPaymentSet": _order_money(lambda o: o.captured_total - o.refunded_total),
        "totalOutstandingSet": _order_money(lambda o: o.total_outstanding),
        "totalCapturableSet": _order_money(lambda o: sum((o.capturable(t) for t in o.open_authorizations()), ZERO)),
        "currentTotalPriceSet": _order_money(lambda o: o.current_total_price),
        "currentSubtotalPriceSet": _order_money(lambda o: o.current_subtotal),
        "currentTotalTaxSet": _order_money(lambda o: o.current_total_tax),
        "refunds": FieldDef(type_ref("[Refund!]!"), lambda o, a, c: _first(list(o.refunds), a), {"first": (type_ref("Int"), None)}),
        "transactions": FieldDef(type_ref("[OrderTransaction!]!"), lambda o, a, c: _first(list(o.transactions), a),
                                 {"first": (type_ref("Int"), None), "capturable": (type_ref("Boolean"), None),
                                  "manuallyResolvable": (type_ref("Boolean"), None)}),
        "lineItems": _connection("LineItem", lambda o, a, c: [LineRow(line, o) for line in o.line_items]),
        "shippingLines": _connection("ShippingLine", lambda o, a, c: [ShippingRow(s, o) for s in o.shipping_lines]),
        "suggestedRefund": FieldDef(type_ref("SuggestedRefund"), _suggested_refund, {
            "refundLineItems": (type_ref("[RefundLineItemInput!]"), None), "shippingAmount": (type_ref("Money"), None),
            "refundShipping": (type_ref("Boolean"), None), "suppressNotifications": (type_ref("Boolean"), False),
            "refundDuties": (type_ref("[RefundDutyInput!]"), None),
        }),
    },
    "LineItem": {
        "id": FieldDef(type_ref("ID!"), lambda r, a, c: gid("LineItem", r.row.id)),
        "name": FieldDef(type_ref("String!"), lambda r, a, c: r.row.title),
        "title": FieldDef(type_ref("String!"), lambda r, a, c: r.row.title),
        "sku": FieldDef(type_ref("String"), lambda r, a, c: r.row.sku or None),
        "quantity": FieldDef(type_ref("Int!"), lambda r, a, c: r.row.quantity),
        "currentQuantity": FieldDef(type_ref("Int!"), lambda r, a, c: r.row.quantity - r.order.refunded_quantity(r.row.id)),
        "refundableQuantity": FieldDef(type_ref("Int!"), lambda r, a, c: r.row.quantity - r.order.refunded_quantity(r.row.id)),
        "unfulfilledQuantity": FieldDef(type_ref("Int!"), lambda r, a, c: max(0, r.row.quantity - r.row.fulfilled
                                                                                - r.order.cancelled_quantity(r.row.id))),
        "originalUnitPriceSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.price, r.order.currency)),
        "discountedUnitPriceAfterAllDiscountsSet": FieldDef(
            type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.discounted_total / r.row.quantity, r.order.currency)),
        "originalTotalSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.price * r.row.quantity, r.order.currency)),
        "discountedTotalSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.discounted_total, r.order.currency)),
        "totalDiscountSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.total_discount, r.order.currency)),
        "taxLines": FieldDef(type_ref("[TaxLine!]!"), lambda r, a, c: [TaxRow(t, r.order.currency) for t in r.row.tax_lines],
                             {"first": (type_ref("Int"), None)}),
    },
    "ShippingLine": {
        "id": FieldDef(type_ref("ID"), lambda r, a, c: gid("ShippingLine", r.row.id)),
        "title": FieldDef(type_ref("String!"), lambda r, a, c: r.row.title),
        "code": FieldDef(type_ref("String"), lambda r, a, c: r.row.code),
        "originalPriceSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.price, r.order.currency)),
        "discountedPriceSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.price, r.order.currency)),
        "taxLines": FieldDef(type_ref("[TaxLine!]!"), lambda r, a, c: [TaxRow(t, r.order.currency) for t in r.row.tax_lines]),
    },
    "TaxLine": {
        "title": FieldDef(type_ref("String!"), lambda t, a, c: t.row.title),
        "rate": FieldDef(type_ref("Float"), lambda t, a, c: float(t.row.rate)),
        "ratePercentage": FieldDef(type_ref("Float"), lambda t, a, c: float(t.row.rate * 100)),
        "priceSet": FieldDef(type_ref("MoneyBag!"), lambda t, a, c: Money(t.row.price, t.currency)),
    },
    "Refund": {
        "id": FieldDef(type_ref("ID!"), lambda r, a, c: gid("Refund", r.id)),
        "legacyResourceId": FieldDef(type_ref("UnsignedInt64!"), lambda r, a, c: str(r.id)),
        "note": FieldDef(type_ref("String"), lambda r, a, c: r.note),
        "createdAt": FieldDef(type_ref("DateTime"), lambda r, a, c: iso(r.created_at)),
        "updatedAt": FieldDef(type_ref("DateTime!"), lambda r, a, c: iso(r.created_at)),
        "totalRefundedSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: _refund_total(r, c)),
        "order": FieldDef(type_ref("Order!"), lambda r, a, c: _refund_order(r, c)),
        "refundLineItems": _connection("RefundLineItem", lambda r, a, c: [RefundLineRow(x, _refund_order(r, c))
                                                                         for x in r.line_items]),
        "refundShippingLines": _connection("RefundShippingLine", lambda r, a, c: [ShippingRow(x, _refund_order(r, c))
                                                                                 for x in r.shipping_lines]),
        "orderAdjustments": _connection("OrderAdjustment", lambda r, a, c: [AdjustmentRow(x, _refund_order(r, c))
                                                                           for x in r.adjustments]),
        "transactions": _connection("OrderTransaction", lambda r, a, c: list(r.transactions)),
    },
    "RefundLineItem": {
        "id": FieldDef(type_ref("ID"), lambda r, a, c: gid("RefundLineItem", r.row.id) if r.row.id else None),
        "lineItem": FieldDef(type_ref("LineItem!"), lambda r, a, c: LineRow(
            next(line for line in r.order.line_items if line.id == r.row.line_item_id), r.order)),
        "quantity": FieldDef(type_ref("Int!"), lambda r, a, c: r.row.quantity),
        "restockType": FieldDef(type_ref("RefundLineItemRestockType!"), lambda r, a, c: r.row.restock_type.upper()),
        "restocked": FieldDef(type_ref("Boolean!"), lambda r, a, c: r.row.restock_type != "no_restock" and r.row.id is not None),
        "priceSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(
            next(line for line in r.order.line_items if line.id == r.row.line_item_id).price, r.order.currency)),
        "subtotalSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.subtotal, r.order.currency)),
        "totalTaxSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.total_tax, r.order.currency)),
    },
    "RefundShippingLine": {
        "id": FieldDef(type_ref("ID!"), lambda r, a, c: gid("RefundShippingLine", r.row.id)),
        "shippingLine": FieldDef(type_ref("ShippingLine"), lambda r, a, c: ShippingRow(
            next(s for s in r.order.shipping_lines if s.id == r.row.shipping_line_id), r.order)),
        "subtotalAmountSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.amount, r.order.currency)),
        "taxAmountSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.tax, r.order.currency)),
    },
    "OrderAdjustment": {
        "id": FieldDef(type_ref("ID!"), lambda r, a, c: gid("OrderAdjustment", r.row.id)),
        "amountSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.amount, r.order.currency)),
        "taxAmountSet": FieldDef(type_ref("MoneyBag!"), lambda r, a, c: Money(r.row.tax_amount, r.order.currency)),
        "reason": FieldDef(type_ref("OrderAdjustmentKind"), lambda r, a, c: r.row.kind.upper()),
    },
    "OrderTransaction": {
        "id": FieldDef(type_ref("ID!"), lambda t, a, c: gid("OrderTransaction", t.id)),
        "kind": FieldDef(type_ref("OrderTransactionKind!"), lambda t, a, c: _transaction_kind(t)),
        "status": FieldDef(type_ref("OrderTransactionStatus!"), lambda t, a, c: t.status.upper()),
        "gateway": FieldDef(type_ref("String"), lambda t, a, c: t.gateway),
        "test": FieldDef(type_ref("Boolean!"), lambda t, a, c: False),
        "errorCode": FieldDef(type_ref("String"), lambda t, a, c: None),
        "authorizationCode": FieldDef(type_ref("String"), lambda t, a, c: t.authorization),
        "createdAt": FieldDef(type_ref("DateTime!"), lambda t, a, c: iso(t.created_at)),
        "processedAt": FieldDef(type_ref("DateTime"), lambda t, a, c: iso(t.created_at)),
        "amountSet": FieldDef(type_ref("MoneyBag!"), lambda t, a, c: Money(t.amount, t.currency)),
        "maximumRefundableV2": FieldDef(type_ref("MoneyV2"), lambda t, a, c: _refundable_v2(t, c)),
        "parentTransaction": FieldDef(type_ref("OrderTransaction"), lambda t, a, c: _parent(t, c)),
        "order": FieldDef(type_ref("Order"), lambda t, a, c: c.shop.find_order(t.order_id)),
    },
    "SuggestedRefund": {
        "amountSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(
            sum((x.amount for x in s.calc.suggested), ZERO) if s.calc.suggested else s.calc.total, s.order.currency)),
        "subtotalSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(s.calc.subtotal, s.order.currency)),
        "discountedSubtotalSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(s.calc.subtotal, s.order.currency)),
        "totalTaxSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(s.calc.total_tax, s.order.currency)),
        "totalCartDiscountAmountSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(sum(
            (_line_of(s.order.id, r.line_item_id, c).allocated_for(r.quantity) for r in s.calc.line_items), ZERO),
            s.order.currency)),
        "totalDutiesSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(ZERO, s.order.currency)),
        "maximumRefundableSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(s.calc.maximum_refundable, s.order.currency)),
        "refundLineItems": FieldDef(type_ref("[RefundLineItem!]!"), lambda s, a, c: [RefundLineRow(r, s.order)
                                                                                      for r in s.calc.line_items]),
        "shipping": FieldDef(type_ref("ShippingRefund!"), lambda s, a, c: s),
        "suggestedTransactions": FieldDef(type_ref("[SuggestedOrderTransaction!]!"), lambda s, a, c: [
            (x, s.order) for x in s.calc.suggested]),
    },
    "ShippingRefund": {
        "amountSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(s.calc.shipping, s.order.currency)),
        "maximumRefundableSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(s.calc.shipping_maximum, s.order.currency)),
        "taxSet": FieldDef(type_ref("MoneyBag!"), lambda s, a, c: Money(s.calc.shipping_tax, s.order.currency)),
    },
    "SuggestedOrderTransaction": {
        "amountSet": FieldDef(type_ref("MoneyBag!"), lambda x, a, c: Money(x[0].amount, x[1].currency)),
        "maximumRefundableSet": FieldDef(type_ref("MoneyBag"), lambda x, a, c: Money(x[0].maximum_refundable, x[1].currency)),
        "gateway": FieldDef(type_ref("String!"), lambda x, a, c: x[0].gateway),
        "kind": FieldDef(type_ref("OrderTransactionKind!"), lambda x, a, c: "SUGGESTED_REFUND"),
        "parentTransaction": FieldDef(type_ref("OrderTransaction"), lambda x, a, c: x[1].transaction(x[0].parent_id)),
    },
    "RefundCreatePayload": {
        "refund": FieldDef(type_ref("Refund"), lambda p, a, c: p.refund),
        "order": FieldDef(type_ref("Order"), lambda p, a, c: p.order),
        "userErrors": FieldDef(type_ref("[UserError!]!"), lambda p, a, c: p.user_errors),
    },
    "UserError": {
        "field": FieldDef(type_ref("[String!]"), lambda e, a, c: e["field"]),
        "message": FieldDef(type_ref("String!"), lambda e, a, c: e["message"]),
    },
    "MoneyBag": {
        "shopMoney": FieldDef(type_ref("MoneyV2!"), lambda m, a, c: m),
        "presentmentMoney": FieldDef(type_ref("MoneyV2!"), lambda m, a, c: m),
    },
    "MoneyV2": {
        "amount": FieldDef(type_ref("Decimal!"), lambda m, a, c: decimal_text(m.amount)),
        "currencyCode": FieldDef(type_ref("CurrencyCode!"), lambda m, a, c: m.currency),
    },
    "PageInfo": {
        "hasNextPage": FieldDef(type_ref("Boolean!"), lambda p, a, c: p.has_next),
        "hasPreviousPage": FieldDef(type_ref("Boolean!"), lambda p, a, c: p.has_previous),
        "startCursor": FieldDef(type_ref("String"), lambda p, a, c: p.cursors[0] if p.cursors else None),
        "endCursor": FieldDef(type_ref("String"), lambda p, a, c: p.cursors[-1] if p.cursors else None),
    },
}
for _item in ("LineItem", "ShippingLine", "RefundLineItem", "RefundShippingLine", "OrderAdjustment", "OrderTransaction"):
    TYPES[f"{_item}Connection"] = {
        "edges": FieldDef(type_ref(f"[{_item}Edge!]!"), lambda p, a, c: list(zip(p.cursors, p.items, strict=True))),
        "nodes": FieldDef(type_ref(f"[{_item}!]!"), lambda p, a, c: p.items),
        "pageInfo": FieldDef(type_ref("PageInfo!"), lambda p, a, c: p),
    }
    TYPES[f"{_item}Edge"] = {
        "cursor": FieldDef(type_ref("String!"), lambda e, a, c: e[0]),
        "node": FieldDef(type_ref(f"{_item}!"), lambda e, a, c: e[1]),
    }


def _parent(txn: "Transaction", c: Context) -> "Transaction | None":
    order = c.shop.find_order(txn.order_id)
    return order.transaction(txn.parent_id) if order and txn.parent_id else None


def _node(value: str, kind: str, c: Context) -> Any:
    record_id = parse_gid(value, kind)
    if record_id is None:
        raise FieldError(f"Invalid global id '{value}'", "argumentLiteralsIncompatible")
    if kind == "Order":
        return c.shop.find_order(record_id)
    found = c.shop.find_refund(record_id)
    return found[1] if found else None


# ====================================================================== refundCreate
def _refund_body(data: dict[str, Any], order_id: int) -> dict[str, Any]:
    """RefundInput as the REST body the model understands; raises Unprocessable for what the
    GraphQL input can say but REST cannot."""
    body: dict[str, Any] = {}
    if data.get("note") is not None:
        body["note"] = data["note"]
    if data.get("currency") is not None:
        body["currency"] = data["currency"]
    lines = []
    for index, item in enumerate(data.get("refundLineItems") or []):
        line_id = parse_gid(item["lineItemId"], "LineItem")
        if line_id is None:
            raise errors.Unprocessable("Line item does not exist", f"refund_line_items[{index}].line_item_id")
        row: dict[str, Any] = {"line_item_id": line_id, "quantity": item["quantity"],
                               "restock_type": (item.get("restockType") or "NO_RESTOCK").lower()}
        if item.get("locationId") is not None:
            location = parse_gid(item["locationId"], "Location")
            if location is None:
                raise errors.Unprocessable("Location could not be found", f"refund_line_items[{index}].location_id")
            row["location_id"] = location
        lines.append(row)
    body["refund_line_items"] = lines
    shipping = data.get("shipping")
    if shipping:
        if shipping.get("fullRefund"):
            body["shipping"] = {"full_refund": True}
        elif shipping.get("amount") is not None:
            body["shipping"] = {"amount": str(shipping["amount"])}
    transactions = []
    for index, item in enumerate(data.get("transactions") or []):
        if item["kind"] != "REFUND":
            raise errors.Unprocessable("must be REFUND", f"transactions[{index}].kind")
        if parse_gid(item["orderId"], "Order") != order_id:
            raise errors.Unprocessable("must be the order being refunded", f"transactions[{index}].order_id")
        parent = parse_gid(item["parentId"], "OrderTransaction") if item.get("parentId") is not None else None
        if item.get("parentId") is not None and parent is None:
            raise errors.Unprocessable("Parent transaction must be a successful sale or capture of this order", "base")
        if item["amount"] < 0:
            raise errors.Unprocessable("must be greater than 0", f"transactions[{index}].amount")
        transactions.append({"kind": "refund", "gateway": item["gateway"], "amount": str(item["amount"]),
                             "parent_id": parent})
    body["transactions"] = transactions
    return body


def _refund_create(data: dict[str, Any], c: Context) -> Payload:
    key = c.directive_args.get("idempotent", {}).get("key")
    if key is None and c.version >= IDEMPOTENCY_REQUIRED_FROM:
        raise FieldError("The @idempotent directive is required for this mutation. Add @idempotent(key: \"<unique key>\") "
                         "to refundCreate.", "BAD_REQUEST")
    order_id = parse_gid(data["orderId"], "Order")
    order = c.shop.find_order(order_id) if order_id is not None else None
    if order is None:
        return Payload(user_errors=[{"field": ["orderId"], "message": "Order does not exist"}])
    try:
        body = _refund_body(data, order.id)
        fingerprint = c.shop.fingerprint(data)
        refund = c.shop.create_refund(order.id, {"refund": body},
                                      idempotency=(key, fingerprint) if key is not None else None)
    except errors.IdempotencyMismatch as exc:
        return Payload(user_errors=[{"field": None, "message": exc.message}])
    except errors.Unprocessable as exc:
        return Payload(user_errors=[{"field": user_error_field(exc.field), "message": exc.message}])
    except errors.NotFound:
        return Payload(user_errors=[{"field": ["orderId"], "message": "Order does not exist"}])
    return Payload(refund=refund, order=c.shop.find_order(order.id))


# ====================================================================== validation & execution
class _Errors(list):
    def add(self, message: str, node: Node | None, path: list[Any] | None = None, code: str | None = None,
            **extensions: Any) -> None:
        entry: dict[str, Any] = {"message": message}
        if node is not None:
            entry["locations"] = [node.location]
        if path is not None:
            entry["path"] = path
        if code is not None or extensions:
            entry["extensions"] = {**({"code": code} if code else {}), **extensions}
        self.append(entry)


def _leaf(name: str) -> bool:
    return name in SCALARS or name in ENUMS


class _Validator:
    def __init__(self, fragments: dict[str, Fragment], variables: dict[str, Any], operation: Operation) -> None:
        self.fragments = fragments
        self.variables = variables
        self.operation = operation
        self.declared = {v.name for v in operation.variables}
        self.types = {v.name: _from_node(v.type) for v in operation.variables}
        self.defaults = {v.name for v in operation.variables if v.has_default}
        self.used: set[str] = set()
        self.errors = _Errors()
        self._visiting: list[str] = []

    def _check_variables_in(self, value: Any) -> None:
        if isinstance(value, Variable):
            self.used.add(value.name)
            if value.name not in self.declared:
                label = self.operation.name or "anonymous " + self.operation.kind
                self.errors.add(f"Variable ${value.name} is used by {label} but not declared", value,
                                code="variableNotDefined", variableName=value.name)
        elif isinstance(value, ListLiteral):
            for item in value.values:
                self._check_variables_in(item)
        elif isinstance(value, ObjectLiteral):
            for item in value.fields.values():
                self._check_variables_in(item)

    def _directives(self, directives: list[Directive], where: str, path: list[Any]) -> None:
        for d in directives:
            spec = DIRECTIVES.get(d.name)
            if spec is None:
                self.errors.add(f"Directive @{d.name} is not defined", d, path, "undefinedDirective", directiveName=d.name)
                continue
            if d.name == "idempotent" and where != "mutation field":
                self.errors.add(f"'@{d.name}' can't be applied to {where}s (allowed: mutation fields)", d, path,
                                "directiveCannotBeApplied", targetName=where, name=d.name)
            for arg, value in d.arguments.items():
                self._check_variables_in(value)
                if arg not in spec:
                    self.errors.add(f"Directive '{d.name}' doesn't accept argument '{arg}'", d, path,
                                    "argumentNotAccepted", name=d.name, typeName="Directive", argumentName=arg)
            missing = [a for a, ref in spec.items() if ref.non_null and a not in d.arguments]
            if missing:
                self.errors.add(f"Directive '{d.name}' is missing required arguments: {', '.join(missing)}", d, path,
                                "missingRequiredArguments", className="Directive", name=d.name, arguments=", ".join(missing))
            for arg, value in d.arguments.items():
                if arg in spec:
                    self._literal(value, spec[arg], f"Directive '{d.name}'", arg, d, path)

    def _literal(self, value: Any, ref: TypeRef, owner: str, arg: str, node: Node, path: list[Any]) -> None:
        for variable, expected in _variable_uses(value, ref):
            declared = self.types.get(variable.name)
            if declared is not None and (declared.named != expected.named or _list_depth(declared) != _list_depth(expected)
                                         or (expected.non_null and not declared.non_null
                                             and variable.name not in self.defaults)):
                self.errors.add(f"Nullability mismatch on variable ${variable.name} and argument {arg} ({declared} / {expected})"
                                if declared.named == expected.named else
                                f"Type mismatch on variable ${variable.name} and argument {arg} ({declared} / {expected})",
                                variable, path, "variableMismatch", variableName=variable.name, typeName=str(declared),
                                argumentName=arg, errorMessage="Type mismatch")
        try:
            coerce(value, ref, [], self.variables)
        except CoercionError as exc:
            if isinstance(value, Variable):
                return  # reported when the variables were coerced
            self.errors.add(f"Argument '{arg}' on {owner} has an invalid value ({_literal_text(value)}). "
                            f"Expected type '{ref}'.", node, path, "argumentLiteralsIncompatible",
                            typeName="CoercionError" if exc.path else "Field", argumentName=arg)

    def selections(self, selections: list[Any], type_name: str, path: list[Any], where: str = "field") -> None:
        fields = TYPES[type_name]
        for selection in selections:
            if isinstance(selection, Field):
                field_path = [*path, selection.key]
                self._directives(selection.directives,
                                 "mutation field" if type_name == "Mutation" else "field", field_path)
                if selection.name == "__typename":
                    if selection.selections:
                        self.errors.add(f"Selections can't be made on scalars (field '__typename' returns String "
                                        f"but has selections [{', '.join(_names(selection.selections))}])",
                                        selection, field_path, "selectionMismatch", nodeName="field '__typename'", typeName="String")
                    continue
                definition = fields.get(selection.name)
                if definition is None:
                    self.errors.add(f"Field '{selection.name}' doesn't exist on type '{type_name}'", selection, field_path,
                                    "undefinedField", typeName=type_name, fieldName=selection.name)
                    continue
                for arg, value in selection.arguments.items():
                    self._check_variables_in(value)
                    if arg not in definition.args:
                        self.errors.add(f"Field '{selection.name}' doesn't accept argument '{arg}'", selection, field_path,
                                        "argumentNotAccepted", name=selection.name, typeName="Field", argumentName=arg)
                    else:
                        self._literal(value, definition.args[arg][0], f"Field '{selection.name}'", arg, selection, field_path)
                missing = [a for a, (ref, default) in definition.args.items()
                           if ref.non_null and default is None and a not in selection.arguments]
                if missing:
                    self.errors.add(f"Field '{selection.name}' is missing required arguments: {', '.join(missing)}",
                                    selection, field_path, "missingRequiredArguments", className="Field",
                                    name=selection.name, arguments=", ".join(missing))
                target = definition.type.named
                if _leaf(target) and selection.selections:
                    self.errors.add(f"Selections can't be made on scalars (field '{selection.name}' returns {target} but "
                                    f"has selections [{', '.join(_names(selection.selections))}])", selection, field_path,
                                    "selectionMismatch", nodeName=f"field '{selection.name}'", typeName=target)
                elif not _leaf(target) and not selection.selections:
                    self.errors.add(f"Field must have selections (field '{selection.name}' returns {target} but has no "
                                    f"selections. Did you mean '{selection.name} {{ ... }}'?)", selection, field_path,
                                    "selectionMismatch", nodeName=f"field '{selection.name}'", typeName=target)
                elif not _leaf(target):
                    self.selections(selection.selections or [], target, field_path)
            elif isinstance(selection, FragmentSpread):
                self._directives(selection.directives, "fragment spread", path)
                fragment = self.fragments.get(selection.name)
                if fragment is None:
                    self.errors.add(f"Fragment {selection.name} was used, but not defined", selection, path,
                                    "useAndDefineFragment", fragmentName=selection.name)
                    continue
                if fragment.type_condition != type_name:
                    self.errors.add(f"Fragment {selection.name} on {fragment.type_condition} can't be spread inside "
                                    f"{type_name}", selection, path, "cannotSpreadFragment", fragmentName=selection.name)
                    continue
                if selection.name in self._visiting:
                    self.errors.add(f"Fragment {selection.name} contains an infinite loop", selection, path,
                                    "infiniteLoop", fragmentName=selection.name)
                    continue
                self._visiting.append(selection.name)
                self.selections(fragment.selections, type_name, path)
                self._visiting.pop()
            elif isinstance(selection, InlineFragment):
                self._directives(selection.directives, "inline fragment", path)
                condition = selection.type_condition or type_name
                if condition not in TYPES:
                    self.errors.add(f"No such type {condition}, so it can't be a fragment condition", selection, path,
                                    "undefinedType", typeName=condition)
                elif condition != type_name:
                    self.errors.add(f"Fragment on {condition} can't be spread inside {type_name}", selection, path,
                                    "cannotSpreadFragment", fragmentName="unknown")
                else:
                    self.selections(selection.selections, type_name, path)


def _list_depth(ref: TypeRef) -> int:
    depth = 0
    while ref.of is not None:
        depth, ref = depth + 1, ref.of
    return depth


def _variable_uses(value: Any, ref: TypeRef) -> list[tuple[Variable, TypeRef]]:
    """Every variable inside a literal, with the type expected where it stands."""
    if isinstance(value, Variable):
        return [(value, ref)]
    if isinstance(value, ListLiteral) and ref.of is not None:
        return [use for item in value.values for use in _variable_uses(item, ref.of)]
    if isinstance(value, ObjectLiteral) and str(ref.name) in INPUTS:
        spec = INPUTS[str(ref.name)]
        return [use for k, v in value.fields.items() if k in spec for use in _variable_uses(v, type_ref(spec[k]))]
    return []


def _names(selections: list[Any]) -> list[str]:
    return [s.name if isinstance(s, (Field, FragmentSpread)) else "..." for s in selections]


def _literal_text(value: Any) -> str:
    if isinstance(value, Variable):
        return f"${value.name}"
    if isinstance(value, EnumLiteral):
        return value.value
    if isinstance(value, ListLiteral):
        return "[" + ", ".join(_literal_text(v) for v in value.values) + "]"
    if isinstance(value, ObjectLiteral):
        return "{" + ", ".join(f"{k}: {_literal_text(v)}" for k, v in value.fields.items()) + "}"
    if isinstance(value, Literal):
        return json.dumps(value.value)
    return json.dumps(value)


class _Executor:
    def __init__(self, context: Context, fragments: dict[str, Fragment], variables: dict[str, Any]) -> None:
        self.context = context
        self.fragments = fragments
        self.variables = variables
        self.errors = _Errors()
        self.cost = 0

    def _included(self, directives: list[Directive]) -> bool:
        for d in directives:
            if d.name in ("skip", "include"):
                flag = coerce(d.arguments.get("if"), type_ref("Boolean!"), [], self.variables)
                if (d.name == "skip") == bool(flag):
                    return False
        return True

    def _collect(self, selections: list[Any], fields: dict[str, list[Field]]) -> dict[str, list[Field]]:
        for selection in selections:
            if not self._included(selection.directives):
                continue
            if isinstance(selection, Field):
                fields.setdefault(selection.key, []).append(selection)
            elif isinstance(selection, FragmentSpread):
                self._collect(self.fragments[selection.name].selections, fields)
            else:
                self._collect(selection.selections, fields)
        return fields

    def object(self, value: Any, type_name: str, selections: list[Any], path: list[Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, nodes in self._collect(selections, {}).items():
            node = nodes[0]
            field_path = [*path, key]
            if node.name == "__typename":
                result[key] = type_name
                continue
            definition = TYPES[type_name][node.name]
            self.cost += 1
            try:
                args = {name: coerce(node.arguments[name], ref, [], self.variables) if name in node.arguments else default
                        for name, (ref, default) in definition.args.items()}
                self.context.current = node
                self.context.directive_args = {
                    d.name: {k: coerce(v, DIRECTIVES[d.name][k], [], self.variables) for k, v in d.arguments.items()}
                    for d in node.directives if d.name in DIRECTIVES}
                resolved = definition.resolve(value, args, self.context)
            except FieldError as exc:
                self.errors.add(str(exc), node, field_path, exc.code, **exc.extensions)
                result[key] = None
                continue
            selections_of = [s for n in nodes for s in (n.selections or [])]
            result[key] = self.complete(resolved, definition.type, selections_of, field_path)
        return result

    def complete(self, value: Any, ref: TypeRef, selections: list[Any], path: list[Any]) -> Any:
        if value is None:
            return None
        if ref.of is not None:
            return [self.complete(item, ref.of, selections, [*path, i]) for i, item in enumerate(value)]
        name = str(ref.name)
        if _leaf(name):
            if isinstance(value, Decimal):
                return decimal_text(value)
            return value
        return self.object(value, name, selections, path)


def _cost_extension(cost: int) -> dict[str, Any]:
    return {"cost": {"requestedQueryCost": cost, "actualQueryCost": cost,
                     "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 2000.0, "restoreRate": 100.0}}}


def _nesting(selections: list[Any], fragments: dict[str, Fragment], memo: dict[str, int], level: int = 0,
             path: frozenset[str] = frozenset()) -> int:
    """How deep ``selections`` nest once fragments are expanded, a fragment spread counting as a
    level (so a long chain of fragments is deep too). It stops descending past :data:`MAX_DEPTH`
    (``level`` is how deep it already is), which bounds its own recursion; a cycle of fragments is
    left to the validator, which names it."""
    if level > MAX_DEPTH:
        return MAX_DEPTH + 1
    deepest = 0
    for selection in selections:
        if isinstance(selection, FragmentSpread):
            fragment = fragments.get(selection.name)
            if fragment is None or selection.name in path:
                continue
            if selection.name not in memo:
                memo[selection.name] = _nesting(fragment.selections, fragments, memo, level + 1, path | {selection.name})
            deepest = max(deepest, 1 + memo[selection.name])
        elif selection.selections:
            deepest = max(deepest, 1 + _nesting(selection.selections, fragments, memo, level + 1, path))
        if deepest > MAX_DEPTH:
            break
    return deepest


def execute(shop: "Shop", version: str, query: str, variables: Any = None, operation_name: Any = None) -> dict[str, Any]:
    """Run one GraphQL request; the result is the JSON body Shopify answers (always HTTP 200)."""
    errs = _Errors()
    try:
        operations, fragments = Parser(query).document()
    except GraphQLSyntaxError as exc:
        errs.add(str(exc), Node(exc.line, exc.column))
        return {"errors": list(errs)}
    if isinstance(variables, str):
        try:
            variables = parse_json(variables) if variables.strip() else {}
        except ValueError:
            variables = None
    if variables is None:
        variables = {}
    if not isinstance(variables, dict):
        errs.add("Variables must be a JSON object", None)
        return {"errors": list(errs)}
    # ------------------------------------------------------------ the operation
    if operation_name:
        operation = next((o for o in operations if o.name == operation_name), None)
        if operation is None:
            errs.add(f'No operation named "{operation_name}"', None)
            return {"errors": list(errs)}
    elif len(operations) == 1:
        operation = operations[0]
    else:
        errs.add("An operation name is required" if operations else "No operations in this document", None)
        return {"errors": list(errs)}
    # Before anything recurses over the operation (validation, execution): a mutation must never
    # write and then fail on the depth of what it was asked to answer.
    if _nesting(operation.selections, fragments, {}) > MAX_DEPTH:
        errs.add(f"Query is nested too deeply (more than {MAX_DEPTH} levels, counting fragment spreads)", operation)
        return {"errors": list(errs)}
    root = {"query": "QueryRoot", "mutation": "Mutation"}.get(operation.kind)
    if root is None:
        errs.add("Schema is not configured for subscriptions", operation, code="missingSubscriptionConfiguration")
        return {"errors": list(errs)}
    # ------------------------------------------------------------ variables
    values: dict[str, Any] = {}
    for definition in operation.variables:
        ref = _from_node(definition.type)
        if ref.named not in SCALARS and ref.named not in ENUMS and ref.named not in INPUTS:
            errs.add(f"{ref.named} isn't a defined input type (on ${definition.name})", definition,
                     code="variableRequiresValidType", typeName=ref.named, variableName=definition.name)
            continue
        provided = definition.name in variables
        raw = variables.get(definition.name)
        if not provided and definition.has_default:
            raw = definition.default
        try:
            values[definition.name] = coerce(raw, ref, [], {})
        except CoercionError as exc:
            where = f" for {'.'.join(str(p) for p in exc.path)}" if exc.path else ""
            errs.add(f"Variable ${definition.name} of type {ref} was provided invalid value{where} ({exc.explanation})"
                     if exc.path else f"Variable ${definition.name} of type {ref} was provided invalid value",
                     definition, code="INVALID_VARIABLE",
                     value=raw, problems=[{"path": exc.path, "explanation": exc.explanation}])
    if errs:
        return {"errors": list(errs)}
    # ------------------------------------------------------------ validation
    validator = _Validator(fragments, values, operation)
    validator._directives(operation.directives, operation.kind, [])
    validator.selections(operation.selections, root, [operation.kind])
    for definition in operation.variables:
        if definition.name not in validator.used:
            label = operation.name or "anonymous " + operation.kind
            validator.errors.add(f"Variable ${definition.name} is declared by {label} but not used", definition,
                                 code="variableNotUsed", variableName=definition.name)
    if validator.errors:
        return {"errors": list(validator.errors)}
    # ------------------------------------------------------------ execution
    executor = _Executor(Context(shop, version), fragments, values)
    if operation.kind == "mutation":
        data: dict[str, Any] = {}
        for nodes in executor._collect(operation.selections, {}).values():
            data.update(executor.object(None, root, nodes, []))
    else:
        data = executor.object(None, root, operation.selections, [])
    body: dict[str, Any] = {"data": data}
    if executor.errors:
        body["errors"] = list(executor.errors)
    body["extensions"] = _cost_extension(executor.cost + (10 if operation.kind == "mutation" else 0))
    return body
