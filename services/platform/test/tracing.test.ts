import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentStreamEvent,
  type Cart,
  type MenuItem,
  type Order,
  type TraceDetail,
  type TraceList,
} from "@ustbites/contracts";
import { traceStore, type StoredSpan as TraceSpan } from "@ustbites/kit";
import { readEventStream } from "@ustbites/kit/client";
import { DEMO_ACCOUNTS } from "../src/index.ts";
import { startRealPlatform, type RealPlatform } from "../src/testing.ts";

let p: RealPlatform;
beforeAll(async () => {
  p = await startRealPlatform();
});
afterAll(() => p?.close());

async function placeOrder(requestId: string) {
  const student = await p.student();
  const menu = await p.api<{ items: MenuItem[] }>("/api/restaurant/items?q=paneer%20tikka%20wrap&limit=5");
  const wrap = menu.body.items.find((i) => i.name === "Paneer Tikka Wrap" && i.available)!;
  const added = await p.api<Cart>("/api/cart/cart/items", {
    method: "POST",
    token: student.token,
    body: { itemId: wrap.id, quantity: 1 },
  });
  expect(added.status).toBe(201);
  const placed = await p.api<Order>("/api/order/orders", {
    method: "POST",
    token: student.token,
    headers: { "idempotency-key": `trace-${student.id}`, "x-request-id": requestId },
    body: { deliveryAddress: { building: "Hall 5", room: "512" }, payment: p.card() },
  });
  expect(placed.status).toBe(201);
}

/** The first kept trace holding a span that `holds`, once `ready` holds for it. */
async function traceWith(
  holds: (span: TraceSpan) => boolean,
  ready: (spans: TraceSpan[]) => boolean,
  what: string,
): Promise<TraceSpan[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = traceStore()
      .list(200)
      .map((t) => traceStore().trace(t.traceId) ?? [])
      .find((spans) => spans.some(holds));
    if (found && ready(found)) return found;
    if (Date.now() > deadline)
      throw new Error(`no complete trace for ${what}: ${JSON.stringify(found?.map((s) => `${s.service} ${s.name}`))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The trace holding order-service's span for `POST /orders` with this request id, once `ready` holds for it. */
const traceOf = (requestId: string, ready: (spans: TraceSpan[]) => boolean) =>
  traceWith(
    (s) => s.service === "order" && s.attributes["http.request.id"] === requestId,
    ready,
    `request ${requestId}`,
  );

function family(spans: TraceSpan[]) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const parentOf = (span: TraceSpan) => (span.parentSpanId ? byId.get(span.parentSpanId) : undefined);
  const ancestors = (span: TraceSpan) => {
    const chain: TraceSpan[] = [];
    for (let at = parentOf(span); at; at = parentOf(at)) chain.push(at);
    return chain;
  };
  return { parentOf, ancestors };
}

describe("one order, one trace", () => {
  it("follows an order from the gateway through order, payment, the outbox relay and RabbitMQ to the delivery and notification consumers", async () => {
    const requestId = `trace-test-${Date.now()}`;
    await placeOrder(requestId);
    const consumedBy = (spans: TraceSpan[], service: string) =>
      spans.some((s) => s.service === service && s.kind === "consumer");
    const spans = await traceOf(requestId, (s) => consumedBy(s, "delivery") && consumedBy(s, "notification"));

    const { parentOf, ancestors } = family(spans);

    const gateway = spans.find(
      (s) => s.service === "gateway" && s.kind === "server" && s.name === "POST /api/order/*",
    )!;
    expect(gateway, "the gateway's span").toBeDefined();
    expect(gateway.parentSpanId, "the gateway starts the trace").toBeUndefined();
    const order = spans.find((s) => s.service === "order" && s.kind === "server" && s.name === "POST /orders")!;
    expect(parentOf(order)).toBe(gateway);
    const payment = spans.find((s) => s.service === "payment" && s.kind === "server")!;
    expect(payment.name).toBe("POST /payments");
    expect(ancestors(payment)).toContain(order);

    // Every consumer span hangs off a publish, every publish off the relay's span for its outbox row,
    // and every relay span off this order's request (directly, or through the steps it set off).
    const consumers = spans.filter((s) => s.kind === "consumer");
    for (const consumer of consumers) {
      const publish = parentOf(consumer)!;
      expect(publish.kind, `${consumer.service} ${consumer.name}: its parent is a publish`).toBe("producer");
      expect(publish.attributes["messaging.system"]).toBe("rabbitmq");
      const relay = parentOf(publish)!;
      expect(relay.name, `${publish.name}: its parent is the relay`).toMatch(/^outbox relay /);
      expect(ancestors(relay), `${relay.name} continues the order's request`).toContain(order);
    }
    const consumed = (service: string) => consumers.filter((s) => s.service === service).map((s) => s.name);
    expect(consumed("notification")).toContain("process order.confirmed");
    // The simulated kitchen accepts in the order's trace; delivery takes it from there.
    expect(consumed("delivery")).toContain("process order.accepted");
    expect(spans.find((s) => s.name === "kitchen simulator accept")?.parentSpanId).toBe(order.spanId);

    // What the admin trace page reads: the same trace, to admins only.
    const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    const signedIn = await p.api<{ tokens: { accessToken: string } }>("/api/user/auth/login", {
      method: "POST",
      body: { email: admin.email, password: admin.password },
    });
    const token = signedIn.body.tokens.accessToken;
    const listed = await p.api<TraceList>("/api/user/admin/traces?limit=200", { token });
    expect(listed.body.items.find((t) => t.traceId === gateway.traceId)).toMatchObject({
      root: { name: "POST /api/order/*", service: "gateway" },
    });
    const detail = await p.api<TraceDetail>(`/api/user/admin/traces/${gateway.traceId}`, { token });
    expect(detail.body.spans.map((s) => s.spanId)).toEqual(expect.arrayContaining(spans.map((s) => s.spanId)));
    const student = await p.student();
    expect((await p.api(`/api/user/admin/traces/${gateway.traceId}`, { token: student.token })).status).toBe(403);
    expect((await p.api("/api/user/admin/traces/not-a-trace-id", { token })).status).toBe(400);
  });
});

/** One chat turn through the gateway, as chat-ui sends it; the thread id from its `done` event. */
async function say(token: string, body: Record<string, unknown>, path = "/api/agent/chat") {
  const res = await fetch(`${p.gateway}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const events: AgentStreamEvent[] = [];
  for await (const event of readEventStream(res.body!, AgentStreamEvent)) events.push(event);
  const done = events.find((e) => e.type === "done");
  return { events, threadId: done?.type === "done" ? done.threadId : "" };
}

describe("one order placed by chat, one trace", () => {
  it("holds the agent's turn, its model calls and the place_order tool, with order and payment under the tool", async () => {
    const student = await p.student();
    const card = p.card();
    const t1 = await say(student.token, { message: "add a mango lassi from spice route" });
    const threadId = t1.threadId;
    const asked = await say(student.token, { threadId, message: "check out please, deliver to Hall 5 room 512" });
    expect(asked.events.some((e) => e.type === "interrupt")).toBe(true);
    const approved = await say(
      student.token,
      { threadId, decision: "approve", payment: card },
      "/api/agent/chat/resume",
    );
    expect(approved.events.some((e) => e.type === "tool_result" && e.name === "place_order" && e.ok)).toBe(true);

    const isTurn = (path: string) => (s: TraceSpan) =>
      s.service === "gateway" && s.name === `POST /api/agent/*` && s.attributes["url.path"] === path;
    const turnOf = (spans: TraceSpan[]) =>
      spans.find(
        (s) =>
          s.attributes["gen_ai.operation.name"] === "invoke_agent" &&
          s.attributes["gen_ai.conversation.id"] === threadId,
      );
    const spans = await traceWith(
      (s) => s.attributes["ustbites.tool.step"] === "execute" && s.attributes["gen_ai.conversation.id"] === threadId,
      (found) =>
        found.some((s) => s.service === "payment" && s.kind === "server") &&
        found.some(isTurn("/api/agent/chat/resume")),
      "the approving turn",
    );
    const { parentOf, ancestors } = family(spans);

    // browser → gateway → agent's POST /chat/resume → invoke_agent → chat / execute_tool → order → payment
    const gateway = spans.find(isTurn("/api/agent/chat/resume"))!;
    expect(gateway.parentSpanId, "the gateway starts the trace").toBeUndefined();
    const server = spans.find((s) => s.service === "agent" && s.kind === "server")!;
    expect(server.name).toBe("POST /chat/resume");
    expect(parentOf(server)).toBe(gateway);
    const turn = turnOf(spans)!;
    expect(parentOf(turn)).toBe(server);
    expect(turn.attributes).toMatchObject({
      "gen_ai.provider.name": "ustbites.offline",
      "ustbites.turn.outcome": "completed",
    });

    const chats = spans.filter((s) => s.attributes["gen_ai.operation.name"] === "chat");
    expect(chats.length, "the model writes the reply after the order").toBeGreaterThan(0);
    for (const chat of chats) {
      expect(parentOf(chat)).toBe(turn);
      expect(chat.attributes).toMatchObject({ "gen_ai.request.model": "offline", "gen_ai.response.model": "offline" });
      expect(chat.attributes["gen_ai.usage.input_tokens"]).toBeGreaterThan(0);
      expect(chat.attributes["gen_ai.response.finish_reasons"]).toEqual(["stop"]);
    }

    const tool = spans.find((s) => s.name === "execute_tool place_order")!;
    expect(parentOf(tool)).toBe(turn);
    expect(tool.attributes).toMatchObject({ "gen_ai.tool.name": "place_order", "ustbites.tool.outcome": "ok" });
    const order = spans.find((s) => s.service === "order" && s.kind === "server" && s.name === "POST /orders")!;
    expect(ancestors(order)).toContain(tool);
    const payment = spans.find((s) => s.service === "payment" && s.kind === "server" && s.name === "POST /payments")!;
    expect(ancestors(payment)).toContain(order);

    // The turn that asked holds the model's place_order call and the summary; the answering turn links to it.
    const askedSpans = await traceWith(
      (s) => s.attributes["ustbites.tool.step"] === "summarize" && s.attributes["gen_ai.conversation.id"] === threadId,
      (found) => found.some(isTurn("/api/agent/chat")),
      "the asking turn",
    );
    const asking = turnOf(askedSpans)!;
    expect(asking.attributes["ustbites.turn.outcome"]).toBe("awaiting_confirmation");
    expect(turn.links).toEqual([{ traceId: asking.traceId, spanId: asking.spanId }]);

    const recorded = JSON.stringify([...spans, ...askedSpans].map((s) => s.attributes));
    expect(recorded).not.toContain(card.number);
    expect(recorded).not.toContain(student.token);
  });
});
