"""The reference connector identifies a NetSuite refund's currency by the currency's internal id,
mapped back to the ISO code through the account's ``currency_ids`` — never by the reference's
``refName``. In a real account the currency record's name is the account's own ("US Dollar",
"British pound"; the ISO code is its ``symbol``), so a connector that compared the ``refName`` with
the storefront order's ISO code refused every refund (or labelled it with the wrong currency)
wherever the names are not ISO codes. The simulator names its currencies by ISO code, so the
account below maps the ids the other way round: id 2 (refName "GBP") is the account's USD."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from faker import Faker

from harness.actors import LineSpec, NetSuiteUser, OrderSpec, merchant_of
from simulators.clients import ControlPlaneClient, NetSuiteClient
from simulators.connector.errors import SyncError
from simulators.connector.protocol import Status
from simulators.connector.reference import create_connector, storefront_currency

MUG = LineSpec("MUG-01", 1, Decimal("12.00"))


@pytest.fixture
def world(tenant: dict[str, Any], connector_context, netsuite: NetSuiteClient, control: ControlPlaneClient,
          faker: Faker, simulators) -> Iterator[dict[str, Any]]:
    """A paid USD Shopify order, synced to NetSuite by an account whose ``currency_ids`` maps USD to
    NetSuite currency 2 and GBP to 1, billed as a cash sale and refunded in NetSuite."""
    merchant = merchant_of("shopify", simulators.base_url, tenant, control, faker)
    order = merchant.new_order(OrderSpec(lines=(MUG,), shipping=Decimal("0")))
    user = NetSuiteUser(netsuite)
    user.add_items(order.lines)
    connector = create_connector(connector_context({
        "storefront": "shopify", "refund_direction": "from_netsuite", "currency_ids": {"USD": "2", "GBP": "1"}}))
    synced = connector.sync_order(order.id)
    assert synced.sales_order_id, synced.error_message
    billed = user.bill(order, "cash sale")
    item_id = billed.body["item"]["items"][0]["item"]["id"]
    user.refund(billed, {"shippingCost": 0.0, "taxTotal": 0.0, "item": {"items": [
        {"item": {"id": item_id}, "quantity": 1, "rate": 12.0}]}})
    yield {"merchant": merchant, "order": order, "connector": connector}
    connector.close()


def test_a_netsuite_refund_is_in_the_currency_its_id_maps_to_and_posts_to_the_storefront(world) -> None:
    """Retrieved, the refund is in USD (its currency id 2 maps to USD), whatever the currency's name;
    posted, the storefront refunds it."""
    connector, order = world["connector"], world["order"]
    (refund,) = connector.retrieve_refunds("netsuite", order.id).transactions
    assert refund.currency == "USD"
    posted = connector.post(refund.id)
    assert posted.status == Status.POSTED, posted.error_message
    (refunded,) = world["merchant"].refunds(order)
    assert refunded.money == MUG.price


@pytest.mark.parametrize(("currency_ids", "reason"), [
    ({"GBP": "2", "USD": "1"}, "The refund is in GBP but Shopify order {order} is in USD."),
    ({"USD": "1"}, "The refund is in NetSuite currency 2, which currency_ids does not map to a storefront currency. "
                   "Map its ISO code to 2 in currency_ids."),
], ids=["now mapped to another currency", "no longer mapped"])
def test_a_netsuite_refund_whose_currency_id_does_not_map_to_the_orders_currency_is_not_posted(
        world, currency_ids: dict[str, str], reason: str) -> None:
    """Retrieved in USD, then the account remaps its currencies: posted, the refund is an Error that
    says why, and the storefront refunds nothing."""
    connector, order = world["connector"], world["order"]
    (refund,) = connector.retrieve_refunds("netsuite", order.id).transactions
    connector.update_settings({"storefront": "shopify", "refund_direction": "from_netsuite", "currency_ids": currency_ids})
    posted = connector.post(refund.id)
    assert (posted.status, posted.error_message) == (Status.ERROR, reason.format(order=order.id))
    assert world["merchant"].refunds(order) == []


def test_a_netsuite_refund_in_a_currency_the_account_does_not_map_is_a_sync_error() -> None:
    """A currency id ``currency_ids`` does not map: the user is told which, in the setting's words."""
    record = {"currency": {"id": "7", "refName": "US Dollar"}}
    assert storefront_currency(record, {"USD": "7", "GBP": "2"}) == "USD"
    with pytest.raises(SyncError) as refused:
        storefront_currency(record, {"USD": "1", "GBP": "2"})
    assert str(refused.value) == ("The refund is in NetSuite currency 7, which currency_ids does not map to a "
                                  "storefront currency. Map its ISO code to 7 in currency_ids.")
