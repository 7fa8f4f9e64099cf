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
  it must take (an account or a transaction it made itself unknown), no answer within the
  timeout, a refused or dropped connection — the HTTP forms of an exception escaping a method;
- "Record differs": an answer whose body is not JSON or breaks the document's schema (a field
  missing, of another type, a status outside its values), with the first place it breaks it.

Quoted bodies never show the tenant's credentials or the admin token: they are masked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, TypeVar
from urllib.parse import quote, urljoin, urlsplit

import requests

from harness.connector import credential_texts, masked, masked_url
from harness.expectations import ConnectorDefect
from simulators.clients import ControlPlaneClient
from simulators.clients.base import new_session
from simulators.connector import contract
from simulators.connector.protocol import ConnectorContext, OrderSyncResult, OtherTransaction, RetrieveResult

#: The tenant answer's keys that are not credentials.
_NOT_CREDENTIALS = frozenset({"tenant", "seed", "settings"})
#: How much of an answer's body a failure quotes.
QUOTED = 600
#: How long one call to the connector may take, in seconds, unless ``--connector-timeout`` says.
DEFAULT_CONNECTOR_TIMEOUT = 60.0
_D = TypeVar("_D")


def check_url(url: str) -> str:
    """``--connector-url``: an ``http(s)://`` URL, or a path (``/connector/v1``) on the simulators'
    own server; without its trailing slash. :raise ValueError: anything else."""
    parts = urlsplit(url)
    if not (parts.scheme in ("http", "https") and parts.netloc) and not (not parts.scheme and url.startswith("/")):
        raise ValueError(f"{url!r} is neither an http(s):// URL nor a path such as /connector/v1 "
                         "(the connector the simulators' own server serves)")
    return url.rstrip("/")


def reach(url: str, timeout: float = 5.0) -> None:
    """Whether anything answers at ``url`` (whatever it answers). :raise ValueError: nothing does."""
    session = new_session()
    try:
        session.get(url, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        raise ValueError(f"nothing answers at {masked_url(url)} ({_reason(exc)}): start the connector first") from None
    finally:
        session.close()


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
        self.root = f"{url.rstrip('/')}/accounts/{quote(context.tenant, safe='')}"
        self.timeout = timeout
        self.session = new_session(token)
        tenant = ControlPlaneClient(context.base_url, admin_token).tenant(context.tenant)
        credentials = {name: value for name, value in tenant.items() if name not in _NOT_CREDENTIALS}
        self._secrets = credential_texts(credentials.values(), admin_token, token)  # the connector's own token too
        self._call("set up the account", "createAccount", {
            "settings": context.settings,
            "simulators": {"base_url": context.base_url, "admin_token": admin_token, "tenant": context.tenant,
                           "clock_url": f"{context.base_url}/_sim/tenants/{quote(context.tenant, safe='')}/clock"},
            "credentials": credentials,
        }, settings=True)

    # ------------------------------------------------------------------ the protocol
    def sync_order(self, order_id: str) -> OrderSyncResult:
        return _record(OrderSyncResult, self._call(f"sync_order({order_id!r})", "syncOrder", {"order_id": order_id}))

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        body = self._call(f"retrieve_refunds({source_channel!r}, {order_id!r})", "retrieveRefunds",
                          {"source_channel": source_channel, "order_id": order_id})
        return RetrieveResult(body["success"], body["message"], tuple(_record(OtherTransaction, t) for t in body["transactions"]))

    def post(self, transaction_id: str) -> OtherTransaction:
        return _record(OtherTransaction, self._call(f"post({transaction_id!r})", "postTransaction", transaction=transaction_id))

    def cancel(self, transaction_id: str) -> OtherTransaction:
        return _record(OtherTransaction, self._call(f"cancel({transaction_id!r})", "cancelTransaction", transaction=transaction_id))

    def uncancel(self, transaction_id: str) -> OtherTransaction:
        return _record(OtherTransaction, self._call(f"uncancel({transaction_id!r})", "uncancelTransaction",
                                                    transaction=transaction_id))

    def delete(self, transaction_id: str) -> None:
        self._call(f"delete({transaction_id!r})", "deleteTransaction", transaction=transaction_id)

    def transactions(self) -> list[OtherTransaction]:
        return [_record(OtherTransaction, t) for t in self._call("transactions()", "listTransactions")["transactions"]]

    def orders(self) -> list[OrderSyncResult]:
        return [_record(OrderSyncResult, o) for o in self._call("orders()", "listOrders")["orders"]]

    def update_settings(self, settings: dict[str, Any]) -> None:
        self._call(f"update_settings({settings!r})", "updateSettings", {"settings": settings}, settings=True)

    def run_scheduled_sync(self) -> None:
        self._call("run_scheduled_sync()", "runScheduledSync")

    def close(self) -> None:
        try:
            self._call("close()", "closeAccount")
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
        url = f"{self.root}{path}"
        exchange = f"{method} {masked_url(url)}"
        try:
            response = self.session.request(method, url, json=body, timeout=self.timeout, allow_redirects=False)
        except requests.Timeout:
            raise ConnectorDefect("raised", f"expected the connector's {call} to answer within {self.timeout:g} s, "
                                  f"it did not: {exchange} timed out") from None
        except requests.ConnectionError as exc:
            raise ConnectorDefect("raised", f"expected the connector's {call} to answer, {exchange} got no answer: "
                                  f"{_reason(exc)}") from None
        status = response.status_code
        answered = f"{exchange} → {status} {self._quoted(response)}"
        try:
            pointer = contract.response_pointer(operation_id, status)
        except KeyError:
            statuses = ", ".join(operation["responses"])
            raise ConnectorDefect("raised", f"expected the connector's {call} to answer {statuses} (the connector "
                                  f"API's {operation_id}), it answered {answered}") from None
        data = None
        if pointer is not None:
            try:
                data = response.json()
            except ValueError:
                raise ConnectorDefect("record", f"expected the connector's {call} to answer JSON (the connector "
                                      f"API's {operation_id}), found {answered}") from None
            found = contract.problem(pointer, data)
            if found is not None:
                raise ConnectorDefect("record", f"expected the connector's {call} to answer in the shape of the "
                                      f"connector API's {operation_id}, found {answered}: {self._masked(found)}")
        if status >= 400:
            error = data["error"] if isinstance(data, dict) else {}
            if settings and status == 400 and error.get("code") == "invalid_setting":
                raise ValueError(self._masked(f"{error.get('field')}: {error['message']}"))
            what = f"transaction {transaction!r}, which it listed" if transaction is not None else "its account"
            raise ConnectorDefect("raised", f"expected the connector's {call} to know {what}, it answered {answered}")
        return data

    def _masked(self, text: str) -> str:
        return masked(text, self._secrets)

    def _quoted(self, response: requests.Response) -> str:
        text = response.text
        try:
            text = json.dumps(response.json(), ensure_ascii=False)  # one line, whatever its layout
        except ValueError:
            text = text.strip() or "(no body)"
        text = self._masked(text)
        return text if len(text) <= QUOTED else f"{text[:QUOTED]}... ({len(text)} characters)"


def _record(kind: type[_D], data: dict[str, Any]) -> _D:
    """The protocol's dataclass of an answer the document allowed (fields it does not name are left out)."""
    return kind(**{f.name: data[f.name] for f in fields(kind) if f.name in data})  # type: ignore[arg-type]


def _reason(exc: BaseException) -> str:
    """The innermost cause of a failed connection (refused, reset, closed without an answer)."""
    cause: BaseException = exc
    seen = {id(cause)}
    while True:
        inner = getattr(cause, "reason", None) or cause.__cause__ or cause.__context__
        if not isinstance(inner, BaseException) or id(inner) in seen:
            return f"{type(cause).__name__}: {cause}"[:300]
        seen.add(id(inner))
        cause = inner
