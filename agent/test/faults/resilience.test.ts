import { afterEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { startFakeOpenAI, type Brain } from "../../src/testing/fake-openai.ts";
import { agentOn, fakeCampus } from "./harness.ts";

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function openai(brain: Brain, extra: Record<string, string> = {}, campus = fakeCampus()) {
  const server = await startFakeOpenAI(brain);
  servers.push(server);
  return {
    server,
    agent: agentOn({ AGENT_MODEL: "openai", OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: server.url, ...extra }, campus),
  };
}

describe("faults: a model server that misbehaves", () => {
  it("retries 500s with backoff and answers once the server recovers", async () => {
    const { server, agent } = await openai((_req, i) => (i < 2 ? { status: 500 } : { content: "Back online!" }), {
      MODEL_MAX_RETRIES: "2",
    });
    const turn = await agent.say(randomUUID(), "hi");
    expect(turn.events).toContainEqual({ type: "message", content: "Back online!" });
    expect(server.recorded).toHaveLength(3);
  });

  it("does not retry a request the server rejects (400): it reports it as a failure of the assistant", async () => {
    const { server, agent } = await openai(() => ({ status: 400, message: "Invalid 'messages'" }), {
      MODEL_MAX_RETRIES: "2",
    });
    const turn = await agent.say(randomUUID(), "hi");
    expect(turn.last).toMatchObject({ type: "error", code: "assistant_unavailable" });
    expect(server.recorded).toHaveLength(1);
  });

  it("says the assistant is unavailable, pointing to the classic app, when nothing listens", async () => {
    const { server, agent } = await openai(() => ({ content: "unused" }), { MODEL_MAX_RETRIES: "0" });
    servers.pop();
    await server.close();
    const turn = await agent.say(randomUUID(), "hi");
    expect(turn.last).toMatchObject({
      type: "error",
      code: "assistant_unavailable",
      message: expect.stringMatching(/menu.*Restaurants/),
    });
  });

  it("ends a turn at its deadline however slow the model, leaving the thread usable", async () => {
    let slow = true;
    const { agent } = await openai(
      (req) =>
        slow
          ? { delayMs: 5000, content: "late" }
          : { content: req.messages.at(-1)?.role === "user" ? "Quick now." : "?" },
      {
        AGENT_TURN_TIMEOUT_MS: "600",
        MODEL_MAX_RETRIES: "0",
      },
    );
    const thread = randomUUID();
    const started = performance.now();
    const late = await agent.say(thread, "hello?");
    expect(late.last).toMatchObject({ type: "error", code: "timeout" });
    expect(performance.now() - started).toBeLessThan(3000);
    slow = false;
    expect((await agent.say(thread, "still there?")).events).toContainEqual({ type: "message", content: "Quick now." });
  });
});
