import Fastify from "fastify";

export interface OllamaRequest {
  model: string;
  messages: { role: string; content?: string; tool_calls?: { function: { name: string; arguments: unknown } }[] }[];
  tools?: { type: string; function: { name: string } }[];
  options?: Record<string, unknown>;
  keep_alive?: string | number;
  stream?: boolean;
}

export type OllamaStep =
  | {
      content?: string;
      /** Ollama writes arguments as objects and gives calls no ids. */
      toolCalls?: { name: string; arguments: Record<string, unknown> }[];
      doneReason?: "stop" | "length";
      delayMs?: number;
      pieceDelayMs?: number;
    }
  | { status: number; message?: string }
  | { hang: true };

export type OllamaBrain = (request: OllamaRequest, index: number) => OllamaStep;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Speaks Ollama's /api/chat as it streams (NDJSON: pieces with done=false, then done=true with
 * done_reason and token counts) and /api/tags. Records each request and whether its client went away
 * before the reply ended (an abort), which is how one student's cancel is seen from the server.
 */
export async function startFakeOllama(brain: OllamaBrain, models = ["qwen2.5:7b-instruct"]) {
  const recorded: { body: OllamaRequest; aborted: boolean; finished: boolean }[] = [];
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024, forceCloseConnections: true });
  app.get("/api/tags", async () => ({ models: models.map((name) => ({ name, model: name })) }));
  app.post("/api/chat", async (request, reply) => {
    const body = request.body as OllamaRequest;
    const entry = { body, aborted: false, finished: false };
    recorded.push(entry);
    // The response closing before it was finished is the client going away.
    reply.raw.on("close", () => {
      if (!reply.raw.writableFinished) entry.aborted = true;
    });
    const step = brain(body, recorded.length - 1);
    if ("hang" in step) {
      await new Promise((resolve) => reply.raw.on("close", resolve));
      return reply;
    }
    if ("status" in step) return reply.status(step.status).send({ error: step.message ?? "model error" });
    if (step.delayMs) await sleep(step.delayMs);
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "application/x-ndjson" });
    const at = new Date().toISOString();
    const line = async (data: unknown) => {
      if (reply.raw.destroyed) return;
      reply.raw.write(`${JSON.stringify({ model: body.model, created_at: at, ...(data as object) })}\n`);
      if (step.pieceDelayMs) await sleep(step.pieceDelayMs);
    };
    for (const piece of (step.content ?? "").match(/\S+\s*|\s+/g) ?? [])
      await line({ message: { role: "assistant", content: piece }, done: false });
    if (step.toolCalls?.length) {
      await line({
        message: {
          role: "assistant",
          content: "",
          tool_calls: step.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })),
        },
        done: false,
      });
    }
    if (reply.raw.destroyed) return;
    await line({
      message: { role: "assistant", content: "" },
      done: true,
      done_reason: step.doneReason ?? "stop",
      prompt_eval_count: 40,
      eval_count: 6,
    });
    reply.raw.end();
    entry.finished = true;
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url, recorded, close: () => app.close() };
}
