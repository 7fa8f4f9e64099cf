"""Steps about the storefront (Shopify): its orders and the refunds it carries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pytest_bdd import given, parsers, then

from fixtures.builders import netsuite_item, shopify_order
from simulators.clients import NetSuiteClient, ShopifyClient
from simulators.connector.protocol import OrderStatus, RefundSyncConnector


@given(parsers.parse("a paid Shopify order has been synced to NetSuite"), target_fixture="storefront_order")
def paid_shopify_order_synced(faker, shopify: ShopifyClient, netsuite: NetSuiteClient,
                              connector: RefundSyncConnector) -> dict[str, Any]:
    body = shopify_order(faker)
    for line in body["line_items"]:  # the catalogue is in NetSuite before orders sync
        netsuite.create("nonInventorySaleItem", netsuite_item(line["sku"], line["title"], line["price"]))
    order = shopify.create_order(body)
    result = connector.sync_order(str(order["id"]))
    assert result.status == OrderStatus.POSTED, (
        f"expected order {order['id']} to sync to NetSuite ({OrderStatus.POSTED!r}), "
        f"found {result.status!r}: {result.error_message}"
    )
    return order


@then("the Shopify order carries a refund of exactly the cash refund's amount")
def shopify_refund_equals_netsuite_refund(shopify: ShopifyClient, storefront_order: dict[str, Any],
                                          netsuite_refund: dict[str, Any]) -> None:
    refunds = shopify.refunds(storefront_order["id"])
    assert len(refunds) == 1, f"expected exactly one refund on Shopify order {storefront_order['id']}, found {len(refunds)}"
    refunded = sum(
        (Decimal(t["amount"]) for t in refunds[0]["transactions"] if t["kind"] == "refund" and t["status"] == "success"),
        Decimal("0"),
    )
    expected = Decimal(str(netsuite_refund["total"])).quantize(Decimal("0.01"))
    assert refunded == expected, f"expected Shopify to refund {expected} (the cash refund's total), found {refunded}"
