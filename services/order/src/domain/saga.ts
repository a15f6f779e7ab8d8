import {
  createEvent,
  CURRENCY,
  TERMINAL_STATUSES,
  type DeliveryProgressPayload,
  type DomainEvent,
  type OrderStatus,
  type PaymentRefundedPayload,
} from "@ustbites/contracts";
import { newId } from "@ustbites/kit";
import { enqueueEvents } from "@ustbites/kit/bus";
import type { FastifyBaseLogger } from "fastify";
import type { Prisma } from "../generated/prisma/client.ts";
import type { OrderEventRow, OrderRepository, OrderRow, StatusChange } from "../repositories/orders.ts";
import { itemSummaries, restaurantLocationOf, toOrder } from "./views.ts";

type Tx = Prisma.TransactionClient;

/** How a payment ended, as far as the order is concerned. A success says what was paid, and by whom. */
export type PaymentOutcome =
  | { kind: "succeeded"; paymentId: string; cardLast4: string; amountCents: number; currency: string; userId: string }
  | { kind: "failed"; reason: string; paymentId?: string };

/** Why a payment that succeeded still does not pay for this order; null when it does. */
export function paymentMismatch(
  order: Pick<OrderRow, "totalCents" | "userId">,
  paid: { amountCents: number; currency: string; userId: string },
): string | null {
  if (paid.amountCents !== order.totalCents)
    return `amount ${paid.amountCents} is not the order's total ${order.totalCents}`;
  if (paid.currency !== CURRENCY) return `currency ${paid.currency} is not ${CURRENCY}`;
  if (paid.userId !== order.userId) return "the payer is not the student who placed the order";
  return null;
}

/** The failure reason an order gets when the payment does not match it (payment-service then refunds it). */
export const PAYMENT_MISMATCH = "payment does not match the order";

/** A delivery event that arrived before the one it follows; thrown so the bus redelivers it later. */
export class OutOfOrderEvent extends Error {
  override readonly name = "OutOfOrderEvent";
}

export const DELIVERY_EVENT_TYPES = ["delivery.assigned", "delivery.picked_up", "delivery.delivered"] as const;
export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];

/** Position on the happy path; every step (the kitchen's and the courier's) moves an order one along it. */
const PROGRESS = {
  PENDING: 0,
  CONFIRMED: 1,
  PREPARING: 2,
  READY_FOR_PICKUP: 3,
  PICKED_UP: 4,
  DELIVERED: 5,
} as const satisfies Partial<Record<OrderStatus, number>>;
/** Undefined off the happy path (REJECTED, PAYMENT_FAILED, CANCELLED). */
const progressOf = (status: OrderStatus): number | undefined =>
  (PROGRESS as Partial<Record<OrderStatus, number>>)[status];

/** Who moved the order on: its restaurant's staff, or the simulated kitchen acting for nobody signed in. */
export type KitchenActor = "staff" | "simulator";

/**
 * Writes a decided status change with its events (a function of the updated order and the instant):
 * resolves the updated order, or null when an optimistic write found the order changed since it was read.
 */
type WriteWith<R> = (
  order: OrderRow,
  change: Omit<StatusChange, "eventId" | "at">,
  events: (updated: OrderRow, at: Date) => DomainEvent[],
) => Promise<R>;
type Writer = WriteWith<OrderRow | null>;

export interface TransitionResult {
  order: OrderRow | null;
  /** False when the event or request found the order already past this point: nothing was written. */
  changed: boolean;
}

const eventOptions = (order: OrderRow) => ({ source: "order" as const, correlationId: order.id });

function statusChanged(order: OrderRow, event: OrderEventRow): DomainEvent {
  return createEvent(
    "order.status_changed",
    {
      orderId: order.id,
      userId: order.userId,
      userEmail: order.userEmail,
      restaurantId: order.restaurantId,
      seq: event.seq,
      status: event.status,
      at: event.at.toISOString(),
      eta: event.eta ? event.eta.toISOString() : null,
      detail: event.detail,
    },
    eventOptions(order),
  );
}

/**
 * Every status change of an order after it was created. Each runs inside a transaction the caller
 * owns (a route's, or a consumer's `handleOnce`), locks the order row first, and writes the new
 * status, its event row with the next seq, and its outbox events together.
 */
export function createSaga(deps: { repo: OrderRepository; now: () => Date; log: Pick<FastifyBaseLogger, "warn"> }) {
  const { repo } = deps;

  /** Writes under the lock the caller took in `tx`: always writes. */
  const locked =
    (tx: Tx): WriteWith<OrderRow> =>
    async (order, change, events) => {
      const at = deps.now();
      const { order: updated, event } = await repo.applyChange(order, { ...change, eventId: newId(), at }, tx);
      await enqueueEvents(tx, [...events(updated, at), statusChanged(updated, event)]);
      return updated;
    };

  /**
   * Writes in one statement if the order is still as it was read (and, with `inbox`, the event is new);
   * null when it is not: the caller falls back to locking and reading again.
   */
  const optimistic =
    (inbox?: { eventId: string; consumer: string }): Writer =>
    async (order, change, events) => {
      const at = deps.now();
      const written = await repo.applyIfCurrent(
        order,
        { ...change, eventId: newId(), at },
        (updated, event) => [...events(updated, at), statusChanged(updated, event)],
        inbox,
      );
      return written?.order ?? null;
    };

  /** The locking writer never answers null; this narrows its result. */
  const wrote = (result: TransitionResult | null): TransitionResult => {
    if (!result) throw new Error("a locked write reported a concurrent change");
    return result;
  };

  /**
   * Settles a PENDING order with its payment's outcome; one no longer PENDING is left as it is.
   * A success confirms only if it paid this order's total, in HKD, by its student: payment-service is
   * idempotent by order id, so whoever posted first for this order id decides what the payment says.
   */
  async function settle(write: Writer, order: OrderRow, reported: PaymentOutcome): Promise<TransitionResult | null> {
    const orderId = order.id;
    if (order.status !== "PENDING") return { order, changed: false };
    let outcome = reported;
    const mismatch = outcome.kind === "succeeded" ? paymentMismatch(order, outcome) : null;
    if (mismatch && outcome.kind === "succeeded") {
      deps.log.warn(
        { orderId, paymentId: outcome.paymentId, mismatch, security: "payment-mismatch" },
        "a payment that does not match its order was refused",
      );
      outcome = { kind: "failed", reason: PAYMENT_MISMATCH, paymentId: outcome.paymentId };
    }
    if (outcome.kind === "succeeded") {
      const updated = await write(
        order,
        {
          status: "CONFIRMED",
          eta: null,
          detail: "Payment received",
          paymentId: outcome.paymentId,
          paymentLast4: outcome.cardLast4,
        },
        (o, at) => [
          createEvent(
            "order.confirmed",
            {
              orderId: o.id,
              userId: o.userId,
              userEmail: o.userEmail,
              userName: o.userName,
              userPhone: o.userPhone,
              restaurantId: o.restaurantId,
              restaurantName: o.restaurantName,
              restaurantLocation: restaurantLocationOf(o),
              deliveryAddress: toOrder(o).deliveryAddress,
              items: itemSummaries(o),
              subtotalCents: o.subtotalCents,
              deliveryFeeCents: o.deliveryFeeCents,
              totalCents: o.totalCents,
              prepTimeMinutes: o.prepTimeMinutes,
              paymentId: outcome.paymentId,
              confirmedAt: at.toISOString(),
            },
            eventOptions(o),
          ),
        ],
      );
      return updated ? { order: updated, changed: true } : null;
    }
    const updated = await write(
      order,
      {
        status: "PAYMENT_FAILED",
        eta: null,
        detail: `Payment failed: ${outcome.reason}`,
        failureReason: outcome.reason,
        ...(outcome.paymentId ? { paymentId: outcome.paymentId } : {}),
      },
      (o) => [
        createEvent(
          "order.payment_failed",
          {
            orderId: o.id,
            userId: o.userId,
            userEmail: o.userEmail,
            userName: o.userName,
            restaurantName: o.restaurantName,
            totalCents: o.totalCents,
            reason: outcome.reason,
          },
          eventOptions(o),
        ),
      ],
    );
    return updated ? { order: updated, changed: true } : null;
  }

  /**
   * Settles a PENDING order with its payment's outcome, under the order's lock. Whoever comes second
   * (the synchronous call, the reconciler consuming payment.*, the sweeper) finds it settled and
   * changes nothing.
   */
  async function settlePayment(tx: Tx, orderId: string, reported: PaymentOutcome): Promise<TransitionResult> {
    const order = await repo.lock(orderId, tx);
    if (!order) return { order, changed: false };
    return wrote(await settle(locked(tx), order, reported));
  }

  /**
   * Ends a locked order before pickup: the student cancels (CANCELLED) or the restaurant rejects
   * (REJECTED, with its reason). Either way order.cancelled refunds a payment that went through and
   * frees a courier.
   */
  async function cancel(
    tx: Tx,
    order: OrderRow,
    reason: string | null,
    by: "student" | "restaurant" = "student",
  ): Promise<OrderRow> {
    const rejected = by === "restaurant";
    const detail = rejected
      ? `Rejected by ${order.restaurantName}: ${reason ?? "no reason given"}`
      : reason
        ? `Cancelled: ${reason}`
        : "Cancelled by the student";
    const failureReason = rejected
      ? `Rejected by ${order.restaurantName}: ${reason ?? "no reason given"}`
      : (reason ?? "cancelled by the student");
    const cancelled = await locked(tx)(
      order,
      { status: rejected ? "REJECTED" : "CANCELLED", eta: null, detail, failureReason },
      (o) => [
        createEvent(
          "order.cancelled",
          {
            orderId: o.id,
            userId: o.userId,
            userEmail: o.userEmail,
            userName: o.userName,
            restaurantName: o.restaurantName,
            previousStatus: order.status,
            reason,
            // payment-service refunds on consuming order.cancelled; there is something to refund once a payment succeeded.
            refunded: order.paymentId !== null,
            totalCents: o.totalCents,
            by,
          },
          eventOptions(o),
        ),
      ],
    );
    return cancelled;
  }

  /**
   * A delivery event. delivery.assigned notes the courier and the ETA on the order's history without
   * changing its status (the kitchen may still be cooking or be done); delivery.picked_up moves
   * READY_FOR_PICKUP → PICKED_UP and delivery.delivered PICKED_UP → DELIVERED. An event at or behind
   * the order's state changes nothing (a redelivery); one ahead of it throws so the bus retries it
   * after the missing step lands. A cancelled, rejected or failed order ignores delivery.
   */
  async function advance(
    write: Writer,
    order: OrderRow,
    type: DeliveryEventType,
    payload: DeliveryProgressPayload,
  ): Promise<TransitionResult | null> {
    const current = progressOf(order.status);
    if (current === undefined) return { order, changed: false };
    const courier = `${payload.courier.name} (${payload.courier.vehicle})`;
    const eta = payload.eta ? new Date(payload.eta) : null;

    if (type === "delivery.assigned") {
      // Delivery assigns on order.accepted, which is written with PREPARING: an earlier order is impossible.
      if (current < PROGRESS.PREPARING)
        throw new OutOfOrderEvent(`${type} for order ${order.id} arrived while it is ${order.status}`);
      // A courier already noted (a re-published assignment) or food already on its way: nothing new.
      if (current > PROGRESS.READY_FOR_PICKUP || order.courier !== null) return { order, changed: false };
      const updated = await write(
        order,
        { status: order.status, eta, detail: `Courier ${courier} assigned`, courier },
        () => [],
      );
      return updated ? { order: updated, changed: true } : null;
    }

    const target = type === "delivery.picked_up" ? "PICKED_UP" : "DELIVERED";
    const wanted = PROGRESS[target];
    if (current >= wanted) return { order, changed: false };
    if (current < wanted - 1)
      throw new OutOfOrderEvent(`${type} for order ${order.id} arrived while it is ${order.status}`);
    const detail = target === "PICKED_UP" ? `${courier} picked up the order` : `Delivered by ${courier}`;
    const updated = await write(order, { status: target, eta: target === "DELIVERED" ? null : eta, detail }, (o) =>
      target === "DELIVERED"
        ? [
            createEvent(
              "order.delivered",
              {
                orderId: o.id,
                userId: o.userId,
                userEmail: o.userEmail,
                userName: o.userName,
                restaurantName: o.restaurantName,
                deliveredAt: payload.at,
              },
              eventOptions(o),
            ),
          ]
        : [],
    );
    return updated ? { order: updated, changed: true } : null;
  }

  /** The restaurant accepts a CONFIRMED order: PREPARING, ready by `readyBy`. order.accepted makes delivery assign a courier. */
  const acceptWith = <R extends OrderRow | null>(
    write: WriteWith<R>,
    order: OrderRow,
    accepted: { prepMinutes: number; readyBy: Date; by: KitchenActor },
  ) =>
    write(
      order,
      {
        status: "PREPARING",
        eta: null,
        detail: `${order.restaurantName} accepted: ready in about ${accepted.prepMinutes} min`,
        readyBy: accepted.readyBy,
      },
      (o, at) => [
        createEvent(
          "order.accepted",
          {
            orderId: o.id,
            userId: o.userId,
            userEmail: o.userEmail,
            restaurantId: o.restaurantId,
            restaurantName: o.restaurantName,
            restaurantLocation: restaurantLocationOf(o),
            deliveryAddress: toOrder(o).deliveryAddress,
            prepMinutes: accepted.prepMinutes,
            readyBy: accepted.readyBy.toISOString(),
            acceptedAt: at.toISOString(),
            acceptedBy: accepted.by,
          },
          eventOptions(o),
        ),
      ],
    );

  /** The kitchen is done with a PREPARING order: the courier may pick it up. */
  const markReadyWith = <R extends OrderRow | null>(write: WriteWith<R>, order: OrderRow) =>
    write(
      order,
      {
        status: "READY_FOR_PICKUP",
        eta: order.eta,
        detail: `Ready at ${order.restaurantName}, waiting for the courier`,
      },
      (o, at) => [
        createEvent(
          "order.ready_for_pickup",
          {
            orderId: o.id,
            userId: o.userId,
            userEmail: o.userEmail,
            restaurantId: o.restaurantId,
            readyAt: at.toISOString(),
          },
          eventOptions(o),
        ),
      ],
    );

  return {
    settlePayment,

    /**
     * The same transitions on an order as the caller read it, without a lock, each in one statement
     * (see the repository's applyIfCurrent). Each resolves null when the order changed since it was
     * read (or, with `inbox`, the event was handled already): the caller then takes the locking path.
     */
    unlocked: {
      settle: (order: OrderRow, reported: PaymentOutcome) => settle(optimistic(), order, reported),
      advanceDelivery: (
        order: OrderRow,
        type: DeliveryEventType,
        payload: DeliveryProgressPayload,
        inbox: { eventId: string; consumer: string },
      ) => advance(optimistic(inbox), order, type, payload),
      accept: async (order: OrderRow, accepted: { prepMinutes: number; readyBy: Date; by: KitchenActor }) =>
        acceptWith(optimistic(), order, accepted),
      markReady: async (order: OrderRow) => markReadyWith(optimistic(), order),
    },

    /** The order's first events, written with the PENDING order itself. */
    createdEvents(order: OrderRow): DomainEvent[] {
      const first = {
        id: "",
        orderId: order.id,
        seq: 1,
        status: order.status,
        at: order.createdAt,
        eta: null,
        detail: null,
      };
      return [
        createEvent(
          "order.created",
          {
            orderId: order.id,
            userId: order.userId,
            userEmail: order.userEmail,
            userPhone: order.userPhone,
            restaurantId: order.restaurantId,
            restaurantName: order.restaurantName,
            items: itemSummaries(order),
            subtotalCents: order.subtotalCents,
            deliveryFeeCents: order.deliveryFeeCents,
            totalCents: order.totalCents,
            createdAt: order.createdAt.toISOString(),
          },
          eventOptions(order),
        ),
        statusChanged(order, first),
      ];
    },

    /** Fails a PENDING order whose payment never settled; a no-op if it settled meanwhile. */
    async expirePending(tx: Tx, orderId: string, createdBefore: Date): Promise<TransitionResult> {
      const order = await repo.lock(orderId, tx);
      if (!order || order.status !== "PENDING" || order.createdAt >= createdBefore) return { order, changed: false };
      return settlePayment(tx, orderId, { kind: "failed", reason: "payment did not complete" });
    },

    /** A delivery event, under the order's lock (see `advance`). */
    async advanceDelivery(
      tx: Tx,
      type: DeliveryEventType,
      payload: DeliveryProgressPayload,
    ): Promise<TransitionResult> {
      const order = await repo.lock(payload.orderId, tx);
      if (!order) throw new Error(`delivery event for unknown order ${payload.orderId}`);
      return wrote(await advance(locked(tx), order, type, payload));
    },

    /**
     * The order's payment was refunded. Refunds only come from the saga (a cancellation, a failed
     * order), which has already ended the order; one that finds it still going (any refund that did
     * not come from the order itself) cancels it, so nothing goes out unpaid. After delivery it can
     * only be logged.
     */
    async paymentRefunded(tx: Tx, payload: PaymentRefundedPayload): Promise<TransitionResult> {
      const order = await repo.lock(payload.orderId, tx);
      if (!order || (TERMINAL_STATUSES as readonly OrderStatus[]).includes(order.status)) {
        if (order?.status === "DELIVERED")
          deps.log.warn(
            { orderId: order.id, paymentId: payload.paymentId, security: "refund-after-delivery" },
            "payment refunded after delivery",
          );
        return { order, changed: false };
      }
      deps.log.warn(
        { orderId: order.id, paymentId: payload.paymentId, status: order.status, security: "unrequested-refund" },
        "payment refunded while the order was going ahead: cancelled",
      );
      return { order: await cancel(tx, order, "the payment was refunded"), changed: true };
    },

    /** The restaurant accepts a locked CONFIRMED order (see `acceptWith`). */
    accept: async (
      tx: Tx,
      order: OrderRow,
      accepted: { prepMinutes: number; readyBy: Date; by: KitchenActor },
    ): Promise<OrderRow> => acceptWith(locked(tx), order, accepted),

    /** The kitchen is done with a locked PREPARING order. */
    markReady: async (tx: Tx, order: OrderRow): Promise<OrderRow> => markReadyWith(locked(tx), order),

    cancel,
  };
}

export type Saga = ReturnType<typeof createSaga>;
