"""The reference connector's Shopify adapter looks for its stamp among all the refunds Shopify lists.

Shopify lists an order's refunds 50 at a time unless asked for more (``limit``: default 50, at most
250; the simulator's ``GET refunds.json``). Read with the default, an order's 51st refund was unseen:
the connector's own refund (its stamp in the note) was missed and a retry posted the money again.
The adapter now asks for the most Shopify gives (250)."""

from __future__ import annotations

from typing import Any

from simulators.clients import ControlPlaneClient, ShopifyClient
from simulators.connector.storefronts import ShopifyAdapter

MARK = "[refundsim:cashRefund:51]"
ORDER = {"currency": "USD", "line_items": [{"title": "Mug", "sku": "MUG", "price": "12.50", "quantity": 2}],
         "shipping_lines": [], "transactions": [{"kind": "sale", "status": "success", "amount": "25.00",
                                                 "gateway": "shopify_payments"}]}


def _call(action: Any, *, committed: Any = None) -> Any:
    """The connector's retrying call, without retries (nothing fails here)."""
    return action()


def test_the_connectors_refund_after_50_others_is_found(shopify: ShopifyClient, control: ControlPlaneClient,
                                                         tenant: dict[str, Any]) -> None:
    order = shopify.create_order(ORDER)
    sale = next(t for t in shopify.transactions(order["id"]) if t["kind"] == "sale")
    for number in range(1, 52):
        control.advance_clock(tenant["tenant"], 1)  # within Shopify's REST call rate (the leaky bucket)
        shopify.create_refund(order["id"], {"note": f"Goodwill #{number} {MARK if number == 51 else ''}", "transactions": [
            {"parent_id": sale["id"], "amount": "0.01", "kind": "refund", "gateway": "shopify_payments"}]})
    found = ShopifyAdapter(shopify, _call).posted(str(order["id"]), MARK)
    assert found is not None and MARK in shopify.refund(order["id"], found.partition(":")[2])["note"]
