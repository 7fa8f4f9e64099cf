// NetSuite SuiteTalk REST (record API), as an integration calls it with Token-Based Authentication.
//
// Writes go asynchronously (`Prefer: respond-async`) with an `X-NetSuite-Idempotency-Key`: NetSuite
// honours the key on asynchronous requests only. A retry with the same key after a lost answer is
// refused with IDEMPOTENCY_ERROR naming the first request's job, whose result is then read: the
// write happens once. Jobs are polled on the simulator clock (one second before each look).
import { createHash } from "node:crypto";
import { authorization, percentEncode } from "./oauth1.js";
import { NoAnswer, VendorError, checked, request } from "./vendors.js";

const JOB_POLLS = 30;

/** A UUID (RFC 4122 version 5, as NetSuite asks of idempotency keys) derived from `name`. */
export function uuid5(name) {
  const namespace = Buffer.from("6ba7b8119dad11d180b400c04fd430c8", "hex"); // the URL namespace
  const hash = createHash("sha1").update(Buffer.concat([namespace, Buffer.from(name, "utf8")])).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class NetSuite {
  /**
   * @param {string} baseUrl the simulators' base URL
   * @param {object} credentials account_id, consumer_key, consumer_secret, token_id, token_secret
   * @param {(seconds: number) => Promise<void>} sleep waits on the simulator clock
   */
  constructor(baseUrl, credentials, sleep) {
    this.root = `${baseUrl.replace(/\/+$/, "")}/services/rest/record/v1`;
    this.credentials = credentials;
    this.sleep = sleep;
  }

  async call(method, url, options = {}) {
    const headers = { ...(options.headers ?? {}), Authorization: authorization(method, url, this.credentials) };
    return { ...options, headers };
  }

  async send(method, url, options = {}) {
    return request(method, url, await this.call(method, url, options));
  }

  async checked(method, url, options = {}) {
    return checked("NetSuite", method, url, await this.call(method, url, options));
  }

  /** A record by internal id or `eid:<externalId>`, its sublists expanded. */
  async get(recordType, key) {
    const path = percentEncode(String(key)).replace(/%3A/g, ":");
    return (await this.checked("GET", `${this.root}/${recordType}/${path}?expandSubResources=true`)).body;
  }

  /** Ids of every `recordType` matching the `q` filter (all pages). */
  async query(recordType, q) {
    const ids = [];
    for (let offset = 0; ; offset += 1000) {
      const query = `limit=1000&offset=${offset}${q ? `&q=${percentEncode(q)}` : ""}`;
      const page = (await this.checked("GET", `${this.root}/${recordType}?${query}`)).body;
      ids.push(...page.items.map((item) => item.id));
      if (!page.hasMore) return ids;
    }
  }

  /** Create a record; its internal id. */
  async create(recordType, body, idempotencyKey) {
    return lastSegment(await this.write("POST", `${this.root}/${recordType}`, body, idempotencyKey));
  }

  /** Update the fields `body` names (a sublist's lines are added to it, or update the line they name). */
  async patch(recordType, key, body) {
    await this.checked("PATCH", `${this.root}/${recordType}/${key}`, { json: body });
  }

  /** `!transform` a record into another (a cash sale into a cash refund...); the new record's id. */
  async transform(recordType, key, targetType, body, idempotencyKey) {
    return lastSegment(await this.write("POST", `${this.root}/${recordType}/${key}/!transform/${targetType}`, body, idempotencyKey));
  }

  /** An asynchronous write, waited for: the `Location` its request would have answered. */
  async write(method, url, body, idempotencyKey) {
    const headers = { Prefer: "respond-async", "X-NetSuite-Idempotency-Key": idempotencyKey };
    const answer = await this.send(method, url, { headers, json: body });
    if (answer.status >= 400 && errorCode(answer.body) === "IDEMPOTENCY_ERROR") {
      return this.jobResult(answer.headers.get("location")); // an earlier attempt was submitted: its outcome
    }
    if (answer.status >= 400) throw new VendorError("NetSuite", answer.status, answer.headers, answer.body);
    return this.jobResult(answer.headers.get("location"));
  }

  /** The `Location` of a completed job's request; @throws {VendorError} its request was refused. */
  async jobResult(jobUrl) {
    let completed = false;
    for (let look = 0; look < JOB_POLLS && !completed; look += 1) {
      await this.sleep(1); // a job is queued, not run at once: give it a second before each look
      completed = (await this.checked("GET", jobUrl)).body.completed;
    }
    if (!completed) throw new NoAnswer("ReadTimeout", `NetSuite job ${jobUrl} did not complete`);
    const task = (await this.checked("GET", `${jobUrl}/task`)).body.items[0].links[0].href;
    const result = await this.checked("GET", `${task}/result`);
    return result.headers.get("location");
  }
}

function lastSegment(location) {
  return location.slice(location.lastIndexOf("/") + 1);
}

function errorCode(body) {
  return body?.["o:errorDetails"]?.[0]?.["o:errorCode"];
}
