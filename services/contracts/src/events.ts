import { z } from "zod";
import { Cents, Currency, IsoDateTime, ServiceName, Uuid } from "./common.ts";
import { Courier } from "./deliveries.ts";
import { DeliveryAddress, OrderStatus } from "./orders.ts";
import { CardBrand, DeclineReason } from "./payments.ts";
import { CampusLocation } from "./restaurants.ts";

/** The routing keys on the RabbitMQ topic exchange; consumers bind with patterns such as `order.*`. */
export const EVENT_TYPES = [
  "order.created",
  "order.confirmed",
  "order.accepted",
  "order.ready_for_pickup",
  "order.payment_failed",
  "order.cancelled",
  "order.status_changed",
  "order.delivered",
  "payment.succeeded",
  "payment.declined",
  "payment.refunded",
  "delivery.assigned",
  "delivery.picked_up",
  "delivery.delivered",
] as const;
export const EventType = z.enum(EVENT_TYPES).describe("The kind of event; also its routing key.");
export type EventType = z.infer<typeof EventType>;

/**
 * Who consumes what, declared once: each consuming service's durable queues (named `<service>.…`; the
 * bus adds `<queue>.retry.<ms>` and `<queue>.dlq` beside each) with their binding keys, and its fan-out
 * bindings (one server-named exclusive queue per replica). A service publishes exactly the event types
 * named after it (`order.*` by order-service). The services subscribe with these, and the broker's
 * per-service users and topic permissions in charts/ are checked against them (charts/test/broker.test.ts).
 */
export const EVENT_SUBSCRIPTIONS = {
  cart: { queues: { "cart.order-events": ["order.confirmed"] } },
  delivery: { queues: { "delivery.order-events": ["order.accepted", "order.ready_for_pickup", "order.cancelled"] } },
  // order.created and order.status_changed too: they keep the student's address current.
  notification: { queues: { "notification.events": ["order.*", "delivery.*", "payment.refunded"] } },
  order: {
    queues: {
      "order.payment-events": ["payment.succeeded", "payment.declined"],
      "order.refund-events": ["payment.refunded"],
      "order.delivery-events": ["delivery.assigned", "delivery.picked_up", "delivery.delivered"],
    },
    // Every replica pushes every status change to the sockets it holds.
    fanout: ["order.status_changed"],
  },
  payment: { queues: { "payment.order-events": ["order.cancelled", "order.payment_failed"] } },
} as const satisfies Partial<
  Record<ServiceName, { queues: Record<string, readonly string[]>; fanout?: readonly string[] }>
>;

/** Bumped only with a breaking payload change; consumers reject versions they do not know. */
export const EVENT_VERSION = 1;

const UserEmail = z.string().describe("The student's email address, for notifications.");
const UserName = z.string().describe("The student's display name, for greetings.");
/** Optional so events written before phones existed still parse (absent = not known, null = none). */
const UserPhone = z.string().nullable().optional().describe("The student's mobile number for SMS updates, or null.");

/**
 * Who an order event is about, so a consumer can write to the student without a look-up of its own.
 * The name is optional on the events that gained it later, so older events still parse.
 */
const OrderStudent = z.object({
  orderId: Uuid.describe("The order."),
  userId: Uuid.describe("The student who placed it."),
  userEmail: UserEmail,
  userName: UserName.optional(),
});

export const OrderItemSummary = z.object({
  itemId: Uuid.describe("The menu item."),
  name: z.string().describe("The item's name."),
  quantity: z.number().int().positive().describe("How many."),
  notes: z.string().nullable().describe("Instructions for the kitchen, or null."),
  lineTotalCents: Cents.describe("The line's total in cents."),
});
export type OrderItemSummary = z.infer<typeof OrderItemSummary>;

/** What an order is for: its restaurant, its lines and what they cost (the events that carry a receipt share it). */
const OrderContents = z.object({
  restaurantId: Uuid.describe("The restaurant."),
  restaurantName: z.string().describe("The restaurant's name."),
  items: z.array(OrderItemSummary).describe("What was ordered."),
  subtotalCents: Cents.describe("Sum of the lines."),
  deliveryFeeCents: Cents.describe("The delivery fee."),
});

export const OrderCreatedPayload = z.object({
  orderId: Uuid.describe("The new order."),
  userId: Uuid.describe("The student who placed it."),
  userEmail: UserEmail,
  userPhone: UserPhone,
  ...OrderContents.shape,
  totalCents: Cents.describe("The amount to be charged."),
  createdAt: IsoDateTime.describe("When the order was placed."),
});
export type OrderCreatedPayload = z.infer<typeof OrderCreatedPayload>;

/** Everything delivery (pickup, drop-off, timing) and notification (recipient, receipt) need. */
export const OrderConfirmedPayload = OrderStudent.extend({
  userName: UserName,
  userPhone: UserPhone,
  ...OrderContents.shape,
  restaurantLocation: CampusLocation.describe("Where the courier picks the order up."),
  deliveryAddress: DeliveryAddress.describe("Where the courier drops it off."),
  totalCents: Cents.describe("The amount charged."),
  prepTimeMinutes: z
    .number()
    .int()
    .min(1)
    .describe("The restaurant's typical preparation time (what the simulated kitchen promises)."),
  paymentId: Uuid.describe("The successful payment."),
  confirmedAt: IsoDateTime.describe("When payment succeeded and the order was confirmed."),
});
export type OrderConfirmedPayload = z.infer<typeof OrderConfirmedPayload>;

/** The restaurant accepted a paid order: everything delivery needs to assign a courier and time the pickup. */
export const OrderAcceptedPayload = OrderConfirmedPayload.pick({
  userId: true,
  userEmail: true,
  restaurantId: true,
  restaurantName: true,
  restaurantLocation: true,
  deliveryAddress: true,
}).extend({
  orderId: Uuid.describe("The accepted order."),
  prepMinutes: z.number().int().min(1).describe("The kitchen's estimate, in (simulated) minutes."),
  readyBy: IsoDateTime.describe("When the food should be ready for the courier."),
  acceptedAt: IsoDateTime.describe("When the restaurant accepted."),
  acceptedBy: z
    .enum(["staff", "simulator"])
    .describe("Whether the restaurant's staff accepted, or the simulated kitchen (nobody signed in)."),
});
export type OrderAcceptedPayload = z.infer<typeof OrderAcceptedPayload>;

/** The kitchen finished: the courier may pick the order up now. */
export const OrderReadyForPickupPayload = z.object({
  orderId: Uuid.describe("The order."),
  userId: Uuid.describe("The student who placed it."),
  userEmail: UserEmail,
  restaurantId: Uuid.describe("The restaurant."),
  readyAt: IsoDateTime.describe("When the food was ready."),
});
export type OrderReadyForPickupPayload = z.infer<typeof OrderReadyForPickupPayload>;

export const OrderPaymentFailedPayload = OrderStudent.extend({
  restaurantName: z.string().describe("The restaurant's name."),
  totalCents: Cents.describe("The amount that could not be charged."),
  reason: z.string().describe("Why payment failed, e.g. insufficient_funds."),
});
export type OrderPaymentFailedPayload = z.infer<typeof OrderPaymentFailedPayload>;

export const OrderCancelledPayload = OrderStudent.extend({
  restaurantName: z.string().describe("The restaurant's name."),
  previousStatus: OrderStatus.describe(
    "The status it was cancelled from; PREPARING or READY_FOR_PICKUP means a courier must be released.",
  ),
  reason: z.string().nullable().describe("Why it was cancelled (for a rejection, the restaurant's reason), or null."),
  // Optional so events written before restaurants could reject still parse (absent = the student).
  by: z
    .enum(["student", "restaurant"])
    .optional()
    .describe(
      "Who ended it: the student cancelled (order CANCELLED) or the restaurant rejected it (order REJECTED). Absent: the student.",
    ),
  refunded: z.boolean().describe("Whether the payment was refunded."),
  totalCents: Cents.describe("The order's total."),
});
export type OrderCancelledPayload = z.infer<typeof OrderCancelledPayload>;

/** Every status change, for the live stream fan-out to every order-service replica. */
export const OrderStatusChangedPayload = z.object({
  orderId: Uuid.describe("The order."),
  userId: Uuid.describe("Its owner; only they may see the change."),
  userEmail: UserEmail,
  restaurantId: Uuid.optional().describe(
    "The order's restaurant, whose kitchen sees the change too (absent on events from before kitchens).",
  ),
  seq: z.number().int().min(1).describe("The per-order sequence number of this change."),
  status: OrderStatus.describe("The new status."),
  at: IsoDateTime.describe("When the order entered it."),
  eta: IsoDateTime.nullable().describe("Expected delivery time, or null."),
  detail: z.string().nullable().describe("A human note on the change, or null."),
});
export type OrderStatusChangedPayload = z.infer<typeof OrderStatusChangedPayload>;

export const OrderDeliveredPayload = OrderStudent.extend({
  restaurantName: z.string().describe("The restaurant's name."),
  deliveredAt: IsoDateTime.describe("When it was delivered."),
});
export type OrderDeliveredPayload = z.infer<typeof OrderDeliveredPayload>;

export const PaymentSucceededPayload = z.object({
  paymentId: Uuid.describe("The payment."),
  orderId: Uuid.describe("The order it pays for."),
  userId: Uuid.describe("The student who paid."),
  amountCents: Cents.describe("The amount charged."),
  currency: Currency,
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .describe("The card's last four digits."),
  cardBrand: CardBrand,
});
export type PaymentSucceededPayload = z.infer<typeof PaymentSucceededPayload>;

export const PaymentDeclinedPayload = z.object({
  paymentId: Uuid.describe("The payment."),
  orderId: Uuid.describe("The order it was for."),
  userId: Uuid.describe("The student."),
  amountCents: Cents.describe("The amount that was not charged."),
  currency: Currency,
  declineReason: DeclineReason,
});
export type PaymentDeclinedPayload = z.infer<typeof PaymentDeclinedPayload>;

export const PaymentRefundedPayload = z.object({
  paymentId: Uuid.describe("The refunded payment."),
  refundId: Uuid.describe("The refund."),
  orderId: Uuid.describe("The order."),
  userId: Uuid.describe("The student refunded."),
  amountCents: Cents.describe("The amount refunded."),
  currency: Currency,
  reason: z.string().nullable().describe("Why, or null."),
});
export type PaymentRefundedPayload = z.infer<typeof PaymentRefundedPayload>;

/** The payload of delivery.assigned, delivery.picked_up and delivery.delivered. */
export const DeliveryProgressPayload = z.object({
  orderId: Uuid.describe("The order being delivered."),
  userId: Uuid.describe("The student it is for."),
  courier: Courier.describe("The courier delivering the order."),
  eta: IsoDateTime.nullable().describe("Expected delivery time, or null once delivered."),
  at: IsoDateTime.describe("When the delivery reached this step."),
});
export type DeliveryProgressPayload = z.infer<typeof DeliveryProgressPayload>;

export const eventPayloadSchemas = {
  "order.created": OrderCreatedPayload,
  "order.confirmed": OrderConfirmedPayload,
  "order.accepted": OrderAcceptedPayload,
  "order.ready_for_pickup": OrderReadyForPickupPayload,
  "order.payment_failed": OrderPaymentFailedPayload,
  "order.cancelled": OrderCancelledPayload,
  "order.status_changed": OrderStatusChangedPayload,
  "order.delivered": OrderDeliveredPayload,
  "payment.succeeded": PaymentSucceededPayload,
  "payment.declined": PaymentDeclinedPayload,
  "payment.refunded": PaymentRefundedPayload,
  "delivery.assigned": DeliveryProgressPayload,
  "delivery.picked_up": DeliveryProgressPayload,
  "delivery.delivered": DeliveryProgressPayload,
} as const satisfies Record<EventType, z.ZodType>;

export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

const envelopeShape = {
  id: Uuid.describe("The event's id; consumers deduplicate on it (inbox)."),
  occurredAt: IsoDateTime.describe("When the change happened."),
  version: z.literal(EVENT_VERSION).describe("The payload's schema version."),
  source: ServiceName.describe("The service that published the event."),
  correlationId: z
    .string()
    .nullable()
    .describe("The request id that caused the event, for tracing across services, or null."),
};

/** Any event, payload not yet checked: what the bus layer reads off the wire before dispatching. */
export const EventEnvelope = z.object({
  ...envelopeShape,
  type: EventType,
  payload: z.unknown().describe("The type's payload; see eventPayloadSchemas."),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

function envelope<const T extends EventType, P extends z.ZodType>(type: T, payload: P) {
  return z.object({ ...envelopeShape, type: z.literal(type), payload: payload.describe(`The ${type} payload.`) });
}

export const DomainEvent = z.discriminatedUnion("type", [
  envelope("order.created", OrderCreatedPayload),
  envelope("order.confirmed", OrderConfirmedPayload),
  envelope("order.accepted", OrderAcceptedPayload),
  envelope("order.ready_for_pickup", OrderReadyForPickupPayload),
  envelope("order.payment_failed", OrderPaymentFailedPayload),
  envelope("order.cancelled", OrderCancelledPayload),
  envelope("order.status_changed", OrderStatusChangedPayload),
  envelope("order.delivered", OrderDeliveredPayload),
  envelope("payment.succeeded", PaymentSucceededPayload),
  envelope("payment.declined", PaymentDeclinedPayload),
  envelope("payment.refunded", PaymentRefundedPayload),
  envelope("delivery.assigned", DeliveryProgressPayload),
  envelope("delivery.picked_up", DeliveryProgressPayload),
  envelope("delivery.delivered", DeliveryProgressPayload),
]);
export type DomainEvent = z.infer<typeof DomainEvent>;

export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** Validates an envelope and its type's payload; throws a ZodError naming the failing path. */
export function parseEvent(input: unknown): DomainEvent {
  return DomainEvent.parse(input);
}

export function safeParseEvent(input: unknown) {
  return DomainEvent.safeParse(input);
}

export type CreateEventOptions = {
  /** Defaults to the service named by the type's prefix (order.* → order). */
  source?: ServiceName;
  correlationId?: string | null;
  id?: string;
  occurredAt?: string;
};

/** Builds a validated envelope for publishing (e.g. into an outbox row). */
export function createEvent<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  options: CreateEventOptions = {},
): EventOf<T> {
  const event = DomainEvent.parse({
    id: options.id ?? globalThis.crypto.randomUUID(),
    type,
    occurredAt: options.occurredAt ?? new Date().toISOString(),
    version: EVENT_VERSION,
    source: options.source ?? type.slice(0, type.indexOf(".")),
    correlationId: options.correlationId ?? null,
    payload,
  });
  // The parse above checked `type` against the union, so the member is the one for T.
  return event as EventOf<T>;
}
