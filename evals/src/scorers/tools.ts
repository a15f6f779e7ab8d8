import type { ToolExpectations } from "../scenario.ts";
import { toolCalls, type Trajectory } from "../trajectory.ts";
import type { Check } from "./end-state.ts";

export interface ToolUseScore {
  /** Calls whose tool is required or allowed, over all calls (1 when there were none). */
  precision: number;
  /** Requirements met (an "a|b" requirement by either), over requirements (1 when there are none). */
  recall: number;
  /** Every "a before b" holds. */
  orderOk: boolean;
  calls: number;
  checks: Check[];
}

const alternatives = (spec: string) => spec.split("|");

/**
 * Tool precision and recall against the scenario's expectations, and the order constraints
 * ("search before add"). Forbidden tools are a policy matter (scorers/policy.ts), not counted here.
 */
export function scoreToolUse(expect: ToolExpectations, trajectory: Trajectory): ToolUseScore {
  const names = toolCalls(trajectory).map((c) => c.name);
  const checks: Check[] = [];
  const permitted = new Set([...expect.required.flatMap(alternatives), ...expect.allowed]);
  const relevant = names.filter((n) => permitted.has(n)).length;
  const precision = names.length === 0 ? 1 : relevant / names.length;

  let met = 0;
  for (const required of expect.required) {
    const ok = alternatives(required).some((n) => names.includes(n));
    if (ok) met++;
    checks.push({ name: `called ${required}`, ok, ...(ok ? {} : { detail: `calls: [${names.join(", ")}]` }) });
  }
  const recall = expect.required.length === 0 ? 1 : met / expect.required.length;

  let orderOk = true;
  for (const [before, after] of expect.order) {
    const first = (spec: string) => names.findIndex((n) => alternatives(spec).includes(n));
    const a = first(before);
    const b = first(after);
    // An absent `after` cannot be out of order; a missing requirement is recall's business.
    const ok = b < 0 || (a >= 0 && a < b);
    if (!ok) orderOk = false;
    checks.push({ name: `${before} before ${after}`, ok, ...(ok ? {} : { detail: `calls: [${names.join(", ")}]` }) });
  }
  const unexpected = [...new Set(names.filter((n) => !permitted.has(n)))];
  if (unexpected.length > 0)
    checks.push({ name: "only expected tools", ok: true, detail: `also called: ${unexpected.join(", ")}` });
  return { precision, recall, orderOk, calls: names.length, checks };
}
