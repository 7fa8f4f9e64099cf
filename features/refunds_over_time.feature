@to_storefront
Feature: Refunds that arrive over time
  An order is not always refunded at once: a second and a third partial refund come after the first
  was posted, the scheduled sync runs cycle after cycle, and a user may post again a refund whose
  first post was lost on the way or ended in error. Every refund reaches the storefront exactly
  once, whichever way it is picked up.

  @success @critical
  Scenario Outline: A second and a third partial refund, each retrieved and posted after the one before
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 1 unit of the second line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 2 units of the first line are refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the connector lists 3 refunds for the order
    And the storefront order carries exactly 3 refunds
    And the storefront has refunded exactly 48.95
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 3     | 36.00  |
      | TEA-02 | 1     | 8.50   |
      | tax    |       | 4.45   |
    And the storefront refund matches the NetSuite refund line by line

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

  # NetSuite refunds each unit of a line its share of the line's tax and discount (1.00 of tax over
  # three units: 0.33 each; 2.00 of discount: 0.67 each). Magento shares what is left of them by the
  # units left, the last units taking the rest (Creditmemo\Total\Tax, Discount): 0.33, 0.34, 0.33
  # of tax, 0.67, 0.67, 0.66 of discount. A connector that let Magento work out the money alone gave
  # back 37.00 and 34.00 where NetSuite refunded 36.99 and 33.99: each later refund a cent off, all
  # of them Posted.
  @success @normal
  Scenario Outline: A line refunded one unit at a time over three cycles gives back on <storefront> what NetSuite refunded, to the cent
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price | tax  | discount |
      | MUG-01 | 3     | 12.00 | 1.00 | 0.00     |
      | TEA-02 | 3     | 12.00 | 0.00 | 2.00     |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And 1 unit of the second line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then each posted refund names the refund it created, for the same amount
    When 1 unit of the first line is refunded in NetSuite
    And 1 unit of the second line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then each posted refund names the refund it created, for the same amount
    When 1 unit of the first line is refunded in NetSuite
    And 1 unit of the second line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then each posted refund names the refund it created, for the same amount
    And every refund listed for the order is "Posted"
    And the storefront order carries exactly 6 refunds
    And the storefront has refunded exactly 70.98
    And the storefront refund total equals the NetSuite refund total

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

  @success @critical
  Scenario Outline: The scheduled sync posts a refund made in NetSuite between two cycles
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the scheduled refund sync is on
    And 1 unit of the first line has been refunded in NetSuite
    When 90 minutes pass
    And 1 unit of the second line is refunded in NetSuite
    And 90 minutes pass
    Then every refund listed for the order is "Posted"
    And the connector lists 2 refunds for the order
    And the storefront order carries exactly 2 refunds
    And the storefront refund matches the NetSuite refund line by line

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

  # A cycle that could not read NetSuite (503s past the account's attempts) leaves the order's
  # refund for the next: retrieved by what is there, not by what changed since the last cycle began.
  @success @critical
  Scenario Outline: The scheduled sync posts a NetSuite refund at the next cycle when a cycle could not read NetSuite
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And the scheduled refund sync is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And NetSuite will answer the next 4 requests with HTTP 503
    When 90 minutes pass
    Then the connector lists 0 refunds for the order
    When 90 minutes pass
    Then every refund listed for the order is "Posted"
    And every planned fault fired
    And the connector lists 1 refund for the order
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

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

  # NetSuite numbers each kind of transaction on its own (Cash Refund #1001, Credit Memo #1001): the
  # connector knows a retrieved refund by its record, not by its number, or the credit memo is taken
  # for the cash refund retrieved already and never reaches the customer.
  @success @critical
  Scenario Outline: A cash refund and a credit memo of one order, numbered alike, are both retrieved and posted
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    And the order has been billed in NetSuite as an invoice
    And 1 unit of the TEA-02 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the connector lists 2 refunds for the order
    And every refund listed for the order is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront refund total equals the NetSuite refund total

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

  # An order may be billed in parts (its second line billed when it ships), the second bill after a
  # first refund synced: the order's bills are read afresh at each retrieve. A connector that kept
  # the bills it read first never saw the second one's refund ("already been retrieved").
  @success @critical
  Scenario Outline: An order billed a second time after its first refund was synced has the refund of its second bill posted to <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    Given the order has been billed in NetSuite as an invoice
    And 1 unit of the TEA-02 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the connector lists 2 refunds for the order
    And every refund listed for the order is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront refund total equals the NetSuite refund total

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

  # A refund may come long after the order (a return two months on): the schedule looks at every
  # order it synced, however old. One that looked at the last 60 days' orders alone (Shopify's window
  # without read_all_orders, a lookback to keep cycles short) never gave that refund back.
  @success @critical
  Scenario Outline: The scheduled sync turned on 61 days after the <storefront> order synced posts its NetSuite refund
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "scheduled_sync" is off
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    When 87840 minutes pass
    And the scheduled refund sync is turned on
    And 1 unit of the first line is refunded in NetSuite
    And 90 minutes pass
    Then the connector lists 1 refund for the order
    And every refund listed for the order is "Posted"
    And the storefront order carries exactly 1 refund

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

  @success @critical
  Scenario Outline: The scheduled sync turned on after the order runs from when it is turned on
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "scheduled_sync" is off
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When 60 minutes pass
    And the scheduled refund sync is turned on
    And 89 minutes pass
    Then the storefront has refunded nothing
    When 1 minute passes
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 1 refund

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

  @success @critical
  Scenario Outline: A refund whose post lost its answer every time is posted once when posted again
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the account setting "max_attempts" is 1
    And <refunded> in NetSuite
    And <storefront> will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total
    And each posted refund names the refund it created, for the same amount

    # One unit of several: the order could take the refund twice, the storefront would not refuse a second one.
    @shopify
    Examples: Shopify
      | refunded                                   | storefront |
      | the order has been refunded in full        | Shopify    |
      | 1 unit of the first line has been refunded | Shopify    |

    @magento
    Examples: Magento
      | refunded                                   | storefront |
      | the order has been refunded in full        | Magento    |
      | 1 unit of the first line has been refunded | Magento    |

    @woocommerce
    Examples: WooCommerce
      | refunded                                   | storefront  |
      | the order has been refunded in full        | WooCommerce |
      | 1 unit of the first line has been refunded | WooCommerce |

  @success @critical
  Scenario Outline: A refund that ended in Error is posted once when posted again
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 4 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the storefront has refunded nothing
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And <storefront> received exactly 5 refund requests from the connector

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

  # Two partial refunds retrieved together: the first ends in Error (nothing reached the
  # storefront), the second is posted. Posted again, the first must be looked for by its own stamp:
  # the order already carries a refund, the second's, which is not it.
  @success @critical
  Scenario Outline: A partial refund that ended in Error is posted when posted again, though the order carries a later one
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And 1 unit of the second line has been refunded in NetSuite
    And <storefront> will answer the next 4 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the connector posts the retrieved refunds again
    Then every refund listed for the order is "Posted"
    And the connector lists 2 refunds for the order
    And the storefront order carries exactly 2 refunds
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |
      | TEA-02 | 1     | 8.50   |
      | tax    |       | 2.05   |
    And <storefront> received exactly 6 refund requests from the connector

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

  @success @normal
  Scenario Outline: A setting changed while the connector runs is used from then on
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 10 refund requests with HTTP 503
    When the account setting "max_attempts" is changed to 2
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And <storefront> received exactly 2 refund requests from the connector

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

  @success @normal
  Scenario Outline: A setting change the connector refuses leaves the account as it was
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 2
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 10 refund requests with HTTP 503
    Then the connector refuses to save the account with "max_attempts" set to 0
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And <storefront> received exactly 2 refund requests from the connector

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

  # An order whose sync failed (its currency not mapped yet) and that synced later is on the schedule
  # like any other: its NetSuite refund is posted by the next cycle. Dropped for good from the
  # schedule at its failure, its refunds waited for someone to retrieve them by hand.
  @success @critical
  Scenario Outline: The scheduled sync posts the NetSuite refund of a <storefront> order whose sync failed once and that synced later
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "currency_ids" is {"USD": "1"}
    And the scheduled refund sync is on
    And a paid <storefront> order in GBP that was never synced to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    When 90 minutes pass
    And the account setting "currency_ids" is changed to {"USD": "1", "GBP": "2"}
    And the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    Given the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When 90 minutes pass
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

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

  # A refund a NetSuite user enters later but dates earlier (the day of the return, the last day of a
  # period being closed) is retrieved like any other: the connector asks for every refund of the
  # bill, not for those dated since its last look.
  @success @critical
  Scenario Outline: The scheduled sync posts a <storefront> refund entered in NetSuite a day later but dated the day the order was billed
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When 90 minutes pass
    And 1440 minutes pass
    And 1 unit of the second line is refunded in NetSuite, dated the day the order was billed
    And 90 minutes pass
    Then the connector lists 2 refunds for the order
    And every refund listed for the order is "Posted"
    And the storefront order carries exactly 2 refunds

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

  # Refunds of one order retrieved together are posted one after another: each is prepared from the
  # order as the one before it left it. A connector reading the order once for the batch prepares the
  # second from the order before the first: a cent of tax more on Magento, more shipping than is left
  # on Shopify (refused: the last part never goes back).
  @success @normal @magento
  Scenario: Three one-unit NetSuite refunds of a taxed line posted in one batch reach Magento to the cent
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines has been synced to NetSuite:
      | line   | units | price | tax  |
      | MUG-01 | 3     | 12.00 | 1.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And 1 unit of the first line has been refunded in NetSuite
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And each posted refund names the refund it created, for the same amount
    And the storefront has refunded exactly 36.99

  @success @normal @shopify
  Scenario: Tax-inclusive shipping refunded in NetSuite in three parts posted in one batch reaches Shopify whole
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.00 |
      | shipping |       | 10.00 | 1.67 |
    And the order has been billed in NetSuite as a cash sale
    And 2.78 of the shipping has been refunded in NetSuite
    And 2.78 of the shipping has been refunded in NetSuite
    When the shipping left is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 3 refunds
    And the storefront refund total equals the NetSuite refund total
