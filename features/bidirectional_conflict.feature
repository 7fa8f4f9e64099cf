@bidirectional_conflict @to_storefront @to_netsuite
Feature: Bidirectional conflict
  Refund sync must never be enabled in both directions: a refund synced one way comes back the other
  way looking like a new refund (the echo), and a connector that does not recognise its own writes
  refunds the customer twice. These scenarios enable both directions on purpose: no refund may be
  doubled and the totals must still match — and a profile that enables both is never certified.
  A shopping cart's connector (Magento, WooCommerce) has one refund workflow, from NetSuite, so the
  conflict cannot arise there; its account is refused both directions all the same.

  @shopify @critical
  Scenario Outline: A NetSuite refund (<refund>) posted to Shopify is not synced back to NetSuite
    Given a Shopify connector account that syncs refunds in both directions
    And the scheduled refund sync is on
    And refund adjustment items are set on the account
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And <refund> in NetSuite
    When 90 minutes pass
    And 90 minutes pass
    Then the storefront order carries exactly 1 refund
    And NetSuite has exactly 1 refund created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And the connector lists 1 refund for the order
    And every refund listed for the order is "Posted"

    Examples:
      | refund                                          |
      | the order has been refunded in full             |
      | 1 unit(s) of the first line have been refunded  |

  @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A Shopify refund (<refund>) synced to NetSuite is not sent back to Shopify
    Given a Shopify connector account that syncs refunds in both directions
    And the scheduled refund sync is on
    And refund adjustment items are set on the account
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And <refund> on the storefront
    When 90 minutes pass
    And 90 minutes pass
    Then the storefront order carries exactly 1 refund
    And NetSuite has exactly 1 refund created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And the connector lists 1 refund for the order
    And every refund listed for the order is "Posted"

    Examples: a refund of a line
      | refund                                          |
      | 1 unit(s) of the first line have been refunded  |

    @default_only_cash_refund_against_matching_record
    Examples: a general refund (no line of the billed record matches it)
      | refund                                          |
      | a general refund of 7.35 has been made          |

  # The connector knows its own write by what the record carries (its external ID, its stamp), not
  # by the answer it read: NetSuite's answer to the write is lost here, the post ends in Error with
  # one attempt, and the next sync finds the connector's own cash refund in NetSuite. Taken for one
  # a NetSuite user made, it would go back to Shopify as a second refund.
  @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: Both ways, a Shopify refund whose NetSuite answer was lost is not sent back to Shopify
    Given a Shopify connector account that syncs refunds in both directions
    And the scheduled refund sync is on
    And refund adjustment items are set on the account
    And the account setting "max_attempts" is 1
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 3     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And NetSuite will drop the answer after committing it on the next refund request
    When 90 minutes pass
    And 90 minutes pass
    Then every planned fault fired
    And the storefront order carries exactly 1 refund
    And NetSuite has exactly 1 refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  # A refund made after the connector's own write on the same side: a connector that stops reading
  # a list at its own write (instead of passing over it) never sees the refund after it.
  @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: Both ways, a NetSuite refund made after the connector's own write in NetSuite is synced to Shopify once
    Given a Shopify connector account that syncs refunds in both directions
    And the scheduled refund sync is on
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When 90 minutes pass
    And 90 minutes pass
    And 1 unit of the first line is refunded in NetSuite
    And 90 minutes pass
    And 90 minutes pass
    Then the storefront order carries exactly 2 refunds
    And NetSuite has exactly 2 refunds created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And the connector lists 2 refunds for the order
    And every refund listed for the order is "Posted"

  # The other way round, the Shopify refund after the connector's own write there is retrieved, but
  # not posted: the order is refunded in NetSuite already (by the NetSuite user), and a refund is
  # made in one system only.
  @shopify @critical
  Scenario: Both ways, a Shopify refund made after the connector's own write on Shopify is retrieved, not posted over NetSuite's
    Given a Shopify connector account that syncs refunds in both directions
    And the scheduled refund sync is on
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When 90 minutes pass
    And 90 minutes pass
    And 1 unit of the first line is refunded on the storefront
    And 90 minutes pass
    And 90 minutes pass
    Then the storefront order carries exactly 2 refunds
    And NetSuite has exactly 1 refund created from the billed record
    And the connector lists 2 refunds for the order

  # The twins: the merchant refunds a unit on Shopify while a NetSuite user refunds the same unit,
  # before a cycle runs. The Shopify refund is not posted over NetSuite's (above); nor may NetSuite's
  # go to Shopify over the merchant's. A connector guarding one way only gave the customer the unit's
  # money twice (24.00 on Shopify against 12.00 in NetSuite).
  @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: Both ways, a unit refunded on Shopify and the same unit refunded in NetSuite before a cycle is not given back twice
    Given a Shopify connector account that syncs refunds in both directions
    And the scheduled refund sync is on
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded in NetSuite
    When 90 minutes pass
    And 90 minutes pass
    Then the storefront order carries exactly 1 refund
    And NetSuite has exactly 1 refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  # The merchant's Shopify refund whose money the gateway still holds pending has given it back all
  # the same (it is on its way): its NetSuite twin is not posted over it. A connector that counts only
  # refunds whose money has arrived ("success") posted the twin: 24.00 to the customer, NetSuite 12.00.
  @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: Both ways, the NetSuite twin of a Shopify refund whose money is pending at the gateway is not posted to Shopify
    Given a Shopify connector account that syncs refunds in both directions
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And Shopify's payment gateway will hold the next refund pending for 2 hours
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded on Shopify"
    And the storefront order carries exactly 1 refund

  @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: Both ways, by hand: the NetSuite twin of a Shopify refund is not posted to Shopify, and says why
    Given a Shopify connector account that syncs refunds in both directions
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded on Shopify"
    And the storefront order carries exactly 1 refund

  @critical
  Scenario Outline: A <storefront> account cannot be saved with both directions unless the conflict is reproduced on purpose
    Given a <storefront> connector account that syncs refunds in both directions
    Then an account that syncs refunds in both directions is refused without the override
    And the connector refuses to save the account with "allow_both_directions" set to off

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


  # An account that synced refunds to NetSuite is switched to sync them from NetSuite (Oracle's advice
  # for a store that refunds in NetSuite). The cash refunds it wrote from Shopify refunds are its own:
  # the Retrieve finds no NetSuite user's refund, and the schedule sends nothing back. Passing over
  # its own writes only while it synced to NetSuite too, it sent each one back: the customer was
  # refunded twice (24.00 of a 12.00 refund).
  @shopify @critical @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario: A Shopify account switched to sync refunds from NetSuite does not send back the refunds it wrote to NetSuite
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    When the account is switched to sync refunds from NetSuite to the storefront
    And the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "No cash refund"
    And the connector lists 1 refund for the order
    When the scheduled refund sync is turned on
    And 90 minutes pass
    Then the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 12.00

  # The same once a NetSuite user wrote her own note over the memo of the connector's cash refund
  # (the stamp in it gone): the connector knows its writes by their external ID, which it alone
  # sets. Knowing them by the memo's stamp, it sent the edited one back (24.00 of a 12.00 refund),
  # and took it for a NetSuite user's refund in the way of the order's next Shopify refund.
  @shopify @critical @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario: A Shopify refund the connector wrote to NetSuite, its memo edited there, is not sent back when the account switches direction
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    When a NetSuite user changes the memo of the connector's NetSuite refund to "Customer called: returned, approved by J. Smith"
    And 1 unit of the first line is refunded on the storefront
    And the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    When the account is switched to sync refunds from NetSuite to the storefront
    And the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "No cash refund"
    When the scheduled refund sync is turned on
    And 90 minutes pass
    Then the storefront order carries exactly 2 refunds
    And the storefront has refunded exactly 24.00

  # The mirror: an account switched from syncing refunds from NetSuite to syncing them to NetSuite
  # must know the Shopify refunds it wrote (their stamp) whatever the direction now. A connector
  # that passed over them only while it synced from NetSuite took them back as new refunds.
  @shopify @critical @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario: A Shopify account switched to sync refunds to NetSuite does not take back the refunds it wrote to Shopify
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    When the account is switched to sync refunds from the storefront to NetSuite
    And the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a failure message containing "no refund to retrieve"
    And the connector lists 1 refund for the order

  # The merchant's Shopify refunds not synced to NetSuite are looked for on every page of the order's
  # refunds (50 a page, oldest first): a connector looking at the first page alone misses the 51st,
  # and posts NetSuite's twin of it — the unit goes back twice.
  @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: Both ways, the merchant's Shopify refund past the first page of 50 keeps NetSuite's twin from Shopify
    Given a Shopify connector account that syncs refunds in both directions
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price  |
      | LAMP-21  | 1     | 100.00 |
      | MUG-01   | 2     | 12.00  |
      | shipping |       | 9.00   |
    And the order has been billed in NetSuite as a cash sale
    And 50 general refunds of 0.10 each have been made on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    Given 1 unit of the second line has been refunded on the storefront
    And 1 unit of the second line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded on Shopify"
    And the storefront order carries exactly 51 refunds
