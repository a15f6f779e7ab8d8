import {
  CAMPUS_TIME_ZONE,
  formatCents,
  shortOrderId,
  type DeliveryAddress,
  type DomainEvent,
  type EventOf,
  type NotificationChannel,
  type NotificationTemplate,
} from "@ustbites/contracts";

/** Who a message goes to: the address from the event (order.*) or the last one seen (others). */
export interface Contact {
  email: string;
  name: string | null;
  /** When the student gave a phone, delivery progress also goes by SMS. */
  phone: string | null;
}

/** A message before it is stored: the sender loop sends it after the event's transaction commits. */
export interface Draft {
  userId: string;
  orderId: string | null;
  channel: NotificationChannel;
  template: NotificationTemplate;
  /** The real address or number. */
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  /**
   * One message per order (or refund), template and channel. order.delivered and delivery.delivered
   * both announce the delivery; whichever arrives first produces the email.
   */
  dedupeKey: string;
}

type Block = { p: string } | { list: string[] };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Item names, notes and instructions are typed by people: never let them become markup. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: CAMPUS_TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
/** Campus wall-clock time, e.g. "12:45": students read times in Hong Kong time, not UTC. */
export const campusTime = (iso: string) => timeFormat.format(new Date(iso));

const greeting = (contact: Contact) => (contact.name ? `Hi ${contact.name},` : "Hi,");

const address = (a: DeliveryAddress) =>
  [a.building, a.room ? `room ${a.room}` : null].filter(Boolean).join(", ") +
  (a.instructions ? ` (${a.instructions})` : "");

function renderText(blocks: Block[]): string {
  return (
    blocks.map((b) => ("p" in b ? b.p : b.list.map((item) => `- ${item}`).join("\n"))).join("\n\n") + "\n\n— USTBites\n"
  );
}

function renderHtml(subject: string, blocks: Block[]): string {
  const body = blocks
    .map((b) =>
      "p" in b
        ? `<p>${escapeHtml(b.p)}</p>`
        : `<ul>${b.list.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`,
    )
    .join("\n");
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body style="font-family: sans-serif">\n${body}\n<p>— USTBites</p>\n</body></html>\n`;
}

interface Composed {
  template: NotificationTemplate;
  orderId: string;
  /** Defaults to the order id; a refund is keyed by its own id (one order could see several). */
  key?: string;
  subject: string;
  blocks: Block[];
  /** Short text for SMS, when this message also goes by SMS and the student has a phone. */
  sms?: string;
}

function compose(event: DomainEvent, contact: Contact): Composed | null {
  switch (event.type) {
    case "order.confirmed":
      return orderConfirmed(event, contact);
    case "order.payment_failed": {
      const p = event.payload;
      return {
        template: "order_payment_failed",
        orderId: p.orderId,
        subject: `Payment failed: your order from ${p.restaurantName}`,
        blocks: [
          { p: greeting(contact) },
          {
            p: `We could not charge ${formatCents(p.totalCents)} for your order from ${p.restaurantName} (${p.reason.replace(/_/g, " ")}), so it was not placed.`,
          },
          {
            p: "If any amount was taken from your card, it is refunded automatically. You can try again with another card.",
          },
          { p: `Order ${shortOrderId(p.orderId)}` },
        ],
      };
    }
    case "order.cancelled": {
      const p = event.payload;
      if (p.by === "restaurant") {
        return {
          template: "order_rejected",
          orderId: p.orderId,
          subject: `${p.restaurantName} could not take your order`,
          blocks: [
            { p: greeting(contact) },
            {
              p: `Sorry: ${p.restaurantName} could not make your order${p.reason ? `. They said: "${p.reason}"` : "."}`,
            },
            {
              p: p.refunded
                ? `Your payment of ${formatCents(p.totalCents)} is being refunded to your card; we will email you when the refund is issued.`
                : "You have not been charged for this order.",
            },
            { p: `Order ${shortOrderId(p.orderId)}` },
          ],
        };
      }
      return {
        template: "order_cancelled",
        orderId: p.orderId,
        subject: `Order cancelled: ${p.restaurantName}`,
        blocks: [
          { p: greeting(contact) },
          { p: `Your order from ${p.restaurantName} was cancelled${p.reason ? `: ${p.reason}` : "."}` },
          {
            p: p.refunded
              ? `Your payment of ${formatCents(p.totalCents)} is being refunded to your card; we will email you when the refund is issued.`
              : "You have not been charged for this order.",
          },
          { p: `Order ${shortOrderId(p.orderId)}` },
        ],
      };
    }
    case "order.delivered": {
      const p = event.payload;
      return {
        template: "order_delivered",
        orderId: p.orderId,
        subject: `Delivered: your order from ${p.restaurantName}`,
        blocks: [
          { p: greeting(contact) },
          { p: `Your order from ${p.restaurantName} was delivered at ${campusTime(p.deliveredAt)}. Enjoy your meal!` },
        ],
      };
    }
    case "delivery.assigned": {
      const p = event.payload;
      const eta = p.eta ? ` It should arrive around ${campusTime(p.eta)}.` : "";
      return {
        template: "courier_assigned",
        orderId: p.orderId,
        subject: `${p.courier.name} will deliver your order`,
        blocks: [{ p: greeting(contact) }, { p: `${p.courier.name} (${p.courier.vehicle}) is your courier.${eta}` }],
      };
    }
    case "delivery.picked_up": {
      const p = event.payload;
      const eta = p.eta ? ` It should arrive around ${campusTime(p.eta)}.` : "";
      return {
        template: "order_picked_up",
        orderId: p.orderId,
        subject: "Your order is on its way",
        blocks: [
          { p: greeting(contact) },
          { p: `${p.courier.name} has picked up your order and is on the way.${eta}` },
        ],
        sms: `USTBites: ${p.courier.name} picked up your order${p.eta ? `, arriving around ${campusTime(p.eta)}` : ""}.`,
      };
    }
    case "delivery.delivered": {
      const p = event.payload;
      return {
        template: "order_delivered",
        orderId: p.orderId,
        subject: "Your order has been delivered",
        blocks: [
          { p: greeting(contact) },
          { p: `${p.courier.name} delivered your order at ${campusTime(p.at)}. Enjoy your meal!` },
        ],
        sms: `USTBites: ${p.courier.name} delivered your order. Enjoy your meal!`,
      };
    }
    case "payment.refunded": {
      const p = event.payload;
      return {
        template: "payment_refunded",
        orderId: p.orderId,
        key: `refund:${p.refundId}`,
        subject: `Refund issued: ${formatCents(p.amountCents)}`,
        blocks: [
          { p: greeting(contact) },
          { p: `We have refunded ${formatCents(p.amountCents)} to your card${p.reason ? ` (${p.reason})` : ""}.` },
          { p: "It can take a few working days to appear on your statement." },
          { p: `Order ${shortOrderId(p.orderId)}` },
        ],
      };
    }
    // These would only repeat what the messages above and the live tracking say (payment.declined is
    // followed by order.payment_failed). A new event type fails lint here until it is placed.
    case "order.created":
    case "order.accepted":
    case "order.ready_for_pickup":
    case "order.status_changed":
    case "payment.succeeded":
    case "payment.declined":
      return null;
  }
}

function orderConfirmed(event: EventOf<"order.confirmed">, contact: Contact): Composed {
  const p = event.payload;
  return {
    template: "order_confirmed",
    orderId: p.orderId,
    subject: `Order confirmed: ${p.restaurantName}, ${formatCents(p.totalCents)}`,
    blocks: [
      { p: greeting(contact) },
      { p: `Your order from ${p.restaurantName} is confirmed.` },
      {
        list: p.items.map(
          (i) => `${i.quantity} × ${i.name}${i.notes ? ` (${i.notes})` : ""}: ${formatCents(i.lineTotalCents)}`,
        ),
      },
      {
        list: [
          `Subtotal: ${formatCents(p.subtotalCents)}`,
          `Delivery fee: ${formatCents(p.deliveryFeeCents)}`,
          `Total charged: ${formatCents(p.totalCents)}`,
        ],
      },
      { p: `Delivering to ${address(p.deliveryAddress)}.` },
      { p: `We will tell you when a courier picks it up. Order ${shortOrderId(p.orderId)}` },
    ],
  };
}

/** The messages one event produces for one student: none, an email, or an email and an SMS. */
export function draftsFor(event: DomainEvent, userId: string, contact: Contact): Draft[] {
  const c = compose(event, contact);
  if (!c) return [];
  const key = c.key ?? c.orderId;
  const drafts: Draft[] = [
    {
      userId,
      orderId: c.orderId,
      channel: "email",
      template: c.template,
      recipient: contact.email,
      subject: c.subject,
      text: renderText(c.blocks),
      html: renderHtml(c.subject, c.blocks),
      dedupeKey: `${key}:${c.template}:email`,
    },
  ];
  if (c.sms && contact.phone) {
    drafts.push({
      userId,
      orderId: c.orderId,
      channel: "sms",
      template: c.template,
      recipient: contact.phone,
      subject: null,
      text: c.sms,
      html: null,
      dedupeKey: `${key}:${c.template}:sms`,
    });
  }
  return drafts;
}
