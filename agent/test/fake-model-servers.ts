import Fastify, { type FastifyInstance } from "fastify";

/** What a fake model server saw: the requests the real client code sent, for assertions. */
export interface Recorded {
  bodies: Record<string, unknown>[];
}

interface WireMessage {
  role: string;
  content?: unknown;
}

/** The same tiny policy for both fakes: first call a tool, then answer in words once it has a result. */
const hasToolResult = (messages: WireMessage[]) => messages.at(-1)?.role === "tool";
const FINAL_WORDS = ["Your ", "cart ", "has ", "one ", "Paneer ", "Tikka ", "Wrap."];

let completion = 0;

/** Speaks OpenAI's /v1/chat/completions, streamed (SSE) or not, with tool calls. Unique ids per completion. */
export async function startFakeOpenAI(): Promise<{ url: string; recorded: Recorded; close(): Promise<void> }> {
  const recorded: Recorded = { bodies: [] };
  const app: FastifyInstance = Fastify();
  app.post("/v1/chat/completions", async (request, reply) => {
    const body = request.body as { stream?: boolean; model: string; messages: WireMessage[] };
    recorded.bodies.push(body);
    const id = `chatcmpl-${++completion}`;
    const base = { id, object: "chat.completion.chunk", created: 1, model: body.model };
    const usage = { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 };
    const toolCall = { index: 0, id: `call_${completion}`, type: "function", function: { name: "view_cart", arguments: "{}" } };
    if (!body.stream) {
      const message = hasToolResult(body.messages)
        ? { role: "assistant", content: FINAL_WORDS.join("") }
        : { role: "assistant", content: null, tool_calls: [{ id: toolCall.id, type: "function", function: toolCall.function }] };
      return { id, object: "chat.completion", created: 1, model: body.model, choices: [{ index: 0, message, finish_reason: hasToolResult(body.messages) ? "stop" : "tool_calls" }], usage };
    }
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream" });
    const send = (data: unknown) => reply.raw.write(`data: ${JSON.stringify(data)}\n\n`);
    if (hasToolResult(body.messages)) {
      send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
      for (const word of FINAL_WORDS) send({ ...base, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] });
      send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    } else {
      // Tool calls arrive in pieces: name first, then the arguments.
      send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: null, tool_calls: [{ ...toolCall, function: { name: "view_cart", arguments: "" } }] }, finish_reason: null }] });
      send({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: "{}" } }] }, finish_reason: null }] });
      send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
    }
    send({ ...base, choices: [], usage });
    reply.raw.end("data: [DONE]\n\n");
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url: `${url}/v1`, recorded, close: () => app.close() };
}

/** Speaks Ollama's /api/chat: always NDJSON (ChatOllama streams), tool calls as whole objects. */
export async function startFakeOllama(): Promise<{ url: string; recorded: Recorded; close(): Promise<void> }> {
  const recorded: Recorded = { bodies: [] };
  const app: FastifyInstance = Fastify();
  app.post("/api/chat", async (request, reply) => {
    const body = request.body as { model: string; messages: WireMessage[] };
    recorded.bodies.push(body);
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "application/x-ndjson" });
    const line = (data: unknown) => reply.raw.write(`${JSON.stringify(data)}\n`);
    const at = new Date().toISOString();
    if (hasToolResult(body.messages)) {
      for (const word of FINAL_WORDS) line({ model: body.model, created_at: at, message: { role: "assistant", content: word }, done: false });
    } else {
      line({ model: body.model, created_at: at, message: { role: "assistant", content: "", tool_calls: [{ function: { name: "view_cart", arguments: {} } }] }, done: false });
    }
    line({ model: body.model, created_at: at, message: { role: "assistant", content: "" }, done: true, done_reason: "stop", prompt_eval_count: 40, eval_count: 6 });
    reply.raw.end();
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url, recorded, close: () => app.close() };
}
