import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import type { JWTVerifyGetKey } from "jose";
import { connect } from "amqplib";
import { createEvent, type DomainEvent, type EventOf, type OrderAcceptedPayload } from "@ustbites/contracts";
import { createLogger } from "@ustbites/kit";
import { deadLetterQueueName, openBus, retryDelay, retryQueueName, type EventBus } from "@ustbites/kit/bus";
import {
  createTestKeys,
  openTestDatabase as openKitTestDatabase,
  testRabbitUrl,
  type OpenedTestDatabase,
} from "@ustbites/kit/testing";
import { readEnv, type DeliveryConfig } from "../src/env.ts";
import { startDeliveryService, type DeliveryService } from "../src/start.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
export const RABBITMQ_URL = testRabbitUrl();
export const silentLog = createLogger("delivery", "silent");

export type TestDb = OpenedTestDatabase<PrismaClient>;

/** A fresh, migrated database of this test file's own on the local PostgreSQL, dropped by close(). */
export const openTestDatabase = (): Promise<TestDb> =>
  openKitTestDatabase({
    service: "delivery",
    migrationsDir: MIGRATIONS_DIR,
    client: (options) => new PrismaClient(options),
    poolMax: 12,
  });

export function testConfig(overrides: Record<string, string> = {}): DeliveryConfig {
  return readEnv({
    LOG_LEVEL: "silent",
    PORT: "0",
    DELIVERY_CLOCK_SPEED: "6000",
    DELIVERY_TICK_MS: "20",
    ...overrides,
  });
}

/**
 * An order.accepted event as order-service publishes it when the kitchen accepts: ready "now" by
 * default, picked up in Hall 5 (south) and dropped off in Hall 7 (south): an 8-minute ride.
 */
export function orderAccepted(overrides: Partial<OrderAcceptedPayload> = {}): EventOf<"order.accepted"> {
  const orderId = overrides.orderId ?? randomUUID();
  const now = new Date().toISOString();
  return createEvent(
    "order.accepted",
    {
      orderId,
      userId: randomUUID(),
      userEmail: "student@connect.ust.hk",
      restaurantId: randomUUID(),
      restaurantName: "Spice Route",
      restaurantLocation: { building: "Hall 5", zone: "south" },
      deliveryAddress: { building: "Hall 7", room: "5/F 512", instructions: "Ring twice" },
      prepMinutes: 15,
      readyBy: now,
      acceptedAt: now,
      acceptedBy: "simulator",
      ...overrides,
    },
    { source: "order", correlationId: orderId },
  );
}

/** The kitchen's order.ready_for_pickup for an accepted order, ready now (or at `readyAt`). */
export function orderReady(order: EventOf<"order.accepted">, readyAt = new Date()): EventOf<"order.ready_for_pickup"> {
  const { orderId, userId, userEmail, restaurantId } = order.payload;
  return createEvent(
    "order.ready_for_pickup",
    { orderId, userId, userEmail, restaurantId, readyAt: readyAt.toISOString() },
    { source: "order", correlationId: orderId },
  );
}

export function orderCancelled(
  order: EventOf<"order.accepted">,
  previousStatus: "PREPARING" | "READY_FOR_PICKUP" = "PREPARING",
): EventOf<"order.cancelled"> {
  const { orderId, userId, userEmail, restaurantName } = order.payload;
  return createEvent(
    "order.cancelled",
    {
      orderId,
      userId,
      userEmail,
      restaurantName,
      previousStatus,
      reason: "changed my mind",
      refunded: true,
      totalCents: 10600,
      by: "student",
    },
    { source: "order", correlationId: orderId },
  );
}

export interface TestBus {
  /** This file's own topic exchange and order-events queue, so parallel files and runs never meet. */
  exchange: string;
  queue: string;
  bus: EventBus;
  /** Every delivery.* event seen on the exchange, in arrival order. */
  seen: DomainEvent[];
  /** The delivery.* events of one order, in arrival order. */
  eventsOf(orderId: string): DomainEvent[];
  /** Removes the exchange and every durable queue the service declared for it. */
  close(): Promise<void>;
}

export async function openTestBus(): Promise<TestBus> {
  const ns = `test.delivery.${randomUUID().slice(0, 8)}`;
  const exchange = `${ns}.events`;
  const queue = `${ns}.order-events`;
  const bus = await openBus({ url: RABBITMQ_URL, service: "delivery-test", log: silentLog, exchange });
  const seen: DomainEvent[] = [];
  // No queue name: a private auto-deleted queue that goes away with the bus.
  await bus.subscribe({ bindings: ["delivery.*"], handler: async (event) => void seen.push(event) });
  return {
    exchange,
    queue,
    bus,
    seen,
    eventsOf: (orderId) => seen.filter((e) => (e.payload as { orderId?: string }).orderId === orderId),
    async close() {
      await bus.close();
      const connection = await connect(RABBITMQ_URL);
      try {
        const channel = await connection.createChannel();
        // The retry queues of the bus's default policy: 5 attempts, 500 ms doubling.
        const queues = [
          queue,
          deadLetterQueueName(queue),
          ...[1, 2, 3, 4].map((attempt) => retryQueueName(queue, retryDelay(500, attempt))),
        ];
        for (const name of queues) await channel.deleteQueue(name);
        await channel.deleteExchange(exchange);
        await channel.close();
      } finally {
        await connection.close();
      }
    },
  };
}

/** delivery-service as main.ts starts it, on the given database and this file's exchange and queue. */
export function startTestService(
  url: string,
  bus: TestBus,
  keys: JWTVerifyGetKey,
  env: Record<string, string> = {},
): Promise<DeliveryService> {
  return startDeliveryService(testConfig({ DATABASE_URL: url, RABBITMQ_URL, ...env }), {
    keys,
    queue: bus.queue,
    exchange: bus.exchange,
  });
}

/** One file's whole setup: a fresh database, its own exchange and queue, token keys, the service on them. */
export async function startFileStack() {
  const t = await openTestDatabase();
  const bus = await openTestBus();
  const keys = await createTestKeys();
  // 6000 simulated seconds per real second: a minute to collect = 10 ms, an 8-minute ride = 80 ms.
  const service = await startTestService(t.url, bus, keys.keys);
  return {
    t,
    bus,
    keys,
    service,
    async close() {
      await service.close();
      await bus.close();
      await t.close();
    },
  };
}
