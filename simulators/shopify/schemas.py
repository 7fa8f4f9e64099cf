"""Shopify REST field names and the JSON shape of orders, transactions and refunds.

Amounts are strings with two decimals in the shop currency, as the Admin REST API prints them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from simulators.core.clock import iso

if TYPE_CHECKING:
    from .models import Order, Refund, Transaction

SUPPORTED_VERSIONS = ("2024-07", "2024-10", "2025-01", "2025-04", "2025-07", "2025-10", "2026-01", "2026-04")
RESTOCK_TYPES = ("no_restock", "cancel", "return", "legacy_restock")
CENT = Decimal("0.01")


def amount(value: Decimal) -> str:
    return str(value.quantize(CENT))


def transaction_json(txn: "Transaction") -> dict[str, Any]:
    return {
        "id": txn.id,
        "order_id": txn.order_id,
        "kind": txn.kind,
        "status": txn.status,
        "amount": amount(txn.amount),
        "currency": txn.currency,
        "gateway": txn.gateway,
        "parent_id": txn.parent_id,
        "created_at": iso(txn.created_at),
        "processed_at": iso(txn.created_at),
        "test": False,
    }


def refund_json(refund: "Refund") -> dict[str, Any]:
    return {
        "id": refund.id,
        "order_id": refund.order_id,
        "created_at": iso(refund.created_at),
        "processed_at": iso(refund.created_at),
        "note": refund.note,
        "restock": any(r.restock_type != "no_restock" for r in refund.line_items),
        "refund_line_items": [
            {
                "id": r.id,
                "line_item_id": r.line_item_id,
                "quantity": r.quantity,
                "restock_type": r.restock_type,
                "subtotal": amount(r.subtotal),
                "total_tax": amount(r.total_tax),
            }
            for r in refund.line_items
        ],
        "refund_shipping_lines": (
            [{"amount": amount(refund.shipping)}] if refund.shipping else []
        ),
        "transactions": [transaction_json(t) for t in refund.transactions],
        "order_adjustments": [
            {"id": a_id, "order_id": refund.order_id, "refund_id": refund.id, "kind": "refund_discrepancy",
             "reason": "Refund discrepancy", "amount": amount(value), "tax_amount": "0.00"}
            for a_id, value in refund.adjustments
        ],
    }


def order_json(order: "Order") -> dict[str, Any]:
    return {
        "id": order.id,
        "name": order.name,
        "order_number": order.number,
        "email": order.email,
        "created_at": iso(order.created_at),
        "updated_at": iso(order.updated_at),
        "currency": order.currency,
        "presentment_currency": order.currency,
        "financial_status": order.financial_status,
        "subtotal_price": amount(order.subtotal),
        "total_tax": amount(order.total_tax),
        "total_discounts": amount(order.total_discounts),
        "total_shipping_price_set": {"shop_money": {"amount": amount(order.total_shipping), "currency_code": order.currency}},
        "total_price": amount(order.total_price),
        "customer": dict(order.customer),
        "line_items": [
            {
                "id": line.id,
                "title": line.title,
                "sku": line.sku,
                "quantity": line.quantity,
                "price": amount(line.price),
                "total_discount": amount(line.discount),
                "tax_lines": [{"title": "Tax", "price": amount(line.tax), "rate": 0}] if line.tax else [],
            }
            for line in order.line_items
        ],
        "shipping_lines": [
            {"id": s.id, "title": s.title, "code": s.code, "price": amount(s.price)} for s in order.shipping_lines
        ],
        "refunds": [refund_json(r) for r in order.refunds],
    }
