"""WooCommerce additions to the ``/_sim/`` control plane (contracts; keep them stable). Errors are the
control plane's ``{"error": {"code", "message"}}``; a refused request changes nothing.

- ``POST /_sim/tenants/<tenant>/woocommerce/orders`` — an order as the storefront's checkout leaves it;
  every field optional (generated with the tenant's faker and random source)::

      {"line_items": [{"name", "sku", "price", "quantity", "tax"?, "discount"?, "stock"?}],
       "shipping_lines": [{"method_id", "method_title", "total", "tax"?}],
       "fee_lines": [{"name", "total", "tax"?}],
       "currency": "USD", "status": "processing" | "completed" | "on-hold" | "pending" | "failed" | "cancelled",
       "customer": {"first_name", "last_name", "email", ...billing fields}, "customer_id": 0,
       "ship_to"?: {"first_name", "last_name", ...address fields},
       "payment_method": "stripe", "payment_method_title"?: "...", "gateway_supports_refunds"?: bool,
       "transaction_id"?: "CHK-1042",
       "date_created"?: "<ISO-8601 with offset, not after the tenant's now>", "prices_include_tax"?: bool}

  ``tax`` is the line's tax: an amount (all of it at the store's state rate, "State Tax") or the amount
  at each of the store's two rates, ``{"state"?: "0.80", "county"?: "0.40"}`` (a US store's state and
  county taxes, each a rate of its own: the order's ``taxes`` and ``tax_lines`` show both); ``discount`` what a coupon took off the
  line (its ``subtotal`` is price × quantity, its ``total`` that less the discount); a line's ``sku`` reuses the store's
  product with that SKU or creates one (``stock``: its stock, managed; without, stock is not managed); ``"sku": ""``
  creates a product without a SKU, as a merchant may (its lines show ``"sku": ""``, as WooCommerce's do).
  ``ship_to``: the order goes to another address than the customer's (a gift: "Ship to a different
  address?" at checkout), its ``shipping`` the recipient's — the fields given, the rest of the address
  drawn; without it the order ships to the billing address. ``processing`` and ``completed`` are
  paid; stock is reduced for processing, completed and on-hold. ``prices_include_tax`` (false by
  default): the store enters its prices with tax; the order says so, and its line, shipping and fee
  totals are still before tax, as WooCommerce's REST API gives them whatever the setting.
  A fee's ``total`` may be negative (a discount entered as a fee, ``WC_Cart::add_fee``), its ``tax`` then
  negative too; as WooCommerce's cart, a negative fee takes the order's total to 0.00 at most (the
  items', earlier fees' and shipping's totals; its tax in proportion).
  ``gateway_supports_refunds`` installs ``payment_method`` as a gateway that can (or cannot) refund; an
  unknown gateway without it is a gateway that "does not exist". A gateway switched off or whose plugin
  is deactivated (``payment_gateways/<id>`` below) is not offered at checkout: 409. ``transaction_id``: the
  order's (a reference the merchant typed in, e.g. a cheque's); without it a paid order (processing,
  completed) gets the card gateway's ``txn_…`` id, and none (``""``) when its gateway is an offline one
  (one that cannot refund: bacs, cheque, cod, a plugin's purchase order), as offline gateways record
  no transaction. → 201 the order exactly as ``GET /wp-json/wc/v3/orders/<id>`` answers it.
- ``POST /_sim/tenants/<tenant>/woocommerce/orders/<order_id>/payment`` ``{"transaction_id"?: "CHK-1042"}``
  (or no body) → 200 the order: the payment of an order awaiting it (on-hold, pending, failed,
  cancelled: a bank transfer, a cheque) arrives and the merchant marks it paid in the admin —
  processing, ``date_paid`` now, stock reduced if it was not, and the reference typed in the order's
  Transaction ID field its ``transaction_id`` (``WC_Order::payment_complete( $transaction_id )``);
  404 no such order, 409 an order not awaiting payment.
- ``PUT /_sim/tenants/<tenant>/woocommerce/payment_gateways/<gateway_id>`` ``{"enabled"?: bool, "active"?:
  bool}`` (one at least) → 200 ``{"id", "title", "enabled", "active", "plugin", "supports_refunds"}``: the
  merchant, after orders were placed, switches the gateway off or on in WooCommerce > Settings >
  Payments (``enabled``: ``GET /payment_gateways[/<id>]`` then says ``enabled: false``, checkout no
  longer offers it, and its orders are still refunded through it — ``wc_refund_payment`` looks among
  every registered gateway) and/or deactivates or activates its plugin (``active``: deactivated, the
  gateway is not registered — ``GET /payment_gateways/<id>`` is 404 ``woocommerce_rest_payment_gateway_invalid``,
  the list leaves it out, and an ``api_refund`` refund of its orders fails "The payment gateway for this
  order does not exist.", nothing kept; activated again, it refunds as before). 404 a gateway the store
  never had; 409 deactivating bacs, cheque or cod (WooCommerce's own, no plugin to deactivate).
- ``PUT /_sim/tenants/<tenant>/woocommerce/order_numbers`` ``{"prefix"?: "WT-", "next": 1042}`` → 200
  ``{"prefix", "next"}``: the merchant installs a sequential order numbers plugin; the orders placed from
  then on carry ``number`` ``prefix`` + ``next``, ``next`` + 1, ... (``WC_Order::get_order_number`` through
  the ``woocommerce_order_number`` filter), while their ``id``, by which ``/wc/v3/orders/<id>`` knows
  them, goes on as before. ``next`` a whole number from 1 (a simulator bound: 10^12), ``prefix`` at most
  20 characters.
- ``POST /_sim/tenants/<tenant>/woocommerce/keys`` ``{"permissions": "read" | "write" | "read_write"}``
  → 201 ``{"consumer_key", "consumer_secret", "key_permissions"}``: another REST API key of the store.
- ``POST /_sim/tenants/<tenant>/woocommerce/gateway_failures`` ``{"count"?: 1, "message"?: "...",
  "payment_method"?: "stripe"}`` → 201 ``{"message", "remaining", "payment_method"}``: the next ``count``
  gateway refunds (of that gateway, or any) fail with ``message`` (default WooCommerce's "An error
  occurred while attempting to create the refund using the payment gateway API.").
- ``GET /_sim/tenants/<tenant>/woocommerce/products`` → ``{"products": [{"id", "name", "sku", "price",
  "manage_stock", "stock_quantity"}]}`` (stock levels, to see restocking).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request

from simulators.control.routes import control_body, tenant_or_404
from simulators.control.values import amount as _money
from simulators.control.values import currency as _currency
from simulators.control.values import instant as _instant
from simulators.control.values import invalid as _invalid
from simulators.control.values import sku as _sku
from simulators.control.values import text as _text
from simulators.core.errors import ControlPlaneError
from simulators.core.numbers import MAX_MAGNITUDE
from simulators.core.tenants import current_registry

from .schemas import order_json

if TYPE_CHECKING:
    from .models import Store

SERVICE = "woocommerce"
CREATABLE_STATUSES = ("processing", "completed", "on-hold", "pending", "failed", "cancelled")
_ADDRESS = ("first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode", "country")

blueprint = Blueprint("woocommerce_control", __name__, url_prefix="/_sim/tenants/<tenant_id>/woocommerce")


def _count(value: Any, field: str, *, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value < MAX_MAGNITUDE:
        raise _invalid(f"{field} must be an integer from {low} to {MAX_MAGNITUDE - 1:,}.")
    return value


def _fields(raw: Any, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _invalid(f"{where} must be an object.")
    unknown = set(raw) - allowed
    if unknown:
        raise _invalid(f"Unknown field(s) in {where}: {', '.join(sorted(unknown))}.")
    return raw


def _tax(raw: Any, where: str, *, signed: bool = False) -> dict[str, Decimal] | None:
    """An item's ``tax``: an amount, the state rate's; or ``{"state"?, "county"?}``, an amount at each
    (of either sign when ``signed``: a fee's)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        return {"state": _money(raw, where, signed=signed)}
    return {name: _money(value, f"{where}.{name}", signed=signed)
            for name, value in _fields(raw, where, {"state", "county"}).items()}


def _list(body: dict[str, Any], name: str) -> list[Any]:
    raw = body.get(name, [])
    if not isinstance(raw, list):
        raise _invalid(f"{name} must be a list.")
    return raw


@blueprint.post("/orders")
def create_order(tenant_id: str) -> tuple[Response, int]:
    """A customer's WooCommerce order as the store would have it (paid, or pending); answered as the REST API answers it."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"line_items", "shipping_lines", "fee_lines", "currency", "status", "customer",
                         "customer_id", "payment_method", "payment_method_title", "gateway_supports_refunds",
                         "date_created", "ship_to", "prices_include_tax", "transaction_id"})
    faker, rnd = tenant.faker, tenant.random
    raw_lines = _list(body, "line_items")
    if "line_items" in body and not raw_lines:
        raise _invalid("line_items must be a non-empty list.")
    lines: list[dict[str, Any]] = []
    for index, raw in enumerate(raw_lines):
        where = f"line_items[{index}]"
        raw = _fields(raw, where, {"name", "sku", "price", "quantity", "tax", "discount", "stock"})
        lines.append({
            "name": _text(raw.get("name"), f"{where}.name"),
            "sku": _sku(raw.get("sku"), f"{where}.sku"),  # "": a product without one (its lines show "sku": "")
            "price": _money(raw["price"], f"{where}.price") if "price" in raw else None,
            "quantity": _count(raw.get("quantity", 1), f"{where}.quantity"),
            "tax": _tax(raw.get("tax"), f"{where}.tax"),
            "discount": _money(raw.get("discount", "0"), f"{where}.discount"),
            "stock": _count(raw["stock"], f"{where}.stock", low=0) if raw.get("stock") is not None else None,
        })
        if lines[-1]["discount"] and (lines[-1]["price"] is None
                                      or lines[-1]["discount"] > lines[-1]["price"] * lines[-1]["quantity"]):
            raise _invalid(f"{where}.discount needs a price and must not exceed price × quantity.")
    shipping: list[dict[str, Any]] = []
    for index, raw in enumerate(_list(body, "shipping_lines")):
        where = f"shipping_lines[{index}]"
        raw = _fields(raw, where, {"method_id", "method_title", "total", "tax"})
        shipping.append({"method_id": _text(raw.get("method_id"), f"{where}.method_id") or "flat_rate",
                         "method_title": _text(raw.get("method_title"), f"{where}.method_title") or "Flat rate",
                         "total": _money(raw.get("total", "0"), f"{where}.total"),
                         "tax": _tax(raw.get("tax"), f"{where}.tax")})
    fees: list[dict[str, Any]] = []
    for index, raw in enumerate(_list(body, "fee_lines")):
        where = f"fee_lines[{index}]"
        raw = _fields(raw, where, {"name", "total", "tax"})
        # A discount entered as a fee is a negative one (``WC_Cart::add_fee``; WC_Cart_Totals: "Negative
        # fees should have the taxes split between all items so it works as a true discount"): its
        # tax is negative too, or none.
        total = _money(raw.get("total", "0"), f"{where}.total", signed=True)
        tax = _tax(raw.get("tax"), f"{where}.tax", signed=True)
        if any(part and (part < 0) != (total < 0) for part in (tax or {}).values()):
            raise _invalid(f"{where}.tax must have the sign of its total (a negative fee's tax is negative).")
        fees.append({"name": _text(raw.get("name"), f"{where}.name") or "Fee", "total": total, "tax": tax})
    currency = _currency(body.get("currency", "USD"))
    status = body.get("status", "processing")
    if status not in CREATABLE_STATUSES:
        raise _invalid(f"status must be one of {', '.join(CREATABLE_STATUSES)}.")
    customer = _fields(body.get("customer", {}), "customer", {*_ADDRESS, "email", "phone"})
    for name, value in customer.items():
        _text(value, f"customer.{name}")
    ship_to = _fields(body["ship_to"], "ship_to", set(_ADDRESS)) if "ship_to" in body else None
    for name, value in (ship_to or {}).items():
        _text(value, f"ship_to.{name}")
    customer_id = _count(body.get("customer_id", 0), "customer_id", low=0)
    payment_method = _text(body.get("payment_method"), "payment_method") or "stripe"
    payment_title = _text(body.get("payment_method_title"), "payment_method_title")
    supports = body.get("gateway_supports_refunds")
    if supports is not None and not isinstance(supports, bool):
        raise _invalid("gateway_supports_refunds must be true or false.")
    transaction_id = _text(body.get("transaction_id"), "transaction_id")
    prices_include_tax = body.get("prices_include_tax", False)
    if not isinstance(prices_include_tax, bool):
        raise _invalid("prices_include_tax must be true or false.")
    created_at = None
    if "date_created" in body:
        created_at = _instant(body["date_created"])
        if created_at is None:
            raise _invalid("date_created must be an ISO-8601 timestamp with a time zone.")
        if created_at > tenant.clock.now():
            raise _invalid("date_created cannot be in the future of the tenant's clock.")
    store: Store = tenant.state(SERVICE)
    store.check_checkout_gateway(payment_method)
    # ------------------------------------------------------- all valid: generate what is missing, write
    if not lines:
        lines = [{"name": None, "sku": None, "price": None, "quantity": rnd.randint(1, 3), "tax": None,
                  "discount": Decimal(0), "stock": None}]
    for line in lines:
        existing = store.product_by_sku(line["sku"]) if line["sku"] else None
        line["name"] = line["name"] or (existing.name if existing else faker.catch_phrase())
        if line["sku"] is None:
            line["sku"] = existing.sku if existing else f"SKU-{faker.bothify('??-####').upper()}"
        if line["price"] is None:
            line["price"] = existing.price if existing else Decimal(rnd.randint(500, 15_000)) / 100
        line["subtotal"] = line["price"] * line["quantity"]
        line["total"] = line["subtotal"] - line["discount"]
    # WC_Cart_Totals::get_fees_from_cart: "Negative fees should not make the order total go negative" —
    # a negative fee takes at most the items', the fees' before it and the shipping's totals (its tax
    # in proportion).
    running: Decimal = sum((line["total"] for line in lines), Decimal(0)) + sum((ship["total"] for ship in shipping), Decimal(0))
    for fee in fees:
        asked: Decimal = fee["total"]
        if asked < -running:
            taxed: dict[str, Decimal] = fee["tax"] or {}
            fee["total"], fee["tax"] = -running, {name: (part * -running / asked).quantize(Decimal("0.01"))
                                                   for name, part in taxed.items()}
        running += fee["total"]
    first, last = faker.first_name(), faker.last_name()
    billing = {"first_name": first, "last_name": last, "company": "", "address_1": faker.street_address(),
               "address_2": "", "city": faker.city(), "state": faker.state_abbr(), "postcode": faker.postcode(),
               "country": "US", "email": faker.email(), "phone": faker.phone_number()}
    billing.update({k: str(v) for k, v in customer.items()})
    shipping_address = {k: billing[k] for k in _ADDRESS}
    if ship_to is not None:  # a gift: the recipient at an address of their own
        shipping_address.update({"first_name": faker.first_name(), "last_name": faker.last_name(),
                                 "address_1": faker.street_address(), "city": faker.city(),
                                 "state": faker.state_abbr(), "postcode": faker.postcode()})
        shipping_address.update({k: str(v) for k, v in ship_to.items()})
    if supports is not None:
        store.install_gateway(payment_method, payment_title or payment_method, supports)
    # Drawn for every paid order, whatever its gateway or a transaction ID given, so that the seeded
    # sequence (the order key drawn next, every id after it) is what it was before offline gateways
    # went without one.
    drawn = f"txn_{rnd.getrandbits(64):016x}" if status in ("processing", "completed") else ""
    if transaction_id is None:
        transaction_id = drawn if store.checkout_transaction_id(payment_method) else ""
    order = store.place_order(
        lines=lines, shipping=shipping, fees=fees, status=status, currency=currency, billing=billing,
        shipping_address=shipping_address, customer_id=customer_id, customer_note="",
        payment_method=payment_method, payment_method_title=payment_title,
        transaction_id=transaction_id,
        created_via="checkout", created_at=created_at, prices_include_tax=prices_include_tax)
    return jsonify(store.read(order, lambda o: order_json(o, store, request.host_url))), 201


@blueprint.post("/orders/<order_id>/payment")
def payment_received(tenant_id: str, order_id: str) -> Response:
    """The payment of an order on hold or pending arrives and the merchant marks it paid (Processing),
    with the transaction ID typed in if any; answers the order."""
    tenant = tenant_or_404(tenant_id)
    transaction_id = _text(control_body({"transaction_id"}).get("transaction_id"), "transaction_id")
    store: Store = tenant.state(SERVICE)
    # ASCII digits: str.isdigit() is true of '²' and '٥', which int() then reads or refuses.
    if not (order_id.isascii() and order_id.isdigit()) or len(order_id) > 18:
        raise ControlPlaneError(f"The store has no order {order_id[:40]}.", 404, "not_found")
    order = store.payment_received(int(order_id), transaction_id)
    return jsonify(store.read(order, lambda o: order_json(o, store, request.host_url)))


@blueprint.put("/payment_gateways/<gateway_id>")
def change_payment_gateway(tenant_id: str, gateway_id: str) -> Response:
    """The merchant switches a payment gateway off or on (``enabled``) or deactivates or activates its
    plugin (``active``), after orders were placed through it; answers the gateway's state."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"enabled", "active"})
    if not body:
        raise _invalid('Give "enabled" (the gateway\'s switch in Settings > Payments), "active" (its plugin), or both.')
    for name in ("enabled", "active"):
        if name in body and not isinstance(body[name], bool):
            raise _invalid(f"{name} must be true or false.")
    store: Store = tenant.state(SERVICE)
    gateway = store.set_gateway(gateway_id, enabled=body.get("enabled"), active=body.get("active"))
    return jsonify(id=gateway.id, title=gateway.title, enabled=gateway.enabled, active=gateway.active,
                   plugin=not gateway.core, supports_refunds=gateway.supports_refunds)


@blueprint.put("/order_numbers")
def number_orders(tenant_id: str) -> Response:
    """The merchant installs a sequential order numbers plugin: the next orders' ``number``."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"prefix", "next"})
    prefix = body.get("prefix", "")
    if not isinstance(prefix, str) or len(prefix) > 20:
        raise _invalid("prefix must be text of at most 20 characters.")
    following = body.get("next")
    if isinstance(following, bool) or not isinstance(following, int) or not 1 <= following < 10 ** 12:
        raise _invalid("next must be a whole number from 1 to 999999999999.")
    tenant.state(SERVICE).number_orders(prefix, following)
    return jsonify(prefix=prefix, next=following)


@blueprint.post("/keys")
def create_key(tenant_id: str) -> tuple[Response, int]:
    """Another REST API key of the store's administrator (read, write or read_write)."""
    tenant = tenant_or_404(tenant_id)
    permissions = control_body({"permissions"}).get("permissions", "read_write")
    if permissions not in ("read", "write", "read_write"):
        raise _invalid("permissions must be read, write or read_write.")
    key = tenant.state(SERVICE).add_key(permissions)
    current_registry().register_credential("woocommerce_key", key.consumer_key, tenant)
    return jsonify(consumer_key=key.consumer_key, consumer_secret=key.consumer_secret,
                   key_permissions=key.permissions), 201


@blueprint.post("/gateway_failures")
def arm_gateway_failure(tenant_id: str) -> tuple[Response, int]:
    """The payment gateway refuses the next refunds (with a message): WooCommerce keeps nothing of them."""
    tenant = tenant_or_404(tenant_id)
    body = control_body({"count", "message", "payment_method"})
    count = _count(body.get("count", 1), "count")
    message = _text(body.get("message"), "message")
    payment_method = _text(body.get("payment_method"), "payment_method")
    failure = tenant.state(SERVICE).arm_gateway_failure(message, count, payment_method)
    return jsonify(message=failure.message, remaining=failure.remaining, payment_method=failure.payment_method), 201


@blueprint.get("/products")
def products(tenant_id: str) -> Response:
    """The store's products and their stock levels."""
    store: Store = tenant_or_404(tenant_id).state(SERVICE)
    return jsonify(products=[{"id": p.id, "name": p.name, "sku": p.sku, "price": str(p.price),
                              "manage_stock": p.manage_stock, "stock_quantity": p.stock_quantity}
                             for p in store.products.values()])



