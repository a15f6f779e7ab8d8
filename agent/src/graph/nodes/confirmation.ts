import { HumanMessage, type ToolMessage } from "@langchain/core/messages";
import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import {
  ConfirmationDecision,
  isGuardedTool,
  isToolError,
  OrderConfirmation,
  type Declined,
  type GuardedToolName,
} from "@ustbites/contracts";
import type { GuardedTool } from "@ustbites/tools";
import { activeTraceparent } from "@ustbites/kit";
import { z } from "zod";
import { RefRegistry } from "../refs.ts";
import { latestModelMessage } from "../routing.ts";
import type { AgentStateType, AgentStateUpdate, PendingConfirmation } from "../state.ts";
import { inToolSpan, threadIdOf } from "../../telemetry.ts";
import { announce, errorOf, prepareArguments, runToolCall, toolMessage, type ToolCatalog } from "../tool-runner.ts";

/** The acting halves of place_order and cancel_order (tools/); the graph needs only these two methods. */
export type GuardedTools = { [N in GuardedToolName]: Pick<GuardedTool<N>, "summarize" | "execute"> };

/** The resume value: only the decision and the student's words. Secrets (the card) never pass here. */
export const ConfirmationAnswer = z.object({ decision: ConfirmationDecision, message: z.string().optional() });
export type ConfirmationAnswer = z.infer<typeof ConfirmationAnswer>;

/**
 * Runs the ordinary calls of the model's message and builds the summary for the first guarded one.
 * Kept apart from `confirm` because a node re-runs from its start when an interrupt resumes: the
 * summary the student approves must be the one stored here, not one recomputed on resume.
 */
export function createPrepareConfirmationNode(catalog: ToolCatalog, guarded: GuardedTools) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentStateUpdate> => {
    const latest = latestModelMessage(state.messages);
    if (!latest) return { pending: null };
    const refs = new RefRegistry(state.refs);
    const messages: ToolMessage[] = [];
    let pending: PendingConfirmation | null = null;
    for (const call of latest.pending) {
      if (!isGuardedTool(call.name)) {
        messages.push(await runToolCall(call, catalog, refs, config));
        continue;
      }
      const prepared = prepareArguments(call, catalog, refs);
      announce(config, call, "args" in prepared ? prepared.args : call.args);
      if ("error" in prepared) {
        messages.push(toolMessage(call, prepared.error, refs));
        continue;
      }
      if (pending) {
        messages.push(
          toolMessage(
            call,
            errorOf("confirmation_busy", "one confirmation at a time; ask again after this one is answered"),
            refs,
          ),
        );
        continue;
      }
      const toolName = call.name;
      let summary: OrderConfirmation | Awaited<ReturnType<GuardedTools[typeof toolName]["summarize"]>>;
      try {
        summary = await inToolSpan({ call, threadId: threadIdOf(config), step: "summarize" }, () =>
          guarded[toolName].summarize(prepared.args),
        );
      } catch (err) {
        summary = errorOf("failed", err instanceof Error ? err.message : String(err));
      }
      if (isToolError(summary)) {
        messages.push(toolMessage(call, summary, refs));
        continue;
      }
      // The turn asking; the turn that answers links to it (a resume is a new request, so a new trace).
      const traceparent = activeTraceparent();
      pending = {
        toolCallId: call.id ?? "",
        toolName,
        args: prepared.args,
        summary: OrderConfirmation.parse(summary),
        nonce: crypto.randomUUID(),
        ...(traceparent ? { traceparent } : {}),
      };
    }
    return { messages, pending, refs: refs.added };
  };
}

/** Pauses the graph with the summary; acts only on the student's explicit approval of exactly it. */
export function createConfirmNode(guarded: GuardedTools) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentStateUpdate> => {
    const pending = state.pending;
    if (!pending) return {};
    const answer = ConfirmationAnswer.parse(interrupt(pending.summary));
    const { toolCallId, toolName } = pending;
    const call = { id: toolCallId, name: toolName };
    const refs = new RefRegistry(state.refs);
    const what = toolName === "place_order" ? "nothing was ordered" : "the order was not cancelled";
    if (answer.decision === "approve") {
      const outcome = await inToolSpan({ call, threadId: threadIdOf(config), step: "execute" }, () =>
        guarded[toolName].execute(pending.args, { summary: pending.summary, toolCallId, nonce: pending.nonce }),
      );
      return { pending: null, messages: [toolMessage(call, outcome, refs)], refs: refs.added };
    }
    if (answer.decision === "reject") {
      const declined: Declined = { declined: "rejected", note: `The student declined; ${what}.` };
      return { pending: null, messages: [toolMessage(call, declined, refs)] };
    }
    const declined: Declined = { declined: "change_requested", note: `The student wants changes first; ${what}.` };
    return {
      pending: null,
      messages: [
        toolMessage(call, declined, refs),
        // The change request is the student's own words: a new human turn for the model to act on.
        new HumanMessage(answer.message ?? "I'd like to change something."),
      ],
    };
  };
}
