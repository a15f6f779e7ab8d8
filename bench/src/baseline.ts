import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { spawnChild } from "./child.ts";
import { assertLoopback } from "./client.ts";
import { load, sequential, type LoadResult } from "./load.ts";
import { fmtMs, type Row, type Summary } from "./stats.ts";

const BARE = fileURLToPath(new URL("./bare-serve.ts", import.meta.url));

export interface BaselineOptions {
  /** Sequential writes measured (after a few unmeasured). */
  writes: number;
  /** Concurrent connections for the write and read rates. */
  connections: number;
  durationMs: number;
  /** The bare pool's size: the same as order-service's against a real server, so the write rates compare. */
  poolMax: number;
}

export interface Baseline {
  connections: number;
  poolMax: number;
  /** One transaction inserting an order and an outbox row, one request at a time. */
  write: Summary;
  /** The same at `connections` in flight. */
  writeLoad: LoadResult;
  /** GET of the platform's own menu body from a bare route. */
  read: LoadResult;
}

/** Runs the bare stack (bare-serve.ts) in its own process and measures it as the platform is measured. */
export async function runBaseline(menu: unknown, opts: BaselineOptions): Promise<Baseline> {
  const bare = await spawnChild(BARE, [JSON.stringify(menu), String(opts.poolMax)], "the bare baseline");
  try {
    const url = assertLoopback(z.object({ url: z.string() }).parse(bare.ready).url);
    const order = {
      url: `${url}/orders`,
      method: "POST" as const,
      expect: 201,
      body: () => ({ userId: randomUUID(), totalCents: 10_600 }),
    };
    await sequential({ ...order, count: 20 });
    const write = await sequential({ ...order, count: opts.writes });
    const writeLoad = await load({ ...order, connections: opts.connections, durationMs: opts.durationMs });
    const read = await load({
      url: `${url}/menu`,
      expect: 200,
      connections: opts.connections,
      durationMs: opts.durationMs,
    });
    return { connections: opts.connections, poolMax: opts.poolMax, write, writeLoad, read };
  } finally {
    await bare.stop();
  }
}

export function baselineRows(b: Baseline): Row[] {
  return [
    {
      "bare stack (Fastify + pg, its own process)": "POST: 1 transaction, order + outbox row, sequential",
      n: b.write.n,
      "p50 ms": fmtMs(b.write.p50),
      "p95 ms": fmtMs(b.write.p95),
      "per second": "",
      errors: 0,
    },
    {
      "bare stack (Fastify + pg, its own process)": `POST, ${b.connections} connections (pool ${b.poolMax})`,
      n: b.writeLoad.requests,
      "p50 ms": fmtMs(b.writeLoad.latency.p50),
      "p95 ms": fmtMs(b.writeLoad.latency.p95),
      "per second": Math.round(b.writeLoad.perSecond),
      errors: b.writeLoad.errors,
    },
    {
      "bare stack (Fastify + pg, its own process)": `GET ${(b.read.bytes / 1024).toFixed(1)} KB JSON, ${b.connections} connections`,
      n: b.read.requests,
      "p50 ms": fmtMs(b.read.latency.p50),
      "p95 ms": fmtMs(b.read.latency.p95),
      "per second": Math.round(b.read.perSecond),
      errors: b.read.errors,
    },
  ];
}

/** `value` as a multiple of the baseline's, e.g. "12.3×". */
export const times = (value: number, base: number): string =>
  Number.isFinite(value) && base > 0 ? `${(value / base).toFixed(1)}×` : "–";
/** `value` as a percentage of the baseline's, e.g. "48%". */
export const percentOf = (value: number, base: number): string =>
  Number.isFinite(value) && base > 0 ? `${((100 * value) / base).toFixed(value / base < 0.1 ? 1 : 0)}%` : "–";
