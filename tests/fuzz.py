"""Every write the suite makes, sent again wrong: a pytest plugin that hunts simulator crashes.

    make fuzz        # python -m pytest features/ -p tests.fuzz ...: about a minute; exit 1 on a crash

Loaded into a run of the scenarios (in-process), it lets every request through as it is, and after
each JSON write (POST, PUT, PATCH) sends the same request again once for each field of its body
replaced in turn by each of :data:`WRONG_VALUES` or left out (a SuiteQL query, besides, with each
of its tokens wrong: :data:`WRONG_SQL_TOKENS`), and after each GET with a query the
same GET once for each parameter replaced by each of :data:`WRONG_QUERY_VALUES`; after every
request, the same request with each of :data:`WRONG_HOSTS` as its Host, each parameter of its OAuth
header wrong (:data:`WRONG_OAUTH_VALUES`) and, unsigned, each path segment wrong
(:data:`WRONG_SEGMENTS`). A request signed
with OAuth 1.0a (NetSuite's TBA, Magento's and WooCommerce's integrations) is signed again with its
tenant's credentials, so that its mutants reach the route rather than a 401; the query of a signed
GET is left alone (Magento signs a query its own way). Each (route, field, value) is sent once a
run, the first time a scenario makes that request.

A **crash** is an answer that says "Unexpected simulator error": a simulator raised (a bug of ours,
answered 500 in the vendor's shape) or its answer broke the vendor's contract. Any other answer is
the simulator's to give — a 4xx, or a vendor's own 5xx (WooCommerce's refund errors, a PHP critical
error, an armed fault). The run's exit status is 1 when a crash was found, else 0; the scenarios'
own outcomes are not its result, since the mutants change the worlds they run in (an order refunded
twice, an item made twice), and many of them fail. What was sent and what crashed is printed last.

The plugin is a tool of the simulators' own tests, not of certification: it never loads unless
named with ``-p tests.fuzz``.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests
from oauthlib.oauth1.rfc5849 import utils as oauth_utils
from requests.adapters import HTTPAdapter
from requests_oauthlib import OAuth1

from simulators.core.inprocess import WsgiDispatcher

#: What each field of a JSON body is replaced with, one at a time: every JSON type, numbers past
#: what money holds, text that is no number, and nesting where a scalar belongs.
WRONG_VALUES: list[Any] = [None, True, 0, -1, -0.0, 1e-7, 0.1 + 0.2, 1e30, 10**30, "", "x", "-5", "0.001", "1e30", "NaN",
                           "٣", "\u0000", "9" * 400, [], [None], [[[[[]]]]], {}, {"a": 1}]
#: What each query parameter of a GET is replaced with.
WRONG_QUERY_VALUES = ["", "x", "-1", "0", "1.5", "1e30", "9" * 30, "NaN", "%", "%00", "[", "{}", "null", "true", "٣",
                      "2026-13-45T99:99:99Z", "a" * 5000]
#: What each token of a SuiteQL query is replaced with, one at a time (besides being left out,
#: doubled and swapped with the next): a query cut short, a literal or a function left open, numbers
#: past what the parser holds, keywords where they do not belong.
WRONG_SQL_TOKENS = ["'", "''", "(", ")", ",", "*", "NULL", "9" * 60, "1e999", "-", "TO_DATE(", "BUILTIN.", "NOT", "IN",
                    "BETWEEN", "LIKE", "DATE", "TOP", "ORDER", ";", "\u0000", "٣", ".", "AS", "=", "SELECT", "FROM",
                    "DATE '2026-13-45'", "TO_DATE('x', 'y')", "/*", "--"]
_SQL_TOKEN = re.compile(r"'[^']*'|\w+|\S")
#: What each segment of a path is replaced with (requests not signed with OAuth: a signature covers
#: the path): encodings that decode to nothing, a slash or a byte that is no UTF-8, and ids of no kind.
WRONG_SEGMENTS = ["%", "%zz", "%00", "%2F", "%C3%A9", "%E9", "..", "9" * 40, "-1", "1.5", "eid:", "eid:%ZZ", "a" * 3000]
#: What the Host header is replaced with: none, no host, a port that is none, and hosts RFC 3986 allows.
WRONG_HOSTS = ["", " ", "é", "%", "x:99999", "[::1", "refund_sim:8765", "=", "a" * 300]
#: What each parameter of an ``Authorization: OAuth`` header is replaced with (the request is not
#: signed again: the check must refuse it in the vendor's words, never crash).
WRONG_OAUTH_VALUES = ["", "%", "%E9", "\u00e9", "9" * 40, "-1", "1.5", "a" * 3000]
_OAUTH_PARAMETER = re.compile(r'(\w+)="([^"]*)"')
#: How a crash of a simulator starts its message, in every service's error shape (simulators/app.py).
CRASH = "Unexpected simulator error"
_LEFT_OUT = object()


class Fuzzer:
    """The mutants sent so far, by route, and the crashes they found."""

    def __init__(self) -> None:
        self.sent: set[tuple[str, str, str, str]] = set()
        self.crashes: list[str] = []

    def mutants(self, request: requests.PreparedRequest, signer: OAuth1 | None) -> Iterator[tuple[str, requests.PreparedRequest]]:
        """Each mutant of ``request`` not sent before, with what it changed."""
        url = request.url or ""
        parts = urlsplit(url)
        route = re.sub(r"\d+", "N", re.sub(r"/_sim/tenants/[^/]+", "/_sim/tenants/T", parts.path))
        # A signature covers the path and the query: those of a signed request are left alone.
        signed = _authorization(request).startswith("OAuth ")
        yield from self._header_mutants(request, route)
        if not signed:
            yield from self._path_mutants(request, route, parts)
        if request.method == "GET" and parts.query and not signed:
            query = parse_qsl(parts.query, keep_blank_values=True)
            for index, (name, _) in enumerate(query):
                for wrong in WRONG_QUERY_VALUES:
                    if self._new("GET", route, f"?{name}", wrong):
                        mutant = request.copy()
                        changed = [*query[:index], (name, wrong), *query[index + 1:]]
                        mutant.prepare_url(urlunsplit((*parts[:3], urlencode(changed), "")), None)
                        yield f"GET {route} ?{name}={wrong[:20]!r}", mutant
            return
        if request.method not in ("POST", "PUT", "PATCH") or not _is_json(request) or not request.body:
            return
        try:
            body = json.loads(request.body)
        except ValueError:
            return
        if route.endswith("/suiteql") and isinstance(body, dict) and isinstance(body.get("q"), str):
            yield from self._query_mutants(request, route, body, signer)
        for path in _fields(body):
            for wrong in [*WRONG_VALUES, _LEFT_OUT]:
                shown = "left out" if wrong is _LEFT_OUT else json.dumps(wrong)[:20]
                if not self._new(request.method, route, ".".join(map(str, path)), shown):
                    continue
                yield (f"{request.method} {route} {'.'.join(map(str, path))}={shown}",
                       self._sent_with(request, _replaced(body, path, wrong), signer))

    def _query_mutants(self, request: requests.PreparedRequest, route: str, body: dict[str, Any],
                       signer: OAuth1 | None) -> Iterator[tuple[str, requests.PreparedRequest]]:
        """The SuiteQL query of ``body`` with each token left out, doubled, swapped with the next or
        replaced by each of :data:`WRONG_SQL_TOKENS`; once a run per query shape (its numbers aside)."""
        tokens = _SQL_TOKEN.findall(body["q"])
        shape = re.sub(r"\d+", "N", " ".join(tokens))
        for index, token in enumerate(tokens):
            variants = {"left out": tokens[:index] + tokens[index + 1:], "doubled": tokens[:index] + [token] + tokens[index:],
                        "swapped": tokens[:index] + tokens[index + 1:index + 2] + [token] + tokens[index + 2:]}
            variants.update({repr(wrong): tokens[:index] + [wrong] + tokens[index + 1:] for wrong in WRONG_SQL_TOKENS})
            for how, changed in variants.items():
                if self._new(request.method or "POST", route, f"q:{shape}", f"{index}:{how}"):
                    yield f"{request.method} {route} q: {' '.join(changed)[:120]!r}", self._sent_with(
                        request, {**body, "q": " ".join(changed)}, signer)

    def _header_mutants(self, request: requests.PreparedRequest, route: str) -> Iterator[tuple[str, requests.PreparedRequest]]:
        """``request`` with each of :data:`WRONG_HOSTS` as its Host, and each parameter of its
        ``Authorization: OAuth`` header, if any, as each of :data:`WRONG_OAUTH_VALUES`."""
        method = request.method or "GET"
        for wrong in WRONG_HOSTS:
            if self._new(method, route, "Host", wrong):
                mutant = request.copy()
                mutant.headers["Host"] = wrong
                yield f"{method} {route} Host={wrong[:20]!r}", mutant
        header = _authorization(request)
        if not header.startswith("OAuth "):
            return
        for found in _OAUTH_PARAMETER.finditer(header):
            for wrong in WRONG_OAUTH_VALUES:
                if self._new(method, route, f"OAuth {found.group(1)}", wrong):
                    mutant = request.copy()
                    mutant.headers["Authorization"] = header[:found.start(2)] + wrong + header[found.end(2):]
                    yield f"{method} {route} OAuth {found.group(1)}={wrong[:20]!r}", mutant

    def _path_mutants(self, request: requests.PreparedRequest, route: str,
                      parts: Any) -> Iterator[tuple[str, requests.PreparedRequest]]:
        """``request`` with each segment of its path replaced by each of :data:`WRONG_SEGMENTS`."""
        method = request.method or "GET"
        segments = parts.path.split("/")
        for index in range(1, len(segments)):
            for wrong in WRONG_SEGMENTS:
                if self._new(method, route, f"/{index}", wrong):
                    mutant = request.copy()
                    path = "/".join([*segments[:index], wrong, *segments[index + 1:]])
                    mutant.url = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
                    yield f"{method} {route} segment {index}={wrong[:20]!r}", mutant

    @staticmethod
    def _sent_with(request: requests.PreparedRequest, body: Any, signer: OAuth1 | None) -> requests.PreparedRequest:
        """``request`` with ``body`` as its JSON body, signed again by ``signer`` if it signs."""
        mutant = request.copy()
        mutant.prepare_body(data=json.dumps(body), files=None)
        mutant.headers["Content-Type"] = "application/json"
        if signer is not None:
            mutant.headers.pop("Authorization", None)
            mutant = signer(mutant)
        return mutant

    def _new(self, method: str, route: str, field: str, value: str) -> bool:
        key = (method, route, field, value)
        if key in self.sent:
            return False
        self.sent.add(key)
        return True


def _is_json(request: requests.PreparedRequest) -> bool:
    kind = request.headers.get("Content-Type") or ""
    return "json" in (kind.decode("latin-1") if isinstance(kind, bytes) else kind)


def _fields(body: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every field under ``body`` (the first two items of a list), depth first."""
    children = body.items() if isinstance(body, dict) else enumerate(body[:2]) if isinstance(body, list) else ()
    for key, value in children:
        yield (*path, key)
        yield from _fields(value, (*path, key))


def _replaced(body: Any, path: tuple[Any, ...], wrong: Any) -> Any:
    mutant = copy.deepcopy(body)
    parent = mutant
    for key in path[:-1]:
        parent = parent[key]
    if wrong is _LEFT_OUT:
        del parent[path[-1]]
    else:
        parent[path[-1]] = wrong
    return mutant


def _authorization(request: requests.PreparedRequest) -> str:
    header = request.headers.get("Authorization") or ""
    return header.decode("latin-1") if isinstance(header, bytes) else header  # requests-oauthlib's is bytes


def _signer(dispatcher: WsgiDispatcher, header: str) -> OAuth1 | None:
    """OAuth 1.0a as the tenant whose credentials made ``header`` (an ``Authorization: OAuth``
    header) signs, or None when they name no tenant or cannot be read (a scenario's own malformed one)."""
    try:
        params = dict(oauth_utils.parse_authorization_header(header))
    except ValueError:
        return None
    registry = dispatcher.app.extensions["refundsim.tenants"]
    token, method = params.get("oauth_token", ""), params.get("oauth_signature_method", "HMAC-SHA256")
    if (tenant := registry.resolve("netsuite_token", token)) is not None:
        ns = tenant.netsuite
        return OAuth1(ns.consumer_key, ns.consumer_secret, ns.token_id, ns.token_secret, signature_method=method,
                      realm=ns.account_id)
    if (tenant := registry.resolve("magento_token", token)) is not None:
        mg = tenant.magento
        return OAuth1(mg.consumer_key, mg.consumer_secret, mg.access_token, mg.access_token_secret, signature_method=method)
    if (tenant := registry.resolve("woocommerce_key", params.get("oauth_consumer_key", ""))) is not None:
        return OAuth1(tenant.woocommerce.consumer_key, tenant.woocommerce.consumer_secret, signature_method=method)
    return None


FUZZER = Fuzzer()
_send = WsgiDispatcher.send


def _send_and_fuzz(self: WsgiDispatcher, adapter: HTTPAdapter, request: requests.PreparedRequest,
                   timeout: Any) -> requests.Response:
    """The request's own answer, after which its mutants are sent and their answers read."""
    answer = _send(self, adapter, request, timeout)
    header = _authorization(request)
    signer = _signer(self, header) if header.startswith("OAuth ") else None
    if signer is None and header.startswith("OAuth "):
        return answer  # signed by no tenant's credentials: its mutants would only meet a 401
    for changed, mutant in FUZZER.mutants(request, signer):
        try:
            said = _send(self, adapter, mutant, timeout)
        except requests.RequestException:  # an armed fault: dropped or held, as the scenario asked
            continue
        if CRASH in said.text:
            FUZZER.crashes.append(f"{said.status_code} {changed}: {said.text[:300]}")
    return answer


def pytest_configure(config: pytest.Config) -> None:
    WsgiDispatcher.send = _send_and_fuzz  # type: ignore[method-assign]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.exitstatus = 1 if FUZZER.crashes else 0


def pytest_unconfigure(config: pytest.Config) -> None:
    WsgiDispatcher.send = _send  # type: ignore[method-assign]
    by_route = Counter(f"{method} {route}" for method, route, _, _ in FUZZER.sent)
    out = sys.__stdout__ or sys.stdout
    print(f"\nFuzz: {len(FUZZER.sent):,} wrong requests to {len(by_route)} routes (tests/fuzz.py); the scenarios' own "
          "outcomes are not this run's result: the wrong requests changed their worlds.", file=out)
    for route, count in sorted(by_route.items(), key=lambda item: item[0].split(" ", 1)[::-1]):
        print(f"  {count:6,}  {route}", file=out)
    if FUZZER.crashes:
        print(f"{len(FUZZER.crashes)} crash(es) of a simulator:", *(f"  - {crash}" for crash in FUZZER.crashes),
              sep="\n", file=out)
    else:
        print("No crash: every answer was the simulator's to give.", file=out)
