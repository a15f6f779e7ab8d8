import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CART_RESTAURANT_CONFLICT,
  DELIVERY_FEE_CENTS,
  PROBLEM_TYPES,
  type Cart,
  type MenuItem,
} from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import { Redis } from "ioredis";
import { decodeJwt } from "jose";
import { createRedisCartStore } from "../src/store/redis.ts";
import { updateCart } from "../src/store/update.ts";
import type { CartStore } from "../src/store/types.ts";
import {
  buildTestApp,
  client,
  makeStore,
  newStudent,
  startUpstreams,
  STORE_KINDS,
  testRedis,
  TTL_SECONDS,
  type Upstreams,
} from "./helpers.ts";

let up: Upstreams;
const redis = testRedis();
const menu: Record<string, MenuItem> = {};

beforeAll(async () => {
  up = await startUpstreams();
  for (const [slug, name] of [
    ["spice-route", "Garlic Naan"],
    ["spice-route", "Mango Lassi"],
    ["spice-route", "Paneer Tikka Wrap"],
    ["spice-route", "Masala Chai"],
    ["spice-route", "Lamb Rogan Josh"],
    ["seoul-bowl", "Bibimbap"],
  ] as const) {
    menu[name] = await up.item(slug, name);
  }
});
afterAll(async () => {
  await redis.close();
  await up?.close();
});

const item = (name: string): MenuItem => {
  const found = menu[name];
  if (!found) throw new Error(`${name} was not looked up`);
  return found;
};

describe.each(STORE_KINDS)("cart-service on the %s store", (kind) => {
  let store: CartStore;
  let app: App;
  beforeAll(async () => {
    store = makeStore(kind, redis);
    app = await buildTestApp(up, store);
  });
  afterAll(() => app?.close());

  const as = (student: string) => client(app, up, student);

  it("adds items, adding to the line of the same item and notes and opening a line for other notes", async () => {
    const call = as(newStudent());
    const naan = item("Garlic Naan");
    const first = await call("POST", "/cart/items", { itemId: naan.id, quantity: 2 });
    expect(first.statusCode).toBe(201);
    await call("POST", "/cart/items", { itemId: naan.id });
    const res = await call("POST", "/cart/items", { itemId: naan.id, quantity: 1, notes: "  extra butter " });
    const cart: Cart = res.json();
    expect(cart.lines.map((l) => [l.name, l.quantity, l.notes, l.unitPriceCents, l.lineTotalCents])).toEqual([
      ["Garlic Naan", 3, null, naan.priceCents, 3 * naan.priceCents],
      ["Garlic Naan", 1, "extra butter", naan.priceCents, naan.priceCents],
    ]);
    expect(cart).toMatchObject({
      restaurantId: naan.restaurantId,
      restaurantName: "Spice Route",
      itemCount: 4,
      subtotalCents: 4 * naan.priceCents,
      deliveryFeeCents: DELIVERY_FEE_CENTS,
      totalCents: 4 * naan.priceCents + DELIVERY_FEE_CENTS,
      hasUnavailableItems: false,
    });
    expect((await call("GET", "/cart")).json()).toEqual(cart);
  });

  it("changes a line's quantity and notes, removes a line, and clears the cart", async () => {
    const call = as(newStudent());
    await call("POST", "/cart/items", { itemId: item("Garlic Naan").id });
    const added: Cart = (
      await call("POST", "/cart/items", { itemId: item("Mango Lassi").id, notes: "less sugar" })
    ).json();
    const [naanLine, lassiLine] = added.lines;

    const patched = await call("PATCH", `/cart/items/${lassiLine!.lineId}`, { quantity: 3, notes: null });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().lines[1]).toMatchObject({ lineId: lassiLine!.lineId, quantity: 3, notes: null });
    expect(
      (await call("PATCH", `/cart/items/${lassiLine!.lineId}`, { notes: "no ice" })).json().lines[1],
    ).toMatchObject({ quantity: 3, notes: "no ice" });

    const removed = await call("DELETE", `/cart/items/${naanLine!.lineId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().lines.map((l: { name: string }) => l.name)).toEqual(["Mango Lassi"]);

    const cleared = await call("DELETE", "/cart");
    expect(cleared.statusCode).toBe(204);
    expect(cleared.body).toBe("");
    expect((await call("GET", "/cart")).json()).toMatchObject({
      lines: [],
      restaurantId: null,
      totalCents: 0,
      deliveryFeeCents: 0,
      updatedAt: null,
    });
  });

  it("answers 404 for a line the cart does not have", async () => {
    const call = as(newStudent());
    const missing = "0196a4c0-0000-7000-8000-0000000ff404";
    for (const [method, payload] of [
      ["PATCH", { quantity: 2 }],
      ["DELETE", undefined],
    ] as const) {
      const res = await call(method, `/cart/items/${missing}`, payload);
      expect(res.statusCode).toBe(404);
      expect(res.json().type).toBe(PROBLEM_TYPES.notFound);
    }
  });

  it("re-prices the cart from restaurant-service on every read", async () => {
    const call = as(newStudent());
    const wrap = item("Paneer Tikka Wrap");
    await call("POST", "/cart/items", { itemId: wrap.id, quantity: 2 });
    try {
      await up.setPrice(wrap.id, wrap.priceCents + 500);
      const cart: Cart = (await call("GET", "/cart")).json();
      expect(cart.lines[0]).toMatchObject({
        unitPriceCents: wrap.priceCents + 500,
        lineTotalCents: 2 * (wrap.priceCents + 500),
      });
      expect(cart.totalCents).toBe(2 * (wrap.priceCents + 500) + DELIVERY_FEE_CENTS);
    } finally {
      await up.setPrice(wrap.id, wrap.priceCents);
    }
  });

  it("flags lines whose item sold out or left the menu, and leaves them out of the totals", async () => {
    const student = newStudent();
    const call = as(student);
    const naan = item("Garlic Naan");
    const chai = item("Masala Chai");
    await call("POST", "/cart/items", { itemId: naan.id });
    await call("POST", "/cart/items", { itemId: chai.id, quantity: 2 });
    // An item deleted from the menu after it was added: restaurant-service no longer knows its id.
    await updateCart(store, student, (current) => ({
      next: {
        ...current!,
        lines: [
          ...current!.lines,
          {
            lineId: "0196a4c0-0000-7000-8000-00000000dead",
            itemId: "0196a4c0-0000-7000-8000-00000000beef",
            name: "Old Special",
            quantity: 1,
            notes: null,
          },
        ],
      },
      result: null,
    }));
    try {
      await up.setAvailable(chai.id, false);
      const cart: Cart = (await call("GET", "/cart")).json();
      expect(cart.lines.map((l) => [l.name, l.available])).toEqual([
        ["Garlic Naan", true],
        ["Masala Chai", false],
        ["Old Special", false],
      ]);
      expect(cart).toMatchObject({
        hasUnavailableItems: true,
        itemCount: 4,
        subtotalCents: naan.priceCents,
        totalCents: naan.priceCents + DELIVERY_FEE_CENTS,
      });
    } finally {
      await up.setAvailable(chai.id, true);
    }
    const back: Cart = (await call("GET", "/cart")).json();
    expect(back.lines[1]).toMatchObject({ name: "Masala Chai", available: true });
  });

  it("refuses an item from another restaurant with 409 naming both, and leaves the cart as it was", async () => {
    const call = as(newStudent());
    await call("POST", "/cart/items", { itemId: item("Garlic Naan").id, quantity: 2 });
    const before = (await call("GET", "/cart")).json();
    const res = await call("POST", "/cart/items", { itemId: item("Bibimbap").id });
    expect(res.statusCode).toBe(409);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: CART_RESTAURANT_CONFLICT,
      detail: "Your cart has items from Spice Route; clear it to order from Seoul Bowl",
    });
    expect((await call("GET", "/cart")).json()).toEqual(before);
  });

  it("refuses a sold-out item with 409 and an unknown item with 404", async () => {
    const call = as(newStudent());
    const soldOut = await call("POST", "/cart/items", { itemId: item("Lamb Rogan Josh").id });
    expect(soldOut.statusCode).toBe(409);
    expect(soldOut.json()).toMatchObject({
      type: PROBLEM_TYPES.itemUnavailable,
      detail: "Lamb Rogan Josh from Spice Route is sold out",
    });
    const unknown = await call("POST", "/cart/items", { itemId: "0196a4c0-0000-7000-8000-0000000ff404" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().type).toBe(PROBLEM_TYPES.notFound);
    expect((await call("GET", "/cart")).json().lines).toEqual([]);
  });

  it("refuses to take a line past 20 and leaves it as it was", async () => {
    const call = as(newStudent());
    await call("POST", "/cart/items", { itemId: item("Garlic Naan").id, quantity: 15 });
    const res = await call("POST", "/cart/items", { itemId: item("Garlic Naan").id, quantity: 6 });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe("body.quantity");
    expect((await call("GET", "/cart")).json().lines[0].quantity).toBe(15);
  });

  it("loses nothing when 20 adds of one item arrive at once", async () => {
    const call = as(newStudent());
    const naan = item("Garlic Naan");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => call("POST", "/cart/items", { itemId: naan.id, quantity: 1 })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const cart: Cart = (await call("GET", "/cart")).json();
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]!.quantity).toBe(20);
  });

  it("keeps each student's cart to themselves", async () => {
    const alice = as(newStudent());
    const bob = as(newStudent());
    const aliceCart: Cart = (
      await alice("POST", "/cart/items", { itemId: item("Garlic Naan").id, quantity: 2 })
    ).json();
    const lineId = aliceCart.lines[0]!.lineId;

    expect((await bob("GET", "/cart")).json().lines).toEqual([]);
    expect((await bob("PATCH", `/cart/items/${lineId}`, { quantity: 9 })).statusCode).toBe(404);
    expect((await bob("DELETE", `/cart/items/${lineId}`)).statusCode).toBe(404);
    expect((await bob("DELETE", "/cart")).statusCode).toBe(204);
    // Bob's cart is his own: a Seoul Bowl item does not conflict with Alice's Spice Route cart.
    expect((await bob("POST", "/cart/items", { itemId: item("Bibimbap").id })).statusCode).toBe(201);

    expect((await alice("GET", "/cart")).json()).toEqual(aliceCart);
  });

  it("answers 401 on every route without a valid token", async () => {
    const lineUrl = "/cart/items/0196a4c0-0000-7000-8000-00000000000a";
    const expired = await up.token(newStudent(), {}, { expiresIn: "-1m" });
    for (const authorization of [
      undefined,
      "Bearer not-a-jwt",
      `Bearer ${expired}`,
      `Basic ${Buffer.from("a:b").toString("base64")}`,
    ]) {
      for (const [method, url, payload] of [
        ["GET", "/cart", undefined],
        ["POST", "/cart/items", { itemId: item("Garlic Naan").id }],
        ["PATCH", lineUrl, { quantity: 2 }],
        ["DELETE", lineUrl, undefined],
        ["DELETE", "/cart", undefined],
      ] as const) {
        const res = await app.inject({
          method,
          url,
          ...(payload ? { payload } : {}),
          headers: authorization ? { authorization } : {},
        });
        expect(res.statusCode, `${method} ${url} with ${authorization}`).toBe(401);
        expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      }
    }
  });

  it("prices a whole cart with one call to restaurant-service, made as cart-service, never with the student's token", async () => {
    let lookups = 0;
    const sent: string[] = [];
    const counting: typeof fetch = (input, init) => {
      if (String(input).endsWith("/internal/items/lookup")) lookups++;
      sent.push(String(new Headers(init?.headers).get("authorization")));
      return fetch(input, init);
    };
    const counted = await buildTestApp(up, store, { fetch: counting });
    try {
      const call = client(counted, up, newStudent());
      for (const name of ["Garlic Naan", "Mango Lassi", "Masala Chai", "Paneer Tikka Wrap"])
        await call("POST", "/cart/items", { itemId: item(name).id });
      expect(lookups).toBe(4);
      lookups = 0;
      expect((await call("GET", "/cart")).json().lines).toHaveLength(4);
      expect(lookups).toBe(1);
      for (const authorization of sent) {
        expect(decodeJwt(authorization.replace(/^Bearer /, ""))).toMatchObject({
          sub: "service:cart",
          svc: "cart",
          aud: "restaurant",
        });
      }
    } finally {
      await counted.close();
    }
  });

  it("answers 503 when restaurant-service does not answer, and an empty cart without asking it", async () => {
    const student = newStudent();
    const down = await buildTestApp(up, store, { restaurantUrl: "http://127.0.0.1:1" });
    try {
      const call = client(down, up, student);
      expect((await call("GET", "/cart")).statusCode).toBe(200);
      await as(student)("POST", "/cart/items", { itemId: item("Garlic Naan").id });
      const res = await call("GET", "/cart");
      expect(res.statusCode).toBe(503);
      expect(res.json().type).toBe(PROBLEM_TYPES.upstreamUnavailable);
    } finally {
      await down.close();
    }
  });
});

describe("cart-service on Redis", () => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp(up, makeStore("redis", redis));
  });
  afterAll(() => app?.close());

  it("gives a cart a TTL and starts it again on every write", async () => {
    const student = newStudent();
    const call = client(app, up, student);
    const key = `${redis.keyPrefix}${student}`;
    const cart: Cart = (await call("POST", "/cart/items", { itemId: item("Garlic Naan").id })).json();
    expect(await redis.redis.ttl(key)).toBeGreaterThan(TTL_SECONDS - 5);

    await redis.redis.expire(key, 100);
    await call("GET", "/cart");
    expect(await redis.redis.ttl(key)).toBeLessThanOrEqual(100);
    await call("PATCH", `/cart/items/${cart.lines[0]!.lineId}`, { quantity: 2 });
    expect(await redis.redis.ttl(key)).toBeGreaterThan(TTL_SECONDS - 5);
  });

  it("is ready only while Redis answers", async () => {
    const res = await app.inject({ method: "GET", url: "/readyz" });
    expect(res.json()).toEqual({ status: "ready", checks: { redis: "ok" } });

    const nowhere = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // The refused connection is the point of this test; without a listener ioredis logs it as unhandled.
    nowhere.on("error", () => {});
    const unready = await buildTestApp(up, createRedisCartStore({ redis: nowhere, ttlSeconds: TTL_SECONDS }));
    try {
      const down = await unready.inject({ method: "GET", url: "/readyz" });
      expect(down.statusCode).toBe(503);
      expect(down.json().checks).toEqual({ redis: "failing" });
    } finally {
      await unready.close();
      nowhere.disconnect();
    }
  });
});
