"""The connector API's contract: the OpenAPI 3.1 document beside this module (openapi.yaml), read once,
and JSON Schema validators of its schemas.

Two readers hold answers and requests to it: the served reference connector (routes.py) checks
the account set-up it is sent, and the harness (harness/http_connector.py) checks every answer of
a connector it drives over HTTP. The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1's
dialect), so :mod:`jsonschema` validates them as they are, ``$ref`` to the components included.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import jsonschema
    from referencing import Registry

PATH = Path(__file__).with_name("openapi.yaml")
#: The document's URI in the validators' registry (``$ref`` resolves against it).
URI = "urn:refundsim:connector-api"
METHODS = ("get", "put", "post", "patch", "delete")
#: How much of a value :func:`problem` shows where it breaks the schema.
SHOWN = 100


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI document (do not change what it answers: it is shared)."""
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


@functools.cache
def _registry() -> Registry:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resource(URI, DRAFT202012.create_resource(document()))


@functools.cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    r"""A JSON Schema ``pattern`` (an ECMA-262 regular expression) as Python's re reads it the same:
    ``$`` outside a character class is the end of the text (Python's ``$`` also matches before a
    last line break, so ``^[A-Z]{3}$`` took ``"USD\n"``), and ``\d`` / ``\w`` are ASCII (re.ASCII)."""
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
    return re.compile("".join(out), re.ASCII)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """The ``pattern`` keyword, read as JSON Schema (ECMA-262) reads it (:func:`ecma_pattern`)."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        written = (json.dumps(text, ensure_ascii=False) for text in (instance, pattern))
        yield ValidationError("{} does not match {}".format(*written))  # said() words it so too


@functools.cache
def validator(pointer: str) -> jsonschema.Draft202012Validator:
    """A validator of the schema at ``pointer`` in the document (``/components/schemas/OtherTransaction``)."""
    # jsonschema is imported here, at the first validation: it takes about 0.05 s to import, in
    # every process that imports the app, and only runs that drive or serve the connector API use it.
    import jsonschema

    ecma = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})
    return ecma({"$ref": f"{URI}#{pointer}"}, registry=_registry(),
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def problem(pointer: str, instance: Any) -> str | None:
    """The first way ``instance`` breaks the schema at ``pointer`` — ``$.transactions[0].status:
    "Done" is not one of ["Retrieved", ...]`` (:func:`said`) — or None when it holds."""
    from jsonschema.exceptions import best_match

    error = best_match(validator(pointer).iter_errors(instance))
    if error is None:
        return None
    message = said(error)
    return f"{error.json_path}: {message if len(message) <= 4 * SHOWN else message[:4 * SHOWN] + '...'}"


def _json(value: Any) -> str:
    """``value`` as JSON writes it (``"x"``, ``true``, ``null``, ``["a", "b"]``), cut short past
    :data:`SHOWN` characters: jsonschema's value found whole (a list sent as one long text) made a
    message, and every report quoting it, as long as the answer."""
    written = json.dumps(value, ensure_ascii=False, default=str)
    return written if len(written) <= SHOWN else f"{written[:SHOWN]}... ({len(written)} characters)"


def _listed(values: list[Any], last: str = "and") -> str:
    """``"a"``, ``"a" and "b"``, ``"a", "b" and "c"`` (each value as JSON writes it)."""
    written = [_json(value) for value in values]
    return written[0] if len(written) == 1 else f"{', '.join(written[:-1])} {last} {written[-1]}"


#: What minLength / minItems / minProperties (and max...) count, one and more.
_UNITS = {"Length": ("character", "characters"), "Items": ("item", "items"), "Properties": ("property", "properties")}


#: Keywords whose subschemas are named (the name after them in a schema path is not a keyword).
_NAMING = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"})


def _of_a_name(error: jsonschema.ValidationError) -> bool:
    """Whether ``error`` is about a property's name (``propertyNames``), not a value."""
    named = False
    for part in error.absolute_schema_path:
        if named:
            named = False
        elif part == "propertyNames":
            return True
        else:
            named = part in _NAMING
    return False


def said(error: jsonschema.ValidationError) -> str:
    """What ``error`` says, in JSON's words: the value found and the schema's values written as JSON
    writes them (``"4" is not of type "integer"``, ``true``, ``null``, ``["off", "to_netsuite"]``),
    not as jsonschema's message prints them with Python's repr (``'4'``, ``True``, ``None``,
    ``['off', 'to_netsuite']``): implementers write JSON, many in Node.js. Rendered from the error's
    fields for every keyword the document uses and the common others; for any other keyword,
    jsonschema's own message."""
    keyword, expected, found = error.validator, error.validator_value, error.instance
    value = _json(found)
    if keyword == "type":
        message = f"{value} is not of type {_listed(expected if isinstance(expected, list) else [expected], 'or')}"
    elif keyword == "enum":
        message = f"{value} is not one of {_json(expected)}"
    elif keyword == "const":
        message = f"{value} is not {_json(expected)}, the only value allowed"
    elif keyword == "pattern":
        message = f"{value} does not match {json.dumps(expected, ensure_ascii=False)}"
    elif keyword == "format":
        message = f"{value} is not of format {json.dumps(expected, ensure_ascii=False)}"
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        than = "less than" if keyword.endswith("inimum") else "greater than"
        than += " or equal to" if keyword.startswith("exclusive") else ""
        message = f"{value} is {than} the {keyword.removeprefix('exclusive').lower()} of {_json(expected)}"
    elif keyword in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
        one, more = _UNITS[keyword[3:]]
        message = f"{value} should have at {'least' if keyword.startswith('min') else 'most'} {expected} " \
                  f"{one if expected == 1 else more}"
    elif keyword == "required" and isinstance(found, dict):
        # One error per property left out, all alike but for jsonschema's message: say them all.
        missing = [name for name in expected if name not in found]
        verb = "is a required property" if len(missing) == 1 else "are required properties"
        message = f"{_listed(missing)} {verb}"
    elif keyword == "additionalProperties" and isinstance(found, dict) and isinstance(error.schema, dict):
        patterns = error.schema.get("patternProperties", {})
        extras = [name for name in found if name not in error.schema.get("properties", {})
                  and not any(ecma_pattern(pattern).search(name) for pattern in patterns)]
        if patterns:
            message = f"{_listed(extras)} {'does' if len(extras) == 1 else 'do'} not match any of {_listed(sorted(patterns), 'or')}"
        else:
            message = f"additional properties are not allowed ({_listed(extras)} {'was' if len(extras) == 1 else 'were'} unexpected)"
    elif keyword in ("anyOf", "oneOf"):
        # oneOf answers without context when the value is valid under more than one subschema.
        how = "not valid under any" if error.context or keyword == "anyOf" else "valid under more than one"
        message = f"{value} is {how} of the given schemas"
    elif keyword == "not":
        message = f"{value} should not be valid under {_json(expected)}"
    else:  # jsonschema's words, the value found cut short as :func:`_json` does
        message, python = error.message, repr(found)
        if len(python) > SHOWN and python in message:
            message = message.replace(python, f"{python[:SHOWN]}... ({len(python)} characters)", 1)
    return f"the property name {message}" if _of_a_name(error) and message.startswith(value) else message


def operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId → (HTTP method, path below the server URL, the operation)."""
    found = {}
    for path, item in document()["paths"].items():
        for method in METHODS:
            if method in item:
                found[item[method]["operationId"]] = (method.upper(), path, item[method])
    return found


def response_pointer(operation_id: str, status: int) -> str | None:
    """The pointer to the JSON schema of ``operation_id``'s answer with ``status``, or None when
    that answer has no body (204); :raise KeyError: the operation does not answer ``status``."""
    method, path, operation = operations()[operation_id]
    response = operation["responses"][str(status)]
    if "$ref" in response:  # a shared response of components/responses
        name = response["$ref"].rsplit("/", 1)[-1]
        response, base = document()["components"]["responses"][name], f"/components/responses/{name}"
    else:
        escaped = path.replace("~", "~0").replace("/", "~1")
        base = f"/paths/{escaped}/{method.lower()}/responses/{status}"
    if "content" not in response:
        return None
    return f"{base}/content/application~1json/schema"


def request_pointer(operation_id: str) -> str:
    """The pointer to the JSON schema of ``operation_id``'s request body."""
    method, path, _ = operations()[operation_id]
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/{method.lower()}/requestBody/content/application~1json/schema"
