// OAuth 1.0a request signing (RFC 5849) with HMAC-SHA256, as NetSuite's Token-Based Authentication
// wants it: the realm is the account id, and is not signed. Signed by hand with node:crypto.
import { createHmac, randomBytes } from "node:crypto";

/** RFC 3986 percent-encoding (RFC 5849 §3.6): everything but ALPHA, DIGIT, "-", ".", "_", "~". */
export function percentEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The Authorization header of one request.
 * @param {string} method   HTTP method
 * @param {string} url      the URL exactly as it is sent (path percent-encoded, query built with percentEncode)
 * @param {{account_id: string, consumer_key: string, consumer_secret: string, token_id: string, token_secret: string}} credentials
 * @param {{nonce?: string, timestamp?: number}} [fixed] for tests: the nonce and timestamp to sign with
 */
export function authorization(method, url, credentials, fixed = {}) {
  const target = new URL(url);
  const oauth = {
    oauth_consumer_key: credentials.consumer_key,
    oauth_nonce: fixed.nonce ?? randomBytes(16).toString("hex"),
    oauth_signature_method: "HMAC-SHA256",
    oauth_timestamp: String(fixed.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_token: credentials.token_id,
    oauth_version: "1.0",
  };
  // §3.4.1.3: the query's parameters (decoded) and the protocol parameters, each encoded, sorted.
  const parameters = [];
  for (const pair of target.search.slice(1).split("&").filter(Boolean)) {
    const [name, value = ""] = pair.split("=");
    parameters.push([decodeURIComponent(name), decodeURIComponent(value)]);
  }
  parameters.push(...Object.entries(oauth));
  const normalized = parameters
    .map(([name, value]) => [percentEncode(name), percentEncode(value)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  // §3.4.1.2: scheme and host in lower case, the default port left out, the path as sent.
  const port = target.port && !((target.protocol === "http:" && target.port === "80") ||
    (target.protocol === "https:" && target.port === "443")) ? `:${target.port}` : "";
  const baseUri = `${target.protocol.toLowerCase()}//${target.hostname.toLowerCase()}${port}${target.pathname}`;
  const baseString = [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join("&");
  const key = `${percentEncode(credentials.consumer_secret)}&${percentEncode(credentials.token_secret)}`;
  const signature = createHmac("sha256", key).update(baseString).digest("base64");
  const fields = { realm: credentials.account_id, ...oauth, oauth_signature: signature };
  return "OAuth " + Object.entries(fields).map(([name, value]) => `${name}="${percentEncode(value)}"`).join(", ");
}
