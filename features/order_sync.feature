@shopify
Feature: Order sync, the prerequisite of refund sync
  Before refund sync is activated, order sync must have been tested: the storefront order exists in
  NetSuite as a sales order the connector created, and it has been billed in NetSuite — a paid
  order as a cash sale, an unpaid order (or one with terms) as an invoice.

  Background:
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront

  @success @to_storefront @critical
  Scenario Outline: An order that is <payment> syncs to NetSuite and is billed as <billing>
    Given a <payment> Shopify order that was never synced to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has a sales order for it whose external ID is the storefront order ID
    And the order can be billed in NetSuite as <billing>

    Examples:
      | payment | billing     |
      | paid    | a cash sale |
      | unpaid  | an invoice  |

  @missing_order @to_storefront @normal
  Scenario: An order whose item is not in NetSuite does not sync, and says why
    Given a paid Shopify order with an item unknown to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "No NetSuite item matches SKU"
