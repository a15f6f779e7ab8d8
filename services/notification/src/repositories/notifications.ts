import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { NotificationChannel } from "../generated/prisma/enums.ts";

export type Db = PrismaClient | Prisma.TransactionClient;

export interface NewNotification {
  id: string;
  userId: string;
  orderId: string | null;
  eventId: string;
  dedupeKey: string;
  channel: NotificationChannel;
  template: string;
  recipient: string;
  to: string;
  subject: string | null;
  body: string;
  html: string | null;
}

export interface ListFilter {
  userId: string;
  orderId?: string | undefined;
  channel?: NotificationChannel | undefined;
  limit: number;
  offset: number;
}

export function createNotificationRepository(prisma: PrismaClient) {
  return {
    findRecipient: (userId: string, db: Db = prisma) => db.recipient.findUnique({ where: { userId } }),

    /** Keeps the latest address; a name only ever replaces an older one (not every event has it). */
    /** `phone` undefined = the event did not say (keep what is known); null = the student has none now. */
    saveRecipient: (data: { userId: string; email: string; name: string | null; phone?: string | null | undefined }, db: Db = prisma) =>
      db.recipient.upsert({
        where: { userId: data.userId },
        create: { userId: data.userId, email: data.email, name: data.name, phone: data.phone ?? null },
        update: { email: data.email, ...(data.name ? { name: data.name } : {}), ...(data.phone !== undefined ? { phone: data.phone } : {}) },
      }),

    /** Rows whose dedupe key exists already are skipped; returns how many were new. */
    insertMany: async (rows: NewNotification[], db: Db = prisma): Promise<number> =>
      rows.length === 0 ? 0 : (await db.notification.createMany({ data: rows, skipDuplicates: true })).count,

    list: async (filter: ListFilter) => {
      const where = {
        userId: filter.userId,
        ...(filter.orderId ? { orderId: filter.orderId } : {}),
        ...(filter.channel ? { channel: filter.channel } : {}),
      };
      const [items, total] = await Promise.all([
        prisma.notification.findMany({
          where,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: filter.limit,
          skip: filter.offset,
        }),
        prisma.notification.count({ where }),
      ]);
      return { items, total };
    },

    /**
     * Claims due PENDING messages for one sender pass: counts the attempt and pushes the next attempt
     * one lease ahead, so other replicas (SKIP LOCKED) and later passes leave them alone while they are
     * being sent, and a sender that dies mid-send leaves them due again when the lease runs out.
     */
    claimDue: async (limit: number, leaseMs: number) => {
      const claimed = await prisma.$queryRaw<{ id: string }[]>`
        UPDATE notifications SET attempts = attempts + 1,
               next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}::float8)
         WHERE id IN (SELECT id FROM notifications
                       WHERE status = 'PENDING' AND next_attempt_at <= now()
                       ORDER BY next_attempt_at, id
                       LIMIT ${limit}
                       FOR UPDATE SKIP LOCKED)
        RETURNING id`;
      if (claimed.length === 0) return [];
      return prisma.notification.findMany({ where: { id: { in: claimed.map((row) => row.id) } }, orderBy: { id: "asc" } });
    },

    markSent: (id: string) =>
      prisma.notification.updateMany({ where: { id, status: "PENDING" }, data: { status: "SENT", sentAt: new Date(), error: null } }),

    markRetry: (id: string, error: string, delayMs: number) => prisma.$executeRaw`
      UPDATE notifications SET error = ${error}, next_attempt_at = now() + make_interval(secs => ${delayMs / 1000}::float8)
       WHERE id = ${id}::uuid AND status = 'PENDING'`,

    markFailed: (id: string, error: string) =>
      prisma.notification.updateMany({ where: { id, status: "PENDING" }, data: { status: "FAILED", error } }),
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
