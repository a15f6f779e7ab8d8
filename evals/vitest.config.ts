import { defineConfig } from "vitest/config";

// The suite files (suite, paraphrase, wire) each boot a whole platform in their worker and run every
// scenario: minutes, not seconds. One platform process uses about one core, so two run side by side
// (vitest's default on two cores is one file at a time). Three at once, at a load average of 20 (2026-12-08),
// failed 114 of the 186 paraphrase scenarios, which pass when the suites run one after another.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 240_000, maxWorkers: 2 },
});
