Feature: Order sync, the prerequisite of refund sync
  Before refund sync is activated, order sync must have been tested: the storefront order exists in
  NetSuite as a sales order the connector created — the customer (found if NetSuite knows her,
  never duplicated), each line with its item, units and price after discount, the shipping, the
  tax and the currency — and it has been billed in NetSuite: a paid order as a cash sale, an unpaid
  order (or one with terms) as an invoice.

  @success @to_storefront @critical
  Scenario Outline: An order that is <payment> syncs to NetSuite and is billed as <billing>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And <a payment> <storefront> order that was never synced to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax
    And the order can be billed in NetSuite as <billing>

    @shopify
    Examples: Shopify
      | payment | a payment | billing     | storefront |
      | paid    | a paid    | a cash sale | Shopify    |
      | unpaid  | an unpaid | an invoice  | Shopify    |

    @magento
    Examples: Magento
      | payment | a payment | billing     | storefront |
      | paid    | a paid    | a cash sale | Magento    |
      | unpaid  | an unpaid | an invoice  | Magento    |

    @woocommerce
    Examples: WooCommerce
      | payment | a payment | billing     | storefront  |
      | paid    | a paid    | a cash sale | WooCommerce |
      | unpaid  | an unpaid | an invoice  | WooCommerce |

  @success @to_storefront @critical
  Scenario Outline: A <storefront> order in <currency> with taxed, discounted lines and taxed shipping syncs line by line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price | tax  | discount |
      | MUG-01   | 3     | 12.00 | 3.42 | 0.60     |
      | TEA-02   | 2     | 8.50  | 1.70 |          |
      | shipping |       | 6.00  | 0.60 |          |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

    @shopify
    Examples: Shopify
      | currency | storefront |
      | USD      | Shopify    |
      | EUR      | Shopify    |

    @magento
    Examples: Magento
      | currency | storefront |
      | USD      | Magento    |
      | EUR      | Magento    |

    @woocommerce
    Examples: WooCommerce
      | currency | storefront  |
      | USD      | WooCommerce |
      | EUR      | WooCommerce |

  @success @to_netsuite @ebay @critical
  Scenario: An eBay order syncs to NetSuite line by line
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order has been synced to NetSuite
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

  @success @to_storefront @normal
  Scenario Outline: A second order of the same customer is hers in NetSuite: the customer is found, not duplicated
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And a second paid <storefront> order from the same customer has been synced to NetSuite
    Then NetSuite has one customer for the order's email, shared by both orders

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

  @missing_order @to_storefront @normal
  Scenario Outline: An order whose item is not in NetSuite does not sync, and says why
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with an item unknown to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "No NetSuite item matches SKU"

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
