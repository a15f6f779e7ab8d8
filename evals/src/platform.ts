import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "@ustbites/kit";
import { dropDatabase, openDatabase, withDatabase } from "@ustbites/kit/db";
import { createTestVhost } from "@ustbites/kit/testing";
import { readEnv, SERVICES, startPlatform } from "@ustbites/platform";
import { readEnv as readRestaurantEnv, startRestaurantService } from "@ustbites/restaurant";
import { prepareCatalogue } from "./catalogue.ts";

export interface EvalPlatformOptions {
  /** Real PostgreSQL, Redis and RabbitMQ (fresh databases and vhost, dropped on close) instead of embedded. */
  real: boolean;
  /** Model configuration passed to the agent (AGENT_MODEL, OPENAI_*, OLLAMA_*, MODEL_*, AGENT_*). */
  modelEnv: Record<string, string>;
  /** Simulated delivery seconds per real second. */
  deliveryClockSpeed: number;
  logLevel: string;
  /** For --real: the admin URL databases are created on, Redis, the broker. */
  servers: { postgres: string; redis: string; rabbitmq: string };
}

export interface EvalPlatform {
  gatewayUrl: string;
  /** Each service's own address (the harness uses only the agent's, for its /metrics). */
  services: Record<string, string>;
  mode: "embedded" | "real";
  /** Minutes the opening hours were shifted by (catalogue.ts). */
  clockShiftMinutes: number;
  close(): Promise<void>;
}

const RESTAURANT_MIGRATIONS = fileURLToPath(
  new URL("../prisma/migrations", import.meta.resolve("@ustbites/restaurant")),
);

/**
 * Boots every service and the gateway in this process, on ephemeral ports, with state of its own:
 * a temp DATA_DIR (embedded) or fresh databases and a RabbitMQ vhost (--real). The restaurant
 * database is seeded and prepared (catalogue.ts) before the platform starts, and the platform then
 * starts with SEED_ON_START=false so the preparation stands.
 */
export async function startEvalPlatform(opts: EvalPlatformOptions): Promise<EvalPlatform> {
  const log = createLogger("evals", opts.logLevel);
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse())
      await fn().catch((err: unknown) => log.warn({ err }, "eval cleanup failed"));
  };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), "ustbites-evals-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      // A scripted student types faster than a person: the long scenarios would hit the per-minute limit.
      AGENT_TURNS_PER_MINUTE: "600",
      ...opts.modelEnv,
      LOG_LEVEL: opts.logLevel,
      PLATFORM_PORTS: "ephemeral",
      DATA_DIR: dataDir,
      DELIVERY_CLOCK_SPEED: String(opts.deliveryClockSpeed),
      DELIVERY_TICK_MS: "50",
      // The simulated kitchens accept at once and cook on the delivery's clock.
      KITCHEN_AUTO_ACCEPT_MS: "0",
      KITCHEN_CLOCK_SPEED: String(opts.deliveryClockSpeed),
      KITCHEN_TICK_MS: "50",
      SEED_ON_START: "false",
    };

    if (opts.real) {
      const run = `evals_${randomBytes(4).toString("hex")}`;
      for (const service of SERVICES.filter((s) => s.database)) {
        const name = `${run}_${service.name}`;
        env[`${service.name.toUpperCase()}_DATABASE_URL`] = withDatabase(opts.servers.postgres, name);
        cleanups.push(() => dropDatabase(opts.servers.postgres, name));
      }
      const vhost = await createTestVhost(run);
      cleanups.push(() => vhost.drop());
      env.RABBITMQ_URL = vhost.url;
      // One connection per concurrent scenario: `npm test` runs other suites against the same server.
      env.DATABASE_POOL_MAX = "4";
      env.REDIS_URL = opts.servers.redis;
    }

    // Seed the catalogue once with the service's own seeding, then prepare it (harness privilege).
    const restaurantEnv = {
      LOG_LEVEL: opts.logLevel,
      PORT: "0",
      DATA_DIR: join(dataDir, "restaurant"),
      ...(env.RESTAURANT_DATABASE_URL ? { DATABASE_URL: env.RESTAURANT_DATABASE_URL } : {}),
    };
    const seeding = await startRestaurantService(readRestaurantEnv({ ...restaurantEnv, SEED_ON_START: "true" }));
    await seeding.close();
    const db = await openDatabase({
      service: "restaurant",
      url: env.RESTAURANT_DATABASE_URL,
      dataDir: restaurantEnv.DATA_DIR,
      migrationsDir: RESTAURANT_MIGRATIONS,
      migrate: false,
      extensions: ["pg_trgm"],
      log,
    });
    let shift: { shiftMinutes: number };
    try {
      shift = await prepareCatalogue(db.pool);
    } finally {
      await db.close();
    }

    const platform = await startPlatform(readEnv(env), env);
    cleanups.push(() => platform.close());
    return {
      gatewayUrl: platform.gatewayUrl,
      services: platform.services,
      mode: opts.real ? "real" : "embedded",
      clockShiftMinutes: shift.shiftMinutes,
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
