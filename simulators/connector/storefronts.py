"""The reference connector's side of each storefront: one small adapter per storefront, so the
connector's rules (what to refund, the stamp, retries, echo detection) are written once.

An adapter
- reads an order in the connector's neutral shape (:func:`neutral_order`): the ID the user types,
  a display name, currency, customer, lines (SKU, title, units, the line's amount after discount,
  its tax, the storefront's own line key), shipping and tax, and the storefront's ``raw``
  order;
- finds a refund the connector posted by its stamp (:meth:`StorefrontAdapter.posted`), so a retry
  after a lost answer finds the earlier write;
- prepares the write of a NetSuite refund as the storefront takes one (:meth:`StorefrontAdapter.prepare`
  reads what it needs and answers the write, which the connector runs with its own retries and
  its check for an earlier write that committed);
- says "order not found" with the advice NetSuite's retrieve gives (:func:`not_found`).

Every vendor call goes through the connector's ``call`` (its bounded retries and backoff on the
simulator clock), reads included.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Callable, Protocol

from simulators.clients import VendorError

from .errors import SyncError
from .schemas import ConnectorSettings

CENT = Decimal("0.01")
ZERO = Decimal("0")
#: The connector's retrying call: ``call(action, committed=None)`` (ReferenceConnector._call).
Call = Callable[..., Any]
Write = Callable[[], str]
#: The gateway of a Shopify payment made with a gift card (its sale transaction's ``gateway``).
GIFT_CARD_GATEWAY = "gift_card"


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def cents(value: Decimal) -> Decimal:
    """Rounded to the cent, half away from zero (Magento's ``priceCurrency->round``)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def not_found(storefront: str, order_id: str, why: str) -> SyncError:
    """The order is not on the storefront: the same advice as a retrieve from NetSuite gives."""
    return SyncError(f"Order {order_id} was not found on {storefront} ({why}). Verify that the order ID "
                     "corresponds to an order previously synced to NetSuite.")


def unknown_order(exc: VendorError) -> bool:
    """Whether the storefront's refusal says it has no such order: Shopify's 404; eBay's 404, or its
    400 with errorId 32100 "Invalid order ID" (the Fulfillment contract's x-response-codes)."""
    return exc.status == 404 or (exc.status == 400 and 32100 in getattr(exc, "error_ids", []))


def neutral_order(*, order_id: str, name: str, currency: str, email: str, first_name: str | None,
                  last_name: str | None, lines: list[dict[str, Any]], shipping: Decimal, tax: Decimal,
                  raw: dict[str, Any], fees: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The connector's one shape of a storefront order. Each line: ``key`` (the storefront's line
    id), ``sku``, ``title``, ``quantity``, ``amount`` (the line's goods after discount, before tax),
    ``tax`` (the line's). No unit price: NetSuite's rate is the amount over the units, so a
    discount spread over the line is in it. ``fees`` (WooCommerce's ``fee_lines``; none elsewhere):
    each ``key`` (the fee line's id), ``name``, ``amount`` (before tax; negative for a discount
    entered as a fee) and ``tax``; ``tax`` (the order's) holds the fees' tax too."""
    return {"id": order_id, "name": name, "currency": currency, "email": email, "first_name": first_name,
            "last_name": last_name, "lines": lines, "fees": fees or [], "shipping": shipping, "tax": tax, "raw": raw}


@dataclass(frozen=True)
class RefundToPost:
    """A NetSuite refund as the connector posts it to the storefront: ``lines`` are the order's
    lines the refund's items match by SKU, each with its units and NetSuite's amount; ``total`` is
    the money to give back. Money the lines, shipping and tax do not explain — NetSuite's
    adjustment items, an item not on the order — is :attr:`adjustment` (negative: money kept)."""

    order_id: str
    order: dict[str, Any]
    lines: tuple[tuple[dict[str, Any], int, Decimal], ...]
    shipping: Decimal
    tax: Decimal
    total: Decimal
    #: What the storefront shows with the refund: the NetSuite record and the connector's stamp.
    note: str
    #: The order's fees (its neutral ``fees``) the refund's lines of the account's fee item give back,
    #: each with NetSuite's amount (WooCommerce only: ``woocommerce_fee_item``).
    fees: tuple[tuple[dict[str, Any], Decimal], ...] = ()

    @property
    def adjustment(self) -> Decimal:
        return (self.total - sum((amount for _, _, amount in self.lines), ZERO)
                - sum((amount for _, amount in self.fees), ZERO) - self.shipping - self.tax)


class StorefrontAdapter(Protocol):
    #: The storefront as the user reads its name ("Magento"): in messages and record names.
    label: str

    def order(self, order_id: str) -> dict[str, Any]:
        """The order the user names, in the neutral shape. :raise SyncError: no such order
        (:func:`not_found`). :raise VendorError: the storefront failed (after the retries)."""
        ...

    def posted(self, order_id: str, mark: str) -> str | None:
        """The storefront record of a refund the connector posted with ``mark``, or None."""
        ...

    def prepare(self, refund: RefundToPost) -> Write:
        """Read what the write needs (with retries) and answer the write: it posts the refund and
        answers the record it made (``<kind>:<id>``). :raise SyncError: the storefront cannot take it
        (eBay takes no refund from NetSuite: its refunds sync to NetSuite)."""
        ...

    def units_left(self, order: dict[str, Any]) -> dict[Any, int]:
        """The units of each line of ``order`` (the neutral shape, by its ``key``) the storefront can
        still refund: ordered (Magento: invoiced) less refunded there already. Read when a refund's
        line could go on several lines of one SKU at one rate (ReferenceConnector._refund_lines)."""
        ...

    def close(self) -> None: ...


class _Adapter:
    """What every adapter holds: its storefront's client, the connector's retrying ``call``, and the
    account's ``settings`` as they are now (a user may save others while the connector runs)."""

    label: str

    def __init__(self, client: Any, call: Call, settings: Callable[[], ConnectorSettings] = ConnectorSettings) -> None:
        self.client, self.call, self.settings = client, call, settings

    def close(self) -> None:
        self.client.session.close()

    def units_left(self, order: dict[str, Any]) -> dict[Any, int]:
        """Every line's units: a storefront whose refunds the connector does not post (eBay) keeps none."""
        return {line["key"]: int(line["quantity"]) for line in order["lines"]}

    @staticmethod
    def per_order_line(lines: tuple[tuple[dict[str, Any], int, Decimal], ...]) -> dict[Any, tuple[dict[str, Any], int, Decimal]]:
        """A refund's lines (:attr:`RefundToPost.lines`) by the order line each gives back (its key),
        the units and money of NetSuite lines of one order line added up: a NetSuite user may enter
        one order line's units on two lines of a refund, and a storefront takes an order line once
        in a refund (Magento reads one ``qty`` per order item; WooCommerce keeps the last of two
        refund lines naming one, ``adjust_line_items_for_create_refund_request`` keying them by id):
        sent apart, the refund would give back the last line's units only."""
        merged: dict[Any, tuple[dict[str, Any], int, Decimal]] = {}
        for line, count, amount in lines:
            _, units, given = merged.get(line["key"], (line, 0, ZERO))
            merged[line["key"]] = (line, units + count, given + amount)
        return merged

    def _known(self, order_id: str, read: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The storefront's order as ``read`` (retried by ``call``) answers it.

        :raise SyncError: the storefront has no such order (:func:`unknown_order`), with the advice a
            retrieve gives. :raise VendorError: any other failure, as the storefront gave it."""
        try:
            return self.call(read)
        except VendorError as exc:
            if unknown_order(exc):
                raise not_found(self.label, order_id, f"{exc.service} answered {exc.status}: {exc.message}") from None
            raise


# ====================================================================== Shopify
class ShopifyAdapter(_Adapter):
    """Shopify Admin REST: a refund's ``note`` carries the stamp; its transactions give back the
    NetSuite total on the order's card payments (:meth:`_shares`), its ``refund_line_items`` are
    the lines.

    Money is the customer's (presentment) throughout: the order's currency in NetSuite is the one
    the customer paid in, whatever the shop's own, and refunds are made in it. An order whose prices
    include tax has its lines' and shipping's tax taken out of them (NetSuite keeps them apart), and
    the shipping a refund gives back is put back with its tax, as Shopify reads such an order's."""

    label = "Shopify"

    def order(self, order_id: str) -> dict[str, Any]:
        raw = self._known(order_id, lambda: self.client.order(order_id))
        customer = raw.get("customer") or {}
        included = bool(raw["taxes_included"])
        lines = []
        for l in raw["line_items"]:
            tax = sum((presented(t["price_set"]) for t in l["tax_lines"]), ZERO)
            # Its discount allocations are every discount taken off it, its own included: its
            # total_discount is that own discount again, not more (LineItem.totalDiscountSet).
            amount = (presented(l["price_set"]) * l["quantity"]
                      - sum((presented(a["amount_set"]) for a in l["discount_allocations"]), ZERO))
            lines.append({"key": l["id"], "sku": l["sku"] or "", "title": l["title"], "quantity": l["quantity"],
                          "amount": amount - (tax if included else ZERO), "tax": tax})
        shipping_tax = sum((presented(t["price_set"]) for s in raw["shipping_lines"] for t in s["tax_lines"]), ZERO)
        return neutral_order(
            order_id=str(raw["id"]), name=f"Shopify order {raw['name']}",
            currency=raw.get("presentment_currency") or raw["currency"],
            email=raw.get("email") or customer.get("email") or "", first_name=customer.get("first_name"),
            last_name=customer.get("last_name"), lines=lines,
            # What the customer paid: a free shipping code took the shipping off (discounted_price_set;
            # price_set is before it), as total_shipping_price_set is "excluding discounts".
            shipping=sum((presented(s["discounted_price_set"]) for s in raw["shipping_lines"]), ZERO)
            - (shipping_tax if included else ZERO),
            tax=presented(raw["total_tax_set"]), raw=raw)

    def units_left(self, order: dict[str, Any]) -> dict[Any, int]:
        """Each line's units less those the order's refunds (its ``refunds``, as the order read
        answers them) gave back: their ``refund_line_items``, restocked or not. A refund the gateway
        declined gave none back (:meth:`declined`): counted, a full refund posted again after a
        decline found no unit left, and Shopify refused it for ever."""
        refunded: Counter[Any] = Counter()
        for existing in order["raw"].get("refunds") or ():
            if self.declined(existing):
                continue
            for item in existing["refund_line_items"]:
                refunded[item["line_item_id"]] += int(item["quantity"])
        return {line["key"]: int(line["quantity"]) - refunded[line["key"]] for line in order["lines"]}

    #: The most refunds Shopify lists at once (``limit``: default 50, at most 250): with the default,
    #: an order's 51st refund — the connector's own, perhaps — went unseen.
    REFUNDS_LIMIT = 250

    def posted(self, order_id: str, mark: str) -> str | None:
        """A refund posted with ``mark`` that moved money: one whose money the gateway declined
        refunded nothing, and the refund may be posted again; one whose money the gateway holds
        pending is on Shopify, its money on its way, and is not. The order's refunds are listed with
        the most Shopify gives at once (:attr:`REFUNDS_LIMIT`).

        :raise SyncError: the refund posted with ``mark`` moved only part of its money (the
            gateway declined its transactions on some payments, :func:`_moved_money`): it is on
            Shopify, so it is not posted again, nor taken for all of it."""
        for existing in self.call(lambda: self.client.refunds(order_id, limit=self.REFUNDS_LIMIT)):
            if mark in (existing["note"] or "") and not self.declined(existing):
                return _moved_money(existing, self.REFUSED)
        return None

    #: The statuses of a Shopify refund transaction whose money did not move: the gateway declined it
    #: (``failure``) or could not process it (``error``: "There was an error while processing the
    #: transaction", OrderTransactionStatus). A refund of ``error`` taken for money given back would be
    #: Posted while the customer got nothing.
    REFUSED: tuple[str, ...] = ("failure", "error")

    @classmethod
    def declined(cls, refund: dict[str, Any]) -> bool:
        """Whether the payment gateway refused every refund transaction of ``refund``
        (:attr:`REFUSED`): nothing went back, and it may be posted again. One refused on some
        payments and paid on others is not."""
        transactions = [t for t in refund["transactions"] if t["kind"] == "refund"]
        return bool(transactions) and all(t["status"] in cls.REFUSED for t in transactions)

    def prepare(self, refund: RefundToPost) -> Write:
        # The NetSuite lines that are the order's items become line-item refunds; the rest
        # (adjustment items, an item not on the order) is money only: it is in the transaction, the
        # NetSuite total, and Shopify records the difference as a refund discrepancy.
        body: dict[str, Any] = {
            "note": refund.note, "notify": False, "currency": refund.order["currency"],
            "refund_line_items": [{"line_item_id": line["key"], "quantity": units, "restock_type": "no_restock"}
                                  for line, units, _ in refund.lines],
            "transactions": [{"parent_id": payment["id"], "amount": str(share), "kind": "refund", "gateway": payment["gateway"]}
                             for payment, share in self._shares(refund)],
        }
        shipping = refund.shipping
        if shipping and refund.order["raw"]["taxes_included"]:
            shipping = _with_shipping_tax(refund.order["raw"], shipping)
        if shipping:
            body["shipping"] = {"amount": str(shipping)}
        return lambda: _moved_money(self.client.create_refund(refund.order_id, body), self.REFUSED)

    #: The statuses of a refund transaction that took its money from its payment: done, or on its way.
    REFUNDS_TAKING: tuple[str, ...] = ("success", "pending")

    def _payments_left(self, order_id: str) -> tuple[list[tuple[dict[str, Any], Decimal]], Decimal]:
        """The order's card payments (successful sales and captures not made with a gift card), each
        with what it has left to refund, in the order Shopify lists them; and what its gift card
        payments have left. A refund the gateway holds pending took its money from the payment all
        the same (on its way); one it declined took none."""
        transactions = self.call(lambda: self.client.transactions(order_id))
        paid = [(t, money(t["amount"]) - sum((money(r["amount"]) for r in transactions if r["kind"] == "refund"
                                               and r["status"] in self.REFUNDS_TAKING and r["parent_id"] == t["id"]), ZERO))
                for t in transactions if t["kind"] in ("sale", "capture") and t["status"] == "success"]
        cards = [(t, left) for t, left in paid if t["gateway"] != GIFT_CARD_GATEWAY]
        return cards, sum((left for t, left in paid if t["gateway"] == GIFT_CARD_GATEWAY), ZERO)

    def _shares(self, refund: RefundToPost) -> list[tuple[dict[str, Any], Decimal]]:
        """The refund's money on the order's card payments (successful sales and captures not made
        with a gift card), each up to what it has left, in the order Shopify lists them — as
        Shopify's own suggested refund spreads it: a refund transaction takes at most what its
        payment has left. More than the card payments have left goes whole on the first of them,
        for Shopify to refuse with what is left (refunded there already), unless a gift card paid
        the rest.

        :raise SyncError: no card payment to refund; or the refund needs the money a gift card paid,
            which the connector does not refund (DOMAIN.md §1), nor the card's part alone, which
            would leave the refund short unseen."""
        cards, gift_cards = self._payments_left(refund.order_id)
        on_cards = sum((left for _, left in cards), ZERO)
        if refund.total > on_cards and gift_cards:
            raise SyncError(f"{refund.order['name']} has {on_cards} left to refund on its card payments and {gift_cards} "
                            f"on the gift card it was partly paid with; the NetSuite refund gives back {refund.total}, "
                            "which needs the gift card's money, and the connector does not refund a gift card. Nothing "
                            "was posted: refund the order on Shopify, then cancel this refund here.")
        if not cards:
            raise SyncError(f"{refund.order['name']} has no captured payment to refund.")
        if refund.total > on_cards:  # refunded there already: Shopify refuses it, saying what is left
            return [(cards[0][0], refund.total)]
        shares, rest = [], refund.total
        for payment, left in cards:
            share = min(rest, left)
            if share > 0:
                shares.append((payment, share))
                rest -= share
        return shares


def presented(value: dict[str, Any] | None) -> Decimal:
    """The customer's money of a Shopify money bag (``presentment_money``); 0 for one Shopify leaves
    out (an untaxed refund shipping line has no ``tax_amount_set``)."""
    return ZERO if value is None else money(value["presentment_money"]["amount"])


def _with_shipping_tax(order: dict[str, Any], shipping: Decimal) -> Decimal:
    """``shipping`` (without tax, as NetSuite keeps it) as an order whose prices include tax prices
    it: with its share of the order's shipping tax, at most what the order's refunds have left of
    its shipping. Each part rounded on its own, parts add up past the whole (2.78, 2.78 and 2.77 of
    8.33 without tax are 3.34, 3.34 and 3.33 of 10.00): the last takes what is left, which Shopify
    would refuse to exceed (``maximum refundable``). Declined refunds left nothing refunded.

    Rounded half up, as NetSuite rounds the shipping's tax and Shopify the tax it reads in the amount
    sent: 2.50 of shipping at 25% is 3.125 with its tax, sent as 3.13 (NetSuite's tax 0.63). Rounded
    half to even (``quantize``'s default), 3.12 made Shopify's refund a cent of tax short."""
    lines = order["shipping_lines"]
    gross = sum((presented(s["discounted_price_set"]) for s in lines), ZERO)
    tax = sum((presented(t["price_set"]) for s in lines for t in s["tax_lines"]), ZERO)
    net = gross - tax
    if net <= 0:
        return shipping
    # A refund the gateway declined gave nothing back, its shipping lines included: Shopify still
    # has that shipping to refund (a refund posted again after a decline takes it).
    refunded = sum((presented(s["subtotal_amount_set"]) for r in order.get("refunds") or ()
                    if not ShopifyAdapter.declined(r) for s in r["refund_shipping_lines"]), ZERO)
    return min(cents(shipping * gross / net), max(gross - refunded, ZERO))


def _moved_money(created: dict[str, Any], refused: tuple[str, ...]) -> str:
    """The source record of a refund Shopify created, all of whose money went back (or is on its way:
    a transaction the gateway holds ``pending`` is not declined, and the refund is Posted); a
    transaction whose status is in ``refused`` gave nothing back.

    :raise SyncError: its payment gateway declined every transaction of it (nothing went back to
        the customer; the refund may be posted again), or some of them (each goes to its own
        payment's gateway): what went back did, the rest did not, and the refund, on Shopify now,
        is not posted again — Posted would say all of it reached the customer."""
    refunds = [t for t in created["transactions"] if t["kind"] == "refund"]
    failed = [t for t in refunds if t["status"] in refused]
    why = "; ".join(f"{t['error_code'] or 'declined'}: {t['message'] or ''}".rstrip(": ") for t in failed)
    if refunds and len(failed) == len(refunds):
        raise SyncError(f"Shopify's payment gateway declined the refund ({why}); nothing was refunded. Post it again "
                        "once the customer's payment can take it.")
    if failed:
        gave = sum((money(t["amount"]) for t in refunds if t not in failed), ZERO)
        asked = sum((money(t["amount"]) for t in refunds), ZERO)
        raise SyncError(f"Shopify gave back {gave} of the {asked} of this refund (shopify-refund:{created['id']}): the "
                        f"payment gateway declined the other {asked - gave} ({why}). It is not posted again: refund the "
                        "rest on Shopify, then cancel this refund here.")
    return f"shopify-refund:{created['id']}"


# ========================================================================= eBay
class EbayAdapter(_Adapter):
    """eBay's Fulfillment API: orders are read for order sync; refunds sync the other way (a buyer
    asks for them on eBay, and the connector posts them to NetSuite)."""

    label = "eBay"

    def order(self, order_id: str) -> dict[str, Any]:
        raw = self._known(order_id, lambda: self.client.get_order(order_id))
        ship_to = raw["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]  # a SHIP_TO order's
        # The customer is the buyer (buyer.buyerRegistrationAddress), not whom the order ships to (a
        # gift's recipient). eBay keeps one name: its first word is the first name, the rest the last
        # name (a buyer known by one word has no last name; the customer gets a placeholder). eBay
        # stops returning fullName 90 days after the order: then the buyer's username names them.
        buyer = raw["buyer"].get("buyerRegistrationAddress") or {}
        first, _, last = (buyer.get("fullName") or raw["buyer"]["username"]).strip().partition(" ")
        pricing = raw["pricingSummary"]  # always there, with its total (OAS PricingSummary); tax only when taxed
        lines = [{"key": l["lineItemId"], "sku": l.get("sku", ""), "title": l["title"], "quantity": l["quantity"],
                  "amount": ebay_line_paid(l), "tax": ZERO} for l in raw["lineItems"]]
        return neutral_order(
            order_id=raw["orderId"], name=f"eBay order {raw['orderId']}",
            currency=pricing["total"]["currency"], email=buyer.get("email") or ship_to.get("email") or "",
            first_name=first, last_name=last.strip(), lines=lines,
            shipping=ebay_shipping_paid(pricing),
            tax=money(pricing.get("tax", {}).get("value", "0")), raw=raw)

    def posted(self, order_id: str, mark: str) -> str | None:
        return None

    def prepare(self, refund: RefundToPost) -> Write:
        raise SyncError("Refund sync from NetSuite to eBay is not supported: eBay refunds sync to NetSuite.")


def ebay_line_paid(line: dict[str, Any]) -> Decimal:
    """What the buyer paid for an eBay line's goods: ``discountedLineItemCost`` when a seller's
    promotion took money off it, else ``lineItemCost``, which is "before applying any discounts"
    (OAS LineItem). Read as ``lineItemCost`` alone, a promoted line went to NetSuite at a price the
    buyer did not pay, and the sales order's total was more than eBay's."""
    return money((line.get("discountedLineItemCost") or line["lineItemCost"])["value"])


def ebay_shipping_paid(pricing: dict[str, Any]) -> Decimal:
    """What the buyer paid for an eBay order's delivery: ``pricingSummary.deliveryCost``, which is
    "before any shipping/delivery discount is applied" (always there, 0.0 for free shipping), plus
    ``deliveryDiscount``, "a negative real number", there only when a shipping discount applies (OAS
    PricingSummary). Read as ``deliveryCost`` alone, an order with a combined shipping discount went
    to NetSuite with shipping the buyer did not pay."""
    return money(pricing["deliveryCost"]["value"]) + money(pricing.get("deliveryDiscount", {}).get("value", "0"))


# ====================================================================== Magento
class MagentoAdapter(_Adapter):
    r"""Magento 2's admin REST API.

    - The order ID the user types is the **increment ID** customers see (``000003092``), not the
      entity id the refund endpoints take: the order is found by a search on ``increment_id``.
    - A refund is a credit memo. A payment a gateway captured (its invoice carries the gateway's
      ``transaction_id``) is refunded **online**, through the invoice (``POST /V1/invoice/{id}/refund``
      with ``isOnline``), so the money goes back to the card; an offline payment (check, bank
      transfer, purchase order) through the order's offline refund (``POST /V1/order/{id}/refund``),
      the only refund it takes (RULES.md §1, §2.9; DOC-REFUND "Issue a refund with an online payment
      system" / "Issues an offline refund").
    - Every item is listed, the others at 0 (an empty list refunds everything refundable), and
      ``shipping_amount`` is always sent (left out, Magento refunds all the shipping left: RULES.md
      §2.3). Money beyond the lines, shipping and tax is ``adjustment_positive``; money kept is
      ``adjustment_negative`` (§2.4). Magento computes each line's tax and discount pro rata itself.
      A refund of money alone (no item) needs shipping left to refund: once the shipping is refunded
      Magento refuses a credit memo without products (§2.7), and the refund ends in Error with its words.
    - A cart price rule may take a discount off the shipping (``shipping_discount_amount``): the
      order's shipping is what the customer paid, ``shipping_amount`` less it, and a refund's
      ``shipping_amount`` is the shipping before the discount, which Magento takes its share off
      (:func:`_base_shipping`). Where shipping prices include tax, the discount holds a tax part
      (``shipping_discount_tax_compensation_amount``) that the customer did pay as shipping: it is
      synced with the shipping, and a credit memo gives its share back with it.
    - Two currencies: a store has a base currency, and an order may be paid in another
      (``order_currency_code``, ``base_to_order_rate``). NetSuite's refund is in the order's currency;
      Magento reads ``shipping_amount`` and the adjustments in the **base** currency and works out
      their order-currency twins itself (``CreditmemoFactory::initData``, ``Creditmemo::setAdjustment*``,
      ``Creditmemo\Total\Shipping``), so the adapter sends the base amounts that give NetSuite's amounts
      (:func:`_base_adjustments`, :func:`_base_shipping`). An invoice's money left is compared in the
      base currency, the only one Magento keeps what it refunded in (``base_total_refunded``).
    - The stamp is the credit memo's comment (not visible on the storefront, no e-mail); the order's
      credit memos are searched for it (RULES.md §4), every page of them: a store with Magento's
      input limits on answers a search without ``pageSize`` with its first 20 results only.
    """

    label = "Magento"

    def _raw(self, order_id: str) -> dict[str, Any]:
        found = self.call(lambda: self.client.order_by_increment_id(order_id))
        if found is None:
            raise not_found("Magento", order_id, "no order has that increment ID")
        return found

    def order(self, order_id: str) -> dict[str, Any]:
        raw = self._raw(order_id)
        lines = [{"key": i["item_id"], "sku": i.get("sku") or "", "title": i.get("name") or "",
                  "quantity": int(i["qty_ordered"]),
                  # A discount taken off the price with its tax holds its tax part, which the
                  # line's tax no longer charges: the line's own discount is the rest.
                  "amount": money(i["row_total"]) - money(i.get("discount_amount") or 0)
                  + money(i.get("discount_tax_compensation_amount") or 0),
                  "tax": money(i.get("tax_amount") or 0)} for i in _magento_lines(raw)]
        return neutral_order(
            order_id=raw["increment_id"], name=f"Magento order #{raw['increment_id']}",
            currency=raw["order_currency_code"], email=raw.get("customer_email") or "",
            first_name=raw.get("customer_firstname"), last_name=raw.get("customer_lastname"), lines=lines,
            # What the customer paid for shipping: after a cart price rule's shipping discount, whose
            # tax part (a shipping price including tax) the shipping's tax no longer charges.
            shipping=money(raw.get("shipping_amount") or 0) - money(raw.get("shipping_discount_amount") or 0)
            + money(raw.get("shipping_discount_tax_compensation_amount") or 0),
            tax=money(raw.get("tax_amount") or 0), raw=raw)

    def units_left(self, order: dict[str, Any]) -> dict[Any, int]:
        """Each item's units a credit memo can still take: invoiced less refunded."""
        return {i["item_id"]: int(Decimal(str(i.get("qty_invoiced") or 0)) - Decimal(str(i.get("qty_refunded") or 0)))
                for i in _magento_lines(order["raw"])}

    def posted(self, order_id: str, mark: str) -> str | None:
        entity_id = self._raw(order_id)["entity_id"]
        for memo in self.client.order_creditmemos(entity_id, fetch=self.call):
            if any(mark in (comment.get("comment") or "") for comment in memo.get("comments", [])):
                return f"magento-creditmemo:{memo['entity_id']}"
        return None

    def prepare(self, refund: RefundToPost) -> Write:
        raw = refund.order["raw"]
        merged = self.per_order_line(refund.lines)
        self._check_prices(refund, merged)
        units = {key: count for key, (_, count, _) in merged.items()}
        including_tax = self.settings().magento_shipping_display == "including_tax"
        base_shipping, short = _base_shipping(raw, refund.shipping, including_tax=including_tax)
        # The shipping's cent no base amount makes, and the cents Magento's shares of a line's tax
        # and discount differ from NetSuite's: refunded (or kept) beside them.
        # The units carry NetSuite's tax but what Magento gives back with the shipping.
        units_tax = refund.tax - _magento_shipping_tax(raw, base_shipping, including_tax=including_tax)
        adjustment = refund.adjustment + short + self._rounding(raw, merged, units_tax)
        body: dict[str, Any] = {
            "items": [{"order_item_id": item["item_id"], "qty": units.get(item["item_id"], 0)} for item in _magento_lines(raw)],
            "notify": False, "appendComment": False,
            "comment": {"comment": refund.note, "is_visible_on_front": 0},
            "arguments": {"shipping_amount": float(base_shipping),
                          **{name: float(value) for name, value in _base_adjustments(raw, adjustment).items()}},
        }
        invoice = self._captured_invoice(raw, refund)
        if invoice is not None:
            online = {**body, "isOnline": True}
            return lambda: f"magento-creditmemo:{self.client.refund_invoice(invoice['entity_id'], online)}"
        return lambda: f"magento-creditmemo:{self.client.refund_order(raw['entity_id'], body)}"

    @staticmethod
    def _rounding(raw: dict[str, Any], merged: dict[Any, tuple[dict[str, Any], int, Decimal]],
                  netsuite_tax: Decimal | None = None) -> Decimal:
        r"""What NetSuite's refund of these units gives back beyond what Magento's credit memo of them
        will (negative: less). NetSuite gives each unit the goods as NetSuite priced them and its tax:
        ``netsuite_tax``, the refund's, when the units carry all of it (no shipping refunded beside
        them), else each unit's share of its whole line's. Magento works a credit memo's tax out
        itself, and shares what is *left* of a line's tax and discount by the units left to refund,
        the last units taking the rest (``Creditmemo\Total\Tax``, ``Discount``: ``(invoiced -
        refunded) / (qty_invoiced - qty_refunded) * qty``, rounded): a line refunded a unit at a time
        is a cent apart on the second unit (1.00 of tax over three units: NetSuite 0.33 each,
        Magento 0.33, 0.34, 0.33), and a unit NetSuite refunds without its tax gets it from Magento."""
        items = {item["item_id"]: item for item in raw["items"]}
        gap = ZERO
        shares = ZERO  # each unit's share of its whole line's tax
        for key, (line, count, amount) in merged.items():
            item = items[key]
            goods = (money(item["price"]) * count - _magento_share(item, "discount", count)
                     + _magento_share(item, "discount_tax_compensation", count))
            shares += cents(line["tax"] * count / line["quantity"]) if line["quantity"] else ZERO
            gap += amount - goods - _magento_share(item, "tax", count)
        return gap + (shares if netsuite_tax is None else netsuite_tax)

    @staticmethod
    def _check_prices(refund: RefundToPost, merged: dict[Any, tuple[dict[str, Any], int, Decimal]]) -> None:
        r""":raise SyncError: a NetSuite line gives its units back for other money than the order
        charged for them (a NetSuite user who credits a damaged unit at a lower rate). A credit memo
        takes an item's units, never its money: Magento gives back what it charged for them, with
        their tax and discount shares (``Creditmemo\Total\Subtotal``, ``Tax``, ``Discount``), so the
        customer would get the order's price back whatever NetSuite refunded. Nothing is posted."""
        for line, count, amount in merged.values():
            # Half a cent up, as NetSuite rounds a line's quantity × rate (a unit of 18.05 for two
            # is 9.03 there: half to even made it 9.02, and the refund Error).
            charged = cents(line["amount"] * count / line["quantity"]) if line["quantity"] else ZERO
            if amount != charged:
                raise SyncError(
                    f"Magento order #{refund.order['raw']['increment_id']}: the NetSuite refund gives back {amount} for "
                    f"{count} × {line['sku'] or line['title']}, which the order charged {charged} for, and a Magento "
                    "credit memo refunds an item's units at what the order charged (it takes no price). Nothing was "
                    "posted: refund the units at the order's price, and keep the difference on the negative "
                    "adjustment item.")

    def _captured_invoice(self, raw: dict[str, Any], refund: RefundToPost) -> dict[str, Any] | None:
        """The paid invoice whose money a gateway captured (it has the capture's transaction id) that
        the refund goes back through: one that still holds every unit the refund gives back — what it
        billed of each item less what credit memos against it refunded — for Magento refunds through
        one invoice and leaves out (or caps) the units it does not hold (RULES.md §2.9; the
        simulator's ``_invoice_limits``), and whose capture still has the refund's money (the
        gateway refuses more), else the one of them with the most left; for a refund of no unit, of
        all of them. None when the payment was taken offline (no captured invoice) or no captured
        invoice has money left: then the order's offline refund, which Magento refuses in its own
        words when nothing is left to refund.

        :raise SyncError: the refund gives back units and no single captured invoice holds them
            all: the connector does not split a refund over invoices, nor guess one.
        """
        invoices = [i for i in self.client.order_invoices(raw["entity_id"], fetch=self.call)
                    if i.get("state") == 2 and i.get("transaction_id")
                    and money(i.get("base_grand_total") or 0) - money(i.get("base_total_refunded") or 0) > 0]
        if not invoices:
            return None
        wanted: Counter[int] = Counter()
        for line, count, _ in refund.lines:
            wanted[int(line["key"])] += count  # two NetSuite lines may be one order line
        refunded: dict[int, Counter[int]] = {}
        if wanted:
            for memo in self.client.order_creditmemos(raw["entity_id"], fetch=self.call):
                if memo.get("invoice_id") is not None and memo.get("state") != 3:  # 3: canceled
                    counted = refunded.setdefault(int(memo["invoice_id"]), Counter())
                    for item in memo["items"]:  # required, as the items' qty (creditmemo-interface)
                        counted[int(item["order_item_id"])] += int(Decimal(str(item["qty"])))
        holding = []
        for invoice in invoices:
            gone = refunded.get(int(invoice["entity_id"]), Counter())
            held = {int(i["order_item_id"]): int(Decimal(str(i["qty"]))) - gone[int(i["order_item_id"])]
                    for i in invoice["items"]}  # required, as the items' qty (invoice-interface)
            # The shipping goes back with its tax only through the invoice that billed it
            # (Creditmemo\Total\Tax: that invoice's shipping tax times the part refunded).
            billed_shipping = not refund.shipping or money(invoice.get("base_shipping_amount") or 0) > 0
            if billed_shipping and all(held.get(item_id, 0) >= units for item_id, units in wanted.items()):
                holding.append(invoice)
        # Magento refunds the credit memo's whole base_grand_total against the invoice's capture, and
        # the gateway refuses more than the capture has left: the first with the refund's money
        # left (in the base currency, a cent of conversion allowed), else the one with the most
        # (the gateway's refusal, in Magento's words, says the rest).
        if holding:
            def left(invoice: dict[str, Any]) -> Decimal:
                return money(invoice.get("base_grand_total") or 0) - money(invoice.get("base_total_refunded") or 0)
            needed = refund.total / _rate(raw) - CENT
            return next((i for i in holding if left(i) >= needed), max(holding, key=left))
        skus = {int(line["key"]): line["sku"] or line["title"] for line in refund.order["lines"]}
        units = ", ".join(f"{count} × {skus.get(item_id, item_id)}" for item_id, count in wanted.items())
        shipping = " and its shipping" if refund.shipping else ""
        what = f"every unit of this refund ({units}){shipping}" if units else "this refund's shipping"
        raise SyncError(f"Magento order #{raw['increment_id']} has no single invoice that still holds {what}: Magento refunds a card payment through one invoice, and the "
                        "connector does not split a refund over invoices or guess one. Nothing was posted: refund the "
                        f"units{' and the shipping' if shipping else ''} of each invoice in a NetSuite refund of its own.")

def _magento_share(item: dict[str, Any], field: str, count: int) -> Decimal:
    r"""The part of an order item's ``field`` (tax, discount, discount_tax_compensation) a credit memo
    of ``count`` units carries: what is invoiced and not refunded of it, by the units invoiced and
    not refunded, rounded; all of it for the last units (``Creditmemo\Total\Tax``, ``Discount``)."""
    left = money(item.get(f"{field}_invoiced") or 0) - money(item.get(f"{field}_refunded") or 0)
    available = Decimal(str(item.get("qty_invoiced") or 0)) - Decimal(str(item.get("qty_refunded") or 0))
    return left if available <= 0 or count >= available else cents(left * count / available)


def _rate(raw: dict[str, Any]) -> Decimal:
    """The order's ``base_to_order_rate``: units of its currency per unit of the store's base currency."""
    rate = Decimal(str(raw.get("base_to_order_rate") or 1))
    return rate if rate > 0 else Decimal(1)


def _base_adjustments(raw: dict[str, Any], adjustment: Decimal) -> dict[str, Decimal]:
    """``adjustment_positive`` and ``adjustment_negative`` in the base currency that Magento turns
    into ``adjustment`` of the order's currency (negative: money kept). Magento keeps each amount
    sent as the base one and the order's as ``round(amount * base_to_order_rate)``: at a rate above 1
    some order-currency cents are no base amount's (6.50 CAD at 1.3699 a dollar: 4.74 USD gives 6.49,
    4.75 gives 6.51), and then the other adjustment takes the difference back (6.51 kept, 0.01
    refunded): the smallest other adjustment for which a main one makes the difference exact. The
    main amount for a given sum is the sum over the rate, rounded: when any base amount makes an
    order amount, that one does (at a rate of 1 or more at most one cent is within half a cent of it)."""
    rate = _rate(raw)
    wanted = abs(adjustment)

    def order_amount(base: Decimal) -> Decimal:
        return cents(base * rate)
    main, other = ZERO, ZERO
    if wanted:
        for other in (CENT * n for n in range(100)):  # within a dollar: a cent or two at any plausible rate
            main = cents((wanted + order_amount(other)) / rate)
            if order_amount(main) - order_amount(other) == wanted:
                break
        else:  # a rate of hundreds (a currency without cents, which the simulator does not keep)
            raise SyncError(f"No adjustments in the store's base currency make {wanted} of the order's currency at "
                            f"its rate ({rate}): nothing was posted; refund it on the storefront.")
    if adjustment < 0:
        return {"adjustment_positive": other, "adjustment_negative": main}
    return {"adjustment_positive": main, "adjustment_negative": other}


def _shipping_as_read(raw: dict[str, Any], *, including_tax: bool) -> tuple[Decimal, Decimal]:
    """What Magento reads a credit memo's ``shipping_amount`` against (``Creditmemo\\Total\\Shipping``):
    the order's base shipping — with its tax where the store displays shipping including tax — and
    the most of it left to refund."""
    base_shipping = money(raw.get("base_shipping_amount") or 0)
    if not including_tax:
        return base_shipping, base_shipping - money(raw.get("base_shipping_refunded") or 0)
    original = money(raw.get("base_shipping_incl_tax") or 0)
    return original, max(original - money(raw.get("base_shipping_refunded") or 0)
                         - money(raw.get("base_shipping_tax_refunded") or 0), ZERO)


def _magento_shipping_tax(raw: dict[str, Any], sent: Decimal, *, including_tax: bool = False) -> Decimal:
    r"""The shipping tax a credit memo of ``sent`` (its base ``shipping_amount``, :func:`_base_shipping`)
    gives back, in the order's currency (``Creditmemo\Total\Tax``): all that is left of it with all
    the shipping left; else the order's shipping tax by the base shipping's part of the order's
    (the amount sent read with its tax where the store displays shipping including tax), at most
    what is left of it."""
    tax = money(raw.get("shipping_tax_amount") or 0)
    left = tax - money(raw.get("shipping_tax_refunded") or 0)
    base_shipping = money(raw.get("base_shipping_amount") or 0)
    if sent <= 0 or not base_shipping:
        return ZERO
    original, most = _shipping_as_read(raw, including_tax=including_tax)
    if not original or sent > most - Decimal("0.0001"):
        return left
    return min(cents(tax * cents(base_shipping * sent / original) / base_shipping), left)


def _base_shipping(raw: dict[str, Any], wanted: Decimal, *, including_tax: bool = False) -> tuple[Decimal, Decimal]:
    r"""The base-currency ``shipping_amount`` to send for ``wanted`` of the order's currency, and what
    of ``wanted`` it leaves out (to be refunded as an adjustment). Magento turns a base amount into
    the order's currency by the order's shipping ratio, rounded, and all the base shipping left into
    all the shipping left (``Creditmemo\Total\Shipping``). At a rate above 1 some amounts are no base
    amount's (3.50 CAD of 9.00 at 1.3699 a dollar: 2.55 USD makes 3.49, 2.56 makes 3.51): the base
    amount sent never makes more than ``wanted``, so Magento never counts more shipping refunded than
    NetSuite (a later refund of the rest would be refused as more than is left), and the cent it
    leaves out is said. More than is left is sent as more than the base left: Magento's refusal, in
    its words (the shipping was refunded on the storefront).

    ``shipping_amount`` is the shipping before a cart price rule's shipping discount, and a credit
    memo gives up the discount's share of what it refunds (``Creditmemo\Total\Discount``: the base
    amount times ``base_shipping_discount_amount / base_shipping_amount``): 4.00 of shipping money
    paid at 20% off is 5.00 of ``shipping_amount``; sent as 4.00, the customer would get 3.20. Where
    shipping prices include tax, the discount's tax part (``shipping_discount_tax_compensation_amount``)
    comes back with it in proportion to the base shipping (``Creditmemo\Total\Tax``).

    ``including_tax``: the store displays its sales documents' shipping including tax (the account's
    ``magento_shipping_display``), and Magento reads the amount sent with its tax: its ratio to the
    order's ``base_shipping_incl_tax`` gives the shipping, checked against the base shipping left with
    its tax (6.00 of shipping with 0.60 of tax is sent as 6.60; sent as 6.00, the customer would get
    5.45 of shipping and 0.55 of tax back)."""
    shipping, base_shipping = money(raw.get("shipping_amount") or 0), money(raw.get("base_shipping_amount") or 0)
    discount = money(raw.get("shipping_discount_amount") or 0)
    base_discount = money(raw.get("base_shipping_discount_amount") or 0)
    compensation = money(raw.get("shipping_discount_tax_compensation_amount") or 0)
    left = shipping - money(raw.get("shipping_refunded") or 0)
    original, most = _shipping_as_read(raw, including_tax=including_tax)
    if wanted <= 0 or not shipping or not base_shipping or not original:
        return wanted, ZERO

    def magento_makes(sent: Decimal) -> Decimal:
        """The shipping money a credit memo of ``sent`` refunds, in the order's currency."""
        if sent >= most:  # all that is left, less all of the discount left, with its tax part left
            return (left - (discount - _shipping_discount_refunded(raw))
                    + compensation - _shipping_compensation_refunded(raw))
        ratio = sent / original
        base = cents(base_shipping * ratio)  # the credit memo's base shipping, which its shares follow
        base_part = base * base_discount / base_shipping
        return (cents(shipping * ratio) - cents(shipping * base_part / base_shipping)
                + cents(compensation * base / base_shipping))
    everything = magento_makes(most)
    if wanted == everything:
        return most, ZERO  # all that is left
    if wanted > everything:
        return most + CENT, ZERO  # more than is left: Magento's refusal names what is left
    # What an amount sent makes grows with it, but for a cent where the shipping, the discount's
    # share of it and its tax part's round apart: a search by halves, in cents, keeps an amount short
    # of all that is left that never makes more than wanted, and at most a cent less in the orders
    # tests/magento/test_shipping_to_send.py draws (two with a tax part, where no base amount makes
    # the cent between), which is sent beside, as an adjustment.
    low, high = 0, int(most / CENT) - 1  # 0 makes nothing; most would be all of it
    while low < high:
        middle = (low + high + 1) // 2
        if magento_makes(middle * CENT) <= wanted:
            low = middle
        else:
            high = middle - 1
    return low * CENT, wanted - magento_makes(low * CENT)


def _shipping_discount_refunded(raw: dict[str, Any]) -> Decimal:
    """What credit memos gave up of the order's shipping discount: Magento keeps it inside the
    order's ``discount_refunded`` (negative) beside its items' (``discount_refunded``, positive)."""
    items = sum((money(i.get("discount_refunded") or 0) for i in raw["items"]), ZERO)
    return -money(raw.get("discount_refunded") or 0) - items


def _shipping_compensation_refunded(raw: dict[str, Any]) -> Decimal:
    """What credit memos gave back of the shipping discount's tax part: Magento keeps it inside the
    order's ``discount_tax_compensation_refunded`` beside its items'."""
    items = sum((money(i.get("discount_tax_compensation_refunded") or 0) for i in raw["items"]), ZERO)
    return money(raw.get("discount_tax_compensation_refunded") or 0) - items


# ================================================================== WooCommerce


class WooCommerceAdapter(_Adapter):
    """WooCommerce's REST API v3.

    - The order ID is the order's post id (the REST API's ``id``), which customers see as its number
      unless a sequential order numbers plugin gives it one of its own (``number``, never an ID here).
    - A refund is ``POST /orders/{id}/refunds`` with ``amount`` (a string: it wins over the lines and
      is what goes back), ``line_items`` for the lines and the shipping lines (each with its
      ``refund_total`` and its tax per rate; the shipping spread over the packages that charged it,
      each up to what it has left, and refused when the order has less left: :meth:`_shipping_parts`),
      and the fee lines a refund's lines of the account's fee item give back (``woocommerce_fee_item``:
      each fee line's id with its ``refund_total`` and its share of the fee's tax at the fee's rates),
      ``api_restock: false`` (stock is NetSuite's business), and ``api_refund`` — true, so the gateway gives the money back, unless the order was paid
      with an offline gateway, which cannot refund (RULES.md §2.5: "A connector that only records a
      manual refund must send api_refund: false").
    - The stamp is the refund's ``reason``; ALL the order's refunds (every page
      of 100) are read for it, once per post: the same listing counts the units already refunded.
    - WooCommerce answers its own refusals with HTTP 500 and a bare ``data`` ("Invalid refund
      amount."): they are refusals, not server failures, and are not retried (``refused``).
    """

    label = "WooCommerce"

    def _raw(self, order_id: str) -> dict[str, Any]:
        # WooCommerce's order ids are digits; any other text is no order, and must not become a
        # path of its own ("1001/refunds" is a route: the order's refunds).
        if not order_id.isdigit():
            raise not_found(self.label, order_id, "an order number is digits")
        return self._known(order_id, lambda: self.client.order(order_id))

    def order(self, order_id: str) -> dict[str, Any]:
        raw = self._raw(order_id)
        billing = raw.get("billing") or {}
        lines = [{"key": l["id"], "sku": l.get("sku") or "", "title": l.get("name") or "", "quantity": l["quantity"],
                  "amount": money(l["total"]),
                  "tax": money(l["total_tax"])} for l in raw["line_items"]]  # always a decimal string
        # The order's fees (a gift wrap, a surcharge; negative: a discount entered as a fee): its total
        # and total_tax hold them, so read apart from the lines the sales order fell short of them.
        fees = [{"key": f["id"], "name": f.get("name") or "Fee", "amount": money(f["total"]), "tax": money(f["total_tax"])}
                for f in raw.get("fee_lines") or []]
        return neutral_order(
            order_id=str(raw["id"]), name=f"WooCommerce order #{raw.get('number') or raw['id']}",
            currency=raw["currency"], email=billing.get("email") or "", first_name=billing.get("first_name"),
            last_name=billing.get("last_name"), lines=lines, fees=fees,
            # WooCommerce always sends both, as decimal strings ("0.00" when none); total_tax holds the fees' tax
            shipping=money(raw["shipping_total"]), tax=money(raw["total_tax"]), raw=raw)

    def __init__(self, client: Any, call: Call, settings: Callable[[], ConnectorSettings] = ConnectorSettings) -> None:
        super().__init__(client, call, settings)
        #: The refunds :meth:`posted` read last, and of which order, for the :meth:`prepare` that
        #: follows it in the same post (posts are serialised by the connector's book lock). Taken
        #: by that prepare, so one listing serves one post; every post looks (posted) afresh first.
        self._listed: tuple[str, list[dict[str, Any]]] | None = None

    def _refunds(self, order_id: str) -> list[dict[str, Any]]:
        """Every refund of the order: WooCommerce lists them a page at a time (``per_page`` at most
        100, ``X-WP-TotalPages`` pages; RULES.md §7), each page read with the connector's retries.
        One page of 100 hid an order's oldest refunds past its 100th, the connector's own among
        them: its stamp unseen, the money went back twice."""
        return self.client.every_refund(order_id, fetch=self.call)

    def posted(self, order_id: str, mark: str) -> str | None:
        """The order's refund whose reason carries ``mark``, among ALL the order's refunds. The
        listing is kept for the :meth:`prepare` of this post (a post looks, then prepares; a look
        after a write, whether it committed, reads afresh)."""
        refunds = self._refunds(order_id)
        self._listed = (order_id, refunds)
        for existing in refunds:
            if mark in (existing.get("reason") or ""):
                return f"woocommerce-refund:{existing['id']}"
        return None

    def _listing(self, order_id: str) -> list[dict[str, Any]]:
        """The refunds :meth:`posted` just read for this order, taken once; else read now."""
        listed, self._listed = self._listed, None
        if listed is not None and listed[0] == order_id:
            return listed[1]
        return self._refunds(order_id)

    def refunded_units(self, order_id: str, refunds: list[dict[str, Any]] | None = None) -> Counter[str]:
        """The units of each order line (its id, as text) the order's refunds (``refunds``, else
        every one read now) have given back already: each refunded product line is a copy with a
        negative quantity and the order line's id in its ``_refunded_item_id`` meta (RULES.md §2.4)."""
        units: Counter[str] = Counter()
        for existing in self._refunds(order_id) if refunds is None else refunds:
            for line in existing["line_items"]:
                refunded = _refunded_item_id(line)
                if refunded is not None:
                    units[refunded] += -int(line["quantity"])
        return units

    def units_left(self, order: dict[str, Any]) -> dict[Any, int]:
        """Each line's units less those the order's refunds gave back (:meth:`refunded_units`, from
        the listing :meth:`posted` read for this post, which :meth:`prepare` still takes)."""
        listed = self._listed[1] if self._listed is not None and self._listed[0] == order["id"] else None
        refunded = self.refunded_units(order["id"], listed)
        return {line["key"]: int(line["quantity"]) - refunded[str(line["key"])] for line in order["lines"]}

    def _check_units_left(self, refund: RefundToPost, listing: list[dict[str, Any]]) -> None:
        """:raise SyncError: a line of the refund gives back more units than the order line has left
        to refund (ordered less refunded already). WooCommerce caps only the money of a refund, never
        a line's units (RULES.md §2.3: "no per-line-item or per-quantity cap"): sent, the units the
        merchant already refunded on the storefront would be refunded again."""
        asked: Counter[str] = Counter()
        for line, count, _ in refund.lines:
            asked[str(line["key"])] += count  # two NetSuite lines may be one order line
        refunded = self.refunded_units(refund.order_id, listing)
        for line in refund.order["lines"]:
            key = str(line["key"])
            left = int(line["quantity"]) - refunded[key]
            if asked[key] > left:
                raise SyncError(
                    f"WooCommerce order #{refund.order['raw'].get('number') or refund.order_id} has {max(left, 0)} of the "
                    f"{line['quantity']} units of {line['sku'] or line['title']} left to refund ({refunded[key]} refunded "
                    f"there already); the NetSuite refund gives back {asked[key]}. Nothing was posted: the units are "
                    "refunded once, in one system.")

    @staticmethod
    def _check_fees_left(refund: RefundToPost, listing: list[dict[str, Any]]) -> None:
        """:raise SyncError: the refund gives back more of a fee than its fee line has left (its
        total less what ``listing``, the order's refunds, gave back on it: each refunded fee line is
        a copy with a negative total and the fee line's id in its ``_refunded_item_id`` meta,
        RULES.md §2.4). WooCommerce caps only a refund's money (RULES.md §2.3): sent, a fee the
        merchant already refunded on the storefront would go back twice while the order had other
        money left. A fee of no money or less (a discount entered as a fee) has nothing to give back."""
        asked: dict[str, Decimal] = {}
        for fee, amount in refund.fees:  # two NetSuite lines may give back one fee
            asked[str(fee["key"])] = asked.get(str(fee["key"]), ZERO) + amount
        refunded = _given_back(listing, "fee_lines")
        for fee in refund.order["fees"]:
            key = str(fee["key"])
            left = fee["amount"] - refunded.get(key, ZERO)
            if fee["amount"] > 0 and asked.get(key, ZERO) > left:
                raise SyncError(
                    f"WooCommerce order #{refund.order['raw'].get('number') or refund.order_id} has {max(left, ZERO)} of its "
                    f"{fee['amount']} {json.dumps(fee['name'], ensure_ascii=False)} fee left to refund "
                    f"({refunded.get(key, ZERO)} refunded there already); the NetSuite refund gives back {asked[key]}. "
                    "Nothing was posted: the fee is refunded once, in one system.")

    def prepare(self, refund: RefundToPost) -> Write:
        raw = refund.order["raw"]
        listing = self._listing(refund.order_id)
        self._check_units_left(refund, listing)
        self._check_fees_left(refund, listing)
        items: list[tuple[Any, int | None, Decimal, Decimal, dict[int, Decimal]]] = []
        for key, (line, count, amount) in self.per_order_line(refund.lines).items():
            # Half a cent up, as NetSuite's lines round: two lines whose shares both end in half a
            # cent (1.125, 0.125) each keep their own (1.13, 0.13), not one line the other's cent.
            share = cents(line["tax"] * count / line["quantity"]) if line["quantity"] else ZERO
            items.append((key, count, amount, share, _rates(raw, "line_items", key)))
        for key, amount, tax in self._shipping_parts(refund, listing):
            items.append((key, None, amount, tax, _rates(raw, "shipping_lines", key)))
        for fee, amount in refund.fees:  # a fee given back on its own line, with its share of the fee's tax
            share = cents(fee["tax"] * amount / fee["amount"]) if fee["amount"] else ZERO
            items.append((fee["key"], None, amount, share, _rates(raw, "fee_lines", fee["key"])))
        # NetSuite's tax is what goes back, spread over the lines that carry tax (a line without
        # rates takes none: WooCommerce would have no rate to keep it at).
        taxed = [index for index, (*_, rates) in enumerate(items) if rates]
        for index, part in zip(taxed, self.spread_tax(refund.tax, [items[index][3] for index in taxed]), strict=True):
            items[index] = (*items[index][:3], part, items[index][4])
        line_items = []
        for key, units, amount, share, rates in items:
            entry: dict[str, Any] = {"id": key, "refund_total": str(amount)}
            if units is not None:
                entry["quantity"] = units
            if rates:
                entry["refund_tax"] = [{"id": rate, "refund_total": str(part)} for rate, part in self.by_rate(share, rates)]
            line_items.append(entry)
        if not raw.get("date_paid"):
            # WooCommerce records any refund up to the order's total, paid or not (wc_create_refund
            # checks no payment): recorded manually, 29.00 was "to pay back by hand" of an order on
            # terms whose customer never paid, and NetSuite's credit memo only cancelled a debt.
            raise SyncError(f"WooCommerce order {raw['id']} was never paid (it is {raw.get('status')}): there is no "
                            "payment to refund. NetSuite's credit memo cancels what the customer owed; nothing goes back.")
        body = {"amount": str(refund.total), "reason": refund.note, "api_restock": False,
                "api_refund": self.refunds_through_gateway(raw), "line_items": line_items}
        return lambda: f"woocommerce-refund:{self.client.create_refund(raw['id'], body)['id']}"

    def refunds_through_gateway(self, raw: dict[str, Any]) -> bool:
        """Whether the order's payment gateway gives the money back (``api_refund``): as the store says
        of it — ``refunds`` among its ``method_supports`` (``GET /payment_gateways/<id>``, read at each
        post), what ``wc_refund_payment`` checks. Read once for the connector's life, a gateway whose
        plugin the merchant deactivated for a while (404) had every later refund of its orders recorded
        for the merchant to pay back by hand, the card never credited. Bank transfer, check and cash on delivery cannot
        (RULES.md §2.5), nor can many a plugin's (a purchase order, pay in store), whose refund is
        then recorded as a manual one for the merchant to pay back by hand; a gateway the store no
        longer has (404) cannot either. Taken from a list of the gateways known not to refund, a
        plugin's offline gateway was asked to refund, and WooCommerce refused every refund of its
        orders ("does not support automatic refunds")."""
        gateway = str(raw.get("payment_method") or "")
        if not gateway:
            return False
        try:
            read = self.call(lambda: self.client.payment_gateway(gateway))
        except VendorError as exc:
            if exc.status != 404:
                raise
            read = {}
        return "refunds" in (read.get("method_supports") or [])

    @staticmethod
    def spread_tax(tax: Decimal, shares: list[Decimal]) -> list[Decimal]:
        """NetSuite's refunded ``tax`` spread over a refund's taxed lines in proportion to ``shares``
        (each line's share of its order line's tax, to the cent): the parts add up to ``tax``
        exactly, each its exact proportion rounded down or up — the cents the downs leave go to the
        lines of the largest remainders, the first of equal ones. A refund with less tax than its
        shares (lines NetSuite refunded without their tax) gives no line more than its share, nor
        less than none; a cent the shares round away goes where most of it was. WooCommerce keeps
        the tax of each line as sent and checks none (RULES.md §2.3, §2.4): the whole difference on
        the first taxed line (meant for a rounding cent) gave a unit refunded without its tax -0.85
        of tax and the next line 0.85 NetSuite never refunded, the refund's money right and the
        store's tax report per line and per rate wrong. Shares of nothing in all: the difference on
        the first line, there being no proportion to keep."""
        total = sum(shares, ZERO)
        if tax == total or not shares:
            return list(shares)
        if not total:
            return [shares[0] + tax - total, *shares[1:]]
        exact = [share * tax / total for share in shares]
        parts = [value.quantize(CENT, rounding=ROUND_FLOOR) for value in exact]
        left = int((tax - sum(parts, ZERO)) / CENT)  # fewer than the lines: each floor is under a cent short
        for index in sorted(range(len(parts)), key=lambda i: parts[i] - exact[i])[:left]:  # stable: the first of equals
            parts[index] += CENT
        return parts

    @staticmethod
    def by_rate(share: Decimal, rates: dict[int, Decimal]) -> list[tuple[int, Decimal]]:
        """``share`` of a line's tax spread over the rates that charged it (``rates``: rate id → the
        tax the line charged at it), in proportion to what each charged: a US store's state and
        county taxes are each a rate of their own, and WooCommerce keeps a refund's tax at the rates
        named, checking none (RULES.md §2.4). All of it at one rate leaves the store's tax report per
        rate wrong, one jurisdiction refunded more than it collected. The cent the parts round away
        goes on the first rate, so the parts add up to ``share``."""
        charged = sum(rates.values(), ZERO)
        parts = [(rate, money(share * amount / charged)) for rate, amount in rates.items()]
        rest = share - sum((part for _, part in parts), ZERO)
        return [(rate, part + rest if index == 0 else part) for index, (rate, part) in enumerate(parts)]

    @staticmethod
    def _shipping_parts(refund: RefundToPost, listing: list[dict[str, Any]]) -> list[tuple[Any, Decimal, Decimal]]:
        """The refund's shipping spread over the order's shipping lines — one per package (the
        order's ``shipping_lines`` is an array) — in their order, each given at most what it has
        left: its total less what ``listing``, the order's refunds, gave back on it (each refunded
        shipping line is a copy with a negative total and the order line's id in its
        ``_refunded_item_id`` meta, RULES.md §2.4). Each part with its share of its line's tax.

        WooCommerce caps no line, only the order's money (RULES.md §2.3): all of it on the first
        package would show the others unrefunded, and shipping the merchant already refunded on the
        storefront would go back twice while the order had other money left.

        :raise SyncError: the refund gives back more shipping than the order has left (nothing is posted).
        """
        raw = refund.order["raw"]
        refunded = _given_back(listing, "shipping_lines")
        # A package sent free has nothing left (and a part is only given where something is).
        packages = [(line, money(line["total"]), money(line["total"]) - refunded.get(str(line["id"]), ZERO))
                    for line in raw["shipping_lines"]]
        left = sum((max(room, ZERO) for *_, room in packages), ZERO)
        if refund.shipping > left:
            charged = sum((total for _, total, _ in packages), ZERO)
            given = charged - sum((room for *_, room in packages), ZERO)
            raise SyncError(
                f"WooCommerce order #{raw.get('number') or refund.order_id} has {left} of its {charged} shipping left to "
                f"refund ({given} refunded there already); the NetSuite refund gives back {refund.shipping}. "
                "Nothing was posted: the shipping is refunded once, in one system.")
        parts: list[tuple[Any, Decimal, Decimal]] = []
        shipping = refund.shipping
        for line, total, room in packages:
            part = min(shipping, room)
            if part > 0:
                parts.append((line["id"], part, money(money(line["total_tax"]) * part / total)))
                shipping -= part
        return parts


def _magento_lines(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """A Magento order's lines: its items but the children of configurable lines. A configurable
    product's line (``product_type`` configurable: the price, the tax) is followed by the simple
    product the customer chose, an item of its own with the line's SKU and units, no money and a
    ``parent_item_id``; Magento invoices and refunds it with its line and reads no quantity given
    it (``CreditmemoFactory::getQtyToRefund``). Synced as a line, NetSuite had the units twice;
    credited by its id, Magento refunded nothing of the line."""
    return [i for i in raw["items"] if i.get("parent_item_id") is None]


def _refunded_item_id(line: dict[str, Any]) -> str | None:
    """The id (as text) of the order line a WooCommerce refund's line gives back: its
    ``_refunded_item_id`` meta (RULES.md §2.4); None for a line without one."""
    found = next((m["value"] for m in line["meta_data"] if m["key"] == "_refunded_item_id"), None)
    return None if found is None else str(found)


def _given_back(refunds: list[dict[str, Any]], kind: str) -> dict[str, Decimal]:
    """What ``refunds`` (an order's) gave back on each of the order's lines of ``kind``
    (``shipping_lines``, ``fee_lines``), by the line's id as text: each refunded line is a copy with
    a negative total (always sent) and the order line's id in its ``_refunded_item_id`` meta
    (RULES.md §2.4)."""
    given: dict[str, Decimal] = {}
    for existing in refunds:
        for line in existing[kind]:
            key = _refunded_item_id(line)
            if key is not None:
                given[key] = given.get(key, ZERO) - money(line["total"])
    return given


def _rates(raw: dict[str, Any], kind: str, key: Any) -> dict[int, Decimal]:
    """The tax the order's line ``key`` of ``kind`` charged at each rate (its ``taxes``, by rate id;
    a refund's lines are the order's own), so its refund's tax goes back to the rates that charged it."""
    line: dict[str, Any] = next(l for l in raw[kind] if l["id"] == key)
    return {int(t["id"]): money(t["total"]) for t in line["taxes"] if money(t["total"])}



