"""The post-activation checks Oracle recommends — the storefront's refund total equals NetSuite's,
and the line-item refunds match (DOMAIN.md §1, "After activation, check") — and the same check line
by line: units, goods, shipping, tax and currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import then

from harness.actors import ZERO, NetSuiteUser, Storefront, StorefrontOrder, refunded_total, refunded_units
from harness.expectations import check, equal, said
from steps import history
from steps.history import refunded_somewhere
from steps.netsuite_steps import netsuite_lines, no_standalone_refunds
from steps.storefront_steps import storefront_lines


def _to_netsuite(connector_settings: dict[str, Any]) -> bool:
    """Whether the account posts refunds to NetSuite: the storefront's refund is then what NetSuite's
    must match, and a check's message says NetSuite's as what was found (the other way round, the
    storefront's)."""
    return connector_settings.get("refund_direction") == "to_netsuite"


@then("the storefront refund total equals the NetSuite refund total")
def totals_match(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                 storefront_order: StorefrontOrder, connector_settings: dict[str, Any]) -> None:
    """The post-activation check: the storefront's refunded total equals the total of the order's
    refunds in NetSuite (from its billed records and its return authorizations), in the same
    currency, and is not zero. A failure says the side the refund was posted to as found."""
    no_standalone_refunds(netsuite_user, storefront_order)  # a refund no sum of the order's records sees
    refunds = netsuite_user.refunds_of(storefront_order)
    netsuite_total = sum((r.total for r in refunds), ZERO)
    storefront_total = refunded_total(storefront_user, storefront_order)
    if not (netsuite_total > 0 or storefront_total > 0):
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    if not storefront_total:
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    check(netsuite_total > 0 or storefront_total > 0, "not_posted", "expected a refund on both sides, found none")
    if _to_netsuite(connector_settings):
        equal("amount", f"NetSuite ({said([r.label for r in refunds])}) to have refunded what {storefront_order.store} "
              f"refunded ({storefront_total}):", storefront_total, netsuite_total)
    equal("amount", f"{storefront_order.store} to have refunded what NetSuite refunded ({netsuite_total} in "
          f"{said([r.label for r in refunds])}):", netsuite_total, storefront_total)
    # The same number in two currencies is not the same total (a refund posted in the shop's currency).
    equal("currency", f"{storefront_order.store}'s refunds in NetSuite's currency", {r.currency for r in refunds},
          {r.currency for r in storefront_user.refunds(storefront_order)})


@then("the line-item refunds match between the storefront and NetSuite")
def lines_match(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                storefront_order: StorefrontOrder) -> None:
    """The post-activation check: the units refunded per SKU are the same on the storefront and in
    NetSuite, and some line was refunded (a refund of money alone is checked otherwise)."""
    no_standalone_refunds(netsuite_user, storefront_order)  # a refund no sum of the order's records sees
    skus = {line.sku for line in storefront_order.lines}
    netsuite_units: dict[str, int] = {}
    for refund in netsuite_user.refunds_of(storefront_order):
        for line in refund.lines:
            if line["name"] in skus and line["quantity"]:
                netsuite_units[line["name"]] = netsuite_units.get(line["name"], 0) + line["quantity"]
    storefront_units = dict(refunded_units(storefront_user, storefront_order))
    if not (storefront_units or netsuite_units):
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    if not storefront_units:
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    check(bool(storefront_units or netsuite_units), "not_posted",
          "expected line-item refunds on both sides, found none on either")
    equal("lines", "the same units refunded per SKU: NetSuite", netsuite_units, storefront_units, " on the storefront")


@then("the storefront refund matches the NetSuite refund line by line")
def line_by_line(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                 storefront_order: StorefrontOrder, connector_settings: dict[str, Any]) -> None:
    """What the order's refunds hold is the same on both sides, added up: per SKU the units and
    what the goods cost; the shipping; the tax; and the currency. Money on NetSuite's adjustment
    items (a general refund, a fee kept) is what the storefront refunded beyond its lines."""
    no_standalone_refunds(netsuite_user, storefront_order)  # a refund no sum of the order's records sees
    netsuite = netsuite_user.refunds_of(storefront_order)
    storefront = storefront_user.refunds(storefront_order)
    if not (netsuite or storefront):
        refunded_somewhere(storefront_user, netsuite_user, storefront_order)
    if not storefront:
        history.storefront_takes_refund(request, storefront_user, storefront_order)
    check(bool(netsuite) and bool(storefront), "not_posted",
          f"expected refunds on both sides, found {len(storefront)} on the storefront and {len(netsuite)} in NetSuite")
    ours = netsuite_lines(netsuite, connector_settings)
    theirs = storefront_lines(storefront)
    adjustments = ours.pop("positive adjustment", (0, ZERO))[1] + ours.pop("negative adjustment", (0, ZERO))[1]
    nonzero = {k: v for k, v in ours.items() if v != (0, ZERO)}
    stored = {k: v for k, v in theirs.items() if v != (0, ZERO)}
    if _to_netsuite(connector_settings):
        equal("lines", f"NetSuite to have refunded what {storefront_order.store} refunded, line by line:", stored, nonzero)
    equal("lines", "the storefront to have refunded what NetSuite refunded, line by line:", nonzero, stored)
    beyond = sum((r.money for r in storefront), ZERO) - sum((v[1] for k, v in theirs.items()), ZERO)
    equal("amount", "the money refunded beyond the lines to be NetSuite's adjustments,", adjustments, _cents(beyond))
    equal("currency", "both sides' refunds in", {r.currency for r in netsuite}, {r.currency for r in storefront})


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))
