import { tool } from "@langchain/core/tools";
import { Cents, Menu, MenuQuery, RestaurantRefParams } from "@ustbites/contracts";
import { compactItem, ITEMS_SHOWN } from "./catalogue.ts";
import type { Clients } from "./clients.ts";
import { failed, ok } from "./results.ts";

export const GetMenuInput = MenuQuery.pick({ tag: true, maxSpice: true }).extend({
  restaurantId: RestaurantRefParams.shape.id.describe("The restaurant's id from search_restaurants, or its slug, e.g. 'spice-route'."),
  tag: MenuQuery.shape.tag.describe("Only dishes carrying this dietary tag, e.g. 'vegetarian'."),
  maxPriceCents: Cents.optional().describe("Price ceiling in HKD cents, e.g. 5000 for HK$50."),
  maxSpice: MenuQuery.shape.maxSpice.describe("Spice ceiling: 0 not spicy, 1 mild, 2 medium, 3 hot."),
});

export function createGetMenuTool(clients: Clients) {
  return tool(
    async ({ restaurantId, ...filters }) => {
      try {
        const menu = await clients.restaurant.request({
          path: `/restaurants/${encodeURIComponent(restaurantId)}/menu`,
          query: filters,
          schema: Menu,
        });
        const sections: Record<string, ReturnType<typeof compactItem>[]> = {};
        let shown = 0;
        let total = 0;
        for (const section of menu.sections) {
          for (const item of section.items) {
            total++;
            if (shown >= ITEMS_SHOWN) continue;
            (sections[section.name] ??= []).push(compactItem(item));
            shown++;
          }
        }
        const { restaurant } = menu;
        return ok({
          restaurant: { id: restaurant.id, name: restaurant.name, open: restaurant.isOpen },
          sections,
          ...(total > shown ? { more: total - shown } : {}),
        });
      } catch (err) {
        return failed(err, { notFound: `restaurant ${restaurantId} not found; find its id with search_restaurants` });
      }
    },
    {
      name: "get_menu",
      description:
        `A restaurant's menu by section: up to ${ITEMS_SHOWN} dishes (id, name, price, dietary tags, spice, soldOut) and \`more\` when the menu has others; ` +
        "narrow it with tag, maxPriceCents or maxSpice, or use find_items with restaurantId and words. Sold-out dishes cannot be ordered.",
      schema: GetMenuInput,
    },
  );
}
