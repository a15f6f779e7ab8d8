import { EVENT_SUBSCRIPTIONS } from "@ustbites/contracts";
import type { EventBus, Subscription } from "@ustbites/kit/bus";
import type { Payments } from "../domain/payments.ts";

export const ORDER_EVENTS_QUEUE = "payment.order-events";

/**
 * An order that will not go ahead gets its money back: `order.cancelled` (the student cancelled before
 * pickup) and `order.payment_failed` (order-service gave up on a payment that may still succeed late).
 */
export function subscribeToOrderEvents(opts: {
  bus: EventBus;
  payments: Payments;
  queue?: string;
}): Promise<Subscription> {
  return opts.bus.subscribe({
    queue: opts.queue ?? ORDER_EVENTS_QUEUE,
    bindings: [...EVENT_SUBSCRIPTIONS.payment.queues[ORDER_EVENTS_QUEUE]],
    // A payment still with the processor (the timeout card) settles within seconds: retry until then.
    maxAttempts: 8,
    retryDelayMs: 1000,
    handler: async (event) => {
      if (event.type !== "order.cancelled" && event.type !== "order.payment_failed") return;
      const reason = event.type === "order.cancelled" ? "order cancelled" : "order did not go ahead";
      await opts.payments.refundForOrder(event.payload.orderId, reason);
    },
  });
}
