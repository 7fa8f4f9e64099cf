import assert from "node:assert/strict";
import { test } from "node:test";
import { nextPage } from "../src/shopify.js";

test("the next page is the Link header's rel=next URL, and none on the last page", () => {
  const next = "https://shop.example/admin/api/2025-01/orders/1/refunds.json?limit=250&page_info=abc";
  const previous = "https://shop.example/admin/api/2025-01/orders/1/refunds.json?limit=250&page_info=xyz";
  assert.equal(nextPage(`<${next}>; rel="next"`), next);
  assert.equal(nextPage(`<${previous}>; rel="previous", <${next}>; rel="next"`), next);
  assert.equal(nextPage(`<${previous}>; rel="previous"`), null);
  assert.equal(nextPage(null), null);
  assert.equal(nextPage(""), null);
});
