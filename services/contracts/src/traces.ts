import { z } from "zod";

/** One finished span of the embedded trace store (admin trace page). Times are epoch milliseconds. */
export const TraceSpan = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  service: z.string(),
  name: z.string(),
  kind: z.enum(["internal", "server", "client", "producer", "consumer"]),
  startMs: z.number(),
  durationMs: z.number(),
  status: z.enum(["unset", "ok", "error"]),
  attributes: z.record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))]),
  ),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string() })),
});
export type TraceSpan = z.infer<typeof TraceSpan>;

export const TraceSummary = z.object({
  traceId: z.string(),
  root: z.object({ name: z.string(), service: z.string() }),
  startMs: z.number(),
  durationMs: z.number(),
  spanCount: z.number().int(),
  services: z.array(z.string()),
  errors: z.number().int(),
});
export type TraceSummary = z.infer<typeof TraceSummary>;

export const TraceList = z.object({ items: z.array(TraceSummary) });
export type TraceList = z.infer<typeof TraceList>;

export const TraceDetail = z.object({ traceId: z.string(), spans: z.array(TraceSpan) });
export type TraceDetail = z.infer<typeof TraceDetail>;

export const TraceListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const TraceParams = z.object({
  traceId: z.string().regex(/^[0-9a-f]{32}$/, "a trace id is 32 lowercase hex digits"),
});
