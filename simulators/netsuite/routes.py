"""SuiteTalk REST routes: HTTP in, model call, HTTP out. No rule lives here."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from simulators.core.http import bind_tenant, current_tenant, json_body
from simulators.core.service import ServiceSpec
from simulators.core.tenants import current_registry

from . import auth, errors
from .models import PAGE_MAX, NetSuiteAccount
from .schemas import RECORD_ROOT, Links, RecordView

SERVICE = "netsuite"

blueprint = Blueprint(SERVICE, __name__, url_prefix="/services/rest")


@blueprint.before_request
def _authenticate() -> None:
    nonces = current_app.extensions["refundsim.netsuite.nonces"]
    bind_tenant(SERVICE, auth.authenticate(request, current_registry(), nonces))


def _account() -> NetSuiteAccount:
    return current_tenant().state(SERVICE)


def _view() -> RecordView:
    expand = request.args.get("expandSubResources", "false").lower() == "true"
    return RecordView(_account(), Links(request.host_url.rstrip("/")), expand=expand)


def _strict_names() -> bool:
    return request.headers.get("X-NetSuite-PropertyNameValidation", "").lower() == "error"


def _created(type_: str, record_id: int) -> Response:
    response = Response(status=204)
    response.headers["Location"] = Links(request.host_url.rstrip("/")).record(type_, record_id)
    return response


def _int_arg(name: str, default: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or (maximum is not None and int(raw) > maximum) or (name == "limit" and int(raw) == 0):
        bound = f" between 1 and {maximum}" if maximum else ""
        raise errors.InvalidContent(f"Invalid value for query parameter '{name}': expected an integer{bound}.", path=name)
    return int(raw)


@blueprint.post("/record/v1/<type_>")
def create_record(type_: str) -> Response:
    record = _account().create(type_, json_body(errors.InvalidContent), strict_names=_strict_names())
    return _created(type_, record.id)


@blueprint.get("/record/v1/<type_>")
def list_records(type_: str) -> dict:
    limit = _int_arg("limit", PAGE_MAX, PAGE_MAX)
    offset = _int_arg("offset", 0)
    q = request.args.get("q", "")
    page = _account().query(type_, q, limit, offset)
    return _view().collection(type_, page.ids, page.offset, page.limit, page.total, q)


@blueprint.get("/record/v1/<type_>/<key>")
def get_record(type_: str, key: str) -> dict:
    return _view().render(_account().get(type_, key))


@blueprint.post("/record/v1/<type_>/<key>/!transform/<target>")
def transform_record(type_: str, key: str, target: str) -> Response:
    body = json_body(errors.InvalidContent, required=False)
    record = _account().transform(type_, key, target, body, strict_names=_strict_names())
    return _created(target, record.id)


def error_for_status(status: int, description: str) -> errors.NetSuiteError:
    """The NetSuite-shaped error for a routing failure (unknown path, wrong method)."""
    if status == 405:
        return errors.MethodNotAllowed(f"The {request.method} method is not allowed for this resource.")
    if status == 404:
        return errors.NotFound(f"The requested path {request.path} does not exist.")
    return errors.InternalError(description)


service = ServiceSpec(
    name=SERVICE,
    state_factory=NetSuiteAccount,
    blueprints=(blueprint,),
    path_prefixes=("/services/rest",),
    error_for_status=error_for_status,
    extensions={"refundsim.netsuite.nonces": auth.NonceCache},
)
