import type { MenuItem, MenuItemPage } from "@ustbites/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedId } from "../src/seed/seed.ts";
import { createTestApp, type TestApp } from "./helpers.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const search = async (query: string): Promise<MenuItemPage> => {
  const res = await t.app.inject({ method: "GET", url: `/items${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const names = (page: MenuItemPage) => page.items.map((i) => i.name);
const naanId = seedId("item:spice-route/Garlic Naan");
const chaiId = seedId("item:spice-route/Masala Chai");

describe("GET /items", () => {
  it.each([
    ["biryni", /Biryani/],
    ["ramn", /Ramen/],
    ["tonkotsu ramen", /^Tonkotsu Ramen$/],
    ["margarita", /Margherita/],
    ["chiken curry", /^Chicken Curry$/],
    ["lassi", /^Mango Lassi$/],
  ])("finds dishes for %s despite typos, best match first", async (q, expected) => {
    const page = await search(`?q=${encodeURIComponent(q)}`);
    expect(page.total).toBeGreaterThan(0);
    expect(names(page)[0]).toMatch(expected);
  });

  it("finds every restaurant's dish of the same name", async () => {
    const page = await search("?q=iced%20lemon%20tea&limit=100");
    const exact = page.items.filter((i) => i.name === "Iced Lemon Tea");
    expect(new Set(exact.map((i) => i.restaurantId)).size).toBeGreaterThanOrEqual(2);
    expect(page.items.slice(0, exact.length).every((i) => i.name === "Iced Lemon Tea")).toBe(true);
  });

  it("matches descriptions by word, after the names", async () => {
    const page = await search("?q=chickpeas&limit=100");
    expect(names(page)).toContain("Chana Masala");
  });

  it("matches a section name: 'banh mi' finds the sandwiches under Banh Mi", async () => {
    const page = await search("?q=banh%20mi&limit=100");
    expect(page.items.length).toBeGreaterThan(1);
    expect(page.items.every((i) => i.section === "Banh Mi" || /banh mi/i.test(i.name))).toBe(true);
  });

  it("lists every item without a query, paged", async () => {
    const all = await search("?limit=100");
    const next = await search("?limit=100&offset=100");
    expect(all.total).toBeGreaterThan(150);
    expect(all.items.length + next.items.length).toBe(all.total);
    const ids = new Set([...all.items, ...next.items].map((i) => i.id));
    expect(ids.size).toBe(all.total);
  });

  it("filters by tag, price, spice, restaurant and availability", async () => {
    const restaurantId = seedId("restaurant:spice-route");
    const page = await search(
      `?tag=vegan&maxPriceCents=4000&maxSpice=1&availableOnly=true&restaurantId=${restaurantId}&limit=100`,
    );
    expect(names(page).sort()).toEqual(["Aloo Tikki Wrap", "Vegetable Samosas (2 pcs)"]);
    for (const item of page.items) {
      expect(item).toMatchObject({ restaurantId, available: true });
      expect(item.tags).toContain("vegan");
    }
  });

  it("combines a search with filters", async () => {
    const page = await search("?q=curry&tag=vegan&limit=100");
    expect(page.total).toBeGreaterThan(0);
    for (const item of page.items) expect(item.tags).toContain("vegan");
  });
});

describe("GET /items/:id", () => {
  it("returns one item with its restaurant and section", async () => {
    const res = await t.app.inject({ method: "GET", url: `/items/${naanId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: naanId,
      restaurantId: seedId("restaurant:spice-route"),
      restaurantName: "Spice Route",
      section: "Sides",
      name: "Garlic Naan",
      description: "Tandoor-baked flatbread brushed with garlic butter.",
      priceCents: 1400,
      tags: ["vegetarian", "halal", "nut-free"],
      spiceLevel: 0,
      available: true,
      calories: 260,
    });
  });

  it("answers an unknown id with a 404 problem", async () => {
    const res = await t.app.inject({ method: "GET", url: "/items/0196a4c0-0000-7000-8000-00000000ffff" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, type: "urn:ustbites:problem:not-found" });
  });
});

const lookupAs = async (token: string | undefined, ids: string[]) =>
  t.app.inject({
    method: "POST",
    url: "/internal/items/lookup",
    payload: { ids },
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe("POST /internal/items/lookup", () => {
  const lookup = async (ids: string[]) => lookupAs(await t.serviceToken("cart"), ids);

  it("answers cart-service and order-service, each with its own service token", async () => {
    for (const service of ["cart", "order"] as const) {
      const res = await lookupAs(await t.serviceToken(service), [naanId]);
      expect(res.statusCode, service).toBe(200);
      expect(res.json().items.map((i: MenuItem) => i.id)).toEqual([naanId]);
    }
  });

  it("refuses students and staff (401: no person's token passes as a service) and other services (403)", async () => {
    const cases: [string, string | undefined, number][] = [
      ["no token", undefined, 401],
      ["a student", await t.token(), 401],
      [
        "staff of the restaurant",
        await t.token({ role: "staff", restaurantId: seedId("restaurant:spice-route") }),
        401,
      ],
      ["an admin", await t.token({ role: "admin" }), 401],
      ["cart's token made out to payment", await t.serviceToken("cart", "payment"), 401],
      ["the agent's service token", await t.serviceToken("agent"), 403],
      ["payment's service token", await t.serviceToken("payment"), 403],
    ];
    for (const [who, token, status] of cases) {
      const res = await lookupAs(token, [naanId]);
      expect(res.statusCode, who).toBe(status);
      expect(res.headers["content-type"], who).toMatch(/^application\/problem\+json/);
      expect(res.body, who).not.toContain("Garlic Naan");
    }
  });

  it("returns the known items in the order asked, once each, leaving out unknown ids", async () => {
    const unknown = "0196a4c0-0000-7000-8000-00000000ffff";
    const res = await lookup([chaiId, unknown, naanId, chaiId]);
    expect(res.statusCode).toBe(200);
    const items: MenuItem[] = res.json().items;
    expect(items.map((i) => i.id)).toEqual([chaiId, naanId]);
    expect(items[1]).toMatchObject({ name: "Garlic Naan", priceCents: 1400 });
  });

  it("answers a hundred ids in one call", async () => {
    const all = await search("?limit=100");
    const ids = all.items.map((i) => i.id);
    const res = await lookup(ids);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: MenuItem) => i.id)).toEqual(ids);
  });
});

describe("PATCH /items/:id/availability", () => {
  const patch = (id: string, body: unknown, token?: string) =>
    t.app.inject({
      method: "PATCH",
      url: `/items/${id}/availability`,
      payload: body as object,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  const spiceRoute = seedId("restaurant:spice-route");
  const staffOf = (restaurantId: string) => t.token({ role: "staff", restaurantId });

  it("requires a signed-in user", async () => {
    const res = await patch(naanId, { available: false });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    const bad = await patch(naanId, { available: false }, "not-a-token");
    expect(bad.statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: `/items/${naanId}` })).json().available).toBe(true);
  });

  it("lets staff of the item's restaurant mark it sold out and back, visible to the menu and the lookup", async () => {
    const token = await staffOf(spiceRoute);
    const off = await patch(chaiId, { available: false }, token);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ id: chaiId, available: false });
    const onSale = await t.app.inject({ method: "GET", url: "/restaurants/spice-route/menu?availableOnly=true" });
    expect(JSON.stringify(onSale.json())).not.toContain(chaiId);
    const looked = await lookupAs(await t.serviceToken("order"), [chaiId]);
    expect(looked.json().items[0].available).toBe(false);

    const on = await patch(chaiId, { available: true }, token);
    expect(on.json()).toMatchObject({ id: chaiId, available: true });
  });

  it("lets an admin mark any restaurant's item", async () => {
    const res = await patch(naanId, { available: false }, await t.token({ role: "admin" }));
    expect(res.statusCode).toBe(200);
    expect((await patch(naanId, { available: true }, await t.token({ role: "admin" }))).json().available).toBe(true);
  });

  it("refuses a student, a courier and staff of another restaurant with 403, changing nothing", async () => {
    const others = [
      await t.token(),
      await t.token({ role: "courier", courierId: "0196a4c0-d000-7000-8000-000000000001" }),
      await staffOf(seedId("restaurant:canton-kitchen")),
    ];
    for (const token of others) {
      const res = await patch(naanId, { available: false }, token);
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe("urn:ustbites:problem:forbidden");
    }
    expect((await t.app.inject({ method: "GET", url: `/items/${naanId}` })).json().available).toBe(true);
  });

  it("answers an unknown item with a 404 problem", async () => {
    const res = await patch("0196a4c0-0000-7000-8000-00000000ffff", { available: false }, await staffOf(spiceRoute));
    expect(res.statusCode).toBe(404);
  });
});
