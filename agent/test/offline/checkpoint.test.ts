import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { createTestDatabase, type TestDatabase } from "@ustbites/kit/testing";
import { z } from "zod";
import { buildAgentGraph, type GuardedTools } from "../../src/graph/index.ts";
import { modelProvider } from "../../src/models/index.ts";
import { decide, OfflineChatModel, type StoredDialogue } from "../../src/models/offline/index.ts";
import { Campus } from "./campus.ts";

/** The graph with the offline model over the fake campus's tools, checkpointed in PostgreSQL. */
function graphOver(campus: Campus, checkpointer: PostgresSaver) {
  const fake = (name: string, schema: z.ZodObject) =>
    tool(async (args: Record<string, unknown>) => JSON.parse(campus.run(name, args)) as unknown, {
      name,
      description: name,
      schema,
    });
  const unused = {
    summarize: async () => ({ error: { code: "failed" as const, message: "unused" } }),
    execute: async () => ({ error: { code: "failed" as const, message: "unused" } }),
  };
  return buildAgentGraph({
    provider: modelProvider(new OfflineChatModel()),
    tools: [
      fake("search_restaurants", z.object({ q: z.string().optional() })),
      fake(
        "find_items",
        z.object({ q: z.string().optional(), restaurantId: z.string().optional(), tag: z.string().optional() }),
      ),
      fake("view_cart", z.object({})),
      fake("add_to_cart", z.object({ itemId: z.string(), quantity: z.number(), notes: z.string().optional() })),
    ],
    guarded: { place_order: unused, cancel_order: unused } as unknown as GuardedTools,
    checkpointer,
  });
}

let db: TestDatabase;
const savers: PostgresSaver[] = [];
async function saver() {
  const s = PostgresSaver.fromConnString(db.url);
  await s.setup();
  savers.push(s);
  return s;
}

beforeAll(async () => {
  db = await createTestDatabase("agent_dialogue");
});
afterAll(async () => {
  for (const s of savers) await s.end();
  await db?.drop();
});

describe("the dialogue state lives in the graph's checkpoint", () => {
  it("survives a new graph instance on the same thread, and 'the cheapest one' is read from it", async () => {
    const campus = new Campus();
    const config = { configurable: { thread_id: "dialogue-round-trip" } };
    const first = graphOver(campus, await saver());
    await first.invoke({ messages: [new HumanMessage("what wraps does spice route have")] }, config);
    const stored = (await first.getState(config)).values.dialogue as StoredDialogue;
    expect(stored.after.shown.map((i) => i.name)).toContain("Aloo Tikki Wrap");

    // Another process: a new checkpointer and graph, reading the same thread from PostgreSQL.
    const second = graphOver(campus, await saver());
    expect((await second.getState(config)).values.dialogue).toEqual(stored);
    await second.invoke({ messages: [new HumanMessage("add the cheapest one")] }, config);
    expect(campus.lines.map((l) => `${l.quantity}× ${l.name}`)).toEqual(["1× Aloo Tikki Wrap"]);
    const after = (await second.getState(config)).values.dialogue as StoredDialogue;
    expect(after.after.lastItem?.name).toBe("Aloo Tikki Wrap");
  });

  it("resolves a reference against the stored state, not against a re-reading of the messages", () => {
    const campus = new Campus();
    const lassi = campus.item("spice-route", "Mango Lassi");
    const chai = campus.item("spice-route", "Masala Chai");
    const human = new HumanMessage({ content: "what drinks does spice route have", id: "h1" });
    const list = JSON.stringify({
      items: [lassi, chai].map((i) => ({
        itemId: i.id,
        name: i.name,
        price: "HK$20.00",
        restaurant: "Spice Route",
        restaurantId: i.restaurantId,
      })),
    });
    const messages = [
      human,
      new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "find_items", args: { q: "drinks" } }] }),
      new ToolMessage({ tool_call_id: "c1", name: "find_items", content: list }),
      new AIMessage("Here's what I found"),
      new HumanMessage({ content: "the first one", id: "h2" }),
    ];
    const tools = new Set(["find_items", "add_to_cart"]);
    const derived = decide(messages, { tools });
    expect(derived.toolCalls[0]?.args.itemId).toBe(lassi.id);
    // The checkpoint says the list was shown the other way round (say, sorted by price): it wins.
    const shown = derived.dialogue!.before.shown;
    const reversed = { shown: [shown[1]!, shown[0]!], recent: "list" as const, cart: null };
    const stored: StoredDialogue = { humanId: "h2", before: reversed, after: reversed };
    expect(decide(messages, { tools, dialogue: stored }).toolCalls[0]?.args.itemId).toBe(chai.id);
  });
});
