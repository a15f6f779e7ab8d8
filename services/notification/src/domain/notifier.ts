import {
  NotificationTemplate,
  type DomainEvent,
  type Notification,
  type NotificationListQuery,
  type NotificationPage,
} from "@ustbites/contracts";
import { newId } from "@ustbites/kit";
import type {
  ClaimedNotification,
  Contact as KnownContact,
  NotificationRepository,
  RecipientUpdate,
} from "../repositories/notifications.ts";
import { maskEmail, maskPhone } from "./mask.ts";
import { draftsFor, type Contact, type Draft } from "./templates.ts";

/** Thrown for an event about a student this service has no address for yet: the bus retries it. */
export class UnknownRecipientError extends Error {
  constructor(userId: string) {
    super(`no email address known for user ${userId} yet (no order.* event seen for them)`);
    this.name = "UnknownRecipientError";
  }
}

type OrderEvent = Extract<DomainEvent, { type: `order.${string}` }>;
type AddressedByIdEvent = Extract<DomainEvent, { type: `delivery.${string}` | "payment.refunded" }>;
const isOrderEvent = (e: DomainEvent): e is OrderEvent => e.type.startsWith("order.");
const isAddressedById = (e: DomainEvent): e is AddressedByIdEvent =>
  e.type.startsWith("delivery.") || e.type === "payment.refunded";

type Row = Awaited<ReturnType<NotificationRepository["list"]>>["items"][number];

const toNotification = (row: Row): Notification => ({
  id: row.id,
  userId: row.userId,
  orderId: row.orderId,
  channel: row.channel,
  template: NotificationTemplate.parse(row.template),
  to: row.to,
  subject: row.subject,
  body: row.body,
  status: row.status,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
});

/** What handling one event came to: whether it was new (its inbox row written now) and the messages it recorded, claimed for sending. */
export interface Recorded {
  first: boolean;
  claimed: ClaimedNotification[];
}

/** Students whose address is remembered in memory; the oldest is forgotten first. */
const CACHED_RECIPIENTS = 10_000;

export function createNotifier(deps: { repo: NotificationRepository }) {
  const { repo } = deps;
  /**
   * The addresses this process last wrote or read, so a delivery event costs no look-up. Never trusted
   * blindly: recordOnce writes only if the row still matches (another replica may have changed it).
   */
  const known = new Map<string, KnownContact>();
  const remember = (contact: KnownContact) => {
    known.delete(contact.userId);
    known.set(contact.userId, contact);
    if (known.size > CACHED_RECIPIENTS) known.delete(known.keys().next().value as string);
  };
  /** What the upsert in recordOnce left in the row, if this process can tell without reading it. */
  function rememberUpdate(update: RecipientUpdate) {
    const before = known.get(update.userId);
    const name = update.name ?? before?.name;
    const phone = update.phone !== undefined ? update.phone : before?.phone;
    if (name === undefined || phone === undefined) known.delete(update.userId);
    else remember({ userId: update.userId, email: update.email, name, phone });
  }

  async function lookUp(userId: string): Promise<KnownContact | null> {
    const row = await repo.findRecipient(userId);
    if (!row) return null;
    const contact = { userId, email: row.email, name: row.name, phone: row.phone };
    remember(contact);
    return contact;
  }

  /**
   * The messages an event produces, and the address to remember with them. order.* events carry the
   * student's email and name (order.confirmed their phone too), remembered for the events that carry
   * only a user id (delivery.*, payment.refunded), which read them back. Most order events produce no
   * message (order.created, accepted, ready, status changes): they cost no look-up.
   */
  async function draft(
    event: DomainEvent,
    cached: boolean,
  ): Promise<{ drafts: Draft[]; update: RecipientUpdate | null; expected?: KnownContact }> {
    if (isOrderEvent(event)) {
      const p = event.payload;
      const named = "userName" in p ? p.userName : undefined;
      const phone =
        event.type === "order.confirmed" || event.type === "order.created" ? event.payload.userPhone : undefined;
      const contact: Contact = { email: p.userEmail, name: named ?? null, phone: phone ?? null };
      let drafts = draftsFor(event, p.userId, contact);
      // An event written before order events carried the name: greet with the one remembered.
      if (drafts.length > 0 && named === undefined) {
        drafts = draftsFor(event, p.userId, { ...contact, name: (await repo.findRecipient(p.userId))?.name ?? null });
      }
      return { drafts, update: { userId: p.userId, email: p.userEmail, name: named ?? null, phone } };
    }
    if (isAddressedById(event)) {
      const { userId } = event.payload;
      const hit = cached ? known.get(userId) : undefined;
      const contact = hit ?? (await lookUp(userId));
      if (!contact) throw new UnknownRecipientError(userId);
      return {
        drafts: draftsFor(event, userId, { email: contact.email, name: contact.name, phone: contact.phone }),
        update: null,
        ...(hit ? { expected: hit } : {}),
      };
    }
    return { drafts: [], update: null };
  }

  return {
    /**
     * Records the messages an event produces as PENDING and claimed for `leaseMs` (the caller sends
     * them), at most once per (event, consumer), in one statement with its inbox row (and the
     * student's address, when it changed). An event that produces no message writes nothing at all:
     * handling it twice has no effect to repeat. Resolves null for such an event.
     */
    async record(event: DomainEvent, consumer: string, leaseMs: number): Promise<Recorded | null> {
      for (let cached = true; ; cached = false) {
        const { drafts, update, expected } = await draft(event, cached);
        if (drafts.length === 0) return null;
        const outcome = await repo.recordOnce(
          { id: event.id, consumer },
          update,
          drafts.map((d) => ({
            id: newId(),
            userId: d.userId,
            orderId: d.orderId,
            eventId: event.id,
            dedupeKey: d.dedupeKey,
            channel: d.channel,
            template: d.template,
            recipient: d.recipient,
            to: d.channel === "email" ? maskEmail(d.recipient) : maskPhone(d.recipient),
            subject: d.subject,
            body: d.text,
            html: d.html,
          })),
          { leaseMs, expected },
        );
        // The remembered address was out of date: nothing was written; read it and draft again.
        if (!outcome.fresh) continue;
        if (update && outcome.first) rememberUpdate(update);
        return { first: outcome.first, claimed: outcome.claimed };
      }
    },

    /** The signed-in student's own messages, newest first. */
    async list(userId: string, query: NotificationListQuery): Promise<NotificationPage> {
      const { items, total } = await repo.list({
        userId,
        orderId: query.orderId,
        channel: query.channel,
        limit: query.limit,
        offset: query.offset,
      });
      return { items: items.map(toNotification), total, limit: query.limit, offset: query.offset };
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
