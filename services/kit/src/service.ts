import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest, type FastifyInstance, type RawServerDefault } from "fastify";
import type { IncomingMessage, ServerResponse } from "node:http";
import swagger from "@fastify/swagger";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { frameworkErrors, registerErrorHandling } from "./errors.ts";
import { registerMetrics } from "./metrics.ts";
import type { Registry } from "prom-client";
import type { Logger } from "pino";
import { createLogger } from "./logger.ts";

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** A dependency /readyz waits on: resolves when it answers, rejects (or times out) when it does not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ServiceOptions {
  name: string;
  version?: string;
  description?: string;
  logLevel?: string;
  /** A logger made earlier (e.g. to log database start-up); otherwise one is made from `logLevel`. */
  logger?: Logger;
  /** Largest accepted request body in bytes; larger ones get 413. */
  bodyLimit?: number;
  readiness?: Record<string, ReadinessCheck>;
  /**
   * Checks that, failing, leave the service up but reported "degraded" (200): it still serves most
   * of what it does (the agent without its model still shows threads and points to the classic app).
   */
  degradedBy?: Record<string, ReadinessCheck>;
  /** Behind the gateway or a load balancer: honour X-Forwarded-For for rate limits and logs. */
  trustProxy?: boolean;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Fastify logs "incoming request" and "request completed" at info: two JSON lines written per request
 * at the default level, the largest per-request cost of a fast route. Here they are debug lines (pino
 * makes a disabled level a no-op). A request that failed is still an error line, and so is an
 * unexpected error (errors.ts).
 */
class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, _request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, "request completed");
  }
}
const READINESS_TIMEOUT_MS = 2000;

declare module "fastify" {
  interface FastifyInstance {
    metricsRegistry: Registry;
  }
}

function withTimeout(check: ReadinessCheck): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    check(),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Builds the Fastify app every service starts from: zod validation and serialization, problem+json
 * errors, request ids, Prometheus metrics, health and readiness, OpenAPI at /docs/json.
 * It never listens: main.ts (or a test with `inject`) decides that.
 */
export async function createService(opts: ServiceOptions): Promise<App> {
  const logger: FastifyBaseLogger = opts.logger ?? createLogger(opts.name, opts.logLevel);
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    trustProxy: opts.trustProxy ?? true,
    logController: new RequestLogController({ requestIdLogLabel: "requestId" }),
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Drain quickly on SIGTERM: keep-alive sockets would otherwise hold close() open.
    forceCloseConnections: "idle",
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();

  app.decorateRequest("user", null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: `USTBites ${opts.name} service`, version: opts.version ?? "0.1.0", description: opts.description ?? "" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
    transform: jsonSchemaTransform,
  });
  app.get("/docs/json", { schema: { hide: true } }, async () => app.swagger());

  app.decorate("metricsRegistry", registerMetrics(app, opts.name));

  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

  const checks = [
    ...Object.entries(opts.readiness ?? {}).map(([name, check]) => ({ name, check, required: true })),
    ...Object.entries(opts.degradedBy ?? {}).map(([name, check]) => ({ name, check, required: false })),
  ];
  app.get("/readyz", { schema: { hide: true } }, async (request, reply) => {
    const results = await Promise.all(
      checks.map(async ({ name, check, required }) => {
        try {
          await withTimeout(check);
          return { name, required, state: "ok" };
        } catch (err) {
          request.log.warn({ check: name, err }, "readiness check failed");
          return { name, required, state: "failing", ...(required ? {} : { reason: err instanceof Error ? err.message : String(err) }) };
        }
      }),
    );
    const ready = results.every((r) => r.state === "ok" || !r.required);
    const degraded = results.some((r) => r.state !== "ok" && !r.required);
    return reply.status(ready ? 200 : 503).send({
      status: ready ? (degraded ? "degraded" : "ready") : "not ready",
      checks: Object.fromEntries(results.map((r) => [r.name, r.state])),
      ...(degraded ? { degraded: Object.fromEntries(results.filter((r) => r.state !== "ok" && !r.required).map((r) => [r.name, (r as { reason?: string }).reason])) } : {}),
    });
  });

  return app;
}
