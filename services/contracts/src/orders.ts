import { z } from "zod";
import { Cents, HumanText, IsoDateTime, PaginationQuery, Uuid, page } from "./common.ts";
import { CardInput } from "./payments.ts";

export const OrderStatus = z
  .enum([
    "PENDING",
    "CONFIRMED",
    "PREPARING",
    "READY_FOR_PICKUP",
    "PICKED_UP",
    "DELIVERED",
    "REJECTED",
    "PAYMENT_FAILED",
    "CANCELLED",
  ])
  .describe(
    "Where an order stands: PENDING (paying) → CONFIRMED (paid, waiting for the restaurant to accept) → PREPARING (accepted; a courier is assigned) → " +
      "READY_FOR_PICKUP → PICKED_UP → DELIVERED; or REJECTED by the restaurant (refunded), PAYMENT_FAILED, or CANCELLED by the student.",
  );
export type OrderStatus = z.infer<typeof OrderStatus>;
export const ORDER_STATUSES = OrderStatus.options;

/** Statuses an order never leaves. */
export const TERMINAL_STATUSES = [
  "DELIVERED",
  "REJECTED",
  "PAYMENT_FAILED",
  "CANCELLED",
] as const satisfies readonly OrderStatus[];

/** Statuses a student may cancel from: anything before the courier picks the food up (a paid order is refunded). */
export const CANCELLABLE_STATUSES = [
  "PENDING",
  "CONFIRMED",
  "PREPARING",
  "READY_FOR_PICKUP",
] as const satisfies readonly OrderStatus[];

/** Statuses a kitchen works on: waiting to be accepted, being prepared, waiting for the courier. */
export const KITCHEN_STATUSES = [
  "CONFIRMED",
  "PREPARING",
  "READY_FOR_PICKUP",
] as const satisfies readonly OrderStatus[];

export function isTerminalStatus(status: OrderStatus): boolean {
  return (TERMINAL_STATUSES as readonly OrderStatus[]).includes(status);
}

export function isCancellableStatus(status: OrderStatus): boolean {
  return (CANCELLABLE_STATUSES as readonly OrderStatus[]).includes(status);
}

/**
 * How people see an order id, the same in the app, the chat and emails ("3f9a1c2e"). The tail of a
 * UUID v7 is its random part; the head is a timestamp, so orders placed together would look alike.
 */
export const shortOrderId = (id: string): string => id.replace(/-/g, "").slice(-8);

const Building = HumanText.trim().min(1).max(100).describe("The campus building to deliver to, e.g. 'Hall 5'.");
const Room = HumanText.trim().min(1).max(50).describe("Room, floor or flat, e.g. '5/F 512'.");
const Instructions = HumanText.trim().min(1).max(200).describe("Directions for the courier, at most 200 characters.");

/** The address as the student enters it. */
export const DeliveryAddressInput = z.strictObject({
  building: Building,
  room: Room.optional(),
  instructions: Instructions.optional(),
});
export type DeliveryAddressInput = z.infer<typeof DeliveryAddressInput>;

/** The address as stored and returned: absent parts are null. */
export const DeliveryAddress = z.object({
  building: Building,
  room: Room.nullable(),
  instructions: Instructions.nullable(),
});
export type DeliveryAddress = z.infer<typeof DeliveryAddress>;

/** The cart is the order's content: placing an order turns the caller's current cart into an order. */
export const PlaceOrderBody = z.strictObject({
  deliveryAddress: DeliveryAddressInput.describe("Where on campus to deliver."),
  payment: CardInput.describe("The card to charge; never stored."),
});
export type PlaceOrderBody = z.infer<typeof PlaceOrderBody>;

export const IdempotencyKey = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key must be printable ASCII without spaces")
  .describe(
    "A client-chosen unique key (a UUID is ideal); repeating a request with the same key returns the first result.",
  );

/** Loose: the other request headers must pass through untouched. Fastify lowercases header names. */
export const OrderIdempotencyHeaders = z.looseObject({ "idempotency-key": IdempotencyKey });
export type OrderIdempotencyHeaders = z.infer<typeof OrderIdempotencyHeaders>;

export const OrderItem = z.object({
  itemId: Uuid.describe("The menu item."),
  name: z.string().describe("The item's name when ordered."),
  unitPriceCents: Cents.describe("The price charged per unit, fixed when the order was placed."),
  quantity: z.number().int().positive().describe("How many."),
  notes: z.string().nullable().describe("Instructions for the kitchen, or null."),
  lineTotalCents: Cents.describe("unitPriceCents × quantity."),
});
export type OrderItem = z.infer<typeof OrderItem>;

export const Order = z.object({
  id: Uuid.describe("The order's id (UUID v7: sorts by creation)."),
  userId: Uuid.describe("The student who placed it."),
  restaurantId: Uuid.describe("The restaurant it is from."),
  restaurantName: z.string().describe("That restaurant's name."),
  items: z.array(OrderItem).describe("What was ordered."),
  subtotalCents: Cents.describe("The sum of the items' totals."),
  deliveryFeeCents: Cents.describe("The delivery fee charged."),
  totalCents: Cents.describe("subtotalCents + deliveryFeeCents; the amount charged."),
  status: OrderStatus,
  deliveryAddress: DeliveryAddress.describe("Where on campus the order is delivered."),
  paymentLast4: z
    .string()
    .regex(/^\d{4}$/)
    .nullable()
    .describe("Last four digits of the card charged, or null."),
  failureReason: z.string().nullable().describe("Why payment failed or the order was cancelled, or null."),
  eta: IsoDateTime.nullable().describe("Expected delivery time, or null when not yet known or no longer relevant."),
  readyBy: IsoDateTime.nullable().describe(
    "When the restaurant expects the food ready (set when it accepts), or null.",
  ),
  courier: z
    .string()
    .nullable()
    .describe("The courier delivering it, e.g. 'Ka Ho (bike)', once one is assigned; null before."),
  createdAt: IsoDateTime.describe("When the order was placed."),
  updatedAt: IsoDateTime.describe("When its status last changed."),
});
export type Order = z.infer<typeof Order>;

export const OrderEvent = z.object({
  orderId: Uuid.describe("The order."),
  seq: z.number().int().min(1).describe("Per-order sequence number: 1 for the first status, then +1 per change."),
  status: OrderStatus.describe("The order's status after this change (a courier being assigned leaves it unchanged)."),
  at: IsoDateTime.describe("When it entered it."),
  eta: IsoDateTime.nullable().describe("Expected delivery time as of this event, or null."),
  detail: z.string().nullable().describe("A human note on the change (e.g. courier name, decline reason), or null."),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

export const OrderHistory = z.object({
  orderId: Uuid.describe("The order."),
  events: z.array(OrderEvent).describe("Every status change, by ascending seq."),
});
export type OrderHistory = z.infer<typeof OrderHistory>;

export const OrderListQuery = PaginationQuery.extend({
  status: OrderStatus.optional().describe("Only orders in this status."),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const OrderPage = page(Order);
export type OrderPage = z.infer<typeof OrderPage>;

export const CancelOrderBody = z.strictObject({
  reason: HumanText.trim().min(1).max(200).optional().describe("Why the student cancels."),
});
export type CancelOrderBody = z.infer<typeof CancelOrderBody>;

// ---- The restaurant's side (staff of that restaurant) ----

/** An order as its kitchen sees it: what to cook and for where, nothing about the student or the card. */
export const KitchenOrder = z.object({
  id: Uuid.describe("The order's id."),
  shortId: z.string().describe("The id as people read it (last 8 hex digits), e.g. on the bag."),
  restaurantId: Uuid.describe("The kitchen's restaurant."),
  status: OrderStatus,
  items: z.array(OrderItem).describe("What to cook, with the student's notes."),
  subtotalCents: Cents.describe("The food's total."),
  deliveryBuilding: z.string().describe("The building it goes to."),
  readyBy: IsoDateTime.nullable().describe("When the kitchen said it would be ready, or null before accepting."),
  createdAt: IsoDateTime.describe("When the order was placed."),
  updatedAt: IsoDateTime.describe("When its status last changed."),
});
export type KitchenOrder = z.infer<typeof KitchenOrder>;

export const KitchenOrderList = z.object({
  items: z
    .array(KitchenOrder)
    .describe("The restaurant's orders waiting to be accepted, being prepared or waiting for pickup, oldest first."),
});
export type KitchenOrderList = z.infer<typeof KitchenOrderList>;

export const AcceptOrderBody = z.strictObject({
  prepMinutes: z.number().int().min(1).max(120).describe("How many minutes until the food is ready for the courier."),
});
export type AcceptOrderBody = z.infer<typeof AcceptOrderBody>;

export const RejectOrderBody = z.strictObject({
  reason: HumanText.trim()
    .min(1)
    .max(200)
    .describe("Why the restaurant cannot make it; the student is told and refunded."),
});
export type RejectOrderBody = z.infer<typeof RejectOrderBody>;

// ---- WebSocket order-status stream (GET /orders/stream, upgraded) ----

export const OrderStreamSubscribe = z.strictObject({
  type: z.literal("subscribe"),
  orderId: Uuid.describe("The order to follow; must be the caller's own."),
  afterSeq: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "The last seq the client has seen; events after it are replayed first. Absent: replay the whole history.",
    ),
});
/** Staff only: every status change of their restaurant's orders (the kitchen screen). */
export const OrderStreamSubscribeRestaurant = z.strictObject({
  type: z.literal("subscribe_restaurant"),
  restaurantId: Uuid.describe("The restaurant to follow; must be the staff member's own."),
});
export const OrderStreamUnsubscribe = z.strictObject({
  type: z.literal("unsubscribe"),
  orderId: Uuid.describe("The order to stop following."),
});
export const OrderStreamPing = z.strictObject({ type: z.literal("ping") });
/** Browsers cannot set headers on a WebSocket: without `Authorization` at the upgrade, this must be the first message. */
export const OrderStreamAuth = z.strictObject({
  type: z.literal("auth"),
  token: z.string().min(1).max(8192).describe("The student's access token (the JWT a bearer header would carry)."),
});

export const OrderStreamClientMessage = z
  .discriminatedUnion("type", [
    OrderStreamAuth,
    OrderStreamSubscribe,
    OrderStreamSubscribeRestaurant,
    OrderStreamUnsubscribe,
    OrderStreamPing,
  ])
  .describe("A message from client to server on the order-status stream.");
export type OrderStreamClientMessage = z.infer<typeof OrderStreamClientMessage>;

export const OrderStreamErrorCode = z
  .enum(["bad_message", "unauthorized", "forbidden", "not_found", "internal"])
  .describe(
    "Why the server rejected a message; not_found also covers someone else's order; forbidden: following a restaurant that is not the caller's.",
  );
export type OrderStreamErrorCode = z.infer<typeof OrderStreamErrorCode>;

export const OrderStreamStatus = z.object({
  type: z.literal("status"),
  orderId: Uuid.describe("The order."),
  status: OrderStatus,
  seq: z.number().int().min(1).describe("The event's per-order sequence number; remember the last for reconnecting."),
  at: IsoDateTime.describe("When the order entered this status."),
  eta: IsoDateTime.nullable().describe("Expected delivery time, or null."),
  restaurantId: Uuid.optional().describe("On a restaurant subscription: the restaurant the order is from."),
});
export const OrderStreamSubscribed = z.object({
  type: z.literal("subscribed"),
  orderId: Uuid.describe("The order now followed."),
});
export const OrderStreamRestaurantSubscribed = z.object({
  type: z.literal("restaurant_subscribed"),
  restaurantId: Uuid.describe(
    "The restaurant now followed; load its orders after this, then apply changes as they come.",
  ),
});
export const OrderStreamError = z.object({
  type: z.literal("error"),
  code: OrderStreamErrorCode,
  message: z.string().describe("What went wrong, for a human."),
  orderId: Uuid.optional().describe("The order the error is about, if any."),
});
export const OrderStreamPong = z.object({ type: z.literal("pong") });

export const OrderStreamServerMessage = z
  .discriminatedUnion("type", [
    OrderStreamStatus,
    OrderStreamSubscribed,
    OrderStreamRestaurantSubscribed,
    OrderStreamError,
    OrderStreamPong,
  ])
  .describe("A message from server to client on the order-status stream.");
export type OrderStreamServerMessage = z.infer<typeof OrderStreamServerMessage>;
