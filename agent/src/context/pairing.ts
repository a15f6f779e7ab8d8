import { isAIMessage, isToolMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { ToolError } from "@ustbites/contracts";

export const interruptedResult = (callId: string, name: string) =>
  new ToolMessage({
    tool_call_id: callId,
    name,
    status: "error",
    content: JSON.stringify({
      error: {
        code: "interrupted",
        message: "this call did not finish (the turn ended first); call it again if it is still needed",
      },
    } satisfies ToolError),
  });

/** The calls of `message` that no ToolMessage in `after` answers. */
export function unansweredCalls(message: BaseMessage, after: BaseMessage[]) {
  if (!isAIMessage(message)) return [];
  const answered = new Set(after.filter(isToolMessage).map((m) => m.tool_call_id));
  return (message.tool_calls ?? []).filter((call) => !answered.has(call.id ?? ""));
}

/**
 * The history as providers accept it: every tool call followed by exactly one result, and no result
 * without its call. OpenAI answers 400 to anything else, so one turn that stopped mid-tool (a closed
 * tab, a deadline) would otherwise break the thread for good. Missing results become "interrupted".
 */
export function pairToolResults(messages: BaseMessage[]): BaseMessage[] {
  const out: BaseMessage[] = [];
  let open: Map<string, string> | null = null; // call id → tool name, of the AI message being answered
  const closeOpen = () => {
    if (open) for (const [id, name] of open) out.push(interruptedResult(id, name));
    open = null;
  };
  for (const message of messages) {
    if (isToolMessage(message)) {
      if (open?.has(message.tool_call_id)) {
        open.delete(message.tool_call_id);
        out.push(message);
      }
      continue;
    }
    closeOpen();
    out.push(message);
    if (isAIMessage(message) && message.tool_calls?.length)
      open = new Map(message.tool_calls.map((c) => [c.id ?? "", c.name]));
  }
  closeOpen();
  return out;
}
