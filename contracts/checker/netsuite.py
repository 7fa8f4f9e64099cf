"""NetSuite's contracts.

Oracle publishes no OpenAPI file for the Record REST service; its REST API Browser is the contract.
``contracts/netsuite/record_v1_2026_1_subset.json`` transcribes the refund records' properties from
it, ``record_v1_2026_1_more.json`` the other records the simulator serves, each served record's
browser definition in full (``browser``: every body property and every item / apply line property)
and the services beside the record service (async jobs, SuiteQL, the OAuth 2.0 token endpoint, from
Oracle's help pages).
Every record is checked by its type (from the path): a property the browser does not list for that
type is a violation, and so is a wrong JSON type, a select outside its enumeration or a date that is
not ISO 8601. Writes answer 204 with ``Location`` (or 202 and a job, asynchronously); errors answer
``nsError``.
"""

from __future__ import annotations

import re
from typing import Any

from .core import (
    Answer, ContractError, SchemaCheck, ServiceContract, Violation, add_allowances, allowances, allowed_fields,
    load_json,
)

RECORD = "NetSuite Record REST v1 2026.1 (REST API Browser)"
ASYNC = "NetSuite REST async v1 (Oracle Help Center)"
SUITEQL = "NetSuite SuiteQL over REST (Oracle Help Center)"
TOKEN = "NetSuite OAuth 2.0 token endpoint (Oracle Help Center)"
ROOT = "/services/rest"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATE_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"
#: The sublists transactions share, by name → their element type in the transcription; another
#: sublist's element is its record's own (``customer-currencyListElement``).
SUBLIST_ELEMENTS = {"item": "itemElement", "apply": "applyElement"}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/definitions/{name}"}


def _obj(title: str, properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": title, "type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def _property(spec: str, where: str) -> dict[str, Any]:
    """A property of the transcription's vocabulary as JSON Schema (``where`` names it in errors)."""
    simple = {"string": "string", "string(URI)": "string", "number": "number", "integer": "integer", "boolean": "boolean"}
    if spec in simple:
        return {"type": simple[spec]}
    if spec == "date":
        return {"type": "string", "pattern": _DATE}
    if spec == "date-time":
        return {"type": "string", "pattern": _DATE_TIME}
    if spec == "ref":
        return _ref("nsResource")
    if spec == "select":
        return _select(where, None)
    if spec == "collection":
        return _ref("collection")
    if spec == "object":  # a subrecord (an address, a line's inventoryDetail): its own properties unchecked
        return {"type": "object"}
    match = re.fullmatch(r"(array|collection)<(\w+)>", spec)
    if match:
        kind, element = match.groups()
        if kind == "array":
            return {"type": "array", "items": _ref(element) if element != "object" else {"type": "object"}}
        return _ref(f"{element}Collection")
    raise ContractError(f"unknown property type {spec!r} in the NetSuite transcription ({where})")


def _select(title: str, values: list[str] | None) -> dict[str, Any]:
    return _obj(title, {"id": {"type": "string", **({"enum": values} if values else {})}, "refName": {"type": "string"}},
                ("id",))


def _collection(title: str, items: dict[str, Any]) -> dict[str, Any]:
    return _obj(title, {"links": {"type": "array", "items": _ref("nsLink")}, "count": {"type": "integer"},
                        "hasMore": {"type": "boolean"}, "items": {"type": "array", "items": items},
                        "offset": {"type": "integer"}, "totalResults": {"type": "integer"}})


def definitions() -> dict[str, Any]:
    """Every NetSuite type as a JSON Schema definition, titled with its name, allowances added."""
    subset, more = load_json("netsuite/record_v1_2026_1_subset.json"), load_json("netsuite/record_v1_2026_1_more.json")
    order_status = more["selects"]["orderStatus"]
    defs: dict[str, Any] = {
        "nsLink": _obj("nsLink", {"href": {"type": "string"}, "rel": {"type": "string"}}, ("href", "rel")),
        "collection": _collection("collection", {}),
    }
    for name, props in subset["types"].items():
        if name not in defs:
            defs[name] = _obj(name, {p: _property(t, f"{name}.{p}") for p, t in props.items()})
    defs["nsError"]["required"] = ["type", "title", "status", "o:errorDetails"]
    defs["nsErrorDetail"]["required"] = ["detail", "o:errorCode"]
    defs["nsResource"]["required"] = ["id"]
    for element in ("itemElement", "applyElement"):
        defs[f"{element}Collection"] = _collection(f"{element}Collection", _ref(element))
    records = {name: {**spec, "common": True} for name, spec in subset["records"].items()}
    records.update(more["records"])
    browser = more["browser"]["records"]
    for name, spec in records.items():
        common = subset["common_transaction"].items() if spec["common"] else ()
        full = browser.get(name, {})
        # The browser's definition in full first: the refund-central transcription's types (enumerations,
        # the line element of a sublist) override it where both name a property.
        properties = {p: _property(t, f"{name}.{p}") for p, t in full.get("fields", {}).items()}
        properties.update({p: _property(t, f"{name}.{p}") for p, t in common})
        for field, kind in spec["fields"].items():
            values = {**more["selects"], "orderStatus": order_status.get(name)}.get(field)
            properties[field] = _select(f"{name}.{field}", values) if kind == "select" else _property(kind, f"{name}.{field}")
        for sublist, types in full.get("lines", {}).items():
            element = SUBLIST_ELEMENTS.get(sublist, f"{sublist}Element")
            own = f"{name}-{element}"  # the record's own line element, as the browser names it
            line = {p: _property(t, f"{own}.{p}") for p, t in types.items()}
            line.update(defs[element]["properties"] if element in defs else {})
            line.setdefault("links", {"type": "array", "items": _ref("nsLink")})
            defs[own] = _obj(own, line)
            defs[f"{own}Collection"] = _collection(f"{own}Collection", _ref(own))
            properties[sublist] = _ref(f"{own}Collection")
        for absent in spec.get("no_field", ()):
            properties.pop(absent, None)
        if spec.get("status"):
            properties["status"] = _select(f"{name}.status", spec["status"])
        properties.setdefault("links", {"type": "array", "items": _ref("nsLink")})
        defs[name] = _obj(name, properties, ("id", "links"))
    add_allowances(defs, allowed_fields(allowances("netsuite")), "netsuite")
    return defs


def _schema(root: str, defs: dict[str, Any]) -> dict[str, Any]:
    return {**_ref(root), "definitions": defs}


class NetSuiteChecks:
    """The checks of every NetSuite route, sharing one set of compiled definitions."""

    def __init__(self) -> None:
        self.defs = definitions()
        more = load_json("netsuite/record_v1_2026_1_more.json")
        self.records = set(load_json("netsuite/record_v1_2026_1_subset.json")["records"]) | set(more["records"])
        self._record_checks: dict[str, SchemaCheck] = {}
        self.error = SchemaCheck(RECORD, _schema("nsError", self.defs))
        page = _obj("nsResourceCollection", {
            "links": {"type": "array", "items": _ref("nsLink")}, "count": {"type": "integer"},
            "hasMore": {"type": "boolean"}, "offset": {"type": "integer"}, "totalResults": {"type": "integer"},
            "items": {"type": "array", "items": _obj("nsResourceCollection.items", {
                "links": {"type": "array", "items": _ref("nsLink")}, "id": {"type": "string"}}, ("links", "id"))},
        }, ("links", "count", "hasMore", "items", "offset", "totalResults"))
        self.page = SchemaCheck(RECORD, {**page, "definitions": {"nsLink": self.defs["nsLink"]}})
        suiteql = _obj("suiteqlPage", {
            "links": {"type": "array", "items": _ref("nsLink")}, "count": {"type": "integer"},
            "hasMore": {"type": "boolean"}, "offset": {"type": "integer"}, "totalResults": {"type": "integer"},
            "items": {"type": "array", "items": {"title": "suiteqlRow", "type": "object",
                                                 "properties": {"links": {"type": "array", "items": _ref("nsLink")}},
                                                 "additionalProperties": {"type": "string"}, "required": ["links"]}},
        }, tuple(more["suiteql"]["page"]))
        self.suiteql = SchemaCheck(SUITEQL, {**suiteql, "definitions": {"nsLink": self.defs["nsLink"]}})
        token = more["oauth2_token"]
        self.token = SchemaCheck(TOKEN, _obj("accessTokenResponse", {k: {"type": "string"} for k in token["token"]},
                                             tuple(token["token"])))
        self.token_error = SchemaCheck(TOKEN, _obj("tokenError", {"error": {"enum": token["errors"]},
                                                                   "error_description": {"type": "string"}}, ("error",)))
        job = more["async_v1"]
        progress = {"enum": job["progress"]}
        links = {"type": "array", "items": _ref("nsLink")}
        self.job = SchemaCheck(ASYNC, {**_obj("job", {
            "links": links, "completed": {"type": "boolean"}, "id": {"type": "string"}, "progress": progress,
            "task": _obj("job.task", {"links": links}, ("links",)),
        }, tuple(job["job"])), "definitions": {"nsLink": self.defs["nsLink"]}})
        self.task = SchemaCheck(ASYNC, {**_obj("task", {
            "links": links, "completed": {"type": "boolean"}, "id": {"type": "string"}, "progress": progress,
            "startTime": {"type": "string", "pattern": _DATE_TIME}, "endTime": {"type": "string", "pattern": _DATE_TIME},
        }, ("links", "completed", "id", "progress")), "definitions": {"nsLink": self.defs["nsLink"]}})
        self.tasks = SchemaCheck(ASYNC, {**page, "title": "taskCollection", "definitions": {"nsLink": self.defs["nsLink"]}})

    # ----------------------------------------------------------------- checks
    def record(self, type_: str) -> SchemaCheck | None:
        check = self._record_checks.get(type_)
        if check is None and type_ in self.records:
            check = self._record_checks.setdefault(type_, SchemaCheck(RECORD, _schema(type_, self.defs)))
        return check

    def errors_or(self, success: Any) -> Any:
        """A read: 200 and ``success``'s document, 202 and a job, or an error."""
        def check(answer: Answer, body: Any) -> Violation | None:
            if answer.status >= 400:
                return self.error.validate(body)
            if answer.status == 202:
                return self._accepted(answer, body)
            if answer.status != 200:
                return Violation(RECORD, "HTTP status", f"a read answers 200 (or 202 asynchronously), not {answer.status}")
            return success(answer, body)
        return check

    def _accepted(self, answer: Answer, body: Any) -> Violation | None:
        """202: the request was queued as a job (empty body, ``Preference-Applied``, the job's ``Location``)."""
        if body is not None:
            return Violation(ASYNC, "$", "202 Accepted comes without a body")
        if answer.headers.get("Preference-Applied") != "respond-async":
            return Violation(ASYNC, "header Preference-Applied", "an asynchronous answer says 'respond-async'")
        return self._job_location(answer)

    def get_record(self, answer: Answer, body: Any) -> Violation | None:
        type_ = answer.path.split("/")[5]
        check = self.record(type_)
        if check is None:
            return Violation(RECORD, "$", f"the browser has no record type {type_!r}")
        return check.validate(body)

    def _element(self, answer: Answer) -> str | None:
        """The line element of the sublist in the path: the record's own (``cashRefund-itemElement``)
        where the transcription has it, else the shared one (``itemElement``, ``applyElement``)."""
        parts = answer.path.split("/")
        element = SUBLIST_ELEMENTS.get(parts[7], f"{parts[7]}Element")
        own = f"{parts[5]}-{element}"
        return own if own in self.defs else element if element in self.defs else None

    def get_sublist(self, answer: Answer, body: Any) -> Violation | None:
        element = self._element(answer)
        if element is None:
            return Violation(RECORD, "$", f"no sublist {answer.path.split('/')[7]!r} in the transcription")
        key = f"{element}Collection"
        check = self._record_checks.get(key) or self._record_checks.setdefault(key, SchemaCheck(RECORD, _schema(key, self.defs)))
        return check.validate(body)

    def get_sublist_line(self, answer: Answer, body: Any) -> Violation | None:
        """One line of a sublist: its element type (``cashRefund-itemElement``, ``applyElement``)."""
        element = self._element(answer)
        if element is None:
            return Violation(RECORD, "$", f"no sublist {answer.path.split('/')[7]!r} in the transcription")
        check = self._record_checks.get(element) or self._record_checks.setdefault(
            element, SchemaCheck(RECORD, _schema(element, self.defs)))
        return check.validate(body)

    def write(self, answer: Answer, body: Any) -> Violation | None:
        """Create, update, delete, transform: 204 (+ ``Location`` of the record), or 202 and a job."""
        parts = answer.path.split("/")
        return self._write(answer, body, None if answer.method == "DELETE" else parts[-1] if "!transform" in parts else parts[5])

    def _write(self, answer: Answer, body: Any, expected: str | None) -> Violation | None:
        """``expected``: the record type whose URL ``Location`` must name (``None``: no ``Location``;
        ``"*"``: any record type)."""
        if answer.status >= 400:
            return self.error.validate(body) or self._idempotency_error(answer, body)
        if answer.status == 202:
            return self._accepted(answer, body)
        if answer.status != 204:
            return Violation(RECORD, "HTTP status", f"a write answers 204 (or 202 asynchronously), not {answer.status}")
        if body is not None:
            return Violation(RECORD, "$", "204 No Content comes without a body")
        if expected is None:
            return None
        location = answer.headers.get("Location", "")
        type_ = r"\w+" if expected == "*" else re.escape(expected)
        if not re.fullmatch(rf"https?://[^/]+{ROOT}/record/v1/{type_}/\d+", location):
            return Violation(RECORD, "header Location", f"{location or 'missing'}; expected a {expected} record's URL")
        return None

    def _job_location(self, answer: Answer) -> Violation | None:
        location = answer.headers.get("Location", "")
        if not re.fullmatch(rf"(https?://[^/]+)?{ROOT}/async/v1/job/\d+", location):
            return Violation(ASYNC, "header Location", f"{location or 'missing'}; expected the job's URL")
        return None

    def _idempotency_error(self, answer: Answer, body: Any) -> Violation | None:
        if any(d.get("o:errorCode") == "IDEMPOTENCY_ERROR" for d in body["o:errorDetails"]):
            return self._job_location(answer)
        return None

    def token_answer(self, answer: Answer, body: Any) -> Violation | None:
        if answer.status == 200:
            return self.token.validate(body)
        if answer.status in (400, 401):
            return self.token_error.validate(body)
        return self.error.validate(body)

    def job_result(self, answer: Answer, body: Any) -> Violation | None:
        """A task's result is the answer of the request the job ran: a write's 204 and the record's
        ``Location`` (none for a delete), the error, or a read's document — which one, its ``self``
        link says (a record, a sublist or one of its lines, a collection page, a SuiteQL page)."""
        if answer.status != 200:
            return self._write(answer, body, "*" if "Location" in answer.headers or answer.status != 204 else None)
        links = body.get("links") if isinstance(body, dict) else None
        href = next((link.get("href") for link in links or () if isinstance(link, dict) and link.get("rel") == "self"), None)
        path = re.sub(r"^https?://[^/]+", "", href or "").split("?")[0]
        read = {"/query/v1/suiteql": self.suiteql.validate}.get(path.removeprefix(ROOT))
        if read is not None:
            return read(body)
        parts = path.split("/")
        reads = {6: lambda: self.page.validate(body), 7: lambda: self.get_record(_at(path), body),
                 8: lambda: self.get_sublist(_at(path), body), 9: lambda: self.get_sublist_line(_at(path), body)}
        if not path.startswith(f"{ROOT}/record/v1/") or len(parts) not in reads:
            return Violation(ASYNC, "$.links", f"a read's result names what it is by its self link, not {href!r}")
        return reads[len(parts)]()


def _at(path: str) -> Answer:
    """A GET of ``path``, for the checks that read the record type from the path."""
    return Answer("GET", path, 200, {}, b"")


def build() -> ServiceContract:
    checks = NetSuiteChecks()
    contract = ServiceContract("netsuite", RECORD, (ROOT,), fallback=lambda a, b: checks.error.validate(b))
    record = f"{ROOT}/record/v1/{{type}}"
    contract.route("GET", record, checks.errors_or(lambda a, b: checks.page.validate(b)))
    contract.route("POST", record, checks.write)
    contract.route("GET", f"{record}/{{id}}", checks.errors_or(checks.get_record))
    contract.route("PATCH", f"{record}/{{id}}", checks.write)
    contract.route("PUT", f"{record}/{{id}}", checks.write)  # the upsert (eid: only)
    contract.route("DELETE", f"{record}/{{id}}", checks.write)
    contract.route("POST", f"{record}/{{id}}/!transform/{{target}}", checks.write)
    contract.route("GET", f"{record}/{{id}}/{{sublist}}", checks.errors_or(checks.get_sublist))
    contract.route("GET", f"{record}/{{id}}/{{sublist}}/{{line}}", checks.errors_or(checks.get_sublist_line))
    contract.route("POST", f"{ROOT}/query/v1/suiteql", checks.errors_or(lambda a, b: checks.suiteql.validate(b)))
    contract.route("POST", f"{ROOT}/auth/oauth2/v1/token", checks.token_answer)
    job = f"{ROOT}/async/v1/job/{{job}}"
    contract.route("GET", job, checks.errors_or(lambda a, b: checks.job.validate(b)))
    contract.route("GET", f"{job}/task", checks.errors_or(lambda a, b: checks.tasks.validate(b)))
    contract.route("GET", f"{job}/task/{{task}}", checks.errors_or(lambda a, b: checks.task.validate(b)))
    contract.route("GET", f"{job}/task/{{task}}/result", checks.job_result)
    return contract
