import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace";
import type { TraceSpan, TraceSummary } from "@ustbites/contracts";

/** One finished span as the admin trace page shows it (contracts' TraceSpan). */
export type StoredSpan = TraceSpan;
export type { TraceSummary };

const KINDS: Record<SpanKind, StoredSpan["kind"]> = {
  [SpanKind.INTERNAL]: "internal",
  [SpanKind.SERVER]: "server",
  [SpanKind.CLIENT]: "client",
  [SpanKind.PRODUCER]: "producer",
  [SpanKind.CONSUMER]: "consumer",
};

const STATUSES: Record<SpanStatusCode, StoredSpan["status"]> = {
  [SpanStatusCode.UNSET]: "unset",
  [SpanStatusCode.OK]: "ok",
  [SpanStatusCode.ERROR]: "error",
};

export interface TraceStoreOptions {
  /** Traces kept; the one whose first span arrived longest ago goes first. Default 200. */
  maxTraces?: number;
  /** Spans kept per trace; later ones are counted but dropped. Default 500. */
  maxSpansPerTrace?: number;
}

function toStored(span: ReadableSpan): StoredSpan {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    service: String(span.resource.attributes["service.name"] ?? "unknown"),
    name: span.name,
    kind: KINDS[span.kind],
    startMs: hrTimeToMilliseconds(span.startTime),
    durationMs: hrTimeToMilliseconds(span.duration),
    status: STATUSES[span.status.code],
    // Attribute values are primitives or arrays of them (OpenTelemetry drops anything else).
    attributes: Object.fromEntries(
      Object.entries(span.attributes).filter(([, value]) => value !== undefined),
    ) as TraceSpan["attributes"],
    links: span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId })),
  };
}

/**
 * The embedded trace backend: the most recent traces in process memory, bounded in traces and in
 * spans per trace, so `npm start` shows traces with no collector and a busy process cannot grow it.
 * It is also a span processor: every span that ends is recorded.
 */
export class TraceStore implements SpanProcessor {
  private readonly traces = new Map<string, StoredSpan[]>();
  private readonly maxTraces: number;
  private readonly maxSpansPerTrace: number;

  constructor(opts: TraceStoreOptions = {}) {
    this.maxTraces = opts.maxTraces ?? 200;
    this.maxSpansPerTrace = opts.maxSpansPerTrace ?? 500;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    let spans = this.traces.get(traceId);
    if (!spans) {
      spans = [];
      this.traces.set(traceId, spans);
      // Map iteration is insertion order: the first key is the oldest trace.
      if (this.traces.size > this.maxTraces) this.traces.delete(this.traces.keys().next().value as string);
    }
    if (spans.length < this.maxSpansPerTrace) spans.push(toStored(span));
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}

  /** One trace's spans in start order, or undefined when it is not (or no longer) kept. */
  trace(traceId: string): StoredSpan[] | undefined {
    const spans = this.traces.get(traceId);
    return spans && [...spans].sort((a, b) => a.startMs - b.startMs);
  }

  /** The kept traces, newest first. */
  list(limit = 50): TraceSummary[] {
    return [...this.traces.entries()]
      .reverse()
      .slice(0, limit)
      .map(([traceId, spans]) => {
        const earliest = spans.reduce((a, b) => (b.startMs < a.startMs ? b : a));
        const first = spans.find((s) => s.parentSpanId === undefined) ?? earliest;
        const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
        return {
          traceId,
          root: { name: first.name, service: first.service },
          startMs: earliest.startMs,
          durationMs: end - earliest.startMs,
          spanCount: spans.length,
          services: [...new Set(spans.map((s) => s.service))].sort(),
          errors: spans.filter((s) => s.status === "error").length,
        };
      });
  }

  clear(): void {
    this.traces.clear();
  }
}
