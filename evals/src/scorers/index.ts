import type { Scenario } from "../scenario.ts";
import type { EndStateSnapshot, Trajectory } from "../trajectory.ts";
import { scoreArguments, type ArgumentScore } from "./arguments.ts";
import { scoreEndState, type Check, type EndStateScore } from "./end-state.ts";
import type { Resolver } from "./match.ts";
import { scorePolicy, type Violation } from "./policy.ts";
import { scoreToolUse, type ToolUseScore } from "./tools.ts";

export interface TrialScore {
  /** The scenario passes: task success, no violation, every tool-use expectation met. */
  passed: boolean;
  success: boolean;
  endState: EndStateScore;
  toolUse: ToolUseScore;
  arguments: ArgumentScore;
  violations: Violation[];
  /** The checks that failed, for the report. */
  failures: Check[];
}

/** Scores one trial. Pure; no scorer calls a model. */
export function scoreTrial(
  scenario: Scenario,
  trajectory: Trajectory,
  snapshot: EndStateSnapshot,
  resolver: Resolver,
): TrialScore {
  const endState = scoreEndState(scenario.expect, snapshot, trajectory, resolver);
  const toolUse = scoreToolUse(scenario.tools, trajectory);
  const args = scoreArguments(scenario.tools.args, trajectory, resolver);
  const violations = scorePolicy(scenario, trajectory, snapshot);
  const failures = [...endState.checks, ...toolUse.checks, ...args.checks].filter((c) => !c.ok);
  const passed =
    endState.ok && violations.length === 0 && toolUse.recall === 1 && toolUse.orderOk && args.accuracy === 1;
  return { passed, success: endState.ok, endState, toolUse, arguments: args, violations, failures };
}

export {
  scoreEndState,
  linesMatch,
  newOrdersOf,
  PLACED_STATUSES,
  type Check,
  type EndStateScore,
} from "./end-state.ts";
export { scoreToolUse, type ToolUseScore } from "./tools.ts";
export { scoreArguments, type ArgumentScore } from "./arguments.ts";
export { scorePolicy, moneyIn, type Violation, type PolicyRule } from "./policy.ts";
export { passHatK, suitePassHatK } from "./pass-k.ts";
export { matches, valueAt, emptyResolver, type Resolver } from "./match.ts";
