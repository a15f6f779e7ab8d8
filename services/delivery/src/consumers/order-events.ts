import { EVENT_SUBSCRIPTIONS } from "@ustbites/contracts";
import type { EventHandler } from "@ustbites/kit/bus";
import { handleOnce } from "@ustbites/kit/bus";
import type { Deliveries } from "../domain/deliveries.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

/** The durable queue delivery-service consumes order events from (shared by its replicas). */
export const ORDER_EVENTS_QUEUE = "delivery.order-events";
export const ORDER_EVENT_BINDINGS = [...EVENT_SUBSCRIPTIONS.delivery.queues[ORDER_EVENTS_QUEUE]];
/** The inbox's consumer name: an event id is handled once per consumer. */
export const INBOX_CONSUMER = "delivery.order-events";

export interface OrderEventsDeps {
  prisma: PrismaClient;
  deliveries: Deliveries;
  /** Runs after a handler's transaction committed something to publish (kicks the outbox relay). */
  onCommitted: () => void;
  /** Runs after a handler's transaction scheduled a step (kicks the scheduler). */
  onScheduled: () => void;
}

/**
 * order.accepted assigns a courier, order.ready_for_pickup lets them collect it, order.cancelled frees
 * them; each at most once per event id (the inbox row commits with the effects). A throw rolls
 * everything back and the bus retries.
 */
export function orderEventsHandler(deps: OrderEventsDeps): EventHandler {
  return async (event) => {
    if (event.type === "order.accepted") {
      const ran = await handleOnce(deps.prisma, INBOX_CONSUMER, event.id, async (tx) => {
        await deps.deliveries.assign(tx, event);
      });
      if (ran) deps.onCommitted();
    } else if (event.type === "order.ready_for_pickup") {
      let ready = false;
      await handleOnce(deps.prisma, INBOX_CONSUMER, event.id, async (tx) => {
        ready = (await deps.deliveries.markReady(tx, event.payload)) === "ready";
      });
      if (ready) deps.onScheduled();
    } else if (event.type === "order.cancelled") {
      await handleOnce(deps.prisma, INBOX_CONSUMER, event.id, async (tx) => {
        await deps.deliveries.cancel(tx, event.payload);
      });
    }
  };
}
