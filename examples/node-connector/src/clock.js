// The tenant's simulator clock (the control plane's /_sim/tenants/<tenant>/clock): the connector
// schedules and backs off on it, so a scenario never waits for real.
import { checked } from "./vendors.js";

export class SimulatorClock {
  /** @param {string} url the clock's URL; @param {string|null} adminToken the simulators' admin token, if any */
  constructor(url, adminToken) {
    this.url = url;
    this.headers = adminToken ? { Authorization: `Bearer ${adminToken}` } : {};
  }

  /** The simulator's time now, in milliseconds since the epoch. */
  async now() {
    const { body } = await checked("The simulator clock", "GET", this.url, { headers: this.headers });
    return Date.parse(body.now);
  }

  /** Wait `seconds` of simulator time: the clock moves at once. */
  async sleep(seconds) {
    await checked("The simulator clock", "POST", this.url, { headers: this.headers, json: { advance_seconds: seconds } });
  }
}
