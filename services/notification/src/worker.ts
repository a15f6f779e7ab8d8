import { EVENT_SUBSCRIPTIONS } from "@ustbites/contracts";
import { handleOnce, type EventBus, type Subscription } from "@ustbites/kit/bus";
import type { Logger } from "pino";
import type { PrismaClient } from "./generated/prisma/client.ts";
import type { Dispatcher } from "./domain/dispatcher.ts";
import type { Notifier } from "./domain/notifier.ts";

/** The inbox's consumer name. */
export const CONSUMER = "notification";
export const DEFAULT_QUEUE = "notification.events";
export const BINDINGS = [...EVENT_SUBSCRIPTIONS.notification.queues[DEFAULT_QUEUE]];

export interface ConsumerOptions {
  prisma: PrismaClient;
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
 * Records each event's messages and its inbox row in one transaction (a redelivery finds the row and
 * records nothing), acks after that commit, then kicks the sender loop.
 */
export function consumeEvents(opts: ConsumerOptions): Promise<Subscription> {
  return opts.bus.subscribe({
    queue: opts.queue ?? DEFAULT_QUEUE,
    bindings: BINDINGS,
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.retryDelayMs ? { retryDelayMs: opts.retryDelayMs } : {}),
    handler: async (event, info) => {
      let recorded = 0;
      const first = await handleOnce(opts.prisma, CONSUMER, event.id, async (tx) => {
        recorded = await opts.notifier.record(event, tx);
      });
      opts.log.debug({ eventId: event.id, type: event.type, attempt: info.attempt, duplicate: !first, messages: recorded }, "event handled");
      opts.dispatcher.kick();
    },
  });
}
