import { EVENT_SUBSCRIPTIONS, type DomainEvent } from "@ustbites/contracts";
import { handleOnce, type EventBus, type Subscription } from "@ustbites/kit/bus";
import type { Logger } from "pino";
import { type PaymentOutcome, type Saga, type TransitionResult } from "../domain/saga.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { OrderRepository } from "../repositories/orders.ts";

export interface WorkersDeps {
  prisma: PrismaClient;
  bus: EventBus;
  repo: OrderRepository;
  saga: Saga;
  onEventsEnqueued: () => void;
  /** Called after the reconciler confirmed an order (the simulated kitchen looks at it now). */
  onConfirmed?: () => void;
  log: Logger;
  /** A PENDING order older than this is failed ("payment did not complete"). */
  settleTimeoutMs: number;
  /** How often to look for such orders. */
  sweepIntervalMs: number;
  now: () => Date;
  /** First redelivery delay of a failed event (doubling after); the bus's default when unset. */
  retryDelayMs?: number;
  /** Queue names; tests sharing a broker give each file its own. Default QUEUES. */
  queues?: { payments: string; deliveries: string; refunds: string };
}

export interface Workers {
  /** One sweep now; resolves with how many orders it failed. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export const QUEUES = {
  payments: "order.payment-events",
  deliveries: "order.delivery-events",
  refunds: "order.refund-events",
} as const;
/** Tests pass queues of their own; the bindings stay those declared in contracts. */
const BINDINGS = EVENT_SUBSCRIPTIONS.order.queues;
const SWEEP_BATCH = 100;

function paymentOutcome(event: DomainEvent): PaymentOutcome | undefined {
  if (event.type === "payment.succeeded") {
    const { paymentId, cardLast4, amountCents, currency, userId } = event.payload;
    return { kind: "succeeded", paymentId, cardLast4, amountCents, currency, userId };
  }
  if (event.type === "payment.declined")
    return { kind: "failed", reason: event.payload.declineReason, paymentId: event.payload.paymentId };
  return undefined;
}

/**
 * The order-service's event consumers and the one timer that goes with them: the reconciler (payment.* settles a PENDING order whose
 * synchronous payment call timed out), the refund consumer (payment.refunded ends an order still
 * going ahead), the delivery consumer (delivery.* advances the order), and the
 * sweeper (a PENDING order whose payment never settled is failed). Each consumer is idempotent by
 * event id (inbox) and by state (a settled or advanced order is left alone).
 */
export async function startWorkers(deps: WorkersDeps): Promise<Workers> {
  const { prisma, bus, saga, log } = deps;
  const queues = deps.queues ?? QUEUES;
  const retry = deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {};

  const consume = async (
    consumer: string,
    event: DomainEvent,
    fn: (tx: Prisma.TransactionClient) => Promise<TransitionResult>,
  ) => {
    let changed = false;
    await handleOnce<Prisma.TransactionClient>(prisma, consumer, event.id, async (tx) => {
      changed = (await fn(tx)).changed;
    });
    if (changed) deps.onEventsEnqueued();
  };

  const subscriptions: Subscription[] = [];
  subscriptions.push(
    await bus.subscribe({
      queue: queues.payments,
      bindings: [...BINDINGS["order.payment-events"]],
      ...retry,
      handler: async (event) => {
        const outcome = paymentOutcome(event);
        if (!outcome || !("orderId" in event.payload)) return;
        const orderId = event.payload.orderId;
        let confirmed = false;
        await consume(queues.payments, event, async (tx) => {
          const settled = await saga.settlePayment(tx, orderId, outcome);
          if (settled.changed && settled.order?.status === "CONFIRMED") confirmed = true;
          return settled;
        });
        if (confirmed) deps.onConfirmed?.();
      },
    }),
  );
  subscriptions.push(
    await bus.subscribe({
      queue: queues.refunds,
      bindings: [...BINDINGS["order.refund-events"]],
      ...retry,
      handler: async (event) => {
        if (event.type !== "payment.refunded") return;
        await consume(queues.refunds, event, (tx) => saga.paymentRefunded(tx, event.payload));
      },
    }),
  );
  subscriptions.push(
    await bus.subscribe({
      queue: queues.deliveries,
      bindings: [...BINDINGS["order.delivery-events"]],
      ...retry,
      handler: async (event) => {
        if (
          event.type !== "delivery.assigned" &&
          event.type !== "delivery.picked_up" &&
          event.type !== "delivery.delivered"
        )
          return;
        // The common case costs two statements: read the order, then write the step with its inbox row
        // if nobody moved the order meanwhile. Otherwise (a race, a redelivery, a step already taken)
        // the locking path decides, and records the event in the inbox.
        const order = await deps.repo.findById(event.payload.orderId);
        const quick = order
          ? await saga.unlocked.advanceDelivery(order, event.type, event.payload, {
              eventId: event.id,
              consumer: queues.deliveries,
            })
          : null;
        if (quick?.changed) {
          deps.onEventsEnqueued();
          return;
        }
        await consume(queues.deliveries, event, (tx) => saga.advanceDelivery(tx, event.type, event.payload));
      },
    }),
  );

  async function sweep(): Promise<number> {
    const cutoff = new Date(deps.now().getTime() - deps.settleTimeoutMs);
    let failed = 0;
    for (const id of await deps.repo.stalePending(cutoff, SWEEP_BATCH)) {
      const result = await deps.repo.transaction((tx) => saga.expirePending(tx, id, cutoff));
      if (result.changed) {
        failed++;
        log.warn({ orderId: id }, "payment did not complete in time: order failed");
      }
    }
    if (failed > 0) deps.onEventsEnqueued();
    return failed;
  }

  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweep().catch((err: unknown) => log.error({ err }, "sweeping stale PENDING orders failed"));
  }, deps.sweepIntervalMs);
  timer.unref();

  return {
    sweep,
    async close() {
      clearInterval(timer);
      await sweeping;
      for (const s of subscriptions) await s.close();
    },
  };
}
