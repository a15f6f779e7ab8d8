import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failed, startStack, succeeded, type Stack, type Student } from "./stack.ts";

let stack: Stack;
let student: Student;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  stack = await startStack();
  student = await stack.student();
});
afterAll(() => stack?.close());

describe("search_restaurants", () => {
  it("finds restaurants by words and answers ids, cuisines and prices compactly", async () => {
    const { raw, json } = await stack.call(student, "search_restaurants", { q: "biryani" });
    const { restaurants } = succeeded("search_restaurants", json);
    expect(restaurants[0]).toMatchObject({
      name: "Spice Route",
      open: true,
      price: expect.stringMatching(/^\${1,3}$/),
    });
    expect(restaurants[0]?.restaurantId).toMatch(UUID);
    expect(restaurants[0]?.cuisines).toEqual([expect.stringMatching(/^indian$/i)]);
    expect(raw.length).toBeLessThan(600);
  });

  it("lists every restaurant within a few hundred tokens, with `more` past the cap", async () => {
    const { raw, json } = await stack.call(student, "search_restaurants", {});
    const { restaurants, more } = succeeded("search_restaurants", json);
    expect(restaurants.length).toBeGreaterThan(0);
    expect(restaurants.length).toBeLessThanOrEqual(8);
    if (restaurants.length === 8) expect(more).toBeGreaterThan(0);
    console.info(`search_restaurants (all): ${raw.length} chars for ${restaurants.length} restaurants`);
    expect(raw.length).toBeLessThan(8 * 190);
  });

  it("filters by openNow", async () => {
    const { json } = await stack.call(student, "search_restaurants", { openNow: false });
    const { restaurants } = succeeded("search_restaurants", json);
    expect(restaurants.map((r) => r.name)).toContain("Sakura Ramen & Sushi");
    expect(restaurants.every((r) => !r.open)).toBe(true);
  });

  it("answers a bad argument with a bad_arguments error naming the field, not a throw", async () => {
    const { json } = await stack.call(student, "search_restaurants", { maxPriceCents: "cheap" });
    expect(failed(json, "bad_arguments").message).toMatch(/^bad arguments: maxPriceCents/);
    const unknown = await stack.call(student, "search_restaurants", { restaurant: "x" });
    expect(failed(unknown.json, "bad_arguments").message).toMatch(/unknown argument restaurant/);
  });
});

describe("get_menu", () => {
  it("answers the menu by section with ids and formatted prices, capped at 12 items", async () => {
    const { raw, json } = await stack.call(student, "get_menu", { restaurantId: "spice-route" });
    const menu = succeeded("get_menu", json);
    expect(menu.restaurant).toMatchObject({
      name: "Spice Route",
      open: true,
      restaurantId: expect.stringMatching(UUID),
    });
    const items = Object.values(menu.sections).flat();
    expect(items).toHaveLength(12);
    // Spice Route's seeded menu has 15 dishes.
    expect(menu.more).toBe(3);
    expect(menu.sections.Wraps?.[0]).toMatchObject({
      name: "Paneer Tikka Wrap",
      price: "HK$42.00",
      itemId: expect.stringMatching(UUID),
    });
    expect(items.find((i) => i.name === "Lamb Rogan Josh")?.soldOut).toBe(true);
    // Within one restaurant's menu, every dish's restaurant is already known.
    expect(items.every((i) => i.restaurant === undefined && i.restaurantId === undefined)).toBe(true);
    console.info(`get_menu (spice-route): ${raw.length} chars for ${items.length} items`);
    expect(raw.length).toBeLessThan(2100);
  });

  it("applies the filters, and shows tags as a list", async () => {
    const { json } = await stack.call(student, "get_menu", {
      restaurantId: "spice-route",
      tag: "vegan",
      maxPriceCents: 4000,
    });
    const items = Object.values(succeeded("get_menu", json).sections).flat();
    expect(items.map((i) => i.name)).toEqual(["Aloo Tikki Wrap", "Vegetable Samosas (2 pcs)"]);
    for (const item of items) expect(item.tags).toContain("vegan");
  });

  it("answers an unknown restaurant as a not_found error pointing to search_restaurants", async () => {
    const { json } = await stack.call(student, "get_menu", { restaurantId: "no-such-place" });
    expect(json).toEqual({
      error: { code: "not_found", message: "restaurant no-such-place not found; find it with search_restaurants" },
    });
  });
});

describe("find_items", () => {
  it("finds dishes across restaurants with their restaurant and ids", async () => {
    const { raw, json } = await stack.call(student, "find_items", { q: "paneer wrap" });
    const { items } = succeeded("find_items", json);
    expect(items[0]).toMatchObject({
      name: "Paneer Tikka Wrap",
      restaurant: "Spice Route",
      itemId: expect.stringMatching(UUID),
      restaurantId: expect.stringMatching(UUID),
    });
    expect(raw.length).toBeLessThan(12 * 240);
  });

  it("narrows to one restaurant by the id search_restaurants answered", async () => {
    const search = succeeded(
      "search_restaurants",
      (await stack.call(student, "search_restaurants", { q: "seoul bowl" })).json,
    );
    const seoul = search.restaurants.find((r) => r.name === "Seoul Bowl");
    expect(seoul).toBeDefined();
    const { json } = await stack.call(student, "find_items", { restaurantId: seoul?.restaurantId });
    const { items } = succeeded("find_items", json);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.restaurantId))).toEqual(new Set([seoul?.restaurantId]));
  });

  it("caps the list and counts the rest", async () => {
    const { raw, json } = await stack.call(student, "find_items", { maxPriceCents: 100_000 });
    const { items, more } = succeeded("find_items", json);
    expect(items).toHaveLength(12);
    expect(more).toBeGreaterThan(0);
    console.info(`find_items (12 of many): ${raw.length} chars`);
    expect(raw.length).toBeLessThan(3000);
  });

  it("passes a slug on to restaurant-service, which refuses it as an invalid request naming the field", async () => {
    const { json } = await stack.call(student, "find_items", { restaurantId: "spice-route" });
    expect(json).toEqual({
      error: { code: "invalid_request", message: "invalid request: restaurantId: Invalid UUID" },
    });
  });

  it("reports restaurant-service being down as service_unavailable", async () => {
    await stack.close();
    const { json } = await stack.call(student, "find_items", { q: "wrap" });
    expect(json).toEqual({
      error: {
        code: "service_unavailable",
        message: "restaurant service is unavailable right now; try again in a moment",
      },
    });
  });
});
