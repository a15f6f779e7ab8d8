import { describe, expect, it } from "vitest";
import { HumanMessage, isToolMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { Command, MemorySaver } from "@langchain/langgraph";
import { z } from "zod";
import type { OrderConfirmation, ToolResult } from "@ustbites/contracts";
import { buildAgentGraph, type GuardedTools } from "../src/graph/index.ts";
import { modelProvider } from "../src/models/index.ts";
import { ScriptedChatModel, textMessage, toolCallMessage } from "./scripted-model.ts";

const SUMMARY: OrderConfirmation = {
  kind: "place_order",
  restaurantName: "Spice Route",
  items: [{ name: "Paneer Tikka Wrap", quantity: 2, notes: "no onions", lineTotalCents: 8400 }],
  subtotalCents: 8400,
  deliveryFeeCents: 1000,
  totalCents: 9400,
  deliveryAddress: { building: "Hall 5", room: null, instructions: null },
  paymentMethod: "card entered at confirmation",
};

function fixture(script: ConstructorParameters<typeof ScriptedChatModel>[0]) {
  const placed: unknown[] = [];
  const looked: string[] = [];
  const guarded: GuardedTools = {
    place_order: {
      summarize: async () => SUMMARY,
      execute: async (args, approval): Promise<ToolResult<"place_order">> => {
        placed.push({ args, approval });
        return {
          orderId: "0196a4c0-0000-7000-8000-0000000000aa",
          status: "CONFIRMED",
          total: "HK$94.00",
          placed: "2026-11-22T03:51:00Z",
        };
      },
    },
    cancel_order: {
      summarize: async () => ({ error: { code: "not_found", message: "order not found" } }),
      execute: async () => ({ error: { code: "failed", message: "unused" } }),
    },
  };
  // The model-facing guarded tool refuses, exactly like tools/ does.
  const refusing = (name: string) =>
    tool(async () => ({ error: { code: "needs_confirmation", message: "needs the student's confirmation" } }), {
      name,
      description: name,
      schema: z.object({}).loose(),
    });
  const viewCart = tool(
    async (): Promise<ToolResult<"view_cart">> => {
      looked.push("cart");
      return { lines: [], total: "HK$0.00" };
    },
    { name: "view_cart", description: "cart", schema: z.object({}) },
  );
  const model = new ScriptedChatModel(script);
  const graph = buildAgentGraph({
    provider: modelProvider(model),
    tools: [viewCart, refusing("place_order"), refusing("cancel_order")],
    guarded,
    checkpointer: new MemorySaver(),
    maxToolRounds: 4,
  });
  return { graph, placed, looked, model };
}

/** LangGraph returns a pending interrupt beside the state; its typings do not declare it. */
const interruptOf = (result: object): { value: unknown }[] | undefined =>
  "__interrupt__" in result ? (result.__interrupt__ as { value: unknown }[]) : undefined;

const lastTool = (messages: BaseMessage[]) => messages.filter(isToolMessage).at(-1) as ToolMessage;
const config = (id: string) => ({ configurable: { thread_id: id } });

/** A model that orders at once, then reports whatever the tool said. */
const eagerOrderer = (messages: BaseMessage[]) => {
  const last = messages.at(-1);
  return last instanceof HumanMessage
    ? toolCallMessage("place_order", { deliveryAddress: { building: "Hall 5" } })
    : textMessage(`result: ${String(last?.content)}`);
};

describe("the confirmation guard", () => {
  it("interrupts with the summary before a model-requested place_order, and places nothing yet", async () => {
    const { graph, placed } = fixture(eagerOrderer);
    const result = await graph.invoke({ messages: [new HumanMessage("order it")] }, config("t1"));
    expect(interruptOf(result)?.[0]?.value).toEqual(SUMMARY);
    expect(placed).toHaveLength(0);
  });

  it("places the order once, with the approved summary, only after approval", async () => {
    const { graph, placed } = fixture(eagerOrderer);
    await graph.invoke({ messages: [new HumanMessage("order it")] }, config("t2"));
    const done = await graph.invoke(new Command({ resume: { decision: "approve" } }), config("t2"));
    expect(placed).toHaveLength(1);
    expect((placed[0] as { approval: { summary: unknown } }).approval.summary).toEqual(SUMMARY);
    expect(String(lastTool(done.messages).content)).toContain("CONFIRMED");
    // The model reads the order's short handle, the app the real id.
    expect(String(lastTool(done.messages).content)).not.toContain("0196a4c0-0000");
    expect(lastTool(done.messages).artifact).toMatchObject({ orderId: "0196a4c0-0000-7000-8000-0000000000aa" });
  });

  it("places nothing when the student rejects", async () => {
    const { graph, placed } = fixture(eagerOrderer);
    await graph.invoke({ messages: [new HumanMessage("order it")] }, config("t3"));
    const done = await graph.invoke(new Command({ resume: { decision: "reject" } }), config("t3"));
    expect(placed).toHaveLength(0);
    expect(String(lastTool(done.messages).content)).toContain("declined");
  });

  it("turns a change request into the student's next message and places nothing", async () => {
    const { graph, placed } = fixture(eagerOrderer);
    await graph.invoke({ messages: [new HumanMessage("order it")] }, config("t4"));
    const after = await graph.invoke(
      new Command({ resume: { decision: "change", message: "make it one wrap" } }),
      config("t4"),
    );
    expect(placed).toHaveLength(0);
    // The model then sees the change as a human turn (and, being eager, asks to order again: guarded again).
    expect(after.messages.some((m) => m instanceof HumanMessage && m.content === "make it one wrap")).toBe(true);
    expect(interruptOf(after)).toBeDefined();
  });

  it("refuses an answer that is not a decision", async () => {
    const { graph, placed } = fixture(eagerOrderer);
    await graph.invoke({ messages: [new HumanMessage("order it")] }, config("t5"));
    await expect(graph.invoke(new Command({ resume: { decision: "yes please" } }), config("t5"))).rejects.toThrow();
    expect(placed).toHaveLength(0);
  });

  it("runs ordinary calls in the same message but still guards the order", async () => {
    const { graph, placed, looked } = fixture((messages) =>
      messages.at(-1) instanceof HumanMessage
        ? Object.assign(toolCallMessage("view_cart", {}), {
            tool_calls: [
              { id: "a", name: "view_cart", args: {}, type: "tool_call" as const },
              { id: "b", name: "place_order", args: {}, type: "tool_call" as const },
            ],
          })
        : textMessage("ok"),
    );
    const result = await graph.invoke({ messages: [new HumanMessage("cart and order")] }, config("t6"));
    expect(looked).toEqual(["cart"]);
    expect(interruptOf(result)).toBeDefined();
    expect(placed).toHaveLength(0);
  });

  it("answers a guarded call whose summary fails without interrupting", async () => {
    const { graph } = fixture((messages) =>
      messages.at(-1) instanceof HumanMessage
        ? toolCallMessage("cancel_order", { orderId: "0196a4c0-0000-7000-8000-0000000000bb" })
        : textMessage("sorry"),
    );
    const result = await graph.invoke({ messages: [new HumanMessage("cancel")] }, config("t7"));
    expect(interruptOf(result)).toBeUndefined();
    expect(String(lastTool(result.messages).content)).toContain("order not found");
  });

  it("stops a model that keeps calling tools after the per-turn budget", async () => {
    const { graph, model } = fixture(() => toolCallMessage("view_cart", {}));
    const result = await graph.invoke({ messages: [new HumanMessage("loop")] }, config("t8"));
    expect(model.calls).toBe(4);
    expect(String(result.messages.at(-1)?.content)).toContain("couldn't finish");
  });
});
