import Fastify from "fastify";

/** A message as the OpenAI wire carries it. */
export interface WireMessage {
  role: string;
  content?: unknown;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export type Move = { say: string } | { call: string; args: Record<string, unknown> };

/** Decides the model's next move from the conversation, like a (badly behaved) LLM would. */
export type Brain = (messages: WireMessage[]) => Move;

let completion = 0;

/**
 * An OpenAI-compatible chat completions server whose "model" is a script: the agent under test runs
 * its real graph, tools and confirmation guard with AGENT_MODEL=openai-compatible pointed here, so a
 * test can make the agent misbehave on purpose and check that the evals catch it.
 */
export async function startScriptedOpenAI(
  brain: Brain,
): Promise<{ url: string; completions: () => number; close(): Promise<void> }> {
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  let served = 0;
  app.post("/v1/chat/completions", async (request, reply) => {
    served++;
    const body = request.body as { stream?: boolean; model: string; messages: WireMessage[] };
    const move = brain(body.messages);
    const id = `chatcmpl-scripted-${++completion}`;
    const toolCall =
      "call" in move
        ? {
            id: `call_scripted_${completion}`,
            type: "function",
            function: { name: move.call, arguments: JSON.stringify(move.args) },
          }
        : undefined;
    const usage = { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 };
    if (!body.stream) {
      const message = toolCall
        ? { role: "assistant", content: null, tool_calls: [toolCall] }
        : { role: "assistant", content: "say" in move ? move.say : "" };
      return {
        id,
        object: "chat.completion",
        created: 1,
        model: body.model,
        choices: [{ index: 0, message, finish_reason: toolCall ? "tool_calls" : "stop" }],
        usage,
      };
    }
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream" });
    const base = { id, object: "chat.completion.chunk", created: 1, model: body.model };
    const send = (data: unknown) => reply.raw.write(`data: ${JSON.stringify(data)}\n\n`);
    if (toolCall) {
      send({
        ...base,
        choices: [
          {
            index: 0,
            delta: { role: "assistant", content: null, tool_calls: [{ index: 0, ...toolCall }] },
            finish_reason: null,
          },
        ],
      });
      send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
    } else {
      send({
        ...base,
        choices: [
          { index: 0, delta: { role: "assistant", content: "say" in move ? move.say : "" }, finish_reason: null },
        ],
      });
      send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    }
    send({ ...base, choices: [], usage });
    reply.raw.end("data: [DONE]\n\n");
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url: `${url}/v1`, completions: () => served, close: () => app.close() };
}

/** The last student message, and the tool whose result came last (if the last message is a result). */
export function lastTurn(messages: WireMessage[]): {
  userText: string;
  afterTool?: { name: string; result: unknown } | undefined;
} {
  const userText = String([...messages].reverse().find((m) => m.role === "user")?.content ?? "");
  const last = messages.at(-1);
  if (last?.role !== "tool") return { userText };
  const name = messages.flatMap((m) => m.tool_calls ?? []).find((c) => c.id === last.tool_call_id)?.function.name ?? "";
  let result: unknown = last.content;
  try {
    result = JSON.parse(String(last.content));
  } catch {
    // a plain-text result
  }
  return { userText, afterTool: { name, result } };
}
