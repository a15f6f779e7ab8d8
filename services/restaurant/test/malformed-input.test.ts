import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restaurants as catalogue } from "../src/seed/data.ts";
import { seedId } from "../src/seed/seed.ts";
import { createTestApp, type TestApp } from "./helpers.ts";

let t: TestApp;
let token: string;
let cartToken: string;
beforeAll(async () => {
  t = await createTestApp();
  // An admin may mark items sold out: the caller is checked before the body, so only someone let in meets validation.
  token = await t.token({ role: "admin" });
  cartToken = await t.serviceToken("cart");
});
afterAll(() => t.close());

const itemId = seedId("item:spice-route/Garlic Naan");
const uuid = (n: number) => `0196a4c0-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;

interface Case {
  name: string;
  method?: "GET" | "POST" | "PATCH";
  url: string;
  /** A string is sent as is (to send broken JSON); anything else as JSON. */
  body?: unknown;
  status?: number;
  field: string;
}

const cases: Case[] = [
  { name: "limit 0", url: "/restaurants?limit=0", field: "query.limit" },
  { name: "limit above the maximum", url: "/restaurants?limit=101", field: "query.limit" },
  { name: "a negative offset", url: "/restaurants?offset=-5", field: "query.offset" },
  { name: "a fractional limit", url: "/restaurants?limit=2.5", field: "query.limit" },
  { name: "a word for a number", url: "/restaurants?limit=ten", field: "query.limit" },
  { name: "a repeated limit", url: "/restaurants?limit=1&limit=2", field: "query.limit" },
  { name: "a negative price", url: "/restaurants?maxPriceCents=-1", field: "query.maxPriceCents" },
  {
    name: "a price beyond safe integers",
    url: "/restaurants?maxPriceCents=99999999999999999999",
    field: "query.maxPriceCents",
  },
  { name: "an overflowing offset", url: "/restaurants?offset=1e400", field: "query.offset" },
  { name: "an unknown tag", url: "/restaurants?tag=spicy", field: "query.tag" },
  { name: "a non-boolean openNow", url: "/restaurants?openNow=maybe", field: "query.openNow" },
  { name: "a blank search", url: "/restaurants?q=%20%20", field: "query.q" },
  { name: "an overlong search", url: `/restaurants?q=${"a".repeat(101)}`, field: "query.q" },
  { name: "an unknown query parameter", url: "/restaurants?sort=price", field: "query.sort" },
  { name: "a restaurant reference that is neither id nor slug", url: "/restaurants/Spice_Route!", field: "params.id" },
  { name: "a menu spice level above 3", url: "/restaurants/spice-route/menu?maxSpice=4", field: "query.maxSpice" },
  {
    name: "a menu availableOnly of yes",
    url: "/restaurants/spice-route/menu?availableOnly=yes",
    field: "query.availableOnly",
  },
  { name: "an unknown menu parameter", url: "/restaurants/spice-route/menu?limit=5", field: "query.limit" },
  { name: "a non-uuid restaurantId", url: "/items?restaurantId=spice-route", field: "query.restaurantId" },
  { name: "a negative spice level", url: "/items?maxSpice=-1", field: "query.maxSpice" },
  { name: "an unknown item search parameter", url: "/items?cuisine=thai", field: "query.cuisine" },
  { name: "a non-uuid item id", url: "/items/garlic-naan", field: "params.id" },
  { name: "a truncated uuid", url: "/items/0196a4c0-0000-7000-8000", field: "params.id" },
  { name: "broken JSON", method: "POST", url: "/internal/items/lookup", body: '{"ids": [', field: "body" },
  { name: "an empty body", method: "POST", url: "/internal/items/lookup", body: "", field: "body" },
  { name: "no ids", method: "POST", url: "/internal/items/lookup", body: {}, field: "body.ids" },
  { name: "an empty id list", method: "POST", url: "/internal/items/lookup", body: { ids: [] }, field: "body.ids" },
  { name: "ids as a string", method: "POST", url: "/internal/items/lookup", body: { ids: itemId }, field: "body.ids" },
  {
    name: "a bad id in the list",
    method: "POST",
    url: "/internal/items/lookup",
    body: { ids: [itemId, "nope"] },
    field: "body.ids.1",
  },
  {
    name: "a number for an id",
    method: "POST",
    url: "/internal/items/lookup",
    body: { ids: [42] },
    field: "body.ids.0",
  },
  {
    name: "more than 100 ids",
    method: "POST",
    url: "/internal/items/lookup",
    body: { ids: Array.from({ length: 101 }, (_, i) => uuid(i)) },
    field: "body.ids",
  },
  {
    name: "an unknown body field",
    method: "POST",
    url: "/internal/items/lookup",
    body: { ids: [itemId], priceCents: 1 },
    field: "body.priceCents",
  },
  {
    name: "a string for available",
    method: "PATCH",
    url: `/items/${itemId}/availability`,
    body: { available: "no" },
    field: "body.available",
  },
  {
    name: "a missing available",
    method: "PATCH",
    url: `/items/${itemId}/availability`,
    body: {},
    field: "body.available",
  },
  {
    name: "a bad id to mark sold out",
    method: "PATCH",
    url: "/items/42/availability",
    body: { available: false },
    field: "params.id",
  },
  {
    name: "broken JSON to mark sold out",
    method: "PATCH",
    url: `/items/${itemId}/availability`,
    body: "{available:",
    field: "body",
  },
  {
    name: "a JSON array for a body",
    method: "PATCH",
    url: `/items/${itemId}/availability`,
    body: [true],
    field: "body",
  },
];

describe("malformed input", () => {
  it.each(cases)(
    "answers $name with a 4xx problem naming $field",
    async ({ method = "GET", url, body, status = 400, field }) => {
      const res = await t.app.inject({
        method,
        url,
        // The internal lookup is cart's and order's; everything else is tried as a student.
        headers: {
          authorization: `Bearer ${url.startsWith("/internal/") ? cartToken : token}`,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { payload: typeof body === "string" ? body : JSON.stringify(body) } : {}),
      });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem.status).toBe(status);
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    },
  );

  it.each([
    ["quotes and SQL", "/restaurants?q=%27%3B%20drop%20table%20restaurants%3B--"],
    ["LIKE wildcards", "/items?q=%25_%25"],
    ["backslashes", "/items?q=%5C%5C%5C"],
    ["only punctuation", "/restaurants?q=!!!"],
    ["Chinese characters", "/items?q=%E5%8F%89%E7%87%92%E9%A3%AF"],
    ["an emoji", "/restaurants?q=%F0%9F%8D%9C"],
    ["a very late page", "/items?offset=2147483647"],
    ["the largest price", "/restaurants?maxPriceCents=9007199254740991"],
  ])("answers hostile but valid %s with 200, never a 500", async (_case, url) => {
    const res = await t.app.inject({ method: "GET", url });
    expect(res.statusCode, res.body).toBe(200);
  });

  it("leaves the catalogue as seeded after all of it", async () => {
    expect(await t.prisma.restaurant.count()).toBe(catalogue.length);
    const soldOut = catalogue.flatMap((r) => r.sections.flatMap((s) => s.items.filter((i) => !i.available)));
    expect(await t.prisma.menuItem.count({ where: { available: false } })).toBe(soldOut.length);
  });
});
