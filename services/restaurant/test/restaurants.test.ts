import type { Menu, Restaurant, RestaurantPage } from "@ustbites/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restaurants as catalogue } from "../src/seed/data.ts";
import { createTestApp, type TestApp } from "./helpers.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const list = async (query: string): Promise<RestaurantPage> => {
  const res = await t.app.inject({ method: "GET", url: `/restaurants${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const slugs = (page: RestaurantPage) => page.items.map((r) => r.slug);
const menu = async (ref: string, query = ""): Promise<Menu> => {
  const res = await t.app.inject({ method: "GET", url: `/restaurants/${ref}/menu${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const menuItems = (m: Menu) => m.sections.flatMap((s) => s.items);

// Campus time is UTC+8 all year: 12:00 in Hong Kong is 04:00Z.
const hk = (localIso: string) => new Date(`${localIso}+08:00`);

describe("GET /restaurants", () => {
  it("lists every restaurant, best rated first, with a total", async () => {
    const page = await list("?limit=100");
    expect(page.total).toBe(catalogue.length);
    expect(page.items).toHaveLength(catalogue.length);
    const ratings = page.items.map((r) => r.rating);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
  });

  it("pages with limit and offset without overlaps or gaps", async () => {
    const all = slugs(await list("?limit=100"));
    const first = await list("?limit=5&offset=0");
    const second = await list("?limit=5&offset=5");
    const past = await list("?limit=5&offset=50");
    expect(first).toMatchObject({ limit: 5, offset: 0, total: catalogue.length });
    expect([...slugs(first), ...slugs(second)]).toEqual(all.slice(0, 10));
    expect(past.items).toEqual([]);
    expect(past.total).toBe(catalogue.length);
  });

  it("defaults to a page of 20", async () => {
    expect((await list("")).limit).toBe(20);
  });

  it("filters by cuisine, case-insensitively", async () => {
    const page = await list("?cuisine=Chinese");
    expect(slugs(page).sort()).toEqual(["canton-kitchen", "night-owl-canteen"]);
    for (const r of page.items) expect(r.cuisines).toContain("chinese");
  });

  it("filters by dietary tag: restaurants with at least one such item", async () => {
    const page = await list("?tag=halal&limit=100");
    const expected = catalogue
      .filter((r) => r.sections.some((s) => s.items.some((i) => i.tags.includes("halal"))))
      .map((r) => r.slug);
    expect(slugs(page).sort()).toEqual(expected.sort());
    expect(page.total).toBeLessThan(catalogue.length);
  });

  it("filters by a price anyone at the restaurant can stay under", async () => {
    const page = await list("?maxPriceCents=1000&limit=100");
    const expected = catalogue
      .filter((r) => r.sections.some((s) => s.items.some((i) => i.priceCents <= 1000)))
      .map((r) => r.slug);
    expect(expected.length).toBeGreaterThan(0);
    expect(slugs(page).sort()).toEqual(expected.sort());
  });

  it("combines filters", async () => {
    const page = await list("?cuisine=indian&tag=vegan&maxPriceCents=4000");
    expect(slugs(page)).toEqual(["spice-route"]);
  });

  it.each([
    ["biryni", "spice-route"],
    ["ramn", "sakura-ramen-sushi"],
    ["spice rout", "spice-route"],
    ["vietnamese", "pho-saigon"],
    ["japanse", "sakura-ramen-sushi"],
    ["bubble tea", "pearl-and-co"],
    ["pho", "pho-saigon"],
  ])("finds %s despite the typo or by cuisine/dish: %s ranks first", async (q, slug) => {
    const page = await list(`?q=${encodeURIComponent(q)}`);
    expect(slugs(page)[0]).toBe(slug);
  });

  it("ranks a restaurant's own name above another's dish", async () => {
    const page = await list("?q=canton");
    expect(slugs(page)[0]).toBe("canton-kitchen");
  });

  it("finds nothing for gibberish", async () => {
    const page = await list("?q=xqzvvk");
    expect(page).toMatchObject({ items: [], total: 0 });
  });

  it("searches within the other filters", async () => {
    const page = await list("?q=curry&cuisine=thai");
    expect(slugs(page)).toEqual(["bangkok-street"]);
  });
});

describe("open now, on the campus clock", () => {
  const openSlugs = async (localIso: string, flag = "true") => {
    t.setNow(hk(localIso));
    return slugs(await list(`?openNow=${flag}&limit=100`)).sort();
  };

  it("on a Monday noon lists the lunch places and not the night canteen", async () => {
    const open = await openSlugs("2026-11-23T12:00:00");
    expect(open).toContain("spice-route");
    expect(open).toContain("kopi-lah");
    expect(open).not.toContain("night-owl-canteen");
  });

  it("keeps the canteen open past midnight on the next day's clock", async () => {
    expect(await openSlugs("2026-11-24T01:30:00")).toEqual(["night-owl-canteen"]);
  });

  it("keeps Saturday night's canteen open into Sunday, across the end of the week", async () => {
    expect(await openSlugs("2026-11-22T01:00:00")).toEqual(["night-owl-canteen"]);
  });

  it("closes the canteen at 02:00 sharp and opens it at 18:00 sharp", async () => {
    expect(await openSlugs("2026-11-24T02:00:00")).toEqual([]);
    expect(await openSlugs("2026-11-23T18:00:00")).toContain("night-owl-canteen");
    expect(await openSlugs("2026-11-23T17:59:00")).not.toContain("night-owl-canteen");
  });

  it("openNow=false lists exactly the others, and isOpen agrees with the filter", async () => {
    t.setNow(hk("2026-11-23T08:30:00"));
    const all = await list("?limit=100");
    const open = await openSlugs("2026-11-23T08:30:00");
    const closed = await openSlugs("2026-11-23T08:30:00", "false");
    expect([...open, ...closed].sort()).toEqual(slugs(all).sort());
    expect(
      all.items
        .filter((r) => r.isOpen)
        .map((r) => r.slug)
        .sort(),
    ).toEqual(open);
    expect(open).toEqual(["kopi-lah", "library-cafe"]);
  });

  it("decides by Hong Kong time, not UTC: Sunday 23:45Z is Monday 07:45 on campus, when the library café opens", async () => {
    t.setNow(new Date("2026-11-22T23:45:00Z"));
    const cafe = (await list("?q=library")).items[0];
    expect(cafe?.slug).toBe("library-cafe");
    expect(cafe?.isOpen).toBe(true);
  });
});

describe("GET /restaurants/:id", () => {
  it("answers by id and by slug with the same restaurant", async () => {
    const bySlug = await t.app.inject({ method: "GET", url: "/restaurants/night-owl-canteen" });
    expect(bySlug.statusCode).toBe(200);
    const restaurant: Restaurant = bySlug.json();
    expect(restaurant).toMatchObject({
      slug: "night-owl-canteen",
      cuisines: ["hong kong", "chinese", "late night"],
      hours: expect.arrayContaining([{ day: 6, opens: "18:00", closes: "02:00" }]),
      imageUrl: null,
    });
    const byId = await t.app.inject({ method: "GET", url: `/restaurants/${restaurant.id}` });
    expect(byId.json()).toEqual(restaurant);
  });

  it.each([
    ["an unknown id", "/restaurants/0196a4c0-0000-7000-8000-00000000ffff"],
    ["an unknown slug", "/restaurants/no-such-place"],
    ["the menu of an unknown restaurant", "/restaurants/no-such-place/menu"],
  ])("answers %s with a 404 problem", async (_case, url) => {
    const res = await t.app.inject({ method: "GET", url });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, type: "urn:ustbites:problem:not-found" });
  });
});

describe("GET /restaurants/:id/menu", () => {
  const seeded = catalogue.find((r) => r.slug === "spice-route");
  if (!seeded) throw new Error("seed data lost spice-route");

  it("returns the sections and items in menu order", async () => {
    const m = await menu("spice-route");
    expect(m.restaurant.slug).toBe("spice-route");
    expect(m.sections.map((s) => s.name)).toEqual(seeded.sections.map((s) => s.name));
    expect(m.sections.map((s) => s.items.map((i) => i.name))).toEqual(
      seeded.sections.map((s) => s.items.map((i) => i.name)),
    );
    const item = m.sections[0]?.items[0];
    expect(item).toMatchObject({ restaurantId: m.restaurant.id, restaurantName: "Spice Route", section: "Wraps" });
  });

  it("filters by tag and leaves out sections left empty", async () => {
    const m = await menu("spice-route", "?tag=vegan");
    const items = menuItems(m);
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(i.tags).toContain("vegan");
    for (const s of m.sections) expect(s.items.length).toBeGreaterThan(0);
    expect(m.sections.map((s) => s.name)).not.toContain("Drinks");
  });

  it("filters by price, spice and availability", async () => {
    const cheap = menuItems(await menu("spice-route", "?maxPriceCents=2000"));
    expect(cheap.map((i) => i.name).sort()).toEqual(["Garlic Naan", "Masala Chai", "Vegetable Samosas (2 pcs)"]);
    const mild = menuItems(await menu("spice-route", "?maxSpice=0"));
    for (const i of mild) expect(i.spiceLevel).toBe(0);
    const all = menuItems(await menu("spice-route"));
    const onSale = menuItems(await menu("spice-route", "?availableOnly=true"));
    expect(all.some((i) => i.name === "Lamb Rogan Josh" && !i.available)).toBe(true);
    expect(onSale.map((i) => i.name)).not.toContain("Lamb Rogan Josh");
    expect(onSale).toHaveLength(all.length - 1);
  });

  it("reports whether the restaurant is open at the time of the request", async () => {
    t.setNow(hk("2026-11-22T12:00:00"));
    expect((await menu("spice-route")).restaurant.isOpen).toBe(false);
    t.setNow(hk("2026-11-23T12:00:00"));
    expect((await menu("spice-route")).restaurant.isOpen).toBe(true);
  });
});
