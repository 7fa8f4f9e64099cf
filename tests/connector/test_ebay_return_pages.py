"""Who reads an eBay order's buyer returns reads ALL of them, not the search's first page.

The Post-Order return search (``GET /post-order/v2/return/search``) answers a page at a time:
``limit`` / ``offset`` in, ``members`` and ``paginationOutput {limit, offset, totalEntries,
totalPages}`` out (the Post-Order types, ``GetSummaryResponse``; the simulator's default page is
25, its defaults are unconfirmed: FIDELITY.md). Read as one page, an order with more returns than
a page hid the oldest: the harness's eBay seller counted fewer returned units than the buyer sent
back, and the reference connector's Retrieve never imported the refunds of the returns past the
first page (and, asked again, said they had "already been retrieved").

The 30 refunded returns are written through the simulator's model (one HTTP call each, and a
settlement between them, would be slow); the readers read them over the REST API as they do in a
scenario.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from faker import Faker

from harness.actors import EbaySeller, LineSpec, NetSuiteUser, OrderSpec, StorefrontOrder
from simulators.clients import ControlPlaneClient, NetSuiteClient
from simulators.clients.ebay import IncompleteListing
from simulators.connector.reference import create_connector

#: More returns than the search's default page (25) holds.
RETURNS = 30
PRICE = Decimal("2.00")


@pytest.fixture
def model(simulator_app, tenant: dict[str, Any]) -> Any:
    """The tenant's eBay seller in the simulator (its model: records written without HTTP)."""
    return simulator_app.extensions["refundsim.tenants"].get(tenant["tenant"]).state("ebay")


@pytest.fixture
def seller(simulators, tenant: dict[str, Any], control: ControlPlaneClient, faker: Faker) -> EbaySeller:
    return EbaySeller.connect(simulators.base_url, tenant, control, faker)


def refunded_returns(model: Any, seller: EbaySeller, count: int = RETURNS, units: int | None = None,
                     refunded: bool = True) -> StorefrontOrder:
    """An order of one line of ``units`` units (``count`` unless given), ``count`` of them each
    returned by the buyer in a return of its own and refunded by the seller (each refund settled
    before the next: eBay refuses a refund while another of the order is processing); with
    ``refunded`` false, the returns are left open."""
    order = seller.new_order(OrderSpec(lines=(LineSpec("MUG", units or count, PRICE),), shipping=Decimal("0")))
    line = order.lines[0]
    value = {"value": str(PRICE), "currency": order.currency}
    for _ in range(count):
        ret, _ = model.create_return(order.id, line_item_id=line.id, quantity=1, reason=None, comments="")
        if not refunded:
            continue
        model.issue_return_refund(ret.return_id, {"refundDetail": {
            "itemizedRefundDetail": [{"refundAmount": value, "refundFeeType": "PURCHASE_PRICE"}],
            "totalAmount": value}})
        model.settle_now(order.id)
    return order


def test_the_ebay_seller_counts_the_units_of_every_return_past_the_first_page(model: Any, seller: EbaySeller) -> None:
    order = refunded_returns(model, seller)
    closed = seller.ebay.search_returns(order.id, return_state="CLOSED")
    assert closed["total"] == RETURNS > len(closed["members"])
    refunds = seller.refunds(order)
    assert sum(r.money for r in refunds) == PRICE * RETURNS
    # Every returned unit: one page of 25 counted 25 of the 30.
    assert sum(sum(r.units.values()) for r in refunds) == RETURNS


def test_a_return_listing_that_cannot_be_read_whole_is_refused_not_cut_short(seller: EbaySeller) -> None:
    """A search whose pages do not add up to its ``total`` (here: one that reads ``offset`` as a
    page number, so entry 25 onwards is "page 25", empty) is an error, never a shorter list."""
    first = [{"returnId": str(n)} for n in range(25)]

    def search(order_id: str | None = None, **params: Any) -> dict[str, Any]:
        members = first if "offset" not in params else []
        return {"members": members, "total": 30, "paginationOutput": {"totalEntries": 30}}

    seller.ebay.search_returns = search  # type: ignore[method-assign]
    with pytest.raises(IncompleteListing, match="listed 25 of its 30 returns of order 12-34567-89012"):
        seller.ebay.every_return("12-34567-89012")


def test_a_return_created_while_the_pages_are_read_is_read_too(model: Any, seller: EbaySeller, tenant: dict[str, Any],
                                                              control: ControlPlaneClient) -> None:
    """The search lists the newest return first: one the buyer opens between two pages pushes each
    later page back by one, so the pages hold one return twice and the new one not at all. The
    listing is read again from its first page (once) rather than refused: the buyer acting while a
    connector reads is ordinary, and nothing was acted on from the short reading. (The returns are
    open: eBay's search without ``return_state`` finds the open ones.)"""
    order = refunded_returns(model, seller, units=RETURNS + 1, refunded=False)
    first_page = seller.ebay.search_returns
    opened: list[str] = []

    def search(order_id: str | None = None, **params: Any) -> dict[str, Any]:
        page = first_page(order_id, **params)
        if not opened:  # after the first page is read, the buyer opens a return of another unit
            control.advance_clock(tenant["tenant"], 60)  # a minute later: the newest, listed first
            ret, _ = model.create_return(order.id, line_item_id=order.lines[0].id, quantity=1, reason=None,
                                         comments="")
            opened.append(ret.return_id)
        return page

    seller.ebay.search_returns = search  # type: ignore[method-assign]
    found = {member["returnId"] for member in seller.ebay.every_return(order.id)}
    assert opened and opened[0] in found and len(found) == RETURNS + 1, (opened, len(found))


def test_the_connector_retrieves_the_refund_of_every_return_past_the_first_page(
        model: Any, seller: EbaySeller, netsuite: NetSuiteClient, connector_context) -> None:
    connector = create_connector(connector_context({"storefront": "ebay", "refund_direction": "to_netsuite"}))
    try:
        order = refunded_returns(model, seller)
        NetSuiteUser(netsuite).add_items(order.lines)
        connector.sync_order(order.id)
        result = connector.retrieve_refunds("ebay", order.id)
        assert result.success, result.message
        # One per return: one page of 25 imported 25, and a second Retrieve found nothing new.
        assert len(result.transactions) == RETURNS
        assert {t.source_record for t in result.transactions} == {
            f"ebay-return:{m['returnId']}" for m in seller.ebay.every_return(order.id, return_state="CLOSED")}
        again = connector.retrieve_refunds("ebay", order.id)
        assert not again.success and "already been retrieved" in again.message
    finally:
        connector.close()


@pytest.mark.parametrize("page", [None, [], "members", {"members": "x", "total": 1},
                                  {"members": [{"state": "CLOSED"}], "total": 1},
                                  {"members": [], "paginationOutput": "x", "total": "2"}], ids=repr)
def test_an_odd_return_listing_is_refused_with_a_message(seller: EbaySeller, page: Any) -> None:
    """What is no listing of returns (or lists returns without their ids) is an IncompleteListing
    with a message — which the connector's Retrieve shows — never a crash."""
    seller.ebay.search_returns = lambda order_id=None, **params: page  # type: ignore[method-assign]
    with pytest.raises(IncompleteListing, match="eBay's return search"):
        seller.ebay.every_return("12-34567-89012")
