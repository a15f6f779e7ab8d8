import type { Dish, MenuItem, Restaurant, RestaurantSummary } from "@ustbites/contracts";
import { money } from "./results.ts";

/** How many restaurants and menu items one answer shows; the rest are counted in `more`. */
export const RESTAURANTS_SHOWN = 8;
export const ITEMS_SHOWN = 12;

/** A restaurant in a list: what a student chooses by, and the id for get_menu / find_items. */
export const compactRestaurant = (r: Restaurant): RestaurantSummary => ({
  restaurantId: r.id,
  name: r.name,
  cuisines: r.cuisines,
  open: r.isOpen,
  rating: r.rating,
  price: "$".repeat(r.priceLevel),
  prepMin: r.prepTimeMinutes,
});

/**
 * A menu item: id (for add_to_cart), name, price; tags and spice only when they say something, and
 * `soldOut` only when it is. Descriptions are left out: they cost tokens and are menu text, not
 * instructions.
 */
export const compactItem = (item: MenuItem, opts: { restaurant?: boolean } = {}): Dish => ({
  itemId: item.id,
  name: item.name,
  price: money(item.priceCents),
  ...(opts.restaurant ? { restaurant: item.restaurantName, restaurantId: item.restaurantId } : {}),
  ...(item.tags.length > 0 ? { tags: item.tags } : {}),
  ...(item.spiceLevel > 0 ? { spice: item.spiceLevel } : {}),
  ...(item.available ? {} : { soldOut: true as const }),
});
