import { tool, type StructuredToolInterface } from "@langchain/core/tools";
import type { OrderConfirmation } from "@ustbites/contracts";
import type { z } from "zod";
import { failure } from "./results.ts";

/** The student's approval of exactly one summary, for exactly one tool call. */
export interface Approval {
  /** The summary the student was shown and approved (from `summarize`). */
  summary: OrderConfirmation;
  /** The id of the model's tool call being approved; place_order's Idempotency-Key derives from it. */
  toolCallId: string;
}

/**
 * A tool that changes what the student pays for. The model sees `tool` (so bindTools advertises it),
 * but invoking it only refuses: the graph calls `summarize`, interrupts with the summary, and calls
 * `execute` with the student's approval of that summary. There is no way to act without an Approval.
 */
export interface GuardedTool {
  tool: StructuredToolInterface;
  /** The summary to show the student, or why there is nothing to confirm (`{ error }`, for the model). */
  summarize(args: Record<string, unknown>): Promise<OrderConfirmation | { error: string }>;
  /** Acts on an approval; answers the tool result for the model (compact JSON, `{"error"}` on failure). */
  execute(args: Record<string, unknown>, approval: Approval): Promise<string>;
}

export const GUARDED_TOOL_NAMES = ["place_order", "cancel_order"] as const;
export type GuardedToolName = (typeof GUARDED_TOOL_NAMES)[number];

export const NEEDS_CONFIRMATION = "needs the student's confirmation";

/** The model-facing half of a guarded tool: advertised with its real schema, refusing when invoked. */
export function refusingTool<S extends z.ZodObject>(fields: { name: GuardedToolName; description: string; schema: S }) {
  return tool(async () => failure(NEEDS_CONFIRMATION), fields);
}

/** "card ending 4242": the only trace of a card anything outside payment-service ever shows. */
export const cardEnding = (number: string) => `card ending ${number.replace(/[\s-]/g, "").slice(-4)}`;
