import {
  Menu,
  MenuQuery,
  Problem,
  Restaurant,
  RestaurantListQuery,
  RestaurantPage,
  RestaurantRefParams,
  SetOpeningHoursBody,
} from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Catalogue } from "../domain/catalogue.ts";

const problems = { 400: Problem, 404: Problem };

/** RFC 9110 If-None-Match: `*` or a list of entity tags, compared weakly for GET. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** Browsing is public: students look at menus before they sign in. Changing a restaurant is its staff's. */
export async function restaurantRoutes(app: App, opts: { catalogue: Catalogue }): Promise<void> {
  const { catalogue } = opts;

  app.get(
    "/restaurants",
    {
      config: { access: "public" },
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
    {
      config: { access: "public" },
      schema: {
        tags: ["restaurants"],
        summary: "A restaurant by id or slug",
        params: RestaurantRefParams,
        response: { 200: Restaurant, ...problems },
      },
    },
    async (request) => catalogue.restaurant(request.params.id),
  );

  app.get(
    "/restaurants/:id/menu",
    {
      config: { access: "public" },
      schema: {
        tags: ["restaurants"],
        summary: "A restaurant's menu by section, optionally filtered",
        params: RestaurantRefParams,
        querystring: MenuQuery,
        description:
          "Carries a strong ETag; send it back in If-None-Match to get 304 Not Modified while the menu is unchanged.",
        response: { 200: Menu, ...problems },
      },
    },
    async (request, reply) => {
      const { json, etag } = await catalogue.menu(request.params.id, request.query);
      // Browsers revalidate every time (availability changes) and get a 304 while the menu is the same.
      reply.header("etag", etag).header("cache-control", "no-cache");
      // No body and no serializer (a 304 claiming a length breaks keep-alive clients such as undici);
      // the typed reply knows only the schema's statuses, hence the casts.
      if (ifNoneMatch(request.headers["if-none-match"], etag))
        return reply.code(304 as 200).send(undefined as unknown as Menu);
      // Already serialized (and checked against Menu) when it was cached; Fastify sends a string with a
      // JSON content type as it is, so the typed reply is told it is the Menu those bytes encode.
      return reply.type("application/json; charset=utf-8").send(json as unknown as Menu);
    },
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
