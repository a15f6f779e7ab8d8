import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createEvent, TEST_CARDS, type Order } from "@ustbites/contracts";
import { createAmqpBus } from "@ustbites/kit/bus";
import { createTcpProxy, testRabbitUrl, type TcpProxy } from "@ustbites/kit/testing";
import { FASTEST_CLOCK, type Student } from "./client.ts";
import { launchPlatform, type LaunchedPlatform } from "./launch.ts";
import { nowMs } from "./order-stream.ts";
import { countOrders, fillCart, signUp } from "./orders.ts";
import type { Row } from "./stats.ts";

const exec = promisify(execFile);

export interface DrillOptions {
  /** Orders placed in the drill. */
  orders: number;
  /** Students ordering at once. */
  students: number;
  /** How long the broker stays cut (broker-cut drill). */
  cutMs: number;
  /** After the fault is over, how long every order gets to end (and poison to be parked). */
  drainTimeoutMs: number;
}

export interface DrillResult {
  name: string;
  placed: number;
  confirmed: number;
  errors: number;
  firstErrors: string[];
  delivered: number;
  /** Accepted orders (201 or 202) that never ended (DELIVERED, or PAYMENT_FAILED when the payment never settled): must be 0. */
  lost: number;
  /** Effects that happened twice (each must be 0): charges, emails, deliveries. */
  doubleCharges: number;
  doubleEmails: number;
  doubleDeliveries: number;
  /** Messages parked in dead-letter queues. */
  deadLettered: number;
  /** From the end of the fault to the last order ending. */
  drainMs: number;
}

/** Rows past the first per key: what a second effect would leave behind. */
async function extraRows(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ extra: string }>(sql)).rows[0]?.extra ?? 0);
  } finally {
    await client.end();
  }
}

/** Messages in the vhost's `*.dlq` queues, read with rabbitmqctl (this machine's broker only). */
async function deadLettered(vhost: string): Promise<number> {
  const { stdout } = await exec(
    "rabbitmqctl",
    ["list_queues", "-q", "-p", vhost, "name", "messages", "--formatter", "json"],
    { timeout: 30_000 },
  );
  const queues = JSON.parse(stdout) as { name: string; messages: number }[];
  return queues.filter((q) => q.name.endsWith(".dlq")).reduce((a, q) => a + q.messages, 0);
}

/** The running drill, for a fault to act on. */
interface DrillContext {
  p: LaunchedPlatform;
  proxy: TcpProxy;
}

/** One fault: what it does a quarter of the way into the orders, and what orders pay with meanwhile. */
interface Fault {
  name: string;
  /** The card the n-th order pays with; the success card when absent. */
  card?: (n: number) => string;
  /** Starts the fault; resolves when it is over (the drain is measured from then). */
  inflict(ctx: DrillContext): Promise<void>;
  /** Messages this fault should leave in dead-letter queues; the drill waits (bounded) until they are there. */
  expectDeadLetters?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `POST /orders` as placeOrder, but a 202 (payment outcome not known yet) is an accepted order too. */
async function placeAccepting202(
  p: LaunchedPlatform,
  student: Student,
  card: string,
): Promise<"confirmed" | "pending"> {
  const placed = await p.api<Order>("/api/order/orders", {
    method: "POST",
    token: student.token,
    headers: { "idempotency-key": randomUUID() },
    body: { deliveryAddress: { building: "Hall 5", room: "512" }, payment: { ...p.card(), number: card } },
  });
  if (placed.status === 202) return "pending";
  // Settled and paid; it may already have moved on (the reconciler confirmed it and the kitchen accepted meanwhile).
  if (placed.status === 201 && placed.body.status !== "PAYMENT_FAILED") return "confirmed";
  throw new Error(`POST /orders answered ${placed.status} (${placed.body.status ?? JSON.stringify(placed.body)})`);
}

/**
 * `orders` orders placed by `students` at once, on the real servers with RabbitMQ reached through a TCP
 * proxy this runner holds; a quarter of the way in, the fault starts. Then: did every accepted order end
 * (DELIVERED, or PAYMENT_FAILED for one whose payment never settled), did anything happen twice, what
 * went to a dead-letter queue, and how long the backlog took to drain once the fault was over.
 */
async function runDrill(fault: Fault, opts: DrillOptions): Promise<DrillResult> {
  const proxy = await createTcpProxy({ targetPort: Number(new URL(testRabbitUrl()).port || 5672) });
  const p = await launchPlatform("real", FASTEST_CLOCK, { brokerPort: proxy.port });
  try {
    const students = await signUp(p, opts.students);
    const placed = new Map(students.map((s) => [s, 0]));
    let started = 0;
    let confirmed = 0;
    let errors = 0;
    const firstErrors: string[] = [];
    let inflicted: Promise<void> | undefined;
    const cutAfter = Math.max(1, Math.floor(opts.orders / 4));
    await Promise.all(
      students.map(async (student) => {
        while (started < opts.orders) {
          const n = started++;
          if (n + 1 === cutAfter) inflicted = fault.inflict({ p, proxy });
          try {
            await fillCart(p, student);
            const outcome = await placeAccepting202(p, student, fault.card?.(n) ?? TEST_CARDS.success);
            placed.set(student, placed.get(student)! + 1);
            if (outcome === "confirmed") confirmed++;
          } catch (err) {
            errors++;
            if (firstErrors.length < 5) firstErrors.push((err as Error).message);
            await p.api("/api/cart/cart", { method: "DELETE", token: student.token }).catch(() => undefined);
          }
        }
      }),
    );
    await (inflicted ?? fault.inflict({ p, proxy }));
    const over = nowMs();
    const accepted = [...placed.values()].reduce((a, b) => a + b, 0);
    let ended = 0;
    let delivered = 0;
    let lastEnded = nowMs();
    while (nowMs() - over < opts.drainTimeoutMs) {
      const counts = await Promise.all(
        [...placed.keys()].map(
          async (s) => [await countOrders(p, s, "DELIVERED"), await countOrders(p, s, "PAYMENT_FAILED")] as const,
        ),
      );
      delivered = counts.reduce((a, [d]) => a + d, 0);
      const now = counts.reduce((a, [d, f]) => a + d + f, 0);
      if (now > ended) lastEnded = nowMs();
      ended = now;
      if (ended >= accepted) break;
      await sleep(200);
    }
    await sleep(1000); // emails trail the last DELIVERED
    const { databases: db, vhost } = await p.stores();
    let parked = vhost ? await deadLettered(vhost) : Number.NaN;
    // Poison is retried with backoff before it is parked (notification: 8 attempts, about a minute).
    for (
      const waitStarted = nowMs();
      vhost &&
      fault.expectDeadLetters &&
      parked < fault.expectDeadLetters &&
      nowMs() - waitStarted < opts.drainTimeoutMs;
    ) {
      await sleep(2000);
      parked = await deadLettered(vhost);
    }
    return {
      name: fault.name,
      placed: started,
      confirmed,
      errors,
      firstErrors,
      delivered,
      lost: accepted - ended,
      doubleCharges: await extraRows(
        db.payment!,
        "SELECT (SELECT count(*) FROM processor_charges) - (SELECT count(*) FROM payments) AS extra",
      ),
      doubleEmails: await extraRows(
        db.notification!,
        "SELECT count(*) - count(DISTINCT (order_id, template, channel)) AS extra FROM notifications WHERE order_id IS NOT NULL",
      ),
      doubleDeliveries: await extraRows(
        db.delivery!,
        "SELECT count(*) - count(DISTINCT order_id) AS extra FROM deliveries",
      ),
      deadLettered: parked,
      drainMs: lastEnded - over,
    };
  } finally {
    await p.close();
    await proxy.close();
  }
}

/** (a) The broker connection is cut for `cutMs` and refused meanwhile; ordering carries on (the outbox holds the events). */
export const brokerCut = (cutMs: number): Fault => ({
  name: `broker cut ${cutMs / 1000} s`,
  async inflict({ proxy }) {
    proxy.cut();
    await sleep(cutMs);
    proxy.restore();
  },
});

/**
 * (c) One order in ten pays with the card whose processor answers after order-service gave up: the
 * POST answers 202 and the order is settled later by payment.succeeded (the reconciler).
 */
export const paymentTimeouts: Fault = {
  name: "10% of payments time out",
  card: (n) => (n % 10 === 9 ? TEST_CARDS.timeout : TEST_CARDS.success),
  inflict: async () => {},
};

const POISON_EVENTS = 3;

/**
 * (d) Poison: delivery events for orders and students nobody knows, published straight onto the
 * platform's exchange. order-service's delivery consumer and notification's consumer throw on each,
 * retry with backoff and park it in their dead-letter queue, while real orders go on around them.
 */
export const poisonEvents: Fault = {
  name: `poison events (${POISON_EVENTS})`,
  expectDeadLetters: 2 * POISON_EVENTS,
  async inflict({ p }) {
    const { vhost } = await p.stores();
    const url = new URL(testRabbitUrl());
    url.pathname = `/${encodeURIComponent(vhost!)}`;
    const bus = await createAmqpBus({
      url: url.toString(),
      service: "bench",
      log: { info() {}, warn() {}, error() {} },
    });
    try {
      const courier = { id: randomUUID(), name: "Nobody", vehicle: "bike" as const, phone: "+852 ****0000" };
      await bus.publish(
        Array.from({ length: POISON_EVENTS }, () =>
          createEvent(
            "delivery.picked_up",
            { orderId: randomUUID(), userId: randomUUID(), courier, eta: null, at: new Date().toISOString() },
            { source: "delivery" },
          ),
        ),
      );
    } finally {
      await bus.close();
    }
  },
};

/** The drills `--only drills` runs, one platform each. */
export async function runDrills(opts: DrillOptions, log: (line: string) => void): Promise<DrillResult[]> {
  const results: DrillResult[] = [];
  for (const fault of [brokerCut(opts.cutMs), paymentTimeouts, poisonEvents]) {
    log(`drill: ${fault.name}, ${opts.orders} orders by ${opts.students} students`);
    results.push(await runDrill(fault, opts));
  }
  return results;
}

export function drillRows(results: DrillResult[]): Row[] {
  return results.map((d) => ({
    drill: d.name,
    placed: d.placed,
    confirmed: d.confirmed,
    errors: d.errors,
    delivered: d.delivered,
    lost: d.lost,
    "double charges": d.doubleCharges,
    "double emails": d.doubleEmails,
    "double deliveries": d.doubleDeliveries,
    "in DLQs": d.deadLettered,
    "drain s": (d.drainMs / 1000).toFixed(1),
  }));
}
