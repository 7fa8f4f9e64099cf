"""The connector API's contract: the OpenAPI 3.1 document beside this module (openapi.yaml), read once,
and JSON Schema validators of its schemas.

Two readers hold answers and requests to it: the served reference connector (routes.py) checks
the account set-up it is sent, and the harness (harness/http_connector.py) checks every answer of
a connector it drives over HTTP. The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1's
dialect), so :mod:`jsonschema` validates them as they are, ``$ref`` to the components included.
"""

from __future__ import annotations

import functools
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
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


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
    'Done' is not one of [...]`` — or None when it holds."""
    from jsonschema.exceptions import best_match

    error = best_match(validator(pointer).iter_errors(instance))
    if error is None:
        return None
    # jsonschema writes the value found whole ("'...' is not of type 'array'"): a large one (a
    # list sent as one long text) made a message, and every report quoting it, as long as the answer.
    message, found = error.message, repr(error.instance)
    if len(found) > SHOWN and found in message:
        message = message.replace(found, f"{found[:SHOWN]}... ({len(found)} characters)", 1)
    return f"{error.json_path}: {message if len(message) <= 4 * SHOWN else message[:4 * SHOWN] + '...'}"


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
