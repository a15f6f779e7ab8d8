import {
  createEvent,
  PROBLEM_TYPES,
  shortOrderId,
  type CourierAssignment,
  type Delivery,
  type DeliveryHistoryEntry,
  type EventOf,
  type OrderCancelledPayload,
  type OrderReadyForPickupPayload,
} from "@ustbites/contracts";
import { HttpProblem, notFound } from "@ustbites/kit";
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

/** Simulated minutes a (simulated) courier waiting at the restaurant takes to collect food once it is ready. */
export const PICKUP_MINUTES = 1;

/** A courier whose screen asked for their assignments within this window is signed in. */
export const COURIER_PRESENCE_MS = 30_000;
export type CancelOutcome = "cancelled" | "too-late" | "already-cancelled" | "remembered";

/** Deliveries scheduled per scheduler transaction: small, so a transaction holds few row locks briefly. */
export const SCHEDULER_BATCH = 20;

function progressEvent(type: ProgressType, row: DeliveryRow, at: Date) {
  return createEvent(
    type,
    {
      orderId: row.orderId,
      userId: row.userId,
      courier: toCourier(row.courier),
      eta: row.eta?.toISOString() ?? null,
      at: at.toISOString(),
    },
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

export function toAssignment(row: DeliveryRow): CourierAssignment {
  return {
    orderId: row.orderId,
    shortId: shortOrderId(row.orderId),
    status: row.status,
    ready: row.readyAt !== null,
    restaurantName: row.restaurantName,
    pickupBuilding: row.pickupBuilding,
    dropoff: { building: row.dropoffBuilding, room: row.dropoffRoom, instructions: row.dropoffInstructions },
    assignedAt: row.assignedAt.toISOString(),
    eta: row.eta?.toISOString() ?? null,
  };
}

/** The delivery rules: who gets an order, when it moves on, what a cancellation does. */
export function createDeliveries(deps: DeliveriesDeps) {
  const { deliveries, couriers, clock, log } = deps;

  const presentSince = () => new Date(clock.now().getTime() - COURIER_PRESENCE_MS);

  /**
   * Assigns a courier to an order its restaurant accepted, inside the caller's transaction (the
   * inbox's): a signed-in courier first, then the least busy. A courier can carry several orders, so an
   * order is assigned even when every courier is busy. Nobody picks it up before the kitchen says it
   * is ready (order.ready_for_pickup), so no pickup is scheduled yet.
   */
  async function assign(tx: Tx, event: EventOf<"order.accepted">): Promise<AssignOutcome> {
    const order = event.payload;
    await deliveries.lockOrder(tx, order.orderId);
    const settled = await deliveries.settled(tx, order.orderId);
    if (settled === "cancelled") {
      log.info({ orderId: order.orderId }, "order was cancelled before it was confirmed here: no courier assigned");
      return "order-cancelled";
    }
    // A second order.accepted for the same order (a re-published event with a new id) changes nothing.
    if (settled === "assigned") return "already-assigned";

    const candidates = await couriers.lockCandidates(tx);
    const courier = await couriers.leastBusy(tx, candidates, presentSince());
    // Only an empty couriers table gets here; throwing lets the bus retry (and park it in the DLQ).
    if (!courier) throw new Error("no couriers: cannot assign a delivery");
    const courierId = courier.id;

    const assignedAt = clock.now();
    const travel = travelMinutes(order.restaurantLocation.zone, order.deliveryAddress.building);
    const readyBy = new Date(Math.max(assignedAt.getTime(), Date.parse(order.readyBy)));
    const row: DeliveryRow = {
      orderId: order.orderId,
      userId: order.userId,
      courierId,
      courier,
      status: "ASSIGNED",
      restaurantName: order.restaurantName,
      pickupBuilding: order.restaurantLocation.building,
      dropoffBuilding: order.deliveryAddress.building,
      dropoffRoom: order.deliveryAddress.room,
      dropoffInstructions: order.deliveryAddress.instructions,
      prepMinutes: order.prepMinutes,
      travelMinutes: travel,
      assignedAt,
      readyAt: null,
      pickedUpAt: null,
      deliveredAt: null,
      cancelledAt: null,
      eta: clock.after(clock.after(readyBy, PICKUP_MINUTES), travel),
      nextTransitionAt: null,
    };
    await deliveries.create(tx, row, progressEvent("delivery.assigned", row, assignedAt));
    log.info({ orderId: row.orderId, courierId, eta: row.eta }, "courier assigned");
    return "assigned";
  }

  /**
   * The kitchen is done: the delivery may be picked up. The simulated courier collects it after
   * PICKUP_MINUTES (a signed-in courier taps "picked up" instead; the scheduler skips their
   * deliveries). Thrown while the delivery does not exist yet, so the bus retries after the
   * order.accepted that creates it.
   */
  async function markReady(tx: Tx, order: OrderReadyForPickupPayload): Promise<"ready" | "unchanged"> {
    await deliveries.lockOrder(tx, order.orderId);
    const row = await deliveries.lockByOrderId(tx, order.orderId);
    if (!row) {
      if (await deliveries.isCancelled(tx, order.orderId)) return "unchanged";
      throw new Error(`order.ready_for_pickup for order ${order.orderId} before its delivery exists`);
    }
    if (row.status !== "ASSIGNED" || row.readyAt) return "unchanged";
    const readyAt = new Date(order.readyAt);
    const pickupAt = clock.after(new Date(Math.max(readyAt.getTime(), clock.now().getTime())), PICKUP_MINUTES);
    await deliveries.update(tx, order.orderId, {
      readyAt,
      nextTransitionAt: pickupAt,
      eta: clock.after(pickupAt, row.travelMinutes),
    });
    return "ready";
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
    await deliveries.update(tx, order.orderId, {
      status: "CANCELLED",
      cancelledAt: clock.now(),
      eta: null,
      nextTransitionAt: null,
    });
    log.info({ orderId: order.orderId, courierId: row.courierId }, "delivery cancelled, courier freed");
    return "cancelled";
  }

  async function pickUp(tx: Tx, row: DeliveryRow, at: Date): Promise<DeliveryRow> {
    const eta = clock.after(at, row.travelMinutes);
    const next: DeliveryRow = { ...row, status: "PICKED_UP", pickedUpAt: at, eta, nextTransitionAt: eta };
    await deliveries.writeStep(tx, row.orderId, next, progressEvent("delivery.picked_up", next, at));
    return next;
  }

  async function deliver(tx: Tx, row: DeliveryRow, at: Date): Promise<DeliveryRow> {
    const next: DeliveryRow = { ...row, status: "DELIVERED", deliveredAt: at, eta: null, nextTransitionAt: null };
    await deliveries.writeStep(tx, row.orderId, next, progressEvent("delivery.delivered", next, at));
    return next;
  }

  /** Moves one claimed delivery to its next status at the instant it was due, and writes its event. */
  async function advance(tx: Tx, row: DeliveryRow): Promise<void> {
    const at = row.nextTransitionAt ?? clock.now();
    if (row.status === "ASSIGNED") await pickUp(tx, row, at);
    else if (row.status === "PICKED_UP") await deliver(tx, row, at);
  }

  /**
   * One pass of the simulated couriers: claims the deliveries due by now whose courier is not signed in
   * (skipping rows another replica holds) and applies each transition with its outbox row in the same
   * transaction. Returns how many moved.
   */
  async function advanceDue(limit = SCHEDULER_BATCH): Promise<number> {
    return deliveries.transaction(async (tx) => {
      const due = await deliveries.claimDue(tx, clock.now(), presentSince(), limit);
      for (const row of due) await advance(tx, row);
      return due.length;
    });
  }

  /** When the simulated couriers next have a step to take (see the repository's nextDue). */
  const nextDue = (): Promise<Date | null> => deliveries.nextDue(presentSince());

  const wrongStatus = (detail: string) =>
    new HttpProblem(409, "Conflict", { type: PROBLEM_TYPES.orderWrongStatus, detail });

  /**
   * A signed-in courier's step on one of their own deliveries (anyone else's is a 404). Repeating a
   * step already taken answers with the delivery as it is.
   */
  async function courierStep(
    courierId: string,
    orderId: string,
    step: "picked_up" | "delivered",
  ): Promise<{ assignment: CourierAssignment; moved: boolean }> {
    return deliveries.transaction(async (tx) => {
      await deliveries.lockOrder(tx, orderId);
      const row = await deliveries.lockByOrderId(tx, orderId);
      if (!row || row.courierId !== courierId) throw notFound(`No delivery of order ${orderId} is yours`);
      const done =
        step === "picked_up" ? row.status === "PICKED_UP" || row.status === "DELIVERED" : row.status === "DELIVERED";
      if (done) return { assignment: toAssignment(row), moved: false };
      if (step === "picked_up") {
        if (row.status !== "ASSIGNED") throw wrongStatus(`The delivery of order ${orderId} is ${row.status}`);
        if (!row.readyAt) throw wrongStatus(`The food for order ${orderId} is not ready for pickup yet`);
        return { assignment: toAssignment(await pickUp(tx, row, clock.now())), moved: true };
      }
      if (row.status !== "PICKED_UP") throw wrongStatus(`Order ${orderId} has not been picked up (${row.status})`);
      return { assignment: toAssignment(await deliver(tx, row, clock.now())), moved: true };
    });
  }

  /** The courier's own deliveries (open ones, and the last few done); seeing them marks the courier signed in. */
  async function assignmentsOf(courierId: string): Promise<CourierAssignment[]> {
    await couriers.touch(courierId, clock.now());
    return (await deliveries.ofCourier(courierId)).map(toAssignment);
  }

  /** The student's own delivery; anyone else's is indistinguishable from a missing one. */
  async function track(orderId: string, userId: string): Promise<Delivery> {
    const row = await deliveries.findByOrderId(orderId);
    if (!row || row.userId !== userId) throw notFound(`No delivery for order ${orderId}`);
    return toDelivery(row);
  }

  return { assign, markReady, cancel, advanceDue, nextDue, track, courierStep, assignmentsOf };
}

export type Deliveries = ReturnType<typeof createDeliveries>;
