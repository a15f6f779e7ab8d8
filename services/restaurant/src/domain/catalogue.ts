import {
  PROBLEM_TYPES,
  Uuid,
  type ItemSearchQuery,
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
import { createMenuCache, type MenuBody } from "./menu-cache.ts";
import { toMenuItem, toRestaurant } from "./restaurants.ts";

const notFound = (detail: string) => new HttpProblem(404, "Not Found", { detail, type: PROBLEM_TYPES.notFound });
const notYourRestaurant = () =>
  new HttpProblem(403, "Forbidden", {
    type: PROBLEM_TYPES.forbidden,
    detail: "Only staff of this restaurant (or an admin) may change it",
  });

export interface CatalogueDeps {
  repo: RestaurantRepository;
  now: () => Date;
  /** How long a menu or restaurant read is served from memory (see menu-cache.ts); 0 reads the database every time. */
  menuCacheTtlMs: number;
}

/** What the routes ask of the catalogue; answers are contract shapes, misses are 404 problems. */
export function createCatalogue({ repo, now, menuCacheTtlMs }: CatalogueDeps) {
  async function restaurantRecord(ref: string): Promise<RestaurantRecord> {
    // A lowercase UUID is also a valid slug, so a UUID-shaped reference is always read as an id.
    const found = await repo.findRestaurant(Uuid.safeParse(ref).success ? { id: ref } : { slug: ref });
    if (!found) throw notFound(`No restaurant ${ref}`);
    return found;
  }

  // Order-service reads the restaurant of every order it prices (three queries: the row, its
  // cuisines, its hours); it changes as rarely as a menu, so it is kept as long as one.
  const restaurants = new Map<string, { record: RestaurantRecord; loadedAt: number }>();
  async function cachedRestaurant(ref: string): Promise<RestaurantRecord> {
    const hit = restaurants.get(ref);
    if (hit && Date.now() - hit.loadedAt < menuCacheTtlMs) return hit.record;
    const loadedAt = Date.now();
    const record = await restaurantRecord(ref);
    if (menuCacheTtlMs > 0) {
      if (restaurants.size >= 1000) restaurants.clear();
      restaurants.set(ref, { record, loadedAt });
    }
    return record;
  }

  const menus = createMenuCache({
    now,
    ttlMs: menuCacheTtlMs,
    load: async (ref, filters) => {
      const record = await restaurantRecord(ref);
      return { record, items: await repo.menuItems(record.id, filters) };
    },
  });

  /** Every write through the catalogue calls this after its commit: what this replica caches is stale. */
  function changed(): void {
    menus.invalidate();
    restaurants.clear();
  }

  return {
    async listRestaurants(query: RestaurantListQuery): Promise<RestaurantPage> {
      const at = now();
      const { rows, total } = await repo.searchRestaurants({ ...query, weekMinute: campusWeekMinute(at) });
      return { items: rows.map((r) => toRestaurant(r, at)), total, limit: query.limit, offset: query.offset };
    },

    async restaurant(ref: string): Promise<Restaurant> {
      return toRestaurant(await cachedRestaurant(ref), now());
    },

    /** The menu as JSON with its ETag, from memory when this replica read it lately. */
    menu(ref: string, filters: MenuQuery): Promise<MenuBody> {
      return menus.menu(ref, filters);
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
      changed();
      return toMenuItem(updated);
    },

    /** Staff of the restaurant, or an admin, replace its weekly hours. */
    async setHours(user: AuthenticatedUser, ref: string, hours: OpeningHours): Promise<Restaurant> {
      const record = await restaurantRecord(ref);
      if (!actsForRestaurant(user, record.id)) throw notYourRestaurant();
      await repo.setHours(record.id, hours, now());
      changed();
      return toRestaurant(await restaurantRecord(record.id), now());
    },
  };
}

export type Catalogue = ReturnType<typeof createCatalogue>;
