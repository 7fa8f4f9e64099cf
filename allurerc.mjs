// Allure 3 configuration for `make certify` (npx allure generate).
import { defineConfig } from "allure";

export default defineConfig({
  name: "NetSuite Connector refund sync certification",
  output: "reports/allure-report",
  // Kept between runs of `make certify`, so the report shows trends.
  historyPath: "reports/history.jsonl",
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
