import type { ArgConstraint } from "../scenario.ts";
import { toolCalls, type Trajectory } from "../trajectory.ts";
import type { Check } from "./end-state.ts";
import { describeMatcher, matches, valueAt, type Resolver } from "./match.ts";

export interface ArgumentScore {
  /** Constraints satisfied over constraints (1 when there are none). */
  accuracy: number;
  checks: Check[];
}

/**
 * Argument accuracy: each constraint is met when at least one call of its tool satisfies every
 * path of it (the item id the student asked for, the quantity, "no onions" in the notes, Hall 5).
 */
export function scoreArguments(
  constraints: ArgConstraint[],
  trajectory: Trajectory,
  resolver: Resolver,
): ArgumentScore {
  const calls = toolCalls(trajectory);
  const checks: Check[] = constraints.map((constraint) => {
    const candidates = calls.filter((c) => c.name === constraint.tool);
    const ok = candidates.some((c) =>
      Object.entries(constraint.args).every(([path, m]) => matches(m, valueAt(c.args, path), resolver)),
    );
    const want = Object.entries(constraint.args)
      .map(([p, m]) => `${p}=${describeMatcher(m)}`)
      .join(", ");
    return {
      name: `${constraint.tool}(${want})`,
      ok,
      ...(ok
        ? {}
        : {
            detail: candidates.length
              ? `got ${candidates.map((c) => JSON.stringify(c.args)).join(" | ")}`
              : `${constraint.tool} was not called`,
          }),
    };
  });
  const met = checks.filter((c) => c.ok).length;
  return { accuracy: checks.length === 0 ? 1 : met / checks.length, checks };
}
