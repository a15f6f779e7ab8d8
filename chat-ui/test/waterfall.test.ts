import type { TraceSpan } from "@ustbites/contracts";
import { describe, expect, it } from "vitest";
import { axisTicks, buildWaterfall, formatDuration, formatTick } from "../src/traces/waterfall.ts";

const span = (spanId: string, parentSpanId: string | undefined, startMs: number, durationMs: number): TraceSpan => ({
  traceId: "0".repeat(32),
  spanId,
  ...(parentSpanId ? { parentSpanId } : {}),
  service: "order",
  name: spanId,
  kind: "internal",
  startMs,
  durationMs,
  status: "unset",
  attributes: {},
  links: [],
});

describe("the waterfall of a trace", () => {
  it("puts every child under its parent, siblings in start order, on an axis from the first start to the last end", () => {
    // Arrival order is the store's: children end (and are recorded) before their parents.
    const waterfall = buildWaterfall([
      span("consumer", "publish", 1040, 30),
      span("publish", "relay", 1030, 5),
      span("relay", "server", 1025, 20),
      span("client-b", "server", 1012, 4),
      span("client-a", "server", 1002, 8),
      span("server", "gateway", 1001, 20),
      span("gateway", undefined, 1000, 22),
    ]);
    expect(waterfall.rows.map((r) => [r.span.spanId, r.depth, r.offsetMs])).toEqual([
      ["gateway", 0, 0],
      ["server", 1, 1],
      ["client-a", 2, 2],
      ["client-b", 2, 12],
      ["relay", 2, 25],
      ["publish", 3, 30],
      ["consumer", 4, 40],
    ]);
    expect(waterfall.durationMs).toBe(70);
  });

  it("shows a span whose parent is not in the trace as a root of its own rather than hiding it", () => {
    const waterfall = buildWaterfall([span("root", undefined, 0, 10), span("orphan", "elsewhere", 5, 1)]);
    expect(waterfall.rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ["root", 0],
      ["orphan", 0],
    ]);
  });

  it("labels the axis at round steps and durations in the unit a person reads", () => {
    expect(axisTicks(70)).toEqual([0, 20, 40, 60]);
    expect(axisTicks(12_500)).toEqual([0, 5000, 10_000]);
    expect(axisTicks(8690)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect([0, 0.42, 12.4, 1250, 75_000].map(formatDuration)).toEqual([
      "0 ms",
      "0.4 ms",
      "12 ms",
      "1.25 s",
      "1 min 15 s",
    ]);
    expect([0, 20, 2500, 10_000].map(formatTick)).toEqual(["0", "20 ms", "2.5 s", "10 s"]);
  });
});
