import { EVENT_SUBSCRIPTIONS } from "@ustbites/contracts";
import type { EventBus, Subscription } from "@ustbites/kit/bus";
import type { Logger } from "pino";
import type { Dispatcher } from "../domain/dispatcher.ts";
import type { Notifier } from "../domain/notifier.ts";

/** The inbox's consumer name. */
export const CONSUMER = "notification";
export const DEFAULT_QUEUE = "notification.events";
/** order.created, accepted, ready and status changes arrive too, and are dropped without a look-up. */
export const BINDINGS = [...EVENT_SUBSCRIPTIONS.notification.queues[DEFAULT_QUEUE]];

export interface ConsumerOptions {
  bus: EventBus;
  notifier: Notifier;
  dispatcher: Dispatcher;
  log: Logger;
  /** Durable queue name; tests give each file its own. */
  queue?: string;
  /** Bus delivery attempts before an event is parked in `<queue>.dlq` (an unknown recipient retries). */
  maxAttempts?: number;
  retryDelayMs?: number;
}

/**
 * Records each event's messages and its inbox row in one statement (a redelivery finds the row and
 * records nothing), acks after that commit, and hands the messages, recorded already claimed, to the
 * sender (no claim statement; the sender loop's poll retries failures and takes over after a crash).
 */
export function consumeEvents(opts: ConsumerOptions): Promise<Subscription> {
  return opts.bus.subscribe({
    queue: opts.queue ?? DEFAULT_QUEUE,
    bindings: BINDINGS,
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.retryDelayMs ? { retryDelayMs: opts.retryDelayMs } : {}),
    handler: async (event, info) => {
      const outcome = await opts.notifier.record(event, CONSUMER, opts.dispatcher.leaseMs);
      opts.log.debug(
        {
          eventId: event.id,
          type: event.type,
          attempt: info.attempt,
          duplicate: outcome?.first === false,
          messages: outcome?.claimed.length ?? 0,
        },
        "event handled",
      );
      if (outcome) opts.dispatcher.send(outcome.claimed);
    },
  });
}
