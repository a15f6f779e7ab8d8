import { fileURLToPath } from "node:url";
import { createLogger, startService, startTracing, type App } from "@ustbites/kit";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { buildApp } from "./app.ts";
import type { RestaurantConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { seedCatalogue } from "./seed/seed.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

export interface RestaurantService {
  app: App;
  /** Where it listens, e.g. http://127.0.0.1:3002. */
  address: string;
  close(): Promise<void>;
}

/** A clock that reads `start` now and runs at real speed from there. */
function campusClock(start: string): () => Date {
  const offset = Date.parse(start) - Date.now();
  return () => new Date(Date.now() + offset);
}

/**
 * Opens the database (migrating it when DB_MIGRATE_ON_START), seeds the campus catalogue when
 * SEED_ON_START, and listens on HOST:PORT. Used by main.ts and by the platform launcher.
 */
export function startRestaurantService(config: RestaurantConfig): Promise<RestaurantService> {
  const log = createLogger("restaurant", config.LOG_LEVEL);
  startTracing(config, "restaurant", log);
  return startService(log, async (resources) => {
    const db = resources.hold(
      await openDatabase({
        service: "restaurant",
        ...databaseOptions(config),
        migrationsDir: MIGRATIONS_DIR,
        // Typo-tolerant search needs trigram matching (see README "Search").
        extensions: ["pg_trgm"],
        log,
      }),
      (d) => d.close(),
    );
    const prisma = resources.hold(new PrismaClient(db.clientOptions), (p) => p.$disconnect());
    if (config.SEED_ON_START) {
      const seeded = await seedCatalogue(prisma);
      log.info({ seeded }, "seed catalogue applied");
    }
    const app = resources.app(
      await buildApp({
        prisma,
        db,
        config,
        logger: log,
        ...(config.CAMPUS_CLOCK ? { now: campusClock(config.CAMPUS_CLOCK) } : {}),
      }),
    );
    if (config.CAMPUS_CLOCK)
      log.warn({ campusClock: config.CAMPUS_CLOCK }, "CAMPUS_CLOCK set: opening hours follow a shifted clock");
    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
