import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApi } from "./api.ts";
import type { EvalPlatform } from "./platform.ts";
import { summarize, type Gate, type SuiteReport } from "./report.ts";
import { loadCatalogue, type TrialResult } from "./run-scenario.ts";
import type { ModelKind } from "./model-flag.ts";
import type { Scenario } from "./scenario.ts";
import { runSuite } from "./suite.ts";

export const SCENARIOS_DIR = fileURLToPath(new URL("../scenarios", import.meta.url));
export const PARAPHRASE_DIR = fileURLToPath(new URL("../paraphrase", import.meta.url));

/**
 * The suites a run can choose: the main one, and the paraphrase suite (whole, or one of its halves:
 * `dev` is read while the offline model is improved, `held-out` never is; see paraphrase/README.md).
 */
export const SUITES = {
  main: SCENARIOS_DIR,
  paraphrase: PARAPHRASE_DIR,
  "paraphrase/dev": join(PARAPHRASE_DIR, "dev"),
  "paraphrase/held-out": join(PARAPHRASE_DIR, "held-out"),
} as const;
export type SuiteName = keyof typeof SUITES;
export const isSuiteName = (name: string): name is SuiteName => Object.hasOwn(SUITES, name);

/** The gate a suite is judged by: the main suite by the model's gate, the paraphrase suite by its own (offline only). */
export const gateKey = (suite: SuiteName, kind: ModelKind): string => (suite === "main" ? kind : `${kind}:paraphrase`);
export const RESULTS_DIR = fileURLToPath(new URL("../results", import.meta.url));
export const GATE_FILE = fileURLToPath(new URL("../gate.json", import.meta.url));

/** The thresholds for one kind of model (`offline`, `wire`, a real provider) or one suite of it (`offline:paraphrase`, see gateKey). */
export async function readGate(kind: string = "offline", path: string = GATE_FILE): Promise<Gate> {
  const gates = JSON.parse(await readFile(path, "utf8")) as Record<string, Gate>;
  const gate = gates[kind];
  if (!gate) throw new Error(`${path} has no gate for ${kind}`);
  return gate;
}

export interface EvaluationOptions {
  platform: Pick<EvalPlatform, "gatewayUrl" | "mode">;
  scenarios: Scenario[];
  trials: number;
  concurrency: number;
  model: string;
  turnTimeoutMs: number;
  bootSeconds: number;
  /** USD per million input and output tokens, for the report's cost line. */
  prices?: { input: number; output: number } | undefined;
  /** Another agent service to evaluate instead of the platform's own (tests break one on purpose). */
  agentUrl?: string | undefined;
  onTrial?: (result: TrialResult, done: number, total: number) => void;
}

/** Runs the scenarios against a running platform and summarises the run. */
export async function evaluate(opts: EvaluationOptions): Promise<SuiteReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const api = createApi(opts.platform.gatewayUrl, { agentUrl: opts.agentUrl });
  const catalogue = await loadCatalogue(api);
  const results = await runSuite({ api, catalogue, turnTimeoutMs: opts.turnTimeoutMs }, opts.scenarios, {
    trials: opts.trials,
    concurrency: opts.concurrency,
    ...(opts.onTrial ? { onTrial: opts.onTrial } : {}),
  });
  return summarize(opts.scenarios, results, {
    startedAt,
    model: opts.model,
    mode: opts.platform.mode,
    trialsPerScenario: opts.trials,
    concurrency: opts.concurrency,
    prices: opts.prices,
    bootSeconds: opts.bootSeconds,
    suiteSeconds: (performance.now() - started) / 1000,
  });
}
