import type { TraceSpan } from "@ustbites/contracts";

/** One span placed on the trace's time axis, with how deep it sits under its ancestors. */
export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** Milliseconds from the trace's first span start. */
  offsetMs: number;
}

export interface Waterfall {
  /** Parents before their children, siblings in start order. */
  rows: WaterfallRow[];
  startMs: number;
  /** From the first start to the last end: the width of the shared axis. */
  durationMs: number;
  services: string[];
}

/**
 * Orders a trace's spans as a tree, depth first. A span whose parent is not in the trace (recorded by
 * another process, or dropped past the store's per-trace cap) starts a tree of its own, so nothing
 * that was recorded is hidden.
 */
export function buildWaterfall(spans: readonly TraceSpan[]): Waterfall {
  const byStart = [...spans].sort((a, b) => a.startMs - b.startMs);
  const ids = new Set(byStart.map((s) => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of byStart) {
    if (span.parentSpanId !== undefined && ids.has(span.parentSpanId)) {
      const siblings = children.get(span.parentSpanId) ?? [];
      siblings.push(span);
      children.set(span.parentSpanId, siblings);
    } else roots.push(span);
  }
  const startMs = byStart[0]?.startMs ?? 0;
  const endMs = Math.max(startMs, ...byStart.map((s) => s.startMs + s.durationMs));
  const rows: WaterfallRow[] = [];
  const placed = new Set<string>();
  const visit = (span: TraceSpan, depth: number) => {
    if (placed.has(span.spanId)) return;
    placed.add(span.spanId);
    rows.push({ span, depth, offsetMs: span.startMs - startMs });
    for (const child of children.get(span.spanId) ?? []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return {
    rows,
    startMs,
    durationMs: endMs - startMs,
    services: [...new Set(byStart.map((s) => s.service))].sort(),
  };
}

/** Grid lines for an axis of `totalMs`: a round step (1, 2 or 5 × 10ⁿ ms) giving at most `max` intervals. */
export function axisTicks(totalMs: number, max = 6): number[] {
  if (totalMs <= 0) return [0];
  const rough = totalMs / max;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = 0; t <= totalMs + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** "0 ms", "0.4 ms", "12 ms", "1.25 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0 ms";
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** An axis label: round steps need no decimals ("0", "20 ms", "5 s", "2.5 s"). */
export function formatTick(ms: number): string {
  if (ms === 0) return "0";
  return ms < 1000 ? `${Number(ms.toPrecision(3))} ms` : `${Number((ms / 1000).toPrecision(3))} s`;
}

/** The deployables, each with its own hue (Tailwind's 600 shades: 3:1 or more against white). */
const SERVICE_COLOURS: Record<string, string> = {
  gateway: "#475569",
  user: "#7c3aed",
  restaurant: "#ca8a04",
  cart: "#0891b2",
  order: "#2563eb",
  payment: "#16a34a",
  delivery: "#ea580c",
  notification: "#db2777",
  agent: "#0d9488",
};
const OTHER_COLOURS = ["#4f46e5", "#65a30d", "#c026d3", "#0284c7", "#9333ea"];

/** A stable colour per service name, for its bars and its legend entry. */
export function serviceColour(service: string): string {
  const known = SERVICE_COLOURS[service];
  if (known) return known;
  let hash = 0;
  for (const ch of service) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return OTHER_COLOURS[hash % OTHER_COLOURS.length]!;
}
