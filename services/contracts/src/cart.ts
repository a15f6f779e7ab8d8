import { z } from "zod";
import { Cents, HumanText, IsoDateTime, Uuid } from "./common.ts";
import { PROBLEM_TYPES } from "./problem.ts";

export const CART_QUANTITY_MAX = 20;
export const NOTES_MAX_LENGTH = 200;

/**
 * The most lines one cart holds. Keeps a cart within one `ItemLookupBody` (100 ids) when it is
 * re-priced, and a stored cart small.
 */
export const CART_LINES_MAX = 50;

/**
 * The flat campus delivery fee. Cart shows it and order charges it, so it lives here once rather
 * than in both services.
 */
export const DELIVERY_FEE_CENTS = 1000;

/** 409 when adding an item from another restaurant than the cart's; clear the cart first. */
export const CART_RESTAURANT_CONFLICT = PROBLEM_TYPES.cartRestaurantConflict;

export const CartQuantity = z
  .number()
  .int()
  .min(1)
  .max(CART_QUANTITY_MAX)
  .describe(`How many of the item, 1..${CART_QUANTITY_MAX}.`);

export const ItemNotes = HumanText.trim()
  .max(NOTES_MAX_LENGTH)
  .describe(`Instructions for the kitchen, e.g. 'no onions', at most ${NOTES_MAX_LENGTH} characters.`);

export const AddCartItemBody = z.strictObject({
  itemId: Uuid.describe("The menu item to add."),
  quantity: CartQuantity.default(1),
  notes: ItemNotes.optional(),
});
export type AddCartItemBody = z.infer<typeof AddCartItemBody>;

/** Refined (at least one field), so zod 4 forbids `.pick()`/`.omit()` on it. */
export const UpdateCartItemBody = z
  .strictObject({
    quantity: CartQuantity.optional(),
    notes: ItemNotes.nullable().optional().describe("New kitchen instructions; null removes them."),
  })
  .refine((body) => body.quantity !== undefined || body.notes !== undefined, {
    message: "Give quantity, notes or both.",
  });
export type UpdateCartItemBody = z.infer<typeof UpdateCartItemBody>;

export const CartLineParams = z.strictObject({ lineId: Uuid.describe("The cart line's id.") });
export type CartLineParams = z.infer<typeof CartLineParams>;

/** The internal cart routes (order-service only) name the student; students' own routes never do. */
export const CartOwnerParams = z.strictObject({ userId: Uuid.describe("The student whose cart it is.") });
export type CartOwnerParams = z.infer<typeof CartOwnerParams>;

export const CartLine = z.object({
  lineId: Uuid.describe("This line's id; update or remove the line with it."),
  itemId: Uuid.describe("The menu item."),
  name: z.string().describe("The item's name."),
  unitPriceCents: Cents.describe("The item's current price, re-read from restaurant-service."),
  quantity: CartQuantity,
  notes: z.string().nullable().describe("Instructions for the kitchen, or null."),
  lineTotalCents: Cents.describe("unitPriceCents × quantity."),
  available: z
    .boolean()
    .describe("False when the item sold out since it was added; the order cannot be placed until it is removed."),
});
export type CartLine = z.infer<typeof CartLine>;

export const Cart = z.object({
  restaurantId: Uuid.nullable().describe("The restaurant every line is from, or null for an empty cart."),
  restaurantName: z.string().nullable().describe("That restaurant's name, or null for an empty cart."),
  lines: z.array(CartLine).describe("The lines, in the order they were added."),
  itemCount: z.number().int().nonnegative().describe("The sum of the lines' quantities."),
  subtotalCents: Cents.describe("The sum of the lines' totals."),
  deliveryFeeCents: Cents.describe("The delivery fee; 0 for an empty cart."),
  totalCents: Cents.describe("subtotalCents + deliveryFeeCents."),
  hasUnavailableItems: z
    .boolean()
    .describe("True when some line is unavailable; checkout is blocked until it is removed."),
  updatedAt: IsoDateTime.nullable().describe("When the cart last changed, or null if it never held anything."),
});
export type Cart = z.infer<typeof Cart>;

/** What a student without a cart sees: the answer to GET /cart before the first line is added. */
export const EMPTY_CART: Cart = {
  restaurantId: null,
  restaurantName: null,
  lines: [],
  itemCount: 0,
  subtotalCents: 0,
  deliveryFeeCents: 0,
  totalCents: 0,
  hasUnavailableItems: false,
  updatedAt: null,
};
