"""The reference connector's own records: the orders it synced and the refunds it retrieved
(Data Flows > Other Transactions), with the rules of their statuses and actions."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from decimal import Decimal

from .errors import SyncError
from .protocol import OrderSyncResult, OtherTransaction, Status


@dataclass
class OrderLink:
    """A storefront order the connector synced, and the NetSuite sales order it created."""

    order_id: str
    status: str
    sales_order_id: str | None = None
    error_message: str = ""

    def view(self) -> OrderSyncResult:
        return OrderSyncResult(self.order_id, self.status, self.sales_order_id, self.error_message)


@dataclass
class RetrievedRefund:
    """One row of Other Transactions.

    ``source_record`` names what was retrieved: ``cashRefund:<id>`` / ``creditMemo:<id>`` in
    NetSuite, ``shopify-refund:<id>``, ``ebay-return:<id>``, ``ebay-cancellation:<id>``. ``target_record`` names what posting
    created (``shopify-refund:<id>``, ``magento-creditmemo:<id>``, ``woocommerce-refund:<id>``, or a
    NetSuite record). ``attempted`` is set once a post has been tried, so a later post that finds the
    connector's stamp on the target knows it is its own earlier write, not someone else's.
    """

    id: str
    source_channel: str
    order_id: str
    amount: Decimal
    currency: str
    source_record: str
    status: str = Status.RETRIEVED
    error_message: str = ""
    target_record: str = ""
    attempted: bool = False

    def view(self) -> OtherTransaction:
        return OtherTransaction(
            id=self.id, source_channel=self.source_channel, order_id=self.order_id,
            amount=str(self.amount.quantize(Decimal("0.01"))), currency=self.currency,
            status=self.status, error_message=self.error_message, source_record=self.source_record,
            target_record=self.target_record,
        )


class ConnectorBook:
    """The connector account's orders and Other Transactions, safe under concurrent actions.

    ``lock`` serialises actions on refunds: two concurrent posts of one refund run one after the
    other, and the second sees the first's outcome.
    """

    def __init__(self) -> None:
        self.orders: dict[str, OrderLink] = {}
        #: The orders whose sales order a sync made or found in NetSuite, whatever a later sync of
        #: them says (a sync again that failed leaves the sales order, and its refunds, where they are).
        self.synced: set[str] = set()
        self._refunds: dict[str, RetrievedRefund] = {}
        self._next = 1
        self.lock = threading.RLock()

    def add(self, channel: str, order_id: str, amount: Decimal, currency: str, source_record: str) -> RetrievedRefund:
        with self.lock:
            refund = RetrievedRefund(f"OT-{self._next:05d}", channel, order_id, amount, currency, source_record)
            self._next += 1
            self._refunds[refund.id] = refund
            return refund

    def refund(self, transaction_id: str) -> RetrievedRefund:
        """:raise KeyError: no such transaction."""
        with self.lock:
            if transaction_id not in self._refunds:
                raise KeyError(f"no transaction {transaction_id!r} in Other Transactions")
            return self._refunds[transaction_id]

    def __contains__(self, transaction_id: object) -> bool:
        with self.lock:
            return transaction_id in self._refunds

    def by_source(self, source_record: str) -> RetrievedRefund | None:
        with self.lock:
            return next((r for r in self._refunds.values() if r.source_record == source_record), None)

    def all(self) -> list[RetrievedRefund]:
        with self.lock:
            return [replace(r) for r in self._refunds.values()]

    def cancel(self, transaction_id: str) -> RetrievedRefund:
        """Cancel keeps the data but ignores the refund. :raise SyncError: a posted refund."""
        with self.lock:
            refund = self.refund(transaction_id)
            if refund.status == Status.POSTED:
                raise SyncError("A posted refund cannot be canceled.")
            refund.status = Status.CANCELED
            return refund

    def uncancel(self, transaction_id: str) -> RetrievedRefund:
        """Uncancel reverts a Cancel. :raise SyncError: the refund is not canceled."""
        with self.lock:
            refund = self.refund(transaction_id)
            if refund.status != Status.CANCELED:
                raise SyncError("Only a canceled refund can be uncanceled.")
            refund.status = Status.RETRIEVED
            refund.error_message = ""
            return refund

    def delete(self, transaction_id: str) -> None:
        """Delete from FarApp: the connector forgets the refund, so it can be retrieved again."""
        with self.lock:
            self.refund(transaction_id)
            del self._refunds[transaction_id]
