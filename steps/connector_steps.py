"""Steps about the connector under test: the actions of Data Flows > Other Transactions."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers, then, when

from simulators.connector.protocol import OtherTransaction, RefundSyncConnector, RetrieveResult


@when("the connector retrieves the refund from NetSuite by order ID", target_fixture="retrieve_result")
def retrieve_from_netsuite(connector: RefundSyncConnector, storefront_order: dict[str, Any]) -> RetrieveResult:
    result = connector.retrieve_refunds("netsuite", str(storefront_order["id"]))
    assert result.success, f"expected the Retrieve dialog to succeed, it failed with: {result.message}"
    assert result.transactions, "expected the retrieve to import a refund, it imported none"
    return result


@when("the connector posts the retrieved refund", target_fixture="posted_refunds")
def post_retrieved(connector: RefundSyncConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    return [connector.post(t.id) for t in retrieve_result.transactions]


@then(parsers.parse('the refund\'s status is "{status}"'))
def refund_status_is(connector: RefundSyncConnector, posted_refunds: list[OtherTransaction], status: str) -> None:
    listed = {t.id: t for t in connector.transactions()}
    for refund in posted_refunds:
        shown = listed.get(refund.id)
        assert shown is not None, f"expected refund {refund.id} in Other Transactions, it is not listed"
        assert shown.status == status, (
            f"expected refund {refund.id} to be {status!r}, found {shown.status!r}"
            + (f" with error: {shown.error_message}" if shown.error_message else "")
        )
