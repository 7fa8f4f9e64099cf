"""The app factory: every simulator, the control plane and the reference connector on one Flask app.

One request pipeline for all services:

1. route by path — vendor paths are spelled as the vendors spell them, so they never collide;
2. authenticate: the admin token on the control plane and the connector API when the app has one
   (:mod:`simulators.core.admin`), then the service's blueprint (``before_request``), which binds
   the tenant;
3. the route calls the model, the model applies the rules or raises a vendor-shaped error;
4. one error handler serialises every error in the shape of the service the path belongs to;
5. the exchange is written to the tenant's journal.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any, Callable

import orjson
from flask import Flask, Request, Response, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableDict
from werkzeug.exceptions import HTTPException
from werkzeug.sansio.response import Response as SansIOResponse
from werkzeug.routing import IntegerConverter, Map, MapAdapter, Rule
from werkzeug.routing.matcher import StateMachineMatcher

from .connector import routes as connector_routes
from .control import routes as control_routes
from .core import admin, faults
from .core.clock import iso
from .core.errors import ControlPlaneError, SimulatorError
from .core.journal import mask_body, mask_headers, mask_url, request_headers, request_text
from .core.tenants import TenantRegistry
from .core.service import ServiceSpec
from .ebay import routes as ebay_routes
from .magento import routes as magento_routes
from .netsuite import routes as netsuite_routes
from .shopify import routes as shopify_routes
from .woocommerce import routes as woocommerce_routes

if TYPE_CHECKING:
    from flask import typing as ft

log = logging.getLogger(__name__)

#: Every simulated service, in one list (see :mod:`simulators.core.service`).
SERVICES: tuple[ServiceSpec, ...] = (
    netsuite_routes.service,
    shopify_routes.service,
    ebay_routes.service,
    woocommerce_routes.service,
    magento_routes.service,
    connector_routes.service,
)

DEFAULTS: dict[str, Any] = {
    "SHOPIFY_API_VERSION": "2025-01",
    "JOURNAL_BODY_LIMIT": 64_000,
    # The token /_sim/ and /connector/ require (simulators/core/admin.py); None requires none.
    "ADMIN_TOKEN": None,
}
#: ``CONTRACT_CHECKS`` (default: this environment variable is "1"): hold every vendor answer to the
#: vendor's published contract (``contracts/``); a violating answer becomes a 500 "Unexpected
#: simulator error". The test suites turn it on (``--no-contract-checks`` turns it off).
CONTRACT_CHECKS_ENV = "REFUNDSIM_CONTRACT_CHECKS"


class _JSONProvider(DefaultJSONProvider):
    """Flask's JSON without sorted keys: vendors print fields in their own order, keep ours stable too.

    Answers (``jsonify``) are printed by orjson, about five times faster than the standard library
    on a Shopify order, with the same bytes: compact, keys in order, dates, Decimals, UUIDs and
    dataclasses through Flask's own ``default``. Where orjson would print something else, the
    standard library prints it as before: text beyond ASCII (which Flask escapes as ``\\uXXXX``), a
    float under 1e-4 (``1e-05``, which orjson prints as ``0.00001``), what orjson refuses (integers
    beyond 64 bits, keys that are not strings). One difference remains: a NaN or infinite float,
    which no vendor sends, prints as ``null`` (valid JSON) where the standard library printed ``NaN``.
    """

    sort_keys = False

    def response(self, *args: Any, **kwargs: Any) -> SansIOResponse:
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)  # indented: the standard library's layout
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(obj, default=self.default, option=_ORJSON_OPTIONS)
        except TypeError:  # orjson.JSONEncodeError
            body = b""
        if not body or not body.isascii() or b"0.0000" in body:
            body = self.dumps(obj, separators=(",", ":")).encode()
        response_class: Any = self._app.response_class
        return response_class(body + b"\n", mimetype=self.mimetype)  # type: ignore[no-any-return]


#: Dates and dataclasses go through Flask's ``default`` (``http_date``, ``asdict``), as json.dumps sends them.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class _RememberingMatcher(StateMachineMatcher):
    """werkzeug's URL matcher, remembering what each (host, path, method) matched: the rules do not
    change once the app is built, and matching walks werkzeug's state machine part by part (about a
    tenth of a simple GET's time in the app). Only matches are remembered; a 404, a 405 or a
    redirect is worked out again every time. Adding a rule forgets everything; bounded."""

    def __init__(self, merge_slashes: bool) -> None:
        super().__init__(merge_slashes)
        self._matched: dict[tuple[str, str, str, bool], tuple[Rule, MutableMapping[str, Any]]] = {}

    def add(self, rule: Rule) -> None:
        self._matched.clear()
        super().add(rule)

    def update(self) -> None:
        self._matched.clear()
        super().update()

    def match(self, domain: str, path: str, method: str, websocket: bool) -> tuple[Rule, MutableMapping[str, Any]]:
        key = (domain, path, method, websocket)
        try:
            rule, values = self._matched[key]
        except KeyError:
            rule, values = super().match(domain, path, method, websocket)  # raises when nothing matches
            if len(self._matched) >= _MATCHES_MAX:
                self._matched.clear()
            self._matched[key] = (rule, values)
        return rule, dict(values)  # the request's own view_args: Flask's hooks may change them


#: How many (host, path, method) matches the app remembers: the paths of a long session's records.
_MATCHES_MAX = 4096


class _AsciiIntegerConverter(IntegerConverter):
    """``<int:...>`` of ASCII digits only. werkzeug's matches ``\\d+``, which in Python is any
    Unicode digit, and reads it with ``int``: ``/orders/٥٤٩….json`` or ``/orders/５４９….json`` was
    the order ``549…``. The vendors' routes take ASCII digits (Rails' and WordPress's ``\\d`` are
    ASCII): anything else is no route, their 404."""

    regex = r"[0-9]+"


class _SimulatorMap(Map):
    """werkzeug's Map with :class:`_RememberingMatcher`, and ``int`` path parts of ASCII digits only
    (:class:`_AsciiIntegerConverter`)."""

    default_converters = ImmutableDict({**Map.default_converters, "int": _AsciiIntegerConverter})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self._rules:  # the matcher is swapped while it is still empty (Flask adds its rules later)
            raise RuntimeError("_SimulatorMap takes its rules after it is built")
        self._matcher = _RememberingMatcher(self.merge_slashes)


#: What werkzeug's ``bind_to_environ`` and Flask's ``create_url_adapter`` read of an environ: the
#: host (``get_host``), the scheme and a WebSocket upgrade, the script name, path, method and query.
_ADAPTER_KEYS = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme", "HTTP_CONNECTION", "HTTP_UPGRADE",
                 "SCRIPT_NAME", "PATH_INFO", "REQUEST_METHOD", "QUERY_STRING")


class _SimulatorFlask(Flask):
    """Flask whose request preprocessing ends with the armed-fault check: an app-level
    ``before_request`` would run before the services' own ``before_request`` (authentication)
    has bound the request's tenant, and faults are per tenant (:mod:`simulators.core.faults`)."""

    json_provider_class = _JSONProvider
    url_map_class = _SimulatorMap

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}
        self._adapters: dict[tuple[Any, ...], tuple[str, MapAdapter | None]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Flask's answer, worked out once per function: Flask asks on every call of every hook
        and view (about ten a request), and ``inspect.iscoroutinefunction`` is not free."""
        try:
            return self._sync[func]
        except KeyError:
            sync = self._sync[func] = super().ensure_sync(func)
            return sync
        except TypeError:  # an unhashable callable: ask Flask every time
            return super().ensure_sync(func)

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Flask's URL adapter of ``request``, remembered for the environ values it is made of (a
        client asks for the same URLs again and again): binding one works out the host twice and
        decodes the path, about a third of pushing a request context. Flask's own when a setting
        changes how it binds (``SERVER_NAME``, ``TRUSTED_HOSTS``, host or subdomain matching). An
        adapter is never changed once bound, so requests share it; bounded like the matches."""
        if (request is None or self.url_map.host_matching or self.subdomain_matching
                or self.config["SERVER_NAME"] is not None or self.config["TRUSTED_HOSTS"] is not None):
            return super().create_url_adapter(request)
        environ = request.environ
        key = tuple(environ.get(name) for name in _ADAPTER_KEYS)
        try:
            host, adapter = self._adapters[key]
        except KeyError:
            adapter = super().create_url_adapter(request)
            if len(self._adapters) >= _MATCHES_MAX:
                self._adapters.clear()
            # werkzeug takes a Host of letters, digits, dots and dashes only, and reads any other as
            # "" (no host): a Docker service's name with an underscore ("refund_sim:8765") made every
            # URL an answer builds name no server ("http:///services/..."). One RFC 3986 allows is
            # the host the client called; one it does not is refused (_refuse_a_host_that_is_none).
            host = request.host or _authority_sent(environ, request.scheme)
            self._adapters[key] = (host, adapter)
        request.host = host  # type: ignore[misc]  # what Flask's create_url_adapter sets
        return adapter

    def preprocess_request(self) -> ft.ResponseReturnValue | None:
        answer = super().preprocess_request()
        if answer is not None:
            return answer
        return faults.before_dispatch(self.extensions["refundsim.services"])


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the simulator app. ``test_config`` overrides :data:`DEFAULTS`. No import-time state:
    each app has its own tenants.

    :raise ValueError: an ``ADMIN_TOKEN`` that cannot be sent as a Bearer token.
    """
    app = _SimulatorFlask(__name__, static_folder=None)  # serves APIs only: no /static route
    app.config.update(DEFAULTS)
    app.config["CONTRACT_CHECKS"] = os.environ.get(CONTRACT_CHECKS_ENV) == "1"
    app.config.update(test_config or {})
    if app.config["ADMIN_TOKEN"] is not None:
        admin.check_token(app.config["ADMIN_TOKEN"])

    registry = TenantRegistry(default_api_version=app.config["SHOPIFY_API_VERSION"])
    app.extensions["refundsim.tenants"] = registry
    app.extensions["refundsim.services"] = {service.name: service for service in SERVICES}
    registry.register_service(faults.STATE_KEY, faults.FaultBook)
    app.register_blueprint(control_routes.blueprint)
    for service in SERVICES:
        registry.register_service(service.name, service.state_factory)
        for blueprint in service.blueprints:
            app.register_blueprint(blueprint)
        for key, make in service.extensions.items():
            app.extensions[key] = make()

    app.before_request(_refuse_a_host_that_is_none)  # app-level, first: before the token and the services
    app.before_request(admin.guard(_shape_for))  # app-level: runs before every blueprint's own
    app.register_error_handler(SimulatorError, _simulator_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(_journal)
    app.after_request(faults.after_dispatch)  # registered last, so it runs before the journal
    if app.config["CONTRACT_CHECKS"]:
        try:
            from contracts.checker import install  # test-time only: the repository's contracts/ package
        except ModuleNotFoundError as exc:
            raise RuntimeError("CONTRACT_CHECKS needs the repository's contracts/ package on the Python path "
                               f"(run from the repository root, or unset {CONTRACT_CHECKS_ENV})") from exc
        install(app, lambda message: _shape_for(500, message))  # runs first: faults and journal see its answer
    app.wsgi_app = faults.FaultRealiser(app.wsgi_app)  # type: ignore[method-assign]
    return app


#: RFC 3986 §3.2.2-3.2.3 ``host [":" port]``: an IP literal in brackets, or a registered name or IPv4
#: address (unreserved characters, percent-encodings and sub-delims); the port, digits.
_AUTHORITY = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|\[v[0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+\]"
                        r"|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+)(?::([0-9]*))?")


@functools.lru_cache(maxsize=256)
def _is_authority(host: str) -> bool:
    """``host`` is an RFC 3986 ``host [":" port]`` whose port, if any, a TCP port can be (at most
    65535: a URL with another cannot be written back into an answer's ``Location``) and whose name
    IDNA encodes (labels of at most 63 characters, none empty: werkzeug's URL map refuses others)."""
    found = _AUTHORITY.fullmatch(host)
    if found is None or int(found.group(1) or 0) > 65535:
        return False
    try:
        host.lower().partition(":")[0].encode("idna")  # as werkzeug's Map.bind encodes it
    except UnicodeError:
        return False
    return True


def _authority_sent(environ: dict[str, Any], scheme: str) -> str:
    """The request's ``Host`` as sent, when RFC 3986 allows it, less the scheme's default port (as
    werkzeug leaves it out); else ""."""
    host = environ.get("HTTP_HOST")
    if host is None or not _is_authority(host):
        return ""
    return host.removesuffix({"http": ":80", "https": ":443"}.get(scheme, "\0"))


def _refuse_a_host_that_is_none() -> Response | None:
    """RFC 9112 §3.2: a server answers 400 to a request whose ``Host`` is no host (empty, a space,
    a quote, text that is not ASCII, a lone ``%``, a port past 65535), before any service reads it.
    Such a Host reached the services, which build URLs from it (NetSuite's ``Location`` and links,
    pagination): a record was created, then its answer named no server (a 500 under the contract
    checks). A Host RFC 3986 allows and werkzeug does not (an underscore, as in a Docker service's
    name) is the host the client called (:meth:`_SimulatorFlask.create_url_adapter`)."""
    host = request.environ.get("HTTP_HOST")
    if host is None or _is_authority(host):
        return None
    g.refundsim_front_end = True  # the vendor's front end answers it: no API contract lists it (contracts/)
    return _shape_for(400, f"Bad Request: the Host header {host[:100]!r} names no host (RFC 9112 §3.2).").to_response()


def _shape_for(status: int, description: str) -> SimulatorError:
    for service in SERVICES:
        if request.path.startswith(service.path_prefixes):
            return service.error_for_status(status, description)
    code = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}.get(status, "error")
    return ControlPlaneError(description, status, code)


def _simulator_error(exc: SimulatorError) -> Response:
    g.refundsim_error = exc
    return exc.to_response()


def _http_error(exc: HTTPException) -> Response:
    return _simulator_error(_shape_for(exc.code or 500, exc.description or exc.name))


def _unexpected_error(exc: Exception) -> Response:
    # A bug of the simulator: logged with its traceback here, answered in the vendor's shape
    # without one, so a connector never sees a stack trace.
    log.exception("simulator error on %s %s", request.method, request.path)
    return _simulator_error(_shape_for(500, f"Unexpected simulator error: {type(exc).__name__}."))


def _journal(response: Response) -> Response:
    # The request and g once each: every attribute read through Flask's proxies looks them up again.
    flask_g = g._get_current_object()  # type: ignore[attr-defined]
    tenant = flask_g.get("refundsim_tenant")
    if tenant is None:
        return response
    req = request._get_current_object()  # type: ignore[attr-defined]
    limit = current_app.config["JOURNAL_BODY_LIMIT"]
    error = flask_g.get("refundsim_error")
    environ = req.environ
    tenant.journal.record(
        at=iso(tenant.clock.now()),
        clock_moved=tenant.clock.offset_seconds,
        service=flask_g.refundsim_service,
        method=req.method,
        # The URL as sent; cheaper than rebuilding request.url on every request.
        url=mask_url(f"{req.scheme}://{req.host}{environ.get('REQUEST_URI') or req.full_path.rstrip('?')}"),
        status=response.status_code,
        request_headers=mask_headers(request_headers(environ)),
        # Masked, then cut: a credential the cut fell inside would keep its first characters.
        request_body=mask_body(request_text(req))[:limit],
        response_headers=mask_headers(dict(response.headers)),
        response_body=mask_body(response.get_data(as_text=True))[:limit] if not response.is_streamed else "",
        note="; ".join(n for n in (getattr(error, "reason", "") if error is not None else "",
                                   flask_g.get("refundsim_fault_note", "")) if n),
        ignored=flask_g.get("refundsim_ignored", []),
    )
    return response
