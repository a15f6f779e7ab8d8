import { trace } from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger } from "pino";
import { logDestination } from "./log-output.ts";

/**
 * What never reaches a log line, whoever logs an object holding it: credentials (tokens, passwords,
 * secrets, cookies) and card data. Card numbers and CVCs are also never stored (payment keeps the last
 * four); this is the net under every `log.info({ body })` someone may write later.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.authorization",
  "*.password",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.secret",
  "*.card",
  "*.payment.card",
  "*.number",
  "*.cvc",
];

/** The active span's ids on every line logged inside a trace, so a log line leads to its trace and back. */
function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * One logger per service, tagged with its name (several services share a process in embedded mode):
 * JSON, or readable lines on a terminal (log-output.ts).
 */
export function createLogger(service: string, level = "info", destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    mixin: traceFields,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  };
  const target = destination ?? logDestination();
  return target ? pino(options, target) : pino(options);
}
