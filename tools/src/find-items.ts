import { tool } from "@langchain/core/tools";
import { Cents, ItemSearchQuery, MenuItemPage } from "@ustbites/contracts";
import { compactItem, ITEMS_SHOWN } from "./catalogue.ts";
import type { Clients } from "./clients.ts";
import { failed, more, ok } from "./results.ts";

export const FindItemsInput = ItemSearchQuery.pick({ q: true, tag: true, maxSpice: true, restaurantId: true }).extend({
  q: ItemSearchQuery.shape.q.describe("Words to look for in dish names and descriptions, e.g. 'paneer wrap'; typos are tolerated."),
  tag: ItemSearchQuery.shape.tag.describe("Only dishes carrying this dietary tag, e.g. 'vegan'."),
  maxPriceCents: Cents.optional().describe("Price ceiling in HKD cents, e.g. 5000 for HK$50."),
  maxSpice: ItemSearchQuery.shape.maxSpice.describe("Spice ceiling: 0 not spicy, 1 mild, 2 medium, 3 hot."),
  restaurantId: ItemSearchQuery.shape.restaurantId.describe("Only dishes of this restaurant (its id from search_restaurants)."),
});

export function createFindItemsTool(clients: Clients) {
  return tool(
    async (input) => {
      try {
        const page = await clients.restaurant.request({ path: "/items", query: { ...input, limit: ITEMS_SHOWN }, schema: MenuItemPage });
        return ok({ items: page.items.map((item) => compactItem(item, { restaurant: true })), ...more(page.total, page.items.length) });
      } catch (err) {
        return failed(err, { notFound: "no dishes found" });
      }
    },
    {
      name: "find_items",
      description:
        "Search dishes across all restaurants (or one, with restaurantId) by words, dietary tag, price ceiling and spice ceiling. " +
        `Returns up to ${ITEMS_SHOWN} dishes (id for add_to_cart, name, price, restaurant, tags, spice, soldOut) and \`more\` when others matched.`,
      schema: FindItemsInput,
    },
  );
}
