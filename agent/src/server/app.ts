import { createService, createTokenVerifier, type App, type ReadinessCheck } from "@ustbites/kit";
import type { JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import type { AgentGraph } from "../graph/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { createConversations } from "./conversations.ts";
import { createAgentMetrics } from "./metrics.ts";
import { chatRoutes } from "./routes/chat.ts";
import { threadRoutes } from "./routes/threads.ts";
import { createThreadRepository } from "./threads.ts";

export interface TurnLimits {
  /** The whole turn ends by then (AGENT_TURN_TIMEOUT_MS). */
  deadlineMs: number;
  maxToolRounds: number;
  turnsPerMinute: number;
  heartbeatMs: number;
}

export interface AgentAppDeps {
  graph: AgentGraph;
  prisma: PrismaClient;
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  limits: TurnLimits;
  /** The provider's kind, for metrics. */
  provider: string;
  logger?: Logger;
  logLevel?: string;
  readiness?: Record<string, ReadinessCheck>;
  /** Checks that leave the service serving when they fail (the model: threads and history still work). */
  degradedBy?: Record<string, ReadinessCheck>;
}

export async function buildApp(deps: AgentAppDeps): Promise<App> {
  const verify = createTokenVerifier({ keys: deps.keys, issuer: deps.issuer, audience: deps.audience });
  const app = await createService({
    name: "agent",
    description: "Chat with the USTBites ordering agent: streamed turns (SSE), confirmations, threads.",
    logLevel: deps.logLevel ?? "info",
    ...(deps.logger ? { logger: deps.logger } : {}),
    readiness: deps.readiness ?? {},
    degradedBy: deps.degradedBy ?? {},
    verifyToken: verify,
  });
  const threads = createThreadRepository(deps.prisma);
  const { limits } = deps;
  const conversations = createConversations({
    graph: deps.graph,
    threads,
    turnsPerMinute: limits.turnsPerMinute,
    turnLeaseMs: limits.deadlineMs + 10_000,
  });
  const metrics = createAgentMetrics(app.metricsRegistry);

  await app.register(chatRoutes, {
    conversations,
    heartbeatMs: limits.heartbeatMs,
    turn: {
      graph: deps.graph,
      metrics,
      deadlineMs: limits.deadlineMs,
      maxToolRounds: limits.maxToolRounds,
      provider: deps.provider,
    },
  });
  await app.register(threadRoutes, { threads, conversations });
  return app;
}
