import { Readable } from "node:stream";
import cors from "@fastify/cors";
import proxy, { type FastifyHttpProxyOptions } from "@fastify/http-proxy";
import type { FastifyRequest } from "fastify";
import { createService, HttpProblem, injectTraceContext, notFound, type App } from "@ustbites/kit";
import type { Route } from "./route-table.ts";
import { registerSecurityHeaders } from "./security-headers.ts";

export interface GatewayOptions {
  routes: Route[];
  /** Paths under every prefix that are never proxied (a service's /metrics, /docs): 404 at the edge. */
  internalPaths?: string[];
  upstreams: Record<string, string>;
  corsOrigins: string[];
  logLevel?: string;
  /** Extra plugins mounted after the API routes (e.g. the built chat-ui at `/`). */
  extend?: (app: App) => Promise<void>;
}

/** Keep-alive connections the gateway may hold to each service. */
const UPSTREAM_CONNECTIONS = 64;

const UPSTREAM_TITLES: Record<number, string> = {
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

type ReplyOptions = NonNullable<FastifyHttpProxyOptions["replyOptions"]>;
type WsClientOptions = NonNullable<FastifyHttpProxyOptions["wsClientOptions"]>;

/** A refused connection means the service is down (503); a timeout is a 504; anything else a 502. */
function upstreamStatus(error: Error & { statusCode?: number }): number {
  if ((error.cause as { code?: string } | undefined)?.code === "ECONNREFUSED") return 503;
  return error.statusCode && error.statusCode >= 502 ? error.statusCode : 502;
}

/**
 * What every hop is told about the request: its id, and the address the gateway saw. The gateway is
 * the edge, so a client's own X-Forwarded-For is replaced, never extended: services trust exactly one
 * hop and would otherwise key rate limits on whatever the client wrote.
 */
const hopHeaders = (request: Pick<FastifyRequest, "id" | "ip">) => ({
  "x-request-id": request.id,
  "x-forwarded-for": request.ip,
});

/**
 * The proxied request's headers: the hop headers, and the gateway's own span as the service's parent.
 * A client's `traceparent` never travels on: traces start at the edge (see createService's continueTraces).
 */
function upstreamHeaders(request: Pick<FastifyRequest, "id" | "ip">, headers: Record<string, unknown>) {
  const { traceparent: _traceparent, tracestate: _tracestate, ...rest } = headers;
  return injectTraceContext({ ...rest, ...hopHeaders(request) });
}

/** Browsers cannot set headers on a WebSocket, but other clients (tools, tests, the agent) do. */
const wsHeaders = (headers: Record<string, string>, request: FastifyRequest): Record<string, string> => ({
  ...headers,
  ...hopHeaders(request),
  ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
});
// http-proxy 11 calls wsClientOptions.rewriteRequestHeaders (index.js) but its typings omit it.
const wsClientOptions: WsClientOptions & { rewriteRequestHeaders: typeof wsHeaders } = {
  rewriteRequestHeaders: wsHeaders,
};

/** The path as the service's router will see it: percent-decoded, repeated slashes collapsed; null if undecodable. */
function routedPath(url: string): string | null {
  const path = url.split("?", 1)[0] ?? "";
  try {
    return decodeURIComponent(path).replace(/\/{2,}/g, "/");
  } catch {
    return null;
  }
}

/** True when `path` is `<prefix><internal>` or below it, for any route prefix and internal path. */
function isInternal(path: string, prefixes: string[], internalPaths: string[]): boolean {
  return prefixes.some((prefix) =>
    internalPaths.some((internal) => {
      const base = prefix + internal;
      return path === base || path.startsWith(`${base}/`);
    }),
  );
}

/**
 * `/api/<service>/…` → that service with the prefix stripped. Authorization passes through untouched
 * (services verify tokens themselves); the request id is set here so every hop logs the same one.
 */
export async function buildGateway(opts: GatewayOptions): Promise<App> {
  // The services' own limit: a body they would refuse is refused here, before any of it travels on.
  // The edge declares no per-route access: each service behind it checks its own callers.
  const app = await createService({
    name: "gateway",
    logLevel: opts.logLevel ?? "info",
    trustProxy: false,
    requireAccessDeclarations: false,
    continueTraces: false,
    // The API only: the chat-ui's files would fill the trace store with one-span traces.
    traced: (request) => request.url.startsWith("/api/"),
  });
  // First, so every answer carries them, the gateway's own refusals included.
  await registerSecurityHeaders(app);
  // Every body is read here up to bodyLimit (Fastify answers 413 past it, whatever the content type or
  // chunking) and then streamed on unchanged. Streaming it unread let an oversized body reach a service
  // that refused it mid-upload, which surfaced as a 502 or a hang.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => {
    done(null, Readable.from([body]));
  });

  const prefixes = opts.routes.map((r) => r.prefix);
  const internalPaths = opts.internalPaths ?? [];
  app.addHook("onRequest", async (request) => {
    const path = routedPath(request.url);
    if (path === null)
      throw new HttpProblem(400, "Bad Request", { detail: "the request path is not valid percent-encoding" });
    if (isInternal(path, prefixes, internalPaths)) {
      throw notFound(`${path} is not served through the gateway`);
    }
  });
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
      undici: {
        connections: UPSTREAM_CONNECTIONS,
        pipelining: 1,
        keepAliveTimeout: 60_000,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      },
      // reply-from would log "response received" at info for every proxied request.
      disableRequestLogging: true,
      // The bodies were read (and limited) by the gateway's own parser above.
      proxyPayloads: false,
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => upstreamHeaders(request, headers) as typeof headers,
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
