import { Prisma, type Notification, type PrismaClient } from "../generated/prisma/client.ts";
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

/** A message claimed by one sender (attempt counted, leased), as `claimDue` and `recordOnce` return it. */
export type ClaimedNotification = Notification;
type ClaimedJson = Omit<Notification, "nextAttemptAt" | "sentAt" | "createdAt"> & {
  nextAttemptAt: string;
  sentAt: string | null;
  createdAt: string;
};

const CLAIMED_COLUMNS = `id::text AS id, user_id::text AS "userId", order_id::text AS "orderId", event_id::text AS "eventId",
  dedupe_key AS "dedupeKey", channel::text AS channel, template, recipient, to_masked AS "to", subject, body, html,
  status::text AS status, attempts, next_attempt_at AS "nextAttemptAt", error, sent_at AS "sentAt", created_at AS "createdAt"`;

/** The address a message was drafted for. */
export interface Contact {
  userId: string;
  email: string;
  name: string | null;
  phone: string | null;
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
     * the inbox row is new. The messages are written already claimed by the caller (one attempt
     * counted, the next one a lease ahead), so the sender sends them without a claim statement and a
     * process that dies before marking them leaves them due again when the lease runs out.
     *
     * `expected`: the address the messages were drafted for, from a cache. If the row no longer
     * matches (another replica saw the student change it), nothing is written and `fresh` is false:
     * read it again and draft again.
     */
    recordOnce: async (
      event: { id: string; consumer: string },
      recipient: RecipientUpdate | null,
      rows: NewNotification[],
      opts: { leaseMs: number; expected?: Contact | undefined },
    ): Promise<{ first: boolean; fresh: boolean; claimed: ClaimedNotification[] }> => {
      const values: unknown[] = [event.id, event.consumer, JSON.stringify(rows.map(toColumns)), opts.leaseMs / 1000];
      let fresh = "SELECT true AS ok";
      if (opts.expected) {
        const { userId, email, name, phone } = opts.expected;
        values.push(userId, email, name, phone);
        fresh = `SELECT EXISTS (SELECT 1 FROM recipients
                                 WHERE user_id = $5::uuid AND email = $6
                                   AND name IS NOT DISTINCT FROM $7::text AND phone IS NOT DISTINCT FROM $8::text) AS ok`;
      }
      let upsert = "";
      if (recipient) {
        const at = values.length;
        values.push(
          recipient.userId,
          recipient.email,
          recipient.name,
          recipient.phone ?? null,
          recipient.phone !== undefined,
        );
        const [u, e, n, ph, has] = [1, 2, 3, 4, 5].map((i) => `$${at + i}`);
        // A name only ever replaces an older one (not every event has it); an absent phone keeps the known one.
        upsert = `, recipient AS (
          INSERT INTO recipients AS r (user_id, email, name, phone, updated_at)
          SELECT ${u}::uuid, ${e}, ${n}, ${ph}, now() FROM inbox
          ON CONFLICT (user_id) DO UPDATE
             SET email = excluded.email, name = coalesce(excluded.name, r.name),
                 phone = CASE WHEN ${has}::boolean THEN excluded.phone ELSE r.phone END, updated_at = now()
           WHERE (r.email, r.name, r.phone) IS DISTINCT FROM
                 (excluded.email, coalesce(excluded.name, r.name), CASE WHEN ${has}::boolean THEN excluded.phone ELSE r.phone END))`;
      }
      const [row] = await prisma.$queryRawUnsafe<{ first: boolean; fresh: boolean; claimed: ClaimedJson[] | null }[]>(
        `WITH fresh AS (${fresh}), inbox AS (
           INSERT INTO inbox (event_id, consumer) SELECT $1::uuid, $2 FROM fresh WHERE ok
           ON CONFLICT DO NOTHING RETURNING event_id
         )${upsert}, recorded AS (
           INSERT INTO notifications (id, user_id, order_id, event_id, dedupe_key, channel, template, recipient, to_masked,
                                      subject, body, html, attempts, next_attempt_at)
           SELECT n.id, n.user_id, n.order_id, n.event_id, n.dedupe_key, n.channel::"NotificationChannel", n.template, n.recipient,
                  n.to_masked, n.subject, n.body, n.html, 1, now() + make_interval(secs => $4::float8)
             FROM inbox, jsonb_to_recordset($3::jsonb) AS n(id uuid, user_id uuid, order_id uuid, event_id uuid, dedupe_key text,
                  channel text, template text, recipient text, to_masked text, subject text, body text, html text)
           ON CONFLICT (dedupe_key) DO NOTHING
           RETURNING ${CLAIMED_COLUMNS}
         )
         SELECT EXISTS (SELECT 1 FROM inbox) AS first, (SELECT ok FROM fresh) AS fresh,
                (SELECT json_agg(recorded) FROM recorded) AS claimed`,
        ...values,
      );
      return {
        first: row?.first ?? false,
        fresh: row?.fresh ?? true,
        claimed: (row?.claimed ?? []).map((n) => ({
          ...n,
          nextAttemptAt: new Date(n.nextAttemptAt),
          sentAt: n.sentAt === null ? null : new Date(n.sentAt),
          createdAt: new Date(n.createdAt),
        })),
      };
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
    claimDue: async (limit: number, leaseMs: number): Promise<ClaimedNotification[]> =>
      prisma.$queryRaw<ClaimedNotification[]>`
        UPDATE notifications SET attempts = attempts + 1,
               next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}::float8)
         WHERE id IN (SELECT id FROM notifications
                       WHERE status = 'PENDING' AND next_attempt_at <= now()
                       ORDER BY next_attempt_at, id
                       LIMIT ${limit}
                       FOR UPDATE SKIP LOCKED)
        RETURNING ${Prisma.raw(CLAIMED_COLUMNS)}`,

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
