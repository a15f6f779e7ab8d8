import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campusWeekMinute, isOpenAt, MINUTES_PER_WEEK, toWeekWindow, type OpeningHours } from "../src/domain/hours.ts";
import { createTestApp, type TestApp } from "./helpers.ts";

const hk = (localIso: string) => new Date(`${localIso}+08:00`);
const canteen: OpeningHours[] = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, opens: "18:00", closes: "02:00" }));
const weekdays: OpeningHours[] = [1, 2, 3, 4, 5].map((day) => ({ day, opens: "08:00", closes: "19:00" }));

describe("opening hours on the campus clock", () => {
  it("counts minutes from Sunday 00:00 in Hong Kong, whatever the UTC day", () => {
    expect(campusWeekMinute(hk("2026-11-22T00:00:00"))).toBe(0);
    expect(campusWeekMinute(new Date("2026-11-21T16:00:00Z"))).toBe(0);
    expect(campusWeekMinute(hk("2026-11-23T12:30:00"))).toBe(24 * 60 + 12 * 60 + 30);
    expect(campusWeekMinute(hk("2026-11-28T23:59:00"))).toBe(MINUTES_PER_WEEK - 1);
  });

  it("turns a closing time before the opening time into the next day", () => {
    expect(toWeekWindow({ day: 1, opens: "18:00", closes: "02:00" })).toEqual({
      startMinute: 1440 + 1080,
      endMinute: 2 * 1440 + 120,
    });
    expect(toWeekWindow({ day: 6, opens: "18:00", closes: "02:00" }).endMinute).toBeGreaterThan(MINUTES_PER_WEEK);
    expect(toWeekWindow({ day: 2, opens: "09:00", closes: "09:00" })).toEqual({
      startMinute: 2 * 1440 + 540,
      endMinute: 3 * 1440 + 540,
    });
  });

  it.each([
    ["Monday 18:00, opening", "2026-11-23T18:00:00", true],
    ["Monday 17:59, before opening", "2026-11-23T17:59:00", false],
    ["Tuesday 01:59, after midnight", "2026-11-24T01:59:00", true],
    ["Tuesday 02:00, closed", "2026-11-24T02:00:00", false],
    ["Sunday 01:00, Saturday's night", "2026-11-22T01:00:00", true],
  ])("the past-midnight canteen at %s is open: %s", (_case, local, open) => {
    expect(isOpenAt(canteen, hk(local))).toBe(open);
  });

  it("a weekday-only place is closed all weekend", () => {
    expect(isOpenAt(weekdays, hk("2026-11-23T08:00:00"))).toBe(true);
    expect(isOpenAt(weekdays, hk("2026-11-28T12:00:00"))).toBe(false);
    expect(isOpenAt(weekdays, hk("2026-11-22T12:00:00"))).toBe(false);
  });

  it("is never open without hours", () => {
    expect(isOpenAt([], hk("2026-11-23T12:00:00"))).toBe(false);
  });

  it("rejects times that are not HH:MM", () => {
    expect(() => toWeekWindow({ day: 1, opens: "8:00", closes: "19:00" })).toThrow(RangeError);
    expect(() => toWeekWindow({ day: 7, opens: "08:00", closes: "19:00" })).toThrow(RangeError);
  });
});

describe("the openNow filter and isOpen", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("agree at any instant of the week (SQL and code apply the same rule)", async () => {
    const weekStart = hk("2026-11-22T00:00:00").getTime();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: MINUTES_PER_WEEK - 1 }), async (minute) => {
        t.setNow(new Date(weekStart + minute * 60_000));
        const all = (await t.app.inject({ method: "GET", url: "/restaurants?limit=100" })).json();
        const open = (await t.app.inject({ method: "GET", url: "/restaurants?limit=100&openNow=true" })).json();
        const expected = all.items
          .filter((r: { isOpen: boolean }) => r.isOpen)
          .map((r: { slug: string }) => r.slug)
          .sort();
        expect(open.items.map((r: { slug: string }) => r.slug).sort()).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
