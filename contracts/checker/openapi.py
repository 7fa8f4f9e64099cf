"""OpenAPI 3.0 Schema Objects as JSON Schema (draft-07), the dialect fastjsonschema validates.

OpenAPI 3.0 is not JSON Schema: ``nullable: true`` stands for "or null", a ``$ref`` points into
``#/components/schemas`` and replaces its siblings, and ``format`` values such as ``int32`` or
``double`` are hints, not checks. :func:`definitions` converts a contract's component schemas;
every object that lists its properties gets ``additionalProperties: false`` unless the contract
says otherwise, so a field the contract does not have is a violation.
"""

from __future__ import annotations

from typing import Any

#: OpenAPI keywords with no meaning for validating an answer (documentation, or request-only).
_DROPPED = frozenset({
    "description", "summary", "example", "examples", "externalDocs", "xml", "deprecated", "discriminator",
    "readOnly", "writeOnly", "format", "title", "nullable",
})
_REF_PREFIX = "#/components/schemas/"


def convert(schema: Any, ref_prefix: str = _REF_PREFIX) -> Any:
    """One OpenAPI 3.0 Schema Object → JSON Schema draft-07 (refs into ``#/definitions``)."""
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith(ref_prefix):
            raise ValueError(f"unsupported $ref {ref!r}")
        target: dict[str, Any] = {"$ref": "#/definitions/" + ref[len(ref_prefix):]}
        # OpenAPI 3.0 ignores a $ref's siblings, except that nullable applies to it in practice.
        # (if/then/else rather than anyOf, so a violation inside the target is reported where it is).
        return {"if": {"type": "null"}, "then": {}, "else": target} if schema.get("nullable") else target
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROPPED:
            continue
        if key == "properties":
            out[key] = {name: convert(sub, ref_prefix) for name, sub in value.items()}
        elif key in ("items", "not") or (key == "additionalProperties" and isinstance(value, dict)):
            out[key] = convert(value, ref_prefix)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [convert(sub, ref_prefix) for sub in value]
        else:
            out[key] = value
    if "properties" in out and "additionalProperties" not in out and not any(k in out for k in ("allOf", "anyOf", "oneOf")):
        out["additionalProperties"] = False
    if schema.get("nullable"):
        if "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*types, "null"] if "null" not in types else types
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


def definitions(components: dict[str, Any], ref_prefix: str = _REF_PREFIX) -> dict[str, dict[str, Any]]:
    """Every component schema converted, each titled with its name (violations name the type)."""
    return {name: {**convert(schema, ref_prefix), "title": name} for name, schema in components.items()}


def closure(defs: dict[str, Any], roots: list[str]) -> dict[str, Any]:
    """The definitions ``roots`` reach through ``$ref`` (a compiled validator holds only these)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(_refs(defs[name]))
    return {name: defs[name] for name in sorted(seen)}


def _refs(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/definitions/"):
                found.append(value[len("#/definitions/"):])
            else:
                found.extend(_refs(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_refs(value))
    return found


def schema_of(root: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A compilable schema: ``root`` with the definitions it reaches."""
    return {**root, "definitions": closure(defs, _refs(root))}
