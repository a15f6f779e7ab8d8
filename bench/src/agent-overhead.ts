import { AgentStreamEvent } from "@ustbites/contracts";
import { readEventStream } from "@ustbites/kit/client";
import { nowMs } from "./order-stream.ts";
import { REQUEST_TIMEOUT_MS, type BenchPlatform, type Student } from "./client.ts";
import { fmtMs, summarize, type Row, type Summary } from "./stats.ts";

export interface AgentOptions {
  /** How many times the whole conversation runs, each with a new student and thread. */
  conversations: number;
  /** Conversations run first and not counted (JIT, caches, connection pools). */
  warmup: number;
  /** No new conversation starts after this long. */
  budgetMs: number;
}

interface Step {
  name: string;
  /** A chat message, or the answer to the pending confirmation. */
  turn: { message: string } | { decision: "approve" };
  /** What must happen for the turn to count as the scenario intends. */
  check(events: AgentStreamEvent[]): string | undefined;
}

const called = (name: string) => (events: AgentStreamEvent[]) =>
  events.some((e) => e.type === "tool_call" && e.name === name) ? undefined : `no ${name} call`;

/** The conversation of the platform's agent e2e test: find, add two, change to one, cart, check out, approve, status. */
const SCRIPT: Step[] = [
  { name: "find a dish", turn: { message: "I'm looking for a paneer tikka wrap" }, check: called("find_items") },
  {
    name: "add two",
    turn: { message: "add two paneer tikka wraps from spice route, no onions" },
    check: called("add_to_cart"),
  },
  { name: "change one", turn: { message: "actually make it 1" }, check: called("update_cart_item") },
  { name: "view cart", turn: { message: "show me my cart" }, check: called("view_cart") },
  {
    name: "check out → interrupt",
    turn: { message: "check out please, deliver to Hall 5 room 512" },
    check: (events) => (events.some((e) => e.type === "interrupt") ? undefined : "no confirmation interrupt"),
  },
  {
    name: "approve",
    turn: { decision: "approve" },
    check: (events) =>
      events.some((e) => e.type === "tool_result" && e.name === "place_order" && e.ok) ? undefined : "order not placed",
  },
  {
    name: "status",
    turn: { message: "where's my order?" },
    check: (events) =>
      events.some((e) => e.type === "tool_result" && (e.name === "get_order_status" || e.name === "list_my_orders"))
        ? undefined
        : "no status lookup",
  },
];

/** The agent's own cumulative timings, read from its Prometheus /metrics. */
interface AgentCounters {
  modelSeconds: number;
  modelCalls: number;
  turnSeconds: number;
}

async function readCounters(p: BenchPlatform): Promise<AgentCounters> {
  const res = await fetch(`${p.gateway}/api/agent/metrics`);
  if (!res.ok) throw new Error(`agent /metrics answered ${res.status}`);
  const text = await res.text();
  const value = (name: string) => {
    // The kit labels every series with its service: `name{service="agent"} value`.
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, "m").exec(text);
    if (!match) throw new Error(`agent /metrics has no ${name}`);
    return Number(match[1]);
  };
  return {
    modelSeconds: value("ustbites_agent_model_latency_seconds_sum"),
    modelCalls: value("ustbites_agent_model_latency_seconds_count"),
    turnSeconds: value("ustbites_agent_turn_seconds_sum"),
  };
}

export interface TurnSample {
  step: string;
  /** Request sent → stream closed, at the client. */
  wall: number;
  /** Request sent → first token event (NaN: the turn streamed no tokens). */
  ttft: number;
  /** Time inside the model (the agent's histogram), and how many model calls. */
  model: number;
  modelCalls: number;
  /** The agent's own turn timer (graph run, server side). */
  serverTurn: number;
  /** Tool nodes: from the event before each tool result to the result. */
  tool: number;
  /** wall − model: graph, checkpoints, tool HTTP calls, SSE and the gateway hop. */
  overhead: number;
}

async function runTurn(
  p: BenchPlatform,
  student: Student,
  threadId: string | undefined,
  step: Step,
): Promise<{ sample: TurnSample; threadId: string }> {
  const before = await readCounters(p);
  const resume = "decision" in step.turn;
  const body = resume
    ? { threadId, decision: "approve", payment: p.card() }
    : { ...(threadId ? { threadId } : {}), ...step.turn };
  const start = nowMs();
  const res = await fetch(`${p.gateway}/api/agent/chat${resume ? "/resume" : ""}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${student.token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (res.status !== 200 || !res.body) throw new Error(`${step.name}: chat answered ${res.status} ${await res.text()}`);
  const events: AgentStreamEvent[] = [];
  let ttft = Number.NaN;
  let tool = 0;
  let previous = start;
  for await (const event of readEventStream(res.body, AgentStreamEvent)) {
    const at = nowMs();
    if (event.type === "token" && Number.isNaN(ttft)) ttft = at - start;
    if (event.type === "tool_result") tool += at - previous;
    previous = at;
    events.push(event);
  }
  const wall = nowMs() - start;
  const after = await readCounters(p);
  const failure = events.find((e) => e.type === "error");
  if (failure?.type === "error") throw new Error(`${step.name}: agent error "${failure.message}"`);
  const problem = step.check(events);
  if (problem) throw new Error(`${step.name}: ${problem}`);
  const done = events.find((e) => e.type === "done" || e.type === "interrupt");
  const model = (after.modelSeconds - before.modelSeconds) * 1000;
  return {
    threadId: done && "threadId" in done ? done.threadId : (threadId ?? ""),
    sample: {
      step: step.name,
      wall,
      ttft,
      model,
      modelCalls: after.modelCalls - before.modelCalls,
      serverTurn: (after.turnSeconds - before.turnSeconds) * 1000,
      tool,
      overhead: wall - model,
    },
  };
}

export interface AgentResult {
  conversations: number;
  failures: string[];
  samples: TurnSample[];
  perStep: {
    step: string;
    wall: Summary;
    serverTurn: Summary;
    ttft: Summary;
    model: Summary;
    tool: Summary;
    overhead: Summary;
    modelCalls: number;
  }[];
  allTurns: {
    wall: Summary;
    serverTurn: Summary;
    ttft: Summary;
    model: Summary;
    overhead: Summary;
    serverOverhead: Summary;
  };
}

/** Turns run one at a time: the /metrics deltas then belong to exactly one turn. */
export async function runAgentOverhead(p: BenchPlatform, opts: AgentOptions): Promise<AgentResult> {
  const samples: TurnSample[] = [];
  const failures: string[] = [];
  const started = nowMs();
  for (let i = 0; i < opts.warmup + opts.conversations && nowMs() - started < opts.budgetMs; i++) {
    const student = await p.student();
    const counted = i >= opts.warmup;
    let threadId: string | undefined;
    try {
      for (const step of SCRIPT) {
        const turn = await runTurn(p, student, threadId, step);
        threadId = turn.threadId;
        if (counted) samples.push(turn.sample);
      }
    } catch (err) {
      failures.push(`${counted ? "" : "warm-up: "}${(err as Error).message}`);
    }
  }
  const of = (list: TurnSample[], key: keyof Omit<TurnSample, "step">) =>
    summarize(list.map((s) => s[key]).filter((v) => !Number.isNaN(v)));
  return {
    conversations: opts.conversations,
    failures,
    samples,
    perStep: SCRIPT.map(({ name }) => {
      const list = samples.filter((s) => s.step === name);
      return {
        step: name,
        wall: of(list, "wall"),
        serverTurn: of(list, "serverTurn"),
        ttft: of(list, "ttft"),
        model: of(list, "model"),
        tool: of(list, "tool"),
        overhead: of(list, "overhead"),
        modelCalls: list.length ? list.reduce((a, s) => a + s.modelCalls, 0) / list.length : Number.NaN,
      };
    }),
    allTurns: {
      wall: of(samples, "wall"),
      serverTurn: of(samples, "serverTurn"),
      ttft: of(samples, "ttft"),
      model: of(samples, "model"),
      overhead: of(samples, "overhead"),
      serverOverhead: summarize(samples.map((s) => s.serverTurn - s.model)),
    },
  };
}

export function agentRows(mode: string, r: AgentResult): Row[] {
  const row = (
    turn: string,
    s: { wall: Summary; serverTurn: Summary; model: Summary; overhead: Summary; ttft: Summary },
    extra: { calls: string; tool: string },
  ): Row => ({
    mode,
    turn,
    n: s.wall.n,
    "wall p50": fmtMs(s.wall.p50),
    "wall p95": fmtMs(s.wall.p95),
    "graph p50": fmtMs(s.serverTurn.p50),
    "model calls": extra.calls,
    "model p50": fmtMs(s.model.p50),
    "tool p50": extra.tool,
    "overhead p50": fmtMs(s.overhead.p50),
    "overhead p95": fmtMs(s.overhead.p95),
    "TTFT p50": fmtMs(s.ttft.p50),
    "TTFT p95": fmtMs(s.ttft.p95),
  });
  return [
    ...r.perStep.map((s) =>
      row(s.step, s, { calls: Number.isNaN(s.modelCalls) ? "–" : s.modelCalls.toFixed(1), tool: fmtMs(s.tool.p50) }),
    ),
    row("all turns", r.allTurns, { calls: "", tool: "" }),
  ];
}
