@success
Feature: Resilience — no refund is ever doubled or lost
  Networks fail. Whatever happens to a refund request — a 429 with Retry-After, a 5xx, a timeout, an
  answer lost after the refund was committed, two posts at the same time — the target ends with
  exactly one refund, retries are bounded and wait on the simulator clock, and a refund that cannot
  be posted ends in Error with the cause.

  @to_storefront @critical
  Scenario Outline: <storefront> answers <status> at first, the refund is posted exactly once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 2 refund requests with HTTP <status>
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total
    And <storefront> received exactly 3 refund requests from the connector
    And the connector waited <waits> seconds before its retries of the refund requests to <storefront>
    And the connector waited <least> to <most> seconds in all

    @shopify
    Examples: Shopify
      | status | waits   | least | most | storefront |
      | 429    | 2 and 2 | 4     | 4    | Shopify    |
      | 500    | 1 and 2 | 3     | 3    | Shopify    |
      | 503    | 1 and 2 | 3     | 3    | Shopify    |

    @magento
    Examples: Magento
      | status | waits   | least | most | storefront |
      | 500    | 1 and 2 | 3     | 3    | Magento    |
      | 503    | 1 and 2 | 3     | 3    | Magento    |

    @woocommerce
    Examples: WooCommerce
      | status | waits   | least | most | storefront  |
      | 500    | 1 and 2 | 3     | 3    | WooCommerce |
      | 503    | 1 and 2 | 3     | 3    | WooCommerce |

  @to_storefront @critical
  Scenario Outline: <storefront> keeps failing, the refund ends in Error with the cause and nothing is refunded
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 10 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "503"
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

  @to_storefront @critical
  Scenario Outline: The answer to a committed <storefront> refund (<refund>) is lost (<fault>), the retry finds it
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And <refunded> in NetSuite
    And <storefront> will <fault> on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total
    And each posted refund names the refund it created, for the same amount

    @shopify
    Examples: Shopify
      | fault                                   | refund       | refunded                                    | storefront |
      | drop the answer after committing it     | in full      | the order has been refunded in full         | Shopify    |
      | time out after committing it            | in full      | the order has been refunded in full         | Shopify    |
      | drop the connection before answering it | in full      | the order has been refunded in full         | Shopify    |
      | drop the answer after committing it     | 1 unit       | 1 unit of the first line has been refunded  | Shopify    |

    @magento
    Examples: Magento
      | fault                                   | refund  | refunded                            | storefront  |
      | drop the answer after committing it     | in full | the order has been refunded in full | Magento     |
      | time out after committing it            | in full | the order has been refunded in full | Magento     |
      | drop the connection before answering it | in full | the order has been refunded in full | Magento     |

    @woocommerce
    Examples: WooCommerce
      | fault                                   | refund  | refunded                            | storefront  |
      | drop the answer after committing it     | in full | the order has been refunded in full | WooCommerce |
      | time out after committing it            | in full | the order has been refunded in full | WooCommerce |
      | drop the connection before answering it | in full | the order has been refunded in full | WooCommerce |

  # One unit of several: the order can take the same refund twice, so a retry that sends the write
  # again without looking whether the first attempt committed refunds that unit twice (a refund of
  # the whole order the storefront itself refuses the second time). A gateway's 504 is such a lost
  # answer too: a 5xx says nothing of whether the write ran (RFC 9110 §15.6), and here it did.
  @to_storefront @critical
  Scenario Outline: The answer to a committed <storefront> refund of one unit of several is lost (<fault>), the retry finds it
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And <storefront> will <fault> on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |
      | tax    |       | 1.20   |
    And each posted refund names the refund it created, for the same amount

    @shopify
    Examples: Shopify
      | fault                               | storefront |
      | drop the answer after committing it | Shopify    |
      | time out after committing it        | Shopify    |
      | answer HTTP 504 after committing it | Shopify    |

    @magento
    Examples: Magento
      | fault                               | storefront |
      | drop the answer after committing it | Magento    |
      | time out after committing it        | Magento    |
      | answer HTTP 504 after committing it | Magento    |

    @woocommerce
    Examples: WooCommerce
      | fault                               | storefront  |
      | drop the answer after committing it | WooCommerce |
      | time out after committing it        | WooCommerce |
      | answer HTTP 504 after committing it | WooCommerce |

  # The look for the lost attempt reads every page of the order's refunds, as the first look does:
  # the attempt that committed is the order's newest refund, past a first page of 50 on Shopify
  # (oldest first) and past the 20 of one search on a Magento store with its input limits on.
  @to_storefront @critical @shopify
  Scenario: The answer to a committed Shopify refund of an order with more refunds than a page is lost, the retry finds it
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid Shopify order with these lines has been synced to NetSuite:
      | line     | units | price  |
      | LAMP-21  | 1     | 100.00 |
      | shipping |       | 9.00   |
    And the order has been billed in NetSuite as a cash sale
    And 50 general refunds of 0.10 each have been made on the storefront
    And 1.00 of the shipping has been refunded in NetSuite
    And Shopify will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And the storefront order carries exactly 51 refunds
    And each posted refund names the refund it created, for the same amount

  @to_storefront @critical @magento
  Scenario: The answer to a committed Magento refund past the 20 credit memos one search lists is lost, the retry finds it
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And the Magento store has its web API input limits on
    And a paid Magento order with these lines has been synced to NetSuite:
      | line     | units | price  |
      | LAMP-21  | 1     | 100.00 |
      | shipping |       | 9.00   |
    And the order has been billed in NetSuite as a cash sale
    And 20 general refunds of 0.10 each have been made on the storefront
    And 1.00 of the shipping has been refunded in NetSuite
    And Magento will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And the storefront order carries exactly 21 refunds
    And each posted refund names the refund it created, for the same amount

  # The look for the attempt whose connection dropped looks for this refund's stamp: an earlier
  # refund of the same money on the order (the merchant's own, of the same unit) is not it, and
  # taking it for it marks this refund Posted while its money never goes back.
  @to_storefront @critical
  Scenario Outline: A <storefront> refund whose write dropped before answering is written, though the order has another of the same money
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And 1 unit of the first line has been refunded in NetSuite
    And <storefront> will drop the connection before answering it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And the storefront order carries exactly 2 refunds
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 2     | 24.00  |
      | tax    |       | 2.40   |
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

  # The look for a lost write finds this refund's own stamp, not any of the connector's: on the
  # order's second refund, the first one (its stamp beside it) is not the write that failed, and
  # taken for it, the second is marked Posted while its money never goes back.
  @to_storefront @critical
  Scenario Outline: The second refund of a <storefront> order fails at first: the retry posts it, both reach the storefront
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
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
    Given <storefront> will drop the connection before answering it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And every planned fault fired
    And the storefront order carries exactly 2 refunds
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |
      | TEA-02 | 1     | 8.50   |
      | tax    |       | 2.05   |

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

  # A refund whose lost answer ended in Error may be on the storefront: its message says so (read as
  # "nothing was written", the merchant refunded by hand and the money went back twice), and posted
  # again, the connector must know before it writes. When it cannot look (the storefront fails the
  # look too), the refund stays in Error; taken for "not posted", it was written again and the money
  # went back twice.
  @to_storefront @critical
  Scenario Outline: A <storefront> refund whose lost answer ended in Error is not written again while the look for it fails
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 1
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And <storefront> will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "may have gone through"
    Given <storefront> will answer the next 1 <lookups> with HTTP 503
    When the connector posts the retrieved refunds again
    Then the refund's status is "Error"
    And every planned fault fired
    And the storefront order carries exactly 1 refund
    And the storefront refunded these lines in all:
      | line   | units | amount |
      | MUG-01 | 1     | 12.00  |
      | tax    |       | 1.20   |

    @shopify
    Examples: Shopify
      | storefront | lookups        |
      | Shopify    | refund lookups |

    @magento
    Examples: Magento
      | storefront | lookups             |
      | Magento    | credit memo lookups |

    @woocommerce
    Examples: WooCommerce
      | storefront  | lookups        |
      | WooCommerce | refund lookups |

  # A refund whose lost answer ended in Error went to the storefront for NetSuite's refund as it was
  # then (45.60); a NetSuite user then took its shipping off (39.60). Posted again, the connector
  # finds its earlier write: taken for this post, the refund was Posted with the storefront holding
  # 45.60 where NetSuite holds 39.60, and nobody told. It ends in Error naming both amounts.
  @to_storefront @critical
  Scenario Outline: A <storefront> refund whose lost answer ended in Error, corrected in NetSuite since, is not taken for posted
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 1
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the NetSuite refund's shipping is taken off in NetSuite
    And the connector posts the retrieved refunds again
    Then the refund's status is "Error"
    And the refund's error message contains "45.60"
    And the refund's error message contains "39.60"
    And every planned fault fired
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 45.60

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

  # The same lost answer, and then a NetSuite user deleted the refund, or the whole order with its
  # bill and refunds. The money went all the same: taken for posted, nobody learned that 45.60 left
  # with no NetSuite record behind it; "no longer exists, cancel this refund" said it never went.
  # It ends in Error naming the money that went.
  @to_storefront @critical
  Scenario Outline: A <storefront> refund whose lost answer ended in Error, <what> deleted in NetSuite since, says the money went
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 1
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When <deletion>
    And the connector posts the retrieved refunds again
    Then the refund's status is "Error"
    And the refund's error message contains "45.60"
    And the refund's error message contains "has no NetSuite record"
    And every planned fault fired
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 45.60

    @shopify
    Examples: Shopify
      | storefront | what       | deletion                                                  |
      | Shopify    | its refund | the NetSuite refund is deleted in NetSuite                |
      | Shopify    | its order  | the order is deleted in NetSuite with its bill and refunds |

    @magento
    Examples: Magento
      | storefront | what       | deletion                                                  |
      | Magento    | its refund | the NetSuite refund is deleted in NetSuite                |
      | Magento    | its order  | the order is deleted in NetSuite with its bill and refunds |

    @woocommerce
    Examples: WooCommerce
      | storefront  | what       | deletion                                                  |
      | WooCommerce | its refund | the NetSuite refund is deleted in NetSuite                |
      | WooCommerce | its order  | the order is deleted in NetSuite with its bill and refunds |

  # Shopify keeps a refund whose money its gateway declined: found by its stamp after its answer was
  # lost, it is not the write that gave the money back. The retry writes it again, and it goes.
  @to_storefront @critical @shopify
  Scenario: Shopify's gateway declines a refund whose answer is lost: the retry posts it, the money goes back
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    And Shopify will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And the storefront refund total equals the NetSuite refund total

  # NetSuite's 429 (its concurrency limit) says no Retry-After: the connector backs off on its own.
  @to_netsuite @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: NetSuite answers <status> at first, the <record> is created exactly once
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
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
    And the connector waited 1 and 2 seconds before its retries of the refund requests to NetSuite

    Examples:
      | status | payment | billing     | record      |
      | 429    | paid    | a cash sale | cash refund |
      | 503    | unpaid  | an invoice  | credit memo |

  @to_netsuite @critical @default_only_return_authorization_against_matching_record @default_max_attempts
  Scenario Outline: With max_attempts at its default, NetSuite failing every time is tried 4 times for <a storefront> refund
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And NetSuite will answer the next 10 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And NetSuite received exactly 4 refund requests from the connector
    And NetSuite has exactly 0 refunds created from the billed record

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: NetSuite keeps failing <a storefront> refund, which ends in Error with the cause, nothing refunded
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And NetSuite will answer the next 10 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "503"
    And NetSuite received exactly 4 refund requests from the connector
    And NetSuite has exactly 0 refunds created from the billed record

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @to_netsuite @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: The answer to a committed NetSuite <record> is lost (<fault>), the retry finds it
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And NetSuite already holds another buyer's order
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
    And each posted refund names the refund it created, for the same amount

    Examples:
      | fault                               | payment | billing     | record      |
      | drop the answer after committing it | paid    | a cash sale | cash refund |
      | time out after committing it        | unpaid  | an invoice  | credit memo |
      | drop the connection before answering it      | unpaid  | an invoice  | credit memo |

  @to_netsuite @ebay @critical @default_only_return_authorization_against_matching_record
  Scenario: The answer to a committed NetSuite refund of an eBay return is lost, the retry finds it
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid eBay order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    And NetSuite will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And each posted refund names the refund it created, for the same amount

  # A cancellation's refund goes to NetSuite on the same path as a return's: its lost answer is found
  # by the retry too, not written twice.
  @to_netsuite @ebay @critical @default_only_return_authorization_against_matching_record
  Scenario: The answer to a committed NetSuite refund of an eBay cancellation is lost, the retry finds it
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked eBay to cancel the order
    And the seller has approved the buyer's cancellation on eBay
    And NetSuite will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And each posted refund names the refund it created, for the same amount

  @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A refund on <storefront> whose post lost NetSuite's answer every time is posted once when posted again
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 1
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And NetSuite will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total
    And each posted refund names the refund it created, for the same amount

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # The look for a lost NetSuite write is for this refund's own external ID: the order's earlier
  # refund, made from the same bill with the connector's prefix, is not it — taken for it, the
  # second refund is marked Posted and never reaches NetSuite.
  @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: The second <storefront> refund of an order fails at NetSuite at first: the retry posts it, both reach NetSuite
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 3     | 12.00 |
      | TEA-02   | 2     | 8.50  |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    And 1 unit of the second line is refunded on the storefront
    Given NetSuite will answer the next 1 refund request with HTTP 503
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And every planned fault fired
    And NetSuite has exactly 2 cash refunds created from the billed record
    And NetSuite has refunded exactly 20.50 in all

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # NetSuite keeps a key's answer: a post again after a write NetSuite ran and refused (an adjustment
  # item that is no item) is a new write, with a key of its own. With the first write's key it got the
  # refused job back, and the refund could never reach NetSuite.
  @to_netsuite @shopify @critical @default_only_return_authorization_against_matching_record @default_only_cash_refund_against_matching_record
  Scenario: A Shopify refund NetSuite refused (an adjustment item that is no item) is posted once the account names the right one
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And the account setting "positive_adjustment_item" is "999999"
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And a general refund of 3.10 has been made on the storefront
    When the connector retrieves the refunds of the order from Shopify
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    Given refund adjustment items are set on the account
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record

  # A credit memo, not a cash refund: the look for the lost write is for the record the refund makes.
  @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A refund on <storefront> of an invoiced order whose post lost NetSuite's answer every time is posted once when posted again
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 1
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as an invoice
    And 1 unit of the first line has been refunded on the storefront
    And NetSuite will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 credit memo created from the billed record
    And each posted refund names the refund it created, for the same amount

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: A refund on <storefront> whose post lost NetSuite's answer is found in NetSuite when posted again a minute later
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 1
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And NetSuite will drop the answer after committing it on the next refund request
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    And 1 minute passes
    And the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And NetSuite received exactly 1 refund request from the connector
    And each posted refund names the refund it created, for the same amount

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  @to_storefront @critical
  Scenario Outline: Two posts of the same refund at the same time refund once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds twice at the same time
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

  @to_storefront @critical
  Scenario Outline: Two posts of the same partial <storefront> refund at the same time refund once, though the order could take both
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 3     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And <storefront> holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds twice at the same time
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 12.00

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

  @to_netsuite @shopify @critical @default_only_return_authorization_against_matching_record
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

  @to_netsuite @ebay @critical @default_only_return_authorization_against_matching_record
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

  @to_netsuite @ebay @critical @default_only_return_authorization_against_matching_record
  Scenario: Two posts of the same eBay cancellation's refund at the same time create one NetSuite refund
    Given an eBay connector account that syncs refunds from the storefront to NetSuite
    And a paid eBay order the seller has not shipped yet has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the buyer has asked eBay to cancel the order
    And the seller has approved the buyer's cancellation on eBay
    And NetSuite holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from eBay
    And the connector posts the retrieved refunds twice at the same time
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 cash refund created from the billed record
    And the storefront refund total equals the NetSuite refund total

  # Two different refunds of one order posted at once: each must read what the order has left
  # after the other wrote. A connector that locks each refund on its own (enough for two posts of
  # one refund) lets both read the same room: on Shopify both went on the first payment, and
  # Shopify refused the second (three requests, one of them an Error posted again); on WooCommerce
  # both gave the shipping back on the first package, past what it charged (10.00 of its 5.00).
  @to_storefront @shopify @critical
  Scenario: Two refunds of a Shopify order paid by two cards, posted at the same time, each go back on a payment with money left
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And a paid Shopify order with these lines, 10.00 of it paid by card and the rest by card, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 5.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    And 1 unit of the MUG-01 line has been refunded in NetSuite
    And Shopify holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds twice at the same time
    Then every refund listed for the order is "Posted"
    And the storefront refunded this to each payment:
      | payment | refunded |
      | first   | 10.00    |
      | second  | 16.40    |
    And the storefront has refunded exactly 26.40
    And Shopify received exactly 2 refund requests from the connector

  @to_storefront @woocommerce @critical
  Scenario: Two NetSuite refunds of part of a WooCommerce order's shipping in two packages, posted at the same time, go back on the packages that have it left
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines, its first package shipped for 5.00 with 0.50 tax, has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 2     | 12.00 | 2.40 |
      | shipping |       | 7.00  | 0.70 |
    And the order has been billed in NetSuite as a cash sale
    And 6.00 of the shipping has been refunded in NetSuite
    And 6.00 of the shipping has been refunded in NetSuite
    And WooCommerce holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds twice at the same time
    Then every refund listed for the order is "Posted"
    And the storefront refunded this shipping on each package:
      | package | shipping | tax  |
      | first   | 5.00     | 0.50 |
      | second  | 7.00     | 0.70 |
    And the storefront has refunded exactly 13.20

  # A served connector answers each request on a thread of its own. One that kept the account's
  # lock when a post ended in Error left every later action of the account waiting for ever; the
  # steps acting from one thread took the lock again and saw nothing.
  @to_storefront @critical
  Scenario Outline: A refund <storefront>'s gateway declined is posted later by another user, whose request the connector answers
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And the storefront's payment gateway will decline the next refund
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the storefront has refunded nothing
    When another user posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

    @shopify
    Examples: Shopify
      | storefront |
      | Shopify    |

    @woocommerce
    Examples: WooCommerce
      | storefront  |
      | WooCommerce |

  # The scheduled cycle and a user's Post of the same refund at once: one of them writes it. A
  # cycle that posted without the lock a user's Post takes refunded the customer twice.
  @to_storefront @critical
  Scenario Outline: A user posts a refund while the scheduled sync posts it: <storefront> refunds it once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line   | units | price |
      | MUG-01 | 3     | 12.00 |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And <storefront> holds each refund request until a second one arrives
    When the connector retrieves the refunds of the order from NetSuite
    And 90 minutes pass while the user posts the retrieved refunds
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 12.00

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

  @to_storefront @critical
  Scenario Outline: <storefront> asks to wait <seconds> seconds (Retry-After): the connector waits that long, not longer
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 2 refund requests with HTTP 429 and Retry-After <seconds>
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And <storefront> received exactly 3 refund requests from the connector
    And the connector waited at least <seconds> seconds before each retry of the refund requests to <storefront>
    And the connector waited <least> to <most> seconds in all
    And the storefront order carries exactly 1 refund

    @shopify
    Examples: Shopify
      | seconds | least | most | storefront |
      | 1       | 2     | 4    | Shopify    |
      | 7       | 14    | 16   | Shopify    |

  # The account leaves max_attempts out: the connector's default (4, the connector API's) applies.
  # Every other scenario of retries sets it, so a connector that retried only when told to went through.
  @to_storefront @critical @default_max_attempts
  Scenario Outline: With max_attempts at its default, <storefront> failing every time is tried 4 times, then the refund ends in Error
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 10 refund requests with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And <storefront> received exactly 4 refund requests from the connector
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

  @to_storefront @critical
  Scenario Outline: <storefront> keeps failing: the connector tries <attempts> times as the account says, then stops
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is <attempts>
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 10 refund requests with HTTP 500
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "Gave up after <attempts> attempts"
    And <storefront> received exactly <attempts> refund requests from the connector
    And the connector waited <waits> seconds before its retries of the refund requests to <storefront>
    And the connector waited <in all> to <in all> seconds in all
    And the storefront has refunded nothing

    @shopify
    Examples: Shopify
      | attempts | waits                               | in all | storefront |
      | 3        | 1 and 2                             | 3      | Shopify    |
      | 10       | 1, 2, 4, 8, 16, 32, 64, 128 and 256 | 511    | Shopify    |

  @to_storefront @critical
  Scenario Outline: <storefront> gives no answer three times: the connector backs off 1, 2 and 4 seconds, then posts once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will drop the connection before answering it on the next 3 refund requests
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And <storefront> received exactly 4 refund requests from the connector
    And the connector waited 1, 2 and 4 seconds before its retries of the refund requests to <storefront>
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

  @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: NetSuite gives no answer three times: the connector backs off 1, 2 and 4 seconds, then creates one refund
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And NetSuite will drop the connection before answering it on the next 3 refund requests
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And NetSuite received exactly 4 refund requests from the connector
    And the connector waited 1, 2 and 4 seconds before its retries of the refund requests to NetSuite
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

  @to_storefront @critical
  Scenario Outline: <storefront> refuses a refund the merchant already made there: Error with its message, never retried
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "<storefront> answered <refused>"
    And <storefront> received exactly 1 refund request from the connector
    And the storefront order carries exactly 1 refund

    @shopify
    Examples: Shopify
      | storefront | refused                                                  |
      | Shopify    | 422: refund_line_items[0].quantity: cannot refund more   |

    # Displayed including tax, Magento measures what is left with the shipping's tax before the
    # shipping discount, and names the discount's tax part as left ($0.04).
    @magento @default_magento_shipping_display
    Examples: Magento
      | storefront | refused                                                    |
      | Magento    | 400: Maximum shipping amount allowed to refund is: $0.00   |

  # Magento closes an order refunded in full, and refuses a credit memo of a closed order ("A
  # creditmemo can not be created when an order has a status of closed"; the same for an order on
  # hold or canceled). A connector that took the refusal for the refund being there already marked
  # NetSuite's refund Posted, naming the order, though Magento gave nothing back for it.
  @to_storefront @magento @critical
  Scenario: Magento refuses NetSuite's refund of a unit of an order the merchant refunded in full there: Error with its message
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "status of closed"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 29.00

  # Magento takes a credit memo's shipping in the store's base currency and refuses more than the
  # base shipping left ("Maximum shipping amount allowed to refund is: %1", in the base currency;
  # RULES.md §2.3). The merchant refunded 0.10 CAD of the 9.00 shipping on Magento (0.07 USD of
  # 6.57), and NetSuite refunds 8.91 of it, a cent more than the 8.90 Magento has left: refused.
  # No dollar amount makes 8.91 CAD (6.50 makes the 8.90 left); a connector that sent the base
  # shipping left had Magento refund 8.90, a cent less than NetSuite's, and called it Posted.
  @to_storefront @magento @normal
  Scenario Outline: Magento refuses NetSuite's refund of a cent more <currency> shipping than it has left: Error with its message
    Given a Magento connector account that syncs refunds from NetSuite to the storefront
    And a paid Magento order in <currency> with these lines has been synced to NetSuite:
      | line     | units | price |
      | LAMP-21  | 1     | 40.00 |
      | shipping |       | 9.00  |
    And the order has been billed in NetSuite as a cash sale
    And 0.10 of the shipping has been refunded on the storefront
    And 8.91 of the shipping has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "Magento answered 400: Maximum shipping amount allowed to refund is: $6.50"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 0.10

    Examples:
      | currency |
      | CAD      |

  # WooCommerce caps a refund's money only, never a line's units (RULES.md §2.3), so the connector
  # counts the units refunded there already and refuses the refund itself, before any request: a
  # part of the order refunded there would otherwise be refunded again (refund_to_storefront.feature).
  @to_storefront @woocommerce @critical
  Scenario: WooCommerce: a refund the merchant already made there is refused by the connector, never sent, nothing doubled
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "refunded there already"
    And the refund's error message contains "Nothing was posted"
    And WooCommerce received exactly 0 refund requests from the connector
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  # The merchant gave the money back there without lines (an amount alone): no unit is refunded,
  # so the connector sends the refund, and WooCommerce refuses its money with a 500 that is a
  # refusal (RULES.md §2.3, §5): never retried.
  @to_storefront @woocommerce @critical
  Scenario: WooCommerce refuses a refund whose money the merchant already gave back there: Error with its message, never retried
    Given a WooCommerce connector account that syncs refunds from NetSuite to the storefront
    And a paid WooCommerce order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And a general refund of 64.30 has been made on the storefront
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "WooCommerce answered 500: woocommerce_rest_cannot_create_order_refund: Invalid refund amount."
    And WooCommerce received exactly 1 refund request from the connector
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 64.30

  @to_storefront @critical
  Scenario Outline: <storefront> refuses the refund: Error with its status and message, never retried, nothing refunded
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 1 refund request with HTTP <status>
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "<storefront> answered <status>"
    And <storefront> received exactly 1 refund request from the connector
    And the storefront has refunded nothing

    @shopify
    Examples: Shopify
      | status | storefront |
      | 422    | Shopify    |

    @magento
    Examples: Magento
      | status | storefront |
      | 400    | Magento    |

    @woocommerce
    Examples: WooCommerce
      | status | storefront  |
      | 400    | WooCommerce |

  @to_storefront @critical
  Scenario Outline: <storefront> fails the connector's <kind> at first: retried, the refund is posted once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And <storefront> will answer the next 2 <kind> with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Posted"
    And every planned fault fired
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

    @shopify
    Examples: Shopify
      | kind                | storefront |
      | order lookups       | Shopify    |
      | refund lookups      | Shopify    |
      | transaction lookups | Shopify    |

    @magento
    Examples: Magento
      | kind                | storefront |
      | order lookups       | Magento    |
      | invoice lookups     | Magento    |
      | credit memo lookups | Magento    |

    @woocommerce
    Examples: WooCommerce
      | kind                | storefront  |
      | order lookups       | WooCommerce |
      | refund lookups      | WooCommerce |

  @to_storefront @critical
  Scenario Outline: NetSuite refuses the order lookup of a retrieve (HTTP 403): the dialog fails with the cause, nothing imported
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And NetSuite will answer the next 1 order lookups with HTTP 403
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "403"
    And the connector lists 0 refunds for the order
    And NetSuite received exactly 1 order lookups from the connector

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

  @to_storefront @critical
  Scenario Outline: NetSuite keeps failing the searches of a retrieve: the dialog fails with the cause, nothing imported
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    And NetSuite will answer the next 10 searches with HTTP 503
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "503"
    And the connector lists 0 refunds for the order
    And NetSuite received exactly 4 searches from the connector

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

  @to_netsuite @critical
  Scenario Outline: <storefront> refuses the <kind> of a retrieve (HTTP <status>): the dialog fails with the cause, nothing imported
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And <storefront> will answer the next 1 <kind> with HTTP <status>
    When the connector retrieves the refunds of the order from <storefront>
    Then the Retrieve dialog shows a failure message containing "<status>"
    And the Retrieve dialog shows a failure message containing "<cause>"
    And the connector lists 0 refunds for the order
    And <storefront> received exactly 1 <kind> from the connector

    @shopify
    Examples: Shopify
      | kind           | status | cause              | a storefront | storefront |
      | refund lookups | 403    | The request failed | a Shopify    | Shopify    |

    # eBay's getOrder answers 400 for two errors (OAS): 32100, an order the seller does not have,
    # which the dialog says is not found (missing_order.feature), and 32800, which is eBay's refusal
    # of the request as it came: a failure with eBay's words, not "not found".
    @ebay
    Examples: eBay
      | kind           | status | cause               | a storefront | storefront |
      | order lookups  | 403    | The request failed  | an eBay      | eBay       |
      | order lookups  | 400    | Invalid field group | an eBay      | eBay       |
      | return lookups | 403    | The request failed  | an eBay      | eBay       |

    # The order's return was refunded: a connector that took a refused cancellation search for
    # "no cancellation" would import the return alone, and a cancellation's refund would be lost.
    @ebay
    Examples: eBay cancellations
      | kind                 | status | cause              | a storefront | storefront |
      | cancellation lookups | 403    | The request failed | an eBay      | eBay       |

  # A refused login (a token revoked, a role or an app's scope changed) is no answer: a connector that
  # took a 401 on its look for its own earlier refund for "none of mine" posts again — after a refund
  # deleted from the connector and retrieved, the customer is paid twice.
  @to_storefront @critical
  Scenario Outline: <storefront> refuses the look for the connector's earlier refund (HTTP <status>): Error with the cause, never refunded twice
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price | tax  |
      | MUG-01   | 3     | 12.00 | 3.60 |
      | TEA-02   | 2     | 8.50  | 1.70 |
      | shipping |       | 6.00  |      |
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from NetSuite
    Given <storefront> will answer the next 1 <kind> with HTTP <status>
    When the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "<storefront> answered <status>"
    And the storefront order carries exactly 1 refund
    And the storefront has refunded exactly 13.20

    @shopify
    Examples: Shopify
      | storefront | kind           | status |
      | Shopify    | refund lookups | 401    |

    @magento
    Examples: Magento
      | storefront | kind                | status |
      | Magento    | credit memo lookups | 401    |

    @woocommerce
    Examples: WooCommerce
      | storefront  | kind           | status |
      | WooCommerce | refund lookups | 401    |

  # NetSuite refusing the login on the order's lookup says nothing of the order: a connector that
  # read the 401 as "not found" tells the user the order was deleted and to cancel the refund, which
  # then never goes back.
  @to_storefront @critical
  Scenario Outline: NetSuite refuses the login (HTTP 401) on the order lookup of a post to <storefront>: Error with the cause, posted once NetSuite takes it
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite
    When the connector retrieves the refunds of the order from NetSuite
    Given NetSuite will answer the next 1 order lookups with HTTP 401
    When the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "NetSuite answered 401"
    When the connector posts the retrieved refunds again
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

  # A retrieve's reads are vendor calls like a post's: a 503 is tried again as the account says, and
  # the refunds are imported once it passes.
  @to_netsuite @critical
  Scenario Outline: <storefront> fails the <kind> of a retrieve at first: retried, the refund is imported
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And <storefront> will answer the next 2 <kind> with HTTP 503
    When the connector retrieves the refunds of the order from <storefront>
    Then the Retrieve dialog shows a success message
    And every planned fault fired
    And the connector lists 1 refund for the order

    @shopify
    Examples: Shopify
      | kind           | a storefront | storefront |
      | refund lookups | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | kind                 | a storefront | storefront |
      | order lookups        | an eBay      | eBay       |
      | return lookups       | an eBay      | eBay       |
      | cancellation lookups | an eBay      | eBay       |

  @to_netsuite @shopify @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: NetSuite fails the connector's <kind> at first: retried, the <record> is created once
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
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

  @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: NetSuite refuses <a storefront> refund: Error with NetSuite's message, never retried, nothing refunded
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded on the storefront
    And NetSuite will answer the next 1 refund request with HTTP 400
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "NetSuite answered 400"
    And NetSuite received exactly 1 refund request from the connector
    And NetSuite has exactly 0 refunds created from the billed record

    @shopify
    Examples: Shopify
      | a storefront | storefront |
      | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | a storefront | storefront |
      | an eBay      | eBay       |

  # The customer refund that pays out a credit memo of a paid invoice (the storefront gave the money
  # back on the card) is a write like the refund's: its answer lost, the retry finds it made and
  # makes no second; failing past the attempts, the refund ends in Error, and posting it again pays
  # the credit memo out, once.
  @to_netsuite @critical @default_only_return_authorization_against_matching_record
  Scenario Outline: NetSuite <trouble> on the customer refund paying out a <storefront> refund's credit memo: paid out once
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 2
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as an invoice
    And the invoice has been paid in NetSuite
    And 1 unit of the MUG-01 line has been refunded on the storefront
    And <fault>
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "<status>"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 credit memo created from the billed record
    And NetSuite paid the customer back 12.00 with a customer refund of the credit memo

    @shopify
    Examples: Shopify
      | trouble                           | fault                                                                                | status | a storefront | storefront |
      | drops the answer                  | NetSuite will drop the answer after committing it on the next customer refund creation | Posted | a Shopify    | Shopify    |
      | fails twice                       | NetSuite will answer the next 2 customer refund creations with HTTP 503              | Error  | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | trouble                           | fault                                                                                | status | a storefront | storefront |
      | drops the answer                  | NetSuite will drop the answer after committing it on the next customer refund creation | Posted | an eBay      | eBay       |
      | fails twice                       | NetSuite will answer the next 2 customer refund creations with HTTP 503              | Error  | an eBay      | eBay       |

  # The application of a return authorization's credit memo to the invoice is a write too: a retry
  # after a refusal that wrote nothing applies it (taken for applied, the 12.00 stayed the customer's
  # credit and the invoice owed 29.00); one after a lost answer finds it applied and applies no more.
  @to_netsuite @critical
  Scenario Outline: NetSuite <trouble> on applying <a storefront> refund's credit memo to the invoice: applied once
    Given <a storefront> connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 2
    And the account setting "only_return_authorization_against_matching_record" is on
    And a paid <storefront> order with these lines has been synced to NetSuite:
      | line     | units | price |
      | MUG-01   | 2     | 12.00 |
      | shipping |       | 5.00  |
    And the order has been billed in NetSuite as an invoice
    And a return authorization for 1 unit(s) of the first line has been entered in NetSuite
    And 1 unit(s) of the first line have been refunded on the storefront
    And <fault>
    When the connector retrieves the refunds of the order from <storefront>
    And the connector posts the retrieved refunds
    Then the refund's status is "<status>"
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And NetSuite has exactly 1 credit memo created from the return authorization
    And the invoice the order was billed with has 17.00 left to pay
    And NetSuite paid the customer back 0.00 with a customer refund of the credit memo

    @shopify
    Examples: Shopify
      | trouble          | fault                                                                                   | status | a storefront | storefront |
      | fails once       | NetSuite will answer the next 1 credit memo applications with HTTP 503                  | Posted | a Shopify    | Shopify    |
      | drops the answer | NetSuite will drop the answer after committing it on the next credit memo application   | Posted | a Shopify    | Shopify    |
      | fails twice      | NetSuite will answer the next 2 credit memo applications with HTTP 503                  | Error  | a Shopify    | Shopify    |

    @ebay
    Examples: eBay
      | trouble          | fault                                                                                   | status | a storefront | storefront |
      | fails once       | NetSuite will answer the next 1 credit memo applications with HTTP 503                  | Posted | an eBay      | eBay       |
      | drops the answer | NetSuite will drop the answer after committing it on the next credit memo application   | Posted | an eBay      | eBay       |
      | fails twice      | NetSuite will answer the next 2 credit memo applications with HTTP 503                  | Error  | an eBay      | eBay       |

  # The post reads the one Shopify refund it writes to NetSuite by its id. Shopify refusing that read
  # (a 403: the app lost its scope to read orders) is said with its cause, and nothing is written to
  # NetSuite; posted again once Shopify takes it, the refund goes.
  @to_netsuite @shopify @normal @default_only_return_authorization_against_matching_record
  Scenario: Shopify refuses the lookup of the refund being posted to NetSuite (HTTP 403): Error with the cause, posted once Shopify takes it
    Given a Shopify connector account that syncs refunds from the storefront to NetSuite
    And the account setting "max_attempts" is 4
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit(s) of the first line have been refunded on the storefront
    When the connector retrieves the refunds of the order from Shopify
    Given Shopify will answer the next 1 refund lookups by id with HTTP 403
    When the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "Shopify answered 403"
    And NetSuite has refunded exactly 0.00 in all
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront refund total equals the NetSuite refund total

  # A 5xx says nothing of whether the write behind it ran (RFC 9110 §15.6): a 500, or a gateway's
  # 504, after the refund committed on the last attempt leaves the refund on the storefront. The
  # Error says it may have gone through, so the merchant posts again, which finds it, rather than
  # refunding by hand: told nothing more, she gave the money back twice.
  @to_storefront @critical
  Scenario Outline: <storefront> answering HTTP <status> after committing a refund's last attempt: Error saying it may have gone through, posted once
    Given a <storefront> connector account that syncs refunds from NetSuite to the storefront
    And the account setting "max_attempts" is 1
    And a paid <storefront> order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And 1 unit of the first line has been refunded in NetSuite
    And <storefront> will answer HTTP <status> after committing it on the next refund request
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "may have gone through"
    And the storefront order carries exactly 1 refund
    When the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund

    @shopify
    Examples: Shopify
      | storefront | status |
      | Shopify    | 500    |
      | Shopify    | 504    |

    @magento
    Examples: Magento
      | storefront | status |
      | Magento    | 500    |
      | Magento    | 504    |

    # WooCommerce's own 500s are refusals, looked for before giving up (the write found, Posted): a
    # gateway's 504 alone says nothing.
    @woocommerce
    Examples: WooCommerce
      | storefront  | status |
      | WooCommerce | 504    |
