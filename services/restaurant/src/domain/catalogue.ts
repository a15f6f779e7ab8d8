import {
  PROBLEM_TYPES,
  Uuid,
  type ItemSearchQuery,
  type Menu,
  type MenuItem,
  type MenuItemPage,
  type MenuQuery,
  type OpeningHours,
  type Restaurant,
  type RestaurantListQuery,
  type RestaurantPage,
} from "@ustbites/contracts";
import { actsForRestaurant, HttpProblem, type AuthenticatedUser } from "@ustbites/kit";
import type { RestaurantRecord, RestaurantRepository } from "../repositories/restaurants.ts";
import { campusWeekMinute } from "./hours.ts";
import { groupBySection, toMenuItem, toRestaurant } from "./restaurants.ts";

const notFound = (detail: string) => new HttpProblem(404, "Not Found", { detail, type: PROBLEM_TYPES.notFound });
const notYourRestaurant = () =>
  new HttpProblem(403, "Forbidden", { type: PROBLEM_TYPES.forbidden, detail: "Only staff of this restaurant (or an admin) may change it" });

export interface CatalogueDeps {
  repo: RestaurantRepository;
  now: () => Date;
}

/** What the routes ask of the catalogue; answers are contract shapes, misses are 404 problems. */
export function createCatalogue({ repo, now }: CatalogueDeps) {
  async function restaurantRecord(ref: string): Promise<RestaurantRecord> {
    // A lowercase UUID is also a valid slug, so a UUID-shaped reference is always read as an id.
    const found = await repo.findRestaurant(Uuid.safeParse(ref).success ? { id: ref } : { slug: ref });
    if (!found) throw notFound(`No restaurant ${ref}`);
    return found;
  }

  return {
    async listRestaurants(query: RestaurantListQuery): Promise<RestaurantPage> {
      const at = now();
      const { rows, total } = await repo.searchRestaurants({ ...query, weekMinute: campusWeekMinute(at) });
      return { items: rows.map((r) => toRestaurant(r, at)), total, limit: query.limit, offset: query.offset };
    },

    async restaurant(ref: string): Promise<Restaurant> {
      return toRestaurant(await restaurantRecord(ref), now());
    },

    async menu(ref: string, filters: MenuQuery): Promise<Menu> {
      const record = await restaurantRecord(ref);
      const items = await repo.menuItems(record.id, filters);
      return { restaurant: toRestaurant(record, now()), sections: groupBySection(items) };
    },

    async searchItems(query: ItemSearchQuery): Promise<MenuItemPage> {
      const { rows, total } = await repo.searchItems(query);
      return { items: rows.map(toMenuItem), total, limit: query.limit, offset: query.offset };
    },

    async item(id: string): Promise<MenuItem> {
      const found = await repo.findItem(id);
      if (!found) throw notFound(`No menu item ${id}`);
      return toMenuItem(found);
    },

    async lookupItems(ids: readonly string[]): Promise<MenuItem[]> {
      return (await repo.findItems(ids)).map(toMenuItem);
    },

    /** Staff of the item's restaurant, or an admin: anyone else gets 403 and nothing changes. */
    async setItemAvailability(user: AuthenticatedUser, id: string, available: boolean): Promise<MenuItem> {
      const item = await repo.findItem(id);
      if (!item) throw notFound(`No menu item ${id}`);
      if (!actsForRestaurant(user, item.restaurantId)) throw notYourRestaurant();
      const updated = await repo.setItemAvailability(id, available);
      if (!updated) throw notFound(`No menu item ${id}`);
      return toMenuItem(updated);
    },

    /** Staff of the restaurant, or an admin, replace its weekly hours. */
    async setHours(user: AuthenticatedUser, ref: string, hours: OpeningHours): Promise<Restaurant> {
      const record = await restaurantRecord(ref);
      if (!actsForRestaurant(user, record.id)) throw notYourRestaurant();
      await repo.setHours(record.id, hours, now());
      return toRestaurant(await restaurantRecord(record.id), now());
    },
  };
}

export type Catalogue = ReturnType<typeof createCatalogue>;
