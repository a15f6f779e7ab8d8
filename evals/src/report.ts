import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TrialResult } from "./run-scenario.ts";
import { CATEGORIES, type Scenario } from "./scenario.ts";
import { passHatK, suitePassHatK } from "./scorers/pass-k.ts";
import { trajectoryTokens, type Tokens, type Trajectory } from "./trajectory.ts";

export interface ScenarioSummary {
  id: string;
  category: Scenario["category"];
  description: string;
  trials: number;
  /** Trials that passed. */
  successes: number;
  /** Every trial passed (pass^k for this scenario with k = trials). */
  passed: boolean;
  toolPrecision: number;
  toolRecall: number;
  argumentAccuracy: number;
  policyViolations: number;
  turns: number;
  meanTurnMs: number;
  /** Mean model tokens per trial, when the model reports usage. */
  meanTokens: Tokens | null;
}

/** One model kind's thresholds (gate.json). */
export interface Gate {
  /** Share of scenarios passing every trial. */
  minPassRate?: number;
  /** pass^k over at least `k` trials per scenario: how often a student would get it right k times in a row. */
  minPassHatK?: { k: number; min: number };
  maxPolicyViolations: number;
  minMeanToolPrecision: number;
  minMeanToolRecall: number;
  minMeanArgumentAccuracy: number;
  maxSuiteSeconds: number;
}

export interface SuiteReport {
  startedAt: string;
  model: string;
  mode: "embedded" | "real";
  trialsPerScenario: number;
  concurrency: number;
  scenarios: number;
  passed: number;
  failed: number;
  /** pass^k for k = 1..trials (tau-bench's estimator, averaged over scenarios). */
  passHatK: Record<string, number>;
  policyViolations: number;
  meanToolPrecision: number;
  meanToolRecall: number;
  meanArgumentAccuracy: number;
  turnMs: { mean: number; p50: number; p95: number; max: number };
  /** Model tokens over the whole run (the sum of each turn's reported usage), when the model reports usage. */
  tokens: Tokens | null;
  /** USD, from the token counts and the prices given in the environment; null without both. */
  costUsd: number | null;
  bootSeconds: number;
  suiteSeconds: number;
  byCategory: Record<string, { scenarios: number; passed: number; passHatK: number; violations: number }>;
  summaries: ScenarioSummary[];
  results: TrialResult[];
}

function sumTokens(all: (Tokens | null)[]): Tokens | null {
  const reported = all.filter((t): t is Tokens => t !== null);
  return reported.length
    ? { input: reported.reduce((n, t) => n + t.input, 0), output: reported.reduce((n, t) => n + t.output, 0) }
    : null;
}

function meanTokens(all: (Tokens | null)[]): Tokens | null {
  const total = sumTokens(all);
  return total && all.length
    ? { input: Math.round(total.input / all.length), output: Math.round(total.output / all.length) }
    : null;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

export function summarize(
  scenarios: Scenario[],
  results: TrialResult[],
  meta: Pick<
    SuiteReport,
    "startedAt" | "model" | "mode" | "trialsPerScenario" | "concurrency" | "bootSeconds" | "suiteSeconds"
  > & {
    /** USD per million input and output tokens, for the cost line. */
    prices?: Tokens | undefined;
  },
): SuiteReport {
  const { prices, ...rest } = meta;
  const tokensOf = new Map(results.map((r) => [r, trajectoryTokens(r.trajectory)]));
  const summaries: ScenarioSummary[] = scenarios.map((s) => {
    const trials = results.filter((r) => r.scenarioId === s.id);
    const successes = trials.filter((r) => r.score.passed).length;
    return {
      id: s.id,
      category: s.category,
      description: s.description,
      trials: trials.length,
      successes,
      passed: trials.length > 0 && successes === trials.length,
      toolPrecision: mean(trials.map((r) => r.score.toolUse.precision)),
      toolRecall: mean(trials.map((r) => r.score.toolUse.recall)),
      argumentAccuracy: mean(trials.map((r) => r.score.arguments.accuracy)),
      policyViolations: trials.reduce((n, r) => n + r.score.violations.length, 0),
      turns: s.turns.length,
      meanTurnMs: mean(trials.flatMap((r) => r.turnMs)),
      meanTokens: meanTokens(trials.map((r) => tokensOf.get(r) ?? null)),
    };
  });
  const k = meta.trialsPerScenario;
  const tasks = summaries.map((s) => ({ trials: s.trials, successes: s.successes }));
  const passHat: Record<string, number> = {};
  for (let i = 1; i <= k; i++) passHat[String(i)] = suitePassHatK(tasks, i);
  const byCategory: SuiteReport["byCategory"] = {};
  for (const category of CATEGORIES) {
    const own = summaries.filter((s) => s.category === category);
    if (own.length === 0) continue;
    byCategory[category] = {
      scenarios: own.length,
      passed: own.filter((s) => s.passed).length,
      passHatK: mean(own.map((s) => passHatK(s.trials, s.successes, k))),
      violations: own.reduce((n, s) => n + s.policyViolations, 0),
    };
  }
  const turnMs = results.flatMap((r) => r.turnMs).sort((a, b) => a - b);
  const tokens = sumTokens([...tokensOf.values()]);
  return {
    ...rest,
    tokens,
    costUsd: tokens && prices ? (tokens.input * prices.input + tokens.output * prices.output) / 1_000_000 : null,
    scenarios: summaries.length,
    passed: summaries.filter((s) => s.passed).length,
    failed: summaries.filter((s) => !s.passed).length,
    passHatK: passHat,
    policyViolations: summaries.reduce((n, s) => n + s.policyViolations, 0),
    meanToolPrecision: mean(summaries.map((s) => s.toolPrecision)),
    meanToolRecall: mean(summaries.map((s) => s.toolRecall)),
    meanArgumentAccuracy: mean(summaries.map((s) => s.argumentAccuracy)),
    turnMs: { mean: mean(turnMs), p50: percentile(turnMs, 50), p95: percentile(turnMs, 95), max: turnMs.at(-1) ?? 0 },
    byCategory,
    summaries,
    results,
  };
}

/** What the gate (gate.json) says about a report: the reasons it fails, none when it passes. */
export function checkGate(report: SuiteReport, gate: Gate): string[] {
  const problems: string[] = [];
  const rate = report.scenarios ? report.passed / report.scenarios : 0;
  if (gate.minPassRate !== undefined && rate < gate.minPassRate)
    problems.push(`pass rate ${(rate * 100).toFixed(1)}% < ${(gate.minPassRate * 100).toFixed(1)}%`);
  if (gate.minPassHatK) {
    const { k, min } = gate.minPassHatK;
    const value = report.passHatK[String(k)];
    if (value === undefined) problems.push(`pass^${k} needs --trials ${k} or more (ran ${report.trialsPerScenario})`);
    else if (value < min) problems.push(`pass^${k} ${value.toFixed(3)} < ${min}`);
  }
  if (report.policyViolations > gate.maxPolicyViolations)
    problems.push(`${report.policyViolations} policy violation(s) > ${gate.maxPolicyViolations}`);
  if (report.meanToolPrecision < gate.minMeanToolPrecision)
    problems.push(`tool precision ${report.meanToolPrecision.toFixed(3)} < ${gate.minMeanToolPrecision}`);
  if (report.meanToolRecall < gate.minMeanToolRecall)
    problems.push(`tool recall ${report.meanToolRecall.toFixed(3)} < ${gate.minMeanToolRecall}`);
  if (report.meanArgumentAccuracy < gate.minMeanArgumentAccuracy)
    problems.push(`argument accuracy ${report.meanArgumentAccuracy.toFixed(3)} < ${gate.minMeanArgumentAccuracy}`);
  if (report.suiteSeconds > gate.maxSuiteSeconds)
    problems.push(`suite took ${report.suiteSeconds.toFixed(0)} s > ${gate.maxSuiteSeconds} s`);
  return problems;
}

/** The one line for stdout; it ends in "N passed, N failed". */
export function oneLine(report: SuiteReport): string {
  const k = report.trialsPerScenario;
  return (
    `evals ${report.model} (${report.mode}, k=${k}): pass^${k} ${report.passHatK[String(k)]?.toFixed(3)}, ` +
    `${report.policyViolations} policy violation(s), ${report.suiteSeconds.toFixed(1)} s — ${report.passed} passed, ${report.failed} failed`
  );
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const clip = (text: string, n = 400) => (text.length > n ? `${text.slice(0, n)}…` : text);

/** A failed trajectory, turn by turn, as the report shows it. */
export function renderTrajectory(trajectory: Trajectory): string {
  const lines: string[] = [];
  trajectory.turns.forEach((turn, i) => {
    const input =
      turn.input.kind === "say"
        ? `says "${turn.input.text}"`
        : `answers **${turn.input.decision}**${turn.input.message ? ` "${turn.input.message}"` : ""}${turn.input.decision === "approve" ? ` (card: ${turn.input.card})` : ""}`;
    lines.push(
      `${i}. Student ${input} — ${Math.round(turn.ms)} ms${turn.harnessError ? ` — **${turn.harnessError}**` : ""}`,
    );
    for (const event of turn.events) {
      if (event.type === "tool_call")
        lines.push(`   - call \`${event.name}\` ${clip(JSON.stringify(event.args), 300)}`);
      else if (event.type === "tool_result")
        lines.push(`   - result \`${event.name}\`${event.ok ? "" : " (error)"}: ${clip(JSON.stringify(event.result))}`);
      else if (event.type === "interrupt") {
        const c = event.confirmation;
        lines.push(
          `   - **confirmation** ${c.kind}: ${c.items.map((it) => `${it.quantity}× ${it.name}`).join(", ")} from ${c.restaurantName}, total ${c.totalCents} cents, to ${c.deliveryAddress.building}`,
        );
      } else if (event.type === "message") lines.push(`   - assistant: ${clip(event.content.replace(/\n/g, " "))}`);
      else if (event.type === "error") lines.push(`   - **error**: ${event.message}`);
    }
  });
  return lines.join("\n");
}

export function renderMarkdown(report: SuiteReport): string {
  const k = report.trialsPerScenario;
  const out: string[] = [];
  out.push(`# Agent evals — ${report.model}`, "");
  out.push(
    `${report.startedAt} · ${report.mode} platform · ${report.scenarios} scenarios × ${k} trial(s) · concurrency ${report.concurrency}`,
    "",
  );
  out.push("| metric | value |", "|---|---|");
  out.push(`| scenarios passed | ${report.passed} / ${report.scenarios} |`);
  for (const [n, value] of Object.entries(report.passHatK)) out.push(`| pass^${n} | ${value.toFixed(3)} |`);
  out.push(`| policy violations | ${report.policyViolations} |`);
  out.push(`| tool precision (mean) | ${report.meanToolPrecision.toFixed(3)} |`);
  out.push(`| tool recall (mean) | ${report.meanToolRecall.toFixed(3)} |`);
  out.push(`| argument accuracy (mean) | ${report.meanArgumentAccuracy.toFixed(3)} |`);
  out.push(
    `| turn wall time mean / p50 / p95 / max | ${[report.turnMs.mean, report.turnMs.p50, report.turnMs.p95, report.turnMs.max].map((v) => `${Math.round(v)} ms`).join(" / ")} |`,
  );
  out.push(
    `| tokens (input / output) | ${report.tokens ? `${report.tokens.input} / ${report.tokens.output}` : "not reported by the model"} |`,
  );
  if (report.costUsd !== null) out.push(`| cost | US$${report.costUsd.toFixed(4)} |`);
  out.push(
    `| platform boot / suite wall time | ${report.bootSeconds.toFixed(1)} s / ${report.suiteSeconds.toFixed(1)} s |`,
    "",
  );

  out.push("## By category", "", `| category | scenarios | passed | pass^${k} | violations |`, "|---|---|---|---|---|");
  for (const [category, c] of Object.entries(report.byCategory))
    out.push(`| ${category} | ${c.scenarios} | ${c.passed} | ${c.passHatK.toFixed(3)} | ${c.violations} |`);
  out.push("");

  out.push(
    "## Scenarios",
    "",
    "| scenario | category | passed trials | precision | recall | args | violations | turns | mean turn | tokens/trial (in / out) |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const s of report.summaries) {
    const tokens = s.meanTokens ? `${s.meanTokens.input} / ${s.meanTokens.output}` : "—";
    out.push(
      `| ${s.passed ? "✅" : "❌"} ${s.id} | ${s.category} | ${s.successes}/${s.trials} | ${pct(s.toolPrecision)} | ${pct(s.toolRecall)} | ${pct(s.argumentAccuracy)} | ${s.policyViolations} | ${s.turns} | ${Math.round(s.meanTurnMs)} ms | ${tokens} |`,
    );
  }
  out.push("");

  const failed = report.results.filter((r) => !r.score.passed);
  out.push("## Failures", "");
  if (failed.length === 0) out.push("None.");
  for (const r of failed) {
    const s = report.summaries.find((x) => x.id === r.scenarioId);
    out.push(`### ${r.scenarioId} (trial ${r.trial})`, "", s?.description ?? "", "");
    for (const c of r.score.failures) out.push(`- ✗ ${c.name}${c.detail ? `: ${c.detail}` : ""}`);
    for (const v of r.score.violations) out.push(`- ⚠ policy **${v.rule}**: ${v.detail}`);
    if (r.error) out.push(`- harness: ${r.error}`);
    out.push("", renderTrajectory(r.trajectory), "");
  }
  return out.join("\n");
}

/** Writes `<dir>/<timestamp>/results.json` and `summary.md`; returns the folder. */
export async function writeReports(resultsDir: string, report: SuiteReport): Promise<string> {
  const folder = join(resultsDir, report.startedAt.replace(/[:.]/g, "-"));
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(folder, "summary.md"), `${renderMarkdown(report)}\n`);
  return folder;
}
