"""Steps done on the storefront — the merchant's (or eBay seller's) refunds, a buyer's return — and
what the storefront shows afterwards."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Callable
from urllib.parse import urlsplit

import pytest
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse, value_from_ast_untyped
from pytest_bdd import given, then, when

from harness.actors import (ALL_SHIPPING, ZERO, MagentoMerchant, NetSuiteUser, OrderLine, RefundAsk, ShopifyMerchant, Storefront,
                            StorefrontOrder, StorefrontRefund, WooCommerceMerchant, money, refunded_total, refunded_units)
from harness.expectations import Refunded, ScenarioError, check, equal, quoted, said
from harness.reporting import by_people
from simulators.clients import VendorError
from harness.timeline import ScenarioJournal, Timeline
from steps import history, parameters
from steps.history import refunded_somewhere
from steps.phrases import phrase


def _refund(storefront_user: Storefront, order: StorefrontOrder, ask: RefundAsk) -> Any:
    _settled_on_ebay(storefront_user, order)
    if storefront_user.storefront == "ebay" and ask.lines:  # the buyer returns the units the seller refunds
        _returnable_on_ebay(storefront_user, order, ask.lines)
    try:
        return storefront_user.refund(order, ask)
    except ValueError as exc:  # a refund this storefront cannot make: the scenario's own mistake
        raise ScenarioError(str(exc)) from None


def _units_to_refund(storefront_user: Storefront, order: StorefrontOrder, line: str, quantity: int) -> tuple[OrderLine, int]:
    """The line a step names and its units, checked: at most the units of the line's SKU left after
    the order's refunds (as the storefront shows them), else the scenario's error."""
    chosen = parameters.line_of(order, line)
    return chosen, parameters.refundable_units(chosen, quantity, order=order, refunded=refunded_units(storefront_user, order))


def _settled_on_ebay(storefront_user: Any, order: StorefrontOrder) -> None:
    """On eBay, nothing of the order still settling: eBay refuses a refund while an earlier one of
    the order is processing (34922, Post-Order 1703) — a scenario that made eBay slow and refunds
    twice before the time passes, said in its words before anything is asked."""
    if storefront_user.storefront != "ebay" or not storefront_user.settling(order):
        return
    hours = storefront_user.settle_seconds // 3600
    raise ScenarioError(f"eBay is still settling an earlier refund of the order (it takes {hours} hour"
                        f"{'' if hours == 1 else 's'} to settle one): it refuses another until then; let the time pass "
                        f"first ('When {hours * 60} minutes pass') and refund with a When step")


def _returnable_on_ebay(storefront_user: Any, order: StorefrontOrder, lines: Iterable[tuple[OrderLine, int]]) -> None:
    """On eBay, each line's units at most what the buyer can still ask to return: the line's units
    less those of every return of it, open or refunded (eBay's "has N unit(s) left to return"); and
    the order has shipped (before, the buyer asks to cancel it)."""
    if order.raw.get("orderFulfillmentStatus") == "NOT_STARTED":
        raise ScenarioError("the order has not shipped: an eBay buyer returns items once they have shipped, and asks to "
                            "cancel the order before ('Given the buyer has asked eBay to cancel the order'); for a "
                            "return, start with 'Given a paid eBay order has been synced to NetSuite'")
    taken = storefront_user.requested_units(order)
    for line, units in lines:
        parameters.refundable_units(line, units, "return", order=order, refunded=taken)
        taken[line.sku] += units


@given("the order has been refunded in full on the storefront", target_fixture="storefront_refunds")
def storefront_full_refund(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list) -> list:
    """The merchant refunds every unit of every line and the shipping on the storefront, with their
    tax (on eBay: the buyer returns every line and the seller refunds each, and eBay settles each
    refund at once unless the scenario made it slow). Checked first: nothing refunded of the order
    yet, neither money nor units (as the storefront shows its refunds, any step's or the
    connector's), else the scenario's error before anything is asked."""
    ebay = storefront_user.storefront == "ebay"
    ask = RefundAsk(lines=tuple((line, line.units) for line in storefront_order.lines),
                    shipping=ALL_SHIPPING if not ebay else ZERO)
    # What the whole refund gives back: on eBay the returns' items, at what the buyer paid for them, without shipping.
    whole = sum((line.subtotal for line in storefront_order.lines), ZERO) if ebay else storefront_order.total
    parameters.refundable_amount(whole, storefront_order.total, "the order", refunded_total(storefront_user, storefront_order),
                                 "the order in full")
    units = refunded_units(storefront_user, storefront_order)  # a refund a gateway declined gave units, no money
    for line in storefront_order.lines:
        parameters.refundable_units(line, line.units, order=storefront_order, refunded=units)
    return [*storefront_refunds, _refund(storefront_user, storefront_order, ask)]


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded on the storefront"),
       target_fixture="storefront_refunds")
@when(phrase("{quantity:d} unit(s) of the {line} line is/are refunded on the storefront"), target_fixture="storefront_refunds")
@by_people
def storefront_line_refund(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                           quantity: int, line: str) -> list:
    """The merchant refunds units of one line on the storefront, with their tax (on eBay: the buyer
    returns them and the seller refunds the return; eBay settles it at once unless the scenario made
    it slow). line: first | second | third | last, or the line's SKU. As a When step, the merchant
    does it while the connector runs (its requests are not the connector's). Checked first: at most
    the units of the line's SKU left after the order's refunds on the storefront (any step's or the
    connector's, as the storefront shows them), and on eBay no earlier refund still settling, else
    the scenario's error before anything is asked."""
    chosen = parameters.line_of(storefront_order, line)
    ask = RefundAsk(lines=((chosen, parameters.refundable_units(chosen, quantity, order=storefront_order,
                                                                refunded=refunded_units(storefront_user, storefront_order))),))
    return [*storefront_refunds, _refund(storefront_user, storefront_order, ask)]


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been returned to stock on Shopify with no money back"),
       target_fixture="storefront_refunds")
def shopify_restock_only(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                         quantity: int, line: str) -> list:
    """The merchant returns units of one line to stock on Shopify's Refund page with the refund's
    amount at 0.00 (an exchange, units back before the money is settled): a Shopify refund of the
    units, restocked, with no transaction, which gave the customer nothing. line: first | second |
    third | last, or the line's SKU. Checked first: the storefront is Shopify, and at most the units
    of the line left after the order's refunds."""
    if not isinstance(storefront_user, ShopifyMerchant):
        raise ScenarioError("only Shopify makes a refund that returns units to stock with no money (a refund of 0.00): "
                            "on another storefront write '... has been refunded on the storefront'")
    chosen, units = _units_to_refund(storefront_user, storefront_order, line, quantity)
    try:
        return [*storefront_refunds, storefront_user.restock(storefront_order, chosen, units)]
    except VendorError as exc:  # what Shopify refuses of it (units shipped in part, and some not)
        raise ScenarioError(f"Shopify refuses to return {units} unit(s) of {chosen.sku} to stock: {exc.message}") from None


@given(phrase("the order has been cancelled on Shopify {how}"), target_fixture="storefront_refunds")
def shopify_order_cancelled(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                            how: str) -> list:
    """The merchant cancels the order on Shopify (More actions > Cancel order). how: "and refunded"
    — every unit not refunded yet and the shipping left go back with it, in a refund noted "Order
    canceled" — or "without a refund" (what was refunded before stays, nothing more goes back).
    Checked first: the storefront is Shopify, and the order not cancelled yet."""
    if how not in ("and refunded", "without a refund"):
        raise ScenarioError(f'write "the order has been cancelled on Shopify and refunded" or "... without a refund", not {how!r}')
    if not isinstance(storefront_user, ShopifyMerchant):
        raise ScenarioError("only Shopify's orders are cancelled in these scenarios (a Magento or WooCommerce order "
                            "is refunded: write '... has been refunded on the storefront')")
    try:
        made = storefront_user.cancel(storefront_order, refund=how == "and refunded")
    except ValueError as exc:
        raise ScenarioError(f"the order cannot be cancelled: {exc}") from None
    return [*storefront_refunds, made] if made is not None else storefront_refunds


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded offline on Magento"),
       target_fixture="storefront_refunds")
def magento_offline_line_refund(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                                quantity: int, line: str) -> list:
    """The merchant refunds units of one line of a Magento order with its tax from the order's page
    (Credit Memo, "Refund Offline": ``POST /V1/order/{id}/refund``), no shipping: a credit memo tied
    to no invoice, whose money the merchant pays back outside the store, though a card paid the
    order (Magento refunds online only from an invoice: RULES.md §1). line: first | second | third
    | last, or the line's SKU. Checked first: the storefront is Magento, and at most the units of the
    line's SKU left after the order's refunds (as Magento shows them), else the scenario's error."""
    if not isinstance(storefront_user, MagentoMerchant):
        raise ScenarioError("only Magento makes a credit memo without an invoice (Refund Offline from the order): "
                            "on another storefront write '... has been refunded on the storefront'")
    chosen, units = _units_to_refund(storefront_user, storefront_order, line, quantity)
    try:
        memo = storefront_user.refund(storefront_order, RefundAsk(lines=((chosen, units),)), offline=True)
    except ValueError as exc:  # an order not invoiced yet: Magento refunds only what it invoiced
        raise ScenarioError(str(exc)) from None
    return [*storefront_refunds, memo]


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded on the storefront for {amount}, "
              "the merchant keeping the rest"), target_fixture="storefront_refunds")
def storefront_line_refund_less(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                                quantity: int, line: str, amount: str) -> list:
    """The merchant refunds units of one line on Shopify but gives back less money than they cost
    (a restocking fee kept: Shopify's refund page lets the amount be lowered); on eBay the buyer
    returns them and the seller refunds the return for less (eBay lets a seller deduct from the
    refund of a return not in its original condition). line: first | second | third | last, or the
    line's SKU. Checked first, as "{quantity} unit(s) of the {line} line has/have been refunded on
    the storefront", and the amount: at most what the units give back with their tax, and at most
    the order's total less the money its refunds gave back."""
    if storefront_user.storefront not in ("shopify", "ebay"):
        raise ScenarioError("a line refund whose money the merchant lowers is a Shopify or eBay step (only their "
                            "refunds let the merchant lower it): start with 'Given a Shopify connector account ...'")
    chosen = parameters.line_of(storefront_order, line)
    quantity = parameters.refundable_units(chosen, quantity, order=storefront_order,
                                           refunded=refunded_units(storefront_user, storefront_order))
    value = parameters.refund_amount(amount, "the money of the line refund")
    # What Shopify's refund page calculates for the units: their share of the line's goods and tax.
    gives = money(chosen.subtotal * quantity / chosen.units) + money(chosen.tax * quantity / chosen.units)
    parameters.refund_for_less(value, gives, parameters.units_of_line(chosen, quantity), quantity > 1)
    parameters.refundable_amount(value, storefront_order.total, "the order", refunded_total(storefront_user, storefront_order))
    return [*storefront_refunds, _refund(storefront_user, storefront_order, RefundAsk(lines=((chosen, quantity),), amount=value))]


@given(phrase("{amount} of the {line} line has been refunded on the storefront without its units"),
       target_fixture="storefront_refunds")
def storefront_line_money_refund(storefront_user: Any, storefront_order: StorefrontOrder, storefront_refunds: list,
                                 amount: str, line: str) -> list:
    """The merchant refunds money of one line and no unit: WooCommerce's refund screen takes a
    line's refund total with its quantity left at 0 (the refund keeps a copy of the line with
    quantity 0). WooCommerce only. line: first | second | third | last, or the line's SKU.
    Checked first: at most what is left of the line's goods (of its SKU, after discount, before tax)
    after the order's refunds on the storefront (any step's or the connector's), and at most the
    order's total less the money its refunds gave back, else the scenario's error before anything
    is asked (WooCommerce itself caps only the order's money)."""
    if storefront_user.storefront != "woocommerce":
        raise ScenarioError("a line's money refunded without its units is a WooCommerce step: start with 'Given a "
                            "WooCommerce connector account ...'")
    chosen = parameters.line_of(storefront_order, line)
    value = parameters.refund_amount(amount, "the line's money")
    refunds = storefront_user.refunds(storefront_order)
    same = [other for other in storefront_order.lines if other.sku == chosen.sku]  # as refunds name lines: by SKU
    holder = f"the {chosen.sku} line" + (" (its goods, before tax)" if any(other.tax for other in same) else "")
    parameters.refundable_amount(value, sum((other.subtotal for other in same), ZERO), holder,
                                 sum((refund.goods.get(chosen.sku, ZERO) for refund in refunds), ZERO))
    parameters.refundable_amount(value, storefront_order.total, "the order", sum((refund.money for refund in refunds), ZERO))
    return [*storefront_refunds, storefront_user.refund_line_money(storefront_order, chosen, value)]


@given(phrase("[{amount} of ]the {name:q} fee has been refunded on the storefront"), target_fixture="storefront_refunds")
def storefront_fee_refund(storefront_user: Any, storefront_order: StorefrontOrder, storefront_refunds: list,
                          amount: str | None, name: str) -> list:
    """The merchant refunds one of the order's fees (WooCommerce's fee lines), by its name, from the
    order's refund screen: the fee line's refund total — the whole fee, or ``amount`` of it (such as
    3.00) — with its share of the fee's tax, no line and no shipping. WooCommerce only. Checked
    first: the order has a fee of that name, and the money is at most what the fee has left after
    the order's refunds on the storefront (any step's or the connector's) and at most the order's
    total less the money its refunds gave back, else the scenario's error before anything is asked
    (WooCommerce itself caps only the order's money)."""
    if storefront_user.storefront != "woocommerce":
        raise ScenarioError("a fee refunded on the storefront is a WooCommerce step (only WooCommerce orders carry "
                            "fee lines): start with 'Given a WooCommerce connector account ...'")
    fee = parameters.fee_of(storefront_order, name)
    given = next(value for fee_name, value, _ in storefront_user.fees_refunded_by_fee(storefront_order) if fee_name == name)
    if amount is None:
        if given:
            raise ScenarioError(f'the "{name}" fee has {given} of its {fee.total} refunded on the storefront already: '
                                f'refund what is left with \'{fee.total - given} of the "{name}" fee has been refunded '
                                "on the storefront'")
        value = fee.total
    else:
        value = parameters.refundable_amount(parameters.refund_amount(amount, f'the "{name}" fee refunded'), fee.total,
                                             f'the "{name}" fee', given)
    parameters.refundable_amount(value + money(fee.tax * value / fee.total), storefront_order.total, "the order",
                                 sum((refund.money for refund in storefront_user.refunds(storefront_order)), ZERO),
                                 f'the "{name}" fee with its tax')
    return [*storefront_refunds, storefront_user.refund_fee(storefront_order, fee, value)]


@given("these lines have been refunded on the storefront:", target_fixture="storefront_refunds")
def storefront_lines_refund(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                            datatable: list[list[str]]) -> list:
    """One refund on the storefront of several lines: a table ``| line | units |`` (a line by first
    | second | third | last or its SKU), with their tax; a row ``| shipping | |`` refunds the shipping too
    (on eBay, with one line only: the buyer returns it not as described, and the seller refunds its
    original shipping with it — the line's share of the order's shipping — as an ORIGINAL_SHIPPING
    itemized refund beside its PURCHASE_PRICE; a buyer returns items, not shipping).
    Checked first: each line's units at most what is left of its SKU after the order's refunds on the
    storefront (as it shows them) and the rows above; the shipping once, if none of it is refunded yet."""
    lines, shipping = parameters.refund_table(storefront_order, datatable, refunded_units(storefront_user, storefront_order),
                                              _shipping_refunded(storefront_user, storefront_order))
    ask = RefundAsk(lines=tuple(lines), shipping=ALL_SHIPPING if shipping else ZERO)
    return [*storefront_refunds, _refund(storefront_user, storefront_order, ask)]


@given("the shipping alone has been refunded on the storefront", target_fixture="storefront_refunds")
def storefront_shipping_refund(storefront_user: Storefront, storefront_order: StorefrontOrder,
                               storefront_refunds: list) -> list:
    """The merchant refunds the shipping and its tax, no line (not on eBay: a buyer returns items).
    Checked first: the order has shipping and none of it is refunded yet (as the storefront shows
    its refunds, any step's or the connector's), else the scenario's error before anything is asked."""
    if storefront_user.storefront != "ebay":  # eBay's own refusal is said in the scenario's words already
        parameters.refundable_shipping(storefront_order, _shipping_refunded(storefront_user, storefront_order))
    return [*storefront_refunds, _refund(storefront_user, storefront_order, RefundAsk(shipping=ALL_SHIPPING))]


@given(phrase("{amount} of the shipping has/have been refunded on the storefront"), target_fixture="storefront_refunds")
def storefront_part_of_shipping_refund(storefront_user: Storefront, storefront_order: StorefrontOrder,
                                       storefront_refunds: list, amount: str) -> list:
    """The merchant refunds part of the shipping (an amount such as 0.10, in the order's currency),
    with its share of the shipping's tax, and no line; on Magento, entered in the store's base
    currency as the admin takes it (the base amount that makes the amount, else the nearest).
    Not on eBay (a buyer returns items, not shipping). Checked first: the order has shipping, and
    the amount is at most the shipping its refunds have not given back (as the storefront shows
    them), else the scenario's error before anything is asked."""
    if storefront_user.storefront == "ebay":
        raise ScenarioError("on eBay a buyer returns items, not shipping: refund part of an eBay order's shipping "
                            "in NetSuite, or refund lines on eBay")
    value = parameters.refund_amount(amount, "the shipping refunded")
    if not storefront_order.shipping:
        raise ScenarioError("the order has no shipping to refund: give the order a shipping row")
    parameters.refundable_amount(value, storefront_order.shipping, "the order's shipping",
                                 _shipping_refunded(storefront_user, storefront_order))
    return [*storefront_refunds, _refund(storefront_user, storefront_order, RefundAsk(shipping=value))]


def _shipping_refunded(storefront_user: Storefront, order: StorefrontOrder) -> Decimal:
    """The shipping the order's refunds gave back, as the storefront shows them."""
    return sum((refund.shipping for refund in storefront_user.refunds(order)), ZERO)


@given(phrase("a general refund of {amount} has been made on the storefront"), target_fixture="storefront_refunds")
def storefront_general_refund(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                              storefront_refunds: list, amount: str) -> list:
    """A refund of an amount (e.g. 7.35) tied to no line, to the order's payment (on eBay: a refund
    the seller issues without a buyer request; eBay settles it at once unless the scenario made it slow).
    Checked first: at most the order's total less the money its refunds gave back (as the storefront
    shows them), else the scenario's error before anything is asked."""
    value = parameters.refundable_amount(parameters.refund_amount(amount, "the general refund"), storefront_order.total,
                                         "the order", refunded_total(storefront_user, storefront_order))
    refunds = [*storefront_refunds, _refund(storefront_user, storefront_order, RefundAsk(amount=value))]
    if storefront_user.storefront == "ebay":
        history.ebay_refund_unrequested(request, f"Given a general refund of {amount} has been made on the storefront")
    return refunds


@given(phrase("{count:d} general refunds of {amount} each have been made on the storefront"), target_fixture="storefront_refunds")
@when(phrase("the merchant makes {count:d} general refunds of {amount} each on the storefront"), target_fixture="storefront_refunds")
@by_people
def storefront_general_refunds(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                               timeline: Timeline, count: int, amount: str) -> list:
    """The merchant makes ``count`` refunds of ``amount`` each, tied to no line, a second apart on the
    simulator clock (as a person makes them; Shopify's API takes 2 calls a second): an order with more
    refunds than the storefront lists on a page (Shopify 50 by default, WooCommerce 10), so a connector
    that reads one page of them misses some. 1 to 300 of them; checked first: all of them at most what
    the order has left (as for one general refund), else the scenario's error before anything is asked.
    Not on eBay (its seller's refunds are not retrieved, and this is many)."""
    if not 1 <= count <= 300:
        raise ScenarioError(f"{count} refunds: write from 1 to 300 (enough to fill a storefront's pages)")
    if storefront_user.storefront == "ebay":
        raise ScenarioError("many general refunds are a cart's or Shopify's step: an eBay seller's refunds without a "
                            "buyer request are never retrieved ('Given a general refund of ... has been made on the storefront')")
    each = parameters.refund_amount(amount, "each general refund")
    parameters.refundable_amount(each * count, storefront_order.total, "the order",
                                 refunded_total(storefront_user, storefront_order), f"{count} refunds of {each} each")
    made = []
    for _ in range(count):
        timeline.advance(1)
        made.append(_refund(storefront_user, storefront_order, RefundAsk(amount=each)))
    return [*storefront_refunds, *made]


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been returned on eBay and refunded with {postage} of the "
              "buyer's return postage"), target_fixture="storefront_refunds")
def ebay_return_with_postage(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                             quantity: int, line: str, postage: str) -> list:
    """The buyer returns units of one line on eBay and the seller refunds the return with what the
    buyer paid to send them back (the refund's ``RETURN_SHIPPING`` part beside its ``PURCHASE_PRICE``:
    money that is neither the goods nor the order's shipping). eBay only. Checked first as "{quantity}
    unit(s) of the {line} line has/have been refunded on the storefront", and the postage: an amount
    above nothing (such as 4.50)."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("a return refunded with the buyer's return postage is an eBay step: start with 'Given an "
                            "eBay connector account ...'")
    value = parameters.refund_amount(postage, "the buyer's return postage")
    chosen = parameters.line_of(storefront_order, line)
    units = parameters.refundable_units(chosen, quantity, order=storefront_order,
                                       refunded=refunded_units(storefront_user, storefront_order))
    return [*storefront_refunds, _refund(storefront_user, storefront_order, RefundAsk(lines=((chosen, units),),
                                                                                   return_postage=value))]


@given(phrase("{count:d} units of the {line} line have been returned on eBay one at a time, each refunded by the seller"),
       target_fixture="storefront_refunds")
@by_people
def ebay_returns_one_at_a_time(storefront_user: Storefront, storefront_order: StorefrontOrder, storefront_refunds: list,
                               timeline: Timeline, count: int, line: str) -> list:
    """The buyer returns units of one line a unit at a time, a second apart on the simulator clock, and
    the seller refunds each return: an order with more returns than eBay's return search lists on a
    page (25), so a connector that reads one page of them never retrieves the refunds of the others.
    line: first | second | third | last, or the line's SKU. eBay only; 2 to 300 returns, checked first:
    at most the units of the line left to return, else the scenario's error before anything is asked."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("returns one at a time are an eBay buyer's: on another storefront write "
                            "'Given 1 unit(s) of the first line have been refunded on the storefront' for each")
    if not 2 <= count <= 300:
        raise ScenarioError(f"{count} returns: write from 2 to 300 (one return is "
                            "'Given 1 unit(s) of the first line have been refunded on the storefront')")
    chosen = parameters.line_of(storefront_order, line)
    parameters.refundable_units(chosen, count, order=storefront_order,
                                refunded=refunded_units(storefront_user, storefront_order))
    made = []
    for _ in range(count):
        timeline.advance(1)
        made.append(_refund(storefront_user, storefront_order, RefundAsk(lines=((chosen, 1),))))
    return [*storefront_refunds, *made]


@given("eBay will fail the next refund of the order")
def ebay_fails(storefront_user: Any, storefront_order: StorefrontOrder) -> None:
    """eBay's processing of the order's next refund fails (refundStatus FAILED): the buyer gets
    nothing back and the return stays open. eBay only."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("eBay failing a refund is an eBay step: start with 'Given an eBay connector account ...'")
    storefront_user.fail_next_refund(storefront_order)


@given("eBay already holds another buyer's refunded orders")
def ebay_other_buyers_orders(storefront_user: Any) -> None:
    """The seller's eBay account is in use: another buyer (Grace Hopper) returned a unit of one of
    her orders and the seller refunded it, and she asked to cancel another before it shipped and the
    seller approved. eBay only. A connector that searches eBay's returns or cancellations without
    the order's id retrieves her refunds as the order's."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("another buyer's eBay orders is an eBay step: start with 'Given an eBay connector account ...'")
    storefront_user.add_other_buyers_orders()


@given(phrase("eBay takes {hours:d} hour(s) to settle a refund"))
def ebay_slow(storefront_user: Any, hours: int) -> None:
    """eBay's processing of the refunds issued from now on takes that long: they stay PENDING on eBay
    (nothing refunded yet) until the simulator clock has moved that far. eBay only; 1 to 720 hours."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("how long eBay takes to settle a refund is an eBay step: start with 'Given an eBay connector account ...'")
    storefront_user.slow_settling(parameters.settle_hours(hours) * 3600)


@given(phrase("the buyer has asked to return {quantity:d} unit(s) of the {line} line on eBay"), target_fixture="ebay_return")
def buyer_return_request(storefront_user: Any, storefront_order: StorefrontOrder, quantity: int, line: str) -> dict:
    """A buyer's return request (Post-Order) that the seller has not refunded yet. eBay only.
    Checked first: at most the line's units less those of the order's returns, open or refunded
    (as eBay shows them), else the scenario's error before anything is asked."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("a buyer's return request is an eBay step: start with 'Given an eBay connector account ...'")
    chosen = parameters.line_of(storefront_order, line)
    _returnable_on_ebay(storefront_user, storefront_order, [(chosen, quantity)])
    return storefront_user.request_return(storefront_order, chosen, quantity)


@given(phrase("the buyer has closed that return on eBay"))
def buyer_closes_return(storefront_user: Any, ebay_return: dict) -> None:
    """The buyer no longer wants to return the item and closes the return request they made before,
    which the seller has not refunded: eBay shows it closed (BUYER_CLOSED) with no refund. eBay only.
    Checked first: the return is still open (as eBay shows it), else the scenario's error."""
    state = storefront_user.ebay.get_return(ebay_return["returnId"], fieldgroups="SUMMARY")["summary"].get("state")
    if state != "RETURN_REQUESTED":  # eBay's control plane would answer 409, said in Python's words
        what = "closed already" if state == "CLOSED" else f"{state} (no longer open)"
        raise ScenarioError(f"that return is {what} on eBay: the buyer closes a return once, while the seller has not "
                            "refunded it; leave the second 'Given the buyer has closed that return on eBay' out, or "
                            "ask for another return first")
    storefront_user.close_return(ebay_return["returnId"])


@given("the seller has refunded that return on eBay")
def seller_refunds_return(storefront_user: Any, storefront_order: StorefrontOrder, ebay_return: dict) -> None:
    """The seller refunds the buyer's return asked for before ("the buyer has asked to return ..."),
    for eBay's estimate of it: what the buyer paid for the units. eBay settles the refund at once
    unless the scenario made eBay slow, or fail it ("eBay will fail the next refund of the order").
    Checked first: the return is still open (as eBay shows it), else the scenario's error."""
    state = storefront_user.ebay.get_return(ebay_return["returnId"], fieldgroups="SUMMARY")["summary"].get("state")
    if state != "RETURN_REQUESTED":
        what = "closed" if state == "CLOSED" else f"{state} (no longer open)"
        raise ScenarioError(f"that return is {what} on eBay: the seller refunds a return while it is open; leave this "
                            "step out, or ask for another return first")
    storefront_user.refund_requested_return(storefront_order, ebay_return["returnId"])


@given(phrase("the buyer has asked eBay to cancel the order"), target_fixture="ebay_cancellation")
def buyer_cancellation_request(storefront_user: Any, storefront_order: StorefrontOrder) -> dict:
    """The buyer asks eBay to cancel the whole order (Post-Order cancellations act on an entire
    order), within an hour of buying it; the seller has not answered yet. eBay only. Checked first,
    as eBay shows the order: the seller has not shipped it (write "Given a paid eBay order the seller
    has not shipped yet has been synced to NetSuite"), and the buyer has not asked before — else the
    scenario's error before anything is asked."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("a buyer's cancellation request is an eBay step: start with 'Given an eBay connector account ...'")
    _cancellable_on_ebay(storefront_user, storefront_order)
    # eBay takes the request within an hour of the purchase; no Given step moves the clock, so it is.
    return storefront_user.request_cancellation(storefront_order)


def _cancellable_on_ebay(storefront_user: Any, order: StorefrontOrder) -> None:
    """As eBay shows the order: the seller has not shipped it, and no cancellation of it was asked
    for (a buyer's or the seller's) — else the scenario's error before anything is asked."""
    raw = storefront_user.ebay.get_order(order.id)
    if raw.get("orderFulfillmentStatus") != "NOT_STARTED":
        raise ScenarioError("the order has shipped: eBay cancels only an order the seller has not shipped; write "
                            "'Given a paid eBay order the seller has not shipped yet has been synced to NetSuite'")
    if raw.get("cancelStatus", {}).get("cancelRequests"):
        raise ScenarioError("the order has a cancellation on eBay already: an order is cancelled once; leave the second "
                            "cancellation out")


@given(phrase("the seller has {answer:w} the buyer's cancellation on eBay"))
def seller_answers_cancellation(storefront_user: Any, storefront_order: StorefrontOrder, ebay_cancellation: dict,
                                answer: str) -> None:
    """The seller answers the buyer's cancellation request (Post-Order): approved — eBay cancels the
    order and refunds the buyer what remains of it (settled at once, unless "eBay takes N hours to
    settle a refund" came before) — or rejected (nothing refunded). Checked first: the request is
    still awaiting the seller's answer, as eBay shows it, else the scenario's error."""
    approve = parameters.pick("answer", answer, {"approved": True, "rejected": False})
    cancel_id = ebay_cancellation["cancelId"]
    status = storefront_user.ebay.get_cancellation(cancel_id, fieldgroups="SUMMARY")["cancelDetail"].get("cancelStatus")
    if status != "CANCEL_REQUESTED":
        raise ScenarioError(f"the buyer's cancellation is {status} on eBay: the seller answers a request once; leave the "
                            "second answer out")
    if approve:
        storefront_user.approve_cancellation(storefront_order, cancel_id)
    else:
        storefront_user.reject_cancellation(cancel_id)


#: Why a seller cancels an order itself, as a scenario says it → Post-Order's ``CancelReasonEnum``.
SELLER_CANCEL_REASONS = {"the item out of stock": "OUT_OF_STOCK_OR_CANNOT_FULFILL",
                         "the buyer's address unusable": "ADDRESS_ISSUE"}


@given(phrase("the seller has cancelled the order on eBay, {reason}"))
def seller_cancels_order(storefront_user: Any, storefront_order: StorefrontOrder, reason: str) -> None:
    """The seller cancels the order itself (Post-Order, with the cancel reason the scenario gives:
    the item out of stock | the buyer's address unusable), with no buyer request: eBay cancels it and
    refunds the buyer (settled at once, unless "eBay takes N hours to settle a refund" came before).
    eBay only. Checked first, as eBay shows the order: the seller has not shipped it, and no
    cancellation of it was asked for — else the scenario's error."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("a seller's cancellation is an eBay step: start with 'Given an eBay connector account ...'")
    why = parameters.pick("seller's reason", reason, SELLER_CANCEL_REASONS)
    _cancellable_on_ebay(storefront_user, storefront_order)
    try:
        storefront_user.cancel_order(storefront_order, why)
    except ValueError as exc:  # eBay's other reasons (a refund of the order already): the scenario's own mistake
        raise ScenarioError(str(exc)) from None


@given(phrase("the seller has refunded {amount} of the {line} line on eBay without a buyer request"))
def seller_line_refund(request: pytest.FixtureRequest, storefront_user: Any, storefront_order: StorefrontOrder, amount: str,
                       line: str) -> None:
    """The seller refunds money of one line (issueRefund with ``refundItems``), with no return or
    cancellation: a line item level refund, which eBay shows in that line's ``refunds``, not in
    ``paymentSummary.refunds``. eBay only. Checked first: at most what the line has left — its cost
    and its share of the shipping (eBay charges shipping per line item) less its refunds, a buyer
    return's or the seller's (as eBay shows them) — and at most what the order has left, else the
    scenario's error before anything is asked."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError("a seller's line item refund is an eBay step: start with 'Given an eBay connector account ...'")
    chosen = parameters.line_of(storefront_order, line)
    value = parameters.refund_amount(amount, "the line item refund")
    cost, shipping, taken = storefront_user.line_money(storefront_order, chosen)
    holder = f"the {chosen.sku} line" + (f" ({cost} and its {shipping} of shipping)" if shipping else "")
    parameters.refundable_amount(value, cost + shipping, holder, taken)
    total, committed = storefront_user.order_money(storefront_order)
    parameters.refundable_amount(value, total, "the order", committed)
    _settled_on_ebay(storefront_user, storefront_order)
    storefront_user.refund_line(storefront_order, chosen, value)
    history.ebay_refund_unrequested(request, f"Given the seller has refunded {amount} of the {line} line on eBay without "
                                    "a buyer request")


@given("the storefront's payment gateway will decline the next refund")
def gateway_declines(storefront_user: Storefront) -> None:
    """The payment gateway of the storefront's payment declines the next refund that would move
    money (the card is closed, say): the storefront gives nothing back (Shopify records the refund
    with a failed transaction; WooCommerce keeps nothing and answers the gateway's message; Magento
    keeps nothing of an online refund and answers "Could not save a Creditmemo, see error log for
    details"). Not on eBay, where the connector posts no refund."""
    try:
        storefront_user.decline_next_refund()
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


@given("Shopify's payment gateway will fail to process the next refund")
def gateway_errs(storefront_user: Storefront) -> None:
    """The payment gateway of the Shopify order's payment cannot process the next refund that moves
    money (it errs, rather than declines): Shopify records the refund with its transactions
    ``error`` and the code ``processing_error`` (OrderTransactionStatus ``ERROR``), and nothing goes
    back to the customer, as with a decline. Shopify only."""
    if not isinstance(storefront_user, ShopifyMerchant):
        raise ScenarioError("a refund transaction's status 'error' is Shopify's: start with 'Given a Shopify connector "
                            "account ...' (for the other storefronts: 'Given the storefront's payment gateway will "
                            "decline the next refund')")
    storefront_user.decline_next_refund("error")


@given(phrase("Shopify's payment gateway will hold the next refund pending for {hours:d} hour(s)"))
def gateway_holds_pending(storefront_user: Storefront, hours: int) -> None:
    """The payment gateway of the Shopify order's payment takes the next refund that moves money
    but holds it pending (a bank transfer, a slow card network): Shopify records the refund, its
    goods refunded, with its transactions pending — nothing has reached the customer yet, and the
    order stays paid — until the simulator clock has moved that far ("When N minutes pass"), when
    they succeed. Shopify only; 1 to 720 hours."""
    if not isinstance(storefront_user, ShopifyMerchant):
        raise ScenarioError("a payment gateway holding a refund pending is a Shopify step: start with 'Given a Shopify "
                            "connector account ...' (eBay's own delay: 'Given eBay takes N hours to settle a refund')")
    storefront_user.hold_next_refund(parameters.hold_hours(hours))


@given("the Magento store has its web API input limits on")
def magento_input_limits(storefront_user: Storefront) -> None:
    """The merchant turned the store's web API input limits on (Stores > Configuration > Services >
    Web Api Input Limits; Adobe's "API security", off by default): a search that names no
    ``pageSize`` answers its first 20 results only, and one asking more than 300 is refused. A
    connector that reads an order's credit memos with one search then misses those past the 20th.
    Magento only."""
    if not isinstance(storefront_user, MagentoMerchant):
        raise ScenarioError("web API input limits are a Magento store's setting: start with 'Given a Magento connector account ...'")
    storefront_user.limit_web_api_input()


@given(phrase("the payment gateway will decline the next refund on the order's {payment:w} payment"))
def gateway_declines_on_payment(storefront_user: Storefront, storefront_order: StorefrontOrder, payment: str) -> None:
    """The card of one payment of an order paid twice was closed (payment: first | second, as
    Shopify lists the order's payments): the gateway declines the next refund's transaction on it,
    and the refund's transactions on the other payment go through — Shopify sends each to its own
    payment's gateway. Shopify only (the other storefronts take one payment for the order)."""
    if not isinstance(storefront_user, ShopifyMerchant):
        raise ScenarioError("only Shopify keeps a transaction per payment of an order: for a decline of the whole "
                            "refund, write 'Given the storefront's payment gateway will decline the next refund'")
    index = parameters.pick("payment", payment, {"first": 0, "second": 1})
    try:
        storefront_user.decline_next_refund_on(storefront_order, index)
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def _woocommerce_gateway(storefront_user: Any, gateway: str) -> str:
    """The id of the WooCommerce gateway of checkout title ``gateway``, one that refunds (a card's).

    :raise ScenarioError: not a WooCommerce account, or no such gateway."""
    if storefront_user.storefront != "woocommerce":
        raise ScenarioError("a store's payment gateway switched off or its plugin deactivated is a WooCommerce step: start "
                            "with 'Given a WooCommerce connector account ...'")
    return parameters.pick("gateway that refunds", gateway, parameters.WOOCOMMERCE_GATEWAYS[True])


@given(phrase("the store numbers its new orders from {number:q} with a sequential order numbers plugin"))
def orders_numbered(request: pytest.FixtureRequest, storefront_user: Any, number: str) -> None:
    """The WooCommerce merchant installs a sequential order numbers plugin: the orders placed after this
    step are numbered ``number``, then on by one (their ``number``, what the customer reads: "WT-1042",
    "WT-1043"), while the REST API knows each by its id, as before. number: a prefix of at most 20
    characters, no digit, then 1 to 12 digits. Written before the scenario's first order: the plugin
    numbers none placed before it, so written after one it would test nothing."""
    found = re.fullmatch(r"([^0-9]{0,20})([0-9]{1,12})", number)
    if found is None or not int(found.group(2)):
        raise ScenarioError(f"the order number {quoted(number)}: write a prefix of at most 20 characters, no digit, then "
                            'a number from 1 of at most 12 digits (such as "WT-1042")')
    if storefront_user.storefront != "woocommerce":
        raise ScenarioError("a sequential order numbers plugin is a WooCommerce step: start with 'Given a WooCommerce "
                            "connector account ...'")
    if history.orders_made(request):
        raise ScenarioError("the plugin numbers only the orders placed after it: write 'Given the store numbers its new "
                            "orders from ...' before the scenario's first order")
    storefront_user.number_orders(found.group(1), int(found.group(2)))


@given(phrase("the store has switched its payment gateway {gateway:q} off"))
def gateway_switched_off(storefront_user: Any, gateway: str) -> None:
    """The WooCommerce merchant switches a gateway off in Settings > Payments (say, moving to another
    card provider): checkout no longer offers it, and its orders still refund through it
    (``wc_refund_payment`` takes any registered gateway that supports refunds)."""
    gateway_id = _woocommerce_gateway(storefront_user, gateway)  # checked first: only WooCommerce has these switches
    storefront_user.switch_gateway(gateway_id, enabled=False)


@given(phrase("the store has deactivated the plugin of its payment gateway {gateway:q}"))
def gateway_deactivated(storefront_user: Any, gateway: str) -> None:
    """The WooCommerce merchant deactivates a gateway's plugin (to troubleshoot or update it): the
    store has no such gateway until it is activated again, and a refund through it fails ("The
    payment gateway for this order does not exist.")."""
    gateway_id = _woocommerce_gateway(storefront_user, gateway)  # checked first: only WooCommerce has these switches
    storefront_user.switch_gateway(gateway_id, active=False)


@given(phrase("the store has activated the plugin of its payment gateway {gateway:q} again"))
def gateway_activated(storefront_user: Any, gateway: str) -> None:
    """The WooCommerce merchant activates a gateway's plugin again: its orders refund through it as before."""
    gateway_id = _woocommerce_gateway(storefront_user, gateway)  # checked first: only WooCommerce has these switches
    storefront_user.switch_gateway(gateway_id, active=True)


@given(phrase("the order's payment has been received on WooCommerce with the reference {reference:q}"))
def payment_received_with_reference(request: pytest.FixtureRequest, storefront_user: Any, storefront_order: StorefrontOrder,
                                    reference: str) -> None:
    """As "the order's payment has been captured on the storefront", the merchant typing the bank
    transfer's or cheque's reference (such as "CHK-1042") into the order's Transaction ID: an order
    paid offline that carries a transaction id all the same. WooCommerce only (checked first)."""
    if storefront_user.storefront != "woocommerce":
        raise ScenarioError("a payment received with a reference typed in is a WooCommerce step: start with 'Given a "
                            "WooCommerce connector account ...'")
    if not reference.strip():
        raise ScenarioError('the reference "": write the bank transfer\'s or cheque\'s reference (such as "CHK-1042")')
    storefront_user.capture_payment(storefront_order, reference.strip())
    history.payment_captured(request, storefront_order)


@given("the order's payment has been captured on the storefront")
def payment_captured(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder) -> None:
    """An order on terms is paid by the customer ("Mark as paid", a capture on the storefront); a
    paid order already is and is left as it is."""
    storefront_user.capture_payment(storefront_order)
    history.payment_captured(request, storefront_order)


def no_refund_elsewhere(request: pytest.FixtureRequest | None, storefront_user: Storefront, order: StorefrontOrder,
                        scenario_journal: ScenarioJournal, netsuite_user: NetSuiteUser) -> None:
    """Each refund the connector made on the storefront (each refund request it sent that the
    storefront took) is against ``order``, or against another order of the scenario that the
    scenario refunded in NetSuite (the connector had to post that one). A refund against any other
    order — one of the scenario's it did not refund, or one not the scenario's (another customer's)
    — is the connector's defect: the refund of the order it was asked to sync, made in the wrong
    place, which a check of this order alone ("nothing refunded", "0 refunds") would pass.

    :raise ConnectorDefect: ("Record differs") such a refund, named with its request."""
    if request is None or order.storefront == "ebay":  # the connector sends eBay no refund
        return
    method, path = storefront_user.refund_request
    others = {other.id: other for other in history.orders_made(request) if other.id != order.id}
    made = [(entry, storefront_user.refunded_order(entry["url"], entry.get("response_body") or ""))
            for entry in scenario_journal.connector_requests(storefront_user.storefront, method, path)
            if 200 <= entry["status"] < 300]  # one refused made no refund
    if order.storefront == "shopify":  # a refund through GraphQL is a refund too
        made += [(entry, refunded) for entry in scenario_journal.connector_requests("shopify", *_SHOPIFY_GRAPHQL)
                 for refunded in _graphql_refunded_orders(entry)]
    for entry, refunded in made:
        if refunded is None or refunded == order.id:
            continue
        other = others.get(refunded)
        if other is not None and netsuite_user.refunds_of(other):
            continue
        whose = f"the scenario's other order {refunded}, which it did not refund" if other is not None else \
            f"order {refunded}, which is not the scenario's"
        check(False, "record", f"expected the connector to refund on {order.store} only the orders the scenario "
              f"refunded, it made a refund against {whose}: {entry['method']} {urlsplit(entry['url']).path} → "
              f"{entry['status']}")


def _graphql_refunded_orders(entry: dict[str, Any]) -> list[str]:
    """The orders (their IDs) of the ``refundCreate`` mutations of one Shopify GraphQL request
    (its ``RefundInput``'s ``orderId``, ``gid://shopify/Order/<id>``), when Shopify's answer made a
    refund (a ``refundCreate`` answered with a refund, not only user errors); else none."""
    try:
        data = json.loads(entry.get("response_body") or "").get("data") or {}
    except (ValueError, AttributeError):
        return []
    # An alias renames the answer's key: any field of the answer holding a refund is one made.
    if entry["status"] != 200 or not any(isinstance(v, dict) and v.get("refund") for v in data.values()):
        return []
    orders = [str(refund.get("orderId") or "") for refund in refund_create_inputs(entry.get("request_body") or "")]
    return [order.rsplit("/", 1)[-1] for order in orders if order.startswith("gid://shopify/Order/")]


def _refunds(storefront_user: Storefront, order: StorefrontOrder) -> list[StorefrontRefund]:
    return storefront_user.refunds(order)


@then(phrase("the storefront order carries exactly {count:d} refund(s)"))
def storefront_refund_count(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                            count: int, netsuite_user: NetSuiteUser, scenario_journal: ScenarioJournal) -> None:
    """Counts the refunds on the storefront order (a refund posted twice shows as one too many);
    and the connector made none on the storefront against an order the scenario did not refund
    (the order's refund posted to another order would leave this one's count as if held back)."""
    no_refund_elsewhere(request, storefront_user, storefront_order, scenario_journal, netsuite_user)
    found = len(_refunds(storefront_user, storefront_order))
    if count and not found:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    kind = "doubled" if found > count else "not_posted" if found < count else "count"
    check(found == count, kind, f"expected exactly {count} refund(s) on {storefront_order.store} order "
          f"{storefront_order.id}, found {found}", expected=count, found=found)


@then(phrase("the storefront has refunded exactly {amount}"))
def storefront_refunded_amount(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                               amount: str, netsuite_user: NetSuiteUser, scenario_journal: ScenarioJournal) -> None:
    """The storefront has given back exactly this amount on the order, in all and to the cent
    (money a payment gateway declined does not count); and the connector made no refund on the
    storefront against an order the scenario did not refund."""
    value = parameters.amount(amount, "the amount the storefront refunded")
    no_refund_elsewhere(request, storefront_user, storefront_order, scenario_journal, netsuite_user)
    refunds = _refunds(storefront_user, storefront_order)
    if value and not refunds:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    equal("amount", f"{storefront_order.store} to have refunded", value, sum((r.money for r in refunds), ZERO))


@then("the storefront has refunded nothing")
def storefront_refunded_nothing(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                                scenario_journal: ScenarioJournal, netsuite_user: NetSuiteUser) -> None:
    """No money has gone back to the buyer on the storefront; and the connector made no refund on
    the storefront against an order the scenario did not refund (the order's refund posted to another
    order, of the scenario or another customer, gives this one nothing back, and is no less wrong)."""
    no_refund_elsewhere(request, storefront_user, storefront_order, scenario_journal, netsuite_user)
    refunded = refunded_total(storefront_user, storefront_order)
    check(refunded == ZERO, "amount", f"expected no refund on {storefront_order.store}, found {refunded} refunded")


@then(phrase("the storefront refund is in {currency:w}"))
def storefront_refund_currency(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                               currency: str, netsuite_user: NetSuiteUser) -> None:
    """Every refund on the storefront order is in that ISO currency, the order's (and there is one)."""
    # Before any check: a misspelt code, or another than the order's, is the scenario's, not the connector's.
    wanted = parameters.refund_currency(currency, storefront_order)
    refunds = _refunds(storefront_user, storefront_order)
    if not refunds:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    check(bool(refunds), "not_posted", "expected a refund on the storefront, found none")
    equal("currency", "the storefront refund in", {wanted}, {r.currency for r in refunds})


@then("the storefront refund has no line items")
def storefront_general_refund_posted(request: pytest.FixtureRequest, storefront_user: Storefront,
                                     storefront_order: StorefrontOrder, netsuite_user: NetSuiteUser) -> None:
    """A general refund: money back without refunded line items, and without a line that gives back
    nothing either (WooCommerce shows a line a refund names, even for 0.00, as refunded: the
    shipping of an order refunded for 0.00 by a refund that gave no shipping back)."""
    refunds = _refunds(storefront_user, storefront_order)
    if not refunds:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    check(bool(refunds), "not_posted", "expected a refund on the storefront, found none")
    lines = {sku: units for r in refunds for sku, units in r.units.items()}
    check(not lines, "lines", f"expected a general refund without line items, found {said(lines)}")
    empty = [name for r in refunds for name in r.empty_lines]
    check(not empty, "lines", f"expected a general refund without line items, found {said(empty)} on it, given back "
          f"for 0.00 (the storefront shows {'it' if len(empty) == 1 else 'them'} as refunded)")


@then("the storefront refunded these lines in all:")
def storefront_refunded_lines(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                              datatable: list[list[str]], netsuite_user: NetSuiteUser) -> None:
    """What the order's storefront refunds hold, added up: a table ``| line | units | amount |`` with
    a row per order line refunded (by first | second | third | last or SKU: its units and what its
    goods cost after discount, before tax), and rows ``shipping`` and ``tax`` (their amounts; leave
    units empty). Lines, shipping and tax not in the table must be nothing. A row of what the order
    never had (shipping, tax, more units than it has) is the scenario's error."""
    expected = parameters.lines_table(storefront_order, datatable, ("shipping", "tax"))
    refunds = _refunds(storefront_user, storefront_order)
    if expected and not refunds:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    equal("lines", f"{storefront_order.store} to have refunded", expected,
          {k: v for k, v in storefront_lines(refunds).items() if v != (0, ZERO)})


@then("the storefront refunded this tax on each line:")
def storefront_line_tax(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                        datatable: list[list[str]], netsuite_user: NetSuiteUser) -> None:
    """The tax each line of the order's storefront refunds gave back, added up: a table
    ``| line | tax |`` with a row per order line (first | second | third | last or SKU) and
    ``shipping``; lines not in the table gave back no tax (a row of tax on what the order charged
    none on is the scenario's error). For storefronts that keep tax per line
    (Shopify, Magento, WooCommerce): a refund whose total tax is right but sits on the wrong lines
    leaves the store's tax reports wrong."""
    if storefront_order.storefront == "ebay":
        raise ScenarioError("eBay keeps no tax on an order's lines (the simulator takes none): nothing to check per line")
    expected = parameters.tax_table(storefront_order, datatable)
    refunds = _refunds(storefront_user, storefront_order)
    if expected and not refunds:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    found: dict[str, Decimal] = {}
    for refund in refunds:
        for key, tax in refund.line_tax.items():
            found[key] = found.get(key, ZERO) + tax
    equal("lines", f"{storefront_order.store} to have refunded tax per line", expected,
          {k: v for k, v in found.items() if v != ZERO})


@then("the storefront refunded this shipping on each package:")
def storefront_shipping_by_package(request: pytest.FixtureRequest, storefront_user: Storefront,
                                   storefront_order: StorefrontOrder, datatable: list[list[str]],
                                   netsuite_user: NetSuiteUser) -> None:
    """The shipping and its tax the order's WooCommerce refunds gave back on each package's
    shipping line, added up: a table ``| package | shipping | tax |`` with a row per package (first
    | second, as the order lists them; a package left out gave back nothing). WooCommerce keeps a
    shipping line per package and caps none of them: shipping piled on one package shows the
    others unrefunded, and the merchant refunding one of them from the order's screen gives that
    shipping back twice."""
    if not isinstance(storefront_user, WooCommerceMerchant):
        raise ScenarioError("only WooCommerce keeps a shipping line per package: for the order's shipping as a whole, "
                            "write 'Then the storefront refunded these lines in all:' with a shipping row")
    found = storefront_user.shipping_refunded_by_package(storefront_order)
    names = ("first", "second")[:len(found)]  # a scenario's order goes in one package or two
    expected = parameters.package_shipping_table(datatable, names)
    if any(any(value) for value in expected.values()) and not any(any(value) for value in found):
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    equal("lines", f"{storefront_order.store} to have refunded on each package (shipping, tax)",
          {name: value for name, value in expected.items() if any(value)},
          {name: value for name, value in zip(names, found, strict=True) if any(value)})


@then("the storefront refunded these fees:")
def storefront_fees_by_fee(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                           datatable: list[list[str]], netsuite_user: NetSuiteUser) -> None:
    """The money before tax and the tax the order's WooCommerce refunds gave back on each of its fee
    lines, added up: a table ``| fee | amount | tax |`` with a row per fee, by its name as the order
    shows it (a fee left out, or a fee line of no fee of the order, gave back nothing). A fee's
    money given back on another fee's line leaves the store's report of each fee, and the tax per
    fee, wrong, though the refund's total is right."""
    if not isinstance(storefront_user, WooCommerceMerchant):
        raise ScenarioError("only WooCommerce keeps fee lines on an order: for the money back as a whole, write 'Then "
                            "the storefront has refunded exactly ...'")
    found = storefront_user.fees_refunded_by_fee(storefront_order)
    expected = parameters.fee_refund_table(datatable, [f.name for f in storefront_order.fees])
    _refunded_by_part(request, storefront_user, netsuite_user, storefront_order, "on each fee (amount, tax)",
                      expected, found)


@then("the storefront refunded this tax at each rate:")
def storefront_tax_by_rate(request: pytest.FixtureRequest, storefront_user: Storefront, storefront_order: StorefrontOrder,
                           datatable: list[list[str]], netsuite_user: NetSuiteUser) -> None:
    """The tax the order's WooCommerce refunds gave back at each of the store's tax rates, added up
    as the store's tax report per rate adds it: a table ``| rate | tax | shipping tax |`` with a row
    per rate the order charged (by its label: the harness's store charges a line's tax as
    ``State Tax``, two thirds of it, and ``County Tax``, the rest; a rate left out gave back
    nothing). WooCommerce keeps the tax of a refund at the rates the connector names
    (``refund_tax``) and checks none against what the rate charged: a line's tax all given back
    at one rate shows one jurisdiction refunded more than it collected, the other not at all."""
    if not isinstance(storefront_user, WooCommerceMerchant):
        raise ScenarioError("only WooCommerce keeps a refund's tax at the rates the connector names (Shopify and Magento "
                            "spread it themselves): for the tax of each line, write 'Then the storefront refunded this "
                            "tax on each line:'")
    found = storefront_user.tax_refunded_by_rate(storefront_order)
    expected = parameters.rate_tax_table(datatable, [label for label, *_ in found])
    _refunded_by_part(request, storefront_user, netsuite_user, storefront_order, "at each rate (tax, shipping tax)",
                      expected, found)


def _refunded_by_part(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                      order: StorefrontOrder, what: str, expected: dict[str, tuple[Decimal, ...]],
                      found: list[tuple[Any, ...]]) -> None:
    """What the order's storefront refunds gave back on each part of the order (a fee, a tax rate),
    ``found`` as ``(name, amount, ...)`` rows, equal to ``expected`` by name, parts of nothing left
    out on both sides. Nothing refunded where the table expects money: said where it went instead
    (NetSuite, another order) before the check fails."""
    if any(any(value) for value in expected.values()) and not any(any(values) for _, *values in found):
        refunded_somewhere(storefront_user, netsuite_user, order)
        history.storefront_takes_refund(request, storefront_user, order)
    equal("lines", f"{order.store} to have refunded {what}", {name: value for name, value in expected.items() if any(value)},
          {name: tuple(values) for name, *values in found if any(values)})


@then("the storefront refunded this to each payment:")
def storefront_refund_by_payment(request: pytest.FixtureRequest, storefront_user: Storefront,
                                 storefront_order: StorefrontOrder, datatable: list[list[str]],
                                 netsuite_user: NetSuiteUser) -> None:
    """The money the order's Shopify refunds gave back to each of its payments, added up: a table
    ``| payment | refunded |`` with a row per payment (first | second, as Shopify lists the order's
    successful sales and captures; a payment left out got nothing back). Shopify takes a refund
    transaction only up to what its own payment has left, and gives a gift card's money back to
    the gift card."""
    if not isinstance(storefront_user, ShopifyMerchant):
        raise ScenarioError("only Shopify keeps a transaction per payment of an order: for the money back as a whole, "
                            "write 'Then the storefront has refunded exactly ...'")
    found = storefront_user.refunded_by_payment(storefront_order)
    names = ("first", "second", "third")[:len(found)]  # a scenario's order is paid once or twice
    expected = parameters.payment_refund_table(datatable, names)
    if any(expected.values()) and not any(found):
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    equal("amount", f"{storefront_order.store} to have given back to each payment",
          {name: value for name, value in expected.items() if value},
          {name: value for name, value in zip(names, found, strict=True) if value})


@then("the connector did not ask the storefront to put the refunded items back in stock")
def not_restocked(storefront_user: Storefront, storefront_order: StorefrontOrder, scenario_journal: ScenarioJournal,
                  netsuite_user: NetSuiteUser) -> None:
    """Every refund the connector sent the storefront leaves its stock alone (Shopify's
    ``restock_type`` no_restock — GraphQL ``refundCreate``'s ``restockType`` NO_RESTOCK —, Magento's ``return_to_stock_items`` empty, WooCommerce's
    ``api_restock`` false: WooCommerce restocks when it is left out): stock is NetSuite's business,
    and NetSuite's own inventory sync would count the units back twice. There must be such a
    request; not on eBay, whose refunds take no stock choice (and to which the connector sends no
    refund: its refunds sync to NetSuite)."""
    choices = _refund_choices(storefront_user, storefront_order, scenario_journal, netsuite_user, storefront_user.restocks,
                              _graphql_restocks, "stock")
    check(not any(choices), "record", f"expected no restock, the connector asked {storefront_order.store} to put "
          f"items back in stock in {sum(bool(c) for c in choices)} of {len(choices)} refund request(s)")


#: Shopify's GraphQL Admin endpoint: a connector may refund through its ``refundCreate`` mutation
#: rather than REST's refunds.json (the simulator serves both: simulators/shopify/graphql).
_SHOPIFY_GRAPHQL = ("POST", r"/graphql\.json$")


def _refund_choices(storefront_user: Storefront, storefront_order: StorefrontOrder, scenario_journal: ScenarioJournal,
                    netsuite_user: NetSuiteUser, choice: Callable[[str], bool | None],
                    graphql_choice: Callable[[dict[str, Any]], bool], what: str) -> list[bool | None]:
    """``choice`` (the ``what`` choice) read from each refund request the connector sent the
    storefront (there must be one) — on Shopify, REST's and each GraphQL ``refundCreate`` too, its
    ``RefundInput`` read by ``graphql_choice``. eBay is sent none — its refunds sync to NetSuite — so
    a check of one there is the scenario's mistake, not a refund the connector failed to send."""
    if storefront_order.storefront == "ebay":
        raise ScenarioError(f"the connector sends eBay no refund (eBay refunds sync to NetSuite), so there is no refund "
                            f"request whose {what} choice to check: leave the step out")
    method, path = storefront_user.refund_request
    choices = [choice(entry["request_body"] or "")
               for entry in scenario_journal.connector_requests(storefront_user.storefront, method, path)]
    if storefront_order.storefront == "shopify":  # a refund through GraphQL is a refund too: read it, not skip it
        choices += [graphql_choice(refund)
                    for entry in scenario_journal.connector_requests("shopify", *_SHOPIFY_GRAPHQL)
                    for refund in refund_create_inputs(entry["request_body"] or "")]
    if not choices:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    check(bool(choices), "not_posted", f"expected the connector to send {storefront_order.store} a refund, it sent none")
    return choices


def refund_create_inputs(body: str) -> list[dict[str, Any]]:
    """The ``RefundInput`` of each ``refundCreate`` in a Shopify GraphQL request body (as the journal
    keeps it: JSON ``{"query", "variables"}``, or the bare query of ``application/graphql``), its
    input inline in the mutation or given in ``variables`` (values substituted as GraphQL does).
    Empty for a query that is no refundCreate mutation, or a body GraphQL cannot read (Shopify
    refuses it: no refund was made)."""
    try:
        sent = json.loads(body)
    except ValueError:
        sent = {"query": body}
    if not isinstance(sent, dict) or not isinstance(sent.get("query"), str):
        return []
    variables = sent.get("variables") if isinstance(sent.get("variables"), dict) else {}
    try:
        document = parse(sent["query"])
    except GraphQLError:
        return []
    inputs: list[dict[str, Any]] = []
    for definition in document.definitions:
        if not (isinstance(definition, OperationDefinitionNode) and definition.operation == OperationType.MUTATION):
            continue
        for field in definition.selection_set.selections:
            if isinstance(field, FieldNode) and field.name.value == "refundCreate":  # an alias renames the answer only
                for argument in field.arguments or ():
                    if argument.name.value == "input":
                        value = value_from_ast_untyped(argument.value, variables)
                        if isinstance(value, dict):
                            inputs.append(value)
    return inputs


def _graphql_notifies(refund: dict[str, Any]) -> bool:
    """A ``RefundInput``'s ``notify`` (a GraphQL Boolean: left out or null is no notification)."""
    return refund.get("notify") is True


def _graphql_restocks(refund: dict[str, Any]) -> bool:
    """A ``RefundInput`` line's ``restockType`` other than ``NO_RESTOCK`` (its default when left out)."""
    lines = refund.get("refundLineItems") or []
    return any(isinstance(line, dict) and line.get("restockType") not in (None, "NO_RESTOCK")
               for line in (lines if isinstance(lines, list) else []))


def storefront_lines(refunds: list[StorefrontRefund]) -> dict[str, Refunded]:
    """The refunds' lines added up: SKU → (units, goods), and ``shipping``, ``tax`` → (0, amount)."""
    found: dict[str, Refunded] = {}
    for refund in refunds:
        for sku in set(refund.units) | set(refund.goods):
            units, goods = found.get(sku, (0, ZERO))
            found[sku] = Refunded(units + refund.units.get(sku, 0), goods + refund.goods.get(sku, ZERO))
        for key, value in (("shipping", refund.shipping), ("tax", refund.tax)):
            found[key] = Refunded(0, found.get(key, (0, ZERO))[1] + value)
    return found


@then("each storefront refund went back to the order's payment")
def refund_to_payment(storefront_user: Storefront, storefront_order: StorefrontOrder, netsuite_user: NetSuiteUser) -> None:
    """Every refund on the storefront order was made against one of the order's captured payments
    (its parent transaction), the way the merchant's own refunds are; the order must have one (paid
    through the store, not outside it). Not on eBay: the connector
    sends eBay no refund (its refunds sync to NetSuite), and eBay pays a refund back itself."""
    if storefront_order.storefront == "ebay":  # its refunds name no parent: the check would blame the connector
        raise ScenarioError("the connector sends eBay no refund (eBay refunds sync to NetSuite), and eBay pays a refund "
                            "back itself: no refund of the connector's to check; leave the step out")
    payments = set(storefront_user.payments(storefront_order))
    if not payments:  # paid outside the store (a bank transfer marked paid): a right refund goes back to none
        raise ScenarioError(f"the order has no payment on {storefront_order.store} a refund can go back to (it was paid "
                            "outside the store, or not at all), so no refund can; check a paid order's refunds (such as "
                            f"'Given a paid {storefront_order.store} order has been synced to NetSuite'), or leave the "
                            "check out")
    refunds = _refunds(storefront_user, storefront_order)
    if not refunds:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    check(bool(refunds), "not_posted", "expected a refund on the storefront, found none")
    for refund in refunds:
        check(bool(refund.parents) and set(refund.parents) <= payments, "record",
              f"expected refund {refund.id} to go back to the order's payment {said(payments)}, "
              f"it went back to {said(list(refund.parents)) if refund.parents else 'nothing'}")


@then("the storefront's last refund went back to the order's payment")
def last_refund_to_payment(storefront_user: Storefront, storefront_order: StorefrontOrder) -> None:
    """As "each storefront refund went back to the order's payment", of the order's newest refund on
    the storefront alone (an earlier one may have been recorded for the merchant to pay back by hand)."""
    payments = set(storefront_user.payments(storefront_order))
    if not payments:
        raise ScenarioError(f"the order has no payment on {storefront_order.store} a refund can go back to (it was paid "
                            "outside the store, or not at all): check a paid order's refunds, or leave the check out")
    refunds = _refunds(storefront_user, storefront_order)
    check(bool(refunds), "not_posted", "expected a refund on the storefront, found none")
    last = max(refunds, key=lambda refund: int(refund.id))
    check(bool(last.parents) and set(last.parents) <= payments, "record",
          f"expected refund {last.id}, the last, to go back to the order's payment {said(payments)}, "
          f"it went back to {said(list(last.parents)) if last.parents else 'nothing'}")


@then("the connector did not ask the storefront to notify the customer of the refund")
def not_notified(storefront_user: Storefront, storefront_order: StorefrontOrder, scenario_journal: ScenarioJournal,
                 netsuite_user: NetSuiteUser) -> None:
    """Every refund the connector sent the storefront leaves the customer alone (Shopify's
    ``notify``, through REST or GraphQL ``refundCreate``; Magento's ``notify``, ``appendComment`` and the comment's ``is_visible_on_front``):
    the merchant refunded in NetSuite and told the customer then — refunds of a cart
    are made in NetSuite because the customer asks the merchant for them (FarApp's "Issuing
    Refunds"). There must be such a request. A storefront whose refunds carry no such choice
    (WooCommerce e-mails the customer of every refund, or never, as the store is set up) cannot be
    asked: for it, the connector sending its refund is all there is to check. Not on eBay: the
    connector sends eBay no refund (its refunds sync to NetSuite)."""
    choices = _refund_choices(storefront_user, storefront_order, scenario_journal, netsuite_user, storefront_user.notifies,
                              _graphql_notifies, "notification")
    check(not any(choices), "record", f"expected no notification of the customer, the connector asked "
          f"{storefront_order.store} to notify in {sum(bool(c) for c in choices)} of {len(choices)} refund request(s)")
