import { Menu, MenuQuery, Problem, Restaurant, RestaurantListQuery, RestaurantPage, RestaurantRefParams } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import type { Catalogue } from "../domain/catalogue.ts";

const problems = { 400: Problem, 404: Problem };

/** Browsing is public: students look at menus before they sign in. */
export async function restaurantRoutes(app: App, opts: { catalogue: Catalogue }): Promise<void> {
  const { catalogue } = opts;

  app.get(
    "/restaurants",
    {
      schema: {
        tags: ["restaurants"],
        summary: "Find restaurants by name, cuisine or dish (typo tolerant), tag, price and opening",
        querystring: RestaurantListQuery,
        response: { 200: RestaurantPage, 400: Problem },
      },
    },
    async (request) => catalogue.listRestaurants(request.query),
  );

  app.get(
    "/restaurants/:id",
    { schema: { tags: ["restaurants"], summary: "A restaurant by id or slug", params: RestaurantRefParams, response: { 200: Restaurant, ...problems } } },
    async (request) => catalogue.restaurant(request.params.id),
  );

  app.get(
    "/restaurants/:id/menu",
    {
      schema: {
        tags: ["restaurants"],
        summary: "A restaurant's menu by section, optionally filtered",
        params: RestaurantRefParams,
        querystring: MenuQuery,
        response: { 200: Menu, ...problems },
      },
    },
    async (request) => catalogue.menu(request.params.id, request.query),
  );
}
