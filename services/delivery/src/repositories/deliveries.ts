import type { DomainEvent } from "@ustbites/contracts";
import { outboxInsert } from "@ustbites/kit/bus";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

const withCourier = { courier: true } as const;
export type DeliveryRow = Prisma.DeliveryGetPayload<{ include: typeof withCourier }>;

/** What a scheduled step changes on a delivery row. */
export type DeliveryStep = Pick<DeliveryRow, "status" | "pickedUpAt" | "deliveredAt" | "eta" | "nextTransitionAt">;

/** A delivery with its courier in one row, columns named as Prisma names the fields. */
const ROW_WITH_COURIER = `
  d.order_id::text AS "orderId", d.user_id::text AS "userId", d.courier_id::text AS "courierId", d.status::text AS status,
  d.restaurant_name AS "restaurantName", d.pickup_building AS "pickupBuilding", d.dropoff_building AS "dropoffBuilding",
  d.dropoff_room AS "dropoffRoom", d.dropoff_instructions AS "dropoffInstructions", d.prep_minutes AS "prepMinutes",
  d.travel_minutes AS "travelMinutes", d.assigned_at AS "assignedAt", d.ready_at AS "readyAt", d.picked_up_at AS "pickedUpAt",
  d.delivered_at AS "deliveredAt", d.cancelled_at AS "cancelledAt", d.eta, d.next_transition_at AS "nextTransitionAt",
  c.id::text AS "c_id", c.name AS "c_name", c.vehicle::text AS "c_vehicle", c.phone AS "c_phone", c.available AS "c_available",
  c.last_seen_at AS "c_lastSeenAt", c.created_at AS "c_createdAt"`;

type RawRow = Omit<DeliveryRow, "courier"> & {
  c_id: string;
  c_name: string;
  c_vehicle: DeliveryRow["courier"]["vehicle"];
  c_phone: string;
  c_available: boolean;
  c_lastSeenAt: Date | null;
  c_createdAt: Date;
};

function fromRaw({
  c_id,
  c_name,
  c_vehicle,
  c_phone,
  c_available,
  c_lastSeenAt,
  c_createdAt,
  ...row
}: RawRow): DeliveryRow {
  return {
    ...row,
    courier: {
      id: c_id,
      name: c_name,
      vehicle: c_vehicle,
      phone: c_phone,
      available: c_available,
      lastSeenAt: c_lastSeenAt,
      createdAt: c_createdAt,
    },
  };
}

/**
 * Due deliveries the simulated couriers may move: not a signed-in courier's (seen since $presentSince),
 * and not one whose previous event is still unpublished (each replica runs an outbox relay, and two
 * relays could otherwise put one order's `picked_up` on the broker before its `assigned`).
 */
const SIMULATED = `d.status IN ('ASSIGNED', 'PICKED_UP') AND d.next_transition_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM couriers c WHERE c.id = d.courier_id AND c.last_seen_at > $1)`;
const UNBLOCKED = `NOT EXISTS (SELECT 1 FROM outbox o WHERE o.published_at IS NULL AND o.payload -> 'payload' ->> 'orderId' = d.order_id::text)`;

export function createDeliveryRepository(prisma: PrismaClient) {
  return {
    transaction: <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn),

    findByOrderId: (orderId: string): Promise<DeliveryRow | null> =>
      prisma.delivery.findUnique({ where: { orderId }, include: withCourier }),

    /** Locks the order's delivery row until the transaction ends (waits for a scheduler holding it). */
    lockByOrderId: async (tx: Prisma.TransactionClient, orderId: string): Promise<DeliveryRow | null> => {
      const [row] = await tx.$queryRawUnsafe<RawRow[]>(
        `SELECT ${ROW_WITH_COURIER} FROM deliveries d JOIN couriers c ON c.id = d.courier_id WHERE d.order_id = $1::uuid FOR UPDATE OF d`,
        orderId,
      );
      return row ? fromRaw(row) : null;
    },

    /**
     * Serializes everything this service does for one order (its confirmation and its cancellation
     * may be handled at the same time, in either order) until the transaction ends.
     */
    lockOrder: async (tx: Prisma.TransactionClient, orderId: string): Promise<void> => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${orderId}, 0))`;
    },

    /**
     * Claims up to `limit` deliveries whose next step is due, locking them, with their couriers, in one
     * statement. SKIP LOCKED lets several replicas' schedulers share the work: a row another one holds
     * is not waited for, it is skipped. A signed-in courier's deliveries are theirs to move: the
     * simulator skips them while they are seen (presentSince), and takes over once they are gone.
     */
    claimDue: async (
      tx: Prisma.TransactionClient,
      now: Date,
      presentSince: Date,
      limit: number,
    ): Promise<DeliveryRow[]> => {
      const rows = await tx.$queryRawUnsafe<RawRow[]>(
        `SELECT ${ROW_WITH_COURIER}
           FROM deliveries d JOIN couriers c ON c.id = d.courier_id
          WHERE ${SIMULATED} AND d.next_transition_at <= $2 AND ${UNBLOCKED}
          ORDER BY d.next_transition_at
          LIMIT $3
          FOR UPDATE OF d SKIP LOCKED`,
        presentSince,
        now,
        limit,
      );
      return rows.map(fromRaw);
    },

    /**
     * When the simulated couriers next have something to do: the earliest step due, or now when one is
     * due but waits for its previous event to be published. Null when nothing is scheduled. One
     * statement, outside any transaction: what the scheduler asks between passes.
     */
    nextDue: async (presentSince: Date): Promise<Date | null> => {
      const [row] = await prisma.$queryRawUnsafe<{ next: Date | null }[]>(
        `SELECT min(d.next_transition_at) AS next FROM deliveries d WHERE ${SIMULATED}`,
        presentSince,
      );
      return row?.next ?? null;
    },

    /**
     * Writes a scheduled step (the row must be locked) and its event in one statement: the step is
     * known in full before it is written, so nothing is read back.
     */
    writeStep: async (
      tx: Prisma.TransactionClient,
      orderId: string,
      step: DeliveryStep,
      event: DomainEvent,
    ): Promise<void> => {
      const outbox = outboxInsert([event], 6);
      await tx.$executeRawUnsafe(
        `WITH step AS (
           UPDATE deliveries SET status = $2::"DeliveryStatus", picked_up_at = $3, delivered_at = $4, eta = $5, next_transition_at = $6
            WHERE order_id = $1::uuid)
         ${outbox.text}`,
        orderId,
        step.status,
        step.pickedUpAt,
        step.deliveredAt,
        step.eta,
        step.nextTransitionAt,
        ...outbox.values,
      );
    },

    /**
     * Inserts a new delivery and its event in one statement; the row is built in full by the caller
     * (courier included), so nothing is read back.
     */
    create: async (tx: Prisma.TransactionClient, row: DeliveryRow, event: DomainEvent): Promise<void> => {
      const outbox = outboxInsert([event], 14);
      await tx.$executeRawUnsafe(
        `WITH created AS (
           INSERT INTO deliveries (order_id, user_id, courier_id, status, restaurant_name, pickup_building, dropoff_building, dropoff_room,
                                   dropoff_instructions, prep_minutes, travel_minutes, assigned_at, eta, next_transition_at)
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4::"DeliveryStatus", $5, $6, $7, $8, $9, $10, $11, $12, $13, $14))
         ${outbox.text}`,
        row.orderId,
        row.userId,
        row.courierId,
        row.status,
        row.restaurantName,
        row.pickupBuilding,
        row.dropoffBuilding,
        row.dropoffRoom,
        row.dropoffInstructions,
        row.prepMinutes,
        row.travelMinutes,
        row.assignedAt,
        row.eta,
        row.nextTransitionAt,
        ...outbox.values,
      );
    },

    update: async (
      tx: Prisma.TransactionClient,
      orderId: string,
      data: Prisma.DeliveryUncheckedUpdateManyInput,
    ): Promise<void> => {
      await tx.delivery.updateMany({ where: { orderId }, data });
    },

    /** A courier's open deliveries, oldest first, then the last few they finished or lost. */
    ofCourier: async (courierId: string): Promise<DeliveryRow[]> => {
      const [open, done] = await Promise.all([
        prisma.delivery.findMany({
          where: { courierId, status: { in: ["ASSIGNED", "PICKED_UP"] } },
          include: withCourier,
          orderBy: { assignedAt: "asc" },
        }),
        prisma.delivery.findMany({
          where: { courierId, status: { in: ["DELIVERED", "CANCELLED"] } },
          include: withCourier,
          orderBy: { assignedAt: "desc" },
          take: 10,
        }),
      ]);
      return [...open, ...done];
    },

    /** Whether the order was cancelled here, or already has a delivery: either way there is nothing to assign. */
    settled: async (tx: Prisma.TransactionClient, orderId: string): Promise<"cancelled" | "assigned" | null> => {
      const [row] = await tx.$queryRaw<{ cancelled: boolean; assigned: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM cancelled_orders WHERE order_id = ${orderId}::uuid) AS cancelled,
               EXISTS (SELECT 1 FROM deliveries WHERE order_id = ${orderId}::uuid) AS assigned`;
      return row?.cancelled ? "cancelled" : row?.assigned ? "assigned" : null;
    },

    isCancelled: async (tx: Prisma.TransactionClient, orderId: string): Promise<boolean> =>
      (await tx.cancelledOrder.findUnique({ where: { orderId } })) !== null,

    rememberCancelled: async (tx: Prisma.TransactionClient, orderId: string, at: Date): Promise<void> => {
      await tx.cancelledOrder.createMany({ data: [{ orderId, cancelledAt: at }], skipDuplicates: true });
    },
  };
}

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;
