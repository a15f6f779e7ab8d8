import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import { MINUTES_PER_WEEK, toWeekWindow } from "../domain/hours.ts";
import { WORD_SIMILARITY_THRESHOLD, SEARCH_WEIGHTS } from "../domain/search.ts";

/** A client or an interactive transaction: every method works inside a caller's transaction too. */
export type Db = PrismaClient | Prisma.TransactionClient;

const restaurantInclude = {
  cuisines: { orderBy: { position: "asc" } },
  hours: { orderBy: { position: "asc" } },
} satisfies Prisma.RestaurantInclude;

export type RestaurantRecord = Prisma.RestaurantGetPayload<{ include: typeof restaurantInclude }>;

/** One item row with the names the API shows next to it, read in the same query. */
export interface ItemRecord {
  id: string;
  restaurantId: string;
  restaurantName: string;
  section: string;
  name: string;
  description: string;
  priceCents: number;
  tags: string[];
  spiceLevel: number;
  available: boolean;
  calories: number | null;
}

export interface RestaurantSearch {
  q?: string | undefined;
  cuisine?: string | undefined;
  tag?: string | undefined;
  maxPriceCents?: number | undefined;
  /** Only open (true) or closed (false) restaurants at `weekMinute`. */
  openNow?: boolean | undefined;
  /** Minutes since Sunday 00:00 on the campus clock (see domain/hours.ts). */
  weekMinute: number;
  limit: number;
  offset: number;
}

export interface ItemFilters {
  tag?: string | undefined;
  maxPriceCents?: number | undefined;
  maxSpice?: number | undefined;
  availableOnly?: boolean | undefined;
}

export interface ItemSearch extends ItemFilters {
  q?: string | undefined;
  restaurantId?: string | undefined;
  limit: number;
  offset: number;
}

export interface Found<T> {
  rows: T[];
  total: number;
}

const ITEM_SELECT = Prisma.sql`
  SELECT i.id, i.restaurant_id AS "restaurantId", r.name AS "restaurantName", s.name AS section,
         i.name, i.description, i.price_cents AS "priceCents", i.tags, i.spice_level AS "spiceLevel",
         i.available, i.calories
  FROM menu_items i
  JOIN menu_sections s ON s.id = i.section_id
  JOIN restaurants r ON r.id = i.restaurant_id`;

function and(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

function itemConditions(f: ItemFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (f.tag !== undefined) where.push(Prisma.sql`i.tags @> ARRAY[${f.tag}]::text[]`);
  if (f.maxPriceCents !== undefined) where.push(Prisma.sql`i.price_cents <= ${f.maxPriceCents}::bigint`);
  if (f.maxSpice !== undefined) where.push(Prisma.sql`i.spice_level <= ${f.maxSpice}`);
  if (f.availableOnly) where.push(Prisma.sql`i.available`);
  return where;
}

/**
 * The `<%` operator (word similarity above the session's threshold) is what the GIN trigram indexes
 * serve; the default threshold 0.6 misses common typos ('biryni' vs 'Biryani' is 0.57), so each search
 * runs in a transaction that lowers it locally first.
 */
const setThreshold = (db: Db) =>
  db.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`;

/** Restaurants whose name, a cuisine, a dish or the description match `q`, each with its best score. */
function restaurantMatches(q: string): Prisma.Sql {
  const w = SEARCH_WEIGHTS;
  return Prisma.sql`
    SELECT id, max(score) AS score FROM (
      SELECT r.id, word_similarity(${q}, r.name) * ${w.name} AS score FROM restaurants r WHERE ${q} <% r.name
      UNION ALL
      SELECT c.restaurant_id, word_similarity(${q}, c.cuisine) * ${w.cuisine} FROM restaurant_cuisines c WHERE ${q} <% c.cuisine
      UNION ALL
      SELECT i.restaurant_id, word_similarity(${q}, i.name) * ${w.dish} FROM menu_items i WHERE ${q} <% i.name
      UNION ALL
      SELECT r.id, ${w.description}::float8 FROM restaurants r
        WHERE to_tsvector('english', r.description) @@ plainto_tsquery('english', ${q})
    ) hits GROUP BY id`;
}

/** Items whose name, section or description match `q`, each with its best score. */
function itemMatches(q: string): Prisma.Sql {
  const w = SEARCH_WEIGHTS;
  return Prisma.sql`
    SELECT id, max(score) AS score FROM (
      SELECT i.id, word_similarity(${q}, i.name) * ${w.dish} AS score FROM menu_items i WHERE ${q} <% i.name
      UNION ALL
      SELECT i.id, word_similarity(${q}, s.name) * ${w.section} FROM menu_sections s
        JOIN menu_items i ON i.section_id = s.id WHERE ${q} <% s.name
      UNION ALL
      SELECT i.id, ${w.description}::float8 FROM menu_items i
        WHERE to_tsvector('english', i.description) @@ plainto_tsquery('english', ${q})
    ) hits GROUP BY id`;
}

export function createRestaurantRepository(prisma: PrismaClient) {
  async function restaurantsByIds(db: Db, ids: string[]): Promise<RestaurantRecord[]> {
    if (!ids.length) return [];
    const rows = await db.restaurant.findMany({ where: { id: { in: ids } }, include: restaurantInclude });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    async findRestaurant(ref: { id: string } | { slug: string }, db: Db = prisma): Promise<RestaurantRecord | null> {
      return db.restaurant.findUnique({ where: ref, include: restaurantInclude });
    },

    /**
     * One page of restaurants in rank order (search score, then rating) and the total: the ids and the
     * count in one statement, then the page's rows with their cuisines and hours.
     */
    async searchRestaurants(s: RestaurantSearch): Promise<Found<RestaurantRecord>> {
      const where: Prisma.Sql[] = [];
      if (s.cuisine !== undefined) {
        where.push(
          Prisma.sql`EXISTS (SELECT 1 FROM restaurant_cuisines c WHERE c.restaurant_id = r.id AND c.cuisine = ${s.cuisine})`,
        );
      }
      const itemFilters = itemConditions({ tag: s.tag, maxPriceCents: s.maxPriceCents });
      if (itemFilters.length) {
        where.push(
          Prisma.sql`EXISTS (SELECT 1 FROM menu_items i WHERE i.restaurant_id = r.id AND ${Prisma.join(itemFilters, " AND ")})`,
        );
      }
      if (s.openNow !== undefined) {
        const m = s.weekMinute;
        const open = Prisma.sql`EXISTS (SELECT 1 FROM opening_periods p WHERE p.restaurant_id = r.id AND (
          (p.start_minute <= ${m} AND ${m} < p.end_minute) OR
          (p.start_minute <= ${m + MINUTES_PER_WEEK} AND ${m + MINUTES_PER_WEEK} < p.end_minute)))`;
        where.push(s.openNow ? open : Prisma.sql`NOT ${open}`);
      }
      const ranked = s.q !== undefined;
      const from = ranked
        ? Prisma.sql`FROM restaurants r JOIN (${restaurantMatches(s.q ?? "")}) m ON m.id = r.id`
        : Prisma.sql`FROM restaurants r`;
      const order = ranked
        ? Prisma.sql`m.score DESC, r.rating DESC, r.name, r.id`
        : Prisma.sql`r.rating DESC, r.name, r.id`;
      const pageQuery = Prisma.sql`
        SELECT r.id, count(*) OVER () AS total ${from} ${and(where)}
        ORDER BY ${order} LIMIT ${s.limit} OFFSET ${s.offset}`;

      const page = await prisma.$transaction(async (tx) => {
        if (ranked) await setThreshold(tx);
        const rows = await tx.$queryRaw<{ id: string; total: bigint }[]>(pageQuery);
        // Past the last page the window count has no row to ride on; count separately only then.
        const total =
          rows[0]?.total ??
          (s.offset > 0
            ? (await tx.$queryRaw<{ total: bigint }[]>(Prisma.sql`SELECT count(*) AS total ${from} ${and(where)}`))[0]
                ?.total
            : 0n);
        return {
          total: Number(total ?? 0n),
          records: await restaurantsByIds(
            tx,
            rows.map((r) => r.id),
          ),
        };
      });
      return { rows: page.records, total: page.total };
    },

    /** A restaurant's items matching the filters, in menu order (section, then item), in one query. */
    async menuItems(restaurantId: string, filters: ItemFilters, db: Db = prisma): Promise<ItemRecord[]> {
      const where = [Prisma.sql`i.restaurant_id = ${restaurantId}::uuid`, ...itemConditions(filters)];
      return db.$queryRaw<ItemRecord[]>(Prisma.sql`${ITEM_SELECT} ${and(where)} ORDER BY s.position, i.position`);
    },

    /** Items across restaurants: ranked by search score when `q` is given, else by restaurant and menu order. */
    async searchItems(s: ItemSearch): Promise<Found<ItemRecord>> {
      const where = itemConditions(s);
      if (s.restaurantId !== undefined) where.push(Prisma.sql`i.restaurant_id = ${s.restaurantId}::uuid`);
      const ranked = s.q !== undefined;
      const join = ranked ? Prisma.sql`JOIN (${itemMatches(s.q ?? "")}) m ON m.id = i.id` : Prisma.empty;
      const order = ranked ? Prisma.sql`m.score DESC, i.name, i.id` : Prisma.sql`r.name, s.position, i.position, i.id`;
      const pageQuery = Prisma.sql`
        SELECT * FROM (${ITEM_SELECT} ${join} ${and(where)} ORDER BY ${order} LIMIT ${s.limit} OFFSET ${s.offset}) page`;
      const countQuery = Prisma.sql`SELECT count(*) AS total FROM menu_items i ${join} ${and(where)}`;

      return prisma.$transaction(async (tx) => {
        if (ranked) await setThreshold(tx);
        const rows = await tx.$queryRaw<ItemRecord[]>(pageQuery);
        const counted = await tx.$queryRaw<{ total: bigint }[]>(countQuery);
        return { rows, total: Number(counted[0]?.total ?? 0n) };
      });
    },

    async findItem(id: string, db: Db = prisma): Promise<ItemRecord | null> {
      const rows = await db.$queryRaw<ItemRecord[]>(Prisma.sql`${ITEM_SELECT} WHERE i.id = ${id}::uuid`);
      return rows[0] ?? null;
    },

    /** Many items in one query, in the order of `ids`; unknown ids are left out. */
    async findItems(ids: readonly string[], db: Db = prisma): Promise<ItemRecord[]> {
      if (!ids.length) return [];
      const rows = await db.$queryRaw<ItemRecord[]>(Prisma.sql`${ITEM_SELECT} WHERE i.id = ANY(${[...ids]}::uuid[])`);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },

    /** Marks an item sold out or back on sale; null when there is no such item. */
    /** Replaces a restaurant's weekly hours and marks them the staff's (the seed leaves them alone after). */
    async setHours(
      restaurantId: string,
      hours: { day: number; opens: string; closes: string }[],
      at: Date,
    ): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.openingPeriod.deleteMany({ where: { restaurantId } });
        await tx.openingPeriod.createMany({
          data: hours.map((h, position) => ({ restaurantId, position, ...h, ...toWeekWindow(h) })),
        });
        await tx.restaurant.update({ where: { id: restaurantId }, data: { hoursSetByStaffAt: at } });
      });
    },

    async setItemAvailability(id: string, available: boolean): Promise<ItemRecord | null> {
      return prisma.$transaction(async (tx) => {
        const updated = await tx.menuItem.updateMany({ where: { id }, data: { available } });
        if (updated.count === 0) return null;
        const rows = await tx.$queryRaw<ItemRecord[]>(Prisma.sql`${ITEM_SELECT} WHERE i.id = ${id}::uuid`);
        return rows[0] ?? null;
      });
    },
  };
}

export type RestaurantRepository = ReturnType<typeof createRestaurantRepository>;
