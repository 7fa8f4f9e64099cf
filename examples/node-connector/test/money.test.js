import assert from "node:assert/strict";
import { test } from "node:test";
import { cents, decimal, divideRounded, presented } from "../src/money.js";

test("amounts are whole cents, rounded half to even like Python's Decimal", () => {
  assert.equal(cents("12.94"), 1294);
  assert.equal(cents(41.94), 4194);
  assert.equal(cents(6.6), 660);
  assert.equal(cents("1000"), 100000);
  assert.equal(cents("0.125"), 12);
  assert.equal(cents("0.135"), 14);
  assert.equal(cents("0.1251"), 13);
  assert.equal(cents("-3.10"), -310);
  assert.equal(cents(1e-7), 0);
  assert.throws(() => cents("abc"));
});

test("cents are written with two decimals", () => {
  assert.equal(decimal(1294), "12.94");
  assert.equal(decimal(5), "0.05");
  assert.equal(decimal(-310), "-3.10");
});

test("a fraction of cents rounds half up, as NetSuite and Shopify round tax", () => {
  assert.equal(divideRounded(5, 2), 3);
  assert.equal(divideRounded(250 * 1000, 800), 313); // 2.50 of shipping at 25%: 3.125 is 3.13
  assert.equal(divideRounded(7, 2), 4);
  assert.equal(divideRounded(600 * 660, 600), 660);
  assert.equal(divideRounded(10, 3), 3);
});

test("a Shopify money bag is read in the customer's currency", () => {
  assert.equal(presented({ shop_money: { amount: "10.00" }, presentment_money: { amount: "9.15" } }), 915);
  assert.equal(presented(undefined), 0);
});
