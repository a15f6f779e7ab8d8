import { fileURLToPath } from "node:url";
import { createLogger, startService, startTracing, type App } from "@ustbites/kit";
import { openBus, startOutboxRelay, type OutboxRelay } from "@ustbites/kit/bus";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { buildApp } from "./app.ts";
import type { OrderConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { createKitchen } from "./domain/kitchen.ts";
import { createSaga } from "./domain/saga.ts";
import { kitchenPresenceTtl, startKitchenSimulator, type KitchenSimulator } from "./kitchen-simulator.ts";
import { createOrderRepository } from "./repositories/orders.ts";
import { startWorkers } from "./consumers/saga-events.ts";

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
export function startOrderService(config: OrderConfig): Promise<OrderService> {
  const log = createLogger("order", config.LOG_LEVEL);
  startTracing(config, "order", log);
  return startService(log, async (resources) => {
    const db = resources.hold(
      await openDatabase({ service: "order", ...databaseOptions(config), migrationsDir: MIGRATIONS_DIR, log }),
      (d) => d.close(),
    );
    const prisma = resources.hold(new PrismaClient(db.clientOptions), (p) => p.$disconnect());
    const bus = resources.hold(await openBus({ url: config.RABBITMQ_URL, service: "order", log }), (b) => b.close());

    // The relay needs the app's metrics registry, and the simulator starts last: the app and the
    // consumers kick them once they run.
    const late: { relay?: OutboxRelay; simulator?: KitchenSimulator } = {};
    const app = resources.app(
      await buildApp({
        prisma,
        bus,
        config,
        logger: log,
        onEventsEnqueued: () => late.relay?.kick(),
        onConfirmed: () => late.simulator?.kick(),
        readiness: { database: db.ping },
      }),
    );
    const relay = resources.hold(
      startOutboxRelay({ db: prisma, bus, service: "order", log, registry: app.metricsRegistry }),
      (r) => r.stop(),
    );
    late.relay = relay;
    const kickRelay = () => relay.kick();
    const repo = createOrderRepository(prisma);
    const now = () => new Date();
    const saga = createSaga({ repo, now, log });
    resources.hold(
      await startWorkers({
        prisma,
        bus,
        repo,
        saga,
        onEventsEnqueued: kickRelay,
        onConfirmed: () => late.simulator?.kick(),
        log,
        settleTimeoutMs: config.PAYMENT_SETTLE_TIMEOUT_MS,
        sweepIntervalMs: config.SWEEP_INTERVAL_MS,
        now,
      }),
      (w) => w.close(),
    );
    if (config.KITCHEN_SIMULATOR) {
      late.simulator = resources.hold(
        startKitchenSimulator({
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
        }),
        (s) => s.stop(),
      );
    }
    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
