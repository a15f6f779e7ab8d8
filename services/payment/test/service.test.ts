import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "@ustbites/contracts";
import { createLogger } from "@ustbites/kit";
import { openBus, type EventBus } from "@ustbites/kit/bus";
import { card, createTestDatabase, createTestKeys, testRabbitUrl, type TestDatabase } from "@ustbites/kit/testing";
import { readEnv, startPaymentService } from "../src/index.ts";
import { orderCancelled } from "./helpers.ts";

const RABBITMQ_URL = testRabbitUrl();

let testDb: TestDatabase;
let jwks: { url: string; close(): Promise<void> };
let service: Awaited<ReturnType<typeof startPaymentService>>;
let listener: EventBus;
const received: DomainEvent[] = [];
let orderServiceToken: () => Promise<string>;

beforeAll(async () => {
  testDb = await createTestDatabase("payment");
  // Stands in for user-service's JWKS endpoint, so start.ts verifies tokens exactly as in production.
  const keys = await createTestKeys();
  jwks = await keys.serveJwks();
  const config = readEnv({
    LOG_LEVEL: "silent",
    PORT: "0",
    DATABASE_URL: testDb.url,
    RABBITMQ_URL,
    JWKS_URL: jwks.url,
  });
  // As user-service issues them to order-service (kit/service-identity).
  orderServiceToken = () => keys.serviceToken("order", "payment");

  listener = await openBus({ url: RABBITMQ_URL, service: "payment", log: createLogger("payment-test", "silent") });
  // A private queue: this file sees every payment.* event on the exchange and picks out its own orders.
  await listener.subscribe({ bindings: ["payment.*"], handler: async (event) => void received.push(event) });
  service = await startPaymentService(config);
});

afterAll(async () => {
  await service?.close();
  await listener?.close();
  await jwks?.close();
  await testDb?.drop();
});

describe("startPaymentService", () => {
  it("is ready once its database and RabbitMQ answer", async () => {
    const res = await fetch(`${service.address}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready", checks: { database: "ok", bus: "ok" } });
  });

  it("publishes payment.succeeded, and payment.refunded once the order is cancelled, on RabbitMQ through the outbox relay", async () => {
    const userId = crypto.randomUUID();
    const orderId = crypto.randomUUID();
    const headers = { authorization: `Bearer ${await orderServiceToken()}`, "content-type": "application/json" };
    const created = await fetch(`${service.address}/payments`, {
      method: "POST",
      headers,
      body: JSON.stringify({ orderId, userId, amountCents: 3100, currency: "HKD", card: card() }),
    });
    expect(created.status).toBe(201);
    const payment = (await created.json()) as { id: string };

    const succeeded = () => received.find((e) => e.type === "payment.succeeded" && e.payload.orderId === orderId);
    await expect.poll(succeeded).toMatchObject({
      source: "payment",
      correlationId: orderId,
      payload: { paymentId: payment.id, amountCents: 3100 },
    });

    // A cancellation on the broker is the only way to a refund.
    await listener.publish([orderCancelled(orderId, userId, 3100)]);
    await expect
      .poll(() => received.find((e) => e.type === "payment.refunded" && e.payload.orderId === orderId))
      .toBeDefined();
  });
});
