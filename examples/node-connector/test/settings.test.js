import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSettings } from "../src/settings.js";

test("a setting left out takes its default", () => {
  const settings = parseSettings({ storefront: "shopify", refund_direction: "from_netsuite", scheduled_sync: true });
  assert.equal(settings.max_attempts, 4);
  assert.equal(settings.scheduled_sync, true);
  assert.deepEqual(settings.currency_ids.USD, "1");
});

test("what this connector cannot save is refused, naming the setting", () => {
  const refused = (raw) => { try { parseSettings(raw); } catch (error) { return error.field; } return null; };
  assert.equal(refused({ colour: "red" }), "colour");
  assert.equal(refused({ max_attempts: 11 }), "max_attempts");
  assert.equal(refused({ scheduled_sync: "yes" }), "scheduled_sync");
  assert.equal(refused({ storefront: "ebay" }), "storefront");
  assert.equal(refused({ refund_direction: "to_netsuite" }), "refund_direction");
  assert.equal(refused({ refund_direction: "both", allow_both_directions: true }), "refund_direction");
  assert.equal(refused({ refund_direction: "off" }), null);
});

test("a refusal says what the setting takes in the words of the values written, as refundsim's reference connector", () => {
  // Not JavaScript's ("must be a bool, not string"): an implementer reads JSON's true or false.
  const reason = (raw) => { try { parseSettings(raw); } catch (error) { return error.reason; } return null; };
  assert.equal(reason({ scheduled_sync: "yes" }), "must be true or false");
  assert.equal(reason({ max_attempts: 11 }), "must be a whole number from 1 to 10");
  assert.equal(reason({ max_attempts: 2.5 }), "must be a whole number from 1 to 10");
});

test("currency_ids maps at least one ISO code of three capitals to the digits of an internal id", () => {
  // refundsim's OpenAPI Settings.currency_ids: minProperties 1, propertyNames ^[A-Z]{3}$, values digits.
  const refusal = (ids) => { try { parseSettings({ currency_ids: ids }); } catch (error) { return error; } return null; };
  for (const ids of [{}, { usd: "1" }, { Dollar: "1" }, { US: "1" }, { "USD\n": "1" }, { "ＵＳＤ": "1" }, { USD: "one" },
    { USD: "" }, { USD: -1 }, { USD: 1.5 }, { USD: true }, { USD: "1\n" }, { USD: "١" }, [], null, "USD"]) {
    const error = refusal(ids);
    assert.equal(error?.field, "currency_ids", JSON.stringify(ids));
  }
  assert.match(refusal({ usd: "1" }).reason, /"usd" is not an ISO currency code: write three capital letters, such as USD/);
  assert.match(refusal({}).reason, /at least one ISO currency code/);
  assert.match(refusal({ USD: "one" }).reason, /USD: "one" is not a NetSuite currency internal id/);
  assert.deepEqual(parseSettings({ currency_ids: { USD: 1, EUR: "4" } }).currency_ids, { USD: "1", EUR: "4" });
  // Saved in NetSuite's plain form: the connector matches a refund's currency id ("1") to it as text.
  assert.deepEqual(parseSettings({ currency_ids: { USD: "01", EUR: "004" } }).currency_ids, { USD: "1", EUR: "4" });
  // Two codes, one NetSuite currency (as text, a number or with a leading zero: one internal id):
  // a refund in it could not say which code it is in, and both codes' orders would be booked in it.
  const shared = (first, second, id) => `${first} and ${second} both map to NetSuite currency ${id}: map each ISO ` +
    `currency code to a NetSuite currency of its own (a refund in currency ${id} cannot say which of them it is in, ` +
    "and orders in both would be booked in one currency)";
  assert.equal(refusal({ USD: "1", GBP: "2", CAD: 1 })?.field, "currency_ids");
  assert.equal(refusal({ USD: "1", GBP: "2", CAD: 1 })?.reason, shared("USD", "CAD", 1));
  assert.equal(refusal({ EUR: "04", AUD: "4" })?.reason, shared("EUR", "AUD", 4));
});
