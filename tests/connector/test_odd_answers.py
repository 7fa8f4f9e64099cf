"""The reference connector never raises, whatever a vendor answers (NetSuite, Shopify, eBay): an error body of an unexpected
shape ends in an Error status with a message, as the protocol promises (an exception that escapes
a connector is a connector defect)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from faker import Faker

from harness.actors import EbaySeller, NetSuiteUser, OrderSpec, ShopifyMerchant, refunded_total
from simulators.clients import ControlPlaneClient, NetSuiteClient, ShopifyClient
from simulators.connector.protocol import OrderStatus, Status
from simulators.connector.reference import create_connector

ODD_BODIES: list[Any] = ["oops", [], {"unexpected": True}, {"errors": 5}, {"o:errorDetails": "x"},
                        {"errors": [None, 5]}, {"errorMessage": "x"}]


@pytest.fixture
def world(tenant, connector_context, netsuite: NetSuiteClient, shopify: ShopifyClient,
          faker: Faker) -> Iterator[dict[str, Any]]:
    """The test's tenant with the reference connector syncing refunds from NetSuite to Shopify."""
    connector = create_connector(connector_context({"storefront": "shopify", "refund_direction": "from_netsuite"}))
    yield {"tenant": tenant["tenant"], "connector": connector, "netsuite": NetSuiteUser(netsuite),
           "shopify": ShopifyMerchant(shopify, faker)}
    connector.close()


def _arm(control: ControlPlaneClient, tenant: str, service: str, path: str, status: int, body: Any,
         method: str = "POST") -> None:
    control.arm_fault(tenant, {"service": service, "method": method, "path": path, "status": status, "body": body,
                               "count": 20})


@pytest.mark.parametrize("status", [422, 503])
@pytest.mark.parametrize("body", ODD_BODIES, ids=repr)
def test_an_odd_netsuite_answer_to_an_order_sync_is_an_error_with_a_message(world, control, status, body) -> None:
    order = world["shopify"].new_order(OrderSpec())
    world["netsuite"].add_items(order.lines)
    _arm(control, world["tenant"], "netsuite", "salesOrder$", status, body)
    result = world["connector"].sync_order(order.id)
    assert result.status == OrderStatus.ERROR and result.error_message


@pytest.mark.parametrize("status", [422, 503])
@pytest.mark.parametrize("body", ODD_BODIES, ids=repr)
def test_an_odd_shopify_answer_to_a_refund_is_an_error_with_a_message(world, control, status, body) -> None:
    order = world["shopify"].new_order(OrderSpec())
    world["netsuite"].add_items(order.lines)
    world["connector"].sync_order(order.id)
    world["netsuite"].refund(world["netsuite"].bill(order, "cash sale"))
    (refund,) = world["connector"].retrieve_refunds("netsuite", order.id).transactions
    _arm(control, world["tenant"], "shopify", "refunds.json$", status, body)
    posted = world["connector"].post(refund.id)
    assert posted.status == Status.ERROR and posted.error_message
    assert refunded_total(world["shopify"], order) == 0


@pytest.mark.parametrize("body", ODD_BODIES, ids=repr)
def test_an_odd_ebay_answer_to_a_retrieve_is_a_failure_with_a_message(tenant, connector_context, netsuite: NetSuiteClient,
                                                                      control: ControlPlaneClient, simulators, faker: Faker,
                                                                      body) -> None:
    connector = create_connector(connector_context({"storefront": "ebay", "refund_direction": "to_netsuite"}))
    seller = EbaySeller.connect(simulators.base_url, tenant, control, faker)
    order = seller.new_order(OrderSpec())
    NetSuiteUser(netsuite).add_items(order.lines)
    connector.sync_order(order.id)
    seller.request_return(order, order.lines[0], 1)
    _arm(control, tenant["tenant"], "ebay", "/post-order/v2/return/search", 500, body, method="GET")
    result = connector.retrieve_refunds("ebay", order.id)
    connector.close()
    assert not result.success and result.message and not result.transactions


@pytest.mark.parametrize("age_days", [15, 91])
def test_an_ebay_order_read_after_ebay_drops_its_contact_data_syncs(tenant, connector_context, netsuite: NetSuiteClient,
                                                                   control: ControlPlaneClient, simulators, faker: Faker,
                                                                   age_days: int) -> None:
    """eBay stops answering an order's ``shipTo.email`` after 14 days and ``fullName`` after 90 (OAS
    ``ExtendedContact``; the eBay simulator's FIDELITY.md): the reference connector still syncs the
    order, the customer named by the buyer's username once the name is gone. A connector that read
    ``shipTo["fullName"]`` or the email without a fallback fails here."""
    connector = create_connector(connector_context({"storefront": "ebay", "refund_direction": "to_netsuite"}))
    seller = EbaySeller.connect(simulators.base_url, tenant, control, faker)
    order = seller.new_order(OrderSpec())
    NetSuiteUser(netsuite).add_items(order.lines)
    control.advance_clock(tenant["tenant"], age_days * 86400)
    result = connector.sync_order(order.id)
    connector.close()
    assert result.status == OrderStatus.POSTED and result.sales_order_id, result
    sales_order = netsuite.get("salesOrder", result.sales_order_id)
    customer = netsuite.get("customer", sales_order["entity"]["id"])
    buyer = seller.ebay.get_order(order.id)["buyer"]["username"] if age_days > 90 else order.customer["full_name"]
    assert (customer["firstName"], customer.get("email")) == (buyer.partition(" ")[0], None)
