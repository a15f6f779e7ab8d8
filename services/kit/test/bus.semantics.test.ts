import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "@ustbites/contracts";
import { openBus, topicMatcher, type DeliveryInfo } from "../src/bus/index.ts";
import {
  amqpHarness,
  delivered,
  memoryHarness,
  paymentSucceeded,
  silentLog,
  sleep,
  statusChanged,
  waitFor,
  type BusHarness,
} from "./fixtures/bus/helpers.ts";

const RETRY = { maxAttempts: 3, retryDelayMs: 50 };

describe("topicMatcher", () => {
  it.each([
    ["order.*", "order.created", true],
    ["order.*", "order.status.changed", false],
    ["order.*", "order", false],
    ["order.#", "order", true],
    ["order.#", "order.a.b", true],
    ["#", "payment.succeeded", true],
    ["#.delivered", "order.delivered", true],
    ["#.delivered", "delivered", true],
    ["*.delivered", "delivery.delivered", true],
    ["*.delivered", "order.delivered.late", false],
    ["order.#.late", "order.delivered.late", true],
    ["order.#.late", "order.late", true],
    ["order.created", "order.created", true],
    ["order.created", "order.cancelled", false],
    ["*", "order.created", false],
  ])("%s against %s is %s", (pattern, key, expected) => {
    expect(topicMatcher(pattern)(key)).toBe(expected);
  });
});

describe.each([
  ["memory", memoryHarness],
  ["amqp", () => amqpHarness({ retryDelays: [50, 100, 500, 1000, 2000, 4000] })],
] as const)("%s bus", (_kind, makeHarness) => {
  let h: BusHarness;
  beforeAll(() => {
    h = makeHarness();
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it("delivers published events to the subscriptions whose bindings match, after publish resolved", async () => {
    const bus = await h.bus();
    const byPattern: Record<string, string[]> = { "order.*": [], "#.delivered": [], "payment.#": [] };
    let publishing = false;
    let deliveredDuringPublish = 0;
    const infos: DeliveryInfo[] = [];
    for (const pattern of Object.keys(byPattern)) {
      await bus.subscribe({
        queue: h.queue("routing"),
        bindings: [pattern],
        handler: async (event, info) => {
          if (publishing) deliveredDuringPublish++;
          infos.push(info);
          byPattern[pattern]?.push(event.type);
        },
      });
    }
    const status = statusChanged(1);
    publishing = true;
    const published = bus.publish([status, delivered()], { requestId: "req-123" });
    publishing = false;
    await published;

    await waitFor(
      "both order events",
      () => byPattern["order.*"]?.length === 2 && byPattern["#.delivered"]?.length === 1,
    );
    await sleep(100);
    expect(byPattern["order.*"]?.sort()).toEqual(["order.delivered", "order.status_changed"]);
    expect(byPattern["#.delivered"]).toEqual(["order.delivered"]);
    expect(byPattern["payment.#"]).toEqual([]);
    expect(deliveredDuringPublish).toBe(0);
    expect(infos.every((info) => info.attempt === 1 && info.requestId === "req-123")).toBe(true);
  });

  it("hands each message on one queue to exactly one of its competing consumers", async () => {
    const queue = h.queue("competing");
    const seen: Record<string, string[]> = { a: [], b: [] };
    for (const consumer of ["a", "b"] as const) {
      const bus = await h.bus();
      await bus.subscribe({
        queue,
        bindings: ["order.status_changed"],
        prefetch: 1,
        handler: async (event) => {
          seen[consumer]?.push(event.id);
          await sleep(5);
        },
      });
    }
    const events = Array.from({ length: 20 }, (_, i) => statusChanged(i + 1));
    await (await h.bus()).publish(events);

    const all = () => [...(seen.a ?? []), ...(seen.b ?? [])];
    await waitFor("20 deliveries", () => all().length >= 20);
    await sleep(150);
    expect(all().sort()).toEqual(events.map((e) => e.id).sort());
    expect(seen.a?.length).toBeGreaterThan(0);
    expect(seen.b?.length).toBeGreaterThan(0);
  });

  it("gives every fan-out subscriber its own copy of every message", async () => {
    const copies: string[][] = [[], [], []];
    for (const received of copies) {
      const bus = await h.bus();
      await bus.subscribe({ bindings: ["order.#"], handler: async (event) => void received.push(event.id) });
    }
    const events = [statusChanged(1), statusChanged(2), delivered()];
    await (await h.bus()).publish(events);
    await waitFor("three copies of three events", () => copies.every((received) => received.length === 3));
    for (const received of copies) expect(received.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it("retries a failing event with backoff, parks it in the DLQ after maxAttempts, and keeps the others flowing", async () => {
    const bus = await h.bus();
    const queue = h.queue("retry");
    const poison = statusChanged(2);
    const flaky = statusChanged(3);
    const handled: string[] = [];
    const poisonAttempts: { attempt: number; at: number }[] = [];
    const flakyAttempts: number[] = [];
    await bus.subscribe({
      queue,
      bindings: ["order.status_changed"],
      ...RETRY,
      handler: async (event, info) => {
        if (event.id === poison.id) {
          poisonAttempts.push({ attempt: info.attempt, at: performance.now() });
          throw new Error("kitchen printer on fire");
        }
        if (event.id === flaky.id) {
          flakyAttempts.push(info.attempt);
          if (info.attempt === 1) throw new Error("try again");
        }
        handled.push(event.id);
      },
    });
    const first = statusChanged(1);
    const last = statusChanged(4);
    await bus.publish([first, poison, flaky, last]);

    await waitFor("the poison event in the DLQ", async () => (await h.deadLetters(queue)).length === 1);
    const [parked] = await h.deadLetters(queue);
    expect(JSON.parse(parked?.body ?? "{}")).toMatchObject({ id: poison.id, type: "order.status_changed" });
    expect(parked?.lastError).toContain("kitchen printer on fire");
    expect(parked?.attempts).toBe(3);
    expect(poisonAttempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    const [a1, a2, a3] = poisonAttempts.map((a) => a.at);
    expect(a2! - a1!).toBeGreaterThanOrEqual(40);
    expect(a3! - a2!).toBeGreaterThanOrEqual(90);
    expect(flakyAttempts).toEqual([1, 2]);
    expect(handled.sort()).toEqual([first.id, flaky.id, last.id].sort());
  });

  it("sends a message that is not a valid event envelope straight to the DLQ", async () => {
    const bus = await h.bus();
    const queue = h.queue("invalid");
    const handled: DomainEvent[] = [];
    await bus.subscribe({ queue, bindings: ["order.#"], ...RETRY, handler: async (event) => void handled.push(event) });
    await h.publishRaw("order.created", "{not json");
    await h.publishRaw("order.created", JSON.stringify({ id: "nope", type: "order.created" }));
    const good = statusChanged(1);
    await bus.publish([good]);

    await waitFor("two parked messages", async () => (await h.deadLetters(queue)).length === 2);
    const parked = await h.deadLetters(queue);
    expect(parked.map((p) => p.attempts)).toEqual([1, 1]);
    expect(parked.every((p) => p.lastError.startsWith("invalid event envelope"))).toBe(true);
    await waitFor("the valid event", () => handled.length === 1);
    expect(handled[0]?.id).toBe(good.id);
  });

  it("never runs more handlers at once than the subscription's prefetch", async () => {
    const bus = await h.bus();
    let running = 0;
    let peak = 0;
    let done = 0;
    await bus.subscribe({
      queue: h.queue("prefetch"),
      bindings: ["order.status_changed"],
      prefetch: 2,
      handler: async () => {
        peak = Math.max(peak, ++running);
        await sleep(30);
        running--;
        done++;
      },
    });
    await bus.publish(Array.from({ length: 8 }, (_, i) => statusChanged(i + 1)));
    await waitFor("eight handled", () => done === 8);
    expect(peak).toBe(2);
  });

  it("keeps a named queue's messages while nobody consumes and delivers them to the next subscriber", async () => {
    const bus = await h.bus();
    const queue = h.queue("durable");
    const first: string[] = [];
    const subscription = await bus.subscribe({
      queue,
      bindings: ["payment.*"],
      handler: async (e) => void first.push(e.id),
    });
    await subscription.close();
    const events = [paymentSucceeded(), paymentSucceeded()];
    await bus.publish(events);
    await sleep(100);
    expect(first).toEqual([]);

    const second: string[] = [];
    await bus.subscribe({ queue, bindings: ["payment.*"], handler: async (e) => void second.push(e.id) });
    await waitFor("both events", () => second.length === 2);
    expect(second.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it("waits for in-flight handlers on close and refuses to publish afterwards", async () => {
    const bus = await h.bus();
    let finished = false;
    let started = false;
    await bus.subscribe({
      queue: h.queue("close"),
      bindings: ["order.delivered"],
      handler: async () => {
        started = true;
        await sleep(100);
        finished = true;
      },
    });
    await bus.publish([delivered()]);
    await waitFor("the handler to start", () => started);
    await bus.close();
    expect(finished).toBe(true);
    await expect(bus.publish([delivered()])).rejects.toThrow();
    await expect(bus.ping()).rejects.toThrow();
  });
});

describe("openBus", () => {
  it("without a URL gives every service of the process a handle on one in-process bus, with metrics", async () => {
    const logged: string[] = [];
    const log = { ...silentLog, info: (_: object, msg?: string) => void logged.push(msg ?? "") };
    const registry = new Registry();
    const order = await openBus({ service: "order", log });
    const delivery = await openBus({ service: "delivery", log, registry });
    expect(order.kind).toBe("memory");
    expect(logged).toContain("RABBITMQ_URL not set: using the in-process bus");

    const got: string[] = [];
    await delivery.subscribe({
      queue: "delivery.open-bus-test",
      bindings: ["order.delivered"],
      handler: async (e) => void got.push(e.id),
    });
    const event = delivered();
    await order.publish([event]);
    await waitFor("the event across services", () => got.length === 1);
    await delivery.close();
    // One service closing its handle leaves the others working.
    await order.ping();
    await order.close();

    const metrics = await registry.metrics();
    expect(metrics).toContain('bus_consumed_total{queue="delivery.open-bus-test",outcome="ack"} 1');
  });
});
