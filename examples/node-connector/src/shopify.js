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

  async refunds(orderId) {
    return (await this.call("GET", `/orders/${encodeURIComponent(orderId)}/refunds.json`)).refunds;
  }

  async createRefund(orderId, refund) {
    return (await this.call("POST", `/orders/${encodeURIComponent(orderId)}/refunds.json`, { refund })).refund;
  }
}
