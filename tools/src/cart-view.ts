import type { Cart, CartView } from "@ustbites/contracts";
import { money } from "./results.ts";

export const LINE_NOT_FOUND = "no such line in the cart; view_cart shows the line ids";

/** The cart as every cart tool answers: line ids for update/remove, money formatted, flags only when set. */
export function compactCart(cart: Cart): CartView {
  if (cart.lines.length === 0) return { lines: [], total: money(0) };
  return {
    ...(cart.restaurantName ? { restaurant: cart.restaurantName } : {}),
    ...(cart.restaurantId ? { restaurantId: cart.restaurantId } : {}),
    lines: cart.lines.map((line) => ({
      lineId: line.lineId,
      itemId: line.itemId,
      name: line.name,
      qty: line.quantity,
      each: money(line.unitPriceCents),
      total: money(line.lineTotalCents),
      ...(line.notes ? { notes: line.notes } : {}),
      ...(line.available ? {} : { soldOut: true as const }),
    })),
    subtotal: money(cart.subtotalCents),
    deliveryFee: money(cart.deliveryFeeCents),
    total: money(cart.totalCents),
    ...(cart.hasUnavailableItems ? { blocked: true as const } : {}),
  };
}
