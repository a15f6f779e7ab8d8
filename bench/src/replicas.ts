import { readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import pg from "pg";
import { testServerUrl } from "@ustbites/kit/testing";
import { createRealStores, type RealStores } from "@ustbites/platform/testing";
import type { Student } from "./client.ts";
import { FASTEST_CLOCK } from "./client.ts";
import { TEST_CARDS } from "@ustbites/contracts";
import { launchPlatform, type LaunchedPlatform } from "./launch.ts";
import { nowMs } from "./order-stream.ts";
import { fillCart, placeAccepting202, signUp } from "./orders.ts";
import { countSql, type Counts, type SqlPerOrder } from "./sql.ts";
import type { ThroughputLevel } from "./order-throughput.ts";
import { fmtMs, summarize, type Row } from "./stats.ts";

export interface ReplicaOptions {
  /** Platform processes per level, one level after another (e.g. 1, 2, 3). */
  replicas: number[];
  /** Students ordering at once, the same at every level, spread evenly over the processes' gateways. */
  students: number;
  /** Load time per level; a level also stops at `maxOrders`. */
  durationMs: number;
  maxOrders: number;
  /** After the load, how long every confirmed order gets to reach DELIVERED. */
  drainTimeoutMs: number;
}

/** The figures of an order-throughput level, with the whole platform replicated `replicas` times. */
export interface ReplicaLevel extends Pick<
  ThroughputLevel,
  | "students"
  | "elapsedMs"
  | "confirmed"
  | "errors"
  | "firstErrors"
  | "ordersPerSecond"
  | "postLatency"
  | "delivered"
  | "drainMs"
> {
  replicas: number;
  /** Of the accepted (`confirmed`) orders, those answered 202: payment outcome settled later. */
  pending: number;
  sql: SqlPerOrder;
  /**
   * CPU the platform processes and this run's PostgreSQL backends used during the load and drain, in
   * cores (CPU seconds per wall second): where the time went on a machine with 2.
   */
  platformCores: number;
  postgresCores: number;
  /** Load average (1 min) when the load started and when it ended. */
  load: [number, number];
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU seconds (user + system) a process has used, or 0 if it is gone. */
async function cpuSeconds(pid: number): Promise<number> {
  try {
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving this run's databases, each with the CPU it has used so far. */
async function backendCpu(server: pg.Client, databases: string[]): Promise<Map<number, number>> {
  const { rows } = await server.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)", [
    databases,
  ]);
  return new Map(await Promise.all(rows.map(async (r) => [r.pid, await cpuSeconds(r.pid)] as const)));
}

/** Every process's statement counts added up per service. */
function addCounts(all: Counts[]): Counts {
  const total: Counts = {};
  for (const counts of all)
    for (const [service, c] of Object.entries(counts)) {
      const t = (total[service] ??= { statements: 0, transactions: 0 });
      t.statements += c.statements;
      t.transactions += c.transactions;
    }
  return total;
}

/** How many of `ids` are DELIVERED, read from order-service's database (the processes share it). */
async function deliveredCount(orderDb: string, ids: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: orderDb });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM orders WHERE status = 'DELIVERED' AND id = ANY($1::uuid[])",
      [ids],
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** Where the accepted orders that did not reach DELIVERED stand, e.g. "not delivered: PAYMENT_FAILED × 2". */
async function undeliveredStatuses(orderDb: string, ids: string[]): Promise<string> {
  const client = new pg.Client({ connectionString: orderDb });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; reason: string | null; n: string }>(
      `SELECT status::text AS status, failure_reason AS reason, count(*) AS n FROM orders
        WHERE status <> 'DELIVERED' AND id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [ids],
    );
    return `not delivered: ${rows.map((r) => `${r.status}${r.reason ? ` (${r.reason})` : ""} × ${r.n}`).join(", ")}`;
  } finally {
    await client.end();
  }
}

/**
 * One level: fresh students spread over the `platforms` running on `stores`, ordering through their
 * own process's gateway for `durationMs`, then every confirmed order must reach DELIVERED.
 */
async function level(
  platforms: LaunchedPlatform[],
  stores: RealStores,
  server: pg.Client,
  opts: ReplicaOptions,
): Promise<ReplicaLevel> {
  const n = platforms.length;
  // Each student signs up at, and then orders through, the gateway of one process, round-robin.
  const share = (i: number) => Math.floor(opts.students / n) + (i < opts.students % n ? 1 : 0);
  const crowd: { p: LaunchedPlatform; student: Student }[] = [];
  for (const [i, p] of platforms.entries()) for (const student of await signUp(p, share(i))) crowd.push({ p, student });

  const counts = async () => addCounts(await Promise.all(platforms.map((p) => p.statementCounts())));
  const postLatency: number[] = [];
  const confirmedIds: string[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let pending = 0;
  let started = 0;
  let elapsedMs = 0;
  let drainMs = 0;
  let delivered = 0;
  const databases = Object.values(stores.databases).map((url) => new URL(url).pathname.slice(1));
  let cpu = { platform: 0, postgres: 0, wallS: 0 };
  const load: [number, number] = [loadavg()[0]!, 0];
  const { sql } = await countSql(counts, async () => {
    const platformBefore = await Promise.all(platforms.map((p) => cpuSeconds(p.pid)));
    const backendsBefore = await backendCpu(server, databases);
    load[0] = loadavg()[0]!;
    const begin = nowMs();
    const deadline = begin + opts.durationMs;
    await Promise.all(
      crowd.map(async ({ p, student }) => {
        while (nowMs() < deadline && started < opts.maxOrders) {
          started++;
          try {
            await fillCart(p, student);
            const t = nowMs();
            // A 202 (the payment call outlived order-service's patience, as it does on a loaded box) is an
            // accepted order too: it must be delivered like the rest.
            const order = await placeAccepting202(p, student, TEST_CARDS.success);
            postLatency.push(nowMs() - t);
            confirmedIds.push(order.id);
            if (!order.confirmed) pending++;
          } catch (err) {
            errors++;
            if (firstErrors.length < 5) firstErrors.push((err as Error).message.slice(0, 300));
            await p.api("/api/cart/cart", { method: "DELETE", token: student.token }).catch(() => undefined);
          }
        }
      }),
    );
    elapsedMs = nowMs() - begin;
    load[1] = loadavg()[0]!;
    const drainStarted = nowMs();
    while (true) {
      delivered = await deliveredCount(stores.databases.order!, confirmedIds);
      if (delivered >= confirmedIds.length || nowMs() - drainStarted > opts.drainTimeoutMs) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    drainMs = nowMs() - drainStarted;
    if (delivered < confirmedIds.length)
      firstErrors.push(await undeliveredStatuses(stores.databases.order!, confirmedIds));
    const platformAfter = await Promise.all(platforms.map((p) => cpuSeconds(p.pid)));
    const backendsAfter = await backendCpu(server, databases);
    cpu = {
      platform: platformAfter.reduce((a, c, i) => a + c - platformBefore[i]!, 0),
      postgres: [...backendsAfter].reduce((a, [pid, c]) => a + c - (backendsBefore.get(pid) ?? 0), 0),
      wallS: (nowMs() - begin) / 1000,
    };
    return confirmedIds.length;
  });
  return {
    replicas: n,
    students: crowd.length,
    elapsedMs,
    confirmed: confirmedIds.length,
    pending,
    errors,
    firstErrors,
    ordersPerSecond: confirmedIds.length / (elapsedMs / 1000),
    postLatency: summarize(postLatency),
    delivered,
    drainMs,
    sql,
    platformCores: cpu.platform / cpu.wallS,
    postgresCores: cpu.postgres / cpu.wallS,
    load,
  };
}

/**
 * One level per replica count, in increasing order, on one set of stores: platform processes are
 * started one after another as the count grows (the first migrates and seeds; the others find both
 * done), as a deployment's replicas of every service. Each process's consumers compete on the vhost's
 * queues, each outbox relay claims its rows with SKIP LOCKED, each scheduler, kitchen and sender pass
 * takes its rows with SKIP LOCKED or a status check, and every gateway serves its share of students.
 */
export async function runReplicas(opts: ReplicaOptions, log: (line: string) => void): Promise<ReplicaLevel[]> {
  const stores = await createRealStores();
  const platforms: LaunchedPlatform[] = [];
  const server = new pg.Client({ connectionString: testServerUrl() });
  const levels: ReplicaLevel[] = [];
  try {
    await server.connect();
    for (const n of [...new Set(opts.replicas)].sort((a, b) => a - b)) {
      while (platforms.length < n) {
        const started = nowMs();
        const seed = platforms.length === 0;
        platforms.push(
          await launchPlatform("real", { ...FASTEST_CLOCK, ...(seed ? {} : { SEED_ON_START: "false" }) }, { stores }),
        );
        log(`replicas: process ${platforms.length} up in ${Math.round(nowMs() - started)} ms`);
      }
      log(`replicas ${n}: ${opts.students} students × ${opts.durationMs / 1000} s over ${n} platform process(es)`);
      levels.push(await level(platforms, stores, server, opts));
    }
    return levels;
  } finally {
    await server.end().catch(() => undefined);
    for (const p of platforms.reverse()) await p.close();
    await stores.drop();
  }
}

export function replicaRows(levels: ReplicaLevel[]): Row[] {
  const one = levels.find((l) => l.replicas === 1)?.ordersPerSecond;
  return levels.map((l) => ({
    processes: l.replicas,
    students: l.students,
    "orders/s": l.ordersPerSecond.toFixed(1),
    "× 1 process": one ? (l.ordersPerSecond / one).toFixed(2) : "",
    "POST p50 / p95": `${fmtMs(l.postLatency.p50)} / ${fmtMs(l.postLatency.p95)}`,
    "accepted (202)": `${l.confirmed} (${l.pending})`,
    errors: l.errors,
    delivered: `${l.delivered}/${l.confirmed}`,
    "drain s": (l.drainMs / 1000).toFixed(1),
    "SQL / order": (l.sql.total.statements / Math.max(1, l.sql.orders)).toFixed(1),
    "transactions / order": (l.sql.total.transactions / Math.max(1, l.sql.orders)).toFixed(1),
    "platform cores": l.platformCores.toFixed(2),
    "PostgreSQL cores": l.postgresCores.toFixed(2),
    "load 1 min (start → end)": `${l.load[0].toFixed(1)} → ${l.load[1].toFixed(1)}`,
  }));
}
