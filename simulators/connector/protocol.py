"""The seam: everything the harness asks of a connector under test, and nothing more.

An implementer plugs a connector in with ``--connector=<module>:<factory>`` (or the environment
variable ``REFUNDSIM_CONNECTOR``). The factory is called once per scenario with a
:class:`ConnectorContext` — the simulators' base URL, the tenant's credentials and the connector
account's settings — and returns an object implementing :class:`RefundSyncConnector`. The
connector reaches NetSuite and the storefront only over HTTP at ``context.base_url``; with
``--transport inprocess`` its ``requests`` calls are intercepted, with ``--transport live`` they go
to a real server on loopback (use live for a connector that does not use ``requests``).

The words follow the NetSuite Connector's UI: an *order* is synced to NetSuite; refunds are
*retrieved* into Data Flows > Other Transactions, then *posted*; a retrieved refund has a status
(:class:`Status`) and, on failure, an error message (what the UI shows on hover).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Protocol, runtime_checkable


class Status:
    """Statuses of a retrieved refund (Other Transactions)."""

    RETRIEVED = "Retrieved"
    POSTED = "Posted"
    ERROR = "Error"
    CANCELED = "Canceled"


class OrderStatus:
    """Statuses of a storefront order in the connector."""

    POSTED = "Order Posted, Pending Fulfillment"
    ERROR = "Error Posting to NetSuite"


@dataclass(frozen=True)
class ConnectorContext:
    """What a connector factory receives.

    ``netsuite``: ``account_id, consumer_key, consumer_secret, token_id, token_secret``, and for
    OAuth 2.0 client credentials ``m2m_certificate_id`` and ``m2m_private_key`` (PEM);
    ``shopify``: ``shop, access_token, api_version, webhook_secret``; ``ebay``: ``access_token,
    marketplace_id``; ``magento``: ``store_code, consumer_key, consumer_secret, access_token,
    access_token_secret``; ``woocommerce``: ``consumer_key, consumer_secret, key_permissions,
    version, api_root`` (each as the tenant answer gives it, whole);
    ``settings``: the connector account's settings (see
    :class:`simulators.connector.schemas.ConnectorSettings`: storefront, refund_direction, ...).

    ``clock`` reads the simulator clock of the tenant and ``sleep`` waits by moving it: a connector
    that uses them for its schedule and its retry backoff runs scenarios without real waiting.
    """

    base_url: str
    tenant: str
    netsuite: dict[str, str]
    shopify: dict[str, str]
    ebay: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict)
    magento: dict[str, str] = field(default_factory=dict)
    woocommerce: dict[str, str] = field(default_factory=dict)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc), repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


@dataclass(frozen=True)
class OrderSyncResult:
    """The outcome of syncing one storefront order to NetSuite."""

    order_id: str
    status: str
    sales_order_id: str | None = None
    error_message: str = ""


@dataclass(frozen=True)
class OtherTransaction:
    """A refund retrieved into the connector. ``amount`` is a decimal string (``"41.94"``).
    ``source_record`` names the record it was retrieved from, as the steps check it: a NetSuite
    ``cashRefund:<id>`` / ``creditMemo:<id>``, a ``shopify-refund:<id>``, an eBay
    ``ebay-return:<returnId>`` or ``ebay-cancellation:<cancelId>``."""

    id: str
    source_channel: str
    order_id: str
    amount: str
    currency: str
    status: str
    error_message: str = ""
    source_record: str = ""
    target_record: str = ""


@dataclass(frozen=True)
class RetrieveResult:
    """What the Retrieve dialog shows: a success or failure message, and what was imported."""

    success: bool
    message: str
    transactions: tuple[OtherTransaction, ...] = ()


@runtime_checkable
class RefundSyncConnector(Protocol):
    """What the harness drives. Every method is synchronous and returns when the connector is done."""

    def sync_order(self, order_id: str) -> OrderSyncResult:
        """Sync the storefront order ``order_id`` to NetSuite as a customer and a sales order whose
        ``externalId`` is the storefront order id. Never raises for a business failure: the result
        has status :attr:`OrderStatus.ERROR` and the message instead."""
        ...

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        """The Retrieve dialog of Other Transactions: import the refunds of ``order_id`` from
        ``source_channel`` (``"netsuite"``, or the account's storefront: ``"shopify"``, ``"ebay"``,
        ``"magento"``, ``"woocommerce"``). A failure is a result with
        ``success=False`` and a message that says what to verify; it never raises for one."""
        ...

    def post(self, transaction_id: str) -> OtherTransaction:
        """The Post action: sync the retrieved refund to its target. Returns the transaction with
        status :attr:`Status.POSTED`, or :attr:`Status.ERROR` and the error message. Posting a
        refund that is already posted must not refund again.

        :raise KeyError: no transaction with that id.
        """
        ...

    def cancel(self, transaction_id: str) -> OtherTransaction:
        """The Cancel action: keep the refund's data but ignore it (status Canceled); a canceled
        refund is never posted. :raise KeyError: no such transaction."""
        ...

    def uncancel(self, transaction_id: str) -> OtherTransaction:
        """The Uncancel action: revert a Cancel (back to Retrieved). :raise KeyError: no such transaction."""
        ...

    def delete(self, transaction_id: str) -> None:
        """"Delete from FarApp": forget the refund in the connector only, so that a later retrieve
        imports it again. :raise KeyError: no such transaction."""
        ...

    def transactions(self) -> list[OtherTransaction]:
        """The Other Transactions list, oldest first."""
        ...

    def orders(self) -> list[OrderSyncResult]:
        """The storefront orders the connector has synced or tried to sync, each once with the
        outcome of its latest sync (what the order's row in the connector shows), in the order they
        were first synced."""
        ...

    def update_settings(self, settings: dict[str, Any]) -> None:
        """Settings > Save on the connector account, in the middle of its life: from now on the
        connector works with ``settings`` (the whole set, in the shape of ``context.settings``) and
        keeps its orders and Other Transactions. Turning the scheduled sync on starts its cycle at
        the current simulator time (the first run is one interval later).

        :raise ValueError: settings the connector refuses to save; the message names the setting.
        """
        ...

    def run_scheduled_sync(self) -> None:
        """Run the scheduled refund syncs due at ``context.clock()`` (every 90 minutes when the
        account's scheduled sync is on: one incoming, one outgoing). The harness calls this after it
        moves the simulator clock, as a real connector's scheduler would wake up; it must pick up
        what a manual retrieve and post would."""
        ...

    def close(self) -> None:
        """Release sockets and threads; called at the end of every scenario."""
        ...
