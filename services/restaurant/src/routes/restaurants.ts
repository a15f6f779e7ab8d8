import { Menu, MenuQuery, Problem, Restaurant, RestaurantListQuery, RestaurantPage, RestaurantRefParams, SetOpeningHoursBody } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Catalogue } from "../domain/catalogue.ts";

const problems = { 400: Problem, 404: Problem };

/** Browsing is public: students look at menus before they sign in. Changing a restaurant is its staff's. */
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

  app.put(
    "/restaurants/:id/hours",
    {
      config: { access: ["staff", "admin"] },
      schema: {
        tags: ["restaurants"],
        summary: "Replace your restaurant's weekly opening hours (its staff, or an admin)",
        security: [{ bearer: [] }],
        params: RestaurantRefParams,
        body: SetOpeningHoursBody,
        response: { 200: Restaurant, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => catalogue.setHours(currentUser(request), request.params.id, request.body.hours),
  );
}
