"""Steps done in NetSuite by a NetSuite user: billing orders, refunding them, deleting them."""

from __future__ import annotations

from pytest_bdd import given, parsers, then

from harness.actors import NetSuiteRecord, NetSuiteUser, StorefrontOrder
from steps import parameters


@given(parsers.parse("the order has been billed in NetSuite as {billing}"), target_fixture="billed_record")
def billed_as(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder, billing: str) -> NetSuiteRecord:
    """The sales order is billed in NetSuite. billing: a cash sale | an invoice."""
    return netsuite_user.bill(storefront_order, parameters.billing(billing))


@given("the order has been billed in NetSuite", target_fixture="billed_record")
def billed_by_payment(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> NetSuiteRecord:
    """As the docs say: an order with a payment is billed as a cash sale, one without as an invoice."""
    return netsuite_user.bill(storefront_order, "cash sale" if storefront_order.paid else "invoice")


@given("the invoice has been paid in NetSuite", target_fixture="customer_payment")
def invoice_paid(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord) -> NetSuiteRecord:
    """A customer payment applies the whole invoice (the invoice becomes Paid In Full)."""
    if billed_record.type != "invoice":  # the scenario's own setup: a harness error, not the connector's
        raise ValueError(f"only an invoice is paid with a customer payment, this order is billed as {billed_record.label}: "
                         "bill it with 'Given the order has been billed in NetSuite as an invoice'")
    return netsuite_user.pay_invoice(billed_record)


@given("the order has been refunded in full in NetSuite", target_fixture="netsuite_refunds")
def refunded_in_full(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                     netsuite_refunds: list[NetSuiteRecord]) -> list[NetSuiteRecord]:
    """A cash refund of the whole cash sale, or a credit memo of the whole invoice."""
    return [*netsuite_refunds, netsuite_user.refund(billed_record)]


@given(parsers.parse("{quantity:d} unit(s) of the first line have been refunded in NetSuite"), target_fixture="netsuite_refunds")
def refunded_units(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, netsuite_refunds: list[NetSuiteRecord],
                   quantity: int) -> list[NetSuiteRecord]:
    """A partial refund of the first line's units (no shipping, no tax)."""
    return [*netsuite_refunds, netsuite_user.refund_lines(billed_record, quantity)]


@given("the shipping alone has been refunded in NetSuite", target_fixture="netsuite_refunds")
def refunded_shipping(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord,
                      netsuite_refunds: list[NetSuiteRecord]) -> list[NetSuiteRecord]:
    """A refund of the shipping charge only."""
    positive, _ = netsuite_user.add_adjustment_items()
    return [*netsuite_refunds, netsuite_user.refund_shipping_only(billed_record, positive)]


@given(parsers.parse("a goodwill refund of {amount} has been made in NetSuite against an adjustment item"),
       target_fixture="netsuite_refunds")
def goodwill_refund(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, netsuite_refunds: list[NetSuiteRecord],
                    amount: str) -> list[NetSuiteRecord]:
    """A refund of an amount against an "Other Charge for Sale" item, with no line of the order."""
    positive, _ = netsuite_user.add_adjustment_items()
    refund = netsuite_user.refund(billed_record, {
        "shippingCost": 0, "taxTotal": 0,
        "item": {"items": [{"item": {"id": positive}, "quantity": 1, "rate": float(parameters.amount(amount))}]}})
    return [*netsuite_refunds, refund]


@given(parsers.parse("a return authorization for {quantity:d} unit(s) of the first line has been entered in NetSuite"),
       target_fixture="return_authorization")
def return_authorization(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder, quantity: int) -> NetSuiteRecord:
    """An approved return authorization created from the order's sales order."""
    return netsuite_user.authorize_return(storefront_order, quantity)


@then(parsers.re(r"NetSuite has exactly (?P<count>\d+) refunds? created from the return authorization"), converters={"count": int})
def refunds_from_return(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder, count: int) -> None:
    """Counts the cash refunds and credit memos created from the order's return authorizations."""
    found = netsuite_user.refunds_created_from_returns(storefront_order)
    assert len(found) == count, f"expected {count} refund(s) created from a return authorization, found {[r.label for r in found]}"


@given("the credit memo has been refunded with a customer refund", target_fixture="customer_refund")
def customer_refund(netsuite_user: NetSuiteUser, netsuite_refunds: list[NetSuiteRecord]) -> NetSuiteRecord:
    """The last credit memo is refunded to the customer with a customer refund that applies it."""
    memo = netsuite_refunds[-1]
    if memo.type != "creditMemo":  # the scenario's own setup: a harness error, not the connector's
        raise ValueError(f"a customer refund refunds a credit memo, the last NetSuite refund is {memo.label}: "
                         "bill the order as an invoice first")
    return netsuite_user.customer_refund(memo)


@given("a credit memo for the customer has been entered without the invoice", target_fixture="unlinked_credit_memo")
def unlinked_credit_memo(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord) -> NetSuiteRecord:
    """A standalone credit memo for the order's customer, not created from the invoice."""
    return netsuite_user.unlinked_credit_memo(billed_record)


@given("the sales order has been deleted in NetSuite")
def sales_order_deleted(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """The order's sales order is deleted in NetSuite (it must not be billed yet)."""
    netsuite_user.delete_sales_order(storefront_order)


@then(parsers.parse("NetSuite has exactly {count:d} {record_type} created from the billed record"))
def netsuite_refund_count(netsuite_user: NetSuiteUser, billed_record: NetSuiteRecord, count: int, record_type: str) -> None:
    """record_type: cash refund(s) | credit memo(s) | refund(s) (either)."""
    found = netsuite_user.refunds_created_from(billed_record)
    kinds = {"cash refund": "cashRefund", "cash refunds": "cashRefund", "credit memo": "creditMemo",
             "credit memos": "creditMemo", "refund": None, "refunds": None}
    wanted = [r for r in found if kinds[parameters.one_of("record type", record_type, kinds)] in (None, r.type)]
    assert len(wanted) == count, (
        f"expected {count} {record_type} created from {billed_record.label}, found {len(wanted)}: {[r.label for r in found]}")
