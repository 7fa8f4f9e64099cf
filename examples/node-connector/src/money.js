// Money as whole cents (safe integers), never as floating point: vendors write amounts as decimal
// text ("12.94") or JSON numbers (41.94), and a refund must reach the storefront to the cent.

/** Whole cents of a decimal amount (text or number), rounded half to even as Python's Decimal
 * quantize does (the reference connector's rounding). */
export function cents(value) {
  let text = typeof value === "number" ? String(value) : String(value ?? "0").trim();
  if (/e/i.test(text)) text = Number(text).toFixed(12);
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) throw new Error(`not an amount: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ""] = match;
  const kept = Number(whole || "0") * 100 + Number((fraction + "00").slice(0, 2));
  const rest = fraction.slice(2);
  let rounded = kept;
  if (/[1-9]/.test(rest)) {
    const half = rest[0] === "5" && !/[1-9]/.test(rest.slice(1));
    if (rest[0] > "5" || (rest[0] === "5" && !half) || (half && kept % 2 === 1)) rounded += 1;
  }
  return sign === "-" ? -rounded : rounded;
}

/** "12.94" from 1294 cents. */
export function decimal(amount) {
  const sign = amount < 0 ? "-" : "";
  const absolute = Math.abs(amount);
  return `${sign}${Math.trunc(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}

/** The number NetSuite's JSON takes for an amount of cents. */
export function number(amount) {
  return amount / 100;
}

/** numerator / denominator (positive integers) rounded half up, as NetSuite and Shopify round tax. */
export function divideRounded(numerator, denominator) {
  const quotient = Math.floor(numerator / denominator);
  const twice = 2 * (numerator - quotient * denominator);
  return twice >= denominator ? quotient + 1 : quotient;
}

/** The customer's money of a Shopify money bag (its presentment_money), in cents. */
export function presented(bag) {
  return cents(bag?.presentment_money?.amount ?? 0);
}

export function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}
