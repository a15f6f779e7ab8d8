import type { Courier, Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { CourierSeed } from "../domain/couriers.ts";

export type Db = PrismaClient | Prisma.TransactionClient;

export function createCourierRepository(prisma: PrismaClient) {
  return {
    /** Inserts the couriers that are missing; existing rows (and whether they are on duty) stay as they are. */
    seed: async (couriers: readonly CourierSeed[]): Promise<number> => {
      const { count } = await prisma.courier.createMany({ data: [...couriers], skipDuplicates: true });
      return count;
    },

    list: () => prisma.courier.findMany({ orderBy: { name: "asc" } }),

    /** The courier's screen is open: they are signed in for the next COURIER_PRESENCE_MS. */
    touch: async (id: string, at: Date): Promise<void> => {
      await prisma.courier.updateMany({ where: { id }, data: { lastSeenAt: at } });
    },

    /**
     * Locks every on-duty courier (every courier, when none is on duty), in id order so concurrent
     * callers never deadlock, and returns their ids. Held until the transaction ends: assignments are
     * serialized, so each one counts the deliveries the previous one committed.
     */
    lockCandidates: async (tx: Prisma.TransactionClient): Promise<string[]> => {
      const available = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM couriers WHERE available ORDER BY id FOR UPDATE`;
      if (available.length > 0) return available.map((r) => r.id);
      const all = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM couriers ORDER BY id FOR UPDATE`;
      return all.map((r) => r.id);
    },

    /**
     * Of the given couriers, a signed-in one (seen since `presentSince`) before any simulated one, then
     * the one with the fewest active (ASSIGNED or PICKED_UP) deliveries; ties
     * go to the one idle longest, i.e. whose last assignment, pickup, drop-off or cancellation is
     * oldest (never used first), then by id so the choice is deterministic. Returns the whole courier,
     * so the assignment and its event need no second read.
     */
    leastBusy: async (
      tx: Prisma.TransactionClient,
      ids: string[],
      presentSince: Date,
    ): Promise<Courier | undefined> => {
      const rows = await tx.$queryRaw<Courier[]>`
        SELECT c.id::text AS id, c.name, c.vehicle::text AS vehicle, c.phone, c.available,
               c.last_seen_at AS "lastSeenAt", c.created_at AS "createdAt"
        FROM couriers c
        LEFT JOIN deliveries d ON d.courier_id = c.id
        WHERE c.id = ANY(${ids}::uuid[])
        GROUP BY c.id
        ORDER BY coalesce(c.last_seen_at > ${presentSince}, false) DESC,
                 count(d.order_id) FILTER (WHERE d.status IN ('ASSIGNED', 'PICKED_UP')) ASC,
                 max(greatest(d.assigned_at, d.picked_up_at, d.delivered_at, d.cancelled_at)) ASC NULLS FIRST,
                 c.id ASC
        LIMIT 1`;
      return rows[0];
    },
  };
}

export type CourierRepository = ReturnType<typeof createCourierRepository>;
