import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTools, withStudent } from "../src/index.ts";
import { startStack, type Stack, type Student } from "./stack.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

type CartJson = { restaurant?: string; lines: { lineId: string; name: string; qty: number; each: string; total: string; notes?: string; soldOut?: boolean }[]; total: string; subtotal?: string; deliveryFee?: string; blocked?: string; error?: string };

async function addPaneerWraps(student: Student, quantity = 2, notes?: string) {
  const wrap = await stack.menuItem("spice-route", "Paneer Tikka Wrap");
  return (await stack.call(student, "add_to_cart", { itemId: wrap.id, quantity, ...(notes ? { notes } : {}) })).json as CartJson;
}

describe("view_cart", () => {
  it("shows an empty cart compactly", async () => {
    const { raw, json } = await stack.call(await stack.student(), "view_cart");
    expect(json).toEqual({ lines: [], total: "HK$0.00" });
    expect(raw.length).toBeLessThan(40);
  });

  it("shows lines with their ids, quantities and formatted money", async () => {
    const student = await stack.student();
    await addPaneerWraps(student, 2, "no onions");
    const { raw, json } = await stack.call(student, "view_cart");
    expect(json).toMatchObject({
      restaurant: "Spice Route",
      lines: [{ name: "Paneer Tikka Wrap", qty: 2, each: "HK$42.00", total: "HK$84.00", notes: "no onions" }],
      subtotal: "HK$84.00",
      deliveryFee: "HK$10.00",
      total: "HK$94.00",
    });
    expect(raw.length).toBeLessThan(300);
  });
});

describe("add_to_cart", () => {
  it("adds a dish and answers the whole cart", async () => {
    const cart = await addPaneerWraps(await stack.student(), 3);
    expect(cart.lines).toEqual([expect.objectContaining({ name: "Paneer Tikka Wrap", qty: 3, total: "HK$126.00" })]);
    expect(cart.lines[0]?.lineId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a dish from a second restaurant, naming both, as a result", async () => {
    const student = await stack.student();
    await addPaneerWraps(student);
    const bibimbap = await stack.menuItem("seoul-bowl", "Bibimbap");
    const { json } = await stack.call(student, "add_to_cart", { itemId: bibimbap.id, quantity: 1 });
    expect(json.error).toMatch(/Spice Route/);
    expect(json.error).toMatch(/Seoul Bowl/);
  });

  it("refuses a sold-out dish as a result", async () => {
    const lamb = await stack.menuItem("spice-route", "Lamb Rogan Josh");
    const { json } = await stack.call(await stack.student(), "add_to_cart", { itemId: lamb.id, quantity: 1 });
    expect(json.error).toMatch(/Lamb Rogan Josh.*sold out/);
  });

  it("answers an unknown dish id as a result", async () => {
    const { json } = await stack.call(await stack.student(), "add_to_cart", { itemId: "0196a4c0-0000-7000-8000-000000000000", quantity: 1 });
    expect(json.error).toMatch(/^no dish with id/);
  });

  it("answers a bad quantity with a short reason naming the field", async () => {
    const wrap = await stack.menuItem("spice-route", "Paneer Tikka Wrap");
    const { raw, json } = await stack.call(await stack.student(), "add_to_cart", { itemId: wrap.id, quantity: 50 });
    expect(json.error).toMatch(/^bad arguments: quantity/);
    expect(raw.length).toBeLessThan(120);
  });
});

describe("update_cart_item", () => {
  it("changes quantity and notes of a line", async () => {
    const student = await stack.student();
    const lineId = (await addPaneerWraps(student)).lines[0]?.lineId;
    const { json } = await stack.call(student, "update_cart_item", { lineId, quantity: 4, notes: "extra chutney" });
    expect((json as CartJson).lines[0]).toMatchObject({ qty: 4, notes: "extra chutney", total: "HK$168.00" });
  });

  it("answers an unknown line as a result", async () => {
    const student = await stack.student();
    await addPaneerWraps(student);
    const { json } = await stack.call(student, "update_cart_item", { lineId: "0196a4c0-0000-7000-8000-000000000001", quantity: 1 });
    expect(json.error).toBe("no such line in the cart; view_cart shows the line ids");
  });

  it("asks for quantity or notes when given neither", async () => {
    const { json } = await stack.call(await stack.student(), "update_cart_item", { lineId: "0196a4c0-0000-7000-8000-000000000001" });
    expect(json.error).toMatch(/give quantity, notes or both/);
  });
});

describe("remove_from_cart", () => {
  it("removes a line", async () => {
    const student = await stack.student();
    const lineId = (await addPaneerWraps(student)).lines[0]?.lineId;
    const { json } = await stack.call(student, "remove_from_cart", { lineId });
    expect(json).toEqual({ lines: [], total: "HK$0.00" });
  });

  it("answers an unknown line as a result", async () => {
    const { json } = await stack.call(await stack.student(), "remove_from_cart", { lineId: "0196a4c0-0000-7000-8000-000000000002" });
    expect(json.error).toBe("no such line in the cart; view_cart shows the line ids");
  });
});

describe("clear_cart", () => {
  it("empties the cart", async () => {
    const student = await stack.student();
    await addPaneerWraps(student);
    expect((await stack.call(student, "clear_cart")).json).toEqual({ cleared: true });
    expect((await stack.call(student, "view_cart")).json).toEqual({ lines: [], total: "HK$0.00" });
  });
});

describe("who the cart tools act as", () => {
  it("reaches only the signed-in student's own cart", async () => {
    const a = await stack.student();
    const b = await stack.student();
    const bLine = (await addPaneerWraps(b, 1)).lines[0]?.lineId;

    expect((await stack.call(a, "view_cart")).json).toEqual({ lines: [], total: "HK$0.00" });
    expect((await stack.call(a, "update_cart_item", { lineId: bLine, quantity: 9 })).json.error).toMatch(/no such line/);
    expect((await stack.call(a, "remove_from_cart", { lineId: bLine })).json.error).toMatch(/no such line/);
    await stack.call(a, "clear_cart");
    expect(((await stack.call(b, "view_cart")).json as CartJson).lines).toEqual([expect.objectContaining({ lineId: bLine, qty: 1 })]);
  });

  it("keeps concurrent runs apart", async () => {
    const a = await stack.student();
    const b = await stack.student();
    await Promise.all([addPaneerWraps(a, 1), addPaneerWraps(b, 5)]);
    const [cartA, cartB] = await Promise.all([stack.call(a, "view_cart"), stack.call(b, "view_cart")]);
    expect((cartA.json as CartJson).lines[0]?.qty).toBe(1);
    expect((cartB.json as CartJson).lines[0]?.qty).toBe(5);
  });

  it("reports an expired or bad token as a result", async () => {
    const student = await stack.student();
    const { json } = await stack.call({ ...student, token: `${student.token}x` }, "view_cart");
    expect(json.error).toMatch(/session has expired/);
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
