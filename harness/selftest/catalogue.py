"""Deliberately faulty connectors: the reference connector with one defect each, of the kinds that
lose or double money in production. Each factory is a ``--connector`` value:
``harness.selftest.catalogue:<name>``."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace
from decimal import Decimal
from typing import Any

from simulators.clients import VendorError
from simulators.connector.errors import SyncError
from simulators.connector.protocol import ConnectorContext, OtherTransaction, Status
from simulators.connector.reference import REFUND_OF, ReferenceConnector


class PostsTwiceOnRetry(ReferenceConnector):
    """Never checks whether a refund was already written: a second post refunds again."""

    def _posted_refund(self, order_id: str, mark: str) -> str | None:
        return None  # blind to its stamp on every storefront

    def _find_one(self, record_type: str, q: str) -> str | None:
        # Blind to the NetSuite refunds it wrote (their externalId), as it is to its Shopify ones.
        return None if record_type in REFUND_OF.values() and q.startswith("externalId") else super()._find_one(record_type, q)

    def post(self, transaction_id: str) -> OtherTransaction:
        self.book.refund(transaction_id).status = Status.RETRIEVED
        return super().post(transaction_id)


class IgnoresCreditMemos(ReferenceConnector):
    """Looks for cash refunds only: refunds of invoiced orders are never found."""

    def _refunds_of(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [] if billed_type == "invoice" else super()._refunds_of(billed_type, billed_id)


class PostsTheWrongAmount(ReferenceConnector):
    """Computes the amount in binary floating point and truncates: cents go missing."""

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        return Decimal(int(float(record["total"]) * 0.99 * 100)) / 100


class DropsShipping(ReferenceConnector):
    """Forgets the shipping part of a refund."""

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        return Decimal(str(record["total"])) - Decimal(str(record.get("shippingCost") or 0))

    @staticmethod
    def _refund_shipping(record: dict[str, Any]) -> Decimal:
        return Decimal("0")


class PostsToTheWrongOrder(ReferenceConnector):
    """Posts every refund to another order of the account (the last one it synced) instead of the
    refund's own order — or, with no other, to the order ID with a digit more."""

    def _post_to_storefront(self, refund, attempted_before: bool) -> str:
        others = [link.order_id for link in self.orders() if link.order_id != refund.order_id]
        original, refund.order_id = refund.order_id, others[-1] if others else refund.order_id + "1"
        try:
            return super()._post_to_storefront(refund, attempted_before)
        finally:
            refund.order_id = original


class SyncsBothDirectionsBlindly(ReferenceConnector):
    """Does not recognise its own writes: with both directions on, every refund comes back."""

    def _refunded_elsewhere(self, billed_type: str, billed_id: str) -> list[tuple[str, dict[str, Any]]]:
        return []

    @staticmethod
    def _ours(record: dict[str, Any]) -> bool:
        return False

    @staticmethod
    def _is_own_write(text: str) -> bool:
        return False


class TreatsServerErrorsAsSuccess(ReferenceConnector):
    """Takes a 5xx or no answer from the storefront as a successful refund."""

    def _call(self, action, *, committed=None):
        try:
            return action()
        except VendorError as exc:
            if exc.status >= 500:
                return {"id": "assumed"}
            raise
        except Exception:
            return {"id": "assumed"}


class SwallowsErrorMessages(ReferenceConnector):
    """Marks failed refunds as Error but shows no message on hover."""

    def post(self, transaction_id: str) -> OtherTransaction:
        super().post(transaction_id)
        self.book.refund(transaction_id).error_message = ""
        return self.book.refund(transaction_id).view()


class NeverRetries(ReferenceConnector):
    """Gives up at the first 429, 5xx or timeout."""

    def _call(self, action, *, committed=None):
        try:
            return action()
        except VendorError as exc:
            if exc.status == 429 or exc.status >= 500:
                raise SyncError(f"{exc.service} answered {exc.status}") from None
            raise


class PostsUnbilledOrders(ReferenceConnector):
    """Skips the billing check: retrieves a refund for an order that was never billed."""

    def _retrieve_from_netsuite(self, order_id: str):
        result = super()._retrieve_from_netsuite(order_id)
        if not result.success and "has not been billed" in result.message:
            refund = self.book.add("netsuite", order_id, Decimal("0.00"), "USD", f"salesOrder:{order_id}")
            from simulators.connector.protocol import RetrieveResult
            return RetrieveResult(True, "Retrieved 1 refund(s).", (refund.view(),))
        return result


class PostsWithoutALock(ReferenceConnector):
    """Lets two posts of one refund run at once: both find it not yet posted, and both post it."""

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.book.lock = nullcontext()  # type: ignore[assignment]  # the defect: no lock at all


# --------------------------------------------------------- money in the shapes real orders have
class LeavesOutTax(ReferenceConnector):
    """Refunds the goods and the shipping but not their tax."""

    @staticmethod
    def _refund_amount(record: dict[str, Any]) -> Decimal:
        return Decimal(str(record["total"])) - Decimal(str(record.get("taxTotal") or 0))


class RefundsTheFirstLineOnly(ReferenceConnector):
    """Sends the storefront only the first line of a refund of several lines."""

    @staticmethod
    def _refund_lines(record: dict[str, Any], order: dict[str, Any]) -> list[tuple[dict[str, Any], int, Decimal]]:
        return ReferenceConnector._refund_lines(record, order)[:1]


class IgnoresDiscounts(ReferenceConnector):
    """Syncs each line at its list price, as if no discount had been given."""

    def _storefront_order(self, order_id: str) -> dict[str, Any]:
        order = super()._storefront_order(order_id)
        for line in order["lines"]:
            line["amount"] = line["price"] * line["quantity"]
        return order


# ------------------------------------------------------------------ refunds over time
class RetrievesEachOrderOnce(ReferenceConnector):
    """Remembers the orders it retrieved and never looks at them again: later refunds are lost."""

    def retrieve_refunds(self, source_channel: str, order_id: str):
        seen = self.__dict__.setdefault("_seen", set())
        if (source_channel, order_id.strip()) in seen:
            from simulators.connector.protocol import RetrieveResult
            return RetrieveResult(False, f"The refunds of order {order_id} have already been retrieved.")
        result = super().retrieve_refunds(source_channel, order_id)
        if result.success:
            seen.add((source_channel, order_id.strip()))
        return result


class StartsTheScheduleAtCreation(ReferenceConnector):
    """Counts the 90 minutes of the scheduled sync from when the account was created, even when the
    schedule is turned on later: the first run comes early."""

    def update_settings(self, settings: dict[str, Any]) -> None:
        started = self._last_scheduled_run
        super().update_settings(settings)
        self._last_scheduled_run = started


# ------------------------------------------------------------- vendor refusals and time limits
class RetriesRefusals(ReferenceConnector):
    """Retries a refusal (a 4xx, WooCommerce's own 500s) as if it were a passing fault."""

    def _call(self, action, *, committed=None):
        for _ in range(self.settings.max_attempts - 1):
            try:
                return super()._call(action, committed=committed)
            except VendorError as exc:
                if not exc.refused:
                    raise
        return super()._call(action, committed=committed)


class IgnoresRetryAfter(ReferenceConnector):
    """Waits its own one second after a 429 instead of what Retry-After says."""

    def _call(self, action, *, committed=None):
        sleep = self.context.sleep
        try:
            object.__setattr__(self.context, "sleep", lambda seconds: sleep(min(seconds, 1.0)))
            return super()._call(action, committed=committed)
        finally:
            object.__setattr__(self.context, "sleep", sleep)


class IgnoresMaxAttempts(ReferenceConnector):
    """Tries every vendor call five times, whatever the account says."""

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.settings = replace(self.settings, max_attempts=5)

    def update_settings(self, settings: dict[str, Any]) -> None:
        super().update_settings(settings)
        self.settings = replace(self.settings, max_attempts=5)


# ------------------------------------------------------------------ the connector's own guards
class CancelsPostedRefunds(ReferenceConnector):
    """Lets a posted refund be canceled, as if the money could come back."""

    def cancel(self, transaction_id: str) -> OtherTransaction:
        with self.book.lock:
            refund = self.book.refund(transaction_id)
            refund.status = Status.CANCELED
            return refund.view()


class TakesIdsAsTyped(ReferenceConnector):
    """Looks an order up with the spaces the user pasted around its ID."""

    def retrieve_refunds(self, source_channel: str, order_id: str):
        if order_id != order_id.strip() and order_id.strip():
            from simulators.connector.protocol import RetrieveResult
            return RetrieveResult(False, f"Order {order_id} was not found in NetSuite. Verify that the order ID "
                                         "corresponds to an order previously synced to NetSuite.")
        return super().retrieve_refunds(source_channel, order_id)


# ------------------------------------------------------------------ order sync
class DuplicatesCustomers(ReferenceConnector):
    """Creates a new NetSuite customer for every order instead of finding the customer's."""

    def _customer_id(self, order: dict[str, Any]) -> str:
        return self._call(lambda: self.netsuite.create("customer", {
            "isPerson": True, "firstName": order["first_name"] or "Storefront",
            "lastName": order["last_name"] or "Customer", "email": order["email"] or None}))


#: name → (factory, what the defect is). The self-test runs the suite once per entry.
FAULTS: dict[str, type[ReferenceConnector]] = {
    "posts_twice_on_retry": PostsTwiceOnRetry,
    "ignores_credit_memos": IgnoresCreditMemos,
    "posts_the_wrong_amount": PostsTheWrongAmount,
    "drops_shipping": DropsShipping,
    "posts_to_the_wrong_order": PostsToTheWrongOrder,
    "syncs_both_directions_blindly": SyncsBothDirectionsBlindly,
    "treats_server_errors_as_success": TreatsServerErrorsAsSuccess,
    "swallows_error_messages": SwallowsErrorMessages,
    "never_retries": NeverRetries,
    "posts_unbilled_orders": PostsUnbilledOrders,
    "posts_without_a_lock": PostsWithoutALock,
    "leaves_out_tax": LeavesOutTax,
    "refunds_the_first_line_only": RefundsTheFirstLineOnly,
    "ignores_discounts": IgnoresDiscounts,
    "retrieves_each_order_once": RetrievesEachOrderOnce,
    "starts_the_schedule_at_creation": StartsTheScheduleAtCreation,
    "retries_refusals": RetriesRefusals,
    "ignores_retry_after": IgnoresRetryAfter,
    "ignores_max_attempts": IgnoresMaxAttempts,
    "cancels_posted_refunds": CancelsPostedRefunds,
    "takes_ids_as_typed": TakesIdsAsTyped,
    "duplicates_customers": DuplicatesCustomers,
}


def _factory(cls: type[ReferenceConnector]):
    def create(context: ConnectorContext) -> ReferenceConnector:
        return cls(context)

    create.__doc__ = cls.__doc__
    return create


globals().update({name: _factory(cls) for name, cls in FAULTS.items()})
