import { tool, type StructuredToolInterface } from "@langchain/core/tools";
import type { GuardedToolName, OrderConfirmation, ToolError, ToolResult } from "@ustbites/contracts";
import type { z } from "zod";
import { failure } from "./results.ts";

/** The student's approval of exactly one summary, for exactly one tool call. */
export interface Approval {
  /** The summary the student was shown and approved (from `summarize`). */
  summary: OrderConfirmation;
  /** The id of the model's tool call being approved. */
  toolCallId: string;
  /**
   * A value the agent drew when it showed the summary: place_order's Idempotency-Key derives from it,
   * so repeating this approval repeats the request, while a later confirmation (even one whose
   * tool call id a server reused, such as `call_0`) is a new request.
   */
  nonce: string;
}

/**
 * A tool that changes what the student pays for. The model sees `tool` (so bindTools advertises it),
 * but invoking it only refuses: the graph calls `summarize`, interrupts with the summary, and calls
 * `execute` with the student's approval of that summary. There is no way to act without an Approval.
 */
export interface GuardedTool<N extends GuardedToolName = GuardedToolName> {
  tool: StructuredToolInterface;
  /** The summary to show the student, or why there is nothing to confirm (a ToolError, for the model). */
  summarize(args: Record<string, unknown>): Promise<OrderConfirmation | ToolError>;
  /** Acts on an approval; answers the tool's result for the model. */
  execute(args: Record<string, unknown>, approval: Approval): Promise<ToolResult<N>>;
}

export const NEEDS_CONFIRMATION = "needs the student's confirmation";

/** The model-facing half of a guarded tool: advertised with its real schema, refusing when invoked. */
export function refusingTool<S extends z.ZodObject>(fields: { name: GuardedToolName; description: string; schema: S }) {
  return tool(async () => failure("needs_confirmation", NEEDS_CONFIRMATION), fields);
}

/** "card ending 4242": the only trace of a card anything outside payment-service ever shows. */
export const cardEnding = (number: string) => `card ending ${number.replace(/[\s-]/g, "").slice(-4)}`;
