/** Browsing: searches by dish, cuisine, tag, budget or spice, and a restaurant's menu. */
import * as say from "../replies.ts";
import { focusRestaurants, resolveRestaurantId } from "../resolve.ts";
import type { ItemInfo } from "../state/conversation.ts";
import { displayOrder } from "../state/dialogue.ts";
import { matchTier } from "../text.ts";
import type { Intent } from "../types.ts";
import { call, type Ctx, failedWith, lastDone, type Plan, reply } from "./context.ts";

/** The find_items / search_restaurants arguments for a search; restaurantId when a named restaurant is known. */
function searchArgs(
  intent: Extract<Intent, { kind: "search" }>,
  restaurantId: string | undefined,
  withDish: boolean,
): { tool: string; args: Record<string, unknown> } {
  const args: Record<string, unknown> = {};
  if (intent.tag) args.tag = intent.tag;
  if (intent.maxPriceCents !== undefined) args.maxPriceCents = intent.maxPriceCents;
  const dish = withDish ? (intent.dish ?? (intent.spicy ? "spicy" : undefined)) : undefined;
  const wantsDishes =
    dish !== undefined || restaurantId !== undefined || intent.maxSpice !== undefined || intent.spicy === true;
  if (
    wantsDishes ||
    (intent.cuisine === undefined &&
      !intent.openNow &&
      (intent.tag !== undefined || intent.maxPriceCents !== undefined))
  ) {
    if (dish) args.q = dish.slice(0, 100);
    if (intent.maxSpice !== undefined) args.maxSpice = intent.maxSpice;
    if (restaurantId) args.restaurantId = restaurantId;
    return { tool: "find_items", args };
  }
  if (intent.cuisine) args.cuisine = intent.cuisine;
  if (intent.openNow) args.openNow = true;
  return { tool: "search_restaurants", args };
}

export function planSearch(intent: Extract<Intent, { kind: "search" }>, ctx: Ctx): Plan {
  // A named restaurant is looked up first, so the search stays inside it.
  let restaurantId: string | undefined;
  if (intent.restaurant) {
    restaurantId = resolveRestaurantId(intent.restaurant, ctx.memory);
    const found = lastDone(ctx, "search_restaurants");
    if (!restaurantId && !found) return call("search_restaurants", { q: intent.restaurant.slice(0, 100) });
    restaurantId ??=
      found?.extracted.restaurants.find((r) => matchTier(intent.restaurant!, r.name) >= 1)?.id ??
      found?.extracted.restaurants[0]?.id;
  }
  const searches = ctx.turnEvents.filter(
    (e) => e.done && (e.name === "find_items" || (e.name === "search_restaurants" && !intent.restaurant)),
  );
  const searched = searches.at(-1);
  if (!searched) {
    const first = searchArgs(intent, restaurantId, true);
    return call(first.tool, first.args);
  }
  // Nothing for the words and the wants together: look again with the wants alone ("halal near the library").
  const empty =
    failedWith(searched, "not_found") ||
    (!searched.error && !searched.extracted.items.length && !searched.extracted.restaurants.length);
  if (
    empty &&
    searched.args.q !== undefined &&
    searches.length === 1 &&
    (intent.tag || intent.maxPriceCents !== undefined || intent.maxSpice !== undefined || intent.cuisine)
  ) {
    const relaxed = searchArgs(intent, restaurantId, false);
    return call(relaxed.tool, relaxed.args);
  }
  if (failedWith(searched, "not_found")) return reply(say.nothingFound(), "done");
  if (searched.error) return reply(say.couldNot("search just now", searched.error), "failed");
  if (searched.name === "find_items") {
    const items = displayOrder(searched.extracted.items, intent);
    if (!items.length) return reply(say.nothingFound(), "done");
    return reply(say.dishesFound(items, searched.extracted.more), "done");
  }
  const restaurants = searched.extracted.restaurants;
  if (!restaurants.length) return reply(say.noRestaurants(), "done");
  return reply(say.placesFound(restaurants, searched.extracted.more), "done");
}

export function planMenu(intent: Extract<Intent, { kind: "menu" }>, ctx: Ctx): Plan {
  const menu = lastDone(ctx, "get_menu");
  if (menu) {
    if (menu.error) return reply(say.couldNot("open that menu", menu.error), "failed");
    const restaurant = menu.extracted.restaurants[0];
    const bySection = new Map<string, ItemInfo[]>();
    for (const item of menu.extracted.items) {
      const key = item.section ?? "Menu";
      bySection.set(key, [...(bySection.get(key) ?? []), item]);
    }
    const sections = [...bySection].map(
      ([name, items]) => `${name}: ${items.map((i) => say.itemLine(i, false)).join(", ")}`,
    );
    const more = menu.extracted.more;
    const open = restaurant?.open === undefined ? "" : restaurant.open ? " (open now)" : " (closed right now)";
    return reply(
      `${restaurant?.name ?? "The"} menu${open}:\n${sections.join("\n")}${more ? `\n…and ${more} more; ask me to find a specific dish.` : ""}\nWhat would you like to add?`,
      "done",
    );
  }
  const name = intent.restaurant;
  if (!name) {
    const focus = focusRestaurants(ctx)
      .map((n) => ctx.memory.restaurants.find((r) => r.name === n))
      .find(Boolean);
    if (focus) return call("get_menu", { restaurantId: focus.id });
    return reply(say.whichMenu(), "asked");
  }
  const id = resolveRestaurantId(name, ctx.memory);
  if (id) return call("get_menu", { restaurantId: id });
  const search = lastDone(ctx, "search_restaurants");
  if (!search) return call("search_restaurants", { q: name.slice(0, 100) });
  if (search.error || !search.extracted.restaurants.length) return reply(say.noRestaurantCalled(name), "failed");
  const ranked = search.extracted.restaurants.filter((r) => matchTier(name, r.name) >= 1);
  const pick = ranked[0] ?? search.extracted.restaurants[0]!;
  return call("get_menu", { restaurantId: pick.id });
}
