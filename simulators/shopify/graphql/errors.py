"""GraphQL's own errors as Shopify answers them: Shopify runs graphql-ruby, so graphql-core's
syntax, validation and variable errors are rewritten into graphql-ruby's text, ``path`` and
``extensions.code`` (the mapping is listed in FIDELITY.md). Errors that graphql-ruby words the same
way, or that have no graphql-ruby counterpart, keep graphql-core's text.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from graphql import (
    ArgumentNode, DirectiveNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLError, GraphQLSchema,
    GraphQLSyntaxError, InlineFragmentNode, Lexer, Node, ObjectFieldNode, OperationDefinitionNode, SelectionSetNode, Source, TokenKind,
    TypeInfo, TypeInfoVisitor, VariableDefinitionNode, Visitor, get_named_type, is_enum_type, is_input_object_type,
    is_list_type, is_non_null_type, print_ast, visit,
)

from .resolvers import NOT_SIMULATED
from .schema import Served, not_simulated_message

Entry = dict[str, Any]

#: graphql-ruby's names of the tokens graphql-core's lexer reads.
_TOKEN_NAMES = {
    TokenKind.BRACE_L: "LCURLY", TokenKind.BRACE_R: "RCURLY", TokenKind.PAREN_L: "LPAREN", TokenKind.PAREN_R: "RPAREN",
    TokenKind.BRACKET_L: "LBRACKET", TokenKind.BRACKET_R: "RBRACKET", TokenKind.COLON: "COLON", TokenKind.BANG: "BANG",
    TokenKind.DOLLAR: "VAR_SIGN", TokenKind.AT: "DIR_SIGN", TokenKind.EQUALS: "EQUALS", TokenKind.SPREAD: "ELLIPSIS",
    TokenKind.NAME: "IDENTIFIER", TokenKind.INT: "INT", TokenKind.FLOAT: "FLOAT", TokenKind.STRING: "STRING",
    TokenKind.BLOCK_STRING: "STRING", TokenKind.PIPE: "PIPE", TokenKind.AMP: "AMP",
}


def entry(message: str, node: Node | None = None, path: list[Any] | None = None, code: str | None = None,
          **extensions: Any) -> Entry:
    """One error as Shopify prints it: message, locations, path, extensions (code first)."""
    result: Entry = {"message": message}
    if node is not None and node.loc is not None:
        result["locations"] = [{"line": node.loc.start_token.line, "column": node.loc.start_token.column}]
    if path is not None:
        result["path"] = path
    if code is not None or extensions:
        result["extensions"] = {**({"code": code} if code else {}), **extensions}
    return result


def syntax_error(source: str, error: GraphQLSyntaxError) -> Entry:
    """graphql-ruby's parse error: ``Unexpected end of document`` or ``Parse error on "}" (RCURLY)
    at [1, 20]``, with the location."""
    location = error.locations[0] if error.locations else None
    where = {"locations": [{"line": location.line, "column": location.column}]} if location else {}
    position = list(error.positions)[0] if error.positions else None
    token_text, token_kind = _token_at(source, position)
    if token_kind == "EOF":
        return {"message": "Unexpected end of document", **where}
    place = f" at [{location.line}, {location.column}]" if location else ""
    return {"message": f'Parse error on "{token_text}" ({token_kind}){place}', **where}


def _token_at(source: str, position: int | None) -> tuple[str, str]:
    if position is None or position >= len(source.rstrip()):
        return "", "EOF"
    lexer = Lexer(Source(source))
    try:
        token = lexer.advance()
        while token.kind != TokenKind.EOF and token.end <= position:
            token = lexer.advance()
    except GraphQLSyntaxError:
        return source[position], "error"
    if token.kind == TokenKind.EOF:
        return "", "EOF"
    if token.start > position:  # the error is at a character that starts no token
        return source[position], "error"
    text = token.value if token.value is not None else source[token.start:token.end]
    return text, _TOKEN_NAMES.get(token.kind, token.kind.name)


def nested_too_deeply(source: str, limit: int) -> Entry | None:
    """An error when ``{`` or ``[`` nest more than ``limit`` deep, found by the lexer alone (which
    does not recurse), so that nothing recursive ever reads such a document. None otherwise, and
    None on a lexical error (parsing reports it)."""
    lexer = Lexer(Source(source))
    depth = 0
    try:
        token = lexer.advance()
        while token.kind != TokenKind.EOF:
            if token.kind in (TokenKind.BRACE_L, TokenKind.BRACKET_L):
                depth += 1
                if depth > limit:
                    return {"message": f"Query is nested too deeply (more than {limit} levels) at "
                                       f"[{token.line}, {token.column}]",
                            "locations": [{"line": token.line, "column": token.column}]}
            elif token.kind in (TokenKind.BRACE_R, TokenKind.BRACKET_R):
                depth -= 1
            token = lexer.advance()
    except GraphQLSyntaxError:
        return None
    return None


# ====================================================================== validation errors
class _Where(Visitor):
    """Where each node of a document is: its ancestors, graphql-ruby's path to it, and (for an
    argument) what it belongs to and its declared type."""

    def __init__(self, schema: GraphQLSchema) -> None:
        super().__init__()
        self.type_info = TypeInfo(schema)
        self.ancestors: dict[int, list[Node]] = {}
        self.arguments: dict[int, tuple[str, str]] = {}  # argument node → (owner, type)

    def enter(self, node: Node, key: Any, parent: Any, path: Any, ancestors: Any) -> None:
        # graphql-core's ``ancestors`` stop before ``parent`` (as graphql-js's do)
        self.ancestors[id(node)] = [a for a in (*ancestors, parent) if isinstance(a, Node)]
        if isinstance(node, ArgumentNode):
            argument = self.type_info.get_argument()
            directive = self.type_info.get_directive()
            owner = (f"Directive '{directive.name}'" if directive is not None and self._in_directive(self.ancestors[id(node)])
                     else f"Field '{self._field_name(self.ancestors[id(node)])}'")
            self.arguments[id(node)] = (owner, str(argument.type) if argument is not None else "")

    @staticmethod
    def _in_directive(ancestors: Any) -> bool:
        nodes = [a for a in ancestors if isinstance(a, Node)]
        return bool(nodes) and isinstance(nodes[-1], DirectiveNode)  # the argument's parent

    @staticmethod
    def _field_name(ancestors: Any) -> str:
        fields = [a for a in ancestors if isinstance(a, FieldNode)]
        return fields[-1].name.value if fields else ""


def ruby_path(chain: list[Node]) -> list[str]:
    """graphql-ruby's ``path`` of a static validation error: the operation (``"query"``,
    ``"mutation Name"``), fragments (``"fragment F"``, ``"... on T"``, ``"... F"``), fields by
    response key and arguments by name."""
    path: list[str] = []
    for node in chain:
        if isinstance(node, OperationDefinitionNode):
            path.append(node.operation.value + (f" {node.name.value}" if node.name else ""))
        elif isinstance(node, FragmentDefinitionNode):
            path.append(f"fragment {node.name.value}")
        elif isinstance(node, InlineFragmentNode):
            path.append(f"... on {node.type_condition.name.value}" if node.type_condition else "...")
        elif isinstance(node, FragmentSpreadNode):
            path.append(f"... {node.name.value}")
        elif isinstance(node, FieldNode):
            path.append((node.alias or node.name).value)
        elif isinstance(node, ArgumentNode):
            path.append(node.name.value)
    return path


def _operation_label(chain: list[Node]) -> str:
    operation = next((n for n in chain if isinstance(n, OperationDefinitionNode)), None)
    if operation is None:
        return "anonymous query"
    return operation.name.value if operation.name else f"anonymous {operation.operation.value}"


def _plural(location: str) -> str:
    words = location.lower().replace("_", " ")
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


class _Mapper:
    def __init__(self, served: Served, document: Any) -> None:
        self.served = served
        self.where = _Where(served.schema)
        visit(document, TypeInfoVisitor(self.where.type_info, self.where))
        self.seen_arguments: set[int] = set()
        self.missing: dict[int, tuple[Entry, list[str]]] = {}

    def chain(self, node: Node | None) -> list[Node]:
        if node is None:
            return []
        return [*self.where.ancestors.get(id(node), []), node]

    def error(self, message: str, node: Node | None, code: str | None, **extensions: Any) -> Entry:
        return entry(message, node, ruby_path(self.chain(node)) if node is not None else None, code, **extensions)

    def not_simulated(self, what: str, node: Node | None, **extensions: Any) -> Entry:
        return self.error(not_simulated_message(self.served.version, what), node, NOT_SIMULATED, **extensions)

    def map(self, error: GraphQLError) -> Entry | None:
        if error.extensions:  # the simulator's own rule (NOT_SIMULATED): already in shape
            node = error.nodes[0] if error.nodes else None
            extensions = dict(error.extensions)
            return self.error(error.message, node, extensions.pop("code", None), **extensions)
        node = error.nodes[0] if error.nodes else None
        for pattern, build in _RULES:
            match = pattern.match(error.message)
            if match:
                return build(self, match, error, node)
        argument = next((n for n in reversed(self.chain(node)) if isinstance(n, ArgumentNode)), None)
        if argument is not None:
            return self._invalid_argument(argument)
        definition = next((n for n in reversed(self.chain(node)) if isinstance(n, VariableDefinitionNode)), None)
        if definition is not None and definition.default_value is not None:
            return self.error(f"Default value for ${definition.variable.name.value} doesn't match type "
                              f"{print_ast(definition.type)}", definition, "defaultValueInvalidType",
                              variableName=definition.variable.name.value, typeName=print_ast(definition.type))
        return entry(error.message, node)

    def _invalid_argument(self, argument: ArgumentNode) -> Entry | None:
        if id(argument) in self.seen_arguments:
            return None
        self.seen_arguments.add(id(argument))
        owner, expected = self.where.arguments.get(id(argument), ("Field ''", ""))
        return self.error(f"Argument '{argument.name.value}' on {owner} has an invalid value "
                          f"({print_ast(argument.value)}). Expected type '{expected}'.", argument,
                          "argumentLiteralsIncompatible", typeName="CoercionError", argumentName=argument.name.value)

    def missing_argument(self, node: Node | None, kind: str, name: str, argument: str) -> Entry | None:
        """graphql-ruby lists every missing argument of a field in one error."""
        if node is not None and id(node) in self.missing:
            found, names = self.missing[id(node)]
            names.append(argument)
            found["message"] = f"{kind} '{name}' is missing required arguments: {', '.join(names)}"
            found["extensions"]["arguments"] = ", ".join(names)
            return None
        found = self.error(f"{kind} '{name}' is missing required arguments: {argument}", node, "missingRequiredArguments",
                           className=kind, name=name, arguments=argument)
        if node is not None:
            self.missing[id(node)] = (found, [argument])
        return found


Builder = Callable[[_Mapper, "re.Match[str]", GraphQLError, Any], "Entry | None"]


def _undefined_field(m: _Mapper, match: re.Match[str], error: GraphQLError, node: Any) -> Entry:
    field, type_name = match["field"], match["type"]
    if field in m.served.pruned_fields.get(type_name, {}):
        return m.not_simulated(f"Field '{field}' on type '{type_name}'", node, typeName=type_name, fieldName=field)
    return m.error(f"Field '{field}' doesn't exist on type '{type_name}'", node, "undefinedField",
                   typeName=type_name, fieldName=field)


def _unknown_type(m: _Mapper, match: re.Match[str], error: GraphQLError, node: Any) -> Entry:
    type_name = match["type"]
    if type_name in m.served.pruned_types:
        return m.not_simulated(f"Type '{type_name}'", node, typeName=type_name)
    definition = next((n for n in m.chain(node) if isinstance(n, VariableDefinitionNode)), None)
    if definition is not None:
        return m.error(f"{type_name} isn't a defined input type (on ${definition.variable.name.value})", definition,
                       "variableRequiresValidType", typeName=type_name, variableName=definition.variable.name.value)
    return m.error(f"No such type {type_name}, so it can't be a fragment condition", node, "undefinedType",
                   typeName=type_name)


def _scalar_leaf(m: _Mapper, match: re.Match[str], error: GraphQLError, node: Any) -> Entry:
    if isinstance(node, SelectionSetNode):  # graphql-core names the selections; graphql-ruby the field
        node = next((n for n in reversed(m.chain(node)) if isinstance(n, FieldNode)), node)
    selections = node.selection_set.selections if isinstance(node, FieldNode) and node.selection_set else []
    names = [s.name.value if isinstance(s, (FieldNode, FragmentSpreadNode)) else "..." for s in selections]
    field, type_name = match["field"], match["type"].strip("[]!")
    return m.error(f"Selections can't be made on scalars (field '{field}' returns {type_name} but has selections "
                   f"[{', '.join(names)}])", node, "selectionMismatch", nodeName=f"field '{field}'", typeName=type_name)


def _no_selection(m: _Mapper, match: re.Match[str], error: GraphQLError, node: Any) -> Entry:
    field, type_name = match["field"], match["type"].strip("[]!")
    return m.error(f"Field must have selections (field '{field}' returns {type_name} but has no selections. "
                   f"Did you mean '{field} {{ ... }}'?)", node, "selectionMismatch", nodeName=f"field '{field}'",
                   typeName=type_name)


def _variable_mismatch(m: _Mapper, match: re.Match[str], error: GraphQLError, node: Any) -> Entry:
    usage = error.nodes[-1] if error.nodes else node
    named = next((n for n in reversed(m.chain(usage)) if isinstance(n, (ArgumentNode, ObjectFieldNode))), None)
    argument = named.name.value if named is not None else ""
    declared, expected = match["declared"], match["expected"]
    kind = "Nullability mismatch" if declared.rstrip("!") == expected.rstrip("!") else "Type mismatch"
    return m.error(f"{kind} on variable ${match['var']} and argument {argument} ({declared} / {expected})", usage,
                   "variableMismatch", variableName=match["var"], typeName=declared, argumentName=argument,
                   errorMessage=kind)


def _directive_location(m: _Mapper, match: re.Match[str], error: GraphQLError, node: Any) -> Entry:
    directive = m.served.schema.get_directive(match["directive"])
    allowed = ", ".join(_plural(loc.name) for loc in directive.locations) if directive is not None else ""
    return m.error(f"'@{match['directive']}' can't be applied to {_plural(match['location'])} (allowed: {allowed})",
                   node, "directiveCannotBeApplied", targetName=match["location"].lower(), name=match["directive"])


_RULES: list[tuple[re.Pattern[str], Builder]] = [
    (re.compile(r"^Cannot query field '(?P<field>[^']+)' on type '(?P<type>[^']+)'\."), _undefined_field),
    (re.compile(r"^Unknown type '(?P<type>[^']+)'\."), _unknown_type),
    (re.compile(r"^Field '(?P<field>[^']+)' must not have a selection since type '(?P<type>[^']+)' has no subfields\."),
     _scalar_leaf),
    (re.compile(r"^Field '(?P<field>[^']+)' of type '(?P<type>[^']+)' must have a selection of subfields\."), _no_selection),
    (re.compile(r"^Variable '\$(?P<var>[^']+)' of type '(?P<declared>[^']+)' used in position expecting type "
                r"'(?P<expected>[^']+)'\."), _variable_mismatch),
    (re.compile(r"^Directive '@(?P<directive>[^']+)' may not be used on (?P<location>[\w ]+)\."), _directive_location),
    (re.compile(r"^Unknown argument '(?P<arg>[^']+)' on field '(?P<type>[^.']+)\.(?P<field>[^']+)'\."),
     lambda m, x, e, n: m.error(f"Field '{x['field']}' doesn't accept argument '{x['arg']}'", n, "argumentNotAccepted",
                                name=x["field"], typeName="Field", argumentName=x["arg"])),
    (re.compile(r"^Unknown argument '(?P<arg>[^']+)' on directive '@(?P<directive>[^']+)'\."),
     lambda m, x, e, n: m.error(f"Directive '{x['directive']}' doesn't accept argument '{x['arg']}'", n,
                                "argumentNotAccepted", name=x["directive"], typeName="Directive", argumentName=x["arg"])),
    (re.compile(r"^Argument '@(?P<directive>[^(]+)\((?P<arg>[^:]+):\)' of type '[^']+' is required"),
     lambda m, x, e, n: m.missing_argument(n, "Directive", x["directive"], x["arg"])),
    (re.compile(r"^Argument '(?P<type>[^.']+)\.(?P<field>[^(]+)\((?P<arg>[^:]+):\)' of type '[^']+' is required"),
     lambda m, x, e, n: m.missing_argument(n, "Field", x["field"], x["arg"])),
    (re.compile(r"^Variable '\$(?P<var>[^']+)' is not defined"),
     lambda m, x, e, n: m.error(f"Variable ${x['var']} is used by {_operation_label(m.chain(n))} but not declared", n,
                                "variableNotDefined", variableName=x["var"])),
    (re.compile(r"^Variable '\$(?P<var>[^']+)' is never used"),
     lambda m, x, e, n: m.error(f"Variable ${x['var']} is declared by {_operation_label(m.chain(n))} but not used", n,
                                "variableNotUsed", variableName=x["var"])),
    (re.compile(r"^Variable '\$(?P<var>[^']+)' cannot be non-input type '(?P<type>[^']+)'\."),
     lambda m, x, e, n: m.error(f"{x['type'].strip('[]!')} isn't a valid input type (on ${x['var']})", n,
                                "variableRequiresValidType", typeName=x["type"].strip("[]!"), variableName=x["var"])),
    (re.compile(r"^Unknown directive '@(?P<directive>[^']+)'\."),
     lambda m, x, e, n: m.error(f"Directive @{x['directive']} is not defined", n, "undefinedDirective",
                                directiveName=x["directive"])),
    (re.compile(r"^Unknown fragment '(?P<name>[^']+)'\."),
     lambda m, x, e, n: m.error(f"Fragment {x['name']} was used, but not defined", n, "useAndDefineFragment",
                                fragmentName=x["name"])),
    (re.compile(r"^Fragment '(?P<name>[^']+)' is never used\."),
     lambda m, x, e, n: m.error(f"Fragment {x['name']} was defined, but not used", n, "useAndDefineFragment",
                                fragmentName=x["name"])),
    (re.compile(r"^Cannot spread fragment '(?P<name>[^']+)' within itself"),
     lambda m, x, e, n: m.error(f"Fragment {x['name']} contains an infinite loop", n, "infiniteLoop",
                                fragmentName=x["name"])),
    (re.compile(r"^Fragment '(?P<name>[^']+)' cannot be spread here as objects of type '(?P<parent>[^']+)' can never "
                r"be of type '(?P<type>[^']+)'\."),
     lambda m, x, e, n: m.error(f"Fragment {x['name']} on {x['type']} can't be spread inside {x['parent']}", n,
                                "cannotSpreadFragment", fragmentName=x["name"])),
    (re.compile(r"^Fragment cannot be spread here as objects of type '(?P<parent>[^']+)' can never be of type "
                r"'(?P<type>[^']+)'\."),
     lambda m, x, e, n: m.error(f"Fragment on {x['type']} can't be spread inside {x['parent']}", n,
                                "cannotSpreadFragment", fragmentName="unknown")),
    (re.compile(r"^The (?P<kind>subscription) operation is not supported"),
     lambda m, x, e, n: m.error("Schema is not configured for subscriptions", n, "missingSubscriptionConfiguration")),
    (re.compile(r"^This anonymous operation must be the only defined operation\."),
     lambda m, x, e, n: m.error("Operation name is required when multiple operations are present", n,
                                "uniquelyNamedOperations")),
    (re.compile(r"^There can be only one operation named '(?P<name>[^']+)'\."),
     lambda m, x, e, n: m.error(f'Operation name "{x["name"]}" must be unique', n, "uniquelyNamedOperations",
                                operationName=x["name"])),
    (re.compile(r"^Fields '(?P<field>[^']+)' conflict because (?P<reason>.*?)\.?( Use different aliases.*)?$"),
     lambda m, x, e, n: m.error(f"Field '{x['field']}' has a field conflict: {x['reason']}", n, "fieldConflict",
                                fieldName=x["field"])),
]


def validation_errors(served: Served, document: Any, errors: list[GraphQLError]) -> list[Entry]:
    """graphql-core's validation errors of ``document`` in graphql-ruby's words."""
    mapper = _Mapper(served, document)
    mapped = (mapper.map(error) for error in errors)
    return [e for e in mapped if e is not None]


# ====================================================================== variable values
def _type_at(type_: Any, value: Any, path: list[Any]) -> tuple[Any, Any]:
    """The input type and the raw value at ``path`` inside a variable."""
    for key in path:
        if is_non_null_type(type_):
            type_ = type_.of_type
        if is_list_type(type_):
            type_ = type_.of_type
            value = value[key] if isinstance(value, list) and isinstance(key, int) and key < len(value) else value
        elif is_input_object_type(type_):
            field = type_.fields.get(key)
            type_ = field.type if field is not None else type_
            value = value.get(key) if isinstance(value, dict) else None
    return type_, value


def explanation(type_: Any, value: Any, path: list[Any], message: str) -> tuple[list[Any], str]:
    """graphql-ruby's ``problems`` entry (path, explanation) for a graphql-core input error."""
    unknown = re.match(r"^Expected value of type '(?P<type>[^']+)' not to include unknown field '(?P<field>[^']+)'", message)
    if unknown:
        return [*path, unknown["field"]], f"Field is not defined on {unknown['type']}"
    required = re.match(r"^Expected value of type '[^']+' to include required field '(?P<field>[^']+)'", message)
    if required:
        return [*path, required["field"]], "Expected value to not be null"
    at, raw = _type_at(type_, value, path)
    if raw is None or "not to be null" in message:
        return path, "Expected value to not be null"
    named = get_named_type(at)
    if is_enum_type(named):
        return path, f"Expected {json.dumps(raw)} to be one of: {', '.join(named.values)}"  # type: ignore[attr-defined]
    if is_input_object_type(named):
        return path, f"Expected {json.dumps(raw)} to be a key-value object."
    return path, f"Could not coerce value {json.dumps(raw)} to {named.name}"
