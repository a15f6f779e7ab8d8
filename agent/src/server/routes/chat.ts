import type { ServerResponse } from "node:http";
import { AgentStreamEvent, ChatTurnBody, Problem, ResumeBody } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { FastifyRequest } from "fastify";
import type { Conversations } from "../conversations.ts";
import { runTurn, type TurnInput } from "../turn.ts";

export interface ChatRoutesOptions {
  conversations: Conversations;
  turn: Pick<TurnInput, "graph" | "metrics" | "deadlineMs" | "maxToolRounds" | "provider">;
  /** A comment line this often while a turn runs: proxies and phones keep a silent stream open otherwise not for long. */
  heartbeatMs: number;
}

// Only students order, so only they chat with the agent that orders for them.
const config = { access: ["student"] } as const;
const sseDescription =
  "A text/event-stream of AgentStreamEvent objects, one per `data:` line; `:` comment lines are heartbeats.";

export async function chatRoutes(app: App, opts: ChatRoutesOptions): Promise<void> {
  const { conversations } = opts;

  /** Server-sent events: the reply is streamed as the graph runs, so a student sees tokens at once. */
  const streamReply = async (
    request: FastifyRequest,
    reply: { hijack(): void; raw: ServerResponse },
    prepared: Pick<TurnInput, "threadId" | "input">,
  ) => {
    const user = currentUser(request);
    reply.hijack();
    reply.raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      "x-request-id": String(request.id),
    });
    const aborted = new AbortController();
    reply.raw.on("close", () => aborted.abort());
    const write = (text: string) => {
      if (!reply.raw.writableEnded) reply.raw.write(text);
    };
    const emit = (event: AgentStreamEvent) => write(`data: ${JSON.stringify(event)}\n\n`);
    // A model prefilling a long prompt writes nothing for seconds: the heartbeat keeps the stream alive.
    const heartbeat = setInterval(() => write(": keep-alive\n\n"), opts.heartbeatMs);
    try {
      const { outcome, error } = await runTurn({
        ...opts.turn,
        ...prepared,
        emit,
        signal: aborted.signal,
        student: { token: user.token, userId: user.id, requestId: String(request.id) },
      });
      if (error !== undefined) {
        const log = { err: error, threadId: prepared.threadId, outcome };
        if (outcome === "failed") request.log.error(log, "chat turn failed");
        else request.log.warn(log, "chat turn ended early");
      }
    } finally {
      clearInterval(heartbeat);
      await conversations
        .release(prepared.threadId)
        .catch((err: unknown) => request.log.error({ err }, "could not release the thread"));
      reply.raw.end();
    }
  };

  app.post(
    "/chat",
    {
      config,
      schema: {
        tags: ["chat"],
        security: [{ bearer: [] }],
        description: `Send a message (a new thread without threadId). ${sseDescription}`,
        body: ChatTurnBody,
        response: { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem },
      },
    },
    async (request, reply) => streamReply(request, reply, await conversations.chat(currentUser(request), request.body)),
  );

  app.post(
    "/chat/resume",
    {
      config,
      schema: {
        tags: ["chat"],
        security: [{ bearer: [] }],
        description: `Answer the pending confirmation (approve needs the card for a new order). ${sseDescription}`,
        body: ResumeBody,
        response: { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem },
      },
    },
    async (request, reply) =>
      streamReply(request, reply, await conversations.resume(currentUser(request), request.body)),
  );
}
