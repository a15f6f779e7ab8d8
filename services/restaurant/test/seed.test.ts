import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restaurants } from "../src/seed/data.ts";
import { seedCatalogue, seedId } from "../src/seed/seed.ts";
import { openTestDatabase, type TestDb } from "./helpers.ts";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

const snapshot = async () => ({
  restaurants: await t.prisma.restaurant.findMany({ orderBy: { id: "asc" } }),
  cuisines: await t.prisma.restaurantCuisine.findMany({ orderBy: [{ restaurantId: "asc" }, { position: "asc" }] }),
  hours: await t.prisma.openingPeriod.findMany({ orderBy: [{ restaurantId: "asc" }, { position: "asc" }] }),
  sections: await t.prisma.menuSection.findMany({ orderBy: { id: "asc" } }),
  items: await t.prisma.menuItem.findMany({ orderBy: { id: "asc" } }),
});

const itemCount = restaurants.reduce((n, r) => n + r.sections.reduce((m, s) => m + s.items.length, 0), 0);

describe("the seed", () => {
  it("creates the whole catalogue on an empty database", async () => {
    const result = await seedCatalogue(t.prisma);
    expect(result.restaurants).toEqual({ created: restaurants.length, updated: 0 });
    expect(result.items).toEqual({ created: itemCount, updated: 0 });
    expect(await t.prisma.menuItem.count()).toBe(itemCount);
  });

  it("writes nothing when run again: same rows, same ids, same timestamps", async () => {
    const before = await snapshot();
    const result = await seedCatalogue(t.prisma);
    expect(result).toEqual({
      restaurants: { created: 0, updated: 0 },
      sections: { created: 0, updated: 0 },
      items: { created: 0, updated: 0 },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("gives the same catalogue the same ids in every database", async () => {
    const spiceRoute = await t.prisma.restaurant.findUniqueOrThrow({ where: { slug: "spice-route" } });
    expect(spiceRoute.id).toBe(seedId("restaurant:spice-route"));
    const naan = await t.prisma.menuItem.findFirstOrThrow({
      where: { restaurantId: spiceRoute.id, name: "Garlic Naan" },
    });
    expect(naan.id).toBe(seedId("item:spice-route/Garlic Naan"));
  });

  it("updates a changed price in place and keeps an item's runtime availability", async () => {
    const first = restaurants[0];
    const section = first?.sections[0];
    const item = section?.items[0];
    if (!first || !section || !item) throw new Error("seed data has no first item");
    const row = await t.prisma.menuItem.findFirstOrThrow({
      where: { name: item.name, restaurant: { slug: first.slug } },
    });
    await t.prisma.menuItem.update({ where: { id: row.id }, data: { available: !item.available } });

    const changed = [{ ...first, sections: [{ ...section, items: [{ ...item, priceCents: item.priceCents + 100 }] }] }];
    const result = await seedCatalogue(t.prisma, changed);
    expect(result.items).toEqual({ created: 0, updated: 1 });
    const after = await t.prisma.menuItem.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.priceCents).toBe(item.priceCents + 100);
    expect(after.available).toBe(!item.available);
  });
});
