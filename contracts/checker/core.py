"""The checker's machinery: which contract covers an answer, how a violation reads, the fields a
simulator's FIDELITY.md allows beyond its contract, and the Flask hook that puts it all in the loop.

A *service contract* (:class:`ServiceContract`) claims paths by prefix and routes each answer, by
method and path template, to a *check* that returns the first :class:`Violation` or ``None``.
Checks that validate JSON are :class:`SchemaCheck`: a JSON Schema (draft-07) compiled with
fastjsonschema once per process, on first use. The registry builds each service contract the first
time an answer needs it, so a run that never calls a service never pays for its contract.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from flask import Flask, Response

    from simulators.core.errors import SimulatorError

log = logging.getLogger("contracts")

#: The vendored contracts (``contracts/<vendor>/...``).
CONTRACTS_DIR = Path(__file__).resolve().parents[1]
#: The simulators' packages, each with its FIDELITY.md.
SIMULATORS_DIR = CONTRACTS_DIR.parent / "simulators"
#: How every simulator bug report starts; the report files such failures under "Simulator errors"
#: (harness/categories.json).
UNEXPECTED = "Unexpected simulator error"
#: The FIDELITY.md section whose one table lists the fields a simulator prints beyond its contract.
ALLOWANCES_HEADING = "## Beyond the contract"
#: Compiled validators, kept like .pyc files (ignored by git): fastjsonschema generates large
#: Python modules, and compiling them is most of a validator's cost; a process loads them instead.
VALIDATOR_CACHE = Path(__file__).resolve().parent / "__pycache__" / "validators"


class ContractError(Exception):
    """A contract or an allowance table cannot be read (a bug of this project, never of an answer)."""


@dataclass(frozen=True)
class Answer:
    """One answer of a simulator, as its client receives it, with the request's body and content
    type where the answer depends on them (a GraphQL answer is checked against its query)."""

    method: str
    path: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    request: bytes = b""
    request_type: str = ""


@dataclass(frozen=True)
class Violation:
    """The first way an answer breaks its contract: ``where`` is a JSON path (``$.lineItems[0]``)
    or an HTTP part (``header Location``), ``problem`` says what is wrong there."""

    contract: str
    where: str
    problem: str

    @property
    def message(self) -> str:
        return f"{UNEXPECTED}: the answer breaks {self.contract}: {self.where}: {self.problem}"


#: A check sees the answer and its parsed JSON body (``None`` when the body is empty).
Check = Callable[[Answer, Any], "Violation | None"]


# ------------------------------------------------------------------ JSON Schema
class SchemaCheck:
    """Validates a JSON document against a JSON Schema (draft-07, ``definitions`` for ``$ref``).

    ``schema`` may be a callable building it: the schema is built and compiled on the first
    validation, once per process (compiling generates Python code; validating then costs a few
    microseconds per field). Objects' ``title`` names the contract type in messages.
    """

    def __init__(self, contract: str, schema: dict[str, Any] | Callable[[], dict[str, Any]]) -> None:
        self.contract = contract
        self._schema = schema
        self._validate: Callable[[Any], Any] | None = None
        self._lock = threading.Lock()

    def _compiled(self) -> Callable[[Any], Any]:
        if self._validate is None:
            with self._lock:
                if self._validate is None:
                    schema = self._schema() if callable(self._schema) else self._schema
                    self._validate = compile_validator(schema)
        return self._validate

    def validate(self, document: Any, at: str = "$") -> Violation | None:
        """The first violation of ``document``, reported under the JSON path ``at`` (where the
        document sits in the answer)."""
        try:
            self._compiled()(document)
        except fastjsonschema.JsonSchemaValueException as exc:
            return Violation(self.contract, at + json_path(exc.name or "data")[1:], _problem(exc))
        return None

    def __call__(self, answer: Answer, body: Any) -> Violation | None:
        return self.validate(body)


def compile_validator(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """fastjsonschema's validator of ``schema``, its code object loaded from :data:`VALIDATOR_CACHE`
    when an earlier process compiled the same schema with the same Python and fastjsonschema."""
    text = json.dumps(schema, sort_keys=True)
    key = hashlib.sha256(f"{fastjsonschema.VERSION}\n{text}".encode()).hexdigest()
    path = VALIDATOR_CACHE / f"{key}.{sys.implementation.cache_tag}.marshal"
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        code = compile(fastjsonschema.compile_to_code(schema, use_formats=False), f"<contract {key[:12]}>", "exec")
        try:
            VALIDATOR_CACHE.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
            temporary.write_bytes(marshal.dumps(code))
            os.replace(temporary, path)  # atomic: parallel workers never read half a file
        except OSError:
            pass  # a read-only checkout compiles in every process
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # noqa: S102 - code this module generated from the vendored contracts
    return namespace["validate"]


def json_path(name: str) -> str:
    """fastjsonschema's ``data.lineItems[0]`` as the JSON path ``$.lineItems[0]``."""
    return "$" + name[len("data"):] if name.startswith("data") else name


def _problem(exc: fastjsonschema.JsonSchemaValueException) -> str:
    definition = exc.definition if isinstance(exc.definition, dict) else {}
    title = definition.get("title")
    if exc.rule == "additionalProperties" and isinstance(exc.value, dict):
        extra = sorted(set(exc.value) - set(definition.get("properties", {})))
        names = ", ".join(extra)
        return f"{names} {'is not a field' if len(extra) == 1 else 'are not fields'} of {title or 'this object'}"
    name = exc.name or ""
    problem = exc.message[len(name):].strip() if name and exc.message.startswith(name) else exc.message
    return f"{problem} ({title})" if title and exc.rule in ("required", "type") else problem


# ------------------------------------------------------------ service contracts
@dataclass
class _Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    check: Check


class ServiceContract:
    """The contract of one simulated service.

    ``prefixes`` are the paths it claims. A *strict* contract (the vendor APIs) checks every answer
    under them: an answer no route claims must be an error in the service's error shape
    (``fallback``); a success there is itself a violation (the simulator answers something the
    contract has no operation for). A loose contract (a control-plane echo of a vendor shape)
    checks only the routes it names.
    """

    def __init__(self, service: str, name: str, prefixes: tuple[str, ...], *,
                 fallback: Check | None = None, strict: bool = True) -> None:
        self.service = service
        self.name = name
        self.prefixes = prefixes
        self.fallback = fallback
        self.strict = strict
        self._routes: dict[tuple[str, str], _Route] = {}

    def route(self, method: str, template: str, check: Check) -> None:
        """Answers to ``method template`` (``{name}`` matches one path segment) go to ``check``.
        Naming a route again replaces its check (how a later, better validator plugs in)."""
        regex = "".join("[^/]+" if part.startswith("{") else re.escape(part)
                        for part in re.split(r"(\{[^}]+\})", template))
        self._routes[(method.upper(), template)] = _Route(method.upper(), template, re.compile(regex), check)

    def find(self, method: str, path: str) -> Check | None:
        for route in self._routes.values():
            if route.method == method and route.pattern.fullmatch(path):  # all of it: "$" matches before a last "\n"
                return route.check
        return None

    @property
    def templates(self) -> list[tuple[str, str]]:
        """(method, template) of every route, in the order they are matched."""
        return list(self._routes)

    def check(self, answer: Answer) -> Violation | None:
        check = self.find(answer.method, answer.path)
        if check is None:
            if not self.strict:
                return None
            if answer.status < 400:
                return Violation(self.name, f"{answer.method} {answer.path}",
                                 "the contract has no operation that answers this request")
            check = self.fallback
            if check is None:
                return None
        body, violation = _parse(self.name, answer)
        return violation or check(answer, body)


def _parse(contract: str, answer: Answer) -> tuple[Any, Violation | None]:
    if not answer.body:
        return None, None
    content_type = answer.headers.get("Content-Type", "")
    if not content_type.startswith("application/json"):
        return None, Violation(contract, "header Content-Type", f"{content_type or 'none'} for a body; JSON is application/json")
    try:
        return json.loads(answer.body), None
    except ValueError as exc:
        return None, Violation(contract, "$", f"the body is not JSON ({exc})")


class Registry:
    """Every service contract, built on first use. :data:`REGISTRY` is the process's one registry."""

    def __init__(self) -> None:
        self._builders: list[tuple[tuple[str, ...], Callable[[], ServiceContract]]] = []
        self._built: dict[int, ServiceContract] = {}
        self._extensions: dict[str, list[Callable[[ServiceContract], None]]] = {}
        self._lock = threading.RLock()
        # Answers already found to hold: a connector reads the same record again and again, and the
        # same bytes to the same request need no second look. Bounded; cleared when full.
        self._held: set[tuple[Any, ...]] = set()

    def register(self, prefixes: tuple[str, ...], build: Callable[[], ServiceContract]) -> None:
        """``build()`` makes the contract of the paths under ``prefixes`` when first needed."""
        self._builders.append((prefixes, build))

    def extend(self, service: str, extension: Callable[[ServiceContract], None]) -> None:
        """Run ``extension(contract)`` on the contract of ``service`` once it is built — how another
        module adds or replaces routes (e.g. a GraphQL validator on ``graphql.json``)."""
        with self._lock:
            self._extensions.setdefault(service, []).append(extension)
            for contract in self._built.values():
                if contract.service == service:
                    extension(contract)

    def contract(self, index: int) -> ServiceContract:
        built = self._built.get(index)
        if built is None:
            with self._lock:
                built = self._built.get(index)
                if built is None:
                    built = self._builders[index][1]()
                    for extension in self._extensions.get(built.service, []):
                        extension(built)
                    self._built[index] = built
        return built

    def contracts(self) -> Iterable[ServiceContract]:
        """Every contract, built now (tests and benchmarks use it to compile everything up front)."""
        return [self.contract(i) for i in range(len(self._builders))]

    def check(self, answer: Answer) -> Violation | None:
        """The first violation of the answer's contract, or ``None`` (also when no contract covers it)."""
        headers = answer.headers
        seen = (answer.method, answer.path, answer.status, headers.get("Content-Type"), headers.get("Location"),
                headers.get("Preference-Applied"), answer.body, answer.request)
        if seen in self._held:
            return None
        for index, (prefixes, _) in enumerate(self._builders):
            if answer.path.startswith(prefixes):
                contract = self.contract(index)
                if contract.strict or contract.find(answer.method, answer.path) is not None:
                    violation = contract.check(answer)
                    if violation is None:
                        if len(self._held) >= _HELD_MAX:
                            self._held.clear()
                        self._held.add(seen)
                    return violation
        return None


#: How many answers :class:`Registry` remembers as holding (their bytes: a few MB at most).
_HELD_MAX = 2048

REGISTRY = Registry()


# ------------------------------------------------------------------ allowances
@dataclass(frozen=True)
class Allowance:
    """One row of a FIDELITY.md "Beyond the contract" table: ``field`` may appear in ``where``
    although the contract does not have it (or, for ``errorId <n>``, the error may be answered)."""

    field: str
    where: tuple[str, ...]
    reason: str


def allowances(service: str, fidelity: Path | None = None) -> list[Allowance]:
    """The allowances of ``simulators/<service>/FIDELITY.md`` (one source of truth: the checker
    reads the table people read).

    :raise ContractError: the section or its table is missing, or a row is malformed.
    """
    path = fidelity or SIMULATORS_DIR / service / "FIDELITY.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == ALLOWANCES_HEADING)
    except StopIteration:
        raise ContractError(f"{path}: no '{ALLOWANCES_HEADING}' section") from None
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    if len(rows) < 2 or [c.lower() for c in rows[0]] != ["field", "where", "reason"]:
        raise ContractError(f"{path}: '{ALLOWANCES_HEADING}' needs one table with the columns Field | Where | Reason")
    found = []
    for cells in rows[2:]:
        names, places = re.findall(r"`([^`]+)`", cells[0]), re.findall(r"`([^`]+)`", cells[1]) if len(cells) > 1 else []
        if len(cells) != 3 or len(names) != 1 or not places or not cells[2]:
            raise ContractError(f"{path}: malformed allowance row: | {' | '.join(cells)} |")
        found.append(Allowance(names[0], tuple(places), cells[2]))
    return found


def allowed_fields(rows: Iterable[Allowance]) -> dict[str, set[str]]:
    """Contract type → the field names allowed beyond it (rows whose field is not an ``errorId``)."""
    fields: dict[str, set[str]] = {}
    for row in rows:
        if not row.field.startswith("errorId "):
            for where in row.where:
                fields.setdefault(where, set()).add(row.field)
    return fields


def load_json(relative: str) -> Any:
    """A vendored contract file (``contracts/<relative>``)."""
    return json.loads((CONTRACTS_DIR / relative).read_text(encoding="utf-8"))


def add_allowances(definitions: dict[str, dict[str, Any]], fields: Mapping[str, set[str]], service: str) -> None:
    """Let each allowed field (``fields``: type → names, from :func:`allowed_fields`) appear, with
    any value, in its contract type.

    :raise ContractError: an allowance names a type the contract does not have, or a field the
        type already has (a stale row).
    """
    for where, names in fields.items():
        definition = definitions.get(where)
        if definition is None or "properties" not in definition:
            raise ContractError(f"simulators/{service}/FIDELITY.md allows fields in {where!r}, which is not a type "
                                "of the contract")
        for name in names:
            if name in definition["properties"]:
                raise ContractError(f"simulators/{service}/FIDELITY.md allows {where}.{name}, which the contract "
                                    "already has: remove the row")
            definition["properties"][name] = {}


# ------------------------------------------------------------------ the hook
@dataclass(eq=False)  # hashed by identity: Flask's ensure_sync is cached per hook (simulators/app.py)
class AnswerCheck:
    """The Flask ``after_request`` function that holds every answer to its contract.

    A violating answer is replaced by a 500 in the service's own error shape (``answer_error(message)``)
    whose message starts "Unexpected simulator error: the answer breaks <contract>", and logged:
    whoever made the request fails visibly, and the report files it under "Simulator errors".
    Answers the test shaped on purpose are not checked: a fault armed with its own ``body``, and a
    connection dropped before the answer. Nor is a request the vendor's front end refuses before
    its API sees it, whose answer no API contract lists: a ``Host`` that names no host
    (``simulators/app.py``, which sets ``g.refundsim_front_end``).
    """

    answer_error: Callable[[str], "SimulatorError"]
    registry: Registry = field(default_factory=lambda: REGISTRY)

    def __call__(self, response: Response) -> Response:
        from flask import g, request

        req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not six
        if (req.method in ("HEAD", "OPTIONS") or response.is_streamed or _shaped_by_test(g.get("refundsim_fault"))
                or g.get("refundsim_front_end")):
            return response
        path = req.path
        answer = Answer(req.method, path, response.status_code, dict(response.headers), response.get_data(),
                        req.get_data(cache=True) if path.endswith("/graphql.json") else b"",
                        req.content_type or "")
        try:
            violation = self.registry.check(answer)
        except ContractError as exc:
            violation = Violation("the contracts", "contracts/", str(exc))
        if violation is None:
            return response
        log.error("%s %s answered %s: %s", req.method, path, response.status_code, violation.message)
        error = self.answer_error(violation.message)
        error.status = 500
        g.refundsim_error = error
        return error.to_response()


def _shaped_by_test(fault: Any) -> bool:
    if fault is None:
        return False
    return (fault.kind == "status" and fault.body is not None) or (fault.kind == "drop" and fault.drop == "before")


def install(app: Flask, answer_error: Callable[[str], "SimulatorError"]) -> None:
    """Check every answer of ``app`` (register it last: ``after_request`` functions run last-first,
    so the journal records the answer the client gets)."""
    app.after_request(AnswerCheck(answer_error))
