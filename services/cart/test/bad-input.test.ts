import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { AddCartItemBody, UpdateCartItemBody, type Cart } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import { buildTestApp, makeStore, newStudent, startUpstreams, testRedis, type Upstreams } from "./helpers.ts";

let up: Upstreams;
let app: App;
const redis = testRedis();
let authorization: string;
let naanId: string;
let lineId: string;
let before: Cart;

beforeAll(async () => {
  up = await startUpstreams();
  app = await buildTestApp(up, makeStore("redis", redis));
  authorization = `Bearer ${await up.token(newStudent())}`;
  naanId = (await up.item("spice-route", "Garlic Naan")).id;
  before = (
    await app.inject({
      method: "POST",
      url: "/cart/items",
      headers: { authorization },
      payload: { itemId: naanId, quantity: 2, notes: "crispy" },
    })
  ).json();
  lineId = before.lines[0]!.lineId;
});
afterAll(async () => {
  await app?.close();
  await redis.close();
  await up?.close();
});

const cartNow = async () => (await app.inject({ method: "GET", url: "/cart", headers: { authorization } })).json();

type Method = "GET" | "POST" | "PATCH" | "DELETE";

describe("bad input to every route", () => {
  // ":line" stands for the student's real line, whose id is known only once the test has run beforeAll.
  const url = (template: string) => template.replace(":line", lineId);
  const cases: [Method, string, unknown, string][] = [
    ["POST", "/cart/items", { itemId: "not-a-uuid" }, "body.itemId"],
    ["POST", "/cart/items", { quantity: 1 }, "body.itemId"],
    ["POST", "/cart/items", { itemId: 42 }, "body.itemId"],
    ["POST", "/cart/items", { itemId: "00000000-0000-0000-0000-00000000000g" }, "body.itemId"],
    ["POST", "/cart/items", { itemId: naanId, quantity: 0 }, "body.quantity"],
    ["POST", "/cart/items", { itemId: naanId, quantity: 21 }, "body.quantity"],
    ["POST", "/cart/items", { itemId: naanId, quantity: "two" }, "body.quantity"],
    ["POST", "/cart/items", { itemId: naanId, quantity: 1.5 }, "body.quantity"],
    ["POST", "/cart/items", { itemId: naanId, quantity: -3 }, "body.quantity"],
    ["POST", "/cart/items", { itemId: naanId, notes: "x".repeat(201) }, "body.notes"],
    ["POST", "/cart/items", { itemId: naanId, notes: ["no onions"] }, "body.notes"],
    ["POST", "/cart/items", { itemId: naanId, priceCents: 1 }, "body.priceCents"],
    ["POST", "/cart/items", { itemId: naanId, userId: newStudent() }, "body.userId"],
    ["POST", "/cart/items", [naanId], "body"],
    ["PATCH", "/cart/items/:line", { quantity: 0 }, "body.quantity"],
    ["PATCH", "/cart/items/:line", { quantity: 21 }, "body.quantity"],
    ["PATCH", "/cart/items/:line", { quantity: "two" }, "body.quantity"],
    ["PATCH", "/cart/items/:line", { notes: 7 }, "body.notes"],
    ["PATCH", "/cart/items/:line", { quantity: 2, restaurantId: newStudent() }, "body.restaurantId"],
    ["PATCH", "/cart/items/:line", {}, "body"],
    ["PATCH", "/cart/items/not-a-uuid", { quantity: 2 }, "params.lineId"],
    ["PATCH", "/cart/items/123", { quantity: 2 }, "params.lineId"],
    ["DELETE", "/cart/items/not-a-uuid", undefined, "params.lineId"],
    ["DELETE", "/cart/items/a%20b", undefined, "params.lineId"],
  ];

  it.each(cases)("%s %s with %j → 400 naming %s, cart unchanged", async (method, template, payload, field) => {
    const res = await app.inject({
      method,
      url: url(template),
      headers: { authorization },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await cartNow()).toEqual(before);
  });

  it.each([
    ["POST", "/cart/items"],
    ["PATCH", "/cart/items/:line"],
  ] as const)("%s %s with malformed JSON → 400 naming the body", async (method, template) => {
    const res = await app.inject({
      method,
      url: url(template),
      payload: '{"itemId": "',
      headers: { authorization, "content-type": "application/json" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().errors[0].field).toBe("body");
    expect(await cartNow()).toEqual(before);
  });

  it.each([
    ["POST", "/cart/items"],
    ["PATCH", "/cart/items/:line"],
  ] as const)("%s %s with a non-JSON content type → 415 problem", async (method, template) => {
    const res = await app.inject({
      method,
      url: url(template),
      payload: "quantity=2",
      headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(await cartNow()).toEqual(before);
  });

  // Fastify's router refuses a path parameter over 100 characters (414) before any hook or error
  // handler runs, so this answer is plain JSON rather than a problem; it is still never a 5xx.
  it("answers an over-long line id with a 4xx", async () => {
    const res = await app.inject({
      method: "DELETE",
      url: `/cart/items/${"a".repeat(300)}`,
      headers: { authorization },
    });
    expect(res.statusCode).toBe(414);
    expect(await cartNow()).toEqual(before);
  });

  it("never answers arbitrary JSON with a 5xx, and never changes the cart with it", async () => {
    const routes = [
      { method: "POST", template: "/cart/items", valid: AddCartItemBody },
      { method: "PATCH", template: "/cart/items/:line", valid: UpdateCartItemBody },
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        // A body the route accepts may change the cart; the property is about everything else.
        fc
          .tuple(fc.constantFrom(...routes), fc.jsonValue())
          .filter(([route, body]) => !route.valid.safeParse(body).success),
        async ([route, body]) => {
          const res = await app.inject({
            method: route.method,
            url: url(route.template),
            payload: JSON.stringify(body),
            headers: { authorization, "content-type": "application/json" },
          });
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    expect(await cartNow()).toEqual(before);
  });
});
