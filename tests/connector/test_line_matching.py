"""The reference connector matches a NetSuite refund's lines to the storefront order's lines by item
AND rate: an order may hold the same SKU twice at different prices (a unit at a promotional price
beside the others at the list price), and a unit refunded at the list price must go back as a unit
of the list-price line, for what that line charged — matched by SKU alone, it went to the other
line (the last of that SKU), and the storefront refunded the wrong line or the wrong money."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from faker import Faker

from harness.actors import LineSpec, NetSuiteUser, OrderSpec, StorefrontOrder, merchant_of
from simulators.clients import ControlPlaneClient, NetSuiteClient
from simulators.connector.protocol import Status
from simulators.connector.reference import ReferenceConnector, create_connector

#: Two lines of one SKU: two units at the list price, one at a promotional price.
LIST, PROMO = LineSpec("MUG-01", 2, Decimal("12.00")), LineSpec("MUG-01", 1, Decimal("9.00"))


@pytest.fixture(params=["shopify", "magento", "woocommerce"])
def world(request: pytest.FixtureRequest, tenant: dict[str, Any], connector_context, netsuite: NetSuiteClient,
          control: ControlPlaneClient, faker: Faker, simulators) -> Iterator[dict[str, Any]]:
    """A paid order of the storefront holding MUG-01 twice (2 × 12.00, 1 × 9.00), synced to NetSuite
    and billed as a cash sale; the connector syncs refunds from NetSuite to the storefront."""
    storefront = request.param
    merchant = merchant_of(storefront, simulators.base_url, tenant, control, faker)
    order = merchant.new_order(OrderSpec(lines=(LIST, PROMO), shipping=Decimal("0")))
    user = NetSuiteUser(netsuite)
    user.add_items(order.lines[:1])  # one NetSuite item for the SKU
    connector = create_connector(connector_context({"storefront": storefront, "refund_direction": "from_netsuite"}))
    synced = connector.sync_order(order.id)
    assert synced.sales_order_id, synced.error_message
    billed = user.bill(order, "cash sale")
    yield {"storefront": storefront, "merchant": merchant, "order": order, "user": user, "billed": billed,
           "connector": connector}
    connector.close()


def _refund_in_netsuite(world: dict[str, Any], units: int, rate: Decimal) -> None:
    """A NetSuite user refunds ``units`` of MUG-01 at ``rate`` (which of the billed lines it is)."""
    item_id = world["billed"].body["item"]["items"][0]["item"]["id"]
    world["user"].refund(world["billed"], {"shippingCost": 0.0, "taxTotal": 0.0, "item": {"items": [
        {"item": {"id": item_id}, "quantity": units, "rate": float(rate)}]}})


def _refunded_units(world: dict[str, Any]) -> Counter[str]:
    """The units the storefront has refunded, by the order line's id (as text)."""
    merchant, order = world["merchant"], world["order"]
    units: Counter[str] = Counter()
    if world["storefront"] == "shopify":
        for refund in merchant.shopify.refunds(order.id):
            for line in refund["refund_line_items"]:
                units[str(line["line_item_id"])] += int(line["quantity"])
    elif world["storefront"] == "magento":
        for item in merchant.magento.order(int(order.raw["entity_id"]))["items"]:
            units[str(item["item_id"])] += int(Decimal(str(item.get("qty_refunded") or 0)))
    else:
        for refund in merchant.woocommerce.refunds(order.id, per_page=100):
            for line in refund["line_items"]:
                refunded = next(m["value"] for m in line["meta_data"] if m["key"] == "_refunded_item_id")
                units[str(refunded)] += -int(line["quantity"])
    return +units


def _post(world: dict[str, Any]) -> None:
    connector = world["connector"]
    (refund,) = connector.retrieve_refunds("netsuite", world["order"].id).transactions
    posted = connector.post(refund.id)
    assert posted.status == Status.POSTED, posted.error_message


def _line_ids(order: StorefrontOrder) -> tuple[str, str]:
    return str(order.lines[0].id), str(order.lines[1].id)


@pytest.mark.parametrize(("spec", "line"), [(LIST, 0), (PROMO, 1)], ids=["list price", "promotional price"])
def test_one_unit_goes_back_on_the_line_of_its_rate_for_that_lines_money(world, spec: LineSpec, line: int) -> None:
    """One unit refunded at a line's rate goes back on that line (not the other of its SKU), for
    that line's price."""
    _refund_in_netsuite(world, 1, spec.price)
    _post(world)
    assert _refunded_units(world) == Counter({_line_ids(world["order"])[line]: 1})
    (refund,) = world["merchant"].refunds(world["order"])
    assert refund.money == spec.price and refund.goods == {"MUG-01": spec.price}


def test_both_units_at_the_list_price_go_back_on_the_list_price_line(world) -> None:
    """Two units: more than the promotional line holds, so matched to it the refund is refused."""
    _refund_in_netsuite(world, 2, LIST.price)
    _post(world)
    listed, _ = _line_ids(world["order"])
    assert _refunded_units(world) == Counter({listed: 2})


def test_refund_lines_pairs_each_netsuite_line_with_the_order_line_of_its_item_and_rate() -> None:
    """The matching alone: a NetSuite line's rate tells the order's lines of one SKU apart (the order
    line's rate is its amount over its units, as the sales order was created); a rate no line of
    the SKU has falls back to the first line of it."""
    order = {"id": "1001", "lines": [{"key": 1, "sku": "MUG-01", "quantity": 2, "amount": Decimal("24.00")},
                       {"key": 2, "sku": "MUG-01", "quantity": 1, "amount": Decimal("9.00")},
                       {"key": 3, "sku": "TEA-02", "quantity": 1, "amount": Decimal("8.50")}]}
    record = {"item": {"items": [
        {"item": {"refName": "MUG-01"}, "quantity": 1, "rate": 9.0, "amount": 9.0},
        {"item": {"refName": "MUG-01"}, "quantity": 2, "rate": 12.0, "amount": 24.0},
        {"item": {"refName": "TEA-02"}, "quantity": 1, "rate": 8.5, "amount": 8.5},
        {"item": {"refName": "MUG-01"}, "quantity": 1, "rate": 11.0, "amount": 11.0},
    ]}}
    connector = object.__new__(ReferenceConnector)  # the matching alone: no clients
    connector._skus = {}
    matched = [(line["key"], units, amount) for line, units, amount in connector._refund_lines(record, order)]
    assert matched == [(2, 1, Decimal("9.00")), (1, 2, Decimal("24.00")), (3, 1, Decimal("8.50")), (1, 1, Decimal("11.00"))]


def test_refund_lines_know_an_item_by_the_sku_it_was_matched_by_not_its_name_now() -> None:
    """An item renamed in NetSuite after the order synced (TEA-02 to TEA-02-OLD), or named in other
    capitals than the store's SKU (mug-01 for MUG-01: ``IS`` ignores case), is the order's line of
    the SKU the connector matched it by; an item it never matched is known by its name."""
    order = {"id": "1001", "lines": [{"key": 1, "sku": "mug-01", "quantity": 2, "amount": Decimal("24.00")},
                       {"key": 2, "sku": "TEA-02", "quantity": 1, "amount": Decimal("8.50")}]}
    record = {"item": {"items": [
        {"item": {"id": "7", "refName": "TEA-02-OLD"}, "quantity": 1, "rate": 8.5, "amount": 8.5},
        {"item": {"id": "5", "refName": "MUG-01"}, "quantity": 1, "rate": 12.0, "amount": 12.0},
        {"item": {"id": "9", "refName": "TEA-02"}, "quantity": 1, "rate": 8.5, "amount": 8.5},
    ]}}
    connector = object.__new__(ReferenceConnector)
    connector._skus = {"1001": {"7": "TEA-02", "5": "mug-01"}}
    matched = [(line["key"], units) for line, units, _ in connector._refund_lines(record, order)]
    assert matched == [(2, 1), (1, 1), (2, 1)]
    # Another order's matching is not this order's: a later order synced item 7 by a new SKU.
    connector._skus = {"1001": {"7": "TEA-02", "5": "mug-01"}, "1002": {"7": "TEA-02-NEW"}}
    assert [(line["key"], units) for line, units, _ in connector._refund_lines(record, order)] == [(2, 1), (1, 1), (2, 1)]
    connector._skus = {}
    assert [(line["key"], units) for line, units, _ in connector._refund_lines(record, order)] == [(2, 1)]
