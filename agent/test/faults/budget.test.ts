import { afterEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createTools } from "@ustbites/tools";
import { O200K, qwenTokenizer } from "../../src/context/tokens.ts";
import { fixedPromptTokens } from "../../src/graph/index.ts";
import { chatmlTokens } from "../../src/testing/chatml.ts";
import { startFakeOllama } from "../../src/testing/fake-ollama.ts";
import { startFakeOpenAI, type WireMessage } from "../../src/testing/fake-openai.ts";
import { agentOn } from "./harness.ts";

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** The fixed cost, resent on every call: what the issue asks to be at most 1,500 tokens. */
export const FIXED_PROMPT_BUDGET = 1500;

describe("the token budget", () => {
  const { tools } = createTools({
    urls: {
      restaurant: "http://127.0.0.1:9",
      cart: "http://127.0.0.1:9",
      order: "http://127.0.0.1:9",
      delivery: "http://127.0.0.1:9",
    },
  });

  it.each([
    ["o200k (OpenAI)", O200K],
    ["qwen3 (Qwen 2.5 / 3)", qwenTokenizer()],
  ])("system prompt + all 13 tool schemas fit in 1,500 tokens by %s", (_name, tokenizer) => {
    expect(tools).toHaveLength(13);
    expect(fixedPromptTokens({ tokenizer }, tools)).toBeLessThanOrEqual(FIXED_PROMPT_BUDGET);
  });

  it("keeps a 50-turn conversation under AGENT_MAX_INPUT_TOKENS on every call, keeping the latest turn", async () => {
    const BUDGET = 4000;
    // Every turn: a menu-sized result, then a reply. The history grows by a few hundred tokens a turn.
    const server = await startFakeOpenAI((req) =>
      req.messages.at(-1)?.role === "user"
        ? { toolCalls: [{ name: "find_items", arguments: "{}" }] }
        : { content: "Those are today's dishes; which one would you like?" },
    );
    servers.push(server);
    const agent = agentOn({
      AGENT_MODEL: "openai-compatible",
      OPENAI_BASE_URL: server.url,
      MODEL_MAX_RETRIES: "0",
      AGENT_MAX_INPUT_TOKENS: String(BUDGET),
    });
    const thread = randomUUID();
    for (let turn = 1; turn <= 50; turn++)
      expect((await agent.say(thread, `turn ${turn}: what can I eat?`)).last?.type).toBe("done");
    const sizes = server.recorded.map((r) => r.promptTokens);
    expect(sizes).toHaveLength(100);
    // The fake counts what the model reads of each request (messages and tools, chatml.ts) with o200k.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(BUDGET);
    // It did have to cut: without trimming the last request would be several times the budget.
    expect(sizes.at(-1)).toBeGreaterThan(BUDGET / 2);
    const last = server.recorded.at(-1)!.body.messages;
    expect(last.map((m: WireMessage) => String(m.content))).toContain("turn 50: what can I eat?");
    // Cut at a student's message: after the system prompt the history starts with a user turn.
    expect(last[1]?.role).toBe("user");
    // The thread itself keeps everything; only what is sent is trimmed.
    expect((await agent.state(thread)).messages.length).toBe(50 * 4);
  }, 120_000);

  it("keeps a 50-turn conversation on Ollama inside num_ctx, counted with Qwen's tokenizer", async () => {
    const server = await startFakeOllama((req) =>
      req.messages.at(-1)?.role === "user"
        ? { toolCalls: [{ name: "find_items", arguments: {} }] }
        : { content: "Those are today's dishes; which one would you like?" },
    );
    servers.push(server);
    const agent = agentOn({ AGENT_MODEL: "ollama", OLLAMA_HOST: server.url, MODEL_MAX_RETRIES: "0" });
    const thread = randomUUID();
    for (let turn = 1; turn <= 50; turn++) await agent.say(thread, `turn ${turn}: what can I eat?`);
    const qwen = qwenTokenizer();
    const promptTokens = server.recorded.map((r) => chatmlTokens(r.body.messages, r.body.tools, qwen));
    const numCtx = Number(server.recorded[0]!.body.options?.num_ctx);
    expect(numCtx).toBe(8192);
    expect(Math.max(...promptTokens)).toBeLessThanOrEqual(6000);
    expect(Math.max(...promptTokens) + 1024).toBeLessThanOrEqual(numCtx);
  }, 120_000);
});
