import {
  createEvent,
  type Delivery,
  type DeliveryHistoryEntry,
  type EventOf,
  type OrderCancelledPayload,
  type OrderConfirmedPayload,
} from "@ustbites/contracts";
import { notFound } from "@ustbites/kit";
import { enqueueEvents } from "@ustbites/kit/bus";
import type { Logger } from "pino";
import type { Prisma } from "../generated/prisma/client.ts";
import type { CourierRepository } from "../repositories/couriers.ts";
import type { DeliveryRepository, DeliveryRow } from "../repositories/deliveries.ts";
import type { DeliveryClock } from "./clock.ts";
import { toCourier } from "./couriers.ts";
import { travelMinutes } from "./travel.ts";

type Tx = Prisma.TransactionClient;
type ProgressType = "delivery.assigned" | "delivery.picked_up" | "delivery.delivered";

export interface DeliveriesDeps {
  deliveries: DeliveryRepository;
  couriers: CourierRepository;
  clock: DeliveryClock;
  log: Pick<Logger, "info" | "warn" | "debug">;
}

export type AssignOutcome = "assigned" | "already-assigned" | "order-cancelled";
export type CancelOutcome = "cancelled" | "too-late" | "already-cancelled" | "remembered";

/** Deliveries scheduled per scheduler transaction: small, so a transaction holds few row locks briefly. */
export const SCHEDULER_BATCH = 20;

function progressEvent(type: ProgressType, row: DeliveryRow, at: Date) {
  return createEvent(
    type,
    { orderId: row.orderId, userId: row.userId, courier: toCourier(row.courier), eta: row.eta?.toISOString() ?? null, at: at.toISOString() },
    // Saga events carry the order id as correlation id (docs/events.md).
    { source: "delivery", correlationId: row.orderId, occurredAt: at.toISOString() },
  );
}

export function toDelivery(row: DeliveryRow): Delivery {
  const steps: [DeliveryHistoryEntry["status"], Date | null][] = [
    ["ASSIGNED", row.assignedAt],
    ["PICKED_UP", row.pickedUpAt],
    ["DELIVERED", row.deliveredAt],
    ["CANCELLED", row.cancelledAt],
  ];
  const history = steps
    .filter((step): step is [DeliveryHistoryEntry["status"], Date] => step[1] !== null)
    .sort((a, b) => a[1].getTime() - b[1].getTime())
    .map(([status, at]) => ({ status, at: at.toISOString() }));
  return {
    orderId: row.orderId,
    courier: toCourier(row.courier),
    status: row.status,
    assignedAt: row.assignedAt.toISOString(),
    pickedUpAt: row.pickedUpAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    eta: row.eta?.toISOString() ?? null,
    history,
  };
}

/** The delivery rules: who gets an order, when it moves on, what a cancellation does. */
export function createDeliveries(deps: DeliveriesDeps) {
  const { deliveries, couriers, clock, log } = deps;

  /**
   * Assigns the least-busy courier to a confirmed order and schedules its pickup, inside the caller's
   * transaction (the inbox's). A courier can carry several orders, so an order is assigned even when
   * every courier is busy.
   */
  async function assign(tx: Tx, event: EventOf<"order.confirmed">): Promise<AssignOutcome> {
    const order: OrderConfirmedPayload = event.payload;
    await deliveries.lockOrder(tx, order.orderId);
    if (await deliveries.isCancelled(tx, order.orderId)) {
      log.info({ orderId: order.orderId }, "order was cancelled before it was confirmed here: no courier assigned");
      return "order-cancelled";
    }
    // A second order.confirmed for the same order (a re-published event with a new id) changes nothing.
    if (await tx.delivery.findUnique({ where: { orderId: order.orderId }, select: { orderId: true } })) return "already-assigned";

    const candidates = await couriers.lockCandidates(tx);
    const courierId = await couriers.leastBusy(tx, candidates);
    // Only an empty couriers table gets here; throwing lets the bus retry (and park it in the DLQ).
    if (!courierId) throw new Error("no couriers: cannot assign a delivery");

    const assignedAt = clock.now();
    const travel = travelMinutes(order.restaurantLocation.zone, order.deliveryAddress.building);
    const pickupAt = clock.after(assignedAt, order.prepTimeMinutes);
    const row = await deliveries.create(tx, {
      orderId: order.orderId,
      userId: order.userId,
      courierId,
      status: "ASSIGNED",
      pickupBuilding: order.restaurantLocation.building,
      dropoffBuilding: order.deliveryAddress.building,
      prepMinutes: order.prepTimeMinutes,
      travelMinutes: travel,
      assignedAt,
      eta: clock.after(pickupAt, travel),
      nextTransitionAt: pickupAt,
    });
    await enqueueEvents(tx, [progressEvent("delivery.assigned", row, assignedAt)]);
    log.info({ orderId: row.orderId, courierId, pickupAt, eta: row.eta }, "courier assigned");
    return "assigned";
  }

  /** Before pickup: the delivery is cancelled and the courier freed. After pickup: nothing changes. */
  async function cancel(tx: Tx, order: OrderCancelledPayload): Promise<CancelOutcome> {
    await deliveries.lockOrder(tx, order.orderId);
    const row = await deliveries.lockByOrderId(tx, order.orderId);
    if (!row) {
      await deliveries.rememberCancelled(tx, order.orderId, clock.now());
      return "remembered";
    }
    if (row.status === "CANCELLED") return "already-cancelled";
    if (row.status !== "ASSIGNED") {
      // order-service refuses to cancel after pickup, so this is a late or stray event.
      log.warn({ orderId: order.orderId, status: row.status }, "order.cancelled after pickup ignored");
      return "too-late";
    }
    await deliveries.update(tx, order.orderId, { status: "CANCELLED", cancelledAt: clock.now(), eta: null, nextTransitionAt: null });
    log.info({ orderId: order.orderId, courierId: row.courierId }, "delivery cancelled, courier freed");
    return "cancelled";
  }

  /** Moves one claimed delivery to its next status at the instant it was due, and writes its event. */
  async function advance(tx: Tx, row: DeliveryRow): Promise<void> {
    const at = row.nextTransitionAt ?? clock.now();
    if (row.status === "ASSIGNED") {
      const eta = clock.after(at, row.travelMinutes);
      const next = await deliveries.update(tx, row.orderId, { status: "PICKED_UP", pickedUpAt: at, eta, nextTransitionAt: eta });
      await enqueueEvents(tx, [progressEvent("delivery.picked_up", next, at)]);
    } else if (row.status === "PICKED_UP") {
      const next = await deliveries.update(tx, row.orderId, { status: "DELIVERED", deliveredAt: at, eta: null, nextTransitionAt: null });
      await enqueueEvents(tx, [progressEvent("delivery.delivered", next, at)]);
    }
  }

  /**
   * One scheduler pass: claims the deliveries due by now (skipping rows another replica holds) and
   * applies each transition with its outbox row in the same transaction. Returns how many moved.
   */
  async function advanceDue(limit = SCHEDULER_BATCH): Promise<number> {
    return deliveries.transaction(async (tx) => {
      const due = await deliveries.claimDue(tx, clock.now(), limit);
      for (const row of due) await advance(tx, row);
      return due.length;
    });
  }

  /** The student's own delivery; anyone else's is indistinguishable from a missing one. */
  async function track(orderId: string, userId: string): Promise<Delivery> {
    const row = await deliveries.findByOrderId(orderId);
    if (!row || row.userId !== userId) throw notFound(`No delivery for order ${orderId}`);
    return toDelivery(row);
  }

  return { assign, cancel, advanceDue, track };
}

export type Deliveries = ReturnType<typeof createDeliveries>;
