import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "@ustbites/contracts";
import { databaseStatementCounts, openDatabase, type Database } from "../src/db/index.ts";
import {
  createAmqpBus,
  createMemoryBus,
  enqueueEvents,
  handleOnce,
  startOutboxRelay,
  type EventBus,
  type SqlClient,
  type TransactionalClient,
} from "../src/bus/index.ts";
import { createTcpProxy, createTestDatabase, type TestDatabase } from "../src/testing/index.ts";
import { amqpAdmin, RABBITMQ_URL, silentLog, sleep, statusChanged, suffix, waitFor } from "./fixtures/bus/helpers.ts";

const exec = promisify(execFile);
const fixture = path.join(import.meta.dirname, "fixtures/bus");
const migrationsDir = path.join(fixture, "prisma/migrations");
// Inside the package (so the generated client resolves @prisma/client) but in .data/, which git ignores.
const scratch = path.join(import.meta.dirname, "../.data/scratch");

type Client = TransactionalClient & { $disconnect(): Promise<void> };
type ClientModule = { PrismaClient: new (options: { adapter: Database["adapter"] }) => Client };

let clientDir: string;
let PrismaClient: ClientModule["PrismaClient"];
let testDb: TestDatabase;
let database: Database;
let prisma: Client;

beforeAll(async () => {
  await mkdir(scratch, { recursive: true });
  clientDir = await mkdtemp(path.join(scratch, "bus-"));
  await cp(fixture, clientDir, { recursive: true });
  await exec(process.execPath, [path.join(import.meta.dirname, "../src/db/cli.ts"), "generate"], { cwd: clientDir });
  const imported: ClientModule = await import(path.join(clientDir, "src/generated/prisma/client.ts"));
  PrismaClient = imported.PrismaClient;

  testDb = await createTestDatabase("kit-bus");
  database = await openDatabase({
    service: "kit-bus",
    url: testDb.url,
    dataDir: "",
    migrationsDir,
    migrate: true,
    log: silentLog,
  });
  prisma = new PrismaClient(database.clientOptions);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.close();
  await testDb?.drop();
  if (clientDir) await rm(clientDir, { recursive: true, force: true });
});

async function outboxRows(db: Client = prisma) {
  return db.$queryRawUnsafe<{ id: string; published: boolean; attempts: number; last_error: string | null }[]>(
    "SELECT id::text, published_at IS NOT NULL AS published, attempts, last_error FROM outbox",
  );
}

async function tally(name: string, db: Client = prisma): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ count: number }[]>("SELECT count FROM tallies WHERE name = $1", name);
  return rows[0]?.count ?? 0;
}

/** An effect to count: adds one to the tally `name`. */
const bump = (name: string) => async (tx: SqlClient) => {
  await tx.$executeRawUnsafe(
    "INSERT INTO tallies (name, count) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET count = tallies.count + 1",
    name,
  );
};

/** Collects the ids a subscription receives. */
async function collect(bus: EventBus, queue: string | undefined, bindings = ["order.#"]): Promise<string[]> {
  const ids: string[] = [];
  await bus.subscribe({ queue, bindings, handler: async (event) => void ids.push(event.id) });
  return ids;
}

describe("outbox", () => {
  it("publishes events of a committed transaction and never those of one that rolled back", async () => {
    const bus = createMemoryBus({ log: silentLog });
    const received = await collect(bus, "test.outbox.rollback");
    const relay = startOutboxRelay({ db: prisma, bus, service: "order", log: silentLog, intervalMs: 50 });
    try {
      const doomed = statusChanged(1);
      await expect(
        prisma.$transaction(async (tx) => {
          await enqueueEvents(tx, [doomed]);
          throw new Error("payment declined");
        }),
      ).rejects.toThrow("payment declined");
      const kept = [statusChanged(1), statusChanged(2)];
      await prisma.$transaction(async (tx) => enqueueEvents(tx, kept));
      relay.kick();

      await waitFor("both committed events", () => received.length === 2);
      await sleep(150);
      expect(received).toEqual(kept.map((e) => e.id));
      const rows = await outboxRows();
      expect(rows.map((r) => r.id).sort()).toEqual(kept.map((e) => e.id).sort());
      expect(rows.every((r) => r.published && r.attempts === 0)).toBe(true);
    } finally {
      await relay.stop();
      await bus.close();
      await prisma.$executeRawUnsafe("DELETE FROM outbox");
    }
  });

  it("publishes on a kick at once and otherwise stays quiet: an idle relay sends no SQL between slow polls", async () => {
    const bus = createMemoryBus({ log: silentLog });
    const received = await collect(bus, `test.outbox.quiet.${suffix()}`);
    const relay = startOutboxRelay({ db: prisma, bus, service: "order", log: silentLog });
    try {
      await sleep(200); // the first run at start has found the outbox empty
      const before = databaseStatementCounts()["kit-bus"]!.statements;
      await sleep(1000);
      expect(databaseStatementCounts()["kit-bus"]!.statements).toBe(before);

      const event = statusChanged(1);
      await prisma.$transaction(async (tx) => enqueueEvents(tx, [event]));
      const kicked = performance.now();
      relay.kick();
      await waitFor("the kicked event", () => received.length === 1);
      expect(performance.now() - kicked).toBeLessThan(1000);
    } finally {
      await relay.stop();
      await bus.close();
      await prisma.$executeRawUnsafe("DELETE FROM outbox");
    }
  });

  it("delivers a burst enqueued while the broker is unreachable exactly once, in order, after it is back", async () => {
    const proxy = await createTcpProxy({ targetPort: Number(new URL(RABBITMQ_URL).port || 5672) });
    const exchange = `test.events.${suffix()}`;
    const queue = `test.outbox.burst.${suffix()}`;
    const url = RABBITMQ_URL.replace(/:\d+$/, `:${proxy.port}`);
    const bus = await createAmqpBus({
      url,
      service: "order",
      log: silentLog,
      exchange,
      reconnectDelayMs: 50,
      maxReconnectDelayMs: 200,
    });
    const consumerBus = await createAmqpBus({ url: RABBITMQ_URL, service: "delivery", log: silentLog, exchange });
    const received = await collect(consumerBus, queue);
    const registry = new Registry();
    const relay = startOutboxRelay({
      db: prisma,
      bus,
      service: "order",
      log: silentLog,
      registry,
      intervalMs: 50,
      maxBackoffMs: 200,
      batchSize: 20,
    });
    try {
      proxy.cut();
      const events: DomainEvent[] = Array.from({ length: 50 }, (_, i) => statusChanged(i + 1));
      for (let i = 0; i < events.length; i += 10) {
        await prisma.$transaction(async (tx) => enqueueEvents(tx, events.slice(i, i + 10)));
        relay.kick();
      }
      await waitFor("failed publish attempts to be recorded", async () =>
        (await outboxRows()).some((r) => r.attempts >= 2),
      );
      const pending = await registry.getSingleMetricAsString("outbox_pending_events");
      expect(pending).toContain("outbox_pending_events 50");
      const failed = (await outboxRows()).find((r) => r.attempts > 0);
      expect(failed?.last_error).toMatch(/BusUnavailableError/);

      proxy.restore();
      await waitFor("all 50 events", () => received.length >= 50, 60_000);
      await sleep(200);
      expect(received).toEqual(events.map((e) => e.id));
      expect((await outboxRows()).every((r) => r.published)).toBe(true);
      expect(await registry.getSingleMetricAsString("outbox_pending_events")).toContain("outbox_pending_events 0");
    } finally {
      await relay.stop();
      await bus.close();
      await consumerBus.close();
      await proxy.close();
      const admin = await amqpAdmin();
      await admin.channel.deleteQueue(queue);
      await admin.channel.deleteQueue(`${queue}.dlq`);
      for (const delay of [500, 1000, 2000, 4000]) await admin.channel.deleteQueue(`${queue}.retry.${delay}`);
      await admin.channel.deleteExchange(exchange);
      await admin.close();
      await prisma.$executeRawUnsafe("DELETE FROM outbox");
    }
  });

  it("lets two relays on one outbox share the work without publishing a row twice", async () => {
    const bus = createMemoryBus({ log: silentLog });
    const received = await collect(bus, "test.outbox.replicas");
    const events = Array.from({ length: 300 }, (_, i) => statusChanged(i + 1));
    await prisma.$transaction(async (tx) => enqueueEvents(tx, events));
    const relays = [1, 2].map(() =>
      startOutboxRelay({ db: prisma, bus, service: "order", log: silentLog, intervalMs: 20, batchSize: 25 }),
    );
    try {
      await waitFor("300 events", () => received.length >= 300);
      await sleep(150);
      expect(received.length).toBe(300);
      expect(new Set(received).size).toBe(300);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await bus.close();
      await prisma.$executeRawUnsafe("DELETE FROM outbox");
    }
  });
});

describe("handleOnce", () => {
  it("applies the effects of one event once, however often and concurrently it is delivered", async () => {
    const event = statusChanged(1);
    expect(await handleOnce(prisma, "delivery", event.id, bump("once"))).toBe(true);
    expect(await handleOnce(prisma, "delivery", event.id, bump("once"))).toBe(false);
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => handleOnce(prisma, "notification", event.id, bump("once"))),
    );
    expect(concurrent.filter(Boolean)).toHaveLength(1);
    expect(await tally("once")).toBe(2);
  });

  it("forgets the event when its effects fail, so the redelivery runs them", async () => {
    const event = statusChanged(1);
    await expect(
      handleOnce(prisma, "delivery", event.id, async (tx) => {
        await bump("retry")(tx);
        throw new Error("courier service down");
      }),
    ).rejects.toThrow("courier service down");
    expect(await tally("retry")).toBe(0);
    expect(await handleOnce(prisma, "delivery", event.id, bump("retry"))).toBe(true);
    expect(await tally("retry")).toBe(1);
  });
});

describe("on embedded PGlite (one connection)", () => {
  it(
    "relays and consumes while the application keeps writing, without starving or deadlocking",
    { timeout: 120_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "kit-bus-pglite-"));
      const embedded = await openDatabase({
        service: "kit-bus",
        dataDir,
        migrationsDir,
        migrate: true,
        log: silentLog,
      });
      const db = new PrismaClient(embedded.clientOptions);
      const bus = createMemoryBus({ log: silentLog });
      const relay = startOutboxRelay({ db, bus, service: "order", log: silentLog, intervalMs: 20, batchSize: 10 });
      try {
        // A consumer in the same process, on the same one-connection database, as in the platform launcher.
        await bus.subscribe({
          queue: "test.pglite.consumer",
          bindings: ["order.#"],
          handler: async (event) => void (await handleOnce(db, "delivery", event.id, bump("consumed"))),
        });
        const writes = Array.from({ length: 40 }, (_, i) =>
          db
            .$transaction(async (tx) => {
              await bump("written")(tx);
              await enqueueEvents(tx, [statusChanged(i + 1)]);
            })
            .then(() => relay.kick()),
        );
        await Promise.all(writes);
        await waitFor("40 events consumed", async () => (await tally("consumed", db)) === 40, 90_000);
        expect(await tally("written", db)).toBe(40);
        expect((await outboxRows(db)).every((r) => r.published)).toBe(true);
      } finally {
        await relay.stop();
        await bus.close();
        await db.$disconnect();
        await embedded.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
