import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { updateCart } from "../src/store/update.ts";
import type { StoredCart } from "../src/store/types.ts";
import { makeStore, STORE_KINDS, testRedis, TTL_SECONDS } from "./helpers.ts";

const redis = testRedis();
afterAll(() => redis.close());

let userCounter = 0;
const newUser = () => `0196a4c0-0000-7000-8000-${String(++userCounter).padStart(12, "0")}`;

const cart = (quantity: number): StoredCart => ({
  restaurantId: "0196a4c0-0000-7000-8000-00000000f00d",
  restaurantName: "Spice Route",
  lines: [
    {
      lineId: "0196a4c0-0000-7000-8000-00000000000a",
      itemId: "0196a4c0-0000-7000-8000-00000000000b",
      name: "Garlic Naan",
      quantity,
      notes: null,
    },
  ],
  updatedAt: "2026-11-22T04:00:00.000Z",
});

describe.each(STORE_KINDS)("the %s cart store", (kind) => {
  let clock = Date.now();
  const store = makeStore(kind, redis, { now: () => clock });
  beforeEach(() => {
    clock = Date.now();
  });

  it("has no cart for a new user", async () => {
    expect(await store.read(newUser())).toEqual({ cart: null, version: null });
    expect(await store.ttlSeconds(newUser())).toBeNull();
  });

  it("writes only over the version it was given", async () => {
    const user = newUser();
    expect(await store.compareAndSet(user, null, cart(1))).toBe(true);
    const first = await store.read(user);
    expect(first.cart).toEqual(cart(1));
    expect(await store.compareAndSet(user, null, cart(2))).toBe(false);
    expect(await store.compareAndSet(user, first.version, cart(3))).toBe(true);
    expect(await store.compareAndSet(user, first.version, cart(4))).toBe(false);
    expect((await store.read(user)).cart).toEqual(cart(3));
  });

  it("deletes a cart when the next value is null, and on delete()", async () => {
    const user = newUser();
    await store.compareAndSet(user, null, cart(1));
    const { version } = await store.read(user);
    expect(await store.compareAndSet(user, version, null)).toBe(true);
    expect((await store.read(user)).cart).toBeNull();
    await store.compareAndSet(user, null, cart(1));
    await store.delete(user);
    expect((await store.read(user)).cart).toBeNull();
  });

  it("sets the TTL on a write and starts it again on every write", async () => {
    const user = newUser();
    await store.compareAndSet(user, null, cart(1));
    expect(await store.ttlSeconds(user)).toBeGreaterThan(TTL_SECONDS - 5);
    // Let most of the TTL pass (memory: move the clock; Redis: shorten the key's expiry).
    if (kind === "memory") clock += (TTL_SECONDS - 100) * 1000;
    else await redis.redis.expire(`${redis.keyPrefix}${user}`, 100);
    expect(await store.ttlSeconds(user)).toBeLessThanOrEqual(100);
    await updateCart(store, user, (current) => ({
      next: { ...current!, updatedAt: new Date(clock).toISOString() },
      result: null,
    }));
    expect(await store.ttlSeconds(user)).toBeGreaterThan(TTL_SECONDS - 5);
  });

  it("loses no update when 20 writers change one cart at once", async () => {
    const user = newUser();
    await store.compareAndSet(user, null, cart(1));
    const base = cart(1).lines[0]!;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateCart(store, user, (current) => {
          const line = { ...base, lineId: `0196a4c0-0000-7000-8000-1${String(i).padStart(11, "0")}` };
          return { next: { ...current!, lines: [...current!.lines, line] }, result: null };
        }),
      ),
    );
    expect((await store.read(user)).cart?.lines).toHaveLength(21);
  });

  it("writes nothing when the change refuses", async () => {
    const user = newUser();
    await store.compareAndSet(user, null, cart(5));
    await expect(
      updateCart(store, user, () => {
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect((await store.read(user)).cart).toEqual(cart(5));
  });
});

describe("the memory cart store", () => {
  it("forgets a cart once its TTL has passed", async () => {
    let clock = 0;
    const store = makeStore("memory", redis, { now: () => clock });
    await store.compareAndSet("u", null, cart(1));
    clock += TTL_SECONDS * 1000;
    expect(await store.read("u")).toEqual({ cart: null, version: null });
  });
});

describe("the Redis cart store", () => {
  it("keeps each cart under the configured key prefix, with an expiry", async () => {
    const store = makeStore("redis", redis);
    const user = newUser();
    await store.compareAndSet(user, null, cart(1));
    const ttl = await redis.redis.ttl(`${redis.keyPrefix}${user}`);
    expect(ttl).toBeGreaterThan(TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(TTL_SECONDS);
  });
});
