"""The people around the connector, as small action clients the steps call: the NetSuite user who
bills and refunds orders, the merchant who sells and refunds on Shopify, the eBay seller and buyer.

Each acts only through the vendor APIs (or, for what only a test can do — an eBay buyer's order or
return request — the control plane), exactly as they would in production. What they read back is
put in one neutral shape per kind of thing (:class:`StorefrontOrder`, :class:`StorefrontRefund`,
:class:`NetSuiteRecord`), so a check is written once for every storefront.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from faker import Faker

from fixtures.builders import netsuite_item, shopify_order
from simulators.clients import ControlPlaneClient, EbayClient, NetSuiteClient, ShopifyClient

CENT = Decimal("0.01")
ZERO = Decimal("0")
BILLING_RECORD = {"cash sale": "cashSale", "invoice": "invoice"}
REFUND_RECORD = {"cashSale": "cashRefund", "invoice": "creditMemo"}


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

    @property
    def tax(self) -> Decimal:
        return sum((line.tax for line in self.lines), self.shipping_tax)

    @property
    def total(self) -> Decimal:
        return sum((line.subtotal for line in self.lines), self.shipping) + self.tax


@dataclass(frozen=True)
class RefundAsk:
    """What to refund: units of lines, shipping (``ALL_SHIPPING`` for what is left), or ``amount``
    of money without lines (a general refund)."""

    lines: tuple[tuple[OrderLine, int], ...] = ()
    shipping: Decimal = ZERO
    amount: Decimal | None = None
    note: str = "Refund by the merchant"


ALL_SHIPPING = Decimal("-1")


@dataclass(frozen=True)
class StorefrontRefund:
    """A refund as the storefront shows it. ``money`` is what went back to the buyer (successful
    refund transactions only; ``declined`` what a gateway refused); ``units`` and ``goods`` are per
    SKU; ``parents`` are the payments the money went back to."""

    id: str
    money: Decimal
    currency: str
    units: dict[str, int]
    goods: dict[str, Decimal]
    tax: Decimal
    shipping: Decimal
    declined: Decimal = ZERO
    notify: bool | None = None
    parents: tuple[str, ...] = ()
    note: str = ""


class Storefront(Protocol):
    """What every storefront's merchant (or seller) does in a scenario."""

    storefront: str

    def new_order(self, spec: OrderSpec) -> StorefrontOrder: ...

    def capture_payment(self, order: StorefrontOrder) -> None: ...

    def refund(self, order: StorefrontOrder, ask: RefundAsk) -> Any: ...

    def refunds(self, order: StorefrontOrder) -> list[StorefrontRefund]: ...

    def payments(self, order: StorefrontOrder) -> list[str]: ...

    def source_of(self, order: StorefrontOrder, record: str) -> tuple[Decimal, str] | None:
        """(amount, currency) of the storefront refund a connector names as ``record``, or None."""
        ...

    #: The connector's requests that create a refund on this storefront: (method, path regex).
    refund_request: tuple[str, str]

    def notifies(self, body: str) -> bool | None:
        """Whether a refund request's body (as the journal keeps it) asks the storefront to notify
        the customer; None when this storefront has no such choice."""
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
        """The item lines: ``{"item" (internal id), "name" (the item's name: the SKU), "quantity", "rate", "amount"}``."""
        return [{"item": str(line["item"]["id"]), "name": line["item"].get("refName", ""),
                 "quantity": int(Decimal(str(line.get("quantity", 0)))), "rate": money(line.get("rate", 0)),
                 "amount": money(line.get("amount", 0))}
                for line in (self.body.get("item") or {}).get("items", [])]

    @property
    def created_from(self) -> str | None:
        created = self.body.get("createdFrom")
        return str(created["id"]) if created else None


class NetSuiteUser:
    """Someone working in NetSuite: keeps the catalogue, bills orders, refunds them."""

    ADJUSTMENT_ITEMS = (("Refund Adjustment +", "REFUND-ADJ-POS"), ("Refund Adjustment -", "REFUND-ADJ-NEG"))

    def __init__(self, netsuite: NetSuiteClient) -> None:
        self.netsuite = netsuite

    def record(self, record_type: str, record_id: str) -> NetSuiteRecord:
        return NetSuiteRecord(record_type, record_id, self.netsuite.get(record_type, record_id))

    def add_items(self, lines: Sequence[OrderLine]) -> None:
        """Put the storefront's SKUs in the NetSuite catalogue (an order sync prerequisite)."""
        for line in lines:
            self.netsuite.create("nonInventorySaleItem", netsuite_item(line.sku, line.title, str(line.price)))

    def add_item(self, name: str, price: Decimal) -> str:
        """One more sale item (not on any order); its internal id."""
        return self.netsuite.create("nonInventorySaleItem", netsuite_item(name, name, str(price)))

    def add_adjustment_items(self) -> tuple[str, str]:
        """Two "Other Charge for Sale" items for positive and negative refund adjustments (found if
        they exist already)."""
        ids = []
        for name, external_id in self.ADJUSTMENT_ITEMS:
            found = self.netsuite.query("otherChargeSaleItem", f'externalId IS "{external_id}"')
            ids.append(found[0] if found else self.netsuite.create("otherChargeSaleItem", {"itemId": name, "externalId": external_id}))
        return ids[0], ids[1]

    def sales_order(self, order: StorefrontOrder) -> NetSuiteRecord:
        """The sales order the connector created for ``order`` (its externalId is the order id)."""
        body = self.netsuite.get("salesOrder", f"eid:{order.id}")
        return NetSuiteRecord("salesOrder", body["id"], body)

    def customers_with_email(self, email: str) -> list[str]:
        return self.netsuite.query("customer", f'email IS "{email}"')

    def bill(self, order: StorefrontOrder, billing: str) -> NetSuiteRecord:
        """Bill the order's sales order as a ``cash sale`` or an ``invoice``."""
        record_type = BILLING_RECORD[billing]
        sales_order = self.sales_order(order)
        return self.record(record_type, self.netsuite.transform("salesOrder", sales_order.id, record_type))

    def authorize_return(self, order: StorefrontOrder, quantity: int) -> NetSuiteRecord:
        """A return authorization of ``quantity`` units of the order's first line (sales order →
        return authorization), approved."""
        sales_order = self.sales_order(order)
        line = sales_order.body["item"]["items"][0]
        ra_id = self.netsuite.transform("salesOrder", sales_order.id, "returnAuthorization", {
            "item": {"items": [{"item": {"id": line["item"]["id"]}, "quantity": quantity, "rate": line["rate"]}]}})
        return self.record("returnAuthorization", ra_id)

    def refunds_created_from_returns(self, order: StorefrontOrder) -> list[NetSuiteRecord]:
        """Cash refunds and credit memos created from the order's return authorizations."""
        sales_order = self.sales_order(order)
        found = []
        for ra_id in self.netsuite.query("returnAuthorization", f"createdFrom ANY_OF [{sales_order.id}]"):
            for record_type in ("cashRefund", "creditMemo"):
                found += [self.record(record_type, rid) for rid in self.netsuite.query(record_type, f"createdFrom ANY_OF [{ra_id}]")]
        return found

    def pay_invoice(self, invoice: NetSuiteRecord) -> NetSuiteRecord:
        """Record the customer's payment of the whole invoice (invoice → customer payment)."""
        return self.record("customerPayment", self.netsuite.transform("invoice", invoice.id, "customerPayment"))

    def refund(self, billed: NetSuiteRecord, body: dict[str, Any] | None = None) -> NetSuiteRecord:
        """Refund from the billed record: a cash refund of a cash sale, a credit memo of an invoice.
        ``body`` overrides lines or fields (a partial refund)."""
        record_type = REFUND_RECORD[billed.type]
        return self.record(record_type, self.netsuite.transform(billed.type, billed.id, record_type, body or {}))

    def refund_lines(self, billed: NetSuiteRecord, lines: Sequence[tuple[str, int]], *, shipping: Decimal = ZERO,
                     tax: Decimal = ZERO, extra: Sequence[dict[str, Any]] = ()) -> NetSuiteRecord:
        """A partial refund: ``(SKU, units)`` of the billed record's lines, with the shipping and tax
        given, and ``extra`` lines (adjustments) as NetSuite takes them.

        :raise ValueError: a SKU that is not on the billed record.
        """
        billed_lines = {line["item"].get("refName"): line for line in billed.body["item"]["items"]}
        missing = [sku for sku, _ in lines if sku not in billed_lines]
        if missing:
            raise ValueError(f"{billed.label} has no line of {', '.join(missing)}")
        items = [{"item": {"id": billed_lines[sku]["item"]["id"]}, "quantity": units, "rate": billed_lines[sku]["rate"]}
                 for sku, units in lines]
        return self.refund(billed, {"shippingCost": float(shipping), "taxTotal": float(tax),
                                    "item": {"items": items + list(extra)}})

    def unlinked_credit_memo(self, billed: NetSuiteRecord) -> NetSuiteRecord:
        """A credit memo for the same customer and lines, entered standalone, not from the invoice."""
        lines = [{"item": {"id": l["item"]["id"]}, "quantity": l["quantity"], "rate": l["rate"]}
                 for l in billed.body["item"]["items"]]
        memo_id = self.netsuite.create("creditMemo", {"entity": {"id": billed.body["entity"]["id"]}, "item": {"items": lines}})
        return self.record("creditMemo", memo_id)

    def customer_refund(self, credit_memo: NetSuiteRecord) -> NetSuiteRecord:
        """Refund a credit memo's money with a customer refund applying it."""
        refund_id = self.netsuite.create("customerRefund", {
            "customer": {"id": credit_memo.body["entity"]["id"]},
            "apply": {"items": [{"doc": {"id": credit_memo.id}, "apply": True, "amount": float(credit_memo.total)}]},
        })
        return self.record("customerRefund", refund_id)

    def delete_sales_order(self, order: StorefrontOrder) -> None:
        self.netsuite.delete("salesOrder", self.sales_order(order).id)

    def billed_records(self, order: StorefrontOrder) -> list[NetSuiteRecord]:
        """The cash sales and invoices created from the order's sales order."""
        sales_order = self.sales_order(order)
        return [self.record(billed_type, billed_id) for billed_type in ("cashSale", "invoice")
                for billed_id in self.netsuite.query(billed_type, f"createdFrom ANY_OF [{sales_order.id}]")]

    def refunds_created_from(self, billed: NetSuiteRecord) -> list[NetSuiteRecord]:
        record_type = REFUND_RECORD[billed.type]
        return [self.record(record_type, rid) for rid in self.netsuite.query(record_type, f"createdFrom ANY_OF [{billed.id}]")]

    def refunds_of(self, order: StorefrontOrder) -> list[NetSuiteRecord]:
        """Every NetSuite refund of the order: from its billed records and from its return authorizations."""
        refunds = [refund for billed in self.billed_records(order) for refund in self.refunds_created_from(billed)]
        return refunds + self.refunds_created_from_returns(order)


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

    @staticmethod
    def notifies(body: str) -> bool | None:
        """Shopify's ``refund.notify`` (false when left out)."""
        try:
            return bool(json.loads(body).get("refund", {}).get("notify", False))
        except (ValueError, AttributeError):
            return None

    def decline_next_refund(self) -> None:
        """The shop's payment gateway declines the next refund that moves money (the control plane)."""
        if self.control is None:
            raise ValueError("declining a refund needs the control plane")
        self.control.decline_shopify_refunds(self.tenant, 1)

    def new_order(self, spec: OrderSpec) -> StorefrontOrder:
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
        if spec.lines is not None:
            body["line_items"] = [self._line(line) for line in spec.lines]
        if spec.shipping is not None:
            body["shipping_lines"] = [{"title": "Standard", "code": "STANDARD", "price": str(spec.shipping),
                                       **({"tax_lines": [{"title": "Tax", "price": str(spec.shipping_tax)}]}
                                          if spec.shipping_tax else {})}] if spec.shipping or spec.shipping_tax else []
        if spec.paid:
            included = spec.taxes_included
            total = (sum((Decimal(l["price"]) * l["quantity"] - Decimal(l.get("total_discount", "0"))
                          + (ZERO if included else sum((Decimal(t["price"]) for t in l.get("tax_lines", [])), ZERO))
                          for l in body["line_items"]), ZERO)
                     + sum((Decimal(s["price"]) + (ZERO if included else sum((Decimal(t["price"]) for t in s.get("tax_lines", [])), ZERO))
                            for s in body["shipping_lines"]), ZERO))
            body["transactions"] = [{"kind": "sale", "status": "success", "amount": str(money(total)),
                                     "gateway": "shopify_payments"}]
        raw = self.shopify.create_order(body)
        included = bool(raw.get("taxes_included"))
        shipping_tax = sum((_presented(t.get("price_set")) for s in raw["shipping_lines"] for t in s.get("tax_lines", [])), ZERO)
        return StorefrontOrder(
            "shopify", str(raw["id"]), raw.get("presentment_currency") or raw["currency"],
            [OrderLine(l["id"], l["sku"], l["title"], l["quantity"], _presented(l["price_set"]),
                       sum((_presented(t.get("price_set")) for t in l.get("tax_lines", [])), ZERO),
                       _presented(l.get("total_discount_set"))
                       + sum((_presented(a.get("amount_set")) for a in l.get("discount_allocations", [])), ZERO),
                       tax_included=included)
             for l in raw["line_items"]],
            sum((_presented(s["price_set"]) for s in raw["shipping_lines"]), ZERO) - (shipping_tax if included else ZERO),
            spec.paid, shipping_tax=shipping_tax,
            email=raw.get("email") or "", customer=dict(body.get("customer") or {}), raw=raw,
        )

    @staticmethod
    def _line(line: LineSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"title": f"Item {line.sku}", "sku": line.sku, "quantity": line.units, "price": str(line.price)}
        if line.tax:
            out["tax_lines"] = [{"title": "Tax", "price": str(line.tax)}]
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
        return [str(t["id"]) for t in self.shopify.transactions(order.id)
                if t["kind"] in ("sale", "capture") and t["status"] == "success"]

    def refund(self, order: StorefrontOrder, ask: RefundAsk) -> dict[str, Any]:
        """Refund on Shopify as the admin's Refund page does: the lines and shipping asked for, the
        money Shopify calculates for them back to the order's payment (or ``ask.amount`` alone)."""
        sale = next(t for t in self.shopify.transactions(order.id) if t["kind"] in ("sale", "capture") and t["status"] == "success")
        body: dict[str, Any] = {"note": ask.note, **self._currency(order)}
        if ask.lines:
            body["refund_line_items"] = [{"line_item_id": line.id, "quantity": units, "restock_type": "no_restock"}
                                         for line, units in ask.lines]
        if ask.shipping:
            body["shipping"] = {"full_refund": True} if ask.shipping == ALL_SHIPPING else {"amount": str(ask.shipping)}
        if ask.amount is not None:
            value = money(ask.amount)
        else:
            calculated = self.shopify.calculate_refund(order.id, {k: v for k, v in body.items() if k != "note"})
            value = sum((money(t["amount"]) for t in calculated["transactions"]), ZERO)
        body["transactions"] = [{"parent_id": sale["id"], "amount": str(value), "kind": "refund", "gateway": sale["gateway"]}]
        return self.shopify.create_refund(order.id, body)

    def source_of(self, order: StorefrontOrder, record: str) -> tuple[Decimal, str] | None:
        kind, _, key = record.partition(":")
        found = next((r for r in self.refunds(order) if kind == "shopify-refund" and r.id == key), None)
        return (found.money, found.currency) if found else None

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
            for line in refund["refund_line_items"]:
                sku = sku_of.get(line["line_item_id"], str(line["line_item_id"]))
                line_tax = _presented(line.get("total_tax_set"))
                units[sku] += line["quantity"]
                goods[sku] = goods.get(sku, ZERO) + _presented(line.get("subtotal_set")) - (line_tax if included else ZERO)
                tax += line_tax
            shipping_tax = sum((_presented(s.get("tax_amount_set")) for s in refund.get("refund_shipping_lines", [])), ZERO)
            shipping = sum((_presented(s.get("subtotal_amount_set")) for s in refund.get("refund_shipping_lines", [])), ZERO)
            seen.append(StorefrontRefund(
                id=str(refund["id"]),
                money=sum((money(t["amount"]) for t in refunds if t["status"] == "success"), ZERO),
                currency=refunds[0]["currency"] if refunds else order.currency,
                units=dict(units), goods=goods, tax=tax + shipping_tax,
                shipping=shipping - (shipping_tax if included else ZERO),
                declined=sum((money(t["amount"]) for t in refunds if t["status"] == "failure"), ZERO),
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

    @classmethod
    def connect(cls, base_url: str, tenant: dict[str, Any], control: ControlPlaneClient, faker: Faker) -> EbaySeller:
        return cls(EbayClient(base_url, tenant["ebay"]), control, tenant["tenant"], faker)

    @staticmethod
    def notifies(body: str) -> bool | None:
        """eBay tells the buyer of every refund: there is no choice to check."""
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

    def new_order(self, spec: OrderSpec) -> StorefrontOrder:
        """A buyer's order. eBay orders are paid at checkout: an unpaid one is refused."""
        if not spec.paid:
            raise ValueError("eBay orders are paid at checkout: use a paid eBay order")
        template = shopify_order(self.faker, currency=spec.currency)
        lines = ([{"title": f"Item {l.sku}", "sku": l.sku, "quantity": l.units, "price": str(l.price)} for l in spec.lines]
                 if spec.lines is not None else
                 [{"title": l["title"][:80], "sku": l["sku"], "quantity": l["quantity"], "price": l["price"]}
                  for l in template["line_items"]])
        if spec.lines is not None and any(l.tax or l.discount for l in spec.lines):
            raise ValueError("the eBay simulator takes no tax or discount on an order's lines")
        body: dict[str, Any] = {"currency": spec.currency, "lineItems": lines}
        shipping = spec.shipping if spec.shipping is not None else Decimal(template["shipping_lines"][0]["price"])
        if shipping:
            body["shipping"] = str(shipping)
        raw = self.control.create_ebay_order(self.tenant, body)
        return StorefrontOrder(
            "ebay", raw["orderId"], spec.currency,
            [OrderLine(l["lineItemId"], l["sku"], l["title"], l["quantity"],
                       (money(l["lineItemCost"]["value"]) / l["quantity"]).quantize(CENT))
             for l in raw["lineItems"]],
            money(raw["pricingSummary"].get("deliveryCost", {}).get("value", "0")), True, raw=raw,
        )

    def _settle(self, order: StorefrontOrder) -> None:
        """eBay finishes processing the order's refunds (the control plane; the clock does not
        move), unless the scenario made eBay slow."""
        if self.settles_at_once:
            self.control.settle_ebay_order(self.tenant, order.id)

    def payments(self, order: StorefrontOrder) -> list[str]:
        return [str(p.get("paymentReferenceId", "")) for p in self.ebay.get_order(order.id)["paymentSummary"].get("payments", [])]

    def refund(self, order: StorefrontOrder, ask: RefundAsk) -> dict[str, Any]:
        """Lines: the buyer asks for a return of them and the seller refunds each (buyer-requested);
        ``amount``: the seller refunds without a buyer request. eBay settles each refund before the
        next, unless the scenario made eBay slow (then the refund stays PENDING)."""
        if ask.amount is not None:
            issued = self.ebay.issue_refund(order.id, {
                "reasonForRefund": "OTHER_ADJUSTMENT", "comment": "Goodwill refund by the seller",
                "orderLevelRefundAmount": {"value": str(money(ask.amount)), "currency": order.currency}})
            self._settle(order)
            return issued
        if ask.shipping:
            raise ValueError("an eBay buyer returns items, not shipping: refund lines on eBay")
        result: dict[str, Any] = {}
        for line, units in ask.lines:
            ret = self.control.create_ebay_return(self.tenant, order.id, {"lineItemId": line.id, "quantity": units})
            value = str(money(line.price * units))
            result = self.ebay.issue_return_refund(ret["returnId"], {"refundDetail": {
                "itemizedRefundDetail": [{"refundAmount": {"value": value, "currency": order.currency}, "refundFeeType": "PURCHASE_PRICE"}],
                "totalAmount": {"value": value, "currency": order.currency}}})
            self._settle(order)  # eBay refuses a refund while the previous one of the order is processing
        return result

    def request_return(self, order: StorefrontOrder, line: OrderLine, quantity: int) -> dict[str, Any]:
        """The buyer asks to return units of a line; the seller has not refunded (yet)."""
        return self.control.create_ebay_return(self.tenant, order.id, {"lineItemId": line.id, "quantity": quantity})

    def refunds(self, order: StorefrontOrder) -> list[StorefrontRefund]:
        """The refunds eBay shows on the order (paymentSummary.refunds); units from the returns refunded."""
        units = self._returned_units(order)
        seen = []
        for refund in self.ebay.get_order(order.id)["paymentSummary"]["refunds"]:
            status = refund.get("refundStatus")
            amount = money(refund["amount"]["value"])
            seen.append(StorefrontRefund(
                id=str(refund.get("refundId")), money=amount if status == "REFUNDED" else ZERO,
                currency=refund["amount"].get("currency", order.currency), units={}, goods={}, tax=ZERO, shipping=ZERO,
                declined=amount if status == "FAILED" else ZERO))
        if seen and units:  # eBay's refunds carry amounts only: the returned units go on the first
            seen[0] = StorefrontRefund(**{**seen[0].__dict__, "units": dict(units)})
        return seen

    def source_of(self, order: StorefrontOrder, record: str) -> tuple[Decimal, str] | None:
        kind, _, key = record.partition(":")
        if kind != "ebay-return" or not key:
            return None
        actual = self.ebay.get_return(key)["summary"].get("sellerTotalRefund", {}).get("actualRefundAmount")
        return (money(actual["value"]), actual.get("currency", order.currency)) if actual else None

    def _returned_units(self, order: StorefrontOrder) -> Counter[str]:
        sku_of = {str(l["legacyItemId"]): l["sku"] for l in order.raw.get("lineItems", [])}
        units: Counter[str] = Counter()
        for member in self.ebay.search_returns(order.id).get("members", []):
            ret = self.ebay.get_return(member["returnId"])
            if ret["summary"].get("state") == "CLOSED" and ret["summary"].get("sellerTotalRefund", {}).get("actualRefundAmount"):
                item = ret["detail"]["itemDetail"]
                units[sku_of.get(str(item["itemId"]), "?")] += int(item["returnQuantity"])
        return units

    def capture_payment(self, order: StorefrontOrder) -> None:
        """eBay collects payment at checkout: nothing to capture."""
