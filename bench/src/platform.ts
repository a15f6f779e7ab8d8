import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Restaurant } from "@ustbites/contracts";
import { openDatabase } from "@ustbites/kit/db";
import { readEnv, startPlatform } from "@ustbites/platform";
import { OPEN_RESTAURANTS, startRealPlatform, type RealStores } from "@ustbites/platform/testing";
import { setOpeningHours } from "@ustbites/restaurant/testing";
import { assertLoopback, client, type BenchPlatform, type Mode } from "./client.ts";

/**
 * Benchmarks chat far faster than a student; the per-student turn limit would cut them off. Services
 * log at the default level, as `npm start` runs them (serve.ts discards the lines), so what logging
 * costs per request is part of every figure.
 */
const BENCH_ENV = { AGENT_TURNS_PER_MINUTE: "100000", LOG_LEVEL: "info" };

/**
 * Embedded PGlite is a single session held by restaurant-service while it runs, so when the dish's
 * restaurant is closed at this hour its opening hours are set between two starts: the first seeds the
 * catalogue, the second (without re-seeding, which would restore the real hours) serves it.
 */
/** A platform in this process, with each service's address (to measure one without the gateway). */
export type ServedPlatform = BenchPlatform & {
  services: Record<string, string>;
  /** Where the platform keeps its state (real mode): drills count effects there. */
  stores: PlatformStores;
};

export interface PlatformStores {
  /** Each service's database URL. */
  databases: Record<string, string>;
  /** The RabbitMQ vhost. */
  vhost: string | null;
}

export interface ServeOptions {
  /** Real mode: reach RabbitMQ through this local port (a proxy the runner controls, to cut the broker). */
  brokerPort?: number | undefined;
  /** Real mode: existing stores (a restart, a replica), which the runner drops; fresh ones otherwise. */
  stores?: RealStores | undefined;
}

async function startEmbedded(extra: Record<string, string>): Promise<ServedPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), "ustbites-bench-"));
  const env: Record<string, string> = {
    HOST: "127.0.0.1",
    PLATFORM_PORTS: "ephemeral",
    DATA_DIR: dataDir,
    ...BENCH_ENV,
    ...extra,
  };
  const started = performance.now();
  let platform: Awaited<ReturnType<typeof startPlatform>> | undefined;
  try {
    platform = await startPlatform(readEnv(env), env);
    const spiceRoute = await client(assertLoopback(platform.gatewayUrl)).api<unknown>(
      "/api/restaurant/restaurants/spice-route",
    );
    if (!Restaurant.parse(spiceRoute.body).isOpen) {
      await platform.close();
      platform = undefined;
      const restaurantDb = await openDatabase({
        service: "bench",
        dataDir: join(dataDir, "restaurant"),
        migrationsDir: join(dataDir, "unused"),
        migrate: false,
        extensions: ["pg_trgm"],
        log: { info: () => {}, warn: () => {} },
      });
      try {
        await setOpeningHours(restaurantDb.url, { always: OPEN_RESTAURANTS });
      } finally {
        await restaurantDb.close();
      }
      const serving = { ...env, SEED_ON_START: "false" };
      platform = await startPlatform(readEnv(serving), serving);
    }
    const gateway = assertLoopback(platform.gatewayUrl);
    const running = platform;
    return {
      mode: "embedded",
      gateway,
      services: running.services,
      stores: { databases: {}, vhost: null },
      startupMs: performance.now() - started,
      ...client(gateway),
      async close() {
        await running.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await platform?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function startReal(extra: Record<string, string>, opts: ServeOptions): Promise<ServedPlatform> {
  const started = performance.now();
  const viaProxy = (url: string) => {
    const u = new URL(url);
    u.port = String(opts.brokerPort);
    return u.toString();
  };
  const platform = await startRealPlatform(
    { ...BENCH_ENV, ...extra },
    { ...(opts.brokerPort ? { rabbitUrl: viaProxy } : {}), ...(opts.stores ? { stores: opts.stores } : {}) },
  );
  const gateway = assertLoopback(platform.gateway);
  return {
    mode: "real",
    gateway,
    services: platform.services,
    stores: { databases: platform.databases, vhost: platform.vhost },
    startupMs: performance.now() - started,
    ...client(gateway),
    close: () => platform.close(),
  };
}

/** The whole platform in this process. */
export function startBenchPlatform(
  mode: Mode,
  extra: Record<string, string> = {},
  opts: ServeOptions = {},
): Promise<ServedPlatform> {
  return mode === "embedded" ? startEmbedded(extra) : startReal(extra, opts);
}
