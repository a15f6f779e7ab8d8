export { Scenario, CATEGORIES, loadScenarios, filterScenarios, isExclusive, type Category } from "./scenario.ts";
export { startEvalPlatform, type EvalPlatform, type EvalPlatformOptions } from "./platform.ts";
export {
  evaluate,
  readGate,
  gateKey,
  SCENARIOS_DIR,
  PARAPHRASE_DIR,
  SUITES,
  RESULTS_DIR,
  GATE_FILE,
  type EvaluationOptions,
  type SuiteName,
} from "./evaluate.ts";
export { checkGate, oneLine, renderMarkdown, writeReports, summarize, type Gate, type SuiteReport } from "./report.ts";
export { runTrial, type TrialResult } from "./run-scenario.ts";
export { scoreTrial, type TrialScore } from "./scorers/index.ts";
export type { Trajectory, TurnRecord, EndStateSnapshot } from "./trajectory.ts";
