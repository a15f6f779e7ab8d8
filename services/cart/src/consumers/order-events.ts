import { EVENT_SUBSCRIPTIONS, type OrderConfirmedPayload } from "@ustbites/contracts";
import { idTime } from "@ustbites/kit";
import type { EventBus, Subscription } from "@ustbites/kit/bus";
import { updateCart } from "../store/update.ts";
import type { CartStore, StoredCart } from "../store/types.ts";

export const ORDER_EVENTS_QUEUE = "cart.order-events";

/**
 * Whether a confirmed order was placed from this cart: same restaurant, and nothing changed in the
 * cart after the order was created (a UUIDv7 order id carries that instant). A cart the student
 * started again after ordering is theirs to keep.
 */
export function placedFrom(
  cart: StoredCart | null,
  order: Pick<OrderConfirmedPayload, "orderId" | "restaurantId">,
): boolean {
  return (
    cart !== null &&
    cart.restaurantId === order.restaurantId &&
    Date.parse(cart.updatedAt) <= idTime(order.orderId).getTime()
  );
}

/**
 * Empties the cart an order was placed from. order-service clears it itself when it confirms during
 * the student's request; an order confirmed later (its payment answered after the request gave up)
 * is confirmed by an event handler that holds no student token, so the cart hears it here instead.
 * Idempotent: a redelivered event finds the cart already empty.
 */
export function subscribeToConfirmedOrders(opts: {
  bus: EventBus;
  store: CartStore;
  queue?: string;
}): Promise<Subscription> {
  return opts.bus.subscribe({
    queue: opts.queue ?? ORDER_EVENTS_QUEUE,
    bindings: [...EVENT_SUBSCRIPTIONS.cart.queues[ORDER_EVENTS_QUEUE]],
    handler: async (event) => {
      if (event.type !== "order.confirmed") return;
      await updateCart(opts.store, event.payload.userId, (current) => ({
        next: placedFrom(current, event.payload) ? null : current,
        result: undefined,
      }));
    },
  });
}
