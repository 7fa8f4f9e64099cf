"""The served schema of each API version: Shopify's own Admin schema, pruned by
``contracts/shopify/graphql/prune.py`` (files in ``schemas/``), with the simulator's resolvers and
Shopify's custom scalars bound to it, and what it leaves out.

A real field the simulator does not resolve stays in the schema (introspection shows Shopify's
definition, unchanged) and is refused before anything runs by :class:`NotSimulatedRule`; a real field
or type that was pruned (its type is not simulated) is named in the version's ``.pruned.json`` index,
so the "doesn't exist" error graphql-core gives for it is answered as "not simulated" instead
(:mod:`.errors`).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from graphql import (
    ArgumentNode, FieldNode, FloatValueNode, GraphQLArgument, GraphQLError, GraphQLScalarType, GraphQLSchema,
    IntValueNode, StringValueNode, Undefined, ValidationRule, VariableNode, build_schema, is_abstract_type,
    value_from_ast,
)

from simulators.core.numbers import ascii_decimal, whole_number

from .resolvers import NOT_SIMULATED, RESOLVERS, UNSIMULATED_ARGUMENTS, decimal_text, iso_time, refund_create

HERE = Path(__file__).resolve().parent / "schemas"
#: The API versions served over GraphQL: those with a vendored Shopify schema (FIDELITY.md).
SERVED_VERSIONS = ("2025-01", "2026-01", "2026-04")


@dataclass(frozen=True)
class Served:
    """One version's schema and the index of the real names it leaves out."""

    version: str
    schema: GraphQLSchema
    pruned_types: frozenset[str]
    pruned_fields: dict[str, dict[str, str]]


# ====================================================================== scalars
def _invalid(value: Any, scalar: str) -> GraphQLError:
    return GraphQLError(f"Could not coerce value {json.dumps(value, default=str)} to {scalar}")


def _decimal_input(scalar: str) -> Any:
    def parse(value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise _invalid(value, scalar)
        number = ascii_decimal(str(value).strip())  # ASCII digits only, as Ruby's BigDecimal reads them
        if number is None or not number.is_finite():
            raise _invalid(value, scalar)
        return number

    def literal(node: Any, _variables: Any = None) -> Decimal:
        if isinstance(node, (StringValueNode, IntValueNode, FloatValueNode)):
            return _literal(parse)(node.value)
        raise ValueError(f"Could not coerce value to {scalar}")

    return parse, literal


def _literal(parse: Any) -> Any:
    """``parse`` for a literal: its refusal as a ValueError, not a GraphQLError. graphql-core passes
    a GraphQLError of a literal on as it is — without the literal's location, path or code —
    while any other error becomes one at the literal, which the mapping words as graphql-ruby's
    "Argument 'a' on Field 'f' has an invalid value (…)" (``argumentLiteralsIncompatible``)."""
    def checked(value: Any) -> Any:
        try:
            return parse(value)
        except GraphQLError as error:
            raise ValueError(error.message) from None
    return checked


def _decimal_output(value: Any) -> str:
    return decimal_text(value) if isinstance(value, Decimal) else str(value)


def _unsigned(value: Any) -> str:
    """``UnsignedInt64`` is printed as a string of digits (JSON numbers lose precision past 2^53)."""
    return str(value)


def _unsigned_input(value: Any) -> str:
    number = whole_number(str(value)) if not isinstance(value, bool) and isinstance(value, (str, int)) else None
    if number is None or number >= 2**64:
        raise _invalid(value, "UnsignedInt64")
    return str(number)


def _date_time(value: Any) -> str:
    return iso_time(value)


def _date_time_input(value: Any) -> str:
    if not isinstance(value, str):
        raise _invalid(value, "DateTime")
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _invalid(value, "DateTime") from None
    return value


def _string_literal(parse: Any) -> Any:
    def literal(node: Any, _variables: Any = None) -> Any:
        if isinstance(node, (StringValueNode, IntValueNode)):
            return _literal(parse)(node.value)
        raise ValueError("Could not coerce value")  # not a GraphQLError: see _literal
    return literal


def _bind_scalars(schema: GraphQLSchema) -> None:
    """Shopify's custom scalars: money and decimals as ``Decimal`` in and Ruby-printed text out,
    ``UnsignedInt64`` as a string of digits, ``DateTime`` as ISO-8601."""
    bindings: dict[str, tuple[Any, Any, Any]] = {
        name: (_decimal_output, *_decimal_input(name)) for name in ("Money", "Decimal")}
    bindings["UnsignedInt64"] = (_unsigned, _unsigned_input, _string_literal(_unsigned_input))
    bindings["DateTime"] = (_date_time, _date_time_input, _string_literal(_date_time_input))
    for name, (output, value, literal) in bindings.items():
        scalar = schema.type_map.get(name)
        if isinstance(scalar, GraphQLScalarType):
            scalar.serialize = scalar.coerce_output_value = output  # type: ignore[method-assign]
            scalar.parse_value = scalar.coerce_input_value = value  # type: ignore[method-assign]
            scalar.parse_literal = literal  # type: ignore[method-assign]
            scalar.coerce_input_literal = literal


# ====================================================================== resolvers
def _bound(resolve: Any) -> Any:
    def field_resolver(parent: Any, info: Any, **args: Any) -> Any:
        return resolve(parent, args, info.context)
    return field_resolver


def _bind_resolvers(schema: GraphQLSchema) -> None:
    for type_name, fields in RESOLVERS.items():
        graphql_type = schema.type_map.get(type_name)
        for name, definition in getattr(graphql_type, "fields", {}).items():
            resolve = fields.get(name)
            if resolve is not None:
                definition.resolve = resolve if resolve is refund_create else _bound(resolve)


# ====================================================================== not simulated
def simulated(schema: GraphQLSchema, type_name: str, field_name: str) -> bool:
    """Whether the simulator resolves ``type_name.field_name`` (on an interface: on every type of it)."""
    graphql_type = schema.type_map.get(type_name)
    if graphql_type is not None and is_abstract_type(graphql_type):
        return all(field_name in RESOLVERS.get(t.name, {}) for t in schema.get_possible_types(graphql_type))  # type: ignore[arg-type]
    return field_name in RESOLVERS.get(type_name, {})


def not_simulated_message(version: str, what: str) -> str:
    return f"{what} is part of Shopify's Admin API {version} but is not simulated"


class NotSimulatedRule(ValidationRule):
    """A real field (or argument) of the served schema that the simulator does not resolve is
    refused before anything runs — a mutation never writes and then fails on its answer."""

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        parent = self.context.get_parent_type()
        if parent is None or self.context.get_field_def() is None or node.name.value.startswith("__") \
                or parent.name.startswith("__"):  # introspection is graphql-core's own, whole
            return
        schema = self.context.schema
        version = getattr(schema, "shopify_version", "")
        field_name = node.name.value
        if not simulated(schema, parent.name, field_name):
            self.report_error(GraphQLError(not_simulated_message(version, f"Field '{field_name}' on type '{parent.name}'"),
                                           node, extensions={"code": NOT_SIMULATED, "typeName": parent.name,
                                                             "fieldName": field_name}))
            return
        refused = UNSIMULATED_ARGUMENTS.get(parent.name, {}).get(field_name, frozenset())
        definitions = self.context.get_field_def().args  # type: ignore[union-attr]  # checked above
        for argument in node.arguments or ():
            if argument.name.value in refused and not _at_default(argument, definitions.get(argument.name.value)):
                self.report_error(GraphQLError(
                    not_simulated_message(version, f"Argument '{argument.name.value}' of field '{parent.name}.{field_name}'"),
                    argument, extensions={"code": NOT_SIMULATED, "typeName": parent.name, "fieldName": field_name,
                                          "argumentName": argument.name.value}))


def _at_default(argument: ArgumentNode, definition: GraphQLArgument | None) -> bool:
    """Whether ``argument`` is written as a literal equal to its default (``includeRemovals: false``),
    or null where there is none: what the simulator does, so not refused. A variable's value is not
    known while validating: it is refused, as before."""
    if definition is None or isinstance(argument.value, VariableNode):
        return False
    value = value_from_ast(argument.value, definition.type)
    if value is Undefined:
        return False  # not a value of the type: the specified rules report it
    default = definition.default_value
    if default is Undefined:  # graphql-core 3.3 keeps an SDL default on the definition's AST node
        node = definition.ast_node
        default = value_from_ast(node.default_value, definition.type) if node is not None and node.default_value else None
    return bool(value == default)


# ====================================================================== loading
_LOCK = threading.Lock()
_SERVED: dict[str, Served] = {}


def served(version: str) -> Served:
    """The schema of ``version`` (one of :data:`SERVED_VERSIONS`), built once per process.

    :raise KeyError: a version without a vendored schema.
    """
    found = _SERVED.get(version)
    if found is not None:
        return found
    if version not in SERVED_VERSIONS:
        raise KeyError(version)
    with _LOCK:
        if version not in _SERVED:
            schema = build_schema((HERE / f"admin_{version}.graphql").read_text())
            schema.shopify_version = version  # type: ignore[attr-defined] # read by NotSimulatedRule
            _bind_scalars(schema)
            _bind_resolvers(schema)
            index = json.loads((HERE / f"admin_{version}.pruned.json").read_text())
            _SERVED[version] = Served(version, schema, frozenset(index["types"]), index["fields"])
        return _SERVED[version]
