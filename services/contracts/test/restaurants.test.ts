import { describe, expect, it } from "vitest";
import { ItemSearchQuery, MenuQuery, OpeningHoursEntry, Restaurant, RestaurantListQuery } from "../src/index.ts";

describe("restaurants", () => {
  it("coerces list query strings and applies defaults", () => {
    expect(RestaurantListQuery.parse({ maxPriceCents: "5000", openNow: "true", tag: "vegan" })).toEqual({
      limit: 20,
      offset: 0,
      maxPriceCents: 5000,
      openNow: true,
      tag: "vegan",
    });
    expect(RestaurantListQuery.parse({ openNow: "false" }).openNow).toBe(false);
  });

  it("rejects a boolean flag spelled other than 'true' or 'false'", () => {
    const result = MenuQuery.safeParse({ availableOnly: "yes" });
    expect(result.error?.issues[0]?.path).toEqual(["availableOnly"]);
  });

  it("rejects an unknown dietary tag and a spice level above 3", () => {
    expect(ItemSearchQuery.safeParse({ tag: "keto" }).success).toBe(false);
    expect(ItemSearchQuery.safeParse({ maxSpice: "4" }).success).toBe(false);
    expect(ItemSearchQuery.parse({ maxSpice: "2", q: " wrap " })).toMatchObject({ maxSpice: 2, q: "wrap" });
  });

  it("rejects unknown query parameters", () => {
    expect(ItemSearchQuery.safeParse({ price: "10" }).success).toBe(false);
  });

  it("accepts opening hours that close after midnight and rejects malformed times", () => {
    expect(OpeningHoursEntry.safeParse({ day: 5, opens: "18:00", closes: "02:00" }).success).toBe(true);
    expect(OpeningHoursEntry.safeParse({ day: 7, opens: "18:00", closes: "02:00" }).success).toBe(false);
    expect(OpeningHoursEntry.safeParse({ day: 1, opens: "8:00", closes: "24:00" }).success).toBe(false);
  });

  it("accepts a rating with one decimal and rejects more precision", () => {
    const restaurant = {
      id: "0190a7c8-1234-7abc-8def-0123456789ab",
      slug: "spice-route",
      name: "Spice Route",
      description: "North Indian wraps and curries.",
      cuisines: ["indian"],
      location: { building: "LG7 Catering", zone: "central" },
      hours: [{ day: 1, opens: "11:00", closes: "21:00" }],
      prepTimeMinutes: 15,
      rating: 4.3,
      ratingCount: 120,
      priceLevel: 1,
      isOpen: true,
      imageUrl: null,
    };
    expect(Restaurant.safeParse(restaurant).success).toBe(true);
    expect(Restaurant.safeParse({ ...restaurant, rating: 4.35 }).success).toBe(false);
    expect(Restaurant.safeParse({ ...restaurant, slug: "Spice Route" }).success).toBe(false);
  });
});
