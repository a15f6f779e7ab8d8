import type { Cart } from "@ustbites/contracts";
import { money } from "./results.ts";

export const LINE_NOT_FOUND = "no such line in the cart; view_cart shows the line ids";

/** The cart as every cart tool answers: line ids for update/remove, money formatted, flags only when set. */
export function compactCart(cart: Cart) {
  if (cart.lines.length === 0) return { lines: [], total: money(0) };
  return {
    restaurant: cart.restaurantName,
    lines: cart.lines.map((line) => ({
      lineId: line.lineId,
      name: line.name,
      qty: line.quantity,
      each: money(line.unitPriceCents),
      total: money(line.lineTotalCents),
      ...(line.notes ? { notes: line.notes } : {}),
      ...(line.available ? {} : { soldOut: true }),
    })),
    subtotal: money(cart.subtotalCents),
    deliveryFee: money(cart.deliveryFeeCents),
    total: money(cart.totalCents),
    ...(cart.hasUnavailableItems ? { blocked: "remove the sold-out lines before ordering" } : {}),
  };
}
