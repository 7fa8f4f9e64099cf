"""A WooCommerce store's products, orders and refunds, and the rules WooCommerce applies to them
(RULES.md §2–§4, FIDELITY.md).

Refunds follow ``WC_REST_Order_Refunds_Controller`` (v3), ``RestApiUtil::adjust_create_refund_request_parameters``
and ``wc_create_refund``:

- ``amount`` wins over the line items; when absent it is Σ ``refund_total`` + Σ ``refund_tax`` if every
  one of them is numeric, else nothing (a zero refund);
- ``0 > amount`` → ``woocommerce_rest_invalid_order_refund``; ``amount`` above what remains of the order
  (total − refunds) → "Invalid refund amount.", both HTTP 500 (errors.py);
- there is no per-line cap; line items (products, fees, shipping) not on the order are skipped, and so
  are those with neither quantity nor amounts;
- ``api_refund`` (default true) sends the money back through the order's gateway: a missing gateway (never
  installed, or its plugin deactivated) or one that cannot refund refuses, and the refund is not kept; a
  gateway switched off in the settings still refunds; ``api_restock`` (default true) puts refunded
  quantities back in stock where WooCommerce had reduced it;
- a refund that leaves nothing to refund sets the order ``refunded``; a partial one leaves the status.

Every request is validated completely before anything is written, under the order's lock, so a refused
request changes nothing (not even the id sequences) and concurrent refunds of one order never over-refund.
Locks: an order's lock may be held while taking the store's lock, never the other way round.

Values read from requests follow PHP's rules where WooCommerce leaves them to PHP (``is_numeric``,
``empty``, comparisons of numbers with strings); a value PHP cannot multiply (a wholly non-numeric
quantity or ``refund_total``) is a PHP ``TypeError`` in WooCommerce, which WordPress answers as a
critical error (HTTP 500) — reproduced as :class:`CriticalError`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable

from simulators.core.errors import ControlPlaneError
from simulators.core.numbers import MAX_MAGNITUDE
from simulators.core.tenants import TenantRegistry

from . import errors
from .schemas import (
    CORE_GATEWAYS, CRITICAL_ERROR, GATEWAY_FAILED, GATEWAY_ZERO_AMOUNT, GATEWAYS, ORDER_STATUSES, PAID_STATUSES, PRICE_DECIMALS,
    STOCK_REDUCED_STATUSES, ZERO, AWAITING_PAYMENT_STATUSES, format_decimal, parse_wp_date, php_number,
)

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

ADMIN_USER_ID = 1
#: What ``status=any`` lists: every status but trash.
ORDER_STATUSES_ANY = ORDER_STATUSES
_KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class CriticalError(errors.WooCommerceError):
    """A PHP fatal error inside WooCommerce: WordPress answers REST requests with this 500."""

    code = "internal_server_error"
    status = 500

    def __init__(self, why: str) -> None:
        super().__init__(CRITICAL_ERROR)
        self.reason = f"WordPress critical error (PHP TypeError in WooCommerce: {why})"

    def body(self) -> dict[str, Any]:
        return {**super().body(), "additional_errors": []}


# ================================================================================= PHP values
# re.ASCII: PHP's digits are ASCII's; Python's \d is any Unicode digit ("١.٠٠" was numeric).
_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*", re.ASCII)
_LEADING = re.compile(r"[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def php_numeric(value: Any) -> Decimal | None:
    """``is_numeric($value)`` as a Decimal (None when PHP would say no)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str) and _NUMERIC.fullmatch(value):
        return Decimal(value.strip())
    return None


def php_arithmetic(value: Any, what: str) -> Decimal:
    """``$value * -1`` in PHP 8: numbers and numeric strings; a leading-numeric string ("2 pcs")
    counts as its number (with a warning); null and false are 0, true is 1; anything else is a TypeError.

    :raise CriticalError: a value PHP refuses in arithmetic.
    """
    if value is None or value is False:
        return ZERO
    if value is True:
        return Decimal(1)
    number = php_numeric(value)
    if number is None and isinstance(value, str):
        match = _LEADING.match(value)
        number = Decimal(match.group(0).strip()) if match else None
    if number is None:
        raise CriticalError(f"unsupported operand for {what}: {type(value).__name__}")
    return number


def php_empty(value: Any) -> bool:
    """``empty($value)``: null, false, 0, 0.0, "", "0" and empty arrays."""
    return value is None or value is False or value == "" or value == "0" or value == [] or value == {} or (
        not isinstance(value, bool) and isinstance(value, (int, float)) and value == 0)


def _php_string(number: Decimal) -> str:
    return php_number(number)


def php_greater(left: Any, right: Any) -> bool:
    """``$left > $right`` where one side is a number (a Decimal here) and the other what the
    request sent: numeric strings compare as numbers, other strings as strings (PHP 8)."""
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left > right
    if isinstance(left, Decimal):
        other = php_numeric(right)
        return left > other if other is not None else _php_string(left) > str(right)
    other = php_numeric(left)
    return other > right if other is not None else str(left) > _php_string(right)


def _item_key(value: Any) -> int | None:
    """A line item id as a PHP array key: an integer, or a string of digits."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and abs(value) < 1e18:
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[1-9]\d{0,18}|0", value, re.ASCII):
        return int(value)
    return None


# ================================================================================= records
@dataclass
class Product:
    id: int
    name: str
    sku: str
    price: Decimal
    manage_stock: bool = True
    stock_quantity: int | None = None


@dataclass(frozen=True)
class TaxRate:
    id: int
    code: str
    label: str


@dataclass
class Item:
    """An order item: a product line (``line_item``), ``shipping`` or a ``fee``; taxes by rate id."""

    id: int
    type: str
    name: str
    quantity: int
    subtotal: Decimal
    total: Decimal
    taxes: dict[int, Decimal] = field(default_factory=dict)
    product_id: int = 0
    method_id: str = ""
    meta: list[tuple[int, str, Any]] = field(default_factory=list)
    #: A product line's tax at each rate on its ``subtotal``, before its coupon discounts (``taxes``
    #: are on its ``total``, after them); None: the same as ``taxes`` (no discount; shipping and
    #: fees, which keep no tax subtotal; a refund's lines).
    subtotal_taxes: dict[int, Decimal] | None = None

    @property
    def total_tax(self) -> Decimal:
        return sum(self.taxes.values(), ZERO)

    @property
    def subtotal_tax_by_rate(self) -> dict[int, Decimal]:
        return self.taxes if self.subtotal_taxes is None else self.subtotal_taxes

    @property
    def subtotal_tax(self) -> Decimal:
        """``subtotal_tax``: "Line subtotal tax (before discounts)"."""
        return sum(self.subtotal_tax_by_rate.values(), ZERO)

    def meta_value(self, key: str) -> Any:
        return next((value for _, k, value in self.meta if k == key), None)

    def set_meta(self, key: str, value: Any, new_id: Callable[[], int]) -> None:
        for index, (meta_id, k, _) in enumerate(self.meta):
            if k == key:
                self.meta[index] = (meta_id, key, value)
                return
        self.meta.append((new_id(), key, value))



def _before_discount(taxes: dict[int, Decimal], subtotal: Decimal, total: Decimal) -> dict[int, Decimal] | None:
    """A discounted line's tax at each rate on its subtotal: WooCommerce taxes the subtotal and the
    total at the same rate (``WC_Order_Item_Product::set_taxes`` keeps both, ``calculate_taxes``
    works out each from its own amount), so each rate's tax on the total, scaled to the subtotal
    and rounded to the cent (``wc_round_tax_total``). None when nothing was taken off, or the
    discount took all (no rate to scale by)."""
    if subtotal == total or total <= 0 or not taxes:
        return None
    return {rate: (tax * subtotal / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            for rate, tax in taxes.items()}

@dataclass
class Refund:
    id: int
    order_id: int
    created_at: datetime
    amount: Decimal
    reason: str | None
    refunded_by: int
    refunded_payment: bool
    items: list[Item]
    tax_line_ids: dict[int, int]
    meta: list[tuple[int, str, Any]] = field(default_factory=list)


@dataclass
class Order:
    id: int
    order_key: str
    status: str
    currency: str
    created_at: datetime
    modified_at: datetime
    customer_id: int
    billing: dict[str, str]
    shipping: dict[str, str]
    payment_method: str
    payment_method_title: str
    items: list[Item]
    tax_line_ids: dict[int, int]
    customer_note: str = ""
    transaction_id: str = ""
    created_via: str = "checkout"
    #: The order number customers read (``get_order_number()``): its id, unless a sequential order
    #: numbers plugin gave it one of its own (:meth:`Store.number_orders`).
    number: str = ""
    #: How the store's prices were entered at checkout ("Prices entered with tax"): printed as the order's
    #: ``prices_include_tax``. Its line, shipping and fee totals stay before tax either way (see FIDELITY.md).
    prices_include_tax: bool = False
    paid_at: datetime | None = None
    completed_at: datetime | None = None
    meta: list[tuple[int, str, Any]] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def items_of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.type == kind]

    @property
    def discount_total(self) -> Decimal:
        """What the lines' discounts took off (``calculate_totals``: Σ subtotal − total of the products)."""
        return sum((i.subtotal - i.total for i in self.items_of("line_item")), ZERO)

    @property
    def discount_tax(self) -> Decimal:
        """The tax the lines' discounts took off (``calculate_totals``: Σ subtotal tax − total tax of the products)."""
        return sum((i.subtotal_tax - i.total_tax for i in self.items_of("line_item")), ZERO)

    @property
    def shipping_total(self) -> Decimal:
        return sum((i.total for i in self.items_of("shipping")), ZERO)

    @property
    def shipping_tax(self) -> Decimal:
        return sum((i.total_tax for i in self.items_of("shipping")), ZERO)

    @property
    def cart_tax(self) -> Decimal:
        return sum((i.total_tax for i in self.items if i.type != "shipping"), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((i.total + i.total_tax for i in self.items), ZERO)

    @property
    def total_refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds), ZERO)

    @property
    def remaining_refund_amount(self) -> Decimal:
        """``get_remaining_refund_amount()``: total − refunded, at the store's price decimals."""
        return Decimal(format_decimal(self.total - self.total_refunded, PRICE_DECIMALS))

    @property
    def remaining_refund_items(self) -> int:
        ordered = sum(i.quantity for i in self.items_of("line_item"))
        refunded = sum(abs(i.quantity) for r in self.refunds for i in r.items if i.type == "line_item")
        return ordered - refunded

    def has_free_item(self) -> bool:
        return any(not i.total for i in self.items_of("line_item"))

    def item(self, item_id: int) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass
class ApiKey:
    """A REST API key (``woocommerce_api_keys`` row): its secret, permissions and used nonces,
    which WooCommerce keeps by timestamp (one nonce per second of ``oauth_timestamp``)."""

    consumer_key: str
    consumer_secret: str
    permissions: str
    user_id: int = ADMIN_USER_ID
    #: Used nonces by timestamp (the key PHP makes of the text sent: an int, or the text itself), as
    #: sent: text, or the array PHP parsed from ``oauth_nonce[]=``.
    nonces: dict[int | str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Gateway:
    """A payment gateway the store has: WooCommerce core's (``core``: bacs, cheque, cod) or a plugin's.

    ``enabled`` is its switch in WooCommerce > Settings > Payments: off, checkout no longer offers it,
    yet it stays registered, listed by ``GET /payment_gateways`` (``enabled: false``) and refunds its
    orders. ``active`` is its plugin's state in Plugins: deactivated, WordPress does not load the
    plugin, so the gateway is not registered at all — the REST API does not know it and
    ``wc_refund_payment`` finds no gateway. Frozen: a change replaces it (readers need no lock)."""

    id: str
    title: str
    supports_refunds: bool
    core: bool = False
    enabled: bool = True
    active: bool = True


@dataclass
class GatewayFailure:
    """An armed refusal of the payment gateway (control plane)."""

    message: str
    remaining: int
    payment_method: str | None = None


# ================================================================================= the store
class Store:
    """One tenant's WooCommerce store. Ids come from the tenant's seeded random source: posts
    (orders, refunds, products) share one sequence, order items another, meta a third."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self._lock = threading.Lock()
        rnd = tenant.random
        self._next_post = rnd.randint(100, 900)
        self._next_item = rnd.randint(10, 90)
        self._next_meta = rnd.randint(1000, 9000)
        self._orders: dict[int, Order] = {}
        self._refunds: dict[int, Refund] = {}
        self.products: dict[int, Product] = {}
        #: Every gateway the store has, registered or not (a deactivated plugin's), in checkout order.
        self.gateways: dict[str, Gateway] = {
            gateway_id: Gateway(gateway_id, title, refunds, core=gateway_id in CORE_GATEWAYS)
            for gateway_id, (title, refunds) in GATEWAYS.items()}
        self.gateway_failures: list[GatewayFailure] = []
        #: A sequential order numbers plugin's (prefix, next number), None without one.
        self.order_numbers: tuple[str, int] | None = None
        creds = tenant.woocommerce
        self.keys: dict[str, ApiKey] = {creds.consumer_key: ApiKey(creds.consumer_key, creds.consumer_secret,
                                                                   creds.key_permissions)}
        self.keys_lock = threading.Lock()
        # A US store's rates for one area: the state's and the county's, each at a priority of its
        # own (WooCommerce applies one matching rate per priority), created in turn. Their codes are
        # COUNTRY-STATE-NAME-PRIORITY (WC_Tax::get_rate_code).
        state = rnd.randint(1, 9)
        self.tax_rates: dict[int, TaxRate] = {
            state: TaxRate(state, "US-CA-STATE TAX-1", "State Tax"),
            state + 1: TaxRate(state + 1, "US-CA-COUNTY TAX-2", "County Tax")}
        #: The rate ids by the names the control plane seeds taxes with.
        self.rate_ids: dict[str, int] = {"state": state, "county": state + 1}
        faker = tenant.faker
        for _ in range(3):  # a small seeded catalogue, so that POST /orders has products to sell
            self._new_product(faker.catch_phrase(), f"SKU-{faker.bothify('??-####').upper()}",
                              Decimal(rnd.randint(500, 9_000)) / 100, stock=rnd.randint(20, 200))

    # ----------------------------------------------------------------- ids (under _lock)
    def _post_id(self) -> int:
        self._next_post += 1
        return self._next_post

    def _item_id(self) -> int:
        self._next_item += 1
        return self._next_item

    def _meta_id(self) -> int:
        self._next_meta += 1
        return self._next_meta

    def _now(self) -> datetime:
        return self.tenant.clock.now()

    def _new_product(self, name: str, sku: str, price: Decimal, *, stock: int | None) -> Product:
        product = Product(self._post_id(), name, sku, price, manage_stock=stock is not None, stock_quantity=stock)
        self.products[product.id] = product
        return product

    def product_by_sku(self, sku: str) -> Product | None:
        return next((p for p in self.products.values() if p.sku == sku), None)

    # ----------------------------------------------------------------- keys and gateways
    def add_key(self, permissions: str) -> ApiKey:
        """A new REST API key of the administrator (the registry indexes it: control plane)."""
        key = ApiKey(f"ck_{TenantRegistry.secret(20)}", f"cs_{TenantRegistry.secret(20)}", permissions)
        with self.keys_lock:
            self.keys[key.consumer_key] = key
        return key

    def arm_gateway_failure(self, message: str | None, count: int, payment_method: str | None) -> GatewayFailure:
        failure = GatewayFailure(message or GATEWAY_FAILED, count, payment_method)
        with self._lock:
            self.gateway_failures.append(failure)
        return failure

    def tax_rate(self, rate_id: int) -> TaxRate:
        """The store's tax rate ``rate_id``. A refund's ``refund_tax`` may name any rate id, and
        WooCommerce writes its tax line all the same: ``WC_Order_Item_Tax::set_rate`` with a rate
        ``WC_Tax::_get_tax_rate`` does not find gives no rate code, the label ``tax_or_vat()`` gives
        a US store ("Tax") and no compounding."""
        return self.tax_rates.get(rate_id) or TaxRate(rate_id, "", "Tax")

    def install_gateway(self, gateway_id: str, title: str, supports_refunds: bool) -> None:
        """Install ``gateway_id`` (a plugin's gateway; the title and refund support of a known one are
        replaced, its switches kept)."""
        with self._lock:
            known = self.gateways.get(gateway_id)
            self.gateways[gateway_id] = (replace(known, title=title, supports_refunds=supports_refunds) if known
                                         else Gateway(gateway_id, title, supports_refunds))

    def registered_gateway(self, gateway_id: str) -> Gateway | None:
        """``WC()->payment_gateways()->payment_gateways()[$id]``: the gateway when it is registered —
        enabled or not, as long as its plugin is active — else None."""
        gateway = self.gateways.get(gateway_id)
        return gateway if gateway is not None and gateway.active else None

    def payment_gateways(self) -> list[tuple[int, Gateway]]:
        """The registered gateways (``payment_gateways()``: enabled or not; not a deactivated
        plugin's), each with its place in the checkout order. The place is the store's
        (``woocommerce_gateway_order``), so it does not move while another plugin is deactivated."""
        with self._lock:
            return [(order, gateway) for order, gateway in enumerate(self.gateways.values()) if gateway.active]

    def payment_gateway(self, gateway_id: str) -> tuple[int, Gateway]:
        """The registered gateway ``gateway_id`` and its place in the checkout order.

        :raise WooCommerceError: 404 ``woocommerce_rest_payment_gateway_invalid`` "Resource does not
            exist.": no such gateway, or its plugin is deactivated."""
        found = next(((order, gateway) for order, gateway in self.payment_gateways() if gateway.id == gateway_id), None)
        if found is None:
            raise errors.WooCommerceError("Resource does not exist.", status=404,
                                          code="woocommerce_rest_payment_gateway_invalid")
        return found

    def number_orders(self, prefix: str, following: int) -> None:
        """The merchant installs a sequential order numbers plugin: the orders placed from now on are
        numbered ``prefix`` + ``following``, ``following`` + 1, ... (their ``number``, what the
        customer reads); their ids, by which the REST API knows them, go on as before. Orders already
        placed keep theirs."""
        with self._lock:
            self.order_numbers = (prefix, following)

    def set_gateway(self, gateway_id: str, *, enabled: bool | None = None, active: bool | None = None) -> Gateway:
        """The merchant switches ``gateway_id`` on or off in the settings (``enabled``) and/or
        activates or deactivates its plugin (``active``); None leaves a switch as it is. Orders
        already placed keep the gateway as their ``payment_method``.

        :raise ControlPlaneError: 404 the store never had the gateway; 409 ``active`` false for a
            gateway of WooCommerce itself (bacs, cheque, cod), which no plugin brings; nothing changes.
        """
        with self._lock:
            gateway = self.gateways.get(gateway_id)
            if gateway is None:
                raise ControlPlaneError(f"The store has no payment gateway {gateway_id[:40]!r} (it has "
                                        f"{', '.join(self.gateways)}).", 404, "not_found")
            if active is False and gateway.core:
                raise ControlPlaneError(f"{gateway_id} is part of WooCommerce itself, not a plugin's: it cannot be "
                                        "deactivated (switch it off with \"enabled\": false).", 409, "conflict")
            gateway = replace(gateway, enabled=gateway.enabled if enabled is None else enabled,
                              active=gateway.active if active is None else active)
            self.gateways[gateway_id] = gateway
            return gateway

    def check_checkout_gateway(self, gateway_id: str) -> None:
        """An order is placed at checkout through ``gateway_id``: checkout offers only the enabled
        gateways of active plugins (``get_available_payment_gateways``). A gateway the store never
        had is let through: it stands for one removed since (its orders' refunds find no gateway).

        :raise ControlPlaneError: 409 the gateway is switched off, or its plugin deactivated.
        """
        gateway = self.gateways.get(gateway_id)
        if gateway is not None and not (gateway.enabled and gateway.active):
            why = "switched off in the settings" if gateway.active else "its plugin is deactivated"
            raise ControlPlaneError(f"Checkout does not offer {gateway_id}: {why}. Place the order first, then "
                                    "change the gateway.", 409, "conflict")

    def checkout_transaction_id(self, gateway_id: str) -> bool:
        """Whether checkout through ``gateway_id`` leaves a transaction id: a gateway that takes the
        money (a card's, which can refund it) does; an offline one (bank transfer, cheque, cash on
        delivery, a plugin's purchase order: none refunds) leaves none, until the merchant types
        one in (control plane ``transaction_id``). A gateway the store does not have is taken for a
        card's."""
        gateway = self.gateways.get(gateway_id)
        return gateway is None or gateway.supports_refunds

    # ----------------------------------------------------------------- orders
    def order(self, order_id: int) -> Order | None:
        with self._lock:
            return self._orders.get(order_id)

    def orders(self) -> list[Order]:
        with self._lock:
            return list(self._orders.values())

    def refund(self, refund_id: int) -> Refund | None:
        with self._lock:
            return self._refunds.get(refund_id)

    def refunds(self) -> list[Refund]:
        with self._lock:
            return list(self._refunds.values())

    def read(self, order: Order, render: Callable[[Order], Any]) -> Any:
        """``render(order)`` under the order's lock: a consistent snapshot while refunds are written."""
        with order.lock:
            return render(order)

    def place_order(self, *, lines: list[dict[str, Any]], shipping: list[dict[str, Any]], fees: list[dict[str, Any]],
                    status: str, currency: str, billing: dict[str, str], shipping_address: dict[str, str],
                    customer_id: int, customer_note: str, payment_method: str, payment_method_title: str | None,
                    transaction_id: str, created_via: str, created_at: datetime | None = None,
                    meta: list[tuple[str, Any]] | None = None, prices_include_tax: bool = False) -> Order:
        """Create an order from validated parts (the REST route and the control plane check them).

        ``lines``: ``{"product": Product | None, "name", "sku", "price", "quantity", "subtotal"?,
        "total"?, "tax"?, "stock"?}`` (a line without a product gets one by ``sku``);
        ``shipping``: ``{"method_id", "method_title", "total", "tax"?}``; ``fees``: ``{"name", "total", "tax"?}``.
        A ``tax`` is the item's tax at each of the store's rates by name (``{"state": Decimal,
        "county": Decimal}``, either left out); a rate charging nothing is not on the item.
        A paid status (processing, completed) records the payment; stock is reduced in the statuses
        where WooCommerce reduces it, with ``_reduced_stock`` on the line.
        """
        now = self._now()
        created = created_at or now
        with self._lock:
            items: list[Item] = []
            used_rates: set[int] = set()

            def taxes(raw: dict[str, Decimal] | None) -> dict[int, Decimal]:
                found = {self.rate_ids[name]: amount for name, amount in (raw or {}).items() if amount}
                used_rates.update(found)
                return found

            for line in lines:
                product = line.get("product")
                if product is None:
                    product = self.product_by_sku(line["sku"]) if line.get("sku") else None
                    if product is None:
                        product = self._new_product(line["name"], line.get("sku") or "", line["price"],
                                                    stock=line.get("stock"))
                quantity = line["quantity"]
                subtotal = line.get("subtotal")
                total = line.get("total")
                if subtotal is None:
                    subtotal = total if total is not None else (line.get("price") or product.price) * quantity
                if total is None:
                    total = subtotal
                line_taxes = taxes(line.get("tax"))
                items.append(Item(self._item_id(), "line_item", line.get("name") or product.name, quantity, subtotal,
                                  total, line_taxes, product_id=product.id,
                                  subtotal_taxes=_before_discount(line_taxes, subtotal, total)))
            for ship in shipping:
                items.append(Item(self._item_id(), "shipping", ship["method_title"], 1, ship["total"], ship["total"],
                                  taxes(ship.get("tax")), method_id=ship["method_id"]))
            for fee in fees:
                items.append(Item(self._item_id(), "fee", fee["name"], 1, fee["total"], fee["total"],
                                  taxes(fee.get("tax"))))
            order_id = self._post_id()
            known = self.gateways.get(payment_method)
            gateway_title = known.title if known is not None else ""
            order = Order(
                id=order_id, order_key="wc_order_" + "".join(self.tenant.random.choices(_KEY_CHARS, k=13)),
                status=status, currency=currency, created_at=created, modified_at=max(created, now),
                customer_id=customer_id, billing=billing, shipping=shipping_address, payment_method=payment_method,
                payment_method_title=payment_method_title if payment_method_title is not None else gateway_title,
                items=items, tax_line_ids={rate: self._item_id() for rate in sorted(used_rates)},
                customer_note=customer_note, transaction_id=transaction_id, created_via=created_via,
                meta=[(self._meta_id(), key, value) for key, value in (meta or [])], prices_include_tax=prices_include_tax,
            )
            if self.order_numbers is not None:
                prefix, following = self.order_numbers
                order.number, self.order_numbers = f"{prefix}{following}", (prefix, following + 1)
            if status in PAID_STATUSES:
                order.paid_at = created
            if status == "completed":
                order.completed_at = created
            if status in STOCK_REDUCED_STATUSES:
                self._reduce_stock(order)
            self._orders[order_id] = order
            return order

    def payment_received(self, order_id: int, transaction_id: str | None = None) -> Order:
        """The payment of an order awaiting it arrives and the merchant marks the order paid
        (``WC_Order::payment_complete``): status processing, paid now, stock reduced if it was not;
        ``transaction_id`` (a bank transfer's or a cheque's reference the merchant typed in) becomes
        the order's ``transaction_id`` (``payment_complete`` sets a non-empty one), else it stays.

        :raise ControlPlaneError: no such order (404); an order that is not awaiting payment (409).
        """
        order = self.order(order_id)
        if order is None:
            raise ControlPlaneError(f"The store has no order {order_id}.", 404, "not_found")
        with order.lock:
            if order.status not in AWAITING_PAYMENT_STATUSES:
                raise ControlPlaneError(f"Order {order_id} is {order.status}, not awaiting payment "
                                        f"({', '.join(AWAITING_PAYMENT_STATUSES)}).", 409, "conflict")
            with self._lock:
                if order.status not in STOCK_REDUCED_STATUSES:
                    self._reduce_stock(order)
            now = self._now()
            order.notes.append(f"Order status changed from {order.status.title()} to Processing.")
            order.status, order.paid_at, order.modified_at = "processing", now, now
            if transaction_id:
                order.transaction_id = transaction_id
            return order

    def create_order(self, values: dict[str, Any]) -> Order:
        """``POST /orders`` with validated arguments: products by ``sku`` or ``product_id`` at the
        catalogue's price unless ``subtotal``/``total`` say otherwise; shipping and fee lines; no tax
        (the simulated store has no tax rates for REST-created orders); ``set_paid`` records the
        payment (status ``processing``).

        :raise WooCommerceError: a line without a product reference, an unknown product, a quantity
            below 1, an amount beyond the simulator's bound (400).
        """
        lines = []
        for index, raw in enumerate(values.get("line_items") or []):
            raw = raw if isinstance(raw, dict) else {}
            product: Product | None = None
            if raw.get("sku"):
                product = self.product_by_sku(str(raw["sku"]))
            elif not php_empty(raw.get("product_id")):
                product_id = _item_key(raw["product_id"])
                product = self.products.get(product_id) if product_id is not None else None
            else:
                raise errors.WooCommerceError("Product ID or SKU is required.",
                                              code="woocommerce_rest_required_product_reference")
            if product is None:
                raise errors.WooCommerceError("Invalid product ID.", code="woocommerce_rest_invalid_product_id")
            quantity = int(raw["quantity"]) if raw.get("quantity") is not None else 1
            if quantity < 1:
                raise errors.WooCommerceError("Quantity must be at least 1.", code="woocommerce_rest_invalid_quantity")
            lines.append({"product": product, "name": product.name, "quantity": quantity,
                          "subtotal": _line_amount(raw.get("subtotal"), f"line_items[{index}][subtotal]"),
                          "total": _line_amount(raw.get("total"), f"line_items[{index}][total]")})
            if lines[-1]["subtotal"] is None and lines[-1]["total"] is None:
                lines[-1]["total"] = _line_amount(php_number(product.price * quantity), "line_items")
        shipping = [{"method_id": str(raw.get("method_id") or ""), "method_title": str(raw.get("method_title") or ""),
                     "total": _line_amount(raw.get("total"), f"shipping_lines[{i}][total]") or ZERO}
                    for i, raw in enumerate(values.get("shipping_lines") or []) if isinstance(raw, dict)]
        fees = [{"name": str(raw.get("name") or ""), "total": _line_amount(raw.get("total"), f"fee_lines[{i}][total]") or ZERO}
                for i, raw in enumerate(values.get("fee_lines") or []) if isinstance(raw, dict)]
        currency = values.get("currency") or "USD"  # one of CURRENCIES (validated with the arguments)
        status = values.get("status") or "pending"
        if values.get("set_paid") and status in ("pending", "on-hold", "failed"):
            status = "processing"  # payment_complete()
        address = ("first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode",
                   "country")
        billing = {k: str((values.get("billing") or {}).get(k) or "") for k in (*address, "email", "phone")}
        ship_to = {k: str((values.get("shipping") or {}).get(k) or "") for k in address}
        meta = [(m["key"], m.get("value")) for m in values.get("meta_data") or []
                if isinstance(m, dict) and isinstance(m.get("key"), str)]
        order = self.place_order(
            lines=lines, shipping=shipping, fees=fees, status=status, currency=currency, billing=billing,
            shipping_address=ship_to, customer_id=values.get("customer_id") or 0,
            customer_note=values.get("customer_note") or "", payment_method=values.get("payment_method") or "",
            payment_method_title=values.get("payment_method_title") or "",
            transaction_id=values.get("transaction_id") or "", created_via="rest-api", meta=meta)
        if status == "refunded":
            # save_object sets the status once the order is built (pending → refunded), so the
            # transition's hook wc_order_fully_refunded refunds what remains (RULES.md §3).
            with order.lock:
                self._fully_refunded(order)
        return order

    def _fully_refunded(self, order: Order) -> None:
        """``wc_order_fully_refunded``: an order set to ``refunded`` by hand gets a refund of what
        remains (``total - total_refunded``, unrounded) — "Order fully refunded.", no line items, no
        gateway, no restock — and a note; nothing when nothing remains (a refund of a negative
        amount would be refused, and the hook ignores the refusal). Call under the order's lock."""
        remaining = order.total - order.total_refunded
        if remaining <= 0:
            return
        self._write_refund(order, remaining, "Order fully refunded.", [], False, False, {}, None, partial=False)
        order.notes.append("Order status set to refunded. To return funds to the customer you will need to issue "
                           "a refund through your payment gateway.")

    def order_refund(self, order_id: int, refund_id: int) -> Refund:
        """``GET /orders/{order_id}/refunds/{refund_id}``.

        :raise InvalidId: no such refund (404).
        :raise BareDataError: no such order, or not the refund's order (HTTP 500 with data 404).
        """
        refund = self.refund(refund_id)
        if refund is None:
            raise errors.InvalidId("shop_order_refund")
        if self.order(order_id) is None:
            raise errors.invalid_order_id()
        if refund.order_id != order_id:
            raise errors.invalid_refund_id()
        return refund

    def _reduce_stock(self, order: Order) -> None:
        """``wc_reduce_stock_levels``: each managed product down by its quantity, ``_reduced_stock`` noted."""
        changes = []
        for item in order.items_of("line_item"):
            product = self.products.get(item.product_id)
            if product is None or not product.manage_stock or product.stock_quantity is None:
                continue
            old = product.stock_quantity
            product.stock_quantity = old - item.quantity
            item.set_meta("_reduced_stock", str(item.quantity), self._meta_id)
            changes.append(f"{item.name} ({product.sku or product.id}) {old}&rarr;{product.stock_quantity}")
        if changes:
            order.notes.append("Stock levels reduced: " + ", ".join(changes))

    # ----------------------------------------------------------------- refunds
    def create_refund(self, order_id: int, params: dict[str, Any], raw: dict[str, Any]) -> Refund:
        """``POST /orders/{order_id}/refunds``. ``params`` are the validated arguments
        (``amount`` as sent or None, ``reason``, ``meta_data``, ``api_refund``, ``api_restock``);
        ``raw`` is the request's own parameters (``id``, ``line_items`` as sent).

        :raise RefundExists: the body names an ``id``.
        :raise BareDataError: the order does not exist; a negative amount; an amount above what
            remains; the gateway refused (all HTTP 500, as WooCommerce answers them).
        :raise CriticalError: a quantity or amount PHP cannot compute with.
        """
        if not php_empty(raw.get("id")):
            raise errors.RefundExists()
        reason = params.get("reason") or None
        api_refund = params["api_refund"] if isinstance(params.get("api_refund"), bool) else True
        api_restock = params["api_restock"] if isinstance(params.get("api_restock"), bool) else True
        line_items = _internal_line_items(raw.get("line_items"))
        amount_raw: Any = params.get("amount")
        if amount_raw is None:
            computed = _amount_from_lines(line_items)
            amount_raw = None if computed is None else php_number(computed)
        order = self.order(order_id)
        if order is None:
            raise errors.invalid_order_id()
        with order.lock:
            return self._refund(order, amount_raw, reason, line_items, api_refund, api_restock,
                                params.get("meta_data"))

    def _refund(self, order: Order, amount_raw: Any, reason: str | None, line_items: Any, api_refund: bool,
                api_restock: bool, meta_data: Any) -> Refund:
        """``wc_create_refund`` for ``order`` (its lock held): check everything, then write."""
        if php_greater(ZERO, amount_raw if amount_raw is not None else ZERO):
            raise errors.negative_amount()
        remaining = order.remaining_refund_amount
        if amount_raw is not None and php_greater(amount_raw, remaining):
            raise errors.cannot_create_refund("Invalid refund amount.")
        amount = _stored_amount(amount_raw)
        if amount.copy_abs() >= MAX_MAGNITUDE:  # unreachable past the check above; kept for the bound's sake
            raise errors.cannot_create_refund("Invalid refund amount.")
        planned = self._plan_refund_items(order, line_items)
        gateway_failure = self._gateway_refusal(order, amount) if api_refund else None
        if gateway_failure is not None:
            # WooCommerce saved the refund, the gateway refused, the refund is deleted again.
            raise errors.cannot_create_refund(gateway_failure)
        # wc_create_refund's test of a partial refund, with what remained before this one.
        refunded_count = sum(int(qty) for _, qty, _, _ in planned)
        partial = (remaining - amount) > 0 or (bool(line_items) and order.has_free_item()
                                               and order.remaining_refund_items - refunded_count > 0)
        return self._write_refund(order, amount, reason, planned, api_refund, api_restock, line_items, meta_data,
                                  partial)

    def _plan_refund_items(self, order: Order, line_items: Any) -> list[tuple[Item, Decimal, Decimal, dict[int, Decimal]]]:
        """(order item, quantity, refund_total, taxes by rate) for each order item the request names
        (nothing is written). Items not on the order, or with nothing to refund, are skipped."""
        planned: list[tuple[Item, Decimal, Decimal, dict[int, Decimal]]] = []
        if not isinstance(line_items, dict) or not line_items:
            return planned
        for item in order.items:
            wanted = line_items.get(item.id)
            if wanted is None:
                continue
            if not isinstance(wanted, dict):
                wanted = {}
            qty_raw = wanted.get("qty", 0)
            total_raw = wanted.get("refund_total")
            tax_raw = wanted.get("refund_tax")
            refund_tax: dict[int, Decimal] = {}
            if isinstance(tax_raw, (dict, list)):
                pairs = tax_raw.items() if isinstance(tax_raw, dict) else enumerate(tax_raw)
                for rate_key, tax_amount in pairs:
                    number = php_numeric(tax_amount)
                    rate_id = _item_key(rate_key)
                    if number is not None and rate_id is not None:
                        refund_tax[rate_id] = _bounded(number)
            elif tax_raw is not None and not php_empty(tax_raw):
                number = php_numeric(tax_raw)  # (array) cast of a scalar: the value under key 0
                if number is not None:
                    refund_tax[0] = _bounded(number)
            if php_empty(qty_raw) and php_empty(total_raw) and php_empty(tax_raw):
                continue
            # Quantities are bounded as amounts are (FIDELITY.md): 1e9999999 units, read as an int
            # later, has ten million digits.
            qty = _bounded(php_arithmetic(qty_raw, "quantity"))
            total = _bounded(php_arithmetic(total_raw, "refund_total"))
            planned.append((item, qty, total, refund_tax))
        return planned

    def _gateway_refusal(self, order: Order, amount: Decimal) -> str | None:
        """``wc_refund_payment``: None when the gateway refunded, else its message. An armed
        failure is used up only when the gateway was reached (call under the order's lock).

        The gateway is looked up among every registered one (``WC_Payment_Gateways::payment_gateways()``,
        not the available ones): switched off in the settings it still refunds; its plugin
        deactivated, it does not exist."""
        gateway = self.registered_gateway(order.payment_method)
        if gateway is None:
            return "The payment gateway for this order does not exist."
        if not gateway.supports_refunds:
            return "The payment gateway for this order does not support automatic refunds."
        with self._lock:
            for failure in self.gateway_failures:
                if failure.remaining > 0 and failure.payment_method in (None, order.payment_method):
                    failure.remaining -= 1
                    return failure.message
        if amount == 0:
            return GATEWAY_ZERO_AMOUNT
        return None

    def _write_refund(self, order: Order, amount: Decimal, reason: str | None,
                      planned: list[tuple[Item, Decimal, Decimal, dict[int, Decimal]]], refunded_payment: bool,
                      restock: bool, line_items: Any, meta_data: Any, partial: bool) -> Refund:
        """Add a refund every check has passed (the order's lock held): nothing here refuses."""
        now = self._now()
        with self._lock:
            items = []
            for item, qty, total, taxes in planned:
                copy = Item(self._item_id(), item.type, item.name, -int(qty) if item.type == "line_item" else 0,
                            -total, -total, {rate: -value for rate, value in taxes.items()},
                            product_id=item.product_id, method_id=item.method_id)
                copy.meta.append((self._meta_id(), "_refunded_item_id", str(item.id)))
                items.append(copy)
            rates = sorted({rate for i in items for rate in i.taxes})
            refund = Refund(self._post_id(), order.id, now, amount, reason, ADMIN_USER_ID, refunded_payment, items,
                            {rate: self._item_id() for rate in rates})
            for meta in meta_data if isinstance(meta_data, list) else []:
                if isinstance(meta, dict) and isinstance(meta.get("key"), str):
                    refund.meta.append((self._meta_id(), meta["key"], meta.get("value")))
            self._refunds[refund.id] = refund
        order.refunds.append(refund)
        if refunded_payment:
            order.notes.append(f"Refunded {format_decimal(amount)} {order.currency} via {order.payment_method}.")
        if restock:
            self._restock(order, line_items)
        if not partial and order.status != "refunded":
            order.notes.append(f"Order status changed from {order.status.title()} to Refunded.")
            order.status = "refunded"
        order.modified_at = now
        return refund

    def _restock(self, order: Order, line_items: Any) -> None:
        """``wc_restock_refunded_items``: each product line given a quantity goes back in stock if
        WooCommerce had reduced it (``_reduced_stock``) and the product manages stock."""
        if not isinstance(line_items, dict):
            return
        for item in order.items_of("line_item"):
            wanted = line_items.get(item.id)
            if not isinstance(wanted, dict) or wanted.get("qty") is None:
                continue
            product = self.products.get(item.product_id)
            reduced = item.meta_value("_reduced_stock")
            qty = int(php_arithmetic(wanted["qty"], "quantity"))
            if php_empty(reduced) or not qty or product is None or not product.manage_stock:
                continue
            old = product.stock_quantity or 0
            with self._lock:
                product.stock_quantity = old + qty
                item.set_meta("_reduced_stock", str(int(reduced) - qty), self._meta_id)
                restocked = int(item.meta_value("_restock_refunded_items") or 0)
                item.set_meta("_restock_refunded_items", str(restocked + qty), self._meta_id)
            order.notes.append(f"Item #{product.id} stock increased from {old} to {product.stock_quantity}.")

    def delete_refund(self, order_id: int, refund_id: int, force: bool) -> Refund:
        """``DELETE /orders/{order_id}/refunds/{refund_id}``: the refund goes, the order's refunded
        total and remaining amount follow; its status and stock stay as they are.

        :raise InvalidId: no such refund (404).
        :raise TrashNotSupported: ``force`` false (501): refunds cannot be trashed; nothing deleted.
        :raise BareDataError: the order does not exist or is not the refund's (HTTP 500) — raised
            **after** the refund was deleted, as WooCommerce's ``delete_item`` does.
        """
        refund = self.refund(refund_id)
        if refund is None:
            raise errors.InvalidId("shop_order_refund")
        if not force:
            raise errors.TrashNotSupported()
        owner = self.order(refund.order_id)
        if owner is not None:
            with owner.lock:
                if refund in owner.refunds:
                    owner.refunds.remove(refund)
        with self._lock:
            self._refunds.pop(refund.id, None)
        if self.order(order_id) is None:
            raise errors.invalid_order_id()
        if refund.order_id != order_id:
            raise errors.invalid_refund_id()
        return refund


# ================================================================================= request helpers
def _internal_line_items(raw: Any) -> Any:
    """``adjust_line_items_for_create_refund_request``: ``[{id, quantity, refund_total, refund_tax:
    [{id, refund_total}]}]`` → ``{id: {qty, refund_total, refund_tax: {rate: amount}}}``; left as it
    is when it is not a list of objects that all have an ``id``."""
    if php_empty(raw):
        return {}
    if not isinstance(raw, list) or not all(isinstance(i, dict) and i.get("id") is not None for i in raw):
        return raw
    converted: dict[Any, Any] = {}
    for entry in raw:
        item = dict(entry)
        if item.get("quantity") is not None and item.get("qty") is None:
            item["qty"] = item["quantity"]
        item.pop("quantity", None)
        taxes = item.get("refund_tax")
        if isinstance(taxes, list) and taxes and all(
                isinstance(t, dict) and t.get("id") is not None and t.get("refund_total") is not None for t in taxes):
            item["refund_tax"] = {_item_key(t["id"]) if _item_key(t["id"]) is not None else str(t["id"]):
                                  t["refund_total"] for t in taxes}
        key = _item_key(item.pop("id"))
        converted[key if key is not None else str(entry.get("id"))] = item
    return converted


def _amount_from_lines(line_items: Any) -> Decimal | None:
    """``calculate_refund_amount_from_line_items``: Σ refund_total + Σ refund_tax, only when every
    one of them is numeric."""
    if not line_items:
        return None
    entries = line_items.values() if isinstance(line_items, dict) else line_items if isinstance(line_items, list) else []
    amount = ZERO
    for item in entries:
        number = php_numeric(item.get("refund_total")) if isinstance(item, dict) else None
        if number is None:
            return None
        amount += _bounded(number)
        taxes = item.get("refund_tax")
        if taxes is None:
            continue
        for tax in (taxes.values() if isinstance(taxes, dict) else taxes if isinstance(taxes, list) else []):
            tax_number = php_numeric(tax)
            if tax_number is None:
                return None
            amount += _bounded(tax_number)
    return amount


def _line_amount(raw: Any, where: str) -> Decimal | None:
    """An order line's ``subtotal`` or ``total`` as ``wc_format_decimal`` reads it (junk is 0).

    :raise InvalidParams: beyond the simulator's bound (FIDELITY.md).
    """
    if raw is None:
        return None
    number = php_numeric(raw)
    if number is None:
        return ZERO
    if number.copy_abs() >= MAX_MAGNITUDE:
        raise errors.InvalidParams({where: ("rest_out_of_bounds", f"{where} must be less than {MAX_MAGNITUDE:,}.")})
    return number


def _bounded(number: Decimal) -> Decimal:
    """An amount within the simulator's bound (see FIDELITY.md); beyond it a refund is refused."""
    if not number.is_finite() or number.copy_abs() >= MAX_MAGNITUDE:
        raise errors.cannot_create_refund("Invalid refund amount.")
    return number


def _stored_amount(raw: Any) -> Decimal:
    """``set_amount(wc_format_decimal($amount))``: a numeric amount as given; of a string PHP keeps
    the digits, dots and minus signs."""
    if raw is None:
        return ZERO
    number = php_numeric(raw)
    if number is None:
        digits = re.sub(r"\.(?![^.]+$)|[^0-9.\-]", "", str(raw))
        try:
            number = Decimal(digits) if digits not in ("", "-", ".", "-.") else ZERO
        except InvalidOperation:
            number = ZERO
    return _bounded(number)


# ================================================================================= collections
def _dated(moment: datetime, values: dict[str, Any], after: str, before: str) -> bool:
    start = parse_wp_date(values[after]) if values.get(after) else None
    end = parse_wp_date(values[before]) if values.get(before) else None
    return (start is None or moment > start) and (end is None or moment < end)


def _ordered(records: list[Any], values: dict[str, Any], created: Callable[[Any], datetime],
             modified: Callable[[Any], datetime]) -> list[Any]:
    """WP_Query's ``orderby`` (``date`` and ``modified`` break ties by id, as the CRUD controller
    asks) and ``order``; ``title`` and ``slug`` sort by id (the simulated posts have no titles)."""
    orderby = values["orderby"]
    include = values.get("include") or []
    keys: dict[str, Callable[[Any], Any]] = {
        "date": lambda r: (created(r), r.id), "modified": lambda r: (modified(r), r.id),
        "include": lambda r: include.index(r.id) if r.id in include else len(include),
    }
    ordered = sorted(records, key=keys.get(orderby, lambda r: r.id), reverse=values["order"] == "desc")
    if orderby == "include":  # WP orders by the list as given, whatever "order" says
        ordered = sorted(records, key=keys["include"])
    return ordered


def find_orders(store: Store, values: dict[str, Any]) -> list[Order]:
    """``GET /orders``: the store's orders matching the collection arguments, in order."""
    statuses = set(values.get("status") or ["any"])
    wanted = set(ORDER_STATUSES_ANY) if "any" in statuses else set()
    wanted |= statuses - {"any"}
    search = (values.get("search") or "").lower()
    include, exclude = values.get("include") or [], values.get("exclude") or []
    parents, parent_exclude = values.get("parent") or [], values.get("parent_exclude") or []
    matches = []
    for order in store.orders():
        with order.lock:
            text = " ".join([*order.billing.values(), *order.shipping.values(), *(i.name for i in order.items)]).lower()
            if (order.status in wanted and (not include or order.id in include) and order.id not in exclude
                    and (not parents or 0 in parents) and 0 not in parent_exclude
                    and (not values.get("customer") or order.customer_id == values["customer"])
                    and (not values.get("product") or any(i.product_id == values["product"] for i in order.items))
                    and (not search or search in text)
                    and _dated(order.created_at, values, "after", "before")
                    and _dated(order.modified_at, values, "modified_after", "modified_before")):
                matches.append(order)
    return _ordered(matches, values, lambda o: o.created_at, lambda o: o.modified_at)


def find_refunds(store: Store, values: dict[str, Any], order_id: int | None) -> list[Refund]:
    """``GET /orders/{order_id}/refunds`` (that order's, none for an unknown order) or ``GET /refunds``
    (every order's; ``parent`` is ignored there, as WooCommerce drops it)."""
    search = (values.get("search") or "").lower()
    include, exclude = values.get("include") or [], values.get("exclude") or []
    parent_exclude = values.get("parent_exclude") or []
    matches = [
        r for r in store.refunds()
        if (order_id is None or r.order_id == order_id) and (not include or r.id in include) and r.id not in exclude
        and r.order_id not in parent_exclude and (not search or search in (r.reason or "").lower())
        and _dated(r.created_at, values, "after", "before") and _dated(r.created_at, values, "modified_after",
                                                                        "modified_before")
    ]
    return _ordered(matches, values, lambda r: r.created_at, lambda r: r.created_at)
