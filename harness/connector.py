"""Loading the connector under test from ``--connector=<module>:<factory>``."""

from __future__ import annotations

import importlib
from typing import Callable

from simulators.connector.protocol import ConnectorContext, RefundSyncConnector

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
