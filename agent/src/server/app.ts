import { createService, createTokenVerifier, requireUser, type App, type ReadinessCheck } from "@ustbites/kit";
import type { JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import type { AgentGraph } from "../graph/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { createConversations } from "./conversations.ts";
import { createAgentMetrics } from "./metrics.ts";
import { chatRoutes } from "./routes/chat.ts";
import { threadRoutes } from "./routes/threads.ts";
import { createThreadRepository } from "./threads.ts";

export interface AgentAppDeps {
  graph: AgentGraph;
  prisma: PrismaClient;
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  turnsPerMinute: number;
  logger?: Logger;
  logLevel?: string;
  readiness?: Record<string, ReadinessCheck>;
}

export async function buildApp(deps: AgentAppDeps): Promise<App> {
  const app = await createService({
    name: "agent",
    description: "Chat with the USTBites ordering agent: streamed turns (SSE and WebSocket), confirmations, threads.",
    logLevel: deps.logLevel ?? "info",
    ...(deps.logger ? { logger: deps.logger } : {}),
    readiness: deps.readiness ?? {},
  });
  const verify = createTokenVerifier({ keys: deps.keys, issuer: deps.issuer, audience: deps.audience });
  const guard = requireUser(verify);
  const threads = createThreadRepository(deps.prisma);
  const conversations = createConversations({ graph: deps.graph, threads, turnsPerMinute: deps.turnsPerMinute });
  const metrics = createAgentMetrics(app.metricsRegistry);

  await app.register(chatRoutes, { graph: deps.graph, conversations, metrics, verify, requireUser: guard });
  await app.register(threadRoutes, { threads, conversations, requireUser: guard });
  return app;
}
