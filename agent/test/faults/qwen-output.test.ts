import { afterEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { startFakeOllama } from "../../src/testing/fake-ollama.ts";
import { startFakeOpenAI, type Step } from "../../src/testing/fake-openai.ts";
import { agentOn, DISHES, lastOf } from "./harness.ts";

// What Qwen writes that the agent must not pass through raw: its thinking, tool calls written as
// text (vLLM without --tool-call-parser, or a call Ollama's template missed), numbers as strings and
// arguments cut off at the length limit.

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function vllm(script: Step[]) {
  const server = await startFakeOpenAI((_req, i) => script[i] ?? { content: "(no more script)" });
  servers.push(server);
  const env = {
    AGENT_MODEL: "openai-compatible",
    OPENAI_BASE_URL: server.url,
    OPENAI_MODEL: "Qwen/Qwen3-8B",
    MODEL_MAX_RETRIES: "0",
  };
  return { server, agent: agentOn(env) };
}

const samosas = DISHES.find((d) => d.name === "Vegetable Samosas")!;

describe("faults: Qwen's output, normalised", () => {
  it("never streams or stores <think> text", async () => {
    const { server, agent } = await vllm([
      {
        content: "<think>The student wants samosas. I should search first, maybe cheap ones.</think>",
        toolCalls: [{ name: "find_items", arguments: '{"q":"samosas"}' }],
      },
      { content: "<think>Found one at HK$43.</think>Vegetable Samosas are HK$43.00 at Spice Route." },
    ]);
    const thread = randomUUID();
    const turn = await agent.say(thread, "samosas?");
    expect(turn.tokens).toBe("Vegetable Samosas are HK$43.00 at Spice Route.");
    expect(turn.events).toContainEqual({ type: "message", content: "Vegetable Samosas are HK$43.00 at Spice Route." });
    const stored = JSON.stringify((await agent.state(thread)).messages.map((m) => m.content));
    expect(stored).not.toMatch(/think|should search/);
    // Nor does it go back to the model on the next call.
    await agent.say(thread, "thanks");
    expect(JSON.stringify(server.recorded.at(-1)!.body.messages)).not.toContain("<think>");
  });

  it("runs Hermes-style <tool_call> text as a tool call and shows none of it", async () => {
    const { agent } = await vllm([
      { content: 'Let me look.\n<tool_call>\n{"name": "find_items", "arguments": {"q": "samosas"}}\n</tool_call>' },
      { content: "Found Vegetable Samosas." },
    ]);
    const turn = await agent.say(randomUUID(), "samosas?");
    expect(agent.campus.ran).toEqual([{ name: "find_items", args: { q: "samosas" } }]);
    expect(turn.tokens).not.toContain("tool_call");
    expect(turn.tokens).not.toContain('"arguments"');
    expect(turn.events.at(-2)).toEqual({ type: "message", content: "Found Vegetable Samosas." });
  });

  it("runs a tool call written as fenced JSON", async () => {
    const { agent } = await vllm([
      { content: '```json\n{"name": "view_cart", "arguments": {}}\n```' },
      { content: "Your cart is empty." },
    ]);
    const turn = await agent.say(randomUUID(), "my cart");
    expect(agent.campus.ran.map((r) => r.name)).toEqual(["view_cart"]);
    expect(turn.tokens).toBe("Your cart is empty.");
  });

  it("refuses arguments cut off by the length limit instead of running a guess", async () => {
    const { server, agent } = await vllm([
      { toolCalls: [{ name: "find_items", arguments: '{"q":"samosas"}' }] },
      { toolCalls: [{ name: "add_to_cart", arguments: '{"itemId":"i1","quantity":1' }], finishReason: "length" },
      { toolCalls: [{ name: "add_to_cart", arguments: '{"itemId":"i1","quantity":2}' }] },
      { content: "Added two." },
    ]);
    const turn = await agent.say(randomUUID(), "two samosas");
    expect(agent.campus.ran.filter((r) => r.name === "add_to_cart")).toEqual([
      { name: "add_to_cart", args: { itemId: samosas.itemId, quantity: 2 } },
    ]);
    expect(turn.events).toContainEqual(
      expect.objectContaining({
        type: "tool_result",
        ok: false,
        result: { error: expect.objectContaining({ code: "truncated" }) },
      }),
    );
    expect(String(lastOf(server.recorded[2]!.body.messages, "tool")?.content)).toContain("truncated");
  });

  it("takes '2' for 2 (a number written as a string)", async () => {
    const { agent } = await vllm([
      { toolCalls: [{ name: "find_items", arguments: '{"q":"samosas"}' }] },
      { toolCalls: [{ name: "add_to_cart", arguments: '{"itemId":"i1","quantity":"2"}' }] },
      { content: "Added." },
    ]);
    await agent.say(randomUUID(), "2 samosas");
    expect(agent.campus.lines).toEqual([expect.objectContaining({ itemId: samosas.itemId, qty: 2 })]);
  });

  it("on Ollama too: <think> is dropped and a text tool call runs", async () => {
    const server = await startFakeOllama((req) =>
      req.messages.at(-1)?.role === "user"
        ? { content: '<think>check the cart</think><tool_call>{"name": "view_cart", "arguments": {}}</tool_call>' }
        : { content: "<think>empty</think>Your cart is empty." },
    );
    servers.push(server);
    const agent = agentOn({
      AGENT_MODEL: "ollama",
      OLLAMA_HOST: server.url,
      OLLAMA_MODEL: "qwen3:8b",
      MODEL_MAX_RETRIES: "0",
    });
    const turn = await agent.say(randomUUID(), "cart");
    expect(agent.campus.ran.map((r) => r.name)).toEqual(["view_cart"]);
    expect(turn.tokens).toBe("Your cart is empty.");
  });
});
