import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Delivery, DeliveryProgressPayload } from "@ustbites/contracts";
import type { DeliveryService } from "../src/start.ts";
import { eventually, openTestBus, openTestDatabase, orderCancelled, orderConfirmed, startTestService, testKeys, type TestBus, type TestDb } from "./helpers.ts";

let t: TestDb;
let bus: TestBus;
let service: DeliveryService;
let keys: Awaited<ReturnType<typeof testKeys>>;

beforeAll(async () => {
  t = await openTestDatabase();
  bus = await openTestBus();
  keys = await testKeys();
  // 6000 simulated seconds per real second: 15 min prep = 150 ms, an 8-minute ride = 80 ms.
  service = await startTestService(t.url, bus, keys.keys);
});
afterAll(async () => {
  await service?.close();
  await bus?.close();
  await t?.close();
});

const typesOf = (orderId: string) => bus.eventsOf(orderId).map((e) => e.type);
const delivered = (orderId: string) =>
  eventually(() => bus.eventsOf(orderId).find((e) => e.type === "delivery.delivered"), 5000, `delivery.delivered of ${orderId}`);

describe("an order.confirmed event", () => {
  it("is assigned, picked up and delivered, each step published in order with consistent ETAs", async () => {
    const order = orderConfirmed();
    await bus.bus.publish([order]);
    await delivered(order.payload.orderId);

    expect(typesOf(order.payload.orderId)).toEqual(["delivery.assigned", "delivery.picked_up", "delivery.delivered"]);
    const [assigned, pickedUp, done] = bus.eventsOf(order.payload.orderId).map((e) => DeliveryProgressPayload.parse(e.payload));
    for (const step of [assigned, pickedUp, done]) {
      expect(step).toMatchObject({ orderId: order.payload.orderId, userId: order.payload.userId, courier: assigned!.courier });
    }
    // The ETA promised at assignment is when it arrives: 15 min prep + 8 min ride at 6000x = 230 ms.
    expect(Date.parse(assigned!.eta!) - Date.parse(assigned!.at)).toBe(230);
    expect(Date.parse(pickedUp!.at) - Date.parse(assigned!.at)).toBe(150);
    expect(pickedUp!.eta).toBe(assigned!.eta);
    expect(done!.at).toBe(assigned!.eta);
    expect(done!.eta).toBeNull();
    expect(bus.eventsOf(order.payload.orderId).every((e) => e.source === "delivery" && e.correlationId === order.payload.orderId)).toBe(true);

    const res = await service.app.inject({
      method: "GET",
      url: `/deliveries/${order.payload.orderId}`,
      headers: { authorization: `Bearer ${await keys.token(order.payload.userId)}` },
    });
    const tracked = Delivery.parse(res.json());
    expect(tracked).toMatchObject({ status: "DELIVERED", eta: null, deliveredAt: done!.at, pickedUpAt: pickedUp!.at });
    expect(tracked.history.map((h) => h.status)).toEqual(["ASSIGNED", "PICKED_UP", "DELIVERED"]);
  });

  it("delivered twice by the broker makes one delivery and one set of events", async () => {
    const order = orderConfirmed();
    await bus.bus.publish([order]);
    await bus.bus.publish([order]);
    await delivered(order.payload.orderId);
    // Give a duplicate the time it would need to show up (a whole delivery takes ~230 ms here).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(typesOf(order.payload.orderId)).toEqual(["delivery.assigned", "delivery.picked_up", "delivery.delivered"]);
    expect(await t.prisma.delivery.count({ where: { orderId: order.payload.orderId } })).toBe(1);
    expect(await t.prisma.inboxEvent.count({ where: { eventId: order.id } })).toBe(1);
  });
});

describe("an order.cancelled event", () => {
  it("before pickup cancels the delivery, frees the courier and stops every further event", async () => {
    // An hour of prep: pickup would come 600 ms after assignment.
    const order = orderConfirmed({ prepTimeMinutes: 60 });
    await bus.bus.publish([order]);
    await eventually(() => bus.eventsOf(order.payload.orderId)[0], 3000, "delivery.assigned");
    await bus.bus.publish([orderCancelled(order)]);

    const row = await eventually(async () => {
      const found = await t.prisma.delivery.findUnique({ where: { orderId: order.payload.orderId } });
      return found?.status === "CANCELLED" ? found : undefined;
    }, 3000, "the delivery to be cancelled");
    expect(row).toMatchObject({ eta: null, nextTransitionAt: null });
    expect(await t.prisma.delivery.count({ where: { courierId: row.courierId, status: { in: ["ASSIGNED", "PICKED_UP"] } } })).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(typesOf(order.payload.orderId)).toEqual(["delivery.assigned"]);
    expect(await t.prisma.outboxEvent.count({ where: { payload: { path: ["payload", "orderId"], equals: order.payload.orderId } } })).toBe(1);
  });

  it("after pickup changes nothing: the order is still delivered", async () => {
    const order = orderConfirmed({ prepTimeMinutes: 1, deliveryAddress: { building: "Hall 1", room: null, instructions: null } });
    await bus.bus.publish([order]);
    await eventually(() => bus.eventsOf(order.payload.orderId).find((e) => e.type === "delivery.picked_up"), 3000, "delivery.picked_up");
    const cancel = orderCancelled(order);
    await bus.bus.publish([cancel]);
    await delivered(order.payload.orderId);
    await eventually(async () => ((await t.prisma.inboxEvent.count({ where: { eventId: cancel.id } })) === 1 ? true : undefined), 3000, "the cancel to be handled");
    expect((await t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } })).status).toBe("DELIVERED");
  });
});
