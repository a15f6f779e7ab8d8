import type { Notification, PrismaClient } from "../generated/prisma/client.ts";
import type { NotificationChannel } from "../generated/prisma/enums.ts";

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

/** The student's address as an event carries it. `phone` undefined = the event did not say (keep what is known); null = none now. */
export interface RecipientUpdate {
  userId: string;
  email: string;
  name: string | null;
  phone?: string | null | undefined;
}

const toColumns = (n: NewNotification) => ({
  id: n.id,
  user_id: n.userId,
  order_id: n.orderId,
  event_id: n.eventId,
  dedupe_key: n.dedupeKey,
  channel: n.channel,
  template: n.template,
  recipient: n.recipient,
  to_masked: n.to,
  subject: n.subject,
  body: n.body,
  html: n.html,
});

export interface ListFilter {
  userId: string;
  orderId?: string | undefined;
  channel?: NotificationChannel | undefined;
  limit: number;
  offset: number;
}

export function createNotificationRepository(prisma: PrismaClient) {
  return {
    findRecipient: (userId: string) => prisma.recipient.findUnique({ where: { userId } }),

    /**
     * Records an event's messages at most once, in ONE statement (so PostgreSQL's implicit transaction):
     * the inbox row for (event, consumer), the student's address when the event carries it and it
     * changed, and the messages (a dedupe key that exists already is skipped), the last two only if
     * the inbox row is new. Resolves whether the event was new and how many messages were recorded.
     */
    recordOnce: async (
      event: { id: string; consumer: string },
      recipient: RecipientUpdate | null,
      rows: NewNotification[],
    ): Promise<{ first: boolean; recorded: number }> => {
      const values: unknown[] = [event.id, event.consumer, JSON.stringify(rows.map(toColumns))];
      let upsert = "";
      if (recipient) {
        values.push(
          recipient.userId,
          recipient.email,
          recipient.name,
          recipient.phone ?? null,
          recipient.phone !== undefined,
        );
        // A name only ever replaces an older one (not every event has it); an absent phone keeps the known one.
        upsert = `, recipient AS (
          INSERT INTO recipients AS r (user_id, email, name, phone, updated_at)
          SELECT $4::uuid, $5, $6, $7, now() FROM inbox
          ON CONFLICT (user_id) DO UPDATE
             SET email = excluded.email, name = coalesce(excluded.name, r.name),
                 phone = CASE WHEN $8 THEN excluded.phone ELSE r.phone END, updated_at = now()
           WHERE (r.email, r.name, r.phone) IS DISTINCT FROM
                 (excluded.email, coalesce(excluded.name, r.name), CASE WHEN $8 THEN excluded.phone ELSE r.phone END))`;
      }
      const [row] = await prisma.$queryRawUnsafe<{ first: boolean; recorded: number }[]>(
        `WITH inbox AS (
           INSERT INTO inbox (event_id, consumer) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING RETURNING event_id
         )${upsert}, recorded AS (
           INSERT INTO notifications (id, user_id, order_id, event_id, dedupe_key, channel, template, recipient, to_masked, subject, body, html)
           SELECT n.id, n.user_id, n.order_id, n.event_id, n.dedupe_key, n.channel::"NotificationChannel", n.template, n.recipient,
                  n.to_masked, n.subject, n.body, n.html
             FROM inbox, jsonb_to_recordset($3::jsonb) AS n(id uuid, user_id uuid, order_id uuid, event_id uuid, dedupe_key text,
                  channel text, template text, recipient text, to_masked text, subject text, body text, html text)
           ON CONFLICT (dedupe_key) DO NOTHING
           RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM inbox) AS first, (SELECT count(*) FROM recorded)::int AS recorded`,
        ...values,
      );
      return { first: row?.first ?? false, recorded: row?.recorded ?? 0 };
    },

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
    claimDue: async (limit: number, leaseMs: number): Promise<Notification[]> =>
      prisma.$queryRaw<Notification[]>`
        UPDATE notifications SET attempts = attempts + 1,
               next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}::float8)
         WHERE id IN (SELECT id FROM notifications
                       WHERE status = 'PENDING' AND next_attempt_at <= now()
                       ORDER BY next_attempt_at, id
                       LIMIT ${limit}
                       FOR UPDATE SKIP LOCKED)
        RETURNING id::text AS id, user_id::text AS "userId", order_id::text AS "orderId", event_id::text AS "eventId",
                  dedupe_key AS "dedupeKey", channel::text AS channel, template, recipient, to_masked AS "to", subject, body, html,
                  status::text AS status, attempts, next_attempt_at AS "nextAttemptAt", error, sent_at AS "sentAt", created_at AS "createdAt"`,

    /** Marks the messages of one sender pass SENT in one statement. */
    markSent: async (ids: string[]): Promise<void> => {
      if (ids.length > 0)
        await prisma.notification.updateMany({
          where: { id: { in: ids }, status: "PENDING" },
          data: { status: "SENT", sentAt: new Date(), error: null },
        });
    },

    markRetry: (id: string, error: string, delayMs: number) => prisma.$executeRaw`
      UPDATE notifications SET error = ${error}, next_attempt_at = now() + make_interval(secs => ${delayMs / 1000}::float8)
       WHERE id = ${id}::uuid AND status = 'PENDING'`,

    markFailed: (id: string, error: string) =>
      prisma.notification.updateMany({ where: { id, status: "PENDING" }, data: { status: "FAILED", error } }),
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
