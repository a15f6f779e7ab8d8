import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import type { OrderStatus } from "../generated/prisma/enums.ts";
import { KITCHEN_STATUSES } from "@ustbites/contracts";

export type Db = PrismaClient | Prisma.TransactionClient;

const withItems = { items: { orderBy: { position: "asc" } } } satisfies Prisma.OrderInclude;
export type OrderRow = Prisma.OrderGetPayload<{ include: typeof withItems }>;
export type OrderEventRow = Prisma.OrderEventRowGetPayload<object>;

export interface NewOrder {
  id: string;
  userId: string;
  userEmail: string;
  userName: string;
  userPhone: string | null;
  restaurantId: string;
  restaurantName: string;
  restaurantLocation: Prisma.InputJsonValue;
  prepTimeMinutes: number;
  subtotalCents: number;
  deliveryFeeCents: number;
  totalCents: number;
  deliveryAddress: Prisma.InputJsonValue;
  idempotencyKey: string;
  requestHash: string;
  items: { id: string; itemId: string; name: string; unitPriceCents: number; quantity: number; notes: string | null; lineTotalCents: number }[];
  /** The first event (PENDING, seq 1). */
  event: { id: string; at: Date };
}

/** What a status change writes besides the status and the event row. */
export interface StatusChange {
  status: OrderStatus;
  eventId: string;
  at: Date;
  eta: Date | null;
  detail: string | null;
  paymentId?: string;
  paymentLast4?: string;
  failureReason?: string;
  readyBy?: Date;
  courier?: string;
}

export const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";

export function createOrderRepository(prisma: PrismaClient) {
  return {
    transaction: <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn),

    findByKey: (userId: string, idempotencyKey: string, db: Db = prisma): Promise<OrderRow | null> =>
      db.order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } }, include: withItems }),

    findById: (id: string, db: Db = prisma): Promise<OrderRow | null> => db.order.findUnique({ where: { id }, include: withItems }),

    /** The order if it belongs to `userId`; someone else's order is indistinguishable from none. */
    findOwned: (id: string, userId: string, db: Db = prisma): Promise<OrderRow | null> =>
      db.order.findFirst({ where: { id, userId }, include: withItems }),

    /** One page of a student's orders, newest first, items loaded in the same query (no N+1). */
    async list(userId: string, q: { status?: OrderStatus | undefined; limit: number; offset: number }) {
      const where: Prisma.OrderWhereInput = { userId, ...(q.status ? { status: q.status } : {}) };
      const [rows, total] = await Promise.all([
        prisma.order.findMany({ where, include: withItems, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: q.limit, skip: q.offset }),
        prisma.order.count({ where }),
      ]);
      return { rows, total };
    },

    eventsAfter: (orderId: string, afterSeq: number, db: Db = prisma): Promise<OrderEventRow[]> =>
      db.orderEventRow.findMany({ where: { orderId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } }),

    /** The order, its items and its first event in one statement batch; the unique (userId, key) index decides races. */
    createPending: (o: NewOrder, db: Db): Promise<OrderRow> =>
      db.order.create({
        data: {
          id: o.id,
          userId: o.userId,
          userEmail: o.userEmail,
          userName: o.userName,
          userPhone: o.userPhone,
          restaurantId: o.restaurantId,
          restaurantName: o.restaurantName,
          restaurantLocation: o.restaurantLocation,
          prepTimeMinutes: o.prepTimeMinutes,
          subtotalCents: o.subtotalCents,
          deliveryFeeCents: o.deliveryFeeCents,
          totalCents: o.totalCents,
          deliveryAddress: o.deliveryAddress,
          idempotencyKey: o.idempotencyKey,
          requestHash: o.requestHash,
          status: "PENDING",
          lastSeq: 1,
          createdAt: o.event.at,
          items: { create: o.items.map((item, position) => ({ ...item, position })) },
          events: { create: [{ id: o.event.id, seq: 1, status: "PENDING", at: o.event.at, eta: null, detail: null }] },
        },
        include: withItems,
      }),

    /**
     * Locks the order row for the rest of the transaction, so status changes of one order (the payment
     * call, the reconciler, delivery events, a cancel) are applied one at a time and each sees the last.
     */
    async lock(id: string, tx: Prisma.TransactionClient): Promise<OrderRow | null> {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM orders WHERE id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0) return null;
      return tx.order.findUnique({ where: { id }, include: withItems });
    },

    /** Writes a status change and its event row with the next seq. Call only with the row locked. */
    async applyChange(order: OrderRow, change: StatusChange, tx: Prisma.TransactionClient): Promise<{ order: OrderRow; event: OrderEventRow }> {
      const seq = order.lastSeq + 1;
      const event = await tx.orderEventRow.create({
        data: { id: change.eventId, orderId: order.id, seq, status: change.status, at: change.at, eta: change.eta, detail: change.detail },
      });
      const updated = await tx.order.update({
        where: { id: order.id },
        data: {
          status: change.status,
          lastSeq: seq,
          eta: change.eta,
          ...(change.paymentId !== undefined ? { paymentId: change.paymentId } : {}),
          ...(change.paymentLast4 !== undefined ? { paymentLast4: change.paymentLast4 } : {}),
          ...(change.failureReason !== undefined ? { failureReason: change.failureReason } : {}),
          ...(change.readyBy !== undefined ? { readyBy: change.readyBy } : {}),
          ...(change.courier !== undefined ? { courier: change.courier } : {}),
        },
        include: withItems,
      });
      return { order: updated, event };
    },

    /** A restaurant's orders in the kitchen's hands, oldest first. */
    kitchenOrders: (restaurantId: string): Promise<OrderRow[]> =>
      prisma.order.findMany({
        where: { restaurantId, status: { in: [...KITCHEN_STATUSES] } },
        include: withItems,
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: 200,
      }),

    /** Marks a kitchen screen alive (its socket's session id) for its restaurant. */
    touchKitchen: (sessionId: string, restaurantId: string, at: Date) =>
      prisma.kitchenSession.upsert({ where: { id: sessionId }, create: { id: sessionId, restaurantId, seenAt: at }, update: { restaurantId, seenAt: at } }),

    leaveKitchen: (sessionId: string) => prisma.kitchenSession.deleteMany({ where: { id: sessionId } }),

    /** Restaurants with a kitchen screen seen since `since`: people run them, not the simulator. */
    staffedRestaurants: async (since: Date): Promise<string[]> =>
      (await prisma.kitchenSession.findMany({ where: { seenAt: { gt: since } }, distinct: ["restaurantId"], select: { restaurantId: true } })).map(
        (r) => r.restaurantId,
      ),

    /**
     * Orders the simulated kitchen should act on now, oldest first: CONFIRMED since before
     * `confirmedBefore` (to accept) or PREPARING and due (to mark ready), at restaurants not in `staffed`.
     */
    unattended: async (q: { confirmedBefore: Date; dueBy: Date; staffed: string[]; limit: number }) =>
      prisma.order.findMany({
        where: {
          restaurantId: { notIn: q.staffed },
          OR: [
            { status: "CONFIRMED", updatedAt: { lte: q.confirmedBefore } },
            { status: "PREPARING", readyBy: { lte: q.dueBy } },
          ],
        },
        select: { id: true, status: true },
        orderBy: { updatedAt: "asc" },
        take: q.limit,
      }),

    /** Ids of PENDING orders created before `before`, oldest first: the sweeper's work list. */
    stalePending: async (before: Date, limit: number): Promise<string[]> =>
      (await prisma.order.findMany({ where: { status: "PENDING", createdAt: { lt: before } }, select: { id: true }, orderBy: { createdAt: "asc" }, take: limit })).map(
        (r) => r.id,
      ),
  };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
