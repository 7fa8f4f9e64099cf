@to_storefront
Feature: Refund sync from NetSuite to the storefront
  The refund is made in NetSuite first, from the billed record of an order the connector synced: a
  cash refund from a cash sale, or a credit memo from an invoice. The connector retrieves it by the
  storefront order ID (Data Flows > Other Transactions, Source Channel = NetSuite) and posts it;
  the storefront refunds the customer and the refund's status becomes Posted. After activation the
  refund total on the storefront equals NetSuite's and the line-item refunds match: every line, its
  tax, the shipping and the currency, not only the total.

  @success @critical
  Scenario Outline: A cash refund of a paid <storefront> order is posted to <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total
    And each storefront refund went back to the order's payment
    And the connector did not ask the storefront to notify the customer of the refund
    And the connector did not ask the storefront to put the refunded items back in stock
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

  @success @critical
  Scenario Outline: A full refund of an order billed as <billing> reaches <storefront> to the cent
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And NetSuite already holds another buyer's order
    And <payment> <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a success message
    And each retrieved refund shows the order, amount and currency of its source
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund matches the NetSuite refund line by line
    And the line-item refunds match between the storefront and NetSuite
    And the connector did not ask the storefront to notify the customer of the refund
    And the connector did not ask the storefront to put the refunded items back in stock

    # An order on terms, paid since, is refunded offline on the carts (Magento's credit memo from the
    # order, WooCommerce's manual refund): the customer is not notified, nothing is restocked, there too.
    @shopify
    Examples: Shopify
      | payment   | billing     | storefront |
      | a paid    | a cash sale | Shopify    |
      | an unpaid | an invoice  | Shopify    |

    @magento
    Examples: Magento
      | payment   | billing     | storefront |
      | a paid    | a cash sale | Magento    |
      | an unpaid | an invoice  | Magento    |

    @woocommerce
    Examples: WooCommerce
      | payment   | billing     | storefront  |
      | a paid    | a cash sale | WooCommerce |
      | an unpaid | an invoice  | WooCommerce |

  # WooCommerce refunds through the order's gateway when it can: the store says which of its gateways
  # can (a gateway's method_supports lists refunds). Each refunding gateway gives the money back; a
  # gateway of payment on terms cannot — the core's bank transfer, check and cash on delivery, and a
  # plugin's, such as a purchase order — and its refund is recorded for the merchant to pay by hand.
  # A connector going by a list of gateways it knows refunds some by hand (the card never credited)
  # or asks a gateway that cannot (WooCommerce refuses: never posted).
  @success @critical @woocommerce
  Scenario Outline: A full refund in NetSuite of a WooCommerce order paid through <gateway> goes back through the gateway
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order paid through "<gateway>" has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And each storefront refund went back to the order's payment
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | gateway              |
      | Credit Card (Stripe) |
      | PayPal               |
      | WooPayments          |
      | Credit Card (Square) |

  @success @critical @woocommerce
  Scenario Outline: A full refund in NetSuite of a WooCommerce order on terms paid through <gateway> is recorded on WooCommerce for the merchant to pay back
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And an unpaid WooCommerce order paid through "<gateway>" has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And the order's payment has been captured on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | gateway              |
      | Direct bank transfer |
      | Check payments       |
      | Cash on delivery     |
      | Purchase Order       |

  # An order on terms paid by cheque, the merchant typing its number into the order's Transaction ID:
  # the order carries a transaction id, and its gateway still cannot refund. A connector that takes a
  # transaction id for a payment through a gateway asked the cheque gateway to refund, and WooCommerce
  # refused every post ("does not support automatic refunds").
  @success @critical @woocommerce
  Scenario: A full refund in NetSuite of a WooCommerce order paid by cheque, its number typed in, is recorded for the merchant to pay back
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And an unpaid WooCommerce order paid through "Check payments" has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And the order's payment has been received on WooCommerce with the reference "CHK-1042"
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

  # The merchant switched the card gateway off (moving to another provider): checkout no longer offers
  # it, and WooCommerce still refunds its orders through it. A connector that sends a refund through a
  # gateway only while it is switched on recorded it for the merchant to pay back by hand: the card was
  # never credited.
  @success @critical @woocommerce
  Scenario: A NetSuite refund of a WooCommerce order whose card gateway the store switched off goes back through the gateway
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order paid through "Credit Card (Stripe)" has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the store has switched its payment gateway "Credit Card (Stripe)" off
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And each storefront refund went back to the order's payment

  # While the card gateway's plugin is deactivated the store has no such gateway, and the refund is
  # recorded for the merchant to pay back by hand. Once the plugin is active again, the next refund
  # goes back through the gateway: a connector that asked once what a gateway can do, for its life,
  # recorded every later refund by hand, the card never credited.
  @success @critical @woocommerce
  Scenario: A NetSuite refund of a WooCommerce order goes back through its card gateway once the store activated its plugin again
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order paid through "Credit Card (Stripe)" has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the store has deactivated the plugin of its payment gateway "Credit Card (Stripe)"
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    Given the store has activated the plugin of its payment gateway "Credit Card (Stripe)" again
    When 1 unit of the first line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront's last refund went back to the order's payment

  @success @critical
  Scenario Outline: A refund of <what> of a taxed, discounted order reaches <storefront> line by line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  | discount |
      | MUG-01   | 3     | 12.00 | 3.42 | 0.60     |
      | TEA-02   | 2     | 8.50  | 1.70 |          |
      | shipping |       | 6.00  | 0.60 |          |
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And <refunded> in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <money>
    And NetSuite has refunded exactly <money> in all
    And the storefront refund matches the NetSuite refund line by line
    And the connector did not ask the storefront to put the refunded items back in stock

    @shopify
    Examples: Shopify
      | what                      | refunded                                     | billing     | money | storefront |
      | 1 unit of the second line | 1 unit of the second line has been refunded  | a cash sale | 9.35  | Shopify    |
      | 1 unit of the first line  | 1 unit of the first line has been refunded   | an invoice  | 12.94 | Shopify    |
      | 2 units of the first line | 2 units of the first line have been refunded | a cash sale | 25.88 | Shopify    |
      | the shipping alone        | the shipping alone has been refunded         | an invoice  | 6.60  | Shopify    |

    @magento
    Examples: Magento
      | what                      | refunded                                     | billing     | money | storefront |
      | 1 unit of the second line | 1 unit of the second line has been refunded  | a cash sale | 9.35  | Magento    |
      | 1 unit of the first line  | 1 unit of the first line has been refunded   | an invoice  | 12.94 | Magento    |
      | 2 units of the first line | 2 units of the first line have been refunded | a cash sale | 25.88 | Magento    |
      | the shipping alone        | the shipping alone has been refunded         | an invoice  | 6.60  | Magento    |

    @woocommerce
    Examples: WooCommerce
      | what                      | refunded                                     | billing     | money | storefront  |
      | 1 unit of the second line | 1 unit of the second line has been refunded  | a cash sale | 9.35  | WooCommerce |
      | 1 unit of the first line  | 1 unit of the first line has been refunded   | an invoice  | 12.94 | WooCommerce |
      | 2 units of the first line | 2 units of the first line have been refunded | a cash sale | 25.88 | WooCommerce |
      | the shipping alone        | the shipping alone has been refunded         | an invoice  | 6.60  | WooCommerce |

  # Two lines whose tax does not divide by their units (1.00 over 3): two units of each carry 0.67 of
  # tax, each line its own share of its own tax. A connector that rounds a unit's tax first (0.33 × 2)
  # puts the cents it loses on one line: 0.68 and 0.66, the refund's tax in all still NetSuite's.
  @success @normal
  Scenario Outline: Units of two lines whose tax does not divide by their units, refunded in NetSuite, reach <storefront> with each line's own tax to the cent
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 1.00 |
      | TEA-02   | 3     | 8.50  | 1.00 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line   | units |
      | MUG-01 | 2     |
      | TEA-02 | 2     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this tax on each line:
      | line   | tax  |
      | MUG-01 | 0.67 |
      | TEA-02 | 0.67 |
    And the storefront has refunded exactly 42.34

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

  # A line's tax after its discount is what the customer paid, and what goes back with its units.
  # WooCommerce also keeps a line's tax before its coupon discount (subtotal_tax, "Line subtotal tax
  # (before discounts)", and each rate's subtotal): a connector that shares a refund's tax out by it
  # gives the discounted line more than its own and the other line less (0.83 of TEA-02's 0.85),
  # though the refund's tax in all is NetSuite's.
  @success @normal
  Scenario Outline: A refund in NetSuite of a unit of a taxed line and of a taxed, discounted one reaches <storefront> with each line's own tax
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  | discount |
      | TEA-02   | 2     | 8.50  | 1.70 |          |
      | MUG-01   | 3     | 12.00 | 3.42 | 0.60     |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line   | units |
      | TEA-02 | 1     |
      | MUG-01 | 1     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 22.29
    And the storefront refunded this tax on each line:
      | line   | tax  |
      | TEA-02 | 0.85 |
      | MUG-01 | 1.14 |
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

  # A NetSuite user may enter the units of one order line on two lines of the refund (one unit
  # each, say, for two reasons). Both are the one order line on the storefront: a connector keeping
  # the last line's units sends Magento 1 unit (the customer gets 13.20 of 26.40, the refund marked
  # Posted), and names the order line twice to WooCommerce, which keeps the last (the refund shows 1
  # unit and 1.20 of tax while its money is 26.40).
  @success @critical
  Scenario Outline: Units of one line entered on two lines of the NetSuite refund all go back to <storefront> on that line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as <billing>
    And these lines have been refunded in NetSuite:
      | line  | units |
      | first | 1     |
      | first | 1     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 26.40
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 2     | 24.00  |
      | tax    |       | 2.40   |

    @shopify
    Examples: Shopify
      | storefront | billing     |
      | Shopify    | a cash sale |

    @magento
    Examples: Magento
      | storefront | billing     |
      | Magento    | a cash sale |
      | Magento    | an invoice  |

    @woocommerce
    Examples: WooCommerce
      | storefront  | billing     |
      | WooCommerce | a cash sale |

  # A NetSuite user may credit a damaged unit for less than the order charged (10.00 of 12.00, with
  # its tax at the line's rate). Shopify and WooCommerce take the refund's money as sent. A Magento
  # credit memo takes an item's units and never its money: Magento gives back what the order charged
  # for them (13.20 with tax, where NetSuite refunded 11.00), so the connector posts nothing and says
  # how to refund it (the units at the order's price, the difference kept on the adjustment item).
  @success @critical
  Scenario Outline: A unit credited in NetSuite for less than the order charged gives back NetSuite's money on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as <billing>
    And 1 unit of the first line has been refunded in NetSuite at 10.00 each
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "<status>"
    And the storefront has refunded exactly <refunded>

    @shopify
    Examples: Shopify
      | storefront | billing     | status | refunded |
      | Shopify    | a cash sale | Posted | 11.00    |

    @woocommerce
    Examples: WooCommerce
      | storefront  | billing     | status | refunded |
      | WooCommerce | a cash sale | Posted | 11.00    |

  @success @critical @magento
  Scenario Outline: A unit credited in NetSuite for less than the order charged is not sent to Magento, which would refund the order's price
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as <billing>
    And 1 unit of the first line has been refunded in NetSuite at 10.00 each
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "gives back 10.00 for 1 × MUG-01, which the order charged 12.00 for"
    And Magento received exactly 0 refund requests from the connector
    And the storefront has refunded nothing

    Examples:
      | billing     |
      | a cash sale |
      | an invoice  |

  # A NetSuite user may refund units or shipping without their tax (the refund's lines marked not
  # taxable, or a tax engine that works the refund's tax out otherwise): 12.00, not 13.20; 4.00 of
  # the shipping, not 4.40. Shopify and WooCommerce take the refund's money as sent. A Magento credit
  # memo works out the tax itself (1.20 of the line's, 0.40 of the shipping's): a connector that let
  # it gave back 13.20 and 4.40, Posted as NetSuite's. The difference goes on the negative adjustment.
  @success @critical
  Scenario Outline: <What> refunded in NetSuite without its tax gives back NetSuite's money on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And <refunded> in NetSuite without <its> tax
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly <amount> in all
    And the storefront has refunded exactly <amount>
    And each posted refund names the refund it created, for the same amount

    @shopify
    Examples: Shopify
      | storefront | What                  | refunded                                      | its   | amount |
      | Shopify    | A unit                | 1 unit of the first line has been refunded    | their | 12.00  |
      | Shopify    | Part of the shipping  | 4.00 of the shipping has been refunded        | its   | 4.00   |

    @magento
    Examples: Magento
      | storefront | What                  | refunded                                      | its   | amount |
      | Magento    | A unit                | 1 unit of the first line has been refunded    | their | 12.00  |
      | Magento    | Part of the shipping  | 4.00 of the shipping has been refunded        | its   | 4.00   |

    @woocommerce
    Examples: WooCommerce
      | storefront  | What                 | refunded                                      | its   | amount |
      | WooCommerce | A unit               | 1 unit of the first line has been refunded    | their | 12.00  |
      | WooCommerce | Part of the shipping | 4.00 of the shipping has been refunded        | its   | 4.00   |

  # WooCommerce keeps the tax of each refunded line as sent: what NetSuite refunded without tax (or
  # credited for less) goes back with NetSuite's tax, line by line. A connector writing each line's
  # share of the order line's tax, NetSuite's tax correcting rounding only, recorded tax as given
  # back that NetSuite never refunded (1.20 of none; 1.20 of 1.00), and the store's tax report with it.
  @success @critical @woocommerce
  Scenario Outline: <What> refunded in NetSuite <how> reaches WooCommerce with NetSuite's tax, line by line
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And <refunded> in NetSuite <how>
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <amount>
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | What                 | refunded                                   | how                 | amount |
      | A unit               | 1 unit of the first line has been refunded | without their tax   | 12.00  |
      | Part of the shipping | 4.00 of the shipping has been refunded     | without its tax     | 4.00   |
      | A unit               | 1 unit of the first line has been refunded | at 10.00 each       | 11.00  |

  # The same for a refund of two taxed lines, or of a line and the shipping: NetSuite's tax (none)
  # goes back on each line in proportion to its share, so none on either. A connector putting the
  # whole difference between NetSuite's tax and the lines' shares on the first taxed line (meant for
  # a rounding cent) gave MUG-01 -0.85 of tax and TEA-02 0.85 NetSuite never refunded (with the
  # shipping: -0.60 and 0.60, the state's rate -0.40 of product tax and 0.40 of shipping tax): the
  # refund's money right, WooCommerce checking no line's tax (RULES.md §2.3, §2.4), its tax reports wrong.
  @success @normal @woocommerce
  Scenario Outline: <What> refunded in NetSuite without their tax reach WooCommerce with no tax on any line
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite without their tax:
      | line    | units   |
      | MUG-01  | 1       |
      | <other> | <units> |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <amount>
    And the storefront refunded this tax on each line:
      | line    | tax  |
      | MUG-01  | 0.00 |
      | <other> | 0.00 |
    And the storefront refunded this tax at each rate:
      | rate       | tax  | shipping tax |
      | State Tax  | 0.00 | 0.00         |
      | County Tax | 0.00 | 0.00         |

    Examples:
      | What                    | other    | units | amount |
      | Units of two lines      | TEA-02   | 1     | 20.50  |
      | A unit and the shipping | shipping |       | 18.00  |

  @success @critical
  Scenario Outline: A refund of several lines and the shipping keeps every line, its tax and the shipping
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | JAM-03   | 1     | 4.25  | 0.43 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line     | units |
      | MUG-01   | 1     |
      | JAM-03   | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded these lines in all:
      | line     | units | amount |
      | MUG-01   | 1     | 12.00  |
      | JAM-03   | 1     | 4.25   |
      | shipping |       | 6.00   |
      | tax      |       | 2.23   |
    And NetSuite refunded these lines in all:
      | line     | units | amount |
      | MUG-01   | 1     | 12.00  |
      | JAM-03   | 1     | 4.25   |
      | shipping |       | 6.00   |
      | tax      |       | 2.23   |
    And the storefront has refunded exactly 24.48

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
  # The customer refund is how NetSuite pays a credit memo's money out; the refund is the credit
  # memo all the same, lines and all: a connector that took the customer refund for the refund sent
  # its money alone, and the storefront's lines stayed unrefunded (nothing back to stock).
  Scenario Outline: A credit memo refunded with a customer refund is posted once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And an unpaid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as an invoice
    And the order's payment has been captured on the storefront
    And the invoice has been paid in NetSuite
    And the order has been refunded in full in NetSuite
    And the credit memo has been refunded with a customer refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total
    And the storefront refunded these lines in all:
      | line     | units | amount |
      | MUG-01   | 2     | 24.00  |
      | shipping |       | 5.00   |

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

  # A credit memo made from a paid invoice applies to nothing: it stays Open, all of it unapplied
  # (applied 0.00), until a customer refund pays it out. It is the refund all the same, and its
  # total goes back to the customer on the storefront: a connector posting the amount applied gave
  # back nothing.
  @success @normal
  Scenario Outline: A credit memo of a paid invoice is posted for its total before any customer refund pays it out
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And an unpaid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And the order's payment has been captured on the storefront
    And the invoice has been paid in NetSuite
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
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

  # A credit memo a NetSuite user applied to the customer's other invoice is store credit: it paid
  # that invoice, and its money stays in NetSuite. Posted to the storefront as well, the customer had
  # it twice: once off her next bill, once on her card. The connector posts none of it and says what
  # is left, if anything, to refund by hand.
  @success @normal
  Scenario Outline: A credit memo applied to the customer's other invoice (<applied>) is store credit, not refunded on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And an unpaid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as an invoice
    And the order's payment has been captured on the storefront
    And the invoice has been paid in NetSuite
    And a second unpaid <storefront> order from the same customer has been synced to NetSuite
    And the second order has been billed in NetSuite as an invoice
    And the order has been refunded in full in NetSuite
    And <applied> of the credit memo has been applied to the second order's invoice
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "store credit"
    And the refund's error message contains "<left>"
    And the refund's error message names the second order's invoice
    And the storefront has refunded nothing

    @shopify
    Examples: Shopify
      | storefront | applied | left  |
      | Shopify    | 29.00   | 0.00  |
      | Shopify    | 10.00   | 19.00 |

    @magento
    Examples: Magento
      | storefront | applied | left  |
      | Magento    | 29.00   | 0.00  |
      | Magento    | 10.00   | 19.00 |

    @woocommerce
    Examples: WooCommerce
      | storefront  | applied | left  |
      | WooCommerce | 29.00   | 0.00  |
      | WooCommerce | 10.00   | 19.00 |

  @success @normal
  Scenario Outline: A partial refund of <quantity> unit(s) of the <line> line is posted as a line-item refund
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | CUP-11   | 3     | 7.00  |
      | BOWL-12  | 2     | 15.50 |
      | shipping |       | 4.00  |
    And the order has been billed in NetSuite
    And <quantity> unit(s) of the <line> line have been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <money>
    And the line-item refunds match between the storefront and NetSuite
    And the storefront refund matches the NetSuite refund line by line

    @shopify
    Examples: Shopify
      | quantity | line  | money | storefront |
      | 1        | first | 7.00  | Shopify    |
      | 2        | first | 14.00 | Shopify    |
      | 1        | last  | 15.50 | Shopify    |

    @magento
    Examples: Magento
      | quantity | line  | money | storefront |
      | 1        | first | 7.00  | Magento    |
      | 2        | first | 14.00 | Magento    |
      | 1        | last  | 15.50 | Magento    |

    @woocommerce
    Examples: WooCommerce
      | quantity | line  | money | storefront  |
      | 1        | first | 7.00  | WooCommerce |
      | 2        | first | 14.00 | WooCommerce |
      | 1        | last  | 15.50 | WooCommerce |

  # The merchant renamed the SKU in both systems (MUG-01 to MUG-01-BLUE), and her next order synced the
  # item by its new SKU. The first order's refund is still of its MUG-01 line: a connector that keeps
  # one SKU per item for the account, the last order's, matched no line of the first order (money
  # alone on Shopify and WooCommerce; Magento refused a credit memo of nothing).
  @success @normal
  Scenario Outline: A refund in NetSuite of the first order reaches <storefront> on its line after a second order synced the item under its new SKU
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale
    And the NetSuite item "MUG-01" has been renamed "MUG-01-BLUE"
    And a second paid <storefront> order from the same customer with these lines, its items already in NetSuite, has been synced to NetSuite:
      | line        | units | price |
      | MUG-01-BLUE | 1     | 12.00 |
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 12.00
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

  # An item renamed in NetSuite after the order synced (MUG-01 to MUG-01-BLUE) is still the order's
  # line: the connector knows a NetSuite line by the item it matched the order's SKU to, not by its
  # name now. By its name, the refund's line matched none of the order's: Shopify and WooCommerce
  # refunded money alone (the line never shown refunded), Magento refused a credit memo of nothing.
  @success @normal
  Scenario Outline: A refund in NetSuite of an item renamed there after the order synced reaches <storefront> on its line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 1     | 8.00  |
    And the order has been billed in NetSuite as a cash sale
    And the NetSuite item "MUG-01" has been renamed "MUG-01-BLUE"
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 12.00
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

  # A NetSuite user who refunds the shipping alone from the cash sale may keep its item lines on the
  # refund at 0 units (the refund copies the sale's lines): they give nothing back, and no line of the
  # order is refunded on the storefront.
  @success @normal @shopify
  Scenario: A refund of the shipping alone whose item lines are kept at 0 units is posted as a shipping refund
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite, its item lines kept at 0 units
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund has no line items
    And the storefront refund matches the NetSuite refund line by line

  # A refund of no unit still goes back to the card that paid: on Magento through the invoice whose
  # payment a gateway captured, as a refund of units does (made offline on the order, Magento records
  # the money refunded and the customer's card is never credited).
  @success @normal
  Scenario Outline: A refund of the shipping alone is posted as a shipping refund, to the card that paid
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund has no line items
    And the storefront refund matches the NetSuite refund line by line
    And each storefront refund went back to the order's payment

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
  Scenario Outline: Two refunds of one order are both retrieved and posted, each once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
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

  # A NetSuite user takes money off a refund with a Discount item: its line has a rate and an amount
  # and no quantity (NetSuite leaves it out). The storefront gives back the unit less the discount.
  # A connector that reads every line's quantity broke on it (KeyError) in the middle of a post, and
  # of the scheduled cycle; one that skips a line without units gave the unit back whole (13.20).
  @success @critical
  Scenario Outline: A unit refunded in NetSuite less a discount reaches <storefront> for the refund's total
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price | tax  |
      | MUG-01 | 2     | 12.00 | 2.40 |
      | TEA-02 | 1     | 8.00  | 0.80 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded in NetSuite less a discount of 2.40
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 10.80
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |
      | tax    |       | 1.20   |

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

  # A NetSuite user closes a sales order billed in part (the rest will never ship): its bill and the
  # refunds made from it are the order's all the same. A connector that took a closed sales order
  # for an order that is over retrieved nothing, and the customer's money never went back.
  @success @critical
  Scenario Outline: A refund made in NetSuite of the billed part of a closed sales order reaches <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 2     | 8.50  |
    And the order has been billed in NetSuite as a cash sale without its TEA-02 line
    And the sales order has been closed in NetSuite
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 12.00
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

  # The merchant billed the order in two (the second line later, when it shipped), and refunded a
  # unit from each bill: both are the order's refunds. A connector that reads the refunds of one of
  # the order's bills only (its first, or its last) leaves the customer short of the other.
  @success @critical
  Scenario Outline: Refunds made in NetSuite from each of two bills of <a storefront> order are both posted
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | TEA-02 | 2     | 8.50  |
    And the order has been billed in NetSuite as <billing> without its TEA-02 line
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    And the order has been billed in NetSuite as <billing>
    And 1 unit of the TEA-02 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront refund total equals the NetSuite refund total
    And the line-item refunds match between the storefront and NetSuite

    @shopify
    Examples: Shopify
      | a storefront | billing     | storefront |
      | a Shopify    | a cash sale | Shopify    |
      | a Shopify    | an invoice  | Shopify    |

    @magento
    Examples: Magento
      | a storefront | billing     | storefront |
      | a Magento    | a cash sale | Magento    |
      | a Magento    | an invoice  | Magento    |

    @woocommerce
    Examples: WooCommerce
      | a storefront  | billing     | storefront  |
      | a WooCommerce | a cash sale | WooCommerce |
      | a WooCommerce | an invoice  | WooCommerce |

  @success @critical
  Scenario Outline: Posting a posted refund again does not refund twice
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
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

  # One SKU on two lines at different prices (a unit at a promotional price beside two at the list
  # price): the NetSuite refund's line carries the rate the line was billed at, and the storefront
  # must refund the order line of that rate, for that line's money. Matched by SKU alone, a unit at
  # the list price went back on the promotional line (the wrong money), and two of them were refused.
  @success @critical
  Scenario Outline: A refund of <units> unit(s) of the <line> line of a SKU the order holds twice goes back on that line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | MUG-01 | 1     | 9.00  |
    And the order has been billed in NetSuite as a cash sale
    And <units> unit(s) of the <line> line have been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded these lines in all:
      | line   | units   | amount   |
      | MUG-01 | <units> | <amount> |
    And the storefront has refunded exactly <amount>

    @shopify
    Examples: Shopify
      | units | line   | amount | storefront |
      | 2     | first  | 24.00  | Shopify    |
      | 1     | second | 9.00   | Shopify    |

    @magento
    Examples: Magento
      | units | line   | amount | storefront |
      | 2     | first  | 24.00  | Magento    |
      | 1     | second | 9.00   | Magento    |

    @woocommerce
    Examples: WooCommerce
      | units | line   | amount | storefront  |
      | 2     | first  | 24.00  | WooCommerce |
      | 1     | second | 9.00   | WooCommerce |

  # A line with a discount has a rate with more than cents (35.99 over 3 units: 11.99666...), which
  # NetSuite copies to the refund's line, whose amount it rounds to the cent (12.00): the price of
  # the other line of the SKU. Each unit goes back on the line whose rate its refund line carries;
  # matched by the refund line's amount over its units, both went to the line of one unit.
  @success @normal
  Scenario Outline: A unit of a discounted line and a unit of its SKU at the rounded rate each go back on their own line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price | discount |
      | MUG-01 | 3     | 12.00 | 0.01     |
      | MUG-01 | 1     | 12.00 |          |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line   | units |
      | first  | 1     |
      | second | 1     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 2     | 24.00  |

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

  # One SKU on two lines at one price (a mug engraved two ways: Shopify's line properties, Magento's
  # custom options, a WooCommerce add-on). Nothing NetSuite keeps tells the lines apart, so a
  # refund's units go on them as each has units left. Every unit on the first line, a full refund
  # gave back 3 units of a line of 2 and the storefront refused it: nothing went back.
  @success @critical
  Scenario Outline: A full refund of a SKU the order holds on two lines at one price reaches <storefront> on both lines
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | MUG-01 | 1     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 3     | 36.00  |
    And the storefront has refunded exactly 36.00

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

  # A merchant who syncs refunds from NetSuite cancels a Shopify order without Shopify's refund (the
  # Cancel dialog's Refund box unticked) and refunds it in NetSuite, as the connector would have her:
  # the cancelled order still takes the refund. A connector that took a cancelled order for one
  # refunded when it was cancelled ended the refund in Error, and the customer never got her 45.60.
  @success @critical @shopify
  Scenario: A NetSuite refund of a Shopify order cancelled without a refund is posted to Shopify
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been cancelled on Shopify without a refund
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 45.60
    And the storefront refund total equals the NetSuite refund total

  # Shopify keeps a refund its gateway declined, with its line items, though it gave nothing back:
  # posted again, the full refund's units go on both lines as before. Counting the declined refund's
  # units as given back, the connector saw no unit left on either line, put all 3 on the first, and
  # Shopify refused it for ever ("cannot refund more items than were purchased"): NetSuite refunded
  # 36.00, the customer got nothing.
  @success @critical @shopify
  Scenario: A full refund of a SKU on two lines at one price that Shopify's gateway declined reaches both lines when posted again
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | MUG-01 | 1     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 3     | 36.00  |
    And the storefront has refunded exactly 36.00

  # The same two lines of one unit each, the second line's unit refunded first: the first line's
  # refund, later, goes on the line that has a unit left. On the first line again, the storefront
  # refused it (nothing left there) and the customer never got its 12.00 back.
  @success @normal
  Scenario Outline: The first of two lines of one SKU at one price, refunded after the second, reaches <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | MUG-01 | 1     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the second line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 1 unit of the first line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 2     | 24.00  |
    And the storefront has refunded exactly 24.00

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

  # A unit's share of a line that ends in half a cent (18.05 for two units: 9.025) is 9.03 in
  # NetSuite, which rounds a line's quantity × rate half up. A connector that rounds the order's
  # share half to even finds 9.02 and refuses NetSuite's 9.03 as a price other than the order's.
  @success @normal
  Scenario Outline: A unit whose share of its line ends in half a cent, refunded in NetSuite, reaches <storefront> to the cent
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | discount |
      | MUG-01   | 2     | 9.03  | 0.01     |
      | shipping |       | 5.00  |          |
    And refund adjustment items are set on the account
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 9.03
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

  # A card payment's last cents go back to the card too: the invoice with money left, however
  # little, is refunded online. Refunded offline from the order, the 0.50 went back to no payment.
  @success @normal @magento
  Scenario Outline: The last 0.50 of a Magento invoice in <currency> goes back to the card, after the rest was refunded
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order in <currency> with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
      | PIN-01 | 1     | 0.50  |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 1 unit of the PIN-01 line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront has refunded exactly 12.50
    And each storefront refund went back to the order's payment

    # In GBP the store's books are in dollars: once more dollars were refunded from the invoice than
    # it billed pounds, an invoice judged by its grand_total (pounds) less its base_total_refunded
    # (dollars) seemed to have nothing left, and the 0.50 went back to no payment.
    Examples:
      | currency |
      | USD      |
      | GBP      |

  # An invoice nothing was refunded from has no base_total_refunded at all (Magento leaves it unset:
  # Adobe's own example of a paid invoice, GET /V1/invoices/{id}, has none): nothing refunded is
  # 0.00, so all of an invoice of less than 1.00 is still there to go back to the card. An order
  # without shipping has a shipping_amount of 0: no shipping in NetSuite either.
  @success @normal @magento
  Scenario: A Magento order of 0.80 without shipping syncs without shipping, and its refund in NetSuite goes back to the card
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines has been synced to NetSuite:
      | line   | units | price |
      | PIN-01 | 1     | 0.80  |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the PIN-01 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the sales order has the order's lines, shipping and tax
    And every refund listed for the order is "Posted"
    And the storefront has refunded exactly 0.80
    And each storefront refund went back to the order's payment

  # From the order's page Magento makes only an offline credit memo ("Refund Offline"), tied to no
  # invoice, even of an order a card paid: the merchant paid a unit back outside the store. The
  # connector still refunds NetSuite's units online through the invoice, counting only the credit
  # memos made against it; a connector that read the offline one's missing invoice failed.
  @success @normal @magento
  Scenario: A NetSuite refund goes back to the card through the invoice after the merchant refunded a unit offline on Magento
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded offline on Magento
    And 2 units of the first line have been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront has refunded exactly 39.60

  # Magento refunds a card payment through one invoice, and leaves out (or caps) the units that
  # invoice does not hold (RULES.md §2.9): a refund of an order billed in two invoices must go
  # through the invoice that still holds every unit it gives back — billed, less what its credit
  # memos refunded — and when none does, nothing is refunded and the refund says why.
  @success @critical @magento
  Scenario Outline: A refund of <units> unit(s) of the <line> line of a Magento order billed in two invoices <outcome>
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines, its card payment captured in two invoices, has been synced to NetSuite:
      | line     | units | price | first invoice |
      | MUG-01   | 2     | 12.00 | 1             |
      | TEA-02   | 1     | 8.00  | 0             |
      | shipping |       | 5.00  |               |
    And the order has been billed in NetSuite as a cash sale
    And <units> unit(s) of the <line> line have been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "<status>"
    And the storefront has refunded exactly <amount>

    Examples:
      | units | line   | outcome                                     | status | amount |
      | 1     | second | goes back through the invoice that holds it | Posted | 8.00   |
      | 1     | first  | goes back through an invoice that holds it  | Posted | 12.00  |

  # Magento refunds a credit memo's whole amount against its invoice's capture, and the gateway
  # refuses more than the capture has left (Braintree, PayPal). The first invoice (a unit and the
  # shipping, 17.00) gave 12.00 back through the merchant: the 10.00 goodwill must go through the
  # second (20.00). A connector that took the first invoice with any money left was refused ("Could
  # not save a Creditmemo"), where the second could take it. The same in the order's currency, its
  # invoices' money in the store's base (USD): a connector comparing an invoice's base money left
  # with the refund in pounds or euros took the first invoice, and was refused.
  @success @critical @magento
  Scenario Outline: A goodwill refund in <currency> of a Magento order billed in two invoices goes back through an invoice whose capture has it left
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order in <currency> with these lines, its card payment captured in two invoices, has been synced to NetSuite:
      | line     | units | price | first invoice |
      | MUG-01   | 2     | 12.00 | 1             |
      | TEA-02   | 1     | 8.00  | 0             |
      | shipping |       | 5.00  |               |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And a goodwill refund of <goodwill> has been made in NetSuite against an adjustment item
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <total>
    And each storefront refund went back to the order's payment

    Examples:
      | currency | goodwill | total |
      | USD      | 10.00    | 22.00 |
      | GBP      | 6.00     | 18.00 |
      | EUR      | 5.40     | 17.40 |

  # Magento bills the shipping on the first invoice, and a credit memo against an invoice gives back
  # the shipping's tax in the part of that invoice's shipping tax it refunds (Creditmemo\Total\Tax):
  # none through the second invoice, which billed no shipping. A connector that sent the tea and the
  # shipping through the second invoice (the one holding the tea) gave back 13.80 of NetSuite's
  # 14.30, Posted. No single invoice holds both: nothing is posted, and the refund says why.
  @success @critical @magento
  Scenario: A refund of a line of a Magento order's second invoice and of its taxed shipping, billed on the first, ends in Error, nothing refunded
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines, its card payment captured in two invoices, has been synced to NetSuite:
      | line     | units | price | tax  | first invoice |
      | MUG-01   | 2     | 12.00 | 2.40 | 1             |
      | TEA-02   | 1     | 8.00  | 0.80 | 0             |
      | shipping |       | 5.00  | 0.50 |               |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line     | units |
      | TEA-02   | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "has no single invoice that still holds every unit of this refund (1 × TEA-02) and its shipping"
    And Magento received exactly 0 refund requests from the connector
    And the storefront has refunded nothing

  # The NetSuite user entered the two units on two lines of the refund, one unit each: the units of
  # one order line add up over the refund's lines.
  @success @critical @magento
  Scenario: A refund of units no single invoice of a Magento order holds ends in Error, and nothing is refunded
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines, its card payment captured in two invoices, has been synced to NetSuite:
      | line     | units | price | first invoice |
      | MUG-01   | 2     | 12.00 | 1             |
      | TEA-02   | 1     | 8.00  | 0             |
      | shipping |       | 5.00  |               |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line  | units |
      | first | 1     |
      | first | 1     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "has no single invoice that still holds every unit of this refund (2 × MUG-01)"
    And Magento received exactly 0 refund requests from the connector
    And the storefront has refunded nothing

  # The merchant refunded the first invoice's two units one at a time: two credit memos against it,
  # counted together.
  @success @critical @magento
  Scenario: A unit of a Magento order billed in two invoices goes back through the invoice that still holds one, not the one that refunded it
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines, its card payment captured in two invoices, has been synced to NetSuite:
      | line     | units | price | first invoice |
      | MUG-01   | 3     | 12.00 | 2             |
      | TEA-02   | 1     | 8.00  | 0             |
      | shipping |       | 5.00  |               |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 3 refunds
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 3     | 36.00  |
    And each storefront refund went back to the order's payment

  # The merchant refunded the promotional unit of MUG-01 by hand on the storefront; NetSuite then
  # refunds that same unit. WooCommerce caps only money: the connector must see the line has no
  # unit left (the other line of the SKU still has two, but they are another line's).
  @success @critical
  Scenario Outline: A unit of one of two lines of a SKU refunded by hand on <storefront> is not refunded again from NetSuite
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
      | MUG-01 | 1     | 9.00  |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the second line has been refunded on the storefront
    And 1 unit of the second line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 9.00

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

  # The connector gave back a unit NetSuite refunded; the merchant then refunds the other two by
  # hand on the storefront; a NetSuite user refunds one more (NetSuite has two of its three units
  # refunded). Shopify and Magento refuse it themselves; WooCommerce caps only the money, so the
  # connector counts every refund of the order, its own included: the line has none left.
  @success @critical
  Scenario Outline: After the connector's refund and the merchant's by hand, a unit NetSuite refunds beyond what is left is not given back on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 3     | 12.00 |
      | TEA-02   | 2     | 8.50  |
      | shipping |       | 6.00  |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 2 units of the first line are refunded on the storefront
    And 1 unit of the first line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the storefront order carries exactly 2 refunds
    And the storefront has refunded exactly 36.00

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

  # The same for a fee: the connector gave back 2.00 of the gift wrap NetSuite refunded, the merchant
  # then 3.00 by hand; NetSuite refunds 2.00 more (4.00 of its 5.00). The fee has nothing left on
  # WooCommerce, which caps only the order's money.
  @success @woocommerce @critical
  Scenario: A fee the connector and the merchant both refunded in part on WooCommerce is not given back beyond its total
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and these fees has been synced to NetSuite:
      | line               | units | price | tax  |
      | MUG-01             | 2     | 12.00 | 1.92 |
      | shipping           |       | 6.00  |      |
      | fee: Gift wrap     |       | 5.00  | 0.40 |
      | fee: Rush handling |       | 3.00  | 0.24 |
    And the order has been billed in NetSuite as a cash sale
    And 2.00 of the "Gift wrap" fee has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Given 3.00 of the "Gift wrap" fee has been refunded on the storefront
    And 2.00 of the "Gift wrap" fee has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the storefront order carries exactly 2 refunds

  # The merchant refunded units on the storefront, one at a time, and the same units are refunded in
  # NetSuite: the order has fewer units left than the NetSuite refund gives back (counted over every
  # refund of the order, not the last one), and the NetSuite user entered them on two lines of the
  # refund (counted over both). WooCommerce caps nothing per line (only the money: RULES.md §2.3), so
  # the connector must count the units already refunded itself; Shopify refuses the refund on its own.
  @success @critical
  Scenario Outline: Units already refunded on <storefront> are not refunded again: a refund of more than is left ends in Error
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded on the storefront
    And these lines have been refunded in NetSuite:
      | line  | units |
      | first | 1     |
      | first | 1     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "<refused>"
    And <storefront> received exactly <requests> from the connector
    And the storefront order carries exactly 2 refunds
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 2     | 24.00  |
      | tax    |       | 2.40   |

    @shopify
    Examples: Shopify
      | refused                                        | requests          | storefront |
      | Shopify answered 422: refund_line_items        | 1 refund request  | Shopify    |

    @magento
    Examples: Magento
      | refused                                        | requests          | storefront  |
      | no single invoice that still holds every unit  | 0 refund requests | Magento     |

    @woocommerce
    Examples: WooCommerce
      | refused                                        | requests          | storefront  |
      | has 1 of the 3 units of MUG-01 left to refund  | 0 refund requests | WooCommerce |

  # An order on terms (a bank transfer or a check, which cannot refund), paid since, is refunded by the merchant
  # manually: WooCommerce records the refund, the gateway pays nothing back. Its units and shipping are
  # refunded all the same, and counted: a connector counting only the refunds a gateway paid back sent
  # the same units and shipping again.
  @success @critical @woocommerce
  Scenario: Units and shipping the merchant refunded manually on a WooCommerce order on terms are counted: a NetSuite refund of more than is left ends in Error
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And an unpaid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as an invoice
    And the order's payment has been captured on the storefront
    And 2 units of the first line have been refunded on the storefront
    And 4.00 of the shipping has been refunded on the storefront
    And these lines have been refunded in NetSuite:
      | line     | units |
      | first    | 2     |
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Error"
    And WooCommerce received exactly 0 refund requests from the connector
    And the storefront order carries exactly 2 refunds

  # The same for the shipping: the merchant refunded part of it on the storefront, and NetSuite
  # refunds all of it. Shopify and Magento refuse shipping beyond what is left; WooCommerce caps only the order's
  # money (RULES.md §2.3), so while the order has other money left it would give the shipping back
  # twice: the connector counts the shipping already refunded itself.
  @success @critical
  Scenario Outline: Shipping already refunded on <storefront> is not refunded again: a refund of more than is left ends in Error
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And 4.00 of the shipping has been refunded on the storefront
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "<refused>"
    And <storefront> received exactly <requests> from the connector
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 4.40

    @shopify
    Examples: Shopify
      | refused                                                                      | requests         | storefront |
      | Shipping refund amount must be less than or equal to maximum refundable 2.00 | 1 refund request | Shopify    |

    # The shipping left as Magento says it: without its tax, as the store displays its shipping by
    # default (displayed including tax, Magento names it with its tax, $2.20).
    @magento @default_magento_shipping_display
    Examples: Magento
      | refused                                             | requests         | storefront |
      | Maximum shipping amount allowed to refund is: $2.00 | 1 refund request | Magento    |

    @woocommerce
    Examples: WooCommerce
      | refused                                                                    | requests          | storefront  |
      | has 2.00 of its 6.00 shipping left to refund (4.00 refunded there already) | 0 refund requests | WooCommerce |

  # Shipping refunded on the storefront in two parts: both count. Counted by its last part only, the
  # order would seem to have 3.50 left, and 3.00 more would go back: 7.00 of shipping refunded of 6.00.
  @success @critical
  Scenario Outline: Shipping refunded on <storefront> in two parts is counted whole: a NetSuite refund of more than is left ends in Error
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 3     | 12.00 |
      | shipping |       | 6.00  |
    And the order has been billed in NetSuite as a cash sale
    And 1.50 of the shipping has been refunded on the storefront
    And 2.50 of the shipping has been refunded on the storefront
    And 3.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "<refused>"
    And the storefront order carries exactly 2 refunds
    And the storefront has refunded exactly 4.00

    @shopify
    Examples: Shopify
      | refused                                                                      | storefront |
      | Shipping refund amount must be less than or equal to maximum refundable 2.00 | Shopify    |

    @magento
    Examples: Magento
      | refused                                             | storefront |
      | Maximum shipping amount allowed to refund is: $2.00 | Magento    |

    @woocommerce
    Examples: WooCommerce
      | refused                                                                    | storefront  |
      | has 2.00 of its 6.00 shipping left to refund (4.00 refunded there already) | WooCommerce |

  # WooCommerce's refund screen also takes a line's money without its units: the refund keeps a
  # copy of the line with quantity 0, which gives back no unit. Counted as one, the order would
  # seem to have a unit left, and the connector would send a refund of units already refunded.
  # (The money goes first: after its 3 units the line has no money left to refund on its own.)
  @success @normal @woocommerce
  Scenario: A refund of a line's money without its units gives no unit back: units refunded already are not refunded again
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 3     | 12.00 |
      | shipping |       | 6.00  |
    And the order has been billed in NetSuite as a cash sale
    And 5.00 of the first line has been refunded on the storefront without its units
    And 3 units of the first line have been refunded on the storefront
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "has 0 of the 3 units of MUG-01 left to refund"
    And WooCommerce received exactly 0 refund requests from the connector
    And the storefront has refunded exactly 41.00

  @success @normal
  Scenario Outline: A refund in <currency> reaches <storefront> in <currency>, to the cent
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order in <currency> has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the last line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund is in <currency>
    And the NetSuite refund is in <currency>
    And the storefront refund matches the NetSuite refund line by line

    @shopify
    Examples: Shopify
      | currency | storefront |
      | USD      | Shopify    |
      | GBP      | Shopify    |
      | EUR      | Shopify    |
      | CAD      | Shopify    |
      | AUD      | Shopify    |

    @magento
    Examples: Magento
      | currency | storefront |
      | USD      | Magento    |
      | GBP      | Magento    |
      | EUR      | Magento    |
      | CAD      | Magento    |

    @woocommerce
    Examples: WooCommerce
      | currency | storefront  |
      | USD      | WooCommerce |
      | GBP      | WooCommerce |
      | EUR      | WooCommerce |
      | CAD      | WooCommerce |

  @success @normal @magento
  Scenario Outline: Refunds in <currency> of the shipping and of a line less a restocking fee reach a Magento store that keeps its books in USD, to the cent
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | LAMP-21  | 2     | 40.00 | 8.00 |
      | shipping |       | 9.00  |      |
    And refund adjustment items are set on the account
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    And 1 unit of the first line has been refunded in NetSuite less a restocking fee of 6.50
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront refund is in <currency>
    And the storefront has refunded exactly 46.50
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | currency |
      | EUR      |
      | GBP      |
      | CAD      |

  # A unit refunded with a goodwill beside it (the NetSuite user adds an apology for the trouble on
  # the positive adjustment item): the storefront gives back both. Capped at the lines, shipping and
  # tax (taken for a guard against refunding more than was returned), the 5.00 never reached the
  # customer and the refund showed Posted.
  @success @normal
  Scenario Outline: A unit and a goodwill refunded together in NetSuite both reach <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | LAMP-21  | 2     | 40.00 | 8.00 |
      | shipping |       | 9.00  |      |
    And refund adjustment items are set on the account
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite with a goodwill of 5.00
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 49.00
    And NetSuite refunded these lines in all:
      | line                | units | amount |
      | LAMP-21             | 1     | 40.00  |
      | tax                 |       | 4.00   |
      | positive adjustment |       | 5.00   |
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

  # Part of the shipping, then the rest: the first refund of shipping is a share of it, the second
  # all that is left. Magento takes a credit memo's shipping in the store's base currency (dollars)
  # and turns it into the order's: a connector that sends the order's amount, or the wrong share of
  # what is left, gives back another amount or is refused.
  @success @normal
  Scenario Outline: Part of the shipping, then the rest, refunded in NetSuite in <currency>, reach <storefront> line by line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price |
      | LAMP-21  | 1     | 40.00 |
      | shipping |       | 9.00  |
    And the order has been billed in NetSuite as a cash sale
    And 0.90 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the storefront refund matches the NetSuite refund line by line
    When 8.10 of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront has refunded exactly 9.00
    And the storefront refund matches the NetSuite refund line by line

    # The currency is a column: a profile whose account maps no NetSuite currency for it runs none.
    @shopify
    Examples: Shopify
      | storefront | currency |
      | Shopify    | EUR      |

    @magento
    Examples: Magento
      | storefront | currency |
      | Magento    | EUR      |

    @woocommerce
    Examples: WooCommerce
      | storefront  | currency |
      | WooCommerce | EUR      |

  # A credit memo's shipping_amount is the shipping before a cart price rule's shipping discount, and
  # the credit memo gives up the discount's share of it (Creditmemo\Total\Discount): of 10.00 of
  # shipping with 2.00 off, the customer paid 8.00, and 3.75 of shipping_amount refunds 3.00 of it. A
  # connector that sends NetSuite's 3.00 gives back 2.40, and the rest, 5.00, then 4.00. What is left
  # of the shipping discount is the order's discount_refunded less its items' (a lamp's 4.00 off).
  @success @normal @magento
  Scenario Outline: Part of a Magento order's discounted shipping, then the rest, refunded in NetSuite in <currency>, give back what the customer paid for it
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price | discount |
      | LAMP-21  | 2     | 40.00 | 8.00     |
      | shipping |       | 10.00 | 2.00     |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And 3.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the storefront has refunded exactly 39.00
    And the storefront refund matches the NetSuite refund line by line
    When 5.00 of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 3 refunds
    And the storefront has refunded exactly 44.00
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | currency |
      | USD      |
      | EUR      |
      | CAD      |

  # Every generated Magento order charges its shipping with 10% tax and takes 10% off it with that
  # tax (a store whose shipping prices include tax): the shipping discount holds a tax part
  # (shipping_discount_tax_compensation_amount), and a credit memo gives its share back with the
  # shipping it refunds (Creditmemo\Total\Tax). Sent as if it did not, or as if it were taken off,
  # part of the shipping goes back a cent or more off what NetSuite refunded.
  @success @to_storefront @magento @normal
  Scenario Outline: Part of a Magento order's shipping discounted with its tax, then the rest, refunded in NetSuite in <currency>, reach Magento line by line
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order in <currency> has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund matches the NetSuite refund line by line
    When the shipping left is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | currency |
      | USD      |
      | EUR      |
      | CAD      |

  # A Magento store may display its sales documents' shipping including tax (Stores > Configuration >
  # Sales > Tax > Orders, Invoices, Credit Memos Display Settings > Display Shipping Amount: Including
  # Tax). Magento then reads a credit memo's shipping_amount with its tax (Creditmemo\Total\Shipping,
  # isSuppliedShippingAmountInclTax): 3.00 of shipping with its 0.30 of tax is sent as 3.30. Sent as
  # 3.00, the customer got 2.73 of shipping and 0.27 of tax back, and the rest, asked next, was more
  # than Magento had left. The admin REST API does not say how the store displays it: the account does.
  @success @to_storefront @magento @normal
  Scenario Outline: Part of a Magento order's taxed shipping, then the rest, refunded in NetSuite in <currency>, reach a store that displays shipping including tax to the cent
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And the account setting "magento_shipping_display" is "including_tax"
    And a paid Magento order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | LAMP-21  | 1     | 40.00 | 4.00 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And 3.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the storefront has refunded exactly 3.30
    And the storefront refund matches the NetSuite refund line by line
    When 3.00 of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront has refunded exactly 6.60
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | currency |
      | USD      |
      | EUR      |
      | CAD      |

  # A store that displays shipping both ways (Display Shipping Amount: Including and Excluding Tax)
  # reads a credit memo's shipping_amount without its tax, as by default: Magento reads it with its
  # tax only where the store displays it including tax alone (displaySalesShippingInclTax). Sent with
  # its tax, 3.30 of shipping was read as 3.30 before tax and 0.33 of tax went back on it: 3.63.
  @success @to_storefront @magento @normal
  Scenario: Part of a Magento order's taxed shipping refunded in NetSuite reaches a store that displays shipping both ways to the cent
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And the account setting "magento_shipping_display" is "both"
    And a paid Magento order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | LAMP-21  | 1     | 40.00 | 4.00 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And 3.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 3.30
    And the storefront refund matches the NetSuite refund line by line

  # The same store, all the shipping at once: sent with its tax (6.60), the shipping left as Magento
  # measures it with its tax. Sent as 6.00, Magento read it as 6.00 of the 6.60 left: the customer
  # got 6.00 back (5.45 of shipping and 0.55 of tax) of the 6.60 NetSuite refunded.
  @success @to_storefront @magento @normal
  Scenario: The shipping alone, refunded in NetSuite, reaches a Magento store that displays shipping including tax whole
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And the account setting "magento_shipping_display" is "including_tax"
    And a paid Magento order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | LAMP-21  | 1     | 40.00 | 4.00 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 6.60
    And the storefront refund matches the NetSuite refund line by line

  # In CAD (1.3699 to the dollar) no dollar amount makes 3.50 of shipping: 2.55 makes 3.49 and 2.56
  # makes 3.51. Sent as 3.51, Magento counted more shipping refunded than NetSuite had, and refused
  # the rest (5.50) as more than is left; the connector sends the 3.49 and refunds the cent as an
  # adjustment beside it, so the money is NetSuite's to the cent. Under a dollar too: no amount
  # makes 0.20 CAD (0.14 makes 0.19, 0.15 makes 0.21). The rest makes no amount either (Magento has
  # a cent more left than it): 8.98 of the 9.00 goes back as shipping, two cents as adjustments.
  @success @normal @magento
  Scenario Outline: Part of the shipping (<first>) that no dollar amount makes in <currency>, then the rest, reach a Magento store to the cent
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price |
      | LAMP-21  | 1     | 40.00 |
      | shipping |       | 9.00  |
    And the order has been billed in NetSuite as a cash sale
    And <first> of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And <rest> of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront has refunded exactly 9.00
    And the storefront refund total equals the NetSuite refund total
    And the storefront refunded these lines in all:
      | line     | units | amount     |
      | shipping |       | <shipping> |

    Examples:
      | first | rest | shipping | currency |
      | 3.50  | 5.50 | 8.98     | CAD      |
      | 0.20  | 8.80 | 8.98     | CAD      |

  # Magento gives the last part of an order's shipping all the shipping tax left (Creditmemo\Total\Tax:
  # 0.34 of 1.00 after 0.33 and 0.33), here refunded offline from an order on terms. A connector
  # predicting a pro-rata share each time (0.33) sent a cent of adjustment on top: 3.69 went back
  # where NetSuite refunded 3.68.
  @success @normal @magento
  Scenario: Taxed shipping of an order on terms refunded in NetSuite in three parts reaches Magento to the cent
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And an unpaid Magento order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 10.00 | 1.00 |
    And the order has been billed in NetSuite as an invoice
    And the order's payment has been captured on the storefront
    And 3.33 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 3.33 of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the shipping left is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And each posted refund names the refund it created, for the same amount
    And the storefront refund total equals the NetSuite refund total

  # After 0.20 (0.19 on Magento and a cent beside it) and 3.90 of the CAD shipping, Magento has 4.91
  # left, 3.58 USD. The rest in NetSuite is 4.90, which 3.58 USD makes by the ratio of the base
  # shipping (9.00 x 3.58 / 6.57), but the base shipping left is all that is left to Magento: sent,
  # Magento refunds the 4.91, a cent more than NetSuite's. The connector sends 3.57 (4.89) and the
  # cent beside it.
  @success @normal @magento
  Scenario Outline: Three parts of the shipping in <currency> reach a Magento store to the cent, the last one a cent short of what Magento has left
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price |
      | LAMP-21  | 1     | 40.00 |
      | shipping |       | 9.00  |
    And the order has been billed in NetSuite as a cash sale
    And 0.20 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 3.90 of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 4.90 of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 3 refunds
    And the storefront has refunded exactly 9.00
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | currency |
      | CAD      |

  @success @normal
  Scenario Outline: A NetSuite refund whose currency the account now maps <how> is not posted to <storefront>, and says why
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "currency_ids" is {"USD": "1", "GBP": "2"}
    And a paid <storefront> order in USD has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the account setting "currency_ids" is changed to <currency_ids>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "<said>"
    And the storefront has refunded nothing

    @shopify
    Examples: Shopify
      | how                       | currency_ids             | said         | storefront |
      | to another currency       | {"GBP": "1", "USD": "2"} | GBP          | Shopify    |
      | to no storefront currency | {"USD": "2"}             | currency_ids | Shopify    |

    @magento
    Examples: Magento
      | how                       | currency_ids             | said         | storefront |
      | to another currency       | {"GBP": "1", "USD": "2"} | GBP          | Magento    |
      | to no storefront currency | {"USD": "2"}             | currency_ids | Magento    |

    @woocommerce
    Examples: WooCommerce
      | how                       | currency_ids             | said         | storefront  |
      | to another currency       | {"GBP": "1", "USD": "2"} | GBP          | WooCommerce |
      | to no storefront currency | {"USD": "2"}             | currency_ids | WooCommerce |

  @success @normal
  Scenario Outline: A NetSuite refund of <amount> with no line the storefront knows is posted as a general refund, to the card that paid
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a goodwill refund of <amount> has been made in NetSuite against an adjustment item
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <amount>
    And the storefront refund has no line items
    And each storefront refund went back to the order's payment

    @shopify
    Examples: Shopify
      | amount | storefront |
      | 5.00   | Shopify    |
      | 0.01   | Shopify    |

    @magento
    Examples: Magento
      | amount | storefront |
      | 5.00   | Magento    |
      | 0.01   | Magento    |

    @woocommerce
    Examples: WooCommerce
      | amount | storefront  |
      | 5.00   | WooCommerce |
      | 0.01   | WooCommerce |

  @success @normal
  Scenario Outline: A refund less a restocking fee refunds the line and keeps the fee
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | LAMP-21  | 2     | 40.00 | 8.00 |
      | shipping |       | 9.00  |      |
    And refund adjustment items are set on the account
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite less a restocking fee of 6.50
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 37.50
    And NetSuite refunded these lines in all:
      | line                | units | amount |
      | LAMP-21             | 1     | 40.00  |
      | tax                 |       | 4.00   |
      | negative adjustment |       | -6.50  |
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

  @success @normal
  Scenario Outline: A refund of an item that is not on the order gives the money back without a line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a refund of 3.25 on an item that is not on the order has been made in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 3.25
    And the storefront refund has no line items

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
  Scenario Outline: A refund of an order whose prices include tax reaches <storefront> line by line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 11.00 | 2.00 |
      | TEA-02   | 1     | 9.90  | 0.90 |
      | shipping |       | 5.50  | 0.50 |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line     | units |
      | MUG-01   | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 16.50
    And NetSuite refunded these lines in all:
      | line     | units | amount |
      | MUG-01   | 1     | 10.00  |
      | shipping |       | 5.00   |
      | tax      |       | 1.50   |
    And the storefront refund matches the NetSuite refund line by line

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

  @success @shopify @normal
  Scenario: The cheap shipping of an order whose prices include tax is given back with its tax
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 11.00 | 2.00 |
      | shipping |       | 1.10  | 0.10 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 1.10
    And the storefront refund matches the NetSuite refund line by line

  # A part of the shipping whose share with its tax ends in half a cent: 2.50 of 8.00 at 25% is
  # 3.125, and NetSuite's tax of it 0.63 (half up). Sent as 3.12 (rounded half to even), Shopify's
  # refund held 0.62 of tax: the store's tax a cent short of NetSuite's, a cent of shipping left.
  @success @shopify @normal
  Scenario Outline: <part> of tax-inclusive shipping whose share with its tax ends in half a cent reaches Shopify to the cent
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.50 | 2.50 |
      | shipping |       | 10.00 | 2.00 |
    And the order has been billed in NetSuite as a cash sale
    And <part> of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly <refunded>
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | part | refunded |
      | 2.50 | 3.13     |
      | 0.10 | 0.13     |

  # NetSuite refunds the shipping without its tax, in three parts here (2.78, 2.78, 2.77 of 8.33). Each
  # part with its share of the tax, rounded on its own, is 3.34, 3.34 and 3.33: 10.01 of the 10.00
  # paid. The last part gives back what Shopify has left (3.32), or Shopify refuses it ("maximum
  # refundable") and the customer never gets the last part of her shipping back.
  @success @shopify @normal
  Scenario: Tax-inclusive shipping refunded in NetSuite in three parts reaches Shopify whole
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.00 |
      | shipping |       | 10.00 | 1.67 |
    And the order has been billed in NetSuite as a cash sale
    And 2.78 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And 2.78 of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the shipping left is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 3 refunds
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund matches the NetSuite refund line by line

  # A refund the gateway declined gave nothing back, its shipping included: posted again, the refund
  # gives the shipping back with its tax. A connector counting the declined refund's shipping as
  # refunded sent none the second time (34.00 of 44.00 as money alone, the shipping left on Shopify).
  @success @shopify @critical
  Scenario: Tax-inclusive shipping whose first refund the gateway declined reaches Shopify whole when posted again
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.00 |
      | shipping |       | 10.00 | 1.67 |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the storefront has refunded nothing
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund matches the NetSuite refund line by line

  # Each line keeps its own tax: two lines whose shares both end in half a cent (1.125 and 0.125 of
  # a unit each) give back 1.13 and 0.13, as NetSuite's lines do. A connector rounding each share
  # half to even and putting the difference on the first taxed line gave MUG-01 the tea's cent
  # (1.14 and 0.12: the money right, the store's tax by line not).
  @success @normal
  Scenario Outline: Two lines whose tax shares both end in half a cent reach <storefront> with each line's own tax
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.50 | 2.25 |
      | TEA-02   | 2     | 2.50  | 0.25 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line   | units |
      | MUG-01 | 1     |
      | TEA-02 | 1     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has refunded exactly 16.26 in all
    And the storefront has refunded exactly 16.26
    And the storefront refunded this tax on each line:
      | line   | tax  |
      | MUG-01 | 1.13 |
      | TEA-02 | 0.13 |

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

  # The customer paid no shipping on an order a free shipping code shipped free: Shopify has none left
  # to refund (maximum_refundable 0.00), so NetSuite's full refund gives back the lines and their tax.
  @success @shopify @normal
  Scenario: A full refund in NetSuite of a Shopify order shipped free by a code gives back no shipping
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  | discount |
      | MUG-01   | 2     | 12.00 | 1.92 |          |
      | shipping |       | 6.00  |      | 6.00     |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront has refunded exactly 25.92
    And the storefront refund matches the NetSuite refund line by line

  @success @critical
  Scenario Outline: The payment gateway declines the refund: Error with the reason, nothing refunded, and posted once later
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "declined"
    And the refund's error message contains "<reason>"
    And the storefront has refunded nothing
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

    @shopify
    Examples: Shopify
      | storefront | reason        |
      | Shopify    | card_declined |

    @woocommerce
    Examples: WooCommerce
      | storefront  | reason             |
      | WooCommerce | the card is closed |

  # A gateway that cannot process the refund (a timeout at the card network, say) is not a decline,
  # yet no money moved either: Shopify keeps the refund, its transaction "error" (OrderTransactionStatus
  # ERROR), not "failure". Taken for money given back, the refund shows Posted and is never posted
  # again: the customer is not refunded, and nothing says so.
  @success @shopify @critical
  Scenario: Shopify's payment gateway fails to process the refund: Error with the reason, nothing refunded, and posted once later
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify's payment gateway will fail to process the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "processing_error"
    And the storefront has refunded nothing
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

  # Magento runs the gateway's refund inside the credit memo's transaction: when the gateway refuses,
  # it rolls everything back and answers only "Could not save a Creditmemo, see error log for details"
  # (RefundInvoice::execute); the gateway's reason goes to Magento's log.
  @success @magento @normal
  Scenario: Magento's payment gateway refuses the online refund: Error with Magento's message, nothing refunded, and posted once later
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "Could not save a Creditmemo"
    And Magento received exactly 1 refund request from the connector
    And the storefront has refunded nothing
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  # A refund the payment gateway holds pending is on Shopify, its money on its way to the customer:
  # it is Posted, and is not posted again — once the gateway gives the money back, the customer has
  # it once.
  @success @shopify @normal
  Scenario: A NetSuite refund that Shopify's payment gateway holds pending is Posted, and not posted again
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify's payment gateway will hold the next refund pending for 2 hours
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    When 150 minutes pass
    And the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  @success @ebay @normal
  Scenario: A NetSuite refund of an eBay order is not posted to eBay, and says why
    Given an eBay connector account that syncs refunds from NetSuite to the storefront
    And a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "eBay refunds sync to NetSuite"
    And the storefront has refunded nothing

  # An order on terms whose customer never paid, credited in full in NetSuite: the credit memo cancels
  # a debt, and no money goes back. WooCommerce records any refund up to the order's total, paid or
  # not: a connector that posted it as a manual refund had the merchant pay back 29.00 by hand that
  # the customer never paid.
  @success @normal
  Scenario Outline: A refund of a <storefront> order whose payment was never captured is not posted, and says why
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And an unpaid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "<says>"
    And the storefront has refunded nothing

    @shopify
    Examples: Shopify
      | storefront | says                          |
      | Shopify    | no captured payment to refund |

    @magento
    Examples: Magento
      | storefront | says                        |
      | Magento    | does not allow a creditmemo |

    @woocommerce
    Examples: WooCommerce
      | storefront  | says                          |
      | WooCommerce | there is no payment to refund |

  @success @critical
  Scenario Outline: A refund of part of two taxed lines and the shipping gives back each line's own tax on <storefront>
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 3     | 8.50  | 2.55 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line     | units |
      | MUG-01   | 1     |
      | TEA-02   | 2     |
      | shipping |       |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this tax on each line:
      | line     | tax  |
      | MUG-01   | 1.20 |
      | TEA-02   | 1.70 |
      | shipping | 0.60 |
    And the storefront has refunded exactly 38.50

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

  # WooCommerce keeps the tax of each refunded line as the connector writes it (refund_tax, per
  # rate) and the refund's amount as sent (RULES.md §2.4): NetSuite's tax is each line's share of
  # its tax rounded half up (1 of 2 units of 2.25: 1.13), and a connector whose own shares round
  # otherwise (half to even: 1.12) must put the cent they lose on a taxed line. Dropped, or put on
  # the line the order charged no tax on (the first of the refund), the refund's money holds the
  # cent but WooCommerce's tax reports do not. Shipping of less than a dollar is shipping too: left
  # out, the refund's money holds it and its line shows none of it refunded.
  @success @woocommerce @normal
  Scenario: A refund of lines whose tax shares round apart, and of cheap shipping, reaches WooCommerce line by line
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | BOOK-04  | 1     | 9.00  |      |
      | MUG-01   | 2     | 12.50 | 2.25 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 0.90  | 0.08 |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line     | units |
      | BOOK-04  | 1     |
      | MUG-01   | 1     |
      | TEA-02   | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this tax on each line:
      | line     | tax  |
      | MUG-01   | 1.13 |
      | TEA-02   | 0.85 |
      | shipping | 0.08 |
    And the storefront refund matches the NetSuite refund line by line
    And the storefront has refunded exactly 32.96

  # A US store charges a line's tax at two rates for one area, the state's and the county's (each a
  # WooCommerce rate of its own priority; the harness's store charges two thirds and one third), and
  # a WooCommerce refund keeps its tax at the rates the connector names (refund_tax, per rate id),
  # checking none against what the rate charged. Each line's refunded tax goes back to its rates in
  # the shares they charged. All of it at the first rate, the refund's money and each line's tax are
  # right, and the store's tax report is not: the state's rate gives back 0.60 of shipping tax where
  # it charged 0.40, and the county's gives back nothing of the 1.57 due.
  @success @woocommerce @normal
  Scenario: A WooCommerce refund gives each line's tax back at the state's and the county's rates in their shares
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 3     | 8.50  | 2.55 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line     | units |
      | MUG-01   | 1     |
      | TEA-02   | 2     |
      | shipping |       |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this tax at each rate:
      | rate       | tax  | shipping tax |
      | State Tax  | 1.93 | 0.40         |
      | County Tax | 0.97 | 0.20         |
    And the storefront has refunded exactly 38.50

  # A WooCommerce order's fee (a fee line: gift wrap) is a line of the account's fee item in NetSuite.
  # Refunded there with the order, it goes back on its fee line (a refund line of the fee line's id,
  # with its refund_total and its tax at the fee's rates), as WooCommerce's own refund screen gives a
  # fee back: as money beyond the lines, the fee line shows unrefunded, and the store's tax report
  # lacks its tax.
  @success @woocommerce @critical
  Scenario: A full refund in NetSuite of a WooCommerce order with a fee gives the fee back on its fee line
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and a fee of 5.00 with 0.40 tax for "Gift wrap" has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 1.92 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund matches the NetSuite refund line by line
    And the storefront refunded this tax at each rate:
      | rate       | tax  | shipping tax |
      | State Tax  | 1.55 | 0.00         |
      | County Tax | 0.77 | 0.00         |
    And the storefront refunded these fees:
      | fee       | amount | tax  |
      | Gift wrap | 5.00   | 0.40 |
    And the storefront has refunded exactly 37.32

  # The same with a discount entered as a negative fee: NetSuite's full refund holds the fee item's
  # line at -3.00, and the storefront gives back what the customer paid, 28.68 — not more, as a
  # refund that took the discount for money beyond the lines would.
  @success @woocommerce @critical
  Scenario: A full refund in NetSuite of a WooCommerce order with a negative fee gives back what the customer paid
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and these fees has been synced to NetSuite:
      | line                  | units | price | tax   |
      | MUG-01                | 2     | 12.00 | 1.92  |
      | shipping              |       | 6.00  |       |
      | fee: Payment discount |       | -3.00 | -0.24 |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront has refunded exactly 28.68
    And the storefront refund matches the NetSuite refund line by line

  # An order may carry several fees (gift wrap, rush handling), each a line of the one fee item in
  # NetSuite, told apart by its description: the fee's name. A NetSuite refund of one fee goes back on
  # that fee's line, with its share of that fee's tax — on another fee's line, the refund's total is
  # right, but the store's report of each fee and its tax per fee are wrong.
  @success @woocommerce @critical
  Scenario: A NetSuite refund of one of a WooCommerce order's two fees gives it back on that fee's line
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and these fees has been synced to NetSuite:
      | line               | units | price | tax  |
      | MUG-01             | 2     | 12.00 | 1.92 |
      | shipping           |       | 6.00  |      |
      | fee: Gift wrap     |       | 5.00  | 0.40 |
      | fee: Rush handling |       | 3.00  | 0.24 |
    And the order has been billed in NetSuite as a cash sale
    And the "Gift wrap" fee has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refunded these fees:
      | fee       | amount | tax  |
      | Gift wrap | 5.00   | 0.40 |
    And the storefront has refunded exactly 5.40

  # Part of a fee: the refund line names the fee, and its amount (2.00) is nearer another fee's (3.00,
  # Rush handling) than its own (5.00): the name, not the amount, says which fee it gives back.
  @success @woocommerce @critical
  Scenario: Part of one fee of a WooCommerce order refunded in NetSuite goes back on the fee it names, not the fee of the nearest amount
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and these fees has been synced to NetSuite:
      | line               | units | price | tax  |
      | MUG-01             | 2     | 12.00 | 1.92 |
      | shipping           |       | 6.00  |      |
      | fee: Gift wrap     |       | 5.00  | 0.40 |
      | fee: Rush handling |       | 3.00  | 0.24 |
    And the order has been billed in NetSuite as a cash sale
    And 2.00 of the "Gift wrap" fee has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refunded these fees:
      | fee       | amount | tax  |
      | Gift wrap | 2.00   | 0.16 |
    And the storefront has refunded exactly 2.16

  # A fee the merchant already refunded in part on WooCommerce, then refunded whole in NetSuite.
  # WooCommerce caps only the order's money (RULES.md §2.3), and the order has other money left: sent,
  # the 3.00 of gift wrap already given back would go back again (8.00 of a 5.00 fee). The connector
  # counts what the fee line has left itself, as it does for units and shipping, and posts nothing.
  @success @woocommerce @critical
  Scenario: A fee already refunded in part on WooCommerce is not refunded again: a NetSuite refund of more than is left ends in Error
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and these fees has been synced to NetSuite:
      | line               | units | price | tax  |
      | MUG-01             | 2     | 12.00 | 1.92 |
      | shipping           |       | 6.00  |      |
      | fee: Gift wrap     |       | 5.00  | 0.40 |
      | fee: Rush handling |       | 3.00  | 0.24 |
    And the order has been billed in NetSuite as a cash sale
    And 3.00 of the "Gift wrap" fee has been refunded on the storefront
    And the "Gift wrap" fee has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "has 2.00 of its 5.00"
    And the refund's error message contains "fee left to refund (3.00 refunded there already)"
    And WooCommerce received exactly 0 refund requests from the connector
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 3.24

  # A line of the fee item a NetSuite user enters by hand has no description, and names no fee: it
  # gives back the fee whose amount is nearest its own.
  @success @woocommerce @normal
  Scenario: A NetSuite refund on the fee item naming no fee of a WooCommerce order goes back on the fee of the nearest amount
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and these fees has been synced to NetSuite:
      | line               | units | price | tax  |
      | MUG-01             | 2     | 12.00 | 1.92 |
      | shipping           |       | 6.00  |      |
      | fee: Gift wrap     |       | 5.00  | 0.40 |
      | fee: Rush handling |       | 3.00  | 0.24 |
    And the order has been billed in NetSuite as a cash sale
    And a refund of 5.00 with 0.40 tax on a line of the fee item without a description has been made in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refunded these fees:
      | fee       | amount | tax  |
      | Gift wrap | 5.00   | 0.40 |
    And the storefront has refunded exactly 5.40

  # A NetSuite user who refunds the shipping alone from the cash sale may keep its other lines on the
  # refund at 0 units, the fee item's lines too: they give nothing back, and no fee line of the order
  # is refunded on the storefront (named on the refund, WooCommerce shows the fee refunded, for 0.00).
  @success @woocommerce @normal
  Scenario: A refund of the shipping alone of a WooCommerce order with fees, its fee lines kept at 0 units, gives no fee back
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and these fees has been synced to NetSuite:
      | line               | units | price | tax  |
      | MUG-01             | 2     | 12.00 | 1.92 |
      | shipping           |       | 6.00  |      |
      | fee: Gift wrap     |       | 5.00  | 0.40 |
      | fee: Rush handling |       | 3.00  | 0.24 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite, its item lines kept at 0 units
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund has no line items
    And the storefront refund matches the NetSuite refund line by line
    And the storefront has refunded exactly 6.00

  # The fee item used as a refund item on an order that has no fee: nothing to give back on a fee
  # line, so the money goes back beyond the order's lines, as an adjustment item's would.
  @success @woocommerce @normal
  Scenario: A NetSuite refund on the fee item of a WooCommerce order without fees goes back as money beyond its lines
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 1.92 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And a refund of 4.00 with 0.00 tax on a line of the fee item without a description has been made in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the storefront refund has no line items
    And the storefront has refunded exactly 4.00

  # A WooCommerce order keeps a shipping line per package (shipping_lines is an array), and a
  # package sent free has a line of 0.00. The shipping NetSuite refunds goes on the line that charged
  # it: on the free one, its money and tax have no line to come from.
  @success @woocommerce @normal
  Scenario: The shipping of a WooCommerce order whose first package shipped free goes back on the line that charged it
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped free, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 6.00  | 0.60 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this tax on each line:
      | line     | tax  |
      | shipping | 0.60 |
    And the storefront refund matches the NetSuite refund line by line
    And the storefront has refunded exactly 6.60

  # Magento refunds a configurable product's line through the line's own item (product_type
  # configurable); the simple product chosen, an item after it with the same SKU, goes with it, and
  # Magento reads no quantity given to it. Credited by the chosen product's item id (the last item
  # of the SKU), the credit memo refunds nothing of the shirt.
  @success @magento @normal
  Scenario: A NetSuite refund of a configurable product's unit reaches Magento on the product's line
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines, its first line a configurable product, has been synced to NetSuite:
      | line       | units | price | tax  |
      | TEE-M-BLUE | 2     | 20.00 | 3.30 |
      | MUG-01     | 1     | 12.00 | 0.99 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the TEE-M-BLUE line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded these lines in all:
      | line       | units | amount |
      | TEE-M-BLUE | 1     | 20.00  |
      | tax        |       | 1.65   |
    And the storefront has refunded exactly 21.65

  # A Shopify order keeps a shipping line per package too (shipping_lines is an array), each with its
  # own tax lines. The connector syncs the shipping of both and gives all of it back: read from the
  # first line alone, NetSuite has 5.00 of the order's 12.00 shipping, and its refund of "the
  # shipping" gives back 5.50 of the 13.20 the customer paid for it.
  @success @shopify @normal
  Scenario: The shipping NetSuite refunds of a Shopify order shipped in two paid packages goes back whole
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded these lines in all:
      | line     | units | amount |
      | shipping |       | 12.00  |
      | tax      |       | 1.20   |
    And the storefront has refunded exactly 13.20

  # Both packages charged shipping: WooCommerce caps no line (RULES.md §2.3), so shipping piled on
  # the first package would show the second unrefunded, and the merchant refunding it from the
  # order's screen would give that shipping back twice. Each package gets at most what it has left.
  @success @woocommerce @normal
  Scenario: The shipping NetSuite refunds of a WooCommerce order shipped in two paid packages goes back on each package
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 5.00     | 0.50 |
      | second  | 7.00     | 0.70 |
    And the storefront has refunded exactly 13.20

  # A sequential order numbers plugin gives WooCommerce orders numbers of their own: the `number`
  # the customer reads (WT-1042), while the REST API knows the order by its `id` alone. A connector
  # that took the number for the order's ID synced it under an external ID no retrieve of the order
  # finds; one that posted the refund to /orders/<number> refunded no order, or another customer's.
  # A plugin without a prefix numbers in digits alone (5001), no more the order's id than WT-1042: a
  # connector taking a number of digits for the id syncs the order under it all the same.
  @success @woocommerce @normal
  Scenario Outline: A WooCommerce order numbered by a plugin syncs under its ID, and NetSuite's refund goes back to it
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the store numbers its new orders from "<number>" with a sequential order numbers plugin
    And a paid WooCommerce order has been synced to NetSuite
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    Given the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | number  |
      | WT-1042 |
      | 5001    |

  # The refunds of an order numbered in digits are listed by its id too: WooCommerce answers the
  # refunds of an order it does not know, /orders/5001/refunds, with an empty list (RULES.md §5), so a
  # connector listing them by the number saw none of the 2 units the merchant refunded there (nor any
  # refund of its own) and sent NetSuite's 2 as well: 4 units of 3, 52.80 back of the 39.60 paid.
  @success @woocommerce @normal
  Scenario: Units already refunded on a WooCommerce order numbered in digits by a plugin are not refunded again
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the store numbers its new orders from "5001" with a sequential order numbers plugin
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    Given the order has been billed in NetSuite as a cash sale
    And 2 units of the first line have been refunded on the storefront
    And these lines have been refunded in NetSuite:
      | line  | units |
      | first | 2     |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "has 1 of the 3 units of MUG-01 left to refund"
    And WooCommerce received exactly 0 refund requests from the connector
    And the storefront order carries exactly 1 refund

  # One package taxed, the other not (a shipping method whose tax status is None, or a package sent
  # where no tax is due): each package's part goes back with its own line's tax. At the order's
  # one shipping rate, the taxed package got 0.21 of its 0.50 and the rest went nowhere (the untaxed
  # package has no rate to take it): WooCommerce's tax report per rate refunded less than it charged.
  @success @woocommerce @normal
  Scenario: The shipping of a WooCommerce order in a taxed and an untaxed package goes back with each package's own tax
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 5.00     | 0.50 |
      | second  | 7.00     | 0.00 |
    And the storefront has refunded exactly 12.50

  # Two packages taxed at two rates (10% and 5%): each gets its own tax back. At the order's one
  # shipping rate (0.85 over 12.00), the first got 0.35 of its 0.50 and the second 0.50 of its 0.35.
  @success @woocommerce @normal
  Scenario: The shipping of a WooCommerce order in two packages taxed at two rates goes back with each package's own tax
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.35 |
    And the order has been billed in NetSuite as a cash sale
    And the shipping alone has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 5.00     | 0.50 |
      | second  | 7.00     | 0.35 |
    And the storefront has refunded exactly 12.85

  # Part of the shipping, less than the first package: the refund names that package alone.
  # WooCommerce shows every line a refund names as refunded, even for 0.00: naming the second
  # package too, the merchant sees its shipping refunded when none of it was.
  @success @woocommerce @normal
  Scenario: Part of the shipping of a WooCommerce order in two paid packages names only the package it gives back on
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    And the order has been billed in NetSuite as a cash sale
    And 4.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund has no line items
    And the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 4.00     | 0.40 |
      | second  | 0.00     | 0.00 |

  # Two NetSuite refunds of one order posted in one go: the second is spread against the order as the
  # first left it (read again before it), not as it was before either — its shipping on the package
  # the first emptied, WooCommerce (which caps no line, only the order's money) showed 10.00 back on
  # a package of 5.00 and 5.00 still to refund on the other.
  @success @woocommerce @normal
  Scenario: Two NetSuite refunds of part of the shipping of a WooCommerce order in two paid packages, posted together, go back on the packages that have it left
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    And the order has been billed in NetSuite as a cash sale
    And 6.00 of the shipping has been refunded in NetSuite
    And 6.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 5.00     | 0.50 |
      | second  | 7.00     | 0.70 |
    And the storefront has refunded exactly 13.20

  @success @woocommerce @normal
  Scenario: Part of the shipping of a WooCommerce order in two paid packages, then the rest, go back on the packages that have it left
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    And the order has been billed in NetSuite as a cash sale
    And 6.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 5.00     | 0.50 |
      | second  | 1.00     | 0.10 |
    When 6.00 of the shipping is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 5.00     | 0.50 |
      | second  | 7.00     | 0.70 |
    And the storefront has refunded exactly 13.20

  @success @woocommerce @normal
  Scenario: Shipping NetSuite refunds after the merchant refunded part of it on WooCommerce goes back on the package that has it left
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    And the order has been billed in NetSuite as a cash sale
    And 6.00 of the shipping has been refunded on the storefront
    And 6.00 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 2 refunds
    And the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 5.00     | 0.50 |
      | second  | 7.00     | 0.70 |
    And the storefront has refunded exactly 13.20

  @success @shopify @normal
  Scenario: A refund of a Shopify order paid at the second try goes back to the payment that went through
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order whose first card payment was declined has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And each storefront refund went back to the order's payment
    And the storefront refund total equals the NetSuite refund total

  # Shopify keeps a sale transaction per payment of an order — a gift card applied at checkout, or
  # the card charged again after an order edit collected more — and takes a refund transaction only
  # up to what its own payment has left (FIDELITY.md). The whole refund on the first payment is
  # refused, and the order's refund never reaches Shopify. In the order's currency: what each payment
  # has left read in the shop's (in_shop_currency) spread the refund by dollars, and Shopify refused it.
  @success @shopify @normal
  Scenario Outline: A full refund of a Shopify order in <currency> paid in two card payments goes back on each payment
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order in <currency> with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
      | second  | 21.40    |
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | currency |
      | USD      |
      | EUR      |

  # Shopify sends each transaction of a refund to its own payment's gateway: the card of the second
  # payment was closed, so its part was declined while the first payment's went back. Posted, the
  # refund would say NetSuite's 31.40 reached Shopify when 10.00 did; taken for declined and posted
  # again whole, the 10.00 would go back twice.
  @success @shopify @critical
  Scenario: The card of one payment declines its part of a Shopify refund: Error with what went back, nothing doubled
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the payment gateway will decline the next refund on the order's second payment
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "declined"
    And the refund's error message contains "card_declined"
    And the refund's error message contains "10.00"
    And the refund's error message contains "21.40"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
    When the connector posts the retrieved refunds again
    Then the refund's status is "Error"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 10.00

  # The same for part of the order: 13.20 asked, 10.00 went back on the first payment, 3.20 was
  # declined on the second. Posted again (taken for declined since one of its transactions was), it
  # went back a second time: 23.20 for a refund of 13.20.
  @success @shopify @critical
  Scenario: The card of one payment declines its part of a partial Shopify refund: posted again, nothing doubled
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    And the payment gateway will decline the next refund on the order's second payment
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
    When the connector posts the retrieved refunds again
    Then the refund's status is "Error"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 10.00

  # A NetSuite refund of more than the order's payments have left (the merchant gave 10.00 back on
  # Shopify already) is Shopify's to refuse, saying what is left: capped to what is left, the refund
  # showed Posted for 31.40 where 21.40 went back.
  @success @shopify @critical
  Scenario: A NetSuite refund of more than the Shopify order's payments have left is not posted short
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And a general refund of 10.00 has been made on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 10.00

  # A payment authorized at checkout and captured by the merchant later, in parts: the captures are
  # the payments (the authorization is none, and Shopify refuses it as a refund's parent), each
  # taking back at most what it captured.
  @success @shopify @normal
  Scenario: A full refund of a Shopify order captured in two parts goes back on each capture
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, its card payment authorized at checkout and captured in two parts, the first 10.00, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
      | second  | 21.40    |
    And the storefront refund total equals the NetSuite refund total

  # The connector does not refund a gift card (DOMAIN.md §1: "Gift cards are not refunded
  # automatically"): a refund the card payment can take goes back to the card, all it has left
  # here, though the gift card is the payment Shopify lists first.
  @success @shopify @normal
  Scenario: A refund of a Shopify order paid partly by gift card goes back to the card, not the gift card
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, 13.20 of it paid by gift card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And these lines have been refunded in NetSuite:
      | line     | units |
      | MUG-01   | 1     |
      | shipping |       |
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | second  | 18.20    |
    And the storefront refund total equals the NetSuite refund total

  # With no card payment to take it, a NetSuite refund of an order paid whole by gift card cannot go
  # back automatically: a connector that fell back on the order's payments put it on the gift card
  # and said Posted. The merchant refunds it by hand (a new gift card, store credit).
  @success @shopify @normal
  Scenario: A refund of a Shopify order paid wholly by gift card ends in Error, and nothing is refunded
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, all of it paid by gift card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "gift card"
    And Shopify received exactly 0 refund requests from the connector
    And the storefront has refunded nothing

  # The second refund finds the first payment given back whole: its money goes on the second, the
  # only one with money left (a refund transaction of 0.00 Shopify refuses).
  @success @shopify @normal
  Scenario: Two refunds of a Shopify order paid in two card payments each go back on the payments with money left
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
      | second  | 3.20     |
    When 1 unit of the MUG-01 line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
      | second  | 16.40    |
    And the storefront refund total equals the NetSuite refund total

  # A refund the gateway still holds pending has taken its money from its payment: the next refund
  # finds the first payment given back whole. Counted as money still there, the second refund asked
  # the first payment for 10.00 more; Shopify refused it, and the refund stayed in Error.
  @success @shopify @normal
  Scenario: A second refund of a Shopify order paid in two card payments, the first still pending at the gateway, goes on the payment with money left
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    And Shopify's payment gateway will hold the next refund pending for 2 hours
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    When 1 unit of the MUG-01 line is refunded in NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    When 150 minutes pass
    Then the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
      | second  | 16.40    |

  # A refund the gateway declined took nothing from its payments: posted again, the refund goes
  # back on each as the first attempt would have. Counted as given, the payments had 10.00 left of
  # 31.40 and the refund could never be posted.
  @success @shopify @normal
  Scenario: A full refund of a Shopify order paid in two card payments, declined whole, goes back on each payment when posted again
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
      | second  | 21.40    |

  # More than the card has left needs the gift card's money: the connector refunds none of it
  # (neither the gift card, nor the card's part alone, which would leave the refund short unseen),
  # and the merchant is told how to go on.
  @success @shopify @critical
  Scenario: A refund of a Shopify order that needs the gift card's part ends in Error, and nothing is refunded
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, 10.00 of it paid by gift card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "gift card"
    And the refund's error message contains "10.00"
    And the refund's error message contains "21.40"
    And Shopify received exactly 0 refund requests from the connector
    And the storefront has refunded exactly 0.00
