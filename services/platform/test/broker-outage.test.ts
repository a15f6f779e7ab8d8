import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cart, MenuItem, Notification, Order, OrderHistory } from "@ustbites/contracts";
import { createTcpProxy, type TcpProxy } from "@ustbites/kit/testing";
import { startRealPlatform, type RealPlatform } from "../src/testing.ts";

const ORDERS = 12;
let p: RealPlatform;
let proxy: TcpProxy;
let students: Awaited<ReturnType<RealPlatform["student"]>>[];

beforeAll(async () => {
  proxy = await createTcpProxy({ targetPort: 5672 });
  // Every service reaches RabbitMQ only through the proxy, so cutting it takes the broker away from all.
  p = await startRealPlatform(
    {},
    {
      rabbitUrl: (vhostUrl) => {
        const url = new URL(vhostUrl);
        url.port = String(proxy.port);
        return url.toString();
      },
    },
  );
  // One sign-up at a time: twelve at once queue behind user-service's scrypt (two hashes at a time,
  // 128 MiB each) past the gateway's 30 s on a loaded machine, and signing up is not what this tests.
  students = [];
  for (let i = 0; i < ORDERS; i++) students.push(await p.student(`Burst ${i}`));
});
afterAll(async () => {
  await p?.close();
  await proxy?.close();
});

async function poll<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("RabbitMQ unreachable during a burst of orders", () => {
  it("delays the saga but loses nothing and applies nothing twice", async () => {
    const menu = await p.api<{ items: MenuItem[] }>("/api/restaurant/items?q=paneer%20tikka%20wrap&limit=5");
    const wrap = menu.body.items.find((i) => i.name === "Paneer Tikka Wrap")!;
    for (const s of students) {
      const added = await p.api<Cart>("/api/cart/cart/items", {
        method: "POST",
        token: s.token,
        body: { itemId: wrap.id, quantity: 1 },
      });
      expect(added.status).toBe(201);
    }

    proxy.cut();
    // Orders still go through: payment is a synchronous call; the events wait in each service's outbox.
    const placed = await Promise.all(
      students.map((s, i) =>
        p.api<Order>("/api/order/orders", {
          method: "POST",
          token: s.token,
          headers: { "idempotency-key": `burst-${i}-${s.id}` },
          body: { deliveryAddress: { building: `Hall ${(i % 9) + 1}` }, payment: p.card() },
        }),
      ),
    );
    expect(placed.map((r) => r.body.status)).toEqual(Array(ORDERS).fill("CONFIRMED"));
    await new Promise((r) => setTimeout(r, 3000));
    // The simulated kitchen lives in order-service and goes on; nothing that needs another service's
    // event can have moved: no courier, nothing picked up.
    for (const [i, s] of students.entries()) {
      const order = await p.api<Order>(`/api/order/orders/${placed[i]!.body.id}`, { token: s.token });
      expect(["CONFIRMED", "PREPARING", "READY_FOR_PICKUP"]).toContain(order.body.status);
      expect(order.body.courier).toBeNull();
    }
    proxy.restore();

    for (const [i, s] of students.entries()) {
      const id = placed[i]!.body.id;
      await poll(async () => {
        const order = await p.api<Order>(`/api/order/orders/${id}`, { token: s.token });
        return order.body.status === "DELIVERED" ? true : undefined;
      }, 60_000);
      // Exactly once in effect: each status once, in order, with no gap.
      const history = await p.api<OrderHistory>(`/api/order/orders/${id}/events`, { token: s.token });
      // The courier is noted while the kitchen prepares or once it is ready, whichever came first.
      const statuses = history.body.events.map((e) => e.status);
      expect(history.body.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(statuses.slice(0, 3)).toEqual(["PENDING", "CONFIRMED", "PREPARING"]);
      expect(statuses.slice(3, 5)).toContain("READY_FOR_PICKUP");
      expect(statuses.slice(5)).toEqual(["PICKED_UP", "DELIVERED"]);
      const delivery = await p.api<{ history: unknown[] }>(`/api/delivery/deliveries/${id}`, { token: s.token });
      expect(delivery.body.history).toHaveLength(3);
      // One confirmation email per order, however many times its event was retried.
      const confirmations = await poll(async () => {
        const page = await p.api<{ items: Notification[] }>(
          `/api/notification/notifications?orderId=${id}&channel=email`,
          { token: s.token },
        );
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        const found = page.body.items.filter((n) => n.template === "order_confirmed");
        return found.length ? found : undefined;
      }, 60_000);
      expect(confirmations).toHaveLength(1);
    }
  });
});
