import { AgentStreamEvent } from "@ustbites/contracts";

/** The `data:` payload of one SSE event block; null for blocks without data (comments, keep-alives). */
function dataOf(block: string): string | null {
  const lines = block.split("\n").filter((line) => line.startsWith("data:"));
  if (lines.length === 0) return null;
  return lines.map((line) => line.slice(line.startsWith("data: ") ? 6 : 5)).join("\n");
}

/**
 * Reads the agent's SSE answer (`data: <AgentStreamEvent json>` blocks separated by a blank line) as
 * events, in order. A block that is not a valid event is reported as an `error` event rather than
 * thrown, so one bad line cannot blank the chat.
 */
export async function* readAgentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<AgentStreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (value) buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const data = dataOf(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (data !== null) yield parseEvent(data);
        end = buffer.indexOf("\n\n");
      }
      if (done) break;
    }
    const rest = dataOf(buffer.trim());
    if (rest !== null) yield parseEvent(rest);
  } finally {
    reader.releaseLock();
  }
}

function parseEvent(data: string): AgentStreamEvent {
  try {
    const parsed = AgentStreamEvent.safeParse(JSON.parse(data));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not JSON
  }
  return { type: "error", message: "The assistant sent something this app cannot read." };
}
