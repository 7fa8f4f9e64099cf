// What every vendor call shares: one request with a timeout, the vendor's error read in whatever
// shape it answers, and no answer told apart from an answer.

/** How long a vendor call may take (seconds), as the reference connector's clients wait. */
export const TIMEOUT_SECONDS = 10;

/** A vendor answered with an error status. `message` is the human message of its error body. */
export class VendorError extends Error {
  constructor(service, status, headers, body) {
    super(`${service} answered ${status}: ${errorMessage(body)}`);
    this.service = service;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.vendorMessage = errorMessage(body);
  }
}

/** No answer: the connection failed or closed, or the vendor did not answer in time. */
export class NoAnswer extends Error {
  constructor(kind, detail) {
    super(`no answer from the server (${kind})${detail ? `: ${detail}` : ""}`);
    this.kind = kind;
  }
}

/** The human message of a vendor's error body: NetSuite's o:errorDetails, Shopify's errors (text,
 * list or field map), eBay's errors; the body as text when it is none of these. */
export function errorMessage(body) {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const filled = (value) => value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && !value.length);
    const errors = filled(body["o:errorDetails"]) ? body["o:errorDetails"] : body.errors;
    if (errors && typeof errors === "object" && !Array.isArray(errors)) {
      return Object.entries(errors).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map(String).join(" ") : v}`).join("; ");
    }
    if (Array.isArray(errors) && errors.length) {
      return errors.map((e) => (e && typeof e === "object" ? String(e.detail || e.message || JSON.stringify(e)) : String(e))).join("; ");
    }
    if (errors) return String(errors);
  }
  return typeof body === "string" ? body : JSON.stringify(body);
}

/**
 * One HTTP request; the answer as {status, headers, body} (body parsed when it is JSON).
 * @throws {NoAnswer} the connection failed, was dropped, or no answer came within TIMEOUT_SECONDS
 */
export async function request(method, url, { headers = {}, json } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers }, signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000) };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["Content-Type"] = "application/json";
  }
  let response;
  let text;
  try {
    response = await fetch(url, init);
    text = await response.text();
  } catch (error) {
    if (error?.name === "TimeoutError" || error?.name === "AbortError") throw new NoAnswer("ReadTimeout");
    throw new NoAnswer("ConnectionError", error?.cause?.code ?? error?.cause?.message ?? error?.message);
  }
  let body = text;
  if (text && (response.headers.get("content-type") ?? "").includes("json")) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, headers: response.headers, body };
}

/** The answer of `request`, or a VendorError for a status of 400 or more. */
export async function checked(service, method, url, options) {
  const answer = await request(method, url, options);
  if (answer.status >= 400) throw new VendorError(service, answer.status, answer.headers, answer.body);
  return answer;
}
