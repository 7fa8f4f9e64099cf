import assert from "node:assert/strict";
import { test } from "node:test";
import { storefrontCurrency } from "../src/connector.js";

// A NetSuite currency reference's refName is the account's own name of the currency ("US Dollar");
// only its id identifies it, mapped back to the ISO code through the account's currency_ids.
test("a NetSuite record's currency is the ISO code currency_ids maps its currency id from, whatever its name", () => {
  const record = { currency: { id: "2", refName: "GBP" } };
  assert.equal(storefrontCurrency(record, { USD: "2", GBP: "1" }), "USD");
  assert.equal(storefrontCurrency({ currency: { id: "7", refName: "US Dollar" } }, { USD: "7" }), "USD");
});

test("a currency id currency_ids does not map is a sync error naming the id", () => {
  assert.throws(() => storefrontCurrency({ currency: { id: "7", refName: "US Dollar" } }, { USD: "1", GBP: "2" }), {
    message: "The refund is in NetSuite currency 7, which currency_ids does not map to a storefront currency. " +
      "Map its ISO code to 7 in currency_ids.",
  });
});
