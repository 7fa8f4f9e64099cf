"""The post-activation checks Oracle recommends: the storefront's refund total equals NetSuite's,
and the line-item refunds match (DOMAIN.md §1, "After activation, check")."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from pytest_bdd import then

from harness.actors import NetSuiteRecord, NetSuiteUser, StorefrontOrder


def _netsuite_refunds(netsuite_user: NetSuiteUser, order: StorefrontOrder) -> list[NetSuiteRecord]:
    """Every NetSuite refund of the order: from its billed records and from its return authorizations."""
    sales_order = netsuite_user.sales_order(order)
    refunds: list[NetSuiteRecord] = []
    for billed_type in ("cashSale", "invoice"):
        for billed_id in netsuite_user.netsuite.query(billed_type, f"createdFrom ANY_OF [{sales_order.id}]"):
            refunds.extend(netsuite_user.refunds_created_from(netsuite_user.record(billed_type, billed_id)))
    return refunds + netsuite_user.refunds_created_from_returns(order)


@then("the storefront refund total equals the NetSuite refund total")
def totals_match(storefront_user, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """The post-activation check: the storefront's refunded total equals the total of the order's refunds in
    NetSuite, and is not zero."""
    refunds = _netsuite_refunds(netsuite_user, storefront_order)
    netsuite_total = sum((r.total for r in refunds), Decimal("0"))
    storefront_total = storefront_user.refunded_total(storefront_order)
    assert storefront_total == netsuite_total, (
        f"expected the {storefront_order.storefront} refund total to equal NetSuite's: {storefront_order.storefront} "
        f"refunded {storefront_total}, NetSuite refunded {netsuite_total} ({[r.label for r in refunds]})")
    assert netsuite_total > 0, "expected a refund on both sides, found none"


@then("the line-item refunds match between the storefront and NetSuite")
def lines_match(storefront_user, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """The post-activation check: the units refunded per SKU are the same on the storefront and in NetSuite."""
    skus = {line["sku"] for line in storefront_order.lines}
    netsuite_units: Counter[str] = Counter()
    for refund in _netsuite_refunds(netsuite_user, storefront_order):
        for line in refund.body["item"].get("items", []):
            sku = line["item"].get("refName", "")
            if sku in skus:
                netsuite_units[sku] += int(line["quantity"])
    storefront_units = storefront_user.refunded_units(storefront_order)
    assert storefront_units == netsuite_units, (
        f"expected the same units refunded per SKU: storefront {dict(storefront_units)}, NetSuite {dict(netsuite_units)}")
