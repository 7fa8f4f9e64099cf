"""The reference connector's own records: the orders it synced and the refunds it retrieved.

These mirror what the NetSuite Connector keeps (its order list and Data Flows > Other
Transactions) and the rules on them; the vendor calls live in :mod:`.reference`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from decimal import Decimal

from .protocol import OtherTransaction, Status


@dataclass
class OrderLink:
    """A storefront order the connector synced, and the NetSuite sales order it created."""

    order_id: str
    status: str
    sales_order_id: str | None = None
    error_message: str = ""


@dataclass
class RetrievedRefund:
    """One row of Other Transactions. ``source_record`` is ``<recordType>:<internalId>`` for a
    NetSuite refund; ``target_ref`` is what posting created on the target."""

    id: str
    source_channel: str
    order_id: str
    amount: Decimal
    currency: str
    source_record: str
    status: str = Status.RETRIEVED
    error_message: str = ""
    target_ref: str = ""

    def view(self) -> OtherTransaction:
        return OtherTransaction(
            id=self.id, source_channel=self.source_channel, order_id=self.order_id,
            amount=str(self.amount.quantize(Decimal("0.01"))), currency=self.currency,
            status=self.status, error_message=self.error_message, source_record=self.source_record,
        )


class ConnectorBook:
    """The connector account's orders and Other Transactions, safe under concurrent actions."""

    def __init__(self) -> None:
        self.orders: dict[str, OrderLink] = {}
        self._refunds: dict[str, RetrievedRefund] = {}
        self._next = 1
        self.lock = threading.RLock()

    def add_refund(self, refund: RetrievedRefund) -> RetrievedRefund:
        with self.lock:
            self._refunds[refund.id] = refund
            return refund

    def new_id(self) -> str:
        with self.lock:
            value = f"OT-{self._next:05d}"
            self._next += 1
            return value

    def refund(self, transaction_id: str) -> RetrievedRefund:
        """:raise KeyError: no such transaction."""
        with self.lock:
            return self._refunds[transaction_id]

    def by_source(self, source_record: str) -> RetrievedRefund | None:
        with self.lock:
            return next((r for r in self._refunds.values() if r.source_record == source_record), None)

    def all(self) -> list[RetrievedRefund]:
        with self.lock:
            return [replace(r) for r in self._refunds.values()]
