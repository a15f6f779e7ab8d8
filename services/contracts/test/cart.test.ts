import { describe, expect, it } from "vitest";
import { AddCartItemBody, CART_RESTAURANT_CONFLICT, PROBLEM_TYPES, UpdateCartItemBody } from "../src/index.ts";

const itemId = "0190a7c8-1234-7abc-8def-0123456789ab";

describe("cart", () => {
  it("defaults the quantity of an added item to one and trims notes", () => {
    expect(AddCartItemBody.parse({ itemId, notes: " no onions " })).toEqual({
      itemId,
      quantity: 1,
      notes: "no onions",
    });
  });

  it("rejects quantities outside 1..20 and notes over 200 characters", () => {
    expect(AddCartItemBody.safeParse({ itemId, quantity: 0 }).success).toBe(false);
    expect(AddCartItemBody.safeParse({ itemId, quantity: 21 }).success).toBe(false);
    expect(AddCartItemBody.safeParse({ itemId, quantity: 2.5 }).success).toBe(false);
    expect(AddCartItemBody.safeParse({ itemId, notes: "x".repeat(201) }).success).toBe(false);
  });

  it("rejects a client-supplied price in an add-item body", () => {
    expect(AddCartItemBody.safeParse({ itemId, quantity: 1, priceCents: 1 }).success).toBe(false);
  });

  it("requires a quantity or notes in an update and lets notes be cleared with null", () => {
    expect(UpdateCartItemBody.safeParse({}).success).toBe(false);
    expect(UpdateCartItemBody.parse({ notes: null })).toEqual({ notes: null });
    expect(UpdateCartItemBody.parse({ quantity: 3 })).toEqual({ quantity: 3 });
  });

  it("names the cart-from-another-restaurant conflict with a problem type", () => {
    expect(CART_RESTAURANT_CONFLICT).toBe(PROBLEM_TYPES.cartRestaurantConflict);
  });
});
