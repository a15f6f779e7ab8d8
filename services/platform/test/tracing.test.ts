import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cart, MenuItem, Order, TraceDetail, TraceList } from "@ustbites/contracts";
import { traceStore, type StoredSpan as TraceSpan } from "@ustbites/kit";
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

/** The trace holding order-service's span for `POST /orders` with this request id, once `ready` holds for it. */
async function traceOf(requestId: string, ready: (spans: TraceSpan[]) => boolean): Promise<TraceSpan[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = traceStore()
      .list(200)
      .map((t) => traceStore().trace(t.traceId) ?? [])
      .find((spans) => spans.some((s) => s.service === "order" && s.attributes["http.request.id"] === requestId));
    if (found && ready(found)) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no complete trace for request ${requestId}: ${JSON.stringify(found?.map((s) => `${s.service} ${s.name}`))}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("one order, one trace", () => {
  it("follows an order from the gateway through order, payment, the outbox relay and RabbitMQ to the delivery and notification consumers", async () => {
    const requestId = `trace-test-${Date.now()}`;
    await placeOrder(requestId);
    const consumedBy = (spans: TraceSpan[], service: string) =>
      spans.some((s) => s.service === service && s.kind === "consumer");
    const spans = await traceOf(requestId, (s) => consumedBy(s, "delivery") && consumedBy(s, "notification"));

    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (span: TraceSpan) => (span.parentSpanId ? byId.get(span.parentSpanId) : undefined);
    const ancestors = (span: TraceSpan) => {
      const chain: TraceSpan[] = [];
      for (let at = parentOf(span); at; at = parentOf(at)) chain.push(at);
      return chain;
    };

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
