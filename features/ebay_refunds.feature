@to_netsuite @ebay
Feature: eBay refunds to NetSuite
  On eBay (a marketplace) refunds sync from the storefront to NetSuite. Only a refund the buyer
  requested — a return the seller refunded, a cancellation the seller approved — can be retrieved;
  a refund the seller issued outside a buyer request shows as an external transaction on eBay and
  is not retrievable.

  Background:
    Given an eBay connector account that syncs refunds from the storefront to NetSuite

  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A buyer-requested eBay refund becomes a <record> in NetSuite
    Given refund adjustment items are set on the account
    And eBay already holds another buyer's refunded orders
    And a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a success message
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 <record> created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And the line-item refunds match between the storefront and NetSuite
    And the storefront refund matches the NetSuite refund line by line
    And each posted refund names the refund it created, for the same amount

    Examples:
      | billing     | record      |
      | a cash sale | cash refund |
      | an invoice  | credit memo |

  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: Every line returned and refunded on eBay is posted once
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    And the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And NetSuite has exactly 2 cash refunds created from the billed record
    And the storefront refund matches the NetSuite refund line by line

  # A buyer returns an item not as described, and the seller refunds its original shipping with it:
  # one itemizedRefundDetail per kind of refund, PURCHASE_PRICE and ORIGINAL_SHIPPING
  # (RefundFeeTypeEnum: "the seller must use a separate itemizedRefundDetail container for each
  # refund type"). The NetSuite refund credits the bill's shipping. A connector reading the first
  # itemized refund only lost the shipping; reading the return's line alone, it posted the shipping
  # as money against the adjustment item, and ended in Error on an account without one.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: An eBay return refunded with its original shipping becomes a NetSuite <record> of the item and the shipping
    Given a paid eBay order with these lines has been synced to NetSuite:
      | line     | units | price |
      | LAMP-21  | 1     | 40.00 |
      | shipping |       | 7.50  |
    And the order has been billed in NetSuite as <billing>
    And these lines have been refunded on the storefront:
      | line     | units |
      | LAMP-21  | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 <record> created from the billed record
    And NetSuite has refunded exactly 47.50 USD in all
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | billing     | record      |
      | a cash sale | cash refund |
      | an invoice  | credit memo |

  # A return of one of two lines refunded with its original shipping gives back that line's share of
  # the shipping eBay charged on it (3.75 of 7.50): NetSuite credits that much of the bill's shipping.
  # A connector that took the original shipping for the whole order's credited 7.50, and 3.75 against
  # the negative adjustment item.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: An eBay return of one of two lines refunded with its original shipping credits that line's share of the shipping
    Given refund adjustment items are set on the account
    And a paid eBay order with these lines has been synced to NetSuite:
      | line     | units | price |
      | LAMP-21  | 1     | 40.00 |
      | BULB-02  | 1     | 10.00 |
      | shipping |       | 7.50  |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded on the storefront:
      | line     | units |
      | LAMP-21  | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly 43.75 USD in all
    And NetSuite refunded these lines in all:
      | line     | units | amount |
      | LAMP-21  | 1     | 40.00  |
      | shipping |       | 3.75   |
    And the storefront refund matches the NetSuite refund line by line

  # The seller may pay back what the buyer paid to send the item back: a RETURN_SHIPPING itemized
  # refund beside the PURCHASE_PRICE (RefundFeeTypeEnum). It is not the order's shipping: credited as
  # the bill's shipping, NetSuite shows 4.50 of the 7.50 shipping given back, which the buyer never
  # had back. It is money beyond the lines, on the positive adjustment item.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: An eBay return refunded with the buyer's return postage credits the item, and the postage as money beyond the lines
    Given refund adjustment items are set on the account
    And a paid eBay order with these lines has been synced to NetSuite:
      | line     | units | price |
      | LAMP-21  | 1     | 40.00 |
      | shipping |       | 7.50  |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been returned on eBay and refunded with 4.50 of the buyer's return postage
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly 44.50 USD in all
    And NetSuite refunded these lines in all:
      | line                | units | amount |
      | LAMP-21             | 1     | 40.00  |
      | positive adjustment |       | 4.50   |

  # eBay's return search answers a page at a time (25 returns here; eBay's own default page is not
  # published: simulators/ebay/FIDELITY.md): a connector that reads the first page of an order's
  # returns never retrieves the refunds of the returns past it, and NetSuite never gets that money back.
  # 27 of them: a connector that sent the search's offset as a page number (1 for the second page)
  # read the second page one return along, and still got a 26th, never a 27th.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario: Every refunded return of an eBay order with more returns than a page of eBay's return search is retrieved
    Given a paid eBay order with these lines has been synced to NetSuite:
      | line   | units | price |
      | PEN-01 | 30    | 1.00  |
    And the order has been billed in NetSuite as a cash sale
    And 27 units of the PEN-01 line have been returned on eBay one at a time, each refunded by the seller
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a success message
    And the connector lists 27 refunds for the order
    When the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And NetSuite has refunded exactly 27.00 USD in all

  # eBay lets a seller deduct from the refund of a return not in its original condition: the buyer
  # got 15.00 of the unit's 20.00 (the return closes PARTIALLY_REFUNDED). NetSuite refunds what the
  # buyer got (the summary's actualRefundAmount), not what the return was estimated at. The unit's
  # sale is reversed whole (its line at what it sold for) and what the seller kept is a line of the
  # negative adjustment item, as for a Shopify refund that keeps back a fee: one line of 15.00 has the
  # same total but under-reverses the sale and hides the deduction.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: An eBay return the seller refunded for less becomes a NetSuite refund of what the buyer got
    Given refund adjustment items are set on the account
    And a paid eBay order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 20.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront for 15.00, the merchant keeping the rest
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 15.00
    And NetSuite refunded these lines in all:
      | line                | units | amount |
      | MUG-01              | 1     | 20.00  |
      | negative adjustment |       | -5.00  |
    And NetSuite has refunded exactly 15.00 USD in all
    And each posted refund names the refund it created, for the same amount

  # A unit of a line bought at the seller's promotion cost the buyer 11.00 (33.00 for three), not its
  # list price of 12.00: eBay estimates the return's refund at what the buyer paid, and the seller
  # refunds that. The NetSuite refund is the same 11.00 on the mug's line, with no adjustment.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario: An eBay return of a unit bought at the seller's promotion becomes a NetSuite refund of what the buyer paid
    Given refund adjustment items are set on the account
    And a paid eBay order with these lines has been synced to NetSuite:
      | line     | units | price | tax | discount |
      | MUG-01   | 3     | 12.00 |     | 3.00     |
      | TEA-02   | 2     | 8.50  |     |          |
      | shipping |       | 6.00  |     |          |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 11.00
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 11.00  |
    And the storefront refund matches the NetSuite refund line by line

  # A promotion that leaves a unit's price short of whole cents (1.49 off three units of 9.95: 28.36
  # for the line, 9.4533... a unit): eBay refunds two units' share, 18.91. The NetSuite line is that
  # share of the bill's line, rounded once — its rate rounded first, 18.90 went on the line and a cent
  # against the adjustment item, and the whole line returned never reversed the sale's last cent.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: An eBay return of <units> units of a promoted line whose unit price is not whole cents credits the line to the cent
    Given refund adjustment items are set on the account
    And a paid eBay order with these lines has been synced to NetSuite:
      | line     | units | price | tax | discount |
      | MUG-01   | 3     | 9.95  |     | 1.49     |
      | shipping |       | 6.00  |     |          |
    And the order has been billed in NetSuite as a cash sale
    And <units> units of the MUG-01 line have been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <amount>
    And NetSuite refunded these lines in all:
      | line   | units   | amount   |
      | MUG-01 | <units> | <amount> |
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | units | amount |
      | 2     | 18.91  |
      | 3     | 28.36  |

  # A unit's share that ends in half a cent (18.05 for two units: 9.025) goes up, as eBay rounds it
  # and NetSuite rounds a line's quantity × rate: eBay refunds 9.03. Rounded half to even, 9.02 went
  # on the line and a cent against the adjustment item (and, on an account without one, Error).
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: An eBay return of a unit whose share of its line ends in half a cent credits the line to the cent
    Given refund adjustment items are set on the account
    And a paid eBay order with these lines has been synced to NetSuite:
      | line     | units | price | tax | discount |
      | MUG-01   | 2     | 9.03  |     | 0.01     |
      | shipping |       | 6.00  |     |          |
    And the order has been billed in NetSuite as a cash sale
    And 1 units of the MUG-01 line have been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 9.03
    And NetSuite refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 9.03   |
    And the storefront refund matches the NetSuite refund line by line

  # One SKU on two lines at two prices (a unit at a promotional price beside one at the list price):
  # a return of either credits the bill's line it was sold on, at its price. Keyed by SKU alone, the
  # last line's 10.00 was credited for the first, or the first line's 12.00 for the second, and the
  # difference went against an adjustment item.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: An eBay return of the <line> of two lines of one SKU at two prices credits the line it was sold on
    Given refund adjustment items are set on the account
    And a paid eBay order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | MUG-01 | 1     | 10.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the <line> line has been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <money>
    And NetSuite refunded these lines in all:
      | line   | units | amount  |
      | MUG-01 | 1     | <money> |
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | line   | money |
      | first  | 12.00 |
      | second | 10.00 |

  # A return the buyer opened before an earlier retrieve of the order, refunded by the seller after
  # it: the order's returns are searched whole at each retrieve, not those opened since the last.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: An eBay return opened before an earlier retrieve and refunded after it is retrieved and posted
    Given a paid eBay order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked to return 1 unit of the second line on eBay
    And 1 unit of the first line has been refunded on the storefront
    When 1 minute passes
    And the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Given the seller has refunded that return on eBay
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the connector lists 2 refunds for the order
    And every refund listed for the order is "Posted"
    And NetSuite has refunded exactly 20.00 in all

  # eBay failing a return's refund shows it FAILED (refundStatus); the buyer closing the return then
  # leaves a closed return whose refund never reached them. Its amount read without its status, it
  # went to NetSuite as money the buyer got back.
  @success @normal
  Scenario: An eBay return whose refund eBay failed, then closed by the buyer, is not retrieved
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked to return 1 unit of the first line on eBay
    And eBay will fail the next refund of the order
    And the seller has refunded that return on eBay
    And the buyer has closed that return on eBay
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "no buyer-requested refund"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

  # A post reads the return again (its line, its shipping): eBay failing that read once is retried
  # as every other read is, not the refund's end in Error.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: eBay fails the return lookup of a post once: retried, the refund is posted
    Given the account setting "max_attempts" is 4
    And a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    Given eBay will answer the next 1 return lookups with HTTP 503
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And NetSuite has exactly 1 cash refund created from the billed record

  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: A later eBay return of the same order, refunded, becomes a second NetSuite refund
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    And 1 unit of the last line is refunded on the storefront
    And the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 2 cash refunds created from the billed record
    And the storefront refund matches the NetSuite refund line by line

  @success @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: An eBay refund of an order in <currency> becomes a NetSuite refund in <currency>, line by line
    Given a paid eBay order in <currency> has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the last line has been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
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

  # A buyer may ask eBay to cancel an order within an hour of buying it, before it ships; the seller
  # approves (eBay cancels the whole order and refunds the buyer) or rejects it (Post-Order
  # cancellations). An approved cancellation is a buyer-requested refund: NetSuite refunds every
  # line and the shipping, once eBay has paid the buyer back (CANCEL_CLOSED_WITH_REFUND).
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A cancellation the buyer asked for and the seller approved becomes a <record> of the whole order
    Given eBay already holds another buyer's refunded orders
    And a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And the buyer has asked eBay to cancel the order
    And the seller has approved the buyer's cancellation on eBay
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a success message
    And each retrieved refund shows the order, amount and currency of its source
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 <record> created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund matches the NetSuite refund line by line
    And each posted refund names the refund it created, for the same amount

    Examples:
      | billing     | record      |
      | a cash sale | cash refund |
      | an invoice  | credit memo |

  # The seller refunded part of the order while the buyer's request waited: eBay's cancellation then
  # refunds what is left of the order (requestRefundAmount), and NetSuite refunds that. A connector
  # that took a cancellation for the order's total refunded the 5.00 again in NetSuite.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario: A cancellation approved after the seller refunded part of the order becomes a NetSuite refund of what eBay paid back
    Given refund adjustment items are set on the account
    And a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked eBay to cancel the order
    And the seller has refunded 5.00 of the first line on eBay without a buyer request
    And the seller has approved the buyer's cancellation on eBay
    When the connector retrieves the refunds of the order from eBay
    Then each retrieved refund shows the order, amount and currency of its source
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And each posted refund names the refund it created, for the same amount

  # A cancellation's NetSuite refund is keyed by eBay's cancellation, as a return's is by its return:
  # deleted from the connector and retrieved again, it is found, not written again.
  @success @critical @default_only_return_authorization_against_matching_record
  Scenario: An approved cancellation posted to NetSuite, deleted from the connector and retrieved again, is not refunded twice
    Given a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked eBay to cancel the order
    And the seller has approved the buyer's cancellation on eBay
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already been posted"
    And NetSuite has exactly 1 cash refund created from the billed record

  # A buyer cancels before the order ships, often before NetSuite bills it: the refund waits for the
  # bill, as a return's does, and nothing is written to NetSuite meanwhile.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: An approved cancellation of an order not billed in NetSuite yet is not posted, and says why
    Given a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the buyer has asked eBay to cancel the order
    And the seller has approved the buyer's cancellation on eBay
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "has not been billed in NetSuite"
    And NetSuite has refunded exactly 0.00 in all

  @success @normal
  Scenario: A cancellation the seller has not answered yet is not retrieved
    Given a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked eBay to cancel the order
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "no buyer-requested refund"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

  @success @normal
  Scenario: A cancellation the seller rejected is not retrieved
    Given a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked eBay to cancel the order
    And the seller has rejected the buyer's cancellation on eBay
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "no buyer-requested refund"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

  # A seller may cancel an order itself, the item out of stock, "up to 30 days after the sale" (Post-Order
  # Create Cancellation): eBay refunds the buyer, but no buyer asked for it (requestorType SELLER). A
  # refund the seller issued outside a buyer request cannot be retrieved (DOMAIN.md §1). Whatever the
  # seller's reason: a connector that knew a seller's cancellation by the out-of-stock reason took one
  # for an address issue as the buyer's.
  @success @normal
  Scenario Outline: A cancellation the seller made itself, <reason>, is not retrieved: no buyer asked for it
    Given a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the seller has cancelled the order on eBay, <reason>
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "without a buyer request"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

    Examples:
      | reason                       |
      | the item out of stock        |
      | the buyer's address unusable |

  # The seller approved, and eBay is still paying the buyer back (CANCEL_PENDING): nothing has
  # reached the buyer yet, so nothing is refunded in NetSuite until it has — then once.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: An approved cancellation is retrieved once eBay has paid the buyer back, not before
    Given the scheduled refund sync is on
    And a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And eBay takes 2 hours to settle a refund
    And the buyer has asked eBay to cancel the order
    And the seller has approved the buyer's cancellation on eBay
    When 90 minutes pass
    Then the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record
    When 90 minutes pass
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total
    When 90 minutes pass
    Then NetSuite has exactly 1 cash refund created from the billed record
    And the connector lists 1 refund for the order

  @success @normal
  Scenario: An approved cancellation whose refund eBay failed to pay is not retrieved
    Given a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And eBay will fail the next refund of the order
    And the buyer has asked eBay to cancel the order
    And the seller has approved the buyer's cancellation on eBay
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "no buyer-requested refund"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

  @success @critical
  Scenario: A refund the seller issued without a buyer request cannot be retrieved
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a general refund of 5.00 has been made on the storefront
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "without a buyer request"
    And NetSuite has exactly 0 refunds created from the billed record

  # A refund of line items by the seller shows in the line's refunds only, never in
  # paymentSummary.refunds (OAS OrderRefund: "This does not include line item level refunds."):
  # it is a refund without a buyer request all the same, and is said so.
  @success @normal
  Scenario: A line item refund the seller issued without a buyer request cannot be retrieved
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the seller has refunded 5.00 of the first line on eBay without a buyer request
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "without a buyer request"
    And NetSuite has exactly 0 refunds created from the billed record

  @success @normal
  Scenario: An eBay order already refunded in NetSuite is not refunded again
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already refunded in NetSuite"
    And the refund's error message names the NetSuite refund in the way
    And NetSuite has exactly 1 refund created from the billed record

  @missing_order @normal
  Scenario: A buyer-requested refund of an eBay order that was never synced cannot be posted
    Given a paid eBay order that was never synced to NetSuite
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "not synced to NetSuite"

  @success @normal
  Scenario: A return the seller has not refunded yet is not retrieved
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked to return 1 unit(s) of the first line on eBay
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "no buyer-requested refund"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

  # A return the buyer closed before the seller refunded it is CLOSED with no refund on eBay
  # (Post-Order CloseReturnReasonEnum BUYER_CLOSED; actualRefundAmount "is only returned after a
  # refund has been issued to the buyer"): closed is not refunded.
  @success @normal
  Scenario: A return the buyer closed before the seller refunded it is not retrieved
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked to return 1 unit(s) of the first line on eBay
    And the buyer has closed that return on eBay
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "no buyer-requested refund"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

  # eBay's return search lists the newest first: the closed return comes before the refunded one.
  @success @normal @default_only_return_authorization_against_matching_record
  Scenario: A return the buyer closed after an earlier one was refunded: the refunded one is retrieved, the closed one is not
    Given a paid eBay order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    And the buyer has asked to return 1 unit(s) of the second line on eBay
    And the buyer has closed that return on eBay
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a success message
    And the connector lists 1 refund for the order
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And NetSuite has refunded exactly 12.00 in all

  @success @critical @default_only_return_authorization_against_matching_record
  Scenario: An eBay refund still pending at the first scheduled sync is posted at a later one, once
    Given the scheduled refund sync is on
    And a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And eBay takes 2 hours to settle a refund
    And 1 unit of the first line has been refunded on the storefront
    When 90 minutes pass
    Then the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record
    When 90 minutes pass
    Then every refund listed for the order is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total
    When 90 minutes pass
    Then NetSuite has exactly 1 cash refund created from the billed record
    And the connector lists 1 refund for the order

  @success @normal @default_scheduled_sync
  Scenario: Without the scheduled refund sync (the default), hours pass and no eBay refund is retrieved
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When 180 minutes pass
    Then the connector lists 0 refunds for the order
    And NetSuite has refunded exactly 0.00 in all

  @success @normal
  Scenario: A refund eBay failed to pay back is not retrieved
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And eBay will fail the next refund of the order
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "no buyer-requested refund"
    And the connector lists 0 refunds for the order
    And NetSuite has exactly 0 refunds created from the billed record

  @success @normal
  Scenario: An eBay order with no refund at all has nothing to retrieve
    Given a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    When the connector retrieves the refunds of the order from eBay
    Then the Retrieve dialog shows a failure message containing "no buyer-requested refund"
    And the connector lists 0 refunds for the order
