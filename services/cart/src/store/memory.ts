import { parseCart, serializeCart, type CartStore, type StoredCart, type VersionedCart } from "./types.ts";

export interface MemoryCartStoreOptions {
  ttlSeconds: number;
  /** The clock expiry is measured on; tests move it. */
  now?: () => number;
}

/**
 * Embedded mode's store. It keeps the serialized form, as Redis does, so a caller can never mutate a
 * stored cart through a reference and versions compare the same way on both stores.
 */
export function createMemoryCartStore(opts: MemoryCartStoreOptions): CartStore {
  const now = opts.now ?? Date.now;
  const carts = new Map<string, { raw: string; expiresAt: number }>();

  const live = (userId: string) => {
    const entry = carts.get(userId);
    if (entry && entry.expiresAt <= now()) {
      carts.delete(userId);
      return undefined;
    }
    return entry;
  };

  return {
    kind: "memory",
    async read(userId): Promise<VersionedCart> {
      const entry = live(userId);
      return entry ? { cart: parseCart(entry.raw), version: entry.raw } : { cart: null, version: null };
    },
    async compareAndSet(userId, version, next: StoredCart | null) {
      if ((live(userId)?.raw ?? null) !== version) return false;
      if (next) carts.set(userId, { raw: serializeCart(next), expiresAt: now() + opts.ttlSeconds * 1000 });
      else carts.delete(userId);
      return true;
    },
    async delete(userId) {
      carts.delete(userId);
    },
    async ttlSeconds(userId) {
      const entry = live(userId);
      return entry ? Math.ceil((entry.expiresAt - now()) / 1000) : null;
    },
    async ping() {
      return "PONG";
    },
    async close() {
      carts.clear();
    },
  };
}
