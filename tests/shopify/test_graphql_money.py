"""GraphQL's view of money in two currencies and of prices that include tax: the same order REST
shows (test_money.py), as ``MoneyBag``s with ``shopMoney`` and ``presentmentMoney``; ``refundCreate``
needs the presentment currency for such an order, as ``RefundInput.currency`` says."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import sale_of
from .test_graphql import gid
from .test_money import EUR_ORDER, RATES, TAX_INCLUDED

ORDER_MONEY = """
query($id: ID!) {
  shop { currencyCode enabledPresentmentCurrencies }
  order(id: $id) {
    currencyCode presentmentCurrencyCode taxesIncluded totalPrice
    totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
    totalTaxSet { shopMoney { amount } presentmentMoney { amount } }
    lineItems(first: 5) { nodes { originalUnitPriceSet { shopMoney { amount } presentmentMoney { amount currencyCode } } } }
    transactions { amountSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
                   maximumRefundableV2 { amount currencyCode } }
    suggestedRefund(shippingAmount: "2.00", refundLineItems: [{lineItemId: "%s", quantity: 1}]) {
      amountSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      subtotalSet { presentmentMoney { amount } } totalTaxSet { presentmentMoney { amount } }
      shipping { amountSet { presentmentMoney { amount } } }
    }
  }
}"""

REFUND = """
mutation($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { totalRefundedSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
             refundLineItems(first: 5) { nodes { subtotalSet { shopMoney { amount } presentmentMoney { amount } } } } }
    userErrors { field message }
  }
}"""


@pytest.fixture
def eur_order(control, tenant, shopify) -> dict[str, Any]:
    control.shopify_currency(tenant["tenant"], rates=RATES)
    return shopify.create_order(EUR_ORDER)


def _money(amount: str, currency: str) -> dict[str, str]:
    return {"amount": amount, "currencyCode": currency}


def test_an_order_in_two_currencies_answers_both_in_every_money_bag(shopify, eur_order) -> None:
    line = eur_order["line_items"][0]
    data = shopify.graphql(ORDER_MONEY % gid("LineItem", line["id"]), {"id": gid("Order", eur_order["id"])})["data"]
    assert data["shop"] == {"currencyCode": "USD", "enabledPresentmentCurrencies": ["USD", "EUR", "JPY"]}
    order = data["order"]
    assert (order["currencyCode"], order["presentmentCurrencyCode"], order["taxesIncluded"]) == ("USD", "EUR", False)
    assert order["totalPriceSet"] == {"shopMoney": _money("54.2", "USD"), "presentmentMoney": _money("49.95", "EUR")}
    assert order["totalPrice"] == "54.2"  # the deprecated Money field is shop money
    assert order["totalTaxSet"] == {"shopMoney": {"amount": "8.13"}, "presentmentMoney": {"amount": "7.49"}}
    assert order["lineItems"]["nodes"][0]["originalUnitPriceSet"] == {
        "shopMoney": {"amount": "13.55"}, "presentmentMoney": _money("12.49", "EUR")}
    assert order["transactions"] == [{"amountSet": {"shopMoney": _money("54.2", "USD"),
                                                    "presentmentMoney": _money("49.95", "EUR")},
                                      "maximumRefundableV2": None}]  # only a SuggestedRefund's (the schemas)
    suggested = order["suggestedRefund"]
    # One mug (12.49 + 2.50 VAT) and 2.00 of shipping, in euros as REST's calculate gives them.
    assert suggested["amountSet"] == {"shopMoney": _money("18.43", "USD"), "presentmentMoney": _money("16.99", "EUR")}
    assert (suggested["subtotalSet"], suggested["totalTaxSet"], suggested["shipping"]) == (
        {"presentmentMoney": {"amount": "12.49"}}, {"presentmentMoney": {"amount": "2.5"}},
        {"amountSet": {"presentmentMoney": {"amount": "2.0"}}})


def _input(order: dict[str, Any], sale: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"orderId": gid("Order", order["id"]), **extra,
            "refundLineItems": [{"lineItemId": gid("LineItem", order["line_items"][0]["id"]), "quantity": 1}],
            "transactions": [{"orderId": gid("Order", order["id"]), "parentId": gid("OrderTransaction", sale["id"]),
                              "kind": "REFUND", "gateway": "bogus", "amount": "14.99"}]}


@pytest.mark.parametrize(("extra", "message"), [
    ({}, "is required for an order presented in EUR (shop currency USD)"),
    ({"currency": "USD"}, "must be the order's presentment currency (EUR)"),
])
def test_refund_create_needs_the_presentment_currency_of_a_multi_currency_order(shopify, eur_order, extra, message) -> None:
    answer = shopify.graphql(REFUND, {"input": _input(eur_order, sale_of(shopify, eur_order), **extra)})
    assert answer["data"]["refundCreate"] == {"refund": None, "userErrors": [{"field": ["currency"], "message": message}]}
    assert shopify.refunds(eur_order["id"]) == []


def test_refund_create_needs_the_currency_even_without_money(shopify, eur_order) -> None:
    """REST needs ``currency`` only with an amount; ``RefundInput.currency`` is required for every
    refund of an order whose currencies differ."""
    goods = {"orderId": gid("Order", eur_order["id"]),
             "refundLineItems": [{"lineItemId": gid("LineItem", eur_order["line_items"][0]["id"]), "quantity": 1}]}
    refused = shopify.graphql(REFUND, {"input": goods})["data"]["refundCreate"]
    assert refused["userErrors"] == [{"field": ["currency"],
                                      "message": "is required for an order presented in EUR (shop currency USD)"}]
    made = shopify.graphql(REFUND, {"input": {**goods, "currency": "EUR"}})["data"]["refundCreate"]
    assert made["userErrors"] == [] and made["refund"]["totalRefundedSet"]["presentmentMoney"]["amount"] == "0.0"


def test_refund_create_in_the_presentment_currency_refunds_euros(shopify, eur_order) -> None:
    answer = shopify.graphql(REFUND, {"input": _input(eur_order, sale_of(shopify, eur_order), currency="EUR")})
    created = answer["data"]["refundCreate"]
    assert created["userErrors"] == []
    assert created["refund"]["totalRefundedSet"] == {"shopMoney": _money("16.26", "USD"),
                                                     "presentmentMoney": _money("14.99", "EUR")}
    assert created["refund"]["refundLineItems"]["nodes"][0]["subtotalSet"] == {
        "shopMoney": {"amount": "13.55"}, "presentmentMoney": {"amount": "12.49"}}
    refund_txn = [t for t in shopify.transactions(eur_order["id"]) if t["kind"] == "refund"][0]
    assert (refund_txn["amount"], refund_txn["currency"]) == ("14.99", "EUR")


def test_an_order_whose_prices_include_tax_says_so(shopify) -> None:
    order = shopify.create_order(TAX_INCLUDED)
    line = order["line_items"][0]
    data = shopify.graphql(ORDER_MONEY % gid("LineItem", line["id"]), {"id": gid("Order", order["id"])})["data"]["order"]
    assert data["taxesIncluded"] is True
    assert data["totalPriceSet"]["presentmentMoney"] == _money("27.5", "USD")
    # One mug (11.00, VAT inside) and 2.00 of shipping (0.18 of it VAT): 13.00, the tax not added again.
    assert data["suggestedRefund"]["amountSet"]["presentmentMoney"] == _money("13.0", "USD")
    assert data["suggestedRefund"]["totalTaxSet"]["presentmentMoney"] == {"amount": "1.18"}


def test_refunded_shop_money_is_each_refund_at_the_rate_of_its_day(control, tenant, shopify, eur_order) -> None:
    control.shopify_currency(tenant["tenant"], rates={"EUR": "1.20"})
    shopify.graphql(REFUND, {"input": _input(eur_order, sale_of(shopify, eur_order), currency="EUR")})
    query = """query($id: ID!) { order(id: $id) { totalRefunded
        totalRefundedSet { shopMoney { amount } presentmentMoney { amount } }
        netPaymentSet { shopMoney { amount } presentmentMoney { amount } }
        refunds { totalRefundedSet { shopMoney { amount } } } } }"""
    order = shopify.graphql(query, {"id": gid("Order", eur_order["id"])})["data"]["order"]
    # 14.99 EUR at 1.20 = 17.99 USD; the sale was 49.95 EUR at 1.085 = 54.20 USD.
    assert order["totalRefundedSet"] == {"shopMoney": {"amount": "17.99"}, "presentmentMoney": {"amount": "14.99"}}
    assert order["netPaymentSet"] == {"shopMoney": {"amount": "36.21"}, "presentmentMoney": {"amount": "34.96"}}
    assert order["totalRefunded"] == "17.99" and order["refunds"][0]["totalRefundedSet"]["shopMoney"]["amount"] == "17.99"
