import { tool } from "@langchain/core/tools";
import { Cents, Menu, MenuQuery, type Dish, type ToolResult } from "@ustbites/contracts";
import { compactItem, ITEMS_SHOWN } from "./catalogue.ts";
import type { Clients } from "./clients.ts";
import { modelRef } from "./refs.ts";
import { describeFailure } from "./results.ts";

export const GetMenuInput = MenuQuery.pick({ tag: true, maxSpice: true }).extend({
  restaurantId: modelRef("restaurant id or slug, e.g. spice-route"),
  tag: MenuQuery.shape.tag.describe("dietary"),
  maxPriceCents: Cents.optional().describe("HKD cents"),
  maxSpice: MenuQuery.shape.maxSpice.describe("0 none..3 hot"),
});

export function createGetMenuTool(clients: Clients) {
  return tool(
    async ({ restaurantId, ...filters }): Promise<ToolResult<"get_menu">> => {
      try {
        const menu = await clients.restaurant.request({
          path: `/restaurants/${encodeURIComponent(restaurantId)}/menu`,
          query: filters,
          schema: Menu,
        });
        const sections: Record<string, Dish[]> = {};
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
        return {
          restaurant: { restaurantId: restaurant.id, name: restaurant.name, open: restaurant.isOpen },
          sections,
          ...(total > shown ? { more: total - shown } : {}),
        };
      } catch (err) {
        return describeFailure(err, {
          notFound: `restaurant ${restaurantId} not found; find it with search_restaurants`,
        });
      }
    },
    {
      name: "get_menu",
      description: `A restaurant's menu (first ${ITEMS_SHOWN} dishes; filter to narrow).`,
      schema: GetMenuInput,
    },
  );
}
