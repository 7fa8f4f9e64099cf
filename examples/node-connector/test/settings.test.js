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
