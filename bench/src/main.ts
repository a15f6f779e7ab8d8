import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { agentRows, runAgentOverhead, type AgentResult } from "./agent-overhead.ts";
import { FIXED_PROMPT_BUDGET, measurePromptCost, promptCostRows } from "./prompt-cost.ts";
import { nowMs } from "./order-stream.ts";
import { runOrderThroughput, throughputRows, type ThroughputLevel } from "./order-throughput.ts";
import { launchPlatform } from "./launch.ts";
import { DEMO_CLOCK, FASTEST_CLOCK, type Mode } from "./client.ts";
import { runDemoClockOrder, runSagaLatency, sagaRows, type SagaPhase } from "./saga-latency.ts";
import { formatTable, type Row } from "./stats.ts";

const BENCHMARKS = ["saga-latency", "order-throughput", "agent-overhead"] as const;
type Benchmark = (typeof BENCHMARKS)[number];

const USAGE = `npm run bench -- [options]

  --only <name>          saga-latency | order-throughput | agent-overhead (repeat or comma-separate; default all)
  --mode <mode>          embedded | real | both (default both)
  --orders <n>           saga-latency: orders per phase (default 30)
  --concurrency <n>      saga-latency: students at once in the concurrent phase (default 10)
  --levels <a,b,c>       order-throughput: concurrent students per level (default 8,16,32)
  --duration <s>         order-throughput: seconds per level (default 12)
  --max-orders <n>       order-throughput: cap per level (default 5000)
  --conversations <n>    agent-overhead: scripted conversations per mode (default 5)
  --no-demo-clock        skip the one order on the default demo clock (its own platform, in the last mode; ~40 s)
  --help`;

const { values } = parseArgs({
  options: {
    only: { type: "string", multiple: true },
    mode: { type: "string", default: "both" },
    orders: { type: "string", default: "30" },
    concurrency: { type: "string", default: "10" },
    levels: { type: "string", default: "8,16,32" },
    duration: { type: "string", default: "12" },
    "max-orders": { type: "string", default: "5000" },
    conversations: { type: "string", default: "5" },
    "no-demo-clock": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/** A positive whole number no larger than `max`: every loop stays bounded whatever is typed. */
function bounded(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return n;
}

const only = (values.only ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
for (const name of only) if (!BENCHMARKS.includes(name as Benchmark)) throw new Error(`unknown benchmark "${name}"\n\n${USAGE}`);
const selected = new Set<Benchmark>(only.length ? (only as Benchmark[]) : BENCHMARKS);
if (!["embedded", "real", "both"].includes(values.mode)) throw new Error(`--mode must be embedded, real or both\n\n${USAGE}`);
const modes: Mode[] = values.mode === "both" ? ["embedded", "real"] : [values.mode as Mode];
const options = {
  saga: { orders: bounded("orders", values.orders, 1000), concurrency: bounded("concurrency", values.concurrency, 100), timeoutMs: 60_000, warmup: 3, phaseBudgetMs: 120_000 },
  throughput: {
    levels: values.levels.split(",").map((v) => bounded("levels", v.trim(), 256)),
    durationMs: bounded("duration", values.duration, 300) * 1000,
    maxOrders: bounded("max-orders", values["max-orders"], 100_000),
    drainTimeoutMs: 120_000,
  },
  agent: { conversations: bounded("conversations", values.conversations, 200), warmup: 1, budgetMs: 120_000 },
  demoClock: !values["no-demo-clock"],
};

interface ModeResults {
  mode: Mode;
  startupMs: number;
  sagaLatency?: SagaPhase[];
  demoClock?: SagaPhase;
  orderThroughput?: ThroughputLevel[];
  agentOverhead?: AgentResult;
}

const tables: Record<Benchmark, Row[]> = { "saga-latency": [], "order-throughput": [], "agent-overhead": [] };
const results: ModeResults[] = [];
const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const runStarted = nowMs();
const loadAtStart = loadavg().map((v) => Number(v.toFixed(2)));

for (const mode of modes) {
  log(`${mode}: starting the platform (delivery clock at its fastest: ${JSON.stringify(FASTEST_CLOCK)})`);
  const bootStarted = nowMs();
  const platform = await launchPlatform(mode, FASTEST_CLOCK);
  const result: ModeResults = { mode, startupMs: nowMs() - bootStarted };
  results.push(result);
  log(`${mode}: up in ${Math.round(result.startupMs)} ms at ${platform.gateway}`);
  try {
    if (selected.has("saga-latency")) {
      log(`${mode}: saga-latency, ${options.saga.orders} orders sequential then ${options.saga.concurrency} at once`);
      result.sagaLatency = await runSagaLatency(platform, options.saga);
      tables["saga-latency"].push(...sagaRows(mode, result.sagaLatency));
    }
    if (selected.has("order-throughput")) {
      log(`${mode}: order-throughput, ${options.throughput.levels.join("/")} students × ${options.throughput.durationMs / 1000} s`);
      result.orderThroughput = await runOrderThroughput(platform, options.throughput);
      tables["order-throughput"].push(...throughputRows(mode, result.orderThroughput));
    }
    if (selected.has("agent-overhead")) {
      log(`${mode}: agent-overhead, ${options.agent.conversations} scripted conversations`);
      result.agentOverhead = await runAgentOverhead(platform, options.agent);
      tables["agent-overhead"].push(...agentRows(mode, result.agentOverhead));
    }
  } finally {
    await platform.close();
  }

  // Its own platform (the clock is fixed at start); in the last mode, where a start costs least overall.
  if (selected.has("saga-latency") && options.demoClock && mode === modes[modes.length - 1]) {
    log(`${mode}: one order on the demo clock ${JSON.stringify(DEMO_CLOCK)}`);
    const demo = await launchPlatform(mode, DEMO_CLOCK);
    try {
      result.demoClock = await runDemoClockOrder(demo, 120_000);
      tables["saga-latency"].push(...sagaRows(mode, [result.demoClock]));
    } finally {
      await demo.close();
    }
  }
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  /** Other work on the machine skews every number: the 1/5/15-minute load averages at start and end. */
  loadAverage: { start: loadAtStart, end: loadavg().map((v) => Number(v.toFixed(2))) },
};
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
console.log(`\nUSTBites benchmarks, ${new Date().toISOString()}, ${machine.cpus} cores (${machine.cpuModel}), ${machine.node}`);
console.log(`command: ${command}`);
console.log(`load average (1/5/15 min) at start ${loadAtStart.join(" ")}, at end ${machine.loadAverage.end.join(" ")}`);
for (const r of results) console.log(`${r.mode}: platform up in ${Math.round(r.startupMs)} ms`);
for (const name of BENCHMARKS) {
  if (!selected.has(name)) continue;
  console.log(`\n## ${name}\n`);
  console.log(formatTable(tables[name]));
}
// The fixed prompt cost needs no platform: the system prompt and tool schemas as every model call sends them.
const promptCost = selected.has("agent-overhead") ? measurePromptCost() : [];
if (promptCost.length) {
  console.log("\n## agent prompt cost (system prompt + tool schemas, tokens per model call)\n");
  console.log(formatTable(promptCostRows(promptCost)));
}
const failures = results.flatMap((r) => [
  ...(r.sagaLatency ?? []).flatMap((ph) => ph.failures.map((f) => `${r.mode} saga ${ph.name}: ${f}`)),
  ...(r.demoClock?.failures ?? []).map((f) => `${r.mode} demo clock: ${f}`),
  ...(r.orderThroughput ?? []).flatMap((l) => l.firstErrors.map((f) => `${r.mode} throughput ${l.students}: ${f}`)),
  ...(r.orderThroughput ?? []).filter((l) => l.delivered < l.confirmed).map((l) => `${r.mode} throughput ${l.students}: only ${l.delivered} of ${l.confirmed} orders reached DELIVERED`),
  ...(r.agentOverhead?.failures ?? []).map((f) => `${r.mode} agent: ${f}`),
]);
failures.push(...promptCost.filter((c) => c.total > FIXED_PROMPT_BUDGET).map((c) => `prompt cost ${c.total} tokens (${c.tokenizer}) > ${FIXED_PROMPT_BUDGET}`));
if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `- ${f}`).join("\n")}`);

const dir = new URL("../results/", import.meta.url);
await mkdir(dir, { recursive: true });
const file = new URL(`bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, dir);
await writeFile(file, JSON.stringify({ date: new Date().toISOString(), command, machine, options, totalMs: nowMs() - runStarted, results, promptCost, failures }, null, 2));
console.log(`\nwrote ${file.pathname} (total ${Math.round((nowMs() - runStarted) / 1000)} s)`);
process.exitCode = failures.length ? 1 : 0;
