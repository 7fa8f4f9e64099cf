@missing_credit_memo @to_storefront @shopify
Feature: Missing credit memo
  The connector finds a NetSuite refund through the billed record of the order: a cash refund
  created from the cash sale, or a credit memo created from the invoice. When there is none — the
  order is not billed, the billed record was not refunded, or a credit memo was entered on its own —
  the Retrieve dialog fails and says which record is missing.

  Background:
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront

  @critical
  Scenario: An order that was never billed cannot have its refund retrieved
    Given a paid Shopify order has been synced to NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "has not been billed"
    And the storefront has refunded nothing

  @critical
  Scenario Outline: <billing> without a refund created from it gives a missing-refund message
    Given a <payment> Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "<missing>"
    And the connector lists 0 refunds for the order

    Examples:
      | payment | billing     | missing                                   |
      | paid    | a cash sale | No cash refund was created from the billed record |
      | unpaid  | an invoice  | No credit memo was created from the billed record |

  @normal
  Scenario: A credit memo not created from the invoice is named, and not synced
    Given an unpaid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And a credit memo for the customer has been entered without the invoice
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "was not created from the billed record"
    And the storefront has refunded nothing
