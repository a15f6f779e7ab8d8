import type { DomainEvent } from "@ustbites/contracts";
import { activeTraceparent } from "@ustbites/kit";
import { outboxInsert } from "@ustbites/kit/bus";
import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import type { OrderStatus } from "../generated/prisma/enums.ts";
import { KITCHEN_STATUSES } from "@ustbites/contracts";

export type Db = PrismaClient | Prisma.TransactionClient;

const withItems = { items: { orderBy: { position: "asc" } } } satisfies Prisma.OrderInclude;
export type OrderRow = Prisma.OrderGetPayload<{ include: typeof withItems }>;
export type OrderEventRow = Prisma.OrderEventRowGetPayload<object>;

/** An OrderRow as PostgreSQL's json_build_object writes it: its instants as ISO strings. */
type OrderJson = Omit<OrderRow, "eta" | "readyBy" | "createdAt" | "updatedAt"> & {
  eta: string | null;
  readyBy: string | null;
  createdAt: string;
  updatedAt: string;
};
const fromJson = (o: OrderJson): OrderRow => ({
  ...o,
  eta: o.eta === null ? null : new Date(o.eta),
  readyBy: o.readyBy === null ? null : new Date(o.readyBy),
  createdAt: new Date(o.createdAt),
  updatedAt: new Date(o.updatedAt),
});

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
  items: {
    id: string;
    itemId: string;
    name: string;
    unitPriceCents: number;
    quantity: number;
    notes: string | null;
    lineTotalCents: number;
  }[];
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

/** P2002 from a Prisma model query; P2010 wrapping the driver's unique violation (23505) from a raw one. */
export const isUniqueViolation = (err: unknown): boolean => {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === "P2002") return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined)?.driverAdapterError
    ?.cause;
  return err.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
};

export function createOrderRepository(prisma: PrismaClient) {
  return {
    transaction: <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn),

    findByKey: (userId: string, idempotencyKey: string, db: Db = prisma): Promise<OrderRow | null> =>
      db.order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } }, include: withItems }),

    findById: (id: string, db: Db = prisma): Promise<OrderRow | null> =>
      db.order.findUnique({ where: { id }, include: withItems }),

    /** The order if it belongs to `userId`; someone else's order is indistinguishable from none. */
    findOwned: (id: string, userId: string, db: Db = prisma): Promise<OrderRow | null> =>
      db.order.findFirst({ where: { id, userId }, include: withItems }),

    /** One page of a student's orders, newest first, items loaded in the same query (no N+1). */
    async list(userId: string, q: { status?: OrderStatus | undefined; limit: number; offset: number }) {
      const where: Prisma.OrderWhereInput = { userId, ...(q.status ? { status: q.status } : {}) };
      const [rows, total] = await Promise.all([
        prisma.order.findMany({
          where,
          include: withItems,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: q.limit,
          skip: q.offset,
        }),
        prisma.order.count({ where }),
      ]);
      return { rows, total };
    },

    eventsAfter: (orderId: string, afterSeq: number, db: Db = prisma): Promise<OrderEventRow[]> =>
      db.orderEventRow.findMany({ where: { orderId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } }),

    /**
     * Writes the PENDING order, its items, its first event (seq 1) and the outbox events made from it
     * in ONE statement: one round trip and PostgreSQL's implicit transaction, where Prisma's nested
     * create took a transaction of eight (BEGIN, three INSERTs, two SELECTs to read the order back, the
     * outbox INSERT, COMMIT). The order is built here exactly as the database will hold it, so nothing
     * is read back. The unique (userId, Idempotency-Key) index decides races: the loser's statement
     * fails as a whole (`isUniqueViolation`) and writes nothing.
     */
    async createPending(o: NewOrder, eventsFor: (order: OrderRow) => DomainEvent[]): Promise<OrderRow> {
      const { event, items, restaurantLocation, deliveryAddress, ...fields } = o;
      const at = event.at;
      const order: OrderRow = {
        ...fields,
        // What was written is what the column holds: JSON in, the same JSON back.
        restaurantLocation: restaurantLocation as Prisma.JsonValue,
        deliveryAddress: deliveryAddress as Prisma.JsonValue,
        status: "PENDING",
        lastSeq: 1,
        paymentId: null,
        paymentLast4: null,
        failureReason: null,
        eta: null,
        readyBy: null,
        courier: null,
        createdAt: at,
        updatedAt: at,
        traceparent: activeTraceparent() ?? null,
        items: items.map((item, position) => ({ ...item, orderId: o.id, position })),
      };
      const outbox = outboxInsert(eventsFor(order), 19);
      await prisma.$executeRawUnsafe(
        `WITH new_order AS (
           INSERT INTO orders (id, user_id, user_email, user_name, user_phone, restaurant_id, restaurant_name, restaurant_location,
                               prep_time_minutes, subtotal_cents, delivery_fee_cents, total_cents, status, last_seq, delivery_address,
                               idempotency_key, request_hash, created_at, updated_at, traceparent)
           VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7, $8::jsonb, $9, $10, $11, $12, 'PENDING', 1, $13::jsonb, $14, $15, $16::timestamptz, $16::timestamptz, $19::text)
           RETURNING id
         ), new_items AS (
           INSERT INTO order_items (id, order_id, position, item_id, name, unit_price_cents, quantity, notes, line_total_cents)
           SELECT i.id, new_order.id, i.position, i.item_id, i.name, i.unit_price_cents, i.quantity, i.notes, i.line_total_cents
             FROM new_order, jsonb_to_recordset($17::jsonb) AS i(id uuid, position int, item_id uuid, name text, unit_price_cents int,
                                                                 quantity int, notes text, line_total_cents int)
         ), first_event AS (
           INSERT INTO order_events (id, order_id, seq, status, at) SELECT $18::uuid, new_order.id, 1, 'PENDING', $16::timestamptz FROM new_order
         )
         ${outbox.text}`,
        o.id,
        o.userId,
        o.userEmail,
        o.userName,
        o.userPhone,
        o.restaurantId,
        o.restaurantName,
        JSON.stringify(o.restaurantLocation),
        o.prepTimeMinutes,
        o.subtotalCents,
        o.deliveryFeeCents,
        o.totalCents,
        JSON.stringify(o.deliveryAddress),
        o.idempotencyKey,
        o.requestHash,
        at.toISOString(),
        JSON.stringify(
          order.items.map((i) => ({
            id: i.id,
            position: i.position,
            item_id: i.itemId,
            name: i.name,
            unit_price_cents: i.unitPriceCents,
            quantity: i.quantity,
            notes: i.notes,
            line_total_cents: i.lineTotalCents,
          })),
        ),
        event.id,
        order.traceparent,
        ...outbox.values,
      );
      return order;
    },

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
    async applyChange(
      order: OrderRow,
      change: StatusChange,
      tx: Prisma.TransactionClient,
    ): Promise<{ order: OrderRow; event: OrderEventRow }> {
      const seq = order.lastSeq + 1;
      const event = await tx.orderEventRow.create({
        data: {
          id: change.eventId,
          orderId: order.id,
          seq,
          status: change.status,
          at: change.at,
          eta: change.eta,
          detail: change.detail,
        },
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

    /**
     * Applies a status change to an order as the caller read it, in ONE statement (PostgreSQL's
     * implicit transaction, no lock held across round trips): the order row, its event row with the
     * next seq, the outbox events and, for a consumer, its inbox row. Optimistic: it writes only if the
     * order's seq is still the one read (nobody moved it since) and, with `inbox`, the event was not
     * handled before; two racing writers cannot both match. Resolves whether it wrote; false means
     * "read again and decide" (the caller falls back to the locking path).
     */
    async applyIfCurrent(
      order: OrderRow,
      change: StatusChange,
      events: (updated: OrderRow, event: OrderEventRow) => DomainEvent[],
      inbox?: { eventId: string; consumer: string },
    ): Promise<{ order: OrderRow; event: OrderEventRow } | null> {
      const seq = order.lastSeq + 1;
      const updated: OrderRow = {
        ...order,
        status: change.status,
        lastSeq: seq,
        eta: change.eta,
        updatedAt: change.at,
        ...(change.paymentId !== undefined ? { paymentId: change.paymentId } : {}),
        ...(change.paymentLast4 !== undefined ? { paymentLast4: change.paymentLast4 } : {}),
        ...(change.failureReason !== undefined ? { failureReason: change.failureReason } : {}),
        ...(change.readyBy !== undefined ? { readyBy: change.readyBy } : {}),
        ...(change.courier !== undefined ? { courier: change.courier } : {}),
      };
      const event: OrderEventRow = {
        id: change.eventId,
        orderId: order.id,
        seq,
        status: change.status,
        at: change.at,
        eta: change.eta,
        detail: change.detail,
      };
      const values: unknown[] = [
        order.id,
        order.lastSeq,
        updated.status,
        seq,
        updated.eta,
        change.at,
        updated.paymentId,
        updated.paymentLast4,
        updated.failureReason,
        updated.readyBy,
        updated.courier,
        event.id,
        event.detail,
      ];
      let unhandled = "";
      let inboxInsert = "";
      if (inbox) {
        values.push(inbox.eventId, inbox.consumer);
        unhandled = "AND NOT EXISTS (SELECT 1 FROM inbox WHERE event_id = $14::uuid AND consumer = $15)";
        inboxInsert = ", handled AS (INSERT INTO inbox (event_id, consumer) SELECT $14::uuid, $15 FROM changed)";
      }
      const outbox = outboxInsert(events(updated, event), values.length, "EXISTS (SELECT 1 FROM changed)");
      const written = await prisma.$executeRawUnsafe(
        `WITH changed AS (
           UPDATE orders SET status = $3::"OrderStatus", last_seq = $4, eta = $5, updated_at = $6, payment_id = $7::uuid, payment_last4 = $8,
                             failure_reason = $9, ready_by = $10, courier = $11
            WHERE id = $1::uuid AND last_seq = $2 ${unhandled}
           RETURNING id
         ), history AS (
           INSERT INTO order_events (id, order_id, seq, status, at, eta, detail)
           SELECT $12::uuid, id, $4, $3::"OrderStatus", $6, $5, $13 FROM changed
         )${inboxInsert}
         ${outbox.text}`,
        ...values,
        ...outbox.values,
      );
      return written > 0 ? { order: updated, event } : null;
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
      prisma.kitchenSession.upsert({
        where: { id: sessionId },
        create: { id: sessionId, restaurantId, seenAt: at },
        update: { restaurantId, seenAt: at },
      }),

    leaveKitchen: (sessionId: string) => prisma.kitchenSession.deleteMany({ where: { id: sessionId } }),

    /**
     * The simulated kitchen's look, in ONE statement: the orders (whole, with their items, so each
     * step is written from what was read: see applyIfCurrent) it should act on now at restaurants with
     * no kitchen screen seen since `seenSince`, oldest first (CONFIRMED since before `confirmedBefore`,
     * to accept, or PREPARING and ready by `dueBy`), and the earliest instant one of the other waiting
     * orders there falls due (`autoAcceptMs` after it was confirmed, or its ready time). `next` is
     * null when no other order waits.
     */
    kitchenWork: async (q: {
      seenSince: Date;
      confirmedBefore: Date;
      dueBy: Date;
      autoAcceptMs: number;
      limit: number;
    }): Promise<{ due: OrderRow[]; next: Date | null }> => {
      const [row] = await prisma.$queryRaw<{ due: OrderJson[]; next: Date | null }[]>`
        WITH waiting AS (
          SELECT o.id, o.updated_at,
                 CASE WHEN o.status = 'CONFIRMED' THEN o.updated_at + make_interval(secs => ${q.autoAcceptMs / 1000}::float8)
                      ELSE o.ready_by END AS due_at,
                 CASE WHEN o.status = 'CONFIRMED' THEN o.updated_at <= ${q.confirmedBefore}
                      ELSE o.ready_by <= ${q.dueBy} END AS is_due
            FROM orders o
           WHERE o.status IN ('CONFIRMED', 'PREPARING')
             AND NOT EXISTS (SELECT 1 FROM kitchen_sessions k
                              WHERE k.restaurant_id = o.restaurant_id AND k.seen_at > ${q.seenSince})
        ), due AS (
          SELECT id FROM waiting WHERE is_due ORDER BY updated_at LIMIT ${q.limit}
        )
        SELECT coalesce((
                 SELECT json_agg(json_build_object(
                          'id', o.id, 'userId', o.user_id, 'userEmail', o.user_email, 'userName', o.user_name,
                          'userPhone', o.user_phone, 'restaurantId', o.restaurant_id, 'restaurantName', o.restaurant_name,
                          'restaurantLocation', o.restaurant_location, 'prepTimeMinutes', o.prep_time_minutes,
                          'subtotalCents', o.subtotal_cents, 'deliveryFeeCents', o.delivery_fee_cents,
                          'totalCents', o.total_cents, 'status', o.status, 'lastSeq', o.last_seq,
                          'deliveryAddress', o.delivery_address, 'paymentId', o.payment_id, 'paymentLast4', o.payment_last4,
                          'failureReason', o.failure_reason, 'eta', o.eta, 'readyBy', o.ready_by, 'courier', o.courier,
                          'idempotencyKey', o.idempotency_key, 'requestHash', o.request_hash, 'createdAt', o.created_at,
                          'updatedAt', o.updated_at, 'traceparent', o.traceparent,
                          'items', (SELECT coalesce(json_agg(json_build_object(
                                             'id', i.id, 'orderId', i.order_id, 'position', i.position, 'itemId', i.item_id,
                                             'name', i.name, 'unitPriceCents', i.unit_price_cents, 'quantity', i.quantity,
                                             'notes', i.notes, 'lineTotalCents', i.line_total_cents) ORDER BY i.position), '[]')
                                      FROM order_items i WHERE i.order_id = o.id)
                        ) ORDER BY o.updated_at)
                   FROM orders o JOIN due ON due.id = o.id), '[]') AS due,
               (SELECT min(due_at) FROM waiting WHERE id NOT IN (SELECT id FROM due)) AS next`;
      return { due: (row?.due ?? []).map(fromJson), next: row?.next ?? null };
    },

    /** Ids of PENDING orders created before `before`, oldest first: the sweeper's work list. */
    stalePending: async (before: Date, limit: number): Promise<string[]> =>
      (
        await prisma.order.findMany({
          where: { status: "PENDING", createdAt: { lt: before } },
          select: { id: true },
          orderBy: { createdAt: "asc" },
          take: limit,
        })
      ).map((r) => r.id),
  };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
