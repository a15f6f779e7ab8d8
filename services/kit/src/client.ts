import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { z } from "zod";
import { Problem } from "@ustbites/contracts";

/**
 * A small typed HTTP client for one service: JSON in, zod-parsed JSON out, problem+json turned into
 * `ServiceError`. Used service-to-service (cart → restaurant, order → payment) and by tools/, which
 * pass the student's own token. It has no Fastify dependency so tools/ and chat-ui can import it.
 */
export class ServiceError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  readonly service: string;
  constructor(service: string, status: number, message: string, problem?: Problem) {
    super(message);
    this.name = "ServiceError";
    this.service = service;
    this.status = status;
    this.problem = problem;
  }
  /** A network failure or timeout: the request may or may not have reached the service. */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export interface ClientOptions {
  service: string;
  baseUrl: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after a network failure, timeout or 502/503/504. Only use with idempotent requests. */
  retries?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions<S extends z.ZodType> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Bearer token of the user on whose behalf the call is made. */
  token?: string | undefined;
  headers?: Record<string, string>;
  requestId?: string | undefined;
  schema: S;
  /** Overrides the client's retry count for this call (e.g. 0 for a non-idempotent POST). */
  retries?: number;
  timeoutMs?: number;
}

const RETRYABLE = new Set([502, 503, 504]);
/** Only the OpenTelemetry API here (this module also runs in browsers); the kit's tracing setup makes it record. */
const tracer = trace.getTracer("@ustbites/kit/client");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createServiceClient(opts: ClientOptions) {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/$/, "");

  /** One CLIENT span per attempt, its context sent on as `traceparent` so the callee's span is its child. */
  function attempt<S extends z.ZodType>(req: RequestOptions<S>): Promise<z.output<S>> {
    const method = req.method ?? "GET";
    return tracer.startActiveSpan(
      `${method} ${opts.service}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "http.request.method": method,
          "server.address": opts.service,
          "url.path": req.path.split("?", 1)[0] ?? "",
        },
      },
      async (span) => {
        try {
          return await send(req);
        } catch (err) {
          if (err instanceof ServiceError) span.setAttribute("http.response.status_code", err.status);
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  async function send<S extends z.ZodType>(req: RequestOptions<S>): Promise<z.output<S>> {
    const url = new URL(base + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: "application/json", ...(req.headers ?? {}) };
    if (req.body !== undefined) headers["content-type"] = "application/json";
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    if (req.requestId) headers["x-request-id"] = req.requestId;
    propagation.inject(context.active(), headers);
    let res: Response;
    try {
      res = await doFetch(url, {
        method: req.method ?? "GET",
        headers,
        ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        signal: AbortSignal.timeout(req.timeoutMs ?? opts.timeoutMs ?? 5000),
      });
    } catch (err) {
      const reason = err instanceof Error && err.name === "TimeoutError" ? "timed out" : "unreachable";
      throw new ServiceError(opts.service, 0, `${opts.service} service ${reason}`);
    }
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const parsed = Problem.safeParse(json);
      const problem = parsed.success ? parsed.data : undefined;
      throw new ServiceError(
        opts.service,
        res.status,
        problem?.detail ?? problem?.title ?? `${opts.service} answered ${res.status}`,
        problem,
      );
    }
    return req.schema.parse(json);
  }

  return {
    async request<S extends z.ZodType>(req: RequestOptions<S>): Promise<z.output<S>> {
      const retries = req.retries ?? opts.retries ?? 0;
      for (let i = 0; ; i++) {
        try {
          return await attempt(req);
        } catch (err) {
          const retryable = err instanceof ServiceError && (err.unreachable || RETRYABLE.has(err.status));
          if (!retryable || i >= retries) throw err;
          await sleep((opts.retryDelayMs ?? 100) * 2 ** i);
        }
      }
    },
  };
}

export type ServiceClient = ReturnType<typeof createServiceClient>;

/**
 * Reads a `text/event-stream` body (the agent's chat turns) as parsed events, one per `data:` line
 * block, validated with `schema`. Ends when the server closes the stream.
 */
export async function* readEventStream<S extends z.ZodType>(
  body: ReadableStream<Uint8Array>,
  schema: S,
): AsyncGenerator<z.output<S>> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart())
        .join("\n");
      if (data) yield schema.parse(JSON.parse(data));
    }
  }
}
