import { DELIVERY_FEE_CENTS, EMPTY_CART, type Cart, type CartLine, type MenuItem } from "@ustbites/contracts";
import type { StoredCart } from "../store/types.ts";

/**
 * The cart as the student sees it, priced from `items` (restaurant-service's current answer). A line
 * whose item is sold out, gone from the menu, or now elsewhere is shown but unavailable, and counts
 * toward no total.
 */
export function priceCart(stored: StoredCart | null, items: ReadonlyMap<string, MenuItem>): Cart {
  if (!stored) return EMPTY_CART;
  let restaurantName = stored.restaurantName;
  const lines: CartLine[] = stored.lines.map((line) => {
    const item = items.get(line.itemId);
    const available = item !== undefined && item.available && item.restaurantId === stored.restaurantId;
    if (item && item.restaurantId === stored.restaurantId) restaurantName = item.restaurantName;
    const unitPriceCents = item?.priceCents ?? 0;
    return {
      lineId: line.lineId,
      itemId: line.itemId,
      name: item?.name ?? line.name,
      unitPriceCents,
      quantity: line.quantity,
      notes: line.notes,
      lineTotalCents: unitPriceCents * line.quantity,
      available,
    };
  });
  const subtotalCents = lines.reduce((sum, line) => (line.available ? sum + line.lineTotalCents : sum), 0);
  const deliveryFeeCents = lines.length > 0 ? DELIVERY_FEE_CENTS : 0;
  return {
    restaurantId: lines.length > 0 ? stored.restaurantId : null,
    restaurantName: lines.length > 0 ? restaurantName : null,
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents,
    deliveryFeeCents,
    totalCents: subtotalCents + deliveryFeeCents,
    hasUnavailableItems: lines.some((line) => !line.available),
    updatedAt: stored.updatedAt,
  };
}
