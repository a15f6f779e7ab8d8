import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BusUnavailableError, createAmqpBus, type EventBus } from "../src/bus/index.ts";
import { createTcpProxy, type TcpProxy } from "../src/testing/index.ts";
import {
  amqpAdmin,
  delivered,
  queueExists,
  RABBITMQ_URL,
  silentLog,
  sleep,
  statusChanged,
  suffix,
  waitFor,
} from "./fixtures/bus/helpers.ts";

const exchange = `test.events.${suffix()}`;
const queues: string[] = [];
let admin: Awaited<ReturnType<typeof amqpAdmin>>;
const buses: EventBus[] = [];

function queueName(label: string): string {
  const name = `test.${label}.${suffix()}`;
  queues.push(name);
  return name;
}

async function bus(url = RABBITMQ_URL, registry?: Registry): Promise<EventBus> {
  const created = await createAmqpBus({
    url,
    service: "kit-test",
    log: silentLog,
    exchange,
    registry,
    reconnectDelayMs: 50,
    maxReconnectDelayMs: 200,
    publishTimeoutMs: 2000,
  });
  buses.push(created);
  return created;
}

beforeAll(async () => {
  admin = await amqpAdmin();
});

afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
  for (const queue of queues) {
    await admin.channel.deleteQueue(queue);
    await admin.channel.deleteQueue(`${queue}.dlq`);
    for (const delay of [500, 1000, 2000, 4000]) await admin.channel.deleteQueue(`${queue}.retry.${delay}`);
  }
  await admin.channel.deleteExchange(exchange);
  await admin.close();
});

describe("createAmqpBus", () => {
  it("publishes persistent JSON messages keyed by type and id, resolving once the broker confirmed them", async () => {
    const registry = new Registry();
    const b = await bus(RABBITMQ_URL, registry);
    const queue = queueName("props");
    await admin.channel.assertQueue(queue, { durable: true });
    await admin.channel.bindQueue(queue, exchange, "#");
    const event = statusChanged(1);

    await b.publish([event], { requestId: "req-9" });

    // Confirmed means routed and enqueued: it is there to get, without waiting.
    const msg = await admin.channel.get(queue, { noAck: true });
    expect(msg).not.toBe(false);
    if (msg === false) return;
    expect(msg.fields.routingKey).toBe("order.status_changed");
    expect(msg.properties).toMatchObject({
      messageId: event.id,
      type: "order.status_changed",
      contentType: "application/json",
      deliveryMode: 2,
      headers: { "x-request-id": "req-9" },
    });
    expect(JSON.parse(msg.content.toString("utf8"))).toEqual(event);
    expect(await registry.metrics()).toContain('bus_published_total{type="order.status_changed"} 1');

    // Without an explicit request id the event's correlation id travels in the header.
    await b.publish([event]);
    const second = await admin.channel.get(queue, { noAck: true });
    expect(second !== false && second.properties.headers?.["x-request-id"]).toBe(event.correlationId);
  });

  it("declares the DLQ and one delay queue per backoff step that dead-letters back into the queue", async () => {
    const b = await bus();
    const queue = queueName("topology");
    const subscription = await b.subscribe({
      queue,
      bindings: ["order.*"],
      maxAttempts: 3,
      retryDelayMs: 500,
      handler: async () => {},
    });
    const exists = async (name: string) => queueExists(admin.model, name);
    expect(await exists(`${queue}.dlq`)).toBe(true);
    expect(await exists(`${queue}.retry.500`)).toBe(true);
    expect(await exists(`${queue}.retry.1000`)).toBe(true);
    expect(await exists(`${queue}.retry.2000`)).toBe(false);

    await subscription.close();

    // A message in a delay queue comes back into the queue when its time is up.
    const got: number[] = [];
    const event = delivered();
    await b.subscribe({ queue, bindings: ["order.*"], handler: async (_e, info) => void got.push(info.attempt) });
    admin.channel.sendToQueue(`${queue}.retry.500`, Buffer.from(JSON.stringify(event)), {
      headers: { "x-attempt": 2 },
    });
    await waitFor("the delayed message", () => got.length === 1);
    expect(got).toEqual([2]);
  });

  it("gives up at start when the broker cannot be reached", async () => {
    const proxy = await createTcpProxy({ targetPort: 5672 });
    proxy.cut();
    const url = RABBITMQ_URL.replace(/:\d+$/, `:${proxy.port}`);
    await expect(
      createAmqpBus({ url, service: "kit-test", log: silentLog, exchange, connectAttempts: 2, reconnectDelayMs: 20 }),
    ).rejects.toThrow();
    await proxy.close();
  });

  describe("through a connection that is cut and restored", () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      proxy = await createTcpProxy({ targetPort: Number(new URL(RABBITMQ_URL).port || 5672) });
    });
    afterAll(async () => {
      await proxy.close();
    });

    it("fails publish and ping fast while cut, then reconnects, re-subscribes and resumes consuming", async () => {
      const url = RABBITMQ_URL.replace(/:\d+$/, `:${proxy.port}`);
      const b = await bus(url);
      const queue = queueName("reconnect");
      const got: string[] = [];
      let fanout = 0;
      await b.subscribe({ queue, bindings: ["order.delivered"], handler: async (e) => void got.push(e.id) });
      await b.subscribe({ bindings: ["order.delivered"], handler: async () => void fanout++ });
      const before = delivered();
      await b.publish([before]);
      await waitFor("the first event", () => got.length === 1 && fanout === 1);
      // Let its ack reach the broker before the cut, or it is (rightly) delivered again afterwards.
      await sleep(50);

      proxy.cut();
      const started = performance.now();
      await expect(b.publish([delivered()])).rejects.toBeInstanceOf(BusUnavailableError);
      const failMs = performance.now() - started;
      // It rejects at once rather than waiting out the 5 s publish timeout: the outbox retries later.
      expect(failMs).toBeLessThan(2500);
      await expect(b.ping()).rejects.toThrow();

      // Published by another client while ours is away: the durable queue keeps it for us.
      const whileAway = delivered();
      const other = await bus();
      await other.publish([whileAway]);

      proxy.restore();
      await waitFor("the bus to reconnect", async () =>
        b.ping().then(
          () => true,
          () => false,
        ),
      );
      await waitFor("the event published during the outage", () => got.includes(whileAway.id));

      const after = delivered();
      await b.publish([after]);
      await waitFor("an event published after reconnecting", () => got.includes(after.id) && fanout === 2);
      expect(got).toEqual([before.id, whileAway.id, after.id]);
    });
  });
});
