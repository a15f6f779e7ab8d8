import type { Restaurant } from "@ustbites/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalogue, seedId } from "../src/seed/seed.ts";
import { createTestApp, type TestApp } from "./helpers.ts";

let t: TestApp;
beforeAll(async () => {
  // Wednesday 2026-11-25 13:00 on campus.
  t = await createTestApp({ now: new Date("2026-11-25T05:00:00Z") });
});
afterAll(() => t.close());

const spiceRoute = seedId("restaurant:spice-route");
const put = (ref: string, body: unknown, token?: string) =>
  t.app.inject({
    method: "PUT",
    url: `/restaurants/${ref}/hours`,
    payload: body as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
const get = async (ref: string) =>
  (await t.app.inject({ method: "GET", url: `/restaurants/${ref}` })).json() as Restaurant;
const staffOf = (restaurantId: string) => t.token({ role: "staff", restaurantId });

describe("PUT /restaurants/:id/hours", () => {
  it("lets the restaurant's staff close it for Wednesday: it is closed now, and a re-seed keeps their hours", async () => {
    expect((await get("spice-route")).isOpen).toBe(true);
    const hours = [1, 2, 4, 5, 6].map((day) => ({ day, opens: "11:00", closes: "21:00" }));
    const res = await put(spiceRoute, { hours }, await staffOf(spiceRoute));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: spiceRoute, isOpen: false, hours });
    expect((await get("spice-route")).isOpen).toBe(false);

    await seedCatalogue(t.prisma);
    expect((await get("spice-route")).hours).toEqual(hours);
  });

  it("refuses a student, a courier and staff of another restaurant with 403, changing nothing", async () => {
    const before = (await get("canton-kitchen")).hours;
    for (const token of [
      await t.token(),
      await t.token({ role: "courier", courierId: "0196a4c0-d000-7000-8000-000000000001" }),
      await staffOf(spiceRoute),
    ]) {
      const res = await put("canton-kitchen", { hours: [] }, token);
      expect(res.statusCode).toBe(403);
    }
    expect((await put("canton-kitchen", { hours: [] })).statusCode).toBe(401);
    expect((await get("canton-kitchen")).hours).toEqual(before);
  });

  it("lets an admin set any restaurant's hours, by slug too", async () => {
    const hours = [{ day: 3, opens: "18:00", closes: "02:00" }];
    const res = await put("canton-kitchen", { hours }, await t.token({ role: "admin" }));
    expect(res.statusCode).toBe(200);
    expect((await get("canton-kitchen")).hours).toEqual(hours);
  });

  it.each([
    ["a time that is not HH:MM", { hours: [{ day: 1, opens: "9am", closes: "21:00" }] }, "opens"],
    ["a day out of range", { hours: [{ day: 7, opens: "09:00", closes: "21:00" }] }, "day"],
    ["no hours field", {}, "hours"],
  ])("answers %s with a 400 naming the field", async (_what, body, field) => {
    const before = (await get("spice-route")).hours;
    const res = await put(spiceRoute, body, await staffOf(spiceRoute));
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().errors)).toContain(field);
    expect((await get("spice-route")).hours).toEqual(before);
  });
});
