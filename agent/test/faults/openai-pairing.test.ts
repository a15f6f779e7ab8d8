import { afterEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { startFakeOpenAI, type Brain, type WireMessage } from "../../src/testing/fake-openai.ts";
import { agentOn, DISHES, fakeCampus, lastOf } from "./harness.ts";

// Faults seen on OpenAI and OpenAI-compatible servers (vLLM, DashScope), against a fake that
// enforces OpenAI's tool-message pairing: each test failed before the agent repaired what it sends.

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function openai(brain: Brain) {
  const server = await startFakeOpenAI(brain);
  servers.push(server);
  return {
    server,
    env: {
      AGENT_MODEL: "openai-compatible",
      OPENAI_BASE_URL: server.url,
      OPENAI_MODEL: "gpt-4o-mini",
      MODEL_MAX_RETRIES: "0",
    },
  };
}

const lastRole = (messages: WireMessage[]) => messages.at(-1)?.role;
const toolText = (messages: WireMessage[]) => String(lastOf(messages, "tool")?.content ?? "");

describe("faults: OpenAI's tool-message pairing", () => {
  it("a turn interrupted while a tool runs leaves a thread OpenAI still accepts", async () => {
    const { server, env } = await openai((req) =>
      lastRole(req.messages) === "user" && String(lastOf(req.messages, "user")?.content).includes("cart")
        ? { toolCalls: [{ name: "view_cart", arguments: "{}" }] }
        : { content: "Hello! What would you like?" },
    );
    const agent = agentOn(env, fakeCampus({ slowTool: "view_cart" }));
    const thread = randomUUID();
    const leave = new AbortController();
    const first = agent.say(thread, "what's in my cart?", leave.signal);
    await agent.campus.toolStarted;
    leave.abort(); // the student closes the tab while view_cart runs
    expect((await first).outcome.outcome).toBe("aborted");

    const next = await agent.say(thread, "hi again");
    expect(next.last).toMatchObject({ type: "done" });
    expect(next.events).toContainEqual({ type: "message", content: "Hello! What would you like?" });
    expect(server.recorded.map((r) => r.status)).toEqual([200, 200]);
    // The unfinished call was answered, in the checkpoint too, so every later request pairs.
    expect(toolText(server.recorded[1]!.body.messages)).toContain('"interrupted"');
    const state = await agent.state(thread);
    expect(state.messages.filter((m) => m.getType() === "tool")).toHaveLength(1);
  });

  it("arguments that are not JSON get an error the model can fix, and the model's second try runs", async () => {
    const wrap = DISHES.find((d) => d.name === "Paneer Tikka Wrap")!;
    const script = [
      { toolCalls: [{ name: "find_items", arguments: '{"q": "paneer"}' }] },
      { toolCalls: [{ name: "add_to_cart", arguments: '{"itemId": "i1", "quantity": 2' }] }, // cut short: not JSON
      { toolCalls: [{ name: "add_to_cart", arguments: '{"itemId": "i1", "quantity": 2}' }] },
      { content: "Added two Paneer Tikka Wraps." },
    ];
    const { server, env } = await openai((_req, i) => script[i] ?? { content: "?" });
    const agent = agentOn(env);
    const turn = await agent.say(randomUUID(), "two paneer wraps please");
    expect(turn.last).toMatchObject({ type: "done" });
    expect(server.recorded.every((r) => r.status === 200)).toBe(true);
    expect(agent.campus.lines).toEqual([expect.objectContaining({ itemId: wrap.itemId, qty: 2 })]);
    const failed = turn.events.find((e) => e.type === "tool_result" && !e.ok);
    expect(failed).toMatchObject({ name: "add_to_cart", result: { error: { code: "bad_arguments" } } });
    // The model read the error before its second try.
    expect(toolText(server.recorded[2]!.body.messages)).toContain("bad_arguments");
  });

  it("a call without an id still gets a result the server can pair", async () => {
    const { server, env } = await openai((req) =>
      lastRole(req.messages) === "user"
        ? { toolCalls: [{ id: null, name: "view_cart", arguments: "{}" }] }
        : { content: "Your cart is empty." },
    );
    const agent = agentOn(env);
    const turn = await agent.say(randomUUID(), "cart?");
    expect(turn.events).toContainEqual({ type: "message", content: "Your cart is empty." });
    expect(server.recorded.map((r) => r.status)).toEqual([200, 200]);
    expect(agent.campus.ran.map((r) => r.name)).toEqual(["view_cart"]);
  });

  it("a server that numbers calls per reply (call_0 every time) keeps threads and orders apart", async () => {
    const { server, env } = await openai((req) => {
      const user = String(lastOf(req.messages, "user")?.content);
      if (lastRole(req.messages) === "user" && user.includes("lassi"))
        return { toolCalls: [{ id: "call_0", name: "add_to_cart", arguments: `{"itemId":"${DISHES[1]!.itemId}"}` }] };
      if (lastRole(req.messages) === "user")
        return {
          toolCalls: [{ id: "call_0", name: "place_order", arguments: '{"deliveryAddress":{"building":"Hall 5"}}' }],
        };
      return { content: "Done." };
    });
    const agent = agentOn(env);
    const thread = randomUUID();
    await agent.say(thread, "one lassi");
    // The lassi id came from nowhere in this thread: refused as unknown_ref (see tool-semantics), so add via find first.
    await agent.say(thread, "order it to hall 5");
    await agent.answer(thread, "approve");
    await agent.say(thread, "and again to hall 5");
    await agent.answer(thread, "approve");
    expect(server.recorded.every((r) => r.status === 200)).toBe(true);
    expect(agent.campus.approvals).toHaveLength(2);
    const [a, b] = agent.campus.approvals;
    // Two confirmations of calls the server both named call_0: two different idempotency nonces.
    expect(a!.nonce).not.toBe(b!.nonce);
    const ids = (await agent.state(thread)).messages.flatMap((m) =>
      "tool_calls" in m && Array.isArray(m.tool_calls) ? m.tool_calls.map((c: { id?: string }) => c.id) : [],
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
