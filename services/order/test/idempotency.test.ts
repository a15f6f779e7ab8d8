import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_TYPES, type Order } from "@ustbites/contracts";
import { orderBody, startStack, type Stack } from "./helpers.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe("Idempotency-Key", () => {
  it("places one order and charges once for ten concurrent requests with the same key", async () => {
    const s = await stack.student();
    const item = await stack.menuItem("canton-kitchen", "Wonton Noodle Soup");
    await stack.addToCart(s, item.id, 2);
    const key = randomUUID();

    const responses = await Promise.all(Array.from({ length: 10 }, () => stack.place(s, orderBody(), key)));
    const ids = new Set(responses.map((r) => (r.json() as Order).id));
    expect(ids.size).toBe(1);
    const [orderId] = [...ids] as [string];
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);

    expect(await stack.prisma.order.count({ where: { userId: s.id } })).toBe(1);
    expect(await stack.paymentPrisma.payment.count({ where: { orderId } })).toBe(1);
    expect(await stack.paymentPrisma.processorCharge.count()).toBe(await stack.paymentPrisma.payment.count());
    expect(await stack.statusOf(orderId)).toBe("CONFIRMED");
  });

  it("answers a retry after completion with the same order and status 200, without charging again", async () => {
    const s = await stack.student();
    const item = await stack.menuItem("canton-kitchen", "Beef Brisket Noodles");
    await stack.addToCart(s, item.id);
    const key = randomUUID();
    const first = await stack.place(s, orderBody(), key);
    expect(first.statusCode).toBe(201);
    // The cart is empty now; a replay must not look at it.
    const again = await stack.place(s, orderBody(), key);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await stack.paymentPrisma.payment.count({ where: { orderId: first.json().id } })).toBe(1);
  });

  it("refuses the same key with a different body with 409 idempotency-conflict", async () => {
    const s = await stack.student();
    const item = await stack.menuItem("canton-kitchen", "Beef Brisket Noodles");
    await stack.addToCart(s, item.id);
    const key = randomUUID();
    await stack.place(s, orderBody(), key);
    const other = await stack.place(s, orderBody(undefined, "Hall 9"), key);
    expect(other.statusCode).toBe(409);
    expect(other.json().type).toBe(PROBLEM_TYPES.idempotencyConflict);
    expect(await stack.prisma.order.count({ where: { userId: s.id } })).toBe(1);
  });

  it("scopes keys per student: another student's identical key places their own order", async () => {
    const a = await stack.student();
    const b = await stack.student();
    const item = await stack.menuItem("canton-kitchen", "Iced Lemon Tea");
    await stack.addToCart(a, item.id);
    await stack.addToCart(b, item.id);
    const key = randomUUID();
    const first = (await stack.place(a, orderBody(), key)).json() as Order;
    const second = await stack.place(b, orderBody(), key);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).not.toBe(first.id);
    expect(second.json().userId).toBe(b.id);
  });
});
