import { z } from "zod";
import { DeliveryStatus } from "./deliveries.ts";
import { OrderStatus } from "./orders.ts";
import { DietaryTag } from "./restaurants.ts";

/**
 * What the agent's tools answer: one schema per tool, read alike by the model (as JSON), the chat
 * UI's tool cards, the eval scorers and the offline model. Nobody reads a tool's wording to learn
 * what happened: success has the tool's shape, failure is a `ToolError` with a stable code, and the
 * ToolMessage's `status` ("error") is the one signal that a call failed.
 *
 * Ids are `Ref`s: the app and the scorers read real UUIDs; the model reads short per-thread handles
 * (`i3` for a dish, `l1` for a cart line, `r2` for a restaurant, an order's short id) that the agent
 * maps back before a tool runs. Both parse with the same schemas.
 */

/** Every tool the model may call, in the order they are offered. */
export const TOOL_NAMES = [
  "search_restaurants",
  "get_menu",
  "find_items",
  "view_cart",
  "add_to_cart",
  "update_cart_item",
  "remove_from_cart",
  "clear_cart",
  "place_order",
  "list_my_orders",
  "get_order_status",
  "track_delivery",
  "cancel_order",
] as const;
export const ToolName = z.enum(TOOL_NAMES);
export type ToolName = z.infer<typeof ToolName>;

/** The tools that change what the student pays for: they run only after the student approves a summary. */
export const GUARDED_TOOL_NAMES = ["place_order", "cancel_order"] as const;
export type GuardedToolName = (typeof GUARDED_TOOL_NAMES)[number];
export const isGuardedTool = (name: string): name is GuardedToolName =>
  (GUARDED_TOOL_NAMES as readonly string[]).includes(name);

/** The id-carrying arguments and result fields, by what they point at. */
export const REF_KINDS = { itemId: "item", lineId: "line", restaurantId: "restaurant", orderId: "order" } as const;
export type RefField = keyof typeof REF_KINDS;
export type RefKind = (typeof REF_KINDS)[RefField];
export const isRefField = (key: string): key is RefField => Object.hasOwn(REF_KINDS, key);

export const Ref = z.string().min(1).describe("An id: a UUID in the app, a short handle in what the model reads.");
export type Ref = z.infer<typeof Ref>;

/** Money as the tools print it, "HK$42.00": what the model repeats to the student, never cents. */
export const Money = z.string().regex(/^-?HK\$\d{1,3}(,\d{3})*\.\d{2}$/, "money is written like HK$42.00");
export type Money = z.infer<typeof Money>;

/** `Money` back to integer cents: "HK$1,234.56" → 123456. */
export function moneyCents(money: Money): number {
  const negative = money.startsWith("-");
  const digits = money.replace(/[^\d]/g, "");
  const cents = Number.parseInt(digits, 10);
  return negative ? -cents : cents;
}

/** ISO-8601 UTC without milliseconds: the same instant in fewer tokens. */
const Instant = z.string().describe("A UTC time, e.g. 2026-11-22T03:51:00Z.");

// ---------------------------------------------------------------- errors

export const TOOL_ERROR_CODES = [
  /** The arguments do not fit the tool's schema (or were not JSON); the message names the field. */
  "bad_arguments",
  /** An id the model sent did not come from a tool result in this conversation. */
  "unknown_ref",
  /** The model's reply was cut off (length limit) while writing this call; nothing was run. */
  "truncated",
  /** The model called a tool that does not exist. */
  "unknown_tool",
  /** The turn ended (timeout, the student left) before this call ran or finished. */
  "interrupted",
  "not_found",
  /** The cart holds dishes of another restaurant. */
  "cart_conflict",
  "sold_out",
  "restaurant_closed",
  "cart_empty",
  /** Too many of one dish in a line (the cart's limit). */
  "quantity_limit",
  "not_cancellable",
  "payment_declined",
  /** The cart differs from the summary the student approved. */
  "cart_changed",
  "no_card",
  /** An order with this approval is still being placed. */
  "in_progress",
  /** The approval does not match this call (another address, another order, already used). */
  "approval_mismatch",
  /** Only one confirmation at a time. */
  "confirmation_busy",
  /** A guarded tool invoked outside the confirmation step. */
  "needs_confirmation",
  "session_expired",
  "forbidden",
  "rate_limited",
  "service_unavailable",
  /** The service rejected the request's content; the message names the field. */
  "invalid_request",
  /** Anything else: a bug or an unexpected answer, logged on the agent's side. */
  "failed",
] as const;
export const ToolErrorCode = z.enum(TOOL_ERROR_CODES);
export type ToolErrorCode = z.infer<typeof ToolErrorCode>;

export const ToolError = z.object({
  error: z
    .object({
      code: ToolErrorCode.describe("What went wrong, stable across wordings."),
      message: z.string().describe("A short reason the model can act on."),
      orderId: Ref.optional().describe("The order a declined payment belongs to (it exists, PAYMENT_FAILED)."),
    })
    .describe("Why the call failed."),
});
export type ToolError = z.infer<typeof ToolError>;

export const isToolError = (value: unknown): value is ToolError => ToolError.safeParse(value).success;

// ---------------------------------------------------------------- catalogue

const Name = z.string().describe("Its name, as the menu shows it.");
const More = z.number().int().positive().optional().describe("How many more matched than the list shows.");

export const RestaurantSummary = z.object({
  restaurantId: Ref.describe("The restaurant's id, for get_menu and find_items."),
  name: Name,
  cuisines: z.array(z.string()).describe("Cuisines it serves, e.g. Indian."),
  open: z.boolean().describe("Whether it takes orders now."),
  rating: z.number().describe("Average rating, 0..5."),
  price: z.string().describe('"$", "$$" or "$$$".'),
  prepMin: z.number().int().describe("Usual preparation time in minutes."),
});
export type RestaurantSummary = z.infer<typeof RestaurantSummary>;

export const Dish = z.object({
  itemId: Ref.describe("The dish's id, for add_to_cart."),
  name: Name,
  price: Money.describe("Its price."),
  restaurant: z.string().optional().describe("The restaurant's name, in lists that span restaurants."),
  restaurantId: Ref.optional().describe("The restaurant's id, in lists that span restaurants."),
  tags: z.array(DietaryTag).optional().describe("Dietary tags, when it has any."),
  spice: z.number().int().min(1).max(3).optional().describe("1 mild … 3 hot; absent = not spicy."),
  soldOut: z.literal(true).optional().describe("Present when it cannot be ordered now."),
});
export type Dish = z.infer<typeof Dish>;

export const SearchRestaurantsResult = z.object({
  restaurants: z.array(RestaurantSummary).describe("The restaurants found, best first."),
  more: More,
});
export const FindItemsResult = z.object({ items: z.array(Dish).describe("The dishes found, best first."), more: More });
export const GetMenuResult = z.object({
  restaurant: z
    .object({
      restaurantId: Ref.describe("The restaurant's id."),
      name: Name,
      open: z.boolean().describe("Whether it takes orders now."),
    })
    .describe("Whose menu this is."),
  sections: z.record(z.string(), z.array(Dish)).describe("Section name → its dishes, in menu order."),
  more: More,
});

// ---------------------------------------------------------------- cart

export const CartLineView = z.object({
  lineId: Ref.describe("The line's id, for update_cart_item and remove_from_cart."),
  itemId: Ref.describe("The dish's id."),
  name: Name,
  qty: z.number().int().positive().describe("How many."),
  each: Money.describe("Price of one."),
  total: Money.describe("qty × each."),
  notes: z.string().optional().describe("Instructions for the kitchen."),
  soldOut: z.literal(true).optional().describe("Present when the dish sold out since it was added."),
});
export type CartLineView = z.infer<typeof CartLineView>;

export const CartView = z.object({
  restaurant: z.string().optional().describe("The restaurant every line is from."),
  restaurantId: Ref.optional().describe("Its id."),
  lines: z.array(CartLineView).describe("The lines, in the order added."),
  subtotal: Money.optional().describe("Sum of the lines."),
  deliveryFee: Money.optional().describe("The delivery fee."),
  total: Money.describe("What ordering it would cost now."),
  blocked: z.literal(true).optional().describe("Present when a line is sold out: remove it before ordering."),
});
export type CartView = z.infer<typeof CartView>;

export const ClearCartResult = z.object({ cleared: z.literal(true).describe("The cart is empty now.") });

// ---------------------------------------------------------------- orders

const Status = OrderStatus.describe("The order's status.");

/** A guarded call the student did not approve: nothing happened. */
export const Declined = z.object({
  declined: z.enum(["rejected", "change_requested"]).describe("The student said no, or asked for changes first."),
  note: z.string().describe("What happened, for the model."),
});
export type Declined = z.infer<typeof Declined>;

export const OrderPlaced = z.object({
  orderId: Ref.describe("The new order's id."),
  status: Status,
  total: Money.describe("What was charged."),
  placed: Instant.describe("When it was placed."),
  eta: Instant.optional().describe("When it should arrive."),
  pending: z.literal(true).optional().describe("Present while payment is still being confirmed."),
});
export type OrderPlaced = z.infer<typeof OrderPlaced>;

export const PlaceOrderResult = z.union([OrderPlaced, Declined]);

export const OrderCancelled = z.object({
  orderId: Ref.describe("The cancelled order's id."),
  status: Status,
  refund: Money.optional().describe("What is refunded, when it was paid."),
});
export const CancelOrderResult = z.union([OrderCancelled, Declined]);

export const OrderLine = z.object({
  orderId: Ref.describe("The order's id."),
  restaurant: z.string().describe("The restaurant."),
  items: z.string().describe('"2× Paneer Tikka Wrap, 1× Mango Lassi".'),
  total: Money.describe("What it cost."),
  status: Status,
  placed: Instant.describe("When it was placed."),
  eta: Instant.optional().describe("When it should arrive."),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const ListMyOrdersResult = z.object({
  orders: z.array(OrderLine).describe("The student's orders, newest first."),
  more: More,
});

export const OrderStatusResult = OrderLine.extend({
  deliverTo: z.string().describe("Building and room."),
  failure: z.string().optional().describe("Why payment failed or the order was cancelled."),
  history: z
    .array(
      z.object({
        status: Status,
        at: Instant.describe("When."),
        note: z.string().optional().describe("Why, when the status says less than it."),
      }),
    )
    .describe("Every status it went through, oldest first."),
});

export const TrackDeliveryResult = z.object({
  orderId: Ref.describe("The order delivered."),
  status: DeliveryStatus.describe("Where the delivery stands."),
  courier: z.string().describe('"Ah Ming (bike, +852 …)".'),
  eta: Instant.optional().describe("When it should arrive."),
  pickedUp: Instant.optional().describe("When the courier picked it up."),
  delivered: Instant.optional().describe("When it was delivered."),
});

/** What each tool answers when it succeeds; a failure is always a `ToolError`. */
export const TOOL_RESULTS = {
  search_restaurants: SearchRestaurantsResult,
  get_menu: GetMenuResult,
  find_items: FindItemsResult,
  view_cart: CartView,
  add_to_cart: CartView,
  update_cart_item: CartView,
  remove_from_cart: CartView,
  clear_cart: ClearCartResult,
  place_order: PlaceOrderResult,
  list_my_orders: ListMyOrdersResult,
  get_order_status: OrderStatusResult,
  track_delivery: TrackDeliveryResult,
  cancel_order: CancelOrderResult,
} as const satisfies Record<ToolName, z.ZodType>;

export type ToolSuccess<N extends ToolName> = z.infer<(typeof TOOL_RESULTS)[N]>;
export type ToolResult<N extends ToolName> = ToolSuccess<N> | ToolError;

/** Reads a tool's result as its contract: the success shape, a ToolError, or null when it is neither. */
export function readToolResult<N extends ToolName>(
  name: N,
  value: unknown,
): { ok: true; value: ToolSuccess<N> } | { ok: false; error: ToolError["error"] } | null {
  const failed = ToolError.safeParse(value);
  if (failed.success) return { ok: false, error: failed.data.error };
  const parsed = TOOL_RESULTS[name].safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data as ToolSuccess<N> } : null;
}
