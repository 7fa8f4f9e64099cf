"""Values the scenarios write into steps: read exactly, or refused with what to write instead."""

from __future__ import annotations

from decimal import Decimal

import pytest

from steps import parameters


@pytest.mark.parametrize("text, value", [("5.00", Decimal("5.00")), ("7.35", Decimal("7.35")), ("12", Decimal("12")),
                                         ("-5.00", Decimal("-5.00"))])
def test_an_amount_is_read_to_the_cent(text: str, value: Decimal) -> None:
    assert parameters.amount(text) == value


@pytest.mark.parametrize("text", ["ten dollars", "5,00", "$5.00", "1e3", "NaN", "", "5."])
def test_what_is_not_an_amount_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not an amount: write digits with a decimal point, such as 5\.00"):
        parameters.amount(text)


def test_billing_names_the_record_and_refuses_anything_else() -> None:
    assert (parameters.billing("a cash sale"), parameters.billing("an invoice")) == ("cash sale", "invoice")
    with pytest.raises(ValueError, match="unknown billing 'a barter': use one of a cash sale \\| an invoice"):
        parameters.billing("a barter")


def test_statuses_are_the_connector_s_and_nothing_else() -> None:
    assert parameters.refund_status("Posted") == "Posted"
    assert parameters.order_status("Order Posted, Pending Fulfillment") == "Order Posted, Pending Fulfillment"
    with pytest.raises(ValueError, match=r"unknown refund status 'Postd': use one of Retrieved \| Posted \| Error \| Canceled"):
        parameters.refund_status("Postd")
    with pytest.raises(ValueError, match="unknown order status 'Posted'"):
        parameters.order_status("Posted")


def test_a_currency_is_an_iso_code() -> None:
    assert parameters.currency("GBP") == "GBP"
    for text in ("usd", "US$", "EURO"):
        with pytest.raises(ValueError, match="is not a currency code: write three capital letters, such as USD"):
            parameters.currency(text)
