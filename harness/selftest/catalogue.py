"""Deliberately faulty connectors: the reference connector with one defect each, of the kinds that
lose or double money in production. Each factory is a ``--connector`` value:
``harness.selftest.catalogue:<name>``.

A defect in what the connector posts to a storefront is made in the connector's storefront-generic
methods (``_refund_amount``, ``_refund_lines``, ``_posted_refund``, ``_call``...), so it shows on
every storefront the connector posts to; the last section's are defects of one storefront's own code
(its adapter, or a branch on the account's storefront), as a connector with code per storefront has
them, and show on that storefront only. Each fault says where
the suite can catch it (:class:`Fault`): ``python -m harness.selftest --profile <yaml>`` plugs in the
faults that apply to a profile."""

from __future__ import annotations

import json
import sys
import threading
import unicodedata
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any, Callable, Iterator

from harness.certification import SETTING_DEFAULTS
from simulators.clients import VendorError
from simulators.clients.magento import search_criteria
from simulators.connector.errors import SyncError
from simulators.connector.models import ConnectorBook
from simulators.connector.protocol import (ConnectorContext, OrderStatus, OrderSyncResult, OtherTransaction, RetrieveResult,
                                           Status)
from simulators.connector.reference import (REFUND_OF, STAMP_PREFIX, ReferenceConnector, StorefrontRefundRead, customer_body,
                                             customer_external_id, external_id)
from simulators.core.clock import iso
from simulators.connector.schemas import MAGENTO_SHIPPING_DISPLAYS, ConnectorSettings
from simulators.connector import reference as reference_module
from simulators.connector import storefronts
from simulators.connector.storefronts import (
    EbayAdapter, MagentoAdapter, RefundToPost, ShopifyAdapter, WooCommerceAdapter, Write, ebay_shipping_paid, money, presented,
)

#: Profile directions (harness/certification.py).
EVERY_DIRECTION = frozenset({"from_netsuite", "to_netsuite", "both"})
#: Where a refund is posted to the storefront: the NetSuite → storefront profiles.
TO_STOREFRONT = frozenset({"from_netsuite", "both"})
#: Where a refund is posted to NetSuite: the storefront → NetSuite profiles.
TO_NETSUITE = frozenset({"to_netsuite", "both"})


class Fault(ReferenceConnector):
    """The reference connector with one defect, and where the suite can catch it."""

    #: The storefronts whose scenarios can catch it (None: all of them).
    storefronts: frozenset[str] | None = None
    #: The directions of the profiles whose scenarios can catch it.
    directions: frozenset[str] = EVERY_DIRECTION
    #: (storefront, direction) pairs of the above whose scenarios cannot catch it all the same.
    not_on: frozenset[tuple[str, str]] = frozenset()
    #: Settings it shows through only at their default: a profile that sets one otherwise runs none
    #: of the scenarios that can catch it (they are tagged ``@default_<setting>``).
    at_defaults: frozenset[str] = frozenset()
    #: Why it cannot show elsewhere (printed by the self-test for a profile it does not apply to).
    only_because: str = ""
    #: Where it is usually caught first: feature files (stems), or one scenario of one (``stem::test_function``,
    #: every Examples row of it). ``--first`` runs those files first, and in them those scenarios
    #: first (speed only: every scenario still runs while none has caught it).
    caught_in: tuple[str, ...] = ()

    @contextmanager
    def _settings_as(self, **changes: Any) -> Iterator[None]:
        """The account's settings with ``changes`` while the block runs (a defect's view of them)."""
        kept = self.settings
        self.settings = replace(kept, **changes)
        try:
            yield
        finally:
            self.settings = kept

    @classmethod
    def applies_to(cls, profile: Any) -> bool:
        """Whether a certification of ``profile`` (its storefront and direction) can catch it."""
        return ((cls.storefronts is None or profile.storefront in cls.storefronts) and profile.direction in cls.directions
                and (profile.storefront, profile.direction) not in cls.not_on
                and all(profile.settings.get(name, SETTING_DEFAULTS[name]) == SETTING_DEFAULTS[name]
                        for name in cls.at_defaults))

    @classmethod
    def where(cls) -> str:
        """Where it can show, and why not elsewhere (what the self-test prints for a profile it skips)."""
        scope = [f"storefronts {', '.join(sorted(cls.storefronts))}" if cls.storefronts is not None else "",
                 f"directions {', '.join(sorted(cls.directions))}" if cls.directions != EVERY_DIRECTION else ""]
        shown = [f"shows on {' and '.join(filter(None, scope))}" if any(scope) else "",
                 f"not on {', '.join(f'{s} {d}' for s, d in sorted(cls.not_on))}" if cls.not_on else "",
                 f"only with {', '.join(sorted(cls.at_defaults))} at its default" if cls.at_defaults else "",
                 cls.only_because]
        return "; ".join(filter(None, shown))


class PostsTwiceOnRetry(Fault):
    """Never checks whether a refund was already written: a second post refunds again."""

    caught_in = ("refund_to_storefront::test_posting_a_posted_refund_again_does_not_refund_twice", "resilience")

    def _posted_refund(self, order_id: str, mark: str) -> str | None:
        return None  # blind to its stamp on every storefront

    def _find_one(self, record_type: str, q: str) -> str | None:
        # Blind to the NetSuite refunds it wrote (their externalId), as it is to its Shopify ones.
        return None if record_type in REFUND_OF.values() and q.startswith("externalId") else super()._find_one(record_type, q)

    def post(self, transaction_id: str) -> OtherTransaction:
        self.book.refund(transaction_id).status = Status.RETRIEVED
        return super().post(transaction_id)


class LooksOnlyAfterNoAnswer(Fault):
    """Looks whether a refund write committed before retrying it only after no answer (a dropped
    connection, a timeout), and takes a 5xx for "nothing happened": a gateway's 504 on a write that
    ran is sent again, and the money goes back twice wherever the order can take it."""

    directions = TO_STOREFRONT
    only_because = ("posted to NetSuite, a second write of the same refund is refused by its external ID: only a "
                    "storefront takes the write twice")
    caught_in = ("resilience::test_the_answer_to_a_committed_storefront_refund_of_one_unit_of_several_is_lost_fault_the_retry_finds_it",)

    def _call(self, action: Callable[[], Any], *, committed: Callable[[], Any] | None = None) -> Any:
        if committed is None:
            return super()._call(action)
        failures: list[BaseException] = []

        def tried() -> Any:
            try:
                return action()
            except Exception as exc:
                failures.append(exc)
                raise

        def unless_a_5xx() -> Any:
            last = failures[-1] if failures else None
            if isinstance(last, VendorError) and not last.refused:
                return None  # the defect: a 5xx taken for a write that did not run
            return committed()
        return super()._call(tried, committed=unless_a_5xx)


class LooksForItsWriteByItsMoney(Fault):
    """Looks for the refund a lost write may have made as any refund of the order for the same money,
    not by its stamp: a write whose connection dropped before anything committed is taken for an
    earlier refund of the same amount (the merchant's own of the same unit), marked Posted, and its
    money never goes back."""

    directions = TO_STOREFRONT
    only_because = "it looks for its writes on the storefront"
    caught_in = ("resilience::test_a_storefront_refund_whose_write_dropped_before_answering_is_written_though_the_order_has_another_of_the_same_money",)

    def _post_to_storefront(self, refund: Any, attempted_before: bool) -> str:
        looks = iter(range(2))
        posted = self._posted_refund

        def by_money(order_id: str, mark: str) -> str | None:
            if next(looks, 1) == 0:
                return posted(order_id, mark)  # the look before the write, by its stamp
            return self._same_money(order_id, refund.amount)  # the defect: the look before a retry
        with _replaced(self, "_posted_refund", by_money):
            return super()._post_to_storefront(refund, attempted_before)

    def _same_money(self, order_id: str, amount: Decimal) -> str | None:
        store: Any = self.storefront
        name = self.settings.storefront
        if name == "shopify":
            for each in self.shopify.refunds(order_id, limit=ShopifyAdapter.REFUNDS_LIMIT):
                if presented_refund(each) == amount:
                    return f"shopify-refund:{each['id']}"
        elif name == "magento":
            for memo in store.client.order_creditmemos(store._raw(order_id)["entity_id"], fetch=self._call):
                if money(memo["grand_total"]) == amount:
                    return f"magento-creditmemo:{memo['entity_id']}"
        else:
            for each in store._refunds(order_id):
                if money(each["amount"]) == amount:
                    return f"woocommerce-refund:{each['id']}"
        return None


def presented_refund(refund: dict[str, Any]) -> Decimal:
    """What a Shopify refund gave back: its successful refund transactions."""
    return sum((money(t["amount"]) for t in refund["transactions"] if t["kind"] == "refund" and t["status"] == "success"),
               Decimal("0"))


class IgnoresCreditMemos(Fault):
    """Looks for cash refunds only: refunds of invoiced orders are never found."""

    directions = TO_STOREFRONT
    only_because = "credit memos are what it retrieves from NetSuite"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_an_order_billed_as_billing_reaches_storefront_to_the_cent",
                 "missing_credit_memo")

    def _refunds_of(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [] if billed_type == "invoice" else super()._refunds_of(billed_type, billed_id)


class PostsWhatACreditMemoApplies(Fault):
    """Posts a credit memo's ``applied`` amount, not its ``total``: a credit memo made from a paid
    invoice applies to nothing until a customer refund pays it out, so its refund goes to the
    storefront as nothing (or as part of it, from a partly paid invoice)."""

    directions = TO_STOREFRONT
    only_because = "credit memos are what it retrieves from NetSuite"
    caught_in = ("refund_to_storefront::test_a_credit_memo_of_a_paid_invoice_is_posted_for_its_total_before_any_customer_refund_pays_it_out",)

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        # the defect: what the credit memo applies (a cash refund has no such field: its total)
        return Decimal(str(record["applied"] if "applied" in record else record["total"])).quantize(Decimal("0.01"))


class PostsTheWrongAmount(Fault):
    """Computes the amount in binary floating point and truncates: cents go missing."""

    directions = TO_STOREFRONT
    only_because = "the amount is what it posts to the storefront"
    caught_in = ("refund_to_storefront",)

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        return Decimal(int(float(record["total"]) * 0.99 * 100)) / 100


class DropsShipping(Fault):
    """Forgets the shipping part of a refund."""

    directions = TO_STOREFRONT
    only_because = "the shipping is what it posts to the storefront"
    caught_in = ("refund_to_storefront",)

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        return Decimal(str(record["total"])) - Decimal(str(record.get("shippingCost") or 0))

    @staticmethod
    def _refund_shipping(record: dict[str, Any]) -> Decimal:
        return Decimal("0")


class PostsToTheWrongOrder(Fault):
    """Posts every refund to another order of the account (the last one it synced) instead of the
    refund's own order — or, with no other, to the order ID with a digit more."""

    directions = TO_STOREFRONT
    only_because = "the order is the one it posts to on the storefront"
    caught_in = ("refund_to_storefront",)

    def _post_to_storefront(self, refund, attempted_before: bool) -> str:
        others = [link.order_id for link in self.orders() if link.order_id != refund.order_id]
        original, refund.order_id = refund.order_id, others[-1] if others else refund.order_id + "1"
        try:
            return super()._post_to_storefront(refund, attempted_before)
        finally:
            refund.order_id = original


class SyncsBothDirectionsBlindly(Fault):
    """Does not recognise its own writes: with both directions on, every refund comes back."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"both"})
    only_because = ("the echo needs refund sync in both directions, which only a Shopify account takes: a "
                    "cart's connector has one workflow, eBay's refunds sync to NetSuite")
    caught_in = ("bidirectional_conflict",)

    def _refunded_elsewhere(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        return []

    @staticmethod
    def _ours(record: dict[str, Any]) -> bool:
        return False

    @staticmethod
    def _is_own_write(text: str) -> bool:
        return False


class RetriesWritesBlindly(Fault):
    """Retries a refund write after no answer (a dropped answer, a timeout) without first looking
    whether the first attempt committed: the write is sent again, and the money goes back twice
    wherever the order can take it (a part of an order; a refund of the whole order the storefront
    refuses the second time, and a refusal it does read as the reference does)."""

    directions = TO_STOREFRONT
    only_because = ("posted to NetSuite, a retry carries the first attempt's idempotency key and NetSuite answers "
                    "it with the first attempt's job: only a storefront takes the write twice")
    caught_in = ("resilience::test_the_answer_to_a_committed_storefront_refund_of_one_unit_of_several_is_lost_fault_the_retry_finds_it",
                 "resilience")

    def _call(self, action, *, committed=None):
        if committed is None:
            return super()._call(action)

        def only_when_refused():
            # The reference asks ``committed`` before a retry and when the vendor refuses the write;
            # the defect skips the first. Asked from the refusal's ``except`` the refusal is the
            # exception being handled; before a retry none is.
            refusal = sys.exc_info()[1]
            return committed() if isinstance(refusal, VendorError) and refusal.refused else None

        return super()._call(action, committed=only_when_refused)


class ReportsWithoutLooking(Fault):
    """Takes any refund the order carries for the one it is posting: where it should look whether an
    earlier attempt of this refund committed — before a retry, and when a refund that ended in
    Error is posted again — a refund on the order is enough for it to report this one Posted,
    without reading whose it is (its stamp). The money of this refund never goes back."""

    directions = TO_STOREFRONT
    only_because = "the looks for an earlier attempt are made on the storefront a NetSuite refund is posted to"
    caught_in = ("refunds_over_time::test_a_partial_refund_that_ended_in_error_is_posted_when_posted_again_though_the_order_carries_a_later_one",
                 "refunds_over_time")

    def _any_refund(self, order_id: str) -> str | None:
        """The first refund on the order, whatever its stamp (an empty mark is in every note)."""
        return self.storefront.posted(order_id, "")

    def _post_to_storefront(self, refund, attempted_before: bool) -> str:
        if attempted_before:
            found = self._any_refund(refund.order_id)
            if found is not None:
                return found  # the defect: "an earlier attempt committed", unread
        self._looks = 0  # posts are serialised (the book's lock): one count per post
        return super()._post_to_storefront(refund, attempted_before)

    def _posted_refund(self, order_id: str, mark: str) -> str | None:
        self._looks = getattr(self, "_looks", 0) + 1
        refusal = sys.exc_info()[1]  # a refusal is read as the reference does (see RetriesWritesBlindly)
        if self._looks == 1 or isinstance(refusal, VendorError):
            return super()._posted_refund(order_id, mark)  # the first look (is it posted already?) is the reference's
        return self._any_refund(order_id)  # the defect: the look before a retry of the write


class TreatsServerErrorsAsSuccess(Fault):
    """Takes a 5xx or no answer from the storefront or NetSuite as a successful refund."""

    caught_in = ("resilience",)

    def _call(self, action, *, committed=None):
        try:
            return action()
        except VendorError as exc:
            if exc.status >= 500:
                return {"id": "assumed"}
            raise
        except Exception:
            return {"id": "assumed"}


class SwallowsErrorMessages(Fault):
    """Marks failed refunds as Error but shows no message on hover."""

    caught_in = ("resilience::test_storefront_keeps_failing_the_refund_ends_in_error_with_the_cause_and_nothing_is_refunded",)

    def post(self, transaction_id: str) -> OtherTransaction:
        super().post(transaction_id)
        self.book.refund(transaction_id).error_message = ""
        return self.book.refund(transaction_id).view()


class NeverRetries(Fault):
    """Gives up at the first 429, 5xx or timeout."""

    caught_in = ("resilience",)

    def _call(self, action, *, committed=None):
        try:
            return action()
        except VendorError as exc:
            if exc.status == 429 or exc.status >= 500:
                raise SyncError(f"{exc.service} answered {exc.status}") from None
            raise


class PostsUnbilledOrders(Fault):
    """Skips the billing check: retrieves a refund for an order that was never billed."""

    directions = TO_STOREFRONT
    only_because = "billing is what a retrieve from NetSuite checks"
    caught_in = ("missing_credit_memo",)

    def _retrieve_from_netsuite(self, order_id: str):
        result = super()._retrieve_from_netsuite(order_id)
        if not result.success and "has not been billed" in result.message:
            refund = self.book.add("netsuite", order_id, Decimal("0.00"), "USD", f"salesOrder:{order_id}")
            from simulators.connector.protocol import RetrieveResult
            return RetrieveResult(True, "Retrieved 1 refund(s).", (refund.view(),))
        return result


class PostsWithoutALock(Fault):
    """Lets two posts of one refund run at once: both find it not yet posted, and both post it."""

    directions = TO_STOREFRONT
    only_because = ("posted to NetSuite, the second of two creates of one refund is refused (its external ID is "
                    "the storefront refund's) and the connector finds the first: two posts at once still make one "
                    "NetSuite refund, so the lock shows only where a storefront would take the refund twice")
    caught_in = ("resilience::test_two_posts_of_the_same_partial_storefront_refund_at_the_same_time_refund_once_though_the_order_could_take_both",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.book.lock = nullcontext()  # type: ignore[assignment]  # the defect: no lock at all


class LocksEachRefund(Fault):
    """Serialises the posts of each refund on its own (enough for two posts of one refund), not of
    the account: two refunds of one order posted at once both read what the order has left before
    either writes, and spend the same room (both on Shopify's first payment, the second refused;
    both on WooCommerce's first package, past what it charged)."""

    storefronts = frozenset({"shopify", "woocommerce"})
    directions = TO_STOREFRONT
    only_because = ("only Shopify's payments and WooCommerce's packages are room the connector reads before it "
                    "writes; Magento shares a credit memo out itself")
    caught_in = ("resilience::test_two_refunds_of_a_shopify_order_paid_by_two_cards_posted_at_the_same_time_each_go_back_on_a_payment_with_money_left",
                 "resilience::test_two_netsuite_refunds_of_part_of_a_woocommerce_orders_shipping_in_two_packages_posted_at_the_same_time_go_back_on_the_packages_that_have_it_left")

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self._locks: dict[str, threading.RLock] = {}
        self._guard = threading.Lock()

    def post(self, transaction_id: str) -> OtherTransaction:
        with self._guard:
            lock = self._locks.setdefault(transaction_id, threading.RLock())
        with lock:  # the defect: a lock per refund, not the account's
            return self._post_held(transaction_id)


class LeaksTheLockOnError(Fault):
    """Takes the account's lock by hand for a post and lets it go when the post ends Posted (or
    returns early), not when it ends in Error: after one failed post every later action of the
    account from another thread (a user's request, the scheduler) waits for ever."""

    storefronts = frozenset({"shopify", "woocommerce"})
    directions = TO_STOREFRONT
    only_because = "the scenario that posts again from another thread follows a gateway's decline, on these two"
    caught_in = ("resilience::test_a_refund_storefronts_gateway_declined_is_posted_later_by_another_user_whose_request_the_connector_answers",)

    def post(self, transaction_id: str) -> OtherTransaction:
        self.book.lock.acquire()
        posted = self._post_held(transaction_id)
        if posted.status != Status.ERROR:  # the defect: the lock kept when the post ends in Error
            self.book.lock.release()
        return posted


# --------------------------------------------------------- money in the shapes real orders have
class LeavesOutTax(Fault):
    """Refunds the goods and the shipping but not their tax."""

    directions = TO_STOREFRONT
    only_because = "the tax is part of what it posts to the storefront"
    caught_in = ("refund_to_storefront::test_a_refund_of_what_of_a_taxed_discounted_order_reaches_storefront_line_by_line",)

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        return Decimal(str(record["total"])) - Decimal(str(record.get("taxTotal") or 0))


class RefundsTheFirstLineOnly(Fault):
    """Sends the storefront only the first line of a refund of several lines."""

    directions = TO_STOREFRONT
    only_because = "the lines are what it posts to the storefront"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_an_order_billed_as_billing_reaches_storefront_to_the_cent",)

    def _refund_lines(self, record: dict[str, Any], order: dict[str, Any]) -> list[tuple[dict[str, Any], int, Decimal]]:
        return super()._refund_lines(record, order)[:1]


class PutsOneSkusUnitsOnItsFirstLine(Fault):
    """Of an order's lines of one SKU at one rate, takes the first for every unit a NetSuite refund
    gives back of it (the nearest rate's line, the first on a tie), whatever units it has left: a
    full refund of two such lines, or the first line's refund after the second's, is refused."""

    directions = TO_STOREFRONT
    only_because = "the lines are what it posts to the storefront"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_a_sku_the_order_holds_on_two_lines_at_one_price_reaches_storefront_on_both_lines",
                 "refund_to_storefront::test_the_first_of_two_lines_of_one_sku_at_one_price_refunded_after_the_second_reaches_storefront")

    def _refund_lines(self, record: dict[str, Any], order: dict[str, Any]) -> list[tuple[dict[str, Any], int, Decimal]]:
        # No line has units left to give: each refund line's units all go on the first tied line.
        with _replaced(self.storefront, "units_left", lambda order: {}):
            return super()._refund_lines(record, order)


class CapsARefundWithLinesAtItsLines(Fault):
    """Gives back money beyond the lines (a goodwill on the positive adjustment item, an item not on
    the order) only with a refund of no order line: a refund with lines is taken for a return and
    never gives back more than its lines, shipping and tax ("a guard against over-refunding"), so a
    goodwill beside a unit never reaches the customer, and the refund shows Posted."""

    directions = TO_STOREFRONT
    only_because = "the money beyond the lines is what it posts to the storefront"
    caught_in = ("refund_to_storefront::test_a_unit_and_a_goodwill_refunded_together_in_netsuite_both_reach_storefront",)

    def _post_to_storefront(self, refund: Any, attempted_before: bool) -> str:
        store = self.storefront
        prepare = store.prepare

        def capped(to_post: RefundToPost) -> Write:
            if to_post.lines and to_post.adjustment > 0:  # the defect
                to_post = replace(to_post, total=to_post.total - to_post.adjustment)
            return prepare(to_post)
        with _replaced(store, "prepare", capped):
            return super()._post_to_storefront(refund, attempted_before)


class LeavesTheFeeKeptOffCreditMemos(Fault):
    """Leaves what the merchant kept back of a storefront refund (a restocking fee, on the negative
    adjustment item) off a credit memo, taking a credit memo for a credit of the units returned: the
    invoice is credited the line whole, 12.00 where the storefront gave back 10.00. Cash refunds keep it."""

    directions = TO_NETSUITE
    only_because = "the fee kept is what it posts to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_line_refund_that_keeps_back_a_fee_of_an_order_billed_as_billing_is_posted_with_the_line_and_the_fee_against_the_negative_adjustment_item",)

    #: The type of the bill the refund being posted is made from (:meth:`_bill_of` chose it).
    _billed_type = ""

    def _bill_of(self, read: StorefrontRefundRead, billed: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        self._billed_type, record = super()._bill_of(read, billed)
        return self._billed_type, record

    def _netsuite_refund_body(self, refund: Any, read: StorefrontRefundRead, billed: dict[str, Any]) -> dict[str, Any]:
        body = super()._netsuite_refund_body(refund, read, billed)
        negative = self.settings.negative_adjustment_item
        kept = [line for line in body["item"]["items"] if not (str(line["item"]["id"]) == negative and line.get("rate", 0) < 0)]
        if self._billed_type == "invoice" and kept:
            body["item"]["items"] = kept  # the defect: the credit memo credits the units whole
        return body


class PostsShortLinesToNetSuite(Fault):
    """Posts each line of a storefront refund to NetSuite a cent or more short, computed in binary
    floating point and truncated, and the cents it lost against the positive adjustment item: the
    NetSuite refund's total is right, its lines are not."""

    directions = TO_NETSUITE
    only_because = "the lines are what it posts to NetSuite"
    caught_in = ("ebay_refunds::test_a_buyerrequested_ebay_refund_becomes_a_record_in_netsuite",
                 "refund_to_netsuite::test_a_shopify_refund_of_an_order_billed_as_billing_becomes_a_record_in_netsuite")

    def _storefront_refund_lines(self, read, billed):
        lines, shipping, tax = super()._storefront_refund_lines(read, billed)
        return [{**line, "amount": int(float(line["amount"]) * 0.99 * 100) / 100} for line in lines], shipping, tax


class IgnoresDiscounts(Fault):
    """Syncs each line at its list price, as if no discount had been given."""

    storefronts = frozenset({"shopify", "magento", "woocommerce"})
    only_because = "eBay orders carry no discount"
    caught_in = ("order_sync",)

    def _storefront_order(self, order_id: str) -> dict[str, Any]:
        order = super()._storefront_order(order_id)
        discounts = _line_discounts(order["raw"])
        for line in order["lines"]:
            line["amount"] += discounts.get(line["key"], Decimal("0"))
        return order


def _line_discounts(raw: dict[str, Any]) -> dict[Any, Decimal]:
    """Each line's discount (by the neutral line's ``key``) in a storefront's own order: Shopify's
    ``discount_allocations`` (its own discount among them), Magento's ``discount_amount``, WooCommerce's
    ``subtotal`` less its ``total``."""
    if "items" in raw:  # Magento
        return {item["item_id"]: money(item.get("discount_amount") or 0) for item in raw["items"]}
    if any("price_set" in line for line in raw.get("line_items", [])):  # Shopify
        return {line["id"]: sum((presented(a.get("amount_set")) for a in line.get("discount_allocations", [])), Decimal("0"))
                for line in raw["line_items"]}
    return {line["id"]: money(line["subtotal"]) - money(line["total"]) for line in raw.get("line_items", [])}  # WooCommerce


class _RestockingShopify(ShopifyAdapter):
    #: The restock type the goods of a refund without shipping are sent with.
    RESTOCK = "return"

    def prepare(self, refund: RefundToPost) -> Write:
        write = super().prepare(refund)
        create = self.client.create_refund

        def restocking(order_id: Any, body: dict[str, Any]) -> dict[str, Any]:
            for line in body.get("refund_line_items", []):  # the defect: goods with no shipping taken for a return
                line["restock_type"] = self.RESTOCK if line.get("restock_type") == "no_restock" else line.get("restock_type")
            return create(order_id, body)
        return _restocking(self.client, "create_refund", restocking, write) if _a_return(refund) else write


class _RestockingMagento(MagentoAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        write = super().prepare(refund)
        items = sorted({int(line["key"]) for line, _, _ in refund.lines})

        def restocking(refund_by: Callable[..., Any]) -> Callable[..., Any]:
            return lambda target, body=None: refund_by(target, {**(body or {}), "arguments": {
                **((body or {}).get("arguments") or {}), "extension_attributes": {"return_to_stock_items": items}}})
        if not _a_return(refund):
            return write
        by_invoice, by_order = self.client.refund_invoice, self.client.refund_order
        return _restocking(self.client, "refund_invoice", restocking(by_invoice),
                           _restocking(self.client, "refund_order", restocking(by_order), write))


class _RestockingWooCommerce(WooCommerceAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        write = super().prepare(refund)
        create = self.client.create_refund
        return _restocking(self.client, "create_refund", lambda order_id, body: create(order_id, {**body, "api_restock": True}),
                           write) if _a_return(refund) else write


def _a_return(refund: RefundToPost) -> bool:
    """The defect's rule of thumb: goods refunded without the shipping came back."""
    return bool(refund.lines) and not refund.shipping


def _restocking(owner: Any, method: str, stand_in: Any, write: Write) -> Write:
    def run() -> str:
        with _replaced(owner, method, stand_in):
            return write()
    return run


class RestocksGoodsRefundedWithoutShipping(Fault):
    """Puts the units of a NetSuite refund that gives no shipping back in stock on the storefront
    ("no shipping refunded: the goods came back"; Shopify ``return``, Magento
    ``return_to_stock_items``, WooCommerce ``api_restock``): stock is NetSuite's business, its
    inventory sync counts them back a second time."""

    directions = TO_STOREFRONT
    caught_in = ("refund_to_storefront::test_a_refund_of_what_of_a_taxed_discounted_order_reaches_storefront_line_by_line",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _RestockingShopify, "magento": _RestockingMagento,
                "woocommerce": _RestockingWooCommerce}


# ------------------------------------------------------------------ refunds over time
class SchedulesByWhatChangedSinceTheLastCycle(Fault):
    """The scheduled sync retrieves a NetSuite refund only when it was entered or changed since the
    previous cycle began (``lastModifiedDate``), and moves that mark on at every cycle's end, though the
    cycle failed to read an order (NetSuite down past the account's attempts): that order's refund is
    older than the mark at the next cycle, and the schedule never retrieves it."""

    directions = TO_STOREFRONT
    only_because = "the schedule retrieves NetSuite refunds only syncing to the storefront"
    caught_in = ("refunds_over_time::test_the_scheduled_sync_posts_a_netsuite_refund_at_the_next_cycle_when_a_cycle_could_not_read_netsuite",)

    def _scheduled_run(self) -> None:
        started = iso(self._last_scheduled_run)  # this cycle's time
        self._in_cycle = True
        try:
            super()._scheduled_run()
        finally:
            self._in_cycle = False
            self._since: str | None = started  # the defect: moved on though a retrieve of the cycle failed

    def _refunds_of(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        found = super()._refunds_of(billed_type, billed_id)
        since = getattr(self, "_since", None)
        if getattr(self, "_in_cycle", False) and since is not None:
            found = [(t, r) for t, r in found if str(r.get("lastModifiedDate") or "") >= since]
        return found


class RetrievesEachOrderOnce(Fault):
    """Remembers the orders it retrieved and never looks at them again: later refunds are lost."""

    caught_in = ("refunds_over_time", "refund_to_netsuite::test_a_later_shopify_refund_of_the_same_order_becomes_a_second_netsuite_refund",
                 "ebay_refunds::test_a_later_ebay_return_of_the_same_order_refunded_becomes_a_second_netsuite_refund")

    def retrieve_refunds(self, source_channel: str, order_id: str):
        seen = self.__dict__.setdefault("_seen", set())
        if (source_channel, order_id.strip()) in seen:
            from simulators.connector.protocol import RetrieveResult
            return RetrieveResult(False, f"The refunds of order {order_id} have already been retrieved.")
        result = super().retrieve_refunds(source_channel, order_id)
        if result.success:
            seen.add((source_channel, order_id.strip()))
        return result


class ReadsTheStorefrontOrderOncePerRetrieve(Fault):
    """Reads each storefront order once for the posts that follow its retrieve ("to spare the
    storefront's API a read per refund"): the second refund of one order posted in the same batch is
    prepared from the order before the first — a cent of tax more on Magento, more shipping than is
    left on Shopify (refused)."""

    storefronts = frozenset({"shopify", "magento"})
    directions = TO_STOREFRONT
    only_because = ("a WooCommerce refund is prepared from the order's refunds listing, read at each post, not from "
                    "what the order says is left")
    caught_in = ("refunds_over_time::test_three_oneunit_netsuite_refunds_of_a_taxed_line_posted_in_one_batch_reach_magento_to_the_cent",
                 "refunds_over_time::test_taxinclusive_shipping_refunded_in_netsuite_in_three_parts_posted_in_one_batch_reaches_shopify_whole")

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self._read: dict[str, dict[str, Any]] = {}
        self._posting = False

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        self._read.pop(str(order_id).strip(), None)
        return super().retrieve_refunds(source_channel, order_id)

    def _post_to_storefront(self, refund, attempted_before):
        self._posting = True
        try:
            return super()._post_to_storefront(refund, attempted_before)
        finally:
            self._posting = False

    def _storefront_order(self, order_id: str) -> dict[str, Any]:
        if not self._posting:
            return super()._storefront_order(order_id)
        if order_id not in self._read:  # the defect: kept for every post until the order is retrieved again
            self._read[order_id] = super()._storefront_order(order_id)
        return self._read[order_id]


class SchedulesABatchOfTheOldestOrders(Fault):
    """Each scheduled cycle looks at the account's 20 oldest synced orders only (a batch "to stay
    inside NetSuite's governance"), always the same ones: the refunds of the 21st order synced and
    every later one are never picked up by the schedule."""

    directions = TO_STOREFRONT
    only_because = "its scenario of an account with many orders syncs refunds from NetSuite"
    caught_in = ("refund_actions::test_the_scheduled_sync_posts_the_refund_of_the_storefront_accounts_26th_order",)

    def _scheduled_run(self) -> None:
        every = self.orders
        with _replaced(self, "orders", lambda: every()[:20]):  # the defect
            super()._scheduled_run()


class SkipsRefundsOfClosedSalesOrders(Fault):
    """Takes a sales order Closed (or Cancelled) in NetSuite for an order that is over, and retrieves
    none of its refunds: a NetSuite user closes the unbilled rest of an order billed in part and
    refunds the billed part — that refund never reaches the storefront."""

    directions = TO_STOREFRONT
    only_because = "its scenario closes a sales order whose refunds sync from NetSuite"
    caught_in = ("refund_to_storefront::test_a_refund_made_in_netsuite_of_the_billed_part_of_a_closed_sales_order_reaches_storefront",)

    def _retrieve_from_netsuite(self, order_id: str) -> RetrieveResult:
        status = ((self._sales_order(order_id) or {}).get("status") or {}).get("id")
        if status in ("H", "C"):  # the defect
            return RetrieveResult(False, f"Order {order_id} is closed in NetSuite: nothing more to sync.")
        return super()._retrieve_from_netsuite(order_id)


class StartsTheScheduleAtCreation(Fault):
    """Counts the 90 minutes of the scheduled sync from when the account was created, even when the
    schedule is turned on later: the first run comes early."""

    caught_in = ("refunds_over_time::test_the_scheduled_sync_turned_on_after_the_order_runs_from_when_it_is_turned_on",
                 "refund_to_netsuite::test_the_scheduled_sync_of_storefront_refunds_turned_on_after_the_order_runs_from_when_it_is_turned_on")

    def update_settings(self, settings: dict[str, Any]) -> None:
        started = self._last_scheduled_run
        super().update_settings(settings)
        self._last_scheduled_run = started


class StopsTheScheduleAtAFailedOrder(Fault):
    """Its scheduled sync stops at the first order whose sync failed: the refunds of every order
    synced after it are never retrieved by the schedule."""

    directions = TO_STOREFRONT
    storefronts = frozenset({"shopify", "magento", "woocommerce"})
    only_because = "its scenario refunds a cart's order from NetSuite after an order that failed to sync"
    caught_in = ("refund_actions::test_the_scheduled_sync_goes_past_an_order_whose_sync_failed_to_the_storefront_orders_after_it",)

    def _scheduled_run(self) -> None:
        every = self.orders()
        failed = next((i for i, link in enumerate(every) if link.status != OrderStatus.POSTED), len(every))
        self.orders = lambda: every[:failed]  # type: ignore[method-assign]  # the schedule's view only
        try:
            super()._scheduled_run()
        finally:
            del self.orders


class FindsItemsByTheStartOfTheirName(Fault):
    """Finds an order line's NetSuite item by a name that starts with its SKU (``START_WITH``, not
    ``IS``): with MUG-01-XL in the catalogue before MUG-01, the order's mugs are synced, billed and
    refunded as the XL ones."""

    only_because = "its scenario puts an item whose name begins with the order's SKU in NetSuite first"
    caught_in = ("order_sync::test_a_storefront_order_syncs_its_skus_own_item_not_one_whose_name_begins_with_the_sku",)

    def _item_id(self, sku: str) -> str:
        found = (self._find_one("nonInventorySaleItem", f'itemId START_WITH "{sku}"')
                 or self._find_one("inventoryItem", f'itemId START_WITH "{sku}"'))  # the defect
        return found or super()._item_id(sku)


class DropsResyncedOrdersFromTheSchedule(Fault):
    """Takes an order whose sync again failed (its storefront down a while) off the schedule, though
    its sales order is in NetSuite: its NetSuite refunds are never retrieved by the schedule."""

    directions = TO_STOREFRONT
    storefronts = frozenset({"shopify", "magento", "woocommerce"})
    only_because = "its scenario syncs a cart's order again while the cart fails, on the schedule to the storefront"
    caught_in = ("order_sync::test_a_storefront_order_synced_again_while_storefront_fails_keeps_its_netsuite_refunds_on_the_schedule",)

    def sync_order(self, order_id: str) -> OrderSyncResult:
        synced = super().sync_order(order_id)
        if synced.status != OrderStatus.POSTED:
            self.book.synced.discard(synced.order_id)  # the defect: the last sync's word taken for the order's
        return synced


class AnswersSyncsOfPostedOrdersFromItsList(Fault):
    """Answers a sync of an order it posted from its own list, without looking at NetSuite: an order
    whose sales order a NetSuite user deleted is said Posted, linked to a sales order NetSuite no
    longer has, and is never synced again (its refunds find no sales order)."""

    only_because = "its scenario deletes a sales order in NetSuite and syncs the order again"
    caught_in = ("order_sync::test_a_storefront_order_whose_sales_order_was_deleted_in_netsuite_is_synced_again_netsuite_has_a_sales_order_for_it",)

    def sync_order(self, order_id: str) -> OrderSyncResult:
        known = self.book.orders.get(str(order_id).strip())
        if known is not None and known.status == OrderStatus.POSTED:
            return known.view()  # the defect: its own list, not NetSuite
        return super().sync_order(order_id)


# ------------------------------------------------------------- vendor refusals and time limits
class RetriesRefusals(Fault):
    """Retries a refusal (a 4xx, WooCommerce's own 500s) as if it were a passing fault."""

    caught_in = ("resilience::test_storefront_refuses_a_refund_the_merchant_already_made_there_error_with_its_message_never_retried",
                 "resilience::test_netsuite_refuses_a_storefront_refund_error_with_netsuites_message_never_retried_nothing_refunded")

    def _call(self, action, *, committed=None):
        for _ in range(self.settings.max_attempts - 1):
            try:
                return super()._call(action, committed=committed)
            except VendorError as exc:
                if not exc.refused:
                    raise
        return super()._call(action, committed=committed)


class IgnoresRetryAfter(Fault):
    """Waits its own one second after a 429 instead of what Retry-After says."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = ("only Shopify answers 429 with Retry-After to the connector's refunds: Magento Open Source and "
                    "WooCommerce have no REST rate limit, eBay's refunds go to NetSuite")
    caught_in = ("resilience",)

    def _call(self, action, *, committed=None):
        sleep = self.context.sleep
        try:
            object.__setattr__(self.context, "sleep", lambda seconds: sleep(min(seconds, 1.0)))
            return super()._call(action, committed=committed)
        finally:
            object.__setattr__(self.context, "sleep", sleep)


class TakesARefusedLookForNone(Fault):
    """Takes the storefront's refusal of its look for its own earlier refund (401 or 403: a token
    revoked, a scope or role missing) for "none of mine", and posts: a refund deleted from the
    connector and retrieved again goes back twice."""

    directions = TO_STOREFRONT
    caught_in = ("resilience::test_storefront_refuses_the_look_for_the_connectors_earlier_refund_http_status_error_with_the_cause_never_refunded_twice",)

    def _posted_refund(self, order_id, mark):
        try:
            return super()._posted_refund(order_id, mark)
        except VendorError as exc:
            if exc.status in (401, 403):
                return None
            raise


class TakesALoginFailureForADeletedOrder(Fault):
    """Reads NetSuite's 401 on the sales order's lookup (a token revoked, a role changed) as "no such
    order": the refund's Error says the order was deleted in NetSuite and to cancel the refund,
    which then never goes back."""

    directions = TO_STOREFRONT
    caught_in = ("resilience::test_netsuite_refuses_the_login_http_401_on_the_order_lookup_of_a_post_to_storefront_error_with_the_cause_posted_once_netsuite_takes_it",)

    def _sales_order(self, order_id):
        try:
            return super()._sales_order(order_id)
        except VendorError as exc:
            if exc.status == 401:
                return None
            raise


class TakesARefusedReturnAuthorizationSearchForNone(Fault):
    """Takes NetSuite's refusal of its search of the order's return authorizations (401 or 403: a
    role without the Return Authorization permission) for "none", and posts the storefront refund:
    on an order a NetSuite user refunded through one, NetSuite refunds it twice."""

    directions = TO_NETSUITE
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_refunded_through_a_return_authorization_when_netsuite_refuses_the_connector_its_search_ends_in_error_not_posted",)

    def _find(self, record_type: str, q: str) -> list[str]:
        try:
            return super()._find(record_type, q)
        except VendorError as exc:
            if record_type == "returnAuthorization" and exc.status in (401, 403):
                return []
            raise


class ShowsCredentialsInItsMessages(Fault):
    """Quotes the account's NetSuite token secret in a refund's Error message, to help debug a
    refusal: every user of the account reads it (the harness masks it in the report; that it was
    shown is the defect)."""

    caught_in = ("resilience::test_storefront_keeps_failing_the_refund_ends_in_error_with_the_cause_and_nothing_is_refunded",
                 "resilience::test_netsuite_refuses_a_storefront_refund_error_with_netsuites_message_never_retried_nothing_refunded")

    def post(self, transaction_id: str) -> OtherTransaction:
        posted = super().post(transaction_id)
        if posted.status != "Error":
            return posted
        return replace(posted, error_message=f"{posted.error_message} [debug: token_secret={self.context.netsuite['token_secret']}]")


class IgnoresMaxAttempts(Fault):
    """Tries every vendor call five times, whatever the account says."""

    caught_in = ("resilience::test_a_refund_on_storefront_whose_post_lost_netsuites_answer_every_time_is_posted_once_when_posted_again",
                 "resilience::test_storefront_keeps_failing_the_connector_tries_attempts_times_as_the_account_says_then_stops")

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.settings = replace(self.settings, max_attempts=5)

    def update_settings(self, settings: dict[str, Any]) -> None:
        super().update_settings(settings)
        self.settings = replace(self.settings, max_attempts=5)


class TrustsItsOwnList(Fault):
    """Looks for an earlier write of a refund only when its own row says it tried to post it: a
    refund deleted from the connector and retrieved again is a new row, and is posted again. (Its
    retries still find what their own attempt committed.)"""

    caught_in = ("refund_actions::test_a_posted_refund_that_is_deleted_and_retrieved_again_is_not_refunded_twice",
                 "refund_to_netsuite::test_a_storefront_refund_posted_to_netsuite_deleted_from_the_connector_and_retrieved_again_is_not_refunded_twice")

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self._skipped = threading.local()  # lookups left to skip; two posts may run at once, on threads

    def _skip(self) -> bool:
        left = getattr(self._skipped, "left", 0)
        self._skipped.left = max(left - 1, 0)
        return left > 0

    def _post_to_storefront(self, refund, attempted_before: bool) -> str:
        self._skipped.left = 0 if attempted_before else 1  # the check before the write
        return super()._post_to_storefront(refund, attempted_before)

    def _post_to_netsuite(self, refund, attempted_before: bool) -> str:
        self._skipped.left = 0 if attempted_before else len(REFUND_OF)  # one check per refund record type
        return super()._post_to_netsuite(refund, attempted_before)

    def _posted_refund(self, order_id: str, mark: str) -> str | None:
        return None if self._skip() else super()._posted_refund(order_id, mark)

    def _find_one(self, record_type: str, q: str) -> str | None:
        if record_type in REFUND_OF.values() and q.startswith("externalId") and self._skip():
            return None
        return super()._find_one(record_type, q)


class FindsItsNetSuiteWritesAmongCashRefundsOnly(Fault):
    """Looks for its earlier write of a storefront refund among NetSuite's cash refunds only: a credit
    memo it wrote (an invoiced order) is never found again, so a refund deleted from the connector and
    retrieved again is written once more wherever the invoice has money left."""

    directions = TO_NETSUITE
    only_because = "its earlier writes are looked for in NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_posted_to_netsuite_deleted_from_the_connector_and_retrieved_again_is_not_refunded_twice",)

    def _find_one(self, record_type: str, q: str) -> str | None:
        if record_type == "creditMemo" and q.startswith("externalId"):
            return None  # the defect: a credit memo is not looked at
        return super()._find_one(record_type, q)


class RetrievesFromTheFirstBillOnly(Fault):
    """Retrieves the NetSuite refunds made from the order's first bill only: an order billed in two
    (the second line later, when it shipped) never has a refund made from its second bill sent to the
    storefront, and the customer is left short of it."""

    directions = TO_STOREFRONT
    only_because = "the refunds it retrieves from NetSuite are posted to the storefront"
    caught_in = ("refund_to_storefront::test_refunds_made_in_netsuite_from_each_of_two_bills_of_a_storefront_order_are_both_posted",)

    def _retrieve_from_netsuite(self, order_id: str) -> Any:
        every_bill = self._billed_records
        with _replaced(self, "_billed_records", lambda sales_order_id: every_bill(sales_order_id)[:1]):  # the defect
            return super()._retrieve_from_netsuite(order_id)


class RefundsFromTheFirstBill(Fault):
    """Makes a storefront refund from the order's first bill, whatever it refunds: an order billed in
    two (a line billed later, when it shipped) has that line's refund made from the first bill,
    which does not have it — money against the adjustment item — and the bill that charged the
    customer for it is never credited."""

    directions = TO_NETSUITE
    only_because = "it chooses the bill of the refunds it posts to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_the_line_of_an_orders_second_bill_second_is_made_from_that_bill",)

    def _bill_of(self, read: Any, billed: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        return billed[0]  # the defect


class WeighsBillsByWhatTheyBilled(Fault):
    """Chooses the bill a storefront refund is made from by what each bill billed, not what it has left
    to credit (its refunds since left out): of a line billed in two cash sales, the second unit's
    refund is made from the first again — NetSuite refuses more than it has left, or the first is
    credited a unit it never billed and its other line's refund is refused."""

    directions = TO_NETSUITE
    caught_in = ("refund_to_netsuite::test_refunds_on_shopify_of_the_units_of_a_line_billed_in_two_cash_sales_are_each_made_from_a_bill_that_has_them",
                 "refund_to_netsuite::test_a_line_billed_in_two_cash_sales_both_its_units_refunded_on_shopify_leaves_the_first_cash_sale_its_other_line")
    storefronts = frozenset({"shopify"})
    only_because = "only Shopify's scenarios bill a line in two (an eBay return's bill is chosen the same way)"

    def _bill_of(self, read: Any, billed: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        with _replaced(self, "_refunds_of", lambda billed_type, billed_id: []):  # the defect
            return super()._bill_of(read, billed)


class ReadsBillsOfTheFirstOnesKind(Fault):
    """Reads an order's bills of the kind of its first alone ("a paid order is billed as cash sales,
    an unpaid one as invoices"): an order billed first as a cash sale and the rest as an invoice has
    the invoice's line refunded from the cash sale (money against the adjustment item, the invoice
    never credited), and a NetSuite refund of the invoice goes unseen (the order refunded twice)."""

    directions = TO_NETSUITE
    only_because = "it reads the bills of the refunds it posts to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_the_line_of_an_orders_second_bill_second_is_made_from_that_bill",
                 "refund_to_netsuite::test_a_storefront_refund_of_an_order_whose_second_bill_second_is_refunded_in_netsuite_already_is_not_posted")

    def _billed_records(self, sales_order_id: str) -> list[tuple[str, dict[str, Any]]]:
        billed = super()._billed_records(sales_order_id)
        return [pair for pair in billed if pair[0] == billed[0][0]]  # the defect


class MakesRefundsFromTheNewestBillOnATie(Fault):
    """Of the order's bills that hold as many of a storefront refund's lines, makes the refund from the
    newest ("refund against the latest shipment"), not the oldest: a refund of shipping alone of an
    order billed in two is made from the bill that never charged it (NetSuite put it on the first) —
    refused for more than that bill has left, or credited where it was never billed."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "only a Shopify refund gives shipping back alone (an eBay return's goes with its line)"
    caught_in = ("refund_to_netsuite::test_the_shipping_alone_of_a_shopify_order_billed_in_two_cash_sales_is_refunded_from_the_one_that_charged_it",)

    def _bill_of(self, read: Any, billed: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        return super()._bill_of(read, billed[::-1])  # the defect: the first of the most, newest first


class CarriesShippingAloneOnTheAdjustmentItem(Fault):
    """Carries a storefront refund of shipping alone to NetSuite on a zero line of the positive
    adjustment item, not on the bill's lines kept at 0 units: on an account without one, every such
    refund ends in Error ("needs a positive adjustment of 0")."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "only a Shopify refund gives shipping back alone (an eBay return's shipping goes with its line)"
    caught_in = ("refund_to_netsuite::test_the_shipping_alone_refunded_on_shopify_reaches_netsuite_on_an_account_without_adjustment_items",)

    def _netsuite_refund_body(self, refund: Any, read: StorefrontRefundRead, billed: dict[str, Any]) -> dict[str, Any]:
        body = super()._netsuite_refund_body(refund, read, billed)
        lines = body["item"]["items"]
        if len(lines) == 1 and lines[0]["quantity"] == 0:  # the defect: the adjustment item carries it
            zero = self._adjustment(self.settings.positive_adjustment_item, Decimal("0"), "positive")
            body["item"]["items"] = [{**zero, "description": "Shipping refund"}]
        return body


class LooksForNetSuiteRefundsOnOneBill(Fault):
    """Looks for refunds made in NetSuite on the order's first bill only: a refund NetSuite made from
    the order's second bill goes unseen, and a storefront refund of the order is posted on top of it
    — the order refunded in both systems."""

    directions = TO_NETSUITE
    only_because = "it looks before posting a storefront refund to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_whose_second_bill_second_is_refunded_in_netsuite_already_is_not_posted",)

    def _refunded_in_netsuite(self, sales_order_id: str, billed: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
        return super()._refunded_in_netsuite(sales_order_id, billed[:1])  # the defect


class OverlooksNetSuiteRefundsThroughReturnAuthorizations(Fault):
    """Before posting a storefront refund to NetSuite, looks for a NetSuite user's refund among those
    made from the order's bills only: a refund made through a return authorization (NetSuite's
    returns process) goes unseen, and the storefront refund is posted on top — the order refunded
    twice in NetSuite (24.00 of a 12.00 return)."""

    directions = TO_NETSUITE
    only_because = "it looks before posting a storefront refund to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_a_netsuite_user_refunded_through_a_return_authorization_is_not_posted_billing",)

    def _refunded_in_netsuite(self, sales_order_id: str, billed: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
        return [found for billed_type, record in billed for found in self._refunded_elsewhere(billed_type, record["id"])]  # the defect


class CountsCreditMemosAsNoRefund(Fault):
    """Before posting a storefront refund to NetSuite, takes only a cash refund of a bill for the
    order refunded in NetSuite ("a credit memo moves no money"): a unit a NetSuite user credited from
    the invoice is credited again for the storefront's refund (24.00 of a 12.00 return)."""

    directions = TO_NETSUITE
    only_because = "it looks before posting a storefront refund to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_a_netsuite_user_credited_from_its_invoice_is_not_posted",)

    def _refunded_elsewhere(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [] if billed_type == "invoice" else super()._refunded_elsewhere(billed_type, billed_id)  # the defect


class OverlooksStandaloneCreditMemosOfTheInvoice(Fault):
    """Before posting a storefront refund to NetSuite, looks for a NetSuite user's refund among the
    records made from the order's bills: a credit memo she entered without the invoice and applied to
    it goes unseen, and the storefront refund is credited on top — the customer credited twice. The
    reference connector did this until a hunt of NetSuite users' actions found it."""

    directions = TO_NETSUITE
    only_because = "it looks before posting a storefront refund to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_whose_invoice_a_netsuite_user_credited_with_a_credit_memo_entered_without_it_is_not_posted",)

    def _credited_standalone(self, invoice_id: str) -> list[tuple[str, dict[str, Any]]]:
        return []  # the defect


class KnowsItsNetSuiteWritesByTheirMemo(Fault):
    """Knows its own NetSuite refunds by the stamp in their memo, not by their external ID: once a
    NetSuite user writes her own note over the memo, the cash refund is taken for hers — in the way
    of the order's next storefront refund, and sent back to Shopify when the account switches to
    sync from NetSuite (24.00 of a 12.00 refund)."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"both"})
    only_because = "only a Shopify account syncs refunds either way, and the scenario switches it"
    caught_in = ("bidirectional_conflict::test_a_shopify_refund_the_connector_wrote_to_netsuite_its_memo_edited_there_is_not_sent_back_when_the_account_switches_direction",)

    @staticmethod
    def _ours(record: dict[str, Any]) -> bool:
        return f"[{STAMP_PREFIX}:" in str(record.get("memo") or "")  # the defect: a field users edit


class KeepsALedgerOfPostedRefunds(Fault):
    """Keeps its own ledger of the storefront refunds it posted to NetSuite, which outlives "Delete
    from FarApp": a refund whose NetSuite record a user deleted (to have it posted again), deleted
    from the connector and retrieved again, is refused as posted already, naming a record that is
    gone — and never reaches NetSuite."""

    directions = TO_NETSUITE
    only_because = "it posts storefront refunds to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_whose_netsuite_refund_a_netsuite_user_deleted_is_posted_again_once_deleted_from_the_connector_and_retrieved_again",)

    def _post_to_netsuite(self, refund: Any, attempted_before: bool) -> str:
        ledger = self.__dict__.setdefault("_ledger", {})
        done = ledger.get(refund.source_record)
        if done is not None and not attempted_before:  # the defect: the ledger, not NetSuite
            raise SyncError(f"This refund has already been posted to NetSuite ({done}).")
        ledger[refund.source_record] = target = super()._post_to_netsuite(refund, attempted_before)
        return target


class ChecksNetSuiteRefundsOncePerOrder(Fault):
    """Looks for a NetSuite user's refunds of an order once, at the post of its first storefront
    refund, and keeps the answer: a refund made in NetSuite after it is never seen, and the order's
    next storefront refund is posted on top (36.00 refunded in NetSuite of a 3-unit order refunded
    once in each system and once more on the storefront)."""

    directions = TO_NETSUITE
    only_because = "it looks before posting a storefront refund to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_made_after_a_netsuite_user_refunded_the_order_which_the_connector_had_synced_a_refund_of_before_is_not_posted",)

    def _refunded_in_netsuite(self, sales_order_id: str, billed: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
        seen = self.__dict__.setdefault("_seen", {})
        if sales_order_id not in seen:  # the defect: once per order
            seen[sales_order_id] = super()._refunded_in_netsuite(sales_order_id, billed)
        return seen[sales_order_id]


class RetriesOnlyWhenTold(Fault):
    """Tries each vendor call once unless the account sets max_attempts: its default is 1 where the
    connector API's is 4, so an account that leaves the setting out never retries."""

    at_defaults = frozenset({"max_attempts"})
    caught_in = ("resilience::test_with_max_attempts_at_its_default_storefront_failing_every_time_is_tried_4_times_then_the_refund_ends_in_error",
                 "resilience::test_with_max_attempts_at_its_default_netsuite_failing_every_time_is_tried_4_times_for_a_storefront_refund")

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        if "max_attempts" not in (context.settings or {}):
            self.settings = replace(self.settings, max_attempts=1)

    def update_settings(self, settings: dict[str, Any]) -> None:
        super().update_settings(settings)
        if "max_attempts" not in settings:
            self.settings = replace(self.settings, max_attempts=1)


class _LooksAgainOtherwise(Fault):
    """A post to a storefront whose "already posted?" check is the reference's, and whose look for
    what a failed write committed (before a retry, at a refusal) is :meth:`_look_again`'s."""

    def _post_to_storefront(self, refund: Any, attempted_before: bool) -> str:
        self._first_look = True
        return super()._post_to_storefront(refund, attempted_before)

    def _posted_refund(self, order_id: str, mark: str) -> str | None:
        if getattr(self, "_first_look", True):
            self._first_look = False
            return super()._posted_refund(order_id, mark)
        return self._look_again(order_id, mark)

    def _look_again(self, order_id: str, mark: str) -> str | None:
        return super()._posted_refund(order_id, mark)


class TakesAnyOfItsRefundsForItsLostWrite(_LooksAgainOtherwise):
    """After a storefront write that failed, looks for what it committed among the order's refunds by
    the connector's stamp alone (the prefix every refund it writes carries), not this refund's: on the
    order's second refund, a write that did not commit finds the first, and the refund is marked
    Posted while its money never goes back (9.35 of a unit and its tax)."""

    directions = TO_STOREFRONT
    only_because = "posted to NetSuite, the look for a lost write is by external ID"
    caught_in = ("resilience::test_the_second_refund_of_a_storefront_order_fails_at_first_the_retry_posts_it_both_reach_the_storefront",)

    def _look_again(self, order_id: str, mark: str) -> str | None:
        return super()._look_again(order_id, f"[{STAMP_PREFIX}:")  # the defect: any refund of its own


class WritesAgainWhenItCannotLook(Fault):
    """Takes a refund it cannot look for on the storefront (the look still failing after the
    account's attempts, or refused) for one not posted: a refund whose lost answer ended in Error,
    posted again while the look fails, is written a second time — the money goes back twice."""

    directions = TO_STOREFRONT
    only_because = "posted to NetSuite, a second write of the same external ID is refused"
    caught_in = ("resilience::test_a_storefront_refund_whose_lost_answer_ended_in_error_is_not_written_again_while_the_look_for_it_fails",)

    def _posted_refund(self, order_id: str, mark: str) -> str | None:
        try:
            return super()._posted_refund(order_id, mark)
        except VendorError:
            return None  # the defect: could not look, so "not posted"
        except SyncError as exc:
            if str(exc).startswith("Gave up after"):
                return None
            raise


class KeepsAnOrdersErrorAfterASyncAgain(Fault):
    """Updates an order's row in place at a sync again: an order whose first sync failed and whose
    second posted shows "Order Posted, Pending Fulfillment" with the first failure still on hover."""

    only_because = "every storefront's orders are synced again after a failure"
    caught_in = ("order_sync::test_a_storefront_order_whose_new_customer_lost_netsuites_answer_is_synced_again_at_once_netsuite_has_her_once",)

    def sync_order(self, order_id: str) -> OrderSyncResult:
        before = self.book.orders.get(str(order_id).strip())
        synced = super().sync_order(order_id)
        if before is not None and before.error_message and synced.status == OrderStatus.POSTED:
            link = self.book.orders[synced.order_id]
            link.error_message = before.error_message  # the defect
            return link.view()
        return synced


class _CountingBook(ConnectorBook):
    def add(self, channel: str, order_id: str, amount: Decimal, currency: str, source_record: str) -> Any:
        with self.lock:
            self._next = len(self._refunds) + 1  # the defect: numbered by how many are listed
            return super().add(channel, order_id, amount, currency, source_record)


class NumbersRefundsByHowManyAreListed(Fault):
    """Numbers Other Transactions by how many refunds the list holds: after a Delete from FarApp the
    next refund retrieved takes the number of one still listed and writes over it — that refund is
    gone from the list, never posted."""

    directions = TO_STOREFRONT
    only_because = "the suite deletes the first of several refunds among those retrieved from NetSuite"
    caught_in = ("refund_actions::test_a_refund_retrieved_again_after_the_first_of_two_was_deleted_takes_an_id_of_its_own_on_storefront",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.book = _CountingBook()


class FindsInactiveCustomersByEmail(Fault):
    """Finds the order's customer by her email, active or not: a customer the merchant deactivated (a
    duplicate merged away) is taken for hers, NetSuite refuses the sales order ("Invalid entity
    reference key"), and no order of hers syncs again."""

    only_because = "every storefront's buyers are found by their email"
    caught_in = ("order_sync::test_a_storefront_order_of_a_buyer_whose_netsuite_customer_was_deactivated_syncs_on_an_active_one",)

    def _known_customer(self, order: dict[str, Any]) -> str | None:
        email = order["email"]  # the defect: no isInactive filter
        return (self._find_one("customer", f'email IS "{email}"') if email else None) \
            or self._find_one("customer", f'externalId IS "{customer_external_id(order)}"')


class MakesTheCustomerBeforeCheckingTheOrder(Fault):
    """Finds or makes the order's NetSuite customer before it checks the order's currency, items and
    fees ("customer first, then the order"): an order refused for its own reason leaves a new
    customer of its buyer behind, with no order."""

    only_because = "every storefront's orders are refused for their own reasons"
    caught_in = ("order_sync::test_a_storefront_order_whose_line_lines_item_is_not_in_netsuite_does_not_sync_and_says_which",)

    def _create_sales_order(self, order: dict[str, Any], idempotency_key: str) -> str:
        self._customer_id(order)  # the defect: made before anything of the order is checked
        return super()._create_sales_order(order, idempotency_key)


class ReplacesABuyersCurrencies(Fault):
    """Adds a returning buyer's new currency by replacing her Currencies subtab with it alone (PATCH
    ``?replace=currencyList``): two currencies work (her primary one stays), a third drops the second
    — NetSuite refuses to ("You cannot remove the currency EUR from a customer who has transactions in
    it") and her third order never syncs."""

    only_because = "every storefront's returning buyers order in several currencies"
    caught_in = ("order_sync::test_a_third_order_of_the_same_customer_in_a_third_currency_is_hers_in_netsuite_her_customer_keeps_all_three",)

    def _buys_in(self, customer: str, currency: str) -> None:
        lines = (self._get("customer", customer).get("currencyList") or {}).get("items") or []
        if str(currency) not in {str((line.get("currency") or {}).get("id")) for line in lines}:
            self._call(lambda: self.netsuite.patch("customer", customer, {"currencyList": {"items": [{"currency": {"id": currency}}]}},
                                                   replace="currencyList"))  # the defect


class LinksTheBuyersOrderOfAnotherStore(Fault):
    """Takes any sales order of the order's external ID and the buyer's customer for its own earlier
    sync: the same buyer's order on another store that numbers its orders alike is linked, and its
    NetSuite refund goes back to her on this store too — 20.00 for a 10.00 refund."""

    directions = TO_STOREFRONT
    only_because = "the order's link is what a retrieve from NetSuite reads"
    caught_in = ("order_sync::test_a_storefront_order_whose_id_the_same_buyers_order_of_another_store_holds_in_netsuite_does_not_sync_and_says_why",)

    def _own_sales_order(self, order: dict[str, Any]) -> str | None:
        try:
            return super()._own_sales_order(order)
        except SyncError as exc:
            if "not this order" not in str(exc):
                raise
            return self._find_one("salesOrder", f'externalId IS "{order["id"]}"')  # the defect: hers, so ours


class GivesUpOnALostAnswerAsOnNothingWritten(Fault):
    """Ends a write whose last attempt got no answer in Error with the cause alone ("no answer from the
    server"), as if nothing had been written: the refund may be on the storefront, and the merchant
    who refunds it by hand gives the money back twice."""

    directions = TO_STOREFRONT
    only_because = "the lost answers of the suite's writes whose Error is read are the storefront's"
    caught_in = ("resilience::test_a_storefront_refund_whose_lost_answer_ended_in_error_is_not_written_again_while_the_look_for_it_fails",)

    def _call(self, action: Callable[[], Any], *, committed: Callable[[], Any] | None = None) -> Any:
        try:
            return super()._call(action, committed=committed)
        except SyncError as exc:
            said = str(exc)
            if said.startswith("Gave up after") and ". The last attempt may have gone through" in said:
                raise SyncError(said.split(". The last attempt may have gone through")[0]) from None  # the defect
            raise


class _LooksForItsNetSuiteWriteOtherwise(Fault):
    """A post to NetSuite whose look for what a failed write committed (before a retry, at a refusal)
    is :meth:`_look_for_write`'s, told the refund and the bill it is made from."""

    def _post_to_netsuite(self, refund: Any, attempted_before: bool) -> str:
        self._posting: tuple[Any, tuple[str, dict[str, Any]] | None] | None = (refund, None)
        try:
            return super()._post_to_netsuite(refund, attempted_before)
        finally:
            self._posting = None

    def _bill_of(self, read: Any, billed: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        bill = super()._bill_of(read, billed)
        posting = getattr(self, "_posting", None)
        if posting is not None:
            self._posting = (posting[0], bill)
        return bill

    def _call(self, action: Callable[[], Any], *, committed: Callable[[], Any] | None = None) -> Any:
        posting = getattr(self, "_posting", None)
        if committed is not None and posting is not None and posting[1] is not None:
            refund, bill = posting
            return super()._call(action, committed=lambda: self._look_for_write(refund, bill))
        return super()._call(action, committed=committed)

    def _look_for_write(self, refund: Any, bill: tuple[str, dict[str, Any]]) -> str | None:
        raise NotImplementedError


class LooksForItsNetSuiteWriteOnItsBill(_LooksForItsNetSuiteWriteOtherwise):
    """After a NetSuite write that failed, looks for what it committed among the refunds of the same
    bill that carry the connector's external ID prefix, not this refund's own external ID: the
    order's second storefront refund, failing before it committed, finds the first and is marked
    Posted — NetSuite never gets it."""

    directions = TO_NETSUITE
    only_because = "the look for a lost NetSuite write is made posting to NetSuite"
    caught_in = ("resilience::test_the_second_storefront_refund_of_an_order_fails_at_netsuite_at_first_the_retry_posts_it_both_reach_netsuite",)

    def _look_for_write(self, refund: Any, bill: tuple[str, dict[str, Any]]) -> str | None:
        target = REFUND_OF[bill[0]]
        return next((rid for rid in self._find(target, f"createdFrom ANY_OF [{bill[1]['id']}]")
                     if self._ours(self._get(target, rid))), None)  # the defect: not this refund's external ID


class LooksForItsNetSuiteWriteAmongCashRefunds(_LooksForItsNetSuiteWriteOtherwise):
    """After a NetSuite write that failed, looks for what it committed among cash refunds only: a
    refund of an order billed as an invoice (a credit memo) whose answer was lost ends in Error when
    posted again — NetSuite refuses the second credit memo, and the look misses the first."""

    directions = TO_NETSUITE
    only_because = "the look for a lost NetSuite write is made posting to NetSuite"
    caught_in = ("resilience::test_a_refund_on_storefront_of_an_invoiced_order_whose_post_lost_netsuites_answer_every_time_is_posted_once_when_posted_again",)

    def _look_for_write(self, refund: Any, bill: tuple[str, dict[str, Any]]) -> str | None:
        return self._find_one("cashRefund", f'externalId IS "{external_id(refund.source_record)}"')  # the defect


class KeysNetSuiteWritesByTheirSource(Fault):
    """Makes each NetSuite write's idempotency key of what it writes alone (the record type and the
    source), the same at every post of one refund: a post again after an Error whose NetSuite job ran
    and failed (an adjustment item that is no item) is answered with that failed job — NetSuite keeps
    a key's answer — and the refund never reaches NetSuite."""

    directions = TO_NETSUITE
    not_on = frozenset({("ebay", "to_netsuite")})
    only_because = ("only a post to NetSuite is a queued job answered by its key, and the refusal that shows it is a "
                    "Shopify refund of money alone against an adjustment item (eBay's refunds are buyer requests of lines)")
    caught_in = ("resilience::test_a_shopify_refund_netsuite_refused_an_adjustment_item_that_is_no_item_is_posted_once_the_account_names_the_right_one",)

    def _idempotency_key(self, kind: str, source: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"refundsim:{kind}:{source}"))  # the defect: no write number


class KnowsRetrievedRefundsByTheirNumber(Fault):
    """Knows a NetSuite refund it retrieved by its document number (``tranId``: "Cash Refund #1001"),
    not its record: NetSuite numbers each kind of transaction on its own, so a credit memo numbered as
    a cash refund retrieved already (the order's second bill's, or another order's) is taken for it and
    never reaches the customer."""

    directions = TO_STOREFRONT
    only_because = "only NetSuite's refunds are retrieved from NetSuite"
    caught_in = ("refunds_over_time::test_a_cash_refund_and_a_credit_memo_of_one_order_numbered_alike_are_both_retrieved_and_posted",)

    def _refunds_of(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        found = super()._refunds_of(billed_type, billed_id)
        numbers: dict[str, str] = self.__dict__.setdefault("_numbers", {})
        for record_type, record in found:
            numbers[f"{record_type}:{record['id']}"] = str(record.get("tranId") or record["id"])
        return found

    def _import(self, order_id: str, found: list[tuple[str, Decimal, str]], channel: str) -> Any:
        if channel != "netsuite":
            return super()._import(order_id, found, channel)
        numbers: dict[str, str] = self.__dict__.get("_numbers", {})
        with self.book.lock:
            taken = {numbers.get(r.source_record) for r in self.book.all() if r.source_channel == "netsuite"}
        fresh = []
        for source, amount, currency in found:
            if numbers.get(source) in taken and self.book.by_source(source) is None:
                continue  # the defect: a number listed already is taken for the refund listed
            taken.add(numbers.get(source))
            fresh.append((source, amount, currency))
        return super()._import(order_id, fresh, channel)


class LeavesTaxToTheReturnAuthorization(Fault):
    """With "only sync against a matching return authorization", makes the NetSuite refund from the
    return authorization without the storefront refund's tax, leaving it to the return authorization's
    tax codes: the tax the storefront gave back goes against the adjustment item (the unit's 1.20 of
    tax on the negative adjustment beside the fee kept), and NetSuite's refund credits no tax."""

    directions = TO_NETSUITE
    not_on = frozenset({("ebay", "to_netsuite")})
    only_because = "eBay's refunds carry no tax of their own (its orders are synced without it)"
    caught_in = ("refund_to_netsuite::test_with_only_sync_against_a_matching_return_authorization_on_shopify_a_taxed_unit_the_merchant_kept_a_fee_of_is_posted_for_what_went_back",)

    def _against_return_authorization(self, refund: Any, read: Any, sales_order_id: str, billed: dict[str, Any]) -> Any:
        untaxed = read._replace(pairs=[(sku, units, goods, Decimal("0"), unit) for sku, units, goods, _, unit in read.pairs],
                                shipping_tax=Decimal("0"))  # the defect
        return super()._against_return_authorization(refund, untaxed, sales_order_id, billed)


# ------------------------------------------------------------------ the connector's own guards
class CancelsPostedRefunds(Fault):
    """Lets a posted refund be canceled, as if the money could come back."""

    caught_in = ("refund_actions::test_a_posted_refund_cannot_be_canceled_and_canceling_it_changes_nothing",
                 "refund_to_netsuite::test_a_storefront_refund_posted_to_netsuite_cannot_be_canceled_and_canceling_it_changes_nothing")

    def cancel(self, transaction_id: str) -> OtherTransaction:
        with self.book.lock:
            refund = self.book.refund(transaction_id)
            refund.status = Status.CANCELED
            return refund.view()


class TakesIdsAsTyped(Fault):
    """Looks an order up with the spaces the user pasted around its ID."""

    caught_in = ("missing_order::test_an_order_id_pasted_with_spaces_around_it_is_the_orders_id",
                 "missing_order::test_a_storefront_order_id_pasted_with_spaces_around_it_is_the_orders_id")

    def retrieve_refunds(self, source_channel: str, order_id: str):
        if order_id != order_id.strip() and order_id.strip():
            from simulators.connector.protocol import RetrieveResult
            return RetrieveResult(False, f"Order {order_id} was not found in NetSuite. Verify that the order ID "
                                         "corresponds to an order previously synced to NetSuite.")
        return super().retrieve_refunds(source_channel, order_id)


class LeavesAStandaloneRefund(Fault):
    """Writes the customer's credit before it checks the refund can be posted: when the post then
    ends in error (already refunded in NetSuite, no adjustment item...), a standalone refund for
    the customer stays in NetSuite — not made from the order's records, so money goes back twice."""

    directions = TO_NETSUITE
    only_because = "the refunds it leaves behind are written to NetSuite"
    caught_in = ("refund_to_netsuite::test_an_order_already_refunded_in_netsuite_is_not_refunded_again", "refund_to_netsuite")

    def _post_to_netsuite(self, refund, attempted_before: bool) -> str:
        try:
            return super()._post_to_netsuite(refund, attempted_before)
        except SyncError:
            sales_order = self._sales_order(refund.order_id)
            if sales_order is not None:
                billed = self._billed_records(sales_order["id"])
                line = sales_order["item"]["items"][0]
                self.netsuite.create(REFUND_OF[billed[0][0]] if billed else "creditMemo", {
                    "entity": {"id": sales_order["entity"]["id"]},
                    "item": {"items": [{"item": {"id": line["item"]["id"]}, "quantity": 1, "rate": line["rate"]}]}})
            raise


class LeavesCreditMemosUnapplied(Fault):
    """Posts a storefront refund of an invoiced order as a credit memo that applies to nothing
    (``apply: false`` on the invoice): the invoice stays open for the money given back, and the
    credit left on the customer can be paid out a second time with a customer refund."""

    directions = TO_NETSUITE
    only_because = "credit memos are what it writes to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_billed_as_an_invoice_becomes_a_credit_memo_applied_to_the_invoice",)

    def _post_to_netsuite(self, refund: Any, attempted_before: bool) -> str:
        transform = self.netsuite.transform

        def unapplied(source_type: str, source_id: str, target_type: str, body: dict[str, Any], **kwargs: Any) -> Any:
            if source_type == "invoice":  # the defect: the credit memo applies to nothing
                body = {**body, "apply": {"items": [{"doc": {"id": source_id}, "apply": False}]}}
            return transform(source_type, source_id, target_type, body, **kwargs)
        with _replaced(self.netsuite, "transform", unapplied):
            return super()._post_to_netsuite(refund, attempted_before)

    def _settle_credit_memo(self, memo_id: str, refund: Any, sales_order: dict[str, Any] | None) -> None:
        return None  # nor applied after: left as written


class IgnoresMatchingReturnAuthorizations(Fault):
    """Posts a storefront refund against the billed record though the account only syncs one against
    a matching return authorization: money goes back for goods NetSuite never authorized a return of."""

    directions = TO_NETSUITE
    only_because = "the setting governs refunds posted to NetSuite"
    caught_in = ("refund_to_netsuite::test_with_only_sync_against_a_matching_return_authorization_on_storefront_and_none_entered_the_refund_errors",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.settings = replace(self.settings, only_return_authorization_against_matching_record=False)

    def update_settings(self, settings: dict[str, Any]) -> None:
        super().update_settings(settings)
        self.settings = replace(self.settings, only_return_authorization_against_matching_record=False)


class PostsReturnAuthorizationsWhole(Fault):
    """Makes a storefront refund from the matching return authorization with its lines alone: what
    the merchant kept back of their money (a restocking fee) is not on the NetSuite refund, which
    credits the lines whole (12.00 where the storefront gave back 10.00)."""

    directions = TO_NETSUITE
    only_because = "the setting governs refunds posted to NetSuite"
    caught_in = ("refund_to_netsuite::test_with_only_sync_against_a_matching_return_authorization_on_storefront_a_refund_the_merchant_kept_a_fee_of_is_posted_for_what_went_back",)

    def _against_return_authorization(self, *args: Any) -> tuple[str, str, dict[str, Any]]:
        source_type, source_id, body = super()._against_return_authorization(*args)
        body.pop("item", None)  # the defect: the return authorization's lines, and nothing of what was kept
        return source_type, source_id, body


class _ReadsSettingsLoosely(Fault):
    """A defect in how the account's settings are read as they are saved: :meth:`_loosely` rewrites
    them before the connector checks them."""

    @staticmethod
    def _loosely(settings: dict[str, Any]) -> dict[str, Any]:
        return settings

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(replace(context, settings=self._loosely(dict(context.settings or {}))))

    def update_settings(self, settings: dict[str, Any]) -> None:
        super().update_settings(self._loosely(dict(settings or {})))


class ReadsAllowBothDirectionsAsTruthy(_ReadsSettingsLoosely):
    """Reads the both-directions override by its truth as text: "false" (a profile or API call that
    writes it so) is on, and an account that syncs refunds both ways is saved though Oracle forbids
    it (a refund synced one way comes back the other way)."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify's rows save the override (a cart's refunds sync from NetSuite only)"
    caught_in = ("account_settings::test_a_storefront_account_with_setting_set_to_value_is_refused_naming_the_setting_why",)

    @staticmethod
    def _loosely(settings: dict[str, Any]) -> dict[str, Any]:
        if settings.get("allow_both_directions") is not None:
            settings["allow_both_directions"] = bool(settings["allow_both_directions"])  # the defect: "false" is on
        return settings


class KeepsCurrencyIdsAsTyped(Fault):
    """Keeps the account's currency ids as they were written (a YAML profile's number 1, a padded
    "01") rather than as NetSuite writes an internal id ("1"): no NetSuite refund's currency matches
    a mapped one, and every refund from NetSuite ends in Error."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "the rows that write currency ids otherwise are Shopify's, from NetSuite"
    caught_in = ("account_settings::test_an_account_whose_currency_ids_are_written_how_posts_netsuites_refunds_in_their_currency",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self._as_typed(context.settings)

    def update_settings(self, settings: dict[str, Any]) -> None:
        super().update_settings(settings)
        self._as_typed(settings)

    def _as_typed(self, settings: dict[str, Any] | None) -> None:
        typed = (settings or {}).get("currency_ids")
        if isinstance(typed, dict):
            self.settings = replace(self.settings, currency_ids=dict(typed))  # the defect: not NetSuite's text ids


class KeepsTheScheduleOn(Fault):
    """Once the scheduled sync has been on, saving it off does not stop it (the 90-minute job
    registered when it was switched on is never removed): refunds go on being retrieved and posted
    while the merchant refunds by hand."""

    directions = TO_STOREFRONT
    only_because = "the scenarios that turn the schedule off sync refunds from NetSuite"
    caught_in = ("refund_actions::test_the_scheduled_sync_turned_off_while_the_connector_runs_retrieves_and_posts_nothing_more_on_storefront",)

    def update_settings(self, settings: dict[str, Any]) -> None:
        was_on = self.settings.scheduled_sync
        super().update_settings(settings)
        if was_on:
            self.settings = replace(self.settings, scheduled_sync=True)  # the defect


class SkipsAMissingNegativeAdjustmentItem(Fault):
    """Leaves out what the storefront kept back when the account sets no negative adjustment item,
    where it refuses a missing positive one: NetSuite credits the line whole (12.00 where the
    storefront gave back 10.00)."""

    directions = TO_NETSUITE
    only_because = "adjustment items are what it writes to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_that_keeps_back_a_fee_without_a_negative_adjustment_item_errors_with_the_reason",)

    def _adjustment(self, item_id: str | None, amount: Decimal, sign: str) -> dict[str, Any]:
        if item_id is None and sign == "negative":  # the defect: no item, no line, and the rest posted
            return {"item": {"id": "kept out"}, "quantity": 0, "rate": 0.0}
        return super()._adjustment(item_id, amount, sign)

    def _netsuite_refund_body(self, *args: Any) -> dict[str, Any]:
        body = super()._netsuite_refund_body(*args)
        body["item"]["items"] = [line for line in body["item"]["items"] if line["item"]["id"] != "kept out"]
        return body


class AppliesMatchingRecordsToCashSalesOnly(Fault):
    """Reads "Only sync a cash refund against a matching record" literally: a refund of an invoiced
    order with a line the invoice does not have goes to NetSuite as money on the adjustment item,
    though the account syncs refunds only against a matching record."""

    directions = TO_NETSUITE
    only_because = "the setting governs refunds posted to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_refund_on_storefront_of_a_line_billing_does_not_have_with_only_against_a_matching_record_setting",)

    def _bill_of(self, read: Any, billed: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        billed_type, record = super()._bill_of(read, billed)
        self._billed_type = billed_type
        return billed_type, record

    def _netsuite_refund_body(self, *args: Any) -> dict[str, Any]:
        literally = self._settings_as(only_cash_refund_against_matching_record=False)
        with literally if getattr(self, "_billed_type", None) == "invoice" else nullcontext():  # the defect
            return super()._netsuite_refund_body(*args)


class RevivesCanceledRefundsAtARetrieve(Fault):
    """Retrieving an order again refreshes every refund it lists that is not posted, as an upsert
    would: a refund the user canceled is Retrieved again, and the scheduled sync (which retrieves
    every 90 minutes) posts the money the user held back."""

    only_because = "the schedule retrieves every storefront's orders again"
    caught_in = ("refund_actions::test_a_canceled_refund_stays_canceled_when_the_scheduled_sync_retrieves_the_storefront_order_again",
                 "refund_to_netsuite::test_a_canceled_storefront_refund_stays_canceled_when_the_scheduled_sync_retrieves_the_order_again")

    def _import(self, order_id: str, found: list[tuple[str, Decimal, str]], channel: str) -> Any:
        with self.book.lock:
            for source, amount, _ in found:
                listed = self.book.by_source(source)
                if listed is not None and listed.status != Status.POSTED:  # the defect: canceled ones too
                    listed.amount, listed.status, listed.error_message = amount, Status.RETRIEVED, ""
        return super()._import(order_id, found, channel)


class PostsNetSuiteRefundsAsRetrieved(Fault):
    """Posts the copy of a NetSuite refund it read at the retrieve: one deleted in NetSuite since
    (entered in error) is refunded all the same, and one corrected since goes back as it was."""

    directions = TO_STOREFRONT
    only_because = "NetSuite refunds are what it posts to a storefront"
    caught_in = ("refund_actions::test_a_netsuite_refund_deleted_after_the_retrieve_is_not_posted_to_storefront",
                 "refund_actions::test_a_netsuite_refund_corrected_after_the_retrieve_is_posted_to_storefront_as_corrected")

    def _refunds_of(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        found = super()._refunds_of(billed_type, billed_id)
        copies = self.__dict__.setdefault("_copies", {})
        for record_type, record in found:
            copies.setdefault(f"{record_type}:{record['id']}", record)
        return found

    def _post_to_storefront(self, refund: Any, attempted_before: bool) -> str:
        copy = self.__dict__.get("_copies", {}).get(refund.source_record)
        get = self._get
        read = (lambda record_type, key: copy if f"{record_type}:{key}" == refund.source_record else get(record_type, key))
        with _replaced(self, "_get", read) if copy is not None else nullcontext():  # the defect: the retrieve's copy
            return super()._post_to_storefront(refund, attempted_before)


class ListsRefundsAtTheirRetrievedAmount(Fault):
    """Posts a NetSuite refund as NetSuite has it now but keeps the amount the retrieve listed: a
    refund corrected in NetSuite since shows Posted for money that did not go (45.60 listed, 39.60
    refunded), and the merchant reconciles against the wrong figure."""

    directions = TO_STOREFRONT
    only_because = "NetSuite refunds are what it posts to a storefront"
    caught_in = ("refund_actions::test_a_netsuite_refund_corrected_after_the_retrieve_is_posted_to_storefront_as_corrected",)

    def _post_to_storefront(self, refund: Any, attempted_before: bool) -> str:
        listed = refund.amount
        try:
            return super()._post_to_storefront(refund, attempted_before)
        finally:
            refund.amount = listed  # the defect


class DropsFailedOrdersFromTheSchedule(Fault):
    """Its scheduled sync drops for good an order whose sync had failed when it ran: synced later,
    the order's NetSuite refunds are never retrieved by the schedule, and the customer waits for
    someone to retrieve them by hand."""

    directions = TO_STOREFRONT
    only_because = "the scenario that syncs a failed order again syncs refunds from NetSuite"
    caught_in = ("refunds_over_time::test_the_scheduled_sync_posts_the_netsuite_refund_of_a_storefront_order_whose_sync_failed_once_and_that_synced_later",)

    def _scheduled_run(self) -> None:
        dropped = self.__dict__.setdefault("_dropped", set())
        every = self.orders()
        dropped.update(link.order_id for link in every if link.status != OrderStatus.POSTED)
        self.orders = lambda: [link for link in every if link.order_id not in dropped]  # type: ignore[method-assign]
        try:
            super()._scheduled_run()
        finally:
            del self.orders


class RetrievesNetSuiteRefundsByDate(Fault):
    """Retrieves an order's NetSuite refunds incrementally, those dated on or after the day of its
    last retrieve: a refund entered later but dated earlier (the day of the return, a period being
    closed) is never retrieved, and never reaches the customer."""

    directions = TO_STOREFRONT
    only_because = "NetSuite refunds are what it retrieves for a storefront"
    caught_in = ("refunds_over_time::test_the_scheduled_sync_posts_a_storefront_refund_entered_in_netsuite_a_day_later_but_dated_the_day_the_order_was_billed",)

    def _retrieve_from_netsuite(self, order_id: str) -> Any:
        last = self.__dict__.setdefault("_last_retrieved", {})
        self._since = last.get(order_id)
        try:
            return super()._retrieve_from_netsuite(order_id)
        finally:
            self._since = None
            last[order_id] = self.context.clock().date()

    def _refunds_of(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        found = super()._refunds_of(billed_type, billed_id)
        since = getattr(self, "_since", None)
        # the defect: tranDate ON_OR_AFTER the day of the last retrieve, not every refund of the bill
        return found if since is None else [(t, r) for t, r in found if str(r.get("tranDate"))[:10] >= since.isoformat()]


class TakesAnyExternalIdForItsOwn(Fault):
    """Takes every NetSuite refund with an external ID for one of its own writes: a refund another
    integration made (a returns app, a CSV import) is never retrieved for the storefront."""

    directions = TO_STOREFRONT
    only_because = "the scenario of another integration's refund syncs refunds from NetSuite"
    caught_in = ("refund_actions::test_a_netsuite_refund_another_integration_made_with_its_own_external_id_is_retrieved_and_posted_to_storefront",)

    @staticmethod
    def _ours(record: dict[str, Any]) -> bool:
        return bool(record.get("externalId"))  # the defect: any external ID, not the connector's own


class KnowsItsWritesOnlyWhileSyncingToNetSuite(Fault):
    """Passes over its own NetSuite writes only while the account syncs refunds to NetSuite ("an echo
    needs both directions"): an account switched from syncing refunds to NetSuite to syncing them
    from NetSuite sends each cash refund it wrote from a storefront refund back to the storefront,
    and the customer is refunded twice."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"both"})
    only_because = "only a Shopify account syncs refunds either way, and the bidirectional conflict's scenarios switch it"
    caught_in = ("bidirectional_conflict::test_a_shopify_account_switched_to_sync_refunds_from_netsuite_does_not_send_back_the_refunds_it_wrote_to_netsuite",)

    def _ours(self, record: dict[str, Any]) -> bool:  # type: ignore[override]
        return ReferenceConnector._ours(record) and self.settings.to_netsuite  # the defect


class KnowsItsShopifyWritesOnlyWhileSyncingFromNetSuite(Fault):
    """Passes over the Shopify refunds it wrote (its stamp) only while the account syncs refunds from
    NetSuite: an account switched to syncing them to NetSuite takes its own refunds back as new
    ones, each posted over NetSuite's refund (Error) or, once that is gone, written again."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"both"})
    only_because = "only a Shopify account syncs refunds either way, and the bidirectional conflict's scenarios switch it"
    caught_in = ("bidirectional_conflict::test_a_shopify_account_switched_to_sync_refunds_to_netsuite_does_not_take_back_the_refunds_it_wrote_to_shopify",)

    def _is_own_write(self, text: str) -> bool:  # type: ignore[override]
        return ReferenceConnector._is_own_write(text) and self.settings.from_netsuite  # the defect


class GuardsTheBidirectionalConflictOneWay(Fault):
    """Syncing both ways, does not post a storefront refund over a NetSuite refund it did not write,
    but posts a NetSuite refund over a Shopify refund it has not synced yet: the merchant's refund of
    a unit on Shopify and a NetSuite user's of the same unit both reach the customer (24.00 on
    Shopify against 12.00 in NetSuite)."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"both"})
    only_because = "only a Shopify account syncs refunds both ways"
    caught_in = ("bidirectional_conflict::test_both_ways_a_unit_refunded_on_shopify_and_the_same_unit_refunded_in_netsuite_before_a_cycle_is_not_given_back_twice",)

    def _unsynced_shopify_refunds(self, order_id: str) -> list[str]:
        return []  # the defect: the storefront's own refunds not looked at


class LooksForShopifyTwinsOnOnePage(Fault):
    """Syncing both ways on Shopify, looks for the merchant's refunds not synced to NetSuite on the
    first page of the order's refunds only (Shopify's 50 oldest): the 51st is missed, and NetSuite's
    twin of it is posted — the unit goes back twice."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"both"})
    only_because = "only Shopify syncs in both directions"
    caught_in = ("bidirectional_conflict::test_both_ways_the_merchants_shopify_refund_past_the_first_page_of_50_keeps_netsuites_twin_from_shopify",)

    def _unsynced_shopify_refunds(self, order_id: str) -> list[str]:
        client = self.shopify
        with _replaced(client, "refunds", lambda oid, **_: client._call("GET", f"/orders/{oid}/refunds.json")["refunds"]):
            return super()._unsynced_shopify_refunds(order_id)  # the defect: one page


class AnswersAPostWithTheRefundAsItWas(Fault):
    """Answers the Post action with the refund as it was when the action was pressed (read before the
    work): the user is told Retrieved, or an earlier Error, while the list says Posted — or Posted
    when this post failed."""

    only_because = "every storefront's refunds are posted through the same action"
    caught_in = ("refund_to_storefront", "refund_to_netsuite")

    def post(self, transaction_id: str) -> OtherTransaction:
        with self.book.lock:
            before = self.book.refund(transaction_id).view()
            super()._post_held(transaction_id)
            return before  # the defect


class NamesNoRecordOfAScheduledPost(Fault):
    """Marks a refund the scheduled sync posted Posted without the record it created (its own path keeps
    no link): posted by hand a refund names its storefront refund or NetSuite record, posted by the
    schedule it names none — nothing tells the merchant where the money went."""

    only_because = "every storefront's refunds are posted by the schedule"
    caught_in = ("refund_actions",)

    def _post_due(self, transaction_id: str) -> None:
        with self.book.lock:
            super()._post_due(transaction_id)
            if transaction_id in self.book and self.book.refund(transaction_id).status == Status.POSTED:
                self.book.refund(transaction_id).target_record = ""  # the defect


class KeepsTheFirstErrorOfAPostAgain(Fault):
    """Keeps a refund's first error message when a post again fails for another reason ("the root
    cause"): on hover the merchant reads why the first attempt failed (Shopify unavailable), not why
    the last did (the gateway declined it), and posts again and again to no end."""

    directions = TO_STOREFRONT
    only_because = "its scenario posts again a refund a storefront's gateway declined"
    storefronts = frozenset({"shopify"})
    caught_in = ("refund_actions::test_a_refund_posted_again_that_fails_for_another_reason_shows_the_last_failure",)

    def _post_held(self, transaction_id: str) -> OtherTransaction:
        refund = self.book.refund(transaction_id)
        first = refund.error_message if refund.status == Status.ERROR else ""
        super()._post_held(transaction_id)
        if refund.status == Status.ERROR and first:
            refund.error_message = first  # the defect
        return refund.view()


class KeepsTheErrorAfterSuccess(Fault):
    """Leaves a refund's error message when a post again succeeds: Posted, and on hover the earlier
    failure ("... declined the refund; nothing was refunded"), which the merchant believes and
    refunds by hand: the money twice."""

    directions = TO_STOREFRONT
    only_because = "its scenario posts again a refund a storefront's gateway declined"
    storefronts = frozenset({"shopify"})
    caught_in = ("refund_actions::test_a_refund_the_gateway_declined_posted_again_with_success_shows_no_error",)

    def _post_held(self, transaction_id: str) -> OtherTransaction:
        refund = self.book.refund(transaction_id)
        failure = refund.error_message
        super()._post_held(transaction_id)
        if refund.status == Status.POSTED and failure:
            refund.error_message = failure  # the defect: only a failure writes the message
        return refund.view()


class UncancelsToTheStatusBefore(Fault):
    """Uncancel puts back the status and message the refund had before Cancel, not Retrieved: a
    refund in Error comes back in Error, which the scheduled sync never posts."""

    directions = TO_STOREFRONT
    only_because = "its scenario cancels a refund a storefront's gateway declined"
    storefronts = frozenset({"shopify"})
    caught_in = ("refund_actions::test_a_refund_in_error_canceled_and_uncanceled_is_retrieved_and_the_schedule_posts_it",)

    def cancel(self, transaction_id: str) -> OtherTransaction:
        refund = self.book.refund(transaction_id)
        self.__dict__.setdefault("_before", {})[transaction_id] = (refund.status, refund.error_message)
        return super().cancel(transaction_id)

    def uncancel(self, transaction_id: str) -> OtherTransaction:
        uncanceled = super().uncancel(transaction_id)
        before = self.__dict__.get("_before", {}).pop(transaction_id, None)
        refund = self.book.refund(transaction_id)
        if before is not None and refund.status == Status.RETRIEVED:
            refund.status, refund.error_message = before  # the defect: "reverts" read as the status before
            return refund.view()
        return uncanceled


class KnowsRetrievedRefundsByTheirAmount(Fault):
    """Tells a retrieved refund from a new one by its record and its amount: a NetSuite refund
    corrected after the retrieve is imported again at the next retrieve, listed twice (one row
    Posted, the other in Error)."""

    directions = TO_STOREFRONT
    only_because = "its scenario corrects a NetSuite refund between two retrieves"
    storefronts = frozenset({"shopify"})
    caught_in = ("refund_actions::test_a_netsuite_refund_corrected_after_the_retrieve_is_listed_once_when_the_schedule_retrieves_the_order_again",)

    def _import(self, order_id: str, found: list[tuple[str, Decimal, str]], channel: str) -> Any:
        changed = [(source, amount, currency) for source, amount, currency in found
                   if (known := self.book.by_source(source)) is not None and known.amount != amount]
        imported = super()._import(order_id, found, channel)
        for source, amount, currency in changed:
            self.book.add(channel, order_id, amount, currency, source)  # the defect: a new amount, a new refund
        return imported


class NamesAnyCreditMemoOfTheCustomer(Fault):
    """Says a retrieve found no credit memo of the order because a credit memo of the customer "was not
    created from the billed record", naming one her other order's invoice made: the user is told to
    make a credit memo from this order's invoice, for a refund nobody asked for."""

    only_because = "its scenarios invoice a cart's order and credit the customer's other one"
    directions = TO_STOREFRONT
    storefronts = frozenset({"shopify", "magento", "woocommerce"})
    caught_in = ("missing_credit_memo::test_a_credit_memo_of_the_customers_other_order_is_not_named_as_one_entered_without_this_orders_invoice",)

    def _no_refund_message(self, order_id: str, sales_order: dict[str, Any], billed: list[tuple[str, dict[str, Any]]]) -> str:
        billed_type, record = billed[0]
        if billed_type == "invoice":
            for memo_id in self._find("creditMemo", f"entity ANY_OF [{sales_order['entity']['id']}]"):
                memo = self._get("creditMemo", memo_id)
                if (memo.get("createdFrom") or {}).get("id") not in {r["id"] for _, r in billed}:  # the defect
                    return f"Credit Memo #{memo.get('tranId')} exists for the customer but was not created from the billed record."
        return super()._no_refund_message(order_id, sales_order, billed)


class LeavesOutTheEbayMarketplace(Fault):
    """Calls eBay's Post-Order API without the X-EBAY-C-MARKETPLACE-ID header eBay requires on each
    call: on eBay no return can be read, so no eBay refund ever reaches NetSuite."""

    storefronts = frozenset({"ebay"})
    directions = frozenset({"to_netsuite"})  # eBay's only direction
    only_because = "only eBay's refunds are read from its Post-Order API"
    caught_in = ("ebay_refunds",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.ebay.session.headers.pop("X-EBAY-C-MARKETPLACE-ID", None)


class TakesCancellationRequestsAsRefunds(Fault):
    """Takes a buyer's eBay cancellation for a refund as soon as the buyer asks, whatever the seller
    answers and whether eBay paid anything back: NetSuite refunds money the buyer never got."""

    storefronts = frozenset({"ebay"})
    directions = frozenset({"to_netsuite"})  # eBay's only direction
    only_because = "only eBay's buyers ask to cancel an order through the marketplace"
    caught_in = ("ebay_refunds::test_a_cancellation_the_seller_rejected_is_not_retrieved",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        every = self.ebay.every_cancellation

        def refunded_all(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
            # Each cancellation read as closed with its refund paid, whatever eBay says of it.
            return [{**member, "cancelStatus": "CANCEL_CLOSED_WITH_REFUND"} for member in every(*args, **kwargs)]

        self.ebay.every_cancellation = refunded_all  # type: ignore[method-assign]


class SchedulesRefundsInErrorAgain(Fault):
    """Its scheduled cycle posts again every refund in Error as well as the Retrieved ones ("retry
    what failed"): a refund the user was told to settle by hand (refund it on the storefront, then
    cancel it here) is posted by the next cycle, and the customer is refunded twice."""

    directions = TO_STOREFRONT
    only_because = "the schedule posts NetSuite's refunds to the storefront"
    caught_in = ("refund_actions::test_a_refund_in_error_that_the_merchant_then_refunds_by_hand_on_storefront_is_not_posted_by_the_next_cycle",)

    def _scheduled_run(self) -> None:
        super()._scheduled_run()
        for refund in self.book.all():
            if refund.status == Status.ERROR:
                self._post_due(refund.id)  # the defect


class RepostsTheFirstRead(Fault):
    """Keeps the NetSuite refund it read at a refund's first post and posts that copy at every later
    attempt (the outgoing refund built once, retried as is): a refund corrected in NetSuite after a
    post that ended in Error gives back what NetSuite no longer refunds (45.60 for 39.60)."""

    directions = TO_STOREFRONT
    only_because = "it posts NetSuite's refunds to the storefront"
    caught_in = ("refund_actions::test_a_netsuite_refund_corrected_after_its_post_ended_in_error_is_posted_to_storefront_as_corrected",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self._first_reads: dict[str, dict[str, Any]] = {}
        self._posting: Any = None

    def _post_to_storefront(self, refund: Any, *args: Any, **kwargs: Any) -> Any:
        self._posting = refund
        try:
            return super()._post_to_storefront(refund, *args, **kwargs)
        finally:
            self._posting = None

    def _get(self, record_type: str, key: str) -> dict[str, Any]:
        refund = self._posting
        if refund is not None and refund.source_record == f"{record_type}:{key}":
            if refund.id not in self._first_reads:
                self._first_reads[refund.id] = super()._get(record_type, key)
            return self._first_reads[refund.id]  # the defect: the first attempt's copy
        return super()._get(record_type, key)


class KeepsBillsOnceRead(Fault):
    """Reads a sales order's bills (cash sales, invoices) once, the first time it finds any, and keeps
    them ("an order is billed once"); their refunds are read afresh. An order billed in two, its
    second bill after a first refund synced, never has the second bill's refund retrieved."""

    directions = TO_STOREFRONT
    only_because = "it retrieves NetSuite's refunds from the order's bills"
    caught_in = ("refunds_over_time::test_an_order_billed_a_second_time_after_its_first_refund_was_synced_has_the_refund_of_its_second_bill_posted_to_storefront",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self._bills: dict[str, list[tuple[str, dict[str, Any]]]] = {}

    def _billed_records(self, sales_order_id: str) -> list[tuple[str, dict[str, Any]]]:
        if sales_order_id in self._bills:
            return self._bills[sales_order_id]  # the defect
        billed = super()._billed_records(sales_order_id)
        if billed:
            self._bills[sales_order_id] = billed
        return billed


class SchedulesTheLastSixtyDaysOrders(Fault):
    """Its scheduled cycle looks at the orders synced in the last 60 days only (Shopify's window
    without ``read_all_orders``, a lookback that keeps cycles short): a refund entered in NetSuite
    more than 60 days after the order synced is never retrieved by the schedule."""

    directions = TO_STOREFRONT
    only_because = "the schedule retrieves NetSuite's refunds of the orders it synced"
    caught_in = ("refunds_over_time::test_the_scheduled_sync_turned_on_61_days_after_the_storefront_order_synced_posts_its_netsuite_refund",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self._synced_at: dict[str, Any] = {}
        self._in_cycle = False

    def sync_order(self, order_id: str) -> OrderSyncResult:
        result = super().sync_order(order_id)
        self._synced_at.setdefault(str(order_id).strip(), self.context.clock())
        return result

    def orders(self) -> Any:
        listed = super().orders()
        if not self._in_cycle:
            return listed
        now = self.context.clock()  # the defect: older orders left out of the cycle
        return [o for o in listed if now - self._synced_at.get(o.order_id, now) <= timedelta(days=60)]

    def _scheduled_run(self) -> None:
        self._in_cycle = True
        try:
            super()._scheduled_run()
        finally:
            self._in_cycle = False


class PostsOnScheduleWhateverTheDirection(Fault):
    """Its scheduled cycle posts every Retrieved refund, whatever the account syncs now: refund sync
    switched off (the merchant refunds by hand from now on), a refund retrieved before is posted by
    the next cycle all the same, while the merchant refunds it too."""

    directions = TO_STOREFRONT
    only_because = "the schedule posts NetSuite's refunds to the storefront"
    caught_in = ("refund_actions::test_refund_sync_switched_off_on_storefront_the_schedule_posts_nothing_retrieved_before",)

    def _scheduled_run(self) -> None:
        super()._scheduled_run()
        for refund in self.book.all():
            if refund.status == Status.RETRIEVED:
                self._post_due(refund.id)  # the defect: whatever the direction


class ListsNetSuiteRefundsInTheBaseCurrency(Fault):
    """Lists every NetSuite refund it retrieves in the account's base currency (the first of
    ``currency_ids``), whatever the refund's: Other Transactions shows a 20.00 EUR credit memo as
    20.00 USD (the post reads the record's currency, so the money that goes is right; the merchant's
    list, its totals and exports say dollars)."""

    directions = TO_STOREFRONT
    only_because = "it lists the NetSuite refunds it retrieves for the storefront"
    caught_in = ("refund_actions::test_each_retrieved_refund_names_the_order_the_amount_and_the_currency_of_the_netsuite_refund_in_currency",)

    def _import(self, order_id: str, found: list[tuple[str, Decimal, str]], channel: str) -> Any:
        if channel == "netsuite":
            base = next(iter(self.settings.currency_ids))
            found = [(source, amount, base) for source, amount, _ in found]  # the defect
        return super()._import(order_id, found, channel)


class TakesReturnAuthorizationsPendingApproval(Fault):
    """With "only sync against a matching return authorization", takes the first return authorization
    whose lines match, whatever its status: one pending approval beside the approved one is chosen,
    NetSuite refuses to refund it, and every post again chooses it once more — never posted."""

    directions = TO_NETSUITE
    only_because = "the setting is the refund sync to NetSuite's"
    caught_in = ("refund_to_netsuite::test_with_only_sync_against_a_matching_return_authorization_on_storefront_the_approved_one_is_used_not_one_pending_approval",)

    def _get(self, record_type: str, key: str) -> dict[str, Any]:
        record = super()._get(record_type, key)
        if record_type == "returnAuthorization":
            return {**record, "status": {"id": "B"}}  # the defect: every one taken for approved
        return record


class CreditsEveryReturnAuthorization(Fault):
    """With "only sync against a matching return authorization", makes every refund through one a
    credit memo ("a return authorization is credited"), whatever the order was billed as: a cash-sale
    order's storefront refund, the money already back on the card, becomes open credit in NetSuite
    that the customer can be paid out again."""

    directions = TO_NETSUITE
    only_because = "the setting is the refund sync to NetSuite's"
    caught_in = ("refund_to_netsuite::test_with_only_sync_against_a_matching_return_authorization_on_storefront_the_refund_is_made_from_it",)

    def _bill_of(self, *args: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
        billed_type, record = super()._bill_of(*args, **kwargs)
        if self.settings.only_return_authorization_against_matching_record:
            return "invoice", record  # the defect: the target is then a credit memo
        return billed_type, record


class MatchesReturnAuthorizationsByItem(Fault):
    """With "only sync against a matching return authorization", matches one by its items, not their
    units: one of 2 units matches a storefront refund of 1, and the NetSuite refund is made from it
    whole (2 units returned, restocked), -12.00 against the adjustment item."""

    directions = TO_NETSUITE
    only_because = "the setting is the refund sync to NetSuite's"
    caught_in = ("refund_to_netsuite::test_with_only_sync_against_a_matching_return_authorization_on_storefront_one_for_more_units_than_the_refund_does_not_match",)

    def _against_return_authorization(self, refund: Any, read: Any, sales_order_id: str, billed: dict[str, Any]) -> Any:
        original = self._storefront_refund_lines
        ras = [self._get("returnAuthorization", r) for r in self._find("returnAuthorization", f"createdFrom ANY_OF [{sales_order_id}]")]

        def as_authorized(read_: Any, billed_: dict[str, Any]) -> Any:
            lines, shipping, tax = original(read_, billed_)
            items = sorted(str(l["item"]["id"]) for l in lines)
            for ra in ras:
                if sorted(str(l["item"]["id"]) for l in ra["item"]["items"]) == items:  # the defect: items, not units
                    units = {str(l["item"]["id"]): l["quantity"] for l in ra["item"]["items"]}
                    return [{**l, "quantity": units[str(l["item"]["id"])]} for l in lines], shipping, tax
            return lines, shipping, tax
        with _replaced(self, "_storefront_refund_lines", as_authorized):
            return super()._against_return_authorization(refund, read, sales_order_id, billed)


class LeavesOutAZeroTax(Fault):
    """Leaves ``taxTotal`` out of a NetSuite refund that gives back no tax ("nothing to say"):
    NetSuite's transform copies the bill's tax to the refund, so a goodwill refund of 5.00 on a
    taxed order refunds 6.20 in NetSuite, tax the storefront never gave back."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = ("only Shopify's orders bring tax to NetSuite: eBay's carry none (the simulator has no eBay "
                    "Collect and Remit)")
    caught_in = ("refund_to_netsuite::test_a_general_shopify_refund_of_a_taxed_order_becomes_a_netsuite_refund_of_that_money_alone_without_the_bills_tax",)

    def _netsuite_refund_body(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        body = super()._netsuite_refund_body(*args, **kwargs)
        if not body.get("taxTotal"):
            body.pop("taxTotal", None)  # the defect
        return body


class WritesTheMemoAsNote(Fault):
    """Writes a storefront refund's memo to NetSuite as ``note``, the storefront's name for it:
    NetSuite has no such field and ignores it (its default ``X-NetSuite-PropertyNameValidation:
    Warning``), so every refund it posts arrives without the memo that says where it came from."""

    directions = TO_NETSUITE
    only_because = "the memo is written on the refunds it posts to NetSuite"
    caught_in = ("refund_to_netsuite",)

    def _netsuite_refund_body(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        body = super()._netsuite_refund_body(*args, **kwargs)
        body["note"] = body.pop("memo")
        return body


# ------------------------------------------------------------------ order sync
class DuplicatesCustomers(Fault):
    """Creates a new NetSuite customer for every order instead of finding the customer's."""

    caught_in = ("order_sync::test_a_second_order_of_the_same_customer_is_hers_in_netsuite_the_customer_is_found_not_duplicated",)

    def _customer_id(self, order: dict[str, Any]) -> str:
        return self._call(lambda: self.netsuite.create("customer", customer_body(order)))


class MakesCustomersInTheBaseCurrency(Fault):
    """Makes every NetSuite customer without a currency (so in the company's, USD) and puts the
    order's sales order on her whatever its currency: NetSuite takes a transaction only in one of
    its customer's currencies, and refuses every order in EUR, GBP or CAD. The reference connector
    did this until the simulator held customers to their currencies."""

    caught_in = ("order_sync::test_a_storefront_order_in_currency_with_taxed_discounted_lines_and_taxed_shipping_syncs_line_by_line",
                 "refund_to_storefront::test_a_refund_in_currency_reaches_storefront_in_currency_to_the_cent")

    def _customer_id(self, order: dict[str, Any]) -> str:
        found = self._known_customer(order)
        if found:
            return found
        eid = customer_external_id(order)
        key = self._idempotency_key("customer", order["email"] or order["id"])
        return self._call(lambda: self.netsuite.create("customer", {**customer_body(order), "externalId": eid},
                                                       idempotency_key=key),  # the defect: no currency
                          committed=lambda: self._find_one("customer", f'externalId IS "{eid}"'))

    def _buys_in(self, customer: str, currency: str) -> None:
        return None  # nor one added


class NeverAddsACustomersCurrency(Fault):
    """Makes the customer in her first order's currency and never adds another: a returning buyer's
    order in another currency (a store selling in several: Shopify Markets, Magento's websites,
    WooCommerce's multi-currency, eBay's marketplaces) is refused by NetSuite and never syncs."""

    caught_in = ("order_sync::test_a_second_order_of_the_same_customer_in_another_currency_is_hers_in_netsuite_her_customer_buys_in_both",)

    def _buys_in(self, customer: str, currency: str) -> None:
        return None  # the defect


class MakesACustomerPerCurrency(Fault):
    """Takes the buyer's NetSuite customer only if she buys in the order's currency, and makes her
    again otherwise ("a customer per currency"): a returning buyer's order in another currency is
    filed under a second customer of the same email, her orders and refunds split between the two."""

    caught_in = ("order_sync::test_a_second_order_of_the_same_customer_in_another_currency_is_hers_in_netsuite_her_customer_buys_in_both",)

    def _customer_id(self, order: dict[str, Any]) -> str:
        currency = self.settings.currency_ids.get(order["currency"])
        found = self._known_customer(order)
        if found and (self._get("customer", found).get("currency") or {}).get("id") == currency:
            return found
        eid = external_id(f"customer:{order['email'] or order['id']}:{order['currency']}")  # the defect: one per currency
        key = self._idempotency_key("customer", f"{order['email'] or order['id']} {order['currency']}")
        return self._call(lambda: self.netsuite.create("customer", {**customer_body(order), "currency": {"id": currency},
                                                                    "externalId": eid}, idempotency_key=key),
                          committed=lambda: self._find_one("customer", f'externalId IS "{eid}"'))


class MakesACustomerWithoutEmailAtEachSync(Fault):
    """Makes the customer of an order without an email (an eBay order 14 days on) with nothing to
    find her by again: an order synced again after NetSuite's answer to its sales order was lost
    makes her a second time."""

    storefronts = frozenset({"ebay"})
    only_because = "only eBay orders lose their email (eBay shows it for 14 days)"
    caught_in = ("order_sync::test_an_ebay_order_with_no_email_left_whose_sync_lost_netsuites_answer_is_synced_again_her_customer_is_made_once",)

    def _customer_id(self, order: dict[str, Any]) -> str:
        if order["email"]:
            return super()._customer_id(order)
        key = self._idempotency_key("customer", order["id"])
        # the defect: no external ID to find her by
        return self._call(lambda: self.netsuite.create("customer", customer_body(order), idempotency_key=key))


class FindsCustomersWithoutEmailByName(Fault):
    """Finds the customer of an order without an email (an eBay order 14 days on) by the buyer's
    name, there being nothing else to go by: a second buyer named John Smith becomes the first,
    her sales order and refunds filed under another person's customer and email."""

    storefronts = frozenset({"ebay"})
    only_because = "only eBay orders lose their email (eBay shows it for 14 days)"
    caught_in = ("order_sync::test_two_ebay_buyers_of_one_name_are_two_netsuite_customers_though_ebay_no_longer_shows_the_second_ones_email",)

    def _customer_id(self, order: dict[str, Any]) -> str:
        if not order["email"]:
            body = customer_body(order)
            found = self._find_one("customer", f'firstName IS "{body["firstName"]}" AND lastName IS "{body["lastName"]}"')
            if found:  # the defect: a name is taken for a person
                return found
        return super()._customer_id(order)


class LinksAnotherCustomersSalesOrder(Fault):
    """Takes any sales order with the order's external ID for an earlier attempt's when NetSuite
    refuses a second one: another store's order of the same number on the account (another
    customer's) is linked, and its refunds are posted to this order's buyer."""

    directions = TO_STOREFRONT
    only_because = "the linked sales order's NetSuite refunds are posted to the storefront"
    caught_in = ("order_sync::test_a_storefront_order_whose_id_another_buyers_netsuite_sales_order_holds_as_its_external_id_does_not_sync_and_says_why",)

    def _own_sales_order(self, order: dict[str, Any]) -> str | None:
        return self._find_one("salesOrder", f'externalId IS "{order["id"]}"')  # the defect: anyone's


class RetrievesOrdersThatDidNotSync(Fault):
    """Retrieves the NetSuite refunds of an order whose sync failed by its external ID all the same:
    another store's sales order of the same number (another customer's) is read as this order's,
    and its refunds are posted to this order's buyer."""

    directions = TO_STOREFRONT
    only_because = "the NetSuite refunds it retrieves are posted to the storefront"
    caught_in = ("order_sync::test_a_storefront_order_whose_id_another_buyers_netsuite_sales_order_holds_as_its_external_id_does_not_sync_and_says_why",)

    def _retrieve_from_netsuite(self, order_id: str) -> RetrieveResult:
        link = self.book.orders.pop(order_id, None)  # the defect: the failed sync is not looked at
        try:
            return super()._retrieve_from_netsuite(order_id)
        finally:
            if link is not None:
                self.book.orders[order_id] = link


class MakesHerAgainWhileHerJobIsQueued(Fault):
    """Makes a buyer with an email her NetSuite customer with nothing but her email to find her by,
    and retries the creation without looking: synced again at once after NetSuite's answer to her
    creation was lost (its job still queued, so no customer has her email yet), the order makes her a
    second time; an order without an email ends in Error, NetSuite refusing a second customer of its
    external ID, though she exists."""

    caught_in = ("order_sync::test_a_storefront_order_whose_new_customer_lost_netsuites_answer_is_synced_again_at_once_netsuite_has_her_once",
                 "order_sync::test_an_ebay_order_with_no_email_left_whose_new_customer_lost_netsuites_answer_is_synced_again_at_once_linked_her_customer_made_once")

    def _customer_id(self, order: dict[str, Any]) -> str:
        eid = None if order["email"] else customer_external_id(order)
        found = self._find_one("customer", f'email IS "{order["email"]}"' if eid is None else f'externalId IS "{eid}"')
        if found:
            return found
        key = self._idempotency_key("customer", order["email"] or order["id"])
        body = {**customer_body(order), **({"externalId": eid} if eid else {})}  # the defect: no external ID of her email
        return self._call(lambda: self.netsuite.create("customer", body, idempotency_key=key))  # nor a look at a refusal


class CreatesCustomersWithoutAnIdempotencyKey(Fault):
    """Creates a customer synchronously, without an idempotency key, and before retrying a creation
    whose answer was lost looks for her by her email: an order without one has nothing to look for,
    and the retry makes her a second time."""

    storefronts = frozenset({"ebay"})
    only_because = "only eBay orders lose their email (eBay shows it for 14 days)"
    caught_in = ("order_sync::test_the_answer_to_the_new_customer_of_an_ebay_order_with_no_email_left_is_lost_the_retry_finds_her_netsuite_has_her_once",)

    def _customer_id(self, order: dict[str, Any]) -> str:
        by_email = f'email IS "{order["email"]}"'
        found = self._find_one("customer", by_email) if order["email"] else None
        if found:
            return found
        return self._call(lambda: self.netsuite.create("customer", customer_body(order)),  # the defect: no key
                          committed=lambda: self._find_one("customer", by_email) if order["email"] else None)


class FindsCustomersByEmailAsTyped(Fault):
    """Finds the customer by email with SuiteQL's ``=``, which keeps case (NetSuite's ``IS`` does
    not): a returning guest who types her email in capitals gets a second NetSuite customer."""

    storefronts = frozenset({"magento", "woocommerce"})
    only_because = "only a guest checkout keeps the email as typed (Shopify and eBay keep one per account)"
    caught_in = ("order_sync::test_a_second_storefront_order_of_the_same_customer_her_email_typed_in_capitals_is_hers_in_netsuite",)

    def _customer_id(self, order: dict[str, Any]) -> str:
        if not order["email"]:
            return super()._customer_id(order)
        typed = order["email"].replace("'", "''")
        rows = self._call(lambda: self.netsuite.suiteql(f"SELECT id FROM customer WHERE email = '{typed}'"))  # the defect
        if rows:
            return str(rows[0]["id"])
        key = self._idempotency_key("customer", order["email"])
        return self._call(lambda: self.netsuite.create("customer", customer_body(order), idempotency_key=key))


class FindsCustomersByEmailAndName(Fault):
    """Finds the customer by her email and her name together ("to be sure it is her"): a returning
    guest who types her name otherwise (Annie for Ann, a name taken in marriage) gets a second
    NetSuite customer of the same email, her orders and refunds split between the two."""

    storefronts = frozenset({"magento", "woocommerce"})
    only_because = "only a guest checkout keeps the name as typed (Shopify and eBay keep one per account)"
    caught_in = ("order_sync::test_a_second_storefront_order_of_the_same_customer_her_name_typed_otherwise_is_hers_in_netsuite",)

    def _customer_id(self, order: dict[str, Any]) -> str:
        if not order["email"]:
            return super()._customer_id(order)
        body = customer_body(order)
        found = self._find_one("customer", f'email IS "{order["email"]}" AND firstName IS "{body["firstName"]}" '
                                           f'AND lastName IS "{body["lastName"]}"')  # the defect: the name too
        if found:
            return found
        key = self._idempotency_key("customer", f'{order["email"]} {body["firstName"]} {body["lastName"]}')
        return self._call(lambda: self.netsuite.create("customer", body, idempotency_key=key))


class FoldsNamesToAscii(Fault):
    """Folds the buyer's name to ASCII before it makes the NetSuite customer ("to be safe"): José
    Núñez Ødegård becomes Jose Nunez degard."""

    caught_in = ("order_sync::test_a_storefront_order_of_a_buyer_named_buyer_syncs_with_the_buyer_as_the_netsuite_customer",)

    def _storefront_order(self, order_id: str) -> dict[str, Any]:
        order = super()._storefront_order(order_id)

        def folded(name: str | None) -> str | None:  # the defect
            return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip() or None if name else name
        return {**order, "first_name": folded(order["first_name"]), "last_name": folded(order["last_name"])}


class KnowsNetSuiteLinesByTheItemsName(Fault):
    """Knows a NetSuite line's SKU by its item's name now (``refName``), not by the item the order's
    SKU was matched to: an item renamed after the order synced (MUG-01 to MUG-01-BLUE) matches no line
    of the order — its refund reaches the storefront as money alone (Magento refuses a credit memo of
    nothing), and a storefront refund credits the adjustment item, not the bill's line. The reference
    connector did this until a hunt of items' identity found it."""

    caught_in = ("refund_to_storefront::test_a_refund_in_netsuite_of_an_item_renamed_there_after_the_order_synced_reaches_storefront_on_its_line",
                 "refund_to_netsuite::test_a_storefront_refund_of_an_item_renamed_in_netsuite_after_the_order_synced_credits_its_line_there")

    def _sku_of(self, item: dict[str, Any], order_id: str) -> str:
        return item.get("refName", "")  # the defect: the name it has now


class FindsItemsByExternalId(Fault):
    """Looks a storefront SKU up as NetSuite items' external ID, not their name (``itemId``), as on
    an account whose items were imported with the SKU as their external ID: where items carry
    another system's key (an ERP's) or none, no order syncs; where an old item holds the SKU as its
    external ID, the order is booked against that item."""

    caught_in = ("order_sync::test_a_storefront_order_in_currency_with_taxed_discounted_lines_and_taxed_shipping_syncs_line_by_line",)

    def _item_id(self, sku: str) -> str:
        found = (self._find_one("nonInventorySaleItem", f'externalId IS "{sku}"')
                 or self._find_one("inventoryItem", f'externalId IS "{sku}"'))  # the defect: not itemId
        if found is None:
            raise SyncError(f"No NetSuite item matches SKU {sku}.")
        return found


class FindsItemsAmongOneKindOnly(Fault):
    """Looks a storefront SKU up among NetSuite's non-inventory items for sale only: an order of goods
    kept in stock (inventory items) does not sync ("no NetSuite item matches"), so none of its refunds
    can sync either."""

    caught_in = ("order_sync::test_a_second_order_of_the_same_customer_is_hers_in_netsuite_the_customer_is_found_not_duplicated",)

    def _item_id(self, sku: str) -> str:
        found = self._find_one("nonInventorySaleItem", f'itemId IS "{sku}"')  # the defect: one kind of item
        if found is None:
            raise SyncError(f"No NetSuite item matches SKU {sku}.")
        return found


class KnowsItemsByTheLastOrdersSku(Fault):
    """Keeps one SKU per NetSuite item for the account, the last order's it was matched by: the
    merchant renamed MUG-01 to MUG-01-BLUE in both systems and a later order synced the item by its
    new SKU, so a refund of the first order's MUG-01 matches no line of it — money alone on Shopify
    and WooCommerce, Error on Magento, the adjustment item credited in NetSuite."""

    caught_in = ("refund_to_storefront::test_a_refund_in_netsuite_of_the_first_order_reaches_storefront_on_its_line_after_a_second_order_synced_the_item_under_its_new_sku",
                 "refund_to_netsuite::test_a_storefront_refund_of_the_first_order_credits_its_line_after_a_second_order_synced_the_item_under_its_new_sku")

    def _sku_of(self, item: dict[str, Any], order_id: str) -> str:
        latest: dict[str, str] = {}
        for skus in self._skus.values():  # the defect: every order's mapping in one, the last order's winning
            latest.update(skus)
        return latest.get(str(item.get("id"))) or item.get("refName", "")


class KeepsTheCustomerFoundForAnEmail(Fault):
    """Keeps the NetSuite customer it found or made for an email for its life (sparing NetSuite a
    search per order): a buyer whose customer the merchant merged away (a new one kept, the first
    deactivated) has her next order put on the deactivated one, which NetSuite refuses: the order
    never syncs, nor do its refunds."""

    caught_in = ("order_sync::test_a_second_storefront_order_of_a_buyer_whose_netsuite_customer_the_merchant_merged_away_goes_on_the_one_kept",)

    def _customer_id(self, order: dict[str, Any]) -> str:
        known: dict[str, str] = self.__dict__.setdefault("_customers_by_email", {})
        email = (order["email"] or "").casefold()
        if email and email in known:  # the defect: the customer found once, for ever
            return known[email]
        found = super()._customer_id(order)
        if email:
            known[email] = found
        return found


class KeepsTheItemFoundForASku(Fault):
    """Keeps the NetSuite item it found for a SKU for its life (sparing NetSuite a search per line):
    the merchant retires an item and makes a new one of its name, and the next orders' sales go on
    the retired item."""

    caught_in = ("order_sync::test_a_second_storefront_order_of_a_sku_whose_netsuite_item_the_merchant_replaced_goes_on_the_new_item",)

    def _item_id(self, sku: str) -> str:
        known: dict[str, str] = self.__dict__.setdefault("_items_by_sku", {})
        if sku.casefold() not in known:  # the defect: the item found once, for ever
            known[sku.casefold()] = super()._item_id(sku)
        return known[sku.casefold()]


class FindsItemsAmongGoodsOnly(Fault):
    """Looks a storefront SKU up among NetSuite's inventory items and non-inventory items for sale
    only: an order of a gift set kept as a kit, a lamp built as an assembly, gift wrapping kept as a
    service or goods drop-shipped for resale does not sync ("no NetSuite item matches"), nor can any
    of its refunds."""

    caught_in = ("order_sync::test_a_storefront_order_of_kits_assemblies_services_and_items_for_resale_syncs_and_its_netsuite_refund_goes_back_line_by_line",
                 "order_sync::test_a_storefront_refund_of_kits_assemblies_services_and_items_for_resale_reaches_netsuite_line_by_line")

    def _item_id(self, sku: str) -> str:
        found = self._find_one("nonInventorySaleItem", f'itemId IS "{sku}"') or self._find_one("inventoryItem", f'itemId IS "{sku}"')
        if found is None:  # the defect: kits, assemblies, services and resale items never searched
            raise SyncError(f"No NetSuite item matches SKU {sku}.")
        return found


class ReadsLinesWithoutUnitsAsNoMoney(Fault):
    """Adds up a NetSuite refund's money from its lines of units, its shipping and its tax, taking a
    line without a quantity for a description or subtotal line: a refund a NetSuite user discounted
    (a Discount item's line, which has no quantity, -2.40) goes back whole (13.20 for 10.80)."""

    directions = TO_STOREFRONT
    caught_in = ("refund_to_storefront::test_a_unit_refunded_in_netsuite_less_a_discount_reaches_storefront_for_the_refunds_total",)

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        lines = [line for line in record["item"]["items"] if "quantity" in line]  # the defect
        return money(sum((Decimal(str(line.get("amount") or 0)) for line in lines), Decimal("0"))
                     + Decimal(str(record.get("shippingCost") or 0)) + Decimal(str(record.get("taxTotal") or 0)))


class TakesItsEarlierWriteForTheCorrectedRefund(Fault):
    """Posted again after a write whose answer was lost, takes the refund its earlier attempt left on the
    storefront for this post whatever NetSuite's refund is now: a refund corrected in NetSuite since
    (its shipping taken off: 39.60) is Posted while the storefront holds the 45.60 that went, and
    nobody is told of the 6.00."""

    directions = TO_STOREFRONT
    caught_in = ("resilience::test_a_storefront_refund_whose_lost_answer_ended_in_error_corrected_in_netsuite_since_is_not_taken_for_posted",)

    def _sent_as_now(self, refund: Any, existing: str) -> None:
        return None  # the defect: what went is not held against NetSuite's refund now


class TakesItsEarlierWriteForTheDeletedRefund(Fault):
    """Posted again after a write whose answer was lost, takes the refund its earlier attempt left on the
    storefront for this post when a NetSuite user has deleted NetSuite's refund since: Posted, and
    the 45.60 that went has no NetSuite record, unsaid."""

    directions = TO_STOREFRONT
    caught_in = ("resilience::test_a_storefront_refund_whose_lost_answer_ended_in_error_what_deleted_in_netsuite_since_says_the_money_went",)

    def _sent_as_now(self, refund: Any, existing: str) -> None:
        record_type, record_id = refund.source_record.split(":")
        try:
            self._get(record_type, record_id)
        except VendorError as exc:
            if exc.status == 404:
                return None  # the defect: a deleted refund leaves nothing to hold what went against
            raise
        super()._sent_as_now(refund, existing)


class SaysToCancelARefundThatWent(Fault):
    """Looks for the order's sales order before its own earlier write: a refund whose answer was lost,
    its order deleted in NetSuite since, is said never to have gone ("no longer exists ... Cancel this
    refund") while the storefront holds the 45.60 it gave back."""

    directions = TO_STOREFRONT
    caught_in = ("resilience::test_a_storefront_refund_whose_lost_answer_ended_in_error_what_deleted_in_netsuite_since_says_the_money_went",)

    def _post_to_storefront(self, refund: Any, attempted_before: bool) -> str:
        if self._sales_order(refund.order_id) is None:  # the defect: asked before the earlier write is looked for
            raise SyncError(f"Order {refund.order_id} no longer exists in NetSuite (it was deleted). Cancel this refund.")
        return super()._post_to_storefront(refund, attempted_before)


class StampsItsRefundsWithTheirAmount(Fault):
    """Stamps the refund it writes on the storefront with NetSuite's refund and its money
    (``[refundsim:cashRefund:12:19.20]``, for the merchant to read), and looks for its earlier write by
    that whole stamp: a refund corrected in NetSuite after it was posted (13.20), deleted from the
    connector and retrieved again, is not found as posted and goes again (32.40 given back)."""

    directions = TO_STOREFRONT
    caught_in = ("refund_actions::test_a_posted_refund_corrected_in_netsuite_deleted_and_retrieved_again_is_not_refunded_twice_on_storefront",)

    def _post_to_storefront(self, refund: Any, attempted_before: bool) -> str:
        record_type, record_id = refund.source_record.split(":")
        try:
            total = self._refund_amount(self._get(record_type, record_id))
        except VendorError:
            return super()._post_to_storefront(refund, attempted_before)  # its own checks say why
        stamped = reference_module.stamp
        with _replaced(reference_module, "stamp", lambda source: stamped(f"{source}:{total}")):  # the defect
            return super()._post_to_storefront(refund, attempted_before)


class RefusesClosedSalesOrdersToNetSuite(Fault):
    """Refuses a storefront refund of an order whose sales order is Closed in NetSuite ("a closed
    order takes no more transactions"), though its bill takes a refund as any other: the buyer's
    refund of the billed part of an order whose unbilled rest was closed never reaches NetSuite."""

    directions = TO_NETSUITE
    at_defaults = frozenset({"only_return_authorization_against_matching_record"})
    only_because = "its scenario closes a sales order whose storefront refunds sync to NetSuite"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_the_billed_part_of_an_order_whose_sales_order_was_closed_reaches_netsuite",)

    def _post_to_netsuite(self, refund: Any, attempted_before: bool) -> str:
        status = ((self._sales_order(refund.order_id) or {}).get("status") or {}).get("id")
        if status in ("H", "C"):  # the defect
            raise SyncError(f"Order {refund.order_id} is closed in NetSuite: no refund can be posted against it.")
        return super()._post_to_netsuite(refund, attempted_before)


class RemembersOrdersRefundedInNetSuite(Fault):
    """Keeps, for its life, the orders it found already refunded in NetSuite (a cache to spare the
    bills' lookups at every post): a NetSuite user who deletes her refund made by mistake, for the
    storefront's to go, sees it refused for ever, and NetSuite never records the money that went."""

    directions = TO_NETSUITE
    at_defaults = frozenset({"only_return_authorization_against_matching_record"})
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_refused_for_a_netsuite_users_refund_is_posted_once_she_deletes_hers",)

    def _refunded_in_netsuite(self, sales_order_id: str, billed: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
        found: dict[str, list[tuple[str, dict[str, Any]]]] = self.__dict__.setdefault("_refunded_orders", {})
        if sales_order_id not in found:
            refunds = super()._refunded_in_netsuite(sales_order_id, billed)
            if not refunds:
                return refunds
            found[sales_order_id] = refunds  # the defect: "refunded in NetSuite" remembered
        return found[sales_order_id]


class RemembersSkusItDidNotFind(Fault):
    """Looks each SKU up in NetSuite once and keeps the answer for its life, a SKU NetSuite had no item
    of included (a cache to spare NetSuite's concurrency limit): an order that failed for an item the
    merchant then added to NetSuite never syncs, nor do its refunds."""

    caught_in = ("order_sync::test_a_storefront_order_whose_item_was_unknown_to_netsuite_syncs_once_the_item_is_added",)

    def _item_id(self, sku: str) -> str:
        missing: set[str] = self.__dict__.setdefault("_missing_skus", set())
        if sku.casefold() in missing:  # the defect: "not found" remembered
            raise SyncError(f"No NetSuite item matches SKU {sku}.")
        try:
            return super()._item_id(sku)
        except SyncError:
            missing.add(sku.casefold())
            raise


class RefundsStoreCredit(Fault):
    """Posts a credit memo a NetSuite user applied to the customer's other invoice (store credit: that
    invoice owes less) to the storefront as well: the customer has the money twice."""

    directions = TO_STOREFRONT
    only_because = "credit memos are what it retrieves from NetSuite"
    caught_in = ("refund_to_storefront::test_a_credit_memo_applied_to_the_customers_other_invoice_applied_is_store_credit_not_refunded_on_storefront",)

    def _not_store_credit(self, order_id: str, sales_order: dict[str, Any], memo: dict[str, Any]) -> None:
        return None  # the defect: what the credit memo applies elsewhere is not looked at


class NamesStoreCreditInvoicesByTheirInternalId(Fault):
    """Names the invoice a credit memo was applied to as store credit by its internal ID (421), not
    the number the NetSuite user searches by (1002): she looks up another record, or none, before
    refunding anything by hand."""

    directions = TO_STOREFRONT
    only_because = "credit memos are what it retrieves from NetSuite"
    caught_in = ("refund_to_storefront::test_a_credit_memo_applied_to_the_customers_other_invoice_applied_is_store_credit_not_refunded_on_storefront",)

    def _not_store_credit(self, order_id: str, sales_order: dict[str, Any], memo: dict[str, Any]) -> None:
        lines = [{"doc": {"id": line["doc"]["id"]}, "amount": line.get("amount")}  # the defect: the number dropped
                 for line in (memo.get("apply") or {}).get("items", [])]
        super()._not_store_credit(order_id, sales_order, {**memo, "apply": {"items": lines}})


class SendsPaidOutCreditMemosAsMoney(Fault):
    """Takes the customer refund that paid a credit memo out for the refund: the storefront gets the
    credit memo's money alone, its lines left unrefunded (nothing back to stock)."""

    directions = TO_STOREFRONT
    only_because = "credit memos are what it retrieves from NetSuite"
    caught_in = ("refund_to_storefront::test_a_credit_memo_refunded_with_a_customer_refund_is_posted_once",)

    def _refund_lines(self, record: dict[str, Any], order: dict[str, Any]) -> list[tuple[dict[str, Any], int, Decimal]]:
        paid_out = "unapplied" in record and money(record["unapplied"]) == 0 and not (record.get("apply") or {}).get("items")
        return [] if paid_out else super()._refund_lines(record, order)


class LeavesCreditMemosOpen(Fault):
    """Makes the credit memo of a storefront refund and leaves what no invoice took of it unapplied:
    the customer holds, as credit in NetSuite, money the storefront already gave back on her card."""

    directions = TO_NETSUITE
    only_because = "it makes credit memos of storefront refunds"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_whose_invoice_was_paid_paid_in_netsuite_leaves_the_customer_no_credit_there",
                 "refund_to_netsuite::test_with_only_sync_against_a_matching_return_authorization_on_storefront_the_credit_memo_of_a_paid_invoice_is_paid_out")

    def _settle_credit_memo(self, memo_id: str, refund: Any, sales_order: dict[str, Any] | None) -> None:
        return None  # the defect: applied to nothing, paid out by nothing


class TakesAFailedCreditMemoApplicationForMade(Fault):
    """Retries the application of a storefront refund's credit memo to the invoice as if the failed
    attempt had gone through ("a PATCH of the same amount: it must have"): a 503 that wrote nothing
    leaves the 12.00 the customer's credit in NetSuite, and the invoice owing all its 29.00."""

    directions = TO_NETSUITE
    only_because = "it makes credit memos of storefront refunds"
    caught_in = ("resilience::test_netsuite_trouble_on_applying_a_storefront_refunds_credit_memo_to_the_invoice_applied_once",)

    def _apply_credit_memo(self, memo_id: str, invoice_id: str, amount: Decimal) -> None:
        body = {"apply": {"items": [{"doc": {"id": invoice_id}, "apply": True, "amount": float(amount)}]}}
        self._call(lambda: self.netsuite.patch("creditMemo", memo_id, body),
                   committed=lambda: invoice_id)  # the defect: a retry takes the failed attempt for made


class SettlesOnlyTheCreditMemosItMakes(Fault):
    """Settles a credit memo (applies it, pays the rest out) only in the post that made it: posted
    again after the customer refund failed, it finds its credit memo made and leaves it open."""

    directions = TO_NETSUITE
    at_defaults = frozenset({"only_return_authorization_against_matching_record"})
    only_because = "it makes credit memos of storefront refunds"
    caught_in = ("resilience::test_netsuite_trouble_on_the_customer_refund_paying_out_a_storefront_refunds_credit_memo_paid_out_once",)

    def _find_one(self, record_type: str, q: str) -> str | None:
        found = super()._find_one(record_type, q)
        if found is not None and record_type == "creditMemo" and q.startswith("externalId"):
            self.__dict__.setdefault("_found_memos", set()).add(found)
        return found

    def _settle_credit_memo(self, memo_id: str, refund: Any, sales_order: dict[str, Any] | None) -> None:
        if memo_id not in self.__dict__.get("_found_memos", set()):  # the defect: one found made is left as it is
            super()._settle_credit_memo(memo_id, refund, sales_order)


class NamesOtherOrdersCreditMemos(Fault):
    """Names any credit memo of the customer entered without an invoice as this order's missing one,
    whatever it applies to: one crediting her other order's invoice sends the user to credit this
    order for nothing; one crediting this order's invoice, to credit it twice."""

    directions = TO_STOREFRONT
    only_because = "the message is the retrieve from NetSuite's"
    caught_in = ("missing_credit_memo::test_a_credit_memo_entered_without_an_invoice_and_applied_to_the_whose_invoice_is_named_as_named",)

    def _no_refund_message(self, order_id: str, sales_order: dict[str, Any], billed: list[tuple[str, dict[str, Any]]]) -> str:
        get = self._get

        def unapplied(record_type: str, key: str) -> dict[str, Any]:
            record = get(record_type, key)
            return {k: v for k, v in record.items() if k != "apply"} if record_type == "creditMemo" else record
        with _replaced(self, "_get", unapplied):  # the defect: the credit memo's applications not read
            return super()._no_refund_message(order_id, sales_order, billed)


class TakesAnyOrderOfItsNumber(Fault):
    """Uses whatever sales order NetSuite holds under an order's ID, for an order it never synced:
    another store's order of the same number has its refunds given to this order's buyer, or its
    cash sale credited with this order's refund."""

    caught_in = ("order_sync::test_a_storefront_order_never_synced_whose_id_held_holds_has_no_refunds_to_retrieve_there",
                 "order_sync::test_a_storefront_refund_of_an_order_never_synced_whose_id_another_buyers_sales_order_holds_is_not_posted_to_it")

    def _the_orders(self, order_id: str) -> None:
        return None  # the defect: NetSuite's sales order of the ID taken for the order's


class NamesTheLastUnknownSku(Fault):
    """Refuses an order with an item NetSuite lacks naming its last line's SKU (the lookup loop's
    last), whichever line's item is missing: the merchant adds an item NetSuite has."""

    caught_in = ("order_sync::test_a_storefront_order_whose_line_lines_item_is_not_in_netsuite_does_not_sync_and_says_which",)

    def _create_sales_order(self, order: dict[str, Any], idempotency_key: str) -> str:
        try:
            return super()._create_sales_order(order, idempotency_key)
        except SyncError as exc:
            if str(exc).startswith("No NetSuite item matches SKU"):  # the defect: the loop variable's SKU
                raise SyncError(f"No NetSuite item matches SKU {json.dumps(order['lines'][-1]['sku'], ensure_ascii=False)}.") from None
            raise


class BlamesTheTarget(Fault):
    """Says a failed post's vendor refusal as the system it posts to ("Shopify answered 401"), also
    when NetSuite refused the order's lookup: the merchant looks for the fault where it is not."""

    directions = TO_STOREFRONT
    only_because = "the scenarios that check who refused post NetSuite's refunds to the storefront"
    caught_in = ("resilience::test_netsuite_refuses_the_login_http_401_on_the_order_lookup_of_a_post_to_storefront_error_with_the_cause_posted_once_netsuite_takes_it",)

    def _post_held(self, transaction_id: str) -> OtherTransaction:
        refund = self.book.refund(transaction_id)
        target = self.storefront.label if refund.source_channel == "netsuite" else "NetSuite"

        def blamed(exc: Exception) -> str:
            return f"{target} answered {exc.status}: {exc.message}" if isinstance(exc, VendorError) else str(exc)
        with _replaced(reference_module, "_message", blamed):
            return super()._post_held(transaction_id)


class BlamesNetSuiteForOrderSyncs(Fault):
    """Says every refusal of an order sync as NetSuite's ("NetSuite answered 403"), the storefront's
    failed order lookup too: the row reads "Error Posting to NetSuite", and that is where it looks."""

    caught_in = ("order_sync::test_storefront_failing_the_order_lookups_of_an_order_sync_http_status_times_times_ends_it_in_error_with_the_cause",)

    def sync_order(self, order_id: str) -> OrderSyncResult:
        def blamed(exc: Exception) -> str:
            return f"NetSuite answered {exc.status}: {exc.message}" if isinstance(exc, VendorError) else str(exc)
        with _replaced(reference_module, "_message", blamed):
            return super().sync_order(order_id)


class _ForgetsLostWritesAfter(Fault):
    """Base of the faults below: an Error after a server error of ``STATUSES`` on a write's last
    attempt says nothing of the write having maybe gone through."""

    STATUSES: tuple[int, ...] = ()
    directions = TO_STOREFRONT
    only_because = "the scenarios of a 5xx after a commit post NetSuite's refunds to the storefront"
    caught_in = ("resilience::test_storefront_answering_http_status_after_committing_a_refunds_last_attempt_error_saying_it_may_have_gone_through_posted_once",)

    def _call(self, action: Callable[[], Any], *, committed: Callable[[], Any] | None = None) -> Any:
        try:
            return super()._call(action, committed=committed)
        except SyncError as exc:
            said, warning = str(exc), ". The last attempt may have gone through"
            if warning in said and any(f"answered {status}:" in said for status in self.STATUSES):
                raise SyncError(said.split(warning)[0]) from None  # the defect: "nothing was written", as it reads
            raise


class WarnsOfLostWritesAfterGatewayErrorsOnly(_ForgetsLostWritesAfter):
    """Warns that a write may have gone through after no answer or a gateway's 502 or 504 only: a
    500 after the refund committed reads as nothing written, and the merchant refunds it again."""

    STATUSES = (500,)
    storefronts = frozenset({"shopify", "magento"})
    only_because = ("the scenarios of a 5xx after a commit post NetSuite's refunds to the storefront, and WooCommerce's "
                    "own 500s are refusals, looked for before giving up")


class TakesGatewayTimeoutsForAnswers(_ForgetsLostWritesAfter):
    """Takes a gateway's 502 or 504 on a write's last attempt for the server's refusal: the refund
    that committed behind it reads as nothing written, and the merchant refunds it again."""

    STATUSES = (502, 504)


class SettlesOnTheCustomersOpenInvoices(Fault):
    """Settles a storefront refund's credit memo on the customer's open invoices, oldest first (as
    NetSuite's Auto Apply does), not the order's own: the money that went back on her card is spent
    again off her other order's bill."""

    directions = TO_NETSUITE
    at_defaults = frozenset({"only_return_authorization_against_matching_record"})
    only_because = "it makes credit memos of storefront refunds"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_whose_invoice_was_paid_paid_in_netsuite_leaves_the_customer_no_credit_there",)

    def _settle_credit_memo(self, memo_id: str, refund: Any, sales_order: dict[str, Any] | None) -> None:
        entity = self._get("creditMemo", memo_id)["entity"]["id"]

        def customers(_sales_order_id: str) -> list[tuple[str, dict[str, Any]]]:  # the defect: any of hers
            return [("invoice", self._get("invoice", i)) for i in self._find("invoice", f"entity ANY_OF [{entity}]")]
        with _replaced(self, "_billed_records", customers):
            super()._settle_credit_memo(memo_id, refund, sales_order)


class PaysOutTheCreditMemosTotal(Fault):
    """Settles a storefront refund's credit memo from its total, not what NetSuite left unapplied:
    an invoice paid in part already took some of it, the customer refund asks for more than is left,
    and the refund ends in Error at every post."""

    directions = TO_NETSUITE
    at_defaults = frozenset({"only_return_authorization_against_matching_record"})
    only_because = "it makes credit memos of storefront refunds"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_whose_invoice_was_paid_paid_in_netsuite_leaves_the_customer_no_credit_there",)

    def _settle_credit_memo(self, memo_id: str, refund: Any, sales_order: dict[str, Any] | None) -> None:
        get = self._get
        first = [True]

        def as_made(record_type: str, key: str) -> dict[str, Any]:
            record = get(record_type, key)
            if record_type == "creditMemo" and first[0]:
                first[0] = False
                return {**record, "unapplied": record.get("total")}  # the defect: its total taken for what is left
            return record
        with _replaced(self, "_get", as_made):
            super()._settle_credit_memo(memo_id, refund, sales_order)


class TakesTheBuyersOrderOfItsNumber(Fault):
    """Checks the customer alone of a sales order it never synced: the same buyer's order on another
    store of the same number is taken for this one, and its refunds go back on this order."""

    directions = TO_STOREFRONT
    only_because = "the retrieve from NetSuite is where it uses a sales order it did not sync"
    caught_in = ("order_sync::test_a_storefront_order_never_synced_whose_id_held_holds_has_no_refunds_to_retrieve_there",)

    def _the_orders(self, order_id: str) -> None:
        if order_id in self.book.synced:
            return
        order = self._storefront_order(order_id)
        found = self._find_one("salesOrder", f'externalId IS "{order["id"]}"')
        if found is not None and (self._get("salesOrder", found).get("entity") or {}).get("id") != self._known_customer(order):
            raise SyncError(f"NetSuite already has Sales Order {found} with external ID {order['id']}, of another customer.")
        # the defect: her order of another total taken for this one


# ------------------------------------------------------------------ one storefront's own code
# The faults above are made in the connector's shared code, so each shows wherever its scenarios
# run. A connector with code of its own per storefront goes wrong on one storefront only, which
# mutating the reference connector cannot stand for (it shares its code between storefronts). Each
# fault below is a defect of one storefront's path — its adapter (``ADAPTERS``) or a branch on the
# account's storefront — and proves that storefront's own scenarios refuse it.
#: The shopping carts: their connector posts NetSuite's refunds to them (one workflow).
CARTS = frozenset({"magento", "woocommerce"})


@contextmanager
def _replaced(owner: Any, method: str, stand_in: Any) -> Iterator[None]:
    """``owner.<method>`` (a client's, the connector's own, or a module's function) is ``stand_in``
    while the block runs: a defect in one call. What ``owner`` held itself before is put back."""
    before = vars(owner).get(method, _NOTHING)
    setattr(owner, method, stand_in)
    try:
        yield
    finally:
        if before is _NOTHING:
            delattr(owner, method)
        else:
            setattr(owner, method, before)


_NOTHING = object()


def _shopify_statuses_as(fault: ReferenceConnector, retrieve: Callable[[], Any],
                         status: Callable[[dict[str, Any], dict[str, Any]], str]) -> Any:
    """``retrieve`` (a retrieve from Shopify) with each transaction of the order's refunds read with
    the status ``status(refund, transaction)`` gives it: a defect in how a refund's money is read."""
    read = fault.shopify.refunds

    def misread(order_id: str, **kwargs: Any) -> list[dict[str, Any]]:
        return [{**r, "transactions": [{**t, "status": status(r, t)} for t in r["transactions"]]}
                for r in read(order_id, **kwargs)]
    with _replaced(fault.shopify, "refunds", misread):
        return retrieve()


class _PricelessMagento(MagentoAdapter):
    @staticmethod
    def _check_prices(refund: RefundToPost, merged: dict[Any, tuple[dict[str, Any], int, Decimal]]) -> None:
        pass  # the defect: a NetSuite line's money is taken to be what Magento gives back for its units


class RefundsMagentoUnitsAtTheOrdersPrice(Fault):
    """On Magento, sends the units of a NetSuite refund line credited for less than the order charged
    (a damaged unit at 10.00 of 12.00) as they are: a credit memo takes units, not money, so Magento
    gives back the order's price and tax for them (13.20 where NetSuite refunded 11.00)."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only a Magento credit memo takes an item's units and never its money"
    caught_in = ("refund_to_storefront::test_a_unit_credited_in_netsuite_for_less_than_the_order_charged_is_not_sent_to_magento_which_would_refund_the_orders_price",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _PricelessMagento}


class _HalfEvenPricedMagento(MagentoAdapter):
    @staticmethod
    def _check_prices(refund: RefundToPost, merged: dict[Any, tuple[dict[str, Any], int, Decimal]]) -> None:
        for line, count, amount in merged.values():
            charged = money(line["amount"] * count / line["quantity"])  # the defect: half a cent to even
            if line["quantity"] and amount != charged:
                raise SyncError(f"the NetSuite refund gives back {amount} for {count} × {line['sku']}, which the order "
                                f"charged {charged} for.")


class RoundsMagentoUnitPricesHalfToEven(Fault):
    """On Magento, works out what the order charged for a refund's units rounded half to even, where
    NetSuite rounds a line's quantity × rate half up: a unit of a line of 18.05 for two (9.025) is 9.03
    in NetSuite and 9.02 to the connector, which refuses NetSuite's refund as a price other than the
    order's (Error, nothing refunded)."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only a Magento credit memo takes an item's units at the order's price"
    caught_in = ("refund_to_storefront::test_a_unit_whose_share_of_its_line_ends_in_half_a_cent_refunded_in_netsuite_reaches_storefront_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _HalfEvenPricedMagento}


class _BaseMoneyInvoicesMagento(MagentoAdapter):
    def _captured_invoice(self, raw: dict[str, Any], refund: RefundToPost) -> dict[str, Any] | None:
        # the defect: the refund, in the order's currency, against the invoices' base money left
        return super()._captured_invoice({**raw, "base_to_order_rate": 1}, refund)


class WeighsMagentoInvoicesInTheOrdersCurrency(Fault):
    """On Magento, compares what a captured invoice has left in the store's base currency (USD) with
    the refund in the order's currency (pounds, euros), unconverted: a goodwill refund of an order
    in two invoices takes the first, which seems to have the money, and the gateway refuses it
    (Error, nothing refunded) where the second could take it."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento bills an order in several invoices, each captured on its own"
    caught_in = ("refund_to_storefront::test_a_goodwill_refund_in_currency_of_a_magento_order_billed_in_two_invoices_goes_back_through_an_invoice_whose_capture_has_it_left",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _BaseMoneyInvoicesMagento}


class SavesUnknownMagentoShippingDisplays(_ReadsSettingsLoosely):
    """Saves a Magento shipping display it does not know (the admin's own label "Including Tax")
    instead of refusing it, and works as if the store displayed shipping excluding tax: a store that
    displays it including tax reads each credit memo's shipping with its tax, and the customer gets
    back less than NetSuite refunded."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "the setting is a Magento account's"
    caught_in = ("account_settings::test_a_storefront_account_with_setting_set_to_value_is_refused_naming_the_setting_why",)

    @staticmethod
    def _loosely(settings: dict[str, Any]) -> dict[str, Any]:
        if settings.get("magento_shipping_display") not in (None, *MAGENTO_SHIPPING_DISPLAYS):
            settings["magento_shipping_display"] = "excluding_tax"  # the defect: an unknown display is the default
        return settings


class _BothAsIncludingMagento(MagentoAdapter):
    def prepare(self, refund: RefundToPost) -> Any:
        read = self.settings
        if read().magento_shipping_display == "both":  # the defect: "Including and Excluding Tax" read as including
            self.settings = lambda: replace(read(), magento_shipping_display="including_tax")
        try:
            return super().prepare(refund)
        finally:
            self.settings = read


class ReadsMagentoShippingDisplayedBothWaysAsIncludingTax(Fault):
    """Reads a store that displays shipping both ways (Including and Excluding Tax) as one that
    displays it including tax: the credit memo's shipping goes with its tax, which Magento reads as
    shipping before tax (it reads it with its tax only for Including Tax), and the tax goes back twice."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Magento's"
    caught_in = ("refund_to_storefront::test_part_of_a_magento_orders_taxed_shipping_refunded_in_netsuite_reaches_a_store_that_displays_shipping_both_ways_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _BothAsIncludingMagento}


class _UnitlessOfflineMagento(MagentoAdapter):
    def _captured_invoice(self, raw: dict[str, Any], refund: RefundToPost) -> dict[str, Any] | None:
        return super()._captured_invoice(raw, refund) if refund.lines else None  # the defect: no unit, no invoice


class RefundsMagentoMoneyAloneOffline(Fault):
    """On Magento, goes through the captured invoice for refunds of units only: a NetSuite refund of
    the shipping alone, or of money on an adjustment item, is a credit memo made offline on the
    order though a card paid it — Magento records the money refunded, and the card is never credited."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento refunds a card payment through an invoice"
    caught_in = ("refund_to_storefront::test_a_refund_of_the_shipping_alone_is_posted_as_a_shipping_refund_to_the_card_that_paid",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _UnitlessOfflineMagento}


class _FirstCapturedMagentoInvoice(MagentoAdapter):
    def _captured_invoice(self, raw: dict[str, Any], refund: RefundToPost) -> dict[str, Any] | None:
        invoices = [i for i in self.client.order_invoices(raw["entity_id"], fetch=self.call)
                    if i.get("state") == 2 and i.get("transaction_id")]
        return invoices[0] if invoices else None  # the defect: what it holds still is not read


class RefundsThroughAnyMagentoInvoice(Fault):
    """On Magento, sends a refund back through the order's first captured invoice, whatever credit
    memos already refunded through it: once that invoice's units are refunded, Magento refunds less
    than NetSuite's refund (or nothing), and the units billed by the other invoice never go back."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento refunds a card payment through an invoice"
    caught_in = ("refund_to_storefront::test_a_refund_of_units_units_of_the_line_line_of_a_magento_order_billed_in_two_invoices_outcome",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _FirstCapturedMagentoInvoice}


class _AnyMoneyLeftMagentoInvoice(MagentoAdapter):
    def _captured_invoice(self, raw: dict[str, Any], refund: RefundToPost) -> dict[str, Any] | None:
        if refund.lines:
            return super()._captured_invoice(raw, refund)
        invoices = [i for i in self.client.order_invoices(raw["entity_id"], fetch=self.call)
                    if i.get("state") == 2 and i.get("transaction_id")
                    and money(i.get("base_grand_total") or 0) - money(i.get("base_total_refunded") or 0) > 0]
        return invoices[0] if invoices else None  # the defect: any money left, not the refund's


class RefundsMagentoMoneyPastAnInvoicesCapture(Fault):
    """On Magento, sends a refund of money alone (a goodwill refund) through the first captured
    invoice with any money left: Magento refunds the whole credit memo against that invoice's
    capture, and the gateway refuses more than it has left (Error), where the other invoice could
    take it."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento refunds a card payment through an invoice's capture"
    caught_in = ("refund_to_storefront::test_a_goodwill_refund_in_currency_of_a_magento_order_billed_in_two_invoices_goes_back_through_an_invoice_whose_capture_has_it_left",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _AnyMoneyLeftMagentoInvoice}


class _ShippingAnywhereMagento(MagentoAdapter):
    def _captured_invoice(self, raw: dict[str, Any], refund: RefundToPost) -> dict[str, Any] | None:
        # the defect: the invoice that billed the shipping not looked for
        return super()._captured_invoice(raw, replace(refund, shipping=Decimal(0)))


class RefundsMagentoShippingThroughAnyInvoice(Fault):
    """On Magento, sends a refund of units and the shipping through the invoice that holds the units,
    though another billed the shipping: a credit memo against an invoice gives the shipping's tax
    back in the part of that invoice's shipping tax it refunds, none, so the customer gets the
    shipping without its tax (13.80 of NetSuite's 14.30), Posted."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento refunds a card payment through one invoice"
    caught_in = ("refund_to_storefront::test_a_refund_of_a_line_of_a_magento_orders_second_invoice_and_of_its_taxed_shipping_billed_on_the_first_ends_in_error_nothing_refunded",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _ShippingAnywhereMagento}


class _BraintreeOnlineMagento(MagentoAdapter):
    def _captured_invoice(self, raw: dict[str, Any], refund: RefundToPost) -> dict[str, Any] | None:
        if (raw.get("payment") or {}).get("method") != "braintree":
            return None  # the defect: every other gateway refunded offline
        return super()._captured_invoice(raw, refund)


class RefundsMagentoOnlineForBraintreeOnly(Fault):
    """On Magento, refunds online only an order paid with Braintree: one paid through another
    gateway (PayPal Express) is refunded offline, so Magento marks it refunded and the money never
    goes back to the customer."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento's adapter chooses between an online and an offline refund"
    caught_in = ("refund_to_storefront",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _BraintreeOnlineMagento}


class _PurchaseOrdersOfflineMagento(MagentoAdapter):
    def _captured_invoice(self, raw: dict[str, Any], refund: RefundToPost) -> dict[str, Any] | None:
        captured = super()._captured_invoice(raw, refund)
        if captured is not None or (raw.get("payment") or {}).get("method") == "purchaseorder":
            return captured
        paid = [i for i in self.client.order_invoices(raw["entity_id"], fetch=self.call) if i.get("state") == 2]
        return paid[0] if paid else None  # the defect: every other offline method taken for a gateway's


class TakesPurchaseOrdersForTheOnlyOfflineMagentoMethod(Fault):
    """On Magento, refunds offline only an order on a purchase order: one paid by check or money
    order, bank transfer or cash on delivery is sent online through its invoice, which Magento
    refuses (an offline method cannot refund online), and the refund is never made."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento's adapter chooses between an online and an offline refund"
    caught_in = ("refund_to_storefront",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _PurchaseOrdersOfflineMagento}


class _OfflineWhenDeclinedMagento(MagentoAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        online = super().prepare(refund)

        def write() -> str:
            try:
                return online()
            except VendorError as exc:
                if "Could not save a Creditmemo" not in exc.message:  # Magento's words when the gateway fails
                    raise
                # The defect: the card's gateway failed, so the refund is made offline on the order,
                # which Magento records as refunded though no money goes back to the card.
                raw = refund.order["raw"]
                body = {"items": [{"order_item_id": i["item_id"], "qty": 0} for i in raw["items"]],
                        "arguments": {"shipping_amount": 0, "adjustment_positive": float(refund.total)},
                        "comment": {"comment": refund.note, "is_visible_on_front": 0}}
                return f"magento-creditmemo:{self.client.refund_order(raw['entity_id'], body)}"

        return write


class RefundsMagentoOfflineWhenTheCardFails(Fault):
    """On Magento, makes the refund offline on the order when the card's gateway fails the online
    refund through the invoice: Magento records the order refunded, the connector says Posted, and
    the customer's card never gets the money."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento's refunds go through a payment gateway the simulator can fail"
    caught_in = ("refund_to_storefront::test_magentos_payment_gateway_refuses_the_online_refund_error_with_magentos_message_nothing_refunded_and_posted_once_later",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _OfflineWhenDeclinedMagento}


class _OnlineStampsMagento(MagentoAdapter):
    def posted(self, order_id: str, mark: str) -> str | None:
        entity_id = self._raw(order_id)["entity_id"]
        for memo in self.client.order_creditmemos(entity_id, fetch=self.call):
            if memo.get("invoice_id") is None:
                continue  # the defect: an offline credit memo (from the order) is not looked at
            if any(mark in (comment.get("comment") or "") for comment in memo.get("comments", [])):
                return f"magento-creditmemo:{memo['entity_id']}"
        return None


class FindsMagentoStampsOnlineOnly(Fault):
    """On Magento, looks for its stamp only among the credit memos made through an invoice: a refund
    it made offline (an order on terms) is never found again, so a refund deleted and retrieved
    again, or retried after a lost answer, is written again."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento splits its refunds into credit memos of an invoice and of the order"
    caught_in = ("refund_actions::test_a_posted_refund_that_is_deleted_and_retrieved_again_is_not_refunded_twice",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _OnlineStampsMagento}


class _GatewayStampsWooCommerce(WooCommerceAdapter):
    def posted(self, order_id: str, mark: str) -> str | None:
        found = super().posted(order_id, mark)
        refunds = {f"woocommerce-refund:{r['id']}": r for r in self._refunds(order_id)}
        # The defect: a manual refund (the gateway paid nothing back: an order on terms) is not looked at.
        return found if found is not None and refunds.get(found, {}).get("refunded_payment") else None


class FindsWooCommerceStampsOfTheGatewayOnly(Fault):
    """On WooCommerce, looks for its stamp only among the refunds the payment gateway paid back: a
    manual refund it recorded (an order on terms, a bank transfer) is never found again, so a refund
    deleted and retrieved again, or retried after a lost answer, is written again."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce records a refund its gateway did not pay back"
    caught_in = ("refund_actions::test_a_posted_refund_that_is_deleted_and_retrieved_again_is_not_refunded_twice",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _GatewayStampsWooCommerce}


class _AnyDeclineRepostsShopify(ShopifyAdapter):
    @staticmethod
    def declined(refund: dict[str, Any]) -> bool:
        return any(t["kind"] == "refund" and t["status"] == "failure" for t in refund["transactions"])  # the defect


class RepostsPartlyDeclinedShopifyRefunds(Fault):
    """On Shopify, takes a refund the gateway declined on one payment (and paid back on another) for
    declined whole: posted again, what went back goes back twice (23.20 for a refund of 13.20)."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify spreads a refund over the order's payments, each to its own gateway"
    caught_in = ("refund_to_storefront::test_the_card_of_one_payment_declines_its_part_of_a_partial_shopify_refund_posted_again_nothing_doubled",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _AnyDeclineRepostsShopify}


class _CancelledRefusingShopify(ShopifyAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        if refund.order["raw"].get("cancelled_at"):  # the defect: "a cancelled order was refunded when it was cancelled"
            raise SyncError(f"{refund.order['name']} was cancelled on Shopify, which refunded it then: nothing is posted. "
                            "Cancel this refund.")
        return super().prepare(refund)


class RefusesCancelledShopifyOrders(Fault):
    """On Shopify, posts no NetSuite refund to an order the merchant cancelled (Shopify's Cancel dialog
    ticks Refund by default): one cancelled without a refund, to be refunded in NetSuite as the
    connector would have it, ends in Error, and the customer never gets her 45.60 back."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify's orders are cancelled in these scenarios"
    caught_in = ("refund_to_storefront::test_a_netsuite_refund_of_a_shopify_order_cancelled_without_a_refund_is_posted_to_shopify",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _CancelledRefusingShopify}


class TakesADeclinedShopifyRefundForItsLostWrite(_LooksAgainOtherwise):
    """On Shopify, after a write whose answer was lost, takes the refund carrying this refund's stamp
    for the committed write whatever its transactions say: a refund whose money the gateway declined
    is reported Posted, though nothing went back, and is never posted again."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify keeps a refund whose money its gateway declined"
    caught_in = ("resilience::test_shopifys_gateway_declines_a_refund_whose_answer_is_lost_the_retry_posts_it_the_money_goes_back",)

    def _look_again(self, order_id: str, mark: str) -> str | None:
        if self.settings.storefront != "shopify":
            return super()._look_again(order_id, mark)
        found = [r for r in self.shopify.refunds(order_id, limit=ShopifyAdapter.REFUNDS_LIMIT) if mark in (r["note"] or "")]
        return f"shopify-refund:{found[0]['id']}" if found else None  # the defect: a declined one counts


class _DeclinedUnitsShopify(ShopifyAdapter):
    def units_left(self, order: dict[str, Any]) -> dict[Any, int]:
        refunded: dict[Any, int] = {}
        for existing in order["raw"].get("refunds") or ():  # the defect: declined refunds counted too
            for item in existing["refund_line_items"]:
                refunded[item["line_item_id"]] = refunded.get(item["line_item_id"], 0) + int(item["quantity"])
        return {line["key"]: int(line["quantity"]) - refunded.get(line["key"], 0) for line in order["lines"]}


class CountsDeclinedShopifyRefundsUnits(Fault):
    """On Shopify, counts the units of a refund the gateway declined as given back when it spreads a
    refund over two lines of one SKU at one price: a full refund posted again after a decline finds no
    unit left, puts all 3 on the first line, and Shopify refuses it for ever (NetSuite refunded 36.00,
    the customer nothing)."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify keeps a refund its gateway declined, with its line items"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_a_sku_on_two_lines_at_one_price_that_shopifys_gateway_declined_reaches_both_lines_when_posted_again",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _DeclinedUnitsShopify}


class IgnoresPendingShopifyTwins(Fault):
    """Both ways on Shopify, guards against the bidirectional conflict with the merchant's refunds whose
    money has arrived only: one the gateway still holds pending is taken for one that gave nothing
    back, and NetSuite's refund of the same unit is posted over it (24.00 to the customer, 12.00 in
    NetSuite)."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"both"})
    only_because = "only a Shopify account syncs refunds in both directions"
    caught_in = ("bidirectional_conflict::test_both_ways_the_netsuite_twin_of_a_shopify_refund_whose_money_is_pending_at_the_gateway_is_not_posted_to_shopify",)

    def _unsynced_shopify_refunds(self, order_id: str) -> list[str]:
        # the defect: money on its way taken for money that never went
        return _shopify_statuses_as(self, lambda: super(IgnoresPendingShopifyTwins, self)._unsynced_shopify_refunds(order_id),
                                    lambda refund, t: "failure" if t["status"] == "pending" else t["status"])


class _UnpaidRefundingWooCommerce(WooCommerceAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        raw = refund.order["raw"]  # the defect: an order never paid is refunded as one that was
        return super().prepare(replace(refund, order={**refund.order, "raw": {**raw, "date_paid": raw.get("date_paid") or "unread"}}))


class RecordsRefundsOfUnpaidWooCommerceOrders(Fault):
    """On WooCommerce, posts NetSuite's credit memo of an order on terms its customer never paid as a
    manual refund (WooCommerce records any refund up to the order's total, paid or not): the merchant
    pays back by hand 29.00 the customer never paid."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce records a refund of an order never paid"
    caught_in = ("refund_to_storefront::test_a_refund_of_a_storefront_order_whose_payment_was_never_captured_is_not_posted_and_says_why",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _UnpaidRefundingWooCommerce}


class _TransactionIdRefundingWooCommerce(WooCommerceAdapter):
    def refunds_through_gateway(self, raw: dict[str, Any]) -> bool:
        return bool(raw.get("transaction_id"))  # the defect: a transaction id taken for a gateway's payment


class RefundsWooCommerceThroughAnyPaymentWithAnId(Fault):
    """On WooCommerce, sends a refund through the order's gateway whenever the order carries a
    transaction id: an order paid by cheque whose number the merchant typed in is asked of the cheque
    gateway, and WooCommerce refuses every post ("does not support automatic refunds")."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce decides per refund whether its gateway gives the money back"
    caught_in = ("refund_to_storefront::test_a_full_refund_in_netsuite_of_a_woocommerce_order_paid_by_cheque_its_number_typed_in_is_recorded_for_the_merchant_to_pay_back",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _TransactionIdRefundingWooCommerce}


class _EnabledGatewaysWooCommerce(WooCommerceAdapter):
    def refunds_through_gateway(self, raw: dict[str, Any]) -> bool:
        gateway = str(raw.get("payment_method") or "")
        try:
            read = self.call(lambda: self.client.payment_gateway(gateway)) if gateway else {}
        except VendorError:
            read = {}
        return bool(read.get("enabled")) and super().refunds_through_gateway(raw)  # the defect: switched off, no refund


class RefundsWooCommerceThroughEnabledGatewaysOnly(Fault):
    """On WooCommerce, sends a refund through the order's gateway only while the store has it switched
    on: the merchant who moved to another card provider has the old provider's orders refunded by hand
    (the card never credited), though WooCommerce refunds through a gateway switched off."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce decides per refund whether its gateway gives the money back"
    caught_in = ("refund_to_storefront::test_a_netsuite_refund_of_a_woocommerce_order_whose_card_gateway_the_store_switched_off_goes_back_through_the_gateway",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _EnabledGatewaysWooCommerce}


class _GatewaysOnceWooCommerce(WooCommerceAdapter):
    def refunds_through_gateway(self, raw: dict[str, Any]) -> bool:
        known: dict[str, bool] = self.__dict__.setdefault("_asked", {})
        gateway = str(raw.get("payment_method") or "")
        if gateway not in known:  # the defect: what the gateway can do, asked once for the connector's life
            known[gateway] = super().refunds_through_gateway(raw)
        return known[gateway]


class AsksWooCommerceGatewaysOnce(Fault):
    """On WooCommerce, asks the store once what each gateway can do and keeps the answer: while the
    card gateway's plugin was deactivated it had none, and every later refund of its orders is
    recorded for the merchant to pay back by hand, the card never credited."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce decides per refund whether its gateway gives the money back"
    caught_in = ("refund_to_storefront::test_a_netsuite_refund_of_a_woocommerce_order_goes_back_through_its_card_gateway_once_the_store_activated_its_plugin_again",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _GatewaysOnceWooCommerce}


class _HalfEvenShippingShopify(ShopifyAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        # the defect: the shipping with its tax rounded as quantize does by default, half to even
        with _replaced(storefronts, "cents", lambda value: value.quantize(Decimal("0.01"))):
            return super().prepare(refund)


class RoundsTaxInclusiveShopifyShippingHalfToEven(Fault):
    """On Shopify, a shop whose prices include tax, sends NetSuite's shipping with its share of the tax
    rounded half to even: 2.50 of shipping at 25% (3.125) goes as 3.12, and Shopify's refund holds
    0.62 of tax where NetSuite's holds 0.63 (the store's tax a cent short, a cent of shipping left)."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify reads a refund's shipping with its tax where prices include it"
    caught_in = ("refund_to_storefront::test_part_of_taxinclusive_shipping_whose_share_with_its_tax_ends_in_half_a_cent_reaches_shopify_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _HalfEvenShippingShopify}


class _ErrorsAsGivenShopify(ShopifyAdapter):
    REFUSED = ("failure",)  # the defect: a transaction the gateway could not process ("error") taken for money given back


class TakesShopifyGatewayErrorsForRefundsGivenBack(Fault):
    """On Shopify, takes a refund transaction the payment gateway could not process (status
    ``error``, not ``failure``) for money given back: the refund shows Posted and is never posted
    again, though nothing reached the customer."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify keeps a refund whose transaction the gateway could not process"
    caught_in = ("refund_to_storefront::test_shopifys_payment_gateway_fails_to_process_the_refund_error_with_the_reason_"
                 "nothing_refunded_and_posted_once_later",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _ErrorsAsGivenShopify}


class SyncsShopifyRefundsOfNoMoney(Fault):
    """Syncing Shopify refunds to NetSuite, imports a refund with no transaction (units returned to
    stock alone, a refund of 0.00) as a refund of 0.00 in no currency: posted, it refunds the units
    in NetSuite against a negative adjustment, or ends in Error for want of one."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "its branch reads Shopify's refunds, which only a sync to NetSuite does"
    caught_in = ("refund_to_netsuite::test_a_shopify_refund_that_gave_no_money_back_a_unit_returned_to_stock_alone_is_not_synced_to_netsuite_a_units_refund_later_is",)

    def _retrieve_from_shopify(self, order_id: str) -> Any:
        found = super()._retrieve_from_shopify(order_id)
        refunds = self._call(lambda: self.shopify.refunds(order_id))
        moneyless = [(f"shopify-refund:{r['id']}", Decimal(0), "") for r in refunds
                     if not r["transactions"] and not self._is_own_write(r["note"] or "")]
        return self._import(order_id, moneyless, "shopify") if moneyless else found  # the defect


class SyncsShopifyRefundsTheGatewayCouldNotProcess(Fault):
    """Syncing Shopify refunds to NetSuite, counts a refund transaction the payment gateway could not
    process (status ``error``) as money given back, as it does one that succeeded (it leaves out
    only ``failure`` and ``pending``): NetSuite refunds the customer what never reached them."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "its branch reads Shopify's refunds, which only a sync to NetSuite does"
    caught_in = ("refund_to_netsuite::test_a_shopify_refund_whose_money_the_payment_gateway_could_not_process_is_not_synced_to_netsuite",)

    def _retrieve_from_shopify(self, order_id: str) -> Any:
        # the defect: only a decline or a pending transaction is not money given back
        return _shopify_statuses_as(self, lambda: super(SyncsShopifyRefundsTheGatewayCouldNotProcess, self)
                                    ._retrieve_from_shopify(order_id),
                                    lambda refund, t: "success" if t["status"] == "error" else t["status"])


class _SuggestedKindShopify(ShopifyAdapter):
    def prepare(self, refund: RefundToPost) -> Any:
        write = super().prepare(refund)
        create = self.client.create_refund

        def as_suggested(order_id: str, body: dict[str, Any]) -> Any:  # the defect: calculate's kind left as it came
            return create(order_id, {**body, "transactions": [{**t, "kind": "suggested_refund"} for t in body.get("transactions", [])]})

        def run() -> Any:
            with _replaced(self.client, "create_refund", as_suggested):
                return write()
        return run


class PostsShopifyRefundsOfTheSuggestedKind(Fault):
    """On Shopify, posts the refund's transactions of the kind refunds/calculate suggests them
    (``suggested_refund``), which "must be changed to refund for the refund to be accepted": Shopify
    refuses every refund, and nothing reaches the customer."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Shopify's"
    caught_in = ("refund_to_storefront",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _SuggestedKindShopify}


class _LeftToRefundByGraphQLShopify(ShopifyAdapter):
    QUERY = ("query($id: ID!) { order(id: $id) { transactions(first: 250) { id maximumRefundableV2 { amount } } } }")

    def _payments_left(self, order_id: str) -> tuple[list[tuple[dict[str, Any], Decimal]], Decimal]:
        cards, gift_cards = super()._payments_left(order_id)
        answer = self.call(lambda: self.client.graphql(self.QUERY, {"id": f"gid://shopify/Order/{order_id}"}))
        # the defect: maximumRefundableV2 is a SuggestedRefund's only, null on a sale or capture
        left = {t["id"].rsplit("/", 1)[1]: money(t["maximumRefundableV2"]["amount"]) if t["maximumRefundableV2"] else Decimal("0")
                for t in answer["data"]["order"]["transactions"]}
        return [(t, left.get(str(t["id"]), Decimal("0"))) for t, _ in cards], gift_cards


class ReadsShopifyPaymentsLeftFromMaximumRefundable(Fault):
    """On Shopify, takes what each payment has left to refund from GraphQL's
    ``OrderTransaction.maximumRefundableV2`` of its sale or capture — "only available for
    transactions of type SuggestedRefund", so null: an order paid in two payments has its refund put
    whole on the first, refused or spread wrong."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Shopify's"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_a_shopify_order_in_currency_paid_in_two_card_payments_goes_back_on_each_payment",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _LeftToRefundByGraphQLShopify}


class ReadsShopifyRefundShippingTaxOfItsLine(Fault):
    """Syncing Shopify refunds to NetSuite, reads a refund's shipping tax from the order's shipping line
    each refund shipping line nests (``shipping_line.tax_lines``: the whole line's), not the tax the
    refund gave back with it (``tax_amount_set``): 4.00 of a 6.00 shipping taxed 0.60 reaches NetSuite
    with 0.60 of tax, and the 0.20 it did not give back against the negative adjustment item."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "its branch reads Shopify's refunds, which only a sync to NetSuite does"
    caught_in = ("refund_to_netsuite::test_part_of_a_shopify_orders_taxed_shipping_refunded_on_the_storefront_reaches_netsuite_with_the_tax_that_went_back",)

    def _storefront_refund(self, refund: Any) -> Any:
        read = super()._storefront_refund(refund)
        kind, source_id = refund.source_record.split(":")
        if kind != "shopify-refund":
            return read
        included = bool(self.shopify.order(refund.order_id)["taxes_included"])
        raw = next(r for r in self.shopify.refunds(refund.order_id) if str(r["id"]) == source_id)
        lines = raw["refund_shipping_lines"]
        tax = sum((presented(t["price_set"]) for line in lines for t in line["shipping_line"]["tax_lines"]), Decimal("0"))  # the defect
        shipping = sum((presented(line["subtotal_amount_set"]) for line in lines), Decimal("0")) - (tax if included else Decimal("0"))
        return read._replace(shipping=shipping, shipping_tax=tax)


class SkipsCancelledShopifyRefundLines(Fault):
    """Takes a Shopify refund's lines restocked ``cancel`` for units an order edit removed, and leaves
    them out of the NetSuite refund: the admin's Refund page cancels unshipped units that way, with
    their money, so a refund of a unit not shipped yet credits no line in NetSuite (its money against
    the adjustment item, or Error on an account without one)."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "only Shopify's refunds carry a restock type per line"
    caught_in = ("refund_to_netsuite::test_a_shopify_refund_the_gateway_declined_then_one_that_went_through_only_the_second_is_synced_to_netsuite",)

    #: The restock type of the lines left out.
    LEFT_OUT = "cancel"

    def _storefront_refund(self, refund: Any) -> StorefrontRefundRead:
        read = self.shopify.refund

        def edits_left_out(order_id: str, refund_id: str) -> dict[str, Any]:
            r = read(order_id, refund_id)
            return {**r, "refund_line_items": [line for line in r["refund_line_items"]
                                               if line.get("restock_type") != self.LEFT_OUT]}  # the defect
        with _replaced(self.shopify, "refund", edits_left_out):
            return super()._storefront_refund(refund)


class SkipsReturnedShopifyRefundLines(SkipsCancelledShopifyRefundLines):
    """Takes a Shopify refund's lines restocked ``return`` (shipped units that came back, put back in
    stock as the admin's Refund page does when "Restock" is ticked) for goods NetSuite's own returns
    process credits, and leaves them out of the NetSuite refund: their money goes against the
    adjustment item and the bill's line is never credited (Error on an account without one)."""

    caught_in = ("refund_to_netsuite::test_a_later_shopify_refund_of_the_same_order_becomes_a_second_netsuite_refund",)
    LEFT_OUT = "return"


class SkipsRefundsOfCancelledShopifyOrders(Fault):
    """Takes a cancelled Shopify order for one that never sold and retrieves none of its refunds: the
    cancellation's refund ("Order canceled") never reaches NetSuite, which keeps the sale."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "only Shopify's orders are cancelled in the suite"
    caught_in = ("refund_to_netsuite::test_a_shopify_order_cancelled_with_its_refund_is_refunded_in_netsuite",
                 "refund_to_netsuite::test_a_shopify_order_cancelled_without_a_refund_after_a_refund_of_a_unit_is_refunded_in_netsuite_for_that_unit_alone")

    def _retrieve_from_shopify(self, order_id: str) -> RetrieveResult:
        try:
            cancelled = self._call(lambda: self.shopify.order(order_id))["cancelled_at"]
        except VendorError:
            cancelled = None
        if cancelled:  # the defect
            return RetrieveResult(False, f"Shopify order {order_id} was cancelled: it has no refund to sync.")
        return super()._retrieve_from_shopify(order_id)


class TakesAShopifyCancellationForAWholeRefund(Fault):
    """Takes a cancelled Shopify order for one refunded in full: its latest refund is retrieved for
    the order's whole price, whatever went back (a cancellation without a refund, after a refund of
    a unit, credits NetSuite the order's price)."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "only Shopify's orders are cancelled in the suite"
    caught_in = ("refund_to_netsuite::test_a_shopify_order_cancelled_without_a_refund_after_a_refund_of_a_unit_is_refunded_in_netsuite_for_that_unit_alone",)

    def _retrieve_from_shopify(self, order_id: str) -> RetrieveResult:
        result = super()._retrieve_from_shopify(order_id)
        if result.success and result.transactions:
            order = self._call(lambda: self.shopify.order(order_id))
            if order["cancelled_at"]:  # the defect: the order's price, not what its refunds gave back
                latest = self.book.refund(result.transactions[-1].id)
                latest.amount = Decimal(order["total_price"])
                return replace(result, transactions=(*result.transactions[:-1], latest.view()))
        return result


class CreditsShopifyUnitsAtTheBillsRate(Fault):
    """Credits a Shopify refund's units in NetSuite at the bill's rate (their share of its line, as an
    eBay return's), not at the money Shopify gave back for them: Shopify gives a line's last unit what
    is left of its money (35.99 for three: 12.00, 12.00, 11.99), and the third refund needs a
    negative adjustment of a cent — Error, never posted, on an account without one."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "Shopify's refund lines carry their own money (an eBay return's are credited at the bill's rate)"
    caught_in = ("refund_to_netsuite::test_units_of_a_shopify_line_discounted_by_a_cent_refunded_one_at_a_time_on_shopify_reach_netsuite_to_the_cent",)

    def _storefront_refund(self, refund: Any) -> StorefrontRefundRead:
        read = super()._storefront_refund(refund)
        if not refund.source_record.startswith("shopify-refund:"):
            return read
        return read._replace(pairs=[(sku, units, None, tax, unit) for sku, units, _, tax, unit in read.pairs])  # the defect


class _PendingLeftShopify(ShopifyAdapter):
    REFUNDS_TAKING = ("success",)  # the defect: a pending refund's money taken for still there


class LeavesPendingShopifyRefundsOnTheirPayment(Fault):
    """On Shopify, counts only successful refunds against what each payment has left: a refund the
    gateway still holds pending is taken for money still on its payment, and the next refund asks
    that payment for it — Shopify refuses it, and the refund stays in Error."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Shopify's"
    caught_in = ("refund_to_storefront::test_a_second_refund_of_a_shopify_order_paid_in_two_card_payments_the_first_still_pending_at_the_gateway_goes_on_the_payment_with_money_left",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _PendingLeftShopify}


class _DeclinedTakenShopify(ShopifyAdapter):
    REFUNDS_TAKING = ("success", "pending", "failure", "error")  # the defect: a declined refund took money


class TakesDeclinedShopifyRefundsFromTheirPayment(Fault):
    """On Shopify, counts every refund transaction against what its payment has left, declined ones
    too: a refund the gateway declined whole leaves the payments 10.00 of 31.40, and posted again it
    is refused for ever."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Shopify's"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_a_shopify_order_paid_in_two_card_payments_declined_whole_goes_back_on_each_payment_when_posted_again",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _DeclinedTakenShopify}


class _WhatIsLeftShopify(ShopifyAdapter):
    def _shares(self, refund: RefundToPost) -> list[tuple[dict[str, Any], Decimal]]:
        cards, _ = self._payments_left(refund.order_id)
        left = sum((room for _, room in cards), Decimal("0"))
        return super()._shares(replace(refund, total=min(refund.total, left)))  # the defect: capped, not refused


class RefundsWhatShopifyPaymentsHaveLeft(Fault):
    """On Shopify, gives back what the order's payments have left when NetSuite's refund is more
    (the merchant refunded part on Shopify already), and shows it Posted: 21.40 went back of 31.40."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Shopify's"
    caught_in = ("refund_to_storefront::test_a_netsuite_refund_of_more_than_the_shopify_orders_payments_have_left_is_not_posted_short",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _WhatIsLeftShopify}


class SkipsPartlyDeclinedShopifyRefunds(Fault):
    """On Shopify, takes a refund with any declined transaction for declined whole at a retrieve: the
    money it gave back on the order's other payment never reaches NetSuite."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "only Shopify spreads a refund over the order's payments, each to its own gateway"
    caught_in = ("refund_to_netsuite::test_a_shopify_refund_the_gateway_declined_on_one_payment_and_paid_back_on_the_other_reaches_netsuite_for_what_went_back",)

    def _retrieve_from_shopify(self, order_id: str) -> Any:
        def declined_whole(refund: dict[str, Any], t: dict[str, Any]) -> str:
            if t["kind"] == "refund" and any(u["kind"] == "refund" and u["status"] == "failure" for u in refund["transactions"]):
                return "failure"  # the defect: one declined transaction taken for all of them
            return str(t["status"])
        return _shopify_statuses_as(self, lambda: super(SkipsPartlyDeclinedShopifyRefunds, self)._retrieve_from_shopify(order_id),
                                    declined_whole)


class ReadsOnePageOfShopifyRefundsToNetSuite(Fault):
    """Syncing Shopify refunds to NetSuite, reads one page of an order's refunds (Shopify's 50): the
    51st and after never reach NetSuite."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "its reading of Shopify's refunds is Shopify's"
    caught_in = ("refund_to_netsuite::test_every_shopify_refund_of_an_order_with_more_refunds_than_a_page_of_shopifys_reaches_netsuite",)

    def _one_page(self) -> Any:
        client = self.shopify
        return _replaced(client, "refunds", lambda oid, **_: client._call("GET", f"/orders/{oid}/refunds.json")["refunds"])

    def _retrieve_from_shopify(self, order_id: str) -> Any:
        with self._one_page():  # the defect
            return super()._retrieve_from_shopify(order_id)


def _one_page_of_shopify_refunds(adapter: ShopifyAdapter) -> Any:
    """While it holds, the adapter's client reads one page of an order's refunds: Shopify's 50 oldest."""
    return _replaced(adapter.client, "refunds", lambda oid, **_: adapter.client._call("GET", f"/orders/{oid}/refunds.json")["refunds"])


class _OnePageShopify(ShopifyAdapter):
    def posted(self, order_id: str, mark: str) -> str | None:
        with _one_page_of_shopify_refunds(self):  # the defect
            return super().posted(order_id, mark)


class ReadsOnePageOfShopifyRefunds(Fault):
    """On Shopify, looks for its stamp on the first page of the order's refunds only (50, oldest
    first): on an order with more, its own refund is not found, and a refund deleted and retrieved
    again, or retried after a lost answer, is refunded again."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Shopify's"
    caught_in = ("refund_actions::test_a_posted_refund_listed_past_the_first_page_of_the_orders_refunds_on_storefront_is_found_not_refunded_twice",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _OnePageShopify}


class _LargestPageShopify(ShopifyAdapter):
    def posted(self, order_id: str, mark: str) -> str | None:
        client = self.client
        # the defect: one page at the largest size, the Link header's next page never followed
        with _replaced(client, "refunds", lambda oid, **_: client._call("GET", f"/orders/{oid}/refunds.json",
                                                                         params={"limit": 250})["refunds"]):
            return super().posted(order_id, mark)


class ReadsTheLargestPageOfShopifyRefunds(Fault):
    """On Shopify, looks for its stamp on one page of the order's refunds at the largest size Shopify
    gives (250: "no order has more"): on an order with more, its own refund is not found, and a
    refund deleted and retrieved again is refunded again."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Shopify's"
    caught_in = ("refund_actions::test_a_posted_refund_listed_past_the_first_page_of_the_orders_refunds_on_storefront_is_found_not_refunded_twice",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _LargestPageShopify}


class _LegacyRestockingShopify(_RestockingShopify):
    RESTOCK = "legacy_restock"


class RestocksShopifyRefundsTheLegacyWay(Fault):
    """On Shopify, sends the goods of a refund without shipping as ``legacy_restock`` (as the vendor's
    REST examples of older refunds show them): "This value is not accepted when creating new
    refunds", and Shopify refuses every such refund — never posted."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify's refunds carry a restock type per line"
    caught_in = ("refund_to_storefront::test_a_refund_of_what_of_a_taxed_discounted_order_reaches_storefront_line_by_line",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _LegacyRestockingShopify}


class _FirstTaxLineShopify(ShopifyAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        read = self.client.order

        def first_tax_lines(oid: str) -> dict[str, Any]:
            raw = read(oid)
            for line in [*raw["line_items"], *raw["shipping_lines"]]:
                line["tax_lines"] = line["tax_lines"][:1]  # the defect: a line's first tax only
            return raw
        with _replaced(self.client, "order", first_tax_lines):
            return super().order(order_id)


class ReadsTheFirstShopifyTaxLineOnly(Fault):
    """On Shopify, reads the first tax line of each line and of the shipping only: a US order taxed by
    the state and the county (two tax lines, as Shopify lists them) syncs to NetSuite short of the
    county's tax, and its refunds are worked out from the wrong tax."""

    storefronts = frozenset({"shopify"})
    only_because = "its adapter is Shopify's"
    caught_in = ("order_sync::test_a_storefront_order_whose_prices_include_tax_with_a_discount_code_syncs_with_the_tax_and_the_discount_taken_out",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _FirstTaxLineShopify}


class _UndiscountedShippingShopify(ShopifyAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        raw = synced["raw"]
        tax = sum((presented(t["price_set"]) for s in raw["shipping_lines"] for t in s["tax_lines"]), Decimal("0"))
        gross = sum((presented(s["price_set"]) for s in raw["shipping_lines"]), Decimal("0"))  # the defect: before the code
        return {**synced, "shipping": gross - (tax if raw["taxes_included"] else Decimal("0"))}


class ReadsShopifyShippingBeforeItsFreeShippingCode(Fault):
    """On Shopify, syncs an order's shipping at its shipping lines' ``price``, which a free shipping
    code does not change (``discounted_price`` is what the customer paid): NetSuite charges the
    shipping the code waived, and a full refund of the order then asks Shopify for shipping it
    has none of to give back."""

    storefronts = frozenset({"shopify"})
    only_because = "only Shopify's simulator takes a free shipping code"
    caught_in = ("order_sync::test_a_shopify_order_with_a_free_shipping_code_syncs_without_the_shipping_the_code_waived",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _UndiscountedShippingShopify}


class _TaxAfterRefundsShopify(ShopifyAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        # the defect: current_total_tax_set, the tax left after the order's refunds
        return {**synced, "tax": presented(synced["raw"]["current_total_tax_set"])}


class ReadsShopifyTaxAfterRefunds(Fault):
    """On Shopify, syncs an order's tax as ``current_total_tax_set``, what is left of it after the
    order's refunds ("after returns"), not ``total_tax_set``: an order refunded in part before it
    syncs reaches NetSuite short of the refunded tax, and its refund then gives back tax NetSuite
    never charged."""

    storefronts = frozenset({"shopify"})
    only_because = "its adapter is Shopify's"
    caught_in = ("order_sync::test_a_storefront_order_refunded_in_part_before_it_syncs_reaches_netsuite_as_it_was_bought",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _TaxAfterRefundsShopify}


class _RecipientNamedWooCommerce(WooCommerceAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        ship = synced["raw"].get("shipping") or {}
        # the defect: the customer named from the shipping address, the recipient's
        return {**synced, "first_name": ship.get("first_name"), "last_name": ship.get("last_name")}


class NamesWooCommerceCustomersAfterTheRecipient(Fault):
    """On WooCommerce, names the NetSuite customer from the order's ``shipping`` address: an order
    shipped to someone else (a gift) makes the recipient NetSuite's customer, under the buyer's email."""

    storefronts = frozenset({"woocommerce"})
    only_because = "its adapter is WooCommerce's"
    caught_in = ("order_sync::test_a_storefront_order_of_a_buyer_named_buyer_syncs_with_the_buyer_as_the_netsuite_customer",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _RecipientNamedWooCommerce}


class _UncappedShippingShopify(ShopifyAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        raw = {**refund.order["raw"], "refunds": []}  # the defect: each part with its tax, whatever is left
        return super().prepare(replace(refund, order={**refund.order, "raw": raw}))


class GivesShopifyShippingPartsTheirTaxWhateverIsLeft(Fault):
    """On a Shopify order whose prices include tax, gives each part of the shipping NetSuite refunds
    its share of the tax, rounded on its own, whatever the order's refunds have left of the shipping:
    three parts of 8.33 (2.78, 2.78, 2.77) are 3.34, 3.34 and 3.33 of the 10.00 paid, and Shopify
    refuses the last ("maximum refundable 3.32"): the customer never gets it back."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify takes the shipping of a tax-inclusive order with its tax"
    caught_in = ("refund_to_storefront::test_taxinclusive_shipping_refunded_in_netsuite_in_three_parts_reaches_shopify_whole",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _UncappedShippingShopify}


class _DeclinedShippingShopify(ShopifyAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        raw = refund.order["raw"]
        # the defect: a declined refund's shipping counted as given back
        refunds = [{**r, "transactions": [{**t, "status": "success"} for t in r["transactions"]]} for r in raw.get("refunds") or ()]
        return super().prepare(replace(refund, order={**refund.order, "raw": {**raw, "refunds": refunds}}))


class CountsDeclinedShopifyShippingAsRefunded(Fault):
    """On a Shopify order whose prices include tax, counts the shipping of a refund the gateway
    declined as given back: posted again, the refund sends no shipping (34.00 of 44.00 as money
    alone), and the shipping and its tax stay refundable on Shopify — to be given back twice."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify takes the shipping of a tax-inclusive order with its tax"
    caught_in = ("refund_to_storefront::test_taxinclusive_shipping_whose_first_refund_the_gateway_declined_reaches_shopify_whole_when_posted_again",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _DeclinedShippingShopify}


class _OrderSharesWooCommerce(WooCommerceAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        raw = refund.order["raw"]
        shares = sum((money(line["tax"] * count / line["quantity"]) for line, count, _ in refund.lines if line["quantity"]), Decimal(0))
        shipping = sum((Decimal(str(l["total"])) for l in raw["shipping_lines"]), Decimal(0))
        if refund.shipping and shipping:
            shares += money(sum((Decimal(str(l["total_tax"])) for l in raw["shipping_lines"]), Decimal(0)) * refund.shipping / shipping)
        shares += sum((money(fee["tax"] * amount / fee["amount"]) for fee, amount in refund.fees if fee["amount"]), Decimal(0))
        items = len(refund.lines) + bool(refund.shipping) + len(refund.fees)
        if abs(refund.tax - shares) > Decimal("0.01") * max(items, 1):  # the defect: "more than rounding", so not ours
            refund = replace(refund, tax=shares)  # the tax written as the order's shares, the money NetSuite's
        return super().prepare(refund)


class WritesWooCommerceTaxFromTheOrdersShares(Fault):
    """On WooCommerce, writes each refunded line's tax as its share of the order line's tax, NetSuite's
    tax settling rounding only: units or shipping NetSuite refunded without their tax (or a unit
    credited for less) are recorded with tax given back that NetSuite never refunded (1.20 of none),
    and the store's tax report understates what it owes — the money itself NetSuite's."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce keeps a refund's tax per line as sent"
    caught_in = ("refund_to_storefront::test_what_refunded_in_netsuite_how_reaches_woocommerce_with_netsuites_tax_line_by_line",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _OrderSharesWooCommerce}


class ReadsShopifyRefundTaxInShopMoney(Fault):
    """Posting a Shopify refund to NetSuite, reads its lines' and shipping's tax from the plain
    ``total_tax`` and ``tax_amount_set.shop_money`` — the shop's currency — beside goods in the
    customer's: on an order presented in euros NetSuite's taxTotal is in dollars (1.30 for 1.20), the
    difference on the adjustment item."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "only Shopify prints an order's money in two currencies"
    caught_in = ("refund_to_netsuite::test_a_shopify_refund_of_a_taxed_line_of_an_order_presented_in_eur_becomes_a_netsuite_refund_with_the_tax_in_eur",)

    def _storefront_refund(self, refund: Any) -> Any:
        read = super()._storefront_refund(refund)
        kind, _, source_id = refund.source_record.partition(":")
        if kind != "shopify-refund":
            return read
        included = bool(self._call(lambda: self.shopify.order(refund.order_id))["taxes_included"])
        raw = next(r for r in self._call(lambda: self.shopify.refunds(refund.order_id)) if str(r["id"]) == source_id)
        pairs: list[tuple[str, int, Decimal | None, Decimal, Decimal]] = []
        for (sku, units, _goods, _tax, _unit), line in zip(read.pairs, raw["refund_line_items"], strict=False):
            tax = money(line["total_tax"])  # the defect: the shop's money
            goods = presented(line["subtotal_set"]) - (tax if included else Decimal(0))
            pairs.append((sku, units, goods, tax, goods / units))
        lines = raw["refund_shipping_lines"]
        shipping_tax = sum((money(((s.get("tax_amount_set") or {}).get("shop_money") or {}).get("amount", 0)) for s in lines),
                           Decimal(0))
        shipping = sum((presented(s["subtotal_amount_set"]) for s in lines), Decimal(0)) - (shipping_tax if included else Decimal(0))
        return read._replace(pairs=pairs, shipping=shipping, shipping_tax=shipping_tax)


class _ShopMoneyPaymentsShopify(ShopifyAdapter):
    def _payments_left(self, order_id: str) -> Any:
        read = self.client.transactions
        in_shop_money = lambda oid, **kw: read(oid, in_shop_currency=True, **kw)  # noqa: E731 — the defect
        with _replaced(self.client, "transactions", in_shop_money):
            return super()._payments_left(order_id)


class ReadsShopifyPaymentsLeftInShopMoney(Fault):
    """On Shopify, reads what each of an order's payments has left to refund in the shop's currency
    (``transactions.json?in_shop_currency=true``) and spreads NetSuite's refund, in the customer's
    currency, by those amounts: an order in euros paid in two payments has a payment take more than
    it has left, and Shopify refuses the refund (never posted)."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "only Shopify keeps a transaction per payment of an order"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_a_shopify_order_in_currency_paid_in_two_card_payments_goes_back_on_each_payment",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _ShopMoneyPaymentsShopify}


class _OwnDiscountTwiceShopify(ShopifyAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        own = {line["id"]: presented(line["total_discount_set"]) for line in synced["raw"]["line_items"]}
        # the defect: a line's total_discount taken off on top of its allocations, which hold it
        return {**synced, "lines": [{**line, "amount": line["amount"] - own[line["key"]]} for line in synced["lines"]]}


class TakesAShopifyLinesOwnDiscountOffTwice(Fault):
    """On Shopify, takes a line's ``total_discount`` off it as well as its discount allocations: the
    allocations hold every discount on the line, its own (a manual application "applied onto a
    particular line") among them, and ``total_discount`` is that own discount again — the sales order
    charges a discounted line its discount less, and a NetSuite refund of its units reaches Shopify
    short (the reference connector did this until the simulator printed a line's own discount as an
    allocation, as Shopify does)."""

    storefronts = frozenset({"shopify"})
    directions = EVERY_DIRECTION
    only_because = "only Shopify prints a line's own discount both as total_discount and as an allocation"
    caught_in = ("refund_to_storefront::test_a_refund_in_netsuite_of_a_unit_of_a_taxed_line_and_of_a_taxed_discounted_one_reaches_storefront_with_each_lines_own_tax",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _OwnDiscountTwiceShopify}


class _FirstAllocationShopify(ShopifyAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        rest = {line["id"]: sum((presented(a["amount_set"]) for a in line["discount_allocations"][1:]), Decimal("0"))
                for line in synced["raw"]["line_items"]}
        # the defect: a line's first discount allocation taken off it, the other codes' left on
        return {**synced, "lines": [{**line, "amount": line["amount"] + rest[line["key"]]} for line in synced["lines"]]}


class ReadsTheFirstShopifyDiscountAllocationOnly(Fault):
    """On Shopify, takes a line's first discount allocation off it only: with two codes combined,
    each line carries one allocation per code, and NetSuite's sales order charges what the others
    took off (and a full refund asks Shopify for more than the customer paid)."""

    storefronts = frozenset({"shopify"})
    only_because = "its adapter is Shopify's"
    caught_in = ("order_sync",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _FirstAllocationShopify}


class _UnitsLeftToFulfilShopify(ShopifyAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        left = {line["id"]: line["fulfillable_quantity"] for line in synced["raw"]["line_items"]}
        # the defect: a line's units read as those left to fulfil, not those bought
        return {**synced, "lines": [{**line, "quantity": left[line["key"]]} for line in synced["lines"]]}


class ReadsShopifyUnitsLeftToFulfil(Fault):
    """On Shopify, syncs a line's units as its ``fulfillable_quantity`` (the units not yet shipped)
    instead of its ``quantity`` (the units bought): an order shipped before it syncs reaches NetSuite
    without the lines shipped, and their refunds have nothing to refund in NetSuite."""

    storefronts = frozenset({"shopify"})
    only_because = "its adapter is Shopify's"
    caught_in = ("order_sync",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _UnitsLeftToFulfilShopify}


class _FirstShippingLineShopify(ShopifyAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        read = self.client.order

        def first_shipping_line(oid: str) -> dict[str, Any]:
            raw = read(oid)
            raw["shipping_lines"] = raw["shipping_lines"][:1]  # the defect: the first package's shipping only
            return raw
        with _replaced(self.client, "order", first_shipping_line):
            return super().order(order_id)


class _FirstShippingLineWooCommerce(WooCommerceAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        packages = synced["raw"]["shipping_lines"]
        return {**synced, "shipping": Decimal(packages[0]["total"]) if packages else Decimal("0")}  # the defect


class ReadsTheFirstShippingLineOnly(Fault):
    """On Shopify and WooCommerce, which keep a shipping line per package, reads an order's first
    shipping line only: an order shipped in two packages syncs to NetSuite short of the second's
    shipping (and, on Shopify, its tax), and NetSuite's refunds of it are short in turn."""

    storefronts = frozenset({"shopify", "woocommerce"})
    only_because = "only Shopify and WooCommerce keep a shipping line per package"
    caught_in = ("order_sync::test_a_storefront_order_shipped_in_two_paid_packages_syncs_with_the_shipping_of_both",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _FirstShippingLineShopify,
                "woocommerce": _FirstShippingLineWooCommerce}


class ReadsTheFirstShopifyRefundShippingLineOnly(Fault):
    """Reads a Shopify refund's first refund shipping line only: Shopify gives the shipping of an
    order shipped in two packages back on each package's line, and NetSuite's refund is short of
    the second's (the money it is short goes against the adjustment item)."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "its branch reads Shopify's refunds, which only a sync to NetSuite does"
    caught_in = ("refund_to_netsuite::test_the_shipping_of_a_shopify_order_shipped_in_two_paid_packages_refunded_on_the_storefront_reaches_netsuite_whole",)

    def _storefront_refund(self, refund: Any) -> Any:
        read = self.shopify.refund

        def first_shipping_lines(order_id: str, refund_id: str) -> dict[str, Any]:
            each = read(order_id, refund_id)
            return {**each, "refund_shipping_lines": each["refund_shipping_lines"][:1]}  # the defect
        with _replaced(self.shopify, "refund", first_shipping_lines):
            return super()._storefront_refund(refund)


class LeavesShopifyGiftCardRefundsOut(Fault):
    """Counts a Shopify refund's money without what went back on a gift card (reading "the
    connector does not refund gift cards" as "gift card money is not a refund"): Shopify gives a
    refund back on the gift card first, and NetSuite's refund is short of it — a refund given back
    on the gift card alone is not retrieved at all."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "its branch reads Shopify's refunds, which only a sync to NetSuite does"
    caught_in = ("refund_to_netsuite::test_a_shopify_refund_of_an_order_paid_partly_by_gift_card_reaches_netsuite_whole",
                 "refund_to_netsuite::test_a_partial_shopify_refund_given_back_on_the_gift_card_alone_reaches_netsuite")

    def _retrieve_from_shopify(self, order_id: str) -> Any:
        read = self.shopify.refunds

        def without_gift_cards(order_id: str, **kwargs: Any) -> list[dict[str, Any]]:
            refunds = read(order_id, **kwargs)
            for each in refunds:  # the defect
                each["transactions"] = [t for t in each["transactions"] if t.get("gateway") != "gift_card"]
            return refunds
        with _replaced(self.shopify, "refunds", without_gift_cards):
            return super()._retrieve_from_shopify(order_id)


class CountsShopifyUnitsRefundedSoFar(Fault):
    """Reads a Shopify refund's units of a line as what the line has had refunded so far (its
    ``quantity`` less its ``current_quantity``), not the refund's own ``refund_line_items``
    quantity: the second refund of a line brings its first refund's units to NetSuite again."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "its branch reads Shopify's refunds, which only a sync to NetSuite does"
    caught_in = ("refund_to_netsuite::test_two_shopify_refunds_of_one_unit_each_of_the_same_line_become_netsuite_refunds_of_one_unit_each",)

    def _storefront_refund(self, refund: Any) -> Any:
        read = super()._storefront_refund(refund)
        if not refund.source_record.startswith("shopify-refund:"):
            return read
        so_far: dict[str, int] = {}
        for line in self.shopify.order(refund.order_id)["line_items"]:  # the defect
            so_far[line["sku"] or ""] = so_far.get(line["sku"] or "", 0) + line["quantity"] - line["current_quantity"]
        return read._replace(pairs=[(sku, so_far.get(sku, units), goods, tax, unit) for sku, units, goods, tax, unit in read.pairs])


class CountsPendingShopifyRefunds(Fault):
    """Counts every Shopify refund transaction that did not fail as money given back (reading a
    refund's money as "not declined"): a refund the payment gateway still holds pending — nothing
    has reached the customer yet, and it may never — is retrieved and posted to NetSuite at once."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    only_because = "its branch reads Shopify's refunds, which only a sync to NetSuite does"
    caught_in = ("refund_to_netsuite::test_a_shopify_refund_still_pending_at_the_payment_gateway_is_not_retrieved_until_"
                 "the_gateway_has_given_the_money_back",
                 "refund_to_netsuite::test_a_shopify_refund_pending_at_the_first_scheduled_sync_is_posted_at_a_later_"
                 "one_once_the_gateway_gave_the_money_back")

    def _retrieve_from_shopify(self, order_id: str) -> Any:
        # the defect: whatever did not fail counts as given back
        return _shopify_statuses_as(self, lambda: super(CountsPendingShopifyRefunds, self)._retrieve_from_shopify(order_id),
                                    lambda refund, t: "success" if t["status"] != "failure" else "failure")


class _OneListingABatchWooCommerce(WooCommerceAdapter):
    def _listing(self, order_id: str) -> list[dict[str, Any]]:
        batch: dict[str, list[dict[str, Any]]] = self.__dict__.setdefault("batch", {})
        if order_id in batch:  # the defect: the batch's first listing, whatever was written since
            self._listed = None
            return batch[order_id]
        batch[order_id] = super()._listing(order_id)
        return batch[order_id]


class ReadsWooCommerceRefundsOnceABatch(Fault):
    """On WooCommerce, reads an order's refunds once for the posts of one retrieve: two NetSuite
    refunds of the order posted together are each spread against the order as it was before either —
    the second's shipping on the package the first emptied (10.00 back on a package of 5.00, 5.00
    still to refund on the other), units or a fee the first gave back counted as still there."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce caps no line of a refund, so only its connector reads what each has left"
    caught_in = ("refund_to_storefront::test_two_netsuite_refunds_of_part_of_the_shipping_of_a_woocommerce_order_in_two_paid_packages_posted_together_go_back_on_the_packages_that_have_it_left",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _OneListingABatchWooCommerce}

    def retrieve_refunds(self, source_channel: str, order_id: str) -> Any:
        store = self._storefronts.get("woocommerce")
        if store is not None:
            store.__dict__.setdefault("batch", {}).pop(str(order_id).strip(), None)  # a batch starts at a retrieve
        return super().retrieve_refunds(source_channel, order_id)


class _TaxInclusiveTotalsWooCommerce(WooCommerceAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        raw = synced["raw"]
        if not raw.get("prices_include_tax"):
            return synced
        # The defect: the totals read as holding their tax, as Shopify's with taxes_included.
        lines = [{**line, "amount": line["amount"] - line["tax"]} for line in synced["lines"]]
        return {**synced, "lines": lines, "shipping": synced["shipping"] - money(raw["shipping_tax"])}


class ReadsWooCommerceTotalsAsTaxInclusive(Fault):
    """Takes the tax out of a WooCommerce order's line and shipping totals when the store enters its
    prices with tax (``prices_include_tax``), as Shopify's totals hold it with ``taxes_included``:
    WooCommerce's REST totals are before tax whatever the setting, so every line syncs short of its tax."""

    storefronts = frozenset({"woocommerce"})
    only_because = "only WooCommerce says how the store entered its prices beside totals always before tax"
    caught_in = ("order_sync", "refund_to_storefront")
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _TaxInclusiveTotalsWooCommerce}


class _OnePageWooCommerce(WooCommerceAdapter):
    def _refunds(self, order_id: str) -> list[dict[str, Any]]:
        return self.call(lambda: self.client.refunds(order_id))  # the defect: one page, WooCommerce's 10 newest


class ReadsOnePageOfWooCommerceRefunds(Fault):
    """On WooCommerce, reads the first page of the order's refunds only (10, newest first): on an
    order with more, its own refund is not found, and a refund deleted and retrieved again, or retried
    after a lost answer, is refunded again."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_actions::test_a_posted_refund_listed_past_the_first_page_of_the_orders_refunds_on_storefront_is_found_not_refunded_twice",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _OnePageWooCommerce}


class _LeftOnOnePageWooCommerce(WooCommerceAdapter):
    def _listing(self, order_id: str) -> list[dict[str, Any]]:
        self._listed = None
        return self.call(lambda: self.client.refunds(order_id))  # the defect: one page, WooCommerce's 10 newest


class CountsWooCommerceUnitsLeftOnOnePage(Fault):
    """On WooCommerce, finds its stamp on every page of the order's refunds, but counts the units,
    shipping and fees already refunded on the first page only (the 10 newest): a unit the merchant
    refunded by hand before ten later refunds is refunded again (WooCommerce caps only money)."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_actions::test_a_unit_refunded_on_woocommerce_before_ten_later_refunds_is_counted_not_refunded_again",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _LeftOnOnePageWooCommerce}


class _OneShippingRateWooCommerce(WooCommerceAdapter):
    @staticmethod
    def _shipping_parts(refund: RefundToPost, listing: list[dict[str, Any]]) -> list[tuple[Any, Decimal, Decimal]]:
        raw = refund.order["raw"]
        charged, tax = Decimal(raw["shipping_total"]), Decimal(raw["shipping_tax"])
        return [(key, part, (tax * part / charged).quantize(Decimal("0.01")) if charged else Decimal("0"))  # the defect
                for key, part, _ in WooCommerceAdapter._shipping_parts(refund, listing)]


class TaxesWooCommercePackagesAtTheOrdersShippingRate(Fault):
    """On WooCommerce, gives each package's part of a shipping refund the tax of the order's one
    shipping rate (its shipping tax over its shipping), not its own line's: of packages taxed at 10%
    and 5%, the first gets back 0.35 of its 0.50 and the second 0.50 of its 0.35."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_to_storefront::test_the_shipping_of_a_woocommerce_order_in_two_packages_taxed_at_two_rates_goes_back_with_each_packages_own_tax",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _OneShippingRateWooCommerce}


class _EveryPackageWooCommerce(WooCommerceAdapter):
    @staticmethod
    def _shipping_parts(refund: RefundToPost, listing: list[dict[str, Any]]) -> list[tuple[Any, Decimal, Decimal]]:
        parts = WooCommerceAdapter._shipping_parts(refund, listing)
        if not refund.shipping:
            return parts
        given = {key: (key, part, tax) for key, part, tax in parts}
        return [given.get(line["id"], (line["id"], Decimal("0"), Decimal("0")))  # the defect: every package named
                for line in refund.order["raw"]["shipping_lines"]]


class NamesEveryWooCommercePackage(Fault):
    """On WooCommerce, names every package of the order on a refund that gives any shipping back,
    those it gives nothing on at 0.00: WooCommerce shows them refunded though none of their shipping was."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_to_storefront::test_part_of_the_shipping_of_a_woocommerce_order_in_two_paid_packages_names_only_the_package_it_gives_back_on",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _EveryPackageWooCommerce}


class _StripeOnlyWooCommerce(WooCommerceAdapter):
    @staticmethod
    def refunds_through_gateway(raw: dict[str, Any]) -> bool:
        return raw.get("payment_method") == "stripe"  # the defect: the one gateway it was tried with


class RefundsWooCommerceThroughStripeOnly(Fault):
    """On WooCommerce, refunds through the gateway only orders paid with Stripe: an order paid with
    PayPal or WooPayments gets a manual refund — WooCommerce shows it refunded, the connector Posted,
    and the money never goes back to the customer."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("resilience::test_a_refund_storefronts_gateway_declined_is_posted_later_by_another_user_whose_request_the_connector_answers",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _StripeOnlyWooCommerce}


class _BankTransferOfflineWooCommerce(WooCommerceAdapter):
    @staticmethod
    def refunds_through_gateway(raw: dict[str, Any]) -> bool:
        return raw.get("payment_method") != "bacs"  # the defect: a check taken for a gateway that refunds


class TakesBankTransferForTheOnlyOfflineWooCommerceGateway(Fault):
    """On WooCommerce, takes bank transfer for the only gateway that cannot refund: a refund of an
    order paid by check asks the gateway for the money, WooCommerce refuses it ("does not support
    automatic refunds"), and the NetSuite refund never reaches the order."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_to_storefront::test_a_credit_memo_refunded_with_a_customer_refund_is_posted_once",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _BankTransferOfflineWooCommerce}


class _KnownGatewaysWooCommerce(WooCommerceAdapter):
    @staticmethod
    def refunds_through_gateway(raw: dict[str, Any]) -> bool:
        return raw.get("payment_method") in ("stripe", "ppcp-gateway", "woocommerce_payments")  # the defect: a list


class RefundsWooCommerceThroughKnownGatewaysOnly(Fault):
    """On WooCommerce, refunds through the gateway only orders paid with a gateway it knows can refund
    (Stripe, PayPal, WooPayments): an order paid with Square gets a manual refund — WooCommerce shows
    it refunded, the connector Posted, and the card is never credited."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("resilience::test_a_refund_storefronts_gateway_declined_is_posted_later_by_another_user_whose_request_the_connector_answers",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _KnownGatewaysWooCommerce}


class _CoreOfflineGatewaysWooCommerce(WooCommerceAdapter):
    @staticmethod
    def refunds_through_gateway(raw: dict[str, Any]) -> bool:
        return raw.get("payment_method") not in ("bacs", "cheque", "cod")  # the defect: the core's list, not the store's word


class RefundsWooCommerceThroughAnyGatewayButTheCoresOffline(Fault):
    """On WooCommerce, refunds through the gateway every order but those paid by bank transfer, check
    or cash on delivery, never asking the store which gateways refund (``method_supports``): an order
    paid through a plugin's offline gateway (a purchase order) has its refund asked of a gateway that
    cannot give money back, WooCommerce refuses it, and the refund never posts."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_to_storefront::test_a_full_refund_in_netsuite_of_a_woocommerce_order_on_terms_paid_through_gateway_is_recorded_on_woocommerce_for_the_merchant_to_pay_back",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _CoreOfflineGatewaysWooCommerce}


class _CashOnDeliveryOnlineWooCommerce(WooCommerceAdapter):
    @staticmethod
    def refunds_through_gateway(raw: dict[str, Any]) -> bool:
        return raw.get("payment_method") not in ("bacs", "cheque")  # the defect: cash on delivery forgotten


class RefundsWooCommerceCashOnDeliveryThroughTheGateway(Fault):
    """On WooCommerce, takes bank transfer and check for the gateways that cannot refund and forgets
    cash on delivery: a refund of an order paid on delivery asks the gateway for the money,
    WooCommerce refuses it ("does not support automatic refunds"), and the refund never posts."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_an_order_billed_as_billing_reaches_storefront_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _CashOnDeliveryOnlineWooCommerce}


class _UnitsBySkuWooCommerce(WooCommerceAdapter):
    def _check_units_left(self, refund: RefundToPost, listing: list[dict[str, Any]]) -> None:
        sku = {str(line["key"]): line["sku"] or line["title"] for line in refund.order["lines"]}
        ordered: dict[str, int] = {}
        for line in refund.order["lines"]:
            ordered[sku[str(line["key"])]] = ordered.get(sku[str(line["key"])], 0) + int(line["quantity"])
        left = dict(ordered)
        for key, units in self.refunded_units(refund.order_id, listing).items():
            left[sku.get(key, key)] = left.get(sku.get(key, key), 0) - units
        for line, count, _ in refund.lines:  # the defect: units left counted by SKU, not by order line
            left[sku[str(line["key"])]] -= count
        short = [name for name, units in left.items() if units < 0]
        if short:
            raise SyncError(f"WooCommerce order {refund.order_id} has too few units of {short[0]} left to refund.")


class CountsWooCommerceUnitsLeftBySku(Fault):
    """On WooCommerce, counts the units left to refund by SKU, not by order line: a unit of one of two
    lines of a SKU the merchant refunded by hand looks as if it had units left (the other line's),
    and NetSuite's refund of it is given back again — WooCommerce caps only the money."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's (Shopify and Magento refuse units refunded already)"
    caught_in = ("refund_to_storefront::test_a_unit_of_one_of_two_lines_of_a_sku_refunded_by_hand_on_storefront_is_not_refunded_again_from_netsuite",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _UnitsBySkuWooCommerce}


def _by_hand(listing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The refunds of ``listing`` the merchant made by hand: none with the connector's stamp."""
    return [r for r in listing if f"[{STAMP_PREFIX}:" not in (r.get("reason") or "")]


class _HandUnitsWooCommerce(WooCommerceAdapter):
    def _check_units_left(self, refund: RefundToPost, listing: list[dict[str, Any]]) -> None:
        super()._check_units_left(refund, _by_hand(listing))  # the defect: its own refunds left out


class CountsWooCommerceUnitsRefundedByHandOnly(Fault):
    """On WooCommerce, counts the units the merchant refunded by hand against what a line has left,
    not the connector's own refunds ("NetSuite knows those"): after the connector's refund of a unit
    and the merchant's of two more, NetSuite's refund of a fourth of three is given back (48.00 of
    36.00)."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's (Shopify and Magento refuse units refunded already)"
    caught_in = ("refund_to_storefront::test_after_the_connectors_refund_and_the_merchants_by_hand_a_unit_netsuite_refunds_beyond_what_is_left_is_not_given_back_on_storefront",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _HandUnitsWooCommerce}


class _HandFeesWooCommerce(WooCommerceAdapter):
    @staticmethod
    def _check_fees_left(refund: RefundToPost, listing: list[dict[str, Any]]) -> None:
        WooCommerceAdapter._check_fees_left(refund, _by_hand(listing))  # the defect: its own refunds left out


class _UnitTaxWooCommerce(WooCommerceAdapter):
    def per_order_line(self, lines):  # type: ignore[override]
        # the defect: a line's tax taken as its unit's, rounded to the cent, times its units
        return {key: ({**line, "tax": money(line["tax"] / line["quantity"]) * line["quantity"]} if line["quantity"] else line,
                      count, amount)
                for key, (line, count, amount) in super().per_order_line(lines).items()}


class SharesWooCommerceTaxPerUnit(Fault):
    """On WooCommerce, gives a refunded line its unit's tax rounded to the cent times its units (0.33
    × 2 of a line's 1.00 over three units, not 0.67): the refund's tax in all stays NetSuite's, the
    cents the lines lose all put on the first taxed one."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_to_storefront::test_units_of_two_lines_whose_tax_does_not_divide_by_their_units_refunded_in_netsuite_reach_storefront_with_each_lines_own_tax_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _UnitTaxWooCommerce}


class CountsWooCommerceFeesRefundedByHandOnly(Fault):
    """On WooCommerce, counts what the merchant refunded of a fee by hand against what it has left,
    not the connector's own refunds: a fee of 5.00 given back 2.00 by the connector and 3.00 by hand
    is given back 2.00 more from NetSuite (7.00 of 5.00)."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's: only WooCommerce orders have fee lines"
    caught_in = ("refund_to_storefront::test_a_fee_the_connector_and_the_merchant_both_refunded_in_part_on_woocommerce_is_not_given_back_beyond_its_total",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _HandFeesWooCommerce}


class _GatewayRefundsCountedWooCommerce(WooCommerceAdapter):
    def _listing(self, order_id: str) -> list[dict[str, Any]]:
        return [r for r in super()._listing(order_id) if r.get("refunded_payment")]  # the defect: manual ones left out


class CountsWooCommerceGatewayRefundsOnly(Fault):
    """On WooCommerce, counts the units, shipping and fees already refunded among the refunds a
    gateway paid back only: on an order on terms, what the merchant refunded manually is sent again
    from NetSuite (WooCommerce caps only the order's money)."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_to_storefront::test_units_and_shipping_the_merchant_refunded_manually_on_a_woocommerce_order_on_terms_are_counted_a_netsuite_refund_of_more_than_is_left_ends_in_error",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _GatewayRefundsCountedWooCommerce}


class _OldestPageWooCommerce(WooCommerceAdapter):
    def _refunds(self, order_id: str) -> list[dict[str, Any]]:
        found, _ = self.call(lambda: self.client.refunds_page(order_id, 1, orderby="id", order="asc"))
        return list(found)  # the defect: the first page of 100, oldest first


class ReadsOnePageOfWooCommerceRefundsOldestFirst(Fault):
    """On WooCommerce, reads one page of 100 of an order's refunds, oldest first: its own refund past
    the 100th is not found (a refund deleted and retrieved again is refunded again), nor are the
    units and shipping refunded past it."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_actions::test_a_posted_refund_listed_past_the_first_page_of_the_orders_refunds_on_storefront_is_found_not_refunded_twice",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _OldestPageWooCommerce}


class _FirstRateWooCommerce(WooCommerceAdapter):
    @staticmethod
    def by_rate(share: Decimal, rates: dict[int, Decimal]) -> list[tuple[int, Decimal]]:
        return [(next(iter(rates)), share)]  # the defect: a line's tax all at its first rate


class GivesWooCommerceTaxBackAtTheFirstRateOnly(Fault):
    """On WooCommerce, gives each line's refunded tax back at the first of the rates that charged it:
    the refund's money and each line's tax are right, and the store's tax report per rate is not —
    the state's rate gives back more than it collected, the county's nothing."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its adapter is WooCommerce's"
    caught_in = ("refund_to_storefront::test_a_woocommerce_refund_gives_each_lines_tax_back_at_the_states_and_the_countys_rates_in_their_shares",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _FirstRateWooCommerce}


class _TaxBeforeCouponWooCommerce(WooCommerceAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        # the defect: a line's subtotal_tax, its tax before its coupon discount
        before = {line["id"]: money(line["subtotal_tax"]) for line in synced["raw"]["line_items"]}
        return {**synced, "lines": [{**line, "tax": before[line["key"]]} for line in synced["lines"]]}


class ReadsWooCommerceLineTaxBeforeItsCoupon(Fault):
    """On WooCommerce, reads a line's tax as ``subtotal_tax``, its tax before its coupon discount
    ("Line subtotal tax (before discounts)"): a refund's tax, shared out by it, gives a discounted
    line more than it paid and the lines beside it less, though the refund's tax in all is NetSuite's."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce keeps a line's tax before its discount beside the tax after it"
    caught_in = ("refund_to_storefront::test_a_refund_in_netsuite_of_a_unit_of_a_taxed_line_and_of_a_taxed_discounted_one_reaches_storefront_with_each_lines_own_tax",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _TaxBeforeCouponWooCommerce}


def _last_line_wins(lines: tuple[tuple[dict[str, Any], int, Decimal], ...]) -> dict[Any, tuple[dict[str, Any], int, Decimal]]:
    return {line["key"]: (line, count, amount) for line, count, amount in lines}  # the defect: the last line's units


class _LastLineMagento(MagentoAdapter):
    per_order_line = staticmethod(_last_line_wins)


class _LastLineWooCommerce(WooCommerceAdapter):
    per_order_line = staticmethod(_last_line_wins)


class KeepsTheLastNetSuiteLineOfAnOrderLine(Fault):
    """On Magento and WooCommerce, takes an order line's units from the last NetSuite refund line
    of it: a NetSuite user who enters one order line's units on two lines of the refund sees Magento
    refund the last line's units alone (13.20 of 26.40 goes back, the refund Posted), and
    WooCommerce show one unit and its tax refunded of two."""

    storefronts = frozenset({"magento", "woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only the Magento and WooCommerce adapters send a refund's units per order line"
    caught_in = ("refund_to_storefront::test_units_of_one_line_entered_on_two_lines_of_the_netsuite_refund_all_go_back_to_storefront_on_that_line",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _LastLineMagento, "woocommerce": _LastLineWooCommerce}


class _FeeCountlessWooCommerce(WooCommerceAdapter):
    @staticmethod
    def _check_fees_left(refund: RefundToPost, listing: list[dict[str, Any]]) -> None:
        pass  # the defect: what the order's refunds gave back on a fee line is not counted


class RefundsWooCommerceFeesPastWhatIsLeft(Fault):
    """On WooCommerce, gives a NetSuite refund's fee back on its fee line without counting what the
    order's refunds gave back on it already: a fee the merchant refunded on the storefront goes back
    again (WooCommerce caps only the order's money), 8.00 of gift wrap given back on a 5.00 fee."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce orders carry fee lines, and only WooCommerce caps no line of a refund"
    caught_in = ("refund_to_storefront::test_a_fee_already_refunded_in_part_on_woocommerce_is_not_refunded_again_a_netsuite_refund_of_more_than_is_left_ends_in_error",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _FeeCountlessWooCommerce}


class _FeelessWooCommerce(WooCommerceAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        return {**super().order(order_id), "fees": []}  # the defect: the order's fee_lines not read


class DropsWooCommerceFees(Fault):
    """On WooCommerce, reads an order's lines and not its fees (``fee_lines``: gift wrap, a surcharge),
    while its tax is the order's ``total_tax``, which holds the fees' tax: the sales order falls short
    of the fees (an order of 37.32 becomes one of 32.32, which NetSuite Connector's order total
    validation refuses), an order with a fee syncs without a fee item, and a NetSuite refund of the
    fee goes back short, or as money beside the fee line."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce orders carry fee lines"
    caught_in = ("order_sync::test_a_woocommerce_order_with_a_fee_syncs_the_fee_as_a_line_of_the_accounts_fee_item",
                 "order_sync::test_a_woocommerce_order_with_a_fee_does_not_sync_without_a_fee_item_and_says_why",
                 "refund_to_storefront::test_a_full_refund_in_netsuite_of_a_woocommerce_order_with_a_fee_gives_the_fee_back_on_its_fee_line")
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _FeelessWooCommerce}


class DropsNegativeWooCommerceFees(Fault):
    """On WooCommerce, takes a fee for a charge and leaves a fee of no money or less (a discount
    entered as a fee, ``WC_Cart::add_fee`` with a negative amount) off the sales order: NetSuite bills
    31.68 where the customer paid 28.68, and its full refund is more than WooCommerce has to give back."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce orders carry fee lines"
    caught_in = ("order_sync::test_a_woocommerce_order_with_a_discount_entered_as_a_negative_fee_syncs_it_as_a_line_of_the_fee_item",
                 "refund_to_storefront::test_a_full_refund_in_netsuite_of_a_woocommerce_order_with_a_negative_fee_gives_back_what_the_customer_paid")

    def _fee_lines(self, order: dict[str, Any]) -> list[dict[str, Any]]:
        return [line for line in super()._fee_lines(order) if line["amount"] > 0]  # the defect


class _ChildLinesMagento(MagentoAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        items = synced["raw"]["items"]  # the defect: every item a line, a configurable line's child too
        lines = [{"key": i["item_id"], "sku": i.get("sku") or "", "title": i.get("name") or "",
                  "quantity": int(i["qty_ordered"]), "amount": Decimal(str(i["row_total"])) - Decimal(str(i.get("discount_amount") or 0)),
                  "tax": Decimal(str(i.get("tax_amount") or 0))} for i in items]
        return {**synced, "lines": lines}


class SyncsMagentoConfigurableChildrenAsLines(Fault):
    """On Magento, syncs every item of an order as a line, the simple product chosen of a configurable
    line (an item of its own with the line's SKU and units and no money) too: NetSuite's sales order
    has the configurable product's units twice, once at nothing."""

    storefronts = frozenset({"magento"})
    only_because = "only Magento keeps a configurable product's choice as an item of its own"
    caught_in = ("order_sync::test_a_magento_order_of_a_configurable_product_syncs_the_product_chosen_once_at_its_lines_price",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _ChildLinesMagento}


class _OriginalPriceMagento(MagentoAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        regular = {i["item_id"]: Decimal(str(i["original_price"])) * int(i["qty_ordered"]) - Decimal(str(i.get("discount_amount") or 0))
                   for i in synced["raw"]["items"]}  # the defect: the regular price, not the one charged
        return {**synced, "lines": [{**line, "amount": regular[line["key"]]} for line in synced["lines"]]}


class SyncsMagentoLinesAtTheirOriginalPrice(Fault):
    """On Magento, syncs an order's lines at their products' regular price (``original_price``), not
    the price charged (``price``, ``row_total``): an item sold at a special price goes to NetSuite
    for more than the customer paid."""

    storefronts = frozenset({"magento"})
    only_because = "only Magento keeps an item's regular price beside the price it sold at"
    caught_in = ("order_sync",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _OriginalPriceMagento}


class _DiscountWithItsTaxMagento(MagentoAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        items = {i["item_id"]: i for i in synced["raw"]["items"]}
        # the defect: discount_amount taken off whole, its tax part (discount_tax_compensation_amount) too
        return {**synced, "lines": [{**line, "amount": money(items[line["key"]]["row_total"])
                                     - money(items[line["key"]].get("discount_amount") or 0)} for line in synced["lines"]]}


class SyncsMagentoDiscountsWithTheirTax(Fault):
    """On Magento, takes an item's ``discount_amount`` off its row total whole: a discount taken off
    the price including tax holds a tax part (``discount_tax_compensation_amount``) that the line's
    tax, worked out on what is left, no longer charges, so NetSuite's sales order is short of what
    the customer paid by it."""

    storefronts = frozenset({"magento"})
    only_because = "only Magento keeps a discount's tax part apart from the line's tax"
    caught_in = ("order_sync",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _DiscountWithItsTaxMagento}


class _SharedByMagentoAloneMagento(MagentoAdapter):
    @staticmethod
    def _rounding(raw: dict[str, Any], merged: dict[Any, tuple[dict[str, Any], int, Decimal]],
                  netsuite_tax: Decimal | None = None) -> Decimal:
        return Decimal(0)  # the defect: Magento's shares of what is left of a line taken for NetSuite's


class LetsMagentoShareALinesTaxAndDiscount(Fault):
    """On Magento, lets the credit memo work out each line's tax and discount alone: Magento shares
    what is left of them by the units left, NetSuite the whole line by the units refunded, so a line
    refunded a unit at a time is a cent apart on the second unit (12.34 where NetSuite refunded
    12.33; 37.00 in all against 36.99)."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only a Magento credit memo works out a line's tax and discount from what is left of them"
    caught_in = ("refunds_over_time::test_a_line_refunded_one_unit_at_a_time_over_three_cycles_gives_back_on_storefront_what_netsuite_refunded_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _SharedByMagentoAloneMagento}


class _OwnTaxMagento(MagentoAdapter):
    @staticmethod
    def _rounding(raw: dict[str, Any], merged: dict[Any, tuple[dict[str, Any], int, Decimal]],
                  netsuite_tax: Decimal | None = None) -> Decimal:
        return MagentoAdapter._rounding(raw, merged)  # the defect: NetSuite's tax unread, Magento's shares assumed


class LetsMagentoTaxTheUnits(Fault):
    """On Magento, takes NetSuite's tax of a refund to be what the credit memo gives back (each unit's
    share of its line's, the shipping's share of its): a unit or shipping NetSuite refunds without
    its tax (marked not taxable) gets it from Magento (13.20 where NetSuite refunded 12.00, 4.40
    where 4.00), Posted."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only a Magento credit memo works out the units' tax itself"
    caught_in = ("refund_to_storefront::test_what_refunded_in_netsuite_without_its_tax_gives_back_netsuites_money_on_storefront",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _OwnTaxMagento}


class _UndiscountedShippingMagento(MagentoAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        # the defect: shipping_amount, the shipping before a cart price rule's shipping discount
        return {**synced, "shipping": Decimal(str(synced["raw"]["shipping_amount"]))}


class SyncsMagentoShippingBeforeItsDiscount(Fault):
    """On Magento, syncs an order's shipping as ``shipping_amount``, which is before a cart price
    rule's shipping discount (``shipping_discount_amount``): NetSuite's sales order charges shipping
    the customer did not pay."""

    storefronts = frozenset({"magento"})
    only_because = "its adapter is Magento's"
    caught_in = ("order_sync::test_a_magento_order_with_a_shipping_discount_syncs_with_the_shipping_the_customer_paid",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _UndiscountedShippingMagento}


class _ShippingSentAsPaidMagento(MagentoAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        # the defect: the shipping discount unseen, NetSuite's shipping money is sent as Magento's
        # shipping_amount, which Magento takes the discount's share off
        raw = {k: v for k, v in refund.order["raw"].items()
               if k not in ("shipping_discount_amount", "base_shipping_discount_amount")}
        return super().prepare(replace(refund, order={**refund.order, "raw": raw}))


class RefundsMagentoShippingLessItsDiscount(Fault):
    """On Magento, sends a NetSuite refund's shipping as the credit memo's ``shipping_amount``, which
    is the shipping before a cart price rule's shipping discount: Magento takes the discount's share
    off it, and the customer gets back less shipping than NetSuite refunded (3.00 of 8.00 paid for a
    10.00 shipping with 2.00 off gives back 2.40)."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Magento's"
    caught_in = ("refund_to_storefront::test_part_of_a_magento_orders_discounted_shipping_then_the_rest_refunded_in_netsuite_in_currency_give_back_what_the_customer_paid_for_it",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _ShippingSentAsPaidMagento}


class _ShippingDiscountWithItsTaxMagento(MagentoAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        raw = synced["raw"]
        # the defect: the shipping discount taken off whole, its tax part too
        return {**synced, "shipping": money(raw["shipping_amount"]) - money(raw.get("shipping_discount_amount") or 0)}


class SyncsMagentoShippingDiscountsWithTheirTax(Fault):
    """On Magento, takes a shipping discount off the shipping whole: where shipping prices include
    tax, the discount holds a tax part (``shipping_discount_tax_compensation_amount``) that the
    shipping's tax, worked out on what is left, no longer charges, so NetSuite's sales order has less
    shipping than the customer paid, and a refund of all of it gives back less than Magento would."""

    storefronts = frozenset({"magento"})
    only_because = "only Magento keeps a shipping discount's tax part apart from the shipping's tax"
    caught_in = ("refund_to_storefront::test_a_cash_refund_of_a_paid_storefront_order_is_posted_to_storefront",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _ShippingDiscountWithItsTaxMagento}


class _ShippingSentWithoutItsTaxPartMagento(MagentoAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        # the defect: the shipping discount's tax part unseen, the base shipping sent is worked out as
        # if the credit memo gave none back, so Magento refunds more shipping than NetSuite did
        raw = {k: v for k, v in refund.order["raw"].items()
               if k not in ("shipping_discount_tax_compensation_amount", "base_shipping_discount_tax_compensation_amnt")}
        return super().prepare(replace(refund, order={**refund.order, "raw": raw}))


class RefundsMagentoShippingWithoutItsDiscountsTaxPart(Fault):
    """On Magento, works out the credit memo's ``shipping_amount`` for NetSuite's shipping money as if
    the shipping discount held no tax part: where shipping prices include tax, Magento gives the
    part's share back with the shipping, and the customer gets more shipping back than NetSuite
    refunded (or, for all of it, Magento refuses the last cents as more than is left)."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Magento's"
    caught_in = ("refund_to_storefront::test_a_refund_of_the_shipping_alone_is_posted_as_a_shipping_refund_to_the_card_that_paid",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _ShippingSentWithoutItsTaxPartMagento}


class _ShippingWithoutTaxMagento(MagentoAdapter):
    def __init__(self, client: Any, call: Any, settings: Any = ConnectorSettings) -> None:
        # the defect: blind to the account's settings, it sends the shipping without its tax, as
        # a store that displays it excluding tax reads it, whatever the store displays
        super().__init__(client, call)


class IgnoresMagentoShippingDisplay(Fault):
    """On Magento, sends a credit memo's ``shipping_amount`` without its tax whatever the account
    says of the store: a store that displays shipping including tax reads it with its tax, and the
    customer gets back less than NetSuite refunded (3.00 of shipping with 0.30 of tax, sent as
    3.00, gives back 2.73 and 0.27)."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Magento's"
    caught_in = ("refund_to_storefront::test_part_of_a_magento_orders_taxed_shipping_then_the_rest_refunded_in_netsuite_in_currency_reach_a_store_that_displays_shipping_including_tax_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _ShippingWithoutTaxMagento}


class _RecipientNamedMagento(MagentoAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        ship = synced["raw"]["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]
        # the defect: the customer named from the shipping address, the recipient's
        return {**synced, "first_name": ship.get("firstname"), "last_name": ship.get("lastname")}


class NamesMagentoCustomersAfterTheRecipient(Fault):
    """On Magento, names the NetSuite customer from the order's shipping address: an order shipped to
    someone else (a gift) makes the recipient NetSuite's customer, under the buyer's email."""

    storefronts = frozenset({"magento"})
    only_because = "its adapter is Magento's"
    caught_in = ("order_sync::test_a_storefront_order_of_a_buyer_named_buyer_syncs_with_the_buyer_as_the_netsuite_customer",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _RecipientNamedMagento}


class _RecipientNamedEbay(EbayAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        ship_to = synced["raw"]["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]
        # the defect: the customer named from shipTo, the recipient's
        first, _, last = (ship_to.get("fullName") or synced["raw"]["buyer"]["username"]).strip().partition(" ")
        return {**synced, "first_name": first, "last_name": last.strip()}


class NamesEbayCustomersAfterTheRecipient(Fault):
    """On eBay, names the NetSuite customer from the order's ``shipTo`` (eBay keeps one name there)
    rather than the buyer's ``buyerRegistrationAddress``: an order shipped to someone else (a gift)
    makes the recipient NetSuite's customer, under the buyer's email."""

    storefronts = frozenset({"ebay"})
    only_because = "its adapter is eBay's"
    caught_in = ("order_sync::test_a_storefront_order_of_a_buyer_named_buyer_syncs_with_the_buyer_as_the_netsuite_customer",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "ebay": _RecipientNamedEbay}


def _one_search_of_magento_credit_memos(adapter: MagentoAdapter) -> Any:
    """While it holds, the adapter's client searches an order's credit memos once, naming no page
    size: a store with its input limits on answers its first 20."""
    def one_search(entity_id: Any, fetch: Any = None) -> list[dict[str, Any]]:
        return adapter.call(lambda: adapter.client.creditmemos(search_criteria([("order_id", entity_id, "eq")])))["items"]
    return _replaced(adapter.client, "order_creditmemos", one_search)


class _OnePageMagento(MagentoAdapter):
    def posted(self, order_id: str, mark: str) -> str | None:
        with _one_search_of_magento_credit_memos(self):  # the defect
            return super().posted(order_id, mark)


class _LargestPageMagento(MagentoAdapter):
    def posted(self, order_id: str, mark: str) -> str | None:
        client = self.client

        def one_page(entity_id: Any, fetch: Any = None) -> list[dict[str, Any]]:  # the defect: page 2 never read
            criteria = search_criteria([("order_id", entity_id, "eq")], sort=[("entity_id", "ASC")], page_size=300,
                                       current_page=1)
            return self.call(lambda: client.creditmemos(criteria))["items"]
        with _replaced(client, "order_creditmemos", one_page):
            return super().posted(order_id, mark)


class ReadsTheLargestPageOfMagentoCreditMemos(Fault):
    """On Magento, looks for its stamp on one page of the order's credit memos at the largest size a
    store takes (300): on an order with more, its own credit memo is not found, and a refund deleted
    and retrieved again is refunded again."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Magento's"
    caught_in = ("refund_actions::test_a_posted_refund_listed_past_the_first_page_of_the_orders_refunds_on_storefront_is_found_not_refunded_twice",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _LargestPageMagento}


class _InvoicesOnOneSearchMagento(MagentoAdapter):
    def _captured_invoice(self, *args: Any, **kwargs: Any) -> Any:
        with _one_search_of_magento_credit_memos(self):  # the defect
            return super()._captured_invoice(*args, **kwargs)


class WeighsMagentoInvoicesOnOneSearch(Fault):
    """On Magento, finds its stamp among every credit memo of the order, but counts what each invoice
    has refunded from one search naming no page size (20 on a store with its input limits on): past
    20 credit memos an invoice whose units went back looks as if it held them, the refund goes
    through it, and Magento refuses a credit memo of nothing."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Magento's"
    caught_in = ("refund_actions::test_a_unit_of_a_magento_order_billed_in_two_invoices_past_20_credit_memos_goes_back_through_the_invoice_that_still_holds_one",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _InvoicesOnOneSearchMagento}


class LooksOnOnePageBeforeARetry(Fault):
    """Looks for its stamp on every page before it writes a refund, but on one page only before it
    retries a write whose answer was lost (Shopify's 50 oldest refunds, Magento's 20 of one search on
    a store with its input limits on): on an order with more, the attempt that committed — the
    newest refund — is not found, and the money goes back twice."""

    storefronts = frozenset({"shopify", "magento"})
    directions = TO_STOREFRONT
    only_because = "Shopify's refunds and Magento's credit memos are listed a page at a time"
    caught_in = ("resilience::test_the_answer_to_a_committed_shopify_refund_of_an_order_with_more_refunds_than_a_page_is_lost_the_retry_finds_it",
                 "resilience::test_the_answer_to_a_committed_magento_refund_past_the_20_credit_memos_one_search_lists_is_lost_the_retry_finds_it")

    def _post_to_storefront(self, refund: Any, attempted_before: bool) -> str:
        looks = iter(range(2))
        posted = self._posted_refund
        store: Any = self.storefront
        one_page = _one_page_of_shopify_refunds if self.settings.storefront == "shopify" else _one_search_of_magento_credit_memos

        def on_one_page(order_id: str, mark: str) -> str | None:
            if next(looks, 1) == 0:
                return posted(order_id, mark)  # the look before the write: every page
            with one_page(store):  # the defect: the look before a retry
                return posted(order_id, mark)
        with _replaced(self, "_posted_refund", on_one_page):
            return super()._post_to_storefront(refund, attempted_before)


class ReadsOneSearchOfMagentoCreditMemos(Fault):
    """On Magento, looks for its stamp among the order's credit memos with one search that names no
    page size: a store with its web API input limits on answers its first 20 only, so on an order with
    more, its own credit memo is not found, and a refund deleted and retrieved again, or retried after
    a lost answer, is refunded again."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Magento's"
    caught_in = ("refund_actions::test_a_posted_refund_past_the_20th_credit_memo_of_a_magento_store_with_its_web_api_input_limits_on_is_found_not_refunded_twice",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _OnePageMagento}


class _ClosedTakenForRefundedMagento(MagentoAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        write = super().prepare(refund)
        entity_id = refund.order["raw"]["entity_id"]

        def taking_the_refusal() -> str:
            try:
                return write()
            except VendorError as exc:
                if "when an order has a status of" in exc.message:  # the defect: "closed: refunded in full"
                    return f"magento-order:{entity_id}"
                raise
        return taking_the_refusal


class TakesClosedMagentoOrdersForRefunded(Fault):
    """On Magento, takes the refusal of a credit memo of a closed order ("A creditmemo can not be
    created when an order has a status of closed") for the refund being there already, and marks
    NetSuite's refund Posted naming the order: Magento gave nothing back for it (and an order on
    hold or canceled is refused with the same words)."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "its adapter is Magento's"
    caught_in = ("resilience::test_magento_refuses_netsuites_refund_of_a_unit_of_an_order_the_merchant_refunded_in_full_there_error_with_its_message",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _ClosedTakenForRefundedMagento}


class _NotifyingOfflineMagento(MagentoAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        write = super().prepare(refund)
        refund_order = self.client.refund_order

        def notifying(order_id: Any, body: dict[str, Any] | None = None) -> int:
            return refund_order(order_id, {**(body or {}), "notify": True})  # the defect: Magento e-mails the customer

        def run() -> str:
            with _replaced(self.client, "refund_order", notifying):
                return write()
        return run


class NotifiesOnOfflineMagentoRefunds(Fault):
    """On Magento, asks Magento to e-mail the customer of a refund made offline (an order on terms):
    the customer hears of a refund from two systems, the card path stays silent."""

    storefronts = frozenset({"magento"})
    directions = TO_STOREFRONT
    only_because = "only Magento refunds an order on terms from the order"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_an_order_billed_as_billing_reaches_storefront_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "magento": _NotifyingOfflineMagento}





class _RestockingManualWooCommerce(WooCommerceAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        write = super().prepare(refund)
        create_refund = self.client.create_refund

        def restocking(order_id: Any, body: dict[str, Any]) -> dict[str, Any]:
            if body.get("api_refund") is False:  # the defect: api_restock left to WooCommerce's default (true)
                body = {name: value for name, value in body.items() if name != "api_restock"}
            return create_refund(order_id, body)

        def run() -> str:
            with _replaced(self.client, "create_refund", restocking):
                return write()
        return run


class RestocksManualWooCommerceRefunds(Fault):
    """On WooCommerce, leaves ``api_restock`` out of a manual refund (an order on terms), so
    WooCommerce puts the items back in stock: stock is NetSuite's, and it counts them twice."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce records a manual refund"
    caught_in = ("refund_to_storefront::test_a_full_refund_of_an_order_billed_as_billing_reaches_storefront_to_the_cent",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _RestockingManualWooCommerce}


class SyncsCartOrdersWithoutLooking(Fault):
    """On Magento and WooCommerce, an order sync writes its sales order without an idempotency key
    and, after a lost answer, never looks for what the first attempt wrote: the order ends in Error
    though its sales order is in NetSuite, or is written twice."""

    storefronts = CARTS
    only_because = "its branch runs on the carts only"
    caught_in = ("order_sync::test_a_storefront_order_whose_sync_lost_netsuites_answer_every_time_is_linked_when_synced_again_not_duplicated",)
    _blind = False

    def sync_order(self, order_id: str) -> OrderSyncResult:
        self._blind = self.settings.storefront in CARTS
        try:
            return super().sync_order(order_id)
        finally:
            self._blind = False

    def _create_sales_order(self, order: dict[str, Any], idempotency_key: str) -> str:
        key = None if self._blind else idempotency_key  # None: NetSuite's synchronous write, no key
        return super()._create_sales_order(order, key)  # type: ignore[arg-type]

    def _call(self, action, *, committed=None):
        return super()._call(action, committed=None if self._blind else committed)


class KeepsCartOrdersOnceRead(Fault):
    """On Magento and WooCommerce, keeps the NetSuite records it read for an order and never reads
    them again: a refund of an order deleted in NetSuite after the refund was retrieved is posted to
    the cart all the same."""

    storefronts = CARTS
    directions = TO_STOREFRONT
    only_because = "its branch runs on the carts only"
    caught_in = ("missing_order::test_a_netsuite_refund_of_a_storefront_order_deleted_in_netsuite_after_the_retrieve_errors_says_so_and_is_canceled",)

    def _sales_order(self, order_id: str) -> dict[str, Any] | None:
        found = super()._sales_order(order_id)
        if self.settings.storefront not in CARTS:
            return found
        kept = self.__dict__.setdefault("_kept", {})
        if found is not None:
            kept[order_id] = found
        return kept.get(order_id)

    def _get(self, record_type: str, key: str) -> dict[str, Any]:
        if self.settings.storefront not in CARTS:
            return super()._get(record_type, key)
        kept = self.__dict__.setdefault("_kept_records", {})
        if (record_type, key) not in kept:
            kept[(record_type, key)] = super()._get(record_type, key)
        return kept[(record_type, key)]


class TriesCartsFiveTimes(Fault):
    """On Magento and WooCommerce, tries every call five times, whatever the account's attempts."""

    storefronts = CARTS
    only_because = "its branch runs on the carts only"
    caught_in = ("order_sync::test_a_storefront_order_whose_sync_lost_netsuites_answer_every_time_is_linked_when_synced_again_not_duplicated",)

    def _call(self, action, *, committed=None):
        if self.settings.storefront not in CARTS:
            return super()._call(action, committed=committed)
        with self._settings_as(max_attempts=5):
            return super()._call(action, committed=committed)


class DropsUnknownCartSettings(Fault):
    """On Magento and WooCommerce, drops a setting it does not have instead of refusing it: a
    misspelt ``max_attempt`` leaves the account on the default it was meant to change, unsaid."""

    storefronts = CARTS
    only_because = "its branch runs on the carts only"
    caught_in = ("account_settings::test_a_storefront_account_with_a_setting_the_connector_does_not_have_is_refused_naming_it",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(replace(context, settings=self._known(context.settings or {})))

    def update_settings(self, settings: dict[str, Any]) -> None:
        super().update_settings(self._known(settings))

    @staticmethod
    def _known(settings: dict[str, Any]) -> dict[str, Any]:
        if settings.get("storefront") not in CARTS:
            return settings
        known = ConnectorSettings.__dataclass_fields__
        return {name: value for name, value in settings.items() if name in known}  # the defect: the rest, unsaid


class RestartsTheCartScheduleAtAnySetting(Fault):
    """On Magento and WooCommerce, starts the scheduled sync's 90 minutes again whenever a setting
    changes: an account whose settings change more often than that never runs its schedule."""

    storefronts = CARTS
    directions = TO_STOREFRONT
    only_because = "its branch runs on the carts only"
    caught_in = ("refund_actions::test_a_setting_changed_while_the_scheduled_sync_runs_does_not_restart_its_90_minutes_on_storefront",)

    def update_settings(self, settings: dict[str, Any]) -> None:
        super().update_settings(settings)
        if self.settings.storefront in CARTS:
            self._last_scheduled_run = self.context.clock()


class SchedulesOffShopifyByDefault(Fault):
    """On eBay, Magento and WooCommerce, runs the scheduled sync unless the account turns it off:
    refunds are posted on a schedule nobody switched on."""

    storefronts = CARTS | {"ebay"}
    at_defaults = frozenset({"scheduled_sync"})
    only_because = "its branch runs off Shopify only"
    caught_in = ("refund_actions::test_without_the_scheduled_refund_sync_the_default_hours_pass_and_no_refund_is_retrieved_from_netsuite_for_storefront",
                 "ebay_refunds::test_without_the_scheduled_refund_sync_the_default_hours_pass_and_no_ebay_refund_is_retrieved")

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        if self.settings.storefront != "shopify" and "scheduled_sync" not in (context.settings or {}):
            self.settings = replace(self.settings, scheduled_sync=True)


class KnowsItsWritesByTheirAnswers(Fault):
    """Both ways, knows its own writes by the record ids their answers gave it, not by what the
    records carry (the NetSuite external ID, the Shopify note's stamp): a write whose answer was lost
    is not known, and the next sync takes the connector's own NetSuite refund for one a NetSuite user
    made and refunds the customer a second time on Shopify."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"both"})
    only_because = "its own writes come back only with both directions on"
    caught_in = ("bidirectional_conflict::test_both_ways_a_shopify_refund_whose_netsuite_answer_was_lost_is_not_sent_back_to_shopify",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self._written: set[str] = set()  # "<kind>:<id>" of the records its posts' answers named

    def post(self, transaction_id: str) -> OtherTransaction:
        view = super().post(transaction_id)
        target = self.book.refund(transaction_id).target_record
        if target:
            self._written.add(target)
        return view

    def _ours(self, record: dict[str, Any]) -> bool:  # type: ignore[override]
        return any(written.endswith(f":{record.get('id')}") and not written.startswith("shopify")
                   for written in self._written)  # the defect: not the record's externalId

    def _retrieve_from_shopify(self, order_id: str) -> Any:
        read = self.shopify.refunds

        def not_written(order_id: str, **kwargs: Any) -> list[dict[str, Any]]:
            return [each for each in read(order_id, **kwargs) if f"shopify-refund:{each['id']}" not in self._written]
        with _replaced(self.shopify, "refunds", not_written), _replaced(self, "_is_own_write", lambda text: False):
            return super()._retrieve_from_shopify(order_id)


class RetrievesFromNetSuiteOnShopifyEitherWay(Fault):
    """On Shopify, retrieves an order's NetSuite refunds though the account syncs refunds to NetSuite
    only: a refund made in NetSuite goes to Shopify too, where the merchant refunds already."""

    storefronts = frozenset({"shopify"})
    directions = frozenset({"to_netsuite"})
    only_because = "its branch runs on a Shopify account that syncs refunds to NetSuite only"
    caught_in = ("refund_to_netsuite::test_a_retrieve_from_netsuite_is_refused_the_account_syncs_storefront_refunds_to_netsuite_only",)

    def retrieve_refunds(self, source_channel: str, order_id: str):
        if source_channel == "netsuite" and self.settings.storefront == "shopify" and not self.settings.from_netsuite:
            with self._settings_as(refund_direction="from_netsuite"):  # the defect: the direction unread
                return super().retrieve_refunds(source_channel, order_id)
        return super().retrieve_refunds(source_channel, order_id)


class _EbayReadOnce(EbayAdapter):
    def __init__(self, client: Any, call: Any, settings: Any = ConnectorSettings) -> None:
        super().__init__(client, lambda action, **_: action(), settings)  # the defect: no retries


class ReadsEbayOrdersOnce(Fault):
    """Reads an eBay order once, never retried: a 429 or 5xx from eBay fails the order's sync."""

    storefronts = frozenset({"ebay"})
    only_because = "its adapter is eBay's"
    caught_in = ("order_sync::test_storefront_failing_the_order_lookups_of_an_order_sync_http_status_times_times_ends_it_in_error_with_the_cause",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "ebay": _EbayReadOnce}


class _ListPriceEbay(EbayAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        cost = {l["lineItemId"]: Decimal(l["lineItemCost"]["value"]) for l in synced["raw"]["lineItems"]}
        # the defect: lineItemCost, the cost before the seller's promotions
        return {**synced, "lines": [{**line, "amount": cost[line["key"]]} for line in synced["lines"]]}


class SyncsEbayLinesAtTheirListPrice(Fault):
    """Syncs an eBay order's lines at ``lineItemCost``, their cost before the seller's promotions:
    NetSuite's sales order charges a price the buyer did not pay, and a return of a promoted unit
    is refunded in NetSuite at that price, less a negative adjustment."""

    storefronts = frozenset({"ebay"})
    only_because = "its adapter is eBay's"
    caught_in = ("order_sync::test_an_ebay_order_with_a_line_bought_at_the_sellers_promotion_syncs_at_the_price_the_buyer_paid",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "ebay": _ListPriceEbay}


class _FirstPromotionEbay(EbayAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        # the defect: the cost less the line's first promotion, the others left on it
        paid = {l["lineItemId"]: Decimal(l["lineItemCost"]["value"])
                - (Decimal(l["appliedPromotions"][0]["discountAmount"]["value"]) if l["appliedPromotions"] else Decimal("0"))
                for l in synced["raw"]["lineItems"]}
        return {**synced, "lines": [{**line, "amount": paid[line["key"]]} for line in synced["lines"]]}


class ReadsTheFirstEbayPromotionOnly(Fault):
    """Syncs an eBay line at its ``lineItemCost`` less its first applied promotion only: eBay applies
    more than one of a seller's promotions to a line (an ``appliedPromotions`` entry each), and
    NetSuite's sales order charges what the others took off."""

    storefronts = frozenset({"ebay"})
    only_because = "its adapter is eBay's"
    caught_in = ("order_sync::test_an_ebay_order_syncs_to_netsuite_line_by_line",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "ebay": _FirstPromotionEbay}


class _UndiscountedShippingEbay(EbayAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        synced = super().order(order_id)
        # the defect: deliveryCost, the shipping before its discount
        return {**synced, "shipping": Decimal(synced["raw"]["pricingSummary"]["deliveryCost"]["value"])}


class SyncsEbayShippingBeforeItsDiscount(Fault):
    """Syncs an eBay order's shipping as ``pricingSummary.deliveryCost``, which is before the seller's
    combined shipping discount: NetSuite's sales order charges delivery the buyer did not pay."""

    storefronts = frozenset({"ebay"})
    only_because = "its adapter is eBay's"
    caught_in = ("order_sync::test_an_ebay_order_with_a_combined_shipping_discount_syncs_with_the_shipping_the_buyer_paid",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "ebay": _UndiscountedShippingEbay}


class PostsEbayReturnShippingAsMoney(Fault):
    """Reads an eBay return's line alone: the original shipping the seller refunded with it (its
    ORIGINAL_SHIPPING itemized refund) goes to NetSuite as money against the adjustment item, the
    bill's shipping never credited — and the refund ends in Error on an account without one."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns carry itemized refunds"
    caught_in = ("ebay_refunds::test_an_ebay_return_refunded_with_its_original_shipping_becomes_a_netsuite_record_of_the_item_and_the_shipping",)

    def _storefront_refund(self, refund: Any) -> Any:
        read = super()._storefront_refund(refund)
        if refund.source_record.startswith("ebay-return:"):
            return read._replace(shipping=Decimal("0"))  # the defect: the return's line alone
        return read


class PostsEbayReturnPostageAsShipping(Fault):
    """Reads everything an eBay return's refund gives back beyond the item's price as the original
    shipping: the buyer's return postage the seller paid back (its RETURN_SHIPPING itemized refund)
    credits the bill's shipping, which the buyer never had back."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns carry itemized refunds"
    caught_in = ("ebay_refunds::test_an_ebay_return_refunded_with_the_buyers_return_postage_credits_the_item_and_the_postage_as_money_beyond_the_lines",)

    def _storefront_refund(self, refund: Any) -> Any:
        read = super()._storefront_refund(refund)
        if not refund.source_record.startswith("ebay-return:"):
            return read
        ret = self._call(lambda: self.ebay.get_return(refund.source_record.split(":")[1]))
        actual = (ret["detail"].get("refundInfo") or {}).get("actualRefundDetail") or {}
        parts = (actual.get("actualRefund") or {}).get("itemizedRefundDetail") or []
        # the defect: every part but the item's price taken for the original shipping
        return read._replace(shipping=sum((Decimal(p["refundAmount"]["value"]) for p in parts
                                           if p.get("refundFeeType") != "PURCHASE_PRICE"), Decimal("0")))


class PostsEbayReturnsAtWhatWasRefunded(Fault):
    """Posts an eBay return's line at what the seller refunded for it (its PURCHASE_PRICE itemized
    refund), not at what the bill sold it for: a seller's deduction from a return not in its
    original condition shrinks the item line instead of going against the negative adjustment
    item — the sale under-reversed, the deduction hidden."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns carry itemized refunds"
    caught_in = ("ebay_refunds::test_an_ebay_return_the_seller_refunded_for_less_becomes_a_netsuite_refund_of_what_the_buyer_got",)

    def _storefront_refund(self, refund: Any) -> Any:
        read = super()._storefront_refund(refund)
        if not refund.source_record.startswith("ebay-return:"):
            return read
        detail = self.ebay.get_return(refund.source_record.split(":")[1])["detail"]
        actual = ((detail.get("refundInfo") or {}).get("actualRefundDetail") or {}).get("actualRefund") or {}
        price = sum((money(part["refundAmount"]["value"]) for part in actual.get("itemizedRefundDetail") or []
                     if part.get("refundFeeType") == "PURCHASE_PRICE"), Decimal("0"))
        return read._replace(pairs=[(sku, units, price, tax, unit) for sku, units, _, tax, unit in read.pairs])  # the defect


class CreditsEbayReturnsAtTheRoundedRate(Fault):
    """Credits an eBay return's units at the bill's rate rounded to the cent, times the units: a
    promoted line whose unit is not whole cents (28.36 for three) goes a cent short on its line
    (18.90 of 18.91), that cent against the positive adjustment item, and the whole line returned
    never reverses the sale's last cent."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns are units at the bill's price"
    caught_in = ("ebay_refunds::test_an_ebay_return_of_units_units_of_a_promoted_line_whose_unit_price_is_not_whole_cents_credits_the_line_to_the_cent",)

    @staticmethod
    def _units_of(line: dict[str, Any], units: int) -> Decimal:
        return money(line["rate"]) * units  # the defect: the rate rounded, then multiplied


class CreditsEbayReturnsHalfToEven(Fault):
    """Credits an eBay return's units at their share of the bill's line rounded half to even, where
    eBay (and NetSuite, a line's quantity × rate) round half up: a unit of 18.05 for two goes on the
    line at 9.02 of eBay's 9.03, the cent against the positive adjustment item (on an account
    without one, Error: nothing posted)."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns are units at the bill's price"
    caught_in = ("ebay_refunds::test_an_ebay_return_of_a_unit_whose_share_of_its_line_ends_in_half_a_cent_credits_the_line_to_the_cent",)

    @staticmethod
    def _units_of(line: dict[str, Any], units: int) -> Decimal:
        return (money(line["amount"]) * units / Decimal(str(line["quantity"]))).quantize(Decimal("0.01"))  # the defect: half to even


class CreditsTheLastBillLineOfASku(Fault):
    """Posting a storefront refund to NetSuite, takes the bill's line of a SKU by its SKU alone (the
    last of them): an eBay return of a unit sold at 12.00 beside one at 10.00 credits the 10.00 line,
    and 2.00 goes against the positive adjustment item."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns are credited at the bill line's price (a Shopify refund gives its own amount)"
    caught_in = ("ebay_refunds::test_an_ebay_return_of_the_line_of_two_lines_of_one_sku_at_two_prices_credits_the_line_it_was_sold_on",)

    @staticmethod
    def _bill_line(lines: list[dict[str, Any]], unit: Decimal) -> dict[str, Any]:
        return lines[-1]  # the defect: by SKU alone


class CreditsTheFirstBillLineOfASku(Fault):
    """The mirror of :class:`CreditsTheLastBillLineOfASku` (the first of them, as a dict built with
    ``setdefault`` keeps it): an eBay return of the unit sold at 10.00 beside one at 12.00 credits the
    12.00 line, and 2.00 goes against the negative adjustment item (Error on an account without one)."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns are credited at the bill line's price (a Shopify refund gives its own amount)"
    caught_in = ("ebay_refunds::test_an_ebay_return_of_the_line_of_two_lines_of_one_sku_at_two_prices_credits_the_line_it_was_sold_on",)

    @staticmethod
    def _bill_line(lines: list[dict[str, Any]], unit: Decimal) -> dict[str, Any]:
        return lines[0]  # the defect: by SKU alone


class ReadsEbayReturnRefundsWhateverTheirStatus(Fault):
    """Reads a closed eBay return's refund from the return's detail (getReturn's default answer:
    ``refundInfo.actualRefundDetail.actualRefund.totalAmount``) without its ``refundStatus``: a return
    whose refund eBay failed, which the buyer then closed, is retrieved and posted to NetSuite as money
    the buyer got back."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns carry a refund of their own"
    caught_in = ("ebay_refunds::test_an_ebay_return_whose_refund_ebay_failed_then_closed_by_the_buyer_is_not_retrieved",)

    def _retrieve_from_ebay(self, order_id: str) -> Any:
        get_return = self.ebay.get_return

        def from_detail(return_id: str, *, fieldgroups: str | None = None) -> dict[str, Any]:
            if fieldgroups != "SUMMARY":
                return get_return(return_id, fieldgroups=fieldgroups)
            detail = get_return(return_id)["detail"]
            actual = ((detail.get("refundInfo") or {}).get("actualRefundDetail") or {}).get("actualRefund") or {}
            # the defect: the refund's total, whatever its refundStatus
            refund = {"actualRefundAmount": actual["totalAmount"]} if actual.get("totalAmount") else {}
            return {"summary": {"state": "CLOSED", "sellerTotalRefund": refund}}
        with _replaced(self.ebay, "get_return", from_detail):
            return super()._retrieve_from_ebay(order_id)


class SearchesEbayReturnsSinceTheLastImport(Fault):
    """Searches an order's eBay returns opened since its last retrieve that imported a refund
    (``creation_date_range_from``), not all of them: a return the buyer opened before that retrieve
    and the seller refunded after it is never retrieved, and NetSuite never credits it."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns are searched"
    caught_in = ("ebay_refunds::test_an_ebay_return_opened_before_an_earlier_retrieve_and_refunded_after_it_is_retrieved_and_posted",)

    def _retrieve_from_ebay(self, order_id: str) -> Any:
        started = self.context.clock().strftime("%Y-%m-%dT%H:%M:%S.000Z")
        imported: dict[str, str] = self.__dict__.setdefault("_imported_at", {})
        every, since = self.ebay.every_return, imported.get(order_id)

        def newer(order: str, *, fetch: Any = None, **params: Any) -> list[dict[str, Any]]:
            if since is not None:
                params["creation_date_range_from"] = since  # the defect: only the returns opened since
            return every(order, fetch=fetch, **params)
        with _replaced(self.ebay, "every_return", newer):
            result = super()._retrieve_from_ebay(order_id)
        if result.success:
            imported[order_id] = started
        return result


class ReadsEbayReturnsOnce(Fault):
    """Reads an eBay return (getReturn) once, never retried, where every other read is: eBay failing
    that read once (a 503) ends a post of the return's refund in Error."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's returns are read"
    caught_in = ("ebay_refunds::test_ebay_fails_the_return_lookup_of_a_post_once_retried_the_refund_is_posted",)

    def _storefront_refund(self, refund: Any) -> Any:
        get_return = self.ebay.get_return
        tried: list[str] = []

        def once(return_id: str, **kwargs: Any) -> dict[str, Any]:
            if return_id in tried:  # the defect: a retry of the read fails as the first did
                raise SyncError(f"eBay return {return_id} could not be read")
            tried.append(return_id)
            return get_return(return_id, **kwargs)
        with _replaced(self.ebay, "get_return", once):
            return super()._storefront_refund(refund)


class ReadsOnePageOfEbayReturns(Fault):
    """Reads the first page of an order's eBay returns only (eBay's return search answers 25 at a
    time): the refunds of the returns past it are never retrieved, and NetSuite never gets that
    money back."""

    storefronts = frozenset({"ebay"})
    only_because = "only eBay's returns are read through its Post-Order search"
    caught_in = ("ebay_refunds::test_every_refunded_return_of_an_ebay_order_with_more_returns_than_a_page_of_ebays_return_search_is_retrieved",)

    def _retrieve_from_ebay(self, order_id: str) -> Any:
        def first_page(order: str, *, fetch: Any, **params: Any) -> list[dict[str, Any]]:
            return list(fetch(lambda: self.ebay.search_returns(order, **params)).get("members") or [])  # the defect
        with _replaced(self.ebay, "every_return", first_page):
            return super()._retrieve_from_ebay(order_id)


class PagesEbayReturnsByIndex(Fault):
    """Reads an order's eBay returns page by page sending the search's ``offset`` as the page's
    number (1 for the second page) where it counts the returns to skip: its second page is the first
    moved on by one return, and of an order with 27 returns or more the last ones never reach
    NetSuite."""

    storefronts = frozenset({"ebay"})
    only_because = "only eBay's returns are read through its Post-Order search"
    caught_in = ("ebay_refunds::test_every_refunded_return_of_an_ebay_order_with_more_returns_than_a_page_of_ebays_return_search_is_retrieved",)

    def _retrieve_from_ebay(self, order_id: str) -> Any:
        def by_index(order: str, *, fetch: Any, **params: Any) -> list[dict[str, Any]]:
            found: dict[str, Any] = {}
            page = 0
            while True:
                asked = {**params, "offset": page} if page else params  # the defect: a page number
                answer = fetch(lambda asked=asked: self.ebay.search_returns(order, **asked))
                for member in answer.get("members") or []:
                    found.setdefault(member["returnId"], member)
                page += 1
                if page >= int(answer.get("paginationOutput", {}).get("totalPages") or 1):
                    return list(found.values())
        with _replaced(self.ebay, "every_return", by_index):
            return super()._retrieve_from_ebay(order_id)


class CreditsTheOrdersShippingWithAnEbayReturn(Fault):
    """Takes an eBay return refunded with its original shipping for "the shipping was refunded", and
    credits the whole order's shipping in NetSuite, not the line's share eBay gave back (7.50 for
    3.75 of a return of one of two lines), the difference against the negative adjustment item."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay gives back a return's original shipping by its line"
    caught_in = ("ebay_refunds::test_an_ebay_return_of_one_of_two_lines_refunded_with_its_original_shipping_credits_that_lines_share_of_the_shipping",)

    def _storefront_refund(self, refund: Any) -> Any:
        read = super()._storefront_refund(refund)
        if refund.source_record.startswith("ebay-return:") and read.shipping:
            order = self._call(lambda: self.ebay.get_order(refund.order_id))
            # the defect: the order's whole shipping
            return read._replace(shipping=ebay_shipping_paid(order["pricingSummary"]))
        return read


class KnowsEbaySellerCancellationsByTheirReason(Fault):
    """Tells a seller's own eBay cancellation from a buyer's by its reason (out of stock), not by who
    asked (``requestorType``): a seller's cancellation for an unusable address is retrieved and
    posted to NetSuite as a buyer-requested refund."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's buyers ask to cancel an order through the marketplace"
    caught_in = ("ebay_refunds::test_a_cancellation_the_seller_made_itself_reason_is_not_retrieved_no_buyer_asked_for_it",)

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        every = self.ebay.every_cancellation

        def by_reason(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
            return [{**c, "requestorType": "SELLER" if c.get("cancelReason") == "OUT_OF_STOCK_OR_CANNOT_FULFILL" else "BUYER"}
                    for c in every(*args, **kwargs)]  # the defect
        self.ebay.every_cancellation = by_reason  # type: ignore[method-assign]


class PostsEbayCancellationsAtTheOrdersTotal(Fault):
    """Takes an approved eBay cancellation's refund for the order's total ("a cancellation refunds
    the whole order"), not what eBay's refund paid (what was left of the order): after the seller
    refunded part of the order while the buyer's request waited, NetSuite refunds that part again."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "only eBay's buyers ask to cancel an order through the marketplace"
    caught_in = ("ebay_refunds::test_a_cancellation_approved_after_the_seller_refunded_part_of_the_order_becomes_a_netsuite_refund_of_what_ebay_paid_back",)

    def _import(self, order_id: str, found: list[tuple[str, Decimal, str]], channel: str) -> Any:
        if channel == "ebay" and any(source.startswith("ebay-cancellation:") for source, _, _ in found):
            total = self._call(lambda: self.ebay.get_order(order_id))["pricingSummary"]["total"]
            found = [(source, money(total["value"]), total["currency"]) if source.startswith("ebay-cancellation:")
                     else (source, amount, currency) for source, amount, currency in found]  # the defect
        return super()._import(order_id, found, channel)


class KeysEbayRefundsByTheirRow(Fault):
    """Gives the NetSuite refund of an eBay return the connector's row as its external ID, not the
    return: a refund deleted from the connector and retrieved again is a new one, and NetSuite
    refunds it twice."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "its branch runs on eBay's refunds only"
    caught_in = ("ebay_refunds::test_a_buyerrequested_ebay_refund_becomes_a_record_in_netsuite",)
    #: The refunds the defect takes: their source record's start (every eBay refund's).
    taken = "ebay-"

    def _post_to_netsuite(self, refund, attempted_before: bool) -> str:
        if refund.source_record.startswith(self.taken):
            refund = replace(refund, source_record=f"{refund.source_record}.{refund.id}")
        return super()._post_to_netsuite(refund, attempted_before)


class RefundsUnbilledEbayOrders(Fault):
    """Writes the refund of an eBay order NetSuite has not billed as a standalone credit memo of the
    order's customer, instead of waiting for the bill: money goes back for an order never charged."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "its branch runs on eBay's refunds only"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_not_billed_in_netsuite_yet_is_not_posted_and_says_why",)
    #: The refunds the defect takes: their source record's start (every eBay refund's).
    taken = "ebay-"

    def _post_to_netsuite(self, refund, attempted_before: bool) -> str:
        try:
            return super()._post_to_netsuite(refund, attempted_before)
        except SyncError as exc:
            sales_order = self._sales_order(refund.order_id)
            if not refund.source_record.startswith(self.taken) or "has not been billed" not in str(exc) or sales_order is None:
                raise
            line = sales_order["item"]["items"][0]
            return "creditMemo:" + self.netsuite.create("creditMemo", {
                "entity": {"id": sales_order["entity"]["id"]},
                "item": {"items": [{"item": {"id": line["item"]["id"]}, "quantity": 1, "rate": float(refund.amount)}]}})


class RefundsEbayFromTheLastBill(Fault):
    """Makes an eBay refund from the order's last bill, not the first: the refund of a line billed
    earlier is made from a bill that does not have it, as money against the adjustment item (or not
    at all), and the bill that charged the line is never credited."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "its branch runs on eBay's refunds only"
    caught_in = ("refund_to_netsuite::test_a_storefront_refund_of_an_order_billed_in_two_cash_sales_is_made_from_the_one_that_billed_its_line",)

    def _bill_of(self, read: Any, billed: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        return billed[-1] if self.settings.storefront == "ebay" else super()._bill_of(read, billed)


class KeysEbayCancellationsByTheirRow(KeysEbayRefundsByTheirRow):
    """Gives the NetSuite refund of an eBay cancellation the connector's row as its external ID (a
    return's keeps eBay's return): a cancellation's refund deleted from the connector and retrieved
    again is not found, and is written again."""

    only_because = "only eBay's buyers cancel an order through the marketplace"
    caught_in = ("ebay_refunds::test_an_approved_cancellation_posted_to_netsuite_deleted_from_the_connector_and_retrieved_again_is_not_refunded_twice",)
    taken = "ebay-cancellation:"


class RefundsUnbilledEbayCancellations(RefundsUnbilledEbayOrders):
    """Writes the refund of an eBay cancellation NetSuite has not billed yet as a standalone credit
    memo of the order's customer (a return's waits for the bill): money goes back for an order never
    charged in NetSuite."""

    only_because = "only eBay's buyers cancel an order through the marketplace"
    caught_in = ("ebay_refunds::test_an_approved_cancellation_of_an_order_not_billed_in_netsuite_yet_is_not_posted_and_says_why",)
    taken = "ebay-cancellation:"


class RetrievesFromEbayWithRefundSyncOff(Fault):
    """Retrieves an eBay order's refunds whether or not the account syncs refunds to NetSuite."""

    storefronts = frozenset({"ebay"})
    only_because = "its branch runs on eBay's retrieves only"
    caught_in = ("refund_to_netsuite::test_with_refund_sync_off_nothing_is_retrieved_from_storefront",)

    def retrieve_refunds(self, source_channel: str, order_id: str):
        if source_channel == "ebay" == self.settings.storefront and not self.settings.to_netsuite and order_id.strip():
            return self._retrieve_from_ebay(order_id.strip())
        return super().retrieve_refunds(source_channel, order_id)


class WritesEbayRefundsOnce(Fault):
    """Writes an eBay refund to NetSuite once: a 429 or 5xx from NetSuite is not retried."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "its branch runs on eBay's refunds only"
    caught_in = ("resilience::test_with_max_attempts_at_its_default_netsuite_failing_every_time_is_tried_4_times_for_a_storefront_refund",)

    def _post_to_netsuite(self, refund, attempted_before: bool) -> str:
        self._once = refund.source_channel == "ebay"
        try:
            return super()._post_to_netsuite(refund, attempted_before)
        finally:
            self._once = False

    def _call(self, action, *, committed=None):
        if getattr(self, "_once", False) and committed is not None:  # the write of the refund
            return action()
        return super()._call(action, committed=committed)


class DropsFailedEbayOrdersFromTheSchedule(DropsFailedOrdersFromTheSchedule):
    """Its scheduled sync drops for good an eBay order whose sync had failed when it ran: synced
    later, the order's refunds are never retrieved by the schedule."""

    storefronts = frozenset({"ebay"})
    directions = TO_NETSUITE
    only_because = "its branch runs on eBay's schedule only"
    caught_in = ("refund_to_netsuite::test_the_scheduled_sync_leaves_a_storefront_refund_of_an_order_whose_sync_failed_until_the_order_is_synced_then_posts_it",)

    def _scheduled_run(self) -> None:
        if self.settings.storefront != "ebay":
            return ReferenceConnector._scheduled_run(self)
        return super()._scheduled_run()


class _GiftCardFallbackShopify(ShopifyAdapter):
    def _payments_left(self, order_id: str) -> tuple[list[tuple[dict[str, Any], Decimal]], Decimal]:
        cards, gift_cards = super()._payments_left(order_id)
        if cards or not gift_cards:
            return cards, gift_cards
        # the defect: no card payment, so the order's payments as Shopify lists them, gift cards and all
        transactions = self.call(lambda: self.client.transactions(order_id))
        paid = [(t, money(t["amount"]) - sum((money(r["amount"]) for r in transactions if r["kind"] == "refund"
                                               and r["status"] in self.REFUNDS_TAKING and r["parent_id"] == t["id"]), Decimal("0")))
                for t in transactions if t["kind"] in ("sale", "capture") and t["status"] == "success"]
        return paid, Decimal("0")


class RefundsGiftCardOnlyShopifyOrders(Fault):
    """Falls back on the order's gift card when a Shopify order has no card payment (paid whole by
    gift card): NetSuite's refund goes back on the gift card and says Posted, though the connector
    never refunds a gift card (DOMAIN.md §1)."""

    storefronts = frozenset({"shopify"})
    directions = TO_STOREFRONT
    only_because = "its Shopify adapter refunds NetSuite's refunds through the order's payments"
    caught_in = ("refund_to_storefront::test_a_refund_of_a_shopify_order_paid_wholly_by_gift_card_ends_in_error_and_nothing_is_refunded",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "shopify": _GiftCardFallbackShopify}


class _NumberedWooCommerce(WooCommerceAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        order = super().order(order_id)
        order["id"] = str(order["raw"].get("number") or order["raw"]["id"])  # the defect: the number customers read
        return order


class SyncsWooCommerceOrdersByTheirNumber(Fault):
    """Takes a WooCommerce order's ``number`` for its ID: numbered by a plugin (WT-1042), the order
    syncs under an external ID no retrieve of it finds, and its refunds never go back."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its WooCommerce adapter reads the cart's orders"
    caught_in = ("refund_to_storefront::test_a_woocommerce_order_numbered_by_a_plugin_syncs_under_its_id_and_netsuites_refund_goes_back_to_it",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _NumberedWooCommerce}


class _RefundsByNumberWooCommerce(WooCommerceAdapter):
    def prepare(self, refund: RefundToPost) -> Write:
        write = super().prepare(refund)
        number = str(refund.order["raw"].get("number") or refund.order_id)
        create = self.client.create_refund

        def run() -> Any:
            # the defect: the refund posted to /orders/<number>, the number customers read
            with _replaced(self.client, "create_refund", lambda order_id, body: create(number, body)):
                return write()
        return run


class RefundsWooCommerceOrdersByTheirNumber(Fault):
    """Posts a WooCommerce refund to ``/orders/<number>``: numbered by a plugin, the order's refund
    goes to no order (404), or to the order whose id the number is — another customer's."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its WooCommerce adapter posts NetSuite's refunds to the cart"
    caught_in = ("refund_to_storefront::test_a_woocommerce_order_numbered_by_a_plugin_syncs_under_its_id_and_netsuites_refund_goes_back_to_it",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _RefundsByNumberWooCommerce}


class TakesShopifyRefusalsForDeletedRefunds(Fault):
    """Takes any refusal of the read of the Shopify refund it posts to NetSuite for the refund being
    gone ("no longer exists": cancel it), a 403 of a lost scope too: the merchant cancels a refund
    that went back to the customer, and NetSuite never records it."""

    storefronts = frozenset({"shopify"})
    directions = TO_NETSUITE
    at_defaults = frozenset({"only_return_authorization_against_matching_record"})
    only_because = "it reads Shopify's refunds to post them to NetSuite"
    caught_in = ("resilience::test_shopify_refuses_the_lookup_of_the_refund_being_posted_to_netsuite_http_403_error_with_the_cause_posted_once_shopify_takes_it",)

    def _storefront_refund(self, refund: Any) -> StorefrontRefundRead:
        try:
            return super()._storefront_refund(refund)
        except VendorError as exc:  # the defect: every refusal read as the refund deleted
            raise SyncError(f"Shopify refund {refund.source_record.split(':')[1]} no longer exists.") from exc


class _TaxDifferenceOnTheFirstLineWooCommerce(WooCommerceAdapter):
    @staticmethod
    def spread_tax(tax: Decimal, shares: list[Decimal]) -> list[Decimal]:
        # the defect: the whole difference from the lines' shares on the first taxed line, meant for a cent
        return [shares[0] + tax - sum(shares, Decimal(0)), *shares[1:]] if shares else []


class PutsWooCommerceTaxDifferencesOnTheFirstTaxedLine(Fault):
    """On WooCommerce, puts the whole difference between NetSuite's refunded tax and the refunded
    lines' shares of their tax on the first taxed line (meant for a rounding cent): a unit each of
    two lines refunded without their tax gives the first -0.85 of tax and the second 0.85 NetSuite
    never refunded (a unit and the shipping: -0.60 and 0.60, product tax -0.40 and shipping tax
    0.40 at the state's rate) — the refund's money right, WooCommerce checking no line's tax, and
    the store's tax reports per line and per rate wrong."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "only WooCommerce keeps a refund's tax per line as sent"
    caught_in = ("refund_to_storefront::test_what_refunded_in_netsuite_without_their_tax_reach_woocommerce_with_no_tax_on_any_line",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _TaxDifferenceOnTheFirstLineWooCommerce}


class _DigitNumberedWooCommerce(WooCommerceAdapter):
    def order(self, order_id: str) -> dict[str, Any]:
        order = super().order(order_id)
        number = str(order["raw"].get("number") or "")
        if number.isdigit():  # the defect: a number of digits taken for the id (WT-1042 alone is none)
            order["id"] = number
        return order


class SyncsWooCommerceOrdersByTheirNumberInDigits(Fault):
    """Takes a WooCommerce order's ``number`` for its ID when it is digits alone (a prefixed one, WT-1042,
    cannot be an id): numbered 5001 by a plugin without a prefix, the order syncs under an external ID
    no retrieve of it finds, and its refunds go to the order whose id 5001 is, or to none."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its WooCommerce adapter reads the cart's orders"
    caught_in = ("refund_to_storefront::test_a_woocommerce_order_numbered_by_a_plugin_syncs_under_its_id_and_netsuites_refund_goes_back_to_it",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _DigitNumberedWooCommerce}


class _RefundsListedByNumberWooCommerce(WooCommerceAdapter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._numbers: dict[str, str] = {}  # order id → the number its order read showed

    def order(self, order_id: str) -> dict[str, Any]:
        order = super().order(order_id)
        self._numbers[order_id] = str(order["raw"].get("number") or order_id)
        return order

    def _refunds(self, order_id: str) -> list[dict[str, Any]]:
        number = self._numbers.get(order_id, order_id)
        # the defect: the refunds listed under a number of digits, /orders/5001/refunds (WooCommerce: [])
        return super()._refunds(number if number.isdigit() else order_id)


class ListsWooCommerceRefundsByTheOrdersNumber(Fault):
    """Lists a WooCommerce order's refunds under its ``number`` when that is digits alone, while it reads
    the order and posts by id: WooCommerce answers the refunds of an order it does not know with an
    empty list, so the units the merchant refunded there, and the connector's own refund, go unseen,
    and the money goes back twice."""

    storefronts = frozenset({"woocommerce"})
    directions = TO_STOREFRONT
    only_because = "its WooCommerce adapter reads an order's refunds to post NetSuite's"
    caught_in = ("refund_to_storefront::test_units_already_refunded_on_a_woocommerce_order_numbered_in_digits_by_a_plugin_are_not_refunded_again",)
    ADAPTERS = {**ReferenceConnector.ADAPTERS, "woocommerce": _RefundsListedByNumberWooCommerce}


#: name → the faulty connector (its docstring says the defect). The self-test runs the suite once per entry.
FAULTS: dict[str, type[Fault]] = {
    "posts_twice_on_retry": PostsTwiceOnRetry,
    "looks_only_after_no_answer": LooksOnlyAfterNoAnswer,
    "looks_for_its_write_by_its_money": LooksForItsWriteByItsMoney,
    "ignores_credit_memos": IgnoresCreditMemos,
    "posts_the_wrong_amount": PostsTheWrongAmount,
    "posts_what_a_credit_memo_applies": PostsWhatACreditMemoApplies,
    "drops_shipping": DropsShipping,
    "posts_to_the_wrong_order": PostsToTheWrongOrder,
    "syncs_both_directions_blindly": SyncsBothDirectionsBlindly,
    "names_any_credit_memo_of_the_customer": NamesAnyCreditMemoOfTheCustomer,
    "looks_for_shopify_twins_on_one_page": LooksForShopifyTwinsOnOnePage,
    "keeps_the_error_after_success": KeepsTheErrorAfterSuccess,
    "uncancels_to_the_status_before": UncancelsToTheStatusBefore,
    "knows_retrieved_refunds_by_their_amount": KnowsRetrievedRefundsByTheirAmount,
    "guards_the_bidirectional_conflict_one_way": GuardsTheBidirectionalConflictOneWay,
    "knows_its_shopify_writes_only_while_syncing_from_netsuite": KnowsItsShopifyWritesOnlyWhileSyncingFromNetSuite,
    "retries_writes_blindly": RetriesWritesBlindly,
    "leaves_tax_to_the_return_authorization": LeavesTaxToTheReturnAuthorization,
    "keys_netsuite_writes_by_their_source": KeysNetSuiteWritesByTheirSource,
    "knows_retrieved_refunds_by_their_number": KnowsRetrievedRefundsByTheirNumber,
    "schedules_by_what_changed_since_the_last_cycle": SchedulesByWhatChangedSinceTheLastCycle,
    "reads_the_storefront_order_once_per_retrieve": ReadsTheStorefrontOrderOncePerRetrieve,
    "schedules_a_batch_of_the_oldest_orders": SchedulesABatchOfTheOldestOrders,
    "skips_refunds_of_closed_sales_orders": SkipsRefundsOfClosedSalesOrders,
    "takes_any_of_its_refunds_for_its_lost_write": TakesAnyOfItsRefundsForItsLostWrite,
    "writes_again_when_it_cannot_look": WritesAgainWhenItCannotLook,
    "looks_for_its_netsuite_write_on_its_bill": LooksForItsNetSuiteWriteOnItsBill,
    "looks_for_its_netsuite_write_among_cash_refunds": LooksForItsNetSuiteWriteAmongCashRefunds,
    "reports_without_looking": ReportsWithoutLooking,
    "treats_server_errors_as_success": TreatsServerErrorsAsSuccess,
    "swallows_error_messages": SwallowsErrorMessages,
    "never_retries": NeverRetries,
    "posts_unbilled_orders": PostsUnbilledOrders,
    "posts_without_a_lock": PostsWithoutALock,
    "locks_each_refund": LocksEachRefund,
    "leaks_the_lock_on_error": LeaksTheLockOnError,
    "leaves_out_tax": LeavesOutTax,
    "refunds_the_first_line_only": RefundsTheFirstLineOnly,
    "reads_bills_of_the_first_ones_kind": ReadsBillsOfTheFirstOnesKind,
    "weighs_bills_by_what_they_billed": WeighsBillsByWhatTheyBilled,
    "makes_refunds_from_the_newest_bill_on_a_tie": MakesRefundsFromTheNewestBillOnATie,
    "leaves_the_fee_kept_off_credit_memos": LeavesTheFeeKeptOffCreditMemos,
    "gives_up_on_a_lost_answer_as_on_nothing_written": GivesUpOnALostAnswerAsOnNothingWritten,
    "keeps_an_orders_error_after_a_sync_again": KeepsAnOrdersErrorAfterASyncAgain,
    "numbers_refunds_by_how_many_are_listed": NumbersRefundsByHowManyAreListed,
    "keeps_the_first_error_of_a_post_again": KeepsTheFirstErrorOfAPostAgain,
    "answers_a_post_with_the_refund_as_it_was": AnswersAPostWithTheRefundAsItWas,
    "names_no_record_of_a_scheduled_post": NamesNoRecordOfAScheduledPost,
    "links_the_buyers_order_of_another_store": LinksTheBuyersOrderOfAnotherStore,
    "replaces_a_buyers_currencies": ReplacesABuyersCurrencies,
    "makes_the_customer_before_checking_the_order": MakesTheCustomerBeforeCheckingTheOrder,
    "finds_inactive_customers_by_email": FindsInactiveCustomersByEmail,
    "caps_a_refund_with_lines_at_its_lines": CapsARefundWithLinesAtItsLines,
    "puts_one_skus_units_on_its_first_line": PutsOneSkusUnitsOnItsFirstLine,
    "posts_short_lines_to_netsuite": PostsShortLinesToNetSuite,
    "ignores_discounts": IgnoresDiscounts,
    "retrieves_each_order_once": RetrievesEachOrderOnce,
    "starts_the_schedule_at_creation": StartsTheScheduleAtCreation,
    "stops_the_schedule_at_a_failed_order": StopsTheScheduleAtAFailedOrder,
    "drops_resynced_orders_from_the_schedule": DropsResyncedOrdersFromTheSchedule,
    "finds_items_by_the_start_of_their_name": FindsItemsByTheStartOfTheirName,
    "answers_syncs_of_posted_orders_from_its_list": AnswersSyncsOfPostedOrdersFromItsList,
    "retries_refusals": RetriesRefusals,
    "ignores_retry_after": IgnoresRetryAfter,
    "takes_a_refused_look_for_none": TakesARefusedLookForNone,
    "takes_a_login_failure_for_a_deleted_order": TakesALoginFailureForADeletedOrder,
    "takes_a_refused_return_authorization_search_for_none": TakesARefusedReturnAuthorizationSearchForNone,
    "shows_credentials_in_its_messages": ShowsCredentialsInItsMessages,
    "ignores_max_attempts": IgnoresMaxAttempts,
    "retries_only_when_told": RetriesOnlyWhenTold,
    "trusts_its_own_list": TrustsItsOwnList,
    "finds_its_netsuite_writes_among_cash_refunds_only": FindsItsNetSuiteWritesAmongCashRefundsOnly,
    "retrieves_from_the_first_bill_only": RetrievesFromTheFirstBillOnly,
    "refunds_from_the_first_bill": RefundsFromTheFirstBill,
    "looks_for_netsuite_refunds_on_one_bill": LooksForNetSuiteRefundsOnOneBill,
    "overlooks_netsuite_refunds_through_return_authorizations": OverlooksNetSuiteRefundsThroughReturnAuthorizations,
    "counts_credit_memos_as_no_refund": CountsCreditMemosAsNoRefund,
    "overlooks_standalone_credit_memos_of_the_invoice": OverlooksStandaloneCreditMemosOfTheInvoice,
    "checks_netsuite_refunds_once_per_order": ChecksNetSuiteRefundsOncePerOrder,
    "knows_its_netsuite_writes_by_their_memo": KnowsItsNetSuiteWritesByTheirMemo,
    "keeps_a_ledger_of_posted_refunds": KeepsALedgerOfPostedRefunds,
    "cancels_posted_refunds": CancelsPostedRefunds,
    "takes_ids_as_typed": TakesIdsAsTyped,
    "duplicates_customers": DuplicatesCustomers,
    "makes_customers_in_the_base_currency": MakesCustomersInTheBaseCurrency,
    "never_adds_a_customers_currency": NeverAddsACustomersCurrency,
    "makes_a_customer_per_currency": MakesACustomerPerCurrency,
    "makes_her_again_while_her_job_is_queued": MakesHerAgainWhileHerJobIsQueued,
    "finds_customers_by_email_as_typed": FindsCustomersByEmailAsTyped,
    "finds_customers_by_email_and_name": FindsCustomersByEmailAndName,
    "finds_customers_without_email_by_name": FindsCustomersWithoutEmailByName,
    "links_another_customers_sales_order": LinksAnotherCustomersSalesOrder,
    "retrieves_orders_that_did_not_sync": RetrievesOrdersThatDidNotSync,
    "folds_names_to_ascii": FoldsNamesToAscii,
    "finds_items_by_external_id": FindsItemsByExternalId,
    "knows_netsuite_lines_by_the_items_name": KnowsNetSuiteLinesByTheItemsName,
    "makes_a_customer_without_email_at_each_sync": MakesACustomerWithoutEmailAtEachSync,
    "creates_customers_without_an_idempotency_key": CreatesCustomersWithoutAnIdempotencyKey,
    "finds_items_among_one_kind_only": FindsItemsAmongOneKindOnly,
    "finds_items_among_goods_only": FindsItemsAmongGoodsOnly,
    "knows_items_by_the_last_orders_sku": KnowsItemsByTheLastOrdersSku,
    "keeps_the_customer_found_for_an_email": KeepsTheCustomerFoundForAnEmail,
    "keeps_the_item_found_for_a_sku": KeepsTheItemFoundForASku,
    "remembers_skus_it_did_not_find": RemembersSkusItDidNotFind,
    "remembers_orders_refunded_in_netsuite": RemembersOrdersRefundedInNetSuite,
    "names_store_credit_invoices_by_their_internal_id": NamesStoreCreditInvoicesByTheirInternalId,
    "takes_a_failed_credit_memo_application_for_made": TakesAFailedCreditMemoApplicationForMade,
    "reads_lines_without_units_as_no_money": ReadsLinesWithoutUnitsAsNoMoney,
    "stamps_its_refunds_with_their_amount": StampsItsRefundsWithTheirAmount,
    "refuses_closed_sales_orders_to_netsuite": RefusesClosedSalesOrdersToNetSuite,
    "takes_its_earlier_write_for_the_corrected_refund": TakesItsEarlierWriteForTheCorrectedRefund,
    "takes_its_earlier_write_for_the_deleted_refund": TakesItsEarlierWriteForTheDeletedRefund,
    "says_to_cancel_a_refund_that_went": SaysToCancelARefundThatWent,
    "ignores_matching_return_authorizations": IgnoresMatchingReturnAuthorizations,
    "leaves_out_the_ebay_marketplace": LeavesOutTheEbayMarketplace,
    "leaves_a_standalone_refund": LeavesAStandaloneRefund,
    "leaves_credit_memos_unapplied": LeavesCreditMemosUnapplied,
    "takes_cancellation_requests_as_refunds": TakesCancellationRequestsAsRefunds,
    "writes_the_memo_as_note": WritesTheMemoAsNote,
    "leaves_out_a_zero_tax": LeavesOutAZeroTax,
    "takes_return_authorizations_pending_approval": TakesReturnAuthorizationsPendingApproval,
    "matches_return_authorizations_by_item": MatchesReturnAuthorizationsByItem,
    "credits_every_return_authorization": CreditsEveryReturnAuthorization,
    "schedules_refunds_in_error_again": SchedulesRefundsInErrorAgain,
    "reposts_the_first_read": RepostsTheFirstRead,
    "keeps_bills_once_read": KeepsBillsOnceRead,
    "lists_netsuite_refunds_in_the_base_currency": ListsNetSuiteRefundsInTheBaseCurrency,
    "posts_on_schedule_whatever_the_direction": PostsOnScheduleWhateverTheDirection,
    "schedules_the_last_sixty_days_orders": SchedulesTheLastSixtyDaysOrders,
    "refunds_through_any_magento_invoice": RefundsThroughAnyMagentoInvoice,
    "refunds_magento_offline_when_the_card_fails": RefundsMagentoOfflineWhenTheCardFails,
    "finds_magento_stamps_online_only": FindsMagentoStampsOnlineOnly,
    "finds_woocommerce_stamps_of_the_gateway_only": FindsWooCommerceStampsOfTheGatewayOnly,
    "reads_the_largest_page_of_shopify_refunds": ReadsTheLargestPageOfShopifyRefunds,
    "restocks_shopify_refunds_the_legacy_way": RestocksShopifyRefundsTheLegacyWay,
    "reads_one_page_of_shopify_refunds": ReadsOnePageOfShopifyRefunds,
    "reads_the_first_shopify_tax_line_only": ReadsTheFirstShopifyTaxLineOnly,
    "reads_shopify_shipping_before_its_free_shipping_code": ReadsShopifyShippingBeforeItsFreeShippingCode,
    "reads_shopify_units_left_to_fulfil": ReadsShopifyUnitsLeftToFulfil,
    "takes_a_shopify_lines_own_discount_off_twice": TakesAShopifyLinesOwnDiscountOffTwice,
    "reads_the_first_shopify_discount_allocation_only": ReadsTheFirstShopifyDiscountAllocationOnly,
    "reads_shopify_tax_after_refunds": ReadsShopifyTaxAfterRefunds,
    "names_magento_customers_after_the_recipient": NamesMagentoCustomersAfterTheRecipient,
    "names_woocommerce_customers_after_the_recipient": NamesWooCommerceCustomersAfterTheRecipient,
    "names_ebay_customers_after_the_recipient": NamesEbayCustomersAfterTheRecipient,
    "reads_the_first_shipping_line_only": ReadsTheFirstShippingLineOnly,
    "reads_the_first_shopify_refund_shipping_line_only": ReadsTheFirstShopifyRefundShippingLineOnly,
    "gives_shopify_shipping_parts_their_tax_whatever_is_left": GivesShopifyShippingPartsTheirTaxWhateverIsLeft,
    "reads_shopify_payments_left_in_shop_money": ReadsShopifyPaymentsLeftInShopMoney,
    "counts_declined_shopify_shipping_as_refunded": CountsDeclinedShopifyShippingAsRefunded,
    "writes_woocommerce_tax_from_the_orders_shares": WritesWooCommerceTaxFromTheOrdersShares,
    "reads_shopify_refund_tax_in_shop_money": ReadsShopifyRefundTaxInShopMoney,
    "leaves_shopify_gift_card_refunds_out": LeavesShopifyGiftCardRefundsOut,
    "counts_shopify_units_refunded_so_far": CountsShopifyUnitsRefundedSoFar,
    "counts_pending_shopify_refunds": CountsPendingShopifyRefunds,
    "reposts_partly_declined_shopify_refunds": RepostsPartlyDeclinedShopifyRefunds,
    "rounds_tax_inclusive_shopify_shipping_half_to_even": RoundsTaxInclusiveShopifyShippingHalfToEven,
    "counts_declined_shopify_refunds_units": CountsDeclinedShopifyRefundsUnits,
    "ignores_pending_shopify_twins": IgnoresPendingShopifyTwins,
    "records_refunds_of_unpaid_woocommerce_orders": RecordsRefundsOfUnpaidWooCommerceOrders,
    "refunds_woocommerce_through_any_payment_with_an_id": RefundsWooCommerceThroughAnyPaymentWithAnId,
    "refunds_woocommerce_through_enabled_gateways_only": RefundsWooCommerceThroughEnabledGatewaysOnly,
    "asks_woocommerce_gateways_once": AsksWooCommerceGatewaysOnce,
    "takes_shopify_gateway_errors_for_refunds_given_back": TakesShopifyGatewayErrorsForRefundsGivenBack,
    "takes_a_declined_shopify_refund_for_its_lost_write": TakesADeclinedShopifyRefundForItsLostWrite,
    "posts_shopify_refunds_of_the_suggested_kind": PostsShopifyRefundsOfTheSuggestedKind,
    "reads_shopify_refund_shipping_tax_of_its_line": ReadsShopifyRefundShippingTaxOfItsLine,
    "reads_shopify_payments_left_from_maximum_refundable": ReadsShopifyPaymentsLeftFromMaximumRefundable,
    "syncs_shopify_refunds_the_gateway_could_not_process": SyncsShopifyRefundsTheGatewayCouldNotProcess,
    "syncs_shopify_refunds_of_no_money": SyncsShopifyRefundsOfNoMoney,
    "refunds_what_shopify_payments_have_left": RefundsWhatShopifyPaymentsHaveLeft,
    "leaves_pending_shopify_refunds_on_their_payment": LeavesPendingShopifyRefundsOnTheirPayment,
    "skips_cancelled_shopify_refund_lines": SkipsCancelledShopifyRefundLines,
    "skips_returned_shopify_refund_lines": SkipsReturnedShopifyRefundLines,
    "skips_refunds_of_cancelled_shopify_orders": SkipsRefundsOfCancelledShopifyOrders,
    "carries_shipping_alone_on_the_adjustment_item": CarriesShippingAloneOnTheAdjustmentItem,
    "takes_a_shopify_cancellation_for_a_whole_refund": TakesAShopifyCancellationForAWholeRefund,
    "credits_shopify_units_at_the_bills_rate": CreditsShopifyUnitsAtTheBillsRate,
    "takes_declined_shopify_refunds_from_their_payment": TakesDeclinedShopifyRefundsFromTheirPayment,
    "skips_partly_declined_shopify_refunds": SkipsPartlyDeclinedShopifyRefunds,
    "reads_one_page_of_shopify_refunds_to_netsuite": ReadsOnePageOfShopifyRefundsToNetSuite,
    "reads_woocommerce_totals_as_tax_inclusive": ReadsWooCommerceTotalsAsTaxInclusive,
    "reads_one_page_of_woocommerce_refunds": ReadsOnePageOfWooCommerceRefunds,
    "reads_one_page_of_woocommerce_refunds_oldest_first": ReadsOnePageOfWooCommerceRefundsOldestFirst,
    "counts_woocommerce_units_left_on_one_page": CountsWooCommerceUnitsLeftOnOnePage,
    "taxes_woocommerce_packages_at_the_orders_shipping_rate": TaxesWooCommercePackagesAtTheOrdersShippingRate,
    "names_every_woocommerce_package": NamesEveryWooCommercePackage,
    "refunds_woocommerce_through_any_gateway_but_the_cores_offline": RefundsWooCommerceThroughAnyGatewayButTheCoresOffline,
    "refunds_woocommerce_through_stripe_only": RefundsWooCommerceThroughStripeOnly,
    "takes_bank_transfer_for_the_only_offline_woocommerce_gateway": TakesBankTransferForTheOnlyOfflineWooCommerceGateway,
    "refunds_woocommerce_through_known_gateways_only": RefundsWooCommerceThroughKnownGatewaysOnly,
    "counts_woocommerce_units_left_by_sku": CountsWooCommerceUnitsLeftBySku,
    "counts_woocommerce_units_refunded_by_hand_only": CountsWooCommerceUnitsRefundedByHandOnly,
    "counts_woocommerce_fees_refunded_by_hand_only": CountsWooCommerceFeesRefundedByHandOnly,
    "shares_woocommerce_tax_per_unit": SharesWooCommerceTaxPerUnit,
    "refunds_woocommerce_cash_on_delivery_through_the_gateway": RefundsWooCommerceCashOnDeliveryThroughTheGateway,
    "counts_woocommerce_gateway_refunds_only": CountsWooCommerceGatewayRefundsOnly,
    "gives_woocommerce_tax_back_at_the_first_rate_only": GivesWooCommerceTaxBackAtTheFirstRateOnly,
    "reads_woocommerce_line_tax_before_its_coupon": ReadsWooCommerceLineTaxBeforeItsCoupon,
    "drops_woocommerce_fees": DropsWooCommerceFees,
    "drops_negative_woocommerce_fees": DropsNegativeWooCommerceFees,
    "refunds_woocommerce_fees_past_what_is_left": RefundsWooCommerceFeesPastWhatIsLeft,
    "keeps_the_last_netsuite_line_of_an_order_line": KeepsTheLastNetSuiteLineOfAnOrderLine,
    "refunds_magento_money_alone_offline": RefundsMagentoMoneyAloneOffline,
    "refunds_store_credit": RefundsStoreCredit,
    "sends_paid_out_credit_memos_as_money": SendsPaidOutCreditMemosAsMoney,
    "leaves_credit_memos_open": LeavesCreditMemosOpen,
    "settles_only_the_credit_memos_it_makes": SettlesOnlyTheCreditMemosItMakes,
    "names_other_orders_credit_memos": NamesOtherOrdersCreditMemos,
    "takes_any_order_of_its_number": TakesAnyOrderOfItsNumber,
    "names_the_last_unknown_sku": NamesTheLastUnknownSku,
    "blames_the_target": BlamesTheTarget,
    "blames_netsuite_for_order_syncs": BlamesNetSuiteForOrderSyncs,
    "warns_of_lost_writes_after_gateway_errors_only": WarnsOfLostWritesAfterGatewayErrorsOnly,
    "takes_gateway_timeouts_for_answers": TakesGatewayTimeoutsForAnswers,
    "settles_on_the_customers_open_invoices": SettlesOnTheCustomersOpenInvoices,
    "pays_out_the_credit_memos_total": PaysOutTheCreditMemosTotal,
    "takes_the_buyers_order_of_its_number": TakesTheBuyersOrderOfItsNumber,
    "refunds_magento_units_at_the_orders_price": RefundsMagentoUnitsAtTheOrdersPrice,
    "rounds_magento_unit_prices_half_to_even": RoundsMagentoUnitPricesHalfToEven,
    "weighs_magento_invoices_in_the_orders_currency": WeighsMagentoInvoicesInTheOrdersCurrency,
    "posts_return_authorizations_whole": PostsReturnAuthorizationsWhole,
    "revives_canceled_refunds_at_a_retrieve": RevivesCanceledRefundsAtARetrieve,
    "posts_netsuite_refunds_as_retrieved": PostsNetSuiteRefundsAsRetrieved,
    "lists_refunds_at_their_retrieved_amount": ListsRefundsAtTheirRetrievedAmount,
    "drops_failed_orders_from_the_schedule": DropsFailedOrdersFromTheSchedule,
    "retrieves_netsuite_refunds_by_date": RetrievesNetSuiteRefundsByDate,
    "takes_any_external_id_for_its_own": TakesAnyExternalIdForItsOwn,
    "knows_its_writes_only_while_syncing_to_netsuite": KnowsItsWritesOnlyWhileSyncingToNetSuite,
    "reads_allow_both_directions_as_truthy": ReadsAllowBothDirectionsAsTruthy,
    "keeps_currency_ids_as_typed": KeepsCurrencyIdsAsTyped,
    "keeps_the_schedule_on": KeepsTheScheduleOn,
    "skips_a_missing_negative_adjustment_item": SkipsAMissingNegativeAdjustmentItem,
    "applies_matching_records_to_cash_sales_only": AppliesMatchingRecordsToCashSalesOnly,
    "saves_unknown_magento_shipping_displays": SavesUnknownMagentoShippingDisplays,
    "reads_magento_shipping_displayed_both_ways_as_including_tax": ReadsMagentoShippingDisplayedBothWaysAsIncludingTax,
    "reads_one_search_of_magento_credit_memos": ReadsOneSearchOfMagentoCreditMemos,
    "reads_the_largest_page_of_magento_credit_memos": ReadsTheLargestPageOfMagentoCreditMemos,
    "takes_closed_magento_orders_for_refunded": TakesClosedMagentoOrdersForRefunded,
    "weighs_magento_invoices_on_one_search": WeighsMagentoInvoicesOnOneSearch,
    "looks_on_one_page_before_a_retry": LooksOnOnePageBeforeARetry,
    "syncs_magento_configurable_children_as_lines": SyncsMagentoConfigurableChildrenAsLines,
    "syncs_magento_lines_at_their_original_price": SyncsMagentoLinesAtTheirOriginalPrice,
    "syncs_magento_shipping_before_its_discount": SyncsMagentoShippingBeforeItsDiscount,
    "syncs_magento_discounts_with_their_tax": SyncsMagentoDiscountsWithTheirTax,
    "lets_magento_share_a_lines_tax_and_discount": LetsMagentoShareALinesTaxAndDiscount,
    "lets_magento_tax_the_units": LetsMagentoTaxTheUnits,
    "refunds_magento_money_past_an_invoices_capture": RefundsMagentoMoneyPastAnInvoicesCapture,
    "refunds_magento_online_for_braintree_only": RefundsMagentoOnlineForBraintreeOnly,
    "refunds_magento_shipping_through_any_invoice": RefundsMagentoShippingThroughAnyInvoice,
    "takes_purchase_orders_for_the_only_offline_magento_method": TakesPurchaseOrdersForTheOnlyOfflineMagentoMethod,
    "refunds_magento_shipping_less_its_discount": RefundsMagentoShippingLessItsDiscount,
    "syncs_magento_shipping_discounts_with_their_tax": SyncsMagentoShippingDiscountsWithTheirTax,
    "refunds_magento_shipping_without_its_discounts_tax_part": RefundsMagentoShippingWithoutItsDiscountsTaxPart,
    "ignores_magento_shipping_display": IgnoresMagentoShippingDisplay,
    "reads_one_page_of_ebay_returns": ReadsOnePageOfEbayReturns,
    "credits_ebay_returns_at_the_rounded_rate": CreditsEbayReturnsAtTheRoundedRate,
    "credits_the_last_bill_line_of_a_sku": CreditsTheLastBillLineOfASku,
    "credits_the_first_bill_line_of_a_sku": CreditsTheFirstBillLineOfASku,
    "credits_ebay_returns_half_to_even": CreditsEbayReturnsHalfToEven,
    "reads_woocommerce_refunds_once_a_batch": ReadsWooCommerceRefundsOnceABatch,
    "reads_ebay_return_refunds_whatever_their_status": ReadsEbayReturnRefundsWhateverTheirStatus,
    "searches_ebay_returns_since_the_last_import": SearchesEbayReturnsSinceTheLastImport,
    "reads_ebay_returns_once": ReadsEbayReturnsOnce,
    "posts_ebay_return_shipping_as_money": PostsEbayReturnShippingAsMoney,
    "posts_ebay_returns_at_what_was_refunded": PostsEbayReturnsAtWhatWasRefunded,
    "posts_ebay_return_postage_as_shipping": PostsEbayReturnPostageAsShipping,
    "reads_the_first_ebay_promotion_only": ReadsTheFirstEbayPromotionOnly,
    "syncs_ebay_lines_at_their_list_price": SyncsEbayLinesAtTheirListPrice,
    "syncs_ebay_shipping_before_its_discount": SyncsEbayShippingBeforeItsDiscount,
    "notifies_on_offline_magento_refunds": NotifiesOnOfflineMagentoRefunds,
    "restocks_manual_woocommerce_refunds": RestocksManualWooCommerceRefunds,
    "restocks_goods_refunded_without_shipping": RestocksGoodsRefundedWithoutShipping,
    "syncs_cart_orders_without_looking": SyncsCartOrdersWithoutLooking,
    "keeps_cart_orders_once_read": KeepsCartOrdersOnceRead,
    "tries_carts_five_times": TriesCartsFiveTimes,
    "drops_unknown_cart_settings": DropsUnknownCartSettings,
    "restarts_the_cart_schedule_at_any_setting": RestartsTheCartScheduleAtAnySetting,
    "schedules_off_shopify_by_default": SchedulesOffShopifyByDefault,
    "retrieves_from_netsuite_on_shopify_either_way": RetrievesFromNetSuiteOnShopifyEitherWay,
    "knows_its_writes_by_their_answers": KnowsItsWritesByTheirAnswers,
    "reads_ebay_orders_once": ReadsEbayOrdersOnce,
    "pages_ebay_returns_by_index": PagesEbayReturnsByIndex,
    "credits_the_orders_shipping_with_an_ebay_return": CreditsTheOrdersShippingWithAnEbayReturn,
    "knows_ebay_seller_cancellations_by_their_reason": KnowsEbaySellerCancellationsByTheirReason,
    "posts_ebay_cancellations_at_the_orders_total": PostsEbayCancellationsAtTheOrdersTotal,
    "keys_ebay_refunds_by_their_row": KeysEbayRefundsByTheirRow,
    "refunds_unbilled_ebay_orders": RefundsUnbilledEbayOrders,
    "refunds_ebay_from_the_last_bill": RefundsEbayFromTheLastBill,
    "keys_ebay_cancellations_by_their_row": KeysEbayCancellationsByTheirRow,
    "refunds_unbilled_ebay_cancellations": RefundsUnbilledEbayCancellations,
    "retrieves_from_ebay_with_refund_sync_off": RetrievesFromEbayWithRefundSyncOff,
    "writes_ebay_refunds_once": WritesEbayRefundsOnce,
    "drops_failed_ebay_orders_from_the_schedule": DropsFailedEbayOrdersFromTheSchedule,
    "refunds_gift_card_only_shopify_orders": RefundsGiftCardOnlyShopifyOrders,
    "syncs_woocommerce_orders_by_their_number": SyncsWooCommerceOrdersByTheirNumber,
    "refunds_woocommerce_orders_by_their_number": RefundsWooCommerceOrdersByTheirNumber,
    "takes_shopify_refusals_for_deleted_refunds": TakesShopifyRefusalsForDeletedRefunds,
    "refuses_cancelled_shopify_orders": RefusesCancelledShopifyOrders,
    "puts_woocommerce_tax_differences_on_the_first_taxed_line": PutsWooCommerceTaxDifferencesOnTheFirstTaxedLine,
    "syncs_woocommerce_orders_by_their_number_in_digits": SyncsWooCommerceOrdersByTheirNumberInDigits,
    "lists_woocommerce_refunds_by_the_orders_number": ListsWooCommerceRefundsByTheOrdersNumber,
}


def _factory(cls: type[Fault]):
    def create(context: ConnectorContext) -> ReferenceConnector:
        return cls(context)

    create.__doc__ = cls.__doc__
    return create


globals().update({name: _factory(cls) for name, cls in FAULTS.items()})
