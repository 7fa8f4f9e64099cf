// One connector account: refund sync from NetSuite to Shopify, as Oracle documents the NetSuite
// Connector. Its methods are the operations of refundsim's connector API (server.js routes them).
//
// How it keeps money exact:
// - every Shopify refund it makes carries a stamp naming its NetSuite source in its note
//   ("[node-connector:cashRefund:42]"), so a retry after a lost answer finds the earlier refund
//   instead of refunding twice, and a second post of a posted refund is refused;
// - every NetSuite write (customers, sales orders) is asynchronous with an idempotency key
//   (netsuite.js), so a retry of the same write never makes a second record;
// - every vendor call is retried a bounded number of times (the account's max_attempts) on no
//   answer, 5xx and 429 (honouring Retry-After), with backoff on the simulator clock; a write is
//   retried only after checking that the previous attempt did not commit; a refusal (another 4xx)
//   is never retried;
// - an account runs one operation at a time, so two concurrent posts of one refund post it once.
import { createHash } from "node:crypto";

import { SimulatorClock } from "./clock.js";
import { cents, decimal, divideRounded, number, presented, sum } from "./money.js";
import { NetSuite, uuid5 } from "./netsuite.js";
import { parseSettings } from "./settings.js";
import { Shopify } from "./shopify.js";
import { NoAnswer, VendorError } from "./vendors.js";

const STAMP = "node-connector";
/** The scheduled refund sync's interval: every 90 minutes, one incoming and one outgoing sync. */
const SCHEDULE_MS = 90 * 60 * 1000;
const LABELS = { cashSale: "Cash Sale", invoice: "Invoice", cashRefund: "Cash Refund", creditMemo: "Credit Memo", salesOrder: "Sales Order" };
/** Billed record type → the refund record NetSuite creates from it ("the Refund button"). */
const REFUND_OF = { cashSale: "cashRefund", invoice: "creditMemo" };
/** The kinds of NetSuite item a storefront SKU is kept as, searched in turn: goods kept in stock and
 * sold without stock, kits (packages), assemblies, services and goods drop-shipped for resale. */
const SALE_ITEM_TYPES = ["nonInventorySaleItem", "inventoryItem", "kitItem", "assemblyItem", "serviceSaleItem",
  "nonInventoryResaleItem"];
const ORDER_POSTED = "Order Posted, Pending Fulfillment";
const ORDER_ERROR = "Error Posting to NetSuite";

/** A business reason the connector cannot sync; the message is shown to the user as is. */
class SyncError extends Error {}

/** An unknown transaction id (the API answers 404). */
export class UnknownTransaction extends Error {}

const label = (type, record) => `${LABELS[type] ?? type} #${record.tranId || record.id}`;
const stamp = (source) => `[${STAMP}:${source}]`;
/** What the user reads on hover: who refused and their status, or the connector's own reason. */
const messageOf = (error) => error.message;

/**
 * The ISO code of a NetSuite record's currency: its currency.id mapped back through the account's
 * currency_ids (ISO code → NetSuite currency internal id). The reference's refName is the currency
 * record's name, which each account chooses ("US Dollar"); only the internal id identifies it.
 * Throws a SyncError when currency_ids maps no ISO code to the record's currency id.
 */
export function storefrontCurrency(record, currencyIds) {
  const id = String(record.currency.id);
  const code = Object.keys(currencyIds).find((iso) => currencyIds[iso] === id);
  if (code === undefined) {
    throw new SyncError(`The refund is in NetSuite currency ${id}, which currency_ids does not map to a storefront ` +
      `currency. Map its ISO code to ${id} in currency_ids.`);
  }
  return code;
}
/** A string in a message as JSON writes it, as the reference connector and the connector API quote. */
const quoted = (text) => JSON.stringify(text);

export class Account {
  /**
   * @param {string} id the account's id
   * @param {{settings: object, simulators: object, credentials: object}} setup as the connector API's createAccount sends it
   * @throws {import("./settings.js").SettingsError} settings this connector cannot save
   */
  constructor(id, setup) {
    this.id = id;
    this.settings = parseSettings(setup.settings ?? {});
    this.clock = new SimulatorClock(setup.simulators.clock_url, setup.simulators.admin_token);
    this.netsuite = new NetSuite(setup.simulators.base_url, setup.credentials.netsuite, (s) => this.clock.sleep(s));
    this.shopify = new Shopify(setup.simulators.base_url, setup.credentials.shopify);
    this.orders = new Map(); // storefront order id → {order_id, status, sales_order_id, error_message}
    // The orders whose sales order a sync made or found, whatever a later sync of them says (a sync
    // again that failed leaves the sales order, and its refunds, where they are).
    this.synced = new Set();
    this.refunds = new Map(); // transaction id → a row of Other Transactions (plus `attempted`)
    // The SKU each NetSuite item was matched by, per order (order id → internal id → SKU): a refund's
    // line is known by its item whatever the item is named now (renamed after the order synced, or in
    // other capitals), and whatever SKU a later order matched the item by (renamed in both systems).
    this.itemSkus = new Map();
    this.nextId = 1;
    this.writes = 0; // numbers each NetSuite write, for its idempotency key
    this.queue = Promise.resolve(); // one operation at a time
  }

  /** Starts the scheduled sync's cycle (now, on the simulator clock); called once, after construction. */
  async start() {
    this.started = await this.clock.now();
    this.lastScheduledRun = this.started;
  }

  /** Run `operation` after the account's operations before it (a lock, in a single thread). */
  exclusive(operation) {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  view() {
    return { account: this.id, settings: this.settings };
  }

  // ------------------------------------------------------------------ resilience
  /**
   * One vendor call with bounded retries and backoff on the simulator clock. `committed`, asked
   * before every retry of a write and when the vendor refuses it, returns the earlier attempt's
   * result when it finds one.
   * @throws {VendorError} a 4xx other than 429 (a refusal, not a fault): never retried, unless an
   *   earlier attempt committed
   * @throws {SyncError} still failing after max_attempts, with the last cause — and, for a write whose
   *   last attempt got no answer, that it may have gone through (a merchant who took the Error for
   *   "nothing was written" and refunded by hand gave the money back twice)
   */
  async call(action, committed) {
    const attempts = this.settings.max_attempts;
    for (let attempt = 1; ; attempt += 1) {
      let cause;
      let unanswered = false;
      let delay = 2 ** (attempt - 1);
      try {
        if (attempt > 1 && committed) {
          const found = await committed();
          if (found !== null && found !== undefined) return found;
        }
        return await action();
      } catch (error) {
        if (error instanceof NoAnswer) {
          cause = error.message;
          unanswered = true;
        } else if (error instanceof VendorError && (error.status === 429 || error.status >= 500)) {
          cause = error.message;
          // A 5xx says nothing of whether the write behind it ran (RFC 9110 §15.6): a 500 may come
          // after the commit, a gateway's 502 or 504 while it runs; a 503 is the request not taken.
          unanswered = error.status >= 500 && error.status !== 503;
          const retryAfter = Number(error.headers?.get?.("retry-after"));
          if (error.status === 429 && error.headers?.get?.("retry-after") && Number.isFinite(retryAfter)) delay = retryAfter;
        } else {
          // A refusal is not retried; but an earlier write of the same thing may have committed after
          // its answer was lost (NetSuite then refuses a second record with the same external ID):
          // that write is the result.
          const found = error instanceof VendorError && committed ? await committed() : null;
          if (found !== null && found !== undefined) return found;
          throw error;
        }
      }
      if (attempt >= attempts && committed && unanswered) {
        throw new SyncError(`Gave up after ${attempts} attempts: ${cause}. The last attempt may have gone through before `
          + "its answer was lost: post the refund again, which looks for it before writing anything, rather than "
          + "refunding it by hand.");
      }
      if (attempt >= attempts) throw new SyncError(`Gave up after ${attempts} attempts: ${cause}`);
      await this.clock.sleep(delay);
    }
  }

  idempotencyKey(kind, source) {
    this.writes += 1;
    return uuid5(`${STAMP}:${this.id}:${this.started}:${kind}:${source}:${this.writes}`);
  }

  async find(type, q) {
    return this.call(() => this.netsuite.query(type, q));
  }

  async findOne(type, q) {
    const ids = await this.find(type, q);
    return ids.length ? ids[0] : null;
  }

  async record(type, id) {
    return this.call(() => this.netsuite.get(type, id));
  }

  /** The sales order synced from the storefront order, or null when NetSuite has none. */
  async salesOrder(orderId) {
    try {
      return await this.call(() => this.netsuite.get("salesOrder", `eid:${orderId}`));
    } catch (error) {
      if (error instanceof VendorError && error.status === 404) return null;
      throw error;
    }
  }

  // ------------------------------------------------------------------ order sync
  async syncOrder(rawId) {
    const orderId = String(rawId).trim();
    let link;
    try {
      const order = await this.storefrontOrder(orderId);
      const key = this.idempotencyKey("salesOrder", order.id);
      const salesOrderId = await this.call(() => this.createSalesOrder(order, key), () => this.ownSalesOrder(order));
      link = { order_id: orderId, status: ORDER_POSTED, sales_order_id: salesOrderId, error_message: "" };
    } catch (error) {
      if (!(error instanceof VendorError || error instanceof SyncError)) throw error;
      link = { order_id: orderId, status: ORDER_ERROR, sales_order_id: null, error_message: messageOf(error) };
    }
    this.orders.set(orderId, link);
    if (link.status === ORDER_POSTED) this.synced.add(orderId);
    return link;
  }

  /** The Shopify order in the customer's money (presentment), line by line, net of discounts and,
   * when its prices include tax, of that tax. */
  async storefrontOrder(orderId) {
    let raw;
    try {
      raw = await this.call(() => this.shopify.order(orderId));
    } catch (error) {
      // Shopify's 404: no such order. Said with the advice a retrieve gives, not as a bare 404.
      if (!(error instanceof VendorError && error.status === 404)) throw error;
      throw new SyncError(`Order ${orderId} was not found on Shopify (${error.message}). Verify that the order ID ` +
        "corresponds to an order previously synced to NetSuite.");
    }
    const included = Boolean(raw.taxes_included);
    const lines = raw.line_items.map((line) => (
      { sku: line.sku, title: line.title, quantity: line.quantity, amount: lineAmount(line, included) }));
    const shippingTax = sum(raw.shipping_lines.flatMap((s) => (s.tax_lines ?? []).map((t) => presented(t.price_set))));
    return {
      id: String(raw.id), name: `Shopify order ${raw.name}`,
      currency: raw.presentment_currency || raw.currency,
      email: raw.email || raw.customer?.email || "",
      firstName: raw.customer?.first_name, lastName: raw.customer?.last_name,
      lines,
      // What the customer paid: a free shipping code leaves price_set and takes discounted_price_set to 0.
      shipping: sum(raw.shipping_lines.map((s) => presented(s.discounted_price_set))) - (included ? shippingTax : 0),
      tax: presented(raw.total_tax_set),
    };
  }

  async createSalesOrder(order, idempotencyKey) {
    const currency = this.settings.currency_ids[order.currency];
    if (currency === undefined) throw new SyncError(`Currency ${order.currency} is not mapped to a NetSuite currency.`);
    const items = [];
    const skus = new Map();
    for (const line of order.lines) {
      // The rate is what a unit costs after its discount, and the amount the line's own: NetSuite's
      // total is then the storefront's, to the cent.
      const id = await this.itemId(line.sku);
      skus.set(String(id), line.sku);
      items.push({ item: { id }, quantity: line.quantity, rate: number(line.amount) / line.quantity,
        amount: number(line.amount), description: line.title });
    }
    this.itemSkus.set(String(order.id), skus);
    const customer = await this.customerId(order, currency);
    await this.buysIn(customer, currency);
    return this.netsuite.create("salesOrder", {
      externalId: order.id, entity: { id: customer }, currency: { id: currency },
      memo: order.name, shippingCost: number(order.shipping), taxTotal: number(order.tax), item: { items },
    }, idempotencyKey);
  }

  /** The NetSuite item named as the SKU, among every kind a store sells (SALE_ITEM_TYPES). */
  async itemId(sku) {
    if (!sku) throw new SyncError("A line item has no SKU, so it cannot be matched to a NetSuite item.");
    let found = null;
    for (const recordType of SALE_ITEM_TYPES) {
      found = await this.findOne(recordType, `itemId IS "${sku}"`);
      if (found !== null) break;
    }
    if (found === null) throw new SyncError(`No NetSuite item matches SKU ${quoted(sku)}.`);
    return found;
  }

  /** The sales order an earlier attempt of this order's sync made (its external ID is the order's), or
   * null. One of another customer with that external ID (another store's order of the same number) is
   * not this order's: linked, the order's refunds would be that customer's. Nor is one of this
   * customer for another total: her order on another store that numbers its orders alike. */
  async ownSalesOrder(order) {
    const found = await this.findOne("salesOrder", `externalId IS "${order.id}"`);
    if (found === null) return null;
    const record = await this.record("salesOrder", found);
    const name = `Sales Order #${record.tranId ?? found}`;
    if (record.entity?.id !== (await this.knownCustomer(order))) {
      throw new SyncError(`NetSuite already has ${name} with external ID ${order.id}, ` +
        "of another customer: the order cannot be linked to it. Verify that it is not another store's or " +
        "integration's order before changing its external ID.");
    }
    const total = sum(order.lines.map((line) => line.amount)) + order.shipping + order.tax; // cents
    if (cents(record.total ?? 0) !== total) {
      throw new SyncError(`NetSuite already has ${name} with external ID ${order.id}, of this customer but not this ` +
        `order (its total ${decimal(cents(record.total ?? 0))}, the order's ${decimal(total)}): the order cannot be ` +
        "linked to it. Verify that it is not her order on another store or integration before changing its external ID.");
    }
    return found;
  }

  customerExternalId(order) {
    return `${STAMP}-customer-${order.email
      ? createHash("sha256").update(order.email.toLowerCase(), "utf8").digest("hex").slice(0, 32)
      : String(order.id).replace(/[^A-Za-z0-9_-]/g, "-")}`;
  }

  /** The order's customer if NetSuite has her: by e-mail, else by the external ID the connector gives her. */
  /** The order's active customer in NetSuite, by e-mail or by the external ID this connector gives
   * hers: an inactive one (a duplicate the merchant deactivated) is not hers — NetSuite refuses a
   * transaction of it ("Invalid entity reference key"). */
  async knownCustomer(order) {
    return (order.email ? await this.findOne("customer", `email IS "${order.email}" AND isInactive IS false`) : null)
      ?? (await this.findOne("customer", `externalId IS "${this.customerExternalId(order)}" AND isInactive IS false`));
  }

  /** The order's customer in NetSuite: found by e-mail, else created (once, whatever the retries).
   * Each customer it creates carries an external ID (of her e-mail, case-folded and hashed; of the
   * order without one) and is found by it too: synced again after NetSuite's answer to her creation
   * was lost, while its job was still queued, the second create is refused for that external ID and
   * the order finds her instead of making her twice. */
  async customerId(order, currency) {
    const eid = this.customerExternalId(order);
    const byEid = () => this.findOne("customer", `externalId IS "${eid}"`);
    const found = await this.knownCustomer(order);
    if (found !== null) return found;
    const key = this.idempotencyKey("customer", order.email || order.id);
    return this.call(() => this.netsuite.create("customer", {
      isPerson: true, firstName: order.firstName || "Storefront", lastName: order.lastName || "Customer",
      email: order.email || null, currency: { id: currency }, externalId: eid, // her primary currency: her first order's
    }, key), byEid);
  }

  /** NetSuite takes a transaction only in one of its customer's currencies (her Currencies subtab,
   * `currencyList`): a returning buyer's order in a new currency adds it there (a line of one she has
   * is no change, so a retry is harmless). */
  async buysIn(customer, currency) {
    const lines = (await this.record("customer", customer)).currencyList?.items ?? [];
    if (!lines.some((line) => String(line.currency?.id) === String(currency))) {
      await this.call(() => this.netsuite.patch("customer", customer, { currencyList: { items: [{ currency: { id: currency } }] } }));
    }
  }

  // ------------------------------------------------------------------ retrieve
  /** The Retrieve dialog: import the refunds of an order from NetSuite into Other Transactions. */
  async retrieveRefunds(channel, rawId) {
    const orderId = String(rawId).trim();
    if (!orderId) return failure("Enter an order ID in Order/Transaction ID.");
    try {
      if (channel === "netsuite") {
        if (this.settings.refund_direction !== "from_netsuite") return failure("Refund sync from NetSuite is not enabled for this account.");
        return await this.retrieveFromNetSuite(orderId);
      }
      if (channel === this.settings.storefront) {
        return failure(`Refund sync from ${channel} to NetSuite is not enabled for this account.`);
      }
      return failure(`This account has no source channel ${quoted(channel)}.`);
    } catch (error) {
      if (!(error instanceof VendorError || error instanceof SyncError)) throw error;
      return failure(`Failed to retrieve refunds for order ${orderId}: ${messageOf(error)}`);
    }
  }

  async retrieveFromNetSuite(orderId) {
    const link = this.orders.get(orderId);
    if (link && link.status === ORDER_ERROR && !this.synced.has(orderId)) {
      // Its sync failed and never linked a sales order: one NetSuite holds under its external ID is
      // not one this connector made (another store's order of the same number).
      return failure(`Order ${orderId} did not sync to NetSuite, so it has no refunds there to retrieve: ${link.error_message}`);
    }
    const salesOrder = await this.salesOrder(orderId);
    if (salesOrder === null) {
      return failure(`Order ${orderId} was not found in NetSuite. Verify that the order ID corresponds to an order ` +
        "previously synced to NetSuite.");
    }
    try {
      await this.theOrders(orderId);
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      return failure(`${error.message} Its refunds are not retrieved.`);
    }
    const billed = await this.billedRecords(salesOrder.id);
    if (!billed.length) {
      return failure(`Order ${orderId} has not been billed in NetSuite: no cash sale or invoice was created from ` +
        `${label("salesOrder", salesOrder)}. Bill the order in NetSuite, then refund it.`);
    }
    const found = [];
    for (const [billedType, record] of billed) {
      const refundType = REFUND_OF[billedType];
      for (const refundId of await this.find(refundType, `createdFrom ANY_OF [${record.id}]`)) {
        const refund = await this.record(refundType, refundId);
        found.push({ source: `${refundType}:${refund.id}`, amount: cents(refund.total),
          currency: storefrontCurrency(refund, this.settings.currency_ids) });
      }
    }
    if (!found.length) return failure(await this.noRefundMessage(orderId, salesOrder, billed));
    const created = [];
    for (const { source, amount, currency } of found) {
      if ([...this.refunds.values()].some((r) => r.source_record === source)) continue;
      const id = `OT-${String(this.nextId).padStart(5, "0")}`;
      this.nextId += 1;
      const refund = { id, source_channel: "netsuite", order_id: orderId, amount, currency, status: "Retrieved",
        error_message: "", source_record: source, target_record: "", attempted: false };
      this.refunds.set(id, refund);
      created.push(row(refund));
    }
    if (!created.length) return failure(`The refunds of order ${orderId} have already been retrieved.`);
    return { success: true, message: `Successfully retrieved ${created.length} refund(s) for order ${orderId}.`, transactions: created };
  }

  /** NetSuite's sales order of the order's ID is the Shopify order's: one this connector synced is;
   * one it never synced may be another store's order of the same number (its refunds another
   * customer's money), and is this order's only if ownSalesOrder links it (its customer, its total).
   * Throws SyncError when it is not. */
  async theOrders(orderId) {
    if (this.synced.has(orderId)) return;
    await this.ownSalesOrder(await this.storefrontOrder(orderId));
  }

  /** The cash sales and invoices created from the sales order, oldest first. */
  async billedRecords(salesOrderId) {
    const billed = [];
    for (const type of ["cashSale", "invoice"]) {
      for (const id of await this.find(type, `createdFrom ANY_OF [${salesOrderId}]`)) billed.push([type, await this.record(type, id)]);
    }
    return billed.sort(([, a], [, b]) => Number(a.id) - Number(b.id));
  }

  async noRefundMessage(orderId, salesOrder, billed) {
    const [billedType, record] = billed[0];
    if (billedType === "invoice") {
      const own = new Set(billed.filter(([type]) => type === "invoice").map(([, r]) => String(r.id)));
      for (const memoId of await this.find("creditMemo", `entity ANY_OF [${salesOrder.entity.id}]`)) {
        const memo = await this.record("creditMemo", memoId);
        // Entered without an invoice: one made from the customer's other order's invoice is that order's.
        if (memo.createdFrom?.id) continue;
        const applied = appliedTo(memo);
        if (applied.length && !applied.some((doc) => own.has(doc))) continue; // her other order's invoice's credit
        if (applied.length) { // it credits this order's invoice already: another made from it credits it twice
          return `${label("creditMemo", memo)} was entered for the customer without the invoice and is applied to the ` +
            `billed record (${label(billedType, record)}) of order ${orderId}: the connector syncs only credit memos ` +
            "created from the billed record. Refund it on the storefront by hand; a credit memo created from the " +
            "invoice now would credit it twice.";
        }
        return `${label("creditMemo", memo)} exists for the customer but was not created from the billed record ` +
          `(${label(billedType, record)}) of order ${orderId}. Create the credit memo from the invoice so the connector can find it.`;
      }
    }
    const wanted = billedType === "cashSale" ? "cash refund" : "credit memo";
    return `No ${wanted} was created from the billed record (${label(billedType, record)}) of order ${orderId}. ` +
      "Verify that the order has a cash refund or credit memo created from its billed record.";
  }

  // ------------------------------------------------------------------ post
  refund(id) {
    const refund = this.refunds.get(id);
    if (refund === undefined) throw new UnknownTransaction(`No transaction ${quoted(id)}.`);
    return refund;
  }

  async post(id) {
    const refund = this.refund(id);
    if (refund.status === "Posted") return row(refund);
    if (refund.status === "Canceled") {
      refund.error_message = "A canceled refund is not posted; uncancel it first.";
      return row(refund);
    }
    const attemptedBefore = refund.attempted;
    refund.attempted = true;
    try {
      refund.target_record = await this.postToShopify(refund, attemptedBefore);
      refund.status = "Posted";
      refund.error_message = "";
    } catch (error) {
      if (!(error instanceof VendorError || error instanceof SyncError)) throw error;
      refund.status = "Error";
      refund.error_message = messageOf(error);
    }
    return row(refund);
  }

  async postToShopify(refund, attemptedBefore) {
    const salesOrder = await this.salesOrder(refund.order_id);
    const mark = stamp(refund.source_record);
    if (salesOrder === null) {
      // An earlier attempt whose answer was lost may have given the money back before the order was
      // deleted: "cancel this refund" would leave that money with no NetSuite record.
      const went = attemptedBefore ? await this.shopifyRefundWith(refund.order_id, mark) : null;
      if (went !== null) {
        throw new SyncError(`This refund's earlier attempt reached Shopify (${went}) for ${decimal(refund.amount)}, though its `
          + `answer was lost, but order ${refund.order_id} has since been deleted in NetSuite: the `
          + `${decimal(refund.amount)} given back has no NetSuite record; settle it by hand.`);
      }
      throw new SyncError(`Order ${refund.order_id} no longer exists in NetSuite (it was deleted). Cancel this refund.`);
    }
    const existing = await this.shopifyRefundWith(refund.order_id, mark);
    if (existing !== null) {
      if (!attemptedBefore) throw new SyncError(`This refund has already been posted to Shopify (${existing}); it is not posted again.`);
      await this.sentAsNow(refund, existing);
      return existing; // our earlier attempt committed; its answer was lost
    }
    const [recordType, recordId] = refund.source_record.split(":");
    const record = await this.record(recordType, recordId);
    if (recordType === "creditMemo") await this.notStoreCredit(refund.order_id, salesOrder, record);
    // The refund as NetSuite has it now (a user may have corrected it since the retrieve), and the
    // list says what goes: it showed the retrieve's amount beside the money that went.
    refund.amount = cents(record.total);
    const order = await this.call(() => this.shopify.order(refund.order_id));
    const currency = order.presentment_currency || order.currency; // the customer's: refunds are made in it
    const refunded = storefrontCurrency(record, this.settings.currency_ids);
    if (refunded !== currency) {
      throw new SyncError(`The refund is in ${refunded} but Shopify order ${refund.order_id} is in ${currency}.`);
    }
    const transactions = await this.call(() => this.shopify.transactions(refund.order_id));
    const body = {
      note: `${label(recordType, record)} ${mark}`,
      notify: false,
      currency,
      refund_line_items: lineItems(record, order, this.itemSkus.get(String(refund.order_id)) ?? new Map()),
      transactions: shares(transactions, cents(record.total), `Shopify order ${order.name}`).map(([payment, share]) => (
        { parent_id: payment.id, amount: decimal(share), kind: "refund", gateway: payment.gateway })),
    };
    let shipping = cents(record.shippingCost || 0);
    if (shipping && order.taxes_included) shipping = withShippingTax(order, shipping); // Shopify reads it with its tax
    if (shipping) body.shipping = { amount: decimal(shipping) };
    return this.call(
      async () => movedMoney(await this.shopify.createRefund(refund.order_id, body)),
      () => this.shopifyRefundWith(refund.order_id, mark),
    );
  }

  /** A credit memo a NetSuite user applied to an invoice of another order is store credit: that
   * invoice owes so much less, and the money stays in NetSuite; given back on Shopify as well, the
   * customer had it twice. `salesOrder`: the order's, as the post just read it. Throws SyncError
   * naming the invoice, what it took and what is left. */
  async notStoreCredit(orderId, salesOrder, memo) {
    const own = new Set((await this.billedRecords(salesOrder.id)).map(([, r]) => String(r.id)));
    const others = (memo.apply?.items ?? []).filter((line) => !own.has(String(line.doc.id)));
    if (!others.length) return;
    const credit = sum(others.map((line) => cents(line.amount ?? 0)));
    const docs = others.map((line) => String(line.refNum || line.doc.refName || line.doc.id)).join(", ");
    throw new SyncError(`${label("creditMemo", memo)} applies ${decimal(credit)} to invoice ${docs}, not a bill of order ` +
      `${orderId}: that is store credit the customer spent in NetSuite, not money to give back. Nothing was posted to ` +
      `Shopify; ${decimal(cents(memo.total) - credit)} of it is left to refund on the storefront by hand, if it is owed. ` +
      "Cancel this refund.");
  }

  /** An earlier attempt's write found on Shopify (`existing`) sent NetSuite's refund as it was then,
   * for `refund.amount`. A NetSuite user who corrected the refund after that attempt ended in Error
   * changed what NetSuite gives back, not what went: an Error names both amounts (taken for this
   * post, Shopify held 45.60 where NetSuite held 39.60, and nobody was told); one who deleted it, that
   * the money went with no NetSuite record. */
  async sentAsNow(refund, existing) {
    const [recordType, recordId] = refund.source_record.split(":");
    let record;
    try {
      record = await this.record(recordType, recordId);
    } catch (error) {
      if (!(error instanceof VendorError && error.status === 404)) throw error;
      throw new SyncError(`This refund's earlier attempt reached Shopify (${existing}) for ${decimal(refund.amount)}, though `
        + `its answer was lost, but NetSuite's refund has since been deleted: the ${decimal(refund.amount)} given back has `
        + "no NetSuite record; settle it by hand.");
    }
    const now = cents(record.total);
    if (now !== refund.amount) {
      throw new SyncError(`This refund's earlier attempt reached Shopify (${existing}) for ${decimal(refund.amount)}, though `
        + `its answer was lost, but NetSuite's refund is now ${decimal(now)}: the difference of `
        + `${decimal(Math.abs(now - refund.amount))} must be settled by hand; posting again cannot change what went.`);
    }
  }

  /** The Shopify refund this connector made for `mark` that moved money, if any: one whose money the
   * gateway declined refunded nothing, and the refund may be posted again. One that moved only part
   * of its money is an error (movedMoney): it is on Shopify, so it is not posted again, nor taken
   * for all of it. */
  async shopifyRefundWith(orderId, mark) {
    for (const existing of await this.call(() => this.shopify.refunds(orderId))) {
      if ((existing.note ?? "").includes(mark) && !declined(existing)) return movedMoney(existing);
    }
    return null;
  }

  // ------------------------------------------------------------------ actions
  cancel(id) {
    const refund = this.refund(id);
    if (refund.status === "Posted") refund.error_message = "A posted refund cannot be canceled.";
    else refund.status = "Canceled";
    return row(refund);
  }

  uncancel(id) {
    const refund = this.refund(id);
    if (refund.status !== "Canceled") {
      refund.error_message = "Only a canceled refund can be uncanceled.";
    } else {
      refund.status = "Retrieved";
      refund.error_message = "";
    }
    return row(refund);
  }

  /** Delete from FarApp: forget the refund here, so that a later retrieve imports it again. */
  delete(id) {
    this.refund(id);
    this.refunds.delete(id);
  }

  transactions() {
    return [...this.refunds.values()].map(row);
  }

  /** Every order synced or tried, once each with its latest outcome, in the order first synced. */
  syncedOrders() {
    return [...this.orders.values()].map((link) => ({ ...link }));
  }

  // ------------------------------------------------------------------ schedule
  /** Settings > Save: keeps the orders and Other Transactions; turning the scheduled sync on starts
   * its cycle now. @throws {import("./settings.js").SettingsError} */
  async updateSettings(raw) {
    const settings = parseSettings(raw);
    if (settings.scheduled_sync && !this.settings.scheduled_sync) this.lastScheduledRun = await this.clock.now();
    this.settings = settings;
  }

  /** Run the scheduled syncs due at the simulator clock's time: each retrieves what a manual
   * retrieve would, for every order synced, then posts every refund waiting in the list. With refund
   * sync from NetSuite no longer on (switched off), it syncs nothing: a refund retrieved before waits
   * for the user. */
  async runScheduledSync() {
    if (!this.settings.scheduled_sync) return;
    const now = await this.clock.now();
    while (this.lastScheduledRun + SCHEDULE_MS <= now) {
      this.lastScheduledRun += SCHEDULE_MS;
      if (this.settings.refund_direction !== "from_netsuite") continue;
      for (const order of this.orders.values()) {
        if (order.status === ORDER_POSTED || this.synced.has(order.order_id)) await this.retrieveRefunds("netsuite", order.order_id);
      }
      for (const refund of [...this.refunds.values()]) {
        if (refund.status === "Retrieved") await this.post(refund.id);
      }
    }
  }
}

function failure(message) {
  return { success: false, message, transactions: [] };
}

/** A row of Other Transactions as the connector API answers it. */
/** The internal ids of the documents a credit memo applies to (its Apply subtab). */
function appliedTo(memo) {
  return (memo.apply?.items ?? []).map((line) => String(line.doc.id));
}

function row(refund) {
  const { attempted, amount, ...rest } = refund; // eslint-disable-line no-unused-vars
  return { ...rest, amount: decimal(amount) };
}

/** Line-item refunds of the NetSuite lines that are the order's items; the rest (adjustment items,
 * an item not on the order) is money only, in the refund's transaction. A line is matched by SKU
 * and rate: an order may hold one SKU on several lines at different prices, and the refund's line
 * carries the rate its sales order line was created with (storefrontOrder's amount over its units,
 * which NetSuite copies to the bill and the refund). Matched by SKU alone, the refund went to the
 * wrong line. A rate no line has takes the line of the nearest rate.
 *
 * Lines of one SKU at one rate (a mug engraved two ways, told apart by its line properties) are
 * told apart by nothing NetSuite keeps: a refund's units go on them in order, each taking the units
 * it has left (its quantity less the order's refunds' units of it, less what this refund gave it);
 * units beyond them all go on the first, for Shopify to refuse. All on the first, a full refund of
 * two such lines was refused ("cannot refund more items than were purchased"). */
function lineItems(record, order, itemSkus) {
  const included = Boolean(order.taxes_included);
  const refunded = new Map();
  for (const refund of order.refunds ?? []) {
    if (declined(refund)) continue; // its gateway gave nothing back: its units are left
    for (const item of refund.refund_line_items ?? []) {
      refunded.set(item.line_item_id, (refunded.get(item.line_item_id) ?? 0) + item.quantity);
    }
  }
  const bySku = new Map();
  for (const line of order.line_items) {
    if (!line.sku || !line.quantity) continue;
    if (!bySku.has(line.sku)) bySku.set(line.sku, []);
    bySku.get(line.sku).push({ id: line.id, rate: lineAmount(line, included) / line.quantity, // cents per unit
      left: line.quantity - (refunded.get(line.id) ?? 0) });
  }
  const lines = [];
  for (const line of record.item?.items ?? []) {
    const candidates = bySku.get(itemSkus.get(String(line.item?.id)) ?? line.item?.refName ?? "") ?? [];
    const quantity = Math.trunc(Number(line.quantity));
    if (candidates.length === 0 || quantity <= 0) continue;
    const rate = line.rate != null ? Number(line.rate) * 100 : cents(line.amount ?? 0) / quantity;
    const nearest = Math.min(...candidates.map((c) => Math.abs(c.rate - rate)));
    const tied = candidates.filter((c) => Math.abs(c.rate - rate) === nearest);
    let rest = quantity;
    for (const candidate of tied.length > 1 ? tied : []) {
      const count = Math.min(rest, Math.max(candidate.left, 0));
      if (count > 0) {
        lines.push({ line_item_id: candidate.id, quantity: count, restock_type: "no_restock" });
        candidate.left -= count;
        rest -= count;
      }
    }
    if (rest > 0) {
      lines.push({ line_item_id: tied[0].id, quantity: rest, restock_type: "no_restock" });
      tied[0].left -= rest;
    }
  }
  return lines;
}

/** A Shopify line's own money in cents, in the customer's currency: net of its discounts and, when
 * the order's prices include tax, of its tax (what the sales order line is created with). Its
 * discount allocations are every discount on it, its own included: its total_discount is that
 * own discount again (LineItem.totalDiscountSet "doesn't include order-level discounts"). */
function lineAmount(line, included) {
  const tax = sum((line.tax_lines ?? []).map((t) => presented(t.price_set)));
  return presented(line.price_set) * line.quantity
    - sum((line.discount_allocations ?? []).map((a) => presented(a.amount_set))) - (included ? tax : 0);
}

/** Shipping without tax (as NetSuite keeps it), as an order whose prices include tax prices it, at most
 * what the order's refunds have left of its shipping: parts rounded each on its own add up past the
 * whole, and Shopify refuses more than is left. */
function withShippingTax(order, shipping) {
  const lines = order.shipping_lines ?? [];
  const gross = sum(lines.map((s) => presented(s.discounted_price_set)));
  const net = gross - sum(lines.flatMap((s) => (s.tax_lines ?? []).map((t) => presented(t.price_set))));
  if (net <= 0) return shipping;
  // A refund the gateway declined gave nothing back, its shipping included.
  const declined = (r) => {
    const refunds = (r.transactions ?? []).filter((t) => t.kind === "refund");
    return refunds.length > 0 && refunds.every((t) => REFUSED.includes(t.status));
  };
  const refunded = sum((order.refunds ?? []).filter((r) => !declined(r))
    .flatMap((r) => (r.refund_shipping_lines ?? []).map((s) => presented(s.subtotal_amount_set))));
  return Math.min(divideRounded(shipping * gross, net), Math.max(gross - refunded, 0));
}

/** The refund's `total` (cents) on the order's card payments (successful sales and captures not made
 * with a gift card), each up to what it has left, as Shopify's suggested refund spreads it: a refund
 * transaction takes at most what its own payment has left. More than the cards have left goes whole
 * on the first, for Shopify to refuse with what is left, unless a gift card paid the rest: the
 * connector does not refund a gift card, nor the card's part alone (the refund would be short). */
function shares(transactions, total, name) {
  // A refund the gateway holds pending took its money from its payment (on its way); a declined one took none.
  const refunded = (payment) => sum(transactions.filter((t) => t.kind === "refund"
    && (t.status === "success" || t.status === "pending") && t.parent_id === payment.id).map((t) => cents(t.amount)));
  const paid = transactions.filter((t) => (t.kind === "sale" || t.kind === "capture") && t.status === "success")
    .map((t) => [t, cents(t.amount) - refunded(t)]);
  const cards = paid.filter(([t]) => t.gateway !== "gift_card");
  const onCards = sum(cards.map(([, left]) => left));
  const giftCards = sum(paid.filter(([t]) => t.gateway === "gift_card").map(([, left]) => left));
  if (total > onCards && giftCards > 0) {
    throw new SyncError(`${name} has ${decimal(onCards)} left to refund on its card payments and ${decimal(giftCards)} on the `
      + `gift card it was partly paid with; the NetSuite refund gives back ${decimal(total)}, which needs the gift card's `
      + "money, and the connector does not refund a gift card. Nothing was posted: refund the order on Shopify, then "
      + "cancel this refund here.");
  }
  if (cards.length === 0) throw new SyncError(`${name} has no captured payment to refund.`);
  if (total > onCards) return [[cards[0][0], total]]; // refunded there already: Shopify refuses it
  const result = [];
  let rest = total;
  for (const [payment, left] of cards) {
    const share = Math.min(rest, left);
    if (share > 0) {
      result.push([payment, share]);
      rest -= share;
    }
  }
  return result;
}

/** The statuses of a Shopify refund transaction whose money did not move: declined ("failure") or
 * not processed ("error", OrderTransactionStatus ERROR). */
const REFUSED = ["failure", "error"];

/** The source record of a Shopify refund all of whose money went back. The gateway declining every
 * transaction refunded nothing (it may be posted again); declining some (each goes to its own
 * payment's gateway) gave part back: an error, and the refund is not posted again. */
/** Whether the payment gateway refused every refund transaction of a Shopify refund: nothing went
 * back, and it may be posted again. */
function declined(refund) {
  const refunds = (refund.transactions ?? []).filter((t) => t.kind === "refund");
  return refunds.length > 0 && refunds.every((t) => REFUSED.includes(t.status));
}

function movedMoney(created) {
  const refunds = (created.transactions ?? []).filter((t) => t.kind === "refund");
  const failed = refunds.filter((t) => REFUSED.includes(t.status));
  const why = failed.map((t) => `${t.error_code || "declined"}: ${t.message || ""}`.replace(/[: ]+$/, "")).join("; ");
  if (refunds.length && failed.length === refunds.length) {
    throw new SyncError(`Shopify's payment gateway declined the refund (${why}); nothing was refunded. Post it again ` +
      "once the customer's payment can take it.");
  }
  if (failed.length) {
    const asked = sum(refunds.map((t) => cents(t.amount)));
    const gave = asked - sum(failed.map((t) => cents(t.amount)));
    throw new SyncError(`Shopify gave back ${decimal(gave)} of the ${decimal(asked)} of this refund (shopify-refund:${created.id}): `
      + `the payment gateway declined the other ${decimal(asked - gave)} (${why}). It is not posted again: refund the rest `
      + "on Shopify, then cancel this refund here.");
  }
  return `shopify-refund:${created.id}`;
}
