import { randomUUID } from "node:crypto";
import {
  IdempotencyKey,
  isToolError,
  OrderConfirmation,
  OrderPlaced,
  TEST_CARDS,
  type CardInput,
  type ToolResult,
} from "@ustbites/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CART_CHANGED,
  NEEDS_CONFIRMATION,
  NO_CARD,
  placeOrderKey,
  type Approval,
  type StudentContext,
} from "../src/index.ts";
import { failed, startStack, succeeded, type Stack, type Student } from "./stack.ts";
import { card } from "@ustbites/kit/testing";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ orders: true });
});
afterAll(() => stack?.close());

const ADDRESS = { deliveryAddress: { building: "Hall 5", room: "5/F 512" } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** ISO-8601 UTC without milliseconds, as every tool writes times. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ORDER_NOT_FOUND = {
  error: { code: "not_found", message: "order not found; list_my_orders shows the student's orders" },
};

async function fillCart(student: Student, slug = "spice-route", name = "Paneer Tikka Wrap", quantity = 2) {
  const item = await stack.menuItem(slug, name);
  succeeded("add_to_cart", (await stack.call(student, "add_to_cart", { itemId: item.id, quantity })).json);
}

const guarded = () => stack.tools.guarded;

/** The summary the graph shows the student before they approve an order. */
async function placeSummary(student: Student, ctx: Partial<StudentContext> = {}): Promise<OrderConfirmation> {
  const summary = await stack.as(student, () => guarded().place_order.summarize(ADDRESS), ctx);
  if ("error" in summary) throw new Error(summary.error.message);
  return summary;
}

/** The student's approval of `summary`, with a nonce drawn when it was shown (as the agent does). */
const approve = (summary: OrderConfirmation, toolCallId = `call_${randomUUID()}`): Approval => ({
  summary,
  toolCallId,
  nonce: randomUUID(),
});

const executePlace = (
  student: Student,
  approval: Approval,
  ctx: Partial<StudentContext>,
  args: Record<string, unknown> = ADDRESS,
) => stack.as(student, () => guarded().place_order.execute(args, approval), ctx);

/** What the graph does: summarize, show it, and execute with the approval (the card arrives with it). */
async function approveAndPlace(
  student: Student,
  opts: { card?: CardInput; threadId?: string; toolCallId?: string } = {},
) {
  const threadId = opts.threadId ?? randomUUID();
  const summary = await placeSummary(student, { threadId });
  const approval = approve(summary, opts.toolCallId);
  const json = await executePlace(student, approval, { threadId, paymentCard: opts.card ?? card() });
  return { summary, approval, threadId, raw: JSON.stringify(json), json };
}

/** Asserts that place_order placed an order (its success shape, and not a decline). */
function placed(result: ToolResult<"place_order">): OrderPlaced {
  succeeded("place_order", result);
  expect(OrderPlaced.safeParse(result).success, JSON.stringify(result)).toBe(true);
  return result as OrderPlaced;
}

async function orderCount(student: Student) {
  const { json } = await stack.call(student, "list_my_orders");
  return succeeded("list_my_orders", json).orders.length;
}

async function orderStatus(student: Student, orderId: string) {
  return succeeded("get_order_status", (await stack.call(student, "get_order_status", { orderId })).json);
}

async function placedOrder(student: Student) {
  await fillCart(student);
  return placed((await approveAndPlace(student)).json).orderId;
}

describe("place_order", () => {
  it("refuses when the model-facing tool is called directly, placing nothing", async () => {
    const student = await stack.student();
    await fillCart(student);
    const { json } = await stack.call(student, "place_order", ADDRESS, { paymentCard: card(), threadId: randomUUID() });
    expect(json).toEqual({ error: { code: "needs_confirmation", message: NEEDS_CONFIRMATION } });
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
    expect(summary).toEqual({ error: { code: "cart_empty", message: "cart is empty; add items first" } });
  });

  it("places the approved order and answers id, status, total and when it was placed", async () => {
    const student = await stack.student();
    await fillCart(student);
    const { json, raw } = await approveAndPlace(student);
    const order = placed(json);
    expect(order).toMatchObject({ status: "CONFIRMED", total: "HK$94.00" });
    expect(order.orderId).toMatch(UUID);
    expect(order.placed).toMatch(INSTANT);
    expect(order.pending).toBeUndefined();
    expect(raw.length).toBeLessThan(160);
    expect((await stack.call(student, "view_cart")).json).toEqual({ lines: [], total: "HK$0.00" });
  });

  it("refuses without a card given with the approval", async () => {
    const student = await stack.student();
    await fillCart(student);
    const result = await executePlace(student, approve(await placeSummary(student)), { threadId: randomUUID() });
    expect(result).toEqual({ error: { code: "no_card", message: NO_CARD } });
    expect(await orderCount(student)).toBe(0);
  });

  it("refuses a card that is not valid, placing nothing", async () => {
    const student = await stack.student();
    await fillCart(student);
    const result = await executePlace(student, approve(await placeSummary(student)), {
      threadId: randomUUID(),
      paymentCard: card("1234"),
    });
    expect(failed(result, "no_card").message).toMatch(/^the payment card is not valid: /);
    expect(await orderCount(student)).toBe(0);
  });

  it("refuses when the cart changed after the approval, placing nothing", async () => {
    const student = await stack.student();
    await fillCart(student);
    const approval = approve(await placeSummary(student));
    await fillCart(student, "spice-route", "Mango Lassi", 1);
    const result = await executePlace(student, approval, { threadId: randomUUID(), paymentCard: card() });
    expect(result).toEqual({ error: { code: "cart_changed", message: CART_CHANGED } });
    expect(await orderCount(student)).toBe(0);
  });

  it("refuses an approval given for another address", async () => {
    const student = await stack.student();
    await fillCart(student);
    const approval = approve(await placeSummary(student));
    const result = await executePlace(
      student,
      approval,
      { threadId: randomUUID(), paymentCard: card() },
      { deliveryAddress: { building: "Hall 9" } },
    );
    expect(failed(result, "approval_mismatch").message).toMatch(/another delivery address/);
    expect(await orderCount(student)).toBe(0);
  });

  it("refuses an approval of a cancellation", async () => {
    const student = await stack.student();
    await fillCart(student);
    const cancelling = OrderConfirmation.parse({
      ...(await placeSummary(student)),
      kind: "cancel_order",
      orderId: randomUUID(),
    });
    const result = await executePlace(student, approve(cancelling), { threadId: randomUUID(), paymentCard: card() });
    expect(result).toEqual({
      error: { code: "approval_mismatch", message: "the approval is not for placing an order" },
    });
    expect(await orderCount(student)).toBe(0);
  });

  it("places exactly one order when the same approval is executed twice, or twice at once", async () => {
    const student = await stack.student();
    await fillCart(student);
    const first = await approveAndPlace(student);
    const again = await executePlace(student, first.approval, { threadId: first.threadId, paymentCard: card() });
    // The same order, paid; the simulated kitchen may already have accepted it.
    expect(placed(again).orderId).toBe(placed(first.json).orderId);
    expect(["CONFIRMED", "PREPARING", "READY_FOR_PICKUP"]).toContain(placed(again).status);
    expect(await orderCount(student)).toBe(1);

    const other = await stack.student();
    await fillCart(other);
    const threadId = randomUUID();
    const approval = approve(await placeSummary(other, { threadId }));
    const both = await Promise.all([1, 2].map(() => executePlace(other, approval, { threadId, paymentCard: card() })));
    const ids = both.map((result) => placed(result).orderId);
    expect(ids[1]).toBe(ids[0]);
    expect(await orderCount(other)).toBe(1);
  });

  it("places the order once and says so when the answer to placing it is lost on the way back", async () => {
    const student = await stack.student();
    await fillCart(student);
    stack.dropNextOrderAnswer();
    const { json } = await approveAndPlace(student);
    // The repeat under the same Idempotency-Key returns the order the lost answer was about.
    expect(["CONFIRMED", "PREPARING", "READY_FOR_PICKUP"]).toContain(placed(json).status);
    expect(await orderCount(student)).toBe(1);
  });

  it("keys the order by the approval's nonce, not the tool call id a server may reuse", async () => {
    const student = await stack.student();
    const threadId = randomUUID();
    await fillCart(student);
    // Some servers number tool calls per response, so every first call of a reply is `call_0`.
    const first = await approveAndPlace(student, { threadId, toolCallId: "call_0" });
    const firstOrder = placed(first.json);
    const repeated = await executePlace(student, first.approval, { threadId, paymentCard: card() });
    expect(placed(repeated).orderId).toBe(firstOrder.orderId);
    expect(await orderCount(student)).toBe(1);

    await fillCart(student);
    const second = await approveAndPlace(student, { threadId, toolCallId: "call_0" });
    expect(second.approval.nonce).not.toBe(first.approval.nonce);
    const secondOrder = placed(second.json);
    expect(secondOrder.orderId).not.toBe(firstOrder.orderId);
    expect(await orderCount(student)).toBe(2);
  });

  it("throws, placing nothing, without the thread or the approval's nonce (a wiring bug, not a tool result)", async () => {
    const student = await stack.student();
    await fillCart(student);
    const approval = approve(await placeSummary(student));
    await expect(executePlace(student, approval, { paymentCard: card() })).rejects.toThrow(/threadId/);
    await expect(
      executePlace(student, { ...approval, nonce: "" }, { threadId: randomUUID(), paymentCard: card() }),
    ).rejects.toThrow(/nonce/);
    expect(await orderCount(student)).toBe(0);
  });

  it("reports a declined card with its reason and order, and keeps the cart", async () => {
    const student = await stack.student();
    await fillCart(student);
    const { json } = await approveAndPlace(student, { card: card(TEST_CARDS.insufficientFunds) });
    const error = failed(json, "payment_declined");
    expect(error.message).toMatch(/^payment declined: insufficient funds; nothing was charged/);
    expect(error.orderId).toMatch(UUID);
    expect(await orderStatus(student, error.orderId ?? "")).toMatchObject({
      orderId: error.orderId,
      status: "PAYMENT_FAILED",
    });
    expect(succeeded("view_cart", (await stack.call(student, "view_cart")).json).lines).toHaveLength(1);
  });

  it("reports a closed restaurant as restaurant_closed", async () => {
    const student = await stack.student();
    await fillCart(student, "sakura-ramen-sushi", "Tonkotsu Ramen", 1);
    const { json } = await approveAndPlace(student);
    expect(failed(json, "restaurant_closed").message).toMatch(/Sakura Ramen & Sushi is closed/);
    expect(await orderCount(student)).toBe(0);
  });

  it("refuses a dish that sold out since the summary: the old approval as cart_changed, a new summary as sold_out", async () => {
    const student = await stack.student();
    await fillCart(student, "canton-kitchen", "Yuenyeung", 1);
    const yuenyeung = await stack.menuItem("canton-kitchen", "Yuenyeung");
    const threadId = randomUUID();
    const approval = approve(await placeSummary(student, { threadId }));
    await stack.setAvailable(yuenyeung.id, false);
    try {
      // The re-priced cart no longer counts the sold-out dish, so it is not what the student approved.
      const result = await executePlace(student, approval, { threadId, paymentCard: card() });
      expect(result).toEqual({ error: { code: "cart_changed", message: CART_CHANGED } });
      const summary = await stack.as(student, () => guarded().place_order.summarize(ADDRESS));
      expect(summary).toEqual({
        error: { code: "sold_out", message: "sold out now: Yuenyeung; remove from the cart first" },
      });
      expect(await orderCount(student)).toBe(0);
    } finally {
      await stack.setAvailable(yuenyeung.id, true);
    }
  });
});

describe("placeOrderKey", () => {
  it("is the thread and the nonce, or the nonce's hash when that would not be a valid Idempotency-Key", () => {
    const threadId = randomUUID();
    const nonce = randomUUID();
    expect(placeOrderKey(threadId, nonce)).toBe(`${threadId}:${nonce}`);
    const odd = placeOrderKey(threadId, "a nonce with spaces");
    expect(IdempotencyKey.safeParse(odd).success).toBe(true);
    expect(odd).toBe(placeOrderKey(threadId, "a nonce with spaces"));
    expect(odd).not.toBe(placeOrderKey(threadId, "another nonce with spaces"));
  });
});

describe("list_my_orders", () => {
  it("lists the student's orders compactly, newest first, filtered by status", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const { raw, json } = await stack.call(student, "list_my_orders");
    expect(succeeded("list_my_orders", json).orders).toEqual([
      expect.objectContaining({
        orderId,
        restaurant: "Spice Route",
        items: "2× Paneer Tikka Wrap",
        total: "HK$94.00",
        placed: expect.stringMatching(INSTANT),
      }),
    ]);
    expect(raw.length).toBeLessThan(300);
    const cancelled = (await stack.call(student, "list_my_orders", { status: "CANCELLED" })).json;
    expect(succeeded("list_my_orders", cancelled)).toEqual({ orders: [] });
  });

  it("answers a bad status with bad_arguments naming the field", async () => {
    const { json } = await stack.call(await stack.student(), "list_my_orders", { status: "shipped" });
    expect(failed(json, "bad_arguments").message).toMatch(/^bad arguments: status/);
  });
});

describe("get_order_status", () => {
  it("answers status, items, total, address and history", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const { raw, json } = await stack.call(student, "get_order_status", { orderId });
    const status = succeeded("get_order_status", json);
    expect(status).toMatchObject({
      orderId,
      restaurant: "Spice Route",
      items: "2× Paneer Tikka Wrap",
      total: "HK$94.00",
      deliverTo: "Hall 5, 5/F 512",
    });
    expect(status.history.map((h) => h.status).slice(0, 2)).toEqual(["PENDING", "CONFIRMED"]);
    expect(status.history.every((h) => INSTANT.test(h.at))).toBe(true);
    expect(raw.length).toBeLessThan(600);
  });

  it("answers an unknown order with not_found, pointing to list_my_orders", async () => {
    const { json } = await stack.call(await stack.student(), "get_order_status", { orderId: randomUUID() });
    expect(json).toEqual(ORDER_NOT_FOUND);
  });

  it("passes an order id that is not a UUID on to order-service, which refuses it as an invalid request", async () => {
    const { json } = await stack.call(await stack.student(), "get_order_status", { orderId: "o1" });
    expect(failed(json, "invalid_request").message).toMatch(/Invalid UUID/);
  });
});

describe("track_delivery", () => {
  it("shows the courier and ETA once one is assigned", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const track = () => stack.call(student, "track_delivery", { orderId });
    await expect.poll(async () => isToolError((await track()).json)).toBe(false);
    const tracked = await track();
    const delivery = succeeded("track_delivery", tracked.json);
    expect(delivery).toMatchObject({ orderId, status: expect.stringMatching(/ASSIGNED|PICKED_UP|DELIVERED/) });
    expect(delivery.courier).toMatch(/\((bike|scooter|foot), \+852/);
    expect(tracked.raw.length).toBeLessThan(300);
  });

  it("answers an order without a delivery with not_found, saying why that may be", async () => {
    const { json } = await stack.call(await stack.student(), "track_delivery", { orderId: randomUUID() });
    expect(json).toEqual({
      error: { code: "not_found", message: "no courier assigned yet (or no such order); get_order_status tells which" },
    });
  });
});

describe("cancel_order", () => {
  it("refuses when the model-facing tool is called directly", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    expect((await stack.call(student, "cancel_order", { orderId })).json).toEqual({
      error: { code: "needs_confirmation", message: NEEDS_CONFIRMATION },
    });
    expect((await orderStatus(student, orderId)).status).not.toBe("CANCELLED");
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
    if ("error" in summary) throw new Error(summary.error.message);
    const result = await stack.as(student, () => guarded().cancel_order.execute(args, approve(summary)));
    expect(succeeded("cancel_order", result)).toEqual({ orderId, status: "CANCELLED", refund: "HK$94.00" });
    expect((await orderStatus(student, orderId)).status).toBe("CANCELLED");
    expect(await stack.as(student, () => guarded().cancel_order.summarize(args))).toEqual({
      error: { code: "not_cancellable", message: "order is already cancelled" },
    });
  });

  it("refuses once the order is picked up", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const summary = await stack.as(student, () => guarded().cancel_order.summarize({ orderId }));
    if ("error" in summary) throw new Error(summary.error.message);
    await expect
      .poll(async () => (await orderStatus(student, orderId)).status, { timeout: 20_000 })
      .toMatch(/PICKED_UP|DELIVERED/);
    const late = await stack.as(student, () => guarded().cancel_order.summarize({ orderId }));
    expect(failed(late, "not_cancellable").message).toMatch(/can no longer be cancelled \(already picked up/);
    const result = await stack.as(student, () => guarded().cancel_order.execute({ orderId }, approve(summary)));
    expect(failed(result, "not_cancellable").message).toMatch(/can no longer be cancelled/);
  });

  it("refuses an approval given for another order", async () => {
    const student = await stack.student();
    const orderId = await placedOrder(student);
    const summary = await stack.as(student, () => guarded().cancel_order.summarize({ orderId }));
    if ("error" in summary) throw new Error(summary.error.message);
    const result = await stack.as(student, () =>
      guarded().cancel_order.execute({ orderId: randomUUID() }, approve(summary)),
    );
    expect(result).toEqual({
      error: { code: "approval_mismatch", message: "the approval is not for cancelling this order" },
    });
    expect((await orderStatus(student, orderId)).status).not.toBe("CANCELLED");
  });
});

describe("who the order tools act as", () => {
  it("never lets student A reach student B's orders", async () => {
    const a = await stack.student();
    const b = await stack.student();
    const bOrder = await placedOrder(b);
    const bSummary = await stack.as(b, () => guarded().cancel_order.summarize({ orderId: bOrder }));
    if ("error" in bSummary) throw new Error(bSummary.error.message);

    expect((await stack.call(a, "get_order_status", { orderId: bOrder })).json).toEqual(ORDER_NOT_FOUND);
    expect((await stack.call(a, "list_my_orders")).json).toEqual({ orders: [] });
    expect(failed((await stack.call(a, "track_delivery", { orderId: bOrder })).json, "not_found").message).toMatch(
      /no such order/,
    );
    expect(await stack.as(a, () => guarded().cancel_order.summarize({ orderId: bOrder }))).toEqual(ORDER_NOT_FOUND);
    // Even holding B's approved summary, A's context cannot cancel B's order.
    const result = await stack.as(a, () => guarded().cancel_order.execute({ orderId: bOrder }, approve(bSummary)));
    expect(result).toEqual(ORDER_NOT_FOUND);
    expect((await orderStatus(b, bOrder)).status).not.toBe("CANCELLED");
  });
});
