"""Shopify's Admin GraphQL API (``POST /admin/api/<version>/graphql.json``) on graphql-core.

The version in the URL selects the schema: Shopify's own Admin schema of that version, pruned to
what the simulator implements (:mod:`.schema`; ``contracts/shopify/graphql/prune.py`` builds it), so
validation, ``extensions.code`` and introspection are the real ones. graphql-core parses, validates
and executes; the resolvers (:mod:`.resolvers`) are plain functions over the shop's records, whose
rules stay in :mod:`..models`.

One request, in order (nothing runs before every check has passed):

1. the document, parsed and validated once per (version, query text) and kept in a bounded cache:
   ``{`` and ``[`` nested more than :data:`MAX_DEPTH` levels (a fragment spread counting as one) are
   refused before anything recursive reads them; graphql-core's syntax and validation errors are
   answered in graphql-ruby's words (:mod:`.errors`); a real field that is not simulated answers
   ``NOT_SIMULATED``;
2. the operation (``operationName``) and the variables (strict JSON, :func:`parse_json`; invalid
   values answer ``INVALID_VARIABLE`` with Shopify's ``problems``);
3. the calculated cost (:mod:`.cost`): over :data:`MAX_QUERY_COST` is ``MAX_COST_EXCEEDED``; a cost
   the shop's bucket cannot pay is ``THROTTLED`` (the bucket restores on the tenant's clock);
4. execution; the answer carries ``extensions.cost`` (requested and actual cost, ``throttleStatus``)
   and the bucket gets back what was requested but not spent.

Errors come with HTTP 200, validation errors without ``data``.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import (
    DocumentNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLError, GraphQLSyntaxError,
    OperationDefinitionNode, SelectionSetNode, Undefined, is_non_null_type, parse, specified_rules, validate,
)
from graphql import execute_sync as graphql_execute  # every resolver is synchronous: no awaitable checks
from graphql.execution.values import get_variable_values
from graphql.utilities import type_from_ast, validate_input_value

from simulators.core.http import parse_json

from . import errors as graphql_errors
from .cost import MAX_QUERY_COST, Plans, query_cost
from .resolvers import Context, decimal_text, gid, parse_gid
from .schema import SERVED_VERSIONS, NotSimulatedRule, served

if TYPE_CHECKING:
    from ..models import Shop

__all__ = ["SERVED_VERSIONS", "MAX_DEPTH", "execute", "decimal_text", "gid", "parse_gid"]

#: Selection sets, lists and input objects nested deeper than this are refused before parsing
#: (graphql-core's parser and validator recurse once per level; Shopify's own limit is not documented).
MAX_DEPTH = 100
#: Query texts kept parsed and validated, per version (the harness and connectors repeat theirs).
CACHE_SIZE = 256
#: Longer query texts are parsed each time rather than kept.
CACHE_MAX_QUERY = 64_000
RULES = (*specified_rules, NotSimulatedRule)

Entry = dict[str, Any]


@dataclass(frozen=True)
class Prepared:
    """A query text, ready to run on one version: its document, or the errors that refuse it."""

    document: DocumentNode | None
    errors: list[Entry] = field(default_factory=list)
    fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    #: Per (operation, the values of its Int and Boolean variables, which are all that cost reads):
    #: the requested cost and the cost plans (:func:`.cost.query_cost`); a few are kept.
    costs: dict[tuple[Any, ...], tuple[int, Plans]] = field(default_factory=dict)


def _fragment_depth(document: DocumentNode) -> int:
    """How deep selections nest once fragments are expanded, a fragment spread counting as a
    level; it stops past :data:`MAX_DEPTH` (bounding its own work and recursion), and leaves cycles
    to validation (which names them)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    memo: dict[str, int] = {}

    def depth(selection_set: SelectionSetNode | None, level: int, path: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        if level > MAX_DEPTH:
            return MAX_DEPTH + 1
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in path:
                    continue
                if name not in memo:
                    memo[name] = depth(fragment.selection_set, level + 1, path | {name})
                deepest = max(deepest, 1 + memo[name])
            else:
                inner = getattr(selection, "selection_set", None)
                if inner is not None:
                    deepest = max(deepest, 1 + depth(inner, level + 1, path))
            if deepest > MAX_DEPTH:
                break
        return deepest

    return max((depth(d.selection_set, 0, frozenset()) for d in document.definitions
                if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode))), default=0)


def _prepare_uncached(version: str, query: str) -> Prepared:
    too_deep = graphql_errors.nested_too_deeply(query, MAX_DEPTH)
    if too_deep is not None:
        return Prepared(None, [too_deep])
    try:
        document = parse(query, allow_empty_selection_sets=False)
    except GraphQLSyntaxError as exc:
        return Prepared(None, [graphql_errors.syntax_error(query, exc)])
    if _fragment_depth(document) > MAX_DEPTH:
        return Prepared(None, [{"message": f"Query is nested too deeply (more than {MAX_DEPTH} levels, counting "
                                           "fragment spreads)"}])
    schema = served(version)
    found = validate(schema.schema, document, RULES, allow_empty_selection_sets=False)
    if found:
        return Prepared(None, graphql_errors.validation_errors(schema, document, found))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return Prepared(document, [], fragments)


_prepare_cached = functools.lru_cache(maxsize=CACHE_SIZE)(_prepare_uncached)


def prepare(version: str, query: str) -> Prepared:
    """The parsed and validated ``query`` for ``version``, from the cache when it was seen."""
    if len(query) > CACHE_MAX_QUERY:
        return _prepare_uncached(version, query)
    return _prepare_cached(version, query)


def _operation(document: DocumentNode, name: Any) -> OperationDefinitionNode | Entry:
    """The operation ``operationName`` names, as graphql-ruby's ``Query#find_operation`` finds it:
    any name but null is looked up (``""`` and a number too, named in the error as Ruby prints
    them; a list as JSON, which is Ruby's text of a list of strings); null picks the only one."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        found = next((o for o in operations if o.name is not None and o.name.value == name), None)
        shown = name if isinstance(name, str) else json.dumps(name)
        return found if found is not None else {"message": f'No operation named "{shown}"'}
    if len(operations) == 1:
        return operations[0]
    return {"message": "An operation name is required" if operations else "No operations in this document"}


def _variables(raw: Any) -> dict[str, Any] | None:
    """The request's variables; None when they are not a JSON object. Variables sent as a string
    are read by the strict JSON reader; a string that is not JSON counts as no variables (as
    graphql-ruby's controllers do), so required ones answer INVALID_VARIABLE."""
    if isinstance(raw, str):
        try:
            raw = parse_json(raw) if raw.strip() else {}
        except ValueError:
            raw = None
    if raw is None:
        return {}
    return raw if isinstance(raw, dict) else None


def _variable_errors(version: str, operation: OperationDefinitionNode, values: dict[str, Any]) -> list[Entry]:
    """Shopify's ``INVALID_VARIABLE`` errors (``problems`` with the path in the value)."""
    schema = served(version).schema
    found: list[Entry] = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        type_ = type_from_ast(schema, definition.type)
        value = values.get(name, Undefined)
        problems: list[dict[str, Any]] = []
        if value is Undefined:
            if definition.default_value is not None or not is_non_null_type(type_):
                continue
            problems.append({"path": [], "explanation": "Expected value to not be null"})
        else:
            def on_error(error: GraphQLError, path: list[Any], value: Any = value, type_: Any = type_,
                         problems: list[dict[str, Any]] = problems) -> None:
                where, text = graphql_errors.explanation(type_, value, list(path), error.message)
                problems.append({"path": where, "explanation": text})
            validate_input_value(value, type_, on_error)  # type: ignore[arg-type]
        if not problems:
            continue
        printed = str(type_)
        first = problems[0]
        detail = (f" for {'.'.join(str(p) for p in first['path'])} ({first['explanation']})" if first["path"] else "")
        found.append(graphql_errors.entry(f"Variable ${name} of type {printed} was provided invalid value{detail}",
                                          definition, None, "INVALID_VARIABLE",
                                          value=None if value is Undefined else value, problems=problems))
    return found


def _costing(prepared: Prepared, operation: OperationDefinitionNode, variables: dict[str, Any],
             schema: Any) -> tuple[int, Plans]:
    """The requested cost and the plans the actual cost reuses, computed once per operation and
    values of the variables cost can read (``first``, ``last``, ``if``)."""
    key: tuple[Any, ...] = (id(operation), *sorted((k, v) for k, v in variables.items()
                                                  if isinstance(v, (bool, int)) or v is None))
    found = prepared.costs.get(key)
    if found is None:
        plans: Plans = {}
        found = (query_cost(schema, operation, prepared.fragments, variables, plans=plans), plans)
        if len(prepared.costs) < 64:
            prepared.costs[key] = found
    return found


def _throttle_status(bucket: Any, now: float) -> dict[str, Any]:
    settings = bucket.settings
    return {"maximumAvailable": float(settings.bucket_size), "currentlyAvailable": math.floor(bucket.available(now) + 1e-3),
            "restoreRate": float(settings.leak_rate)}


def _cost_extension(requested: int, actual: int | None, status: dict[str, Any]) -> dict[str, Any]:
    return {"cost": {"requestedQueryCost": requested, "actualQueryCost": actual, "throttleStatus": status}}


def execute(shop: "Shop", version: str, query: str, variables: Any = None, operation_name: Any = None) -> dict[str, Any]:
    """Run one GraphQL request on ``version``'s schema; the result is the JSON body Shopify
    answers (always with HTTP 200).

    :raise KeyError: ``version`` has no schema (the route answers 404 before calling this).
    """
    prepared = prepare(version, query)
    if prepared.document is None:
        return {"errors": prepared.errors}
    operation = _operation(prepared.document, operation_name)
    if isinstance(operation, dict):
        return {"errors": [operation]}
    values = _variables(variables)
    if values is None:
        return {"errors": [{"message": "Variables must be a JSON object"}]}
    schema = served(version).schema
    coerced = get_variable_values(schema, operation.variable_definitions or (), values)
    if isinstance(coerced, list):
        found = _variable_errors(version, operation, values) or [graphql_errors.entry(e.message) for e in coerced]
        return {"errors": found}
    requested, plans = _costing(prepared, operation, coerced.coerced, schema)
    bucket = shop.graphql_cost
    limited = shop.rate_limit.settings.enabled
    now = shop.tenant.clock.timestamp()
    if requested > MAX_QUERY_COST:
        return {"errors": [{"message": f"Query cost is {requested}, which exceeds the single query max cost limit "
                                       f"({MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits "
                                       "for more information on how the\ncost of a query is calculated.\n\nTo query "
                                       "larger amounts of data with fewer limits, bulk operations should be used "
                                       "instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api "
                                       "for usage details.\n",
                            "extensions": {"code": "MAX_COST_EXCEEDED", "cost": requested, "maxCost": MAX_QUERY_COST}}],
                "extensions": _cost_extension(requested, None, _throttle_status(bucket, now))}
    if limited and not bucket.admit(now, requested).allowed:
        return {"errors": [{"message": "Throttled", "extensions": {
                    "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                "extensions": _cost_extension(requested, None, _throttle_status(bucket, now))}
    result = graphql_execute(schema, prepared.document, None, Context(shop, version), values,
                             operation.name.value if operation.name else None)
    for error in result.errors or ():  # type: ignore[union-attr]
        if error.original_error is not None and not isinstance(error.original_error, GraphQLError):
            raise error.original_error  # a bug, not a GraphQL error: let it be seen
    actual = query_cost(schema, operation, prepared.fragments, coerced.coerced, result.data, plans)  # type: ignore[union-attr]
    if limited:
        bucket.settle(requested - actual)
    body: dict[str, Any] = {"data": result.data}  # type: ignore[union-attr]
    if result.errors:  # type: ignore[union-attr]
        body["errors"] = [e.formatted for e in result.errors]  # type: ignore[union-attr]
    body["extensions"] = _cost_extension(requested, actual, _throttle_status(bucket, shop.tenant.clock.timestamp()))
    return body
