import { trimMessages, type BaseMessage } from "@langchain/core/messages";
import { compactOldToolResults } from "./compaction.ts";
import { pairToolResults } from "./pairing.ts";
import { messagesTokens, type Tokenizer } from "./tokens.ts";

export interface Budget {
  /** Everything sent to the model for one call: system prompt, tool schemas and history. */
  maxInputTokens: number;
  /** What the system prompt and the tool schemas cost, counted once at start. */
  fixedTokens: number;
  tokenizer: Tokenizer;
}

/**
 * The history to send for one model call: paired (every call answered), old tool results compacted,
 * then the oldest whole turns dropped until it fits. Turns are cut only where a student message
 * starts, so no call is ever separated from its result; the latest turn always stays.
 */
export async function fitHistory(messages: BaseMessage[], budget: Budget): Promise<BaseMessage[]> {
  const history = compactOldToolResults(pairToolResults(messages));
  const room = budget.maxInputTokens - budget.fixedTokens;
  const count = (msgs: BaseMessage[]) => messagesTokens(msgs, budget.tokenizer);
  if (count(history) <= room) return history;
  const trimmed = await trimMessages(history, {
    maxTokens: room,
    strategy: "last",
    startOn: "human",
    tokenCounter: count,
    allowPartial: false,
  });
  if (trimmed.length > 0) return trimmed;
  // The latest turn alone is over the budget: keep it from the student's message on.
  const lastHuman = history.findLastIndex((m) => m.getType() === "human");
  return history.slice(Math.max(0, lastHuman));
}
