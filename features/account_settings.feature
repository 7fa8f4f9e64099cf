@success
Feature: The connector account's settings
  Settings > Other Transactions > Refund on the connector account say what syncs, which way, against
  which adjustment items and how often a vendor call is tried. A value the connector cannot work
  with is refused when the account is saved, and the refusal names the setting: the account is
  never saved half right, and a connector already running keeps the settings it had.

  @normal
  Scenario Outline: <A storefront> account with <setting> set to <value> is refused, naming the setting (<why>)
    Given <a storefront> connector account that syncs refunds <direction>
    Then the connector refuses to save the account with "<setting>" set to <value>

    @shopify @to_storefront
    Examples: Shopify
      | why                                  | setting                                  | value                    | A storefront | a storefront | direction                       |
      | no attempt at all                    | max_attempts                             | 0                        | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | more attempts than the connector makes | max_attempts                           | 11                       | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a switch, not a count                | max_attempts                             | on                       | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a text, not a count                  | max_attempts                             | "4"                      | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | an item's name, not its internal id  | positive_adjustment_item                 | "Refund Adjustment +"    | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a switch, not an item                | negative_adjustment_item                 | on                       | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | one currency, not a map              | currency_ids                             | "USD"                    | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a currency's name, not its id        | currency_ids                             | {"USD": "US Dollar"}     | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | two currencies, one NetSuite id      | currency_ids                             | {"USD": "1", "CAD": "1"} | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | no currency at all                   | currency_ids                             | {}                       | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a code no order carries              | currency_ids                             | {"usd": "1"}             | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a storefront with no channel         | storefront                               | "Amazon"                 | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a direction that does not exist      | refund_direction                         | "sideways"               | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a word, not a switch                 | scheduled_sync                           | "yes"                    | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a number, not a switch               | only_cash_refund_against_matching_record | 1                        | A Shopify    | a Shopify    | from NetSuite to the storefront |
      | a text, not a switch                 | allow_both_directions                    | "false"                  | A Shopify    | a Shopify    | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | why                                  | setting                                  | value                    | A storefront | a storefront | direction                       |
      | no attempt at all                    | max_attempts                             | 0                        | An eBay      | an eBay      | from the storefront to NetSuite |
      | more attempts than the connector makes | max_attempts                           | 11                       | An eBay      | an eBay      | from the storefront to NetSuite |
      | a switch, not a count                | max_attempts                             | on                       | An eBay      | an eBay      | from the storefront to NetSuite |
      | a text, not a count                  | max_attempts                             | "4"                      | An eBay      | an eBay      | from the storefront to NetSuite |
      | an item's name, not its internal id  | positive_adjustment_item                 | "Refund Adjustment +"    | An eBay      | an eBay      | from the storefront to NetSuite |
      | a switch, not an item                | negative_adjustment_item                 | on                       | An eBay      | an eBay      | from the storefront to NetSuite |
      | one currency, not a map              | currency_ids                             | "USD"                    | An eBay      | an eBay      | from the storefront to NetSuite |
      | a currency's name, not its id        | currency_ids                             | {"USD": "US Dollar"}     | An eBay      | an eBay      | from the storefront to NetSuite |
      | two currencies, one NetSuite id      | currency_ids                             | {"USD": "1", "CAD": "1"} | An eBay      | an eBay      | from the storefront to NetSuite |
      | a storefront with no channel         | storefront                               | "Amazon"                 | An eBay      | an eBay      | from the storefront to NetSuite |
      | a direction that does not exist      | refund_direction                         | "sideways"               | An eBay      | an eBay      | from the storefront to NetSuite |
      | a word, not a switch                 | scheduled_sync                           | "yes"                    | An eBay      | an eBay      | from the storefront to NetSuite |
      | a number, not a switch               | only_cash_refund_against_matching_record | 1                        | An eBay      | an eBay      | from the storefront to NetSuite |

    @magento @to_storefront
    Examples: Magento
      | why                                      | setting          | value         | A storefront  | a storefront  | direction                       |
      | a cart's refunds sync from NetSuite only | refund_direction | "to_netsuite" | A Magento     | a Magento     | from NetSuite to the storefront |
      | no attempt at all                        | max_attempts     | 0             | A Magento     | a Magento     | from NetSuite to the storefront |
      | the admin's label, not the setting's value | magento_shipping_display | "Including Tax" | A Magento | a Magento | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | why                                      | setting          | value         | A storefront  | a storefront  | direction                       |
      | a cart's refunds sync from NetSuite only | refund_direction | "to_netsuite" | A WooCommerce | a WooCommerce | from NetSuite to the storefront |
      | no attempt at all                        | max_attempts     | 0             | A WooCommerce | a WooCommerce | from NetSuite to the storefront |

  @normal
  Scenario Outline: A <storefront> account is refused refunds both ways even with the override: a cart's refunds sync from NetSuite only
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "allow_both_directions" is on
    Then the connector refuses to save the account with "refund_direction" set to "both"

    @magento @to_storefront
    Examples: Magento
      | storefront |
      | Magento    |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | storefront  |
      | WooCommerce |

  @normal
  Scenario Outline: <A storefront> account with a setting the connector does not have is refused, naming it
    Given <a storefront> connector account that syncs refunds <direction>
    Then the connector refuses to save the account with an unknown setting "sync_gift_cards"
    And the connector refuses to save the account with an unknown setting "max_attempt"

    @shopify @to_storefront
    Examples: Shopify
      | A storefront | a storefront | direction                       |
      | A Shopify    | a Shopify    | from NetSuite to the storefront |

    @ebay @to_netsuite
    Examples: eBay
      | A storefront | a storefront | direction                       |
      | An eBay      | an eBay      | from the storefront to NetSuite |

    @magento @to_storefront
    Examples: Magento
      | A storefront | a storefront | direction                       |
      | A Magento    | a Magento    | from NetSuite to the storefront |

    @woocommerce @to_storefront
    Examples: WooCommerce
      | A storefront  | a storefront  | direction                       |
      | A WooCommerce | a WooCommerce | from NetSuite to the storefront |

  # NetSuite's internal ids are numbers written as text ("1"): a profile's YAML writes them as
  # numbers (USD: 1), and a user may pad them ("01"). Each is the id NetSuite gives the currency.
  # Kept as typed, no NetSuite refund's currency ("1") matched a mapped one: every refund from
  # NetSuite ended in Error, and none reached the customer.
  @normal @shopify @to_storefront
  Scenario Outline: An account whose currency ids are written <how> posts NetSuite's refunds in their currency
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And the account setting "currency_ids" is <currency_ids>
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | how                  | currency_ids             |
      | as numbers           | {"USD": 1, "GBP": 2}     |
      | with a leading zero  | {"USD": "01", "GBP": "02"} |
