import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentStreamEvent,
  type Cart,
  type Order,
  type OrderConfirmation,
  type ThreadDetail,
} from "@ustbites/contracts";
import { readEventStream } from "@ustbites/kit/client";
import { startRealPlatform, type RealPlatform } from "../src/testing.ts";

let p: RealPlatform;
beforeAll(async () => {
  p = await startRealPlatform();
});
afterAll(() => p?.close());

interface Turn {
  events: AgentStreamEvent[];
  threadId: string;
  reply: string;
  toolCalls: { name: string; args: Record<string, unknown> }[];
  interrupt: OrderConfirmation | undefined;
}

/** One chat turn through the gateway, read as a client reads it: the SSE stream of events. */
async function say(token: string, body: Record<string, unknown>, path = "/api/agent/chat"): Promise<Turn> {
  const res = await fetch(`${p.gateway}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(res.status, await (res.ok ? Promise.resolve("") : res.text())).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  const events: AgentStreamEvent[] = [];
  for await (const event of readEventStream(res.body!, AgentStreamEvent)) events.push(event);
  const done = events.find((e) => e.type === "done");
  const interrupt = events.find((e) => e.type === "interrupt");
  return {
    events,
    threadId: done?.type === "done" ? done.threadId : "",
    reply: events.flatMap((e) => (e.type === "message" ? [e.content] : [])).join("\n"),
    toolCalls: events.flatMap((e) => (e.type === "tool_call" ? [{ name: e.name, args: e.args }] : [])),
    interrupt: interrupt?.type === "interrupt" ? interrupt.confirmation : undefined,
  };
}

const resume = (token: string, body: Record<string, unknown>) => say(token, body, "/api/agent/chat/resume");

describe("ordering by chat through the agent service (offline model)", () => {
  it("finds a dish, adds two, changes one, checks out, confirms, and follows the order to DELIVERED", async () => {
    const student = await p.student("Chan Tai Man");
    const t1 = await say(student.token, { message: "I'm looking for a paneer tikka wrap" });
    expect(t1.toolCalls.map((c) => c.name)).toContain("find_items");
    expect(t1.events.some((e) => e.type === "token")).toBe(true);
    expect(t1.reply).toMatch(/Paneer Tikka Wrap/i);
    const threadId = t1.threadId;

    const t2 = await say(student.token, {
      threadId,
      message: "add two paneer tikka wraps from spice route, no onions",
    });
    expect(t2.toolCalls).toContainEqual(
      expect.objectContaining({
        name: "add_to_cart",
        args: expect.objectContaining({ quantity: 2, notes: "no onions" }),
      }),
    );

    const t3 = await say(student.token, { threadId, message: "actually make it 1" });
    expect(t3.toolCalls.map((c) => c.name)).toContain("update_cart_item");
    const cart = await p.api<Cart>("/api/cart/cart", { token: student.token });
    expect(cart.body.lines.map((l) => [l.name, l.quantity, l.notes])).toEqual([["Paneer Tikka Wrap", 1, "no onions"]]);

    const t4 = await say(student.token, { threadId, message: "check out please, deliver to Hall 5 room 512" });
    expect(t4.interrupt).toMatchObject({
      kind: "place_order",
      restaurantName: "Spice Route",
      items: [{ name: "Paneer Tikka Wrap", quantity: 1, notes: "no onions" }],
      totalCents: cart.body.totalCents,
      deliveryAddress: { building: "Hall 5", room: "512" },
    });
    // Nothing is ordered while the confirmation waits.
    expect((await p.api<{ total: number }>("/api/order/orders", { token: student.token })).body.total).toBe(0);

    const t5 = await resume(student.token, { threadId, decision: "approve", payment: p.card() });
    const result = t5.events.find((e) => e.type === "tool_result" && e.name === "place_order");
    expect(result?.type === "tool_result" && result.ok).toBe(true);
    const orders = await p.api<{ items: Order[] }>("/api/order/orders", { token: student.token });
    expect(orders.body.items).toHaveLength(1);
    const order = orders.body.items[0]!;
    // UUIDv7 ids start with a timestamp, so the reply shows the distinctive tail.
    expect(t5.reply).toContain(order.id.slice(-8));
    // What was placed is exactly what was confirmed.
    expect(order.items.map((i) => [i.name, i.quantity, i.notes])).toEqual([["Paneer Tikka Wrap", 1, "no onions"]]);
    expect(order.totalCents).toBe(t4.interrupt!.totalCents);
    expect(order.deliveryAddress).toMatchObject({ building: "Hall 5", room: "512" });

    // Ask until the fast clock has delivered it; every answer streams from the order's real status.
    const statuses = new Set<string>();
    for (let i = 0; i < 40 && !statuses.has("DELIVERED"); i++) {
      const t = await say(student.token, { threadId, message: "where's my order?" });
      const status = t.events.find(
        (e) => e.type === "tool_result" && (e.name === "get_order_status" || e.name === "list_my_orders"),
      );
      const text = JSON.stringify(status?.type === "tool_result" ? status.result : "");
      for (const s of ["CONFIRMED", "PREPARING", "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED"])
        if (text.includes(s)) statuses.add(s);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses.has("DELIVERED")).toBe(true);

    const detail = await p.api<ThreadDetail>(`/api/agent/threads/${threadId}`, { token: student.token });
    expect(detail.body.messages.filter((m) => m.role === "user").length).toBeGreaterThanOrEqual(5);
    expect(detail.body.pendingConfirmation).toBeNull();
  });

  it("places nothing when the student rejects the confirmation", async () => {
    const student = await p.student();
    const t1 = await say(student.token, { message: "add a mango lassi from spice route" });
    const t2 = await say(student.token, {
      threadId: t1.threadId,
      message: "check out, deliver to LSK Business School",
    });
    expect(t2.interrupt?.kind).toBe("place_order");
    const t3 = await resume(student.token, { threadId: t1.threadId, decision: "reject" });
    expect(
      t3.events.some(
        (e) => e.type === "tool_result" && e.name === "place_order" && JSON.stringify(e.result).includes("declined"),
      ),
    ).toBe(true);
    expect((await p.api<{ total: number }>("/api/order/orders", { token: student.token })).body.total).toBe(0);
  });

  it("asks for the card before approving an order, and refuses a resume with nothing pending", async () => {
    const student = await p.student();
    const t1 = await say(student.token, { message: "add a mango lassi from spice route" });
    await say(student.token, { threadId: t1.threadId, message: "check out, deliver to Hall 9" });
    const noCard = await fetch(`${p.gateway}/api/agent/chat/resume`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${student.token}` },
      body: JSON.stringify({ threadId: t1.threadId, decision: "approve" }),
    });
    expect(noCard.status).toBe(400);
    expect(((await noCard.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe("body.payment");
    await resume(student.token, { threadId: t1.threadId, decision: "reject" });
    const nothing = await fetch(`${p.gateway}/api/agent/chat/resume`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${student.token}` },
      body: JSON.stringify({ threadId: t1.threadId, decision: "reject" }),
    });
    expect(nothing.status).toBe(409);
  });

  it("keeps each student's threads their own", async () => {
    const alice = await p.student("Alice");
    const bob = await p.student("Bob");
    const t = await say(alice.token, { message: "hi" });
    expect((await p.api(`/api/agent/threads/${t.threadId}`, { token: bob.token })).status).toBe(404);
    const hijack = await fetch(`${p.gateway}/api/agent/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bob.token}` },
      body: JSON.stringify({ threadId: t.threadId, message: "show me the cart" }),
    });
    expect(hijack.status).toBe(404);
    expect((await p.api<{ total: number }>("/api/agent/threads", { token: bob.token })).body.total).toBe(0);
    expect((await p.api<{ total: number }>("/api/agent/threads", { token: alice.token })).body.total).toBe(1);
  });

  it("answers without a token with 401, and an oversized message with 400 naming the field", async () => {
    const student = await p.student();
    expect(
      (
        await fetch(`${p.gateway}/api/agent/chat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"message":"hi"}',
        })
      ).status,
    ).toBe(401);
    const big = await p.api<{ errors: { field: string }[] }>("/api/agent/chat", {
      method: "POST",
      token: student.token,
      body: { message: "x".repeat(2001) },
    });
    expect(big.status).toBe(400);
    expect(big.body.errors[0]?.field).toBe("body.message");
  });
});
