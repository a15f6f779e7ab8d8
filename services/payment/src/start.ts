import { fileURLToPath } from "node:url";
import { createLogger, startService, startTracing } from "@ustbites/kit";
import { openBus, startOutboxRelay, type EventBus, type OutboxRelay } from "@ustbites/kit/bus";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { buildApp } from "./app.ts";
import { subscribeToOrderEvents } from "./consumers/order-events.ts";
import type { PaymentConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** Opens the database and the bus, starts the outbox relay, serves. Used by main.ts and by the platform launcher. */
export function startPaymentService(config: PaymentConfig) {
  const log = createLogger("payment", config.LOG_LEVEL);
  startTracing(config, "payment", log);
  return startService(log, async (resources) => {
    const db = resources.hold(
      await openDatabase({ service: "payment", ...databaseOptions(config), migrationsDir: MIGRATIONS_DIR, log }),
      (d) => d.close(),
    );
    const prisma = resources.hold(new PrismaClient(db.clientOptions), (p) => p.$disconnect());
    // The bus and the relay report into the app's metrics registry, and the app kicks the relay and asks
    // the bus for readiness: the app is built first and they are bound to it once they exist.
    const late: { bus?: EventBus; relay?: OutboxRelay } = {};
    const app = resources.app(
      await buildApp({
        prisma,
        config,
        logger: log,
        readiness: {
          database: db.ping,
          bus: () => (late.bus ? late.bus.ping() : Promise.reject(new Error("bus not open yet"))),
        },
        onEventsEnqueued: () => late.relay?.kick(),
        // Runs at listen(), after the bus below is open.
        subscribe: (payments) => {
          if (!late.bus) throw new Error("bus not open");
          return subscribeToOrderEvents({ bus: late.bus, payments });
        },
      }),
    );
    const bus = resources.hold(
      await openBus({ url: config.RABBITMQ_URL, service: "payment", log, registry: app.metricsRegistry }),
      (b) => b.close(),
    );
    late.bus = bus;
    late.relay = resources.hold(
      startOutboxRelay({ db: prisma, bus, service: "payment", log, registry: app.metricsRegistry }),
      (r) => r.stop(),
    );
    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
