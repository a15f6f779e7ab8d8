import type { OrderStatusChangedPayload } from "@ustbites/contracts";

export type StatusListener = (change: OrderStatusChangedPayload) => void;

/**
 * This replica's live status changes, by order id. It is fed by a fan-out subscription on
 * `order.status_changed` (every replica receives every change), so a socket held by any replica sees
 * changes committed by any other.
 */
export function createStatusHub() {
  const listeners = new Map<string, Set<StatusListener>>();
  return {
    publish(change: OrderStatusChangedPayload): void {
      for (const listener of listeners.get(change.orderId) ?? []) listener(change);
    },
    /** Returns the function that stops listening. */
    listen(orderId: string, listener: StatusListener): () => void {
      let set = listeners.get(orderId);
      if (!set) listeners.set(orderId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(orderId);
      };
    },
    /** Orders with at least one listener, for tests and metrics. */
    size: (): number => listeners.size,
  };
}

export type StatusHub = ReturnType<typeof createStatusHub>;
