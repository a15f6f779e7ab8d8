import { parseArgs } from "node:util";
import { readEvalEnv } from "./env.ts";
import { evaluate, gateKey, isSuiteName, readGate, RESULTS_DIR, SUITES } from "./evaluate.ts";
import { startEvalPlatform } from "./platform.ts";
import { checkGate, oneLine, writeReports } from "./report.ts";
import { parseModelFlag, type ModelChoice } from "./model-flag.ts";
import { filterScenarios, loadScenarios } from "./scenario.ts";
import { startWireModel } from "./wire-model.ts";

const USAGE = `npm run eval -- [--suite s] [--trials k] [--filter category|id[,…]] [--concurrency n] [--real] [--gate] [--results dir]
  --suite s          main (default, scenarios/) | paraphrase | paraphrase/dev | paraphrase/held-out (paraphrase/README.md)
  --trials k         run each scenario k times and report pass^k (default 1)
  --filter x         only scenarios of this category, with this id, or whose id starts with it
  --concurrency n    trials at once (default 4; scenarios that change shared state still run alone)
  --real             real PostgreSQL, Redis and RabbitMQ (fresh databases and vhost, dropped after)
  --delivery-speed n simulated delivery seconds per real second (default 60)
  --turn-timeout s   per-turn limit in seconds (default 120)
  --gate             exit 1 when gate.json's thresholds for this model are not met (npm test uses the same gate)
  --model m          offline | wire | openai:<model> | ollama:<model>[@<host>] | vllm:<model>@<base-url>
                     (wire: the offline model over the OpenAI wire with Qwen's habits, see wire-model.ts);
                     without it the model comes from AGENT_MODEL, OPENAI_*, OLLAMA_*, as for the agent.`;

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "1" },
    suite: { type: "string", default: "main" },
    filter: { type: "string" },
    concurrency: { type: "string", default: "4" },
    real: { type: "boolean", default: false },
    "delivery-speed": { type: "string", default: "60" },
    "turn-timeout": { type: "string", default: "120" },
    gate: { type: "boolean", default: false },
    results: { type: "string", default: RESULTS_DIR },
    model: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const positive = (name: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${raw}\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const trials = positive("trials", values.trials);
const suite = values.suite;
if (!isSuiteName(suite)) {
  console.error(`--suite must be one of ${Object.keys(SUITES).join(", ")}, got ${suite}\n${USAGE}`);
  process.exit(2);
}
const concurrency = positive("concurrency", values.concurrency);

let choice: ModelChoice;
try {
  choice = parseModelFlag(values.model, process.env);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}
const wire = choice.kind === "wire" ? await startWireModel() : null;
const modelEnv = wire
  ? {
      AGENT_MODEL: "openai-compatible",
      OPENAI_BASE_URL: wire.url,
      OPENAI_MODEL: "Qwen/Qwen3-8B (offline over the wire)",
    }
  : choice.env;
const env = readEvalEnv({ ...process.env, ...modelEnv });
const scenarios = filterScenarios(await loadScenarios(SUITES[suite]), values.filter);
if (scenarios.length === 0) {
  console.error(`no scenario matches --filter ${values.filter}`);
  process.exit(2);
}

const bootStarted = performance.now();
const platform = await startEvalPlatform({
  real: values.real,
  modelEnv: env.modelEnv,
  deliveryClockSpeed: positive("delivery-speed", values["delivery-speed"]),
  logLevel: env.LOG_LEVEL,
  servers: { postgres: env.EVAL_DATABASE_URL, redis: env.EVAL_REDIS_URL, rabbitmq: env.EVAL_RABBITMQ_URL },
});
let exitCode = 0;
try {
  const bootSeconds = (performance.now() - bootStarted) / 1000;
  console.error(
    `platform up in ${bootSeconds.toFixed(1)} s (${platform.mode}); ${scenarios.length} scenario(s) × ${trials} with ${env.modelName}`,
  );
  const report = await evaluate({
    platform,
    scenarios,
    trials,
    concurrency,
    model: env.modelName,
    turnTimeoutMs: positive("turn-timeout", values["turn-timeout"]) * 1000,
    bootSeconds,
    prices:
      env.EVAL_USD_PER_MILLION_INPUT_TOKENS !== undefined && env.EVAL_USD_PER_MILLION_OUTPUT_TOKENS !== undefined
        ? { input: env.EVAL_USD_PER_MILLION_INPUT_TOKENS, output: env.EVAL_USD_PER_MILLION_OUTPUT_TOKENS }
        : undefined,
    onTrial: (r, done, total) =>
      console.error(
        `[${done}/${total}] ${r.score.passed ? "pass" : "FAIL"} ${r.scenarioId}#${r.trial} (${Math.round(r.wallMs)} ms)`,
      ),
  });
  const folder = await writeReports(values.results, report);
  console.error(`reports: ${folder}/summary.md, ${folder}/results.json`);
  if (values.gate) {
    const problems = checkGate(report, await readGate(gateKey(suite, choice.kind)));
    for (const p of problems) console.error(`gate: ${p}`);
    if (problems.length) exitCode = 1;
  }
  console.log(oneLine(report));
} finally {
  await platform.close();
  await wire?.close();
}
process.exit(exitCode);
