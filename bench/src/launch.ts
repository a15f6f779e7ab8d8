import { fileURLToPath } from "node:url";
import { z } from "zod";
import { spawnChild, type Child } from "./child.ts";
import { assertLoopback, client, type BenchPlatform, type Mode } from "./client.ts";
import type { StatementCounts } from "@ustbites/kit/db";
import type { PlatformStores } from "./platform.ts";
import type { RealStores } from "@ustbites/platform/testing";

const SERVE = fileURLToPath(new URL("./serve.ts", import.meta.url));
const Ready = z.object({ gateway: z.string(), services: z.record(z.string(), z.string()), startupMs: z.number() });
const Stores = z.object({ databases: z.record(z.string(), z.string()), vhost: z.string().nullable() });
const Counts = z.record(z.string(), z.object({ statements: z.number(), transactions: z.number() }));

export interface LaunchedPlatform extends BenchPlatform {
  /** Each service's address, for measuring a service without the gateway in front. */
  services: Record<string, string>;
  /** Statements and transactions each service's pool has sent so far. */
  statementCounts(): Promise<Record<string, StatementCounts>>;
  /** Its databases and RabbitMQ vhost (real mode only). */
  stores(): Promise<PlatformStores>;
  memory: Child["memory"];
  /** The platform process's id (its CPU time is in /proc). */
  pid: number;
  /** SIGKILL of the platform process (the drills' crash); close() afterwards is a no-op. */
  kill: Child["kill"];
}

/**
 * Starts the platform in a child process (serve.ts), as a deployment runs it apart from its clients:
 * on this 2-core machine the platform then has one core and the load generator the other. With
 * `cpuProfileDir`, the platform runs under `node --cpu-prof` and leaves its profile there.
 */
export async function launchPlatform(
  mode: Mode,
  extra: Record<string, string>,
  opts: {
    cpuProfileDir?: string | undefined;
    brokerPort?: number | undefined;
    /** Real mode: run on these stores (a restart, a replica) and leave them to the caller. */
    stores?: RealStores | undefined;
  } = {},
): Promise<LaunchedPlatform> {
  // The profile is written when the process exits, i.e. after close().
  const flags = opts.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  const child = await spawnChild(
    SERVE,
    [mode, JSON.stringify(extra), JSON.stringify({ brokerPort: opts.brokerPort, stores: opts.stores })],
    `the ${mode} platform`,
    flags,
  );
  try {
    const ready = Ready.parse(child.ready);
    const gateway = assertLoopback(ready.gateway);
    for (const url of Object.values(ready.services)) assertLoopback(url);
    return {
      mode,
      gateway,
      services: ready.services,
      startupMs: ready.startupMs,
      ...client(gateway),
      statementCounts: async () => Counts.parse(await child.ask("statements")),
      stores: async () => Stores.parse(await child.ask("stores")),
      memory: () => child.memory(),
      pid: child.pid,
      kill: () => child.kill(),
      close: () => child.stop(),
    };
  } catch (err) {
    await child.stop();
    throw err;
  }
}
