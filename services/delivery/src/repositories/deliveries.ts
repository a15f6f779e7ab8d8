import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

const withCourier = { courier: true } as const;
export type DeliveryRow = Prisma.DeliveryGetPayload<{ include: typeof withCourier }>;

export function createDeliveryRepository(prisma: PrismaClient) {
  return {
    transaction: <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn),

    findByOrderId: (orderId: string): Promise<DeliveryRow | null> =>
      prisma.delivery.findUnique({ where: { orderId }, include: withCourier }),

    /** Locks the order's delivery row until the transaction ends (waits for a scheduler holding it). */
    lockByOrderId: async (tx: Prisma.TransactionClient, orderId: string): Promise<DeliveryRow | null> => {
      const locked = await tx.$queryRaw<{ order_id: string }[]>`
        SELECT order_id::text FROM deliveries WHERE order_id = ${orderId}::uuid FOR UPDATE`;
      if (locked.length === 0) return null;
      return tx.delivery.findUnique({ where: { orderId }, include: withCourier });
    },

    /**
     * Serializes everything this service does for one order (its confirmation and its cancellation
     * may be handled at the same time, in either order) until the transaction ends.
     */
    lockOrder: async (tx: Prisma.TransactionClient, orderId: string): Promise<void> => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${orderId}, 0))`;
    },

    /**
     * Claims up to `limit` deliveries whose next step is due, locking them. SKIP LOCKED lets several
     * replicas' schedulers share the work: a row another one holds is not waited for, it is skipped.
     *
     * A signed-in courier's deliveries are theirs to move: the simulator skips them while they are
     * seen (presentSince), and takes over once they are gone.
     *
     * A delivery whose previous event is still unpublished waits: each replica runs an outbox relay,
     * and two relays could otherwise put one order's `picked_up` on the broker before its `assigned`.
     */
    claimDue: async (tx: Prisma.TransactionClient, now: Date, presentSince: Date, limit: number): Promise<DeliveryRow[]> => {
      const due = await tx.$queryRaw<{ order_id: string }[]>`
        SELECT d.order_id::text FROM deliveries d
        WHERE d.next_transition_at <= ${now} AND d.status IN ('ASSIGNED', 'PICKED_UP')
          AND NOT EXISTS (SELECT 1 FROM couriers c WHERE c.id = d.courier_id AND c.last_seen_at > ${presentSince})
          AND NOT EXISTS (
            SELECT 1 FROM outbox o
            WHERE o.published_at IS NULL AND o.payload -> 'payload' ->> 'orderId' = d.order_id::text)
        ORDER BY d.next_transition_at
        LIMIT ${limit}
        FOR UPDATE OF d SKIP LOCKED`;
      if (due.length === 0) return [];
      return tx.delivery.findMany({
        where: { orderId: { in: due.map((r) => r.order_id) } },
        include: withCourier,
        orderBy: { nextTransitionAt: "asc" },
      });
    },

    create: (tx: Prisma.TransactionClient, data: Prisma.DeliveryUncheckedCreateInput): Promise<DeliveryRow> =>
      tx.delivery.create({ data, include: withCourier }),

    update: (tx: Prisma.TransactionClient, orderId: string, data: Prisma.DeliveryUncheckedUpdateInput): Promise<DeliveryRow> =>
      tx.delivery.update({ where: { orderId }, data, include: withCourier }),

    /** A courier's open deliveries, oldest first, then the last few they finished or lost. */
    ofCourier: async (courierId: string): Promise<DeliveryRow[]> => {
      const [open, done] = await Promise.all([
        prisma.delivery.findMany({ where: { courierId, status: { in: ["ASSIGNED", "PICKED_UP"] } }, include: withCourier, orderBy: { assignedAt: "asc" } }),
        prisma.delivery.findMany({ where: { courierId, status: { in: ["DELIVERED", "CANCELLED"] } }, include: withCourier, orderBy: { assignedAt: "desc" }, take: 10 }),
      ]);
      return [...open, ...done];
    },

    isCancelled: async (tx: Prisma.TransactionClient, orderId: string): Promise<boolean> =>
      (await tx.cancelledOrder.findUnique({ where: { orderId } })) !== null,

    rememberCancelled: async (tx: Prisma.TransactionClient, orderId: string, at: Date): Promise<void> => {
      await tx.cancelledOrder.createMany({ data: [{ orderId, cancelledAt: at }], skipDuplicates: true });
    },
  };
}

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;
