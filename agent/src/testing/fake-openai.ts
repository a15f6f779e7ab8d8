import Fastify from "fastify";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { O200K } from "../context/tokens.ts";
import { chatmlTokens } from "./chatml.ts";

/** A message as OpenAI's chat completions API receives it. */
export interface WireMessage {
  role: string;
  content?: unknown;
  tool_calls?: { id?: string; type?: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface CompletionRequest {
  model: string;
  stream?: boolean;
  messages: WireMessage[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  max_tokens?: number;
  max_completion_tokens?: number;
}

/** One scripted answer: a reply (text and/or tool calls), an HTTP error, or silence. */
export type Step =
  | {
      content?: string;
      /** `arguments` exactly as the server writes them (possibly broken JSON); `id: null` leaves the id out. */
      toolCalls?: { id?: string | null; name: string; arguments: string }[];
      finishReason?: "stop" | "tool_calls" | "length";
      /** Before the first byte (prefill time). */
      delayMs?: number;
      /** Between streamed pieces. */
      pieceDelayMs?: number;
    }
  | { status: number; message?: string }
  | { hang: true };

export type Brain = (request: CompletionRequest, index: number) => Step | Promise<Step>;

export interface Recorded {
  body: CompletionRequest;
  /** What OpenAI would have answered: 200, or the 400 of a request that breaks its rules. */
  status: number;
  error?: string;
  /** The prompt as the model reads it (chatml.ts), counted with o200k. */
  promptTokens: number;
}

/**
 * The rules OpenAI enforces on a conversation, with its own error messages: every assistant message
 * with tool_calls is followed by one tool message per call id, a tool message answers a call of the
 * assistant message before it, and every call has an id and string arguments.
 */
export function openAIViolation(messages: WireMessage[]): string | null {
  let open: Set<string> | null = null;
  for (const [i, message] of messages.entries()) {
    if (message.role === "tool") {
      if (!open || !message.tool_call_id || !open.has(message.tool_call_id)) {
        return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      }
      open.delete(message.tool_call_id);
      continue;
    }
    if (open && open.size > 0) {
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(", ")}`;
    }
    open = null;
    if (message.role === "assistant" && message.tool_calls?.length) {
      for (const [j, call] of message.tool_calls.entries()) {
        if (!call.id) return `Missing required parameter: 'messages[${i}].tool_calls[${j}].id'.`;
        if (typeof call.function?.arguments !== "string")
          return `Invalid type for 'messages[${i}].tool_calls[${j}].function.arguments': expected a string.`;
      }
      open = new Set(message.tool_calls.map((c) => c.id!));
    }
  }
  if (open && open.size > 0) {
    return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(", ")}`;
  }
  return null;
}

let completions = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Speaks OpenAI's /v1/chat/completions (SSE when `stream`, JSON otherwise) with OpenAI's strictness
 * and a unique id per completion; what it answers comes from `brain`. Also GET /v1/models.
 */
export async function startFakeOpenAI(brain: Brain) {
  const recorded: Recorded[] = [];
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024, forceCloseConnections: true });
  app.get("/v1/models", async () => ({ object: "list", data: [{ id: "gpt-4o-mini", object: "model" }] }));
  app.post("/v1/chat/completions", async (request, reply) => {
    const body = request.body as CompletionRequest;
    const promptTokens = chatmlTokens(body.messages, body.tools, O200K);
    const violation = openAIViolation(body.messages);
    recorded.push({ body, status: violation ? 400 : 200, promptTokens, ...(violation ? { error: violation } : {}) });
    if (violation)
      return reply
        .status(400)
        .send({ error: { message: violation, type: "invalid_request_error", param: "messages", code: null } });

    const step = await brain(body, recorded.length - 1);
    if ("hang" in step) {
      await new Promise((resolve) => request.raw.on("close", resolve));
      return reply;
    }
    if ("status" in step)
      return reply
        .status(step.status)
        .send({ error: { message: step.message ?? "The server had an error", type: "server_error" } });
    if (step.delayMs) await sleep(step.delayMs);

    const id = `chatcmpl-${++completions}`;
    const calls = step.toolCalls ?? [];
    const finish = step.finishReason ?? (calls.length ? "tool_calls" : "stop");
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: countTokens(step.content ?? "") + calls.length * 10,
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const wireCall = (c: (typeof calls)[number], index: number) => ({
      index,
      ...(c.id === null ? {} : { id: c.id ?? `call_${completions}_${index}` }),
      type: "function",
    });

    if (!body.stream) {
      const message = {
        role: "assistant",
        content: step.content ?? null,
        ...(calls.length
          ? {
              tool_calls: calls.map((c, i) => ({
                ...wireCall(c, i),
                function: { name: c.name, arguments: c.arguments },
              })),
            }
          : {}),
      };
      return {
        id,
        object: "chat.completion",
        created: 1,
        model: body.model,
        choices: [{ index: 0, message, finish_reason: finish }],
        usage,
      };
    }
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream" });
    const base = { id, object: "chat.completion.chunk", created: 1, model: body.model };
    const send = async (delta: unknown, finishReason: string | null = null) => {
      if (reply.raw.destroyed) return;
      reply.raw.write(
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`,
      );
      if (step.pieceDelayMs) await sleep(step.pieceDelayMs);
    };
    await send({ role: "assistant", content: "" });
    for (const piece of (step.content ?? "").match(/\S+\s*|\s+/g) ?? []) await send({ content: piece });
    for (const [index, call] of calls.entries()) {
      // As OpenAI streams them: the id and name first, then the arguments in pieces.
      await send({ tool_calls: [{ ...wireCall(call, index), function: { name: call.name, arguments: "" } }] });
      for (let at = 0; at < call.arguments.length; at += 7)
        await send({ tool_calls: [{ index, function: { arguments: call.arguments.slice(at, at + 7) } }] });
    }
    await send({}, finish);
    if (!reply.raw.destroyed) reply.raw.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
    reply.raw.end("data: [DONE]\n\n");
  });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url: `${address}/v1`, recorded, close: () => app.close() };
}
