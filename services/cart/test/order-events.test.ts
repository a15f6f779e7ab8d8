import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { v7 } from "uuid";
import { createEvent, type OrderConfirmedPayload } from "@ustbites/contracts";
import { createMemoryBus, type MemoryBus } from "@ustbites/kit/bus";
import { testRedisUrl } from "@ustbites/kit/testing";
import { subscribeToConfirmedOrders } from "../src/consumers/order-events.ts";
import { createMemoryCartStore } from "../src/store/memory.ts";
import { createRedisCartStore } from "../src/store/redis.ts";
import type { CartStore, StoredCart } from "../src/store/types.ts";

const SPICE_ROUTE = randomUUID();
const quiet = { info() {}, warn() {}, error() {} };
let redis: Redis;
const prefix = `test-cart-events-${randomUUID()}:`;

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const stores: [string, () => CartStore][] = [
  ["memory", () => createMemoryCartStore({ ttlSeconds: 3600 })],
  ["redis", () => createRedisCartStore({ redis: redis.duplicate(), ttlSeconds: 3600, keyPrefix: prefix })],
];

describe.each(stores)("a confirmed order empties the cart it was placed from (%s store)", (_name, makeStore) => {
  let bus: MemoryBus;
  let store: CartStore;
  afterEach(async () => {
    await bus.close();
    await store.close();
  });

  async function setup() {
    bus = createMemoryBus({ log: quiet });
    store = makeStore();
    await subscribeToConfirmedOrders({ bus, store });
  }

  const cartAt = (updatedAt: Date, restaurantId = SPICE_ROUTE): StoredCart => ({
    restaurantId,
    restaurantName: "Spice Route",
    lines: [{ lineId: randomUUID(), itemId: randomUUID(), quantity: 2, notes: "no onions", name: "Paneer Tikka Wrap" }],
    updatedAt: updatedAt.toISOString(),
  });

  const confirmed = (userId: string, orderId: string, restaurantId = SPICE_ROUTE) =>
    createEvent("order.confirmed", {
      orderId,
      userId,
      userEmail: "s@connect.ust.hk",
      userName: "S",
      restaurantId,
      restaurantName: "Spice Route",
      restaurantLocation: { building: "LG7", zone: "central" },
      deliveryAddress: { building: "Hall 5", room: null, instructions: null },
      items: [],
      subtotalCents: 8400,
      deliveryFeeCents: 1000,
      totalCents: 9400,
      prepTimeMinutes: 15,
      paymentId: randomUUID(),
      confirmedAt: new Date().toISOString(),
    } satisfies OrderConfirmedPayload);

  /** Lets the bus deliver: it never delivers inside publish's call stack. */
  const settle = () => new Promise((r) => setTimeout(r, 100));

  it("clears a cart last changed before the order was created, once even if the event repeats", async () => {
    await setup();
    const userId = randomUUID();
    await store.compareAndSet(userId, null, cartAt(new Date(Date.now() - 60_000)));
    const event = confirmed(userId, v7());
    await bus.publish([event]);
    await bus.publish([event]);
    await settle();
    expect((await store.read(userId)).cart).toBeNull();
  });

  it("keeps a cart the student changed after ordering", async () => {
    await setup();
    const userId = randomUUID();
    const orderId = v7({ msecs: Date.now() - 60_000 });
    await store.compareAndSet(userId, null, cartAt(new Date()));
    await bus.publish([confirmed(userId, orderId)]);
    await settle();
    expect((await store.read(userId)).cart?.lines).toHaveLength(1);
  });

  it("keeps a cart from another restaurant", async () => {
    await setup();
    const userId = randomUUID();
    await store.compareAndSet(userId, null, cartAt(new Date(Date.now() - 60_000), randomUUID()));
    await bus.publish([confirmed(userId, v7())]);
    await settle();
    expect((await store.read(userId)).cart?.lines).toHaveLength(1);
    expect(bus.deadLetters("cart.order-events")).toHaveLength(0);
  });
});
