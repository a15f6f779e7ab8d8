import { randomUUID } from "node:crypto";
import { OrderConfirmation, TEST_CARDS, type CardInput } from "@ustbites/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CART_CHANGED, NEEDS_CONFIRMATION, NO_CARD, type Approval } from "../src/index.ts";
import { card, eventually, startStack, type Stack, type Student } from "./stack.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ orders: true });
});
afterAll(() => stack?.close());

const ADDRESS = { deliveryAddress: { building: "Hall 5", room: "5/F 512" } };

async function fillCart(student: Student, slug = "spice-route", name = "Paneer Tikka Wrap", quantity = 2) {
  const item = await stack.menuItem(slug, name);
  const { json } = await stack.call(student, "add_to_cart", { itemId: item.id, quantity });
  if (json.error) throw new Error(json.error);
}

const guarded = () => stack.tools.guarded;

/** What the graph does: summarize, show it, and execute with the approval (the card arrives with it). */
async function approveAndPlace(student: Student, opts: { card?: CardInput; threadId?: string; toolCallId?: string } = {}) {
  const threadId = opts.threadId ?? randomUUID();
  const summary = await stack.as(student, () => guarded().place_order.summarize(ADDRESS), { threadId });
  if ("error" in summary) throw new Error(summary.error);
  const approval: Approval = { summary, toolCallId: opts.toolCallId ?? `call_${randomUUID()}` };
  const raw = await stack.as(student, () => guarded().place_order.execute(ADDRESS, approval), { threadId, paymentCard: opts.card ?? card() });
  return { summary, approval, threadId, raw, json: JSON.parse(raw) as { orderId?: string; status?: string; total?: string; error?: string } };
}

async function orderCount(student: Student) {
  const { json } = await stack.call(student, "list_my_orders");
  return (json.orders as unknown[]).length;
}

async function placedOrder(student: Student) {
  await fillCart(student);
  const { json } = await approveAndPlace(student);
  if (!json.orderId) throw new Error(`not placed: ${JSON.stringify(json)}`);
  return json.orderId;
}

describe("place_order", () => {
  it("refuses when the model-facing tool is called directly, placing nothing", async () => {
    const student = await stack.student();
    await fillCart(student);
    const { json } = await stack.call(student, "place_order", ADDRESS, { paymentCard: card(), threadId: randomUUID() });
    expect(json).toEqual({ error: NEEDS_CONFIRMATION });
    expect(await orderCount(student)).toBe(0);
  });

  it("summarizes the cart, the address and how it is paid, as OrderConfirmation", async () => {
    const student = await stack.student();
    await fillCart(student);
    const summary = await stack.as(student, () => guarded().place_order.summarize(ADDRESS));
    expect(OrderConfirmation.parse(summary)).toEqual({
      kind: "place_order",
      restaurantName: "Spice Route",
      items: [{ name: "Paneer Tikka Wrap", quantity: 2, notes: null, lineTotalCents: 8400 }],
      subtotalCents: 8400,
      deliveryFeeCents: 1000,
      totalCents: 9400,
      deliveryAddress: { building: "Hall 5", room: "5/F 512", instructions: null },
      paymentMethod: "card entered at confirmation",
    });
    const withCard = await stack.as(student, () => guarded().place_order.summarize(ADDRESS), { paymentCard: card() });
    expect(withCard).toMatchObject({ paymentMethod: "card ending 4242" });
  });

  it("has nothing to summarize for an empty cart", async () => {
    const summary = await stack.as(await stack.student(), () => guarded().place_order.summarize(ADDRESS));
    expect(summary).toEqual({ error: "cart is empty; add items first" });
  });

  it("places the approved order and answers id, status, total and eta", async () => {
    const student = await stack.student();
    await fillCart(student);
    const { json, raw } = await approveAndPlace(student);
    expect(json).toMatchObject({ status: "CONFIRMED", total: "HK$94.00" });
    expect(json.orderId).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw.length).toBeLessThan(160);
    expect((await stack.call(student, "view_cart")).json).toEqual({ lines: [], total: "HK$0.00" });
  });

  it("refuses without a card given with the approval", async () => {
    const student = await stack.student();
    await fillCart(student);
    const summary = await stack.as(student, () => guarded().place_order.summarize(ADDRESS));
    if ("error" in summary) throw new Error(summary.error);
    const raw = await stack.as(student, () => guarded().place_order.execute(ADDRESS, { summary, toolCallId: "call_nocard" }), { threadId: randomUUID() });
    expect(JSON.parse(raw)).toEqual({ error: NO_CARD });
    expect(await orderCount(student)).toBe(0);
  });

  it("refuses when the cart changed after the approval, placing nothing", async () => {
    const student = await stack.student();
    await fillCart(student);
    const threadId = randomUUID();
    const summary = await stack.as(student, () => guarded().place_order.summarize(ADDRESS));
    if ("error" in summary) throw new Error(summary.error);
    await fillCart(student, "spice-route", "Mango Lassi", 1);
    const raw = await stack.as(student, () => guarded().place_order.execute(ADDRESS, { summary, toolCallId: "call_changed" }), {
      threadId,
      paymentCard: card(),
    });
    expect(JSON.parse(raw)).toEqual({ error: CART_CHANGED });
    expect(await orderCount(student)).toBe(0);
  });

  it("refuses an approval given for another address", async () => {
    const student = await stack.student();
    await fillCart(student);
    const summary = await stack.as(student, () => guarded().place_order.summarize(ADDRESS));
    if ("error" in summary) throw new Error(summary.error);
    const elsewhere = { deliveryAddress: { building: "Hall 9" } };
    const raw = await stack.as(student, () => guarded().place_order.execute(elsewhere, { summary, toolCallId: "call_addr" }), {
      threadId: randomUUID(),
      paymentCard: card(),
    });
    expect(JSON.parse(raw).error).toMatch(/another delivery address/);
    expect(await orderCount(student)).toBe(0);
  });

  it("places exactly one order when the same approval is executed twice, or twice at once", async () => {
    const student = await stack.student();
    await fillCart(student);
    const first = await approveAndPlace(student, { toolCallId: "call_same" });
    const again = await stack.as(student, () => guarded().place_order.execute(ADDRESS, first.approval), { threadId: first.threadId, paymentCard: card() });
    expect(JSON.parse(again)).toMatchObject({ orderId: first.json.orderId, status: "CONFIRMED" });
    expect(await orderCount(student)).toBe(1);

    const other = await stack.student();
    await fillCart(other);
    const threadId = randomUUID();
    const summary = await stack.as(other, () => guarded().place_order.summarize(ADDRESS));
    if ("error" in summary) throw new Error(summary.error);
    const approval = { summary, toolCallId: "call_twice" };
    const both = await Promise.all(
      [1, 2].map(() => stack.as(other, () => guarded().place_order.execute(ADDRESS, approval), { threadId, paymentCard: card() })),
    );
    const ids = both.map((raw) => (JSON.parse(raw) as { orderId?: string }).orderId);
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
    expect(await orderCount(other)).toBe(1);
  });

  it("reports a declined card with its reason and keeps the cart", async () => {
    const student = await stack.student();
    await fillCart(student);
    const { json } = await approveAndPlace(student, { card: card(TEST_CARDS.insufficientFunds) });
    expect(json.error).toMatch(/^payment declined: insufficient funds/);
    expect(((await stack.call(student, "view_cart")).json.lines as unknown[]).length).toBe(1);
  });

  it("reports a closed restaurant as a result", async () => {
    const student = await stack.student();
    await fillCart(student, "sakura-ramen-sushi", "Tonkotsu Ramen", 1);
    const { json } = await approveAndPlace(student);
    expect(json.error).toMatch(/Sakura Ramen & Sushi is closed/);
  });

  it("reports a dish that sold out since the summary as a result", async () => {
    const student = await stack.student();
    await fillCart(student, "canton-kitchen", "Yuenyeung", 1);
    const yuenyeung = await stack.menuItem("canton-kitchen", "Yuenyeung");
    await stack.setAvailable(student, yuenyeung.id, false);
    try {
      const summary = await stack.as(student, () => guarded().place_order.summarize(ADDRESS));
      expect(summary).toEqual({ error: "sold out now: Yuenyeung; remove from the cart first" });
    } finally {
      await stack.setAvailable(student, yuenyeung.id, true);
    }
  });
});

describe("list_my_orders", () => {
  it("lists the student's orders compactly, newest first, filtered by status", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const { raw, json } = await stack.call(student, "list_my_orders");
    expect(json.orders).toEqual([expect.objectContaining({ id: orderId, restaurant: "Spice Route", items: "2× Paneer Tikka Wrap", total: "HK$94.00" })]);
    expect(raw.length).toBeLessThan(300);
    expect((await stack.call(student, "list_my_orders", { status: "CANCELLED" })).json).toEqual({ orders: [] });
  });

  it("answers a bad status with a short reason naming the field", async () => {
    const { json } = await stack.call(await stack.student(), "list_my_orders", { status: "shipped" });
    expect(json.error).toMatch(/^bad arguments: status/);
  });
});

describe("get_order_status", () => {
  it("answers status, items, total, address and history", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const { raw, json } = await stack.call(student, "get_order_status", { orderId });
    expect(json).toMatchObject({ id: orderId, restaurant: "Spice Route", items: "2× Paneer Tikka Wrap", total: "HK$94.00", deliverTo: "Hall 5, 5/F 512" });
    expect((json.history as { status: string }[]).map((h) => h.status).slice(0, 2)).toEqual(["PENDING", "CONFIRMED"]);
    expect(raw.length).toBeLessThan(600);
  });

  it("answers an unknown order as a result", async () => {
    const { json } = await stack.call(await stack.student(), "get_order_status", { orderId: randomUUID() });
    expect(json).toEqual({ error: "order not found" });
  });
});

describe("track_delivery", () => {
  it("shows the courier and ETA once one is assigned", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const tracked = await eventually(async () => {
      const { json, raw } = await stack.call(student, "track_delivery", { orderId });
      return json.error ? undefined : { json, raw };
    });
    expect(tracked.json).toMatchObject({ orderId, status: expect.stringMatching(/ASSIGNED|PICKED_UP|DELIVERED/) });
    expect(tracked.json.courier).toMatch(/\((bike|scooter|foot), \+852/);
    expect(tracked.raw.length).toBeLessThan(300);
  });

  it("answers an order without a delivery as a result", async () => {
    const { json } = await stack.call(await stack.student(), "track_delivery", { orderId: randomUUID() });
    expect(json.error).toMatch(/^no delivery for this order yet/);
  });
});

describe("cancel_order", () => {
  it("refuses when the model-facing tool is called directly", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    expect((await stack.call(student, "cancel_order", { orderId })).json).toEqual({ error: NEEDS_CONFIRMATION });
    expect((await stack.call(student, "get_order_status", { orderId })).json.status).not.toBe("CANCELLED");
  });

  it("summarizes the order and cancels it on approval, with a refund", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const args = { orderId, reason: "plans changed" };
    const summary = await stack.as(student, () => guarded().cancel_order.summarize(args));
    expect(OrderConfirmation.parse(summary)).toMatchObject({
      kind: "cancel_order",
      orderId,
      restaurantName: "Spice Route",
      totalCents: 9400,
      deliveryAddress: { building: "Hall 5", room: "5/F 512", instructions: null },
      paymentMethod: "card ending 4242",
    });
    if ("error" in summary) throw new Error(summary.error);
    const raw = await stack.as(student, () => guarded().cancel_order.execute(args, { summary, toolCallId: "call_cancel" }));
    expect(JSON.parse(raw)).toEqual({ orderId, status: "CANCELLED", refund: "HK$94.00" });
  });

  it("refuses once the order is picked up", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const summary = await stack.as(student, () => guarded().cancel_order.summarize({ orderId }));
    if ("error" in summary) throw new Error(summary.error);
    await eventually(async () => /PICKED_UP|DELIVERED/.test(String((await stack.call(student, "get_order_status", { orderId })).json.status)), 20_000, "pickup");
    expect(await stack.as(student, () => guarded().cancel_order.summarize({ orderId }))).toEqual({
      error: expect.stringMatching(/can no longer be cancelled \(already picked up/),
    });
    const raw = await stack.as(student, () => guarded().cancel_order.execute({ orderId }, { summary, toolCallId: "call_late" }));
    expect(JSON.parse(raw).error).toMatch(/can no longer be cancelled/);
  });

  it("refuses an approval given for another order", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const summary = await stack.as(student, () => guarded().cancel_order.summarize({ orderId }));
    if ("error" in summary) throw new Error(summary.error);
    const raw = await stack.as(student, () => guarded().cancel_order.execute({ orderId: randomUUID() }, { summary, toolCallId: "call_other" }));
    expect(JSON.parse(raw)).toEqual({ error: "the approval is not for cancelling this order" });
  });
});

describe("who the order tools act as", () => {
  it("never lets student A reach student B's orders", async () => {
    const a = await stack.student();
    const b = await stack.student();
    const bOrder = await placedOrder(b);
    const bSummary = await stack.as(b, () => guarded().cancel_order.summarize({ orderId: bOrder }));
    if ("error" in bSummary) throw new Error(bSummary.error);

    expect((await stack.call(a, "get_order_status", { orderId: bOrder })).json).toEqual({ error: "order not found" });
    expect((await stack.call(a, "list_my_orders")).json).toEqual({ orders: [] });
    expect((await stack.call(a, "track_delivery", { orderId: bOrder })).json.error).toMatch(/order not found/);
    expect(await stack.as(a, () => guarded().cancel_order.summarize({ orderId: bOrder }))).toEqual({ error: "order not found" });
    // Even holding B's approved summary, A's context cannot cancel B's order.
    const raw = await stack.as(a, () => guarded().cancel_order.execute({ orderId: bOrder }, { summary: bSummary, toolCallId: "call_steal" }));
    expect(JSON.parse(raw)).toEqual({ error: "order not found" });
    expect((await stack.call(b, "get_order_status", { orderId: bOrder })).json.status).not.toBe("CANCELLED");
  });
});
