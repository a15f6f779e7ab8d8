import { nowMs } from "./order-stream.ts";
import { countOrders, fillCart, placeOrder, signUp } from "./orders.ts";
import type { BenchPlatform, Student } from "./client.ts";
import { percentOf } from "./baseline.ts";
import { countSql, type CountSource, type SqlPerOrder } from "./sql.ts";
import { fmtMs, summarize, type Row, type Summary } from "./stats.ts";

export interface ThroughputOptions {
  /** Student counts to run, one level after another. */
  levels: number[];
  /** Load time per level; the run also stops at `maxOrders`, whichever comes first. */
  durationMs: number;
  maxOrders: number;
  /** After a level, how long every confirmed order gets to reach DELIVERED. */
  drainTimeoutMs: number;
  /** The platform's statement counts: when given, each level reports SQL per order (load and drain). */
  counts?: CountSource | undefined;
}

export interface ThroughputLevel {
  students: number;
  elapsedMs: number;
  confirmed: number;
  errors: number;
  firstErrors: string[];
  ordersPerSecond: number;
  /** Cart add + POST /orders, as a student clicking "add" then "order" waits. */
  orderLatency: Summary;
  postLatency: Summary;
  /** Confirmed orders that reached DELIVERED, and how long after the load stopped the last one did. */
  delivered: number;
  drainMs: number;
  sql?: SqlPerOrder;
}

async function drain(
  p: BenchPlatform,
  placed: Map<Student, number>,
  timeoutMs: number,
): Promise<{ delivered: number; drainMs: number }> {
  const started = nowMs();
  const expected = [...placed.values()].reduce((a, b) => a + b, 0);
  let delivered = 0;
  while (true) {
    const counts = await Promise.all([...placed.keys()].map((s) => countOrders(p, s, "DELIVERED")));
    delivered = counts.reduce((a, b) => a + b, 0);
    if (delivered >= expected || nowMs() - started > timeoutMs) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { delivered, drainMs: nowMs() - started };
}

async function level(p: BenchPlatform, students: number, opts: ThroughputOptions): Promise<ThroughputLevel> {
  const crowd = await signUp(p, students);
  const placed = new Map<Student, number>(crowd.map((s) => [s, 0]));
  const orderLatency: number[] = [];
  const postLatency: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let started = 0;
  const begin = nowMs();
  const deadline = begin + opts.durationMs;

  await Promise.all(
    crowd.map(async (student) => {
      while (nowMs() < deadline && started < opts.maxOrders) {
        started++;
        const t0 = nowMs();
        try {
          await fillCart(p, student);
          const t1 = nowMs();
          await placeOrder(p, student);
          const t2 = nowMs();
          orderLatency.push(t2 - t0);
          postLatency.push(t2 - t1);
          placed.set(student, placed.get(student)! + 1);
        } catch (err) {
          errors++;
          if (firstErrors.length < 5) firstErrors.push((err as Error).message);
          // A failed order can leave the cart filled; start the next one from an empty cart.
          await p.api("/api/cart/cart", { method: "DELETE", token: student.token }).catch(() => undefined);
        }
      }
    }),
  );
  const elapsedMs = nowMs() - begin;
  const confirmed = orderLatency.length;
  const { delivered, drainMs } = await drain(p, placed, opts.drainTimeoutMs);
  return {
    students,
    elapsedMs,
    confirmed,
    errors,
    firstErrors,
    ordersPerSecond: confirmed / (elapsedMs / 1000),
    orderLatency: summarize(orderLatency),
    postLatency: summarize(postLatency),
    delivered,
    drainMs,
  };
}

/** Closed-loop load: each student orders again as soon as the previous order is confirmed. */
export async function runOrderThroughput(p: BenchPlatform, opts: ThroughputOptions): Promise<ThroughputLevel[]> {
  const results: ThroughputLevel[] = [];
  for (const students of opts.levels) {
    if (!opts.counts) {
      results.push(await level(p, students, opts));
      continue;
    }
    let measured: ThroughputLevel | undefined;
    const { sql } = await countSql(opts.counts, async () => {
      measured = await level(p, students, opts);
      return measured.delivered;
    });
    results.push({ ...measured!, sql });
  }
  return results;
}

/** `bareWritesPerSecond`: the bare stack's order + outbox transactions per second, for the ratio column. */
export function throughputRows(mode: string, levels: ThroughputLevel[], bareWritesPerSecond: number): Row[] {
  return levels.map((l) => ({
    mode,
    students: l.students,
    seconds: (l.elapsedMs / 1000).toFixed(1),
    confirmed: l.confirmed,
    "orders/s": l.ordersPerSecond.toFixed(1),
    "% of bare writes/s": percentOf(l.ordersPerSecond, bareWritesPerSecond),
    "p50 ms": fmtMs(l.orderLatency.p50),
    "p95 ms": fmtMs(l.orderLatency.p95),
    "POST p50": fmtMs(l.postLatency.p50),
    "POST p95": fmtMs(l.postLatency.p95),
    "POST p99": fmtMs(l.postLatency.p99),
    errors: l.errors,
    delivered: `${l.delivered}/${l.confirmed}`,
    "drain ms": fmtMs(l.drainMs),
  }));
}
