"""The reference model of Oracle's NetSuite Connector (formerly FarApp): the default connector
under test. It behaves as Oracle documents the connector (DOMAIN.md §1) and speaks to the
simulators only over their vendor APIs.

Factory for ``--connector``: ``simulators.connector.reference:create_connector``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from simulators.clients import NetSuiteClient, ShopifyClient, VendorError

from .models import ConnectorBook, OrderLink, RetrievedRefund
from .protocol import ConnectorContext, OrderStatus, OrderSyncResult, OtherTransaction, RetrieveResult, Status

#: NetSuite currency internal ids by ISO code (the connector's currency mapping setting).
DEFAULT_CURRENCY_IDS = {"USD": "1", "GBP": "2", "CAD": "3", "EUR": "4", "AUD": "5"}
#: The stamp the connector writes on every refund it creates, to recognise its own writes.
STAMP = "[refundsim:{source}]"
_STAMP_RE = re.compile(r"\[refundsim:([A-Za-z]+:\d+)\]")


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


class ReferenceConnector:
    """Implements :class:`~simulators.connector.protocol.RefundSyncConnector`."""

    def __init__(self, context: ConnectorContext) -> None:
        self.context = context
        self.settings = context.settings
        self.netsuite = NetSuiteClient(context.base_url, context.netsuite)
        self.shopify = ShopifyClient(context.base_url, context.shopify)
        self.book = ConnectorBook()
        self.currency_ids = {**DEFAULT_CURRENCY_IDS, **self.settings.get("currency_ids", {})}

    # ------------------------------------------------------------ order sync
    def sync_order(self, order_id: str) -> OrderSyncResult:
        try:
            order = self.shopify.order(order_id)
            sales_order_id = self._post_order(order)
        except (VendorError, _SyncError) as exc:
            link = OrderLink(order_id, OrderStatus.ERROR, error_message=str(getattr(exc, "message", exc)))
        else:
            link = OrderLink(order_id, OrderStatus.POSTED, sales_order_id)
        with self.book.lock:
            self.book.orders[order_id] = link
        return OrderSyncResult(order_id, link.status, link.sales_order_id, link.error_message)

    def _post_order(self, order: dict[str, Any]) -> str:
        lines = []
        for line in order["line_items"]:
            lines.append({
                "item": {"id": self._item_id(line["sku"])},
                "quantity": line["quantity"],
                "rate": float(_money(line["price"])),
                "description": line["title"],
            })
        currency = self.currency_ids.get(order["currency"])
        if currency is None:
            raise _SyncError(f"Currency {order['currency']} is not mapped to a NetSuite currency.")
        shipping = sum((_money(s["price"]) for s in order["shipping_lines"]), Decimal("0"))
        return self.netsuite.create("salesOrder", {
            "externalId": str(order["id"]),
            "entity": {"id": self._customer_id(order)},
            "currency": {"id": currency},
            "memo": f"Shopify order {order['name']}",
            "shippingCost": float(shipping),
            "taxTotal": float(_money(order["total_tax"])),
            "item": {"items": lines},
        })

    def _item_id(self, sku: str) -> str:
        if not sku:
            raise _SyncError("A line item has no SKU, so it cannot be matched to a NetSuite item.")
        ids = self.netsuite.query("nonInventorySaleItem", f'itemId IS "{sku}"')
        if not ids:
            raise _SyncError(f"No NetSuite item matches SKU {sku!r}.")
        return ids[0]

    def _customer_id(self, order: dict[str, Any]) -> str:
        email = order.get("email") or order.get("customer", {}).get("email") or ""
        if email:
            found = self.netsuite.query("customer", f'email IS "{email}"')
            if found:
                return found[0]
        customer = order.get("customer") or {}
        return self.netsuite.create("customer", {
            "isPerson": True,
            "firstName": customer.get("first_name") or "Shopify",
            "lastName": customer.get("last_name") or "Customer",
            "email": email or None,
        })

    # -------------------------------------------------------------- retrieve
    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        if source_channel != "netsuite":
            return RetrieveResult(False, f"Retrieving refunds from {source_channel} is not enabled for this account.")
        try:
            return self._retrieve_from_netsuite(order_id.strip())
        except VendorError as exc:
            return RetrieveResult(False, f"Failed to retrieve refunds for order {order_id}: {exc.message}")

    def _retrieve_from_netsuite(self, order_id: str) -> RetrieveResult:
        try:
            sales_order = self.netsuite.get("salesOrder", f"eid:{order_id}", expand=False)
        except VendorError as exc:
            if exc.status != 404:
                raise
            return RetrieveResult(False, (
                f"Order {order_id} was not found in NetSuite. Verify that the order ID corresponds to "
                "an order previously synced to NetSuite."
            ))
        billed = self.netsuite.query("cashSale", f"createdFrom ANY_OF [{sales_order['id']}]")
        if not billed:
            return RetrieveResult(False, (
                f"Order {order_id} has not been billed in NetSuite: no cash sale or invoice was created "
                f"from {sales_order.get('tranId') and 'Sales Order #' + sales_order['tranId']}."
            ))
        refunds: list[OtherTransaction] = []
        for cash_sale_id in billed:
            for refund_id in self.netsuite.query("cashRefund", f"createdFrom ANY_OF [{cash_sale_id}]"):
                source = f"cashRefund:{refund_id}"
                if self.book.by_source(source) is not None:
                    continue
                record = self.netsuite.get("cashRefund", refund_id, expand=False)
                refunds.append(self.book.add_refund(RetrievedRefund(
                    id=self.book.new_id(), source_channel="netsuite", order_id=order_id,
                    amount=_money(record["total"]), currency=record["currency"]["refName"],
                    source_record=source,
                )).view())
        if not refunds:
            already = any(r.order_id == order_id for r in self.book.all())
            if already:
                return RetrieveResult(False, f"The refunds of order {order_id} have already been retrieved.")
            return RetrieveResult(False, (
                f"No cash refund or credit memo was created from the billed record of order {order_id}. "
                "Verify that the order has a cash refund or credit memo created from its billed record."
            ))
        return RetrieveResult(True, f"Retrieved {len(refunds)} refund(s) for order {order_id}.", tuple(refunds))

    # ------------------------------------------------------------------ post
    def post(self, transaction_id: str) -> OtherTransaction:
        refund = self.book.refund(transaction_id)
        with self.book.lock:
            if refund.status == Status.POSTED:
                return refund.view()
            try:
                refund.target_ref = self._post_to_shopify(refund)
            except (VendorError, _SyncError) as exc:
                refund.status, refund.error_message = Status.ERROR, str(getattr(exc, "message", exc))
            else:
                refund.status, refund.error_message = Status.POSTED, ""
            return refund.view()

    def _post_to_shopify(self, refund: RetrievedRefund) -> str:
        record_type, record_id = refund.source_record.split(":")
        stamp = STAMP.format(source=refund.source_record)
        # A refund that already carries our stamp was created by an earlier attempt whose answer
        # was lost: never refund it twice.
        for existing in self.shopify.refunds(refund.order_id):
            if stamp in (existing.get("note") or ""):
                return f"shopify-refund:{existing['id']}"
        record = self.netsuite.get(record_type, record_id, expand=True)
        order = self.shopify.order(refund.order_id)
        total = _money(record["total"])
        parent = next(
            (t for t in self.shopify.transactions(refund.order_id)
             if t["kind"] in ("sale", "capture") and t["status"] == "success"),
            None,
        )
        if parent is None:
            raise _SyncError(f"Shopify order {refund.order_id} has no captured payment to refund.")
        body: dict[str, Any] = {
            "note": f"{record.get('tranId') and 'Cash Refund #' + record['tranId']} {stamp}",
            "notify": False,
            "refund_line_items": self._refund_lines(record, order),
            "transactions": [{"parent_id": parent["id"], "amount": str(total), "kind": "refund",
                              "gateway": parent["gateway"]}],
        }
        shipping = _money(record.get("shippingCost", 0))
        if shipping:
            body["shipping"] = {"amount": str(shipping)}
        created = self.shopify.create_refund(refund.order_id, body)
        return f"shopify-refund:{created['id']}"

    def _refund_lines(self, record: dict[str, Any], order: dict[str, Any]) -> list[dict[str, Any]]:
        by_sku = {line["sku"]: line for line in order["line_items"] if line.get("sku")}
        lines = []
        for line in record.get("item", {}).get("items", []):
            match = by_sku.get(line["item"].get("refName", ""))
            if match is None:
                return []  # a line that does not map: post a general refund instead
            lines.append({"line_item_id": match["id"], "quantity": int(line["quantity"]),
                          "restock_type": "no_restock"})
        return lines

    # ---------------------------------------------------------------- lists
    def transactions(self) -> list[OtherTransaction]:
        return [r.view() for r in self.book.all()]

    def close(self) -> None:
        self.netsuite.session.close()
        self.shopify.session.close()


class _SyncError(Exception):
    """A business reason the connector cannot sync, shown to the user as the error message."""


def create_connector(context: ConnectorContext) -> ReferenceConnector:
    """The ``--connector`` factory of the reference connector."""
    return ReferenceConnector(context)
