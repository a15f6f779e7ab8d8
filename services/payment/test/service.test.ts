import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { DomainEvent } from "@ustbites/contracts";
import { createLogger } from "@ustbites/kit";
import { openBus, type EventBus } from "@ustbites/kit/bus";
import { createTestDatabase, type TestDatabase } from "@ustbites/kit/testing";
import { readEnv, startPaymentService } from "../src/index.ts";
import { eventually, orderCancelled } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";

let testDb: TestDatabase;
let jwks: Server;
let service: Awaited<ReturnType<typeof startPaymentService>>;
let listener: EventBus;
const received: DomainEvent[] = [];
let orderServiceToken: () => Promise<string>;

beforeAll(async () => {
  testDb = await createTestDatabase("payment");
  // Stands in for user-service's JWKS endpoint, so start.ts verifies tokens exactly as in production.
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "svc-test", alg: "RS256", use: "sig" }] });
  jwks = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  const config = readEnv({
    LOG_LEVEL: "silent",
    PORT: "0",
    DATABASE_URL: testDb.url,
    RABBITMQ_URL,
    JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
  });
  // As user-service issues them to order-service (kit/service-identity).
  orderServiceToken = () =>
    new SignJWT({ svc: "order" })
      .setProtectedHeader({ alg: "RS256", kid: "svc-test" })
      .setSubject("service:order")
      .setIssuedAt()
      .setIssuer(config.JWT_ISSUER)
      .setAudience("payment")
      .setExpirationTime("5m")
      .sign(privateKey);

  listener = await openBus({ url: RABBITMQ_URL, service: "payment", log: createLogger("payment-test", "silent") });
  // A private queue: this file sees every payment.* event on the exchange and picks out its own orders.
  await listener.subscribe({ bindings: ["payment.*"], handler: async (event) => void received.push(event) });
  service = await startPaymentService(config);
});

afterAll(async () => {
  await service?.close();
  await listener?.close();
  await new Promise((resolve) => jwks?.close(resolve));
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

    const succeeded = await eventually(() => received.find((e) => e.type === "payment.succeeded" && e.payload.orderId === orderId));
    expect(succeeded).toMatchObject({ source: "payment", correlationId: orderId, payload: { paymentId: payment.id, amountCents: 3100 } });

    // A cancellation on the broker is the only way to a refund.
    await listener.publish([orderCancelled(orderId, userId, 3100)]);
    await eventually(() => received.find((e) => e.type === "payment.refunded" && e.payload.orderId === orderId));
  });
});
