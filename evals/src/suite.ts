import { isExclusive, type Scenario } from "./scenario.ts";
import { runTrial, type RunContext, type TrialResult } from "./run-scenario.ts";

export interface SuiteOptions {
  /** Trials per scenario (k of pass^k). */
  trials: number;
  /** How many trials run at once. */
  concurrency: number;
  onTrial?: (result: TrialResult, done: number, total: number) => void;
}

async function pool<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
  return results;
}

/**
 * Runs every scenario `trials` times. Scenarios touch only their own fresh students, so they run in
 * parallel; the few that change shared state (an item sold out) run afterwards, one at a time.
 */
export async function runSuite(ctx: RunContext, scenarios: Scenario[], opts: SuiteOptions): Promise<TrialResult[]> {
  const shared = scenarios.filter((s) => !isExclusive(s));
  const alone = scenarios.filter(isExclusive);
  const total = scenarios.length * opts.trials;
  let done = 0;
  const task = (scenario: Scenario, trial: number) => async () => {
    const result = await runTrial(ctx, scenario, trial);
    opts.onTrial?.(result, ++done, total);
    return result;
  };
  const trialsOf = (list: Scenario[]) =>
    list.flatMap((s) => Array.from({ length: opts.trials }, (_, t) => task(s, t + 1)));
  const parallel = await pool(trialsOf(shared), opts.concurrency);
  const serial = await pool(trialsOf(alone), 1);
  const order = new Map(scenarios.map((s, i) => [s.id, i]));
  return [...parallel, ...serial].sort(
    (a, b) => order.get(a.scenarioId)! - order.get(b.scenarioId)! || a.trial - b.trial,
  );
}
