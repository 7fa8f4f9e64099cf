"""Magento's REST answers, field by field as the admin schema 2.4.9 names them
(``sales-data-order-interface``, ``sales-data-invoice-interface``, ``sales-data-creditmemo-interface``
and their items, the ``*-search-result-interface`` envelopes), and the constants the rules use.

Serialisation follows Magento's data object processor: an optional field without a value is left
out, a required one without a value is ``null`` (``payment.account_status``, ``cc_last4``); money and
quantities are JSON numbers (``165``, ``12.5``); timestamps are ``YYYY-MM-DD HH:MM:SS`` in UTC.
Every amount comes with its ``base_*`` twin in the store's base currency, each kept and rounded on
its own as Magento keeps them; a store whose base currency is the order's has them equal, rate 1.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Creditmemo, DocumentLine, Invoice, Order, OrderItem

CENT = Decimal("0.01")
ZERO = Decimal("0")
#: The store's "Display Shipping Amount" for orders, invoices and credit memos (Stores > Configuration
#: > Sales > Tax > Orders, Invoices, Credit Memos Display Settings; ``tax/sales_display/shipping`` 1,
#: 2, 3): the tenant setting ``settings.magento.shipping_display``, ``excluding_tax`` by default.
SHIPPING_DISPLAYS = ("excluding_tax", "including_tax", "both")

# ------------------------------------------------------------------ order states and statuses
STATE_NEW, STATE_PROCESSING, STATE_COMPLETE, STATE_CLOSED = "new", "processing", "complete", "closed"
STATE_CANCELED, STATE_HOLDED, STATE_PAYMENT_REVIEW = "canceled", "holded", "payment_review"
#: Each state's default status (Magento's ``sales_order_status_state`` defaults).
DEFAULT_STATUS = {STATE_NEW: "pending", STATE_PROCESSING: "processing", STATE_COMPLETE: "complete",
                  STATE_CLOSED: "closed", STATE_CANCELED: "canceled", STATE_HOLDED: "holded",
                  STATE_PAYMENT_REVIEW: "payment_review"}
#: An order in one of these states takes no credit memo (``Order\\Validation\\CanRefund``).
NO_CREDITMEMO_STATES = (STATE_PAYMENT_REVIEW, STATE_HOLDED, STATE_CANCELED, STATE_CLOSED)

INVOICE_OPEN, INVOICE_PAID, INVOICE_CANCELED = 1, 2, 3
CREDITMEMO_OPEN, CREDITMEMO_REFUNDED, CREDITMEMO_CANCELED = 1, 2, 3


# ------------------------------------------------------------------ payment methods
class PaymentMethod:
    """A payment method as the refund rules see it: offline methods cannot refund (their
    ``canRefund()`` is false), gateways refund online and partially per invoice."""

    def __init__(self, code: str, title: str, *, gateway: bool) -> None:
        self.code, self.title, self.gateway = code, title, gateway

    @property
    def can_refund(self) -> bool:
        return self.gateway

    @property
    def can_refund_partial_per_invoice(self) -> bool:
        return self.gateway


PAYMENT_METHODS = {m.code: m for m in (
    PaymentMethod("checkmo", "Check / Money order", gateway=False),
    PaymentMethod("banktransfer", "Bank Transfer Payment", gateway=False),
    PaymentMethod("cashondelivery", "Cash On Delivery", gateway=False),
    PaymentMethod("purchaseorder", "Purchase Order", gateway=False),
    PaymentMethod("braintree", "Credit Card (Braintree)", gateway=True),
    PaymentMethod("paypal_express", "PayPal Express Checkout", gateway=True),
)}
DEFAULT_PAYMENT_METHOD = "checkmo"

# ------------------------------------------------------------------ ACL resources (webapi.xml)
ACL_ORDERS = "Magento_Sales::actions_view"
ACL_INVOICES = "Magento_Sales::sales_invoice"
ACL_CREDITMEMOS = "Magento_Sales::sales_creditmemo"
ACL_ORDER_REFUND = "Magento_Sales::creditmemo"
ACL_ORDER_INVOICE = "Magento_Sales::sales_invoice"

#: How ``priceCurrency->format()`` prints a few currencies (en_US locale); others print their code.
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "INR": "₹"}

STORE_ID = 1
STORE_NAME = "Main Website\nMain Website Store\nDefault Store View"


def money_text(amount: Decimal, currency: str) -> str:
    """``$5.00``: an amount as the store formats it in messages."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    text = f"{amount.quantize(CENT):,.2f}"
    return f"{symbol}{text}" if symbol else f"{currency}\u00a0{text}"


def php_float(amount: Decimal) -> str:
    """An amount as PHP prints a float: ``10``, ``12.5`` (the bound in "The most money available")."""
    text = format(amount.quantize(CENT).normalize(), "f")
    return text


def number(value: Decimal) -> int | float:
    """A JSON number: whole amounts print without a fraction (``165``), others as decimals."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _twins(fields: dict[str, tuple[Decimal, Decimal]]) -> dict[str, int | float]:
    """Each amount (in the order's currency) and its ``base_`` twin (in the store's base
    currency), given as ``name: (amount, base amount)``."""
    out: dict[str, int | float] = {}
    for name, (value, base) in fields.items():
        out[f"base_{name}"] = number(base)
        out[name] = number(value)
    return out


def _shipping_compensation(record: "Order | Invoice") -> dict[str, int | float]:
    """An order's or an invoice's shipping discount tax part, its base twin under the column's
    shortened name (``base_shipping_discount_tax_compensation_amnt``: SPEC's order, invoice and total
    interfaces). A credit memo gives its share inside its ``discount_tax_compensation_amount``."""
    return {"shipping_discount_tax_compensation_amount": number(record.shipping_discount_tax_compensation_amount),
            "base_shipping_discount_tax_compensation_amnt": number(record.base_shipping_discount_tax_compensation_amount)}


def currencies(order: "Order") -> dict[str, Any]:
    """The currency codes and rates an order, its invoices and credit memos carry: the store's
    base currency (also the global and the store currency: one website, one store view) and the
    order's, and ``base_to_order_rate``, the units of the order's currency one base unit bought.
    ``store_to_base_rate`` and ``store_to_order_rate`` are Magento 1's, left 0 by Magento 2."""
    return {"base_currency_code": order.base_currency, "global_currency_code": order.base_currency,
            "order_currency_code": order.currency, "store_currency_code": order.base_currency,
            "base_to_global_rate": 1, "base_to_order_rate": number(order.base_to_order_rate),
            "store_to_base_rate": 0, "store_to_order_rate": 0}


# ------------------------------------------------------------------------------ orders
def order_item_json(item: "OrderItem", order: "Order") -> dict[str, Any]:
    """``sales-data-order-item-interface``; the child of a configurable line names its parent
    (``parent_item_id``) and carries it whole (``parent_item``), as Magento answers it."""
    body: dict[str, Any] = {
        "item_id": item.item_id, "order_id": item.order_id, "sku": item.sku, "name": item.name,
        "product_id": item.product_id, "product_type": item.product_type, "store_id": STORE_ID,
        "created_at": timestamp(item.created_at), "updated_at": timestamp(item.updated_at),
        "is_virtual": 0, "is_qty_decimal": 0, "no_discount": 0, "free_shipping": 0,
        "qty_ordered": number(item.qty_ordered), "qty_invoiced": number(item.qty_invoiced),
        "qty_refunded": number(item.qty_refunded), "qty_shipped": number(item.qty_shipped),
        "qty_canceled": number(item.qty_canceled), "qty_backordered": 0, "qty_returned": 0,
        "tax_percent": number(item.tax_percent), "discount_percent": 0, "weight": 1, "row_weight": number(item.qty_ordered),
    }
    body.update(_twins({
        "price": (item.price, item.base_price), "original_price": (item.original_price, item.base_original_price),
        "price_incl_tax": (item.price_incl_tax, item.base_price_incl_tax),
        "row_total": (item.row_total, item.base_row_total),
        "row_total_incl_tax": (item.row_total_incl_tax, item.base_row_total_incl_tax),
        "row_invoiced": (item.row_invoiced, item.base_row_invoiced),
        "tax_amount": (item.tax_amount, item.base_tax_amount), "tax_invoiced": (item.tax_invoiced, item.base_tax_invoiced),
        "tax_refunded": (item.tax_refunded, item.base_tax_refunded), "tax_before_discount": (ZERO, ZERO),
        "discount_amount": (item.discount_amount, item.base_discount_amount),
        "discount_invoiced": (item.discount_invoiced, item.base_discount_invoiced),
        "discount_refunded": (item.discount_refunded, item.base_discount_refunded),
        "amount_refunded": (item.amount_refunded, item.base_amount_refunded),
        "discount_tax_compensation_amount": (item.discount_tax_compensation_amount,
                                             item.base_discount_tax_compensation_amount),
        "discount_tax_compensation_invoiced": (item.discount_tax_compensation_invoiced,
                                               item.base_discount_tax_compensation_invoiced),
        "discount_tax_compensation_refunded": (item.discount_tax_compensation_refunded,
                                               item.base_discount_tax_compensation_refunded),
    }))
    body["base_cost"] = 0
    parent = order.item(item.parent_item_id) if item.parent_item_id is not None else None
    if parent is not None:
        body["parent_item_id"] = parent.item_id
        body["parent_item"] = order_item_json(parent, order)
    return body


def address_json(order: "Order", address_type: str) -> dict[str, Any]:
    """The billing or the shipping address (``sales-data-order-address-interface``): the customer's,
    or for the shipping address of an order shipped elsewhere (a gift), the recipient's."""
    a = {**order.address, "firstname": order.customer_firstname, "lastname": order.customer_lastname}
    if address_type == "shipping" and order.ship_to is not None:
        a.update(order.ship_to)
    return {
        "address_type": address_type, "city": a["city"], "country_id": a["country_id"], "email": order.customer_email,
        "entity_id": order.address_ids[address_type], "firstname": a["firstname"],
        "lastname": a["lastname"], "parent_id": order.entity_id, "postcode": a["postcode"],
        "region": a["region"], "region_code": a["region_code"], "street": [a["street"]], "telephone": a["telephone"],
    }


def order_json(order: "Order") -> dict[str, Any]:
    """``sales-data-order-interface``: the order with its items, billing address, payment and the
    shipping assignment (shipping address and method) Magento adds as an extension attribute."""
    p = order.payment
    body: dict[str, Any] = {
        "entity_id": order.entity_id, "increment_id": order.increment_id, "state": order.state, "status": order.status,
        "store_id": STORE_ID, "store_name": STORE_NAME, "created_at": timestamp(order.created_at),
        "updated_at": timestamp(order.updated_at), "customer_email": order.customer_email,
        "customer_firstname": order.customer_firstname, "customer_lastname": order.customer_lastname,
        "customer_is_guest": 1 if order.customer_id is None else 0, "customer_group_id": 0 if order.customer_id is None else 1,
        "customer_note_notify": 1, "email_sent": 1, "is_virtual": 0, "protect_code": order.protect_code,
        "quote_id": order.quote_id, "remote_ip": order.remote_ip, "billing_address_id": order.address_ids["billing"],
        **currencies(order),
        "shipping_description": order.shipping_description, "total_item_count": len(order.items),
        "total_qty_ordered": number(sum((i.qty_ordered for i in order.items), ZERO)), "weight": number(
            sum((i.qty_ordered for i in order.items), ZERO)),
    }
    if order.customer_id is not None:
        body["customer_id"] = order.customer_id
    body.update(_twins({name: (getattr(order, name), getattr(order, f"base_{name}")) for name in (
        "grand_total", "subtotal", "subtotal_incl_tax", "tax_amount", "shipping_amount", "shipping_tax_amount",
        "shipping_incl_tax", "total_due", "total_paid", "total_invoiced", "subtotal_invoiced", "tax_invoiced",
        "shipping_invoiced", "total_refunded", "subtotal_refunded", "tax_refunded", "shipping_refunded",
        "shipping_tax_refunded", "adjustment_positive", "adjustment_negative", "total_offline_refunded",
        "total_online_refunded")}))
    body.update(_twins({  # discounts print negative on the order
        "discount_amount": (-order.discount_amount, -order.base_discount_amount),
        "discount_invoiced": (-order.discount_invoiced, -order.base_discount_invoiced),
        "discount_refunded": (-order.discount_refunded, -order.base_discount_refunded),
        "shipping_discount_amount": (order.shipping_discount_amount, order.base_shipping_discount_amount),
        # The items' (the shipping's is apart); what is invoiced and refunded of it holds the
        # shipping's too (Invoice::register and the credit memo's add their documents' whole one).
        "discount_tax_compensation_amount": (order.item_discount_tax_compensation,
                                             order.base_item_discount_tax_compensation),
        "discount_tax_compensation_invoiced": (order.discount_tax_compensation_invoiced,
                                               order.base_discount_tax_compensation_invoiced),
        "discount_tax_compensation_refunded": (order.discount_tax_compensation_refunded,
                                               order.base_discount_tax_compensation_refunded),
    }))
    body.update(_shipping_compensation(order))
    # Magento leaves these unset (their columns NULL) until something is refunded, or invoiced.
    for name in _ORDER_UNSET:
        if not (order.creditmemo_ids if name[-8:] == "refunded" or name.startswith("adjustment") else order.invoice_ids):
            body.pop(name), body.pop(f"base_{name}")
    body["items"] = [order_item_json(i, order) for i in order.items]
    body["billing_address"] = address_json(order, "billing")
    body["payment"] = {
        "account_status": None, "additional_information": [p.method.title], "cc_last4": None,
        "entity_id": p.entity_id, "method": p.method.code, "parent_id": order.entity_id,
        "amount_ordered": number(order.grand_total), "base_amount_ordered": number(order.base_grand_total),
        "shipping_amount": number(order.shipping_amount), "base_shipping_amount": number(order.base_shipping_amount),
    }
    if p.amount_paid:
        body["payment"].update(amount_paid=number(p.amount_paid), base_amount_paid=number(p.base_amount_paid),
                               shipping_captured=number(order.shipping_invoiced),
                               base_shipping_captured=number(order.base_shipping_invoiced))
    if p.amount_refunded:
        body["payment"].update(amount_refunded=number(p.amount_refunded), base_amount_refunded=number(p.base_amount_refunded),
                               shipping_refunded=number(order.shipping_refunded),
                               base_shipping_refunded=number(order.base_shipping_refunded))
        if p.amount_refunded_online:
            body["payment"]["base_amount_refunded_online"] = number(p.base_amount_refunded_online)
    if p.last_trans_id:
        body["payment"]["last_trans_id"] = p.last_trans_id
    body["status_histories"] = [
        {"comment": h.comment, "created_at": timestamp(h.created_at), "entity_id": h.entity_id, "entity_name": h.entity_name,
         "is_customer_notified": h.is_customer_notified, "is_visible_on_front": h.is_visible_on_front,
         "parent_id": order.entity_id, "status": h.status}
        for h in reversed(order.history)
    ]
    body["extension_attributes"] = {
        "shipping_assignments": [{
            "shipping": {"address": address_json(order, "shipping"), "method": order.shipping_method,
                         "total": {**_twins({name: (getattr(order, name), getattr(order, f"base_{name}")) for name in (
                             "shipping_amount", "shipping_incl_tax", "shipping_tax_amount", "shipping_invoiced",
                             "shipping_discount_amount")}), **_shipping_compensation(order)}},
            "items": [order_item_json(i, order) for i in order.items],
        }],
        "payment_additional_info": [{"key": "method_title", "value": p.method.title}],
        "applied_taxes": [], "item_applied_taxes": [], "converting_from_quote": False,
    }
    return body


# ---------------------------------------------------------------------------- invoices
def _line_json(line: "DocumentLine", parent_id: int) -> dict[str, Any]:
    """An invoice or credit memo item (``sales-data-invoice-item-interface``,
    ``sales-data-creditmemo-item-interface``)."""
    return {
        "entity_id": line.entity_id, "parent_id": parent_id, "order_item_id": line.item.item_id,
        "sku": line.item.sku, "name": line.item.name, "product_id": line.item.product_id, "qty": number(line.qty),
        "base_cost": 0, **_twins({
            "price": (line.item.price, line.item.base_price),
            "price_incl_tax": (line.item.price_incl_tax, line.item.base_price_incl_tax),
            "row_total": (line.row_total, line.base_row_total),
            # Item::calcRowTotal: the order item's row with its tax (before its discount), its share.
            "row_total_incl_tax": (_share_of_row(line.item.row_total_incl_tax, line),
                                   _share_of_row(line.item.base_row_total_incl_tax, line)),
            "tax_amount": (line.tax_amount, line.base_tax_amount),
            "discount_amount": (line.discount_amount, line.base_discount_amount),
            "discount_tax_compensation_amount": (line.discount_tax_compensation_amount,
                                                 line.base_discount_tax_compensation_amount),
        }),
    }


def _share_of_row(row_incl_tax: Decimal, line: "DocumentLine") -> Decimal:
    """The document line's units' share of the order item's row with its tax, to the cent."""
    return (row_incl_tax / line.item.qty_ordered * line.qty).quantize(CENT, rounding=ROUND_HALF_UP)


def _document_totals(doc: "Invoice | Creditmemo") -> dict[str, int | float]:
    """An invoice's or a credit memo's totals and their base twins."""
    return _twins({
        "grand_total": (doc.grand_total, doc.base_grand_total), "subtotal": (doc.subtotal, doc.base_subtotal),
        "subtotal_incl_tax": (doc.subtotal + doc.item_tax, doc.base_subtotal + doc.base_item_tax),
        "tax_amount": (doc.tax_amount, doc.base_tax_amount),
        "shipping_amount": (doc.shipping_amount, doc.base_shipping_amount),
        "shipping_tax_amount": (doc.shipping_tax_amount, doc.base_shipping_tax_amount),
        # The shipping with its tax before a shipping discount: the tax after it and the
        # discount's tax part (the order's ``shipping_incl_tax``, its share).
        "shipping_incl_tax": (doc.shipping_amount + doc.shipping_tax_amount + doc.shipping_discount_tax_compensation_amount,
                              doc.base_shipping_amount + doc.base_shipping_tax_amount
                              + doc.base_shipping_discount_tax_compensation_amount),
        "discount_amount": (-doc.discount_amount, -doc.base_discount_amount),
        "discount_tax_compensation_amount": (doc.discount_tax_compensation_amount, doc.base_discount_tax_compensation_amount),
    })


def invoice_json(invoice: "Invoice", order: "Order") -> dict[str, Any]:
    """``sales-data-invoice-interface``."""
    body: dict[str, Any] = {
        "entity_id": invoice.entity_id, "increment_id": invoice.increment_id, "order_id": order.entity_id,
        "state": invoice.state, "store_id": STORE_ID, "created_at": timestamp(invoice.created_at),
        "updated_at": timestamp(invoice.updated_at), "billing_address_id": order.address_ids["billing"],
        "shipping_address_id": order.address_ids["shipping"], "email_sent": 1, "can_void_flag": 0,
        "is_used_for_refund": 1 if invoice.is_used_for_refund else 0,
        **currencies(order),
        "total_qty": number(sum((line.qty for line in invoice.items), ZERO)),
    }
    body.update(_document_totals(invoice))
    body.update(_shipping_compensation(invoice))
    if invoice.base_total_refunded:
        body["base_total_refunded"] = number(invoice.base_total_refunded)
    if invoice.transaction_id:
        body["transaction_id"] = invoice.transaction_id
    body["items"] = [_line_json(line, invoice.entity_id) for line in invoice.items]
    body["comments"] = []
    return body


# -------------------------------------------------------------------------- credit memos
def creditmemo_json(memo: "Creditmemo", order: "Order") -> dict[str, Any]:
    """``sales-data-creditmemo-interface``: items with qty 0 are not kept (Magento deletes them)."""
    body: dict[str, Any] = {
        "entity_id": memo.entity_id, "increment_id": memo.increment_id, "order_id": order.entity_id,
        "state": memo.state, "store_id": STORE_ID, "created_at": timestamp(memo.created_at),
        "updated_at": timestamp(memo.updated_at), "billing_address_id": order.address_ids["billing"],
        "shipping_address_id": order.address_ids["shipping"], "email_sent": 1 if memo.notified else 0,
        **currencies(order),
    }
    if memo.invoice_id is not None:
        body["invoice_id"] = memo.invoice_id
    if memo.transaction_id:
        body["transaction_id"] = memo.transaction_id
    body.update(_document_totals(memo))
    body.update(_twins({
        "adjustment_positive": (memo.adjustment_positive, memo.base_adjustment_positive),
        "adjustment_negative": (memo.adjustment_negative, memo.base_adjustment_negative),
        "adjustment": (memo.adjustment, memo.base_adjustment),
    }))
    body["items"] = [_line_json(line, memo.entity_id) for line in memo.items]
    body["comments"] = [
        {"comment": c.comment, "created_at": timestamp(c.created_at), "entity_id": c.entity_id,
         "is_customer_notified": c.is_customer_notified, "is_visible_on_front": c.is_visible_on_front,
         "parent_id": memo.entity_id}
        for c in memo.comments
    ]
    return body


_ORDER_UNSET = ("total_refunded", "subtotal_refunded", "tax_refunded", "shipping_refunded", "shipping_tax_refunded",
                "discount_refunded", "adjustment_positive", "adjustment_negative", "total_offline_refunded",
                "total_online_refunded", "total_paid", "total_invoiced", "subtotal_invoiced", "tax_invoiced",
                "shipping_invoiced", "discount_invoiced", "discount_tax_compensation_invoiced",
                "discount_tax_compensation_refunded")
#: Columns a search may name although an entity's answer leaves them out while they are NULL.
OPTIONAL_COLUMNS = {
    "order": frozenset({"customer_id", *_ORDER_UNSET, *(f"base_{name}" for name in _ORDER_UNSET)}),
    "invoice": frozenset({"base_total_refunded", "transaction_id"}),
    "creditmemo": frozenset({"invoice_id", "transaction_id"}),
    "order_item": frozenset(),
}


def search_result_json(items: list[dict[str, Any]], criteria: dict[str, Any], total: int) -> dict[str, Any]:
    """``{items, search_criteria, total_count}``: the search criteria echoed as Magento read them."""
    return {"items": items, "search_criteria": criteria, "total_count": total}
