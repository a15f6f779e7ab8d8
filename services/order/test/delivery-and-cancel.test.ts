import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, PROBLEM_TYPES, type Order, type OrderHistory } from "@ustbites/contracts";
import { sleep, startStack, type Stack, type Student } from "./helpers.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

async function confirmedOrder(): Promise<{ s: Student; order: Order }> {
  const s = await stack.student();
  const item = await stack.menuItem("canton-kitchen", "Soy Sauce Chicken Rice");
  await stack.addToCart(s, item.id);
  const order = (await stack.place(s)).json() as Order;
  expect(order.status).toBe("CONFIRMED");
  return { s, order };
}

const history = async (s: Student, id: string) =>
  ((await stack.get(s, `/orders/${id}/events`)).json() as OrderHistory).events;

/** The kitchen (staff of Canton Kitchen) accepts, optionally finishes, the order. */
async function kitchenStep(orderId: string, step: "accept" | "ready") {
  const res = await stack.kitchen(
    await stack.staff(),
    orderId,
    step,
    step === "accept" ? { prepMinutes: 10 } : undefined,
  );
  expect(res.statusCode).toBe(200);
}

async function courierNoted(orderId: string) {
  await expect
    .poll(async () => (await stack.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).courier, {
      message: "courier noted",
    })
    .not.toBeNull();
}

describe("delivery events", () => {
  it("note the courier while the kitchen works, then move READY_FOR_PICKUP → PICKED_UP → DELIVERED with the eta, one event each", async () => {
    const { s, order } = await confirmedOrder();
    await kitchenStep(order.id, "accept");
    const assigned = await stack.deliveryEvent("delivery.assigned", order.id, s.id);
    await courierNoted(order.id);
    const withEta = (await stack.get(s, `/orders/${order.id}`)).json() as Order;
    expect(withEta).toMatchObject({ status: "PREPARING", eta: assigned.payload.eta, courier: "Ka Ho (bike)" });
    await kitchenStep(order.id, "ready");

    await stack.deliveryEvent("delivery.picked_up", order.id, s.id);
    await expect.poll(() => stack.statusOf(order.id), { message: "picked up" }).toBe("PICKED_UP");
    await stack.deliveryEvent("delivery.delivered", order.id, s.id);
    await expect.poll(() => stack.statusOf(order.id), { message: "delivered" }).toBe("DELIVERED");

    const events = await history(s, order.id);
    expect(events.map((e) => [e.seq, e.status])).toEqual([
      [1, "PENDING"],
      [2, "CONFIRMED"],
      [3, "PREPARING"],
      [4, "PREPARING"],
      [5, "READY_FOR_PICKUP"],
      [6, "PICKED_UP"],
      [7, "DELIVERED"],
    ]);
    expect(events[3]?.eta).toBe(assigned.payload.eta);
    expect(events[3]?.detail).toContain("Ka Ho");
    expect(events[6]?.eta).toBeNull();
    const types = await stack.outboxTypes(order.id);
    expect(types.filter((t) => t === "order.status_changed")).toHaveLength(7);
    expect(types.filter((t) => t === "order.delivered")).toHaveLength(1);
  });

  it("applies an event that arrives ahead of its predecessor after the predecessor, via redelivery", async () => {
    const { s, order } = await confirmedOrder();
    await kitchenStep(order.id, "accept");
    await stack.deliveryEvent("delivery.delivered", order.id, s.id);
    await sleep(150);
    expect(await stack.statusOf(order.id)).toBe("PREPARING");
    await kitchenStep(order.id, "ready");
    await stack.deliveryEvent("delivery.picked_up", order.id, s.id);
    await expect.poll(() => stack.statusOf(order.id), { message: "delivered after the retry" }).toBe("DELIVERED");
    expect((await history(s, order.id)).map((e) => e.status)).toEqual([
      "PENDING",
      "CONFIRMED",
      "PREPARING",
      "READY_FOR_PICKUP",
      "PICKED_UP",
      "DELIVERED",
    ]);
  });

  it("ignores a redelivered event and an event behind the order's state", async () => {
    const { s, order } = await confirmedOrder();
    await kitchenStep(order.id, "accept");
    const assigned = await stack.deliveryEvent("delivery.assigned", order.id, s.id);
    await courierNoted(order.id);
    // The same event again (redelivery), and a different event for a step already taken.
    await stack.deliveryEvent("delivery.assigned", order.id, s.id, assigned.id);
    const stale = await stack.deliveryEvent("delivery.assigned", order.id, s.id);
    await expect
      .poll(() => stack.prisma.inboxEvent.count({ where: { eventId: stale.id } }), { message: "stale handled" })
      .toBe(1);
    await sleep(100);
    expect((await history(s, order.id)).map((e) => e.status)).toEqual([
      "PENDING",
      "CONFIRMED",
      "PREPARING",
      "PREPARING",
    ]);
  });
});

describe("cancelling", () => {
  it("cancels before pickup, while the kitchen prepares: CANCELLED, an event, and order.cancelled for payment and delivery", async () => {
    const { s, order } = await confirmedOrder();
    await kitchenStep(order.id, "accept");
    await stack.deliveryEvent("delivery.assigned", order.id, s.id);
    await courierNoted(order.id);

    const res = await stack.app.inject({
      method: "POST",
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: s.authorization },
      payload: { reason: "ordered the wrong thing" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "CANCELLED", failureReason: "ordered the wrong thing", eta: null });
    const cancelled = await stack.prisma.outboxEvent.findFirstOrThrow({
      where: { type: "order.cancelled", payload: { path: ["correlationId"], equals: order.id } },
    });
    expect((cancelled.payload as { payload: object }).payload).toMatchObject({
      orderId: order.id,
      previousStatus: "PREPARING",
      reason: "ordered the wrong thing",
      refunded: true,
      by: "student",
    });
    expect((await history(s, order.id)).map((e) => e.status)).toEqual([
      "PENDING",
      "CONFIRMED",
      "PREPARING",
      "PREPARING",
      "CANCELLED",
    ]);

    // Cancelling again is harmless; a late delivery event is ignored.
    const again = await stack.app.inject({
      method: "POST",
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: s.authorization },
    });
    expect(again.statusCode).toBe(200);
    const late = await stack.deliveryEvent("delivery.picked_up", order.id, s.id);
    await expect
      .poll(() => stack.prisma.inboxEvent.count({ where: { eventId: late.id } }), { message: "late event handled" })
      .toBe(1);
    expect(await stack.statusOf(order.id)).toBe("CANCELLED");
    expect(await stack.prisma.orderEventRow.count({ where: { orderId: order.id } })).toBe(5);
  });

  it("cancels an order that is ready and waiting for the courier (before pickup), refunding it", async () => {
    const { s, order } = await confirmedOrder();
    await kitchenStep(order.id, "accept");
    await kitchenStep(order.id, "ready");
    const res = await stack.app.inject({
      method: "POST",
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: s.authorization },
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("CANCELLED");
    const cancelled = await stack.prisma.outboxEvent.findFirstOrThrow({
      where: { type: "order.cancelled", payload: { path: ["correlationId"], equals: order.id } },
    });
    expect((cancelled.payload as { payload: object }).payload).toMatchObject({
      previousStatus: "READY_FOR_PICKUP",
      refunded: true,
    });
  });

  it("refuses after pickup with 409 order-not-cancellable", async () => {
    const { s, order } = await confirmedOrder();
    await kitchenStep(order.id, "accept");
    await kitchenStep(order.id, "ready");
    await stack.deliveryEvent("delivery.picked_up", order.id, s.id);
    await expect.poll(() => stack.statusOf(order.id), { message: "picked up" }).toBe("PICKED_UP");
    const res = await stack.app.inject({
      method: "POST",
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: s.authorization },
      payload: {},
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe(PROBLEM_TYPES.orderNotCancellable);
    expect(await stack.statusOf(order.id)).toBe("PICKED_UP");
    expect(await stack.outboxTypes(order.id)).not.toContain("order.cancelled");
  });
});

describe("a refund the order did not ask for", () => {
  it("cancels the order before it goes out, and later delivery events leave it cancelled", async () => {
    const { s, order } = await confirmedOrder();
    const refunded = createEvent(
      "payment.refunded",
      {
        paymentId: "0196a4c0-0000-7000-8000-0000000000ef",
        refundId: "0196a4c0-0000-7000-8000-0000000000ee",
        orderId: order.id,
        userId: s.id,
        amountCents: order.totalCents,
        currency: "HKD",
        reason: null,
      },
      { source: "payment", correlationId: order.id },
    );
    await stack.main.bus.publish([refunded, refunded]);
    await expect.poll(() => stack.statusOf(order.id), { message: "cancelled by the refund" }).toBe("CANCELLED");
    await stack.deliveryEvent("delivery.assigned", order.id, s.id);
    await sleep(300);
    expect(await stack.statusOf(order.id)).toBe("CANCELLED");
    expect((await history(s, order.id)).map((e) => e.status)).toEqual(["PENDING", "CONFIRMED", "CANCELLED"]);
    expect((await stack.outboxTypes(order.id)).filter((t) => t === "order.cancelled")).toHaveLength(1);
  });
});
