"""The reference connector's Magento adapter on an order billed in several invoices: a refund goes
back through the one invoice that still holds every unit it refunds (Magento refunds an online
payment through one invoice, and leaves out — or caps — the units that invoice does not hold:
RULES.md §2.9); when no single invoice does, the adapter refuses with a clear message, and splits
nothing and guesses nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from simulators.clients import MagentoClient
from simulators.connector.errors import SyncError
from simulators.connector.storefronts import MagentoAdapter, RefundToPost

from .conftest import ORDER, MagentoSim, items_of

MARK = "[refundsim:cashRefund:1]"


def _call(action, *, committed=None):
    """The connector's retrying call, without retries (the simulator is in-process and answers)."""
    return action()


@pytest.fixture
def adapter(magento: MagentoClient) -> MagentoAdapter:
    return MagentoAdapter(magento, _call)


@pytest.fixture
def two_invoices(magento: MagentoClient, sim: MagentoSim) -> dict[str, Any]:
    """:data:`ORDER` (2 × MUG-1 at 12.50 with 10% tax, 1 × TEA-1 at 8.00, 5.00 shipping) paid by card
    and billed in two invoices whose money the gateway captured: the first holds one mug (and all
    the shipping), the second the other mug and the tea."""
    order = sim.order(**{**ORDER, "payment_method": "braintree"}, invoice="none")
    mug, tea = items_of(order)["MUG-1"], items_of(order)["TEA-1"]
    first = magento.invoice_order(order["entity_id"], {"capture": True, "items": [{"order_item_id": mug, "qty": 1}]})
    second = magento.invoice_order(order["entity_id"], {"capture": True, "items": [
        {"order_item_id": mug, "qty": 1}, {"order_item_id": tea, "qty": 1}]})
    return {"order": order, "first": first, "second": second, "mug": mug, "tea": tea}


def _refund(adapter: MagentoAdapter, order: dict[str, Any], units: dict[str, int]) -> RefundToPost:
    """A NetSuite refund of ``units`` (SKU → units) at the order's prices, their tax included."""
    neutral = adapter.order(order["increment_id"])
    lines = []
    for line in neutral["lines"]:
        if units.get(line["sku"]):
            count = units[line["sku"]]
            lines.append((line, count, (line["amount"] * count / line["quantity"]).quantize(Decimal("0.01"))))
    tax = sum(((line["tax"] * count / line["quantity"]).quantize(Decimal("0.01")) for line, count, _ in lines), Decimal("0"))
    total = sum((amount for _, _, amount in lines), tax)
    return RefundToPost(order_id=order["increment_id"], order=neutral, lines=tuple(lines), shipping=Decimal("0"), tax=tax,
                        total=total, note=f"Cash Refund #1 {MARK}")


def _memo(magento: MagentoClient, written: str) -> dict[str, Any]:
    kind, memo_id = written.split(":")
    assert kind == "magento-creditmemo"
    return magento.creditmemo(memo_id)


def test_a_unit_only_the_second_invoice_holds_is_refunded_through_it(adapter, magento, two_invoices) -> None:
    memo = _memo(magento, adapter.prepare(_refund(adapter, two_invoices["order"], {"TEA-1": 1}))())
    assert memo["invoice_id"] == two_invoices["second"]
    assert [(i["order_item_id"], i["qty"]) for i in memo["items"]] == [(two_invoices["tea"], 1)]
    assert memo["grand_total"] == 8.0


def test_a_unit_whose_first_invoice_refunded_it_already_goes_through_the_invoice_that_still_holds_one(
        adapter, magento, two_invoices) -> None:
    # The first invoice's mug is refunded already; it still holds its shipping, so money is left on it.
    magento.refund_invoice(two_invoices["first"], {"items": [{"order_item_id": two_invoices["mug"], "qty": 1}],
                                                   "isOnline": True, "arguments": {"shipping_amount": 0}})
    memo = _memo(magento, adapter.prepare(_refund(adapter, two_invoices["order"], {"MUG-1": 1}))())
    assert memo["invoice_id"] == two_invoices["second"]
    assert [(i["order_item_id"], i["qty"]) for i in memo["items"]] == [(two_invoices["mug"], 1)]
    assert memo["grand_total"] == 13.75  # 12.50 and its 1.25 of tax


def test_units_no_single_invoice_holds_are_refused_with_a_clear_message_and_nothing_is_refunded(
        adapter, magento, two_invoices) -> None:
    order = two_invoices["order"]
    with pytest.raises(SyncError) as refused:
        adapter.prepare(_refund(adapter, order, {"MUG-1": 2}))
    message = str(refused.value)
    assert f"Magento order #{order['increment_id']}" in message
    assert "2 × MUG-1" in message and "no single invoice" in message
    assert magento.order_creditmemos(order["entity_id"]) == []


def test_an_order_billed_in_one_invoice_is_refunded_through_it(adapter, magento, sim: MagentoSim) -> None:
    order = sim.order(**{**ORDER, "payment_method": "braintree"})  # invoiced and captured at once
    (invoice,) = magento.order_invoices(order["entity_id"])
    memo = _memo(magento, adapter.prepare(_refund(adapter, order, {"MUG-1": 2, "TEA-1": 1}))())
    assert memo["invoice_id"] == invoice["entity_id"]
    assert sorted((i["sku"], i["qty"]) for i in memo["items"]) == [("MUG-1", 2), ("TEA-1", 1)]


# ------------------------------------------------------------- a store with another base currency
#: :data:`ORDER` paid by card in EUR in a store whose base currency is USD, at 0.80 EUR a dollar.
EUR_CARD_ORDER: dict[str, Any] = {**ORDER, "payment_method": "braintree", "currency": "EUR", "base_currency": "USD",
                                  "base_to_order_rate": "0.8"}


def _money_refund(adapter: MagentoAdapter, order: dict[str, Any], units: dict[str, int], *, shipping: str,
                  adjustment: str) -> RefundToPost:
    """:func:`_refund` with NetSuite's ``shipping`` and money beyond the lines (``adjustment``), in
    the order's currency."""
    refund = _refund(adapter, order, units)
    return RefundToPost(order_id=refund.order_id, order=refund.order, lines=refund.lines, shipping=Decimal(shipping),
                        tax=refund.tax, total=refund.total + Decimal(shipping) + Decimal(adjustment), note=refund.note)


@pytest.mark.parametrize("currency, rate, shipping, adjustment", [
    ("EUR", "0.8", "2.50", "1.60"), ("EUR", "0.8", "5.00", "-0.80"), ("EUR", "0.8", "1.37", "0.03"),
    # At 1.3699 CAD a dollar no base amount gives 6.50 (4.74 USD is 6.49, 4.75 is 6.51): 6.51 kept, 0.01 refunded.
    ("CAD", "1.3699", "0", "-6.50"), ("CAD", "1.3699", "5.00", "6.50")])
def test_the_credit_memo_of_an_order_in_another_currency_than_the_stores_is_netsuites_refund_to_the_cent(
        adapter, magento, sim: MagentoSim, currency: str, rate: str, shipping: str, adjustment: str) -> None:
    """Magento reads ``shipping_amount`` and the adjustments in the store's base currency: the adapter
    sends the base amounts that Magento turns into NetSuite's order-currency amounts."""
    order = sim.order(**{**EUR_CARD_ORDER, "currency": currency, "base_to_order_rate": rate})
    refund = _money_refund(adapter, order, {"MUG-1": 1}, shipping=shipping, adjustment=adjustment)
    memo = _memo(magento, adapter.prepare(refund)())
    assert (memo["order_currency_code"], memo["base_currency_code"]) == (currency, "USD")
    assert memo["shipping_amount"] == float(shipping)
    assert memo["adjustment"] == float(adjustment)
    assert Decimal(str(memo["grand_total"])) == refund.total


def test_an_invoice_with_base_money_left_takes_the_refund_back_to_the_card(adapter, magento, sim: MagentoSim) -> None:
    """The invoice's money left is its ``base_grand_total`` less its ``base_total_refunded`` (both
    in USD): 50.64 - 40.64 here, where its ``grand_total`` (40.50 EUR) is below what it refunded."""
    order = sim.order(**EUR_CARD_ORDER)
    (invoice,) = magento.order_invoices(order["entity_id"])
    magento.refund_invoice(invoice["entity_id"], {"isOnline": True, "items": [
        {"order_item_id": items_of(order)["MUG-1"], "qty": 2}]})  # and all the shipping
    assert magento.invoice(invoice["entity_id"])["base_total_refunded"] == 40.64  # 31.26 + 3.13 + 6.25
    memo = _memo(magento, adapter.prepare(_refund(adapter, order, {"TEA-1": 1}))())
    assert (memo["invoice_id"], memo["grand_total"], memo["base_grand_total"]) == (invoice["entity_id"], 8, 10)
    assert "transaction_id" in memo  # online: back to the card
