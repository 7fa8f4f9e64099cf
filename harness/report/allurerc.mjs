// Allure 3 configuration of the certification report (python -m harness.certify renders it; so does
// `make report`). The report's face carries the verdict: its name, its variables (verdict, connector,
// profile, selection) and, for NOT CERTIFIED, each reason as a global error (written by the harness).
import { existsSync, readFileSync } from "node:fs";
import { defineConfig } from "allure";

// The same categories the harness writes beside the raw results (harness/expectations.py): Allure 3
// files failures by the categories of its configuration, not by the results' categories.json.
const categories = JSON.parse(readFileSync(new URL("../categories.json", import.meta.url), "utf8"));

const certificationPath = process.env.REFUNDSIM_CERTIFICATION || "reports/certification.json";

// The verdict as the gate reads it (harness/gate.py), or null: a file that is not JSON (a run killed
// while it wrote) or not a verdict's shape must not stop Allure (an exception here renders nothing);
// the report is rendered, its face saying there is no verdict.
function readCertification(path) {
  let document;
  try {
    document = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) return null;
  if (!["CERTIFIED", "NOT CERTIFIED"].includes(document.verdict)) return null;
  const reasons = Array.isArray(document.reasons) ? document.reasons.filter((r) => typeof r === "string") : [];
  const profile = document.profile && typeof document.profile === "object" ? document.profile : null;
  return { ...document, reasons, profile };
}

const certification = existsSync(certificationPath) ? readCertification(certificationPath) : null;
const profile = certification?.profile ?? null;
const slug = (text) => String(text).replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");

const variables = certification
  ? {
      Verdict: certification.verdict,
      Reasons: certification.reasons.length
        ? `${certification.reasons.length}: ${certification.reasons[0]}`.slice(0, 300)
        : "none",
      Connector: String(certification.connector || "not named"),
      Profile: profile ? `${profile.name} (${profile.path})` : "none: every scenario",
      Selection: Array.isArray(certification.selection) ? certification.selection.join("; ") : "",
      Transport: String(certification.transport ?? ""),
      Seed: String(certification.seed ?? ""),
    }
  : {};

export default defineConfig({
  name: certification
    ? `Refund sync certification: ${certification.verdict}${profile ? ` — ${profile.name}` : ""}`
    : "Refund sync certification: no verdict",
  output: process.env.REFUNDSIM_REPORT || "reports/allure-report",
  // Trends are kept per connector and profile: another connector's failures are not this one's regressions.
  historyPath: `${process.env.REFUNDSIM_HISTORY_DIR || "reports/history"}/${slug(certification?.connector ?? "none")}--${slug(
    profile?.path ?? "all-scenarios",
  )}.jsonl`,
  categories,
  variables,
  plugins: {
    awesome: {
      options: {
        // One self-contained index.html that opens from a file and can be attached to a ticket.
        singleFile: true,
        reportLanguage: "en",
        groupBy: ["epic", "story"],
      },
    },
  },
});
