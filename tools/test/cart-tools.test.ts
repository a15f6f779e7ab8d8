import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTools, withStudent } from "../src/index.ts";
import { failed, startStack, succeeded, type Stack, type Student } from "./stack.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMPTY_CART = { lines: [], total: "HK$0.00" };
const NO_SUCH_LINE = {
  error: { code: "not_found", message: "no such line in the cart; view_cart shows the line ids" },
};

async function addPaneerWraps(student: Student, quantity = 2, notes?: string) {
  const wrap = await stack.menuItem("spice-route", "Paneer Tikka Wrap");
  return succeeded(
    "add_to_cart",
    (await stack.call(student, "add_to_cart", { itemId: wrap.id, quantity, ...(notes ? { notes } : {}) })).json,
  );
}

describe("view_cart", () => {
  it("shows an empty cart compactly", async () => {
    const { raw, json } = await stack.call(await stack.student(), "view_cart");
    expect(succeeded("view_cart", json)).toEqual(EMPTY_CART);
    expect(raw.length).toBeLessThan(40);
  });

  it("shows lines with their ids, quantities and formatted money", async () => {
    const student = await stack.student();
    const wrap = await stack.menuItem("spice-route", "Paneer Tikka Wrap");
    await addPaneerWraps(student, 2, "no onions");
    const { raw, json } = await stack.call(student, "view_cart");
    const cart = succeeded("view_cart", json);
    expect(cart).toMatchObject({
      restaurant: "Spice Route",
      restaurantId: wrap.restaurantId,
      lines: [
        { itemId: wrap.id, name: "Paneer Tikka Wrap", qty: 2, each: "HK$42.00", total: "HK$84.00", notes: "no onions" },
      ],
      subtotal: "HK$84.00",
      deliveryFee: "HK$10.00",
      total: "HK$94.00",
    });
    expect(cart.blocked).toBeUndefined();
    expect(cart.lines[0]?.soldOut).toBeUndefined();
    expect(raw.length).toBeLessThan(400);
  });
});

describe("add_to_cart", () => {
  it("adds a dish and answers the whole cart", async () => {
    const cart = await addPaneerWraps(await stack.student(), 3);
    expect(cart.lines).toEqual([expect.objectContaining({ name: "Paneer Tikka Wrap", qty: 3, total: "HK$126.00" })]);
    expect(cart.lines[0]?.lineId).toMatch(UUID);
  });

  it("refuses a dish from a second restaurant with cart_conflict, naming both", async () => {
    const student = await stack.student();
    await addPaneerWraps(student);
    const bibimbap = await stack.menuItem("seoul-bowl", "Bibimbap");
    const { json } = await stack.call(student, "add_to_cart", { itemId: bibimbap.id, quantity: 1 });
    const error = failed(json, "cart_conflict");
    expect(error.message).toMatch(/Spice Route/);
    expect(error.message).toMatch(/Seoul Bowl/);
  });

  it("refuses a sold-out dish with sold_out, naming it", async () => {
    const lamb = await stack.menuItem("spice-route", "Lamb Rogan Josh");
    const { json } = await stack.call(await stack.student(), "add_to_cart", { itemId: lamb.id, quantity: 1 });
    expect(failed(json, "sold_out").message).toMatch(/Lamb Rogan Josh.*sold out/);
  });

  it("refuses more than a line holds with quantity_limit, saying how many it holds", async () => {
    const student = await stack.student();
    await addPaneerWraps(student, 20);
    const wrap = await stack.menuItem("spice-route", "Paneer Tikka Wrap");
    const { json } = await stack.call(student, "add_to_cart", { itemId: wrap.id, quantity: 1 });
    expect(failed(json, "quantity_limit").message).toMatch(/already holds 20; adding 1 would exceed 20 per line/);
    expect(succeeded("view_cart", (await stack.call(student, "view_cart")).json).lines).toEqual([
      expect.objectContaining({ qty: 20 }),
    ]);
  });

  it("answers an unknown dish id with not_found, pointing to the tools that show dishes", async () => {
    const { json } = await stack.call(await stack.student(), "add_to_cart", {
      itemId: "0196a4c0-0000-7000-8000-000000000000",
      quantity: 1,
    });
    expect(json).toEqual({
      error: {
        code: "not_found",
        message: "no dish with id 0196a4c0-0000-7000-8000-000000000000; look it up with get_menu or find_items",
      },
    });
  });

  it("passes a dish id that is not a UUID on to cart-service, which refuses it naming the field", async () => {
    const { json } = await stack.call(await stack.student(), "add_to_cart", { itemId: "paneer", quantity: 1 });
    expect(json).toEqual({ error: { code: "invalid_request", message: "invalid request: itemId: Invalid UUID" } });
  });

  it("answers a bad quantity with bad_arguments and a short reason naming the field", async () => {
    const wrap = await stack.menuItem("spice-route", "Paneer Tikka Wrap");
    const { raw, json } = await stack.call(await stack.student(), "add_to_cart", { itemId: wrap.id, quantity: 50 });
    expect(failed(json, "bad_arguments").message).toMatch(/^bad arguments: quantity/);
    expect(raw.length).toBeLessThan(150);
  });
});

describe("update_cart_item", () => {
  it("changes quantity and notes of a line", async () => {
    const student = await stack.student();
    const lineId = (await addPaneerWraps(student)).lines[0]?.lineId;
    const { json } = await stack.call(student, "update_cart_item", { lineId, quantity: 4, notes: "extra chutney" });
    expect(succeeded("update_cart_item", json).lines[0]).toMatchObject({
      lineId,
      qty: 4,
      notes: "extra chutney",
      total: "HK$168.00",
    });
  });

  it("answers an unknown line with not_found", async () => {
    const student = await stack.student();
    await addPaneerWraps(student);
    const { json } = await stack.call(student, "update_cart_item", {
      lineId: "0196a4c0-0000-7000-8000-000000000001",
      quantity: 1,
    });
    expect(json).toEqual(NO_SUCH_LINE);
  });

  it("passes a line id that is not a UUID on to cart-service, which refuses it naming the field", async () => {
    const { json } = await stack.call(await stack.student(), "update_cart_item", { lineId: "l1", quantity: 1 });
    expect(json).toEqual({ error: { code: "invalid_request", message: "invalid request: lineId: Invalid UUID" } });
  });

  it("asks for quantity or notes when given neither", async () => {
    const { json } = await stack.call(await stack.student(), "update_cart_item", {
      lineId: "0196a4c0-0000-7000-8000-000000000001",
    });
    expect(failed(json, "bad_arguments").message).toMatch(/give quantity, notes or both/);
  });
});

describe("remove_from_cart", () => {
  it("removes a line", async () => {
    const student = await stack.student();
    const lineId = (await addPaneerWraps(student)).lines[0]?.lineId;
    const { json } = await stack.call(student, "remove_from_cart", { lineId });
    expect(succeeded("remove_from_cart", json)).toEqual(EMPTY_CART);
  });

  it("answers an unknown line with not_found", async () => {
    const { json } = await stack.call(await stack.student(), "remove_from_cart", {
      lineId: "0196a4c0-0000-7000-8000-000000000002",
    });
    expect(json).toEqual(NO_SUCH_LINE);
  });
});

describe("clear_cart", () => {
  it("empties the cart", async () => {
    const student = await stack.student();
    await addPaneerWraps(student);
    expect(succeeded("clear_cart", (await stack.call(student, "clear_cart")).json)).toEqual({ cleared: true });
    expect((await stack.call(student, "view_cart")).json).toEqual(EMPTY_CART);
  });
});

describe("who the cart tools act as", () => {
  it("reaches only the signed-in student's own cart", async () => {
    const a = await stack.student();
    const b = await stack.student();
    const bLine = (await addPaneerWraps(b, 1)).lines[0]?.lineId;

    expect((await stack.call(a, "view_cart")).json).toEqual(EMPTY_CART);
    expect((await stack.call(a, "update_cart_item", { lineId: bLine, quantity: 9 })).json).toEqual(NO_SUCH_LINE);
    expect((await stack.call(a, "remove_from_cart", { lineId: bLine })).json).toEqual(NO_SUCH_LINE);
    await stack.call(a, "clear_cart");
    expect(succeeded("view_cart", (await stack.call(b, "view_cart")).json).lines).toEqual([
      expect.objectContaining({ lineId: bLine, qty: 1 }),
    ]);
  });

  it("keeps concurrent runs apart", async () => {
    const a = await stack.student();
    const b = await stack.student();
    await Promise.all([addPaneerWraps(a, 1), addPaneerWraps(b, 5)]);
    const [cartA, cartB] = await Promise.all([stack.call(a, "view_cart"), stack.call(b, "view_cart")]);
    expect(succeeded("view_cart", cartA.json).lines[0]?.qty).toBe(1);
    expect(succeeded("view_cart", cartB.json).lines[0]?.qty).toBe(5);
  });

  it("reports an expired or bad token as session_expired", async () => {
    const student = await stack.student();
    const { json } = await stack.call({ ...student, token: `${student.token}x` }, "view_cart");
    expect(json).toEqual({
      error: { code: "session_expired", message: "the student's session has expired; they need to sign in again" },
    });
  });
});

describe("credentials", () => {
  it("sends the student's own token on every call, and no other credential", async () => {
    const seen: (string | null)[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers).get("authorization"));
      return fetch(input, init);
    };
    const tools = createTools({ urls: stack.urls, fetch: recording });
    const student = await stack.student();
    const wrap = await stack.menuItem("spice-route", "Paneer Tikka Wrap");
    await withStudent({ token: student.token, userId: student.id }, async () => {
      for (const [name, args] of [
        ["search_restaurants", { q: "wrap" }],
        ["get_menu", { restaurantId: "spice-route" }],
        ["add_to_cart", { itemId: wrap.id, quantity: 1 }],
        ["view_cart", {}],
        ["clear_cart", {}],
      ] as const) {
        await tools.tools.find((t) => t.name === name)?.invoke(args);
      }
    });
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set([`Bearer ${student.token}`]));
  });
});
