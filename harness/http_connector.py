"""A connector in any language, driven over HTTP (``--connector-url URL``): the connector protocol
(simulators/connector/protocol.py) as the connector API (simulators/connector/openapi.yaml).

Per scenario the harness sets up an account named after the tenant — its settings, where the
simulators are (base URL, admin token, the tenant's clock) and the tenant's credentials as
``POST /_sim/tenants`` answers them — then drives each protocol method as its operation, and
closes the account at the end.

Every answer is held to the document. An answer the protocol has a word for becomes it: a result,
or settings refused (400 ``invalid_setting``, the protocol's ``ValueError``). Anything else fails the
scenario as a :class:`~harness.expectations.ConnectorDefect` that quotes the call, the method, the
URL, the status and the body the connector answered:

- "Connector raised": a status the operation does not answer (a 5xx), an error status for a call
  it must take (an account or a transaction it made itself unknown, a 400 to a request the harness
  sent as the document describes it), no whole answer within the timeout (it bounds the whole
  answer, not each read), a refused or dropped connection, a transfer that broke off (a body
  shorter than its Content-Length, a Content-Encoding it is not in) — the HTTP forms of an
  exception escaping a method;
- "Settings differ": updateSettings refused under another error code than ``invalid_setting``;
- "Record differs": an answer whose body is not JSON as RFC 8259 has it (UTF-8, no NaN), with why,
  or breaks the document's schema (a field missing, of another type, a status outside its values),
  with the first place it breaks it; or a body of more than :data:`MAX_ANSWER`.

Quoted bodies never show the tenant's credentials or the admin token: they are masked.

Before any scenario, :func:`probe` proves that the connector API answers at the URL (its
listTransactions of an account no scenario has: 404 ``no_account``), so a URL where something else
answers — a server's root, a typo in the path — is refused once instead of failing every scenario.
An ``https://`` connector's certificate is checked against requests' certificate authorities, or
those of the bundle ``REQUESTS_CA_BUNDLE`` names (:func:`connector_session`).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import socket
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import requests
from urllib3.exceptions import DecodeError, InvalidChunkLength
from urllib3.exceptions import HTTPError as TransferError

from harness.connector import call_said, id_said, masked_url
from harness.secrets import credential_texts, masked
from harness.expectations import ConnectorDefect, quoted
from simulators.clients import ControlPlaneClient
from simulators.clients.base import new_session
from simulators.connector import contract
from simulators.connector.protocol import ConnectorContext, OrderSyncResult, OtherTransaction, RetrieveResult

#: The tenant answer's keys that are not credentials.
_NOT_CREDENTIALS = frozenset({"tenant", "seed", "settings"})
#: How much of an answer's body a failure quotes.
QUOTED = 600
#: How long one call to the connector may take, in seconds, unless ``--connector-timeout`` says:
#: from sending the request to the last byte of the answer.
DEFAULT_CONNECTOR_TIMEOUT = 60.0
#: The most of an answer's body the harness reads (after its Content-Encoding): the connector API's
#: answers are kilobytes (an account's whole Other Transactions list); more is one that never ends.
MAX_ANSWER = 16 * 1024 * 1024
_D = TypeVar("_D")
_E = TypeVar("_E", bound=BaseException)


class Unread(Exception):
    """An answer whose body the harness did not read whole: not whole within the timeout
    (``late``), or more than :data:`MAX_ANSWER`."""

    def __init__(self, late: bool) -> None:
        super().__init__("late" if late else "too large")
        self.late = late


def read_answer(response: requests.Response, deadline: float) -> bytes:
    """The whole body of ``response`` (sent with ``stream=True``), its Content-Encoding decoded;
    the response is closed after.

    ``requests``' timeout bounds each read of the socket, not the answer: a body that comes a byte
    at a time would take as long as it likes, and one that never ends would fill the memory. Read
    here piece by piece (``read1``: what has come, without waiting for more), against
    ``deadline`` (``time.monotonic()``) and :data:`MAX_ANSWER`.

    :raise Unread: not whole by ``deadline``, or larger than :data:`MAX_ANSWER`.
    :raise requests.RequestException | urllib3.exceptions.HTTPError: the transfer broke off (a
        body shorter than its Content-Length, a broken chunk, a Content-Encoding it is not in).
    """
    raw = response.raw
    try:
        if not hasattr(raw, "read1"):  # answered without a socket (in-process): the body is there already
            content = response.content
            if len(content) > MAX_ANSWER:
                raise Unread(late=False)
            return content
        parts: list[bytes] = []
        size = 0
        while chunk := raw.read1(65536, decode_content=True):
            size += len(chunk)
            if size > MAX_ANSWER:
                raise Unread(late=False)
            if time.monotonic() > deadline:
                raise Unread(late=True)
            parts.append(chunk)
        # Kept on the response as requests keeps a body it read itself: ``.content`` and ``.json()``
        # answer it for whoever looks at the exchange after (a test recording them, a debugger).
        response._content = content = b"".join(parts)
        return content
    finally:
        response.close()


def parsed(content: bytes) -> Any:
    """``content`` read as JSON as RFC 8259 has it: UTF-8 text (whatever a Content-Type's charset
    says: application/json has none), without NaN or Infinity.

    :raise ValueError: it is not: the message says why (where the text breaks, the byte that is not
        UTF-8, a byte order mark, nesting deeper than the harness reads)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"it is not UTF-8 (byte 0x{content[exc.start]:02X} at offset {exc.start}); JSON is UTF-8 "
                         "(RFC 8259)") from None

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON (RFC 8259 has no {name})")

    if text.startswith("\ufeff"):  # Python's own words would advise "decode using utf-8-sig"
        raise ValueError("it begins with a byte order mark (EF BB BF): JSON sent over a network has none (RFC 8259)")
    if not text.strip():
        raise ValueError("the body is empty")
    try:
        return json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as exc:  # where the text breaks as the gate says it: line, column (not "char 8")
        raise ValueError(f"{exc.msg[:1].lower()}{exc.msg[1:]} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise ValueError("it nests deeper than the harness reads (no answer of the connector API nests more than "
                         "a few levels)") from None

#: The variables that name the bundle of certificate authorities an ``https://`` connector's
#: certificate is checked against, as requests reads them (the first one set).
CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


def connector_session(token: str | None) -> requests.Session:
    """A session to the connector: :func:`new_session` (``token`` as ``Authorization: Bearer``),
    trusting the CA bundle :data:`CA_BUNDLE_VARIABLES` names instead of requests' own (certifi's),
    as requests does. new_session reads nothing of the environment (no proxies, no netrc: the
    simulators are on loopback), which left an ``https://`` connector with a certificate of its own
    CA no way to be trusted."""
    session = new_session(token)
    bundle = next((os.environ[name] for name in CA_BUNDLE_VARIABLES if os.environ.get(name)), None)
    if bundle:
        session.verify = bundle
    return session


def check_url(url: str) -> str:
    """``--connector-url``: an ``http(s)://`` URL, or a path (``/connector/v1``) on the simulators'
    own server; without its trailing slash. :raise ValueError: anything else."""
    parts = urlsplit(url)
    if not (parts.scheme in ("http", "https") and parts.netloc) and not (not parts.scheme and url.startswith("/")):
        raise ValueError(f"{shlex.quote(masked_url(url))} is neither an http(s):// URL nor a path such as /connector/v1 "
                         "(the connector the simulators' own server serves)")
    return url.rstrip("/")


def below(url: str, path: str) -> str:
    """``url`` with ``path`` (``/accounts/...``) added to its path, its query kept a query: a
    gateway in front of a connector may take its key there (``.../connector/v1?api_key=K``)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}{path}"))


#: The account the up-front check asks about: no scenario's (theirs are tenant ids, ``t-`` and 32 hex digits).
PROBE_ACCOUNT = "refundsim-check-no-such-account"
#: The reference connector's base path on ``refundsim serve`` (simulators/connector/routes.py).
REFERENCE_PATH = "/connector/v1"
#: What the connector API answers the up-front check, as a refusal quotes it (openapi.yaml NotFound).
NO_ACCOUNT = '{"error": {"code": "no_account", ...}}'
#: How much of an answer the up-front check's refusal quotes.
_EXCERPT = 300


def probe(url: str, token: str | None = None, *, secrets: Sequence[str | None] = (),
          timeout: float = DEFAULT_CONNECTOR_TIMEOUT, token_option: str = "--connector-token") -> None:
    """Prove that the connector API (openapi.yaml) answers at ``url``, with a call that changes
    nothing: its listTransactions of an account no scenario has (:data:`PROBE_ACCOUNT`), sent with
    ``token`` as every call of the run will be. The document answers it 404 ``{"error": {"code":
    "no_account", ...}}`` (its NotFound), or 200 and the list had someone made that account. A
    server that only answers — its root, a typo in the path, another web server — answers
    something else (a 404 ``not_found`` of a path it does not serve, a page), and every scenario
    would fail as a connector defect on its first call: said here once, before any runs.

    :raise ValueError: nothing answers, or not the connector API: the message names the call, what
        came back (status, content type, a short excerpt with ``token`` and ``secrets`` masked) and
        the likely fix (``token_option`` names where the token comes from).
    """
    hidden = credential_texts((), token, *secrets)
    called, response, content = _probed(url, token, timeout)
    if response is None:
        raise ValueError(called)
    status = response.status_code
    if content is None:  # it answered, but its body did not come whole: ``called`` says how
        raise ValueError(f"{called}; the connector API answers this call at once, with a few bytes (404 "
                         f"{NO_ACCOUNT}). {_fix(url, token, timeout)}")
    answered = f"{called} answered {status} {_excerpt(response, content, hidden)}"
    if _is_the_api(response, content):
        return
    if status in (401, 403):
        if token:
            raise ValueError(f"{answered}: it refuses the token sent ({token_option}): give the token this connector "
                             "requires")
        raise ValueError(f"{answered}: it requires a token, and none was sent: give it with --connector-token TOKEN "
                         "(or REFUNDSIM_CONNECTOR_TOKEN); the reference connector of a server bound beyond loopback "
                         "takes the simulators' admin token")
    where = ""
    if 300 <= status < 400 and response.headers.get("Location"):
        where = f" (it redirects to {masked(masked_url(response.headers['Location']), hidden)}: the harness does not " \
                "follow redirects; give the URL the connector API answers at)"
    raise ValueError(f"{answered}{where}: not the connector API (simulators/connector/openapi.yaml), which answers "
                     f"an account it does not have with 404 {NO_ACCOUNT}. {_fix(url, token, timeout)}")


def served_reference(url: str, timeout: float = 5.0) -> str | None:
    """The base URL of the simulators' server whose reference connector ``url`` is — its path is
    :data:`REFERENCE_PATH` and ``GET /_sim/health`` there answers ``{"status": "ok"}`` — or None.
    That connector's accounts are its own server's tenants: it can be certified against those
    simulators only."""
    parts = urlsplit(url)
    if parts.path.rstrip("/") != REFERENCE_PATH:
        return None
    origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    session = connector_session(None)
    try:
        answer = session.get(f"{origin}/_sim/health", timeout=timeout, allow_redirects=False)
        healthy = answer.status_code == 200 and answer.json() == {"status": "ok"}
    except (requests.RequestException, ValueError):
        healthy = False
    finally:
        session.close()
    return origin if healthy else None


def _probed(url: str, token: str | None, timeout: float) -> tuple[str, requests.Response | None, bytes | None]:
    """The up-front check's call at ``url``, its answer and the answer's body (:func:`read_answer`,
    within ``timeout`` of the call); None and why when nothing answered, or the answer and why when
    its body did not come whole (None for the body)."""
    method, path, _ = contract.operations()["listTransactions"]
    target = below(url, path.replace("{account}", PROBE_ACCOUNT))
    called = f"{method} {masked_url(target)}"
    session = connector_session(token)
    deadline = time.monotonic() + timeout
    try:
        # Connecting is quick or never; the answer may take as long as any call of the run may.
        response = session.request(method, target, timeout=(min(timeout, 5.0), timeout), allow_redirects=False,
                                   stream=True)
    except requests.ConnectTimeout:
        session.close()
        return (f"nothing answers at {masked_url(url)}: {_host_port(url)} did not take the connection within "
                f"{min(timeout, 5.0):g} s: start the connector first, or check the host and port (a firewall may "
                "drop the connection)"), None, None
    except requests.Timeout:
        session.close()
        return f"{called} did not answer within {timeout:g} s (--connector-timeout)", None, None
    except requests.exceptions.SSLError as exc:
        session.close()
        if _innermost(exc, ssl.SSLCertVerificationError) is None:
            return (f"{called}: {unanswered(exc, url)}: if the connector serves plain HTTP, give its http:// URL"), \
                None, None
        return (f"{called}: {unanswered(exc, url)}: the harness trusts the certificate authorities of requests "
                f"(certifi's), or instead those of the bundle {CA_BUNDLE_VARIABLES[0]} names: serve a certificate "
                f"they trust, or set {CA_BUNDLE_VARIABLES[0]} to your CA's bundle (a PEM file)"), None, None
    except requests.RequestException as exc:
        session.close()
        return (f"nothing answers at {masked_url(url)} ({unanswered(exc, url)}): start the connector first, or check "
                "the host and port"), None, None
    answered = f"{called} answered {response.status_code} but"
    try:
        return called, response, read_answer(response, deadline)
    except Unread as unread:
        why = f"its answer was not whole within {timeout:g} s (--connector-timeout)" if unread.late else \
            f"sent more than {MAX_ANSWER // 2**20} MiB"
        return f"{answered} {why}", response, None
    except (requests.Timeout, TimeoutError):
        return f"{answered} its answer was not whole within {timeout:g} s (--connector-timeout)", response, None
    except (requests.RequestException, TransferError) as exc:
        return f"{answered} its answer broke off: {_broken(exc, url)}", response, None
    finally:
        session.close()


def _is_the_api(response: requests.Response, content: bytes) -> bool:
    """Whether ``response`` (its body ``content``) is the connector API's answer to the up-front check."""
    if response.status_code not in (200, 404):
        return False
    try:
        data = parsed(content)
    except ValueError:
        return False
    if contract.problem(contract.response_pointer("listTransactions", response.status_code) or "", data) is not None:
        return False
    return response.status_code == 200 or data["error"]["code"] == "no_account"


def _fix(url: str, token: str | None, timeout: float) -> str:
    """The likely fix: the URL of the same server where the connector API answers, if it does."""
    parts = urlsplit(url)
    candidate = urlunsplit(parts._replace(path=REFERENCE_PATH))
    if parts.path.rstrip("/") != REFERENCE_PATH:
        _, response, content = _probed(candidate, token, min(timeout, 5.0))
        if response is not None and content is not None and _is_the_api(response, content):
            return f"It answers at {masked_url(candidate)}: give --connector-url {masked_url(candidate)}"
    return (f"Give --connector-url the connector API's base URL: the reference connector's is {REFERENCE_PATH} on "
            f"`refundsim serve` ({urlunsplit(parts._replace(path=REFERENCE_PATH, query=''))}, or the path "
            f"{REFERENCE_PATH} with --base-url); the Node example prints its own on its first line")


def _excerpt(response: requests.Response, content: bytes, hidden: Sequence[str]) -> str:
    """``content type`` and the body's first characters on one line, secrets masked: ``text/html <html>...``."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip() or "(no content type)"
    text = masked(" ".join(content.decode("utf-8", "replace").split()), hidden)
    if not text:
        return "(no body)" if not response.headers.get("Content-Type") else f"{kind} (no body)"
    return f"{kind} {text if len(text) <= _EXCERPT else f'{text[:_EXCERPT]}... ({len(text)} characters)'}"


@dataclass(frozen=True)
class HttpConnectorFactory:
    """The ``--connector-url`` factory: ``url`` (absolute, or a path on the simulators' server),
    the connector's own ``token`` if it requires one, the simulators' ``admin_token`` (handed to the
    connector for the clock), and how long one call may take."""

    url: str
    token: str | None = None
    admin_token: str | None = None
    timeout: float = DEFAULT_CONNECTOR_TIMEOUT

    def __call__(self, context: ConnectorContext) -> HttpConnector:
        return HttpConnector(urljoin(f"{context.base_url}/", self.url) if self.url.startswith("/") else self.url,
                             context, token=self.token, admin_token=self.admin_token, timeout=self.timeout)


class HttpConnector:
    """:class:`~simulators.connector.protocol.RefundSyncConnector` over the connector API.

    :raise ValueError: from the constructor, the connector refused the account's settings.
    :raise ConnectorDefect: from any method, an answer outside the contract (see the module).
    """

    def __init__(self, url: str, context: ConnectorContext, *, token: str | None = None,
                 admin_token: str | None = None, timeout: float = DEFAULT_CONNECTOR_TIMEOUT) -> None:
        self.account = context.tenant
        self.root = below(url, f"/accounts/{quote(context.tenant, safe='')}")
        self.timeout = timeout
        tenant = ControlPlaneClient(context.base_url, admin_token).tenant(context.tenant)
        credentials = {name: value for name, value in tenant.items() if name not in _NOT_CREDENTIALS}
        self._secrets = credential_texts(credentials.values(), admin_token, token)  # the connector's own token too
        self.session = connector_session(token)
        try:
            self._call("set-up of the account", "createAccount", {
                "settings": context.settings,
                "simulators": {"base_url": context.base_url, "admin_token": admin_token, "tenant": context.tenant,
                               "clock_url": f"{context.base_url}/_sim/tenants/{quote(context.tenant, safe='')}/clock"},
                "credentials": credentials,
            }, settings=True)
        except BaseException:
            # No one will close() an account that was not set up (the settings scenarios refuse
            # many): its kept-alive connection would stay open until the garbage collector came.
            self.session.close()
            raise

    # ------------------------------------------------------------------ the protocol
    def sync_order(self, order_id: str) -> OrderSyncResult:
        return _record(OrderSyncResult, self._call(call_said("sync_order", order_id), "syncOrder", {"order_id": order_id}))

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        body = self._call(call_said("retrieve_refunds", source_channel, order_id), "retrieveRefunds",
                          {"source_channel": source_channel, "order_id": order_id})
        return RetrieveResult(body["success"], body["message"], tuple(_record(OtherTransaction, t) for t in body["transactions"]))

    def post(self, transaction_id: str) -> OtherTransaction:
        return _record(OtherTransaction, self._call(call_said("post", transaction_id), "postTransaction", transaction=transaction_id))

    def cancel(self, transaction_id: str) -> OtherTransaction:
        return _record(OtherTransaction, self._call(call_said("cancel", transaction_id), "cancelTransaction", transaction=transaction_id))

    def uncancel(self, transaction_id: str) -> OtherTransaction:
        return _record(OtherTransaction, self._call(call_said("uncancel", transaction_id), "uncancelTransaction",
                                                    transaction=transaction_id))

    def delete(self, transaction_id: str) -> None:
        self._call(call_said("delete", transaction_id), "deleteTransaction", transaction=transaction_id)

    def transactions(self) -> list[OtherTransaction]:
        return [_record(OtherTransaction, t) for t in self._call(call_said("transactions"), "listTransactions")["transactions"]]

    def orders(self) -> list[OrderSyncResult]:
        return [_record(OrderSyncResult, o) for o in self._call(call_said("orders"), "listOrders")["orders"]]

    def update_settings(self, settings: dict[str, Any]) -> None:
        self._call(call_said("update_settings", settings), "updateSettings", {"settings": settings}, settings=True)

    def run_scheduled_sync(self) -> None:
        self._call(call_said("run_scheduled_sync"), "runScheduledSync")

    def close(self) -> None:
        try:
            self._call(call_said("close"), "closeAccount")
        finally:
            self.session.close()

    # ------------------------------------------------------------------ HTTP
    def _call(self, call: str, operation_id: str, body: dict[str, Any] | None = None, *,
              transaction: str | None = None, settings: bool = False) -> Any:
        """Send ``operation_id`` and hold its answer to the document; its JSON body (None for 204).

        :raise ValueError: ``settings`` calls only: 400 ``invalid_setting`` (the message names the setting).
        :raise ConnectorDefect: any other answer outside the contract.
        """
        method, path, operation = contract.operations()[operation_id]
        path = path.replace("/accounts/{account}", "")
        if transaction is not None:
            path = path.replace("{transaction_id}", quote(transaction, safe=""))
        url = below(self.root, path)
        exchange = f"{method} {masked_url(url)}"
        within = f"expected the connector's {call} to answer within {self.timeout:g} s, it did not: {exchange}"
        deadline = time.monotonic() + self.timeout
        try:
            response = self.session.request(method, url, json=body, timeout=self.timeout, allow_redirects=False,
                                            stream=True)
        except requests.Timeout:
            raise ConnectorDefect("raised", f"{within} timed out") from None
        except requests.RequestException as exc:
            raise ConnectorDefect("raised", f"expected the connector's {call} to answer, {exchange} got no answer: "
                                  f"{unanswered(exc, url)}") from None
        status = response.status_code
        try:
            content = read_answer(response, deadline)
        except Unread as unread:
            if unread.late:
                raise ConnectorDefect("raised", f"{within} → {status} was not whole after {self.timeout:g} s") from None
            raise ConnectorDefect("record", f"expected the connector's {call} to answer at most "
                                  f"{MAX_ANSWER // 2**20} MiB, {exchange} → {status} sent more") from None
        except (requests.Timeout, TimeoutError):  # urllib3's ReadTimeoutError is a TimeoutError
            raise ConnectorDefect("raised", f"{within} → {status} timed out before its body was whole") from None
        except (requests.RequestException, TransferError) as exc:
            raise ConnectorDefect("raised", f"expected the connector's {call} to answer, {exchange} → {status} broke "
                                  f"off: {_broken(exc, url)}") from None
        answered = f"{exchange} → {status} {self._quoted(content)}"
        try:
            pointer = contract.response_pointer(operation_id, status)
        except KeyError:
            statuses = ", ".join(operation["responses"])
            location = response.headers.get("Location") if 300 <= status < 400 else None
            where = f" (it redirects to {self._masked(masked_url(location))}: the harness does not follow " \
                    "redirects)" if location else ""
            raise ConnectorDefect("raised", f"expected the connector's {call} to answer {statuses} (the connector "
                                  f"API's {operation_id}), it answered {answered}{where}") from None
        data = None
        if pointer is not None:
            try:
                data = parsed(content)
            except ValueError as exc:
                raise ConnectorDefect("record", f"expected the connector's {call} to answer JSON (the connector "
                                      f"API's {operation_id}), found {answered}: {exc}") from None
            found = schema_problem(pointer, data)
            if found is not None:
                raise ConnectorDefect("record", f"expected the connector's {call} to answer in the shape of the "
                                      f"connector API's {operation_id}, found {answered}: {self._masked(found)}")
        if status >= 400:
            # Every error status the document lists has a body of its Error shape, held to it above.
            error = data["error"] if isinstance(data, dict) else {"code": "", "message": ""}
            self._refused(call, operation_id, status, error, answered, body, transaction, settings)
        return data

    def _refused(self, call: str, operation_id: str, status: int, error: dict[str, Any], answered: str,
                 body: dict[str, Any] | None, transaction: str | None, settings: bool) -> None:
        """An error answer in the document's shape, as the protocol reads it.

        :raise ValueError: ``settings`` calls: 400 ``invalid_setting``, "<field>: <message>" (the
            message alone when the connector named no field: ``field`` is optional in Error).
        :raise ConnectorDefect: any other: the request was refused (400: the harness sends only what
            the document describes), or the account or a transaction it listed is unknown (404).
        """
        if status == 400 and settings and error["code"] == "invalid_setting":
            raise ValueError(self._masked(f"{error['field']}: {error['message']}" if error.get("field")
                                          else error["message"]))
        if status == 400 and operation_id == "updateSettings":  # its body is the settings, nothing else
            raise ConnectorDefect("settings", f"expected the connector's {call} to save the settings, or refuse them "
                                  "with 400 and error code \"invalid_setting\" (the connector API's Refused), it "
                                  f"answered error code {quoted(error['code'])}: {answered}")
        if status == 400:
            sent = "no body" if body is None else self._masked(json.dumps(body, ensure_ascii=False))
            sent = sent if len(sent) <= QUOTED else f"{sent[:QUOTED]}... ({len(sent)} characters)"
            code = f" with error code {quoted(error['code'])} (settings it refuses are 400 \"invalid_setting\")" if settings \
                else ""
            raise ConnectorDefect("raised", f"expected the connector's {call} to take the request the connector "
                                  f"API's {operation_id} describes (the harness sent {sent}), it refused it{code}: "
                                  f"{answered}")
        if operation_id == "createAccount":
            raise ConnectorDefect("raised", f"expected the connector to set up account "
                                  f"{self.account} (the connector API's createAccount), it answered "
                                  f"{status} (an account it cannot have): {answered}")
        what = f"refund {id_said(transaction)}, which it listed" if transaction is not None else "its account"
        raise ConnectorDefect("raised", f"expected the connector's {call} to know {what}, it answered {answered}")

    def _masked(self, text: str) -> str:
        return masked(text, self._secrets)

    def _quoted(self, content: bytes) -> str:
        try:
            text = json.dumps(parsed(content), ensure_ascii=False)  # one line, whatever its layout
        except ValueError:
            text = content.decode("utf-8", "replace").strip() or "(no body)"
        text = self._masked(text)
        return text if len(text) <= QUOTED else f"{text[:QUOTED]}... ({len(text)} characters)"


def schema_problem(pointer: str, instance: Any) -> str | None:
    """The first way ``instance`` breaks the schema at ``pointer`` (:func:`contract.problem`), the
    values it names written as the connector wrote them, in JSON (``true``, ``null``, ``"Done"``,
    ``["Retrieved", ...]``, ``of type "string"``), not as Python prints them (``True``, ``None``,
    ``'Done'``): :func:`contract.said` renders it from the error's fields (replacing each repr in
    jsonschema's message left the schema's own values, ``'string'``, a pattern, in Python's words)."""
    return contract.problem(pointer, instance)


def _record(kind: type[_D], data: dict[str, Any]) -> _D:
    """The protocol's dataclass of an answer the document allowed (fields it does not name are left out)."""
    return kind(**{f.name: data[f.name] for f in fields(kind) if f.name in data})  # type: ignore[arg-type]


def _broken(exc: BaseException, url: str) -> str:
    """Why the transfer of an answer from ``url`` broke off, in words (a body cut short of its
    Content-Length, a body not in its Content-Encoding, a chunk without a length, a reset): never
    urllib3's reprs (``IncompleteRead(2 bytes read, 98 more expected)``)."""
    cut = _innermost(exc, http.client.IncompleteRead)  # urllib3's is one too
    if cut is not None:
        partial = cut.partial if isinstance(cut.partial, int) else len(cut.partial)
        # Both urllib3's and http.client's count what was still expected, not the whole.
        total = partial + cut.expected if isinstance(cut.expected, int) else None
        return f"the body stopped after {partial} bytes" + (f" of the {total} its Content-Length says" if total else "")
    undecoded = _innermost(exc, DecodeError)
    if undecoded is not None:
        head = undecoded.args[0] if undecoded.args and isinstance(undecoded.args[0], str) else ""
        named = re.search(r"content-encoding: ([\w-]+)", head)
        encoding = named.group(1) if named else "what its Content-Encoding says"
        inner = _innermost(exc, Exception)
        why = str(inner).rpartition(": ")[2] if inner is not None and inner is not undecoded else ""
        return f"its body is not {encoding}, as its Content-Encoding says" + (f" ({why})" if why else "")
    chunk = _innermost(exc, InvalidChunkLength)
    if chunk is not None:
        length = chunk.length.decode("latin-1").strip()
        return f"a chunk of its body has no valid length (its length line was '{length[:40]}')"
    return unanswered(exc, url)


def _host_port(url: str) -> str:
    """``url``'s host and port as a connection names them (``127.0.0.1:9000``), without credentials."""
    return urlsplit(url).netloc.rpartition("@")[2]


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps (a ``reason``, its cause or context), outermost first."""
    found = [exc]
    while True:
        cause = found[-1]
        inner = getattr(cause, "reason", None) or cause.__cause__ or cause.__context__
        if not isinstance(inner, BaseException) or any(inner is seen for seen in found):
            return found
        found.append(inner)


def _innermost(exc: BaseException, *kinds: type[_E]) -> _E | None:
    """The innermost exception of ``exc``'s chain (:func:`_chain`) that is one of ``kinds``."""
    return next((e for e in reversed(_chain(exc)) if isinstance(e, kinds)), None)  # type: ignore[misc]


def _tls_words(exc: ssl.SSLError) -> str:
    """OpenSSL's reason without its code and source line: "[SSL: WRONG_VERSION_NUMBER] wrong
    version number (_ssl.c:1006)" is "wrong version number"."""
    text = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], str) else str(exc)
    text = re.sub(r"\s*\(_ssl\.c:\d+\)$", "", re.sub(r"^\[[A-Z]+: \w+\]\s*", "", text.strip()))
    return text or "the connection closed during it"


def unanswered(exc: BaseException, url: str) -> str:
    """Why a call to ``url`` got no answer, as the network would say it to an implementer:
    "nothing listens at 127.0.0.1:9000: connection refused", "the host x is not known (DNS: ...)",
    "the TLS handshake with ... failed: ..." — never Python's class names or errno text."""
    where = _host_port(url)
    cert = _innermost(exc, ssl.SSLCertVerificationError)
    if cert is not None:
        return f"the TLS handshake with {where} failed: its certificate is not trusted " \
               f"({cert.verify_message or _tls_words(cert)})"
    tls = _innermost(exc, ssl.SSLError)
    if tls is not None:
        return f"the TLS handshake with {where} failed: {_tls_words(tls)}"
    if _innermost(exc, ConnectionRefusedError) is not None:
        return f"nothing listens at {where}: connection refused"
    dns = _innermost(exc, socket.gaierror)
    if dns is not None:
        return f"the host {urlsplit(url).hostname or where} is not known (DNS: {_lower(dns.strerror or str(dns))})"
    if _innermost(exc, http.client.RemoteDisconnected) is not None:
        return f"{where} closed the connection without answering"
    if _innermost(exc, ConnectionResetError) is not None:
        return f"{where} reset the connection"
    bad = _innermost(exc, http.client.BadStatusLine)
    if bad is not None:
        began = " ".join(str(getattr(bad, "line", "")).split())[:40]  # the line it read (typeshed leaves it out)
        return f"{where} answered something that is not HTTP" + (f" (it began '{began}')" if began else "")
    if _innermost(exc, TimeoutError, socket.timeout) is not None:
        return f"{where} did not answer in time"
    failed = _innermost(exc, OSError)
    if failed is not None and failed.strerror:
        return f"cannot reach {where}: {_lower(failed.strerror)}"
    inner = _chain(exc)[-1]
    text = re.sub(r"\[Errno -?\d+\]\s*", "", str(inner)).strip()
    return f"the connection to {where} failed" + (f": {_lower(text)}"[:300] if text else "")


def _lower(text: str) -> str:
    """``text`` begun in lower case, as a clause after a colon: "Connection refused" is "connection refused"."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
