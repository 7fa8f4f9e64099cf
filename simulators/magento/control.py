"""Magento additions to the ``/_sim/`` control plane (contracts; keep them stable). Errors are the
control plane's ``{"error": {"code", "message"}}``; a refused request changes nothing.

- ``POST /_sim/tenants/<tenant>/magento/orders`` — body optional::

      {"customer": {"email", "firstname", "lastname", "guest": bool},
       "items": [{"sku", "name", "price": "10.00", "original_price": "12.50", "qty": 2, "tax_percent": "8.25",
                  "discount_amount": "1.00", "discount_tax_compensation_amount": "0.00", "configurable": false}],
       "shipping_amount": "5.00", "shipping_tax_amount": "0.00", "shipping_discount_amount": "0.50",
       "shipping_discount_tax_compensation_amount": "0.00", "shipping_description": "Flat Rate - Fixed",
       "currency": "USD", "base_currency": "USD", "base_to_order_rate": "0.9215",
       "payment_method": "checkmo" | "banktransfer" | "cashondelivery" | "purchaseorder"
                                           | "braintree" | "paypal_express",
       "invoice": "paid" | "open" | "none", "ship": false, "created_at": "<ISO-8601, not after now>",
       "ship_to": {"firstname", "lastname"}}

  an order as the storefront's checkout leaves it, every field optional (generated with the
  tenant's faker and random source). ``configurable``: the item is a configurable product's line (a
  shirt sold in sizes: ``product_type`` configurable, the price and tax) followed by its child, the
  simple product the customer chose (same SKU and units, ``parent_item_id``, no money of its own),
  as Magento's checkout writes such an order. ``original_price``: the product's regular price, when
  the item sold below it at a special price (at least ``price``, which it needs; default: ``price``):
  the item's ``price`` and row total are what was charged. ``discount_tax_compensation_amount``: the
  tax part of ``discount_amount`` in a store whose catalog prices include tax (Stores > Configuration >
  Sales > Tax > Calculation Settings > Catalog Prices: Including Tax, tax applied after the discount;
  default none): the discount comes off the price with its tax, the item's tax is on its row total
  less the discount's own part, and the order's totals give the tax part back (it needs a
  ``tax_percent`` and is less than ``discount_amount``).
  ``shipping_discount_amount``: what a
  cart price rule applied to the shipping ("Apply to Shipping Amount") took off it (with
  ``shipping_amount``, at most it; default none): the order keeps its ``shipping_amount`` and carries
  this in ``shipping_discount_amount`` and inside its ``discount_amount``; ``shipping_tax_amount`` is
  the tax on what is left of the shipping. ``shipping_discount_tax_compensation_amount``: the tax
  part of ``shipping_discount_amount`` in a store whose shipping prices include tax (Stores >
  Configuration > Sales > Tax > Calculation Settings > Shipping Prices: Including Tax, tax applied
  after the discount; default none): the order carries it and its grand total gives it back, the
  invoice that bills the shipping bills it, and each credit memo that refunds shipping gives back its
  share (less than ``shipping_discount_amount``). ``invoice`` (default ``paid``): invoice everything and take
  the money (a gateway captures; an offline method is paid at once) — state ``processing``; ``open``:
  invoice without capturing (gateway methods only); ``ship_to``: the order ships to another person
  than the customer (a gift), its shipping address the recipient's (the names given, the address
  drawn; without it the shipping address is the customer's); ``none``: leave it ``new`` / ``pending``, nothing
  invoiced or paid. ``ship``: everything ships (with ``paid``, the order is ``complete``).
  ``currency`` is the order's (what the customer paid in; every amount above is in it);
  ``base_currency`` the store's base currency (default: the order's), and ``base_to_order_rate``
  the units of the order's currency one unit of the base currency bought at checkout (at most four
  decimals, as Magento keeps it; required when the two currencies differ, 1 when they are the
  same). Each base amount is the order's amount at that rate, rounded to the cent.
  → 201 with the order exactly as ``GET /V1/orders/{id}`` answers it.
- ``GET /_sim/tenants/<tenant>/magento/stock`` → 200 ``{"returned": {"<sku>": qty}}``: what credit
  memos returned to stock (``return_to_stock_items``).
- ``POST /_sim/tenants/<tenant>/magento/gateway_failures`` ``{"count"?: 1}`` → 201 ``{"remaining": n}``:
  the payment gateway refuses the next ``count`` online refunds (``POST /V1/invoice/{id}/refund`` with
  ``isOnline``); Magento writes nothing of them and answers 400 "Could not save a Creditmemo, see
  error log for details" (the gateway's reason goes to its log).
- ``GET /_sim/tenants/<tenant>/magento/input_limits`` → 200 ``{"on": bool, "default_page_size": 20,
  "maximum_page_size": 300}``; ``PUT`` with ``{"on": bool}`` turns the store's web API input limits
  on or off (Stores > Configuration > Services > Web Api Input Limits; off by default, as in
  Magento; ``settings.magento.input_limits`` of ``POST /_sim/tenants`` sets them from the start)
  and answers the same. On, a search without ``pageSize`` gets the first 20 results only and one
  above 300 is refused (simulators/magento/search.py).
- ``GET /_sim/tenants/<tenant>/magento/sales_display`` → 200 ``{"shipping": "excluding_tax"}``; ``PUT``
  with ``{"shipping": "excluding_tax" | "including_tax" | "both"}`` sets the store's Display Shipping
  Amount for orders, invoices and credit memos (Stores > Configuration > Sales > Tax > Orders,
  Invoices, Credit Memos Display Settings; ``settings.magento.shipping_display`` of ``POST
  /_sim/tenants`` sets it from the start) and answers the same. ``including_tax``: a credit memo's
  ``shipping_amount`` is read with its tax (``Creditmemo\\Total\\Shipping``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, jsonify, request

from simulators.control.routes import control_body, tenant_or_404
from simulators.control.values import amount, instant, invalid, text
from simulators.control.values import currency as _currency

from .schemas import DEFAULT_PAYMENT_METHOD, PAYMENT_METHODS, SHIPPING_DISPLAYS, number
from .search import DEFAULT_PAGE_SIZE, MAXIMUM_PAGE_SIZE, limits_on

SERVICE = "magento"
INVOICE_CHOICES = ("paid", "open", "none")

blueprint = Blueprint("magento_control", __name__, url_prefix="/_sim/tenants/<tenant_id>/magento")


def _item(raw: Any, index: int) -> dict[str, Any]:
    where = f"items[{index}]"
    if not isinstance(raw, dict):
        raise invalid(f"{where} must be an object.")
    unknown = set(raw) - {"sku", "name", "price", "original_price", "qty", "tax_percent", "discount_amount",
                          "discount_tax_compensation_amount", "configurable"}
    if unknown:
        raise invalid(f"Unknown field(s) in {where}: {', '.join(sorted(unknown))}.")
    qty = raw.get("qty", 1)
    if isinstance(qty, bool) or not isinstance(qty, int) or not 1 <= qty < 10_000:
        raise invalid(f"{where}.qty must be an integer from 1 to 9,999.")
    price = amount(raw["price"], f"{where}.price", positive=True) if "price" in raw else None
    tax_percent = amount(raw.get("tax_percent", 0), f"{where}.tax_percent", places=Decimal("0.0001"))
    discount = amount(raw.get("discount_amount", 0), f"{where}.discount_amount")
    if tax_percent > 100:
        raise invalid(f"{where}.tax_percent must be at most 100.")
    if discount and (price is None or discount > price * qty):
        raise invalid(f"{where}.discount_amount needs a price and must not exceed price × qty.")
    compensation = amount(raw.get("discount_tax_compensation_amount", 0), f"{where}.discount_tax_compensation_amount")
    if compensation and (not tax_percent or compensation >= discount):
        # The tax part of a discount taken off a price including tax: a taxed line's, less than the discount.
        raise invalid(f"{where}.discount_tax_compensation_amount needs a tax_percent and must be less than "
                      "discount_amount (it is the discount's tax part).")
    original = amount(raw["original_price"], f"{where}.original_price", positive=True) if "original_price" in raw else None
    if original is not None and (price is None or original < price):
        # A special price is below the product's regular price: the item's price is what it sold at.
        raise invalid(f"{where}.original_price needs a price and must be at least it (the regular price a special "
                      "price sells below).")
    configurable = raw.get("configurable", False)
    if not isinstance(configurable, bool):
        raise invalid(f"{where}.configurable must be true or false.")
    return {"sku": text(raw.get("sku"), f"{where}.sku"), "name": text(raw.get("name"), f"{where}.name"), "qty": qty,
            "price": price, "original_price": original, "tax_percent": tax_percent, "discount_amount": discount,
            "discount_tax_compensation_amount": compensation,
            "configurable": configurable}


def _customer(raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise invalid("customer must be an object.")
    unknown = set(raw) - {"email", "firstname", "lastname", "guest"}
    if unknown:
        raise invalid(f"Unknown field(s) in customer: {', '.join(sorted(unknown))}.")
    email = text(raw.get("email"), "customer.email")
    if email is not None and "@" not in email:
        raise invalid("customer.email must be an email address.")
    guest = raw.get("guest", False)
    if not isinstance(guest, bool):
        raise invalid("customer.guest must be true or false.")
    return {"email": email, "firstname": text(raw.get("firstname"), "customer.firstname"),
            "lastname": text(raw.get("lastname"), "customer.lastname"), "guest": guest}


@blueprint.post("/orders")
def create_order(tenant_id: str) -> tuple[Response, int]:
    """A Magento order as checkout leaves it, invoiced and paid unless ``invoice`` says otherwise (fields left out are generated); answered as ``GET /V1/orders/{id}`` answers it."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"customer", "items", "shipping_amount", "shipping_tax_amount", "shipping_discount_amount",
                         "shipping_discount_tax_compensation_amount", "shipping_description", "ship_to",
                         "currency", "base_currency", "base_to_order_rate", "payment_method", "invoice", "ship",
                         "created_at"})
    raw_items = body.get("items")
    if raw_items is not None and (not isinstance(raw_items, list) or not raw_items or len(raw_items) > 100):
        raise invalid("items must be a non-empty list of at most 100 items.")
    currency = _currency(body.get("currency", "USD"))
    base_currency = _currency(body.get("base_currency", currency), "base_currency")
    if "base_to_order_rate" in body:
        rate = amount(body["base_to_order_rate"], "base_to_order_rate", positive=True, places=Decimal("0.0001"))
    elif base_currency != currency:
        raise invalid(f"base_to_order_rate is needed: an order in {currency} in a store whose base currency is "
                      f"{base_currency} was placed at a rate.")
    else:
        rate = Decimal(1)
    if base_currency == currency and rate != 1:
        raise invalid(f"base_to_order_rate must be 1: the order is in the store's base currency ({currency}).")
    method = body.get("payment_method", DEFAULT_PAYMENT_METHOD)
    # A text first: an object or a list is no key of the methods' table (a TypeError, answered 500).
    if not isinstance(method, str) or method not in PAYMENT_METHODS:
        raise invalid(f"payment_method must be one of {', '.join(PAYMENT_METHODS)}.")
    invoice = body.get("invoice", "paid")
    if invoice not in INVOICE_CHOICES:
        raise invalid(f"invoice must be one of {', '.join(INVOICE_CHOICES)}.")
    if invoice == "open" and not PAYMENT_METHODS[method].gateway:
        raise invalid("invoice \"open\" needs a gateway payment method (an offline method's invoice is paid at once).")
    ship = body.get("ship", False)
    if not isinstance(ship, bool):
        raise invalid("ship must be true or false.")
    created_at = None
    if "created_at" in body:
        created_at = instant(body["created_at"])
        if created_at is None:
            raise invalid("created_at must be an ISO-8601 timestamp with a time zone.")
    shipping_discount = amount(body.get("shipping_discount_amount", 0), "shipping_discount_amount")
    if shipping_discount and ("shipping_amount" not in body or shipping_discount > amount(body["shipping_amount"], "shipping_amount")):
        # A cart price rule takes at most all of the shipping off it.
        raise invalid("shipping_discount_amount needs a shipping_amount and must not exceed it.")
    shipping_compensation = amount(body.get("shipping_discount_tax_compensation_amount", 0),
                                   "shipping_discount_tax_compensation_amount")
    if shipping_compensation and shipping_compensation >= shipping_discount:
        # The tax part of a shipping discount taken off a shipping price including tax: less than it.
        raise invalid("shipping_discount_tax_compensation_amount needs a shipping_discount_amount and must be less "
                      "than it (it is the shipping discount's tax part).")
    ship_to = None
    if "ship_to" in body:
        if not isinstance(body["ship_to"], dict):
            raise invalid("ship_to must be an object.")
        unknown = set(body["ship_to"]) - {"firstname", "lastname"}
        if unknown:
            raise invalid(f"Unknown field(s) in ship_to: {', '.join(sorted(unknown))}.")
        ship_to = {name: text(value, f"ship_to.{name}") for name, value in body["ship_to"].items()
                   if value is not None}
    spec = {
        "ship_to": ship_to,
        "customer": _customer(body.get("customer")),
        "items": [_item(raw, i) for i, raw in enumerate(raw_items or [])],
        "shipping_amount": amount(body["shipping_amount"], "shipping_amount") if "shipping_amount" in body else None,
        "shipping_tax_amount": amount(body.get("shipping_tax_amount", 0), "shipping_tax_amount"),
        "shipping_discount_amount": shipping_discount,
        "shipping_discount_tax_compensation_amount": shipping_compensation,
        "shipping_description": text(body.get("shipping_description"), "shipping_description"),
        "currency": currency, "base_currency": base_currency, "base_to_order_rate": rate, "payment_method": PAYMENT_METHODS[method], "created_at": created_at,
    }
    store = tenant.state(SERVICE)
    order = store.create_order(spec)
    if invoice != "none":
        store.invoice(order.entity_id, capture=invoice == "paid", items=[])
    if ship:
        store.ship_all(order.entity_id)
    return jsonify(store.read_order(order.entity_id)), 201


@blueprint.get("/stock")
def stock(tenant_id: str) -> Response:
    """What Magento credit memos returned to stock (``return_to_stock_items``), per SKU."""
    store = tenant_or_404(tenant_id).state(SERVICE)
    return jsonify(returned={sku: number(qty) for sku, qty in sorted(store.stock_returned.items())})


@blueprint.post("/gateway_failures")
def arm_gateway_failures(tenant_id: str) -> tuple[Response, int]:
    """The payment gateway refuses the next online refunds: Magento writes nothing of them."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"count"})
    count = body.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 100:
        raise invalid("count must be an integer from 1 to 100.")
    return jsonify(remaining=tenant.state(SERVICE).arm_gateway_failures(count)), 201


@blueprint.route("/input_limits", methods=["GET", "PUT"])
def input_limits(tenant_id: str) -> Response:
    """The store's web API input limits: read, or turned on or off (``{"on": bool}``)."""
    tenant = tenant_or_404(tenant_id)
    if request.method == "PUT":
        on = control_body({"on"}).get("on")
        if not isinstance(on, bool):
            raise invalid("on must be true or false.")
        # The store's configuration is the tenant's setting the searches read (search.limit).
        tenant.settings["magento"] = {**(tenant.settings.get("magento") or {}), "input_limits": on}
    return jsonify(on=limits_on(tenant.settings), default_page_size=DEFAULT_PAGE_SIZE, maximum_page_size=MAXIMUM_PAGE_SIZE)


@blueprint.route("/sales_display", methods=["GET", "PUT"])
def sales_display(tenant_id: str) -> Response:
    """The store's Display Shipping Amount for its sales documents: read, or set (``{"shipping": ...}``)."""
    tenant = tenant_or_404(tenant_id)
    if request.method == "PUT":
        shipping = control_body({"shipping"}).get("shipping")
        if not isinstance(shipping, str) or shipping not in SHIPPING_DISPLAYS:
            raise invalid('shipping must be "excluding_tax", "including_tax" or "both".')
        # The store's configuration is the tenant's setting the credit memos read (models.shipping_entered_with_tax).
        tenant.settings["magento"] = {**(tenant.settings.get("magento") or {}), "shipping_display": shipping}
    return jsonify(shipping=(tenant.settings.get("magento") or {}).get("shipping_display", "excluding_tax"))
