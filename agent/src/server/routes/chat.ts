import websocket from "@fastify/websocket";
import { AgentStreamEvent, ChatTurnBody, Problem, ResumeBody } from "@ustbites/contracts";
import { bearerToken, currentUser, HttpProblem, type App, type AuthenticatedUser, type TokenVerifier } from "@ustbites/kit";
import type { preHandlerAsyncHookHandler } from "fastify";
import { z } from "zod";
import type { AgentGraph } from "../../graph/index.ts";
import type { Conversations } from "../conversations.ts";
import type { AgentMetrics } from "../metrics.ts";
import { runTurn, type TurnInput } from "../turn.ts";

export interface ChatRoutesOptions {
  graph: AgentGraph;
  conversations: Conversations;
  metrics: AgentMetrics;
  verify: TokenVerifier;
  requireUser: preHandlerAsyncHookHandler;
}

const SocketMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auth"), token: z.string().min(1) }),
  z.object({ type: z.literal("chat"), threadId: z.string().optional(), message: z.string() }),
  z.object({ type: z.literal("resume") }).loose(),
  z.object({ type: z.literal("ping") }),
]);

const AUTH_TIMEOUT_MS = 5000;
const sseDescription = "A text/event-stream of AgentStreamEvent objects, one per `data:` line.";

export async function chatRoutes(app: App, opts: ChatRoutesOptions): Promise<void> {
  const { graph, conversations, metrics } = opts;

  const turn = (user: AuthenticatedUser, requestId: string, prepared: Pick<TurnInput, "threadId" | "input">, emit: TurnInput["emit"], signal: AbortSignal) =>
    runTurn({ graph, metrics, emit, signal, ...prepared, student: { token: user.token, userId: user.id, requestId } });

  /** Server-sent events: the reply is streamed as the graph runs, so a student sees tokens at once. */
  const streamReply = async (request: Parameters<preHandlerAsyncHookHandler>[0], reply: { hijack(): void; raw: import("node:http").ServerResponse }, prepared: Pick<TurnInput, "threadId" | "input">) => {
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
    const emit = (event: AgentStreamEvent) => {
      if (!reply.raw.writableEnded) reply.raw.write(`data: ${JSON.stringify(event)}\n\n`);
    };
    try {
      await turn(user, String(request.id), prepared, emit, aborted.signal);
    } catch (err) {
      request.log.error({ err, threadId: prepared.threadId }, "chat turn failed");
    } finally {
      reply.raw.end();
    }
  };

  app.post(
    "/chat",
    {
      preHandler: opts.requireUser,
      schema: {
        tags: ["chat"],
        security: [{ bearer: [] }],
        description: `Send a message (a new thread without threadId). ${sseDescription}`,
        body: ChatTurnBody,
        response: { 400: Problem, 401: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request, reply) => streamReply(request, reply, await conversations.chat(currentUser(request), request.body)),
  );

  app.post(
    "/chat/resume",
    {
      preHandler: opts.requireUser,
      schema: {
        tags: ["chat"],
        security: [{ bearer: [] }],
        description: `Answer the pending confirmation (approve needs the card for a new order). ${sseDescription}`,
        body: ResumeBody,
        response: { 400: Problem, 401: Problem, 404: Problem, 409: Problem, 429: Problem },
      },
    },
    async (request, reply) => streamReply(request, reply, await conversations.resume(currentUser(request), request.body)),
  );

  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  app.get("/chat/ws", { websocket: true, schema: { hide: true } }, (socket, request) => {
    let user: AuthenticatedUser | null = null;
    let busy = Promise.resolve();
    const send = (event: AgentStreamEvent) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    };
    const aborted = new AbortController();
    socket.on("close", () => aborted.abort());

    const authTimer = setTimeout(() => {
      if (!user) socket.close(4401, "authentication required");
    }, AUTH_TIMEOUT_MS);
    const header = bearerToken(request);
    if (header) {
      opts.verify(header).then(
        (u) => {
          user = u;
          clearTimeout(authTimer);
        },
        () => socket.close(4401, "invalid token"),
      );
    }

    socket.on("message", (raw: Buffer) => {
      busy = busy.then(async () => {
        let parsed: z.infer<typeof SocketMessage>;
        try {
          parsed = SocketMessage.parse(JSON.parse(String(raw)));
        } catch {
          return send({ type: "error", message: "Unreadable message" });
        }
        if (parsed.type === "ping") return;
        if (parsed.type === "auth") {
          try {
            user = await opts.verify(parsed.token);
            clearTimeout(authTimer);
          } catch {
            socket.close(4401, "invalid token");
          }
          return;
        }
        if (!user) return socket.close(4401, "authentication required");
        try {
          const prepared =
            parsed.type === "chat"
              ? await conversations.chat(user, ChatTurnBody.parse({ ...(parsed.threadId ? { threadId: parsed.threadId } : {}), message: parsed.message }))
              : await conversations.resume(user, ResumeBody.parse(Object.fromEntries(Object.entries(parsed).filter(([k]) => k !== "type"))));
          await turn(user, String(request.id), prepared, send, aborted.signal);
        } catch (err) {
          if (err instanceof HttpProblem) return send({ type: "error", message: err.message });
          if (err instanceof z.ZodError) return send({ type: "error", message: err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
          request.log.error({ err }, "chat turn over websocket failed");
        }
      });
    });
  });
}
