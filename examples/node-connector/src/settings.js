// The connector account's settings (Settings > Other Transactions > Refund): their defaults, and the
// checks that refuse a setting this connector cannot save. The harness sends the whole set, or part
// of it (what is left out takes its default); refundsim's OpenAPI document lists them.

const DEFAULTS = Object.freeze({
  storefront: "shopify",
  refund_direction: "from_netsuite",
  allow_both_directions: false,
  only_cash_refund_against_matching_record: false,
  only_return_authorization_against_matching_record: false,
  positive_adjustment_item: null,
  negative_adjustment_item: null,
  scheduled_sync: false,
  currency_ids: { USD: "1", GBP: "2", CAD: "3", EUR: "4", AUD: "5" },
  max_attempts: 4,
});
const DIRECTIONS = ["off", "to_netsuite", "from_netsuite", "both"];

/** Settings this connector refuses to save; `field` names the setting. */
export class SettingsError extends Error {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.field = field;
    this.reason = message;
  }
}

const digits = (value) => (typeof value === "string" || Number.isInteger(value)) && /^\d+$/.test(String(value));

const EXAMPLE = 'such as {"USD": "1"}';

/**
 * currency_ids as saved: at least one ISO currency code (three capitals, as an order's currency is
 * written) to the digits of a NetSuite currency internal id, as text or a whole number (refundsim's
 * OpenAPI Settings.currency_ids: minProperties 1, propertyNames ^[A-Z]{3}$). A code in small
 * letters, or none at all, matches no order's currency: every order would fail to sync. Each code
 * maps to a NetSuite currency of its own: a NetSuite refund's currency is read by its internal id
 * (storefrontCurrency in connector.js), so an id two codes share could not say which of them a
 * refund is in, and both codes' orders would be booked in the one currency. Ids are compared as
 * numbers ("1", 1 and "01" are one internal id).
 * @throws {SettingsError} anything else, naming the entry (and, for a shared id, both codes).
 */
function currencyIds(ids) {
  if (ids === null || typeof ids !== "object" || Array.isArray(ids)) {
    throw new SettingsError("currency_ids", `must map ISO currency codes to NetSuite currency internal ids, ${EXAMPLE}`);
  }
  const entries = Object.entries(ids);
  if (entries.length === 0) {
    throw new SettingsError("currency_ids", "must map at least one ISO currency code to its NetSuite currency " +
      `internal id, ${EXAMPLE} (with none, no order syncs)`);
  }
  const codeOf = new Map(); // NetSuite currency internal id -> the first code mapped to it
  for (const [code, id] of entries) {
    if (!/^[A-Z]{3}$/.test(code)) {
      throw new SettingsError("currency_ids", `${JSON.stringify(code)} is not an ISO currency code: write three ` +
        "capital letters, such as USD");
    }
    if (!digits(id)) {
      throw new SettingsError("currency_ids", `${code}: ${JSON.stringify(id)} is not a NetSuite currency internal id: ` +
        'write its digits, such as "1"');
    }
    const number = BigInt(String(id)).toString();
    if (codeOf.has(number)) {
      throw new SettingsError("currency_ids", `${codeOf.get(number)} and ${code} both map to NetSuite currency ` +
        `${number}: map each ISO currency code to a NetSuite currency of its own (a refund in currency ${number} ` +
        "cannot say which of them it is in, and orders in both would be booked in one currency)");
    }
    codeOf.set(number, code);
  }
  // Saved as NetSuite writes an internal id ("1", never "01"): a refund's currency id is matched to it as text.
  return Object.fromEntries(entries.map(([code, id]) => [code, BigInt(String(id)).toString()]));
}

/**
 * The settings to work with, defaults filled in.
 * @throws {SettingsError} an unknown setting, a value of the wrong type or outside its choices, or
 *   what this example does not do: a storefront other than Shopify, refunds synced to NetSuite.
 */
export function parseSettings(raw) {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new SettingsError("settings", "must be an object");
  for (const name of Object.keys(raw)) {
    if (!(name in DEFAULTS)) {
      throw new SettingsError(name, `unknown setting; known settings are ${Object.keys(DEFAULTS).sort().join(", ")}`);
    }
  }
  const settings = { ...DEFAULTS, ...raw };
  for (const name of ["allow_both_directions", "only_cash_refund_against_matching_record",
    "only_return_authorization_against_matching_record", "scheduled_sync"]) {
    if (typeof settings[name] !== "boolean") throw new SettingsError(name, "must be true or false");
  }
  for (const name of ["positive_adjustment_item", "negative_adjustment_item"]) {
    if (settings[name] !== null && !digits(settings[name])) {
      throw new SettingsError(name, "must be the internal id of an Other Charge for Sale item (digits)");
    }
    settings[name] = settings[name] === null ? null : String(settings[name]);
  }
  settings.currency_ids = currencyIds(settings.currency_ids);
  if (!Number.isInteger(settings.max_attempts) || settings.max_attempts < 1 || settings.max_attempts > 10) {
    throw new SettingsError("max_attempts", "must be a whole number from 1 to 10");
  }
  if (!DIRECTIONS.includes(settings.refund_direction)) {
    throw new SettingsError("refund_direction", `must be one of ${DIRECTIONS.join(", ")}`);
  }
  if (settings.refund_direction === "both" && !settings.allow_both_directions) {
    throw new SettingsError("refund_direction", "both directions cannot be enabled: it leads to inconsistent data " +
      "(a refund synced one way comes back the other way)");
  }
  // What this example does not do, said as a refusal rather than done wrong.
  if (settings.storefront !== "shopify") {
    throw new SettingsError("storefront", `this connector syncs Shopify only, not ${JSON.stringify(settings.storefront)}`);
  }
  if (settings.refund_direction === "to_netsuite" || settings.refund_direction === "both") {
    throw new SettingsError("refund_direction", "this connector syncs refunds from NetSuite to Shopify only");
  }
  return settings;
}
