import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDeliveryClock } from "../src/domain/clock.ts";
import { COURIER_SEED } from "../src/domain/couriers.ts";
import { createDeliveries, type Deliveries } from "../src/domain/deliveries.ts";
import { createCourierRepository } from "../src/repositories/couriers.ts";
import { createDeliveryRepository } from "../src/repositories/deliveries.ts";
import { openTestDatabase, orderCancelled, orderAccepted, silentLog, type TestDb } from "./helpers.ts";

let t: TestDb;
let deliveries: Deliveries;

beforeAll(async () => {
  t = await openTestDatabase();
  const couriers = createCourierRepository(t.prisma);
  await couriers.seed(COURIER_SEED);
  // Real time: nothing moves on during this file, so every assignment stays active.
  deliveries = createDeliveries({
    deliveries: createDeliveryRepository(t.prisma),
    couriers,
    clock: createDeliveryClock(1),
    log: silentLog,
  });
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.prisma.delivery.deleteMany();
  await t.prisma.cancelledOrder.deleteMany();
  await t.prisma.courier.updateMany({ data: { available: true, lastSeenAt: null } });
});

const assign = (order = orderAccepted()) => t.prisma.$transaction((tx) => deliveries.assign(tx, order));
const courierOf = async (orderId: string) =>
  (await t.prisma.delivery.findUniqueOrThrow({ where: { orderId } })).courierId;
const activeCounts = async () => {
  const rows = await t.prisma.delivery.groupBy({
    by: ["courierId"],
    where: { status: { in: ["ASSIGNED", "PICKED_UP"] } },
    _count: true,
  });
  return rows.map((r) => r._count).sort();
};

describe("least-busy assignment", () => {
  it("gives eight orders placed at the same moment to eight different couriers", async () => {
    const orders = COURIER_SEED.map(() => orderAccepted());
    await Promise.all(orders.map((order) => assign(order)));
    const assigned = await Promise.all(orders.map((o) => courierOf(o.payload.orderId)));
    expect(new Set(assigned).size).toBe(COURIER_SEED.length);
  });

  it("keeps loads within one of each other under a concurrent burst larger than the fleet", async () => {
    await Promise.all(Array.from({ length: 3 * COURIER_SEED.length + 3 }, () => assign()));
    expect(await activeCounts()).toEqual([...Array(5).fill(3), ...Array(3).fill(4)]);
  });

  it("assigns even when every courier is busy, to the one idle longest", async () => {
    const first = orderAccepted();
    await assign(first);
    for (let i = 1; i < COURIER_SEED.length; i++) await assign();
    const ninth = orderAccepted();
    await assign(ninth);
    expect(await courierOf(ninth.payload.orderId)).toBe(await courierOf(first.payload.orderId));
  });

  it("prefers a courier freed by a cancellation over busy ones", async () => {
    const orders = COURIER_SEED.map(() => orderAccepted());
    for (const order of orders) await assign(order);
    const freed = orders[5]!;
    await t.prisma.$transaction((tx) => deliveries.cancel(tx, orderCancelled(freed).payload));
    const next = orderAccepted();
    await assign(next);
    expect(await courierOf(next.payload.orderId)).toBe(await courierOf(freed.payload.orderId));
  });

  it("skips off-duty couriers while anyone is on duty", async () => {
    const onDuty = COURIER_SEED[2]!.id;
    await t.prisma.courier.updateMany({ where: { id: { not: onDuty } }, data: { available: false } });
    const orders = [orderAccepted(), orderAccepted(), orderAccepted()];
    for (const order of orders) await assign(order);
    for (const order of orders) expect(await courierOf(order.payload.orderId)).toBe(onDuty);
  });

  it("still assigns when the whole fleet is off duty", async () => {
    await t.prisma.courier.updateMany({ data: { available: false } });
    const order = orderAccepted();
    expect(await assign(order)).toBe("assigned");
  });
});

describe("signed-in couriers", () => {
  it("gives a new order to a courier whose screen is open before the simulated fleet, however busy", async () => {
    const signedIn = COURIER_SEED[6]!.id;
    await assign();
    const couriers = createCourierRepository(t.prisma);
    await couriers.touch(signedIn, new Date());
    const orders = [orderAccepted(), orderAccepted()];
    for (const order of orders) await assign(order);
    for (const order of orders) expect(await courierOf(order.payload.orderId)).toBe(signedIn);
  });

  it("stops preferring a courier whose screen has not been seen for a while", async () => {
    const gone = COURIER_SEED[6]!.id;
    await t.prisma.courier.update({ where: { id: gone }, data: { lastSeenAt: new Date(Date.now() - 10 * 60_000) } });
    await assign();
    const order = orderAccepted();
    await assign(order);
    expect(await courierOf(order.payload.orderId)).not.toBe(gone);
  });
});

describe("acceptance and cancellation of one order", () => {
  it("assigns one delivery however often the order is accepted", async () => {
    const order = orderAccepted();
    expect(await assign(order)).toBe("assigned");
    expect(await assign({ ...order, id: crypto.randomUUID() })).toBe("already-assigned");
    expect(await t.prisma.delivery.count()).toBe(1);
    expect(
      await t.prisma.outboxEvent.count({
        where: { payload: { path: ["payload", "orderId"], equals: order.payload.orderId } },
      }),
    ).toBe(1);
  });

  it("assigns nobody to an order whose cancellation arrived first", async () => {
    const order = orderAccepted();
    expect(await t.prisma.$transaction((tx) => deliveries.cancel(tx, orderCancelled(order).payload))).toBe(
      "remembered",
    );
    expect(await assign(order)).toBe("order-cancelled");
    expect(await t.prisma.delivery.count()).toBe(0);
  });

  it("never leaves a delivery running when acceptance and cancellation race", async () => {
    const orders = Array.from({ length: 10 }, () => orderAccepted());
    await Promise.all(
      orders.flatMap((order) => [
        assign(order),
        t.prisma.$transaction((tx) => deliveries.cancel(tx, orderCancelled(order).payload)),
      ]),
    );
    expect(await t.prisma.delivery.count({ where: { status: { not: "CANCELLED" } } })).toBe(0);
  });
});
