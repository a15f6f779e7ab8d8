import { isAIMessage, type BaseMessage } from "@langchain/core/messages";
import { END } from "@langchain/langgraph";
import { isGuardedTool } from "@ustbites/contracts";
import { unansweredCalls } from "../context/pairing.ts";
import type { AgentStateType } from "./state.ts";

/** The model's latest message and what came after it (results the model node already gave). */
export function latestModelMessage(messages: BaseMessage[]) {
  const index = messages.findLastIndex((m) => isAIMessage(m));
  if (index < 0) return null;
  const message = messages[index]!;
  return { message, pending: unansweredCalls(message, messages.slice(index + 1)) };
}

/**
 * After the model: stop, run tools, or — for any guarded call — go through the confirmation. When
 * every call already has its answer (calls the model botched are answered in the model node), the
 * model reads those answers next.
 */
export function routeAfterModel(state: AgentStateType): "tools" | "prepare_confirmation" | "model" | typeof END {
  const latest = latestModelMessage(state.messages);
  if (!latest || !isAIMessage(latest.message) || !latest.message.tool_calls?.length) return END;
  if (latest.pending.length === 0) return "model";
  return latest.pending.some((call) => isGuardedTool(call.name)) ? "prepare_confirmation" : "tools";
}
