import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { Redis } from "ioredis";
import { MenuItem, type Menu } from "@ustbites/contracts";
import { createLogger, type App } from "@ustbites/kit";
import { createTestDatabase, createTestKeys } from "@ustbites/kit/testing";
import { readEnv as readRestaurantEnv, startRestaurantService } from "@ustbites/restaurant";
import { buildApp } from "../src/app.ts";
import { createRestaurantCatalogue } from "../src/clients/restaurant.ts";
import { readEnv } from "../src/env.ts";
import { createMemoryCartStore } from "../src/store/memory.ts";
import { createRedisCartStore } from "../src/store/redis.ts";
import type { CartStore } from "../src/store/types.ts";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const TTL_SECONDS = 3600;
export const STORE_KINDS = ["redis", "memory"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A new student id, so no test sees another's cart. */
export const newStudent = (): string => randomUUID();

/**
 * What the cart talks to, for real: restaurant-service on its own fresh database (seeded with the
 * campus catalogue), and a JWKS endpoint standing in for user-service, whose key signs the tokens.
 */
export async function startUpstreams() {
  const keys = await createTestKeys();
  const jwks = await keys.serveJwks();
  const jwksUrl = jwks.url;

  const testDb = await createTestDatabase("cart_restaurant");
  const restaurant = await startRestaurantService(
    readRestaurantEnv({ DATABASE_URL: testDb.url, PORT: "0", LOG_LEVEL: "silent", JWKS_URL: jwksUrl }),
  );
  const sql = new pg.Client({ connectionString: testDb.url });
  await sql.connect();

  return {
    jwksUrl,
    restaurantUrl: restaurant.address,
    token: keys.token,
    serviceToken: keys.serviceToken,
    /** A seeded menu item by restaurant slug and name, read through restaurant-service's API. */
    async item(slug: string, name: string): Promise<MenuItem> {
      const res = await fetch(`${restaurant.address}/restaurants/${slug}/menu`);
      const menu = (await res.json()) as Menu;
      const found = menu.sections.flatMap((s) => s.items).find((i) => i.name === name);
      if (!found) throw new Error(`no ${name} at ${slug}`);
      return MenuItem.parse(found);
    },
    /** There is no price API: the restaurant's owner changes prices in its own database. */
    async setPrice(itemId: string, priceCents: number) {
      await sql.query("UPDATE menu_items SET price_cents = $1 WHERE id = $2", [priceCents, itemId]);
    },
    async deleteItem(itemId: string) {
      await sql.query("DELETE FROM menu_items WHERE id = $1", [itemId]);
    },
    /** Through the API, as an admin would (students may not). */
    async setAvailable(itemId: string, available: boolean) {
      const res = await fetch(`${restaurant.address}/items/${itemId}/availability`, {
        method: "PATCH",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${await keys.admin()}`,
        },
        body: JSON.stringify({ available }),
      });
      if (!res.ok) throw new Error(`availability: ${res.status} ${await res.text()}`);
    },
    async close() {
      await sql.end();
      await restaurant.close();
      await testDb.drop();
      await jwks.close();
    },
  };
}
export type Upstreams = Awaited<ReturnType<typeof startUpstreams>>;

/** A Redis connection and a key prefix of this test file's own; close() deletes every key under it. */
export function testRedis() {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const keyPrefix = `test:cart:${randomBytes(6).toString("hex")}:`;
  return {
    redis,
    keyPrefix,
    async close() {
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await redis.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== "0");
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** A store of the given kind. A Redis store shares the test's connection, so closing it is the test's job. */
export function makeStore(
  kind: StoreKind,
  redis: ReturnType<typeof testRedis>,
  opts: { now?: () => number } = {},
): CartStore {
  if (kind === "memory")
    return createMemoryCartStore({ ttlSeconds: TTL_SECONDS, ...(opts.now ? { now: opts.now } : {}) });
  return createRedisCartStore({ redis: redis.redis, ttlSeconds: TTL_SECONDS, keyPrefix: redis.keyPrefix });
}

/** A cart app over `store`, verifying tokens against the upstreams' JWKS and pricing from their restaurant-service. */
export async function buildTestApp(
  up: Pick<Upstreams, "jwksUrl" | "restaurantUrl" | "serviceToken">,
  store: CartStore,
  opts: { fetch?: typeof fetch; restaurantUrl?: string } = {},
) {
  const config = readEnv({
    LOG_LEVEL: "silent",
    JWKS_URL: up.jwksUrl,
    RESTAURANT_URL: opts.restaurantUrl ?? up.restaurantUrl,
    SERVICE_SECRET: "not-used-the-test-signs-its-own-service-tokens",
  });
  const app: App = await buildApp({
    config,
    store,
    logger: createLogger("cart", "silent"),
    catalogue: createRestaurantCatalogue({
      baseUrl: config.RESTAURANT_URL,
      serviceToken: () => up.serviceToken("cart", "restaurant"),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    }),
  });
  await app.ready();
  return app;
}

/** `inject` as a signed-in student. */
export function client(app: App, up: Pick<Upstreams, "token">, userId: string) {
  return async (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await up.token(userId)}` },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
}
