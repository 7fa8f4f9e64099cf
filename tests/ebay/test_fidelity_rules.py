"""Rules FIDELITY.md states that no other test held the eBay simulator to: getOrders answers the
oldest order first, shipping is split evenly across the line items with the odd cents on the first,
and the refund window ends exactly 60 days after the order was created."""

from __future__ import annotations

import pytest

from simulators.clients import EbayClient, VendorError
from tests.ebay.conftest import EbaySim, assert_ebay_error, order_refund

DAY = 86_400


def test_get_orders_answers_the_oldest_order_first(ebay: EbayClient, sim: EbaySim) -> None:
    """OAS (v1.20.7 and v1.19.2) ``OrderSearchPagedCollection.orders``: "By default, orders are
    returned according to creation date (oldest to newest)": an order created while a reader pages
    through goes on the last page, and the pages already read stay as they were."""
    middle = sim.order(creationDate="2026-01-10T00:00:00+00:00")
    oldest = sim.order(creationDate="2026-01-05T00:00:00+00:00")
    newest = sim.order()
    assert [o["orderId"] for o in ebay.get_orders()["orders"]] == [oldest["orderId"], middle["orderId"], newest["orderId"]]
    pages = [ebay.get_orders(limit=1, offset=n)["orders"][0]["orderId"] for n in range(3)]
    assert pages == [oldest["orderId"], middle["orderId"], newest["orderId"]]
    first = ebay.get_orders(limit=2)
    later = sim.order()
    second = ebay.get_orders(limit=2, offset=2)
    assert [o["orderId"] for o in first["orders"] + second["orders"]] == [
        oldest["orderId"], middle["orderId"], newest["orderId"], later["orderId"]]


@pytest.mark.parametrize("shipping, shares", [
    ("5.00", ["1.68", "1.66", "1.66"]),
    ("5.01", ["1.67", "1.67", "1.67"]),
    ("0.02", ["0.02", "0.00", "0.00"]),
    ("10.00", ["3.34", "3.33", "3.33"]),
])
def test_shipping_is_split_evenly_with_the_odd_cents_on_the_first_line(sim: EbaySim, shipping: str, shares: list[str]) -> None:
    order = sim.order(shipping=shipping, lineItems=[{"title": t, "sku": t, "quantity": 1, "price": "10.00"}
                                                     for t in ("A", "B", "C")])
    lines = order["lineItems"]
    assert [line["deliveryCost"]["shippingCost"]["value"] for line in lines] == shares
    assert [line["total"]["value"] for line in lines] == [f"{10 + float(s):.2f}" for s in shares]
    assert order["pricingSummary"]["deliveryCost"]["value"] == shipping


def test_the_refund_window_ends_sixty_days_after_creation(ebay: EbayClient, sim: EbaySim) -> None:
    first, second = sim.order(), sim.order()
    sim.advance(60 * DAY)  # exactly 60 days: still inside
    assert ebay.issue_refund(first["orderId"], order_refund("1.00"))["refundStatus"] == "PENDING"
    sim.advance(1)
    with pytest.raises(VendorError) as late:
        ebay.issue_refund(second["orderId"], order_refund("1.00"))
    assert_ebay_error(late.value, 400, 34920)
