import { MemorySaver } from "@langchain/langgraph";
import { tool } from "@langchain/core/tools";
import { Registry } from "prom-client";
import { z } from "zod";
import type { AgentStreamEvent, CartLineView, Dish, OrderConfirmation, ToolResult } from "@ustbites/contracts";
import type { Approval } from "@ustbites/tools";
import { readEnv } from "../../src/env.ts";
import { buildAgentGraph, type AgentGraph, type GuardedTools } from "../../src/graph/index.ts";
import type { AgentStateType } from "../../src/graph/state.ts";
import { createModelProvider } from "../../src/models/index.ts";
import { createAgentMetrics } from "../../src/server/metrics.ts";
import { runTurn, type TurnOutcome } from "../../src/server/turn.ts";

const uuid = (n: number) => `0196a4c0-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;

/** A small menu with real UUIDs, as restaurant-service would list it. */
export const DISHES: Dish[] = [
  "Tonkotsu Ramen",
  "Mango Lassi",
  "Paneer Tikka Wrap",
  "Vegetable Samosas",
  "Chicken Biryani",
  "Masala Chai",
].map((name, i) => ({
  itemId: uuid(i + 1),
  name,
  price: `HK$${40 + i}.00`,
  restaurant: "Spice Route",
  restaurantId: uuid(100),
}));

/**
 * The tools with the real names and the real result contracts, over an in-memory cart: what the
 * fault tests need to see that calls run, in which order, with which arguments.
 */
export function fakeCampus(opts: { slowTool?: string; slowMs?: number } = {}) {
  const lines: CartLineView[] = [];
  const ran: { name: string; args: Record<string, unknown> }[] = [];
  const approvals: Approval[] = [];
  let started: () => void = () => {};
  const toolStarted = new Promise<void>((resolve) => (started = resolve));
  const slow = async (name: string) => {
    if (name === opts.slowTool) {
      started();
      await new Promise((resolve) => setTimeout(resolve, opts.slowMs ?? 60_000));
    }
  };
  const view = (): ToolResult<"view_cart"> => ({
    lines: lines.map((l) => ({ ...l })),
    total: `HK$${lines.reduce((s, l) => s + l.qty * 40, 0)}.00`,
  });
  const make = <S extends z.ZodObject>(name: string, schema: S, run: (args: z.infer<S>) => unknown) =>
    tool(
      async (args: z.infer<S>) => {
        ran.push({ name, args });
        await slow(name);
        return run(args);
      },
      { name, description: name.replace(/_/g, " "), schema },
    );
  const tools = [
    make(
      "find_items",
      z.object({ q: z.string().optional(), maxPriceCents: z.number().int().optional() }),
      ({ q }): ToolResult<"find_items"> => ({
        items: DISHES.filter((d) => !q || d.name.toLowerCase().includes(q.toLowerCase().split(" ")[0]!)),
      }),
    ),
    make("view_cart", z.object({}), view),
    make(
      "add_to_cart",
      z.object({
        itemId: z.string(),
        quantity: z.number().int().min(1).max(20).default(1),
        notes: z.string().optional(),
      }),
      ({ itemId, quantity }) => {
        const dish = DISHES.find((d) => d.itemId === itemId);
        if (!dish) return { error: { code: "not_found", message: `no dish with id ${itemId}` } };
        lines.push({
          lineId: uuid(500 + lines.length),
          itemId,
          name: dish.name,
          qty: quantity,
          each: dish.price,
          total: dish.price,
        });
        return view();
      },
    ),
    make("clear_cart", z.object({}), (): ToolResult<"clear_cart"> => {
      lines.length = 0;
      return { cleared: true };
    }),
    make("place_order", z.object({ deliveryAddress: z.object({ building: z.string() }) }), () => ({
      error: { code: "needs_confirmation", message: "needs the student's confirmation" },
    })),
  ];
  const summary = (building: string): OrderConfirmation => ({
    kind: "place_order",
    restaurantName: "Spice Route",
    items: lines.map((l) => ({ name: l.name, quantity: l.qty, notes: null, lineTotalCents: 4000 * l.qty })),
    subtotalCents: 4000,
    deliveryFeeCents: 1000,
    totalCents: 5000,
    deliveryAddress: { building, room: null, instructions: null },
    paymentMethod: "card entered at confirmation",
  });
  const guarded: GuardedTools = {
    place_order: {
      summarize: async (args) =>
        summary(String((args.deliveryAddress as { building?: string } | undefined)?.building ?? "?")),
      execute: async (_args, approval) => {
        approvals.push(approval);
        return {
          orderId: uuid(900 + approvals.length),
          status: "CONFIRMED",
          total: "HK$50.00",
          placed: "2026-12-03T04:00:00Z",
        };
      },
    },
    cancel_order: {
      summarize: async () => ({ error: { code: "not_found", message: "no orders" } }),
      execute: async () => ({ error: { code: "failed", message: "unused" } }),
    },
  };
  return { tools, guarded, lines, ran, approvals, toolStarted };
}

export type Campus = ReturnType<typeof fakeCampus>;

/** The real agent (env → provider → graph → runTurn) on a fake campus, as the agent service runs it. */
export function agentOn(env: Record<string, string>, campus: Campus = fakeCampus()) {
  const config = readEnv(env);
  const provider = createModelProvider(config);
  const graph: AgentGraph = buildAgentGraph({
    provider,
    tools: campus.tools,
    guarded: campus.guarded,
    checkpointer: new MemorySaver(),
    maxToolRounds: config.AGENT_MAX_TOOL_ROUNDS,
  });
  const metrics = createAgentMetrics(new Registry());
  const run = async (threadId: string, input: Parameters<typeof runTurn>[0]["input"], signal?: AbortSignal) => {
    const events: AgentStreamEvent[] = [];
    const outcome: TurnOutcome = await runTurn({
      graph,
      threadId,
      student: { token: "t", userId: "0196a4c0-0000-7000-8000-0000000000ff" },
      input,
      emit: (e) => events.push(e),
      signal: signal ?? new AbortController().signal,
      metrics,
      deadlineMs: config.AGENT_TURN_TIMEOUT_MS,
      maxToolRounds: config.AGENT_MAX_TOOL_ROUNDS,
      provider: provider.kind,
    });
    const tokens = events.flatMap((e) => (e.type === "token" ? [e.text] : [])).join("");
    return { events, outcome, tokens, last: events.at(-1) };
  };
  return {
    campus,
    provider,
    graph,
    say: (threadId: string, message: string, signal?: AbortSignal) => run(threadId, { message }, signal),
    answer: (threadId: string, decision: "approve" | "reject") =>
      run(threadId, {
        answer: { decision },
        paymentCard: { number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123" },
      }),
    state: async (threadId: string) =>
      (await graph.getState({ configurable: { thread_id: threadId } })).values as AgentStateType,
  };
}

/** The latest message of a wire request of the given role. */
export const lastOf = <M extends { role: string }>(messages: M[], role: string) =>
  messages.findLast((m) => m.role === role);
