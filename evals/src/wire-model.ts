import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { OfflineChatModel } from "@ustbites/agent";
import { startFakeOpenAI, type CompletionRequest, type Step, type WireMessage } from "@ustbites/agent/testing";

/**
 * `--model wire`: the offline model served over the OpenAI wire by a server with OpenAI's rules,
 * with Qwen's habits on top. The agent then runs exactly as it does against vLLM or DashScope
 * (ChatOpenAI, streaming, tool-message pairing, normalisation), so CI exercises the real-model path
 * end to end without a real model. Qwen's habits, each on a fixed share of replies:
 *   - every reply starts with `<think>…</think>`;
 *   - every tool call has the id `call_0` (servers that number calls per reply);
 *   - every second tool-calling reply writes its calls as Hermes `<tool_call>` text instead;
 *   - numbers in arguments are written as strings ("2").
 */
export async function startWireModel(opts: { quirks: boolean } = { quirks: true }) {
  let replies = 0;
  const server = await startFakeOpenAI(async (request) => {
    const model = new OfflineChatModel().bindTools(request.tools ?? []);
    const reply = (await model.invoke(toLangChain(request.messages))) as AIMessage;
    return toStep(reply, opts.quirks ? replies++ : -1);
  });
  return { url: server.url, requests: server.recorded, close: () => server.close() };
}

const text = (content: unknown) => (typeof content === "string" ? content : JSON.stringify(content ?? ""));

/** The conversation as the model reads it: only what the wire carries. */
function toLangChain(messages: WireMessage[]): BaseMessage[] {
  const names = new Map<string, string>();
  return messages.map((m) => {
    if (m.role === "system") return new SystemMessage(text(m.content));
    if (m.role === "user") return new HumanMessage(text(m.content));
    if (m.role === "tool")
      return new ToolMessage({
        tool_call_id: m.tool_call_id ?? "",
        name: names.get(m.tool_call_id ?? "") ?? "",
        content: text(m.content),
      });
    const calls = (m.tool_calls ?? []).map((c) => {
      names.set(c.id ?? "", c.function.name);
      return {
        id: c.id ?? "",
        name: c.function.name,
        args: JSON.parse(c.function.arguments) as Record<string, unknown>,
        type: "tool_call" as const,
      };
    });
    return new AIMessage({ content: text(m.content ?? ""), tool_calls: calls });
  });
}

const stringify = (args: Record<string, unknown>) =>
  JSON.stringify(args, (_key, value: unknown) => (typeof value === "number" ? String(value) : value));

function toStep(reply: AIMessage, n: number): Step {
  const calls = reply.tool_calls ?? [];
  const content = typeof reply.content === "string" ? reply.content : "";
  if (n < 0)
    return {
      content,
      toolCalls: calls.map((c) => ({ id: c.id ?? null, name: c.name, arguments: JSON.stringify(c.args) })),
    };
  const thinking = `<think>The student wrote something; let me decide what to do (reply ${n}).</think>`;
  if (calls.length > 0 && n % 2 === 1) {
    const hermes = calls
      .map((c) => `<tool_call>\n${JSON.stringify({ name: c.name, arguments: c.args })}\n</tool_call>`)
      .join("\n");
    return { content: `${thinking}${content}${hermes}` };
  }
  return {
    content: `${thinking}${content}`,
    toolCalls: calls.map((c) => ({ id: "call_0", name: c.name, arguments: stringify(c.args) })),
  };
}

export type { CompletionRequest };
