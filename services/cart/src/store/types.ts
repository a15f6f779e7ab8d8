import { z } from "zod";
import { Cart, CartLine } from "@ustbites/contracts";

/**
 * What a store keeps per user. Never a price: every read re-prices from restaurant-service.
 * `restaurantName` and a line's `name` are the last names seen, kept only so a conflict message and
 * a line whose item vanished from the menu can still say what they are.
 */
export const StoredLine = CartLine.pick({ lineId: true, itemId: true, quantity: true, notes: true, name: true });
export type StoredLine = z.infer<typeof StoredLine>;

export const StoredCart = z.object({
  restaurantId: Cart.shape.restaurantId,
  restaurantName: Cart.shape.restaurantName,
  lines: z.array(StoredLine),
  updatedAt: z.iso.datetime(),
});
export type StoredCart = z.infer<typeof StoredCart>;

/** A cart as read, with the opaque version a conditional write must quote. */
export interface VersionedCart {
  cart: StoredCart | null;
  /** null when the user has no cart. */
  version: string | null;
}

/**
 * The one place carts are kept: Redis when REDIS_URL is set, otherwise memory. Both offer the same
 * compare-and-set primitive, so the rules (in domain/) and the retry loop (update.ts) are shared and
 * behave the same on either.
 */
export interface CartStore {
  readonly kind: "redis" | "memory";
  read(userId: string): Promise<VersionedCart>;
  /**
   * Writes `next` (null deletes the cart) only if the cart is still at `version`, and restarts its
   * TTL. Resolves false, writing nothing, when another write got there first.
   */
  compareAndSet(userId: string, version: string | null, next: StoredCart | null): Promise<boolean>;
  delete(userId: string): Promise<void>;
  /** Seconds until the cart expires, or null when there is no cart. */
  ttlSeconds(userId: string): Promise<number | null>;
  ping(): Promise<unknown>;
  close(): Promise<void>;
}

/** The version of a stored cart is its serialized form: equal text means an equal cart. */
export const serializeCart = (cart: StoredCart): string => JSON.stringify(cart);

export function parseCart(raw: string): StoredCart {
  return StoredCart.parse(JSON.parse(raw));
}
