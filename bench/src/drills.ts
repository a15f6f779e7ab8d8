import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { createTcpProxy, testRabbitUrl } from "@ustbites/kit/testing";
import { FASTEST_CLOCK } from "./client.ts";
import { launchPlatform } from "./launch.ts";
import { nowMs } from "./order-stream.ts";
import { countOrders, fillCart, placeOrder, signUp } from "./orders.ts";
import type { Row } from "./stats.ts";

const exec = promisify(execFile);

export interface DrillOptions {
  /** Orders placed in the drill. */
  orders: number;
  /** Students ordering at once. */
  students: number;
  /** How long the broker stays cut. */
  cutMs: number;
  /** After the broker is back, how long every confirmed order gets to reach DELIVERED. */
  drainTimeoutMs: number;
}

export interface DrillResult {
  name: string;
  placed: number;
  confirmed: number;
  errors: number;
  firstErrors: string[];
  delivered: number;
  /** Confirmed orders that never reached DELIVERED: must be 0. */
  lost: number;
  /** Effects that happened twice (each must be 0): charges, emails, deliveries. */
  doubleCharges: number;
  doubleEmails: number;
  doubleDeliveries: number;
  /** Messages parked in dead-letter queues. */
  deadLettered: number;
  /** From the broker's return to the last order DELIVERED. */
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
  const { stdout } = await exec("rabbitmqctl", ["list_queues", "-q", "-p", vhost, "name", "messages", "--formatter", "json"], { timeout: 30_000 });
  const queues = JSON.parse(stdout) as { name: string; messages: number }[];
  return queues.filter((q) => q.name.endsWith(".dlq")).reduce((a, q) => a + q.messages, 0);
}

/**
 * Broker cut: `orders` orders placed by `students` at once, on the real servers with RabbitMQ reached
 * through a TCP proxy this runner holds. A quarter of the way in, the proxy drops every connection and
 * refuses new ones for `cutMs`; ordering carries on (the outbox holds the events). Then: were all
 * confirmed orders delivered, did anything happen twice, what went to a dead-letter queue, and how
 * long did the backlog take to drain once the broker was back.
 */
export async function runBrokerCut(opts: DrillOptions): Promise<DrillResult> {
  const proxy = await createTcpProxy({ targetPort: Number(new URL(testRabbitUrl()).port || 5672) });
  const p = await launchPlatform("real", FASTEST_CLOCK, { brokerPort: proxy.port });
  try {
    const students = await signUp(p, opts.students);
    const placed = new Map(students.map((s) => [s, 0]));
    let started = 0;
    let errors = 0;
    const firstErrors: string[] = [];
    let cutAt: number | undefined;
    let restoredAt: number | undefined;
    const cutAfter = Math.max(1, Math.floor(opts.orders / 4));
    const restore = () => {
      proxy.restore();
      restoredAt = nowMs();
    };
    let timer: NodeJS.Timeout | undefined;
    await Promise.all(
      students.map(async (student) => {
        while (started < opts.orders) {
          started++;
          if (started === cutAfter && cutAt === undefined) {
            proxy.cut();
            cutAt = nowMs();
            timer = setTimeout(restore, opts.cutMs);
          }
          try {
            await fillCart(p, student);
            await placeOrder(p, student);
            placed.set(student, placed.get(student)! + 1);
          } catch (err) {
            errors++;
            if (firstErrors.length < 5) firstErrors.push((err as Error).message);
            await p.api("/api/cart/cart", { method: "DELETE", token: student.token }).catch(() => undefined);
          }
        }
      }),
    );
    // Orders outran the cut: wait it out, so the drain is measured from the broker's return.
    if (restoredAt === undefined) {
      clearTimeout(timer);
      await new Promise((r) => setTimeout(r, Math.max(0, (cutAt ?? nowMs()) + opts.cutMs - nowMs())));
      restore();
    }
    const confirmed = [...placed.values()].reduce((a, b) => a + b, 0);
    let delivered = 0;
    let lastDelivered = nowMs();
    while (nowMs() - restoredAt! < opts.drainTimeoutMs) {
      const counts = await Promise.all([...placed.keys()].map((s) => countOrders(p, s, "DELIVERED")));
      const now = counts.reduce((a, b) => a + b, 0);
      if (now > delivered) lastDelivered = nowMs();
      delivered = now;
      if (delivered >= confirmed) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1000)); // emails trail the last DELIVERED
    const { databases: db, vhost } = await p.stores();
    return {
      name: `broker cut ${opts.cutMs / 1000} s`,
      placed: started,
      confirmed,
      errors,
      firstErrors,
      delivered,
      lost: confirmed - delivered,
      doubleCharges: await extraRows(db.payment!, "SELECT (SELECT count(*) FROM processor_charges) - (SELECT count(*) FROM payments) AS extra"),
      doubleEmails: await extraRows(db.notification!, "SELECT count(*) - count(DISTINCT (order_id, template, channel)) AS extra FROM notifications WHERE order_id IS NOT NULL"),
      doubleDeliveries: await extraRows(db.delivery!, "SELECT count(*) - count(DISTINCT order_id) AS extra FROM deliveries"),
      deadLettered: vhost ? await deadLettered(vhost) : Number.NaN,
      drainMs: lastDelivered - restoredAt!,
    };
  } finally {
    await p.close();
    await proxy.close();
  }
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
