"""Steps done in NetSuite by a NetSuite user — billing orders, refunding them, deleting them — and
what NetSuite shows afterwards."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any, Callable

import pytest
from pytest_bdd import given, then, when

from harness.actors import (BILLING_RECORD, FEES, REFUND_RECORD, ZERO, NetSuiteRecord, NetSuiteUser, OrderLine, Storefront,
                            StorefrontOrder, money)
from harness.expectations import Refunded, ScenarioError, check, equal, said
from harness.reporting import by_people
from simulators.clients import VendorError
from steps import history, parameters
from steps.history import refunded_somewhere
from steps.phrases import phrase


def _tax_share(line: OrderLine, units: int) -> Decimal:
    """The tax NetSuite computes for ``units`` of a line: the line's tax, pro rata."""
    return money(line.tax * units / line.units) if line.units else ZERO


def _refund(netsuite_user: NetSuiteUser, billed: NetSuiteRecord, order: StorefrontOrder,
            lines: list[tuple[OrderLine, int]], what: str, *, shipping: bool = False,
            extra: list[dict[str, Any]] | None = None) -> NetSuiteRecord:
    """A refund from the billed record of units of lines (each with its share of the line's tax) and,
    with ``shipping``, the shipping and its tax; ``extra`` lines as NetSuite takes them. Checked
    first: its money (as NetSuite will total it) at most what the billed record has left after its
    refunds, else the scenario's error naming ``what`` it refunds ("1 unit of MUG-01 with its tax")
    before anything is made — a money refund (goodwill, another item) takes from what units may."""
    body = _refund_body(netsuite_user, billed, order, lines, shipping=shipping, extra=extra)
    _refundable(netsuite_user, billed, NetSuiteUser.body_total(body), what)
    return netsuite_user.refund(billed, body)


def _refund_body(netsuite_user: NetSuiteUser, billed: NetSuiteRecord, order: StorefrontOrder,
                 lines: list[tuple[OrderLine, int]], *, shipping: bool = False, extra: list[dict[str, Any]] | None = None
                 ) -> dict[str, Any]:
    """The body of :func:`_refund`'s refund (nothing is asked of NetSuite)."""
    tax = sum((_tax_share(line, units) for line, units in lines), ZERO) + (order.shipping_tax if shipping else ZERO)
    try:
        # Each line's own rate: it picks the billed line when the order holds its SKU on several lines.
        return netsuite_user.refund_lines_body(
            billed, [(line.sku, units, line.subtotal / line.units if line.units else line.price) for line, units in lines],
            shipping=order.shipping if shipping else ZERO, tax=tax, extra=extra or [])
    except ValueError as exc:  # the scenario asked for a line the billed record does not have
        raise ScenarioError(str(exc)) from None


def _units_refunded(netsuite_user: NetSuiteUser, billed: NetSuiteRecord) -> Counter[str]:
    """Units refunded per SKU (a line's item name) by the billed record's refunds, as NetSuite shows
    them — whichever step, or the connector, made them: what the record has no more to refund."""
    refunded: Counter[str] = Counter()
    for refund in netsuite_user.refunds_created_from(billed):
        for line in refund.lines:
            refunded[line["name"]] += line["quantity"]
    return +refunded


def _refundable(netsuite_user: NetSuiteUser, billed: NetSuiteRecord, value: Decimal, what: str = "") -> Decimal:
    """``value`` if the billed record has that much left to refund: its total (as NetSuite has it
    now) less its refunds' totals, as NetSuite counts what remains (the refusal "exceeds the amount
    remaining to be refunded"); ``what``: what the value refunds, when the scenario wrote units."""
    now = netsuite_user.record(billed.type, billed.id)
    refunded = sum((refund.total for refund in netsuite_user.refunds_created_from(billed)), ZERO)
    return parameters.refundable_amount(value, now.total, f"the order's {_billed_as(billed)}", refunded, what)


def _with_tax(line: OrderLine, quantity: int) -> str:
    """``1 unit of MUG-01 with its tax``: what a refund of units gives back, as a message names it."""
    return f"{parameters.units_of_line(line, quantity)} with {'their' if quantity > 1 else 'its'} tax"


def _billed_as(record: NetSuiteRecord) -> str:
    """The billed record as a scenario names it ("cash sale", "invoice")."""
    return next((name for name, kind in BILLING_RECORD.items() if kind == record.type), record.type)


def _sales_order(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, order: StorefrontOrder,
                 to: str) -> NetSuiteRecord:
    """The order's sales order, for a step that needs one ``to`` do something with: none is the
    scenario's mistake (it deleted the sales order, or never synced the order), said as it is
    before NetSuite answers 404."""
    found = netsuite_user.find_sales_order(order)
    if found is None:
        why = history.why_no_sales_order(request, order.id)
        raise ScenarioError(f"the order has no sales order in NetSuite{': ' + why if why else ''}; nothing is there "
                            f"to {to}")
    return found


def _billable(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, order: StorefrontOrder) -> None:
    """The order's sales order can be billed: it is there and not billed (or closed) yet. Else the
    scenario's mistake, said before NetSuite refuses ("The sales order is already billed in full")."""
    status = (_sales_order(request, netsuite_user, order, "bill").body.get("status") or {})
    if status.get("id") in ("G", "H", "C"):  # Billed, Closed, Cancelled (schemas.STATUSES)
        raise ScenarioError(f"the order's sales order is {status.get('refName')} in NetSuite already: an order is billed once")


@given("NetSuite keeps the storefront's items as kits, assemblies, services and items for resale, in turn")
def items_of_other_kinds(netsuite_user: NetSuiteUser) -> None:
    """The SKUs of the orders made after this step go into NetSuite's catalogue as a kit (a package
    of items), an assembly, a service for sale and a non-inventory item for resale, in turn — what a
    store sells beside goods kept in stock. A connector that looks a SKU up among inventory and
    non-inventory sale items alone syncs no such order, nor its refunds."""
    netsuite_user.item_types = NetSuiteUser.OTHER_ITEM_TYPES


@given(phrase("NetSuite's catalogue already holds an item named {name:q}"))
def catalogue_holds(netsuite_user: NetSuiteUser, name: str) -> None:
    """A sale item of that name (at 99.00) is in NetSuite's catalogue before the scenario's order and
    its items: an item whose name begins with an order's SKU ("MUG-01-XL" beside "MUG-01") is no
    item of the order's. Before the order step, so that it comes first. name: 1 to 60 characters,
    no quote (NetSuite's item name)."""
    if not name or len(name) > 60 or '"' in name or name != name.strip():
        raise ScenarioError(f"the item name {json.dumps(name)}: write 1 to 60 characters, no quote and no space around "
                            "them (NetSuite's item name)")
    netsuite_user.add_item(name, Decimal("99.00"))


@given(phrase("NetSuite already holds another buyer's sales order whose external ID is the order's ID, billed[ and "
              "{refunded:w}] there"))
def other_buyers_order_of_the_id(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                                 storefront_order: StorefrontOrder, refunded: str | None) -> None:
    """Another buyer's sales order (Grace Hopper's, of an item of another SKU) whose external ID is
    the scenario's order ID — another store's order of the same number on one NetSuite account, an
    earlier integration's —, billed as a cash sale: "and refunded", of a unit at 10.00, refunded in
    full (10.00); else of a unit at 500.00, left unrefunded (a refund of the scenario's order fits in
    it). Checked first: the order was never synced (NetSuite has no sales order of its ID yet)."""
    if refunded is not None:
        parameters.one_of("what else was done there", refunded, ("refunded",))
    if netsuite_user.find_sales_order(storefront_order) is not None:
        raise ScenarioError("the order has a sales order in NetSuite already: write the order as 'Given a paid ... "
                            "order that was never synced to NetSuite'")
    netsuite_user.add_other_buyers_order_numbered(storefront_order.id, refunded=refunded is not None)


@given("NetSuite already holds the buyer's sales order of another store whose external ID is the order's ID, billed and refunded there")
def same_buyers_other_store_order(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                                  storefront_order: StorefrontOrder) -> None:
    """The same buyer's sales order from another store on the NetSuite account (her customer of the
    order's email, as that store's connector made her; an item of another SKU at 10.00), whose
    external ID is the scenario's order ID — the two stores number their orders alike —, billed as a
    cash sale and refunded in full (10.00). Checked first: the order was never synced, and has an email."""
    if netsuite_user.find_sales_order(storefront_order) is not None:
        raise ScenarioError("the order has a sales order in NetSuite already: write the order as 'Given a paid ... "
                            "order that was never synced to NetSuite'")
    if not storefront_order.email:
        raise ScenarioError("the order has no email (an eBay order 14 days on): the buyer is known by her email, so "
                            "write an order that has one")
    netsuite_user.add_other_buyers_order_numbered(storefront_order.id, storefront_order.email)


@given("the merchant has merged the order's NetSuite customer into a new one of her email", target_fixture="kept_customer")
def customer_merged(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> str:
    """After the order synced, the merchant merges its customer away: a new customer of the buyer's
    name and email is kept, the order's deactivated (NetSuite refuses a transaction of an inactive
    customer). Checked first: the order has an email and a sales order. The kept customer's id."""
    if not storefront_order.email:
        raise ScenarioError("the order has no email (an eBay order 14 days on): write an order that has one")
    sales_order = netsuite_user.find_sales_order(storefront_order)
    if sales_order is None:
        raise ScenarioError("the order has no sales order in NetSuite: merge the customer of an order synced to NetSuite")
    return netsuite_user.merge_customer(str(sales_order.body["entity"]["id"]))


@then("the second order's sales order is of the customer the merchant kept")
def second_order_of_kept_customer(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                                  second_order: StorefrontOrder, kept_customer: str) -> None:
    """The second order's sales order is the kept customer's ("... merged the order's NetSuite customer
    into a new one ..."), not the deactivated one's, which NetSuite refuses."""
    record = history.synced_sales_order(request, netsuite_user, second_order)
    equal("record", "the customer of the second order's sales order (the one the merchant kept)", kept_customer,
          str(record.body["entity"]["id"]))


@given("NetSuite already holds an inactive customer of the order's email")
def inactive_customer_of_the_email(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """A customer of the buyer's email the merchant deactivated (a duplicate merged away), made before
    the order syncs: found by her email, refused as a transaction's customer. Checked first: the
    order has an email, and NetSuite no customer of it yet."""
    if not storefront_order.email:
        raise ScenarioError("the order has no email (an eBay order 14 days on): write an order that has one")
    if netsuite_user.customers_with_email(storefront_order.email):
        raise ScenarioError("NetSuite has a customer of the order's email already (its order synced): write the order "
                            "as 'Given a paid ... order that was never synced to NetSuite'")
    netsuite_user.add_inactive_customer(storefront_order.email)


@given("NetSuite already holds another buyer's order")
def other_buyers_order(netsuite_user: NetSuiteUser) -> None:
    """The NetSuite account is in use: another buyer (Grace Hopper, grace.hopper@example.org), an
    inventory item and a sale item of other SKUs (ZZ-OTHER-INVENTORY, ZZ-OTHER-SALE), and her sales
    order (external ID ZZ-OTHER-ORDER-1), billed as a cash sale and refunded in full with a cash
    refund, are there before the scenario's order. A connector that finds a customer, an item, a
    sales order, a bill or a refund by taking the first record of a search it did not filter finds
    hers. Before the order step, so that they come first."""
    netsuite_user.add_other_buyers_order()


@given(phrase("the order has been billed in NetSuite as {billing}"), target_fixture="billed_record")
def billed_as(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder, billing: str) -> NetSuiteRecord:
    """The order's sales order is billed in NetSuite: a cash sale or an invoice created from it for
    everything on it left to bill. billing: a cash sale | an invoice. Checked first: the sales order is there
    and not billed yet."""
    record = parameters.billing(billing)
    _billable(request, netsuite_user, storefront_order)
    return netsuite_user.bill(storefront_order, record)


@given(phrase("the second order has been billed in NetSuite as {billing} and refunded in full there"))
def second_billed_and_refunded(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, second_order: StorefrontOrder,
                               billing: str) -> None:
    """The customer's second order is billed in NetSuite (a cash sale or an invoice) and refunded in
    full from its bill (a cash refund, a credit memo): a refund of hers that is no refund of the
    scenario's order. billing: a cash sale | an invoice. Checked first as "the order has been billed
    in NetSuite as {billing}"."""
    record = parameters.billing(billing)
    _billable(request, netsuite_user, second_order)
    netsuite_user.refund(netsuite_user.bill(second_order, record))


@given(phrase("the order has been billed in NetSuite as {billing} without its {line} line"), target_fixture="billed_record")
def billed_without_line(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder, billing: str,
                        line: str) -> NetSuiteRecord:
    """As "the order has been billed in NetSuite as ...", with one line left off the bill (the
    merchant bills it later, or never). line: first | second | third | last or its SKU. Checked
    first: the sales order is there and not billed in full, the order has another line, and none of
    the lines to bill is billed already (NetSuite bills what is left on each line: a line is billed
    once; after this step, "the order has been billed in NetSuite as ..." bills what is left)."""
    sku = parameters.line_of(storefront_order, line).sku
    record = parameters.billing(billing)
    _billable(request, netsuite_user, storefront_order)
    others = list(dict.fromkeys(other.sku for other in storefront_order.lines if other.sku != sku))
    if not others:
        raise ScenarioError(f"the order has no line but {sku}: billed without it, nothing would be billed; "
                            f"bill the order with 'Given the order has been billed in NetSuite as {billing}'")
    billed = _billed_units(netsuite_user, storefront_order)
    again = [other for other in others if billed[other]]
    if again:
        raise ScenarioError(f"the order's {', '.join(again)} line{'s are' if len(again) > 1 else ' is'} billed in NetSuite "
                            "already: NetSuite bills what is left on each line, so a line is billed once; bill what "
                            f"is left with 'Given the order has been billed in NetSuite as {billing}'")
    return netsuite_user.bill(storefront_order, record, without=sku)


@given(phrase("the order has been billed in NetSuite as {billing} with {quantity:d} unit(s) of its {line} line"),
       target_fixture="billed_record")
def billed_with_part_of_line(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                             billing: str, quantity: int, line: str) -> NetSuiteRecord:
    """As "the order has been billed in NetSuite as ...", with only ``quantity`` units of one line
    (the rest of it ships, and is billed, later: "the order has been billed in NetSuite as ..." bills
    what is left); every other line whole. line: first | second | third | last or its SKU. Checked
    first: the sales order is there and nothing of it billed yet, and ``quantity`` is at least 1 and
    fewer than the line's units."""
    chosen = parameters.line_of(storefront_order, line)
    record = parameters.billing(billing)
    _billable(request, netsuite_user, storefront_order)
    if not 1 <= quantity < chosen.units:
        raise ScenarioError(f"the order's {chosen.sku} line has {chosen.units} unit{'' if chosen.units == 1 else 's'}: bill "
                            f"1 to {chosen.units - 1} of {'them' if chosen.units > 1 else 'it'} now, or all of the order "
                            f"with 'Given the order has been billed in NetSuite as {billing}'")
    if any(_billed_units(netsuite_user, storefront_order).values()):
        raise ScenarioError("the order is billed in part in NetSuite already: bill what is left with "
                            f"'Given the order has been billed in NetSuite as {billing}'")
    return netsuite_user.bill(storefront_order, record, part=(chosen.sku, quantity))


def _billed_units(netsuite_user: NetSuiteUser, order: StorefrontOrder) -> Counter[str]:
    """Units billed per SKU (a line's item name) by the cash sales and invoices created from the
    order's sales order, as NetSuite shows them (any step's bill)."""
    billed: Counter[str] = Counter()
    for record_type, record_id in netsuite_user.created_from(netsuite_user.sales_order(order), returns=False):
        for line in netsuite_user.record(record_type, record_id).lines:
            billed[line["name"]] += line["quantity"]
    return billed


@given("the order has been billed in NetSuite", target_fixture="billed_record")
def billed_by_payment(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> NetSuiteRecord:
    """As the docs say: an order with a payment is billed as a cash sale, one without as an invoice."""
    _billable(request, netsuite_user, storefront_order)
    return netsuite_user.bill(storefront_order, "cash sale" if storefront_order.paid else "invoice")


@given("the invoice has been paid in NetSuite", target_fixture="customer_payment")
def invoice_paid(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord) -> NetSuiteRecord:
    """A customer payment applies the whole invoice (the invoice becomes Paid In Full)."""
    if billed_record.type != "invoice":
        raise ScenarioError(f"only an invoice is paid with a customer payment, this order is billed as {billed_record.label}: "
                            "bill it with 'Given the order has been billed in NetSuite as an invoice'")
    due = money(netsuite_user.record("invoice", billed_record.id).body.get("amountRemaining") or 0)
    if due <= ZERO:
        raise ScenarioError(f"the invoice is paid in full already ({due} due): it is paid once")
    return netsuite_user.pay_invoice(billed_record)


@given(phrase("{amount} of the invoice has been paid in NetSuite"), target_fixture="customer_payment")
def invoice_paid_in_part(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, amount: str) -> NetSuiteRecord:
    """A customer payment of ``amount`` applies to the invoice, which then owes the rest (Open).
    Checked first: the order is billed as an invoice that owes more than ``amount`` (a payment of all
    it owes is "the invoice has been paid in NetSuite")."""
    value = parameters.refund_amount(amount, "the amount paid", "to pay nothing, leave the step out")
    if billed_record.type != "invoice":
        raise ScenarioError(f"only an invoice is paid with a customer payment, this order is billed as {billed_record.label}: "
                            "bill it with 'Given the order has been billed in NetSuite as an invoice'")
    due = money(netsuite_user.record("invoice", billed_record.id).body.get("amountRemaining") or 0)
    if value >= due:
        raise ScenarioError(f"the invoice owes {due}: write less than {due} (to pay all of it, write 'Given the invoice "
                            "has been paid in NetSuite')")
    return netsuite_user.pay_invoice(billed_record, value)


@given("the order has been refunded in full in NetSuite", target_fixture="netsuite_refunds")
def refunded_in_full(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                     netsuite_refunds: list[NetSuiteRecord]) -> list[NetSuiteRecord]:
    """A cash refund of the whole cash sale, or a credit memo of the whole invoice (lines, shipping, tax).
    Checked first: nothing refunded of the billed record yet (as NetSuite shows its refunds, any
    step's or the connector's), else the scenario's error before anything is made."""
    whole = netsuite_user.record(billed_record.type, billed_record.id).total
    _refundable(netsuite_user, billed_record, whole, "the order in full")
    return [*netsuite_refunds, netsuite_user.refund(billed_record)]


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded in NetSuite"), target_fixture="netsuite_refunds")
@when(phrase("{quantity:d} unit(s) of the {line} line is/are refunded in NetSuite"), target_fixture="netsuite_refunds")
@by_people
def refunded_units(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                   netsuite_refunds: list[NetSuiteRecord], quantity: int, line: str) -> list[NetSuiteRecord]:
    """A partial refund from the billed record of units of one line, with their share of the line's
    tax (no shipping). line: first | second | third | last, or the line's SKU. As a When step, a
    NetSuite user does it while the connector runs (its requests are not the connector's).
    Checked first: at most the units of the line's SKU left after the billed record's refunds (any
    step's or the connector's, as NetSuite shows them), and their money (with their tax) at most
    what the record has left after them (a goodwill refund takes from it too), else the scenario's
    error before anything is made."""
    chosen = parameters.line_of(storefront_order, line)
    quantity = parameters.refundable_units(chosen, quantity, order=storefront_order,
                                           refunded=_units_refunded(netsuite_user, billed_record))
    return [*netsuite_refunds, _refund(netsuite_user, billed_record, storefront_order, [(chosen, quantity)],
                                       _with_tax(chosen, quantity))]


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded in NetSuite at {rate} each"),
       target_fixture="netsuite_refunds")
def refunded_units_at_a_rate(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                             netsuite_refunds: list[NetSuiteRecord], quantity: int, line: str, rate: str) -> list[NetSuiteRecord]:
    """A partial refund from the billed record of units of one line at a lower rate than the order
    charged (a NetSuite user crediting a damaged unit for less, such as 10.00 of 12.00), with tax
    at the line's own rate on what it gives back, no shipping. line: first | second | third | last,
    or the line's SKU. Checked first as "{quantity} unit(s) of the {line} line has/have been
    refunded in NetSuite", and the rate: an amount below what the order charged for a unit."""
    chosen = parameters.line_of(storefront_order, line)
    quantity = parameters.refundable_units(chosen, quantity, order=storefront_order,
                                           refunded=_units_refunded(netsuite_user, billed_record))
    charged = money(chosen.subtotal / chosen.units)
    value = parameters.refund_amount(rate, "the rate refunded")
    if value >= charged:
        raise ScenarioError(f"the rate refunded: {value} is not below the {charged} the order charged for a unit of "
                            f"{chosen.sku}: write a lower rate, or refund the units with '{quantity} unit(s) of the {line} "
                            "line has/have been refunded in NetSuite'")
    body = _refund_body(netsuite_user, billed_record, storefront_order, [(chosen, quantity)])
    body["item"]["items"][-1]["rate"] = float(value)
    body["taxTotal"] = float(money(_tax_share(chosen, quantity) * value / charged))
    _refundable(netsuite_user, billed_record, NetSuiteUser.body_total(body), _with_tax(chosen, quantity))
    return [*netsuite_refunds, netsuite_user.refund(billed_record, body)]


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded in NetSuite without their tax"),
       target_fixture="netsuite_refunds")
def refunded_units_untaxed(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                           netsuite_refunds: list[NetSuiteRecord], quantity: int, line: str) -> list[NetSuiteRecord]:
    """A partial refund from the billed record of units of one line at the order's price with no tax
    (a NetSuite user who marks the refund's lines not taxable, or a tax engine that works the refund's
    tax out otherwise), no shipping. Checked first as "{quantity} unit(s) of the {line} line
    has/have been refunded in NetSuite"; the line must carry tax (else nothing differs from that step)."""
    chosen = parameters.line_of(storefront_order, line)
    quantity = parameters.refundable_units(chosen, quantity, order=storefront_order,
                                           refunded=_units_refunded(netsuite_user, billed_record))
    if not _tax_share(chosen, quantity):
        raise ScenarioError(f"the {line} line ({chosen.sku}) carries no tax, so its units refunded without their tax are "
                            f"the units refunded: give the line tax, or write '{quantity} unit(s) of the {line} line "
                            "has/have been refunded in NetSuite'")
    body = _refund_body(netsuite_user, billed_record, storefront_order, [(chosen, quantity)])
    body["taxTotal"] = 0.0
    _refundable(netsuite_user, billed_record, NetSuiteUser.body_total(body), parameters.units_of_line(chosen, quantity))
    return [*netsuite_refunds, netsuite_user.refund(billed_record, body)]


@when(phrase("{quantity:d} unit(s) of the {line} line is/are refunded in NetSuite, dated the day the order was billed"),
      target_fixture="netsuite_refunds")
@by_people
def refunded_units_backdated(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                             netsuite_refunds: list[NetSuiteRecord], quantity: int, line: str) -> list[NetSuiteRecord]:
    """A NetSuite user enters a refund now dated earlier — the day the order was billed (its
    ``tranDate``, the day of a return or of a period being closed) — of units of one line with their
    share of its tax, while the connector runs. Checked first as "{quantity} unit(s) of the {line}
    line is/are refunded in NetSuite"."""
    chosen = parameters.line_of(storefront_order, line)
    quantity = parameters.refundable_units(chosen, quantity, order=storefront_order,
                                           refunded=_units_refunded(netsuite_user, billed_record))
    body = _refund_body(netsuite_user, billed_record, storefront_order, [(chosen, quantity)])
    body["tranDate"] = billed_record.body["tranDate"]
    _refundable(netsuite_user, billed_record, NetSuiteUser.body_total(body), _with_tax(chosen, quantity))
    return [*netsuite_refunds, netsuite_user.refund(billed_record, body)]


@given("these lines have been refunded in NetSuite:", target_fixture="netsuite_refunds")
def refunded_lines(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                   netsuite_refunds: list[NetSuiteRecord], datatable: list[list[str]]) -> list[NetSuiteRecord]:
    """One refund from the billed record of several lines: a table ``| line | units |`` (a line by
    first | second | third | last or its SKU), each with its share of the line's tax; a row
    ``| shipping | |`` adds the shipping and its tax (alone, as "the shipping alone has been refunded
    in NetSuite"). Checked first: each line's units at most what is left of its SKU after the billed
    record's refunds (as NetSuite shows them) and the rows above, the shipping once if none of it is
    refunded yet, and the refund's money at most what the record has left after them."""
    lines, shipping = parameters.refund_table(storefront_order, datatable, _units_refunded(netsuite_user, billed_record),
                                              _shipping_refunded(netsuite_user, billed_record))
    extra = [] if lines else [_zero_line(netsuite_user)]  # a table of the shipping alone: as its own step
    return [*netsuite_refunds, _refund(netsuite_user, billed_record, storefront_order, lines,
                                       "the table's rows with their tax", shipping=shipping, extra=extra)]


@given("these lines have been refunded in NetSuite without their tax:", target_fixture="netsuite_refunds")
def refunded_lines_untaxed(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                           netsuite_refunds: list[NetSuiteRecord], datatable: list[list[str]]) -> list[NetSuiteRecord]:
    """One refund from the billed record of several lines, as "these lines have been refunded in
    NetSuite:" makes it (a table ``| line | units |``, a row ``| shipping | |`` for the shipping),
    with no tax (a NetSuite user who marks the refund's lines not taxable). Checked first as that
    step, and the rows must carry tax (else nothing differs from that step)."""
    lines, shipping = parameters.refund_table(storefront_order, datatable, _units_refunded(netsuite_user, billed_record),
                                              _shipping_refunded(netsuite_user, billed_record))
    if not any(_tax_share(line, units) for line, units in lines) and not (shipping and storefront_order.shipping_tax):
        raise ScenarioError("the table's rows carry no tax, so refunded without their tax they are the rows refunded: give "
                            "the order's lines tax, or write 'these lines have been refunded in NetSuite:'")
    extra = [] if lines else [_zero_line(netsuite_user)]  # a table of the shipping alone: as its own step
    body = _refund_body(netsuite_user, billed_record, storefront_order, lines, shipping=shipping, extra=extra)
    body["taxTotal"] = 0.0
    _refundable(netsuite_user, billed_record, NetSuiteUser.body_total(body), "the table's rows")
    return [*netsuite_refunds, netsuite_user.refund(billed_record, body)]


@given("the shipping alone has been refunded in NetSuite", target_fixture="netsuite_refunds")
def refunded_shipping(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                      netsuite_refunds: list[NetSuiteRecord]) -> list[NetSuiteRecord]:
    """A refund of the shipping charge and its tax only (NetSuite wants a line: a zero line on the
    positive adjustment item, which this step creates in NetSuite if it is missing). Checked first:
    the order has shipping, none of it refunded yet, and the shipping and its tax at most what the
    billed record has left after its refunds (as NetSuite shows them), else the scenario's error."""
    parameters.refundable_shipping(storefront_order, _shipping_refunded(netsuite_user, billed_record))
    return [*netsuite_refunds, _refund(netsuite_user, billed_record, storefront_order, [], "the shipping with its tax",
                                       shipping=True, extra=[_zero_line(netsuite_user)])]


@given("the shipping alone has been refunded in NetSuite, its item lines kept at 0 units", target_fixture="netsuite_refunds")
def refunded_shipping_item_lines_at_zero(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                                         storefront_order: StorefrontOrder,
                                         netsuite_refunds: list[NetSuiteRecord]) -> list[NetSuiteRecord]:
    """As "the shipping alone has been refunded in NetSuite", the billed record's item lines kept on
    the refund at 0 units (a refund made from the record copies its lines, and the NetSuite user
    sets their units to 0) instead of a zero line on an adjustment item: lines of the order's items
    that give nothing back. Checked first as that step is."""
    parameters.refundable_shipping(storefront_order, _shipping_refunded(netsuite_user, billed_record))
    kept = [{"item": {"id": line["item"]["id"]}, "quantity": 0, "rate": line["rate"]}
            for line in billed_record.body["item"]["items"]]
    return [*netsuite_refunds, _refund(netsuite_user, billed_record, storefront_order, [], "the shipping with its tax",
                                       shipping=True, extra=kept)]


@given(phrase("{amount} of the shipping has/have been refunded in NetSuite"), target_fixture="netsuite_refunds")
@when(phrase("{amount} of the shipping is/are refunded in NetSuite"), target_fixture="netsuite_refunds")
@by_people
def refunded_part_of_shipping(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                              netsuite_refunds: list[NetSuiteRecord], amount: str) -> list[NetSuiteRecord]:
    """A refund of part of the shipping charge (an amount such as 4.00), with its share of the
    shipping's tax, and no line of the order (a zero line on the positive adjustment item, as "the
    shipping alone has been refunded in NetSuite" makes). As a When step, a NetSuite user does it
    while the connector runs. Checked first: the order has shipping, and the amount is at most the
    shipping the billed record's refunds have not given back yet (as NetSuite shows them), else the
    scenario's error before anything is made."""
    value = parameters.refund_amount(amount, "the shipping refunded")
    if not storefront_order.shipping:
        raise ScenarioError("the order has no shipping to refund: give the order a shipping row")
    parameters.refundable_amount(value, storefront_order.shipping, "the order's shipping",
                                 _shipping_refunded(netsuite_user, billed_record))
    tax = _shipping_tax_share(storefront_order, value)
    body = netsuite_user.refund_lines_body(billed_record, [], shipping=value, tax=tax, extra=[_zero_line(netsuite_user)])
    _refundable(netsuite_user, billed_record, NetSuiteUser.body_total(body), f"{value} of the shipping with its tax")
    return [*netsuite_refunds, netsuite_user.refund(billed_record, body)]


@given(phrase("{amount} of the shipping has/have been refunded in NetSuite without its tax"), target_fixture="netsuite_refunds")
def refunded_part_of_shipping_untaxed(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                                      storefront_order: StorefrontOrder, netsuite_refunds: list[NetSuiteRecord],
                                      amount: str) -> list[NetSuiteRecord]:
    """A refund of part of the shipping charge with no tax (a NetSuite user who marks it not taxable),
    and no line of the order, as "{amount} of the shipping has/have been refunded in NetSuite" makes
    it otherwise. Checked first as that step, and the order's shipping must carry tax (else nothing
    differs from that step)."""
    value = parameters.refund_amount(amount, "the shipping refunded")
    if not storefront_order.shipping:
        raise ScenarioError("the order has no shipping to refund: give the order a shipping row")
    parameters.refundable_amount(value, storefront_order.shipping, "the order's shipping",
                                 _shipping_refunded(netsuite_user, billed_record))
    if not _shipping_tax_share(storefront_order, value):
        raise ScenarioError(f"the order's shipping carries no tax, so {value} of it refunded without its tax is {value} of "
                            f"it refunded: give the shipping tax, or write '{amount} of the shipping has/have been "
                            "refunded in NetSuite'")
    body = netsuite_user.refund_lines_body(billed_record, [], shipping=value, tax=ZERO, extra=[_zero_line(netsuite_user)])
    _refundable(netsuite_user, billed_record, NetSuiteUser.body_total(body), f"{value} of the shipping")
    return [*netsuite_refunds, netsuite_user.refund(billed_record, body)]


@when("the shipping left is refunded in NetSuite", target_fixture="netsuite_refunds")
@by_people
def refunded_rest_of_shipping(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                              netsuite_refunds: list[NetSuiteRecord]) -> list[NetSuiteRecord]:
    """A refund of the shipping the billed record's refunds have not given back yet (as NetSuite
    shows them), with the rest of the shipping's tax — its tax less each earlier part's share, as
    "{amount} of the shipping has been refunded in NetSuite" gives it — and no line of the order (a
    zero line on the positive adjustment item), by a NetSuite user while the connector runs.
    Checked first: the order has shipping and some of it is left, else the scenario's error before
    anything is made."""
    if not storefront_order.shipping:
        raise ScenarioError("the order has no shipping to refund: give the order a shipping row")
    parts = [refund.shipping for refund in netsuite_user.refunds_created_from(billed_record) if refund.shipping]
    left = storefront_order.shipping - sum(parts, ZERO)
    if left <= 0:
        raise ScenarioError(f"the order's shipping ({storefront_order.shipping}) is all refunded in NetSuite already: "
                            "leave this step out, or refund part of the shipping before it")
    tax = storefront_order.shipping_tax - sum((_shipping_tax_share(storefront_order, part) for part in parts), ZERO)
    body = netsuite_user.refund_lines_body(billed_record, [], shipping=left, tax=tax, extra=[_zero_line(netsuite_user)])
    _refundable(netsuite_user, billed_record, NetSuiteUser.body_total(body), f"the rest of the shipping ({left}) with its tax")
    return [*netsuite_refunds, netsuite_user.refund(billed_record, body)]


def _shipping_tax_share(order: StorefrontOrder, part: Decimal) -> Decimal:
    """The shipping's tax that ``part`` of the order's shipping carries, to the cent."""
    return money(order.shipping_tax * part / order.shipping)


def _zero_line(netsuite_user: NetSuiteUser) -> dict[str, Any]:
    """A zero line on the positive adjustment item (created in NetSuite if it is missing): NetSuite
    wants a line in every refund, and a refund of the shipping alone has none of the order's."""
    positive, _ = netsuite_user.add_adjustment_items()
    return {"item": {"id": positive}, "quantity": 1, "rate": 0}


def _shipping_refunded(netsuite_user: NetSuiteUser, billed: NetSuiteRecord) -> Decimal:
    """The shipping the billed record's refunds gave back, as NetSuite shows them."""
    return sum((refund.shipping for refund in netsuite_user.refunds_created_from(billed)), ZERO)


@given(phrase("a goodwill refund of {amount} has been made in NetSuite against an adjustment item"),
       target_fixture="netsuite_refunds")
def goodwill_refund(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, netsuite_refunds: list[NetSuiteRecord],
                    amount: str) -> list[NetSuiteRecord]:
    """A refund of an amount against the "Refund Adjustment +" Other Charge item (created in NetSuite
    if it is missing), with no line of the order. Checked first: at most what the billed record has
    left to refund after its refunds (as NetSuite shows them), else the scenario's error."""
    value = _refundable(netsuite_user, billed_record, parameters.refund_amount(amount, "the goodwill refund"))
    positive, _ = netsuite_user.add_adjustment_items()
    refund = netsuite_user.refund(billed_record, {
        "shippingCost": 0, "taxTotal": 0,
        "item": {"items": [{"item": {"id": positive}, "quantity": 1, "rate": float(value)}]}})
    return [*netsuite_refunds, refund]


def _fee_item(connector_settings: dict[str, Any]) -> str:
    """The account's WooCommerce fee item (its internal id), which a refund of a fee is a line of.

    :raise ScenarioError: the account sets none."""
    item = connector_settings.get("woocommerce_fee_item")
    if item is None:
        raise ScenarioError("the account sets no fee item: a fee is refunded in NetSuite on a line of it; write 'Given "
                            "the WooCommerce fee item is set on the account' before the order, with an order that has "
                            "fees")
    return str(item)


def _fee_refund(netsuite_user: NetSuiteUser, billed: NetSuiteRecord, item: str, value: Decimal, tax: Decimal,
                description: str | None, what: str) -> NetSuiteRecord:
    """A refund from the billed record of one line of the fee item ``item`` (1 unit at ``value``,
    described as ``description``, or without a description) with ``tax``, and no shipping. Checked
    first: its money at most what the billed record has left after its refunds."""
    line = {"item": {"id": item}, "quantity": 1, "rate": float(value), **({"description": description} if description else {})}
    body = {"shippingCost": 0, "taxTotal": float(tax), "item": {"items": [line]}}
    _refundable(netsuite_user, billed, NetSuiteUser.body_total(body), what)
    return netsuite_user.refund(billed, body)


@given(phrase("[{amount} of ]the {name:q} fee has been refunded in NetSuite"), target_fixture="netsuite_refunds")
def refunded_fee(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                 connector_settings: dict[str, Any], netsuite_refunds: list[NetSuiteRecord], amount: str | None,
                 name: str) -> list[NetSuiteRecord]:
    """A refund from the billed record of one of the order's fees (WooCommerce's fee lines), by its
    name: one line of the account's fee item described as the fee (as the sales order's fee line
    is), for the fee's total before tax — or ``amount`` of it (such as 2.00) — with the fee's tax
    (or its share of it, to the cent), and no shipping. Checked first: the account sets its fee
    item, the order has a fee of that name, and the money is at most what the fee has left after
    the billed record's refunds of it (their lines of the fee item described as the fee, as NetSuite
    shows them: the whole fee only while none of it is refunded) and what the record has left."""
    item = _fee_item(connector_settings)
    fee = parameters.fee_of(storefront_order, name)
    given = sum((line["amount"] for refund in netsuite_user.refunds_created_from(billed_record) for line in refund.lines
                 if line["item"] == item and line["description"] == name), ZERO)
    if amount is None:
        if given:
            raise ScenarioError(f'the "{name}" fee has {given} of its {fee.total} refunded in NetSuite already: refund '
                                f'what is left with \'{fee.total - given} of the "{name}" fee has been refunded in NetSuite\'')
        value, tax = fee.total, fee.tax
    else:
        value = parameters.refundable_amount(parameters.refund_amount(amount, f'the "{name}" fee refunded'), fee.total,
                                             f'the "{name}" fee', given)
        tax = money(fee.tax * value / fee.total)
    what = f'{"the" if amount is None else f"{value} of the"} "{name}" fee with {"its" if amount is None else "its share of"} tax'
    return [*netsuite_refunds, _fee_refund(netsuite_user, billed_record, item, value, tax, name, what)]


@given(phrase("a refund of {amount} with {tax} tax on a line of the fee item without a description has been made in NetSuite"),
       target_fixture="netsuite_refunds")
def refunded_on_fee_item(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, connector_settings: dict[str, Any],
                         netsuite_refunds: list[NetSuiteRecord], amount: str, tax: str) -> list[NetSuiteRecord]:
    """A refund from the billed record of one line of the account's fee item entered by hand, with
    no description (so naming no fee of the order), of ``amount`` with ``tax`` (0.00 for none) and
    no shipping: a connector tells which fee it gives back by the nearest amount, and on an order
    without fees it is money beyond the lines. Checked first: the account sets its fee item, and
    the money is at most what the billed record has left after its refunds (as NetSuite shows them)."""
    item = _fee_item(connector_settings)
    value = parameters.refund_amount(amount, "the refund on the fee item")
    taxed = parameters.amount(tax, "the refund's tax")
    return [*netsuite_refunds, _fee_refund(netsuite_user, billed_record, item, value, taxed, None,
                                           f"{value} on the fee item with {taxed} tax")]


def _units_beside(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, order: StorefrontOrder, quantity: int,
                  line: str, text: str, what: str, instead: str) -> tuple[OrderLine, Decimal]:
    """The line a refund of ``quantity`` units of ``line`` gives back, checked as "{quantity} unit(s)
    of the {line} line has/have been refunded in NetSuite" before anything is made in NetSuite, and
    the amount beside them (``what``, written ``text``), above 0.00 — ``instead`` says how to write none."""
    chosen = parameters.line_of(order, line)
    parameters.refundable_units(chosen, quantity, order=order, refunded=_units_refunded(netsuite_user, billed_record))
    amount = parameters.refund_amount(text, what, f"{instead}, write '{quantity} unit{'' if quantity == 1 else 's'} of "
                                      f"the {line} line {'has' if quantity == 1 else 'have'} been refunded in NetSuite'")
    return chosen, amount


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded in NetSuite less a restocking fee of {fee}"),
       target_fixture="netsuite_refunds")
def refunded_less_fee(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                      netsuite_refunds: list[NetSuiteRecord], quantity: int, line: str, fee: str) -> list[NetSuiteRecord]:
    """A partial refund of units of one line (with their share of tax) less a fee the merchant
    keeps: a negative line on the "Refund Adjustment -" Other Charge item (created if missing).
    Checked first, as "{quantity} unit(s) of the {line} line has/have been refunded in NetSuite"
    (the money less the fee), and the fee: at most what the units refund with their tax (NetSuite
    refuses a negative refund)."""
    _, negative = netsuite_user.add_adjustment_items()
    return [*netsuite_refunds, _refund_less(netsuite_user, billed_record, storefront_order, quantity, line, fee,
                                            "restocking fee", lambda kept: {"item": {"id": negative}, "quantity": 1, "rate": float(-kept)})]


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded in NetSuite less a discount of {discount}"),
       target_fixture="netsuite_refunds")
def refunded_less_discount(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                           netsuite_refunds: list[NetSuiteRecord], quantity: int, line: str, discount: str) -> list[NetSuiteRecord]:
    """As "... less a restocking fee of ...", the money taken off on a line of a Discount item (created
    if missing), as a NetSuite user discounts a refund: NetSuite keeps its rate and amount and no
    quantity (its line has none)."""
    item = netsuite_user.add_discount_item()
    return [*netsuite_refunds, _refund_less(netsuite_user, billed_record, storefront_order, quantity, line, discount,
                                            "discount", lambda kept: {"item": {"id": item}, "rate": float(-kept)})]


def _refund_less(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, order: StorefrontOrder, quantity: int,
                 line: str, text: str, what: str, kept_line: Callable[[Decimal], dict[str, Any]]) -> NetSuiteRecord:
    """A refund of ``quantity`` units of ``line`` (with their share of tax) less ``text`` (``what``: a
    "restocking fee", a "discount") on the line ``kept_line`` makes of the amount kept: checked first as
    "{quantity} unit(s) of the {line} line has/have been refunded in NetSuite", the amount kept at most
    what the units refund with their tax (NetSuite refuses a negative refund)."""
    chosen, kept = _units_beside(netsuite_user, billed_record, order, quantity, line, text,
                                 f"the {what}", f"to keep no {what.split()[-1]}")
    gives = NetSuiteUser.body_total(_refund_body(netsuite_user, billed_record, order, [(chosen, quantity)]))
    parameters.restocking_fee(kept, gives, parameters.units_of_line(chosen, quantity), quantity > 1, what=f"a {what}")
    return _refund(netsuite_user, billed_record, order, [(chosen, quantity)],
                   f"{_with_tax(chosen, quantity)}, less the {kept} {what.split()[-1]}", extra=[kept_line(kept)])


@given(phrase("{quantity:d} unit(s) of the {line} line has/have been refunded in NetSuite with a goodwill of {extra}"),
       target_fixture="netsuite_refunds")
def refunded_with_goodwill(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, storefront_order: StorefrontOrder,
                           netsuite_refunds: list[NetSuiteRecord], quantity: int, line: str, extra: str) -> list[NetSuiteRecord]:
    """A refund of units of one line (with their share of tax) and a goodwill beside them (an apology
    for the trouble): a line on the "Refund Adjustment +" Other Charge item (created if missing).
    Checked first, as "{quantity} unit(s) of the {line} line has/have been refunded in NetSuite", and
    the goodwill: an amount above 0.00 (NetSuite refuses what the bill has not left to refund)."""
    chosen, given = _units_beside(netsuite_user, billed_record, storefront_order, quantity, line, extra,
                                  "the goodwill", "to give no goodwill")
    positive, _ = netsuite_user.add_adjustment_items()
    goodwill = {"item": {"id": positive}, "quantity": 1, "rate": float(given)}
    return [*netsuite_refunds, _refund(netsuite_user, billed_record, storefront_order, [(chosen, quantity)],
                                       f"{_with_tax(chosen, quantity)}, and {given} goodwill", extra=[goodwill])]


@given(phrase("a refund of {amount} on an item that is not on the order has been made in NetSuite"),
       target_fixture="netsuite_refunds")
def refund_of_another_item(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                           netsuite_refunds: list[NetSuiteRecord], amount: str) -> list[NetSuiteRecord]:
    """A refund from the billed record of one unit of a sale item that is on no line of the order
    (an item this step adds to NetSuite's catalogue), at that price. Checked first: at most what the
    billed record has left to refund after its refunds (as NetSuite shows them), else the scenario's error."""
    value = _refundable(netsuite_user, billed_record, parameters.refund_amount(amount, "the refund of an item not on the order"))
    item = netsuite_user.add_item(f"NOT-ON-ORDER-{billed_record.id}", value)
    refund = netsuite_user.refund(billed_record, {"shippingCost": 0, "taxTotal": 0,
                                                  "item": {"items": [{"item": {"id": item}, "quantity": 1, "rate": float(value)}]}})
    return [*netsuite_refunds, refund]


@given(phrase("a return authorization [{pending} ]for {quantity:d} unit(s) of the first line has been entered in NetSuite"),
       target_fixture="return_authorization")
def return_authorization(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                         quantity: int, pending: str | None) -> NetSuiteRecord:
    """An approved return authorization (or, "pending approval", one NetSuite has not approved yet:
    nothing is refunded from it) created from the order's sales order: at most the first
    line's units less those of the order's earlier return authorizations, of an order billed in
    NetSuite (NetSuite returns what was billed). Not checked against earlier refunds: NetSuite
    authorizes a return against what was billed, and refuses what exceeds it on its own."""
    first = parameters.line_of(storefront_order, "first")
    parameters.units(quantity)
    made = netsuite_user.created_from(_sales_order(request, netsuite_user, storefront_order, "return"))
    if not any(kind in BILLING_RECORD.values() for kind, _ in made):
        raise ScenarioError("the order is not billed in NetSuite: NetSuite authorizes the return of what was billed; "
                            "bill it first ('Given the order has been billed in NetSuite')")
    returned: Counter[str] = Counter()  # the units of the order's earlier return authorizations
    for kind, rid in made:
        if kind == "returnAuthorization":
            for line in netsuite_user.record(kind, rid).lines:
                returned[line["name"]] += line["quantity"]
    quantity = parameters.refundable_units(first, quantity, "return", order=storefront_order, refunded=returned)
    approved = pending is None or parameters.pick("return authorization's status", pending, {"pending approval": False})
    return netsuite_user.authorize_return(storefront_order, quantity, approved=approved)


@given("the return authorization has been refunded in NetSuite")
def return_authorization_refunded(netsuite_user: NetSuiteUser, return_authorization: NetSuiteRecord,
                                  billed_record: NetSuiteRecord) -> None:
    """A NetSuite user refunds the return authorization whole, as NetSuite's returns process does: a
    cash refund created from it (an order billed as a cash sale) or a credit memo (as an invoice). The
    order is then refunded in NetSuite, though no refund was made from its bill."""
    netsuite_user.refund_return(return_authorization, billed_record)


@given(phrase("another buyer's return authorization for {quantity:d} unit(s) of the first line's item has been entered "
              "in NetSuite"))
def other_buyers_return_authorization(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                                      storefront_order: StorefrontOrder, quantity: int) -> None:
    """Another buyer (the one of "NetSuite already holds another buyer's order") bought the item of
    the order's first line too, her order is billed as a cash sale, and her approved return
    authorization of those units is open: two buyers return the same product. A connector that
    takes a return authorization from a search it did not filter by the order uses hers. Before
    the order's own return authorization, so that hers comes first."""
    parameters.units(quantity)
    line = _sales_order(request, netsuite_user, storefront_order, "return").body["item"]["items"][0]
    netsuite_user.add_other_buyers_return(line["item"]["id"], line["rate"], quantity)


def _last_credit_memo(netsuite_user: NetSuiteUser, netsuite_refunds: list[NetSuiteRecord], what: str) -> NetSuiteRecord:
    """The scenario's last NetSuite refund as NetSuite has it now, a credit memo; else the scenario's
    error, ``what`` saying why the step needs one."""
    if not netsuite_refunds or netsuite_refunds[-1].type != "creditMemo":
        made = netsuite_refunds[-1].label if netsuite_refunds else "none"
        raise ScenarioError(f"{what}, the last NetSuite refund is {made}: bill the order as an invoice and refund it in "
                            "NetSuite first")
    return netsuite_user.record("creditMemo", netsuite_refunds[-1].id)


@given("the credit memo has been refunded with a customer refund", target_fixture="customer_refund")
def customer_refund(netsuite_user: NetSuiteUser, netsuite_refunds: list[NetSuiteRecord]) -> NetSuiteRecord:
    """The last credit memo is refunded to the customer with a customer refund that applies it."""
    memo = _last_credit_memo(netsuite_user, netsuite_refunds, "a customer refund refunds a credit memo")
    unapplied = money(memo.body.get("unapplied") or 0)
    if unapplied < memo.total:  # the customer refund applies the whole credit memo
        raise ScenarioError(f"the credit memo has {unapplied} of its {memo.total} unapplied: a customer refund gives back "
                            "all of it, so it is made once, while nothing of the credit memo is applied (to an invoice "
                            "paid first)")
    return netsuite_user.customer_refund(memo)


@given("the second order has been billed in NetSuite as an invoice", target_fixture="second_invoice")
def second_invoiced(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, second_order: StorefrontOrder) -> NetSuiteRecord:
    """The customer's second order is billed in NetSuite with an invoice, left to pay: one her credit
    can be applied to. Checked first as "the order has been billed in NetSuite as ..."."""
    _billable(request, netsuite_user, second_order)
    return netsuite_user.bill(second_order, "invoice")


@given(phrase("a credit memo entered without its invoice has been applied to the {whose} invoice"))
def standalone_credit_applied(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, whose: str,
                              request: pytest.FixtureRequest) -> None:
    """A NetSuite user credits an invoice with a credit memo entered on its own (the same customer and
    lines, created from nothing) and applied to it in full. whose: order's (the scenario's order's
    invoice) | second order's (the one "the second order has been billed in NetSuite as an invoice"
    made)."""
    which = parameters.one_of("invoice", whose, ("order's", "second order's"))
    if which == "order's":
        invoice = billed_record
    else:
        invoice = request.getfixturevalue("second_invoice")
    if invoice.type != "invoice":
        raise ScenarioError(f"a credit memo applies to an invoice, the order is billed as {invoice.label}: bill it with "
                            "'Given the order has been billed in NetSuite as an invoice'")
    netsuite_user.apply_credit_memo(netsuite_user.unlinked_credit_memo(invoice), invoice)


@given(phrase("{amount} of the credit memo has been applied to the second order's invoice"))
def credit_applied_to_second_invoice(netsuite_user: NetSuiteUser, netsuite_refunds: list[NetSuiteRecord],
                                     second_invoice: NetSuiteRecord, amount: str) -> None:
    """A NetSuite user spends the customer's credit on her other order: the last credit memo applies
    ``amount`` to the second order's invoice (its Apply subtab), which then owes that much less — store
    credit, which goes back to no card. Checked first: the last NetSuite refund is a credit memo with
    ``amount`` unapplied, and the invoice owes at least ``amount``."""
    value = parameters.refund_amount(amount, "the amount applied", "to apply nothing, leave the step out")
    memo = _last_credit_memo(netsuite_user, netsuite_refunds, "a credit memo is applied to an invoice")
    unapplied = money(memo.body.get("unapplied") or 0)
    due = money(netsuite_user.record("invoice", second_invoice.id).body.get("amountRemaining") or 0)
    if value > unapplied or value > due:
        raise ScenarioError(f"the credit memo has {unapplied} unapplied and the second order's invoice owes {due}: "
                            f"write at most {min(unapplied, due)} to apply, not {value}")
    netsuite_user.apply_credit_memo(memo, second_invoice, value)


@then("the second order's invoice has nothing applied to it")
def second_invoice_untouched(netsuite_user: NetSuiteUser, second_invoice: NetSuiteRecord) -> None:
    """The customer's other order's invoice ("the second order has been billed in NetSuite as an
    invoice") still owes all it billed: no credit of this order was spent on it."""
    invoice = netsuite_user.record("invoice", second_invoice.id)
    equal("record", f"{invoice.label} (the second order's) to have left to pay", invoice.total,
          money(invoice.body.get("amountRemaining") or 0))


@then(phrase("NetSuite paid the customer back {amount} with a customer refund of the credit memo"))
def credit_paid_out(storefront_order: StorefrontOrder, netsuite_user: NetSuiteUser, amount: str) -> None:
    """The storefront gave the money back on the customer's card; NetSuite records it as paid out:
    the order's credit memos hold nothing unapplied (no credit left on the customer that a customer
    refund, or her next invoice, could spend a second time), and customer refunds applying them pay
    out ``amount`` in all (what the invoice, paid already, did not take)."""
    expected = parameters.amount(amount, "the amount paid back")
    memos = [r for r in netsuite_user.refunds_of(storefront_order) if r.type == "creditMemo"]
    check(bool(memos), "record", "expected a credit memo of the order in NetSuite, it has none")
    left = {memo.label: money(memo.body.get("unapplied") or 0) for memo in memos}
    equal("amount", "the credit the order's credit memos leave the customer in NetSuite (unapplied)",
          {label: money(0) for label in left}, left)
    paid = sum((applied for memo in memos for _, applied in netsuite_user.customer_refunds_of(memo)), ZERO)
    equal("amount", "what customer refunds pay out of the order's credit memos", expected, paid)


@given("a credit memo for the customer has been entered without the invoice", target_fixture="unlinked_credit_memo")
def unlinked_credit_memo(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord) -> NetSuiteRecord:
    """A standalone credit memo for the order's customer and lines, not created from the invoice."""
    return netsuite_user.unlinked_credit_memo(billed_record)


@given("a credit memo for the customer has been entered without the invoice and applied to it",
       target_fixture="unlinked_credit_memo")
def unlinked_credit_memo_applied(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord) -> NetSuiteRecord:
    """As "a credit memo for the customer has been entered without the invoice", then applied to the
    invoice whole: the invoice is credited though nothing was made from it. The order billed as an
    invoice with nothing paid or credited yet (checked first)."""
    if billed_record.type != "invoice":
        raise ScenarioError(f"the order is billed as {billed_record.type} {billed_record.id}: a credit memo is applied to "
                            "an invoice (bill it with 'Given the order has been billed in NetSuite as an invoice')")
    open_amount = money(netsuite_user.record("invoice", billed_record.id).body["amountRemaining"])
    if open_amount < billed_record.total:
        raise ScenarioError(f"invoice {billed_record.id} has {open_amount} of {billed_record.total} open: a credit memo of its "
                            "lines is applied to an invoice with nothing paid or credited yet")
    return netsuite_user.apply_credit_memo(netsuite_user.unlinked_credit_memo(billed_record), billed_record)


@given("the order has been refunded in full in NetSuite by another integration", target_fixture="netsuite_refunds")
def refunded_by_another_integration(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                                    netsuite_refunds: list[NetSuiteRecord]) -> list[NetSuiteRecord]:
    """The whole billed record refunded by another integration (a returns app, a CSV import), which
    gives its records an external ID of its own (``RETURNSAPP-<the bill's id>``): a refund the
    connector did not write, to be synced as any NetSuite user's. Checked first: nothing of the
    record refunded yet (as "the order has been refunded in full in NetSuite")."""
    whole = netsuite_user.record(billed_record.type, billed_record.id).total
    _refundable(netsuite_user, billed_record, whole, "the order in full")
    return [*netsuite_refunds, netsuite_user.refund(billed_record, {"externalId": f"RETURNSAPP-{billed_record.id}"})]


def _the_netsuite_refund(netsuite_refunds: list[NetSuiteRecord], what: str) -> NetSuiteRecord:
    """The one NetSuite refund the scenario made, which a step changes (``what``), else the scenario's error."""
    if len(netsuite_refunds) != 1:
        raise ScenarioError(f"{what} changes the NetSuite refund the scenario made, and it made {len(netsuite_refunds)}: "
                            "make one first (such as 'Given the order has been refunded in full in NetSuite')")
    return netsuite_refunds[0]


@when("the NetSuite refund is deleted in NetSuite")
@by_people
def netsuite_refund_deleted(netsuite_user: NetSuiteUser, netsuite_refunds: list[NetSuiteRecord]) -> None:
    """A NetSuite user deletes the refund the scenario made (entered in error) while the connector
    runs. Checked first: the scenario made one NetSuite refund."""
    refund = _the_netsuite_refund(netsuite_refunds, "'the NetSuite refund is deleted in NetSuite'")
    netsuite_user.netsuite.delete(refund.type, refund.id)


@given("the sales order has been closed in NetSuite")
def sales_order_closed(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """A NetSuite user closes the order's sales order (its Close button: every line closed, what is
    not billed will never be), as after billing part of it; its bills and their refunds stay.
    Checked first: the sales order is there."""
    _sales_order(request, netsuite_user, storefront_order, "close")
    netsuite_user.close_sales_order(storefront_order)


@given(phrase("the NetSuite item {sku:q} has been renamed {name:q}"))
def item_renamed(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder, sku: str, name: str) -> None:
    """A merchant renames an item of the order in NetSuite after it synced (``itemId``: MUG-01 to
    MUG-01-BLUE); the store still sells it as ``sku``, and the scenario's checks still know it by it.
    Checked first: the order has a line of ``sku``, and the new name is another, unused one."""
    _renamable(storefront_order, sku, name)
    netsuite_user.rename_item(sku, name.strip())


def _renamable(order: StorefrontOrder, sku: str, name: str) -> None:
    """:raise ScenarioError: the order has no line of ``sku``, or ``name`` is no other name."""
    if sku not in {line.sku for line in order.lines}:
        raise ScenarioError(f"the order has no line of {sku!r} (its SKUs: {', '.join(l.sku for l in order.lines)}): "
                            "rename one of the order's items")
    if not name.strip() or name.strip().casefold() == sku.casefold():
        raise ScenarioError(f"rename {sku!r} to another name, such as \"{sku}-BLUE\"")


@given(phrase("the NetSuite item {sku:q} has been replaced by a new item of that name, the old one renamed {name:q}"),
       target_fixture="new_item")
def item_replaced(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder, sku: str, name: str) -> str:
    """A merchant retires an item of the order (renamed ``name``: the order's refunds still know it by
    ``sku``) and makes a new item named ``sku`` for the orders to come. Checked first as "the NetSuite
    item ... has been renamed ...". The new item's internal id."""
    _renamable(storefront_order, sku, name)
    return netsuite_user.replace_item(sku, name.strip())


@then(phrase("the second order's sales order holds its {sku:q} line on the new item"))
def second_order_on_new_item(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, second_order: StorefrontOrder,
                             new_item: str, sku: str) -> None:
    """The second order's sales order holds its line of ``sku`` on the item the merchant made since
    ("... has been replaced by a new item of that name ..."), not the retired one. Checked first: the
    second order has a line of ``sku``."""
    if sku not in {line.sku for line in second_order.lines}:
        raise ScenarioError(f"the second order has no line of {sku!r} (its SKUs: {', '.join(l.sku for l in second_order.lines)})")
    record = history.synced_sales_order(request, netsuite_user, second_order)
    items = [str(line["item"]["id"]) for line in record.body["item"]["items"]]
    equal("record", f"the items of the second order's sales order (its {sku} line on item {new_item})", [new_item], items)


def _the_connectors_netsuite_refund(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                                    netsuite_refunds: list[NetSuiteRecord], what: str) -> NetSuiteRecord:
    """The one refund of the billed record the connector posted (made from it, not by the scenario),
    which a NetSuite user's step changes (``what``), else the scenario's error."""
    made = {r.id for r in netsuite_refunds}
    found = [r for r in netsuite_user.refunds_created_from(billed_record) if r.id not in made]
    if len(found) != 1:
        raise ScenarioError(f"{what} changes the NetSuite refund the connector posted from {billed_record.label}, and "
                            f"it has {len(found)}: post one storefront refund first (such as 'When the connector "
                            "posts the retrieved refunds' after a refund on the storefront)")
    return found[0]


@when(phrase("a NetSuite user changes the memo of the connector's NetSuite refund to {memo:q}"))
@by_people
def connectors_refund_memo_changed(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                                   netsuite_refunds: list[NetSuiteRecord], memo: str) -> None:
    """A NetSuite user writes her own note over the memo of the refund the connector posted (its
    stamp in it gone): the memo is the field NetSuite users edit; the connector knows its own writes
    by what it alone sets. Checked first: the connector posted one refund of the billed record."""
    refund = _the_connectors_netsuite_refund(netsuite_user, billed_record, netsuite_refunds,
                                             "'a NetSuite user changes the memo of the connector's NetSuite refund'")
    netsuite_user.netsuite.patch(refund.type, refund.id, {"memo": memo})


@when("a NetSuite user deletes the connector's NetSuite refund")
@by_people
def connectors_refund_deleted(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                              netsuite_refunds: list[NetSuiteRecord]) -> None:
    """A NetSuite user deletes the refund the connector posted (entered against the wrong item or
    period, to be posted again). Checked first: the connector posted one refund of the billed record."""
    refund = _the_connectors_netsuite_refund(netsuite_user, billed_record, netsuite_refunds,
                                             "'a NetSuite user deletes the connector's NetSuite refund'")
    netsuite_user.netsuite.delete(refund.type, refund.id)


@when("the NetSuite refund's shipping is taken off in NetSuite")
@by_people
def netsuite_refund_shipping_taken_off(netsuite_user: NetSuiteUser, netsuite_refunds: list[NetSuiteRecord]) -> None:
    """A NetSuite user corrects the refund the scenario made while the connector runs: its shipping
    was not to be refunded (``shippingCost`` 0). Checked first: the scenario made one NetSuite
    refund, and it refunds shipping."""
    refund = _the_netsuite_refund(netsuite_refunds, "'the NetSuite refund's shipping is taken off in NetSuite'")
    if not refund.body.get("shippingCost"):
        raise ScenarioError("the NetSuite refund refunds no shipping: refund the shipping with it first (such as 'Given "
                            "the order has been refunded in full in NetSuite' of an order with a shipping row)")
    netsuite_user.netsuite.patch(refund.type, refund.id, {"shippingCost": 0})


@given("the sales order has been deleted in NetSuite")
def sales_order_deleted(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                        storefront_order: StorefrontOrder) -> None:
    """The order's sales order is deleted in NetSuite (it must not be billed yet). Checked first: it
    is there, and nothing is created from it (NetSuite keeps a sales order that has a bill or a
    return authorization). A check of the sales order after it is the scenario's mistake until a
    step asks the connector to sync the order again (then a missing sales order is the connector's)."""
    found = _sales_order(request, netsuite_user, storefront_order, "delete")
    made = netsuite_user.created_from(found)
    if made:
        raise ScenarioError(f"the order's sales order has records created from it ({', '.join(f'{kind} {rid}' for kind, rid in made)}): "
                            "NetSuite deletes a sales order only before it is billed or returned")
    netsuite_user.delete_sales_order(storefront_order)
    history.sales_order_gone(request, storefront_order.id, "the scenario deleted it ('Given the sales order has been "
                             "deleted in NetSuite')")


@when("the order is deleted in NetSuite with its bill and refunds")
@by_people
def order_deleted_with_records(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                               storefront_order: StorefrontOrder) -> None:
    """A NetSuite user deletes the order while the connector runs, as NetSuite lets them once it is
    billed: each refund made from its bill, then the bill, then its sales order (NetSuite keeps a
    record others are made from). Checked first: the sales order is there and has no return
    authorization made from it, else the scenario's error; NetSuite keeping one of the records (a
    customer refund or payment applies it) is the scenario's error too."""
    found = _sales_order(request, netsuite_user, storefront_order, "delete")
    bills = netsuite_user.created_from(found, returns=False)
    others = [f"{kind} {rid}" for kind, rid in netsuite_user.created_from(found) if (kind, rid) not in bills]
    if others:
        raise ScenarioError(f"the order's sales order has records created from it other than its bill ({', '.join(others)}): "
                            "NetSuite keeps it; this step deletes the refunds, the bill and the sales order only")
    try:
        netsuite_user.delete_order_with_records(storefront_order)
    except VendorError as exc:
        raise ScenarioError(f"NetSuite keeps a record of the order: {exc.message.rstrip('.')}; this step deletes the refunds made "
                            "from the bill, the bill and the sales order only") from None
    history.sales_order_gone(request, storefront_order.id, "the scenario deleted it ('When the order is deleted in "
                             "NetSuite with its bill and refunds')")


def no_standalone_refunds(netsuite_user: NetSuiteUser, order: StorefrontOrder) -> None:
    """The order's customer has no cash refund or credit memo made from no record, other than
    those the scenario entered: one there is a refund the connector wrote in the wrong place —
    outside the order's records, so no count or total of them sees it — and money refunded where
    none, or not there, should be."""
    stray = netsuite_user.standalone_refunds(order)
    check(not stray, "record", f"expected every NetSuite refund of the order made from its records (its bill or a return "
          f"authorization), found {said([f'{r.label} of {r.total} {r.currency}'.strip() for r in stray])} made "
          "standalone for its customer: a refund in the wrong place", expected=[], found=[r.label for r in stray])


def no_refund_elsewhere(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_user: Storefront,
                        order: StorefrontOrder) -> None:
    """No other order of the scenario has a NetSuite refund unless the scenario refunded it on the
    storefront (the connector had to post that one): the scenario's steps refund in NetSuite its
    order only, so a refund of another order there is the connector's — the refund of the order it
    was asked to sync, made against another order's records, which a check of this order alone
    ("exactly 0 cash refunds", "refunded exactly 0.00") would pass. (One made for its customer
    from no record is :func:`no_standalone_refunds`'s.)

    :raise ConnectorDefect: ("Record differs") such a refund, named."""
    for other in history.orders_made(request):
        if other.id == order.id:
            continue
        made = netsuite_user.refunds_of(other)
        if made and not storefront_user.refunds(other):
            check(False, "record", f"expected the connector to refund in NetSuite only the orders the scenario refunded, "
                  f"found {said([f'{r.label} of {r.total} {r.currency}'.strip() for r in made])} of the scenario's "
                  f"other order {other.id}, which it did not refund")


@then(phrase("NetSuite has exactly {count:d} {record_type} created from the billed record"))
def netsuite_refund_count(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                          count: int, record_type: str) -> None:
    """Counts the refunds NetSuite has of the billed record. record_type: cash refund(s) | credit
    memo(s) | refund(s) (either); a cash sale's refunds are cash refunds, an invoice's credit memos
    (the other kind is the scenario's error: none can be created from it). A refund of the order's
    customer made standalone (from no record), or one of another order of the scenario that the
    scenario did not refund, is a refund in the wrong place, whatever the count."""
    wanted = parameters.record_type(record_type)
    kind = REFUND_RECORD[billed_record.type]
    if wanted not in (None, kind):  # never made from this record: 0 would pass unchecked, 1 blame the connector
        names = {"cashRefund": "cash refunds", "creditMemo": "credit memos"}
        billed = {"cashSale": "a cash sale", "invoice": "an invoice"}[billed_record.type]
        raise ScenarioError(f"the order is billed as {billed}, which NetSuite refunds with {names[kind]}, never "
                            f"{names[wanted]}: count {names[kind]} (or refunds)")
    no_standalone_refunds(netsuite_user, request.getfixturevalue("storefront_order"))
    no_refund_elsewhere(request, netsuite_user, request.getfixturevalue("storefront_user"),
                        request.getfixturevalue("storefront_order"))
    found = [r for r in netsuite_user.refunds_created_from(billed_record) if wanted in (None, r.type)]
    if count and not found:  # the order is there: the billed record is made of it
        refunded_somewhere(request.getfixturevalue("storefront_user"), netsuite_user,
                           request.getfixturevalue("storefront_order"))
    kind = "doubled" if len(found) > count else "not_posted" if len(found) < count else "count"
    check(len(found) == count, kind, f"expected {count} {record_type} created from {billed_record.label}, "
          f"found {len(found)}: {said([r.label for r in found])}", expected=count, found=len(found))


@then(phrase("NetSuite has exactly {count:d} {record_type} created from the return authorization"))
def refunds_from_return(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                        return_authorization: NetSuiteRecord, count: int, record_type: str,
                        storefront_user: Storefront) -> None:
    """Counts the refunds created from the order's return authorizations (there must be one: the
    connector makes none, and with none 0 refunds would pass unchecked). record_type: cash
    refund(s) | credit memo(s) | refund(s) (either): NetSuite refunds the return of an order billed as a
    cash sale with a cash refund — one made a credit memo leaves the customer credit the card already
    got back. A refund of the order's customer made standalone (from no record), or one of another
    order of the scenario that the scenario did not refund, is a refund in the wrong place."""
    del return_authorization  # asked for so that the step that enters one comes first; all are counted
    wanted = parameters.record_type(record_type)
    no_standalone_refunds(netsuite_user, storefront_order)
    no_refund_elsewhere(request, netsuite_user, storefront_user, storefront_order)
    found = [r for r in netsuite_user.refunds_created_from_returns(storefront_order) if wanted in (None, r.type)]
    if count and not found:
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    check(len(found) == count, "doubled" if len(found) > count else "not_posted",
          f"expected {count} {record_type} created from a return authorization, found {said([r.label for r in found])}")


@then(phrase("NetSuite has refunded exactly {amount} [{currency:w} ]in all"))
def netsuite_refunded_amount(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                             amount: str, currency: str | None, storefront_user: Storefront) -> None:
    """The order's NetSuite refunds (cash refunds and credit memos, from its billed records and
    return authorizations) add up to this amount, to the cent, each in the currency when given (the
    order's: a refund is in its order's currency). A refund of the order's customer made standalone
    (from no record), or one of another order of the scenario that the scenario did not refund, is a
    refund in the wrong place, which no total of the order's records sees."""
    # Both values read before any check: a misspelt one is the scenario's mistake, not the connector's.
    value = parameters.amount(amount, "the amount NetSuite refunded")
    wanted = currency and parameters.refund_currency(currency, storefront_order)
    no_standalone_refunds(netsuite_user, storefront_order)
    no_refund_elsewhere(request, netsuite_user, storefront_user, storefront_order)
    refunds = netsuite_user.refunds_of(storefront_order)
    total = sum((r.total for r in refunds), ZERO)
    if value and not refunds:
        history.netsuite_can_refund(request, storefront_order)
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    equal("amount", "NetSuite to have refunded", value, total, f" (in {said([r.label for r in refunds])})")
    if wanted:
        equal("currency", "every NetSuite refund in", {wanted}, {r.currency for r in refunds} or {"none"})


@then(phrase("the invoice the order was billed with has {amount} left to pay"))
def invoice_left_to_pay(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, amount: str) -> None:
    """The order's invoice has this much due (its ``amountRemaining``), to the cent: what it billed
    less the credit memos and payments applied to it. NetSuite's Credit button applies the credit
    memo it makes to the invoice; one left unapplied keeps the invoice open for the money given
    back, and leaves a credit on the customer that can be paid out a second time."""
    # Read before any check: a misspelt amount, or an order not billed as an invoice, is the scenario's mistake.
    value = parameters.amount(amount, "the amount left to pay")
    if billed_record.type != "invoice":
        raise ScenarioError(f"the order is billed as {billed_record.label}, which is paid when it is made: only an "
                            "invoice has money left to pay (bill it with 'Given the order has been billed in NetSuite "
                            "as an invoice')")
    body = netsuite_user.record("invoice", billed_record.id).body
    status = (body.get("status") or {}).get("refName") or ""
    equal("record", f"{billed_record.label} to have left to pay", value, money(body.get("amountRemaining") or 0),
          f" ({status})" if status else "")


@then(phrase("the NetSuite refund is in {currency:w}"))
def netsuite_refund_currency(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                             currency: str, storefront_user: Storefront) -> None:
    """Every NetSuite refund of the order is in that currency, the order's (and there is one); none
    of its customer's is made standalone (a refund in the wrong place)."""
    # Before any check: a misspelt code, or another than the order's, is the scenario's, not the connector's.
    wanted = parameters.refund_currency(currency, storefront_order)
    no_standalone_refunds(netsuite_user, storefront_order)
    refunds = netsuite_user.refunds_of(storefront_order)
    if not refunds:
        history.netsuite_can_refund(request, storefront_order)
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    check(bool(refunds), "not_posted", "expected a NetSuite refund of the order, found none")
    equal("currency", "the NetSuite refunds in", {wanted}, {r.currency for r in refunds})


@then("NetSuite refunded these lines in all:")
def netsuite_refunded_lines(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                            connector_settings: dict[str, Any], datatable: list[list[str]],
                            storefront_user: Storefront) -> None:
    """What the order's NetSuite refunds hold, added up: a table ``| line | units | amount |`` with a
    row per order line refunded (by first | second | third | last or SKU: its units and the amount
    of its lines), and rows ``shipping``, ``tax``, ``positive adjustment``, ``negative adjustment``
    (their amounts, the negative adjustment's with its minus sign; leave units empty). Lines,
    shipping and tax not in the table must be nothing. A row of what the order never had (shipping,
    tax, more units than it has) is the scenario's error. A refund of the order's customer made
    standalone (from no record) is a refund in the wrong place."""
    expected = parameters.lines_table(storefront_order, datatable)
    no_standalone_refunds(netsuite_user, storefront_order)
    refunds = netsuite_user.refunds_of(storefront_order)
    if expected and not refunds:
        history.netsuite_can_refund(request, storefront_order)
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    found = netsuite_lines(refunds, connector_settings)
    equal("lines", "NetSuite to have refunded", expected, {k: v for k, v in found.items() if v != (0, ZERO)})


def netsuite_lines(refunds: list[NetSuiteRecord], settings: dict[str, Any]) -> dict[str, Refunded]:
    """The refunds' lines added up by what they refund: SKU → (units, amount), and ``shipping``,
    ``tax``, ``positive adjustment``, ``negative adjustment`` and the fees (the account's WooCommerce
    fee item's lines, :data:`~harness.actors.FEES`) → (0, amount)."""
    adjustments = {str(settings.get("positive_adjustment_item")): "positive adjustment",
                   str(settings.get("negative_adjustment_item")): "negative adjustment",
                   str(settings.get("woocommerce_fee_item")): FEES}
    by_name = dict(zip((name for name, _ in NetSuiteUser.ADJUSTMENT_ITEMS), ("positive adjustment", "negative adjustment"),
                       strict=True))
    by_name[NetSuiteUser.FEE_ITEM[0]] = FEES
    found: dict[str, Refunded] = {}

    def add(key: str, units: int, value: Decimal) -> None:
        had_units, had_value = found.get(key, (0, ZERO))
        found[key] = Refunded(had_units + units, had_value + value)

    for refund in refunds:
        for line in refund.lines:
            kind = adjustments.get(line["item"]) or by_name.get(line["name"])
            if kind:
                add(kind, 0, line["amount"])
            elif line["amount"]:  # a zero line only keeps a shipping refund valid: it refunds nothing
                add(line["name"], line["quantity"], line["amount"])
        add("shipping", 0, refund.shipping)
        add("tax", 0, refund.tax)
    return found
