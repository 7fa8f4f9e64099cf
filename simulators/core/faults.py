"""Armed faults: the shared machinery every simulated service uses to misbehave on purpose.

A test arms faults for one tenant through the control plane (``POST /_sim/tenants/<t>/faults``);
each fault matches the tenant's next ``count`` requests to one ``service`` with a ``method`` and a
``path`` regular expression, and does one thing:

==============================  ===============================================================
``"status": 503``               answer that status in the service's own error shape (its
                                :class:`~simulators.core.service.ServiceSpec` ``error_for_status``),
                                with optional ``headers`` (token names, visible-ASCII
                                values; not Content-Length / Transfer-Encoding) and
                                ``body``; a 429 carries ``Retry-After`` when the vendor's
                                own does (Shopify: ``2.0``; ServiceSpec
                                ``throttled_retry_after``) or the fault names one.
                                Nothing is committed.
``"status": 504,``              commit the change, then answer that status as above: a
``"after_commit": true``        gateway or the vendor's own time limit gave up on a write
                                that ran (RFC 9110 §15.6: a 5xx says nothing of whether it
                                did; Shopify's 504 "the request couldn't complete in time").
``"latency_ms": N``             commit, then answer N ms late. Live: the server really waits
                                (holding the request's concurrency slot); in-process nothing
                                sleeps, and when N exceeds the client's read timeout the client
                                gets ``requests.exceptions.ReadTimeout``.
``"drop": "before"``            close the connection without an answer; nothing is committed.
``"drop": "after_commit"``      commit the change, then close the connection without an answer
                                (the case that makes naive retries double-refund).
``"timeout": true``             commit, then never answer: the client's read timeout fires. Live:
                                the server holds the connection until the client gives up (at
                                most ``hold_ms``, default 30 000), then closes it.
``"meet": N``                   hold each matching request before it runs until N of them are
                                held, then let them all run (at most ``hold_ms``, default 100,
                                then it runs alone). Two posts of one refund meet only if the
                                connector let both past its own checks: the race shows, in-process
                                too, where each thread's request waits in its own thread.
==============================  ===============================================================

Disarming a fault (``DELETE`` it, or all of the tenant's faults; resetting or deleting the tenant,
or stopping the server, disarms them all) also ends the waits it is causing: live, a test holds
requests in flight with a long ``latency_ms`` and lets them go when it has seen what it wanted (a
concurrency limit refusing the next one), instead of guessing a delay.

How a drop or a timeout reaches the client is the transport's business: the app marks the
response with the private header :data:`FAULT_HEADER`; :class:`FaultRealiser` (a WSGI middleware
installed by the app factory) turns a ``drop`` mark into a closed connection under waitress, and
the in-process dispatch (``simulators/core/inprocess.py``: the harness's in-process transport, and
``serve`` for its own connector's calls) raises ``ConnectionError`` / ``ReadTimeout`` from the mark.
The journal entry of the request notes which fault fired.

**Bounds.** A fault is refused (400 ``invalid_fault``, nothing armed) outside these:

- ``count``: a whole number from 1 to :data:`MAX_COUNT` (10,000);
- ``method``: one of :data:`HTTP_METHODS` (DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT; any
  case), or omitted for any method — another never comes, so the fault would never fire;
- ``path``: a Python regular expression searched in the request's path, of at most
  :data:`MAX_PATH_PATTERN` (200) characters, without backreferences or conditional groups
  (``\\1``, ``(?P=name)``, ``(?(1)...)``), without a quantifier (``*``, ``+``, ``{m,n}``) over a
  group that holds another quantifier that varies or (for ``*``, ``+``, ``{m,n}``) an alternation
  (``(a+)+``, ``(a|aa)*``, ``(.*a){20}``: catastrophic backtracking), and with at most
  :data:`MAX_VARYING_QUANTIFIERS` (3) quantifiers that vary (``*``, ``+``, ``?``, ``{m,n}``) in
  all: the time a search takes grows as the path's length to the power of their number;
- ``Retry-After`` (a status fault's header): whole or decimal seconds (``2``, ``2.0``) from 0 to
  :data:`MAX_RETRY_AFTER_SECONDS` (10,000, as Shopify's bucket allows); not an HTTP-date;
- ``latency_ms``, ``hold_ms``: 1 to :data:`MAX_DELAY_MS`; ``meet``: 2 to :data:`MAX_MEET`;
- ``headers`` and ``body`` go with ``status`` only, ``hold_ms`` with ``timeout`` or ``meet`` only.

The fault check runs once the request's tenant is known — after the service's own
authentication has bound it (:func:`simulators.core.http.bind_tenant`) — so a fault only ever hits
the tenant that armed it and never an unauthenticated request.
"""

from __future__ import annotations

import itertools
import json
import re
import re._constants as _re_constants  # the parse tree's opcodes: the path's shape is checked before it is armed
import re._parser as _re_parser
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from flask import Response, current_app, g, request

from .errors import ControlPlaneError

if TYPE_CHECKING:
    from .service import ServiceSpec
    from .tenants import Tenant

#: The tenant-state key of a tenant's :class:`FaultBook` (registered by the app factory).
STATE_KEY = "refundsim.faults"
#: Private response header carrying the fault to realise (never reaches a client).
FAULT_HEADER = "X-Refundsim-Fault"
#: WSGI environ key the in-process transport sets, so the app marks instead of sleeping.
TRANSPORT_KEY = "refundsim.transport"
INPROCESS = "inprocess"
DEFAULT_HOLD_MS = 30_000
DEFAULT_MEET_MS = 100
MAX_MEET = 16
MAX_DELAY_MS = 120_000
#: The most requests one fault is armed for: more than any scenario sends.
MAX_COUNT = 10_000
#: The methods a fault's ``method`` names (RFC 9110 §9 and RFC 5789's PATCH, as the vendor APIs use
#: them): one no client sends (``FETCH``) was armed, never fired, and the connector took the blame.
HTTP_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
#: The longest ``path`` regular expression, in characters: a vendor path is far shorter.
MAX_PATH_PATTERN = 200
#: The most quantifiers that vary (``*``, ``+``, ``?``, ``{m,n}``) in a ``path``: a search's time
#: grows as the path's length to the power of their number (``.*.*.*.*x`` took minutes on a path
#: of 1,000 characters).
MAX_VARYING_QUANTIFIERS = 3
#: The longest wait a status fault's ``Retry-After`` asks for, in seconds (Shopify's bucket
#: control allows no longer: simulators/shopify/control.py).
MAX_RETRY_AFTER_SECONDS = 10_000
_RETRY_AFTER = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?")
DROP_WHEN = ("before", "after_commit")
_KINDS = ("status", "latency_ms", "drop", "timeout", "meet")
_STATUS_MESSAGES = {
    429: "Too many requests.",
    500: "An unexpected error occurred. Try again later.",
    502: "Bad gateway.",
    503: "The service is temporarily unavailable. Try again later.",
    504: "Gateway timeout.",
}


@dataclass
class Fault:
    """One armed fault; ``remaining`` counts down as matching requests fire it."""

    id: str
    service: str
    method: str | None
    path: str
    count: int
    kind: str  # status | latency | drop | timeout | meet
    status: int | None = None
    #: A status fault answered after the view ran (and committed), not instead of it.
    after_commit: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    latency_ms: int = 0
    drop: str | None = None
    hold_ms: int = DEFAULT_HOLD_MS
    meet: int = 0
    remaining: int = 0
    _pattern: re.Pattern[str] | None = None
    #: Set when the fault is disarmed: the waits it is causing end (see the module docstring).
    disarmed: threading.Event = field(default_factory=threading.Event, repr=False, compare=False)
    #: Where ``meet`` requests wait for one another (aborted when the fault is disarmed).
    meeting: threading.Barrier | None = field(default=None, repr=False, compare=False)

    def disarm(self) -> None:
        """End every wait this fault causes."""
        self.disarmed.set()
        if self.meeting is not None:
            self.meeting.abort()

    def matches(self, service: str, method: str, path: str) -> bool:
        return (self.remaining > 0 and self.service == service
                and (self.method is None or self.method == method.upper())
                and (self._pattern is None or self._pattern.search(path) is not None))

    def note(self) -> str:
        what = {
            "status": f"committed, then answered {self.status}" if self.after_commit else f"answered {self.status}",
            "latency": f"answered {self.latency_ms} ms late",
            "drop": "dropped the connection " + ("before committing" if self.drop == "before" else "after committing"),
            "timeout": "committed, then never answered (client timeout)",
            "meet": f"held until {self.meet} requests met",
        }[self.kind]
        return f"fault {self.id} fired: {what}"

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "service": self.service, "method": self.method, "path": self.path,
            "count": self.count, "remaining": self.remaining, "fired": self.count - self.remaining, "kind": self.kind,
        }
        if self.kind == "status":
            out.update(status=self.status, headers=self.headers, body=self.body)
            if self.after_commit:
                out["after_commit"] = True
        elif self.kind == "latency":
            out["latency_ms"] = self.latency_ms
        elif self.kind == "drop":
            out["drop"] = self.drop
        elif self.kind == "meet":
            out.update(meet=self.meet, hold_ms=self.hold_ms)
        else:
            out.update(timeout=True, hold_ms=self.hold_ms)
        return out


def _bad(message: str) -> ControlPlaneError:
    return ControlPlaneError(message, 400, "invalid_fault")


#: A header name: an RFC 9110 §5.1 token (``field-name = token``).
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
#: A header value this server can send: visible ASCII, spaces and tabs inside (RFC 9110 §5.5
#: ``field-value``, without the obsolete ``obs-text``; no CR, LF or NUL). ``fullmatch``, never ``$``.
_HEADER_VALUE = re.compile(r"(?:[\x21-\x7e](?:[\x20\x21-\x7e\t]*[\x21-\x7e])?)?")
#: Headers that frame the answer: the server sets them from the body it sends.
_FRAMING = ("content-length", "transfer-encoding")


def _answer_headers(raw: Any) -> dict[str, str]:
    """A status fault's ``headers``: names that are tokens, to values of visible ASCII text or
    numbers (sent as written in JSON), never one that frames the answer.

    :raise ControlPlaneError: 400 ``invalid_fault``. Such headers were armed, then the fault fired
        as a 500 'Unexpected simulator error: ValueError' (a line break in a value: werkzeug refuses
        it), a value of ``true`` went out as ``True``, and a ``Content-Length`` of another length
        than the body left the client waiting for bytes that never came.
    """
    expected = ("headers must be an object of header names (letters, digits and !#$%&'*+-.^_`|~) to "
                "values (visible ASCII text, or numbers).")
    if not isinstance(raw, dict):
        raise _bad(expected)
    headers: dict[str, str] = {}
    for name, value in raw.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = json.dumps(value)  # as JSON wrote it: 1e+300, not Python's text of a float
        if not (_HEADER_NAME.fullmatch(name) and isinstance(value, str) and _HEADER_VALUE.fullmatch(value)):
            raise _bad(f"{expected} Refused: {json.dumps(name)}: {json.dumps(raw[name])}.")
        if name.lower() in _FRAMING:
            raise _bad(f"headers: {name} is set by the server from the body it sends (Content-Length, "
                       "Transfer-Encoding).")
        if name.lower() == "retry-after" and not (_RETRY_AFTER.fullmatch(value)
                                                   and float(value) <= MAX_RETRY_AFTER_SECONDS):
            raise _bad(f"headers: Retry-After must be a number of seconds from 0 to {MAX_RETRY_AFTER_SECONDS:,} (such as "
                       f"2 or 2.0), not {json.dumps(raw[name])}.")
        headers[name] = value
    return headers


def _path_pattern(path: str) -> re.Pattern[str] | None:
    """A fault's ``path``: its compiled regular expression (None when empty), within the bounds of
    the module docstring. Armed, a pattern that backtracks catastrophically (``(a+)+$``) held the
    thread of the first request it was searched in for minutes — in process, the whole run.

    :raise ControlPlaneError: 400 ``invalid_fault`` naming the bound it breaks.
    """
    if len(path) > MAX_PATH_PATTERN:
        raise _bad(f"path must be a regular expression of at most {MAX_PATH_PATTERN} characters, not {len(path):,}.")
    if not path:
        return None
    try:
        pattern = re.compile(path)
        tree = _re_parser.parse(path)
    except (re.error, OverflowError, RecursionError) as exc:
        raise _bad(f"path is not a valid regular expression: {exc}.") from None
    varying = _varying_quantifiers(tree, path, outer=None)
    if varying > MAX_VARYING_QUANTIFIERS:
        raise _bad(f"path {json.dumps(path)} holds {varying} quantifiers that vary (*, +, ?, {{m,n}}): at most "
                   f"{MAX_VARYING_QUANTIFIERS}, as the time a search takes grows as the path's length to the power of "
                   "their number.")
    return pattern


_REPEATS = (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT, _re_constants.POSSESSIVE_REPEAT)


def _varying_quantifiers(tree: Any, path: str, outer: tuple[int, int] | None) -> int:
    """How many quantifiers that vary ``tree`` (a parsed regular expression) holds, each repeated
    as often as a fixed quantifier around it says; ``outer`` is the (min, max) of the nearest
    quantifier that repeats more than once around ``tree``, if any.

    :raise ControlPlaneError: a backreference, a conditional group, or a nesting that backtracks
        catastrophically.
    """
    backtracks = (f"path {json.dumps(path)} would backtrack catastrophically (the time a search takes doubling with "
                  "each character): a quantifier (*, +, {m,n}) repeats a group that holds another quantifier that "
                  "varies or an alternation; write the repetitions out (/\\d+/\\d+ for (/\\d+){2}) or match less.")
    total = 0
    for op, av in tree:
        if op in (_re_constants.GROUPREF, _re_constants.GROUPREF_EXISTS):
            raise _bad(f"path {json.dumps(path)} uses a backreference or a conditional group (\\1, (?P=name), "
                       "(?(1)...)): a search with one can take exponential time; leave it out.")
        if op in _REPEATS:
            low, high, body = av
            if low != high:
                if outer is not None:
                    raise _bad(backtracks)
                total += 1
            repeats = high > 1
            inner = _varying_quantifiers(body, path, (low, high) if repeats else outer)
            total += inner * (high if repeats and low == high else 1)
        elif op is _re_constants.BRANCH:
            if outer is not None and outer[0] != outer[1]:
                raise _bad(backtracks)
            total += sum(_varying_quantifiers(branch, path, outer) for branch in av[1])
        elif op is _re_constants.SUBPATTERN:
            total += _varying_quantifiers(av[3], path, outer)
        elif op in (_re_constants.ASSERT, _re_constants.ASSERT_NOT):
            total += _varying_quantifiers(av[1], path, outer)
        elif op is _re_constants.ATOMIC_GROUP:
            total += _varying_quantifiers(av, path, outer)
    return total


def parse_fault(body: Any, services: Iterable[str], fault_id: str) -> Fault:
    """A :class:`Fault` from a control-plane body.

    :raise ControlPlaneError: 400 ``invalid_fault`` naming what is wrong.
    """
    if not isinstance(body, dict):
        raise _bad("The body must be a JSON object.")
    known = {"service", "method", "path", "count", "status", "headers", "body", "after_commit", "latency_ms", "drop",
             "timeout", "meet", "hold_ms"}
    unknown = set(body) - known
    if unknown:
        raise _bad(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    services = sorted(services)
    service = body.get("service")
    if service not in services:
        raise _bad(f"service must be one of {', '.join(services)}.")
    method = body.get("method")
    if method is not None and (not isinstance(method, str) or method.upper() not in HTTP_METHODS):
        raise _bad(f"method must be one of {', '.join(HTTP_METHODS)} (any case), or omitted for any method.")
    path = body.get("path", "")
    if not isinstance(path, str):
        raise _bad("path must be a regular expression (text).")
    pattern = _path_pattern(path)
    count = body.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise _bad(f"count must be an integer from 1 to {MAX_COUNT:,}.")
    kinds = [k for k in _KINDS if k in body and body[k] not in (None, False)]
    if len(kinds) != 1:
        raise _bad("Give exactly one of status, latency_ms, drop, timeout or meet.")
    # A field the kind does not use would be taken and ignored: the fault armed would not be the
    # one its author wrote (a timeout "answering" a body, a status fault "held" 5 s).
    for name, goes_with, kinds_of in (("headers", "headers go with status only", ("status",)),
                                      ("body", "body goes with status only", ("status",)),
                                      ("after_commit", "after_commit goes with status only", ("status",)),
                                      ("hold_ms", "hold_ms goes with timeout or meet only", ("timeout", "meet"))):
        if name in body and kinds[0] not in kinds_of:
            raise _bad(f"{goes_with}, not with {kinds[0]}.")
    fault = Fault(fault_id, service, method.upper() if method else None, path, count, kinds[0], remaining=count,
                  _pattern=pattern)
    if fault.kind == "status":
        status = body["status"]
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise _bad("status must be an HTTP error status (400-599).")
        fault.status = status
        fault.headers = _answer_headers(body.get("headers", {}))
        fault.body = body.get("body")
        after_commit = body.get("after_commit", False)
        if not isinstance(after_commit, bool):
            raise _bad("after_commit must be true (commit, then answer the status) or false.")
        fault.after_commit = after_commit
    elif fault.kind == "latency_ms":
        latency = body["latency_ms"]
        if isinstance(latency, bool) or not isinstance(latency, int) or not 0 < latency <= MAX_DELAY_MS:
            raise _bad(f"latency_ms must be an integer between 1 and {MAX_DELAY_MS}.")
        fault.kind, fault.latency_ms = "latency", latency
    elif fault.kind == "drop":
        if body["drop"] not in DROP_WHEN:
            raise _bad("drop must be \"before\" (nothing committed) or \"after_commit\".")
        fault.drop = body["drop"]
    elif fault.kind == "meet":
        meet = body["meet"]
        if isinstance(meet, bool) or not isinstance(meet, int) or not 2 <= meet <= MAX_MEET:
            raise _bad(f"meet must be an integer between 2 and {MAX_MEET}.")
        fault.meet, fault.hold_ms = meet, _hold_ms(body, DEFAULT_MEET_MS)
        fault.meeting = threading.Barrier(meet)
    else:
        if body["timeout"] is not True:
            raise _bad("timeout must be true.")
        fault.hold_ms = _hold_ms(body, DEFAULT_HOLD_MS)
    return fault


def _hold_ms(body: dict[str, Any], default: int) -> int:
    hold = body.get("hold_ms", default)
    if isinstance(hold, bool) or not isinstance(hold, int) or not 0 < hold <= MAX_DELAY_MS:
        raise _bad(f"hold_ms must be an integer between 1 and {MAX_DELAY_MS}.")
    return hold


class FaultBook:
    """The faults armed for one tenant, in arming order; thread-safe."""

    def __init__(self, tenant: "Tenant | None" = None) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def arm(self, body: Any, services: Iterable[str]) -> Fault:
        with self._lock:
            fault = parse_fault(body, services, f"f-{next(self._ids)}")
            self._faults.append(fault)
            return fault

    def all(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> int:
        """Disarm every fault (their waits end); how many there were."""
        with self._lock:
            for fault in self._faults:
                fault.disarm()
            count = len(self._faults)
            self._faults.clear()
            return count

    def close(self) -> None:
        """The tenant is reset, deleted or the server stops: disarm everything, ending its waits."""
        self.clear()

    def remove(self, fault_id: str) -> bool:
        """Disarm one fault (its waits end); whether it was armed."""
        with self._lock:
            for fault in self._faults:
                if fault.id == fault_id:
                    fault.disarm()
            kept = [f for f in self._faults if f.id != fault_id]
            found = len(kept) != len(self._faults)
            self._faults = kept
            return found

    def take(self, service: str, method: str, path: str) -> Fault | None:
        """The first armed fault matching the request, its count decremented; None if none."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(service, method, path):
                    fault.remaining -= 1
                    return fault
        return None


def book(tenant: "Tenant") -> FaultBook:
    return tenant.state(STATE_KEY)


# ------------------------------------------------------------ request hooks
def before_dispatch(services: Mapping[str, "ServiceSpec"]) -> Response | None:
    """Run after the service bound the request's tenant: fire the first matching fault. Answers
    a status fault or a ``drop: before`` here (the view never runs), holds a ``meet`` here (then
    the view runs); the others act after the view."""
    flask_g = g._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not two
    tenant = flask_g.get("refundsim_tenant")
    service = flask_g.get("refundsim_service")
    if tenant is None or service is None:
        return None
    req = request._get_current_object()  # type: ignore[attr-defined]
    fault = book(tenant).take(service, req.method, req.path)
    if fault is None:
        return None
    g.refundsim_fault = fault
    g.refundsim_fault_note = fault.note()
    if fault.kind == "meet" and fault.meeting is not None:
        try:
            fault.meeting.wait(timeout=fault.hold_ms / 1000)
        except threading.BrokenBarrierError:  # nobody else came in time, or the fault was disarmed
            g.refundsim_fault_note = f"fault {fault.id} fired: held {fault.hold_ms} ms, no other request came"
        return None
    if fault.kind == "status" and not fault.after_commit:
        return _status_response(fault, services.get(service))
    if fault.kind == "drop" and fault.drop == "before":
        response = Response(b"", status=502)
        response.headers[FAULT_HEADER] = "drop"
        return response
    return None


def after_dispatch(response: Response) -> Response:
    """Realise the latency / drop-after-commit / timeout / status-after-commit fault of this
    request, if any."""
    fault: Fault | None = g.get("refundsim_fault")
    if fault is None or fault.kind == "meet" or (fault.kind == "drop" and fault.drop == "before"):
        return response
    if fault.kind == "status":
        if not fault.after_commit:
            return response
        return _status_response(fault, current_app.extensions["refundsim.services"].get(g.get("refundsim_service")))
    inprocess = request.environ.get(TRANSPORT_KEY) == INPROCESS
    if fault.kind == "latency":
        if inprocess:
            response.headers[FAULT_HEADER] = f"latency={fault.latency_ms}"
        else:
            _wait(fault.latency_ms / 1000, request.environ, fault.disarmed)
        return response
    if fault.kind == "timeout":
        if inprocess:
            response.headers[FAULT_HEADER] = "timeout"
            return response
        _wait(fault.hold_ms / 1000, request.environ, fault.disarmed)
    response.headers[FAULT_HEADER] = "drop"
    return response


def _wait(seconds: float, environ: dict[str, Any], disarmed: threading.Event) -> None:
    """Wait up to ``seconds``, returning early once the client has gone (waitress tells) or the
    fault is disarmed."""
    gone: Callable[[], bool] | None = environ.get("waitress.client_disconnected")
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or (gone is not None and gone()):
            return
        if disarmed.wait(min(left, 0.05)):  # checks on the client every 50 ms meanwhile
            return


def _status_response(fault: Fault, spec: "ServiceSpec | None") -> Response:
    status = fault.status or 503
    message = _STATUS_MESSAGES.get(status, "The request failed.")
    if fault.body is not None:
        response = Response(json.dumps(fault.body), status=status, mimetype="application/json")
    elif spec is not None:
        error = spec.error_for_status(status, message)
        error.status = status  # a service shaping only 404/405/500 still answers the armed status
        g.refundsim_error = error
        response = error.to_response()
        response.status_code = status
    else:
        response = Response(json.dumps({"error": {"code": "fault", "message": message}}), status=status,
                            mimetype="application/json")
    if status == 429 and spec is not None and spec.throttled_retry_after is not None:
        response.headers["Retry-After"] = spec.throttled_retry_after  # the vendor's own, unless the fault names one
    for name, value in fault.headers.items():
        response.headers[name] = value
    return response


# ------------------------------------------------------------- WSGI realiser
class FaultRealiser:
    """WSGI middleware: a response marked ``drop`` leaves the server as a closed connection.

    Under waitress the mark becomes ``ClientDisconnected`` raised before anything is written,
    which waitress answers by closing the socket without a byte: the client sees
    ``RemoteDisconnected`` (``requests.exceptions.ConnectionError``). In-process the mark is left
    for the transport; under any other server the connection is aborted by an exception.
    """

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get(TRANSPORT_KEY) == INPROCESS:
            return self.app(environ, start_response)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None

        app_iter = self.app(environ, capture)
        headers = captured.get("headers", [])
        mark = next((v for k, v in headers if k.lower() == FAULT_HEADER.lower()), None)
        if mark is None:
            start_response(captured["status"], headers, captured.get("exc_info"))
            return app_iter
        if hasattr(app_iter, "close"):
            app_iter.close()
        try:
            from waitress.channel import ClientDisconnected
        except ImportError:  # pragma: no cover - waitress is a dependency
            ClientDisconnected = ConnectionAbortedError  # type: ignore[assignment,misc]
        raise ClientDisconnected(f"refundsim fault: connection dropped ({mark})")
