"""Money in the shapes real orders have: a shop currency and a presentment currency (the control
plane's rates, every amount in both, refunds in the presentment currency, rounding per currency),
and prices that include tax (totals and refunds as Shopify splits them). Through the REST client
in-process; GraphQL's view of the same orders is in test_graphql_money.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import pytest
import requests

from simulators.clients import ControlPlaneClient, ShopifyClient, VendorError
from simulators.shopify.currency import Exchange, minor_unit, round_to
from simulators.shopify.schemas import amount, shop_amount

from .conftest import ORDER, sale_of

RATES = {"EUR": "1.085", "JPY": "0.0067"}
#: 3 × 12.49 EUR with 20% VAT on top, 4.99 EUR shipping, paid through the bogus gateway.
EUR_ORDER = {
    "presentment_currency": "EUR",
    "line_items": [{"title": "Mug", "sku": "MUG", "price": "12.49", "quantity": 3,
                    "tax_lines": [{"title": "VAT", "rate": 0.2}]}],
    "shipping_lines": [{"title": "Standard", "price": "4.99"}],
    "transactions": [{"kind": "sale", "gateway": "bogus"}],
}


def bag(shop: str, shop_currency: str, presentment: str, presentment_currency: str) -> dict[str, Any]:
    return {"shop_money": {"amount": shop, "currency_code": shop_currency},
            "presentment_money": {"amount": presentment, "currency_code": presentment_currency}}


@pytest.fixture
def rates(control: ControlPlaneClient, tenant: dict[str, Any]) -> dict[str, Any]:
    """The shop (USD) sells in EUR at 1.085 and in JPY at 0.0067."""
    return control.shopify_currency(tenant["tenant"], rates=RATES)


@pytest.fixture
def eur_order(shopify: ShopifyClient, rates: dict[str, Any]) -> dict[str, Any]:
    return shopify.create_order(EUR_ORDER)


def _refused(call: Any, before: Any, after: Any) -> VendorError:
    seen = before()
    with pytest.raises(VendorError) as refused:
        call()
    assert after() == seen, "a refused request must change nothing"
    return refused.value


# ============================================================== control plane
def test_the_shop_currency_and_its_rates_are_set_per_tenant(control, tenant) -> None:
    assert control.shopify_currency(tenant["tenant"]) == {"currency": "USD", "rates": {}}
    assert control.shopify_currency(tenant["tenant"], rates={"eur": 1.085, "GBP": "1.2700"}) == {
        "currency": "USD", "rates": {"EUR": "1.085", "GBP": "1.27"}}
    # A new shop currency makes the old rates meaningless: they go unless given again.
    assert control.shopify_currency(tenant["tenant"], currency="CAD") == {"currency": "CAD", "rates": {}}
    assert control.shopify_currency(tenant["tenant"], currency="EUR", rates={"USD": "0.92"}) == {
        "currency": "EUR", "rates": {"USD": "0.92"}}


@pytest.mark.parametrize(("body", "words"), [
    ({"currency": "EURO"}, "currency must be"), ({"currency": "XAU"}, "currency must be"), ({"currency": 1}, "currency"),
    ({"rates": ["EUR"]}, "rates must be an object"), ({"rates": {"EUR": 0}}, "rates.EUR must be a positive"),
    ({"rates": {"EUR": "-1"}}, "rates.EUR"), ({"rates": {"EUR": True}}, "rates.EUR"), ({"rates": {"EUR": "NaN"}}, "rates.EUR"),
    ({"rates": {"EUR": "1.1234567890123"}}, "significant digits"), ({"rates": {"ABC": "1"}}, "rates.ABC"),
    ({"rates": {"USD": "1"}}, "the shop currency needs no rate"), ({"rate": {}}, "Unknown field"),
])
def test_a_bad_currency_setting_is_refused_and_changes_nothing(control, tenant, body, words) -> None:
    control.shopify_currency(tenant["tenant"], rates={"EUR": "1.085"})
    url = f"{control.root}/tenants/{tenant['tenant']}/shopify/currency"
    response = requests.put(url, json=body, timeout=10)
    assert response.status_code == 400 and words in response.json()["error"]["message"]
    assert control.shopify_currency(tenant["tenant"]) == {"currency": "USD", "rates": {"EUR": "1.085"}}


# ==================================================================== orders
def test_an_order_in_a_presentment_currency_has_every_amount_in_both(shopify, eur_order) -> None:
    order = eur_order
    assert (order["currency"], order["presentment_currency"]) == ("USD", "EUR")
    # 3 × 12.49 = 37.47 EUR; VAT 20% = 7.49; shipping 4.99: 49.95 EUR. Each amount × 1.085, to the cent.
    assert order["total_price_set"] == bag("54.20", "USD", "49.95", "EUR")
    assert order["subtotal_price_set"] == bag("40.65", "USD", "37.47", "EUR")
    assert order["total_tax_set"] == bag("8.13", "USD", "7.49", "EUR")
    assert order["total_shipping_price_set"] == bag("5.41", "USD", "4.99", "EUR")
    # The plain amounts of an order and its lines are shop money (Order resource).
    assert (order["total_price"], order["subtotal_price"], order["total_tax"]) == ("54.20", "40.65", "8.13")
    line = order["line_items"][0]
    assert (line["price"], line["price_set"]) == ("13.55", bag("13.55", "USD", "12.49", "EUR"))
    assert line["tax_lines"][0]["price_set"] == bag("8.13", "USD", "7.49", "EUR")
    assert order["financial_status"] == "paid"


def test_transactions_are_in_the_presentment_currency_unless_asked_in_shop_currency(shopify, eur_order) -> None:
    sale = sale_of(shopify, eur_order)
    assert (sale["amount"], sale["currency"], sale["gateway"]) == ("49.95", "EUR", "bogus")
    in_shop = shopify.transactions(eur_order["id"], in_shop_currency=True)[0]
    assert (in_shop["amount"], in_shop["currency"]) == ("54.20", "USD")
    one = shopify.transaction(eur_order["id"], sale["id"])
    assert (one["amount"], one["currency"]) == ("49.95", "EUR")
    # The flag is cast as Rails casts a boolean (ActiveModel::Type::Boolean): false is its list of
    # FALSE_VALUES, "" is none (the default, presentment), anything else is true, "False" and "no" too.
    for spelling, currency in [("false", "EUR"), ("0", "EUR"), ("f", "EUR"), ("F", "EUR"), ("FALSE", "EUR"),
                               ("off", "EUR"), ("OFF", "EUR"), ("", "EUR"),
                               ("true", "USD"), ("1", "USD"), ("t", "USD"), ("on", "USD"), ("yes", "USD"),
                               ("y", "USD"), ("False", "USD"), ("no", "USD"), ("Off", "USD")]:
        listed = shopify.transactions(eur_order["id"], in_shop_currency=spelling)[0]["currency"]
        read = shopify._call("GET", f"/orders/{eur_order['id']}/transactions/{sale['id']}.json",
                             params={"in_shop_currency": spelling})["transaction"]["currency"]
        assert (spelling, listed, read) == (spelling, currency, currency)


def test_amounts_round_to_each_currencys_minor_unit(shopify, rates) -> None:
    order = shopify.create_order({"presentment_currency": "JPY",
                                  "line_items": [{"title": "Tea", "price": "1000.4", "quantity": 3,
                                                  "tax_lines": [{"title": "Consumption", "rate": 0.1}]}]})
    # Yen have no minor unit: 1000.4 is ¥1000; tax 10% of ¥3000 = ¥300; shop money to the cent.
    assert order["total_price_set"] == bag("22.11", "USD", "3300", "JPY")
    assert order["line_items"][0]["price_set"] == bag("6.70", "USD", "1000", "JPY")
    assert sale_of(shopify, order)["amount"] == "3300"
    calc = shopify.calculate_refund(order["id"], {"currency": "JPY", "refund_line_items": [
        {"line_item_id": order["line_items"][0]["id"], "quantity": 1}]})
    assert (calc["refund_line_items"][0]["subtotal"], calc["transactions"][0]["amount"]) == ("1000", "1100")


def test_a_shop_in_yen_rounds_its_shop_money_to_whole_yen(control, tenant, shopify) -> None:
    control.shopify_currency(tenant["tenant"], currency="JPY", rates={"USD": "149.37"})
    order = shopify.create_order({"presentment_currency": "USD", "line_items": [{"title": "Tea", "price": "9.99"}]})
    assert (order["currency"], order["total_price_set"]) == ("JPY", bag("1492", "JPY", "9.99", "USD"))
    assert order["total_price"] == "1492"


def test_an_order_without_a_presentment_currency_is_in_the_shops_currency(control, tenant, shopify) -> None:
    control.shopify_currency(tenant["tenant"], currency="CAD")
    order = shopify.create_order({"line_items": [{"title": "Tea", "price": "8.00"}]})
    assert (order["currency"], order["presentment_currency"]) == ("CAD", "CAD")
    assert order["total_price_set"] == bag("8.00", "CAD", "8.00", "CAD")
    # ``currency`` alone still makes a one-currency order in it (the REST create's own example).
    assert shopify.create_order({"currency": "EUR", "line_items": [{"title": "Tea", "price": "8.00"}]})[
        "total_price_set"] == bag("8.00", "EUR", "8.00", "EUR")


@pytest.mark.parametrize(("extra", "field", "words"), [
    ({"presentment_currency": "GBP"}, "presentment_currency", "GBP is not one of the shop's presentment currencies (USD, EUR, JPY)"),
    ({"presentment_currency": "EURO"}, "presentment_currency", "is not a valid ISO 4217 currency"),
    ({"presentment_currency": 978}, "presentment_currency", "is not a valid ISO 4217 currency"),
    ({"presentment_currency": "EUR", "currency": "CAD"}, "currency", "must be the shop currency (USD) when the presentment currency is EUR"),
    ({"taxes_included": ["true"]}, "taxes_included", "must be true or false"),
    ({"taxes_included": {"value": True}}, "taxes_included", "must be true or false"),
])
def test_an_order_in_a_currency_the_shop_does_not_sell_in_is_refused(shopify, rates, extra, field, words) -> None:
    refused = _refused(lambda: shopify.create_order({**EUR_ORDER, **extra}),
                       lambda: shopify.orders(status="any"), lambda: shopify.orders(status="any"))
    assert refused.status == 422 and refused.body["errors"] == {field: [words]}


# =================================================================== refunds
def test_a_refund_is_calculated_in_the_presentment_currency(shopify, eur_order) -> None:
    line = eur_order["line_items"][0]
    calc = shopify.calculate_refund(eur_order["id"], {
        "currency": "eur", "shipping": {"amount": "2.00"},
        "refund_line_items": [{"line_item_id": line["id"], "quantity": 1, "restock_type": "no_restock"}]})
    assert calc["currency"] == "EUR"
    assert calc["shipping"] == {"amount": "2.00", "tax": "0.00", "maximum_refundable": "4.99"}
    row = calc["refund_line_items"][0]
    assert (row["price"], row["subtotal"], row["total_tax"]) == ("12.49", "12.49", "2.50")
    suggested = calc["transactions"][0]
    # 12.49 + 2.50 tax + 2.00 shipping, in euros: what goes back to the customer's card.
    assert (suggested["amount"], suggested["currency"], suggested["maximum_refundable"]) == ("16.99", "EUR", "49.95")
    assert calc["refund_shipping_lines"][0]["subtotal_amount_set"] == bag("2.17", "USD", "2.00", "EUR")


def test_a_refund_moves_presentment_money_and_shows_shop_money_beside_it(shopify, eur_order) -> None:
    sale, line = sale_of(shopify, eur_order), eur_order["line_items"][0]
    refund = shopify.create_refund(eur_order["id"], {
        "currency": "EUR", "shipping": {"full_refund": True},
        "refund_line_items": [{"line_item_id": line["id"], "quantity": 1, "restock_type": "no_restock"}],
        "transactions": [{"parent_id": sale["id"], "amount": "19.98", "kind": "refund", "gateway": "bogus"}]})
    txn = refund["transactions"][0]
    assert (txn["amount"], txn["currency"], txn["status"]) == ("19.98", "EUR", "success")
    row = refund["refund_line_items"][0]
    # The plain subtotal and tax of a refund line are shop money, their sets both (Refund resource).
    assert (row["subtotal"], row["total_tax"]) == (13.55, 2.71)
    assert row["subtotal_set"] == bag("13.55", "USD", "12.49", "EUR")
    assert row["total_tax_set"] == bag("2.71", "USD", "2.50", "EUR")
    shipping_adjustment = refund["order_adjustments"][0]
    assert (shipping_adjustment["kind"], shipping_adjustment["amount"]) == ("shipping_refund", "-5.41")
    assert shipping_adjustment["amount_set"] == bag("-5.41", "USD", "-4.99", "EUR")
    listed = shopify.refunds(eur_order["id"], in_shop_currency=True)[0]["transactions"][0]
    assert (listed["amount"], listed["currency"]) == ("21.68", "USD")
    order = shopify.order(eur_order["id"])
    assert order["financial_status"] == "partially_refunded"
    assert order["current_total_price_set"] == bag("32.52", "USD", "29.97", "EUR")  # 49.95 - 19.98


@pytest.mark.parametrize(("refund", "words"), [
    ({"transactions": True}, "is required for an order presented in EUR (shop currency USD)"),
    ({"shipping": {"amount": "1.00"}}, "is required for an order presented in EUR (shop currency USD)"),
    ({"currency": "USD", "transactions": True}, "must be the order's presentment currency (EUR)"),
    ({"currency": "GBP"}, "must be the order's presentment currency (EUR)"),
])
def test_a_refund_in_the_wrong_currency_or_none_is_refused(shopify, eur_order, refund, words) -> None:
    sale = sale_of(shopify, eur_order)
    if refund.get("transactions") is True:
        refund = {**refund, "transactions": [{"parent_id": sale["id"], "amount": "1.00", "kind": "refund", "gateway": "bogus"}]}
    refused = _refused(lambda: shopify.create_refund(eur_order["id"], refund),
                       lambda: shopify.order(eur_order["id"]), lambda: shopify.order(eur_order["id"]))
    assert refused.status == 422 and refused.body["errors"] == {"currency": [words]}
    calc_body = {k: v for k, v in refund.items() if k != "transactions"}
    if "currency" in calc_body or "shipping" in calc_body:
        with pytest.raises(VendorError) as calculated:
            shopify.calculate_refund(eur_order["id"], calc_body)
        assert calculated.value.body["errors"] == {"currency": [words]}


def test_a_goods_only_refund_needs_no_currency(shopify, eur_order) -> None:
    line = eur_order["line_items"][0]
    refund = shopify.create_refund(eur_order["id"], {"refund_line_items": [{"line_item_id": line["id"], "quantity": 1}]})
    assert refund["transactions"] == [] and refund["refund_line_items"][0]["subtotal_set"]["presentment_money"] == {
        "amount": "12.49", "currency_code": "EUR"}


def test_a_refund_transaction_names_the_presentment_currency(shopify, eur_order) -> None:
    sale = sale_of(shopify, eur_order)
    body = {"kind": "refund", "parent_id": sale["id"], "amount": "5.00", "gateway": "bogus"}
    refused = _refused(lambda: shopify.create_transaction(eur_order["id"], body),
                       lambda: shopify.order(eur_order["id"]), lambda: shopify.order(eur_order["id"]))
    assert refused.body["errors"] == {"currency": ["is required for an order presented in EUR (shop currency USD)"]}
    txn = shopify.create_transaction(eur_order["id"], {**body, "currency": "EUR"})
    assert (txn["amount"], txn["currency"], txn["status"]) == ("5.00", "EUR", "success")


def test_a_capture_of_a_multi_currency_order_names_the_presentment_currency(shopify, rates) -> None:
    order = shopify.create_order({**EUR_ORDER, "transactions": [{"kind": "authorization", "gateway": "bogus"}]})
    with pytest.raises(VendorError) as refused:
        shopify.create_transaction(order["id"], {"kind": "capture", "amount": "10.00", "currency": "USD"})
    assert refused.value.body["errors"] == {"currency": ["must be the order's presentment currency (EUR)"]}
    capture = shopify.create_transaction(order["id"], {"kind": "capture", "amount": "10.00", "currency": "EUR"})
    assert (capture["amount"], capture["currency"]) == ("10.00", "EUR")


def test_a_line_refunded_unit_by_unit_in_yen_adds_up_to_the_line(shopify, rates) -> None:
    order = shopify.create_order({"presentment_currency": "JPY", "line_items": [
        {"title": "Tea", "price": "1000", "quantity": 3, "total_discount": "100",
         "tax_lines": [{"title": "Consumption", "rate": 0.08}]}]})
    line = order["line_items"][0]
    rows = [shopify.create_refund(order["id"], {"refund_line_items": [{"line_item_id": line["id"], "quantity": 1}]})[
        "refund_line_items"][0] for _ in range(3)]
    presentment = [(r["subtotal_set"]["presentment_money"]["amount"], r["total_tax_set"]["presentment_money"]["amount"])
                   for r in rows]
    # ¥2900 after the discount, tax ¥232: whole yen each time, the last unit takes what is left.
    assert presentment == [("967", "77"), ("967", "77"), ("966", "78")]


# ====================================================== prices that include tax
TAX_INCLUDED = {
    "taxes_included": True,
    "line_items": [{"title": "Mug", "price": "11.00", "quantity": 2, "tax_lines": [{"title": "VAT", "rate": 0.1}]}],
    "shipping_lines": [{"title": "Standard", "price": "5.50", "tax_lines": [{"title": "VAT", "rate": 0.1}]}],
    "transactions": [{"kind": "sale", "gateway": "bogus"}],
}


def test_prices_that_include_tax_hold_it_and_the_total_does_not_add_it_again(shopify) -> None:
    order = shopify.create_order(TAX_INCLUDED)
    assert order["taxes_included"] is True
    # 2 × 11.00 holds 2.00 of VAT (22 × 0.1 / 1.1); shipping 5.50 holds 0.50.
    assert order["line_items"][0]["tax_lines"][0]["price"] == "2.00"
    assert order["shipping_lines"][0]["tax_lines"][0]["price"] == "0.50"
    assert (order["subtotal_price"], order["total_tax"], order["total_price"]) == ("22.00", "2.50", "27.50")
    assert sale_of(shopify, order)["amount"] == "27.50" and order["financial_status"] == "paid"
    # Rails casts the flag (ActiveModel::Type::Boolean): a form's or a JSON text's "yes" is true, "off" false.
    for spelling, included, total in [("yes", True, "27.50"), ("1", True, "27.50"), ("off", False, "30.25"),
                                      ("0", False, "30.25"), ("", False, "30.25")]:
        cast = shopify.create_order({**TAX_INCLUDED, "taxes_included": spelling})
        assert (spelling, cast["taxes_included"], cast["total_price"]) == (spelling, included, total)


def test_a_refund_of_a_tax_included_line_gives_back_what_was_paid_for_it(shopify) -> None:
    order = shopify.create_order(TAX_INCLUDED)
    sale, line = sale_of(shopify, order), order["line_items"][0]
    calc = shopify.calculate_refund(order["id"], {"shipping": {"full_refund": True}, "refund_line_items": [
        {"line_item_id": line["id"], "quantity": 1}]})
    row = calc["refund_line_items"][0]
    assert (row["subtotal"], row["total_tax"]) == ("11.00", "1.00")
    assert calc["shipping"] == {"amount": "5.50", "tax": "0.50", "maximum_refundable": "5.50"}
    assert calc["transactions"][0]["amount"] == "16.50"  # 11.00 + 5.50: the tax is inside them
    refund = shopify.create_refund(order["id"], {"shipping": {"full_refund": True}, "refund_line_items": [
        {"line_item_id": line["id"], "quantity": 1}], "transactions": [
        {"parent_id": sale["id"], "amount": "16.50", "kind": "refund", "gateway": "bogus"}]})
    assert [a["kind"] for a in refund["order_adjustments"]] == ["shipping_refund"]  # no discrepancy
    after = shopify.order(order["id"])
    assert (after["current_subtotal_price"], after["current_total_tax"], after["current_total_price"]) == (
        "11.00", "1.00", "11.00")
    # The rest of the order refunds to exactly what was paid.
    last = shopify.calculate_refund(order["id"], {"refund_line_items": [{"line_item_id": line["id"], "quantity": 1}]})
    assert last["transactions"][0]["amount"] == "11.00"


def test_tax_included_and_a_presentment_currency_together(shopify, rates) -> None:
    order = shopify.create_order({**TAX_INCLUDED, "presentment_currency": "EUR"})
    assert order["total_price_set"] == bag("29.84", "USD", "27.50", "EUR")
    assert order["total_tax_set"] == bag("2.71", "USD", "2.50", "EUR")


def test_an_order_without_a_presentment_currency_prints_as_before(shopify) -> None:
    order = shopify.create_order(ORDER)
    assert (order["currency"], order["presentment_currency"], order["taxes_included"]) == ("USD", "USD", False)
    assert order["total_price_set"] == bag("38.00", "USD", "38.00", "USD")


def test_a_refund_is_converted_at_the_rate_of_its_day_and_the_order_keeps_its_own(control, tenant, shopify, eur_order) -> None:
    """Help Center: a refund in another currency is converted at the current rate, not the order's."""
    control.shopify_currency(tenant["tenant"], rates={"EUR": "1.20"})
    sale = sale_of(shopify, eur_order)
    refund = shopify.create_refund(eur_order["id"], {"currency": "EUR", "transactions": [
        {"parent_id": sale["id"], "amount": "10.00", "kind": "refund", "gateway": "bogus"}]})
    in_shop = shopify.refunds(eur_order["id"], in_shop_currency=True)[0]["transactions"][0]
    assert (refund["transactions"][0]["amount"], in_shop["amount"], in_shop["currency"]) == ("10.00", "12.00", "USD")
    assert shopify.transactions(eur_order["id"], in_shop_currency=True)[0]["amount"] == "54.20"  # the sale: 1.085
    assert shopify.order(eur_order["id"])["total_price_set"] == bag("54.20", "USD", "49.95", "EUR")


EXCHANGES = [("USD", "USD", "1"), ("JPY", "JPY", "1"), ("KWD", "KWD", "1"), ("USD", "EUR", "1.085"), ("JPY", "USD", "149.37"),
             ("EUR", "JPY", "0.0067"), ("KWD", "USD", "0.3071")]
AMOUNTS = ["0", "0.00", "12.49", "-4.995", "0.005", "1234567.891", "37.47", "1E+3", "0.0001", "-0"]


@pytest.mark.parametrize(("shop", "presentment", "rate"), EXCHANGES)
def test_a_shop_amount_prints_as_the_shop_currencys_amount(shop: str, presentment: str, rate: str) -> None:
    """``shop_amount`` prints the converted amount as it is (it is rounded to the shop currency's
    unit already): what printing it to that unit again gives."""
    exchange = Exchange(shop, presentment, Decimal(rate))
    for text in AMOUNTS:
        value = Decimal(text)
        expected = round_to(value if shop == presentment else value * Decimal(rate), minor_unit(shop))
        assert exchange.shop(value) == expected and str(exchange.shop(value)) == str(expected)
        assert shop_amount(value, exchange) == amount(expected, exchange.shop_unit)


TOTALS = ("total_line_items_price", "subtotal", "total_discounts", "total_tax", "total_shipping", "total_price",
          "total_outstanding", "current_subtotal", "current_total_tax", "current_total_price")


def test_an_orders_totals_at_once_are_its_totals_one_by_one(simulator_app, control, tenant, shopify, eur_order) -> None:
    """``Order.totals()`` (what REST prints) gives what each total's property gives, on orders with
    discounts, tax on top and included, shipping, another currency, more paid than the total (set
    on the model), and refunds of goods and shipping, one of them declined by the gateway."""
    taxed = [{**line, "tax_lines": [{"title": "VAT", "rate": 0.2}]} for line in cast(list[dict[str, Any]], ORDER["line_items"])]
    discounted = shopify.create_order({**ORDER, "line_items": taxed,
                                       "discount_codes": [{"code": "TEN", "amount": "10", "type": "percentage"}]})
    included = shopify.create_order(TAX_INCLUDED)
    overpaid = shopify.create_order(ORDER)
    refunded = shopify.create_order(ORDER)
    shopify.create_refund(refunded["id"], {"refund_line_items": [{"line_item_id": refunded["line_items"][0]["id"], "quantity": 1}],
                                           "shipping": {"amount": "2.00"}, "transactions": [
                                               {"parent_id": sale_of(shopify, refunded)["id"], "amount": "14.50", "kind": "refund"}]})
    control.decline_shopify_refunds(tenant["tenant"], 1, "card_declined")
    shopify.create_refund(refunded["id"], {"shipping": {"full_refund": True}, "transactions": [
        {"parent_id": sale_of(shopify, refunded)["id"], "amount": "3.00", "kind": "refund"}]})
    shopify.create_refund(eur_order["id"], {"refund_line_items": [{"line_item_id": eur_order["line_items"][0]["id"], "quantity": 2}],
                                            "shipping": {"full_refund": True}})
    shop = simulator_app.extensions["refundsim.tenants"].get(tenant["tenant"]).state("shopify")
    orders = [shop.order(o["id"]) for o in (discounted, included, overpaid, refunded, eur_order)]
    orders[2].transactions[0].amount += Decimal("2.00")  # the API refuses more than the total: set on the model
    assert any(refund.declined for refund in orders[3].refunds) and all(o.refunds for o in orders[3:])
    assert orders[2].captured_total > orders[2].total_price  # nothing outstanding: not less than nothing
    for order in orders:
        assert tuple(order.totals()) == tuple(getattr(order, name) for name in TOTALS)
