import { context, SpanKind, SpanStatusCode, trace, type Context, type Span } from "@opentelemetry/api";
import type { DomainEvent } from "@ustbites/contracts";
import { extractTraceContext, injectTraceContext, tracerFor, withService } from "../tracing/setup.ts";

/** `rabbitmq`, or the in-process bus of embedded mode. */
export type MessagingSystem = "rabbitmq" | "in-process";

/**
 * A PRODUCER span for one event, child of `parent` (the outbox relay's span for its row), and the
 * message headers that carry it: every consumer's span is then a child of this publish.
 */
export function startPublishSpan(
  service: string,
  system: MessagingSystem,
  destination: string,
  event: DomainEvent,
  parent: Context = context.active(),
): { span: Span; headers: Record<string, string> } {
  const span = tracerFor(service).startSpan(
    `publish ${event.type}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        "messaging.system": system,
        "messaging.operation.type": "send",
        "messaging.destination.name": destination,
        "messaging.rabbitmq.destination.routing_key": event.type,
        "messaging.message.id": event.id,
      },
    },
    parent,
  );
  return { span, headers: injectTraceContext({}, trace.setSpan(parent, span)) };
}

/** Ends a publish span: confirmed by the broker, or not (`error`). */
export function endPublishSpan(span: Span, error?: unknown): void {
  if (error !== undefined)
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}

/**
 * Runs a consumer's handler inside a CONSUMER span continuing the trace its message headers carry,
 * so what the handler writes (its own outbox rows, log lines) joins that trace.
 */
export async function consumeInSpan(
  service: string,
  system: MessagingSystem,
  queue: string,
  event: DomainEvent,
  headers: Record<string, unknown>,
  attempt: number,
  handle: () => Promise<void>,
): Promise<void> {
  const parent = extractTraceContext(headers);
  const span = tracerFor(service).startSpan(
    `process ${event.type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": system,
        "messaging.operation.type": "process",
        "messaging.consumer.group.name": queue,
        "messaging.rabbitmq.destination.routing_key": event.type,
        "messaging.message.id": event.id,
        "messaging.message.delivery_attempt": attempt,
      },
    },
    parent,
  );
  try {
    await context.with(withService(trace.setSpan(parent, span), service), handle);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
