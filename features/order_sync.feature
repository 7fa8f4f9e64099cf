Feature: Order sync, the prerequisite of refund sync
  Before refund sync is activated, order sync must have been tested: the storefront order exists in
  NetSuite as a sales order the connector created — the customer (found if NetSuite knows her,
  never duplicated), each line with its item, units and price after discount, the shipping, the
  tax and the currency — and it has been billed in NetSuite: a paid order as a cash sale, an unpaid
  order (or one with terms) as an invoice.

  # An order refunded in part on the storefront before the connector syncs it: NetSuite's sales order
  # is the order as it was bought (its refund syncs apart). Shopify prints beside each amount what is
  # left of it after refunds (current_quantity, current_total_tax, current_subtotal_price): a
  # connector reading those synced the order short of a unit, its tax or its discount.
  @success @to_storefront @critical
  Scenario Outline: A <storefront> order refunded in part before it syncs reaches NetSuite as it was bought
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines that was never synced to NetSuite:
      | line     | units | price | tax  | discount |
      | MUG-01   | 2     | 12.00 | 1.92 |          |
      | TEA-02   | 2     | 8.50  | 1.36 | 1.00     |
      | shipping |       | 6.00  |      |          |
    And 1 unit of the first line has been refunded on the storefront
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

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

  @success @critical
  Scenario Outline: A <storefront> order in <currency> with taxed, discounted lines and taxed shipping syncs line by line
    Given a <storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price | tax  | discount |
      | MUG-01   | 3     | 12.00 | 3.42 | 0.60     |
      | TEA-02   | 2     | 8.50  | 1.70 |          |
      | shipping |       | 6.00  | 0.60 |          |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

    @shopify @to_storefront
    Examples: Shopify
      | currency | storefront | direction                       |
      | USD      | Shopify    | from NetSuite to the storefront |
      | EUR      | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | currency | storefront | direction                       |
      | USD      | Magento    | from NetSuite to the storefront |
      | EUR      | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | currency | storefront  | direction                       |
      | USD      | WooCommerce | from NetSuite to the storefront |
      | EUR      | WooCommerce | from NetSuite to the storefront |

    @shopify @to_netsuite
    Examples: Shopify, refunds to NetSuite
      | currency | storefront | direction                       |
      | USD      | Shopify    | from the storefront to NetSuite |

  # Shopify and WooCommerce keep a shipping line per package (an order's shipping_lines is an array),
  # each with its own tax. A connector that reads the first one alone syncs 5.00 of the 12.00 the
  # order charged for shipping, and 0.50 of its 1.20 shipping tax.
  @success @to_storefront @normal
  Scenario Outline: A <storefront> order shipped in two paid packages syncs with the shipping of both
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    Then the sales order has the order's lines, shipping and tax

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

    @woocommerce
    Examples: WooCommerce
      | storefront  |
      | WooCommerce |

  # A WooCommerce order may carry fees beside its lines (fee_lines: gift wrap, a surcharge), which its
  # total and total_tax hold. NetSuite Connector validates a transaction against the order total the
  # connector sends (Oracle's "FA | UE Order Total Validation" script): read from its lines alone
  # with the order's tax, this order of 37.32 became a sales order of 32.32. Each fee is a line of
  # the account's fee item (woocommerce_fee_item), at the fee's total before tax; its tax is the
  # order's. Without a fee item the order does not sync, and NetSuite is left as it was (no customer
  # made for a buyer whose order it refused).
  @success @to_storefront @woocommerce @critical
  Scenario: A WooCommerce order with a fee syncs the fee as a line of the account's fee item
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and a fee of 5.00 with 0.40 tax for "Gift wrap" has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 1.92 |
      | shipping |       | 6.00  |      |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

  # A discount entered as a fee (a payment method's discount: a negative fee line, its tax negative
  # too) is a line of the fee item at its negative total. Read as a charge and left off when it is
  # not one, the sales order billed 31.68 where the customer paid 28.68.
  @success @to_storefront @woocommerce @critical
  Scenario: A WooCommerce order with a discount entered as a negative fee syncs it as a line of the fee item
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And the WooCommerce fee item is set on the account
    And a paid WooCommerce order with these lines and these fees has been synced to NetSuite:
      | line                  | units | price | tax   |
      | MUG-01                | 2     | 12.00 | 1.92  |
      | shipping              |       | 6.00  |       |
      | fee: Payment discount |       | -3.00 | -0.24 |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

  @missing_order @to_storefront @woocommerce @default_woocommerce_fee_item @normal
  Scenario: A WooCommerce order with a fee does not sync without a fee item, and says why
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines and a fee of 5.00 with 0.40 tax for "Gift wrap" that was never synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 1.92 |
      | shipping |       | 6.00  |      |
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "Gift wrap"
    And the order's error message contains "woocommerce_fee_item"
    And NetSuite has no customer of the order's email and no sales order of it

  # A configurable product's line on Magento (a shirt sold in sizes) is followed in the order by the
  # simple product chosen, an item of its own with the line's SKU and units and no money. It is the
  # line's detail, not a line: synced as one, NetSuite's sales order has the shirts twice.
  @success @to_storefront @magento @normal
  Scenario: A Magento order of a configurable product syncs the product chosen once, at its line's price
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines, its first line a configurable product, has been synced to NetSuite:
      | line       | units | price | tax  |
      | TEE-M-BLUE | 2     | 20.00 | 3.30 |
      | MUG-01     | 1     | 12.00 | 0.99 |
      | shipping   |       | 5.00  |      |
    Then the sales order has the order's lines, shipping and tax

  @success @to_netsuite @ebay @critical
  Scenario: An eBay order syncs to NetSuite line by line
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order has been synced to NetSuite
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

  # eBay shows a line bought at a seller's promotion with its cost before the promotion (lineItemCost)
  # and after it (discountedLineItemCost, with the promotion in appliedPromotions); the order's total
  # is after it (OAS LineItem, PricingSummary.priceDiscount). The buyer paid 33.00 for the mugs, not
  # 36.00: a connector that reads lineItemCost syncs an order of 59.00 for one of 56.00.
  @success @to_netsuite @ebay @critical
  Scenario: An eBay order with a line bought at the seller's promotion syncs at the price the buyer paid
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order with these lines has been synced to NetSuite:
      | line     | units | price | tax | discount |
      | MUG-01   | 3     | 12.00 |     | 3.00     |
      | TEA-02   | 2     | 8.50  |     |          |
      | shipping |       | 6.00  |     |          |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

  # eBay's combined shipping discount: the order's deliveryCost is "before any shipping/delivery
  # discount is applied" and its deliveryDiscount takes the discount off (OAS PricingSummary); the
  # line that carries the delivery shows what is left of it with the discount (deliveryCost's
  # shippingCost and discountAmount). The buyer paid 2.00 for the shipping, not 6.00.
  @success @to_netsuite @ebay @normal
  Scenario: An eBay order with a combined shipping discount syncs with the shipping the buyer paid
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order with these lines has been synced to NetSuite:
      | line     | units | price | tax | discount |
      | MUG-01   | 2     | 12.00 |     |          |
      | TEA-02   | 1     | 8.50  |     |          |
      | shipping |       | 6.00  |     | 4.00     |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

  # A Magento cart price rule applied to the shipping ("Apply to Shipping Amount") leaves the order's
  # shipping_amount as it was before the rule and keeps what it took off as shipping_discount_amount,
  # inside the order's discount_amount (sales-data-order-interface). The customer paid 8.00 for the
  # shipping: a connector reading shipping_amount syncs 10.00.
  @success @to_storefront @magento @normal
  Scenario: A Magento order with a shipping discount syncs with the shipping the customer paid
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines has been synced to NetSuite:
      | line     | units | price | tax  | discount |
      | MUG-01   | 2     | 12.00 | 1.92 |          |
      | TEA-02   | 1     | 8.50  |      |          |
      | shipping |       | 10.00 |      | 2.00     |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

  # A Shopify free shipping code (discount_codes type "shipping": "Applies a free shipping discount on
  # orders that have a shipping rate less than or equal to amount", REST Order) leaves the shipping
  # line's price as it was and makes its discounted_price 0.00; the order's total_shipping_price_set
  # is "excluding discounts". The customer paid no shipping: a connector reading the price syncs 6.00.
  @success @to_storefront @shopify @normal
  Scenario: A Shopify order with a free shipping code syncs without the shipping the code waived
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price | tax  | discount |
      | MUG-01   | 2     | 12.00 | 1.92 |          |
      | TEA-02   | 1     | 8.50  |      |          |
      | shipping |       | 6.00  |      | 6.00     |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

  # eBay answers an order's shipTo.email for 14 days and its shipTo.fullName for 90 (OAS ExtendedContact).
  @success @to_netsuite @ebay @normal
  Scenario Outline: An eBay order synced after eBay stopped showing the buyer's <dropped>: the customer is the buyer as eBay shows them
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order that was never synced to NetSuite
    When <minutes> minutes pass
    And the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has the order's customer as eBay shows the buyer now

    Examples:
      | dropped         | minutes |
      | email           | 21600   |
      | email and name  | 131040  |

  @success @normal
  Scenario Outline: A second order of the same customer is hers in NetSuite: the customer is found, not duplicated
    Given <a storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order has been synced to NetSuite
    And a second paid <storefront> order from the same customer has been synced to NetSuite
    Then NetSuite has one customer for the order's email, shared by both orders

    @shopify @to_storefront
    Examples: Shopify
      | a storefront | storefront | direction                       |
      | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | a storefront | storefront | direction                       |
      | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | a storefront  | storefront  | direction                       |
      | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @shopify @to_netsuite
    Examples: Shopify, refunds to NetSuite
      | a storefront | storefront | direction                       |
      | a Shopify    | Shopify    | from the storefront to NetSuite |

    @ebay @to_netsuite
    Examples: eBay
      | a storefront | storefront | direction                       |
      | an eBay      | eBay       | from the storefront to NetSuite |

  # NetSuite takes an order only in one of its customer's currencies (her primary one and the others
  # of her Currencies subtab): a returning buyer's order in another currency than her first adds it
  # to her customer, who stays one (Oracle, "Importing Currency Values for Sales Orders"). A store
  # sells in several: Shopify Markets' presentment currencies, Magento's websites, WooCommerce's
  # multi-currency, eBay's marketplaces.
  @success @normal
  Scenario Outline: A second order of the same customer in another currency is hers in NetSuite: her customer buys in both
    Given <a storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order in USD has been synced to NetSuite
    And a second paid <storefront> order from the same customer in EUR has been synced to NetSuite
    Then NetSuite has one customer for the order's email, shared by both orders

    @shopify @to_storefront
    Examples: Shopify
      | a storefront | storefront | direction                       |
      | a Shopify    | Shopify    | from NetSuite to the storefront |

    @shopify @to_netsuite
    Examples: Shopify, refunds to NetSuite
      | a storefront | storefront | direction                       |
      | a Shopify    | Shopify    | from the storefront to NetSuite |

    @magento @to_storefront
    Examples: Magento
      | a storefront | storefront | direction                       |
      | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | a storefront  | storefront  | direction                       |
      | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | a storefront | storefront | direction                       |
      | an eBay      | eBay       | from the storefront to NetSuite |

  # Her third order in a third currency adds it to her customer and keeps the second: NetSuite's
  # Currencies subtab replaced with the new one alone (PATCH with replace), the third order was
  # refused ("You cannot remove the currency EUR from a customer who has transactions in it").
  @success @normal
  Scenario Outline: A third order of the same customer in a third currency is hers in NetSuite: her customer keeps all three
    Given <a storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order in USD has been synced to NetSuite
    And a second paid <storefront> order from the same customer in EUR has been synced to NetSuite
    And a third paid <storefront> order from the same customer in <currency> has been synced to NetSuite
    Then NetSuite has one customer for the order's email, shared by all three orders

    @shopify @to_storefront
    Examples: Shopify
      | a storefront | storefront | direction                       | currency |
      | a Shopify    | Shopify    | from NetSuite to the storefront | GBP      |

    @magento @to_storefront
    Examples: Magento
      | a storefront | storefront | direction                       | currency |
      | a Magento    | Magento    | from NetSuite to the storefront | GBP      |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | a storefront  | storefront  | direction                       | currency |
      | a WooCommerce | WooCommerce | from NetSuite to the storefront | GBP      |

    @ebay @to_netsuite
    Examples: eBay
      | a storefront | storefront | direction                       | currency |
      | an eBay      | eBay       | from the storefront to NetSuite | GBP      |

  # A customer of the buyer's email that the merchant deactivated (a duplicate merged away) is not
  # hers: NetSuite refuses a transaction of an inactive customer ("Invalid entity reference key"), so
  # an order put on it never synced, nor did any later order of hers. The order gets an active customer.
  @success @normal
  Scenario Outline: <A storefront> order of a buyer whose NetSuite customer was deactivated syncs on an active one
    Given <a storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite already holds an inactive customer of the order's email
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has a sales order for it whose external ID is the storefront order ID

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | direction                       |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | direction                       |
      | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |

  # A guest checkout keeps the email as typed, and its case means nothing: the returning buyer who
  # types hers in capitals is the same customer (NetSuite's IS ignores case; SuiteQL's = does not).
  @success @to_storefront @normal
  Scenario Outline: A second <storefront> order of the same customer, her email typed in capitals, is hers in NetSuite
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And a second paid <storefront> order from the same customer, her email typed in capitals, has been synced to NetSuite
    Then NetSuite has one customer for the order's email, shared by both orders

    @magento
    Examples: Magento
      | storefront |
      | Magento    |

    @woocommerce
    Examples: WooCommerce
      | storefront  |
      | WooCommerce |

  # A guest checkout keeps the name as typed with the email, and the email is the customer: the
  # returning buyer who types her name otherwise (Annie for Ann, a name taken in marriage) is the same
  # customer in NetSuite. A connector finding customers by email and name makes her twice.
  # A store sells more than goods kept in stock: a gift set NetSuite keeps as a kit (a package of
  # items), a lamp it builds as an assembly, gift wrapping as a service, goods drop-shipped as
  # non-inventory items for resale. A connector that looks a SKU up among inventory and non-inventory
  # sale items alone syncs no such order ("No NetSuite item matches SKU"), nor any of its refunds.
  @success @to_storefront @critical
  Scenario Outline: A <storefront> order of kits, assemblies, services and items for resale syncs, and its NetSuite refund goes back line by line
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And NetSuite keeps the storefront's items as kits, assemblies, services and items for resale, in turn
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line    | units | price | tax  |
      | GIFT-01 | 1     | 30.00 | 3.00 |
      | LAMP-21 | 1     | 40.00 | 4.00 |
      | WRAP-03 | 1     | 5.00  | 0.50 |
      | TEE-04  | 2     | 9.00  | 1.80 |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
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

  @success @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A <storefront> refund of kits, assemblies, services and items for resale reaches NetSuite line by line
    Given a <storefront> connector account that syncs refunds from the storefront to NetSuite
    And NetSuite keeps the storefront's items as kits, assemblies, services and items for resale, in turn
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line    | units | price |
      | GIFT-01 | 1     | 30.00 |
      | LAMP-21 | 1     | 40.00 |
      | WRAP-03 | 1     | 5.00  |
      | TEE-04  | 2     | 9.00  |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total
    And the line-item refunds match between the storefront and NetSuite

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

    @ebay
    Examples: eBay
      | storefront |
      | eBay       |

  # The merchant merges a duplicate customer away after the first order synced: the one kept is a new
  # record of her email, the first deactivated. Her next order goes on the one kept. A connector that
  # keeps the customer it found for an email (sparing NetSuite a search) put it on the deactivated
  # one, which NetSuite refuses ("Invalid entity reference key"): the order never synced.
  @success @normal
  Scenario Outline: A second <storefront> order of a buyer whose NetSuite customer the merchant merged away goes on the one kept
    Given a <storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order has been synced to NetSuite
    And the merchant has merged the order's NetSuite customer into a new one of her email
    And a second paid <storefront> order from the same customer has been synced to NetSuite
    Then the second order's sales order is of the customer the merchant kept

    @shopify @to_storefront
    Examples: Shopify
      | storefront  | direction                       |
      | Shopify     | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | storefront  | direction                       |
      | Magento     | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | storefront  | direction                       |
      | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | storefront  | direction                       |
      | eBay        | from the storefront to NetSuite |

  # The merchant retires an item (renamed MUG-01-OLD, the first order's refunds still of it) and makes
  # a new one named MUG-01 for the orders to come. A connector that keeps the item it found for a SKU
  # put the next order's sale on the retired item.
  @success @normal
  Scenario Outline: A second <storefront> order of a SKU whose NetSuite item the merchant replaced goes on the new item
    Given a <storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    And the NetSuite item "MUG-01" has been replaced by a new item of that name, the old one renamed "MUG-01-OLD"
    And a second paid <storefront> order from the same customer with these lines, its items already in NetSuite, has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 1     | 12.00 |
    Then the second order's sales order holds its "MUG-01" line on the new item

    @shopify @to_storefront
    Examples: Shopify
      | storefront  | direction                       |
      | Shopify     | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | storefront  | direction                       |
      | Magento     | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | storefront  | direction                       |
      | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | storefront  | direction                       |
      | eBay        | from the storefront to NetSuite |

  # The merchant adds the missing item and syncs the order again: a connector that remembers the SKU
  # it did not find (sparing NetSuite a search) never syncs the order.
  @missing_order @normal
  Scenario Outline: A <storefront> order whose item was unknown to NetSuite syncs once the item is added
    Given a <storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order with an item unknown to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    Given the order's item unknown to NetSuite has since been added to NetSuite's catalogue
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

    @shopify @to_storefront
    Examples: Shopify
      | storefront  | direction                       |
      | Shopify     | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | storefront  | direction                       |
      | eBay        | from the storefront to NetSuite |

    @magento @to_storefront
    Examples: Magento
      | storefront  | direction                       |
      | Magento     | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | storefront  | direction                       |
      | WooCommerce | from NetSuite to the storefront |

  @success @to_storefront @normal
  Scenario Outline: A second <storefront> order of the same customer, her name typed otherwise, is hers in NetSuite
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order of a buyer named "Ann Lee" has been synced to NetSuite
    And a second paid <storefront> order from the same customer, her name typed as "Annie Lee-Park", has been synced to NetSuite
    Then NetSuite has one customer for the order's email, shared by both orders

    @magento
    Examples: Magento
      | storefront |
      | Magento    |

    @woocommerce
    Examples: WooCommerce
      | storefront  |
      | WooCommerce |

  # The refusal names the SKU NetSuite lacks: the merchant adds that item. A connector that named
  # the SKU its lookup loop ended on (the last line's, whichever was missing) sent her to add an
  # item NetSuite already has.
  @missing_order @normal
  Scenario Outline: <A storefront> order whose <line> line's item is not in NetSuite does not sync, and says which
    Given <a storefront> connector account that syncs refunds <direction>
    And NetSuite already holds another buyer's order
    And a paid <storefront> order of three lines whose <line> line's item is unknown to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "No NetSuite item matches SKU"
    And the order's error message contains "<sku>"
    And NetSuite has no customer of the order's email and no sales order of it

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       | line  | sku     |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront | first | MUG-01  |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront | last  | BOWL-03 |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | direction                       | line  | sku     |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront | first | MUG-01  |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront | last  | BOWL-03 |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | direction                       | line   | sku    |
      | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront | second | TEA-02 |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       | line  | sku    |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite | first | MUG-01 |

  @success @normal
  Scenario Outline: <A storefront> order of a buyer named "<buyer>" syncs with the buyer as the NetSuite customer
    Given <a storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order of a buyer named "<buyer>" has been synced to NetSuite
    Then NetSuite has the order's customer: one person with the buyer's name and email

    @shopify @to_storefront
    Examples: Shopify
      | buyer           | A storefront | a storefront | storefront | direction                       |
      | Ana Souza       | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |
      | Ana Lucia Souza | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |
      | Cher            | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |
      | José Núñez Ødegård | A Shopify | a Shopify    | Shopify    | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | buyer           | A storefront | a storefront | storefront | direction                       |
      | Ana Souza       | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |
      | Ana Lucia Souza | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |
      | Cher            | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |
      | José Núñez Ødegård | An eBay   | an eBay      | eBay       | from the storefront to NetSuite |

    @magento @to_storefront
    Examples: Magento
      | buyer           | A storefront | a storefront | storefront | direction                       |
      | Ana Souza       | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |
      | Ana Lucia Souza | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |
      | José Núñez Ødegård | A Magento | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | buyer           | A storefront | a storefront | storefront  | direction                       |
      | Ana Souza       | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |
      | Ana Lucia Souza | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |
      | José Núñez Ødegård | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |

  @success @to_storefront @normal
  Scenario Outline: A <storefront> order whose prices include tax, with a discount code, syncs with the tax and the discount taken out
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines, tax-inclusive prices, has been synced to NetSuite:
      | line          | units | price | tax  |
      | MUG-01        | 2     | 11.00 | 2.00 |
      | TEA-02        | 1     | 8.80  | 0.80 |
      | shipping      |       | 5.50  | 0.50 |
      | discount code |       | 3.08  |      |
    Then NetSuite has a sales order for it whose external ID is the storefront order ID
    And the sales order has the order's lines, shipping and tax

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

  @success @critical
  Scenario Outline: <A storefront> order whose sync lost NetSuite's answer every time is linked when synced again, not duplicated
    Given <a storefront> connector account that syncs refunds <direction>
    And the account setting "max_attempts" is 1
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite will drop the answer after committing it on the next sales order creation
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has a sales order for it whose external ID is the storefront order ID
    And the order can be billed in NetSuite as a cash sale

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | direction                       |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | direction                       |
      | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |

  @success @critical
  Scenario Outline: The answer to the new customer of <a storefront> order is lost: the retry finds her, NetSuite has her once
    Given <a storefront> connector account that syncs refunds <direction>
    And the account setting "max_attempts" is 4
    And NetSuite already holds another buyer's order
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite will drop the answer after committing it on the next customer creation
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And every planned fault fired
    And NetSuite has the order's customer: one person with the buyer's name and email

    @shopify @to_storefront
    Examples: Shopify
      | a storefront | storefront | direction                       |
      | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | a storefront | storefront | direction                       |
      | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | a storefront  | storefront  | direction                       |
      | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | a storefront | storefront | direction                       |
      | an eBay      | eBay       | from the storefront to NetSuite |

  # Synced again at once after NetSuite's answer to the new customer was lost, her creation's job is
  # still queued: nothing finds her by her email yet, and a second creation (a new request, a new
  # idempotency key) made her twice. The customer's external ID makes NetSuite refuse the second,
  # and the connector finds her by it.
  @success @critical
  Scenario Outline: <A storefront> order whose new customer lost NetSuite's answer is synced again at once: NetSuite has her once
    Given <a storefront> connector account that syncs refunds <direction>
    And the account setting "max_attempts" is 1
    And NetSuite already holds another buyer's order
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite will drop the answer after committing it on the next customer creation
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has the order's customer: one person with the buyer's name and email

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | direction                       |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | direction                       |
      | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |

  # Without the email, a name is no person: two eBay buyers may bear one. A connector finding the
  # customer of an order without an email by its name makes the second John Smith the first, whose
  # email, orders and refunds are then another person's.
  @success @to_netsuite @ebay @normal
  Scenario: Two eBay buyers of one name are two NetSuite customers, though eBay no longer shows the second one's email
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order of a buyer named "John Smith" has been synced to NetSuite
    And a second paid eBay order of another buyer named "John Smith" that was never synced to NetSuite
    When 21600 minutes pass
    And the connector syncs the second order to NetSuite
    Then the second order's NetSuite customer is its own buyer, not the first order's

  @success @to_netsuite @ebay @critical
  Scenario: An eBay order with no email left whose new customer lost NetSuite's answer is synced again at once: linked, her customer made once
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 1
    And a paid eBay order that was never synced to NetSuite
    And NetSuite will drop the answer after committing it on the next customer creation
    When 21600 minutes pass
    And the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has the order's customer as eBay shows the buyer now

  # 15 days on, eBay shows the order's email no more: nothing finds the buyer's customer by it. A
  # creation whose answer was lost is found all the same (its job, by the request's idempotency
  # key), and an order synced again after one is found by its external ID before its customer is
  # made: one buyer, one NetSuite customer.
  @success @to_netsuite @ebay @critical
  Scenario: The answer to the new customer of an eBay order with no email left is lost: the retry finds her, NetSuite has her once
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid eBay order that was never synced to NetSuite
    And NetSuite will drop the answer after committing it on the next customer creation
    When 21600 minutes pass
    And the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And every planned fault fired
    And NetSuite has the order's customer as eBay shows the buyer now

  @success @to_netsuite @ebay @critical
  Scenario: An eBay order with no email left whose sync lost NetSuite's answer is synced again: her customer is made once
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 1
    And a paid eBay order that was never synced to NetSuite
    And NetSuite will drop the answer after committing it on the next sales order creation
    When 21600 minutes pass
    And the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has the order's customer as eBay shows the buyer now

  @success @critical
  Scenario Outline: The answer to the new sales order of <a storefront> order is lost in an account in use: the retry finds the order's own
    Given <a storefront> connector account that syncs refunds <direction>
    And the account setting "max_attempts" is 4
    And NetSuite already holds another buyer's order
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite will drop the answer after committing it on the next sales order creation
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And every planned fault fired
    And NetSuite has a sales order for it whose external ID is the storefront order ID
    And NetSuite has the order's customer: one person with the buyer's name and email

    @shopify @to_storefront
    Examples: Shopify
      | a storefront | storefront | direction                       |
      | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | a storefront | storefront | direction                       |
      | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | a storefront  | storefront  | direction                       |
      | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | a storefront | storefront | direction                       |
      | an eBay      | eBay       | from the storefront to NetSuite |

  # The sales order's external ID is the storefront order ID: another store on the same NetSuite
  # account numbers its orders alike, an earlier integration used the same IDs. NetSuite refuses a
  # second record of the external ID; that sales order is another customer's, not an earlier
  # attempt's. A connector that took it for its own linked the order to it, and posted that
  # customer's 10.00 cash refund to this order's buyer; one that refused the link and still
  # retrieved the order's refunds by its external ID did the same.
  @missing_order @normal
  Scenario Outline: <A storefront> order whose ID another buyer's NetSuite sales order holds as its external ID does not sync, and says why
    Given <a storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite already holds another buyer's sales order whose external ID is the order's ID, billed and refunded there
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "another customer"
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "did not sync to NetSuite"
    And the connector lists 0 refunds for the order
    And the storefront has refunded nothing

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront |
      | A Magento    | a Magento    | Magento    |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  |
      | A WooCommerce | a WooCommerce | WooCommerce |

  # The same, for an order the connector was never asked to sync: NetSuite's sales order of the
  # order's ID is still another store's order, not this one (another customer's; or the same
  # buyer's, for another total). A connector that took whatever NetSuite holds under the ID gave
  # that order's 10.00 refund back to this order's buyer, or credited that order's cash sale with
  # this order's refund; one that checked the customer alone did so for the buyer's other order.
  @missing_order @normal
  Scenario Outline: <A storefront> order never synced, whose ID <held> holds, has no refunds to retrieve there
    Given <a storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite already holds <held> whose external ID is the order's ID, billed and refunded there
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "<why>"
    And the connector lists 0 refunds for the order
    And the storefront has refunded nothing

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | held                                     | why              |
      | A Shopify    | a Shopify    | Shopify    | another buyer's sales order              | another customer |
      | A Shopify    | a Shopify    | Shopify    | the buyer's sales order of another store | not this order   |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | held                                     | why              |
      | A Magento    | a Magento    | Magento    | another buyer's sales order              | another customer |
      | A Magento    | a Magento    | Magento    | the buyer's sales order of another store | not this order   |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | held                                     | why              |
      | A WooCommerce | a WooCommerce | WooCommerce | another buyer's sales order              | another customer |
      | A WooCommerce | a WooCommerce | WooCommerce | the buyer's sales order of another store | not this order   |

  @missing_order @normal @default_only_return_authorization_against_matching_record
  Scenario Outline: <A storefront> refund of an order never synced, whose ID another buyer's sales order holds, is not posted to it
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And refund adjustment items are set on the account
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite already holds another buyer's sales order whose external ID is the order's ID, billed there
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "another customer"
    And NetSuite has refunded exactly 0.00 in all

    @shopify @to_netsuite
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront |
      | An eBay      | an eBay      | eBay       |

  # The same buyer shops on two stores that number their orders alike: NetSuite holds her order of
  # the other store under this order's ID. It is her customer's, but not this order (another item,
  # another total): linked, its 10.00 refund went back to her on this store too — 20.00 for a
  # 10.00 refund.
  @missing_order @normal
  Scenario Outline: <A storefront> order whose ID the same buyer's order of another store holds in NetSuite does not sync, and says why
    Given <a storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order that was never synced to NetSuite
    And NetSuite already holds the buyer's sales order of another store whose external ID is the order's ID, billed and refunded there
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "not this order"
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "did not sync to NetSuite"
    And the storefront has refunded nothing

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront |
      | A Shopify    | a Shopify    | Shopify    |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront |
      | A Magento    | a Magento    | Magento    |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  |
      | A WooCommerce | a WooCommerce | WooCommerce |

  @success @normal
  Scenario Outline: <A storefront> order ID pasted with spaces around it syncs the order
    Given <a storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order that was never synced to NetSuite
    When the connector syncs the order to NetSuite with its ID between spaces
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has a sales order for it whose external ID is the storefront order ID

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | direction                       |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | direction                       |
      | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |

  @missing_order @normal
  Scenario Outline: <A storefront> order in a currency the account does not map does not sync, and says why
    Given <a storefront> connector account that syncs refunds <direction>
    And the account setting "currency_ids" is {"USD": "1", "EUR": "4"}
    And a paid <storefront> order in GBP that was never synced to NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "GBP"
    And NetSuite has no customer of the order's email and no sales order of it

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | direction                       |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | direction                       |
      | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |

  # A line's SKU is how the connector finds its NetSuite item. A merchant's custom line (Shopify), a
  # product without a SKU (WooCommerce answers "sku": "") or a listing made without one (eBay leaves
  # the line's sku out: optional in the Fulfillment API's LineItem) has none. Magento's order items
  # always carry their product's SKU (required in its schema).
  @missing_order @normal
  Scenario Outline: <A storefront> order with a line that has no SKU does not sync, and says why
    Given <a storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order with a line that has no SKU
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "no SKU"
    And NetSuite has no customer of the order's email and no sales order of it

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront   | a storefront   | storefront  | direction                       |
      | A WooCommerce  | a WooCommerce  | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |

  @missing_order @normal
  Scenario Outline: An order ID <storefront> does not have (<order_id>) does not sync, and says so
    Given <a storefront> connector account that syncs refunds <direction>
    When the connector syncs order "<order_id>" to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "Order <order_id> was not found on <storefront>"

    @shopify @to_storefront
    Examples: Shopify
      | order_id      | a storefront | storefront | direction                       |
      | 9999999999999 | a Shopify    | Shopify    | from NetSuite to the storefront |
      | SHOP-1001     | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | order_id  | a storefront | storefront | direction                       |
      | 000999999 | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | order_id     | a storefront  | storefront  | direction                       |
      | 999999       | a WooCommerce | WooCommerce | from NetSuite to the storefront |
      | SHOP-1001    | a WooCommerce | WooCommerce | from NetSuite to the storefront |
      | 1001/refunds | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | order_id       | a storefront | storefront | direction                       |
      | 99-99999-99999 | an eBay      | eBay       | from the storefront to NetSuite |
      | SHOP-1001      | an eBay      | eBay       | from the storefront to NetSuite |

  # An item whose name begins with the order's SKU (MUG-01-XL, in the catalogue first) is no item of
  # the order's. A connector that found items by a name starting with the SKU synced the mugs as the
  # XL ones: NetSuite billed and refunded another product.
  @success @normal
  Scenario Outline: <A storefront> order syncs its SKU's own item, not one whose name begins with the SKU
    Given <a storefront> connector account that syncs refunds <direction>
    And NetSuite's catalogue already holds an item named "MUG-01-XL"
    And a paid <storefront> order with these lines that was never synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 2     | 12.00 |
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And the sales order has the order's lines, shipping and tax

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | direction                       |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | direction                       |
      | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |

  # A sales order deleted in NetSuite before it was billed (a NetSuite user's clean-up) is made again
  # when the order is synced again. A connector that answered a sync of an order it had posted from
  # its own list said Posted, linked to a sales order NetSuite no longer has.
  @success @critical
  Scenario Outline: <A storefront> order whose sales order was deleted in NetSuite is synced again: NetSuite has a sales order for it
    Given <a storefront> connector account that syncs refunds <direction>
    And a paid <storefront> order has been synced to NetSuite
    And the sales order has been deleted in NetSuite
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Order Posted, Pending Fulfillment"
    And NetSuite has a sales order for it whose external ID is the storefront order ID
    And the order can be billed in NetSuite as a cash sale

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | storefront | direction                       |
      | A Shopify    | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | storefront | direction                       |
      | A Magento    | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | storefront  | direction                       |
      | A WooCommerce | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | storefront | direction                       |
      | An eBay      | an eBay      | eBay       | from the storefront to NetSuite |

  # An order synced again while its storefront fails (its lookups answered 503 until the connector
  # gives up) keeps its sales order in NetSuite, and its refunds stay on the schedule. A connector that
  # dropped it from the schedule at the failed sync never retrieved its NetSuite refund.
  @success @critical @to_storefront
  Scenario Outline: A <storefront> order synced again while <storefront> fails keeps its NetSuite refunds on the schedule
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And the scheduled refund sync is on
    And a paid <storefront> order has been synced to NetSuite
    And <storefront> will answer the next 4 order lookups with HTTP 503
    When the connector syncs the order to NetSuite
    Given the order has been billed in NetSuite as a cash sale
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

  @success @normal
  Scenario Outline: <storefront> failing the order lookups of an order sync (HTTP <status>, <times> times) ends it in Error with the cause
    Given <a storefront> connector account that syncs refunds <direction>
    And the account setting "max_attempts" is 4
    And a paid <storefront> order that was never synced to NetSuite
    And <storefront> will answer the next <times> order lookups with HTTP <status>
    When the connector syncs the order to NetSuite
    Then the order's status in the connector is "Error Posting to NetSuite"
    And the order's error message contains "<storefront> answered <status>"
    And <storefront> received exactly <times> order lookups from the connector

    @shopify @to_storefront
    Examples: Shopify
      | status | times | a storefront | storefront | direction                       |
      | 503    | 4     | a Shopify    | Shopify    | from NetSuite to the storefront |
      | 403    | 1     | a Shopify    | Shopify    | from NetSuite to the storefront |
      | 400    | 1     | a Shopify    | Shopify    | from NetSuite to the storefront |

    @magento @to_storefront
    Examples: Magento
      | status | times | a storefront | storefront | direction                       |
      | 503    | 4     | a Magento    | Magento    | from NetSuite to the storefront |
      | 403    | 1     | a Magento    | Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | status | times | a storefront  | storefront  | direction                       |
      | 503    | 4     | a WooCommerce | WooCommerce | from NetSuite to the storefront |
      | 403    | 1     | a WooCommerce | WooCommerce | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | status | times | a storefront | storefront | direction                       |
      | 503    | 4     | an eBay      | eBay       | from the storefront to NetSuite |
      | 403    | 1     | an eBay      | eBay       | from the storefront to NetSuite |

