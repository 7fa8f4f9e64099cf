"""The reference model of Oracle's NetSuite Connector (formerly FarApp): the default connector
under test. It behaves as Oracle documents the connector (DOMAIN.md §1) and reaches NetSuite and
the storefront only over their vendor APIs.

Factory for ``--connector``: ``simulators.connector.reference:create_connector``.

How it keeps money exact:
- every refund it writes carries a stamp naming its source — ``[refundsim:<source>]`` in a
  Shopify refund's note, a Magento credit memo's comment, a WooCommerce refund's reason;
  ``externalId = refundsim-<source>`` on a NetSuite record — so a retry after a lost answer finds the
  earlier write instead of refunding twice, and with both directions enabled it recognises its own
  writes coming back (the bidirectional echo) and ignores them;
- every NetSuite write carries an ``X-NetSuite-Idempotency-Key`` derived from what it writes (the
  source refund or order, and which write of it this is), and is sent asynchronously, the way
  NetSuite honours the key: a retry of the same write — after a lost answer, even before the first
  attempt has run — is answered with the first attempt's job, never a second record;
- every vendor call is retried a bounded number of times on no answer, 5xx and 429 (honouring
  ``Retry-After``), with backoff on the simulator clock; a write is retried only after checking that
  the previous attempt did not commit;
- actions on refunds are serialised, so two concurrent posts of one refund post it once.

What differs per storefront — reading an order, finding a posted refund by its stamp, the shape of a
refund — is one small adapter each (:mod:`.storefronts`); the rules above are written once, here.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import uuid
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, Callable, ClassVar, NamedTuple, TypeVar

import requests

from simulators.clients import EbayClient, MagentoClient, NetSuiteClient, ShopifyClient, VendorError, WooCommerceClient
from simulators.clients.ebay import IncompleteListing

from .errors import SyncError
from .models import ConnectorBook, OrderLink, RetrievedRefund
from .protocol import ConnectorContext, OrderStatus, OrderSyncResult, OtherTransaction, RetrieveResult, Status
from .schemas import SCHEDULE_SECONDS, ConnectorSettings
from .storefronts import (
    EbayAdapter, MagentoAdapter, RefundToPost, ShopifyAdapter, StorefrontAdapter, WooCommerceAdapter, ebay_line_paid,
    cents, ebay_shipping_paid, money, presented, unknown_order,
)

T = TypeVar("T")
CENT = Decimal("0.01")
STAMP_PREFIX = "refundsim"
#: The statuses of a return authorization NetSuite refunds from (Pending Receipt, Partially Received,
#: Pending Refund/Partially Received, Pending Refund): not Pending Approval, Cancelled, Refunded, Closed.
RA_REFUNDABLE = frozenset({"B", "D", "E", "F"})
#: Billed record type → the refund record NetSuite creates from it ("clicking the Refund button").
REFUND_OF = {"cashSale": "cashRefund", "invoice": "creditMemo"}
LABELS = {"cashSale": "Cash Sale", "invoice": "Invoice", "cashRefund": "Cash Refund", "creditMemo": "Credit Memo",
          "salesOrder": "Sales Order", "customerRefund": "Customer Refund"}


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


#: The kinds of NetSuite item a storefront SKU is kept as, searched in turn by name (``itemId``; the
#: record service searches one record type at a time): goods kept in stock and goods sold without
#: stock first, then kits (packages), assemblies, services and goods drop-shipped for resale. Among
#: the first two only, every order of a gift set, a built lamp or gift wrapping failed ("No NetSuite
#: item matches SKU"), and none of its refunds could sync.
SALE_ITEM_TYPES = ("nonInventorySaleItem", "inventoryItem", "kitItem", "assemblyItem", "serviceSaleItem",
                   "nonInventoryResaleItem")


def _units(line: dict[str, Any]) -> int:
    """A NetSuite line's units. A line of a discount item has none: NetSuite leaves ``quantity`` out of
    it (a NetSuite user's refund with a discount line of -2.40), and read as ``line["quantity"]`` it
    raised ``KeyError`` in the middle of a post or a scheduled cycle; its money is beyond the lines."""
    return int(Decimal(str(line.get("quantity") or 0)))


def stamp(source_record: str) -> str:
    """The mark the connector leaves on what it writes for ``source_record``."""
    return f"[{STAMP_PREFIX}:{source_record}]"


def external_id(source_record: str) -> str:
    """The NetSuite externalId of a record the connector creates for ``source_record``."""
    return f"{STAMP_PREFIX}-{re.sub(r'[^A-Za-z0-9_-]', '-', source_record)}"


def customer_external_id(order: dict[str, Any]) -> str:
    """The external ID of the NetSuite customer the connector makes for ``order``'s buyer: of her
    email, case-folded and hashed (two emails never share one, as they would with their characters
    NetSuite does not take replaced), or, for an order without an email, of the order."""
    email = order["email"]
    if email:
        return external_id(f"customer:{hashlib.sha256(email.casefold().encode('utf-8')).hexdigest()[:32]}")
    return external_id(f"customer:{order['id']}")


def customer_body(order: dict[str, Any]) -> dict[str, Any]:
    """The NetSuite customer of a storefront order (neutral shape): a person named as the buyer
    (placeholders for a name the storefront lacks), with the order's email, if any."""
    return {"isPerson": True, "firstName": order["first_name"] or "Storefront",
            "lastName": order["last_name"] or "Customer", "email": order["email"] or None}


def _label(record_type: str, record: dict[str, Any]) -> str:
    return f"{LABELS.get(record_type, record_type)} #{record.get('tranId') or record.get('id')}"


class StorefrontRefundRead(NamedTuple):
    """A storefront refund as a post to NetSuite reads it: ``pairs`` are each line's (SKU, units,
    goods — None for units at the bill's rate —, tax, what the order sold one unit of the line for);
    ``shipping`` and ``shipping_tax`` apart. The unit price tells the bill's lines of one SKU apart
    (a unit at a promotional price beside the others)."""

    pairs: list[tuple[str, int, Decimal | None, Decimal, Decimal]]
    shipping: Decimal
    shipping_tax: Decimal
    #: The storefront order the refund is of (its lines' SKUs are known by what its sync matched).
    order_id: str = ""


class ReferenceConnector:
    """Implements :class:`~simulators.connector.protocol.RefundSyncConnector`.

    :raise SettingsError: from the constructor, when the account's settings cannot be saved.
    """

    def __init__(self, context: ConnectorContext) -> None:
        self.context = context
        self.settings = ConnectorSettings.parse(context.settings)
        self.netsuite = NetSuiteClient(context.base_url, context.netsuite, wait=context.sleep)
        self.shopify = ShopifyClient(context.base_url, context.shopify)
        self.ebay = EbayClient(context.base_url, context.ebay)
        self._storefronts: dict[str, StorefrontAdapter] = {}
        self.book = ConnectorBook()
        self._last_scheduled_run: datetime = context.clock()
        self._writes = itertools.count(1)  # numbers each NetSuite write (next() is atomic)
        self._started = self._last_scheduled_run.isoformat()  # tells this connector's keys from a restarted one's
        #: The SKU each NetSuite item was matched by, per order (order id → internal id → the
        #: storefront's SKU): the item mapping the account keeps, by which a NetSuite line is known
        #: whatever the item is named now. Per order: the merchant who renamed a SKU in both systems
        #: (MUG-01 to MUG-01-BLUE) syncs later orders of the item by its new SKU, and kept for the
        #: account, the later order's SKU was the first order's too (its refunds matched no line).
        self._skus: dict[str, dict[str, str]] = {}

    def _idempotency_key(self, kind: str, source: str) -> str:
        """The ``X-NetSuite-Idempotency-Key`` of one write: a UUID (RFC 4122, as NetSuite asks) of
        what is written, from what, and this write's number since this connector started (keys are
        per NetSuite account, and a scenario replays from its seed: no random part). The retries of one write share it; another
        write of the same source (posting again after an error, which NetSuite would otherwise answer
        with the failed job) gets its own."""
        name = f"refundsim:{self._started}:{kind}:{source}:{next(self._writes)}"
        return str(uuid.uuid5(uuid.NAMESPACE_URL, name))

    #: Each storefront's adapter class, made with its client and :meth:`_call` (a subclass may put in
    #: its own: the self-test's faults of one storefront's code do).
    ADAPTERS: ClassVar[dict[str, Callable[..., StorefrontAdapter]]] = {
        "shopify": ShopifyAdapter, "ebay": EbayAdapter, "magento": MagentoAdapter, "woocommerce": WooCommerceAdapter}

    @property
    def storefront(self) -> StorefrontAdapter:
        """The adapter of the account's storefront (made when first needed: the settings name it)."""
        name = self.settings.storefront
        if name not in self._storefronts:
            base, context = self.context.base_url, self.context
            clients: dict[str, Callable[[], Any]] = {
                "shopify": lambda: self.shopify, "ebay": lambda: self.ebay,
                "magento": lambda: MagentoClient(base, context.magento),
                "woocommerce": lambda: WooCommerceClient(base, context.woocommerce),
            }
            self._storefronts[name] = self.ADAPTERS[name](clients[name](), self._call, lambda: self.settings)
        return self._storefronts[name]

    # ============================================================ resilience
    def _call(self, action: Callable[[], T], *, committed: Callable[[], T | None] | None = None) -> T:
        """Run one vendor call with bounded retries and backoff on the simulator clock.

        ``committed`` is asked before every retry of a write: when it finds the earlier attempt's
        result, that result is returned instead of writing again. It is asked too when the vendor
        refuses the write: an earlier write of the same thing may have committed after its answer
        was lost (NetSuite runs a queued job a moment later, and then refuses a second record with
        the same external ID), and then that write is the result.

        :raise VendorError: a refusal, not a fault (a 4xx other than 429, WooCommerce's own 500s:
            :attr:`VendorError.refused`) — not retried — when nothing of the write was committed before.
        :raise SyncError: still failing after ``max_attempts``, with the last cause — and, for a write
            whose last attempt got no answer, that it may have gone through: a merchant who took the
            Error for "nothing was written" and refunded by hand gave the money back twice.
        """
        attempts = self.settings.max_attempts
        unanswered = False
        for attempt in range(1, attempts + 1):
            try:
                if attempt > 1 and committed is not None:
                    found = committed()
                    if found is not None:
                        return found
                return action()
            except (requests.ConnectionError, requests.Timeout) as exc:
                cause = f"no answer from the server ({type(exc).__name__})"
                unanswered = True
                delay = float(2 ** (attempt - 1))
            except VendorError as exc:
                if exc.refused:
                    found = committed() if committed is not None else None
                    if found is None:
                        raise
                    return found
                cause = f"{exc.service} answered {exc.status}: {exc.message}"
                # A 5xx says nothing of whether the write behind it ran (RFC 9110 §15.6): a 500 may
                # come after the commit, a gateway's 502 or 504 while it runs. A 503 is the server
                # not taking the request at all (§15.6.4).
                unanswered = exc.status >= 500 and exc.status != 503
                delay = float(2 ** (attempt - 1))
                if exc.status == 429:
                    try:
                        delay = float(exc.headers.get("Retry-After", delay))
                    except ValueError:
                        pass
            if attempt < attempts:
                self.context.sleep(delay)
        if committed is not None and unanswered:
            raise SyncError(f"Gave up after {attempts} attempts: {cause}. The last attempt may have gone through before "
                            "its answer was lost: post the refund again, which looks for it before writing anything, "
                            "rather than refunding it by hand.")
        raise SyncError(f"Gave up after {attempts} attempts: {cause}")

    # ============================================================ order sync
    def sync_order(self, order_id: str) -> OrderSyncResult:
        order_id = str(order_id).strip()
        try:
            order = self._storefront_order(order_id)
            key = self._idempotency_key("salesOrder", order["id"])
            sales_order_id = self._call(lambda: self._create_sales_order(order, key),
                                        committed=lambda: self._own_sales_order(order))
        except (VendorError, SyncError) as exc:
            link = OrderLink(order_id, OrderStatus.ERROR, error_message=_message(exc))
        else:
            link = OrderLink(order_id, OrderStatus.POSTED, sales_order_id)
        with self.book.lock:
            self.book.orders[order_id] = link
            if link.status == OrderStatus.POSTED:
                self.book.synced.add(order_id)
        return link.view()

    def _storefront_order(self, order_id: str) -> dict[str, Any]:
        """The storefront order in the neutral shape (:func:`.storefronts.neutral_order`): id,
        name, currency, email, customer names, lines (key, sku, title, quantity, amount, tax),
        fees (key, name, amount, tax: WooCommerce's), shipping, tax.

        :raise SyncError: the storefront has no such order. :raise VendorError: it failed.
        """
        return self.storefront.order(order_id)

    def _create_sales_order(self, order: dict[str, Any], idempotency_key: str) -> str:
        currency = self.settings.currency_ids.get(order["currency"])
        if currency is None:
            raise SyncError(f"Currency {order['currency']} is not mapped to a NetSuite currency.")
        fees = self._fee_lines(order)  # before anything is written: an order it refuses creates nothing
        # The rate is what a unit costs after its discount, and the amount the line's own: NetSuite's
        # total is then the storefront's, to the cent.
        items = [self._item_id(l["sku"]) for l in order["lines"]]
        self._skus[order["id"]] = {str(item): l["sku"] for item, l in zip(items, order["lines"], strict=True)}
        lines = [{"item": {"id": item}, "quantity": l["quantity"], "rate": float(l["amount"] / l["quantity"]),
                  "amount": float(l["amount"]), "description": l["title"]} for item, l in zip(items, order["lines"], strict=True)]
        customer = self._customer_id(order)
        self._buys_in(customer, currency)
        return self.netsuite.create("salesOrder", {
            "externalId": order["id"], "entity": {"id": customer}, "currency": {"id": currency},
            "memo": order["name"], "shippingCost": float(order["shipping"]), "taxTotal": float(order["tax"]),
            "item": {"items": lines + fees},
        }, idempotency_key=idempotency_key)

    def _fee_lines(self, order: dict[str, Any]) -> list[dict[str, Any]]:
        """The sales order lines of the order's fees (WooCommerce's ``fee_lines``): each one unit of the
        account's fee item at the fee's total before tax (its tax is in the order's), named as the
        fee. NetSuite Connector validates a transaction against the order's total, so an order
        synced without its fees is one it refuses.

        :raise SyncError: the order has a fee and the account sets no fee item (``woocommerce_fee_item``)."""
        fees = order.get("fees") or []
        item = self.settings.woocommerce_fee_item
        if fees and item is None:
            named = ", ".join(f"{json.dumps(f['name'], ensure_ascii=False)} ({f['amount']})" for f in fees)
            raise SyncError(f"{order['name']} has a fee, {named}, and no fee item is set: set woocommerce_fee_item to "
                            "the internal id of an Other Charge for Sale item to sync its fees against.")
        return [{"item": {"id": item}, "quantity": 1, "rate": float(f["amount"]), "amount": float(f["amount"]),
                 "description": f["name"]} for f in fees]

    def _item_id(self, sku: str) -> str:
        if not sku:
            raise SyncError("A line item has no SKU, so it cannot be matched to a NetSuite item.")
        found = next((item for record_type in SALE_ITEM_TYPES
                      if (item := self._find_one(record_type, f'itemId IS "{sku}"')) is not None), None)
        if found is None:
            raise SyncError(f"No NetSuite item matches SKU {json.dumps(sku, ensure_ascii=False)}.")
        return found

    def _sku_of(self, item: dict[str, Any], order_id: str) -> str:
        """The storefront SKU of a NetSuite line's item (its reference ``{id, refName}``) on order
        ``order_id``: the SKU the order's line was matched to it by, else its name. By its name alone, an item renamed after
        the order synced (MUG-01 to MUG-01-BLUE), or named in other capitals than the store's SKU
        (``IS`` ignores case), matched no line: its refund went as money alone, or ended in Error."""
        return self._skus.get(order_id, {}).get(str(item.get("id"))) or item.get("refName", "")

    def _own_sales_order(self, order: dict[str, Any]) -> str | None:
        """The sales order an earlier attempt of this order's sync made (its external ID is the
        order's), or None. One of another customer with that external ID — another store's order of
        the same number, an earlier integration's — is not this order's: linking it, the order's
        refunds would be that customer's. Nor is one of this customer for another total: the same
        buyer's order on another store that numbers its orders alike (linked, its refunds went back
        to her on this store too).

        :raise SyncError: NetSuite's sales order of the order's external ID is another customer's, or
            not this order."""
        found = self._find_one("salesOrder", f'externalId IS "{order["id"]}"')
        if found is None:
            return None
        record = self._get("salesOrder", found)
        name = f"Sales Order #{record.get('tranId') or found}"
        if (record.get("entity") or {}).get("id") != self._known_customer(order):
            raise SyncError(f"NetSuite already has {name} with external ID {order['id']}, of another customer: the "
                            "order cannot be linked to it. Verify that it is not another store's or integration's "
                            "order before changing its external ID.")
        total = sum((line["amount"] for line in order["lines"]), Decimal("0")) \
            + sum((fee["amount"] for fee in order.get("fees") or []), Decimal("0")) + order["shipping"] + order["tax"]
        if _money(record.get("total") or 0) != _money(total):
            raise SyncError(f"NetSuite already has {name} with external ID {order['id']}, of this customer but not this "
                            f"order (its total {_money(record.get('total') or 0)}, the order's {_money(total)}): the order "
                            "cannot be linked to it. Verify that it is not her order on another store or integration "
                            "before changing its external ID.")
        return found

    def _the_orders(self, order_id: str) -> None:
        """NetSuite's sales order of the order's external ID is the storefront order's. One this
        connector synced is; one it never synced may be another store's or an earlier integration's
        order of the same number, whose refunds are another customer's money (retrieved, they went
        back to this order's buyer; posted to, another buyer's bill was credited): it is this
        order's only if :meth:`_own_sales_order` links it (its customer, its total).

        :raise SyncError: the sales order is not this order's."""
        if order_id in self.book.synced:
            return
        self._own_sales_order(self._storefront_order(order_id))

    def _known_customer(self, order: dict[str, Any]) -> str | None:
        """The order's NetSuite customer if NetSuite has her (:meth:`_customer_id`, which makes her
        otherwise): the active one with her email, or with her external ID. An inactive customer of
        her email (a duplicate the merchant deactivated) is not her: NetSuite refuses a transaction
        of one ("Invalid entity reference key"), and every order of hers would end in Error."""
        email = order["email"]
        return (self._find_one("customer", f'email IS "{email}" AND isInactive IS false') if email else None) \
            or self._find_one("customer", f'externalId IS "{customer_external_id(order)}" AND isInactive IS false')

    def _customer_id(self, order: dict[str, Any]) -> str:
        """The order's NetSuite customer: the one with its email, made when none has it. An order
        without an email (an eBay order 14 days on) has a customer of its own.

        Each customer the connector makes carries an external ID (:func:`customer_external_id`) and
        is found by it too: synced again after NetSuite's answer to her creation was lost — while
        its job was still queued, so that no customer had her email yet — the order's second create
        is refused as a second record with that external ID, and the order finds her instead of
        making her twice."""
        found = self._known_customer(order)
        if found:
            return found
        email, eid = order["email"], customer_external_id(order)
        key = self._idempotency_key("customer", email or order["id"])
        # Her primary currency is her first order's (NetSuite's default would be the company's).
        currency = {"currency": {"id": self.settings.currency_ids[order["currency"]]}} \
            if order["currency"] in self.settings.currency_ids else {}
        body = {**customer_body(order), **currency, "externalId": eid}
        return self._call(lambda: self.netsuite.create("customer", body, idempotency_key=key),
                          committed=lambda: self._find_one("customer", f'externalId IS "{eid}"'))

    def _buys_in(self, customer: str, currency: str) -> None:
        """Multiple Currencies: NetSuite takes a transaction only in one of its customer's currencies
        (her primary one and the others of her Currencies subtab, ``currencyList``). A returning
        buyer's order in a currency she has not bought in before adds it to her subtab (a line of a
        currency she has is no change, so a retry is harmless)."""
        lines = (self._get("customer", customer).get("currencyList") or {}).get("items") or []
        if str(currency) not in {str((line.get("currency") or {}).get("id")) for line in lines}:
            self._call(lambda: self.netsuite.patch("customer", customer, {"currencyList": {"items": [{"currency": {"id": currency}}]}}))

    def _find_one(self, record_type: str, q: str) -> str | None:
        ids = self._call(lambda: self.netsuite.query(record_type, q))
        return ids[0] if ids else None

    def _find(self, record_type: str, q: str) -> list[str]:
        return self._call(lambda: self.netsuite.query(record_type, q))

    def _get(self, record_type: str, key: str) -> dict[str, Any]:
        return self._call(lambda: self.netsuite.get(record_type, key, expand=True))

    # =============================================================== billing
    def _sales_order(self, order_id: str) -> dict[str, Any] | None:
        """The order's sales order by its external ID (its id and customer are read); None when
        NetSuite has none."""
        try:
            return self._call(lambda: self.netsuite.get("salesOrder", f"eid:{order_id}"))
        except VendorError as exc:
            if exc.status == 404:
                return None
            raise

    def _billed_records(self, sales_order_id: str) -> list[tuple[str, dict[str, Any]]]:
        """The cash sales and invoices created from the sales order, oldest first."""
        billed: list[tuple[str, dict[str, Any]]] = []
        for record_type in ("cashSale", "invoice"):
            for record_id in self._find(record_type, f"createdFrom ANY_OF [{sales_order_id}]"):
                billed.append((record_type, self._get(record_type, record_id)))
        return sorted(billed, key=lambda pair: int(pair[1]["id"]))

    def _refunds_of(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        refund_type = REFUND_OF[billed_type]
        return [(refund_type, self._get(refund_type, rid)) for rid in self._find(refund_type, f"createdFrom ANY_OF [{billed_id}]")]

    @staticmethod
    def _ours(record: dict[str, Any]) -> bool:
        """A NetSuite record this connector created (from a storefront refund)."""
        return str(record.get("externalId", "")).startswith(f"{STAMP_PREFIX}-")

    @staticmethod
    def _is_own_write(text: str) -> bool:
        """A storefront refund whose note carries this connector's stamp."""
        return f"[{STAMP_PREFIX}:" in text

    # ============================================================== retrieve
    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        order_id = str(order_id).strip()
        if not order_id:
            return RetrieveResult(False, "Enter an order ID in Order/Transaction ID.")
        try:
            if source_channel == "netsuite":
                if not self.settings.from_netsuite:
                    return RetrieveResult(False, "Refund sync from NetSuite is not enabled for this account.")
                return self._retrieve_from_netsuite(order_id)
            if source_channel == self.settings.storefront:
                if not self.settings.to_netsuite:
                    return RetrieveResult(False, f"Refund sync from {source_channel} to NetSuite is not enabled for this account.")
                if source_channel == "shopify":
                    return self._retrieve_from_shopify(order_id)
                return self._retrieve_from_ebay(order_id)
            return RetrieveResult(False, f"This account has no source channel {json.dumps(source_channel, ensure_ascii=False)}.")
        except (VendorError, SyncError) as exc:
            return RetrieveResult(False, f"Failed to retrieve refunds for order {order_id}: {_message(exc)}")

    def _import(self, order_id: str, found: list[tuple[str, Decimal, str]], channel: str) -> RetrieveResult:
        """Add the refunds not retrieved before to Other Transactions; the dialog's message."""
        created = []
        with self.book.lock:
            for source, amount, currency in found:
                if self.book.by_source(source) is None:
                    created.append(self.book.add(channel, order_id, amount, currency, source).view())
        if not created:
            return RetrieveResult(False, f"The refunds of order {order_id} have already been retrieved.")
        return RetrieveResult(True, f"Successfully retrieved {len(created)} refund(s) for order {order_id}.", tuple(created))

    def _retrieve_from_netsuite(self, order_id: str) -> RetrieveResult:
        link = self.book.orders.get(order_id)
        if link is not None and link.status == OrderStatus.ERROR and order_id not in self.book.synced:
            # Its sync failed and never linked a sales order: one NetSuite holds under its external
            # ID is not one this connector made (another store's order of the same number).
            return RetrieveResult(False, f"Order {order_id} did not sync to NetSuite, so it has no refunds there to "
                                         f"retrieve: {link.error_message}")
        sales_order = self._sales_order(order_id)
        if sales_order is None:
            return RetrieveResult(False, (
                f"Order {order_id} was not found in NetSuite. Verify that the order ID corresponds to an "
                "order previously synced to NetSuite."))
        try:
            self._the_orders(order_id)
        except SyncError as exc:
            return RetrieveResult(False, f"{exc} Its refunds are not retrieved.")
        billed = self._billed_records(sales_order["id"])
        if not billed:
            return RetrieveResult(False, (
                f"Order {order_id} has not been billed in NetSuite: no cash sale or invoice was created from "
                f"{_label('salesOrder', sales_order)}. Bill the order in NetSuite, then refund it."))
        found: list[tuple[str, Decimal, str]] = []
        for billed_type, record in billed:
            for refund_type, refund in self._refunds_of(billed_type, record["id"]):
                if self._ours(refund):
                    continue  # written by this connector from a storefront refund: never send it back
                found.append((f"{refund_type}:{refund['id']}", _money(refund["total"]),
                              storefront_currency(refund, self.settings.currency_ids)))
        if not found:
            return RetrieveResult(False, self._no_refund_message(order_id, sales_order, billed))
        return self._import(order_id, found, "netsuite")

    def _no_refund_message(self, order_id: str, sales_order: dict[str, Any], billed: list[tuple[str, dict[str, Any]]]) -> str:
        billed_type, record = billed[0]
        if billed_type == "invoice":
            entity = sales_order["entity"]["id"]
            own = {str(r["id"]) for kind, r in billed if kind == "invoice"}
            for memo_id in self._find("creditMemo", f"entity ANY_OF [{entity}]"):
                memo = self._get("creditMemo", memo_id)
                # Entered without an invoice: the customer's credit memo made from another record
                # (her other order's invoice) is that record's, no missing one of this order's.
                if (memo.get("createdFrom") or {}).get("id"):
                    continue
                applied = {str(line["doc"]["id"]) for line in (memo.get("apply") or {}).get("items", [])}
                if applied and not applied & own:
                    continue  # applied to her other order's invoice: that order's credit, not this one's
                if applied:  # it credits this order's invoice already: another made from it credits it twice
                    return (f"{_label('creditMemo', memo)} was entered for the customer without the invoice and is "
                            f"applied to the billed record ({_label(billed_type, record)}) of order {order_id}: the "
                            "connector syncs only credit memos created from the billed record. Refund it on the "
                            "storefront by hand; a credit memo created from the invoice now would credit it twice.")
                return (f"{_label('creditMemo', memo)} exists for the customer but was not created from the billed "
                        f"record ({_label(billed_type, record)}) of order {order_id}. Create the credit memo from the "
                        "invoice so the connector can find it.")
        wanted = "cash refund" if billed_type == "cashSale" else "credit memo"
        return (f"No {wanted} was created from the billed record ({_label(billed_type, record)}) of order {order_id}. "
                "Verify that the order has a cash refund or credit memo created from its billed record.")

    @staticmethod
    def _unknown_order(channel: str, order_id: str, exc: VendorError) -> RetrieveResult | None:
        """The dialog's failure when the storefront does not know the order (Shopify 404; eBay 404, or
        400 with errorId 32100 "Invalid order ID"), with the same advice as a retrieve from NetSuite."""
        if not unknown_order(exc):
            return None
        return RetrieveResult(False, (
            f"Order {order_id} was not found on {channel} ({exc.service} answered {exc.status}). Verify that the "
            "order ID corresponds to an order previously synced to NetSuite."))

    def _retrieve_from_shopify(self, order_id: str) -> RetrieveResult:
        try:
            refunds = self._call(lambda: self.shopify.refunds(order_id))
        except VendorError as exc:
            return self._unknown_order("Shopify", order_id, exc) or RetrieveResult(
                False, f"Failed to retrieve refunds for order {order_id}: {_message(exc)}")
        found, pending = [], []
        for refund in refunds:
            if self._is_own_write(refund["note"] or ""):
                continue  # the connector's own write coming back (bidirectional echo)
            if any(t["kind"] == "refund" and t["status"] == "pending" for t in refund["transactions"]):
                # The gateway has not given its money back yet (and may not): retrieved once it has.
                pending.append(str(refund["id"]))
                continue
            money = sum((_money(t["amount"]) for t in refund["transactions"] if t["kind"] == "refund" and t["status"] == "success"), Decimal("0"))
            if not money:
                # Its money was declined, or it had none (units returned to stock alone, a refund of
                # 0.00): nothing was refunded, nothing to sync.
                continue
            found.append((f"shopify-refund:{refund['id']}", money, refund["transactions"][0]["currency"]))
        if not found and pending:
            return RetrieveResult(False, (
                f"Shopify order {order_id} has no refund to retrieve yet: the payment gateway is still processing "
                f"the money of refund {', '.join(pending)} (its transactions are pending), so nothing has been "
                "refunded to the customer. Retrieve it again once the gateway has settled it."))
        if not found:
            return RetrieveResult(False, f"Shopify order {order_id} has no refund to retrieve.")
        return self._import(order_id, found, "shopify")

    def _retrieve_from_ebay(self, order_id: str) -> RetrieveResult:
        try:
            order = self._call(lambda: self.ebay.get_order(order_id))
        except VendorError as exc:
            return self._unknown_order("eBay", order_id, exc) or RetrieveResult(
                False, f"Failed to retrieve refunds for order {order_id}: {_message(exc)}")
        # Every page of the order's returns (each with the connector's retries): the search's first
        # page alone (25) hid the refunds of the returns past it, and a later Retrieve said they
        # had "already been retrieved". A listing that cannot be read whole fails the Retrieve.
        try:
            # Only a CLOSED return has its refund paid back, and eBay's search finds the open ones unless
            # asked for another return_state.
            returns = self.ebay.every_return(order_id, fetch=self._call, return_state="CLOSED")
            # A buyer's cancellation the seller approved refunds the whole order: a buyer-requested refund
            # too. One the seller made itself (out of stock) is not: no buyer asked for it.
            cancellations = [c for c in self.ebay.every_cancellation(order_id, fetch=self._call)
                             if c.get("requestorType") == "BUYER"]
        except IncompleteListing as exc:
            return RetrieveResult(False, f"Failed to retrieve refunds for order {order_id}: {exc}")
        found = []
        for member in returns:
            # The summary holds the state and the refund; eBay answers it only when asked (FULL, the default, is the detail).
            ret = self._call(partial(self.ebay.get_return, member["returnId"], fieldgroups="SUMMARY"))
            amount = _ebay_return_refund(ret)
            if amount is None:
                continue  # the buyer asked; the seller has not refunded it (yet)
            found.append((f"ebay-return:{member['returnId']}", amount[0], amount[1]))
        for member in cancellations:
            amount = _ebay_cancellation_refund(member)
            if amount is not None:  # else asked, rejected, or its refund not paid back (yet)
                found.append((f"ebay-cancellation:{member['cancelId']}", amount[0], amount[1]))
        if not found:
            refunded = _ebay_refunded(order)
            if refunded and not returns and not cancellations:
                return RetrieveResult(False, (
                    f"eBay order {order_id} has refunds the seller issued without a buyer request (a return or "
                    "cancellation). They show as external transactions on eBay and cannot be retrieved."))
            return RetrieveResult(False, f"eBay order {order_id} has no buyer-requested refund to retrieve: its returns "
                                         "and cancellations are not refunded yet (or eBay's refund is pending or failed).")
        return self._import(order_id, found, "ebay")

    # ================================================================== post
    def post(self, transaction_id: str) -> OtherTransaction:
        """Under the account's lock, whoever posts (a user, the scheduled cycle, on any thread): two
        refunds of one order never read what it has left before either writes."""
        with self.book.lock:
            return self._post_held(transaction_id)

    def _post_held(self, transaction_id: str) -> OtherTransaction:
        """:meth:`post`'s work; the caller holds ``self.book.lock``. :raise KeyError: no such refund."""
        refund = self.book.refund(transaction_id)
        if refund.status == Status.POSTED:
            return refund.view()
        if refund.status == Status.CANCELED:
            refund.error_message = "A canceled refund is not posted; uncancel it first."
            return refund.view()
        attempted_before, refund.attempted = refund.attempted, True
        try:
            if refund.source_channel == "netsuite":
                refund.target_record = self._post_to_storefront(refund, attempted_before)
            else:
                refund.target_record = self._post_to_netsuite(refund, attempted_before)
        except (VendorError, SyncError) as exc:
            refund.status, refund.error_message = Status.ERROR, _message(exc)
        else:
            refund.status, refund.error_message = Status.POSTED, ""
        return refund.view()

    # --------------------------------------------------- NetSuite → storefront
    def _post_to_storefront(self, refund: RetrievedRefund, attempted_before: bool) -> str:
        store = self.storefront
        sales_order = self._sales_order(refund.order_id)
        mark = stamp(refund.source_record)
        if sales_order is None:
            # An earlier attempt whose answer was lost may have given the money back before the order
            # was deleted: "cancel this refund" would leave that money with no NetSuite record.
            existing = self._posted_refund(refund.order_id, mark) if attempted_before else None
            if existing is not None:
                raise SyncError(f"This refund's earlier attempt reached {store.label} ({existing}) for {refund.amount}, "
                                f"though its answer was lost, but order {refund.order_id} has since been deleted in "
                                f"NetSuite: the {refund.amount} given back has no NetSuite record; settle it by hand.")
            raise SyncError(f"Order {refund.order_id} no longer exists in NetSuite (it was deleted). Cancel this refund.")
        existing = self._posted_refund(refund.order_id, mark)
        if existing is not None:
            if not attempted_before:
                raise SyncError(f"This refund has already been posted to {store.label} ({existing}); it is not posted again.")
            self._sent_as_now(refund, existing)
            return existing  # our earlier attempt committed; its answer was lost
        if self.settings.to_netsuite and self.settings.storefront == "shopify":  # both ways: Shopify's only
            twins = self._unsynced_shopify_refunds(refund.order_id)
            if twins:
                raise SyncError(f"Order {refund.order_id} is already refunded on {store.label} (refund "
                                f"{', '.join(twins)}, not synced to NetSuite yet): a refund is made in one system only, "
                                "and this one would give the money back a second time. Cancel this refund, or the "
                                f"{store.label} one.")
        record_type, record_id = refund.source_record.split(":")
        record = self._get(record_type, record_id)
        if record_type == "creditMemo":
            self._not_store_credit(refund.order_id, sales_order, record)
        order = self._storefront_order(refund.order_id)
        currency = storefront_currency(record, self.settings.currency_ids)
        if currency != order["currency"]:
            raise SyncError(f"The refund is in {currency} but {store.label} order {refund.order_id} is in {order['currency']}.")
        # The refund as NetSuite has it now (a user may have corrected it since the retrieve), and
        # the list says what goes: it showed the retrieve's amount beside the money that went.
        refund.amount = total = self._refund_amount(record)
        write = store.prepare(RefundToPost(
            order_id=refund.order_id, order=order, lines=tuple(self._refund_lines(record, order)),
            shipping=self._refund_shipping(record), tax=money(record.get("taxTotal") or 0),
            total=total, note=f"{_label(record_type, record)} {mark}",
            fees=tuple(self._refund_fees(record, order))))
        return self._call(write, committed=lambda: self._posted_refund(refund.order_id, mark))

    def _not_store_credit(self, order_id: str, sales_order: dict[str, Any], memo: dict[str, Any]) -> None:
        """A credit memo a NetSuite user applied to an invoice of another order is store credit: that
        invoice owes so much less, and the money stays in NetSuite. Given back on the storefront as
        well, the customer had it twice — off her next bill and on her card. ``sales_order``: the
        order's, as the post just read it.

        :raise SyncError: the credit memo applies money to another order's invoice: nothing is
            posted; the message names the invoice, what it took, and what is left to refund by hand."""
        own = {str(r["id"]) for _, r in self._billed_records(sales_order["id"])}
        others = [(line, _money(line.get("amount") or 0)) for line in (memo.get("apply") or {}).get("items", [])
                  if str(line["doc"]["id"]) not in own]
        if not others:
            return
        credit = sum((amount for _, amount in others), Decimal("0"))
        docs = ", ".join(str(line.get("refNum") or line["doc"].get("refName") or line["doc"]["id"]) for line, _ in others)
        raise SyncError(f"{_label('creditMemo', memo)} applies {credit} to invoice {docs}, not a bill of order {order_id}: "
                        f"that is store credit the customer spent in NetSuite, not money to give back. Nothing was "
                        f"posted to {self.storefront.label}; {self._refund_amount(memo) - credit} of it is left to "
                        "refund on the storefront by hand, if it is owed. Cancel this refund.")

    def _sent_as_now(self, refund: RetrievedRefund, existing: str) -> None:
        """An earlier attempt's write found on the storefront (``existing``) sent NetSuite's refund as it
        was then, for ``refund.amount``. A NetSuite user who corrected the refund after that attempt
        ended in Error (its answer lost: "post again") changed what NetSuite gives back, not what
        went: taken for this post, the refund was Posted with the storefront holding 45.60 where
        NetSuite now holds 39.60 — or nothing, the user having deleted the refund.

        :raise SyncError: NetSuite's refund is now another amount, or deleted: both amounts named
            (the money that went and what NetSuite holds now); the merchant settles the difference
            by hand (posting again cannot take money back)."""
        record_type, record_id = refund.source_record.split(":")
        try:
            now = self._refund_amount(self._get(record_type, record_id))
        except VendorError as exc:
            if exc.status != 404:
                raise
            raise SyncError(f"This refund's earlier attempt reached {self.storefront.label} ({existing}) for "
                            f"{refund.amount}, though its answer was lost, but NetSuite's refund has since been "
                            f"deleted: the {refund.amount} given back has no NetSuite record; settle it by hand.") from None
        if now != refund.amount:
            raise SyncError(f"This refund's earlier attempt reached {self.storefront.label} ({existing}) for {refund.amount}, "
                            f"though its answer was lost, but NetSuite's refund is now {now}: the difference of "
                            f"{abs(now - refund.amount)} must be settled by hand; posting again cannot change what went.")

    def _unsynced_shopify_refunds(self, order_id: str) -> list[str]:
        """Syncing both ways, the Shopify refunds of the order that moved money (or are moving it)
        and that neither this connector wrote nor has written to NetSuite yet: refunds of their own
        on Shopify, whose NetSuite twin a NetSuite refund may be — the mirror of
        :meth:`_refunded_in_netsuite` (the bidirectional conflict: the merchant refunds on Shopify
        while a NetSuite user refunds the same units, before a cycle runs)."""
        unsynced = []
        for found in self._call(lambda: self.shopify.refunds(order_id)):
            if self._is_own_write(found["note"] or ""):
                continue
            if not any(t["kind"] == "refund" and t["status"] in ("success", "pending") for t in found["transactions"]):
                continue  # declined, or no money at all: nothing given back
            twin = external_id(f"shopify-refund:{found['id']}")
            if not any(self._find_one(kind, f'externalId IS "{twin}"') for kind in REFUND_OF.values()):
                unsynced.append(str(found["id"]))
        return unsynced

    def _posted_refund(self, order_id: str, mark: str) -> str | None:
        """The storefront refund this connector posted with ``mark`` (its stamp), or None."""
        return self.storefront.posted(order_id, mark)

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        """The money to give back: the NetSuite refund's total, to the cent."""
        return _money(record["total"])

    @staticmethod
    def _refund_shipping(record: dict[str, Any]) -> Decimal:
        """The shipping the NetSuite refund gives back."""
        return _money(record.get("shippingCost") or 0)

    def _refund_lines(self, record: dict[str, Any], order: dict[str, Any]) -> list[tuple[dict[str, Any], int, Decimal]]:
        """The NetSuite refund's lines that are the order's items, each with its units and NetSuite's
        amount. The rest — adjustment items (goodwill, a fee kept), an item not on the order — is
        money only, beyond the lines; no line at all is a general refund.

        A line is matched by SKU and rate: an order may hold one SKU on several lines at different
        prices (a unit at a promotional price beside the others), and a refund's line is the one
        whose rate it carries — the rate the sales order was created with, the order line's amount
        over its units (:meth:`_create_sales_order`), which NetSuite copies to the bill and the
        refund. Matched by SKU alone, the refund went to the wrong line for the wrong money. A rate
        no line of the SKU has (the NetSuite user changed it on the refund) takes the line of the
        nearest rate.

        Lines of one SKU at one rate (a mug engraved two ways: Shopify's line properties, Magento's
        custom options, a WooCommerce add-on) are told apart by nothing NetSuite keeps: a refund's
        units go on them in order, each taking the units it has left on the storefront
        (:meth:`StorefrontAdapter.units_left`, read only then) less those this refund gave it
        already, the money with them unit for unit; units beyond them all go on the first, for the
        storefront to refuse. All on the first, a full refund of two such lines gave back more units
        than the first had and every storefront refused it; so did the first line's refund made
        after the second's."""
        by_sku: dict[str, list[dict[str, Any]]] = {}
        for line in order["lines"]:
            if line.get("sku"):
                by_sku.setdefault(line["sku"], []).append(line)
        lines: list[tuple[dict[str, Any], int, Decimal]] = []
        left: dict[Any, int] | None = None
        for line in record["item"]["items"]:  # expanded: a transaction has at least one line
            candidates = by_sku.get(self._sku_of(line["item"], order["id"]), [])
            units = _units(line)
            if not candidates or units <= 0:
                continue
            amount = _money(line.get("amount") or 0)
            rate = Decimal(str(line["rate"])) if line.get("rate") is not None else amount / units
            distances = [abs(c["amount"] / c["quantity"] - rate) if c["quantity"] else Decimal("Infinity") for c in candidates]
            tied = [c for c, d in zip(candidates, distances, strict=True) if d == min(distances)]
            if len(tied) > 1 and left is None:
                left = self.storefront.units_left(order)
            lines += _spread(tied, units, amount, left or {}, lines)
        return lines

    def _refund_fees(self, record: dict[str, Any], order: dict[str, Any]) -> list[tuple[dict[str, Any], Decimal]]:
        """The NetSuite refund's lines of the account's fee item (``woocommerce_fee_item``), each the
        order fee it gives back with NetSuite's amount: the fee its description names (the sales
        order's fee lines are named as their fees, and the refund copies them), else the fee of
        the nearest amount, the first of them on a tie. Without a fee on the order, or a fee item,
        such a line is money beyond the lines, as an adjustment item's. A line of no money (kept on
        the refund at 0 units, as a refund made from the bill copies its lines) gives no fee back:
        named on the storefront's refund, WooCommerce would show the fee refunded, for 0.00."""
        item, fees = self.settings.woocommerce_fee_item, order.get("fees") or []
        if item is None or not fees:
            return []
        found = []
        for line in record["item"]["items"]:
            amount = _money(line.get("amount") or 0)
            if str(line["item"]["id"]) != item or not amount:
                continue
            named = [f for f in fees if f["name"] == line.get("description")]
            found.append((min(named or fees, key=lambda f: abs(f["amount"] - amount)), amount))
        return found

    # --------------------------------------------------- storefront → NetSuite
    def _post_to_netsuite(self, refund: RetrievedRefund, attempted_before: bool) -> str:
        eid = external_id(refund.source_record)
        for record_type in REFUND_OF.values():
            found = self._find_one(record_type, f'externalId IS "{eid}"')
            if found is not None:
                if attempted_before:
                    if record_type == "creditMemo":  # the earlier attempt may have ended before settling it
                        self._settle_credit_memo(found, refund, self._sales_order(refund.order_id))
                    return f"{record_type}:{found}"
                raise SyncError(f"This refund has already been posted to NetSuite ({LABELS[record_type]} {found}).")
        sales_order = self._sales_order(refund.order_id)
        if sales_order is None:
            raise SyncError(f"Order {refund.order_id} was not synced to NetSuite; sync the order before its refunds.")
        self._the_orders(refund.order_id)
        billed = self._billed_records(sales_order["id"])
        if not billed:
            raise SyncError(f"Order {refund.order_id} has not been billed in NetSuite; bill it before syncing its refund.")
        others = self._refunded_in_netsuite(sales_order["id"], billed)
        if others:
            labels = ", ".join(_label(t, r) for t, r in others)
            raise SyncError(f"Order {refund.order_id} is already refunded in NetSuite ({labels}); "
                            "a refund must be made in one system only.")
        read = self._storefront_refund(refund)
        billed_type, record = self._bill_of(read, billed)
        target_type = REFUND_OF[billed_type]
        if self.settings.only_return_authorization_against_matching_record:
            source_type, source_id, body = self._against_return_authorization(refund, read, sales_order["id"], record)
        else:
            source_type, source_id, body = billed_type, record["id"], self._netsuite_refund_body(refund, read, record)
        body["externalId"] = eid
        key = self._idempotency_key(target_type, refund.source_record)
        new_id = self._call(lambda: self.netsuite.transform(source_type, source_id, target_type, body, idempotency_key=key),
                            committed=lambda: self._find_one(target_type, f'externalId IS "{eid}"'))
        if target_type == "creditMemo":
            self._settle_credit_memo(new_id, refund, sales_order)
        return f"{target_type}:{new_id}"

    def _settle_credit_memo(self, memo_id: str, refund: RetrievedRefund, sales_order: dict[str, Any] | None) -> None:
        """A credit memo this connector made of a storefront refund stands for money the storefront
        already gave back on the customer's card. What of it no invoice takes would stay the
        customer's credit in NetSuite, to be paid out to her or spent on her next invoice a second
        time: a credit memo made from an invoice she paid in NetSuite applies to nothing (NetSuite
        applies it to what the invoice still owes), nor does one made from a return authorization.
        It is applied to what the order's invoices still owe, oldest first (NetSuite's Credit
        button does so for its own invoice), and a customer refund pays out the rest: NetSuite's
        record of the money that went back. Each write is guarded against a lost answer by reading
        the credit memo again (its applications, what it has unapplied). ``sales_order``: the order's,
        as the post read it (None: NetSuite has none now); its invoices are read again here, as what
        they owe changes once the credit memo is made."""
        memo = self._get("creditMemo", memo_id)
        left = _money(memo.get("unapplied") or 0)
        if left <= 0:
            return
        invoices = [record for kind, record in self._billed_records(sales_order["id"]) if kind == "invoice"] if sales_order else []
        for invoice in invoices:
            due = _money(invoice.get("amountRemaining") or 0)
            if left <= 0 or due <= 0:
                continue
            part = min(due, left)
            self._apply_credit_memo(memo_id, str(invoice["id"]), part)
            left -= part
        if left <= 0:
            return
        key = self._idempotency_key("customerRefund", refund.source_record)
        paid_out = {"customer": {"id": str(memo["entity"]["id"])}, "currency": {"id": str(memo["currency"]["id"])},
                    "memo": f"Refund from {refund.source_channel} {stamp(refund.source_record)}",
                    "apply": {"items": [{"doc": {"id": memo_id}, "apply": True, "amount": float(left)}]}}
        self._call(lambda: self.netsuite.create("customerRefund", paid_out, idempotency_key=key),
                   committed=lambda: memo_id if _money(self._get("creditMemo", memo_id).get("unapplied") or 0) <= 0 else None)

    def _apply_credit_memo(self, memo_id: str, invoice_id: str, amount: Decimal) -> None:
        """Apply ``amount`` more of the credit memo to the invoice (its Apply subtab). A line of the
        Apply subtab holds what the credit memo applies to its invoice in all, and a ``PATCH`` of it
        replaces that amount: it is sent as what was applied before and ``amount``, and a retry after
        a lost answer finds the application made by that total."""
        def applied_now() -> Decimal:
            lines = (self._get("creditMemo", memo_id).get("apply") or {}).get("items", [])
            return sum((_money(line.get("amount") or 0) for line in lines if str(line["doc"]["id"]) == invoice_id),
                       Decimal("0"))
        total = applied_now() + amount
        body = {"apply": {"items": [{"doc": {"id": invoice_id}, "apply": True, "amount": float(total)}]}}
        self._call(lambda: self.netsuite.patch("creditMemo", memo_id, body),
                   committed=lambda: invoice_id if applied_now() == total else None)

    def _bill_of(self, read: StorefrontRefundRead, billed: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        """The bill a storefront refund is made from: of the order's bills (oldest first), the one
        that billed most of the refund's lines, the oldest of those — a refund of shipping or money
        alone, the first bill. An order billed in two (a line billed later, when it shipped) has
        its second line refunded from the second bill: made from the first, which does not have
        it, the line went to NetSuite as money against the adjustment item and the bill that
        charged it was never credited. One NetSuite refund is made from one bill: lines of a refund
        that another bill charged go as money, as a line no bill has does.

        A line billed in parts (one unit shipped and billed, the other later) is on both bills: the
        refund is made from the oldest bill that still has every unit it gives back to credit (what
        it billed of each SKU less what the refunds made from it credited), when one has. Made from
        the first again, the second unit's refund asked more of it than it had left (NetSuite
        refused it) or credited it a unit it never billed."""
        skus = [sku for sku, *_ in read.pairs]
        wanted: Counter[str] = Counter()
        for sku, units, *_ in read.pairs:
            wanted[sku] += units
        if len(billed) > 1 and wanted:
            for billed_type, record in billed:
                left: Counter[str] = Counter()
                for line in record["item"]["items"]:
                    left[self._sku_of(line["item"], read.order_id)] += _units(line)
                for _, refund in self._refunds_of(billed_type, record["id"]):
                    for line in refund["item"]["items"]:
                        left[self._sku_of(line["item"], read.order_id)] -= _units(line)
                if all(left[sku] >= units for sku, units in wanted.items()):
                    return billed_type, record

        def held(pair: tuple[str, dict[str, Any]]) -> int:
            billed_skus = {self._sku_of(line["item"], read.order_id) for line in pair[1]["item"]["items"]}
            return sum(1 for sku in skus if sku in billed_skus)
        return max(billed, key=held)  # the first of the most: max keeps the earliest on a tie

    def _against_return_authorization(self, refund: RetrievedRefund, read: StorefrontRefundRead, sales_order_id: str,
                                      billed: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        """The setting "Only sync against a matching Return Authorization": the refund is made from
        an open return authorization of the order whose lines are the storefront refund's lines.

        :raise SyncError: no such return authorization.
        """
        lines, shipping, tax = self._storefront_refund_lines(read, billed)
        wanted = sorted((str(l["item"]["id"]), Decimal(str(l["quantity"]))) for l in lines)
        for ra_id in self._find("returnAuthorization", f"createdFrom ANY_OF [{sales_order_id}]"):
            ra = self._get("returnAuthorization", ra_id)
            if (ra.get("status") or {}).get("id") not in RA_REFUNDABLE:
                continue  # pending approval, cancelled, refunded or closed: NetSuite refunds none of it
            have = sorted((str(l["item"]["id"]), Decimal(_units(l))) for l in ra["item"]["items"])
            refunded = any(True for t in REFUND_OF.values() for _ in self._find(t, f"createdFrom ANY_OF [{ra_id}]"))
            if wanted and have == wanted and not refunded:
                body: dict[str, Any] = {"memo": f"Refund from {refund.source_channel} {stamp(refund.source_record)}",
                                        "shippingCost": float(shipping), "taxTotal": float(tax)}
                # What the storefront kept back (a restocking fee) or gave beyond the lines goes on
                # the adjustment item beside the return authorization's own lines (lines in a
                # transform's body replace the source's): left out, NetSuite credited the lines whole.
                ra_lines = ra["item"]["items"]
                goods = sum((_money(l.get("amount") or 0) for l in ra_lines), Decimal("0"))
                difference = refund.amount - goods - shipping - tax
                if difference:
                    body["item"] = {"items": [*({"item": {"id": str(l["item"]["id"])}, "quantity": l["quantity"], "rate": l["rate"]}
                                                for l in ra_lines), self._money_beyond_lines(difference)]}
                return "returnAuthorization", ra_id, body
        raise SyncError(f"No open return authorization of order {refund.order_id} matches this refund's lines, and the "
                        "account only syncs against a matching return authorization. Enter the return authorization "
                        "in NetSuite, or clear the setting.")

    def _refunded_in_netsuite(self, sales_order_id: str, billed: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
        """The refunds of the order that this connector did not create, made from any of its bills or
        through any of its return authorizations (NetSuite's returns process: return authorization →
        cash refund or credit memo): an order is refunded in one system only, whichever record
        NetSuite's refund was made from. Looking at the bill the storefront refund is made from
        alone, a refund NetSuite made from the order's other bill went unseen; looking at the bills
        alone, one made through a return authorization did; and the order was refunded in both
        systems."""
        found = [found for billed_type, record in billed for found in self._refunded_elsewhere(billed_type, record["id"])]
        found += [memo for billed_type, record in billed if billed_type == "invoice" for memo in self._credited_standalone(record["id"])]
        for ra_id in self._find("returnAuthorization", f"createdFrom ANY_OF [{sales_order_id}]"):
            found += [(t, r) for t in REFUND_OF.values() for rid in self._find(t, f"createdFrom ANY_OF [{ra_id}]")
                      for r in [self._get(t, rid)] if not self._ours(r)]
        return found

    def _credited_standalone(self, invoice_id: str) -> list[tuple[str, dict[str, Any]]]:
        """Credit memos a NetSuite user entered without the invoice (created from nothing) and applied
        to it: the invoice is credited all the same, and the order refunded in NetSuite. Looking at
        the records made from the bills alone, the storefront refund was posted on top and the
        customer credited twice. NetSuite links an application as a ``Payment`` in
        ``NextTransactionLineLink``."""
        rows = self._call(lambda: self.netsuite.suiteql(
            f"SELECT nextdoc FROM nexttransactionlinelink WHERE previousdoc = {int(invoice_id)} "
            "AND nexttype = 'CustCred' AND linktype = 'Payment'"))
        memos = [self._get("creditMemo", str(row["nextdoc"])) for row in rows]
        return [("creditMemo", memo) for memo in memos if not memo.get("createdFrom") and not self._ours(memo)]

    def _refunded_elsewhere(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        """Refunds of the billed record that this connector did not create: the order is already
        refunded in NetSuite, and a storefront refund must not be posted on top."""
        return [(t, r) for t, r in self._refunds_of(billed_type, billed_id) if not self._ours(r)]

    def _netsuite_refund_body(self, refund: RetrievedRefund, read: StorefrontRefundRead,
                              billed: dict[str, Any]) -> dict[str, Any]:
        """Lines mapped by SKU to the billed record's lines; what the lines do not explain goes
        against the positive or negative refund adjustment item."""
        lines, shipping, tax = self._storefront_refund_lines(read, billed)
        goods = sum((Decimal(str(l["amount"])) for l in lines), Decimal("0")).quantize(CENT)
        difference = refund.amount - goods - shipping - tax
        if difference and not lines and self.settings.only_cash_refund_against_matching_record:
            raise SyncError("The storefront refund matches no line of the billed record, and the account only syncs "
                            "a cash refund against a matching record.")
        if difference:
            lines.append(self._money_beyond_lines(difference))
        if not lines and (shipping or tax):
            # A refund of shipping (and its tax) alone: NetSuite wants a line, so the bill's first is
            # kept at 0 units, as a NetSuite user refunding shipping alone keeps its lines. A zero
            # line of the positive adjustment item carried it, and an account without one (nothing
            # beyond the lines to post) had every such refund end in Error.
            first = billed["item"]["items"][0]
            lines.append({"item": {"id": str(first["item"]["id"])}, "quantity": 0, "rate": first["rate"],
                          "description": "Shipping refund"})
        if not lines:
            raise SyncError("The storefront refund has no amount to post.")
        return {"memo": f"Refund from {refund.source_channel} {stamp(refund.source_record)}",
                "shippingCost": float(shipping), "taxTotal": float(tax), "item": {"items": lines}}

    def _money_beyond_lines(self, difference: Decimal) -> dict[str, Any]:
        """The line of money a storefront refund gives beyond its lines (positive) or keeps back of
        them (negative): one unit of the account's adjustment item of that sign."""
        if difference > 0:
            return self._adjustment(self.settings.positive_adjustment_item, difference, "positive")
        return self._adjustment(self.settings.negative_adjustment_item, difference, "negative")

    def _adjustment(self, item_id: str | None, amount: Decimal, sign: str) -> dict[str, Any]:
        if item_id is None:
            raise SyncError(f"The refund needs a {sign} adjustment of {amount}, but no item is set in "
                            f"'Post {sign} refund adjustments against item'.")
        return {"item": {"id": item_id}, "quantity": 1, "rate": float(amount), "description": f"Refund adjustment ({sign})"}

    def _storefront_refund(self, refund: RetrievedRefund) -> StorefrontRefundRead:
        """The storefront's refund as it is now, read once for a post: each line's SKU, units,
        goods and tax, and the shipping and its tax. An eBay return's goods are None: the units at
        the rate of the bill it is refunded from; its shipping is the original shipping the seller
        refunded with it (:func:`_ebay_return_shipping`)."""
        kind, source_id = refund.source_record.split(":")
        if kind == "shopify-refund":
            order = self._call(lambda: self.shopify.order(refund.order_id))
            sku_of = {line["id"]: line["sku"] or "" for line in order["line_items"]}
            # The one refund, by its id: listing the order's refunds to find it read them all at each
            # post (50 a page), and past 200 refunds of an order no attempt fit in Shopify's call
            # allowance (40 calls, 2 more a second): every post ended in Error, 429.
            try:
                raw = self._call(lambda: self.shopify.refund(refund.order_id, source_id))
            except VendorError as exc:
                if exc.status != 404:
                    raise
                raise SyncError(f"Shopify refund {source_id} no longer exists.") from exc
            included = bool(order["taxes_included"])  # a line's subtotal then holds its tax
            pairs: list[tuple[str, int, Decimal | None, Decimal, Decimal]] = []
            for r in raw["refund_line_items"]:
                line_tax = presented(r["total_tax_set"])
                goods = presented(r["subtotal_set"]) - (line_tax if included else Decimal("0"))
                pairs.append((sku_of[r["line_item_id"]], r["quantity"], goods, line_tax, goods / r["quantity"]))
            shipping_lines = raw["refund_shipping_lines"]
            shipping_tax = sum((presented(s.get("tax_amount_set")) for s in shipping_lines), Decimal("0"))
            shipping = sum((presented(s["subtotal_amount_set"]) for s in shipping_lines), Decimal("0")) \
                - (shipping_tax if included else Decimal("0"))
        elif kind == "ebay-cancellation":
            # A cancellation refunds the whole order: every line as eBay charged it, and the shipping.
            ebay_order = self._call(lambda: self.ebay.get_order(refund.order_id))
            pairs = [(line.get("sku", ""), int(line["quantity"]), ebay_line_paid(line), Decimal("0"),
                      ebay_line_paid(line) / int(line["quantity"])) for line in ebay_order["lineItems"]]
            shipping = ebay_shipping_paid(ebay_order["pricingSummary"])
            shipping_tax = Decimal("0")
        else:
            ret = self._call(lambda: self.ebay.get_return(source_id))
            line, quantity = _ebay_return_line(ret, self._call(lambda: self.ebay.get_order(refund.order_id)))
            unit = ebay_line_paid(line) / int(line["quantity"]) if line else Decimal("0")
            pairs = [((line or {}).get("sku", ""), quantity, None, Decimal("0"), unit)]
            shipping, shipping_tax = _ebay_return_shipping(ret), Decimal("0")
        return StorefrontRefundRead(pairs, shipping, shipping_tax, refund.order_id)

    def _storefront_refund_lines(self, read: StorefrontRefundRead,
                                 billed: dict[str, Any]) -> tuple[list[dict[str, Any]], Decimal, Decimal]:
        """The NetSuite lines of the storefront refund ``read``, made from the bill ``billed``: its
        lines of a SKU the bill has, at the bill's item, with the storefront's own amount (an eBay
        return's, the units at the bill's rate); the shipping; the tax (the lines' and the
        shipping's). A SKU the bill does not have is left out (money against the adjustment item),
        or refused when the account only syncs a cash refund against a matching record."""
        by_sku: dict[str, list[dict[str, Any]]] = {}
        for line in billed["item"]["items"]:
            by_sku.setdefault(self._sku_of(line["item"], read.order_id), []).append(line)
        lines, tax = [], read.shipping_tax
        for sku, quantity, goods, line_tax, unit in read.pairs:
            if sku not in by_sku:
                if self.settings.only_cash_refund_against_matching_record:
                    raise SyncError(f"SKU {json.dumps(sku, ensure_ascii=False)} of the storefront refund matches no line of the billed record.")
                continue
            bill_line = self._bill_line(by_sku[sku], unit)
            # The storefront's own amount for the line; an eBay return's, its units' share of the bill's line.
            amount = self._units_of(bill_line, quantity) if goods is None else goods
            lines.append({"item": {"id": bill_line["item"]["id"]}, "quantity": quantity, "rate": bill_line["rate"],
                          "amount": float(amount)})
            tax += line_tax
        return lines, read.shipping, tax

    @staticmethod
    def _bill_line(lines: list[dict[str, Any]], unit: Decimal) -> dict[str, Any]:
        """Of the bill's lines of one SKU, the one the order sold a unit of ``unit`` on: the one whose
        unit (its amount over its units) is the nearest, the first of them on a tie. Keyed by SKU
        alone, the last line of it was credited, at its price (a return of the unit at 12.00 as the
        one at 10.00, and 2.00 against the adjustment item)."""
        return min(lines, key=lambda line: abs(_money(line["amount"]) / Decimal(str(line["quantity"])) - unit))

    @staticmethod
    def _units_of(line: dict[str, Any], units: int) -> Decimal:
        """What ``units`` of a bill's line come to: its amount shared by its units, rounded once. Its
        rate rounded first (9.4533 to 9.45) and then multiplied, a promoted unit's return went a cent
        short, that cent against the adjustment item, and the whole line returned never reversed the
        sale's last cent. Half a cent goes up, as eBay rounds a unit's share and NetSuite a line's
        quantity × rate (a unit of 18.05 for two is 9.03: half to even made it 9.02, the cent against
        the adjustment item, or Error on an account without one)."""
        return cents(_money(line["amount"]) * units / Decimal(str(line["quantity"])))

    # ============================================================== actions
    def cancel(self, transaction_id: str) -> OtherTransaction:
        return self._act(self.book.cancel, transaction_id)

    def uncancel(self, transaction_id: str) -> OtherTransaction:
        return self._act(self.book.uncancel, transaction_id)

    def _act(self, action: Callable[[str], RetrievedRefund], transaction_id: str) -> OtherTransaction:
        """Run a status action; a refused one leaves the status and shows why on hover."""
        try:
            return action(transaction_id).view()
        except SyncError as exc:
            refund = self.book.refund(transaction_id)
            refund.error_message = str(exc)
            return refund.view()

    def delete(self, transaction_id: str) -> None:
        self.book.delete(transaction_id)

    def transactions(self) -> list[OtherTransaction]:
        return [r.view() for r in self.book.all()]

    def orders(self) -> list[OrderSyncResult]:
        with self.book.lock:
            return [link.view() for link in self.book.orders.values()]

    # ============================================================ schedule
    def update_settings(self, settings: dict[str, Any]) -> None:
        """:raise SettingsError: settings the account cannot be saved with (nothing changes)."""
        parsed = ConnectorSettings.parse(settings)
        with self.book.lock:
            if parsed.scheduled_sync and not self.settings.scheduled_sync:
                self._last_scheduled_run = self.context.clock()  # the cycle starts when it is switched on
            self.settings = parsed

    def run_scheduled_sync(self) -> None:
        if not self.settings.scheduled_sync:
            return
        interval = timedelta(seconds=SCHEDULE_SECONDS)
        while self._last_scheduled_run + interval <= self.context.clock():
            self._last_scheduled_run += interval
            self._scheduled_run()

    def _scheduled_run(self) -> None:
        """One incoming and one outgoing sync: retrieve what a manual retrieve would, post it. The
        sync of a direction the account no longer syncs (refund sync switched off, or the other way)
        posts nothing: a refund retrieved before the switch waits for the user (Post, or Cancel), as
        the merchant who switched refund sync off to refund by hand expects."""
        channels = []
        if self.settings.from_netsuite:
            channels.append("netsuite")
        if self.settings.to_netsuite:
            channels.append(self.settings.storefront)
        for link in self.orders():
            # An order synced once keeps its sales order when a sync again fails (the storefront or
            # NetSuite down a while): its refunds are retrieved all the same.
            if link.status != OrderStatus.POSTED and link.order_id not in self.book.synced:
                continue
            for channel in channels:
                self.retrieve_refunds(channel, link.order_id)
        for refund in self.book.all():
            if refund.status == Status.RETRIEVED and refund.source_channel in channels:
                self._post_due(refund.id)

    def _post_due(self, transaction_id: str) -> None:
        """The cycle's post of a refund it listed, under the lock a user's Post takes. The list is
        as the cycle began: a user may have deleted the refund since (the lock is let go between
        posts), and posting it would fail the cycle, the rest unposted."""
        with self.book.lock:
            if transaction_id in self.book:
                self._post_held(transaction_id)

    def close(self) -> None:
        self.netsuite.session.close()
        self.shopify.session.close()
        self.ebay.session.close()
        for store in self._storefronts.values():
            store.close()


def _spread(tied: list[dict[str, Any]], units: int, amount: Decimal, left: dict[Any, int],
            taken: list[tuple[dict[str, Any], int, Decimal]]) -> list[tuple[dict[str, Any], int, Decimal]]:
    """A NetSuite refund line's ``units`` and ``amount`` on the order lines ``tied`` for it (one SKU at
    one rate), in their order: each takes what it has ``left`` on the storefront less what ``taken``
    (the refund's lines so far) gave it already; the money goes unit for unit, the last part
    taking the cent the others round away; units beyond every line's go on the first. One line
    takes it all."""
    if len(tied) == 1:
        return [(tied[0], units, amount)]
    counts, rest = [], units
    for line in tied:
        room = left.get(line["key"], 0) - sum(c for l, c, _ in taken if l["key"] == line["key"])
        count = min(rest, max(room, 0))
        if count:
            counts.append((line, count))
            rest -= count
    if rest:
        counts = [(tied[0], rest + sum(c for l, c in counts if l is tied[0])), *((l, c) for l, c in counts if l is not tied[0])]
    parts = [(line, count, _money(amount * count / units)) for line, count in counts]
    given = sum((a for *_, a in parts[:-1]), Decimal("0"))
    return [*parts[:-1], (parts[-1][0], parts[-1][1], amount - given)]


def storefront_currency(record: dict[str, Any], currency_ids: dict[str, str]) -> str:
    """The ISO code of a NetSuite record's currency: its ``currency.id`` mapped back through the
    account's ``currency_ids`` (ISO code → NetSuite currency internal id).

    The currency reference's ``refName`` is the currency record's name, which each account chooses
    ("US Dollar", "British pound"); only the internal id identifies it, and ``currency_ids`` is the
    account's own statement of which id is which ISO code — the same map the connector creates
    records with.

    :raise SyncError: when ``currency_ids`` maps no ISO code to the record's currency id.
    """
    currency_id = str(record["currency"]["id"])
    for code, mapped in currency_ids.items():
        if mapped == currency_id:
            return code
    raise SyncError(f"The refund is in NetSuite currency {currency_id}, which currency_ids does not map to a "
                    f"storefront currency. Map its ISO code to {currency_id} in currency_ids.")


def _message(exc: Exception) -> str:
    """What the user reads on hover: a vendor's refusal with who refused and its status, as the
    vendor worded it; the connector's own reasons as they are."""
    return f"{exc.service} answered {exc.status}: {exc.message}" if isinstance(exc, VendorError) else str(exc)


def _ebay_return_refund(ret: dict[str, Any]) -> tuple[Decimal, str] | None:
    """(amount, currency) the seller has refunded on a return, or None while nothing is refunded yet."""
    summary = ret["summary"]
    actual = summary["sellerTotalRefund"].get("actualRefundAmount")  # there once the seller has refunded
    if not actual or summary["state"] != "CLOSED":
        return None
    return _money(actual["value"]), actual["currency"]


def _ebay_cancellation_refund(summary: dict[str, Any]) -> tuple[Decimal, str] | None:
    """(amount, currency) a buyer's cancellation gave back (``CancelSummary``), or None unless it
    closed with the refund paid: CANCEL_CLOSED_WITH_REFUND, "closed and the buyer received a
    refund" (CancelStatusEnum); requested, rejected, pending or failed ones gave nothing back."""
    requested = summary.get("requestRefundAmount")
    if summary.get("cancelStatus") != "CANCEL_CLOSED_WITH_REFUND" or not requested:
        return None
    return _money(requested["value"]), requested["currency"]


def _ebay_refunded(order: dict[str, Any]) -> list[dict[str, Any]]:
    """The refunds eBay has paid back on a Fulfillment ``Order``: the order-level ones REFUNDED in
    ``paymentSummary.refunds``, and the line item level ones (an issueRefund with ``refundItems``,
    a return's refund), which eBay shows in ``lineItems[].refunds`` only (OAS ``OrderRefund``: "This
    does not include line item level refunds.") and which have no status: one is paid back once it
    has its ``refundDate`` ("not returned until the refund has been issued")."""
    # Both arrays "always returned", empty until a refund (OAS PaymentSummary.refunds, LineItem.refunds).
    by_order = [r for r in order["paymentSummary"]["refunds"] if r["refundStatus"] == "REFUNDED"]
    by_line = [r for line in order["lineItems"] for r in line["refunds"] if r.get("refundDate")]
    return by_order + by_line


def _ebay_return_line(ret: dict[str, Any], order: dict[str, Any]) -> tuple[dict[str, Any] | None, int]:
    """The order line a return is for (Post-Order itemId = Fulfillment legacyItemId; None when the
    order has none of it) and the units returned, from the return as getReturn answers it by default
    (FULL: its ``detail``). A line without a SKU (eBay sends one only if the seller gave it one) has
    none."""
    item = ret["detail"]["itemDetail"]
    line = next((line for line in order["lineItems"] if line["legacyItemId"] == item["itemId"]), None)
    return line, int(item["returnQuantity"])


def _ebay_return_shipping(ret: dict[str, Any]) -> Decimal:
    """The original shipping the seller refunded with a return, from the return as getReturn answers
    it by default (FULL: its ``detail``): a refund of several kinds carries one ``itemizedRefundDetail``
    per kind — PURCHASE_PRICE, ORIGINAL_SHIPPING, ... (RefundFeeTypeEnum: "the seller must use a
    separate itemizedRefundDetail container for each refund type") — as a buyer's return of an item
    not as described gets its original shipping back. Read as money beyond the line, it went to
    NetSuite against the adjustment item (or ended in Error without one), the bill's shipping never
    credited; read as the first itemized refund only, it was lost."""
    actual = (ret["detail"].get("refundInfo") or {}).get("actualRefundDetail") or {}
    itemized = (actual.get("actualRefund") or {}).get("itemizedRefundDetail") or []
    return sum((_money(part["refundAmount"]["value"]) for part in itemized
                if part.get("refundFeeType") == "ORIGINAL_SHIPPING"), Decimal("0"))


def create_connector(context: ConnectorContext) -> ReferenceConnector:
    """The ``--connector`` factory of the reference connector."""
    return ReferenceConnector(context)
