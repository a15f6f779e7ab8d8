import { isAIMessage } from "@langchain/core/messages";
import { END } from "@langchain/langgraph";
import type { AgentStateType } from "./state.ts";

export const GUARDED = new Set(["place_order", "cancel_order"]);

/** After the model: stop, run tools, or — for any guarded call — go through the confirmation. */
export function routeAfterModel(state: AgentStateType): "tools" | "prepare_confirmation" | typeof END {
  const last = state.messages.at(-1);
  if (!last || !isAIMessage(last) || !last.tool_calls?.length) return END;
  return last.tool_calls.some((call) => GUARDED.has(call.name)) ? "prepare_confirmation" : "tools";
}
