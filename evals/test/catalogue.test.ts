import { describe, expect, it } from "vitest";
import { CAMPUS_TIME, campusWeekMinute, clockShift, MINUTES_PER_WEEK, shiftOpening } from "../src/catalogue.ts";

/** The window a row stands for, as restaurant-service reads it (domain/hours.ts). */
const covers = (row: { startMinute: number; endMinute: number }, minute: number) =>
  [minute, minute + MINUTES_PER_WEEK].some((m) => row.startMinute <= m && m < row.endMinute);

describe("the pinned campus clock", () => {
  it("reads Hong Kong time whatever the server's zone", () => {
    // 2026-11-22 04:37 UTC is Sunday 12:37 in Hong Kong.
    expect(campusWeekMinute(new Date("2026-11-22T04:37:00Z"))).toBe(12 * 60 + 37);
  });

  it("shifts hours so that now reads as Wednesday 13:00 on the seeded schedule", () => {
    for (const iso of ["2026-11-22T04:37:00Z", "2026-11-24T19:05:00Z", "2026-11-28T15:59:00Z"]) {
      const now = new Date(iso);
      const minute = campusWeekMinute(now);
      const delta = clockShift(now);
      const lunch = shiftOpening({ day: 3, opens: "11:00", closes: "21:00" }, delta);
      const lateNight = shiftOpening({ day: 3, opens: "18:00", closes: "02:00" }, delta);
      const weekendOnly = shiftOpening({ day: 6, opens: "09:00", closes: "18:00" }, delta);
      expect(covers(lunch, minute), iso).toBe(true);
      expect(covers(lateNight, minute), iso).toBe(false);
      expect(covers(weekendOnly, minute), iso).toBe(false);
      expect(minute - delta).toBe(CAMPUS_TIME);
    }
  });

  it("keeps a row's length and writes it as restaurant-service would read it", () => {
    expect(shiftOpening({ day: 6, opens: "18:00", closes: "02:00" }, 24 * 60)).toEqual({
      day: 0,
      opens: "18:00",
      closes: "02:00",
      startMinute: 18 * 60,
      endMinute: 26 * 60,
    });
    expect(shiftOpening({ day: 0, opens: "00:30", closes: "10:00" }, -60)).toEqual({
      day: 6,
      opens: "23:30",
      closes: "09:00",
      startMinute: MINUTES_PER_WEEK - 30,
      endMinute: MINUTES_PER_WEEK - 30 + 570,
    });
  });
});
