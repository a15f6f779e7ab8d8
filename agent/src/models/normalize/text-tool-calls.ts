export interface TextToolCall {
  name: string;
  args: Record<string, unknown>;
}

const HERMES = /<tool_call>\s*([\s\S]*?)\s*(?:<\/tool_call>|$)/g;
const FENCED = /```(?:json|tool_call|tool)?\s*(\{[\s\S]*?\})\s*```/g;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseCall(json: string, toolNames: ReadonlySet<string>): TextToolCall | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  // Hermes writes {"name", "arguments"}; others {"name", "parameters"} or {"function": {...}}.
  const fn = isRecord(value.function) ? value.function : value;
  const name = typeof fn.name === "string" ? fn.name : null;
  if (!name || !toolNames.has(name)) return null;
  let args: unknown = fn.arguments ?? fn.parameters ?? {};
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      return null;
    }
  }
  return isRecord(args) ? { name, args } : null;
}

/**
 * Tool calls a model wrote as text instead of through the API: Hermes-style
 * `<tool_call>{"name": …, "arguments": …}</tool_call>` (Qwen's own format, which vLLM leaves as text
 * without `--tool-call-parser hermes`), fenced JSON, or a message that is nothing but such an object.
 * Only calls to tools we offer count; the rest of the text stays the reply.
 */
export function extractTextToolCalls(
  text: string,
  toolNames: ReadonlySet<string>,
): { calls: TextToolCall[]; text: string } {
  const calls: TextToolCall[] = [];
  const take = (pattern: RegExp, source: string) =>
    source.replace(pattern, (whole, json: string) => {
      const call = parseCall(json, toolNames);
      if (!call) return whole;
      calls.push(call);
      return "";
    });
  let rest = take(FENCED, take(HERMES, text));
  const bare = rest.trim();
  if (calls.length === 0 && bare.startsWith("{") && bare.endsWith("}")) {
    const call = parseCall(bare, toolNames);
    if (call) {
      calls.push(call);
      rest = "";
    }
  }
  return { calls, text: rest.trim() };
}
