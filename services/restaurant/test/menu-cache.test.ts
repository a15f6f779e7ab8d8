import { setTimeout as sleep } from "node:timers/promises";
import type { Menu } from "@ustbites/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedId } from "../src/seed/seed.ts";
import { createTestApp, type TestApp } from "./helpers.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const MENU = "/restaurants/spice-route/menu";
const chaiId = seedId("item:spice-route/Masala Chai");
const chaiOf = (m: Menu) => m.sections.flatMap((s) => s.items).find((i) => i.id === chaiId);

describe("menu cache and ETags", () => {
  it("answers a revalidation with the menu's ETag with 304 and no body, and a stale ETag with the menu", async () => {
    const first = await t.app.inject({ method: "GET", url: MENU });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers["cache-control"]).toBe("no-cache");

    const again = await t.app.inject({ method: "GET", url: MENU, headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    // A 304 claiming a body length breaks keep-alive clients such as the gateway's (undici).
    expect(again.headers["content-length"]).toBeUndefined();
    expect(again.headers.etag).toBe(etag);

    const stale = await t.app.inject({ method: "GET", url: MENU, headers: { "if-none-match": '"something-older"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json<Menu>().restaurant.slug).toBe("spice-route");
  });

  it("shows a dish marked sold out on the very next read, with a new ETag, though the menu was just cached", async () => {
    const before = await t.app.inject({ method: "GET", url: MENU });
    expect(chaiOf(before.json<Menu>())?.available).toBe(true);
    // An admin marks it sold out (availability is its staff's or an admin's to change).
    const token = await t.token({ role: "admin" });
    const off = await t.app.inject({
      method: "PATCH",
      url: `/items/${chaiId}/availability`,
      headers: { authorization: `Bearer ${token}` },
      payload: { available: false },
    });
    expect(off.statusCode).toBe(200);
    try {
      const after = await t.app.inject({
        method: "GET",
        url: MENU,
        headers: { "if-none-match": before.headers.etag as string },
      });
      expect(after.statusCode).toBe(200);
      expect(chaiOf(after.json<Menu>())?.available).toBe(false);
      expect(after.headers.etag).not.toBe(before.headers.etag);
    } finally {
      await t.app.inject({
        method: "PATCH",
        url: `/items/${chaiId}/availability`,
        headers: { authorization: `Bearer ${token}` },
        payload: { available: true },
      });
    }
  });

  it("gives a different ETag when only 'open now' changed", async () => {
    t.setNow(new Date("2026-11-22T04:00:00Z")); // Sunday noon on campus: Spice Route is shut
    const shut = await t.app.inject({ method: "GET", url: MENU });
    t.setNow(new Date("2026-11-23T05:00:00Z")); // Monday 13:00: open
    const open = await t.app.inject({ method: "GET", url: MENU });
    expect([shut.json<Menu>().restaurant.isOpen, open.json<Menu>().restaurant.isOpen]).toEqual([false, true]);
    expect(open.headers.etag).not.toBe(shut.headers.etag);
  });

  it("sees a change made behind its back (another replica, the seed) once the cache time has passed", async () => {
    await t.app.inject({ method: "GET", url: MENU });
    await t.prisma.menuItem.update({ where: { id: chaiId }, data: { priceCents: 2500 } });
    try {
      await sleep(1100); // MENU_CACHE_TTL_MS defaults to 1000
      const after = await t.app.inject({ method: "GET", url: MENU });
      expect(chaiOf(after.json<Menu>())?.priceCents).toBe(2500);
    } finally {
      await t.prisma.menuItem.update({ where: { id: chaiId }, data: { priceCents: 1600 } });
    }
  });
});
