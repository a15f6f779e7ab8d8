import { fileURLToPath } from "node:url";
import type { JWTVerifyGetKey } from "jose";
import { createLogger, startTracing, type App } from "@ustbites/kit";
import { openBus, startOutboxRelay, type EventBus, type OutboxRelay, type Subscription } from "@ustbites/kit/bus";
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
export async function startDeliveryService(
  config: DeliveryConfig,
  opts: DeliveryStartOptions = {},
): Promise<DeliveryService> {
  const log = createLogger("delivery", config.LOG_LEVEL);
  startTracing(config, "delivery", log);
  // Released in reverse order, whether start-up failed half-way or close() was called.
  const releases: (() => Promise<void>)[] = [];
  const releaseAll = async () => {
    for (const release of releases.splice(0).reverse()) {
      try {
        await release();
      } catch (err) {
        log.error({ err }, "error while closing delivery-service");
      }
    }
  };

  try {
    const db = await openDatabase({
      service: "delivery",
      ...databaseOptions(config),
      migrationsDir: MIGRATIONS_DIR,
      log,
    });
    releases.push(() => db.close());
    const prisma = new PrismaClient(db.clientOptions);
    releases.push(() => prisma.$disconnect());

    const couriers = createCourierRepository(prisma);
    const added = await couriers.seed(COURIER_SEED);
    log.info({ added, fleet: COURIER_SEED.length }, "couriers seeded");

    const bus: EventBus = await openBus({
      url: config.RABBITMQ_URL,
      service: "delivery",
      log,
      ...(opts.exchange ? { exchange: opts.exchange } : {}),
    });
    releases.push(() => bus.close());

    const clock = createDeliveryClock(config.DELIVERY_CLOCK_SPEED);
    const deliveries = createDeliveries({ deliveries: createDeliveryRepository(prisma), couriers, clock, log });
    // The relay needs the app's metrics registry, so it starts after the app; a courier's step kicks it once it runs.
    const late: { relay?: OutboxRelay } = {};
    const app = await buildApp({
      deliveries,
      couriers,
      config,
      onEventsEnqueued: () => late.relay?.kick(),
      logger: log,
      readiness: { database: db.ping, bus: () => bus.ping() },
      ...(opts.keys ? { keys: opts.keys } : {}),
    });
    releases.push(() => app.close());

    const relay: OutboxRelay = startOutboxRelay({
      db: prisma,
      bus,
      service: "delivery",
      log,
      registry: app.metricsRegistry,
    });
    late.relay = relay;
    releases.push(() => relay.stop());

    const scheduler: Scheduler = startScheduler({
      advanceDue: (limit) => deliveries.advanceDue(limit),
      nextDue: () => deliveries.nextDue(),
      tickMs: config.DELIVERY_TICK_MS,
      onAdvanced: () => relay.kick(),
      log,
    });
    releases.push(() => scheduler.stop());

    const subscription: Subscription = await bus.subscribe({
      queue: opts.queue ?? ORDER_EVENTS_QUEUE,
      bindings: ORDER_EVENT_BINDINGS,
      handler: orderEventsHandler({
        prisma,
        deliveries,
        onCommitted: () => relay.kick(),
        onScheduled: () => scheduler.kick(),
      }),
    });
    releases.push(() => subscription.close());
    log.info(
      { clockSpeed: config.DELIVERY_CLOCK_SPEED, tickMs: config.DELIVERY_TICK_MS },
      "delivery scheduler running",
    );

    const address = await app.listen({ host: config.HOST, port: config.PORT });
    let closing: Promise<void> | undefined;
    return { app, address, close: () => (closing ??= releaseAll()) };
  } catch (err) {
    await releaseAll();
    throw err;
  }
}
