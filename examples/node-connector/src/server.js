// The connector API (refundsim's simulators/connector/openapi.yaml) over node:http:
//
//   node src/server.js [--host 127.0.0.1] [--port 9000]
//
// prints its base URL (`http://127.0.0.1:9000/connector/v1`, what `refundsim certify
// --connector-url` takes) on its first line, and stops on Ctrl-C or SIGTERM.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Account, UnknownTransaction } from "./connector.js";
import { SettingsError } from "./settings.js";

const BASE = "/connector/v1";
/** Longest request body read (an account's set-up is a few kilobytes). */
const MAX_BODY = 1 << 20;

class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

const accounts = new Map();

function account(id) {
  const found = accounts.get(id);
  if (found === undefined) throw new ApiError(404, "no_account", `No connector account ${id}: PUT its set-up first.`);
  return found;
}

/** The body's fields, checked: a JSON object naming only `allowed` fields, each of the type given. */
function fields(body, allowed) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ApiError(400, "invalid_request", "The body must be a JSON object.");
  for (const name of Object.keys(body)) {
    if (!(name in allowed)) throw new ApiError(400, "invalid_request", `Unknown field ${name}.`, name);
  }
  for (const [name, type] of Object.entries(allowed)) {
    const value = body[name];
    const ok = type === "object" ? value !== null && typeof value === "object" && !Array.isArray(value) : typeof value === type;
    if (!ok) throw new ApiError(400, "invalid_request", `${name} must be ${type === "object" ? "an object" : `a ${type}`}.`, name);
  }
  return body;
}

/** Each operation of the connector API: [method, path pattern, handler(params, body) → [status, answer]]. */
const ROUTES = [
  ["PUT", /^\/accounts\/([^/]+)$/, async ([id], body) => {
    const setup = fields(body, { settings: "object", simulators: "object", credentials: "object" });
    const created = new Account(id, setup); // refuses settings it cannot save, before anything changes
    await created.start();
    accounts.set(id, created);
    return [200, created.view()];
  }],
  ["DELETE", /^\/accounts\/([^/]+)$/, async ([id]) => {
    account(id);
    accounts.delete(id);
    return [204];
  }],
  ["PUT", /^\/accounts\/([^/]+)\/settings$/, async ([id], body) => {
    const { settings } = fields(body, { settings: "object" });
    const found = account(id);
    await found.exclusive(() => found.updateSettings(settings));
    return [200, found.view()];
  }],
  ["POST", /^\/accounts\/([^/]+)\/sync-order$/, async ([id], body) => {
    const { order_id: orderId } = fields(body, { order_id: "string" });
    const found = account(id);
    return [200, await found.exclusive(() => found.syncOrder(orderId))];
  }],
  ["POST", /^\/accounts\/([^/]+)\/retrieve$/, async ([id], body) => {
    const { source_channel: channel, order_id: orderId } = fields(body, { source_channel: "string", order_id: "string" });
    const found = account(id);
    return [200, await found.exclusive(() => found.retrieveRefunds(channel, orderId))];
  }],
  ["GET", /^\/accounts\/([^/]+)\/orders$/, async ([id]) => [200, { orders: account(id).syncedOrders() }]],
  ["GET", /^\/accounts\/([^/]+)\/transactions$/, async ([id]) => [200, { transactions: account(id).transactions() }]],
  ["POST", /^\/accounts\/([^/]+)\/transactions\/([^/]+)\/(post|cancel|uncancel)$/, async ([id, transaction, action]) => {
    const found = account(id);
    return [200, await found.exclusive(() => found[action](transaction))];
  }],
  ["DELETE", /^\/accounts\/([^/]+)\/transactions\/([^/]+)$/, async ([id, transaction]) => {
    const found = account(id);
    await found.exclusive(() => found.delete(transaction));
    return [204];
  }],
  ["POST", /^\/accounts\/([^/]+)\/scheduled-sync$/, async ([id]) => {
    const found = account(id);
    await found.exclusive(() => found.runScheduledSync());
    return [204];
  }],
];

async function readJson(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError(413, "invalid_request", "The body is too large.");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "invalid_request", `The body is not JSON: ${error.message}`);
  }
}

async function handle(request) {
  const path = new URL(request.url, "http://connector").pathname;
  if (!path.startsWith(`${BASE}/`)) throw new ApiError(404, "not_found", `No such path ${path}.`);
  const relative = path.slice(BASE.length);
  const matching = ROUTES.filter(([, pattern]) => pattern.test(relative));
  const route = matching.find(([method]) => method === request.method);
  if (route === undefined) {
    throw matching.length ? new ApiError(405, "method_not_allowed", `${request.method} is not allowed on ${path}.`)
      : new ApiError(404, "not_found", `No such path ${path}.`);
  }
  const params = route[1].exec(relative).slice(1).map(decodeURIComponent);
  const body = request.method === "GET" || request.method === "DELETE" ? {} : await readJson(request);
  try {
    return await route[2](params, body);
  } catch (error) {
    if (error instanceof SettingsError) throw new ApiError(400, "invalid_setting", error.reason, error.field);
    if (error instanceof UnknownTransaction) throw new ApiError(404, "unknown_transaction", error.message);
    throw error;
  }
}

const server = createServer(async (request, response) => {
  let status;
  let answer;
  try {
    [status, answer] = await handle(request);
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(error); // a bug: the harness will quote the 500
    status = error instanceof ApiError ? error.status : 500;
    answer = { error: { code: error instanceof ApiError ? error.code : "internal_error", message: String(error.message) } };
    if (error.field) answer.error.field = error.field;
  }
  if (answer === undefined) {
    response.writeHead(status).end();
  } else {
    const text = JSON.stringify(answer);
    response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
  }
});

const { values } = parseArgs({ options: { host: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "9000" } } });
server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address();
  const host = address.includes(":") ? `[${address}]` : address;
  console.log(`Connector serving on http://${host}:${port}${BASE}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());
}
