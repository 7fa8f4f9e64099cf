"""The people around the connector, as small action clients the steps call: the NetSuite user who
bills and refunds orders, the merchant who sells and refunds on Shopify, Magento or WooCommerce,
the eBay seller and buyer.

Each acts only through the vendor APIs (or, for what only a test can do — an eBay buyer's order or
return request — the control plane), exactly as they would in production. What they read back is
put in one neutral shape per kind of thing (:class:`StorefrontOrder`, :class:`StorefrontRefund`,
:class:`NetSuiteRecord`), so a check is written once for every storefront.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from faker import Faker

from fixtures.builders import netsuite_item, order_contents, shopify_order
from simulators.clients import (
    ControlPlaneClient, EbayClient, MagentoClient, NetSuiteClient, ShopifyClient, VendorError, WooCommerceClient,
)
from simulators.shopify.params import parse_form

CENT = Decimal("0.01")
ZERO = Decimal("0")
BILLING_RECORD = {"cash sale": "cashSale", "invoice": "invoice"}
REFUND_RECORD = {"cashSale": "cashRefund", "invoice": "creditMemo"}
#: A storefront refund of an order that paid nothing there (on payment terms, not captured yet).
_UNPAID = ("the order is unpaid (on payment terms): nothing was paid on {storefront} to refund{why}; capture its payment "
           "first ('Given the order's payment has been captured on the storefront')")
#: SuiteQL ``transaction.type`` codes → REST record types: what an order's refunds are created from,
#: and the refunds.
BILLED_SOURCES = {"CashSale": "cashSale", "CustInvc": "invoice"}
RETURN_SOURCE = {"RtnAuth": "returnAuthorization"}
REFUNDS = {"CashRfnd": "cashRefund", "CustCred": "creditMemo"}


#: What a storefront refund's fees are filed under among its goods (:class:`StorefrontRefund`), and a
#: NetSuite refund's lines of the account's fee item: the fees given back, before their tax.
FEES = "fees"


def money(value: Any) -> Decimal:
    """An amount to the cent, rounded half up as the vendors round money."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# ====================================================================== orders
@dataclass(frozen=True)
class LineSpec:
    """A line a scenario asks for: ``tax`` and ``discount`` are the line's whole tax and discount."""

    sku: str
    units: int
    price: Decimal
    tax: Decimal = ZERO
    discount: Decimal = ZERO


@dataclass(frozen=True)
class OrderSpec:
    """The order a scenario asks for. Lines and shipping left out are drawn from the scenario's Faker."""

    paid: bool = True
    currency: str = "USD"
    lines: tuple[LineSpec, ...] | None = None
    shipping: Decimal | None = None
    shipping_tax: Decimal = ZERO
    #: Prices (of lines and shipping) that already hold their tax, as shops that show prices with tax do.
    taxes_included: bool = False
    #: The customer of an earlier order: the new one is theirs too (same name and email).
    customer_of: StorefrontOrder | None = None
    #: The buyer's name as the storefront has it ("Ana Lucia Souza"); drawn from the Faker when None.
    buyer: str | None = None
    #: A discount code of this amount off the whole order, spread over its lines by the storefront.
    discount_code: Decimal = ZERO
    #: A shipping discount of this amount off ``shipping``: on eBay its combined shipping discount (the
    #: order's ``deliveryDiscount``), on Shopify a free shipping code (all of it), on Magento a cart
    #: price rule applied to the shipping (``shipping_discount_amount``); WooCommerce refuses it.
    shipping_discount: Decimal = ZERO
    #: The customer's first card payment was declined before the one that paid (Shopify keeps the
    #: failed sale among the order's transactions).
    declined_first: bool = False
    #: The units of each line (in the order of ``lines``) on the first of two invoices the card
    #: payment is captured in, the rest on the second (Magento bills an order in several invoices);
    #: None: one invoice, captured at checkout.
    first_invoice: tuple[int, ...] | None = None
    #: The order went in two packages, the first's shipping and its tax these (0.00 and 0.00: sent free),
    #: the second's ``shipping`` (Shopify and WooCommerce only: they keep a shipping line per package,
    #: so this line comes before the one that charged ``shipping``); None: one package.
    first_package: tuple[Decimal, Decimal] | None = None
    #: The customer paid this much first, through this gateway (``gift_card``: a gift card;
    #: ``shopify_payments``: a card), and the rest by card (Shopify only: it keeps one sale
    #: transaction per payment, as after an order edit that collected more, or a gift card applied
    #: at checkout); None: one card payment.
    first_payment: tuple[Decimal, str] | None = None
    #: The customer paid the whole order with a gift card (Shopify only: its one sale transaction is
    #: the gift card's, and no card payment takes a refund).
    gift_card_only: bool = False
    #: The card payment was authorized at checkout and captured later in two parts, the first this
    #: much (Shopify only: a capture transaction per part, each the parent of its refunds); None:
    #: paid at checkout.
    first_capture: Decimal | None = None
    #: The first line is a configurable product's (Magento only: a shirt sold in sizes; Magento's order
    #: then has the line, and after it the simple product chosen as a child item of its own).
    first_configurable: bool = False
    #: The seller has shipped the order (eBay only: a buyer may ask to cancel an order only before it
    #: ships; the other storefronts' orders have no shipping state here).
    shipped: bool = True
    #: The order's fees, in order: each its name, its total before tax and its tax (WooCommerce only:
    #: a fee line each, such as gift wrap, which the order's total and tax hold); none by default.
    fees: tuple[tuple[str, Decimal, Decimal], ...] = ()
    #: The gateway the customer paid through, by its id (WooCommerce only: one of the merchant's,
    #: :attr:`WooCommerceMerchant.GATEWAYS` for a paid order, :attr:`WooCommerceMerchant.ON_TERMS`
    #: for an unpaid one); None: drawn per order.
    gateway: str | None = None


@dataclass(frozen=True)
class OrderLine:
    """A line of a storefront order: ``tax`` and ``discount`` are the whole line's; with
    ``tax_included`` its price already holds its tax."""

    id: Any
    sku: str
    title: str
    units: int
    price: Decimal
    tax: Decimal = ZERO
    discount: Decimal = ZERO
    tax_included: bool = False

    @property
    def subtotal(self) -> Decimal:
        """What the line's goods cost after its discount, before tax."""
        return money(self.price * self.units - self.discount - (self.tax if self.tax_included else ZERO))


@dataclass(frozen=True)
class OrderFee:
    """A fee of a storefront order (WooCommerce's ``fee_lines``: gift wrap, a surcharge): its line id,
    name, total before tax and tax."""

    id: Any
    name: str
    total: Decimal
    tax: Decimal = ZERO


#: Why the carts take no shipping discount from a scenario.
SHIPPING_DISCOUNT_OFF_WOOCOMMERCE = ("a discount on the shipping is an eBay, Shopify or Magento step (eBay's combined "
                                    "shipping discount, Shopify's free shipping code, a Magento cart price rule applied "
                                    "to the shipping): the WooCommerce simulator keeps no shipping discount (a coupon "
                                    "takes nothing off WooCommerce's shipping); leave the shipping row's discount empty")

#: storefront key → its name as scenarios and people write it.
STOREFRONT_NAMES = {"shopify": "Shopify", "ebay": "eBay", "magento": "Magento", "woocommerce": "WooCommerce"}


@dataclass
class StorefrontOrder:
    """An order on the storefront, as the scenario knows it."""

    storefront: str
    id: str
    currency: str
    lines: list[OrderLine]
    shipping: Decimal
    paid: bool
    shipping_tax: Decimal = ZERO
    email: str = ""
    customer: dict[str, str] = field(default_factory=dict)
    #: The shipping's price already holds its tax (``shipping`` is then that price, less the tax).
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    #: The order's fees (WooCommerce's fee lines): the order's total and tax hold them.
    fees: list[OrderFee] = field(default_factory=list)

    @property
    def tax(self) -> Decimal:
        return sum((line.tax for line in self.lines), self.shipping_tax) + sum((fee.tax for fee in self.fees), ZERO)

    @property
    def store(self) -> str:
        """The storefront's name as a scenario writes it (``WooCommerce``, not ``woocommerce``)."""
        return STOREFRONT_NAMES.get(self.storefront, self.storefront)

    @property
    def total(self) -> Decimal:
        return sum((line.subtotal for line in self.lines), self.shipping) + sum((fee.total for fee in self.fees), ZERO) + self.tax


@dataclass(frozen=True)
class RefundAsk:
    """What to refund: units of lines, shipping (``ALL_SHIPPING`` for what is left), or ``amount``
    of money without lines (a general refund)."""

    lines: tuple[tuple[OrderLine, int], ...] = ()
    shipping: Decimal = ZERO
    amount: Decimal | None = None
    note: str = "Refund by the merchant"
    #: eBay: the buyer's return postage the seller pays back with a return (``RETURN_SHIPPING``).
    return_postage: Decimal = ZERO


ALL_SHIPPING = Decimal("-1")


@dataclass(frozen=True)
class StorefrontRefund:
    """A refund as the storefront shows it. ``money`` is what went back to the buyer (successful
    refund transactions only; ``declined`` what a gateway refused, ``pending`` what it holds); ``units``, ``goods`` and
    ``line_tax`` are per SKU (``goods`` has the fees given back, before tax, as :data:`FEES`;
    ``line_tax`` has the shipping's tax as ``shipping``: the tax each
    refunded line gives back, where the storefront keeps tax per line); ``parents`` are the
    payments the money went back to."""

    id: str
    money: Decimal
    currency: str
    units: dict[str, int]
    goods: dict[str, Decimal]
    tax: Decimal
    shipping: Decimal
    declined: Decimal = ZERO
    #: What the payment gateway holds pending: on its way to the buyer, not in ``money`` until it settles.
    pending: Decimal = ZERO
    notify: bool | None = None
    parents: tuple[str, ...] = ()
    note: str = ""
    line_tax: dict[str, Decimal] = field(default_factory=dict)
    #: The lines the refund names that give back nothing (no unit, no money, no tax): by SKU, or
    #: ``shipping``, or a fee's name. WooCommerce keeps a copy of every order line a refund request
    #: names unless its quantity, refund total and tax are all PHP-``empty()`` — and ``"0.00"`` is
    #: not (RULES.md §2.3) —, so a line named with nothing to give back shows on the refund as
    #: given back, for 0.00. Storefronts that keep no such line leave it empty.
    empty_lines: tuple[str, ...] = ()


class Storefront(Protocol):
    """What every storefront's merchant (or seller) does in a scenario."""

    storefront: str

    def new_order(self, spec: OrderSpec) -> StorefrontOrder: ...

    def capture_payment(self, order: StorefrontOrder) -> None: ...

    def refund(self, order: StorefrontOrder, ask: RefundAsk) -> Any: ...

    def refunds(self, order: StorefrontOrder) -> list[StorefrontRefund]: ...

    def payments(self, order: StorefrontOrder) -> list[str]: ...

    def refunded_order(self, url: str, answer: str) -> str | None:
        """The ID of the order (as :class:`StorefrontOrder` has it) a refund request this storefront
        answered (its URL, its answer's body, as the journal keeps them) made a refund against;
        None when the request names none."""
        ...

    def source_of(self, order: StorefrontOrder, record: str) -> tuple[Decimal, str] | None:
        """(amount, currency) of the storefront refund a connector names as ``record``, or None."""
        ...

    #: The connector's requests that create a refund on this storefront: (method, path regex).
    refund_request: tuple[str, str]

    def notifies(self, body: str) -> bool | None:
        """Whether a refund request's body (as the journal keeps it) asks the storefront to notify
        the customer; None when this storefront has no such choice."""
        ...

    def restocks(self, body: str) -> bool | None:
        """Whether a refund request's body asks the storefront to put refunded items back in stock;
        None when this storefront has no such choice."""
        ...

    def decline_next_refund(self) -> None:
        """The storefront's payment gateway declines the next refund that moves money.

        :raise ValueError: this storefront's gateway cannot be made to."""
        ...


def refunded_total(storefront: Storefront, order: StorefrontOrder) -> Decimal:
    """The money the storefront gave back on the order, in all."""
    return sum((refund.money for refund in storefront.refunds(order)), ZERO)


def refunded_units(storefront: Storefront, order: StorefrontOrder) -> Counter[str]:
    """Units refunded per SKU across the order's refunds."""
    units: Counter[str] = Counter()
    for refund in storefront.refunds(order):
        units.update(refund.units)
    return +units


# ===================================================================== NetSuite
@dataclass
class NetSuiteRecord:
    """A NetSuite record the scenario made or found: type, internal id and its REST JSON."""

    type: str
    id: str
    body: dict[str, Any] = field(repr=False, default_factory=dict)
    #: The SKU of each item the scenario renamed in NetSuite (internal id → SKU): a line is named
    #: by it, not by the item's new name.
    skus: dict[str, str] = field(repr=False, default_factory=dict)

    def sku_of(self, item: dict[str, Any]) -> str:
        """The SKU of a line's item (its reference): the one it had when the scenario renamed it, else its name."""
        return self.skus.get(str(item.get("id"))) or item.get("refName", "")

    @property
    def total(self) -> Decimal:
        return money(self.body["total"])

    @property
    def label(self) -> str:
        return f"{self.type} {self.id}"

    @property
    def currency(self) -> str:
        return str((self.body.get("currency") or {}).get("refName", ""))

    @property
    def shipping(self) -> Decimal:
        return money(self.body.get("shippingCost") or 0)

    @property
    def tax(self) -> Decimal:
        return money(self.body.get("taxTotal") or 0)

    @property
    def lines(self) -> list[dict[str, Any]]:
        """The item lines: ``{"item" (internal id), "name" (the item's name: the SKU), "quantity", "rate", "amount",
        "description"}``."""
        return [{"item": str(line["item"]["id"]), "name": self.sku_of(line["item"]),
                 "quantity": int(Decimal(str(line.get("quantity", 0)))), "rate": money(line.get("rate", 0)),
                 "amount": money(line.get("amount", 0)), "description": line.get("description")}
                for line in (self.body.get("item") or {}).get("items", [])]

    @property
    def created_from(self) -> str | None:
        created = self.body.get("createdFrom")
        return str(created["id"]) if created else None


class NetSuiteUser:
    """Someone working in NetSuite: keeps the catalogue, bills orders, refunds them."""

    ADJUSTMENT_ITEMS = (("Refund Adjustment +", "REFUND-ADJ-POS"), ("Refund Adjustment -", "REFUND-ADJ-NEG"))
    #: The Other Charge for Sale item an account syncs WooCommerce's fees against (name, external id).
    FEE_ITEM = ("WooCommerce Fees", "WOOCOMMERCE-FEES")

    def __init__(self, netsuite: NetSuiteClient) -> None:
        self.netsuite = netsuite
        #: Internal ids of the refunds this user entered standalone (not from a record): the
        #: scenario's, never counted as a connector's refund made in the wrong place.
        self.entered: set[str] = set()
        #: The items this user renamed (internal id → the SKU they had, which the store still sells them by).
        self.skus: dict[str, str] = {}
        #: The kinds of item the next orders' SKUs go into the catalogue as, in turn (:meth:`add_items`).
        self.item_types: tuple[str, ...] = self.ITEM_TYPES

    def record(self, record_type: str, record_id: str) -> NetSuiteRecord:
        return NetSuiteRecord(record_type, record_id, self.netsuite.get(record_type, record_id), self.skus)

    def close_sales_order(self, order: StorefrontOrder) -> None:
        """Close every line of the order's sales order (the sales order's Close button: the rest will
        never ship or bill); NetSuite shows it Closed once nothing is left to bill."""
        sales_order = self.sales_order(order)
        self.netsuite.patch("salesOrder", sales_order.id, {"item": {"items": [
            {"line": line["line"], "isClosed": True} for line in sales_order.body["item"]["items"]]}})

    def rename_item(self, sku: str, name: str) -> str:
        """Rename the NetSuite item of ``sku`` (its ``itemId``) to ``name``, as a merchant tidying the
        catalogue after the order synced; the store still sells it as ``sku``. Its internal id.

        :raise LookupError: no item of that SKU."""
        found = self.item_of(sku)
        if found is None:
            raise LookupError(sku)
        record_type, item_id = found
        self.netsuite.patch(record_type, item_id, {"itemId": name})
        self.skus.setdefault(item_id, sku)
        return item_id

    def item_of(self, sku: str) -> tuple[str, str] | None:
        """The record type and internal id of the NetSuite item whose ``itemId`` is ``sku``, if any."""
        for record_type in self.ITEM_TYPES + self.OTHER_ITEM_TYPES:
            found = self.netsuite.query(record_type, f'itemId IS "{sku}"')
            if found:
                return record_type, str(found[0])
        return None

    #: The kinds of item a SKU of the order is in the catalogue, in turn: the first an inventory item
    #: (the goods a store keeps in stock), the second a non-inventory item for sale, and so on. A
    #: connector that looks a SKU up among one kind only fails every order with a SKU of the other.
    ITEM_TYPES = ("inventoryItem", "nonInventorySaleItem")
    #: The other kinds of item a store sells ("NetSuite keeps the storefront's items as kits, ..."): a
    #: gift set kept as a kit (a package of items), a lamp built as an assembly, gift wrapping as a
    #: service, goods drop-shipped as non-inventory items for resale.
    OTHER_ITEM_TYPES = ("kitItem", "assemblyItem", "serviceSaleItem", "nonInventoryResaleItem")

    def add_items(self, lines: Sequence[OrderLine]) -> None:
        """Put the storefront's SKUs in the NetSuite catalogue (an order sync prerequisite): one item
        per SKU, at the price of its first line (an order may hold a SKU on several lines), of the
        kinds of :attr:`item_types` in turn."""
        seen: list[str] = []
        for line in lines:
            if line.sku not in seen:
                record_type = self.item_types[len(seen) % len(self.item_types)]
                seen.append(line.sku)
                self.netsuite.create(record_type, netsuite_item(line.sku, line.title, str(line.price)))

    def add_item(self, name: str, price: Decimal) -> str:
        """One more sale item (not on any order); its internal id."""
        return self.netsuite.create("nonInventorySaleItem", netsuite_item(name, name, str(price)))

    #: Another buyer's order already in the account: no scenario's SKU, email or order id is one of these.
    OTHER_BUYER = {"firstName": "Grace", "lastName": "Hopper", "email": "grace.hopper@example.org"}
    OTHER_SKUS = {"inventoryItem": "ZZ-OTHER-INVENTORY", "nonInventorySaleItem": "ZZ-OTHER-SALE"}
    OTHER_ORDER = "ZZ-OTHER-ORDER-1"
    #: Her second order, billed as an invoice and credited in full.
    OTHER_INVOICED_ORDER = "ZZ-OTHER-ORDER-2"
    #: Her order of a scenario's item, whose return is authorized.
    OTHER_RETURNED_ORDER = "ZZ-OTHER-ORDER-3"

    def add_other_buyers_order(self) -> str:
        """Another buyer's customer, an inventory item and a sale item of other SKUs, and two sales
        orders of hers: one (external id :attr:`OTHER_ORDER`) billed as a cash sale and refunded in
        full with a cash refund, one (:attr:`OTHER_INVOICED_ORDER`) billed as an invoice and credited
        in full with a credit memo. An account in use is never empty, and a connector that takes
        the first record of a search it forgot to filter finds these first (a list answers in the
        order the records were made). The first sales order's internal id."""
        customer = self._other_buyer()
        items = [self.netsuite.create(record_type, netsuite_item(sku, "Another buyer's item", "12.00"))
                 for record_type, sku in self.OTHER_SKUS.items()]
        lines = [{"item": {"id": item}, "quantity": 1, "rate": 12.0, "amount": 12.0} for item in items]
        first = ""
        for external_id, billing in ((self.OTHER_ORDER, "cashSale"), (self.OTHER_INVOICED_ORDER, "invoice")):
            sales_order = self.netsuite.create("salesOrder", {
                "externalId": external_id, "entity": {"id": customer}, "currency": {"id": "1"}, "item": {"items": lines}})
            billed = self.netsuite.transform("salesOrder", sales_order, billing)
            self.netsuite.transform(billing, billed, "cashRefund" if billing == "cashSale" else "creditMemo")
            first = first or sales_order
        return first

    def add_other_buyers_order_numbered(self, external_id: str, email: str | None = None, *, refunded: bool = True) -> str:
        """Another buyer's sales order (the customer of :meth:`add_other_buyers_order`, made now if
        the account has none) whose external ID is ``external_id`` — another store's order of the same
        number, an earlier integration's —, of one unit of a sale item of another SKU at 10.00,
        billed as a cash sale and refunded in full with a cash refund. Its internal id. With
        ``email``: the same buyer's order on another store — her customer of that email (made now, as
        that store's connector would, if NetSuite has none). Not ``refunded``: its unit is 500.00, and
        its cash sale is left unrefunded (room for any refund of the scenario's order)."""
        price = "10.00" if refunded else "500.00"
        item = self.netsuite.create("nonInventorySaleItem", netsuite_item("ZZ-OTHER-STORE", "Another store's item", price))
        if email is None:
            customer = self._other_buyer()
        else:
            found = self.customers_with_email(email)
            customer = found[0] if found else self.netsuite.create(
                "customer", {"isPerson": True, "firstName": "Returning", "lastName": "Buyer", "email": email})
        sales_order = self.netsuite.create("salesOrder", {
            "externalId": external_id, "entity": {"id": customer}, "currency": {"id": "1"},
            "item": {"items": [{"item": {"id": item}, "quantity": 1, "rate": float(price), "amount": float(price)}]}})
        cash_sale = self.netsuite.transform("salesOrder", sales_order, "cashSale")
        if refunded:
            self.netsuite.transform("cashSale", cash_sale, "cashRefund")
        return sales_order

    def add_other_buyers_return(self, item_id: str, rate: Any, quantity: int) -> NetSuiteRecord:
        """Another buyer's sales order (external id :attr:`OTHER_RETURNED_ORDER`) of ``quantity``
        units of the item ``item_id`` at ``rate``, billed as a cash sale, and her approved return authorization of
        them, not refunded yet: two buyers return the same product. Her customer is the one of
        :meth:`add_other_buyers_order`, made now if the account has none."""
        sales_order = self.netsuite.create("salesOrder", {
            "externalId": self.OTHER_RETURNED_ORDER, "entity": {"id": self._other_buyer()}, "currency": {"id": "1"},
            "item": {"items": [{"item": {"id": item_id}, "quantity": quantity, "rate": rate}]}})
        self.netsuite.transform("salesOrder", sales_order, "cashSale")
        return self.record("returnAuthorization", self.netsuite.transform("salesOrder", sales_order, "returnAuthorization"))

    def add_inactive_customer(self, email: str) -> str:
        """A customer of ``email`` the merchant deactivated (a duplicate, merged away): still in
        NetSuite, found by her email, not to be used. Its internal id."""
        return self.netsuite.create("customer", {"isPerson": True, "firstName": "Old", "lastName": "Duplicate",
                                                 "email": email, "isInactive": True})

    def merge_customer(self, customer_id: str) -> str:
        """The merchant merges a duplicate away: a new customer of the same person and email (the one
        kept), and ``customer_id`` deactivated. The kept customer's internal id."""
        body = self.netsuite.get("customer", customer_id)
        kept = self.netsuite.create("customer", {"isPerson": True, "firstName": body.get("firstName") or "Kept",
                                                 "lastName": body.get("lastName") or "Customer", "email": body.get("email")})
        self.netsuite.patch("customer", customer_id, {"isInactive": True})
        return str(kept)

    def replace_item(self, sku: str, old_name: str) -> str:
        """The merchant retires the item of ``sku`` (renamed ``old_name``, the store still selling the
        old orders' units by it) and makes a new item named ``sku`` for the orders to come. The new
        item's internal id."""
        self.rename_item(sku, old_name)
        return str(self.netsuite.create("nonInventorySaleItem", netsuite_item(sku, sku, "12.00")))

    def _other_buyer(self) -> str:
        """The other buyer's customer (:attr:`OTHER_BUYER`), made if the account has none; its internal id."""
        found = self.customers_with_email(self.OTHER_BUYER["email"])
        return found[0] if found else self.netsuite.create("customer", {"isPerson": True, **self.OTHER_BUYER})

    def add_adjustment_items(self) -> tuple[str, str]:
        """Two "Other Charge for Sale" items for positive and negative refund adjustments (found if
        they exist already)."""
        ids = []
        for name, external_id in self.ADJUSTMENT_ITEMS:
            found = self.netsuite.query("otherChargeSaleItem", f'externalId IS "{external_id}"')
            ids.append(found[0] if found else self.netsuite.create("otherChargeSaleItem", {"itemId": name, "externalId": external_id}))
        return ids[0], ids[1]

    #: The Discount item a NetSuite user takes money off a refund with (name, external id).
    DISCOUNT_ITEM = ("Refund Discount", "REFUND-DISCOUNT")

    def add_discount_item(self) -> str:
        """The Discount item of :attr:`DISCOUNT_ITEM` (found if it exists already): a line of it holds
        a rate and an amount, and no quantity."""
        name, external_id = self.DISCOUNT_ITEM
        found = self.netsuite.query("discountItem", f'externalId IS "{external_id}"')
        return found[0] if found else self.netsuite.create("discountItem", {"itemId": name, "externalId": external_id})

    def add_fee_item(self) -> str:
        """The "Other Charge for Sale" item WooCommerce's fees sync against (:attr:`FEE_ITEM`; found
        if it exists already); its internal id."""
        name, external_id = self.FEE_ITEM
        found = self.netsuite.query("otherChargeSaleItem", f'externalId IS "{external_id}"')
        return found[0] if found else self.netsuite.create("otherChargeSaleItem", {"itemId": name, "externalId": external_id})

    def sales_order(self, order: StorefrontOrder | str) -> NetSuiteRecord:
        """The sales order the connector created for ``order`` (its externalId is the order id;
        the order, or its id)."""
        body = self.netsuite.get("salesOrder", f"eid:{order if isinstance(order, str) else order.id}")
        return NetSuiteRecord("salesOrder", body["id"], body, self.skus)

    def find_sales_order(self, order: StorefrontOrder | str) -> NetSuiteRecord | None:
        """The order's sales order (:meth:`sales_order`), or None when NetSuite has none (deleted,
        or never synced): NetSuite answers 404."""
        try:
            return self.sales_order(order)
        except VendorError as exc:
            if exc.status == 404:
                return None
            raise

    def created_from(self, record: NetSuiteRecord, *, returns: bool = True) -> list[tuple[str, str]]:
        """``(record type, internal id)`` of the bills (cash sales, invoices) and, with ``returns``, the
        return authorizations created from a sales order, by internal id."""
        return self._created_from([record.id], {**BILLED_SOURCES, **(RETURN_SOURCE if returns else {})})

    def customers_with_email(self, email: str) -> list[str]:
        return self.netsuite.query("customer", f'email IS "{email}"')

    def customers_named(self, first: str, last: str) -> list[str]:
        """The customers of this first and last name (``IS`` ignores case: NetSuite's own does)."""
        return self.netsuite.query("customer", f'firstName IS {json.dumps(first)} AND lastName IS {json.dumps(last)}'
                                   if last else f'firstName IS {json.dumps(first)}')

    def bill(self, order: StorefrontOrder, billing: str, *, without: str | None = None,
             part: tuple[str, int] | None = None) -> NetSuiteRecord:
        """Bill the order's sales order as a ``cash sale`` or an ``invoice``; ``without``: the SKU of a
        line left off the bill (billed later, or never); ``part``: (SKU, units) — that many units of
        the SKU's line billed now, the rest later (shipped in two)."""
        record_type = BILLING_RECORD[billing]
        sales_order = self.sales_order(order)
        if without is None and part is None:
            return self.record(record_type, self.netsuite.transform("salesOrder", sales_order.id, record_type))
        items = [{"item": {"id": line["item"]["id"]}, "rate": line["rate"],
                  "quantity": part[1] if part and sales_order.sku_of(line["item"]) == part[0] else line["quantity"]}
                 for line in sales_order.body["item"]["items"] if sales_order.sku_of(line["item"]) != without]
        return self.record(record_type, self.netsuite.transform("salesOrder", sales_order.id, record_type,
                                                                {"item": {"items": items}}))

    def authorize_return(self, order: StorefrontOrder, quantity: int, *, approved: bool = True) -> NetSuiteRecord:
        """A return authorization of ``quantity`` units of the order's first line (sales order →
        return authorization), approved (Pending Receipt) or, not ``approved``, Pending Approval."""
        sales_order = self.sales_order(order)
        line = sales_order.body["item"]["items"][0]
        ra_id = self.netsuite.transform("salesOrder", sales_order.id, "returnAuthorization", {
            **({} if approved else {"orderStatus": {"id": "A"}}),
            "item": {"items": [{"item": {"id": line["item"]["id"]}, "quantity": quantity, "rate": line["rate"]}]}})
        return self.record("returnAuthorization", ra_id)

    def refund_return(self, return_authorization: NetSuiteRecord, billed: NetSuiteRecord) -> NetSuiteRecord:
        """Refund a return authorization whole (NetSuite's returns process: return authorization →
        cash refund of an order billed as a cash sale, credit memo of one billed as an invoice)."""
        record_type = REFUND_RECORD[billed.type]
        return self.record(record_type, self.netsuite.transform("returnAuthorization", return_authorization.id, record_type))

    def refunds_created_from_returns(self, order: StorefrontOrder) -> list[NetSuiteRecord]:
        """Cash refunds and credit memos created from the order's return authorizations (none
        without a sales order of it)."""
        sales_order = self.find_sales_order(order)
        if sales_order is None:
            return []
        returns = self._created_from([sales_order.id], RETURN_SOURCE)
        return self._refunds_created_from([rid for _, rid in returns])

    def pay_invoice(self, invoice: NetSuiteRecord, amount: Decimal | None = None) -> NetSuiteRecord:
        """Record the customer's payment of the invoice (invoice → customer payment): all it owes, or
        ``amount`` of it."""
        body = None if amount is None else {"payment": float(amount)}
        return self.record("customerPayment", self.netsuite.transform("invoice", invoice.id, "customerPayment", body))

    def refund(self, billed: NetSuiteRecord, body: dict[str, Any] | None = None) -> NetSuiteRecord:
        """Refund from the billed record: a cash refund of a cash sale, a credit memo of an invoice.
        ``body`` overrides lines or fields (a partial refund)."""
        record_type = REFUND_RECORD[billed.type]
        return self.record(record_type, self.netsuite.transform(billed.type, billed.id, record_type, body or {}))

    def refund_lines(self, billed: NetSuiteRecord, lines: Sequence[tuple[str, int, Decimal]], *,
                     shipping: Decimal = ZERO, tax: Decimal = ZERO, extra: Sequence[dict[str, Any]] = ()) -> NetSuiteRecord:
        """A partial refund: ``(SKU, units, rate)`` of the billed record's lines, with the shipping and
        tax given, and ``extra`` lines (adjustments) as NetSuite takes them (:meth:`refund_lines_body`).

        :raise ValueError: a SKU that is not on the billed record.
        """
        return self.refund(billed, self.refund_lines_body(billed, lines, shipping=shipping, tax=tax, extra=extra))

    def refund_lines_body(self, billed: NetSuiteRecord, lines: Sequence[tuple[str, int, Decimal]], *,
                          shipping: Decimal = ZERO, tax: Decimal = ZERO,
                          extra: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
        """The body of a partial refund (:meth:`refund`) of ``(SKU, units, rate)`` of the billed
        record's lines, with the shipping and tax given and ``extra`` lines (a fee, an adjustment)
        before them — a NetSuite user enters the lines in any order, and a connector that stops at
        the first line that is no item of the order loses the items after it; nothing is asked of
        NetSuite. The rate picks, among the billed lines of the SKU, the one whose rate is nearest
        it: an order may hold one SKU on several lines at different prices, and the NetSuite user
        refunds a unit of one of them at its rate (a refund line takes the billed line's rate).

        :raise ValueError: a SKU that is not on the billed record.
        """
        billed_lines: dict[str, list[dict[str, Any]]] = {}
        for line in billed.body["item"]["items"]:
            billed_lines.setdefault(billed.sku_of(line["item"]), []).append(line)
        missing = [sku for sku, _, _ in lines if sku not in billed_lines]
        if missing:
            raise ValueError(f"{billed.label} has no line of {', '.join(missing)}")
        items = []
        for sku, units, rate in lines:
            chosen = min(billed_lines[sku], key=lambda c: abs(Decimal(str(c["rate"])) - rate))
            items.append({"item": {"id": chosen["item"]["id"]}, "quantity": units, "rate": chosen["rate"]})
        return {"shippingCost": float(shipping), "taxTotal": float(tax), "item": {"items": [*extra, *items]}}

    @staticmethod
    def body_total(body: dict[str, Any]) -> Decimal:
        """What a refund made from ``body`` (lines with quantity and rate, shipping, tax) totals, as
        NetSuite computes it: each line's quantity × rate to the cent, plus shipping and tax."""
        lines = sum((money(Decimal(str(line.get("quantity", 1))) * Decimal(str(line.get("rate", 0))))
                     for line in body.get("item", {}).get("items", [])), ZERO)
        return lines + money(body.get("shippingCost") or 0) + money(body.get("taxTotal") or 0)

    def unlinked_credit_memo(self, billed: NetSuiteRecord) -> NetSuiteRecord:
        """A credit memo for the same customer and lines, entered standalone, not from the invoice."""
        lines = [{"item": {"id": l["item"]["id"]}, "quantity": l["quantity"], "rate": l["rate"]}
                 for l in billed.body["item"]["items"]]
        memo_id = self.netsuite.create("creditMemo", {"entity": {"id": billed.body["entity"]["id"]},
                                                      "currency": {"id": billed.body["currency"]["id"]}, "item": {"items": lines}})
        self.entered.add(memo_id)
        return self.record("creditMemo", memo_id)

    def apply_credit_memo(self, credit_memo: NetSuiteRecord, invoice: NetSuiteRecord,
                          amount: Decimal | None = None) -> NetSuiteRecord:
        """Apply ``amount`` of ``credit_memo`` (all of it by default) to ``invoice`` (its Apply subtab,
        beside what it applies already); the credit memo as it is now."""
        applied = credit_memo.total if amount is None else amount
        self.netsuite.patch("creditMemo", credit_memo.id, {"apply": {"items": [
            {"doc": {"id": invoice.id}, "apply": True, "amount": float(applied)}]}})
        return self.record("creditMemo", credit_memo.id)

    def customer_refunds_of(self, credit_memo: NetSuiteRecord) -> list[tuple[NetSuiteRecord, Decimal]]:
        """The customer refunds that pay ``credit_memo`` out, each with what it applies of it (NetSuite
        links an application as a ``Payment`` in ``NextTransactionLineLink``), by internal id."""
        rows = self.netsuite.suiteql(f"SELECT nextdoc, foreignamount FROM nexttransactionlinelink WHERE previousdoc = "
                                     f"{int(credit_memo.id)} AND nexttype = 'CustRfnd' AND linktype = 'Payment' ORDER BY nextdoc")
        return [(self.record("customerRefund", str(row["nextdoc"])), money(row["foreignamount"])) for row in rows]

    def customer_refund(self, credit_memo: NetSuiteRecord) -> NetSuiteRecord:
        """Refund a credit memo's money with a customer refund applying it."""
        refund_id = self.netsuite.create("customerRefund", {
            "customer": {"id": credit_memo.body["entity"]["id"]},
            "apply": {"items": [{"doc": {"id": credit_memo.id}, "apply": True, "amount": float(credit_memo.total)}]},
        })
        return self.record("customerRefund", refund_id)

    def delete_sales_order(self, order: StorefrontOrder) -> None:
        self.netsuite.delete("salesOrder", self.sales_order(order).id)

    def delete_order_with_records(self, order: StorefrontOrder) -> None:
        """Delete the order's sales order the only way NetSuite lets a user once it is billed: each
        refund made from its bills first (cash refunds, credit memos), then the bills (cash sales,
        invoices), then the sales order — NetSuite keeps a record others are created from.

        :raise VendorError: NetSuite keeps one of them (a customer refund or payment applies it, a
            return authorization is created from the sales order)."""
        sales_order = self.sales_order(order)
        for bill_type, bill_id in self.created_from(sales_order, returns=False):
            bill = self.record(bill_type, bill_id)
            for refund in self.refunds_created_from(bill):
                self.netsuite.delete(refund.type, refund.id)
            self.netsuite.delete(bill.type, bill.id)
        self.netsuite.delete("salesOrder", sales_order.id)

    def refunds_created_from(self, billed: NetSuiteRecord) -> list[NetSuiteRecord]:
        """The billed record's refunds of its own kind: cash refunds of a cash sale, credit memos of an invoice."""
        kind = {code: record_type for code, record_type in REFUNDS.items() if record_type == REFUND_RECORD[billed.type]}
        return [self.record(record_type, rid) for record_type, rid in self._created_from([billed.id], kind)]

    def refunds_of(self, order: StorefrontOrder) -> list[NetSuiteRecord]:
        """Every NetSuite refund of the order, by internal id: the cash refunds and credit memos created
        from its cash sales, invoices and return authorizations; none when NetSuite has no sales
        order of it (never synced), where NetSuite answers the sales order's lookup 404."""
        sales_order = self.find_sales_order(order)
        if sales_order is None:
            return []
        sources = self._created_from([sales_order.id], {**BILLED_SOURCES, **RETURN_SOURCE})
        return self._refunds_created_from([rid for _, rid in sources])

    def standalone_refunds(self, order: StorefrontOrder) -> list[NetSuiteRecord]:
        """The cash refunds and credit memos of the order's customer (its sales order's entity, and
        every customer with the order's email) created from no record, but for those this user
        entered: refunds someone else — the connector — wrote outside the order's records, which
        :meth:`refunds_of` cannot see (a refund NetSuite has of the order belongs on its bill or
        return authorization)."""
        sales_order = self.find_sales_order(order)
        customers = set(self.customers_with_email(order.email)) if order.email else set()
        if sales_order is not None and sales_order.body.get("entity"):
            customers.add(str(sales_order.body["entity"]["id"]))
        if not customers:
            return []
        codes = ", ".join(f"'{code}'" for code in REFUNDS)
        rows = self.netsuite.suiteql(f"SELECT id, type, createdfrom FROM transaction WHERE entity IN "
                                     f"({', '.join(sorted(customers))}) AND type IN ({codes}) ORDER BY id")
        return [self.record(REFUNDS[row["type"]], str(row["id"])) for row in rows
                if not row.get("createdfrom") and str(row["id"]) not in self.entered]

    def _refunds_created_from(self, source_ids: Sequence[str]) -> list[NetSuiteRecord]:
        return [self.record(record_type, rid) for record_type, rid in self._created_from(source_ids, REFUNDS)]

    def _created_from(self, source_ids: Sequence[str], types: dict[str, str]) -> list[tuple[str, str]]:
        """``(record type, internal id)`` of the transactions of ``types`` (SuiteQL type code → REST
        record type) created from any of ``source_ids``, by internal id. One SuiteQL SELECT, where
        the REST ``q`` filter takes a query per record type and per source."""
        if not source_ids:
            return []
        codes = ", ".join(f"'{code}'" for code in types)
        rows = self.netsuite.suiteql(f"SELECT id, type FROM transaction WHERE createdfrom IN ({', '.join(source_ids)}) "
                                     f"AND type IN ({codes}) ORDER BY id")
        return [(types[row["type"]], row["id"]) for row in rows]


# ====================================================================== Shopify
def _presented(value: dict[str, Any] | None) -> Decimal:
    """The customer's money of a Shopify money bag (``presentment_money``): the order's currency."""
    return money(((value or {}).get("presentment_money") or {}).get("amount", 0))


class ShopifyMerchant:
    """The merchant's side of Shopify: orders come in, refunds go out. The shop sells in
    :data:`SHOP_CURRENCY`; an order in another currency is presented to the customer in it, at the
    shop's rate (:data:`RATES`), and every amount the scenario sees is the customer's."""

    storefront = "shopify"
    refund_request = ("POST", r"/orders/\d+/refunds\.json$")
    SHOP_CURRENCY = "USD"
    #: Shop currency per unit of a presentment currency (a plausible day's rates).
    RATES = {"EUR": "1.085", "GBP": "1.27", "CAD": "0.73", "AUD": "0.66"}

    def __init__(self, shopify: ShopifyClient, faker: Faker, control: ControlPlaneClient | None = None,
                 tenant: str = "") -> None:
        self.shopify = shopify
        self.faker = faker
        self.control = control
        self.tenant = tenant

    #: The values Rails casts to false (ActiveModel::Type::Boolean's FALSE_VALUES); "" and nil are nil.
    _RAILS_FALSE = frozenset({"0", "f", "F", "false", "FALSE", "off", "OFF"})

    @staticmethod
    def _refund_sent(body: str) -> dict[str, Any] | None:
        """The ``refund`` of a refund request's body as Shopify reads it: JSON, or a form
        (``refund[notify]=true``, Rails' nested parameters), which Shopify takes as well — a
        connector's choice sent as a form is its choice all the same. None: neither."""
        try:
            sent = json.loads(body)
        except ValueError:
            try:
                sent = parse_form(body)
            except ValueError:
                return None
        refund = sent.get("refund") if isinstance(sent, dict) else None
        return refund if isinstance(refund, dict) else None

    @classmethod
    def _rails_true(cls, value: Any) -> bool:
        """Whether Rails casts ``value`` to true: ``"false"`` is false, as are ``false``, ``0``, nil and ``""``."""
        return value not in (None, "", False, 0) and str(value) not in cls._RAILS_FALSE

    @classmethod
    def notifies(cls, body: str) -> bool | None:
        """Shopify's ``refund.notify`` as Rails casts it (false when left out)."""
        refund = cls._refund_sent(body)
        return None if refund is None else cls._rails_true(refund.get("notify"))

    @classmethod
    def restocks(cls, body: str) -> bool | None:
        """A refund line's ``restock_type`` other than ``no_restock`` (its default)."""
        refund = cls._refund_sent(body)
        if refund is None:
            return None
        lines = refund.get("refund_line_items") or []
        return any(isinstance(line, dict) and line.get("restock_type", "no_restock") not in ("no_restock", None)
                   for line in (lines if isinstance(lines, list) else []))

    def decline_next_refund(self, status: str = "failure") -> None:
        """The shop's payment gateway declines the next refund that moves money (the control plane):
        its transactions ``failure``, or ``error`` (the gateway could not process it)."""
        if self.control is None:
            raise ValueError("declining a refund needs the control plane")
        self.control.decline_shopify_refunds(self.tenant, 1, status=status)

    def hold_next_refund(self, hours: int) -> None:
        """The shop's payment gateway holds the next refund that moves money pending for ``hours``
        on the simulator clock, then gives it back (the control plane)."""
        if self.control is None:
            raise ValueError("holding a refund pending needs the control plane")
        self.control.hold_shopify_refunds(self.tenant, 1, hours)

    def decline_next_refund_on(self, order: StorefrontOrder, payment: int) -> None:
        """The card of the order's ``payment``-th payment (0: the first) was closed: the gateway
        declines the next refund's transaction on it, and the refund's others go through.

        :raise ValueError: the order has no such payment."""
        if self.control is None:
            raise ValueError("declining a refund needs the control plane")
        payments = self.payments(order)
        if payment >= len(payments):
            raise ValueError(f"the order has {len(payments)} payment(s) on Shopify: name one of them (first"
                             f"{' or second' if len(payments) > 1 else ''})")
        self.control.decline_shopify_refunds(self.tenant, 1, parent_id=int(payments[payment]))

    def new_order(self, spec: OrderSpec) -> StorefrontOrder:
        """An order as Shopify's checkout leaves it, in the shop's currency or one it presents (:data:`RATES`).

        :raise ValueError: a currency the shop does not sell in (Shopify refuses it: "is not one of the
            shop's presentment currencies").
        """
        if spec.currency != self.SHOP_CURRENCY and spec.currency not in self.RATES:
            raise ValueError(f"the Shopify shop sells in {', '.join([self.SHOP_CURRENCY, *self.RATES])}: an order in "
                             f"{spec.currency} is in none of them: write one of them")
        if spec.shipping_discount and (spec.shipping_discount != spec.shipping or spec.shipping_tax or spec.discount_code
                                       or spec.first_package is not None):
            raise ValueError("a discount on a Shopify order's shipping is a free shipping code: it takes all of the "
                             "shipping, with no tax on it, and is the order's one discount code (write the shipping's "
                             "price as its discount, no shipping tax and no discount code row)")
        body = shopify_order(self.faker, currency=spec.currency, paid=spec.paid)
        if spec.currency != self.SHOP_CURRENCY:  # presented in the customer's currency
            if self.control is None:
                raise ValueError("an order in another currency than the shop's needs the control plane (rates)")
            self.control.shopify_currency(self.tenant, rates=self.RATES)
            del body["currency"]
            body["presentment_currency"] = spec.currency
        if spec.taxes_included:
            body["taxes_included"] = True
        if spec.customer_of is not None:
            body["email"] = spec.customer_of.email
            body["customer"] = dict(spec.customer_of.customer)
        if spec.buyer is not None:  # Shopify keeps a first and a last name: the first word, and the rest
            first, _, last = spec.buyer.partition(" ")
            body["customer"] = {"first_name": first, "email": body["email"], **({"last_name": last} if last else {})}
        if spec.lines is not None:
            body["line_items"] = [self._line(line) for line in spec.lines]
        else:
            # A shop often ships before the order syncs (goods fulfilled at once, a sync that ran
            # late): of drawn orders, the first line has shipped — its fulfillable_quantity is 0,
            # its quantity what was bought.
            body["line_items"][0]["fulfillment_status"] = "fulfilled"
        codes_off = ZERO
        if spec.lines is None and not spec.discount_code and not spec.shipping_discount:
            # Shopify combines discounts: of drawn orders, two codes on the lines, which Shopify
            # spreads over them, each line keeping its share of each as a discount allocation of its own.
            body["discount_codes"] = [{"code": "SPRING", "amount": "2.00", "type": "fixed_amount"},
                                      {"code": "LOYAL", "amount": "1.00", "type": "fixed_amount"}]
            codes_off = Decimal("3.00")
        if spec.discount_code:
            body["discount_codes"] = [{"code": "REFUNDSIM", "amount": str(spec.discount_code), "type": "fixed_amount"}]
        if spec.shipping_discount:  # "a free shipping discount on orders that have a shipping rate <= amount"
            body["discount_codes"] = [{"code": "FREESHIP", "amount": str(spec.shipping_discount), "type": "shipping"}]
        if spec.shipping is not None:
            body["shipping_lines"] = [{"title": "Standard", "code": "STANDARD", "price": str(spec.shipping),
                                       **({"tax_lines": self._tax_lines(spec.shipping_tax)}
                                          if spec.shipping_tax else {})}] if spec.shipping or spec.shipping_tax else []
        if spec.first_package is not None:  # a shipping line per package, the first's first (Order: shipping_lines[])
            package, package_tax = spec.first_package
            body["shipping_lines"].insert(0, {"title": "Standard", "code": "STANDARD", "price": str(package),
                                              **({"tax_lines": self._tax_lines(package_tax)} if package_tax else {})}
                                          if package else {"title": "Free shipping", "code": "FREE", "price": "0.00"})
        if spec.paid:
            included = spec.taxes_included
            total = (sum((Decimal(l["price"]) * l["quantity"] - Decimal(l.get("total_discount", "0"))
                          + (ZERO if included else sum((Decimal(t["price"]) for t in l.get("tax_lines", [])), ZERO))
                          for l in body["line_items"]), ZERO)
                     + sum((Decimal(s["price"]) + (ZERO if included else sum((Decimal(t["price"]) for t in s.get("tax_lines", [])), ZERO))
                            for s in body["shipping_lines"]), ZERO)
                     - spec.discount_code - spec.shipping_discount - codes_off)
            body["transactions"] = [{"kind": "sale", "status": "success", "amount": str(money(total)),
                                     "gateway": "shopify_payments"}]
            if spec.gift_card_only:
                body["transactions"][0]["gateway"] = "gift_card"
            if spec.first_payment:
                paid_first, gateway = spec.first_payment
                if paid_first >= money(total):  # the rest by card: something must be left for it
                    raise ValueError(f"the first payment ({paid_first}) is not less than the order's total ({money(total)}): "
                                     f"write less than {money(total)}, so the card pays the rest")
                body["transactions"] = [{**body["transactions"][0], "amount": str(paid_first), "gateway": gateway},
                                        {**body["transactions"][0], "amount": str(money(total) - paid_first)}]
            if spec.declined_first:
                body["transactions"].insert(0, {**body["transactions"][0], "status": "failure"})
            if spec.first_capture is not None:
                if spec.first_capture >= money(total):
                    raise ValueError(f"the first capture ({spec.first_capture}) is not less than the order's total "
                                     f"({money(total)}): write less than {money(total)}, so the second captures the rest")
                body["transactions"][0]["kind"] = "authorization"
        raw = self.shopify.create_order(body)
        if spec.first_capture is not None:  # the merchant captures at shipping: part, then the rest
            authorization = self.shopify.transactions(raw["id"])[0]
            for part in (spec.first_capture, money(total) - spec.first_capture):
                self.shopify.create_transaction(raw["id"], {"kind": "capture", "parent_id": authorization["id"],
                                                            "amount": str(part)})
            raw = self.shopify.order(raw["id"])
        included = bool(raw.get("taxes_included"))
        shipping_tax = sum((_presented(t.get("price_set")) for s in raw["shipping_lines"] for t in s.get("tax_lines", [])), ZERO)
        return StorefrontOrder(
            "shopify", str(raw["id"]), raw.get("presentment_currency") or raw["currency"],
            [OrderLine(l["id"], l["sku"], l["title"], l["quantity"], _presented(l["price_set"]),
                       sum((_presented(t.get("price_set")) for t in l.get("tax_lines", [])), ZERO),
                       # every discount on the line, its own (total_discount) included
                       sum((_presented(a.get("amount_set")) for a in l.get("discount_allocations", [])), ZERO),
                       tax_included=included)
             for l in raw["line_items"]],
            # What the customer pays for shipping: after a free shipping code (discounted_price_set).
            sum((_presented(s["discounted_price_set"]) for s in raw["shipping_lines"]), ZERO) - (shipping_tax if included else ZERO),
            spec.paid, shipping_tax=shipping_tax,
            email=raw.get("email") or "", customer=dict(body.get("customer") or {}), raw=raw,
        )

    @staticmethod
    def _tax_lines(tax: Decimal) -> list[dict[str, str]]:
        """A line's tax as a US shop charges it (:func:`state_and_county`), each a tax line of its
        own (Shopify's example order: "State tax" 6%, "County tax" 2.5%)."""
        state, county = state_and_county(tax)
        return [{"title": "State tax", "price": str(state)}] + ([{"title": "County tax", "price": str(county)}] if county else [])

    @staticmethod
    def _line(line: LineSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"title": f"Item {line.sku}", "sku": line.sku, "quantity": line.units, "price": str(line.price)}
        if line.tax:
            out["tax_lines"] = ShopifyMerchant._tax_lines(line.tax)
        if line.discount:
            out["total_discount"] = str(line.discount)
        return out

    def _currency(self, order: StorefrontOrder) -> dict[str, str]:
        """What Shopify wants with an amount of an order presented in another currency."""
        return {"currency": order.currency} if order.currency != order.raw.get("currency", order.currency) else {}

    def capture_payment(self, order: StorefrontOrder) -> None:
        """Record the customer's payment of an order on terms ("Mark as paid"); a paid order is left as is."""
        if self.shopify.order(order.id)["financial_status"] == "paid":
            return
        self.shopify.create_transaction(order.id, {"kind": "sale", "status": "success", "amount": str(order.total),
                                                   "gateway": "manual", "source": "external", **self._currency(order)})

    def payments(self, order: StorefrontOrder) -> list[str]:
        """The order's successful captures (the payments a refund goes back to)."""
        return [str(t["id"]) for t, _ in self._payments_left(order)]

    def _payments_left(self, order: StorefrontOrder) -> list[tuple[dict[str, Any], Decimal]]:
        """The order's successful sales and captures, in the order Shopify lists them, each with
        what its successful refunds have not given back yet."""
        transactions = self.shopify.transactions(order.id)
        return [(t, money(t["amount"]) - sum((money(r["amount"]) for r in transactions if r["kind"] == "refund"
                                              and r["status"] == "success" and r.get("parent_id") == t["id"]), ZERO))
                for t in transactions if t["kind"] in ("sale", "capture") and t["status"] == "success"]

    def refunded_by_payment(self, order: StorefrontOrder) -> list[Decimal]:
        """What the order's refunds gave back to each of its payments, in the order Shopify lists them."""
        return [money(t["amount"]) - left for t, left in self._payments_left(order)]

    def refund(self, order: StorefrontOrder, ask: RefundAsk) -> dict[str, Any]:
        """Refund on Shopify as the admin's Refund page does: the lines and shipping asked for, the
        money Shopify calculates for them back to the payments it suggests (or ``ask.amount`` alone,
        on the order's payments in turn, each up to what it has left).

        :raise ValueError: the order has no payment (on terms, not captured): nothing to refund."""
        payments = self._payments_left(order)
        if not payments:
            raise ValueError(_UNPAID.format(storefront="Shopify", why=""))
        body: dict[str, Any] = {"note": ask.note, **self._currency(order)}
        if ask.lines:
            # As the admin's Refund page: units not shipped yet are cancelled (restock type ``cancel``:
            # "use this when restocking unfulfilled line items"), shipped ones that came back are
            # restocked (``return``: the page's "Restock" ticked, as a return is refunded). A
            # connector that took ``cancel`` lines for an order edit's, or ``return`` ones for goods a
            # NetSuite return will credit, and left them out, passed while every refund here was
            # ``no_restock``.
            unshipped = {item["id"]: item["fulfillable_quantity"] for item in self.shopify.order(order.id)["line_items"]}
            body["refund_line_items"] = [{"line_item_id": line.id, "quantity": units,
                                          "restock_type": "cancel" if unshipped.get(line.id, 0) >= units else "return"}
                                         for line, units in ask.lines]
        if ask.shipping:
            body["shipping"] = {"full_refund": True} if ask.shipping == ALL_SHIPPING else {"amount": str(ask.shipping)}
        shares: list[tuple[dict[str, Any], Decimal]] = []
        if ask.amount is not None:
            rest = money(ask.amount)
            for payment, left in payments:
                if rest > 0 and left > 0:
                    shares.append((payment, min(rest, left)))
                    rest -= shares[-1][1]
            if rest > 0 or not shares:  # more than the order has left: Shopify says so
                shares.append((payments[0][0], rest))
        else:
            calculated = self.shopify.calculate_refund(order.id, {k: v for k, v in body.items() if k != "note"})
            by_id = {t["id"]: t for t, _ in payments}
            shares = [(by_id[t["parent_id"]], money(t["amount"])) for t in calculated["transactions"]
                      if money(t["amount"]) > 0] or [(payments[0][0], ZERO)]  # nothing left: Shopify refuses 0.00
        body["transactions"] = [{"parent_id": payment["id"], "amount": str(value), "kind": "refund",
                                 "gateway": payment["gateway"]} for payment, value in shares]
        return self.shopify.create_refund(order.id, body)

    def restock(self, order: StorefrontOrder, line: OrderLine, units: int) -> dict[str, Any]:
        """Return ``units`` of ``line`` to stock on Shopify's Refund page with no money back (the
        refund's amount set to 0.00: an exchange, units sent back before the money is settled): a
        refund with no transaction, its line restocked — ``cancel`` while the units are not shipped
        yet, ``return`` once they are (Shopify takes each for those units only)."""
        unshipped = next(item["fulfillable_quantity"] for item in self.shopify.order(order.id)["line_items"]
                         if item["id"] == line.id)
        return self.shopify.create_refund(order.id, {"note": "Returned to stock, no money back", **self._currency(order),
                                                     "refund_line_items": [{"line_item_id": line.id, "quantity": units,
                                                                            "restock_type": "cancel" if unshipped >= units
                                                                            else "return"}]})

    def cancel(self, order: StorefrontOrder, *, refund: bool) -> dict[str, Any] | None:
        """Cancel the order on Shopify's order page (More actions > Cancel order), with its refund:
        every unit not refunded yet and the shipping left, back on the payments Shopify suggests
        (its calculation), unshipped units restocked (``cancel``) — or, ``refund`` false, nothing
        refunded. The cancellation's refund (noted "Order canceled"), or None.

        :raise ValueError: the order is cancelled already (Shopify refuses a second cancellation)."""
        raw = self.shopify.order(order.id)
        if raw["cancelled_at"]:
            raise ValueError("the order is cancelled on Shopify already")
        params: dict[str, Any] = {"reason": "customer", "email": False}
        if refund:
            refunded: Counter[int] = Counter()
            for done in raw["refunds"]:
                for item in done["refund_line_items"]:
                    refunded[item["line_item_id"]] += item["quantity"]
            body: dict[str, Any] = {**self._currency(order), "shipping": {"full_refund": True}, "refund_line_items": [
                {"line_item_id": item["id"], "quantity": item["quantity"] - refunded[item["id"]],
                 "restock_type": "cancel" if item["fulfillable_quantity"] >= item["quantity"] - refunded[item["id"]] else "no_restock"}
                for item in raw["line_items"] if item["quantity"] > refunded[item["id"]]]}
            calculated = self.shopify.calculate_refund(order.id, body)
            body["transactions"] = [{"parent_id": t["parent_id"], "amount": t["amount"], "kind": "refund", "gateway": t["gateway"]}
                                    for t in calculated["transactions"] if money(t["amount"]) > 0]
            params["refund"] = body
        before = {r["id"] for r in raw["refunds"]}
        cancelled = self.shopify.cancel_order(order.id, **params)
        return next((r for r in cancelled["refunds"] if r["id"] not in before), None)

    def refunded_order(self, url: str, answer: str) -> str | None:
        """The order a REST refund request named in its path (``/orders/{id}/refunds.json``)."""
        found = re.search(r"/orders/(\d+)/refunds\.json$", url.split("?", 1)[0])
        return found.group(1) if found else None

    def source_of(self, order: StorefrontOrder, record: str) -> tuple[Decimal, str] | None:
        """Its money given back and held pending at the gateway (on its way: the refund is for it)."""
        kind, _, key = record.partition(":")
        found = next((r for r in self.refunds(order) if kind == "shopify-refund" and r.id == key), None)
        return (found.money + found.pending, found.currency) if found else None

    def refunds(self, order: StorefrontOrder) -> list[StorefrontRefund]:
        """The order's refunds, in the customer's currency; a line's goods without the tax its price
        may hold."""
        sku_of = {line.id: line.sku for line in order.lines}
        included = bool(order.raw.get("taxes_included"))
        seen = []
        for refund in self.shopify.refunds(order.id):
            refunds = [t for t in refund["transactions"] if t["kind"] == "refund"]
            units: Counter[str] = Counter()
            goods: dict[str, Decimal] = {}
            tax = ZERO
            taxes: dict[str, Decimal] = {}
            for line in refund["refund_line_items"]:
                sku = sku_of.get(line["line_item_id"], str(line["line_item_id"]))
                line_tax = _presented(line.get("total_tax_set"))
                units[sku] += line["quantity"]
                goods[sku] = goods.get(sku, ZERO) + _presented(line.get("subtotal_set")) - (line_tax if included else ZERO)
                taxes[sku] = taxes.get(sku, ZERO) + line_tax
                tax += line_tax
            shipping_tax = sum((_presented(s.get("tax_amount_set")) for s in refund.get("refund_shipping_lines", [])), ZERO)
            taxes["shipping"] = shipping_tax
            shipping = sum((_presented(s.get("subtotal_amount_set")) for s in refund.get("refund_shipping_lines", [])), ZERO)
            if refunds and all(t["status"] in ("failure", "error") for t in refunds):
                # Declined whole, it refunded nothing (simulators/shopify/FIDELITY.md): its lines,
                # shipping and tax are still the order's to refund, whatever the record lists.
                units, goods, taxes, tax, shipping_tax, shipping = Counter(), {}, {}, ZERO, ZERO, ZERO
            seen.append(StorefrontRefund(
                id=str(refund["id"]),
                money=sum((money(t["amount"]) for t in refunds if t["status"] == "success"), ZERO),
                currency=refunds[0]["currency"] if refunds else order.currency,
                units=dict(units), goods=goods, tax=tax + shipping_tax, line_tax=taxes,
                shipping=shipping - (shipping_tax if included else ZERO),
                declined=sum((money(t["amount"]) for t in refunds if t["status"] in ("failure", "error")), ZERO),
                pending=sum((money(t["amount"]) for t in refunds if t["status"] == "pending"), ZERO),
                notify=None, parents=tuple(str(t.get("parent_id")) for t in refunds), note=refund.get("note") or "",
            ))
        return seen


# ========================================================================= eBay
class EbaySeller:
    """The eBay seller (Fulfillment and Post-Order APIs) and, through the control plane, what only a
    test can do: the buyer's order and return request, and eBay finishing its processing of a refund."""

    storefront = "ebay"
    refund_request = ("POST", r"/issue_refund$")

    def __init__(self, ebay: EbayClient, control: ControlPlaneClient, tenant: str, faker: Faker) -> None:
        self.ebay = ebay
        self.control = control
        self.tenant = tenant
        self.faker = faker
        #: eBay settles each refund at once unless the scenario said it takes longer (:meth:`slow_settling`).
        self.settles_at_once = True
        #: How long eBay takes to settle a refund when it does not at once, in seconds.
        self.settle_seconds = 0
        #: The refund each cancellation the seller approved brought (refundId → cancelId), as the
        #: seller saw it appear on the order: eBay's order-level refunds do not say what they are for.
        self.cancellation_refunds: dict[str, str] = {}
        #: The original shipping refunded with a return (refundId → amount), as the seller saw the
        #: refund appear on the line: eBay's line item level refunds carry one amount for both.
        self.return_shipping: dict[str, Decimal] = {}
        #: The buyer's return postage paid back with a return (refundId → amount): neither goods nor shipping.
        self.return_postage: dict[str, Decimal] = {}

    @classmethod
    def connect(cls, base_url: str, tenant: dict[str, Any], control: ControlPlaneClient, faker: Faker) -> EbaySeller:
        return cls(EbayClient(base_url, tenant["ebay"]), control, tenant["tenant"], faker)

    @staticmethod
    def notifies(body: str) -> bool | None:
        """eBay tells the buyer of every refund: there is no choice to check."""
        return None

    @staticmethod
    def restocks(body: str) -> bool | None:
        """An eBay refund takes no stock choice."""
        return None

    def decline_next_refund(self) -> None:
        raise ValueError("the connector posts no refund to eBay (eBay refunds sync to NetSuite): nothing to decline")

    def fail_next_refund(self, order: StorefrontOrder) -> None:
        """eBay's processing of the order's next refund fails: it ends FAILED and no money moves."""
        self.control.fail_ebay_refunds(self.tenant, 1, order.id)

    def slow_settling(self, seconds: int) -> None:
        """eBay takes ``seconds`` to settle the refunds issued from now on: they stay PENDING until
        the simulator clock has moved that far."""
        self.control.ebay_settle_delay(self.tenant, seconds)
        self.settles_at_once = False
        self.settle_seconds = seconds

    def new_order(self, spec: OrderSpec) -> StorefrontOrder:
        """A buyer's order. eBay orders are paid at checkout: an unpaid one is refused."""
        if not spec.paid:
            raise ValueError("eBay orders are paid at checkout: use a paid eBay order")
        template = shopify_order(self.faker, currency=spec.currency)
        lines: list[dict[str, Any]]
        if spec.lines is not None:
            lines = [{"title": f"Item {l.sku}", "sku": l.sku, "quantity": l.units, "price": str(l.price),
                      **({"discount": str(l.discount)} if l.discount else {})} for l in spec.lines]
        else:
            lines = [{"title": l["title"][:80], "sku": l["sku"], "quantity": l["quantity"], "price": l["price"]}
                     for l in template["line_items"]]
            # A seller's eBay store runs promotions, and eBay applies more than one to a line: the
            # first line was bought at two, 6% and 4% off each unit (each to the cent), as eBay shows
            # them (an appliedPromotions entry each, discountedLineItemCost after both).
            first = lines[0]
            unit = Decimal(first["price"])
            first["discount"] = [str(money(unit * share / 100) * first["quantity"]) for share in (6, 4)]
        if ((spec.lines is not None and any(l.tax for l in spec.lines)) or spec.discount_code
                or spec.shipping_tax or spec.taxes_included):
            raise ValueError("the eBay simulator takes no tax and no discount code on an order (a line's discount is "
                             "the seller's promotion on it): write its lines and shipping without tax or discount "
                             "code, and its prices tax-exclusive")
        free = next((l for l in spec.lines or () if l.discount and l.discount >= l.price * l.units), None)
        if free is not None:
            raise ValueError(f"a seller's promotion on eBay takes part of a line's price, not all of it: {free.sku}'s "
                             f"discount {free.discount} is what the line costs; write less")
        body: dict[str, Any] = {"currency": spec.currency, "lineItems": lines}
        if not spec.shipped:
            body["orderFulfillmentStatus"] = "NOT_STARTED"
        shipping = spec.shipping if spec.shipping is not None else Decimal(template["shipping_lines"][0]["price"])
        if shipping:
            body["shipping"] = str(shipping)
        # A seller's combined shipping discount (eBay's deliveryDiscount): the table's, or on an order
        # of drawn lines 10% of its shipping.
        shipping_discount = spec.shipping_discount if spec.lines is not None else money(shipping / 10)
        if shipping_discount:
            body["shippingDiscount"] = str(shipping_discount)
        if spec.buyer is not None:
            body["fullName"] = spec.buyer
        if spec.lines is None:  # of drawn orders, every one ships to a recipient eBay draws (a gift), not the buyer
            body["shipTo"] = {}
        if spec.customer_of is not None:  # the same eBay buyer, whose account carries one name and email
            body["buyer"] = spec.customer_of.customer["username"]
            body.setdefault("fullName", spec.customer_of.customer["full_name"])
        raw = self.control.create_ebay_order(self.tenant, body)
        buyer = raw["buyer"]["buyerRegistrationAddress"]
        return StorefrontOrder(
            "ebay", raw["orderId"], spec.currency,
            [OrderLine(l["lineItemId"], l.get("sku", ""), l["title"], l["quantity"],
                       (money(l["lineItemCost"]["value"]) / l["quantity"]).quantize(CENT),
                       discount=sum((money(p["discountAmount"]["value"]) for p in l["appliedPromotions"]), ZERO))
             for l in raw["lineItems"]],
            _ebay_shipping_paid(raw), True,
            email=buyer.get("email", ""), customer={"full_name": buyer.get("fullName", ""),
                                                    "username": raw["buyer"]["username"]}, raw=raw,
        )

    #: Another buyer of the seller, whose orders are on eBay before the scenario's.
    OTHER_BUYER = "Grace Hopper"

    def add_other_buyers_orders(self) -> tuple[StorefrontOrder, StorefrontOrder]:
        """Two orders of another buyer (:attr:`OTHER_BUYER`), refunded at her request: one shipped,
        a unit of which she returned and the seller refunded (a CLOSED return), and one she asked to
        cancel before it shipped, which the seller approved (eBay refunded it whole). eBay searches
        the seller's returns and cancellations, of every order unless asked for one: a connector that
        forgets the order's id in a search finds hers."""
        spec = OrderSpec(lines=(LineSpec("ZZ-OTHER-EBAY", 2, Decimal("12.00")),), shipping=Decimal("4.00"),
                         buyer=self.OTHER_BUYER)
        returned = self.new_order(spec)
        self.refund(returned, RefundAsk(lines=((returned.lines[0], 1),)))
        cancelled = self.new_order(replace(spec, shipped=False))
        self.approve_cancellation(cancelled, str(self.request_cancellation(cancelled)["cancelId"]))
        return returned, cancelled

    def _settle(self, order: StorefrontOrder) -> None:
        """eBay finishes processing the order's refunds (the control plane; the clock does not
        move), unless the scenario made eBay slow."""
        if self.settles_at_once:
            self.control.settle_ebay_order(self.tenant, order.id)

    def payments(self, order: StorefrontOrder) -> list[str]:
        return [str(p.get("paymentReferenceId", "")) for p in self.ebay.get_order(order.id)["paymentSummary"].get("payments", [])]

    def refund(self, order: StorefrontOrder, ask: RefundAsk) -> dict[str, Any]:
        """Lines: the buyer asks for a return of them and the seller refunds each (buyer-requested),
        for ``amount`` when given with one line (the seller deducting the rest, as eBay lets a
        seller for a return not in its original condition); with ``shipping`` and one line, the
        return of an item not as described, refunded with its original shipping (``ALL_SHIPPING``:
        the line's share of the order's shipping), each in an ``itemizedRefundDetail`` of its own
        (PURCHASE_PRICE, ORIGINAL_SHIPPING); ``amount`` alone: the seller refunds without a buyer
        request. eBay settles each refund before the next, unless the scenario made eBay slow (then
        the refund stays PENDING).

        :raise ValueError: shipping without exactly one line (a buyer returns items; the original
            shipping goes back with the return of one)."""
        if ask.amount is not None and not ask.lines:
            issued = self.ebay.issue_refund(order.id, {
                "reasonForRefund": "OTHER_ADJUSTMENT", "comment": "Goodwill refund by the seller",
                "orderLevelRefundAmount": {"value": str(money(ask.amount)), "currency": order.currency}})
            self._settle(order)
            return issued
        if ask.shipping and len(ask.lines) != 1:
            raise ValueError("an eBay buyer returns items, not shipping: the original shipping goes back with the "
                             "return of one line (write one line beside the shipping), or refund lines alone")
        result: dict[str, Any] = {}
        for line, units in ask.lines:
            ret = self.control.create_ebay_return(self.tenant, order.id, {"lineItemId": line.id, "quantity": units})
            # What the buyer paid for the units: the line's cost after its promotion, pro rata.
            value = money(ask.amount if ask.amount is not None else line.subtotal * units / line.units)
            parts = [("PURCHASE_PRICE", value)]
            if ask.shipping:
                parts.append(("ORIGINAL_SHIPPING", self.line_money(order, line)[1] if ask.shipping == ALL_SHIPPING
                              else money(ask.shipping)))
            if ask.return_postage:  # what the buyer paid to send the units back (RefundFeeTypeEnum)
                parts.append(("RETURN_SHIPPING", money(ask.return_postage)))
            before = self._line_refund_ids(order)
            result = self.ebay.issue_return_refund(ret["returnId"], {"refundDetail": {
                "itemizedRefundDetail": [{"refundAmount": {"value": str(amount), "currency": order.currency},
                                          "refundFeeType": fee} for fee, amount in parts],
                "totalAmount": {"value": str(sum((amount for _, amount in parts), ZERO)), "currency": order.currency}}})
            for refund_id in self._line_refund_ids(order) - before:
                if ask.shipping:
                    self.return_shipping[refund_id] = parts[1][1]
                if ask.return_postage:
                    self.return_postage[refund_id] = parts[-1][1]
            self._settle(order)  # eBay refuses a refund while the previous one of the order is processing
        return result

    def _line_refund_ids(self, order: StorefrontOrder) -> set[str]:
        """The ids of the order's line item level refunds, as getOrder shows them."""
        return {str(r.get("refundId")) for item in self.ebay.get_order(order.id)["lineItems"] for r in item.get("refunds", [])}

    def refund_line(self, order: StorefrontOrder, line: OrderLine, amount: Decimal) -> dict[str, Any]:
        """The seller refunds money of one line without a buyer request (issueRefund ``refundItems``):
        a line item level refund, which eBay shows in the line's ``refunds`` only. eBay settles it
        unless the scenario made eBay slow."""
        issued = self.ebay.issue_refund(order.id, {
            "reasonForRefund": "OTHER_ADJUSTMENT", "comment": "Partial refund of an item by the seller",
            "refundItems": [{"lineItemId": line.id, "refundAmount": {"value": str(money(amount)), "currency": order.currency}}]})
        self._settle(order)
        return issued

    def line_money(self, order: StorefrontOrder, line: OrderLine) -> tuple[Decimal, Decimal, Decimal]:
        """What eBay charged for ``line`` and what is refunded of it, as getOrder shows them: (its
        cost, its share of the order's shipping — eBay charges shipping per line item, and a line's
        refunds may reach it — and its line item level refunds, issued or being issued: a buyer
        return's refund, the seller's refund of the line; a failed one is not shown). eBay refuses
        a line refund beyond the cost and shipping less those refunds (34924)."""
        found = next(item for item in self.ebay.get_order(order.id)["lineItems"] if item["lineItemId"] == line.id)
        refunded = sum((money(refund["amount"]["value"]) for refund in found.get("refunds", [])), ZERO)
        return (_ebay_paid(found), money(found.get("deliveryCost", {}).get("shippingCost", {})
                                                              .get("value", "0")), refunded)

    def order_money(self, order: StorefrontOrder) -> tuple[Decimal, Decimal]:
        """(The order's total, what its refunds took, issued or being issued: the order-level ones
        that did not fail and the line item level ones), as getOrder shows them: eBay refuses a
        refund beyond the total less those refunds (34915)."""
        raw = self.ebay.get_order(order.id)
        taken = sum((money(refund["amount"]["value"]) for refund in raw["paymentSummary"]["refunds"]
                     if refund.get("refundStatus") != "FAILED"), ZERO)
        taken += sum((money(refund["amount"]["value"]) for item in raw["lineItems"] for refund in item.get("refunds", [])),
                     ZERO)
        return money(raw["pricingSummary"]["total"]["value"]), taken

    def settling(self, order: StorefrontOrder) -> bool:
        """Whether eBay is still processing a refund of the order (PENDING: an order-level refund
        with that status, a line item level one without its ``refundDate``), as getOrder shows it:
        eBay refuses another refund of the order until it settles (34922, Post-Order 1703)."""
        raw = self.ebay.get_order(order.id)
        return (any(refund.get("refundStatus") == "PENDING" for refund in raw["paymentSummary"]["refunds"])
                or any(not refund.get("refundDate") for item in raw["lineItems"] for refund in item.get("refunds", [])))

    def request_return(self, order: StorefrontOrder, line: OrderLine, quantity: int) -> dict[str, Any]:
        """The buyer asks to return units of a line; the seller has not refunded (yet)."""
        return self.control.create_ebay_return(self.tenant, order.id, {"lineItemId": line.id, "quantity": quantity})

    def refund_requested_return(self, order: StorefrontOrder, return_id: str) -> dict[str, Any]:
        """The seller refunds a buyer's open return for eBay's estimate (what the buyer paid for the
        units, PURCHASE_PRICE); eBay settles it unless the scenario made eBay slow or fail it."""
        estimate = self.ebay.get_return(return_id, fieldgroups="SUMMARY")["summary"]["sellerTotalRefund"]["estimatedRefundAmount"]
        value = {"value": str(money(estimate["value"])), "currency": estimate["currency"]}
        issued = self.ebay.issue_return_refund(return_id, {"refundDetail": {
            "itemizedRefundDetail": [{"refundAmount": value, "refundFeeType": "PURCHASE_PRICE"}], "totalAmount": value}})
        self._settle(order)
        return issued

    def close_return(self, return_id: str) -> dict[str, Any]:
        """The buyer closes a return the seller has not refunded: CLOSED on eBay, with no refund."""
        return self.control.close_ebay_return(self.tenant, return_id)

    def request_cancellation(self, order: StorefrontOrder) -> dict[str, Any]:
        """The buyer asks eBay to cancel the whole order (before it ships, within the hour); the
        seller has not answered. Its ``CancelSummary`` (``cancelId``)."""
        return self.control.request_ebay_cancellation(self.tenant, order.id)

    def approve_cancellation(self, order: StorefrontOrder, cancel_id: str) -> None:
        """The seller approves the buyer's cancellation (Post-Order): eBay cancels the order and
        refunds the buyer what remains of it, settled at once unless the scenario made eBay slow."""
        def approve() -> str:
            self.ebay.approve_cancellation(cancel_id)
            return cancel_id
        self._cancelled(order, approve)

    def cancel_order(self, order: StorefrontOrder, reason: str) -> str:
        """The seller cancels the order itself (Post-Order ``POST /cancellation``, ``cancelReason``):
        eBay cancels it and refunds the buyer, with no buyer request; settled as :meth:`approve_cancellation`.
        The cancellation's id.

        :raise ValueError: eBay would not cancel the order (its ``failureReason``)."""
        def cancel() -> str:
            answer = self.ebay.create_cancellation({"legacyOrderId": order.id, "cancelReason": reason})
            if "cancelId" not in answer:
                raise ValueError(f"eBay would not cancel the order: {', '.join(answer['orderEligibilityResult']['failureReason'])}")
            return str(answer["cancelId"])
        return self._cancelled(order, cancel)

    def _cancelled(self, order: StorefrontOrder, cancel: Callable[[], str]) -> str:
        """Run ``cancel`` (it answers the cancellation's id), note the refund it brought on the order
        (eBay's order-level refunds do not say what they are for), and settle it."""
        before = {r.get("refundId") for r in self.ebay.get_order(order.id)["paymentSummary"]["refunds"]}
        cancel_id = cancel()
        for refund in self.ebay.get_order(order.id)["paymentSummary"]["refunds"]:
            if refund.get("refundId") not in before:
                self.cancellation_refunds[str(refund["refundId"])] = cancel_id
        self._settle(order)
        return cancel_id

    def reject_cancellation(self, cancel_id: str) -> None:
        """The seller rejects the buyer's cancellation (Post-Order): nothing is refunded."""
        self.ebay.reject_cancellation(cancel_id)

    def refunds(self, order: StorefrontOrder) -> list[StorefrontRefund]:
        """The refunds eBay shows on the order: the order-level ones (``paymentSummary.refunds``,
        with their ``refundStatus``), then the line item level ones — a buyer return's, an
        issueRefund's ``refundItems`` — which eBay shows in ``lineItems[].refunds`` only (OAS
        ``OrderRefund``: "This does not include line item level refunds."), one per ``refundId``
        across the lines. A ``LineItemRefund`` has no status: it is refunded once it has its
        ``refundDate``, and one that failed is not shown. A line's refund is what it gave back for
        the line's goods (per SKU); units come from the returns refunded."""
        units = self._returned_units(order)
        raw = self.ebay.get_order(order.id)
        seen = []
        for refund in raw["paymentSummary"]["refunds"]:
            status = refund.get("refundStatus")
            amount = money(refund["amount"]["value"])
            # A cancellation's refund gives back the whole order: every unit of every line as eBay
            # charged it, and the shipping.
            whole = str(refund.get("refundId")) in self.cancellation_refunds and status == "REFUNDED"
            seen.append(StorefrontRefund(
                id=str(refund.get("refundId")), money=amount if status == "REFUNDED" else ZERO,
                currency=refund["amount"].get("currency", order.currency),
                units={line.get("sku", ""): int(line["quantity"]) for line in raw["lineItems"]} if whole else {},
                goods={line.get("sku", ""): _ebay_paid(line) for line in raw["lineItems"]} if whole else {},
                tax=ZERO, shipping=_ebay_shipping_paid(raw) if whole else ZERO,
                declined=amount if status == "FAILED" else ZERO))
        by_line: dict[str, StorefrontRefund] = {}
        for line in raw.get("lineItems", []):
            for refund in line.get("refunds", []):
                key = str(refund.get("refundId"))
                amount = money(refund["amount"]["value"]) if refund.get("refundDate") else ZERO
                before = by_line.get(key)
                goods = dict(before.goods) if before else {}
                # The original shipping a return's refund gave back with the line's goods.
                shipping = self.return_shipping.get(key, ZERO) if amount else ZERO
                if amount:  # what the refund gave back for this line's goods (eBay orders carry no tax here)
                    sku = line.get("sku", "")  # optional: eBay leaves it out for a listing without one
                    goods[sku] = goods.get(sku, ZERO) + amount - shipping - self.return_postage.get(key, ZERO)
                by_line[key] = StorefrontRefund(
                    id=key, money=amount + (before.money if before else ZERO),
                    currency=refund["amount"].get("currency", order.currency), units={}, goods=goods, tax=ZERO,
                    shipping=shipping + (before.shipping if before else ZERO))
        seen.extend(by_line.values())
        if seen and units:  # eBay's refunds carry amounts only: the returned units go on the first
            seen[0] = StorefrontRefund(**{**seen[0].__dict__, "units": dict(units)})
        return seen

    def refunded_order(self, url: str, answer: str) -> str | None:
        """The order an ``issue_refund`` named in its path (``/order/{orderId}/issue_refund``)."""
        found = re.search(r"/order/([^/]+)/issue_refund$", url.split("?", 1)[0])
        return found.group(1) if found else None

    def source_of(self, order: StorefrontOrder, record: str) -> tuple[Decimal, str] | None:
        kind, _, key = record.partition(":")
        if kind == "ebay-cancellation" and key:
            # What the cancellation's refund gave back, if eBay paid it (the refund the seller saw appear).
            refunds = [r for r in self.ebay.get_order(order.id)["paymentSummary"]["refunds"]
                       if self.cancellation_refunds.get(str(r.get("refundId"))) == key and r.get("refundStatus") == "REFUNDED"]
            return (money(refunds[0]["amount"]["value"]), refunds[0]["amount"].get("currency", order.currency)) if refunds else None
        if kind != "ebay-return" or not key:
            return None
        try:
            summary = self.ebay.get_return(key, fieldgroups="SUMMARY")["summary"]
        except VendorError as exc:  # a return eBay has not: no refund of the order, not a crash of the check
            if exc.status in (400, 404):
                return None
            raise
        actual = summary.get("sellerTotalRefund", {}).get("actualRefundAmount")
        return (money(actual["value"]), actual.get("currency", order.currency)) if actual else None

    def _returned_units(self, order: StorefrontOrder, *, requested: bool = False) -> Counter[str]:
        """Units per SKU of the order's returns the seller refunded (closed with a refund); with
        ``requested``, of every return the buyer asked for, open or closed: what the buyer can no
        longer ask to return (eBay's "has N unit(s) left to return")."""
        sku_of = {str(l["legacyItemId"]): l.get("sku", "") for l in order.raw.get("lineItems", [])}
        units: Counter[str] = Counter()
        # Every page of the order's returns: the search's first page (25 here) hid the rest.
        # eBay's search finds the open returns unless asked for another return_state: open and closed
        # are two searches. Each member is a return's summary (ReturnSummaryType).
        # A return that closes between the two is listed by both: kept once.
        found = {member["returnId"]: member for state in (("ALL_OPEN", "CLOSED") if requested else ("CLOSED",))
                 for member in self.ebay.every_return(order.id, return_state=state)}
        for member in found.values():
            if requested or (member.get("state") == "CLOSED"
                             and member.get("sellerTotalRefund", {}).get("actualRefundAmount")):
                item = self.ebay.get_return(member["returnId"])["detail"]["itemDetail"]
                units[sku_of.get(str(item["itemId"]), "?")] += int(item["returnQuantity"])
        return units

    def requested_units(self, order: StorefrontOrder) -> Counter[str]:
        """Units per SKU the buyer asked to return, in every return of the order (open or refunded)."""
        return self._returned_units(order, requested=True)

    def capture_payment(self, order: StorefrontOrder) -> None:
        """eBay collects payment at checkout: nothing to capture."""


# The harness reads what the buyer paid on its own, not through the reference connector it judges.
def _ebay_paid(line: dict[str, Any]) -> Decimal:
    """What the buyer paid for an eBay line's goods, as getOrder shows it: its cost after the
    seller's promotions (``discountedLineItemCost``, there only for a promoted line), else its cost."""
    return money((line.get("discountedLineItemCost") or line["lineItemCost"])["value"])


def _ebay_shipping_paid(raw: dict[str, Any]) -> Decimal:
    """What the buyer paid for an eBay order's delivery, as getOrder shows it: ``deliveryCost`` (before
    discounts) plus ``deliveryDiscount`` (negative, there only when a shipping discount applies)."""
    pricing = raw["pricingSummary"]
    return money(pricing.get("deliveryCost", {}).get("value", "0")) + money(pricing.get("deliveryDiscount", {}).get("value", "0"))


# ============================================================ shopping carts (shared)
def _contents(spec: OrderSpec, faker: Faker) -> tuple[tuple[LineSpec, ...], dict[str, str], Decimal, dict[str, str]]:
    """What the shopper buys: the spec's lines and shipping, or lines, shipping and a customer drawn
    from the scenario's Faker; the customer of ``spec.customer_of`` when the order is hers too.
    Returns the lines, each SKU's title, the shipping and the customer (first_name, last_name, email).

    :raise ValueError: what the carts' simulators do not keep (tax-inclusive prices, a discount code
        over the whole order), or a buyer named in one word."""
    if spec.taxes_included:
        raise ValueError("tax-inclusive prices are a Shopify step: the Magento and WooCommerce simulators keep prices "
                         "without their tax (write the order tax-exclusive, each line's tax in the tax column)")
    if spec.discount_code:
        raise ValueError("a discount code over the whole order is a Shopify step: on Magento and WooCommerce write "
                         "each line's discount in the table's discount column")
    drawn = order_contents(faker)
    if spec.lines is not None:
        lines, titles = spec.lines, {line.sku: f"Item {line.sku}" for line in spec.lines}
    else:
        lines = tuple(LineSpec(l["sku"], l["quantity"], Decimal(l["price"])) for l in drawn["lines"])
        titles = {l["sku"]: l["title"] for l in drawn["lines"]}
    shipping = spec.shipping if spec.shipping is not None else Decimal(drawn["shipping"])
    customer = dict(spec.customer_of.customer) if spec.customer_of is not None else dict(drawn["customer"])
    if spec.buyer is not None:  # a first and a last name, as Shopify's: the first word, and the rest
        first, _, last = spec.buyer.strip().partition(" ")
        if not last.strip():
            raise ValueError(f'Magento and WooCommerce keep a first and a last name, both required: a buyer named '
                             f'"{spec.buyer}" has one word (write two, such as "Ana Souza")')
        customer.update(first_name=first, last_name=last.strip())
    return lines, titles, shipping, customer


def _as_asked(storefront: str, order: StorefrontOrder, lines: Sequence[LineSpec], shipping_tax: Decimal) -> None:
    """:raise ValueError: the store computed a line's tax (or the shipping's) otherwise than asked."""
    asked = {line.sku: line.tax for line in lines}
    wrong = [f"{line.sku}: {line.tax} (asked {asked[line.sku]})" for line in order.lines
             if line.sku in asked and line.tax != money(asked[line.sku])]
    if order.shipping_tax != money(shipping_tax):
        wrong.append(f"shipping: {order.shipping_tax} (asked {shipping_tax})")
    if wrong:
        raise ValueError(f"{storefront} computed other taxes than the order asks for — {'; '.join(wrong)}: write "
                         "each line's whole tax as the store's rate gives it on what the line costs after its discount")


# ====================================================================== Magento
def _ten_percent_off_with_its_tax(amount: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """``amount`` (without tax) as a store whose prices include tax charges it: taxed at 10%, and
    10% off it with that tax (Magento keeps such a discount with its tax part and taxes what is
    left). Answers the tax on what is left, the discount with its tax part, and that part."""
    discount = money(amount * Decimal("1.1") / 10)  # 10% off the price with its 10% tax
    part = money(discount / 11)  # the tax in it
    return money((amount - discount + part) / 10), discount, part


def _discounted_with_its_tax(lines: tuple[LineSpec, ...]) -> tuple[tuple[LineSpec, ...], dict[str, Decimal]]:
    """Drawn lines as a store whose catalog prices include tax sells them: the first taxed at 10% and
    10% off its price with that tax (``discount_tax_compensation_amount`` is the tax part). Answers
    the lines, the first's discount being its own part (without tax) and its tax the tax on what is
    left, and the tax part by SKU."""
    first, *rest = lines
    tax, discount, part = _ten_percent_off_with_its_tax(first.price * first.units)
    return (replace(first, tax=tax, discount=discount - part), *rest), {first.sku: part}


class MagentoMerchant:
    """The merchant's side of a Magento 2 store: orders come in through checkout (the control
    plane), the merchant invoices and refunds them in the admin, which speaks the admin REST API.

    A paid order is paid through a payment gateway (Braintree or PayPal Express), captured at
    checkout; an unpaid one by an offline method (a purchase order on terms, a check or money order,
    a bank transfer, cash on delivery), not invoiced until the payment comes. The
    order's ID is its increment ID, the number customers see (``000003092``), not its entity id.

    The store keeps its books in :data:`BASE_CURRENCY`; an order in another currency is paid in it at
    the store's rate (:data:`RATES`), and every amount the scenario sees is the order's currency's. A
    credit memo's shipping and adjustments are entered in the base currency (Magento reads them so):
    the merchant enters the base amounts that give the order-currency amounts asked."""

    storefront = "magento"
    refund_request = ("POST", r"/V1/(order|invoice)/\d+/refund$")
    #: A paid order's card gateway, and an unpaid one's offline method (each order draws one, seeded):
    #: the connector must tell online from offline by what the invoice holds, not by a list of names.
    GATEWAYS = ("braintree", "paypal_express")
    ON_TERMS = ("purchaseorder", "checkmo", "banktransfer", "cashondelivery")
    BASE_CURRENCY = "USD"
    #: ``base_to_order_rate``: units of the order's currency one dollar bought (a plausible day's rates).
    RATES = {"EUR": "0.9216", "GBP": "0.7874", "CAD": "1.3699", "AUD": "1.5152"}

    @staticmethod
    def notifies(body: str) -> bool | None:
        """Whether the credit memo tells the customer: its ``notify`` (the credit memo e-mail),
        ``appendComment`` (the comment in that e-mail) or its comment's ``is_visible_on_front`` (the
        comment in the customer's account); each false when left out. The connector's comment is
        for the merchant: it carries the stamp."""
        try:
            sent = json.loads(body)
            comment = sent.get("comment") or {}
            return bool(sent.get("notify", False) or sent.get("appendComment", False)
                        or (isinstance(comment, dict) and comment.get("is_visible_on_front", 0)))
        except (ValueError, AttributeError):
            return None

    @staticmethod
    def restocks(body: str) -> bool | None:
        """A credit memo's ``arguments.extension_attributes.return_to_stock_items`` (none when left out)."""
        try:
            extension = (json.loads(body).get("arguments") or {}).get("extension_attributes") or {}
            return bool(extension.get("return_to_stock_items"))
        except (ValueError, AttributeError):
            return None

    def __init__(self, magento: MagentoClient, control: ControlPlaneClient, tenant: str, faker: Faker) -> None:
        self.magento = magento
        self.control = control
        self.tenant = tenant
        self.faker = faker
        #: The store's Display Shipping Amount for its sales documents (:meth:`display_shipping`).
        self.shipping_display = "excluding_tax"

    def display_shipping(self, display: str) -> None:
        """The merchant sets the store's Display Shipping Amount for orders, invoices and credit memos
        (Stores > Configuration > Sales > Tax): ``excluding_tax``, ``including_tax`` or ``both``.
        With ``including_tax`` Magento reads a credit memo's shipping with its tax, in the admin as
        over the API: the merchant then enters it so."""
        self.control.magento_sales_display(self.tenant, display)
        self.shipping_display = display

    @classmethod
    def connect(cls, base_url: str, tenant: dict[str, Any], control: ControlPlaneClient, faker: Faker) -> MagentoMerchant:
        return cls(MagentoClient(base_url, tenant["magento"]), control, tenant["tenant"], faker)

    def new_order(self, spec: OrderSpec) -> StorefrontOrder:
        """An order as Magento's checkout leaves it. Magento computes a line's tax from a tax rate
        on what the line costs after its discount: the rate is the one that gives the line's tax.

        :raise ValueError: a line without a SKU, a tax no rate gives (a line that costs nothing
            carrying tax, a tax above what the line costs), or taxes the store computed otherwise than asked.
        """
        lines, titles, shipping, customer = _contents(spec, self.faker)
        if spec.shipping_tax and spec.shipping_tax > shipping - spec.shipping_discount:
            # Magento taxes the shipping after its discount, as the lines: nothing left, no tax.
            raise ValueError(f"Magento taxes the shipping on what is left of it after its discount, at a rate of at "
                             f"most 100%: {shipping - spec.shipping_discount} is left of it, so it cannot carry "
                             f"{spec.shipping_tax} of tax")
        compensation: dict[str, Decimal] = {}
        shipping_tax, shipping_discount = spec.shipping_tax, spec.shipping_discount
        shipping_compensation = ZERO
        if spec.lines is None:
            lines, compensation = _discounted_with_its_tax(lines)
            # Its shipping too, the shipping prices including tax: the discount's tax part is
            # shipping_discount_tax_compensation_amount.
            shipping_tax, shipping_discount, shipping_compensation = _ten_percent_off_with_its_tax(shipping)
        items: list[dict[str, Any]] = []
        for line in lines:
            if not line.sku:
                raise ValueError("a Magento order item always carries its product's SKU (required in Magento's "
                                 "order item schema): a Magento order has no line without one")
            base = line.price * line.units - line.discount
            if line.tax and (base <= 0 or line.tax > base):
                raise ValueError(f"Magento taxes a line at a rate of at most 100% of what it costs after its "
                                 f"discount: {line.sku} costs {base}, so it cannot carry {line.tax} of tax")
            percent = (line.tax / base * 100).quantize(Decimal("0.0001")) if line.tax else ZERO
            items.append({"sku": line.sku, "name": titles[line.sku], "price": str(line.price), "qty": line.units,
                          "tax_percent": str(percent),
                          "discount_amount": str(line.discount + compensation.get(line.sku, ZERO)),
                          **({"discount_tax_compensation_amount": str(compensation[line.sku])} if line.sku in compensation else {}),
                          **({"configurable": True} if spec.first_configurable and not items else {}),
                          # A store sells some products at a special price: of drawn lines, the first
                          # at 20% below its regular price (Magento keeps it as original_price).
                          **({"original_price": str(money(line.price * Decimal("1.25")))}
                             if spec.lines is None and not items else {})})
        raw = self.control.create_magento_order(self.tenant, {
            "customer": {"email": customer["email"], "firstname": customer["first_name"],
                         "lastname": customer["last_name"]},
            "items": items, "shipping_amount": str(shipping), "shipping_tax_amount": str(shipping_tax),
            "shipping_discount_amount": str(shipping_discount),
            **({"shipping_discount_tax_compensation_amount": str(shipping_compensation)} if shipping_compensation else {}),
            "currency": spec.currency,
            "payment_method": self.faker.random_element(self.GATEWAYS if spec.paid else self.ON_TERMS),
            "invoice": "none" if spec.first_invoice is not None or not spec.paid else "paid",
            # Of drawn orders, every one ships to a recipient the store draws (a gift), not the customer.
            **({"ship_to": {}} if spec.lines is None else {}),
            **self._currencies(spec.currency),
        })
        if spec.first_invoice is not None:
            raw = self._two_invoices(raw, spec.first_invoice)
        order = StorefrontOrder(
            "magento", raw["increment_id"], raw["order_currency_code"],
            # A discount taken off the price with its tax holds its tax part: the line's own is the rest.
            [OrderLine(i["item_id"], i["sku"], i["name"], int(i["qty_ordered"]), money(i["price"]),
                       money(i.get("tax_amount") or 0),
                       money(i.get("discount_amount") or 0) - money(i.get("discount_tax_compensation_amount") or 0))
             for i in _lines_of(raw)],
            # What the customer paid for shipping: after a cart price rule's shipping discount, less
            # the discount's tax part where the shipping price holds its tax.
            money(raw["shipping_amount"]) - money(raw.get("shipping_discount_amount") or 0)
            + money(raw.get("shipping_discount_tax_compensation_amount") or 0), spec.paid,
            shipping_tax=money(raw.get("shipping_tax_amount") or 0), email=raw["customer_email"], customer=customer, raw=raw)
        _as_asked("Magento", order, lines, shipping_tax)
        return order

    def _currencies(self, currency: str) -> dict[str, str]:
        """The store's base currency and the rate of an order in ``currency``.

        :raise ValueError: a currency the store has no rate for."""
        if currency == self.BASE_CURRENCY:
            return {}
        if currency not in self.RATES:
            raise ValueError(f"the Magento store keeps its books in {self.BASE_CURRENCY} and takes orders in "
                             f"{', '.join([self.BASE_CURRENCY, *self.RATES])}: an order in {currency} is in none of them")
        return {"base_currency": self.BASE_CURRENCY, "base_to_order_rate": self.RATES[currency]}

    @staticmethod
    def _in_base(amount: Decimal, magento_makes: Callable[[Decimal], Decimal], first: Decimal) -> Decimal:
        """The base amount, ``first`` or a cent or two either side, from which Magento makes
        ``amount`` of the order's currency (``magento_makes``); ``first`` when none does."""
        for step in (0, 1, -1, 2, -2):
            candidate = first + step * Decimal("0.01")
            if candidate >= 0 and magento_makes(candidate) == amount:
                return candidate
        return first

    def _base_adjustment(self, raw: dict[str, Any], amount: Decimal) -> Decimal:
        """``Creditmemo::setAdjustmentPositive``: the amount entered is the base one, the order's is
        it at ``base_to_order_rate``, rounded."""
        rate = Decimal(str(raw.get("base_to_order_rate") or 1))
        return self._in_base(amount, lambda base: money(base * rate), money(amount / rate))

    def _base_shipping(self, raw: dict[str, Any], amount: Decimal) -> Decimal:
        """``Creditmemo\\Total\\Shipping``: the shipping entered is the base one, before the order's
        shipping discount; the order's is the order's shipping times its ratio to the base shipping,
        rounded (all that is left for all), and the credit memo gives up the shipping discount's
        share of it (``Creditmemo\\Total\\Discount``) and gives back the share of its tax part, where the
        shipping price holds its tax (``Creditmemo\\Total\\Tax``): ``amount`` is the shipping money refunded."""
        shipping, base = money(raw.get("shipping_amount") or 0), money(raw.get("base_shipping_amount") or 0)
        if not shipping or not base or amount <= 0:
            return amount
        # With the shipping displayed including tax, the amount entered holds its tax: its ratio to
        # the order's base shipping with its tax is the part of the shipping refunded.
        with_tax = self.shipping_display == "including_tax"
        original = money(raw.get("base_shipping_incl_tax") or 0) if with_tax else base
        discount, base_discount = money(raw.get("shipping_discount_amount") or 0), money(raw.get("base_shipping_discount_amount") or 0)
        left = shipping - money(raw.get("shipping_refunded") or 0)
        base_left = base - money(raw.get("base_shipping_refunded") or 0)
        if with_tax:
            base_left = max(original - money(raw.get("base_shipping_refunded") or 0)
                            - money(raw.get("base_shipping_tax_refunded") or 0), ZERO)
        items_discount = sum((money(i.get("discount_refunded") or 0) for i in raw.get("items", [])), ZERO)
        discount_left = discount + money(raw.get("discount_refunded") or 0) + items_discount  # order's: negative
        part = money(raw.get("shipping_discount_tax_compensation_amount") or 0)
        part_left = part - money(raw.get("discount_tax_compensation_refunded") or 0) + sum(
            (money(i.get("discount_tax_compensation_refunded") or 0) for i in raw.get("items", [])), ZERO)

        def refunded(entered: Decimal) -> Decimal:
            if entered >= base_left:
                return left - discount_left + part_left
            b = money(base * entered / original)  # the credit memo's base shipping
            return (money(shipping * entered / original) - money(shipping * (b * base_discount / base) / base)
                    + money(part * b / base))
        if amount == refunded(base_left):
            return base_left
        return self._in_base(amount, refunded, money(amount * original / (shipping - discount + part or shipping)))

    def _entity(self, order: StorefrontOrder) -> int:
        return int(order.raw["entity_id"])

    def _two_invoices(self, raw: dict[str, Any], first: tuple[int, ...]) -> dict[str, Any]:
        """The merchant invoices the card payment in two captures: ``first`` units of each item on
        the first invoice (with the shipping, as Magento bills it on the first), the rest on the
        second. Answers the order as Magento has it then.

        :raise ValueError: ``first`` does not name each line's units, or leaves nothing for one invoice."""
        items = _lines_of(raw)
        if len(first) != len(items) or any(n < 0 or n > int(i["qty_ordered"]) for n, i in zip(first, items, strict=True)):
            raise ValueError(f"the first invoice names units of each of the order's {len(items)} line(s), "
                             "at most the line's units")
        if not any(first) or all(n == int(i["qty_ordered"]) for n, i in zip(first, items, strict=True)):
            raise ValueError("two invoices need units on each: the first invoice must hold some units, not all")
        entity = int(raw["entity_id"])
        self.magento.invoice_order(entity, {"capture": True, "items": [
            {"order_item_id": i["item_id"], "qty": n} for n, i in zip(first, items, strict=True) if n]})
        self.magento.invoice_order(entity, {"capture": True})  # everything still to invoice
        return self.magento.order(entity)

    def decline_next_refund(self) -> None:
        """The payment gateway refuses the next online refund: Magento writes nothing of it and
        answers only "Could not save a Creditmemo, see error log for details" (the control plane's
        ``gateway_failures``)."""
        self.control.magento_gateway_failure(self.tenant)

    def limit_web_api_input(self) -> None:
        """The merchant turns the store's web API input limits on (Stores > Configuration >
        Services > Web Api Input Limits): a search without ``pageSize`` then answers its first 20
        results only, and one asking more than 300 is refused."""
        self.control.magento_input_limits(self.tenant, True)

    def capture_payment(self, order: StorefrontOrder) -> None:
        """The payment of an order on terms arrives: the merchant invoices the order with the money
        taken (``POST /V1/order/{id}/invoice``); an order already paid is left as it is."""
        if not self.magento.order(self._entity(order)).get("total_due"):
            return
        self.magento.invoice_order(self._entity(order), {"capture": True})

    def payments(self, order: StorefrontOrder) -> list[str]:
        """The gateway's captures of the order's invoices (what an online refund goes back to)."""
        return [str(i["transaction_id"]) for i in self.magento.order_invoices(self._entity(order)) if i.get("transaction_id")]

    def refund(self, order: StorefrontOrder, ask: RefundAsk, *, offline: bool = False) -> int:
        """Refund in the admin as the merchant would: a card payment online, from its invoice; a
        payment taken offline, or any payment with ``offline``, with "Refund Offline" from the order
        (a credit memo tied to no invoice; the merchant pays the money back outside the store).
        ``ask.amount`` alone is an Adjustment Refund with no item and no shipping; ``ALL_SHIPPING``
        leaves the shipping field as the admin fills it (all the shipping left). Answers the credit
        memo id.

        :raise ValueError: the order is not invoiced (on terms, not captured): Magento makes a credit
            memo from an invoice only, so there is nothing to refund."""
        invoices = self.magento.order_invoices(self._entity(order))
        if not invoices:
            raise ValueError(_UNPAID.format(storefront="Magento", why=" (no invoice to refund)"))
        units = {line.id: count for line, count in ask.lines}
        arguments: dict[str, Any] = {}
        raw = self.magento.order(self._entity(order))
        if ask.amount is not None:
            arguments = {"shipping_amount": 0, "adjustment_positive": float(self._base_adjustment(raw, money(ask.amount)))}
        elif ask.shipping != ALL_SHIPPING:
            arguments = {"shipping_amount": float(self._base_shipping(raw, Decimal(ask.shipping)))}
        body: dict[str, Any] = {"items": [{"order_item_id": i["item_id"], "qty": units.get(i["item_id"], 0)}
                                          for i in _lines_of(order.raw)],
                                "comment": {"comment": ask.note, "is_visible_on_front": 0}, "arguments": arguments}
        invoice = None if offline else next((i for i in invoices if i.get("transaction_id")), None)
        if invoice is not None:
            return self.magento.refund_invoice(invoice["entity_id"], {**body, "isOnline": True})
        return self.magento.refund_order(self._entity(order), body)

    def refunds(self, order: StorefrontOrder) -> list[StorefrontRefund]:
        """The order's credit memos. The money of an online one went back to the capture of its
        invoice; an offline one was paid back outside the store (no payment is its parent)."""
        captures = {i["entity_id"]: str(i["transaction_id"]) for i in self.magento.order_invoices(self._entity(order))
                    if i.get("transaction_id")}
        seen = []
        lines = {i["item_id"] for i in _lines_of(order.raw)}
        for memo in self.magento.order_creditmemos(self._entity(order)):
            units: Counter[str] = Counter()
            goods: dict[str, Decimal] = {}
            taxes = {"shipping": money(memo.get("shipping_tax_amount") or 0)}
            # The shipping money: the credit memo's shipping less its share of the shipping discount,
            # which its discount holds beside its items' (negative, theirs positive).
            shipping_discount = -money(memo.get("discount_amount") or 0) - sum(
                (money(i.get("discount_amount") or 0) for i in memo["items"]), ZERO)
            # Where shipping prices include tax, that share's tax part comes back beside it, inside
            # the credit memo's discount_tax_compensation_amount beside its items'.
            shipping_discount -= money(memo.get("discount_tax_compensation_amount") or 0) - sum(
                (money(i.get("discount_tax_compensation_amount") or 0) for i in memo["items"]), ZERO)
            for item in (i for i in memo["items"] if i["order_item_id"] in lines):  # a child goes with its line
                units[item["sku"]] += int(item["qty"])
                goods[item["sku"]] = (goods.get(item["sku"], ZERO) + money(item["row_total"]) - money(item.get("discount_amount") or 0)
                                      + money(item.get("discount_tax_compensation_amount") or 0))
                taxes[item["sku"]] = taxes.get(item["sku"], ZERO) + money(item.get("tax_amount") or 0)
            online = bool(memo.get("transaction_id")) and memo.get("invoice_id") in captures
            seen.append(StorefrontRefund(
                id=str(memo["entity_id"]), money=money(memo["grand_total"]), currency=memo["order_currency_code"],
                units=dict(units), goods=goods, tax=money(memo.get("tax_amount") or 0),
                shipping=money(memo.get("shipping_amount") or 0) - shipping_discount, notify=bool(memo.get("email_sent")),
                line_tax=taxes,
                parents=(captures[memo["invoice_id"]],) if online else (),
                note=" ".join(c.get("comment") or "" for c in memo.get("comments", []))))
        return seen

    def refunded_order(self, url: str, answer: str) -> str | None:
        """The order of the credit memo a refund request made (its answer is the credit memo's id:
        ``/V1/order/{id}/refund`` and ``/V1/invoice/{id}/refund`` alike), by its increment ID."""
        try:
            memo = self.magento.creditmemo(int(json.loads(answer)))
        except (ValueError, TypeError, VendorError):  # no credit memo made: no refund
            return None
        return str(self.magento.order(memo["order_id"])["increment_id"])

    def source_of(self, order: StorefrontOrder, record: str) -> tuple[Decimal, str] | None:
        kind, _, key = record.partition(":")
        found = next((r for r in self.refunds(order) if kind == "magento-creditmemo" and r.id == key), None)
        return (found.money, found.currency) if found else None


def _lines_of(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """A Magento order's lines as the admin shows them: its items but the children of configurable
    lines (the simple product chosen, an item of its own with the line's SKU and units and no money,
    ``parent_item_id``), which Magento invoices, ships and refunds with their line."""
    return [i for i in raw["items"] if i.get("parent_item_id") is None]


# ================================================================== WooCommerce
class WooCommerceMerchant:
    """The merchant's side of a WooCommerce store: orders come in through checkout (the control
    plane), the merchant refunds them from the order's admin screen, which speaks the REST API v3.

    A paid order is paid through a gateway that can refund (Stripe, PayPal, WooPayments or Square,
    drawn per order); an unpaid one waits on hold for a direct bank transfer, a check, cash on
    delivery or a purchase order (a plugin's gateway: payment on terms), gateways that cannot refund.
    The plugin's let a connector through that knew the core's offline gateways only (its refunds
    asked of a gateway that cannot give money back, refused by WooCommerce). One gateway of each kind let a
    connector that knew only those two through (refunding through Stripe alone, taking bank transfer
    for the only offline gateway), and three a connector that refunded through a list of the gateways
    it knew (a Square payment refunded by hand, the card never credited) or forgot cash on delivery
    (its refund refused by WooCommerce)."""

    storefront = "woocommerce"
    refund_request = ("POST", r"/wc/v3/orders/\d+/refunds$")
    GATEWAYS = ("stripe", "ppcp-gateway", "woocommerce_payments", "square_credit_card")
    ON_TERMS = ("bacs", "cheque", "cod", "woocommerce_gateway_purchase_order")
    #: Gateways of plugins the store has installed: title, and whether it refunds through its API.
    PLUGINS = {"woocommerce_gateway_purchase_order": ("Purchase Order", False)}

    @staticmethod
    def notifies(body: str) -> bool | None:
        """WooCommerce e-mails the customer of every refund (its "Refunded order" e-mail, on or off
        for the whole store): a refund request has no choice to check."""
        return None

    @staticmethod
    def restocks(body: str) -> bool | None:
        """A refund's ``api_restock`` (true when left out: WooCommerce then puts the items back)."""
        try:
            return json.loads(body).get("api_restock", True) is not False
        except (ValueError, AttributeError):
            return None
    OFFLINE = ("bacs", "cheque", "cod", "woocommerce_gateway_purchase_order")

    def __init__(self, woocommerce: WooCommerceClient, control: ControlPlaneClient, tenant: str, faker: Faker) -> None:
        self.woocommerce = woocommerce
        self.control = control
        self.tenant = tenant
        self.faker = faker

    @classmethod
    def connect(cls, base_url: str, tenant: dict[str, Any], control: ControlPlaneClient,
                faker: Faker) -> WooCommerceMerchant:
        return cls(WooCommerceClient(base_url, tenant["woocommerce"]), control, tenant["tenant"], faker)

    def new_order(self, spec: OrderSpec) -> StorefrontOrder:
        """An order as WooCommerce's checkout leaves it (a discount is the line's coupon discount).

        :raise ValueError: taxes the store computed otherwise than asked.
        """
        if spec.shipping_discount:
            raise ValueError(SHIPPING_DISCOUNT_OFF_WOOCOMMERCE)
        lines, titles, shipping, customer = _contents(spec, self.faker)
        body: dict[str, Any] = {
            "line_items": [{"name": titles[l.sku], "sku": l.sku, "price": str(l.price), "quantity": l.units,
                            **_woo_tax(l.tax), **({"discount": str(l.discount)} if l.discount else {})}
                           for l in lines],
            "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": str(shipping),
                                **_woo_tax(spec.shipping_tax)}]
            if shipping or spec.shipping_tax else [],
            "fee_lines": [{"name": name, "total": str(total), **_woo_tax(tax)} for name, total, tax in spec.fees],
            "currency": spec.currency, "status": "processing" if spec.paid else "on-hold",
            "customer": customer,
            "payment_method": spec.gateway or self.faker.random_element(self.GATEWAYS if spec.paid else self.ON_TERMS),
            # Orders go to other people than the buyer (gifts): of drawn orders, every one ships to a
            # recipient the store draws, who is not the customer.
            **({"ship_to": {}} if spec.lines is None else {}),
            # The harness's store enters its prices with tax (prices_include_tax), as many do: its REST
            # totals are still before tax, each tax apart, and a connector must not take the tax out again.
            "prices_include_tax": True,
        }
        if body["payment_method"] in self.PLUGINS:  # installed with the store's plugin
            title, refunds = self.PLUGINS[body["payment_method"]]
            body.update(payment_method_title=title, gateway_supports_refunds=refunds)
        if spec.first_package is not None:
            first, first_tax = spec.first_package
            body["shipping_lines"].insert(0, {"method_id": "flat_rate", "method_title": "Flat rate", "total": str(first),
                                              **_woo_tax(first_tax)} if first else
                                          {"method_id": "free_shipping", "method_title": "Free shipping", "total": "0.00"})
        raw = self.control.create_woocommerce_order(self.tenant, body)
        order = StorefrontOrder(
            "woocommerce", str(raw["id"]), raw["currency"],
            [OrderLine(l["id"], l["sku"], l["name"], l["quantity"], (money(l["subtotal"]) / l["quantity"]).quantize(CENT),
                       money(l["total_tax"]), money(l["subtotal"]) - money(l["total"])) for l in raw["line_items"]],
            sum((money(s["total"]) for s in raw["shipping_lines"]), ZERO), spec.paid,
            shipping_tax=sum((money(s["total_tax"]) for s in raw["shipping_lines"]), ZERO),
            email=raw["billing"]["email"], customer=customer, raw=raw,
            fees=[OrderFee(f["id"], f["name"], money(f["total"]), money(f["total_tax"])) for f in raw["fee_lines"]])
        _as_asked("WooCommerce", order, lines, spec.shipping_tax + (spec.first_package[1] if spec.first_package else ZERO))
        return order

    #: What the card's gateway (Stripe) answers when it declines a refund (the card is closed).
    DECLINED = "Refund declined by the payment gateway: the card is closed (expired_or_canceled_card)."

    def decline_next_refund(self) -> None:
        """The payment gateway declines the next refund: WooCommerce keeps nothing of it and
        answers the gateway's message (the control plane's ``gateway_failures``)."""
        self.control.woocommerce_gateway_failure(self.tenant, self.DECLINED)

    def capture_payment(self, order: StorefrontOrder, reference: str | None = None) -> None:
        """The bank transfer of an order on hold arrives and the merchant marks the order paid
        (Processing), typing the transfer's or cheque's ``reference`` into its Transaction ID when
        given; an order already paid is left as it is."""
        if self.woocommerce.order(order.id)["status"] == "on-hold":
            self.control.woocommerce_payment_received(self.tenant, order.id, reference)

    def number_orders(self, prefix: str, following: int) -> None:
        """The merchant installs a sequential order numbers plugin: the next orders are numbered
        ``prefix`` + ``following``, ... (their ``number``); the REST API still knows them by their id."""
        self.control.woocommerce_order_numbers(self.tenant, prefix, following)

    def switch_gateway(self, gateway_id: str, *, enabled: bool | None = None, active: bool | None = None) -> None:
        """The merchant switches a payment gateway on or off (Settings > Payments: off, it still
        refunds its orders) or deactivates or activates its plugin (deactivated, the store has no such
        gateway: a refund through it fails)."""
        self.control.woocommerce_payment_gateway(self.tenant, gateway_id, enabled=enabled, active=active)

    def payments(self, order: StorefrontOrder) -> list[str]:
        """The gateway's charge of the order (what a refund through the gateway goes back to)."""
        raw = self.woocommerce.order(order.id)
        return [raw["transaction_id"]] if raw.get("transaction_id") and raw["payment_method"] not in self.OFFLINE else []

    def refund(self, order: StorefrontOrder, ask: RefundAsk) -> dict[str, Any]:
        """Refund from the order's admin screen: the units and shipping asked for at what the order
        charged for them, with their tax, "Refund via <gateway>" when the gateway can, "Refund
        manually" otherwise; ``ask.amount`` is an amount alone."""
        raw = self.woocommerce.order(order.id)
        items: list[dict[str, Any]] = []
        for line, count in ask.lines:
            found = next(l for l in raw["line_items"] if l["id"] == line.id)
            items.append(_woo_refund_line(found, Decimal(count) / found["quantity"], quantity=count))
        packages = raw["shipping_lines"] if ask.shipping else []
        if ask.shipping == ALL_SHIPPING:
            items += [_woo_refund_line(ship, Decimal(1)) for ship in packages]
        elif packages:  # an amount: typed on the first package's line up to what it has left, the rest on the next
            rest = ask.shipping
            for ship, (given, _) in zip(packages, self.shipping_refunded_by_package(order), strict=True):
                part = min(rest, money(ship["total"]) - given)
                if part > 0:
                    items.append(_woo_refund_line(ship, part / money(ship["total"])))
                    rest -= part
        amount = money(ask.amount) if ask.amount is not None else sum(
            (Decimal(i["refund_total"]) + sum((Decimal(t["refund_total"]) for t in i.get("refund_tax", [])), ZERO)
             for i in items), ZERO)
        return self.woocommerce.create_refund(order.id, {
            "amount": str(amount), "reason": ask.note, "line_items": items, "api_restock": False,
            "api_refund": raw["payment_method"] not in self.OFFLINE})

    def refund_line_money(self, order: StorefrontOrder, line: OrderLine, amount: Decimal) -> dict[str, Any]:
        """Refund money of one line without its units, as the admin's refund screen lets the
        merchant type a line's refund total and leave its quantity at 0 (no tax): WooCommerce
        keeps a copy of the line with quantity 0 in the refund."""
        raw = self.woocommerce.order(order.id)
        return self.woocommerce.create_refund(order.id, {
            "amount": str(money(amount)), "reason": "Partial refund of an item by the merchant", "api_restock": False,
            "line_items": [{"id": line.id, "quantity": 0, "refund_total": str(money(amount)), "refund_tax": []}],
            "api_refund": raw["payment_method"] not in self.OFFLINE})

    def refund_fee(self, order: StorefrontOrder, fee: OrderFee, amount: Decimal) -> dict[str, Any]:
        """Refund ``amount`` of one fee from the order's admin screen: the fee line's refund total,
        with its share of each of the fee's taxes, through the gateway when it can refund."""
        raw = self.woocommerce.order(order.id)
        found = next(f for f in raw["fee_lines"] if f["id"] == fee.id)
        line = _woo_refund_line(found, money(amount) / fee.total)
        given = Decimal(line["refund_total"]) + sum((Decimal(t["refund_total"]) for t in line["refund_tax"]), ZERO)
        return self.woocommerce.create_refund(order.id, {
            "amount": str(given), "reason": f"Refund of the {fee.name} fee by the merchant", "line_items": [line],
            "api_restock": False, "api_refund": raw["payment_method"] not in self.OFFLINE})

    def refunds(self, order: StorefrontOrder) -> list[StorefrontRefund]:
        """Every refund of the order, oldest first (every page: WooCommerce lists at most 100 at a
        time); the money of one the gateway refunded went back to the order's charge."""
        raw = self.woocommerce.order(order.id)
        seen = []
        for refund in self.woocommerce.every_refund(order.id):
            units: Counter[str] = Counter()
            goods: dict[str, Decimal] = {}
            taxes = {"shipping": -sum((money(s["total_tax"]) for s in refund["shipping_lines"]), ZERO)}
            for line in refund["line_items"]:
                units[line["sku"]] += -int(line["quantity"])
                goods[line["sku"]] = goods.get(line["sku"], ZERO) - money(line["total"])
                taxes[line["sku"]] = taxes.get(line["sku"], ZERO) - money(line["total_tax"])
            if refund["fee_lines"]:  # the fees given back, before their tax (which is in the refund's tax)
                goods[FEES] = -sum((money(f["total"]) for f in refund["fee_lines"]), ZERO)
            lines = refund["line_items"] + refund["shipping_lines"] + refund["fee_lines"]
            named = [*((l.get("sku") or l.get("name") or str(l["id"]), l) for l in refund["line_items"]),
                     *(("shipping", l) for l in refund["shipping_lines"]),
                     *((l.get("name") or "fee", l) for l in refund["fee_lines"])]
            empty = tuple(name for name, l in named if not int(l.get("quantity") or 0) and not money(l["total"])
                          and not money(l["total_tax"]))
            seen.append(StorefrontRefund(
                id=str(refund["id"]), money=money(refund["amount"]), currency=raw["currency"], units=+units, goods=goods,
                tax=-sum((money(l["total_tax"]) for l in lines), ZERO),
                shipping=-sum((money(s["total"]) for s in refund["shipping_lines"]), ZERO), line_tax=taxes,
                parents=(raw["transaction_id"],) if refund["refunded_payment"] and raw.get("transaction_id") else (),
                note=refund.get("reason") or "", empty_lines=empty))
        return seen

    def shipping_refunded_by_package(self, order: StorefrontOrder) -> list[tuple[Decimal, Decimal]]:
        """The shipping and its tax the order's refunds gave back on each of its shipping lines (one
        per package), in the order's order of them: each refunded shipping line is a copy with a
        negative total and the order line's id in its ``_refunded_item_id`` meta (RULES.md §2.4)."""
        given: dict[str, tuple[Decimal, Decimal]] = {str(s["id"]): (ZERO, ZERO) for s in self.woocommerce.order(order.id)["shipping_lines"]}
        for refund in self.woocommerce.every_refund(order.id):
            for line in refund["shipping_lines"]:
                key = next((str(m["value"]) for m in line.get("meta_data", []) if m.get("key") == "_refunded_item_id"), "")
                if key in given:
                    shipping, tax = given[key]
                    given[key] = (shipping - money(line["total"]), tax - money(line["total_tax"]))
        return list(given.values())

    def fees_refunded_by_fee(self, order: StorefrontOrder) -> list[tuple[str, Decimal, Decimal]]:
        """The money before tax and the tax the order's refunds gave back on each of its fee lines:
        ``(the fee's name, amount, tax)`` in the order's order of its fees. Each refunded fee line is
        a copy with a negative total and tax and the order's fee line id in its ``_refunded_item_id``
        meta (RULES.md §2.4); a copy of no fee line of the order is filed under its own name."""
        names = {str(f["id"]): f["name"] for f in self.woocommerce.order(order.id)["fee_lines"]}
        given: dict[str, tuple[Decimal, Decimal]] = {name: (ZERO, ZERO) for name in names.values()}
        for refund in self.woocommerce.every_refund(order.id):
            for line in refund["fee_lines"]:
                key = next((str(m["value"]) for m in line.get("meta_data", []) if m.get("key") == "_refunded_item_id"), "")
                name = names.get(key) or line.get("name") or "fee"
                amount, tax = given.get(name, (ZERO, ZERO))
                given[name] = (amount - money(line["total"]), tax - money(line["total_tax"]))
        return [(name, amount, tax) for name, (amount, tax) in given.items()]

    def tax_refunded_by_rate(self, order: StorefrontOrder) -> list[tuple[str, Decimal, Decimal]]:
        """The tax the order's refunds gave back at each rate the order charged, as the store's tax
        report per rate adds it up: ``(label, tax of the products and fees, tax of the shipping)``
        in the order's order of its tax lines, then any rate only a refund names. A refund keeps a
        tax line per rate with negative totals (``tax_total``, ``shipping_tax_total``)."""
        given: dict[str, tuple[Decimal, Decimal]] = {t["label"]: (ZERO, ZERO) for t in self.woocommerce.order(order.id)["tax_lines"]}
        for refund in self.woocommerce.every_refund(order.id):
            for line in refund["tax_lines"]:
                tax, shipping = given.get(line["label"], (ZERO, ZERO))
                given[line["label"]] = (tax - money(line["tax_total"]), shipping - money(line["shipping_tax_total"]))
        return [(label, tax, shipping) for label, (tax, shipping) in given.items()]

    def refunded_order(self, url: str, answer: str) -> str | None:
        """The order a refund request named in its path (``/orders/{id}/refunds``)."""
        found = re.search(r"/orders/(\d+)/refunds$", url.split("?", 1)[0])
        return found.group(1) if found else None

    def source_of(self, order: StorefrontOrder, record: str) -> tuple[Decimal, str] | None:
        kind, _, key = record.partition(":")
        found = next((r for r in self.refunds(order) if kind == "woocommerce-refund" and r.id == key), None)
        return (found.money, found.currency) if found else None


def state_and_county(tax: Decimal) -> tuple[Decimal, Decimal]:
    """A line's tax as the harness's US stores charge it: the state's two thirds and the county's
    third (rounded to the cent; a tax too small to split is the state's alone)."""
    state = money(tax * 2 / 3)
    return state, tax - state


def _woo_tax(tax: Decimal) -> dict[str, Any]:
    """An item's ``tax`` for the WooCommerce control plane: at the store's state and county rates."""
    if not tax:
        return {}
    state, county = state_and_county(tax)
    return {"tax": {"state": str(state), **({"county": str(county)} if county else {})}}


def _woo_refund_line(line: dict[str, Any], part: Decimal, *, quantity: int | None = None) -> dict[str, Any]:
    """A line of a WooCommerce refund: ``part`` of what the order line charged, and of each of its taxes."""
    out: dict[str, Any] = {"id": line["id"], "refund_total": str(money(money(line["total"]) * part)),
                           "refund_tax": [{"id": t["id"], "refund_total": str(money(Decimal(str(t["total"])) * part))}
                                          for t in line.get("taxes", []) if t.get("total")]}
    if quantity is not None:
        out["quantity"] = quantity
    return out


def merchant_of(storefront: str, base_url: str, tenant: dict[str, Any], control: ControlPlaneClient,
                faker: Faker) -> Storefront:
    """The merchant (or seller) of the account's storefront, acting on the scenario's tenant."""
    if storefront == "ebay":
        return EbaySeller.connect(base_url, tenant, control, faker)
    if storefront == "magento":
        return MagentoMerchant.connect(base_url, tenant, control, faker)
    if storefront == "woocommerce":
        return WooCommerceMerchant.connect(base_url, tenant, control, faker)
    return ShopifyMerchant(ShopifyClient(base_url, tenant["shopify"]), faker, control, tenant["tenant"])
