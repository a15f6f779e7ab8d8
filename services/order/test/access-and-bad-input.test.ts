import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { TEST_CARDS, type Order } from "@ustbites/contracts";
import { orderBody, startStack, type Stack, type Student } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

let stack: Stack;
let owner: Student;
let intruder: Student;
let order: Order;

beforeAll(async () => {
  stack = await startStack();
  owner = await stack.student();
  intruder = await stack.student();
  const item = await stack.menuItem("canton-kitchen", "Char Siu Rice");
  await stack.addToCart(owner, item.id);
  order = (await stack.place(owner)).json() as Order;
  // The intruder has a cart too, so a request that got past validation could place an order.
  await stack.addToCart(intruder, item.id);
});
afterAll(() => stack?.close());

const counts = async () => ({
  orders: await stack.prisma.order.count(),
  events: await stack.prisma.orderEventRow.count(),
  outbox: await stack.prisma.outboxEvent.count(),
  payments: await stack.paymentPrisma.payment.count(),
});

describe("another student's order", () => {
  it.each([
    ["GET", () => `/orders/${order.id}`],
    ["GET", () => `/orders/${order.id}/events`],
    ["POST", () => `/orders/${order.id}/cancel`],
  ] as const)("%s %s answers 404, exactly like an unknown id", async (method, url) => {
    const before = await counts();
    const theirs = await stack.app.inject({ method, url: url(), headers: { authorization: intruder.authorization } });
    const unknown = await stack.app.inject({
      method,
      url: url().replace(order.id, randomUUID()),
      headers: { authorization: intruder.authorization },
    });
    expect(theirs.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(theirs.json().type).toBe(unknown.json().type);
    expect(await counts()).toEqual(before);
    expect(await stack.statusOf(order.id)).toBe("CONFIRMED");
  });

  it("does not appear in the other student's list", async () => {
    const list = (await stack.get(intruder, "/orders")).json();
    expect(list.items.map((o: Order) => o.id)).not.toContain(order.id);
  });
});

describe("authentication", () => {
  it.each([
    ["POST", "/orders"],
    ["GET", "/orders"],
    ["GET", "/orders/:id"],
    ["GET", "/orders/:id/events"],
    ["POST", "/orders/:id/cancel"],
  ] as const)("%s %s without a token → 401", async (method, template) => {
    const res = await stack.app.inject({
      method,
      url: template.replace(":id", order.id),
      headers: { "idempotency-key": randomUUID() },
      ...(method === "POST" ? { payload: template === "/orders" ? orderBody() : {} } : {}),
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  });
});

describe("bad input to every route", () => {
  type Case = [string, "GET" | "POST", string, Record<string, string>, unknown, string];
  const key = { "idempotency-key": "0196a4c0-key-0001" };
  const good = orderBody();
  const cases: Case[] = [
    ["no Idempotency-Key", "POST", "/orders", {}, good, "headers.idempotency-key"],
    ["a short Idempotency-Key", "POST", "/orders", { "idempotency-key": "abc" }, good, "headers.idempotency-key"],
    [
      "an Idempotency-Key with spaces",
      "POST",
      "/orders",
      { "idempotency-key": "has spaces in it" },
      good,
      "headers.idempotency-key",
    ],
    ["no address", "POST", "/orders", key, { payment: card() }, "body.deliveryAddress"],
    [
      "an empty building",
      "POST",
      "/orders",
      key,
      { ...good, deliveryAddress: { building: " " } },
      "body.deliveryAddress.building",
    ],
    [
      "long instructions",
      "POST",
      "/orders",
      key,
      { ...good, deliveryAddress: { building: "Hall 5", instructions: "x".repeat(201) } },
      "body.deliveryAddress.instructions",
    ],
    [
      "a card failing its checksum",
      "POST",
      "/orders",
      key,
      { ...good, payment: card("4242424242424241") },
      "body.payment.number",
    ],
    [
      "an expired card",
      "POST",
      "/orders",
      key,
      { ...good, payment: { ...card(TEST_CARDS.success), expYear: 2020 } },
      "body.payment.expYear",
    ],
    ["a bad CVC", "POST", "/orders", key, { ...good, payment: { ...card(), cvc: "12" } }, "body.payment.cvc"],
    ["a client-chosen total", "POST", "/orders", key, { ...good, totalCents: 1 }, "body.totalCents"],
    ["items in the body", "POST", "/orders", key, { ...good, items: [] }, "body.items"],
    ["an array body", "POST", "/orders", key, [good], "body"],
    ["limit 0", "GET", "/orders?limit=0", {}, undefined, "query.limit"],
    ["limit 101", "GET", "/orders?limit=101", {}, undefined, "query.limit"],
    ["a negative offset", "GET", "/orders?offset=-1", {}, undefined, "query.offset"],
    ["an unknown status", "GET", "/orders?status=LOST", {}, undefined, "query.status"],
    ["an unknown query parameter", "GET", "/orders?userId=someone", {}, undefined, "query.userId"],
    ["a malformed id", "GET", "/orders/not-a-uuid", {}, undefined, "params.id"],
    ["a malformed id", "GET", "/orders/123/events", {}, undefined, "params.id"],
    ["a malformed id", "POST", "/orders/not-a-uuid/cancel", {}, {}, "params.id"],
    ["an empty reason", "POST", "/orders/:id/cancel", {}, { reason: "" }, "body.reason"],
    ["a long reason", "POST", "/orders/:id/cancel", {}, { reason: "x".repeat(201) }, "body.reason"],
    ["an unknown field", "POST", "/orders/:id/cancel", {}, { refund: false }, "body.refund"],
  ];

  it.each(cases)(
    "%s: %s %s → 400 naming the field, nothing written",
    async (_name, method, template, headers, payload, field) => {
      const before = await counts();
      const res = await stack.app.inject({
        method,
        url: template.replace(":id", order.id),
        headers: { authorization: intruder.authorization, ...headers },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts()).toEqual(before);
    },
  );

  it.each(["/orders", `/orders/:id/cancel`])("POST %s with malformed JSON → 400 naming the body", async (template) => {
    const res = await stack.app.inject({
      method: "POST",
      url: template.replace(":id", order.id),
      payload: '{"deliveryAddress": {',
      headers: { authorization: owner.authorization, "content-type": "application/json", ...key },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("body");
  });

  it("never answers arbitrary JSON with a 5xx, and never places an order from it", async () => {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/orders", `/orders/${order.id}/cancel`), fc.jsonValue(), async (url, body) => {
        const res = await stack.app.inject({
          method: "POST",
          url,
          payload: JSON.stringify(body),
          headers: {
            authorization: intruder.authorization,
            "content-type": "application/json",
            "idempotency-key": randomUUID(),
          },
        });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    expect(await counts()).toEqual(before);
  });
});
