import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliveryClock } from "../src/domain/clock.ts";
import { COURIER_SEED } from "../src/domain/couriers.ts";
import { createDeliveries } from "../src/domain/deliveries.ts";
import { createCourierRepository } from "../src/repositories/couriers.ts";
import { createDeliveryRepository } from "../src/repositories/deliveries.ts";
import {
  openTestBus,
  openTestDatabase,
  orderAccepted,
  orderReady,
  silentLog,
  startTestService,
  type TestBus,
  type TestDb,
} from "./helpers.ts";
import { createTestKeys, type TestKeys } from "@ustbites/kit/testing";

let t: TestDb;
let bus: TestBus;
let keys: TestKeys;

beforeAll(async () => {
  t = await openTestDatabase();
  bus = await openTestBus();
  keys = await createTestKeys();
});
afterAll(async () => {
  await bus?.close();
  await t?.close();
});

const outboxCounts = async () => {
  const rows = await t.prisma.$queryRaw<{ order_id: string; type: string; n: bigint }[]>`
    SELECT payload->'payload'->>'orderId' AS order_id, type, count(*) AS n FROM outbox GROUP BY 1, 2`;
  return rows;
};

describe("a restart mid-delivery", () => {
  it("completes the delivery after starting again on the same database, even with steps that fell due while down", async () => {
    // 1200x: a minute to collect = 50 ms after ready, then an 8-minute ride = 400 ms.
    const env = { DELIVERY_CLOCK_SPEED: "1200" };
    const first = await startTestService(t.url, bus, keys.keys, env);
    const order = orderAccepted();
    try {
      await bus.bus.publish([order]);
      await expect.poll(() => bus.eventsOf(order.payload.orderId).length, { timeout: 60_000 }).toBeGreaterThan(0);
      // Ready in 600 ms: the pickup falls due a simulated minute (50 ms) after that, while the service is down.
      await bus.bus.publish([orderReady(order, new Date(Date.now() + 600))]);
      await expect
        .poll(
          async () =>
            (await t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } })).readyAt,
          { timeout: 60_000 },
        )
        .not.toBeNull();
    } finally {
      await first.close();
    }
    const row = await t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } });
    expect(row.status).toBe("ASSIGNED");
    // Stay down until the pickup is overdue.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, row.nextTransitionAt!.getTime() - Date.now() + 100)),
    );

    const second = await startTestService(t.url, bus, keys.keys, env);
    try {
      await expect
        .poll(() => bus.eventsOf(order.payload.orderId).map((e) => e.type), { timeout: 60_000 })
        .toContain("delivery.delivered");
      expect(bus.eventsOf(order.payload.orderId).map((e) => e.type)).toEqual([
        "delivery.assigned",
        "delivery.picked_up",
        "delivery.delivered",
      ]);
      // The pickup is stamped when it was due, not when the service came back.
      const done = await t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } });
      expect(done.pickedUpAt).toEqual(row.nextTransitionAt);
      expect(done.deliveredAt).toEqual(row.eta);
    } finally {
      await second.close();
    }
  });
});

describe("two replicas on one database", () => {
  it("emit every transition of every order exactly once", async () => {
    const env = { DELIVERY_TICK_MS: "5" };
    const replicas = [
      await startTestService(t.url, bus, keys.keys, env),
      await startTestService(t.url, bus, keys.keys, env),
    ];
    try {
      const orders = Array.from({ length: 30 }, () => orderAccepted());
      await bus.bus.publish(orders);
      // Ready once assigned (a ready event ahead of its assignment would only be retried).
      for (const order of orders)
        await expect.poll(() => bus.eventsOf(order.payload.orderId).length, { timeout: 60_000 }).toBeGreaterThan(0);
      await bus.bus.publish(orders.map((order) => orderReady(order)));
      for (const order of orders) {
        await expect
          .poll(() => bus.eventsOf(order.payload.orderId).map((e) => e.type), { timeout: 60_000 })
          .toContain("delivery.delivered");
      }
      for (const order of orders) {
        expect(bus.eventsOf(order.payload.orderId).map((e) => e.type)).toEqual([
          "delivery.assigned",
          "delivery.picked_up",
          "delivery.delivered",
        ]);
      }
      expect((await outboxCounts()).filter((r) => r.n !== 1n)).toEqual([]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });

  it("never let two schedulers apply the same transition, however hard they race", async () => {
    await t.prisma.delivery.deleteMany();
    await t.prisma.outboxEvent.deleteMany();
    const couriers = createCourierRepository(t.prisma);
    await couriers.seed(COURIER_SEED);
    // A clock so fast that every step is due as soon as it is scheduled.
    const make = () =>
      createDeliveries({
        deliveries: createDeliveryRepository(t.prisma),
        couriers,
        clock: createDeliveryClock(1e9),
        log: silentLog,
      });
    const [a, b] = [make(), make()];
    const orders = Array.from({ length: 40 }, () => orderAccepted());
    for (const order of orders) await t.prisma.$transaction((tx) => a.assign(tx, order));
    for (const order of orders) await t.prisma.$transaction((tx) => a.markReady(tx, orderReady(order).payload));

    let moved = 0;
    for (let round = 0; round < 50 && moved < 2 * orders.length; round++) {
      // Small batches so both claim at the same time and must skip each other's rows.
      const counts = await Promise.all([a.advanceDue(3), b.advanceDue(3), a.advanceDue(3), b.advanceDue(3)]);
      moved += counts.reduce((sum, n) => sum + n, 0);
      // No relay runs here; a step waits until the previous one's event is out, so publish them all.
      await t.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    }
    expect(moved).toBe(2 * orders.length);
    expect(await t.prisma.delivery.count({ where: { status: "DELIVERED" } })).toBe(orders.length);
    const counts = await outboxCounts();
    expect(counts).toHaveLength(3 * orders.length);
    expect(counts.every((r) => r.n === 1n)).toBe(true);
  });
});
