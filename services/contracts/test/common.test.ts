import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Cents,
  HumanText,
  IdParams,
  IsoDateTime,
  PaginationQuery,
  PersonName,
  formatCents,
  luhnValid,
  page,
} from "../src/index.ts";

describe("common", () => {
  it("coerces list query strings and applies defaults", () => {
    expect(PaginationQuery.parse({})).toEqual({ limit: 20, offset: 0 });
    expect(PaginationQuery.parse({ limit: "50", offset: "10" })).toEqual({ limit: 50, offset: 10 });
  });

  it("rejects a page size outside 1..100 and a negative or fractional offset", () => {
    for (const query of [{ limit: "0" }, { limit: "101" }, { offset: "-1" }, { offset: "1.5" }, { limit: "ten" }]) {
      expect(PaginationQuery.safeParse(query).success, JSON.stringify(query)).toBe(false);
    }
  });

  it("rejects unknown query parameters", () => {
    const result = PaginationQuery.safeParse({ limit: "5", sort: "name" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("builds a page schema around an item schema", () => {
    const NumberPage = page(z.number());
    expect(NumberPage.parse({ items: [1, 2], total: 7, limit: 2, offset: 4 })).toEqual({
      items: [1, 2],
      total: 7,
      limit: 2,
      offset: 4,
    });
    expect(NumberPage.safeParse({ items: ["x"], total: 1, limit: 1, offset: 0 }).success).toBe(false);
  });

  it("accepts only non-negative integer cents", () => {
    expect(Cents.safeParse(1250).success).toBe(true);
    expect(Cents.safeParse(12.5).success).toBe(false);
    expect(Cents.safeParse(-1).success).toBe(false);
  });

  it("accepts UTC timestamps and rejects ones with an offset", () => {
    expect(IsoDateTime.safeParse("2026-11-22T03:51:00.000Z").success).toBe(true);
    expect(IsoDateTime.safeParse("2026-11-22T11:51:00+08:00").success).toBe(false);
  });

  it("rejects an id that is not a UUID", () => {
    expect(IdParams.safeParse({ id: "42" }).success).toBe(false);
    expect(IdParams.safeParse({ id: "0190a7c8-1234-7abc-8def-0123456789ab" }).success).toBe(true);
  });

  it("formats cents as Hong Kong dollars", () => {
    expect(formatCents(1250)).toBe("HK$12.50");
    expect(formatCents(5)).toBe("HK$0.05");
    expect(formatCents(0)).toBe("HK$0.00");
    expect(formatCents(123456789)).toBe("HK$1,234,567.89");
    expect(formatCents(-1000)).toBe("-HK$10.00");
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it("checks the Luhn checksum", () => {
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
    expect(luhnValid("4242 4242")).toBe(false);
  });
});

describe("HumanText: what people type, storable as sent", () => {
  it.each([
    ["a NUL byte (PostgreSQL refuses it)", "paneer\u0000wrap"],
    ["an escape", "\u001b[2Jname"],
    ["an unpaired surrogate (no UTF-8 form)", "wrap \ud800"],
  ])("refuses %s", (_why, text) => {
    expect(HumanText.safeParse(text).success).toBe(false);
    expect(PersonName.safeParse(text).success).toBe(false);
  });

  it("keeps every script, emoji, joiners, right-to-left text, tabs and newlines", () => {
    for (const text of ["Zoë 陳 🍜", "👩‍🍳 chef", "\u202bمرحبا\u202c", "no onions,\n\textra chilli"]) {
      expect(HumanText.parse(text)).toBe(text);
    }
  });
});
