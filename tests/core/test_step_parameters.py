"""Values the scenarios write into steps: read exactly, or refused with what to write instead."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from harness.evidence import category_of
from steps import parameters
from tests.core.feature_runner import run_feature


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


def test_a_scenario_that_misuses_a_step_is_a_harness_error_not_a_connector_defect(tmp_path: Path) -> None:
    """A misspelt value or a step out of place is the scenario's mistake: the report must not blame
    the connector for it."""
    account = "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n" \
              "    And a paid Shopify order has been synced to NetSuite\n"
    scenarios = {
        "A misspelt billing": "    And the order has been billed in NetSuite as a barter\n",
        "An invoice step on a cash sale": "    And the order has been billed in NetSuite as a cash sale\n"
                                          "    And the invoice has been paid in NetSuite\n",
        "A misspelt status": "    And the order has been billed in NetSuite as a cash sale\n"
                             "    And 1 unit(s) of the first line have been refunded in NetSuite\n"
                             "    When the connector retrieves the refunds of the order from NetSuite\n"
                             "    Then the refund's status is \"Retreived\"\n",
    }
    text = "Feature: Misused steps\n" + "".join(
        f"  @success @to_storefront @shopify\n  Scenario: {name}\n{account}{steps}" for name, steps in scenarios.items())
    process, results = run_feature(text, tmp_path)
    assert process.returncode == 1, process.stdout[-2000:]
    filed = {r["name"]: category_of(r["status"], r.get("statusDetails", {}).get("message", "")) for r in results}
    assert filed == dict.fromkeys(scenarios, "Harness errors"), filed
