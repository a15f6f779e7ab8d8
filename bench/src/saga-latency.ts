import type { OrderStatus } from "@ustbites/contracts";
import { nowMs, openOrderStream, type OrderStream, type StatusSeen } from "./order-stream.ts";
import { fillCart, placeOrder } from "./orders.ts";
import type { BenchPlatform, Student } from "./client.ts";
import { times } from "./baseline.ts";
import { countSql, type CountSource, type SqlPerOrder } from "./sql.ts";
import { fmtMs, summarize, type Row, type Summary } from "./stats.ts";

export interface SagaOptions {
  /** Orders per phase. */
  orders: number;
  /** Students placing orders at once in the concurrent phase. */
  concurrency: number;
  /** Longest wait for one order to be DELIVERED. */
  timeoutMs: number;
  /** Orders placed and delivered first, not counted (JIT, caches, connection pools). */
  warmup: number;
  /** No new order starts after this long in one phase. */
  phaseBudgetMs: number;
  /** The platform's statement counts: when given, the sequential phase reports SQL per order. */
  counts?: CountSource | undefined;
}

/** One order's timeline, in milliseconds from the moment `POST /orders` was sent. */
export interface SagaSample {
  /** The POST's round trip: cart read, re-pricing, payment, commit (the student's "order placed"). */
  post: number;
  /** order-service's CONFIRMED timestamp. */
  confirmed: number;
  accepted: number;
  pickedUp: number;
  /** order-service's DELIVERED timestamp. */
  delivered: number;
  /** When the client received DELIVERED on the order WebSocket: the number a student experiences. */
  deliveredOnSocket: number;
}

export interface SagaPhase {
  name: string;
  orders: number;
  concurrency: number;
  wallMs: number;
  failures: string[];
  stats: Record<keyof SagaSample, Summary>;
  sql?: SqlPerOrder;
}

const TERMINAL: OrderStatus[] = ["DELIVERED", "CANCELLED", "PAYMENT_FAILED"];

function timeline(start: number, postDone: number, seen: StatusSeen[]): SagaSample {
  const at = (status: OrderStatus) => {
    const s = seen.find((x) => x.status === status);
    if (!s) throw new Error(`the stream never showed ${status} (saw ${seen.map((x) => x.status).join(" → ")})`);
    return s;
  };
  const delivered = at("DELIVERED");
  return {
    post: postDone - start,
    confirmed: at("CONFIRMED").at - start,
    accepted: at("PREPARING").at - start,
    pickedUp: at("PICKED_UP").at - start,
    delivered: delivered.at - start,
    deliveredOnSocket: delivered.receivedAt - start,
  };
}

/** Fills the cart (untimed), places one order and follows it to DELIVERED on the open socket. */
async function oneOrder(
  p: BenchPlatform,
  student: Student,
  stream: OrderStream,
  timeoutMs: number,
): Promise<SagaSample> {
  await fillCart(p, student);
  const start = nowMs();
  const order = await placeOrder(p, student);
  const postDone = nowMs();
  const seen = await stream.follow(order.id, TERMINAL, timeoutMs);
  return timeline(start, postDone, seen);
}

async function phase(
  p: BenchPlatform,
  name: string,
  orders: number,
  concurrency: number,
  timeoutMs: number,
  budgetMs: number,
): Promise<SagaPhase> {
  const students = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const student = await p.student();
      return { student, stream: await openOrderStream(p.gateway, student.token) };
    }),
  );
  const samples: SagaSample[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = nowMs();
  try {
    await Promise.all(
      students.map(async ({ student, stream }) => {
        while (next < orders && nowMs() - started < budgetMs) {
          next++;
          try {
            samples.push(await oneOrder(p, student, stream, timeoutMs));
          } catch (err) {
            failures.push((err as Error).message);
          }
        }
      }),
    );
  } finally {
    for (const s of students) s.stream.close();
  }
  const keys = ["post", "confirmed", "accepted", "pickedUp", "delivered", "deliveredOnSocket"] as const;
  const stats = Object.fromEntries(keys.map((k) => [k, summarize(samples.map((s) => s[k]))])) as Record<
    keyof SagaSample,
    Summary
  >;
  return { name, orders, concurrency, wallMs: nowMs() - started, failures, stats };
}

/** Sequential orders, then `concurrency` students ordering at once, each order followed to DELIVERED. */
export async function runSagaLatency(p: BenchPlatform, opts: SagaOptions): Promise<SagaPhase[]> {
  if (opts.warmup > 0) await phase(p, "warm-up", opts.warmup, 1, opts.timeoutMs, opts.phaseBudgetMs);
  const runSequential = () => phase(p, "sequential", opts.orders, 1, opts.timeoutMs, opts.phaseBudgetMs);
  let sequential: SagaPhase;
  if (opts.counts) {
    let measured: SagaPhase | undefined;
    const { sql } = await countSql(opts.counts, async () => {
      measured = await runSequential();
      return measured.stats.deliveredOnSocket.n;
    });
    sequential = { ...measured!, sql };
  } else {
    sequential = await runSequential();
  }
  const concurrent = await phase(
    p,
    `${opts.concurrency} concurrent`,
    opts.orders,
    opts.concurrency,
    opts.timeoutMs,
    opts.phaseBudgetMs,
  );
  return [sequential, concurrent];
}

/** One order with the clock as `npm start` runs it: the wait a demo audience sits through. */
export async function runDemoClockOrder(p: BenchPlatform, timeoutMs: number): Promise<SagaPhase> {
  return phase(p, "demo clock, 1 order", 1, 1, timeoutMs, timeoutMs);
}

const LABELS: Record<keyof SagaSample, string> = {
  post: "POST /orders round trip",
  confirmed: "→ CONFIRMED (server)",
  accepted: "→ PREPARING (kitchen accepted, server)",
  pickedUp: "→ PICKED_UP (server)",
  delivered: "→ DELIVERED (server)",
  deliveredOnSocket: "→ DELIVERED on the WebSocket",
};

/** `bareWriteP50`: the bare stack's sequential order + outbox write; every p50 is shown as a multiple of it. */
export function sagaRows(mode: string, phases: SagaPhase[], bareWriteP50: number): Row[] {
  return phases.flatMap((ph) =>
    (Object.keys(LABELS) as (keyof SagaSample)[]).map((k) => ({
      mode,
      phase: ph.name,
      "ms from POST sent": LABELS[k],
      n: ph.stats[k].n,
      p50: fmtMs(ph.stats[k].p50),
      "p50 × bare write": times(ph.stats[k].p50, bareWriteP50),
      p95: fmtMs(ph.stats[k].p95),
      max: fmtMs(ph.stats[k].max),
      failed: ph.failures.length,
    })),
  );
}
