"""Steps that drive the connector under test — the Retrieve dialog and the actions of Data Flows >
Other Transactions, and time passing for the scheduled sync — and check what it lists."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from decimal import Decimal
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from pytest_bdd import then, when

from harness.actors import NetSuiteRecord, NetSuiteUser, Storefront, StorefrontOrder, money
from harness.connector import DrivenConnector
from harness.expectations import ScenarioError, check, equal, quoted, said
from harness.timeline import Timeline
from simulators.clients import VendorError
from simulators.connector.protocol import OtherTransaction, RetrieveResult, Status
from steps import history, parameters
from steps.history import refunded_somewhere
from steps.phrases import phrase


def _channel(name: str, storefront_user: Storefront) -> str:
    return parameters.pick("source channel", name, parameters.CHANNELS) or storefront_user.storefront


def _mistyped(order_id: str) -> str:
    """The order ID with its last two characters swapped (an ID that names no order)."""
    mistyped = order_id[:-2] + order_id[-1] + order_id[-2]
    return mistyped if mistyped != order_id else order_id + "0"


@when(phrase("the connector retrieves the refunds of the order from {channel}"), target_fixture="retrieve_result")
def retrieve(request: pytest.FixtureRequest, connector: DrivenConnector, storefront_order: StorefrontOrder,
             storefront_user: Storefront, channel: str) -> RetrieveResult:
    """The Retrieve dialog with the order's ID. channel: NetSuite | Shopify | eBay | Magento |
    WooCommerce | the storefront (the account's own)."""
    return _retrieve(request, connector, _channel(channel, storefront_user), storefront_order.id, storefront_order)


def _retrieve(request: pytest.FixtureRequest, connector: DrivenConnector, channel: str, order_id: str,
              order: StorefrontOrder | None) -> RetrieveResult:
    """The Retrieve dialog; what it asked is kept, so that a check of what it imported can tell
    a retrieve that could import nothing as written from one the connector got wrong."""
    history.retrieve_asked(request, channel, order_id, order)
    result = connector.retrieve_refunds(channel, order_id)
    # What it imported came from the channel asked: Other Transactions shows it, and a post reads
    # it to know which side the refund goes to.
    elsewhere = [f"{t.id} from {quoted(t.source_channel)}" for t in result.transactions if t.source_channel != channel]
    check(not elsewhere, "record", f"expected the refunds retrieved from {quoted(channel)} to come from "
          f"{quoted(channel)} (their source_channel), found {', '.join(elsewhere)}")
    return result


@when(phrase("the connector retrieves the refunds of order {order_id:q} from {channel}"), target_fixture="retrieve_result")
def retrieve_by_typed_id(request: pytest.FixtureRequest, connector: DrivenConnector, storefront_user: Storefront,
                         order_id: str, channel: str) -> RetrieveResult:
    """The Retrieve dialog with an order ID typed as given (``""`` for none)."""
    return _retrieve(request, connector, _channel(channel, storefront_user), order_id, None)


@when(phrase("the connector retrieves the refunds of the order with a mistyped ID from {channel}"),
      target_fixture="retrieve_result")
def retrieve_mistyped(request: pytest.FixtureRequest, connector: DrivenConnector, storefront_order: StorefrontOrder,
                      storefront_user: Storefront, channel: str) -> RetrieveResult:
    """The Retrieve dialog with the order's ID mistyped (its last two characters swapped)."""
    return _retrieve(request, connector, _channel(channel, storefront_user), _mistyped(storefront_order.id),
                     storefront_order)


@when(phrase("the connector retrieves the refunds of the order with its ID between spaces from {channel}"),
      target_fixture="retrieve_result")
def retrieve_padded(request: pytest.FixtureRequest, connector: DrivenConnector, storefront_order: StorefrontOrder,
                    storefront_user: Storefront, channel: str) -> RetrieveResult:
    """The Retrieve dialog with the order's ID pasted with spaces before and after it."""
    return _retrieve(request, connector, _channel(channel, storefront_user), f"  {storefront_order.id}  ", storefront_order)


def _retrieved(request: pytest.FixtureRequest, retrieve_result: RetrieveResult, action: str) -> list[OtherTransaction]:
    """The refunds the last retrieve imported, for a step that acts on them (there must be one):
    with none the action would do nothing, and a check after it ("the storefront has refunded
    nothing") pass as if the connector had held a refund back. None imported is the connector's
    defect, unless the retrieve could import none as the scenario wrote it (another order, a
    channel or direction the account has not, a side with no refund of the order): then it is the
    scenario's mistake, said as such (:func:`steps.history.nothing_to_retrieve`)."""
    if not retrieve_result.transactions:
        why = history.nothing_to_retrieve(request, request.getfixturevalue("storefront_user"),
                                          request.getfixturevalue("netsuite_user"),
                                          request.getfixturevalue("connector_settings"))
        if why:
            raise ScenarioError(f"the last retrieve could import no refund to {action}: {why}; retrieve the refunds "
                                "of the scenario's order from where it was refunded, on a channel and in a direction "
                                "the account syncs (such as 'When the connector retrieves the refunds of the order "
                                "from NetSuite'), or leave the step out")
    check(bool(retrieve_result.transactions), "retrieve",
          f"expected retrieved refunds to {action}, the retrieve said: {retrieve_result.message}")
    return list(retrieve_result.transactions)


def _answered_as_listed(connector: DrivenConnector, answers: list[OtherTransaction]) -> list[OtherTransaction]:
    """``answers``, each Post action's answer, checked against the refund as Other Transactions lists
    it after the posts: the action answers the refund as the post left it (its status and message
    are what the user reads when the action returns). One answered as it was before the post (Retrieved,
    an earlier Error) tells the user the opposite of what happened."""
    listed = {t.id: t for t in connector.transactions()}
    for answer in answers:
        if answer.id in listed:  # a refund not listed is the list's checks' to say
            equal("record", f"the Post action to answer refund {answer.id} as Other Transactions lists it:",
                  listed[answer.id], answer)
    return answers


@when("the connector posts the retrieved refunds", target_fixture="posted_refunds")
def post_retrieved(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Action menu > Post on every refund the last retrieve imported (there must be one); each
    action answers the refund as it left it (as Other Transactions lists it after)."""
    return _answered_as_listed(connector, [connector.post(t.id) for t in _retrieved(request, retrieve_result, "post")])


@when("the connector posts the retrieved refunds again", target_fixture="posted_refunds")
def post_again(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult,
               posted_refunds: list[OtherTransaction]) -> list[OtherTransaction]:
    """Action menu > Post again on the same refunds: a second press must not refund twice. After a
    first press (or a cancel or uncancel of them): without one it would be the first, and the
    scenario would check no second press."""
    del posted_refunds  # asked for so that the first press comes first
    return _answered_as_listed(connector, [connector.post(t.id) for t in _retrieved(request, retrieve_result, "post again")])


@when("the connector posts the retrieved refunds twice at the same time", target_fixture="posted_refunds")
def post_concurrently(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Two users press Post on the same refunds at the same moment (there must be one)."""
    ids = [t.id for t in _retrieved(request, retrieve_result, "post")] * 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(connector.post, ids))


@when("another user posts the retrieved refunds again", target_fixture="posted_refunds")
def post_again_elsewhere(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult,
                         posted_refunds: list[OtherTransaction]) -> list[OtherTransaction]:
    """Another user presses Post again on the same refunds: a request of their own, which a served
    connector answers on another thread (the other steps act from one). A post that has not
    returned within ``--connector-timeout`` waits on something an earlier action of the account
    kept (a lock taken and never let go): the connector's defect. After a first press."""
    del posted_refunds  # asked for so that the first press comes first
    ids = [t.id for t in _retrieved(request, retrieve_result, "post again")]
    posts: Future[list[OtherTransaction]] = Future()

    def press() -> None:
        try:
            posts.set_result([connector.post(i) for i in ids])
        except BaseException as exc:  # the connector's defect, said in this step
            posts.set_exception(exc)

    # A daemon thread: one the connector keeps waiting must not keep the run from ending.
    threading.Thread(target=press, name="another user", daemon=True).start()
    timeout = request.config.getoption("--connector-timeout")
    done, _ = wait([posts], timeout=timeout)
    check(bool(done), "raised", f"expected the connector's post from another user to return, it did not within "
          f"{timeout:g} s (--connector-timeout): it waits on something an earlier action of the account kept, a lock "
          "never let go")
    return posts.result()


@when(phrase("{minutes:d} minute(s) pass/passes while the user posts the retrieved refunds"), target_fixture="posted_refunds")
def minutes_pass_while_posting(request: pytest.FixtureRequest, timeline: Timeline, connector: DrivenConnector,
                               retrieve_result: RetrieveResult, minutes: int) -> list[OtherTransaction]:
    """The simulator clock moves that far and the connector's scheduler runs the syncs that fell
    due, while a user presses Post on the refunds the last retrieve imported: the two on threads of
    their own, at the same time. minutes: as "When N minutes pass"."""
    ids = [t.id for t in _retrieved(request, retrieve_result, "post")]
    timeline.advance(parameters.minutes(minutes) * 60)
    with ThreadPoolExecutor(max_workers=2) as pool:
        cycle = pool.submit(connector.run_scheduled_sync)
        posts = pool.submit(lambda: [connector.post(i) for i in ids])
        cycle.result()
        return posts.result()


@when("the user cancels the refund", target_fixture="posted_refunds")
def cancel(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Action menu > Cancel on the retrieved refunds: the connector keeps them but ignores them (a
    posted refund cannot be canceled: it stays as it is, and says why). There must be one."""
    return [connector.cancel(t.id) for t in _retrieved(request, retrieve_result, "cancel")]


@when("the user uncancels the refund", target_fixture="posted_refunds")
def uncancel(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult) -> list[OtherTransaction]:
    """Action menu > Uncancel on the retrieved refunds: a canceled one can be posted again (one
    that is not canceled stays as it is, and says why). There must be one."""
    return [connector.uncancel(t.id) for t in _retrieved(request, retrieve_result, "uncancel")]


@when("the user deletes the refund from the connector", target_fixture="deleted_refunds")
def delete(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult) -> list[str]:
    """Action menu > Delete from FarApp on the refunds the last retrieve imported (there must be
    one): they leave the connector only, so they can be retrieved again."""
    # With none imported the step would delete nothing, and "the refund is no longer listed" pass
    # having checked nothing.
    deleted = _retrieved(request, retrieve_result, "delete")
    for t in deleted:
        connector.delete(t.id)
    return [t.id for t in deleted]


@when("the user deletes the first refund listed for the order", target_fixture="deleted_refunds")
def delete_first_listed(request: pytest.FixtureRequest, connector: DrivenConnector, storefront_order: StorefrontOrder) -> list[str]:
    """Action menu > Delete from FarApp on the order's first refund in Other Transactions (the oldest
    retrieved, as the list shows them): it leaves the connector only, and may be retrieved again.
    Checked first: the order has two refunds listed or more (with one, write 'the user deletes the
    refund from the connector')."""
    listed = _listed_for(connector, storefront_order)
    if len(listed) < 2:
        raise ScenarioError(f"the connector lists {len(listed)} refund{'' if len(listed) == 1 else 's'} for the order: to "
                            "delete the first of several, retrieve two first; to delete the one retrieved, write "
                            "'the user deletes the refund from the connector'")
    connector.delete(listed[0].id)
    return [listed[0].id]


@when(phrase("{minutes:d} minute(s) pass/passes"))
def minutes_pass(timeline: Timeline, connector: DrivenConnector, minutes: int) -> None:
    """Time travel, not sleeping: the simulator clock moves that far, then the connector's scheduler
    wakes up and runs the syncs that fell due. minutes: at least 1 (0 would do nothing), at most
    525600 (a year)."""
    timeline.advance(parameters.minutes(minutes) * 60)
    connector.run_scheduled_sync()


@then("the Retrieve dialog shows a success message")
def retrieve_succeeded(request: pytest.FixtureRequest, retrieve_result: RetrieveResult) -> None:
    """The last Retrieve succeeded, with a message (one the scenario wrote to fail — the order's ID
    mistyped, a channel or direction the account has not, an order without its sales order, an eBay
    order whose refunds eBay is still settling — is the scenario's error)."""
    if not retrieve_result.success:
        refused = history.retrieve_refused(request, request.getfixturevalue("connector_settings"))
        if refused:
            raise ScenarioError(f"the last retrieve cannot succeed as the scenario wrote it: {refused}; check its "
                                "failure with 'Then the Retrieve dialog shows a failure message containing \"...\"', "
                                "or retrieve the scenario's order on a channel and in a direction the account syncs")
        _not_settled(request)
    check(retrieve_result.success, "retrieve", f"expected a success message, the Retrieve dialog failed with: "
          f"{retrieve_result.message}")
    check(bool(retrieve_result.message), "message", "expected a success message, the dialog showed none")


def _not_settled(request: pytest.FixtureRequest) -> None:
    """A retrieve from eBay while eBay still settles every refund of the order (the scenario made it
    slow), or from Shopify while its payment gateway holds the order's refunds pending: nothing has
    been refunded yet, so no refund is there to import, and the connector failing the retrieve is
    its right answer.

    :raise ScenarioError: the last retrieve was from eBay or Shopify, of the scenario's order, whose
        refunds are all still settling."""
    order = history.retrieved_order(request)
    if order is not None and order.storefront == "shopify" and history.retrieved_channel(request) == "shopify":
        _held_pending(request, order)
        return
    if order is None or order.storefront != "ebay" or history.retrieved_channel(request) != "ebay":
        return
    seller = request.getfixturevalue("storefront_user")
    try:
        settling = seller.settling(order) and not any(refund.money for refund in seller.refunds(order))
    except VendorError:  # eBay answers this check with a fault the scenario planned: it cannot tell, the check goes on
        return
    if settling:
        raise ScenarioError("the last retrieve cannot succeed as the scenario wrote it: eBay is still settling the "
                            "order's refunds ('Given eBay takes ... to settle a refund'), so it has refunded nothing "
                            "yet; let the time pass before the retrieve ('When 120 minutes pass'), or check its failure "
                            "with 'Then the Retrieve dialog shows a failure message containing \"...\"'")


def _held_pending(request: pytest.FixtureRequest, order: StorefrontOrder) -> None:
    """:raise ScenarioError: Shopify's payment gateway holds every refund of the order that has money
    pending ('Given Shopify's payment gateway will hold the next refund pending ...'): none has
    reached the customer yet."""
    merchant = request.getfixturevalue("storefront_user")
    try:
        refunds = merchant.refunds(order)
    except VendorError:  # Shopify answers this check with a fault the scenario planned: it cannot tell
        return
    if any(refund.pending for refund in refunds) and not any(refund.money for refund in refunds):
        raise ScenarioError("the last retrieve cannot succeed as the scenario wrote it: Shopify's payment gateway still "
                            "holds the order's refund pending ('Given Shopify's payment gateway will hold the next refund "
                            "pending ...'), so nothing has been refunded yet; let the time pass before the retrieve ('When "
                            "150 minutes pass'), or check its failure with 'Then the Retrieve dialog shows a failure "
                            "message containing \"...\"'")


@then(phrase("the Retrieve dialog shows a failure message containing {text:q}"))
def retrieve_failed(retrieve_result: RetrieveResult, text: str) -> None:
    """The last Retrieve failed, imported nothing, and its message contains the text (case ignored)."""
    text = parameters.words(text)
    check(not retrieve_result.success, "retrieve", f"expected the retrieve to fail, it succeeded: {retrieve_result.message}")
    check(text.lower() in retrieve_result.message.lower(), "message",
          f"expected the failure message to contain {quoted(text)}, it says: {quoted(retrieve_result.message)}")
    check(not retrieve_result.transactions, "retrieve", "expected nothing imported, found "
          f"{said([f'{t.id} ({t.status})' for t in retrieve_result.transactions])}")


@then("the failure message names the order ID entered")
def retrieve_failure_names_order(request: pytest.FixtureRequest, retrieve_result: RetrieveResult) -> None:
    """The last Retrieve failed and its message names the order ID entered in the dialog (without
    the spaces around it), so that the user knows which order to verify."""
    entered = (history.retrieved_id(request) or "").strip()
    if not entered:
        raise ScenarioError("no order ID was entered in the last Retrieve: name the order ('When the connector retrieves "
                            "the refunds of the order from ...')")
    check(not retrieve_result.success, "retrieve", f"expected the retrieve to fail, it succeeded: {retrieve_result.message}")
    check(entered in retrieve_result.message, "message",
          f"expected the failure message to name the order ID entered, {quoted(entered)}, it says: "
          f"{quoted(retrieve_result.message)}")


def _listed(connector: DrivenConnector) -> dict[str, OtherTransaction]:
    return {t.id: t for t in connector.transactions()}


def _shown(listed: dict[str, OtherTransaction], refund: OtherTransaction) -> OtherTransaction:
    """The retrieved ``refund`` as Other Transactions lists it now: one the connector no longer lists
    is its defect, said as such — read as showing no message, a check of none would pass."""
    shown = listed.get(refund.id)
    check(shown is not None, "record", f"expected refund {refund.id} in Other Transactions, it is not listed")
    assert shown is not None
    return shown


@then(phrase("the refund's status is {status:q}"))
def refund_status(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult, status: str) -> None:
    """Every refund the last retrieve imported is listed with this status. status: Retrieved |
    Posted | Error | Canceled."""
    wanted = parameters.refund_status(status)
    listed = _listed(connector)
    _retrieved(request, retrieve_result, "check")
    for refund in retrieve_result.transactions:
        shown = _shown(listed, refund)
        if wanted == Status.POSTED and shown.status != Status.POSTED:
            _storefront_takes_refund(request, history.retrieved_order(request))
        equal("status", f"refund {refund.id} to be", wanted, shown.status,
              f" with error: {shown.error_message}" if shown.error_message else "")


def _storefront_takes_refund(request: pytest.FixtureRequest | None, order: StorefrontOrder | None) -> None:
    """For a check that wanted a refund Posted and found it not: the scenario may have left ``order``
    unpaid on a storefront that refunds only what was paid, where the connector can only show the
    refund in error (:func:`steps.history.storefront_takes_refund`)."""
    if request is not None and order is not None:
        history.storefront_takes_refund(request, request.getfixturevalue("storefront_user"), order)


@then(phrase("the refund's error message contains {text:q}"))
def refund_error(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult, text: str) -> None:
    """The message shown on hover over each retrieved refund contains the text (case ignored); there
    must be one (with none retrieved, no message is there to contain it)."""
    text = parameters.words(text)
    listed = _listed(connector)
    _retrieved(request, retrieve_result, "check")
    for refund in retrieve_result.transactions:
        message = _shown(listed, refund).error_message
        check(text.lower() in message.lower(), "message",
              f"expected the error shown on hover to contain {quoted(text)}, it says: {quoted(message)}")


@then("the refund's error message names the NetSuite refund in the way")
def refund_error_names_netsuite_refund(request: pytest.FixtureRequest, connector: DrivenConnector,
                                       retrieve_result: RetrieveResult, netsuite_refunds: list[NetSuiteRecord]) -> None:
    """The message shown on hover over each retrieved refund names, by its number (tranId), each
    refund the scenario made in NetSuite: what the user must look at before refunding in one system
    only."""
    if not netsuite_refunds:
        raise ScenarioError("the scenario made no refund in NetSuite: refund the order there first ('Given the order has "
                            "been refunded in full in NetSuite')")
    listed = _listed(connector)
    _retrieved(request, retrieve_result, "check")
    for refund in retrieve_result.transactions:
        message = _shown(listed, refund).error_message
        for made in netsuite_refunds:
            number = str(made.body.get("tranId") or made.id)
            check(number in message, "message", f"expected the error shown on hover to name the NetSuite refund in the way, "
                  f"{made.type} {quoted(number)}, it says: {quoted(message)}")


@then("the refund's error message names the second order's invoice")
def refund_error_names_second_invoice(request: pytest.FixtureRequest, connector: DrivenConnector,
                                      retrieve_result: RetrieveResult, netsuite_user: NetSuiteUser,
                                      second_invoice: NetSuiteRecord) -> None:
    """The message shown on hover over each retrieved refund names, by its number (tranId), the
    customer's other order's invoice ("the second order has been billed in NetSuite as an invoice"):
    where the credit went, what the user looks at before refunding anything by hand."""
    number = str(netsuite_user.record("invoice", second_invoice.id).body.get("tranId") or second_invoice.id)
    listed = _listed(connector)
    _retrieved(request, retrieve_result, "check")
    for refund in retrieve_result.transactions:
        message = _shown(listed, refund).error_message
        check(number in message, "message", f"expected the error shown on hover to name the second order's invoice "
              f"{quoted(number)}, it says: {quoted(message)}")


@then("the refund shows no error message")
def refund_without_error(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult) -> None:
    """Nothing is shown on hover over the retrieved refunds: no error, and no earlier one left behind
    (each is still listed: a refund gone from the list shows nothing, and that is no pass)."""
    listed = _listed(connector)
    _retrieved(request, retrieve_result, "check")
    for refund in retrieve_result.transactions:
        message = _shown(listed, refund).error_message
        check(not message, "message", f"expected no error shown on hover over refund {refund.id}, it says: "
              f"{quoted(message)}")


@then("each posted refund names the refund it created, for the same amount")
def posted_names_target(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult, storefront_order: StorefrontOrder,
                        storefront_user: Storefront, netsuite_user: NetSuiteUser) -> None:
    """Each refund the last retrieve imported is Posted and names what posting it created
    (``target_record``, as the protocol names it: a NetSuite ``cashRefund:<id>`` / ``creditMemo:<id>``,
    a ``shopify-refund:<id>``): a refund of the scenario's order on the other side, for the
    refund's amount and in its currency, and no two naming the same one — also when the answer to the write was lost and the
    connector found its write again."""
    listed = _listed(connector)
    _retrieved(request, retrieve_result, "check")
    _each_its_own([listed.get(t.id) or t for t in retrieve_result.transactions], lambda t: t.target_record,
                  "posted refund to name a refund")
    for refund in retrieve_result.transactions:
        shown = listed.get(refund.id)
        if shown is not None and shown.status != Status.POSTED:
            _storefront_takes_refund(request, storefront_order)
        check(shown is not None and shown.status == Status.POSTED, "not_posted",
              f"expected refund {refund.id} to be posted, it is {shown.status if shown else 'not listed'}")
        assert shown is not None
    _name_their_targets([listed[t.id] for t in retrieve_result.transactions], storefront_order, storefront_user, netsuite_user)


def _name_their_targets(posted: list[OtherTransaction], order: StorefrontOrder, storefront_user: Storefront,
                        netsuite_user: NetSuiteUser) -> None:
    """Each of ``posted`` (refunds listed Posted) names what posting it created (``target_record``): a
    refund of ``order`` on the other side, for the refund's amount and in its currency."""
    netsuite = {f"{r.type}:{r.id}": (r.total, r.currency) for r in netsuite_user.refunds_of(order)}
    for shown in posted:
        target = shown.target_record or ""
        # The protocol names the record as text; anything else (a vendor's answer passed through)
        # is the connector's defect, not a crash of this check.
        check(isinstance(target, str), "record", f"expected refund {shown.id} to name the refund posting it created "
              f"(text such as 'cashRefund:<id>' or 'woocommerce-refund:<id>'), it names {said(target)}")
        found = (storefront_user.source_of(order, target) if shown.source_channel == "netsuite"
                 else netsuite.get(target))
        check(found is not None, "record", f"expected refund {shown.id} to name the refund posting it created, it names "
              f"{quoted(target)}, which is no refund of order {order.id}")
        assert found is not None
        equal("amount", f"{target}, created for refund {shown.id}, to be for", money(shown.amount), found[0])
        equal("currency", f"{target}, created for refund {shown.id}, to be in", shown.currency, found[1])


@then(phrase("the connector lists {count:d} refund(s) for the order"))
def listed_count(request: pytest.FixtureRequest, connector: DrivenConnector, storefront_order: StorefrontOrder, count: int) -> None:
    """Counts the order's refunds in the connector's Other Transactions list, under whatever
    spacing of the order's ID it lists them (one listed under " 701 " is a refund of order 701), and
    each must be listed under the order's exact ID."""
    listed = _listed_for(connector, storefront_order)
    if count and not listed:
        refunded_somewhere(request.getfixturevalue("storefront_user"), request.getfixturevalue("netsuite_user"),
                           storefront_order)
    kind = "doubled" if len(listed) > count else "count"
    check(len(listed) == count, kind, f"expected {count} refund(s) of order {storefront_order.id} in Other Transactions, "
          f"found {len(listed)}: {said([f'{t.id} ({t.status})' for t in listed])}")
    _listed_under_the_orders_id(listed, storefront_order)


def _listed_for(connector: DrivenConnector, order: StorefrontOrder) -> list[OtherTransaction]:
    """The refunds Other Transactions lists for the order, its ID trimmed: a connector that lists
    one under the ID as typed (with spaces) has still listed it — a count of exact IDs would miss it."""
    return [t for t in connector.transactions() if str(t.order_id).strip() == order.id]


def _listed_under_the_orders_id(listed: list[OtherTransaction], order: StorefrontOrder) -> None:
    """Each of the order's listed refunds names the order by its exact ID (the ID is the order's
    record key: one written otherwise is a record another lookup of the order does not find)."""
    wrong = [f"{t.id} under {quoted(str(t.order_id))}" for t in listed if t.order_id != order.id]
    check(not wrong, "record", f"expected the refunds of order {order.id} listed under its ID {quoted(order.id)}, "
          f"found {'; '.join(wrong)}")


@then(phrase("every refund listed for the order is {status:q}"))
def every_listed_status(request: pytest.FixtureRequest, connector: DrivenConnector, storefront_order: StorefrontOrder, status: str) -> None:
    """Every refund of the order in Other Transactions has this status (and there is at least one),
    whoever retrieved it: the user or the scheduled sync; each listed under the order's exact ID, and
    each Posted one naming the refund posting it created (as "each posted refund names the refund it
    created, for the same amount"). status: Retrieved | Posted | Error | Canceled."""
    wanted = parameters.refund_status(status)
    listed = _listed_for(connector, storefront_order)
    if not listed:
        refunded_somewhere(request.getfixturevalue("storefront_user"), request.getfixturevalue("netsuite_user"),
                           storefront_order)
    check(bool(listed), "not_posted", f"expected refunds of order {storefront_order.id} in Other Transactions, found none")
    _listed_under_the_orders_id(listed, storefront_order)
    wrong = [f"{t.id} {quoted(t.status)}" + (f" with error: {t.error_message}" if t.error_message else "")
             for t in listed if t.status != wanted]
    if wrong and wanted == Status.POSTED:
        _storefront_takes_refund(request, storefront_order)
    check(not wrong, "status", f"expected every refund of order {storefront_order.id} to be {quoted(wanted)}, found "
          f"{'; '.join(wrong)}")
    if wanted == Status.POSTED:  # whoever posted them — the user or the scheduled sync — each names its record
        _name_their_targets(listed, storefront_order, request.getfixturevalue("storefront_user"),
                            request.getfixturevalue("netsuite_user"))


@then("the refund is no longer listed in the connector")
def not_listed(connector: DrivenConnector, deleted_refunds: list[str]) -> None:
    """The refunds the user deleted are gone from Other Transactions."""
    listed = _listed(connector)
    left = [refund for refund in deleted_refunds if refund in listed]
    check(not left, "record", f"expected the deleted refund(s) {said(left)} to be gone from Other Transactions")


@then("each retrieved refund shows the order, amount and currency of its source")
def retrieved_matches_source(request: pytest.FixtureRequest, connector: DrivenConnector, retrieve_result: RetrieveResult, storefront_order: StorefrontOrder,
                             storefront_user: Storefront, netsuite_user: NetSuiteUser) -> None:
    """Each refund the last retrieve imported names the scenario's order, and its amount and
    currency are those of the record it was retrieved from (``source_record``, as the protocol
    names it: a NetSuite ``cashRefund:<id>`` / ``creditMemo:<id>`` of the order, a
    ``shopify-refund:<id>``, an ``ebay-return:<id>``, an ``ebay-cancellation:<id>``); no two name one record."""
    _retrieved(request, retrieve_result, "check")
    _each_its_own(retrieve_result.transactions, lambda t: t.source_record, "retrieved refund to name a record")
    for refund in retrieve_result.transactions:
        equal("record", f"refund {refund.id} to be of order", storefront_order.id, refund.order_id)
        source = _source(refund.source_record, storefront_user, netsuite_user, storefront_order)
        check(source is not None, "record", f"expected refund {refund.id} to name the record it came from, "
              f"it names {quoted(refund.source_record)}, which is no refund of order {storefront_order.id}")
        assert source is not None
        equal("amount", f"refund {refund.id} to be for the amount of {refund.source_record},", source[0], money(refund.amount))
        equal("currency", f"refund {refund.id} in the currency of {refund.source_record},", source[1], refund.currency)


def _source(record: str, storefront_user: Any, netsuite_user: NetSuiteUser, order: StorefrontOrder) -> tuple[Decimal, str] | None:
    kind, _, key = record.partition(":")
    if kind in ("cashRefund", "creditMemo") and key:
        try:
            found = netsuite_user.record(kind, key)
        except VendorError as exc:  # a record NetSuite has not: the connector named none, not a crash of the check
            if exc.status in (400, 404):
                return None
            raise
        # Another order's refund (a record NetSuite has, of the same amount) is no source of this one.
        if not any(r.type == kind and r.id == found.id for r in netsuite_user.refunds_of(order)):
            return None
        return found.total, found.currency
    return storefront_user.source_of(order, record)


def _each_its_own(refunds: Sequence[OtherTransaction], record: Callable[[OtherTransaction], str | None], what: str) -> None:
    """No two of ``refunds`` name one record (``record`` of each): two refunds of one record are one
    refund counted twice — or the first's record named for both, which amount checks miss when the
    amounts are equal."""
    named: dict[str, list[str]] = {}
    for refund in refunds:
        key = record(refund)
        if isinstance(key, str) and key:
            named.setdefault(key, []).append(refund.id)
    shared = [f"{' and '.join(ids)} name {quoted(key)}" for key, ids in named.items() if len(ids) > 1]
    check(not shared, "record", f"expected each {what} of its own, {'; '.join(shared)}")
