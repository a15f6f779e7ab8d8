import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { RefRegistry } from "../refs.ts";
import { latestModelMessage } from "../routing.ts";
import type { AgentStateType, AgentStateUpdate } from "../state.ts";
import { runToolCall, type ToolCatalog } from "../tool-runner.ts";

/**
 * Runs the calls of the model's latest message one after another, in the order written: a message
 * that clears the cart and then adds a dish must not add before it clears.
 */
export function createToolsNode(catalog: ToolCatalog) {
  return async (state: AgentStateType, config: LangGraphRunnableConfig): Promise<AgentStateUpdate> => {
    const latest = latestModelMessage(state.messages);
    if (!latest) return {};
    const refs = new RefRegistry(state.refs);
    const messages = [];
    for (const call of latest.pending) messages.push(await runToolCall(call, catalog, refs, config));
    return { messages, refs: refs.added };
  };
}
