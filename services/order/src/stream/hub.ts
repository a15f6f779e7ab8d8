import type { OrderStatusChangedPayload } from "@ustbites/contracts";

export type StatusListener = (change: OrderStatusChangedPayload) => void;

/**
 * This replica's live status changes, by order id. It is fed by a fan-out subscription on
 * `order.status_changed` (every replica receives every change), so a socket held by any replica sees
 * changes committed by any other.
 */
function listenerMap() {
  const listeners = new Map<string, Set<StatusListener>>();
  return {
    emit(key: string | undefined, change: OrderStatusChangedPayload): void {
      if (key) for (const listener of listeners.get(key) ?? []) listener(change);
    },
    /** Returns the function that stops listening. */
    add(key: string, listener: StatusListener): () => void {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
    size: (): number => listeners.size,
  };
}

export function createStatusHub() {
  const byOrder = listenerMap();
  // Kitchen screens: every change of any order of their restaurant.
  const byRestaurant = listenerMap();
  return {
    publish(change: OrderStatusChangedPayload): void {
      byOrder.emit(change.orderId, change);
      byRestaurant.emit(change.restaurantId, change);
    },
    /** Returns the function that stops listening. */
    listen: (orderId: string, listener: StatusListener): (() => void) => byOrder.add(orderId, listener),
    listenRestaurant: (restaurantId: string, listener: StatusListener): (() => void) =>
      byRestaurant.add(restaurantId, listener),
    /** Orders with at least one listener, for tests and metrics. */
    size: (): number => byOrder.size(),
  };
}

export type StatusHub = ReturnType<typeof createStatusHub>;
