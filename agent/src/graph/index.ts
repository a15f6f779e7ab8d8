import type { StructuredToolInterface } from "@langchain/core/tools";
import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { PER_MESSAGE_TOKENS } from "../context/tokens.ts";
import type { ModelProvider } from "../models/provider.ts";
import { inputSchema, toolDefinitions } from "../models/tool-definitions.ts";
import { SYSTEM_PROMPT } from "../prompts.ts";
import { createConfirmNode, createPrepareConfirmationNode, type GuardedTools } from "./nodes/confirmation.ts";
import { createModelNode } from "./nodes/model.ts";
import { createToolsNode } from "./nodes/tools.ts";
import { routeAfterModel } from "./routing.ts";
import { AgentState } from "./state.ts";
import type { ToolCatalog } from "./tool-runner.ts";

export interface AgentGraphDeps {
  provider: ModelProvider;
  tools: StructuredToolInterface[];
  guarded: GuardedTools;
  checkpointer: BaseCheckpointSaver;
  maxToolRounds?: number;
  onContractViolation?: ToolCatalog["onContractViolation"];
}

/** What the system prompt and the tool schemas cost per call, by the provider's own tokenizer. */
export function fixedPromptTokens(
  provider: Pick<ModelProvider, "tokenizer">,
  tools: StructuredToolInterface[],
): number {
  const { tokenizer } = provider;
  return (
    tokenizer.count(SYSTEM_PROMPT) +
    toolDefinitions(tools).reduce((sum, def) => sum + tokenizer.count(JSON.stringify(def)), 0)
  );
}

/**
 * model ⇄ tools, with every place_order / cancel_order routed through prepare_confirmation → confirm
 * (an interrupt). The routing is code: no model output reaches a guarded action without approval.
 */
export function buildAgentGraph(deps: AgentGraphDeps) {
  const catalog: ToolCatalog = {
    byName: new Map(deps.tools.map((t) => [t.name, t])),
    inputSchemas: new Map(deps.tools.map((t) => [t.name, inputSchema(t)])),
    ...(deps.onContractViolation ? { onContractViolation: deps.onContractViolation } : {}),
  };
  const definitions = toolDefinitions(deps.tools);
  // The system message is a message too: its role markers count.
  const budget = {
    maxInputTokens: deps.provider.maxInputTokens,
    fixedTokens:
      fixedPromptTokens(deps.provider, deps.tools) + PER_MESSAGE_TOKENS + deps.provider.tokenizer.count("system"),
    tokenizer: deps.provider.tokenizer,
  };
  return new StateGraph(AgentState)
    .addNode(
      "model",
      createModelNode({ provider: deps.provider, tools: definitions, budget, maxToolRounds: deps.maxToolRounds ?? 8 }),
    )
    .addNode("tools", createToolsNode(catalog))
    .addNode("prepare_confirmation", createPrepareConfirmationNode(catalog, deps.guarded))
    .addNode("confirm", createConfirmNode(deps.guarded))
    .addEdge(START, "model")
    .addConditionalEdges("model", routeAfterModel, ["tools", "prepare_confirmation", "model", END])
    .addEdge("tools", "model")
    .addConditionalEdges("prepare_confirmation", (state) => (state.pending ? "confirm" : "model"), ["confirm", "model"])
    .addEdge("confirm", "model")
    .compile({ checkpointer: deps.checkpointer });
}

export type AgentGraph = ReturnType<typeof buildAgentGraph>;
export { type GuardedTools, ConfirmationAnswer } from "./nodes/confirmation.ts";
export { AgentState, type PendingConfirmation } from "./state.ts";
