import { fileURLToPath } from "node:url";
import type { JWTVerifyGetKey } from "jose";
import { createLogger, startService, startTracing, type App } from "@ustbites/kit";
import { openBus, startOutboxRelay, type EventBus, type OutboxRelay } from "@ustbites/kit/bus";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { buildApp } from "./app.ts";
import { ORDER_EVENT_BINDINGS, ORDER_EVENTS_QUEUE, orderEventsHandler } from "./consumers/order-events.ts";
import { createDeliveryClock } from "./domain/clock.ts";
import { COURIER_SEED } from "./domain/couriers.ts";
import { createDeliveries } from "./domain/deliveries.ts";
import { startScheduler, type Scheduler } from "./domain/scheduler.ts";
import type { DeliveryConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { createCourierRepository } from "./repositories/couriers.ts";
import { createDeliveryRepository } from "./repositories/deliveries.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

export interface DeliveryStartOptions {
  /** Keys access tokens are verified with; defaults to user-service's JWKS (JWKS_URL). */
  keys?: JWTVerifyGetKey;
  /** The durable queue order events are consumed from; default `delivery.order-events`. */
  queue?: string;
  /** The topic exchange; default the bus's (`ustbites.events`). Tests isolate themselves with their own. */
  exchange?: string;
}

export interface DeliveryService {
  app: App;
  /** Where it listens, e.g. http://127.0.0.1:3006. */
  address: string;
  /** Stops consuming and scheduling, flushes nothing half-done (every step is one transaction), releases everything. */
  close(): Promise<void>;
}

/**
 * Opens the database (migrating it when DB_MIGRATE_ON_START) and the bus, seeds the couriers, then
 * runs the outbox relay, the order-events consumer, the delivery scheduler and the HTTP app.
 * Used by main.ts and by the platform launcher.
 */
export function startDeliveryService(
  config: DeliveryConfig,
  opts: DeliveryStartOptions = {},
): Promise<DeliveryService> {
  const log = createLogger("delivery", config.LOG_LEVEL);
  startTracing(config, "delivery", log);
  return startService(log, async (resources) => {
    const db = resources.hold(
      await openDatabase({ service: "delivery", ...databaseOptions(config), migrationsDir: MIGRATIONS_DIR, log }),
      (d) => d.close(),
    );
    const prisma = resources.hold(new PrismaClient(db.clientOptions), (p) => p.$disconnect());

    const couriers = createCourierRepository(prisma);
    const added = await couriers.seed(COURIER_SEED);
    log.info({ added, fleet: COURIER_SEED.length }, "couriers seeded");

    const bus: EventBus = resources.hold(
      await openBus({
        url: config.RABBITMQ_URL,
        service: "delivery",
        log,
        ...(opts.exchange ? { exchange: opts.exchange } : {}),
      }),
      (b) => b.close(),
    );

    const clock = createDeliveryClock(config.DELIVERY_CLOCK_SPEED);
    const deliveries = createDeliveries({ deliveries: createDeliveryRepository(prisma), couriers, clock, log });
    // The relay needs the app's metrics registry, so it starts after the app; a courier's step kicks it once it runs.
    const late: { relay?: OutboxRelay } = {};
    const app = resources.app(
      await buildApp({
        deliveries,
        couriers,
        config,
        onEventsEnqueued: () => late.relay?.kick(),
        logger: log,
        readiness: { database: db.ping, bus: () => bus.ping() },
        ...(opts.keys ? { keys: opts.keys } : {}),
      }),
    );

    const relay: OutboxRelay = resources.hold(
      startOutboxRelay({ db: prisma, bus, service: "delivery", log, registry: app.metricsRegistry }),
      (r) => r.stop(),
    );
    late.relay = relay;

    const scheduler: Scheduler = resources.hold(
      startScheduler({
        advanceDue: (limit) => deliveries.advanceDue(limit),
        nextDue: () => deliveries.nextDue(),
        tickMs: config.DELIVERY_TICK_MS,
        onAdvanced: () => relay.kick(),
        log,
      }),
      (s) => s.stop(),
    );

    resources.hold(
      await bus.subscribe({
        queue: opts.queue ?? ORDER_EVENTS_QUEUE,
        bindings: ORDER_EVENT_BINDINGS,
        handler: orderEventsHandler({
          prisma,
          deliveries,
          onCommitted: () => relay.kick(),
          onScheduled: () => scheduler.kick(),
        }),
      }),
      (subscription) => subscription.close(),
    );
    log.info(
      { clockSpeed: config.DELIVERY_CLOCK_SPEED, tickMs: config.DELIVERY_TICK_MS },
      "delivery scheduler running",
    );

    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
