import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { agentRows, runAgentOverhead, type AgentResult } from "./agent-overhead.ts";
import { FIXED_PROMPT_BUDGET, measurePromptCost, promptCostRows } from "./prompt-cost.ts";
import { nowMs } from "./order-stream.ts";
import { runOrderThroughput, throughputRows, type ThroughputLevel } from "./order-throughput.ts";
import { launchPlatform, type LaunchedPlatform } from "./launch.ts";
import { baselineRows, runBaseline, type Baseline } from "./baseline.ts";
import { browseRows, MENU_PATH, runBrowse, type BrowseResult } from "./browse.ts";
import { sqlRows } from "./sql.ts";
import { DRILL_NAMES, drillRows, runDrills, type DrillName, type DrillResult } from "./drills.ts";
import { replicaRows, runReplicas, type ReplicaLevel } from "./replicas.ts";
import { runTracingCost, tracingCostFailures, tracingCostRows, type TracingCostResult } from "./tracing-cost.ts";
import { profileRows, summarizeProfiles, type ProfileSummary } from "./profile.ts";
import { DEMO_CLOCK, FASTEST_CLOCK, type Mode } from "./client.ts";
import { runDemoClockOrder, runSagaLatency, sagaRows, type SagaPhase } from "./saga-latency.ts";
import { formatTable, type Row } from "./stats.ts";

const BENCHMARKS = [
  "saga-latency",
  "order-throughput",
  "browse",
  "agent-overhead",
  "drills",
  "replicas",
  "tracing-cost",
] as const;
type Benchmark = (typeof BENCHMARKS)[number];
/** What runs without --only: the fault drills, the replica table and tracing-cost start platforms of their own and run only when asked for. */
const ON_REQUEST: readonly Benchmark[] = ["drills", "replicas", "tracing-cost"];
const DEFAULT_BENCHMARKS = BENCHMARKS.filter((b) => !ON_REQUEST.includes(b));

const USAGE = `npm run bench -- [options]

  --only <name>          saga-latency | order-throughput | browse | agent-overhead | drills | replicas | tracing-cost
                         (repeat or comma-separate; default all but drills, replicas and tracing-cost)
  --mode <mode>          embedded | real | both (default both)
  --orders <n>           saga-latency: orders per phase (default 30)
  --concurrency <n>      saga-latency: students at once in the concurrent phase (default 10)
  --levels <a,b,c>       order-throughput: concurrent students per level (default 8,16,32)
  --duration <s>         order-throughput: seconds per level (default 12)
  --max-orders <n>       order-throughput: cap per level (default 5000)
  --conversations <n>    agent-overhead: scripted conversations per mode (default 5)
  --connections <n>      baseline and browse: connections in flight (default 32)
  --load-seconds <s>     baseline and browse: seconds per measurement (default 8)
  --bare-pool <n>        baseline: the bare stack's pg pool size (default 10)
  --drill-orders <n>     drills: orders per drill (default 200)
  --cut-seconds <s>      drills: how long the broker is cut in the broker-cut drill (default 30)
  --drill <names>        drills: which (comma-separated): ${DRILL_NAMES.join(", ")} (default all)
  --replicas <a,b,c>     replicas: platform processes on the same stores, one level each (default 1,2,3)
  --replica-students <n> replicas: students ordering at once, spread over the processes (default 32)
  --replica-seconds <s>  replicas: seconds of load per level (default 15)
  --tracing-students <n> tracing-cost: concurrent students (default 16; seconds per round: --duration)
  --tracing-rounds <n>   tracing-cost: rounds, each with tracing on and off (default 2)
  --cpu-prof             run each platform under node --cpu-prof; print its hottest functions and packages
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
    connections: { type: "string", default: "32" },
    "load-seconds": { type: "string", default: "8" },
    "bare-pool": { type: "string", default: "10" },
    "cpu-prof": { type: "boolean", default: false },
    "drill-orders": { type: "string", default: "200" },
    "cut-seconds": { type: "string", default: "30" },
    drill: { type: "string", default: DRILL_NAMES.join(",") },
    replicas: { type: "string", default: "1,2,3" },
    "replica-students": { type: "string", default: "32" },
    "replica-seconds": { type: "string", default: "15" },
    "no-demo-clock": { type: "boolean", default: false },
    "tracing-students": { type: "string", default: "16" },
    "tracing-rounds": { type: "string", default: "2" },
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
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`--${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return n;
}

const only = (values.only ?? [])
  .flatMap((v) => v.split(","))
  .map((v) => v.trim())
  .filter(Boolean);
for (const name of only)
  if (!BENCHMARKS.includes(name as Benchmark)) throw new Error(`unknown benchmark "${name}"\n\n${USAGE}`);
const selected = new Set<Benchmark>(only.length ? (only as Benchmark[]) : DEFAULT_BENCHMARKS);
if (!["embedded", "real", "both"].includes(values.mode))
  throw new Error(`--mode must be embedded, real or both\n\n${USAGE}`);
const modes: Mode[] = values.mode === "both" ? ["embedded", "real"] : [values.mode as Mode];
const options = {
  saga: {
    orders: bounded("orders", values.orders, 1000),
    concurrency: bounded("concurrency", values.concurrency, 100),
    timeoutMs: 60_000,
    warmup: 3,
    phaseBudgetMs: 120_000,
  },
  throughput: {
    levels: values.levels.split(",").map((v) => bounded("levels", v.trim(), 256)),
    durationMs: bounded("duration", values.duration, 300) * 1000,
    maxOrders: bounded("max-orders", values["max-orders"], 100_000),
    drainTimeoutMs: 120_000,
  },
  agent: { conversations: bounded("conversations", values.conversations, 200), warmup: 1, budgetMs: 120_000 },
  baseline: {
    writes: 200,
    connections: bounded("connections", values.connections, 256),
    durationMs: bounded("load-seconds", values["load-seconds"], 60) * 1000,
    poolMax: bounded("bare-pool", values["bare-pool"], 100),
  },
  browse: {
    connections: bounded("connections", values.connections, 256),
    durationMs: bounded("load-seconds", values["load-seconds"], 60) * 1000,
  },
  demoClock: !values["no-demo-clock"],
  drills: {
    orders: bounded("drill-orders", values["drill-orders"], 1000),
    students: 8,
    cutMs: bounded("cut-seconds", values["cut-seconds"], 120) * 1000,
    drainTimeoutMs: 180_000,
    orderingBudgetMs: 900_000,
    only: values.drill.split(",").map((d) => {
      if (!DRILL_NAMES.includes(d.trim() as DrillName)) throw new Error(`unknown drill "${d}"\n\n${USAGE}`);
      return d.trim() as DrillName;
    }),
  },
  replicas: {
    replicas: values.replicas.split(",").map((v) => bounded("replicas", v.trim(), 4)),
    students: bounded("replica-students", values["replica-students"], 256),
    durationMs: bounded("replica-seconds", values["replica-seconds"], 300) * 1000,
    maxOrders: bounded("max-orders", values["max-orders"], 100_000),
    drainTimeoutMs: 180_000,
  },
  tracingCost: {
    students: bounded("tracing-students", values["tracing-students"], 256),
    rounds: bounded("tracing-rounds", values["tracing-rounds"], 10),
    durationMs: bounded("duration", values.duration, 300) * 1000,
    maxOrders: bounded("max-orders", values["max-orders"], 100_000),
    drainTimeoutMs: 120_000,
  },
};

interface ModeResults {
  mode: Mode;
  startupMs: number;
  /** The platform process's memory after its benchmarks. */
  memory?: { rssMiB: number; peakMiB: number };
  browse?: BrowseResult[];
  profiles?: ProfileSummary[];
  sagaLatency?: SagaPhase[];
  demoClock?: SagaPhase;
  orderThroughput?: ThroughputLevel[];
  agentOverhead?: AgentResult;
}

const tables: Record<Benchmark, Row[]> = {
  "saga-latency": [],
  "order-throughput": [],
  browse: [],
  "agent-overhead": [],
  drills: [],
  replicas: [],
  "tracing-cost": [],
};
let drills: DrillResult[] = [];
let replicas: ReplicaLevel[] = [];
const tracingCost: TracingCostResult[] = [];
const sqlTable: Row[] = [];
const processTable: Row[] = [];
let baseline: Baseline | undefined;
const results: ModeResults[] = [];
const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const runStarted = nowMs();
const runStamp = new Date().toISOString().replace(/[:.]/g, "-");
const loadAtStart = loadavg().map((v) => Number(v.toFixed(2)));

/**
 * The bare stack, measured once per run while the first platform is up and idle (so both see the same
 * machine), serving that platform's own menu body.
 */
async function measureBaseline(platform: LaunchedPlatform): Promise<Baseline> {
  const menu = await platform.api<unknown>(`/api/restaurant${MENU_PATH}`);
  if (menu.status !== 200) throw new Error(`GET ${MENU_PATH} answered ${menu.status}`);
  log(
    `baseline: bare Fastify + pg in its own process, ${options.baseline.connections} connections × ${options.baseline.durationMs / 1000} s`,
  );
  return runBaseline(menu.body, options.baseline);
}

// The platform benchmarks; drills start platforms of their own.
const platformModes = DEFAULT_BENCHMARKS.some((b) => selected.has(b)) ? modes : [];
for (const mode of platformModes) {
  log(`${mode}: starting the platform (delivery clock at its fastest: ${JSON.stringify(FASTEST_CLOCK)})`);
  const bootStarted = nowMs();
  const cpuProfileDir = values["cpu-prof"]
    ? fileURLToPath(new URL(`../results/profiles-${runStamp}/${mode}/`, import.meta.url))
    : undefined;
  const platform = await launchPlatform(mode, FASTEST_CLOCK, { cpuProfileDir });
  const result: ModeResults = { mode, startupMs: nowMs() - bootStarted };
  results.push(result);
  log(`${mode}: up in ${Math.round(result.startupMs)} ms at ${platform.gateway}`);
  try {
    baseline ??= await measureBaseline(platform);
    const counts = () => platform.statementCounts();
    if (selected.has("saga-latency")) {
      log(`${mode}: saga-latency, ${options.saga.orders} orders sequential then ${options.saga.concurrency} at once`);
      result.sagaLatency = await runSagaLatency(platform, { ...options.saga, counts });
      tables["saga-latency"].push(...sagaRows(mode, result.sagaLatency, baseline.write.p50));
      for (const ph of result.sagaLatency) if (ph.sql) sqlTable.push(...sqlRows(mode, `saga ${ph.name}`, ph.sql));
    }
    if (selected.has("order-throughput")) {
      log(
        `${mode}: order-throughput, ${options.throughput.levels.join("/")} students × ${options.throughput.durationMs / 1000} s`,
      );
      result.orderThroughput = await runOrderThroughput(platform, { ...options.throughput, counts });
      tables["order-throughput"].push(...throughputRows(mode, result.orderThroughput, baseline.writeLoad.perSecond));
      for (const l of result.orderThroughput)
        if (l.sql)
          sqlTable.push(
            ...sqlRows(mode, `throughput ${l.students} students`, l.sql).filter((r) => r.service === "TOTAL"),
          );
    }
    if (selected.has("browse")) {
      log(`${mode}: browse, GET ${MENU_PATH} at ${options.browse.connections} connections`);
      result.browse = await runBrowse(platform, options.browse);
      tables.browse.push(...browseRows(mode, result.browse, baseline.read.perSecond));
    }
    if (selected.has("agent-overhead")) {
      log(`${mode}: agent-overhead, ${options.agent.conversations} scripted conversations`);
      result.agentOverhead = await runAgentOverhead(platform, options.agent);
      tables["agent-overhead"].push(...agentRows(mode, result.agentOverhead));
    }
    result.memory = await platform.memory();
    processTable.push({
      mode,
      "start-up s": (result.startupMs / 1000).toFixed(1),
      "RSS MiB (after the run)": Math.round(result.memory.rssMiB),
      "peak RSS MiB": Math.round(result.memory.peakMiB),
    });
  } finally {
    await platform.close();
  }
  if (cpuProfileDir) {
    result.profiles = await summarizeProfiles(cpuProfileDir).catch((err: unknown) => {
      log(`${mode}: no CPU profile to summarise (${(err as Error).message})`);
      return [];
    });
  }

  // Its own platform (the clock is fixed at start); in the last mode, where a start costs least overall.
  if (selected.has("saga-latency") && options.demoClock && mode === modes[modes.length - 1]) {
    log(`${mode}: one order on the demo clock ${JSON.stringify(DEMO_CLOCK)}`);
    const demo = await launchPlatform(mode, DEMO_CLOCK);
    try {
      result.demoClock = await runDemoClockOrder(demo, 120_000);
      tables["saga-latency"].push(...sagaRows(mode, [result.demoClock], baseline?.write.p50 ?? Number.NaN));
    } finally {
      await demo.close();
    }
  }
}

if (selected.has("drills")) {
  log(
    `drills: ${options.drills.only.join(", ")} (broker cut ${options.drills.cutMs / 1000} s); ${options.drills.orders} orders each (real servers; broker behind a proxy this runner holds)`,
  );
  drills = await runDrills(options.drills, log);
  tables.drills.push(...drillRows(drills));
}

if (selected.has("replicas")) {
  replicas = await runReplicas(options.replicas, log);
  tables.replicas.push(...replicaRows(replicas));
}

if (selected.has("tracing-cost")) {
  for (const mode of modes) {
    const result = await runTracingCost(mode, options.tracingCost, log);
    tracingCost.push(result);
    tables["tracing-cost"].push(...tracingCostRows(result));
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
console.log(
  `\nUSTBites benchmarks, ${new Date().toISOString()}, ${machine.cpus} cores (${machine.cpuModel}), ${machine.node}`,
);
console.log(`command: ${command}`);
console.log(`load average (1/5/15 min) at start ${loadAtStart.join(" ")}, at end ${machine.loadAverage.end.join(" ")}`);
if (baseline) {
  console.log("\n## baseline: the bare stack every figure below is compared with\n");
  console.log(formatTable(baselineRows(baseline)));
}
if (processTable.length) {
  console.log("\n## platform process\n");
  console.log(formatTable(processTable));
}
for (const name of BENCHMARKS) {
  if (!selected.has(name)) continue;
  console.log(`\n## ${name}\n`);
  console.log(formatTable(tables[name]));
}
if (sqlTable.length) {
  console.log(
    "\n## SQL per order (every service's pool; net of idle = minus what the platform sends with nothing to do)\n",
  );
  console.log(formatTable(sqlTable));
}
for (const r of results) {
  for (const profile of r.profiles ?? []) {
    const rows = profileRows(profile);
    console.log(
      `\n## ${r.mode}: CPU profile of the platform process (${profile.seconds.toFixed(0)} s, ${profile.file})\n`,
    );
    console.log(formatTable(rows.inclusive));
    console.log("");
    console.log(formatTable(rows.self));
  }
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
  ...(r.orderThroughput ?? [])
    .filter((l) => l.delivered < l.confirmed)
    .map((l) => `${r.mode} throughput ${l.students}: only ${l.delivered} of ${l.confirmed} orders reached DELIVERED`),
  ...(r.agentOverhead?.failures ?? []).map((f) => `${r.mode} agent: ${f}`),
  ...(r.browse ?? [])
    .filter((b) => b.result.errors > 0)
    .map((b) => `${r.mode} browse "${b.name}": ${b.result.errors} errors, first: ${b.result.firstError}`),
]);
for (const l of replicas) {
  failures.push(...l.firstErrors.map((f) => `replicas ${l.replicas}: ${f}`));
  if (l.delivered < l.confirmed)
    failures.push(`replicas ${l.replicas}: only ${l.delivered} of ${l.confirmed} orders reached DELIVERED`);
}
for (const d of drills) {
  if (d.lost > 0) failures.push(`${d.name}: ${d.lost} orders never ended`);
  if (d.unsent > 0) failures.push(`${d.name}: ${d.unsent} notifications never sent`);
  if (d.chargedNotDelivered > 0)
    failures.push(
      `${d.name}: ${d.chargedNotDelivered} orders charged but not delivered`,
      ...d.firstErrors.filter((e) => e.startsWith("charged")),
    );
  const doubled = d.doubleCharges + d.doubleEmails + d.doubleDeliveries;
  if (doubled > 0) failures.push(`${d.name}: ${doubled} effects happened twice`);
}
failures.push(...tracingCost.flatMap(tracingCostFailures));
failures.push(
  ...promptCost
    .filter((c) => c.total > FIXED_PROMPT_BUDGET)
    .map((c) => `prompt cost ${c.total} tokens (${c.tokenizer}) > ${FIXED_PROMPT_BUDGET}`),
);
if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `- ${f}`).join("\n")}`);

const dir = new URL("../results/", import.meta.url);
await mkdir(dir, { recursive: true });
const file = new URL(`bench-${runStamp}.json`, dir);
await writeFile(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      command,
      machine,
      options,
      totalMs: nowMs() - runStarted,
      baseline,
      results,
      drills,
      replicas,
      tracingCost,
      promptCost,
      failures,
    },
    null,
    2,
  ),
);
console.log(`\nwrote ${file.pathname} (total ${Math.round((nowMs() - runStarted) / 1000)} s)`);
process.exitCode = failures.length ? 1 : 0;
