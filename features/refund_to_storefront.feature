@to_storefront @shopify
Feature: Refund sync from NetSuite to the storefront
  The refund is made in NetSuite first, from the billed record of an order the connector synced: a
  cash refund from a cash sale, or a credit memo from an invoice. The connector retrieves it by the
  storefront order ID (Data Flows > Other Transactions, Source Channel = NetSuite) and posts it;
  the storefront refunds the customer and the refund's status becomes Posted.

  Background:
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront

  @success @critical
  Scenario: A cash refund of a paid Shopify order is posted to Shopify
    Given a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  @success @critical
  Scenario Outline: A full refund of an order billed as <billing> reaches Shopify to the cent
    Given a <payment> Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a success message
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the line-item refunds match between the storefront and NetSuite

    Examples:
      | payment | billing      |
      | paid    | a cash sale  |
      | unpaid  | an invoice   |

  @success @normal
  Scenario: A credit memo refunded with a customer refund is posted once
    Given an unpaid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And the order's payment has been captured on the storefront
    And the invoice has been paid in NetSuite
    And the order has been refunded in full in NetSuite
    And the credit memo has been refunded with a customer refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  @success @normal
  Scenario Outline: A partial refund of <quantity> unit(s) of a line is posted as a line-item refund
    Given a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite
    And <quantity> unit(s) of the first line have been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the line-item refunds match between the storefront and NetSuite

    Examples:
      | quantity |
      | 1        |

  @success @normal
  Scenario: A refund of the shipping alone is posted as a shipping refund
    Given a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

  @success @normal
  Scenario: Two refunds of one order are both retrieved and posted, each once
    Given a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded in NetSuite
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront refund total equals the NetSuite refund total

  @success @critical
  Scenario: Posting a posted refund again does not refund twice
    Given a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  @success @normal
  Scenario Outline: A refund in <currency> reaches Shopify in <currency>, to the cent
    Given a paid Shopify order in <currency> has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund is in <currency>
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | currency |
      | USD      |
      | GBP      |
      | EUR      |
      | CAD      |

  @success @normal
  Scenario: A NetSuite refund with no line the storefront knows is posted as a general refund
    Given a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a goodwill refund of 5.00 has been made in NetSuite against an adjustment item
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 5.00
    And the storefront refund has no line items
