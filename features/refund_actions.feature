@to_storefront @shopify
Feature: Statuses and actions on retrieved refunds, and the scheduled sync
  A retrieved refund is listed in Data Flows > Other Transactions. Post syncs it (Posted) or fails
  with an error whose message shows on hover; Cancel keeps it but ignores it and Uncancel reverts
  that; Delete from FarApp forgets it so it can be retrieved again. The scheduled refund sync runs
  every 90 minutes and does what a manual retrieve and post would.

  Background:
    Given a Shopify connector account that syncs refunds from NetSuite to the storefront
    And the scheduled refund sync is on
    And a paid Shopify order has been synced to NetSuite
    And the order has been billed in NetSuite as a cash sale
    And the order has been refunded in full in NetSuite

  @success @normal
  Scenario: A retrieved refund waits in the list until it is posted
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a success message
    And the refund's status is "Retrieved"
    And the connector lists 1 refund for the order
    And the storefront has refunded nothing

  @success @normal
  Scenario: A canceled refund is not posted until it is uncanceled
    When the connector retrieves the refunds of the order from NetSuite
    And the user cancels the refund
    And the connector posts the retrieved refunds again
    Then the refund's status is "Canceled"
    And the storefront has refunded nothing
    When the user uncancels the refund
    And the connector posts the retrieved refunds again
    Then the refund's status is "Posted"
    And the storefront order carries exactly 1 refund

  @success @normal
  Scenario: A deleted refund can be retrieved again
    When the connector retrieves the refunds of the order from NetSuite
    And the user deletes the refund from the connector
    Then the refund is no longer listed in the connector
    When the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a success message
    And the connector lists 1 refund for the order

  @success @critical
  Scenario: A posted refund that is deleted and retrieved again is not refunded twice
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the user deletes the refund from the connector
    And the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    Then the refund's status is "Error"
    And the refund's error message contains "already been posted"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  @success @normal
  Scenario: Retrieving the same refunds twice imports them once
    When the connector retrieves the refunds of the order from NetSuite
    And the connector retrieves the refunds of the order from NetSuite
    Then the Retrieve dialog shows a failure message containing "already been retrieved"
    And the connector lists 1 refund for the order

  @success @critical
  Scenario: The scheduled sync posts the refund after 90 minutes, not before
    When 89 minutes pass
    Then the storefront has refunded nothing
    When 1 minute passes
    Then the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  @success @normal
  Scenario: A posted refund cannot be canceled, and canceling it changes nothing
    When the connector retrieves the refunds of the order from NetSuite
    And the connector posts the retrieved refunds
    And the user cancels the refund
    Then the refund's status is "Posted"
    And the refund's error message contains "cannot be canceled"
    And the storefront order carries exactly 1 refund
    And the storefront refund total equals the NetSuite refund total

  @success @normal
  Scenario: Only a canceled refund can be uncanceled
    When the connector retrieves the refunds of the order from NetSuite
    And the user uncancels the refund
    Then the refund's status is "Retrieved"
    And the refund's error message contains "canceled"
    And the storefront has refunded nothing
    When the connector posts the retrieved refunds
    Then the refund's status is "Posted"

  @success @normal
  Scenario: Each retrieved refund names the order, the amount and the currency of the NetSuite refund
    When the connector retrieves the refunds of the order from NetSuite
    Then each retrieved refund shows the order, amount and currency of its source
    And every refund listed for the order is "Retrieved"

  @success @critical
  Scenario: The scheduled sync picks up what was retrieved by hand and what is new, cycle after cycle
    When the connector retrieves the refunds of the order from NetSuite
    And 90 minutes pass
    Then every refund listed for the order is "Posted"
    And the storefront order carries exactly 1 refund
    When 90 minutes pass
    Then the connector lists 1 refund for the order
    And the storefront order carries exactly 1 refund
