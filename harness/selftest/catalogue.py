"""Deliberately faulty connectors: the reference connector with one defect each, of the kinds that
lose or double money in production. Each factory is a ``--connector`` value:
``harness.selftest.catalogue:<name>``."""

from __future__ import annotations

from contextlib import nullcontext
from decimal import Decimal
from typing import Any

from simulators.clients import VendorError
from simulators.connector.errors import SyncError
from simulators.connector.protocol import ConnectorContext, OtherTransaction, Status
from simulators.connector.reference import REFUND_OF, ReferenceConnector


class PostsTwiceOnRetry(ReferenceConnector):
    """Never checks whether a refund was already written: a second post refunds again."""

    def _shopify_refund_with(self, order_id: str, mark: str) -> str | None:
        return None

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
    """Posts every refund to the shop's most recent order instead of the refund's own order."""

    def _post_to_storefront(self, refund, attempted_before: bool) -> str:
        orders = self.shopify.session.get(f"{self.shopify.root}/orders.json", timeout=10).json()["orders"]
        others = [str(o["id"]) for o in orders if str(o["id"]) != refund.order_id]
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
}


def _factory(cls: type[ReferenceConnector]):
    def create(context: ConnectorContext) -> ReferenceConnector:
        return cls(context)

    create.__doc__ = cls.__doc__
    return create


globals().update({name: _factory(cls) for name, cls in FAULTS.items()})
