import { z } from "zod";

const TraceId = z.string().describe("The W3C trace id: 32 lowercase hex digits.");
const SpanId = z.string().describe("The span id: 16 lowercase hex digits.");
const ServiceOfSpan = z.string().describe("The service that recorded the span (its OpenTelemetry service.name).");
const SpanName = z.string().describe("What the span timed, e.g. `POST /orders` or `publish order.confirmed`.");
const StartMs = z.number().describe("When it started, in epoch milliseconds.");
const DurationMs = z.number().describe("How long it took, in milliseconds.");
const AttributeValue = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))])
  .describe("An attribute's value, as OpenTelemetry allows it.");

/** One finished span of the embedded trace store (admin trace page). Times are epoch milliseconds. */
export const TraceSpan = z
  .object({
    traceId: TraceId,
    spanId: SpanId,
    parentSpanId: SpanId.optional().describe("The parent span's id; absent on the trace's root."),
    service: ServiceOfSpan,
    name: SpanName,
    kind: z.enum(["internal", "server", "client", "producer", "consumer"]).describe("The span's OpenTelemetry kind."),
    startMs: StartMs,
    durationMs: DurationMs,
    status: z.enum(["unset", "ok", "error"]).describe("The span's status: error when what it timed failed."),
    attributes: z
      .record(z.string(), AttributeValue)
      .describe("The span's attributes (never card data, tokens or prompts)."),
    links: z
      .array(z.object({ traceId: TraceId, spanId: SpanId }).describe("A span this one follows from."))
      .describe("Links to spans in other traces or earlier in this one."),
  })
  .describe("One finished span.");
export type TraceSpan = z.infer<typeof TraceSpan>;

export const TraceSummary = z
  .object({
    traceId: TraceId,
    root: z.object({ name: SpanName, service: ServiceOfSpan }).describe("The trace's first span."),
    startMs: StartMs,
    durationMs: DurationMs,
    spanCount: z.number().int().describe("How many spans the store holds for it."),
    services: z.array(ServiceOfSpan).describe("Every service with a span in it."),
    errors: z.number().int().describe("How many of its spans failed."),
  })
  .describe("A recent trace, in a line.");
export type TraceSummary = z.infer<typeof TraceSummary>;

export const TraceList = z
  .object({ items: z.array(TraceSummary).describe("Newest first.") })
  .describe("Recent traces.");
export type TraceList = z.infer<typeof TraceList>;

export const TraceDetail = z
  .object({ traceId: TraceId, spans: z.array(TraceSpan).describe("Every span of the trace, in start order.") })
  .describe("One trace, whole.");
export type TraceDetail = z.infer<typeof TraceDetail>;

export const TraceListQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50).describe("How many traces, newest first.") })
  .describe("Which recent traces to list.");
export const TraceParams = z
  .object({
    traceId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, "a trace id is 32 lowercase hex digits")
      .describe("The trace to show."),
  })
  .describe("Which trace.");
