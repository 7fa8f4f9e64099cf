"""What the scenario itself did that a failing check must know to blame the right party.

A check that finds something missing blames the connector ("Record differs: ... it has none",
"Refund not posted"). When the scenario itself made it missing — it deleted the order's sales
order in NetSuite, or its order was never synced, and did not ask the connector to sync the order
since; it refunded nothing on either side; it left the order unpaid on a storefront that refunds
only what was paid — the connector could not have made it: that is the scenario's mistake (a
:class:`ScenarioError`), said in its words. Which orders the scenario made is kept too: a refund
the connector made against another of them, one the scenario did not refund, is the connector's.
What the scenario did is kept in the scenario's pytest item (``request.node.stash``), one
scenario at a time.
"""

from __future__ import annotations

from typing import Any

import pytest

from harness.actors import STOREFRONT_NAMES, NetSuiteRecord, NetSuiteUser, Storefront, StorefrontOrder
from harness.expectations import ScenarioError, check

#: (the order's ID, why the order has no sales order by the scenario's own doing): set by the steps
#: that delete the sales order or make an order they do not sync, cleared by a step asking the
#: connector to sync that order.
_NO_SALES_ORDER = pytest.StashKey[tuple[str, str]]()
#: The ID of the order the scenario last asked the connector to sync, as the order's ID (spaces
#: around the typed ID trimmed): what the connector's answer to that sync must name.
_SYNC_ASKED = pytest.StashKey[str]()


def sales_order_gone(request: pytest.FixtureRequest, order_id: str, why: str) -> None:
    """The scenario's order ``order_id`` has no sales order in NetSuite because of the scenario's own
    step; ``why`` says so in the scenario's words ("the scenario deleted it ...")."""
    request.node.stash[_NO_SALES_ORDER] = (order_id, why)


def sync_asked(request: pytest.FixtureRequest, order_id: str) -> None:
    """The connector was asked to sync the order of ``order_id`` (as typed: spaces around it are
    the order's ID too): from now on a missing sales order of it is the connector's to answer for."""
    request.node.stash[_SYNC_ASKED] = order_id.strip()
    gone = request.node.stash.get(_NO_SALES_ORDER, None)
    if gone is not None and gone[0] == order_id.strip():
        del request.node.stash[_NO_SALES_ORDER]


def order_asked(request: pytest.FixtureRequest) -> str | None:
    """The ID of the order the scenario last asked the connector to sync (trimmed), None when it
    asked none."""
    return request.node.stash.get(_SYNC_ASKED, None)


def why_no_sales_order(request: pytest.FixtureRequest, order_id: str) -> str | None:
    """Why the order ``order_id`` has no sales order by the scenario's own doing, with no sync of it
    asked of the connector since; None when the connector had to make (or keep) it."""
    gone = request.node.stash.get(_NO_SALES_ORDER, None)
    return gone[1] if gone is not None and gone[0] == order_id else None


def synced_sales_order(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                       order: StorefrontOrder) -> NetSuiteRecord:
    """The sales order the connector made of ``order``, for a check: none is the check's words
    being false of what the connector did (it did not sync the order), said as such — not
    NetSuite's 404 breaking the check with a traceback filed as the harness's. Unless the scenario
    itself left the order without one (it deleted the sales order, or its order was never synced)
    and asked the connector for no sync of the order since: the connector could not have made it,
    and the check is the scenario's mistake (a ScenarioError), not a connector defect."""
    found = netsuite_user.find_sales_order(order)
    why = why_no_sales_order(request, order.id) if found is None else None
    if why:
        raise ScenarioError(f"NetSuite has no sales order of the order: {why}, and no step asked the connector to sync "
                            "the order since, so nothing could have made one; check the sales order after 'When the "
                            "connector syncs the order to NetSuite', or leave the check out")
    check(found is not None, "record", f"expected NetSuite to have a sales order of the order (external ID {order.id}), "
          "it has none")
    assert found is not None
    return found


def netsuite_can_refund(request: pytest.FixtureRequest, order: StorefrontOrder) -> None:
    """For a check that found no NetSuite refund of the order where it expected one: NetSuite keeps
    an order's refunds through its sales order (created from its bills and return authorizations),
    so with none by the scenario's own doing — it deleted it, or never synced the order — and no
    sync asked since, no refund of the order can be in NetSuite: the scenario's mistake.

    :raise ScenarioError: the order has no sales order by the scenario's doing (:func:`why_no_sales_order`)."""
    why = why_no_sales_order(request, order.id)
    if why:
        raise ScenarioError(f"NetSuite has no sales order of the order: {why}, and no step asked the connector to sync "
                            "the order since, so no refund of it can be in NetSuite (NetSuite refunds an order from its "
                            "sales order's bills); check what the scenario means, such as 'Then the refund's status "
                            "is \"Error\"', or leave the check out")


def refunded_somewhere(storefront_user: Storefront, netsuite_user: NetSuiteUser, order: StorefrontOrder) -> None:
    """For a check that found no refund where it expected one: there must be a refund of the order
    somewhere — in NetSuite or on the storefront, as each shows them, settled or not, whoever made
    it. With none on either side the scenario made none, and the connector, which only copies
    refunds from one side to the other, had nothing to post: the scenario's mistake, not "Refund
    not posted".

    :raise ScenarioError: neither side has a refund of the order."""
    if storefront_user.refunds(order) or netsuite_user.refunds_of(order):
        return
    raise ScenarioError(f"neither NetSuite nor {order.store} has a refund of the order: the scenario made none, so the "
                        "connector had none to sync and this check has nothing to find; refund the order first (such as "
                        "'Given the order has been refunded in full in NetSuite', or '... on the storefront'), or leave "
                        "the check out")


#: The scenario's storefront orders, in the order its steps made them.
_ORDERS = pytest.StashKey[list[StorefrontOrder]]()


def order_made(request: pytest.FixtureRequest, order: StorefrontOrder) -> None:
    """A step made ``order`` on the storefront: one of the scenario's orders."""
    request.node.stash.setdefault(_ORDERS, []).append(order)


def orders_made(request: pytest.FixtureRequest) -> list[StorefrontOrder]:
    """The scenario's storefront orders (none made yet: empty)."""
    return list(request.node.stash.get(_ORDERS, []))


#: The IDs of the scenario's orders on payment terms whose payment it captured on the storefront
#: ('Given the order's payment has been captured on the storefront'): until then such an order is unpaid there.
_CAPTURED = pytest.StashKey[set[str]]()
#: The storefronts that refuse a refund of an order with nothing paid, and their rule as the vendor
#: says it: Shopify refunds only what it captured (its 422 to a refund of more: DOMAIN.md §3);
#: Magento's CanRefund refuses an order whose total paid is its total refunded, "This covers an
#: uninvoiced or unpaid order" (../shared/specs/magento/RULES.md §2.8). WooCommerce is not one: it
#: takes a refund of an order on hold up to the order's total ("wc_create_refund does not check
#: order status or whether the order is paid": ../shared/specs/woocommerce/RULES.md §2.3), so a
#: connector must post it there; eBay orders are paid at checkout.
_REFUSES_UNPAID = {
    "shopify": "Shopify refunds only money it captured",
    "magento": "Magento makes no credit memo of an order with nothing paid (\"We can't create creditmemo for the "
               "order.\")",
    "woocommerce": "a connector posts no refund of an order its customer never paid (WooCommerce would record it "
                   "for the merchant to pay back by hand money never received)",
}


def payment_captured(request: pytest.FixtureRequest, order: StorefrontOrder) -> None:
    """The scenario captured the payment of ``order`` on the storefront: from now on it is paid there."""
    request.node.stash.setdefault(_CAPTURED, set()).add(order.id)


def storefront_takes_refund(request: pytest.FixtureRequest | None, storefront_user: Storefront,
                            order: StorefrontOrder) -> None:
    """For a check that found no refund on the storefront where it expected one (or a refund the
    connector posted to it not Posted): the scenario left the order unpaid (on payment terms, its
    payment never captured) on a storefront that refunds only what was paid, so no refund of it can
    be made there — the connector can only show the refund in error, and that is its right answer:
    the scenario's mistake, said with what to write instead. Nothing is said when the storefront
    has a refund of the order. WooCommerce takes a refund of an unpaid order, but the connector
    rightly posts none (it would record money never paid as to be paid back by hand).

    So is an eBay order whose account syncs refunds from NetSuite: eBay refunds sync from eBay to
    NetSuite only, and a connector refuses to post a NetSuite refund to eBay (features/
    refund_to_storefront.feature, "A NetSuite refund of an eBay order is not posted to eBay").

    :raise ScenarioError: the order is unpaid on Shopify, Magento or WooCommerce, or an eBay order's refund is to
        be posted from NetSuite, and the storefront has no refund of it."""
    if request is None:
        return
    if (order.storefront == "ebay" and request.getfixturevalue("connector_settings").get("refund_direction")
            == "from_netsuite" and not storefront_user.refunds(order)):
        raise ScenarioError("a refund made in NetSuite cannot be posted to eBay: eBay refunds sync from eBay to NetSuite "
                            "(a connector shows such a refund in error, and that is its right answer); write 'Given an "
                            "eBay connector account that syncs refunds from the storefront to NetSuite' and refund on "
                            "eBay, or check the refusal ('Then the refund's status is \"Error\"', 'Then the storefront "
                            "has refunded nothing')")
    if order.paid or order.id in request.node.stash.get(_CAPTURED, set()):
        return
    rule = _REFUSES_UNPAID.get(order.storefront)
    if rule is None or storefront_user.refunds(order):
        return
    raise ScenarioError(f"the order is unpaid on {order.store} (on payment terms, its payment never captured there): "
                        f"{rule}, so no refund of it can reach {order.store}, and the connector can only show the refund "
                        "in error; capture the payment before the refund is posted ('Given the order's payment has been "
                        "captured on the storefront'), or check the refusal ('Then the refund's status is \"Error\"', "
                        "'Then the storefront has refunded nothing')")


#: The step that had the eBay seller refund without a buyer request, as the scenario wrote it: eBay
#: shows such a refund as an external transaction, and a retrieve from eBay refuses the order (the
#: connector cannot import it, by design: features/ebay_refunds.feature).
_EBAY_UNREQUESTED = pytest.StashKey[str]()


def ebay_refund_unrequested(request: pytest.FixtureRequest, step: str) -> None:
    """The eBay seller refunded the order without a buyer request (``step``: the step that did)."""
    request.node.stash[_EBAY_UNREQUESTED] = step


#: The last retrieve a step asked of the connector: (the channel's key, the order ID as the step
#: typed it, the scenario's order when the step named it — None for an ID typed as given).
_RETRIEVE = pytest.StashKey[tuple[str, str, StorefrontOrder | None]]()
#: The channels a retrieve reads, as a scenario names them.
_CHANNEL_NAMES = {"netsuite": "NetSuite", **STOREFRONT_NAMES}


def retrieve_asked(request: pytest.FixtureRequest, channel: str, order_id: str, order: StorefrontOrder | None) -> None:
    """A step asked the connector to retrieve the refunds of ``order_id`` (as typed) from ``channel``
    (its key: ``netsuite``, ``shopify``, ...); ``order``: the scenario's order, when the step named it."""
    request.node.stash[_RETRIEVE] = (channel, order_id, order)


def retrieved_order(request: pytest.FixtureRequest | None) -> StorefrontOrder | None:
    """The scenario's order the last retrieve named; None when it named an ID typed as given, or no
    retrieve was asked (or there is no scenario: a check called outside one)."""
    asked = request.node.stash.get(_RETRIEVE, None) if request is not None else None
    return asked[2] if asked is not None else None


def retrieved_id(request: pytest.FixtureRequest) -> str | None:
    """The order ID the last retrieve entered, as the step typed it; None when no retrieve was asked."""
    asked = request.node.stash.get(_RETRIEVE, None)
    return asked[1] if asked is not None else None


def retrieved_channel(request: pytest.FixtureRequest) -> str | None:
    """The channel (``netsuite``, ``ebay``, ...) the last retrieve asked; None when none was asked."""
    asked = request.node.stash.get(_RETRIEVE, None)
    return asked[0] if asked is not None else None


def retrieve_refused(request: pytest.FixtureRequest, settings: dict[str, Any]) -> str | None:
    """Why the last retrieve must fail as the scenario wrote it, in its words: it named the scenario's
    order mistyped, a channel the account does not link or a direction it does not sync, or asked
    NetSuite for an order the scenario left without a sales order (:func:`why_no_sales_order`).
    None when it could succeed (or named an ID typed as given, which may be any order), or no
    retrieve was asked."""
    asked = request.node.stash.get(_RETRIEVE, None)
    if asked is None or asked[2] is None:
        return None
    channel, typed, order = asked
    name = _CHANNEL_NAMES.get(channel, channel)
    if typed.strip() != order.id:
        return f"it named order \"{typed.strip()}\", not the scenario's order {order.id}"
    if channel not in ("netsuite", settings.get("storefront")):
        return f"the account links no {name} (it links {order.store} and NetSuite)"
    direction = settings.get("refund_direction")
    if direction not in ("both", "from_netsuite" if channel == "netsuite" else "to_netsuite"):
        return f"the account does not sync refunds from {name}"
    gone = why_no_sales_order(request, order.id) if channel == "netsuite" else None
    if gone:
        return f"NetSuite has no sales order of the order to retrieve from: {gone}"
    unrequested = request.node.stash.get(_EBAY_UNREQUESTED, None) if channel == "ebay" else None
    if unrequested:
        return (f"the eBay seller refunded the order without a buyer request ('{unrequested}'), which eBay shows as an "
                "external transaction: a retrieve from eBay refuses the order")
    return None


def nothing_to_retrieve(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                        settings: dict[str, Any]) -> str | None:
    """Why the last retrieve could import no refund by the scenario's own doing, in its words: it
    had to fail (:func:`retrieve_refused`), named an order ID typed as given, not the scenario's
    order, or a side that has no refund of the order. None when there was a refund to import there
    (importing none is then the connector's defect), or no retrieve was asked."""
    asked = request.node.stash.get(_RETRIEVE, None)
    if asked is None:
        return None
    channel, typed, order = asked
    if order is None:
        return f"it named order \"{typed}\" as typed, not the scenario's order"
    refused = retrieve_refused(request, settings)
    if refused:
        return refused
    refunds = netsuite_user.refunds_of(order) if channel == "netsuite" else storefront_user.refunds(order)
    if not refunds:
        return f"{_CHANNEL_NAMES.get(channel, channel)} has no refund of the order to retrieve"
    return None
