import { tool } from "@langchain/core/tools";
import { Cents, RestaurantListQuery, RestaurantPage, type ToolResult } from "@ustbites/contracts";
import { z } from "zod";
import { compactRestaurant, RESTAURANTS_SHOWN } from "./catalogue.ts";
import type { Clients } from "./clients.ts";
import { describeFailure, more } from "./results.ts";

export const SearchRestaurantsInput = RestaurantListQuery.pick({ q: true, cuisine: true, tag: true }).extend({
  q: RestaurantListQuery.shape.q.describe("words, e.g. ramen"),
  cuisine: RestaurantListQuery.shape.cuisine.describe("lowercase, e.g. korean"),
  tag: RestaurantListQuery.shape.tag.describe("dietary"),
  maxPriceCents: Cents.optional().describe("HKD cents"),
  openNow: z.boolean().optional(),
});

export function createSearchRestaurantsTool(clients: Clients) {
  return tool(
    async (input): Promise<ToolResult<"search_restaurants">> => {
      try {
        const page = await clients.restaurant.request({
          path: "/restaurants",
          query: { ...input, limit: RESTAURANTS_SHOWN },
          schema: RestaurantPage,
        });
        return { restaurants: page.items.map(compactRestaurant), ...more(page.total, page.items.length) };
      } catch (err) {
        return describeFailure(err, { notFound: "no restaurants found" });
      }
    },
    { name: "search_restaurants", description: "Find campus restaurants.", schema: SearchRestaurantsInput },
  );
}
