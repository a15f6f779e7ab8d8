import { describe, expect, it } from "vitest";
import { CART_LINES_MAX, CART_RESTAURANT_CONFLICT, type MenuItem } from "@ustbites/contracts";
import { HttpProblem } from "@ustbites/kit";
import { addItem, removeLine, updateLine } from "../src/domain/rules.ts";
import { priceCart } from "../src/domain/pricing.ts";

const SPICE_ROUTE = "0196a4c0-0000-7000-8000-00000000051c";
const SEOUL_BOWL = "0196a4c0-0000-7000-8000-00000000b0e1";
let ids = 0;
const clock = {
  now: () => new Date("2026-11-22T04:00:00Z"),
  newId: () => `0196a4c0-0000-7000-8000-${String(++ids).padStart(12, "0")}`,
};
const item = (name: string, restaurantName = "Spice Route", priceCents = 1000): MenuItem => ({
  id: clock.newId(),
  restaurantId: restaurantName === "Spice Route" ? SPICE_ROUTE : SEOUL_BOWL,
  restaurantName,
  section: "Mains",
  name,
  description: "",
  priceCents,
  tags: [],
  spiceLevel: 0,
  available: true,
  calories: null,
});

const problemOf = (fn: () => unknown): HttpProblem => {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpProblem) return err;
    throw err;
  }
  throw new Error("expected a problem");
};

describe("cart rules", () => {
  const naan = item("Garlic Naan");
  const lassi = item("Mango Lassi");

  it("adds to the line of the same item with the same notes, and opens a line for other notes", () => {
    let cart = addItem(null, { item: naan, quantity: 2 }, clock);
    cart = addItem(cart, { item: naan, quantity: 3, notes: "" }, clock);
    cart = addItem(cart, { item: naan, quantity: 1, notes: "extra butter" }, clock);
    expect(cart.lines.map((l) => [l.name, l.quantity, l.notes])).toEqual([
      ["Garlic Naan", 5, null],
      ["Garlic Naan", 1, "extra butter"],
    ]);
  });

  it("refuses an item from another restaurant, naming both", () => {
    const cart = addItem(null, { item: naan, quantity: 1 }, clock);
    const problem = problemOf(() => addItem(cart, { item: item("Bibimbap", "Seoul Bowl"), quantity: 1 }, clock));
    expect(problem.status).toBe(409);
    expect(problem.type).toBe(CART_RESTAURANT_CONFLICT);
    expect(problem.message).toBe("Your cart has items from Spice Route; clear it to order from Seoul Bowl");
  });

  it("refuses to take a line past 20, naming body.quantity", () => {
    const cart = addItem(null, { item: naan, quantity: 15 }, clock);
    const problem = problemOf(() => addItem(cart, { item: naan, quantity: 6 }, clock));
    expect(problem.status).toBe(409);
    expect(problem.errors?.[0]?.field).toBe("body.quantity");
  });

  it(`holds at most ${CART_LINES_MAX} lines`, () => {
    let cart = addItem(null, { item: naan, quantity: 1 }, clock);
    for (let i = 1; i < CART_LINES_MAX; i++)
      cart = addItem(cart, { item: naan, quantity: 1, notes: `note ${i}` }, clock);
    expect(problemOf(() => addItem(cart, { item: lassi, quantity: 1 }, clock)).status).toBe(409);
  });

  it("updates quantity and notes, and null notes remove them", () => {
    const cart = addItem(null, { item: naan, quantity: 1, notes: "crispy" }, clock);
    const lineId = cart.lines[0]!.lineId;
    expect(updateLine(cart, lineId, { quantity: 4 }, clock).lines[0]).toMatchObject({ quantity: 4, notes: "crispy" });
    expect(updateLine(cart, lineId, { notes: null }, clock).lines[0]).toMatchObject({ quantity: 1, notes: null });
    expect(problemOf(() => updateLine(cart, clock.newId(), { quantity: 2 }, clock)).status).toBe(404);
  });

  it("frees the cart for any restaurant once its last line is removed", () => {
    const cart = addItem(null, { item: naan, quantity: 1 }, clock);
    const empty = removeLine(cart, cart.lines[0]!.lineId, clock);
    expect(empty).toMatchObject({ restaurantId: null, restaurantName: null, lines: [] });
    expect(addItem(empty, { item: item("Bibimbap", "Seoul Bowl"), quantity: 1 }, clock).restaurantName).toBe(
      "Seoul Bowl",
    );
  });
});

describe("pricing", () => {
  it("prices available lines, flags the rest and leaves them out of the totals", () => {
    const naan = item("Garlic Naan", "Spice Route", 1400);
    const lassi = item("Mango Lassi", "Spice Route", 2200);
    const gone = item("Lamb Rogan Josh", "Spice Route", 6800);
    let cart = addItem(null, { item: naan, quantity: 2 }, clock);
    cart = addItem(cart, { item: lassi, quantity: 1 }, clock);
    cart = addItem(cart, { item: gone, quantity: 1 }, clock);
    const priced = priceCart(cart, new Map([naan, { ...lassi, available: false }].map((i) => [i.id, i])));
    expect(priced.lines.map((l) => [l.name, l.lineTotalCents, l.available])).toEqual([
      ["Garlic Naan", 2800, true],
      ["Mango Lassi", 2200, false],
      ["Lamb Rogan Josh", 0, false],
    ]);
    expect(priced).toMatchObject({
      itemCount: 4,
      subtotalCents: 2800,
      deliveryFeeCents: 1000,
      totalCents: 3800,
      hasUnavailableItems: true,
    });
  });

  it("charges nothing for an empty cart", () => {
    expect(priceCart(null, new Map())).toMatchObject({
      lines: [],
      subtotalCents: 0,
      deliveryFeeCents: 0,
      totalCents: 0,
      updatedAt: null,
    });
  });
});
