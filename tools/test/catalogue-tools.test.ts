import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack, type Student } from "./stack.ts";

let stack: Stack;
let student: Student;

beforeAll(async () => {
  stack = await startStack();
  student = await stack.student();
});
afterAll(() => stack?.close());

describe("search_restaurants", () => {
  it("finds restaurants by words and answers ids, names and prices compactly", async () => {
    const { raw, json } = await stack.call(student, "search_restaurants", { q: "biryani" });
    const restaurants = json.restaurants as { id: string; name: string; open: boolean; price: string }[];
    expect(restaurants[0]).toMatchObject({ name: "Spice Route", open: true });
    expect(restaurants[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw.length).toBeLessThan(600);
  });

  it("lists every restaurant within a few hundred tokens, with `more` past the cap", async () => {
    const { raw, json } = await stack.call(student, "search_restaurants", {});
    const restaurants = json.restaurants as unknown[];
    expect(restaurants.length).toBeGreaterThan(0);
    expect(restaurants.length).toBeLessThanOrEqual(8);
    if (restaurants.length === 8) expect(json.more).toBeGreaterThan(0);
    console.info(`search_restaurants (all): ${raw.length} chars for ${restaurants.length} restaurants`);
    expect(raw.length).toBeLessThan(8 * 190);
  });

  it("filters by openNow", async () => {
    const { json } = await stack.call(student, "search_restaurants", { openNow: false });
    expect((json.restaurants as { name: string }[]).map((r) => r.name)).toContain("Sakura Ramen & Sushi");
  });

  it("answers a bad argument with a short reason naming the field, not a throw", async () => {
    const { json } = await stack.call(student, "search_restaurants", { maxPriceCents: "cheap" });
    expect(json.error).toMatch(/^bad arguments: maxPriceCents/);
    const unknown = await stack.call(student, "search_restaurants", { restaurant: "x" });
    expect(unknown.json.error).toMatch(/unknown argument restaurant/);
  });
});

describe("get_menu", () => {
  it("answers the menu by section with ids and formatted prices, capped at 12 items", async () => {
    const { raw, json } = await stack.call(student, "get_menu", { restaurantId: "spice-route" });
    expect(json.restaurant).toMatchObject({ name: "Spice Route", open: true });
    const sections = json.sections as Record<string, { id: string; name: string; price: string; soldOut?: boolean }[]>;
    const items = Object.values(sections).flat();
    expect(items).toHaveLength(12);
    // Spice Route's seeded menu has 15 dishes.
    expect(json.more).toBe(3);
    expect(sections.Wraps?.[0]).toMatchObject({ name: "Paneer Tikka Wrap", price: "HK$42.00" });
    expect(items.find((i) => i.name === "Lamb Rogan Josh")?.soldOut).toBe(true);
    console.info(`get_menu (spice-route): ${raw.length} chars for ${items.length} items`);
    expect(raw.length).toBeLessThan(2000);
  });

  it("applies the filters", async () => {
    const { json } = await stack.call(student, "get_menu", { restaurantId: "spice-route", tag: "vegan", maxPriceCents: 4000 });
    const names = Object.values(json.sections as Record<string, { name: string }[]>).flat().map((i) => i.name);
    expect(names).toEqual(["Aloo Tikki Wrap", "Vegetable Samosas (2 pcs)"]);
  });

  it("answers an unknown restaurant as a result", async () => {
    const { json } = await stack.call(student, "get_menu", { restaurantId: "no-such-place" });
    expect(json.error).toMatch(/restaurant no-such-place not found/);
  });
});

describe("find_items", () => {
  it("finds dishes across restaurants with their restaurant and ids", async () => {
    const { raw, json } = await stack.call(student, "find_items", { q: "paneer wrap" });
    const items = json.items as { id: string; name: string; restaurant: string }[];
    expect(items[0]).toMatchObject({ name: "Paneer Tikka Wrap", restaurant: "Spice Route" });
    expect(raw.length).toBeLessThan(12 * 160);
  });

  it("caps the list and counts the rest", async () => {
    const { raw, json } = await stack.call(student, "find_items", { maxPriceCents: 100_000 });
    expect(json.items as unknown[]).toHaveLength(12);
    expect(json.more).toBeGreaterThan(0);
    console.info(`find_items (12 of many): ${raw.length} chars`);
    expect(raw.length).toBeLessThan(2200);
  });

  it("answers a malformed restaurant id as a bad argument", async () => {
    const { json } = await stack.call(student, "find_items", { restaurantId: "spice-route" });
    expect(json.error).toMatch(/^bad arguments: restaurantId/);
  });

  it("reports restaurant-service being down as a result", async () => {
    await stack.close();
    const { json } = await stack.call(student, "find_items", { q: "wrap" });
    expect(json.error).toBe("restaurant service is unavailable right now; try again in a moment");
  });
});
