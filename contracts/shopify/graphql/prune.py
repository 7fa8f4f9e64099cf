"""Build the Admin GraphQL schema the Shopify simulator serves, per API version, from Shopify's full one.

    python contracts/shopify/graphql/prune.py            # rewrite the pruned schemas
    python contracts/shopify/graphql/prune.py --check    # exit 1 if a committed one differs

Input: ``admin_<version>.json.gz`` beside this file (Shopify's introspection of the Admin API,
PROVENANCE.md). Output, in ``simulators/shopify/graphql/schemas/`` (shipped with the package):

- ``admin_<version>.graphql``: the served schema as SDL. It keeps the object types the simulator
  implements (the types of ``simulators.shopify.graphql.resolvers.RESOLVERS``: the roots ``QueryRoot``
  and ``Mutation`` and what ``order``, ``refund``, ``shop`` and ``refundCreate`` reach) and, of each,
  every real field whose type is kept: scalars and enums always, objects when implemented, interfaces
  when all their fields are scalars or enums (``Node``, ``LegacyInteroperability``,
  ``DisplayableError``). Every argument, input object, enum and scalar those fields and the
  directives use is kept whole. Names, descriptions, arguments, defaults, nullability, enum values and
  deprecations are Shopify's, unchanged: nothing is written by hand.
- ``admin_<version>.pruned.json``: the index of what was left out, the real types and the real
  fields of kept types (with their types), so the simulator answers "not simulated" for them
  instead of "doesn't exist".

``tests/shopify/test_graphql_schema.py`` runs :func:`build` on the vendored schemas and fails when
the committed outputs differ, so nobody edits them by hand.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OUTPUT = ROOT / "simulators" / "shopify" / "graphql" / "schemas"
#: The API versions with a vendored schema; the simulator serves exactly these over GraphQL.
VERSIONS = ("2025-01", "2026-01", "2026-04")
LEAF_KINDS = ("SCALAR", "ENUM")


def source(version: str) -> Path:
    return HERE / f"admin_{version}.json.gz"


def _named(ref: dict[str, Any]) -> str:
    while ref.get("ofType"):
        ref = ref["ofType"]
    return ref["name"]


def _printed(ref: dict[str, Any]) -> str:
    if ref["kind"] == "NON_NULL":
        return _printed(ref["ofType"]) + "!"
    if ref["kind"] == "LIST":
        return f"[{_printed(ref['ofType'])}]"
    return ref["name"]


def prune(introspection: dict[str, Any], implemented: set[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The pruned introspection (``{"__schema": ...}``) and the index of what was left out.

    :raise ValueError: an implemented type the schema does not have.
    """
    schema = introspection["__schema"]
    types = {t["name"]: t for t in schema["types"]}
    missing = implemented - set(types)
    if missing:
        raise ValueError(f"types the simulator implements are not in this schema: {sorted(missing)}")
    leaf = {name for name, t in types.items() if t["kind"] in LEAF_KINDS}
    interfaces = {name for o in implemented for name in (i["name"] for i in types[o].get("interfaces") or [])
                  if all(_named(f["type"]) in leaf for f in types[name]["fields"])}
    outputs = implemented | interfaces
    kept: set[str] = set(outputs)
    pending: list[str] = []  # input types, enums and scalars still to add

    def use(ref: dict[str, Any]) -> None:
        name = _named(ref)
        if name not in kept:
            kept.add(name)
            pending.append(name)

    pruned_fields: dict[str, dict[str, str]] = {}
    new_types: dict[str, dict[str, Any]] = {}
    for name in sorted(outputs):
        original = types[name]
        fields = []
        for f in original["fields"]:
            target = _named(f["type"])
            if target in leaf or target in outputs:
                fields.append(f)
                use(f["type"])
                for arg in f["args"]:
                    use(arg["type"])
            else:
                pruned_fields.setdefault(name, {})[f["name"]] = _printed(f["type"])
        new_types[name] = {**original, "fields": fields,
                           "interfaces": [i for i in original.get("interfaces") or [] if i["name"] in interfaces]}
        if original["kind"] == "INTERFACE":
            new_types[name]["possibleTypes"] = [p for p in original.get("possibleTypes") or [] if p["name"] in implemented]
    for directive in schema["directives"]:
        for arg in directive["args"]:
            use(arg["type"])
    for builtin in ("String", "Boolean"):  # introspection's own fields use them
        use({"name": builtin})
    while pending:
        name = pending.pop()
        original = types[name]
        new_types[name] = original
        for f in original.get("inputFields") or []:
            use(f["type"])
    for name, t in types.items():
        if name.startswith("__"):
            new_types[name] = t
    ordered = [new_types[t["name"]] for t in schema["types"] if t["name"] in new_types]
    pruned = {"__schema": {**schema, "types": ordered}}
    index = {
        "types": sorted(name for name in types if name not in new_types),
        "fields": {name: dict(sorted(fields.items())) for name, fields in sorted(pruned_fields.items())},
    }
    return pruned, index


def implemented_types() -> set[str]:
    sys.path.insert(0, str(ROOT))
    from simulators.shopify.graphql.resolvers import RESOLVERS

    return set(RESOLVERS)


def build(version: str) -> dict[str, str]:
    """The outputs of ``version``: file name (in :data:`OUTPUT`) → text."""
    from graphql import build_client_schema, print_schema

    raw = source(version).read_bytes()
    introspection = json.loads(gzip.decompress(raw))["data"]
    pruned, index = prune(introspection, implemented_types())
    sdl = print_schema(build_client_schema(pruned))  # type: ignore[arg-type]
    header = (f"# Shopify Admin GraphQL API {version}, pruned to what the simulator implements.\n"
              f"# Generated by contracts/shopify/graphql/prune.py from admin_{version}.json.gz "
              f"(sha256 {hashlib.sha256(raw).hexdigest()}); do not edit.\n\n")
    return {f"admin_{version}.graphql": header + sdl + "\n",
            f"admin_{version}.pruned.json": json.dumps({"version": version, **index}, indent=1) + "\n"}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for version in VERSIONS:
        for name, text in build(version).items():
            path = OUTPUT / name
            if check:
                if not path.exists() or path.read_text() != text:
                    stale.append(name)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
                print(f"wrote {path.relative_to(ROOT)} ({len(text):,} characters)")
    if stale:
        print(f"out of date (run python contracts/shopify/graphql/prune.py): {', '.join(stale)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
