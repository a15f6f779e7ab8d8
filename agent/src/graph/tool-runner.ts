import { ToolMessage, type ToolCall } from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { isGuardedTool, isToolError, readToolResult, ToolName, type ToolError } from "@ustbites/contracts";
import { inToolSpan, threadIdOf } from "../telemetry.ts";
import { coerceArguments, type JsonSchema } from "./coerce.ts";
import type { RefRegistry } from "./refs.ts";

/** What the tools node tells the stream before a call runs: the call with its ids resolved. */
export interface ToolCallAnnouncement {
  kind: "tool_call";
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface ToolCatalog {
  byName: Map<string, StructuredToolInterface>;
  /** Each tool's input as JSON Schema, for coercing what models write ("2" for 2). */
  inputSchemas: Map<string, JsonSchema>;
  /** Called when a tool answers outside its contract: a bug on our side, worth a log line. */
  onContractViolation?: (tool: string, value: unknown) => void;
}

export const errorOf = (code: ToolError["error"]["code"], message: string): ToolError => ({ error: { code, message } });

/**
 * The one way a tool result becomes a message: the model reads the result with handles for ids
 * (content), the app and the scorers read it with UUIDs (artifact), and `status` says whether it failed.
 */
export function toolMessage(call: Pick<ToolCall, "id" | "name">, result: unknown, refs: RefRegistry): ToolMessage {
  return new ToolMessage({
    tool_call_id: call.id ?? "",
    name: call.name,
    content: JSON.stringify(refs.render(result)),
    artifact: result,
    status: isToolError(result) ? "error" : "success",
  });
}

export function announce(config: LangGraphRunnableConfig, call: ToolCall, args: Record<string, unknown>): void {
  config.writer?.({ kind: "tool_call", id: call.id ?? "", name: call.name, args } satisfies ToolCallAnnouncement);
}

/** A call's arguments, coerced and with ids resolved, or the error the model reads instead. */
export function prepareArguments(
  call: ToolCall,
  catalog: ToolCatalog,
  refs: RefRegistry,
): { args: Record<string, unknown> } | { error: ToolError } {
  if (!catalog.byName.has(call.name)) return { error: errorOf("unknown_tool", `there is no tool ${call.name}`) };
  const coerced = coerceArguments(call.args, catalog.inputSchemas.get(call.name));
  return refs.resolveArgs(coerced);
}

/**
 * Runs one ordinary call: arguments prepared, the tool invoked, its result checked against the
 * contract. Expected failures are results; a throw here is a bug, reported to the model as `failed`.
 */
export function runToolCall(
  call: ToolCall,
  catalog: ToolCatalog,
  refs: RefRegistry,
  config: LangGraphRunnableConfig,
): Promise<ToolMessage> {
  return inToolSpan({ call, threadId: threadIdOf(config) }, () => runPrepared(call, catalog, refs, config));
}

async function runPrepared(
  call: ToolCall,
  catalog: ToolCatalog,
  refs: RefRegistry,
  config: LangGraphRunnableConfig,
): Promise<ToolMessage> {
  const prepared = prepareArguments(call, catalog, refs);
  announce(config, call, "args" in prepared ? prepared.args : call.args);
  if ("error" in prepared) return toolMessage(call, prepared.error, refs);
  // Defence in depth: routing sends guarded calls to the confirmation, never here.
  if (isGuardedTool(call.name))
    return toolMessage(call, errorOf("needs_confirmation", "needs the student's confirmation"), refs);
  const tool = catalog.byName.get(call.name)!;
  let result: unknown;
  try {
    result = await tool.invoke(prepared.args, config);
  } catch (err) {
    if (config.signal?.aborted) throw err;
    result = errorOf("failed", `could not run ${call.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const name = ToolName.safeParse(call.name);
  if (!name.success || readToolResult(name.data, result) === null) {
    catalog.onContractViolation?.(call.name, result);
    result = errorOf("failed", `${call.name} answered something unexpected`);
  }
  return toolMessage(call, result, refs);
}
