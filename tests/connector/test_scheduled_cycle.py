"""The reference connector's scheduled cycle posts what it listed as it began, and a user acts on
the account between its posts (the account's lock is let go between them): a refund deleted in the
meantime is passed over, and the cycle posts the rest."""

from __future__ import annotations

from decimal import Decimal

from simulators.connector.protocol import OtherTransaction
from simulators.connector.reference import ReferenceConnector


class _UserDeletesTheNextRefund(ReferenceConnector):
    """Its post of the first refund is where the user deletes the second; a post reads its refund
    first, as the reference's does (a KeyError for one the book no longer has)."""

    posted: list[str]

    def _post_held(self, transaction_id: str) -> OtherTransaction:
        if transaction_id == "OT-00001":
            self.book.delete("OT-00002")
        refund = self.book.refund(transaction_id)
        self.posted.append(transaction_id)
        return refund.view()


def test_a_refund_deleted_while_the_cycle_posts_the_one_before_is_passed_over(connector_context) -> None:
    connector = _UserDeletesTheNextRefund(connector_context({"storefront": "shopify", "refund_direction": "from_netsuite"}))
    connector.posted = []
    for number in (1, 2, 3):
        connector.book.add("netsuite", "1001", Decimal("12.00"), "USD", f"cashRefund:{number}")
    try:
        connector._scheduled_run()  # it raised KeyError: no transaction 'OT-00002', OT-00003 never posted
    finally:
        connector.close()
    assert connector.posted == ["OT-00001", "OT-00003"]
