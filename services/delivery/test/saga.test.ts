import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Delivery, DeliveryProgressPayload } from "@ustbites/contracts";
import { orderAccepted, orderCancelled, orderReady, startFileStack } from "./helpers.ts";

let stack: Awaited<ReturnType<typeof startFileStack>>;
let { t, bus, service, keys } = {} as typeof stack;
beforeAll(async () => {
  stack = await startFileStack();
  ({ t, bus, service, keys } = stack);
});
afterAll(() => stack?.close());

const typesOf = (orderId: string) => bus.eventsOf(orderId).map((e) => e.type);
const assigned = (orderId: string) =>
  expect.poll(() => typesOf(orderId), { timeout: 5000 }).toContain("delivery.assigned");
const delivered = (orderId: string) =>
  expect.poll(() => typesOf(orderId), { timeout: 5000 }).toContain("delivery.delivered");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an order the restaurant accepted", () => {
  it("is assigned at once, picked up only after the kitchen says it is ready, then delivered, each step published in order", async () => {
    const order = orderAccepted();
    await bus.bus.publish([order]);
    await assigned(order.payload.orderId);
    // Nothing moves while the food is not ready, however long that takes.
    await sleep(300);
    expect(typesOf(order.payload.orderId)).toEqual(["delivery.assigned"]);

    const ready = orderReady(order);
    await bus.bus.publish([ready]);
    await delivered(order.payload.orderId);
    expect(typesOf(order.payload.orderId)).toEqual(["delivery.assigned", "delivery.picked_up", "delivery.delivered"]);
    const [first, pickedUp, done] = bus
      .eventsOf(order.payload.orderId)
      .map((e) => DeliveryProgressPayload.parse(e.payload));
    for (const step of [first, pickedUp, done]) {
      expect(step).toMatchObject({
        orderId: order.payload.orderId,
        userId: order.payload.userId,
        courier: first!.courier,
      });
    }
    // Collected a simulated minute (10 ms) after the kitchen was ready at the earliest; the ride is 80 ms.
    expect(Date.parse(pickedUp!.at) - Date.parse(ready.payload.readyAt)).toBeGreaterThanOrEqual(10);
    expect(Date.parse(done!.at) - Date.parse(pickedUp!.at)).toBe(80);
    expect(pickedUp!.eta).toBe(done!.at);
    expect(done!.eta).toBeNull();
    expect(
      bus
        .eventsOf(order.payload.orderId)
        .every((e) => e.source === "delivery" && e.correlationId === order.payload.orderId),
    ).toBe(true);

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
    const order = orderAccepted();
    await bus.bus.publish([order]);
    await bus.bus.publish([order]);
    await assigned(order.payload.orderId);
    const ready = orderReady(order);
    await bus.bus.publish([ready, ready]);
    await delivered(order.payload.orderId);
    await sleep(500);
    expect(typesOf(order.payload.orderId)).toEqual(["delivery.assigned", "delivery.picked_up", "delivery.delivered"]);
    expect(await t.prisma.delivery.count({ where: { orderId: order.payload.orderId } })).toBe(1);
    expect(await t.prisma.inboxEvent.count({ where: { eventId: order.id } })).toBe(1);
  });
});

describe("an order.cancelled event", () => {
  it("before pickup cancels the delivery, frees the courier and stops every further event", async () => {
    const order = orderAccepted();
    await bus.bus.publish([order]);
    await assigned(order.payload.orderId);
    await bus.bus.publish([orderCancelled(order)]);

    const row = () => t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } });
    await expect.poll(async () => (await row()).status, { timeout: 3000 }).toBe("CANCELLED");
    const cancelled = await row();
    expect(cancelled).toMatchObject({ eta: null, nextTransitionAt: null });
    expect(
      await t.prisma.delivery.count({
        where: { courierId: cancelled.courierId, status: { in: ["ASSIGNED", "PICKED_UP"] } },
      }),
    ).toBe(0);

    // A late ready changes nothing either.
    await bus.bus.publish([orderReady(order)]);
    await sleep(500);
    expect(typesOf(order.payload.orderId)).toEqual(["delivery.assigned"]);
    expect(
      await t.prisma.outboxEvent.count({
        where: { payload: { path: ["payload", "orderId"], equals: order.payload.orderId } },
      }),
    ).toBe(1);
  });

  it("after pickup changes nothing: the order is still delivered", async () => {
    const order = orderAccepted({ deliveryAddress: { building: "Hall 1", room: null, instructions: null } });
    await bus.bus.publish([order]);
    await assigned(order.payload.orderId);
    await bus.bus.publish([orderReady(order)]);
    await expect.poll(() => typesOf(order.payload.orderId), { timeout: 3000 }).toContain("delivery.picked_up");
    const cancel = orderCancelled(order, "READY_FOR_PICKUP");
    await bus.bus.publish([cancel]);
    await delivered(order.payload.orderId);
    await expect.poll(() => t.prisma.inboxEvent.count({ where: { eventId: cancel.id } }), { timeout: 3000 }).toBe(1);
    expect((await t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } })).status).toBe(
      "DELIVERED",
    );
  });
});
