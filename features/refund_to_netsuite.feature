@to_netsuite
Feature: Refund sync from the storefront to NetSuite
  The refund is made on the storefront first. The connector retrieves it by order ID (Transaction
  Type = Refunds And Returns) and posts it to NetSuite, where it "replicates clicking the Refund
  button": a cash refund of the cash sale, or a credit memo of the invoice. The order must have
  synced to NetSuite and must not already be refunded there. On eBay only a refund the buyer asked
  for (a return or cancellation) can be retrieved.

  @success @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A Shopify refund of an order billed as <billing> becomes a <record> in NetSuite
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a <payment> Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a success message
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 <record> created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And the line-item refunds match between the storefront and NetSuite
    And each posted refund names the refund it created, for the same amount

    Examples:
      | payment | billing     | record      |
      | paid    | a cash sale | cash refund |
      | unpaid  | an invoice  | credit memo |

  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A partial Shopify refund of one unit is posted with its line
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the line-item refunds match between the storefront and NetSuite

  @success @shopify @normal @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario Outline: A general Shopify refund of <amount> is posted against the positive adjustment item
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a general refund of <amount> has been made on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And NetSuite refunded these lines in all:
      | line                | units | amount   |
      | positive adjustment |       | <amount> |

    Examples:
      | amount |
      | 7.35   |
      | 0.50   |

  # NetSuite's transform copies the bill's tax to the refund it makes: a refund of no tax says so
  # (taxTotal 0). One that leaves a zero tax out refunds the bill's tax too, which Shopify never gave.
  @success @shopify @normal @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario: A general Shopify refund of a taxed order becomes a NetSuite refund of that money alone, without the bill's tax
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 1     | 12.00 | 1.20 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And a general refund of 5.00 has been made on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly 5.00 in all
    And NetSuite refunded these lines in all:
      | line                | units | amount |
      | positive adjustment |       | 5.00   |

  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: The shipping alone of an untaxed Shopify order, refunded on the storefront, becomes a NetSuite refund of the shipping
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund matches the NetSuite refund line by line

  # The same refund on an account that sets no adjustment item: a refund of shipping alone has no
  # money beyond its lines, so it needs none — NetSuite takes it on the bill's lines kept at 0 units,
  # as a NetSuite user refunding shipping alone keeps them. Carried on a zero line of the positive
  # adjustment item, it ended in Error ("needs a positive adjustment of 0").
  @success @shopify @normal @default_only_return_authorization_against_matching_record @default_positive_adjustment_item
  Scenario: The shipping alone refunded on Shopify reaches NetSuite on an account without adjustment items
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund matches the NetSuite refund line by line

  # Shopify gives the shipping of an order shipped in two packages back on each package's shipping
  # line: a refund has a refund shipping line per package. Read from the first alone, NetSuite
  # refunds 5.50 of the 13.20 the customer got back.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: The shipping of a Shopify order shipped in two paid packages, refunded on the storefront, reaches NetSuite whole
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line     | units | amount |
      | shipping |       | 12.00  |
      | tax      |       | 1.20   |
    And NetSuite has refunded exactly 13.20 in all

  # The merchant cancels the order on Shopify, refunding it (Cancel order, "Refund" ticked): the
  # cancellation's refund ("Order canceled") is a Shopify refund like any other. A connector that
  # skips the refunds of a cancelled order (taking it for one that never sold) leaves NetSuite
  # holding the sale: the customer has her 27.40 back, the books never do.
  @success @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: A Shopify order cancelled with its refund is refunded in NetSuite
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 1.20 |
      | shipping |       | 3.00  | 0.00 |
    And the order has been billed in NetSuite as a cash sale
    And the order has been cancelled on Shopify and refunded
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line     | units | amount |
      | MUG-01   | 2     | 24.00  |
      | shipping |       | 3.00   |
      | tax      |       | 1.20   |
    And NetSuite has refunded exactly 28.20 in all

  # A unit refunded on Shopify, then the order cancelled without a refund (the rest kept: a
  # cancellation of what had not shipped, paid for by the merchant's choice): what went back is the
  # one refund. A connector that takes a cancelled order for a refund of the whole order credits
  # NetSuite the 28.20 the customer paid, of which she got 12.60 back.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A Shopify order cancelled without a refund after a refund of a unit is refunded in NetSuite for that unit alone
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 1.20 |
      | shipping |       | 3.00  | 0.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    And the order has been cancelled on Shopify without a refund
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the connector lists 1 refund for the order
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |
      | tax    |       | 0.60   |
    And NetSuite has refunded exactly 12.60 in all

  @success @shopify @normal @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record @default_positive_adjustment_item
  Scenario: A general Shopify refund without an adjustment item errors with the reason
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a general refund of 7.35 has been made on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "Post positive refund adjustments against item"
    And NetSuite has exactly 0 refunds created from the billed record

  # The same when the money kept back needs the negative adjustment item: without one, the refund is
  # not posted short of it (NetSuite would credit the line whole, 12.00 where Shopify gave back 10.00).
  @success @normal @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario Outline: <A storefront> refund that keeps back a fee, without a negative adjustment item, errors with the reason
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And the account setting "negative_adjustment_item" is none
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront for 10.00, the merchant keeping the rest
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "Post negative refund adjustments against item"
    And NetSuite has exactly 0 refunds created from the billed record

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  @success @shopify @critical
  Scenario: An order already refunded in NetSuite is not refunded again
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded in NetSuite"
    And the refund's error message names the NetSuite refund in the way
    And NetSuite has exactly 1 refund created from the billed record

  # The NetSuite user deletes her refund, made by mistake, for the storefront's to go: posted again, it
  # does. A connector that remembered the orders it found refunded in NetSuite (sparing itself the
  # lookups) refused it for ever, and NetSuite never recorded the money the storefront gave back.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund refused for a NetSuite user's refund is posted once she deletes hers
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded in NetSuite"
    When the NetSuite refund is deleted in NetSuite
    And the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  # Shopify gives a line's last unit what is left of its money (35.99 for three is 12.00, 12.00,
  # 11.99): each refund goes to NetSuite at what Shopify gave back for its unit. Credited at the
  # bill's rate (11.9967 a unit), the third needed a negative adjustment of a cent, and without one
  # ended in Error, never posted.
  @success @normal @shopify @default_only_return_authorization_against_matching_record
  Scenario: Units of a Shopify line discounted by a cent, refunded one at a time on Shopify, reach NetSuite to the cent
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price | discount |
      | MUG-01 | 3     | 12.00 | 0.01     |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    And 1 unit of the first line is refunded on the storefront
    And the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    And 1 unit of the first line is refunded on the storefront
    And the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront has refunded exactly 35.99
    And the storefront refund matches the NetSuite refund line by line

  # An item renamed in NetSuite after the order synced is still the bill's line of the order's SKU:
  # the storefront refund credits it. By the item's name now, the line matched none: its money went
  # against the adjustment item (Error on an account without one), the bill's line never credited.
  @success @normal @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario Outline: <A storefront> refund of an item renamed in NetSuite after the order synced credits its line there
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And the NetSuite item "MUG-01" has been renamed "MUG-01-BLUE"
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |
    And the storefront refund matches the NetSuite refund line by line

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  # The merchant renamed the SKU in both systems, and her next order synced the item by its new SKU:
  # the first order's refund still credits its MUG-01 line. Known by the last order's SKU, the item
  # matched no line of the first order's bill, and the money went against the adjustment item.
  @success @normal @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario Outline: <A storefront> refund of the first order credits its line after a second order synced the item under its new SKU
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And the NetSuite item "MUG-01" has been renamed "MUG-01-BLUE"
    And a second paid <storefront> order from the same customer with these lines, its items already in NetSuite, has been synced to NetSuite:
      | line        | units | price |
      | MUG-01-BLUE | 1     | 12.00 |
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  # A credit memo made from the invoice is a refund in NetSuite as a cash refund of a cash sale is:
  # the order is refunded there, and a storefront refund is not posted on top. Counted as no refund
  # ("a credit memo moves no money"), the unit was credited twice.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund of an order a NetSuite user credited from its invoice is not posted
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as an invoice
    And 1 unit of the first line has been refunded in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded in NetSuite"
    And NetSuite has exactly 1 credit memo created from the billed record
    And NetSuite has refunded exactly 12.00 in all

    @shopify
    Examples: Shopify
      | A storefront | storefront |
      | A Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | storefront |
      | An eBay      | eBay       |

  # A credit memo a NetSuite user entered without the invoice and applied to it credits the invoice
  # as one made from it does: the order is refunded in NetSuite. Looking at the records made from
  # the bill alone, the storefront refund was posted on top: the customer credited twice.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund of an order whose invoice a NetSuite user credited with a credit memo entered without it is not posted
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And a credit memo for the customer has been entered without the invoice and applied to it
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded in NetSuite (Credit Memo #"

    @shopify
    Examples: Shopify
      | A storefront | storefront |
      | A Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | storefront |
      | An eBay      | eBay       |

  # The check for NetSuite's own refunds is made at each post: a NetSuite user's refund made after
  # the connector posted one of the order's storefront refunds stops the next. Checked once per
  # order, the third unit was refunded in both systems.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund made after a NetSuite user refunded the order, which the connector had synced a refund of before, is not posted
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 3     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    When 1 unit of the first line is refunded in NetSuite
    And 1 unit of the MUG-01 line is refunded on the storefront
    And the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the connector lists 2 refunds for the order
    And NetSuite has refunded exactly 24.00 in all

    @shopify
    Examples: Shopify
      | A storefront | storefront |
      | A Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | storefront |
      | An eBay      | eBay       |

  @missing_order @shopify @normal
  Scenario: A Shopify refund of an order that was never synced cannot be posted
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order that was never synced to NetSuite
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "not synced to NetSuite"

  @missing_order @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: The scheduled sync leaves <a storefront> refund of an order whose sync failed until the order is synced, then posts it
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "currency_ids" is {"USD": "1"}
    And the scheduled refund sync is on
    And a paid <storefront> order in GBP that was never synced to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    When 1 unit of the first line is refunded on the storefront
    And 90 minutes pass
    And the account setting "currency_ids" is changed to {"USD": "1", "GBP": "2"}
    And the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    Given the order has been billed in NetSuite as a cash sale
    When 90 minutes pass
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund matches the NetSuite refund line by line

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @success @shopify @normal @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario: Two Shopify refunds of one order become two NetSuite refunds
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    And a general refund of 3.10 has been made on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 2 cash refunds created from the billed record
    And the storefront refund total equals the NetSuite refund total

  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: With "only sync against a matching record" a general refund is not posted
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And the account setting "only_cash_refund_against_matching_record" is on
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a general refund of 7.35 has been made on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "matching record"
    And NetSuite has exactly 0 refunds created from the billed record

  @success @minor
  Scenario Outline: With refund sync off nothing is retrieved from <storefront>
    Given <a storefront> connector account that syncs refunds off
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    Then the Retrieve dialog shows a failure message containing "not enabled"
    And the connector lists 0 refunds for the order

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # An account that syncs refunds to NetSuite only does not take NetSuite's refunds the other way: a
  # refund made in NetSuite would go to the storefront too, where the merchant refunds already.
  @missing_order @normal
  Scenario Outline: A retrieve from NetSuite is refused: the account syncs <storefront> refunds to NetSuite only
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "Refund sync from NetSuite is not enabled"
    And the connector lists 0 refunds for the order

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # Made from it as NetSuite's returns process refunds an order billed as a cash sale: a cash refund.
  # A connector that credited every return authorization made a credit memo, left open beside the
  # card's refund: the customer kept 12.00 of credit she could be paid out again.
  @success @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront> the refund is made from it
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "only_return_authorization_against_matching_record" is on
    And NetSuite already holds another buyer's order
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And another buyer's return authorization for 1 unit(s) of the first line's item has been entered in NetSuite
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the return authorization
    And NetSuite has exactly 0 refunds created from the billed record
    And the storefront refund total equals the NetSuite refund total

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # A credit memo of a return authorization applies to no invoice of itself. Left so, the customer
  # holds its money as credit in NetSuite — beside an invoice that still owes it, or on top of one she
  # paid — though the storefront gave it back on her card. It is applied to what the invoice owes;
  # what the invoice does not take, a customer refund pays out.
  @success @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront>, the credit memo of an unpaid invoice is applied to it
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as an invoice
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 credit memo created from the return authorization
    And the invoice the order was billed with has 17.00 left to pay
    And NetSuite paid the customer back 0.00 with a customer refund of the credit memo

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # Paid in part, the invoice takes what it still owes of the 12.00 (8.00 after 21.00 of its 29.00 was
  # paid, the last 0.50 after 28.50) and a customer refund pays out the rest; what is left after the
  # invoice took its 11.50 (0.50) is paid out too, however little.
  @success @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront>, the credit memo of a paid invoice is paid out
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as an invoice
    And <payment> been paid in NetSuite
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 credit memo created from the return authorization
    And the invoice the order was billed with has 0.00 left to pay
    And NetSuite paid the customer back <paid back> with a customer refund of the credit memo

    @shopify
    Examples: Shopify
      | a storefront | storefront | payment                  | paid back |
      | a Shopify    | Shopify    | the invoice has          | 12.00     |
      | a Shopify    | Shopify    | 21.00 of the invoice has | 4.00      |
      | a Shopify    | Shopify    | 28.50 of the invoice has | 11.50     |
      | a Shopify    | Shopify    | 17.50 of the invoice has | 0.50      |

    @ebay
    Examples: eBay
      | a storefront | storefront | payment                  | paid back |
      | an eBay      | eBay       | the invoice has          | 12.00     |
      | an eBay      | eBay       | 21.00 of the invoice has | 4.00      |
      | an eBay      | eBay       | 28.50 of the invoice has | 11.50     |
      | an eBay      | eBay       | 17.50 of the invoice has | 0.50      |

  # NetSuite refunds a return authorization once it is approved: one pending approval beside the
  # approved one is passed over. A connector that took the first whose lines matched chose the one
  # pending approval, NetSuite refused the refund, and every post again chose it once more.
  @success @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront>, the approved one is used, not one pending approval
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And a return authorization pending approval for 1 unit(s) of the first line has been entered in NetSuite
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 refund created from the return authorization
    And NetSuite has refunded exactly 12.00 in all

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # A return authorization matches a refund of its own units: one of 2 units is no match for a refund
  # of 1. A connector matching by item alone made the refund from it: NetSuite recorded 2 units
  # returned (restocked), with -12.00 against the adjustment item.
  @success @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront>, one for more units than the refund does not match
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And a return authorization for 2 unit(s) of the first line has been entered in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "matching return authorization"
    And NetSuite has exactly 0 refunds created from the return authorization

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # The return authorization's lines are the units given back; what the merchant kept back of their
  # money (a restocking fee) goes on the negative adjustment item beside them. Made from the return
  # authorization's lines alone, NetSuite credited 12.00 where the storefront gave back 10.00.
  @success @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront>, a refund the merchant kept a fee of is posted for what went back
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront for 10.00, the merchant keeping the rest
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 refund created from the return authorization
    And NetSuite has refunded exactly 10.00 in all
    And NetSuite refunded these lines in all:
      | line                | units | amount |
      | MUG-01              | 1     | 12.00  |
      | negative adjustment |       | -2.00  |

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # The same with tax: the unit's tax goes back with it, and what the merchant kept comes off the whole.
  @success @normal @shopify
  Scenario: With "only sync against a matching return authorization" on Shopify, a taxed unit the merchant kept a fee of is posted for what went back
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price | tax  |
      | MUG-01 | 2     | 12.00 | 2.40 |
    And the order has been billed in NetSuite as a cash sale
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront for 10.00, the merchant keeping the rest
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 refund created from the return authorization
    And NetSuite has refunded exactly 10.00 in all
    And the storefront refund matches the NetSuite refund line by line

  # Part of a taxed shipping refunded on Shopify: the NetSuite refund credits that part and the tax
  # that went back with it (the refund shipping line's tax_amount_set), not the whole line's tax
  # (the nested shipping_line's tax_lines), which put the difference against the adjustment item.
  @success @normal @shopify @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario: Part of a Shopify order's taxed shipping refunded on the storefront reaches NetSuite with the tax that went back
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And 4.00 of the shipping has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly 4.40 in all
    And the storefront refund matches the NetSuite refund line by line

  @missing_credit_memo @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront>, one for another line does not match, and the refund errors
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit(s) of the second line have been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "matching return authorization"
    And NetSuite has exactly 0 refunds created from the return authorization

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @missing_credit_memo @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront>, one already refunded is not used again
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    And 1 unit of the first line is refunded on the storefront
    And the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "matching return authorization"
    And the connector lists 2 refunds for the order
    And NetSuite has exactly 1 refund created from the return authorization
    And NetSuite has refunded exactly 12.00 in all

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @missing_credit_memo @normal
  Scenario Outline: With "only sync against a matching return authorization" on <storefront> and none entered, the refund errors
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "matching return authorization"
    And NetSuite has exactly 0 refunds created from the billed record

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @success @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A Shopify refund of <what> of a taxed, discounted order becomes a <record> line by line
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And <payment> Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  | discount |
      | MUG-01   | 3     | 12.00 | 3.42 | 0.60     |
      | TEA-02   | 2     | 8.50  | 1.70 |          |
      | shipping |       | 6.00  | 0.60 |          |
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And <refunded> on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 <record> created from the billed record
    And NetSuite has refunded exactly <money> in all
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | what                      | refunded                                     | payment   | billing     | record      | money |
      | 1 unit of the second line | 1 unit of the second line has been refunded  | a paid    | a cash sale | cash refund | 9.35  |
      | 2 units of the first line | 2 units of the first line have been refunded | an unpaid | an invoice  | credit memo | 25.88 |
      | the shipping alone        | the shipping alone has been refunded         | a paid    | a cash sale | cash refund | 6.60  |

  @success @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund of several lines and the shipping becomes one NetSuite refund with each line, the tax and the shipping
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | JAM-03   | 1     | 4.25  | 0.43 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded on the storefront:
      | line     | units |
      | TEA-02   | 2     |
      | JAM-03   | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And each retrieved refund shows the order, amount and currency of its source
    And NetSuite refunded these lines in all:
      | line     | units | amount |
      | TEA-02   | 2     | 17.00  |
      | JAM-03   | 1     | 4.25   |
      | shipping |       | 6.00   |
      | tax      |       | 2.73   |
    And NetSuite has refunded exactly 29.98 USD in all

  # Shopify keeps a sale per payment (here the card charged again after an order edit) and a refund
  # gives back on each payment what it took: the refund's money is the sum of its transactions.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund given back on two payments of the order becomes one NetSuite refund of both
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
      | second  | 21.40    |
    And NetSuite has refunded exactly 31.40 USD in all
    And each posted refund names the refund it created, for the same amount

  # The gateway of the second payment declined its part: 10.00 went back on the first. What went
  # back reaches NetSuite; taken for declined whole (one of its transactions was), it never did.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund the gateway declined on one payment and paid back on the other reaches NetSuite for what went back
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the payment gateway will decline the next refund on the order's second payment
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly 10.00 USD in all

  # Shopify lists an order's refunds 50 at a time: the 51st reaches NetSuite like the first.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: Every Shopify refund of an order with more refunds than a page of Shopify's reaches NetSuite
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price  |
      | LAMP-21  | 1     | 100.00 |
      | shipping |       | 9.00   |
    And the order has been billed in NetSuite as a cash sale
    And 51 general refunds of 0.10 each have been made on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the connector lists 51 refunds for the order
    And every refund listed for the order is "Posted"
    And NetSuite has refunded exactly 5.10 USD in all

  # Shopify gives a refund back on the gift card first when the order was paid partly by one
  # (the payments in the order Shopify lists them): that money went back to the customer too, and
  # NetSuite's refund holds it, as it holds the card's.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund of an order paid partly by gift card reaches NetSuite whole
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines, 13.20 of it paid by gift card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly 31.40 USD in all
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund matches the NetSuite refund line by line

  # The unit's 13.20 goes back on the gift card alone: a refund with no card money is a refund all
  # the same.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A partial Shopify refund given back on the gift card alone reaches NetSuite
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines, 13.20 of it paid by gift card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a success message
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly 13.20 USD in all
    And the storefront refund matches the NetSuite refund line by line

  # Each NetSuite refund holds the units of its own Shopify refund (its refund_line_items'
  # quantity), not what the line has had refunded so far.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: Two Shopify refunds of one unit each of the same line become NetSuite refunds of one unit each
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    And 1 unit of the first line is refunded on the storefront
    And the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 2     | 24.00  |

  # NetSuite's Credit button applies the credit memo it makes to the invoice it credits, which then
  # owes what was not given back. A credit memo left unapplied keeps the invoice open for the whole
  # bill and leaves a credit on the customer that a customer refund could pay out a second time.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund of an order billed as an invoice becomes a credit memo applied to the invoice
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as an invoice
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 credit memo created from the billed record
    And the invoice the order was billed with has 17.00 left to pay

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  # A credit memo made from an invoice the customer has paid in NetSuite applies to nothing: left so,
  # the customer holds its money as credit in NetSuite though the storefront gave it back on her
  # card, and a customer refund or her next invoice spends it a second time. The money went out: a
  # customer refund pays the credit memo out, NetSuite's record of it.
  # The credit memo settles the order's own invoice, never the customer's other one (NetSuite's Auto
  # Apply takes her oldest): applied to her second order's invoice, the 12.00 that went back on her
  # card was spent again off that bill. Paid in part, the invoice takes what it still owes (8.00 of
  # 29.00 after a payment of 21.00) and a customer refund pays out the rest (4.00).
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund of an order whose invoice was paid <paid> in NetSuite leaves the customer no credit there
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as an invoice
    And <payment> been paid in NetSuite
    And a second paid <storefront> order from the same customer has been synced to NetSuite
    And the second order has been billed in NetSuite as an invoice
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 credit memo created from the billed record
    And the invoice the order was billed with has 0.00 left to pay
    And NetSuite paid the customer back <paid back> with a customer refund of the credit memo
    And the second order's invoice has nothing applied to it

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront | paid    | payment                      | paid back |
      | A Shopify    | a Shopify    | Shopify    | whole   | the invoice has              | 12.00     |
      | A Shopify    | a Shopify    | Shopify    | in part | 21.00 of the invoice has     | 4.00      |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront | paid    | payment                      | paid back |
      | An eBay      | an eBay      | eBay       | whole   | the invoice has              | 12.00     |
      | An eBay      | an eBay      | eBay       | in part | 21.00 of the invoice has     | 4.00      |

  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A later Shopify refund of the same order becomes a second NetSuite refund
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    And 1 unit of the last line is refunded on the storefront
    And the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 2 cash refunds created from the billed record
    And the storefront refund matches the NetSuite refund line by line

  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund posted to NetSuite cannot be canceled, and canceling it changes nothing
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    And the user cancels the refund
    Then the refund's status is "Posted"
    And the refund's error message contains "cannot be canceled"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: The scheduled sync of <storefront> refunds, turned on after the order, runs from when it is turned on
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "scheduled_sync" is off
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When 60 minutes pass
    And the scheduled refund sync is turned on
    And 89 minutes pass
    Then the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record
    When 1 minute passes
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @success @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A Shopify refund of an order presented in <currency> becomes a NetSuite refund in <currency>, line by line
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order in <currency> has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the last line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Then each retrieved refund shows the order, amount and currency of its source
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the NetSuite refund is in <currency>
    And the storefront refund is in <currency>
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | currency |
      | EUR      |
      | GBP      |

  # The tax too is in the customer's money: Shopify prints a refund line's plain total_tax in the
  # shop's currency. A connector reading it there wrote NetSuite a taxTotal in dollars beside lines in
  # euros (1.30 for 1.20), the difference on the adjustment item.
  @success @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund of a taxed line of an order presented in EUR becomes a NetSuite refund with the tax in EUR
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order in EUR with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |
      | tax    |       | 1.20   |
    And the storefront refund matches the NetSuite refund line by line

  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund of an order whose prices include tax becomes a NetSuite refund with the tax apart
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 11.00 | 2.00 |
      | shipping |       | 5.50  | 0.50 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 10.00  |
      | tax    |       | 1.00   |
    And NetSuite has refunded exactly 11.00 in all

  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: The shipping alone of a Shopify order whose prices include tax becomes a NetSuite refund of the shipping with its tax apart
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 11.00 | 2.00 |
      | shipping |       | 5.50  | 0.50 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line     | units | amount |
      | shipping |       | 5.00   |
      | tax      |       | 0.50   |
    And NetSuite has refunded exactly 5.50 in all

  @success @shopify @normal
  Scenario: A Shopify refund whose money the payment gateway declined is not synced to NetSuite
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the storefront's payment gateway will decline the next refund
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a failure message containing "no refund to retrieve"
    And NetSuite has exactly 0 refunds created from the billed record

  # A merchant may return units to stock on Shopify's Refund page with the amount at 0.00 (an
  # exchange, the money settled later): a refund with no transaction, which gave nothing back. It was
  # listed for 0.00 in no currency, and its post refunded the units in NetSuite against a negative
  # adjustment (or ended in Error for want of one); the later refund of their money is the one to sync.
  @success @shopify @normal @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario: A Shopify refund that gave no money back, a unit returned to stock alone, is not synced to NetSuite; a unit's refund later is
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 3     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been returned to stock on Shopify with no money back
    When the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a failure message containing "no refund to retrieve"
    And the connector lists 0 refunds for the order
    Given 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the connector lists 1 refund for the order
    And NetSuite has refunded exactly 12.00 in all

  # A gateway that could not process the refund leaves its transaction "error", not "failure": no money
  # moved all the same, and NetSuite must not refund what the customer never got.
  @success @shopify @normal
  Scenario: A Shopify refund whose money the payment gateway could not process is not synced to NetSuite
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And Shopify's payment gateway will fail to process the next refund
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a failure message containing "no refund to retrieve"
    And NetSuite has exactly 0 refunds created from the billed record

  # A gateway may take a refund and hold it pending (a bank transfer, a slow card network): Shopify
  # records the refund, its transactions pending, but nothing has reached the customer yet — and may
  # never. NetSuite refunds it once the gateway has given the money back, not before.
  @success @shopify @critical @default_only_return_authorization_against_matching_record @default_scheduled_sync
  Scenario: A Shopify refund still pending at the payment gateway is not retrieved until the gateway has given the money back
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And Shopify's payment gateway will hold the next refund pending for 2 hours
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a failure message containing "pending"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record
    When 150 minutes pass
    And the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a success message
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  @success @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund pending at the first scheduled sync is posted at a later one, once the gateway gave the money back
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And the scheduled refund sync is on
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And Shopify's payment gateway will hold the next refund pending for 2 hours
    And 1 unit of the first line has been refunded on the storefront
    When 90 minutes pass
    Then the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record
    When 90 minutes pass
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  # A refund still pending does not hold back the order's others: the one that went through after
  # it is retrieved and posted now, the pending one once the gateway gave its money back.
  @success @shopify @normal @default_only_return_authorization_against_matching_record @default_scheduled_sync
  Scenario: A Shopify refund pending at the gateway, then one that went through: the second is synced now, the first once settled
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale
    And Shopify's payment gateway will hold the next refund pending for 2 hours
    And 1 unit of the MUG-01 line has been refunded on the storefront
    And 1 unit of the TEA-02 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a success message
    And the connector lists 1 refund for the order
    When the connector posts the retrieved refunds
    Then NetSuite has refunded exactly 8.00 USD in all
    When 150 minutes pass
    And the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And NetSuite has refunded exactly 20.00 USD in all

  # Shopify lists an order's refunds oldest first: the declined one comes before the one that went through.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund the gateway declined, then one that went through: only the second is synced to NetSuite
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And the storefront's payment gateway will decline the next refund
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Then the Retrieve dialog shows a success message
    And the connector lists 1 refund for the order
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund posted to NetSuite, deleted from the connector and retrieved again, is not refunded twice
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a <payment> <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And <refunded on the storefront>
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already been posted"
    And NetSuite has exactly 1 <record> created from the billed record

    # Its earlier write is looked for among both kinds of NetSuite refund: a cash refund of a cash
    # sale, a credit memo of an invoice.
    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront | payment | billing     | record      | refunded on the storefront                                       |
      | A Shopify    | a Shopify    | Shopify    | paid    | a cash sale | cash refund | the order has been refunded in full on the storefront            |
      | A Shopify    | a Shopify    | Shopify    | unpaid  | an invoice  | credit memo | the order has been refunded in full on the storefront            |

    # A return of one line: eBay refunds each line's return apart, so the whole order would be two.
    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront | payment | billing     | record      | refunded on the storefront                                       |
      | An eBay      | an eBay      | eBay       | paid    | a cash sale | cash refund | 1 unit(s) of the first line have been refunded on the storefront |
      | An eBay      | an eBay      | eBay       | paid    | an invoice  | credit memo | 1 unit(s) of the first line have been refunded on the storefront |

  # A NetSuite user deleted the connector's refund (entered against the wrong item or period) to
  # have it posted again: deleted from the connector and retrieved again, the storefront refund is
  # posted once more, as NetSuite has none of it now. A connector that kept its own ledger of what
  # it posted refused it for a record that is gone.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund whose NetSuite refund a NetSuite user deleted is posted again once deleted from the connector and retrieved again
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    When a NetSuite user deletes the connector's NetSuite refund
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And NetSuite has refunded exactly 12.00 in all

    @shopify
    Examples: Shopify
      | A storefront | storefront |
      | A Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | storefront |
      | An eBay      | eBay       |

  @success @normal @default_only_return_authorization_against_matching_record
  # The setting holds for a credit memo of an invoice as for a cash refund of a cash sale (the
  # setting's name says "cash refund": read literally, an invoiced order's refund of a line the
  # invoice does not have went to NetSuite as money on the adjustment item all the same).
  Scenario Outline: A refund on <storefront> of a line <billing> does not have, with "only against a matching record" <setting>
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And the account setting "only_cash_refund_against_matching_record" is <setting>
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as <billing> without its TEA-02 line
    And 1 unit of the TEA-02 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "<status>"
    And NetSuite has refunded exactly <refunded> in all

    @shopify
    Examples: Shopify
      | a storefront | storefront | billing     | setting | status | refunded |
      | a Shopify    | Shopify    | a cash sale | off     | Posted | 8.00     |
      | a Shopify    | Shopify    | a cash sale | on      | Error  | 0.00     |
      | a Shopify    | Shopify    | an invoice  | on      | Error  | 0.00     |

    @ebay
    Examples: eBay
      | a storefront | storefront | billing     | setting | status | refunded |
      | an eBay      | eBay       | a cash sale | off     | Posted | 8.00     |
      | an eBay      | eBay       | a cash sale | on      | Error  | 0.00     |
      | an eBay      | eBay       | an invoice  | on      | Error  | 0.00     |

  # The merchant billed the order in two cash sales (the second line later, when it shipped): the
  # refund of the first line is made from the cash sale that billed it.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund of an order billed in two cash sales is made from the one that billed its line
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 0 refunds created from the billed record
    And NetSuite has refunded exactly 12.00 in all
    And the storefront refund matches the NetSuite refund line by line

    @shopify
    Examples: Shopify
      | A storefront | storefront |
      | A Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | storefront |
      | An eBay      | eBay       |

  # The same order, its second line refunded: the refund is made from the second bill, the one that
  # billed the line — a second cash sale, or an invoice (the rest billed on terms when it shipped).
  # Made from the first, which does not have it, the line goes to NetSuite as money against the
  # adjustment item, and the bill that charged the customer for it is never credited; reading only
  # the bills of the first one's kind, the invoice was never seen.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund of the line of an order's second bill, <second>, is made from that bill
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And the order has been billed in NetSuite as <second>
    And 1 unit of the TEA-02 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 refund created from the billed record
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | TEA-02 | 1     | 8.00   |

    @shopify
    Examples: Shopify
      | A storefront | storefront | second      |
      | A Shopify    | Shopify    | a cash sale |
      | A Shopify    | Shopify    | an invoice  |

    @ebay
    Examples: eBay
      | A storefront | storefront | second      |
      | An eBay      | eBay       | a cash sale |
      | An eBay      | eBay       | an invoice  |

  # An order is refunded in one system only, whichever of its bills NetSuite's refund was made from:
  # the second bill (a cash sale, or an invoice) refunded in NetSuite, a storefront refund of the
  # first's line is not posted (posted, the order is refunded in both systems).
  @success @normal
  Scenario Outline: <A storefront> refund of an order whose second bill, <second>, is refunded in NetSuite already is not posted
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And the order has been billed in NetSuite as <second>
    And 1 unit of the TEA-02 line has been refunded in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded in NetSuite"
    And NetSuite has refunded exactly 8.00 in all

    @shopify
    Examples: Shopify
      | A storefront | storefront | second      |
      | A Shopify    | Shopify    | a cash sale |
      | A Shopify    | Shopify    | an invoice  |

    @ebay
    Examples: eBay
      | A storefront | storefront | second      |
      | An eBay      | eBay       | a cash sale |
      | An eBay      | eBay       | an invoice  |

  # A line billed in two parts (one mug shipped and billed, the other later): each unit's refund is
  # made from a bill that still has it to credit — the first refund from the first cash sale, the
  # second from the second. Made from the first bill again, NetSuite refused the second (12.00 is
  # more than the 8.00 the first cash sale has left) and the customer's second mug was never
  # credited; with a dearer line beside it, the first bill was credited two mugs it billed one of,
  # and the other line's refund refused.
  @success @normal @shopify @default_only_return_authorization_against_matching_record
  Scenario: Refunds on Shopify of the units of a line billed in two cash sales are each made from a bill that has them
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale with 1 unit of its MUG-01 line
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 1 refund created from the billed record
    And NetSuite has refunded exactly 24.00 in all

  @success @normal @shopify @default_only_return_authorization_against_matching_record
  Scenario: A line billed in two cash sales, both its units refunded on Shopify, leaves the first cash sale its other line
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 1     | 15.00 |
    And the order has been billed in NetSuite as a cash sale with 1 unit of its MUG-01 line
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront
    And 1 unit of the MUG-01 line has been refunded on the storefront
    And 1 unit of the TEA-02 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 1 refund created from the billed record
    And NetSuite has refunded exactly 39.00 in all

  # The shipping alone of an order billed in two: NetSuite put the shipping on the first bill, so
  # the refund is made from it. Made from the newest bill of those holding the refund's lines (none:
  # all hold as many), the shipping went against a cash sale that never charged it — refused for more
  # than it has left, or credited where it was never billed.
  @success @normal @shopify @default_only_return_authorization_against_matching_record
  Scenario: The shipping alone of a Shopify order billed in two cash sales is refunded from the one that charged it
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 1     | 12.00 |
      | TEA-02   | 1     | 4.00  |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 0 refunds created from the billed record
    And NetSuite has refunded exactly 5.00 in all

  # NetSuite's own returns process refunds an order through a return authorization (sales order →
  # return authorization → cash refund or credit memo), not from the bill: the order is refunded in
  # NetSuite all the same. Looking only at refunds made from the order's bills, the storefront refund
  # went on top, and the customer's money was refunded twice in NetSuite.
  @success @critical
  Scenario Outline: <A storefront> refund of an order a NetSuite user refunded through a return authorization is not posted (<billing>)
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as <billing>
    And a return authorization for 1 unit of the first line has been entered in NetSuite
    And the return authorization has been refunded in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded in NetSuite"
    And NetSuite has exactly 0 refunds created from the billed record
    And NetSuite has refunded exactly 12.00 in all

    @shopify
    Examples: Shopify
      | A storefront | storefront | billing       |
      | A Shopify    | Shopify    | a cash sale   |
      | A Shopify    | Shopify    | an invoice    |

    @ebay
    Examples: eBay
      | A storefront | storefront | billing       |
      | An eBay      | eBay       | a cash sale   |

  # A role that may not search return authorizations (NetSuite refuses the search, 403) says nothing
  # of whether the order was refunded through one: a connector that took the refusal for "none"
  # posted the storefront refund on top of the NetSuite user's, and NetSuite refunded twice.
  @success @critical
  Scenario Outline: <A storefront> refund of an order refunded through a return authorization, when NetSuite refuses the connector its search, ends in Error, not posted
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And a return authorization for 1 unit of the first line has been entered in NetSuite
    And the return authorization has been refunded in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront
    And the account setting "max_attempts" is 4
    And NetSuite will answer the next 10 return authorization searches with HTTP 403
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "answered 403"
    And NetSuite has refunded exactly 12.00 in all

    @shopify
    Examples: Shopify
      | A storefront | storefront |
      | A Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | storefront |
      | An eBay      | eBay       |

  # The storefront refund's first line is the one the bill does not have: it goes to NetSuite as
  # money (the positive adjustment), and the line after it still goes as a line.
  @success @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: A Shopify refund of a line the billed record does not have, then of one it has: the billed line is posted as a line
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And these lines have been refunded on the storefront:
      | line   | units |
      | TEA-02 | 1     |
      | MUG-01 | 1     |
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line                | units | amount |
      | MUG-01              | 1     | 12.00  |
      | positive adjustment |       | 8.00   |

  @missing_credit_memo @shopify @normal
  Scenario: With "only against a matching record", a Shopify refund with a line the billed record does not have is refused whole
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And the account setting "only_cash_refund_against_matching_record" is on
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And these lines have been refunded on the storefront:
      | line   | units |
      | MUG-01 | 1     |
      | TEA-02 | 1     |
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "TEA-02"
    And NetSuite has refunded exactly 0.00 in all

  # A line refunded for less than it cost (a restocking fee kept): the line and the fee against the
  # negative adjustment item, whatever the order was billed as. Left off a credit memo (taken for a
  # credit of the units returned, the fee the customer refund's business), NetSuite credited the
  # invoice 12.00 where the storefront gave back 10.00.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> line refund that keeps back a fee of an order billed as <billing> is posted with the line and the fee against the negative adjustment item
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a <payment> <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the order has been billed in NetSuite as <billing>
    And 1 unit of the MUG-01 line has been refunded on the storefront for 10.00, the merchant keeping the rest
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite refunded these lines in all:
      | line                | units | amount |
      | MUG-01              | 1     | 12.00  |
      | negative adjustment |       | -2.00  |
    And NetSuite has refunded exactly 10.00 in all

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront | payment | billing     |
      | A Shopify    | a Shopify    | Shopify    | paid    | a cash sale |
      | A Shopify    | a Shopify    | Shopify    | paid    | an invoice  |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront | payment | billing     |
      | An eBay      | an eBay      | eBay       | paid    | a cash sale |
      | An eBay      | an eBay      | eBay       | paid    | an invoice  |

  # The schedule retrieves the storefront's refunds again every 90 minutes (an eBay return's refund
  # may change), and a refund the user canceled stays so. Retrieved again, it was posted: NetSuite
  # refunded what the user held back.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A canceled <storefront> refund stays canceled when the scheduled sync retrieves the order again
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the user cancels the refund
    And 90 minutes pass
    Then the refund's status is "Canceled"
    And the connector lists 1 refund for the order
    And NetSuite has refunded exactly 0.00 in all

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @missing_credit_memo @normal
  Scenario Outline: <A storefront> refund of an order not billed in NetSuite yet is not posted, and says why
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "has not been billed in NetSuite"
    And NetSuite has refunded exactly 0.00 in all

    @shopify
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  # A NetSuite user closed the sales order billed in part (the rest will never ship): its bill still
  # takes a refund. A connector that refuses a closed sales order's refunds ("a closed order takes no
  # more transactions") left NetSuite at 0.00 while the customer had 12.00 back.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A <storefront> refund of the billed part of an order whose sales order was closed reaches NetSuite
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 2     | 8.50  |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And the sales order has been closed in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And NetSuite has refunded exactly 12.00 in all

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

    @ebay
    Examples: eBay
      | storefront |
      | eBay       |
