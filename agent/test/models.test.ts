import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIMessageChunk, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { tool } from "@langchain/core/tools";
import { MemorySaver } from "@langchain/langgraph";
import { z } from "zod";
import { buildAgentGraph, type GuardedTools } from "../src/graph/index.ts";
import { createChatModel } from "../src/models/index.ts";
import { readEnv } from "../src/env.ts";
import { SYSTEM_PROMPT } from "../src/prompts.ts";
import { startFakeOllama, startFakeOpenAI } from "./fake-model-servers.ts";

const unused: GuardedTools = {
  place_order: { summarize: async () => ({ error: "unused" }), execute: async () => "{}" },
  cancel_order: { summarize: async () => ({ error: "unused" }), execute: async () => "{}" },
};

/** Runs one student turn through the real graph with `model`, streamed as the agent service streams it. */
async function streamedTurn(model: BaseChatModel) {
  const cartLooks: number[] = [];
  const viewCart = tool(async () => { cartLooks.push(1); return JSON.stringify({ lines: [{ name: "Paneer Tikka Wrap", quantity: 1 }] }); }, {
    name: "view_cart",
    description: "Show the student's cart",
    schema: z.object({}),
  });
  const graph = buildAgentGraph({ model, tools: [viewCart], guarded: unused, checkpointer: new MemorySaver() });
  const tokens: string[] = [];
  const updates: string[] = [];
  const stream = await graph.stream({ messages: [new HumanMessage("what's in my cart?")] }, {
    configurable: { thread_id: crypto.randomUUID() },
    streamMode: ["messages", "updates"],
  });
  let final: BaseMessage | undefined;
  for await (const [mode, chunk] of stream) {
    if (mode === "messages") {
      const [message, meta] = chunk as [BaseMessage, { langgraph_node?: string }];
      if (meta.langgraph_node === "model" && message instanceof AIMessageChunk && typeof message.content === "string" && message.content) tokens.push(message.content);
    } else {
      for (const [node, update] of Object.entries(chunk as Record<string, { messages?: BaseMessage[] }>)) {
        updates.push(node);
        if (node === "model") final = update.messages?.at(-1);
      }
    }
  }
  return { tokens, updates, cartLooks, final };
}

describe("model adapters against local fake servers", () => {
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let ollama: Awaited<ReturnType<typeof startFakeOllama>>;
  beforeAll(async () => {
    openai = await startFakeOpenAI();
    ollama = await startFakeOllama();
  });
  afterAll(async () => {
    await openai.close();
    await ollama.close();
  });

  it("an OpenAI-compatible server (vLLM, DashScope for Qwen) completes a streamed tool-calling turn", async () => {
    const { model, description } = createChatModel(readEnv({ AGENT_MODEL: "openai-compatible", OPENAI_BASE_URL: openai.url, OPENAI_MODEL: "qwen2.5-7b-instruct" }));
    expect(description).toContain("qwen2.5-7b-instruct");
    const turn = await streamedTurn(model);
    expect(turn.cartLooks).toHaveLength(1);
    expect(turn.updates).toEqual(["model", "tools", "model"]);
    expect(turn.tokens.join("")).toBe("Your cart has one Paneer Tikka Wrap.");
    expect(turn.tokens.length).toBeGreaterThan(3);
    expect(String(turn.final?.content)).toBe("Your cart has one Paneer Tikka Wrap.");
    const first = openai.recorded.bodies[0] as { stream: boolean; tools: { function: { name: string } }[]; messages: { role: string; content: string }[] };
    expect(first.stream).toBe(true);
    expect(first.tools.map((t) => t.function.name)).toEqual(["view_cart"]);
    expect(first.messages[0]).toMatchObject({ role: "system", content: SYSTEM_PROMPT });
    const second = openai.recorded.bodies[1] as { messages: { role: string; tool_call_id?: string }[] };
    expect(second.messages.at(-1)).toMatchObject({ role: "tool", tool_call_id: "call_1" });
  });

  it("OpenAI itself goes through the same client (API key and model from config)", async () => {
    const { model } = createChatModel(readEnv({ AGENT_MODEL: "openai", OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: openai.url }));
    const turn = await streamedTurn(model);
    expect(turn.final?.content).toBe("Your cart has one Paneer Tikka Wrap.");
    expect((openai.recorded.bodies.at(-1) as { model: string }).model).toBe("gpt-4o-mini");
  });

  it("Qwen on Ollama completes a streamed tool-calling turn", async () => {
    const { model } = createChatModel(readEnv({ AGENT_MODEL: "ollama", OLLAMA_HOST: ollama.url }));
    const turn = await streamedTurn(model);
    expect(turn.cartLooks).toHaveLength(1);
    expect(turn.tokens.join("")).toBe("Your cart has one Paneer Tikka Wrap.");
    const first = ollama.recorded.bodies[0] as { model: string; tools: { function: { name: string } }[] };
    expect(first.model).toBe("qwen2.5:7b-instruct");
    expect(first.tools.map((t) => t.function.name)).toEqual(["view_cart"]);
  });

  it("refuses a configuration that cannot work, naming the variable", () => {
    expect(() => readEnv({ AGENT_MODEL: "openai" })).toThrow(/OPENAI_API_KEY/);
    expect(() => readEnv({ AGENT_MODEL: "openai-compatible" })).toThrow(/OPENAI_BASE_URL/);
    expect(() => readEnv({ AGENT_MODEL: "claude" })).toThrow(/AGENT_MODEL/);
  });
});
