"""Whoever reads all of an order's credit memos or invoices reads every page.

A store with Magento's web API input limits on (Stores > Configuration > Services > Web Api Input
Limits; Adobe's "API security" page: default page size 20, at most 300; tenant setting
``magento.input_limits``) answers a search without ``pageSize`` with its first 20 results only. Read
as one search, an order's 21st credit memo was unseen: the reference connector missed its own
earlier credit memo (its stamp in the comment) and refunded again. The search now goes page by page
(``pageSize`` / ``currentPage``, up to ``total_count``: Magento answers a page past the last with the
last page again, so an empty page never comes)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from harness.actors import MagentoMerchant, StorefrontOrder
from simulators.clients import ControlPlaneClient, MagentoClient
from simulators.connector.storefronts import MagentoAdapter

from .conftest import ORDER, MagentoSim, items_of

MARK = "[refundsim:cashRefund:21]"


def _call(action: Any, *, committed: Any = None) -> Any:
    """The connector's retrying call, without retries (nothing fails here)."""
    return action()


@pytest.fixture
def limited(simulators, control: ControlPlaneClient) -> Iterator[dict[str, Any]]:
    """A tenant whose store has the input limits on."""
    created = control.create_tenant(seed=21, settings={"magento": {"input_limits": True}})
    yield created
    control.delete_tenant(created["tenant"])


@pytest.fixture
def client(simulators, limited: dict[str, Any]) -> Iterator[MagentoClient]:
    made = MagentoClient(simulators.base_url, limited["magento"])
    yield made
    made.session.close()


@pytest.fixture
def order(simulators, limited: dict[str, Any], client: MagentoClient) -> dict[str, Any]:
    """:data:`ORDER` (40.50, paid offline) with 21 credit memos of 0.01 each (money only, while
    the shipping is unrefunded); the last one carries the connector's stamp."""
    placed = MagentoSim(simulators.base_url, limited["tenant"]).order(**ORDER)
    nothing = [{"order_item_id": item_id, "qty": 0} for item_id in items_of(placed).values()]
    for number in range(1, 22):
        client.refund_order(placed["entity_id"], {
            "items": nothing, "arguments": {"shipping_amount": 0, "adjustment_positive": 0.01},
            "comment": {"comment": f"Credit Memo #{number} {MARK if number == 21 else ''}", "is_visible_on_front": 0}})
    return placed


def test_a_search_without_page_size_is_cut_to_20(client: MagentoClient, order: dict[str, Any]) -> None:
    """The store's limit itself, so that the tests below test something."""
    answer = client.creditmemos({"searchCriteria[filter_groups][0][filters][0][field]": "order_id",
                                 "searchCriteria[filter_groups][0][filters][0][value]": order["entity_id"]})
    assert answer["total_count"] == 21 and len(answer["items"]) == 20


def test_every_credit_memo_of_the_order_is_read(client: MagentoClient, order: dict[str, Any]) -> None:
    memos = client.order_creditmemos(order["entity_id"])
    assert len(memos) == 21 and len({m["entity_id"] for m in memos}) == 21


def test_the_connectors_credit_memo_past_the_20th_is_found(client: MagentoClient, order: dict[str, Any]) -> None:
    adapter = MagentoAdapter(client, _call)
    found = adapter.posted(order["increment_id"], MARK)
    assert found is not None and found.startswith("magento-creditmemo:")
    memo = client.creditmemo(found.partition(":")[2])
    assert any(MARK in c["comment"] for c in memo["comments"])


def test_the_merchants_view_holds_every_credit_memo(simulators, limited: dict[str, Any], client: MagentoClient,
                                                   control: ControlPlaneClient, faker, order: dict[str, Any]) -> None:
    merchant = MagentoMerchant(client, control, limited["tenant"], faker)
    seen = merchant.refunds(StorefrontOrder("magento", order["increment_id"], "USD", [], Decimal("5.00"), True, raw=order))
    assert len(seen) == 21
