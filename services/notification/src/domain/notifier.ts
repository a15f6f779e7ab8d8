import {
  NotificationTemplate,
  type DomainEvent,
  type Notification,
  type NotificationListQuery,
  type NotificationPage,
} from "@ustbites/contracts";
import { newId } from "@ustbites/kit";
import type { Db, NotificationRepository } from "../repositories/notifications.ts";
import { maskEmail, maskPhone } from "./mask.ts";
import { draftsFor, type Contact } from "./templates.ts";

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
const isAddressedById = (e: DomainEvent): e is AddressedByIdEvent => e.type.startsWith("delivery.") || e.type === "payment.refunded";

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

export function createNotifier(deps: { repo: NotificationRepository }) {
  const { repo } = deps;

  /**
   * Works out whom to address: order.* events carry the student's email (order.confirmed their name,
   * order.created and order.confirmed their phone), remembered for the events that carry only a user id.
   */
  async function contactFor(event: DomainEvent, db: Db): Promise<{ userId: string; contact: Contact } | null> {
    if (isOrderEvent(event)) {
      const p = event.payload;
      const name = event.type === "order.confirmed" ? event.payload.userName : null;
      const phone = event.type === "order.confirmed" || event.type === "order.created" ? event.payload.userPhone : undefined;
      await repo.saveRecipient({ userId: p.userId, email: p.userEmail, name, phone }, db);
      const known = await repo.findRecipient(p.userId, db);
      return { userId: p.userId, contact: { email: p.userEmail, name: known?.name ?? null, phone: known?.phone ?? null } };
    }
    if (isAddressedById(event)) {
      const { userId } = event.payload;
      const known = await repo.findRecipient(userId, db);
      if (!known) throw new UnknownRecipientError(userId);
      return { userId, contact: { email: known.email, name: known.name, phone: known.phone } };
    }
    return null;
  }

  return {
    /** Stores the messages an event produces as PENDING, inside the caller's (inbox) transaction. */
    async record(event: DomainEvent, db: Db): Promise<number> {
      const target = await contactFor(event, db);
      if (!target) return 0;
      const drafts = draftsFor(event, target.userId, target.contact);
      return repo.insertMany(
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
        db,
      );
    },

    /** The signed-in student's own messages, newest first. */
    async list(userId: string, query: NotificationListQuery): Promise<NotificationPage> {
      const { items, total } = await repo.list({ userId, orderId: query.orderId, channel: query.channel, limit: query.limit, offset: query.offset });
      return { items: items.map(toNotification), total, limit: query.limit, offset: query.offset };
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
