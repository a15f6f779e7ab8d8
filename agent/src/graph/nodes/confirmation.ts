import { HumanMessage, isAIMessage, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { interrupt } from "@langchain/langgraph";
import { ConfirmationDecision, OrderConfirmation } from "@ustbites/contracts";
import type { GuardedTool, GuardedToolName } from "@ustbites/tools";
import { z } from "zod";
import { GUARDED } from "../routing.ts";
import type { AgentStateType, AgentStateUpdate } from "../state.ts";
import { runToolCall } from "./tools.ts";

/** The acting halves of place_order and cancel_order (tools/); the graph needs only these two methods. */
export type GuardedTools = Record<GuardedToolName, Pick<GuardedTool, "summarize" | "execute">>;

/** The resume value: only the decision and the student's words. Secrets (the card) never pass here. */
export const ConfirmationAnswer = z.object({ decision: ConfirmationDecision, message: z.string().optional() });
export type ConfirmationAnswer = z.infer<typeof ConfirmationAnswer>;

const result = (toolCallId: string, name: string, content: unknown) =>
  new ToolMessage({ tool_call_id: toolCallId, name, content: typeof content === "string" ? content : JSON.stringify(content) });

/**
 * Runs the ordinary calls of the model's message and builds the summary for the first guarded one.
 * Kept apart from `confirm` because a node re-runs from its start when an interrupt resumes: the
 * summary the student approves must be the one stored here, not one recomputed on resume.
 */
export function createPrepareConfirmationNode(tools: StructuredToolInterface[], guarded: GuardedTools) {
  const toolsByName = new Map(tools.map((t) => [t.name, t]));
  return async (state: AgentStateType, config: RunnableConfig): Promise<AgentStateUpdate> => {
    const last = state.messages.at(-1);
    if (!last || !isAIMessage(last)) return { pending: null };
    const calls = last.tool_calls ?? [];
    const messages: ToolMessage[] = [];
    let pending: AgentStateType["pending"] = null;
    for (const call of calls) {
      const id = call.id ?? "";
      if (!GUARDED.has(call.name)) {
        messages.push(await runToolCall(call, toolsByName, config));
        continue;
      }
      if (pending) {
        messages.push(result(id, call.name, { error: "one confirmation at a time; ask again after this one is answered" }));
        continue;
      }
      const toolName = call.name as GuardedToolName;
      let summary: OrderConfirmation | { error: string };
      try {
        summary = await guarded[toolName].summarize(call.args);
      } catch (err) {
        summary = { error: err instanceof Error ? err.message : String(err) };
      }
      if ("error" in summary) messages.push(result(id, call.name, { error: summary.error }));
      else pending = { toolCallId: id, toolName, args: call.args, summary: OrderConfirmation.parse(summary) };
    }
    return { messages, pending };
  };
}

/** Pauses the graph with the summary; acts only on the student's explicit approval of exactly it. */
export function createConfirmNode(guarded: GuardedTools) {
  return async (state: AgentStateType): Promise<AgentStateUpdate> => {
    const pending = state.pending;
    if (!pending) return {};
    const answer = ConfirmationAnswer.parse(interrupt(pending.summary));
    const { toolCallId, toolName } = pending;
    const what = toolName === "place_order" ? "nothing was ordered" : "the order was not cancelled";
    if (answer.decision === "approve") {
      const outcome = await guarded[toolName].execute(pending.args, { summary: pending.summary, toolCallId });
      return { pending: null, messages: [result(toolCallId, toolName, outcome)] };
    }
    if (answer.decision === "reject") {
      return { pending: null, messages: [result(toolCallId, toolName, { declined: true, note: `The student declined; ${what}.` })] };
    }
    return {
      pending: null,
      messages: [
        result(toolCallId, toolName, { declined: true, note: `The student wants changes first; ${what}.` }),
        // The change request is the student's own words: a new human turn for the model to act on.
        new HumanMessage(answer.message ?? "I'd like to change something."),
      ],
    };
  };
}
