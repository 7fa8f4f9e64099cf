"""What a QA engineer meets writing scenarios from docs/steps.md alone: a feature file runs by its
path (in-process, live, in parallel); a step used before the step it needs says, in the scenario's
words, which steps must come first; a mistake reads as the scenario's, never as the connector's;
and every check says what it promises — each one fails when what it checks is not so."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from collections.abc import Callable
from pathlib import Path
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from harness.actors import ZERO, EbaySeller, NetSuiteRecord, ShopifyMerchant, StorefrontRefund
from harness.evidence import category_of
from harness.expectations import ConnectorDefect
from simulators.clients import VendorError
from simulators.connector.protocol import OrderStatus, OrderSyncResult, OtherTransaction, RetrieveResult, Status
from steps import history
from steps.account_steps import order_status, refuses_setting
from steps.check_steps import totals_match
from steps.connector_steps import (every_listed_status, listed_count, posted_names_target, refund_error, refund_without_error,
                                   retrieved_matches_source)
from steps.fault_steps import waited_between_attempts, waited_each
from steps.netsuite_steps import netsuite_refund_count, netsuite_refund_currency
from steps.storefront_steps import not_notified, not_restocked, storefront_refund_count, storefront_refunded_nothing
from tests.core.feature_runner import run_feature

ACCOUNT = ("    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
           "    And a paid Shopify order has been synced to NetSuite\n"
           "    And the order has been billed in NetSuite as a cash sale\n")
POSTED = ACCOUNT + ("    And the order has been refunded in full in NetSuite\n"
                    "    When the connector retrieves the refunds of the order from NetSuite\n"
                    "    And the connector posts the retrieved refunds\n")


def _feature(scenarios: dict[str, str]) -> str:
    return "Feature: Written from the glossary\n" + "".join(
        f"  @success {_tags(steps)} @normal\n  Scenario: {name}\n{steps}" for name, steps in scenarios.items())


def _tags(steps: str) -> str:
    """The direction and storefront tags of the scenario's account (Shopify's, to the storefront, if
    it has none): a scenario tagged for another is the scenario's mistake."""
    account = re.search(r"Given an? (\w+) connector account that syncs refunds (.+)\n", steps)
    if account is None:
        return "@to_storefront @shopify"
    direction = {"from the storefront to NetSuite": "@to_netsuite",
                 "in both directions": "@to_storefront @to_netsuite"}.get(account[2], "@to_storefront")
    return f"{direction} @{account[1].lower()}"


def _outcomes(results: list[dict]) -> dict[str, tuple[str, str, str | None]]:
    """scenario → (status, first line of its message, the report's category)."""
    out = {}
    for result in results:
        message = result.get("statusDetails", {}).get("message", "")
        out[result["name"]] = (result["status"], message.splitlines()[0] if message else "",
                               category_of(result["status"], message))
    return out


@pytest.mark.parametrize("mode", [[], ["--transport", "live"], ["-n", "2"]], ids=["in-process", "live", "parallel"])
def test_a_feature_file_runs_by_its_path(tmp_path: Path, mode: list[str]) -> None:
    text = _feature({"A full refund is posted": POSTED + "    Then the refund's status is \"Posted\"\n",
                     "It is posted once": POSTED + "    Then the storefront order carries exactly 1 refund\n"})
    process, results = run_feature(text, tmp_path, *mode)
    assert process.returncode == 0, process.stdout[-3000:]
    assert "2 passed" in process.stdout and sorted(r["name"] for r in results) == ["A full refund is posted", "It is posted once"]


@pytest.mark.parametrize("profile, said", [
    ("ebay-to-netsuite", "the scenario has no storefront tag, so the profile for eBay runs it, but its account is Shopify's: "
                         "tag it @shopify"),
    ("shopify-both-directions", None),  # the account's direction is one of the profile's: it certifies that activation
])
def test_an_untagged_scenario_run_by_a_profile_has_the_profile_s_account(tmp_path: Path, profile: str, said: str | None) -> None:
    """A QA's scenario without a storefront or direction tag is run by every profile: run under the
    eBay profile, a Shopify scenario passed and counted as one of eBay's. Its account must be the
    profile's, as a tagged one's must be its tags'."""
    text = "Feature: Untagged\n  @success @normal\n  Scenario: Untagged\n" + POSTED + "    Then the refund's status is \"Posted\"\n"
    process, results = run_feature(text, tmp_path, f"--profile={profile}")
    outcomes = _outcomes(results)
    status, message, category = outcomes["Untagged"]
    if said is None:
        assert status == "passed", (status, message)
    else:
        assert category == "Harness errors" and message.startswith(said), (status, message)


#: Steps out of order: (the scenario's steps, words its message must hold).
OUT_OF_ORDER = {
    "A status before any retrieve": (ACCOUNT + "    Then the refund's status is \"Posted\"\n",
                                     "needs one of these steps before it: When the connector retrieves the refunds of"),
    "A bill before any order": ("    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
                                "    And the order has been billed in NetSuite as a cash sale\n",
                                "Given a/an {payment} {storefront} order"),
    "A refund before any bill": ("    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
                                 "    And a paid Shopify order has been synced to NetSuite\n"
                                 "    And the order has been refunded in full in NetSuite\n",
                                 "Given the order has been billed in NetSuite"),
}


def test_a_step_out_of_order_names_the_steps_it_needs_in_plain_words(tmp_path: Path) -> None:
    process, results = run_feature(_feature({name: steps for name, (steps, _) in OUT_OF_ORDER.items()}), tmp_path)
    assert process.returncode == 1
    outcomes = _outcomes(results)
    for name, (_, words) in OUT_OF_ORDER.items():
        status, message, category = outcomes[name]
        assert category == "Harness errors", (name, status, message)
        assert message.startswith("this step needs one of these steps before it:"), message
        assert words in message and "fixture" not in message, message
    assert "fixture 'retrieve_result' not found" not in process.stdout
    assert "needs one of these steps before it" in process.stdout  # the console says it too
    # In the scenario's words, never a Python class's: the console's failure, its summary line, the
    # verdict's reasons, and the report's failed step.
    assert "ScenarioError:" not in process.stdout, process.stdout[-3000:]
    assert "\nthis step needs one of these steps before it:" in process.stdout, process.stdout[-3000:]
    failed_steps = [step["statusDetails"]["message"] for result in results for step in result["steps"]
                    if step["status"] != "passed"]
    assert failed_steps and all(m.startswith("this step needs one of these steps") for m in failed_steps), failed_steps


#: Checks whose words are false of what happened: each must fail, as a connector defect of its kind.
#: (A refusal checked of a value the account takes, "max_attempts" set to 3, is the scenario's
#: mistake, not the connector's: test_step_parameters.py WRONG_VALUES.)
FALSE_CHECKS = {
    "NetSuite refunded another amount": (POSTED + "    Then NetSuite has refunded exactly 1.00 in all\n",
                                         "Connector defect: amount differs"),
    "Every refund listed is in error": (POSTED + "    Then every refund listed for the order is \"Error\"\n",
                                        "Connector defect: status differs"),
    "Nothing was refunded on lines": (ACCOUNT + "    And a goodwill refund of 1.00 has been made in NetSuite against an "
                                      "adjustment item\n"
                                      "    Then the line-item refunds match between the storefront and NetSuite\n",
                                      "Connector defect: refund not posted"),
    "Shopify received two refunds": (POSTED + "    Then Shopify received exactly 2 refund requests from the connector\n",
                                     "Connector defect: retries differ"),
    "A fault that never fired": (ACCOUNT + "    And Shopify will answer the next 1 refund request with HTTP 503\n"
                                 "    When the connector retrieves the refunds of the order from NetSuite\n"
                                 "    Then every planned fault fired\n", "Connector defect: retries differ"),
    "The connector waited long": (POSTED + "    Then the connector waited 100 to 200 seconds in all\n",
                                  "Connector defect: retries differ"),
    "The storefront refunded other lines": (POSTED + "    Then the storefront refunded these lines in all:\n"
                                            "      | line  | units | amount |\n      | first | 1     | 1.00   |\n",
                                            "Connector defect: lines differ"),
    # NetSuite has a refund to import, and the retrieve imported none: the connector's, not the scenario's.
    "An error message of no refund retrieved": (ACCOUNT + "    And the order has been refunded in full in NetSuite\n"
                                                "    And the account setting \"max_attempts\" is 1\n"
                                                "    And NetSuite will answer the next 1 requests with HTTP 503\n"
                                                "    When the connector retrieves the refunds of the order from NetSuite\n"
                                                "    Then the refund's error message contains \"already refunded\"\n",
                                                "Connector defect: retrieve differs"),
    "NetSuite refunded a tax it did not": ("    Given a Shopify connector account that syncs refunds from NetSuite to the "
                                           "storefront\n    And a paid Shopify order with these lines has been synced to "
                                           "NetSuite:\n      | line   | units | price | tax  |\n"
                                           "      | MUG-01 | 1     | 12.00 | 1.20 |\n      | TEA-02 | 1     | 8.50  | 0.00 |\n"
                                           "    And the order has been billed in NetSuite as a cash sale\n"
                                           "    And 1 unit of the TEA-02 line has been refunded in NetSuite\n"
                                           "    Then NetSuite refunded these lines in all:\n"
                                           "      | line   | units | amount |\n      | TEA-02 | 1     | 8.50   |\n"
                                           "      | tax    |       | 1.00   |\n", "Connector defect: lines differ"),
    "Waits shorter than asked": (ACCOUNT + "    And the order has been refunded in full in NetSuite\n"
                                 "    And Shopify will answer the next 1 refund request with HTTP 429 and Retry-After 2\n"
                                 "    When the connector retrieves the refunds of the order from NetSuite\n"
                                 "    And the connector posts the retrieved refunds\n"
                                 "    Then the connector waited at least 5 seconds before each retry of the refund requests "
                                 "to Shopify\n", "Connector defect: retries differ"),
    # A sales order the connector did not make: NetSuite's 404 broke the check with a traceback
    # (filed as the harness's), where the check's words are false of what the connector did.
    "A sales order that was not made": ("    Given a Shopify connector account that syncs refunds from NetSuite to the "
                                        "storefront\n    And a paid Shopify order with an item unknown to NetSuite\n"
                                        "    When the connector syncs the order to NetSuite\n"
                                        "    Then NetSuite has a sales order for it whose external ID is the storefront "
                                        "order ID\n", "Connector defect: record differs"),
    "The customer of a sales order that was not made": (
        "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid Shopify order with an item unknown to NetSuite\n"
        "    When the connector syncs the order to NetSuite\n"
        "    Then NetSuite has the order's customer: one person with the buyer's name and email\n",
        "Connector defect: record differs"),
    # The scenario deleted the sales order, then asked the connector to sync the order again: a
    # sales order missing then is the connector's (its syncs failed here), not the scenario's.
    "A sales order deleted and not made again by the sync asked": (
        "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid Shopify order has been synced to NetSuite\n    And the sales order has been deleted in NetSuite\n"
        "    And NetSuite will answer the next 4 sales order creations with HTTP 400\n"
        "    When the connector syncs the order to NetSuite\n"
        "    Then NetSuite has a sales order for it whose external ID is the storefront order ID\n",
        "Connector defect: record differs"),
}
#: What some of those failures say: the expectation and what was found, in the scenario's words.
FALSE_CHECK_WORDS = {
    # Python's list and quotes ("['POST ...']", "'Error'") are not the scenario's words.
    "Shopify received two refunds": "Retries differ: expected the connector to send Shopify exactly 2 "
                                    "refund requests, it sent 1: POST /admin/api/2025-01/orders/{order}/refunds.json → 201",
    "Every refund listed is in error": "Status differs: expected every refund of order {order} to be "
                                       "\"Error\", found OT-00001 \"Posted\"",
    "A sales order that was not made": "Record differs: expected NetSuite to have a sales order of "
                                       "the order (external ID {order}), it has none",
    "Waits shorter than asked": "Retries differ: expected the connector to wait at least 5 s before "
                                "each retry of the refund requests to Shopify, it waited 2 s",
    "A fault that never fired": "Retries differ: expected every planned fault to fire, these still "
                                "wait for requests: Shopify refund requests (1 of 1 left)",
}


def test_every_check_fails_when_what_it_checks_is_not_so(tmp_path: Path) -> None:
    process, results = run_feature(_feature({name: steps for name, (steps, _) in FALSE_CHECKS.items()}), tmp_path)
    outcomes = _outcomes(results)
    wrong = {name: outcomes[name] for name, (_, category) in FALSE_CHECKS.items() if outcomes[name][2] != category}
    assert not wrong, wrong
    said = {name: outcomes[name][1] for name, words in FALSE_CHECK_WORDS.items()
            if not re.fullmatch(re.escape(words).replace(re.escape("{order}"), r"\d+"), outcomes[name][1])}
    assert not said, said
    # The class the harness raises is no word of the scenario's: not in the console, nor the report's steps.
    assert "ConnectorDefect:" not in process.stdout, process.stdout[-3000:]
    steps = [step.get("statusDetails", {}).get("message", "") for result in results for step in result["steps"]]
    assert not [m for m in steps if "ConnectorDefect" in m], steps


RETRIEVED = ACCOUNT + "    When the connector retrieves the refunds of the order from NetSuite\n"
#: Checks of a refund the scenario made impossible, each (its steps, how its message starts): the
#: scenario refunded nothing on either side, or its retrieve could import nothing as written (another
#: order, a channel or a direction the account has not, a side with no refund). They failed as the
#: connector's defect ("Refund not posted", "Retrieve differs"); each is the scenario's mistake. (With
#: nothing retrieved, a cancel, an uncancel, a delete or two posts at once would do nothing, and
#: "the storefront has refunded nothing" pass as if the connector had held the refund back: they fail.)
_NOTHING = "neither NetSuite nor Shopify has a refund of the order: the scenario made none"
_NOTHING_RETRIEVED = "the last retrieve could import no refund to {action}: {why}; retrieve the refunds"
_UNPAID_REFUNDED = ("    Given a {store} connector account that syncs refunds from NetSuite to the storefront\n"
                    "    And an unpaid {store} order has been synced to NetSuite\n"
                    "    And the order has been billed in NetSuite as an invoice\n"
                    "    And the order has been refunded in full in NetSuite\n"
                    "    When the connector retrieves the refunds of the order from NetSuite\n"
                    "    And the connector posts the retrieved refunds\n")
_UNPAID = "the order is unpaid on {store} (on payment terms, its payment never captured there): "
NOTHING_TO_CHECK = {
    "Line-item refunds of an order refunded nowhere": (
        ACCOUNT + "    Then the line-item refunds match between the storefront and NetSuite\n", _NOTHING),
    "Refund totals of an order refunded nowhere": (
        ACCOUNT + "    Then the storefront refund total equals the NetSuite refund total\n", _NOTHING),
    "NetSuite's lines of an order refunded nowhere": (
        ACCOUNT + "    Then NetSuite refunded these lines in all:\n      | line  | units | amount |\n"
                  "      | first | 1     | 1.00   |\n", _NOTHING),
    "NetSuite's refund count of an order refunded nowhere": (
        ACCOUNT + "    Then NetSuite has exactly 1 refund created from the billed record\n", _NOTHING),
    "The storefront's amount of an order refunded nowhere": (
        ACCOUNT + "    Then the storefront has refunded exactly 5.00\n", _NOTHING),
    "The statuses listed of an order refunded nowhere": (
        ACCOUNT + "    Then every refund listed for the order is \"Posted\"\n", _NOTHING),
    "The restock choice of an order refunded nowhere": (
        ACCOUNT + "    Then the connector did not ask the storefront to put the refunded items back in stock\n", _NOTHING),
    "An error message of an order refunded nowhere": (
        RETRIEVED + "    Then the refund's error message contains \"already refunded\"\n",
        _NOTHING_RETRIEVED.format(action="check", why="NetSuite has no refund of the order to retrieve")),
    "A refund deleted of an order refunded nowhere": (
        RETRIEVED + "    And the user deletes the refund from the connector\n"
                    "    Then the refund is no longer listed in the connector\n",
        _NOTHING_RETRIEVED.format(action="delete", why="NetSuite has no refund of the order to retrieve")),
    "A cancel of an order refunded nowhere": (
        RETRIEVED + "    And the user cancels the refund\n    Then the storefront has refunded nothing\n",
        _NOTHING_RETRIEVED.format(action="cancel", why="NetSuite has no refund of the order to retrieve")),
    "An uncancel of an order refunded nowhere": (
        RETRIEVED + "    And the user uncancels the refund\n    Then the storefront has refunded nothing\n",
        _NOTHING_RETRIEVED.format(action="uncancel", why="NetSuite has no refund of the order to retrieve")),
    "Two posts at once of an order refunded nowhere": (
        RETRIEVED + "    And the connector posts the retrieved refunds twice at the same time\n"
                    "    Then the storefront has refunded nothing\n",
        _NOTHING_RETRIEVED.format(action="post", why="NetSuite has no refund of the order to retrieve")),
    "A retrieve from the side the scenario did not refund": (
        ACCOUNT + "    And 1 unit of the first line has been refunded on the storefront\n"
                  "    When the connector retrieves the refunds of the order from NetSuite\n"
                  "    Then the refund's status is \"Posted\"\n",
        _NOTHING_RETRIEVED.format(action="check", why="NetSuite has no refund of the order to retrieve")),
    "A retrieve from a channel the account does not link": (
        POSTED.replace("from NetSuite\n", "from eBay\n"),
        _NOTHING_RETRIEVED.format(action="post", why="the account links no eBay (it links Shopify and NetSuite)")),
    "A retrieve in a direction the account does not sync": (
        ACCOUNT + "    And 1 unit of the first line has been refunded on the storefront\n"
                  "    When the connector retrieves the refunds of the order from Shopify\n"
                  "    Then the refund's status is \"Retrieved\"\n",
        _NOTHING_RETRIEVED.format(action="check", why="the account does not sync refunds from Shopify")),
    "A retrieve of the mistyped ID, then a post": (
        ACCOUNT + "    And the order has been refunded in full in NetSuite\n"
                  "    When the connector retrieves the refunds of the order with a mistyped ID from NetSuite\n"
                  "    And the connector posts the retrieved refunds\n    Then the storefront has refunded nothing\n",
        "the last retrieve could import no refund to post: it named order \"{order}\", not the "
        "scenario's order {order}; retrieve the refunds"),
    # A refund is in its order's currency: expecting another passed only for a connector posting in it.
    "NetSuite refunded in another currency than the order's": (
        POSTED + "    Then the NetSuite refund is in EUR\n",
        "the order is in USD, and so are its refunds on either side: none can be in EUR; write USD"),
    "The storefront refunded in another currency than the order's": (
        POSTED + "    Then the storefront refund is in GBP\n",
        "the order is in USD, and so are its refunds on either side: none can be in GBP; write USD"),
    "NetSuite's total in another currency than the order's": (
        POSTED + "    Then NetSuite has refunded exactly 1.00 EUR in all\n",
        "the order is in USD, and so are its refunds on either side: none can be in EUR; write USD"),
    "A success message of a retrieve from a channel the account does not link": (
        ACCOUNT + "    And the order has been refunded in full in NetSuite\n"
                  "    When the connector retrieves the refunds of the order from eBay\n"
                  "    Then the Retrieve dialog shows a success message\n",
        "the last retrieve cannot succeed as the scenario wrote it: the account links no eBay (it links "
        "Shopify and NetSuite); check its failure"),
    "A success message of a retrieve from NetSuite of an order never synced": (
        "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid Shopify order that was never synced to NetSuite\n"
        "    When the connector retrieves the refunds of the order from NetSuite\n"
        "    Then the Retrieve dialog shows a success message\n",
        "the last retrieve cannot succeed as the scenario wrote it: NetSuite has no sales order of the "
        "order to retrieve from: the scenario's order was never synced to NetSuite; check its failure"),
    # eBay shows a refund the seller made without a buyer request as an external transaction, and a
    # retrieve from eBay refuses the order by design (ebay_refunds.feature): nothing to post after it.
    "A post after a retrieve from eBay of a refund without a buyer request": (
        "    Given an eBay connector account that syncs refunds from the storefront to NetSuite\n"
        "    And a paid eBay order has been synced to NetSuite\n"
        "    And the order has been billed in NetSuite as a cash sale\n"
        "    And a general refund of 5.00 has been made on the storefront\n"
        "    When the connector retrieves the refunds of the order from eBay\n"
        "    And the connector posts the retrieved refunds\n"
        "    Then NetSuite has exactly 1 refund created from the billed record\n",
        _NOTHING_RETRIEVED.format(action="post", why="the eBay seller refunded the order without a buyer request ('Given "
                                  "a general refund of 5.00 has been made on the storefront'), which eBay shows as an "
                                  "external transaction: a retrieve from eBay refuses the order")),
    # With no fault planned nothing fails, and a right connector retries nothing: waits before
    # retries failed as "Retries differ" (FAULTY_ANSWERS keeps a connector that does not retry a defect).
    "Waits before retries no fault caused": (
        POSTED + "    Then the connector waited 1 and 2 seconds before its retries of the refund requests to Shopify\n",
        "no fault is planned in this scenario, so nothing failed for the connector to retry"),
    "A wait before a retry no fault caused": (
        POSTED + "    Then the connector waited at least 1 second before each retry of the refund requests to Shopify\n",
        "no fault is planned in this scenario, so nothing failed for the connector to retry"),
    # NetSuite refunds an order from its sales order's bills: with the sales order deleted by the
    # scenario (and no sync asked since) none can be there, and "Amount differs" blamed the connector.
    "NetSuite's refunds of an order whose sales order the scenario deleted": (
        "    Given a Shopify connector account that syncs refunds from the storefront to NetSuite\n"
        "    And a paid Shopify order has been synced to NetSuite\n"
        "    And the sales order has been deleted in NetSuite\n"
        "    And the order has been refunded in full on the storefront\n"
        "    When the connector retrieves the refunds of the order from Shopify\n"
        "    And the connector posts the retrieved refunds\n"
        "    Then NetSuite has refunded exactly 1.00 in all\n",
        "NetSuite has no sales order of the order: the scenario deleted it ('Given the sales order has "
        "been deleted in NetSuite'), and no step asked the connector to sync the order since, so no refund of it can "
        "be in NetSuite"),
    # An order paid outside the store (a bank transfer marked paid) has no payment a refund goes back
    # to: "went back to the order's payment none, it went back to nothing" blamed the connector.
    "A refund back to the payment of an order paid outside the store": (
        "    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront\n"
        "    And an unpaid WooCommerce order has been synced to NetSuite\n"
        "    And the order's payment has been captured on the storefront\n"
        "    And the order has been billed in NetSuite as an invoice\n"
        "    And the order has been refunded in full in NetSuite\n"
        "    When the connector retrieves the refunds of the order from NetSuite\n"
        "    And the connector posts the retrieved refunds\n"
        "    Then each storefront refund went back to the order's payment\n",
        "the order has no payment on WooCommerce a refund can go back to (it was paid outside the store, "
        "or not at all), so no refund can"),
    # An order on terms whose payment the scenario never captured: Shopify refunds only money it
    # captured and Magento makes no credit memo of an order with nothing paid, so the connector's
    # refund of it ends in Error — the connector's right answer, which "Status differs" blamed on it.
    "A NetSuite refund posted to Shopify for an order never paid there": (
        _UNPAID_REFUNDED.format(store="Shopify") + "    Then the refund's status is \"Posted\"\n",
        _UNPAID.format(store="Shopify")),
    "A NetSuite refund posted to Magento for an order never paid there, its totals checked": (
        _UNPAID_REFUNDED.format(store="Magento") + "    Then the storefront refund total equals the NetSuite refund total\n",
        _UNPAID.format(store="Magento")),
    # WooCommerce takes a refund of an order on hold, up to its total (specs woocommerce/RULES.md §2.3:
    # "does not check order status or whether the order is paid"), but recorded manually it is money
    # never paid for the merchant to pay back by hand: the connector rightly posts none.
    "A NetSuite refund posted to WooCommerce for an order never paid there": (
        _UNPAID_REFUNDED.format(store="WooCommerce") + "    Then the refund's status is \"Posted\"\n",
        _UNPAID.format(store="WooCommerce")),
    # A setting of the account is no unknown one; said in the scenario's quotes, not Python's ('max_attempts').
    "An unknown setting that the account has": (
        ACCOUNT + "    Then the connector refuses to save the account with an unknown setting \"max_attempts\"\n",
        "\"max_attempts\" is a setting of the connector account: name one it does not have"),
    "A retrieve of an ID typed as given, then a check": (
        ACCOUNT + "    And the order has been refunded in full in NetSuite\n"
                  "    When the connector retrieves the refunds of order \"123\" from NetSuite\n"
                  "    Then the refund shows no error message\n",
        _NOTHING_RETRIEVED.format(action="check", why="it named order \"123\" as typed, not the scenario's order")),
    # A cart's account has no refund sync to NetSuite (docs/steps.md says so of the account step):
    # the connector refused it when the order step started it, filed as "Settings differ", the
    # connector's defect, at the order step.
    "A Magento account that syncs refunds to NetSuite": (
        "    Given a Magento connector account that syncs refunds from the storefront to NetSuite\n"
        "    And a paid Magento order has been synced to NetSuite\n"
        "    Then the refund shows no error message\n",
        "the account of the scenario's first step cannot be: Magento syncs refunds from NetSuite to "
        "the storefront only (a shopping cart's connector has no refund sync to NetSuite): write 'Given a Magento "
        "connector account that syncs refunds from NetSuite to the storefront'"),
    # The connector refuses rightly to post a NetSuite refund to eBay (features/refund_to_storefront.feature,
    # 'A NetSuite refund of an eBay order is not posted to eBay'): "Status differs" blamed it.
    "A NetSuite refund posted to eBay": (
        "    Given an eBay connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid eBay order has been synced to NetSuite\n"
        "    And the order has been billed in NetSuite as a cash sale\n"
        "    And the order has been refunded in full in NetSuite\n"
        "    When the connector retrieves the refunds of the order from NetSuite\n"
        "    And the connector posts the retrieved refunds\n"
        "    Then the refund's status is \"Posted\"\n",
        "a refund made in NetSuite cannot be posted to eBay: eBay refunds sync from eBay to NetSuite "
        "(a connector shows such a refund in error, and that is its right answer); write 'Given an eBay connector "
        "account that syncs refunds from the storefront to NetSuite' and refund on eBay, or check the refusal"),
    "An amount posted to eBay": (
        "    Given an eBay connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid eBay order has been synced to NetSuite\n"
        "    And the order has been billed in NetSuite as a cash sale\n"
        "    And 1 unit of the first line has been refunded in NetSuite\n"
        "    When the connector retrieves the refunds of the order from NetSuite\n"
        "    And the connector posts the retrieved refunds\n"
        "    Then the storefront has refunded exactly 5.00\n",
        "a refund made in NetSuite cannot be posted to eBay"),
    # eBay settles a refund in its own time when the scenario says so: a retrieve before it has no
    # refund to import, and the connector saying so failed as "Retrieve differs".
    "A retrieve from eBay while its refund settles": (
        "    Given an eBay connector account that syncs refunds from the storefront to NetSuite\n"
        "    And a paid eBay order has been synced to NetSuite\n"
        "    And the order has been billed in NetSuite as a cash sale\n"
        "    And eBay takes 2 hours to settle a refund\n"
        "    And 1 unit of the first line has been refunded on the storefront\n"
        "    When the connector retrieves the refunds of the order from eBay\n"
        "    Then the Retrieve dialog shows a success message\n",
        "the last retrieve cannot succeed as the scenario wrote it: eBay is still settling the order's "
        "refunds ('Given eBay takes ... to settle a refund'), so it has refunded nothing yet; let the time pass "
        "before the retrieve ('When 120 minutes pass'), or check its failure with 'Then the Retrieve dialog shows a "
        "failure message containing \"...\"'"),
    # Shopify's payment gateway holds a refund pending when the scenario says so: nothing to import yet.
    "A retrieve from Shopify while its gateway holds the refund pending": (
        "    Given a Shopify connector account that syncs refunds from the storefront to NetSuite\n"
        "    And a paid Shopify order has been synced to NetSuite\n"
        "    And the order has been billed in NetSuite as a cash sale\n"
        "    And Shopify's payment gateway will hold the next refund pending for 2 hours\n"
        "    And 1 unit of the first line has been refunded on the storefront\n"
        "    When the connector retrieves the refunds of the order from Shopify\n"
        "    Then the Retrieve dialog shows a success message\n",
        "the last retrieve cannot succeed as the scenario wrote it: Shopify's payment gateway still holds the "
        "order's refund pending ('Given Shopify's payment gateway will hold the next refund pending ...'), so nothing "
        "has been refunded yet; let the time pass before the retrieve ('When 150 minutes pass'), or check its failure "
        "with 'Then the Retrieve dialog shows a failure message containing \"...\"'"),
    # Many general refunds: 1 to 300, not on eBay, no more money than the order has left.
    "No general refunds at all": (
        "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid Shopify order has been synced to NetSuite\n"
        "    And 0 general refunds of 0.10 each have been made on the storefront\n"
        "    Then the storefront has refunded exactly 0.00\n",
        "0 refunds: write from 1 to 300 (enough to fill a storefront's pages)"),
    "Many general refunds on eBay": (
        "    Given an eBay connector account that syncs refunds from the storefront to NetSuite\n"
        "    And a paid eBay order has been synced to NetSuite\n"
        "    And 3 general refunds of 0.10 each have been made on the storefront\n"
        "    Then the storefront has refunded exactly 0.30\n",
        "many general refunds are a cart's or Shopify's step"),
    "More general refunds than the order has money": (
        "    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid WooCommerce order has been synced to NetSuite\n"
        "    And 300 general refunds of 900.00 each have been made on the storefront\n"
        "    Then the storefront has refunded exactly 0.00\n",
        "the order totals "),
    # Returns one at a time: eBay's, 2 to 300 of them.
    "Returns one at a time on Shopify": (
        "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid Shopify order has been synced to NetSuite\n"
        "    And 3 units of the first line have been returned on eBay one at a time, each refunded by the seller\n"
        "    Then the storefront has refunded exactly 0.00\n",
        "returns one at a time are an eBay buyer's"),
    "One return one at a time": (
        "    Given an eBay connector account that syncs refunds from the storefront to NetSuite\n"
        "    And a paid eBay order has been synced to NetSuite\n"
        "    And 1 units of the first line have been returned on eBay one at a time, each refunded by the seller\n"
        "    Then the storefront has refunded exactly 0.00\n",
        "1 returns: write from 2 to 300"),
    "More returns than the line has units": (
        "    Given an eBay connector account that syncs refunds from the storefront to NetSuite\n"
        "    And a paid eBay order with these lines has been synced to NetSuite:\n"
        "      | line   | units | price |\n"
        "      | PEN-01 | 3     | 1.00  |\n"
        "    And 4 units of the PEN-01 line have been returned on eBay one at a time, each refunded by the seller\n"
        "    Then the storefront has refunded exactly 0.00\n",
        "the order has 3 units of PEN-01: cannot refund 4"),
    # Web API input limits are a Magento store's setting.
    "Input limits on a Shopify store": (
        "    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
        "    And the Magento store has its web API input limits on\n"
        "    Then the storefront has refunded exactly 0.00\n",
        "web API input limits are a Magento store's setting: start with 'Given a Magento connector account ...'"),
    # Only WooCommerce keeps a refund's tax at the rates the connector names.
    "Tax at each rate on Shopify": (
        POSTED + "    Then the storefront refunded this tax at each rate:\n"
                 "      | rate      | tax  | shipping tax |\n"
                 "      | State Tax | 1.00 | 0.00         |\n",
        "only WooCommerce keeps a refund's tax at the rates the connector names"),
    "A rate the WooCommerce order has not": (
        "    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront\n"
        "    And a paid WooCommerce order with these lines has been synced to NetSuite:\n"
        "      | line   | units | price | tax  |\n"
        "      | MUG-01 | 1     | 12.00 | 1.20 |\n"
        "    Then the storefront refunded this tax at each rate:\n"
        "      | rate     | tax  | shipping tax |\n"
        "      | City Tax | 0.00 | 0.00         |\n",
        "the tax at each rate, row 1, rate: \"City Tax\" is not a rate of the order: write State Tax or County Tax"),
    "A WooCommerce account that syncs refunds to NetSuite": (
        "    Given a WooCommerce connector account that syncs refunds from the storefront to NetSuite\n"
        "    And the account setting \"max_attempts\" is 2\n"
        "    And a paid WooCommerce order has been synced to NetSuite\n"
        "    Then the refund shows no error message\n",
        "the account of the scenario's first step cannot be: WooCommerce syncs refunds from NetSuite "
        "to the storefront only"),
}


#: Scenarios written as those messages say instead: each passes with the reference connector.
WRITTEN_AS_SAID = {
    "The refusal of a NetSuite refund of an order never paid on Shopify": (
        _UNPAID_REFUNDED.format(store="Shopify") + "    Then the refund's status is \"Error\"\n"
                                                   "    And the storefront has refunded nothing\n"),
    "A NetSuite refund of an order never paid on Shopify, its payment captured first": (
        _UNPAID_REFUNDED.format(store="Shopify").replace(
            "    And the order has been refunded", "    And the order's payment has been captured on the storefront\n"
                                                  "    And the order has been refunded")
        + "    Then the refund's status is \"Posted\"\n"),
}


def test_a_check_of_a_refund_the_scenario_made_impossible_is_the_scenario_s_mistake(tmp_path: Path) -> None:
    _, results = run_feature(_feature({**{name: steps for name, (steps, _) in NOTHING_TO_CHECK.items()},
                                       **WRITTEN_AS_SAID}), tmp_path)
    outcomes = _outcomes(results)
    failed = {name: outcomes.get(name) for name in WRITTEN_AS_SAID if outcomes.get(name, ("",))[0] != "passed"}
    assert not failed, failed
    pattern = {name: re.escape(start).replace(re.escape("{order}"), r"\d+") for name, (_, start) in NOTHING_TO_CHECK.items()}
    wrong = {name: outcomes.get(name) for name in NOTHING_TO_CHECK
             if outcomes.get(name, ("", "", ""))[2] != "Harness errors" or not re.match(pattern[name], outcomes[name][1])}
    assert not wrong, wrong


def test_a_failure_reads_as_the_expectation_not_as_python(tmp_path: Path) -> None:
    """The console of a failing scenario: what was expected and found first, where, how to replay,
    and a traceback that starts at the step — no pytest internals, no fixture objects."""
    process, _ = run_feature(_feature({"A wrong amount": POSTED + "    Then the storefront has refunded exactly 1.00\n"}),
                             tmp_path)
    start = process.stdout.index("Amount differs: expected Shopify to have refunded 1.00")
    block = process.stdout[start:].split("\n=")[0]  # up to pytest's next section
    assert "Scenario: A wrong amount" in block and "Step:     Then the storefront has refunded exactly 1.00" in block
    assert "Replay:   pytest '" in block and "--seed " in block
    assert "steps/storefront_steps.py" in block
    for noise in ("_pytest", "pluggy", "site-packages", "object at 0x", "FixtureRequest"):
        assert noise not in block, (noise, block)
    assert len(block.splitlines()) <= 20, block


def test_a_step_used_too_early_shows_the_feature_step_and_the_project_s_frames_only(tmp_path: Path) -> None:
    """A Then before the When that makes what it checks fails while pytest resolves what the step
    needs, deep in pytest and pluggy: the failure still shows where in the feature it is and the
    project's own code (the step, the stand-in that refused), never pytest's or pluggy's frames."""
    feature = _feature({"A status before any retrieve": ACCOUNT + "    Then the refund's status is \"Posted\"\n"})
    process, results = run_feature(feature, tmp_path)
    start = process.stdout.index("this step needs one of these steps before it")
    block = process.stdout[start:].split("\n=")[0]
    traceback = block.split("Traceback")[1]
    assert "written.feature:7, in Then the refund's status is \"Posted\"" in traceback, block
    assert "steps/connector_steps.py:" in traceback and "steps/prerequisites.py:" in traceback, block
    for noise in ("_pytest", "pluggy", "site-packages", "pytest_bdd", "object at 0x"):
        assert noise not in block, (noise, block)
    (result,) = results
    assert "pluggy" not in result["statusDetails"]["trace"] and "prerequisites.py" in result["statusDetails"]["trace"]


def test_the_verdict_names_each_scenario_by_its_title(tmp_path: Path) -> None:
    run_feature(_feature({"A wrong amount": POSTED + "    Then the storefront has refunded exactly 1.00\n"}), tmp_path)
    verdict = json.loads((tmp_path / "certification.json").read_text(encoding="utf-8"))
    (case,) = verdict["cases"]
    assert case["scenario"] == "A wrong amount" and case["feature"] == "Written from the glossary"
    assert case["outcome"] == "failed" and case["category"] == "Connector defect: amount differs"
    assert case["message"].startswith("Amount differs: expected Shopify to have refunded 1.00")


def test_a_step_no_definition_reads_names_the_glossary_and_the_closest_phrases(tmp_path: Path) -> None:
    """A step written with a typo matches no definition: the failure says which line of the feature
    no step reads, points at docs/steps.md with the closest phrases of that step type, and shows no
    traceback of the harness (the scenario is wrong, not the code)."""
    typo = ("    Given a Shopify connector account that syncs refunds from NetSuite to the storefront\n"
            "    And a paid Shopify order has been synced to NetSuit\n")
    process, results = run_feature(_feature({"A typo": typo}), tmp_path)
    start = process.stdout.index("No step reads")
    block = process.stdout[start:].split("\n=")[0]
    assert block.startswith('No step reads: Given "a paid Shopify order has been synced to NetSuit" ('), block
    assert "written.feature:5): write it as a phrase of docs/steps.md; the closest:" in block.splitlines()[0], block
    assert "Given a/an {payment} {storefront} order [in {currency} ][of a buyer named" in block, block
    for noise in ("Traceback", "harness/plugin.py", "StepDefinitionNotFoundError", "_pytest", "pluggy"):
        assert noise not in block, (noise, block)
    (result,) = results
    assert category_of(result["status"], result["statusDetails"]["message"]) == "Harness errors"


def test_a_tag_that_is_not_registered_names_its_line_the_nearest_tag_and_where_tags_are(tmp_path: Path) -> None:
    """A tag with a typo (``@shopfy``): the feature file is refused, saying where the tag is, the
    registered tag it is nearest, and where the tags are listed and registered — not pytest's
    "'shopfy' not found in `markers` configuration option"."""
    feature = ("Feature: Written from the glossary\n  @success @to_storefront @shopfy\n  Scenario: A typo in a tag\n"
               + POSTED)
    process, _ = run_feature(feature, tmp_path)
    output = process.stdout + process.stderr
    assert process.returncode != 0, output[-3000:]
    assert "written.feature:2: unknown tag @shopfy (did you mean @shopify?)" in output, output[-3000:]
    assert "docs/steps.md" in output and "configuration option" not in output, output[-3000:]


def test_a_scenario_without_a_then_step_fails_as_checking_nothing(tmp_path: Path) -> None:
    """A scenario with no Then step checks nothing: it would pass whatever the connector did. So is
    one whose keyword is misspelt (``Gven ...``): Gherkin reads the line as the scenario's
    description and the scenario has no step at all. Each fails, filed as the scenario's mistake."""
    process, results = run_feature(_feature({
        "A misspelt keyword": "    Gven a Shopify connector account that syncs refunds from NetSuite to the storefront\n",
        "Nothing checked": POSTED,
        "Something checked": POSTED + "    Then the refund's status is \"Posted\"\n"}), tmp_path)
    outcomes = _outcomes(results)
    for name in ("A misspelt keyword", "Nothing checked"):
        status, message, category = outcomes[name]
        assert status in ("failed", "broken") and category == "Harness errors", outcomes[name]
        assert message.startswith("this scenario has no Then step: it checks nothing"), message
    assert "Gven a Shopify connector account" in process.stdout, process.stdout[-3000:]
    assert outcomes["Something checked"][0] == "passed", outcomes


@pytest.mark.parametrize("text, said", [
    ("Feature: A table\n  Scenario: Cells\n    Given a Shopify connector account that syncs refunds from NetSuite to the "
     "storefront\n    | a | b |\n    | 1 |\n", "written.feature:5: the feature cannot be read: inconsistent cell count within the table"),
    ("Feature: No scenario\n  Scenarioo: misspelt\n    Given a Shopify connector account\n",
     "written.feature: no scenario in this file: each starts with 'Scenario:' or 'Scenario Outline:'"),
    # A tag left at the end of the file: Gherkin's tokens (#TagLine, #RuleLine, #Empty) were said as they are.
    ("Feature: A tag\n  @success @to_storefront @shopify\n  Scenario: Tagged\n    Then the storefront has refunded "
     "nothing\n  @shopify\n",
     "written.feature:5: the feature cannot be read: unexpected end of file, expected a tag, 'Rule:', a comment or an "
     "empty line (a tag tags the Scenario, Scenario Outline, Examples or Rule under it: write one under it, or remove "
     "the tag) (the line: '@shopify')"),
])
def test_a_feature_file_gherkin_cannot_read_says_where_and_why_without_a_traceback(tmp_path: Path, text: str,
                                                                                   said: str) -> None:
    process, _ = run_feature(text, tmp_path)
    output = process.stdout + process.stderr
    assert process.returncode != 0 and said in output, output[-3000:]
    for noise in ("site-packages", "Traceback", "pytest_bdd.exceptions"):
        assert noise not in output, (noise, output[-3000:])


def test_a_placeholder_no_examples_column_fills_is_named(tmp_path: Path) -> None:
    """``<store>`` in an outline whose Examples have no ``store`` column is left as written, and no
    step reads it: the failure says which placeholder no column fills."""
    feature = ("Feature: An outline\n  @success @to_storefront @shopify\n  Scenario Outline: A placeholder\n"
               "    Given a <store> connector account that syncs refunds from NetSuite to the storefront\n"
               "    Then the refund's status is \"Posted\"\n\n    Examples:\n      | storefront |\n      | Shopify    |\n"
               # A placeholder a step reads as a value ({amount} takes any text): the step ran with
               # "<amount>" and said '"<amount>" is not an amount', not that no column fills it.
               "  @success @to_storefront @shopify\n  Scenario Outline: A placeholder read as a value\n" + POSTED
               + "    Then the storefront has refunded exactly <amount>\n\n    Examples:\n      | qty |\n      | 1   |\n")
    process, _ = run_feature(feature, tmp_path)
    assert "<store> is filled by no column of the scenario's Examples" in process.stdout, process.stdout[-3000:]
    assert ("<amount> is filled by no column of the scenario's Examples (its columns: qty): add an "
            "Examples column of that name, or write the value in the step") in process.stdout, process.stdout[-3000:]
    assert '"<amount>" is not an amount' not in process.stdout, process.stdout[-3000:]


def test_two_scenarios_of_a_file_with_one_title_are_refused_not_one_left_out(tmp_path: Path) -> None:
    """pytest-bdd knows a file's scenarios by their titles: of two with one title, the first never
    ran and nothing said so. The file is refused before any scenario runs, naming both lines. So
    is an outline with an Examples column no step (nor its title) uses: its values were never
    read, and the scenario passed as if they had been checked."""
    scenario = "  @success @to_storefront @shopify\n  Scenario: The customer's full refund is posted\n" + POSTED
    feature = ("Feature: Written from the glossary\n" + scenario + "    Then the refund's status is \"Posted\"\n"
               + scenario + "    Then the storefront order carries exactly 1 refund\n"
               + "  @success @to_storefront @shopify\n  Scenario Outline: A column left unused\n"
               + POSTED.replace("Shopify", "<storefront>") + "    Then the refund's status is \"Posted\"\n\n"
               + "    Examples:\n      | storefront | amount |\n      | Shopify    | 5.00   |\n")
    process, results = run_feature(feature, tmp_path)
    output = process.stdout + process.stderr
    assert process.returncode == 4 and not results, output[-3000:]
    assert ("written.feature:31: the Examples column \"amount\" is used by no step of the scenario 'A column left "
            "unused' nor its title: write <amount> where the scenario uses it, or remove the column") in output, \
        output[-3000:]
    # The title as written in quotes (Python's repr put one with an apostrophe in double quotes).
    assert ("written.feature:12: the scenario title 'The customer's full refund is posted' is the title of line 3 "
            "too: give each "
            "scenario of a file a title of its own") in output, output[-3000:]


@pytest.mark.parametrize("examples, said", [
    ("    Examples:\n      | store   |\n      | Shopify |\n",
     "<storefront> is filled by no column of the scenario's Examples (its columns: store)"),
    ("    Examples:\n      | storefront |\n", "<storefront> is filled by no row: the scenario's Examples have none"),
    ("", "<storefront> is filled by nothing: the scenario has no Examples"),
], ids=["another column", "no row", "no examples"])
def test_a_placeholder_left_unfilled_is_said_as_it_is(tmp_path: Path, examples: str, said: str) -> None:
    """Why a <placeholder> stays in a step's text, as it is: the Examples have other columns, a
    column but no row, or there are no Examples at all — not "no column" where there is one."""
    feature = ("Feature: An outline\n  @success @to_storefront @shopify\n  Scenario Outline: A placeholder\n"
               "    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront\n"
               "    Then the refund's status is \"Posted\"\n\n" + examples)
    process, _ = run_feature(feature, tmp_path)
    assert f"written.feature:4); {said}: write it" in process.stdout, process.stdout[-3000:]


def test_a_table_missing_under_a_step_that_reads_one_or_under_one_that_does_not_is_said(tmp_path: Path) -> None:
    """A step that reads a table and has none under it failed as pytest's FixtureLookupError
    ('datatable'); a table under a step that reads none was left unread, the scenario passing as if
    it said something. Each is the scenario's mistake, said at the step."""
    billed = ACCOUNT
    outcomes = _outcomes(run_feature(_feature({
        "No table": billed + "    And these lines have been refunded in NetSuite:\n"
                             "    When the connector retrieves the refunds of the order from NetSuite\n"
                             "    Then the refund's status is \"Retrieved\"\n",
        "A table no step reads": billed + "    And the order has been refunded in full in NetSuite\n"
                                          "      | line  | units |\n      | first | 1     |\n"
                                          "    When the connector retrieves the refunds of the order from NetSuite\n"
                                          "    Then the refund's status is \"Retrieved\"\n"}), tmp_path)[1])
    assert outcomes["No table"][1:] == ("this step reads a table written under it, and there is none: "
                                        "docs/steps.md gives its columns", "Harness errors"), outcomes
    assert outcomes["A table no step reads"][1:] == (
        "this step reads no table: the table under it would be left unread (a table belongs under "
        "the step that reads it, docs/steps.md)", "Harness errors"), outcomes


def test_a_phrase_written_under_another_keyword_says_which_keyword_reads_it(tmp_path: Path) -> None:
    """``And`` continues the keyword before it: a Then phrase written as ``And`` after a When is a
    When step, which no definition reads. The failure says which keyword the phrase is, not only
    the When phrases nearest it."""
    process, results = run_feature(_feature({"A check after When": POSTED + "    And the storefront has refunded nothing\n"
                                                                           "    Then the refund's status is \"Posted\"\n"}),
                                   tmp_path)
    (message,) = [line for line in process.stdout.splitlines() if line.startswith("No step reads")]
    assert message.startswith('No step reads: When "the storefront has refunded nothing" ('), message
    assert message.endswith(":10); it is a Then phrase: write it under Then (And and But go on with the keyword "
                            "before them)"), message


#: Phrases written right with a value they cannot take, and what is said of each.
WRONG_KIND = {
    "When 1.5 minutes pass": '{minutes} is a whole number (such as 2) of at most 18 digits, not "1.5"',
    "When -5 minutes pass": '{minutes} is a whole number (such as 2) of at most 18 digits, not "-5"',
    # Digits of another script: read as 3 by int(), yet no number as a scenario or a vendor writes it.
    "When \uff13 minutes pass": '{minutes} is a whole number (such as 2) of at most 18 digits, not "\uff13"',
    # Curly quotes, as a word processor writes them: "another kind of value" said nothing of why.
    "Then the refund's error message contains \u201calready refunded\u201d":
        '{text} is text in straight double quotes ("like this": \u201ccurly\u201d ones are not read), not '
        '"\u201calready refunded\u201d"',
    "Given Shopify will answer the next two refund requests with HTTP 503": '{count} is a whole number (such as 2) of at most 18 digits, not "two"',
    # More digits than any count a scenario means: past 4,300 int() refused them with a Python error,
    # said as the step "did not run, what it needs was missing".
    "When " + "9" * 4400 + " minutes pass": '{minutes} is a whole number (such as 2) of at most 18 digits, not "' + "9" * 4400 + '"',
}


def test_a_value_of_the_wrong_kind_names_the_phrase_and_what_it_takes(tmp_path: Path) -> None:
    """A phrase written right with a value it cannot take ({minutes} a whole number) is said as
    such, at its line, not only as a step no definition reads beside the phrases nearest it. One
    run, a scenario for each phrase."""
    steps = [ACCOUNT + f"    {written}\n" + "    Then the storefront has refunded nothing\n" for written in WRONG_KIND]
    process, _ = run_feature(_feature({f"A value of the wrong kind {n}": text for n, text in enumerate(steps)}), tmp_path)
    messages = [line for line in process.stdout.splitlines() if line.startswith("No step reads")]
    assert len(messages) == len(WRONG_KIND), process.stdout[-3000:]
    line = 3  # each scenario's title: after the Feature line, and each scenario's tag line
    for (written, said), text in zip(WRONG_KIND.items(), steps, strict=True):
        at = line + ACCOUNT.count("\n") + 1
        keyword, phrase = written.split(" ", 1)
        (message,) = [m for m in messages if m.startswith(f'No step reads: {keyword} "{phrase}" (')]
        assert message.endswith(f":{at}); {said}: write it as a phrase of docs/steps.md; the closest:"), message
        line += 2 + text.count("\n")


def _vendor_404(service: str) -> VendorError:
    """What a vendor answers a lookup of a record it has not: 404."""
    response = requests.Response()
    response.status_code, response._content = 404, b'{"errors": [{"message": "Not found"}]}'
    response.request = requests.Request("GET", f"http://{service}.invalid/record/999").prepare()
    response.url = response.request.url or ""
    return VendorError(service, response)


def _missing(*_: Any, service: str = "netsuite") -> Any:
    raise _vendor_404(service)


_ONE = OtherTransaction(id="OT-00001", source_channel="netsuite", order_id="701", amount="5.00", currency="USD",
                        status=Status.RETRIEVED, source_record="cashRefund:999")
_LISTED = SimpleNamespace(transactions=lambda: [_ONE])
_GONE = SimpleNamespace(transactions=lambda: [])  # a faulty connector that lost the refund it retrieved
#: A connector that lists the order's refund under its id padded with spaces (as typed, not the order's).
_PADDED = SimpleNamespace(transactions=lambda: [replace(_ONE, order_id=" 701 ")])
#: Two refunds of the order for the same amount, both naming one record: the first refund's, twice.
_TWO = replace(_ONE, id="OT-00002")
_REFUND_999 = NetSuiteRecord("cashRefund", "999", {"total": 5.0, "currency": {"refName": "USD"}})
_NETSUITE_999 = SimpleNamespace(record=lambda kind, key: _REFUND_999, refunds_of=lambda order: [_REFUND_999])
#: NetSuite has refund 999, but of another order than the scenario's.
_ANOTHER_ORDERS_999 = SimpleNamespace(record=lambda kind, key: _REFUND_999, refunds_of=lambda order: [])
_POSTED = [replace(t, status=Status.POSTED, target_record="shopify-refund:1") for t in (_ONE, _TWO)]
_SHOPIFY_REFUND_1 = SimpleNamespace(source_of=lambda order, record: (Decimal("5.00"), "USD"))
_SHOPIFY = ShopifyMerchant(None, None)  # type: ignore[arg-type]  # reads the journal's requests only
_SHOPIFY_ORDER = SimpleNamespace(storefront="shopify", store="Shopify", id="701")


def _sent_shopify(body: str) -> SimpleNamespace:
    """A journal where the connector sent Shopify one refund request of ``body``."""
    return SimpleNamespace(connector_requests=lambda *a: [{"request_body": body}])


#: A connector that answers the sync of order 701 (and lists it) under the order's id padded with spaces.
_PADDED_SYNC = OrderSyncResult(order_id=" 701 ", status=OrderStatus.POSTED, sales_order_id="5")
_PADDED_ORDERS = SimpleNamespace(orders=lambda: [_PADDED_SYNC])
_ASKED_701 = SimpleNamespace(node=SimpleNamespace(stash={history._SYNC_ASKED: "701"}))
#: A connector that answers the sync of order 701 as posted, naming another buyer's sales order (5)
#: where NetSuite's sales order of 701 is 12 — the first of a search it did not filter.
_OTHER_SALES_ORDER_SYNC = OrderSyncResult(order_id="701", status=OrderStatus.POSTED, sales_order_id="5")
_SALES_ORDER_12 = SimpleNamespace(find_sales_order=lambda order_id: NetSuiteRecord("salesOrder", "12", {})
                                  if order_id == "701" else None)


def _sent_shopify_graphql(query: str, variables: dict[str, Any] | None = None) -> SimpleNamespace:
    """A journal where the connector refunded Shopify through GraphQL: one request to graphql.json
    of ``query`` (and ``variables``), none to REST's refunds."""
    body = json.dumps({"query": query, **({"variables": variables} if variables is not None else {})})
    return SimpleNamespace(connector_requests=lambda service, method, path: [{"request_body": body}]
                           if "graphql" in path else [])


_REFUND_CREATE = "mutation refund($input: RefundInput!) { refundCreate(input: $input) { refund { id } } }"
_EBAY_RETURN = replace(_ONE, source_channel="ebay", source_record="ebay-return:5000000001")
#: A connector that met a planned 503 and did not retry: one refund request journaled, one fault planned.
_ONE_REFUND_REQUEST = SimpleNamespace(connector_requests=lambda *a: [{"method": "POST", "clock_moved": 0.0}])
_ONE_FAULT = SimpleNamespace(faults=lambda tenant: [{"service": "shopify", "count": 1, "remaining": 0}])
_SHOPIFY_ACCOUNT = {"storefront": "shopify", "refund_direction": "from_netsuite"}
_EUR_REFUND = NetSuiteRecord("cashRefund", "9", {"total": 5.0, "currency": {"refName": "EUR"}})
_SHORT_REFUND = NetSuiteRecord("cashRefund", "8", {"total": 4.99, "currency": {"refName": "USD"}})
_LONG_REFUND = NetSuiteRecord("cashRefund", "7", {"total": 5.01, "currency": {"refName": "USD"}})
_EBAY = EbaySeller(SimpleNamespace(get_return=lambda *a, **k: _missing(service="ebay")), None, "t1", None)  # type: ignore[arg-type]


#: A connector asked to sync order 701's refund that made it on Shopify against order 702 instead:
#: the scenario's second order (which it did not refund) or another customer's (999). The checks
#: of order 701 alone found nothing refunded of it, and passed.
_SCENARIO_ORDERS = SimpleNamespace(node=SimpleNamespace(stash={history._ORDERS: [
    _SHOPIFY_ORDER, SimpleNamespace(storefront="shopify", store="Shopify", id="702")]}))
_NOTHING_ON_701 = SimpleNamespace(storefront="shopify", refund_request=ShopifyMerchant.refund_request,
                                  refunded_order=_SHOPIFY.refunded_order, refunds=lambda order: [])
_NOT_REFUNDED_IN_NETSUITE = SimpleNamespace(refunds_of=lambda order: [])


def _refunded_on_shopify(order_id: str) -> SimpleNamespace:
    """A journal where the connector's one refund request to Shopify made a refund against ``order_id``."""
    return SimpleNamespace(connector_requests=lambda *a: [{
        "method": "POST", "url": f"http://127.0.0.1:1/admin/api/2025-01/orders/{order_id}/refunds.json", "status": 201,
        "response_body": '{"refund": {"id": 1}}'}])


def _refuses(message: str) -> Callable[[Any], Any]:
    """A connector factory that refuses every account with ``message``."""
    def factory(context: Any) -> Any:
        raise ValueError(message)
    return factory


#: A faulty connector's answer each check must fail on as its defect: (the check, its arguments — the
#: scenario's request None —, how the failure starts). A refund no longer listed read as one showing no
#: message (the check passed), and a source record the vendor has not broke the check with the
#: vendor's 404 (filed as the harness's error).
FAULTY_ANSWERS: dict[str, tuple[Callable[..., None], tuple[Any, ...], str]] = {
    "no error message on a refund no longer listed": (
        refund_without_error, (None, _GONE, RetrieveResult(True, "", (_ONE,))),
        "Record differs: expected refund OT-00001 in Other Transactions, it is not listed"),
    "an error message of a refund no longer listed": (
        refund_error, (None, _GONE, RetrieveResult(True, "", (_ONE,)), "already refunded"),
        "Record differs: expected refund OT-00001 in Other Transactions, it is not listed"),
    "a NetSuite source record NetSuite has not": (
        retrieved_matches_source, (None, _LISTED, RetrieveResult(True, "", (_ONE,)), SimpleNamespace(id="701"),
                                   SimpleNamespace(), SimpleNamespace(record=_missing)),
        'Record differs: expected refund OT-00001 to name the record it came from, it names "cashRefund:999"'),
    "an eBay return eBay has not": (
        retrieved_matches_source, (None, SimpleNamespace(transactions=lambda: [_EBAY_RETURN]),
                                   RetrieveResult(True, "", (_EBAY_RETURN,)), SimpleNamespace(id="701"), _EBAY,
                                   SimpleNamespace(record=_missing)),
        'Record differs: expected refund OT-00001 to name the record it came from, it names "ebay-return:5000000001"'),
    "a NetSuite refund in another currency than the order's": (
        netsuite_refund_currency, (None, SimpleNamespace(refunds_of=lambda order: [_EUR_REFUND], standalone_refunds=lambda order: []),
                                   SimpleNamespace(currency="USD"), "USD", SimpleNamespace()),
        "Currency differs: expected the NetSuite refunds in USD, found EUR"),
    "a refund listed under the order's id padded, where none should be": (
        listed_count, (None, _PADDED, SimpleNamespace(id="701"), 0),
        "Refund doubled: expected 0 refund(s) of order 701 in Other Transactions, found 1"),
    "a refund listed under the order's id padded": (
        listed_count, (None, _PADDED, SimpleNamespace(id="701"), 1),
        'Record differs: expected the refunds of order 701 listed under its ID "701", found OT-00001 under " 701 "'),
    "a status of a refund listed under the order's id padded": (
        every_listed_status, (None, _PADDED, SimpleNamespace(id="701"), "Retrieved"),
        'Record differs: expected the refunds of order 701 listed under its ID "701", found OT-00001 under " 701 "'),
    "two retrieved refunds naming one source record": (
        retrieved_matches_source, (None, SimpleNamespace(transactions=lambda: [_ONE, _TWO]),
                                   RetrieveResult(True, "", (_ONE, _TWO)), SimpleNamespace(id="701"), SimpleNamespace(),
                                   _NETSUITE_999),
        'Record differs: expected each retrieved refund to name a record of its own, OT-00001 and OT-00002 name '
        '"cashRefund:999"'),
    "a retrieved refund naming another order's NetSuite refund": (
        retrieved_matches_source, (None, _LISTED, RetrieveResult(True, "", (_ONE,)), SimpleNamespace(id="701"),
                                   SimpleNamespace(), _ANOTHER_ORDERS_999),
        'Record differs: expected refund OT-00001 to name the record it came from, it names "cashRefund:999", which is '
        'no refund of order 701'),
    "two posted refunds naming one refund they created": (
        posted_names_target, (None, SimpleNamespace(transactions=lambda: _POSTED), RetrieveResult(True, "", (_ONE, _TWO)),
                              SimpleNamespace(id="701"), _SHOPIFY_REFUND_1, SimpleNamespace(refunds_of=lambda order: [])),
        'Record differs: expected each posted refund to name a refund of its own, OT-00001 and OT-00002 name '
        '"shopify-refund:1"'),
    "a NetSuite refund of the order and one made standalone for its customer": (
        netsuite_refund_currency, (None, SimpleNamespace(refunds_of=lambda order: [_REFUND_999],
                                                         standalone_refunds=lambda order: [_EUR_REFUND]),
                                   SimpleNamespace(currency="USD"), "USD", SimpleNamespace()),
        "Record differs: expected every NetSuite refund of the order made from its records (its bill or a return "
        "authorization), found cashRefund 9 of 5.00 EUR made standalone for its customer: a refund in the wrong place"),
    "a Shopify refund sent as a form that notifies the customer": (
        not_notified, (_SHOPIFY, _SHOPIFY_ORDER, _sent_shopify("refund%5Bnotify%5D=true&refund%5Bcurrency%5D=USD"), None),
        "Record differs: expected no notification of the customer, the connector asked Shopify to notify in 1 of 1"),
    "a Shopify refund sent as a form that restocks": (
        not_restocked, (_SHOPIFY, _SHOPIFY_ORDER, _sent_shopify(
            "refund[refund_line_items][][line_item_id]=1&refund[refund_line_items][][quantity]=1"
            "&refund[refund_line_items][][restock_type]=return"), None),
        "Record differs: expected no restock, the connector asked Shopify to put items back in stock in 1 of 1"),
    "a Shopify refund through GraphQL refundCreate that notifies the customer (in variables)": (
        not_notified, (_SHOPIFY, _SHOPIFY_ORDER, _sent_shopify_graphql(_REFUND_CREATE, {"input": {
            "orderId": "gid://shopify/Order/701", "notify": True}}), None),
        "Record differs: expected no notification of the customer, the connector asked Shopify to notify in 1 of 1"),
    "a Shopify refund through GraphQL refundCreate that restocks (inline)": (
        not_restocked, (_SHOPIFY, _SHOPIFY_ORDER, _sent_shopify_graphql(
            'mutation { refundCreate(input: {orderId: "gid://shopify/Order/701", notify: false, refundLineItems: '
            '[{lineItemId: "gid://shopify/LineItem/1", quantity: 1, restockType: RETURN}]}) { refund { id } } }'), None),
        "Record differs: expected no restock, the connector asked Shopify to put items back in stock in 1 of 1"),
    "refund totals equal in number, in two currencies": (
        totals_match, (None, SimpleNamespace(refunds=lambda order: [StorefrontRefund("1", Decimal("5.00"), "USD", {}, {}, ZERO, ZERO)]),
                       SimpleNamespace(refunds_of=lambda order: [_EUR_REFUND], standalone_refunds=lambda order: []),
                       SimpleNamespace(store="Shopify", id="701"), _SHOPIFY_ACCOUNT),
        "Currency differs: expected Shopify's refunds in NetSuite's currency EUR, found USD"),
    "a NetSuite refund short of the storefront's, posted to NetSuite": (
        totals_match, (None, SimpleNamespace(refunds=lambda order: [StorefrontRefund("1", Decimal("5.00"), "USD", {}, {}, ZERO, ZERO)]),
                       SimpleNamespace(refunds_of=lambda order: [_SHORT_REFUND], standalone_refunds=lambda order: []),
                       SimpleNamespace(store="Shopify", id="701"), {**_SHOPIFY_ACCOUNT, "refund_direction": "to_netsuite"}),
        "Amount differs: expected NetSuite (cashRefund 8) to have refunded what Shopify refunded (5.00): 5.00, found 4.99"),
    "a storefront refund short of NetSuite's, posted to the storefront": (
        totals_match, (None, SimpleNamespace(refunds=lambda order: [StorefrontRefund("1", Decimal("5.00"), "USD", {}, {}, ZERO, ZERO)]),
                       SimpleNamespace(refunds_of=lambda order: [_LONG_REFUND], standalone_refunds=lambda order: []),
                       SimpleNamespace(store="Shopify", id="701"), _SHOPIFY_ACCOUNT),
        "Amount differs: expected Shopify to have refunded what NetSuite refunded (5.01 in cashRefund 7): 5.01, found 5.00"),
    "an order sync that names another sales order": (
        order_status, (_ASKED_701, SimpleNamespace(orders=lambda: [_OTHER_SALES_ORDER_SYNC]), _SALES_ORDER_12,
                       _OTHER_SALES_ORDER_SYNC, "Order Posted, Pending Fulfillment"),
        "Record differs: expected the sync of order 701 to name the sales order it made (its internal id): 12, found 5"),
    "an order sync answered under the order's id padded": (
        # NetSuite (None) is not asked: the answer's id fails the check before its sales order is looked up
        order_status, (_ASKED_701, _PADDED_ORDERS, None, _PADDED_SYNC, "Order Posted, Pending Fulfillment"),
        'Record differs: expected the sync of order 701 to answer under its ID "701", found " 701 "'),
    "a refund made against the scenario's other order, where none should be": (
        storefront_refunded_nothing, (_SCENARIO_ORDERS, _NOTHING_ON_701, _SHOPIFY_ORDER, _refunded_on_shopify("702"),
                                      _NOT_REFUNDED_IN_NETSUITE),
        "Record differs: expected the connector to refund on Shopify only the orders the scenario refunded, it made a "
        "refund against the scenario's other order 702, which it did not refund: POST "
        "/admin/api/2025-01/orders/702/refunds.json → 201"),
    "a refund made against another customer's order, 0 refunds of the order counted": (
        storefront_refund_count, (_SCENARIO_ORDERS, _NOTHING_ON_701, _SHOPIFY_ORDER, 0, _NOT_REFUNDED_IN_NETSUITE,
                                  _refunded_on_shopify("999")),
        "Record differs: expected the connector to refund on Shopify only the orders the scenario refunded, it made a "
        "refund against order 999, which is not the scenario's: POST"),
    "a refund through GraphQL refundCreate made against the scenario's other order": (
        storefront_refunded_nothing, (_SCENARIO_ORDERS, _NOTHING_ON_701, _SHOPIFY_ORDER, SimpleNamespace(
            connector_requests=lambda service, method, path: [{
                "method": "POST", "url": "http://127.0.0.1:1/admin/api/2025-01/graphql.json", "status": 200,
                "request_body": json.dumps({"query": _REFUND_CREATE, "variables": {"input": {
                    "orderId": "gid://shopify/Order/702"}}}),
                "response_body": '{"data": {"refundCreate": {"refund": {"id": "gid://shopify/Refund/1"}, '
                                 '"userErrors": []}}}'}] if "graphql" in path else []), _NOT_REFUNDED_IN_NETSUITE),
        "Record differs: expected the connector to refund on Shopify only the orders the scenario refunded, it made a "
        "refund against the scenario's other order 702, which it did not refund: POST /admin/api/2025-01/graphql.json "
        "→ 200"),
    "a NetSuite refund made against the scenario's other order, 0 cash refunds of the order counted": (
        netsuite_refund_count, (SimpleNamespace(node=_SCENARIO_ORDERS.node, getfixturevalue={
            "storefront_order": _SHOPIFY_ORDER, "storefront_user": _NOTHING_ON_701}.__getitem__),
            SimpleNamespace(refunds_of=lambda order: [_REFUND_999] if order.id == "702" else [],
                            refunds_created_from=lambda record: [], standalone_refunds=lambda order: []),
            NetSuiteRecord("cashSale", "55", {}), 0, "cash refunds"),
        "Record differs: expected the connector to refund in NetSuite only the orders the scenario refunded, found "
        "cashRefund 999 of 5.00 USD of the scenario's other order 702, which it did not refund"),
    # A refusal that names the setting and no reason (a placeholder where the reason should be) passed
    # the check, which asked only for the setting's name.
    "a settings refusal that names the setting and says nothing why": (
        refuses_setting, (SimpleNamespace(node=SimpleNamespace(stash={})), _refuses("max_attempts: None"),
                          lambda settings: SimpleNamespace(settings=settings),
                          {"storefront": "shopify", "refund_direction": "from_netsuite"}, "max_attempts", "0"),
        'Settings differ: expected the refusal of max_attempts = 0 to say why, not only name "max_attempts"'),
    "a wait before a retry that never came": (
        waited_between_attempts, (_ONE_REFUND_REQUEST, _SHOPIFY_ACCOUNT, "Shopify", "refund requests", 1, _ONE_FAULT,
                                  {"tenant": "t1"}),
        "Retries differ: expected the connector to retry the refund requests to Shopify, it did not retry (it sent "
        "Shopify 1 of them)"),
    "waits before retries that never came": (
        waited_each, (_ONE_REFUND_REQUEST, _SHOPIFY_ACCOUNT, "Shopify", "refund requests", "1 and 2", _ONE_FAULT,
                      {"tenant": "t1"}),
        "Retries differ: expected the connector to wait 1 and 2 s before its retries of the refund requests to Shopify, "
        "it did not retry (it sent Shopify 1 of them)"),
}


@pytest.mark.parametrize("name", FAULTY_ANSWERS)
def test_a_check_of_what_a_faulty_connector_answered_fails_as_its_defect(name: str) -> None:
    step, arguments, says = FAULTY_ANSWERS[name]
    with pytest.raises(ConnectorDefect) as defect:
        step(*arguments)  # the scenario's request (None): asked for only when nothing was retrieved
    assert str(defect.value).startswith(says), str(defect.value)
