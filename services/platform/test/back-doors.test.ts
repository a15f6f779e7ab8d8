import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cart, MenuItem, Order } from "@ustbites/contracts";
import { readGatewayTable } from "@ustbites/gateway";
import { startRealPlatform, type RealPlatform } from "../src/testing.ts";

let p: RealPlatform;
beforeAll(async () => {
  p = await startRealPlatform();
});
afterAll(() => p?.close());

async function placeOrder(token: string, key: string): Promise<Order> {
  const menu = await p.api<{ items: MenuItem[] }>("/api/restaurant/items?q=paneer%20tikka%20wrap&limit=5");
  const wrap = menu.body.items.find((i) => i.name === "Paneer Tikka Wrap" && i.available)!;
  expect(
    (await p.api<Cart>("/api/cart/cart/items", { method: "POST", token, body: { itemId: wrap.id, quantity: 1 } }))
      .status,
  ).toBe(201);
  const placed = await p.api<Order>("/api/order/orders", {
    method: "POST",
    token,
    headers: { "idempotency-key": key },
    body: { deliveryAddress: { building: "Hall 5", room: "512" }, payment: p.card() },
  });
  expect(placed.status).toBe(201);
  return placed.body;
}

async function statusWithin(token: string, id: string, wanted: string, ms = 60_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { body } = await p.api<Order>(`/api/order/orders/${id}`, { token });
    if (body.status === wanted || Date.now() > deadline) return body.status;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the back doors of the public gateway are closed", () => {
  it("free food: a student cannot look up or refund their payment, and the order is delivered as paid", async () => {
    const student = await p.student();
    const order = await placeOrder(student.token, `free-food-${student.id}`);
    const lookup = await p.api<{ id?: string }>(`/api/payment/payments?orderId=${order.id}`, { token: student.token });
    expect(lookup.status).toBe(404);
    // Even knowing the payment id (here: a guess), no refund route is reachable.
    const refund = await p.api(`/api/payment/payments/${order.id}/refunds`, {
      method: "POST",
      token: student.token,
      body: {},
    });
    expect(refund.status).toBe(404);
    expect(await statusWithin(student.token, order.id, "DELIVERED")).toBe("DELIVERED");
  });

  it("HK$0.01: a student cannot post a payment of their own for an order", async () => {
    const student = await p.student();
    const res = await p.api("/api/payment/payments", {
      method: "POST",
      token: student.token,
      body: { orderId: crypto.randomUUID(), userId: student.id, amountCents: 1, currency: "HKD", card: p.card() },
    });
    expect(res.status).toBe(404);
  });

  it("serves no service's /metrics or /docs through the gateway", async () => {
    for (const { prefix } of readGatewayTable().routes) {
      for (const path of ["/metrics", "/docs/json", "/docs"]) {
        const res = await fetch(`${p.gateway}${prefix}${path}`);
        expect(res.status, `${prefix}${path}`).toBe(404);
        expect(await res.text(), `${prefix}${path}`).not.toMatch(/openapi|# HELP/);
      }
    }
  });

  it("keeps service tokens internal: user-service's /service-tokens is not served through the gateway", async () => {
    const res = await p.api("/api/user/service-tokens", {
      method: "POST",
      body: { audience: "payment" },
      headers: { authorization: `Basic ${Buffer.from("order:guess").toString("base64")}` },
    });
    expect(res.status).toBe(404);
  });

  it("serves no service-only route through the gateway: a student cannot read or empty anyone's cart, nor price as cart", async () => {
    const student = await p.student();
    for (const [method, path, body] of [
      ["GET", `/api/cart/internal/carts/${student.id}`, undefined],
      ["DELETE", `/api/cart/internal/carts/${student.id}`, undefined],
      ["POST", "/api/restaurant/internal/items/lookup", { ids: [crypto.randomUUID()] }],
      ["GET", `/api/cart/%69nternal/carts/${student.id}`, undefined],
    ] as const) {
      const res = await p.api(path, { method, token: student.token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it("answers oversized bodies with a 413 problem, quickly, never a 502", async () => {
    const big = await fetch(`${p.gateway}/api/user/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@connect.ust.hk", password: "x".repeat(100 * 1024) }),
      signal: AbortSignal.timeout(8000),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get("content-type")).toMatch(/problem\+json/);
    const raw = await fetch(`${p.gateway}/api/order/orders`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x".repeat(2 * 1024 * 1024),
      signal: AbortSignal.timeout(8000),
    });
    expect(raw.status).toBe(413);
    expect(raw.headers.get("content-type")).toMatch(/problem\+json/);
  });
});
