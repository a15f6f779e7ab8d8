import { randomUUID } from "node:crypto";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyInstance,
  type RawServerDefault,
} from "fastify";
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
import { accessGuard, isServiceAccess, type Access, type TokenVerifier } from "./auth.ts";
import { requireService, type ServiceVerifier } from "./service-identity.ts";
import { traceRequests } from "./tracing/http.ts";

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

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
  /**
   * Verifies access tokens for the routes that declare `config.access` (see kit/auth's `Access`):
   * each gets the matching guard in front of its own preHandlers. A route that declares a non-public
   * access without a verifier is a wiring bug and fails at registration.
   */
  verifyToken?: TokenVerifier;
  /** Verifies service tokens for the routes that declare `config.access: { services }`. */
  verifyService?: ServiceVerifier;
  /**
   * Default true: a route registered without `config.access` is a wiring bug and fails at
   * registration, so the service never starts with a route nobody decided about. Only the edge,
   * which proxies to services that each check their callers, turns this off.
   */
  requireAccessDeclarations?: boolean;
  /**
   * How many proxy hops in front of this service to trust in X-Forwarded-For (default 1: the gateway,
   * local or KGateway, which appends the address it saw). `true` would take the left-most entry, which
   * the client writes itself and so picks its own rate-limit bucket; the edge itself passes `false`.
   */
  trustProxy?: boolean | number;
  /** Which requests get a server span (default: all but probes, metrics and /docs/json). */
  traced?: (request: FastifyRequest) => boolean;
  /** Continue a caller's trace (`traceparent`); default true. The edge passes false: traces start there. */
  continueTraces?: boolean;
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

/** Fastify's own reading of a hop count (its typings omit the number form): trust the nearest `hops` addresses. */
function trustHops(trust: boolean | number): boolean | ((address: string, hop: number) => boolean) {
  return typeof trust === "number" ? (_address, hop) => hop < trust : trust;
}

/** One route and who may call it, as declared; what an authorization test enumerates. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    metricsRegistry: Registry;
    /** Every route registered so far with its declared access (undefined: none declared). */
    routeAccess: RouteAccess[];
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
    trustProxy: trustHops(opts.trustProxy ?? 1),
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

  // Before every other hook and route, so each route's handler is wrapped and each request timed whole.
  traceRequests(app, {
    service: opts.name,
    ...(opts.traced ? { traced: opts.traced } : {}),
    ...(opts.continueTraces === undefined ? {} : { continueRemote: opts.continueTraces }),
  });
  app.decorateRequest("user", null);
  const routeAccess: RouteAccess[] = [];
  app.decorate("routeAccess", routeAccess);
  app.addHook("onRoute", (route) => {
    const access = route.config?.access;
    const methods = [route.method].flat().filter((method) => method !== "HEAD");
    for (const method of methods) routeAccess.push({ method, url: route.url, access });
    if (!access) {
      if (methods.length > 0 && (opts.requireAccessDeclarations ?? true)) {
        throw new Error(
          `${opts.name}: route ${methods.join(",")} ${route.url} declares no access: set config.access ("public", "signed-in", roles or { services })`,
        );
      }
      return;
    }
    if (access === "public") return;
    if (isServiceAccess(access)) {
      if (!opts.verifyService)
        throw new Error(
          `${opts.name}: route ${route.url} is for services ${access.services.join(", ")} but the service has no service-token verifier`,
        );
      // Before parsing: a caller that is not one of these services learns nothing, not even validation errors.
      route.onRequest = [requireService(opts.verifyService, access.services), ...[route.onRequest ?? []].flat()];
      return;
    }
    if (!opts.verifyToken)
      throw new Error(
        `${opts.name}: route ${route.url} declares access ${JSON.stringify(access)} but the service has no token verifier`,
      );
    const guard = accessGuard(opts.verifyToken, access);
    // onRequest, before the body is parsed and validated: a caller without the right gets 401/403,
    // never a 400 that tells them the route's schema.
    if (guard) route.onRequest = [guard, ...[route.onRequest ?? []].flat()];
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: `USTBites ${opts.name} service`,
        version: opts.version ?? "0.1.0",
        description: opts.description ?? "",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
    transform: jsonSchemaTransform,
  });
  app.get("/docs/json", { schema: { hide: true }, config: { access: "public" } }, async () => app.swagger());

  app.decorate("metricsRegistry", registerMetrics(app, opts.name));

  app.get("/healthz", { schema: { hide: true }, config: { access: "public" } }, async () => ({ status: "ok" }));

  const checks = [
    ...Object.entries(opts.readiness ?? {}).map(([name, check]) => ({ name, check, required: true })),
    ...Object.entries(opts.degradedBy ?? {}).map(([name, check]) => ({ name, check, required: false })),
  ];
  app.get("/readyz", { schema: { hide: true }, config: { access: "public" } }, async (request, reply) => {
    const results = await Promise.all(
      checks.map(async ({ name, check, required }) => {
        try {
          await withTimeout(check);
          return { name, required, state: "ok" };
        } catch (err) {
          request.log.warn({ check: name, err }, "readiness check failed");
          return {
            name,
            required,
            state: "failing",
            ...(required ? {} : { reason: err instanceof Error ? err.message : String(err) }),
          };
        }
      }),
    );
    const ready = results.every((r) => r.state === "ok" || !r.required);
    const degraded = results.some((r) => r.state !== "ok" && !r.required);
    return reply.status(ready ? 200 : 503).send({
      status: ready ? (degraded ? "degraded" : "ready") : "not ready",
      checks: Object.fromEntries(results.map((r) => [r.name, r.state])),
      ...(degraded
        ? {
            degraded: Object.fromEntries(
              results
                .filter((r) => r.state !== "ok" && !r.required)
                .map((r) => [r.name, (r as { reason?: string }).reason]),
            ),
          }
        : {}),
    });
  });

  return app;
}
