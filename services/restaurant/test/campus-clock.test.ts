import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@ustbites/kit/testing";
import { readEnv } from "../src/env.ts";
import { startRestaurantService, type RestaurantService } from "../src/start.ts";

const running: { service: RestaurantService; db: TestDatabase }[] = [];
afterAll(async () => {
  for (const { service, db } of running) {
    await service.close();
    await db.drop();
  }
});

/** The slugs open "now" according to a service started with CAMPUS_CLOCK = `at`. */
async function openAt(at: string): Promise<string[]> {
  const db = await createTestDatabase("restaurant");
  const service = await startRestaurantService(
    readEnv({ DATABASE_URL: db.url, PORT: "0", LOG_LEVEL: "silent", CAMPUS_CLOCK: at }),
  );
  running.push({ service, db });
  const res = await fetch(`${service.address}/restaurants?openNow=true&limit=50`);
  const page = (await res.json()) as { items: { slug: string; isOpen: boolean }[] };
  expect(page.items.every((r) => r.isOpen)).toBe(true);
  return page.items.map((r) => r.slug);
}

describe("CAMPUS_CLOCK", () => {
  it("decides opening hours on the given campus time instead of the real one", async () => {
    // Wednesday 13:00 and Sunday 04:00 in Hong Kong (UTC+8).
    const wednesdayLunch = await openAt("2026-11-25T13:00:00+08:00");
    const sundayNight = await openAt("2026-11-22T04:00:00+08:00");
    expect(wednesdayLunch).toContain("spice-route");
    expect(sundayNight).not.toContain("spice-route");
    expect(sundayNight.length).toBeLessThan(wednesdayLunch.length);
  });

  it("refuses a value that is not a timestamp, naming the variable", () => {
    expect(() => readEnv({ CAMPUS_CLOCK: "lunchtime" })).toThrow(/CAMPUS_CLOCK/);
  });
});
