import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_TYPES, type KitchenOrder, type KitchenOrderList, type Order } from "@ustbites/contracts";
import { createLogger } from "@ustbites/kit";
import { createKitchen } from "../src/domain/kitchen.ts";
import { createSaga } from "../src/domain/saga.ts";
import { startKitchenSimulator } from "../src/kitchen-simulator.ts";
import { openStream, sleep, startStack, type Stack, type Student } from "./helpers.ts";

let stack: Stack;
let kitchen: Student;
beforeAll(async () => {
  stack = await startStack({ heartbeatMs: 300 });
  kitchen = await stack.staff("canton-kitchen");
});
afterAll(() => stack?.close());

async function confirmedOrder(): Promise<{ s: Student; order: Order }> {
  const s = await stack.student();
  const item = await stack.menuItem("canton-kitchen", "Soy Sauce Chicken Rice");
  await stack.addToCart(s, item.id, 2, "extra ginger");
  const order = (await stack.place(s)).json() as Order;
  expect(order.status).toBe("CONFIRMED");
  return { s, order };
}

const listOf = async (who: Student) =>
  stack.app.inject({ method: "GET", url: "/kitchen/orders", headers: { authorization: who.authorization } });
const outboxPayloads = async (orderId: string, type: string) =>
  (
    await stack.prisma.outboxEvent.findMany({ where: { type, payload: { path: ["correlationId"], equals: orderId } } })
  ).map((r) => (r.payload as { payload: Record<string, unknown> }).payload);

describe("the kitchen's orders", () => {
  it("shows staff their restaurant's paid orders with what to cook, and nothing about the student or the card", async () => {
    const { order } = await confirmedOrder();
    const res = await listOf(kitchen);
    expect(res.statusCode).toBe(200);
    const mine = (res.json() as KitchenOrderList).items.find((o) => o.id === order.id);
    expect(mine).toMatchObject({
      status: "CONFIRMED",
      deliveryBuilding: "Hall 5",
      readyBy: null,
      shortId: order.id.replace(/-/g, "").slice(-8),
    });
    expect(mine?.items[0]).toMatchObject({ name: "Soy Sauce Chicken Rice", quantity: 2, notes: "extra ginger" });
    expect(JSON.stringify(mine)).not.toContain(order.userId);
    expect(mine).not.toHaveProperty("paymentLast4");
  });

  it("shows staff of another restaurant none of them", async () => {
    const { order } = await confirmedOrder();
    const other = await stack.staff("spice-route");
    const res = await listOf(other);
    expect(res.statusCode).toBe(200);
    expect((res.json() as KitchenOrderList).items.map((o) => o.id)).not.toContain(order.id);
  });

  it("is for staff only: 401 without a token, 403 for a student, a courier or an admin", async () => {
    expect((await stack.app.inject({ method: "GET", url: "/kitchen/orders" })).statusCode).toBe(401);
    for (const who of [
      await stack.student(),
      await stack.student({ role: "courier", courierId: "0196a4c0-d000-7000-8000-000000000001" }),
      await stack.student({ role: "admin" }),
    ]) {
      const res = await listOf(who);
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe(PROBLEM_TYPES.forbidden);
    }
  });
});

describe("accept, reject, ready", () => {
  it("accepts with a prep estimate: PREPARING, ready by then, and order.accepted for delivery; a second tap changes nothing", async () => {
    const { s, order } = await confirmedOrder();
    const before = Date.now();
    const res = await stack.kitchen(kitchen, order.id, "accept", { prepMinutes: 20 });
    expect(res.statusCode).toBe(200);
    const accepted = res.json() as KitchenOrder;
    expect(accepted.status).toBe("PREPARING");
    // The demo clock: 20 simulated minutes at 60× are 20 real seconds.
    expect(Date.parse(accepted.readyBy ?? "") - before).toBeGreaterThanOrEqual(19_000);
    expect(Date.parse(accepted.readyBy ?? "") - before).toBeLessThan(25_000);
    expect(await outboxPayloads(order.id, "order.accepted")).toEqual([
      expect.objectContaining({
        orderId: order.id,
        prepMinutes: 20,
        acceptedBy: "staff",
        deliveryAddress: expect.objectContaining({ building: "Hall 5" }),
      }),
    ]);

    const again = await stack.kitchen(kitchen, order.id, "accept", { prepMinutes: 5 });
    expect(again.statusCode).toBe(200);
    expect((again.json() as KitchenOrder).readyBy).toBe(accepted.readyBy);
    expect(await outboxPayloads(order.id, "order.accepted")).toHaveLength(1);
    const seen = (await stack.get(s, `/orders/${order.id}`)).json() as Order;
    expect(seen).toMatchObject({ status: "PREPARING", readyBy: accepted.readyBy });
  });

  it("rejects with a reason: REJECTED, the student sees why, and order.cancelled by the restaurant refunds the payment", async () => {
    const { s, order } = await confirmedOrder();
    const res = await stack.kitchen(kitchen, order.id, "reject", { reason: "Out of chicken tonight" });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("REJECTED");
    const seen = (await stack.get(s, `/orders/${order.id}`)).json() as Order;
    expect(seen).toMatchObject({
      status: "REJECTED",
      failureReason: "Rejected by Canton Kitchen: Out of chicken tonight",
    });
    expect(await outboxPayloads(order.id, "order.cancelled")).toEqual([
      expect.objectContaining({
        by: "restaurant",
        reason: "Out of chicken tonight",
        refunded: true,
        previousStatus: "CONFIRMED",
      }),
    ]);
    // Rejected is final: the student can no longer cancel, the kitchen can no longer accept.
    const cancel = await stack.app.inject({
      method: "POST",
      url: `/orders/${order.id}/cancel`,
      headers: { authorization: s.authorization },
    });
    expect(cancel.statusCode).toBe(409);
    const accept = await stack.kitchen(kitchen, order.id, "accept", { prepMinutes: 10 });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().type).toBe(PROBLEM_TYPES.orderWrongStatus);
  });

  it("marks ready only what it is preparing: 409 before accepting, then READY_FOR_PICKUP and order.ready_for_pickup", async () => {
    const { order } = await confirmedOrder();
    const early = await stack.kitchen(kitchen, order.id, "ready");
    expect(early.statusCode).toBe(409);
    expect(await stack.statusOf(order.id)).toBe("CONFIRMED");
    await stack.kitchen(kitchen, order.id, "accept", { prepMinutes: 10 });
    const res = await stack.kitchen(kitchen, order.id, "ready");
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("READY_FOR_PICKUP");
    expect(await outboxPayloads(order.id, "order.ready_for_pickup")).toHaveLength(1);
    // Too late to reject once the food is made.
    expect((await stack.kitchen(kitchen, order.id, "reject", { reason: "changed our mind" })).statusCode).toBe(409);
  });

  it("answers staff of another restaurant, a student and a courier without touching the order", async () => {
    const { s, order } = await confirmedOrder();
    const other = await stack.staff("spice-route");
    for (const step of ["accept", "reject", "ready"] as const) {
      const body = step === "accept" ? { prepMinutes: 10 } : step === "reject" ? { reason: "no" } : undefined;
      expect((await stack.kitchen(other, order.id, step, body)).statusCode).toBe(404);
      expect((await stack.kitchen(s, order.id, step, body)).statusCode).toBe(403);
      expect(
        (
          await stack.kitchen(
            await stack.student({ role: "courier", courierId: "0196a4c0-d000-7000-8000-000000000001" }),
            order.id,
            step,
            body,
          )
        ).statusCode,
      ).toBe(403);
    }
    expect(await stack.statusOf(order.id)).toBe("CONFIRMED");
    expect(await stack.prisma.orderEventRow.count({ where: { orderId: order.id } })).toBe(2);
  });

  it.each([
    ["a prep time of 0", "accept", { prepMinutes: 0 }, "prepMinutes"],
    ["a prep time in words", "accept", { prepMinutes: "ten" }, "prepMinutes"],
    ["no reason", "reject", {}, "reason"],
    ["an empty reason", "reject", { reason: "  " }, "reason"],
  ] as const)("answers %s with a 400 naming the field", async (_what, step, body, field) => {
    const { order } = await confirmedOrder();
    const res = await stack.kitchen(kitchen, order.id, step, body);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().errors)).toContain(field);
    expect(await stack.statusOf(order.id)).toBe("CONFIRMED");
  });
});

describe("the kitchen's live stream", () => {
  it("pushes every change of the restaurant's orders to its staff, from placing on", async () => {
    const stream = await openStream(stack.app, { authorization: kitchen.authorization });
    const restaurantId = await stack.restaurantId("canton-kitchen");
    stream.send({ type: "subscribe_restaurant", restaurantId });
    await stream.waitFor((m) => m.some((x) => x.type === "restaurant_subscribed"));
    const { order } = await confirmedOrder();
    await stream.waitFor(() => stream.statuses(order.id).length >= 2);
    await stack.kitchen(kitchen, order.id, "accept", { prepMinutes: 8 });
    await stream.waitFor(() => stream.statuses(order.id).length >= 3);
    expect(stream.statuses(order.id).map((m) => [m.status, m.restaurantId])).toEqual([
      ["PENDING", restaurantId],
      ["CONFIRMED", restaurantId],
      ["PREPARING", restaurantId],
    ]);
    stream.close();
  });

  it("refuses a student and staff of another restaurant", async () => {
    const restaurantId = await stack.restaurantId("canton-kitchen");
    for (const who of [await stack.student(), await stack.staff("spice-route")]) {
      const stream = await openStream(stack.app, { authorization: who.authorization });
      stream.send({ type: "subscribe_restaurant", restaurantId });
      await stream.waitFor((m) => m.some((x) => x.type === "error"));
      expect(stream.messages).toEqual([expect.objectContaining({ type: "error", code: "forbidden" })]);
      const { order } = await confirmedOrder();
      await sleep(300);
      expect(stream.statuses(order.id)).toEqual([]);
      stream.close();
    }
  });
});

describe("the simulated kitchen", () => {
  const AUTO_ACCEPT_MS = 1000;
  const simulate = () =>
    startKitchenSimulator({
      repo: stack.repo,
      kitchen: createKitchen({
        repo: stack.repo,
        saga: createSaga({ repo: stack.repo, now: () => new Date(), log: createLogger("order", "silent") }),
        now: () => new Date(),
        clockSpeed: 600,
        onEventsEnqueued: () => stack.main.relay.kick(),
      }),
      autoAcceptMs: AUTO_ACCEPT_MS,
      presenceTtlMs: 2000,
      // Tests drive passes themselves.
      tickMs: 60_000,
      now: () => new Date(),
      onEventsEnqueued: () => stack.main.relay.kick(),
      log: createLogger("order", "silent"),
    });

  it("accepts an order nobody is signed in for after the delay, with the usual prep time, then marks it ready when due", async () => {
    const simulator = simulate();
    try {
      // Another restaurant's kitchen being open does not staff this one.
      const elsewhere = await openStream(stack.app, {
        authorization: (await stack.staff("spice-route")).authorization,
      });
      elsewhere.send({ type: "subscribe_restaurant", restaurantId: await stack.restaurantId("spice-route") });
      await elsewhere.waitFor((m) => m.some((x) => x.type === "restaurant_subscribed"));
      const { order } = await confirmedOrder();
      await simulator.pass();
      expect(await stack.statusOf(order.id)).toBe("CONFIRMED");
      await sleep(AUTO_ACCEPT_MS + 100);
      // A pass reads the due orders in its own SQL: each must be what Prisma reads, field for field.
      const work = await stack.repo.kitchenWork({
        seenSince: new Date(Date.now() - 2000),
        confirmedBefore: new Date(Date.now() - AUTO_ACCEPT_MS),
        dueBy: new Date(),
        autoAcceptMs: AUTO_ACCEPT_MS,
        limit: 50,
      });
      expect(work.due.find((o) => o.id === order.id)).toEqual(
        await stack.prisma.order.findUniqueOrThrow({
          where: { id: order.id },
          include: { items: { orderBy: { position: "asc" } } },
        }),
      );
      await simulator.pass();
      expect(await stack.statusOf(order.id)).toBe("PREPARING");
      const { prepTimeMinutes } = await stack.prisma.order.findUniqueOrThrow({ where: { id: order.id } });
      expect(await outboxPayloads(order.id, "order.accepted")).toEqual([
        expect.objectContaining({ acceptedBy: "simulator", prepMinutes: prepTimeMinutes }),
      ]);
      // The restaurant's usual prep time (10-20 simulated minutes) at 600× is a second or two.
      await expect
        .poll(async () => (await simulator.pass(), stack.statusOf(order.id)), { timeout: 10_000 })
        .toBe("READY_FOR_PICKUP");
      elsewhere.close();
    } finally {
      await simulator.stop();
    }
  });

  it("leaves orders to the people while the restaurant's kitchen screen is open, and takes over when it closes", async () => {
    const simulator = simulate();
    try {
      const stream = await openStream(stack.app, { authorization: kitchen.authorization });
      stream.send({ type: "subscribe_restaurant", restaurantId: await stack.restaurantId("canton-kitchen") });
      await stream.waitFor((m) => m.some((x) => x.type === "restaurant_subscribed"));
      const { order } = await confirmedOrder();
      await sleep(AUTO_ACCEPT_MS + 100);
      await simulator.pass();
      expect(await stack.statusOf(order.id)).toBe("CONFIRMED");

      stream.close();
      await expect
        .poll(() => stack.prisma.kitchenSession.count({ where: { restaurantId: order.restaurantId } }), {
          timeout: 5000,
        })
        .toBe(0);
      await simulator.pass();
      expect(await stack.statusOf(order.id)).toBe("PREPARING");
    } finally {
      await simulator.stop();
    }
  });
});
