import { isAIMessage, ToolMessage, type ToolCall } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { GUARDED } from "../routing.ts";
import type { AgentStateType, AgentStateUpdate } from "../state.ts";

const errorResult = (message: string) => JSON.stringify({ error: message });

/** Runs one model-requested call; a bad argument or an unexpected failure becomes a result the model reads. */
export async function runToolCall(
  call: ToolCall,
  toolsByName: Map<string, StructuredToolInterface>,
  config: RunnableConfig,
): Promise<ToolMessage> {
  const id = call.id ?? "";
  const tool = toolsByName.get(call.name);
  const reply = (content: string, status: "success" | "error" = "success") =>
    new ToolMessage({ tool_call_id: id, name: call.name, content, status });
  if (!tool) return reply(errorResult(`unknown tool ${call.name}`), "error");
  // Defence in depth: routing sends guarded calls to the confirmation, never here.
  if (GUARDED.has(call.name)) return reply(errorResult("needs the student's confirmation"), "error");
  try {
    const result: unknown = await tool.invoke(call.args, config);
    const content = typeof result === "string" ? result : JSON.stringify(result);
    return reply(content, content.startsWith('{"error"') ? "error" : "success");
  } catch (err) {
    return reply(errorResult(`could not run ${call.name}: ${err instanceof Error ? err.message : String(err)}`), "error");
  }
}

export function createToolsNode(tools: StructuredToolInterface[]) {
  const toolsByName = new Map(tools.map((t) => [t.name, t]));
  return async (state: AgentStateType, config: RunnableConfig): Promise<AgentStateUpdate> => {
    const last = state.messages.at(-1);
    if (!last || !isAIMessage(last)) return {};
    const results = await Promise.all((last.tool_calls ?? []).map((call) => runToolCall(call, toolsByName, config)));
    return { messages: results };
  };
}
