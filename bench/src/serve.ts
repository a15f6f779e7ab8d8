import { databaseStatementCounts } from "@ustbites/kit/db";
import { serveCommands } from "./child.ts";
import type { Mode } from "./client.ts";
import { startBenchPlatform, type ServeOptions } from "./platform.ts";

/**
 * Runs the platform in a process of its own for the benchmark runner (launch.ts), so the load the
 * runner generates never competes with the platform for the same event loop. Announces
 * `{gateway, services, startupMs}` once up; answers `statements` with every service's statement and
 * transaction counts and `stores` with its databases and vhost (real mode); shuts down when its stdin closes (the runner ended or died).
 */
const [mode, extraJson, optsJson] = process.argv.slice(2);
if (mode !== "embedded" && mode !== "real")
  throw new Error(`usage: serve.ts <embedded|real> [env JSON] [options JSON], got ${mode}`);
const extra = JSON.parse(extraJson ?? "{}") as Record<string, string>;

const platform = await startBenchPlatform(mode satisfies Mode, extra, JSON.parse(optsJson ?? "{}") as ServeOptions);
let closing: Promise<void> | undefined;
serveCommands(
  { gateway: platform.gateway, services: platform.services, startupMs: platform.startupMs },
  (command) => {
    if (command === "statements") return databaseStatementCounts();
    if (command === "stores") return platform.stores;
    throw new Error(`unknown command "${command}"`);
  },
  () => {
    closing ??= platform.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("bench platform: close failed", err);
        process.exit(1);
      },
    );
  },
);
