@success
Feature: Resilience — no refund is ever doubled or lost
  Networks fail. Whatever happens to a refund request — a 429 with Retry-After, a 5xx, a timeout, an
  answer lost after the refund was committed, two posts at the same time — the target ends with
  exactly one refund, retries are bounded and wait on the simulator clock, and a refund that cannot
  be posted ends in Error with the cause.

  @to_storefront @shopify @critical
  Scenario Outline: Shopify answers <status> at first, the refund is posted exactly once
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify will answer the next 2 refund requests with HTTP <status>
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total
    And Shopify received exactly 3 refund requests from the connector
    And the connector waited at least <gap> seconds before each retry of the refund requests to Shopify
    And the connector waited <least> to <most> seconds in all

    Examples:
      | status | gap | least | most |
      | 429    | 2   | 4     | 10   |
      | 500    | 1   | 2     | 10   |
      | 503    | 1   | 2     | 10   |

  @to_storefront @shopify @critical
  Scenario: Shopify keeps failing, the refund ends in Error with the cause and nothing is refunded
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify will answer the next 10 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "503"
    And the storefront has refunded nothing

  @to_storefront @shopify @critical
  Scenario Outline: The answer to a committed Shopify refund is lost (<fault>), the retry finds it
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify will <fault> on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | fault                                |
      | drop the answer after committing it  |
      | time out after committing it         |
      | drop the connection before answering it       |

  @to_netsuite @shopify @critical
  Scenario Outline: NetSuite answers <status> at first, the <record> is created exactly once
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a <payment> Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And the order has been refunded in full on the storefront
    And NetSuite will answer the next 2 refund requests with HTTP <status>
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 <record> created from the billed record
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | status | payment | billing     | record      |
      | 429    | paid    | a cash sale | cash refund |
      | 503    | unpaid  | an invoice  | credit memo |

  @to_netsuite @shopify @critical
  Scenario: NetSuite keeps failing, the refund ends in Error with the cause and nothing is refunded
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    And NetSuite will answer the next 10 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "503"
    And NetSuite has exactly 0 refunds created from the billed record

  @to_netsuite @shopify @critical
  Scenario Outline: The answer to a committed NetSuite <record> is lost (<fault>), the retry finds it
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a <payment> Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as <billing>
    And the order's payment has been captured on the storefront
    And the order has been refunded in full on the storefront
    And NetSuite will <fault> on the next refund request
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 <record> created from the billed record
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | fault                               | payment | billing     | record      |
      | drop the answer after committing it | paid    | a cash sale | cash refund |
      | time out after committing it        | unpaid  | an invoice  | credit memo |
      | drop the connection before answering it      | unpaid  | an invoice  | credit memo |

  @to_netsuite @ebay @critical
  Scenario: The answer to a committed NetSuite refund of an eBay return is lost, the retry finds it
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    And NetSuite will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  @to_storefront @shopify @critical
  Scenario: Two posts of the same refund at the same time refund once
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds twice at the same time
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  @to_netsuite @shopify @critical
  Scenario: Two posts of the same storefront refund at the same time create one NetSuite refund
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    And NetSuite holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds twice at the same time
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  @to_netsuite @ebay @critical
  Scenario: Two posts of the same eBay refund at the same time create one NetSuite refund
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    And NetSuite holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds twice at the same time
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  @to_storefront @shopify @critical
  Scenario Outline: Shopify asks to wait <seconds> seconds (Retry-After): the connector waits that long, not longer
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify will answer the next 2 refund requests with HTTP 429 and Retry-After <seconds>
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And Shopify received exactly 3 refund requests from the connector
    And the connector waited at least <seconds> seconds before each retry of the refund requests to Shopify
    And the connector waited <least> to <most> seconds in all
    And the storefront order carries exactly 1 refund

    Examples:
      | seconds | least | most |
      | 1       | 2     | 4    |
      | 7       | 14    | 16   |

  @to_storefront @shopify @critical
  Scenario: Shopify keeps failing: the connector tries as often as the account says, then stops
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 3
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify will answer the next 10 refund requests with HTTP 500
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And Shopify received exactly 3 refund requests from the connector
    And the connector waited at least 1 second before each retry of the refund requests to Shopify
    And the connector waited 2 to 30 seconds in all
    And the storefront has refunded nothing

  @to_storefront @shopify @critical
  Scenario: Shopify refuses a refund the merchant already made on Shopify: Error with Shopify's message, never retried
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "Shopify answered 422: refund_line_items[0].quantity: cannot refund more"
    And Shopify received exactly 1 refund request from the connector
    And the storefront order carries exactly 1 refund

  @to_storefront @shopify @critical
  Scenario: Shopify refuses the refund: Error with Shopify's status and message, never retried, nothing refunded
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify will answer the next 1 refund request with HTTP 422
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "Shopify answered 422"
    And Shopify received exactly 1 refund request from the connector
    And the storefront has refunded nothing

  @to_storefront @shopify @critical
  Scenario Outline: Shopify fails the connector's <kind> at first: retried, the refund is posted once
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And Shopify will answer the next 2 <kind> with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

    Examples:
      | kind                |
      | order lookups       |
      | refund lookups      |
      | transaction lookups |

  @to_storefront @shopify @critical
  Scenario: NetSuite keeps failing the searches of a retrieve: the dialog fails with the cause, nothing imported
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And NetSuite will answer the next 10 searches with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "503"
    And the connector lists 0 refunds for the order
    And NetSuite received exactly 4 searches from the connector

  @to_netsuite @shopify @critical
  Scenario Outline: NetSuite fails the connector's <kind> at first: retried, the <record> is created once
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    And NetSuite will answer the next 2 <kind> with HTTP 503
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And NetSuite has exactly 1 <record> created from the billed record
    And the storefront refund matches the NetSuite refund line by line

    Examples:
      | kind           | record      |
      | order lookups  | cash refund |
      | searches       | cash refund |
      | record lookups | cash refund |

  @to_netsuite @shopify @critical
  Scenario: NetSuite refuses the refund: Error with NetSuite's message, never retried, nothing refunded
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    And NetSuite will answer the next 1 refund request with HTTP 400
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "NetSuite answered 400"
    And NetSuite received exactly 1 refund request from the connector
    And NetSuite has exactly 0 refunds created from the billed record
