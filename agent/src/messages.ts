import type { BaseMessage } from "@langchain/core/messages";

/** A message's text, whatever shape its content has (a string, or parts of which some are text). */
export function messageText(message: Pick<BaseMessage, "content">): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content
    .map((part) => (typeof part === "string" ? part : "text" in part && typeof part.text === "string" ? part.text : ""))
    .join("");
}
