import { createHash } from "node:crypto";
import { Menu, type MenuQuery } from "@ustbites/contracts";
import type { ItemRecord, RestaurantRecord } from "../repositories/restaurants.ts";
import { groupBySection, toRestaurant } from "./restaurants.ts";

/** A menu ready to send: its JSON and a strong ETag over exactly those bytes. */
export interface MenuBody {
  json: string;
  etag: string;
}

/** What a menu is built from; `load` reads it from the database (throws a 404 problem for no such restaurant). */
export interface MenuSource {
  record: RestaurantRecord;
  items: ItemRecord[];
}

export interface MenuCacheOptions {
  load: (ref: string, filters: MenuQuery) => Promise<MenuSource>;
  now: () => Date;
  /** How long a read stays good without a local change: the bound on staleness across replicas. 0 = no cache. */
  ttlMs: number;
}

interface Entry {
  source: MenuSource;
  loadedAt: number;
  generation: number;
  /** The body for each value of `isOpen`, which moves with the clock while the rest does not. */
  bodies: Map<boolean, MenuBody>;
}

/** Menus a student can open, by restaurant and filter: more would be a scraper, not a reason to hold memory. */
const MAX_ENTRIES = 1000;

const keyOf = (ref: string, f: MenuQuery) =>
  JSON.stringify([ref, f.tag ?? null, f.maxPriceCents ?? null, f.maxSpice ?? null, f.availableOnly ?? null]);

function render(source: MenuSource, restaurant: ReturnType<typeof toRestaurant>): MenuBody {
  // Menu.parse: the bytes sent are what the route's serializer would have sent.
  const json = JSON.stringify(Menu.parse({ restaurant, sections: groupBySection(source.items) }));
  return { json, etag: `"${createHash("sha256").update(json).digest("base64url").slice(0, 32)}"` };
}

/**
 * A menu changes rarely and is read on every browse, so each (restaurant, filters) is read from the
 * database once and served from memory, serialized and tagged, until one of:
 * - this replica changes the catalogue (`invalidate()`, called after the commit: availability);
 * - `ttlMs` passes, which bounds how long another replica's change (or the seed's) goes unseen here.
 * A stale menu can never sell a sold-out dish: carts and orders re-price through `POST /internal/items/lookup`,
 * which always reads the database. "Open now" is worked out per request from the cached hours.
 */
export function createMenuCache(opts: MenuCacheOptions) {
  const entries = new Map<string, Entry>();
  let generation = 0;

  return {
    async menu(ref: string, filters: MenuQuery): Promise<MenuBody> {
      const key = keyOf(ref, filters);
      const at = opts.now();
      let entry = entries.get(key);
      if (!entry || entry.generation !== generation || Date.now() - entry.loadedAt >= opts.ttlMs) {
        const loadedAt = Date.now();
        const loadedGeneration = generation;
        entry = { source: await opts.load(ref, filters), loadedAt, generation: loadedGeneration, bodies: new Map() };
        if (opts.ttlMs > 0) {
          if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
          entries.set(key, entry);
        }
      }
      const restaurant = toRestaurant(entry.source.record, at);
      let body = entry.bodies.get(restaurant.isOpen);
      if (!body) {
        body = render(entry.source, restaurant);
        entry.bodies.set(restaurant.isOpen, body);
      }
      return body;
    },

    /** Forget every menu: the catalogue changed here. */
    invalidate(): void {
      generation++;
      entries.clear();
    },
  };
}

export type MenuCache = ReturnType<typeof createMenuCache>;
