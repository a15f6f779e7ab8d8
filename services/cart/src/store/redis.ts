import type { Redis } from "ioredis";
import { REDIS_KEY_PREFIXES } from "@ustbites/kit/deployables";
import { parseCart, serializeCart, type CartStore, type VersionedCart } from "./types.ts";

export interface RedisCartStoreOptions {
  redis: Redis;
  ttlSeconds: number;
  /** Every key starts with it; tests give each file its own. */
  keyPrefix?: string;
}

/**
 * Writes only if the cart still holds exactly what the writer read (ARGV[1], '' for no cart), then
 * sets the new cart with its TTL or deletes it (ARGV[2] = ''). Redis runs a script atomically.
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
return 1
`;

/**
 * One JSON string per cart plus a compare-and-set script. WATCH/MULTI would be the textbook choice,
 * but WATCH is state of the connection and ioredis sends every request's commands down one shared
 * connection, so concurrent requests would watch and clear each other's keys. A script holding the
 * whole add/update logic would be atomic too, but would duplicate the cart rules in Lua next to the
 * TypeScript the in-memory store runs. Compare-and-set keeps the rules in one place and loses nothing:
 * a writer that lost the race re-reads and tries again (see update.ts).
 */
export function createRedisCartStore(opts: RedisCartStoreOptions): CartStore {
  const { redis } = opts;
  const key = (userId: string) => `${opts.keyPrefix ?? REDIS_KEY_PREFIXES.cart}${userId}`;

  return {
    kind: "redis",
    async read(userId): Promise<VersionedCart> {
      const raw = await redis.get(key(userId));
      return raw === null ? { cart: null, version: null } : { cart: parseCart(raw), version: raw };
    },
    async compareAndSet(userId, version, next) {
      const written = await redis.eval(
        COMPARE_AND_SET,
        1,
        key(userId),
        version ?? "",
        next ? serializeCart(next) : "",
        opts.ttlSeconds,
      );
      return written === 1;
    },
    async delete(userId) {
      await redis.del(key(userId));
    },
    async ttlSeconds(userId) {
      const ttl = await redis.ttl(key(userId));
      // -2: no such key. -1 (no expiry) cannot happen for keys this store writes.
      return ttl < 0 ? null : ttl;
    },
    ping: () => redis.ping(),
    async close() {
      await redis.quit();
    },
  };
}
