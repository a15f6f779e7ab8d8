import { v5 as uuidv5 } from "uuid";
import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import { toWeekWindow } from "../domain/hours.ts";
import { restaurants as catalogue, type SeedRestaurant } from "./data.ts";

/** Namespace of the seed's name-based ids; changing it changes every seeded id. */
const SEED_NAMESPACE = "8b0c1e0a-d5f3-4b6f-9c61-f4e2a3d7c5b9";

/**
 * The same catalogue gets the same ids in every database (embedded, CI, a cluster), so an id seen in a
 * log or an eval fixture means the same dish everywhere: UUIDv5 of e.g. `item:spice-route/Garlic Naan`.
 */
export const seedId = (name: string): string => uuidv5(name, SEED_NAMESPACE);

export interface SeedCounts {
  created: number;
  updated: number;
}

export interface SeedResult {
  restaurants: SeedCounts;
  sections: SeedCounts;
  items: SeedCounts;
}

const existingInclude = {
  cuisines: { orderBy: { position: "asc" } },
  hours: { orderBy: { position: "asc" } },
  sections: true,
  items: true,
} satisfies Prisma.RestaurantInclude;
type Existing = Prisma.RestaurantGetPayload<{ include: typeof existingInclude }>;

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function restaurantFields(r: SeedRestaurant) {
  return {
    name: r.name,
    description: r.description,
    building: r.location.building,
    zone: r.location.zone,
    locationDescription: r.location.description,
    prepTimeMinutes: r.prepTimeMinutes,
    rating: new Prisma.Decimal(r.rating),
    ratingCount: r.ratingCount,
    priceLevel: r.priceLevel,
  };
}

function restaurantChanged(e: Existing, r: SeedRestaurant): boolean {
  const f = restaurantFields(r);
  return (
    e.name !== f.name ||
    e.description !== f.description ||
    e.building !== f.building ||
    e.zone !== f.zone ||
    e.locationDescription !== f.locationDescription ||
    e.prepTimeMinutes !== f.prepTimeMinutes ||
    !e.rating.equals(f.rating) ||
    e.ratingCount !== f.ratingCount ||
    e.priceLevel !== f.priceLevel
  );
}

const cuisinesOf = (r: SeedRestaurant) => [...new Set(r.cuisines.map((c) => c.trim().toLowerCase()))];
const hoursKey = (h: { day: number; opens: string; closes: string }) => `${h.day} ${h.opens}-${h.closes}`;

/**
 * Writes the seed catalogue: restaurants by slug, sections by restaurant + name, items by restaurant +
 * name. Only what differs from the database is written, so a second run writes nothing. Rows that are
 * not in the catalogue are left alone, and an existing item's `available` is runtime state (staff mark
 * items sold out), so the seed sets it only when it creates the item; hours staff have set likewise.
 */
export async function seedCatalogue(
  prisma: PrismaClient,
  data: readonly SeedRestaurant[] = catalogue,
): Promise<SeedResult> {
  const result: SeedResult = {
    restaurants: { created: 0, updated: 0 },
    sections: { created: 0, updated: 0 },
    items: { created: 0, updated: 0 },
  };
  const existing = await prisma.restaurant.findMany({
    where: { slug: { in: data.map((r) => r.slug) } },
    include: existingInclude,
  });
  const bySlug = new Map(existing.map((r) => [r.slug, r]));

  const writes: ((tx: Prisma.TransactionClient) => Promise<unknown>)[] = [];
  const newRestaurants: Prisma.RestaurantCreateManyInput[] = [];
  const newCuisines: Prisma.RestaurantCuisineCreateManyInput[] = [];
  const newHours: Prisma.OpeningPeriodCreateManyInput[] = [];
  const newSections: Prisma.MenuSectionCreateManyInput[] = [];
  const newItems: Prisma.MenuItemCreateManyInput[] = [];

  for (const r of data) {
    const found = bySlug.get(r.slug);
    const restaurantId = found?.id ?? seedId(`restaurant:${r.slug}`);
    const cuisines = cuisinesOf(r);
    const hours = r.hours.map((h, position) => ({ restaurantId, position, ...h, ...toWeekWindow(h) }));

    if (!found) {
      result.restaurants.created++;
      newRestaurants.push({ id: restaurantId, slug: r.slug, ...restaurantFields(r) });
      newCuisines.push(...cuisines.map((cuisine, position) => ({ restaurantId, cuisine, position })));
      newHours.push(...hours);
    } else {
      const cuisinesChanged = !sameList(
        found.cuisines.map((c) => c.cuisine),
        cuisines,
      );
      // Hours the restaurant's staff set are theirs: the seed no longer decides them.
      const hoursChanged =
        found.hoursSetByStaffAt === null && !sameList(found.hours.map(hoursKey), r.hours.map(hoursKey));
      if (restaurantChanged(found, r) || cuisinesChanged || hoursChanged) {
        result.restaurants.updated++;
        writes.push((tx) => tx.restaurant.update({ where: { id: restaurantId }, data: restaurantFields(r) }));
      }
      if (cuisinesChanged) {
        writes.push((tx) => tx.restaurantCuisine.deleteMany({ where: { restaurantId } }));
        newCuisines.push(...cuisines.map((cuisine, position) => ({ restaurantId, cuisine, position })));
      }
      if (hoursChanged) {
        writes.push((tx) => tx.openingPeriod.deleteMany({ where: { restaurantId } }));
        newHours.push(...hours);
      }
    }

    const sectionsByName = new Map((found?.sections ?? []).map((s) => [s.name, s]));
    const itemsByName = new Map((found?.items ?? []).map((i) => [i.name, i]));
    let itemPosition = 0;
    r.sections.forEach((section, sectionPosition) => {
      const existingSection = sectionsByName.get(section.name);
      const sectionId = existingSection?.id ?? seedId(`section:${r.slug}/${section.name}`);
      if (!existingSection) {
        result.sections.created++;
        newSections.push({ id: sectionId, restaurantId, name: section.name, position: sectionPosition });
      } else if (existingSection.position !== sectionPosition) {
        result.sections.updated++;
        writes.push((tx) => tx.menuSection.update({ where: { id: sectionId }, data: { position: sectionPosition } }));
      }

      for (const item of section.items) {
        const position = itemPosition++;
        const fields = {
          sectionId,
          description: item.description,
          priceCents: item.priceCents,
          tags: [...item.tags],
          spiceLevel: item.spiceLevel,
          calories: item.calories,
          position,
        };
        const e = itemsByName.get(item.name);
        if (!e) {
          result.items.created++;
          newItems.push({
            id: seedId(`item:${r.slug}/${item.name}`),
            restaurantId,
            name: item.name,
            available: item.available,
            ...fields,
          });
        } else if (
          e.sectionId !== fields.sectionId ||
          e.description !== fields.description ||
          e.priceCents !== fields.priceCents ||
          !sameList(e.tags, fields.tags) ||
          e.spiceLevel !== fields.spiceLevel ||
          e.calories !== fields.calories ||
          e.position !== fields.position
        ) {
          result.items.updated++;
          writes.push((tx) => tx.menuItem.update({ where: { id: e.id }, data: fields }));
        }
      }
    });
  }

  if (
    !writes.length &&
    !newRestaurants.length &&
    !newSections.length &&
    !newItems.length &&
    !newCuisines.length &&
    !newHours.length
  ) {
    return result;
  }
  await prisma.$transaction(
    async (tx) => {
      // Parents before the rows that reference them (an updated item may move to a new section), and
      // the deletes of replaced cuisines and hours before their inserts.
      if (newRestaurants.length) await tx.restaurant.createMany({ data: newRestaurants });
      if (newSections.length) await tx.menuSection.createMany({ data: newSections });
      for (const write of writes) await write(tx);
      if (newCuisines.length) await tx.restaurantCuisine.createMany({ data: newCuisines });
      if (newHours.length) await tx.openingPeriod.createMany({ data: newHours });
      if (newItems.length) await tx.menuItem.createMany({ data: newItems });
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return result;
}
