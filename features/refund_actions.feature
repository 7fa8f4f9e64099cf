@to_storefront
Feature: Statuses and actions on retrieved refunds, and the scheduled sync
  A retrieved refund is listed in Data Flows > Other Transactions. Post syncs it (Posted) or fails
  with an error whose message shows on hover; Cancel keeps it but ignores it and Uncancel reverts
  that; Delete from FarApp forgets it so it can be retrieved again. The scheduled refund sync runs
  every 90 minutes and does what a manual retrieve and post would.

  @success @normal
  Scenario Outline: A retrieved refund waits in the list until it is posted
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a success message
    And the refund's status is "Retrieved"
    And the connector lists 1 refund for the order
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

  @success @normal
  Scenario Outline: A canceled refund is not posted until it is uncanceled
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the user cancels the refund
    And the connector posts the retrieved refunds again
    Then the refund's status is "Canceled"
    And the refund's error message contains "canceled"
    And the storefront has refunded nothing
    When the user uncancels the refund
    Then the refund's status is "Retrieved"
    And the refund shows no error message
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
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

  # A refund the user canceled stays canceled when the order is retrieved again: by the scheduled
  # sync every 90 minutes too. A retrieve that refreshed every refund not posted (an upsert) made it
  # Retrieved again, and the schedule posted it: the money the user held back went to the customer.
  @success @critical
  Scenario Outline: A canceled refund stays canceled when the scheduled sync retrieves the <storefront> order again
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the user cancels the refund
    And 90 minutes pass
    Then the refund's status is "Canceled"
    And the connector lists 1 refund for the order
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

  # The refund is posted as NetSuite has it when it is posted, not as it was retrieved: deleted in
  # NetSuite since (entered in error), nothing goes back; corrected (its shipping taken off), what
  # goes back is the corrected total, and the list says so. A connector posting the copy it read at
  # the retrieve refunded a deleted refund, and 45.60 of a refund corrected to 39.60.
  @success @critical
  Scenario Outline: A NetSuite refund deleted after the retrieve is not posted to <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the NetSuite refund is deleted in NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
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

  @success @critical
  Scenario Outline: A NetSuite refund corrected after the retrieve is posted to <storefront> as corrected
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the NetSuite refund's shipping is taken off in NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 39.60
    And the storefront refund total equals the NetSuite refund total
    And each posted refund names the refund it created, for the same amount

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

  # Corrected after a post that ended in Error, the refund is posted again as NetSuite has it now: a
  # connector that kept the refund it read at the first attempt and posted that copy again gave back
  # the shipping NetSuite no longer refunds (45.60 for 39.60).
  @success @critical
  Scenario Outline: A NetSuite refund corrected after its post ended in Error is posted to <storefront> as corrected
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 4 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the NetSuite refund's shipping is taken off in NetSuite
    And the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 39.60
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

  # A refund in Error waits for the user (Post again, or refund it by hand and cancel it here): the
  # schedule posts Retrieved refunds only. A schedule that posted the Errors again too refunded the
  # customer twice once the merchant had refunded the unit by hand.
  @success @critical
  Scenario Outline: A refund in Error that the merchant then refunds by hand on <storefront> is not posted by the next cycle
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
    And <storefront> will answer the next 4 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    Given 1 unit of the first line has been refunded on the storefront
    When 90 minutes pass
    Then the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 13.20

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

  # A refund the gateway declined ends in Error with why; posted again, it goes through: Posted, and
  # the earlier failure no longer shown on hover. A connector that kept it had the merchant read
  # that nothing was refunded, and refund by hand: the money twice. Canceled and uncanceled, a refund
  # in Error is Retrieved again, its message gone, and the schedule posts it; a connector that put
  # back the status it had before Cancel left it in Error, never posted.
  @success @critical @shopify
  Scenario: A refund the gateway declined, posted again with success, shows no error
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the refund shows no error message

  # Posted again and failing for another reason, the refund says the last: the merchant acts on
  # what is wrong now. Keeping the first failure (Shopify unavailable), the message sent the merchant
  # to post again and again while the gateway declined the refund every time.
  @success @normal @shopify
  Scenario: A refund posted again that fails for another reason shows the last failure
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify will answer the next 4 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "503"
    Given the storefront's payment gateway will decline the next refund
    When the connector posts the retrieved refunds again
    Then the refund's status is "Error"
    And the refund's error message contains "declined the refund"
    And every planned fault fired
    And the storefront has refunded nothing

  @success @critical @shopify
  Scenario: A refund in Error, canceled and uncanceled, is Retrieved and the schedule posts it
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the user cancels the refund
    Then the refund's status is "Canceled"
    When the user uncancels the refund
    Then the refund's status is "Retrieved"
    And the refund shows no error message
    When the scheduled refund sync is turned on
    And 90 minutes pass
    Then every refund listed for the order is "Posted"
    And the storefront refund total equals the NetSuite refund total

  # Retrieved again by the schedule, the corrected refund is the one listed, not a second row. A
  # connector that knew a retrieved refund by its record and amount listed it twice (the new row
  # posted, the old in Error, "already been posted").
  @success @critical @shopify
  Scenario: A NetSuite refund corrected after the retrieve is listed once when the schedule retrieves the order again
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the NetSuite refund's shipping is taken off in NetSuite
    And the scheduled refund sync is turned on
    And 90 minutes pass
    Then the connector lists 1 refund for the order
    And every refund listed for the order is "Posted"
    And the storefront has refunded exactly 39.60

  # A refund another integration made in NetSuite (a returns app, a CSV import) carries an external
  # ID of its own: it is any NetSuite user's refund to the connector, which knows its own writes by
  # its own prefix. Taking every refund with an external ID for its own, it never sent this one.
  @success @critical
  Scenario Outline: A NetSuite refund another integration made, with its own external ID, is retrieved and posted to <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite by another integration
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a success message
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
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

  @success @normal
  Scenario Outline: A deleted refund can be retrieved again
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the user deletes the refund from the connector
    Then the refund is no longer listed in the connector
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a success message
    And the connector lists 1 refund for the order

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

  # The first of an order's two refunds deleted from the connector and retrieved again: each refund
  # keeps an id of its own (the one retrieved again, posted already, is not posted twice). Numbered
  # by how many are listed, the refund retrieved again took the id of the one still listed, and
  # wrote over it: that refund was gone from the list, never posted.
  @success @normal
  Scenario Outline: A refund retrieved again after the first of two was deleted takes an id of its own on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 1 unit of the first line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the user deletes the first refund listed for the order
    And the connector retrieves the refunds of the order from NetSuite
    Then the connector lists 2 refunds for the order
    When the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already been posted"
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
  Scenario Outline: A posted refund that is deleted and retrieved again is not refunded twice
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a <payment> <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already been posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

    @shopify
    Examples: Shopify
      | payment | billing     | storefront |
      | paid    | a cash sale | Shopify    |

    # An order on terms (a purchase order, a bank transfer), paid since, is refunded offline: Magento's
    # credit memo from the order, WooCommerce's manual refund. The connector finds its stamp there too.
    @magento
    Examples: Magento
      | payment | billing     | storefront |
      | paid    | a cash sale | Magento    |
      | unpaid  | an invoice  | Magento    |

    @woocommerce
    Examples: WooCommerce
      | payment | billing     | storefront  |
      | paid    | a cash sale | WooCommerce |
      | unpaid  | an invoice  | WooCommerce |

  # The refund corrected in NetSuite after it was posted (its shipping taken off), then deleted from
  # the connector and retrieved again: its stamp names the NetSuite refund, not its money, so the
  # connector finds what it posted. One that stamps its refunds with their amount (or takes a stamped
  # refund for its own only when the money is NetSuite's now) finds none and posts 13.20 more: the
  # storefront gives back 32.40 where NetSuite refunds 13.20.
  @success @critical
  Scenario Outline: A posted refund corrected in NetSuite, deleted and retrieved again, is not refunded twice on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line     | units |
      | MUG-01   | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    When the NetSuite refund's shipping is taken off in NetSuite
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already been posted"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 19.20

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

  # The connector finds its earlier refund by its stamp among all the order's refunds, page after
  # page: Shopify lists them oldest first, 50 to a page unless asked for more (at most 250: its own,
  # the 251st, is past the largest page too); WooCommerce newest first, 10 to a page (at most 100);
  # Magento as many as a search asks for (at most 300). A connector that reads one page, however
  # large, misses its own refund on an order with more, and refunds it again. (Magento answers a
  # search without a page size with every result unless the store turned its web API input limits
  # on: the scenario after.)
  @success @critical
  Scenario Outline: A posted refund listed past the first page of the order's refunds on <storefront> is found, not refunded twice
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price  |
      | LAMP-21  | 1     | 100.00 |
      | shipping |       | 9.00   |
    And the order has been billed in NetSuite as a cash sale
    And <before> general refunds of 0.10 each have been made on the storefront
    And 1.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the merchant makes <after> general refunds of 0.10 each on the storefront
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already been posted"
    And the storefront order carries exactly <refunds> refunds

    @shopify
    Examples: Shopify
      | storefront | before | after | refunds |
      | Shopify    | 250    | 1     | 252     |

    @magento
    Examples: Magento
      | storefront | before | after | refunds |
      | Magento    | 300    | 1     | 302     |

    # WooCommerce lists an order's refunds newest first: the connector's own, the second oldest of 102,
    # is past the first page of 100 (the first row); read oldest first, one page misses it in the
    # second row, where it is the 101st oldest.
    @woocommerce
    Examples: WooCommerce
      | storefront  | before | after | refunds |
      | WooCommerce | 1      | 100   | 102     |
      | WooCommerce | 100    | 1     | 102     |

  # A Magento store with its web API input limits on (Adobe, "API security": off by default) answers
  # a search that names no pageSize with its first 20 results: a connector that reads the order's
  # credit memos with one such search misses its own, the 21st, and refunds it again.
  @success @critical @magento
  Scenario: A posted refund past the 20th credit memo of a Magento store with its web API input limits on is found, not refunded twice
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And the Magento store has its web API input limits on
    And a paid Magento order with these lines has been synced to NetSuite:
      | line     | units | price  |
      | LAMP-21  | 1     | 100.00 |
      | shipping |       | 9.00   |
    And the order has been billed in NetSuite as a cash sale
    And 20 general refunds of 0.10 each have been made on the storefront
    And 1.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the merchant makes 1 general refunds of 0.10 each on the storefront
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already been posted"
    And the storefront order carries exactly 22 refunds

  # What a WooCommerce order has left to refund is counted from every page of its refunds (10 a page,
  # newest first): a unit the merchant refunded by hand before ten later refunds is on the second
  # page, and a connector counting the first page alone refunds it again — WooCommerce caps only
  # the order's money.
  @success @critical @woocommerce
  Scenario: A unit refunded on WooCommerce before ten later refunds is counted, not refunded again
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And 10 general refunds of 0.10 each have been made on the storefront
    And these lines have been refunded in NetSuite:
      | line  | units |
      | first | 3     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "left to refund"
    And the storefront order carries exactly 11 refunds

  # The invoice an online Magento refund goes through is the one that still holds its units, counted
  # from every credit memo of the order: a store with its web API input limits on answers a search
  # naming no pageSize with 20, and a connector counting those alone takes an invoice whose units were
  # refunded for one that still holds them — Magento refuses a credit memo of nothing.
  @success @critical @magento
  Scenario: A unit of a Magento order billed in two invoices, past 20 credit memos, goes back through the invoice that still holds one
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And the Magento store has its web API input limits on
    And a paid Magento order with these lines, its card payment captured in two invoices, has been synced to NetSuite:
      | line     | units | price | first invoice |
      | MUG-01   | 3     | 12.00 | 2             |
      | TEA-02   | 1     | 30.00 | 1             |
      | shipping |       | 5.00  |               |
    And the order has been billed in NetSuite as a cash sale
    And 20 general refunds of 0.10 each have been made on the storefront
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 23 refunds
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 3     | 36.00  |
    And each storefront refund went back to the order's payment

  @success @normal
  Scenario Outline: Retrieving the same refunds twice imports them once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "already been retrieved"
    And the connector lists 1 refund for the order

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
  Scenario Outline: The scheduled sync posts the refund after 90 minutes, not before
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When 89 minutes pass
    Then the storefront has refunded nothing
    When 1 minute passes
    Then the storefront order carries exactly 1 refund
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

  @success @normal
  Scenario Outline: A posted refund cannot be canceled, and canceling it changes nothing
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the user cancels the refund
    Then the refund's status is "Posted"
    And the refund's error message contains "cannot be canceled"
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

  @success @normal
  Scenario Outline: Only a canceled refund can be uncanceled
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the user uncancels the refund
    Then the refund's status is "Retrieved"
    And the refund's error message contains "canceled"
    And the storefront has refunded nothing
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"

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
  # In the refund's own currency: a connector listing every NetSuite refund in the account's base
  # currency showed a 20.00 EUR credit memo as 20.00 USD (the money posted was right, the list not).
  Scenario Outline: Each retrieved refund names the order, the amount and the currency of the NetSuite refund, in <currency>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order in <currency> has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Then each retrieved refund shows the order, amount and currency of its source
    And every refund listed for the order is "Retrieved"

    @shopify
    Examples: Shopify
      | storefront | currency |
      | Shopify    | USD      |
      | Shopify    | EUR      |

    @magento
    Examples: Magento
      | storefront | currency |
      | Magento    | USD      |
      | Magento    | GBP      |

    @woocommerce
    Examples: WooCommerce
      | storefront  | currency |
      | WooCommerce | USD      |
      | WooCommerce | CAD      |

  @success @critical
  Scenario Outline: The scheduled sync picks up what was retrieved by hand and what is new, cycle after cycle
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And 90 minutes pass
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 1 refund
    When 90 minutes pass
    Then the connector lists 1 refund for the order
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

  @success @normal
  Scenario Outline: A setting changed while the scheduled sync runs does not restart its 90 minutes on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When 60 minutes pass
    And the account setting "max_attempts" is changed to 3
    And 30 minutes pass
    Then the storefront order carries exactly 1 refund
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

  # The merchant turns the scheduled sync off to refund by hand: from then on nothing is retrieved
  # or posted on its own (a job registered when it was switched on, never removed, kept posting).
  @success @normal
  Scenario Outline: The scheduled sync turned off while the connector runs retrieves and posts nothing more on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    When 30 minutes pass
    And the account setting "scheduled_sync" is changed to off
    And 1 unit of the first line is refunded in NetSuite
    And 180 minutes pass
    Then the storefront has refunded nothing
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

  # Refund sync switched off (a merchant who will refund by hand now), the schedule syncs nothing:
  # a refund retrieved before waits for the user, who may still post or cancel it. A schedule that
  # posted every Retrieved refund whatever the direction refunded it while the merchant did too.
  @success @critical
  Scenario Outline: Refund sync switched off on <storefront>: the schedule posts nothing retrieved before
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the account is switched to sync refunds off
    And 90 minutes pass
    Then the storefront has refunded nothing
    And the refund's status is "Retrieved"

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
  Scenario Outline: The scheduled sync goes past an order whose sync failed to the <storefront> orders after it
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And the connector has failed to sync an earlier <storefront> order, one with an item unknown to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
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

  # An account in use has many orders: each cycle looks at every synced order, not a batch of the
  # oldest ("to stay inside NetSuite's governance"), or the refunds of the newest are never picked up.
  @success @normal
  Scenario Outline: The scheduled sync posts the refund of the <storefront> account's 26th order
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And 25 paid <storefront> orders of other customers have been synced to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When 90 minutes pass
    Then every refund listed for the order is "Posted"
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

  @success @normal @default_scheduled_sync
  Scenario Outline: Without the scheduled refund sync (the default), hours pass and no refund is retrieved from NetSuite for <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When 180 minutes pass
    Then the connector lists 0 refunds for the order
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
