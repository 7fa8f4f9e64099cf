"""Shopify's calculated query cost ("GraphQL Admin API rate limits", shopify.dev; FIDELITY.md).

Per field, by what it returns: a scalar or an enum costs 0, an object 1, a connection 2 plus its
nodes (``first`` or ``last`` of them when requested, the ones returned when actual), a list of objects
its items (``first`` of them when the field takes it, else one, when requested), and a mutation 10
whatever it selects. The requested cost is computed before anything runs, from the document and the
variables; the actual cost from the answer (a null object's selections cost nothing, a short
connection costs what it returned). Introspection (``__schema``, ``__type``) costs nothing.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from graphql import (
    FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLObjectType, GraphQLSchema, InlineFragmentNode,
    IntValueNode, OperationDefinitionNode, SelectionSetNode, VariableNode, get_named_type, get_nullable_type,
    is_abstract_type, is_leaf_type, is_list_type,
)

#: What one mutation field costs (Shopify: "Mutation: 10").
MUTATION_COST = 10
#: A single query may not cost more (Shopify's single query limit), whatever the bucket holds.
MAX_QUERY_COST = 1000
_MISSING = object()
#: The fields of a selection that cost anything: (response key, type, their selections, the field node).
Plan = list[tuple[str, Any, list[SelectionSetNode], FieldNode]]
Plans = dict[tuple[str, tuple[int, ...]], Plan]


class _Costing:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any],
                 actual: bool, plans: Plans | None) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.actual = actual
        #: What each selection costs, per (type, selection sets): a list's items share one, and so
        #: do the requests with the same document and variable values (``plans`` is kept with them).
        self._plans: Plans = plans if plans is not None else {}

    def _included(self, node: Any) -> bool:
        for directive in node.directives or ():
            if directive.name.value in ("skip", "include"):
                argument = next((a for a in directive.arguments or () if a.name.value == "if"), None)
                value = argument.value if argument is not None else None
                flag = self.variables.get(value.name.value) if isinstance(value, VariableNode) else getattr(value, "value", None)
                if (directive.name.value == "skip") == bool(flag):
                    return False
        return True

    def _applies(self, condition: Any, parent: Any) -> bool:
        if condition is None or condition.name.value == parent.name or is_abstract_type(parent):
            return True
        target = self.schema.get_type(condition.name.value)
        return target is not None and is_abstract_type(target) and self.schema.is_sub_type(target, parent)  # type: ignore[arg-type]

    def fields(self, parent: Any, selection_sets: list[SelectionSetNode]) -> dict[str, list[FieldNode]]:
        """The fields selected on ``parent``, by response key (fragments expanded, skipped ones out)."""
        collected: dict[str, list[FieldNode]] = {}
        pending = deque(s for selection_set in selection_sets for s in selection_set.selections)
        while pending:
            selection = pending.popleft()
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                collected.setdefault((selection.alias or selection.name).value, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, parent):
                    pending.extendleft(reversed(selection.selection_set.selections))
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None and self._applies(fragment.type_condition, parent):
                    pending.extendleft(reversed(fragment.selection_set.selections))
        return collected

    def _size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value in ("first", "last"):
                value = argument.value
                number = self.variables.get(value.name.value) if isinstance(value, VariableNode) else (
                    int(value.value) if isinstance(value, IntValueNode) else None)
                if isinstance(number, int):
                    return max(number, 0)
        return 1

    def _plan(self, parent: Any, selection_sets: list[SelectionSetNode]) -> Plan:
        """The selected fields of ``parent`` that cost anything: (response key, type, selections, node)."""
        key = (parent.name, tuple(id(s) for s in selection_sets))
        plan = self._plans.get(key)
        if plan is None:
            fields = getattr(parent, "fields", {})
            plan = []
            for response_key, nodes in self.fields(parent, selection_sets).items():
                name = nodes[0].name.value
                definition = fields.get(name)
                if name.startswith("__") or definition is None or is_leaf_type(get_named_type(definition.type)):
                    continue
                plan.append((response_key, definition.type, [n.selection_set for n in nodes if n.selection_set], nodes[0]))
            self._plans[key] = plan
        return plan

    def selection(self, parent: Any, selection_sets: list[SelectionSetNode], data: Any, size: int | None = None) -> int:
        """The cost of the selections on an object of type ``parent`` (``data`` its answer when
        actual); ``size`` is the connection's page size for its ``edges`` and ``nodes``."""
        if parent is self.schema.mutation_type:
            return MUTATION_COST * len(self._plan(parent, selection_sets))
        total = 0
        for key, type_, subsets, node in self._plan(parent, selection_sets):
            value = data.get(key) if isinstance(data, dict) else None
            total += self.value(type_, subsets, value, size if size is not None else self._size(node), node)
        return total

    def value(self, type_: Any, subsets: list[SelectionSetNode], value: Any, count: int, node: FieldNode) -> int:
        type_ = get_nullable_type(type_)
        if is_list_type(type_):
            if not self.actual:
                return count * self.value(type_.of_type, subsets, _MISSING, count, node)
            return sum(self.value(type_.of_type, subsets, item, count, node) for item in value or ())
        named = get_named_type(type_)
        name = named.name
        if self.actual and value is None:
            return 0
        if name.endswith("Connection") and isinstance(named, GraphQLObjectType):
            return 2 + self.selection(named, subsets, value, self._size(node))
        own = 0 if name.endswith("Edge") or name == "PageInfo" else 1
        return own + self.selection(named, subsets, value if self.actual else None)


def query_cost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode],
               variables: dict[str, Any], data: Any = _MISSING, plans: Plans | None = None) -> int:
    """The requested cost of ``operation``, or its actual cost when ``data`` (its answer) is given.

    ``plans`` may be kept between calls with the same document and the same values of the
    variables that ``@skip``/``@include`` read (it remembers which fields each selection keeps)."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    costing = _Costing(schema, fragments, variables, data is not _MISSING, plans)
    return costing.selection(root, [operation.selection_set], data if data is not _MISSING else None)
