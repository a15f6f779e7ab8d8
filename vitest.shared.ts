import { defineConfig } from "vitest/config";

/**
 * The one vitest config every backend package uses. `npm test` runs every package's suite at once on a
 * 2-core machine, so timeouts are sized for that load, not for one suite alone.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll is how a test waits for something asynchronous (an event, a row, a mail): it retries
    // every 50 ms until the assertion holds, for as long as a loaded machine may need.
    expect: { poll: { timeout: 30_000, interval: 50 } },
  },
});
