@missing_order
Feature: Missing order
  A refund can only sync for an order the connector synced to NetSuite. When the order ID does not
  correspond to one previously synced — never synced, mistyped, or deleted in NetSuite since — the
  Retrieve dialog fails with a message telling the user what to verify, or the refund cannot be
  posted and is canceled.

  @to_storefront @critical
  Scenario Outline: A refund of an order that was never synced to NetSuite cannot be retrieved
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order that was never synced to NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "previously synced to NetSuite"
    And the failure message names the order ID entered
    And the connector lists 0 refunds for the order

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

    @magento
    Examples: Magento
      | storefront |
      | Magento    |

    @woocommerce
    Examples: WooCommerce
      | storefront  |
      | WooCommerce |

  @to_storefront @normal
  Scenario Outline: A mistyped order ID finds nothing in NetSuite and says what to verify
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order with a mistyped ID from NetSuite
    Then the Retrieve dialog shows a failure message containing "Verify that the order ID corresponds"
    And the failure message names the order ID entered
    And the storefront has refunded nothing
    And the connector lists 0 refunds for the order

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

    @magento
    Examples: Magento
      | storefront |
      | Magento    |

    @woocommerce
    Examples: WooCommerce
      | storefront  |
      | WooCommerce |

  @to_storefront @normal
  Scenario Outline: An order ID that is not one is refused with the same guidance
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    When the connector retrieves the refunds of order "<order_id>" from NetSuite
    Then the Retrieve dialog shows a failure message containing "<message>"

    @shopify
    Examples: Shopify
      | order_id      | message                       | storefront |
      | 0000000000000 | previously synced to NetSuite | Shopify    |
      | SHOP-#1001    | previously synced to NetSuite | Shopify    |
      | %20           | previously synced to NetSuite | Shopify    |

    @magento
    Examples: Magento
      | order_id      | message                       | storefront |
      | 0000000000000 | previously synced to NetSuite | Magento    |
      | SHOP-#1001    | previously synced to NetSuite | Magento    |
      | %20           | previously synced to NetSuite | Magento    |

    @woocommerce
    Examples: WooCommerce
      | order_id      | message                       | storefront  |
      | 0000000000000 | previously synced to NetSuite | WooCommerce |
      | SHOP-#1001    | previously synced to NetSuite | WooCommerce |
      | %20           | previously synced to NetSuite | WooCommerce |

  @to_storefront @normal
  Scenario Outline: A NetSuite refund of <a storefront> order deleted in NetSuite after the retrieve errors, says so, and is canceled
    Given <a storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the order is deleted in NetSuite with its bill and refunds
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "deleted"
    And the storefront has refunded nothing
    When the user cancels the refund
    Then the refund's status is "Canceled"

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @magento
    Examples: Magento
      | a storefront | storefront |
      | a Magento    | Magento    |

    @woocommerce
    Examples: WooCommerce
      | a storefront  | storefront  |
      | a WooCommerce | WooCommerce |

  @to_netsuite @critical
  Scenario Outline: <A storefront> refund of an order deleted in NetSuite errors and is canceled
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the sales order has been deleted in NetSuite
    And <refunded on the storefront>
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "not synced to NetSuite"
    When the user cancels the refund
    Then the refund's status is "Canceled"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Canceled"
    And NetSuite has refunded exactly 0.00 in all

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront | refunded on the storefront                                       |
      | A Shopify    | a Shopify    | Shopify    | the order has been refunded in full on the storefront            |

    # A return of one line: eBay refunds each line's return apart, so the whole order would be two.
    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront | refunded on the storefront                                       |
      | An eBay      | an eBay      | eBay       | 1 unit(s) of the first line have been refunded on the storefront |

  @to_netsuite @critical
  Scenario Outline: A mistyped order ID on <storefront> finds nothing and says what to verify
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order with a mistyped ID from <storefront>
    Then the Retrieve dialog shows a failure message containing "Verify that the order ID corresponds"
    And the failure message names the order ID entered
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @to_storefront @normal
  Scenario Outline: An order ID pasted with spaces around it is the order's ID
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order with its ID between spaces from NetSuite
    Then the Retrieve dialog shows a success message
    And each retrieved refund shows the order, amount and currency of its source

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

    @magento
    Examples: Magento
      | storefront |
      | Magento    |

    @woocommerce
    Examples: WooCommerce
      | storefront  |
      | WooCommerce |

  @to_netsuite @normal
  Scenario Outline: <A storefront> order ID pasted with spaces around it is the order's ID
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order with its ID between spaces from <storefront>
    Then the Retrieve dialog shows a success message
    And each retrieved refund shows the order, amount and currency of its source

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  @to_storefront @normal
  Scenario Outline: A retrieve the account cannot make is refused and imports nothing (<why>)
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of order "<order_id>" from <channel>
    Then the Retrieve dialog shows a failure message containing "<message>"
    And the connector lists 0 refunds for the order

    @shopify
    Examples: Shopify
      | why                                 | order_id | channel  | message           | storefront |
      | no order ID entered                 |          | NetSuite | Enter an order ID | Shopify    |
      | a direction the account has not on  | 1001     | Shopify  | not enabled       | Shopify    |
      | a channel the account does not have | 1001     | eBay     | no source channel | Shopify    |

    @magento
    Examples: Magento
      | why                                 | order_id | channel  | message           | storefront |
      | no order ID entered                 |          | NetSuite | Enter an order ID | Magento    |
      | a direction the account has not on  | 1001     | Magento  | not enabled       | Magento    |
      | a channel the account does not have | 1001     | eBay     | no source channel | Magento    |

    @woocommerce
    Examples: WooCommerce
      | why                                 | order_id | channel     | message           | storefront  |
      | no order ID entered                 |          | NetSuite    | Enter an order ID | WooCommerce |
      | a direction the account has not on  | 1001     | WooCommerce | not enabled       | WooCommerce |
      | a channel the account does not have | 1001     | eBay        | no source channel | WooCommerce |
