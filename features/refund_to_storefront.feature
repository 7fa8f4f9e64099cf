Feature: Refund sync from NetSuite to the storefront
  A refund is made in NetSuite first, from the billed record of an order the connector synced.
  The connector retrieves it by the storefront order ID (Data Flows > Other Transactions,
  Source Channel = NetSuite) and posts it, and the storefront refunds the customer.

  @success @to_storefront @shopify @critical
  Scenario: A cash refund of a paid Shopify order is posted to Shopify
    Given a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a cash refund has been created from the cash sale
    When the connector retrieves the refund from NetSuite by order ID
    And the connector posts the retrieved refund
    Then the refund's status is "Posted"
    And the Shopify order carries a refund of exactly the cash refund's amount
