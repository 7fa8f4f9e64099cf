// Allure 3 configuration for `make certify` (npx allure generate).
import { readFileSync } from "node:fs";
import { defineConfig } from "allure";

// The same categories the harness writes beside the raw results (harness/evidence.py): Allure 3
// files failures by the categories of its configuration, not by the results' categories.json.
const categories = JSON.parse(readFileSync(new URL("./harness/categories.json", import.meta.url), "utf8"));

export default defineConfig({
  name: "NetSuite Connector refund sync certification",
  output: "reports/allure-report",
  // Kept between runs of `make certify`, so the report shows trends.
  historyPath: "reports/history.jsonl",
  categories,
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
