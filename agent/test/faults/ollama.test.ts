import { afterEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { readEnv } from "../../src/env.ts";
import { startFakeOllama, type OllamaBrain } from "../../src/testing/fake-ollama.ts";
import { agentOn, DISHES } from "./harness.ts";

// Faults seen with Qwen on Ollama, against a fake speaking Ollama's /api/chat NDJSON stream.

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function ollama(brain: OllamaBrain, extra: Record<string, string> = {}) {
  const server = await startFakeOllama(brain);
  servers.push(server);
  return { server, env: { AGENT_MODEL: "ollama", OLLAMA_HOST: server.url, MODEL_MAX_RETRIES: "0", ...extra } };
}

const LONG_REPLY = "Here are a few ideas for lunch today from the places that are open right now on campus".split(" ");

describe("faults: Qwen on Ollama", () => {
  it("one student's abort ends that student's request only: the other's turn finishes", async () => {
    const { server, env } = await ollama(() => ({ content: LONG_REPLY.join(" "), pieceDelayMs: 25 }));
    const agent = agentOn(env);
    const leaving = new AbortController();
    const a = agent.say(randomUUID(), "ideas?", leaving.signal);
    const b = agent.say(randomUUID(), "ideas?");
    // Both requests are streaming before one student leaves.
    for (let i = 0; i < 500 && server.recorded.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 60));
    leaving.abort();
    const [first, second] = await Promise.all([a, b]);
    expect(first.outcome.outcome).toBe("aborted");
    expect(second.last).toMatchObject({ type: "done" });
    expect(second.events).toContainEqual({ type: "message", content: LONG_REPLY.join(" ") });
    expect(server.recorded.map((r) => r.aborted).sort()).toEqual([false, true]);
  });

  it("sends num_ctx and keep_alive, and refuses at start a num_ctx below the budget", async () => {
    const { server, env } = await ollama(() => ({ content: "Hi!" }), {
      OLLAMA_NUM_CTX: "8192",
      OLLAMA_KEEP_ALIVE: "10m",
    });
    await agentOn(env).say(randomUUID(), "hi");
    expect(server.recorded[0]!.body.options).toMatchObject({ num_ctx: 8192 });
    expect(server.recorded[0]!.body.keep_alive).toBe("10m");
    expect(() => readEnv({ ...env, OLLAMA_NUM_CTX: "4096" })).toThrow(
      /OLLAMA_NUM_CTX.*4096 is below the input budget \(6000\)/s,
    );
  });

  it("runs several tool calls of one message, each with its own arguments, in order", async () => {
    const [lassi, samosas] = [DISHES[1]!, DISHES[3]!];
    const { env } = await ollama((req) =>
      req.messages.at(-1)?.role === "user"
        ? {
            toolCalls: [
              { name: "find_items", arguments: { q: "lassi" } },
              { name: "find_items", arguments: { q: "samosas" } },
            ],
          }
        : { content: "Found them." },
    );
    const agent = agentOn(env);
    const turn = await agent.say(randomUUID(), "lassi and samosas?");
    expect(turn.last).toMatchObject({ type: "done" });
    expect(agent.campus.ran).toEqual([
      { name: "find_items", args: { q: "lassi" } },
      { name: "find_items", args: { q: "samosas" } },
    ]);
    const results = turn.events.flatMap((e) => (e.type === "tool_result" && e.ok ? [JSON.stringify(e.result)] : []));
    expect(results[0]).toContain(lassi.name);
    expect(results[1]).toContain(samosas.name);
  });

  it("a server that never answers ends the turn with 'assistant unavailable' within the call timeout", async () => {
    const { server, env } = await ollama(() => ({ hang: true }), { MODEL_TIMEOUT_MS: "400", MODEL_MAX_RETRIES: "1" });
    const agent = agentOn(env);
    const started = performance.now();
    const turn = await agent.say(randomUUID(), "hello?");
    expect(turn.last).toMatchObject({ type: "error", code: "assistant_unavailable" });
    // Two attempts of 400 ms and a backoff between them: seconds, not the minutes of an unbounded request.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(server.recorded).toHaveLength(2);
  });

  it("is retried after a 503 (model loading) and then answers", async () => {
    const { server, env } = await ollama(
      (_req, i) => (i === 0 ? { status: 503, message: "model is loading" } : { content: "Ready now!" }),
      { MODEL_MAX_RETRIES: "2" },
    );
    const turn = await agentOn(env).say(randomUUID(), "hi");
    expect(turn.events).toContainEqual({ type: "message", content: "Ready now!" });
    expect(server.recorded).toHaveLength(2);
  });
});
