import type { Tokenizer } from "../context/tokens.ts";

interface AnyMessage {
  role: string;
  content?: unknown;
  tool_calls?: { function: { name: string; arguments: unknown } }[];
}

const text = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((p) => (typeof p === "object" && p && "text" in p ? String(p.text) : "")).join("")
      : "";

/**
 * What a request costs the model, counted the way chat models read it (ChatML, which OpenAI and Qwen
 * both use): `<|im_start|>role\ncontent<|im_end|>\n` per message, tool calls as their JSON, the tool
 * schemas as JSON in the system part. Counting the request's own JSON instead would charge every
 * escaped quote of a tool result, which no model sees.
 */
export function chatmlTokens(messages: AnyMessage[], tools: unknown[] | undefined, tokenizer: Tokenizer): number {
  let total = tools?.length ? tokenizer.count(tools.map((t) => JSON.stringify(t)).join("\n")) : 0;
  for (const m of messages) {
    total += 4 + tokenizer.count(m.role) + tokenizer.count(text(m.content));
    for (const call of m.tool_calls ?? []) {
      const args =
        typeof call.function.arguments === "string" ? call.function.arguments : JSON.stringify(call.function.arguments);
      total += tokenizer.count(`{"name": "${call.function.name}", "arguments": ${args}}`) + 2;
    }
  }
  return total;
}
