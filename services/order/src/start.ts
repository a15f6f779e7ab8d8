import { fileURLToPath } from "node:url";
import { createLogger, startTracing, type App } from "@ustbites/kit";
import { openBus, startOutboxRelay, type OutboxRelay } from "@ustbites/kit/bus";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { buildApp } from "./app.ts";
import type { OrderConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { createKitchen } from "./domain/kitchen.ts";
import { createSaga } from "./domain/saga.ts";
import { kitchenPresenceTtl, startKitchenSimulator, type KitchenSimulator } from "./kitchen-simulator.ts";
import { createOrderRepository } from "./repositories/orders.ts";
import { startWorkers, type Workers } from "./consumers/saga-events.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

export interface OrderService {
  app: App;
  /** Where it listens, e.g. http://127.0.0.1:3004. */
  address: string;
  close(): Promise<void>;
}

/**
 * Opens the database (migrating it when DB_MIGRATE_ON_START) and the bus, builds the app, starts the
 * outbox relay, the consumers and the sweeper, and listens on HOST:PORT. `close()` stops taking
 * requests first and releases the database last. Used by main.ts and by the platform launcher.
 */
export async function startOrderService(config: OrderConfig): Promise<OrderService> {
  const log = createLogger("order", config.LOG_LEVEL);
  startTracing(config, "order", log);
  const db = await openDatabase({
    service: "order",
    ...databaseOptions(config),
    migrationsDir: MIGRATIONS_DIR,
    log,
  });
  const prisma = new PrismaClient(db.clientOptions);
  const releaseDb = async () => {
    await prisma.$disconnect();
    await db.close();
  };

  let relay: OutboxRelay | undefined;
  let workers: Workers | undefined;
  let simulator: KitchenSimulator | undefined;
  let app: App | undefined;
  const bus = await openBus({ url: config.RABBITMQ_URL, service: "order", log }).catch(async (err: unknown) => {
    await releaseDb();
    throw err;
  });
  const close = async () => {
    if (app) await app.close();
    await simulator?.stop();
    await workers?.close();
    await relay?.stop();
    await bus.close();
    await releaseDb();
  };

  try {
    app = await buildApp({
      prisma,
      bus,
      config,
      logger: log,
      onEventsEnqueued: () => relay?.kick(),
      onConfirmed: () => simulator?.kick(),
      readiness: { database: db.ping },
    });
    relay = startOutboxRelay({ db: prisma, bus, service: "order", log, registry: app.metricsRegistry });
    const repo = createOrderRepository(prisma);
    const now = () => new Date();
    const saga = createSaga({ repo, now, log });
    workers = await startWorkers({
      prisma,
      bus,
      repo,
      saga,
      onEventsEnqueued: () => relay?.kick(),
      onConfirmed: () => simulator?.kick(),
      log,
      settleTimeoutMs: config.PAYMENT_SETTLE_TIMEOUT_MS,
      sweepIntervalMs: config.SWEEP_INTERVAL_MS,
      now,
    });
    if (config.KITCHEN_SIMULATOR) {
      const kickRelay = () => relay?.kick();
      simulator = startKitchenSimulator({
        repo,
        kitchen: createKitchen({
          repo,
          saga,
          now,
          clockSpeed: config.KITCHEN_CLOCK_SPEED,
          onEventsEnqueued: kickRelay,
        }),
        autoAcceptMs: config.KITCHEN_AUTO_ACCEPT_MS,
        presenceTtlMs: kitchenPresenceTtl(config.HEARTBEAT_MS),
        tickMs: config.KITCHEN_TICK_MS,
        now,
        onEventsEnqueued: kickRelay,
        log,
      });
    }
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    return { app, address, close };
  } catch (error) {
    await close();
    throw error;
  }
}
