import { defineConfig } from "vitest/config";

// The suite files (suite, paraphrase, wire) each boot a whole platform in their worker and run every
// scenario: minutes, not seconds. One platform process uses about one core, so the three run side by
// side (vitest's default on two cores is one file at a time).
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 240_000, maxWorkers: 3 },
});
