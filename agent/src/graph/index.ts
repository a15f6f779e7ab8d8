import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { createConfirmNode, createPrepareConfirmationNode, type GuardedTools } from "./nodes/confirmation.ts";
import { createModelNode } from "./nodes/model.ts";
import { createToolsNode } from "./nodes/tools.ts";
import { routeAfterModel } from "./routing.ts";
import { AgentState } from "./state.ts";

export interface AgentGraphDeps {
  model: BaseChatModel;
  tools: StructuredToolInterface[];
  guarded: GuardedTools;
  checkpointer: BaseCheckpointSaver;
  maxToolCallsPerTurn?: number;
}

/**
 * model ⇄ tools, with every place_order / cancel_order routed through prepare_confirmation → confirm
 * (an interrupt). The routing is code: no model output reaches a guarded action without approval.
 */
export function buildAgentGraph(deps: AgentGraphDeps) {
  return new StateGraph(AgentState)
    .addNode("model", createModelNode(deps.model, deps.tools, deps.maxToolCallsPerTurn ?? 8))
    .addNode("tools", createToolsNode(deps.tools))
    .addNode("prepare_confirmation", createPrepareConfirmationNode(deps.tools, deps.guarded))
    .addNode("confirm", createConfirmNode(deps.guarded))
    .addEdge(START, "model")
    .addConditionalEdges("model", routeAfterModel, ["tools", "prepare_confirmation", END])
    .addEdge("tools", "model")
    .addConditionalEdges("prepare_confirmation", (state) => (state.pending ? "confirm" : "model"), ["confirm", "model"])
    .addEdge("confirm", "model")
    .compile({ checkpointer: deps.checkpointer });
}

export type AgentGraph = ReturnType<typeof buildAgentGraph>;
export { type GuardedTools, ConfirmationAnswer } from "./nodes/confirmation.ts";
export { AgentState, type PendingConfirmation } from "./state.ts";
