import { isHumanMessage, isToolMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { messageText } from "../messages.ts";

/**
 * What an old tool result keeps: ids, names, quantities, prices and totals, statuses, errors. The
 * rest (tags, ratings, history, courier details, times) mattered when it was new; a later turn that
 * needs it asks the tool again.
 */
export const COMPACTED_FIELDS = [
  "tags",
  "spice",
  "cuisines",
  "rating",
  "prepMin",
  "history",
  "courier",
  "each",
  "subtotal",
  "deliveryFee",
  "placed",
  "pickedUp",
  "note",
  "more",
] as const;
const DROPPED = new Set<string>(COMPACTED_FIELDS);

function compactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactValue);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !DROPPED.has(key))
      .map(([key, v]) => [key, compactValue(v)]),
  );
}

/** A tool result's content, compacted; content that is not JSON is left as it is. */
export function compactContent(content: string): string {
  try {
    return JSON.stringify(compactValue(JSON.parse(content)));
  } catch {
    return content;
  }
}

/** Tool results of earlier turns (before the student's latest message), compacted. */
export function compactOldToolResults(messages: BaseMessage[]): BaseMessage[] {
  let lastHuman = -1;
  messages.forEach((m, i) => {
    if (isHumanMessage(m)) lastHuman = i;
  });
  return messages.map((message, i) => {
    if (i > lastHuman || !isToolMessage(message)) return message;
    const content = compactContent(messageText(message));
    return content === message.content
      ? message
      : new ToolMessage({
          tool_call_id: message.tool_call_id,
          name: message.name ?? "",
          status: message.status ?? "success",
          content,
          ...(message.id ? { id: message.id } : {}),
        });
  });
}
