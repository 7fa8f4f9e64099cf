"""How a simulated service plugs into the app: one :class:`ServiceSpec` per service package.

Adding a storefront (Magento, WooCommerce, BigCommerce) means copying a service package
(models / routes / errors / schemas / auth / FIDELITY.md), declaring its spec at the bottom of its
``routes`` module and listing it in :data:`simulators.app.SERVICES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from flask import Blueprint

from .errors import SimulatorError


@dataclass(frozen=True)
class ServiceSpec:
    """``name`` keys the tenant's state (built by ``state_factory(tenant)``); ``blueprints`` are
    registered on the app; a routing error (404/405/500) on a path under one of ``path_prefixes``
    is shaped by ``error_for_status(status, description)``; ``extensions`` are per-app objects the
    service needs (stored in ``app.extensions``)."""

    name: str
    state_factory: Callable[[Any], Any]
    blueprints: tuple[Blueprint, ...]
    path_prefixes: tuple[str, ...]
    error_for_status: Callable[[int, str], SimulatorError]
    extensions: dict[str, Callable[[], Any]] = field(default_factory=dict)
    #: The ``Retry-After`` the vendor's own 429 carries (Shopify's throttle: ``2.0``), which an armed
    #: 429 fault sends unless it names its own; None for a vendor whose 429 has none (NetSuite's
    #: concurrency limit: its FIDELITY.md), so that a connector meets the answer the vendor gives.
    throttled_retry_after: str | None = None
