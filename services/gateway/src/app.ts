import cors from "@fastify/cors";
import proxy, { type FastifyHttpProxyOptions } from "@fastify/http-proxy";
import type { FastifyRequest } from "fastify";
import { createService, HttpProblem, type App } from "@ustbites/kit";
import type { Route } from "./route-table.ts";

export interface GatewayOptions {
  routes: Route[];
  upstreams: Record<string, string>;
  corsOrigins: string[];
  logLevel?: string;
  /** Extra plugins mounted after the API routes (e.g. the built chat-ui at `/`). */
  extend?: (app: App) => Promise<void>;
}

/** Keep-alive connections the gateway may hold to each service. */
const UPSTREAM_CONNECTIONS = 64;

const UPSTREAM_TITLES: Record<number, string> = { 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

type ReplyOptions = NonNullable<FastifyHttpProxyOptions["replyOptions"]>;
type WsClientOptions = NonNullable<FastifyHttpProxyOptions["wsClientOptions"]>;

/** A refused connection means the service is down (503); a timeout is a 504; anything else a 502. */
function upstreamStatus(error: Error & { statusCode?: number }): number {
  if ((error.cause as { code?: string } | undefined)?.code === "ECONNREFUSED") return 503;
  return error.statusCode && error.statusCode >= 502 ? error.statusCode : 502;
}

/** Browsers cannot set headers on a WebSocket, but other clients (tools, tests, the agent) do. */
const wsHeaders = (headers: Record<string, string>, request: FastifyRequest): Record<string, string> => ({
  ...headers,
  "x-request-id": request.id,
  ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
});
// http-proxy 11 calls wsClientOptions.rewriteRequestHeaders (index.js) but its typings omit it.
const wsClientOptions: WsClientOptions & { rewriteRequestHeaders: typeof wsHeaders } = { rewriteRequestHeaders: wsHeaders };

/**
 * `/api/<service>/…` → that service with the prefix stripped. Authorization passes through untouched
 * (services verify tokens themselves); the request id is set here so every hop logs the same one.
 */
export async function buildGateway(opts: GatewayOptions): Promise<App> {
  const app = await createService({ name: "gateway", logLevel: opts.logLevel ?? "info", bodyLimit: 1024 * 1024 });
  await app.register(cors, {
    origin: opts.corsOrigins,
    credentials: true,
    exposedHeaders: ["x-request-id", "location"],
    maxAge: 600,
  });

  for (const route of opts.routes) {
    const upstream = opts.upstreams[route.service];
    if (!upstream) throw new Error(`no upstream configured for ${route.service}`);
    const shared = {
      upstream,
      prefix: route.prefix,
      rewritePrefix: "",
      // undici, reply-from's default client, rather than Node's http module (chosen whenever `http` is
      // set): reply-from documents 20–50% more throughput with it. bench/README.md measures the browse
      // path with this and the menu cache together, not this change alone.
      // Connections per upstream bound what one gateway keeps open to one service.
      undici: { connections: UPSTREAM_CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 30_000, bodyTimeout: 30_000 },
      // reply-from would log "response received" at info for every proxied request.
      disableRequestLogging: true,
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({ ...headers, "x-request-id": request.id }),
        onError: (reply, { error }) => {
          const status = upstreamStatus(error);
          reply.send(
            new HttpProblem(status, UPSTREAM_TITLES[status] ?? "Bad Gateway", {
              detail: `${route.service} service did not answer: ${error.message}`,
            }),
          );
        },
      } satisfies ReplyOptions,
    };
    if (route.websocket) {
      await app.register(proxy, {
        ...shared,
        websocket: true,
        wsClientOptions,
      });
    } else {
      await app.register(proxy, shared);
    }
  }

  if (opts.extend) await opts.extend(app);
  return app;
}
