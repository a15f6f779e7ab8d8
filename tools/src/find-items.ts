import { tool } from "@langchain/core/tools";
import { Cents, ItemSearchQuery, MenuItemPage, type ToolResult } from "@ustbites/contracts";
import { compactItem, ITEMS_SHOWN } from "./catalogue.ts";
import type { Clients } from "./clients.ts";
import { modelRef } from "./refs.ts";
import { describeFailure, more } from "./results.ts";

export const FindItemsInput = ItemSearchQuery.pick({ q: true, tag: true, maxSpice: true }).extend({
  q: ItemSearchQuery.shape.q.describe("dish words, typos ok"),
  tag: ItemSearchQuery.shape.tag.describe("dietary"),
  maxPriceCents: Cents.optional().describe("HKD cents"),
  maxSpice: ItemSearchQuery.shape.maxSpice.describe("0 none..3 hot"),
  restaurantId: modelRef("restaurant id").optional(),
});

export function createFindItemsTool(clients: Clients) {
  return tool(
    async (input): Promise<ToolResult<"find_items">> => {
      try {
        const page = await clients.restaurant.request({
          path: "/items",
          query: { ...input, limit: ITEMS_SHOWN },
          schema: MenuItemPage,
        });
        return {
          items: page.items.map((item) => compactItem(item, { restaurant: true })),
          ...more(page.total, page.items.length),
        };
      } catch (err) {
        return describeFailure(err, { notFound: "no dishes found" });
      }
    },
    { name: "find_items", description: "Search dishes across restaurants.", schema: FindItemsInput },
  );
}
