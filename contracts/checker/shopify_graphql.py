"""Shopify's GraphQL contract: every ``graphql.json`` answer checked against the request's own
query and Shopify's introspection of the API version in the URL
(``contracts/shopify/graphql/admin_<version>.json.gz``, the vendor's full schema — not the pruned
one the simulator serves, so a pruning or resolver bug cannot hide behind its own schema).

What an answer must be (GraphQL spec, "Response" and "Value Completion"; Shopify's scalar
descriptions in the same introspection):

- the envelope: ``data`` (an object or null), ``errors`` (a non-empty list of ``{message,
  locations?, path?, extensions?}``), ``extensions`` (an object), nothing else; ``data`` null or
  absent only with errors;
- ``data`` has exactly the response keys the operation selects (aliases, fragments, ``@skip`` and
  ``@include`` with the request's variables), for the operation the request names;
- each value completes its field's type: never null where the type is non-null (a null travels to
  the nearest nullable parent), a list where it is a list, an enum's own values, an object's
  selection again; the built-in scalars as JSON types (``Int`` within 32 bits), Shopify's custom
  scalars as their descriptions say (``Decimal`` and ``Money`` as decimal strings,
  ``UnsignedInt64`` and ``BigInt`` as digit strings, ``DateTime`` and ``Date`` ISO 8601, ``JSON``
  anything, the others strings);
- an object of an interface or a union is checked as the object type it names in ``__typename``
  when selected, else as any possible type whose selection has exactly its keys.

An answer above 399 is checked as Shopify's REST error body (``{"errors": ...}``). A request whose
query does not parse, or names an unknown operation, must be answered with errors and no data.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import threading
from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLEnumType, GraphQLError,
    GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType, GraphQLScalarType,
    GraphQLSchema, GraphQLUnionType, InlineFragmentNode, OperationDefinitionNode, SelectionSetNode, build_client_schema,
    parse, value_from_ast_untyped,
)

from .core import CONTRACTS_DIR, Answer, SchemaCheck, Violation

CONTRACT = "Shopify GraphQL Admin API {version} (Shopify's introspection)"
#: The versions with a vendored introspection (contracts/shopify/graphql/PROVENANCE.md).
VERSIONS = ("2025-01", "2026-01", "2026-04")
#: How a path names its version.
_VERSION = re.compile(r"^/admin/api/([^/]+)/graphql\.json$")

_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_DIGITS = re.compile(r"^\d+$")
_SIGNED_DIGITS = re.compile(r"^-?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_UTC_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")
#: Shopify's custom scalars whose text has a form (their descriptions in the introspection).
_SCALAR_TEXT: dict[str, tuple[re.Pattern[str], str]] = {
    "Decimal": (_DECIMAL, "a decimal number as a string"),
    "Money": (_DECIMAL, "a monetary value string without a currency symbol or code"),
    "UnsignedInt64": (_DIGITS, "an unsigned 64-bit integer as a string of base-10 digits"),
    "BigInt": (_SIGNED_DIGITS, "a whole number as a string"),
    "DateTime": (_DATE_TIME, "an ISO 8601 date and time"),
    "Date": (_DATE, "an ISO 8601 date"),
    "UtcOffset": (_UTC_OFFSET, 'an offset "+HH:MM" or "-HH:MM"'),
}
_INT_RANGE = (-(2**31), 2**31 - 1)

#: The GraphQL-over-HTTP envelope and Shopify's REST error body (for answers above 399).
ENVELOPE = SchemaCheck("GraphQL over HTTP (response envelope)", {
    "title": "GraphQL response", "type": "object", "additionalProperties": False,
    "properties": {
        "data": {"type": ["object", "null"]},
        "errors": {"type": "array", "minItems": 1, "items": {
            "title": "GraphQL error", "type": "object", "required": ["message"],
            "properties": {
                "message": {"type": "string"},
                "locations": {"type": "array", "items": {
                    "type": "object", "required": ["line", "column"], "additionalProperties": False,
                    "properties": {"line": {"type": "integer", "minimum": 1}, "column": {"type": "integer", "minimum": 1}}}},
                "path": {"type": "array", "items": {"type": ["string", "integer"]}},
                "extensions": {"type": "object"}}}},
        "extensions": {"type": "object"}}})

_LOCK = threading.Lock()
_SCHEMAS: dict[str, GraphQLSchema] = {}


def schema(version: str) -> GraphQLSchema:
    """Shopify's full Admin schema of ``version``, built from its introspection once per process
    (a third of a second each; only the versions a run calls are built).

    :raise KeyError: a version without a vendored introspection.
    """
    found = _SCHEMAS.get(version)
    if found is None:
        if version not in VERSIONS:
            raise KeyError(version)
        with _LOCK:
            found = _SCHEMAS.get(version)
            if found is None:
                raw = gzip.decompress((CONTRACTS_DIR / "shopify" / "graphql" / f"admin_{version}.json.gz").read_bytes())
                introspection = json.loads(raw)
                found = _SCHEMAS[version] = build_client_schema(introspection.get("data", introspection))
    return found


@functools.lru_cache(maxsize=256)
def _document(query: str) -> DocumentNode | None:
    try:
        return parse(query)
    except GraphQLError:
        return None


#: A multipart form's request: its query is not read here (the raw parts are not kept).
MULTIPART = "multipart/form-data"


def _request(answer: Answer) -> tuple[str | None, dict[str, Any], Any]:
    """The query, variables and operation name the answer answers (``None`` query: unreadable), from
    the body as Rails reads it by its type: the query itself, JSON, or form fields (urlencoded, or
    a POST without a type; the simulator answers no data for another type)."""
    from simulators.shopify.params import ParameterError, parse_form

    media_type = answer.request_type.split(";")[0].strip().lower()
    if media_type == "application/graphql":
        return answer.request.decode("utf-8", "replace"), {}, None
    try:
        if media_type in ("application/x-www-form-urlencoded", ""):
            body: Any = parse_form(answer.request.decode("utf-8", "replace"))
        else:
            body = json.loads(answer.request)
    except (ValueError, ParameterError):
        return None, {}, None
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return None, {}, None
    variables = body.get("variables")
    if isinstance(variables, str):  # a form's, or JSON's variables sent as a string
        try:
            variables = json.loads(variables)
        except ValueError:
            variables = None
    return body["query"], variables if isinstance(variables, dict) else {}, body.get("operationName")


class _Walk:
    """One answer's ``data`` walked against its operation's selections."""

    def __init__(self, contract: str, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any]) -> None:
        self.contract = contract
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def violation(self, where: str, problem: str) -> Violation:
        return Violation(self.contract, where, problem)

    # ----------------------------------------------------------- selections
    def _included(self, node: FieldNode | InlineFragmentNode | FragmentSpreadNode) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            condition = next((a.value for a in directive.arguments or () if a.name.value == "if"), None)
            value = bool(value_from_ast_untyped(condition, dict(self.variables))) if condition is not None else False
            if (name == "skip" and value) or (name == "include" and not value):
                return False
        return True

    def _applies(self, condition: str | None, runtime: GraphQLObjectType) -> bool:
        if condition is None or condition == runtime.name:
            return True
        named = self.schema.get_type(condition)
        return isinstance(named, (GraphQLInterfaceType, GraphQLUnionType)) and self.schema.is_sub_type(named, runtime)

    def collect(self, runtime: GraphQLObjectType, selection_set: SelectionSetNode,
                into: dict[str, list[FieldNode]] | None = None, seen: set[str] | None = None) -> dict[str, list[FieldNode]]:
        """Response key → the field nodes selected under it on an object of type ``runtime``
        (the spec's CollectFields)."""
        into = {} if into is None else into
        seen = set() if seen is None else seen
        for selection in selection_set.selections:
            if not self._included(selection):  # type: ignore[arg-type]
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                into.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                if self._applies(condition, runtime):
                    self.collect(runtime, selection.selection_set, into, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in seen or fragment is None:
                    continue
                seen.add(name)
                if self._applies(fragment.type_condition.name.value, runtime):
                    self.collect(runtime, fragment.selection_set, into, seen)
        return into

    # --------------------------------------------------------------- values
    def object(self, runtime: GraphQLObjectType, nodes: list[FieldNode] | SelectionSetNode, value: Any,
               where: str) -> Violation | None:
        if not isinstance(value, dict):
            return self.violation(where, f"must be an object ({runtime.name})")
        fields = self.collect(runtime, nodes) if isinstance(nodes, SelectionSetNode) else self._fields(runtime, nodes)
        missing = [key for key in fields if key not in value]
        if missing:
            return self.violation(where, f"{', '.join(missing)} selected but not answered ({runtime.name})")
        extra = [key for key in value if key not in fields]
        if extra:
            return self.violation(where, f"{', '.join(extra)} answered but not selected ({runtime.name})")
        for key, field_nodes in fields.items():
            name = field_nodes[0].name.value
            if name == "__typename":
                if value[key] != runtime.name:
                    return self.violation(f"{where}.{key}", f"must be {runtime.name!r}, the object's type")
                continue
            if name.startswith("__"):
                continue  # introspection: graphql-core's own
            definition = runtime.fields.get(name)
            if definition is None:
                return self.violation(f"{where}.{key}", f"{runtime.name} has no field {name}")
            violation = self.value(definition.type, field_nodes, value[key], f"{where}.{key}")
            if violation is not None:
                return violation
        return None

    def value(self, type_: GraphQLOutputType, nodes: list[FieldNode], value: Any, where: str) -> Violation | None:
        if isinstance(type_, GraphQLNonNull):
            if value is None:
                return self.violation(where, f"is null, but its type {type_} is non-null")
            return self.value(type_.of_type, nodes, value, where)
        if value is None:
            return None
        if isinstance(type_, GraphQLList):
            if not isinstance(value, list):
                return self.violation(where, f"must be a list ({type_})")
            for index, item in enumerate(value):
                violation = self.value(type_.of_type, nodes, item, f"{where}[{index}]")
                if violation is not None:
                    return violation
            return None
        if isinstance(type_, GraphQLScalarType):
            return self.scalar(type_.name, value, where)
        if isinstance(type_, GraphQLEnumType):
            if value not in type_.values:
                return self.violation(where, f"{json.dumps(value)} is not a value of the enum {type_.name}")
            return None
        if isinstance(type_, GraphQLObjectType):
            return self.object(type_, nodes, value, where)
        return self.abstract(type_, nodes, value, where)  # type: ignore[arg-type]

    def abstract(self, type_: GraphQLInterfaceType | GraphQLUnionType, nodes: list[FieldNode], value: Any,
                 where: str) -> Violation | None:
        if not isinstance(value, dict):
            return self.violation(where, f"must be an object ({type_.name})")
        possible = self.schema.get_possible_types(type_)
        for runtime in possible:  # the type the answer names in a selected __typename
            keys = [key for key, field_nodes in self._fields(runtime, nodes).items()
                    if field_nodes[0].name.value == "__typename" and key in value]
            if keys and value[keys[0]] == runtime.name:
                return self.object(runtime, nodes, value, where)
        # Else any type whose selection has the answer's keys; when none holds, the problem of the
        # first such type (or, when no type selects those keys, of the first type) is reported.
        fitting = [t for t in possible if self._fields(t, nodes).keys() == value.keys()]
        for runtime in fitting:
            violation = self.object(runtime, nodes, value, where)
            if violation is None:
                return None
        candidates = fitting or possible
        if not candidates:
            return self.violation(where, f"{type_.name} has no object types")
        return self.object(candidates[0], nodes, value, where)

    def _fields(self, runtime: GraphQLObjectType, nodes: list[FieldNode]) -> dict[str, list[FieldNode]]:
        fields: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set is not None:
                self.collect(runtime, node.selection_set, fields)
        return fields

    def scalar(self, name: str, value: Any, where: str) -> Violation | None:
        if name in ("String", "ID"):
            ok = isinstance(value, str)
        elif name == "Int":
            ok = isinstance(value, int) and not isinstance(value, bool) and _INT_RANGE[0] <= value <= _INT_RANGE[1]
        elif name == "Float":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif name == "Boolean":
            ok = isinstance(value, bool)
        elif name == "JSON":
            ok = True
        else:
            pattern, described = _SCALAR_TEXT.get(name, (None, "a string"))
            ok = isinstance(value, str) and (pattern is None or pattern.fullmatch(value) is not None)
            if not ok:
                return self.violation(where, f"{json.dumps(value)} is not {described} ({name})")
        return None if ok else self.violation(where, f"{json.dumps(value)} is not a {name}")


def check(answer: Answer, body: Any) -> Violation | None:
    """The first way a ``graphql.json`` answer breaks Shopify's GraphQL contract (module docstring)."""
    from .shopify_rest import ERRORS  # Shopify's REST error body, answered by graphql.json's HTTP errors

    if answer.status >= 400:
        return ERRORS.validate(body)
    violation = ENVELOPE.validate(body)
    if violation is not None:
        return violation
    match = _VERSION.fullmatch(answer.path)
    version = match.group(1) if match else ""
    contract = CONTRACT.format(version=version)
    data, errors = body.get("data"), body.get("errors")
    if data is None:
        return None if errors else Violation(contract, "$", "no data and no errors")
    if answer.request_type.split(";")[0].strip().lower() == MULTIPART:
        return None  # the query of a multipart request is not kept to check the data against
    query, variables, operation_name = _request(answer)
    document = _document(query) if query is not None else None
    if document is None:
        return Violation(contract, "$.data", "answered for a request whose query does not parse")
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if len(chosen) != 1:
        return Violation(contract, "$.data", "answered for a request that names no single operation")
    operation = chosen[0]
    try:
        served = schema(version)
    except KeyError:
        return Violation(contract, "$", f"answered on {version!r}, a version without a vendored schema")
    root = served.get_root_type(operation.operation)
    if root is None:
        return Violation(contract, "$.data", f"the schema has no {operation.operation.value} type")
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    defaults = {d.variable.name.value: value_from_ast_untyped(d.default_value)
                for d in operation.variable_definitions or () if d.default_value is not None}
    variables = {**defaults, **variables}
    return _Walk(contract, served, fragments, variables).object(root, operation.selection_set, data, "$.data")
