"""The connector under test: loading it from ``--connector=<module>:<factory>``, and driving it so
that whatever it does wrong is reported as a connector defect."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

from simulators.connector.protocol import (
    ConnectorContext,
    OrderSyncResult,
    OtherTransaction,
    RefundSyncConnector,
    RetrieveResult,
)

DEFAULT_CONNECTOR = "simulators.connector.reference:create_connector"

ConnectorFactory = Callable[[ConnectorContext], RefundSyncConnector]


class ConnectorLoadError(Exception):
    """The ``--connector`` value cannot be loaded; the message says why and what to write."""


def load_factory(spec: str) -> ConnectorFactory:
    """Import ``module:factory`` and return the factory.

    :raise ConnectorLoadError: malformed spec, module not importable, no such callable.
    """
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ConnectorLoadError(f"--connector={spec!r}: expected <module>:<factory>, e.g. {DEFAULT_CONNECTOR}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConnectorLoadError(f"--connector={spec!r}: cannot import module {module_name!r}: {exc}") from None
    factory = getattr(module, attribute, None)
    if not callable(factory):
        raise ConnectorLoadError(f"--connector={spec!r}: module {module_name!r} has no callable {attribute!r}")
    return factory


class ConnectorDefect(AssertionError):
    """The connector under test broke its contract: an exception escaped a protocol method, or it
    would not start. An ``AssertionError`` whose message starts with "expected", so the scenario
    fails (not breaks) and the report files it under "Connector defects" (harness/categories.json)."""


_T = TypeVar("_T")


def _escaped(call: str, exc: BaseException) -> ConnectorDefect:
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    return ConnectorDefect(f"expected the connector's {call} to return a result, it raised {name}: {exc}")


def start_connector(factory: ConnectorFactory, context: ConnectorContext) -> DrivenConnector:
    """Build the connector under test for ``context``.

    :raise ConnectorDefect: the factory raised — a ``ValueError`` means it refused the account's
        settings (e.g. ``SettingsError``), anything else that it could not start.
    """
    try:
        return DrivenConnector(factory(context))
    except ValueError as exc:
        raise ConnectorDefect(f"expected the connector to accept the account settings {context.settings}, "
                              f"it refused them: {exc}") from exc
    except Exception as exc:  # any other failure to start is the connector's too
        raise _escaped(f"factory({context.settings})", exc) from exc


class DrivenConnector:
    """The connector under test as the steps drive it (it implements :class:`RefundSyncConnector`).

    The protocol says its methods return results and never raise for a business failure, and the
    steps only name transactions the connector listed; so an exception that escapes — a dropped
    connection it did not handle, a bug — is the connector's defect, reported as
    :class:`ConnectorDefect` with the call and the exception, not as an error of the harness.
    """

    def __init__(self, connector: RefundSyncConnector) -> None:
        self.connector = connector

    def _call(self, name: str, method: Callable[..., _T], *args: Any) -> _T:
        try:
            return method(*args)
        except Exception as exc:  # whatever escapes: see the class docstring
            raise _escaped(f"{name}({', '.join(map(repr, args))})", exc) from exc

    def sync_order(self, order_id: str) -> OrderSyncResult:
        return self._call("sync_order", self.connector.sync_order, order_id)

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        return self._call("retrieve_refunds", self.connector.retrieve_refunds, source_channel, order_id)

    def post(self, transaction_id: str) -> OtherTransaction:
        return self._call("post", self.connector.post, transaction_id)

    def cancel(self, transaction_id: str) -> OtherTransaction:
        return self._call("cancel", self.connector.cancel, transaction_id)

    def uncancel(self, transaction_id: str) -> OtherTransaction:
        return self._call("uncancel", self.connector.uncancel, transaction_id)

    def delete(self, transaction_id: str) -> None:
        self._call("delete", self.connector.delete, transaction_id)

    def transactions(self) -> list[OtherTransaction]:
        return self._call("transactions", self.connector.transactions)

    def run_scheduled_sync(self) -> None:
        self._call("run_scheduled_sync", self.connector.run_scheduled_sync)

    def close(self) -> None:
        self._call("close", self.connector.close)
