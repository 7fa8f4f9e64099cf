@missing_credit_memo @to_storefront
Feature: Missing credit memo
  The connector finds a NetSuite refund through the billed record of the order: a cash refund
  created from the cash sale, or a credit memo created from the invoice. When there is none — the
  order is not billed, the billed record was not refunded, or a credit memo was entered on its own —
  the Retrieve dialog fails and says which record is missing.

  @critical
  Scenario Outline: An order that was never billed cannot have its refund retrieved
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "has not been billed"
    And the failure message names the order ID entered
    And the storefront has refunded nothing

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

  @critical
  Scenario Outline: <billing> without a refund created from it gives a missing-refund message
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And NetSuite already holds another buyer's order
    And a <payment> <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "<missing>"
    And the failure message names the order ID entered
    And the connector lists 0 refunds for the order

    @shopify
    Examples: Shopify
      | payment | billing     | missing                                           | storefront |
      | paid    | a cash sale | No cash refund was created from the billed record | Shopify    |
      | unpaid  | an invoice  | No credit memo was created from the billed record | Shopify    |

    @magento
    Examples: Magento
      | payment | billing     | missing                                           | storefront |
      | paid    | a cash sale | No cash refund was created from the billed record | Magento    |
      | unpaid  | an invoice  | No credit memo was created from the billed record | Magento    |

    @woocommerce
    Examples: WooCommerce
      | payment | billing     | missing                                           | storefront  |
      | paid    | a cash sale | No cash refund was created from the billed record | WooCommerce |
      | unpaid  | an invoice  | No credit memo was created from the billed record | WooCommerce |

  @normal
  Scenario Outline: A credit memo not created from the invoice is named, and not synced
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And an unpaid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And a credit memo for the customer has been entered without the invoice
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "was not created from the billed record"
    And the storefront has refunded nothing

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

  # The customer's other order, invoiced and credited in full from its own invoice: its credit memo is
  # no missing one of this order. Named as one "not created from the billed record", it had the user
  # make a credit memo from this order's invoice for a refund nobody asked for.
  @normal
  Scenario Outline: A credit memo of the customer's other order is not named as one entered without this order's invoice
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And an unpaid <storefront> order has been synced to NetSuite
    And a second unpaid <storefront> order from the same customer has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And the second order has been billed in NetSuite as an invoice and refunded in full there
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "No credit memo was created from the billed record"
    And the storefront has refunded nothing

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

  # A credit memo entered without an invoice names its order by what it applies to. One that credits
  # the customer's other order's invoice is that order's: named as this order's missing one, it sent
  # the user to credit this order for a refund nobody asked for. One that credits this order's
  # invoice is its refund already, entered the wrong way: another made from the invoice credits it
  # twice, so the message says to refund it by hand.
  @normal
  Scenario Outline: A credit memo entered without an invoice and applied to the <whose> invoice is named as <named>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And an unpaid <storefront> order has been synced to NetSuite
    And a second unpaid <storefront> order from the same customer has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And the second order has been billed in NetSuite as an invoice
    And a credit memo entered without its invoice has been applied to the <whose> invoice
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "<message>"
    And the storefront has refunded nothing

    @shopify
    Examples: Shopify
      | storefront | whose          | named                | message                                           |
      | Shopify    | second order's | none of this order's | No credit memo was created from the billed record |
      | Shopify    | order's        | this order's refund  | Refund it on the storefront by hand               |

    @magento
    Examples: Magento
      | storefront | whose          | named                | message                                           |
      | Magento    | second order's | none of this order's | No credit memo was created from the billed record |
      | Magento    | order's        | this order's refund  | Refund it on the storefront by hand               |

    @woocommerce
    Examples: WooCommerce
      | storefront  | whose          | named                | message                                           |
      | WooCommerce | second order's | none of this order's | No credit memo was created from the billed record |
      | WooCommerce | order's        | this order's refund  | Refund it on the storefront by hand               |
