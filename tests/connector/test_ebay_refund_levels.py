"""Who reads an eBay order's refunds reads them where eBay's OpenAPI puts them: an order-level
refund in ``paymentSummary.refunds`` (``OrderRefund``: "This does not include line item level
refunds."), a line item level one — a buyer return's, an issueRefund with ``refundItems`` — in
``lineItems[].refunds`` (``LineItemRefund``, which has no ``refundStatus``: its ``refundDate`` "is
not returned until the refund has been issued"). Both the harness's eBay seller and the reference
connector."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from faker import Faker

from harness.actors import EbaySeller, LineSpec, NetSuiteUser, OrderSpec, RefundAsk
from simulators.clients import ControlPlaneClient, NetSuiteClient
from simulators.connector.reference import create_connector


def _seller(simulators: Any, tenant: dict[str, Any], control: ControlPlaneClient, faker: Faker) -> EbaySeller:
    return EbaySeller.connect(simulators.base_url, tenant, control, faker)


def test_the_ebay_seller_sees_a_return_refund_on_its_line(simulators, tenant, control: ControlPlaneClient,
                                                           faker: Faker) -> None:
    seller = _seller(simulators, tenant, control, faker)
    order = seller.new_order(OrderSpec())
    line = order.lines[0]
    seller.refund(order, RefundAsk(lines=((line, 1),)))
    [refund] = seller.refunds(order)
    # What the buyer paid for the unit: the harness's eBay orders have their first line bought at
    # the seller's promotion, 10% off each unit.
    assert line.discount and refund.money == line.subtotal / line.units and refund.currency == order.currency
    assert refund.units == {line.sku: 1} and refund.declined == 0


def test_the_ebay_seller_sees_order_and_line_refunds_each_once(simulators, tenant, control: ControlPlaneClient,
                                                                faker: Faker) -> None:
    seller = _seller(simulators, tenant, control, faker)
    order = seller.new_order(OrderSpec(lines=(LineSpec("MUG", 2, Decimal("12.50")), LineSpec("TEA", 1, Decimal("8.00"))),
                                       shipping=Decimal("5.00")))
    seller.refund(order, RefundAsk(amount=Decimal("1.00")))
    # One issueRefund over two lines is one refund (one refundId, shown on each line).
    seller.ebay.issue_refund(order.id, {"reasonForRefund": "OTHER_ADJUSTMENT", "refundItems": [
        {"lineItemId": line.id, "refundAmount": {"value": value, "currency": order.currency}}
        for line, value in zip(order.lines, ("2.00", "0.50"), strict=True)]})
    pending = seller.refunds(order)
    assert [r.money for r in pending] == [Decimal("1.00"), Decimal("0")]  # the line refund is not issued yet
    control.settle_ebay_order(tenant["tenant"], order.id)
    assert [r.money for r in seller.refunds(order)] == [Decimal("1.00"), Decimal("2.50")]


def test_a_line_refund_the_seller_issued_without_a_buyer_request_is_named_so(
        simulators, tenant, control: ControlPlaneClient, netsuite: NetSuiteClient, connector_context,
        faker: Faker) -> None:
    connector = create_connector(connector_context({"storefront": "ebay", "refund_direction": "to_netsuite"}))
    seller = _seller(simulators, tenant, control, faker)
    order = seller.new_order(OrderSpec())
    NetSuiteUser(netsuite).add_items(order.lines)
    connector.sync_order(order.id)
    seller.ebay.issue_refund(order.id, {"reasonForRefund": "ITEM_NOT_AS_DESCRIBED", "refundItems": [
        {"lineItemId": order.lines[0].id, "refundAmount": {"value": "1.00", "currency": order.currency}}]})
    control.settle_ebay_order(tenant["tenant"], order.id)
    result = connector.retrieve_refunds("ebay", order.id)
    connector.close()
    assert not result.success and "without a buyer request" in result.message
