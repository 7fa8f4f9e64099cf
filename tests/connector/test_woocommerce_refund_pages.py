"""The reference connector reads ALL of a WooCommerce order's refunds, once per post.

WooCommerce lists an order's refunds a page at a time (``per_page`` at most 100, newest first by
default) and says how many pages there are in ``X-WP-TotalPages`` (RULES.md §7, DOCS
``_introduction.md`` "Pagination"). Read as one page of 100, an order with more than 100 refunds
hid its oldest: the connector's own earlier refund (its stamp) was not found, so a retry posted the
money again, and units refunded long ago were refunded again. It also read the list twice per
post (looking for its stamp, then counting the units left): one listing now serves both.

The 101 refunds are written through the simulator's model (one HTTP post each would be slow); the
adapter reads them over the REST API as the connector does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest

from harness.actors import LineSpec, OrderSpec, merchant_of, refunded_units
from simulators.clients import ControlPlaneClient, WooCommerceClient
from simulators.connector.storefronts import RefundToPost, WooCommerceAdapter

MARK = "[refundsim:cashRefund:7]"
#: One line of 20 units at 50.00: room for a refund of a unit and 100 refunds of a cent.
ORDER: dict[str, Any] = {"line_items": [{"name": "Enamel mug", "sku": "MUG-1", "price": "50.00", "quantity": 20}],
                         "payment_method": "stripe"}


def _direct(action: Any, *, committed: Any = None) -> Any:
    """The connector's retrying ``call`` without retries: these tests inject no fault."""
    return action()


@pytest.fixture
def order(control: ControlPlaneClient, tenant: dict[str, Any]) -> dict[str, Any]:
    return control.create_woocommerce_order(tenant["tenant"], ORDER)


@pytest.fixture
def store(simulator_app, tenant: dict[str, Any]) -> Any:
    return simulator_app.extensions["refundsim.tenants"].get(tenant["tenant"]).state("woocommerce")


@pytest.fixture
def listings() -> list[str]:
    """The path of each refund listing the adapter read."""
    return []


@pytest.fixture
def adapter(simulators, tenant: dict[str, Any], listings: list[str]) -> Iterator[WooCommerceAdapter]:
    """The connector's adapter; its refund listings go to ``listings``."""
    made = WooCommerceAdapter(WooCommerceClient(simulators.base_url, tenant["woocommerce"]), _direct)

    def note(response: Any, *args: Any, **kwargs: Any) -> None:
        if response.request.method == "GET" and response.request.path_url.split("?")[0].endswith("/refunds"):
            listings.append(response.request.path_url)

    made.client.session.hooks["response"].append(note)
    yield made
    made.close()


def store_order(simulators: Any, tenant: dict[str, Any], order_id: str) -> dict[str, Any]:
    """The order as the REST API answers it."""
    client = WooCommerceClient(simulators.base_url, tenant["woocommerce"])
    try:
        return client.order(order_id)
    finally:
        client.session.close()


def _stamped_then_100_more(store: Any, order: dict[str, Any]) -> Any:
    """The connector's refund of one unit (its stamp in the reason) first, then 100 refunds of a
    cent by the merchant: listed newest first, the stamped one is the 101st — on page 2."""
    line = order["line_items"][0]
    stamped = store.create_refund(
        order["id"], {"amount": "50.00", "reason": f"Cash Refund #7 {MARK}", "api_refund": False, "api_restock": False},
        {"line_items": [{"id": line["id"], "quantity": 1, "refund_total": "50.00"}]})
    for _ in range(100):
        store.create_refund(order["id"], {"amount": "0.01", "reason": "Goodwill", "api_refund": False,
                                          "api_restock": False}, {})
    return stamped


def test_the_connectors_refund_on_page_2_is_found(adapter, store, order) -> None:
    stamped = _stamped_then_100_more(store, order)
    assert adapter.posted(str(order["id"]), MARK) == f"woocommerce-refund:{stamped.id}"


def test_units_refunded_by_a_refund_on_page_2_are_counted(adapter, store, order) -> None:
    _stamped_then_100_more(store, order)
    assert adapter.refunded_units(str(order["id"])) == Counter({str(order["line_items"][0]["id"]): 1})


def _refund_of_one_unit(adapter: Any, order_id: str) -> RefundToPost:
    neutral = adapter.order(order_id)
    line = neutral["lines"][0]
    return RefundToPost(order_id=order_id, order=neutral, lines=((line, 1, Decimal("50.00")),), shipping=Decimal("0"),
                        tax=Decimal("0"), total=Decimal("50.00"), note="Cash Refund #8 [refundsim:cashRefund:8]")


def test_a_post_lists_the_refunds_once(adapter, listings, order) -> None:
    """Looking for the stamp, then preparing the write: one listing (one page here)."""
    order_id = str(order["id"])
    assert adapter.posted(order_id, "[refundsim:cashRefund:8]") is None
    adapter.prepare(_refund_of_one_unit(adapter, order_id))
    assert len(listings) == 1, listings


def test_a_post_reads_every_page_once(adapter, listings, store, order) -> None:
    """101 refunds: two pages of 100, each read once, though the post both looks for its stamp and
    counts the units left — and the unit refunded on page 2 is counted (19 left, 1 asked: it goes)."""
    _stamped_then_100_more(store, order)
    order_id = str(order["id"])
    assert adapter.posted(order_id, "[refundsim:cashRefund:8]") is None
    adapter.prepare(_refund_of_one_unit(adapter, order_id))
    pages = sorted(parse_qs(path.partition("?")[2])["page"][0] for path in listings)
    assert pages == ["1", "2"], listings


def test_the_merchants_view_holds_every_refund(simulators, tenant, control, faker, store) -> None:
    """The harness reads the store as the merchant does (``WooCommerceMerchant.refunds``), and its
    checks (money refunded, units refunded, the connector's record) are made on what it reads: all
    101 refunds, not the newest 100."""
    merchant = merchant_of("woocommerce", simulators.base_url, tenant, control, faker)
    placed = merchant.new_order(OrderSpec(lines=(LineSpec("MUG-1", 20, Decimal("50.00")),), shipping=Decimal("0")))
    stamped = _stamped_then_100_more(store, store_order(simulators, tenant, placed.id))
    seen = merchant.refunds(placed)
    assert len(seen) == 101 and str(stamped.id) in {r.id for r in seen}
    assert refunded_units(merchant, placed) == Counter({"MUG-1": 1})
