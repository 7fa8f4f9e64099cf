"""The connector under test: loading it from ``--connector=<module>:<factory>``, and driving it so
that whatever it does wrong is reported as a connector defect."""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import importlib.util
import inspect
import json
import shlex
import sys
import sysconfig
import traceback
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType, UnionType
from typing import Any, TypeVar

from harness.expectations import ConnectorDefect, said
from simulators.connector.protocol import (
    ConnectorContext,
    OrderSyncResult,
    OtherTransaction,
    RefundSyncConnector,
    RetrieveResult,
)
from harness.secrets import credential_texts, masked
from simulators.core.journal import mask_given_url

DEFAULT_CONNECTOR = "simulators.connector.reference:create_connector"

ConnectorFactory = Callable[[ConnectorContext], RefundSyncConnector]


class ConnectorLoadError(Exception):
    """The ``--connector`` value cannot be loaded; the message says why and what to write."""


#: The methods every connector must have: the protocol's, read from it so that the two never drift.
PROTOCOL_METHODS = tuple(name for name, value in vars(RefundSyncConnector).items()
                         if callable(value) and not name.startswith("_"))


def load_factory(spec: str) -> ConnectorFactory:
    """The factory named by ``spec``: ``<module>:<factory>`` (a module on the Python path, such as
    ``mypkg.connector:create``) or ``<file>.py:<factory>`` (a file anywhere, such as
    ``../my-connector/connector.py:create``; its folder is put on the Python path, so it may import
    its neighbours). A class, or a function annotated to return one, is checked against the protocol
    here, before any scenario runs.

    :raise ConnectorLoadError: malformed spec, module or file not importable, no such callable, or
        a connector class that lacks protocol methods.
    """
    target, sep, attribute = spec.rpartition(":")
    if not sep or not target or not attribute or not attribute.isidentifier():
        raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: expected <module>:<factory> or <file.py>:<factory>, "
                                 f"e.g. {DEFAULT_CONNECTOR} or path/to/connector.py:create_connector")
    module = _import_file(spec, target) if target.endswith(".py") else _import_module(spec, target)
    factory = getattr(module, attribute, None)
    if not callable(factory):
        # A name misspelt (a faulty connector of the self-test's catalogue, say): the nearest it has.
        near = difflib.get_close_matches(attribute, [name for name, value in vars(module).items()
                                                     if callable(value) and not name.startswith("_")], 1)
        what = (f"{shlex.quote(target)} has no function {attribute}" if factory is None and not hasattr(module, attribute)
                else f"{shlex.quote(target)}.{attribute} is not a function")
        what += f" (did you mean {near[0]}?)" if near else ""
        raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: {what}: give the one that makes the connector "
                                 f"({_functions_of(module)})")
    takes = _what_it_takes_if_not_the_context(factory, attribute)
    if takes is not None:
        raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: the factory must take one argument, the connector context "
                                 f"(ConnectorContext, simulators/connector/protocol.py), and return the connector; {takes}")
    connector_class = factory if isinstance(factory, type) else _annotated_class(factory)
    if connector_class is not None:
        missing = missing_methods(connector_class)
        if missing:
            raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: " + _missing_message(connector_class.__qualname__, missing))
    return factory


_NUMBERS = ("none", "one", "two", "three", "four", "five")


def _what_it_takes_if_not_the_context(factory: Callable[..., Any], name: str) -> str | None:
    """What ``factory`` takes, in an implementer's words (``create() takes none``, ``create()
    requires two: context, region``), when the harness cannot call it as it does,
    ``factory(context)``; None when it can — also when it has no signature to read (a builtin),
    which is then left to the first scenario."""
    try:
        signature = inspect.signature(factory)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(None)
    except TypeError:
        pass
    else:
        return None
    parameters = list(signature.parameters.values())
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p.name for p in positional if p.default is p.empty]
    by_name = [p.name for p in parameters if p.kind is p.KEYWORD_ONLY and p.default is p.empty]
    call = f"{name}()"
    if len(required) > 1:
        count = _NUMBERS[len(required)] if len(required) < len(_NUMBERS) else str(len(required))
        return f"{call} requires {count}: {', '.join(required)}"
    if not positional and not any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return f"{call} takes none" + (f" by position, {', '.join(by_name)} only by name" if by_name else "")
    if by_name:
        return f"{call} also requires {', '.join(by_name)} by name"
    return f"{call} cannot be called with the context alone"  # not reached by a Python signature; said rather than passed


def _functions_of(module: ModuleType) -> str:
    """The functions and classes ``module`` defines, as a refusal lists them to choose from."""
    names = sorted(name for name, value in vars(module).items() if not name.startswith("_") and callable(value)
                   and getattr(value, "__module__", None) == module.__name__)
    return f"it has: {', '.join(names)}" if names else "it has none: define one, def factory(context), that returns it"


def _import_module(spec: str, name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        # Only the module itself (or its package) not found is "give the file": a library it imports
        # that is missing fails the file's import the same, and is said as its import's failure.
        if not isinstance(exc, ModuleNotFoundError) or not exc.name or not (name + ".").startswith(exc.name + "."):
            raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: importing module {name} failed: "
                                     f"{_failure(exc)}") from None
        raise ConnectorLoadError(
            f"--connector={shlex.quote(spec)}: no module {name} on the Python path (the current folder and PYTHONPATH); "
            f"give the file instead: --connector=path/to/connector.py:{spec.rpartition(':')[2]}") from None
    except Exception as exc:  # its own code failed (a syntax error, a setting read at import): say so, not a traceback
        raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: importing module {name} failed: {_failure(exc)}") from None


def _failure(exc: BaseException) -> str:
    """What a connector's import raised and where: ``KeyError: 'TOKEN' (at /path/connector.py:2)`` —
    the line of a syntax error, else the deepest line of the traceback that is not Python's own."""
    if isinstance(exc, SyntaxError):
        where = f"{exc.filename}:{exc.lineno}" if exc.filename else None
        return f"SyntaxError: {exc.msg}" + (f" (at {where})" if where else "")
    stdlib = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
    lines = [frame for frame in traceback.extract_tb(exc.__traceback__)
             if not frame.filename.startswith("<") and not frame.filename.startswith(stdlib)]
    where = f" (at {lines[-1].filename}:{lines[-1].lineno})" if lines else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _import_file(spec: str, path_text: str) -> ModuleType:
    try:
        path = Path(path_text).resolve()
        found = path.is_file()
    except OSError as exc:  # a name no file can have (too long): said, not a traceback
        raise ConnectorLoadError(f"--connector={shlex.quote(spec[:200])}: cannot look the file up: {exc.strerror or exc}") from None
    if not found:
        raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: no such file {shlex.quote(path_text)}")
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    name = f"refundsim_connector_{path.stem}"
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: {shlex.quote(path_text)} is not a Python module")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except Exception as exc:  # its own import failed: say so, not a traceback
        del sys.modules[name]
        raise ConnectorLoadError(f"--connector={shlex.quote(spec)}: importing {shlex.quote(path_text)} failed: {_failure(exc)}") from None
    return module


def _annotated_class(factory: Callable[..., Any]) -> type | None:
    try:
        returned = typing.get_type_hints(factory).get("return")
    except Exception:  # noqa: BLE001 - an annotation we cannot resolve says nothing
        return None
    return returned if isinstance(returned, type) and returned is not RefundSyncConnector else None


def connector_under_test(config: Any) -> str:
    """What the run certifies, as the verdict and the report name it: ``--connector-url`` when
    given (its credentials masked: :func:`masked_url`), else ``--connector``."""
    url = config.getoption("--connector-url", None)
    return masked_url(url) if url else config.getoption("--connector")


def masked_url(url: str) -> str:
    """``url`` without the credentials it may carry: the password of its user info (a user name
    alone, a token given so, whole) and the values
    of query parameters named like credentials, under any spelling a server reads as that name,
    become ``***``. Every URL a user gave that the harness shows (the verdict, the report, a
    replay, a connector defect, a refusal) goes through here. The masking is the journal's
    (:func:`simulators.core.journal.mask_given_url`): one reading of names, not two."""
    return mask_given_url(url)


def missing_methods(connector: Any) -> list[str]:
    """The protocol methods ``connector`` (a class or an object) lacks."""
    return [name for name in PROTOCOL_METHODS if not callable(getattr(connector, name, None))]


def _missing_message(what: str, missing: list[str]) -> str:
    return (f"{what} lacks {', '.join(missing)} of the connector protocol "
            "(simulators/connector/protocol.py documents each method)")


_T = TypeVar("_T")


def secrets_of(context: ConnectorContext, *, named: bool = False) -> list[str]:
    """The tenant's credentials in ``context`` (NetSuite's and each storefront's), longest first:
    every text of them (what a quote is masked of), or, ``named``, the fields named as credentials
    only (tokens, keys, secrets: what a connector may never show; its shop or API root it may)."""
    blocks = (context.netsuite, context.shopify, context.ebay, context.magento, context.woocommerce)
    return credential_texts(blocks, named=named)


def settings_text(settings: Any) -> str:
    """Account settings as the connector API sends them, JSON on one line (``{"scheduled_sync":
    true, "positive_adjustment_item": null}``): what an implementer in any language reads, and QA
    too, not Python's ``{'scheduled_sync': True, ...: None}``."""
    return json.dumps(settings, ensure_ascii=False, default=str)


#: The protocol's ``source_channel`` keys as a scenario names the channels.
_CHANNELS = {"netsuite": "NetSuite", "shopify": "Shopify", "ebay": "eBay", "magento": "Magento",
             "woocommerce": "WooCommerce"}


def id_said(value: Any) -> str:
    """An ID the harness passed the connector, as a scenario writes it: as it is, or in double quotes
    when it is empty or holds spaces or quotes (``"  701  "``: what was passed, spaces and all)."""
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value if value and not any(c.isspace() or c in "\"'" for c in value) else json.dumps(value, ensure_ascii=False)


def call_said(method: str, *args: Any) -> str:
    """What the harness asked of the connector, in the scenario's words — "sync of order 1001",
    "retrieve of the refunds of order 1001 from NetSuite", "post of refund OT-00001" — never as a
    Python call (``sync_order('1001')``), for a message that says "expected the connector's <call>
    to ...". ``method`` is the protocol's method (``factory``: the connector's factory), ``args``
    what it was given."""
    first = args[0] if args else None
    if method == "sync_order":
        return f"sync of order {id_said(first)}"
    if method == "retrieve_refunds" and len(args) == 2:
        return f"retrieve of the refunds of order {id_said(args[1])} from {_CHANNELS.get(args[0]) or id_said(args[0])}"
    if method in ("post", "cancel", "uncancel"):
        return f"{method} of refund {id_said(first)}"
    if method == "delete":
        return f"delete of refund {id_said(first)} from Other Transactions"
    if method in ("update_settings", "factory"):
        return f"{'save of' if method == 'update_settings' else 'start with'} the account settings {settings_text(first)}"
    return {"transactions": "list of Other Transactions", "orders": "list of orders",
            "run_scheduled_sync": "scheduled refund sync", "close": "close of the account"}.get(method, method)


def _python_call(method: str, *args: Any) -> str:
    """:func:`call_said`, with the Python connector's method named after it for its implementer
    ("sync of order 1001 (method sync_order)"; its factory: "(its factory)")."""
    return f"{call_said(method, *args)} ({'its factory' if method == 'factory' else f'method {method}'})"


def returned_said(value: Any) -> str:
    """What a Python connector returned, for a message that says it is not what the protocol
    returns: its type, which the implementer must change, and its values as a scenario says them
    (:func:`harness.expectations.said`) — "a dict (order_id: 1001)", "a list of dict (...)",
    "nothing" — never Python's repr (``{'order_id': '1001'}``, ``None``)."""
    if value is None:
        return "nothing"
    if isinstance(value, RetrieveResult):
        return f"a RetrieveResult whose transactions are {returned_said(value.transactions)}"
    kind = type(value).__name__
    if isinstance(value, (list, tuple)):
        if not value:
            return f"an empty {kind}"
        kinds = " and ".join(sorted({type(item).__name__ for item in value}))
        return f"a {kind} of {kinds} ({said(list(value))})"
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind} ({said(value)})"


def _escaped(call: str, exc: BaseException, secrets: Sequence[str] = ()) -> ConnectorDefect:
    """The defect of an exception that escaped the connector: the call and the exception, the
    tenant's credentials masked (``cause_text`` keeps the exception so, for the report)."""
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    defect = ConnectorDefect("raised", masked(f"expected the connector's {call} to return a result, it raised "
                                               f"{name}: {exc}", secrets))
    defect.cause_text = masked(f"{kind.__module__}.{kind.__qualname__}: {exc}", secrets)  # type: ignore[attr-defined]
    return defect


def build_connector(factory: ConnectorFactory, context: ConnectorContext) -> RefundSyncConnector:
    """The connector ``factory`` builds for ``context``, held to the protocol before anything uses
    it: every way the harness builds the connector goes through here (the connector fixture, and
    the account steps that build it to see it refuse settings), so a connector that lacks methods
    is refused by name wherever it is built first, never met as an ``AttributeError`` later.

    A ``ValueError`` the factory raises propagates as it is (it refused the settings); anything
    else it raises is the connector's defect (an account step that builds it to see a refusal
    blamed the harness for a bare ``RuntimeError``).

    :raise ConnectorDefect: the factory raised anything but a ``ValueError`` (kind ``raised``).
    :raise ConnectorLoadError: what it built lacks methods of the protocol (no scenario can run;
        the plugin stops the run with a usage error).
    """
    try:
        connector = factory(context)
    except (ValueError, ConnectorDefect):  # a refusal of the settings; over HTTP, what it answered
        raise
    except Exception as exc:
        raise _escaped(_python_call("factory", context.settings), exc, secrets_of(context)) from exc
    missing = missing_methods(connector)
    if missing:
        # The factory as its module names it ("create", "Connector.create"), not Python's
        # "<locals>" path; nothing returned (a forgotten return) said as such, not as NoneType.
        name = str(getattr(factory, "__qualname__", factory)).rpartition("<locals>.")[2]
        if connector is None:
            raise ConnectorLoadError(f"its factory {name} returned nothing: it must return the connector, which has "
                                     f"{', '.join(missing)} (simulators/connector/protocol.py documents each method)")
        close = getattr(connector, "close", None)
        if callable(close):
            close()
        raise ConnectorLoadError(_missing_message(
            f"the object its factory {name} returned ({type(connector).__qualname__})", missing))
    return connector


def start_connector(factory: ConnectorFactory, context: ConnectorContext) -> DrivenConnector:
    """Build the connector under test for ``context`` (:func:`build_connector`).

    :raise ConnectorDefect: the factory raised — a ``ValueError`` means it refused the account's
        settings (e.g. ``SettingsError``), anything else that it could not start.
    :raise ConnectorLoadError: what it built lacks methods of the protocol (no scenario can run).
    """
    try:
        connector = build_connector(factory, context)
    except (ConnectorDefect, ConnectorLoadError):  # they say already what is wrong (over HTTP: what it answered)
        raise
    except ValueError as exc:
        raise ConnectorDefect("settings", masked(f"expected the connector to accept the account settings "
                                                 f"{settings_text(context.settings)}, it refused them: {exc}",
                                                 secrets_of(context))) from exc
    return DrivenConnector(connector, secrets_of(context), secrets_of(context, named=True))


def _all_of(items: Any, kind: type) -> bool:
    """Whether ``items`` is a list or tuple of ``kind`` only (what the protocol's lists are)."""
    return isinstance(items, (list, tuple)) and all(isinstance(item, kind) for item in items)


def _field_types(kind: type) -> dict[str, tuple[type, ...]]:
    """The types each field of a protocol dataclass may hold, from its annotations (``str | None``
    is ``(str, NoneType)``; a tuple of transactions, a tuple: its items are checked on their own)."""
    hints = typing.get_type_hints(kind)
    return {name: tuple(typing.get_origin(arg) or arg for arg in typing.get_args(hint)) if typing.get_origin(hint)
            in (typing.Union, UnionType) else (typing.get_origin(hint) or hint,) for name, hint in hints.items()}


def _an(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


_FIELD_TYPES = {kind: _field_types(kind) for kind in (OrderSyncResult, OtherTransaction, RetrieveResult)}


class DrivenConnector:
    """The connector under test as the steps drive it (it implements :class:`RefundSyncConnector`).

    The protocol says its methods return results and never raise for a business failure, and the
    steps only name transactions the connector listed; so an exception that escapes — a dropped
    connection it did not handle, a bug — is the connector's defect, reported as
    :class:`ConnectorDefect` with the call and the exception, not as an error of the harness. So is
    an action on a refund (Post, Cancel, Uncancel) that does not return that refund, and a method
    that returns anything but the protocol's dataclasses (a dict, ``None``).
    """

    def __init__(self, connector: RefundSyncConnector, secrets: list[str] | None = None,
                 credentials: list[str] | None = None) -> None:
        self.connector = connector
        #: The tenant's credentials, masked in what a defect quotes of the connector (:func:`secrets_of`).
        self.secrets = secrets or []
        #: Its tokens, keys and secrets (:func:`secrets_of`, ``named``): a text the connector returns
        #: holding one is its defect, "Credential shown" — the merchant reads its messages.
        self.credentials = credentials or []

    def _shown(self, call: str, result: Any) -> None:
        """:raise ConnectorDefect: a text of ``result`` (an Error message, a name) holds one of the
        tenant's credentials: a connector quoting a failed request's headers or its own settings
        shows them to whoever reads the refund list (kind ``credential``; the text quoted masked)."""
        if isinstance(result, (list, tuple)):
            for item in result:
                self._shown(call, item)
        elif isinstance(result, (OtherTransaction, OrderSyncResult, RetrieveResult)):
            for field_ in dataclasses.fields(result):
                value = getattr(result, field_.name)
                if isinstance(value, str) and masked(value, self.credentials) != value:
                    raise ConnectorDefect("credential", f"expected the connector's {call} to show none of the tenant's "
                                          f"credentials, its {field_.name} shows one: {masked(value, self.secrets)}")
                if isinstance(value, (list, tuple)):
                    self._shown(call, value)

    def _clean(self, result: _T) -> _T:
        """``result`` with the tenant's credentials masked in its texts (an Error message that quotes
        a failed request's token): what the connector says reaches the report — the Other
        Transactions attached after each step, the checks' failure messages that quote it — and no
        credential may. Only a text holding one changes (ids, amounts and statuses stay as they were);
        a list, a tuple or a :class:`RetrieveResult`'s transactions are cleaned item by item."""
        if not self.secrets:
            return result
        if isinstance(result, (list, tuple)):
            return type(result)(self._clean(item) for item in result)  # type: ignore[return-value]
        if isinstance(result, (OtherTransaction, OrderSyncResult, RetrieveResult)):
            changes: dict[str, Any] = {}
            for field_ in dataclasses.fields(result):
                value = getattr(result, field_.name)
                cleaned = masked(value, self.secrets) if isinstance(value, str) else self._clean(value) \
                    if isinstance(value, (list, tuple)) else value
                if cleaned is not value and cleaned != value:
                    changes[field_.name] = cleaned
            return dataclasses.replace(result, **changes) if changes else result  # type: ignore[type-var]
        return result

    def _call(self, name: str, method: Callable[..., _T], *args: Any) -> _T:
        try:
            result = method(*args)
            self._shown(_python_call(name, *args), result)
            return self._clean(result)
        except ConnectorDefect:  # it says already what the connector did (over HTTP: what it answered)
            raise
        except Exception as exc:  # whatever escapes: see the class docstring
            raise _escaped(_python_call(name, *args), exc, self.secrets) from exc

    @staticmethod
    def _returned(call: str, expected: str, result: Any, right: bool) -> None:
        """A method of the protocol returns its dataclasses: anything else (a dict, ``None``) is the
        connector's defect, said here with the call and what it returned — a step would otherwise
        meet it as an ``AttributeError`` and file it as the harness's error.

        :raise ConnectorDefect: ``right`` is false."""
        if not right:
            raise ConnectorDefect("record", f"expected the connector's {call} to return {expected}, "
                                  f"it returned {returned_said(result)}"[:2000])

    @staticmethod
    def _typed(call: str, result: Any) -> None:
        """Each field of a protocol dataclass the connector returned holds a value of the field's
        type (``success`` a bool, a message a string, ``sales_order_id`` a string or None): the
        connector API's contract says the same of the JSON (``false``, never ``null``), and a check
        reading ``not result.success`` would take a ``None`` for a failure it never said.

        :raise ConnectorDefect: a field holds a value of another type."""
        for item in (result, *getattr(result, "transactions", ())):
            hints = _FIELD_TYPES[type(item)]
            for field_ in dataclasses.fields(item):
                value, wanted = getattr(item, field_.name), hints[field_.name]
                if not isinstance(value, wanted):
                    names = " or ".join("None" if t is type(None) else f"{_an(t.__name__)} {t.__name__}" for t in wanted)
                    shown = type(item).__name__
                    raise ConnectorDefect("record", f"expected the connector's {call} to return {_an(shown)} {shown} "
                                          f"whose {field_.name} is {names}, it is {returned_said(value)}"[:2000])

    def sync_order(self, order_id: str) -> OrderSyncResult:
        result: Any = self._call("sync_order", self.connector.sync_order, order_id)
        call = _python_call("sync_order", order_id)
        self._returned(call, "an OrderSyncResult", result, isinstance(result, OrderSyncResult))
        self._typed(call, result)
        return result

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        result: Any = self._call("retrieve_refunds", self.connector.retrieve_refunds, source_channel, order_id)
        call = _python_call("retrieve_refunds", source_channel, order_id)
        self._returned(call, "a RetrieveResult whose transactions are OtherTransaction", result,
                       isinstance(result, RetrieveResult) and _all_of(result.transactions, OtherTransaction))
        self._typed(call, result)
        return result

    def _action(self, name: str, method: Callable[[str], OtherTransaction], transaction_id: str) -> OtherTransaction:
        """An action on one refund of Other Transactions: the protocol says it returns that refund as
        it stands after the action (its status, and why on hover); anything else is a defect."""
        result = self._call(name, method, transaction_id)
        if not isinstance(result, OtherTransaction) or result.id != transaction_id:
            raise ConnectorDefect("status", f"expected the connector's {_python_call(name, transaction_id)} to return "
                                  f"refund {transaction_id} with its status, it returned {returned_said(result)}"[:2000])
        self._typed(_python_call(name, transaction_id), result)
        return result

    def post(self, transaction_id: str) -> OtherTransaction:
        return self._action("post", self.connector.post, transaction_id)

    def cancel(self, transaction_id: str) -> OtherTransaction:
        return self._action("cancel", self.connector.cancel, transaction_id)

    def uncancel(self, transaction_id: str) -> OtherTransaction:
        return self._action("uncancel", self.connector.uncancel, transaction_id)

    def delete(self, transaction_id: str) -> None:
        self._call("delete", self.connector.delete, transaction_id)

    def transactions(self) -> list[OtherTransaction]:
        result: Any = self._call("transactions", self.connector.transactions)
        self._returned(_python_call("transactions"), "a list of OtherTransaction", result, _all_of(result, OtherTransaction))
        for item in result:
            self._typed(_python_call("transactions"), item)
        return result

    def orders(self) -> list[OrderSyncResult]:
        result: Any = self._call("orders", self.connector.orders)
        self._returned(_python_call("orders"), "a list of OrderSyncResult", result, _all_of(result, OrderSyncResult))
        for item in result:
            self._typed(_python_call("orders"), item)
        return result

    def update_settings(self, settings: dict[str, Any]) -> None:
        """:raise ConnectorDefect: the connector refused settings it must accept (``ValueError``) or raised."""
        try:
            self.connector.update_settings(settings)
        except ConnectorDefect:
            raise
        except ValueError as exc:
            raise ConnectorDefect("settings", masked(f"expected the connector to save the account settings "
                                                     f"{settings_text(settings)}, it refused them: {exc}",
                                                     self.secrets)) from exc
        except Exception as exc:  # whatever escapes: see the class docstring
            raise _escaped(_python_call("update_settings", settings), exc, self.secrets) from exc

    def run_scheduled_sync(self) -> None:
        self._call("run_scheduled_sync", self.connector.run_scheduled_sync)

    def close(self) -> None:
        self._call("close", self.connector.close)
