import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from "@opentelemetry/api";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from "@opentelemetry/semantic-conventions";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { extractTraceContext, tracerFor, withService } from "./setup.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The request's server span and the context its handler runs in (unset when not traced). */
    trace: { span: Span; context: Context } | undefined;
  }
}

export interface RequestTracingOptions {
  service: string;
  /** Which requests get a span (default: all but probes, metrics and the OpenAPI document). */
  traced?: (request: FastifyRequest) => boolean;
  /**
   * Continue a trace the caller started (its `traceparent`). The edge passes false: a trace starts
   * there, whatever a browser sends, so no client picks trace ids or forces sampling.
   */
  continueRemote?: boolean;
}

const UNTRACED = new Set(["/healthz", "/readyz", "/metrics", "/docs/json"]);

const defaultTraced = (request: FastifyRequest) => !UNTRACED.has(request.routeOptions.url ?? "");

/**
 * One SERVER span per request, parented to the caller's `traceparent`, and every route handler run
 * inside it, so what the handler does (client calls, outbox rows, log lines) joins the trace. Fastify's
 * hooks cannot carry async-local context from one to the next (the body arrives on the socket's own
 * callbacks), hence the handler is wrapped at registration rather than the context entered in a hook.
 */
export function traceRequests(app: FastifyInstance, opts: RequestTracingOptions): void {
  const tracer = tracerFor(opts.service);
  const traced = opts.traced ?? defaultTraced;
  const continueRemote = opts.continueRemote ?? true;
  app.decorateRequest("trace", undefined);

  app.addHook("onRoute", (route) => {
    const handler = route.handler;
    route.handler = function tracedHandler(this: FastifyInstance, request: FastifyRequest, reply) {
      const ctx = request.trace?.context;
      return ctx ? context.with(ctx, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    } as typeof handler;
  });

  app.addHook("onRequest", (request, _reply, done) => {
    // A WebSocket lives for minutes: a span for its upgrade would tell nothing and never end in time.
    if (request.headers.upgrade !== undefined || !traced(request)) return done();
    const route = request.routeOptions.url;
    const parent = continueRemote ? extractTraceContext(request.headers) : ROOT_CONTEXT;
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_URL_PATH]: request.url.split("?", 1)[0] ?? "",
          ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
          "http.request.id": request.id,
        },
      },
      parent,
    );
    request.trace = { span, context: withService(trace.setSpan(parent, span), opts.service) };
    done();
  });

  app.addHook("onError", (request, _reply, error, done) => {
    request.trace?.span.recordException(error);
    done();
  });

  app.addHook("onResponse", (request, reply, done) => {
    const span = request.trace?.span;
    if (span) {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });

  app.addHook("onRequestAbort", (request, done) => {
    const span = request.trace?.span;
    if (span) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: "client closed the request" });
      span.end();
    }
    done();
  });
}
