// Shopify Admin REST, as an app calls it with its access token (X-Shopify-Access-Token).
import { checked } from "./vendors.js";

export class Shopify {
  /** @param {string} baseUrl the simulators' base URL; @param {object} credentials access_token, api_version */
  constructor(baseUrl, credentials) {
    this.root = `${baseUrl.replace(/\/+$/, "")}/admin/api/${credentials.api_version}`;
    this.headers = { "X-Shopify-Access-Token": credentials.access_token };
  }

  async call(method, path, json) {
    return (await checked("Shopify", method, `${this.root}${path}`, { headers: this.headers, json })).body;
  }

  async order(orderId) {
    return (await this.call("GET", `/orders/${encodeURIComponent(orderId)}.json`)).order;
  }

  async transactions(orderId) {
    return (await this.call("GET", `/orders/${encodeURIComponent(orderId)}/transactions.json`)).transactions;
  }

  /** Every refund of the order, oldest first. Shopify answers a page at a time (`limit`, 50 unless
   * asked, 250 at most) and names the next page in the `Link` header (rel="next", a cursor): one page
   * alone hid the refunds past it, this connector's own among them, and its stamp unseen, a refund
   * went back twice. */
  async refunds(orderId) {
    let url = `${this.root}/orders/${encodeURIComponent(orderId)}/refunds.json?limit=250`;
    const every = [];
    while (url) {
      const answer = await checked("Shopify", "GET", url, { headers: this.headers });
      every.push(...(answer.body.refunds ?? []));
      url = nextPage(answer.headers.get("link"));
    }
    return every;
  }

  async createRefund(orderId, refund) {
    return (await this.call("POST", `/orders/${encodeURIComponent(orderId)}/refunds.json`, { refund })).refund;
  }
}

/** The URL of the `Link` header's rel="next" page, or null on the last page. */
export function nextPage(link) {
  for (const part of (link ?? "").split(",")) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?next"?/);
    if (match) return match[1];
  }
  return null;
}
