import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { HttpProblem, toProblemBody, type FieldError } from "./problem.ts";

const PROBLEM_JSON = "application/problem+json; charset=utf-8";

/** Fastify says `querystring`; problem fields say `query` (see Problem in contracts). */
const CONTEXT_NAMES: Record<string, string> = { querystring: "query" };

/** Maps an instancePath like `/items/0/quantity` in `body` to `body.items.0.quantity`. */
function fieldName(context: string | undefined, instancePath: string, extra?: string): string {
  const parts = [CONTEXT_NAMES[context ?? ""] ?? context ?? "request", ...instancePath.split("/").filter(Boolean)];
  if (extra) parts.push(extra);
  return parts.join(".");
}

function validationProblem(error: FastifyError): HttpProblem {
  const context = error.validationContext;
  const errors: FieldError[] = [];
  for (const v of error.validation ?? []) {
    const params = v.params as { keys?: unknown } | undefined;
    // zod reports unknown fields once, at the parent, listing their keys: name each key instead.
    if (v.keyword === "unrecognized_keys" && Array.isArray(params?.keys)) {
      for (const key of params.keys) {
        errors.push({ field: fieldName(context, v.instancePath, String(key)), message: "unknown field" });
      }
    } else {
      errors.push({ field: fieldName(context, v.instancePath), message: v.message ?? "invalid" });
    }
  }
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return new HttpProblem(400, "Bad Request", { detail, errors, type: "urn:ustbites:problem:validation" });
}

/** Fastify's own 4xx errors (bad JSON, body too large, wrong content type) as problems naming the body. */
function frameworkProblem(error: FastifyError): HttpProblem | undefined {
  const status = error.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  const field = error.code?.startsWith("FST_ERR_CTP") ? "body" : undefined;
  const title =
    status === 413
      ? "Payload Too Large"
      : status === 415
        ? "Unsupported Media Type"
        : status === 429
          ? "Too Many Requests"
          : "Bad Request";
  const message = error.message;
  return new HttpProblem(status, title, {
    detail: field ? `${field}: ${message}` : message,
    ...(field ? { errors: [{ field, message }] } : {}),
  });
}

/** Prisma's codes for a database that is unreachable, out of connections or timed out. */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2037"]);
/** PostgreSQL's: too many connections, shutting down, cannot connect now. */
const UNAVAILABLE_SQLSTATES = new Set(["53300", "57P01", "57P02", "57P03"]);
const UNAVAILABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|ECONNRESET/;

/**
 * A database that is out of connections or unreachable is a temporary condition the caller can retry,
 * not a bug: 503 with Retry-After rather than 500. Looks through the `cause` chain, because Prisma and
 * the pg adapter wrap the driver's error.
 */
function unavailableProblem(error: unknown): HttpProblem | undefined {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (
      (typeof code === "string" && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code))) ||
      (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message))
    ) {
      return new HttpProblem(503, "Service Unavailable", {
        detail: "The service is busy right now; try again in a moment",
        headers: { "retry-after": "1" },
      });
    }
  }
  return undefined;
}

function send(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem) {
  if (problem.headers) reply.headers(problem.headers);
  return reply
    .status(problem.status)
    .type(PROBLEM_JSON)
    .send(toProblemBody(problem, request.url, String(request.id)));
}

/**
 * Errors the router raises before any route runs (a malformed URL, a path parameter over the length
 * limit); Fastify hands them to this option rather than to the error handler.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // The reply is thenable, but Fastify neither awaits this option nor needs to: send() has sent it.
  void send(request, reply, frameworkProblem(error) ?? new HttpProblem(400, "Bad Request", { detail: error.message }));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return send(request, reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) return send(request, reply, validationProblem(error));
    if (!isResponseSerializationError(error)) {
      const problem = frameworkProblem(error);
      if (problem) return send(request, reply, problem);
    }
    const unavailable = unavailableProblem(error);
    if (unavailable) {
      request.log.warn({ err: error }, "database unavailable");
      return send(request, reply, unavailable);
    }
    request.log.error({ err: error }, "unhandled error");
    return send(
      request,
      reply,
      new HttpProblem(500, "Internal Server Error", { detail: "Something went wrong on our side" }),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    send(
      request,
      reply,
      new HttpProblem(404, "Not Found", { detail: `No route for ${request.method} ${request.url.split("?")[0]}` }),
    ),
  );
}
