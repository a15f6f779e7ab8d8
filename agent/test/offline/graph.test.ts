import { describe, expect, it } from "vitest";
import {
  type AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  isAIMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import {
  Annotation,
  Command,
  END,
  interrupt,
  MemorySaver,
  MessagesAnnotation,
  START,
  StateGraph,
} from "@langchain/langgraph";
import { z } from "zod";
import { OfflineChatModel } from "../../src/models/offline/index.ts";
import { Campus } from "./campus.ts";

const GUARDED = new Set(["place_order", "cancel_order"]);

/** A tiny model ⇄ tools graph with an interrupt before guarded calls, over the fake campus's tools. */
function tinyGraph(campus: Campus) {
  const fake = (name: string, schema: z.ZodObject) =>
    tool(async (args: Record<string, unknown>) => campus.run(name, args), {
      name,
      description: name.replace(/_/g, " "),
      schema,
    });
  const tools = [
    fake(
      "search_restaurants",
      z.object({
        q: z.string().optional(),
        cuisine: z.string().optional(),
        tag: z.string().optional(),
        maxPriceCents: z.number().optional(),
        openNow: z.boolean().optional(),
      }),
    ),
    fake("get_menu", z.object({ restaurantId: z.string() })),
    fake(
      "find_items",
      z.object({
        q: z.string().optional(),
        tag: z.string().optional(),
        maxPriceCents: z.number().optional(),
        restaurantId: z.string().optional(),
      }),
    ),
    fake("view_cart", z.object({})),
    fake("add_to_cart", z.object({ itemId: z.string(), quantity: z.number(), notes: z.string().optional() })),
    fake("place_order", z.object({ deliveryAddress: z.object({ building: z.string(), room: z.string().optional() }) })),
  ];
  const byName = new Map(tools.map((t) => [t.name, t]));
  const model = new OfflineChatModel().bindTools(tools);
  const last = (messages: BaseMessage[]) => messages.at(-1) as AIMessage;

  return new StateGraph(Annotation.Root({ ...MessagesAnnotation.spec }))
    .addNode("model", async (state, config) => ({ messages: [await model.invoke(state.messages, config)] }))
    .addNode("tools", async (state, config) => ({
      messages: await Promise.all(
        (last(state.messages).tool_calls ?? []).map(async (call) => {
          const content = (await byName.get(call.name)!.invoke(call.args, config)) as string;
          return new ToolMessage({ tool_call_id: call.id!, name: call.name, content });
        }),
      ),
    }))
    .addNode("confirm", async (state) => {
      const call = last(state.messages).tool_calls!.find((c) => GUARDED.has(c.name))!;
      const answer = interrupt({ tool: call.name, args: call.args }) as { decision: "approve" | "reject" };
      return {
        messages: [
          new ToolMessage({
            tool_call_id: call.id!,
            name: call.name,
            content: campus.confirm(call.name, call.args, answer.decision),
          }),
        ],
      };
    })
    .addEdge(START, "model")
    .addConditionalEdges(
      "model",
      (state) => {
        const calls = last(state.messages).tool_calls ?? [];
        if (!calls.length) return END;
        return calls.some((c) => GUARDED.has(c.name)) ? "confirm" : "tools";
      },
      ["tools", "confirm", END],
    )
    .addEdge("tools", "model")
    .addEdge("confirm", "model")
    .compile({ checkpointer: new MemorySaver() });
}

describe("the offline model in a LangGraph graph", () => {
  it("completes an add-to-cart, streaming its reply token by token", async () => {
    const campus = new Campus();
    const graph = tinyGraph(campus);
    const config = { configurable: { thread_id: "offline-add" } };
    const tokens: string[] = [];
    let final: BaseMessage | undefined;
    const stream = await graph.stream(
      { messages: [new HumanMessage("add two paneer tikka wraps from spice route, no onions")] },
      { ...config, streamMode: ["messages", "values"] },
    );
    for await (const [mode, chunk] of stream) {
      if (mode === "messages") {
        const [message] = chunk as unknown as [BaseMessage];
        if (message instanceof AIMessageChunk && typeof message.content === "string" && message.content)
          tokens.push(message.content);
      } else {
        final = (chunk as { messages: BaseMessage[] }).messages.at(-1);
      }
    }
    expect(campus.calls.map((c) => c.name)).toEqual(["find_items", "add_to_cart"]);
    expect(campus.lines).toEqual([
      expect.objectContaining({ name: "Paneer Tikka Wrap", quantity: 2, notes: "no onions" }),
    ]);
    expect(final && isAIMessage(final) && final.tool_calls?.length).toBeFalsy();
    expect(String(final?.content)).toContain("Added 2 × Paneer Tikka Wrap (no onions)");
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.join("")).toBe(String(final?.content));
  });

  it("stops at the confirmation before ordering and places the order only once approved", async () => {
    const campus = new Campus();
    const graph = tinyGraph(campus);
    const config = { configurable: { thread_id: "offline-order" } };
    const first = await graph.invoke(
      { messages: [new HumanMessage("a mango lassi from spice route, deliver to Hall 5 room 512")] },
      config,
    );
    expect((first as { __interrupt__?: unknown[] }).__interrupt__).toHaveLength(1);
    expect(campus.orders).toHaveLength(0);
    const resumed = await graph.invoke(new Command({ resume: { decision: "approve" } }), config);
    expect(campus.orders).toHaveLength(1);
    expect(String(resumed.messages.at(-1)?.content)).toMatch(/order is placed/);
  });
});
