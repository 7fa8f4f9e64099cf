// NetSuite's Token-Based Authentication signature, checked against oauthlib's (Python's reference
// OAuth 1.0a implementation, which the simulators verify with) for the same nonce and timestamp.
import assert from "node:assert/strict";
import { test } from "node:test";
import { authorization, percentEncode } from "../src/oauth1.js";

const credentials = { account_id: "TSTDRV1234567", consumer_key: "ck1234567890", consumer_secret: "cs-secret",
  token_id: "tok1234567890", token_secret: "ts-secret" };
const fixed = { nonce: "abcdef0123456789", timestamp: 1767225600 };
const signature = (header) => /oauth_signature="([^"]+)"/.exec(header)[1];

test("a record read by external id: the encoded path is signed as sent", () => {
  const url = "http://127.0.0.1:8765/services/rest/record/v1/salesOrder/eid:SHOP-%231001%20x?expandSubResources=true";
  assert.equal(signature(authorization("GET", url, credentials, fixed)), "9yjh7xL8T5QD0lRByz7BwVfIwO5cnBfqiZv1hVlXjpA%3D");
});

test("a search: the query's parameters are decoded, encoded again and sorted with the protocol's", () => {
  const url = "http://127.0.0.1:8765/services/rest/record/v1/customer?limit=1000&offset=0&q=email%20IS%20%22a%2Bb%40example.com%22";
  assert.equal(signature(authorization("GET", url, credentials, fixed)), "lWb5z9Yq9q4xnzXEVo%2BXTJTO88pcUvseVdNtoW5MLGM%3D");
});

test("the realm is the account id, and every value is percent-encoded", () => {
  const header = authorization("POST", "http://localhost/services/rest/record/v1/customer", credentials);
  assert.match(header, /^OAuth realm="TSTDRV1234567", oauth_consumer_key="ck1234567890", oauth_nonce="[0-9a-f]{32}", /);
  assert.match(header, /oauth_signature_method="HMAC-SHA256"/);
  assert.equal(percentEncode("a b+c*'()!~"), "a%20b%2Bc%2A%27%28%29%21~");
});
