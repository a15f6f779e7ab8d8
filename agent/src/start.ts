import { fileURLToPath } from "node:url";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { createLogger, remoteKeys, startService, startTracing } from "@ustbites/kit";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { createTools } from "@ustbites/tools";
import type { AgentConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { buildAgentGraph, fixedPromptTokens } from "./graph/index.ts";
import { createModelProvider } from "./models/index.ts";
import { buildApp } from "./server/app.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** Database, checkpointer, model, tools, graph, service. Used by main.ts and the platform launcher. */
export function startAgentService(config: AgentConfig) {
  const log = createLogger("agent", config.LOG_LEVEL);
  startTracing(config, "agent", log);
  return startService(log, async (resources) => {
    const db = resources.hold(
      await openDatabase({ service: "agent", ...databaseOptions(config), migrationsDir: MIGRATIONS_DIR, log }),
      (d) => d.close(),
    );
    const prisma = resources.hold(new PrismaClient(db.clientOptions), (p) => p.$disconnect());
    // Checkpoints share the service's pool: with embedded PGlite a second pool would interleave sessions.
    const checkpointer = new PostgresSaver(db.pool);
    await checkpointer.setup();

    const provider = createModelProvider(config);
    const { tools, guarded } = createTools({
      urls: {
        restaurant: config.RESTAURANT_URL,
        cart: config.CART_URL,
        order: config.ORDER_URL,
        delivery: config.DELIVERY_URL,
      },
    });
    const graph = buildAgentGraph({
      provider,
      tools,
      guarded,
      checkpointer,
      maxToolRounds: config.AGENT_MAX_TOOL_ROUNDS,
      onContractViolation: (tool, value) => log.error({ tool, value }, "a tool answered outside its contract"),
    });
    log.info(
      {
        model: provider.description,
        maxInputTokens: provider.maxInputTokens,
        fixedPromptTokens: fixedPromptTokens(provider, tools),
        tokenizer: provider.tokenizer.name,
      },
      config.AGENT_MODEL === "offline" ? "no model configured: using the offline rules-based model" : "using model",
    );

    const app = resources.app(
      await buildApp({
        graph,
        prisma,
        keys: remoteKeys(config.JWKS_URL),
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        provider: provider.kind,
        limits: {
          deadlineMs: config.AGENT_TURN_TIMEOUT_MS,
          maxToolRounds: config.AGENT_MAX_TOOL_ROUNDS,
          turnsPerMinute: config.AGENT_TURNS_PER_MINUTE,
          heartbeatMs: config.AGENT_SSE_HEARTBEAT_MS,
        },
        logger: log,
        readiness: { database: db.ping },
        degradedBy: { model: provider.ping },
      }),
    );
    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
