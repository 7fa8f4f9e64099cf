"""Steps that drive the connector under test: the Retrieve dialog and the actions of Data Flows >
Other Transactions, and time passing for the scheduled sync."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from harness.actors import StorefrontOrder
from simulators.clients import ControlPlaneClient
from simulators.connector.protocol import OtherTransaction, RefundSyncConnector, RetrieveResult
from steps import parameters

CHANNELS = {"NetSuite": "netsuite", "Shopify": "shopify", "eBay": "ebay", "the storefront": None}


def _channel(name: str, storefront_user) -> str:
    return CHANNELS[parameters.one_of("source channel", name, CHANNELS)] or storefront_user.storefront


@when(parsers.parse("the connector retrieves the refunds of the order from {channel}"), target_fixture="retrieve_result")
def retrieve(connector: RefundSyncConnector, storefront_order: StorefrontOrder, storefront_user, channel: str) -> RetrieveResult:
    """The Retrieve dialog with the order's ID. channel: NetSuite | Shopify | eBay | the storefront."""
    return connector.retrieve_refunds(_channel(channel, storefront_user), storefront_order.id)


@when(parsers.parse('the connector retrieves the refunds of order "{order_id}" from {channel}'), target_fixture="retrieve_result")
def retrieve_by_typed_id(connector: RefundSyncConnector, storefront_user, order_id: str, channel: str) -> RetrieveResult:
    """The Retrieve dialog with an order ID typed as given."""
    return connector.retrieve_refunds(_channel(channel, storefront_user), order_id)


@when("the connector retrieves the refunds of the order with a mistyped ID from NetSuite", target_fixture="retrieve_result")
def retrieve_mistyped(connector: RefundSyncConnector, storefront_order: StorefrontOrder) -> RetrieveResult:
    """The Retrieve dialog with the order ID mistyped (two digits swapped)."""
    mistyped = storefront_order.id[:-2] + storefront_order.id[-1] + storefront_order.id[-2]  # two digits swapped
    if mistyped == storefront_order.id:
        mistyped = storefront_order.id + "0"
    return connector.retrieve_refunds("netsuite", mistyped)


@when("the connector posts the retrieved refunds", target_fixture="posted_refunds")
def post_retrieved(connector: RefundSyncConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Action menu > Post on every refund the last retrieve imported."""
    assert retrieve_result.transactions, f"expected retrieved refunds to post, the retrieve said: {retrieve_result.message}"
    return [connector.post(t.id) for t in retrieve_result.transactions]


@when("the connector posts the retrieved refunds again", target_fixture="posted_refunds")
def post_again(connector: RefundSyncConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Action menu > Post again on the same refunds: a second press must not refund twice."""
    return [connector.post(t.id) for t in retrieve_result.transactions]


@when("the user cancels the refund", target_fixture="posted_refunds")
def cancel(connector: RefundSyncConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Action menu > Cancel on the retrieved refunds: the connector keeps them but ignores them."""
    return [connector.cancel(t.id) for t in retrieve_result.transactions]


@when("the user uncancels the refund", target_fixture="posted_refunds")
def uncancel(connector: RefundSyncConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Action menu > Uncancel on the canceled refunds: they can be posted again."""
    return [connector.uncancel(t.id) for t in retrieve_result.transactions]


@when("the user deletes the refund from the connector")
def delete(connector: RefundSyncConnector, retrieve_result: RetrieveResult) -> None:
    """Action menu > Delete from FarApp: the refunds leave the connector only, so they can be retrieved again."""
    for t in retrieve_result.transactions:
        connector.delete(t.id)


@when(parsers.re(r"(?P<minutes>\d+) minutes? pass(?:es)?"), converters={"minutes": int})
def minutes_pass(control: ControlPlaneClient, tenant: dict, connector: RefundSyncConnector, minutes: int) -> None:
    """Time travel, not sleeping: the simulator clock moves and the connector's scheduler wakes up."""
    control.advance_clock(tenant["tenant"], minutes * 60)
    connector.run_scheduled_sync()


@then("the Retrieve dialog shows a success message")
def retrieve_succeeded(retrieve_result: RetrieveResult) -> None:
    """The last Retrieve succeeded with a message."""
    assert retrieve_result.success, f"expected a success message, the Retrieve dialog failed with: {retrieve_result.message}"
    assert retrieve_result.message, "expected a success message, the dialog showed none"


@then(parsers.parse('the Retrieve dialog shows a failure message containing "{text}"'))
def retrieve_failed(retrieve_result: RetrieveResult, text: str) -> None:
    """The last Retrieve failed, imported nothing, and its message contains the text (case ignored)."""
    assert not retrieve_result.success, f"expected the retrieve to fail, it succeeded: {retrieve_result.message}"
    assert text.lower() in retrieve_result.message.lower(), (
        f"expected the failure message to contain {text!r}, it says: {retrieve_result.message!r}")
    assert not retrieve_result.transactions, f"expected nothing imported, found {retrieve_result.transactions}"


@then(parsers.parse('the refund\'s status is "{status}"'))
def refund_status(connector: RefundSyncConnector, retrieve_result: RetrieveResult, status: str) -> None:
    """status: Retrieved | Posted | Error | Canceled."""
    status = parameters.refund_status(status)
    listed = {t.id: t for t in connector.transactions()}
    assert retrieve_result.transactions, f"expected a retrieved refund, the retrieve said: {retrieve_result.message}"
    for refund in retrieve_result.transactions:
        shown = listed.get(refund.id)
        assert shown is not None, f"expected refund {refund.id} in Other Transactions, it is not listed"
        assert shown.status == status, (
            f"expected refund {refund.id} to be {status!r}, found {shown.status!r}"
            + (f" with error: {shown.error_message}" if shown.error_message else ""))


@then(parsers.parse('the refund\'s error message contains "{text}"'))
def refund_error(connector: RefundSyncConnector, retrieve_result: RetrieveResult, text: str) -> None:
    """The error message shown on hover over each retrieved refund contains the text (case ignored)."""
    listed = {t.id: t for t in connector.transactions()}
    for refund in retrieve_result.transactions:
        message = listed[refund.id].error_message
        assert text.lower() in message.lower(), f"expected the error shown on hover to contain {text!r}, it says: {message!r}"


@then(parsers.re(r"the connector lists (?P<count>\d+) refunds? for the order"), converters={"count": int})
def listed_count(connector: RefundSyncConnector, storefront_order: StorefrontOrder, count: int) -> None:
    """Counts the order's refunds in the connector's Other Transactions list."""
    listed = [t for t in connector.transactions() if t.order_id == storefront_order.id]
    assert len(listed) == count, f"expected {count} refund(s) of order {storefront_order.id} in Other Transactions, found {listed}"


@then("the refund is no longer listed in the connector")
def not_listed(connector: RefundSyncConnector, retrieve_result: RetrieveResult) -> None:
    """The deleted refunds are gone from Other Transactions."""
    ids = {t.id for t in connector.transactions()}
    left = [t.id for t in retrieve_result.transactions if t.id in ids]
    assert not left, f"expected the deleted refund(s) {left} to be gone from Other Transactions"


@when("the connector posts the retrieved refunds twice at the same time", target_fixture="posted_refunds")
def post_concurrently(connector: RefundSyncConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Two users press Post on the same refunds at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    ids = [t.id for t in retrieve_result.transactions] * 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(connector.post, ids))
