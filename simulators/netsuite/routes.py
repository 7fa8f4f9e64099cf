"""SuiteTalk REST routes: HTTP in, model call, HTTP out. No rule lives here.

- ``/services/rest/record/v1/<type>``: POST (create), GET (collection, ``q``, paging)
- ``/services/rest/record/v1/<type>/<id | eid:X>``: GET, PATCH, DELETE; PUT with ``eid:X`` (upsert);
  ``currency`` records are read-only (GET; every write is 405)
- ``/services/rest/record/v1/<type>/<id>/<sublist>``: GET (the sublist's lines)
- ``/services/rest/record/v1/<type>/<id>/<sublist>/<line>``: GET (one line, its ``self`` link)
- ``/services/rest/record/v1/<type>/<id>/!transform/<target>``: POST
- ``/services/rest/query/v1/suiteql``: POST (``Prefer: transient``)
- ``/services/rest/async/v1/job/<id>`` (``/task``, ``/task/<id>``, ``/task/<id>/result``): GET, the
  jobs of requests sent with ``Prefer: respond-async`` (any of the above)
- ``/services/rest/auth/oauth2/v1/token``: POST (OAuth 2.0 client credentials; no TBA)

Every request but the token endpoint authenticates (TBA OAuth 1.0a or an OAuth 2.0 bearer token)
and then takes one of the account's concurrency slots (:class:`Governance`).
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from flask import Blueprint, Response, current_app, g, jsonify, request

from simulators.core import oauth1
from simulators.core.clock import iso
from simulators.core.http import bind_tenant, current_tenant, json_body
from simulators.core.numbers import whole_number
from simulators.core.service import ServiceSpec
from simulators.core.tenants import Tenant, current_registry

from . import auth, errors, oauth2, suiteql
from .models import PAGE_MAX, AsyncJob, NetSuiteAccount, Outcome
from .schemas import ASYNC_ROOT, SUITEQL_PATH, Links, RecordView, collection_links

SERVICE = "netsuite"
IDEMPOTENCY_HEADER = "X-NetSuite-Idempotency-Key"
#: NetSuite's per-account concurrency limit on tier 1 without SuiteCloud Plus (DOMAIN.md §2).
DEFAULT_CONCURRENCY_LIMIT = 15

blueprint = Blueprint(SERVICE, __name__, url_prefix="/services/rest")
token_blueprint = Blueprint(f"{SERVICE}_oauth2", __name__, url_prefix="/services/rest/auth/oauth2/v1")


class Governance:
    """Requests in flight per account; past the account's limit a request is refused with 429."""

    def __init__(self) -> None:
        self._in_flight: dict[str, int] = {}
        self._lock = threading.Lock()

    @staticmethod
    def limit(tenant: Tenant) -> int:
        settings = tenant.settings.get("netsuite", {}) if isinstance(tenant.settings, dict) else {}
        value = settings.get("concurrency_limit", DEFAULT_CONCURRENCY_LIMIT) if isinstance(settings, dict) else None
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else DEFAULT_CONCURRENCY_LIMIT

    def acquire(self, tenant: Tenant) -> None:
        """:raise ConcurrencyLimitExceeded: the account already has ``limit`` requests in flight."""
        limit = self.limit(tenant)
        with self._lock:
            current = self._in_flight.get(tenant.id, 0)
            if current >= limit:
                raise errors.ConcurrencyLimitExceeded(limit)
            self._in_flight[tenant.id] = current + 1

    def release(self, tenant: Tenant) -> None:
        with self._lock:
            left = self._in_flight.get(tenant.id, 1) - 1
            if left > 0:
                self._in_flight[tenant.id] = left
            else:
                self._in_flight.pop(tenant.id, None)

    def in_flight(self, tenant: Tenant) -> int:
        with self._lock:
            return self._in_flight.get(tenant.id, 0)


@blueprint.before_request
def _authenticate() -> None:
    req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not three
    extensions = current_app.extensions
    registry = extensions["refundsim.tenants"]  # current_registry(), without another proxy lookup
    header = req.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        tenant = oauth2.authenticate_bearer(header[7:].strip(), registry, extensions["refundsim.netsuite.tokens"])
    else:
        tenant = auth.authenticate(req, registry, extensions["refundsim.netsuite.nonces"])
    bind_tenant(SERVICE, tenant)
    extensions["refundsim.netsuite.governance"].acquire(tenant)
    g.netsuite_slot = tenant
    # The account's async processors run what is due before the request is served.
    tenant.state(SERVICE).run_due_jobs()


@blueprint.teardown_request
def _release(exc: BaseException | None) -> None:
    tenant = g.pop("netsuite_slot", None)
    if tenant is not None:
        current_app.extensions["refundsim.netsuite.governance"].release(tenant)


def _account() -> NetSuiteAccount:
    return current_tenant().state(SERVICE)


def _base_url() -> str:
    """``scheme://host[:port]`` as the client called it (cheaper than ``request.host_url``)."""
    req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not two
    return f"{req.scheme}://{req.host}"


def _links() -> Links:
    return Links(_base_url())


def _view() -> RecordView:
    expand = request.args.get("expandSubResources", "false").lower() == "true"
    return RecordView(_account(), _links(), expand=expand)


#: The browser's enumeration for both validation headers of a write, and their defaults: unknown
#: names are warned about (``Warning``), invalid values refused (``Error``).
VALIDATION_VALUES = ("Error", "Warning", "Ignore")


def _validation(header: str, default: str) -> str:
    """A write's ``X-NetSuite-PropertyNameValidation`` or ``X-NetSuite-PropertyValueValidation``:
    ``Error``, ``Warning`` or ``Ignore`` as the browser enumerates them, ``default`` when absent.

    :raise InvalidHeader: another value (``Strict``, ``error``); NetSuite's answer to one is unconfirmed.
    """
    value = request.headers.get(header)
    if value is None:
        return default
    if value not in VALIDATION_VALUES:
        raise errors.InvalidHeader(f"Invalid value for header {header}: expected Error, Warning or Ignore.", path=header)
    return value


def _strict() -> tuple[bool, bool]:
    """Whether unknown property names, and invalid property values, are refused (``Error``)."""
    return (_validation("X-NetSuite-PropertyNameValidation", "Warning") == "Error",
            _validation("X-NetSuite-PropertyValueValidation", "Error") == "Error")


def _ignored() -> list[str]:
    """The list a write's fields that NetSuite ignores go into (``NetSuiteAccount._ignore``): the
    request's journal entry keeps this very list, so a write run later as an async job (``Prefer:
    respond-async``) has its fields noted there when the job runs."""
    ignored: list[str] = []
    g.refundsim_ignored = ignored
    return ignored


def _replaced() -> frozenset[str]:
    """``?replace=item,apply``: the sublists a PATCH or an upsert replaces whole (the others' lines
    are merged by line), as Oracle's "Updating a Record" has it."""
    return frozenset(p.strip() for p in request.args.get("replace", "").split(",") if p.strip())


def _int_arg(name: str, default: int, maximum: int | None = None, minimum: int = 0) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = whole_number(raw)
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bound = f" between {minimum} and {maximum}" if maximum else f" of at least {minimum}"
        raise errors.InvalidParameter(f"Invalid value for query parameter '{name}': expected an integer{bound}.", path=name)
    return value


def _body() -> Any:
    return json_body(errors.InvalidContent)


# ------------------------------------------------------ sync and async
def _preferences() -> set[str]:
    """The ``Prefer`` header's preferences (``respond-async``, ``transient``), lower-cased."""
    return {p.strip().lower() for p in request.headers.get("Prefer", "").split(",") if p.strip()}


def _answer(outcome: Outcome) -> Response:
    response = Response(status=outcome.status) if outcome.document is None else jsonify(outcome.document)
    response.status_code = outcome.status
    if outcome.location:
        response.headers["Location"] = outcome.location
    return response


def _run(operation: Callable[[], Outcome]) -> Response:
    """Run the request now, or — ``Prefer: respond-async`` — queue it as a job: 202 with the job's
    ``Location`` (``X-NetSuite-Idempotency-Key`` is honoured then, and ignored on a synchronous
    request, as Oracle documents). ``operation`` holds everything it needs (no request context), so
    a job runs it later."""
    if "respond-async" not in _preferences():
        return _answer(operation())
    key = request.headers.get(IDEMPOTENCY_HEADER) or None
    job = _account().submit_job(operation, key)
    response = Response(status=202)
    response.headers["Location"] = _job_url(job.id)
    response.headers["Preference-Applied"] = "respond-async"
    return response


def _job_url(job_id: int) -> str:
    return f"{_base_url()}{ASYNC_ROOT}/job/{job_id}"


# ------------------------------------------------------------------ records
@blueprint.post("/record/v1/<type_>")
def create_record(type_: str) -> Response:
    NetSuiteAccount.writable_type(type_)
    (names, values), account, body, links, ignored = _strict(), _account(), _body(), _links(), _ignored()

    def create() -> Outcome:
        record = account.create(type_, body, strict_names=names, strict_values=values, ignored=ignored)
        return Outcome(204, links.record(type_, record.id))
    return _run(create)


@blueprint.get("/record/v1/<type_>")
def list_records(type_: str) -> Response:
    NetSuiteAccount.record_type(type_)
    limit = _int_arg("limit", PAGE_MAX, PAGE_MAX, minimum=1)
    offset = _int_arg("offset", 0)
    q = request.args.get("q", "")
    account, view = _account(), _view()

    def read() -> Outcome:
        page = account.query(type_, q, limit, offset)
        return Outcome(200, document=view.collection(type_, page.ids, page.offset, page.limit, page.total, q))
    return _run(read)


@blueprint.get("/record/v1/<type_>/<key>")
def get_record(type_: str, key: str) -> Response:
    account, view = _account(), _view()

    def read() -> Outcome:
        with account.lock:
            return Outcome(200, document=view.render(account.get(type_, key)))
    return _run(read)


@blueprint.patch("/record/v1/<type_>/<key>")
def patch_record(type_: str, key: str) -> Response:
    NetSuiteAccount.writable_type(type_)
    (names, values), replace, account, body, links, ignored = (_strict(), _replaced(), _account(), _body(), _links(),
                                                               _ignored())

    def patch() -> Outcome:
        record = account.patch(type_, key, body, strict_names=names, strict_values=values, replace=replace,
                               ignored=ignored)
        return Outcome(204, links.record(type_, record.id))
    return _run(patch)


@blueprint.put("/record/v1/<type_>/<key>")
def upsert_record(type_: str, key: str) -> Response:
    """Oracle's "Using the Upsert Operation": PUT only with an external ID in the URL (``eid:X``),
    which creates the record or updates the one with that external ID; 204 and its ``Location``."""
    if not key.startswith("eid:"):
        raise errors.MethodNotAllowed("The PUT method is allowed only with an external ID (eid:<externalId>): "
                                      "the upsert operation.")
    NetSuiteAccount.writable_type(type_)
    (names, values), replace, account, body, links, ignored = (_strict(), _replaced(), _account(), _body(), _links(),
                                                               _ignored())

    def upsert() -> Outcome:
        record = account.upsert(type_, key, body, strict_names=names, strict_values=values, replace=replace,
                                ignored=ignored)
        return Outcome(204, links.record(type_, record.id))
    return _run(upsert)


@blueprint.delete("/record/v1/<type_>/<key>")
def delete_record(type_: str, key: str) -> Response:
    account = _account()

    def delete() -> Outcome:
        account.delete(type_, key)
        return Outcome(204)
    return _run(delete)


@blueprint.get("/record/v1/<type_>/<key>/<path:sublist>")
def get_sublist(type_: str, key: str, sublist: str) -> Response:
    """A sublist's lines (``.../salesOrder/1/item``), or one line at the ``self`` link its sublist
    gives it (``.../salesOrder/1/item/1``: Oracle's "Accessing Subresources in REST Web Services").

    :raise NonexistentId: no such record, or the sublist has no such line.
    :raise NotFound: the record type has no such sublist, or the path goes deeper than a line.
    :raise MethodNotAllowed: a transform's URL (``.../!transform/<target>``) read with GET.
    """
    name, _, line = sublist.partition("/")
    if name == "!transform":
        raise errors.MethodNotAllowed(f"The {request.method} method is not allowed for this resource.")
    if "/" in line:
        raise errors.NotFound(f"The requested path {request.path} does not exist.")
    account, view = _account(), _view()

    def read() -> Outcome:
        with account.lock:
            record = account.get(type_, key)
            if name not in NetSuiteAccount.record_type(type_).sublists:
                raise errors.NotFound(f"The record type '{type_}' has no sub-resource '{name}'.")
            if not line:
                return Outcome(200, document=view.sublist(record, name, expand=True))
            number = whole_number(line)
            row = next((r for index, r in enumerate(view.sublist_items(record, name), start=1)
                        if r.get("line", index) == number), None)
            if row is None:
                raise errors.NonexistentId(f"The sublist '{name}' of this record has no line {line}.", path="line")
            return Outcome(200, document=row)
    return _run(read)


@blueprint.post("/record/v1/<type_>/<key>/!transform/<target>")
def transform_record(type_: str, key: str, target: str) -> Response:
    NetSuiteAccount.writable_type(type_)
    NetSuiteAccount.writable_type(target)
    body = json_body(errors.InvalidContent, required=False)
    (names, values), account, links, ignored = _strict(), _account(), _links(), _ignored()

    def transform() -> Outcome:
        made = account.transform(type_, key, target, body, strict_names=names, strict_values=values, ignored=ignored)
        return Outcome(204, links.record(target, made.id))
    return _run(transform)


# ------------------------------------------------------------------ SuiteQL
@blueprint.post("/query/v1/suiteql")
def suiteql_query() -> Response:
    if "transient" not in _preferences():
        raise errors.InvalidHeader("SuiteQL requests must include the header 'Prefer: transient'.", path="Prefer")
    limit = _int_arg("limit", PAGE_MAX, PAGE_MAX, minimum=1)
    offset = _int_arg("offset", 0)
    body = _body()
    if not isinstance(body, dict) or not isinstance(body.get("q"), str):
        raise errors.InvalidContent("The request body must be {\"q\": \"<SuiteQL SELECT>\"}.", path="q")
    account, href = _account(), f"{_base_url()}{SUITEQL_PATH}"

    def query() -> Outcome:
        result = suiteql.execute(account, body["q"], limit, offset)
        return Outcome(200, document={
            "links": collection_links(href, limit, offset, result.total),
            "count": len(result.items),
            "hasMore": offset + len(result.items) < result.total,
            "items": result.items,
            "offset": offset,
            "totalResults": result.total,
        })
    return _run(query)


# --------------------------------------------------------------- async jobs
@blueprint.get("/async/v1/job/<int:job_id>")
def get_job(job_id: int) -> Response:
    """A job's state (Oracle's "Sending an Asynchronous Request": links, completed, id, progress, task)."""
    job, url = _account().job(job_id), _job_url(job_id)
    return jsonify(links=[{"rel": "self", "href": url}], completed=job.completed, id=str(job.id), progress=job.progress,
                   task={"links": [{"rel": "self", "href": f"{url}/task"}]})


@blueprint.get("/async/v1/job/<int:job_id>/task")
def list_tasks(job_id: int) -> Response:
    """A job's tasks: one per request, numbered like its job."""
    job, url = _account().job(job_id), _job_url(job_id)
    return jsonify(links=[{"rel": "self", "href": f"{url}/task"}], count=1, hasMore=False, offset=0, totalResults=1,
                   items=[{"links": [{"rel": "self", "href": f"{url}/task/{job.id}"}], "id": str(job.id)}])


def _task(job_id: int, task_id: int) -> AsyncJob:
    job = _account().job(job_id)
    if task_id != job.id:
        raise errors.NonexistentId(f"The asynchronous job {job_id} has no task {task_id}.", path="id")
    return job


@blueprint.get("/async/v1/job/<int:job_id>/task/<int:task_id>")
def get_task(job_id: int, task_id: int) -> Response:
    """A task's state ("Polling for the Status of a Completed Asynchronous Request"): the times come
    from the tenant clock; a completed task links its result."""
    job, url = _task(job_id, task_id), f"{_job_url(job_id)}/task/{task_id}"
    links = [{"rel": "related", "href": f"{url}/result"}] if job.completed else []
    body: dict[str, Any] = {"links": [*links, {"rel": "self", "href": url}], "completed": job.completed,
                            "id": str(task_id), "progress": job.progress}
    if job.started_at is not None:
        body["startTime"] = iso(job.started_at)
    if job.finished_at is not None:
        body["endTime"] = iso(job.finished_at)
    return jsonify(body)


@blueprint.get("/async/v1/job/<int:job_id>/task/<int:task_id>/result")
def get_task_result(job_id: int, task_id: int) -> Response:
    """The answer the request would have had, synchronously: the same status, ``Location`` and body.

    :raise NonexistentId: the task has not completed (a client polls the task first).
    """
    job = _task(job_id, task_id)
    if job.outcome is None:
        raise errors.NonexistentId(f"Task {task_id} of job {job_id} has not completed: it has no result yet.", path="id")
    return _answer(job.outcome)


# ------------------------------------------------------------ OAuth 2.0 token
@token_blueprint.post("/token")
def token() -> Response:
    tenant, answer = oauth2.issue_token(request, current_registry(), current_app.extensions["refundsim.netsuite.tokens"])
    bind_tenant(SERVICE, tenant)
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def error_for_status(status: int, description: str) -> errors.NetSuiteError:
    """The NetSuite-shaped error for a routing failure (unknown path, wrong method) or an armed
    fault's status."""
    if status == 405:
        return errors.MethodNotAllowed(f"The {request.method} method is not allowed for this resource.")
    if status == 404:
        return errors.NotFound(f"The requested path {request.path} does not exist.")
    if status == 500:
        return errors.InternalError(description)
    if status == 401:  # a login refused (a token revoked, a role changed): as NetSuite refuses any, realm and all
        bearer = request.headers.get("Authorization", "")[:7].lower() == "bearer "
        realm = "" if bearer else (oauth1.header_parameters(request) or {}).get("realm", "")
        return errors.InvalidLogin(description, realm, "Bearer" if bearer else "OAuth")
    return errors.StatusError(status, description)


service = ServiceSpec(
    name=SERVICE,
    state_factory=NetSuiteAccount,
    blueprints=(token_blueprint, blueprint),
    path_prefixes=("/services/rest",),
    error_for_status=error_for_status,
    extensions={
        "refundsim.netsuite.nonces": auth.NonceCache,
        "refundsim.netsuite.tokens": oauth2.TokenStore,
        "refundsim.netsuite.governance": Governance,
    },
)
