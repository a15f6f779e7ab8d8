import { FASTEST_CLOCK, type Mode } from "./client.ts";
import { launchPlatform, type LaunchedPlatform } from "./launch.ts";
import { runOrderThroughput, type ThroughputLevel } from "./order-throughput.ts";
import { fmtMs, type Row } from "./stats.ts";

export interface TracingCostOptions {
  /** Concurrent students in every round. */
  students: number;
  /** Seconds of load per round and platform. */
  durationMs: number;
  /** Rounds; each runs both platforms, in alternating order. */
  rounds: number;
  maxOrders: number;
  drainTimeoutMs: number;
}

export type Tracing = "on" | "off";

export interface TracingRound {
  round: number;
  tracing: Tracing;
  level: ThroughputLevel;
}

export interface TracingCostResult {
  mode: Mode;
  students: number;
  rounds: TracingRound[];
  /** Confirmed orders per second over all rounds of each platform (total confirmed / total seconds). */
  ordersPerSecond: Record<Tracing, number>;
  /** on ÷ off: 1 means tracing costs nothing measurable; 0.9 means it takes a tenth of the throughput. */
  ratio: number;
}

/**
 * The sampler is the only difference: `on` runs with the default (every trace recorded into the
 * in-process store, as `npm start` does), `off` with `OTEL_TRACES_SAMPLER=always_off` (spans are
 * non-recording; `traceparent` still travels).
 */
const SAMPLING: Record<Tracing, Record<string, string>> = {
  on: {},
  off: { OTEL_TRACES_SAMPLER: "always_off" },
};

const WARMUP_MS = 3000;

const rate = (rounds: TracingRound[], tracing: Tracing) => {
  const mine = rounds.filter((r) => r.tracing === tracing);
  const confirmed = mine.reduce((sum, r) => sum + r.level.confirmed, 0);
  const seconds = mine.reduce((sum, r) => sum + r.level.elapsedMs / 1000, 0);
  return seconds > 0 ? confirmed / seconds : 0;
};

/**
 * Order throughput with tracing on and off, in one run: both platforms are up at once and take turns
 * (on, off, then off, on, …), so a machine whose load drifts during the run skews both alike.
 */
export async function runTracingCost(
  mode: Mode,
  opts: TracingCostOptions,
  log: (message: string) => void,
): Promise<TracingCostResult> {
  const platforms: Partial<Record<Tracing, LaunchedPlatform>> = {};
  const load = {
    levels: [opts.students],
    durationMs: opts.durationMs,
    maxOrders: opts.maxOrders,
    drainTimeoutMs: opts.drainTimeoutMs,
  };
  try {
    for (const tracing of ["on", "off"] as const) {
      log(`tracing-cost: starting the ${mode} platform with tracing ${tracing}`);
      platforms[tracing] = await launchPlatform(mode, { ...FASTEST_CLOCK, ...SAMPLING[tracing] });
    }
    // Not counted: the first orders on a fresh platform pay for JIT warm-up and cold pools.
    for (const tracing of ["on", "off"] as const) {
      log(`tracing-cost: warming up the platform with tracing ${tracing}`);
      await runOrderThroughput(platforms[tracing]!, { ...load, durationMs: WARMUP_MS });
    }
    const rounds: TracingRound[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const order: Tracing[] = round % 2 === 1 ? ["on", "off"] : ["off", "on"];
      for (const tracing of order) {
        log(
          `tracing-cost: round ${round}, tracing ${tracing}, ${opts.students} students × ${opts.durationMs / 1000} s`,
        );
        const [level] = await runOrderThroughput(platforms[tracing]!, load);
        rounds.push({ round, tracing, level: level! });
      }
    }
    const ordersPerSecond = { on: rate(rounds, "on"), off: rate(rounds, "off") };
    return {
      mode,
      students: opts.students,
      rounds,
      ordersPerSecond,
      ratio: ordersPerSecond.off > 0 ? ordersPerSecond.on / ordersPerSecond.off : Number.NaN,
    };
  } finally {
    await Promise.all(Object.values(platforms).map((p) => p.close()));
  }
}

export function tracingCostRows(result: TracingCostResult): Row[] {
  const rows: Row[] = result.rounds.map((r) => ({
    mode: result.mode,
    round: r.round,
    tracing: r.tracing,
    confirmed: r.level.confirmed,
    "orders/s": r.level.ordersPerSecond.toFixed(1),
    "POST p50": fmtMs(r.level.postLatency.p50),
    "POST p95": fmtMs(r.level.postLatency.p95),
    errors: r.level.errors,
    delivered: `${r.level.delivered}/${r.level.confirmed}`,
  }));
  rows.push({
    mode: result.mode,
    round: "all",
    tracing: "on ÷ off",
    confirmed: "",
    "orders/s": `${result.ordersPerSecond.on.toFixed(1)} ÷ ${result.ordersPerSecond.off.toFixed(1)} = ${result.ratio.toFixed(2)}`,
    "POST p50": "",
    "POST p95": "",
    errors: "",
    delivered: "",
  });
  return rows;
}

/** What fails the run: an order that errored or never reached DELIVERED. */
export function tracingCostFailures(result: TracingCostResult): string[] {
  return result.rounds.flatMap((r) => [
    ...r.level.firstErrors.map((f) => `${result.mode} tracing-cost round ${r.round} (${r.tracing}): ${f}`),
    ...(r.level.delivered < r.level.confirmed
      ? [
          `${result.mode} tracing-cost round ${r.round} (${r.tracing}): only ${r.level.delivered} of ${r.level.confirmed} orders reached DELIVERED`,
        ]
      : []),
  ]);
}
