import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

/**
 * Two projects in one `npm test`: `unit` (jsdom: the runtime adapter, the API client, components) and
 * `e2e` (real Chromium against the platform started as `npm start` starts it, after a production build).
 */
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "jsdom",
          include: ["test/**/*.test.{ts,tsx}"],
          setupFiles: ["test/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          environment: "node",
          include: ["e2e/**/*.test.ts"],
          globalSetup: ["e2e/global-setup.ts"],
          // One platform and one browser at a time: the machine has two cores.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
