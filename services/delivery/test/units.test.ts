import { describe, expect, it } from "vitest";
import { createDeliveryClock } from "../src/domain/clock.ts";
import { COURIER_SEED, maskPhone } from "../src/domain/couriers.ts";
import { MAX_TRAVEL_MINUTES, MIN_TRAVEL_MINUTES, travelMinutes, zoneOf } from "../src/domain/travel.ts";

describe("the delivery clock", () => {
  it("turns simulated minutes into real milliseconds at the configured speed", () => {
    const start = new Date("2026-11-22T04:00:00.000Z");
    expect(createDeliveryClock(60).after(start, 15).toISOString()).toBe("2026-11-22T04:00:15.000Z");
    expect(createDeliveryClock(1).after(start, 15).toISOString()).toBe("2026-11-22T04:15:00.000Z");
    expect(createDeliveryClock(6000).after(start, 10).getTime() - start.getTime()).toBe(100);
  });

  it("refuses a speed that would never move", () => {
    expect(() => createDeliveryClock(0)).toThrow(RangeError);
  });
});

describe("travel time across campus", () => {
  it("takes the minimum within one zone and more per zone crossed", () => {
    expect(travelMinutes("south", "Hall 5")).toBe(MIN_TRAVEL_MINUTES);
    expect(travelMinutes("central", "Hall 5")).toBe(MIN_TRAVEL_MINUTES + 2);
    expect(travelMinutes("north", "Hall 8")).toBe(MIN_TRAVEL_MINUTES + 4);
  });

  it("stays within 8–12 minutes for every zone and building, known or not", () => {
    for (const zone of ["north", "south", "central", "east", "west"] as const) {
      for (const building of ["Hall 1", "hall 9", "Library", "LSK Business School", "Seafront", "Somewhere new"]) {
        const minutes = travelMinutes(zone, building);
        expect(minutes).toBeGreaterThanOrEqual(MIN_TRAVEL_MINUTES);
        expect(minutes).toBeLessThanOrEqual(MAX_TRAVEL_MINUTES);
      }
    }
  });

  it("knows campus buildings by name, case and spacing aside", () => {
    expect(zoneOf("  HALL 3 ")).toBe("north");
    expect(zoneOf("Hall 7, Block B")).toBe("south");
    expect(zoneOf("Academic Building")).toBe("central");
    expect(zoneOf("Hall 10")).toBeUndefined();
    expect(zoneOf("Mars")).toBeUndefined();
  });
});

describe("courier phone numbers", () => {
  it("keep only the country code and the last four digits", () => {
    expect(maskPhone("+852 9123 4501")).toBe("+852 ****4501");
    expect(maskPhone("91234501")).toBe("****4501");
  });

  it("are masked for every seeded courier", () => {
    for (const courier of COURIER_SEED) expect(maskPhone(courier.phone)).toMatch(/^\+852 \*{4}\d{4}$/);
  });
});
