"""The people around the connector, as small action clients the steps call: the NetSuite user who
bills and refunds orders, the merchant who sells and refunds on Shopify, the eBay seller and buyer.

Each acts only through the vendor APIs (or, for what only a test can do — an eBay buyer's order or
return request — the control plane), exactly as they would in production.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from faker import Faker

from fixtures.builders import netsuite_item, shopify_order
from simulators.clients import ControlPlaneClient, EbayClient, NetSuiteClient, ShopifyClient

CENT = Decimal("0.01")
BILLING_RECORD = {"cash sale": "cashSale", "invoice": "invoice"}
REFUND_RECORD = {"cashSale": "cashRefund", "invoice": "creditMemo"}


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


@dataclass
class StorefrontOrder:
    """An order on the storefront, as the scenario knows it."""

    storefront: str
    id: str
    currency: str
    lines: list[dict[str, Any]]  # {"id", "sku", "title", "quantity", "price"}
    shipping: Decimal
    paid: bool
    raw: dict[str, Any] = field(repr=False, default_factory=dict)


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


class NetSuiteUser:
    """Someone working in NetSuite: keeps the catalogue, bills orders, refunds them."""

    def __init__(self, netsuite: NetSuiteClient) -> None:
        self.netsuite = netsuite

    def record(self, record_type: str, record_id: str) -> NetSuiteRecord:
        return NetSuiteRecord(record_type, record_id, self.netsuite.get(record_type, record_id))

    def add_items(self, lines: list[dict[str, Any]]) -> None:
        """Put the storefront's SKUs in the NetSuite catalogue (an order sync prerequisite)."""
        for line in lines:
            self.netsuite.create("nonInventorySaleItem", netsuite_item(line["sku"], line["title"], str(line["price"])))

    def add_adjustment_items(self) -> tuple[str, str]:
        """Two "Other Charge for Sale" items for positive and negative refund adjustments."""
        ids = []
        for name, external_id in (("Refund Adjustment +", "REFUND-ADJ-POS"), ("Refund Adjustment -", "REFUND-ADJ-NEG")):
            found = self.netsuite.query("otherChargeSaleItem", f'externalId IS "{external_id}"')
            ids.append(found[0] if found else self.netsuite.create("otherChargeSaleItem", {"itemId": name, "externalId": external_id}))
        return ids[0], ids[1]

    def sales_order(self, order: StorefrontOrder) -> NetSuiteRecord:
        """The sales order the connector created for ``order`` (its externalId is the order id)."""
        body = self.netsuite.get("salesOrder", f"eid:{order.id}")
        return NetSuiteRecord("salesOrder", body["id"], body)

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

    def refund_lines(self, billed: NetSuiteRecord, quantity: int, *, shipping: bool = False) -> NetSuiteRecord:
        """A partial refund of ``quantity`` units of the billed record's first line."""
        line = billed.body["item"]["items"][0]
        return self.refund(billed, {
            "shippingCost": float(billed.body.get("shippingCost", 0)) if shipping else 0,
            "taxTotal": 0,
            "item": {"items": [{"item": {"id": line["item"]["id"]}, "quantity": quantity, "rate": line["rate"]}]},
        })

    def refund_shipping_only(self, billed: NetSuiteRecord, adjustment_item: str) -> NetSuiteRecord:
        """A refund of the shipping charge alone (a zero line keeps the transaction valid)."""
        return self.refund(billed, {
            "shippingCost": float(billed.body["shippingCost"]), "taxTotal": 0,
            "item": {"items": [{"item": {"id": adjustment_item}, "quantity": 1, "rate": 0}]},
        })

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

    def refunds_created_from(self, billed: NetSuiteRecord) -> list[NetSuiteRecord]:
        record_type = REFUND_RECORD[billed.type]
        return [self.record(record_type, rid) for rid in self.netsuite.query(record_type, f"createdFrom ANY_OF [{billed.id}]")]


class ShopifyMerchant:
    """The merchant's side of Shopify: orders come in, refunds go out."""

    storefront = "shopify"

    def __init__(self, shopify: ShopifyClient, faker: Faker) -> None:
        self.shopify = shopify
        self.faker = faker

    def new_order(self, *, paid: bool = True, lines: int = 2, shipping: bool = True, currency: str = "USD") -> StorefrontOrder:
        raw = self.shopify.create_order(shopify_order(self.faker, lines=lines, shipping=shipping, currency=currency, paid=paid))
        return StorefrontOrder(
            "shopify", str(raw["id"]), raw["currency"],
            [{"id": l["id"], "sku": l["sku"], "title": l["title"], "quantity": l["quantity"], "price": money(l["price"])}
             for l in raw["line_items"]],
            sum((money(s["price"]) for s in raw["shipping_lines"]), Decimal("0")), paid, raw,
        )

    def capture_payment(self, order: StorefrontOrder) -> None:
        """Record the customer's payment of an order on terms ("Mark as paid"); a paid order is left as is."""
        if self.shopify.order(order.id)["financial_status"] == "paid":
            return
        total = sum((l["price"] * l["quantity"] for l in order.lines), order.shipping)
        self.shopify.create_transaction(order.id, {"kind": "sale", "status": "success", "amount": str(total),
                                                   "gateway": "manual", "source": "external"})

    def refund(self, order: StorefrontOrder, *, quantity: int | None = None, full: bool = False,
               amount: Decimal | None = None) -> dict[str, Any]:
        """Refund on Shopify: ``full`` (every line and shipping), ``quantity`` units of the first
        line, or a general refund of ``amount``."""
        sale = next(t for t in self.shopify.transactions(order.id) if t["kind"] in ("sale", "capture"))
        body: dict[str, Any] = {"note": "Refund by the merchant"}
        if full:
            body["refund_line_items"] = [{"line_item_id": l["id"], "quantity": l["quantity"], "restock_type": "no_restock"} for l in order.lines]
            body["shipping"] = {"full_refund": True}
            value = sum((l["price"] * l["quantity"] for l in order.lines), Decimal("0")) + order.shipping
        elif quantity is not None:
            first = order.lines[0]
            body["refund_line_items"] = [{"line_item_id": first["id"], "quantity": quantity, "restock_type": "no_restock"}]
            value = first["price"] * quantity
        else:
            value = amount or Decimal("0")
        body["transactions"] = [{"parent_id": sale["id"], "amount": str(value.quantize(CENT)), "kind": "refund", "gateway": sale["gateway"]}]
        return self.shopify.create_refund(order.id, body)

    def refunds(self, order: StorefrontOrder) -> list[dict[str, Any]]:
        return self.shopify.refunds(order.id)

    def refunded_total(self, order: StorefrontOrder) -> Decimal:
        return sum((money(t["amount"]) for r in self.refunds(order) for t in r["transactions"]
                    if t["kind"] == "refund" and t["status"] == "success"), Decimal("0"))

    def refunded_units(self, order: StorefrontOrder) -> Counter[str]:
        """Units refunded per SKU across the order's refunds."""
        sku_of = {line["id"]: line["sku"] for line in order.lines}
        units: Counter[str] = Counter()
        for refund in self.refunds(order):
            for line in refund["refund_line_items"]:
                units[sku_of[line["line_item_id"]]] += line["quantity"]
        return units


class EbaySeller:
    """The eBay seller (Fulfillment and Post-Order APIs) and, through the control plane, what only a
    test can do: the buyer's order and return request, and time passing until eBay settles a refund."""

    storefront = "ebay"
    #: eBay settles a refund this long after it is issued (simulators/ebay/FIDELITY.md).
    SETTLE_SECONDS = 60

    def __init__(self, ebay: EbayClient, control: ControlPlaneClient, tenant: str, faker: Faker) -> None:
        self.ebay = ebay
        self.control = control
        self.tenant = tenant
        self.faker = faker

    @classmethod
    def connect(cls, base_url: str, tenant: dict[str, Any], control: ControlPlaneClient, faker: Faker) -> "EbaySeller":
        return cls(EbayClient(base_url, tenant["ebay"]), control, tenant["tenant"], faker)

    def new_order(self, *, paid: bool = True, lines: int = 2, shipping: bool = True, currency: str = "USD") -> StorefrontOrder:
        """A buyer's order. eBay orders are paid at checkout: ``paid=False`` is refused."""
        if not paid:
            raise ValueError("eBay orders are paid at checkout: use a paid eBay order")
        template = shopify_order(self.faker, lines=lines, shipping=shipping, currency=currency)
        body = {"currency": currency,
                "lineItems": [{"title": l["title"][:80], "sku": l["sku"], "quantity": l["quantity"], "price": l["price"]}
                              for l in template["line_items"]]}
        if shipping:
            body["shipping"] = template["shipping_lines"][0]["price"]
        raw = self.control.create_ebay_order(self.tenant, body)
        return StorefrontOrder(
            "ebay", raw["orderId"], currency,
            [{"id": l["lineItemId"], "sku": l["sku"], "title": l["title"], "quantity": l["quantity"],
              "price": (money(l["lineItemCost"]["value"]) / l["quantity"]).quantize(CENT), "legacy_item_id": l["legacyItemId"]}
             for l in raw["lineItems"]],
            money(raw["pricingSummary"].get("deliveryCost", {}).get("value", "0")), True, raw,
        )

    def _settle(self) -> None:
        self.control.advance_clock(self.tenant, self.SETTLE_SECONDS)

    def refund(self, order: StorefrontOrder, *, quantity: int | None = None, full: bool = False,
               amount: Decimal | None = None) -> dict[str, Any]:
        """``full`` or ``quantity``: the buyer asks for a return and the seller refunds it
        (buyer-requested); ``amount``: the seller refunds without a buyer request."""
        if amount is not None:
            issued = self.ebay.issue_refund(order.id, {
                "reasonForRefund": "OTHER_ADJUSTMENT", "comment": "Goodwill refund by the seller",
                "orderLevelRefundAmount": {"value": str(amount.quantize(CENT)), "currency": order.currency}})
            self._settle()
            return issued
        lines = order.lines if full else order.lines[:1]
        result: dict[str, Any] = {}
        for line in lines:
            units = line["quantity"] if full else quantity or 1
            ret = self.control.create_ebay_return(self.tenant, order.id, {"lineItemId": line["id"], "quantity": units})
            value = str((line["price"] * units).quantize(CENT))
            result = self.ebay.issue_return_refund(ret["returnId"], {"refundDetail": {
                "itemizedRefundDetail": [{"refundAmount": {"value": value, "currency": order.currency}, "refundFeeType": "PURCHASE_PRICE"}],
                "totalAmount": {"value": value, "currency": order.currency}}})
            self._settle()  # eBay refuses a refund while the previous one of the order is processing
        return result

    def request_return(self, order: StorefrontOrder, quantity: int) -> dict[str, Any]:
        """The buyer asks to return units of the first line; the seller has not refunded (yet)."""
        return self.control.create_ebay_return(self.tenant, order.id, {"lineItemId": order.lines[0]["id"], "quantity": quantity})

    def refunds(self, order: StorefrontOrder) -> list[dict[str, Any]]:
        """The refunds eBay shows on the order (paymentSummary.refunds)."""
        return self.ebay.get_order(order.id)["paymentSummary"]["refunds"]

    def refunded_total(self, order: StorefrontOrder) -> Decimal:
        return sum((money(r["amount"]["value"]) for r in self.refunds(order) if r.get("refundStatus") == "REFUNDED"), Decimal("0"))

    def refunded_units(self, order: StorefrontOrder) -> Counter[str]:
        """Units refunded per SKU: eBay's refunds carry amounts only, so units come from the returns refunded."""
        sku_of = {str(line["legacy_item_id"]): line["sku"] for line in order.lines}
        units: Counter[str] = Counter()
        for member in self.ebay.search_returns(order.id).get("members", []):
            ret = self.ebay.get_return(member["returnId"])
            if ret["summary"].get("state") == "CLOSED" and ret["summary"].get("sellerTotalRefund", {}).get("actualRefundAmount"):
                item = ret["detail"]["itemDetail"]
                units[sku_of.get(str(item["itemId"]), "?")] += int(item["returnQuantity"])
        return units

    def capture_payment(self, order: StorefrontOrder) -> None:
        """eBay collects payment at checkout: nothing to capture."""
