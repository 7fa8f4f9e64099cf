"""Steps done on the storefront: the merchant's (or eBay seller's) refunds, and what the storefront
shows afterwards."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import given, parsers, then

from harness.actors import StorefrontOrder, money
from steps import parameters


@given("the order has been refunded in full on the storefront", target_fixture="storefront_refunds")
def storefront_full_refund(storefront_user, storefront_order: StorefrontOrder, storefront_refunds: list) -> list:
    """The merchant refunds every line and the shipping on the storefront."""
    return [*storefront_refunds, storefront_user.refund(storefront_order, full=True)]


@given(parsers.parse("{quantity:d} unit(s) of the first line have been refunded on the storefront"), target_fixture="storefront_refunds")
def storefront_line_refund(storefront_user, storefront_order: StorefrontOrder, storefront_refunds: list, quantity: int) -> list:
    """The merchant refunds units of the first line on the storefront."""
    return [*storefront_refunds, storefront_user.refund(storefront_order, quantity=quantity)]


@given(parsers.parse("a general refund of {amount} has been made on the storefront"), target_fixture="storefront_refunds")
def storefront_general_refund(storefront_user, storefront_order: StorefrontOrder, storefront_refunds: list, amount: str) -> list:
    """A refund of an amount (e.g. 7.35) not tied to any line."""
    return [*storefront_refunds, storefront_user.refund(storefront_order, amount=money(parameters.amount(amount)))]


@given(parsers.parse("the buyer has asked to return {quantity:d} unit(s) of the first line on eBay"), target_fixture="ebay_return")
def buyer_return_request(storefront_user, storefront_order: StorefrontOrder, quantity: int) -> dict:
    """A buyer's return request (Post-Order) that the seller has not refunded yet."""
    if storefront_user.storefront != "ebay":
        raise ValueError("a buyer's return request is an eBay step: start with 'Given an eBay connector account ...'")
    return storefront_user.request_return(storefront_order, quantity)


@then(parsers.re(r"the storefront order carries exactly (?P<count>\d+) refunds?"), converters={"count": int})
def storefront_refund_count(storefront_user, storefront_order: StorefrontOrder, count: int) -> None:
    """Counts the refunds on the storefront order: catches a refund posted twice."""
    refunds = storefront_user.refunds(storefront_order)
    assert len(refunds) == count, (
        f"expected exactly {count} refund(s) on {storefront_order.storefront} order {storefront_order.id}, found {len(refunds)}")


@then(parsers.parse("the storefront has refunded exactly {amount}"))
def storefront_refunded_amount(storefront_user, storefront_order: StorefrontOrder, amount: str) -> None:
    """The storefront has refunded exactly this amount on the order, in all and to the cent."""
    refunded = storefront_user.refunded_total(storefront_order)
    assert refunded == money(parameters.amount(amount)), f"expected {storefront_order.storefront} to have refunded {amount}, found {refunded}"


@then("the storefront has refunded nothing")
def storefront_refunded_nothing(storefront_user, storefront_order: StorefrontOrder) -> None:
    """No money has gone back to the buyer on the storefront."""
    refunded = storefront_user.refunded_total(storefront_order)
    assert refunded == Decimal("0"), f"expected no refund on {storefront_order.storefront}, found {refunded} refunded"


@given("the order's payment has been captured on the storefront")
def payment_captured(storefront_user, storefront_order: StorefrontOrder) -> None:
    """A paid order already is; an order on terms is paid by the customer when the invoice is due."""
    storefront_user.capture_payment(storefront_order)


@then(parsers.parse("the storefront refund is in {currency}"))
def storefront_refund_currency(storefront_user, storefront_order: StorefrontOrder, currency: str) -> None:
    """Every refund transaction on the storefront is in that ISO currency."""
    currency = parameters.currency(currency)
    currencies = {t["currency"] for r in storefront_user.refunds(storefront_order) for t in r.get("transactions", [])}
    assert currencies == {currency}, f"expected the storefront refund in {currency}, found {currencies or 'no refund'}"


@then("the storefront refund has no line items")
def storefront_general_refund_posted(storefront_user, storefront_order: StorefrontOrder) -> None:
    """A general refund: money back without refunded line items."""
    refunds = storefront_user.refunds(storefront_order)
    assert refunds, "expected a refund on the storefront, found none"
    lines = [line for r in refunds for line in r.get("refund_line_items", [])]
    assert not lines, f"expected a general refund without line items, found {lines}"
