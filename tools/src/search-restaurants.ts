import { tool } from "@langchain/core/tools";
import { Cents, RestaurantListQuery, RestaurantPage } from "@ustbites/contracts";
import { z } from "zod";
import { compactRestaurant, RESTAURANTS_SHOWN } from "./catalogue.ts";
import type { Clients } from "./clients.ts";
import { failed, more, ok } from "./results.ts";

export const SearchRestaurantsInput = RestaurantListQuery.pick({ q: true, cuisine: true, tag: true }).extend({
  q: RestaurantListQuery.shape.q.describe("Words to look for in names, cuisines and dishes, e.g. 'ramen' or 'spice route'; typos are tolerated."),
  cuisine: RestaurantListQuery.shape.cuisine.describe("Only restaurants serving this cuisine, lowercase, e.g. 'korean'."),
  tag: RestaurantListQuery.shape.tag.describe("Only restaurants with at least one dish carrying this dietary tag."),
  maxPriceCents: Cents.optional().describe("Price ceiling in HKD cents, e.g. 5000 for HK$50: only restaurants with a dish at or below it."),
  openNow: z.boolean().optional().describe("true: only restaurants open now; false: only closed ones; leave out for both."),
});

export function createSearchRestaurantsTool(clients: Clients) {
  return tool(
    async (input) => {
      try {
        const page = await clients.restaurant.request({
          path: "/restaurants",
          query: { ...input, limit: RESTAURANTS_SHOWN },
          schema: RestaurantPage,
        });
        return ok({ restaurants: page.items.map(compactRestaurant), ...more(page.total, page.items.length) });
      } catch (err) {
        return failed(err, { notFound: "no restaurants found" });
      }
    },
    {
      name: "search_restaurants",
      description:
        "Find campus restaurants by words, cuisine, dietary tag, price ceiling or whether they are open now. " +
        `Returns up to ${RESTAURANTS_SHOWN} restaurants (id, name, cuisines, open, rating, price level, prep minutes) and \`more\` when others matched.`,
      schema: SearchRestaurantsInput,
    },
  );
}
