import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startPlatformProcess } from "../../services/platform/test/helpers.ts";

declare module "vitest" {
  interface ProvidedContext {
    baseUrl: string;
  }
}

const CHAT_UI = fileURLToPath(new URL("..", import.meta.url));
const VITE = join(dirname(createRequire(import.meta.url).resolve("vite/package.json")), "bin/vite.js");

/**
 * Builds the production bundle, then starts the platform as `npm start` does (a separate Node
 * process, embedded defaults, the gateway serving chat-ui/dist) with a fresh data folder and a fast
 * delivery clock, so a delivery completes in seconds.
 */
export default async function setup(project: TestProject) {
  // A separate process, as `npm run build` runs it: inside vitest NODE_ENV is "test", which would
  // bundle React's development build.
  const env = { ...process.env, NODE_ENV: "production" };
  execFileSync(process.execPath, [VITE, "build", "--logLevel", "warn"], { cwd: CHAT_UI, env, stdio: "inherit" });
  const dataDir = await mkdtemp(join(tmpdir(), "ustbites-e2e-"));
  // Wednesday lunchtime on campus, whatever the hour the tests run at: the flows order real food. The
  // simulated kitchens accept after a second and cook on the delivery's clock.
  const platform = await startPlatformProcess({
    DATA_DIR: dataDir,
    DELIVERY_CLOCK_SPEED: "240",
    KITCHEN_CLOCK_SPEED: "240",
    KITCHEN_AUTO_ACCEPT_MS: "1000",
    CAMPUS_CLOCK: "2026-11-25T13:00:00+08:00",
  });
  project.provide("baseUrl", platform.gatewayUrl);
  return async () => {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
