"""Refund amounts finer than the currency's minor unit: Shopify rounds an amount to its currency's
precision (half up) and only then holds it to what is refundable, so ``"8.004"`` when 8.00 remains
refunds 8.00, ``"8.005"`` (8.01) is refused, and an amount that rounds to nothing is refused as not
positive. Over REST (``refunds.json``) and GraphQL (``refundCreate``), in USD (cents), JPY (whole
yen) and KWD (fils, three decimals)."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import ShopifyClient, VendorError

from .conftest import sale_of
from .test_graphql import _create, gid


def _txn(sale: dict[str, Any], amount: str | float) -> dict[str, Any]:
    return {"parent_id": sale["id"], "amount": amount, "kind": "refund", "gateway": sale["gateway"]}


def _refused(shopify: ShopifyClient, order: dict[str, Any], refund: dict[str, Any]) -> VendorError:
    before = shopify.order(order["id"]), shopify.refunds(order["id"])
    with pytest.raises(VendorError) as refused:
        shopify.create_refund(order["id"], refund)
    assert (shopify.order(order["id"]), shopify.refunds(order["id"])) == before, "a refused refund changed the order"
    assert refused.value.status == 422
    return refused.value


def test_an_amount_that_rounds_to_what_remains_is_refunded_rounded(shopify, order) -> None:
    sale = sale_of(shopify, order)  # 38.00 captured
    shopify.create_refund(order["id"], {"transactions": [_txn(sale, "30.00")]})
    refused = _refused(shopify, order, {"transactions": [_txn(sale, "8.005")]})  # 8.01 > 8.00
    assert "Refund amount 8.01 exceeds the refundable amount 8.00" in refused.message
    refund = shopify.create_refund(order["id"], {"transactions": [_txn(sale, "8.004")]})
    assert refund["transactions"][0]["amount"] == "8.00"
    after = shopify.order(order["id"])
    assert after["financial_status"] == "refunded" and after["total_outstanding"] == "0.00"


def test_sub_cent_amounts_add_up_after_rounding(shopify, order) -> None:
    """Each amount rounds on its own: two of 19.004 are 38.00 together, exactly what was captured."""
    sale = sale_of(shopify, order)
    refund = shopify.create_refund(order["id"], {"transactions": [_txn(sale, "19.004"), _txn(sale, 19.004)]})
    assert [t["amount"] for t in refund["transactions"]] == ["19.00", "19.00"]
    assert shopify.order(order["id"])["financial_status"] == "refunded"


@pytest.mark.parametrize("amount", ["0.004", "0.0049", 0.001])
def test_an_amount_that_rounds_to_nothing_is_refused(shopify, order, amount) -> None:
    refused = _refused(shopify, order, {"transactions": [_txn(sale_of(shopify, order), amount)]})
    assert refused.body == {"errors": {"transactions[0].amount": ["must be greater than 0"]}}


def test_a_sub_cent_shipping_amount_is_held_to_the_maximum_after_rounding(shopify, order) -> None:
    sale = sale_of(shopify, order)  # shipping 5.00
    refused = _refused(shopify, order, {"shipping": {"amount": "5.005"}, "transactions": [_txn(sale, "5.00")]})
    assert "maximum refundable 5.00" in refused.message
    refund = shopify.create_refund(order["id"], {"shipping": {"amount": "5.004"}, "transactions": [_txn(sale, "5.00")]})
    [adjustment] = refund["order_adjustments"]
    assert (adjustment["kind"], adjustment["amount"]) == ("shipping_refund", "-5.00")
    assert shopify.calculate_refund(order["id"], {"shipping": {"full_refund": True}})["shipping"]["maximum_refundable"] == "0.00"


@pytest.mark.parametrize("currency, price, inside, outside, stored", [
    ("JPY", "1000", "1000.4", "1000.5", "1000"),
    ("KWD", "10.000", "10.0004", "10.0005", "10.000"),
])
def test_the_precision_is_the_currency_s(shopify, currency, price, inside, outside, stored) -> None:
    order = shopify.create_order({"currency": currency, "line_items": [{"title": "Mug", "price": price, "quantity": 1}],
                                  "transactions": [{"kind": "sale", "gateway": "bogus"}]})
    sale = sale_of(shopify, order)
    refused = _refused(shopify, order, {"currency": currency, "transactions": [_txn(sale, outside)]})
    assert "exceeds the refundable amount" in refused.message
    refund = shopify.create_refund(order["id"], {"currency": currency, "transactions": [_txn(sale, inside)]})
    assert refund["transactions"][0]["amount"] == stored
    assert shopify.order(order["id"])["financial_status"] == "refunded"


def test_refund_create_rounds_before_it_checks(shopify, order) -> None:
    sale = sale_of(shopify, order)
    shopify.create_refund(order["id"], {"transactions": [_txn(sale, "30.00")]})

    def refund_input(amount: str) -> dict[str, Any]:
        return {"orderId": gid("Order", order["id"]),
                "transactions": [{"orderId": gid("Order", order["id"]), "parentId": gid("OrderTransaction", sale["id"]),
                                  "kind": "REFUND", "gateway": sale["gateway"], "amount": amount}]}

    over = _create(shopify, refund_input("8.005"))["data"]["refundCreate"]
    assert over["refund"] is None and "exceeds the refundable amount 8.00" in over["userErrors"][0]["message"]
    nothing = _create(shopify, refund_input("0.004"))["data"]["refundCreate"]
    assert nothing["refund"] is None and nothing["userErrors"][0]["message"] == "must be greater than 0"
    assert len(shopify.refunds(order["id"])) == 1
    done = _create(shopify, refund_input("8.004"))["data"]["refundCreate"]
    assert done["userErrors"] == [], done
    assert shopify.refunds(order["id"])[-1]["transactions"][0]["amount"] == "8.00"
    assert shopify.order(order["id"])["financial_status"] == "refunded"
