"""The reference connector's Magento shipping to send for NetSuite's shipping money
(``storefronts._base_shipping``), against the simulator's credit memos: in drawn orders — four
currencies, shipping discounts from none to nearly all of it, half of them off a shipping price
including tax (with a tax part, ``shipping_discount_tax_compensation_amount``) — the base ``shipping_amount`` it sends
gives back at most the money asked, the rest of it said (to go beside as an adjustment) and never
more than a cent (two with a tax part); and the rest of the shipping, asked next, is all that is left, to the cent.

What Magento makes of a base amount is its shipping ratio rounded less the discount's share
rounded, which can drop a cent where the two round apart: the connector searches it by halves, so
these draws are what shows the search keeps to the money."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from simulators.clients import MagentoClient
from simulators.connector.storefronts import _base_shipping

from .conftest import ORDER, MagentoSim

#: The order's currency → the store's rate (USD is the store's own).
RATES = {"USD": None, "EUR": "0.9216", "CAD": "1.3699", "AUD": "1.5152"}
CENT = Decimal("0.01")


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _shipping_money(memo: dict[str, Any]) -> Decimal:
    """A credit memo's shipping less its share of the shipping discount (its discount less its
    items') and with its share of the discount's tax part (its compensation less its items')."""
    items = sum((_money(i.get("discount_amount") or 0) for i in memo["items"]), Decimal(0))
    parts = sum((_money(i.get("discount_tax_compensation_amount") or 0) for i in memo["items"]), Decimal(0))
    return (_money(memo["shipping_amount"]) - (-_money(memo.get("discount_amount") or 0) - items)
            + _money(memo.get("discount_tax_compensation_amount") or 0) - parts)


def _refund_shipping(magento: MagentoClient, order: dict[str, Any], base: Decimal) -> dict[str, Any]:
    items = [{"order_item_id": i["item_id"], "qty": 0} for i in order["items"] if i.get("parent_item_id") is None]
    return magento.creditmemo(magento.refund_order(order["entity_id"], {
        "items": items, "arguments": {"shipping_amount": float(base)}}))


def test_the_shipping_sent_gives_back_the_money_asked_and_the_rest_all_that_is_left(magento: MagentoClient,
                                                                                    sim: MagentoSim) -> None:
    draw = random.Random(20261205)
    short = []
    draws_with_part = 0
    for _ in range(30):
        currency = draw.choice(list(RATES))
        shipping = Decimal(draw.randint(100, 2500)) / 100
        discount = Decimal(draw.randint(0, int(shipping * 100) - 50)) / 100
        # Half the draws: a shipping price including 10% tax, the discount's tax part a tenth of it.
        part = (discount / 11).quantize(CENT) if draw.random() < 0.5 and discount >= Decimal("0.11") else Decimal(0)
        body = {**ORDER, "currency": currency, "shipping_amount": str(shipping), "shipping_discount_amount": str(discount),
                "shipping_discount_tax_compensation_amount": str(part)}
        if RATES[currency] is not None:
            body.update(base_currency="USD", base_to_order_rate=RATES[currency])
        order = sim.order(**body)
        paid = shipping - discount + part
        draws_with_part += bool(part)
        wanted = Decimal(draw.randint(1, int(paid * 100) - 1)) / 100
        base, left_out = _base_shipping(order, wanted)
        made = _shipping_money(_refund_shipping(magento, order, base))
        where = f"{currency} {shipping} less {discount} with {part} of tax, {wanted} asked: {base} sent"
        # A tax part is a third amount rounded on its own: then two cents may be no base amount's
        # (AUD 2.15 less 0.85 with 0.08 of tax: 1.15 makes 1.11, 1.16 makes 1.14).
        assert made + left_out == wanted and Decimal(0) <= left_out <= CENT * (2 if part else 1), where
        short.append(left_out)
        after = magento.order(order["entity_id"])
        rest, rest_out = _base_shipping(after, paid - made)
        assert rest_out == 0 and _shipping_money(_refund_shipping(magento, after, rest)) == paid - made, where
    assert any(short), "no draw left a cent out: the draws no longer reach what no base amount makes"
    assert draws_with_part >= 10, "too few draws with a tax part to show the connector gives it back"
